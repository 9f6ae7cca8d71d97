//! Fiscal-year notations (年度, April–March).
//!
//! Departments write years every way a Japanese office does: `R7`, `令和７（２０２５）年度`,
//! `2025年度`, `FY2025`, `H30`, a bare number, or a date cell. Everything is NFKC-normalised
//! and stripped of white space first, so full-width digits, `（）` and the spaced `R 7 (2025)`
//! of the printed roadmap all read alike.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::FiscalYear;
use crate::normalize::text::nfkc;

/// What a year cell or header says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearText {
    /// One fiscal year: `R7`, `令和7(2025)年度`, `2025`, `令和5(2023)年度末` …
    Year { year: FiscalYear },
    /// The chart's lead column, work up to and including `year`: `～R6`, `R6以前`.
    Lead { year: FiscalYear },
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
        era: String,
        era_year: i32,
        western: i32,
    },
}

/// The eras a fiscal year can be written in: kanji name, Latin initial, western year of its
/// 元年, and its last year number (so `H32`, a year that never was, is refused rather than
/// silently read as 2020).
const ERAS: [(&str, char, i32, i32); 5] = [
    ("令和", 'R', 2019, i32::MAX),
    ("平成", 'H', 1989, 31),
    ("昭和", 'S', 1926, 64),
    ("大正", 'T', 1912, 15),
    ("明治", 'M', 1868, 45),
];

const WESTERN_MIN: i32 = 1900;
const WESTERN_MAX: i32 = 2200;

/// One notation, white space already removed. Era and western forms may carry the other in
/// brackets, before or after `年度`; `末` (year end, for KPI headers) does not change the year.
static YEAR_RE: LazyLock<Regex> = LazyLock::new(|| {
    let era = r"(?:令和|平成|昭和|大正|明治|[RrHhSsTtMm])";
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
        let (name, year) = era_year(era.as_str(), n.as_str())?;
        if let Some(w) = caps.name("w") {
            check_pair(name, n.as_str(), year, w.as_str())?;
        }
        year
    } else {
        let west = caps.name("west").ok_or(YearError::Unparseable)?.as_str();
        let year = western(west)?;
        if let (Some(era), Some(n)) = (caps.name("era2"), caps.name("en2")) {
            let (name, era_west) = era_year(era.as_str(), n.as_str())?;
            check_pair(name, n.as_str(), era_west, west)?;
        }
        year
    };
    Ok(if lead {
        YearText::Lead { year }
    } else {
        YearText::Year { year }
    })
}

/// The era's kanji name and the western year of an era year (`元` is 1).
fn era_year(era: &str, n: &str) -> Result<(&'static str, i32), YearError> {
    let initial = era.chars().next().map(|c| c.to_ascii_uppercase());
    let (name, _, start, last) = ERAS
        .iter()
        .find(|(name, letter, _, _)| *name == era || Some(*letter) == initial)
        .ok_or(YearError::Unparseable)?;
    let number = if n == "元" {
        1
    } else {
        n.parse::<i32>().map_err(|_| YearError::Unparseable)?
    };
    if number < 1 || number > *last {
        return Err(YearError::Unparseable);
    }
    let year = start + number - 1;
    if !(WESTERN_MIN..=WESTERN_MAX).contains(&year) {
        return Err(YearError::Unparseable);
    }
    Ok((name, year))
}

fn western(digits: &str) -> Result<i32, YearError> {
    let year = digits.parse::<i32>().map_err(|_| YearError::Unparseable)?;
    if (WESTERN_MIN..=WESTERN_MAX).contains(&year) {
        Ok(year)
    } else {
        Err(YearError::Unparseable)
    }
}

/// An era year and a western year written together must agree.
fn check_pair(name: &str, n: &str, era_west: i32, west: &str) -> Result<(), YearError> {
    let written = west.parse::<i32>().map_err(|_| YearError::Unparseable)?;
    if written == era_west {
        return Ok(());
    }
    let era_year = if n == "元" {
        1
    } else {
        n.parse().unwrap_or(0)
    };
    Err(YearError::EraMismatch {
        era: format!(
            "{name}{}",
            if era_year == 1 {
                "元".into()
            } else {
                n.to_string()
            }
        ),
        era_year,
        western: era_west,
    })
}

/// The fiscal year a calendar date falls in: April starts it.
///
/// ```
/// use koteihyo::normalize::year::fiscal_year_of_date;
/// assert_eq!(fiscal_year_of_date(2026, 3, 31), 2025);
/// assert_eq!(fiscal_year_of_date(2025, 4, 1), 2025);
/// ```
pub fn fiscal_year_of_date(y: i32, m: u32, _d: u32) -> FiscalYear {
    if m < 4 {
        y - 1
    } else {
        y
    }
}

/// Excel's last date, 9999-12-31.
const EXCEL_MAX_SERIAL: f64 = 2_958_465.0;

/// A 1900-system Excel date serial as (year, month, day); the time of day is ignored.
///
/// Excel counts 1900 as a leap year: serial 60 is its fictitious 1900-02-29, returned as such
/// (that is what the cell shows), and serials from 61 on are one day ahead of the real count.
/// NaN, infinities, serials below 1 and beyond 9999-12-31 give `None`.
///
/// ```
/// use koteihyo::normalize::year::excel_serial_to_date;
/// assert_eq!(excel_serial_to_date(45748.0), Some((2025, 4, 1)));
/// assert_eq!(excel_serial_to_date(60.0), Some((1900, 2, 29)));
/// assert_eq!(excel_serial_to_date(f64::NAN), None);
/// ```
pub fn excel_serial_to_date(serial: f64) -> Option<(i32, u32, u32)> {
    if !serial.is_finite() || !(1.0..EXCEL_MAX_SERIAL + 1.0).contains(&serial) {
        return None;
    }
    let day = serial.floor() as i64;
    if day == 60 {
        return Some((1900, 2, 29));
    }
    // Days since 1970-01-01: serial 25569 is 1970-01-01; below 60 Excel is not yet off by one.
    let unix_days = if day < 60 { day - 25568 } else { day - 25569 };
    Some(civil_from_days(unix_days))
}

/// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian).
fn civil_from_days(z: i64) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as i32, m as u32, d as u32)
}

/// A numeric year cell: a whole number 1900–2200 is that fiscal year; a number 10000–80000 is
/// a date serial (calamine does not recognise every 和暦 date format as a date) and gives the
/// date's fiscal year. Anything else, fractional years included, is unparseable.
///
/// ```
/// use koteihyo::normalize::year::parse_year_number;
/// assert_eq!(parse_year_number(2025.0), Ok(2025));
/// assert_eq!(parse_year_number(46112.0), Ok(2025)); // 2026-03-31
/// assert!(parse_year_number(7.0).is_err());
/// ```
pub fn parse_year_number(n: f64) -> Result<FiscalYear, YearError> {
    if !n.is_finite() {
        return Err(YearError::Unparseable);
    }
    if n.fract() == 0.0 && (f64::from(WESTERN_MIN)..=f64::from(WESTERN_MAX)).contains(&n) {
        return Ok(n as i32);
    }
    if (10_000.0..=80_000.0).contains(&n) {
        if let Some((y, m, d)) = excel_serial_to_date(n) {
            return Ok(fiscal_year_of_date(y, m, d));
        }
    }
    Err(YearError::Unparseable)
}

/// The era a fiscal year is named in, with its number; `None` before 明治.
fn era_of(year: FiscalYear) -> Option<(&'static str, char, i32)> {
    ERAS.iter()
        .find(|(_, _, start, _)| year >= *start)
        .map(|(name, letter, start, _)| (*name, *letter, year - start + 1))
}

/// The 和暦 of a fiscal year, `元` for an era's first: `令和7`, `令和元`, `平成30`. Years before
/// 明治 come back as western digits.
///
/// ```
/// use koteihyo::normalize::year::wareki;
/// assert_eq!(wareki(2025), "令和7");
/// assert_eq!(wareki(2019), "令和元");
/// assert_eq!(wareki(2018), "平成30");
/// ```
pub fn wareki(year: FiscalYear) -> String {
    match era_of(year) {
        Some((name, _, 1)) => format!("{name}元"),
        Some((name, _, n)) => format!("{name}{n}"),
        None => year.to_string(),
    }
}

/// The long label of the printed roadmap: `令和7(2025)年度`.
///
/// ```
/// assert_eq!(koteihyo::normalize::year::label_long(2019), "令和元(2019)年度");
/// ```
pub fn label_long(year: FiscalYear) -> String {
    format!("{}({year})年度", wareki(year))
}

/// The short label: `R7`, `H30`; an era's first year is `R1` (not `R元`).
///
/// ```
/// assert_eq!(koteihyo::normalize::year::label_short(2025), "R7");
/// assert_eq!(koteihyo::normalize::year::label_short(2018), "H30");
/// ```
pub fn label_short(year: FiscalYear) -> String {
    match era_of(year) {
        Some((_, letter, n)) => format!("{letter}{n}"),
        None => year.to_string(),
    }
}

/// The lead column's label: `～令和6(2024)年度` (full-width tilde, as printed).
///
/// ```
/// assert_eq!(koteihyo::normalize::year::label_lead(2024), "～令和6(2024)年度");
/// ```
pub fn label_lead(year: FiscalYear) -> String {
    format!("～{}", label_long(year))
}

#[cfg(test)]
mod tests {
    use super::*;
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
        // 明治 years before 1900 are outside the accepted range.
        assert_eq!(year("明治30年度"), Err(YearError::Unparseable));
        assert_eq!(year("M33"), y(1900));
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
        assert_eq!(year(&label_lead(2024)), lead(2024));
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
            "1899",
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
    fn dates() {
        assert_eq!(fiscal_year_of_date(2026, 3, 31), 2025);
        assert_eq!(fiscal_year_of_date(2025, 4, 1), 2025);
        assert_eq!(fiscal_year_of_date(2025, 1, 1), 2024);
        assert_eq!(fiscal_year_of_date(2025, 12, 31), 2025);
    }

    #[test]
    fn serials() {
        assert_eq!(excel_serial_to_date(1.0), Some((1900, 1, 1)));
        assert_eq!(excel_serial_to_date(59.0), Some((1900, 2, 28)));
        assert_eq!(excel_serial_to_date(60.0), Some((1900, 2, 29)));
        assert_eq!(excel_serial_to_date(61.0), Some((1900, 3, 1)));
        assert_eq!(excel_serial_to_date(25569.0), Some((1970, 1, 1)));
        assert_eq!(excel_serial_to_date(45748.0), Some((2025, 4, 1)));
        assert_eq!(excel_serial_to_date(45748.75), Some((2025, 4, 1)));
        assert_eq!(excel_serial_to_date(46112.0), Some((2026, 3, 31)));
        assert_eq!(excel_serial_to_date(45351.0), Some((2024, 2, 29)));
        assert_eq!(excel_serial_to_date(2_958_465.0), Some((9999, 12, 31)));
        for bad in [
            0.0,
            0.5,
            -1.0,
            2_958_466.0,
            1e300,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            assert_eq!(excel_serial_to_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn numeric_cells() {
        assert_eq!(parse_year_number(2025.0), Ok(2025));
        assert_eq!(parse_year_number(1900.0), Ok(1900));
        assert_eq!(parse_year_number(2200.0), Ok(2200));
        assert_eq!(parse_year_number(45748.0), Ok(2025));
        assert_eq!(parse_year_number(46112.0), Ok(2025));
        assert_eq!(parse_year_number(46113.0), Ok(2026));
        for bad in [
            7.0,
            2025.5,
            1899.0,
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

    #[test]
    fn labels() {
        assert_eq!(wareki(2025), "令和7");
        assert_eq!(wareki(2019), "令和元");
        assert_eq!(wareki(2018), "平成30");
        assert_eq!(wareki(1989), "平成元");
        assert_eq!(wareki(1988), "昭和63");
        assert_eq!(wareki(1800), "1800");
        assert_eq!(label_long(2025), "令和7(2025)年度");
        assert_eq!(label_long(2018), "平成30(2018)年度");
        assert_eq!(label_short(2025), "R7");
        assert_eq!(label_short(2019), "R1");
        assert_eq!(label_short(2018), "H30");
        assert_eq!(label_lead(2024), "～令和6(2024)年度");
    }

    proptest! {
        #[test]
        fn every_notation_round_trips(year in 1989i32..=2100) {
            let short = label_short(year);
            let (letter, n) = short.split_at(1);
            let notations = [
                short.clone(),
                format!("{letter}0{n}"),
                short.to_lowercase(),
                format!("{short}年度"),
                format!("{short}({year})"),
                format!("{short}年度末"),
                label_long(year),
                format!("{}末", label_long(year)),
                wareki(year),
                format!("{}年度", wareki(year)),
                year.to_string(),
                format!("{year}年度"),
                format!("{year}年度末"),
                format!("FY{year}"),
            ];
            for s in notations {
                prop_assert_eq!(parse_year_text(&s), Ok(YearText::Year { year }), "{}", s);
            }
            prop_assert_eq!(parse_year_text(&label_lead(year)), Ok(YearText::Lead { year }));
            prop_assert_eq!(parse_year_text(&format!("{short}以前")), Ok(YearText::Lead { year }));
        }

        #[test]
        fn date_serials_agree_with_fiscal_years(serial in 61u32..=80_000) {
            let (y, m, d) = excel_serial_to_date(f64::from(serial)).unwrap();
            prop_assert!((1..=12).contains(&m) && (1..=31).contains(&d));
            let next = excel_serial_to_date(f64::from(serial + 1)).unwrap();
            prop_assert!(next > (y, m, d));
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
            let _ = excel_serial_to_date(n);
        }
    }
}
