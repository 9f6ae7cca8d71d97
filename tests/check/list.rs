//! The list layout: one row per step, lines joined by 行, blank years, 継続, and the 再掲 row
//! that takes its original's schedule.

use crate::support;
use support::*;

fn item(name: &'static str) -> [C; 4] {
    [S("(1)"), S("①"), S("オンライン手続きの拡大"), S(name)]
}

/// Each item's lines as lists of step texts.
fn lines(loaded: &koteihyo::pipeline::Loaded) -> Vec<(String, Vec<Vec<String>>)> {
    let mut out = Vec::new();
    for p in &loaded.roadmap.pillars {
        for q in &p.policies {
            for i in &q.initiatives {
                for it in &i.items {
                    let ls = it
                        .lines
                        .iter()
                        .map(|l| l.steps.iter().map(|s| s.text.clone()).collect())
                        .collect();
                    out.push((it.text.clone(), ls));
                }
            }
        }
    }
    out
}

fn texts(v: &[&[&str]]) -> Vec<Vec<String>> {
    v.iter()
        .map(|l| l.iter().map(|s| s.to_string()).collect())
        .collect()
}

#[test]
fn rows_sharing_an_item_and_a_line_value_are_one_line_and_rows_without_one_are_their_own() {
    let dir = temp_dir("list_lines");
    plan(&dir, vec![]);
    let rows = vec![
        list_header(),
        list_row(
            item("電子申請の拡大"),
            S("1"),
            S("導入"),
            S("R8"),
            S("継続"),
        ),
        list_row(item("電子申請の拡大"), S("2"), S("広報"), S("R7"), S("R8")),
        list_row(E4(), S("1"), S("検討"), S("～R6"), S("R7")),
        list_row(E4(), E, S("研修"), S("R9"), S("R9")),
        list_row(E4(), E, S("評価"), S("R10"), S("R10")),
        // The same 行 value under another item is another line.
        list_row(item("電子納付"), S("1"), S("導入"), S("R7"), S("R7")),
        list_row(E4(), N(1.0), S("運用"), S("R8"), S("継続")),
    ];
    write_xlsx(&dir.join("03_市民課.xlsx"), &[sheet("一覧", rows)]);
    let (status, json) = check_json(&dir);
    assert_eq!(findings(&json), vec![], "{json:#}");
    assert_eq!(status, 0);
    let loaded = load(&dir);
    assert_eq!(
        lines(&loaded),
        vec![
            (
                "電子申請の拡大".to_string(),
                // Phases of a line in chart order, whatever the row order.
                texts(&[&["検討", "導入"], &["広報"], &["研修"], &["評価"]])
            ),
            ("電子納付".to_string(), texts(&[&["導入", "運用"]])),
        ]
    );
    assert_eq!(
        spans(&loaded),
        owned(&[
            ("検討", 0, 1),
            ("導入", 2, 5),
            ("広報", 1, 2),
            ("研修", 3, 3),
            ("評価", 4, 4),
            ("導入", 1, 1),
            ("運用", 2, 5),
        ])
    );
    assert_eq!(json["summary"]["rows"], 7);
    assert_eq!(json["summary"]["steps"], 7);
}

#[allow(non_snake_case)]
fn E4() -> [C; 4] {
    [E, E, E, E]
}

#[test]
fn a_blank_end_or_start_is_an_error_and_keizoku_runs_through_the_period() {
    let dir = temp_dir("list_blank");
    plan(&dir, vec![]);
    let rows = vec![
        list_header(),
        list_row(item("電子申請の拡大"), E, S("導入"), S("R7"), E),
        list_row(E4(), E, S("運用"), E, S("R9")),
        list_row(E4(), E, S("改善"), S("R10"), S("継続")),
        list_row(E4(), E, S("評価"), S("R9"), S("R8")),
        list_row(E4(), E, S("拡大"), S("継続"), S("R11")),
    ];
    write_xlsx(&dir.join("03_市民課.xlsx"), &[sheet("一覧", rows)]);
    let (status, json) = check_json(&dir);
    assert_eq!(
        findings(&json),
        vec![
            finding("year-end-blank", "error", "F2"),
            finding("year-start-blank", "error", "F3"),
            finding("year-end-before-start", "error", "H5"),
            finding("year-unparseable", "error", "G6"),
        ],
        "{json:#}"
    );
    assert_eq!(
        messages(&json, "year-end-blank"),
        vec!["工程「導入」の終了年度が空欄です"]
    );
    assert_eq!(
        messages(&json, "year-end-before-start"),
        vec!["工程「評価」の終了年度「R8」が開始年度「R9」より前です"]
    );
    assert_eq!(status, 1);
    let loaded = load(&dir);
    let kaizen = loaded
        .roadmap
        .steps()
        .find(|(_, s)| s.text == "改善")
        .map(|(_, s)| (s.end.fiscal_year, s.end.column, s.end.written.clone()));
    assert_eq!(kaizen, Some((2029, 5, "継続".to_string())));
}

#[test]
fn a_relisted_row_may_leave_its_years_blank_and_takes_its_originals_schedule() {
    let dir = temp_dir("list_relisting");
    plan(&dir, vec![]);
    let original = vec![
        grid_header(),
        grid_row(item("窓口の案内"), vec![E, E, S("デジタル案内板の設置")]),
        grid_row(E4(), vec![E, E, E, E, S("運用")]),
    ];
    write_xlsx(&dir.join("03_市民課.xlsx"), &[sheet("工程表", original)]);
    let rows = vec![
        list_header(),
        list_row(
            [S("(2)"), S("①"), S("AIの活用"), S("庁舎の案内")],
            E,
            S("デジタル案内板の設置（再掲）"),
            E,
            E,
        ),
        // A typo: the closest original is offered, but there is no schedule to take.
        list_row(E4(), E, S("デジタル案内版の設置(再掲)"), E, E),
        // No original at all.
        list_row(E4(), E, S("窓口予約の開始【再掲】"), E, E),
    ];
    write_xlsx(&dir.join("07_総務課.xlsx"), &[sheet("一覧", rows)]);
    let (status, json) = check_json(&dir);
    assert_eq!(
        findings(&json),
        vec![
            finding("year-end-blank", "error", "F3"),
            finding("relisting-near-miss", "warning", "F3"),
            finding("year-end-blank", "error", "F4"),
            finding("relisting-no-original", "error", "F4"),
        ],
        "{json:#}"
    );
    assert_eq!(status, 1);
    let loaded = load(&dir);
    let relisted = loaded
        .roadmap
        .steps()
        .find(|(_, s)| s.text == "デジタル案内板の設置（再掲）")
        .map(|(_, s)| s.clone())
        .expect("the re-listed step");
    assert_eq!(
        (relisted.start.column, relisted.end.column),
        (2, 5),
        "the original runs R8 to the period end"
    );
    assert_eq!(
        (relisted.start.fiscal_year, relisted.end.fiscal_year),
        (2026, 2029)
    );
    assert!(!relisted.inherit_schedule);
    let link = relisted.relisting.expect("linked");
    assert_eq!(
        (link.place.as_str(), link.source.cell.as_str()),
        ("(1)①", "G2")
    );
}

#[test]
fn years_or_a_note_without_a_step_are_reported_not_dropped() {
    let dir = temp_dir("list_no_step");
    plan(&dir, vec![]);
    let mut row = list_row(item("電子申請の拡大"), S("3"), E, S("R7"), S("R8"));
    row.push(S("予算要求中"));
    let rows = vec![
        list_header(),
        list_row(item("電子申請の拡大"), E, S("導入"), S("R7"), S("R7")),
        row,
    ];
    write_xlsx(&dir.join("03_市民課.xlsx"), &[sheet("一覧", rows)]);
    let (status, json) = check_json(&dir);
    assert_eq!(
        findings(&json),
        vec![
            finding("cell-ignored", "warning", "E3"),
            finding("cell-ignored", "warning", "G3"),
            finding("cell-ignored", "warning", "H3"),
            finding("cell-ignored", "warning", "I3"),
        ],
        "{json:#}"
    );
    assert_eq!(
        messages(&json, "cell-ignored")[3],
        "セルの内容「予算要求中」を読み込めませんでした（工程が空欄）"
    );
    assert_eq!(status, 0);
}
