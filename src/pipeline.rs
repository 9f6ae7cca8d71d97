//! The stages run in order: ingest → normalize → resolve → validate, then the renderers.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ingest::{self, RunError, Workbook};
use crate::model::Roadmap;
use crate::normalize::accounting::{self, FileAccount};
use crate::normalize::{self, header};
use crate::resolve;
use crate::validate::{self, AsOf};

/// Counts shown at the end of a report and in `check --format json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub files: usize,
    pub rows: usize,
    pub steps: usize,
    pub kpis: usize,
    pub errors: usize,
    pub warnings: usize,
    /// Per 評価年度: items per status, not reported, departments that did not report
    /// (absent when no submission carries progress).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub progress: Vec<crate::progress::YearSummary>,
}

/// A loaded roadmap with everything found on the way, sorted by place.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub roadmap: Roadmap,
    pub diagnostics: Vec<Diagnostic>,
    pub summary: Summary,
    /// Per file checked: rows read, used and skipped with the reason.
    pub files: Vec<FileAccount>,
}

/// Reads and checks `paths`. `context` is a folder (normally `input/`) whose workbooks lend
/// the plan frame and the originals of re-listings when the paths are only part of the
/// roadmap (a department checking its own file); findings in the context are not reported.
pub fn load(paths: &[PathBuf], context: Option<&Path>, as_of: AsOf) -> Result<Loaded, RunError> {
    // Parsing the two embedded fonts takes as long as reading a folder of workbooks, so it
    // starts now on its own thread; layout finds them ready (or waits for them).
    std::thread::spawn(crate::render::pdf::font::prepare);
    let read = ingest::ingest(paths)?;
    let mut diagnostics = read.diagnostics;
    let mut workbooks = read.output;
    let checked: BTreeSet<String> = workbooks.iter().map(|w| w.file.clone()).collect();
    let mut reported: BTreeSet<String> = checked.clone();
    reported.extend(diagnostics.iter().map(|d| d.place.file.clone()));
    if let Some(dir) = context {
        if dir.exists() {
            let extra = ingest::ingest(&[dir.to_path_buf()])?;
            let has_frame = workbooks.iter().any(has_frame_sheet);
            workbooks.extend(
                extra
                    .output
                    .into_iter()
                    .filter(|w| !checked.contains(&w.file))
                    .filter(|w| !has_frame || !has_frame_sheet(w)),
            );
        }
    }
    let normalized = normalize::normalize(&workbooks);
    diagnostics.extend(normalized.diagnostics);
    let (roadmap, accounting) = normalized.output;
    let resolved = resolve::resolve(roadmap);
    diagnostics.extend(resolved.diagnostics);
    let mut roadmap = resolved.output;
    diagnostics.extend(crate::progress::settle(&mut roadmap, as_of));
    diagnostics.extend(validate::validate(&roadmap, as_of));
    if context.is_some() {
        diagnostics.retain(|d| reported.contains(&d.place.file) || d.code == Code::PlanMissing);
    }
    sort(&mut diagnostics);
    let steps = roadmap
        .steps()
        .filter(|(_, s)| context.is_none() || checked.contains(&s.source.file))
        .count();
    let kpis = roadmap
        .kpis
        .iter()
        .filter(|k| context.is_none() || checked.contains(&k.source.file))
        .count();
    let files = accounting::account(&reported, &accounting.sheets, &roadmap, &diagnostics);
    let summary = Summary {
        // Every file that got a verdict as a workbook, read or not: a broken file is checked too.
        files: files
            .iter()
            .filter(|f| f.status != accounting::FileStatus::Skipped)
            .count(),
        rows: accounting
            .rows_by_file
            .iter()
            .filter(|(f, _)| checked.contains(*f))
            .map(|(_, n)| n)
            .sum(),
        steps,
        kpis,
        errors: crate::diagnostic::count(&diagnostics, Severity::Error),
        warnings: crate::diagnostic::count(&diagnostics, Severity::Warning),
        progress: crate::progress::summary(&roadmap, |f| context.is_none() || checked.contains(f)),
    };
    Ok(Loaded {
        roadmap,
        diagnostics,
        summary,
        files,
    })
}

fn has_frame_sheet(w: &Workbook) -> bool {
    w.sheets
        .iter()
        .any(|s| header::detect(s).is_some_and(|h| h.kind == header::Kind::Frame))
}

/// Report order: by file, sheet, row, column, then code.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.place.file, &a.place.sheet, a.place.cell, a.code, &a.args).cmp(&(
            &b.place.file,
            &b.place.sheet,
            b.place.cell,
            b.code,
            &b.args,
        ))
    });
}

/// The progress report's file name; `build` writes it only when a submission carries
/// progress.
pub const PROGRESS_PDF: &str = "progress.pdf";

/// Errors of the rendering stage.
#[derive(Debug)]
pub enum RenderError {
    Json(serde_json::Error),
    Xlsx(crate::render::xlsx::XlsxError),
    /// The PDF writer's thread stopped without a result.
    Pdf,
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenderError::Json(e) => write!(f, "roadmap.json: {e}"),
            RenderError::Xlsx(e) => write!(f, "kpi.xlsx: {e}"),
            RenderError::Pdf => write!(f, "roadmap.pdf: the writer failed"),
        }
    }
}

impl std::error::Error for RenderError {}

/// Renders every output: (file name, bytes). `draft_errors` marks a draft with the number of
/// open errors.
/// Everything `build` writes, and what rendering found (a character the font lacks is an
/// error: it would print as an empty box).
pub struct Rendered {
    pub files: Vec<(&'static str, Vec<u8>)>,
    pub diagnostics: Vec<Diagnostic>,
}

pub fn render(
    loaded: &Loaded,
    draft_errors: Option<usize>,
    lang: crate::diagnostic::Lang,
) -> Result<Rendered, RenderError> {
    render_revised(loaded, draft_errors, lang, None)
}

/// [`render`] for a rolling revision: with `changes` (from the previous edition), the PDF
/// gets 「今回の改定における主な変更点」 and the workbook a 変更点 sheet.
pub fn render_revised(
    loaded: &Loaded,
    draft_errors: Option<usize>,
    lang: crate::diagnostic::Lang,
    changes: Option<&crate::revision::diff::Changes>,
) -> Result<Rendered, RenderError> {
    let laid = crate::render::pdf::layout::layout_revised(
        &loaded.roadmap,
        &crate::render::pdf::PdfOptions { draft_errors },
        changes,
    );
    let progress = crate::render::pdf::progress::layout(
        &loaded.roadmap,
        &crate::render::pdf::PdfOptions { draft_errors },
    );
    let mut diagnostics = loaded.diagnostics.clone();
    diagnostics.extend(laid.diagnostics.iter().cloned());
    diagnostics.extend(progress.iter().flat_map(|p| p.diagnostics.iter().cloned()));
    sort(&mut diagnostics);
    let options = crate::render::xlsx::XlsxOptions {
        lang,
        ..Default::default()
    };
    // The PDF is written on a second core while this one makes the workbook and the JSON:
    // the three outputs are independent once the layout (and its findings) is known.
    let (pdf, xlsx, json) = std::thread::scope(|scope| {
        let pdf = scope.spawn(|| crate::render::pdf::write::write(&laid.output));
        let xlsx =
            crate::render::xlsx::render_revised(&loaded.roadmap, &diagnostics, &options, changes);
        let json = serde_json::to_vec_pretty(&loaded.roadmap);
        // progress.pdf is small: this core writes it while the other finishes roadmap.pdf.
        let progress_pdf = progress
            .as_ref()
            .map(|p| crate::render::pdf::write::write(&p.output));
        (pdf.join(), xlsx, (json, progress_pdf))
    });
    let (json, progress_pdf) = json;
    let pdf = pdf.map_err(|_| RenderError::Pdf)?;
    let xlsx = xlsx.map_err(RenderError::Xlsx)?;
    let mut json = json.map_err(RenderError::Json)?;
    json.push(b'\n');
    let mut files = vec![
        ("roadmap.json", json),
        ("roadmap.pdf", pdf),
        ("kpi.xlsx", xlsx),
    ];
    let mut layout_diagnostics = laid.diagnostics;
    if let (Some(bytes), Some(p)) = (progress_pdf, progress) {
        files.push((PROGRESS_PDF, bytes));
        layout_diagnostics.extend(p.diagnostics);
    }
    Ok(Rendered {
        files,
        diagnostics: layout_diagnostics,
    })
}
