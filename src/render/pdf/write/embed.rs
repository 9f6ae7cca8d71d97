//! The two faces embedded as subsets (CID TrueType, Identity-H), with the widths and the
//! ToUnicode map that let a reader copy and search the text. allsorts subsets the face; the
//! objects are laid out as printpdf 0.12.8 laid them out (the writer this replaced), so the
//! files stay byte-identical to the earlier ones.

use std::collections::BTreeMap;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile};
use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};

use super::super::document::Face;
use super::super::file::Deflater;
use super::super::font::Tables;
use super::content::UsedGlyphs;
use super::PdfError;

/// The resource name a face is shown with (`/KTHREGF1 9 Tf`). Fixed names, so that two
/// renders in one process give the same bytes; the first six letters are the subset tag
/// (`KTHREG+BIZUDPGothic`).
pub fn resource_name(face: Face) -> &'static str {
    match face {
        Face::Regular => "KTHREGF1",
        Face::Bold => "KTHBLDF2",
    }
}

/// The faces in the order their objects are written (by resource name, as printpdf did).
pub const WRITE_ORDER: [Face; 2] = [Face::Bold, Face::Regular];

/// One face's subset, ready to be added to the document: the font program and the
/// ToUnicode map (both already compressed), the widths and the descriptor's metrics.
pub struct Embedded {
    program: Stream,
    to_unicode: Stream,
    widths: Vec<Object>,
    descriptor: Descriptor,
}

/// The font descriptor's numbers, in thousandths of an em.
struct Descriptor {
    name: String,
    ascent: i64,
    descent: i64,
    cap_height: i64,
    italic_angle: i64,
    flags: i64,
    stem_v: i64,
    bbox: [i64; 4],
}

/// The width of a glyph not listed in `/W`.
const DEFAULT_WIDTH: i64 = 1000;

/// Subsets `face` to the glyphs the document shows in it.
pub fn subset(face: Face, glyphs: &UsedGlyphs) -> Result<Embedded, PdfError> {
    let font = face.parsed().ok_or(PdfError::Font(face))?;
    let program =
        subset_program(font, &glyphs.subset_order(face)).map_err(|e| PdfError::Subset(face, e))?;
    let ids = glyphs.subset_ids(face);
    let widths = widths(font, &ids);
    let cmap = to_unicode(resource_name(face), &glyphs.0[face as usize], &ids);
    let descriptor = descriptor(face, font);
    let mut dict = Dictionary::new();
    dict.set("Length1", program.len() as i64);
    let mut program = Stream::new(dict, program);
    let mut deflater = Deflater::default();
    deflater.deflate(&mut program);
    let mut to_unicode = Stream::new(Dictionary::new(), cmap.into_bytes());
    deflater.deflate(&mut to_unicode);
    Ok(Embedded {
        program,
        to_unicode,
        widths,
        descriptor,
    })
}

/// The subset font program holding the glyphs of `order`, numbered in that order.
fn subset_program(font: &Tables, order: &[u16]) -> Result<Vec<u8>, String> {
    let file = ReadScope::new(font.bytes)
        .read::<FontData<'_>>()
        .map_err(|e| e.to_string())?;
    let provider = file.table_provider(0).map_err(|e| e.to_string())?;
    allsorts::subset::subset(&provider, order, &SubsetProfile::Pdf, CmapTarget::Unicode)
        .map_err(|e| e.to_string())
}

/// The ToUnicode CMap: each subset glyph's two-byte code and the character it shows (as
/// UTF-16), in blocks of at most 100 per high byte of the code.
fn to_unicode(name: &str, used: &BTreeMap<u16, char>, ids: &BTreeMap<u16, u16>) -> String {
    let mut out = format!(
        "/CIDInit /ProcSet findresource begin\n\n12 dict begin\n\nbegincmap\n\n%!PS-Adobe-3.0 \
         Resource-CMap\n%%DocumentNeededResources: procset CIDInit\n%%IncludeResource: \
         procset CIDInit\n\n/CIDSystemInfo 3 dict dup begin\n/Registry (FontSpecific) \
         def\n/Ordering ({name}) def\n/Supplement 0 def\nend def\n\n/CMapName /FontSpecific-{name} \
         def\n/CMapVersion 1 def\n/CMapType 2 def\n/WMode 0 def\n\n1 \
         begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
    );
    let mut by_code: Vec<(u16, char)> = ids
        .iter()
        .filter_map(|(g, &code)| Some((code, *used.get(g)?)))
        .collect();
    by_code.sort_by_key(|&(code, _)| code);
    for block in by_code.chunk_by(|a, b| a.0 >> 8 == b.0 >> 8) {
        for chunk in block.chunks(100) {
            out.push_str(&format!("{} beginbfchar\n", chunk.len()));
            for &(code, c) in chunk {
                let mut units = [0u16; 2];
                let text: String = c
                    .encode_utf16(&mut units)
                    .iter()
                    .map(|u| format!("{u:04X}"))
                    .collect();
                out.push_str(&format!("<{code:04X}> <{text}>\n"));
            }
            out.push_str("endbfchar\n");
        }
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out
}

/// The `/W` array: runs of consecutive codes with their advances in thousandths of an em
/// (a subset keeps each glyph's advance).
fn widths(font: &Tables, ids: &BTreeMap<u16, u16>) -> Vec<Object> {
    let scale = 1000.0 / f32::from(font.head.units_per_em);
    let mut coded: Vec<(u16, i64)> = ids
        .iter()
        .map(|(&gid, &code)| (code, (f32::from(font.advance(gid)) * scale) as i64))
        .collect();
    coded.sort_by_key(|&(code, _)| code);
    let mut out = Vec::new();
    let mut run: Vec<Object> = Vec::new();
    let mut first = 0;
    for (n, &(code, width)) in coded.iter().enumerate() {
        if n > 0 && code != coded[n - 1].0 + 1 {
            out.push(Object::Integer(i64::from(first)));
            out.push(Object::Array(std::mem::take(&mut run)));
        }
        if run.is_empty() {
            first = code;
        }
        run.push(Object::Integer(width));
    }
    if !run.is_empty() {
        out.push(Object::Integer(i64::from(first)));
        out.push(Object::Array(run));
    }
    out
}

/// The descriptor's metrics, from the face's tables (a subset keeps them). The font has no
/// cap height of its own to offer here, so it is the ascent (as printpdf wrote it).
fn descriptor(face: Face, font: &Tables) -> Descriptor {
    let (head, hhea) = (&font.head, &font.hhea);
    let scale = if head.units_per_em == 0 {
        1.0
    } else {
        1000.0 / f32::from(head.units_per_em)
    };
    let scaled = |v: i16| (f32::from(v) * scale).round() as i64;
    let ascent = scaled(hhea.ascender);
    let italic_angle = if hhea.caret_slope_rise == 0 {
        0
    } else {
        (-f32::from(hhea.caret_slope_run)
            .atan2(f32::from(hhea.caret_slope_rise))
            .to_degrees())
        .round() as i64
    };
    const NONSYMBOLIC: i64 = 1 << 5;
    const ITALIC: i64 = 1 << 6;
    let name = font
        .postscript_name
        .clone()
        .unwrap_or_else(|| resource_name(face).to_string());
    Descriptor {
        name: format!("{}+{name}", &resource_name(face)[..6]),
        ascent,
        descent: scaled(hhea.descender),
        cap_height: ascent,
        italic_angle,
        flags: NONSYMBOLIC | if italic_angle != 0 { ITALIC } else { 0 },
        // No table holds the stem width: estimated from the weight class, as is customary.
        stem_v: if font.weight_class == 0 {
            80
        } else {
            50 + (f32::from(font.weight_class) / 65.0).powi(2).round() as i64
        },
        bbox: [head.x_min, head.y_min, head.x_max, head.y_max].map(scaled),
    }
}

/// Adds the face's objects (program, ToUnicode, descriptor, font) and returns the font's id.
pub fn add(lo: &mut lopdf::Document, e: Embedded) -> ObjectId {
    let program = lo.add_object(e.program);
    let to_unicode = lo.add_object(e.to_unicode);
    let d = e.descriptor;
    let name = || Object::Name(d.name.clone().into_bytes());
    let descriptor = lo.add_object(Dictionary::from_iter(vec![
        ("Type", Object::from("FontDescriptor")),
        ("FontName", name()),
        ("Ascent", d.ascent.into()),
        ("Descent", d.descent.into()),
        ("CapHeight", d.cap_height.into()),
        ("ItalicAngle", d.italic_angle.into()),
        ("Flags", d.flags.into()),
        ("StemV", d.stem_v.into()),
        ("FontBBox", d.bbox.map(Object::Integer).to_vec().into()),
        ("FontFile2", Object::Reference(program)),
    ]));
    let system = Dictionary::from_iter(vec![
        (
            "Registry",
            Object::String(b"Adobe".to_vec(), StringFormat::Literal),
        ),
        (
            "Ordering",
            Object::String(b"Identity".to_vec(), StringFormat::Literal),
        ),
        ("Supplement", Object::Integer(0)),
    ]);
    let descendant = Dictionary::from_iter(vec![
        ("Type", Object::from("Font")),
        ("BaseFont", name()),
        ("Subtype", Object::from("CIDFontType2")),
        ("CIDSystemInfo", system.into()),
        ("W", Object::Array(e.widths)),
        ("DW", Object::Integer(DEFAULT_WIDTH)),
        ("FontDescriptor", Object::Reference(descriptor)),
        ("CIDToGIDMap", Object::from("Identity")),
    ]);
    lo.add_object(Dictionary::from_iter(vec![
        ("Type", Object::from("Font")),
        ("Subtype", Object::from("Type0")),
        ("BaseFont", name()),
        ("Encoding", Object::from("Identity-H")),
        ("ToUnicode", Object::Reference(to_unicode)),
        ("DescendantFonts", Object::Array(vec![descendant.into()])),
    ]))
}
