//! Header rows: where they may be, how their text is compared, every synonym, column order,
//! and what happens to columns the contract does not know.

use crate::support;
use support::*;

fn hierarchy() -> [C; 4] {
    [
        S("(1)"),
        S("①"),
        S("オンライン手続きの拡大"),
        S("電子申請の拡大"),
    ]
}

#[test]
fn the_header_row_may_be_any_of_the_first_20_rows_but_not_the_21st() {
    let dir = temp_dir("headers_row20");
    plan(&dir, vec![]);
    let with_header_at = |row: usize| {
        let mut rows: Vec<Vec<C>> = (1..row).map(|i| vec![T(format!("注意事項{i}"))]).collect();
        rows.push(grid_header());
        rows.push(grid_row(hierarchy(), vec![E, S("導入")]));
        rows
    };
    write_xlsx(
        &dir.join("03_市民課.xlsx"),
        &[
            sheet("20行目", with_header_at(20)),
            sheet("21行目", with_header_at(21)),
        ],
    );
    let (status, json) = check_json(&dir);
    assert_eq!(
        all_findings(&json),
        vec![(
            "sheet-no-header".to_string(),
            "03_市民課.xlsx".to_string(),
            "21行目".to_string(),
            String::new()
        )],
        "{json:#}"
    );
    assert_eq!(status, 0);
    let loaded = load(&dir);
    let steps: Vec<(String, String)> = loaded
        .roadmap
        .steps()
        .map(|(_, s)| (s.source.sheet.clone(), s.source.cell.clone()))
        .collect();
    assert_eq!(steps, vec![("20行目".to_string(), "F21".to_string())]);
}

#[test]
fn header_text_is_compared_after_nfkc_with_all_white_space_removed() {
    let dir = temp_dir("headers_nfkc");
    plan(&dir, vec![]);
    let header = vec![
        S(" 柱 "),
        S("施　策"),
        S("具体的な 取り組み"),
        S("取り組み\n項目"),
        S("～令和６（２０２４）年度"),
        S("令和 7 (2025) 年度"),
        S("Ｒ８"),
        S("２０２７年度"),
        S("ＦＹ２０２８"),
        S("令和１１年度"),
        S("備\u{3000}考"),
    ];
    let rows = vec![
        header,
        grid_row(
            hierarchy(),
            vec![S("検討"), E, S("導入"), E, E, E, S("全庁展開")],
        ),
    ];
    write_xlsx(&dir.join("03_市民課.xlsx"), &[sheet("工程表", rows)]);
    let (status, json) = check_json(&dir);
    assert_eq!(all_findings(&json), vec![], "{json:#}");
    assert_eq!(status, 0);
    let loaded = load(&dir);
    assert_eq!(spans(&loaded), owned(&[("検討", 0, 1), ("導入", 2, 5)]));
    let line = &loaded.roadmap.pillars[0].policies[0].initiatives[0].items[0].lines[0];
    assert_eq!(line.remark.as_deref(), Some("全庁展開"));
    let years: Vec<String> = line.steps.iter().map(|s| s.start.written.clone()).collect();
    assert_eq!(years, vec!["～令和６（２０２４）年度", "Ｒ８"]);
}

#[test]
fn columns_may_come_in_any_order() {
    let dir = temp_dir("headers_order");
    plan(&dir, vec![]);
    let rows = vec![
        vec![
            S("終了年度"),
            S("工程"),
            S("担当課"),
            S("取り組み項目"),
            S("開始年度"),
            S("柱"),
            S("行"),
            S("具体的な取り組み"),
            S("施策"),
            S("備考"),
        ],
        vec![
            S("R8"),
            S("検討"),
            S("情報政策課"),
            S("電子申請の拡大"),
            S("R7"),
            S("(1)"),
            S("1"),
            S("オンライン手続きの拡大"),
            S("①"),
            S("予算次第"),
        ],
        vec![S("継続"), S("導入"), E, E, S("R9"), E, S("1")],
    ];
    write_xlsx(&dir.join("03_市民課.xlsx"), &[sheet("工程表", rows)]);
    let (status, json) = check_json(&dir);
    assert_eq!(all_findings(&json), vec![], "{json:#}");
    assert_eq!(status, 0);
    let loaded = load(&dir);
    assert_eq!(spans(&loaded), owned(&[("検討", 1, 2), ("導入", 3, 5)]));
    let item = &loaded.roadmap.pillars[0].policies[0].initiatives[0].items[0];
    assert_eq!(item.text, "電子申請の拡大");
    assert_eq!(item.lines.len(), 1, "one 行 value: one line");
    let steps = &item.lines[0].steps;
    assert_eq!(steps[0].department, "情報政策課");
    assert_eq!(steps[0].notes, vec!["予算次第".to_string()]);
    // The 担当課 cell is per row: the second row has none, so the file's department.
    assert_eq!(steps[1].department, "市民課");
}

#[test]
fn every_synonym_in_the_table_is_accepted() {
    let dir = temp_dir("headers_synonyms");
    plan(&dir, vec![]);
    let rows = vec![
        vec![
            S("取り組みの柱"),
            S("施策名"),
            S("計画本文における「具体的な取り組み」"),
            S("項目"),
            S("工程行"),
            S("主な工程"),
            S("開始"),
            S("終了"),
            S("備考"),
            S("所管課"),
        ],
        vec![
            S("(1)"),
            S("①"),
            S("オンライン手続きの拡大"),
            S("電子申請の拡大"),
            S("a"),
            S("検討"),
            S("R7"),
            S("R7"),
            S("補正予算"),
            S("情報政策課"),
        ],
        vec![E, E, E, E, S("a"), S("導入"), S("R8"), S("継続")],
    ];
    write_xlsx(&dir.join("03_市民課.xlsx"), &[sheet("一覧", rows)]);
    // The grid layout's own synonyms: 取り組みの柱 … 項目 with year columns.
    let grid = vec![
        vec![
            S("取り組みの柱"),
            S("施策名"),
            S("計画本文における「具体的な取り組み」"),
            S("項目"),
            S("R7"),
            S("R8"),
            S("所管課"),
        ],
        vec![
            S("(2)"),
            S("①"),
            S("AIの活用"),
            S("議事録作成支援"),
            S("試行"),
            S("本格導入"),
            S("総務課"),
        ],
    ];
    write_xlsx(&dir.join("05_デジタル.xlsx"), &[sheet("工程表", grid)]);
    let (status, json) = check_json(&dir);
    assert_eq!(all_findings(&json), vec![], "{json:#}");
    assert_eq!(status, 0);
    let loaded = load(&dir);
    assert_eq!(
        spans(&loaded),
        owned(&[
            ("検討", 1, 1),
            ("導入", 2, 5),
            ("試行", 1, 1),
            ("本格導入", 2, 2)
        ])
    );
    let item = &loaded.roadmap.pillars[0].policies[0].initiatives[0].items[0];
    assert_eq!(item.lines.len(), 1, "工程行 joins the two rows");
    assert_eq!(item.department, "情報政策課");
    assert_eq!(item.lines[0].steps[0].notes, vec!["補正予算".to_string()]);
    let ai = &loaded.roadmap.pillars[1].policies[0].initiatives[0].items[0];
    assert_eq!(
        (ai.text.as_str(), ai.department.as_str()),
        ("議事録作成支援", "総務課")
    );
}

#[test]
fn unknown_columns_with_values_are_a_warning_at_their_header_cell() {
    let dir = temp_dir("headers_unknown");
    plan(&dir, vec![]);
    let mut header = vec![S("No.")];
    header.extend(grid_header());
    // (進捗 状況 was the example here until progress columns became part of the contract.)
    header.push(S("確認 欄"));
    let mut row = vec![N(1.0)];
    row.extend(grid_row(hierarchy(), vec![E, S("導入")]));
    row.extend([E, E, E, E, E, S("済")]);
    let rows = vec![vec![S("工程表（市民課）")], header, row];
    write_xlsx(&dir.join("03_市民課.xlsx"), &[sheet("工程表", rows)]);
    let (status, json) = check_json(&dir);
    // Their values are not in the model: a warning names each column and its header.
    let warning = |cell: &str| {
        (
            "column-unknown-values".to_string(),
            "03_市民課.xlsx".to_string(),
            "工程表".to_string(),
            cell.to_string(),
        )
    };
    assert_eq!(
        all_findings(&json),
        vec![warning("A2"), warning("M2")],
        "{json:#}"
    );
    assert_eq!(
        messages(&json, "column-unknown-values"),
        vec![
            "見出し「No.」のA列に値がありますが、使わない見出しのため読み込んでいません（工程表・KPIに入りません）",
            "見出し「確認 欄」のM列に値がありますが、使わない見出しのため読み込んでいません（工程表・KPIに入りません）",
        ]
    );
    assert_eq!(json["diagnostics"][0]["severity"], "warning");
    assert_eq!(status, 0);
    let loaded = load(&dir);
    assert_eq!(spans(&loaded), owned(&[("導入", 1, 5)]));
}

/// A column whose header the contract knows but this layout has no use for (行 or 工程 in a
/// grid, year columns in a list) and a second column with the same header are not read:
/// each gets the same warning as an unknown column with values, so its cells are not
/// dropped silently.
#[test]
fn columns_a_layout_does_not_use_and_repeated_headers_are_reported() {
    let dir = temp_dir("headers_unused");
    plan(&dir, vec![]);
    let mut grid = grid_header();
    grid.extend([S("行"), S("工程"), S("備考")]);
    let mut row = grid_row(hierarchy(), vec![E, S("導入")]);
    row.extend([
        E,
        E,
        E,
        E,
        S("順調"),
        S("1"),
        S("見直し"),
        S("二つ目の備考"),
    ]);
    let mut list = list_header();
    // The list is another department's (its 担当課 column): one department, one sheet.
    list.extend([S("R7"), S("担当課")]);
    let list_rows = vec![list, {
        let mut r = list_row(hierarchy(), E, S("検討"), S("R7"), S("R7"));
        r.extend([E, S("○"), S("税務課")]);
        r
    }];
    write_xlsx(
        &dir.join("03_市民課.xlsx"),
        &[sheet("格子", vec![grid, row]), sheet("一覧", list_rows)],
    );
    let (status, json) = check_json(&dir);
    let info = |sheet: &str, cell: &str| {
        (
            "column-unknown-values".to_string(),
            "03_市民課.xlsx".to_string(),
            sheet.to_string(),
            cell.to_string(),
        )
    };
    assert_eq!(
        all_findings(&json),
        vec![
            info("一覧", "J1"),
            info("格子", "L1"),
            info("格子", "M1"),
            info("格子", "N1")
        ],
        "{json:#}"
    );
    assert_eq!(status, 0);
}
