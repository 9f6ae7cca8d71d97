//! The workbook on paper (issue #15): every sheet repeats its header row on each printed page
//! (集計, whose three blocks have a header each, starts each block on a page of its own), and
//! 工程一覧 prints its text at 8 points or more.

use std::io::Read;

use crate::pdf_support;

fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut text = String::new();
    zip.by_name(name)
        .expect("part")
        .read_to_string(&mut text)
        .expect("read");
    text
}

#[test]
fn every_sheet_repeats_its_header_row_on_each_page() {
    let roadmap = pdf_support::roadmap();
    let bytes =
        koteihyo::render::xlsx::render(&roadmap, &[], &Default::default()).expect("workbook");
    let book = part(&bytes, "xl/workbook.xml");
    for (sheet, rows) in [
        ("KPI一覧", "$3:$3"),
        ("グラフ", "$1:$1"),
        ("工程一覧", "$1:$1"),
        ("入力チェック", "$1:$1"),
    ] {
        let name = format!("'{sheet}'!{rows}");
        let plain = format!("{sheet}!{rows}");
        assert!(
            book.contains(&name) || book.contains(&plain),
            "{sheet}: no print titles {rows} in {book}"
        );
    }
    // 集計 is the fifth sheet: its 施策別 and 担当課別 blocks start new pages.
    let summary = part(&bytes, "xl/worksheets/sheet5.xml");
    assert!(summary.contains("<rowBreaks count=\"2\""), "{summary}");
    // 工程一覧 is fitted to one page wide, its columns within the 8-point budget (unit test
    // in src/render/xlsx/steps.rs), its rows sized to their text: not all one height.
    let steps = part(&bytes, "xl/worksheets/sheet3.xml");
    assert!(steps.contains("fitToPage=\"1\""), "{steps}");
    let heights: std::collections::BTreeSet<&str> = steps
        .split("ht=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    assert!(heights.len() > 2, "{heights:?}");
}
