//! The plan's own words, headings, numbering and depth in every output (issue #27): the
//! second plan (分野 / 施策 / 取組, 部局, numbers as written, no 取り組み項目 level, its own
//! headings) built end to end; each output is read back and must speak in the plan's terms,
//! print `1-2` where 高山市's plan prints `(1)②`, and print each line once.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use koteihyo::model::Roadmap;
use koteihyo::render::pdf::document::Document;
use koteihyo::render::pdf::layout::layout;
use koteihyo::render::pdf::{progress, PdfOptions};

use crate::support;
use support::*;

/// The receipt's header row (0-based): title, three lines of summary, one spare row above.
const RECEIPT_HEADER_ROW: u32 = 5;

/// The plan's headings, and 高山市's built-in ones that must not appear instead.
const OWN_HEADINGS: [&str; 4] = ["施策体系", "取組の工程", "計画全体のKPI", "施策ごとのKPI"];
const BUILT_IN: [&str; 4] = [
    "目指す姿及び取り組みの体系",
    "ロードマップ",
    "DX推進計画全般のKPI",
    "取り組みの柱毎のKPI",
];

/// The second plan with a second department that re-lists 1-2's line under 2-1, so that a
/// 再掲 tag names its original by the plan's own label.
fn second_plan_input(dir: &Path) {
    support::second_plan(dir);
    let grid = vec![
        second_plan_grid_header(&[]),
        vec![
            S("2"),
            S("2-1"),
            S("2-1-1 DX研修の実施"),
            S("実証（再掲）"),
            S("本格導入（再掲）"),
        ],
    ];
    write_xlsx(&dir.join("02_人事課.xlsx"), &[sheet("工程表", grid)]);
}

/// The second plan built into `name`/out and its templates into `name`/tpl.
fn second_plan_built(name: &str) -> PathBuf {
    let dir = temp_dir(name);
    let input = dir.join("input");
    std::fs::create_dir_all(&input).expect("dir");
    second_plan_input(&input);
    build_and_template(&dir);
    dir
}

fn second_roadmap(name: &str) -> Roadmap {
    let dir = temp_dir(name);
    second_plan_input(&dir);
    load(&dir).roadmap
}

fn texts(doc: &Document) -> Vec<String> {
    doc.pages
        .iter()
        .flat_map(|p| p.texts())
        .map(|t| t.text.clone())
        .collect()
}

fn count(texts: &[String], s: &str) -> usize {
    texts.iter().filter(|t| *t == s).count()
}

#[test]
fn roadmap_pdf_speaks_in_the_plan_s_words() {
    let rm = second_roadmap("plan_words_pdf");
    let texts = texts(&layout(&rm, &PdfOptions::default()).output);
    let has = |s: &str| texts.iter().any(|t| t.contains(s));
    for h in OWN_HEADINGS {
        assert!(has(h), "no heading {h}");
    }
    for h in BUILT_IN {
        assert!(!has(h), "built-in heading {h}");
    }
    // A KPI of a policy says which policy, under the plan's word for the level.
    let kpi_policy = texts.iter().position(|t| t == "施策");
    assert!(
        kpi_policy.is_some_and(|i| texts[i + 1] == "1-1 行政手続のオンライン化"),
        "KPI of 1-1 without its policy: {texts:?}"
    );
    // The plan writes no はじめに and no 目指す姿: no empty page, 目次 entry or box for them.
    assert!(!has("はじめに") && !has("目指す姿"), "{texts:?}");
    // The 凡例 names the plan's levels, and no 取り組み項目 level it does not have.
    assert!(texts.iter().any(|t| t == "取組"), "legend: 取組");
    assert!(!has("取り組み項目"), "取り組み項目 printed");
    // Labels as written, a space before the name; the 再掲 tag names 1-2.
    assert!(
        texts.iter().any(|t| t == "1-2 業務の効率化"),
        "policy title"
    );
    assert!(!has("(1)") && !has("②") && !has("11-2"), "symbols printed");
    assert!(
        texts.iter().any(|t| t.starts_with("再掲 1-2")),
        "no 「再掲 1-2」 tag: {texts:?}"
    );
    // Each line once: as its bar, never again as an item row above it.
    assert_eq!(count(&texts, "対象手続の拡大"), 1, "{texts:?}");
    assert_eq!(count(&texts, "研修の実施"), 1, "{texts:?}");
}

#[test]
fn progress_pdf_speaks_in_the_plan_s_words() {
    let mut rm = second_roadmap("plan_words_progress");
    crate::pdf_tagged_progress::report_all(&mut rm);
    let doc = progress::layout(&rm, &PdfOptions::default()).expect("progress");
    let texts = texts(&doc.output);
    let has = |s: &str| texts.iter().any(|t| t.contains(s));
    assert!(has("工程の進捗"), "{texts:?}");
    assert!(has("1-2 業務の効率化"), "{texts:?}");
    assert!(texts.iter().any(|t| t == "部局"), "{texts:?}");
    for built_in in ["取り組み項目", "担当課", "(1)①", "11-2"] {
        assert!(!has(built_in), "{built_in} printed");
    }
}

#[test]
fn roadmap_html_speaks_in_the_plan_s_words() {
    let dir = second_plan_built("plan_words_html");
    let page = std::fs::read_to_string(dir.join("out/roadmap.html")).expect("page");
    let page = page.replace("<wbr aria-hidden=\"true\">", "");
    for h in OWN_HEADINGS {
        assert!(page.contains(h), "no heading {h}");
    }
    for h in BUILT_IN {
        assert!(!page.contains(h), "built-in heading {h}");
    }
    assert!(page.contains(">1-2 業務の効率化<"), "policy heading");
    assert!(
        !page.contains("はじめに") && !page.contains("目指す姿"),
        "empty parts"
    );
    assert!(!page.contains("取り組み項目"), "取り組み項目 printed");
    assert!(page.contains("再掲元の施策番号"), "legend");
    // Each line once: its bar, no item cell of the same text.
    assert_eq!(page.matches(">対象手続の拡大<").count(), 1);
}

fn workbook(path: &Path) -> Xlsx<Cursor<Vec<u8>>> {
    let bytes = std::fs::read(path).expect("workbook");
    open_workbook_from_rs(Cursor::new(bytes)).expect("xlsx")
}

/// The non-empty texts of row `row` (0-based) of `sheet`.
fn row_texts(book: &mut Xlsx<Cursor<Vec<u8>>>, sheet: &str, row: u32) -> Vec<String> {
    let range = book.worksheet_range(sheet).expect(sheet);
    range
        .cells()
        .filter(|(r, _, _)| *r as u32 + range.start().map_or(0, |s| s.0) == row)
        .filter_map(|(_, _, v)| match v {
            Data::String(s) if !s.is_empty() => Some(s.clone()),
            _ => None,
        })
        .collect()
}

fn all_texts(book: &mut Xlsx<Cursor<Vec<u8>>>, sheet: &str) -> Vec<String> {
    let range = book.worksheet_range(sheet).expect(sheet);
    range
        .cells()
        .filter_map(|(_, _, v)| match v {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn kpi_xlsx_and_receipts_speak_in_the_plan_s_words() {
    let dir = second_plan_built("plan_words_xlsx");
    let mut book = workbook(&dir.join("out/kpi.xlsx"));
    let head = row_texts(&mut book, "工程一覧", 0);
    assert_eq!(head[..4], ["分野", "施策", "取組", "工程"], "{head:?}");
    assert!(head.contains(&"部局".to_string()), "{head:?}");
    let steps = all_texts(&mut book, "工程一覧");
    assert_eq!(steps.iter().filter(|t| *t == "対象手続の拡大").count(), 1);
    assert!(steps.contains(&"1-2 業務の効率化".to_string()));
    let kpi = all_texts(&mut book, "KPI一覧");
    assert!(kpi.contains(&"◆計画全体のKPI".to_string()), "{kpi:?}");
    assert!(
        kpi.contains(&"施策 1-1 行政手続のオンライン化".to_string()),
        "KPI of 1-1 without its policy: {kpi:?}"
    );
    let summary = all_texts(&mut book, "集計");
    for word in ["分野別", "部局別", "取組数"] {
        assert!(summary.contains(&word.to_string()), "{word}: {summary:?}");
    }
    let mut receipt = workbook(&dir.join("out/確認票/確認票_01_デジタル推進課.xlsx"));
    let head = row_texts(&mut receipt, "読み取り結果", RECEIPT_HEADER_ROW);
    assert_eq!(head[..3], ["分野", "施策", "取組"], "{head:?}");
    assert!(!head.iter().any(|h| h.contains("取り組み項目")), "{head:?}");
    let rows = all_texts(&mut receipt, "読み取り結果");
    assert_eq!(rows.iter().filter(|t| *t == "対象手続の拡大").count(), 1);
    assert!(rows.contains(&"1-2".to_string()), "{rows:?}");
}

#[test]
fn templates_are_headed_in_the_plan_s_words_and_read_back() {
    let dir = second_plan_built("plan_words_template");
    let mut book = workbook(&dir.join("tpl/01_デジタル推進課.xlsx"));
    let head = row_texts(&mut book, "工程表", 2);
    assert_eq!(head[..3], ["分野", "施策", "取組"], "{head:?}");
    assert!(!head.iter().any(|h| h.contains("取り組み項目")), "{head:?}");
    let row = row_texts(&mut book, "工程表", 3);
    assert_eq!(
        row[..4],
        ["1", "1-1", "1-1-1 電子申請の拡充", "対象手続の拡大"]
    );
    let guide = all_texts(&mut book, "説明").join("\n");
    assert!(guide.contains("分野・施策・取組"), "{guide}");
    // The templates read back as the plan: no error, and the first department's none at
    // all; the department with a re-listed (grey) row no warning either (its blank year
    // cells stay unfilled, not a grey run without a step).
    let (status, json) = check_json(&dir.join("tpl"));
    assert_eq!(status, 0, "{json}");
    let found: Vec<_> = all_findings(&json)
        .into_iter()
        .filter(|f| f.1 != "02_人事課.xlsx")
        .collect();
    assert!(found.is_empty(), "{found:?}");
    assert_eq!(findings(&json), vec![], "{json}");
}
