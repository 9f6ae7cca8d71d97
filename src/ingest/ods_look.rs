//! What an .ods sheet shows beyond its values, read from the same `content.xml` as its
//! layout ([`super::layout::ods_layout`]): cell fills (`fo:background-color`), struck text
//! (`style:text-line-through-style` on a cell style or a `text:span`) and cell notes
//! (`office:annotation`). Shapes are not read (README).

use std::collections::{HashMap, HashSet};

use quick_xml::events::{BytesStart, Event};

use super::look::{Fill, Look, Note, Struck};
use super::xml::{attr, event_text, number};

/// Most cells one repeated cell element is spelled out to when it carries a fill: a
/// repeated fill is a copy-down or the rest of a row, never a million cells.
const MAX_REPEATED_FILLS: u32 = 10_000;

/// The automatic styles: cell styles' fills, and the cell and text styles that strike.
#[derive(Default)]
struct Styles {
    fill: HashMap<String, String>,
    struck: HashSet<String>,
}

/// A cell being read: its text as runs (text, struck), its note, where it is.
#[derive(Default)]
struct OpenCell {
    row: u32,
    col: u32,
    style_struck: bool,
    runs: Vec<(String, bool)>,
    /// Struck state of the open spans, innermost last.
    spans: Vec<bool>,
    paragraphs: usize,
    note: Option<String>,
    in_note: bool,
    /// Inside a paragraph (text elsewhere is layout white space).
    in_paragraph: bool,
    /// Inside a note's author or date.
    in_meta: bool,
}

impl OpenCell {
    fn push(&mut self, t: &str) {
        if self.in_meta || !self.in_paragraph {
            return;
        }
        if self.in_note {
            if let Some(n) = self.note.as_mut() {
                n.push_str(t);
            }
            return;
        }
        let struck = self.spans.last().copied().unwrap_or(self.style_struck);
        self.runs.push((t.to_string(), struck));
    }
}

/// Reads the look of every table of a `content.xml`, by table name.
pub fn read(xml: &[u8]) -> HashMap<String, Look> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = HashMap::new();
    let mut styles = Styles::default();
    let mut style: Option<(String, String)> = None;
    let mut table: Option<(String, Look)> = None;
    let (mut depth, mut row, mut col, mut rows_repeated) = (0usize, 0u32, 0u32, 1u32);
    let mut cell: Option<OpenCell> = None;
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => return out,
            Ok(e) => e,
        };
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let opened = matches!(event, Event::Start(_));
                let name = e.name().as_ref().to_string();
                match name.as_str() {
                    "style:style" => {
                        style = attr(e, "style:name").zip(attr(e, "style:family"));
                    }
                    "style:table-cell-properties" | "style:text-properties" => {
                        style_property(&mut styles, style.as_ref(), e);
                    }
                    "table:table" if opened => {
                        depth += 1;
                        if depth == 1 {
                            let name = attr(e, "table:name").unwrap_or_default();
                            table = Some((name, Look::default()));
                            row = 0;
                        }
                    }
                    "table:table-row" if depth == 1 => {
                        rows_repeated = number(e, "table:number-rows-repeated");
                        col = 0;
                        if !opened {
                            row = row.saturating_add(rows_repeated);
                        }
                    }
                    "table:table-cell" | "table:covered-table-cell" if depth == 1 => {
                        let cols = number(e, "table:number-columns-repeated");
                        let style = attr(e, "table:style-name").unwrap_or_default();
                        if let (Some(colour), Some((_, look))) =
                            (styles.fill.get(&style), table.as_mut())
                        {
                            repeated_fills(look, (row, col), (rows_repeated, cols), colour);
                        }
                        if opened {
                            cell = Some(OpenCell {
                                row,
                                col,
                                style_struck: styles.struck.contains(&style),
                                ..OpenCell::default()
                            });
                        }
                        col = col.saturating_add(cols);
                    }
                    _ => {
                        if let Some(c) = cell.as_mut() {
                            cell_element(c, &styles, &name, e, opened);
                        }
                    }
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "style:style" => style = None,
                "table:table" => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        if let Some((name, look)) = table.take() {
                            out.insert(name, look);
                        }
                    }
                }
                "table:table-row" if depth == 1 => row = row.saturating_add(rows_repeated),
                "table:table-cell" | "table:covered-table-cell" if depth == 1 => {
                    if let (Some(c), Some((_, look))) = (cell.take(), table.as_mut()) {
                        close_cell(c, look);
                    }
                }
                "office:annotation" => {
                    if let Some(c) = cell.as_mut() {
                        c.in_note = false;
                    }
                }
                "text:span" => {
                    if let Some(c) = cell.as_mut() {
                        c.spans.pop();
                    }
                }
                "text:p" => {
                    if let Some(c) = cell.as_mut() {
                        c.in_paragraph = false;
                    }
                }
                "dc:creator" | "dc:date" => {
                    if let Some(c) = cell.as_mut() {
                        c.in_meta = false;
                    }
                }
                _ => {}
            },
            other => {
                if let (Some(c), Some(t)) = (cell.as_mut(), event_text(other)) {
                    c.push(&t);
                }
            }
        }
        buf.clear();
    }
}

/// A property element of an automatic style: a cell's background colour, a line-through.
fn style_property(styles: &mut Styles, style: Option<&(String, String)>, e: &BytesStart<'_>) {
    let Some((name, _family)) = style else {
        return;
    };
    if let Some(colour) = attr(e, "fo:background-color") {
        if colour != "transparent" {
            styles.fill.insert(
                name.clone(),
                colour.trim_start_matches('#').to_ascii_uppercase(),
            );
        }
    }
    let through = attr(e, "style:text-line-through-style");
    if through.is_some_and(|t| t != "none") {
        styles.struck.insert(name.clone());
    }
}

/// An element inside a cell: a paragraph, a span, a note, spaces and line breaks.
fn cell_element(c: &mut OpenCell, styles: &Styles, name: &str, e: &BytesStart<'_>, opened: bool) {
    match name {
        "office:annotation" if opened => {
            c.in_note = true;
            c.note = Some(String::new());
        }
        "text:p" if c.in_note => {
            if let Some(n) = c.note.as_mut().filter(|n| !n.is_empty()) {
                n.push('\n');
            }
            c.in_paragraph = opened;
        }
        "text:p" => {
            c.in_paragraph = true;
            if c.paragraphs > 0 {
                c.push("\n");
            }
            c.paragraphs += 1;
            c.in_paragraph = opened;
        }
        "text:span" if opened => {
            let struck = attr(e, "text:style-name").map_or(c.style_struck, |s| {
                c.style_struck || styles.struck.contains(&s)
            });
            c.spans.push(struck);
        }
        "text:s" => c.push(&" ".repeat(number(e, "text:c").min(1_000) as usize)),
        "text:line-break" => c.push("\n"),
        "text:tab" => c.push("\t"),
        // The note's author and date are not its text.
        "dc:creator" | "dc:date" if opened => c.in_meta = true,
        _ => {}
    }
}

fn repeated_fills(look: &mut Look, (row, col): (u32, u32), (rows, cols): (u32, u32), colour: &str) {
    let cols = cols.min(MAX_REPEATED_FILLS);
    let rows = rows.min(MAX_REPEATED_FILLS / cols);
    for r in 0..rows {
        for c in 0..cols {
            look.fills.push(Fill {
                row: row.saturating_add(r),
                col: col.saturating_add(c),
                colour: colour.to_string(),
            });
        }
    }
}

fn close_cell(c: OpenCell, look: &mut Look) {
    if let Some(text) = c
        .note
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
    {
        look.notes.push(Note {
            row: c.row,
            col: c.col,
            text,
        });
    }
    let struck = |r: &&(String, bool)| r.1 && !r.0.trim().is_empty();
    if !c.runs.iter().any(|r| struck(&r)) {
        return;
    }
    let kept: String = c
        .runs
        .iter()
        .filter(|r| !r.1)
        .map(|r| r.0.as_str())
        .collect();
    look.struck.push(Struck {
        row: c.row,
        col: c.col,
        kept: (!kept.trim().is_empty()).then_some(kept),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_struck_text_and_notes_of_an_ods_table() {
        let xml = r##"<office:document-content><office:automatic-styles><style:style style:name="ce1" style:family="table-cell"><style:table-cell-properties fo:background-color="#fff2cc"/></style:style><style:style style:name="ce2" style:family="table-cell"><style:text-properties style:text-line-through-style="solid"/></style:style><style:style style:name="ce3" style:family="table-cell"><style:table-cell-properties fo:background-color="transparent"/></style:style><style:style style:name="T1" style:family="text"><style:text-properties style:text-line-through-style="solid"/></style:style></office:automatic-styles><office:body><office:spreadsheet><table:table table:name="工程表"><table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="5"/><table:table-cell table:style-name="ce1" table:number-columns-repeated="2"/><table:table-cell table:style-name="ce2" office:value-type="string"><text:p>旧工程</text:p></table:table-cell><table:table-cell office:value-type="string"><office:annotation><dc:creator>高山</dc:creator><dc:date>2026-04-01</dc:date><text:p>R9から</text:p><text:p>開始予定</text:p></office:annotation><text:p><text:span text:style-name="T1">試行</text:span>本格<text:s/>導入</text:p></table:table-cell><table:table-cell table:style-name="ce3"/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"##;
        let looks = read(xml.as_bytes());
        let look = looks.get("工程表").expect("table");
        let fills: Vec<(u32, u32, &str)> = look
            .fills
            .iter()
            .map(|f| (f.row, f.col, f.colour.as_str()))
            .collect();
        assert_eq!(fills, vec![(2, 5, "FFF2CC"), (2, 6, "FFF2CC")]);
        let struck: Vec<(u32, u32, Option<&str>)> = look
            .struck
            .iter()
            .map(|s| (s.row, s.col, s.kept.as_deref()))
            .collect();
        assert_eq!(struck, vec![(2, 7, None), (2, 8, Some("本格 導入"))]);
        let notes: Vec<(u32, u32, &str)> = look
            .notes
            .iter()
            .map(|n| (n.row, n.col, n.text.as_str()))
            .collect();
        assert_eq!(notes, vec![(2, 8, "R9から\n開始予定")]);
    }
}
