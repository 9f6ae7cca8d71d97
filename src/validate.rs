//! Validate: the rules that need the whole model — re-listed steps left without a schedule,
//! KPI targets that do not move steadily, and actuals for fiscal years that have not ended by
//! the as-of date. (Rules about single cells
//! are checked where the cell is read, in `normalize`.)

use crate::diagnostic::{Code, Diagnostic, Place};
use crate::fiscal::{self, Date};
use crate::model::{KpiValue, Roadmap};

/// The date a run judges against (`--as-of`, default today).
pub type AsOf = Date;

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
        let rising = numbers.windows(2).all(|w| w[1] > w[0]);
        let falling = numbers.windows(2).all(|w| w[1] < w[0]);
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
                    &fiscal::long(actual.fiscal_year),
                    &actual.written,
                    &as_of_text,
                ],
            ));
        }
    }
    out
}
