//! The third plan (issue #27's acceptance run): a town's plan with 和暦 only, four levels of
//! its own words (基本目標・施策・取組・事業), numbers as written (Ⅰ, Ⅰ-1), KPIs per 施策,
//! two departments writing as clerks do; every output is read in the plan's own terms.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use koteihyo::model::{KpiCategory, Numbering, YearNotation};
use koteihyo::render::pdf::layout::layout;
use koteihyo::render::pdf::PdfOptions;

use crate::support;
use support::*;

/// The third plan's folder, built into `name`/out and its templates into `name`/tpl.
fn third_plan_built(name: &str) -> PathBuf {
    let dir = temp_dir(name);
    let input = dir.join("input");
    std::fs::create_dir_all(&input).expect("dir");
    third_plan(&input);
    for run in build_and_template(&dir) {
        assert!(!run.stderr.contains("注意:"), "{}", run.stderr);
    }
    dir
}

/// Words of 高山市's plan, or of the built-in defaults, that this plan never uses.
const NOT_ITS_WORDS: [&str; 6] = [
    "柱",
    "取り組み項目",
    "具体的な取り組み",
    "(1)",
    "①",
    "令和11",
];

fn strings(path: &Path, sheet: &str) -> Vec<String> {
    let bytes = std::fs::read(path).expect("workbook");
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("xlsx");
    let range = book.worksheet_range(sheet).expect(sheet);
    range
        .cells()
        .filter_map(|(_, _, v)| match v {
            Data::String(s) if !s.is_empty() => Some(s.clone()),
            _ => None,
        })
        .collect()
}

/// The plan and both submissions are read as meant: no finding; each step under the 施策 its
/// row names (by label or by name), at the years written in any form; each KPI under its
/// own 施策 (`Ⅱ-1` is not `Ⅰ` + `Ⅰ-1`) with the 令和5年度 baseline.
#[test]
fn a_third_plan_is_read_as_written() {
    let dir = third_plan_built("plan_third_read");
    let (status, json) = check_json(&dir.join("input"));
    assert_eq!(status, 0, "{json}");
    assert_eq!(findings(&json), vec![], "{json}");
    let rm = load(&dir.join("input")).roadmap;
    let plan = &rm.plan;
    assert_eq!((plan.period.first, plan.period.last), (2024, 2028));
    assert_eq!(plan.period.years, YearNotation::Wareki);
    assert!(!plan.period.lead && plan.style.items);
    assert_eq!(plan.style.numbering, Numbering::AsWritten);
    let w = &plan.style.words;
    assert_eq!(
        [&w.pillar, &w.policy, &w.initiative, &w.item],
        ["基本目標", "施策", "取組", "事業"]
    );
    let mut steps = Vec::new();
    for p in &rm.pillars {
        for q in &p.policies {
            for i in &q.initiatives {
                for item in &i.items {
                    for line in &item.lines {
                        for s in &line.steps {
                            let years = (s.start.fiscal_year, s.end.fiscal_year);
                            steps.push((
                                q.label.clone(),
                                s.label.clone(),
                                years,
                                s.department.clone(),
                            ));
                        }
                    }
                }
            }
        }
    }
    let want = [
        ("Ⅰ-1", "導入・運用", (2025, 2028), "総務課"),
        ("Ⅰ-1", "検討", (2024, 2024), "住民課"),
        ("Ⅰ-1", "導入", (2025, 2028), "住民課"),
        ("Ⅰ-2", "試行", (2025, 2025), "住民課"),
        ("Ⅰ-2", "本格運用", (2026, 2028), "住民課"),
        ("Ⅰ-2", "導入・運用", (2025, 2028), "住民課"),
        ("Ⅱ-1", "システム選定", (2024, 2024), "総務課"),
        ("Ⅱ-1", "全庁運用", (2025, 2028), "総務課"),
    ];
    let want: Vec<_> = want
        .iter()
        .map(|(q, s, y, d)| (q.to_string(), s.to_string(), *y, d.to_string()))
        .collect();
    assert_eq!(steps, want);
    let kpis: Vec<_> = rm
        .kpis
        .iter()
        .map(|k| (k.category, k.baseline.as_ref().map(|b| b.fiscal_year)))
        .collect();
    assert_eq!(
        kpis,
        [
            (KpiCategory::Policy(1, 1), Some(2023)),
            (KpiCategory::Policy(2, 1), Some(2023)),
        ]
    );
    assert_eq!(rm.category_label(rm.kpis[1].category), "Ⅱ-1");
}

/// roadmap.pdf, the web page, kpi.xlsx and the templates print the plan's period, words,
/// headings and labels, and none of another plan's; the templates check clean; a plan
/// without 目指す姿 prints no empty vision box, so the PDF keeps its PDF/UA claim.
#[test]
fn a_third_plan_builds_in_its_own_terms() {
    let dir = third_plan_built("plan_third_build");
    let rm = load(&dir.join("input")).roadmap;
    let doc = layout(&rm, &PdfOptions::default());
    assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
    assert!(doc.output.metadata.accessible);
    let pdf: Vec<String> = doc
        .output
        .pages
        .iter()
        .flat_map(|p| p.texts())
        .map(|t| t.text.clone())
        .collect();
    let has = |s: &str| pdf.iter().any(|t| t.contains(s));
    for own in [
        "令和6年度～令和10年度",
        "施策の体系",
        "事業の工程",
        "Ⅱ-1 業務の効率化",
        "再掲 Ⅰ-1",
        "施策ごとの成果指標",
        "令和10年度",
        "取組",
        "事業",
    ] {
        assert!(has(own), "PDF lacks {own}: {pdf:?}");
    }
    for other in NOT_ITS_WORDS.iter().chain(&["目指す姿", "2024"]) {
        assert!(!has(other), "PDF prints {other}: {pdf:?}");
    }

    let page = std::fs::read_to_string(dir.join("out/roadmap.html")).expect("page");
    let page = page.replace("<wbr aria-hidden=\"true\">", "");
    for own in [
        "令和6年度～令和10年度",
        "事業の工程",
        ">Ⅱ-1 業務の効率化<",
        "（令和7年度から令和10年度まで）",
    ] {
        assert!(page.contains(own), "page lacks {own}");
    }
    for other in NOT_ITS_WORDS {
        assert!(!page.contains(other), "page prints {other}");
    }

    let steps = strings(&dir.join("out/kpi.xlsx"), "工程一覧");
    assert_eq!(
        steps[..4],
        ["基本目標", "施策", "取組", "事業"],
        "{steps:?}"
    );
    assert!(steps.contains(&"Ⅱ-1 業務の効率化".to_string()), "{steps:?}");
    let kpi = strings(&dir.join("out/kpi.xlsx"), "KPI一覧");
    assert!(kpi.contains(&"令和10年度末".to_string()), "{kpi:?}");

    let tpl = strings(&dir.join("tpl/02_住民課.xlsx"), "工程表");
    let head = ["基本目標", "施策", "取組", "事業", "令和6年度", "令和7年度"];
    assert!(tpl.windows(6).any(|w| w == head), "{tpl:?}");
    assert!(tpl.contains(&"情報発信の充実".to_string()) || tpl.contains(&"Ⅰ-2".to_string()));
    for other in NOT_ITS_WORDS {
        assert!(
            !tpl.iter().any(|t| t.contains(other)),
            "template prints {other}: {tpl:?}"
        );
    }
    let (status, json) = check_json(&dir.join("tpl"));
    assert_eq!(status, 0, "{json}");
    assert_eq!(findings(&json), vec![], "{json}");
}
