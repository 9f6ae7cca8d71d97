//! 入力チェック: every diagnostic of the run, one row each, filterable by file so that a
//! department can be sent its own rows.

use rust_xlsxwriter::{ConditionalFormatFormula, Format, Worksheet};

use super::error::XlsxError;
use super::options::XlsxOptions;
use super::sheet::{cell_text, fit_table, header_row, page_setup, Styles};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Roadmap;

/// Last column of the table (ヒント).
pub(crate) const LAST_COL: u16 = 6;

/// Shown when the run found nothing.
pub(crate) const NOTHING: &str = "指摘事項はありません";

/// Writes the sheet and returns its last row (0-based).
pub(crate) fn write(
    ws: &mut Worksheet,
    roadmap: &Roadmap,
    diagnostics: &[Diagnostic],
    options: &XlsxOptions,
    st: &Styles,
) -> Result<u32, XlsxError> {
    let headers = [
        "重要度",
        "コード",
        "メッセージ",
        "ファイル",
        "シート",
        "セル",
        "対応のヒント",
    ];
    let mut columns = header_row(ws, &headers, st)?;

    let mut row = 1u32;
    for d in diagnostics {
        let values = [
            d.severity().label(options.lang).to_string(),
            d.code.as_str().to_string(),
            d.message(options.lang),
            d.place.file.clone(),
            d.place.sheet.clone().unwrap_or_default(),
            d.place.a1().unwrap_or_default(),
            d.hint(options.lang).unwrap_or_default(),
        ];
        for (c, v) in values.iter().enumerate() {
            let f = if c == 0 || c == 5 {
                &st.text_top_center
            } else {
                &st.text_top
            };
            ws.write_string_with_format(row, c as u16, cell_text(v), f)?;
        }
        for (c, v) in values.into_iter().enumerate() {
            columns[c].push(v);
        }
        row += 1;
    }
    if diagnostics.is_empty() {
        ws.write_string_with_format(row, 0, NOTHING, &st.text)?;
        row += 1;
    }
    let last_row = row - 1;

    let limits = [
        (6.0, 8.0),
        (10.0, 24.0),
        (20.0, 56.0),
        (10.0, 22.0),
        (8.0, 14.0),
        (6.0, 7.0),
        (16.0, 44.0),
    ];
    fit_table(ws, &columns, &limits)?;

    // Whole rows coloured by severity.
    for (severity, fill) in [
        (Severity::Error, "#FFC7CE"),
        (Severity::Warning, "#FFEB9C"),
        (Severity::Info, "#DDEBF7"),
    ] {
        let label = severity.label(options.lang);
        let cf = ConditionalFormatFormula::new()
            .set_rule(format!("=$A2=\"{label}\"").as_str())
            .set_format(Format::new().set_background_color(fill));
        ws.add_conditional_format(1, 0, last_row.max(1), LAST_COL, &cf)?;
    }

    ws.autofilter(0, 0, last_row, LAST_COL)?;
    ws.set_freeze_panes(1, 0)?;
    page_setup(ws, roadmap, Some((0, 0)))?;
    Ok(last_row)
}
