//! Validate: the rules that need the whole model — re-listed steps left without a schedule,
//! KPI targets that do not move steadily, and actuals for fiscal years that have not ended by
//! the as-of date. (Rules about single cells
//! are checked where the cell is read, in `normalize`.)

use crate::diagnostic::{Code, Diagnostic, Place};
use crate::fiscal::Date;
use crate::model::{KpiValue, Roadmap};

/// The date a run judges against (`--as-of`, default today).
pub type AsOf = Date;

/// The findings of the whole-model rules, judged on `as_of`: a 再掲 step still without a
/// schedule (`year-end-blank`), `kpi-targets-unsteady` and `kpi-actual-future`.
///
/// ```
/// use koteihyo::diagnostic::Code;
/// use koteihyo::fiscal::Date;
/// use koteihyo::model::{Direction, Kpi, KpiCategory, KpiPoint, KpiValue, Roadmap, Source};
/// let actual = KpiPoint { fiscal_year: 2025, value: KpiValue::Number(19.0),
///     written: "19回".into(), source: Source::default() };
/// let kpi = Kpi { category: KpiCategory::Pillar(3), indicator: "学習会などの数".into(),
///     rationale: String::new(), unit: "回".into(), baseline: None, targets: Vec::new(),
///     actuals: vec![actual], direction: Direction::Unknown, source: Source::default(),
///     cell_notes: Vec::new() };
/// let roadmap = Roadmap { kpis: vec![kpi], ..Roadmap::default() };
/// let codes = |as_of| -> Vec<Code> {
///     koteihyo::validate::validate(&roadmap, as_of).iter().map(|d| d.code).collect()
/// };
/// // 令和7年度 ends on 31 March 2026: its 実績 is early before then.
/// assert_eq!(codes(Date::new(2026, 3, 31).unwrap()), [Code::KpiActualFuture]);
/// assert!(codes(Date::new(2026, 4, 1).unwrap()).is_empty());
/// ```
pub fn validate(roadmap: &Roadmap, as_of: AsOf) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let current = as_of.fiscal_year();
    let as_of_text = as_of.to_string();
    // A 再掲 row of the list layout that left its years blank and found no original to
    // take them from has no schedule at all.
    for (_, step) in roadmap.steps().filter(|(_, s)| s.inherit_schedule) {
        out.push(Diagnostic::new(
            Code::YearEndBlank,
            Place::from(&step.source),
            &[&step.text],
        ));
    }
    for kpi in &roadmap.kpis {
        let numbers: Vec<f64> = kpi
            .targets
            .iter()
            .filter_map(|p| match p.value {
                KpiValue::Number(n) => Some(n),
                _ => None,
            })
            .collect();
        // A target that holds (0件 every year) or pauses a year still moves one way: only
        // one that turns back is likely a slip.
        let rising = numbers.windows(2).all(|w| w[1] >= w[0]);
        let falling = numbers.windows(2).all(|w| w[1] <= w[0]);
        if numbers.len() >= 2 && !rising && !falling {
            let written: Vec<&str> = kpi.targets.iter().map(|p| p.written.as_str()).collect();
            let place = kpi
                .targets
                .first()
                .map(|p| Place::from(&p.source))
                .unwrap_or_else(|| Place::from(&kpi.source));
            out.push(Diagnostic::new(
                Code::KpiTargetsUnsteady,
                place,
                &[&kpi.indicator, &written.join(" → ")],
            ));
        }
        // A fiscal year's actual exists only once the year has ended (31 March).
        for actual in kpi.actuals.iter().filter(|a| a.fiscal_year >= current) {
            out.push(Diagnostic::new(
                Code::KpiActualFuture,
                Place::from(&actual.source),
                &[
                    &kpi.indicator,
                    &roadmap.plan.period.years.long(actual.fiscal_year),
                    &actual.written,
                    &as_of_text,
                ],
            ));
        }
    }
    out
}
