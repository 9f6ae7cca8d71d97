//! Legacy .xls (BIFF). calamine builds every sheet's whole used range when it opens the
//! file, so the ranges are checked against [`super::limits::MAX_RANGE_CELLS`] on the BIFF records
//! before (`cfb::check_xls`); the check after reading a sheet stays as a second guard.

use std::io::Cursor;

use calamine::{Reader, Xls};

use super::workbook::Workbook;
use crate::diagnostic::{Code, Diagnostic, Place, Warned};

/// Reads an .xls that `cfb::check_xls` passed; `hidden` is what it found of the sheets'
/// hidden rows. calamine reads no row visibility nor number formats from .xls: the hidden
/// rows come from the ROW records themselves, and percentages are judged by their values
/// (normalize::kpi; README).
pub fn read(
    name: &str,
    bytes: Vec<u8>,
    mut hidden: super::layout::HiddenRows,
) -> Warned<Option<Workbook>> {
    let mut book: Xls<_> = match Xls::new(Cursor::new(bytes)) {
        Ok(b) => b,
        Err(calamine::XlsError::Password) => {
            return unreadable(
                name,
                crate::diagnostic::Message::new(
                    "パスワードで保護されています",
                    "password-protected",
                )
                .arg(),
            )
        }
        Err(e) => return unreadable(name, e.to_string().into()),
    };
    super::ranges::read_sheets(name, &mut book, |b, sheet| super::ranges::Extras {
        merges: b.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
        layout: super::layout::SheetLayout {
            hidden_rows: hidden.remove(sheet).unwrap_or_default(),
            ..Default::default()
        },
        formats_known: false,
    })
}

fn unreadable(name: &str, why: crate::diagnostic::Arg) -> Warned<Option<Workbook>> {
    Warned::new(
        None,
        vec![Diagnostic::with(
            Code::FileUnreadable,
            Place::file(name),
            [why],
        )],
    )
}
