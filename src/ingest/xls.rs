//! Legacy .xls (BIFF). calamine builds every sheet's whole used range when it opens the
//! file, so the ranges are checked against [`limits::MAX_RANGE_CELLS`] on the BIFF records
//! before (`cfb::check_xls`); the check after reading a sheet stays as a second guard.

use std::io::Cursor;

use calamine::{Reader, Xls};

use super::sheet::{self, SheetBuilder};
use super::{limits, Workbook};
use crate::diagnostic::{Code, Diagnostic, Place, Warned};

pub fn read(name: &str, bytes: Vec<u8>) -> Warned<Option<Workbook>> {
    let mut book: Xls<_> = match Xls::new(Cursor::new(bytes)) {
        Ok(b) => b,
        Err(calamine::XlsError::Password) => {
            return unreadable(name, "パスワードで保護されています (password-protected)")
        }
        Err(e) => return unreadable(name, &e.to_string()),
    };
    let names: Vec<String> = book.sheet_names();
    let mut diagnostics = Vec::new();
    let mut workbook = Workbook {
        file: name.to_string(),
        sheets: Vec::new(),
    };
    for sheet_name in names {
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
        if let Ok(dims) = book.merge_cells_by_sheet_name(&sheet_name) {
            builder.merges(&dims);
        }
        let (sheet, found) = builder.finish();
        diagnostics.extend(found);
        workbook.sheets.push(sheet);
    }
    Warned::new(Some(workbook), diagnostics)
}

pub(super) fn too_large(file: &str, sheet: &str) -> Diagnostic {
    let why = format!(
        "使用範囲が{}セルを超えています (used range over {} cells)",
        limits::MAX_RANGE_CELLS,
        limits::MAX_RANGE_CELLS
    );
    Diagnostic::new(Code::LimitExceeded, Place::sheet(file, sheet), &[&why])
}

fn unreadable(name: &str, why: &str) -> Warned<Option<Workbook>> {
    Warned::new(
        None,
        vec![Diagnostic::new(
            Code::FileUnreadable,
            Place::file(name),
            &[why],
        )],
    )
}
