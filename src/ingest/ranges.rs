//! Sheets that calamine hands over as whole ranges (.xls, .ods): one loop for both formats,
//! with the range's size checked before its cells are copied.

use calamine::{Dimensions, Reader, SheetVisible};

use super::limits;
use super::sheet::{self, SheetBuilder};
use super::workbook::{Value, Workbook};
use crate::diagnostic::{Code, Diagnostic, Place, Warned};

/// What a format knows of a sheet beyond its values.
pub struct Extras {
    pub merges: Vec<Dimensions>,
    pub layout: super::layout::SheetLayout,
    /// Whether the number formats were read (percent cells are in `layout`).
    pub formats_known: bool,
}

/// Reads every sheet of an opened book; `extras` gives a sheet's merged ranges, hidden rows
/// and percent cells, as far as the format's reader or the ingest's own pre-scan know them.
pub fn read_sheets<RS, R>(
    name: &str,
    book: &mut R,
    mut extras: impl FnMut(&R, &str) -> Extras,
) -> Warned<Option<Workbook>>
where
    RS: std::io::Read + std::io::Seek,
    R: Reader<RS>,
    R::Error: std::fmt::Display,
{
    let mut diagnostics = Vec::new();
    let mut workbook = Workbook {
        file: name.to_string(),
        sheets: Vec::new(),
    };
    let sheets: Vec<(String, SheetVisible)> = book
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible))
        .collect();
    for (sheet_name, visible) in sheets {
        if sheet::skipped_by_name(&sheet_name) {
            diagnostics.extend(sheet::skipped_sheet(name, &sheet_name));
            continue;
        }
        if visible != SheetVisible::Visible {
            diagnostics.push(sheet::hidden_sheet(name, &sheet_name));
            continue;
        }
        let range = match book.worksheet_range(&sheet_name) {
            Ok(r) => r,
            Err(e) => {
                diagnostics.push(Diagnostic::new(
                    Code::FileUnreadable,
                    Place::sheet(name, &sheet_name),
                    &[&e.to_string()],
                ));
                continue;
            }
        };
        let extra = extras(book, &sheet_name);
        let mut builder = SheetBuilder::new(name, &sheet_name);
        builder.hide_rows(extra.layout.hidden_rows.clone());
        builder.look(extra.layout.look.clone());
        if extra.formats_known {
            builder.formats_known();
        }
        let (h, w) = range.get_size();
        if (h as u64) * (w as u64) > limits::MAX_RANGE_CELLS {
            diagnostics.push(too_large(name, &sheet_name));
        } else {
            let (r0, c0) = range.start().unwrap_or((0, 0));
            for (r, c, v) in range.used_cells() {
                if !builder.push(r0 + r as u32, c0 + c as u32, sheet::from_data(v)) {
                    break;
                }
            }
        }
        for &(row, col) in &extra.layout.percent {
            let numeric = range
                .get_value((row, col))
                .is_some_and(|v| matches!(sheet::from_data(v), Some(Value::Number(_))));
            if numeric {
                builder.mark_percent(row, col);
            }
        }
        let mut merges = extra.merges;
        merges.extend(
            extra
                .layout
                .merges
                .iter()
                .map(|&(r0, c0, r1, c1)| Dimensions::new((r0, c0), (r1, c1))),
        );
        builder.merges(&merges);
        let (sheet, found) = builder.finish();
        diagnostics.extend(found);
        workbook.sheets.push(sheet);
    }
    Warned::new(Some(workbook), diagnostics)
}

pub(super) fn too_large(file: &str, sheet: &str) -> Diagnostic {
    let why = crate::diagnostic::Message::new(
        format!("使用範囲が{}セルを超えています", limits::MAX_RANGE_CELLS),
        format!("used range over {} cells", limits::MAX_RANGE_CELLS),
    )
    .arg();
    Diagnostic::with(Code::LimitExceeded, Place::sheet(file, sheet), [why])
}
