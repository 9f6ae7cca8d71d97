//! The PDF layout as data: golden JSON, boxes that hold their text, kinsoku, page breaks,
//! diagnostics.

use crate::pdf_support;

use koteihyo::diagnostic::Code;
use koteihyo::render::pdf::ctx::{INITIATIVE_BG, ITEM_BG};
use koteihyo::render::pdf::document::{Document, Item, Rgb, Text};
use koteihyo::render::pdf::layout::layout;
use koteihyo::render::pdf::linebreak::{NO_END, NO_START};
use koteihyo::render::pdf::PdfOptions;

fn doc() -> Document {
    layout(&pdf_support::roadmap(), &PdfOptions::default()).output
}

fn all_text(doc: &Document) -> String {
    doc.pages
        .iter()
        .flat_map(koteihyo::render::pdf::document::Page::texts)
        .map(|t| t.text.as_str())
        .collect()
}

/// Valid JSON with one primitive a line, so a change shows as a readable diff.
pub(crate) fn golden_json(d: &Document) -> String {
    let j = |v: &dyn erased::Ser| v.json();
    let mut out = format!("{{\"metadata\":{},\n\"outline\":[\n", j(&d.metadata));
    let outline: Vec<String> = d.outline.iter().map(|e| j(e)).collect();
    out += &outline.join(",\n");
    out += "],\n\"pages\":[\n";
    let pages: Vec<String> = d
        .pages
        .iter()
        .map(|p| {
            let items: Vec<String> = p.items.iter().map(|i| j(i)).collect();
            format!(
                "{{\"width\":{},\"height\":{},\"items\":[\n{}]}}",
                p.width,
                p.height,
                items.join(",\n")
            )
        })
        .collect();
    out += &pages.join(",\n");
    out += "],\n\"structure\":[\n";
    let nodes: Vec<String> = d.structure.iter().map(|n| j(n)).collect();
    out += &nodes.join(",\n");
    out + "]}\n"
}

mod erased {
    /// Serialises any of the document's parts compactly.
    pub trait Ser {
        fn json(&self) -> String;
    }
    impl<T: serde::Serialize> Ser for T {
        fn json(&self) -> String {
            serde_json::to_string(self).unwrap()
        }
    }
}

#[test]
fn golden_layout_json() {
    let json = golden_json(&doc());
    crate::support::golden("pdf_layout.json", &json);
    // The golden file is valid JSON for the same document.
    let parsed: Document = serde_json::from_str(&json).unwrap();
    assert_eq!(parsed, doc());
}

#[test]
fn the_fixture_lays_out_without_findings() {
    let out = layout(&pdf_support::roadmap(), &PdfOptions::default());
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
}

#[test]
fn every_text_stays_in_its_box_and_on_its_page() {
    let d = doc();
    for (n, page) in d.pages.iter().enumerate() {
        for t in page.texts() {
            let (top, h) = (t.top(), t.size);
            assert!(
                t.x >= 0.0 && t.x + t.width <= page.width && top >= 0.0 && top + h <= page.height,
                "page {}: {:?} leaves the page",
                n + 1,
                t.text
            );
            if let Some(a) = t.within {
                assert!(
                    a.contains(t.x, top, t.width, h, 0.05),
                    "page {}: {:?} ({} + {} wide, top {}) overflows {:?}",
                    n + 1,
                    t.text,
                    t.x,
                    t.width,
                    top,
                    a
                );
            }
        }
    }
}

#[test]
fn wrapped_lines_keep_kinsoku() {
    let d = doc();
    let mut checked = 0;
    for page in &d.pages {
        let runs: Vec<&Text> = page.texts().filter(|t| t.within.is_some()).collect();
        for pair in runs.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            // Consecutive lines of one wrapped text: same box, same size, next baseline.
            if a.within == b.within && a.size == b.size && b.baseline > a.baseline {
                let first = b.text.chars().next().unwrap();
                let last = a.text.chars().last().unwrap();
                assert!(
                    !NO_START.contains(first),
                    "line starts with {first}: {:?}",
                    b.text
                );
                assert!(
                    !NO_END.contains(last),
                    "line ends with {last}: {:?}",
                    a.text
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 8, "only {checked} wrapped line pairs found");
}

#[test]
fn every_step_item_and_initiative_is_printed_in_full() {
    let rm = pdf_support::roadmap();
    let text = all_text(&doc());
    for (_, step) in rm.steps() {
        assert!(text.contains(&step.text), "step missing: {}", step.text);
    }
    for p in &rm.pillars {
        for q in &p.policies {
            for i in &q.initiatives {
                assert!(text.contains(&i.text), "initiative missing: {}", i.text);
                for it in &i.items {
                    assert!(text.contains(&it.text), "item missing: {}", it.text);
                }
            }
        }
    }
    // 再掲: the text as published, then where the original is: its policy and page.
    assert!(text.contains("実証事業への参加(再掲)再掲 (3)④ p."));
    assert!(text.contains("マイナ救急の全国展開への対応(再掲)"));
    assert!(text.contains("マイナンバー専用窓口の設置(再掲)再掲 (1)② p."));
    // KPI figures exactly as written, a dash for the baseline year's missing target.
    for w in [
        "1,300種類",
        "2,500種類",
        "908種類",
        "39.2%",
        "↑",
        "—",
        "令和5(2023)年度末",
        "令和6(2024)年度末",
    ] {
        assert!(text.contains(w), "{w}");
    }
    assert!(text.contains("※令和6年12月に健康保険証の新規発行を終了"));
}

fn is_row(r: &koteihyo::render::pdf::document::Rect, fill: Rgb) -> bool {
    r.fill == Some(fill) && r.w > 700.0 && r.y > 100.0
}

#[test]
fn a_long_policy_continues_and_no_initiative_ends_a_page() {
    let d = doc();
    let continued: Vec<usize> = d
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.texts().any(|t| t.text == "（続き）"))
        .map(|(i, _)| i + 1)
        .collect();
    assert!(
        !continued.is_empty(),
        "the fixture's first policy should continue"
    );
    for n in &continued {
        let p = &d.pages[n - 1];
        // The header band, legend and year columns are repeated.
        assert!(p.texts().any(|t| t.text == "《凡例》"));
        assert!(p.texts().any(|t| t.text == "令和11(2029)年度"));
        assert!(p.texts().any(|t| t.text.starts_with("(1) ")));
    }
    for page in &d.pages {
        let rects: Vec<_> = page
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Rect(r) => Some(r),
                _ => None,
            })
            .collect();
        for r in rects.iter().filter(|r| is_row(r, INITIATIVE_BG)) {
            let below = r.y + r.h;
            assert!(
                rects
                    .iter()
                    .any(|q| is_row(q, ITEM_BG) && (q.y - below).abs() < 0.05),
                "an initiative row at y={} has no item under it on its page",
                r.y
            );
        }
    }
}

#[test]
fn outline_and_contents_point_at_the_right_pages() {
    let d = doc();
    let titles: Vec<(&str, usize, u32)> = d
        .outline
        .iter()
        .map(|e| (e.title.as_str(), e.page, e.level))
        .collect();
    let find = |t: &str| titles.iter().find(|e| e.0 == t).copied();
    let (_, roadmap, _) = find("ロードマップ").unwrap();
    let (_, pillar, level) = find("(1) “便利・快適” ～DXによる 市民サービスの向上～").unwrap();
    assert_eq!((pillar, level), (roadmap, 1));
    assert_eq!(find("①行政手続きのオンライン化の推進").unwrap().2, 2);
    assert!(find("重要業績評価指標 (KPI)").is_some());
    assert_eq!(find("改定履歴").unwrap().1, d.pages.len());
    // Pages only go forward through the outline.
    assert!(titles.windows(2).all(|w| w[0].1 <= w[1].1));
    // The 目次 (page 2) links to each section's page and prints its number.
    let toc = &d.pages[1];
    for (title, page, _) in titles.iter().filter(|e| e.2 == 0 && e.0 != "目次") {
        assert!(toc.texts().any(|t| t.text == *title), "{title} not in 目次");
        assert!(
            toc.texts().any(|t| t.text == page.to_string()),
            "{page} not in 目次"
        );
        assert!(toc
            .items
            .iter()
            .any(|i| matches!(i, Item::Link(l) if l.page == *page)));
    }
    // Every page but the cover has its number in the footer.
    for (i, p) in d.pages.iter().enumerate().skip(1) {
        let n = format!("- {} -", i + 1);
        assert!(
            p.texts().any(|t| t.text == n),
            "page {} has no footer",
            i + 1
        );
    }
    assert!(!d.pages[0].texts().any(|t| t.text.starts_with("- ")));
}

#[test]
fn draft_marks_every_page() {
    let rm = pdf_support::roadmap();
    let d = layout(
        &rm,
        &PdfOptions {
            draft_errors: Some(4),
            ..Default::default()
        },
    )
    .output;
    assert_eq!(d.pages.len(), doc().pages.len());
    for p in &d.pages {
        assert!(p.texts().any(|t| t.text == "案"));
        assert!(p.texts().any(|t| t.text == "未解決のエラー 4 件"));
    }
    assert!(!doc()
        .pages
        .iter()
        .any(|p| p.texts().any(|t| t.text == "案")));
}

#[test]
fn a_missing_glyph_is_reported_with_its_text() {
    let mut rm = pdf_support::roadmap();
    let text = "𠮷田地区の😀アプリ導入";
    rm.pillars[0].policies[1].initiatives[0].items[0].lines[0].steps[0].text = text.into();
    let out = layout(&rm, &PdfOptions::default());
    let found: Vec<_> = out
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::GlyphMissing)
        .map(|d| d.args.clone())
        .collect();
    assert_eq!(
        found,
        vec![
            vec!["𠮷".to_string(), text.to_string()],
            vec!["😀".to_string(), text.to_string()]
        ]
    );
    assert_eq!(out.diagnostics[0].place.file, "fixture.xlsx");
}

#[test]
fn a_text_that_cannot_fit_is_reported() {
    let mut rm = pdf_support::roadmap();
    let word = "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let step = &mut rm.pillars[1].policies[0].initiatives[0].items[0].lines[1].steps[0];
    step.text = word.into();
    step.end = step.start.clone();
    let out = layout(&rm, &PdfOptions::default());
    assert!(
        out.diagnostics
            .iter()
            .any(|d| d.code == Code::TextTooLong && d.args[0] == word),
        "{:?}",
        out.diagnostics
    );
    // Still printed in full, never dropped.
    assert!(all_text(&out.output).contains(word));
}

#[test]
fn long_step_text_shrinks_then_grows_but_stays_readable() {
    let d = doc();
    let long = "窓口受付支援システムの";
    let t = d
        .pages
        .iter()
        .flat_map(koteihyo::render::pdf::document::Page::texts)
        .find(|t| t.text.starts_with(long))
        .unwrap();
    // Nothing on a chart page is set below 8 pt.
    assert!(t.size >= 8.0, "{}", t.size);
    for t in d
        .pages
        .iter()
        .flat_map(koteihyo::render::pdf::document::Page::texts)
        .filter(|t| t.within.is_some())
    {
        assert!(t.size >= 8.0, "{:?} at {}", t.text, t.size);
    }
}

#[test]
fn the_arrow_means_what_the_plan_says_in_the_legend_and_the_spoken_text() {
    use koteihyo::fiscal::Arrow;
    for arrow in [Arrow::ToPlanEnd, Arrow::BeyondPlan] {
        let mut rm = pdf_support::roadmap();
        rm.plan.arrow = arrow;
        let d = layout(&rm, &PdfOptions::default()).output;
        // The legend says it as the web edition's does: the plan's words.
        let legend = format!("矢印: {}", arrow.meaning());
        for p in d
            .pages
            .iter()
            .filter(|p| p.texts().any(|t| t.text == "《凡例》"))
        {
            assert!(p.texts().any(|t| t.text == legend), "{legend}");
        }
        // Every step is read with its period in the web edition's words.
        let spoken: Vec<&str> = d
            .structure
            .iter()
            .filter_map(|n| n.read_as.as_deref())
            .collect();
        for (_, step) in rm.steps() {
            let words = format!(
                "{}（{}）",
                step.text,
                step.period_words(rm.plan.period, arrow)
            );
            assert!(spoken.contains(&words.as_str()), "{words} is not read");
        }
        let beyond = spoken
            .iter()
            .filter(|s| s.ends_with("、以降も継続）"))
            .count();
        assert_eq!(
            beyond > 0,
            arrow == Arrow::BeyondPlan,
            "{arrow:?}: {beyond}"
        );
    }
}
