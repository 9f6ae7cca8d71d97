//! The roadmap charts as tables: one per policy, the fiscal years as column headers, each
//! chart line a row with its 取り組み項目 as row header, each step a cell spanning its years
//! (colspan), drawn as a bar with CSS and saying its period in words for a screen reader.
//!
//! Steps of one line that overlap in time go on rows of their own, as the PDF puts them on
//! lanes of their own, so the cells of every row add up to the year columns exactly.

use maud::{html, Markup, PreEscaped};

use crate::fiscal;
use crate::model::{Item, Line, Period, Policy, Roadmap, Step};

use super::{policy_id, relisting_link, shown};

/// One cell of a chart row: `span` year columns from column `first`, with the step drawn
/// there (`None`: an empty cell).
#[derive(Debug, Clone, PartialEq)]
pub struct Cell<'a> {
    /// First chart column (0 = the lead column ～R6).
    pub first: u32,
    /// Columns spanned (≥ 1).
    pub span: u32,
    /// The step, or `None` for a gap.
    pub step: Option<&'a Step>,
}

/// The table rows of one chart line, left to right, covering every column once.
///
/// ```
/// use koteihyo::model::{Line, Period, Step, YearRef};
/// use koteihyo::render::html::chart::rows;
/// let step = |a, b| Step {
///     start: YearRef { column: a, ..Default::default() },
///     end: YearRef { column: b, ..Default::default() },
///     ..Default::default()
/// };
/// let line = Line { steps: vec![step(1, 2), step(2, 5)], ..Default::default() };
/// let r = rows(&line, Period::default());
/// assert_eq!(r.len(), 2); // the two steps overlap in column 2
/// assert!(r.iter().all(|cells| cells.iter().map(|c| c.span).sum::<u32>() == 6));
/// ```
pub fn rows(line: &Line, period: Period) -> Vec<Vec<Cell<'_>>> {
    let cols = period.columns();
    // (last column taken, steps with their clamped columns) per lane.
    let mut lanes: Vec<(u32, Vec<Placed>)> = Vec::new();
    for step in &line.steps {
        let start = step.start.column.min(cols - 1);
        let end = step.end.column.min(cols - 1).max(start);
        match lanes.iter_mut().find(|(last, _)| *last < start) {
            Some((last, steps)) => {
                *last = end;
                steps.push((start, end, step));
            }
            None => lanes.push((end, vec![(start, end, step)])),
        }
    }
    if lanes.is_empty() {
        lanes.push((0, Vec::new()));
    }
    lanes
        .into_iter()
        .map(|(_, steps)| {
            let mut cells = Vec::new();
            let mut col = 0;
            for (start, end, step) in steps {
                cells.extend((col..start).map(gap));
                cells.push(Cell {
                    first: start,
                    span: end - start + 1,
                    step: Some(step),
                });
                col = end + 1;
            }
            cells.extend((col..cols).map(gap));
            cells
        })
        .collect()
}

/// A step with its first and last chart column, clamped to the period.
type Placed<'a> = (u32, u32, &'a Step);

fn gap<'a>(column: u32) -> Cell<'a> {
    Cell {
        first: column,
        span: 1,
        step: None,
    }
}

/// A step's period in words, for a screen reader, from the fiscal module's spans:
/// 「令和7年度から令和9年度まで」, 「令和6年度まで」 for the lead column alone,
/// 「計画期間より前から令和8年度まで」 for work begun before the plan; a step pinned to a year reads that year, and a step that runs to the
/// end of the plan adds 「、以降も継続」 (the printed arrow).
///
/// ```
/// use koteihyo::model::{Period, Step, YearRef};
/// use koteihyo::render::html::chart::period_words;
/// let s = Step {
///     start: YearRef { fiscal_year: 2025, column: 1, ..Default::default() },
///     end: YearRef { fiscal_year: 2027, column: 3, ..Default::default() },
///     ..Default::default()
/// };
/// assert_eq!(period_words(&s, Period::default()), "令和7年度から令和9年度まで");
/// ```
pub fn period_words(step: &Step, period: Period) -> String {
    let cols = period.columns();
    let start = step.start.column.min(cols - 1);
    let end = step.end.column.min(cols - 1).max(start);
    let span = match step.pinned {
        Some(year) => fiscal::spoken(year),
        // Begun before the plan and running into it: say where it starts, too.
        None if start == 0 && end > 0 => {
            format!(
                "計画期間より前から{}",
                period.columns_span(start, end).spoken()
            )
        }
        None => period.columns_span(start, end).spoken(),
    };
    if end == cols - 1 {
        format!("{span}、以降も継続")
    } else {
        span
    }
}

/// The ロードマップ section: the legend, then per pillar its policies' charts. In pieces, in
/// page order: the section's frame (heading, legend, pillar headings) around each policy's
/// chart, every chart made only when its turn comes (at 100× the section is 10 MB of markup).
pub fn roadmap(rm: &Roadmap) -> impl Iterator<Item = Markup> + '_ {
    let legend = &rm.plan.legend;
    let frame = html! {
        section #roadmap aria-labelledby="h-roadmap" {
            h2 #h-roadmap { "ロードマップ" }
            ul.legend aria-label="凡例" {
                li { span.swatch.ini aria-hidden="true" {} (shown(&legend.initiative)) }
                li { span.swatch.item aria-hidden="true" {} (shown(&legend.item)) }
                li { span.swatch.step aria-hidden="true" {} (shown(&legend.step)) "（帯は期間、右端の矢印は計画期間の後も継続）" }
                li { span.swatch.relisted aria-hidden="true" {} "再掲（「(再掲)」と再掲元の施策番号を併記）" }
            }
            @for (a, pillar) in rm.pillars.iter().enumerate() {
                section.pillar aria-labelledby={ "h-pillar-" (a + 1) } {
                    h3 id={ "h-pillar-" (a + 1) } { (shown(&pillar.heading())) }
                    @for _ in &pillar.policies {
                        (PreEscaped(super::SLOT))
                    }
                }
            }
        }
    };
    let charts = rm.pillars.iter().enumerate().flat_map(move |(a, pillar)| {
        pillar
            .policies
            .iter()
            .enumerate()
            .map(move |(b, policy)| policy_chart(rm, a, b, policy))
    });
    super::framed(frame, charts)
}

fn policy_chart(rm: &Roadmap, a: usize, b: usize, policy: &Policy) -> Markup {
    let period = rm.plan.period;
    let cols = period.columns();
    let id = policy_id(a, b);
    let place = rm.place_label(a, b);
    html! {
        section.policy #(id) aria-labelledby={ "h-" (id) } {
            h4 id={ "h-" (id) } { (shown(&place)) " " (shown(&policy.title)) }
            div.scroll role="region" tabindex="0" aria-labelledby={ "h-" (id) } {
                table.chart {
                    caption.vh { (shown(&place)) " " (shown(&policy.title)) "の工程表" }
                    colgroup { col.item; @for _ in 0..cols { col; } }
                    thead {
                        tr {
                            th scope="col" { (item_heading(rm)) }
                            @for c in 0..cols { th scope="col" { (period.column_long(c)) } }
                        }
                    }
                    @for ini in &policy.initiatives {
                        tbody {
                            tr { th.ini scope="rowgroup" colspan=(cols + 1) { (shown(&ini.text)) } }
                            @for item in &ini.items { (item_rows(item, period)) }
                        }
                    }
                }
            }
        }
    }
}

/// The heading of the item column: the legend's word for it, 「取り組み項目」 when the plan
/// has none (a header cell is never empty).
fn item_heading(rm: &Roadmap) -> std::borrow::Cow<'_, str> {
    match rm.plan.legend.item.trim() {
        "" => "取り組み項目".into(),
        _ => shown(&rm.plan.legend.item),
    }
}

/// The notes shown under a line: its 備考 and the notes of its steps that are not already in
/// their text (as the PDF prints them, with ※).
fn remarks(line: &Line) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    if let Some(r) = line.remark.as_deref().filter(|r| !r.is_empty()) {
        out.push(r);
    }
    for step in &line.steps {
        for n in &step.notes {
            if !n.is_empty() && !step.text.contains(n.as_str()) && !out.contains(&n.as_str()) {
                out.push(n);
            }
        }
    }
    out
}

fn item_rows(item: &Item, period: Period) -> Markup {
    let lines: Vec<(Vec<Vec<Cell>>, Vec<&str>)> = item
        .lines
        .iter()
        .map(|l| (rows(l, period), remarks(l)))
        .collect();
    let span: usize = lines
        .iter()
        .map(|(r, notes)| r.len() + usize::from(!notes.is_empty()))
        .sum::<usize>()
        .max(1);
    let header = html! {
        th.item scope="row" rowspan=(span) {
            (shown(&item.text))
            @if let Some(r) = item.relisting.as_ref().filter(|r| !r.place.is_empty()) {
                " " (relisting_link(r))
            }
        }
    };
    let mut first = true;
    let mut take_header = || std::mem::replace(&mut first, false).then(|| header.clone());
    html! {
        @if lines.is_empty() {
            tr { (header) td colspan=(period.columns()) {} }
        }
        @for ((cells_rows, notes), line) in lines.iter().zip(&item.lines) {
            @for cells in cells_rows {
                tr {
                    @if let Some(h) = take_header() { (h) }
                    @for cell in cells { (step_cell(cell, line, period)) }
                }
            }
            @if !notes.is_empty() {
                tr {
                    @if let Some(h) = take_header() { (h) }
                    td.remark colspan=(period.columns()) {
                        @for n in notes { span { "※" (shown(n)) } " " }
                    }
                }
            }
        }
    }
}

fn step_cell(cell: &Cell, line: &Line, period: Period) -> Markup {
    let Some(step) = cell.step else {
        return html! { td {} };
    };
    let arrow = cell.first + cell.span == period.columns();
    // The badge rule of the PDF: a re-listed step, or a step of a re-listed line.
    let link = step
        .relisting
        .as_ref()
        .or(line.relisting.as_ref())
        .filter(|r| !r.place.is_empty() && (step.relisted || line.relisting.is_some()));
    html! {
        td.s colspan=(cell.span) {
            div.bar.arrow[arrow].relisted[step.relisted] {
                span { (shown(&step.text)) }
                @if let Some(r) = link { (relisting_link(r)) }
                span.vh { "（" (period_words(step, period)) "）" }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::YearRef;

    fn step(first: u32, last: u32) -> Step {
        let at = |column: u32| YearRef {
            fiscal_year: Period::default().year_of_column(column),
            written: String::new(),
            column,
        };
        Step {
            start: at(first),
            end: at(last),
            ..Default::default()
        }
    }

    fn spans(line: &Line) -> Vec<Vec<(u32, u32, bool)>> {
        rows(line, Period::default())
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| (c.first, c.span, c.step.is_some()))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn phases_share_a_row_and_gaps_are_empty_cells() {
        let line = Line {
            steps: vec![step(1, 1), step(3, 5)],
            ..Default::default()
        };
        let want = vec![vec![
            (0, 1, false),
            (1, 1, true),
            (2, 1, false),
            (3, 3, true),
        ]];
        assert_eq!(spans(&line), want);
    }

    #[test]
    fn overlapping_steps_take_rows_of_their_own() {
        let line = Line {
            steps: vec![step(0, 5), step(2, 3), step(4, 4)],
            ..Default::default()
        };
        let got = spans(&line);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0], vec![(0, 6, true)]);
        assert_eq!(
            got[1],
            vec![
                (0, 1, false),
                (1, 1, false),
                (2, 2, true),
                (4, 1, true),
                (5, 1, false)
            ]
        );
    }

    #[test]
    fn a_line_without_steps_is_one_empty_row_and_columns_are_clamped() {
        assert_eq!(
            spans(&Line::default()),
            vec![vec![(0, 1, false); 1]
                .into_iter()
                .chain((1..6).map(|c| (c, 1, false)))
                .collect::<Vec<_>>()]
        );
        let line = Line {
            steps: vec![step(4, 9)],
            ..Default::default()
        };
        assert_eq!(spans(&line)[0].iter().map(|c| c.1).sum::<u32>(), 6);
    }

    #[test]
    fn periods_in_words() {
        let p = Period::default();
        assert_eq!(period_words(&step(0, 0), p), "令和6年度まで");
        assert_eq!(
            period_words(&step(0, 2), p),
            "計画期間より前から令和8年度まで"
        );
        assert_eq!(period_words(&step(2, 2), p), "令和8年度");
        assert_eq!(period_words(&step(1, 3), p), "令和7年度から令和9年度まで");
        assert_eq!(
            period_words(&step(1, 5), p),
            "令和7年度から令和11年度まで、以降も継続"
        );
        assert_eq!(
            period_words(&step(0, 5), p),
            "計画期間より前から令和11年度まで、以降も継続"
        );
        let pinned = Step {
            pinned: Some(2023),
            ..step(0, 0)
        };
        assert_eq!(period_words(&pinned, p), "令和5年度");
    }
}
