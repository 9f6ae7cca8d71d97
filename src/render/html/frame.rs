//! A frame rendered before its contents, split where they go, so that the page is written
//! piece by piece.

use maud::{Markup, PreEscaped};

/// Marks, in a frame rendered before its contents, where the contents go: a comment, which no
/// text can produce (maud escapes every `<` of a text), so the frame splits there exactly.
pub(super) const SLOT: &str = "<!--koteihyo:slot-->";

/// The frame's text around its slots, in order (one more than the slots).
pub(super) fn split_frame(frame: Markup) -> Vec<Markup> {
    frame
        .into_string()
        .split(SLOT)
        .map(|piece| PreEscaped(piece.to_string()))
        .collect()
}

/// The frame's pieces with `parts` between them (one part per slot), each part made only when
/// its turn comes.
pub(super) fn framed<'a>(
    frame: Markup,
    parts: impl Iterator<Item = Markup> + 'a,
) -> impl Iterator<Item = Markup> + 'a {
    let mut pieces = split_frame(frame).into_iter();
    let first = pieces.next();
    let mut parts = parts;
    // Before each piece after the first, the next part: no piece of the frame is ever dropped.
    first
        .into_iter()
        .chain(pieces.flat_map(move |piece| parts.next().into_iter().chain(std::iter::once(piece))))
}
