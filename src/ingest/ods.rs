//! OpenDocument spreadsheets (.ods). calamine reports no merged cells for ODS, so a merge in
//! an .ods submission is seen as its top-left cell only (documented in the README). calamine
//! spells out repeated rows and columns when it opens the file; `guard` counts them first.

use std::io::Cursor;

use calamine::{Ods, Reader};

use super::sheet::{self, SheetBuilder};
use super::Workbook;
use crate::diagnostic::{Code, Diagnostic, Place, Warned};

/// An ODS package starts with an uncompressed `mimetype` entry naming the format.
pub fn is_ods(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(200)];
    let needle = b"application/vnd.oasis.opendocument.spreadsheet";
    head.windows(needle.len()).any(|w| w == needle)
}

pub fn read(name: &str, bytes: Vec<u8>) -> Warned<Option<Workbook>> {
    let mut book: Ods<_> = match Ods::new(Cursor::new(bytes)) {
        Ok(b) => b,
        Err(e) => {
            return Warned::new(
                None,
                vec![Diagnostic::new(
                    Code::FileUnreadable,
                    Place::file(name),
                    &[&e.to_string()],
                )],
            )
        }
    };
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
        if (h as u64) * (w as u64) > super::limits::MAX_RANGE_CELLS {
            diagnostics.push(super::xls::too_large(name, &sheet_name));
        } else {
            let (r0, c0) = range.start().unwrap_or((0, 0));
            for (r, c, v) in range.used_cells() {
                if !builder.push(r0 + r as u32, c0 + c as u32, sheet::from_data(v)) {
                    break;
                }
            }
        }
        let (sheet, found) = builder.finish();
        diagnostics.extend(found);
        workbook.sheets.push(sheet);
    }
    Warned::new(Some(workbook), diagnostics)
}
