//! Fiscal-year notations (年度, April–March) as departments write them.
//!
//! Departments write years every way a Japanese office does: `R7`, `令和７（２０２５）年度`,
//! `2025年度`, `FY2025`, `H30`, a bare number, or a date cell. Everything is NFKC-normalised
//! and stripped of white space first, so full-width digits, `（）` and the spaced `R 7 (2025)`
//! of the printed roadmap all read alike. The eras, their boundaries and every label the
//! writers print live in [`crate::fiscal`]; this module only reads.

use std::sync::LazyLock;

use regex::Regex;

use crate::fiscal::{Date, Era, FiscalYear, YearMonth, YEARS};
use crate::ingest::Value;
use crate::normalize::normal_form::nfkc;

/// What a year cell or header says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearText {
    /// One fiscal year: `R7`, `令和7(2025)年度`, `2025`, `令和5(2023)年度末` …
    Year {
        /// The fiscal year, by the western year it starts in: `2025` for `R7`.
        year: FiscalYear,
    },
    /// The chart's lead column, work up to and including `year`: `～R6`, `R6以前`.
    Lead {
        /// The last fiscal year the column covers: `2024` for `～R6`.
        year: FiscalYear,
    },
    /// `継続`: runs through the plan's last year.
    Continuing,
}

/// Why a year text was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum YearError {
    /// Not a year notation this module knows.
    Unparseable,
    /// The era year and the western year in brackets disagree, as in `令和7(2026)`.
    /// `era` is the era label (`令和7`, `令和元`), `era_year` its number, and `western` the
    /// western year the era year really is (2025), for the message
    /// 「年度「{0}」の和暦と西暦が一致しません（{1}年度は西暦{2}年）」.
    EraMismatch {
        /// The era label as the message prints it: `令和7`, `令和元`.
        era: String,
        /// The era year's number: `7`.
        era_year: i32,
        /// The western year the era year really is: `2025` (not the `2026` written).
        western: i32,
    },
}

/// One notation, white space already removed. Era and western forms may carry the other in
/// brackets, before or after `年度`; `末` (year end, for KPI headers) does not change the year.
static YEAR_RE: LazyLock<Regex> = LazyLock::new(|| {
    // The eras by kanji name or Latin initial, either case: (?:令和|…|[RrHh…]).
    let names: Vec<&str> = Era::ALL.iter().map(|e| e.name()).collect();
    let letters: String = Era::ALL
        .iter()
        .flat_map(|e| [e.letter(), e.letter().to_ascii_lowercase()])
        .collect();
    let era = format!("(?:{}|[{letters}])", names.join("|"));
    let pattern = format!(
        r"^(?P<lead>[~〜])?(?:(?P<era>{era})(?P<en>元|[0-9]{{1,3}})(?:年度?)?(?:\((?P<w>[0-9]{{1,4}})(?:年度?)?\))?|(?:[Ff][Yy])?(?P<west>[0-9]{{4}})(?:年度?)?(?:\((?P<era2>{era})(?P<en2>元|[0-9]{{1,3}})(?:年度?)?\))?)(?:年度?)?(?:末)?(?P<before>以前|まで)?$"
    );
    Regex::new(&pattern).expect("year pattern is valid")
});

/// Parses a year cell or header.
///
/// ```
/// use koteihyo::normalize::year::{parse_year_text, YearText, YearError};
/// assert_eq!(parse_year_text("令和７（２０２５）年度"), Ok(YearText::Year { year: 2025 }));
/// assert_eq!(parse_year_text("～R6"), Ok(YearText::Lead { year: 2024 }));
/// assert_eq!(parse_year_text("継続"), Ok(YearText::Continuing));
/// assert!(matches!(parse_year_text("令和7(2026)"), Err(YearError::EraMismatch { .. })));
/// ```
pub fn parse_year_text(s: &str) -> Result<YearText, YearError> {
    let key: String = nfkc(s).chars().filter(|c| !c.is_whitespace()).collect();
    if key == "継続" {
        return Ok(YearText::Continuing);
    }
    let caps = YEAR_RE.captures(&key).ok_or(YearError::Unparseable)?;
    let lead = caps.name("lead").is_some() || caps.name("before").is_some();
    let year = if let (Some(era), Some(n)) = (caps.name("era"), caps.name("en")) {
        let (era, number, year) = era_year(era.as_str(), n.as_str())?;
        if let Some(w) = caps.name("w") {
            check_pair(era, number, year, w.as_str())?;
        }
        year
    } else {
        let west = caps.name("west").ok_or(YearError::Unparseable)?.as_str();
        let year = western(west)?;
        if let (Some(era), Some(n)) = (caps.name("era2"), caps.name("en2")) {
            let (era, number, era_west) = era_year(era.as_str(), n.as_str())?;
            check_pair(era, number, era_west, west)?;
        }
        year
    };
    Ok(if lead {
        YearText::Lead { year }
    } else {
        YearText::Year { year }
    })
}

/// An era year as written (`令和`/`R` and `元`/`7`): the era, its number and the western year.
/// A number the era never reached (`H32`) is refused rather than read as a year that was
/// never called so.
fn era_year(era: &str, n: &str) -> Result<(Era, i32, i32), YearError> {
    let era = Era::from_name(era).ok_or(YearError::Unparseable)?;
    let number = if n == "元" {
        1
    } else {
        n.parse::<i32>().map_err(|_| YearError::Unparseable)?
    };
    let year = era.western_year(number).ok_or(YearError::Unparseable)?;
    if !YEARS.contains(&year) {
        return Err(YearError::Unparseable);
    }
    Ok((era, number, year))
}

fn western(digits: &str) -> Result<i32, YearError> {
    let year = digits.parse::<i32>().map_err(|_| YearError::Unparseable)?;
    if YEARS.contains(&year) {
        Ok(year)
    } else {
        Err(YearError::Unparseable)
    }
}

/// An era year and a western year written together must agree.
fn check_pair(era: Era, number: i32, era_west: i32, west: &str) -> Result<(), YearError> {
    let written = west.parse::<i32>().map_err(|_| YearError::Unparseable)?;
    if written == era_west {
        return Ok(());
    }
    let label = crate::fiscal::EraYear { era, number };
    Err(YearError::EraMismatch {
        era: label.to_string(),
        era_year: number,
        western: era_west,
    })
}

/// A numeric year cell: a whole number in [`YEARS`] is that fiscal year; a number
/// 10000–80000 is a date serial (calamine does not recognise every 和暦 date format as a
/// date) and gives the date's fiscal year. Anything else, fractional years included, is
/// unparseable.
///
/// ```
/// use koteihyo::normalize::year::parse_year_number;
/// assert_eq!(parse_year_number(2025.0), Ok(2025));
/// assert_eq!(parse_year_number(46112.0), Ok(2025)); // 2026-03-31
/// assert!(parse_year_number(7.0).is_err());
/// ```
pub fn parse_year_number(n: f64) -> Result<FiscalYear, YearError> {
    /// The serials read as dates: 1927-05-18 to 2119-01-10.
    const DATE_SERIALS: std::ops::RangeInclusive<f64> = 10_000.0..=80_000.0;
    if !n.is_finite() {
        return Err(YearError::Unparseable);
    }
    let (first, last) = (f64::from(*YEARS.start()), f64::from(*YEARS.end()));
    if n.fract() == 0.0 && (first..=last).contains(&n) {
        return Ok(n as i32);
    }
    if DATE_SERIALS.contains(&n) {
        if let Some(date) = Date::from_excel_serial(n) {
            return Ok(date.fiscal_year());
        }
    }
    Err(YearError::Unparseable)
}

/// A year cell (開始年度, 終了年度, a KPI year) read as a fiscal year notation.
pub fn year_of_value(value: &Value, text: &str) -> Result<YearText, YearError> {
    match value {
        Value::Number(n) => parse_year_number(*n).map(|year| YearText::Year { year }),
        Value::Date(d) => Ok(YearText::Year {
            year: d.fiscal_year(),
        }),
        _ => parse_year_text(text),
    }
}

/// A revision date of the 改定履歴: `R7(2025).3`, `H30(2018).3`, `令和7年3月`, `2025.3`,
/// `2025-03`. The year is a calendar year, in any notation [`parse_year_text`] reads.
///
/// ```
/// use koteihyo::normalize::year::parse_year_month;
/// use koteihyo::fiscal::YearMonth;
/// assert_eq!(parse_year_month("R7(2025).3"), YearMonth::new(2025, 3));
/// assert_eq!(parse_year_month("H30(2018).3"), YearMonth::new(2018, 3));
/// assert_eq!(parse_year_month("R7.13"), None);
/// ```
pub fn parse_year_month(text: &str) -> Option<YearMonth> {
    let t = nfkc(text).replace(' ', "");
    let t = t.trim_end_matches('月');
    let split = t.rfind(['.', '年', '-', '/'])?;
    let (y, m) = t.split_at(split);
    // Skip the separator, which may be more than one byte (年).
    let month: u32 = m.chars().skip(1).collect::<String>().trim().parse().ok()?;
    match parse_year_text(y) {
        Ok(YearText::Year { year }) => YearMonth::new(year, month),
        _ => None,
    }
}

/// A fiscal year named inside a sentence (「R8.4～R9.3」 names two): where it stands in the
/// text and the fiscal year it falls in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearMention {
    /// Byte offset of its first character in the text searched.
    pub start: usize,
    /// Byte offset just past it.
    pub end: usize,
    /// The fiscal year: `R8` is 2026; a month is placed in its fiscal year (`R9.3` is 2026).
    pub year: FiscalYear,
}

/// Where a year may stand in a sentence: an era year (`R8`, `令和8年度`, `R8(2026)`) or a
/// western one (`2026年度`, `FY2026`), each maybe with a month (`R8.4`, `令和8年4月`,
/// `2026/4`). This only finds the places; [`parse_year_text`] and [`parse_year_month`] read
/// them, so a sentence's years mean what a year cell's do.
static MENTION_RE: LazyLock<Regex> = LazyLock::new(|| {
    let names: Vec<&str> = Era::ALL.iter().map(|e| e.name()).collect();
    let letters: String = Era::ALL.iter().map(|e| e.letter()).collect();
    let pattern = format!(
        r"(?P<y>(?:{}|[{letters}])\s*(?:元|[0-9]{{1,3}})(?:\s*\(\s*[0-9]{{4}}\s*\))?|(?P<fy>FY\s*)?[0-9]{{4}})(?P<nen>\s*年度?)?(?:\s*[./]\s*(?P<m1>[0-9]{{1,2}})月?|\s*(?P<m2>[0-9]{{1,2}})\s*月)?",
        names.join("|")
    );
    Regex::new(&pattern).expect("mention pattern is valid")
});

/// Every fiscal year named in `text` (NFKC first, so that `Ｒ８` and `（２０２６）` are found),
/// left to right. A candidate run into Latin letters or digits (`PR7`, `R8A`), a western
/// number with neither `年`, `FY` nor a month (`2026` alone may be a count), and a notation
/// the year readers refuse are left out.
///
/// ```
/// use koteihyo::normalize::year::years_in;
/// let years: Vec<i32> = years_in("R8.4～R9.3").iter().map(|m| m.year).collect();
/// assert_eq!(years, vec![2026, 2026]);
/// let years: Vec<i32> = years_in("令和8年度から令和10年度まで").iter().map(|m| m.year).collect();
/// assert_eq!(years, vec![2026, 2028]);
/// assert!(years_in("PR7の2026件").is_empty());
/// ```
pub fn years_in(text: &str) -> Vec<YearMention> {
    MENTION_RE
        .captures_iter(text)
        .filter_map(|caps| {
            let whole = caps.get(0)?;
            let before = text.get(..whole.start())?.chars().next_back();
            let after = text.get(whole.end()..)?.chars().next();
            let joined = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
            if joined(before) || joined(after) {
                return None;
            }
            let y = caps.name("y")?.as_str();
            let month = caps.name("m1").or_else(|| caps.name("m2"));
            let western = y.starts_with(|c: char| c.is_ascii_digit());
            if western && caps.name("nen").is_none() && month.is_none() {
                return None;
            }
            let year = match month {
                Some(m) => parse_year_month(&format!("{y}.{}", m.as_str()))?
                    .first_day()
                    .fiscal_year(),
                None => match parse_year_text(y) {
                    Ok(YearText::Year { year }) => year,
                    _ => return None,
                },
            };
            Some(YearMention {
                start: whole.start(),
                end: whole.end(),
                year,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fiscal;
    use proptest::prelude::*;

    fn year(s: &str) -> Result<YearText, YearError> {
        parse_year_text(s)
    }
    fn y(n: FiscalYear) -> Result<YearText, YearError> {
        Ok(YearText::Year { year: n })
    }
    fn lead(n: FiscalYear) -> Result<YearText, YearError> {
        Ok(YearText::Lead { year: n })
    }

    #[test]
    fn spec_notations() {
        for s in [
            "R7",
            "R07",
            "r7",
            "令和7",
            "令和7年度",
            "令和7(2025)年度",
            "令和７（２０２５）年度",
            "R7(2025)",
            "R7年度",
            "2025",
            "2025年度",
            "FY2025",
            "fy2025",
            "ＦＹ２０２５",
            "R 7",
            "R7 (2025)",
            "R 7 (2025)",
            " 令和 7 年度 ",
            "R７",
            "令和7年度(2025)",
            "2025(R7)",
            "2025年度(令和7年度)",
            "令和7年度(2025年度)",
            "㋿7",
        ] {
            assert_eq!(year(s), y(2025), "{s}");
        }
    }

    #[test]
    fn first_years_and_era_boundaries() {
        assert_eq!(year("令和元年度"), y(2019));
        assert_eq!(year("令和元"), y(2019));
        assert_eq!(year("R1"), y(2019));
        assert_eq!(year("平成31年度"), y(2019));
        assert_eq!(year("H31"), y(2019));
        assert_eq!(year("H30"), y(2018));
        assert_eq!(year("平成30年度"), y(2018));
        assert_eq!(year("平成元年度"), y(1989));
        assert_eq!(year("S63"), y(1988));
        assert_eq!(year("昭和63年度"), y(1988));
        assert_eq!(year("S64"), y(1989));
        assert_eq!(year("T15"), y(1926));
        assert_eq!(year("大正元年度"), y(1912));
        // An era year past the era's end never existed.
        assert_eq!(year("H32"), Err(YearError::Unparseable));
        assert_eq!(year("平成35年度"), Err(YearError::Unparseable));
        assert_eq!(year("R0"), Err(YearError::Unparseable));
        assert_eq!(year("M45"), y(1912));
        assert_eq!(year("M46"), Err(YearError::Unparseable));
        // Every year from 明治元年 (1868) on can be written.
        assert_eq!(year("明治元年度"), y(1868));
        assert_eq!(year("明治30年度"), y(1897));
        assert_eq!(year("M33"), y(1900));
        assert_eq!(year("1868"), y(1868));
    }

    #[test]
    fn kpi_year_end_headers() {
        assert_eq!(year("令和5(2023)年度末"), y(2023));
        assert_eq!(year("R5年度末"), y(2023));
        assert_eq!(year("2023年度末"), y(2023));
        assert_eq!(year("令和６（２０２４）年度末"), y(2024));
    }

    #[test]
    fn lead_column() {
        for s in [
            "～R6",
            "~R6",
            "〜R6",
            "R6以前",
            "～令和6(2024)年度",
            "～令和6年度",
            "～令和６（２０２４）年度",
            "令和6年度以前",
            "~2024",
            "R6まで",
        ] {
            assert_eq!(year(s), lead(2024), "{s}");
        }
        assert_eq!(year(&crate::fiscal::lead(2024)), lead(2024));
    }

    #[test]
    fn continuing() {
        assert_eq!(year("継続"), Ok(YearText::Continuing));
        assert_eq!(year(" 継 続 "), Ok(YearText::Continuing));
    }

    #[test]
    fn mismatch() {
        let expected = Err(YearError::EraMismatch {
            era: "令和7".into(),
            era_year: 7,
            western: 2025,
        });
        assert_eq!(year("令和7(2026)"), expected);
        assert_eq!(year("令和7(2026)年度"), expected);
        assert_eq!(year("R7(2026)"), expected);
        assert_eq!(year("2026(R7)"), expected);
        assert_eq!(
            year("令和元(2020)年度"),
            Err(YearError::EraMismatch {
                era: "令和元".into(),
                era_year: 1,
                western: 2019,
            })
        );
        assert_eq!(
            year("平成30(2019)年度"),
            Err(YearError::EraMismatch {
                era: "平成30".into(),
                era_year: 30,
                western: 2018,
            })
        );
    }

    #[test]
    fn unparseable() {
        for s in [
            "",
            " ",
            "R",
            "令和",
            "年度",
            "1867",
            "2201",
            "20250",
            "99999999999999999999",
            "R99999999999999",
            "X7",
            "7",
            "R7.4",
            "令和7年4月",
            "約R7",
            "R7~",
            "FY",
            "継続中",
            "(R7)",
        ] {
            assert_eq!(year(s), Err(YearError::Unparseable), "{s:?}");
        }
    }

    #[test]
    fn revision_dates() {
        let ym = |y, m| YearMonth::new(y, m);
        assert_eq!(parse_year_month("R7(2025).3"), ym(2025, 3));
        assert_eq!(parse_year_month("R 7 (2025). 3"), ym(2025, 3));
        assert_eq!(parse_year_month("令和8年4月"), ym(2026, 4));
        assert_eq!(parse_year_month("2026-04"), ym(2026, 4));
        assert_eq!(parse_year_month("H30(2018).3"), ym(2018, 3));
        assert_eq!(parse_year_month("S64(1989).1"), ym(1989, 1));
        assert_eq!(parse_year_month("R7.13"), None);
        assert_eq!(parse_year_month("R7.0"), None);
        assert_eq!(parse_year_month("ロードマップ"), None);
    }

    #[test]
    fn numeric_cells() {
        assert_eq!(parse_year_number(2025.0), Ok(2025));
        assert_eq!(parse_year_number(1868.0), Ok(1868));
        assert_eq!(parse_year_number(2200.0), Ok(2200));
        assert_eq!(parse_year_number(45748.0), Ok(2025));
        assert_eq!(parse_year_number(46112.0), Ok(2025));
        assert_eq!(parse_year_number(46113.0), Ok(2026));
        for bad in [
            7.0,
            2025.5,
            1867.0,
            2201.0,
            9999.0,
            80001.0,
            -2025.0,
            f64::NAN,
            f64::INFINITY,
        ] {
            assert_eq!(parse_year_number(bad), Err(YearError::Unparseable), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn every_notation_round_trips(year in 1868i32..=2100) {
            let short = fiscal::short(year);
            let (letter, n) = short.split_at(1);
            let notations = [
                short.clone(),
                format!("{letter}0{n}"),
                short.to_lowercase(),
                format!("{short}年度"),
                format!("{short}({year})"),
                format!("{short}年度末"),
                fiscal::long(year),
                fiscal::year_end(year),
                fiscal::with_western(year),
                fiscal::wareki(year),
                fiscal::spoken(year),
                year.to_string(),
                format!("{year}年度"),
                format!("{year}年度末"),
                format!("FY{year}"),
            ];
            for s in notations {
                prop_assert_eq!(parse_year_text(&s), Ok(YearText::Year { year }), "{}", s);
            }
            prop_assert_eq!(parse_year_text(&fiscal::lead(year)), Ok(YearText::Lead { year }));
            prop_assert_eq!(parse_year_text(&format!("{short}以前")), Ok(YearText::Lead { year }));
        }

        #[test]
        fn revision_dates_round_trip(year in 1868i32..=2100, month in 1u32..=12) {
            let ym = YearMonth::new(year, month).unwrap();
            prop_assert_eq!(parse_year_month(&ym.revision_label()), Some(ym));
            prop_assert_eq!(parse_year_month(&ym.wareki_label()), Some(ym));
            prop_assert_eq!(parse_year_month(&ym.to_string()), Some(ym));
        }

        #[test]
        fn no_panic_on_any_text(s in "\\PC{0,40}") {
            let _ = parse_year_text(&s);
        }

        #[test]
        fn no_panic_on_year_like_text(s in "[~～〜]?(令和|平成|R|H|S|FY)?[0-9０-９元]{0,12}[(（]?[0-9]{0,12}[)）]?(年度|年度末|以前)?") {
            let _ = parse_year_text(&s);
        }

        #[test]
        fn no_panic_on_any_number(n in proptest::num::f64::ANY) {
            let _ = parse_year_number(n);
        }
    }
}
