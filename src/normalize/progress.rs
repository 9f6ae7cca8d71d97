//! 進捗: the optional progress columns of a roadmap sheet (進捗, 実績, 課題), in either layout.
//!
//! The contract is the section 進捗 of `docs/SUBMISSIONS.md`. A header may name the fiscal
//! year under review (`令和7年度の進捗`, `R7進捗`, `2025年度実績`); a status belongs to the
//! 取り組み項目 and may stand on any of its rows. This module reads the cells and attaches them
//! to the item; the rules that need the whole roadmap (the year in force, overdue items,
//! re-listings) are in [`crate::progress`].

use super::cells::SheetView;
use super::entry::{RowProgress, SheetProgress, Written};
use super::header::{progress_field, Field, Header};
use super::text::header_key;
use crate::diagnostic::{Code, Diagnostic};
use crate::ingest::Cell;
use crate::model::{FiscalYear, Item, Progress, Source, Status};

/// Accepted status values (compared after NFKC with white space removed); the first of each
/// status is its canonical word.
const STATUSES: &[(Status, &[&str])] = &[
    (Status::Done, &["完了", "済", "終了", "◎"]),
    (
        Status::OnTrack,
        &[
            "順調",
            "予定どおり",
            "予定通り",
            "計画どおり",
            "計画通り",
            "○",
            "〇",
        ],
    ),
    (Status::Ahead, &["前倒し"]),
    (Status::Late, &["遅れ", "遅延", "△"]),
    (Status::NotStarted, &["未着手", "×"]),
    (Status::Revised, &["見直し", "変更"]),
    (Status::Stopped, &["中止", "休止"]),
];

/// A status value read from a cell.
///
/// ```
/// use koteihyo::normalize::progress::parse_status;
/// use koteihyo::model::Status;
/// assert_eq!(parse_status(" 予定 どおり "), Some(Status::OnTrack));
/// assert_eq!(parse_status("△"), Some(Status::Late));
/// assert_eq!(parse_status("たぶん順調"), None);
/// ```
pub fn parse_status(text: &str) -> Option<Status> {
    let key = header_key(text);
    STATUSES
        .iter()
        .find(|(_, words)| words.iter().any(|w| header_key(w) == key))
        .map(|(s, _)| *s)
}

/// The accepted values, for the message of an unknown one: `完了（済・終了・◎）、順調（…）…`.
pub fn accepted_values() -> String {
    STATUSES
        .iter()
        .map(|(_, words)| match words.split_first() {
            Some((first, [])) => first.to_string(),
            Some((first, rest)) => format!("{first}（{}）", rest.join("・")),
            None => String::new(),
        })
        .collect::<Vec<_>>()
        .join("、")
}

/// Whether a header is one of the progress columns (for sheets that are not a roadmap).
pub fn is_progress_header(text: &str) -> bool {
    progress_field(text).is_some()
}

/// Reads the header's progress columns once per sheet: two different years in the headers
/// are an error.
pub fn sheet(view: &SheetView<'_>, header: &Header, out: &mut Vec<Diagnostic>) -> SheetProgress {
    let mut year: Option<(FiscalYear, &str)> = None;
    for (col, y, written) in &header.progress_years {
        match year {
            None => year = Some((*y, written)),
            Some((first, first_written)) if first != *y => out.push(Diagnostic::new(
                Code::ProgressYearConflict,
                view.place(header.row, *col),
                &[written, first_written],
            )),
            Some(_) => {}
        }
    }
    SheetProgress {
        year: year.map(|(y, _)| y),
        status_col: header.col(Field::ProgressStatus),
    }
}

/// The progress cells of sheet row `row` (`at`: its cells by column).
pub fn row(
    view: &SheetView<'_>,
    header: &Header,
    sheet: SheetProgress,
    row: u32,
    at: &std::collections::HashMap<u32, &Cell>,
    out: &mut Vec<Diagnostic>,
) -> RowProgress {
    let mut text_of = |f: Field| -> Option<Written> {
        let (t, source) = header.text_in(view, at, row, f, out)?;
        Some((t.trim().to_string(), source))
    };
    RowProgress {
        status: text_of(Field::ProgressStatus),
        result: text_of(Field::ProgressResult),
        issue: text_of(Field::ProgressIssue),
        sheet,
    }
}

/// Adds a row's progress cells to its item. A status that is not in the table, or that
/// differs from one on another row of the item, is an error; 実績 and 課題 written on several
/// rows are kept, one per line. `word` is what the plan calls an item (its 取り組み項目).
pub fn attach(item: &mut Item, row: RowProgress, word: &str, out: &mut Vec<Diagnostic>) {
    if !row.any() && row.sheet.status_col.is_none() {
        return;
    }
    let item_text = item.text.clone();
    // Until a cell is read, the progress points at the item's own status cell.
    let blank = match row.sheet.status_col {
        Some(col) => Source::new(&item.source.file, &item.source.sheet, item.source.row, col),
        None => item.source.clone(),
    };
    let p = item.progress.get_or_insert_with(|| Progress {
        year: row.sheet.year,
        source: blank.clone(),
        ..Progress::default()
    });
    // Where the item's progress is found when it has no status: its first progress cell.
    let unplaced = p.status.is_none() && p.written.is_empty() && p.source == blank;
    if let Some(first) = [&row.status, &row.result, &row.issue]
        .into_iter()
        .flatten()
        .next()
    {
        if unplaced {
            p.source = first.1.clone();
        }
    }
    if let Some((text, source)) = row.status {
        status_cell(p, (&item_text, word), text, source, out);
    }
    for (cell, target) in [(row.result, &mut p.result), (row.issue, &mut p.issue)] {
        if let Some((text, _)) = cell {
            if !target.split('\n').any(|l| l == text) {
                if !target.is_empty() {
                    target.push('\n');
                }
                target.push_str(&text);
            }
        }
    }
    if p.year.is_none() {
        p.year = row.sheet.year;
    }
    p.has_column |= row.sheet.status_col.is_some();
}

fn status_cell(
    p: &mut Progress,
    (item, word): (&str, &str),
    text: String,
    source: Source,
    out: &mut Vec<Diagnostic>,
) {
    let Some(status) = parse_status(&text) else {
        out.push(Diagnostic::new(
            Code::ProgressStatusUnknown,
            (&source).into(),
            &[&text, &accepted_values()],
        ));
        if p.status.is_none() && p.written.is_empty() {
            // Kept as written, so the item is not also reported as silent.
            p.written = text;
            p.source = source;
        }
        return;
    };
    match p.status {
        None => {
            p.status = Some(status);
            p.written = text;
            p.source = source;
        }
        Some(first) if first != status => out.push(Diagnostic::new(
            Code::ProgressStatusConflict,
            (&source).into(),
            &[item, &p.written, &p.source.cell, &text, &source.cell, word],
        )),
        Some(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_word_of_the_contract() {
        for (status, words) in STATUSES {
            for w in *words {
                assert_eq!(parse_status(w), Some(*status), "{w}");
            }
        }
        assert_eq!(parse_status("予定 通り"), Some(Status::OnTrack));
        assert_eq!(parse_status("ＯＫ"), None);
        assert_eq!(parse_status(""), None);
        assert_eq!(Status::ALL.len(), STATUSES.len());
        for (s, words) in STATUSES {
            assert_eq!(s.label(), words[0]);
        }
    }

    #[test]
    fn accepted_values_name_every_status() {
        let text = accepted_values();
        for s in Status::ALL {
            assert!(text.contains(s.label()));
        }
        assert!(text.contains("順調（予定どおり"));
    }
}
