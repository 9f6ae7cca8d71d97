//! What every sheet of the workbook shares: the sheet names, the cell formats, the page
//! setup, column widths and row heights, cell references and texts.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Worksheet};

use super::error::XlsxError;
use crate::model::Roadmap;

/// Sheet names. Formulas and defined names refer to them, so they live in one place.
pub const SHEET_KPI: &str = "KPI一覧";
/// Sheet of the KPI charts.
pub const SHEET_CHARTS: &str = "グラフ";
/// Sheet of all steps.
pub const SHEET_STEPS: &str = "工程一覧";
/// Sheet of the run's diagnostics.
pub const SHEET_CHECKS: &str = "入力チェック";
/// Sheet of the counts.
pub const SHEET_SUMMARY: &str = "集計";

/// Widths of 集計's two label columns: its sections set them, and the progress counts
/// written below them on the same sheet share them.
pub(super) const SUMMARY_W_LABEL: f64 = 22.0;
/// See [`SUMMARY_W_LABEL`].
pub(super) const SUMMARY_W_SUB: f64 = 34.0;

/// Font of every cell: the project's UD font (also used by the PDF); Excel falls back to
/// its Japanese default where it is missing.
pub(crate) const FONT: &str = "BIZ UDPゴシック";

/// Cell formats shared by the sheets.
pub(crate) struct Styles {
    pub title: Format,
    pub note: Format,
    pub header: Format,
    pub group: Format,
    pub text: Format,
    pub text_center: Format,
    pub text_top: Format,
    pub text_top_center: Format,
    pub mark: Format,
    pub number: Format,
    pub total_label: Format,
    pub total_number: Format,
    pub muted: Format,
}

impl Styles {
    pub(super) fn new() -> Styles {
        let base = Format::new().set_font_name(FONT).set_font_size(10);
        let cell = base
            .clone()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        Styles {
            title: base.clone().set_bold().set_font_size(14),
            note: base.clone().set_font_color("#404040"),
            header: cell
                .clone()
                .set_bold()
                .set_background_color("#DDEBF7")
                .set_align(FormatAlign::Center)
                .set_text_wrap(),
            group: cell.clone().set_bold().set_background_color("#F2F2F2"),
            text: cell.clone().set_text_wrap(),
            text_center: cell.clone().set_align(FormatAlign::Center).set_text_wrap(),
            text_top: cell.clone().set_text_wrap().set_align(FormatAlign::Top),
            text_top_center: cell
                .clone()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::Top),
            mark: cell
                .clone()
                .set_align(FormatAlign::Center)
                .set_background_color("#BDD7EE")
                .set_font_color("#1F4E79"),
            number: cell.clone().set_num_format("#,##0"),
            total_label: cell.clone().set_bold().set_background_color("#F2F2F2"),
            total_number: cell
                .clone()
                .set_bold()
                .set_background_color("#F2F2F2")
                .set_num_format("#,##0"),
            muted: base.set_font_color("#808080"),
        }
    }
}

/// A4 landscape, fit to the page width, header rows repeated, the plan title in the page
/// header and the sheet name and page number in the footer.
pub(crate) fn page_setup(
    ws: &mut Worksheet,
    roadmap: &Roadmap,
    repeat: Option<(u32, u32)>,
) -> Result<(), XlsxError> {
    const A4: u8 = 9;
    ws.set_paper_size(A4)
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3)
        .set_print_center_horizontally(true)
        .set_footer("&L&A&R&P / &N");
    let title = header_escape(&roadmap.plan.title);
    // Excel limits a header to 255 characters; an over-long title is simply left out.
    if !title.is_empty() && title.chars().count() < 200 {
        ws.set_header(format!("&L{title}"));
    }
    if let Some((first, last)) = repeat {
        ws.set_repeat_rows(first, last)?;
    }
    Ok(())
}

/// `&` starts a code in page headers; a literal one is doubled.
fn header_escape(s: &str) -> String {
    s.replace('&', "&&")
}

/// Display width of a text in column-width units: full-width (CJK) characters count 2,
/// ASCII and half-width katakana 1. Of a multi-line text, its widest line.
///
/// rust_xlsxwriter's autofit counts every character as one, which is too narrow for
/// Japanese.
pub(crate) fn text_width(s: &str) -> f64 {
    s.split('\n')
        .map(|line| {
            line.chars()
                .map(|c| {
                    let u = c as u32;
                    if u < 0x80 || (0xFF61..=0xFF9F).contains(&u) {
                        1.0
                    } else {
                        2.0
                    }
                })
                .sum::<f64>()
        })
        .fold(0.0, f64::max)
}

/// A column width fitting the widest of `texts`, between `min` and `max` (longer texts wrap).
pub(crate) fn fit_width<'a>(texts: impl IntoIterator<Item = &'a str>, min: f64, max: f64) -> f64 {
    width_for(
        texts.into_iter().map(text_width).fold(0.0, f64::max),
        min,
        max,
    )
}

/// The column width for a widest text `widest` units wide, between `min` and `max`.
pub(crate) fn width_for(widest: f64, min: f64, max: f64) -> f64 {
    (widest + 2.0).clamp(min, max)
}

/// Number of lines a text takes when wrapped in a column `width` units wide.
pub(crate) fn wrapped_lines(s: &str, width: f64) -> u32 {
    let usable = (width - 1.0).max(1.0);
    s.split('\n')
        .map(|line| ((text_width(line) / usable).ceil() as u32).max(1))
        .sum()
}

/// Height in points of a row of 10-point text wrapped to `lines` lines. Set explicitly
/// because neither Excel nor LibreOffice re-fits row heights when opening a file.
pub(crate) fn row_height(lines: u32) -> f64 {
    (f64::from(lines.max(1)) * 13.0 + 3.0).max(16.0)
}

/// Excel's limit on the characters of one cell; longer text would make rust_xlsxwriter fail.
const CELL_LIMIT: usize = 32_767;

/// The text cut to what a cell can hold.
pub(crate) fn cell_text(s: &str) -> &str {
    match s.char_indices().nth(CELL_LIMIT) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// Column letters of a 0-based column.
pub(crate) fn col_name(col: u16) -> String {
    rust_xlsxwriter::utility::column_number_to_name(col)
}

/// A sheet name quoted for formulas (always quoted: valid for any name).
pub(crate) fn quote(sheet: &str) -> String {
    format!("'{}'", sheet.replace('\'', "''"))
}

/// A cell reference such as `G6` for a 0-based (row, col).
pub(crate) fn cell(row: u32, col: u16) -> String {
    format!("{}{}", col_name(col), row + 1)
}

/// A formula result as cached in the file: numbers in Rust's shortest round-trip form.
pub(crate) fn num_result(v: f64) -> String {
    if v.is_finite() {
        format!("{v}")
    } else {
        "#NUM!".to_string()
    }
}

/// 柱 as shown in the step table: label and title, e.g. `(1) “便利・快適”`.
pub(crate) fn pillar_name(label: &str, title: &str) -> String {
    match (label.is_empty(), title.is_empty()) {
        (false, false) => format!("{label} {title}"),
        (true, _) => title.to_string(),
        (false, true) => label.to_string(),
    }
}

/// The widest printed sheet, in column-width units summed over its printed columns, that
/// A4 landscape (784 pt between the margins of [`page_setup`]) fits to its width at 80 % or
/// more, so 10-point text prints at 8 points or more: 980 pt, at the 5.74 pt LibreOffice
/// prints a unit as (Excel: 5.25), less the 0.71 units of padding each column gets.
pub(crate) fn print_budget(columns: usize) -> f64 {
    980.0 / 5.74 - 0.71 * columns as f64
}

/// Narrows `widths` (with their `mins`) to the [`print_budget`]: each column gives up the
/// same share of what it has above its minimum; its text wraps onto more lines instead.
pub(crate) fn within_print(widths: &mut [f64], mins: &[f64]) {
    let budget = print_budget(widths.len());
    let total: f64 = widths.iter().sum();
    let spare: f64 = widths.iter().zip(mins).map(|(w, m)| (w - m).max(0.0)).sum();
    if total <= budget || spare <= 0.0 {
        return;
    }
    let share = ((total - budget) / spare).min(1.0);
    for (w, m) in widths.iter_mut().zip(mins) {
        // Whole tenths, so the same input gives the same bytes on every platform.
        *w = ((*w - (*w - m).max(0.0) * share) * 10.0).floor() / 10.0;
    }
}

/// Sizes a table started with [`header_row`]: each column to its texts within its (min, max)
/// width, narrowed to the [`print_budget`], and each data row as tall as its most wrapped
/// cell (row heights are never re-fitted by Excel or LibreOffice when a file opens).
pub(crate) fn fit_table(
    ws: &mut rust_xlsxwriter::Worksheet,
    columns: &[Vec<String>],
    limits: &[(f64, f64)],
) -> Result<(), XlsxError> {
    let mut widths: Vec<f64> = columns
        .iter()
        .zip(limits)
        .map(|(texts, (min, max))| fit_width(texts.iter().map(String::as_str), *min, *max))
        .collect();
    let mins: Vec<f64> = limits.iter().map(|(min, _)| *min).collect();
    within_print(&mut widths, &mins);
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    // Index 0 of every column is its header.
    let rows = columns.iter().map(Vec::len).max().unwrap_or(1);
    for r in 1..rows {
        let lines = columns
            .iter()
            .zip(&widths)
            .filter_map(|(texts, w)| texts.get(r).map(|t| wrapped_lines(t, *w)))
            .max()
            .unwrap_or(1);
        ws.set_row_height(r as u32, row_height(lines))?;
    }
    Ok(())
}

/// Writes a table's header row in row 1 and starts, for each column, the list of its texts
/// that the column width is later sized from.
pub(crate) fn header_row(
    ws: &mut rust_xlsxwriter::Worksheet,
    headers: &[&str],
    st: &Styles,
) -> Result<Vec<Vec<String>>, XlsxError> {
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &st.header)?;
    }
    Ok(headers.iter().map(|h| vec![h.to_string()]).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_count_full_width_twice() {
        assert_eq!(text_width("R7"), 2.0);
        assert_eq!(text_width("工程"), 4.0);
        assert_eq!(text_width("ｶﾅ"), 2.0);
        assert_eq!(text_width("ab\n工程表です"), 10.0);
        assert_eq!(wrapped_lines("工程工程工程", 7.0), 2);
        assert_eq!(fit_width(["工程"], 8.0, 30.0), 8.0);
        assert_eq!(
            fit_width(["工程工程工程工程工程工程工程工程"], 8.0, 30.0),
            30.0
        );
    }

    #[test]
    fn wide_tables_narrow_to_the_print_budget_above_their_minimums() {
        let mut widths = vec![60.0, 60.0, 60.0, 10.0];
        let mins = [20.0, 20.0, 40.0, 10.0];
        within_print(&mut widths, &mins);
        assert!(widths.iter().sum::<f64>() <= print_budget(4), "{widths:?}");
        assert!(widths.iter().zip(&mins).all(|(w, m)| w >= m), "{widths:?}");
        assert_eq!(widths[3], 10.0);
        let mut narrow = vec![20.0, 30.0];
        within_print(&mut narrow, &[10.0, 10.0]);
        assert_eq!(narrow, vec![20.0, 30.0]);
    }

    #[test]
    fn cells_and_quotes() {
        assert_eq!(cell(5, 6), "G6");
        assert_eq!(quote("KPI一覧"), "'KPI一覧'");
        assert_eq!(quote("a'b"), "'a''b'");
        assert_eq!(num_result(1.5), "1.5");
        assert_eq!(num_result(3.0), "3");
        assert_eq!(cell_text("abc"), "abc");
        assert_eq!(header_escape("A&B"), "A&&B");
    }
}
