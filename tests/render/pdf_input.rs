//! The PDF of the shipped input/: every step printed in full, no text leaving its bar or its
//! page, no finding from layout, and the page plan of the published edition.

use crate::support;

use koteihyo::render::pdf::document::{Document, Text};
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
    doc.pages
        .iter()
        .enumerate()
        .flat_map(|(n, p)| p.texts().map(move |t| (n + 1, p.width, p.height, t)))
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
        .map(|p| p.texts().map(|t| t.text.as_str()).collect())
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

// --- the council edition (issue 16): pagination, re-listings, clean text --------------------

use koteihyo::render::pdf::ctx::{BAR_RELISTED, BOTTOM, HEADER_BG, INITIATIVE_BG, ITEM_BG};
use koteihyo::render::pdf::document::Page;

fn is_chart(p: &Page) -> bool {
    p.texts().any(|t| t.text == "《凡例》")
}

/// A chart page's body: (top of the first row, bottom of the last, the lowest a row may
/// reach), from the year header row and the frame round the table.
fn body(p: &Page) -> (f32, f32) {
    let header = p
        .rects()
        .find(|r| r.fill == Some(HEADER_BG) && r.w > 700.0)
        .expect("a year header row");
    let frame = p
        .rects()
        .find(|r| r.fill.is_none() && r.stroke.is_some() && (r.y - header.y).abs() < 0.05)
        .expect("a frame round the table");
    (header.y + header.h, frame.y + frame.h)
}

/// 1-based numbers of the chart pages, grouped by policy.
fn policies(doc: &Document) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    for (i, p) in doc.pages.iter().enumerate().filter(|(_, p)| is_chart(p)) {
        let continued = p.texts().any(|t| t.text == "（続き）");
        match out.last_mut() {
            Some(v) if continued => v.push(i + 1),
            _ => out.push(vec![i + 1]),
        }
    }
    out
}

#[test]
fn the_published_roadmap_fits_in_41_pages() {
    let (_, laid) = document();
    let n = laid.output.pages.len();
    assert!(n <= 41, "{n} pages");
    assert!(policies(&laid.output).len() >= 13);
}

#[test]
fn no_chart_page_starts_with_a_bar_or_is_under_a_third_full() {
    let (_, laid) = document();
    let doc = &laid.output;
    for pages in policies(doc) {
        for &n in &pages {
            let p = &doc.pages[n - 1];
            let (top, bottom) = body(p);
            let first = p
                .rects()
                .filter(|r| r.w > 700.0 && (r.y - top).abs() < 0.05)
                .find(|r| r.fill == Some(INITIATIVE_BG) || r.fill == Some(ITEM_BG));
            assert!(first.is_some(), "page {n} starts with a bar");
            let fill = (bottom - top) / (BOTTOM - top);
            assert!(
                fill >= 1.0 / 3.0 || pages.len() == 1,
                "page {n} is {:.0}% full",
                fill * 100.0
            );
            assert!(bottom <= BOTTOM + 0.05, "page {n} runs into the footer");
        }
        // Every page opens with an initiative row: its own, or, where the group goes on from
        // the page before, the initiative repeated and marked （続き）.
        for &n in &pages {
            let p = &doc.pages[n - 1];
            let (top, _) = body(p);
            let starts_group = p
                .rects()
                .any(|r| r.fill == Some(INITIATIVE_BG) && r.w > 700.0 && (r.y - top).abs() < 0.05);
            assert!(starts_group, "page {n} starts without an initiative row");
        }
    }
    // Some group does continue on input/, and says so.
    let marked = doc
        .pages
        .iter()
        .flat_map(Page::texts)
        .filter(|t| t.within.is_some() && t.text.ends_with("（続き）"))
        .count();
    assert!(marked > 0);
}

#[test]
fn every_re_listed_line_names_its_original_and_links_to_it() {
    let (roadmap, laid) = document();
    let doc = &laid.output;
    // Lines that are re-listings of a known original: each gets a tag.
    let mut relisted_lines = 0;
    for pillar in &roadmap.pillars {
        for policy in &pillar.policies {
            for ini in &policy.initiatives {
                for item in &ini.items {
                    for line in &item.lines {
                        let known = line.steps.iter().any(|s| {
                            (s.relisted || line.relisting.is_some())
                                && (s.relisting.is_some()
                                    || line.relisting.is_some()
                                    || item.relisting.is_some())
                        });
                        relisted_lines += usize::from(known);
                    }
                }
            }
        }
    }
    assert!(relisted_lines > 20, "{relisted_lines}");
    let mut tags = 0;
    for (i, p) in doc.pages.iter().enumerate() {
        let here = i + 1;
        for t in p.texts().filter(|t| t.text.starts_with("再掲 ")) {
            tags += 1;
            assert!(t.size >= 8.0, "page {here}: tag {:?} at {}", t.text, t.size);
            let link = p
                .links()
                .find(|l| l.area.contains(t.x, t.top(), t.width, t.size, 0.5))
                .unwrap_or_else(|| panic!("page {here}: tag {:?} is not a link", t.text));
            if let Some(n) = t.text.split("p.").nth(1) {
                let n: usize = n.parse().expect("a page number");
                assert_eq!(link.page, n, "page {here}: {:?}", t.text);
                assert_ne!(n, here, "page {here}: {:?} names its own page", t.text);
                assert!(
                    is_chart(&doc.pages[n - 1]),
                    "{:?} points off the charts",
                    t.text
                );
            } else {
                // The original is on this page: named by its row, not its policy.
                assert!(
                    t.text.contains("上の行") || t.text.contains("下の行"),
                    "{:?}",
                    t.text
                );
                assert_eq!(link.page, here);
            }
        }
    }
    let items = roadmap
        .pillars
        .iter()
        .flat_map(|p| &p.policies)
        .flat_map(|q| &q.initiatives)
        .flat_map(|i| &i.items)
        .filter(|i| i.relisting.is_some())
        .count();
    assert!(
        tags >= relisted_lines + items,
        "{tags} tags for {relisted_lines} re-listed lines and {items} re-listed items"
    );
    // Re-listed bars are explained in the legend of every chart page.
    for p in doc.pages.iter().filter(|p| is_chart(p)) {
        assert!(p.texts().any(|t| t.text.starts_with("再掲（")));
        assert!(p
            .rects()
            .any(|r| r.fill == Some(BAR_RELISTED) && r.w < 30.0));
        // What the arrow means, in the plan's words, as the web edition's legend says it.
        let arrow = format!("矢印: {}", roadmap.plan.arrow.meaning());
        assert!(p.texts().any(|t| t.text == arrow));
        assert!(p.texts().any(|t| t.text.contains("ここで終わる")));
    }
}

#[test]
fn nothing_on_a_chart_page_is_below_8_pt() {
    let (_, laid) = document();
    for (i, p) in laid
        .output
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| is_chart(p))
    {
        for t in p.texts() {
            assert!(
                t.size >= 8.0,
                "page {}: {:?} at {} pt",
                i + 1,
                t.text,
                t.size
            );
        }
    }
}

#[test]
fn the_text_defects_of_the_first_edition_are_gone() {
    let (_, laid) = document();
    let doc = &laid.output;
    for (i, p) in doc.pages.iter().enumerate() {
        for t in p.texts() {
            let page = i + 1;
            assert!(
                !t.text.contains('˜') && !t.text.contains('~'),
                "page {page}: {:?}",
                t.text
            );
            assert!(!t.text.contains("～～"), "page {page}: {:?}", t.text);
            for spaced in [
                "デザインの リ",
                "サービスの 刷新",
                "移行に 向けた",
                "共同 送迎",
            ] {
                assert!(!t.text.contains(spaced), "page {page}: {:?}", t.text);
            }
            assert!(!t.text.contains(")（続き）"), "page {page}: {:?}", t.text);
        }
    }
    // No word broken in half between two lines of one box.
    let words = [
        "確保",
        "カード",
        "システム",
        "スマートフォン",
        "メタバース",
        "実証事業",
        "アプリ",
    ];
    for (i, p) in doc.pages.iter().enumerate() {
        let runs: Vec<&Text> = p.texts().collect();
        for w in runs.windows(2) {
            let (a, b) = (w[0], w[1]);
            if a.within.is_none() || a.within != b.within || b.baseline <= a.baseline {
                continue;
            }
            for word in words {
                let chars: Vec<char> = word.chars().collect();
                for k in 1..chars.len() {
                    let (head, tail): (String, String) =
                        (chars[..k].iter().collect(), chars[k..].iter().collect());
                    assert!(
                        !(a.text.ends_with(&head) && b.text.starts_with(&tail)),
                        "page {}: {word} broken: {:?} / {:?}",
                        i + 1,
                        a.text,
                        b.text
                    );
                }
            }
        }
    }
}

#[test]
fn every_kpi_stands_under_its_heading_and_every_page_keeps_the_grid() {
    use koteihyo::render::pdf::ctx::{CONTENT_W, MARGIN_X};
    let (_, laid) = document();
    let doc = &laid.output;
    let kpi = laid
        .output
        .outline
        .iter()
        .find(|o| o.title.contains("KPI"))
        .map(|o| o.page)
        .unwrap();
    let history = doc
        .outline
        .iter()
        .find(|o| o.title == "改定履歴")
        .map(|o| o.page)
        .unwrap();
    for n in kpi..history {
        let p = &doc.pages[n - 1];
        let first_table = p
            .texts()
            .filter(|t| t.text == "指標")
            .map(|t| t.baseline)
            .fold(f32::INFINITY, f32::min);
        let heading = p
            .texts()
            .filter(|t| t.baseline < first_table)
            .any(|t| t.text.starts_with('(') || t.text.starts_with('◆'));
        assert!(heading, "page {n}: an indicator without its heading");
    }
    for (i, p) in doc.pages.iter().enumerate().skip(1) {
        for t in p.texts() {
            assert!(
                t.x >= MARGIN_X - 0.05 && t.x + t.width <= MARGIN_X + CONTENT_W + 0.05,
                "page {}: {:?} is off the grid",
                i + 1,
                t.text
            );
        }
    }
    let table = doc.pages[history - 1]
        .rects()
        .find(|r| r.fill == Some(HEADER_BG))
        .unwrap();
    assert!((table.x - MARGIN_X).abs() < 0.05);
}

#[test]
fn a_near_miss_re_listing_points_at_its_closest_original() {
    let (roadmap, laid) = document();
    let doc = &laid.output;
    // Items and lines whose original was not found: the office is warned with the closest.
    let items = roadmap.items().map(|(_, i)| i);
    let near = items
        .map(|i| {
            usize::from(i.closest_original.is_some())
                + i.lines
                    .iter()
                    .filter(|l| l.closest_original.is_some())
                    .count()
        })
        .sum::<usize>();
    assert!(near >= 11, "{near} near misses on input/");
    let mut tags = 0;
    for (i, p) in doc.pages.iter().enumerate() {
        for t in p
            .texts()
            .filter(|t| t.text.starts_with("再掲 ") && t.text.contains("（類似）"))
        {
            tags += 1;
            let link = p
                .links()
                .find(|l| l.area.contains(t.x, t.top(), t.width, t.size, 0.5))
                .unwrap_or_else(|| panic!("page {}: {:?} is not a link", i + 1, t.text));
            assert!(
                link.description.starts_with("再掲元の候補 ("),
                "{:?}",
                link.description
            );
            if let Some(n) = t.text.split("p.").nth(1) {
                assert_eq!(link.page, n.parse::<usize>().unwrap(), "{:?}", t.text);
            }
        }
    }
    assert_eq!(tags, near, "one 「再掲 …（類似） p.n」 tag per near miss");
}
