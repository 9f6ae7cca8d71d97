//! The KPI pages of progress.pdf: every indicator as a chart (the plan as a line, the
//! actuals as bars, the baseline marked, the years on the axis, every value labelled)
//! beside a table of its figures as written. Two indicators to a page.
//!
//! Tagged: the indicator's name is an H2 and its figures a table (the year heads each row);
//! the chart and its legend are furniture, since the table beside it holds every year and
//! every value the chart shows, as written (and the values a chart cannot draw, such as
//! 「↑」).

use crate::model::{point_in, FiscalYear, Kpi, KpiCategory, KpiPoint, Numbering, Period};
use crate::progress::kpi::{judge, Rate, CAUTION_RATE};
use crate::render::kpi_chart::{direction_mark, ChartData, ValueAxis, DIRECTION_LEGEND};

use super::ctx::*;

/// What a missing figure or text is printed as, where one was due (here and in the item
/// tables).
pub(super) const MISSING: &str = "未入力";
/// What a cell that has nothing due is printed as.
pub(super) const NOTHING_DUE: &str = "—";
/// The part's heading.
pub(super) const TITLE: &str = "重要業績評価指標 (KPI) の推移";
/// Height of one indicator's block.
const BLOCK_H: f32 = 222.0;
/// Width of the chart (the figures' table takes the rest).
const CHART_W: f32 = 470.0;
/// Gap between chart and table.
const GAP: f32 = 18.0;
/// Space for the indicator's name above the chart.
const NAME_H: f32 = 34.0;
/// Space under the plot for the year labels, and beside it for the scale.
const AXIS_H: f32 = 18.0;
const SCALE_W: f32 = 46.0;
/// Bars take this share of a year's slot.
const BAR_SHARE: f32 = 0.46;
const LABEL_SIZE: f32 = 7.5;
/// The baseline's bar.
pub const BASELINE: Rgb = Rgb(0x9a, 0xa5, 0xb1);
/// The plan line, its points, labels and direction marks.
pub const PLAN: Rgb = Rgb(0xd9, 0x8c, 0x1f);

/// Lays out the KPI pages (none when the plan has no KPI).
pub fn kpis(cx: &mut Ctx) {
    let rm = cx.rm;
    let kpis = &rm.kpis;
    if kpis.is_empty() {
        return;
    }
    cx.new_page();
    let sect = cx.begin(Role::Sect);
    cx.bookmark(TITLE, 0);
    let mut y = cx.heading(TITLE);
    for k in kpis {
        if y + BLOCK_H > BOTTOM {
            cx.new_page();
            y = cx.heading(&continued_title(TITLE));
        }
        cx.source = k.source.clone();
        cx.bookmark(&k.indicator, 1);
        block(cx, y, k);
        y += BLOCK_H + 8.0;
    }
    cx.close(sect);
}

fn block(cx: &mut Ctx, y: f32, k: &Kpi) {
    let style = &cx.rm.plan.style;
    let category = match (k.category, style.numbering) {
        (KpiCategory::General, _) => "全般".to_string(),
        (KpiCategory::Pillar(n), Numbering::Symbols) => format!("柱({n})"),
        (KpiCategory::Policy(n, m), Numbering::Symbols) => {
            format!("柱({n}){}", crate::normalize::text::circled(m))
        }
        (KpiCategory::Pillar(_), _) => {
            format!(
                "{} {}",
                style.words.pillar,
                cx.rm.category_label(k.category)
            )
        }
        (KpiCategory::Policy(..), _) => {
            format!(
                "{} {}",
                style.words.policy,
                cx.rm.category_label(k.category)
            )
        }
    };
    let unit = if k.unit.is_empty() {
        String::new()
    } else {
        format!("（単位: {}）", k.unit)
    };
    let name = format!("【{category}】{}{unit}", k.indicator);
    let size = super::pages::fit_size(&name, Face::Bold, 11.0, 7.5, CONTENT_W);
    cx.begin(Role::H { level: 2 });
    cx.text(&name, Face::Bold, size, MARGIN_X, y + 14.0, NAVY, None);
    cx.end();
    cx.line(
        MARGIN_X,
        y + 22.0,
        MARGIN_X + CONTENT_W,
        y + 22.0,
        solid(GRID, 0.6),
    );
    let data = ChartData::of(k, cx.rm.plan.period);
    let plot = Area {
        x: MARGIN_X + SCALE_W,
        y: y + NAME_H + 14.0,
        w: CHART_W - SCALE_W,
        h: BLOCK_H - NAME_H - 14.0 - AXIS_H,
    };
    cx.artifact();
    chart_legend(cx, plot.x, y + NAME_H, !data.directions().is_empty());
    chart(cx, plot, k, &data);
    cx.end();
    table(cx, MARGIN_X + CHART_W + GAP, y + NAME_H, k, &data.years);
}

fn chart_legend(cx: &mut Ctx, x: f32, y: f32, directions: bool) {
    cx.line(x, y + 4.0, x + 18.0, y + 4.0, solid(PLAN, 1.6));
    cx.ellipse(x + 9.0, y + 4.0, 2.2, Some(PLAN), None);
    let mut at = x + 22.0;
    at += cx.text("計画（線）", Face::Regular, 8.0, at, y + 7.0, INK, None) + 14.0;
    cx.rect(area(at, y, 12.0, 8.0), Some(BAR), None);
    at += 16.0;
    at += cx.text("実績（棒）", Face::Regular, 8.0, at, y + 7.0, INK, None) + 14.0;
    cx.rect(area(at, y, 12.0, 8.0), Some(BASELINE), None);
    at += 16.0;
    at += cx.text("基準値", Face::Regular, 8.0, at, y + 7.0, INK, None) + 14.0;
    if directions {
        cx.text(
            DIRECTION_LEGEND,
            Face::Regular,
            8.0,
            at,
            y + 7.0,
            PLAN,
            None,
        );
    }
}

fn area(x: f32, y: f32, w: f32, h: f32) -> Area {
    Area { x, y, w, h }
}

/// The plot: the value axis from zero in round ticks, every year on the year axis, the
/// actual bars (the published baseline's in grey), the plan line broken where a year has no
/// figure, a direction-only target as its arrow and word in a band at the top, and every
/// figure labelled where no other label is.
fn chart(cx: &mut Ctx, plot: Area, k: &Kpi, data: &ChartData) {
    cx.rect(plot, None, Some(solid(GRID, 0.6)));
    let years = &data.years;
    let slot = plot.w / years.len().max(1) as f32;
    let x_of = |i: usize| plot.x + slot * (i as f32 + 0.5);
    year_labels(cx, plot, data, slot, &x_of);
    let directions = data.directions();
    let band = if directions.is_empty() { 0.0 } else { BAND_H };
    for &(i, v) in &directions {
        let (arrow, word) = direction_mark(v);
        cx.text_centered(arrow, Face::Bold, 11.0, x_of(i), plot.y + 12.0, PLAN);
        let size = super::pages::fit_size(word, Face::Regular, 7.0, 5.5, slot - 2.0);
        cx.text_centered(word, Face::Regular, size, x_of(i), plot.y + 20.0, PLAN);
    }
    let Some(axis) = data.axis else {
        let note = "数値の目標・実績がないため、図はありません（右の表を参照）";
        let mid = plot.y + band + (plot.h - band) / 2.0;
        cx.text_centered(note, Face::Regular, 9.0, plot.x + plot.w / 2.0, mid, MUTED);
        return;
    };
    let values = Area {
        y: plot.y + band,
        h: plot.h - band,
        ..plot
    };
    let y_of = |v: f64| values.y + values.h - axis.share(v) as f32 * values.h;
    scale(cx, values, &axis, &y_of);
    let zero = y_of(0.0_f64.clamp(axis.lo, axis.hi));
    let bw = slot * BAR_SHARE;
    for (i, v) in data.actuals.iter().enumerate() {
        let Some(v) = *v else { continue };
        let fill = if Some(i) == data.baseline {
            BASELINE
        } else {
            BAR
        };
        let (top, bottom) = (y_of(v).min(zero), y_of(v).max(zero));
        cx.rect(
            area(x_of(i) - bw / 2.0, top, bw, bottom - top),
            Some(fill),
            None,
        );
    }
    for run in data.target_runs() {
        for w in run.windows(2) {
            let (a, b) = (w[0], w[1]);
            cx.line(x_of(a.0), y_of(a.1), x_of(b.0), y_of(b.1), solid(PLAN, 1.6));
        }
    }
    let mut labels = Labels::default();
    let texts = figures(k, data);
    for (i, t) in data.targets.iter().enumerate() {
        if let Some(v) = t.and_then(|t| t.figure()) {
            let (x, y) = (x_of(i), y_of(v));
            cx.ellipse(x, y, 2.6, Some(PLAN), Some(solid(WHITE, 0.6)));
            labels.placed.push(area(x - 3.0, y - 3.0, 6.0, 6.0));
        }
    }
    // Plan labels first, above their point (below it if taken), on a white box so that
    // bars and lines do not cross them.
    for (i, t) in data.targets.iter().enumerate() {
        let (Some(v), Some(text)) = (t.and_then(|t| t.figure()), &texts[i].0) else {
            continue;
        };
        let (x, y) = (x_of(i), y_of(v));
        let size = super::pages::fit_size(text, Face::Bold, LABEL_SIZE, 5.5, slot - 2.0);
        let h = label_h(size);
        let at = labels.place(x, Face::Bold.width(text, size), h, &[y - 4.0 - h, y + 4.0]);
        let w = Face::Bold.width(text, size);
        cx.rect(area(x - w / 2.0 - 1.5, at.y, w + 3.0, h), Some(WHITE), None);
        cx.text_centered(text, Face::Bold, size, x, baseline(at.y, size), PLAN);
    }
    // Actuals: inside the bar's top in white when the label fits there and no label or
    // point is in the way, else above the bar, else higher still (clear of the plan's
    // label when the two figures are close, as they are when a plan is on track).
    for (i, v) in data.actuals.iter().enumerate() {
        let (Some(v), Some(text)) = (*v, &texts[i].1) else {
            continue;
        };
        let (x, y) = (x_of(i), y_of(v));
        let size = super::pages::fit_size(text, Face::Bold, LABEL_SIZE, 5.5, slot - 2.0);
        let (w, h) = (Face::Bold.width(text, size), label_h(size));
        let fits = w + 2.0 < bw && zero - y > h + 4.0 && v >= 0.0;
        let inside = area(x - w / 2.0, y + 2.0, w, h);
        if fits && labels.free(inside) {
            labels.placed.push(inside);
            cx.text_centered(text, Face::Bold, size, x, baseline(inside.y, size), WHITE);
            continue;
        }
        let above = y.min(zero) - 2.0 - h;
        let at = labels.place(x, w, h, &[above]);
        cx.rect(area(x - w / 2.0 - 1.5, at.y, w + 3.0, h), Some(WHITE), None);
        cx.text_centered(text, Face::Bold, size, x, baseline(at.y, size), INK);
    }
}

/// Height of the band above the values where direction-only targets are drawn.
const BAND_H: f32 = 24.0;

/// The figures of each year as written: (target, actual), the baseline's as its actual.
fn figures(k: &Kpi, data: &ChartData) -> Vec<(Option<String>, Option<String>)> {
    let written =
        |points: &[KpiPoint], y: FiscalYear| point_in(points, y).map(|p| p.written.clone());
    data.years
        .iter()
        .map(|&y| {
            let base = k.baseline.as_ref().filter(|b| b.fiscal_year == y);
            let actual = written(&k.actuals, y).or_else(|| base.map(|b| b.written.clone()));
            (written(&k.targets, y), actual)
        })
        .collect()
}

/// A label's box height at `size`: ascent and a little descent.
fn label_h(size: f32) -> f32 {
    (Face::Bold.ascent() + 0.12) * size
}

/// The baseline of a label whose box starts at `top`.
fn baseline(top: f32, size: f32) -> f32 {
    top + Face::Bold.ascent() * size
}

/// The labels' boxes placed so far (and the plan's points), so that none is drawn over
/// another.
#[derive(Default)]
struct Labels {
    placed: Vec<Area>,
}

impl Labels {
    fn free(&self, a: Area) -> bool {
        !self.placed.iter().any(|b| overlaps(&a, b))
    }

    /// Places a label `w` wide and `h` high centred on `x` at the first free top of `tops`,
    /// else climbing from the first until it is free; returns its box.
    fn place(&mut self, x: f32, w: f32, h: f32, tops: &[f32]) -> Area {
        let at = |top: f32| area(x - w / 2.0 - 1.5, top, w + 3.0, h);
        let chosen = tops.iter().map(|&t| at(t)).find(|a| self.free(*a));
        let a = chosen.unwrap_or_else(|| {
            let mut a = at(tops.first().copied().unwrap_or_default());
            // Bounded: each step clears at least one box's height.
            for _ in 0..=self.placed.len() {
                match self.placed.iter().find(|b| overlaps(&a, b)) {
                    Some(b) => a.y = b.y - h - 0.5,
                    None => break,
                }
            }
            a
        });
        self.placed.push(a);
        a
    }
}

fn overlaps(a: &Area, b: &Area) -> bool {
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

/// The years under the plot, the baseline's marked; a mark too wide for its year's slot
/// goes on a second line so that no two labels meet.
fn year_labels(cx: &mut Ctx, plot: Area, data: &ChartData, slot: f32, x_of: &dyn Fn(usize) -> f32) {
    let notation = cx.rm.plan.period.years;
    let y = plot.y + plot.h + 11.0;
    // Over many years (a garbled one decades back) only every n-th year is labelled, so
    // that even at the least size no two meet; the table beside lists every one.
    let widest = data
        .years
        .iter()
        .map(|&yr| Face::Regular.width(&notation.short(yr), 5.5) + 2.0)
        .fold(0.0_f32, f32::max);
    let every = ((widest / slot.max(0.1)).ceil() as usize).max(1);
    for (i, &yr) in data.years.iter().enumerate() {
        if i % every != 0 {
            continue;
        }
        let short = notation.short(yr);
        let size = super::pages::fit_size(&short, Face::Regular, 8.0, 5.5, slot - 2.0);
        if Some(i) != data.baseline {
            cx.text_centered(&short, Face::Regular, size, x_of(i), y, INK);
            continue;
        }
        let one = format!("{short}（基準値）");
        if Face::Regular.width(&one, 8.0) <= slot - 2.0 {
            cx.text_centered(&one, Face::Regular, 8.0, x_of(i), y, INK);
        } else {
            cx.text_centered(&short, Face::Regular, size, x_of(i), y, INK);
            let size = super::pages::fit_size("基準値", Face::Regular, 6.5, 5.0, slot - 2.0);
            cx.text_centered("基準値", Face::Regular, size, x_of(i), y + 7.5, INK);
        }
    }
}

/// The value axis's ticks and grid lines, labelled in round numbers.
fn scale(cx: &mut Ctx, plot: Area, axis: &ValueAxis, y_of: &dyn Fn(f64) -> f32) {
    for v in axis.ticks() {
        let y = y_of(v);
        let colour = if v == 0.0 { MUTED } else { GRID };
        cx.line(plot.x, y, plot.x + plot.w, y, solid(colour, 0.4));
        let text = axis.label(v);
        let w = Face::Regular.width(&text, 7.0);
        cx.text(
            &text,
            Face::Regular,
            7.0,
            plot.x - w - 4.0,
            y + 2.5,
            MUTED,
            None,
        );
    }
}

/// Height of a row of the figures' table, and the least it shrinks to so that an
/// indicator with many years still lists every one (the chart beside it is furniture).
const ROW_H: f32 = 17.0;
const MIN_ROW_H: f32 = 11.0;
/// A cell's text: its size at the full row height, and its baseline as a share of the row.
const CELL_SIZE: f32 = 8.5;
const CELL_BASELINE: f32 = 0.7;

/// The figures as written: a row per year, 計画 and 実績 side by side.
fn table(cx: &mut Ctx, x: f32, y: f32, k: &Kpi, years: &[FiscalYear]) {
    let w = CONTENT_W - CHART_W - GAP;
    let cols = [w * 0.3, w * 0.35, w * 0.35];
    let room = BLOCK_H - NAME_H;
    // The header, a row per year, and the judgement.
    let row_h = (room / (years.len() + 2) as f32).clamp(MIN_ROW_H, ROW_H);
    let size = CELL_SIZE * row_h / ROW_H;
    // (A hair of slack: `room / row_h` is a whole number when the rows fit exactly.)
    let rows_fit = ((room / row_h + 0.001) as usize).saturating_sub(2);
    if years.len() > rows_fit {
        // Only an indicator over more than 16 years gets here; say so rather than drop
        // the years silently.
        cx.too_long(&k.indicator);
    }
    let table = cx.begin(Role::Table);
    cx.begin(Role::TR);
    let mut cx_ = x;
    for (cw, h) in cols.iter().zip(["年度", "計画", "実績"]) {
        let a = area(cx_, y, *cw, row_h);
        cx.rect(a, Some(HEADER_BG), Some(solid(GRID, 0.6)));
        cx.begin(Role::column_header());
        let base = y + row_h * CELL_BASELINE;
        cx.text_centered(h, Face::Bold, size, cx_ + cw / 2.0, base, NAVY);
        cx.end();
        cx_ += cw;
    }
    cx.end();
    let mut cy = y + row_h;
    let review = cx.rm.plan.review_year;
    let period = cx.rm.plan.period;
    let rows: Vec<[String; 3]> = years
        .iter()
        .take(rows_fit)
        .map(|&yr| row_texts(k, yr, review, period))
        .chain([judgement_texts(k, period)])
        .collect();
    let last = rows.len() - 1;
    for (r, texts) in rows.iter().enumerate() {
        cx.begin(Role::TR);
        let mut cx_ = x;
        for (i, (cw, t)) in cols.iter().zip(texts).enumerate() {
            let a = area(cx_, cy, *cw, row_h);
            cx.rect(a, None, Some(solid(GRID, 0.6)));
            // The year names its row.
            cx.begin(if i == 0 {
                Role::row_header(1, 1)
            } else {
                Role::cell(1)
            });
            // The judgement row stands out: shaded, its status bold.
            let face = if r == last && i < 2 {
                Face::Bold
            } else {
                Face::Regular
            };
            if r == last {
                cx.rect(a, Some(HEADER_BG), Some(solid(GRID, 0.6)));
            }
            let fit = super::pages::fit_size(t, face, size, 6.0, cw - 6.0);
            let base = cy + row_h * CELL_BASELINE;
            let colour = if t == MISSING { MUTED } else { INK };
            cx.text_centered(t, face, fit, cx_ + cw / 2.0, base, colour);
            cx.end();
            cx_ += cw;
        }
        cx.end();
        cy += row_h;
    }
    cx.close(table);
}

/// The judgement's row: 判定, the status, and the rate with the year it rates, by the rule
/// kpi.xlsx uses ([`crate::progress::kpi`]).
fn judgement_texts(k: &Kpi, period: Period) -> [String; 3] {
    let label_short = |y| period.years.short(y);
    let j = judge(k, period, CAUTION_RATE);
    let rate = match (&j.rate, j.direction) {
        (Rate::Number(r), None) => format!("{:.1}%", r * 100.0),
        (Rate::Number(r), Some(_)) => {
            let unit = if k.unit == "%" || k.unit == "％" {
                "ポイント"
            } else {
                k.unit.as_str()
            };
            format!("{r:+.1}{unit}")
        }
        _ => NOTHING_DUE.to_string(),
    };
    let rate = match j.year {
        Some(y) if matches!(j.rate, Rate::Number(_)) => format!("{rate}（{}）", label_short(y)),
        _ => rate,
    };
    ["判定".to_string(), j.status.to_string(), rate]
}

/// A year's row: the year (marked when it is the baseline's), the plan and the actual;
/// 未入力 for an actual due by the 評価年度 but missing, — where nothing is due.
fn row_texts(k: &Kpi, yr: FiscalYear, review: Option<FiscalYear>, period: Period) -> [String; 3] {
    let label_short = |y| period.years.short(y);
    let find = |v: &[KpiPoint]| {
        v.iter()
            .find(|p| p.fiscal_year == yr)
            .map(|p| p.written.clone())
    };
    let base_year = k.baseline.as_ref().map(|b| b.fiscal_year);
    let year = if Some(yr) == base_year {
        format!("{}（基準）", label_short(yr))
    } else {
        label_short(yr)
    };
    let actual = find(&k.actuals).or_else(|| {
        k.baseline
            .as_ref()
            .filter(|b| b.fiscal_year == yr)
            .map(|b| b.written.clone())
    });
    let due = review.is_some_and(|r| yr <= r) && yr >= period.first;
    let missing = if due { MISSING } else { NOTHING_DUE };
    [
        year,
        find(&k.targets).unwrap_or_else(|| NOTHING_DUE.to_string()),
        actual.unwrap_or_else(|| missing.to_string()),
    ]
}
