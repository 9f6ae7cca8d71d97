//! The second plan (issue #27) built end to end: its 年の表記 西暦 and 計画前の列 なし in
//! every output (roadmap.pdf, roadmap.html, kpi.xlsx, the templates), and its 矢印 in the
//! legends of both editions.

use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};

use crate::support::*;

/// Writes the second plan (with `extra` 計画 rows) into a fresh folder, builds it and writes
/// its templates; returns the folder (outputs in `out/`, templates in `tpl/`).
fn built(name: &str, extra: &[(&'static str, &'static str)]) -> std::path::PathBuf {
    let dir = temp_dir(name);
    let mut info = second_plan_info();
    info.extend(extra.iter().map(|(k, v)| vec![S(k), S(v)]));
    let input = dir.join("input");
    std::fs::create_dir_all(&input).expect("input folder");
    second_plan_with(&input, info);
    build_and_template(&dir);
    dir
}

/// The text of a PDF, pages in order.
fn pdf_text(path: &std::path::Path) -> String {
    let doc = lopdf::Document::load(path).expect("a PDF");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).expect("text")
}

/// The sheets of a workbook, in order.
fn sheet_names(path: &std::path::Path) -> Vec<String> {
    let bytes = std::fs::read(path).expect("workbook");
    let wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("xlsx");
    wb.sheet_names()
}

/// Every cell of a workbook's sheet, row by row.
fn sheet_rows(path: &std::path::Path, sheet: &str) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).expect("workbook");
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("xlsx");
    let range = wb.worksheet_range(sheet).expect("sheet");
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// No 和暦 and no lead column: 令和, `R4`-style labels and `～` before a year.
fn assert_western_only(what: &str, text: &str) {
    for bad in ["令和", "平成", "～2021", "～R", "R4", "R8"] {
        assert!(!text.contains(bad), "{what} prints {bad}");
    }
}

#[test]
fn the_second_plan_prints_western_years_without_the_lead_column() {
    let dir = built("plan_years_western", &[]);
    let out = dir.join("out");

    let pdf = pdf_text(&out.join("roadmap.pdf"));
    for year in ["2022年度", "2023年度", "2024年度", "2025年度", "2026年度"] {
        assert!(pdf.contains(year), "roadmap.pdf has no {year}");
    }
    assert!(
        pdf.contains("2022年12月～2026年度"),
        "the period from 計画開始年月"
    );
    assert!(!pdf.contains("2021年度"), "roadmap.pdf has a lead column");
    assert_western_only("roadmap.pdf", &pdf);

    let html = std::fs::read_to_string(out.join("roadmap.html")).expect("roadmap.html");
    for year in ["2022年度", "2026年度", "2022年12月～2026年度"] {
        assert!(html.contains(year), "roadmap.html has no {year}");
    }
    assert!(!html.contains("2021年度"), "roadmap.html has a lead column");
    assert_western_only("roadmap.html", &html);

    let kpi = out.join("kpi.xlsx");
    let headers = sheet_rows(&kpi, "KPI一覧").concat().join("|");
    assert!(
        headers.contains("2022年度末|2023年度末"),
        "kpi.xlsx: {headers}"
    );
    assert!(headers.contains("2026年度末"), "kpi.xlsx: {headers}");
    for name in sheet_names(&kpi) {
        let all = sheet_rows(&kpi, &name).concat().join("|");
        assert_western_only(&format!("kpi.xlsx sheet {name}"), &all);
    }

    let template = dir.join("tpl").join("01_デジタル推進課.xlsx");
    let names = sheet_names(&template);
    let header = sheet_rows(&template, &names[0])
        .into_iter()
        .find(|r| r.iter().any(|c| c.ends_with("年度")))
        .expect("a header row with years");
    let years: Vec<&String> = header.iter().filter(|c| c.contains("年度")).collect();
    assert_eq!(
        years,
        ["2022年度", "2023年度", "2024年度", "2025年度", "2026年度"],
        "template headers {header:?}"
    );
    for name in &names {
        let all = sheet_rows(&template, name).concat().join("|");
        assert_western_only(&format!("template sheet {name}"), &all);
    }

    let receipt = out.join("確認票").join("確認票_01_デジタル推進課.xlsx");
    for name in sheet_names(&receipt) {
        let all = sheet_rows(&receipt, &name).concat().join("|");
        assert_western_only(&format!("receipt sheet {name}"), &all);
    }
    let receipt = sheet_rows(&receipt, &sheet_names(&receipt)[0]).concat();
    assert!(
        receipt.join("|").contains("取組|2022年度|2023年度"),
        "receipt headers {receipt:?}"
    );

    // The progress columns of a template name the 評価年度 in the plan's notation.
    let run = koteihyo(
        &[
            "template",
            "--input",
            "input",
            "--output",
            "tpl_progress",
            "--progress",
            "2025",
            "--as-of",
            "2026-11-25",
        ],
        &dir,
    );
    assert_eq!(run.status, 0, "{}{}", run.stdout, run.stderr);
    let template = dir.join("tpl_progress").join("01_デジタル推進課.xlsx");
    let all = sheet_names(&template)
        .iter()
        .map(|n| sheet_rows(&template, n).concat().join("|"))
        .collect::<Vec<_>>()
        .join("|");
    assert!(all.contains("2025年度の進捗"), "{all}");
    assert_western_only("progress template", &all);
}

#[test]
fn the_arrow_key_changes_the_legend_of_both_editions() {
    let to_end = built("plan_years_arrow_default", &[]);
    let beyond = built("plan_years_arrow_beyond", &[("矢印", "計画期間の後も継続")]);
    let pdf = |dir: &std::path::Path| pdf_text(&dir.join("out").join("roadmap.pdf"));
    let html = |dir: &std::path::Path| {
        std::fs::read_to_string(dir.join("out").join("roadmap.html")).expect("roadmap.html")
    };
    assert!(pdf(&to_end).contains("計画期間の終わりまで"));
    assert!(!pdf(&to_end).contains("計画期間の後も継続"));
    assert!(pdf(&beyond).contains("計画期間の後も継続"));
    assert!(!pdf(&beyond).contains("計画期間の終わりまで"));
    assert!(html(&to_end).contains("計画期間の終わりまで"));
    let web = html(&beyond);
    assert!(web.contains("右端の矢印は計画期間の後も継続"), "web legend");
    // A bar reaching 2026 is read aloud as going on after the plan.
    assert!(
        web.contains("2026年度まで、以降も継続"),
        "web spoken period"
    );
    assert!(!web.contains("計画期間の終わりまで"));
}
