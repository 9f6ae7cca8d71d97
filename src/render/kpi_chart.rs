//! A KPI chart as plain data, the rules every edition that draws one shares: the years on
//! its axis ([`Kpi::chart_years`]: every fiscal year from the baseline's to the plan's last,
//! a year without a figure a gap), the value axis (from zero, round 1-2-5 ticks), the runs of
//! the plan line (broken where a year has no figure), and a direction-only target (「↑」,
//! 「↓」) as a direction with its word, never as a point at a height it does not have.
//!
//! The baseline is the published 現状値 ([`Kpi::baseline`], fixed when the plan is read): an
//! actual entered later for a later year is drawn as an actual.

use crate::model::{FiscalYear, Kpi, KpiValue};

/// The value axis: from `lo` (zero, or a round number below the lowest figure when one is
/// negative) to `hi` (a round number with room above the highest figure for its label), in
/// ticks `step` apart, `step` being 1, 2 or 5 times a power of ten.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ValueAxis {
    /// The axis's bottom: 0 unless a figure is below zero.
    pub lo: f64,
    /// The axis's top: a whole number of steps above `lo`.
    pub hi: f64,
    /// The distance between ticks.
    pub step: f64,
}

/// Room above the highest figure, as a share of it, so the label above it stays in the plot.
const HEADROOM: f64 = 1.1;
/// The most intervals between ticks the axis is cut into (at least half as many are used).
const INTERVALS: f64 = 5.0;

impl ValueAxis {
    /// The axis for `values` (non-finite ones ignored), or `None` when there is nothing to
    /// scale: no figure, or none but zeros.
    ///
    /// ```
    /// use koteihyo::render::kpi_chart::ValueAxis;
    /// let a = ValueAxis::of(&[40.0, 39.2]).unwrap();
    /// assert_eq!((a.lo, a.hi, a.step), (0.0, 50.0, 10.0));
    /// assert_eq!(a.ticks(), [0.0, 10.0, 20.0, 30.0, 40.0, 50.0]);
    /// let b = ValueAxis::of(&[908.0, 2500.0]).unwrap();
    /// assert_eq!((b.lo, b.hi, b.step), (0.0, 3000.0, 1000.0));
    /// ```
    pub fn of(values: &[f64]) -> Option<ValueAxis> {
        let finite = || values.iter().copied().filter(|v| v.is_finite());
        let lo = finite().fold(0.0_f64, f64::min);
        let max = finite().fold(0.0_f64, f64::max);
        if lo == 0.0 && max == 0.0 {
            return None;
        }
        let step = nice_step((max * HEADROOM - lo) / INTERVALS)?;
        let lo = (lo / step).floor() * step;
        let hi = ((max * HEADROOM) / step).ceil() * step;
        let hi = if hi > lo { hi } else { lo + step };
        (lo.is_finite() && hi.is_finite()).then_some(ValueAxis { lo, hi, step })
    }

    /// The tick values from `lo` to `hi` (at most a few dozen, whatever the figures).
    pub fn ticks(&self) -> Vec<f64> {
        let n = ((self.hi - self.lo) / self.step).round().clamp(0.0, 40.0) as usize;
        // Each tick from `lo` by multiplication, rounded to the step's decimals, so that
        // 0.1 + 0.2 does not print as 0.30000000000000004.
        let places = self.decimals() as i32;
        let scale = 10f64.powi(places);
        (0..=n)
            .map(|i| ((self.lo + self.step * i as f64) * scale).round() / scale + 0.0)
            .collect()
    }

    /// Where `v` falls on the axis: 0.0 at `lo`, 1.0 at `hi`.
    pub fn share(&self, v: f64) -> f64 {
        (v - self.lo) / (self.hi - self.lo)
    }

    /// The decimals a tick needs to be printed exactly: 0 for steps of 1 or more.
    pub fn decimals(&self) -> usize {
        // (A hair under, so that a step of 0.1 computed as 0.09999… still gives one.)
        (-self.step.log10() - 1e-6).ceil().clamp(0.0, 10.0) as usize
    }

    /// A tick as printed: digits grouped, as many decimals as the step has.
    ///
    /// ```
    /// use koteihyo::render::kpi_chart::ValueAxis;
    /// let a = ValueAxis::of(&[2500.0]).unwrap();
    /// assert_eq!(a.label(3000.0), "3,000");
    /// let b = ValueAxis::of(&[0.35]).unwrap();
    /// assert_eq!(b.ticks().iter().map(|&t| b.label(t)).collect::<Vec<_>>(),
    ///     ["0.0", "0.1", "0.2", "0.3", "0.4"]);
    /// ```
    pub fn label(&self, v: f64) -> String {
        let places = self.decimals();
        let text = format!("{:.*}", places, v.abs());
        let sign = if text.chars().any(|c| matches!(c, '1'..='9')) && v < 0.0 {
            "-"
        } else {
            ""
        };
        let (whole, fraction) = match text.split_once('.') {
            Some((w, f)) => (w, Some(f)),
            None => (text.as_str(), None),
        };
        let whole = whole.parse::<f64>().map_or_else(
            |_| whole.to_string(),
            |w| crate::model::group_digits(w + 0.0),
        );
        match fraction {
            Some(f) => format!("{sign}{whole}.{f}"),
            None => format!("{sign}{whole}"),
        }
    }
}

/// The least of 1, 2, 5 × 10ⁿ at or above `raw` (`None` when `raw` is not a positive
/// finite number).
fn nice_step(raw: f64) -> Option<f64> {
    if !(raw.is_finite() && raw > 0.0) {
        return None;
    }
    let magnitude = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|&s| s >= raw * (1.0 - 1e-9))
        .filter(|s| s.is_finite() && *s > 0.0)
}

/// An indicator's figures in its chart: the years on the axis, and per year its target and
/// its actual (the published baseline's in its year), `None` where the year has none.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartData {
    /// Every fiscal year on the axis, none skipped ([`Kpi::chart_years`]).
    pub years: Vec<FiscalYear>,
    /// The target of each year in `years`: a figure, a direction, or none.
    pub targets: Vec<Option<KpiValue>>,
    /// The actual of each year in `years` (the baseline in its year), a figure or none.
    pub actuals: Vec<Option<f64>>,
    /// The index in `years` of the published baseline's year.
    pub baseline: Option<usize>,
    /// The value axis over every figure drawn; `None` when there is no figure to draw.
    pub axis: Option<ValueAxis>,
}

impl ChartData {
    /// The chart of `k` over the plan period.
    pub fn of(k: &Kpi, period: crate::model::Period) -> ChartData {
        let years = k.chart_years(period);
        let value = |points: &[crate::model::KpiPoint], y: FiscalYear| {
            crate::model::point_in(points, y).map(|p| p.value)
        };
        let base = k.baseline.as_ref();
        let targets: Vec<Option<KpiValue>> = years.iter().map(|&y| value(&k.targets, y)).collect();
        let actuals: Vec<Option<f64>> = years
            .iter()
            .map(|&y| {
                value(&k.actuals, y)
                    .or_else(|| base.filter(|b| b.fiscal_year == y).map(|b| b.value))
                    .and_then(|v| v.figure())
            })
            .collect();
        let figures: Vec<f64> = targets
            .iter()
            .filter_map(|t| t.and_then(|v| v.figure()))
            .chain(actuals.iter().flatten().copied())
            .collect();
        ChartData {
            baseline: base.and_then(|b| years.iter().position(|&y| y == b.fiscal_year)),
            axis: ValueAxis::of(&figures),
            years,
            targets,
            actuals,
        }
    }

    /// The plan line's runs: consecutive years with a numeric target, as (index, figure);
    /// a year without one (or with only a direction) breaks the line.
    pub fn target_runs(&self) -> Vec<Vec<(usize, f64)>> {
        runs(self.targets.iter().map(|t| t.and_then(|v| v.figure())))
    }

    /// The actual line's runs, as [`ChartData::target_runs`]: a year without an actual breaks
    /// it, so the line never crosses a year nobody reported.
    ///
    /// ```
    /// use koteihyo::render::kpi_chart::ChartData;
    /// let data = ChartData {
    ///     years: vec![2022, 2023, 2024, 2025],
    ///     targets: vec![None; 4],
    ///     actuals: vec![Some(1.0), Some(2.0), None, Some(4.0)],
    ///     baseline: Some(0),
    ///     axis: None,
    /// };
    /// assert_eq!(data.actual_runs(), [vec![(0, 1.0), (1, 2.0)], vec![(3, 4.0)]]);
    /// ```
    pub fn actual_runs(&self) -> Vec<Vec<(usize, f64)>> {
        runs(self.actuals.iter().copied())
    }

    /// The years whose target is a direction only, with the direction.
    pub fn directions(&self) -> Vec<(usize, KpiValue)> {
        self.targets
            .iter()
            .enumerate()
            .filter_map(|(i, t)| t.filter(|v| v.figure().is_none()).map(|v| (i, v)))
            .collect()
    }
}

/// The runs of consecutive years with a figure, as (index in the years, figure).
fn runs(figures: impl Iterator<Item = Option<f64>>) -> Vec<Vec<(usize, f64)>> {
    let mut runs: Vec<Vec<(usize, f64)>> = Vec::new();
    let mut open = false;
    for (i, figure) in figures.enumerate() {
        match figure {
            Some(v) if open => runs.last_mut().into_iter().for_each(|r| r.push((i, v))),
            Some(v) => {
                runs.push(vec![(i, v)]);
                open = true;
            }
            None => open = false,
        }
    }
    runs
}

/// A direction-only target as drawn: its arrow and its word.
pub fn direction_mark(v: KpiValue) -> (&'static str, &'static str) {
    match v {
        KpiValue::Down => ("↓", "減少"),
        _ => ("↑", "増加"),
    }
}

/// The legend's entry for direction-only targets.
pub const DIRECTION_LEGEND: &str = "↑↓ 数値のない計画（目指す向き）";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_start_at_zero_with_round_ticks() {
        let a = ValueAxis::of(&[40.0, 39.2]).expect("axis");
        assert_eq!(a.lo, 0.0);
        assert!(a.ticks().iter().all(|t| t % 10.0 == 0.0));
        let neg = ValueAxis::of(&[-5.0, 10.0]).expect("axis");
        assert_eq!((neg.lo, neg.hi, neg.step), (-5.0, 15.0, 5.0));
        assert_eq!(ValueAxis::of(&[0.0]), None);
        assert_eq!(ValueAxis::of(&[]), None);
        assert_eq!(ValueAxis::of(&[f64::MAX, -f64::MAX]), None);
        let tiny = ValueAxis::of(&[0.035]).expect("axis");
        assert_eq!(tiny.label(tiny.hi), "0.04");
        assert_eq!(neg.label(-5.0), "-5");
        let halves = ValueAxis::of(&[-0.5, 1.0]).expect("axis");
        assert_eq!(halves.label(-0.5), "-0.5");
        assert!(ValueAxis::of(&[1e300]).is_some_and(|a| a.ticks().len() <= 41));
    }

    #[test]
    fn nice_steps_are_one_two_five() {
        assert_eq!(nice_step(8.6), Some(10.0));
        assert_eq!(nice_step(1.5), Some(2.0));
        assert_eq!(nice_step(0.3), Some(0.5));
        assert_eq!(nice_step(0.0), None);
    }
}
