//! The web edition: `roadmap.html`, the roadmap as one accessible page for the city's website.
//!
//! Same model and same order as the PDF (title and publisher, 目次, はじめに, the 体系, one
//! chart per policy, the KPIs, with `--previous` the 変更点, then the 改定履歴), written for
//! WCAG 2.1 AA: landmarks, a skip link, headings in order, charts as real tables (one row per
//! chart line, each step a cell spanning its years, its period also said in words), KPI
//! figures as tables and as SVG charts with a text alternative. One self-contained file: the
//! CSS is inline, there is no script and no request to another host, fonts come from the
//! reader's system (BIZ UDPGothic first).
//!
//! Markup is made with maud, which escapes every text it is given: nothing here concatenates
//! markup by hand. Control characters from a submission are shown as visible symbols (see
//! [`shown`]) rather than dropped, so no finding is needed. The same model gives the same
//! bytes (no clock, no hash-map order).
//!
//! ```
//! let rm = koteihyo::model::Roadmap::default();
//! let html = koteihyo::render::html::render(&rm, &Default::default(), None);
//! assert!(html.starts_with(b"<!DOCTYPE html><html lang=\"ja\">"));
//! ```

// Everything the renderer exposes is documented.
#![warn(missing_docs)]

pub mod chart;
mod frame;
mod kpi;
mod options;
mod pages;
mod text;

use maud::{html, Markup, PreEscaped, DOCTYPE};

use crate::model::Roadmap;
use crate::revision::diff::Changes;

// What the sections share lives in files of its own, so that none of them reaches up into
// this one; the public names stay here.
use frame::{split_frame, SLOT};
pub use options::HtmlOptions;
pub use text::{policy_id, shown};

/// The page's style sheet, inlined into `<style>`.
const STYLE: &str = include_str!("style.css");

/// The whole page, as UTF-8 bytes. With `changes` (from the previous edition) it has the
/// 「今回の改定における主な変更点」 section before the 改定履歴.
pub fn render(roadmap: &Roadmap, options: &HtmlOptions, changes: Option<&Changes>) -> Vec<u8> {
    pieces(roadmap, options, changes)
        .map(Markup::into_string)
        .collect::<String>()
        .into_bytes()
}

/// [`render`] straight into `writer`, piece by piece (a section, a policy's chart): the same
/// bytes, with only one piece of the page in memory at a time.
///
/// ```
/// use koteihyo::render::html::{render, render_to};
/// let rm = koteihyo::model::Roadmap::default();
/// let mut page = Vec::new();
/// render_to(&rm, &Default::default(), None, &mut page).unwrap();
/// assert_eq!(page, render(&rm, &Default::default(), None));
/// ```
pub fn render_to<W: std::io::Write>(
    roadmap: &Roadmap,
    options: &HtmlOptions,
    changes: Option<&Changes>,
    writer: &mut W,
) -> std::io::Result<()> {
    for piece in pieces(roadmap, options, changes) {
        writer.write_all(piece.into_string().as_bytes())?;
    }
    Ok(())
}

/// The page in the order it is written: the frame (head, cover, 目次, colophon) around the
/// sections, each made when its turn comes.
fn pieces<'a>(
    roadmap: &'a Roadmap,
    options: &'a HtmlOptions,
    changes: Option<&'a Changes>,
) -> impl Iterator<Item = Markup> + 'a {
    let plan = &roadmap.plan;
    let title = format!("{} {}", plan.title, plan.document);
    let frame = html! {
        (DOCTYPE)
        html lang="ja" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (shown(title.trim())) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                a.skip href="#main" { "本文へ移動" }
                (pages::cover(roadmap, options))
                (pages::contents(roadmap, changes.is_some()))
                main #main tabindex="-1" {
                    div.wrap { (PreEscaped(SLOT)) }
                }
                (pages::colophon(roadmap))
            }
        }
    };
    let sections = std::iter::once_with(move || pages::introduction(roadmap))
        .chain(std::iter::once_with(move || pages::system(roadmap)))
        .chain(chart::roadmap(roadmap))
        .chain(std::iter::once_with(move || kpi::kpis(roadmap)))
        .chain(changes.into_iter().map(pages::changes))
        .chain(std::iter::once_with(move || pages::history(roadmap)));
    // The sections fill the frame's one slot.
    let mut pieces = split_frame(frame).into_iter();
    let head = pieces.next();
    head.into_iter().chain(sections).chain(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Pillar, Policy};

    /// A roadmap whose texts, in the frame (title) and in the charts (policy titles), are the
    /// slot comment itself.
    fn with_slot_texts() -> Roadmap {
        let policy = |title: &str| Policy {
            label: "①".into(),
            title: title.into(),
            ..Policy::default()
        };
        let mut rm = Roadmap::default();
        rm.plan.title = SLOT.into();
        rm.pillars = vec![
            Pillar {
                label: "(1)".into(),
                title: SLOT.into(),
                policies: vec![policy(SLOT), policy("二つ目")],
                ..Pillar::default()
            },
            Pillar {
                label: "(2)".into(),
                policies: vec![policy(SLOT)],
                ..Pillar::default()
            },
        ];
        rm
    }

    #[test]
    fn a_text_like_the_slot_stays_text_and_every_chart_is_placed_once() {
        let rm = with_slot_texts();
        let page = String::from_utf8(render(&rm, &HtmlOptions::default(), None)).expect("UTF-8");
        assert!(!page.contains(SLOT), "the slot survived into the page");
        assert!(
            page.contains("&lt;!--koteihyo:slot--&gt;"),
            "the text, escaped"
        );
        assert_eq!(page.matches("<section class=\"policy\"").count(), 3);
        for (a, b) in [(0, 0), (0, 1), (1, 0)] {
            let id = format!("id=\"{}\"", policy_id(a, b));
            assert_eq!(page.matches(&id).count(), 1, "{id}");
        }
        assert!(page.ends_with("</html>"));
        let mut written = Vec::new();
        render_to(&rm, &HtmlOptions::default(), None, &mut written).expect("write");
        assert_eq!(written, page.into_bytes());
    }
}
