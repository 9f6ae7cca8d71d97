//! The findings of a receipt: where each goes on the table, the 指摘 sheet (every finding,
//! sorted by cell) and the 変更点 sheet.

use rust_xlsxwriter::{ProtectionOptions, Worksheet, XlsxError};

use super::table::{Drawn, Placed, Styles};
use crate::diagnostic::{Diagnostic, Lang};
use crate::model::Roadmap;
use crate::revision::diff::{Changes, Side};

/// The findings about `file`, sorted by sheet and cell (the file's own first).
pub(super) fn of_file<'a>(diagnostics: &'a [Diagnostic], file: &str) -> Vec<&'a Diagnostic> {
    let mut found: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.place.file == file)
        .collect();
    found.sort_by_key(|d| (d.place.sheet.clone(), d.place.cell, d.severity()));
    found
}

/// Where each finding goes on the table: the receipt cell for the cell it names, else the
/// row read, else nowhere (listed above the table).
pub(super) fn place(found: &[&Diagnostic], drawn: &Drawn, lang: Lang) -> Placed {
    let mut placed = Placed {
        on: Default::default(),
        loose: Vec::new(),
        at: Vec::new(),
        texts: Vec::new(),
    };
    for (i, d) in found.iter().enumerate() {
        placed.texts.push(note_text(d, lang));
        let at = match (&d.place.sheet, d.place.cell) {
            (Some(sheet), Some((r, c))) => drawn
                .by_cell
                .get(&(sheet.clone(), r, c))
                .copied()
                .or_else(|| {
                    let row = drawn.by_row.get(&(sheet.clone(), r))?;
                    Some((*row, drawn.read_col()))
                }),
            _ => None,
        };
        placed.at.push(at);
        match at {
            Some(cell) => placed.on.entry(cell).or_default().push(i),
            None => placed.loose.push(i),
        }
    }
    placed
}

/// A note: severity and cell of the file, message, hint.
fn note_text(d: &Diagnostic, lang: Lang) -> String {
    let mut s = format!(
        "【{}】{} {}",
        d.severity().label(lang),
        where_(d),
        d.message(lang)
    );
    if let Some(h) = d.hint(lang) {
        s.push_str("\n→ ");
        s.push_str(&h);
    }
    s
}

/// `工程表!F12`, `工程表`, or `-`.
fn where_(d: &Diagnostic) -> String {
    match (&d.place.sheet, d.place.a1()) {
        (Some(sheet), Some(cell)) => format!("{sheet}!{cell}"),
        (Some(sheet), None) => sheet.clone(),
        _ => "-".to_string(),
    }
}

/// The 指摘 sheet: one row per finding, in cell order, with where it is on the receipt.
pub(super) fn write(
    ws: &mut Worksheet,
    found: &[&Diagnostic],
    placed: &Placed,
    lang: Lang,
    st: &Styles,
    roadmap: &Roadmap,
) -> Result<(), XlsxError> {
    let headings = [
        "重要度",
        "シート",
        "セル",
        "内容",
        "直し方",
        "確認票のセル",
        "コード",
    ];
    let widths = [8.0, 12.0, 8.0, 60.0, 44.0, 10.0, 18.0];
    for (c, (h, w)) in headings.iter().zip(widths).enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &st.header)?;
        ws.set_column_width(c as u16, w)?;
    }
    if found.is_empty() {
        ws.write_string_with_format(1, 0, "指摘はありません", &st.info)?;
    }
    for (k, d) in found.iter().enumerate() {
        let r = 1 + k as u32;
        let receipt = placed
            .at
            .get(k)
            .copied()
            .flatten()
            .map(|(row, col)| crate::render::xlsx::cell(row, col))
            .unwrap_or_else(|| "-".to_string());
        let cells = [
            d.severity().label(lang).to_string(),
            d.place.sheet.clone().unwrap_or_default(),
            d.place.a1().unwrap_or_default(),
            d.message(lang),
            d.hint(lang).unwrap_or_default(),
            receipt,
            d.code.as_str().to_string(),
        ];
        let mut lines = 1;
        for (c, text) in cells.iter().enumerate() {
            let f = if c == 0 && d.severity() == crate::diagnostic::Severity::Error {
                &st.flagged
            } else {
                &st.text
            };
            ws.write_string_with_format(r, c as u16, crate::render::xlsx::cell_text(text), f)?;
            lines = lines.max(crate::render::xlsx::wrapped_lines(text, widths[c]));
        }
        ws.set_row_height(r, crate::render::xlsx::row_height(lines))?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, found.len() as u32, headings.len() as u16 - 1)?;
    page(ws, roadmap)
}

/// The 変更点 sheet: the changes whose before or after is the department's.
pub(super) fn write_changes(
    ws: &mut Worksheet,
    changes: &Changes,
    department: &str,
    st: &Styles,
    roadmap: &Roadmap,
) -> Result<(), XlsxError> {
    let style = &roadmap.plan.style;
    let headings = [
        "種類".to_string(),
        format!("{}・{}", style.words.pillar, style.words.policy),
        style.words.initiative.clone(),
        style.item_word().to_string(),
        "変更前".to_string(),
        "変更後".to_string(),
    ];
    let widths = [14.0, 9.0, 28.0, 24.0, 40.0, 40.0];
    for (c, (h, w)) in headings.iter().zip(widths).enumerate() {
        ws.write_string_with_format(0, c as u16, h, &st.header)?;
        ws.set_column_width(c as u16, w)?;
    }
    let ours = |s: &Option<Side>| s.as_ref().is_some_and(|s| s.department == department);
    let mine: Vec<_> = changes
        .changes
        .iter()
        .filter(|c| ours(&c.old) || ours(&c.new))
        .collect();
    if mine.is_empty() {
        ws.write_string_with_format(1, 0, "前回の版からの変更はありません", &st.info)?;
    }
    let side = |s: &Option<Side>| {
        s.as_ref()
            .map(|s| format!("{}（{}）", s.text, s.span))
            .unwrap_or_default()
    };
    for (k, c) in mine.iter().enumerate() {
        let r = 1 + k as u32;
        let any = c.new.as_ref().or(c.old.as_ref());
        let cells = [
            c.label().to_string(),
            c.group.clone(),
            any.map(|s| s.initiative.clone()).unwrap_or_default(),
            any.map(|s| s.item.clone()).unwrap_or_default(),
            side(&c.old),
            side(&c.new),
        ];
        let mut lines = 1;
        for (col, text) in cells.iter().enumerate() {
            ws.write_string_with_format(
                r,
                col as u16,
                crate::render::xlsx::cell_text(text),
                &st.text,
            )?;
            lines = lines.max(crate::render::xlsx::wrapped_lines(text, widths[col]));
        }
        ws.set_row_height(r, crate::render::xlsx::row_height(lines))?;
    }
    ws.set_freeze_panes(1, 0)?;
    page(ws, roadmap)
}

/// Printed like the workbook's sheets (A4 landscape, one page wide, the heading row on every
/// page); protected, the filter still usable.
fn page(ws: &mut Worksheet, roadmap: &Roadmap) -> Result<(), XlsxError> {
    super::table::page_setup(ws, roadmap, Some((0, 0)))?;
    ws.protect_with_options(&ProtectionOptions {
        use_autofilter: true,
        ..ProtectionOptions::new()
    });
    Ok(())
}
