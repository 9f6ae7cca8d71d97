//! The grid layout end to end: spans by the published convention, merges, continuation
//! marks, pinned years, fill-down.

mod support;
use support::*;

#[test]
fn grid_steps_take_their_spans_from_the_next_step_or_the_period_end() {
    let dir = temp_dir("grid_spans");
    plan(&dir, vec![]);
    let mut rows = vec![vec![S("提出様式（市民課）")], vec![], grid_header()];
    rows.push(vec![
        S("(1)"),
        S("①"),
        S("オンライン手続きの拡大"),
        S("オンライン申請可能な手続きの拡大"),
        S("情報収集・検討"),
        E,
        S("検討結果を踏まえた対応"),
    ]);
    rows.push(vec![E, E, E, E, E, S("導入"), S("→"), S("運用")]);
    rows.push(vec![E, E, E, E, S("デザインの リニューアル(R5)")]);
    write_xlsx(&dir.join("03_市民課.xlsx"), &[sheet("工程表", rows)]);
    let (status, json) = check_json(&dir);
    assert_eq!(findings(&json), vec![], "{json:#}");
    assert_eq!(status, 0);
    let loaded = load(&dir);
    let steps: Vec<(String, u32, u32, String)> = loaded
        .roadmap
        .steps()
        .map(|(_, s)| {
            (
                s.text.clone(),
                s.start.column,
                s.end.column,
                s.department.clone(),
            )
        })
        .collect();
    assert_eq!(
        steps,
        vec![
            ("情報収集・検討".into(), 0, 1, "市民課".into()),
            ("検討結果を踏まえた対応".into(), 2, 5, "市民課".into()),
            ("導入".into(), 1, 2, "市民課".into()),
            ("運用".into(), 3, 5, "市民課".into()),
            ("デザインの リニューアル(R5)".into(), 0, 0, "市民課".into()),
        ]
    );
    let pinned = loaded.roadmap.steps().last().map(|(_, s)| s.pinned);
    assert_eq!(pinned, Some(Some(2023)));
    assert_eq!(json["summary"]["steps"], 5);
    assert_eq!(json["summary"]["rows"], 3);
}
