//! 確認票 (receipts): one workbook per submitted file, showing its department what was read
//! from it — its lines in the template's layout with every step drawn as a bar, every finding
//! as a note on the cell it is about, the list of findings, and with `--previous` its changes.
//! The department opens it beside its own file and compares at a glance.
//!
//! A finding is put on the receipt's cell for the cell it names: the step's first bar cell,
//! the 取り組み項目 or 具体的な取り組み cell, else the row's 読んだ行 cell. A finding on a
//! cell that gave no line (a row that could not be placed) is listed in the summary above the
//! table, with a note, so nothing found is left off the first sheet.

mod findings;
mod spec;
mod table;

pub use spec::Spec;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, XlsxError};

use crate::diagnostic::Diagnostic;

/// The first sheet: the lines as read.
pub const SHEET_READ: &str = "読み取り結果";
/// The list of findings.
pub const SHEET_FINDINGS: &str = "指摘";
/// The changes against the previous edition (with `--previous`).
pub const SHEET_CHANGES: &str = "変更点";

/// The receipt's file name: `確認票_03_市民課.xlsx` for `03_市民課.xlsx`.
///
/// ```
/// use koteihyo::render::receipt::name;
/// assert_eq!(name("03_市民課.xlsx"), "確認票_03_市民課.xlsx");
/// assert_eq!(name("21_危機管理課.ods"), "確認票_21_危機管理課.xlsx");
/// ```
pub fn name(file: &str) -> String {
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    format!("{}{stem}.xlsx", crate::ingest::RECEIPT_PREFIX)
}

/// The receipts of `files`, named by [`name`] (with the source's extension kept when two
/// files share a stem, e.g. `02_市民課.xlsx` and `02_市民課.xls`), in the order given.
pub fn receipts(
    files: &[String],
    spec: &Spec<'_>,
) -> Result<Vec<(String, String, Vec<u8>)>, XlsxError> {
    let receipts = Receipts::new(files, spec);
    let mut out = Vec::new();
    for (file, receipt) in receipts.names() {
        out.push((file.clone(), receipt.clone(), receipts.make(file)?));
    }
    Ok(out)
}

/// The receipts of a run, to be made one at a time, in any order and on any thread (`build`
/// shares them between its two workers): the names are settled first, and the roadmap is
/// indexed by file once for all of them.
pub struct Receipts<'a> {
    spec: Spec<'a>,
    by_file: table::ByFile<'a>,
    names: Vec<(String, String)>,
}

impl<'a> Receipts<'a> {
    /// The receipts of `files`, named as [`receipts`] names them; `spec.file` is not read.
    pub fn new(files: &[String], spec: &Spec<'a>) -> Receipts<'a> {
        let mut named: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for file in files {
            *named.entry(name(file)).or_default() += 1;
        }
        let names = files
            .iter()
            .map(|file| {
                let receipt = if named.get(&name(file)).is_some_and(|n| *n > 1) {
                    format!("{}{file}.xlsx", crate::ingest::RECEIPT_PREFIX)
                } else {
                    name(file)
                };
                (file.clone(), receipt)
            })
            .collect();
        Receipts {
            spec: Spec { file: "", ..*spec },
            by_file: table::ByFile::new(spec.roadmap),
            names,
        }
    }

    /// (file, receipt name) of each receipt, in the order of the files.
    pub fn names(&self) -> &[(String, String)] {
        &self.names
    }

    /// The bytes of the receipt of `file` (one of [`Receipts::names`]).
    pub fn make(&self, file: &str) -> Result<Vec<u8>, XlsxError> {
        write_with(&Spec { file, ..self.spec }, &self.by_file)
    }
}

/// One receipt's bytes.
pub fn write(spec: &Spec<'_>) -> Result<Vec<u8>, XlsxError> {
    write_with(spec, &table::ByFile::new(spec.roadmap))
}

/// One receipt's bytes, with the roadmap's items already sorted by file.
fn write_with(spec: &Spec<'_>, by_file: &table::ByFile<'_>) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    wb.set_properties(&properties(spec)?);
    let found: Vec<&Diagnostic> = findings::of_file(spec.diagnostics, spec.file);
    let st = table::Styles::new();
    let drawn = table::draw(spec, by_file);
    let placed = findings::place(&found, &drawn, spec.lang);
    {
        let ws = wb.add_worksheet();
        ws.set_name(SHEET_READ)?;
        table::write(ws, spec, &drawn, &placed, &st)?;
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(SHEET_FINDINGS)?;
        findings::write(ws, &found, &placed, spec.lang, &st, spec.roadmap)?;
    }
    if let Some(changes) = spec.changes {
        let ws = wb.add_worksheet();
        ws.set_name(SHEET_CHANGES)?;
        findings::write_changes(ws, changes, &drawn.department, &st, spec.roadmap)?;
    }
    wb.save_to_buffer()
}

/// Fixed document properties: the run's date, not the clock.
fn properties(spec: &Spec<'_>) -> Result<DocProperties, XlsxError> {
    let d = spec.as_of;
    let when = ExcelDateTime::from_ymd(
        u16::try_from(d.year()).unwrap_or(2000),
        u8::try_from(d.month()).unwrap_or(1),
        u8::try_from(d.day()).unwrap_or(1),
    )?;
    Ok(DocProperties::new()
        .set_title(format!("確認票 {}", spec.file))
        .set_author("koteihyo")
        .set_company(&spec.roadmap.plan.city)
        .set_creation_datetime(&when))
}
