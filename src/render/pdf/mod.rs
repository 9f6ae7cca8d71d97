//! The roadmap PDF that goes to the city council.
//!
//! Two stages: [`layout::layout`] turns the [`Roadmap`] into a [`Document`] of positioned
//! text runs, rectangles, lines and links (plain data, testable as JSON), and
//! [`write::write`] draws that with printpdf and finishes the file with lopdf (outline,
//! metadata, a content-derived `/ID`), so the same input always gives the same bytes.

// Everything the renderer exposes is documented.
#![warn(missing_docs)]

pub mod changes;
mod chart;
mod chart_paint;
pub mod document;
mod finish;
pub mod font;
mod kpi;
pub mod layout;
pub mod linebreak;
mod pages;
pub mod style;
pub mod write;

use crate::diagnostic::Warned;
use crate::model::Roadmap;

pub use document::Document;

/// How to render.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PdfOptions {
    /// `Some(n)`: the roadmap still has `n` open errors, so every page is marked 「案」
    /// (draft) with 「未解決のエラー n 件」.
    pub draft_errors: Option<usize>,
}

/// Lays the roadmap out and writes the PDF; the diagnostics are layout's (missing glyphs,
/// texts too long for their box).
pub fn render(roadmap: &Roadmap, options: &PdfOptions) -> Warned<Vec<u8>> {
    render_revised(roadmap, options, None)
}

/// [`render`] for a rolling revision: with `changes`, the document gets
/// 「今回の改定における主な変更点」 before the 改定履歴.
pub fn render_revised(
    roadmap: &Roadmap,
    options: &PdfOptions,
    changes: Option<&crate::revision::diff::Changes>,
) -> Warned<Vec<u8>> {
    let laid = layout::layout_revised(roadmap, options, changes);
    Warned::new(write::write(&laid.output), laid.diagnostics)
}
