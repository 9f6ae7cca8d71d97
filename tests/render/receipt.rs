//! 確認票 (issue #24): `check --receipts DIR` writes one workbook per file checked, read
//! back here with calamine and as XML: the lines as bars over the right columns, each finding
//! as a note on the right cell, the 指摘 list, protection, print setup and font sizes.

use std::io::{Cursor, Read};
use std::path::Path;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};

use crate::support::*;

/// A department file: one step R7–R8 (ended by 「－」) whose text has a stray space (a finding
/// on the step's cell), one step from R9 to the end, and a 施策 「⑥」 filled down over three
/// rows that cannot be placed (one finding, folded, on no row of the receipt).
fn department(dir: &Path) {
    plan(dir, vec![]);
    let rows = vec![
        grid_header(),
        grid_row(
            [
                S("(1)"),
                S("①"),
                S("オンライン手続きの拡大"),
                S("電子申請の拡大"),
            ],
            vec![E, S("電子申請 の導入"), E, S("－"), S("拡大")],
        ),
        grid_row(
            [S("(1)"), S("⑥"), S("窓口の改善"), S("書かない窓口")],
            vec![E, S("検討")],
        ),
        grid_row([E, E, E, S("行かない窓口")], vec![E, E, S("検討")]),
        grid_row([E, E, E, S("待たない窓口")], vec![E, E, E, S("検討")]),
    ];
    write_xlsx(&dir.join("03_市民課.xlsx"), &[sheet("工程表", rows)]);
}

fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut text = String::new();
    zip.by_name(name)
        .expect(name)
        .read_to_string(&mut text)
        .expect("read");
    text
}

/// The text of a cell (0-based row and column) of a sheet, "" when empty.
fn cell(range: &calamine::Range<Data>, row: u32, col: u32) -> String {
    match range.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

/// (cell, text) of every note of the first sheet.
fn notes(bytes: &[u8]) -> Vec<(String, String)> {
    let xml = part(bytes, "xl/comments1.xml");
    xml.split("<comment ref=\"")
        .skip(1)
        .map(|c| {
            let at = c.split('"').next().unwrap_or("").to_string();
            let text: String = c
                .split("<t")
                .skip(1)
                .filter_map(|t| t.split_once('>').map(|(_, rest)| rest))
                .filter_map(|t| t.split("</t>").next())
                .collect();
            (at, text)
        })
        .collect()
}

#[test]
fn a_receipt_shows_what_was_read_and_every_finding_on_its_cell() {
    let dir = temp_dir("receipt_check");
    department(&dir);
    let (status, json) = check_json_with(&dir, &["--receipts", "receipts"]);
    assert_eq!(status, 1, "{json}");
    let bytes = std::fs::read(dir.join("receipts/確認票_03_市民課.xlsx")).expect("receipt");
    // The plan workbook gets one too; nothing else is in the folder.
    let mut names: Vec<String> = std::fs::read_dir(dir.join("receipts"))
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["確認票_00_計画.xlsx", "確認票_03_市民課.xlsx"]);

    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.clone())).expect("xlsx");
    assert_eq!(book.sheet_names(), ["読み取り結果", "指摘"]);
    let read = book.worksheet_range("読み取り結果").expect("sheet");
    // Summary above the table: the --as-of date, the file, the counts.
    assert_eq!(cell(&read, 0, 0), "確認票　03_市民課.xlsx（市民課）");
    assert!(
        cell(&read, 1, 0).contains("2026-11-25"),
        "{}",
        cell(&read, 1, 0)
    );
    assert!(cell(&read, 2, 0).contains("読み取った行: 1　工程: 2　取り組み項目: 1"));
    // The table in the template's columns; the bars over their years.
    let header: Vec<String> = (0..13).map(|c| cell(&read, 5, c)).collect();
    assert_eq!(
        header[..6],
        [
            "柱",
            "施策",
            "具体的な取り組み",
            "取り組み項目",
            "～令和6(2024)年度",
            "令和7(2025)年度"
        ]
    );
    assert_eq!(header[10..], ["備考", "再掲", "読んだ行"]);
    let row: Vec<String> = (0..13).map(|c| cell(&read, 6, c)).collect();
    assert_eq!(
        row,
        [
            "(1)",
            "①",
            "オンライン手続きの拡大",
            "電子申請の拡大",
            "",
            "電子申請の導入",
            "→",
            "",
            "拡大",
            "→",
            "",
            "",
            "工程表!2行",
        ]
    );
    // Notes: the stray space on the step's bar, the unplaced 施策 above the table.
    let notes = notes(&bytes);
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert_eq!(notes[0].0, "A5");
    assert!(notes[0].1.contains("施策「⑥」"), "{notes:?}");
    assert!(notes[0].1.contains("3行"), "{notes:?}");
    assert_eq!(notes[1].0, "F7");
    assert!(notes[1].1.contains("電子申請 の導入"), "{notes:?}");
    assert!(cell(&read, 4, 0).contains("表の行に結びつかない指摘: 1件"));

    // The list, sorted by cell, with where each is on the receipt.
    let list = book.worksheet_range("指摘").expect("指摘");
    let cells: Vec<(String, String, String)> = (1..list.height() as u32)
        .map(|r| (cell(&list, r, 2), cell(&list, r, 5), cell(&list, r, 6)))
        .collect();
    assert_eq!(
        cells,
        [
            ("F2".into(), "F7".into(), "space-joined".into()),
            ("B3".into(), "-".into(), "policy-unknown".into()),
        ]
    );

    // Protected, printable: A4 landscape, title and headings on every page, no font below 8 pt.
    let sheet1 = part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet1.contains("<sheetProtection"), "{sheet1}");
    assert!(sheet1.contains("paperSize=\"9\"") && sheet1.contains("orientation=\"landscape\""));
    assert!(part(&bytes, "xl/worksheets/sheet2.xml").contains("<sheetProtection"));
    let workbook = part(&bytes, "xl/workbook.xml");
    assert!(workbook.contains("_xlnm.Print_Titles"), "{workbook}");
    assert!(workbook.contains("$1:$6"), "{workbook}");
    let styles = part(&bytes, "xl/styles.xml");
    let sizes: Vec<f64> = styles
        .split("<sz val=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next()?.parse().ok())
        .collect();
    assert!(
        !sizes.is_empty() && sizes.iter().all(|&s| s >= 8.0),
        "{sizes:?}"
    );

    // Same input, same bytes: the date is --as-of's, not the clock's.
    let (_, _) = check_json_with(&dir, &["--receipts", "again"]);
    let again = std::fs::read(dir.join("again/確認票_03_市民課.xlsx")).expect("again");
    assert!(again == bytes, "the receipt changed between two runs");
}

#[test]
fn the_tally_lists_every_department_with_its_verdict_and_receipt() {
    let dir = temp_dir("receipt_tally");
    department(&dir);
    one_department_named(&dir, "05_総務課.xlsx");
    let (_, json) = check_json_with(&dir, &["--receipts", "out"]);
    let tally: Vec<(String, String, u64, u64, bool)> = json["departments"]
        .as_array()
        .expect("departments")
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap_or("").to_string(),
                d["verdict"].as_str().unwrap_or("").to_string(),
                d["errors"].as_u64().unwrap_or(99),
                d["warnings"].as_u64().unwrap_or(99),
                d["receipt"].as_str().is_some_and(|r| {
                    r.ends_with(&format!("確認票_{}", d["file"].as_str().unwrap_or("")))
                }),
            )
        })
        .collect();
    assert_eq!(
        tally,
        [
            ("00_計画.xlsx".into(), "ok".into(), 0, 0, true),
            ("03_市民課.xlsx".into(), "fix".into(), 1, 0, true),
            ("05_総務課.xlsx".into(), "ok".into(), 0, 0, true),
        ]
    );
    // The three rows under 「⑥」 are one mistake: one error, saying how many rows it covers.
    let policy: Vec<&serde_json::Value> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "policy-unknown")
        .collect();
    assert_eq!(policy.len(), 1, "{policy:?}");
    assert_eq!(policy[0]["repeats"], 3);
    assert_eq!(json["summary"]["errors"], 1);
    // The human report ends with the same tally.
    let run = koteihyo(&["check", ".", "--as-of", "2026-11-25"], &dir);
    let tail: Vec<&str> = run.stdout.trim_end().lines().rev().take(4).collect();
    assert!(
        tail[0].starts_with("  05_総務課.xlsx") && tail[0].contains("OK"),
        "{tail:?}"
    );
    assert!(
        tail[1].starts_with("  03_市民課.xlsx") && tail[1].contains("要修正"),
        "{tail:?}"
    );
    assert!(tail[3].contains("課ごとの結果"), "{tail:?}");
}

/// A second department with one step under (1)① (named `file`).
fn one_department_named(dir: &Path, file: &str) {
    let row = grid_row(
        [S("(1)"), S("①"), S("オンライン手続きの拡大"), S("電子納付")],
        vec![E, S("導入")],
    );
    write_xlsx(
        &dir.join(file),
        &[sheet("工程表", vec![grid_header(), row])],
    );
}

/// `build` writes output/確認票/ in the same all-or-nothing write as the rest: a second build
/// replaces the folder whole (a department gone from the input leaves no stale receipt).
#[test]
fn build_writes_the_receipts_folder_and_replaces_it_whole() {
    let dir = temp_dir("receipt_build");
    plan(&dir, vec![]);
    one_department_named(&dir, "03_市民課.xlsx");
    one_department_named(&dir, "05_総務課.xlsx");
    let build = |dir: &Path| run_as_of(dir, "build", (".", "out"), &[]);
    let run = build(&dir);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let listing = |dir: &Path| {
        let mut v: Vec<String> = std::fs::read_dir(dir.join("out/確認票"))
            .expect("receipts")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        listing(&dir),
        [
            "確認票_00_計画.xlsx",
            "確認票_03_市民課.xlsx",
            "確認票_05_総務課.xlsx"
        ]
    );
    assert!(
        run.stderr.contains("確認票_05_総務課.xlsx"),
        "{}",
        run.stderr
    );
    std::fs::remove_file(dir.join("05_総務課.xlsx")).expect("remove");
    let run = build(&dir);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        listing(&dir),
        ["確認票_00_計画.xlsx", "確認票_03_市民課.xlsx"]
    );
    // Nothing of the staging is left beside the outputs.
    let stray: Vec<String> = std::fs::read_dir(dir.join("out"))
        .expect("out")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

/// Six files: the plan, the department of [`department`] (with findings) and four more.
fn six_files(dir: &Path) {
    department(dir);
    for file in [
        "05_総務課.xlsx",
        "07_人事課.xlsx",
        "08_広報広聴課.xlsx",
        "11_子育て支援課.xlsx",
    ] {
        one_department_named(dir, file);
    }
}

/// `build` shares the receipts between its two workers, each taking the next one not yet
/// taken: each receipt depends on its file alone, so made last to first they are the same
/// bytes under the same names as made in order.
#[test]
fn receipts_made_in_any_order_are_the_same_bytes() {
    let dir = temp_dir("receipt_order");
    six_files(&dir);
    let as_of = koteihyo::fiscal::Date::new(2026, 11, 25).expect("date");
    let loaded = koteihyo::pipeline::load(std::slice::from_ref(&dir), None, as_of).expect("load");
    let files: Vec<String> = loaded.files.iter().map(|f| f.file.clone()).collect();
    let spec = koteihyo::render::receipt::Spec {
        roadmap: &loaded.roadmap,
        file: "",
        diagnostics: &loaded.diagnostics,
        as_of,
        changes: None,
        lang: Default::default(),
    };
    let in_order = koteihyo::render::receipt::receipts(&files, &spec).expect("receipts");
    let receipts = koteihyo::render::receipt::Receipts::new(&files, &spec);
    let mut backwards: Vec<(String, String, Vec<u8>)> = receipts
        .names()
        .iter()
        .rev()
        .map(|(file, name)| {
            (
                file.clone(),
                name.clone(),
                receipts.make(file).expect("make"),
            )
        })
        .collect();
    backwards.reverse();
    assert_eq!(in_order.len(), 6);
    assert!(in_order == backwards, "a receipt depends on the order made");
}

/// The receipts `build` writes (shared between its workers) are those `check --receipts`
/// writes (one after another), byte for byte and name for name.
#[test]
fn build_writes_the_receipts_check_writes() {
    let dir = temp_dir("receipt_build_check");
    six_files(&dir);
    // Outside the input folder, or `build` would read the receipts as submissions.
    let checked = temp_dir("receipt_build_check_receipts");
    let run = koteihyo(
        &[
            "check",
            ".",
            "--as-of",
            "2026-11-25",
            "--receipts",
            &checked.display().to_string(),
        ],
        &dir,
    );
    assert!(run.status <= 1, "{}", run.stderr);
    let run = run_as_of(&dir, "build", (".", "out"), &["--draft"]);
    // A draft with an open error: written, exit status 1.
    assert_eq!(run.status, 1, "{}", run.stderr);
    let read = |folder: &Path| {
        let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(folder)
            .expect("receipts")
            .map(|e| {
                let e = e.expect("entry");
                let name = e.file_name().to_string_lossy().into_owned();
                (name, std::fs::read(e.path()).expect("read"))
            })
            .collect();
        v.sort();
        v
    };
    let built = read(&dir.join("out/確認票"));
    assert_eq!(built.len(), 6);
    assert!(
        built == read(&checked),
        "build's receipts differ from check's"
    );
}
