//! input/ against the published roadmap: counts, every text and column, the KPI figures, and
//! `check` finding only the published document's own inconsistencies.

use crate::support;

use koteihyo::model::{KpiCategory, KpiValue, Roadmap};
use koteihyo::normalize::text::join_broken_line;

const REFERENCE: &str = include_str!("../reference-takayama-r7-r11.txt");

fn input() -> koteihyo::pipeline::Loaded {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("input");
    support::load(&dir)
}

/// The reference's chart lines, as (pillar header, policy title, line), page furniture
/// (repeated headers, legend, year header) dropped. Initiative and item lines are their text
/// and five tabs; step lines are six tab-separated fields, one per year column.
fn reference_lines() -> Vec<(String, String, String)> {
    let lines: Vec<&str> = REFERENCE.lines().collect();
    let start = lines.iter().position(|l| *l == "《凡例》").expect("legend") - 2;
    let kpi: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.starts_with("重要業績評価指標"))
        .map(|(i, _)| i)
        .collect();
    let end = kpi[1];
    let (mut pillar, mut policy) = (String::new(), String::new());
    let mut out = Vec::new();
    for l in &lines[start..end] {
        let first = l.chars().next().unwrap_or(' ');
        if l.trim().is_empty()
            || ["《凡例》", "≪凡例≫"].contains(l)
            || l.starts_with("～令和6")
            || (!l.contains('\t')
                && ["計画本文における", "取り組み項目", "主な工程"]
                    .iter()
                    .any(|w| l.starts_with(w)))
        {
            continue;
        }
        if l.starts_with('(') && l.contains('“') {
            pillar = l.to_string();
        } else if ('①'..='⑤').contains(&first) {
            // Printed policy titles sometimes carry a space after the number.
            policy = l.replacen(' ', "", 1);
        } else {
            // The published PDF's text keeps a space where a line broke inside a cell
            // (「デザインの リニューアル」); the model joins those, as normalising does.
            let fields: Vec<String> = l
                .split('\t')
                .map(|f| join_broken_line(f).unwrap_or_else(|| f.to_string()))
                .collect();
            out.push((pillar.clone(), policy.clone(), fields.join("\t")));
        }
    }
    out
}

/// The same lines rebuilt from the model: where every text sits and which column each step
/// starts in.
fn model_lines(r: &Roadmap) -> Vec<(String, String, String)> {
    let columns = r.plan.period.columns() as usize;
    let mut out = Vec::new();
    for p in &r.pillars {
        let header = format!("{} {} {}", p.label, p.title, p.subtitle);
        for q in &p.policies {
            let title = format!("{}{}", q.label, q.title);
            let mut push = |s: String| out.push((header.clone(), title.clone(), s));
            let blank = "\t".repeat(columns - 1);
            for i in &q.initiatives {
                push(format!("{}{blank}", i.text));
                for item in &i.items {
                    push(format!("{}{blank}", item.text));
                    for line in &item.lines {
                        let mut fields = vec![String::new(); columns];
                        for s in &line.steps {
                            fields[s.start.column as usize] = s.text.clone();
                        }
                        push(fields.join("\t"));
                    }
                }
            }
        }
    }
    out
}

#[test]
fn every_text_of_the_published_roadmap_is_in_the_model_in_its_place() {
    let loaded = input();
    let expected = reference_lines();
    let actual = model_lines(&loaded.roadmap);
    for (i, (e, a)) in expected.iter().zip(&actual).enumerate() {
        assert_eq!(a, e, "chart line {i} differs");
    }
    assert_eq!(actual.len(), expected.len());
}

#[test]
fn counts_match_the_published_roadmap() {
    let r = input().roadmap;
    let policies: usize = r.pillars.iter().map(|p| p.policies.len()).sum();
    let initiatives = r
        .pillars
        .iter()
        .flat_map(|p| &p.policies)
        .map(|q| q.initiatives.len())
        .sum::<usize>();
    let items: Vec<_> = r
        .pillars
        .iter()
        .flat_map(|p| &p.policies)
        .flat_map(|q| &q.initiatives)
        .flat_map(|i| &i.items)
        .collect();
    let lines: usize = items.iter().map(|i| i.lines.len()).sum();
    // Counted from the reference text: a step is a non-empty field of a step line (see
    // input/README.md); initiatives and items are the text-only lines the reader identifies.
    assert_eq!(r.pillars.len(), 3);
    assert_eq!(policies, 14);
    assert_eq!(initiatives, 85);
    assert_eq!(items.len(), 125);
    assert_eq!(lines, 318);
    assert_eq!(r.steps().count(), 373);
    assert_eq!(r.kpis.len(), 7);
}

fn figures(r: &Roadmap, indicator: &str) -> (KpiCategory, String, Vec<String>, Vec<(i32, f64)>) {
    let k = r
        .kpis
        .iter()
        .find(|k| k.indicator == indicator)
        .unwrap_or_else(|| panic!("no KPI {indicator}"));
    let base = k
        .baseline
        .as_ref()
        .map(|b| format!("{}@{}", b.written, b.fiscal_year))
        .unwrap_or_default();
    let written = k
        .targets
        .iter()
        .map(|t| format!("{}@{}", t.written, t.fiscal_year))
        .collect();
    let numbers = k
        .targets
        .iter()
        .filter_map(|t| match t.value {
            KpiValue::Number(n) => Some((t.fiscal_year, n)),
            _ => None,
        })
        .collect();
    (k.category, base, written, numbers)
}

#[test]
fn the_seven_kpis_carry_their_published_figures() {
    let r = input().roadmap;
    let (cat, base, written, numbers) = figures(
        &r,
        "「地域におけるデジタル活用が進んでいる」と感じている市民の割合",
    );
    assert_eq!(cat, KpiCategory::General);
    assert_eq!(base, "39.2%@2024");
    assert_eq!(written, ["↑@2025", "↑@2026", "↑@2027", "↑@2028", "↑@2029"]);
    assert!(numbers.is_empty());
    let cases: [(&str, u32, &str, [f64; 5], &str); 6] = [
        ("オンラインで可能な行政手続きの種類", 1, "908種類@2023", [1300.0, 1600.0, 1900.0, 2200.0, 2500.0], "種類"),
        ("マイナンバーカードを活用したサービスの種類", 1, "5種類@2023", [6.0, 7.0, 8.0, 9.0, 10.0], "種類"),
        ("A I等先端技術の活用による業務時間削減数", 2, "850時間@2023", [1800.0, 2600.0, 3400.0, 4200.0, 5000.0], "時間"),
        ("プリンターやコピー機で印刷した紙の枚数", 2, "15,000千枚@2023", [14000.0, 13000.0, 12000.0, 11000.0, 10000.0], "千枚"),
        ("市民のデジタルリテラシー向上や産業・地域社会のDXを支える人材の育成につながる学習会などの数", 3, "19回@2023", [24.0, 28.0, 32.0, 36.0, 40.0], "回"),
        ("デジタル技術やデータを活用した地域課題の解決や産業活性化につながるプロジェクトの数", 3, "1種類@2023", [3.0, 5.0, 7.0, 9.0, 10.0], "種類"),
    ];
    for (indicator, pillar, baseline, targets, unit) in cases {
        let (cat, base, _, numbers) = figures(&r, indicator);
        assert_eq!(cat, KpiCategory::Pillar(pillar), "{indicator}");
        assert_eq!(base, baseline, "{indicator}");
        let expected: Vec<(i32, f64)> = (2025..=2029).zip(targets).collect();
        assert_eq!(numbers, expected, "{indicator}");
        let k = r
            .kpis
            .iter()
            .find(|k| k.indicator == indicator)
            .expect("kpi");
        assert_eq!(k.unit, unit);
        assert!(!k.rationale.is_empty());
    }
}

#[test]
fn check_on_input_finds_only_the_published_inconsistencies() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = support::koteihyo(&["check", "--format", "json", "--as-of", "2026-11-25"], dir);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    assert_eq!(json["summary"]["errors"], 0);
    let mut found: Vec<(String, String, String)> = support::findings(&json)
        .into_iter()
        .map(|(code, _, cell)| (code, cell, String::new()))
        .collect();
    let files: Vec<String> = json["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .filter(|d| d["severity"] == "warning")
        .map(|d| d["file"].as_str().unwrap_or("").to_string())
        .collect();
    for (f, file) in found.iter_mut().zip(files) {
        f.2 = file;
    }
    let expect =
        |code: &str, cell: &str, file: &str| (code.to_string(), cell.to_string(), file.to_string());
    let near = "relisting-near-miss";
    let sched = "relisting-schedule-differs";
    // Each one is listed, with the published text it concerns, in input/README.md.
    let expected = vec![
        expect(near, "E56", "01_情報政策課.xlsx"),
        expect(near, "E79", "01_情報政策課.xlsx"),
        expect(sched, "F21", "02_市民課.xlsx"),
        expect(sched, "F23", "02_市民課.xlsx"),
        expect(near, "F9", "05_総務課.xlsx"),
        expect(sched, "F10", "05_総務課.xlsx"),
        expect(near, "E12", "08_広報広聴課.xlsx"),
        expect(sched, "E14", "08_広報広聴課.xlsx"),
        expect(near, "E5", "10_市民活動推進課.xlsx"),
        expect(near, "F5", "12_高齢介護課.xlsx"),
        expect(sched, "F9", "14_健康推進課.xlsx"),
        expect(sched, "G10", "14_健康推進課.xlsx"),
        expect(sched, "G8", "15_観光課.xlsx"),
        expect(near, "E10", "16_商工課.xlsx"),
        expect(near, "E5", "18_都市計画課.xlsx"),
        expect(near, "E5", "20_水道課.xlsx"),
        expect(near, "F5", "22_消防本部.xlsx"),
        expect(near, "F10", "23_学校教育課.xlsx"),
    ];
    assert_eq!(found, expected);
    // Every warning quotes the published text it is about.
    for d in json["diagnostics"].as_array().expect("array") {
        if d["severity"] == "warning" {
            assert!(
                d["message"].as_str().unwrap_or("").contains("(再掲)")
                    || d["message"].as_str().unwrap_or("").contains("（再掲）"),
                "{d}"
            );
        }
    }
}

#[test]
fn a_department_checks_its_own_file_against_the_rest_of_input() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = support::koteihyo(
        &[
            "check",
            "input/02_市民課.xlsx",
            "--format",
            "json",
            "--as-of",
            "2026-11-25",
        ],
        dir,
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    // Its re-listings find their originals in other departments' files, and only its own
    // findings are reported.
    let found: Vec<(String, String, String)> = support::findings(&json);
    assert_eq!(
        found,
        vec![
            (
                "relisting-schedule-differs".to_string(),
                "warning".to_string(),
                "F21".to_string()
            ),
            (
                "relisting-schedule-differs".to_string(),
                "warning".to_string(),
                "F23".to_string()
            ),
        ]
    );
    assert_eq!(json["summary"]["files"], 1);
    for d in json["diagnostics"].as_array().expect("array") {
        assert_eq!(d["file"], "02_市民課.xlsx");
    }
}
