//! Accounting: per file, how many rows were read, how many were used, and why the others
//! were skipped, so that nothing is dropped without a word.
//!
//! A row is *read* when it holds at least one non-empty cell. It is *used* when it is the
//! header row of a recognised table, when the model keeps something from it (a source in the
//! roadmap points into it, or a roadmap reader made an entry of it), or, for the plan's
//! key–value sheets (計画, はじめに, 改定履歴, 体系) which keep no per-row source, when no
//! warning or error sits on it. Every other read row is *skipped*, with a reason: the code of
//! the most severe finding on the row, or a structural reason (`above-header`,
//! `sheet-no-header`, `no-known-column`, or `not-used`: a row of a recognised table that
//! nothing kept).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::header::Kind;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::model::Roadmap;

mod sources;

/// Counts shown at the end of a report and in `check --format json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Workbooks that got a verdict: read, unreadable or refused (not those skipped).
    pub files: usize,
    /// Roadmap rows (entries of grid and list sheets) read in the files checked; the per-file
    /// accounting also counts the plan's and the KPI sheet's rows.
    pub rows: usize,
    /// Steps (工程) of the files checked.
    pub steps: usize,
    /// KPIs of the files checked.
    pub kpis: usize,
    /// Errors found.
    pub errors: usize,
    /// Warnings found.
    pub warnings: usize,
    /// Per 評価年度: items per status, not reported, departments that did not report
    /// (absent when no submission carries progress).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub progress: Vec<crate::model::YearSummary>,
}

/// What normalize saw of one sheet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SheetRows {
    /// The file name, e.g. `02_市民課.xlsx`.
    pub file: String,
    /// The sheet name, e.g. `工程表`.
    pub sheet: String,
    /// The header row and the table's kind, if one was recognised.
    pub header: Option<(u32, Kind)>,
    /// Rows with at least one non-empty cell.
    pub rows: BTreeSet<u32>,
    /// Rows a roadmap reader made an entry of.
    pub entry_rows: BTreeSet<u32>,
    /// Rows with a cell in a column the header names (a field or a year).
    pub known_rows: BTreeSet<u32>,
    /// Rows of a department's second source, read but not put into the roadmap
    /// (`department-duplicate`).
    pub set_aside: BTreeSet<u32>,
}

/// How a file fared as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileStatus {
    /// Opened and read (some of its sheets or rows may still have findings), or opened and
    /// found empty.
    Read,
    /// Could not be opened (`file-unreadable`).
    Unreadable,
    /// Refused before reading because a limit would be exceeded (`limit-exceeded`).
    Refused,
    /// Not a submission (`file-skipped`).
    Skipped,
}

/// Skipped rows of one sheet for one reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// The code of the most severe finding on the rows, e.g. `year-unparseable`, or a structural
    /// reason: `above-header`, `sheet-no-header`, `no-known-column`, `not-used`.
    pub reason: String,
    /// The sheet the rows are on.
    pub sheet: String,
    /// How many rows were skipped for this reason (all of them, not only those listed).
    pub count: usize,
    /// The first rows, 1-based as Excel shows them (at most [`MAX_LISTED_ROWS`]).
    pub rows: Vec<u32>,
}

/// Most rows listed by number for one reason; the count says how many there are.
pub const MAX_LISTED_ROWS: usize = 20;

/// One file's accounting, as `check` reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileAccount {
    /// The file name as the diagnostics show it, e.g. `02_市民課.xlsx`.
    pub file: String,
    /// How the file fared as a whole.
    pub status: FileStatus,
    /// Rows with at least one non-empty cell, over all the sheets read.
    pub rows_read: usize,
    /// Rows read that were used (see the module's note for what counts).
    pub rows_used: usize,
    /// Rows read and not used: `rows_read - rows_used`.
    pub rows_skipped: usize,
    /// The skipped rows, grouped by sheet, then by reason (reasons in name order).
    pub skipped: Vec<Skipped>,
}

fn rank(s: Severity) -> u8 {
    match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    }
}

/// The most severe finding on each row (by file, sheet and row): its rank and code.
type RowFindings<'a> = BTreeMap<(&'a str, &'a str, u32), (u8, Code)>;

/// Accounts for every file in `files` (those read and those that failed), in name order.
pub fn account(
    files: &BTreeSet<String>,
    sheets: &[SheetRows],
    roadmap: &Roadmap,
    diagnostics: &[Diagnostic],
) -> Vec<FileAccount> {
    // Every row a source in the roadmap points into: any part of the model that records
    // where it was written counts.
    let sources = sources::collect(roadmap);
    let no_rows = BTreeSet::new();
    let (on_row, file_level) = findings(diagnostics);
    let mut out = Vec::new();
    for file in files {
        let mine: Vec<&SheetRows> = sheets.iter().filter(|s| &s.file == file).collect();
        let mut account = FileAccount {
            file: file.clone(),
            status: FileStatus::Read,
            rows_read: 0,
            rows_used: 0,
            rows_skipped: 0,
            skipped: Vec::new(),
        };
        for s in mine {
            let pointed = sources
                .get(&(file.clone(), s.sheet.clone()))
                .unwrap_or(&no_rows);
            let mut groups: BTreeMap<String, Vec<u32>> = BTreeMap::new();
            for &row in &s.rows {
                account.rows_read += 1;
                let finding = on_row.get(&(file.as_str(), s.sheet.as_str(), row)).copied();
                match skip_reason(s, row, finding, pointed) {
                    None => account.rows_used += 1,
                    Some(r) => {
                        account.rows_skipped += 1;
                        groups.entry(r).or_default().push(row + 1);
                    }
                }
            }
            for (reason, rows) in groups {
                account.skipped.push(Skipped {
                    reason,
                    sheet: s.sheet.clone(),
                    count: rows.len(),
                    rows: rows.into_iter().take(MAX_LISTED_ROWS).collect(),
                });
            }
        }
        // A file that gave nothing and was refused or unreadable (as a whole or sheet by
        // sheet) says so; one that gave rows was read, whatever its findings.
        if account.rows_read == 0 {
            if let Some(status) = file_level.get(file.as_str()) {
                account.status = *status;
            }
        }
        out.push(account);
    }
    out
}

/// Sorts the findings: the most severe one on each row, and the status of each file (or a
/// sheet of it) that could not be read or was refused.
fn findings(diagnostics: &[Diagnostic]) -> (RowFindings<'_>, BTreeMap<&str, FileStatus>) {
    let mut on_row: RowFindings<'_> = BTreeMap::new();
    let mut file_level: BTreeMap<&str, FileStatus> = BTreeMap::new();
    for d in diagnostics {
        match (&d.place.sheet, d.place.cell) {
            (Some(sheet), Some((row, _))) => {
                let key = (d.place.file.as_str(), sheet.as_str(), row);
                let this = (rank(d.severity()), d.code);
                let slot = on_row.entry(key).or_insert(this);
                if this < *slot {
                    *slot = this;
                }
            }
            // A file, or a sheet of it, that could not be read or was refused.
            (_, None) => {
                let status = match d.code {
                    Code::FileUnreadable => Some(FileStatus::Unreadable),
                    Code::LimitExceeded => Some(FileStatus::Refused),
                    Code::FileSkipped => Some(FileStatus::Skipped),
                    Code::ZipNotRead => Some(FileStatus::Refused),
                    _ => None,
                };
                if let Some(s) = status {
                    file_level.entry(d.place.file.as_str()).or_insert(s);
                }
            }
            _ => {}
        }
    }
    (on_row, file_level)
}

/// Why a row of a sheet was not used (`None`: it was). `pointed` holds the sheet's rows a
/// source in the roadmap points into. A row counts as used when it became part of the
/// roadmap, was read as a row without an error, or is a plan row with at most
/// an info; otherwise its most severe finding, else why nothing read it, is the reason.
fn skip_reason(
    s: &SheetRows,
    row: u32,
    finding: Option<(u8, Code)>,
    pointed: &BTreeSet<u32>,
) -> Option<String> {
    match s.header {
        None => Some("sheet-no-header".to_string()),
        Some((h, _)) if row < h => Some("above-header".to_string()),
        Some((h, _)) if row == h => None,
        Some(_) if s.set_aside.contains(&row) => {
            Some(Code::DepartmentDuplicate.as_str().to_string())
        }
        Some((_, kind)) => {
            let error = finding.is_some_and(|(r, _)| r == rank(Severity::Error));
            let kept = pointed.contains(&row)
                || (s.entry_rows.contains(&row) && !error)
                || (matches!(
                    kind,
                    Kind::PlanInfo | Kind::Intro | Kind::Revisions | Kind::Frame
                ) && finding.is_none_or(|(r, _)| r == rank(Severity::Info)));
            if kept {
                None
            } else if let Some((_, code)) = finding {
                Some(code.as_str().to_string())
            } else if !s.known_rows.contains(&row) {
                Some("no-known-column".to_string())
            } else {
                Some("not-used".to_string())
            }
        }
    }
}
