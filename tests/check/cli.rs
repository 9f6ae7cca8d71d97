//! The `check` command: the JSON report's shape, languages, exit statuses, the human report
//! (golden file), and "nothing is dropped without a word".

use crate::support;
use std::path::{Path, PathBuf};

use support::*;

/// A folder with one of each severity: skipped file (info), unknown column (info), sheet
/// without header (warning), near miss (warning), unknown pillar and blank end (errors).
fn mixed(name: &str) -> PathBuf {
    let dir = temp_dir(name);
    plan(&dir, vec![]);
    std::fs::write(dir.join("メモ.txt"), "提出前に確認").expect("write");
    let mut header = grid_header();
    header.push(S("確認欄"));
    let grid = vec![
        header,
        grid_row(
            [S("(1)"), S("①"), S("オンライン手続きの拡大"), S("電子申請")],
            vec![E, S("AIによるやさしい日本語変換の提供")],
        ),
        grid_row(
            [S("(7)"), S("①"), S("防災"), S("防災アプリ")],
            vec![E, S("導入")],
        ),
    ];
    // The list sheet is another department's (one workbook holds one sheet per department).
    let mut lh = list_header();
    lh.push(S("担当課"));
    let department = |mut row: Vec<C>| {
        row.extend([E, S("情報政策課")]);
        row
    };
    let list = vec![
        lh,
        department(list_row(
            [S("(2)"), S("①"), S("AIの活用"), S("やさしい日本語")],
            E,
            S("AIやさしい日本語変換の提供(再掲)"),
            S("R7"),
            S("継続"),
        )),
        department(list_row(
            [E, E, E, E],
            E,
            S("議事録作成支援の導入"),
            S("R8"),
            E,
        )),
    ];
    write_xlsx(
        &dir.join("03_市民課.xlsx"),
        &[
            sheet("工程表", grid),
            sheet("一覧", list),
            sheet("メモ", vec![vec![S("連絡事項")]]),
        ],
    );
    dir
}

#[test]
fn the_json_report_has_the_shape_of_the_contract() {
    let dir = mixed("cli_json");
    let (status, json) = check_json(&dir);
    assert_eq!(status, 1);
    let keys = |v: &serde_json::Value| -> Vec<String> {
        v.as_object()
            .expect("object")
            .keys()
            .cloned()
            .collect::<Vec<_>>()
    };
    let mut top = keys(&json);
    top.sort();
    // The contract's two keys, the per-file accounting beside them (issue #8), and the
    // tally per department (issue #24).
    assert_eq!(top, vec!["departments", "diagnostics", "files", "summary"]);
    for d in json["diagnostics"].as_array().expect("array") {
        for k in ["severity", "code", "message", "file", "sheet", "cell"] {
            assert!(d.get(k).is_some(), "{k} missing in {d}");
        }
        assert!(["error", "warning", "info"].contains(&d["severity"].as_str().unwrap_or("")));
        assert!(d["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    let summary = &json["summary"];
    for k in ["files", "rows", "steps", "kpis", "errors", "warnings"] {
        assert!(summary[k].is_u64(), "summary.{k} in {summary}");
    }
    assert_eq!(
        summary,
        &serde_json::json!({"files": 2, "rows": 4, "steps": 3, "kpis": 0, "errors": 2, "warnings": 2})
    );
    assert_eq!(
        all_findings(&json),
        [
            // By file, then sheet name, then cell.
            ("sheet-no-header", "03_市民課.xlsx", "メモ", ""),
            ("relisting-near-miss", "03_市民課.xlsx", "一覧", "F2"),
            ("year-end-blank", "03_市民課.xlsx", "一覧", "F3"),
            ("column-unknown", "03_市民課.xlsx", "工程表", "L1"),
            ("pillar-unknown", "03_市民課.xlsx", "工程表", "A3"),
            ("file-skipped", "メモ.txt", "", ""),
        ]
        .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()))
    );
    // A file-level finding has no sheet and no cell.
    let last = json["diagnostics"]
        .as_array()
        .and_then(|a| a.last())
        .cloned();
    let last = last.expect("a diagnostic");
    assert!(last["sheet"].is_null() && last["cell"].is_null(), "{last}");
}

#[test]
fn lang_en_gives_english_messages_and_report() {
    let dir = mixed("cli_en");
    let (_, json) = check_json_with(&dir, &["--lang", "en"]);
    assert_eq!(
        messages(&json, "pillar-unknown"),
        vec!["pillar \"(7)\" is not in the plan frame"]
    );
    assert_eq!(
        messages(&json, "year-end-blank"),
        vec!["step \"議事録作成支援の導入\" has no end year"]
    );
    let run = koteihyo(
        &["check", ".", "--lang", "en", "--as-of", "2026-11-25"],
        &dir,
    );
    assert_eq!(run.status, 1);
    assert!(
        run.stdout
            .contains("checked 2 files, 4 rows, 3 steps, 0 KPIs: 2 errors, 2 warnings, 2 notes"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("error[pillar-unknown]"),
        "{}",
        run.stdout
    );
}

#[test]
fn exit_status_is_0_without_errors_1_with_errors_and_2_when_the_run_fails() {
    let clean = temp_dir("cli_clean");
    plan(&clean, vec![]);
    one_department(&clean);
    let status = |args: &[&str], dir: &Path| koteihyo(args, dir).status;
    assert_eq!(status(&["check", "."], &clean), 0);
    let dir = mixed("cli_status");
    assert_eq!(status(&["check", "."], &dir), 1);
    let missing = koteihyo(&["check", "存在しない"], &dir);
    assert_eq!(missing.status, 2);
    assert!(missing.stderr.contains("存在しない"), "{}", missing.stderr);
    assert_eq!(missing.stdout, "");
    for bad in [
        &["check", ".", "--format", "xml"][..],
        &["check", ".", "--lang", "fr"],
        &["check", ".", "--as-of", "2026-02-30"],
        &["check", ".", "--no-such-flag"],
        &["frobnicate"],
        &[],
    ] {
        assert_eq!(status(bad, &dir), 2, "{bad:?}");
    }
    // Without paths, check reads input/.
    assert_eq!(status(&["check"], &dir), 2, "no input/ here");
    let input = temp_dir("cli_default_input");
    std::fs::create_dir(input.join("input")).expect("mkdir");
    plan(&input.join("input"), vec![]);
    one_department(&input.join("input"));
    assert_eq!(status(&["check"], &input), 0);
}

#[test]
fn the_human_report_matches_the_golden_file_and_has_no_colour_when_piped() {
    let dir = mixed("cli_golden");
    let run = koteihyo(&["check", ".", "--as-of", "2026-11-25"], &dir);
    assert_eq!(run.status, 1);
    assert!(
        !run.stdout.contains('\x1b'),
        "no colour when not a terminal"
    );
    golden("check_report.txt", &run.stdout);
}

/// The text Excel shows for a fixture cell.
fn shown(c: &C) -> Option<String> {
    match c {
        S(s) => Some(s.to_string()),
        T(s) => Some(s.clone()),
        N(n) if n.fract() == 0.0 => Some(format!("{}", *n as i64)),
        N(n) => Some(n.to_string()),
        _ => None,
    }
}

fn strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

/// KPI cells the model holds as meaning rather than text: 全般, the 種別 (which list a value
/// went to) and a dash (no value).
fn kpi_meaning(kpis: &[koteihyo::model::Kpi], text: &str) -> bool {
    use koteihyo::model::KpiCategory;
    use koteihyo::normalize::kpi_value::{parse_kpi_value, KpiCell};
    match text {
        "全般" => kpis.iter().any(|k| k.category == KpiCategory::General),
        "計画" => kpis.iter().any(|k| !k.targets.is_empty()),
        "実績" => kpis.iter().any(|k| !k.actuals.is_empty()),
        t => parse_kpi_value(t) == Ok(KpiCell::None),
    }
}

#[test]
fn every_non_empty_cell_of_a_recognised_table_ends_up_in_the_model_or_a_diagnostic() {
    let dir = temp_dir("cli_every_cell");
    plan(&dir, vec![]);
    let mut gh = grid_header();
    gh.extend([S("担当課"), S("メモ")]);
    let mut grid = vec![vec![S("工程表（市民課）")], vec![], gh];
    let g = |h: [C; 4], years: Vec<C>, tail: Vec<C>| {
        let mut r = grid_row(h, years);
        r.resize(10, E);
        r.extend(tail);
        r
    };
    grid.extend([
        g(
            [S("(1)"), S("①"), S("オンライン手続きの拡大"), S("電子申請")],
            vec![
                S("検討(国の動向による)"),
                S("→"),
                S("導入"),
                E,
                S("運用（R9）"),
            ],
            vec![S("予算次第"), E, S("確認済")],
        ),
        g([E, E, E, E], vec![], vec![E, S("情報政策課")]),
        g([E, E, E, S("電子納付")], vec![], vec![S("次年度検討")]),
        {
            let mut r = g([E, E, E, E], vec![E, S("試行")], vec![]);
            r.resize(15, E);
            r.push(S("欄外のメモ"));
            r
        },
        g(
            [
                E,
                S("②"),
                S("カードを取得しやすい環境の整備"),
                S("出張申請"),
            ],
            vec![E, E, E, E, S("⇒"), S("拡充")],
            vec![E, S("市民課")],
        ),
        g([E, E, E, E], vec![E, E, E, E, E, S("→")], vec![]),
    ]);
    let mut grid_sheet = sheet("工程表", grid.clone());
    grid_sheet.merges = vec![(7, 6, 7, 7, "実施")];
    // The merge's text, where the check below looks for it.
    grid[7][6] = S("実施");
    let mut lh = list_header();
    lh.push(S("担当課"));
    let list = vec![
        lh,
        list_row(
            [S("(2)"), S("①"), S("AIの活用"), S("議事録")],
            S("1"),
            S("試行"),
            S("R7"),
            S("R7"),
        ),
        list_row([E, E, E, E], S("1"), S("導入"), N(2026.0), S("継続")),
        list_row([E, E, E, E], S("2"), E, E, E),
        {
            let mut r = list_row([E, E, E, E], E, E, E, E);
            r.extend([E, S("総務課")]);
            r
        },
        list_row([E, E, E, E], E, S("評価"), S("令和7(2026)"), S("R12")),
        list_row([E, E, E, E], E, S("電子申請の導入(再掲)"), E, E),
        {
            let mut r = list_row([E, E, E, S("文字起こし")], E, S("検証"), S("R9"), S("R9"));
            r.push(S("年度内"));
            r
        },
    ];
    let kh = vec![
        S("区分"),
        S("指標"),
        S("指標の考え方"),
        S("単位"),
        S("種別"),
        S("R5"),
        S("R7"),
        S("R8"),
    ];
    let kpi = vec![
        kh,
        vec![
            S("全般"),
            S("割合"),
            S("満足度"),
            S("%"),
            S("計画"),
            S("—"),
            N(40.0),
            N(45.0),
        ],
        vec![E, E, E, E, E, N(36.0), N(41.0)],
        vec![E, E, E, E, S("実績"), N(38.5)],
    ];
    // The list is 総務課's: two roadmap sheets of one department in one workbook would be
    // two sources of it.
    write_xlsx(&dir.join("03_市民課.xlsx"), &[grid_sheet]);
    write_xlsx(&dir.join("05_総務課.xlsx"), &[sheet("一覧", list.clone())]);
    write_xlsx(&dir.join("KPI.xlsx"), &[sheet("KPI", kpi.clone())]);
    let (_, json) = check_json(&dir);
    let loaded = load(&dir);
    let model = serde_json::to_value(&loaded.roadmap).expect("model as JSON");
    let mut said = Vec::new();
    strings(&model, &mut said);
    let diagnostics = json["diagnostics"].as_array().expect("array").clone();
    said.extend(
        diagnostics
            .iter()
            .filter_map(|d| d["message"].as_str().map(String::from)),
    );
    let at = |sheet: &str, cell: &str| {
        diagnostics
            .iter()
            .any(|d| d["sheet"] == sheet && d["cell"] == cell)
    };
    let unknown_column = |sheet: &str, col: usize, header_row: usize| {
        let cell = koteihyo::model::a1(header_row as u32, col as u32);
        diagnostics
            .iter()
            // A column of values under an unknown header is a warning, not an info alone.
            .any(|d| {
                d["code"] == "column-unknown-values" && d["sheet"] == sheet && d["cell"] == cell
            })
    };
    // A continuation mark is accounted for by the step whose bar runs over it.
    let under_a_bar = |row: usize, col: usize| {
        loaded.roadmap.steps().any(|(_, s)| {
            s.source.sheet == "工程表"
                && s.source.row as usize == row
                && (s.start.column as usize..=s.end.column as usize).contains(&(col - 4))
        })
    };
    let sheets: [(&str, Vec<Vec<C>>, usize); 3] =
        [("工程表", grid, 2), ("一覧", list, 0), ("KPI", kpi, 0)];
    let mut missing = Vec::new();
    for (name, rows, header_row) in sheets {
        for (r, row) in rows.iter().enumerate().skip(header_row + 1) {
            for (c, cell) in row.iter().enumerate() {
                let Some(text) = shown(cell) else { continue };
                let cell_a1 = koteihyo::model::a1(r as u32, c as u32);
                let covered = at(name, &cell_a1)
                    || unknown_column(name, c, header_row)
                    || said.iter().any(|s| s.contains(text.trim()))
                    || (name == "工程表"
                        && koteihyo::normalize::text::is_continuation(&text)
                        && under_a_bar(r, c))
                    || (name == "KPI" && kpi_meaning(&loaded.roadmap.kpis, &text));
                if !covered {
                    missing.push(format!("{name}!{cell_a1} 「{text}」"));
                }
            }
        }
    }
    assert_eq!(missing, Vec::<String>::new(), "{json:#}");
}
