//! Fiscal years (年度) and the Japanese eras (和暦): the one home of every date, era and
//! year label the tool reads or prints.
//!
//! A foundation module: it uses nothing else in the crate, and `ingest`, `normalize`,
//! `model`, the renderers and `main` all take their dates and labels from here.
//!
//! - [`Date`] (year, month, day) and [`YearMonth`] (an edition, `R7(2025).3`) are checked
//!   calendar values; one day count ([`Date::days`], [`Date::from_days`]) serves the Excel
//!   date serials and the system clock alike.
//! - [`Era`] and [`EraYear`]: the five modern eras with their exact first days. A calendar
//!   date is named by the era in force that day (2019-04-30 is 平成31年, 2019-05-01 令和元年).
//! - A fiscal year ([`FiscalYear`], April to March, named by the western year it starts in)
//!   is named by the era in force at the end of that calendar year, as the government does
//!   (2019 is 令和元年度, 1989 平成元年度); the reader also accepts the outgoing era's number
//!   (`平成31年度`). Its labels: [`short`] `R7`, [`long`] `令和7(2025)年度`, [`lead`]
//!   `～令和6(2024)年度`, [`year_end`] `令和7(2025)年度末`, [`spoken`] `令和7年度`.
//! - [`Period`] (the plan period and its chart columns) and [`Span`] (a run of years as the
//!   chart shows it: `R8～R11`, 「令和8年度から令和11年度まで」).
//!
//! The Latin initials of the eras are M 明治, T 大正, S 昭和, H 平成, R 令和. Before 明治
//! (1868-01-25) there is no era, and the labels use western digits.

use std::fmt;
use std::ops::RangeInclusive;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A fiscal year (年度, April to March), named by the western year it starts in:
/// `2025` is 令和7年度 (April 2025 – March 2026).
pub type FiscalYear = i32;

/// The fiscal years a notation may name: from 明治元年 (1868), the first year with an era
/// label, to 2200. Anything outside is taken for a typing slip rather than a year.
pub const YEARS: RangeInclusive<FiscalYear> = 1868..=2200;

/// The years a [`Date`] can hold: four digits, as ISO 8601 and Excel write them.
const DATE_YEARS: RangeInclusive<i32> = 1..=9999;

// --- calendar dates ----------------------------------------------------------------------

/// A calendar date (proleptic Gregorian), always a real day of years 1–9999.
///
/// ```
/// use koteihyo::fiscal::Date;
/// let d = Date::new(2026, 3, 31).unwrap();
/// assert_eq!(d.fiscal_year(), 2025);
/// assert_eq!(d.to_string(), "2026-03-31");
/// assert_eq!("2026-03-31".parse::<Date>(), Ok(d));
/// assert!(Date::new(2026, 2, 29).is_none());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u32,
    day: u32,
}

/// Why a date or a year-month text was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    /// Not `YYYY-MM-DD` (for a [`Date`]) or `YYYY-MM` (for a [`YearMonth`]).
    Format,
    /// Written right, but no such day or month (`2026-02-29`, `2026-13`), or a year outside
    /// 1–9999.
    NoSuchDate,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DateError::Format => "not written as YYYY-MM-DD / YYYY-MM",
            DateError::NoSuchDate => "no such date",
        })
    }
}

impl std::error::Error for DateError {}

/// Days in a month of a year (0 for a month that does not exist).
fn days_in_month(year: i32, month: u32) -> u32 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// 1970-01-01, day 0 of [`Date::days`].
    pub const UNIX_EPOCH: Date = Date {
        year: 1970,
        month: 1,
        day: 1,
    };

    /// The date, if it is a real day of years 1–9999.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        let real = DATE_YEARS.contains(&year) && (1..=days_in_month(year, month)).contains(&day);
        real.then_some(Date { year, month, day })
    }
    /// The calendar year.
    pub fn year(self) -> i32 {
        self.year
    }
    /// The month, 1–12.
    pub fn month(self) -> u32 {
        self.month
    }
    /// The day of the month, 1–31.
    pub fn day(self) -> u32 {
        self.day
    }
    /// The year and month of the date.
    pub fn year_month(self) -> YearMonth {
        YearMonth {
            year: self.year,
            month: self.month,
        }
    }
    /// The fiscal year the date falls in: April starts it (2026-03-31 is in 2025).
    pub fn fiscal_year(self) -> FiscalYear {
        if self.month < 4 {
            self.year - 1
        } else {
            self.year
        }
    }
    /// The era in force on this day and its year number; `None` before 明治 (1868-01-25).
    ///
    /// ```
    /// use koteihyo::fiscal::{Date, Era};
    /// let era = |y, m, d| Date::new(y, m, d).unwrap().era_year().unwrap().to_string();
    /// assert_eq!(era(2019, 4, 30), "平成31");
    /// assert_eq!(era(2019, 5, 1), "令和元");
    /// ```
    pub fn era_year(self) -> Option<EraYear> {
        let era = *Era::ALL.iter().rev().find(|e| self >= e.first_day())?;
        Some(EraYear {
            era,
            number: self.year - era.first_day().year + 1,
        })
    }

    /// Days since 1970-01-01 (negative before), by Howard Hinnant's `days_from_civil`.
    pub fn days(self) -> i64 {
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01 (Hinnant's `civil_from_days`, the inverse of
    /// [`Date::days`]); `None` outside years 1–9999.
    ///
    /// ```
    /// use koteihyo::fiscal::Date;
    /// assert_eq!(Date::from_days(0), Date::new(1970, 1, 1));
    /// assert_eq!(Date::from_days(-1), Date::new(1969, 12, 31));
    /// ```
    pub fn from_days(days: i64) -> Option<Date> {
        // Years 1..=9999 span fewer than 3.7 million days; beyond that nothing can be a Date,
        // and the arithmetic below stays far from overflow.
        if days.unsigned_abs() > 4_000_000 {
            return None;
        }
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::new(i32::try_from(year).ok()?, month as u32, day as u32)
    }

    /// A 1900-system Excel date serial; the time of day is ignored.
    ///
    /// Excel counts 1900 as a leap year: serial 60 is its fictitious 1900-02-29, which is no
    /// date (`None`), and serials from 61 on are one day ahead of the real count. NaN,
    /// infinities, serials below 1 and beyond 9999-12-31 give `None` too.
    ///
    /// ```
    /// use koteihyo::fiscal::Date;
    /// assert_eq!(Date::from_excel_serial(45748.0), Date::new(2025, 4, 1));
    /// assert_eq!(Date::from_excel_serial(60.0), None);
    /// assert_eq!(Date::from_excel_serial(f64::NAN), None);
    /// ```
    pub fn from_excel_serial(serial: f64) -> Option<Date> {
        /// Excel's last date, 9999-12-31.
        const EXCEL_MAX_SERIAL: f64 = 2_958_465.0;
        /// Serial 25569 is 1970-01-01 (from serial 61 on, past the fictitious day).
        const UNIX_EPOCH_SERIAL: i64 = 25_569;
        /// Excel's fictitious 1900-02-29.
        const FICTITIOUS_LEAP_DAY: i64 = 60;
        if !serial.is_finite() || !(1.0..EXCEL_MAX_SERIAL + 1.0).contains(&serial) {
            return None;
        }
        let day = serial.floor() as i64;
        match day.cmp(&FICTITIOUS_LEAP_DAY) {
            std::cmp::Ordering::Less => Date::from_days(day - UNIX_EPOCH_SERIAL + 1),
            std::cmp::Ordering::Equal => None,
            std::cmp::Ordering::Greater => Date::from_days(day - UNIX_EPOCH_SERIAL),
        }
    }
}

/// `2026-03-31`.
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// As its ISO text, `"2026-03-31"`.
impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Splits `YYYY-MM[-DD]` into numbers; every part must be digits (up to 4, 2 and 2).
fn numbers<const N: usize>(s: &str) -> Result<[u32; N], DateError> {
    let widths = [4, 2, 2];
    let mut out = [0; N];
    let mut parts = s.trim().split('-');
    for (i, slot) in out.iter_mut().enumerate() {
        let p = parts.next().ok_or(DateError::Format)?;
        if p.is_empty() || p.len() > widths[i] || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DateError::Format);
        }
        *slot = p.parse().map_err(|_| DateError::Format)?;
    }
    match parts.next() {
        Some(_) => Err(DateError::Format),
        None => Ok(out),
    }
}

/// `YYYY-MM-DD` (the month and day may have one digit).
impl FromStr for Date {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Date, DateError> {
        let [y, m, d] = numbers::<3>(s)?;
        Date::new(y as i32, m, d).ok_or(DateError::NoSuchDate)
    }
}

// --- editions (year and month) -------------------------------------------------------------

/// A calendar year and month: the date of an edition in the 改定履歴 (`R7(2025).3`).
///
/// In `roadmap.json` it is the two numbers `year` and `month`.
///
/// ```
/// use koteihyo::fiscal::YearMonth;
/// let ym: YearMonth = "2018-03".parse().unwrap();
/// assert_eq!(ym.revision_label(), "H30(2018).3");
/// assert_eq!(ym.wareki_label(), "平成30(2018)年3月");
/// assert_eq!(ym.to_string(), "2018-03");
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(try_from = "RawYearMonth", into = "RawYearMonth")]
pub struct YearMonth {
    year: i32,
    month: u32,
}

/// [`YearMonth`] as stored, checked on the way in.
#[derive(Serialize, Deserialize)]
struct RawYearMonth {
    year: i32,
    month: u32,
}

impl TryFrom<RawYearMonth> for YearMonth {
    type Error = String;
    fn try_from(r: RawYearMonth) -> Result<YearMonth, String> {
        YearMonth::new(r.year, r.month)
            .ok_or_else(|| format!("no such month: {}-{}", r.year, r.month))
    }
}

impl From<YearMonth> for RawYearMonth {
    fn from(ym: YearMonth) -> RawYearMonth {
        RawYearMonth {
            year: ym.year,
            month: ym.month,
        }
    }
}

impl YearMonth {
    /// The month, if it is one of years 1–9999.
    pub fn new(year: i32, month: u32) -> Option<YearMonth> {
        Date::new(year, month, 1).map(Date::year_month)
    }
    /// The calendar year.
    pub fn year(self) -> i32 {
        self.year
    }
    /// The month, 1–12.
    pub fn month(self) -> u32 {
        self.month
    }
    /// The first day of the month.
    pub fn first_day(self) -> Date {
        Date {
            year: self.year,
            month: self.month,
            day: 1,
        }
    }
    /// The era a month is named by: the one in force on its first day (1989-01 is 昭和64,
    /// though 平成 began on the 8th); `None` before 明治.
    pub fn era_year(self) -> Option<EraYear> {
        self.first_day().era_year()
    }
    /// As the 改定履歴 writes an edition: `R7(2025).3`, `H30(2018).3`, `S64(1989).1`;
    /// western digits alone before 明治 (`1868.1`).
    pub fn revision_label(self) -> String {
        match self.era_year() {
            Some(e) => format!("{}({}).{}", e.short(), self.year, self.month),
            None => format!("{}.{}", self.year, self.month),
        }
    }
    /// As the cover dates an edition: `令和7(2025)年3月`.
    pub fn wareki_label(self) -> String {
        match self.era_year() {
            Some(e) => format!("{e}({})年{}月", self.year, self.month),
            None => format!("{}年{}月", self.year, self.month),
        }
    }
}

/// `2026-03`.
impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// `YYYY-MM` (the month may have one digit).
impl FromStr for YearMonth {
    type Err = DateError;
    fn from_str(s: &str) -> Result<YearMonth, DateError> {
        let [y, m] = numbers::<2>(s)?;
        YearMonth::new(y as i32, m).ok_or(DateError::NoSuchDate)
    }
}

// --- eras ----------------------------------------------------------------------------------

/// A Japanese era (元号) since 明治.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Era {
    /// 明治, from 1868-01-25 (M).
    Meiji,
    /// 大正, from 1912-07-30 (T).
    Taisho,
    /// 昭和, from 1926-12-25 (S).
    Showa,
    /// 平成, from 1989-01-08 (H).
    Heisei,
    /// 令和, from 2019-05-01 (R).
    Reiwa,
}

impl Era {
    /// Every era, oldest first.
    pub const ALL: [Era; 5] = [Era::Meiji, Era::Taisho, Era::Showa, Era::Heisei, Era::Reiwa];

    /// The kanji name: `令和`.
    pub fn name(self) -> &'static str {
        match self {
            Era::Meiji => "明治",
            Era::Taisho => "大正",
            Era::Showa => "昭和",
            Era::Heisei => "平成",
            Era::Reiwa => "令和",
        }
    }
    /// The Latin initial of short labels: `R`.
    pub fn letter(self) -> char {
        match self {
            Era::Meiji => 'M',
            Era::Taisho => 'T',
            Era::Showa => 'S',
            Era::Heisei => 'H',
            Era::Reiwa => 'R',
        }
    }
    /// The era's first day (its 元年 begins that day).
    pub fn first_day(self) -> Date {
        let (year, month, day) = match self {
            Era::Meiji => (1868, 1, 25),
            Era::Taisho => (1912, 7, 30),
            Era::Showa => (1926, 12, 25),
            Era::Heisei => (1989, 1, 8),
            Era::Reiwa => (2019, 5, 1),
        };
        Date { year, month, day }
    }
    /// The era after this one.
    pub fn next(self) -> Option<Era> {
        Era::ALL.get(self as usize + 1).copied()
    }
    /// The era named by its kanji (`令和`) or its initial in either case (`R`, `r`).
    ///
    /// ```
    /// use koteihyo::fiscal::Era;
    /// assert_eq!(Era::from_name("平成"), Some(Era::Heisei));
    /// assert_eq!(Era::from_name("h"), Some(Era::Heisei));
    /// assert_eq!(Era::from_name("X"), None);
    /// ```
    pub fn from_name(s: &str) -> Option<Era> {
        Era::ALL.into_iter().find(|e| {
            s == e.name() || (s.len() == 1 && s.eq_ignore_ascii_case(&e.letter().to_string()))
        })
    }
    /// The calendar year of this era's year `number` (1 is 元年), or `None` when the era
    /// never had that year: `H31` is 2019, `H32` never was.
    ///
    /// ```
    /// use koteihyo::fiscal::Era;
    /// assert_eq!(Era::Heisei.western_year(31), Some(2019));
    /// assert_eq!(Era::Heisei.western_year(32), None);
    /// assert_eq!(Era::Reiwa.western_year(0), None);
    /// ```
    pub fn western_year(self, number: i32) -> Option<i32> {
        let year = self.first_day().year.checked_add(number.checked_sub(1)?)?;
        let last = self.next().map_or(i32::MAX, |n| n.first_day().year);
        (number >= 1 && year <= last).then_some(year)
    }
}

/// A year of an era: 令和7, 令和元.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EraYear {
    /// The era.
    pub era: Era,
    /// The year in the era; 1 is 元年.
    pub number: i32,
}

impl EraYear {
    /// The era of a fiscal year: the one in force at the end of the calendar year it starts
    /// in (2019 is 令和元, 1989 平成元, 1926 昭和元); `None` before 明治 (1868).
    ///
    /// ```
    /// use koteihyo::fiscal::EraYear;
    /// assert_eq!(EraYear::of_fiscal_year(2019).unwrap().to_string(), "令和元");
    /// assert_eq!(EraYear::of_fiscal_year(2018).unwrap().short(), "H30");
    /// ```
    pub fn of_fiscal_year(year: FiscalYear) -> Option<EraYear> {
        Date::new(year, 12, 31)?.era_year()
    }
    /// The short label: `R7`; an era's first year is `R1` (not `R元`).
    pub fn short(self) -> String {
        format!("{}{}", self.era.letter(), self.number)
    }
}

/// `令和7`, `令和元` for an era's first year.
impl fmt::Display for EraYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.number == 1 {
            write!(f, "{}元", self.era.name())
        } else {
            write!(f, "{}{}", self.era.name(), self.number)
        }
    }
}

// --- year notation ---------------------------------------------------------------------------

/// How a plan prints its years (the 計画 key `年の表記`): every printed year label follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum YearNotation {
    /// 和暦併記 (the default): `令和7(2025)年度` / `R7`.
    #[default]
    #[serde(rename = "和暦併記")]
    Both,
    /// 和暦: `令和7年度` / `R7`.
    #[serde(rename = "和暦")]
    Wareki,
    /// 西暦: `2025年度` / `2025`.
    #[serde(rename = "西暦")]
    Western,
}

impl YearNotation {
    /// Every notation with the word the 計画 sheet writes for it, default first.
    pub const ALL: [(YearNotation, &'static str); 3] = [
        (YearNotation::Both, "和暦併記"),
        (YearNotation::Wareki, "和暦"),
        (YearNotation::Western, "西暦"),
    ];

    /// The year as a heading prints it: `令和7(2025)年度`, `令和7年度`, `2025年度`.
    ///
    /// ```
    /// use koteihyo::fiscal::YearNotation::*;
    /// assert_eq!(Both.long(2025), "令和7(2025)年度");
    /// assert_eq!(Wareki.long(2019), "令和元年度");
    /// assert_eq!(Western.long(2025), "2025年度");
    /// ```
    pub fn long(self, year: FiscalYear) -> String {
        match self {
            YearNotation::Both => format!("{}年度", with_western(year)),
            YearNotation::Wareki => format!("{}年度", wareki(year)),
            YearNotation::Western => format!("{year}年度"),
        }
    }
    /// The short label of narrow columns and spans: `R7` (both 和暦 notations), `2025`.
    pub fn short(self, year: FiscalYear) -> String {
        match self {
            YearNotation::Both | YearNotation::Wareki => short(year),
            YearNotation::Western => year.to_string(),
        }
    }
    /// The lead column's heading, work up to and including `year`: `～令和6(2024)年度`.
    pub fn lead(self, year: FiscalYear) -> String {
        format!("～{}", self.long(year))
    }
    /// The end of a fiscal year, as the KPI tables head their columns: `令和7(2025)年度末`.
    pub fn year_end(self, year: FiscalYear) -> String {
        format!("{}末", self.long(year))
    }
    /// The fiscal year in a sentence: `令和7年度` (both 和暦 notations), `2025年度`.
    pub fn spoken(self, year: FiscalYear) -> String {
        match self {
            YearNotation::Both | YearNotation::Wareki => spoken(year),
            YearNotation::Western => format!("{year}年度"),
        }
    }
    /// A month as a cover or the plan's start prints it: `令和7(2025)年3月`, `令和7年3月`,
    /// `2025年3月` (the era in force on the month's first day).
    ///
    /// ```
    /// use koteihyo::fiscal::{YearMonth, YearNotation::*};
    /// let ym = YearMonth::new(2022, 12).unwrap();
    /// assert_eq!(Both.month(ym), "令和4(2022)年12月");
    /// assert_eq!(Wareki.month(ym), "令和4年12月");
    /// assert_eq!(Western.month(ym), "2022年12月");
    /// ```
    pub fn month(self, ym: YearMonth) -> String {
        match (self, ym.era_year()) {
            (YearNotation::Both, _) => ym.wareki_label(),
            (YearNotation::Wareki, Some(e)) => format!("{e}年{}月", ym.month),
            _ => format!("{}年{}月", ym.year, ym.month),
        }
    }
    /// A month as the 改定履歴 dates an edition: `R7(2025).3`, `R7.3`, `2025.3`.
    pub fn revision(self, ym: YearMonth) -> String {
        match (self, ym.era_year()) {
            (YearNotation::Both, _) => ym.revision_label(),
            (YearNotation::Wareki, Some(e)) => format!("{}.{}", e.short(), ym.month),
            _ => format!("{}.{}", ym.year, ym.month),
        }
    }
}

// --- fiscal-year labels ----------------------------------------------------------------------
//
// The free functions below print the default notation (和暦併記); a renderer prints through the
// plan's notation instead ([`YearNotation::long`] …, or its [`Period`]'s).

/// The 和暦 of a fiscal year: `令和7`, `令和元`, `平成30`; western digits before 明治.
///
/// ```
/// assert_eq!(koteihyo::fiscal::wareki(2019), "令和元");
/// assert_eq!(koteihyo::fiscal::wareki(1867), "1867");
/// ```
pub fn wareki(year: FiscalYear) -> String {
    EraYear::of_fiscal_year(year).map_or_else(|| year.to_string(), |e| e.to_string())
}

/// The short label: `R7`, `H30`, `R1`; western digits before 明治.
///
/// ```
/// assert_eq!(koteihyo::fiscal::short(2025), "R7");
/// assert_eq!(koteihyo::fiscal::short(2018), "H30");
/// ```
pub fn short(year: FiscalYear) -> String {
    EraYear::of_fiscal_year(year).map_or_else(|| year.to_string(), EraYear::short)
}

/// The era year with the western year: `令和7(2025)`.
pub fn with_western(year: FiscalYear) -> String {
    format!("{}({year})", wareki(year))
}

/// The long label of the printed roadmap: `令和7(2025)年度`.
///
/// ```
/// assert_eq!(koteihyo::fiscal::long(2019), "令和元(2019)年度");
/// ```
pub fn long(year: FiscalYear) -> String {
    format!("{}年度", with_western(year))
}

/// The lead column's label, work up to and including `year`: `～令和6(2024)年度`
/// (full-width tilde, as printed).
pub fn lead(year: FiscalYear) -> String {
    format!("～{}", long(year))
}

/// The end of a fiscal year, as the KPI tables head their columns: `令和7(2025)年度末`.
pub fn year_end(year: FiscalYear) -> String {
    format!("{}末", long(year))
}

/// The fiscal year in words, as a sentence says it: `令和7年度`.
pub fn spoken(year: FiscalYear) -> String {
    format!("{}年度", wareki(year))
}

// --- the plan period and spans ------------------------------------------------------------------

/// The plan period and how its years are printed. The chart has a lead column (`～R6`) for
/// work up to `first - 1` unless the plan says 計画前の列 なし, then one column per fiscal
/// year `first..=last`. Every column heading and span takes the plan's 年の表記 from here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    /// The first plan year, e.g. `2025` (R7).
    pub first: FiscalYear,
    /// The last plan year, inclusive, e.g. `2029` (R11).
    pub last: FiscalYear,
    /// 年の表記: how every year label of the plan is printed.
    #[serde(default, skip_serializing_if = "is_default")]
    pub years: YearNotation,
    /// 計画前の列: the chart has the lead column for work begun before the plan.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub lead: bool,
}

/// Serde: leave a default notation out of `roadmap.json`.
fn is_default(years: &YearNotation) -> bool {
    *years == YearNotation::default()
}
/// Serde: the lead column is there unless said.
fn yes() -> bool {
    true
}
/// Serde: leave the default lead column out of `roadmap.json`.
fn is_true(b: &bool) -> bool {
    *b
}

impl Default for Period {
    fn default() -> Self {
        Period {
            first: 2025,
            last: 2029,
            years: YearNotation::default(),
            lead: true,
        }
    }
}

impl Period {
    /// The lead column's share of the columns: 1 with it, 0 without.
    fn lead_columns(&self) -> i32 {
        i32::from(self.lead)
    }
    /// Number of chart columns, the lead column included (6 for R7–R11, 5 without it).
    pub fn columns(&self) -> u32 {
        (self.last - self.first + 1 + self.lead_columns()).max(1) as u32
    }
    /// The chart column a fiscal year falls in: 0 for the lead column (anything before
    /// `first`), `None` after `last` and, in a plan without the lead column, before `first`.
    pub fn column_of(&self, year: FiscalYear) -> Option<u32> {
        if year > self.last || (year < self.first && !self.lead) {
            None
        } else if year < self.first {
            Some(0)
        } else {
            Some((year - self.first + self.lead_columns()) as u32)
        }
    }
    /// The fiscal year a column stands for (the lead column stands for `first - 1`).
    pub fn year_of_column(&self, column: u32) -> FiscalYear {
        self.first - self.lead_columns() + column as FiscalYear
    }
    /// Whether `column` is the lead column.
    pub fn is_lead(&self, column: u32) -> bool {
        self.lead && column == 0
    }
    /// A column's short label: `～R6` for the lead column, `R7` … after it.
    ///
    /// ```
    /// let p = koteihyo::fiscal::Period::default();
    /// assert_eq!(p.column_short(0), "～R6");
    /// assert_eq!(p.column_short(1), "R7");
    /// ```
    pub fn column_short(&self, column: u32) -> String {
        self.columns_span(column, column).short()
    }
    /// A column's heading as printed: `～令和6(2024)年度`, `令和7(2025)年度` ….
    ///
    /// ```
    /// let p = koteihyo::fiscal::Period::default();
    /// assert_eq!(p.column_long(0), "～令和6(2024)年度");
    /// assert_eq!(p.column_long(5), "令和11(2029)年度");
    /// ```
    pub fn column_long(&self, column: u32) -> String {
        let year = self.year_of_column(column);
        if self.is_lead(column) {
            self.years.lead(year)
        } else {
            self.years.long(year)
        }
    }
    /// The period as the cover and colophon print it: `R7（2025）～R11（2029）` (和暦併記),
    /// `令和7年度～令和11年度`, `2025年度～2029年度`; from `start` (計画開始年月) when the
    /// plan gives its month.
    ///
    /// ```
    /// use koteihyo::fiscal::{Period, YearMonth, YearNotation};
    /// let p = Period { first: 2022, last: 2026, years: YearNotation::Western, lead: false };
    /// assert_eq!(p.label(None), "2022年度～2026年度");
    /// assert_eq!(p.label(YearMonth::new(2022, 12)), "2022年12月～2026年度");
    /// assert_eq!(Period::default().label(None), "R7（2025）～R11（2029）");
    /// ```
    pub fn label(&self, start: Option<YearMonth>) -> String {
        let years = self.years;
        match (start, years) {
            (Some(month), _) => format!("{}～{}", years.month(month), years.long(self.last)),
            (None, YearNotation::Both) => format!(
                "{}（{}）～{}（{}）",
                short(self.first),
                self.first,
                short(self.last),
                self.last
            ),
            (None, _) => format!("{}～{}", years.long(self.first), years.long(self.last)),
        }
    }
    /// The span of fiscal years `start..=end` as the chart shows it: years before the period
    /// collapse into the lead column, so `2020..=2024` and `2024..=2024` are the same span
    /// (into the first year in a plan without it).
    pub fn span(&self, start: FiscalYear, end: FiscalYear) -> Span {
        let lead = self.first - self.lead_columns();
        let (first, last) = (start.max(lead), end.max(lead));
        Span {
            first,
            last,
            from_lead: self.lead && first == lead,
            years: self.years,
        }
    }
    /// The span of chart columns `first..=last` (column 0 is the lead column, if any).
    pub fn columns_span(&self, first: u32, last: u32) -> Span {
        Span {
            first: self.year_of_column(first),
            last: self.year_of_column(last.max(first)),
            from_lead: self.is_lead(first),
            years: self.years,
        }
    }
}

/// What the arrow at the right end of a bar reaching the last year column means: one value
/// for every edition, drawn, written in the legend and spoken the same way.
///
/// ```
/// use koteihyo::fiscal::{Arrow, Period};
/// let p = Period::default();
/// let to_end = p.span(2026, 2029);
/// assert_eq!(Arrow::ToPlanEnd.spoken(p, to_end), "令和8年度から令和11年度まで");
/// assert_eq!(Arrow::BeyondPlan.spoken(p, to_end), "令和8年度から令和11年度まで、以降も継続");
/// assert_eq!(Arrow::BeyondPlan.spoken(p, p.span(2026, 2027)), "令和8年度から令和9年度まで");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Arrow {
    /// 計画期間の終わりまで: the bar runs to the plan's last year (the default).
    #[default]
    ToPlanEnd,
    /// 計画期間の後も継続: the work goes on after the plan period.
    BeyondPlan,
}

impl Arrow {
    /// The meaning as a legend writes it: 「計画期間の終わりまで」, 「計画期間の後も継続」.
    pub fn meaning(self) -> &'static str {
        match self {
            Arrow::ToPlanEnd => "計画期間の終わりまで",
            Arrow::BeyondPlan => "計画期間の後も継続",
        }
    }
    /// The printed legend's entry for a bar with an arrow head: 「矢印: 計画期間の終わりまで続く」,
    /// 「矢印: 計画期間の後も継続」.
    pub fn legend(self) -> &'static str {
        match self {
            Arrow::ToPlanEnd => "矢印: 計画期間の終わりまで続く",
            Arrow::BeyondPlan => "矢印: 計画期間の後も継続",
        }
    }
    /// `span` in a sentence ([`Span::spoken`]), with 「、以降も継続」 when the arrow means the
    /// work goes on and the span reaches the plan's last year.
    pub fn spoken(self, period: Period, span: Span) -> String {
        match self {
            Arrow::BeyondPlan if span.last >= period.last => {
                format!("{}、以降も継続", span.spoken())
            }
            _ => span.spoken(),
        }
    }
}

/// A run of fiscal years as the chart shows it, from [`Period::span`] or
/// [`Period::columns_span`].
///
/// ```
/// let p = koteihyo::fiscal::Period::default();
/// assert_eq!(p.span(2026, 2028).short(), "R8～R10");
/// assert_eq!(p.span(2026, 2028).spoken(), "令和8年度から令和10年度まで");
/// assert_eq!(p.span(2020, 2025).short(), "～R7");
/// assert_eq!(p.span(2020, 2025).spoken(), "計画期間より前から令和7年度まで");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    /// The first year shown (the lead column's year when `from_lead`).
    pub first: FiscalYear,
    /// The last year.
    pub last: FiscalYear,
    /// Starts in the lead column: the work began before the plan period.
    pub from_lead: bool,
    /// How the plan prints its years.
    pub years: YearNotation,
}

impl Span {
    /// `～R6` (the lead column only), `～R7` (from before the period through R7), `R8` (one
    /// year), `R8～R11`.
    pub fn short(&self) -> String {
        let short = |y| self.years.short(y);
        if self.from_lead {
            format!("～{}", short(self.last))
        } else if self.first == self.last {
            short(self.first)
        } else {
            format!("{}～{}", short(self.first), short(self.last))
        }
    }
    /// The span in a sentence (the web edition reads these aloud): 「令和6年度まで」 (the
    /// lead column alone), 「計画期間より前から令和8年度まで」 (begun before the plan),
    /// 「令和8年度」, 「令和7年度から令和9年度まで」.
    pub fn spoken(&self) -> String {
        let spoken = |y| self.years.spoken(y);
        if self.from_lead && self.first == self.last {
            format!("{}まで", spoken(self.last))
        } else if self.from_lead {
            format!("計画期間より前から{}まで", spoken(self.last))
        } else if self.first == self.last {
            spoken(self.first)
        } else {
            format!("{}から{}まで", spoken(self.first), spoken(self.last))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> Date {
        Date::new(y, m, d).unwrap()
    }
    fn era(y: i32, m: u32, d: u32) -> String {
        date(y, m, d).era_year().unwrap().to_string()
    }

    #[test]
    fn era_boundaries_are_exact() {
        assert_eq!(era(2019, 4, 30), "平成31");
        assert_eq!(era(2019, 5, 1), "令和元");
        assert_eq!(era(1989, 1, 7), "昭和64");
        assert_eq!(era(1989, 1, 8), "平成元");
        assert_eq!(era(1926, 12, 24), "大正15");
        assert_eq!(era(1926, 12, 25), "昭和元");
        assert_eq!(era(1912, 7, 29), "明治45");
        assert_eq!(era(1912, 7, 30), "大正元");
        assert_eq!(era(1868, 1, 25), "明治元");
        assert_eq!(date(1868, 1, 24).era_year(), None);
    }

    #[test]
    fn fiscal_years_take_the_era_of_their_calendar_year_end() {
        assert_eq!(wareki(2025), "令和7");
        assert_eq!(wareki(2019), "令和元");
        assert_eq!(wareki(2018), "平成30");
        assert_eq!(wareki(1989), "平成元");
        assert_eq!(wareki(1988), "昭和63");
        assert_eq!(wareki(1926), "昭和元");
        assert_eq!(wareki(1912), "大正元");
        assert_eq!(wareki(1868), "明治元");
        assert_eq!(wareki(1867), "1867");
        assert_eq!(short(2019), "R1");
        assert_eq!(short(1900), "M33");
        assert_eq!(long(2018), "平成30(2018)年度");
        assert_eq!(lead(2024), "～令和6(2024)年度");
        assert_eq!(year_end(2023), "令和5(2023)年度末");
        assert_eq!(with_western(2024), "令和6(2024)");
        assert_eq!(spoken(2025), "令和7年度");
    }

    #[test]
    fn era_years_exist_only_within_their_era() {
        assert_eq!(Era::Meiji.western_year(45), Some(1912));
        assert_eq!(Era::Meiji.western_year(46), None);
        assert_eq!(Era::Taisho.western_year(15), Some(1926));
        assert_eq!(Era::Showa.western_year(64), Some(1989));
        assert_eq!(Era::Showa.western_year(65), None);
        assert_eq!(Era::Reiwa.western_year(1), Some(2019));
        assert_eq!(Era::Reiwa.western_year(i32::MAX), None);
        assert_eq!(Era::Reiwa.western_year(i32::MIN), None);
        for e in Era::ALL {
            assert_eq!(Era::from_name(e.name()), Some(e));
            assert_eq!(
                Era::from_name(&e.letter().to_ascii_lowercase().to_string()),
                Some(e)
            );
        }
    }

    #[test]
    fn revision_dates_use_the_era_of_their_month() {
        let ym = |y, m| YearMonth::new(y, m).unwrap();
        assert_eq!(ym(2025, 3).revision_label(), "R7(2025).3");
        assert_eq!(ym(2018, 3).revision_label(), "H30(2018).3");
        assert_eq!(ym(1989, 1).revision_label(), "S64(1989).1");
        assert_eq!(ym(1989, 2).revision_label(), "H1(1989).2");
        assert_eq!(ym(2019, 4).revision_label(), "H31(2019).4");
        assert_eq!(ym(2019, 5).revision_label(), "R1(2019).5");
        assert_eq!(ym(1868, 1).revision_label(), "1868.1");
        assert_eq!(ym(2025, 3).wareki_label(), "令和7(2025)年3月");
        assert_eq!(ym(2019, 4).wareki_label(), "平成31(2019)年4月");
    }

    #[test]
    fn dates_and_months_parse_strictly() {
        assert_eq!("2026-03-31".parse(), Ok(date(2026, 3, 31)));
        assert_eq!("2028-02-29".parse(), Ok(date(2028, 2, 29)));
        assert_eq!("2026-02-29".parse::<Date>(), Err(DateError::NoSuchDate));
        assert_eq!("2026-3-1".parse(), Ok(date(2026, 3, 1)));
        for bad in [
            "",
            "2026/03/31",
            "2026-03",
            "2026-03-31-1",
            "+2026-03-31",
            "2026-003-01",
        ] {
            assert_eq!(bad.parse::<Date>(), Err(DateError::Format), "{bad:?}");
        }
        assert_eq!("2026-03".parse(), Ok(YearMonth::new(2026, 3).unwrap()));
        assert_eq!("2026-13".parse::<YearMonth>(), Err(DateError::NoSuchDate));
        assert_eq!("2026-00".parse::<YearMonth>(), Err(DateError::NoSuchDate));
        assert_eq!("2026/03".parse::<YearMonth>(), Err(DateError::Format));
        assert_eq!("2026-3x".parse::<YearMonth>(), Err(DateError::Format));
        assert_eq!(date(2026, 3, 1).to_string(), "2026-03-01");
    }

    #[test]
    fn day_counts() {
        assert_eq!(date(1970, 1, 1).days(), 0);
        assert_eq!(date(2000, 3, 1).days(), 11_017);
        assert_eq!(Date::from_days(date(1, 1, 1).days()), Some(date(1, 1, 1)));
        assert_eq!(
            Date::from_days(date(9999, 12, 31).days()),
            Some(date(9999, 12, 31))
        );
        assert_eq!(Date::from_days(date(1, 1, 1).days() - 1), None);
        assert_eq!(Date::from_days(date(9999, 12, 31).days() + 1), None);
        assert_eq!(Date::from_days(i64::MIN), None);
        assert_eq!(Date::from_days(i64::MAX), None);
        assert_eq!(date(2026, 3, 31).fiscal_year(), 2025);
        assert_eq!(date(2025, 4, 1).fiscal_year(), 2025);
    }

    #[test]
    fn excel_serials() {
        let s = Date::from_excel_serial;
        assert_eq!(s(1.0), Some(date(1900, 1, 1)));
        assert_eq!(s(59.0), Some(date(1900, 2, 28)));
        assert_eq!(s(60.0), None);
        assert_eq!(s(61.0), Some(date(1900, 3, 1)));
        assert_eq!(s(25569.0), Some(date(1970, 1, 1)));
        assert_eq!(s(45748.75), Some(date(2025, 4, 1)));
        assert_eq!(s(46112.0), Some(date(2026, 3, 31)));
        assert_eq!(s(45351.0), Some(date(2024, 2, 29)));
        assert_eq!(s(2_958_465.0), Some(date(9999, 12, 31)));
        for bad in [0.0, 0.5, -1.0, 2_958_466.0, 1e300, f64::NAN, f64::INFINITY] {
            assert_eq!(s(bad), None, "{bad}");
        }
    }

    #[test]
    fn period_columns() {
        let p = Period::default();
        assert_eq!(p.columns(), 6);
        assert_eq!(p.column_of(2020), Some(0));
        assert_eq!(p.column_of(2025), Some(1));
        assert_eq!(p.column_of(2029), Some(5));
        assert_eq!(p.column_of(2030), None);
        assert_eq!(p.year_of_column(0), 2024);
    }

    #[test]
    fn a_plan_without_the_lead_column_in_western_years() {
        let p = Period {
            first: 2022,
            last: 2026,
            years: YearNotation::Western,
            lead: false,
        };
        assert_eq!(p.columns(), 5);
        assert_eq!(p.column_of(2021), None);
        assert_eq!(p.column_of(2022), Some(0));
        assert_eq!(p.column_of(2026), Some(4));
        assert_eq!(p.year_of_column(0), 2022);
        assert_eq!(p.column_long(0), "2022年度");
        assert_eq!(p.column_short(4), "2026");
        assert_eq!(p.columns_span(0, 2).short(), "2022～2024");
        assert_eq!(p.span(2023, 2023).spoken(), "2023年度");
        assert!(!p.columns_span(0, 0).from_lead);
        let ym = YearMonth::new(2025, 3).unwrap();
        assert_eq!(YearNotation::Western.revision(ym), "2025.3");
        assert_eq!(YearNotation::Wareki.revision(ym), "R7.3");
        assert_eq!(YearNotation::Both.revision(ym), "R7(2025).3");
        assert_eq!(YearNotation::Wareki.long(2025), "令和7年度");
        assert_eq!(YearNotation::Wareki.lead(2024), "～令和6年度");
        assert_eq!(YearNotation::Western.year_end(2025), "2025年度末");
    }

    #[test]
    fn periods_and_spans() {
        let p = Period::default();
        assert_eq!(p.label(None), "R7（2025）～R11（2029）");
        assert_eq!(p.column_short(0), "～R6");
        assert_eq!(p.column_long(1), "令和7(2025)年度");
        assert_eq!(p.span(2020, 2024).short(), "～R6");
        assert_eq!(p.span(2024, 2025).short(), "～R7");
        assert_eq!(p.span(2026, 2026).short(), "R8");
        assert_eq!(p.span(2026, 2029).short(), "R8～R11");
        assert_eq!(p.span(2019, 2022), p.span(2024, 2024));
        assert_eq!(p.columns_span(0, 0).short(), "～R6");
        assert_eq!(p.columns_span(2, 5).short(), "R8～R11");
        assert_eq!(p.columns_span(3, 1).short(), "R9");
        assert_eq!(p.span(2025, 2027).spoken(), "令和7年度から令和9年度まで");
        assert_eq!(p.span(2026, 2026).spoken(), "令和8年度");
        assert_eq!(p.span(2000, 2024).spoken(), "令和6年度まで");
    }
}
