//! The normal form cells are compared in, on its own so that every text rule (and the year
//! notations, which `text` reads in turn) can share it without a circle of modules.

use unicode_normalization::UnicodeNormalization;

/// NFKC normal form.
///
/// ```
/// assert_eq!(koteihyo::normalize::normal_form::nfkc("令和７（２０２５）"), "令和7(2025)");
/// ```
pub fn nfkc(s: &str) -> String {
    s.nfkc().collect()
}
