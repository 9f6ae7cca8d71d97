//! What a clerk sees on a sheet beyond its values, read from an .xlsx package's parts in the
//! same pass as its hidden rows ([`super::layout`]): cell fills, struck-through text, shapes
//! in the drawing layer and cell notes. Only read here, as written; what they mean is decided
//! in `normalize::look`.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};
use serde::Serialize;

/// What one sheet shows beyond its values. Every list is sorted by row, then column.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
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

/// A column and a row of default size in EMU (64 × 20 pixels): a shape anchored by an offset
/// rather than to cells is placed with these, the sheet's own widths not being read.
const DEFAULT_COL_EMU: u64 = 609_600;
const DEFAULT_ROW_EMU: u64 = 190_500;

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| unescape(&a.value))
}

/// Attribute values are written escaped (`&amp;`).
fn unescape(s: &str) -> String {
    quick_xml::escape::unescape(s)
        .map(|c| c.into_owned())
        .unwrap_or_else(|_| s.to_string())
}

fn local(e: &BytesStart<'_>) -> String {
    e.local_name().as_ref().to_string()
}

/// A `<strike/>` or `<strike val="…"/>` element says struck unless its value is false.
fn strike_on(e: &BytesStart<'_>) -> bool {
    !matches!(attr(e, "val").as_deref(), Some("0" | "false"))
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
                let p = attr(&e, "patternType").unwrap_or_else(|| "none".into());
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
                    attr(&e, name)
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
    let base = if let Some(rgb) = attr(e, "rgb") {
        rgb.to_ascii_uppercase()
    } else if let Some(t) = attr(e, "theme") {
        format!("theme:{t}")
    } else if let Some(i) = attr(e, "indexed") {
        format!("indexed:{i}")
    } else {
        "auto".to_string()
    };
    match attr(e, "tint") {
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
struct Rich {
    runs: Vec<Run>,
    in_text: bool,
    in_phonetic: bool,
    in_props: bool,
}

impl Rich {
    fn start(&mut self, e: &BytesStart<'_>) {
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
    fn end(&mut self, name: &str) {
        match name {
            "rPh" => self.in_phonetic = false,
            "rPr" => self.in_props = false,
            "t" => self.in_text = false,
            _ => {}
        }
    }
    fn text(&mut self, t: &str) {
        if let (true, Some(last)) = (self.in_text, self.runs.last_mut()) {
            last.0.push_str(t);
        }
    }
    /// The runs, if any of them says whether it is struck (else the text is plain).
    fn finish(self) -> Option<Vec<Run>> {
        self.runs.iter().any(|r| r.1.is_some()).then_some(self.runs)
    }
}

/// The text of a text event, or of an entity reference (`&amp;`).
fn event_text(event: &Event<'_>) -> Option<String> {
    match event {
        Event::Text(t) => Some(t.xml10_content().into_owned()),
        Event::CData(t) => Some(t.to_string()),
        Event::GeneralRef(r) => {
            let c = match &**r {
                "amp" => "&",
                "lt" => "<",
                "gt" => ">",
                "quot" => "\"",
                "apos" => "'",
                _ => return r.resolve_char_ref().ok().flatten().map(String::from),
            };
            Some(c.to_string())
        }
        _ => None,
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
                let row = attr(e, "r")
                    .and_then(|r| r.trim().parse::<u32>().ok())
                    .map_or(next_row, |r| r.saturating_sub(1));
                next_row = row.saturating_add(1);
                next_col = 0;
                if matches!(attr(e, "hidden").as_deref(), Some("1" | "true")) {
                    super::layout::push_range(&mut out.hidden_rows, row, row);
                }
            }
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "c" => {
                let (row, col) = attr(e, "r")
                    .and_then(|r| parse_a1(&r))
                    .unwrap_or((next_row.saturating_sub(1), next_col));
                next_col = col.saturating_add(1);
                let c = OpenCell {
                    row,
                    col,
                    style: attr(e, "s").and_then(|s| s.parse().ok()).unwrap_or(0),
                    kind: attr(e, "t").unwrap_or_default(),
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
                "sheetData" => return out,
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

/// Resolves a relationship target against the folder of the part that names it
/// (`xl/worksheets`, `../drawings/drawing1.xml` → `xl/drawings/drawing1.xml`).
pub fn resolve_target(folder: &str, target: &str) -> String {
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_string();
    }
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    for piece in target.split('/') {
        match piece {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// The `.rels` part of a package part (`xl/worksheets/sheet1.xml` →
/// `xl/worksheets/_rels/sheet1.xml.rels`) and the folder its targets are relative to.
pub fn rels_of(part: &str) -> (String, String) {
    let (folder, file) = part.rsplit_once('/').unwrap_or(("", part));
    (format!("{folder}/_rels/{file}.rels"), folder.to_string())
}

/// (type, target) of each internal relationship of a `.rels` part.
pub fn typed_relationships(xml: &[u8]) -> Vec<(String, String)> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) | Ok(Event::Empty(e))
                if e.local_name().as_ref() == "Relationship" =>
            {
                let external = attr(&e, "TargetMode").is_some_and(|m| m == "External");
                if let (Some(t), Some(target), false) =
                    (attr(&e, "Type"), attr(&e, "Target"), external)
                {
                    out.push((t, target));
                }
            }
            Ok(Event::Eof) | Err(_) => return out,
            _ => {}
        }
        buf.clear();
    }
}

/// An anchor of the drawing layer being read.
#[derive(Default)]
struct Anchor {
    kind: Option<ShapeKind>,
    from: [u64; 4],
    to: Option<[u64; 4]>,
    ext: (u64, u64),
    pos: Option<(u64, u64)>,
    text: String,
}

impl Anchor {
    /// The cells it covers: a two-cell anchor from its `from` to its `to` cell (a `to` at
    /// offset 0 ends before that cell); others by their size in default-sized cells.
    fn shape(self) -> Option<Shape> {
        let kind = self.kind?;
        let [fc, fco, fr, fro] = self.from;
        let (first_col, first_row, last_col, last_row) = match (self.to, self.pos) {
            (Some([tc, tco, tr, tro]), _) => {
                let lc = if tco == 0 && tc > fc { tc - 1 } else { tc };
                let lr = if tro == 0 && tr > fr { tr - 1 } else { tr };
                (fc, fr, lc.max(fc), lr.max(fr))
            }
            (None, Some((x, y))) => (
                x / DEFAULT_COL_EMU,
                y / DEFAULT_ROW_EMU,
                (x + self.ext.0) / DEFAULT_COL_EMU,
                (y + self.ext.1) / DEFAULT_ROW_EMU,
            ),
            (None, None) => (
                fc,
                fr,
                fc + (fco + self.ext.0) / DEFAULT_COL_EMU,
                fr + (fro + self.ext.1) / DEFAULT_ROW_EMU,
            ),
        };
        let cap = |v: u64| u32::try_from(v).unwrap_or(u32::MAX);
        Some(Shape {
            kind,
            first_row: cap(first_row),
            first_col: cap(first_col),
            last_row: cap(last_row),
            last_col: cap(last_col),
            text: self.text.trim().to_string(),
        })
    }
}

/// The shapes of a drawing part (`xl/drawings/drawingN.xml`): lines and connectors, text
/// boxes, other shapes and groups, each with the cells it covers and its text. Pictures and
/// charts are left out.
pub fn drawing(xml: &[u8]) -> Vec<Shape> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = Vec::new();
    let mut anchor: Option<Anchor> = None;
    // Path of element names inside the anchor.
    let mut path: Vec<String> = Vec::new();
    let mut in_text = false;
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => break,
            Ok(e) => e,
        };
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let name = local(e);
                let opened = matches!(event, Event::Start(_));
                if name.ends_with("Anchor") && anchor.is_none() {
                    anchor = opened.then(Anchor::default);
                    path.clear();
                } else if let Some(a) = anchor.as_mut() {
                    anchor_element(a, &path, &name, e);
                    in_text = name == "t" && opened;
                    if opened {
                        path.push(name);
                    }
                }
            }
            Event::End(e) => {
                let name = e.local_name().as_ref().to_string();
                if name.ends_with("Anchor") && path.is_empty() {
                    out.extend(anchor.take().and_then(Anchor::shape));
                } else {
                    if name == "p" {
                        if let Some(a) = anchor.as_mut() {
                            a.text.push('\n');
                        }
                    }
                    in_text = false;
                    path.pop();
                }
            }
            other => {
                if let (Some(a), Some(t)) = (anchor.as_mut(), event_text(other)) {
                    anchor_text(a, &path, in_text, &t);
                }
            }
        }
        buf.clear();
    }
    out
}

/// Text inside an anchor: a shape's words, or a number of its `from` / `to` marker.
fn anchor_text(a: &mut Anchor, path: &[String], in_text: bool, t: &str) {
    if in_text {
        a.text.push_str(t);
        return;
    }
    let [marker, slot] = path else { return };
    let Some(i) = marker_slot(slot) else { return };
    let v = t.trim().parse::<i64>().map_or(0, |v| v.max(0) as u64);
    match (marker.as_str(), a.to.as_mut()) {
        ("from", _) => a.from[i] = v,
        ("to", Some(to)) => to[i] = v,
        _ => {}
    }
}

/// One element inside an anchor: its cells, its size, what kind of object it is.
fn anchor_element(a: &mut Anchor, path: &[String], name: &str, e: &BytesStart<'_>) {
    let num = |n: &str| {
        attr(e, n)
            .and_then(|v| v.trim().parse::<i64>().ok())
            .map_or(0, |v| v.max(0) as u64)
    };
    match (path.len(), name) {
        (_, "sp" | "cxnSp" | "grpSp") if a.kind.is_none() => {
            a.kind = Some(match name {
                "cxnSp" => ShapeKind::Line,
                "grpSp" => ShapeKind::Group,
                _ => ShapeKind::Shape,
            });
        }
        (0, "ext") => a.ext = (num("cx"), num("cy")),
        (0, "pos") => a.pos = Some((num("x"), num("y"))),
        (0, "to") => a.to = Some([0; 4]),
        (_, "cNvSpPr")
            if attr(e, "txBox").as_deref() == Some("1") && a.kind == Some(ShapeKind::Shape) =>
        {
            a.kind = Some(ShapeKind::TextBox);
        }
        (_, "prstGeom") if a.kind == Some(ShapeKind::Shape) => {
            let prst = attr(e, "prst").unwrap_or_default();
            if prst == "line" || prst.contains("Connector") {
                a.kind = Some(ShapeKind::Line);
            }
        }
        _ => {}
    }
}

/// Where a marker's `col` / `colOff` / `row` / `rowOff` goes in [`Anchor::from`].
fn marker_slot(name: &str) -> Option<usize> {
    ["col", "colOff", "row", "rowOff"]
        .iter()
        .position(|n| *n == name)
}

/// The notes of a comments part (`xl/commentsN.xml`), by cell.
pub fn comments(xml: &[u8]) -> Vec<Note> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = Vec::new();
    let mut open: Option<((u32, u32), Rich)> = None;
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => return out,
            Ok(e) => e,
        };
        match &event {
            Event::Start(e) if e.local_name().as_ref() == "comment" => {
                open = attr(e, "ref")
                    .and_then(|r| parse_a1(&r))
                    .map(|at| (at, Rich::default()));
            }
            Event::Start(e) | Event::Empty(e) => {
                if let Some((_, r)) = open.as_mut() {
                    r.start(e);
                }
            }
            Event::End(e) if e.local_name().as_ref() == "comment" => {
                if let Some(((row, col), r)) = open.take() {
                    let text: String = r.runs.into_iter().map(|(t, _)| t).collect();
                    let text = text.trim().to_string();
                    if !text.is_empty() {
                        out.push(Note { row, col, text });
                    }
                }
            }
            Event::End(e) => {
                if let Some((_, r)) = open.as_mut() {
                    r.end(e.local_name().as_ref());
                }
            }
            other => {
                if let (Some((_, r)), Some(t)) = (open.as_mut(), event_text(other)) {
                    r.text(&t);
                }
            }
        }
        buf.clear();
    }
}
