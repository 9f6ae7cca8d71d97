//! The KPI sheet: value forms, units, baselines, directions, and the KPI rules.

use crate::support;
use koteihyo::model::{Direction, KpiCategory, KpiValue};
use support::*;

#[test]
fn kpi_values_units_baselines_and_directions() {
    let dir = temp_dir("kpi_values");
    plan(&dir, vec![]);
    one_department(&dir);
    let header = vec![
        S("区分"),
        S("指標"),
        S("指標の考え方"),
        S("単位"),
        S("種別"),
        S("令和4(2022)年度末"),
        S("R5"),
        // A year-end date: 2025-03-31 ends 令和6年度.
        D(2025, 3, 31),
        S("R7"),
        S("令和8年度末"),
        N(2027.0),
        S("FY2028"),
        S("R11"),
    ];
    let pre = |a: C, b: C, c: C| vec![a, b, c];
    let row = |head: [C; 5], years: Vec<C>| {
        let mut r: Vec<C> = head.into();
        r.extend(years);
        r
    };
    let up = || S("↑");
    let down = || S("↓");
    let mut rows = vec![header];
    rows.push(row(
        [
            S("全般"),
            S("市民の割合"),
            S("総体的な効果検証"),
            E,
            S("計画"),
        ],
        [pre(E, S("—"), S("—")), vec![up(), up(), up(), up(), up()]].concat(),
    ));
    rows.push(row(
        [E, E, E, E, S("実績")],
        vec![S("35.0%"), S("37.5%"), S("39.2%"), S("40.1%")],
    ));
    rows.push(row(
        [S("(1)"), S("手続きの種類"), E, E, S("計画")],
        [
            pre(E, E, E),
            vec![
                S("1,300種類"),
                S("1,600種類"),
                S("1,900種類"),
                S("2,200種類"),
                S("2,500種類"),
            ],
        ]
        .concat(),
    ));
    rows.push(row([E, E, E, E, S("実績")], vec![E, S("908種類")]));
    rows.push(row(
        [S("効率的・効果的"), S("紙の枚数"), E, S("千枚"), S("計画")],
        [
            pre(E, E, E),
            vec![
                S("14,000千枚"),
                S("13,000千枚"),
                S("12,000千枚"),
                S("11,000千枚"),
                S("10,000千枚"),
            ],
        ]
        .concat(),
    ));
    rows.push(row([E, E, E, E, S("実績")], vec![E, S("15,000千枚")]));
    rows.push(row(
        [S("(2)"), S("業務時間削減数"), E, S("時間"), S("計画")],
        [
            pre(E, S("-"), S("－")),
            vec![N(1800.0), N(2600.0), E, S("4,200時間"), S("5,000時間")],
        ]
        .concat(),
    ));
    rows.push(row([E, E, E, E, S("実績")], vec![E, S("850時間")]));
    rows.push(row(
        [S("(2)"), S("窓口待ち時間"), E, S("分"), S("計画")],
        [pre(E, E, E), vec![down(), down(), down(), down(), down()]].concat(),
    ));
    write_xlsx(&dir.join("KPI.xlsx"), &[sheet("指標", rows)]);
    let (status, json) = check_json(&dir);
    assert_eq!(all_findings(&json), vec![], "{json:#}");
    assert_eq!(status, 0);
    assert_eq!(json["summary"]["kpis"], 5);
    let loaded = load(&dir);
    type Summary = (
        KpiCategory,
        String,
        String,
        Option<(i32, String)>,
        Vec<(i32, KpiValue)>,
        Direction,
    );
    let kpis: Vec<Summary> = loaded
        .roadmap
        .kpis
        .iter()
        .map(|k| {
            (
                k.category,
                k.indicator.clone(),
                k.unit.clone(),
                k.baseline
                    .as_ref()
                    .map(|b| (b.fiscal_year, b.written.clone())),
                k.targets.iter().map(|t| (t.fiscal_year, t.value)).collect(),
                k.direction,
            )
        })
        .collect();
    let n = KpiValue::Number;
    let years = |v: [KpiValue; 5]| (2025..).zip(v).collect::<Vec<_>>();
    let up = [KpiValue::Up; 5];
    let down = [KpiValue::Down; 5];
    assert_eq!(
        kpis,
        vec![
            (
                KpiCategory::General,
                "市民の割合".into(),
                "%".into(),
                Some((2024, "39.2%".into())),
                years(up),
                Direction::Up
            ),
            (
                KpiCategory::Pillar(1),
                "手続きの種類".into(),
                "種類".into(),
                Some((2023, "908種類".into())),
                years([n(1300.0), n(1600.0), n(1900.0), n(2200.0), n(2500.0)]),
                Direction::Up
            ),
            (
                KpiCategory::Pillar(2),
                "紙の枚数".into(),
                "千枚".into(),
                Some((2023, "15,000千枚".into())),
                years([n(14000.0), n(13000.0), n(12000.0), n(11000.0), n(10000.0)]),
                Direction::Down
            ),
            (
                KpiCategory::Pillar(2),
                "業務時間削減数".into(),
                "時間".into(),
                Some((2023, "850時間".into())),
                vec![
                    (2025, n(1800.0)),
                    (2026, n(2600.0)),
                    (2028, n(4200.0)),
                    (2029, n(5000.0))
                ],
                Direction::Up
            ),
            (
                KpiCategory::Pillar(2),
                "窓口待ち時間".into(),
                "分".into(),
                None,
                years(down),
                Direction::Down
            ),
        ]
    );
    let general = &loaded.roadmap.kpis[0];
    assert_eq!(general.rationale, "総体的な効果検証");
    let actuals: Vec<i32> = general.actuals.iter().map(|a| a.fiscal_year).collect();
    assert_eq!(actuals, vec![2022, 2023, 2024, 2025]);
}

/// The plan workbook's KPI sheet (columns F = R5, G … K = R7 … R11) with one finding a row.
fn faulty(dir: &std::path::Path) {
    let row = |head: [C; 5], years: Vec<C>| {
        let mut r: Vec<C> = head.into();
        r.extend(years);
        r
    };
    plan(
        dir,
        vec![
            row(
                [S("(1)"), S("手続きの種類"), E, S("件"), S("計画")],
                vec![
                    E,
                    S("1,300種類"),
                    N(1600.0),
                    N(1900.0),
                    N(2200.0),
                    N(2500.0),
                ],
            ),
            row([E, E, E, S("種類"), S("実績")], vec![N(908.0)]),
            row(
                [S("(1)"), S("カード活用サービス"), E, E, S("計画")],
                vec![S("5種類"), S("6種類"), N(7.0), N(8.0), N(9.0), S("10件")],
            ),
            row(
                [S("(2)"), S("削減時間"), E, S("時間"), S("計画")],
                vec![E, N(10.0), N(20.0), N(15.0), N(30.0), N(40.0)],
            ),
            row([E, E, E, E, S("実績")], vec![N(5.0), N(12.0), N(21.0)]),
            row([S("(2)"), S("紙"), E, E, S("見込み")], vec![E, N(1.0)]),
            row([S("(5)"), S("不明な柱"), E, E, S("計画")], vec![E, N(1.0)]),
            row([S("全般"), S("割合"), E, E, S("計画")], vec![E, S("約40%")]),
        ],
    );
}

/// Targets that hold (0件 of incidents every year, 100% kept) or pause for a year before
/// going on move in one direction: only a target that turns back is `kpi-targets-unsteady`.
#[test]
fn targets_that_hold_or_pause_are_steady() {
    let dir = temp_dir("kpi_steady");
    one_department(&dir);
    let row = |indicator: &'static str, unit: &'static str, years: Vec<C>| {
        let mut r = vec![S("全般"), S(indicator), E, S(unit), S("計画"), E];
        r.extend(years);
        r
    };
    plan(
        &dir,
        vec![
            row("情報セキュリティ事故", "件", vec![N(0.0); 5]),
            row("電子申請率", "%", vec![N(100.0); 5]),
            row(
                "手続きの数",
                "種類",
                [10.0, 20.0, 20.0, 30.0, 40.0].map(N).to_vec(),
            ),
            row(
                "紙の枚数",
                "千枚",
                [50.0, 40.0, 40.0, 40.0, 30.0].map(N).to_vec(),
            ),
            row(
                "削減時間",
                "時間",
                [10.0, 20.0, 15.0, 15.0, 40.0].map(N).to_vec(),
            ),
        ],
    );
    let (_, json) = check_json(&dir);
    assert_eq!(
        messages(&json, "kpi-targets-unsteady"),
        vec!["KPI「削減時間」の目標値が一方向に推移していません（10 → 20 → 15 → 15 → 40）"],
        "{json:#}"
    );
}

#[test]
fn kpi_rules_are_reported_on_their_cells() {
    let dir = temp_dir("kpi_rules");
    one_department(&dir);
    faulty(&dir);
    let (status, json) = check_json(&dir);
    assert_eq!(
        findings(&json),
        vec![
            finding("kpi-unit-conflict", "error", "G2"),
            finding("kpi-unit-conflict", "error", "D3"),
            finding("kpi-target-outside-period", "error", "F4"),
            finding("kpi-unit-conflict", "error", "K4"),
            finding("kpi-targets-unsteady", "warning", "G5"),
            finding("kpi-actual-future", "warning", "H6"),
            finding("kpi-kind-unknown", "error", "E7"),
            finding("kpi-category-unknown", "error", "A8"),
            finding("kpi-value-unparseable", "error", "G9"),
        ],
        "{json:#}"
    );
    assert_eq!(status, 1);
    assert_eq!(
        messages(&json, "kpi-unit-conflict"),
        vec![
            "KPI「手続きの種類」の単位「件」と値「1,300種類」の単位が食い違っています",
            "KPI「手続きの種類」の単位「件」と値「種類」の単位が食い違っています",
            "KPI「カード活用サービス」の単位「種類」と値「10件」の単位が食い違っています",
        ]
    );
    assert_eq!(
        messages(&json, "kpi-target-outside-period"),
        vec!["KPI「カード活用サービス」の目標年度「令和5(2023)年度末」が計画期間の外です"]
    );
    assert_eq!(
        messages(&json, "kpi-targets-unsteady"),
        vec!["KPI「削減時間」の目標値が一方向に推移していません（10 → 20 → 15 → 30 → 40）"]
    );
    assert_eq!(
        messages(&json, "kpi-actual-future"),
        vec!["KPI「削減時間」に、まだ終わっていない令和8(2026)年度の実績「21」があります（基準日 2026-11-25）"]
    );
    assert_eq!(
        messages(&json, "kpi-value-unparseable"),
        vec!["KPIの値「約40%」を読み取れません"]
    );
    let loaded = load(&dir);
    let baseline = loaded.roadmap.kpis[2]
        .baseline
        .as_ref()
        .map(|b| (b.fiscal_year, b.value));
    assert_eq!(baseline, Some((2023, KpiValue::Number(5.0))));
}

#[test]
fn an_actual_counts_as_future_until_its_fiscal_year_has_ended_on_the_as_of_date() {
    let dir = temp_dir("kpi_as_of");
    one_department(&dir);
    faulty(&dir);
    let future = |as_of: &str| {
        let (_, json) = check_json_with(&dir, &["--as-of", as_of]);
        findings(&json)
            .into_iter()
            .filter(|f| f.0 == "kpi-actual-future")
            .map(|f| f.2)
            .collect::<Vec<_>>()
    };
    assert_eq!(future("2026-03-31"), vec!["G6", "H6"]);
    assert_eq!(future("2026-04-01"), vec!["H6"]);
    assert_eq!(future("2027-03-31"), vec!["H6"]);
    assert_eq!(future("2027-04-01"), Vec::<String>::new());
}

/// An actual entered for R6 after the plan was published (its 計画 row marks R5 with 「—」,
/// the published 現状値) stays an actual: the baseline, and with it every 進捗率, stays R5's.
#[test]
fn a_later_actual_does_not_replace_the_published_baseline() {
    let dir = temp_dir("kpi_published_baseline");
    plan(&dir, vec![]);
    one_department(&dir);
    let mut header: Vec<C> = ["区分", "指標", "指標の考え方", "単位", "種別", "R5", "R6"]
        .into_iter()
        .map(S)
        .collect();
    header.extend(["R7", "R8", "R9", "R10", "R11"].map(S));
    let head = |kind: &'static str| vec![S("(1)"), S("手続きの種類"), E, E, S(kind)];
    let plan_row = [
        head("計画"),
        vec![S("—"), E],
        [
            "1,300種類",
            "1,600種類",
            "1,900種類",
            "2,200種類",
            "2,500種類",
        ]
        .map(S)
        .to_vec(),
    ]
    .concat();
    let actual_row = [head("実績"), vec![S("908種類"), S("1,020種類")]].concat();
    // Without a dash the contract's rule holds: the latest actual before the plan period.
    let unmarked_plan = [
        vec![S("(1)"), S("カードの種類"), E, E, S("計画")],
        vec![E, E],
        ["6種類", "7種類", "8種類", "9種類", "10種類"]
            .map(S)
            .to_vec(),
    ]
    .concat();
    let unmarked_actual = vec![E, E, E, E, S("実績"), S("5種類"), S("6種類")];
    let rows = vec![header, plan_row, actual_row, unmarked_plan, unmarked_actual];
    write_xlsx(&dir.join("KPI.xlsx"), &[sheet("指標", rows)]);
    let loaded = load(&dir);
    let baselines: Vec<_> = loaded
        .roadmap
        .kpis
        .iter()
        .map(|k| {
            k.baseline
                .as_ref()
                .map(|b| (b.fiscal_year, b.written.clone()))
        })
        .collect();
    assert_eq!(
        baselines,
        vec![Some((2023, "908種類".into())), Some((2024, "6種類".into()))]
    );
    let actuals: Vec<i32> = loaded.roadmap.kpis[0]
        .actuals
        .iter()
        .map(|a| a.fiscal_year)
        .collect();
    assert_eq!(actuals, vec![2023, 2024]);
}
