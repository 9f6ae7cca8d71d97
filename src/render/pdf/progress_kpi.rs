//! The KPI pages of progress.pdf: every indicator as a chart (the plan as a line, the
//! actuals as bars, the baseline marked, the years on the axis, every value labelled)
//! beside a table of its figures as written. Two indicators to a page.
//!
//! Tagged: the indicator's name is an H2 and its figures a table (the year heads each row);
//! the chart and its legend are furniture, since the table beside it holds every year and
//! every value the chart shows, as written (and the values a chart cannot draw, such as
//! 「↑」).

use crate::model::{FiscalYear, Kpi, KpiCategory, KpiPoint, KpiValue, Numbering, Period};
use crate::progress::kpi::{judge, Rate, CAUTION_RATE};

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
/// Room above the highest value for its label.
const HEADROOM: f32 = 1.18;
/// Bars take this share of a year's slot.
const BAR_SHARE: f32 = 0.46;
const LABEL_SIZE: f32 = 7.5;
/// The baseline's bar.
const BASELINE: Rgb = Rgb(0x9a, 0xa5, 0xb1);
/// The plan line.
const PLAN: Rgb = Rgb(0xd9, 0x8c, 0x1f);

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

/// The years an indicator's chart shows: baseline to its last figure, every year between.
fn years(k: &Kpi) -> Vec<FiscalYear> {
    let all = || {
        k.targets
            .iter()
            .chain(&k.actuals)
            .chain(&k.baseline)
            .map(|p| p.fiscal_year)
    };
    match (all().min(), all().max()) {
        (Some(a), Some(b)) if b - a < 40 => (a..=b).collect(),
        _ => Vec::new(),
    }
}

fn number(p: &KpiPoint) -> Option<f64> {
    match p.value {
        KpiValue::Number(n) if n.is_finite() => Some(n),
        _ => None,
    }
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
    let years = years(k);
    let plot = Area {
        x: MARGIN_X + SCALE_W,
        y: y + NAME_H + 14.0,
        w: CHART_W - SCALE_W,
        h: BLOCK_H - NAME_H - 14.0 - AXIS_H,
    };
    cx.artifact();
    chart_legend(cx, plot.x, y + NAME_H);
    chart(cx, plot, k, &years);
    cx.end();
    table(cx, MARGIN_X + CHART_W + GAP, y + NAME_H, k, &years);
}

fn chart_legend(cx: &mut Ctx, x: f32, y: f32) {
    cx.line(x, y + 4.0, x + 18.0, y + 4.0, solid(PLAN, 1.6));
    cx.ellipse(x + 9.0, y + 4.0, 2.2, Some(PLAN), None);
    let mut at = x + 22.0;
    at += cx.text("計画（線）", Face::Regular, 8.0, at, y + 7.0, INK, None) + 14.0;
    cx.rect(area(at, y, 12.0, 8.0), Some(BAR), None);
    at += 16.0;
    at += cx.text("実績（棒）", Face::Regular, 8.0, at, y + 7.0, INK, None) + 14.0;
    cx.rect(area(at, y, 12.0, 8.0), Some(BASELINE), None);
    cx.text("基準値", Face::Regular, 8.0, at + 16.0, y + 7.0, INK, None);
}

fn area(x: f32, y: f32, w: f32, h: f32) -> Area {
    Area { x, y, w, h }
}

/// The plot: scale, year axis, actual bars (the baseline's in grey), the plan line, labels.
fn chart(cx: &mut Ctx, plot: Area, k: &Kpi, years: &[FiscalYear]) {
    cx.rect(plot, None, Some(solid(GRID, 0.6)));
    let values = k
        .targets
        .iter()
        .chain(&k.actuals)
        .chain(&k.baseline)
        .filter_map(number);
    let top = values.fold(0.0f64, f64::max);
    if years.is_empty() || top <= 0.0 {
        let note = "数値の目標・実績がないため、図はありません（右の表を参照）";
        cx.text_centered(
            note,
            Face::Regular,
            9.0,
            plot.x + plot.w / 2.0,
            plot.y + plot.h / 2.0,
            MUTED,
        );
        return;
    }
    let scale_top = top * f64::from(HEADROOM);
    let y_of = |v: f64| plot.y + plot.h - (v / scale_top) as f32 * plot.h;
    scale(cx, plot, top, &y_of);
    let slot = plot.w / years.len() as f32;
    let x_of = |yr: FiscalYear| {
        let i = years.iter().position(|y| *y == yr).unwrap_or(0);
        plot.x + slot * (i as f32 + 0.5)
    };
    let base_year = k.baseline.as_ref().map(|b| b.fiscal_year);
    let label_short = |y| cx.rm.plan.period.years.short(y);
    for &yr in years {
        let label = if Some(yr) == base_year {
            format!("{}（基準値）", label_short(yr))
        } else {
            label_short(yr)
        };
        cx.text_centered(
            &label,
            Face::Regular,
            8.0,
            x_of(yr),
            plot.y + plot.h + 12.0,
            INK,
        );
    }
    let base = k.baseline.as_ref();
    let mut bars: Vec<(&KpiPoint, bool)> = base.map(|b| (b, true)).into_iter().collect();
    bars.extend(
        k.actuals
            .iter()
            .filter(|a| base.is_none_or(|b| b.fiscal_year != a.fiscal_year))
            .map(|a| (a, false)),
    );
    for (p, is_base) in bars {
        let Some(v) = number(p) else { continue };
        let bw = slot * BAR_SHARE;
        let (x, top_y) = (x_of(p.fiscal_year) - bw / 2.0, y_of(v));
        let fill = if is_base { BASELINE } else { BAR };
        cx.rect(
            area(x, top_y, bw, plot.y + plot.h - top_y),
            Some(fill),
            None,
        );
        // The baseline is told by its colour, the legend and its year on the axis.
        let label = p.written.clone();
        // Actuals are labelled inside the bar's top when they fit there, else above it.
        let size = super::pages::fit_size(&label, Face::Bold, LABEL_SIZE, 5.5, slot - 2.0);
        let fits = Face::Bold.width(&label, size) + 2.0 < bw;
        let inside = fits && plot.y + plot.h - top_y > 14.0;
        let (ly, colour) = if inside {
            (top_y + 10.0, WHITE)
        } else {
            (top_y - 3.0, INK)
        };
        cx.text_centered(&label, Face::Bold, size, x + bw / 2.0, ly, colour);
    }
    plan_line(cx, k, &x_of, &y_of, slot);
}

fn scale(cx: &mut Ctx, plot: Area, top: f64, y_of: &dyn Fn(f64) -> f32) {
    for v in [0.0, top / 2.0, top] {
        let y = y_of(v);
        cx.line(plot.x, y, plot.x + plot.w, y, solid(GRID, 0.4));
        let text = format_value(v);
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

/// A scale value: whole numbers with thousands separators, else one decimal.
fn format_value(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        crate::model::group_digits(v.round() + 0.0)
    } else {
        format!("{v:.1}")
    }
}

fn plan_line(
    cx: &mut Ctx,
    k: &Kpi,
    x_of: &dyn Fn(FiscalYear) -> f32,
    y_of: &dyn Fn(f64) -> f32,
    slot: f32,
) {
    let points: Vec<(f32, f32, &KpiPoint)> = k
        .targets
        .iter()
        .filter_map(|p| number(p).map(|v| (x_of(p.fiscal_year), y_of(v), p)))
        .collect();
    for w in points.windows(2) {
        cx.line(w[0].0, w[0].1, w[1].0, w[1].1, solid(PLAN, 1.6));
    }
    for (x, y, p) in &points {
        cx.ellipse(*x, *y, 2.6, Some(PLAN), Some(solid(WHITE, 0.6)));
        let size = super::pages::fit_size(&p.written, Face::Bold, LABEL_SIZE, 5.5, slot - 2.0);
        // Plan labels sit above their point, on a white box so the bars do not cross them.
        let w = Face::Bold.width(&p.written, size);
        cx.rect(
            area(x - w / 2.0 - 1.5, y - 13.5, w + 3.0, size + 2.5),
            Some(WHITE),
            None,
        );
        cx.text_centered(&p.written, Face::Bold, size, *x, y - 5.5, PLAN);
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
