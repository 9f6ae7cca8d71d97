//! progress.pdf's layout as data: its golden file (the fixture with every status, 未入力
//! figures, the 完了※ mark, the 目次, the guide and 問い合わせ先), and what a reader of the
//! printed report relies on: phrases kept whole in every table, one pattern per status that
//! grey print still tells apart, policy labels at one size, no table ending in a lone row.

use std::collections::{BTreeMap, BTreeSet};

use koteihyo::fiscal::Date;
use koteihyo::model::{Roadmap, Status};
use koteihyo::render::pdf::ctx::{HEADER_BG, MARGIN_X};
use koteihyo::render::pdf::document::{Area, Document, Item, Page, Text};
use koteihyo::render::pdf::linebreak::phrase_starts;
use koteihyo::render::pdf::progress;
use koteihyo::render::pdf::PdfOptions;

use crate::pdf_tagged_progress::{report_all, with_progress};

fn issued() -> PdfOptions<'static> {
    PdfOptions {
        issued: Date::new(2026, 6, 1),
        ..Default::default()
    }
}

fn doc(rm: &Roadmap) -> Document {
    progress::layout(rm, &issued()).expect("progress").output
}

fn published() -> Roadmap {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("input");
    let mut rm = crate::support::load(&dir).roadmap;
    report_all(&mut rm);
    rm
}

fn page_text(page: &Page) -> String {
    page.texts().map(|t| t.text.as_str()).collect()
}

#[test]
fn golden_progress_layout_json() {
    let d = doc(&with_progress());
    let json = crate::pdf_layout::golden_json(&d);
    crate::support::golden("progress_layout.json", &json);
    for word in [
        "目次",
        "この報告の見方",
        "問い合わせ先",
        "発行日　令和8(2026)年6月1日",
        "未入力",
        "判定",
        "完了※",
    ] {
        assert!(json.contains(word), "{word} is in progress.pdf");
    }
}

/// The 目次 lists each part with the page its outline entry points at.
#[test]
fn contents_point_at_the_parts() {
    let d = doc(&with_progress());
    let toc = page_text(&d.pages[1]);
    for e in d.outline.iter().filter(|e| e.level == 0 && e.page > 2) {
        if e.title == "この報告の見方" {
            continue; // on the 目次's own page
        }
        assert!(
            toc.contains(&format!("{}{}", e.title, e.page)),
            "{} p.{} in {toc}",
            e.title,
            e.page
        );
    }
    let last = page_text(d.pages.last().expect("pages"));
    assert!(last.contains("問い合わせ先"));
}

/// A cell's lines: the runs with the same box and structure element, in order.
fn cells(page: &Page) -> Vec<(Area, Vec<&Text>)> {
    let mut out: Vec<(Area, Vec<&Text>)> = Vec::new();
    for t in page.texts() {
        let Some(a) = t.within else { continue };
        match out.last_mut() {
            Some((b, lines)) if *b == a && lines[0].node == t.node && t.node.is_some() => {
                lines.push(t)
            }
            _ => out.push((a, vec![t])),
        }
    }
    out
}

/// Every table cell of two lines or more breaks between BudouX's phrases, unless the phrase
/// is wider than the cell: 「予定どおり」 never ends up as 「予定ど」 over 「おり」.
#[test]
fn table_cells_break_between_phrases() {
    for rm in [with_progress(), published()] {
        let d = doc(&rm);
        let mut wrapped = 0;
        for (p, page) in d.pages.iter().enumerate() {
            for (a, lines) in cells(page) {
                if lines.len() < 2 {
                    continue;
                }
                wrapped += 1;
                let whole: String = lines.iter().map(|t| t.text.as_str()).collect();
                let chars: Vec<char> = whole.chars().collect();
                let starts = phrase_starts(&whole);
                let mut at = 0;
                for l in &lines[..lines.len() - 1] {
                    at += l.text.chars().count();
                    if starts.get(at).copied().unwrap_or(true) {
                        continue;
                    }
                    // The phrase around the break, and whether it could fit the cell at all.
                    let from = (0..at).rev().find(|i| starts[*i]).unwrap_or(0);
                    let to = (at..chars.len())
                        .find(|i| starts[*i])
                        .unwrap_or(chars.len());
                    let phrase: String = chars[from..to].iter().collect();
                    let w = l.face.width(&phrase, l.size);
                    assert!(
                        w > a.w - 8.0,
                        "p.{}: {whole:?} breaks inside {phrase:?} after {:?}",
                        p + 1,
                        l.text
                    );
                }
            }
        }
        assert!(wrapped > 5, "the fixture wraps cells ({wrapped})");
    }
}

/// How a swatch reads in grey: which directions its lines run and whether it has dots,
/// mirror images counted alike (a hatch rising left and one rising right look the same
/// on a grey copy at a glance).
fn grey_signature(page: &Page, a: Area) -> BTreeSet<&'static str> {
    let inside = |x: f32, y: f32| {
        x >= a.x - 0.1 && x <= a.x + a.w + 0.1 && y >= a.y - 0.1 && y <= a.y + a.h + 0.1
    };
    let mut sig = BTreeSet::new();
    for i in &page.items {
        match i {
            Item::Line(l) if l.points.iter().all(|(x, y)| inside(*x, *y)) => {
                let ((x0, y0), (x1, y1)) = (l.points[0], l.points[l.points.len() - 1]);
                sig.insert(if (y1 - y0).abs() < 0.01 {
                    "horizontal"
                } else if (x1 - x0).abs() < 0.01 {
                    "vertical"
                } else if (x1 - x0) * (y1 - y0) < 0.0 {
                    "diagonal /"
                } else {
                    "diagonal \\"
                });
            }
            Item::Ellipse(e) if inside(e.cx, e.cy) => {
                sig.insert("dots");
            }
            _ => {}
        }
    }
    if sig.contains("diagonal /") != sig.contains("diagonal \\") {
        sig.remove("diagonal /");
        sig.remove("diagonal \\");
        sig.insert("one diagonal");
    }
    sig
}

/// The guide's swatches (its table's 模様 column): every status has a pattern of its own,
/// told apart without colour — 遅れ and 前倒し in particular.
#[test]
fn every_status_has_its_own_grey_pattern() {
    let d = doc(&with_progress());
    let page = &d.pages[1];
    // The 区分 cells name the rows; the swatch sits in the same row, the next column.
    let rows: Vec<(String, Area)> = page
        .texts()
        .filter(|t| {
            t.within.is_some_and(|a| a.x == MARGIN_X)
                && (Status::ALL.iter().any(|s| s.label() == t.text) || t.text == "未報告")
        })
        .map(|t| (t.text.clone(), t.within.expect("a cell")))
        .collect();
    assert_eq!(rows.len(), Status::ALL.len() + 1, "{rows:?}");
    let mut seen: BTreeMap<Vec<&str>, String> = BTreeMap::new();
    for (label, cell) in rows {
        let swatch = Area {
            x: cell.x + cell.w,
            y: cell.y,
            w: 50.0,
            h: cell.h,
        };
        let sig: Vec<&str> = grey_signature(page, swatch).into_iter().collect();
        if label == "完了" || label == "未報告" {
            // Plain fills, one dark and one white.
            assert!(sig.is_empty(), "{label}: {sig:?}");
            continue;
        }
        if let Some(other) = seen.insert(sig.clone(), label.clone()) {
            panic!("{label} and {other} share the pattern {sig:?} in grey");
        }
    }
}

/// 進捗の概要's policy labels are set at one size, wrapping onto a second line rather than
/// shrinking.
#[test]
fn policy_labels_are_one_size() {
    let d = doc(&published());
    let summary = d
        .outline
        .iter()
        .find(|e| e.title == "進捗の概要")
        .expect("summary")
        .page;
    let page = &d.pages[summary - 1];
    let labels: Vec<&Text> = page
        .texts()
        .filter(|t| t.within.is_some_and(|a| a.x == MARGIN_X && a.w > 150.0))
        .collect();
    assert!(labels.len() >= 15, "{}", labels.len());
    let sizes: BTreeSet<String> = labels.iter().map(|t| t.size.to_string()).collect();
    assert_eq!(sizes.len(), 1, "{sizes:?}");
}

/// No page of 取り組み項目の進捗 holds a single item row: a table's last page keeps at
/// least two (rows are the item column's cells, 200 pt wide, not the header's).
#[test]
fn no_page_holds_a_lone_row() {
    for rm in [with_progress(), published()] {
        let d = doc(&rm);
        let first = d
            .outline
            .iter()
            .find(|e| e.title == "取り組み項目の進捗")
            .expect("items")
            .page;
        for (p, page) in d.pages.iter().enumerate().skip(first - 1) {
            let rows = page
                .items
                .iter()
                .filter(|i| match i {
                    Item::Rect(r) => r.x == MARGIN_X && r.w == 200.0 && r.fill != Some(HEADER_BG),
                    _ => false,
                })
                .count();
            assert!(rows != 1, "p.{} holds one row", p + 1);
        }
    }
}
