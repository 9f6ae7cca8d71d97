//! The roadmap PDF that goes to the city council.
//!
//! Two stages: [`layout::layout`] turns the [`Roadmap`] into a [`Document`] of positioned
//! text runs, rectangles, lines and links (plain data, testable as JSON), and
//! [`write::write`] hands it to krilla, primitive by primitive, with its structure tree,
//! outline, metadata and a content-derived identifier: the same input gives the same bytes.

// Everything the renderer exposes is documented.
#![warn(missing_docs)]

pub mod changes;
mod chart;
mod chart_model;
mod chart_paint;
pub mod ctx;
pub mod document;
pub mod font;
mod kpi;
pub mod layout;
pub mod linebreak;
mod pages;
pub mod progress;
pub mod progress_kpi;
pub mod style;
mod tagging;
pub mod write;

use crate::diagnostic::Warned;
use crate::model::Roadmap;

pub use document::Document;
pub use layout::PdfOptions;
pub use write::PdfError;

/// Lays the roadmap out and writes the PDF; the diagnostics are layout's (missing glyphs,
/// texts too long for their box).
pub fn render(roadmap: &Roadmap, options: &PdfOptions) -> Result<Warned<Vec<u8>>, PdfError> {
    let laid = layout::layout(roadmap, options);
    Ok(Warned::new(write::write(laid.output)?, laid.diagnostics))
}
