//! Periods stated in words (docs/SUBMISSIONS.md, "Periods in the text" and "Several steps in
//! one cell"): a step text, 備考 or cell note that says 「R8.4～R9.3」, 「令和8年度～令和10年度」,
//! 「R9に延期」 or 「R9から」 must agree with the bars of its line; a step cell whose lines start
//! with different fiscal years holds several steps.
//!
//! The years are found and read by [`super::year::years_in`] (on `fiscal`); this module only
//! reads the words around them.

use std::collections::{BTreeMap, HashMap};

use super::cells::{cell_text, SheetView};
use super::entry::Entry;
use super::header::{Field, Header, Kind};
use super::text::nfkc;
use super::year::{years_in, YearMention};
use crate::diagnostic::{Code, Diagnostic, Place};
use crate::model::{FiscalYear, Period, Step};

/// A period a text states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stated {
    /// `R8～R10`, `R8.4～R9.3` (fiscal years, inclusive).
    Range(FiscalYear, FiscalYear),
    /// `R9から`, `R9より`, `R9以降`, and a move: `R9に延期`, `R9へ前倒し`.
    From(FiscalYear),
    /// `R9まで`.
    Until(FiscalYear),
}

/// One statement of a period in a text: the words as written (NFKC) and what they say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// The words, e.g. `R9に延期`.
    pub phrase: String,
    /// The period they state.
    pub stated: Stated,
}

/// What joins the two years of a range.
const RANGE_JOINERS: [&str; 8] = ["~", "〜", "-", "‐", "−", "–", "—", "から"];
/// Words after a year that state a start.
const FROM_WORDS: [&str; 3] = ["から", "より", "以降"];
/// Words after a year that move a step there.
const MOVE_WORDS: [&str; 7] = [
    "に延期",
    "へ延期",
    "まで延期",
    "に前倒し",
    "へ前倒し",
    "に先送り",
    "へ先送り",
];
/// What may follow 「R9から」 or 「R9まで」 for it to be the period of the text it stands in
/// (「（R9から）」, 「R9から本格運用」), rather than a clause about something else (「R7より
/// 「…」に制度名変更」): a verb of starting, running or ending.
const PERIOD_VERBS: [&str; 13] = [
    "開始", "実施", "運用", "導入", "稼働", "着手", "本格", "供用", "試行", "利用", "継続", "延長",
    "予定",
];
/// Characters that close the clause a year stands in.
const CLAUSE_ENDS: &str = ")]】」』、。,;:";

/// The periods `text` states, left to right (NFKC first).
///
/// ```
/// use koteihyo::normalize::periods::{claims, Stated};
/// let said = |t: &str| claims(t).into_iter().map(|c| c.stated).collect::<Vec<_>>();
/// assert_eq!(said("実証実験（R8.4～R9.3）"), vec![Stated::Range(2026, 2026)]);
/// assert_eq!(said("令和8年度から令和10年度まで"), vec![Stated::Range(2026, 2028)]);
/// assert_eq!(said("R9に延期"), vec![Stated::From(2027)]);
/// assert_eq!(said("本格運用（R9から）"), vec![Stated::From(2027)]);
/// // A clause about something else is no period of the text.
/// assert!(said("補助金による支援(R7より「新制度」に制度名変更)").is_empty());
/// assert!(said("ICT-BCPの策定(R5)").is_empty());
/// ```
pub fn claims(text: &str) -> Vec<Claim> {
    let text = nfkc(text);
    let years = years_in(&text);
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(m) = years.get(i) {
        if let Some((claim, used)) = range_at(&text, m, years.get(i + 1)) {
            out.push(claim);
            i += used;
            continue;
        }
        out.extend(single_at(&text, m));
        i += 1;
    }
    out
}

/// A range that starts at `m` and ends at `next`, when only a joiner stands between them.
fn range_at(text: &str, m: &YearMention, next: Option<&YearMention>) -> Option<(Claim, usize)> {
    let next = next?;
    let gap = text.get(m.end..next.start)?.trim();
    if !RANGE_JOINERS.contains(&gap) {
        return None;
    }
    let until = text.get(next.end..)?;
    let end = next.end
        + if until.starts_with("まで") {
            "まで".len()
        } else {
            0
        };
    let claim = Claim {
        phrase: text.get(m.start..end)?.to_string(),
        stated: Stated::Range(m.year, next.year),
    };
    Some((claim, 2))
}

/// A start, a move or an end stated by the words right after the year `m`.
fn single_at(text: &str, m: &YearMention) -> Option<Claim> {
    let after = text.get(m.end..)?;
    let after_trimmed = after.trim_start();
    let word_end = |w: &str| m.end + (after.len() - after_trimmed.len()) + w.len();
    let (word, stated) = if let Some(w) = MOVE_WORDS.iter().find(|w| after_trimmed.starts_with(*w))
    {
        (*w, Stated::From(m.year))
    } else if let Some(w) = FROM_WORDS.iter().find(|w| after_trimmed.starts_with(*w)) {
        (*w, Stated::From(m.year))
    } else if after_trimmed.starts_with("まで") {
        ("まで", Stated::Until(m.year))
    } else {
        return None;
    };
    let end = word_end(word);
    let moved = MOVE_WORDS.contains(&word);
    if !moved && !ends_clause(text.get(end..)?) {
        return None;
    }
    Some(Claim {
        phrase: text.get(m.start..end)?.to_string(),
        stated,
    })
}

/// Whether the words after 「R9から」 leave it the period of the whole text: nothing, the end
/// of a bracket or clause, or a verb of starting, running or ending.
fn ends_clause(rest: &str) -> bool {
    let rest = rest.trim_start();
    match rest.chars().next() {
        None => true,
        Some(c) if CLAUSE_ENDS.contains(c) => true,
        Some(_) => PERIOD_VERBS.iter().any(|v| rest.starts_with(v)),
    }
}

/// What a text that may state a period is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum About {
    /// The step at this index of the line: its own text, or a note on its cell.
    Step(usize),
    /// The whole line: its 備考, or a note on one of its other cells.
    Line,
}

/// A text that may state a period, where it is written and what it is about. A cell note
/// (comment) is fed in the same way as a 備考: `Said { text: note, place: its cell, about:
/// About::Step(i) }` for a note on a step's cell, `About::Line` for any other cell of the row.
#[derive(Debug, Clone)]
pub struct Said<'a> {
    /// The text as written.
    pub text: &'a str,
    /// Where it is written.
    pub place: Place,
    /// Which bars it must agree with.
    pub about: About,
}

/// Reports each period stated in `said` that disagrees with the bars of `steps` (one chart
/// line): a step's own text or note must agree with that step; a 備考 with one of the
/// line's steps or with the whole line. Steps whose years are not settled (unreadable, or
/// a 再掲 taking its original's) are not judged.
pub fn check_line(steps: &[&Step], said: &[Said<'_>], period: &Period, out: &mut Vec<Diagnostic>) {
    let settled = |s: &Step| !s.inherit_schedule && !s.start.written.is_empty();
    for s in said {
        let bars: Vec<&Step> = match s.about {
            About::Step(i) => steps.get(i).into_iter().copied().collect(),
            About::Line => steps.to_vec(),
        };
        if bars.is_empty() || !bars.iter().all(|b| settled(b)) {
            continue;
        }
        for claim in claims(s.text) {
            if agrees(claim.stated, &bars, period) {
                continue;
            }
            out.push(Diagnostic::new(
                Code::PeriodTextDiffers,
                s.place.clone(),
                &[
                    s.text.trim(),
                    &claim.phrase,
                    &stated_span(claim.stated, period),
                    &bars_span(&bars, period),
                ],
            ));
        }
    }
}

/// Whether a stated period matches one of the bars, or all of them together.
fn agrees(stated: Stated, bars: &[&Step], period: &Period) -> bool {
    let columns = |s: &Step| (s.start.column, s.end.column);
    let whole = (
        bars.iter().map(|s| s.start.column).min(),
        bars.iter().map(|s| s.end.column).max(),
    );
    let whole = match whole {
        (Some(a), Some(b)) => (a, b),
        _ => return true,
    };
    std::iter::once(whole)
        .chain(bars.iter().map(|s| columns(s)))
        .any(|(first, last)| matches_columns(stated, (first, last), period))
}

/// Whether a stated period fits the bar (or bars) over chart columns `first..=last`.
fn matches_columns(stated: Stated, (first, last): (u32, u32), period: &Period) -> bool {
    let at = |year: FiscalYear| period.column_of(year);
    match stated {
        Stated::Range(a, b) => at(a) == Some(first) && at(b) == Some(last),
        Stated::From(a) => at(a) == Some(first),
        Stated::Until(b) => at(b) == Some(last),
    }
}

/// A stated period as the chart would label it: `R8～R10`, `R9～`, `～R9`.
fn stated_span(stated: Stated, period: &Period) -> String {
    match stated {
        Stated::Range(a, b) => period.span(a, b.max(a)).short(),
        Stated::From(a) => format!("{}～", period.span(a, a).short()),
        Stated::Until(b) => format!("～{}", period.span(b, b).short()),
    }
}

/// The bars as the chart labels them, joined: `R7～R8、R9～R11`.
fn bars_span(bars: &[&Step], period: &Period) -> String {
    bars.iter()
        .map(|s| period.columns_span(s.start.column, s.end.column).short())
        .collect::<Vec<_>>()
        .join("、")
}

/// Reports a step cell whose lines start with different fiscal years (「R7：検討」⏎「R9：導入」):
/// one cell, several steps.
pub fn several_steps(
    step: &Step,
    notation: crate::fiscal::YearNotation,
    out: &mut Vec<Diagnostic>,
) {
    let mut years: Vec<FiscalYear> = Vec::new();
    for line in step.text.lines() {
        let line = nfkc(line);
        let line =
            line.trim_start_matches(|c: char| c.is_whitespace() || "・●○■□-([【".contains(c));
        let first = years_in(line).into_iter().next();
        if let Some(m) = first.filter(|m| m.start == 0) {
            if !years.contains(&m.year) {
                years.push(m.year);
            }
        }
    }
    if years.len() < 2 {
        return;
    }
    let named: Vec<String> = years.iter().map(|y| notation.short(*y)).collect();
    let text: Vec<&str> = step.text.lines().map(str::trim).collect();
    out.push(Diagnostic::new(
        Code::StepCellSeveralYears,
        (&step.source).into(),
        &[&text.join(" / "), &named.join("、")],
    ));
}

/// Runs both rules over the rows of one roadmap sheet. A line's 備考 is the cell in the 備考
/// column on each of its rows; in the list layout the rows of one 行 group are one line.
pub fn check_sheet(
    view: &SheetView<'_>,
    header: &Header,
    entries: &[Entry],
    period: &Period,
    out: &mut Vec<Diagnostic>,
) {
    let remarks = remark_cells(view, header);
    for line in lines(header, entries) {
        let mut said: Vec<Said<'_>> = Vec::new();
        for (i, step) in line.iter().enumerate() {
            several_steps(step, period.years, out);
            said.push(Said {
                text: &step.text,
                place: (&step.source).into(),
                about: About::Step(i),
            });
        }
        let rows: std::collections::BTreeSet<u32> = line.iter().map(|s| s.source.row).collect();
        // A cell note says what its cell says: on a step's cell, of that step; elsewhere on
        // the line's rows, of the whole line.
        for note in view
            .sheet
            .look
            .notes
            .iter()
            .filter(|n| rows.contains(&n.row))
        {
            let on_step = line
                .iter()
                .position(|s| (s.source.row, s.source.col) == (note.row, note.col));
            said.push(Said {
                text: &note.text,
                place: view.place(note.row, note.col),
                about: on_step.map_or(About::Line, About::Step),
            });
        }
        for row in rows {
            if let Some((col, text)) = remarks.get(&row) {
                said.push(Said {
                    text,
                    place: view.place(row, *col),
                    about: About::Line,
                });
            }
        }
        check_line(&line, &said, period, out);
    }
}

/// The 備考 cells of a sheet by row: (column, text).
fn remark_cells(view: &SheetView<'_>, header: &Header) -> HashMap<u32, (u32, String)> {
    let Some(col) = header.col(Field::Note) else {
        return HashMap::new();
    };
    view.sheet
        .cells
        .iter()
        .filter(|c| c.col == col && c.row > header.row)
        .filter_map(|c| Some((c.row, (col, cell_text(&c.value)?))))
        .collect()
}

/// The chart lines of a sheet's rows: a grid row is one line; list rows of one item with the
/// same 行 are one line, each other list row a line of its own.
fn lines<'e>(header: &Header, entries: &'e [Entry]) -> Vec<Vec<&'e Step>> {
    let mut grouped: BTreeMap<([Option<&str>; 4], &str), usize> = BTreeMap::new();
    let mut lines: Vec<Vec<&Step>> = Vec::new();
    for e in entries {
        let Some(line) = &e.line else { continue };
        let steps = line.steps.iter();
        let group = e
            .group
            .as_deref()
            .filter(|_| header.kind == Kind::RoadmapList);
        let Some(group) = group else {
            lines.push(steps.collect());
            continue;
        };
        let text = |w: &'e Option<super::entry::Written>| w.as_ref().map(|(t, _)| t.trim());
        let key = (
            [
                text(&e.pillar),
                text(&e.policy),
                text(&e.initiative),
                text(&e.item),
            ],
            group,
        );
        match grouped.get(&key) {
            Some(&at) => lines
                .get_mut(at)
                .into_iter()
                .for_each(|l| l.extend(steps.clone())),
            None => {
                grouped.insert(key, lines.len());
                lines.push(steps.collect());
            }
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(t: &str) -> Vec<Stated> {
        claims(t).into_iter().map(|c| c.stated).collect()
    }

    #[test]
    fn ranges_moves_and_starts_are_read() {
        assert_eq!(
            said("令和8年度～令和10年度"),
            vec![Stated::Range(2026, 2028)]
        );
        assert_eq!(said("R8.4～R9.3に実証"), vec![Stated::Range(2026, 2026)]);
        assert_eq!(
            said("2026年4月～2027年3月"),
            vec![Stated::Range(2026, 2026)]
        );
        assert_eq!(said("（R9まで）"), vec![Stated::Until(2027)]);
        assert_eq!(said("R9から本格運用"), vec![Stated::From(2027)]);
        assert_eq!(said("R10へ前倒し"), vec![Stated::From(2028)]);
    }

    #[test]
    fn clauses_about_something_else_are_not_periods() {
        assert_eq!(said("R9から対象を高齢者にも広げる"), vec![]);
        assert_eq!(said("自宅のパソコンから接続"), vec![]);
        assert_eq!(said("デザインのリニューアル(R5)"), vec![]);
    }
}
