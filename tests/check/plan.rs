//! The plan workbook: what every city's plan must say, and what it may choose
//! (docs/SUBMISSIONS.md, "The plan workbook: everything that differs between cities").

use crate::support::{self, *};

/// A plan whose 計画 sheet lacks its period is an error naming the missing key at the 計画
/// sheet, in both languages: no built-in period is drawn instead.
#[test]
fn a_plan_without_its_period_is_an_error() {
    let dir = temp_dir("plan_no_period");
    let info: Vec<Vec<C>> = plan_info()
        .into_iter()
        .filter(|row| !matches!(row.first(), Some(S(k)) if k.starts_with("計画終了年度")))
        .collect();
    support::plan_with(&dir, info, vec![], vec![]);
    one_department(&dir);
    let (status, json) = check_json(&dir);
    assert_eq!(status, 1, "{json}");
    let missing: Vec<_> = all_findings(&json)
        .into_iter()
        .filter(|f| f.0 == "plan-field-missing")
        .collect();
    assert_eq!(
        missing,
        [(
            "plan-field-missing".to_string(),
            "00_計画.xlsx".to_string(),
            "計画".to_string(),
            "A1".to_string()
        )]
    );
    assert!(messages(&json, "plan-field-missing")[0].contains("計画終了年度"));
    let (_, en) = check_json_with(&dir, &["--lang", "en"]);
    let said = messages(&en, "plan-field-missing");
    assert!(said[0].contains("lacks \"計画終了年度\""), "{said:?}");
    // build refuses: the period would be a guess.
    let out = dir.join("out");
    let run = koteihyo(
        &[
            "build",
            "--input",
            ".",
            "--output",
            out.to_str().expect("utf-8"),
        ],
        &dir,
    );
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(!out.join("roadmap.pdf").exists());
}

/// The fixture's plan, with both keys, gives no such error (the test above can fail).
#[test]
fn a_plan_with_its_period_has_no_such_error() {
    let dir = temp_dir("plan_with_period");
    support::plan(&dir, vec![]);
    one_department(&dir);
    let (_, json) = check_json(&dir);
    assert!(messages(&json, "plan-field-missing").is_empty(), "{json}");
}

/// The second plan (issue #27) is read in its own terms: its keys into the plan's style, its
/// words as headers (分野番号, 取組, 部局), labels as written, each line its own item, KPIs per
/// policy headed 現状値(2022年) / 目標値(2026年) with the baseline in the first plan year.
#[test]
fn a_second_plan_is_read_in_its_own_terms() {
    use koteihyo::model::{KpiCategory, Numbering, YearNotation};
    let dir = temp_dir("plan_second");
    support::second_plan(&dir);
    let (status, json) = check_json(&dir);
    let errors: Vec<_> = findings(&json)
        .into_iter()
        .filter(|f| f.1 == "error")
        .collect();
    assert_eq!(status, 0, "{errors:?} {json}");
    let unknown: Vec<_> = all_findings(&json)
        .into_iter()
        .filter(|f| f.0.starts_with("column-unknown") || f.0 == "plan-field-unknown")
        .collect();
    assert!(unknown.is_empty(), "{unknown:?}");
    let rm = load(&dir).roadmap;
    let style = &rm.plan.style;
    assert_eq!((rm.plan.period.first, rm.plan.period.last), (2022, 2026));
    assert_eq!(rm.plan.period.years, YearNotation::Western);
    assert!(!rm.plan.period.lead && !style.items);
    assert_eq!(style.numbering, Numbering::AsWritten);
    let month = style.start_month.map(|m| (m.year(), m.month()));
    assert_eq!(month, Some((2022, 12)));
    let words = &style.words;
    assert_eq!(
        [
            &words.pillar,
            &words.policy,
            &words.initiative,
            &words.department
        ],
        ["分野", "施策", "取組", "部局"]
    );
    assert_eq!(style.headings.kpi_pillar, "施策ごとのKPI");
    let labels: Vec<(&str, Vec<&str>)> = rm
        .pillars
        .iter()
        .map(|p| {
            let qs = p.policies.iter().map(|q| q.label.as_str()).collect();
            (p.label.as_str(), qs)
        })
        .collect();
    assert_eq!(labels, [("1", vec!["1-1", "1-2"]), ("2", vec!["2-1"])]);
    // Each line stands directly under its 取組, as an item of its own.
    let first = &rm.pillars[0].policies[0].initiatives[0];
    assert_eq!(first.text, "1-1-1 電子申請の拡充");
    let items: Vec<(&str, usize)> = first
        .items
        .iter()
        .map(|i| (i.text.as_str(), i.lines.len()))
        .collect();
    assert_eq!(
        items,
        [("対象手続の拡大", 1), ("電子申請システムの更新", 1)]
    );
    assert_eq!(first.items[0].department, "デジタル推進課");
    let kpis: Vec<(KpiCategory, Option<i32>, koteihyo::model::Direction)> = rm
        .kpis
        .iter()
        .map(|k| {
            (
                k.category,
                k.baseline.as_ref().map(|b| b.fiscal_year),
                k.direction,
            )
        })
        .collect();
    use koteihyo::model::Direction::Up;
    assert_eq!(
        kpis,
        [
            (KpiCategory::Policy(1, 1), Some(2022), Up),
            (KpiCategory::Policy(1, 2), Some(2022), Up),
            (KpiCategory::General, Some(2022), Up),
        ]
    );
    assert_eq!(rm.kpis[0].targets[0].fiscal_year, 2026);
    // A 施策 written 「1-2」 is the plan's 1-2, not ① of 分野1 by its first digit.
    let policy_1_2: Vec<&str> = rm.pillars[0].policies[1].initiatives[0]
        .items
        .iter()
        .map(|i| i.text.as_str())
        .collect();
    assert_eq!(policy_1_2, ["実証"]);
}

/// A plan with neither period row is an error for each, at the 計画 sheet; no built-in
/// period is drawn.
#[test]
fn a_plan_without_either_period_row_names_both() {
    let dir = temp_dir("plan_no_period_rows");
    let info: Vec<Vec<C>> = plan_info()
        .into_iter()
        .filter(|row| !matches!(row.first(), Some(S(k)) if k.starts_with("計画") && k.ends_with("年度")))
        .collect();
    support::plan_with(&dir, info, vec![], vec![]);
    one_department(&dir);
    let (status, json) = check_json(&dir);
    assert_eq!(status, 1, "{json}");
    let said = messages(&json, "plan-field-missing");
    assert_eq!(said.len(), 2, "{json}");
    assert!(
        said.iter().any(|m| m.contains("「計画開始年度」")),
        "{said:?}"
    );
    assert!(
        said.iter().any(|m| m.contains("「計画終了年度」")),
        "{said:?}"
    );
}

/// A key's value outside its list is an error at the value's cell, naming the accepted values
/// in both languages; the plan keeps the default rather than a guess.
#[test]
fn a_bad_plan_key_value_is_an_error_at_its_cell() {
    let dir = plan_with_keys(
        "plan_bad_value",
        &[("年の表記", "グレゴリオ暦"), ("取組項目", "ときどき")],
        true,
    );
    let (status, json) = check_json(&dir);
    assert_eq!(status, 1, "{json}");
    let bad: Vec<_> = all_findings(&json)
        .into_iter()
        .filter(|f| f.0 == "plan-field-value")
        .map(|f| f.3)
        .collect();
    assert_eq!(bad, ["B9", "B10"]);
    let said = messages(&json, "plan-field-value");
    assert!(
        said[0].contains("「年の表記」の値「グレゴリオ暦」"),
        "{said:?}"
    );
    assert!(said[0].contains("和暦併記, 和暦, 西暦"), "{said:?}");
    let (_, en) = check_json_with(&dir, &["--lang", "en"]);
    let said = messages(&en, "plan-field-value");
    assert!(
        said[1].contains("\"取り組み項目\" cannot be \"ときどき\""),
        "{said:?}"
    );
}

/// Two levels whose names are one header after the header rules (取組 = 取り組み) are a
/// plan error: a header could not tell them apart.
#[test]
fn two_levels_with_one_name_are_a_plan_error() {
    let dir = plan_with_keys(
        "plan_words_equal",
        &[
            ("具体的な取り組みの呼び名", "取組"),
            ("取り組み項目の呼び名", "取り組み"),
        ],
        true,
    );
    let (status, json) = check_json(&dir);
    assert_eq!(status, 1, "{json}");
    let said = messages(&json, "plan-words-equal");
    assert_eq!(said.len(), 1, "{json}");
    assert!(
        said[0].contains("「具体的な取り組み」と「取り組み項目」"),
        "{said:?}"
    );
    let (_, en) = check_json_with(&dir, &["--lang", "en"]);
    assert_eq!(messages(&en, "plan-words-equal").len(), 1);
}

/// A KPI whose 区分 is a policy written with its pillar's label (`(1)②`) belongs to that
/// policy; a bare `②` is still read as before (pillar 2 where there is one).
#[test]
fn a_kpi_may_belong_to_a_policy() {
    use koteihyo::model::KpiCategory;
    let dir = temp_dir("plan_kpi_policy");
    let row = |cat: &'static str, kind: &'static str, v: f64| {
        let mut r = vec![S(cat), S("指標A"), E, S("件"), S(kind), N(v)];
        r.extend([N(v + 1.0), E, E, E, E]);
        r
    };
    support::plan(
        &dir,
        vec![row("(1)②", "実績", 1.0), row("(1)②", "計画", 5.0)],
    );
    one_department(&dir);
    let rm = load(&dir).roadmap;
    let cats: Vec<KpiCategory> = rm.kpis.iter().map(|k| k.category).collect();
    assert_eq!(cats, [KpiCategory::Policy(1, 2)]);
}

/// The plan's style travels in roadmap.json (for the renderers and the next edition); a plan
/// that sets no key of it has none there, so 高山市's roadmap.json is unchanged.
#[test]
fn the_style_is_in_roadmap_json_only_when_set() {
    let style_of = |dir: &std::path::Path| {
        let out = dir.join("out");
        let run = koteihyo(
            &[
                "build",
                "--input",
                ".",
                "--output",
                out.to_str().expect("utf-8"),
            ],
            dir,
        );
        assert_eq!(run.status, 0, "{}", run.stderr);
        let text = std::fs::read_to_string(out.join("roadmap.json")).expect("roadmap.json");
        let json: serde_json::Value = serde_json::from_str(&text).expect("json");
        (
            json["plan"]["style"].clone(),
            json["plan"]["period"].clone(),
        )
    };
    let second = temp_dir("plan_style_json");
    support::second_plan(&second);
    let (style, period) = style_of(&second);
    // The notation and the lead column shape the chart's columns: they are the period's.
    assert_eq!(period["years"], "西暦");
    assert_eq!(period["lead"], false);
    assert_eq!(style["numbering"], "そのまま");
    assert_eq!(style["items"], false);
    assert_eq!(style["words"]["department"], "部局");
    assert_eq!(style["start_month"]["month"], 12);
    let plain = temp_dir("plan_style_json_default");
    support::plan(&plain, vec![]);
    one_department(&plain);
    let (style, period) = style_of(&plain);
    assert!(style.is_null());
    assert_eq!(period, serde_json::json!({"first": 2025, "last": 2029}));
}

/// In a plan numbered as written, a policy label written under two pillars is an error at
/// the second (a KPI's 区分 could not tell them apart).
#[test]
fn a_policy_label_twice_is_a_frame_error() {
    let dir = plan_with_keys("plan_label_twice", &[("番号の表記", "そのまま")], false);
    let (status, json) = check_json(&dir);
    assert_eq!(status, 1, "{json}");
    // The fixture's frame numbers policies 1, 2 under pillar 1 and 1 again under pillar 2.
    let twice: Vec<_> = all_findings(&json)
        .into_iter()
        .filter(|f| f.0 == "frame-label-duplicate")
        .map(|f| (f.2, f.3))
        .collect();
    assert_eq!(twice, [("体系".to_string(), "D4".to_string())]);
    let (_, en) = check_json_with(&dir, &["--lang", "en"]);
    assert!(messages(&en, "frame-label-duplicate")[0].contains("\"1\" is written twice"));

    // In the plan's word for a policy.
    let dir = plan_with_keys(
        "plan_label_twice_words",
        &[("番号の表記", "そのまま"), ("施策の呼び名", "重点施策")],
        false,
    );
    let (_, json) = check_json(&dir);
    let said = messages(&json, "frame-label-duplicate");
    assert_eq!(said.len(), 1, "{json:#}");
    assert!(
        said[0].starts_with("重点施策番号「1」が体系シートに二度あります（先の重点施策: "),
        "{said:?}"
    );
}

/// 矢印 is read into the plan (roadmap.json's `plan.arrow`); a value outside its two is
/// `plan-field-value` at the value's cell, and the default stays.
#[test]
fn the_arrow_key_is_read_and_a_bad_value_is_an_error_at_its_cell() {
    let arrow_of = |value: &'static str| {
        let dir = temp_dir("plan_arrow");
        let mut info = support::second_plan_info();
        info.push(vec![S("矢印"), S(value)]);
        let row = info.len();
        support::second_plan_with(&dir, info);
        let (_, json) = check_json(&dir);
        let bad: Vec<_> = findings(&json)
            .into_iter()
            .filter(|f| f.0 == "plan-field-value" || f.0 == "plan-field-unknown")
            .collect();
        (load(&dir).roadmap.plan.arrow, bad, row)
    };
    let (arrow, bad, _) = arrow_of("計画期間の後も継続");
    assert_eq!(arrow, koteihyo::fiscal::Arrow::BeyondPlan);
    assert!(bad.is_empty(), "{bad:?}");
    let (arrow, _, _) = arrow_of("計画期間の終わりまで");
    assert_eq!(arrow, koteihyo::fiscal::Arrow::ToPlanEnd);
    let (arrow, bad, row) = arrow_of("ずっと");
    assert_eq!(arrow, koteihyo::fiscal::Arrow::ToPlanEnd);
    assert_eq!(
        bad,
        [(
            "plan-field-value".to_string(),
            "error".to_string(),
            format!("B{row}")
        )]
    );
}

/// A step begun before the first year of a plan without the lead column (計画前の列 なし)
/// has no column to start in: `year-before-period` at its cell, never a bar moved silently.
#[test]
fn a_year_before_a_plan_without_the_lead_column_is_an_error_at_its_cell() {
    let dir = temp_dir("plan_year_before");
    support::second_plan(&dir);
    let rows = vec![
        vec![
            S("分野"),
            S("施策"),
            S("取組"),
            S("工程"),
            S("開始年度"),
            S("終了年度"),
        ],
        vec![
            S("1"),
            S("1-2"),
            S("1-2-1 AI・RPAの活用"),
            S("調査"),
            S("2020"),
            S("2023"),
        ],
    ];
    support::write_xlsx(
        &dir.join("02_財政課.xlsx"),
        &[support::sheet("工程表", rows)],
    );
    let (status, json) = check_json(&dir);
    assert_eq!(status, 1, "{json}");
    let before: Vec<_> = findings(&json)
        .into_iter()
        .filter(|f| f.0 == "year-before-period")
        .collect();
    assert_eq!(
        before,
        [(
            "year-before-period".to_string(),
            "error".to_string(),
            "E2".to_string()
        )],
        "{json}"
    );
    assert!(messages(&json, "year-before-period")[0].contains("2022年度"));
}

/// The messages a clerk meets each year name an item in the plan's word: a plan without the
/// 取り組み項目 level whose lines are reported by the step's word (工程「…」), never
/// 「取り組み項目「…」」.
#[test]
fn progress_messages_use_the_plan_s_word_for_an_item() {
    let dir = temp_dir("plan_words_messages");
    support::second_plan(&dir);
    let grid = vec![
        second_plan_grid_header(&["R6進捗"]),
        vec![
            S("1"),
            S("1-1"),
            S("1-1-1 電子申請の拡充"),
            S("対象手続の拡大"),
        ],
    ];
    write_xlsx(
        &dir.join("01_デジタル推進課.xlsx"),
        &[sheet("工程表", grid)],
    );
    let (_, json) = check_json(&dir);
    let said = messages(&json, "progress-not-reported");
    assert_eq!(said.len(), 1, "{json}");
    assert!(said[0].starts_with("工程「対象手続の拡大」"), "{said:?}");
    assert!(!said[0].contains("取り組み項目"), "{said:?}");
}

/// The findings that name a level speak the plan's words: two statuses of one 事業 (the
/// plan's 取り組み項目) name it 事業「…」 in message and hint; in a plan without 取り組み項目,
/// a sheet without a header, and a progress column outside a roadmap table, are asked for
/// 「分野」「施策」「取組」, not the built-in 「柱」….
#[test]
fn conflict_and_header_hints_use_the_plan_s_words() {
    let dir = plan_with_keys(
        "plan_words_conflict",
        &[("取り組み項目の呼び名", "事業")],
        false,
    );
    let mut head = grid_header();
    head[3] = S("事業");
    head.push(S("R7進捗"));
    let row = |step: &'static str, status: &'static str| {
        let mut r = grid_row(
            [
                S("(1)"),
                S("①"),
                S("オンライン手続きの拡大"),
                S("電子申請の拡大"),
            ],
            vec![E, S(step), E, E, E, E, E],
        );
        r.push(S(status));
        r
    };
    let grid = vec![head, row("導入", "順調"), row("拡大", "完了")];
    write_xlsx(&dir.join("03_市民課.xlsx"), &[sheet("工程表", grid)]);
    let (_, json) = check_json(&dir);
    let said = messages(&json, "progress-status-conflict");
    assert_eq!(said.len(), 1, "{json}");
    assert!(
        said[0].starts_with("事業「電子申請の拡大」の進捗"),
        "{said:?}"
    );
    let hints = hints_of(&json, &["progress-status-conflict"]);
    assert_eq!(
        hints,
        ["進捗は事業ごとに一つです。どちらかに揃えてください。"]
    );

    let dir = temp_dir("plan_words_hints");
    support::second_plan(&dir);
    let memo = vec![
        vec![S("メモ"), S("担当者"), S("進捗")],
        vec![S("確認中"), S("山田"), S("順調")],
    ];
    write_xlsx(&dir.join("02_人事課.xlsx"), &[sheet("メモ", memo)]);
    let (_, json) = check_json(&dir);
    let hints = hints_of(
        &json,
        &[
            "sheet-no-header",
            "file-no-steps",
            "progress-without-roadmap",
        ],
    );
    assert_eq!(hints.len(), 3, "{json}");
    for h in &hints {
        assert!(h.contains("「分野」「施策」「取組」と年度"), "{hints:?}");
        assert!(
            !h.contains("柱") && !h.contains("取り組み項目"),
            "{hints:?}"
        );
    }
}

/// Rows sorted apart are named in the plan's words: in a plan of 分野・施策・取組 (no
/// 取り組み項目), a 取組 whose rows stand in two places is 取組「…」, the blank cells a move
/// hands on are 分野・施策, and the hint asks for 分野・施策・取組 on every row.
#[test]
fn rows_sorted_apart_are_named_in_the_plan_s_words() {
    let dir = temp_dir("plan_words_rows_split");
    support::second_plan(&dir);
    let years = |first: &'static str| vec![S(first), E, E, E, E];
    let row = |levels: [C; 3], first: &'static str| {
        let mut r = levels.to_vec();
        r.extend(years(first));
        r
    };
    let grid = vec![
        second_plan_grid_header(&[]),
        row(
            [S("1"), S("1-1"), S("1-1-1 電子申請の拡充")],
            "対象手続の拡大",
        ),
        row([E, E, E], "システムの更新"),
        row([E, E, S("1-1-2 キャッシュレス決済の導入")], "実証"),
        // Sorted away from its first rows, under another 取組 of its 施策.
        row([E, E, S("1-1-1 電子申請の拡充")], "運用"),
    ];
    write_xlsx(
        &dir.join("01_デジタル推進課.xlsx"),
        &[sheet("工程表", grid)],
    );
    let (_, json) = check_json(&dir);
    let said = messages(&json, "rows-split");
    assert_eq!(said.len(), 1, "{json:#}");
    assert!(
        said[0].starts_with("取組「1-1-1 電子申請の拡充」の行が離れた2か所（C2:C3 と C5）"),
        "{said:?}"
    );
    assert!(
        said[0].contains("空欄の分野・施策が別の行のもの"),
        "{said:?}"
    );
    assert_eq!(
        hints_of(&json, &["rows-split"]),
        ["どの行にも分野・施策・取組を書くと、並べ替えても行の位置が変わりません。"]
    );
    for text in said.iter().chain(&hints_of(&json, &["rows-split"])) {
        assert!(!text.contains("柱") && !text.contains("取り組み"), "{text}");
    }
}

/// A 分野 or 施策 the frame does not hold is named in the plan's words, and the hint's
/// example is the plan's own first 分野, not another city's.
#[test]
fn unknown_levels_are_named_in_the_plan_s_words() {
    let dir = temp_dir("plan_words_unknown");
    support::second_plan(&dir);
    let row = |levels: [&'static str; 3]| {
        let mut r: Vec<C> = levels.iter().map(|t| S(t)).collect();
        r.extend([S("検討"), E, E, E, E]);
        r
    };
    let grid = vec![
        second_plan_grid_header(&[]),
        row(["観光のDX", "1-1", "1-1-1 電子申請の拡充"]),
        row(["1", "防災の強化", "1-1-1 電子申請の拡充"]),
    ];
    write_xlsx(
        &dir.join("01_デジタル推進課.xlsx"),
        &[sheet("工程表", grid)],
    );
    let (_, json) = check_json(&dir);
    assert_eq!(
        messages(&json, "pillar-unknown"),
        ["分野「観光のDX」は計画の枠組みにありません"],
        "{json:#}"
    );
    assert_eq!(
        hints_of(&json, &["pillar-unknown"]),
        ["「(1)」「1」または分野の名称（例: 行政のDX）で書いてください。"]
    );
    assert_eq!(
        messages(&json, "policy-unknown"),
        ["施策「防災の強化」は分野1にありません"],
        "{json:#}"
    );
}

/// A folder named `name` holding the fixture's plan with `keys` added to its 計画 sheet,
/// and with `department` the one department's file.
fn plan_with_keys(
    name: &str,
    keys: &[(&'static str, &'static str)],
    department: bool,
) -> std::path::PathBuf {
    let dir = temp_dir(name);
    let mut info = plan_info();
    info.extend(keys.iter().map(|&(k, v)| vec![S(k), S(v)]));
    support::plan_with(&dir, info, vec![], vec![]);
    if department {
        one_department(&dir);
    }
    dir
}

/// The hints of the findings with one of `codes`, in report order.
fn hints_of(json: &serde_json::Value, codes: &[&str]) -> Vec<String> {
    json["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .filter(|d| codes.contains(&d["code"].as_str().unwrap_or("")))
        .flat_map(|d| d["hints"].as_array().cloned().unwrap_or_default())
        .map(|h| h.as_str().unwrap_or("").to_string())
        .collect()
}
