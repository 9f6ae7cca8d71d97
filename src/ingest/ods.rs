//! OpenDocument spreadsheets (.ods). calamine reports no merged cells, hidden rows or
//! percentages for ODS: those are read from content.xml by [`super::layout::ods_layout`].
//! calamine spells out repeated rows and columns when it opens the file; `guard` counts them
//! first.

use std::io::Cursor;

use calamine::{Ods, Reader};

use super::workbook::Workbook;
use crate::diagnostic::{Code, Diagnostic, Place, Warned};

/// An ODS package starts with an uncompressed `mimetype` entry naming the format.
pub fn is_ods(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(200)];
    super::files::contains(head, b"application/vnd.oasis.opendocument.spreadsheet")
}

pub fn read(name: &str, bytes: Vec<u8>) -> Warned<Option<Workbook>> {
    let mut layouts = super::layout::ods_layout(&bytes);
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
    super::ranges::read_sheets(name, &mut book, |_, sheet| super::ranges::Extras {
        merges: Vec::new(),
        layout: layouts.remove(sheet).unwrap_or_default(),
        formats_known: true,
    })
}
