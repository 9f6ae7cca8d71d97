//! The roadmap charts: one table per policy, six year columns, initiatives and items as
//! full-width rows, each line's steps as bars from their start to their end column.
//!
//! Each policy is measured first (every row's height, with its text already wrapped), then
//! split into pages (an initiative heading never ends a page without its first item and
//! line), then painted: row fills, column rules, then bars and text on top.

use crate::model::{Pillar, Policy, Source};

use super::layout::*;

/// Font sizes a bar's text may take, largest first; the last is the floor.
pub(super) const BAR_SIZES: [f32; 4] = [8.5, 8.0, 7.5, 7.0];
/// Lines a bar's text may take before the font shrinks.
pub(super) const BAR_LINES: usize = 2;
/// Size of the 再掲 place badge, e.g. 「(1)④」.
pub(super) const BADGE_SIZE: f32 = 7.0;
/// Horizontal padding inside a bar.
pub(super) const BAR_PAD: f32 = 4.0;
/// Gap between a bar and its column edge.
pub(super) const BAR_INSET: f32 = 3.0;
/// Font size of remarks (備考) under a line.
pub(super) const REMARK_SIZE: f32 = 7.5;

/// Top of the year header row.
pub(super) const YEAR_Y: f32 = TOP + 68.0;
/// Height of the year header row.
pub(super) const YEAR_H: f32 = 20.0;
/// Where the first body row starts.
pub(super) const BODY_Y: f32 = YEAR_Y + YEAR_H;

/// A colour for the re-listing badge's frame and the 再掲 bar outline.
pub(super) const RELIST_EDGE: Rgb = Rgb(0x7d, 0x8f, 0xa5);

/// One bar of a line, measured.
pub(super) struct Bar {
    pub(super) lines: Vec<String>,
    pub(super) size: f32,
    pub(super) left: f32,
    pub(super) right: f32,
    pub(super) arrow: bool,
    pub(super) relisted: bool,
    pub(super) badge: Option<String>,
    /// The badge sits after the last line (else on a line of its own).
    pub(super) badge_inline: bool,
    pub(super) source: Source,
    /// First and last year column the bar covers (its table cell's span).
    pub(super) columns: (u32, u32),
}

impl Bar {
    pub(super) fn line_h(&self) -> f32 {
        self.size * 1.3
    }
    pub(super) fn text_lines(&self) -> usize {
        self.lines.len() + usize::from(self.badge.is_some() && !self.badge_inline)
    }
    pub(super) fn body_right(&self) -> f32 {
        if self.arrow {
            self.right - head_len(self.left, self.right)
        } else {
            self.right
        }
    }
}

pub(super) fn head_len(left: f32, right: f32) -> f32 {
    ((right - left) / 4.0).min(9.0)
}

pub(super) struct Lane {
    pub(super) bars: Vec<Bar>,
    pub(super) h: f32,
}

pub(super) enum Kind {
    Initiative(Vec<String>),
    Item {
        lines: Vec<String>,
        badge: Option<String>,
    },
    Steps {
        lanes: Vec<Lane>,
        remarks: Vec<String>,
        remark_x: f32,
    },
}

pub(super) struct Row {
    pub(super) kind: Kind,
    pub(super) h: f32,
    pub(super) source: Source,
}

pub(super) const INI_SIZE: f32 = 9.5;
pub(super) const INI_LH: f32 = 13.5;
pub(super) const ITEM_SIZE: f32 = 9.0;
pub(super) const ITEM_LH: f32 = 13.0;

pub(super) fn col_w(cx: &Ctx) -> f32 {
    CONTENT_W / cx.rm.plan.period.columns() as f32
}

/// Lays out every policy's chart, recording where pillars and policies start.
pub fn roadmap(cx: &mut Ctx) {
    cx.sections.roadmap = cx.page_no() + 1;
    let pillars = cx.rm.pillars.clone();
    for (pi, pillar) in pillars.iter().enumerate() {
        cx.sections.pillars.push(cx.page_no() + 1);
        cx.sections.policies.push(Vec::new());
        let pillar_sect = cx.begin(Role::Sect);
        for policy in &pillar.policies {
            // The policy's heading and its chart, a table that runs over its pages.
            let policy_sect = cx.begin(Role::Sect);
            let next = cx.page_no() + 1;
            if let Some(v) = cx.sections.policies.last_mut() {
                v.push(next);
            }
            let rows = measure(cx, policy);
            let pages = paginate(cx, &rows);
            for (n, chunk) in pages.iter().enumerate() {
                let page = cx.new_page();
                if page == cx.sections.roadmap {
                    cx.bookmark("ロードマップ", 0);
                }
                if Some(&page) == cx.sections.pillars.get(pi) {
                    cx.bookmark(&pillar_title(pillar), 1);
                }
                if n == 0 {
                    cx.bookmark(&format!("{}{}", policy.label, policy.title), 2);
                }
                super::chart_paint::header(cx, pillar, policy, n > 0);
                super::chart_paint::paint(cx, &rows, chunk);
            }
            cx.close(policy_sect);
        }
        cx.close(pillar_sect);
    }
}

/// `(1) “便利・快適” ～DXによる 市民サービスの向上～`
pub fn pillar_title(p: &Pillar) -> String {
    p.heading()
}

fn measure(cx: &mut Ctx, policy: &Policy) -> Vec<Row> {
    let mut rows = Vec::new();
    for ini in &policy.initiatives {
        cx.source = ini.source.clone();
        let w = cx.wrap(&ini.text, Face::Bold, INI_SIZE, CONTENT_W - 20.0);
        rows.push(Row {
            h: (w.lines.len() as f32 * INI_LH + 9.0).max(22.0),
            kind: Kind::Initiative(w.lines),
            source: ini.source.clone(),
        });
        for item in &ini.items {
            cx.source = item.source.clone();
            let badge = item
                .relisting
                .as_ref()
                .map(|r| r.place.clone())
                .filter(|p| !p.is_empty());
            let max = CONTENT_W - 32.0;
            let w = cx.wrap(&item.text, Face::Regular, ITEM_SIZE, max);
            let mut lines = w.lines;
            if let Some(b) = &badge {
                let last = lines
                    .last()
                    .map(|l| Face::Regular.width(l, ITEM_SIZE))
                    .unwrap_or(0.0);
                if last + 6.0 + Face::Regular.width(b, BADGE_SIZE) + 6.0 > max {
                    lines.push(String::new());
                }
            }
            rows.push(Row {
                h: (lines.len() as f32 * ITEM_LH + 7.0).max(19.0),
                kind: Kind::Item { lines, badge },
                source: item.source.clone(),
            });
            for line in &item.lines {
                rows.push(measure_line(cx, line));
            }
        }
    }
    rows
}

fn measure_line(cx: &mut Ctx, line: &crate::model::Line) -> Row {
    let cols = cx.rm.plan.period.columns();
    let cw = col_w(cx);
    let mut lanes: Vec<(u32, Vec<Bar>)> = Vec::new(); // (last end column, bars)
    let mut remarks: Vec<String> = Vec::new();
    if let Some(r) = line.remark.as_ref().filter(|r| !r.is_empty()) {
        remarks.push(r.clone());
    }
    for step in &line.steps {
        cx.source = step.source.clone();
        let start = step.start.column.min(cols - 1);
        let end = step.end.column.min(cols - 1).max(start);
        let left = MARGIN_X + start as f32 * cw + BAR_INSET;
        let right = MARGIN_X + (end + 1) as f32 * cw - BAR_INSET;
        let arrow = end == cols - 1;
        let place = step
            .relisting
            .as_ref()
            .or(line.relisting.as_ref())
            .map(|r| r.place.clone())
            .filter(|p| !p.is_empty() && (step.relisted || line.relisting.is_some()));
        let body_right = if arrow {
            right - head_len(left, right)
        } else {
            right
        };
        let avail = body_right - left - 2.0 * BAR_PAD;
        let mut bar = fit_bar(cx, &step.text, place, avail);
        bar.left = left;
        bar.right = right;
        bar.arrow = arrow;
        bar.relisted = step.relisted;
        bar.source = step.source.clone();
        bar.columns = (start, end);
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
    let lanes: Vec<Lane> = lanes
        .into_iter()
        .map(|(_, bars)| {
            let text_h = bars
                .iter()
                .map(|b| b.text_lines() as f32 * b.line_h())
                .fold(0.0, f32::max);
            Lane {
                h: (text_h + 6.0 + 2.0 * BAR_INSET).max(22.0),
                bars,
            }
        })
        .collect();
    let remark_x = lanes
        .iter()
        .flat_map(|l| l.bars.iter().map(|b| b.left))
        .fold(MARGIN_X + CONTENT_W, f32::min)
        .min(MARGIN_X + CONTENT_W - 200.0);
    let mut remark_lines = Vec::new();
    for r in &remarks {
        let text = format!("※{r}");
        let w = cx.wrap(
            &text,
            Face::Regular,
            REMARK_SIZE,
            MARGIN_X + CONTENT_W - 6.0 - remark_x,
        );
        remark_lines.extend(w.lines);
    }
    let lanes_h: f32 = lanes.iter().map(|l| l.h).sum::<f32>().max(22.0);
    let h = lanes_h
        + remark_lines.len() as f32 * 10.0
        + if remark_lines.is_empty() { 0.0 } else { 3.0 };
    Row {
        kind: Kind::Steps {
            lanes,
            remarks: remark_lines,
            remark_x,
        },
        h,
        source: line.source.clone(),
    }
}

/// Picks the bar's font size and wraps its text: the largest size at which the text takes
/// at most [`BAR_LINES`] lines, else the largest that takes no more lines than the floor
/// size would (the row then grows). A word wider than the bar even at the floor is reported.
fn fit_bar(cx: &mut Ctx, text: &str, badge: Option<String>, avail: f32) -> Bar {
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
    let badge_inline = match &badge {
        Some(b) => {
            let last = w
                .lines
                .last()
                .map(|l| Face::Regular.width(l, size))
                .unwrap_or(0.0);
            last + 3.0 + badge_w(b) <= avail
        }
        None => false,
    };
    Bar {
        lines: w.lines,
        size,
        left: 0.0,
        right: 0.0,
        arrow: false,
        relisted: false,
        badge,
        badge_inline,
        source: Source::default(),
        columns: (0, 0),
    }
}

pub(super) fn badge_w(b: &str) -> f32 {
    Face::Regular.width(b, BADGE_SIZE) + 6.0
}

/// Splits the rows into pages: `(row index, y)` per page. A row goes to the next page when
/// it, and what must stay with it, does not fit: an initiative keeps its first item and that
/// item's first line, an item keeps its first line.
fn paginate(cx: &mut Ctx, rows: &[Row]) -> Vec<Vec<(usize, f32)>> {
    let mut pages: Vec<Vec<(usize, f32)>> = vec![Vec::new()];
    let mut y = BODY_Y;
    let is_item = |i: usize| matches!(rows.get(i).map(|r| &r.kind), Some(Kind::Item { .. }));
    let is_steps = |i: usize| matches!(rows.get(i).map(|r| &r.kind), Some(Kind::Steps { .. }));
    for (i, row) in rows.iter().enumerate() {
        let mut need = row.h;
        match row.kind {
            Kind::Initiative(_) if is_item(i + 1) => {
                need += rows[i + 1].h;
                if is_steps(i + 2) {
                    need += rows[i + 2].h;
                }
            }
            Kind::Item { .. } if is_steps(i + 1) => need += rows[i + 1].h,
            _ => {}
        }
        let page_empty = pages.last().is_none_or(|p| p.is_empty());
        if y + need > BOTTOM && !page_empty {
            pages.push(Vec::new());
            y = BODY_Y;
        }
        if y + row.h > BOTTOM {
            // Taller than a whole page: nothing can make it fit.
            cx.source = row.source.clone();
            let text = match &row.kind {
                Kind::Initiative(l) | Kind::Item { lines: l, .. } => l.concat(),
                Kind::Steps { lanes, .. } => lanes
                    .iter()
                    .flat_map(|l| l.bars.iter().map(|b| b.lines.concat()))
                    .collect::<Vec<_>>()
                    .join(" / "),
            };
            cx.too_long(&text);
        }
        if let Some(p) = pages.last_mut() {
            p.push((i, y));
        }
        y += row.h;
    }
    pages
}
