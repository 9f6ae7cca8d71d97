//! progress.pdf's KPI charts read as a council member reads them (#26): the value axis from
//! zero in round ticks, every fiscal year on the axis and a gap where a year has no figure,
//! a 「↑」 target drawn as a direction (not a point), no label over another when plan and
//! result are close, and the published baseline kept as the baseline.

use koteihyo::fiscal::Date;
use koteihyo::model::{FiscalYear, KpiPoint, KpiValue, Roadmap, Source};
use koteihyo::render::pdf::ctx::{BAR, MUTED};
use koteihyo::render::pdf::document::{Document, Item, Page, Text};
use koteihyo::render::pdf::progress;
use koteihyo::render::pdf::progress_kpi::{BASELINE, PLAN};
use koteihyo::render::pdf::PdfOptions;

fn point(fiscal_year: FiscalYear, value: f64, written: &str) -> KpiPoint {
    KpiPoint {
        fiscal_year,
        value: KpiValue::Number(value),
        written: written.to_string(),
        source: Source::default(),
    }
}

/// The fixture's three indicators, reported for R7: 全般 with only 「↑」 targets over a
/// 39.2% baseline; (1) over 14 years (narrow slots) with an R7 result just under its plan;
/// (2) with no R8 target and none after R9, and an R6 actual entered after the published R5
/// baseline.
fn roadmap() -> Roadmap {
    let mut rm = crate::pdf_tagged_progress::with_progress();
    let close = &mut rm.kpis[1];
    close.actuals.push(point(2025, 1290.0, "1,290種類"));
    let gaps = &mut rm.kpis[2];
    gaps.targets
        .retain(|p| p.fiscal_year == 2025 || p.fiscal_year == 2027);
    gaps.actuals.push(point(2024, 900.0, "900時間"));
    rm
}

fn document(rm: &Roadmap) -> Document {
    let options = PdfOptions {
        issued: Date::new(2026, 6, 1),
        ..Default::default()
    };
    progress::layout(rm, &options).expect("progress").output
}

/// One indicator's block on its page: what lies between its heading and the next one.
struct Chart<'a> {
    page: &'a Page,
    items: Vec<&'a Item>,
}

fn texts<'a>(items: &[&'a Item]) -> Vec<&'a Text> {
    items
        .iter()
        .filter_map(|i| match i {
            Item::Text(t) => Some(t),
            _ => None,
        })
        .collect()
}

/// The block of the indicator named `name`.
fn chart<'a>(d: &'a Document, name: &str) -> Chart<'a> {
    for page in &d.pages {
        let top = |i: &Item| match i {
            Item::Text(t) => Some(t.baseline),
            _ => None,
        };
        let headings: Vec<f32> = page
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text(t) if t.text.starts_with('【') => Some(t.baseline),
                _ => None,
            })
            .collect();
        let Some(own) = page.items.iter().find_map(|i| match i {
            Item::Text(t) if t.text.starts_with('【') && t.text.contains(name) => Some(t.baseline),
            _ => None,
        }) else {
            continue;
        };
        let next = headings
            .iter()
            .copied()
            .filter(|&h| h > own)
            .fold(f32::MAX, f32::min);
        let within = |y: f32| y > own && y < next && y < 560.0;
        let items = page
            .items
            .iter()
            .filter(|i| match i {
                Item::Rect(r) => within(r.y),
                Item::Line(l) => l.points.iter().all(|p| within(p.1)),
                Item::Ellipse(e) => within(e.cy),
                _ => top(i).is_some_and(within),
            })
            .collect();
        return Chart { page, items };
    }
    panic!("no chart of {name}");
}

/// The tick labels: the scale's figures, printed in the muted colour left of the plot.
fn ticks(c: &Chart) -> Vec<f64> {
    let mut t: Vec<(f32, f64)> = texts(&c.items)
        .into_iter()
        .filter(|t| t.color == MUTED && t.node.is_none() && t.size == 7.0)
        .filter_map(|t| Some((t.baseline, t.text.replace(',', "").parse().ok()?)))
        .collect();
    t.sort_by(|a, b| b.0.total_cmp(&a.0));
    t.into_iter().map(|(_, v)| v).collect()
}

/// The year labels under the plot, left to right, with their centres.
fn years(c: &Chart) -> Vec<(String, f32)> {
    let mut y: Vec<(String, f32)> = texts(&c.items)
        .into_iter()
        .filter(|t| t.node.is_none() && t.text.starts_with('R') && t.color != PLAN)
        .map(|t| {
            let year = t.text.split('（').next().unwrap_or_default().to_string();
            (year, t.x + t.width / 2.0)
        })
        .collect();
    y.sort_by(|a, b| a.1.total_cmp(&b.1));
    y
}

fn is_round_step(step: f64) -> bool {
    let magnitude = 10f64.powf(step.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .any(|m| (step / magnitude - m).abs() < 1e-6)
}

/// Every chart's scale starts at 0 and climbs in one round step (1, 2 or 5 × 10ⁿ) to above
/// its highest figure: no 19.6 / 39.2.
#[test]
fn value_axes_start_at_zero_in_round_steps() {
    let rm = roadmap();
    let d = document(&rm);
    for k in &rm.kpis {
        let t = ticks(&chart(&d, &k.indicator));
        assert!(t.len() >= 3, "{}: ticks {t:?}", k.indicator);
        assert_eq!(t[0], 0.0, "{}: the axis starts at 0: {t:?}", k.indicator);
        let step = t[1] - t[0];
        assert!(is_round_step(step), "{}: step {step} in {t:?}", k.indicator);
        for w in t.windows(2) {
            assert!((w[1] - w[0] - step).abs() < 1e-6, "{}: {t:?}", k.indicator);
        }
        let highest = k
            .targets
            .iter()
            .chain(&k.actuals)
            .filter_map(|p| match p.value {
                KpiValue::Number(n) => Some(n),
                _ => None,
            })
            .fold(0.0, f64::max);
        assert!(t[t.len() - 1] >= highest, "{}: {t:?}", k.indicator);
    }
}

/// The year axis has every fiscal year from the published baseline's to the plan's last,
/// also those without a figure (R6, R8, R10, R11 of (2)); the plan line does not cross the
/// missing R8 but stops (a gap).
#[test]
fn every_year_is_on_the_axis_and_missing_ones_are_gaps() {
    let rm = roadmap();
    let d = document(&rm);
    let gaps = &rm.kpis[2];
    let c = chart(&d, &gaps.indicator);
    let y = years(&c);
    let names: Vec<&str> = y.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["R5", "R6", "R7", "R8", "R9", "R10", "R11"]);
    let slot = y[1].1 - y[0].1;
    let plan_lines: Vec<f32> = c
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Line(l) if l.stroke.color == PLAN => {
                Some(l.points.iter().map(|p| p.0).fold(f32::MIN, f32::max) - l.points[0].0)
            }
            _ => None,
        })
        .collect();
    assert!(
        plan_lines.iter().all(|w| *w <= slot * 1.01),
        "a plan line spans a year without a target: {plan_lines:?} (slot {slot})"
    );
    // The published R5 baseline stays the baseline (grey); the later R6 actual is an actual.
    let bars: Vec<(f32, _)> = c
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Rect(r) if r.fill == Some(BASELINE) || r.fill == Some(BAR) => {
                Some((r.x + r.w / 2.0, r.fill))
            }
            _ => None,
        })
        .collect();
    let at = |year: usize| {
        bars.iter()
            .find(|(x, _)| (x - y[year].1).abs() < 1.0)
            .map(|b| b.1)
    };
    assert_eq!(at(0), Some(Some(BASELINE)), "R5: {bars:?}");
    assert_eq!(at(1), Some(Some(BAR)), "R6: {bars:?}");
}

/// A 「↑」 target is drawn as an arrow with its word in its year, never as a point of the
/// plan line at some height.
#[test]
fn a_direction_target_is_drawn_as_a_direction() {
    let rm = roadmap();
    let d = document(&rm);
    let c = chart(&d, &rm.kpis[0].indicator);
    let arrows = texts(&c.items)
        .into_iter()
        .filter(|t| t.text == "↑" && t.color == PLAN)
        .count();
    assert_eq!(arrows, 5, "an arrow for each of R7–R11");
    let words = texts(&c.items)
        .into_iter()
        .filter(|t| t.text == "増加")
        .count();
    assert_eq!(words, 5, "each arrow with its word");
    // The plot spans the ticks' baselines (the legend's sample point is above it).
    let spans: Vec<f32> = texts(&c.items)
        .into_iter()
        .filter(|t| t.color == MUTED && t.size == 7.0)
        .map(|t| t.baseline)
        .collect();
    let (top, bottom) = (
        spans.iter().copied().fold(f32::MAX, f32::min) - 5.0,
        spans.iter().copied().fold(f32::MIN, f32::max),
    );
    assert!(spans.len() >= 3, "a scale");
    let points = c
        .items
        .iter()
        .filter(|i| {
            matches!(i, Item::Ellipse(e) if e.fill == Some(PLAN) && e.cy > top && e.cy < bottom)
        })
        .count();
    assert_eq!(points, 0, "no plan point for a direction");
}

/// No two texts of a KPI page overlap: the R7 result 1,290種類 just under its plan of
/// 1,300種類, on a chart of 14 narrow years, is printed clear of the plan's label.
#[test]
fn labels_never_overlap_when_plan_and_result_are_close() {
    let rm = roadmap();
    let d = document(&rm);
    let c = chart(&d, &rm.kpis[1].indicator);
    let labels: Vec<&Text> = texts(&c.items)
        .into_iter()
        .filter(|t| t.node.is_none())
        .collect();
    assert!(
        labels.iter().any(|t| t.text == "1,290種類"),
        "result labelled"
    );
    assert!(
        labels.iter().any(|t| t.text == "1,300種類"),
        "plan labelled"
    );
    // Kept to be looked at (target/tmp), as the published roadmap's progress.pdf is.
    let bytes = progress::render(&rm, &PdfOptions::default())
        .expect("render")
        .expect("progress")
        .output;
    let kept = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("progress_kpi_charts.pdf");
    std::fs::write(kept, bytes).expect("keep the fixture's progress.pdf");
    for page in d.pages.iter().filter(|p| std::ptr::eq(*p, c.page)) {
        let all = texts(&page.items.iter().collect::<Vec<_>>());
        let boxes: Vec<(&str, [f32; 4])> = all
            .iter()
            .filter(|t| t.node.is_none())
            .map(|t| {
                let bottom = t.baseline + 0.12 * t.size;
                (t.text.as_str(), [t.x, t.top(), t.x + t.width, bottom])
            })
            .collect();
        let mut meeting = Vec::new();
        for (i, (a, p)) in boxes.iter().enumerate() {
            for (b, q) in &boxes[i + 1..] {
                let meet = p[0] < q[2] - 0.01
                    && q[0] < p[2] - 0.01
                    && p[1] < q[3] - 0.01
                    && q[1] < p[3] - 0.01;
                if meet {
                    meeting.push(format!("{a:?} {p:?} overlaps {b:?} {q:?}"));
                }
            }
        }
        assert!(meeting.is_empty(), "{meeting:#?}");
    }
}
