//! グラフ: one chart per indicator, targets against actuals with the baseline as the first
//! point, two charts side by side and two rows of them to an A4 landscape page.
//!
//! The charts are scatter charts with straight lines over a year axis, so every fiscal year
//! is on the axis (R6 between an R5 baseline and R7 too) and a slope is true to time; a year
//! without a figure is a gap. The value axis starts at zero. The actual line reads KPI一覧's
//! 実績 row, so an actual typed in there shows in its chart; the years and the target line
//! (baseline, then the plan's targets) are a small table of values to the right of the print
//! area.

use rust_xlsxwriter::{
    Chart, ChartFont, ChartFormat, ChartLegendPosition, ChartLine, ChartLineDashType, ChartMarker,
    ChartMarkerType, ChartType, Worksheet,
};

use super::error::XlsxError;
use super::kpi::{stored, KpiBlock, KpiLayout, C_BASE, C_YEAR0};
use super::sheet::{cell_text, page_setup, Styles, FONT, SHEET_CHARTS, SHEET_KPI};
use crate::model::{point_in, FiscalYear, Kpi, Roadmap};

/// First row of the charts (the title sits above).
const TOP: u32 = 2;
/// Rows and columns one chart takes in the grid (default 20 px rows, 64 px columns).
const ROWS_PER_CHART: u32 = 16;
const COLS_PER_CHART: u16 = 8;
const CHART_WIDTH: u32 = 500;
const CHART_HEIGHT: u32 = 300;
/// Chart rows per printed page.
const CHART_ROWS_PER_PAGE: u32 = 2;
/// First column of the data table, outside the print area.
const DATA_COL: u16 = 2 * COLS_PER_CHART + 2;
/// Rows of one indicator in the data table (name, years, targets) and a gap.
const DATA_ROWS: u32 = 4;

pub(crate) fn write(
    ws: &mut Worksheet,
    roadmap: &Roadmap,
    layout: &KpiLayout,
    st: &Styles,
) -> Result<(), XlsxError> {
    ws.write_string_with_format(
        0,
        0,
        format!("{} KPIの推移（目標と実績）", roadmap.plan.title),
        &st.title,
    )?;
    ws.write_string_with_format(
        0,
        DATA_COL,
        "グラフ用データ（目標の推移。実績はKPI一覧の実績行を直接参照しています）",
        &st.muted,
    )?;
    ws.set_column_width(DATA_COL, 12)?;

    for (i, block) in layout.blocks.iter().enumerate() {
        let Some(kpi) = roadmap.kpis.get(block.kpi) else {
            continue;
        };
        let i = i as u32;
        let r0 = 1 + i * DATA_ROWS;
        write_target_data(ws, kpi, layout, r0, st)?;
        let chart = indicator_chart(roadmap, kpi, block, layout, r0);
        let row = TOP + (i / 2) * ROWS_PER_CHART;
        let col = (i % 2) as u16 * COLS_PER_CHART;
        ws.insert_chart_with_offset(row, col, &chart, 4, 0)?;
    }

    let chart_rows = (layout.blocks.len() as u32).div_ceil(2).max(1);
    let breaks: Vec<u32> = (1..chart_rows)
        .filter(|r| r % CHART_ROWS_PER_PAGE == 0)
        .map(|r| TOP + r * ROWS_PER_CHART)
        .collect();
    ws.set_page_breaks(&breaks)?;
    page_setup(ws, roadmap, Some((0, 0)))?;
    ws.set_print_area(
        0,
        0,
        TOP + chart_rows * ROWS_PER_CHART,
        2 * COLS_PER_CHART - 1,
    )?;
    Ok(())
}

/// Writes one indicator's rows of the data table from `r0`: its name, the years and the
/// target line the chart reads.
fn write_target_data(
    ws: &mut Worksheet,
    kpi: &Kpi,
    layout: &KpiLayout,
    r0: u32,
    st: &Styles,
) -> Result<(), XlsxError> {
    let (r_years, r_targets) = (r0 + 1, r0 + 2);
    ws.write_string_with_format(r0, DATA_COL, "指標", &st.muted)?;
    ws.write_string_with_format(r0, DATA_COL + 1, cell_text(&kpi.indicator), &st.muted)?;
    ws.write_string_with_format(r_years, DATA_COL, "年度", &st.muted)?;
    ws.write_string_with_format(r_targets, DATA_COL, "目標", &st.muted)?;

    // The baseline starts the target line: its own point before the year columns, or, when
    // it falls in one of them (a plan that measured its 現状値 in its first year), that
    // year's point, so no year is on the axis twice. The targets are the plan's fixed
    // figures, written as values: a missing one stays blank, which both Excel and
    // LibreOffice draw as a gap (an #N/A from a formula is drawn as 0 by LibreOffice). The
    // years are numbers, the x values of both lines.
    let c0 = DATA_COL + 1;
    let year = st.muted.clone().set_num_format(YEAR_FORMAT);
    let baseline = kpi.baseline.as_ref();
    let base_value = baseline.and_then(|b| b.value.figure());
    let mut points: Vec<(FiscalYear, Option<f64>)> = Vec::new();
    if !baseline_in_columns(kpi, layout) {
        let first = layout.years.first().copied().unwrap_or_default();
        points.push((baseline.map_or(first - 1, |b| b.fiscal_year), base_value));
    }
    for y in &layout.years {
        let target = point_in(&kpi.targets, *y).and_then(|p| p.value.figure());
        let from_base = base_value.filter(|_| baseline.is_some_and(|b| b.fiscal_year == *y));
        points.push((*y, target.or(from_base)));
    }
    for (k, (y, target)) in points.into_iter().enumerate() {
        let c = c0 + k as u16;
        ws.write_number_with_format(r_years, c, f64::from(y), &year)?;
        if let Some(v) = target {
            ws.write_number_with_format(r_targets, c, stored(&kpi.unit, v), &st.muted)?;
        }
    }
    Ok(())
}

/// The baseline's year is one of the plan's year columns in KPI一覧 (a plan that measured
/// its 現状値 in its first year): the charts start at that column, whose 実績 is the
/// baseline, rather than at 基準値, which would put the year on the axis twice. (A baseline
/// in the year before the plan is not repeated in that year's column when it has one, so
/// its charts start at 基準値.)
fn baseline_in_columns(kpi: &Kpi, layout: &KpiLayout) -> bool {
    let plan_years = layout.years.get(layout.rated_from..).unwrap_or_default();
    kpi.baseline
        .as_ref()
        .is_some_and(|b| plan_years.contains(&b.fiscal_year))
}

/// How a year shows on the data table and the charts' year axis: `2025年度`.
const YEAR_FORMAT: &str = "0\"年度\"";

/// The chart of one indicator whose data table starts at `r0`: the target line (unless the
/// targets are only ↑ / ↓) and the actual line, over every year from the baseline's to the
/// plan's last, the value axis from zero.
fn indicator_chart(
    roadmap: &Roadmap,
    kpi: &Kpi,
    block: &KpiBlock,
    layout: &KpiLayout,
    r0: u32,
) -> Chart {
    let (r_years, r_targets) = (r0 + 1, r0 + 2);
    let c0 = DATA_COL + 1;
    // The actuals are KPI一覧's 実績 row itself (baseline, then one cell per year), so an
    // actual typed in there shows at once, and blanks are gaps.
    let c_first = if baseline_in_columns(kpi, layout) {
        C_YEAR0
    } else {
        C_BASE
    };
    let c_last_year = C_YEAR0 + layout.years.len() as u16 - 1;
    let c_last = c0 + (c_last_year - c_first);
    let actuals = (
        SHEET_KPI,
        block.actual_row,
        c_first,
        block.actual_row,
        c_last_year,
    );

    let mut chart = Chart::new(ChartType::ScatterStraightWithMarkers);
    let font = ChartFont::new().set_name(FONT).set_size(9).clone();
    chart
        .title()
        .set_name((SHEET_CHARTS, r0, DATA_COL + 1))
        .set_font(ChartFont::new().set_name(FONT).set_size(10).set_bold());
    if !block.directional {
        chart
            .add_series()
            .set_name("目標")
            .set_categories((SHEET_CHARTS, r_years, c0, r_years, c_last))
            .set_values((SHEET_CHARTS, r_targets, c0, r_targets, c_last))
            .set_format(
                ChartFormat::new().set_line(
                    ChartLine::new()
                        .set_color("#5B9BD5")
                        .set_width(2.0)
                        .set_dash_type(ChartLineDashType::Dash),
                ),
            )
            .set_marker(
                ChartMarker::new()
                    .set_type(ChartMarkerType::Diamond)
                    .set_size(6)
                    .set_format(ChartFormat::new().set_solid_fill(
                        rust_xlsxwriter::ChartSolidFill::new().set_color("#5B9BD5"),
                    )),
            );
    }
    chart
        .add_series()
        .set_name("実績")
        .set_categories((SHEET_CHARTS, r_years, c0, r_years, c_last))
        .set_values(actuals)
        .set_format(
            ChartFormat::new().set_line(ChartLine::new().set_color("#ED7D31").set_width(2.25)),
        )
        .set_marker(
            ChartMarker::new()
                .set_type(ChartMarkerType::Circle)
                .set_size(7)
                .set_format(
                    ChartFormat::new().set_solid_fill(
                        rust_xlsxwriter::ChartSolidFill::new().set_color("#ED7D31"),
                    ),
                ),
        );
    let lowest = kpi
        .baseline
        .iter()
        .chain(&kpi.targets)
        .chain(&kpi.actuals)
        .filter_map(|p| p.value.figure())
        .map(|v| stored(&kpi.unit, v))
        .fold(0.0_f64, f64::min);
    // The top and the ticks are Excel's own, unlike roadmap.html's and progress.pdf's
    // (render::kpi_chart): this chart is live, and an actual typed into KPI一覧 later must
    // still fit.
    chart
        .y_axis()
        .set_min(lowest)
        .set_num_format(&block.num_format)
        .set_font(&font);
    let years = kpi.chart_years(roadmap.plan.period);
    let (first, last) = (
        years.first().copied().unwrap_or_default(),
        years.last().copied().unwrap_or_default(),
    );
    chart
        .x_axis()
        .set_min(f64::from(first))
        .set_max(f64::from(last))
        .set_major_unit(1.0)
        .set_num_format(YEAR_FORMAT)
        .set_major_gridlines(false)
        .set_font(&font);
    chart
        .legend()
        .set_position(ChartLegendPosition::Bottom)
        .set_font(&font);
    chart.set_width(CHART_WIDTH).set_height(CHART_HEIGHT);
    chart.set_alt_text(format!("{}の目標と実績の推移", kpi.indicator));
    chart
}
