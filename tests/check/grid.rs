//! The grid layout end to end: spans by the published convention, merges, continuation
//! marks, pinned years, fill-down.

use crate::support;
use support::*;

#[test]
fn grid_steps_take_their_spans_from_the_next_step_or_the_period_end() {
    let dir = temp_dir("grid_spans");
    plan(&dir, vec![]);
    let mut rows = vec![vec![S("提出様式（市民課）")], vec![], grid_header()];
    rows.push(vec![
        S("(1)"),
        S("①"),
        S("オンライン手続きの拡大"),
        S("オンライン申請可能な手続きの拡大"),
        S("情報収集・検討"),
        E,
        S("検討結果を踏まえた対応"),
    ]);
    rows.push(vec![E, E, E, E, E, S("導入"), S("→"), S("運用")]);
    rows.push(vec![E, E, E, E, S("デザインの リニューアル(R5)")]);
    write_xlsx(&dir.join("03_市民課.xlsx"), &[sheet("工程表", rows)]);
    let (status, json) = check_json(&dir);
    assert_eq!(findings(&json), vec![], "{json:#}");
    assert_eq!(status, 0);
    // The joined space is an info finding on its cell, for the department to see.
    let joined: Vec<(&str, &str)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "space-joined")
        .map(|d| (d["severity"].as_str().unwrap(), d["cell"].as_str().unwrap()))
        .collect();
    assert_eq!(joined, [("info", "E6")], "{json:#}");
    let loaded = load(&dir);
    let steps: Vec<(String, u32, u32, String)> = loaded
        .roadmap
        .steps()
        .map(|(_, s)| {
            (
                s.text.clone(),
                s.start.column,
                s.end.column,
                s.department.clone(),
            )
        })
        .collect();
    assert_eq!(
        steps,
        vec![
            ("情報収集・検討".into(), 0, 1, "市民課".into()),
            ("検討結果を踏まえた対応".into(), 2, 5, "市民課".into()),
            ("導入".into(), 1, 2, "市民課".into()),
            ("運用".into(), 3, 5, "市民課".into()),
            // The space a line break left between two Japanese words is joined.
            ("デザインのリニューアル(R5)".into(), 0, 0, "市民課".into()),
        ]
    );
    let pinned = loaded.roadmap.steps().last().map(|(_, s)| s.pinned);
    assert_eq!(pinned, Some(Some(2023)));
    assert_eq!(json["summary"]["steps"], 5);
    assert_eq!(json["summary"]["rows"], 3);
}

fn item(name: &'static str) -> [C; 4] {
    [S("(1)"), S("①"), S("オンライン手続きの拡大"), S(name)]
}

const BLANK: [C; 4] = [E, E, E, E];

#[test]
fn a_horizontal_merge_sets_the_span_before_the_next_step_does() {
    let dir = temp_dir("grid_merge");
    plan(&dir, vec![]);
    let mut s = sheet(
        "工程表",
        vec![
            grid_header(),
            // 導入 merged over R7–R8; R9 blank; 運用 in R10.
            grid_row(item("電子申請"), vec![E, E, E, E, S("運用")]),
            // 検討 merged over ～R6–R7, then nothing: the merge, not the period end.
            grid_row(BLANK, vec![]),
        ],
    );
    s.merges = vec![(1, 5, 1, 6, "導入"), (2, 4, 2, 5, "検討")];
    write_xlsx(&dir.join("03_市民課.xlsx"), &[s]);
    let (status, json) = check_json(&dir);
    assert_eq!(findings(&json), vec![], "{json:#}");
    assert_eq!(status, 0);
    assert_eq!(
        spans(&load(&dir)),
        owned(&[("導入", 1, 2), ("運用", 4, 5), ("検討", 0, 1)])
    );
}

#[test]
fn continuation_marks_are_not_steps_and_extend_the_step_to_their_left() {
    let dir = temp_dir("grid_marks");
    plan(&dir, vec![]);
    // The contract's continuation marks (`―`, `─`, `-` are end marks: tests/check/clerks.rs).
    let marks = ["→", "⇒", "━", "…", "→→"];
    let mut rows = vec![grid_header()];
    let mut merges = Vec::new();
    for (k, mark) in marks.iter().enumerate() {
        let r = k as u32 + 1;
        let hierarchy = if k == 0 { item("電子申請") } else { BLANK };
        // 導入 merged over R7–R8, the mark in R9, R10 blank, 運用 in R11.
        rows.push(grid_row(hierarchy, vec![E, E, E, S(mark), E, S("運用")]));
        merges.push((r, 5, r, 6, "導入"));
    }
    // Without a merge the mark changes nothing: 検討 runs to the next step anyway.
    rows.push(grid_row(BLANK, vec![S("検討"), S("→"), S("→"), S("実施")]));
    let mut s = sheet("工程表", rows);
    s.merges = merges;
    write_xlsx(&dir.join("03_市民課.xlsx"), &[s]);
    let (status, json) = check_json(&dir);
    assert_eq!(findings(&json), vec![], "{json:#}");
    assert_eq!(status, 0);
    let mut expected = Vec::new();
    for _ in marks {
        expected.extend([("導入", 1, 3), ("運用", 5, 5)]);
    }
    expected.extend([("検討", 0, 2), ("実施", 3, 5)]);
    assert_eq!(spans(&load(&dir)), owned(&expected));
    assert_eq!(json["summary"]["steps"], 12);
}

#[test]
fn a_continuation_mark_with_no_step_to_its_left_is_an_error() {
    let dir = temp_dir("grid_mark_alone");
    plan(&dir, vec![]);
    let rows = vec![
        grid_header(),
        grid_row(item("電子申請"), vec![S("→"), S("導入")]),
        grid_row(BLANK, vec![E, E, S("⇒"), E, S("運用")]),
    ];
    write_xlsx(&dir.join("03_市民課.xlsx"), &[sheet("工程表", rows)]);
    let (status, json) = check_json(&dir);
    assert_eq!(
        findings(&json),
        vec![
            finding("continuation-without-step", "error", "E2"),
            finding("continuation-without-step", "error", "G3"),
        ],
        "{json:#}"
    );
    assert_eq!(
        messages(&json, "continuation-without-step"),
        vec![
            "継続の記号「→」の左に工程がありません",
            "継続の記号「⇒」の左に工程がありません",
        ]
    );
    assert_eq!(status, 1);
    assert_eq!(spans(&load(&dir)), owned(&[("導入", 1, 5), ("運用", 4, 5)]));
}

#[test]
fn year_columns_with_a_gap_or_out_of_order_are_an_error() {
    let dir = temp_dir("grid_year_order");
    plan(&dir, vec![]);
    let header = |years: [&'static str; 3]| {
        let mut h = vec![S("柱"), S("施策"), S("具体的な取り組み"), S("取り組み項目")];
        h.extend(years.map(S));
        h
    };
    let row = grid_row(item("電子申請"), vec![S("導入")]);
    // Each sheet is another department's (its 担当課 column): four sheets of one department
    // would be four sources of it.
    let of = |name: &str, mut h: Vec<C>, department: &'static str| {
        let col = h.len();
        h.push(S("担当課"));
        let mut r = row.clone();
        r.resize(col, E);
        r.push(S(department));
        sheet(name, vec![h, r])
    };
    write_xlsx(
        &dir.join("03_市民課.xlsx"),
        &[
            of("飛び", header(["R7", "R9", "R10"]), "市民課"),
            of("逆順", header(["R8", "R7", "R9"]), "税務課"),
            of(
                "間に列",
                {
                    let mut h = header(["R7", "R8", "R9"]);
                    h.insert(5, S("備考"));
                    h
                },
                "会計課",
            ),
            of("正しい", header(["～R6", "R7", "R8"]), "総務課"),
        ],
    );
    let (status, json) = check_json(&dir);
    let error = |sheet: &str, cell: &str| {
        (
            "year-columns-out-of-order".to_string(),
            "03_市民課.xlsx".to_string(),
            sheet.to_string(),
            cell.to_string(),
        )
    };
    assert_eq!(
        all_findings(&json),
        vec![
            error("逆順", "F1"),
            error("逆順", "G1"),
            error("間に列", "G1"),
            error("飛び", "F1"),
        ],
        "{json:#}"
    );
    assert_eq!(
        messages(&json, "year-columns-out-of-order"),
        vec![
            "年度の列が連続していないか順番が違います（「R8」の次が「R7」）",
            "年度の列が連続していないか順番が違います（「R7」の次が「R9」）",
            "年度の列が連続していないか順番が違います（「R7」の次が「R8」）",
            "年度の列が連続していないか順番が違います（「R7」の次が「R9」）",
        ]
    );
    assert_eq!(status, 1);
}

#[test]
fn a_pinned_year_that_contradicts_the_column_or_the_span_is_an_error() {
    let dir = temp_dir("grid_pins");
    plan(&dir, vec![]);
    let mut s = sheet(
        "工程表",
        vec![
            grid_header(),
            grid_row(
                item("電子申請"),
                vec![E, S("アプリ公開（令和７年度）"), S("改修(R9)")],
            ),
            grid_row(BLANK, vec![E, E, S("刷新(R8)"), S("→")]),
            grid_row(BLANK, vec![S("旧システム廃止(H30)")]),
            grid_row(BLANK, vec![]),
        ],
    );
    s.merges = vec![(4, 5, 4, 6, "試行(R7)")];
    write_xlsx(&dir.join("03_市民課.xlsx"), &[s]);
    let (status, json) = check_json(&dir);
    assert_eq!(
        findings(&json),
        vec![
            finding("year-pin-conflict", "error", "G2"),
            finding("year-pin-conflict", "error", "G3"),
            finding("year-pin-conflict", "error", "F5"),
        ],
        "{json:#}"
    );
    assert_eq!(
        messages(&json, "year-pin-conflict")[0],
        "工程「改修(R9)」はR9と書かれていますが、期間は令和8(2026)年度～令和11(2029)年度です"
    );
    assert_eq!(status, 1);
    let loaded = load(&dir);
    let pins: Vec<(String, Option<i32>)> = loaded
        .roadmap
        .steps()
        .map(|(_, s)| (s.label.clone(), s.pinned))
        .collect();
    assert_eq!(
        pins,
        vec![
            ("アプリ公開".to_string(), Some(2025)),
            ("改修".to_string(), Some(2027)),
            ("刷新".to_string(), Some(2026)),
            ("旧システム廃止".to_string(), Some(2018)),
            ("試行".to_string(), Some(2025)),
        ]
    );
    // A pin in the lead column keeps its own year.
    let old = loaded.roadmap.steps().nth(3).map(|(_, s)| s.start.clone());
    assert_eq!(old.map(|y| (y.fiscal_year, y.column)), Some((2018, 0)));
}
