//! What ingest gives the readers above it: a workbook's sheets as sparse cells and merges,
//! with what the sheets show beyond their values, nothing interpreted yet.

use serde::Serialize;

use super::look::Look;

/// A workbook as read: its sheets' non-empty cells and merges, nothing interpreted yet.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Workbook {
    /// The file name as shown in diagnostics (e.g. "03_市民課.xlsx").
    pub file: String,
    /// Its sheets in the workbook's order, but for hidden ones and 記入例… / 説明….
    pub sheets: Vec<Sheet>,
}

/// One sheet: non-empty cells in row-major order (never the full rectangle).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Sheet {
    /// The sheet's name as on its tab, e.g. `工程表`.
    pub name: String,
    /// Its non-empty cells, sorted by row then column; cells of hidden rows are left out.
    pub cells: Vec<Cell>,
    /// Its merged ranges.
    pub merges: Vec<Merge>,
    /// Numeric cells shown as a percentage by their number format (`0.0%`: Excel shows 0.415
    /// as 41.5%), as (row, column), sorted.
    pub percent: Vec<(u32, u32)>,
    /// Whether the file's number formats were read (.xlsx, .xlsm, .ods). Where not (.xls),
    /// `percent` is empty for want of knowing, and the KPI reader falls back on the values.
    pub formats_known: bool,
    /// What the sheet shows beyond its values (fills, struck text, shapes, notes), as far as
    /// its format is read (README: .xlsx and .xlsm fully, .ods notes and struck cells, .xls
    /// none); cells of hidden rows are left out.
    pub look: Look,
}

impl Sheet {
    /// Whether the numeric cell at (row, col) is shown as a percentage.
    pub fn is_percent(&self, row: u32, col: u32) -> bool {
        self.percent.binary_search(&(row, col)).is_ok()
    }
}

/// One non-empty cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// 0-based row (row 12 in Excel is `11`).
    pub row: u32,
    /// 0-based column (column F is `5`).
    pub col: u32,
    /// What it holds.
    pub value: Value,
}

/// A cell's value as calamine reports it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Value {
    /// A text as written (not trimmed), cut at [`super::limits::MAX_TEXT_CHARS`] characters.
    Text(String),
    /// A number, integer or not (e.g. `0.415` for a cell shown as 41.5%).
    Number(f64),
    /// A date cell.
    Date(crate::fiscal::Date),
    /// A boolean cell (`TRUE` / `FALSE`).
    Bool(bool),
    /// A formula error such as `#REF!`.
    Error(String),
}

/// A merged range, inclusive, 0-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Merge {
    /// The top row.
    pub first_row: u32,
    /// The leftmost column.
    pub first_col: u32,
    /// The bottom row (equal to `first_row` for a merge within one row).
    pub last_row: u32,
    /// The rightmost column.
    pub last_col: u32,
}
