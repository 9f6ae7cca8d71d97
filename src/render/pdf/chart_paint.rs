//! Painting a measured chart page: the header band, legend and year columns, then the rows
//! (fills, column rules, bars and text on top).

use crate::model::{Pillar, Policy};

use super::chart_model::*;
use super::ctx::*;
use super::style::{self, Style};

/// Height of the pillar band at the top of a chart page.
const BAND_H: f32 = 30.0;
/// Left inset of the band's and the policy title's text.
const TITLE_INSET: f32 = 12.0;
/// Baseline of the band's text, from the top.
const BAND_BASELINE: f32 = 20.5;
/// The band's text shrinks with a long pillar name, but no further than this.
const BAND_MIN_SCALE: f32 = style::CHART_MIN_SIZE / 11.0;
/// Top of the policy title's row.
const TITLE_Y: f32 = TOP + 39.0;
/// Height of the policy title's accent bar.
const TITLE_H: f32 = 20.0;
/// Width of the policy title's accent bar.
const ACCENT_W: f32 = 4.0;
/// Baseline of the policy title.
const TITLE_BASELINE: f32 = TOP + 54.5;
/// Room kept between the policy title and the legend, and for 「（続き）」.
const TITLE_GAP: (f32, f32) = (24.0, 50.0);
/// The legend's two rows: top of the first, and the step to the second.
const LEGEND_Y: f32 = TOP + 35.0;
/// Distance between the legend's rows.
const LEGEND_ROW: f32 = 14.0;
/// A legend swatch: width and height; gaps before a swatch and after it.
const SWATCH: (f32, f32) = (22.0, 9.0);
/// Gap before a legend swatch and between it and its label.
const SWATCH_GAP: (f32, f32) = (10.0, 4.0);
/// Inset of the white rules between year headings.
const YEAR_RULE_INSET: f32 = 3.0;
/// Baseline of a year heading, from the top of its row.
const YEAR_BASELINE: f32 = 13.5;
/// The item row's bullet: size and gap from the margin.
const BULLET: (f32, f32) = (4.0, 12.0);
/// Rule weights: an initiative's top, other rows' tops, column rules, the frame.
const RULES: (f32, f32, f32, f32) = (0.8, 0.4, 0.5, 0.8);
/// Height of a remark's white ground and its baseline, from its line's top.
const REMARK_GROUND: (f32, f32) = (9.5, 7.5);
/// Stroke of a re-listed bar's dashed outline.
const RELIST_STROKE: f32 = 0.7;
/// Dash and gap of a re-listed bar's outline.
const RELIST_DASH: [f32; 2] = [2.0, 1.5];

/// The header band (pillar), the policy title with 「（続き）」 on a continuation page, the
/// legend, and the year columns.
pub(super) fn header(cx: &mut Ctx, pillar: &Pillar, policy: &Policy, continued: bool) {
    // The band is the pillar's heading on its first page, page furniture after that.
    if cx.sections.pillars.last() == Some(&cx.page_no()) {
        cx.begin(Role::H { level: 1 });
    } else {
        cx.artifact();
    }
    band(cx, pillar);
    cx.end();
    // The legend is a key to the colours: page furniture.
    cx.artifact();
    let legend_left = legend(cx);
    cx.end();
    // A continued page repeats the policy title: page furniture there.
    if continued {
        cx.artifact();
    } else {
        cx.begin(Role::H { level: 2 });
    }
    policy_title(cx, policy, legend_left, continued);
    cx.end();
    // The chart's table starts with the year columns; repeated on a continued page.
    if continued {
        cx.artifact();
    } else {
        cx.begin(Role::Table);
        cx.begin(Role::TR);
        // The corner above the 取り組み項目, which head the rows.
        cx.begin(Role::cell(1));
        cx.end();
    }
    year_columns(cx, continued);
    // Closes the header row (or the artifact); the table stays open for the rows, until
    // the policy's `Sect` closes.
    cx.end();
}

fn band(cx: &mut Ctx, pillar: &Pillar) {
    cx.source = pillar.source.clone();
    let area = Area {
        x: MARGIN_X,
        y: TOP,
        w: CONTENT_W,
        h: BAND_H,
    };
    cx.rect(area, Some(NAVY), None);
    let head = [pillar.label.as_str(), pillar.title.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    // Shrink both parts together if a long pillar name would run out of the band.
    let (title, sub) = (style::BAND, style::BAND_SUBTITLE);
    let room = CONTENT_W - 2.0 * TITLE_INSET;
    let natural = title.face.width(&head, title.size)
        + title.size
        + sub.face.width(&pillar.subtitle, sub.size);
    let k = (room / natural).clamp(BAND_MIN_SCALE, 1.0);
    let x = MARGIN_X + TITLE_INSET;
    let base = TOP + BAND_BASELINE;
    let w = cx.styled(&head, scaled(title, k), x, base, WHITE, None);
    let sx = x + w + title.size * k;
    cx.styled(&pillar.subtitle, scaled(sub, k), sx, base, WHITE, None);
}

fn scaled(s: Style, k: f32) -> Style {
    Style {
        size: s.size * k,
        ..s
    }
}

/// What a legend swatch shows.
#[derive(Clone, Copy)]
enum Swatch {
    Initiative,
    Item,
    Bar { relisted: bool, arrow: bool },
}

/// The legend, right-aligned in two rows on the policy title's row: the row kinds and the
/// step bar, then the 再掲 bar and what the bar ends mean. Returns its left edge.
fn legend(cx: &mut Ctx) -> f32 {
    let legend = cx.rm.plan.style.legend(&cx.rm.plan.legend);
    let relisted = format!(
        "再掲（元の記載の{}・ページ）",
        cx.rm.plan.style.words.policy
    );
    // What the arrow means, in the plan's words (the web edition's legend says the same).
    let arrow = format!("矢印: {}", cx.rm.plan.arrow.meaning());
    let mut rows: [Vec<(&str, Swatch)>; 2] = [
        vec![
            (legend.initiative.as_str(), Swatch::Initiative),
            (legend.item.as_str(), Swatch::Item),
            (
                legend.step.as_str(),
                Swatch::Bar {
                    relisted: false,
                    arrow: true,
                },
            ),
        ],
        vec![
            (
                relisted.as_str(),
                Swatch::Bar {
                    relisted: true,
                    arrow: false,
                },
            ),
            (
                arrow.as_str(),
                Swatch::Bar {
                    relisted: false,
                    arrow: true,
                },
            ),
            (
                "矢印なし: ここで終わる",
                Swatch::Bar {
                    relisted: false,
                    arrow: false,
                },
            ),
        ],
    ];
    // A plan without the 取り組み項目 level has no item rows to explain.
    rows[0].retain(|(label, _)| !label.is_empty());
    let entry_w = |label: &str| {
        SWATCH_GAP.0 + SWATCH.0 + SWATCH_GAP.1 + style::LEGEND.face.width(label, style::LEGEND.size)
    };
    let title = style::LEGEND_TITLE;
    let title_w = title.face.width("《凡例》", title.size);
    let widest = rows
        .iter()
        .map(|r| r.iter().map(|(l, _)| entry_w(l)).sum::<f32>())
        .fold(0.0, f32::max);
    let left = MARGIN_X + CONTENT_W - title_w - widest;
    let text_base = SWATCH.1 - 1.0;
    cx.styled("《凡例》", title, left, LEGEND_Y + text_base, NAVY, None);
    for (r, entries) in rows.iter().enumerate() {
        let y = LEGEND_Y + r as f32 * LEGEND_ROW;
        let mut x = left + title_w;
        for &(label, swatch) in entries {
            x += SWATCH_GAP.0;
            draw_swatch(cx, swatch, x, y);
            x += SWATCH.0 + SWATCH_GAP.1;
            x += cx.styled(label, style::LEGEND, x, y + text_base, INK, None);
        }
    }
    left
}

fn draw_swatch(cx: &mut Ctx, swatch: Swatch, x: f32, y: f32) {
    let a = Area {
        x,
        y,
        w: SWATCH.0,
        h: SWATCH.1,
    };
    match swatch {
        Swatch::Initiative => cx.rect(a, Some(INITIATIVE_BG), Some(solid(GRID, 0.5))),
        Swatch::Item => cx.rect(a, Some(ITEM_BG), Some(solid(GRID, 0.5))),
        Swatch::Bar { relisted, arrow } => {
            let bar = Bar {
                lines: Vec::new(),
                size: style::CHART_MIN_SIZE,
                left: x,
                right: x + SWATCH.0,
                arrow,
                relisted,
                tag: None,
                tag_inline: false,
                source: cx.source.clone(),
                columns: (0, 0),
                spoken: String::new(),
            };
            bar_shape(cx, &bar, y, SWATCH.1);
        }
    }
}

fn policy_title(cx: &mut Ctx, policy: &Policy, legend_left: f32, continued: bool) {
    cx.source = policy.source.clone();
    let accent = Area {
        x: MARGIN_X,
        y: TITLE_Y,
        w: ACCENT_W,
        h: TITLE_H,
    };
    cx.rect(accent, Some(BAR), None);
    let title = cx.rm.plan.style.titled(&policy.label, &policy.title);
    let s = style::POLICY_TITLE;
    let max = legend_left - MARGIN_X - TITLE_GAP.0 - if continued { TITLE_GAP.1 } else { 0.0 };
    let size = super::pages::fit_size(&title, s.face, s.size, style::POLICY_TITLE_MIN, max);
    let x = MARGIN_X + TITLE_INSET;
    let w = cx.styled(&title, Style { size, ..s }, x, TITLE_BASELINE, NAVY, None);
    if continued {
        let x = x + w + ACCENT_W / 2.0;
        cx.styled("（続き）", style::CONTINUED, x, TITLE_BASELINE, MUTED, None);
    }
}

/// The year headings: the chart table's column headers, unless `repeated` on a continued
/// page.
fn year_columns(cx: &mut Ctx, repeated: bool) {
    let cols = cx.rm.plan.period.columns();
    let cw = col_w(cx);
    let row = Area {
        x: MARGIN_X,
        y: YEAR_Y,
        w: CONTENT_W,
        h: YEAR_H,
    };
    cx.rect(row, Some(HEADER_BG), None);
    let s = style::YEAR_HEADING;
    for c in 0..cols {
        let x = MARGIN_X + c as f32 * cw;
        let label = cx.rm.plan.period.column_long(c);
        let room = cw - 2.0 * YEAR_RULE_INSET;
        let size = super::pages::fit_size(&label, s.face, s.size, style::CHART_MIN_SIZE, room);
        if !repeated {
            cx.begin(Role::column_header());
        }
        cx.text_centered(
            &label,
            s.face,
            size,
            x + cw / 2.0,
            YEAR_Y + YEAR_BASELINE,
            NAVY,
        );
        if !repeated {
            cx.end();
        }
        if c > 0 {
            let (top, bottom) = (YEAR_Y + YEAR_RULE_INSET, YEAR_Y + YEAR_H - YEAR_RULE_INSET);
            cx.line(x, top, x, bottom, solid(WHITE, 1.0));
        }
    }
}

/// Paints one page of a chart: row fills, column rules and the frame, then text and bars,
/// row by row of the chart's table (opened by [`header`] on the policy's first page).
pub(super) fn paint(cx: &mut Ctx, rows: &[Row], page: &ChartPage, pages: &RowPages) {
    let row_of = |p: &Placed| -> &Row {
        let row = &rows[p.row];
        match (&row.continued, p.continued) {
            (Some(c), true) => c,
            _ => row,
        }
    };
    fills(cx, page, &row_of);
    rules(cx, page, &row_of);
    let here = cx.page_no();
    // The item's table row, which its first line's first lane joins.
    let mut item_row: Option<usize> = None;
    for (k, p) in page.rows.iter().enumerate() {
        let row = row_of(p);
        cx.source = row.source.clone();
        let within = Area {
            x: MARGIN_X,
            y: p.y,
            w: CONTENT_W,
            h: p.h,
        };
        // A 「（続き）」 copy repeats its initiative's or item's heading: page furniture,
        // as the original's header cell spans the rows that follow.
        let open = if p.continued {
            cx.artifact();
            Opened::levels(1)
        } else {
            let lines_next = page
                .rows
                .get(k + 1)
                .is_some_and(|n| !n.continued && n.row == p.row + 1 && rows[n.row].is_steps());
            open_row(cx, rows, p.row, lines_next, &mut item_row)
        };
        match &row.kind {
            Kind::Initiative(lines) => initiative_text(cx, lines, within),
            Kind::Item { lines, tag } => {
                let tag = tag.as_ref().map(|t| (t.text(pages, (here, p.y)), t));
                item_text(cx, lines, tag, within, pages);
            }
            Kind::Steps {
                lanes,
                remarks,
                remark_x,
            } => {
                let mut ly = p.y;
                if lanes.is_empty() {
                    // A line without steps still takes its row, empty.
                    lane_row(cx, item_row.take());
                    empty_cell(cx, cx.rm.plan.period.columns());
                    cx.end();
                }
                for lane in lanes {
                    let h = lane.h.at(page.tightness);
                    let inset = BAR_INSET.min((h - lane.h.tight) / 2.0 + BAR_INSET_TIGHT);
                    lane_row(cx, item_row.take());
                    let mut col = 0;
                    for bar in &lane.bars {
                        let (start, end) = bar.columns;
                        empty_cell(cx, start.saturating_sub(col));
                        let tag = bar.tag.as_ref().map(|t| (t.text(pages, (here, p.y)), t));
                        // The step's words are said for the cell, or, beside a tag's link,
                        // for the paragraph holding its text.
                        let spoken = tag.is_none().then(|| bar.spoken.clone());
                        cx.begin_read_as(Role::cell(end + 1 - start.min(end)), spoken);
                        draw_bar(cx, bar, ly + inset, h - 2.0 * inset, tag, pages);
                        cx.end();
                        col = end + 1;
                    }
                    empty_cell(cx, cx.rm.plan.period.columns().saturating_sub(col));
                    cx.end();
                    ly += h;
                }
                cx.source = row.source.clone();
                // The remarks are a row of their own under the item's header.
                if !remarks.is_empty() {
                    let tr = cx.begin(Role::TR);
                    cx.begin(Role::cell(cx.rm.plan.period.columns()));
                    remarks_text(cx, remarks, *remark_x, ly, within);
                    cx.close(tr);
                }
            }
        }
        open.close(cx);
    }
}

/// What [`open_row`] opened: how many elements, and how many columns of empty cells come
/// after the innermost (a header cell) closes.
struct Opened {
    levels: usize,
    cells_after: u32,
}

impl Opened {
    fn levels(levels: usize) -> Opened {
        Opened {
            levels,
            cells_after: 0,
        }
    }

    /// Closes what was opened, once the row's text is drawn.
    fn close(self, cx: &mut Ctx) {
        if self.levels == 0 {
            return;
        }
        cx.end();
        empty_cell(cx, self.cells_after);
        for _ in 1..self.levels {
            cx.end();
        }
    }
}

/// Opens the table structure of chart row `i` (not a 「（続き）」 copy), to be closed once
/// its text is drawn. An initiative is a row of its
/// own, a header cell across the table holding its heading; an item heads the rows of its
/// lines (one per lane, one for remarks), and when its first line follows it on the page
/// (`lines_next`) that line's first lane joins the item's table row (`item_row`).
fn open_row(
    cx: &mut Ctx,
    rows: &[Row],
    i: usize,
    lines_next: bool,
    item_row: &mut Option<usize>,
) -> Opened {
    let cols = cx.rm.plan.period.columns();
    match &rows[i].kind {
        Kind::Initiative(_) => {
            cx.begin(Role::TR);
            cx.begin(Role::row_header(cols + 1, 1));
            cx.begin(Role::H { level: 3 });
            Opened::levels(3)
        }
        Kind::Item { .. } => {
            let tr = cx.begin(Role::TR);
            let rowspan = table_rows(rows, i) + u32::from(!lines_next);
            cx.begin(Role::row_header(1, rowspan.max(1)));
            // With no line after it on the page, the item's row has empty cells.
            if lines_next {
                *item_row = Some(tr);
            }
            Opened {
                levels: 2,
                cells_after: if lines_next { 0 } else { cols },
            }
        }
        Kind::Steps { .. } => Opened::levels(0),
    }
}

/// Opens a lane's table row: the item's own (`item_row`) for the first lane under it, a
/// new one otherwise.
fn lane_row(cx: &mut Ctx, item_row: Option<usize>) {
    match item_row {
        Some(tr) => cx.enter(tr),
        None => {
            cx.begin(Role::TR);
        }
    }
}

/// An empty data cell `span` columns wide (none when `span` is 0).
fn empty_cell(cx: &mut Ctx, span: u32) {
    if span > 0 {
        cx.begin(Role::cell(span));
        cx.end();
    }
}

/// How many table rows the lines under item row `item` take: one per lane (one for a line
/// without steps), one more for a line's remarks.
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

fn fills<'a>(cx: &mut Ctx, page: &ChartPage, row_of: &impl Fn(&Placed) -> &'a Row) {
    let right = MARGIN_X + CONTENT_W;
    for p in &page.rows {
        let a = Area {
            x: MARGIN_X,
            y: p.y,
            w: CONTENT_W,
            h: p.h,
        };
        match row_of(p).kind {
            Kind::Initiative(_) => {
                cx.rect(a, Some(INITIATIVE_BG), None);
                cx.line(MARGIN_X, p.y, right, p.y, solid(BAR, RULES.0));
            }
            Kind::Item { .. } => {
                cx.rect(a, Some(ITEM_BG), None);
                cx.line(MARGIN_X, p.y, right, p.y, solid(GRID, RULES.1));
            }
            Kind::Steps { .. } => cx.line(MARGIN_X, p.y, right, p.y, solid(GRID, RULES.1)),
        }
    }
}

/// Column rules through runs of step rows (not through the full-width text rows), the rule
/// under the last row and the frame round the table.
fn rules<'a>(cx: &mut Ctx, page: &ChartPage, row_of: &impl Fn(&Placed) -> &'a Row) {
    let cols = cx.rm.plan.period.columns();
    let cw = col_w(cx);
    let mut run: Option<(f32, f32)> = None;
    let flush = |cx: &mut Ctx, run: &mut Option<(f32, f32)>| {
        if let Some((top, bottom)) = run.take() {
            for c in 1..cols {
                let x = MARGIN_X + c as f32 * cw;
                cx.line(x, top, x, bottom, solid(GRID, RULES.2));
            }
        }
    };
    for p in &page.rows {
        if matches!(row_of(p).kind, Kind::Steps { .. }) {
            let top = run.map_or(p.y, |(top, _)| top);
            run = Some((top, p.y + p.h));
        } else {
            flush(cx, &mut run);
        }
    }
    flush(cx, &mut run);
    if let Some(p) = page.rows.last() {
        let bottom = p.y + p.h;
        let right = MARGIN_X + CONTENT_W;
        cx.line(MARGIN_X, bottom, right, bottom, solid(GRID, RULES.3));
        let frame = Area {
            x: MARGIN_X,
            y: YEAR_Y,
            w: CONTENT_W,
            h: bottom - YEAR_Y,
        };
        cx.rect(frame, None, Some(solid(GRID, RULES.3)));
    }
}

fn initiative_text(cx: &mut Ctx, lines: &[String], within: Area) {
    let top = within.y + (within.h - lines.len() as f32 * INI_LH) / 2.0;
    let s = Style {
        face: Face::Bold,
        size: INI_SIZE,
    };
    for (k, l) in lines.iter().enumerate() {
        let base = top + k as f32 * INI_LH + baseline_in(INI_LH, s);
        cx.styled(l, s, MARGIN_X + INI_INDENT, base, NAVY, Some(within));
    }
}

fn item_text(
    cx: &mut Ctx,
    lines: &[String],
    tag: Option<(String, &Tag)>,
    within: Area,
    pages: &RowPages,
) {
    let s = Style {
        face: Face::Regular,
        size: ITEM_SIZE,
    };
    let top = within.y + (within.h - lines.len() as f32 * ITEM_LH) / 2.0;
    let bullet = Area {
        x: MARGIN_X + BULLET.1,
        y: top + (ITEM_LH - BULLET.0) / 2.0,
        w: BULLET.0,
        h: BULLET.0,
    };
    cx.rect(bullet, Some(BAR), None);
    let x = MARGIN_X + ITEM_INDENT;
    let mut end = (x, top + baseline_in(ITEM_LH, s));
    // With a tag, the item's text is a paragraph beside the tag's link.
    if tag.is_some() {
        cx.begin(Role::P);
    }
    for (k, l) in lines.iter().enumerate() {
        let base = top + k as f32 * ITEM_LH + baseline_in(ITEM_LH, s);
        let w = cx.styled(l, s, x, base, INK, Some(within));
        end = (x + w, base);
    }
    if let Some((text, t)) = tag {
        cx.end();
        let tx = if end.0 > x {
            end.0 + 2.0 * TAG_PAD
        } else {
            end.0
        };
        draw_tag(cx, &text, t, (tx, end.1), within, pages);
    }
}

fn remarks_text(cx: &mut Ctx, remarks: &[String], x: f32, mut y: f32, within: Area) {
    for r in remarks {
        // A white ground keeps the column rules from striking through the note.
        let w = Face::Regular.width(r, REMARK_SIZE);
        let ground = Area {
            x: x - TAG_PAD / 2.0,
            y: y + (REMARK_LH - REMARK_GROUND.0) / 2.0,
            w: w + TAG_PAD,
            h: REMARK_GROUND.0,
        };
        cx.rect(ground, Some(WHITE), None);
        let s = Style {
            face: Face::Regular,
            size: REMARK_SIZE,
        };
        cx.styled(r, s, x, y + REMARK_GROUND.1, MUTED, Some(within));
        y += REMARK_LH;
    }
}

/// Offset from the top of a line box of height `lh` to the baseline of text in `s`.
fn baseline_in(lh: f32, s: Style) -> f32 {
    (lh - s.size) / 2.0 + s.face.ascent() * s.size
}

/// A re-listing's tag: its text in a frame at `(x, baseline)`, a link to its original's
/// page (a `Link` element inside the step's or item's cell, described in words).
fn draw_tag(
    cx: &mut Ctx,
    text: &str,
    tag: &Tag,
    (x, baseline): (f32, f32),
    within: Area,
    pages: &RowPages,
) {
    let size = style::TAG_SIZE;
    let frame = Area {
        x,
        y: baseline - size - TAG_PAD / 2.0,
        w: tag_w(text),
        h: size + 2.0 * TAG_PAD - 2.0,
    };
    cx.rect(frame, Some(WHITE), Some(solid(RELIST_EDGE, 0.6)));
    let s = Style {
        face: Face::Regular,
        size,
    };
    let page = pages.get(&tag.target).map(|&(page, _)| page);
    // 「再掲 (1)② p.9」 is said 「再掲 (1)②（9ページ）」.
    let read_as = page.and_then(|page| {
        let head = text.strip_suffix(&format!(" p.{page}"))?;
        super::tagging::read_with_page(head, page)
    });
    let link = cx.begin_read_as(Role::Link, read_as);
    cx.styled(text, s, x + TAG_PAD, baseline, NAVY, Some(within));
    if let Some(page) = page {
        cx.link_described(frame, page, tag.description(page));
    }
    cx.close(link);
}

/// A bar's body and, for a step that runs to the end of the period, its arrow head.
fn bar_shape(cx: &mut Ctx, bar: &Bar, top: f32, h: f32) -> Area {
    let body_right = bar.body_right();
    let fill = if bar.relisted { BAR_RELISTED } else { BAR };
    let body = Area {
        x: bar.left,
        y: top,
        w: body_right - bar.left,
        h,
    };
    let edge = bar.relisted.then(|| Stroke {
        color: RELIST_EDGE,
        width: RELIST_STROKE,
        dash: RELIST_DASH.to_vec(),
    });
    cx.rect(body, Some(fill), edge);
    if bar.arrow {
        cx.polygon(
            &[
                (body_right, top - ARROW_FLARE),
                (bar.right, top + h / 2.0),
                (body_right, top + h + ARROW_FLARE),
            ],
            fill,
        );
    }
    body
}

fn draw_bar(
    cx: &mut Ctx,
    bar: &Bar,
    top: f32,
    h: f32,
    tag: Option<(String, &Tag)>,
    pages: &RowPages,
) {
    cx.source = bar.source.clone();
    let body = bar_shape(cx, bar, top, h);
    let ink = if bar.relisted { INK } else { WHITE };
    let within = Area {
        x: bar.left + BAR_PAD,
        y: top,
        w: body.w - 2.0 * BAR_PAD,
        h,
    };
    let s = Style {
        face: Face::Regular,
        size: bar.size,
    };
    let lh = bar.line_h();
    let block_top = top + (h - bar.text_lines() as f32 * lh) / 2.0;
    let centre = bar.left + body.w / 2.0;
    let last = bar.lines.len().saturating_sub(1);
    // With a tag, the step's text is a paragraph beside the tag's link (a cell holds text
    // or elements, not both).
    if tag.is_some() {
        cx.begin_read_as(Role::P, Some(bar.spoken.clone()));
    }
    let mut tag_at = None;
    for (k, l) in bar.lines.iter().enumerate() {
        let base = block_top + k as f32 * lh + baseline_in(lh, s);
        let w = s.face.width(l, s.size);
        let inline = tag.as_ref().filter(|_| k == last && bar.tag_inline);
        let extra = inline.map_or(0.0, |(text, _)| TAG_PAD + tag_w(text));
        let x = centre - (w + extra) / 2.0;
        cx.styled(l, s, x, base, ink, Some(within));
        if inline.is_some() {
            tag_at = Some((x + w + TAG_PAD, base));
        }
    }
    if let Some((text, t)) = &tag {
        cx.end();
        // Inline after the last line, else on a line of its own under the text.
        let at = tag_at.unwrap_or_else(|| {
            let base = block_top + bar.lines.len() as f32 * lh + baseline_in(lh, s);
            (centre - tag_w(text) / 2.0, base)
        });
        draw_tag(cx, text, t, at, within, pages);
    }
}
