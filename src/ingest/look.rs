//! What a clerk sees on a sheet beyond its values, read from an .xlsx package's parts in the
//! same pass as its hidden rows ([`super::layout`]): cell fills and struck-through text here,
//! shapes in the drawing layer and cell notes in [`super::drawing`]. Only read here, as written; what they mean is decided
//! in `normalize::look`.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};

use super::xml::{event_text, local, local_attr};
use serde::Serialize;

/// What one sheet shows beyond its values. Every list is sorted by row, then column.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Look {
    /// Cells with a fill (pattern or colour other than none), as written.
    pub fills: Vec<Fill>,
    /// Cells whose text is struck through, wholly or in part.
    pub struck: Vec<Struck>,
    /// Shapes, lines and text boxes in the sheet's drawing layer.
    pub shapes: Vec<Shape>,
    /// Cell notes (comments).
    pub notes: Vec<Note>,
}

/// A filled cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fill {
    /// 0-based row.
    pub row: u32,
    /// 0-based column.
    pub col: u32,
    /// The fill as written: `FFFFFF00` (ARGB), `theme:4:tint:0.4`, `indexed:13`, a pattern
    /// other than solid before it (`gray125 FF000000`). Two cells look alike when these are
    /// equal.
    pub colour: String,
}

/// A cell whose text is struck through (見え消し).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Struck {
    /// 0-based row.
    pub row: u32,
    /// 0-based column.
    pub col: u32,
    /// The text left once the struck runs are taken out; `None` when the whole text is struck.
    pub kept: Option<String>,
}

/// What a drawn object is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ShapeKind {
    /// A line, arrow or connector.
    Line,
    /// A text box.
    TextBox,
    /// Any other shape (a block arrow, a rectangle…).
    Shape,
    /// Shapes grouped together.
    Group,
}

/// A shape of the drawing layer and the cells it lies over (inclusive, 0-based).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shape {
    /// What it is.
    pub kind: ShapeKind,
    /// The top row it covers.
    pub first_row: u32,
    /// The leftmost column it covers.
    pub first_col: u32,
    /// The bottom row it covers.
    pub last_row: u32,
    /// The rightmost column it covers.
    pub last_col: u32,
    /// The text it carries (paragraphs on lines of their own), empty if none.
    pub text: String,
}

/// A cell note (comment).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    /// 0-based row.
    pub row: u32,
    /// 0-based column.
    pub col: u32,
    /// Its text as written.
    pub text: String,
}

/// A `<strike/>` or `<strike val="…"/>` element says struck unless its value is false.
fn strike_on(e: &BytesStart<'_>) -> bool {
    !matches!(local_attr(e, "val").as_deref(), Some("0" | "false"))
}

/// The cell styles of a workbook (`xl/styles.xml`): per cell format (`cellXfs`), its fill as
/// written and whether its font is struck through.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Styles {
    fill: Vec<Option<String>>,
    strike: Vec<bool>,
}

impl Styles {
    fn fill(&self, xf: usize) -> Option<&String> {
        self.fill.get(xf).and_then(Option::as_ref)
    }
    fn struck(&self, xf: usize) -> bool {
        self.strike.get(xf).copied().unwrap_or(false)
    }
}

#[derive(PartialEq)]
enum Section {
    Other,
    Fonts,
    Fills,
    CellXfs,
}

/// Reads `xl/styles.xml`. Fills are `patternFill` (none is no fill) or `gradientFill`.
pub fn styles(xml: &[u8]) -> Styles {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let (mut fonts, mut fills): (Vec<bool>, Vec<Option<String>>) = (Vec::new(), Vec::new());
    let mut out = Styles::default();
    let mut section = Section::Other;
    let mut pattern: Option<String> = None;
    loop {
        let (e, opened) = match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => (e.into_owned(), true),
            Ok(Event::Empty(e)) => (e.into_owned(), false),
            Ok(Event::End(e)) => {
                if matches!(e.local_name().as_ref(), "fonts" | "fills" | "cellXfs") {
                    section = Section::Other;
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
        match (local(&e).as_str(), &section) {
            ("fonts", _) if opened => section = Section::Fonts,
            ("fills", _) if opened => section = Section::Fills,
            ("cellXfs", _) if opened => section = Section::CellXfs,
            ("font", Section::Fonts) => fonts.push(false),
            ("strike", Section::Fonts) => {
                if let Some(last) = fonts.last_mut() {
                    *last = strike_on(&e);
                }
            }
            ("fill", Section::Fills) => fills.push(None),
            ("patternFill", Section::Fills) => {
                let p = local_attr(&e, "patternType").unwrap_or_else(|| "none".into());
                pattern = Some(p.clone());
                if let (Some(last), false) = (fills.last_mut(), p == "none") {
                    *last = Some(pattern_key(&p, "auto"));
                }
            }
            ("gradientFill", Section::Fills) => {
                pattern = Some("gradient".into());
                if let Some(last) = fills.last_mut() {
                    *last = Some("gradient".into());
                }
            }
            ("fgColor" | "color", Section::Fills) => {
                let p = pattern.clone().unwrap_or_default();
                // A gradient is named by its first stop's colour.
                let first_stop = p == "gradient"
                    && fills
                        .last()
                        .is_some_and(|f| f.as_deref() == Some("gradient"));
                if let (Some(Some(last)), true) = (fills.last_mut(), p != "none") {
                    if e.local_name().as_ref() == "fgColor" || first_stop {
                        *last = pattern_key(&p, &colour(&e));
                    }
                }
            }
            ("xf", Section::CellXfs) => {
                let index = |name| {
                    local_attr(&e, name)
                        .and_then(|v| v.trim().parse::<usize>().ok())
                        .unwrap_or(0)
                };
                out.fill.push(fills.get(index("fillId")).cloned().flatten());
                out.strike
                    .push(fonts.get(index("fontId")).copied().unwrap_or(false));
            }
            _ => {}
        }
    }
}

fn pattern_key(pattern: &str, colour: &str) -> String {
    match pattern {
        "solid" => colour.to_string(),
        p => format!("{p} {colour}"),
    }
}

/// A colour element as written: `FFFFFF00`, `theme:4`, `theme:4:tint:0.4`, `indexed:13`.
fn colour(e: &BytesStart<'_>) -> String {
    let base = if let Some(rgb) = local_attr(e, "rgb") {
        rgb.to_ascii_uppercase()
    } else if let Some(t) = local_attr(e, "theme") {
        format!("theme:{t}")
    } else if let Some(i) = local_attr(e, "indexed") {
        format!("indexed:{i}")
    } else {
        "auto".to_string()
    };
    match local_attr(e, "tint") {
        Some(t) if t.trim().parse::<f64>().is_ok_and(|v| v != 0.0) => format!("{base}:tint:{t}"),
        _ => base,
    }
}

/// A run of rich text: its text and whether its properties strike it (`None`: not said, the
/// cell's font decides).
type Run = (String, Option<bool>);

/// Collects the runs of a rich text (`<si>` of the shared strings, `<is>` of an inline
/// string), leaving out phonetic guides (`<rPh>`), as calamine does.
#[derive(Default)]
pub(super) struct Rich {
    pub(super) runs: Vec<Run>,
    in_text: bool,
    in_phonetic: bool,
    in_props: bool,
}

impl Rich {
    pub(super) fn start(&mut self, e: &BytesStart<'_>) {
        match e.local_name().as_ref() {
            "r" => self.runs.push((String::new(), None)),
            "rPh" => self.in_phonetic = true,
            "rPr" => self.in_props = true,
            "t" if !self.in_phonetic => {
                self.in_text = true;
                if self.runs.is_empty() {
                    self.runs.push((String::new(), None));
                }
            }
            "strike" if self.in_props => {
                if let Some(last) = self.runs.last_mut() {
                    last.1 = Some(strike_on(e));
                }
            }
            _ => {}
        }
    }
    pub(super) fn end(&mut self, name: &str) {
        match name {
            "rPh" => self.in_phonetic = false,
            "rPr" => self.in_props = false,
            "t" => self.in_text = false,
            _ => {}
        }
    }
    pub(super) fn text(&mut self, t: &str) {
        if let (true, Some(last)) = (self.in_text, self.runs.last_mut()) {
            last.0.push_str(t);
        }
    }
    /// The runs, if any of them says whether it is struck (else the text is plain).
    fn finish(self) -> Option<Vec<Run>> {
        self.runs.iter().any(|r| r.1.is_some()).then_some(self.runs)
    }
}

/// The rich strings of `xl/sharedStrings.xml` whose runs say whether they are struck, by
/// index. Plain strings are left out.
pub fn shared_strings(xml: &[u8]) -> HashMap<usize, Vec<Run>> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = HashMap::new();
    let mut index = 0usize;
    let mut rich: Option<Rich> = None;
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => return out,
            Ok(e) => e,
        };
        match &event {
            Event::Start(e) if e.local_name().as_ref() == "si" => rich = Some(Rich::default()),
            Event::Empty(e) if e.local_name().as_ref() == "si" => index += 1,
            Event::Start(e) | Event::Empty(e) => {
                if let Some(r) = rich.as_mut() {
                    r.start(e);
                }
            }
            Event::End(e) if e.local_name().as_ref() == "si" => {
                if let Some(runs) = rich.take().and_then(Rich::finish) {
                    out.insert(index, runs);
                }
                index += 1;
            }
            Event::End(e) => {
                if let Some(r) = rich.as_mut() {
                    r.end(e.local_name().as_ref());
                }
            }
            other => {
                if let (Some(r), Some(t)) = (rich.as_mut(), event_text(other)) {
                    r.text(&t);
                }
            }
        }
        buf.clear();
    }
}

/// `F12` → (11, 5), 0-based.
pub fn parse_a1(r: &str) -> Option<(u32, u32)> {
    let r = r.trim().trim_start_matches('$');
    let letters = r.chars().take_while(char::is_ascii_alphabetic).count();
    let (cols, rows) = r.split_at(letters);
    if cols.is_empty() || cols.len() > 3 {
        return None;
    }
    let col = cols.bytes().fold(0u32, |acc, b| {
        acc * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1)
    });
    let row: u32 = rows.trim_start_matches('$').parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

/// What a worksheet part says beyond its values: hidden rows, and the look of its cells.
#[derive(Debug, Default, PartialEq)]
pub struct SheetXml {
    /// Hidden rows, inclusive ranges, 0-based.
    pub hidden_rows: Vec<(u32, u32)>,
    /// Whether the sheet has an AutoFilter (`<autoFilter>`): its hidden rows are most likely
    /// filtered out, and the hint says to clear the filter.
    pub filtered: bool,
    /// Filled cells.
    pub fills: Vec<Fill>,
    /// Struck-through cells.
    pub struck: Vec<Struck>,
}

/// A cell being read: position, style, type and what it holds.
struct OpenCell {
    row: u32,
    col: u32,
    style: usize,
    kind: String,
    value: String,
    in_value: bool,
    inline: Option<Rich>,
}

/// Reads a worksheet part in one pass: rows marked `hidden`, and for each cell its fill
/// and struck text (by `styles` and the struck runs of `shared`).
pub fn sheet_xml(xml: &[u8], styles: &Styles, shared: &HashMap<usize, Vec<Run>>) -> SheetXml {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = SheetXml::default();
    // Rows and cells without an `r` attribute follow the previous one.
    let (mut next_row, mut next_col) = (0u32, 0u32);
    let mut cell: Option<OpenCell> = None;
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => return out,
            Ok(e) => e,
        };
        match &event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "row" => {
                let row = local_attr(e, "r")
                    .and_then(|r| r.trim().parse::<u32>().ok())
                    .map_or(next_row, |r| r.saturating_sub(1));
                next_row = row.saturating_add(1);
                next_col = 0;
                if matches!(local_attr(e, "hidden").as_deref(), Some("1" | "true")) {
                    push_range(&mut out.hidden_rows, row, row);
                }
            }
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "autoFilter" => {
                out.filtered = true;
            }
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "c" => {
                let (row, col) = local_attr(e, "r")
                    .and_then(|r| parse_a1(&r))
                    .unwrap_or((next_row.saturating_sub(1), next_col));
                next_col = col.saturating_add(1);
                let c = OpenCell {
                    row,
                    col,
                    style: local_attr(e, "s").and_then(|s| s.parse().ok()).unwrap_or(0),
                    kind: local_attr(e, "t").unwrap_or_default(),
                    value: String::new(),
                    in_value: false,
                    inline: None,
                };
                if matches!(event, Event::Empty(_)) {
                    close_cell(c, styles, shared, &mut out);
                } else {
                    cell = Some(c);
                }
            }
            Event::Start(e) => {
                if let Some(c) = cell.as_mut() {
                    match (e.local_name().as_ref(), c.inline.as_mut()) {
                        ("v", _) => c.in_value = true,
                        ("is", _) => c.inline = Some(Rich::default()),
                        (_, Some(r)) => r.start(e),
                        _ => {}
                    }
                }
            }
            Event::Empty(e) => {
                if let Some(r) = cell.as_mut().and_then(|c| c.inline.as_mut()) {
                    r.start(e);
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "c" => {
                    if let Some(c) = cell.take() {
                        close_cell(c, styles, shared, &mut out);
                    }
                }
                "v" => {
                    if let Some(c) = cell.as_mut() {
                        c.in_value = false;
                    }
                }
                // The parts after the cells (an `<autoFilter>` among them) are read too.
                "sheetData" => {}
                name => {
                    if let Some(r) = cell.as_mut().and_then(|c| c.inline.as_mut()) {
                        r.end(name);
                    }
                }
            },
            other => {
                if let (Some(c), Some(t)) = (cell.as_mut(), event_text(other)) {
                    match c.inline.as_mut() {
                        Some(r) => r.text(&t),
                        None if c.in_value => c.value.push_str(&t),
                        None => {}
                    }
                }
            }
        }
        buf.clear();
    }
}

fn close_cell(c: OpenCell, styles: &Styles, shared: &HashMap<usize, Vec<Run>>, out: &mut SheetXml) {
    if let Some(colour) = styles.fill(c.style) {
        out.fills.push(Fill {
            row: c.row,
            col: c.col,
            colour: colour.clone(),
        });
    }
    let cell_struck = styles.struck(c.style);
    let inline_plain = c
        .inline
        .as_ref()
        .map(|r| r.runs.iter().any(|(t, _)| !t.is_empty()));
    let runs = match c.kind.as_str() {
        "s" => c
            .value
            .trim()
            .parse::<usize>()
            .ok()
            .and_then(|i| shared.get(&i).cloned()),
        "inlineStr" => c.inline.and_then(Rich::finish),
        _ => None,
    };
    let kept = match runs {
        Some(runs) => {
            let struck = |r: &Run| r.1.unwrap_or(cell_struck);
            if !runs.iter().any(|r| struck(r) && !r.0.is_empty()) {
                return;
            }
            let kept: String = runs
                .iter()
                .filter(|r| !struck(r))
                .map(|r| r.0.as_str())
                .collect();
            (!kept.trim().is_empty()).then_some(kept)
        }
        None => {
            let holds = !c.value.is_empty() || inline_plain.unwrap_or(false);
            if !(cell_struck && holds) {
                return;
            }
            None
        }
    };
    out.struck.push(Struck {
        row: c.row,
        col: c.col,
        kept,
    });
}

/// Adds the rows `first..=last` to `out`, joining them to the last range when they follow it
/// (rows come in order).
pub(super) fn push_range(out: &mut Vec<(u32, u32)>, first: u32, last: u32) {
    match out.last_mut() {
        Some((_, l)) if l.saturating_add(1) == first => *l = last,
        _ => out.push((first, last)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_autofilter_is_found_after_the_sheet_data() {
        let xml = br#"<worksheet><sheetData><row r="2" hidden="1"/></sheetData><autoFilter ref="A1:D9"/></worksheet>"#;
        let read = sheet_xml(xml, &Styles::default(), &HashMap::new());
        assert!(read.filtered);
        assert_eq!(read.hidden_rows, [(1, 1)]);
        let plain = sheet_xml(
            b"<worksheet><sheetData/></worksheet>",
            &Styles::default(),
            &HashMap::new(),
        );
        assert!(!plain.filtered);
    }

    /// As openpyxl and Excel write them: a none and a gray125 fill first, then colours as
    /// RGB, theme with tint and indexed; a struck font; cell formats naming both.
    const STYLES: &str = r#"<styleSheet><fonts count="2"><font><sz val="11"/></font><font><strike/><sz val="11"/></font></fonts><fills count="5"><fill><patternFill/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="fffff2cc"/><bgColor indexed="64"/></patternFill></fill><fill><patternFill patternType="solid"><fgColor theme="4" tint="0.3999"/></patternFill></fill><fill><patternFill patternType="solid"><fgColor indexed="13"/></patternFill></fill></fills><cellStyleXfs count="1"><xf fontId="1" fillId="2"/></cellStyleXfs><cellXfs count="5"><xf fontId="0" fillId="0"/><xf fontId="0" fillId="2"/><xf fontId="1" fillId="0"/><xf fontId="0" fillId="3"/><xf fontId="1" fillId="4"/></cellXfs><dxfs><dxf><font><strike/></font></dxf></dxfs></styleSheet>"#;

    #[test]
    fn fills_and_struck_fonts_of_the_cell_formats() {
        let s = styles(STYLES.as_bytes());
        assert_eq!(s.fill(0), None);
        assert_eq!(s.fill(1).map(String::as_str), Some("FFFFF2CC"));
        assert_eq!(s.fill(3).map(String::as_str), Some("theme:4:tint:0.3999"));
        assert_eq!(s.fill(4).map(String::as_str), Some("indexed:13"));
        assert_eq!(s.fill(9), None, "an unknown format has no fill");
        assert_eq!(
            (0..5).map(|i| s.struck(i)).collect::<Vec<_>>(),
            vec![false, false, true, false, true]
        );
    }

    #[test]
    fn rich_strings_keep_their_struck_runs_and_drop_phonetic_guides() {
        let xml = r#"<sst><si><t>平文</t></si><si><r><rPr><strike/></rPr><t>試行</t></r><r><t>本格導入</t></r><rPh sb="0" eb="2"><t>シコウ</t></rPh></si><si><r><rPr><b/></rPr><t>太字</t></r></si><si/><si><r><rPr><strike val="0"/></rPr><t>A&amp;B</t></r></si></sst>"#;
        let shared = shared_strings(xml.as_bytes());
        assert_eq!(
            shared.get(&1),
            Some(&vec![
                ("試行".to_string(), Some(true)),
                ("本格導入".to_string(), None)
            ])
        );
        assert_eq!(shared.get(&0), None, "a plain string is not kept");
        assert_eq!(
            shared.get(&2),
            None,
            "runs that say nothing of strike are plain"
        );
        assert_eq!(
            shared.get(&4),
            Some(&vec![("A&B".to_string(), Some(false))])
        );
    }

    #[test]
    fn a_worksheet_part_gives_fills_struck_cells_and_hidden_rows() {
        let styles = styles(STYLES.as_bytes());
        let shared = shared_strings(
            r#"<sst><si><t>旧</t></si><si><r><rPr><strike/></rPr><t>試行</t></r><r><t>本格導入</t></r></si></sst>"#.as_bytes(),
        );
        let xml = r#"<worksheet><sheetData><row r="2" hidden="1"><c r="F2" s="1"/><c r="G2" s="2" t="s"><v>0</v></c><c r="H2" t="s"><v>1</v></c></row><row r="3"><c r="F3" s="2"/><c s="2" t="inlineStr"><is><r><rPr><strike val="0"/></rPr><t>残す</t></r><r><t>消す</t></r></is></c><c r="H3" s="4"><v>5</v></c></row></sheetData></worksheet>"#;
        let read = sheet_xml(xml.as_bytes(), &styles, &shared);
        assert_eq!(read.hidden_rows, vec![(1, 1)]);
        let fills: Vec<(u32, u32, &str)> = read
            .fills
            .iter()
            .map(|f| (f.row, f.col, f.colour.as_str()))
            .collect();
        assert_eq!(fills, vec![(1, 5, "FFFFF2CC"), (2, 7, "indexed:13")]);
        let struck: Vec<(u32, u32, Option<&str>)> = read
            .struck
            .iter()
            .map(|s| (s.row, s.col, s.kept.as_deref()))
            .collect();
        assert_eq!(
            struck,
            vec![
                (1, 6, None),
                (1, 7, Some("本格導入")),
                // A struck format, but the run says not struck: that run is kept.
                (2, 6, Some("残す")),
                // A struck number.
                (2, 7, None),
            ],
            "an empty struck cell (F3) holds nothing to strike"
        );
    }

    #[test]
    fn cell_references() {
        assert_eq!(parse_a1("F12"), Some((11, 5)));
        assert_eq!(parse_a1("$AB$3"), Some((2, 27)));
        assert_eq!(parse_a1("A0"), None);
        assert_eq!(parse_a1("12"), None);
    }
}
