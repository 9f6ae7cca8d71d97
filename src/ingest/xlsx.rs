//! .xlsx / .xlsm / .xlsb: cells streamed one by one, so a stray cell at XFD1048576 costs one
//! cell, not the rectangle up to it.

use std::io::Cursor;

use calamine::{Reader, SheetType, SheetVisible, Xlsx};

use super::sheet::{self, SheetBuilder};
use super::workbook::{Value, Workbook};
use crate::diagnostic::{Code, Diagnostic, Place, Warned};

pub fn read(name: &str, bytes: Vec<u8>) -> Warned<Option<Workbook>> {
    let mut diagnostics = Vec::new();
    let mut layouts = super::layout::xlsx_sheets(&bytes);
    let mut book: Xlsx<_> = match Xlsx::new(Cursor::new(bytes)) {
        Ok(b) => b,
        Err(e) => {
            let why = crate::diagnostic::Message::new(
                "Excelのブックとして読めません",
                format!("not a readable workbook: {e}"),
            )
            .arg();
            return Warned::new(
                None,
                vec![Diagnostic::with(
                    Code::FileUnreadable,
                    Place::file(name),
                    [why],
                )],
            );
        }
    };
    let sheets: Vec<(String, SheetType, SheetVisible)> = book
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.typ, s.visible))
        .collect();
    let mut workbook = Workbook {
        file: name.to_string(),
        sheets: Vec::new(),
    };
    for (sheet_name, typ, visible) in sheets {
        if typ != SheetType::WorkSheet {
            continue;
        }
        if sheet::skipped_by_name(&sheet_name) {
            diagnostics.extend(sheet::skipped_sheet(name, &sheet_name));
            continue;
        }
        if visible != SheetVisible::Visible {
            diagnostics.push(sheet::hidden_sheet(name, &sheet_name));
            continue;
        }
        let mut builder = SheetBuilder::new(name, &sheet_name);
        let layout = layouts.remove(&sheet_name).unwrap_or_default();
        builder.hide_rows(layout.hidden_rows);
        if layout.filtered {
            builder.filtered();
        }
        builder.look(layout.look);
        builder.formats_known();
        let streamed = stream_cells(&mut book, &sheet_name, &mut builder);
        if let Err(why) = streamed {
            diagnostics.push(Diagnostic::new(
                Code::FileUnreadable,
                Place::sheet(name, &sheet_name),
                &[&why],
            ));
        }
        match book.merge_cells_by_sheet_name(&sheet_name) {
            Ok(dims) => builder.merges(&dims),
            Err(e) => diagnostics.push(Diagnostic::new(
                Code::FileUnreadable,
                Place::sheet(name, &sheet_name),
                &[&e.to_string()],
            )),
        }
        let (sheet, found) = builder.finish();
        diagnostics.extend(found);
        workbook.sheets.push(sheet);
    }
    Warned::new(Some(workbook), diagnostics)
}

fn stream_cells<RS: std::io::Read + std::io::Seek>(
    book: &mut Xlsx<RS>,
    sheet_name: &str,
    builder: &mut SheetBuilder<'_>,
) -> Result<(), String> {
    let mut reader = book
        .worksheet_cells_reader(sheet_name)
        .map_err(|e| e.to_string())?;
    // Which styles show a number as a percentage, decided once per style.
    let percent: Vec<bool> = reader
        .styles()
        .iter()
        .map(|s| {
            s.number_format
                .as_ref()
                .is_some_and(|f| sheet::is_percent_format(&f.format_code))
        })
        .collect();
    while let Some((cell, style)) = reader
        .next_cell_with_style_id()
        .map_err(|e| e.to_string())?
    {
        let (row, col) = cell.get_position();
        let value = sheet::from_data_ref(cell.get_value());
        let numeric = matches!(value, Some(Value::Number(_)));
        if !builder.push(row, col, value) {
            break;
        }
        if numeric && percent.get(style).copied().unwrap_or(false) {
            builder.mark_percent(row, col);
        }
    }
    Ok(())
}
