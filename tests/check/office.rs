//! What the office and a clerk meet around a check (issue #24): the plan found beside a file
//! named from another folder, rows hidden by a filter named as such, and every finding's
//! quoted cell text exact in both languages.

use crate::support::*;

/// `check ../input/03_市民課.xlsx` from a sibling folder: 00_計画.xlsx beside the file lends
/// the frame, so there is no plan-missing.
#[test]
fn the_plan_beside_a_file_named_from_another_folder_is_found() {
    let root = temp_dir("office_beside");
    let input = root.join("input");
    let elsewhere = root.join("elsewhere");
    std::fs::create_dir_all(&input).expect("input");
    std::fs::create_dir_all(&elsewhere).expect("elsewhere");
    plan(&input, vec![]);
    one_department(&input);
    let run = koteihyo(
        &[
            "check",
            "../input/03_市民課.xlsx",
            "--format",
            "json",
            "--as-of",
            "2026-11-25",
        ],
        &elsewhere,
    );
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(all_findings(&json), vec![], "{json:#}");
    assert_eq!(run.status, 0);
    assert_eq!(json["summary"]["steps"], 1);
}

/// Rows hidden on a sheet with an AutoFilter are filtered out: the warning says so and the
/// hint says to clear the filter, not to unhide rows (which a filter does not allow).
#[test]
fn rows_hidden_by_a_filter_say_to_clear_the_filter() {
    let dir = temp_dir("office_filter");
    plan(&dir, vec![]);
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("工程表").expect("name");
    let rows = [
        texts(&grid_header()),
        vec![
            "(1)",
            "①",
            "オンライン手続きの拡大",
            "電子申請の拡大",
            "",
            "導入",
        ],
        vec![
            "(1)",
            "①",
            "オンライン手続きの拡大",
            "窓口の予約",
            "",
            "検討",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *text).expect("write");
        }
    }
    ws.autofilter(0, 0, 2, 10).expect("filter");
    ws.set_row_hidden(2).expect("hide");
    book.save(dir.join("03_市民課.xlsx")).expect("save");
    let (_, json) = check_json(&dir);
    assert_eq!(
        all_findings(&json),
        vec![(
            "rows-filtered".to_string(),
            "03_市民課.xlsx".to_string(),
            "工程表".to_string(),
            "A3".to_string()
        )],
        "{json:#}"
    );
    let hint = json["diagnostics"][0]["hints"][0].as_str().unwrap_or("");
    assert!(hint.contains("フィルターを解除"), "{hint}");
}

/// A quoted cell text keeps a private-use character (外字) and braces in both languages.
#[test]
fn a_quoted_cell_is_exact_in_japanese_and_english() {
    let dir = temp_dir("office_quote");
    plan(&dir, vec![]);
    let policy = "⑥\u{E000}規制{1}";
    let row = grid_row(
        [
            S("(1)"),
            T(policy.to_string()),
            S("窓口の改善"),
            S("書かない窓口"),
        ],
        vec![E, S("検討")],
    );
    write_xlsx(
        &dir.join("03_市民課.xlsx"),
        &[sheet("工程表", vec![grid_header(), row])],
    );
    let (_, ja) = check_json(&dir);
    assert_eq!(
        messages(&ja, "policy-unknown"),
        [format!("施策「{policy}」は柱(1)にありません")]
    );
    let (_, en) = check_json_with(&dir, &["--lang", "en"]);
    assert_eq!(
        messages(&en, "policy-unknown"),
        [format!("policy \"{policy}\" is not in pillar (1)")]
    );
}
