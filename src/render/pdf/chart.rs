//! The roadmap charts: one table per policy, six year columns, initiatives and items as
//! full-width rows, each line's steps as bars from their start to their end column.
//!
//! Each policy is measured first (every row's height, with its text already wrapped), then
//! split into pages (an initiative heading never ends a page without its first item and
//! line), then painted: row fills, column rules, then bars and text on top.

use crate::model::{Pillar, Policy, Source};

use super::layout::*;

/// Font sizes a bar's text may take, largest first; the last is the floor.
const BAR_SIZES: [f32; 4] = [8.5, 8.0, 7.5, 7.0];
/// Lines a bar's text may take before the font shrinks.
const BAR_LINES: usize = 2;
/// Size of the 再掲 place badge, e.g. 「(1)④」.
const BADGE_SIZE: f32 = 7.0;
/// Horizontal padding inside a bar.
const BAR_PAD: f32 = 4.0;
/// Gap between a bar and its column edge.
const BAR_INSET: f32 = 3.0;
/// Font size of remarks (備考) under a line.
const REMARK_SIZE: f32 = 7.5;

/// Top of the year header row.
const YEAR_Y: f32 = TOP + 68.0;
/// Height of the year header row.
const YEAR_H: f32 = 20.0;
/// Where the first body row starts.
const BODY_Y: f32 = YEAR_Y + YEAR_H;

/// A colour for the re-listing badge's frame and the 再掲 bar outline.
const RELIST_EDGE: Rgb = Rgb(0x7d, 0x8f, 0xa5);

/// One bar of a line, measured.
struct Bar {
    lines: Vec<String>,
    size: f32,
    left: f32,
    right: f32,
    arrow: bool,
    relisted: bool,
    badge: Option<String>,
    /// The badge sits after the last line (else on a line of its own).
    badge_inline: bool,
    source: Source,
}

impl Bar {
    fn line_h(&self) -> f32 {
        self.size * 1.3
    }
    fn text_lines(&self) -> usize {
        self.lines.len() + usize::from(self.badge.is_some() && !self.badge_inline)
    }
    fn body_right(&self) -> f32 {
        if self.arrow {
            self.right - head_len(self.left, self.right)
        } else {
            self.right
        }
    }
}

fn head_len(left: f32, right: f32) -> f32 {
    ((right - left) / 4.0).min(9.0)
}

struct Lane {
    bars: Vec<Bar>,
    h: f32,
}

enum Kind {
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

struct Row {
    kind: Kind,
    h: f32,
    source: Source,
}

const INI_SIZE: f32 = 9.5;
const INI_LH: f32 = 13.5;
const ITEM_SIZE: f32 = 9.0;
const ITEM_LH: f32 = 13.0;

fn col_w(cx: &Ctx) -> f32 {
    CONTENT_W / cx.rm.plan.period.columns() as f32
}

/// Lays out every policy's chart, recording where pillars and policies start.
pub fn roadmap(cx: &mut Ctx) {
    cx.sections.roadmap = cx.page_no() + 1;
    let pillars = cx.rm.pillars.clone();
    for (pi, pillar) in pillars.iter().enumerate() {
        cx.sections.pillars.push(cx.page_no() + 1);
        cx.sections.policies.push(Vec::new());
        for policy in &pillar.policies {
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
                header(cx, pillar, policy, n > 0);
                paint(cx, &rows, chunk);
            }
        }
    }
}

/// `(1) “便利・快適” ～DXによる 市民サービスの向上～`
pub fn pillar_title(p: &Pillar) -> String {
    [p.label.as_str(), p.title.as_str(), p.subtitle.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
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
    }
}

fn badge_w(b: &str) -> f32 {
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

/// The header band (pillar), the policy title with 「（続き）」 on a continuation page, the
/// legend, and the year columns.
fn header(cx: &mut Ctx, pillar: &Pillar, policy: &Policy, continued: bool) {
    cx.source = pillar.source.clone();
    cx.rect(
        Area {
            x: MARGIN_X,
            y: TOP,
            w: CONTENT_W,
            h: 30.0,
        },
        Some(NAVY),
        None,
    );
    let head = [pillar.label.as_str(), pillar.title.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    // Shrink both parts together if a long pillar name would run out of the band.
    let room = CONTENT_W - 24.0;
    let natural =
        Face::Bold.width(&head, 14.0) + 14.0 + Face::Regular.width(&pillar.subtitle, 11.0);
    let k = if natural > room {
        (room / natural).max(0.6)
    } else {
        1.0
    };
    let x = MARGIN_X + 12.0;
    let w = cx.text(&head, Face::Bold, 14.0 * k, x, TOP + 20.5, WHITE, None);
    let sx = x + w + 14.0 * k;
    cx.text(
        &pillar.subtitle,
        Face::Regular,
        11.0 * k,
        sx,
        TOP + 20.0,
        WHITE,
        None,
    );

    // Legend, right-aligned on the policy title's row.
    let legend = cx.rm.plan.legend.clone();
    let ly = TOP + 40.0;
    let entries = [
        (legend.initiative.as_str(), 0),
        (legend.item.as_str(), 1),
        (legend.step.as_str(), 2),
    ];
    let sw = 22.0;
    let total: f32 = Face::Bold.width("《凡例》", 8.5)
        + entries
            .iter()
            .map(|(t, _)| 10.0 + sw + 4.0 + Face::Regular.width(t, 8.0))
            .sum::<f32>();
    let mut x = MARGIN_X + CONTENT_W - total;
    let legend_left = x;
    x += cx.text("《凡例》", Face::Bold, 8.5, x, ly + 13.0, NAVY, None);
    for (label, kind) in entries {
        x += 10.0;
        let a = Area {
            x,
            y: ly + 5.0,
            w: sw,
            h: 10.0,
        };
        match kind {
            0 => cx.rect(a, Some(INITIATIVE_BG), Some(solid(GRID, 0.5))),
            1 => cx.rect(a, Some(ITEM_BG), Some(solid(GRID, 0.5))),
            _ => {
                cx.rect(Area { w: sw - 6.0, ..a }, Some(BAR), None);
                cx.polygon(
                    &[
                        (x + sw - 6.0, ly + 4.0),
                        (x + sw, ly + 10.0),
                        (x + sw - 6.0, ly + 16.0),
                    ],
                    BAR,
                );
            }
        }
        x += sw + 4.0;
        x += cx.text(label, Face::Regular, 8.0, x, ly + 13.0, INK, None);
    }

    // Policy title.
    cx.source = policy.source.clone();
    cx.rect(
        Area {
            x: MARGIN_X,
            y: TOP + 39.0,
            w: 4.0,
            h: 20.0,
        },
        Some(BAR),
        None,
    );
    let title = format!("{}{}", policy.label, policy.title);
    let max = legend_left - MARGIN_X - 24.0 - if continued { 50.0 } else { 0.0 };
    let size = super::pages::fit_size(&title, Face::Bold, 13.0, 9.0, max);
    let w = cx.text(
        &title,
        Face::Bold,
        size,
        MARGIN_X + 12.0,
        TOP + 54.5,
        NAVY,
        None,
    );
    if continued {
        cx.text(
            "（続き）",
            Face::Regular,
            10.0,
            MARGIN_X + 14.0 + w,
            TOP + 54.5,
            MUTED,
            None,
        );
    }

    // Year columns.
    let cols = cx.rm.plan.period.columns();
    let cw = col_w(cx);
    cx.rect(
        Area {
            x: MARGIN_X,
            y: YEAR_Y,
            w: CONTENT_W,
            h: YEAR_H,
        },
        Some(HEADER_BG),
        None,
    );
    for c in 0..cols {
        let x = MARGIN_X + c as f32 * cw;
        let label = column_heading(cx.rm, c);
        let size = super::pages::fit_size(&label, Face::Bold, 8.5, 7.0, cw - 6.0);
        cx.text_centered(&label, Face::Bold, size, x + cw / 2.0, YEAR_Y + 13.5, NAVY);
        if c > 0 {
            cx.line(x, YEAR_Y + 3.0, x, YEAR_Y + YEAR_H - 3.0, solid(WHITE, 1.0));
        }
    }
}

fn paint(cx: &mut Ctx, rows: &[Row], chunk: &[(usize, f32)]) {
    let cols = cx.rm.plan.period.columns();
    let cw = col_w(cx);
    let right = MARGIN_X + CONTENT_W;
    // 1. Row fills and separators.
    for &(i, y) in chunk {
        let row = &rows[i];
        let a = Area {
            x: MARGIN_X,
            y,
            w: CONTENT_W,
            h: row.h,
        };
        match row.kind {
            Kind::Initiative(_) => {
                cx.rect(a, Some(INITIATIVE_BG), None);
                cx.line(MARGIN_X, y, right, y, solid(BAR, 0.8));
            }
            Kind::Item { .. } => {
                cx.rect(a, Some(ITEM_BG), None);
                cx.line(MARGIN_X, y, right, y, solid(GRID, 0.4));
            }
            Kind::Steps { .. } => cx.line(MARGIN_X, y, right, y, solid(GRID, 0.4)),
        }
    }
    // 2. Column rules through runs of step rows (not through the full-width text rows).
    let mut run: Option<(f32, f32)> = None;
    let flush = |cx: &mut Ctx, run: &mut Option<(f32, f32)>| {
        if let Some((top, bottom)) = run.take() {
            for c in 1..cols {
                let x = MARGIN_X + c as f32 * cw;
                cx.line(x, top, x, bottom, solid(GRID, 0.5));
            }
        }
    };
    for &(i, y) in chunk {
        let row = &rows[i];
        if matches!(row.kind, Kind::Steps { .. }) {
            run = Some(match run {
                Some((top, _)) => (top, y + row.h),
                None => (y, y + row.h),
            });
        } else {
            flush(cx, &mut run);
        }
    }
    flush(cx, &mut run);
    if let Some(&(i, y)) = chunk.last() {
        let bottom = y + rows[i].h;
        cx.line(MARGIN_X, bottom, right, bottom, solid(GRID, 0.8));
        cx.rect(
            Area {
                x: MARGIN_X,
                y: YEAR_Y,
                w: CONTENT_W,
                h: bottom - YEAR_Y,
            },
            None,
            Some(solid(GRID, 0.8)),
        );
    }
    // 3. Text and bars.
    for &(i, y) in chunk {
        let row = &rows[i];
        cx.source = row.source.clone();
        match &row.kind {
            Kind::Initiative(lines) => {
                let within = Area {
                    x: MARGIN_X,
                    y,
                    w: CONTENT_W,
                    h: row.h,
                };
                let top = y + (row.h - lines.len() as f32 * INI_LH) / 2.0;
                for (k, l) in lines.iter().enumerate() {
                    let base = top + k as f32 * INI_LH + baseline_in(INI_LH, INI_SIZE, Face::Bold);
                    cx.text(
                        l,
                        Face::Bold,
                        INI_SIZE,
                        MARGIN_X + 10.0,
                        base,
                        NAVY,
                        Some(within),
                    );
                }
            }
            Kind::Item { lines, badge } => {
                let within = Area {
                    x: MARGIN_X,
                    y,
                    w: CONTENT_W,
                    h: row.h,
                };
                let top = y + (row.h - lines.len() as f32 * ITEM_LH) / 2.0;
                cx.rect(
                    Area {
                        x: MARGIN_X + 12.0,
                        y: top + ITEM_LH / 2.0 - 2.0,
                        w: 4.0,
                        h: 4.0,
                    },
                    Some(BAR),
                    None,
                );
                let mut end = (
                    MARGIN_X + 22.0,
                    top + baseline_in(ITEM_LH, ITEM_SIZE, Face::Regular),
                );
                for (k, l) in lines.iter().enumerate() {
                    let base =
                        top + k as f32 * ITEM_LH + baseline_in(ITEM_LH, ITEM_SIZE, Face::Regular);
                    let w = cx.text(
                        l,
                        Face::Regular,
                        ITEM_SIZE,
                        MARGIN_X + 22.0,
                        base,
                        INK,
                        Some(within),
                    );
                    end = (MARGIN_X + 22.0 + w, base);
                }
                if let Some(b) = badge {
                    let x = if end.0 > MARGIN_X + 22.0 {
                        end.0 + 6.0
                    } else {
                        end.0
                    };
                    draw_badge(cx, b, x, end.1, within);
                }
            }
            Kind::Steps {
                lanes,
                remarks,
                remark_x,
            } => {
                let mut ly = y;
                for lane in lanes {
                    for bar in &lane.bars {
                        draw_bar(cx, bar, ly + BAR_INSET, lane.h - 2.0 * BAR_INSET);
                    }
                    ly += lane.h;
                }
                cx.source = row.source.clone();
                let within = Area {
                    x: MARGIN_X,
                    y,
                    w: CONTENT_W,
                    h: row.h,
                };
                for r in remarks {
                    // A white ground keeps the column rules from striking through the note.
                    let w = Face::Regular.width(r, REMARK_SIZE);
                    cx.rect(
                        Area {
                            x: *remark_x - 2.0,
                            y: ly + 0.5,
                            w: w + 4.0,
                            h: 9.5,
                        },
                        Some(WHITE),
                        None,
                    );
                    cx.text(
                        r,
                        Face::Regular,
                        REMARK_SIZE,
                        *remark_x,
                        ly + 7.5,
                        MUTED,
                        Some(within),
                    );
                    ly += 10.0;
                }
            }
        }
    }
}

/// Offset from the top of a line box of height `lh` to the baseline of text at `size`.
fn baseline_in(lh: f32, size: f32, face: Face) -> f32 {
    (lh - size) / 2.0 + face.ascent() * size
}

fn draw_badge(cx: &mut Ctx, text: &str, x: f32, baseline: f32, within: Area) {
    let w = badge_w(text);
    cx.rect(
        Area {
            x,
            y: baseline - BADGE_SIZE - 1.5,
            w,
            h: BADGE_SIZE + 4.0,
        },
        Some(WHITE),
        Some(solid(RELIST_EDGE, 0.6)),
    );
    cx.text(
        text,
        Face::Regular,
        BADGE_SIZE,
        x + 3.0,
        baseline,
        NAVY,
        Some(within),
    );
}

fn draw_bar(cx: &mut Ctx, bar: &Bar, top: f32, h: f32) {
    cx.source = bar.source.clone();
    let body_right = bar.body_right();
    let (fill, ink) = if bar.relisted {
        (BAR_RELISTED, INK)
    } else {
        (BAR, WHITE)
    };
    let body = Area {
        x: bar.left,
        y: top,
        w: body_right - bar.left,
        h,
    };
    let edge = bar.relisted.then(|| Stroke {
        color: RELIST_EDGE,
        width: 0.7,
        dash: vec![2.0, 1.5],
    });
    cx.rect(body, Some(fill), edge);
    if bar.arrow {
        cx.polygon(
            &[
                (body_right, top - 1.5),
                (bar.right, top + h / 2.0),
                (body_right, top + h + 1.5),
            ],
            fill,
        );
    }
    let within = Area {
        x: bar.left + BAR_PAD,
        y: top,
        w: body.w - 2.0 * BAR_PAD,
        h,
    };
    let lh = bar.line_h();
    let n = bar.text_lines();
    let block_top = top + (h - n as f32 * lh) / 2.0;
    let centre = bar.left + body.w / 2.0;
    let last = bar.lines.len().saturating_sub(1);
    for (k, l) in bar.lines.iter().enumerate() {
        let base = block_top + k as f32 * lh + baseline_in(lh, bar.size, Face::Regular);
        let w = Face::Regular.width(l, bar.size);
        let extra = match &bar.badge {
            Some(b) if k == last && bar.badge_inline => 3.0 + badge_w(b),
            _ => 0.0,
        };
        let x = centre - (w + extra) / 2.0;
        cx.text(l, Face::Regular, bar.size, x, base, ink, Some(within));
        if extra > 0.0 {
            if let Some(b) = &bar.badge {
                draw_badge(cx, b, x + w + 3.0, base, within);
            }
        }
    }
    if let (Some(b), false) = (&bar.badge, bar.badge_inline) {
        let base =
            block_top + bar.lines.len() as f32 * lh + baseline_in(lh, bar.size, Face::Regular);
        draw_badge(cx, b, centre - badge_w(b) / 2.0, base, within);
    }
}
