//! The two embedded faces (BIZ UDPGothic Regular and Bold) and their advance widths.
//!
//! The fonts are compiled into the binary so `koteihyo build` needs no files at run time.
//! Each face is parsed once per process (parsing walks the whole 5 MB font); layout measures
//! with it and the writer embeds it. Nothing here draws.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

use std::sync::Arc;

use printpdf::{AzulParsedFont, ParsedFont};
use rust_fontconfig::FontBytes;
use serde::{Deserialize, Serialize};

static REGULAR_TTF: &[u8] = include_bytes!("../../../fonts/BIZUDPGothic-Regular.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../../../fonts/BIZUDPGothic-Bold.ttf");

/// Parses both faces now (each once per process), so that a later layout does not wait.
pub fn prepare() {
    for face in Face::ALL {
        let _ = face.parsed();
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

    /// The face's parsed font, or `None` if the embedded bytes could not be parsed (they
    /// are fixed at build time, so that would be a packaging fault; layout degrades to
    /// estimated widths and the writer fails with [`super::PdfError::Font`]).
    pub fn parsed(self) -> Option<&'static ParsedFont> {
        static REGULAR: OnceLock<Option<ParsedFont>> = OnceLock::new();
        static BOLD: OnceLock<Option<ParsedFont>> = OnceLock::new();
        let (cell, bytes) = match self {
            Face::Regular => (&REGULAR, REGULAR_TTF),
            Face::Bold => (&BOLD, BOLD_TTF),
        };
        cell.get_or_init(|| {
            // The lazy parse: glyph outlines are read only for the glyphs the subsetter
            // asks for. The eager one (`ParsedFont::from_bytes`) walks all 20,000 glyphs of
            // the face and took longer than reading the whole input folder.
            let source = Arc::new(FontBytes::Owned(Arc::from(bytes)));
            AzulParsedFont::from_bytes_shared(source, 0, &mut Vec::new()).map(ParsedFont::from_azul)
        })
        .as_ref()
    }

    /// The glyph id of `c` and its advance in font units, or `None` if the face has no
    /// glyph for it. The font's own cmap lookup is slow (half the run time of a build went
    /// there), and layout and writer ask for the same few thousand characters over and
    /// over, so answers for the Basic Multilingual Plane are kept in a table per face.
    pub fn glyph(self, c: char) -> Option<(u16, u16)> {
        const UNKNOWN: u32 = u32::MAX;
        static TABLES: [OnceLock<Vec<AtomicU32>>; 2] = [OnceLock::new(), OnceLock::new()];
        let lookup = || {
            let font = self.parsed()?;
            let gid = font.lookup_glyph_index(c as u32).filter(|g| *g != 0)?;
            Some((gid, font.get_horizontal_advance(gid)))
        };
        let code = c as u32;
        if code > 0xFFFF {
            return lookup();
        }
        let table = TABLES[self as usize]
            .get_or_init(|| (0..=0xFFFF).map(|_| AtomicU32::new(UNKNOWN)).collect());
        let slot = table.get(code as usize)?;
        let packed = match slot.load(Ordering::Relaxed) {
            UNKNOWN => {
                // gid 0 (.notdef) packs as 0: "no glyph".
                let p = lookup().map_or(0, |(g, a)| (u32::from(g) << 16) | u32::from(a));
                slot.store(p, Ordering::Relaxed);
                p
            }
            p => p,
        };
        let gid = (packed >> 16) as u16;
        (gid != 0).then_some((gid, (packed & 0xFFFF) as u16))
    }

    /// Advance width of `c` in em (1.0 = the font size), and whether the font has a
    /// glyph for it. A missing character is measured as a full-width box, which is what
    /// a viewer would show.
    pub fn advance(self, c: char) -> (f32, bool) {
        let Some(font) = self.parsed() else {
            return (if c.is_ascii() { 0.5 } else { 1.0 }, true);
        };
        let upem = f32::from(font.font_metrics.units_per_em.max(1));
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
            Some(f) => f.font_metrics.ascent / f32::from(f.font_metrics.units_per_em.max(1)),
            None => 0.88,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
