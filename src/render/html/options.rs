//! The web edition's options.

/// How to render.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HtmlOptions {
    /// `Some(n)`: the roadmap still has `n` open errors; the page says 「案」 at the top, as
    /// every page of the draft PDF does.
    pub draft_errors: Option<usize>,
}
