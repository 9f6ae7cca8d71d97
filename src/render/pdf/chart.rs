//! The roadmap charts: one table per policy, six year columns, initiatives and items as
//! full-width rows, each line's steps as bars from their start to their end column.
//!
//! Every policy is measured first (every row's height, with its text already wrapped), then
//! split into pages ([`paginate`]), so that the page of every row is known before anything is
//! painted: a re-listing's tag names the page of its original, which may come later in the
//! document. Then each page is painted: row fills, column rules, then bars and text on top.

use crate::model::{Pillar, Policy, Section, Source};

use super::chart_model::*;
use super::ctx::*;

/// One policy, measured and paginated.
struct Chart {
    rows: Vec<Row>,
    pages: Vec<ChartPage>,
}

/// Lays out every policy's chart, recording where pillars and policies start.
pub fn roadmap(cx: &mut Ctx) {
    cx.sections.roadmap = cx.page_no() + 1;
    // The roadmap outlives the context: read it in place (a clone of the tree cost ~40 MiB
    // at 100×).
    let rm = cx.rm;
    let pillars = &rm.pillars;
    let mut charts = Vec::new();
    for (pi, pillar) in pillars.iter().enumerate() {
        for (qi, policy) in pillar.policies.iter().enumerate() {
            let rows = measure(cx, (pi, qi), policy);
            let pages = paginate(cx, &rows);
            charts.push(Chart { rows, pages });
        }
    }
    let row_pages = row_pages(&charts, cx.page_no() + 1);
    let mut charts = charts.iter();
    for (pi, pillar) in pillars.iter().enumerate() {
        cx.sections.pillars.push(cx.page_no() + 1);
        cx.sections.policies.push(Vec::new());
        let pillar_sect = cx.begin(Role::Sect);
        for policy in &pillar.policies {
            let Some(chart) = charts.next() else { return };
            // The policy's heading and its chart, a table that runs over its pages.
            let policy_sect = cx.begin(Role::Sect);
            let first = cx.page_no() + 1;
            if let Some(v) = cx.sections.policies.last_mut() {
                v.push(first);
            }
            for (n, page) in chart.pages.iter().enumerate() {
                let no = cx.new_page();
                if no == cx.sections.roadmap {
                    cx.bookmark(cx.rm.plan.style.heading(Section::Roadmap), 0);
                }
                if Some(&no) == cx.sections.pillars.get(pi) {
                    cx.bookmark(&pillar_title(pillar), 1);
                }
                if n == 0 {
                    cx.bookmark(&cx.rm.plan.style.titled(&policy.label, &policy.title), 2);
                }
                super::chart_paint::header(cx, pillar, policy, n > 0);
                super::chart_paint::paint(cx, &chart.rows, page, &row_pages);
            }
            cx.close(policy_sect);
        }
        cx.close(pillar_sect);
    }
}

/// The page and top of every row, the charts starting on page `first`.
fn row_pages(charts: &[Chart], first: usize) -> RowPages {
    let mut out = RowPages::new();
    let mut page = first;
    for chart in charts {
        for p in &chart.pages {
            for placed in p.rows.iter().filter(|r| !r.continued) {
                out.insert(chart.rows[placed.row].key, (page, placed.y));
            }
            page += 1;
        }
    }
    out
}

/// `(1) “便利・快適” ～DXによる 市民サービスの向上～`
pub fn pillar_title(p: &Pillar) -> String {
    p.heading()
}

fn measure(cx: &mut Ctx, policy_at: (usize, usize), policy: &Policy) -> Vec<Row> {
    let items = cx.rm.plan.style.items;
    let mut rows = Vec::new();
    for (ii, ini) in policy.initiatives.iter().enumerate() {
        cx.source = ini.source.clone();
        let key = RowKey {
            policy: policy_at,
            initiative: ii,
            item: None,
            line: None,
        };
        let mut row = initiative_row(cx, &ini.text, key, &ini.source);
        row.continued = Some(Box::new(initiative_row(
            cx,
            &continued_title(&ini.text),
            key,
            &ini.source,
        )));
        rows.push(row);
        for (ti, item) in ini.items.iter().enumerate() {
            cx.source = item.source.clone();
            let key = RowKey {
                item: Some(ti),
                ..key
            };
            // The original, else the closest one (a near miss, as the web edition shows it); a
            // plan without the 取り組み項目 level has no item row, so the tag points at the line.
            let tag = match (&item.relisting, &item.closest_original) {
                (Some(r), _) => Some(Tag::of(r, items)),
                (None, Some(c)) => Tag::near(c, items),
                (None, None) => None,
            };
            // A plan without the 取り組み項目 level prints each line once, as its bar.
            if items {
                let mut row = item_row(cx, &item.text, tag.clone(), key, &item.source);
                row.continued = Some(Box::new(item_row(
                    cx,
                    &continued_title(&item.text),
                    None,
                    key,
                    &item.source,
                )));
                rows.push(row);
            }
            for (li, line) in item.lines.iter().enumerate() {
                let key = RowKey {
                    line: Some(li),
                    ..key
                };
                rows.push(measure_line(cx, line, tag.as_ref(), key));
            }
        }
    }
    rows
}

fn initiative_row(cx: &mut Ctx, text: &str, key: RowKey, source: &Source) -> Row {
    let w = cx.wrap(text, Face::Bold, INI_SIZE, CONTENT_W - 2.0 * INI_INDENT);
    let text_h = w.lines.len() as f32 * INI_LH;
    Row {
        h: Give {
            full: (text_h + INI_PAD.0).max(INI_MIN_H.0),
            tight: (text_h + INI_PAD.1).max(INI_MIN_H.1),
        },
        kind: Kind::Initiative(w.lines),
        key,
        source: source.clone(),
        continued: None,
    }
}

fn item_row(cx: &mut Ctx, text: &str, tag: Option<Tag>, key: RowKey, source: &Source) -> Row {
    let max = CONTENT_W - ITEM_INDENT - 2.0 * TAG_PAD - INI_INDENT;
    let w = cx.wrap(text, Face::Regular, ITEM_SIZE, max);
    let mut lines = w.lines;
    if let Some(t) = &tag {
        let last = lines
            .last()
            .map(|l| Face::Regular.width(l, ITEM_SIZE))
            .unwrap_or(0.0);
        if last + 2.0 * TAG_PAD + t.room() > max {
            lines.push(String::new());
        }
    }
    let text_h = lines.len() as f32 * ITEM_LH;
    Row {
        h: Give {
            full: (text_h + ITEM_PAD.0).max(ITEM_MIN_H.0),
            tight: (text_h + ITEM_PAD.1).max(ITEM_MIN_H.1),
        },
        kind: Kind::Item { lines, tag },
        key,
        source: source.clone(),
        continued: None,
    }
}

/// The tag of each step of a line: the step's own original, else the line's, else the
/// item's (`item`, the item row's tag), else the line's closest original (a near miss), else
/// the item's; a step carries it only when it differs from its neighbour's on the left, so
/// a line re-listed whole is tagged once.
fn step_tags(line: &crate::model::Line, item: Option<&Tag>) -> Vec<Option<Tag>> {
    let mut last: Option<RowKey> = None;
    let item_exact = item.filter(|t| !t.near);
    let line_near = line
        .closest_original
        .as_ref()
        .and_then(|c| Tag::near(c, false));
    line.steps
        .iter()
        .map(|step| {
            let relisted = step.relisted || line.relisting.is_some();
            let tag = step
                .relisting
                .as_ref()
                .or(line.relisting.as_ref())
                .map(|r| Tag::of(r, false))
                .or_else(|| item_exact.cloned())
                .or_else(|| line_near.clone())
                .or_else(|| item.cloned())
                .filter(|t| relisted && !t.place.is_empty());
            let fresh = tag.as_ref().filter(|t| Some(t.target) != last).cloned();
            if let Some(t) = &tag {
                last = Some(t.target);
            }
            fresh
        })
        .collect()
}

fn measure_line(
    cx: &mut Ctx,
    line: &crate::model::Line,
    item_tag: Option<&Tag>,
    key: RowKey,
) -> Row {
    let mut lanes: Vec<(u32, Vec<Bar>)> = Vec::new(); // (last end column, bars)
    let mut remarks: Vec<String> = Vec::new();
    if let Some(r) = line.remark.as_ref().filter(|r| !r.is_empty()) {
        remarks.push(r.clone());
    }
    let tags = step_tags(line, item_tag);
    for (step, tag) in line.steps.iter().zip(tags) {
        let bar = step_bar(cx, line, step, tag);
        let (start, end) = bar.columns;
        // Notes that came from a 備考 column are not in the text: show them as remarks.
        for n in &step.notes {
            if !n.is_empty() && !step.text.contains(n.as_str()) && !remarks.contains(n) {
                remarks.push(n.clone());
            }
        }
        // Phases normally follow one another; steps that overlap in time go on a lane of
        // their own rather than on top of each other.
        match lanes.iter_mut().find(|(last, _)| *last < start) {
            Some((last, bars)) => {
                *last = end;
                bars.push(bar);
            }
            None => lanes.push((end, vec![bar])),
        }
    }
    let lanes: Vec<Lane> = lanes.into_iter().map(|(_, bars)| lane(bars)).collect();
    let remark_x = lanes
        .iter()
        .flat_map(|l| l.bars.iter().map(|b| b.left))
        .fold(MARGIN_X + CONTENT_W, f32::min)
        .min(MARGIN_X + CONTENT_W - REMARK_MIN_W);
    let remark_lines = remark_lines(cx, &remarks, remark_x);
    let remarks_h = match remark_lines.len() {
        0 => 0.0,
        n => n as f32 * REMARK_LH + REMARK_GAP,
    };
    let mut h = lanes.iter().fold(Give::default(), |acc, l| Give {
        full: acc.full + l.h.full,
        tight: acc.tight + l.h.tight,
    });
    h.full = h.full.max(LANE_MIN_H.0) + remarks_h;
    h.tight = h.tight.max(LANE_MIN_H.1) + remarks_h;
    Row {
        kind: Kind::Steps {
            lanes,
            remarks: remark_lines,
            remark_x,
        },
        h,
        key,
        source: line.source.clone(),
        continued: None,
    }
}

/// A step's bar, from its start year's column to its end year's (an arrow when it runs to
/// the last column), with its text fitted inside.
fn step_bar(
    cx: &mut Ctx,
    line: &crate::model::Line,
    step: &crate::model::Step,
    tag: Option<Tag>,
) -> Bar {
    let cols = cx.rm.plan.period.columns();
    let cw = col_w(cx);
    cx.source = step.source.clone();
    let start = step.start.column.min(cols - 1);
    let end = step.end.column.min(cols - 1).max(start);
    let left = MARGIN_X + start as f32 * cw + BAR_INSET;
    let right = MARGIN_X + (end + 1) as f32 * cw - BAR_INSET;
    let arrow = end == cols - 1;
    let body_right = if arrow {
        right - head_len(left, right)
    } else {
        right
    };
    let avail = body_right - left - 2.0 * BAR_PAD;
    let mut bar = fit_bar(cx, &step.text, tag, avail);
    bar.left = left;
    bar.right = right;
    bar.arrow = arrow;
    bar.relisted = step.relisted || line.relisting.is_some();
    bar.source = step.source.clone();
    bar.columns = (start, end);
    // The same words as the web edition, from the plan's meaning of the arrow.
    let plan = &cx.rm.plan;
    let when = step.period_words(plan.period, plan.arrow);
    bar.spoken = format!("{}（{when}）", step.text);
    bar
}

/// A line's remarks (※…), wrapped from `remark_x` to the right margin.
fn remark_lines(cx: &mut Ctx, remarks: &[String], remark_x: f32) -> Vec<String> {
    let room = MARGIN_X + CONTENT_W - 2.0 * BAR_INSET - remark_x;
    remarks
        .iter()
        .flat_map(|r| {
            cx.wrap(&format!("※{r}"), Face::Regular, REMARK_SIZE, room)
                .lines
        })
        .collect()
}

/// A lane of bars: as high as its tallest text, with room around it.
fn lane(bars: Vec<Bar>) -> Lane {
    let text_h = bars
        .iter()
        .map(|b| b.text_lines() as f32 * b.line_h())
        .fold(0.0, f32::max);
    Lane {
        h: Give {
            full: (text_h + 2.0 * (BAR_TEXT_PAD.0 + BAR_INSET)).max(LANE_MIN_H.0),
            tight: (text_h + 2.0 * (BAR_TEXT_PAD.1 + BAR_INSET_TIGHT)).max(LANE_MIN_H.1),
        },
        bars,
    }
}

/// Picks the bar's font size and wraps its text: the largest size at which the text takes
/// at most [`BAR_LINES`] lines, else the largest that takes no more lines than the floor
/// size would (the row then grows). A word wider than the bar even at the floor is reported.
fn fit_bar(cx: &mut Ctx, text: &str, tag: Option<Tag>, avail: f32) -> Bar {
    let floor = BAR_SIZES[BAR_SIZES.len() - 1];
    let at_floor = cx.wrap(text, Face::Regular, floor, avail);
    let target = at_floor.lines.len().max(BAR_LINES);
    let mut chosen = (floor, at_floor.clone());
    for &s in &BAR_SIZES {
        let w = cx.wrap(text, Face::Regular, s, avail);
        if w.lines.len() <= target && !w.forced {
            chosen = (s, w);
            break;
        }
    }
    let (size, w) = chosen;
    if w.forced {
        cx.too_long(text);
    }
    let tag_inline = match &tag {
        Some(t) => {
            let last = w
                .lines
                .last()
                .map(|l| Face::Regular.width(l, size))
                .unwrap_or(0.0);
            last + TAG_PAD + t.room() <= avail
        }
        None => false,
    };
    if tag.as_ref().is_some_and(|t| t.room() > avail) {
        cx.too_long(text);
    }
    Bar {
        lines: w.lines,
        size,
        left: 0.0,
        right: 0.0,
        arrow: false,
        relisted: false,
        tag,
        tag_inline,
        source: Source::default(),
        columns: (0, 0),
        spoken: String::new(),
    }
}

// --- pagination --------------------------------------------------------------------------

/// What a page costs: a break that leaves one bar of an item alone on either side of it
/// costs most, then a page under half full (unless it is its policy's last, which ends the
/// part), then pages, then breaks that leave one or two rows of an initiative on either
/// side, breaks inside an initiative or an item, tightened rows, and unevenly filled pages.
mod cost {
    /// Twice [`TIGHTENED`]: a policy's rows are set tight (as the published edition sets
    /// them) rather than spread over one more page.
    pub const PAGE: f32 = 20_000.0;
    pub const UNDER_HALF: f32 = 50_000.0;
    pub const LONE_BAR: f32 = 200_000.0;
    pub const FEW_ROWS: f32 = 3_000.0;
    pub const IN_INITIATIVE: f32 = 400.0;
    pub const IN_ITEM: f32 = 400.0;
    pub const TIGHTENED: f32 = 10_000.0;
    pub const EMPTY: f32 = 1_000.0;
    /// Per point a page's rows run past its foot at their tightest.
    pub const OVERFULL: f32 = 100_000.0;
}

/// The rows repeated at the top of a page that starts at row `i`: its initiative's
/// 「（続き）」 row when it starts inside an initiative, and its item's when inside an item.
fn repeated(rows: &[Row], i: usize) -> Vec<usize> {
    let row = &rows[i];
    if row.is_initiative() {
        return Vec::new();
    }
    let ini = (0..i).rev().find(|&k| rows[k].is_initiative());
    let item = if row.is_steps() {
        (0..i).rev().find(|&k| rows[k].is_item())
    } else {
        None
    };
    ini.into_iter().chain(item).collect()
}

fn continued_h(rows: &[Row], k: usize) -> Give {
    rows[k].continued.as_ref().map_or(rows[k].h, |c| c.h)
}

/// Where each row's initiative group starts and ends (row indices, end exclusive).
fn groups(rows: &[Row]) -> Vec<(usize, usize)> {
    let mut out = vec![(0, rows.len()); rows.len()];
    let mut start = 0;
    for i in 1..=rows.len() {
        if i == rows.len() || rows[i].is_initiative() {
            out[start..i].fill((start, i));
            start = i;
        }
    }
    out
}

/// May a page end before row `j`? Not after an initiative row, and not after an item row
/// whose lines follow.
fn may_break(rows: &[Row], j: usize) -> bool {
    if j == 0 || j >= rows.len() {
        return j == rows.len();
    }
    let before = &rows[j - 1];
    !(before.is_initiative() || before.is_item() && rows[j].is_steps())
}

/// Does a page of rows `i..j`, ending inside an item, leave one bar of it alone: a single
/// bar of the item above the break on this page, or below it on the next?
fn lone_bar(rows: &[Row], i: usize, j: usize) -> bool {
    let bars = |r: &Row| match &r.kind {
        Kind::Steps { lanes, .. } => lanes.iter().map(|l| l.bars.len()).sum(),
        _ => 0,
    };
    let before: usize = rows[i..j]
        .iter()
        .rev()
        .take_while(|r| r.is_steps())
        .map(bars)
        .sum();
    let after: usize = rows[j..]
        .iter()
        .take_while(|r| r.is_steps())
        .map(bars)
        .sum();
    before < 2 || after < 2
}

/// The page holding rows `i..j` (with the repeated rows a continuation needs): its
/// tightness and cost. Rows that do not fit even at their tightest cost in proportion to
/// how far they run over, so that a row taller than any page still gets one (and is
/// reported) rather than its policy getting none.
fn page_cost(rows: &[Row], groups: &[(usize, usize)], i: usize, j: usize) -> (f32, f32) {
    let heads = repeated(rows, i);
    let sum = heads
        .iter()
        .map(|&k| continued_h(rows, k))
        .chain(rows[i..j].iter().map(|r| r.h))
        .fold(Give::default(), |a, h| Give {
            full: a.full + h.full,
            tight: a.tight + h.tight,
        });
    if sum.tight > BODY_H + 1e-3 {
        return (0.0, cost::PAGE + cost::OVERFULL * (sum.tight - BODY_H));
    }
    let t = if sum.full <= BODY_H {
        1.0
    } else {
        (BODY_H - sum.tight) / (sum.full - sum.tight)
    };
    let fill = sum.at(t) / BODY_H;
    let mut c = cost::PAGE + cost::TIGHTENED * (1.0 - t) + cost::EMPTY * (1.0 - fill).powi(2);
    let last = j == rows.len();
    if fill < 0.5 && !last {
        c += cost::UNDER_HALF;
    }
    if j < rows.len() && !rows[j].is_initiative() {
        let (g0, g1) = groups[j];
        c += cost::IN_INITIATIVE;
        if rows[j].is_steps() {
            c += cost::IN_ITEM;
            if lone_bar(rows, i, j) {
                c += cost::LONE_BAR;
            }
        }
        if j - g0.max(i) <= 2 || g1 - j <= 2 {
            c += cost::FEW_ROWS;
        }
    }
    (t, c)
}

/// Splits a policy's rows into pages, choosing the breaks that cost least (see [`cost`]):
/// a page never ends with an initiative or an item row without its lines, and a page that
/// starts inside an initiative repeats its initiative (and item) rows, marked 「（続き）」,
/// so no page starts with a bar. A row taller than a whole page is reported.
fn paginate(cx: &mut Ctx, rows: &[Row]) -> Vec<ChartPage> {
    let n = rows.len();
    if n == 0 {
        return vec![ChartPage {
            rows: Vec::new(),
            tightness: 1.0,
        }];
    }
    let spans = breaks(rows, first_start);
    for r in rows.iter().filter(|r| r.h.tight > BODY_H) {
        cx.source = r.source.clone();
        cx.too_long(&row_text(r));
    }
    spans
        .into_iter()
        .map(|(i, j, t)| place(rows, i, j, t))
        .collect()
}

/// Where the pages of a policy's rows start and end, and how tight each is: `(start, end,
/// tightness)` for consecutive spans covering every row, the cheapest by [`cost`] among
/// pages starting no earlier than `first(rows, best, j)` for a page ending before row `j`
/// (`best[i]`: whether rows `0..i` can be set).
fn breaks(rows: &[Row], first: StartLimit) -> Vec<(usize, usize, f32)> {
    let n = rows.len();
    let groups = groups(rows);
    // best[j]: the cheapest way to set rows 0..j, and where its last page starts.
    let mut best: Vec<Option<(f32, usize, f32)>> = vec![None; n + 1];
    best[0] = Some((0.0, 0, 1.0));
    for j in 1..=n {
        if !may_break(rows, j) {
            continue;
        }
        for i in first(rows, &best, j)..j {
            let Some((before, _, _)) = best[i] else {
                continue;
            };
            let (t, c) = page_cost(rows, &groups, i, j);
            let total = before + c;
            if best[j].is_none_or(|(b, _, _)| total < b) {
                best[j] = Some((total, i, t));
            }
        }
    }
    let mut spans = Vec::new();
    let mut j = n;
    while j > 0 {
        let Some((_, i, t)) = best[j] else { break };
        spans.push((i, j, t));
        j = i;
    }
    spans.reverse();
    spans
}

/// The earliest start [`breaks`] tries for a page ending before row `j`.
type StartLimit = fn(&[Row], &[Option<(f32, usize, f32)>], usize) -> usize;

/// The earliest row a page ending before row `j` may start at. A page whose rows run past
/// [`PAGE_SPAN_LIMIT`] bodies even at their tightest costs more than any way of splitting them
/// ([`cost::OVERFULL`] per point against a few [`cost::PAGE`]s), so pages reaching further
/// back are never chosen; leaving them out keeps pagination linear in a policy's rows (it was
/// cubic: 35 s of a build at 100× the roadmap). A single row is always a candidate, however
/// tall, and so is the nearest earlier row a page can end before (`best` set): every row
/// still gets a page, as when every start was tried.
fn first_start(rows: &[Row], best: &[Option<(f32, usize, f32)>], j: usize) -> usize {
    let mut tight = 0.0;
    let mut i = j;
    while i > 0 {
        tight += rows[i - 1].h.tight;
        if tight > PAGE_SPAN_LIMIT * BODY_H && i < j {
            break;
        }
        i -= 1;
    }
    if best[i..j].iter().all(Option::is_none) {
        // best[0] is always set.
        i = best[..i].iter().rposition(Option::is_some).unwrap_or(0);
    }
    i
}

/// How many bodies' worth of rows a candidate page may hold at most (see [`first_start`]).
const PAGE_SPAN_LIMIT: f32 = 3.0;

/// The rows `i..j` placed from the top of the body at tightness `t`.
fn place(rows: &[Row], i: usize, j: usize, t: f32) -> ChartPage {
    let mut y = BODY_Y;
    let mut placed = Vec::new();
    for k in repeated(rows, i) {
        let h = continued_h(rows, k).at(t);
        placed.push(Placed {
            row: k,
            continued: true,
            y,
            h,
        });
        y += h;
    }
    for (k, row) in rows.iter().enumerate().take(j).skip(i) {
        let h = row.h.at(t);
        placed.push(Placed {
            row: k,
            continued: false,
            y,
            h,
        });
        y += h;
    }
    ChartPage {
        rows: placed,
        tightness: t,
    }
}

/// A row's text, for a finding.
fn row_text(row: &Row) -> String {
    match &row.kind {
        Kind::Initiative(l) | Kind::Item { lines: l, .. } => l.concat(),
        Kind::Steps { lanes, .. } => lanes
            .iter()
            .flat_map(|l| l.bars.iter().map(|b| b.lines.concat()))
            .collect::<Vec<_>>()
            .join(" / "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(kind: Kind, tight: f32) -> Row {
        Row {
            kind,
            h: Give {
                full: tight * 1.2,
                tight,
            },
            key: RowKey {
                policy: (0, 0),
                initiative: 0,
                item: None,
                line: None,
            },
            source: Source::default(),
            continued: None,
        }
    }

    fn steps(tight: f32) -> Row {
        row(
            Kind::Steps {
                lanes: Vec::new(),
                remarks: Vec::new(),
                remark_x: 0.0,
            },
            tight,
        )
    }

    /// A policy's rows: initiatives, items and lines of varied heights, with rows taller
    /// than a page (and taller than three) right after an initiative row, which a page may
    /// not end on.
    fn policy() -> Vec<Row> {
        let mut rows = Vec::new();
        for g in 0..12usize {
            rows.push(row(Kind::Initiative(vec!["取組".into()]), 20.0));
            if g % 5 == 2 {
                rows.push(steps(BODY_H * (1.5 + g as f32)));
            }
            for k in 0..(3 + g % 4) {
                rows.push(row(
                    Kind::Item {
                        lines: vec!["項目".into()],
                        tag: None,
                    },
                    18.0,
                ));
                for l in 0..(1 + (g + k) % 3) {
                    rows.push(steps(14.0 + ((g * 7 + k * 3 + l) % 9) as f32 * 6.0));
                }
            }
        }
        rows
    }

    #[test]
    fn the_limited_search_finds_the_exhaustive_searchs_pages() {
        let rows = policy();
        let every_start: StartLimit = |_, _, _| 0;
        let limited = breaks(&rows, first_start);
        assert_eq!(limited, breaks(&rows, every_start));
        // Every row is on a page, once, in order.
        assert_eq!(limited.first().map(|s| s.0), Some(0));
        assert_eq!(limited.last().map(|s| s.1), Some(rows.len()));
        assert!(limited.windows(2).all(|w| w[0].1 == w[1].0));
    }
}
