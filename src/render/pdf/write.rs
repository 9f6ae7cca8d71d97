//! The laid-out [`Document`] → PDF bytes. The only file that calls printpdf; it decides
//! nothing about where things go.
//!
//! printpdf draws the pages and embeds the two faces as subsets (CID TrueType, Identity-H,
//! with a ToUnicode map so the text can be copied and searched). A lopdf pass then finishes
//! the file: a nested outline (printpdf's bookmarks are flat), the document information
//! without printpdf's empty PDF/X key and 1970 dates, the catalog's language, and a trailer
//! `/ID` derived from the content, because printpdf's changes from one save to the next.

use printpdf::{
    Actions, BorderArray, Codepoint, Color, ColorArray, Destination, DictItem, FontId,
    HighlightingMode, LineDashPattern, LinePoint, LinkAnnotation, Op, PaintMode, PdfDocument,
    PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Polygon as PPolygon, PolygonRing, Pt,
    TextItem, TextMatrix, WindingOrder,
};

use super::document::{Document, Ellipse, Face, Item, Link, Node, Rect, Rgb, Stroke, Text};
use super::finish::{self, PageTags};

/// Resource names of the faces. Fixed rather than printpdf's counter-based ids, so that
/// two renders in one process give the same bytes; the first six letters become the
/// subset tag (`KTHREG+BIZUDPGothic`).
fn font_id(face: Face) -> FontId {
    FontId(match face {
        Face::Regular => "KTHREGF1".to_string(),
        Face::Bold => "KTHBLDF2".to_string(),
    })
}

/// Why the PDF could not be written.
#[derive(Debug)]
pub enum PdfError {
    /// An embedded face could not be parsed (a packaging fault: without it every text would
    /// be missing from the file).
    Font(Face),
    /// lopdf could not serialise the finished document.
    Save(lopdf::Error),
}

impl std::fmt::Display for PdfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PdfError::Font(face) => write!(f, "the embedded font {face:?} cannot be parsed"),
            PdfError::Save(e) => write!(f, "the PDF cannot be saved: {e}"),
        }
    }
}

impl std::error::Error for PdfError {}

/// Draws `doc` and returns the PDF file.
pub fn write(doc: &Document) -> Result<Vec<u8>, PdfError> {
    let mut pdf = PdfDocument::new(&doc.metadata.title);
    {
        let info = &mut pdf.metadata.info;
        info.author = doc.metadata.author.clone();
        info.subject = doc.metadata.subject.clone();
        info.creator = "koteihyo".to_string();
        info.producer = "koteihyo (printpdf 0.12.8)".to_string();
    }
    for face in Face::ALL {
        let font = face.parsed().ok_or(PdfError::Font(face))?;
        pdf.resources
            .fonts
            .map
            .insert(font_id(face), PdfFont::new(font.clone()));
    }
    let mut tags = Vec::with_capacity(doc.pages.len());
    let pages: Vec<PdfPage> = doc
        .pages
        .iter()
        .map(|p| {
            let (ops, t) = ops(p.height, &p.items, &doc.structure);
            tags.push(t);
            PdfPage::new(pt_mm(p.width), pt_mm(p.height), ops)
        })
        .collect();
    pdf.with_pages(pages);
    let opts = PdfSaveOptions {
        // The lopdf pass below compresses once, at the end.
        optimize: false,
        subset_fonts: true,
        ..Default::default()
    };
    let lo = pdf.to_lopdf_document(&opts, &mut Vec::new());
    finish::finish(lo, doc, &tags).map_err(PdfError::Save)
}

fn pt_mm(pt: f32) -> printpdf::Mm {
    printpdf::Mm(pt * 25.4 / 72.0)
}

fn color(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb {
        r: f32::from(c.0) / 255.0,
        g: f32::from(c.1) / 255.0,
        b: f32::from(c.2) / 255.0,
        icc_profile: None,
    })
}

fn point(page_h: f32, x: f32, y: f32) -> Point {
    Point {
        x: Pt(x),
        y: Pt(page_h - y),
    }
}

/// The paint mode for a shape that may be filled, stroked, or both.
fn mode(fill: bool, stroke: bool) -> Option<PaintMode> {
    match (fill, stroke) {
        (true, true) => Some(PaintMode::FillStroke),
        (true, false) => Some(PaintMode::Fill),
        (false, true) => Some(PaintMode::Stroke),
        (false, false) => None,
    }
}

/// Graphics state is set before every shape: simpler than tracking it, and the content
/// streams are compressed anyway.
fn set_stroke(out: &mut Vec<Op>, s: &Stroke) {
    out.push(Op::SetOutlineColor {
        col: color(s.color),
    });
    out.push(Op::SetOutlineThickness { pt: Pt(s.width) });
    out.push(Op::SetLineDashPattern {
        dash: LineDashPattern::new(0.0, &s.dash),
    });
}

fn ring(page_h: f32, points: &[(f32, f32)]) -> PolygonRing {
    PolygonRing {
        points: points
            .iter()
            .map(|&(x, y)| LinePoint {
                p: point(page_h, x, y),
                bezier: false,
            })
            .collect(),
    }
}

/// A circle or ellipse as four cubic Béziers.
fn ellipse_ring(page_h: f32, cx: f32, cy: f32, rx: f32, ry: f32) -> PolygonRing {
    const K: f32 = 0.552_284_8;
    let (kx, ky) = (rx * K, ry * K);
    let pts = [
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
    PolygonRing {
        points: pts
            .iter()
            .map(|&((x, y), bezier)| LinePoint {
                p: point(page_h, x, y),
                bezier,
            })
            .collect(),
    }
}

/// How a run of content is marked: the structure element it belongs to, or artifact.
#[derive(Clone, Copy, PartialEq)]
enum Mark {
    Content(usize),
    Artifact,
}

/// A page's drawing operators, each run of text marked with the structure element it
/// belongs to (`/P <</MCID 3>> BDC … EMC`) and everything else as an artifact, and what the
/// finisher needs to tie the marks and the link annotations into the structure tree.
fn ops(page_h: f32, items: &[Item], roles: &[Node]) -> (Vec<Op>, PageTags) {
    let mut out = Vec::new();
    let mut tags = PageTags::default();
    let mut open: Option<Mark> = None;
    for item in items {
        let mark = match item {
            Item::Text(t) => t.node.map_or(Mark::Artifact, Mark::Content),
            // An annotation is not page content: the finisher ties it to its element.
            Item::Link(l) => {
                tags.links.push((l.node, l.description.clone()));
                draw(&mut out, page_h, item);
                continue;
            }
            _ => Mark::Artifact,
        };
        if open != Some(mark) {
            if open.is_some() {
                out.push(Op::EndMarkedContent);
            }
            out.push(begin_mark(mark, roles, &mut tags));
            open = Some(mark);
        }
        draw(&mut out, page_h, item);
    }
    if open.is_some() {
        out.push(Op::EndMarkedContent);
    }
    (out, tags)
}

/// The operator opening a marked run; a content run gets the page's next MCID.
fn begin_mark(mark: Mark, roles: &[Node], tags: &mut PageTags) -> Op {
    match mark {
        Mark::Artifact => Op::BeginMarkedContent {
            tag: "Artifact".to_string(),
        },
        Mark::Content(node) => {
            let mcid = tags.mcids.len();
            tags.mcids.push(node);
            let tag = roles.get(node).map_or("Span", |n| n.role.name());
            Op::BeginMarkedContentWithProperties {
                tag: tag.to_string(),
                properties: DictItem::Dict {
                    map: [("MCID".to_string(), DictItem::Int(mcid as i64))].into(),
                },
            }
        }
    }
}

/// The operators drawing one item.
fn draw(out: &mut Vec<Op>, page_h: f32, item: &Item) {
    match item {
        Item::Rect(r) => draw_rect(out, page_h, r),
        Item::Line(l) => {
            set_stroke(out, &l.stroke);
            out.push(Op::DrawLine {
                line: printpdf::Line {
                    points: ring(page_h, &l.points).points,
                    is_closed: false,
                },
            });
        }
        Item::Polygon(p) => {
            out.push(Op::SetFillColor { col: color(p.fill) });
            if let Some(s) = &p.stroke {
                set_stroke(out, s);
            }
            out.push(Op::DrawPolygon {
                polygon: PPolygon {
                    rings: vec![ring(page_h, &p.points)],
                    mode: mode(true, p.stroke.is_some()).unwrap_or(PaintMode::Fill),
                    winding_order: WindingOrder::NonZero,
                },
            });
        }
        Item::Ellipse(e) => draw_ellipse(out, page_h, e),
        Item::Text(t) => draw_text(out, page_h, t),
        Item::Link(l) => draw_link(out, page_h, l),
    }
}

/// Sets the fill colour and the stroke a shape is painted with; `None` when it would paint
/// nothing.
fn paint(out: &mut Vec<Op>, fill: Option<Rgb>, stroke: Option<&Stroke>) -> Option<PaintMode> {
    let m = mode(fill.is_some(), stroke.is_some())?;
    if let Some(f) = fill {
        out.push(Op::SetFillColor { col: color(f) });
    }
    if let Some(s) = stroke {
        set_stroke(out, s);
    }
    Some(m)
}

fn draw_rect(out: &mut Vec<Op>, page_h: f32, r: &Rect) {
    let Some(m) = paint(out, r.fill, r.stroke.as_ref()) else {
        return;
    };
    out.push(Op::DrawRectangle {
        rectangle: printpdf::Rect {
            x: Pt(r.x),
            y: Pt(page_h - r.y - r.h),
            width: Pt(r.w),
            height: Pt(r.h),
            mode: Some(m),
            winding_order: Some(WindingOrder::NonZero),
        },
    });
}

fn draw_ellipse(out: &mut Vec<Op>, page_h: f32, e: &Ellipse) {
    let Some(m) = paint(out, e.fill, e.stroke.as_ref()) else {
        return;
    };
    out.push(Op::DrawPolygon {
        polygon: PPolygon {
            rings: vec![ellipse_ring(page_h, e.cx, e.cy, e.rx, e.ry)],
            mode: m,
            winding_order: WindingOrder::NonZero,
        },
    });
}

fn draw_text(out: &mut Vec<Op>, page_h: f32, t: &Text) {
    if t.face.parsed().is_none() {
        return;
    }
    out.push(Op::StartTextSection);
    out.push(Op::SetFont {
        font: PdfFontHandle::External(font_id(t.face)),
        size: Pt(t.size),
    });
    out.push(Op::SetFillColor {
        col: color(t.color),
    });
    out.push(Op::SetTextMatrix {
        matrix: TextMatrix::Translate(Pt(t.x), Pt(page_h - t.baseline)),
    });
    // Glyph ids from the face's cached table, each with its character for the ToUnicode
    // map: printpdf's own per-character cmap lookup is slow.
    let glyphs = t
        .text
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| Codepoint {
            gid: t.face.glyph(c).map_or(0, |(g, _)| g),
            offset: 0.0,
            cid: Some(c.to_string()),
        })
        .collect();
    out.push(Op::ShowText {
        items: vec![TextItem::GlyphIds(glyphs)],
    });
    out.push(Op::EndTextSection);
}

/// A link annotation: to a web address, or to a page (printpdf can only say `/XYZ`; the
/// finisher makes it `/Fit`, [`finish::fit_destinations`]).
fn draw_link(out: &mut Vec<Op>, page_h: f32, l: &Link) {
    let a = l.area;
    let action = match &l.web {
        Some(web) => Actions::uri(web.clone()),
        None => Actions::go_to(Destination::Xyz {
            page: l.page,
            left: None,
            top: None,
            zoom: None,
        }),
    };
    out.push(Op::LinkAnnotation {
        link: LinkAnnotation::new(
            printpdf::Rect {
                x: Pt(a.x),
                y: Pt(page_h - a.y - a.h),
                width: Pt(a.w),
                height: Pt(a.h),
                mode: None,
                winding_order: None,
            },
            action,
            // No visible frame: the link is the text itself.
            Some(BorderArray::Solid([0.0, 0.0, 0.0])),
            Some(ColorArray::Transparent),
            Some(HighlightingMode::Invert),
        ),
    });
}
