//! Formats and document properties shared by the generated workbooks.

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, XlsxError,
};

pub fn err(e: XlsxError) -> String {
    format!("xlsx: {e}")
}

/// A workbook with fixed document properties: rust_xlsxwriter stamps the current time
/// otherwise, and the committed files must not change between runs.
pub fn workbook(title: &str) -> Result<Workbook, String> {
    let mut wb = Workbook::new();
    let when = ExcelDateTime::from_ymd(2025, 3, 31).map_err(err)?;
    let props = DocProperties::new()
        .set_title(title)
        .set_author("高山市")
        .set_company("高山市")
        .set_creation_datetime(&when);
    wb.set_properties(&props);
    Ok(wb)
}

pub fn title() -> Format {
    Format::new().set_bold().set_font_size(14)
}

pub fn header() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(0xDDEBF7)
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
}

pub fn cell() -> Format {
    Format::new()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Top)
}

/// Step cells: a light fill so the bars read as bars in Excel.
pub fn step() -> Format {
    cell().set_background_color(0xFFF2CC)
}
