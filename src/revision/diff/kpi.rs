//! KPI changes: indicators pair on (category, indicator text); each target or actual whose
//! value differs, appears or disappears is one change. The baseline is one of the actuals,
//! so it is not reported on its own.

use std::collections::{BTreeMap, BTreeSet};

use super::change::{Change, Kind, Order, Scope, Side, KPI_GROUP, KPI_GROUP_TITLE};
use crate::model::{FiscalYear, Kpi, KpiPoint, Roadmap};
use crate::normalize::text::match_key;

/// Adds the KPI changes between `old` and `new` to `out`.
pub(super) fn changes(old: &Roadmap, new: &Roadmap, out: &mut Vec<(Order, Change)>) {
    let key = |k: &Kpi| (k.category, match_key(&k.indicator));
    let mut old_left: Vec<Option<&Kpi>> = old.kpis.iter().map(Some).collect();
    for (n, kpi) in new.kpis.iter().enumerate() {
        let found = old_left
            .iter_mut()
            .find(|k| k.is_some_and(|k| key(k) == key(kpi)))
            .and_then(Option::take);
        match found {
            Some(before) => {
                rationale((old, before), (new, kpi), n, out);
                let years = new.plan.period.years;
                points(
                    (old, before),
                    (new, kpi),
                    (n, years),
                    Kind::KpiTarget,
                    |k| &k.targets,
                    out,
                );
                points(
                    (old, before),
                    (new, kpi),
                    (n, years),
                    Kind::KpiActual,
                    |k| &k.actuals,
                    out,
                );
            }
            None => out.push((order(n, 0), whole(new, kpi, Kind::Added))),
        }
    }
    for (o, kpi) in old_left.into_iter().enumerate() {
        if let Some(kpi) = kpi {
            out.push((order(usize::MAX / 2 + o, 0), whole(old, kpi, Kind::Removed)));
        }
    }
}

fn order(kpi: usize, year: FiscalYear) -> Order {
    let year = usize::try_from(year).unwrap_or(0);
    (u32::MAX, 0, [kpi, year, 0, 0, 0])
}

/// The changed values of one series, each KPI with the roadmap it is in; `n` is the KPI's
/// place, `years` how the plan prints its years (`notation`).
fn points(
    (old_rm, old): (&Roadmap, &Kpi),
    (new_rm, new): (&Roadmap, &Kpi),
    (n, notation): (usize, crate::fiscal::YearNotation),
    kind: Kind,
    of: fn(&Kpi) -> &Vec<KpiPoint>,
    out: &mut Vec<(Order, Change)>,
) {
    let by_year = |k: &Kpi| -> BTreeMap<FiscalYear, KpiPoint> {
        of(k).iter().map(|p| (p.fiscal_year, p.clone())).collect()
    };
    let (a, b) = (by_year(old), by_year(new));
    let years: BTreeSet<FiscalYear> = a.keys().chain(b.keys()).copied().collect();
    for year in years {
        let (pa, pb) = (a.get(&year), b.get(&year));
        if let (Some(x), Some(y)) = (pa, pb) {
            if x.value == y.value {
                continue;
            }
        }
        let side = |rm: &Roadmap, k: &Kpi, p: &KpiPoint| Side {
            text: p.shown(&k.unit),
            span: notation.year_end(year),
            ..base(rm, k)
        };
        out.push((
            order(n, year),
            Change {
                kind,
                scope: Scope::Kpi,
                group: KPI_GROUP.to_string(),
                group_title: KPI_GROUP_TITLE.to_string(),
                old: pa.map(|p| side(old_rm, old, p)),
                new: pb.map(|p| side(new_rm, new, p)),
            },
        ));
    }
}

/// A change of the KPI's 指標の考え方, when it changed (each KPI with its roadmap).
fn rationale(
    (old, before): (&Roadmap, &Kpi),
    (new, kpi): (&Roadmap, &Kpi),
    n: usize,
    out: &mut Vec<(Order, Change)>,
) {
    if before.rationale == kpi.rationale {
        return;
    }
    let side = |rm: &Roadmap, k: &Kpi| Side {
        text: k.rationale.clone(),
        ..base(rm, k)
    };
    let mut change = whole(new, kpi, Kind::KpiRationale);
    change.old = Some(side(old, before));
    change.new = Some(side(new, kpi));
    out.push((order(n, 0), change));
}

/// A KPI's side of a change: its 区分 as its plan labels it (`全般`, `(1)①`, `1-2`) and
/// its indicator.
fn base(rm: &Roadmap, k: &Kpi) -> Side {
    Side {
        place: rm.category_label(k.category),
        item: k.indicator.clone(),
        ..Side::default()
    }
}

fn whole(rm: &Roadmap, k: &Kpi, kind: Kind) -> Change {
    let side = base(rm, k);
    let (old, new) = match kind {
        Kind::Removed => (Some(side), None),
        _ => (None, Some(side)),
    };
    Change {
        kind,
        scope: Scope::Kpi,
        group: KPI_GROUP.to_string(),
        group_title: KPI_GROUP_TITLE.to_string(),
        old,
        new,
    }
}
