//! The KPI sheet: one row per indicator and 種別 (計画 / 実績), year columns of 年度末 values.

use super::cells::{by_col, rows, SheetView};
use super::entry::{ignored, non_blank, year_error};
use super::header::{Field, Header};
use super::kpi_value::{parse_kpi_value, KpiCell};
use super::text::{header_key, parse_pillar_ref, FrameRef};
use super::year::YearText;
use crate::diagnostic::{Code, Diagnostic};
use crate::ingest::Value;
use crate::model::{Direction, Kpi, KpiCategory, KpiPoint, KpiValue, Period, Pillar, Source};

pub fn read(
    view: &SheetView<'_>,
    header: &Header,
    pillars: &[Pillar],
    period: &Period,
    out: &mut Vec<Diagnostic>,
) -> Vec<Kpi> {
    let mut kpis: Vec<Kpi> = Vec::new();
    let mut years = Vec::new();
    for y in &header.years {
        match y.year {
            YearText::Year { year } | YearText::Lead { year } => years.push((y.col, year, y)),
            YearText::Continuing => out.push(year_error(
                &super::year::YearError::Unparseable,
                &y.written,
                view.place(header.row, y.col),
            )),
        }
    }
    let mut category: Option<KpiCategory> = None;
    // The current 区分 was written but is unknown: already an error, its rows are not read.
    let mut category_unknown = false;
    let mut indicator: Option<(String, Source)> = None;
    let mut rationale = String::new();
    let mut unit = String::new();
    for (row, cells) in rows(&view.sheet.cells) {
        if row <= header.row {
            continue;
        }
        let at = by_col(cells);
        let text_of = |f: Field, out: &mut Vec<Diagnostic>| {
            let col = header.col(f)?;
            let cell = at.get(&col)?;
            non_blank(view.text(cell, out)).map(|t| (t.trim().to_string(), view.place(row, col)))
        };
        let cat = text_of(Field::Category, out);
        let ind = text_of(Field::Indicator, out);
        let rat = text_of(Field::Rationale, out);
        let uni = text_of(Field::Unit, out);
        let kind = text_of(Field::Kind, out);
        if let Some((c, place)) = cat {
            category = category_of(&c, pillars);
            category_unknown = category.is_none();
            if category_unknown {
                out.push(Diagnostic::new(Code::KpiCategoryUnknown, place, &[&c]));
            }
        }
        if let Some((i, _)) = ind {
            // A new indicator: its rationale and unit start blank.
            indicator = Some((
                i,
                Source::new(
                    view.file,
                    &view.sheet.name,
                    row,
                    header.col(Field::Indicator).unwrap_or(0),
                ),
            ));
            rationale.clear();
            unit.clear();
        }
        if let Some((r, _)) = rat {
            rationale = r;
        }
        if let Some((u, _)) = &uni {
            unit = u.clone();
        }
        // A row whose values have no indicator to go to: each value is reported.
        let values_ignored = |why: &str, out: &mut Vec<Diagnostic>| {
            for (col, _, _) in &years {
                let Some(cell) = at.get(col) else { continue };
                if let Some(t) = non_blank(view.text(cell, out)) {
                    let source = Source::new(view.file, &view.sheet.name, row, *col);
                    out.push(ignored(&(t.trim().to_string(), source), why));
                }
            }
        };
        let Some((kind, kind_place)) = kind else {
            values_ignored("種別が空欄 (no 種別)", out);
            continue;
        };
        let target = match header_key(&kind).as_str() {
            "計画" | "目標" => true,
            "実績" => false,
            _ => {
                out.push(Diagnostic::new(Code::KpiKindUnknown, kind_place, &[&kind]));
                continue;
            }
        };
        let (Some(cat), Some((name, source))) = (category, indicator.clone()) else {
            if !category_unknown {
                values_ignored("区分か指標が空欄 (no 区分 or 指標)", out);
            }
            continue;
        };
        let index = match kpis
            .iter()
            .position(|k| k.category == cat && k.indicator == name)
        {
            Some(i) => i,
            None => {
                kpis.push(Kpi {
                    category: cat,
                    indicator: name.clone(),
                    rationale: rationale.clone(),
                    unit: unit.clone(),
                    baseline: None,
                    targets: Vec::new(),
                    actuals: Vec::new(),
                    direction: Direction::Unknown,
                    source,
                });
                kpis.len() - 1
            }
        };
        let Some(kpi) = kpis.get_mut(index) else {
            continue;
        };
        // A 単位 on a later row of the indicator (its 実績 row) must agree with the first.
        if let Some((u, place)) = uni {
            if kpi.unit.is_empty() {
                kpi.unit = u;
            } else if header_key(&kpi.unit) != header_key(&u) {
                out.push(Diagnostic::new(
                    Code::KpiUnitConflict,
                    place,
                    &[&kpi.indicator, &kpi.unit, &u],
                ));
            }
        }
        for (col, year, _) in &years {
            let Some(cell) = at.get(col) else { continue };
            let place = view.place(row, *col);
            let Some(written) = non_blank(view.text(cell, out)) else {
                continue;
            };
            let value = match &cell.value {
                Value::Number(n) => Some(KpiValue::Number(*n)),
                _ => match parse_kpi_value(&written) {
                    Ok(KpiCell::None) => None,
                    Ok(KpiCell::Up) => Some(KpiValue::Up),
                    Ok(KpiCell::Down) => Some(KpiValue::Down),
                    Ok(KpiCell::Number {
                        value,
                        unit: suffix,
                    }) => {
                        if !suffix.is_empty() {
                            if kpi.unit.is_empty() {
                                kpi.unit = suffix;
                            } else if header_key(&kpi.unit) != header_key(&suffix) {
                                out.push(Diagnostic::new(
                                    Code::KpiUnitConflict,
                                    place.clone(),
                                    &[&kpi.indicator, &kpi.unit, &written],
                                ));
                            }
                        }
                        Some(KpiValue::Number(value))
                    }
                    Err(_) => {
                        out.push(Diagnostic::new(
                            Code::KpiValueUnparseable,
                            place.clone(),
                            &[&written],
                        ));
                        None
                    }
                },
            };
            let Some(value) = value else { continue };
            let point = KpiPoint {
                fiscal_year: *year,
                value,
                written: written.trim().to_string(),
                source: Source::new(view.file, &view.sheet.name, row, *col),
            };
            if target {
                if *year < period.first || *year > period.last {
                    out.push(Diagnostic::new(
                        Code::KpiTargetOutsidePeriod,
                        place,
                        &[&kpi.indicator, &written_year(&years, *col)],
                    ));
                    continue;
                }
                kpi.targets.push(point);
            } else {
                kpi.actuals.push(point);
            }
        }
    }
    for kpi in &mut kpis {
        finish(kpi, period);
    }
    kpis
}

fn written_year(years: &[(u32, i32, &super::header::YearColumn)], col: u32) -> String {
    years
        .iter()
        .find(|(c, _, _)| *c == col)
        .map(|(_, _, y)| y.written.clone())
        .unwrap_or_default()
}

fn category_of(text: &str, pillars: &[Pillar]) -> Option<KpiCategory> {
    if header_key(text) == "全般" {
        return Some(KpiCategory::General);
    }
    match parse_pillar_ref(text)? {
        FrameRef::Number(n) => pillars
            .iter()
            .find(|p| p.number == n)
            .map(|p| KpiCategory::Pillar(p.number)),
        FrameRef::Name(key) => pillars
            .iter()
            .find(|p| super::text::name_matches(&key, &p.title))
            .map(|p| KpiCategory::Pillar(p.number)),
    }
}

/// Baseline (the latest actual before the plan period) and direction (from the targets).
fn finish(kpi: &mut Kpi, period: &Period) {
    kpi.targets.sort_by_key(|p| p.fiscal_year);
    kpi.actuals.sort_by_key(|p| p.fiscal_year);
    kpi.baseline = kpi
        .actuals
        .iter()
        .filter(|p| p.fiscal_year < period.first)
        .max_by_key(|p| p.fiscal_year)
        .cloned();
    let numbers: Vec<f64> = kpi
        .baseline
        .iter()
        .chain(kpi.targets.iter())
        .filter_map(|p| match p.value {
            KpiValue::Number(n) => Some(n),
            _ => None,
        })
        .collect();
    kpi.direction = if kpi.targets.iter().any(|p| p.value == KpiValue::Up) {
        Direction::Up
    } else if kpi.targets.iter().any(|p| p.value == KpiValue::Down) {
        Direction::Down
    } else {
        match (numbers.first(), numbers.last()) {
            (Some(a), Some(b)) if b > a => Direction::Up,
            (Some(a), Some(b)) if b < a => Direction::Down,
            _ => Direction::Unknown,
        }
    };
}
