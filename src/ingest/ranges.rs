//! Sheets that calamine hands over as whole ranges (.xls, .ods): one loop for both formats,
//! with the range's size checked before its cells are copied.

use calamine::{Dimensions, Reader};

use super::sheet::{self, SheetBuilder};
use super::{limits, Workbook};
use crate::diagnostic::{Code, Diagnostic, Place, Warned};

/// Reads every sheet of an opened book; `merges` gives a sheet's merged ranges (none for
/// formats whose reader does not report them).
pub fn read_sheets<RS, R>(
    name: &str,
    book: &mut R,
    merges: impl Fn(&R, &str) -> Vec<Dimensions>,
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
    for sheet_name in book.sheet_names() {
        if sheet::skipped_by_name(&sheet_name) {
            diagnostics.push(Diagnostic::new(
                Code::SheetSkipped,
                Place::sheet(name, &sheet_name),
                &[&sheet_name],
            ));
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
        let mut builder = SheetBuilder::new(name, &sheet_name);
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
        builder.merges(&merges(book, &sheet_name));
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
    Diagnostic::new(Code::LimitExceeded, Place::sheet(file, sheet), &[&why])
}
