//! One page of the laid-out [`Document`](super::super::Document) as a PDF content stream,
//! written straight to bytes.
//!
//! The operators and their number formatting are the ones printpdf 0.12.8 wrote for the same
//! drawing (its operator list went through lopdf's `Content::encode`): `build`'s files stay
//! byte-identical to those of the earlier writer, which built a printpdf operator for every
//! item and a `String` for every glyph, and spent a third of a build doing so.

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::OnceLock;

use super::super::document::{Ellipse, Face, Item, Node, Rect, Rgb, Stroke, Text};
use super::super::finish::PageTags;
use super::embed::resource_name;

/// The glyphs the document shows, per face: glyph id → the character it was last drawn for
/// (the ToUnicode map's text). Glyph 0 stands for characters the face lacks.
#[derive(Debug, Default)]
pub struct UsedGlyphs(pub [BTreeMap<u16, char>; 2]);

impl UsedGlyphs {
    /// Every glyph drawn on `pages`, in drawing order.
    pub fn of<'a>(pages: impl IntoIterator<Item = &'a [Item]>) -> UsedGlyphs {
        // Indexed by glyph id while the pages are walked (a map insert per character was a
        // fifth of the writer's time before the faces could be subset).
        let mut drawn: [Vec<Option<char>>; 2] = Default::default();
        for items in pages {
            for item in items {
                let Item::Text(t) = item else { continue };
                let drawn = &mut drawn[t.face as usize];
                for c in t.text.chars().filter(|c| !c.is_control()) {
                    let glyph = usize::from(glyph_id(t.face, c));
                    if glyph >= drawn.len() {
                        drawn.resize(glyph + 1, None);
                    }
                    drawn[glyph] = Some(c);
                }
            }
        }
        UsedGlyphs(drawn.map(|drawn| {
            (0..=u16::MAX)
                .zip(drawn)
                .filter_map(|(glyph, c)| Some((glyph, c?)))
                .collect()
        }))
    }

    /// The glyphs `face`'s subset holds, in the order the subsetter numbers them:
    /// `.notdef` first (a reader draws glyph 0 for a missing character), then the used
    /// glyphs by id.
    pub fn subset_order(&self, face: Face) -> Vec<u16> {
        let used = &self.0[face as usize];
        std::iter::once(0)
            .chain(used.keys().copied().filter(|&g| g != 0))
            .collect()
    }

    /// The glyph ids of the embedded subset of `face`: each used glyph's position in
    /// [`UsedGlyphs::subset_order`].
    pub fn subset_ids(&self, face: Face) -> BTreeMap<u16, u16> {
        let used = &self.0[face as usize];
        self.subset_order(face)
            .into_iter()
            .enumerate()
            .filter(|(_, g)| used.contains_key(g))
            .map(|(n, g)| (g, n as u16))
            .collect()
    }
}

/// The glyph drawn for `c`: 0 (`.notdef`) when the face lacks it.
fn glyph_id(face: Face, c: char) -> u16 {
    face.glyph(c).map_or(0, |(gid, _)| gid)
}

/// How a run of content is marked: the structure element it belongs to, or artifact.
#[derive(Clone, Copy, PartialEq)]
enum Mark {
    Content(usize),
    Artifact,
}

/// A page's content stream and what the finisher needs to tie its marks and link
/// annotations into the structure tree. Every text run is marked with the structure element
/// it belongs to (`/P <</MCID 3>> BDC … EMC`) and everything else as an artifact.
pub fn page(
    page_h: f32,
    items: &[Item],
    roles: &[Node],
    subset: &[BTreeMap<u16, u16>; 2],
) -> (Vec<u8>, PageTags) {
    let mut out = Content {
        buf: Vec::with_capacity(items.len() * 64),
        page_h,
        subset,
    };
    let mut tags = PageTags::default();
    let mut open: Option<Mark> = None;
    for item in items {
        let mark = match item {
            Item::Text(t) => t.node.map_or(Mark::Artifact, Mark::Content),
            // An annotation is not page content: the finisher ties it to its element.
            Item::Link(l) => {
                tags.links.push((l.node, l.description.clone()));
                continue;
            }
            _ => Mark::Artifact,
        };
        if open != Some(mark) {
            if open.is_some() {
                out.op("EMC");
            }
            out.begin_mark(mark, roles, &mut tags);
            open = Some(mark);
        }
        out.draw(item);
    }
    if open.is_some() {
        out.op("EMC");
    }
    (out.buf, tags)
}

/// Operators written the way lopdf encodes them: operands each followed by a space, then
/// the operator; operators separated by newlines.
struct Content<'a> {
    buf: Vec<u8>,
    /// PDF's origin is the bottom-left corner; the layout's is the top-left.
    page_h: f32,
    subset: &'a [BTreeMap<u16, u16>; 2],
}

impl Content<'_> {
    /// Starts an operator's operands (a newline after the previous operator).
    fn start(&mut self) {
        if !self.buf.is_empty() {
            self.buf.push(b'\n');
        }
    }

    fn op(&mut self, operator: &str) {
        self.start();
        self.buf.extend_from_slice(operator.as_bytes());
    }

    /// An operator with number operands.
    fn op_reals(&mut self, operands: &[f32], operator: &str) {
        self.start();
        for &r in operands {
            self.real(r);
            self.buf.push(b' ');
        }
        self.buf.extend_from_slice(operator.as_bytes());
    }

    fn real(&mut self, r: f32) {
        super::super::file::real(&mut self.buf, r);
    }

    fn begin_mark(&mut self, mark: Mark, roles: &[Node], tags: &mut PageTags) {
        self.start();
        match mark {
            Mark::Artifact => self.buf.extend_from_slice(b"/Artifact BMC"),
            Mark::Content(node) => {
                let mcid = tags.mcids.len();
                tags.mcids.push(node);
                let tag = roles.get(node).map_or("Span", |n| n.role.name());
                let _ = write!(self.buf, "/{tag} <</MCID {mcid}>> BDC");
            }
        }
    }

    /// An RGB colour operator. A channel's number (`v / 255`, mostly seven decimals) is
    /// formatted once per process: colours are set before every shape and text run.
    fn color(&mut self, c: Rgb, operator: &str) {
        static CHANNELS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
        let channels = CHANNELS.get_or_init(|| {
            (0..=u8::MAX)
                .map(|v| {
                    let mut text = Vec::new();
                    super::super::file::real(&mut text, f32::from(v) / 255.0);
                    text
                })
                .collect()
        });
        self.start();
        for v in [c.0, c.1, c.2] {
            self.buf.extend_from_slice(&channels[usize::from(v)]);
            self.buf.push(b' ');
        }
        self.buf.extend_from_slice(operator.as_bytes());
    }

    /// Graphics state is set before every shape: simpler than tracking it, and the content
    /// streams are compressed anyway.
    fn stroke(&mut self, s: &Stroke) {
        self.color(s.color, "RG");
        self.op_reals(&[s.width], "w");
        self.start();
        self.buf.push(b'[');
        for (n, &d) in s.dash.iter().enumerate() {
            if n > 0 {
                self.buf.push(b' ');
            }
            self.real(d);
        }
        self.buf.extend_from_slice(b"] 0 d");
    }

    /// Sets the fill colour and the stroke a shape is painted with, and returns the
    /// painting operator for a shape closed with `h` (`None`: it would paint nothing).
    fn paint(&mut self, fill: Option<Rgb>, stroke: Option<&Stroke>) -> Option<&'static str> {
        let operator = match (fill.is_some(), stroke.is_some()) {
            (true, true) => "b",
            (true, false) => "f",
            (false, true) => "S",
            (false, false) => return None,
        };
        if let Some(f) = fill {
            self.color(f, "rg");
        }
        if let Some(s) = stroke {
            self.stroke(s);
        }
        Some(operator)
    }

    fn draw(&mut self, item: &Item) {
        match item {
            Item::Rect(r) => self.rect(r),
            Item::Line(l) => {
                self.stroke(&l.stroke);
                if !l.points.is_empty() {
                    self.path(l.points.iter().map(|&p| (p, false)));
                    self.op("S");
                }
            }
            Item::Polygon(p) => {
                self.color(p.fill, "rg");
                if let Some(s) = &p.stroke {
                    self.stroke(s);
                }
                self.path(p.points.iter().map(|&p| (p, false)));
                self.op("h");
                self.op(if p.stroke.is_some() { "b" } else { "f" });
            }
            Item::Ellipse(e) => self.ellipse(e),
            Item::Text(t) => self.text(t),
            Item::Link(_) => {}
        }
    }

    fn rect(&mut self, r: &Rect) {
        // `re` is closed already: fill and stroke without closing again.
        let operator = match self.paint(r.fill, r.stroke.as_ref()) {
            Some("b") => "B",
            Some(o) => o,
            None => return,
        };
        let y = self.page_h - r.y - r.h;
        self.op_reals(&[r.x, y, r.w, r.h], "re");
        self.op(operator);
    }

    /// A path through points given top-down, each flagged when it is a Bézier control
    /// point: `m`, then `l` for a plain point and `c` for two control points and an end.
    fn path(&mut self, points: impl Iterator<Item = ((f32, f32), bool)>) {
        let h = self.page_h;
        let points: Vec<((f32, f32), bool)> = points
            .map(|((x, y), bezier)| ((x, h - y), bezier))
            .collect();
        let Some(&((x, y), _)) = points.first() else {
            return;
        };
        self.op_reals(&[x, y], "m");
        let mut i = 1;
        while i < points.len() {
            let ((x1, y1), bezier) = points[i];
            match (points.get(i + 1), points.get(i + 2)) {
                (Some(&((x2, y2), true)), Some(&((x3, y3), _))) if bezier => {
                    self.op_reals(&[x1, y1, x2, y2, x3, y3], "c");
                    i += 3;
                }
                _ => {
                    self.op_reals(&[x1, y1], "l");
                    i += 1;
                }
            }
        }
    }

    /// A circle or ellipse as four cubic Béziers.
    fn ellipse(&mut self, e: &Ellipse) {
        const K: f32 = 0.552_284_8;
        let Some(operator) = self.paint(e.fill, e.stroke.as_ref()) else {
            return;
        };
        let (cx, cy, rx, ry) = (e.cx, e.cy, e.rx, e.ry);
        let (kx, ky) = (rx * K, ry * K);
        let points = [
            ((cx + rx, cy), false),
            ((cx + rx, cy + ky), true),
            ((cx + kx, cy + ry), true),
            ((cx, cy + ry), false),
            ((cx - kx, cy + ry), true),
            ((cx - rx, cy + ky), true),
            ((cx - rx, cy), false),
            ((cx - rx, cy - ky), true),
            ((cx - kx, cy - ry), true),
            ((cx, cy - ry), false),
            ((cx + kx, cy - ry), true),
            ((cx + rx, cy - ky), true),
            ((cx + rx, cy), false),
        ];
        self.path(points.into_iter());
        self.op("h");
        self.op(operator);
    }

    /// A text run: its glyphs as the subset's two-byte codes (Identity-H).
    fn text(&mut self, t: &Text) {
        self.op("BT");
        self.start();
        let _ = write!(self.buf, "/{} ", resource_name(t.face));
        self.real(t.size);
        self.buf.extend_from_slice(b" Tf");
        self.color(t.color, "rg");
        self.op_reals(&[1.0, 0.0, 0.0, 1.0, t.x, self.page_h - t.baseline], "Tm");
        self.start();
        self.buf.push(b'[');
        let subset = &self.subset[t.face as usize];
        for c in t.text.chars().filter(|c| !c.is_control()) {
            let code = subset.get(&glyph_id(t.face, c)).copied().unwrap_or(0);
            let _ = write!(self.buf, "<{code:04X}>");
        }
        self.buf.extend_from_slice(b"] TJ");
        self.op("ET");
    }
}
