//! How a progress status (進捗) looks in every output: one colour per status, and for print
//! a fill pattern, so that a reader without colour (a grey-scale copy, colour blindness)
//! tells the statuses apart by pattern and label too.

use crate::model::Status;

/// A status's colour as sRGB.
///
/// ```
/// use koteihyo::model::Status;
/// assert_eq!(koteihyo::render::status::colour(Status::Late), (0xd9, 0x8c, 0x1f));
/// ```
pub fn colour(s: Status) -> (u8, u8, u8) {
    match s {
        Status::Done => (0x1f, 0x3a, 0x5f),
        Status::OnTrack => (0x4a, 0x86, 0xc5),
        Status::Ahead => (0x3a, 0x8d, 0x5c),
        Status::Late => (0xd9, 0x8c, 0x1f),
        Status::NotStarted => (0x8c, 0x8c, 0x8c),
        Status::Revised => (0x7e, 0x57, 0xa6),
        Status::Stopped => (0xb0, 0x2a, 0x2a),
    }
}

/// A light tint of the status colour, for a cell background under black text.
pub fn tint(s: Status) -> (u8, u8, u8) {
    let (r, g, b) = colour(s);
    let mix = |c: u8| (u16::from(c) + 3 * 255).div_ceil(4) as u8;
    (mix(r), mix(g), mix(b))
}

/// `#RRGGBB` of a colour.
pub fn hex((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02X}{g:02X}{b:02X}")
}

/// The pattern a status's bar segment carries in print, besides its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pattern {
    /// Plain fill.
    Solid,
    /// Vertical lines.
    Vertical,
    /// Diagonal hatching, rising to the right.
    Hatched,
    /// Horizontal stripes.
    Striped,
    /// Dots.
    Dotted,
    /// Crossed lines.
    Crossed,
    /// A square grid (horizontal and vertical lines): told apart from the diagonals in
    /// grey, where a mirrored hatch would look the same.
    Grid,
}

/// The pattern of each status, one each; no two alike in grey (遅れ's rising hatch has no
/// mirror image among them).
pub fn pattern(s: Status) -> Pattern {
    match s {
        Status::Done => Pattern::Solid,
        Status::OnTrack => Pattern::Vertical,
        Status::Ahead => Pattern::Grid,
        Status::Late => Pattern::Hatched,
        Status::NotStarted => Pattern::Dotted,
        Status::Revised => Pattern::Striped,
        Status::Stopped => Pattern::Crossed,
    }
}
