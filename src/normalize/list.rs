//! The list layout: one sheet row per step, with 開始年度 and 終了年度. Rows with the same
//! 取り組み項目 and the same non-blank 行 value are phases of one chart line.

use super::cells::{by_col, rows, SheetView};
use super::entry::{ignored, joined, no_step, year_error, year_ref, Entry, FillDown, Written};
use super::header::{Field, Header};
use super::progress;
use super::text::parse_step_text;
use super::year::{year_of_value, YearText};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Line, Period, Source, Step, YearRef};

/// Reads the rows below the header, one entry per row with a one-step line. `department` is
/// the file's department, used where the sheet has no 担当課 column or leaves it blank.
pub fn read(
    view: &SheetView<'_>,
    header: &Header,
    period: &Period,
    department: &str,
    out: &mut Vec<Diagnostic>,
) -> Vec<Entry> {
    let mut fill = FillDown::default();
    let mut entries = Vec::new();
    let sheet_progress = progress::sheet(view, header, out);
    for (row, cells) in rows(&view.sheet.cells) {
        if row <= header.row {
            continue;
        }
        let at = by_col(cells);
        let cell_of = |f: Field| header.col(f).and_then(|c| at.get(&c).copied());
        let text_of = |f: Field, out: &mut Vec<Diagnostic>| -> Option<Written> {
            header.text_in(view, &at, row, f, out)
        };
        let written = [
            text_of(Field::Pillar, out),
            text_of(Field::Policy, out),
            text_of(Field::Initiative, out).map(|w| joined(w, out)),
            text_of(Field::Item, out).map(|w| joined(w, out)),
        ];
        let step_text = text_of(Field::Step, out).map(|w| joined(w, out));
        let start = text_of(Field::Start, out);
        let end = text_of(Field::End, out);
        let group = text_of(Field::Line, out);
        let remark = text_of(Field::Note, out);
        let dept = text_of(Field::Department, out);
        let progress = progress::row(view, header, sheet_progress, row, &at, out);
        let any = written.iter().any(Option::is_some)
            || progress.any()
            || step_text.is_some()
            || start.is_some()
            || end.is_some()
            || remark.is_some()
            || group.is_some();
        if !any {
            out.extend(dept.as_ref().map(|d| ignored(d, no_step())));
            continue;
        }
        let [pillar, policy, initiative, item] = fill.apply(written);
        let department_cell = dept.as_ref().map(|(_, cell)| cell.clone());
        let department = dept.map_or_else(|| department.to_string(), |(t, _)| t);
        let line = match step_text {
            Some((text, source)) => {
                let years = Years {
                    view,
                    period,
                    start: start.as_ref(),
                    end: end.as_ref(),
                    start_cell: cell_of(Field::Start),
                    end_cell: cell_of(Field::End),
                };
                let remark = remark.map(|(t, _)| t);
                let step = build_step(&text, source.clone(), remark, &department, &years, out);
                Some(Line {
                    steps: vec![step],
                    remark: None,
                    relisting: None,
                    closest_original: None,
                    source,
                    cell_notes: Vec::new(),
                })
            }
            None => {
                // Years, a remark or a 行 with no step text: nothing to draw, so say so.
                for w in [&start, &end, &remark, &group].into_iter().flatten() {
                    out.push(ignored(w, no_step()));
                }
                None
            }
        };
        entries.push(Entry {
            pillar,
            policy,
            initiative,
            item,
            line,
            group: group.map(|(t, _)| t.trim().to_string()),
            department,
            department_cell,
            progress,
            cell_notes: super::look::row_notes(view, row),
        });
    }
    entries
}

struct Years<'a> {
    view: &'a SheetView<'a>,
    period: &'a Period,
    start: Option<&'a Written>,
    end: Option<&'a Written>,
    start_cell: Option<&'a crate::ingest::Cell>,
    end_cell: Option<&'a crate::ingest::Cell>,
}

fn build_step(
    text: &str,
    source: Source,
    remark: Option<String>,
    department: &str,
    years: &Years<'_>,
    out: &mut Vec<Diagnostic>,
) -> Step {
    let parsed = parse_step_text(text);
    let mut notes = parsed.notes.clone();
    notes.extend(remark);
    let mut step = Step {
        text: text.trim().to_string(),
        label: parsed.label.clone(),
        notes,
        relisted: parsed.relisted,
        relisting: None,
        pinned: parsed.pinned.as_ref().map(|p| p.year),
        start: YearRef::default(),
        end: YearRef::default(),
        inherit_schedule: false,
        department: department.to_string(),
        source: source.clone(),
    };
    if parsed.relisted && (years.start.is_none() || years.end.is_none()) {
        // A 再掲 row may leave its years blank: `resolve` copies the original's.
        step.inherit_schedule = true;
        return step;
    }
    let start = read_year(years.start, years.start_cell, years, out, false);
    let end = read_year(years.end, years.end_cell, years, out, true);
    if years.start.is_none() {
        out.push(Diagnostic::new(
            Code::YearStartBlank,
            (&source).into(),
            &[text.trim()],
        ));
    }
    if years.end.is_none() {
        out.push(Diagnostic::new(
            Code::YearEndBlank,
            (&source).into(),
            &[text.trim()],
        ));
    }
    if let (Some(s), Some(e)) = (&start, &end) {
        if e.fiscal_year < s.fiscal_year {
            out.push(Diagnostic::new(
                Code::YearEndBeforeStart,
                years
                    .end
                    .map(|(_, s)| s.into())
                    .unwrap_or_else(|| (&source).into()),
                &[text.trim(), &s.written, &e.written],
            ));
        }
        if let Some(pin) = &parsed.pinned {
            if s.fiscal_year != pin.year || e.fiscal_year != pin.year {
                let span = format!("{}～{}", s.written, e.written);
                out.push(Diagnostic::new(
                    Code::YearPinConflict,
                    (&source).into(),
                    &[text.trim(), &pin.written, &span],
                ));
            }
        }
    }
    if let Some(s) = start {
        step.start = s;
    }
    if let Some(e) = end {
        step.end = e;
    } else {
        step.end = step.start.clone();
    }
    step
}

fn read_year(
    written: Option<&Written>,
    cell: Option<&crate::ingest::Cell>,
    years: &Years<'_>,
    out: &mut Vec<Diagnostic>,
    is_end: bool,
) -> Option<YearRef> {
    let (text, source) = written?;
    let cell = cell?;
    let place = years.view.place(source.row, source.col);
    let parsed = match year_of_value(&cell.value, text) {
        Ok(YearText::Continuing) if !is_end => {
            out.push(Diagnostic::new(
                Code::YearUnparseable,
                place,
                &[text.trim()],
            ));
            return None;
        }
        Ok(y) => y,
        Err(e) => {
            out.push(year_error(&e, text, place));
            return None;
        }
    };
    match year_ref(&parsed, text, years.period) {
        Ok(r) => Some(r),
        Err((code, args)) => {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            out.push(Diagnostic::new(code, place, &args));
            None
        }
    }
}
