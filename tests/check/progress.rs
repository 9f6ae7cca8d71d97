//! 進捗 columns on small fixtures: the list layout, header synonyms and years, the 評価年度
//! from `--as-of`, two years on one sheet, a progress column on a sheet that is no roadmap,
//! and .xls / .ods submissions.

use crate::support::*;

use koteihyo::model::{Item, Status};

fn items(loaded: &koteihyo::pipeline::Loaded) -> Vec<Item> {
    loaded
        .roadmap
        .pillars
        .iter()
        .flat_map(|p| &p.policies)
        .flat_map(|q| &q.initiatives)
        .flat_map(|i| i.items.clone())
        .collect()
}

fn list_with(progress: [&'static str; 3]) -> Vec<C> {
    let mut h = list_header();
    h.extend(progress.map(S));
    h
}

#[test]
fn list_layout_reads_a_status_on_any_step_row_with_synonym_headers() {
    let dir = temp_dir("check_progress_list");
    plan(&dir, vec![]);
    let h = [
        S("(1)"),
        S("①"),
        S("オンライン手続きの拡大"),
        S("電子申請の拡大"),
    ];
    let blank = [E, E, E, E];
    let mut first = list_row(h, S("1"), S("対象手続きの拡大"), S("R7"), S("R8"));
    first.extend([E, E, S("手続きを12件追加"), E]);
    let mut second = list_row(blank, S("1"), S("全手続きの電子化"), S("R9"), S("継続"));
    second.extend([E, S("予定通り")]);
    write_xlsx(
        &dir.join("01_市民課.xlsx"),
        &[sheet(
            "工程表",
            vec![
                list_with(["進捗状況", "取組実績", "課題・今後の方向性"]),
                first,
                second,
            ],
        )],
    );
    let (status, json) = check_json(&dir);
    assert_eq!(status, 0, "{json:#}");
    assert_eq!(findings(&json), vec![]);
    let loaded = load(&dir);
    let p = items(&loaded)[0].progress.clone().expect("progress");
    assert_eq!(p.status, Some(Status::OnTrack));
    assert_eq!(p.written, "予定通り");
    assert_eq!(p.result, "手続きを12件追加");
    assert_eq!(p.source.cell, "J3");
    // No year in the headers, none in the plan: the last fiscal year ended before the
    // as-of date (2026-11-25 → R7).
    assert_eq!(p.year, Some(2025));
    let summary = &json["summary"]["progress"][0];
    assert_eq!(summary["statuses"]["順調"], 1);
    assert_eq!(summary["not_reported"], 0);
}

#[test]
fn two_years_in_the_headers_of_one_sheet_are_an_error() {
    let dir = temp_dir("check_progress_two_years");
    plan(&dir, vec![]);
    let mut header = grid_header();
    header.extend([S("令和7年度の進捗"), S("R8実績")]);
    let mut row = grid_row(
        [
            S("(1)"),
            S("①"),
            S("オンライン手続きの拡大"),
            S("電子申請の拡大"),
        ],
        vec![E, S("拡大"), E, E, E, E, E],
    );
    row.extend([S("順調"), S("12件追加")]);
    write_xlsx(
        &dir.join("01_市民課.xlsx"),
        &[sheet("工程表", vec![header, row])],
    );
    let (status, json) = check_json(&dir);
    assert_eq!(status, 1);
    assert_eq!(
        findings(&json),
        vec![finding("progress-year-conflict", "error", "M1")]
    );
    let msg = messages(&json, "progress-year-conflict");
    assert!(
        msg[0].contains("R8実績") && msg[0].contains("令和7年度の進捗"),
        "{msg:?}"
    );
    // The sheet's year is its first header's.
    let p = items(&load(&dir))[0].progress.clone().expect("progress");
    assert_eq!(p.year, Some(2025));
}

#[test]
fn a_progress_column_on_a_sheet_with_no_roadmap_is_a_warning() {
    let dir = temp_dir("check_progress_no_roadmap");
    plan(&dir, vec![]);
    let row = grid_row(
        [
            S("(1)"),
            S("①"),
            S("オンライン手続きの拡大"),
            S("電子申請の拡大"),
        ],
        vec![E, S("拡大"), E, E, E, E, E],
    );
    write_xlsx(
        &dir.join("01_市民課.xlsx"),
        &[
            sheet("工程表", vec![grid_header(), row]),
            sheet(
                "進捗報告",
                vec![
                    vec![S("取り組み項目"), S("進捗"), S("課題")],
                    vec![S("電子申請の拡大"), S("順調"), E],
                ],
            ),
        ],
    );
    let (_, json) = check_json(&dir);
    let got: Vec<_> = all_findings(&json)
        .into_iter()
        .filter(|(_, _, sheet, _)| sheet == "進捗報告")
        .map(|(code, _, _, cell)| (code, cell))
        .collect();
    assert_eq!(
        got,
        vec![
            ("sheet-no-header".to_string(), String::new()),
            ("progress-without-roadmap".to_string(), "B1".to_string()),
            ("progress-without-roadmap".to_string(), "C1".to_string()),
        ]
    );
    // No status column on the roadmap sheet: nothing to chase, no progress in the model.
    assert!(items(&load(&dir))[0].progress.is_none());
    assert!(json["summary"].get("progress").is_none());
}

#[test]
fn a_status_on_a_row_with_no_item_is_reported() {
    let dir = temp_dir("check_progress_no_item");
    plan(&dir, vec![]);
    let mut header = grid_header();
    header.push(S("進捗"));
    let mut row = grid_row(
        [S("(1)"), S("①"), S("オンライン手続きの拡大"), E],
        vec![E, E, E, E, E, E, E],
    );
    row.push(S("順調"));
    write_xlsx(
        &dir.join("01_市民課.xlsx"),
        &[sheet("工程表", vec![header, row])],
    );
    let (_, json) = check_json(&dir);
    assert!(
        findings(&json).contains(&finding("cell-ignored", "warning", "L2")),
        "{json:#}"
    );
}

/// The committed .xls and .ods (see tests/data/README.md): a list layout with `R7進捗`,
/// `R7実績`, `R7課題`; the second item is `△` with no 課題.
#[test]
fn xls_and_ods_submissions_carry_progress() {
    for name in ["progress.xls", "progress.ods"] {
        let dir = temp_dir(&format!("check_progress_{}", name.replace('.', "_")));
        plan(&dir, vec![]);
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
        std::fs::copy(
            data.join(name),
            dir.join(format!("01_市民課.{}", &name[9..])),
        )
        .expect("copy");
        let (_, json) = check_json(&dir);
        assert_eq!(
            findings(&json),
            vec![finding("progress-issue-missing", "warning", "I3")],
            "{name}: {json:#}"
        );
        let items = items(&load(&dir));
        let p = items[0].progress.clone().expect("progress");
        assert_eq!(
            (p.status, p.year, p.issue.as_str()),
            (Some(Status::Late), Some(2025), "利用者への周知が不足"),
            "{name}"
        );
        let q = items[1].progress.clone().expect("progress");
        assert_eq!((q.status, q.written.as_str()), (Some(Status::Late), "△"));
    }
}
