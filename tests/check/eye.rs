//! What the eye sees is what is read, and references are exact (docs/SUBMISSIONS.md): words
//! typed as continuation marks, periods stated in texts, several steps in one cell, rows
//! sorted apart, pillar and policy cells in no listed form, unknown columns with values.

use crate::support;
use support::*;

fn item(name: &'static str) -> [C; 4] {
    [S("(1)"), S("①"), S("オンライン手続きの拡大"), S(name)]
}

/// The (code, severity, cell) findings of a folder with one department file of `rows`.
fn check_rows(name: &str, rows: Vec<Vec<C>>) -> (std::path::PathBuf, i32, serde_json::Value) {
    let dir = temp_dir(name);
    plan(&dir, vec![]);
    write_xlsx(&dir.join("03_市民課.xlsx"), &[sheet("工程表", rows)]);
    let (status, json) = check_json(&dir);
    (dir, status, json)
}

/// The messages of `code` in English.
fn english(dir: &std::path::Path, code: &str) -> Vec<String> {
    let (_, json) = check_json_with(dir, &["--lang", "en"]);
    messages(&json, code)
}

#[test]
fn words_in_year_cells_continue_the_step_to_their_left() {
    let rows = vec![
        grid_header(),
        grid_row(
            item("電子申請の拡大"),
            vec![E, S("導入"), S("継続"), S("通年"), S("運用"), S("〃")],
        ),
        grid_row(
            item("電子納付"),
            vec![E, S("検討"), S("随時"), S("同上"), E, E],
        ),
        grid_row(item("窓口"), vec![E, S(" 継続 ")]),
    ];
    let (dir, status, json) = check_rows("eye_words", rows);
    assert_eq!(
        findings(&json),
        vec![finding("continuation-word-without-step", "warning", "F4")],
        "{json:#}"
    );
    assert_eq!(status, 0);
    assert_eq!(
        messages(&json, "continuation-word-without-step"),
        vec![
            "年度の欄の「継続」は左の工程の続きの意味ですが、左に工程がないため読み込んでいません"
        ]
    );
    assert_eq!(
        english(&dir, "continuation-word-without-step"),
        vec!["\"継続\" in a year cell continues the step to its left, but there is no step to its left; not read"]
    );
    // No step is named 継続, 通年, 随時, 同上 or 〃.
    let loaded = load(&dir);
    assert_eq!(
        spans(&loaded),
        owned(&[("導入", 1, 3), ("運用", 4, 5), ("検討", 1, 5)])
    );
}

#[test]
fn a_period_in_a_text_that_disagrees_with_the_bars_is_a_warning_naming_both() {
    let mut late = grid_row(
        item("電子申請の拡大"),
        vec![E, S("検討"), E, E, S("導入"), E],
    );
    late.push(S("R9に延期"));
    let mut moved = grid_row(item("電子納付"), vec![E, E, E, S("導入"), E, E]);
    moved.push(S("R9に延期"));
    let rows = vec![
        grid_header(),
        // The text says one year (R8.4～R9.3 is FY R8), the bar runs to R11.
        grid_row(item("実証"), vec![E, E, S("実証実験（R8.4～R9.3）")]),
        // Agrees: starts in R9.
        grid_row(item("本格運用"), vec![E, E, E, S("本格運用（R9から）")]),
        // A clause about something else is not the step's period.
        grid_row(
            item("補助金"),
            vec![S("補助金による支援(R7より「新制度」に制度名変更)")],
        ),
        // A pinned step is judged by its pin (year-pin-conflict), not here.
        grid_row(item("刷新"), vec![S("メール配信サービスの刷新(R5)")]),
        // 備考 says the line moved to R9, but the line starts in R7.
        late,
        // The bars were moved: it agrees.
        moved,
        grid_row(
            item("期間"),
            vec![E, E, S("令和8年度～令和10年度の実証"), E, E, S("運用")],
        ),
    ];
    let (dir, status, json) = check_rows("eye_periods", rows);
    assert_eq!(
        findings(&json),
        vec![
            finding("period-text-differs", "warning", "G2"),
            finding("period-text-differs", "warning", "K6"),
        ],
        "{json:#}"
    );
    assert_eq!(status, 0);
    assert_eq!(
        messages(&json, "period-text-differs"),
        vec![
            "「実証実験（R8.4～R9.3）」に書かれた期間「R8.4~R9.3」（R8）が、工程表の線（R8～R11）と合いません",
            "「R9に延期」に書かれた期間「R9に延期」（R9～）が、工程表の線（R7～R9、R10～R11）と合いません",
        ]
    );
    assert_eq!(
        english(&dir, "period-text-differs")[0],
        "\"実証実験（R8.4～R9.3）\" states the period \"R8.4~R9.3\" (R8), but the bars show R8～R11"
    );
}

/// In the list layout a line is the rows of one item with one 行: a 備考 on any of them is
/// judged against all of its phases.
#[test]
fn a_remark_in_the_list_layout_is_judged_against_the_whole_line() {
    let remark = |mut row: Vec<C>, text: &'static str| {
        row.push(S(text));
        row
    };
    let rows = vec![
        list_header(),
        // 行 1: 検討 R7–R8, then 導入 R9–R11; 「R9から導入」 agrees with the second phase.
        remark(
            list_row(item("電子申請の拡大"), S("1"), S("検討"), S("R7"), S("R8")),
            "R9から導入",
        ),
        list_row([E, E, E, E], S("1"), S("導入"), S("R9"), S("継続")),
        // A line of its own that was not moved: 「R9に延期」 disagrees.
        remark(
            list_row(item("電子納付"), E, S("導入"), S("R7"), S("R8")),
            "R9に延期",
        ),
    ];
    let (_, status, json) = check_rows("eye_periods_list", rows);
    assert_eq!(
        findings(&json),
        vec![finding("period-text-differs", "warning", "I4")],
        "{json:#}"
    );
    assert_eq!(status, 0);
    assert_eq!(
        messages(&json, "period-text-differs"),
        vec!["「R9に延期」に書かれた期間「R9に延期」（R9～）が、工程表の線（R7～R8）と合いません"]
    );
}

#[test]
fn several_steps_in_one_cell_are_a_warning_and_line_breaks_are_kept() {
    let rows = vec![
        grid_header(),
        grid_row(item("電子申請の拡大"), vec![E, S("R7：検討\nR9：導入")]),
        // One step over two lines, no years: read as written, line break kept.
        grid_row(item("電子納付"), vec![E, S("キャッシュレス決済の\n導入")]),
    ];
    let (dir, status, json) = check_rows("eye_several", rows);
    assert_eq!(
        findings(&json),
        vec![finding("step-cell-several-years", "warning", "F2")],
        "{json:#}"
    );
    assert_eq!(status, 0);
    assert_eq!(
        messages(&json, "step-cell-several-years"),
        vec!["工程のセル「R7：検討 / R9：導入」の行が違う年度（R7、R9）で始まっています。1つのセルには1つの工程を書いてください"]
    );
    assert_eq!(
        english(&dir, "step-cell-several-years"),
        vec!["the lines of the step cell \"R7：検討 / R9：導入\" start with different fiscal years (R7、R9); write one step per cell"]
    );
    let loaded = load(&dir);
    let texts: Vec<String> = loaded
        .roadmap
        .steps()
        .map(|(_, s)| s.text.clone())
        .collect();
    assert_eq!(
        texts,
        vec!["R7：検討\nR9：導入", "キャッシュレス決済の\n導入"]
    );
}

#[test]
fn rows_sorted_apart_are_a_warning_naming_both_ranges() {
    let blank = [E, E, E, E];
    let rows = vec![
        grid_header(),
        grid_row(item("電子申請の拡大"), vec![E, S("導入")]),
        grid_row(blank.clone(), vec![E, E, S("拡大")]),
        grid_row([E, E, E, S("電子納付")], vec![E, S("検討")]),
        // Sorted away from its item: the blank cells above it now mean 電子納付.
        grid_row([E, E, E, S("電子申請の拡大")], vec![E, E, E, S("運用")]),
    ];
    let (dir, status, json) = check_rows("eye_order", rows);
    assert_eq!(
        findings(&json),
        vec![finding("rows-split", "warning", "D5")],
        "{json:#}"
    );
    assert_eq!(status, 0);
    assert_eq!(
        messages(&json, "rows-split"),
        vec!["取り組み項目「電子申請の拡大」の行が離れた2か所（D2:D3 と D5）にあります。並べ替えや移動で、空欄の柱・施策・具体的な取り組みが別の行のものになっていないか確かめてください"]
    );
    assert!(english(&dir, "rows-split")[0].starts_with(
        "the rows of the item \"電子申請の拡大\" stand in two separate places (D2:D3 and D5)"
    ));

    // Every level on every row: sorted by a year column, the parents stay; nothing to say.
    let rows = vec![
        grid_header(),
        grid_row(item("電子申請の拡大"), vec![E, S("導入")]),
        grid_row(item("電子納付"), vec![E, S("検討")]),
        grid_row(item("電子申請の拡大"), vec![E, E, E, S("運用")]),
    ];
    let (_, status, json) = check_rows("eye_order_full", rows);
    assert_eq!(findings(&json), vec![], "{json:#}");
    assert_eq!(status, 0);
}

#[test]
fn pillar_and_policy_cells_in_no_listed_form_are_errors_with_the_closest_form() {
    let rows = vec![
        grid_header(),
        grid_row(
            [
                S("(1)"),
                S("3-1"),
                S("オンライン手続きの拡大"),
                S("電子申請"),
            ],
            vec![E, S("導入")],
        ),
        grid_row(
            [
                S("1-2-3"),
                S("①"),
                S("オンライン手続きの拡大"),
                S("電子納付"),
            ],
            vec![E, S("検討")],
        ),
        // The listed forms are read.
        grid_row(
            [
                S("（１）"),
                S("①行政手続きのオンライン化の推進"),
                S("オンライン手続きの拡大"),
                S("窓口"),
            ],
            vec![E, S("運用")],
        ),
    ];
    let (dir, status, json) = check_rows("eye_refs", rows);
    assert_eq!(
        findings(&json),
        vec![
            finding("policy-form-unclear", "error", "B2"),
            finding("pillar-form-unclear", "error", "A3"),
        ],
        "{json:#}"
    );
    assert_eq!(status, 1);
    assert_eq!(
        messages(&json, "policy-form-unclear"),
        vec!["施策「3-1」は決まった書き方ではないため読み取れません。「①」のことですか"]
    );
    assert_eq!(
        messages(&json, "pillar-form-unclear"),
        vec!["柱「1-2-3」は決まった書き方ではないため読み取れません。「(1)」のことですか"]
    );
    assert_eq!(
        english(&dir, "policy-form-unclear"),
        vec!["policy \"3-1\" is not written in an accepted form and was not read; did you mean \"①\"?"]
    );
    // Neither row is read by its first digit.
    assert_eq!(spans(&load(&dir)), owned(&[("運用", 1, 5)]));
}

#[test]
fn an_unknown_column_with_values_is_a_warning_on_roadmap_and_kpi_sheets() {
    let dir = temp_dir("eye_unknown_values");
    plan(&dir, vec![]);
    let mut header = grid_header();
    header.extend([S("確認欄"), S("空き列")]);
    let mut row = grid_row(item("電子申請の拡大"), vec![E, S("導入")]);
    row.extend([E, E, E, E, E, S("済")]);
    let mut kpi = kpi_header();
    kpi.push(S("出典"));
    let mut kpi_row = vec![S("全般"), S("電子申請件数"), E, S("件"), S("計画")];
    kpi_row.extend([
        E,
        N(100.0),
        N(200.0),
        N(300.0),
        N(400.0),
        N(500.0),
        S("統計書"),
    ]);
    write_xlsx(
        &dir.join("03_市民課.xlsx"),
        &[sheet("工程表", vec![header, row])],
    );
    // A KPI table may sit in a workbook of its own beside the plan's.
    write_xlsx(
        &dir.join("00_KPI.xlsx"),
        &[sheet("KPI", vec![kpi, kpi_row])],
    );
    let (status, json) = check_json(&dir);
    assert_eq!(
        findings(&json),
        vec![
            finding("column-unknown-values", "warning", "L1"),
            finding("column-unknown-values", "warning", "L1"),
        ],
        "{json:#}"
    );
    let sheets: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "column-unknown-values")
        .map(|d| d["sheet"].as_str().unwrap())
        .collect();
    assert_eq!(sheets, vec!["KPI", "工程表"]);
    // The empty unknown column is an info only.
    assert!(all_findings(&json).contains(&(
        "column-unknown".into(),
        "03_市民課.xlsx".into(),
        "工程表".into(),
        "M1".into()
    )));
    assert_eq!(status, 0);
    assert_eq!(
        messages(&json, "column-unknown-values")[1],
        "見出し「確認欄」のL列に値がありますが、使わない見出しのため読み込んでいません（工程表・KPIに入りません）"
    );
    assert_eq!(
        english(&dir, "column-unknown-values")[0],
        "column L under the header \"出典\" holds values, but the header is not one that is read: they are not in the roadmap or the KPIs"
    );
}
