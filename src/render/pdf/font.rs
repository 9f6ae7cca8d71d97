//! The two embedded faces (BIZ UDPGothic Regular and Bold) and their advance widths.
//!
//! The fonts are compiled into the binary so `koteihyo build` needs no files at run time.
//! Each face's tables are read once per process, straight from the embedded bytes (nothing
//! is copied, no glyph outline is read); layout measures with them and the writer embeds a
//! subset. Nothing here draws.

use std::sync::OnceLock;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::tables::cmap::owned::CmapSubtable;
use allsorts::tables::cmap::Cmap;
use allsorts::tables::os2::Os2;
use allsorts::tables::{FontTableProvider, HeadTable, HheaTable, MaxpTable, NameTable};
use allsorts::tag;
use serde::{Deserialize, Serialize};

static REGULAR_TTF: &[u8] = include_bytes!("../../../fonts/BIZUDPGothic-Regular.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../../../fonts/BIZUDPGothic-Bold.ttf");

/// Reads both faces' tables now (each once per process), so that a later layout does not
/// wait.
pub fn prepare() {
    for face in Face::ALL {
        let _ = face.parsed();
    }
}

/// What layout and the writer need of a face: its character map, metrics and advances.
pub struct Tables {
    /// The font file (a TrueType sfnt), for the subsetter.
    pub bytes: &'static [u8],
    cmap: CmapSubtable,
    /// For each character of the Basic Multilingual Plane, its glyph and advance packed as
    /// `gid << 16 | advance` (0: no glyph). The character map's own lookup scans its
    /// groups one by one, which cost a quarter of layout. (Empty: look characters up in
    /// `cmap`.)
    bmp: Vec<u32>,
    maxp: MaxpTable,
    /// `hmtx` (a copy: 4 bytes a glyph).
    hmtx: Vec<u8>,
    /// `head`: units per em and the bounding box of all glyphs.
    pub head: HeadTable,
    /// `hhea`: ascender, descender and caret slope.
    pub hhea: HheaTable,
    /// OS/2 `usWeightClass` (0 without an OS/2 table).
    pub weight_class: u16,
    /// The PostScript name (`BIZUDPGothic-Bold`), if the `name` table has one.
    pub postscript_name: Option<String>,
}

impl Tables {
    /// Reads the tables of the face in `bytes`; `None` if it is not a usable TrueType font.
    fn read(bytes: &'static [u8]) -> Option<Tables> {
        let file = ReadScope::new(bytes).read::<FontData<'static>>().ok()?;
        let provider = file.table_provider(0).ok()?;
        let table = |t: u32| provider.table_data(t).ok().flatten();
        let cmap_data = table(tag::CMAP)?;
        let cmap = ReadScope::new(&cmap_data).read::<Cmap<'_>>().ok()?;
        let (_, subtable) = allsorts::font::read_cmap_subtable(&cmap).ok()??;
        let weight_class = table(tag::OS_2).and_then(|d| {
            let os2 = ReadScope::new(&d).read_dep::<Os2>(d.len()).ok()?;
            Some(os2.us_weight_class)
        });
        let postscript_name = table(tag::NAME).and_then(|d| {
            let names = ReadScope::new(&d).read::<NameTable<'_>>().ok()?;
            names.string_for_id(NameTable::POSTSCRIPT_NAME)
        });
        let bmp = bmp_glyphs(&subtable);
        let mut tables = Tables {
            bytes,
            bmp: Vec::new(),
            cmap: subtable.to_owned()?,
            maxp: ReadScope::new(&table(tag::MAXP)?)
                .read::<MaxpTable>()
                .ok()?,
            hmtx: table(tag::HMTX)?.into_owned(),
            head: ReadScope::new(&table(tag::HEAD)?)
                .read::<HeadTable>()
                .ok()?,
            hhea: ReadScope::new(&table(tag::HHEA)?)
                .read::<HheaTable>()
                .ok()?,
            weight_class: weight_class.unwrap_or(0),
            postscript_name,
        };
        tables.bmp = bmp
            .into_iter()
            .map(|gid| match gid {
                Some(gid) if gid != 0 => (u32::from(gid) << 16) | u32::from(tables.advance(gid)),
                _ => 0,
            })
            .collect();
        Some(tables)
    }

    /// The glyph and advance of `c`, or `None` if the face has no glyph for it.
    fn glyph(&self, c: char) -> Option<(u16, u16)> {
        let packed = match self.bmp.get(c as usize) {
            Some(&packed) => packed,
            None => {
                let gid = self.glyph_index(c as u32).filter(|g| *g != 0)?;
                return Some((gid, self.advance(gid)));
            }
        };
        let gid = (packed >> 16) as u16;
        (gid != 0).then_some((gid, (packed & 0xFFFF) as u16))
    }

    /// The glyph the character map gives `code` (0 or `None`: the face lacks it).
    pub fn glyph_index(&self, code: u32) -> Option<u16> {
        self.cmap.map_glyph(code).ok().flatten()
    }

    /// How many glyphs the face has (`maxp`).
    pub fn glyph_count(&self) -> u16 {
        self.maxp.num_glyphs
    }

    /// A glyph's advance in font units, from `hmtx`.
    pub fn advance(&self, glyph: u16) -> u16 {
        allsorts::glyph_info::advance(&self.maxp, &self.hhea, &self.hmtx, glyph).unwrap_or(0)
    }

    /// Units per em as layout measures with them (1000 if the font says 0).
    fn units_per_em(&self) -> u16 {
        match self.head.units_per_em {
            0 => 1000,
            upem => upem,
        }
    }
}

/// The glyph the character map gives each character of the Basic Multilingual Plane: the
/// first mapping listed for it, as the map's own lookup finds it. Empty if the map cannot be
/// walked: every character is then looked up in the map itself.
fn bmp_glyphs(cmap: &allsorts::tables::cmap::CmapSubtable<'_>) -> Vec<Option<u16>> {
    let mut glyphs = vec![None; 0x1_0000];
    let walked = cmap.mappings_fn(|c, gid| {
        if let Some(slot @ None) = glyphs.get_mut(c as usize) {
            *slot = Some(gid);
        }
    });
    if walked.is_err() {
        glyphs.clear();
    }
    glyphs
}

/// Which of the two faces a text run is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Face {
    /// BIZ UDPGothic Regular.
    Regular,
    /// BIZ UDPGothic Bold.
    Bold,
}

impl Face {
    /// Both faces, in the order the writer registers them.
    pub const ALL: [Face; 2] = [Face::Regular, Face::Bold];

    /// The face's tables, or `None` if the embedded bytes could not be read (they are fixed
    /// at build time, so that would be a packaging fault; layout degrades to estimated
    /// widths and the writer fails with [`super::PdfError::Font`]).
    pub fn parsed(self) -> Option<&'static Tables> {
        static REGULAR: OnceLock<Option<Tables>> = OnceLock::new();
        static BOLD: OnceLock<Option<Tables>> = OnceLock::new();
        let (cell, bytes) = match self {
            Face::Regular => (&REGULAR, REGULAR_TTF),
            Face::Bold => (&BOLD, BOLD_TTF),
        };
        cell.get_or_init(|| Tables::read(bytes)).as_ref()
    }

    /// The glyph id of `c` and its advance in font units, or `None` if the face has no
    /// glyph for it.
    pub fn glyph(self, c: char) -> Option<(u16, u16)> {
        self.parsed()?.glyph(c)
    }

    /// Advance width of `c` in em (1.0 = the font size), and whether the font has a
    /// glyph for it. A missing character is measured as a full-width box, which is what
    /// a viewer would show.
    pub fn advance(self, c: char) -> (f32, bool) {
        let Some(font) = self.parsed() else {
            return (if c.is_ascii() { 0.5 } else { 1.0 }, true);
        };
        let upem = f32::from(font.units_per_em());
        match self.glyph(c) {
            Some((_, advance)) => (f32::from(advance) / upem, true),
            None => (1.0, false),
        }
    }

    /// Width of `text` set at `size` points.
    pub fn width(self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(c).0).sum::<f32>() * size
    }

    /// Characters of `text` the face has no glyph for, in order, without repeats.
    pub fn missing(self, text: &str) -> Vec<char> {
        let mut out: Vec<char> = Vec::new();
        for c in text.chars() {
            // Line breaks and tabs are never drawn, so they need no glyph.
            if c.is_control() || out.contains(&c) {
                continue;
            }
            if !self.advance(c).1 {
                out.push(c);
            }
        }
        out
    }

    /// Ascender in em, from the font's own metrics (hhea), for placing baselines.
    pub fn ascent(self) -> f32 {
        match self.parsed() {
            Some(f) => f32::from(f.hhea.ascender) / f32::from(f.units_per_em()),
            None => 0.88,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_agrees_with_the_character_map() {
        for face in Face::ALL {
            let tables = face.parsed().expect("parses");
            assert_eq!(tables.bmp.len(), 0x1_0000, "the map is walked");
            // Every 7th code point (the whole plane takes seconds in a debug build).
            for code in (0..=0xFFFFu32).step_by(7) {
                let Some(c) = char::from_u32(code) else {
                    continue;
                };
                let expected = tables
                    .glyph_index(code)
                    .filter(|g| *g != 0)
                    .map(|g| (g, tables.advance(g)));
                assert_eq!(tables.glyph(c), expected, "{face:?} U+{code:04X}");
            }
        }
    }

    #[test]
    fn both_faces_parse_and_measure() {
        for face in Face::ALL {
            assert!(face.parsed().is_some());
            let (w, ok) = face.advance('高');
            assert!(ok);
            assert!((w - 1.0).abs() < 0.01, "{w}");
        }
        assert_eq!(Face::Regular.missing("𠮷野家😀"), vec!['𠮷', '😀']);
        for c in "《》≪≫“”～◆①⑤（）「」・—↑↓％％─".chars() {
            assert!(Face::Regular.advance(c).1, "{c}");
            assert!(Face::Bold.advance(c).1, "{c}");
        }
    }
}
