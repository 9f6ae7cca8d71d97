//! The laid-out [`Document`] → PDF bytes, through krilla. It decides nothing about where
//! things go: each primitive becomes one krilla call, each text run a marked-content
//! sequence of its structure element, each link a tagged annotation; krilla writes the
//! content streams, the font subsets (subsetter) with their ToUnicode maps, the structure
//! tree, the outline and the XMP, and checks PDF/UA-1 when the document claims it.
//!
//! What krilla does not do is here: the document's identifier is a hash of the laid-out
//! document (krilla's default hashes the title and authors only), so the same input gives
//! the same bytes and another input another `/ID`; no clock is read.

use std::num::{NonZeroU16, NonZeroU32};

use krilla::action::{Action, LinkAction};
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::color::rgb;
use krilla::configure::{Accessibility, ConfigurationBuilder, PdfVersion};
use krilla::destination::XyzDestination;
use krilla::geom::{Path, PathBuilder, Point, Rect as KRect};
use krilla::metadata::Metadata as KMetadata;
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke as KStroke, StrokeDash};
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, ListNumbering, SpanTag, TableHeaderScope, Tag,
    TagGroup, TagKind, TagTree,
};
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::SerializeSettings;

use super::document::{
    Document, Ellipse, Face, Item, Link, Node, OutlineEntry, Page, Rgb, Role, Scope, Stroke, Text,
};

/// The application that made the document (Info's `Creator`, XMP's `CreatorTool`).
pub const CREATOR: &str = "koteihyo";

/// The program that wrote the file (Info's `Producer`): this crate and its version.
pub const PRODUCER: &str = concat!("koteihyo ", env!("CARGO_PKG_VERSION"));

/// Why the PDF could not be written.
#[derive(Debug)]
pub enum PdfError {
    /// An embedded face could not be parsed (a packaging fault: without it every text would
    /// be missing from the file).
    Font(Face),
    /// A page's size is not a usable one (zero, negative or not a number).
    PageSize(usize),
    /// krilla refused the document: a font it could not subset, or a PDF/UA-1 rule the
    /// document breaks (its own words).
    Krilla(String),
}

impl std::fmt::Display for PdfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PdfError::Font(face) => write!(f, "the embedded font {face:?} cannot be parsed"),
            PdfError::PageSize(page) => write!(f, "page {page} has no usable size"),
            PdfError::Krilla(why) => write!(f, "the PDF cannot be written: {why}"),
        }
    }
}

impl std::error::Error for PdfError {}

/// Draws `doc` and returns the PDF file. Each laid-out page is dropped once krilla has it,
/// so that a long roadmap is not held twice, laid out and drawn.
///
/// ```
/// use koteihyo::model::Roadmap;
/// use koteihyo::render::pdf::{layout::layout, write::write, PdfOptions};
/// let laid = layout(&Roadmap::default(), &PdfOptions::default());
/// assert!(write(laid.output).unwrap().starts_with(b"%PDF-"));
/// ```
pub fn write(doc: Document) -> Result<Vec<u8>, PdfError> {
    let fonts = [font(Face::Regular)?, font(Face::Bold)?];
    let mut pdf = krilla::Document::new_with(settings(doc.metadata.accessible)?);
    // The document's ID hashes the whole layout: taken before its pages go.
    pdf.set_metadata(metadata(&doc));
    pdf.set_outline(outline(&doc.outline, doc.pages.len()));
    let mut tags = Tags::new(&doc.structure);
    let pages = doc.pages.len();
    for (index, page) in doc.pages.into_iter().enumerate() {
        draw_page(&mut pdf, (index, pages), &page, &fonts, &mut tags)?;
    }
    pdf.set_tag_tree(tags.tree(&doc.structure));
    pdf.finish().map_err(|e| PdfError::Krilla(format!("{e:?}")))
}

/// PDF 1.7 either way; validated as PDF/UA-1 when the document claims it (krilla then also
/// writes the claim: `pdfuaid:part`, `DisplayDocTitle`).
fn settings(accessible: bool) -> Result<SerializeSettings, PdfError> {
    let mut builder = ConfigurationBuilder::new().with_version(PdfVersion::Pdf17);
    if accessible {
        builder = builder.with_accessibility_validator(Accessibility::UA1);
    }
    let configuration = builder
        .finish()
        .map_err(|e| PdfError::Krilla(format!("{e:?}")))?;
    Ok(SerializeSettings {
        configuration,
        ..SerializeSettings::default()
    })
}

/// The embedded face as krilla embeds it.
fn font(face: Face) -> Result<Font, PdfError> {
    Font::new(face.bytes().into(), 0).ok_or(PdfError::Font(face))
}

/// One page (`at`: its index and the number of pages): its drawing (every text run marked
/// with its structure element, everything else an artifact), then its link annotations.
fn draw_page(
    pdf: &mut krilla::Document,
    (index, pages): (usize, usize),
    page: &Page,
    fonts: &[Font; 2],
    tags: &mut Tags,
) -> Result<(), PdfError> {
    let settings =
        PageSettings::from_wh(page.width, page.height).ok_or(PdfError::PageSize(index + 1))?;
    let mut p = pdf.start_page_with(settings);
    let mut surface = p.surface();
    let mut open: Option<Option<usize>> = None;
    for item in &page.items {
        let mark = match item {
            Item::Text(t) => t.node,
            Item::Link(_) => continue,
            _ => None,
        };
        if open != Some(mark) {
            if open.is_some() {
                surface.end_tagged();
            }
            let id = surface.start_tagged(match mark {
                Some(_) => ContentTag::Span(SpanTag::empty()),
                None => ContentTag::Artifact(Artifact::new(ArtifactType::Other, None)),
            });
            if let Some(node) = mark {
                tags.content(node, id);
            }
            open = Some(mark);
        }
        draw(&mut surface, item, fonts, tags);
    }
    if open.is_some() {
        surface.end_tagged();
    }
    surface.finish();
    for item in &page.items {
        if let Item::Link(l) = item {
            if let Some(annotation) = annotation(l, pages) {
                let id = p.add_tagged_annotation(annotation);
                tags.link(l.node, id);
            }
        }
    }
    p.finish();
    Ok(())
}

/// Draws one primitive.
fn draw(surface: &mut Surface, item: &Item, fonts: &[Font; 2], tags: &mut Tags) {
    match item {
        Item::Text(t) => text(surface, t, &fonts[t.face as usize], tags),
        Item::Rect(r) => {
            let mut pb = PathBuilder::new();
            if let Some(rect) = KRect::from_xywh(r.x, r.y, r.w, r.h) {
                pb.push_rect(rect);
            }
            paint(surface, pb.finish(), r.fill, r.stroke.as_ref());
        }
        Item::Line(l) => paint(surface, polyline(&l.points, false), None, Some(&l.stroke)),
        Item::Polygon(p) => paint(
            surface,
            polyline(&p.points, true),
            Some(p.fill),
            p.stroke.as_ref(),
        ),
        Item::Ellipse(e) => paint(surface, ellipse(e), e.fill, e.stroke.as_ref()),
        Item::Link(_) => {}
    }
}

/// Fills and/or strokes `path`.
fn paint(surface: &mut Surface, path: Option<Path>, fill: Option<Rgb>, stroke: Option<&Stroke>) {
    let Some(path) = path else { return };
    surface.set_fill(fill.map(solid));
    surface.set_stroke(stroke.map(|s| KStroke {
        paint: color(s.color).into(),
        width: s.width,
        dash: (!s.dash.is_empty()).then(|| StrokeDash {
            array: s.dash.clone(),
            offset: 0.0,
        }),
        ..KStroke::default()
    }));
    surface.draw_path(&path);
}

/// One run of text: the glyphs the layout measured, each advancing by the face's own
/// width, with the characters they stand for (krilla's ToUnicode and `ActualText`).
fn text(surface: &mut Surface, t: &Text, font: &Font, tags: &mut Tags) {
    if let Some(node) = t.node {
        tags.text(node, &t.text);
    }
    let glyphs: Vec<KrillaGlyph> = t
        .text
        .char_indices()
        .filter(|(_, c)| !c.is_control())
        .map(|(at, c)| {
            let (gid, advance) = t.face.glyph(c).unwrap_or((0, 0));
            KrillaGlyph {
                glyph_id: GlyphId::new(u32::from(gid)),
                text_range: at..at + c.len_utf8(),
                x_advance: f32::from(advance) / t.face.units_per_em(),
                x_offset: 0.0,
                y_offset: 0.0,
                y_advance: 0.0,
                location: None,
            }
        })
        .collect();
    surface.set_stroke(None);
    surface.set_fill(Some(solid(t.color)));
    surface.draw_glyphs(
        Point::from_xy(t.x, t.baseline),
        &glyphs,
        font.clone(),
        &t.text,
        t.size,
        false,
    );
}

/// An sRGB colour as krilla takes it.
fn color(c: Rgb) -> rgb::Color {
    rgb::Color::new(c.0, c.1, c.2)
}

/// An opaque fill of `c`.
fn solid(c: Rgb) -> Fill {
    Fill {
        paint: color(c).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

/// The path through `points`, closed if `close`.
fn polyline(points: &[(f32, f32)], close: bool) -> Option<Path> {
    let (&(x0, y0), rest) = points.split_first()?;
    let mut pb = PathBuilder::new();
    pb.move_to(x0, y0);
    for &(x, y) in rest {
        pb.line_to(x, y);
    }
    if close {
        pb.close();
    }
    pb.finish()
}

/// An ellipse as four Bézier quarters.
fn ellipse(e: &Ellipse) -> Option<Path> {
    // The control-point distance that makes a cubic quarter the closest to a circle's.
    const K: f32 = 0.552_284_8;
    let (cx, cy, rx, ry) = (e.cx, e.cy, e.rx, e.ry);
    let (kx, ky) = (rx * K, ry * K);
    let mut pb = PathBuilder::new();
    pb.move_to(cx + rx, cy);
    pb.cubic_to(cx + rx, cy + ky, cx + kx, cy + ry, cx, cy + ry);
    pb.cubic_to(cx - kx, cy + ry, cx - rx, cy + ky, cx - rx, cy);
    pb.cubic_to(cx - rx, cy - ky, cx - kx, cy - ry, cx, cy - ry);
    pb.cubic_to(cx + kx, cy - ry, cx + rx, cy - ky, cx + rx, cy);
    pb.close();
    pb.finish()
}

/// A link annotation to a web address or to a page, with its description for screen
/// readers; `None` for a link to a page the document does not have (of `pages`).
fn annotation(l: &Link, pages: usize) -> Option<Annotation> {
    let a = l.area;
    let rect = KRect::from_xywh(a.x, a.y, a.w, a.h)?;
    let target = match &l.web {
        Some(web) => Target::Action(Action::Link(LinkAction::new(web.clone()))),
        None if (1..=pages).contains(&l.page) => Target::Destination(page_top(l.page - 1).into()),
        None => return None,
    };
    let description = (!l.description.is_empty()).then(|| l.description.clone());
    Some(Annotation::new_link(
        LinkAnnotation::new(rect, target),
        description,
    ))
}

/// The top-left corner of the page at `index` (0-based).
fn page_top(index: usize) -> XyzDestination {
    XyzDestination::new(index, Point::from_xy(0.0, 0.0))
}

/// The nested outline from the flat, levelled entries: top-level entries open, deeper ones
/// closed (a pillar shows its policies on a click). Entries for pages the document does
/// not have are left out.
fn outline(entries: &[OutlineEntry], pages: usize) -> Outline {
    // The open branch: each entry with its level, deepest last.
    let mut branch: Vec<(u32, OutlineNode)> = Vec::new();
    let mut outline = Outline::new();
    let close = |branch: &mut Vec<(u32, OutlineNode)>, outline: &mut Outline, level: u32| {
        while branch.last().is_some_and(|(l, _)| *l >= level) {
            let Some((_, node)) = branch.pop() else { break };
            match branch.last_mut() {
                Some((_, parent)) => parent.push_child(node),
                None => outline.push_child(node),
            }
        }
    };
    for e in entries.iter().filter(|e| (1..=pages).contains(&e.page)) {
        close(&mut branch, &mut outline, e.level);
        let node = OutlineNode::new(e.title.clone(), page_top(e.page - 1)).with_open(e.level == 0);
        branch.push((e.level, node));
    }
    close(&mut branch, &mut outline, 0);
    outline
}

/// The document information and XMP: title, author, subject, language, the producing
/// tool, and the content-derived identifier.
fn metadata(doc: &Document) -> KMetadata {
    let m = &doc.metadata;
    KMetadata::new()
        .title(m.title.clone())
        .authors(vec![m.author.clone()])
        .description(m.subject.clone())
        .language(m.language.clone())
        .creator(CREATOR.to_string())
        .producer(PRODUCER.to_string())
        .document_id(content_id(doc))
}

/// What each structure element holds, gathered while the pages are drawn: its marked
/// content and annotations in reading order, and its text (a heading's title).
struct Tags {
    kids: Vec<Vec<Identifier>>,
    texts: Vec<String>,
}

impl Tags {
    fn new(nodes: &[Node]) -> Tags {
        Tags {
            kids: vec![Vec::new(); nodes.len()],
            texts: vec![String::new(); nodes.len()],
        }
    }

    /// Marked content of element `node`.
    fn content(&mut self, node: usize, id: Identifier) {
        if let Some(kids) = self.kids.get_mut(node) {
            kids.push(id);
        }
    }

    /// Text drawn for element `node`.
    fn text(&mut self, node: usize, text: &str) {
        if let Some(t) = self.texts.get_mut(node) {
            t.push_str(text);
        }
    }

    /// A link annotation of element `node` (after the link's text).
    fn link(&mut self, node: Option<usize>, id: Identifier) {
        if let Some(node) = node {
            self.content(node, id);
        }
    }

    /// The tag tree: element 0 is the document (krilla writes that element itself), each
    /// element's content first, then its child elements in the order of their index.
    fn tree(&mut self, nodes: &[Node]) -> TagTree {
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
        for (i, n) in nodes.iter().enumerate() {
            if let Some(parent) = n.parent.filter(|&p| p < nodes.len() && p != i) {
                children[parent].push(i);
            }
        }
        let mut tree = TagTree::new();
        if nodes.is_empty() {
            return tree;
        }
        for id in std::mem::take(&mut self.kids[0]) {
            tree.push(id);
        }
        for &child in &children[0] {
            tree.push(self.group(nodes, &children, child, 1));
        }
        tree
    }

    /// Element `i` with everything below it (`depth` guards against a parent cycle).
    fn group(
        &mut self,
        nodes: &[Node],
        children: &[Vec<usize>],
        i: usize,
        depth: usize,
    ) -> TagGroup {
        let mut group = TagGroup::new(self.kind(&nodes[i], i));
        for id in std::mem::take(&mut self.kids[i]) {
            group.push(id);
        }
        if depth <= nodes.len() {
            for &child in &children[i] {
                group.push(self.group(nodes, children, child, depth + 1));
            }
        }
        group
    }

    /// The tag of element `i`, with its `/ActualText`.
    fn kind(&self, node: &Node, i: usize) -> TagKind {
        let span = |n: u32| NonZeroU32::new(n).filter(|n| n.get() > 1);
        let kind: TagKind = match node.role {
            Role::Document | Role::Sect => Tag::Section.into(),
            Role::H { level } => {
                let level =
                    NonZeroU16::new(u16::from(level.clamp(1, 6))).unwrap_or(NonZeroU16::MIN);
                Tag::Hn(level, Some(self.texts[i].clone())).into()
            }
            Role::P => Tag::P.into(),
            Role::L => Tag::L(ListNumbering::None).into(),
            Role::LI => Tag::LI.into(),
            Role::LBody => Tag::LBody.into(),
            Role::Link => Tag::Link.into(),
            Role::Table => Tag::Table.into(),
            Role::TR => Tag::TR.into(),
            Role::TH {
                scope,
                colspan,
                rowspan,
            } => Tag::TH(match scope {
                Scope::Column => TableHeaderScope::Column,
                Scope::Row => TableHeaderScope::Row,
            })
            .with_col_span(span(colspan))
            .with_row_span(span(rowspan))
            .into(),
            Role::TD { colspan, rowspan } => Tag::TD
                .with_col_span(span(colspan))
                .with_row_span(span(rowspan))
                .into(),
        };
        kind.with_actual_text(node.read_as.clone())
    }
}

/// 32 hexadecimal digits derived from the laid-out document (two FNV-1a hashes with
/// different seeds of its JSON): the same content always gets the same `/ID`. The JSON is
/// hashed as it is written, never held: at 100× the roadmap it would be hundreds of MiB.
pub fn content_id(doc: &Document) -> String {
    let mut hash = Fnv2::new();
    if serde_json::to_writer(&mut hash, doc).is_err() {
        // As if the document had no JSON at all (it always has: no map in it has non-text keys).
        hash = Fnv2::new();
    }
    format!("{:016x}{:016x}", hash.0, hash.1)
}

/// Two FNV-1a hashes of the bytes written, with different seeds.
struct Fnv2(u64, u64);

impl Fnv2 {
    fn new() -> Fnv2 {
        Fnv2(0xcbf2_9ce4_8422_2325, 0x6c62_272e_07bb_0142)
    }
}

impl std::io::Write for Fnv2 {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        const PRIME: u64 = 0x0000_0100_0000_01b3;
        for &b in buf {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(PRIME);
            self.1 = (self.1 ^ u64::from(b)).wrapping_mul(PRIME);
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
