//! The roadmap charts as tables: one per policy, the fiscal years as column headers, each
//! chart line a row with its 取り組み項目 as row header, each step a cell spanning its years
//! (colspan), drawn as a bar with CSS and saying its period in words for a screen reader.
//!
//! Steps of one line that overlap in time go on rows of their own, as the PDF puts them on
//! lanes of their own, so the cells of every row add up to the year columns exactly.

use maud::{html, Markup, PreEscaped};

use crate::fiscal;
use crate::model::{Item, Line, Path, Period, Policy, Relisting, Roadmap, Section, Step};

use super::frame::{framed, SLOT};
use super::text::{policy_id, relisting_link, shown};

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

/// A step's period in words, visible in the list view and read to a screen reader in the
/// table: the fiscal module's spoken span (「令和7年度から令和9年度まで」, 「令和6年度まで」
/// for the lead column alone, 「計画期間より前から令和8年度まで」 for work begun before the
/// plan), what the arrow means for a step reaching the last year ([`fiscal::Arrow`]); a step
/// pinned to a year reads that year.
///
/// ```
/// use koteihyo::fiscal::Arrow;
/// use koteihyo::model::{Period, Step, YearRef};
/// use koteihyo::render::html::chart::period_words;
/// let s = Step {
///     start: YearRef { fiscal_year: 2025, column: 1, ..Default::default() },
///     end: YearRef { fiscal_year: 2027, column: 3, ..Default::default() },
///     ..Default::default()
/// };
/// assert_eq!(period_words(&s, Period::default(), Arrow::ToPlanEnd), "令和7年度から令和9年度まで");
/// ```
pub fn period_words(step: &Step, period: Period, arrow: fiscal::Arrow) -> String {
    // One home for the words, shared with the PDF's spoken text.
    step.period_words(period, arrow)
}

/// The ロードマップ section: the legend, then per pillar its policies' charts. In pieces, in
/// page order: the section's frame (heading, legend, pillar headings) around each policy's
/// chart, every chart made only when its turn comes (at 100× the section is 10 MB of markup).
pub fn roadmap(rm: &Roadmap) -> impl Iterator<Item = Markup> + '_ {
    let style = &rm.plan.style;
    let legend = style.legend(&rm.plan.legend);
    let frame = html! {
        section #roadmap aria-labelledby="h-roadmap" {
            h2 #h-roadmap { (style.heading(Section::Roadmap)) }
            ul.legend aria-label="凡例" {
                li { span.swatch.ini aria-hidden="true" {} (shown(&legend.initiative)) }
                @if style.items {
                    li { span.swatch.item aria-hidden="true" {} (shown(&legend.item)) }
                }
                li { span.swatch.step aria-hidden="true" {} (shown(&legend.step)) "（帯は期間、右端の矢印は" (rm.plan.arrow.meaning()) "）" }
                li { span.swatch.relisted aria-hidden="true" {} "再掲（「(再掲)」と再掲元の" (style.words.policy) "番号を併記）" }
            }
            @for (a, pillar) in rm.pillars.iter().enumerate() {
                section.pillar aria-labelledby={ "h-pillar-" (a + 1) } {
                    h3 id={ "h-pillar-" (a + 1) } { (shown(&pillar.heading())) }
                    @for _ in &pillar.policies {
                        (PreEscaped(SLOT))
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
    framed(frame, charts)
}

fn policy_chart(rm: &Roadmap, a: usize, b: usize, policy: &Policy) -> Markup {
    let period = rm.plan.period;
    let cols = period.columns();
    let id = policy_id(a, b);
    let place = rm.place_label(a, b);
    // A plan without the 取り組み項目 level has no item column: each line is its own row.
    let items = rm.plan.style.items;
    let at = Path {
        pillar: a,
        policy: b,
        ..Path::default()
    };
    html! {
        section.policy #(id) aria-labelledby={ "h-" (id) } {
            h4 id={ "h-" (id) } { (shown(&place)) " " (shown(&policy.title)) }
            // A group, not a region: the section is already the policy's one landmark.
            div.scroll.charts role="group" tabindex="0" aria-labelledby={ "c-" (id) } {
                table.chart {
                    caption.vh id={ "c-" (id) } { (shown(&place)) " " (shown(&policy.title)) "の工程表" }
                    colgroup { @if items { col.item; } @for _ in 0..cols { col; } }
                    thead {
                        tr {
                            @if items { th scope="col" { (item_heading(rm)) } }
                            @for c in 0..cols { th scope="col" { (period.column_long(c)) } }
                        }
                    }
                    @for (i, ini) in policy.initiatives.iter().enumerate() {
                        tbody {
                            tr { th.ini scope="rowgroup" colspan=(cols + u32::from(items)) { (phrased(&ini.text)) } }
                            @for (j, item) in ini.items.iter().enumerate() {
                                (item_rows(rm, Path { initiative: i, item: j, ..at }, item))
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The id of an item's row (`item_row`) or of a line's first row (`line_row`), which a
/// re-listing links to.
fn row_id(kind: &str, p: Path) -> String {
    format!(
        "{kind}-{}-{}-{}-{}",
        p.pillar + 1,
        p.policy + 1,
        p.initiative + 1,
        p.item + 1
    )
}

fn item_row(p: Path) -> String {
    row_id("item", p)
}

fn line_row(p: Path) -> String {
    format!("{}-{}", row_id("line", p), p.line + 1)
}

/// A text with a `<wbr>` between its phrases (文節, by BudouX, as the PDF breaks lines), so
/// that a narrow cell breaks 「サービス」 after it rather than inside it; the style sheet keeps
/// words whole (`word-break: keep-all`) and breaks only there.
pub fn phrased(text: &str) -> Markup {
    let text = shown(text);
    let starts = crate::render::pdf::linebreak::phrase_starts(&text);
    let mut pieces: Vec<String> = Vec::new();
    for (c, start) in text
        .chars()
        .zip(starts.iter().copied().chain(std::iter::repeat(false)))
    {
        match pieces.last_mut() {
            Some(piece) if !start => piece.push(c),
            _ => pieces.push(c.to_string()),
        }
    }
    html! {
        @for (k, piece) in pieces.iter().enumerate() {
            // Hidden from the accessibility tree, or Chromium reads a space at each one.
            @if k > 0 { wbr aria-hidden="true"; }
            (piece)
        }
    }
}

/// The heading of the item column: the legend's word for it, 「取り組み項目」 when the plan
/// has none (a header cell is never empty).
fn item_heading(rm: &Roadmap) -> String {
    shown(&rm.plan.style.legend(&rm.plan.legend).item).into_owned()
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

/// Where a re-listing's link goes: the original item's row for an item, the original line's
/// first row for a line or step.
fn link_to(r: &Relisting, item: bool) -> String {
    if item {
        item_row(r.path)
    } else {
        line_row(r.path)
    }
}

/// The badge of an item or line: the link to its original, or to the closest original when
/// the re-listing has none (the near miss its warning names).
fn original_badge(
    relisting: Option<&Relisting>,
    closest: Option<&Relisting>,
    item: bool,
) -> Option<Markup> {
    match (relisting, closest) {
        (Some(r), _) if !r.place.is_empty() => Some(relisting_link(r, &link_to(r, item), false)),
        (None, Some(c)) if !c.place.is_empty() => Some(relisting_link(c, &link_to(c, item), true)),
        _ => None,
    }
}

fn item_rows(rm: &Roadmap, at: Path, item: &Item) -> Markup {
    let period = rm.plan.period;
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
        th.item id=(item_row(at)) scope="row" rowspan=(span) {
            (phrased(&item.text))
            @if let Some(badge) = original_badge(item.relisting.as_ref(), item.closest_original.as_ref(), true) {
                " " (badge)
            }
        }
    };
    // Without the 取り組み項目 level the item is its line: no header cell of its own.
    let mut first = rm.plan.style.items;
    let mut take_header = || std::mem::replace(&mut first, false).then(|| header.clone());
    html! {
        @if lines.is_empty() {
            tr { @if rm.plan.style.items { (header) } td.none colspan=(period.columns()) {} }
        }
        @for (k, ((cells_rows, notes), line)) in lines.iter().zip(&item.lines).enumerate() {
            @for (n, cells) in cells_rows.iter().enumerate() {
                tr id=[(n == 0).then(|| line_row(Path { line: k, ..at }))] {
                    @if let Some(h) = take_header() { (h) }
                    @for cell in cells { (step_cell(rm, cell, line)) }
                }
            }
            @if !notes.is_empty() {
                tr {
                    @if let Some(h) = take_header() { (h) }
                    td.remark colspan=(period.columns()) {
                        @for n in notes { span { "※" (phrased(n)) } " " }
                    }
                }
            }
        }
    }
}

fn step_cell(rm: &Roadmap, cell: &Cell, line: &Line) -> Markup {
    let period = rm.plan.period;
    let Some(step) = cell.step else {
        return html! { td {} };
    };
    let arrow = cell.first + cell.span == period.columns();
    // The badge rule of the PDF: a re-listed step, or a step of a re-listed line; a
    // re-listing without an original points at its closest one.
    let relisted = step.relisted || line.relisting.is_some();
    let badge = relisted
        .then(|| {
            original_badge(
                step.relisting.as_ref().or(line.relisting.as_ref()),
                line.closest_original.as_ref(),
                false,
            )
        })
        .flatten();
    html! {
        td.s colspan=(cell.span) {
            div.bar.arrow[arrow].relisted[step.relisted] {
                span.label { (phrased(&step.text)) }
                @if let Some(b) = badge { (b) }
                span.when { "（" (period_words(step, period, rm.plan.arrow)) "）" }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fiscal::Arrow;
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
        let a = Arrow::ToPlanEnd;
        assert_eq!(period_words(&step(0, 0), p, a), "令和6年度まで");
        assert_eq!(
            period_words(&step(0, 2), p, a),
            "計画期間より前から令和8年度まで"
        );
        assert_eq!(period_words(&step(2, 2), p, a), "令和8年度");
        assert_eq!(
            period_words(&step(1, 3), p, a),
            "令和7年度から令和9年度まで"
        );
        assert_eq!(
            period_words(&step(1, 5), p, a),
            "令和7年度から令和11年度まで"
        );
        assert_eq!(
            period_words(&step(0, 5), p, a),
            "計画期間より前から令和11年度まで"
        );
        assert_eq!(
            period_words(&step(1, 5), p, Arrow::BeyondPlan),
            "令和7年度から令和11年度まで、以降も継続"
        );
        let pinned = Step {
            pinned: Some(2023),
            ..step(0, 0)
        };
        assert_eq!(period_words(&pinned, p, a), "令和5年度");
    }
}
