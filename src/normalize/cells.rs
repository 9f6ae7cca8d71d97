//! Reading cells of an ingested sheet: rows, texts, merges.

use std::collections::HashMap;

use crate::diagnostic::{Code, Diagnostic, Place};
use crate::ingest::{Cell, Merge, Sheet, Value};

/// Rows of a row-major cell list: (row, its cells).
pub fn rows(cells: &[Cell]) -> impl Iterator<Item = (u32, &[Cell])> {
    let mut rest = cells;
    std::iter::from_fn(move || {
        let first = rest.first()?;
        let n = rest
            .iter()
            .position(|c| c.row != first.row)
            .unwrap_or(rest.len());
        let (row, tail) = rest.split_at(n);
        rest = tail;
        Some((first.row, row))
    })
}

/// A cell's value as text, the way Excel shows it; `None` for formula errors.
pub fn cell_text(v: &Value) -> Option<String> {
    match v {
        Value::Text(s) => Some(s.clone()),
        Value::Number(n) => Some(number_text(*n)),
        Value::Date(d) => Some(d.to_string()),
        Value::Bool(b) => Some(if *b { "TRUE" } else { "FALSE" }.to_string()),
        Value::Error(_) => None,
    }
}

fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// One sheet's cells keyed by position, with its merges, and the diagnostics met on the way.
pub struct SheetView<'a> {
    /// The file name as shown in diagnostics (`03_市民課.xlsx`).
    pub file: &'a str,
    /// The sheet read.
    pub sheet: &'a Sheet,
    /// Merges keyed by their top-left cell.
    merges: HashMap<(u32, u32), Merge>,
}

impl<'a> SheetView<'a> {
    /// A view of `sheet` of the file named `file`, its merges indexed by top-left cell.
    pub fn new(file: &'a str, sheet: &'a Sheet) -> SheetView<'a> {
        let merges = sheet
            .merges
            .iter()
            .map(|m| ((m.first_row, m.first_col), *m))
            .collect();
        SheetView {
            file,
            sheet,
            merges,
        }
    }

    /// The place of a cell of this sheet (0-based row and column), for a diagnostic.
    pub fn place(&self, row: u32, col: u32) -> Place {
        Place::cell(self.file, &self.sheet.name, row, col)
    }

    /// The merged range whose top-left cell is (`row`, `col`), if any.
    pub fn merge_at(&self, row: u32, col: u32) -> Option<&Merge> {
        self.merges.get(&(row, col))
    }

    /// The text of a cell, reporting a formula error as a diagnostic.
    pub fn text(&self, cell: &Cell, out: &mut Vec<Diagnostic>) -> Option<String> {
        match &cell.value {
            Value::Error(e) => {
                out.push(Diagnostic::new(
                    Code::CellError,
                    self.place(cell.row, cell.col),
                    &[e],
                ));
                None
            }
            v => cell_text(v).filter(|t| !t.trim().is_empty()),
        }
    }
}

/// The cells of one row keyed by column.
pub fn by_col(cells: &[Cell]) -> HashMap<u32, &Cell> {
    cells.iter().map(|c| (c.col, c)).collect()
}
