//! The two embedded faces (BIZ UDPGothic Regular and Bold) and their advance widths.
//!
//! The fonts are compiled into the binary so `koteihyo build` needs no files at run time.
//! Each face's tables are read once per process, straight from the embedded bytes (nothing
//! is copied, no glyph outline is read); layout measures with them, and the writer draws
//! the same glyphs (krilla subsets the faces). Nothing here draws.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use skrifa::charmap::Charmap;
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::raw::TableProvider;
use skrifa::{FontRef, GlyphId, MetadataProvider};

static REGULAR_TTF: &[u8] = include_bytes!("../../../fonts/BIZUDPGothic-Regular.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../../../fonts/BIZUDPGothic-Bold.ttf");

/// Reads both faces' tables now (each once per process), so that a later layout does not
/// wait.
pub fn prepare() {
    for face in Face::ALL {
        let _ = face.parsed();
    }
}

/// What layout needs of a face: its character map, advances, units per em and ascender,
/// read with skrifa (the font reader krilla itself uses).
pub struct Tables {
    charmap: Charmap<'static>,
    metrics: GlyphMetrics<'static>,
    /// For each character of the Basic Multilingual Plane, its glyph and advance packed as
    /// `gid << 16 | advance` (0: no glyph). The character map's own lookup searches its
    /// groups, which cost a quarter of layout. (Empty: look characters up in `charmap`.)
    bmp: Vec<u32>,
    units_per_em: u16,
    /// `hhea` ascender in font units.
    ascender: i16,
}

impl Tables {
    /// Reads the tables of the face in `bytes`; `None` if it is not a usable font.
    fn read(bytes: &'static [u8]) -> Option<Tables> {
        let font = FontRef::new(bytes).ok()?;
        let mut tables = Tables {
            charmap: font.charmap(),
            metrics: font.glyph_metrics(Size::unscaled(), LocationRef::default()),
            bmp: Vec::new(),
            units_per_em: font.head().ok()?.units_per_em(),
            ascender: font.hhea().ok()?.ascender().to_i16(),
        };
        let mut bmp = vec![0u32; 0x1_0000];
        for (c, gid) in tables.charmap.mappings() {
            let gid = u16::try_from(gid.to_u32()).unwrap_or(0);
            if let Some(slot @ 0) = bmp.get_mut(c as usize) {
                if gid != 0 {
                    *slot = (u32::from(gid) << 16) | u32::from(tables.advance(gid));
                }
            }
        }
        tables.bmp = bmp;
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
    fn glyph_index(&self, code: u32) -> Option<u16> {
        u16::try_from(self.charmap.map(code)?.to_u32()).ok()
    }

    /// A glyph's advance in font units, from `hmtx`.
    fn advance(&self, glyph: u16) -> u16 {
        let advance = self.metrics.advance_width(GlyphId::new(u32::from(glyph)));
        advance.map_or(0, |a| a.round().clamp(0.0, f32::from(u16::MAX)) as u16)
    }

    /// Units per em as layout measures with them (1000 if the font says 0).
    fn units_per_em(&self) -> u16 {
        match self.units_per_em {
            0 => 1000,
            upem => upem,
        }
    }
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
        let cell = match self {
            Face::Regular => &REGULAR,
            Face::Bold => &BOLD,
        };
        cell.get_or_init(|| Tables::read(self.bytes())).as_ref()
    }

    /// The font file (TrueType), as the writer embeds it.
    pub fn bytes(self) -> &'static [u8] {
        match self {
            Face::Regular => REGULAR_TTF,
            Face::Bold => BOLD_TTF,
        }
    }

    /// Units per em of the face (what glyph advances are measured in).
    pub fn units_per_em(self) -> f32 {
        self.parsed()
            .map_or(1000.0, |f| f32::from(f.units_per_em()))
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
        match font.glyph(c) {
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
            Some(f) => f32::from(f.ascender) / f32::from(f.units_per_em()),
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
