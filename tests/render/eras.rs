//! Years and eras as the renderers print them, away from 令和: a plan period across the 平成
//! → 令和 change and a 改定履歴 reaching back to 昭和 (issue #14: 「R0(2018).3」 and
//! 「R-29(1989).1」 were printed).

use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use koteihyo::model::{Period, Revision, Roadmap, YearMonth};
use koteihyo::render::pdf::layout::layout;
use koteihyo::render::pdf::{render, PdfOptions};
use koteihyo::render::xlsx::{self, XlsxOptions};

use crate::pdf_support;

/// The fixture with the plan period H29–R3 (2017–2021) and four editions, the last in 令和元年.
fn heisei_roadmap() -> Roadmap {
    let mut rm = pdf_support::roadmap();
    rm.plan.period = Period {
        first: 2017,
        last: 2021,
        ..Default::default()
    };
    let edition = |y, m, text: &str| Revision {
        date: YearMonth::new(y, m).expect("a month"),
        text: text.to_string(),
    };
    rm.plan.revisions = vec![
        edition(2019, 5, "改元に伴う改定"),
        edition(1989, 1, "旧計画策定"),
        edition(2018, 3, "ロードマップ策定"),
        edition(2019, 4, "ローリングによる改定"),
    ];
    rm
}

/// Every text the PDF layout places, in page order, one per element.
fn pdf_texts(rm: &Roadmap) -> Vec<String> {
    let doc = layout(rm, &PdfOptions::default()).output;
    doc.pages
        .iter()
        .flat_map(|p| p.texts())
        .map(|t| t.text.clone())
        .collect()
}

#[test]
fn the_pdf_names_every_year_and_edition_in_its_own_era() {
    let texts = pdf_texts(&heisei_roadmap());
    let has = |s: &str| texts.iter().any(|t| t == s);
    // The chart's year header, across the change of era on 2019-05-01.
    for heading in [
        "～平成28(2016)年度",
        "平成29(2017)年度",
        "平成30(2018)年度",
        "令和元(2019)年度",
        "令和2(2020)年度",
        "令和3(2021)年度",
    ] {
        assert!(has(heading), "no chart heading {heading}");
    }
    // The cover: the period and the latest edition's month.
    assert!(has("H29（2017）～R3（2021）"), "no period on the cover");
    assert!(has("令和元(2019)年5月"), "no edition date on the cover");
    // The 改定履歴, in date order, each month in the era of its first day.
    let history: Vec<&String> = texts
        .iter()
        .filter(|t| t.contains(").") && t.len() < 16)
        .collect();
    assert_eq!(
        history,
        ["S64(1989).1", "H30(2018).3", "H31(2019).4", "R1(2019).5"],
        "改定履歴"
    );
    assert!(!texts.iter().any(|t| t.contains("R0(") || t.contains("R-")));
}

#[test]
fn the_workbook_heads_its_year_columns_in_their_own_era() {
    let bytes = xlsx::render(&heisei_roadmap(), &[], &XlsxOptions::default()).expect("render");
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("open");
    let range = book.worksheet_range("工程一覧").expect("工程一覧");
    let header: Vec<String> = range
        .rows()
        .next()
        .expect("a header row")
        .iter()
        .filter_map(|c| match c {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    let years: Vec<&str> = header
        .iter()
        .map(String::as_str)
        .filter(|h| h.starts_with(['～', 'H', 'R']))
        .collect();
    assert_eq!(years, ["～H28", "H29", "H30", "R1", "R2", "R3"]);
}

/// Writes the H29–R3 fixture to /tmp/eras.pdf to look at:
/// `cargo test --test render eras -- --ignored`.
#[test]
#[ignore]
fn write_eras_pdf() {
    let out = render(&heisei_roadmap(), &PdfOptions::default()).expect("render");
    std::fs::write("/tmp/eras.pdf", &out.output).expect("write /tmp/eras.pdf");
}
