//! KPI一覧: one two-row block (計画 / 実績) per indicator, as in the published table, with the
//! progress rate and status as formulas so that an actual typed in later is rated at once.

use rust_xlsxwriter::{
    ConditionalFormatCell, ConditionalFormatCellRule, Format, FormatAlign, Formula, Worksheet,
};

use super::error::XlsxError;
use super::options::XlsxOptions;
use super::sheet::{
    cell, cell_text, col_name, fit_width, num_result, page_setup, pillar_name, quote, within_print,
    wrapped_lines, Styles, SHEET_KPI,
};
use crate::model::{point_in, FiscalYear, Kpi, KpiValue, Roadmap, Section};
use crate::progress::kpi::{
    direction_only, evaluate, later_actual, status, Rate, NOT_RATED, NO_ACTUAL, STATUS_NOT_RATED,
};

/// Row of the column headers (0-based); the title and the explanation sit above it.
pub(crate) const HEADER_ROW: u32 = 2;
pub(crate) const C_INDICATOR: u16 = 0;
const C_RATIONALE: u16 = 1;
const C_UNIT: u16 = 2;
const C_BASE_YEAR: u16 = 3;
const C_KIND: u16 = 4;
/// Baseline: "—" on the 計画 row, the figure on the 実績 row (so that the 実績 row is the
/// whole series of actuals).
pub(crate) const C_BASE: u16 = 5;
/// First fiscal-year column.
pub(crate) const C_YEAR0: u16 = 6;

/// Where each indicator was written, for the charts and the defined name.
pub(crate) struct KpiLayout {
    pub blocks: Vec<KpiBlock>,
    /// The fiscal years of the year columns, from `C_YEAR0` on: the plan's, after the year
    /// before the plan when an actual for it was entered later ([`later_actual`]).
    pub years: Vec<FiscalYear>,
    /// How the plan prints its years (年の表記).
    pub notation: crate::fiscal::YearNotation,
    /// Index in `years` of the plan's first year: the years rated (a later actual of the year
    /// before the plan is shown, and counts as the actual before the next, but is not rated
    /// against a target).
    pub rated_from: usize,
    pub last_row: u32,
}

/// One indicator's block.
pub(crate) struct KpiBlock {
    /// Index into `roadmap.kpis`.
    pub kpi: usize,
    pub actual_row: u32,
    /// The number format of the unit, e.g. `#,##0"種類"`.
    pub num_format: String,
    /// Targets are only ↑ / ↓: the actuals are charted alone.
    pub directional: bool,
}

impl KpiLayout {
    pub fn c_eval_year(&self) -> u16 {
        C_YEAR0 + self.years.len() as u16
    }
    pub fn c_rate(&self) -> u16 {
        self.c_eval_year() + 1
    }
    pub fn c_status(&self) -> u16 {
        self.c_eval_year() + 2
    }
    pub fn c_last_year(&self) -> u16 {
        C_YEAR0 + self.years.len() as u16 - 1
    }
    /// `='KPI一覧'!$A$3:$O$30`
    pub fn table_range(&self) -> String {
        format!(
            "={}!$A${}:${}${}",
            quote(SHEET_KPI),
            HEADER_ROW + 1,
            col_name(self.c_status()),
            self.last_row.max(HEADER_ROW) + 1
        )
    }
}

/// Whether a unit is a percentage: its figures (39.2 for 39.2%) are stored as fractions
/// (0.392) with a percent format, so a cell reformatted as a percentage stays 39.2%.
pub(crate) fn is_percent(unit: &str) -> bool {
    unit == "%" || unit == "％"
}

/// A figure as the workbook stores it: a percentage as a fraction (39.2 → 0.392).
pub(crate) fn stored(unit: &str, v: f64) -> f64 {
    if is_percent(unit) {
        v / 100.0
    } else {
        v
    }
}

/// The number format of a unit: `0.0%` for a percentage (stored as a fraction), otherwise
/// the unit after the figure, e.g. `#,##0"千枚"`.
pub(crate) fn unit_format(unit: &str, decimals: usize) -> String {
    let unit: String = unit.chars().filter(|c| *c != '"' && *c != '\\').collect();
    let digits = if decimals == 0 {
        String::new()
    } else {
        format!(".{}", "0".repeat(decimals))
    };
    if is_percent(&unit) {
        return format!("0{digits}%");
    }
    if unit.is_empty() {
        format!("#,##0{digits}")
    } else {
        format!("#,##0{digits}\"{unit}\"")
    }
}

/// Decimals needed to show every figure of the indicator (at most 2; a % at least 1).
fn decimals(kpi: &Kpi) -> usize {
    let figures = kpi
        .baseline
        .iter()
        .chain(&kpi.targets)
        .chain(&kpi.actuals)
        .filter_map(|p| p.value.figure());
    let mut d = 0;
    for v in figures {
        if (v * 10.0).fract().abs() > 1e-9 {
            d = d.max(2);
        } else if v.fract().abs() > 1e-9 {
            d = d.max(1);
        }
    }
    if is_percent(&kpi.unit) {
        d.max(1)
    } else {
        d
    }
}

/// A change in the unit, signed: `+#,##0"種類";-#,##0"種類";0"種類"`; for a % it is in points.
fn change_format(unit: &str, decimals: usize) -> String {
    let shown = if is_percent(unit) {
        "ポイント"
    } else {
        unit
    };
    let f = unit_format(shown, decimals);
    format!("+{f};-{f};{f}")
}

/// The cells of one block's formulas.
struct Refs {
    /// `G6:K6`: the actuals of the plan years.
    actuals: String,
    /// `G5:K5`: the targets of the plan years.
    targets: String,
    /// `F6:K6`: the baseline and the actuals.
    series: String,
    /// `F6`
    base: String,
    /// `$G$3:$K$3`: the year headers.
    headers: String,
}

/// The progress-rate formula. Numeric targets: `(actual − baseline) / (target − baseline)`
/// for the latest year having both an actual and a target (`LOOKUP(2,1/…)` finds the last
/// match without array entry). Direction-only targets: the change of the latest actual from
/// the one before it (the baseline counting).
fn rate_formula(r: &Refs, directional: bool, percent: bool) -> String {
    if directional {
        let last_col = format!("LOOKUP(2,1/ISNUMBER({a}),COLUMN({a}))", a = r.actuals);
        // Percentages are stored as fractions; their change is said in points.
        let points = if percent { "*100" } else { "" };
        format!(
            "IF(COUNT({a})=0,\"{NO_ACTUAL}\",IFERROR((LOOKUP(2,1/ISNUMBER({a}),{a})-LOOKUP(2,1/(ISNUMBER({s})*(COLUMN({s})<{last_col})),{s})){points},\"{NO_ACTUAL}\"))",
            a = r.actuals,
            s = r.series,
        )
    } else {
        let both = format!(
            "1/(ISNUMBER({a})*ISNUMBER({t}))",
            a = r.actuals,
            t = r.targets
        );
        format!(
            "IF(COUNT({a})=0,\"{NO_ACTUAL}\",IF(ISNUMBER({b}),IFERROR((LOOKUP(2,{both},{a})-{b})/(LOOKUP(2,{both},{t})-{b}),\"{NOT_RATED}\"),\"{NOT_RATED}\"))",
            a = r.actuals,
            t = r.targets,
            b = r.base,
        )
    }
}

/// The year the rate was measured at (its header).
fn eval_year_formula(r: &Refs, directional: bool) -> String {
    let key = if directional {
        format!("1/ISNUMBER({})", r.actuals)
    } else {
        format!("1/(ISNUMBER({})*ISNUMBER({}))", r.actuals, r.targets)
    };
    format!(
        "IF(COUNT({a})=0,\"{NOT_RATED}\",IFERROR(LOOKUP(2,{key},{h}),\"{NOT_RATED}\"))",
        a = r.actuals,
        h = r.headers
    )
}

fn status_formula(rate: &str, directional: Option<f64>, caution: f64) -> String {
    let rated = match directional {
        Some(d) if d < 0.0 => format!("IF({rate}<0,\"順調\",IF({rate}=0,\"要注意\",\"未達\"))"),
        Some(_) => format!("IF({rate}>0,\"順調\",IF({rate}=0,\"要注意\",\"未達\"))"),
        None => format!(
            "IF({rate}>=1,\"順調\",IF({rate}>={caution},\"要注意\",\"未達\"))",
            caution = num_result(caution)
        ),
    };
    format!(
        "IF(ISNUMBER({rate}),{rated},IF({rate}=\"{NO_ACTUAL}\",\"{NO_ACTUAL}\",\"{STATUS_NOT_RATED}\"))"
    )
}

/// The group heading of a category: 全般, or the pillar's label, title and subtitle.
fn group_title(roadmap: &Roadmap, pillar: Option<u32>) -> String {
    match pillar {
        None => format!("◆{}", roadmap.plan.style.heading(Section::KpiGeneral)),
        Some(n) => match roadmap.pillars.iter().find(|p| p.number == n) {
            Some(p) => {
                let name = pillar_name(&p.label, &p.title);
                if p.subtitle.is_empty() {
                    format!("◆{name}")
                } else {
                    format!("◆{name} {}", p.subtitle)
                }
            }
            // A pillar the plan lacks (an error of the KPI sheet), named by number.
            None => match roadmap.plan.style.words.pillar.as_str() {
                "柱" => format!("◆取り組みの柱({n})"),
                word => format!("◆{word} {n}"),
            },
        },
    }
}

/// The plan's fiscal years (at least one, so that ranges stay valid on a broken period).
pub(crate) fn plan_years(roadmap: &Roadmap) -> Vec<FiscalYear> {
    crate::progress::kpi::rated_years(roadmap.plan.period)
}

/// Widths of the text columns, from the content (full-width characters counting double).
struct Widths {
    indicator: f64,
    rationale: f64,
}

pub(crate) fn write(
    ws: &mut Worksheet,
    roadmap: &Roadmap,
    options: &XlsxOptions,
    st: &Styles,
) -> Result<KpiLayout, XlsxError> {
    let mut years = plan_years(roadmap);
    // An actual entered later for the year before the plan gets a column of its own; the
    // published baseline stays in 基準値.
    let before = roadmap.plan.period.first - 1;
    let rated_from = usize::from(roadmap.kpis.iter().any(|k| later_actual(k, before)));
    if rated_from > 0 {
        years.insert(0, before);
    }
    let mut layout = KpiLayout {
        blocks: Vec::new(),
        years,
        notation: roadmap.plan.period.years,
        rated_from,
        last_row: HEADER_ROW,
    };
    let c_status = layout.c_status();
    let widths = write_head(ws, roadmap, options, st, &layout)?;

    let mut order: Vec<usize> = (0..roadmap.kpis.len()).collect();
    // A policy's indicators are shown under its pillar.
    order.sort_by_key(|&i| roadmap.kpis[i].category.pillar());
    let mut row = HEADER_ROW + 1;
    let mut group: Option<Option<u32>> = None;
    let mut policy = None;
    for i in order {
        let kpi = &roadmap.kpis[i];
        if group != Some(kpi.category.pillar()) {
            group = Some(kpi.category.pillar());
            let title = group_title(roadmap, kpi.category.pillar());
            ws.merge_range(row, 0, row, c_status, &title, &st.group)?;
            ws.set_row_height(row, 20)?;
            row += 1;
        }
        // A policy's indicators under a row naming the policy, as the other editions do.
        if policy != Some(kpi.category) {
            policy = Some(kpi.category);
            if let Some(name) = roadmap.policy_of_kpi(kpi.category) {
                let text = format!("{} {name}", roadmap.plan.style.words.policy);
                ws.merge_range(row, 0, row, c_status, &text, &st.text)?;
                row += 1;
            }
        }
        let block = write_block(ws, kpi, i, row, options, st, &layout, &widths)?;
        layout.blocks.push(block);
        row += 2;
    }
    if roadmap.kpis.is_empty() {
        ws.merge_range(row, 0, row, c_status, "KPIはありません", &st.text)?;
        row += 1;
    }
    layout.last_row = row.saturating_sub(1).max(HEADER_ROW);
    status_colours(ws, &layout)?;
    ws.set_freeze_panes(HEADER_ROW + 1, 1)?;
    page_setup(ws, roadmap, Some((HEADER_ROW, HEADER_ROW)))?;
    ws.set_print_area(0, 0, layout.last_row, c_status)?;
    Ok(layout)
}

/// Title, the note on the progress rate, the header row and the column widths.
fn write_head(
    ws: &mut Worksheet,
    roadmap: &Roadmap,
    options: &XlsxOptions,
    st: &Styles,
    layout: &KpiLayout,
) -> Result<Widths, XlsxError> {
    let (c_eval, c_rate, c_status) = (layout.c_eval_year(), layout.c_rate(), layout.c_status());
    ws.write_string_with_format(
        0,
        0,
        format!("{} 重要業績評価指標（KPI）", roadmap.plan.title),
        &st.title,
    )?;
    ws.merge_range(
        1,
        0,
        1,
        c_status,
        &format!(
            "進捗率＝（最新の実績−基準値）÷（同じ年度の目標−基準値）。状況は 順調: 100%以上、要注意: {}%以上、未達: それ未満。目標が「↑」の指標は、進捗率の欄に前年度からの増減を示します。",
            num_result(options.caution_rate * 100.0)
        ),
        &st.note.clone().set_text_wrap().set_align(FormatAlign::Top),
    )?;
    ws.set_row_height(1, 28)?;
    let mut headers: Vec<(u16, String)> = vec![
        (C_INDICATOR, "指標".into()),
        (C_RATIONALE, "指標の考え方".into()),
        (C_UNIT, "単位".into()),
        (C_BASE_YEAR, "基準年度".into()),
        (C_KIND, "区分".into()),
        (C_BASE, "基準値".into()),
    ];
    for (i, y) in layout.years.iter().enumerate() {
        headers.push((C_YEAR0 + i as u16, year_end_two_lines(layout.notation, *y)));
    }
    headers.push((c_eval, "評価年度".into()));
    headers.push((c_rate, "進捗率".into()));
    headers.push((c_status, "状況".into()));
    for (c, h) in &headers {
        ws.write_string_with_format(HEADER_ROW, *c, h, &st.header)?;
    }
    ws.set_row_height(HEADER_ROW, 30)?;

    let w_unit = fit_width(roadmap.kpis.iter().map(|k| k.unit.as_str()), 6.0, 10.0);
    // Columns from 指標 to 状況: the two texts fitted, then narrowed with the rest to what
    // prints at 8 points (the texts wrap onto more lines).
    let mut columns: Vec<(f64, f64)> = vec![
        (
            fit_width(
                roadmap.kpis.iter().map(|k| k.indicator.as_str()),
                14.0,
                30.0,
            ),
            14.0,
        ),
        (
            fit_width(
                roadmap.kpis.iter().map(|k| k.rationale.as_str()),
                16.0,
                44.0,
            ),
            16.0,
        ),
        (w_unit, w_unit),
        (11.0, 11.0),
        (6.0, 6.0),
        (11.0, 11.0),
    ];
    columns.extend(layout.years.iter().map(|_| (11.0, 11.0)));
    columns.extend([(11.0, 11.0), (10.0, 10.0), (9.0, 9.0)]);
    let (mut w, mins): (Vec<f64>, Vec<f64>) = columns.into_iter().unzip();
    within_print(&mut w, &mins);
    for (c, width) in w.iter().enumerate() {
        ws.set_column_width(c as u16, *width)?;
    }
    let widths = Widths {
        indicator: w.first().copied().unwrap_or(14.0),
        rationale: w.get(1).copied().unwrap_or(16.0),
    };
    Ok(widths)
}

/// One indicator's two-row block (計画 / 実績) from `t`, with its formulas.
#[allow(clippy::too_many_arguments)]
fn write_block(
    ws: &mut Worksheet,
    kpi: &Kpi,
    index: usize,
    t: u32,
    options: &XlsxOptions,
    st: &Styles,
    layout: &KpiLayout,
    widths: &Widths,
) -> Result<KpiBlock, XlsxError> {
    let a = t + 1;
    let center = st.text_center.clone();
    let dec = decimals(kpi);
    let num_format = unit_format(&kpi.unit, dec);
    let num = st
        .number
        .clone()
        .set_num_format(&num_format)
        .set_align(FormatAlign::Right);

    // Identity cells span the block's two rows.
    let merged = |ws: &mut Worksheet, c: u16, text: &str, f: &Format| {
        ws.merge_range(t, c, a, c, cell_text(text), f).map(|_| ())
    };
    merged(ws, C_INDICATOR, &kpi.indicator, &st.text)?;
    merged(ws, C_RATIONALE, &kpi.rationale, &st.text)?;
    merged(ws, C_UNIT, &kpi.unit, &center)?;
    let base_year = kpi
        .baseline
        .as_ref()
        .map(|b| year_end_two_lines(layout.notation, b.fiscal_year))
        .unwrap_or_else(|| NOT_RATED.to_string());
    merged(ws, C_BASE_YEAR, &base_year, &center)?;
    ws.write_string_with_format(t, C_KIND, "計画", &center)?;
    ws.write_string_with_format(a, C_KIND, "実績", &center)?;
    ws.write_string_with_format(t, C_BASE, NOT_RATED, &center)?;
    match &kpi.baseline {
        Some(b) => match &b.value {
            KpiValue::Number(v) if v.is_finite() => {
                ws.write_number_with_format(a, C_BASE, stored(&kpi.unit, *v), &num)?;
            }
            _ => {
                ws.write_string_with_format(a, C_BASE, b.shown(&kpi.unit), &center)?;
            }
        },
        // Blank rather than "—": the chart reads this row, and a text would be drawn as 0.
        None => {
            ws.write_blank(a, C_BASE, &num)?;
        }
    }
    let before_plan = layout.years[layout.rated_from];
    for (k, y) in layout.years.iter().enumerate() {
        let c = C_YEAR0 + k as u16;
        let target = point_in(&kpi.targets, *y).map(|p| &p.value);
        write_point(ws, t, c, target, &kpi.unit, &num, &center)?;
        // The baseline's own year before the plan is the baseline, not an actual again.
        let actual = point_in(&kpi.actuals, *y)
            .map(|p| &p.value)
            .filter(|_| *y >= before_plan || later_actual(kpi, *y));
        write_point(ws, a, c, actual, &kpi.unit, &num, &center)?;
    }
    let direction = direction_only(kpi);
    write_rating(ws, kpi, t, options, st, layout, direction, dec)?;

    // Merged cells are not auto-fitted by Excel: size the two rows for the wrapped text.
    let lines = wrapped_lines(&kpi.indicator, widths.indicator)
        .max(wrapped_lines(&kpi.rationale, widths.rationale))
        .max(2);
    let height = (f64::from(lines) * 13.5 + 6.0) / 2.0;
    ws.set_row_height(t, height.max(18.0))?;
    ws.set_row_height(a, height.max(18.0))?;
    Ok(KpiBlock {
        kpi: index,
        actual_row: a,
        num_format,
        directional: direction.is_some(),
    })
}

/// 評価年度, 進捗率 and 状況 of a block: formulas over its cells, with their results.
#[allow(clippy::too_many_arguments)]
fn write_rating(
    ws: &mut Worksheet,
    kpi: &Kpi,
    t: u32,
    options: &XlsxOptions,
    st: &Styles,
    layout: &KpiLayout,
    direction: Option<f64>,
    dec: usize,
) -> Result<(), XlsxError> {
    let a = t + 1;
    let (c_eval, c_rate, c_status) = (layout.c_eval_year(), layout.c_rate(), layout.c_status());
    let c_last_year = layout.c_last_year();
    // The plan's years are rated; a later actual of the year before only precedes them.
    let c_rated = C_YEAR0 + layout.rated_from as u16;
    let center = st.text_center.clone();
    let refs = Refs {
        actuals: format!("{}:{}", cell(a, c_rated), cell(a, c_last_year)),
        targets: format!("{}:{}", cell(t, c_rated), cell(t, c_last_year)),
        series: format!("{}:{}", cell(a, C_BASE), cell(a, c_last_year)),
        base: cell(a, C_BASE),
        headers: format!(
            "${}${}:${}${}",
            col_name(c_rated),
            HEADER_ROW + 1,
            col_name(c_last_year),
            HEADER_ROW + 1
        ),
    };
    let (rate, rated_year) = evaluate(kpi, &layout.years, layout.rated_from);
    // The formula names the rated year whenever there is one (also when the division
    // itself fails), and "—" otherwise: the same rule here.
    let eval_label = rated_year
        .and_then(|i| layout.years.get(i))
        .map(|y| year_end_two_lines(layout.notation, *y))
        .unwrap_or_else(|| NOT_RATED.to_string());
    ws.merge_range(t, c_eval, a, c_eval, "", &center)?;
    ws.write_formula_with_format(
        t,
        c_eval,
        Formula::new(eval_year_formula(&refs, direction.is_some())).set_result(eval_label),
        &center,
    )?;
    let rate_fmt = match direction {
        Some(_) => st
            .number
            .clone()
            .set_num_format(change_format(&kpi.unit, dec))
            .set_align(FormatAlign::Center),
        None => st
            .number
            .clone()
            .set_num_format("0.0%")
            .set_align(FormatAlign::Center),
    };
    let rate_result = match &rate {
        Rate::Number(v) => num_result(*v),
        Rate::NoActual => NO_ACTUAL.to_string(),
        Rate::NotRated => NOT_RATED.to_string(),
    };
    ws.merge_range(t, c_rate, a, c_rate, "", &rate_fmt)?;
    ws.write_formula_with_format(
        t,
        c_rate,
        Formula::new(rate_formula(
            &refs,
            direction.is_some(),
            is_percent(&kpi.unit),
        ))
        .set_result(rate_result),
        &rate_fmt,
    )?;
    let status_fmt = center.set_bold();
    ws.merge_range(t, c_status, a, c_status, "", &status_fmt)?;
    let formula = status_formula(&cell(t, c_rate), direction, options.caution_rate);
    ws.write_formula_with_format(
        t,
        c_status,
        Formula::new(formula).set_result(status(&rate, direction, options.caution_rate)),
        &status_fmt,
    )?;
    Ok(())
}

/// Status colours: green / amber / red / grey.
fn status_colours(ws: &mut Worksheet, layout: &KpiLayout) -> Result<(), XlsxError> {
    let (first, last, c_status) = (HEADER_ROW + 1, layout.last_row, layout.c_status());
    for (text, fill, font) in [
        ("順調", "#C6EFCE", "#006100"),
        ("要注意", "#FFEB9C", "#9C5700"),
        ("未達", "#FFC7CE", "#9C0006"),
        (NO_ACTUAL, "#E7E6E6", "#595959"),
        (STATUS_NOT_RATED, "#E7E6E6", "#595959"),
    ] {
        let cf = ConditionalFormatCell::new()
            .set_rule(ConditionalFormatCellRule::EqualTo(text))
            .set_format(
                Format::new()
                    .set_background_color(fill)
                    .set_font_color(font),
            );
        ws.add_conditional_format(first, c_status, last, c_status, &cf)?;
    }
    Ok(())
}

/// A target or actual cell: a number, 「↑」/「↓」, or an empty bordered cell.
fn write_point(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    value: Option<&KpiValue>,
    unit: &str,
    num: &Format,
    center: &Format,
) -> Result<(), XlsxError> {
    match value {
        Some(KpiValue::Number(v)) if v.is_finite() => {
            ws.write_number_with_format(row, col, stored(unit, *v), num)?;
        }
        Some(KpiValue::Up) => {
            ws.write_string_with_format(row, col, "↑", center)?;
        }
        Some(KpiValue::Down) => {
            ws.write_string_with_format(row, col, "↓", center)?;
        }
        _ => {
            ws.write_blank(row, col, num)?;
        }
    }
    Ok(())
}

/// `令和7(2025)\n年度末`: the published label broken where a narrow column should break it
/// (left to itself, a renderer breaks inside 年度); the plan's other notations are short
/// enough for one line.
pub(crate) fn year_end_two_lines(notation: crate::fiscal::YearNotation, fy: FiscalYear) -> String {
    notation.year_end(fy).replacen(")", ")\n", 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(unit_format("種類", 0), "#,##0\"種類\"");
        assert_eq!(unit_format("%", 1), "0.0%");
        assert_eq!(unit_format("", 0), "#,##0");
        assert_eq!(
            change_format("%", 1),
            "+#,##0.0\"ポイント\";-#,##0.0\"ポイント\";#,##0.0\"ポイント\""
        );
    }
}
