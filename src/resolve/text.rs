//! The texts re-listing diagnostics quote: match keys, cells, schedules.

use crate::model::{FiscalYear, Period, Source, Step};

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

/// A span as the chart shows it: the lead column collapses every year before the plan
/// period, so both ends are clamped to `period.first - 1` first. Spans are compared in
/// this form too: a difference the chart cannot show is not reported.
pub(super) fn clamp(
    start: FiscalYear,
    end: FiscalYear,
    period: Period,
) -> (FiscalYear, FiscalYear) {
    let lead = period.first - 1;
    (start.max(lead), end.max(lead))
}

/// A span in words: `～R6` (lead column only), `～R7` (from before the period through R7),
/// `R8` (one year), `R8～R11`.
pub(super) fn span(start: FiscalYear, end: FiscalYear, period: Period) -> String {
    let (s, e) = clamp(start, end, period);
    let lead = period.first - 1;
    if s == lead {
        format!("～{}", reiwa(e))
    } else if s == e {
        reiwa(s)
    } else {
        format!("{}～{}", reiwa(s), reiwa(e))
    }
}

/// `R7` for 2025. Years before Reiwa only ever appear clamped into the lead column.
fn reiwa(year: FiscalYear) -> String {
    format!("R{}", year - 2018)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans() {
        let p = Period::default();
        assert_eq!(span(2020, 2024, p), "～R6");
        assert_eq!(span(2024, 2025, p), "～R7");
        assert_eq!(span(2026, 2026, p), "R8");
        assert_eq!(span(2026, 2029, p), "R8～R11");
        assert_eq!(clamp(2019, 2022, p), clamp(2024, 2024, p));
    }

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
