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

/// 集計 on paper when a block is longer than a page (a department per step): the block goes
/// on with its header row again at the top of the next page, and its 合計 still adds up.
#[test]
fn a_summary_block_longer_than_a_page_repeats_its_header_row() {
    use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("input");
    let mut roadmap = crate::support::load(&dir).roadmap;
    let mut n = 0;
    for p in &mut roadmap.pillars {
        for q in &mut p.policies {
            for i in &mut q.initiatives {
                for item in &mut i.items {
                    for line in &mut item.lines {
                        for step in &mut line.steps {
                            n += 1;
                            step.department = format!("第{n}課");
                        }
                    }
                }
            }
        }
    }
    let bytes =
        koteihyo::render::xlsx::render(&roadmap, &[], &Default::default()).expect("workbook");
    let summary = part(&bytes, "xl/worksheets/sheet5.xml");
    let breaks: Vec<usize> = summary
        .split("<brk id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next()?.parse().ok())
        .collect();
    assert!(breaks.len() > 10, "{breaks:?}");
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("xlsx");
    let range = book.worksheet_range("集計").expect("集計");
    let at = |r: usize, c: usize| match range.get_value((r as u32, c as u32)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => f.to_string(),
        _ => String::new(),
    };
    // Every page starts with a block's title or, inside a block, its header row.
    for &b in &breaks {
        let first = at(b, 0);
        let headed = ["施策別", "担当課別"].contains(&first.as_str())
            || first == "担当課" && at(b, 5) == "工程数";
        assert!(headed, "the page from row {} starts with {first:?}", b + 1);
    }
    // Every step counted once in the department block's 合計.
    let total = (0..range.height())
        .rev()
        .find(|&r| at(r, 0) == "合計")
        .expect("合計");
    assert_eq!(at(total, 5), n.to_string());
}
