//! Fill colour as a bar (contract: "What the eye sees is what is read"): in a grid row, a run
//! of adjacent year cells sharing one fill and holding exactly one step text is that step's
//! span, wherever in the run the text stands. Fills outside the year columns mean nothing.

use std::collections::HashMap;

use super::cells::SheetView;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::a1;

/// Whether a fill, as ingest reads it, shows: white reads as no fill (a clerk "clears" a
/// cell by filling it white), whether written as RGB, the default palette's white or the
/// theme's background colour without tint.
pub fn shows(colour: &str) -> bool {
    let c = colour.trim();
    let white_rgb = (c.len() == 6 || c.len() == 8) && c.ends_with("FFFFFF");
    !(c.is_empty() || white_rgb || matches!(c, "indexed:1" | "indexed:9" | "theme:0"))
}

/// The fill of a cell of the sheet, if it shows.
fn fill_at<'a>(view: &'a SheetView<'_>, row: u32, col: u32) -> Option<&'a str> {
    let fills = &view.sheet.look.fills;
    let i = fills
        .binary_search_by_key(&(row, col), |f| (f.row, f.col))
        .ok()?;
    fills.get(i).map(|f| f.colour.as_str()).filter(|c| shows(c))
}

/// The runs of adjacent year columns of `row` that share one showing fill, as inclusive
/// (first, last) indices into `cols` (the year columns' sheet columns, in order).
fn runs(view: &SheetView<'_>, row: u32, cols: &[u32]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize, &str)> = Vec::new();
    for (i, &col) in cols.iter().enumerate() {
        let Some(colour) = fill_at(view, row, col) else {
            continue;
        };
        match out.last_mut() {
            Some((_, last, c)) if *last + 1 == i && *c == colour => *last = i,
            _ => out.push((i, i, colour)),
        }
    }
    out.into_iter().map(|(a, b, _)| (a, b)).collect()
}

/// The span each step takes from its fill: for every step start (an index into `cols`)
/// that stands alone in a filled run, the run's (first, last) index. A run with no step
/// text, or with several, is a warning naming its cells (the steps of the latter are read
/// as if unfilled). A run every cell of which holds a step (a step's own cell filled, or
/// each of adjacent steps filled alike) colours the labels and draws no bar: the published
/// roadmap's departments fill the cell a step is written in, and its step runs on as
/// before.
pub fn bars(
    view: &SheetView<'_>,
    row: u32,
    cols: &[u32],
    starts: &[(usize, String)],
    out: &mut Vec<Diagnostic>,
) -> HashMap<usize, (usize, usize)> {
    let mut spans = HashMap::new();
    for (first, last) in runs(view, row, cols) {
        let inside: Vec<&(usize, String)> = starts
            .iter()
            .filter(|(i, _)| (first..=last).contains(i))
            .collect();
        let labelled = (first..=last)
            .filter(|&k| {
                inside
                    .iter()
                    .any(|(i, _)| (*i..=label_end(view, row, cols, *i)).contains(&k))
            })
            .count();
        if labelled == last - first + 1 {
            // Every filled cell holds a step (or its merge): the fill colours the labels, it
            // draws no bar.
            continue;
        }
        let range = cell_range(row, cols, first, last);
        let place = || view.place(row, cols.get(first).copied().unwrap_or(0));
        match inside.as_slice() {
            [(i, _)] => {
                spans.insert(*i, (first, last));
            }
            [] => out.push(Diagnostic::new(Code::FillWithoutStep, place(), &[&range])),
            several => {
                let texts: Vec<String> = several
                    .iter()
                    .map(|(_, t)| format!("「{}」", t.trim()))
                    .collect();
                out.push(Diagnostic::new(
                    Code::FillSeveralSteps,
                    place(),
                    &[&range, &several.len().to_string(), &texts.join("")],
                ));
            }
        }
    }
    spans
}

/// The last year column (index into `cols`) of the label written at `i`: the end of the
/// merge it heads, else `i`.
fn label_end(view: &SheetView<'_>, row: u32, cols: &[u32], i: usize) -> usize {
    let Some(m) = cols.get(i).and_then(|&c| view.merge_at(row, c)) else {
        return i;
    };
    cols.iter()
        .rposition(|&c| c <= m.last_col)
        .unwrap_or(i)
        .max(i)
}

/// `F5:H5`, or `F5` for one cell.
fn cell_range(row: u32, cols: &[u32], first: usize, last: usize) -> String {
    let at = |i: usize| a1(row, cols.get(i).copied().unwrap_or(0));
    if first == last {
        at(first)
    } else {
        format!("{}:{}", at(first), at(last))
    }
}
