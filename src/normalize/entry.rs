//! A roadmap sheet row once read, before it is placed in the tree; and the fill-down of the
//! hierarchy cells shared by both layouts.

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{FiscalYear, Line, Period, Source, YearRef};

use super::text::join_broken_line;
use super::year::{YearError, YearText};

/// A hierarchy cell's text and where it was written.
pub type Written = (String, Source);

/// One row of a roadmap sheet.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The 柱 as written (`(1)`, `便利・快適`) on this row or, filled down, on one above.
    pub pillar: Option<Written>,
    /// The 施策 as written (`①`, `①行政手続きのオンライン化の推進`), filled down likewise.
    pub policy: Option<Written>,
    /// The 具体的な取り組み, filled down, with line-break spaces joined.
    pub initiative: Option<Written>,
    /// The 取り組み項目, filled down, with line-break spaces joined.
    pub item: Option<Written>,
    /// The chart line this row draws (grid: the whole line; list: one step).
    pub line: Option<Line>,
    /// List layout: the 行 value that joins phases into one line.
    pub group: Option<String>,
    /// The 担当課: the row's 担当課 cell, otherwise the department in the file name.
    pub department: String,
    /// The 担当課 cell the department was written in (`None`: it comes from the file name).
    pub department_cell: Option<Source>,
    /// The row's 進捗, 実績 and 課題 cells (they belong to the item).
    pub progress: RowProgress,
    /// The notes (comments) on the row's cells, in column order: placed with the row's line,
    /// else with its item.
    pub cell_notes: Vec<crate::model::CellNote>,
}

/// "Same as above" for the four hierarchy cells (柱, 施策, 具体的な取り組み, 取り組み項目).
/// A cell that names a different value than above starts a new branch: the levels below it
/// that are blank on that row do not carry over from the previous branch.
#[derive(Default)]
pub struct FillDown {
    current: [Option<Written>; 4],
}

impl FillDown {
    /// Takes one row's four hierarchy cells and gives them filled down: a blank cell keeps
    /// the value above unless a level above it changed on this row.
    ///
    /// ```
    /// use koteihyo::model::Source;
    /// use koteihyo::normalize::entry::FillDown;
    /// let w = |t: &str, row| Some((t.to_string(), Source::new("市民課.xlsx", "工程表", row, 0)));
    /// let text = |c: &Option<(String, Source)>| c.as_ref().map(|(t, _)| t.clone());
    /// let mut fill = FillDown::default();
    /// fill.apply([w("(1)", 1), w("①", 1), w("窓口のDX", 1), w("書かない窓口", 1)]);
    /// let row2 = fill.apply([None, None, None, w("オンライン申請", 2)]);
    /// assert_eq!(text(&row2[2]), Some("窓口のDX".to_string()));
    /// // A new 施策 starts a new branch: the blank levels below it are not carried over.
    /// let row3 = fill.apply([None, w("②", 3), None, None]);
    /// assert_eq!(text(&row3[0]), Some("(1)".to_string()));
    /// assert!(row3[2].is_none() && row3[3].is_none());
    /// ```
    pub fn apply(&mut self, written: [Option<Written>; 4]) -> [Option<Written>; 4] {
        let mut changed_above = false;
        for (level, cell) in written.into_iter().enumerate() {
            match cell {
                Some(w) => {
                    let same = self.current[level]
                        .as_ref()
                        .is_some_and(|(t, _)| t.trim() == w.0.trim());
                    if !same {
                        self.current[level] = Some(w);
                        changed_above = true;
                    }
                }
                None if changed_above => self.current[level] = None,
                None => {}
            }
        }
        self.current.clone()
    }
}

/// What a sheet says about progress as a whole: the 評価年度 of its headers and whether it
/// has a 進捗 column.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SheetProgress {
    /// The year the headers name (the first, when two disagree: that is an error).
    pub year: Option<FiscalYear>,
    /// The sheet's 進捗 (status) column: its items without a status are not reported.
    pub status_col: Option<u32>,
}

/// The progress cells of one row.
#[derive(Debug, Clone, Default)]
pub struct RowProgress {
    /// The 進捗 cell, trimmed, as written (`順調`, `○`): checked when attached to the item.
    pub status: Option<Written>,
    /// The 実績 cell, trimmed.
    pub result: Option<Written>,
    /// The 課題 cell, trimmed.
    pub issue: Option<Written>,
    /// What the row's sheet says about progress as a whole.
    pub sheet: SheetProgress,
}

impl RowProgress {
    /// Whether the row writes any progress cell.
    pub fn any(&self) -> bool {
        self.status.is_some() || self.result.is_some() || self.issue.is_some()
    }

    /// The row's item could not be placed: each progress cell is reported, not dropped.
    pub fn unplaced(self, out: &mut Vec<Diagnostic>) {
        for w in [self.status, self.result, self.issue].iter().flatten() {
            out.push(ignored(
                w,
                crate::msg!("取り組み項目が決まらない行", "no item on this row").arg(),
            ));
        }
    }
}

/// Places a parsed year in the chart, or says why it cannot be placed.
pub fn year_ref(
    year: &YearText,
    written: &str,
    period: &Period,
) -> Result<YearRef, (Code, Vec<String>)> {
    let (fiscal_year, column) = match year {
        YearText::Lead { year } => (*year, period.lead.then_some(0)),
        YearText::Year { year } => (*year, period.column_of(*year)),
        YearText::Continuing => (period.last, period.column_of(period.last)),
    };
    match column {
        Some(column) => Ok(YearRef {
            fiscal_year,
            written: written.trim().to_string(),
            column,
        }),
        // Only a plan without the lead column (計画前の列 なし) has no place for earlier years.
        None if fiscal_year < period.first => Err((
            Code::YearBeforePeriod,
            vec![written.trim().to_string(), period.years.long(period.first)],
        )),
        None => Err((
            Code::YearAfterPeriod,
            vec![written.trim().to_string(), period_end_label(period)],
        )),
    }
}

/// The plan's last fiscal year in full (`令和11(2029)年度`), for `year-after-period`.
///
/// ```
/// use koteihyo::model::Period;
/// use koteihyo::normalize::entry::period_end_label;
/// assert_eq!(period_end_label(&Period::default()), "令和11(2029)年度");
/// ```
pub fn period_end_label(period: &Period) -> String {
    period.years.long(period.last)
}

/// The diagnostic for a year that cannot be read.
pub fn year_error(e: &YearError, written: &str, place: crate::diagnostic::Place) -> Diagnostic {
    match e {
        YearError::EraMismatch { era, western, .. } => Diagnostic::new(
            Code::YearEraMismatch,
            place,
            &[written.trim(), era, &western.to_string()],
        ),
        _ => Diagnostic::new(Code::YearUnparseable, place, &[written.trim()]),
    }
}

/// `cell-ignored` for a cell that was read but has nothing to attach to.
pub fn ignored(written: &Written, why: crate::diagnostic::Arg) -> Diagnostic {
    Diagnostic::with(
        Code::CellIgnored,
        (&written.1).into(),
        [written.0.as_str().into(), why],
    )
}

/// Why a row's only cells are ignored (both layouts).
pub fn no_step() -> crate::diagnostic::Arg {
    crate::diagnostic::Message::new("工程が空欄", "no step text").arg()
}

/// A chart text (具体的な取り組み, 取り組み項目, 工程) without the spaces a line break in the
/// source left between Japanese characters; each removal is an info finding on the cell, so
/// the department sees it.
pub fn joined(written: Written, out: &mut Vec<Diagnostic>) -> Written {
    match join_broken_line(&written.0) {
        Some(text) => {
            out.push(Diagnostic::new(
                Code::SpaceJoined,
                (&written.1).into(),
                &[written.0.trim()],
            ));
            (text, written.1)
        }
        None => written,
    }
}
