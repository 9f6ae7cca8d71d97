//! Fiscal years: every accepted notation, the lead column, years before and after the plan
//! period, mismatches, pinned years and notes.

use crate::support;
use support::*;

fn item() -> [C; 4] {
    [
        S("(1)"),
        S("①"),
        S("オンライン手続きの拡大"),
        S("電子申請の拡大"),
    ]
}

/// A list sheet with one step per start cell, each ending 継続, and each step named by its row.
fn list_of_starts(starts: Vec<C>) -> Vec<Vec<C>> {
    let mut rows = vec![list_header()];
    for (k, start) in starts.into_iter().enumerate() {
        rows.push(list_row(
            if k == 0 { item() } else { [E, E, E, E] },
            E,
            T(format!("工程{}", k + 2)),
            start,
            S("継続"),
        ));
    }
    rows
}

#[test]
fn every_notation_of_a_fiscal_year_is_accepted() {
    let dir = temp_dir("years_notations");
    plan(&dir, vec![]);
    let r7 = vec![
        S("R7"),
        S("R07"),
        S("令和7"),
        S("令和7年度"),
        S("令和7(2025)年度"),
        S("R7(2025)"),
        S("2025"),
        S("2025年度"),
        S("FY2025"),
        S("令和７（２０２５）年度"),
        S("Ｒ７"),
        N(2025.0),
        D(2026, 3, 31),
        D(2025, 4, 1),
        Era(2026, 3, 31),
    ];
    let n = r7.len();
    let mut starts = r7;
    starts.extend([
        S("令和元年度"),
        S("H30"),
        S("平成30年度"),
        S("～R6"),
        S("~R6"),
        S("R6以前"),
        S("～令和6(2024)年度"),
    ]);
    write_xlsx(
        &dir.join("03_市民課.xlsx"),
        &[sheet("一覧", list_of_starts(starts))],
    );
    let (status, json) = check_json(&dir);
    assert_eq!(findings(&json), vec![], "{json:#}");
    assert_eq!(status, 0);
    let loaded = load(&dir);
    let starts: Vec<(i32, u32)> = loaded
        .roadmap
        .steps()
        .map(|(_, s)| (s.start.fiscal_year, s.start.column))
        .collect();
    let mut expected = vec![(2025, 1); n];
    // Before the plan period: the lead column, the year itself kept.
    expected.extend([
        (2019, 0),
        (2018, 0),
        (2018, 0),
        (2024, 0),
        (2024, 0),
        (2024, 0),
        (2024, 0),
    ]);
    assert_eq!(starts, expected);
    let ends: Vec<(i32, u32, String)> = loaded
        .roadmap
        .steps()
        .map(|(_, s)| (s.end.fiscal_year, s.end.column, s.end.written.clone()))
        .collect();
    assert!(ends.iter().all(|e| *e == (2029, 5, "継続".to_string())));
    let written: Vec<String> = loaded
        .roadmap
        .steps()
        .map(|(_, s)| s.start.written.clone())
        .collect();
    assert_eq!(written[0], "R7");
    assert_eq!(written[9], "令和７（２０２５）年度");
    assert_eq!(written[18], "～R6");
    assert_eq!(written[19], "~R6");
}

#[test]
fn year_column_headers_accept_numbers_dates_and_the_lead_forms() {
    let dir = temp_dir("years_headers");
    plan(&dir, vec![]);
    let header = vec![
        S("柱"),
        S("施策"),
        S("具体的な取り組み"),
        S("取り組み項目"),
        S("R6以前"),
        N(2025.0),
        D(2027, 3, 31),
        S("令和9年度"),
        S("2028年度"),
        S("R11(2029)"),
    ];
    let rows = vec![
        header,
        grid_row(item(), vec![S("検討"), E, S("導入"), E, E, S("評価")]),
    ];
    write_xlsx(&dir.join("03_市民課.xlsx"), &[sheet("工程表", rows)]);
    let (status, json) = check_json(&dir);
    assert_eq!(all_findings(&json), vec![], "{json:#}");
    assert_eq!(status, 0);
    let loaded = load(&dir);
    assert_eq!(
        spans(&loaded),
        owned(&[("検討", 0, 1), ("導入", 2, 4), ("評価", 5, 5)])
    );
    assert_eq!(
        fiscal_years(&loaded),
        owned(&[
            ("検討", 2024, 2025),
            ("導入", 2026, 2028),
            ("評価", 2029, 2029)
        ])
    );
}

#[test]
fn mismatched_late_reversed_and_unreadable_years_are_errors() {
    let dir = temp_dir("years_errors");
    plan(&dir, vec![]);
    let rows = vec![
        list_header(),
        list_row(item(), E, S("検討"), S("令和7(2026)"), S("R8")),
        list_row([E, E, E, E], E, S("導入"), S("R9"), S("R12")),
        list_row([E, E, E, E], E, S("運用"), S("R10"), S("R9")),
        list_row([E, E, E, E], E, S("評価"), S("来年度"), S("R11")),
        list_row([E, E, E, E], E, S("改修"), S("2030"), S("継続")),
    ];
    write_xlsx(&dir.join("03_市民課.xlsx"), &[sheet("一覧", rows)]);
    // The grid's headers: a mismatch and a year after the period.
    let grid = vec![
        vec![
            S("柱"),
            S("施策"),
            S("具体的な取り組み"),
            S("取り組み項目"),
            S("R10"),
            S("令和11(2030)年度"),
            S("R12"),
        ],
        grid_row(
            [S("(1)"), S("①"), S("オンライン手続きの拡大"), S("電子納付")],
            vec![S("導入")],
        ),
    ];
    write_xlsx(&dir.join("04_税務課.xlsx"), &[sheet("工程表", grid)]);
    let (status, json) = check_json(&dir);
    assert_eq!(
        findings(&json),
        vec![
            finding("year-era-mismatch", "error", "G2"),
            finding("year-after-period", "error", "H3"),
            finding("year-end-before-start", "error", "H4"),
            finding("year-unparseable", "error", "G5"),
            finding("year-after-period", "error", "G6"),
            finding("year-era-mismatch", "error", "F1"),
            finding("year-after-period", "error", "G1"),
        ],
        "{json:#}"
    );
    assert_eq!(
        messages(&json, "year-era-mismatch"),
        vec![
            "年度「令和7(2026)」の和暦と西暦が一致しません（令和7年度は西暦2025年）",
            "年度「令和11(2030)年度」の和暦と西暦が一致しません（令和11年度は西暦2029年）",
        ]
    );
    assert_eq!(
        messages(&json, "year-after-period")[0],
        "年度「R12」は計画期間（令和11(2029)年度まで）の外です"
    );
    assert_eq!(
        messages(&json, "year-unparseable"),
        vec!["年度「来年度」を読み取れません"]
    );
    assert_eq!(status, 1);
    // The grid step still runs over the columns that could be read.
    let loaded = load(&dir);
    let nouhu = loaded
        .roadmap
        .steps()
        .find(|(_, s)| s.source.file == "04_税務課.xlsx")
        .map(|(_, s)| (s.start.column, s.end.column));
    assert_eq!(nouhu, Some((4, 5)));
}

#[test]
fn a_pinned_year_must_agree_with_start_and_end_and_notes_are_kept() {
    let dir = temp_dir("years_pins_notes");
    plan(&dir, vec![]);
    let rows = vec![
        list_header(),
        list_row(
            item(),
            E,
            S("ICT-BCPの策定（令和５年度）"),
            S("R5"),
            S("R5"),
        ),
        list_row([E, E, E, E], E, S("デザインの刷新(R5)"), S("R7"), S("R7")),
        list_row([E, E, E, E], E, S("規程改正(R8)"), S("R8"), S("R9")),
        list_row(
            [E, E, E, E],
            E,
            S("iPhoneへの搭載(国の動向による)"),
            S("R7"),
            S("継続"),
        ),
        list_row(
            [E, E, E, E],
            E,
            S("GISの更改（県下の動向により変動）(R9)"),
            S("R9"),
            S("R9"),
        ),
        list_row(
            [E, E, E, E],
            E,
            S("防災マップの活用(参考)"),
            S("R8"),
            S("R8"),
        ),
    ];
    write_xlsx(&dir.join("03_市民課.xlsx"), &[sheet("一覧", rows)]);
    let (status, json) = check_json(&dir);
    assert_eq!(
        findings(&json),
        vec![
            finding("year-pin-conflict", "error", "F3"),
            finding("year-pin-conflict", "error", "F4"),
        ],
        "{json:#}"
    );
    assert_eq!(
        messages(&json, "year-pin-conflict"),
        vec![
            "工程「デザインの刷新(R5)」はR5と書かれていますが、期間はR7～R7です",
            "工程「規程改正(R8)」はR8と書かれていますが、期間はR8～R9です",
        ]
    );
    assert_eq!(status, 1);
    let loaded = load(&dir);
    let steps: Vec<(String, Vec<String>, Option<i32>)> = loaded
        .roadmap
        .steps()
        .map(|(_, s)| (s.label.clone(), s.notes.clone(), s.pinned))
        .collect();
    let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(
        steps,
        vec![
            ("ICT-BCPの策定".to_string(), v(&[]), Some(2023)),
            ("デザインの刷新".to_string(), v(&[]), Some(2023)),
            ("規程改正".to_string(), v(&[]), Some(2026)),
            ("iPhoneへの搭載".to_string(), v(&["国の動向による"]), None),
            (
                "GISの更改".to_string(),
                v(&["県下の動向により変動"]),
                Some(2027)
            ),
            ("防災マップの活用".to_string(), v(&["参考"]), None),
        ]
    );
    // Printed text stays as written.
    let first = loaded.roadmap.steps().next().map(|(_, s)| s.clone());
    let first = first.expect("a step");
    assert_eq!(first.text, "ICT-BCPの策定（令和５年度）");
    assert_eq!((first.start.fiscal_year, first.start.column), (2023, 0));
}
