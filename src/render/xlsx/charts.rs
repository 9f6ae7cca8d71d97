//! グラフ: one line chart per indicator, targets against actuals with the baseline as the
//! first point, two charts side by side and two rows of them to an A4 landscape page.
//!
//! The charts read a small data table to the right of the print area whose cells refer to
//! KPI一覧, so an actual typed into KPI一覧 shows in its chart.

use rust_xlsxwriter::{
    Chart, ChartFont, ChartFormat, ChartLegendPosition, ChartLine, ChartLineDashType, ChartMarker,
    ChartMarkerType, Formula, Worksheet,
};

use super::kpi::{baseline_label, KpiLayout, C_BASE, C_YEAR0};
use super::{
    cell, num_result, page_setup, quote, short_year, Styles, XlsxError, FONT, SHEET_CHARTS,
    SHEET_KPI,
};
use crate::model::{KpiValue, Roadmap};

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
/// Rows of one indicator in the data table (name, years, targets, actuals) and a gap.
const DATA_ROWS: u32 = 5;

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
        "グラフ用データ（KPI一覧のセルを参照しています）",
        &st.muted,
    )?;
    ws.set_column_width(DATA_COL, 12)?;

    let kpi_sheet = quote(SHEET_KPI);
    for (i, block) in layout.blocks.iter().enumerate() {
        let Some(kpi) = roadmap.kpis.get(block.kpi) else {
            continue;
        };
        let i = i as u32;
        let r0 = 1 + i * DATA_ROWS;
        let (r_years, r_targets, r_actuals) = (r0 + 1, r0 + 2, r0 + 3);
        ws.write_string_with_format(r0, DATA_COL, "指標", &st.muted)?;
        ws.write_string_with_format(
            r0,
            DATA_COL + 1,
            super::cell_text(&kpi.indicator),
            &st.muted,
        )?;
        ws.write_string_with_format(r_years, DATA_COL, "年度", &st.muted)?;
        ws.write_string_with_format(r_targets, DATA_COL, "目標", &st.muted)?;
        ws.write_string_with_format(r_actuals, DATA_COL, "実績", &st.muted)?;

        // Column 0 of the series is the baseline; it starts both lines.
        let base = kpi.baseline.as_ref().and_then(|b| match b.value {
            KpiValue::Number(v) if v.is_finite() => Some(v),
            _ => None,
        });
        let c0 = DATA_COL + 1;
        ws.write_string_with_format(r_years, c0, baseline_label(kpi), &st.muted)?;
        let base_ref = format!("{kpi_sheet}!{}", cell(block.actual_row, C_BASE));
        let base_formula = link(&base_ref, base);
        ws.write_formula_with_format(r_targets, c0, base_formula.clone(), &st.muted)?;
        ws.write_formula_with_format(r_actuals, c0, base_formula, &st.muted)?;
        for (k, y) in layout.years.iter().enumerate() {
            let c = c0 + 1 + k as u16;
            let src_col = C_YEAR0 + k as u16;
            ws.write_string_with_format(r_years, c, short_year(*y), &st.muted)?;
            let value = |points: &[crate::model::KpiPoint]| {
                points
                    .iter()
                    .rev()
                    .find(|p| p.fiscal_year == *y)
                    .and_then(|p| match p.value {
                        KpiValue::Number(v) if v.is_finite() => Some(v),
                        _ => None,
                    })
            };
            let t_ref = format!("{kpi_sheet}!{}", cell(block.target_row, src_col));
            let a_ref = format!("{kpi_sheet}!{}", cell(block.actual_row, src_col));
            ws.write_formula_with_format(
                r_targets,
                c,
                link(&t_ref, value(&kpi.targets)),
                &st.muted,
            )?;
            ws.write_formula_with_format(
                r_actuals,
                c,
                link(&a_ref, value(&kpi.actuals)),
                &st.muted,
            )?;
        }
        let c_last = c0 + layout.years.len() as u16;

        let mut chart = Chart::new_line();
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
            .set_values((SHEET_CHARTS, r_actuals, c0, r_actuals, c_last))
            .set_format(
                ChartFormat::new().set_line(ChartLine::new().set_color("#ED7D31").set_width(2.25)),
            )
            .set_marker(
                ChartMarker::new()
                    .set_type(ChartMarkerType::Circle)
                    .set_size(7)
                    .set_format(ChartFormat::new().set_solid_fill(
                        rust_xlsxwriter::ChartSolidFill::new().set_color("#ED7D31"),
                    )),
            );
        chart
            .y_axis()
            .set_num_format(&block.num_format)
            .set_font(&font);
        chart.x_axis().set_font(&font);
        chart
            .legend()
            .set_position(ChartLegendPosition::Bottom)
            .set_font(&font);
        chart.set_width(CHART_WIDTH).set_height(CHART_HEIGHT);
        chart.set_alt_text(format!("{}の目標と実績の推移", kpi.indicator));

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

/// `=IF(ISNUMBER(ref),ref,NA())` with its result: #N/A leaves a gap in a line chart where a
/// blank would be drawn as zero by some readers.
fn link(reference: &str, value: Option<f64>) -> Formula {
    Formula::new(format!("IF(ISNUMBER({reference}),{reference},NA())")).set_result(match value {
        Some(v) => num_result(v),
        None => "#N/A".to_string(),
    })
}
