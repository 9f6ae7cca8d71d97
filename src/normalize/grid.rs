//! The grid layout (the roadmap as printed): one sheet row is one chart line, and each filled
//! year cell starts a step.

use super::cells::{by_col, rows, SheetView};
use super::entry::{ignored, joined, no_step, year_ref, Entry, FillDown, Written};
use super::header::{Field, Header, YearColumn};
use super::progress;
use super::text::{
    is_continuation, is_continuation_word, is_end_mark, is_symbol_only, non_blank, parse_step_text,
};
use super::year::YearText;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Line, Period, Source, Step, YearRef};

/// Reads the rows below the header. `department` is the file's department, used where the
/// sheet has no 担当課 column or leaves it blank.
pub fn read(
    view: &SheetView<'_>,
    header: &Header,
    period: &Period,
    department: &str,
    out: &mut Vec<Diagnostic>,
) -> Vec<Entry> {
    let columns = year_columns(view, header, period, out);
    let sheet_progress = progress::sheet(view, header, out);
    let mut fill = FillDown::default();
    let mut entries = Vec::new();
    for (row, cells) in rows(&view.sheet.cells) {
        if row <= header.row {
            continue;
        }
        let at = by_col(cells);
        let text_of = |f: Field, out: &mut Vec<Diagnostic>| -> Option<Written> {
            header.text_in(view, &at, row, f, out)
        };
        let written = [
            text_of(Field::Pillar, out),
            text_of(Field::Policy, out),
            text_of(Field::Initiative, out).map(|w| joined(w, out)),
            text_of(Field::Item, out).map(|w| joined(w, out)),
        ];
        let remark = text_of(Field::Note, out).map(|(t, _)| t);
        let dept = text_of(Field::Department, out);
        let steps = row_steps(view, period, row, &at, &columns, out);
        let progress = progress::row(view, header, sheet_progress, row, &at, out);
        let notes = super::look::row_notes(view, row);
        let any = written.iter().any(Option::is_some)
            || !steps.is_empty()
            || remark.is_some()
            || progress.any();
        if !any {
            out.extend(dept.as_ref().map(|d| ignored(d, no_step())));
            continue;
        }
        let [pillar, policy, initiative, item] = fill.apply(written);
        let department_cell = dept.as_ref().map(|(_, cell)| cell.clone());
        let department = dept.map_or_else(|| department.to_string(), |(t, _)| t);
        let line = (!steps.is_empty() || remark.is_some()).then(|| Line {
            steps: steps
                .into_iter()
                .map(|mut s| {
                    s.department = department.clone();
                    s
                })
                .collect(),
            remark,
            relisting: None,
            closest_original: None,
            source: Source::new(view.file, &view.sheet.name, row, 0),
            cell_notes: Vec::new(),
        });
        // A line is found by its first step's cell.
        let line = line.map(|mut l| {
            if let Some(first) = l.steps.first() {
                l.source = first.source.clone();
            }
            l
        });
        entries.push(Entry {
            pillar,
            policy,
            initiative,
            item,
            line,
            group: None,
            department,
            department_cell,
            progress,
            cell_notes: notes,
        });
    }
    entries
}

/// A year column placed in the chart.
struct Column {
    col: u32,
    year: YearRef,
}

/// The year columns in sheet order, checked to be consecutive and in order.
fn year_columns(
    view: &SheetView<'_>,
    header: &Header,
    period: &Period,
    out: &mut Vec<Diagnostic>,
) -> Vec<Column> {
    let mut years: Vec<&YearColumn> = header.years.iter().collect();
    years.sort_by_key(|y| y.col);
    let mut columns = Vec::new();
    let mut previous: Option<(&YearColumn, i32)> = None;
    for y in years {
        let year = match y.year {
            YearText::Lead { year } | YearText::Year { year } => year,
            YearText::Continuing => period.last,
        };
        if let Some((p, p_year)) = previous {
            if y.col != p.col + 1 || year != p_year + 1 {
                out.push(Diagnostic::new(
                    Code::YearColumnsOutOfOrder,
                    view.place(header.row, y.col),
                    &[&p.written, &y.written],
                ));
            }
        }
        previous = Some((y, year));
        match year_ref(&y.year, &y.written, period) {
            Ok(year) => columns.push(Column { col: y.col, year }),
            Err((code, args)) => {
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                out.push(Diagnostic::new(code, view.place(header.row, y.col), &args));
            }
        }
    }
    columns
}

/// The cells of one grid row by what they say; every index is into the year columns.
#[derive(Default)]
struct RowCells {
    /// (index, text) of every cell that starts a step.
    starts: Vec<(usize, String)>,
    /// Every continuation mark that has a step to its left.
    marks: Vec<usize>,
    /// Every end mark that has a step to its left.
    ends: Vec<usize>,
}

/// How far a step runs: the index of its last year column, and whether a merge or a
/// continuation mark (rather than the next step or the end of the period) ended it there.
struct StepExtent {
    end: usize,
    merged: bool,
    marked: bool,
}

fn row_steps(
    view: &SheetView<'_>,
    period: &Period,
    row: u32,
    at: &std::collections::HashMap<u32, &crate::ingest::Cell>,
    columns: &[Column],
    out: &mut Vec<Diagnostic>,
) -> Vec<Step> {
    let cells = row_cells(view, row, at, columns, out);
    let last = columns.len().saturating_sub(1);
    let cols: Vec<u32> = columns.iter().map(|c| c.col).collect();
    // A fill run holding one step is that step's span (contract: fill colour as a bar).
    let bars = super::fill::bars(view, row, &cols, &cells.starts, out);
    let mut steps = Vec::new();
    for (k, (i, text)) in cells.starts.iter().enumerate() {
        let Some(text_col) = columns.get(*i) else {
            continue;
        };
        let bar = bars.get(i).copied();
        let col = bar.and_then(|(a, _)| columns.get(a)).unwrap_or(text_col);
        // The column before the next step (or its bar), or the period's last.
        let next = cells.starts.get(k + 1).map_or(last, |(n, _)| {
            bars.get(n).map_or(*n, |b| b.0).saturating_sub(1)
        });
        let extent = match bar {
            Some((a, b)) => StepExtent {
                end: b,
                merged: a != b,
                marked: false,
            },
            None => step_extent(view, row, columns, &cells, col, (*i, next)),
        };
        let end = columns.get(extent.end).unwrap_or(col);
        let parsed = parse_step_text(text);
        let source = Source::new(view.file, &view.sheet.name, row, text_col.col);
        let (start_ref, end_ref) = match &parsed.pinned {
            Some(pin) => {
                let pinned_column = period.column_of(pin.year);
                let pin_ref = YearRef {
                    fiscal_year: pin.year,
                    written: pin.written.clone(),
                    column: pinned_column.unwrap_or(col.year.column),
                };
                if pinned_column != Some(col.year.column) || extent.merged || extent.marked {
                    let span = format!("{}～{}", col.year.written, end.year.written);
                    out.push(Diagnostic::new(
                        Code::YearPinConflict,
                        view.place(row, text_col.col),
                        &[text.trim(), &pin.written, &span],
                    ));
                }
                (pin_ref.clone(), pin_ref)
            }
            None => (col.year.clone(), end.year.clone()),
        };
        steps.push(Step {
            text: text.trim().to_string(),
            label: parsed.label,
            notes: parsed.notes,
            relisted: parsed.relisted,
            relisting: None,
            pinned: parsed.pinned.as_ref().map(|p| p.year),
            start: start_ref,
            end: end_ref,
            inherit_schedule: false,
            department: String::new(),
            source,
        });
    }
    steps
}

/// Sorts a row's year cells into step starts, continuation marks and end marks. A mark with
/// no step to its left ends nothing: it is reported, and an unknown symbol is read as a
/// continuation, and said.
fn row_cells(
    view: &SheetView<'_>,
    row: u32,
    at: &std::collections::HashMap<u32, &crate::ingest::Cell>,
    columns: &[Column],
    out: &mut Vec<Diagnostic>,
) -> RowCells {
    let mut cells = RowCells::default();
    for (i, c) in columns.iter().enumerate() {
        let Some(cell) = at.get(&c.col) else { continue };
        let Some(text) = non_blank(view.text(cell, out)) else {
            continue;
        };
        let at_cell = Source::new(view.file, &view.sheet.name, row, c.col);
        let (text, _) = joined((text, at_cell), out);
        if is_end_mark(&text) {
            if cells.starts.is_empty() {
                let at = Source::new(view.file, &view.sheet.name, row, c.col);
                out.push(ignored(
                    &(text.trim().to_string(), at),
                    crate::msg!(
                        "左に工程のない終わりの印",
                        "an end mark with no step to its left"
                    )
                    .arg(),
                ));
            } else {
                cells.ends.push(i);
            }
            continue;
        }
        let word = is_continuation_word(&text);
        let symbol = !is_continuation(&text) && !word && is_symbol_only(&text);
        if symbol {
            // `○` in the years a step runs: read as a continuation, and said.
            out.push(Diagnostic::new(
                Code::MarkUnknown,
                view.place(row, c.col),
                &[text.trim()],
            ));
        }
        if symbol || word || is_continuation(&text) {
            if cells.starts.is_empty() {
                let code = if word {
                    Code::ContinuationWordWithoutStep
                } else {
                    Code::ContinuationWithoutStep
                };
                out.push(Diagnostic::new(
                    code,
                    view.place(row, c.col),
                    &[text.trim()],
                ));
            } else {
                cells.marks.push(i);
            }
            continue;
        }
        cells.starts.push((i, text));
    }
    cells
}

/// How far the step starting in year column `i` (cell `col`) runs, when the next step
/// starts after column `next`. A merged cell runs to the merge's end (or a continuation mark
/// past it); otherwise the step runs up to `next`, cut short by an end mark.
fn step_extent(
    view: &SheetView<'_>,
    row: u32,
    columns: &[Column],
    cells: &RowCells,
    col: &Column,
    (i, next): (usize, usize),
) -> StepExtent {
    // An end mark before the next step ends this one in the column before it.
    let by_rule = cells
        .ends
        .iter()
        .find(|&&e| e > i && e <= next + 1)
        .map_or(next, |e| e - 1);
    // Continuation marks between this step and the next extend it, a merge included.
    let marked = cells
        .marks
        .iter()
        .copied()
        .filter(|m| *m > i && *m <= by_rule)
        .max();
    let merge_end = view
        .merge_at(row, col.col)
        .filter(|m| m.last_col > col.col)
        .map(|m| {
            columns
                .iter()
                .rposition(|c| c.col <= m.last_col)
                .unwrap_or(i)
        });
    let end = match merge_end {
        Some(e) => e.max(marked.unwrap_or(i)),
        None => by_rule,
    };
    StepExtent {
        end,
        merged: merge_end.is_some(),
        marked: marked.is_some(),
    }
}
