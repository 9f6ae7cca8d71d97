//! The judgement of a KPI (進捗率 and 状況): one rule for every edition. kpi.xlsx writes it
//! as formulas (and caches what this computes), progress.pdf prints it beside each
//! indicator's figures.
//!
//! 進捗率 = (latest actual − baseline) ÷ (that year's target − baseline); 順調 from 100%,
//! 要注意 from the caution rate ([`CAUTION_RATE`]), 未達 below. A direction-only indicator
//! (every target 「↑」 or 「↓」) is rated by its change from the previous actual.

use crate::model::{point_in, FiscalYear, Kpi, KpiValue, Period};

/// The lowest progress rate still rated 要注意 rather than 未達, unless told otherwise.
pub const CAUTION_RATE: f64 = 0.5;

/// The fiscal years an indicator is rated over: the plan's (at least one, so that ranges
/// stay valid on a broken period).
pub fn rated_years(p: Period) -> Vec<FiscalYear> {
    // A sane bound: a period is five years; a garbled one must not make thousands of columns.
    let last = p.last.min(p.first + 30);
    let years: Vec<FiscalYear> = (p.first..=last).collect();
    if years.is_empty() {
        vec![p.first]
    } else {
        years
    }
}

/// An indicator's judgement: its rate, the year rated, and the status the rate earns.
#[derive(Debug, Clone, PartialEq)]
pub struct Judgement {
    /// 進捗率 (or the change, for a direction-only indicator).
    pub rate: Rate,
    /// The fiscal year whose actual was rated.
    pub year: Option<FiscalYear>,
    /// 順調, 要注意, 未達, 実績なし or 評価不可.
    pub status: &'static str,
    /// `Some(±1.0)` for a direction-only indicator.
    pub direction: Option<f64>,
}

/// Judges `kpi` over the plan period's years with the given caution rate; an actual entered
/// later for the year before the plan counts as the previous actual, as in kpi.xlsx.
pub fn judge(kpi: &Kpi, period: Period, caution: f64) -> Judgement {
    let mut years = rated_years(period);
    let before = period.first - 1;
    let rated_from = usize::from(later_actual(kpi, before));
    if rated_from > 0 {
        years.insert(0, before);
    }
    let (rate, i) = evaluate(kpi, &years, rated_from);
    let direction = direction_only(kpi);
    Judgement {
        status: status(&rate, direction, caution),
        year: i.and_then(|i| years.get(i).copied()),
        rate,
        direction,
    }
}

/// What a rate cell holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Rate {
    /// The progress rate (a share: 1.0 is the target met), or for a direction-only
    /// indicator the change from the previous actual.
    Number(f64),
    /// No actual in the plan period (実績なし).
    NoActual,
    /// Actuals but nothing to measure them against (評価不可).
    NotRated,
}

/// The rate and status of an indicator with no actual in the plan period.
pub const NO_ACTUAL: &str = "実績なし";
/// A rate that cannot be worked out.
pub const NOT_RATED: &str = "—";
/// The status of an indicator with actuals but nothing to measure them against.
pub const STATUS_NOT_RATED: &str = "評価不可";

/// Which way a target-less (↑ / ↓ only) indicator should move.
pub fn direction_only(kpi: &Kpi) -> Option<f64> {
    if kpi.targets.is_empty() {
        return None;
    }
    if kpi.targets.iter().all(|t| t.value == KpiValue::Up) {
        Some(1.0)
    } else if kpi.targets.iter().all(|t| t.value == KpiValue::Down) {
        Some(-1.0)
    } else {
        None
    }
}

/// Is there an actual for `year` entered after the plan was published: one that is not the
/// published baseline (which stays the baseline)?
pub fn later_actual(kpi: &Kpi, year: FiscalYear) -> bool {
    let base = kpi.baseline.as_ref().map(|b| b.fiscal_year);
    base != Some(year) && point_in(&kpi.actuals, year).is_some()
}

/// The rate and the index of the rated year (an index into `years`, rated from `rated_from`
/// on: a later actual of the year before the plan counts as the previous actual but is not
/// rated against a target), computed exactly as kpi.xlsx's 進捗率 formula does, to be cached
/// with it; progress.pdf prints it.
pub fn evaluate(kpi: &Kpi, years: &[FiscalYear], rated_from: usize) -> (Rate, Option<usize>) {
    let actuals: Vec<Option<f64>> = years
        .iter()
        .map(|y| point_in(&kpi.actuals, *y).and_then(|p| p.value.figure()))
        .collect();
    let targets: Vec<Option<f64>> = years
        .iter()
        .map(|y| point_in(&kpi.targets, *y).and_then(|p| p.value.figure()))
        .collect();
    let base = kpi.baseline.as_ref().and_then(|b| b.value.figure());
    let Some(last) = actuals
        .iter()
        .rposition(Option::is_some)
        .filter(|&i| i >= rated_from)
    else {
        return (Rate::NoActual, None);
    };
    if direction_only(kpi).is_some() {
        // Change from the previous actual, the baseline counting as the first one.
        let series: Vec<Option<f64>> = std::iter::once(base)
            .chain(actuals.iter().copied())
            .collect();
        let latest = actuals[last];
        let previous = series[..last + 1].iter().rev().find_map(|v| *v);
        return match (latest, previous) {
            (Some(l), Some(p)) => (Rate::Number(l - p), Some(last)),
            _ => (Rate::NoActual, Some(last)),
        };
    }
    let Some(i) = (rated_from..years.len())
        .rev()
        .find(|&i| actuals[i].is_some() && targets[i].is_some())
    else {
        return (Rate::NotRated, None);
    };
    match (actuals[i], targets[i], base) {
        (Some(a), Some(t), Some(b)) if t != b => (Rate::Number((a - b) / (t - b)), Some(i)),
        _ => (Rate::NotRated, Some(i)),
    }
}

/// The status a rate earns, as the status formula gives it.
pub fn status(rate: &Rate, direction: Option<f64>, caution: f64) -> &'static str {
    match (rate, direction) {
        (Rate::NoActual, _) => NO_ACTUAL,
        (Rate::NotRated, _) => STATUS_NOT_RATED,
        (Rate::Number(r), Some(d)) => {
            let r = r * d;
            if r > 0.0 {
                "順調"
            } else if r == 0.0 {
                "要注意"
            } else {
                "未達"
            }
        }
        (Rate::Number(r), None) => {
            if *r >= 1.0 {
                "順調"
            } else if *r >= caution {
                "要注意"
            } else {
                "未達"
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Direction, KpiCategory, KpiPoint, Source};

    fn pt(y: FiscalYear, v: KpiValue) -> KpiPoint {
        KpiPoint {
            fiscal_year: y,
            value: v,
            written: String::new(),
            source: Source::default(),
        }
    }

    fn kpi(base: f64, targets: &[f64], actuals: &[(FiscalYear, f64)]) -> Kpi {
        Kpi {
            category: KpiCategory::General,
            indicator: "x".into(),
            rationale: String::new(),
            unit: "種類".into(),
            baseline: Some(pt(2023, KpiValue::Number(base))),
            targets: targets
                .iter()
                .enumerate()
                .map(|(i, v)| pt(2025 + i as i32, KpiValue::Number(*v)))
                .collect(),
            actuals: actuals
                .iter()
                .map(|(y, v)| pt(*y, KpiValue::Number(*v)))
                .collect(),
            direction: Direction::Unknown,
            source: Source::default(),
            cell_notes: Vec::new(),
        }
    }

    const YEARS: [FiscalYear; 5] = [2025, 2026, 2027, 2028, 2029];

    #[test]
    fn rate_is_measured_from_the_baseline() {
        let k = kpi(908.0, &[1300.0, 1600.0], &[(2025, 1104.0)]);
        assert_eq!(evaluate(&k, &YEARS, 0), (Rate::Number(0.5), Some(0)));
        assert_eq!(status(&Rate::Number(0.5), None, 0.5), "要注意");
    }

    #[test]
    fn decreasing_target() {
        let k = kpi(
            15000.0,
            &[14000.0, 13000.0],
            &[(2025, 14200.0), (2026, 12800.0)],
        );
        let (r, y) = evaluate(&k, &YEARS, 0);
        assert_eq!(y, Some(1));
        match r {
            Rate::Number(v) => assert!((v - 1.1).abs() < 1e-12),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn no_actual_and_no_target() {
        let k = kpi(5.0, &[6.0], &[]);
        assert_eq!(evaluate(&k, &YEARS, 0).0, Rate::NoActual);
        let k = kpi(5.0, &[6.0], &[(2027, 9.0)]);
        assert_eq!(evaluate(&k, &YEARS, 0).0, Rate::NotRated);
        let k = kpi(6.0, &[6.0], &[(2025, 9.0)]);
        assert_eq!(evaluate(&k, &YEARS, 0).0, Rate::NotRated);
    }

    #[test]
    fn up_only_rates_the_change() {
        let mut k = kpi(39.2, &[], &[(2025, 41.0)]);
        k.targets = YEARS.iter().map(|y| pt(*y, KpiValue::Up)).collect();
        let (r, _) = evaluate(&k, &YEARS, 0);
        match r {
            Rate::Number(v) => assert!((v - 1.8).abs() < 1e-9),
            other => panic!("{other:?}"),
        }
        assert_eq!(status(&r, Some(1.0), 0.5), "順調");
        k.actuals.clear();
        assert_eq!(evaluate(&k, &YEARS, 0).0, Rate::NoActual);
    }
}
