//! KPI figures written as text: `1,300種類`, `39.2%`, `↑`, `—`.
//!
//! Numeric cells never come here; the caller reads those directly. The parser is strict on
//! purpose: a figure with a prefix such as `約` (about) is no target the workbook can chart, so
//! it is refused and reported rather than quietly rounded into one. Whatever follows the number
//! is its unit (`100件以上` has the unit `件以上`); the caller checks it against 単位.

use std::fmt;
use std::sync::LazyLock;

use regex::Regex;

use crate::normalize::text::nfkc;

/// What a KPI text cell holds.
#[derive(Debug, Clone, PartialEq)]
pub enum KpiCell {
    /// Blank, or a dash meaning "no figure" (`—`, `-`, `－`, `―`, `–`, `─`, `‐`).
    None,
    /// A figure and the unit written after it (empty when there is none).
    Number {
        /// The figure, separators removed: `1300.0` for `1,300種類`.
        value: f64,
        /// What follows the figure, trimmed: `種類`, `%`, `件以上`.
        unit: String,
    },
    /// `↑`: the indicator should rise, with no figure given.
    Up,
    /// `↓`: the indicator should fall, with no figure given.
    Down,
}

/// A KPI text that is not a figure, a direction or a dash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KpiValueError;

impl fmt::Display for KpiValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a KPI figure")
    }
}

impl std::error::Error for KpiValueError {}

/// A number, with `,` only as a thousands separator, then the rest (the unit).
static FIGURE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?)(.*)$")
        .expect("figure pattern is valid")
});

/// Parses a KPI text cell (after NFKC, so `５種類` and `３９．２％` read as written).
///
/// - blank or dashes only (`—`, `-`, `－`, `―`, `–`, `─`, `‐`) → [`KpiCell::None`];
/// - `↑` / `↓` → [`KpiCell::Up`] / [`KpiCell::Down`];
/// - a number, optionally signed, with thousands separators and decimals, then a unit that
///   does not start with a digit, `,` or `.` → [`KpiCell::Number`], unit trimmed;
/// - anything else, including a prefix before the number (`約100件`), → `Err`.
///
/// ```
/// use koteihyo::normalize::kpi_value::{parse_kpi_value, KpiCell};
/// assert_eq!(parse_kpi_value("1,300種類"), Ok(KpiCell::Number { value: 1300.0, unit: "種類".into() }));
/// assert_eq!(parse_kpi_value("↑"), Ok(KpiCell::Up));
/// assert_eq!(parse_kpi_value("—"), Ok(KpiCell::None));
/// assert!(parse_kpi_value("約100件").is_err());
/// ```
pub fn parse_kpi_value(s: &str) -> Result<KpiCell, KpiValueError> {
    let text = nfkc(s);
    let text = text.trim();
    if text
        .chars()
        .all(|c| matches!(c, '—' | '-' | '―' | '–' | '─' | '‐') || c.is_whitespace())
    {
        return Ok(KpiCell::None);
    }
    match text {
        "↑" => return Ok(KpiCell::Up),
        "↓" => return Ok(KpiCell::Down),
        _ => {}
    }
    let caps = FIGURE_RE.captures(text).ok_or(KpiValueError)?;
    let number = caps.get(1).ok_or(KpiValueError)?.as_str().replace(',', "");
    let unit = caps.get(2).map_or("", |m| m.as_str()).trim();
    if unit.starts_with(|c: char| c.is_ascii_digit() || c == ',' || c == '.') {
        return Err(KpiValueError);
    }
    let value: f64 = number.parse().map_err(|_| KpiValueError)?;
    if !value.is_finite() {
        return Err(KpiValueError);
    }
    Ok(KpiCell::Number {
        value,
        unit: unit.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn number(value: f64, unit: &str) -> Result<KpiCell, KpiValueError> {
        Ok(KpiCell::Number {
            value,
            unit: unit.into(),
        })
    }

    #[test]
    fn reference_figures() {
        assert_eq!(parse_kpi_value("1,300種類"), number(1300.0, "種類"));
        assert_eq!(parse_kpi_value("14,000千枚"), number(14000.0, "千枚"));
        assert_eq!(parse_kpi_value("39.2%"), number(39.2, "%"));
        assert_eq!(parse_kpi_value("850時間"), number(850.0, "時間"));
        assert_eq!(parse_kpi_value("24回"), number(24.0, "回"));
        assert_eq!(parse_kpi_value("５種類"), number(5.0, "種類"));
        assert_eq!(parse_kpi_value("３９．２％"), number(39.2, "%"));
        assert_eq!(parse_kpi_value("１，３００種類"), number(1300.0, "種類"));
        assert_eq!(parse_kpi_value(" 5 種類 "), number(5.0, "種類"));
        assert_eq!(parse_kpi_value("1234567件"), number(1_234_567.0, "件"));
        assert_eq!(parse_kpi_value("1,234,567"), number(1_234_567.0, ""));
        assert_eq!(parse_kpi_value("-5%"), number(-5.0, "%"));
        assert_eq!(parse_kpi_value("100m2"), number(100.0, "m2"));
        assert_eq!(parse_kpi_value("100件以上"), number(100.0, "件以上"));
    }

    #[test]
    fn directions_and_blanks() {
        assert_eq!(parse_kpi_value("↑"), Ok(KpiCell::Up));
        assert_eq!(parse_kpi_value(" ↓ "), Ok(KpiCell::Down));
        assert_eq!(parse_kpi_value("￪"), Ok(KpiCell::Up));
        for s in ["", "　", "—", "-", "－", "―", "–", "--", "\n"] {
            assert_eq!(parse_kpi_value(s), Ok(KpiCell::None), "{s:?}");
        }
    }

    #[test]
    fn refused() {
        for s in [
            "約100件",
            "1,30",
            "1,3000件",
            "1.",
            "1.2.3",
            "種類",
            "↑↑",
            "⇧",
            "↑5",
            "NaN",
            "inf",
            "R7",
            ".5",
            "1 000",
        ] {
            assert_eq!(parse_kpi_value(s), Err(KpiValueError), "{s:?}");
        }
        // A number too long for f64 is refused, not read as infinity.
        assert_eq!(parse_kpi_value(&"9".repeat(400)), Err(KpiValueError));
    }

    proptest! {
        #[test]
        fn no_panic_on_any_text(s in "\\PC{0,40}") {
            let _ = parse_kpi_value(&s);
        }

        #[test]
        fn figures_round_trip(n in 0u32..100_000_000, unit in "(種類|千枚|%|時間|回|件)?") {
            let plain = parse_kpi_value(&format!("{n}{unit}"));
            prop_assert_eq!(plain, number(f64::from(n), &unit));
        }
    }
}
