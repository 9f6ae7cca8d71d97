//! What one receipt is made from, shared by the receipt's sheets.

use crate::diagnostic::{Diagnostic, Lang};
use crate::fiscal::Date;
use crate::model::Roadmap;
use crate::revision::diff::Changes;

/// What one receipt is made from.
pub struct Spec<'a> {
    /// The whole roadmap read (the file's lines are picked from it).
    pub roadmap: &'a Roadmap,
    /// The submitted file's name, e.g. `03_市民課.xlsx`.
    pub file: &'a str,
    /// Every finding of the run (the file's are picked).
    pub diagnostics: &'a [Diagnostic],
    /// The run's date (`--as-of`), printed on the receipt: the same input gives the same bytes.
    pub as_of: Date,
    /// The changes against the previous edition, when there is one.
    pub changes: Option<&'a Changes>,
    /// The language of the messages.
    pub lang: Lang,
}
