//! What a template sheet is written from and the labels of its cells, shared by the sheet,
//! its 説明 guide and the receipts: apart from both, so the guide and the folder's module
//! file are not reached up into.

use crate::model::{
    FiscalYear, Initiative, Item, Line, Numbering, Period, Pillar, PlanStyle, Policy, Roadmap,
};
use crate::normalize::text::circled;

/// The sheet rows above the data: title, blank, header.
pub(crate) const HEADER_ROW: u32 = 2;

/// The fills a department meets in its template and again in its receipt, so the two read
/// alike: the header row, a step's cells, a re-listed (再掲) row.
pub(crate) const HEADER_FILL: &str = "#DDEBF7";
/// A step's cells: filled so that the bars read as bars, as in make-input.
pub(crate) const STEP_FILL: &str = "#FFF2CC";
/// 再掲 rows: grey, so a department sees at once what it repeats from elsewhere.
pub(crate) const RELISTED_FILL: &str = "#E7E6E6";

/// Where a row of a template sits in the frame.
#[derive(Clone, Copy)]
pub(crate) struct Place<'a> {
    pub pillar: &'a Pillar,
    pub policy: &'a Policy,
    pub initiative: &'a Initiative,
    pub item: Option<&'a Item>,
    pub line: Option<&'a Line>,
}

/// What to write.
pub(crate) struct Spec<'a> {
    pub roadmap: &'a Roadmap,
    pub department: &'a str,
    pub rows: &'a [Place<'a>],
    /// Add a 担当課 column (the file name cannot carry the department).
    pub department_column: bool,
    /// Add the 進捗, 実績 and 課題 columns for this 評価年度 (`template --progress R7`).
    pub progress: Option<FiscalYear>,
}

/// The headings of the progress columns, naming the 評価年度: `令和7年度の進捗` ….
pub(crate) fn progress_headings(
    years: crate::fiscal::YearNotation,
    year: FiscalYear,
) -> [String; 3] {
    let y = years.spoken(year);
    ["進捗", "実績", "課題"].map(|h| format!("{y}の{h}"))
}

/// The 柱 cell: `(1)`, or the label as the plan writes it (`1`).
pub(crate) fn pillar_label(style: &PlanStyle, p: &Pillar) -> String {
    match style.numbering {
        Numbering::Symbols => format!("({})", p.number),
        Numbering::AsWritten => p.label.clone(),
    }
}

/// The 施策 cell: `①`, or the label as the plan writes it (`1-2`, unique in the plan).
pub(crate) fn policy_label(style: &PlanStyle, q: &Policy) -> String {
    match style.numbering {
        Numbering::Symbols => circled(q.number),
        Numbering::AsWritten => q.label.clone(),
    }
}

/// The year headings of the grid: `～令和6(2024)年度`, `令和7(2025)年度` … for the plan period.
pub(crate) fn year_headings(period: &Period) -> Vec<String> {
    (0..period.columns())
        .map(|c| period.column_long(c))
        .collect()
}
