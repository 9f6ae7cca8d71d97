//! What calamine does not report but a clerk sees on screen: hidden rows (.xlsx, .ods; .xls
//! through `cfb`), and for .ods the merges and percent cells. Read from the package's XML,
//! which `guard` has already checked against the limits.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};

use super::drawing;
use super::limits;
pub(super) use super::look::push_range;
use super::look::{self, Look};
use super::xml::{self, attr, number, unescape};

/// Hidden rows by sheet name, as inclusive 0-based ranges.
pub type HiddenRows = HashMap<String, Vec<(u32, u32)>>;

/// What one sheet's XML says beyond its values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SheetLayout {
    /// Hidden rows, inclusive ranges, 0-based.
    pub hidden_rows: Vec<(u32, u32)>,
    /// Whether the sheet has an AutoFilter (`<autoFilter>`): its hidden rows are most likely
    /// filtered out, and the hint says to clear the filter.
    pub filtered: bool,
    /// Merged ranges (first_row, first_col, last_row, last_col), 0-based.
    pub merges: Vec<(u32, u32, u32, u32)>,
    /// Cells whose value type is a percentage (.ods), (row, col).
    pub percent: Vec<(u32, u32)>,
    /// Fills, struck text and notes (.ods).
    pub look: Look,
}

/// Most rows one repeated .ods row element is spelled out to when it marks percent cells:
/// a repeated row with values is a copy-down, never a million rows.
const MAX_REPEATED_MARKS: u32 = 10_000;

fn part(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<Vec<u8>> {
    let mut f = archive.by_name(name).ok()?;
    let mut out = Vec::new();
    f.by_ref()
        .take(limits::MAX_PART_BYTES)
        .read_to_end(&mut out)
        .ok()?;
    Some(out)
}

/// What an .xlsx package says of one sheet beyond its values.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct XlsxSheet {
    /// Hidden rows, inclusive ranges, 0-based.
    pub hidden_rows: Vec<(u32, u32)>,
    /// Whether the sheet has an AutoFilter (`<autoFilter>`): its hidden rows are most likely
    /// filtered out, and the hint says to clear the filter.
    pub filtered: bool,
    /// Fills, struck text, shapes and notes.
    pub look: Look,
}

/// The hidden rows and the look of every sheet of an .xlsx / .xlsm package, by sheet name,
/// in one pass over its parts (each inflated once). A package whose parts cannot be found
/// gives an empty map (calamine reports the damage).
pub fn xlsx_sheets(bytes: &[u8]) -> HashMap<String, XlsxSheet> {
    let mut out = HashMap::new();
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return out;
    };
    let (Some(book), Some(rels)) = (
        part(&mut archive, "xl/workbook.xml"),
        part(&mut archive, "xl/_rels/workbook.xml.rels"),
    ) else {
        return out;
    };
    let typed = xml::relationships(&rels);
    let mut by_type = |suffix: &str, default: &str| {
        let path = typed
            .iter()
            .find(|(_, t, _)| t.ends_with(suffix))
            .map_or(default.to_string(), |(_, _, target)| {
                xml::resolve_target("xl", target)
            });
        part(&mut archive, &path).unwrap_or_default()
    };
    let styles = look::styles(&by_type("/styles", "xl/styles.xml"));
    let shared = look::shared_strings(&by_type("/sharedStrings", "xl/sharedStrings.xml"));
    let targets: HashMap<String, String> = typed
        .iter()
        .map(|(id, _, target)| (id.clone(), target.clone()))
        .collect();
    for (name, id) in sheet_ids(&book) {
        let Some(target) = targets.get(&id) else {
            continue;
        };
        let path = xml::resolve_target("xl", target);
        let Some(xml) = part(&mut archive, &path) else {
            continue;
        };
        let cells = look::sheet_xml(&xml, &styles, &shared);
        let mut sheet = XlsxSheet {
            hidden_rows: cells.hidden_rows,
            filtered: cells.filtered,
            look: Look {
                fills: cells.fills,
                struck: cells.struck,
                ..Look::default()
            },
        };
        drawn_parts(&mut archive, &path, &mut sheet.look);
        out.insert(name, sheet);
    }
    out
}

/// The shapes of a sheet's drawing and the notes of its comments, found through the
/// sheet's relationships.
fn drawn_parts(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, sheet: &str, look: &mut Look) {
    let (rels, folder) = xml::rels_of(sheet);
    let Some(rels) = part(archive, &rels) else {
        return;
    };
    for (_, kind, target) in xml::relationships(&rels) {
        let path = xml::resolve_target(&folder, &target);
        if kind.ends_with("/drawing") {
            look.shapes.extend(
                part(archive, &path)
                    .map(|x| drawing::drawing(&x))
                    .unwrap_or_default(),
            );
        } else if kind.ends_with("/comments") {
            look.notes.extend(
                part(archive, &path)
                    .map(|x| drawing::comments(&x))
                    .unwrap_or_default(),
            );
        }
    }
    look.shapes.sort_by_key(|s| (s.first_row, s.first_col));
    look.notes.sort_by_key(|n| (n.row, n.col));
}

/// (sheet name, relationship id) from `workbook.xml`.
fn sheet_ids(xml: &[u8]) -> Vec<(String, String)> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) if e.local_name().as_ref() == "sheet" => {
                let name = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.as_ref() == "name")
                    .map(|a| unescape(&a.value));
                let id = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.local_name().as_ref() == "id")
                    .map(|a| a.value.to_string());
                if let (Some(name), Some(id)) = (name, id) {
                    out.push((name, id));
                }
            }
            Ok(Event::Eof) | Err(_) => return out,
            _ => {}
        }
        buf.clear();
    }
}

/// Each table of an .ods package's `content.xml`, by name: hidden rows
/// (`table:visibility="collapse"` or `"filter"`; LibreOffice writes `collapse`), merges (`table:number-columns-spanned`,
/// `table:number-rows-spanned`) and percent cells (`office:value-type="percentage"`).
pub fn ods_layout(bytes: &[u8]) -> HashMap<String, SheetLayout> {
    let mut out = HashMap::new();
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return out;
    };
    let Some(xml) = part(&mut archive, "content.xml") else {
        return out;
    };
    out = ods_tables(&xml);
    for (name, look) in super::ods_look::read(&xml) {
        out.entry(name).or_default().look = look;
    }
    out
}

/// The hidden rows, merges and percent cells of each table of a `content.xml`.
fn ods_tables(xml: &[u8]) -> HashMap<String, SheetLayout> {
    let mut out = HashMap::new();
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut table: Option<(String, SheetLayout)> = None;
    let (mut row, mut col, mut repeat) = (0u32, 0u32, 1u32);
    // Depth of nested tables (a sub-table's cells are not the sheet's).
    let mut depth = 0usize;
    loop {
        let (e, opened) = match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => (e.into_owned(), true),
            Ok(Event::Empty(e)) => (e.into_owned(), false),
            Ok(Event::End(e)) => {
                match e.name().as_ref() {
                    "table:table" => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            if let Some((name, layout)) = table.take() {
                                out.insert(name, layout);
                            }
                        }
                    }
                    "table:table-row" if depth == 1 => row = row.saturating_add(repeat),
                    _ => {}
                }
                buf.clear();
                continue;
            }
            Ok(Event::Eof) | Err(_) => return out,
            _ => {
                buf.clear();
                continue;
            }
        };
        buf.clear();
        match e.name().as_ref() {
            "table:table" if opened => {
                depth += 1;
                if depth == 1 {
                    let name = attr(&e, "table:name").unwrap_or_default();
                    table = Some((name, SheetLayout::default()));
                    row = 0;
                }
            }
            "table:table-row" if depth == 1 => {
                repeat = number(&e, "table:number-rows-repeated");
                col = 0;
                let hidden = matches!(
                    attr(&e, "table:visibility").as_deref(),
                    Some("collapse" | "collapsed" | "filter")
                );
                if let (true, Some((_, layout))) = (hidden, table.as_mut()) {
                    let last = row.saturating_add(repeat - 1);
                    push_range(&mut layout.hidden_rows, row, last);
                }
                if !opened {
                    row = row.saturating_add(repeat);
                }
            }
            "table:table-cell" | "table:covered-table-cell" if depth == 1 => {
                let cols = number(&e, "table:number-columns-repeated");
                if let Some((_, layout)) = table.as_mut() {
                    ods_cell(&e, row, col, repeat, layout);
                }
                col = col.saturating_add(cols);
            }
            _ => {}
        }
    }
}

fn ods_cell(e: &BytesStart<'_>, row: u32, col: u32, repeat: u32, layout: &mut SheetLayout) {
    if e.name().as_ref() != "table:table-cell" {
        return;
    }
    let across = number(e, "table:number-columns-spanned");
    let down = number(e, "table:number-rows-spanned");
    if across > 1 || down > 1 {
        layout.merges.push((
            row,
            col,
            row.saturating_add(down - 1),
            col.saturating_add(across - 1),
        ));
    }
    if attr(e, "office:value-type").as_deref() == Some("percentage") {
        let cols = number(e, "table:number-columns-repeated").min(MAX_REPEATED_MARKS);
        for r in 0..repeat.min(MAX_REPEATED_MARKS) {
            for c in 0..cols {
                layout
                    .percent
                    .push((row.saturating_add(r), col.saturating_add(c)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_rows_of_a_worksheet_part() {
        let xml = br#"<worksheet><sheetData><row r="2"/><row r="5" hidden="1"/><row hidden="1"/><row r="9" hidden="true"/></sheetData></worksheet>"#;
        let read = look::sheet_xml(xml, &look::Styles::default(), &HashMap::new());
        assert_eq!(read.hidden_rows, vec![(4, 5), (8, 8)]);
    }

    #[test]
    fn sheet_ids_of_a_workbook() {
        let book = br#"<workbook><sheets><sheet name="A&amp;B" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
        assert_eq!(
            sheet_ids(book),
            vec![("A&B".to_string(), "rId1".to_string())]
        );
    }

    #[test]
    fn ods_hidden_rows_merges_and_percentages() {
        use std::io::Write;
        let content = r#"<office:document-content><office:body><office:spreadsheet><table:table table:name="工程表"><table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row><table:table-row table:visibility="collapse"><table:table-cell table:number-columns-repeated="3"/><table:table-cell table:number-columns-spanned="2" office:value-type="string"/><table:covered-table-cell/><table:table-cell office:value-type="percentage" office:value="0.415"/></table:table-row></table:table><table:table table:name="KPI"/></office:spreadsheet></office:body></office:document-content>"#;
        let mut bytes = Vec::new();
        {
            let mut zip = zip::ZipWriter::new(std::io::Cursor::new(&mut bytes));
            zip.start_file("content.xml", zip::write::SimpleFileOptions::default())
                .expect("zip");
            zip.write_all(content.as_bytes()).expect("zip");
            zip.finish().expect("zip");
        }
        let layouts = ods_layout(&bytes);
        let sheet = layouts.get("工程表").expect("table");
        assert_eq!(sheet.hidden_rows, vec![(2, 2)]);
        assert_eq!(sheet.merges, vec![(2, 3, 2, 4)]);
        assert_eq!(sheet.percent, vec![(2, 5)]);
        assert_eq!(
            layouts.get("KPI"),
            None,
            "an empty table element has no layout"
        );
    }

    #[test]
    fn percent_formats() {
        assert!(crate::ingest::is_percent_format("0%"));
        assert!(crate::ingest::is_percent_format("#,##0.0%;[Red]-0.0%"));
        assert!(!crate::ingest::is_percent_format("0.0\\%"));
        assert!(!crate::ingest::is_percent_format("0.0\"%\""));
    }
}
