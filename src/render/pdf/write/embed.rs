//! The two faces embedded as subsets (CID TrueType, Identity-H), with the widths and the
//! ToUnicode map that let a reader copy and search the text. printpdf does the subsetting,
//! the ToUnicode map and the widths; this module lays the font objects out as printpdf 0.12.8
//! did, so the files stay byte-identical to the earlier writer's.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};
use printpdf::{FontId, ParsedFont};

use super::super::document::Face;
use super::super::finish::deflate;
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

/// Subsets `face` to the glyphs `used` (glyph id → the character it shows).
pub fn subset(face: Face, used: &BTreeMap<u16, char>) -> Result<Embedded, PdfError> {
    let font = face.parsed().ok_or(PdfError::Font(face))?;
    let usage: BTreeMap<u16, String> = used.iter().map(|(&g, &c)| (g, c.to_string())).collect();
    let subset = printpdf::subset_font(font, &usage).map_err(|e| PdfError::Subset(face, e))?;
    // Both faces are TrueType (glyf outlines), so a glyph's Identity-H code is its subset id.
    let coded: Vec<(u16, String)> = subset.glyph_mapping.values().cloned().collect();
    let cmap =
        printpdf::generate_cmap_string(font, &FontId(resource_name(face).to_string()), &coded);
    let widths = widths(font, &subset.glyph_mapping);
    let descriptor = descriptor(face, font);
    let mut program = Dictionary::new();
    program.set("Length1", subset.bytes.len() as i64);
    let mut program = Stream::new(program, subset.bytes);
    deflate(&mut program);
    let mut to_unicode = Stream::new(Dictionary::new(), cmap.into_bytes());
    deflate(&mut to_unicode);
    Ok(Embedded {
        program,
        to_unicode,
        widths,
        descriptor,
    })
}

/// The `/W` array: runs of consecutive codes with their advances in thousandths of an em,
/// read from the whole face's metrics (a subset keeps each glyph's advance).
fn widths(font: &ParsedFont, mapping: &BTreeMap<u16, (u16, String)>) -> Vec<Object> {
    let scale = 1000.0 / f32::from(font.pdf_font_metrics.units_per_em);
    let mut coded: Vec<(u16, i64)> = mapping
        .iter()
        .map(|(&gid, (code, _))| {
            let advance = f32::from(font.get_horizontal_advance(gid));
            (*code, (advance * scale) as i64)
        })
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

/// The descriptor's metrics, from the face's tables (a subset keeps them).
fn descriptor(face: Face, font: &ParsedFont) -> Descriptor {
    let m = &font.pdf_font_metrics;
    let upm = m.units_per_em;
    let scale = if upm == 0 {
        1.0
    } else {
        1000.0 / f32::from(upm)
    };
    let scaled = |v: i64| (v as f32 * scale).round() as i64;
    let ascent = scaled(font.font_metrics.ascent as i64);
    let italic_angle = if m.caret_slope_rise == 0 {
        0
    } else {
        (-f32::from(m.caret_slope_run)
            .atan2(f32::from(m.caret_slope_rise))
            .to_degrees())
        .round() as i64
    };
    const NONSYMBOLIC: i64 = 1 << 5;
    const ITALIC: i64 = 1 << 6;
    let name = font
        .font_name
        .clone()
        .unwrap_or_else(|| resource_name(face).to_string());
    Descriptor {
        name: format!("{}+{name}", &resource_name(face)[..6]),
        ascent,
        descent: scaled(font.font_metrics.descent as i64),
        cap_height: font
            .font_metrics
            .cap_height
            .map_or(ascent, |c| (c * scale).round() as i64),
        italic_angle,
        flags: NONSYMBOLIC | if italic_angle != 0 { ITALIC } else { 0 },
        // No table holds the stem width: estimated from the weight class, as is customary.
        stem_v: if m.us_weight_class == 0 {
            80
        } else {
            50 + (f32::from(m.us_weight_class) / 65.0).powi(2).round() as i64
        },
        bbox: [m.x_min, m.y_min, m.x_max, m.y_max].map(|v| scaled(i64::from(v))),
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
