//! The hierarchy cells: fill-down (by blank and by vertical merge), the ways pillars and
//! policies are written, unknown ones, and the department.

use crate::support;
use support::*;

/// (pillar number, policy number, initiative, item, department, steps) of every item.
fn tree(loaded: &koteihyo::pipeline::Loaded) -> Vec<(u32, u32, String, String, String, usize)> {
    let mut out = Vec::new();
    for p in &loaded.roadmap.pillars {
        for q in &p.policies {
            for i in &q.initiatives {
                for item in &i.items {
                    let steps = item.lines.iter().map(|l| l.steps.len()).sum();
                    out.push((
                        p.number,
                        q.number,
                        i.text.clone(),
                        item.text.clone(),
                        item.department.clone(),
                        steps,
                    ));
                }
            }
        }
    }
    out
}

fn node(
    p: u32,
    q: u32,
    ini: &str,
    item: &str,
    dept: &str,
    steps: usize,
) -> (u32, u32, String, String, String, usize) {
    (p, q, ini.into(), item.into(), dept.into(), steps)
}

#[test]
fn blank_hierarchy_cells_fill_down_whether_blank_by_hand_or_by_a_vertical_merge() {
    let dir = temp_dir("hierarchy_fill");
    plan(&dir, vec![]);
    let mut grid = sheet(
        "工程表",
        vec![
            grid_header(),
            // Rows 2–4: 柱 and 施策 merged down, 具体的な取り組み blank by hand.
            grid_row(
                [E, E, S("オンライン手続きの拡大"), S("電子申請の拡大")],
                vec![E, S("導入")],
            ),
            grid_row([E, E, E, E], vec![E, E, S("拡大")]),
            grid_row([E, E, E, S("電子納付")], vec![E, S("検討")]),
            // Row 5: a new 施策 in the same (merged) 柱, its own initiative.
            grid_row(
                [
                    E,
                    S("②"),
                    S("カードを取得しやすい環境の整備"),
                    S("出張申請"),
                ],
                vec![S("実施")],
            ),
            // Rows 6–7: 具体的な取り組み and 取り組み項目 merged down.
            grid_row([S("(2)"), S("①"), E, E], vec![E, S("試行"), S("本格導入")]),
            grid_row([E, E, E, E], vec![E, E, E, S("改善")]),
        ],
    );
    grid.merges = vec![
        (1, 0, 4, 0, "(1)"),
        (1, 1, 3, 1, "①"),
        (5, 2, 6, 2, "AIの活用"),
        (5, 3, 6, 3, "議事録作成支援"),
    ];
    write_xlsx(&dir.join("03_市民課.xlsx"), &[grid]);
    let (status, json) = check_json(&dir);
    assert_eq!(findings(&json), vec![], "{json:#}");
    assert_eq!(status, 0);
    let loaded = load(&dir);
    assert_eq!(
        tree(&loaded),
        vec![
            node(
                1,
                1,
                "オンライン手続きの拡大",
                "電子申請の拡大",
                "市民課",
                2
            ),
            node(1, 1, "オンライン手続きの拡大", "電子納付", "市民課", 1),
            node(
                1,
                2,
                "カードを取得しやすい環境の整備",
                "出張申請",
                "市民課",
                1
            ),
            node(2, 1, "AIの活用", "議事録作成支援", "市民課", 3),
        ]
    );
    // The rows below a merge are lines of the same item.
    let item = &loaded.roadmap.pillars[1].policies[0].initiatives[0].items[0];
    assert_eq!(item.lines.len(), 2);
    assert_eq!(spans(&loaded).last(), Some(&("改善".to_string(), 3, 5)));
}

#[test]
fn pillars_and_policies_are_accepted_in_every_written_form() {
    let dir = temp_dir("hierarchy_forms");
    plan(&dir, vec![]);
    let pillars = [
        "(1)",
        "1",
        "（１）",
        "(1) “便利・快適” ～DXによる 市民サービスの向上～",
        "便利・快適",
    ];
    let policies = [
        "①",
        "1",
        "①行政手続きのオンライン化の推進",
        "行政手続きのオンライン化の推進",
        "①",
    ];
    let mut rows = vec![list_header()];
    for (k, (p, q)) in pillars.iter().zip(policies).enumerate() {
        rows.push(list_row(
            [
                S(p),
                S(q),
                S("オンライン手続きの拡大"),
                T(format!("項目{k}")),
            ],
            E,
            S("導入"),
            S("R7"),
            S("R7"),
        ));
    }
    // Policy ② by name, in pillar (1) written as a number cell.
    rows.push(list_row(
        [
            N(1.0),
            S("マイナンバーカードの普及・活用促進"),
            S("カードを取得しやすい環境の整備"),
            S("出張申請"),
        ],
        E,
        S("実施"),
        S("R8"),
        S("R8"),
    ));
    write_xlsx(&dir.join("03_市民課.xlsx"), &[sheet("一覧", rows)]);
    let (status, json) = check_json(&dir);
    assert_eq!(findings(&json), vec![], "{json:#}");
    assert_eq!(status, 0);
    let loaded = load(&dir);
    let mut expected: Vec<_> = (0..5)
        .map(|k| {
            node(
                1,
                1,
                "オンライン手続きの拡大",
                &format!("項目{k}"),
                "市民課",
                1,
            )
        })
        .collect();
    expected.push(node(
        1,
        2,
        "カードを取得しやすい環境の整備",
        "出張申請",
        "市民課",
        1,
    ));
    assert_eq!(tree(&loaded), expected);
}

#[test]
fn an_unknown_pillar_or_policy_is_an_error_quoting_it() {
    let dir = temp_dir("hierarchy_unknown");
    plan(&dir, vec![]);
    let rows = vec![
        grid_header(),
        grid_row(
            [S("(9)"), S("①"), S("オンライン手続きの拡大"), S("電子申請")],
            vec![E, S("導入")],
        ),
        grid_row(
            [S("安心・安全"), S("①"), S("防災"), S("防災アプリ")],
            vec![E, S("導入")],
        ),
        grid_row(
            [S("(2)"), S("③"), S("AIの活用"), S("AI-OCR")],
            vec![E, S("導入")],
        ),
        grid_row(
            [S("(2)"), S("業務の見える化"), S("AIの活用"), S("RPA")],
            vec![E, S("導入")],
        ),
    ];
    write_xlsx(&dir.join("03_市民課.xlsx"), &[sheet("工程表", rows)]);
    let (status, json) = check_json(&dir);
    assert_eq!(
        findings(&json),
        vec![
            finding("pillar-unknown", "error", "A2"),
            finding("pillar-unknown", "error", "A3"),
            finding("policy-unknown", "error", "B4"),
            finding("policy-unknown", "error", "B5"),
        ],
        "{json:#}"
    );
    assert_eq!(
        messages(&json, "pillar-unknown"),
        vec![
            "柱「(9)」は計画の枠組みにありません",
            "柱「安心・安全」は計画の枠組みにありません",
        ]
    );
    assert_eq!(
        messages(&json, "policy-unknown"),
        vec![
            "施策「③」は柱(2)にありません",
            "施策「業務の見える化」は柱(2)にありません",
        ]
    );
    assert_eq!(status, 1);
    assert_eq!(json["summary"]["errors"], 4);
}

#[test]
fn the_department_is_the_tantouka_column_or_else_the_file_stem() {
    let dir = temp_dir("hierarchy_department");
    plan(&dir, vec![]);
    let mut header = grid_header();
    header.push(S("担当課"));
    let row = |item: &'static str, dept: C| {
        let mut r = grid_row(
            [S("(1)"), S("①"), S("オンライン手続きの拡大"), S(item)],
            vec![E, S("導入"), E, E, E, E, E],
        );
        r.push(dept);
        r
    };
    write_xlsx(
        &dir.join("03_市民課.xlsx"),
        &[sheet(
            "工程表",
            vec![header, row("電子申請", S("情報政策課")), row("電子納付", E)],
        )],
    );
    for (file, item) in [
        ("10.教育委員会.xlsx", "学校連絡"),
        ("3-税務課.xlsx", "電子申告"),
        ("健康推進課.xlsx", "健診予約"),
    ] {
        write_xlsx(
            &dir.join(file),
            &[sheet(
                "工程表",
                vec![
                    grid_header(),
                    grid_row(
                        [S("(1)"), S("①"), S("オンライン手続きの拡大"), S(item)],
                        vec![E, S("導入")],
                    ),
                ],
            )],
        );
    }
    let (status, json) = check_json(&dir);
    assert_eq!(findings(&json), vec![], "{json:#}");
    assert_eq!(status, 0);
    let loaded = load(&dir);
    let departments: Vec<(String, String)> = loaded
        .roadmap
        .steps()
        .map(|(_, s)| (s.source.file.clone(), s.department.clone()))
        .collect();
    assert_eq!(
        departments,
        vec![
            ("03_市民課.xlsx".to_string(), "情報政策課".to_string()),
            ("03_市民課.xlsx".to_string(), "市民課".to_string()),
            ("10.教育委員会.xlsx".to_string(), "教育委員会".to_string()),
            ("3-税務課.xlsx".to_string(), "税務課".to_string()),
            ("健康推進課.xlsx".to_string(), "健康推進課".to_string()),
        ]
    );
}
