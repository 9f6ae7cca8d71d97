//! Painting a measured chart page: the header band, legend and year columns, then the rows
//! (fills, column rules, bars and text on top).

use crate::model::{Pillar, Policy};

use super::chart::*;
use super::layout::*;

/// The header band (pillar), the policy title with 「（続き）」 on a continuation page, the
/// legend, and the year columns.
pub(super) fn header(cx: &mut Ctx, pillar: &Pillar, policy: &Policy, continued: bool) {
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
    // The band is the pillar's heading on its first page, page furniture after that.
    if cx.sections.pillars.last() == Some(&cx.page_no()) {
        cx.begin(Role::H { level: 1 });
    } else {
        cx.artifact();
    }
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
    cx.end();

    // Legend, right-aligned on the policy title's row: a key to the colours, furniture.
    cx.artifact();
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
    cx.end();

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
    if continued {
        cx.artifact();
    } else {
        cx.begin(Role::H { level: 2 });
    }
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
    cx.end();

    // Year columns: the chart's table starts with them; repeated on a continued page.
    if continued {
        cx.artifact();
    } else {
        cx.begin(Role::Table);
        cx.begin(Role::TR);
        // The corner above the 取り組み項目, which head the rows.
        cx.begin(Role::cell(1));
        cx.end();
    }
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
        let label = cx.rm.plan.period.column_long(c);
        let size = super::pages::fit_size(&label, Face::Bold, 8.5, 7.0, cw - 6.0);
        if !continued {
            cx.begin(Role::column_header());
        }
        cx.text_centered(&label, Face::Bold, size, x + cw / 2.0, YEAR_Y + 13.5, NAVY);
        if !continued {
            cx.end();
        }
        if c > 0 {
            cx.line(x, YEAR_Y + 3.0, x, YEAR_Y + YEAR_H - 3.0, solid(WHITE, 1.0));
        }
    }
    // Closes the header row (or the artifact); the table stays open for the rows.
    cx.end();
}

pub(super) fn paint(cx: &mut Ctx, rows: &[Row], chunk: &[(usize, f32)]) {
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
    // 3. Text and bars, row by row of the chart's table.
    let mut item_row: Option<usize> = None;
    for (k, &(i, y)) in chunk.iter().enumerate() {
        let row = &rows[i];
        cx.source = row.source.clone();
        let steps_next = chunk.get(k + 1).is_some_and(|&(j, _)| j == i + 1)
            && matches!(rows.get(i + 1).map(|r| &r.kind), Some(Kind::Steps { .. }));
        match &row.kind {
            Kind::Initiative(_) => {
                cx.begin(Role::TR);
                cx.begin(Role::row_header(cols + 1, 1));
                cx.begin(Role::H { level: 3 });
            }
            Kind::Item { .. } => {
                let tr = cx.begin(Role::TR);
                let rowspan = table_rows(rows, i) + u32::from(!steps_next);
                cx.begin(Role::row_header(1, rowspan.max(1)));
                // The item's row takes its first line's first lane, if it is on this page.
                item_row = steps_next.then_some(tr);
            }
            Kind::Steps { .. } => {}
        }
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
                cx.end();
                if !steps_next {
                    cx.begin(Role::cell(cols));
                    cx.end();
                }
                cx.end();
            }
            Kind::Steps {
                lanes,
                remarks,
                remark_x,
            } => {
                let mut ly = y;
                // A line without steps still takes its row, empty.
                let no_steps = [Lane {
                    bars: Vec::new(),
                    h: 0.0,
                }];
                let table_lanes = if lanes.is_empty() {
                    &no_steps[..]
                } else {
                    lanes
                };
                for lane in table_lanes {
                    match item_row.take() {
                        Some(tr) => cx.enter(tr),
                        None => {
                            cx.begin(Role::TR);
                        }
                    }
                    let mut col = 0;
                    for bar in &lane.bars {
                        let (start, end) = bar.columns;
                        if start > col {
                            cx.begin(Role::cell(start - col));
                            cx.end();
                        }
                        cx.begin(Role::cell(end + 1 - start.min(end)));
                        draw_bar(cx, bar, ly + BAR_INSET, lane.h - 2.0 * BAR_INSET);
                        cx.end();
                        col = end + 1;
                    }
                    if col < cols {
                        cx.begin(Role::cell(cols - col));
                        cx.end();
                    }
                    cx.end();
                    ly += lane.h;
                }
                cx.source = row.source.clone();
                let within = Area {
                    x: MARGIN_X,
                    y,
                    w: CONTENT_W,
                    h: row.h,
                };
                // The remarks are a row of their own under the item's header.
                let remark_row = (!remarks.is_empty()).then(|| cx.begin(Role::TR));
                if remark_row.is_some() {
                    cx.begin(Role::cell(cols));
                }
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
                if let Some(tr) = remark_row {
                    cx.close(tr);
                }
            }
        }
        if let Kind::Initiative(_) = row.kind {
            cx.end();
            cx.end();
            cx.end();
        }
    }
}

/// How many table rows the lines under item row `item` take: one per lane, one more for
/// a line's remarks.
fn table_rows(rows: &[Row], item: usize) -> u32 {
    rows.iter()
        .skip(item + 1)
        .map_while(|r| match &r.kind {
            Kind::Steps { lanes, remarks, .. } => {
                Some(lanes.len().max(1) as u32 + u32::from(!remarks.is_empty()))
            }
            _ => None,
        })
        .sum()
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
