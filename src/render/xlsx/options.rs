//! Options of the workbook renderer.

use crate::diagnostic::Lang;

/// Options of the workbook renderer.
///
/// ```
/// use koteihyo::render::xlsx::XlsxOptions;
/// let o = XlsxOptions::default();
/// assert_eq!(o.caution_rate, 0.5);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct XlsxOptions<'a> {
    /// Language of the diagnostics' messages and severity labels on 入力チェック (the rest of
    /// the workbook is always Japanese).
    pub lang: Lang,
    /// Lowest progress rate still rated 要注意 rather than 未達 (順調 starts at 1.0).
    pub caution_rate: f64,
    /// For a rolling revision, the changes from the previous edition: a last sheet 変更点
    /// lists them.
    pub changes: Option<&'a crate::revision::diff::Changes>,
}

impl Default for XlsxOptions<'_> {
    fn default() -> Self {
        XlsxOptions {
            lang: Lang::Ja,
            caution_rate: crate::progress::kpi::CAUTION_RATE,
            changes: None,
        }
    }
}
