//! Normalise: sheets of cells → the roadmap model.
//!
//! Every sheet is recognised by its header row ([`header`]); plan sheets build the frame,
//! roadmap sheets (grid or list layout) are read into rows and placed in the frame
//! ([`assemble`]), the KPI sheet becomes indicators.

pub mod accounting;
pub mod assemble;
pub mod cells;
pub mod entry;
pub mod fill;
pub mod folder;
pub mod grid;
pub mod header;
pub mod kpi;
pub mod kpi_value;
pub mod list;
pub mod look;
pub mod normal_form;
pub mod order;
pub mod periods;
pub mod plan;
pub mod progress;
pub mod style;
pub mod submission;
pub mod text;
pub mod year;

use cells::SheetView;
use header::Kind;

use crate::diagnostic::{Arg, Code, Diagnostic, Place, Warned};
use crate::ingest::{Sheet, Workbook};
use crate::model::{Pillar, Plan, Roadmap};

/// What was read, per file: the roadmap rows (entries of grid and list sheets); and, per
/// sheet, the rows seen, for the per-file accounting ([`accounting::account`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Accounting {
    /// Per file name, the roadmap rows (entries of grid and list sheets) read from it.
    pub rows_by_file: std::collections::BTreeMap<String, usize>,
    /// Every sheet of every workbook, in reading order, with the rows seen on it.
    pub sheets: Vec<accounting::SheetRows>,
    /// The folder accounting: each sheet's department, the sources set aside, and the
    /// departments found, per file.
    pub departments: folder::Departments,
    /// The plan workbook's list of departments, each with the cell that lists it.
    pub listed: Vec<(String, Place)>,
}

/// A sheet whose header row was recognised, with its index in [`Accounting::sheets`].
type Recognised<'a> = (SheetView<'a>, header::Header, usize);

/// Builds the roadmap from every workbook read. Plan sheets may sit in any workbook; the
/// first frame found is used and a second one is an error.
pub fn normalize(workbooks: &[Workbook]) -> Warned<(Roadmap, Accounting)> {
    let mut accounting = Accounting::default();
    let mut out = Vec::new();
    // Struck text is deleted text: every reader below sees the sheets without it.
    let read_as_seen = look::strike(workbooks, &mut out);
    let workbooks: &[Workbook] = &read_as_seen;
    look::list_notes(workbooks, &mut out);
    let style = plan_style(workbooks);
    let vocabulary = header::Vocabulary::of(&style);
    let hint = header::hint_args(&style);
    let sheets = recognise_sheets(workbooks, (&vocabulary, &hint), &mut accounting, &mut out);
    let (plan, pillars) = read_plan(&sheets, &style, &mut out);
    let frame_missing = pillars.is_none();
    accounting.listed = listed_departments(&sheets, workbooks, &hint, &mut out);
    let listed: Vec<String> = accounting.listed.iter().map(|(d, _)| d.clone()).collect();
    let roadmap_sheets: Vec<folder::RoadmapSheet<'_>> = sheets
        .iter()
        .filter(|(_, h, _)| matches!(h.kind, Kind::RoadmapGrid | Kind::RoadmapList))
        .map(|(view, header, _)| folder::RoadmapSheet {
            file: view.file,
            sheet: view.sheet,
            header,
        })
        .collect();
    let departments = folder::account(&roadmap_sheets, &listed);
    out.extend(departments.diagnostics);
    accounting.departments = departments.output;
    let mut pillars = match pillars {
        Some(p) => p,
        // No workbook at all: the run's no-submission error says it.
        None if workbooks.is_empty() => Vec::new(),
        None => {
            let file = workbooks.first().map(|w| w.file.as_str()).unwrap_or("");
            let read: Vec<&str> = workbooks.iter().map(|w| w.file.as_str()).collect();
            out.push(Diagnostic::new(
                Code::PlanMissing,
                Place::file(file),
                &[&read.join(", ")],
            ));
            Vec::new()
        }
    };
    let read = read_department_sheets(&sheets, &plan, &pillars, &mut accounting, &mut out);
    // A cell naming several departments, or a file name joining them, has its own finding,
    // not "unknown" as well.
    let joined: std::collections::BTreeSet<Place> = out
        .iter()
        .filter_map(|d| match d.code {
            Code::DepartmentSeveral => Some(d.place.clone()),
            Code::DepartmentUnclear => Some(Place::file(&d.place.file)),
            _ => None,
        })
        .collect();
    let mut unknown = submission::unknown_departments(&listed, &read.entries);
    unknown.retain(|d| !joined.contains(&d.place));
    assemble::assemble(&mut pillars, read.entries, &plan.style, &mut out);
    if frame_missing {
        // Without a frame no pillar is known: the one plan-missing error says so, instead of
        // one error per row.
        out.retain(|d| {
            !matches!(
                d.code,
                Code::PillarUnknown
                    | Code::PolicyUnknown
                    | Code::PillarFormUnclear
                    | Code::PolicyFormUnclear
                    | Code::KpiCategoryUnknown
            )
        });
    }
    let roadmap = Roadmap {
        plan,
        pillars,
        kpis: read.kpis,
    };
    if !frame_missing {
        out.extend(submission::files_without_steps(
            workbooks,
            &read.files_with_steps,
            &hint,
        ));
    }
    out.extend(unknown);
    Warned::new((roadmap, accounting), out)
}

/// The plan's style, read ahead from its 計画 sheet: the other sheets' headers may use the
/// plan's names of its levels. Its findings are made again when the sheet is read in order.
pub fn plan_style(workbooks: &[Workbook]) -> crate::model::PlanStyle {
    let mut plan = Plan::default();
    for book in workbooks {
        for sheet in &book.sheets {
            if let Some(h) = header::detect(sheet).filter(|h| h.kind == Kind::PlanInfo) {
                let view = SheetView::new(&book.file, sheet);
                plan::read_info(&view, &h, &mut plan, &mut Vec::new());
            }
        }
    }
    plan.style
}

/// Recognises every sheet by its header row and records its rows for the accounting. A
/// sheet with cells but no known header is reported; the recognised ones are returned in
/// reading order.
fn recognise_sheets<'a>(
    workbooks: &'a [Workbook],
    (vocabulary, hint): (&header::Vocabulary, &[Arg]),
    accounting: &mut Accounting,
    out: &mut Vec<Diagnostic>,
) -> Vec<Recognised<'a>> {
    let mut sheets = Vec::new();
    for book in workbooks {
        for sheet in &book.sheets {
            let view = SheetView::new(&book.file, sheet);
            let detected = header::detect_with(sheet, vocabulary);
            accounting
                .sheets
                .push(sheet_rows(&book.file, sheet, detected.as_ref()));
            let index = accounting.sheets.len() - 1;
            match detected {
                Some(h) => {
                    header_faults(&view, &h, hint, out);
                    sheets.push((view, h, index));
                }
                None if sheet.cells.is_empty() => {}
                None => {
                    out.push(no_header(&book.file, &sheet.name, hint));
                    progress_headers(&view, hint, out);
                }
            }
        }
    }
    sheets
}

/// Reports what is wrong around a recognised header row: unknown columns, unreadable
/// fiscal years in the year columns, and cells outside the table. `hint` names the headers
/// of a roadmap table in the plan's words ([`header::hint_args`]).
fn header_faults(
    view: &SheetView<'_>,
    h: &header::Header,
    hint: &[Arg],
    out: &mut Vec<Diagnostic>,
) {
    let roadmap = matches!(h.kind, Kind::RoadmapGrid | Kind::RoadmapList);
    for (col, text) in &h.unknown {
        let place = view.place(h.row, *col);
        if !roadmap && progress::is_progress_header(text) {
            // A progress column outside a roadmap table is a table misplaced.
            out.push(progress_without_roadmap(place, text, hint));
        } else if column_has_values(view, h.row, *col) {
            // Values under a header no field reads would be lost without a word.
            let letter = crate::model::a1(0, *col);
            let letter = letter.trim_end_matches(|c: char| c.is_ascii_digit());
            out.push(Diagnostic::new(
                Code::ColumnUnknownValues,
                place,
                &[text, letter],
            ));
        } else {
            out.push(Diagnostic::new(Code::ColumnUnknown, place, &[text]));
        }
    }
    for y in &h.years {
        if let Some(e) = &y.error {
            let place = view.place(h.row, y.col);
            out.push(entry::year_error(e, &y.written, place));
        }
    }
    stray_cells(view, h, out);
}

/// Whether column `col` holds anything below the header row `row`.
fn column_has_values(view: &SheetView<'_>, row: u32, col: u32) -> bool {
    view.sheet.cells.iter().any(|c| {
        c.row > row
            && c.col == col
            && cells::cell_text(&c.value).is_some_and(|t| !text::is_blank(&t))
    })
}

/// Reads the plan sheets: the plan's information, introduction and revisions, and the frame
/// of pillars and policies (`None` when no sheet holds one; a second frame is an error).
fn read_plan(
    sheets: &[Recognised<'_>],
    style: &crate::model::PlanStyle,
    out: &mut Vec<Diagnostic>,
) -> (Plan, Option<Vec<Pillar>>) {
    let mut plan = Plan::default();
    let mut pillars: Option<(Vec<Pillar>, String)> = None;
    let mut period = plan::PeriodKeys::default();
    let mut frame_place = None;
    for (view, h, _) in sheets {
        match h.kind {
            Kind::PlanInfo => period = period.merge(plan::read_info(view, h, &mut plan, out)),
            Kind::Intro => plan::read_intro(view, h, &mut plan, out),
            Kind::Revisions => plan::read_revisions(view, h, &mut plan, out),
            Kind::Frame => {
                let frame = plan::read_frame(view, h, style, out);
                frame_place.get_or_insert_with(|| Place::sheet(view.file, &view.sheet.name));
                match &pillars {
                    None => pillars = Some((frame, format!("{} {}", view.file, view.sheet.name))),
                    Some((_, first)) => out.push(Diagnostic::new(
                        Code::PlanDuplicate,
                        Place::sheet(view.file, &view.sheet.name),
                        &[first],
                    )),
                }
            }
            _ => {}
        }
    }
    // A plan frame without its period would be drawn over a period nobody chose.
    if let Some(frame) = frame_place {
        let at = if plan.source.file.is_empty() {
            frame
        } else {
            (&plan.source).into()
        };
        period.report_missing(&at, out);
        style::check_words(&plan.style.words, &at, out);
    }
    (plan, pillars.map(|(p, _)| p))
}

/// What the departments' sheets hold: the roadmap rows to place in the frame, the
/// indicators, and the files that gave at least one step.
struct DepartmentSheets {
    entries: Vec<entry::Entry>,
    kpis: Vec<crate::model::Kpi>,
    files_with_steps: std::collections::BTreeSet<String>,
}

/// Reads the roadmap tables (grid or list) and the KPI sheet, counting each roadmap table's
/// rows for the accounting. Rows of a department's second source (the folder accounting's
/// `set_aside`) are read, so their findings are reported, but not put into the roadmap.
fn read_department_sheets(
    sheets: &[Recognised<'_>],
    plan: &Plan,
    pillars: &[Pillar],
    accounting: &mut Accounting,
    out: &mut Vec<Diagnostic>,
) -> DepartmentSheets {
    let mut read_all = DepartmentSheets {
        entries: Vec::new(),
        kpis: Vec::new(),
        files_with_steps: std::collections::BTreeSet::new(),
    };
    for (view, h, index) in sheets {
        let department = match accounting.departments.of(view.file, &view.sheet.name) {
            Some(d) => d.to_string(),
            None => text::department_from_file_stem(submission::stem(view.file)),
        };
        if matches!(h.kind, Kind::RoadmapGrid | Kind::RoadmapList) {
            look::shapes_over_table(view, h, out);
        }
        let read = match h.kind {
            Kind::RoadmapGrid => grid::read(view, h, &plan.period, &department, out),
            Kind::RoadmapList => list::read(view, h, &plan.period, &department, out),
            Kind::Kpi => {
                read_all.kpis.extend(kpi::read(
                    view,
                    h,
                    (pillars, &plan.style.words),
                    &plan.period,
                    out,
                ));
                continue;
            }
            _ => continue,
        };
        // A set-aside copy is still checked: its own findings are reported.
        periods::check_sheet(view, h, &read, &plan.period, out);
        order::check_sheet(view, h, &read, &plan.style, out);
        let (read, set_aside): (Vec<_>, Vec<_>) = read.into_iter().partition(|e| {
            accounting
                .departments
                .keeps(view.file, &view.sheet.name, &e.department)
        });
        if let Some(rows) = accounting.sheets.get_mut(*index) {
            rows.entry_rows.extend(read.iter().flat_map(entry_rows));
            rows.set_aside.extend(set_aside.iter().flat_map(entry_rows));
        }
        *accounting
            .rows_by_file
            .entry(view.file.to_string())
            .or_default() += read.len();
        if read
            .iter()
            .chain(&set_aside)
            .any(|e| e.line.as_ref().is_some_and(|l| !l.steps.is_empty()))
        {
            read_all.files_with_steps.insert(view.file.to_string());
        }
        read_all.entries.extend(read);
    }
    read_all
}

/// The plan workbook's list of departments, each with its cell; the same table in a
/// department's file is no plan table, so it is reported as a sheet with no known header.
fn listed_departments(
    sheets: &[Recognised<'_>],
    workbooks: &[Workbook],
    hint: &[Arg],
    out: &mut Vec<Diagnostic>,
) -> Vec<(String, Place)> {
    let mut listed = Vec::new();
    for (view, h, _) in sheets
        .iter()
        .filter(|(_, h, _)| h.kind == Kind::Departments)
    {
        let in_plan = workbooks
            .iter()
            .find(|w| w.file == view.file)
            .is_some_and(submission::is_plan_workbook);
        if in_plan {
            listed.extend(
                submission::listed_departments(view.sheet, h)
                    .into_iter()
                    .map(|(d, (row, col))| (d, view.place(row, col))),
            );
        } else {
            out.push(no_header(view.file, &view.sheet.name, hint));
        }
    }
    listed
}

/// `sheet-no-header` for a sheet, its hint asking for the plan's headers (`hint`, from
/// [`header::hint_args`]).
fn no_header(file: &str, sheet: &str, hint: &[Arg]) -> Diagnostic {
    let args = std::iter::once(Arg::from(sheet)).chain(hint.iter().cloned());
    Diagnostic::with(Code::SheetNoHeader, Place::sheet(file, sheet), args)
}

/// A progress column outside a roadmap table; the hint names a roadmap table's headers.
fn progress_without_roadmap(place: Place, text: &str, hint: &[Arg]) -> Diagnostic {
    let args = std::iter::once(Arg::from(text)).chain(hint.iter().cloned());
    Diagnostic::with(Code::ProgressWithoutRoadmap, place, args)
}

/// Progress headers (進捗, 実績, 課題) in the first rows of a sheet that is no table: each is
/// named, so that a progress list kept apart from the roadmap is not lost without a word.
fn progress_headers(view: &SheetView<'_>, hint: &[Arg], out: &mut Vec<Diagnostic>) {
    for cell in view
        .sheet
        .cells
        .iter()
        .filter(|c| c.row < header::HEADER_ROWS)
    {
        if let Some(text) = cells::cell_text(&cell.value) {
            if progress::is_progress_header(&text) {
                out.push(progress_without_roadmap(
                    view.place(cell.row, cell.col),
                    text.trim(),
                    hint,
                ));
            }
        }
    }
}

/// Cells below the header row in a column with no header: no field reads them, so each is
/// reported rather than dropped.
fn stray_cells(view: &SheetView<'_>, h: &header::Header, out: &mut Vec<Diagnostic>) {
    let headed: std::collections::HashSet<u32> = h
        .fields
        .values()
        .copied()
        .chain(h.years.iter().map(|y| y.col))
        .chain(h.unknown.iter().map(|(c, _)| *c))
        .collect();
    for cell in &view.sheet.cells {
        if cell.row <= h.row || headed.contains(&cell.col) {
            continue;
        }
        if let Some(text) = text::non_blank(view.text(cell, out)) {
            let at = crate::model::Source::new(view.file, &view.sheet.name, cell.row, cell.col);
            out.push(entry::ignored(
                &(text, at),
                crate::diagnostic::Message::new("見出しのない列", "no header above").arg(),
            ));
        }
    }
}

/// The rows of a sheet that hold anything, and those with a cell under a header the table
/// knows.
fn sheet_rows(file: &str, sheet: &Sheet, header: Option<&header::Header>) -> accounting::SheetRows {
    let known: std::collections::BTreeSet<u32> = header
        .map(|h| {
            h.fields
                .values()
                .copied()
                .chain(h.years.iter().map(|y| y.col))
                .collect()
        })
        .unwrap_or_default();
    accounting::SheetRows {
        file: file.to_string(),
        sheet: sheet.name.clone(),
        header: header.map(|h| (h.row, h.kind)),
        rows: sheet.cells.iter().map(|c| c.row).collect(),
        entry_rows: Default::default(),
        set_aside: Default::default(),
        known_rows: sheet
            .cells
            .iter()
            .filter(|c| known.contains(&c.col))
            .map(|c| c.row)
            .collect(),
    }
}

/// The rows an entry was read from: its own cells (fill-down may name rows above, which are
/// entries too) and its line's steps.
fn entry_rows(e: &entry::Entry) -> Vec<u32> {
    let written = [&e.pillar, &e.policy, &e.initiative, &e.item]
        .into_iter()
        .flatten()
        .map(|(_, s)| s.row);
    let line = e
        .line
        .iter()
        .flat_map(|l| std::iter::once(l.source.row).chain(l.steps.iter().map(|s| s.source.row)));
    written.chain(line).collect()
}
