//! 重要業績評価指標 (KPI): 全般 first, then pillar by pillar (the PDF's order); per indicator
//! its wording and rationale, a table of 計画 and 実績 for the baseline year and each plan
//! year (figures exactly as written), and the same figures as an SVG line chart whose text
//! alternative lists them.

use maud::{html, Markup};

use crate::fiscal;
use crate::model::{Kpi, KpiCategory, Roadmap, Section};
use crate::render::kpi_chart::{direction_mark, ChartData, ValueAxis};

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
/// The value axis's grid lines: faint, so the lines and points stay in front.
const GRID_COLOUR: &str = "#dde3ea";

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
    let data = ChartData::of(k, rm.plan.period);
    let years = &data.years;
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
                            @for &y in years { th scope="col" { (rm.plan.period.years.year_end(y)) } }
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
            (chart(k, &id, &data, &rows, rm.plan.period.years))
        }
    }
}

/// The points of `runs`, as SVG polylines (a run of one year is a point, not a line).
fn polylines(runs: &[Vec<(usize, f64)>], xy: impl Fn(usize, f64) -> (f32, f32)) -> Vec<String> {
    runs.iter()
        .filter(|run| run.len() > 1)
        .map(|run| {
            let points: Vec<String> = run
                .iter()
                .map(|&(c, v)| {
                    let (x, y) = xy(c, v);
                    format!("{x:.1},{y:.1}")
                })
                .collect();
            points.join(" ")
        })
        .collect()
}

/// The SVG chart of one indicator, with its text alternative (the figures in words). Its
/// years, value axis, runs and direction marks are progress.pdf's ([`ChartData`]).
fn chart(
    k: &Kpi,
    id: &str,
    data: &ChartData,
    rows: &[(&str, Vec<String>)],
    notation: fiscal::YearNotation,
) -> Markup {
    let years = &data.years;
    // No figure to scale (none, or only zeros): an empty plot from 0 to 1.
    let axis = data.axis.unwrap_or(ValueAxis {
        lo: 0.0,
        hi: 1.0,
        step: 1.0,
    });
    let (left, top, right, bottom) = PLOT;
    let step = (right - left) / years.len().max(1) as f32;
    let x = |c: usize| left + step * (c as f32 + 0.5);
    let y = |v: f64| bottom - axis.share(v) as f32 * (bottom - top);
    let xy = |c: usize, v: f64| (x(c), y(v));
    let every = years.len().div_ceil(YEAR_LABELS).max(1);
    let (plan, actual) = (data.target_runs(), data.actual_runs());
    let directions = data.directions();
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
                @for t in axis.ticks() {
                    line x1=(left) y1=(format!("{:.1}", y(t))) x2=(right) y2=(format!("{:.1}", y(t))) stroke=(GRID_COLOUR) stroke-width="1" {}
                    text x=(left - 6.0) y=(format!("{:.1}", y(t) + 4.0)) text-anchor="end" font-size="13" fill=(TEXT_COLOUR) { (axis.label(t)) }
                }
                line x1=(left) y1=(bottom) x2=(right) y2=(bottom) stroke=(AXIS_COLOUR) stroke-width="1" {}
                line x1=(left) y1=(top) x2=(left) y2=(bottom) stroke=(AXIS_COLOUR) stroke-width="1" {}
                text x="4" y="20" font-size="13" fill=(TEXT_COLOUR) { (shown(&unit)) }
                @for (c, yr) in years.iter().enumerate() {
                    line x1=(format!("{:.1}", x(c))) y1=(bottom) x2=(format!("{:.1}", x(c))) y2=(bottom + 4.0) stroke=(AXIS_COLOUR) stroke-width="1" {}
                    @if c % every == 0 {
                        text x=(format!("{:.1}", x(c))) y=(bottom + 20.0) text-anchor="middle" font-size="13" fill=(TEXT_COLOUR) { (notation.short(*yr)) }
                    }
                }
                @if !directions.is_empty() {
                    text x=(left - 6.0) y=(DIRECTION_BAND) text-anchor="end" font-size="13" fill=(PLAN_COLOUR) { "計画" }
                }
                @for &(c, v) in &directions {
                    text x=(format!("{:.1}", x(c))) y=(DIRECTION_BAND) text-anchor="middle" font-size="18" fill=(PLAN_COLOUR) { (direction_mark(v).0) }
                }
                @for run in polylines(&plan, xy) {
                    polyline points=(run) fill="none" stroke=(PLAN_COLOUR) stroke-width="2" stroke-dasharray="6 4" {}
                }
                @for run in polylines(&actual, xy) {
                    polyline points=(run) fill="none" stroke=(ACTUAL_COLOUR) stroke-width="2.5" {}
                }
                @for &(c, v) in plan.iter().flatten() {
                    rect x=(format!("{:.1}", x(c) - 4.0)) y=(format!("{:.1}", y(v) - 4.0)) width="8" height="8" fill="#fff" stroke=(PLAN_COLOUR) stroke-width="2" {}
                }
                @for &(c, v) in actual.iter().flatten() {
                    circle cx=(format!("{:.1}", x(c))) cy=(format!("{:.1}", y(v))) r="4.5" fill=(ACTUAL_COLOUR) {}
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
    fn a_run_of_one_year_draws_no_line() {
        let xy = |c: usize, v: f64| (c as f32, v as f32);
        let runs = [vec![(0, 1.0), (1, 2.0)], vec![(3, 3.0)]];
        assert_eq!(polylines(&runs, xy), vec!["0.0,1.0 1.0,2.0"]);
    }
}
