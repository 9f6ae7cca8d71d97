//! kpi.xlsx on paper and as numbers (issue #26): every sheet is fitted to the page width
//! only (as many pages tall as it needs), landscape, with its header rows repeated and its
//! panes frozen, and its printed columns narrow enough that A4 fits them at 80 % or more,
//! so 10-point text prints at 8 points or more; percentages are fractions with a percent
//! format; the charts' value axes start at zero and their year axes hold every year.

use std::io::Read;

use koteihyo::render::xlsx::render;

use crate::pdf_support;
use crate::pdf_tagged_progress::report_all;

fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut text = String::new();
    zip.by_name(name)
        .expect("part")
        .read_to_string(&mut text)
        .expect("read");
    text
}

/// The published roadmap's frame with a progress report on every item, so that 進捗状況 is
/// in the workbook too.
fn workbook() -> Vec<u8> {
    let mut rm = pdf_support::roadmap();
    report_all(&mut rm);
    render(&rm, &[], &Default::default()).expect("workbook")
}

/// The value of `attr="…"` in `tag`.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let at = tag.find(&key)? + key.len();
    tag[at..].split('"').next()
}

/// The first `<name …>` tag of `xml`.
fn tag<'a>(xml: &'a str, name: &str) -> Option<&'a str> {
    let at = xml.find(&format!("<{name} "))?;
    xml[at..].split('>').next()
}

/// 1-based column number of letters `AB`.
fn column(letters: &str) -> u32 {
    letters
        .bytes()
        .fold(0, |n, b| n * 26 + u32::from(b - b'A' + 1))
}

/// The summed widths (as stored, padding included) of columns `1..=last`; a column the
/// sheet leaves at the default is 8.43 + 0.71.
fn printed_width(sheet: &str, last: u32) -> f64 {
    let mut widths = vec![9.14; last as usize];
    for col in sheet.split("<col ").skip(1) {
        let n = |a| attr(&format!(" {col}"), a).and_then(|v| v.parse::<f64>().ok());
        let (Some(min), Some(max), Some(w)) = (n("min"), n("max"), n("width")) else {
            continue;
        };
        for c in (min as u32)..=(max as u32).min(last) {
            widths[c as usize - 1] = if col.contains("hidden=\"1\"") { 0.0 } else { w };
        }
    }
    widths.iter().sum()
}

/// The last printed column: the print area's, else the sheet's used range's.
fn last_column(book: &str, index: usize, sheet: &str) -> u32 {
    let area = book
        .split("<definedName name=\"_xlnm.Print_Area\"")
        .skip(1)
        .find(|d| d.starts_with(&format!(" localSheetId=\"{index}\"")))
        .and_then(|d| d.split('>').nth(1))
        .and_then(|d| d.split('<').next())
        .map(str::to_string);
    let range = area.unwrap_or_else(|| {
        tag(sheet, "dimension")
            .and_then(|t| attr(t, "ref"))
            .unwrap_or("A1")
            .to_string()
    });
    let end = range.rsplit(':').next().unwrap_or("A1");
    column(
        &end.chars()
            .filter(char::is_ascii_uppercase)
            .collect::<String>(),
    )
}

#[test]
fn every_sheet_prints_landscape_fitted_to_its_width_at_8_points_with_headers_and_panes() {
    let bytes = workbook();
    let book = part(&bytes, "xl/workbook.xml");
    let names: Vec<&str> = book
        .split("<sheet name=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    assert!(names.contains(&"進捗状況"), "{names:?}");
    // A4 landscape holds 980 pt at 80 %; LibreOffice prints a width unit as 5.74 pt.
    let budget = 980.0 / 5.74;
    for (i, name) in names.iter().enumerate() {
        let sheet = part(&bytes, &format!("xl/worksheets/sheet{}.xml", i + 1));
        let setup = tag(&sheet, "pageSetup").unwrap_or_default();
        assert_eq!(attr(setup, "orientation"), Some("landscape"), "{name}");
        assert_eq!(
            attr(setup, "fitToHeight"),
            Some("0"),
            "{name}: pages as tall as needed"
        );
        assert!(
            matches!(attr(setup, "fitToWidth"), None | Some("1")),
            "{name}"
        );
        assert!(sheet.contains("<pageSetUpPr fitToPage=\"1\""), "{name}");
        let titles = format!("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"{i}\">");
        assert!(book.contains(&titles), "{name}: no repeated header rows");
        // グラフ has no table to scroll under a header; every other sheet keeps its header.
        if *name != "グラフ" {
            let pane = tag(&sheet, "pane").unwrap_or_default();
            assert_eq!(
                attr(pane, "state"),
                Some("frozen"),
                "{name}: no frozen pane"
            );
        }
        let width = printed_width(&sheet, last_column(&book, i, &sheet));
        assert!(
            width <= budget,
            "{name}: {width:.1} width units print at {:.1} pt",
            10.0 * (980.0 / 5.74 / width).min(1.0) * 0.8
        );
    }
}

#[test]
fn percentages_are_fractions_with_a_percent_format() {
    // The workbook fixture's 全般 indicator has the unit % (as the KPI sheet reader gives it).
    let rm = crate::xlsx_fixture::roadmap();
    assert!(rm.kpis.iter().any(|k| k.unit == "%"));
    let bytes = render(&rm, &[], &Default::default()).expect("workbook");
    let styles = part(&bytes, "xl/styles.xml");
    assert!(styles.contains("formatCode=\"0.0%\""), "{styles}");
    // No percentage written as a number with a literal % after it.
    assert!(!styles.contains("&quot;%&quot;"), "{styles}");
    let kpi = part(&bytes, "xl/worksheets/sheet1.xml");
    // The 全般 indicator's baseline (row 6, 基準値 F): 39.2% as 0.392.
    let cell = kpi.split("<c r=\"F6\"").nth(1).expect("F6");
    let value = cell.split("<v>").nth(1).and_then(|v| v.split('<').next());
    assert_eq!(value.and_then(|v| v.parse::<f64>().ok()), Some(0.392));
}

#[test]
fn charts_start_at_zero_and_hold_every_year() {
    let bytes = workbook();
    let rm = pdf_support::roadmap();
    for (k, kpi) in rm.kpis.iter().enumerate() {
        let chart = part(&bytes, &format!("xl/charts/chart{}.xml", k + 1));
        assert!(chart.contains("<c:scatterChart>"), "chart {k}: a year axis");
        let axes: Vec<&str> = chart.split("<c:valAx>").skip(1).collect();
        assert_eq!(axes.len(), 2, "chart {k}");
        let years = kpi.chart_years(rm.plan.period);
        let (first, last) = (years[0], years[years.len() - 1]);
        let x = axes
            .iter()
            .find(|a| a.contains("<c:axPos val=\"b\"/>"))
            .expect("x axis");
        assert!(x.contains(&format!("<c:max val=\"{last}\"/>")), "{x}");
        assert!(x.contains(&format!("<c:min val=\"{first}\"/>")), "{x}");
        assert!(x.contains("<c:majorUnit val=\"1\"/>"), "{x}");
        let y = axes
            .iter()
            .find(|a| a.contains("<c:axPos val=\"l\"/>"))
            .expect("y axis");
        assert!(y.contains("<c:min val=\"0\"/>"), "{y}");
    }
}

/// The x values (years) a chart series reads, in order, from its cached points.
fn x_years(series: &str) -> Vec<String> {
    let xval = series.split("<c:xVal>").nth(1).unwrap_or_default();
    let xval = xval.split("</c:xVal>").next().unwrap_or_default();
    xval.split("<c:v>")
        .skip(1)
        .filter_map(|v| v.split('<').next())
        .map(str::to_string)
        .collect()
}

/// A plan that measured its 現状値 in its first year (the second plan: 2022–2026 with
/// 現状値(2022年)) has that year once on each line of its chart, not as the baseline's point
/// and again as the first year's; the target line starts at the baseline there, and the
/// actual line reads KPI一覧's year columns, whose first holds the baseline.
#[test]
fn a_baseline_in_the_first_plan_year_puts_that_year_on_the_axis_once() {
    let dir = crate::support::temp_dir("xlsx_paper_second_plan");
    crate::support::second_plan(&dir);
    let rm = crate::support::load(&dir).roadmap;
    assert_eq!(rm.plan.period.first, 2022);
    let bytes = render(&rm, &[], &Default::default()).expect("workbook");
    for k in 0..rm.kpis.len() {
        let chart = part(&bytes, &format!("xl/charts/chart{}.xml", k + 1));
        let series: Vec<&str> = chart.split("<c:ser>").skip(1).collect();
        assert_eq!(series.len(), 2, "chart {k}: target and actual");
        for s in &series {
            let years = x_years(s);
            let expected: Vec<String> = (2022..=2026).map(|y| y.to_string()).collect();
            assert_eq!(years, expected, "chart {k}");
        }
        // The actual line starts at KPI一覧's first year column (G), not at 基準値 (F).
        assert!(
            series[1].contains("KPI一覧!$G$"),
            "chart {k}: {}",
            series[1]
        );
        // The target line's first point is the baseline.
        let yval = series[0].split("<c:yVal>").nth(1).unwrap_or_default();
        assert!(yval.contains("<c:pt idx=\"0\">"), "chart {k}: {yval}");
    }
}

/// With a later R6 actual (an R6 column in KPI一覧), an indicator whose baseline is its R6
/// figure keeps that figure in its chart: KPI一覧 shows it once, in 基準値, not in the R6
/// column, so its actual line still starts at 基準値 (F).
#[test]
fn a_baseline_in_the_year_before_the_plan_stays_on_its_chart_beside_a_later_r6_column() {
    let rm = crate::xlsx_fixture::with_later_r6_actual(crate::xlsx_fixture::roadmap());
    assert!(rm
        .kpis
        .iter()
        .any(|k| k.baseline.as_ref().is_some_and(|b| b.fiscal_year == 2024)));
    let bytes = render(&rm, &[], &Default::default()).expect("workbook");
    // No baseline of this plan is in a plan year: every actual line starts at 基準値.
    for k in 0..rm.kpis.len() {
        let chart = part(&bytes, &format!("xl/charts/chart{}.xml", k + 1));
        let actual = chart.split("<c:ser>").last().unwrap_or_default();
        assert!(actual.contains("KPI一覧!$F$"), "chart {k}: {actual}");
    }
}
