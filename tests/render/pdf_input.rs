//! The PDF of the shipped input/: every step printed in full, no text leaving its bar or its
//! page, no finding from layout, and the page plan of the published edition.

use crate::support;

use koteihyo::render::pdf::document::{Document, Item, Text};
use koteihyo::render::pdf::{layout::layout, PdfOptions};

fn document() -> (
    koteihyo::model::Roadmap,
    koteihyo::diagnostic::Warned<Document>,
) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("input");
    let roadmap = support::load(&dir).roadmap;
    let laid = layout(&roadmap, &PdfOptions::default());
    (roadmap, laid)
}

fn texts(doc: &Document) -> impl Iterator<Item = (usize, f32, f32, &Text)> {
    doc.pages.iter().enumerate().flat_map(|(n, p)| {
        p.items.iter().filter_map(move |i| match i {
            Item::Text(t) => Some((n + 1, p.width, p.height, t)),
            _ => None,
        })
    })
}

#[test]
fn the_published_roadmap_lays_out_without_overflow_or_findings() {
    let (_, laid) = document();
    assert!(laid.diagnostics.is_empty(), "{:?}", laid.diagnostics);
    let mut boxed = 0;
    for (page, width, height, t) in texts(&laid.output) {
        let top = t.top();
        assert!(
            t.x >= 0.0 && t.x + t.width <= width && top >= 0.0 && top + t.size <= height,
            "page {page}: {:?} leaves the page",
            t.text
        );
        if let Some(area) = t.within {
            boxed += 1;
            assert!(
                area.contains(t.x, top, t.width, t.size, 0.05),
                "page {page}: {:?} overflows its box {area:?}",
                t.text
            );
        }
    }
    assert!(
        boxed > 373,
        "every bar's text is laid out in its bar ({boxed})"
    );
}

#[test]
fn every_step_is_printed_in_full() {
    let (roadmap, laid) = document();
    // Wrapped lines are separate runs: join a page's runs to find each text.
    let pages: Vec<String> = laid
        .output
        .pages
        .iter()
        .map(|p| {
            p.items
                .iter()
                .filter_map(|i| match i {
                    Item::Text(t) => Some(t.text.as_str()),
                    _ => None,
                })
                .collect()
        })
        .collect();
    for (_, step) in roadmap.steps() {
        let wanted: String = step.text.split_whitespace().collect();
        assert!(
            pages
                .iter()
                .any(|p| p.split_whitespace().collect::<String>().contains(&wanted)),
            "{:?} is not printed",
            step.text
        );
    }
}

#[test]
fn the_page_plan_follows_the_published_edition() {
    let (_, laid) = document();
    let outline: Vec<(String, usize)> = laid
        .output
        .outline
        .iter()
        .filter(|o| o.level == 0)
        .map(|o| (o.title.clone(), o.page))
        .collect();
    let titles: Vec<&str> = outline.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        titles,
        [
            "目次",
            "はじめに",
            "目指す姿及び取り組みの体系",
            "ロードマップ",
            "重要業績評価指標 (KPI)",
            "改定履歴"
        ],
        "{outline:?}"
    );
    let pages: Vec<usize> = outline.iter().map(|(_, p)| *p).collect();
    assert!(pages.windows(2).all(|w| w[0] < w[1]), "{outline:?}");
    let policies = laid.output.outline.iter().filter(|o| o.level == 2).count();
    assert_eq!(policies, 14, "one bookmark per policy");
}
