//! The KPI sheet: one row per indicator and 種別 (計画 / 実績), year columns of 年度末 values.

use std::collections::HashMap;

use super::cells::{by_col, rows, SheetView};
use super::entry::{ignored, year_error};
use super::header::{Field, Header};
use super::kpi_value::{parse_kpi_value, KpiCell};
use super::text::{header_key, non_blank, parse_pillar_ref, FrameRef};
use super::year::YearText;
use crate::diagnostic::{Code, Diagnostic};
use crate::ingest::Value;
use crate::model::{
    Direction, FiscalYear, Kpi, KpiCategory, KpiPoint, KpiValue, Period, Pillar, Source, Words,
};

/// The indicator rows are read under: the last 区分 and 指標 written, and the 指標's
/// rationale and unit (a new 指標 starts them blank).
#[derive(Default)]
struct Current {
    category: Option<KpiCategory>,
    /// The current 区分 was written but is unknown: already an error, its rows are not read.
    category_unknown: bool,
    indicator: Option<(String, Source)>,
    rationale: String,
    unit: String,
}

/// A year column of the table: (column, fiscal year, header).
type YearCol<'h> = (u32, i32, &'h super::header::YearColumn);

/// A figure read from a numeric cell with no percent format: (KPI index, value, written,
/// place), kept to judge whether a % indicator's value below 1 was meant as a percentage.
type Plain = (usize, f64, String, crate::diagnostic::Place);

/// Reads the KPI table below `header`: one row per indicator and 種別, values per year; a
/// 区分 that names no level of the frame is reported in the plan's `words`.
pub fn read(
    view: &SheetView<'_>,
    header: &Header,
    (pillars, words): (&[Pillar], &Words),
    period: &Period,
    out: &mut Vec<Diagnostic>,
) -> Vec<Kpi> {
    let mut kpis: Vec<Kpi> = Vec::new();
    let years = year_columns(view, header, out);
    let mut current = Current::default();
    let mut plain: Vec<Plain> = Vec::new();
    // (indicator, year) where a 計画 row writes a dash: the baseline's year, as published.
    let mut dashed: Vec<(usize, FiscalYear)> = Vec::new();
    for (row, cells) in rows(&view.sheet.cells) {
        if row <= header.row {
            continue;
        }
        let at = by_col(cells);
        let Some((index, target)) = row_kpi(
            view,
            header,
            (pillars, words),
            row,
            &at,
            &years,
            &mut current,
            &mut kpis,
            out,
        ) else {
            continue;
        };
        let Some(kpi) = kpis.get_mut(index) else {
            continue;
        };
        kpi.cell_notes.extend(super::look::row_notes(view, row));
        for (col, year, _) in &years {
            let Some(cell) = at.get(col) else { continue };
            let Some(written) = non_blank(view.text(cell, out)) else {
                continue;
            };
            if target && parse_kpi_value(&written) == Ok(KpiCell::None) {
                dashed.push((index, *year));
            }
            let place = view.place(row, *col);
            let Some((value, shown)) = cell_value(view, cell, kpi, &written, &place, out) else {
                continue;
            };
            if let (Value::Number(n), false) = (&cell.value, view.sheet.is_percent(row, *col)) {
                plain.push((index, *n, shown.clone(), place.clone()));
            }
            let point = KpiPoint {
                fiscal_year: *year,
                value,
                written: shown,
                source: Source::new(view.file, &view.sheet.name, row, *col),
            };
            if !target {
                kpi.actuals.push(point);
            } else if *year < period.first || *year > period.last {
                out.push(Diagnostic::new(
                    Code::KpiTargetOutsidePeriod,
                    place,
                    &[&kpi.indicator, &written_year(&years, *col)],
                ));
            } else {
                kpi.targets.push(point);
            }
        }
    }
    percent_suspects(&kpis, &plain, out);
    for (index, kpi) in kpis.iter_mut().enumerate() {
        let marked: Vec<FiscalYear> = dashed
            .iter()
            .filter(|(i, _)| *i == index)
            .map(|(_, y)| *y)
            .collect();
        finish(kpi, period, &marked);
    }
    kpis
}

/// The year columns of the table; a 継続 header is no year for a KPI.
fn year_columns<'h>(
    view: &SheetView<'_>,
    header: &'h Header,
    out: &mut Vec<Diagnostic>,
) -> Vec<YearCol<'h>> {
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
    years
}

/// Reads a row's 区分, 指標, 指標の考え方, 単位 and 種別 into `current`, and finds (or adds)
/// the indicator the row's values go to: (its index, whether they are targets). `None` when
/// the values have nowhere to go (each is reported).
#[allow(clippy::too_many_arguments)]
fn row_kpi(
    view: &SheetView<'_>,
    header: &Header,
    (pillars, words): (&[Pillar], &Words),
    row: u32,
    at: &HashMap<u32, &crate::ingest::Cell>,
    years: &[YearCol<'_>],
    current: &mut Current,
    kpis: &mut Vec<Kpi>,
    out: &mut Vec<Diagnostic>,
) -> Option<(usize, bool)> {
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
        current.category = category_of(&c, pillars);
        current.category_unknown = current.category.is_none();
        if current.category_unknown {
            out.push(Diagnostic::new(
                Code::KpiCategoryUnknown,
                place,
                &[&c, &words.pillar, &words.policy],
            ));
        }
    }
    if let Some((i, _)) = ind {
        // A new indicator: its rationale and unit start blank.
        let col = header.col(Field::Indicator).unwrap_or(0);
        current.indicator = Some((i, Source::new(view.file, &view.sheet.name, row, col)));
        current.rationale.clear();
        current.unit.clear();
    }
    if let Some((r, _)) = rat {
        current.rationale = r;
    }
    if let Some((u, _)) = &uni {
        current.unit = u.clone();
    }
    // A row whose values have no indicator to go to: each value is reported.
    let values_ignored = |why: crate::diagnostic::Message, out: &mut Vec<Diagnostic>| {
        for (col, _, _) in years {
            let Some(cell) = at.get(col) else { continue };
            if let Some(t) = non_blank(view.text(cell, out)) {
                let source = Source::new(view.file, &view.sheet.name, row, *col);
                out.push(ignored(&(t.trim().to_string(), source), why.arg()));
            }
        }
    };
    let Some((kind, kind_place)) = kind else {
        values_ignored(crate::msg!("種別が空欄", "no 種別"), out);
        return None;
    };
    let Some(target) = is_target(&kind) else {
        out.push(Diagnostic::new(Code::KpiKindUnknown, kind_place, &[&kind]));
        return None;
    };
    let (Some(cat), Some((name, source))) = (current.category, current.indicator.clone()) else {
        if !current.category_unknown {
            values_ignored(crate::msg!("区分か指標が空欄", "no 区分 or 指標"), out);
        }
        return None;
    };
    let index = find_or_add(kpis, cat, name, source, current);
    // A 単位 on a later row of the indicator (its 実績 row) must agree with the first.
    if let (Some((u, place)), Some(kpi)) = (uni, kpis.get_mut(index)) {
        agree_unit(kpi, &u, &u, place, out);
    }
    Some((index, target))
}

/// Whether a 種別 names targets (`計画`, `目標`) or actuals (`実績`); `None` for anything else.
fn is_target(kind: &str) -> Option<bool> {
    match header_key(kind).as_str() {
        "計画" | "目標" => Some(true),
        "実績" => Some(false),
        _ => None,
    }
}

/// The index of the indicator `name` of `category`, added with the rationale and unit read so
/// far when it is new.
fn find_or_add(
    kpis: &mut Vec<Kpi>,
    category: KpiCategory,
    name: String,
    source: Source,
    current: &Current,
) -> usize {
    if let Some(i) = kpis
        .iter()
        .position(|k| k.category == category && k.indicator == name)
    {
        return i;
    }
    kpis.push(Kpi {
        category,
        indicator: name,
        rationale: current.rationale.clone(),
        unit: current.unit.clone(),
        baseline: None,
        targets: Vec::new(),
        actuals: Vec::new(),
        direction: Direction::Unknown,
        source,
        cell_notes: Vec::new(),
    });
    kpis.len() - 1
}

/// Takes `unit` as the indicator's unit if it has none, else reports a conflict quoting
/// `written`.
fn agree_unit(
    kpi: &mut Kpi,
    unit: &str,
    written: &str,
    place: crate::diagnostic::Place,
    out: &mut Vec<Diagnostic>,
) {
    if kpi.unit.is_empty() {
        kpi.unit = unit.to_string();
    } else if header_key(&kpi.unit) != header_key(unit) {
        out.push(Diagnostic::new(
            Code::KpiUnitConflict,
            place,
            &[&kpi.indicator, &kpi.unit, written],
        ));
    }
}

/// A value cell as Excel shows it: (value, text as shown). A numeric cell with a percent
/// format (0.415 shown as 41.5%) is the percentage, 41.5, with the unit %.
fn cell_value(
    view: &SheetView<'_>,
    cell: &crate::ingest::Cell,
    kpi: &mut Kpi,
    written: &str,
    place: &crate::diagnostic::Place,
    out: &mut Vec<Diagnostic>,
) -> Option<(KpiValue, String)> {
    if let Value::Number(n) = &cell.value {
        if !view.sheet.is_percent(cell.row, cell.col) {
            return Some((KpiValue::Number(*n), written.trim().to_string()));
        }
        let percent = percent_of(*n);
        let shown = format!("{percent}%");
        agree_unit(kpi, "%", &shown, place.clone(), out);
        return Some((KpiValue::Number(percent), shown));
    }
    let value = match parse_kpi_value(written) {
        Ok(KpiCell::None) => return None,
        Ok(KpiCell::Up) => KpiValue::Up,
        Ok(KpiCell::Down) => KpiValue::Down,
        Ok(KpiCell::Number { value, unit }) => {
            if !unit.is_empty() {
                agree_unit(kpi, &unit, written, place.clone(), out);
            }
            KpiValue::Number(value)
        }
        Err(_) => {
            out.push(Diagnostic::new(
                Code::KpiValueUnparseable,
                place.clone(),
                &[written],
            ));
            return None;
        }
    };
    Some((value, written.trim().to_string()))
}

/// A fraction as a percentage, rounded off the binary noise (0.415 × 100 = 41.49999…).
fn percent_of(n: f64) -> f64 {
    const NOISE: f64 = 1e9;
    (n * 100.0 * NOISE).round() / NOISE
}

/// In a % indicator, a plain number below 1 among figures above 1 was most likely typed as a
/// fraction (0.415 for 41.5%) where its percent format is unknown or missing.
fn percent_suspects(kpis: &[Kpi], plain: &[Plain], out: &mut Vec<Diagnostic>) {
    for (index, value, written, place) in plain {
        let Some(kpi) = kpis.get(*index) else {
            continue;
        };
        if !(kpi.unit.contains('%') && *value > 0.0 && *value < 1.0) {
            continue;
        }
        let above = kpi
            .targets
            .iter()
            .chain(&kpi.actuals)
            .any(|p| matches!(p.value, KpiValue::Number(v) if v > 1.0));
        if above {
            let meant = format!("{}", percent_of(*value));
            out.push(Diagnostic::new(
                Code::KpiPercentSuspect,
                place.clone(),
                &[&kpi.indicator, written, &meant],
            ));
        }
    }
}

fn written_year(years: &[(u32, i32, &super::header::YearColumn)], col: u32) -> String {
    years
        .iter()
        .find(|(c, _, _)| *c == col)
        .map(|(_, _, y)| y.written.clone())
        .unwrap_or_default()
}

/// 全般, a pillar (by its label, number or name), or a policy: by its pillar's label and its
/// own together (`(1)②`), or by its own label where only one policy has it (a plan numbering
/// as written, `1-2`).
fn category_of(text: &str, pillars: &[Pillar]) -> Option<KpiCategory> {
    let key = header_key(text);
    if key == "全般" {
        return Some(KpiCategory::General);
    }
    let policies = || {
        pillars
            .iter()
            .flat_map(|p| p.policies.iter().map(move |q| (p, q)))
    };
    let policy = |(p, q): (&Pillar, &crate::model::Policy)| KpiCategory::Policy(p.number, q.number);
    if let Some(p) = pillars.iter().find(|p| header_key(&p.label) == key) {
        return Some(KpiCategory::Pillar(p.number));
    }
    // The pillar's and the policy's labels joined, unless the text is a policy's own label:
    // `Ⅰ` + `Ⅰ-1` reads `ⅠⅠ-1`, which NFKC makes `II-1`, the key of the policy `Ⅱ-1`.
    let own_label = policies().any(|(_, q)| header_key(&q.label) == key);
    if let Some(found) = policies()
        .filter(|_| !own_label)
        .find(|(p, q)| header_key(&format!("{}{}", p.label, q.label)) == key)
    {
        return Some(policy(found));
    }
    let pillar = match parse_pillar_ref(text)? {
        FrameRef::Number(n) => pillars.iter().find(|p| p.number == n),
        FrameRef::Name(name) => pillars
            .iter()
            .find(|p| super::text::name_matches(&name, &p.title)),
        // `3-1` names no pillar exactly: it may still be a policy's label.
        FrameRef::Unclear(_) => None,
    };
    if let Some(p) = pillar {
        return Some(KpiCategory::Pillar(p.number));
    }
    let mut alone = policies().filter(|(_, q)| header_key(&q.label) == key);
    match (alone.next(), alone.next()) {
        (Some(one), None) => Some(policy(one)),
        _ => None,
    }
}

/// Baseline and direction (from the targets). The baseline is the published 現状値: the
/// actual before the plan period in a year whose 計画 cell is a dash (`marked`), so an actual
/// entered later for a later year (R6) is an actual, not a new baseline that would change
/// every 進捗率; without such a year, the latest actual before the plan period; without one
/// before it, the one in its first year (a plan that measured its 現状値 in that year).
fn finish(kpi: &mut Kpi, period: &Period, marked: &[FiscalYear]) {
    kpi.targets.sort_by_key(|p| p.fiscal_year);
    kpi.actuals.sort_by_key(|p| p.fiscal_year);
    let before: Vec<&KpiPoint> = kpi
        .actuals
        .iter()
        .filter(|p| p.fiscal_year < period.first)
        .collect();
    let published = before
        .iter()
        .filter(|p| marked.contains(&p.fiscal_year))
        .max_by_key(|p| p.fiscal_year);
    kpi.baseline = published
        .or_else(|| before.iter().max_by_key(|p| p.fiscal_year))
        .copied()
        .or_else(|| kpi.actuals.iter().find(|p| p.fiscal_year == period.first))
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
