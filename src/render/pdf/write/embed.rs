//! The two faces embedded as subsets (CID TrueType, Identity-H), with the widths and the
//! ToUnicode map that let a reader copy and search the text. allsorts subsets the face; the
//! objects are laid out as printpdf 0.12.8 laid them out (the writer this replaced), so the
//! files stay byte-identical to the earlier ones.

use std::collections::BTreeMap;

use std::borrow::Cow;

use allsorts::binary::read::ReadScope;
use allsorts::error::ParseError;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile};
use allsorts::tables::glyf::Glyph;
use allsorts::tables::loca::LocaTable;
use allsorts::tables::{FontTableProvider, IndexToLocFormat};
use allsorts::tag;
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
    let trimmed = Trimmed::new(&provider, font, order).map_err(|e| e.to_string())?;
    allsorts::subset::subset(&trimmed, order, &SubsetProfile::Pdf, CmapTarget::Unicode)
        .map_err(|e| e.to_string())
}

/// The face as the subsetter needs to see it: its glyph table holds only the glyphs kept
/// (with the components of composite ones), every other glyph is empty. The subsetter reads
/// the header of every glyph in the table, 13,932 per face spread over 4 MB, though it keeps
/// a few hundred; that was half of its time. A kept glyph's bytes are the same, so the
/// subset is the same.
struct Trimmed<'a, P> {
    face: &'a P,
    loca: Vec<u8>,
    glyf: Vec<u8>,
}

impl<'a, P: FontTableProvider> Trimmed<'a, P> {
    /// `face` trimmed to the glyphs of `order`; `tables` are its tables as already read.
    fn new(face: &'a P, tables: &Tables, order: &[u16]) -> Result<Self, ParseError> {
        let (count, format) = (tables.glyph_count(), tables.head.index_to_loc_format);
        let loca_data = face.read_table_data(tag::LOCA)?;
        let loca = ReadScope::new(&loca_data).read_dep::<LocaTable<'_>>((count, format))?;
        let glyf_data = face.read_table_data(tag::GLYF)?;
        let glyph = |id: u16| -> Result<&[u8], ParseError> {
            let (start, end) = (
                loca.offsets.get(usize::from(id)),
                loca.offsets.get(usize::from(id) + 1),
            );
            let (start, end) = start.zip(end).ok_or(ParseError::BadIndex)?;
            glyf_data
                .get(usize::try_from(start)?..usize::try_from(end)?)
                .ok_or(ParseError::BadOffset)
        };
        let kept = kept_glyphs(order, count, &glyph)?;
        let long = format == IndexToLocFormat::Long;
        let mut glyf = Vec::new();
        let mut loca = Vec::new();
        for id in 0..count {
            push_offset(&mut loca, glyf.len(), long)?;
            if kept[usize::from(id)] {
                glyf.extend_from_slice(glyph(id)?);
            }
        }
        push_offset(&mut loca, glyf.len(), long)?;
        Ok(Trimmed { face, loca, glyf })
    }
}

/// Which glyphs the subset holds: those of `order` and, recursively, the components of
/// composite ones.
fn kept_glyphs<'g>(
    order: &[u16],
    count: u16,
    glyph: &dyn Fn(u16) -> Result<&'g [u8], ParseError>,
) -> Result<Vec<bool>, ParseError> {
    let mut kept = vec![false; usize::from(count)];
    let mut todo = order.to_vec();
    while let Some(id) = todo.pop() {
        match kept.get_mut(usize::from(id)) {
            Some(k) if !*k => *k = true,
            Some(_) => continue,
            None => return Err(ParseError::BadIndex),
        }
        let bytes = glyph(id)?;
        if bytes.len() >= 2 && i16::from_be_bytes([bytes[0], bytes[1]]) < 0 {
            if let Glyph::Composite(composite) = ReadScope::new(bytes).read::<Glyph>()? {
                todo.extend(composite.glyphs.iter().map(|c| c.glyph_index));
            }
        }
    }
    Ok(kept)
}

/// One `loca` entry: the offset itself (long format) or half of it (short format).
fn push_offset(loca: &mut Vec<u8>, offset: usize, long: bool) -> Result<(), ParseError> {
    if long {
        loca.extend_from_slice(&u32::try_from(offset)?.to_be_bytes());
    } else {
        loca.extend_from_slice(&u16::try_from(offset / 2)?.to_be_bytes());
    }
    Ok(())
}

impl<P: FontTableProvider> FontTableProvider for Trimmed<'_, P> {
    fn table_data(&self, tag: u32) -> Result<Option<Cow<'_, [u8]>>, ParseError> {
        match tag {
            tag::LOCA => Ok(Some(Cow::Borrowed(&self.loca))),
            tag::GLYF => Ok(Some(Cow::Borrowed(&self.glyf))),
            _ => self.face.table_data(tag),
        }
    }

    fn has_table(&self, tag: u32) -> bool {
        self.face.has_table(tag)
    }

    fn table_tags(&self) -> Option<Vec<u32>> {
        self.face.table_tags()
    }
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

/// The numbers of a face's objects, reserved before the face is subset: the objects
/// around them are numbered as if the face's had been added then.
pub struct Reserved {
    program: ObjectId,
    to_unicode: ObjectId,
    descriptor: ObjectId,
    /// The font, which the pages' resources name.
    pub font: ObjectId,
}

/// Reserves the numbers of a face's four objects, in the order [`fill`] gives them.
pub fn reserve(lo: &mut lopdf::Document) -> Reserved {
    Reserved {
        program: lo.new_object_id(),
        to_unicode: lo.new_object_id(),
        descriptor: lo.new_object_id(),
        font: lo.new_object_id(),
    }
}

/// Puts the face's objects (program, ToUnicode, descriptor, font) at their reserved numbers.
pub fn fill(lo: &mut lopdf::Document, ids: Reserved, e: Embedded) {
    lo.set_object(ids.program, e.program);
    lo.set_object(ids.to_unicode, e.to_unicode);
    let d = e.descriptor;
    let name = || Object::Name(d.name.clone().into_bytes());
    lo.set_object(
        ids.descriptor,
        Dictionary::from_iter(vec![
            ("Type", Object::from("FontDescriptor")),
            ("FontName", name()),
            ("Ascent", d.ascent.into()),
            ("Descent", d.descent.into()),
            ("CapHeight", d.cap_height.into()),
            ("ItalicAngle", d.italic_angle.into()),
            ("Flags", d.flags.into()),
            ("StemV", d.stem_v.into()),
            ("FontBBox", d.bbox.map(Object::Integer).to_vec().into()),
            ("FontFile2", Object::Reference(ids.program)),
        ]),
    );
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
        ("FontDescriptor", Object::Reference(ids.descriptor)),
        ("CIDToGIDMap", Object::from("Identity")),
    ]);
    lo.set_object(
        ids.font,
        Dictionary::from_iter(vec![
            ("Type", Object::from("Font")),
            ("Subtype", Object::from("Type0")),
            ("BaseFont", name()),
            ("Encoding", Object::from("Identity-H")),
            ("ToUnicode", Object::Reference(ids.to_unicode)),
            ("DescendantFonts", Object::Array(vec![descendant.into()])),
        ]),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A composite glyph's bytes: `numberOfContours` −1, a zero bounding box, then one
    /// component per id (word arguments, 0, 0).
    fn composite(components: &[u16]) -> Vec<u8> {
        const ARG_1_AND_2_ARE_WORDS: u16 = 0x0001;
        const MORE_COMPONENTS: u16 = 0x0020;
        let mut bytes = (-1i16).to_be_bytes().to_vec();
        bytes.extend([0; 8]);
        for (n, id) in components.iter().enumerate() {
            let more = if n + 1 < components.len() {
                MORE_COMPONENTS
            } else {
                0
            };
            bytes.extend((ARG_1_AND_2_ARE_WORDS | more).to_be_bytes());
            bytes.extend(id.to_be_bytes());
            bytes.extend([0; 4]);
        }
        bytes
    }

    #[test]
    fn a_composite_glyph_keeps_its_components_recursively() {
        // 0 and 2, 4, 5: simple glyphs (one contour); 1 → 2, 3; 3 → 4.
        let simple = [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0].to_vec();
        let glyphs = [
            simple.clone(),
            composite(&[2, 3]),
            simple.clone(),
            composite(&[4]),
            simple.clone(),
            simple,
        ];
        let glyph = |id: u16| -> Result<&[u8], ParseError> {
            glyphs
                .get(usize::from(id))
                .map(Vec::as_slice)
                .ok_or(ParseError::BadIndex)
        };
        let kept = kept_glyphs(&[0, 1], 6, &glyph).unwrap();
        assert_eq!(kept, [true, true, true, true, true, false]);
        assert_eq!(
            kept_glyphs(&[0, 5], 6, &glyph).unwrap(),
            [true, false, false, false, false, true]
        );
        assert!(kept_glyphs(&[9], 6, &glyph).is_err());
    }

    #[test]
    fn the_trimmed_face_gives_the_subset_the_whole_face_gives() {
        for face in Face::ALL {
            let font = face.parsed().unwrap();
            let mut order: Vec<u16> = "工程表（ロードマップ）R7 DX推進計画、令和7年度～ABCxyz0123"
                .chars()
                .filter_map(|c| face.glyph(c).map(|(gid, _)| gid))
                .collect();
            order.sort_unstable();
            order.dedup();
            order.insert(0, 0);
            let file = ReadScope::new(font.bytes).read::<FontData<'_>>().unwrap();
            let whole = file.table_provider(0).unwrap();
            let expected =
                allsorts::subset::subset(&whole, &order, &SubsetProfile::Pdf, CmapTarget::Unicode)
                    .unwrap();
            assert_eq!(subset_program(font, &order).unwrap(), expected, "{face:?}");
        }
    }
}
