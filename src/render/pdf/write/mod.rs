//! The laid-out [`Document`] → PDF bytes. It decides nothing about where things go.
//!
//! Three parts: `content` writes each page's drawing as a content stream, `embed` embeds
//! the two faces as subsets (allsorts subsets them), and this module assembles the objects
//! with lopdf; `finish` then adds the outline, the structure tree, the metadata and a
//! content-derived `/ID`, and `file` writes the bytes. The fonts are subset
//! on threads of their own while this one writes and compresses the pages and builds
//! everything else around the fonts' reserved object numbers; a page is held only
//! compressed.
//!
//! Objects are numbered and laid out as printpdf 0.12.8 laid them out when it drew the pages
//! (the writer it replaced, which cost a third of a build): the same input gives the same
//! bytes as before.

mod content;
mod embed;

use std::collections::BTreeMap;

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};

use super::document::{Document, Face, Item, Link};
use super::finish::{self, PageTags};
use super::structure;
use content::UsedGlyphs;

/// Why the PDF could not be written.
#[derive(Debug)]
pub enum PdfError {
    /// An embedded face could not be parsed (a packaging fault: without it every text would
    /// be missing from the file).
    Font(Face),
    /// An embedded face could not be subset (the subsetter's reason).
    Subset(Face, String),
    /// The document's identifier could not be computed (its hashing thread panicked).
    Identifier,
}

impl std::fmt::Display for PdfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PdfError::Font(face) => write!(f, "the embedded font {face:?} cannot be parsed"),
            PdfError::Subset(face, why) => {
                write!(f, "the embedded font {face:?} cannot be subset: {why}")
            }
            PdfError::Identifier => write!(f, "the document identifier cannot be computed"),
        }
    }
}

impl std::error::Error for PdfError {}

/// One page written: its compressed content stream and what the structure tree needs.
struct PageStream {
    content: Stream,
    tags: PageTags,
}

/// Draws `doc` and returns the PDF file.
pub fn write(doc: &Document) -> Result<Vec<u8>, PdfError> {
    let used = UsedGlyphs::of(doc.pages.iter().map(|p| p.items.as_slice()));
    let subset_ids = [used.subset_ids(Face::Regular), used.subset_ids(Face::Bold)];
    let faces: Vec<Face> = embed::WRITE_ORDER
        .into_iter()
        .filter(|&face| !used.0[face as usize].is_empty())
        .collect();
    // Each face is subset on a thread of its own (compressing its program is most of it),
    // and the document's identifier is hashed on another, while this one writes the pages
    // and everything else: the fonts' objects have their numbers reserved, and are filled
    // in last.
    let (fonts, id, (mut lo, written, reserved)) = std::thread::scope(|scope| {
        let fonts: Vec<_> = faces
            .iter()
            .map(|&face| {
                let used = &used;
                (face, scope.spawn(move || embed::subset(face, used)))
            })
            .collect();
        let id = scope.spawn(|| finish::content_id(doc));
        let pages = pages(doc, &subset_ids);
        let (lo, tags, reserved) = assemble(doc, &faces, pages);
        let (lo, written) = finish::structure(lo, doc, &tags);
        let fonts = fonts
            .into_iter()
            .map(|(face, subset)| {
                subset.join().unwrap_or_else(|_| {
                    Err(PdfError::Subset(face, "the subsetter panicked".into()))
                })
            })
            .collect::<Result<Vec<_>, PdfError>>();
        (fonts, id.join(), (lo, written, reserved))
    });
    let id = id.map_err(|_| PdfError::Identifier)?;
    for (embedded, reserved) in fonts?.into_iter().zip(reserved) {
        embed::fill(&mut lo, reserved, embedded);
    }
    Ok(finish::save(lo, &written, id))
}

/// Every page's content stream, compressed as soon as it is written.
fn pages(doc: &Document, subset_ids: &[BTreeMap<u16, u16>; 2]) -> Vec<PageStream> {
    let mut deflater = super::file::Deflater::default();
    doc.pages
        .iter()
        .map(|p| {
            let (bytes, tags) = content::page(p.height, &p.items, &doc.structure, subset_ids);
            let mut content = Stream::new(Dictionary::new(), bytes);
            deflater.deflate(&mut content);
            PageStream { content, tags }
        })
        .collect()
}

/// Numbers and links the objects: the page tree's root, the fonts (their numbers reserved:
/// they are filled in once subset), the (empty) shared resource dictionaries, the pages with
/// their resources and contents, the catalog and the document information.
fn assemble(
    doc: &Document,
    faces: &[Face],
    pages: Vec<PageStream>,
) -> (lopdf::Document, Vec<PageTags>, Vec<embed::Reserved>) {
    let mut lo = lopdf::Document::with_version("1.3");
    lo.reference_table.cross_reference_type = lopdf::xref::XrefType::CrossReferenceTable;
    let pages_id = lo.new_object_id();
    let mut font_dict = Dictionary::new();
    let mut reserved = Vec::with_capacity(faces.len());
    for &face in faces {
        let ids = embed::reserve(&mut lo);
        font_dict.set(embed::resource_name(face), Object::Reference(ids.font));
        reserved.push(ids);
    }
    let resources = [
        ("Font", lo.add_object(font_dict)),
        ("XObject", lo.add_object(Dictionary::new())),
        ("ExtGState", lo.add_object(Dictionary::new())),
        ("Shading", lo.add_object(Dictionary::new())),
    ];
    let page_ids: Vec<ObjectId> = pages.iter().map(|_| lo.new_object_id()).collect();
    let mut tags = Vec::with_capacity(pages.len());
    for ((stream, page), &id) in pages.into_iter().zip(&doc.pages).zip(&page_ids) {
        let resources = Dictionary::from_iter(
            resources
                .iter()
                .map(|&(key, id)| (key, Object::Reference(id))),
        );
        let annotations = page
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Link(l) => Some(annotation(l, page.height, &page_ids).into()),
                _ => None,
            })
            .collect();
        let page_box = || page_box(page.width, page.height);
        let dict = Dictionary::from_iter(vec![
            ("Type", Object::from("Page")),
            ("MediaBox", page_box()),
            ("TrimBox", page_box()),
            ("CropBox", page_box()),
            ("Parent", Object::Reference(pages_id)),
            ("Resources", Object::Reference(lo.add_object(resources))),
            ("Contents", Object::Reference(lo.add_object(stream.content))),
            ("Annots", Object::Array(annotations)),
        ]);
        lo.set_object(id, dict);
        tags.push(stream.tags);
    }
    lo.set_object(
        pages_id,
        Dictionary::from_iter(vec![
            ("Type", Object::from("Pages")),
            ("Count", Object::Integer(page_ids.len() as i64)),
            (
                "Kids",
                Object::Array(page_ids.iter().map(|&p| Object::Reference(p)).collect()),
            ),
        ]),
    );
    let catalog = lo.add_object(Dictionary::from_iter(vec![
        ("Type", Object::from("Catalog")),
        ("PageLayout", Object::from("OneColumn")),
        ("PageMode", Object::from("UseNone")),
        ("Pages", Object::Reference(pages_id)),
    ]));
    let info = lo.add_object(info(doc));
    lo.trailer.set("Root", Object::Reference(catalog));
    lo.trailer.set("Info", Object::Reference(info));
    (lo, tags, reserved)
}

/// A page's boxes (media, trim, crop): the whole sheet. The size goes through millimetres
/// and back as printpdf's did, so the numbers stay those of the earlier files.
fn page_box(width: f32, height: f32) -> Object {
    const PT_PER_MM: f32 = 2.834_646;
    let pt = |v: f32| v * 25.4 / 72.0 * PT_PER_MM;
    Object::Array(vec![
        Object::Real(0.0),
        Object::Real(0.0),
        Object::Real(pt(width)),
        Object::Real(pt(height)),
    ])
}

/// The document information: who made it and what it is. (The key order is the one the
/// earlier writer's files had.)
fn info(doc: &Document) -> Dictionary {
    let m = &doc.metadata;
    Dictionary::from_iter(vec![
        ("Author", info_text(&m.author)),
        ("Producer", info_text(structure::PRODUCER)),
        ("Subject", info_text(&m.subject)),
        ("Creator", info_text(structure::CREATOR)),
        ("Title", info_text(&m.title)),
    ])
}

/// A text string of the document information (an empty one as `()`).
fn info_text(s: &str) -> Object {
    if s.is_empty() {
        Object::String(Vec::new(), StringFormat::Literal)
    } else {
        finish::text_string(s)
    }
}

/// A link annotation: to a web address, or showing a page whole (`/Fit`: the council reads
/// a chart page whole, not wherever the reader's scroll position was). No visible frame:
/// the link is the text itself.
fn annotation(l: &Link, page_h: f32, page_ids: &[ObjectId]) -> Dictionary {
    let a = l.area;
    let (x, y) = (a.x, page_h - a.y - a.h);
    let action = match &l.web {
        Some(web) => Dictionary::from_iter(vec![
            ("S", Object::from("URI")),
            (
                "URI",
                Object::String(web.clone().into_bytes(), StringFormat::Literal),
            ),
        ]),
        None => {
            let target = match page_ids.get(l.page.saturating_sub(1)) {
                Some(&page) => vec![Object::Reference(page), Object::from("Fit")],
                None => vec![
                    Object::Null,
                    Object::from("XYZ"),
                    Object::Null,
                    Object::Null,
                    Object::Null,
                ],
            };
            Dictionary::from_iter(vec![
                ("S", Object::from("GoTo")),
                ("D", Object::Array(target)),
            ])
        }
    };
    Dictionary::from_iter(vec![
        ("Type", Object::from("Annot")),
        ("Subtype", Object::from("Link")),
        (
            "Rect",
            Object::Array(
                [x, y, x + a.w, y + a.h]
                    .into_iter()
                    .map(Object::Real)
                    .collect(),
            ),
        ),
        ("A", action.into()),
        ("Border", Object::Array(vec![Object::Real(0.0); 3])),
        ("C", Object::Array(Vec::new())),
        ("H", Object::from("I")),
    ])
}
