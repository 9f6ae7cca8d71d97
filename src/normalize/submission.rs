//! Department submissions as files: which workbook is a department's, which department it
//! stands for, and the findings on whole files (a file with no step read, a run with no
//! submission at all, a department not in the plan workbook's list).

use std::collections::{BTreeMap, BTreeSet};

use super::cells::{cell_text, rows};
use super::entry::Entry;
use super::header::{self, Field, Kind};
use super::text::{department_from_file_stem, header_key};
use crate::diagnostic::{Code, Diagnostic, Message, Place};
use crate::ingest::{Sheet, Workbook};

/// Kinds of table that only the plan workbook holds.
fn is_plan_kind(kind: Kind) -> bool {
    !matches!(kind, Kind::RoadmapGrid | Kind::RoadmapList)
}

/// Whether a workbook holds a plan table (frame, plan fields, はじめに, KPI, 改定履歴, the
/// list of departments): it is the plan workbook, not a department's submission.
pub fn is_plan_workbook(book: &Workbook) -> bool {
    book.sheets
        .iter()
        .filter_map(header::detect)
        .any(|h| is_plan_kind(h.kind) && h.kind != Kind::Departments)
}

/// The department a submission stands for: the first 担当課 written on its roadmap sheets,
/// else the one in its file name. `None` for the plan workbook.
///
/// ```
/// use koteihyo::ingest::Workbook;
/// use koteihyo::normalize::submission::department_of;
/// let book = Workbook { file: "【市民課】工程表R8_修正版.ods".into(), sheets: vec![] };
/// assert_eq!(department_of(&book).as_deref(), Some("市民課"));
/// ```
pub fn department_of(book: &Workbook) -> Option<String> {
    if is_plan_workbook(book) {
        return None;
    }
    let written = book.sheets.iter().find_map(|sheet| {
        let h = header::detect(sheet)?;
        if is_plan_kind(h.kind) {
            return None;
        }
        let first = department_texts(sheet, &h).next();
        first
    });
    Some(written.unwrap_or_else(|| department_from_file_stem(stem(&book.file))))
}

/// The context workbooks a run with named files keeps: those of other departments. A named
/// file replaces the context file of the same department, whatever their names and formats
/// (`02_市民課.xlsx` is replaced by `【市民課】工程表R8_修正版.ods`).
pub fn other_departments(checked: &[Workbook], context: Vec<Workbook>) -> Vec<Workbook> {
    let names: BTreeSet<String> = checked.iter().map(|w| w.file.clone()).collect();
    let departments: BTreeSet<String> = checked
        .iter()
        .filter_map(department_of)
        .map(|d| header_key(&d))
        .collect();
    context
        .into_iter()
        .filter(|w| !names.contains(&w.file))
        .filter(|w| department_of(w).is_none_or(|d| !departments.contains(&header_key(&d))))
        .collect()
}

/// A run with no department submission at all (an empty folder, or only the plan workbook)
/// is an error, placed on what was named.
pub fn no_submission(named: &str, workbooks: &[Workbook]) -> Option<Diagnostic> {
    if workbooks.iter().any(|w| !is_plan_workbook(w)) {
        return None;
    }
    let read: Vec<&str> = workbooks.iter().map(|w| w.file.as_str()).collect();
    let why = if read.is_empty() {
        Message::new(
            "読めるワークブックがありません",
            "no workbook could be read",
        )
        .arg()
    } else {
        let files = read.join(", ");
        crate::msg!(
            "計画ワークブックだけです: {}",
            "only the plan workbook: {}",
            files
        )
        .arg()
    };
    Some(Diagnostic::with(
        Code::NoSubmission,
        Place::file(named),
        [why],
    ))
}

/// A department file from which no step was read (`with_steps` names those that gave one)
/// is an error that says what was found instead, sheet by sheet. A step read but not placed
/// (an unknown pillar) has its own error.
/// `hint` names the headers in the plan's words ([`super::header::hint_args`]).
pub fn files_without_steps(
    workbooks: &[Workbook],
    with_steps: &BTreeSet<String>,
    hint: &[crate::diagnostic::Arg],
) -> Vec<Diagnostic> {
    workbooks
        .iter()
        .filter(|w| !is_plan_workbook(w) && !with_steps.contains(&w.file))
        .map(|w| {
            let args = std::iter::once(found_instead(w)).chain(hint.iter().cloned());
            Diagnostic::with(Code::FileNoSteps, Place::file(&w.file), args)
        })
        .collect()
}

/// Most header texts quoted from a sheet with no recognised header.
const QUOTED_HEADERS: usize = 8;

/// What a workbook holds, sheet by sheet, in both languages.
fn found_instead(book: &Workbook) -> crate::diagnostic::Arg {
    if book.sheets.is_empty() {
        return Message::new(
            "読み込めるシートがありません",
            "no sheet that could be read",
        )
        .arg();
    }
    let (mut ja, mut en) = (Vec::new(), Vec::new());
    for sheet in &book.sheets {
        let (j, e) = sheet_summary(sheet);
        ja.push(format!("シート「{}」: {j}", sheet.name));
        en.push(format!("sheet \"{}\": {e}", sheet.name));
    }
    Message::new(ja.join("、"), en.join("; ")).arg()
}

fn sheet_summary(sheet: &Sheet) -> (String, String) {
    if let Some(h) = header::detect(sheet) {
        let row = h.row + 1;
        return match h.kind {
            Kind::RoadmapGrid | Kind::RoadmapList => (
                format!("{row}行目に工程表の見出しがありますが、その下に工程がありません"),
                format!("a roadmap header on row {row}, but no step below it"),
            ),
            _ => (
                format!("{row}行目の見出しは計画ワークブックの表のものです"),
                format!("the header on row {row} is one of the plan workbook's tables"),
            ),
        };
    }
    // The row most like a header: the first 20 rows' fullest.
    let best = rows(&sheet.cells)
        .take_while(|(r, _)| *r < 20)
        .max_by_key(|(r, cells)| (cells.len(), std::cmp::Reverse(*r)));
    match best {
        None => ("空です".to_string(), "empty".to_string()),
        Some((r, cells)) => {
            let texts: Vec<String> = cells
                .iter()
                .filter_map(|c| cell_text(&c.value))
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .take(QUOTED_HEADERS)
                .collect();
            let texts = texts.join("、");
            (
                format!("見出し行が見つかりません（{}行目:「{texts}」）", r + 1),
                format!("no header row found (row {}: \"{texts}\")", r + 1),
            )
        }
    }
}

/// The departments the plan workbook lists (its optional sheet with a 担当課 header), in
/// sheet order, each with its cell (row, column).
pub fn listed_departments(sheet: &Sheet, h: &header::Header) -> Vec<(String, (u32, u32))> {
    department_cells(sheet, h)
        .map(|(row, col, t)| (t, (row, col)))
        .collect()
}

/// The non-blank texts under the sheet's 担当課 header, trimmed, in cell order (none without
/// such a column).
fn department_texts<'a>(
    sheet: &'a Sheet,
    h: &'a header::Header,
) -> impl Iterator<Item = String> + 'a {
    department_cells(sheet, h).map(|(_, _, t)| t)
}

/// The non-blank cells under the sheet's 担当課 header as (row, column, text trimmed), in
/// cell order (none without such a column).
pub fn department_cells<'a>(
    sheet: &'a Sheet,
    h: &'a header::Header,
) -> impl Iterator<Item = (u32, u32, String)> + 'a {
    let col = h.col(Field::Department);
    sheet
        .cells
        .iter()
        .filter(move |c| c.row > h.row && Some(c.col) == col)
        .filter_map(|c| cell_text(&c.value).map(|t| (c.row, c.col, t.trim().to_string())))
        .filter(|(_, _, t)| !t.is_empty())
}

/// Each department a submission names (in a 担当課 cell or its file name) that the plan
/// workbook's list lacks: a warning naming the closest listed one, once per file and name,
/// at the first 担当課 cell that writes it (or at the file, when the name comes from the
/// file name). Only rows that draw a step count.
pub fn unknown_departments(listed: &[String], entries: &[Entry]) -> Vec<Diagnostic> {
    if listed.is_empty() {
        return Vec::new();
    }
    let keys: BTreeSet<String> = listed.iter().map(|d| header_key(d)).collect();
    // (file, department) → where it is first written.
    let mut seen: BTreeMap<(String, String), Place> = BTreeMap::new();
    for entry in entries {
        let Some(step) = entry.line.as_ref().and_then(|l| l.steps.first()) else {
            continue;
        };
        if keys.contains(&header_key(&entry.department)) {
            continue;
        }
        let key = (step.source.file.clone(), entry.department.clone());
        seen.entry(key)
            .or_insert_with(|| match &entry.department_cell {
                Some(cell) => cell.into(),
                None => Place::file(&step.source.file),
            });
    }
    seen.into_iter()
        .map(|((_, department), place)| {
            let closest = closest(&department, listed);
            Diagnostic::new(Code::DepartmentUnknown, place, &[&department, closest])
        })
        .collect()
}

fn closest<'a>(name: &str, listed: &'a [String]) -> &'a str {
    let key = header_key(name);
    listed
        .iter()
        .map(|d| (strsim::normalized_levenshtein(&key, &header_key(d)), d))
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map_or("", |(_, d)| d.as_str())
}

/// A file name without its extension.
pub fn stem(file: &str) -> &str {
    file.rsplit_once('.').map(|(s, _)| s).unwrap_or(file)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{Cell, Value};

    fn sheet(name: &str, rows: &[&[&str]]) -> Sheet {
        let cells = rows
            .iter()
            .enumerate()
            .flat_map(|(r, row)| {
                row.iter().enumerate().map(move |(c, t)| Cell {
                    row: r as u32,
                    col: c as u32,
                    value: Value::Text(t.to_string()),
                })
            })
            .collect();
        Sheet {
            name: name.into(),
            cells,
            ..Sheet::default()
        }
    }

    #[test]
    fn the_department_column_wins_over_the_file_name() {
        let s = sheet(
            "工程表",
            &[
                &["取り組み項目", "工程", "開始年度", "終了年度", "担当課"],
                &["a", "b", "R7", "R8", "市民課"],
            ],
        );
        let book = Workbook {
            file: "提出.xlsx".into(),
            sheets: vec![s],
        };
        assert_eq!(department_of(&book).as_deref(), Some("市民課"));
    }

    #[test]
    fn a_named_file_replaces_the_context_file_of_its_department() {
        let book = |file: &str| Workbook {
            file: file.into(),
            sheets: vec![],
        };
        let kept = other_departments(
            &[book("【市民課】工程表R8_修正版.ods")],
            vec![book("02_市民課.xlsx"), book("03_税務課.xlsx")],
        );
        let names: Vec<&str> = kept.iter().map(|w| w.file.as_str()).collect();
        assert_eq!(names, ["03_税務課.xlsx"]);
    }

    #[test]
    fn what_was_found_instead_quotes_the_likely_header() {
        let s = sheet(
            "工程表",
            &[
                &["市民課 工程表"],
                &["柱", "施策", "具体的な取組X", "取組項目X", "R7", "R8"],
            ],
        );
        let (ja, en) = sheet_summary(&s);
        assert_eq!(
            ja,
            "見出し行が見つかりません（2行目:「柱、施策、具体的な取組X、取組項目X、R7、R8」）"
        );
        assert!(en.starts_with("no header row found (row 2"));
    }

    #[test]
    fn closest_listed_name() {
        let listed = vec!["市民課".to_string(), "税務課".to_string()];
        assert_eq!(closest("市民家", &listed), "市民課");
    }
}
