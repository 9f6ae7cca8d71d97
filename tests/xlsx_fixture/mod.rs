//! The fixture shared by the workbook tests: the real seven KPIs of 高山市DX推進計画（第2期）
//! (figures from the published 重要業績評価指標 tables) with a few actuals, a handful of
//! steps, and three diagnostics.

#![allow(dead_code)]

use koteihyo::diagnostic::{Code, Diagnostic, Place};
use koteihyo::model::*;

// ---------------------------------------------------------------------------------------
// Fixture: the real seven KPIs of 高山市DX推進計画（第2期） and a handful of steps.

fn src(file: &str, sheet: &str, row: u32, col: u32) -> Source {
    Source::new(file, sheet, row, col)
}

fn point(fy: FiscalYear, value: KpiValue, written: &str) -> KpiPoint {
    KpiPoint {
        fiscal_year: fy,
        value,
        written: written.to_string(),
        source: src("00_計画.xlsx", "KPI", 0, 0),
    }
}

fn numeric_kpi(
    category: KpiCategory,
    indicator: &str,
    rationale: &str,
    unit: &str,
    baseline: f64,
    targets: [f64; 5],
    actuals: &[(FiscalYear, f64)],
) -> Kpi {
    Kpi {
        category,
        indicator: indicator.to_string(),
        rationale: rationale.to_string(),
        unit: unit.to_string(),
        baseline: Some(point(2023, KpiValue::Number(baseline), "")),
        targets: targets
            .iter()
            .enumerate()
            .map(|(i, v)| point(2025 + i as i32, KpiValue::Number(*v), ""))
            .collect(),
        actuals: actuals
            .iter()
            .map(|(y, v)| point(*y, KpiValue::Number(*v), ""))
            .collect(),
        direction: if targets[4] > baseline {
            Direction::Up
        } else {
            Direction::Down
        },
        source: src("00_計画.xlsx", "KPI", 0, 0),
        cell_notes: Vec::new(),
    }
}

fn kpis() -> Vec<Kpi> {
    let p = KpiCategory::Pillar;
    vec![
        // Listed out of category order on purpose: the sheet groups them.
        numeric_kpi(
            p(1),
            "オンラインで可能な行政手続きの種類",
            "現在オンライン化に対応していない市民向け手続きについて、計画期間内に8割（オンライン化対応が困難なものを除く）をオンライン化し、ほとんどの手続きがいつでもどこからでも行えるようにする。",
            "種類",
            908.0,
            [1300.0, 1600.0, 1900.0, 2200.0, 2500.0],
            &[(2025, 1104.0)],
        ),
        Kpi {
            category: KpiCategory::General,
            indicator: "「地域におけるデジタル活用が進んでいる」と感じている市民の割合".into(),
            rationale: "総体的な効果検証を行うため、第九次総合計画のDX分野における「幸福実感指標（市民満足度）」をDX推進計画全般のKPIに採用する。".into(),
            unit: "%".into(),
            baseline: Some(point(2024, KpiValue::Number(39.2), "39.2%")),
            targets: (2025..=2029).map(|y| point(y, KpiValue::Up, "↑")).collect(),
            actuals: vec![point(2025, KpiValue::Number(41.0), "41.0%")],
            direction: Direction::Up,
            source: src("00_計画.xlsx", "KPI", 0, 0),
            cell_notes: Vec::new(),
        },
        numeric_kpi(
            p(1),
            "マイナンバーカードを活用したサービスの種類",
            "マイナンバーカードを使って手続きを簡単にするなどのサービスを計画期間内に2倍に増やし、広く普及しているマイナンバーカードを活用した利便性の向上を図る。",
            "種類",
            5.0,
            [6.0, 7.0, 8.0, 9.0, 10.0],
            &[(2025, 6.0)],
        ),
        numeric_kpi(
            p(2),
            "A I等先端技術の活用による業務時間削減数",
            "A Iをはじめとする業務自動化ツールに置き換えた作業時間を計画期間内に5倍以上に増やし、単純な作業を徹底して自動化する。",
            "時間",
            850.0,
            [1800.0, 2600.0, 3400.0, 4200.0, 5000.0],
            &[(2025, 1000.0)],
        ),
        numeric_kpi(
            p(2),
            "プリンターやコピー機で印刷した紙の枚数",
            "プリンターやコピー機で印刷した紙の枚数を計画期間内に2/3に減らし、ペーパーレスの徹底による業務プロセスのデジタル化を推進するとともに経費節減を図る。",
            "千枚",
            15000.0,
            [14000.0, 13000.0, 12000.0, 11000.0, 10000.0],
            &[(2025, 14200.0), (2026, 12800.0)],
        ),
        numeric_kpi(
            p(3),
            "市民のデジタルリテラシー向上や産業・地域社会のDXを支える人材の育成につながる学習会などの数",
            "デジタル技術やデータを活用できる人材の育成につながる学習会やワークショップの開催回数を計画期間内に2倍に増やし、職場での働き方改革をはじめ地域社会全体でDXに取り組む気運の醸成を図る。",
            "回",
            19.0,
            [24.0, 28.0, 32.0, 36.0, 40.0],
            &[],
        ),
        numeric_kpi(
            p(3),
            "デジタル技術やデータを活用した地域課題の解決や産業活性化につながるプロジェクトの数",
            "現在取り組んでいるAIカメラによる人流計測及び計測データ活用のようなプロジェクトを計画期間内に10倍に増やし、多様な主体が一体となってデジタル技術やデータをした地域課題の解決やサービスの高度化に取り組む環境を整備する。",
            "種類",
            1.0,
            [3.0, 5.0, 7.0, 9.0, 10.0],
            &[],
        ),
    ]
}

fn year(fy: FiscalYear, written: &str) -> YearRef {
    YearRef {
        fiscal_year: fy,
        written: written.to_string(),
        column: Period::default().column_of(fy).unwrap_or(5),
    }
}

fn step(text: &str, start: FiscalYear, end: FiscalYear, dept: &str, row: u32) -> Step {
    Step {
        text: text.to_string(),
        label: text.to_string(),
        start: year(start, &format!("R{}", start - 2018)),
        end: year(end, &format!("R{}", end - 2018)),
        department: dept.to_string(),
        source: src(&format!("{dept}.xlsx"), "工程表", row, 4),
        ..Step::default()
    }
}

fn item(text: &str, dept: &str, lines: Vec<Vec<Step>>) -> Item {
    Item {
        text: text.to_string(),
        label: text.to_string(),
        department: dept.to_string(),
        lines: lines
            .into_iter()
            .map(|steps| Line {
                steps,
                ..Line::default()
            })
            .collect(),
        ..Item::default()
    }
}

pub fn roadmap() -> Roadmap {
    let mut relisted = step("オンライン化条例の運用(再掲)", 2024, 2029, "総務課", 30);
    relisted.relisted = true;
    relisted.relisting = Some(Relisting {
        path: Path::default(),
        place: "(1)①".into(),
        text: "オンライン化条例の運用".into(),
        source: src("総務課.xlsx", "工程表", 25, 4),
    });
    let mut national = step("支払い項目の拡大(国の動向による)", 2027, 2029, "税務課", 12);
    national.notes = vec!["国の動向による".into()];

    let mut online = item(
        "オンライン申請可能な手続きの拡大",
        "市民課",
        vec![vec![step(
            "オンライン手続きの順次拡大",
            2024,
            2029,
            "市民課",
            5,
        )]],
    );
    online.lines[0].remark = Some("ローコードツール等を活用".into());

    let pillar1 = Pillar {
        number: 1,
        label: "(1)".into(),
        title: "“便利・快適”".into(),
        subtitle: "～DXによる 市民サービスの向上～".into(),
        policies: vec![Policy {
            number: 1,
            label: "①".into(),
            title: "行政手続きのオンライン化の推進".into(),
            initiatives: vec![
                Initiative {
                    text: "ローコードツール等の活用、高山市公式 LINE リッチメニューの活用、各種スマートフォンアプリの活用などオンライン手続きの拡大".into(),
                    items: vec![
                        online,
                        item(
                            "施設予約のオンライン化",
                            "生涯学習課",
                            vec![vec![
                                step("スマートロックの導入(大ハグラウンドサッカー場)", 2024, 2024, "生涯学習課", 8),
                                step("スマートロックの拡大(一部学校屋内運動場への試行導入)", 2025, 2025, "生涯学習課", 8),
                                step("スマートロックの拡大検討", 2026, 2029, "生涯学習課", 8),
                            ]],
                        ),
                    ],
                    ..Initiative::default()
                },
                Initiative {
                    text: "保険料等の納付におけるeLTAXの活用など公金収納のデジタル化".into(),
                    items: vec![item(
                        "公金収納のデジタル化",
                        "税務課",
                        vec![vec![step("保険料等への拡大", 2026, 2026, "税務課", 12), national]],
                    )],
                    ..Initiative::default()
                },
                Initiative {
                    text: "アナログ規制などデジタル化を阻害する規制や制度の点検・見直し".into(),
                    items: vec![item("書面・対面規制の見直し", "総務課", vec![vec![relisted]])],
                    ..Initiative::default()
                },
            ],
            ..Policy::default()
        }],
        ..Pillar::default()
    };
    let pillar2 = Pillar {
        number: 2,
        label: "(2)".into(),
        title: "“効率的・効果的”".into(),
        subtitle: "～DXによる 市役所業務の刷新～".into(),
        policies: vec![Policy {
            number: 2,
            label: "②".into(),
            title: "ペーパーレス化・働き方改革の推進".into(),
            initiatives: vec![Initiative {
                text: "会議や庁内手続きのペーパーレス化".into(),
                items: vec![item(
                    "ペーパーレス会議システムの活用",
                    "情報政策課",
                    vec![vec![step(
                        "ペーパーレス会議の拡大",
                        2025,
                        2029,
                        "情報政策課",
                        3,
                    )]],
                )],
                ..Initiative::default()
            }],
            ..Policy::default()
        }],
        ..Pillar::default()
    };
    let pillar3 = Pillar {
        number: 3,
        label: "(3)".into(),
        title: "“活気”".into(),
        subtitle: "～DXによる 産業や地域社会のイノベーションの創出～".into(),
        policies: vec![Policy {
            number: 1,
            label: "①".into(),
            title: "官民連携の推進".into(),
            initiatives: vec![Initiative {
                text: "各種情報システム導入における市内事業者の積極的な活用など市内調達の推進"
                    .into(),
                items: vec![item(
                    "市内調達の推進",
                    "情報政策課",
                    vec![vec![step(
                        "各種情報システム導入における市内事業者の積極的な活用",
                        2024,
                        2029,
                        "情報政策課",
                        9,
                    )]],
                )],
                ..Initiative::default()
            }],
            ..Policy::default()
        }],
        ..Pillar::default()
    };

    Roadmap {
        plan: Plan {
            city: "高山市".into(),
            title: "高山市DX推進計画（第2期）".into(),
            document: "工程表（ロードマップ）".into(),
            issuer: "高山市総務部行政経営課".into(),
            period: Period::default(),
            revisions: vec![Revision {
                date: YearMonth::new(2025, 3).expect("a month"),
                text: "ロードマップ策定".into(),
            }],
            ..Plan::default()
        },
        pillars: vec![pillar1, pillar2, pillar3],
        kpis: kpis(),
    }
}

/// `rm` with an actual entered later for R6 (1,020種類) on オンラインで可能な行政手続きの種類,
/// beside its published R5 baseline (908種類).
pub fn with_later_r6_actual(mut rm: Roadmap) -> Roadmap {
    let online = rm
        .kpis
        .iter_mut()
        .find(|k| k.indicator == "オンラインで可能な行政手続きの種類")
        .expect("the indicator");
    let mut r6 = online.actuals[0].clone();
    r6.fiscal_year = 2024;
    r6.value = KpiValue::Number(1020.0);
    r6.written = "1,020種類".into();
    online.actuals.insert(1, r6);
    rm
}

pub fn diagnostics() -> Vec<Diagnostic> {
    vec![
        Diagnostic::new(
            Code::YearUnparseable,
            Place::cell("税務課.xlsx", "工程表", 14, 6),
            &["令和八年"],
        ),
        Diagnostic::new(
            Code::RelistingNearMiss,
            Place::cell("総務課.xlsx", "工程表", 30, 4),
            &[
                "オンライン条例の運用(再掲)",
                "オンライン化条例の運用",
                "(1)①",
                "総務課.xlsx 工程表!E26",
            ],
        ),
        Diagnostic::new(
            Code::FileSkipped,
            Place::file("~$市民課.xlsx"),
            &["ロックファイル"],
        ),
    ]
}
