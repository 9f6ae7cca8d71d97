//! Files and sheets: what is read, what is skipped (never silently), and a broken file that
//! does not stop the others.

use crate::support;
use support::*;

/// A minimal grid submission with one step.
fn one_step_sheet(name: &str) -> SheetSpec {
    sheet(
        name,
        vec![
            grid_header(),
            grid_row(
                [
                    S("(1)"),
                    S("①"),
                    S("オンライン手続きの拡大"),
                    S("電子申請の拡大"),
                ],
                vec![E, S("導入")],
            ),
        ],
    )
}

#[test]
fn lock_hidden_and_non_spreadsheet_files_are_skipped_with_an_info() {
    let dir = temp_dir("files_skipped");
    plan(&dir, vec![]);
    write_xlsx(&dir.join("03_市民課.xlsx"), &[one_step_sheet("工程表")]);
    // A lock file and a hidden file hold a real workbook: they are skipped by name, not
    // because they fail to open.
    write_xlsx(&dir.join("~$03_市民課.xlsx"), &[one_step_sheet("工程表")]);
    write_xlsx(&dir.join(".03_市民課.xlsx"), &[one_step_sheet("工程表")]);
    std::fs::write(dir.join("メモ.txt"), "提出前に確認").expect("write");
    std::fs::write(dir.join("工程表.pdf"), b"%PDF-1.4").expect("write");
    std::fs::create_dir(dir.join("old")).expect("mkdir");
    let (status, json) = check_json(&dir);
    let skipped: Vec<(String, String, String, String)> = all_findings(&json);
    let expect = |file: &str| {
        (
            "file-skipped".to_string(),
            file.to_string(),
            String::new(),
            String::new(),
        )
    };
    // Report order is by file name.
    assert_eq!(
        skipped,
        vec![
            expect(".03_市民課.xlsx"),
            expect("old"),
            expect("~$03_市民課.xlsx"),
            expect("メモ.txt"),
            expect("工程表.pdf"),
        ],
        "{json:#}"
    );
    for d in json["diagnostics"].as_array().expect("array") {
        assert_eq!(d["severity"], "info");
    }
    let why = messages(&json, "file-skipped");
    assert!(why[0].contains("隠しファイル"), "{why:?}");
    assert!(why[2].contains("ロックファイル"), "{why:?}");
    assert!(why[3].contains("表計算ファイルではない"), "{why:?}");
    assert_eq!(status, 0);
    assert_eq!(json["summary"]["files"], 2);
    assert_eq!(json["summary"]["steps"], 1);
}

#[test]
fn example_and_instruction_sheets_are_skipped_by_name_and_others_by_header() {
    let dir = temp_dir("files_sheets");
    plan(&dir, vec![]);
    write_xlsx(
        &dir.join("03_市民課.xlsx"),
        &[
            one_step_sheet("記入例"),
            one_step_sheet("記入例（一覧形式）"),
            sheet("説明", vec![vec![S("この様式の使い方")]]),
            // A roadmap is recognised by its header, whatever the sheet is called.
            one_step_sheet("Sheet1"),
            sheet("メモ", vec![vec![], vec![E, S("確認中")]]),
            sheet("Sheet3", vec![]),
        ],
    );
    let (status, json) = check_json(&dir);
    let sheet_level = |code: &str, sheet: &str| {
        (
            code.to_string(),
            "03_市民課.xlsx".to_string(),
            sheet.to_string(),
            String::new(),
        )
    };
    assert_eq!(
        all_findings(&json),
        vec![
            sheet_level("sheet-no-header", "メモ"),
            // 記入例 and 説明 as the template names them are no finding; another name is.
            sheet_level("sheet-skipped", "記入例（一覧形式）"),
        ],
        "{json:#}"
    );
    assert_eq!(
        findings(&json),
        vec![finding("sheet-no-header", "warning", "")]
    );
    assert_eq!(
        messages(&json, "sheet-no-header"),
        vec!["シート「メモ」に見出し行が見つからないため読み込んでいません"]
    );
    assert_eq!(
        messages(&json, "sheet-skipped")[0],
        "シート「記入例（一覧形式）」は記入例・説明のため読み飛ばしました"
    );
    assert_eq!(status, 0);
    // Only Sheet1's step: the examples are not read.
    assert_eq!(json["summary"]["steps"], 1);
    let loaded = load(&dir);
    assert_eq!(
        loaded
            .roadmap
            .steps()
            .map(|(_, s)| s.source.sheet.clone())
            .collect::<Vec<_>>(),
        vec!["Sheet1".to_string()]
    );
}

#[test]
fn a_broken_file_never_stops_the_others() {
    let dir = temp_dir("files_broken");
    plan(&dir, vec![]);
    // Random bytes named .xlsx, an empty .xlsx, a truncated zip and garbage named .xls.
    let noise: Vec<u8> = (0u32..4096)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(dir.join("01_壊れ.xlsx"), &noise).expect("write");
    std::fs::write(dir.join("02_空.xlsx"), b"").expect("write");
    std::fs::write(dir.join("04_途中.xlsx"), b"PK\x03\x04\x14\x00\x00\x00").expect("write");
    std::fs::write(dir.join("05_古い.xls"), &noise[..512]).expect("write");
    write_xlsx(&dir.join("03_市民課.xlsx"), &[one_step_sheet("工程表")]);
    let (status, json) = check_json(&dir);
    assert_eq!(
        findings(&json),
        vec![
            finding("file-unreadable", "error", ""),
            finding("file-unreadable", "error", ""),
            finding("file-unreadable", "error", ""),
            finding("file-unreadable", "error", ""),
        ],
        "{json:#}"
    );
    let files: Vec<String> = all_findings(&json).into_iter().map(|f| f.1).collect();
    assert_eq!(
        files,
        vec!["01_壊れ.xlsx", "02_空.xlsx", "04_途中.xlsx", "05_古い.xls"]
    );
    assert_eq!(status, 1);
    assert_eq!(json["summary"]["steps"], 1);
    assert_eq!(json["summary"]["errors"], 4);
    // Every workbook got a verdict, so all six count as checked: the plan, the good file and
    // the four broken ones.
    assert_eq!(json["summary"]["files"], 6);
    let loaded = load(&dir);
    assert_eq!(spans(&loaded), owned(&[("導入", 1, 5)]));
}
