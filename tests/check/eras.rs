//! Fiscal years and eras (issue #14): every label a writer prints reads back as the year it
//! names, for every fiscal year from 明治元年 (1868) to 2100 and every month of them, and the
//! era boundaries are exact to the day. The writers all take their labels from
//! `koteihyo::fiscal`; the reader is `normalize::year`.

use koteihyo::fiscal::{self, Date, Era, Period, YearMonth};
use koteihyo::normalize::year::{parse_year_month, parse_year_text, YearText};
use proptest::prelude::*;

const FIRST: i32 = 1868;
const LAST: i32 = 2100;

fn year(y: i32) -> YearText {
    YearText::Year { year: y }
}

fn lead(y: i32) -> YearText {
    YearText::Lead { year: y }
}

fn date(y: i32, m: u32, d: u32) -> Date {
    Date::new(y, m, d).expect("a real day")
}

/// Every way the writers print fiscal year `y` (and the contract's other notations), with
/// what the reader must make of it.
fn notations(y: i32) -> Vec<(String, YearText)> {
    let short = fiscal::short(y);
    // A period that starts at `y`, and one whose lead column is `y`.
    let (starts, after) = (
        Period {
            first: y,
            last: y + 4,
            ..Default::default()
        },
        Period {
            first: y + 1,
            last: y + 5,
            ..Default::default()
        },
    );
    vec![
        (short.clone(), year(y)),
        (short.to_lowercase(), year(y)),
        (format!("{short}年度"), year(y)),
        (format!("{short}({y})"), year(y)),
        (format!("{short}年度末"), year(y)),
        (fiscal::wareki(y), year(y)),
        (fiscal::with_western(y), year(y)),
        (fiscal::long(y), year(y)),
        (fiscal::year_end(y), year(y)),
        (fiscal::spoken(y), year(y)),
        (y.to_string(), year(y)),
        (format!("{y}年度"), year(y)),
        (format!("FY{y}"), year(y)),
        (starts.column_short(1), year(y)),
        (starts.column_long(1), year(y)),
        (starts.span(y, y).short(), year(y)),
        (fiscal::lead(y), lead(y)),
        (format!("{short}以前"), lead(y)),
        (after.column_short(0), lead(y)),
        (after.column_long(0), lead(y)),
        (after.span(y - 3, y).short(), lead(y)),
    ]
}

#[test]
fn every_label_of_every_fiscal_year_reads_back() {
    for y in FIRST..=LAST {
        for (text, expected) in notations(y) {
            assert_eq!(
                parse_year_text(&text),
                Ok(expected),
                "{text:?} written for {y}"
            );
        }
    }
}

#[test]
fn spans_read_back_end_by_end() {
    for y in FIRST..=LAST - 3 {
        let p = Period {
            first: y,
            last: y + 3,
            ..Default::default()
        };
        let s = p.span(y + 1, y + 3);
        let short = s.short();
        let (a, b) = short.split_once('～').expect("two ends");
        assert_eq!(parse_year_text(a), Ok(year(y + 1)), "{short}");
        assert_eq!(parse_year_text(b), Ok(year(y + 3)), "{short}");
        // 「令和7年度から令和9年度まで」
        let spoken = s.spoken();
        let (a, b) = spoken
            .strip_suffix("まで")
            .and_then(|t| t.split_once("から"))
            .expect("から…まで");
        assert_eq!(parse_year_text(a), Ok(year(y + 1)), "{spoken}");
        assert_eq!(parse_year_text(b), Ok(year(y + 3)), "{spoken}");
        // From before the period: 「計画期間より前から令和9年度まで」 is the lead column
        // through y + 3.
        let from_lead = p.span(y - 5, y + 3);
        assert_eq!(from_lead.short(), format!("～{}", fiscal::short(y + 3)));
        assert_eq!(
            from_lead.spoken(),
            format!("計画期間より前から{}まで", fiscal::spoken(y + 3))
        );
    }
}

#[test]
fn every_revision_date_of_every_month_reads_back_in_its_own_era() {
    for y in FIRST..=LAST {
        for m in 1..=12 {
            let ym = YearMonth::new(y, m).expect("a month");
            for text in [ym.revision_label(), ym.wareki_label(), ym.to_string()] {
                assert_eq!(parse_year_month(&text), Some(ym), "{text:?}");
            }
            // Named by the era of its first day, with a number from 1 (never R0 or R-29).
            let era = date(y, m, 1).era_year();
            assert_eq!(ym.era_year(), era);
            if let Some(e) = era {
                assert!(e.number >= 1, "{ym}");
                assert!(ym.revision_label().starts_with(&e.short()), "{ym}");
            }
        }
    }
}

#[test]
fn the_issue_cases() {
    let ym = |y, m| YearMonth::new(y, m).unwrap();
    assert_eq!(ym(2018, 3).revision_label(), "H30(2018).3");
    assert_eq!(ym(1989, 1).revision_label(), "S64(1989).1");
    assert_eq!(ym(2025, 3).revision_label(), "R7(2025).3");
}

#[test]
fn era_boundaries_are_exact() {
    let named = |d: Date| d.era_year().map(|e| e.to_string());
    let cases = [
        (date(1868, 1, 24), None),
        (date(1868, 1, 25), Some("明治元")),
        (date(1912, 7, 29), Some("明治45")),
        (date(1912, 7, 30), Some("大正元")),
        (date(1926, 12, 24), Some("大正15")),
        (date(1926, 12, 25), Some("昭和元")),
        (date(1989, 1, 7), Some("昭和64")),
        (date(1989, 1, 8), Some("平成元")),
        (date(2019, 4, 30), Some("平成31")),
        (date(2019, 5, 1), Some("令和元")),
    ];
    for (d, want) in cases {
        assert_eq!(named(d).as_deref(), want, "{d}");
    }
    // The months of the issue: 2019-04 is 平成31年, 2019-05 令和元年.
    assert_eq!(
        YearMonth::new(2019, 4).unwrap().wareki_label(),
        "平成31(2019)年4月"
    );
    assert_eq!(
        YearMonth::new(2019, 5).unwrap().wareki_label(),
        "令和元(2019)年5月"
    );
    // Each era starts the day after the previous one ends.
    for pair in Era::ALL.windows(2) {
        let eve = Date::from_days(pair[1].first_day().days() - 1).unwrap();
        assert_eq!(eve.era_year().map(|e| e.era), Some(pair[0]), "{eve}");
    }
}

/// The days 1868-01-01 to 2100-12-31.
fn any_day() -> impl Strategy<Value = Date> {
    (date(FIRST, 1, 1).days()..=date(LAST, 12, 31).days())
        .prop_map(|n| Date::from_days(n).expect("in range"))
}

proptest! {
    #[test]
    fn a_day_is_named_by_the_era_in_force_and_its_name_reads_back(d in any_day()) {
        prop_assert_eq!(Date::from_days(d.days()), Some(d));
        let next = Date::from_days(d.days() + 1).unwrap();
        prop_assert!(next > d);
        match d.era_year() {
            None => prop_assert!(d < Era::Meiji.first_day()),
            Some(e) => {
                prop_assert!(e.era.first_day() <= d);
                if let Some(n) = e.era.next() {
                    prop_assert!(d < n.first_day());
                }
                prop_assert!(next.era_year() >= Some(e));
                // The era year, written as a 年度, is the calendar year of the day
                // (the outgoing era's number included: 平成31年度 is 2019).
                prop_assert_eq!(e.era.western_year(e.number), Some(d.year()));
                let written = format!("{e}年度");
                prop_assert_eq!(parse_year_text(&written), Ok(year(d.year())), "{}", written);
                prop_assert_eq!(parse_year_text(&e.short()), Ok(year(d.year())));
            }
        }
        let fy = if d.month() < 4 { d.year() - 1 } else { d.year() };
        prop_assert_eq!(d.fiscal_year(), fy);
        // Excel serials count the same days (from 1900-03-01, past Excel's fictitious leap day).
        if d >= date(1900, 3, 1) {
            let serial = d.days() + 25_569;
            prop_assert_eq!(Date::from_excel_serial(serial as f64), Some(d));
        }
    }
}
