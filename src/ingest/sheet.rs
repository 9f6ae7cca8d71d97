//! Building a [`Sheet`] from any format's cells, within the limits.

use calamine::{Data, DataRef, Dimensions};

use super::limits;
use super::look::Look;
use super::workbook::{Cell, Merge, Sheet, Value};
use crate::diagnostic::{Code, Diagnostic, Place};
use crate::fiscal::Date;

/// Examples (記入例…) and instructions (説明…) are skipped by name.
pub fn skipped_by_name(name: &str) -> bool {
    let n = name.trim_start();
    n.starts_with("記入例") || n.starts_with("説明")
}

/// The note for a sheet skipped by name: none for the names the template and the contract
/// use themselves (`説明`, `記入例`: our own instructions are no finding), an info for any
/// other (`記入例（旧）` may be a renamed copy holding real lines).
pub fn skipped_sheet(file: &str, name: &str) -> Option<Diagnostic> {
    let own = matches!(name.trim(), "説明" | "記入例");
    (!own).then(|| Diagnostic::new(Code::SheetSkipped, Place::sheet(file, name), &[name]))
}

/// Collects cells for one sheet, enforcing the per-sheet limits.
pub struct SheetBuilder<'a> {
    file: &'a str,
    sheet: Sheet,
    pub diagnostics: Vec<Diagnostic>,
    full: bool,
    /// Rows hidden in the file, as sorted inclusive ranges: their cells are not kept.
    hidden_rows: Vec<(u32, u32)>,
    /// Hidden rows that held something, and the first such cell (for the warning's place).
    dropped_rows: std::collections::BTreeSet<u32>,
    first_dropped: Option<(u32, u32)>,
    /// The sheet has an AutoFilter.
    filtered: bool,
}

impl<'a> SheetBuilder<'a> {
    pub fn new(file: &'a str, name: &str) -> SheetBuilder<'a> {
        SheetBuilder {
            file,
            sheet: Sheet {
                name: name.to_string(),
                ..Sheet::default()
            },
            diagnostics: Vec::new(),
            full: false,
            hidden_rows: Vec::new(),
            dropped_rows: Default::default(),
            first_dropped: None,
            filtered: false,
        }
    }

    /// Rows hidden in the file (inclusive ranges, any order): a clerk's old copy is often
    /// hidden rather than deleted, so their cells are left out and named in a warning.
    pub fn hide_rows(&mut self, mut ranges: Vec<(u32, u32)>) {
        ranges.sort_unstable();
        self.hidden_rows = ranges;
    }

    /// Marks the sheet as having an AutoFilter: its hidden rows are reported as filtered out
    /// (`rows-filtered`), with the hint to clear the filter.
    pub fn filtered(&mut self) {
        self.filtered = true;
    }

    /// Marks a numeric cell as shown with a percent format; `formats_known` says that the
    /// format of every cell was looked at.
    pub fn mark_percent(&mut self, row: u32, col: u32) {
        self.sheet.percent.push((row, col));
    }

    /// Says that the number formats of this sheet were read (so an unmarked cell is no
    /// percentage).
    pub fn formats_known(&mut self) {
        self.sheet.formats_known = true;
    }

    /// What the sheet shows beyond its values; what lies in hidden rows is left out with
    /// their cells, and a struck cell's kept text is cut like any text. Call after
    /// [`SheetBuilder::hide_rows`].
    pub fn look(&mut self, mut look: Look) {
        look.fills.retain(|f| !self.is_hidden(f.row));
        look.struck.retain(|s| !self.is_hidden(s.row));
        look.notes.retain(|n| !self.is_hidden(n.row));
        for s in &mut look.struck {
            if let Some(kept) = s.kept.as_mut() {
                if kept.chars().count() > limits::MAX_TEXT_CHARS {
                    *kept = kept.chars().take(limits::MAX_TEXT_CHARS).collect();
                }
            }
        }
        self.sheet.look = look;
    }

    fn is_hidden(&self, row: u32) -> bool {
        let i = self.hidden_rows.partition_point(|&(_, last)| last < row);
        self.hidden_rows
            .get(i)
            .is_some_and(|&(first, _)| first <= row)
    }

    /// Adds a cell; returns false once the sheet is full (the caller stops reading).
    pub fn push(&mut self, row: u32, col: u32, value: Option<Value>) -> bool {
        let Some(value) = value else {
            return !self.full;
        };
        if self.is_hidden(row) {
            self.dropped_rows.insert(row);
            self.first_dropped = self.first_dropped.or(Some((row, col)));
            return !self.full;
        }
        if self.sheet.cells.len() >= limits::MAX_CELLS_PER_SHEET {
            if !self.full {
                self.full = true;
                let why = crate::diagnostic::Message::new(
                    format!(
                        "シートのセル数が{}を超えました",
                        limits::MAX_CELLS_PER_SHEET
                    ),
                    format!("more than {} cells", limits::MAX_CELLS_PER_SHEET),
                )
                .arg();
                self.diagnostics.push(Diagnostic::with(
                    Code::LimitExceeded,
                    Place::cell(self.file, &self.sheet.name, row, col),
                    [why],
                ));
            }
            return false;
        }
        let value = match value {
            Value::Text(t) if t.chars().count() > limits::MAX_TEXT_CHARS => {
                let why = crate::diagnostic::Message::new(
                    format!(
                        "セルの文字数が{}を超えたため切り詰めました",
                        limits::MAX_TEXT_CHARS
                    ),
                    format!("text cut at {} characters", limits::MAX_TEXT_CHARS),
                )
                .arg();
                self.diagnostics.push(Diagnostic::with(
                    Code::LimitExceeded,
                    Place::cell(self.file, &self.sheet.name, row, col),
                    [why],
                ));
                Value::Text(t.chars().take(limits::MAX_TEXT_CHARS).collect())
            }
            v => v,
        };
        self.sheet.cells.push(Cell { row, col, value });
        true
    }

    pub fn merges(&mut self, dims: &[Dimensions]) {
        self.sheet.merges = dims
            .iter()
            .map(|d| Merge {
                first_row: d.start.0,
                first_col: d.start.1,
                last_row: d.end.0,
                last_col: d.end.1,
            })
            .collect();
    }

    pub fn finish(mut self) -> (Sheet, Vec<Diagnostic>) {
        // Streaming readers give row order already; sorting makes every format alike.
        self.sheet.cells.sort_by_key(|c| (c.row, c.col));
        self.sheet.percent.sort_unstable();
        self.sheet.percent.dedup();
        let look = &mut self.sheet.look;
        look.fills.sort_by_key(|f| (f.row, f.col));
        look.struck.sort_by_key(|s| (s.row, s.col));
        look.notes.sort_by_key(|n| (n.row, n.col));
        if let Some((row, col)) = self.first_dropped {
            let rows = row_list(&self.dropped_rows);
            let code = if self.filtered {
                Code::RowsFiltered
            } else {
                Code::RowsHidden
            };
            self.diagnostics.push(Diagnostic::with(
                code,
                Place::cell(self.file, &self.sheet.name, row, col),
                [self.sheet.name.as_str().into(), rows],
            ));
        }
        (self.sheet, self.diagnostics)
    }
}

/// 1-based row numbers with runs joined: `5、7～9行目` / `rows 5, 7-9`.
fn row_list(rows: &std::collections::BTreeSet<u32>) -> crate::diagnostic::Arg {
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for &r in rows {
        match runs.last_mut() {
            Some((_, last)) if *last + 1 == r => *last = r,
            _ => runs.push((r, r)),
        }
    }
    let show = |sep: &str, dash: &str| {
        runs.iter()
            .map(|&(a, b)| {
                if a == b {
                    format!("{}", a + 1)
                } else {
                    format!("{}{dash}{}", a + 1, b + 1)
                }
            })
            .collect::<Vec<_>>()
            .join(sep)
    };
    crate::diagnostic::Message::new(
        format!("{}行目", show("、", "～")),
        format!("rows {}", show(", ", "-")),
    )
    .arg()
}

/// A hidden sheet is not read: the warning names it (a department's old copy is often
/// hidden, not deleted).
pub fn hidden_sheet(file: &str, name: &str) -> Diagnostic {
    Diagnostic::new(Code::SheetHidden, Place::sheet(file, name), &[name])
}

/// Whether an Excel number format code shows its number as a percentage: a `%` outside
/// quotes and not escaped (`0.0"%"` shows 41.5 as 41.5%, without scaling).
///
/// ```
/// use koteihyo::ingest::is_percent_format;
/// assert!(is_percent_format("0.0%"));
/// assert!(!is_percent_format("0.0\"%\""));
/// assert!(!is_percent_format("General"));
/// ```
pub fn is_percent_format(code: &str) -> bool {
    let mut quoted = false;
    let mut escaped = false;
    for c in code.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '%' if !quoted => return true,
            _ => {}
        }
    }
    false
}

/// An owned calamine value (from .xls and .ods ranges) as a [`Value`]; `None` when empty.
pub fn from_data(d: &Data) -> Option<Value> {
    match d {
        Data::Int(i) => Some(Value::Number(*i as f64)),
        Data::Float(f) => Some(Value::Number(*f)),
        Data::String(s) => text(s),
        Data::Bool(b) => Some(Value::Bool(*b)),
        Data::DateTime(dt) => Some(date(dt)),
        Data::DateTimeIso(s) => Some(iso_date(s)),
        Data::DurationIso(s) => text(s),
        Data::Error(e) => Some(Value::Error(e.to_string())),
        Data::Empty => None,
    }
}

/// A borrowed calamine value (from the streaming .xlsx reader) as a [`Value`].
pub fn from_data_ref(d: &DataRef<'_>) -> Option<Value> {
    match d {
        DataRef::Int(i) => Some(Value::Number(*i as f64)),
        DataRef::Float(f) => Some(Value::Number(*f)),
        DataRef::String(s) => text(s),
        DataRef::SharedString(s) => text(s),
        DataRef::Bool(b) => Some(Value::Bool(*b)),
        DataRef::DateTime(dt) => Some(date(dt)),
        DataRef::DateTimeIso(s) => Some(iso_date(s)),
        DataRef::DurationIso(s) => text(s),
        DataRef::Error(e) => Some(Value::Error(e.to_string())),
        DataRef::Empty => None,
    }
}

fn text(s: &str) -> Option<Value> {
    (!s.is_empty()).then(|| Value::Text(s.to_string()))
}

fn date(dt: &calamine::ExcelDateTime) -> Value {
    let day = || {
        let (y, m, d, ..) = dt.to_ymd_hms_milli();
        Date::new(i32::from(y), u32::from(m), u32::from(d))
    };
    match dt.is_datetime().then(day).flatten() {
        Some(d) => Value::Date(d),
        // A duration, or a serial outside the calendar: the number as stored.
        None => Value::Number(dt.as_f64()),
    }
}

/// ODS dates come as ISO 8601 text ("2025-04-01" or "2025-04-01T00:00:00"); one that is no
/// real day stays text, for the reader to report.
fn iso_date(s: &str) -> Value {
    match s.get(..10).unwrap_or("").parse::<Date>() {
        Ok(d) => Value::Date(d),
        Err(_) => Value::Text(s.to_string()),
    }
}
