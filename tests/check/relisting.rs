//! 再掲: the four marker forms, matching by context (lines) and by text (items), ambiguity,
//! near misses, missing originals, differing schedules and unmarked duplicate items.

use crate::support;
use support::*;

const B: [C; 4] = [E, E, E, E];

/// 市民課: the originals, all under (1)① オンライン手続きの拡大.
fn originals() -> SheetSpec {
    let it = |name: &'static str| [S("(1)"), S("①"), S("オンライン手続きの拡大"), S(name)];
    sheet(
        "工程表",
        vec![
            grid_header(),
            grid_row(
                it("電子申請の拡大"),
                vec![
                    E,
                    S("情報収集・検討"),
                    S("検討結果を踏まえた対応"),
                    E,
                    S("導入"),
                ],
            ),
            grid_row(
                it("電子納付"),
                vec![E, S("情報収集・検討"), S("検討結果を踏まえた対応")],
            ),
            grid_row(it("キャッシュレス"), vec![E, S("情報収集・検討")]),
            grid_row(it("窓口予約"), vec![E, E, S("情報収集・検討")]),
            grid_row(
                it("AIによるやさしい日本語変換の提供"),
                vec![E, S("AIによるやさしい日本語変換の提供")],
            ),
            grid_row(it("窓口受付支援システムの導入"), vec![E, E, S("導入")]),
            grid_row(it("様式"), vec![E, S("例規改正")]),
            grid_row(B, vec![E, E, S("公式LINEの開設")]),
            grid_row(B, vec![E, E, E, S("メール配信の刷新")]),
            grid_row(B, vec![E, E, E, E, S("施設予約の拡大")]),
        ],
    )
}

/// 総務課: the re-listings, under (2)① AIの活用.
fn relistings() -> SheetSpec {
    let it = |name: &'static str| [S("(2)"), S("①"), S("AIの活用"), S(name)];
    sheet(
        "工程表",
        vec![
            grid_header(),
            grid_row(
                it("電子納付(再掲)"),
                vec![
                    E,
                    S("情報収集・検討(再掲)"),
                    S("検討結果を踏まえた対応(再掲)"),
                ],
            ),
            grid_row(it("共通"), vec![E, S("情報収集・検討(再掲)")]),
            grid_row(
                it("窓口受付支援システムの導入（再掲）"),
                vec![E, E, S("導入")],
            ),
            grid_row(it("様式の見直し"), vec![E, S("例規改正(再掲)")]),
            grid_row(B, vec![E, E, S("公式LINEの開設（再掲）")]),
            grid_row(B, vec![E, E, E, S("メール配信の刷新【再掲】")]),
            grid_row(B, vec![E, E, E, E, E, S("施設予約の拡大［再掲］")]),
            grid_row(
                it("やさしい日本語"),
                vec![E, S("AIやさしい日本語変換の提供(再掲)")],
            ),
            grid_row(B, vec![E, S("ドローン配送の実証(再掲)")]),
            grid_row(it("キャッシュレス"), vec![E, E, S("導入")]),
        ],
    )
}

fn fixture(name: &str) -> std::path::PathBuf {
    let dir = temp_dir(name);
    plan(&dir, vec![]);
    write_xlsx(&dir.join("03_市民課.xlsx"), &[originals()]);
    write_xlsx(&dir.join("07_総務課.xlsx"), &[relistings()]);
    dir
}

#[test]
fn relisting_findings_are_exact_and_generic_repeats_are_not_reported() {
    let dir = fixture("relisting_findings");
    let (status, json) = check_json(&dir);
    // 情報収集・検討 occurs four times unmarked in 市民課: that is not a finding.
    assert_eq!(
        findings(&json),
        vec![
            finding("relisting-ambiguous", "error", "F3"),
            finding("relisting-schedule-differs", "warning", "J8"),
            finding("relisting-near-miss", "warning", "F9"),
            finding("relisting-no-original", "error", "F10"),
            finding("item-duplicate-unmarked", "warning", "D11"),
        ],
        "{json:#}"
    );
    for d in json["diagnostics"].as_array().expect("array") {
        assert_eq!(d["file"], "07_総務課.xlsx", "on the re-listing's cell");
    }
    assert_eq!(status, 1);
    assert_eq!(
        messages(&json, "relisting-ambiguous"),
        vec!["再掲「情報収集・検討(再掲)」の元の記載が複数あり特定できません（(1)① 03_市民課.xlsx 工程表!F4; (1)① 03_市民課.xlsx 工程表!G5）"]
    );
    assert_eq!(
        messages(&json, "relisting-schedule-differs"),
        vec!["再掲「施設予約の拡大［再掲］」の期間（R11）が元の記載（(1)①、R10～R11）と異なります"]
    );
    assert_eq!(
        messages(&json, "relisting-near-miss"),
        vec!["再掲「AIやさしい日本語変換の提供(再掲)」の元の記載が見つかりません。(1)①の「AIによるやさしい日本語変換の提供」（03_市民課.xlsx 工程表!F6）のことですか"]
    );
    assert_eq!(
        messages(&json, "relisting-no-original"),
        vec!["再掲「ドローン配送の実証(再掲)」の元の記載がどこにもありません"]
    );
    assert_eq!(
        messages(&json, "item-duplicate-unmarked"),
        vec!["取り組み項目「キャッシュレス」が(1)①「オンライン手続きの拡大」 03_市民課.xlsx 工程表!D4にもあります。再掲であれば「(再掲)」を付けてください"]
    );
}

#[test]
fn relisted_lines_and_items_are_linked_to_their_originals() {
    let dir = fixture("relisting_links");
    let loaded = load(&dir);
    let ai = &loaded.roadmap.pillars[1].policies[0].initiatives[0];
    let cell = |r: &Option<koteihyo::model::Relisting>| {
        r.as_ref().map(|r| {
            (
                r.place.clone(),
                r.source.file.clone(),
                r.source.cell.clone(),
            )
        })
    };
    let at = |c: &str| {
        Some((
            "(1)①".to_string(),
            "03_市民課.xlsx".to_string(),
            c.to_string(),
        ))
    };
    // By context: the two-step line matches 電子納付's line, not the longer 電子申請 one.
    let nouhu = &ai.items[0];
    assert_eq!(cell(&nouhu.relisting), at("D3"), "item link");
    assert_eq!(cell(&nouhu.lines[0].relisting), at("F3"), "line link");
    let steps: Vec<_> = nouhu.lines[0]
        .steps
        .iter()
        .map(|s| cell(&s.relisting))
        .collect();
    assert_eq!(steps, vec![at("F3"), at("G3")]);
    // Ambiguous: never guessed.
    assert_eq!(cell(&ai.items[1].lines[0].relisting), None);
    // Item-level match; its unmarked step is not a re-listing.
    let madoguchi = &ai.items[2];
    assert_eq!(cell(&madoguchi.relisting), at("D7"));
    assert_eq!(cell(&madoguchi.lines[0].relisting), None);
    // All four marker forms.
    let forms: Vec<_> = ai.items[3]
        .lines
        .iter()
        .map(|l| (l.steps[0].relisted, cell(&l.steps[0].relisting)))
        .collect();
    assert_eq!(
        forms,
        vec![
            (true, at("F8")),
            (true, at("G9")),
            (true, at("H10")),
            (true, at("I11")),
        ]
    );
    let labels: Vec<&str> = ai.items[3]
        .lines
        .iter()
        .map(|l| l.steps[0].label.as_str())
        .collect();
    assert_eq!(
        labels,
        vec![
            "例規改正",
            "公式LINEの開設",
            "メール配信の刷新",
            "施設予約の拡大"
        ]
    );
    // Near miss and no original: not linked.
    let yasashii = &ai.items[4];
    assert!(yasashii
        .lines
        .iter()
        .all(|l| l.relisting.is_none() && l.steps[0].relisting.is_none()));
}
