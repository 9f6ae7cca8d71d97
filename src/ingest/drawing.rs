//! The parts beside a worksheet that an .xlsx links from the sheet's relationships: its
//! drawing layer (shapes, lines, text boxes) and its comments (cell notes). Read as written
//! into [`super::Look`]; what they mean is decided in `normalize::look`.

use quick_xml::events::{BytesStart, Event};

use super::look::{parse_a1, Note, Rich, Shape, ShapeKind};
use super::xml::{event_text, local, local_attr as attr};

/// A column and a row of default size in EMU (64 × 20 pixels): a shape anchored by an offset
/// rather than to cells is placed with these, the sheet's own widths not being read.
const DEFAULT_COL_EMU: u64 = 609_600;
const DEFAULT_ROW_EMU: u64 = 190_500;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_give_the_cells_a_shape_covers_and_its_text() {
        let xml = r#"<xdr:wsDr xmlns:xdr="x" xmlns:a="a">
<xdr:twoCellAnchor><xdr:from><xdr:col>5</xdr:col><xdr:colOff>10</xdr:colOff><xdr:row>4</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>8</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>5</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:cxnSp><xdr:spPr><a:xfrm><a:ext cx="1" cy="1"/></a:xfrm></xdr:spPr></xdr:cxnSp><xdr:clientData/></xdr:twoCellAnchor>
<xdr:oneCellAnchor><xdr:from><xdr:col>2</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:ext cx="1219200" cy="190500"/><xdr:sp><xdr:nvSpPr><xdr:cNvPr id="2" name="t"/><xdr:cNvSpPr txBox="1"/></xdr:nvSpPr><xdr:txBody><a:p><a:r><a:t>R9に</a:t></a:r><a:r><a:t>延期</a:t></a:r></a:p><a:p><a:r><a:t>&amp;調整中</a:t></a:r></a:p></xdr:txBody></xdr:sp><xdr:clientData/></xdr:oneCellAnchor>
<xdr:absoluteAnchor><xdr:pos x="0" y="0"/><xdr:ext cx="609600" cy="1"/><xdr:sp><xdr:spPr><a:prstGeom prst="rightArrow"/></xdr:spPr></xdr:sp></xdr:absoluteAnchor>
<xdr:twoCellAnchor><xdr:from><xdr:col>1</xdr:col><xdr:row>1</xdr:row></xdr:from><xdr:to><xdr:col>2</xdr:col><xdr:row>2</xdr:row></xdr:to><xdr:pic/></xdr:twoCellAnchor>
</xdr:wsDr>"#;
        let shapes = drawing(xml.as_bytes());
        let got: Vec<(ShapeKind, [u32; 4], &str)> = shapes
            .iter()
            .map(|s| {
                (
                    s.kind,
                    [s.first_row, s.first_col, s.last_row, s.last_col],
                    s.text.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                // `to` at offset 0 ends before that row and column.
                (ShapeKind::Line, [4, 5, 4, 7], ""),
                // Two default columns wide from C2.
                (ShapeKind::TextBox, [1, 2, 2, 4], "R9に延期\n&調整中"),
                (ShapeKind::Shape, [0, 0, 0, 1], ""),
            ],
            "a picture is no shape"
        );
    }

    #[test]
    fn comments_by_cell() {
        let xml = r#"<comments><authors><author>高山</author></authors><commentList><comment ref="F8" authorId="0"><text><r><rPr><b/></rPr><t>高山:</t></r><r><t xml:space="preserve">
R9から開始予定</t></r></text></comment><comment ref="B2" authorId="0"><text><t>メモ</t></text></comment><comment ref="bad" authorId="0"><text><t>x</t></text></comment></commentList></comments>"#;
        let notes: Vec<(u32, u32, String)> = comments(xml.as_bytes())
            .into_iter()
            .map(|n| (n.row, n.col, n.text))
            .collect();
        assert_eq!(
            notes,
            vec![
                (7, 5, "高山:\nR9から開始予定".to_string()),
                (1, 1, "メモ".to_string())
            ]
        );
    }
}
