//! The texts re-listing diagnostics quote: match keys, cells, schedules.

use crate::model::{Source, Step};

/// The matching key of a label: the label without any white space, since the published text
/// has stray spaces (`AI による` vs `AIによる`). Labels are already NFKC and marker-free.
pub(super) fn key(label: &str) -> String {
    label.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A cell for a message: `市民課.xlsx 工程表!F12`.
pub(super) fn cell(source: &Source) -> String {
    if source.sheet.is_empty() {
        format!("{} {}", source.file, source.cell)
    } else {
        format!("{} {}!{}", source.file, source.sheet, source.cell)
    }
}

/// A line as written: its steps' texts joined by ` / `.
pub(super) fn line_text(steps: &[Step]) -> String {
    steps
        .iter()
        .map(|s| s.text.as_str())
        .collect::<Vec<_>>()
        .join(" / ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_spaces() {
        assert_eq!(
            key("AI による やさしい\u{3000}日本語"),
            "AIによるやさしい日本語"
        );
        assert_eq!(
            cell(&Source::new("市民課.xlsx", "工程表", 11, 5)),
            "市民課.xlsx 工程表!F12"
        );
    }
}
