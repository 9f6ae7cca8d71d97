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
mod kpi;
mod pages;

use std::borrow::Cow;

use maud::{html, Markup, PreEscaped, DOCTYPE};

use crate::model::Roadmap;
use crate::revision::diff::Changes;

/// The page's style sheet, inlined into `<style>`.
const STYLE: &str = include_str!("style.css");

/// How to render.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HtmlOptions {
    /// `Some(n)`: the roadmap still has `n` open errors; the page says 「案」 at the top, as
    /// every page of the draft PDF does.
    pub draft_errors: Option<usize>,
}

/// The whole page, as UTF-8 bytes. With `changes` (from the previous edition) it has the
/// 「今回の改定における主な変更点」 section before the 改定履歴.
pub fn render(roadmap: &Roadmap, options: &HtmlOptions, changes: Option<&Changes>) -> Vec<u8> {
    let plan = &roadmap.plan;
    let title = format!("{} {}", plan.title, plan.document);
    let page = html! {
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
                    div.wrap {
                        (pages::introduction(roadmap))
                        (pages::system(roadmap))
                        (chart::roadmap(roadmap))
                        (kpi::kpis(roadmap))
                        @if let Some(c) = changes { (pages::changes(c)) }
                        (pages::history(roadmap))
                    }
                }
                (pages::colophon(roadmap))
            }
        }
    };
    page.into_string().into_bytes()
}

/// A text from the model as the page shows it: line breaks and tabs stay (the style sheet
/// keeps line breaks), a carriage return is dropped, and every other control character
/// becomes visible — C0 and DEL as their Unicode control pictures (`␇` for BEL), C1 as
/// `[U+0085]` — so a stray character in a cell is seen, not silently lost. maud escapes the
/// result.
///
/// ```
/// use koteihyo::render::html::shown;
/// assert_eq!(shown("a\u{7}b\r\nc"), "a␇b\nc");
/// assert_eq!(shown("x\u{85}"), "x[U+0085]");
/// assert_eq!(shown("<再掲>"), "<再掲>"); // escaping is maud's job
/// ```
pub fn shown(text: &str) -> Cow<'_, str> {
    if !text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' | '\t' => out.push(c),
            '\r' => {}
            '\u{0}'..='\u{1f}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}')),
            '\u{7f}' => out.push('\u{2421}'),
            c if c.is_control() => out.push_str(&format!("[U+{:04X}]", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The id of a policy's chart section, from its place in the tree (0-based indices).
pub fn policy_id(pillar: usize, policy: usize) -> String {
    format!("policy-{}-{}", pillar + 1, policy + 1)
}

/// A link to the original of a re-listing: the visible place (「(1)④」) reads
/// 「再掲元 (1)④」 to a screen reader.
fn relisting_link(r: &crate::model::Relisting) -> Markup {
    html! {
        a.badge href={ "#" (policy_id(r.path.pillar, r.path.policy)) } {
            span.vh { "再掲元 " } (shown(&r.place))
        }
    }
}
