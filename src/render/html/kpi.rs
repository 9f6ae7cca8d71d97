//! 重要業績評価指標 (KPI): 全般 first, then pillar by pillar (the PDF's order); per indicator
//! its wording and rationale, a table of 計画 and 実績 for the baseline year and each plan
//! year (figures exactly as written), and the same figures as an SVG line chart whose text
//! alternative lists them.

use maud::{html, Markup};

use crate::fiscal;
use crate::model::{FiscalYear, Kpi, KpiCategory, KpiValue, Roadmap, Section};

use super::text::shown;

/// The chart's drawing box (SVG user units): left, top, right, bottom of the plot area.
const PLOT: (f32, f32, f32, f32) = (70.0, 58.0, 620.0, 230.0);
/// The whole SVG canvas.
const CANVAS: (f32, f32) = (640.0, 270.0);
/// The baseline of the band above the plot where a direction-only target (↑, ↓) is drawn as
/// a direction, not as a point at a height it does not have.
const DIRECTION_BAND: f32 = 42.0;
/// The most year labels the axis prints before it labels every other year (or fewer), so
/// labels never overlap.
const YEAR_LABELS: usize = 12;
/// Plan: the bar blue, dashed, squares. Actuals: navy, solid, circles. Shape and dash tell
/// them apart, not colour alone.
const PLAN_COLOUR: &str = "#3366a3";
const ACTUAL_COLOUR: &str = "#1f3a5f";
const TEXT_COLOUR: &str = "#232a33";
const AXIS_COLOUR: &str = "#5a6674";

/// The KPI section.
pub fn kpis(rm: &Roadmap) -> Markup {
    let general: Vec<(usize, &Kpi)> = rm
        .kpis
        .iter()
        .enumerate()
        .filter(|(_, k)| k.category == KpiCategory::General)
        .collect();
    let mut numbers: Vec<u32> = rm.pillars.iter().map(|p| p.number).collect();
    for k in &rm.kpis {
        if let Some(n) = k.category.pillar() {
            if !numbers.contains(&n) {
                numbers.push(n);
            }
        }
    }
    let groups: Vec<(String, Vec<(usize, &Kpi)>)> = numbers
        .into_iter()
        .map(|n| {
            let title = rm
                .pillars
                .iter()
                .find(|p| p.number == n)
                .map(|p| p.heading())
                .unwrap_or_else(|| format!("({n})"));
            let list = rm
                .kpis
                .iter()
                .enumerate()
                .filter(|(_, k)| k.category.pillar() == Some(n))
                .collect();
            (title, list)
        })
        .filter(|(_, list): &(String, Vec<_>)| !list.is_empty())
        .collect();
    html! {
        section #kpi aria-labelledby="h-kpi" {
            h2 #h-kpi { "重要業績評価指標 (KPI)" }
            @if !general.is_empty() {
                h3 { "◆" (rm.plan.style.heading(Section::KpiGeneral)) }
                @for (i, k) in &general { (block(rm, *i, k, 4)) }
            }
            @if !groups.is_empty() {
                h3 { "◆" (rm.plan.style.heading(Section::KpiPillar)) }
                @for (title, list) in &groups {
                    h4 { (shown(title)) }
                    @for (i, k) in list { (block(rm, *i, k, 5)) }
                }
            }
        }
    }
}

/// One indicator: heading (at `level`), rationale, table and chart.
fn block(rm: &Roadmap, index: usize, k: &Kpi, level: u8) -> Markup {
    let id = format!("kpi-{}", index + 1);
    // Every year, none skipped: a later actual (R6) is in the table too.
    let years = k.chart_years(rm.plan.period);
    let base = k
        .table_years(rm.plan.period)
        .first()
        .copied()
        .unwrap_or_default();
    let rows: Vec<(&str, Vec<String>)> = [("計画", true), ("実績", false)]
        .into_iter()
        .map(|(name, target)| {
            let figures = years
                .iter()
                .map(|&y| k.table_figure(y, target, base))
                .collect();
            (name, figures)
        })
        .collect();
    let heading = html! { "指標：" (shown(&k.indicator)) };
    html! {
        div.kpi-block {
            @if level == 4 { h4 id={ "h-" (id) } { (heading) } }
            @else { h5 id={ "h-" (id) } { (heading) } }
            @if let Some(policy) = rm.policy_of_kpi(k.category) {
                p.rationale { strong { (rm.plan.style.words.policy) "：" } (shown(&policy)) }
            }
            p.rationale { strong { "指標の考え方：" } (shown(&k.rationale)) }
            div.scroll role="region" tabindex="0" aria-labelledby={ "h-" (id) } {
                table.kpi {
                    caption.vh { (shown(&k.indicator)) "の計画と実績" }
                    thead {
                        tr {
                            th scope="col" { "区分" }
                            @for &y in &years { th scope="col" { (rm.plan.period.years.year_end(y)) } }
                        }
                    }
                    tbody {
                        @for (name, figures) in &rows {
                            tr {
                                th scope="row" { (name) }
                                @for f in figures { td { (super::chart::phrased(f)) } }
                            }
                        }
                    }
                }
            }
            (chart(k, &id, &years, &rows, rm.plan.period.years))
        }
    }
}

/// Where a KPI point is drawn: its table column and its value.
struct Point {
    column: usize,
    value: KpiValue,
}

fn points(k: &Kpi, years: &[FiscalYear], target: bool) -> Vec<Point> {
    let mut list: Vec<&crate::model::KpiPoint> = if target {
        k.targets.iter().collect()
    } else {
        k.actuals.iter().collect()
    };
    if !target {
        if let Some(b) = &k.baseline {
            if !list.iter().any(|p| p.fiscal_year == b.fiscal_year) {
                list.push(b);
            }
        }
    }
    let mut out: Vec<Point> = list
        .into_iter()
        .filter_map(|p| {
            let column = years.iter().position(|&y| y == p.fiscal_year)?;
            Some(Point {
                column,
                value: p.value,
            })
        })
        .collect();
    out.sort_by_key(|p| p.column);
    out
}

fn number(v: KpiValue) -> Option<f64> {
    match v {
        KpiValue::Number(n) if n.is_finite() => Some(n),
        _ => None,
    }
}

/// A number as an axis label: at most two decimals, no trailing zeros.
fn axis_label(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() >= 1000.0 {
        return crate::model::group_digits(v.round() + 0.0);
    }
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The axis top: `v` rounded up to a whole multiple of its leading power of ten (43.1 → 50,
/// 2,750 → 3,000), so the scale reads as a round number.
fn round_up(v: f64) -> f64 {
    if v <= 0.0 {
        return v;
    }
    let magnitude = 10f64.powf(v.log10().floor());
    (v / magnitude).ceil() * magnitude
}

/// The polylines through `pts`, one per run of consecutive years: a year without a figure
/// is a gap in the line, not a straight line across it.
fn runs(pts: &[Point], xy: impl Fn(usize, f64) -> (f32, f32)) -> Vec<String> {
    let mut runs: Vec<Vec<String>> = Vec::new();
    let mut last: Option<usize> = None;
    for p in pts {
        let Some(v) = number(p.value) else {
            last = None;
            continue;
        };
        let (x, y) = xy(p.column, v);
        let point = format!("{x:.1},{y:.1}");
        match (runs.last_mut(), last) {
            (Some(run), Some(c)) if c + 1 == p.column => run.push(point),
            _ => runs.push(vec![point]),
        }
        last = Some(p.column);
    }
    runs.into_iter()
        .filter(|r| r.len() > 1)
        .map(|r| r.join(" "))
        .collect()
}

/// The value axis: from zero (or the lowest figure, when one is below zero) to a round
/// number above the highest, so heights compare as the figures do.
fn value_axis(values: &[f64]) -> (f64, f64) {
    let lo = values.iter().copied().fold(0.0_f64, f64::min);
    let max = values.iter().copied().fold(lo, f64::max);
    let hi = if max > lo {
        round_up(max * 1.1)
    } else {
        lo + 1.0
    };
    (lo, hi)
}

/// The SVG chart of one indicator, with its text alternative (the figures in words).
fn chart(
    k: &Kpi,
    id: &str,
    years: &[FiscalYear],
    rows: &[(&str, Vec<String>)],
    notation: fiscal::YearNotation,
) -> Markup {
    let plan = points(k, years, true);
    let actual = points(k, years, false);
    let values: Vec<f64> = plan
        .iter()
        .chain(&actual)
        .filter_map(|p| number(p.value))
        .collect();
    let (lo, hi) = value_axis(&values);
    let (left, top, right, bottom) = PLOT;
    let step = (right - left) / years.len().max(1) as f32;
    let x = |c: usize| left + step * (c as f32 + 0.5);
    let y = |v: f64| bottom - ((v - lo) / (hi - lo)) as f32 * (bottom - top);
    let xy = |c: usize, v: f64| (x(c), y(v));
    let every = years.len().div_ceil(YEAR_LABELS).max(1);
    let directions: Vec<&Point> = plan.iter().filter(|p| number(p.value).is_none()).collect();
    let mut alt = format!("{}のグラフ。", k.indicator);
    for (name, figures) in rows {
        let said: Vec<String> = years
            .iter()
            .zip(figures)
            .filter(|(_, f)| !f.is_empty() && f.as_str() != "—")
            .map(|(y, f)| format!("{}年度末 {f}", notation.short(*y)))
            .collect();
        let said = if said.is_empty() {
            "なし".to_string()
        } else {
            said.join("、")
        };
        alt.push_str(&format!("{name}：{said}。"));
    }
    let unit = if k.unit.is_empty() {
        String::new()
    } else {
        format!("（{}）", k.unit)
    };
    html! {
        figure.kpi-chart {
            svg viewBox={ "0 0 " (CANVAS.0) " " (CANVAS.1) } role="img" aria-labelledby={ "t-" (id) } {
                title id={ "t-" (id) } { (shown(&alt)) }
                line x1=(left) y1=(bottom) x2=(right) y2=(bottom) stroke=(AXIS_COLOUR) stroke-width="1" {}
                line x1=(left) y1=(top) x2=(left) y2=(bottom) stroke=(AXIS_COLOUR) stroke-width="1" {}
                text x=(left - 6.0) y=(bottom + 4.0) text-anchor="end" font-size="13" fill=(TEXT_COLOUR) { (axis_label(lo)) }
                text x=(left - 6.0) y=(top + 4.0) text-anchor="end" font-size="13" fill=(TEXT_COLOUR) { (axis_label(hi)) }
                text x="4" y="16" font-size="13" fill=(TEXT_COLOUR) { (shown(&unit)) }
                @for (c, yr) in years.iter().enumerate() {
                    line x1=(format!("{:.1}", x(c))) y1=(bottom) x2=(format!("{:.1}", x(c))) y2=(bottom + 4.0) stroke=(AXIS_COLOUR) stroke-width="1" {}
                    @if c % every == 0 {
                        text x=(format!("{:.1}", x(c))) y=(bottom + 20.0) text-anchor="middle" font-size="13" fill=(TEXT_COLOUR) { (notation.short(*yr)) }
                    }
                }
                @if !directions.is_empty() {
                    text x=(left - 6.0) y=(DIRECTION_BAND) text-anchor="end" font-size="13" fill=(PLAN_COLOUR) { "計画" }
                }
                @for p in &directions {
                    text x=(format!("{:.1}", x(p.column))) y=(DIRECTION_BAND) text-anchor="middle" font-size="18" fill=(PLAN_COLOUR) { (if p.value == KpiValue::Down { "↓" } else { "↑" }) }
                }
                @for run in runs(&plan, xy) {
                    polyline points=(run) fill="none" stroke=(PLAN_COLOUR) stroke-width="2" stroke-dasharray="6 4" {}
                }
                @for run in runs(&actual, xy) {
                    polyline points=(run) fill="none" stroke=(ACTUAL_COLOUR) stroke-width="2.5" {}
                }
                @for p in &plan {
                    @if let Some(v) = number(p.value) {
                        rect x=(format!("{:.1}", x(p.column) - 4.0)) y=(format!("{:.1}", y(v) - 4.0)) width="8" height="8" fill="#fff" stroke=(PLAN_COLOUR) stroke-width="2" {}
                    }
                }
                @for p in &actual {
                    @if let Some(v) = number(p.value) {
                        circle cx=(format!("{:.1}", x(p.column))) cy=(format!("{:.1}", y(v))) r="4.5" fill=(ACTUAL_COLOUR) {}
                    }
                }
            }
            figcaption {
                "破線と□：計画　実線と●：実績"
                @if !directions.is_empty() { "　上の↑↓：数値のない計画（目指す向き）" }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_start_at_zero_and_lines_break_at_missing_years() {
        assert_eq!(value_axis(&[38.0, 39.2, 41.0]), (0.0, 50.0));
        assert_eq!(value_axis(&[-5.0, 10.0]).0, -5.0);
        let at = |column, v| Point {
            column,
            value: KpiValue::Number(v),
        };
        let up = Point {
            column: 5,
            value: KpiValue::Up,
        };
        let pts = [at(0, 1.0), at(1, 2.0), at(3, 3.0), at(4, 4.0), up];
        let xy = |c: usize, v: f64| (c as f32, v as f32);
        assert_eq!(runs(&pts, xy), vec!["0.0,1.0 1.0,2.0", "3.0,3.0 4.0,4.0"]);
    }

    #[test]
    fn axis_tops_are_round() {
        assert_eq!(round_up(43.12), 50.0);
        assert_eq!(round_up(2750.0), 3000.0);
        assert_eq!(axis_label(round_up(0.35)), "0.4");
        assert_eq!(axis_label(3000.0), "3,000");
        assert_eq!(axis_label(50.0), "50");
        assert_eq!(axis_label(0.4), "0.4");
        assert_eq!(axis_label(-12000.0), "-12,000");
    }
}
