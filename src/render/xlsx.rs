//! KPI workbook (`output/kpi.xlsx`): the policy office's working copy of the roadmap.
//!
//! Five sheets, all in Japanese:
//!
//! - **KPI一覧**: one two-row block (計画 / 実績) per indicator, grouped 全般 / (1) / (2) / (3),
//!   with the progress rate and status as live formulas.
//! - **グラフ**: one chart per indicator (targets vs actuals, baseline included) over every
//!   fiscal year, the value axis from zero.
//! - **工程一覧**: every step as a filterable table with a text Gantt (■).
//! - **入力チェック**: every diagnostic of the run, to be sent back to the departments.
//! - **進捗状況** (only when a submission carries progress): one row per 取り組み項目 with its
//!   status, 実績 and 課題 in the 評価年度.
//! - **集計**: counts per pillar, policy and department (COUNTIFS over 工程一覧), and with
//!   progress the status counts per policy and department (COUNTIFS over 進捗状況).
//! - **変更点** (only with `build --previous`): the changes from the previous edition.
//!
//! Every formula carries its computed result, because rust_xlsxwriter would otherwise store 0
//! and readers that do not recalculate (calamine, file previews) would show wrong values.
//! The output is deterministic: the same input gives the same bytes.

mod changes;
mod charts;
mod checks;
mod error;
mod kpi;
mod options;
mod progress;
mod sheet;
mod steps;
mod summary;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, Worksheet};

use crate::diagnostic::Diagnostic;
use crate::model::Roadmap;

// What the sheets share (names, formats, widths, cell references, the options and the error)
// lives in files of its own, so that no sheet reaches up into this one; the paths callers
// use stay here.
pub use error::XlsxError;
pub use options::XlsxOptions;
pub(crate) use sheet::{cell, cell_text, page_setup, row_height, wrapped_lines, FONT};
use sheet::{col_name, quote, Styles};
pub use sheet::{SHEET_CHARTS, SHEET_CHECKS, SHEET_KPI, SHEET_STEPS, SHEET_SUMMARY};

/// Renders the KPI workbook and returns its bytes.
///
/// ```
/// use koteihyo::model::Roadmap;
/// use koteihyo::render::xlsx::{render, XlsxOptions};
/// let bytes = render(&Roadmap::default(), &[], &XlsxOptions::default()).unwrap();
/// assert_eq!(&bytes[..2], b"PK");
/// ```
pub fn render(
    roadmap: &Roadmap,
    diagnostics: &[Diagnostic],
    options: &XlsxOptions,
) -> Result<Vec<u8>, XlsxError> {
    let sheets = sheets(roadmap, options)?;
    Ok(workbook(sheets, roadmap, diagnostics, options)?.save_to_buffer()?)
}

/// [`render`] straight into `writer` (the output's file), from the sheets [`sheets`] wrote:
/// the same bytes, without holding the zipped workbook in memory.
///
/// ```
/// use koteihyo::model::Roadmap;
/// use koteihyo::render::xlsx::{render, render_to, sheets, XlsxOptions};
/// let (roadmap, options) = (Roadmap::default(), XlsxOptions::default());
/// let mut file = std::io::Cursor::new(Vec::new());
/// render_to(sheets(&roadmap, &options).unwrap(), &roadmap, &[], &options, &mut file).unwrap();
/// assert_eq!(file.into_inner(), render(&roadmap, &[], &options).unwrap());
/// ```
pub fn render_to<W: std::io::Write + std::io::Seek + Send>(
    sheets: Sheets,
    roadmap: &Roadmap,
    diagnostics: &[Diagnostic],
    options: &XlsxOptions,
    writer: W,
) -> Result<(), XlsxError> {
    Ok(workbook(sheets, roadmap, diagnostics, options)?.save_to_writer(writer)?)
}

/// Every sheet of the workbook but 入力チェック, written and not yet saved. 入力チェック lists
/// the findings of the whole run, the PDF layout's among them; the other sheets need only the
/// roadmap, so `build` writes them while the PDF is laid out on the other core.
pub struct Sheets {
    /// The workbook 工程一覧 was made from: that sheet shares its string table.
    workbook: Workbook,
    kpi: Worksheet,
    charts: Worksheet,
    steps: Worksheet,
    progress: Option<Worksheet>,
    summary: Worksheet,
    changes: Option<Worksheet>,
    /// The ranges of the defined names KPI_Table and Steps_Table.
    kpi_range: String,
    steps_range: String,
    /// The formats the sheets were written with, for 入力チェック.
    styles: Styles,
}

impl Sheets {
    /// The worksheets in the workbook's order, with 入力チェック in its place.
    fn in_order(self, checks: Worksheet) -> Vec<Worksheet> {
        let mut order = vec![self.kpi, self.charts, self.steps];
        order.extend(self.progress);
        order.push(checks);
        order.push(self.summary);
        order.extend(self.changes);
        order
    }
}

/// Writes every sheet but 入力チェック (see [`Sheets`]).
///
/// ```
/// use koteihyo::model::Roadmap;
/// use koteihyo::render::xlsx::{sheets, XlsxOptions};
/// assert!(sheets(&Roadmap::default(), &XlsxOptions::default()).is_ok());
/// ```
pub fn sheets(roadmap: &Roadmap, options: &XlsxOptions) -> Result<Sheets, XlsxError> {
    let styles = Styles::new();
    let named = |name: &str| -> Result<Worksheet, XlsxError> {
        let mut ws = Worksheet::new();
        ws.set_name(name)?;
        Ok(ws)
    };
    let mut kpi = named(SHEET_KPI)?;
    let kpi_layout = kpi::write(&mut kpi, roadmap, options, &styles)?;
    let mut charts = named(SHEET_CHARTS)?;
    charts::write(&mut charts, roadmap, &kpi_layout, &styles)?;
    // 工程一覧 has a row per step (40,000 in a large city's roadmap): its rows go to a
    // temporary file as they are written, instead of being held until the save
    // (rust_xlsxwriter's low-memory mode: shared strings as usual, rows in order; `steps::write`
    // writes each row once and whole).
    let mut workbook = Workbook::new();
    let mut steps = workbook.new_worksheet_with_low_memory()?;
    steps.set_name(SHEET_STEPS)?;
    let step_layout = steps::write(&mut steps, roadmap, &styles)?;
    let (progress, progress_layout) = if progress::wanted(roadmap) {
        let mut ws = named(progress::SHEET_PROGRESS)?;
        let layout = progress::write(&mut ws, roadmap, &styles)?;
        (Some(ws), Some(layout))
    } else {
        (None, None)
    };
    let mut summary = named(SHEET_SUMMARY)?;
    summary::write(
        &mut summary,
        roadmap,
        &step_layout,
        progress_layout.as_ref(),
        &styles,
    )?;
    let changes = match options.changes {
        Some(changes) => {
            let mut ws = named(changes::SHEET_CHANGES)?;
            changes::write(&mut ws, roadmap, changes, &styles)?;
            Some(ws)
        }
        None => None,
    };
    Ok(Sheets {
        workbook,
        kpi,
        charts,
        steps,
        progress,
        summary,
        changes,
        kpi_range: kpi_layout.table_range(),
        steps_range: step_layout.table_range(),
        styles,
    })
}

/// The workbook: `sheets` and 入力チェック in their order, not yet saved.
fn workbook(
    mut sheets: Sheets,
    roadmap: &Roadmap,
    diagnostics: &[Diagnostic],
    options: &XlsxOptions,
) -> Result<Workbook, XlsxError> {
    let mut workbook = std::mem::take(&mut sheets.workbook);
    workbook.set_properties(&properties(roadmap));
    let mut checks = Worksheet::new();
    checks.set_name(SHEET_CHECKS)?;
    let checks_last_row =
        checks::write(&mut checks, roadmap, diagnostics, options, &sheets.styles)?;
    let (kpi_range, steps_range) = (sheets.kpi_range.clone(), sheets.steps_range.clone());
    for sheet in sheets.in_order(checks) {
        workbook.push_worksheet(sheet);
    }

    // Names a reader can pick from the Name Box; Excel's rules forbid most punctuation, so
    // plain ASCII names.
    workbook.define_name("KPI_Table", &kpi_range)?;
    workbook.define_name("Steps_Table", &steps_range)?;
    workbook.define_name(
        "Checks_Table",
        &format!(
            "={}!$A$1:${}${}",
            quote(SHEET_CHECKS),
            col_name(checks::LAST_COL),
            checks_last_row + 1
        ),
    )?;
    Ok(workbook)
}

/// Document properties, with a creation date fixed by the input so that the same input
/// gives the same bytes.
fn properties(roadmap: &Roadmap) -> DocProperties {
    let plan = &roadmap.plan;
    let created = plan
        .revisions
        .iter()
        .filter_map(|r| {
            let year = u16::try_from(r.date.year()).ok()?;
            let month = u8::try_from(r.date.month()).ok()?;
            ExcelDateTime::from_ymd(year, month, 1).ok()
        })
        .max_by(|a, b| a.to_excel().total_cmp(&b.to_excel()));
    let created = match created {
        Some(d) => d,
        // A valid constant date: from_ymd cannot fail on it, but stay panic-free anyway.
        None => ExcelDateTime::from_ymd(2000, 1, 1).unwrap_or_default(),
    };
    DocProperties::new()
        .set_title(format!("{} KPI・工程一覧", plan.title))
        .set_subject(format!(
            "{} 重要業績評価指標（KPI）と工程の一覧・集計",
            plan.document
        ))
        .set_author(&plan.issuer)
        .set_company(&plan.city)
        .set_keywords("DX推進計画, 工程表, ロードマップ, KPI, 重要業績評価指標")
        .set_creation_datetime(&created)
}
