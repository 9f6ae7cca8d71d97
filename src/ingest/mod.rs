//! Ingest: the only module that touches calamine. Reads every workbook into sparse cells.

use serde::Serialize;

/// A workbook as read: its sheets' non-empty cells and merges, nothing interpreted yet.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Workbook {
    /// The file name as shown in diagnostics (e.g. "03_市民課.xlsx").
    pub file: String,
    pub sheets: Vec<Sheet>,
}

/// One sheet: non-empty cells in row-major order (never the full rectangle).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Sheet {
    pub name: String,
    pub cells: Vec<Cell>,
    pub merges: Vec<Merge>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    pub row: u32,
    pub col: u32,
    pub value: Value,
}

/// A cell's value as calamine reports it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Value {
    Text(String),
    Number(f64),
    /// A date cell: year, month, day.
    Date(i32, u32, u32),
    Bool(bool),
    /// A formula error such as `#REF!`.
    Error(String),
}

/// A merged range, inclusive, 0-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Merge {
    pub first_row: u32,
    pub first_col: u32,
    pub last_row: u32,
    pub last_col: u32,
}
