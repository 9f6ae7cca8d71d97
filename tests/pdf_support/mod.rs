//! A fixture roadmap for the PDF tests, built in code from the published edition's wording:
//! 2 pillars, 3 policies, multi-phase lines, 再掲 steps and items, a pinned step, long texts
//! that must wrap, a remark, enough rows to continue a policy on a second page, 3 KPIs and
//! a revision.

#![allow(dead_code)]

use koteihyo::model::*;

fn src(row: u32) -> Source {
    Source::new("fixture.xlsx", "工程表", row, 0)
}

fn year(period: Period, fy: i32) -> YearRef {
    YearRef {
        fiscal_year: fy,
        written: format!("R{}", fy - 2018),
        column: period.column_of(fy).unwrap_or(period.columns() - 1),
    }
}

/// A step from fiscal year `from` to `to` (2024 = the lead column).
pub fn step(text: &str, from: i32, to: i32) -> Step {
    let p = Period::default();
    Step {
        text: text.to_string(),
        label: text.replace("(再掲)", ""),
        relisted: text.contains("(再掲)"),
        start: year(p, from),
        end: year(p, to),
        source: src(from as u32),
        ..Default::default()
    }
}

/// A re-listed step whose original is at `place`.
pub fn relisted(text: &str, from: i32, to: i32, place: &str) -> Step {
    let mut s = step(text, from, to);
    s.relisted = true;
    s.relisting = Some(Relisting {
        place: place.to_string(),
        text: s.label.clone(),
        ..Default::default()
    });
    s
}

pub fn line(steps: Vec<Step>) -> Line {
    Line {
        steps,
        ..Default::default()
    }
}

pub fn item(text: &str, lines: Vec<Line>) -> Item {
    Item {
        text: text.to_string(),
        label: text.to_string(),
        lines,
        ..Default::default()
    }
}

pub fn initiative(text: &str, items: Vec<Item>) -> Initiative {
    Initiative {
        text: text.to_string(),
        items,
        ..Default::default()
    }
}

fn policy(number: u32, label: &str, title: &str, initiatives: Vec<Initiative>) -> Policy {
    Policy {
        number,
        label: label.to_string(),
        title: title.to_string(),
        initiatives,
        source: src(number),
    }
}

fn point(fy: i32, written: &str) -> KpiPoint {
    let value = match written {
        "↑" => KpiValue::Up,
        "↓" => KpiValue::Down,
        _ => KpiValue::Number(
            written
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '.')
                .collect::<String>()
                .parse()
                .unwrap_or(0.0),
        ),
    };
    KpiPoint {
        fiscal_year: fy,
        value,
        written: written.to_string(),
        source: src(fy as u32),
    }
}

fn kpi(
    category: KpiCategory,
    indicator: &str,
    rationale: &str,
    base: (i32, &str),
    targets: [&str; 5],
) -> Kpi {
    Kpi {
        category,
        indicator: indicator.to_string(),
        rationale: rationale.to_string(),
        unit: String::new(),
        baseline: Some(point(base.0, base.1)),
        targets: (2025..=2029)
            .zip(targets)
            .map(|(y, t)| point(y, t))
            .collect(),
        actuals: vec![point(base.0, base.1)],
        direction: Direction::Up,
        source: src(900),
        cell_notes: Vec::new(),
    }
}

/// The plan frame, worded as the published edition.
pub fn plan() -> Plan {
    Plan {
        city: "高山市".into(),
        title: "高山市DX推進計画（第2期）".into(),
        document: "工程表（ロードマップ）".into(),
        issuer: "高山市総務部行政経営課".into(),
        period: Period::default(),
        vision: "人にやさしいデジタル都市 飛騨高山".into(),
        introduction: Introduction {
            opening: vec![
                "この「工程表(ロードマップ)」は、高山市DX推進計画(第2期)において、「計画を着実に推進していくため、取り組みごとの推進手順を示した「工程表(ロードマップ)」を定め、進捗管理を行う。」と定めていることに基づき、作成するものである。".into(),
                "「工程表(ロードマップ)」を作成し、進捗管理することには、主に次の二つの効果が考えられる。".into(),
            ],
            purposes: vec![
                Purpose {
                    title: "共通認識の形成".into(),
                    subtitle: "関係者間の共創による効果的な取り組みの推進".into(),
                    body: "計画に掲げる様々な取り組みについて、関係する国の動向や市の取り組みの実施時期等についてあらかじめ明示することにより、推進に直接携わる市職員のほか、市民や事業者など関係者が共通認識を持ち、同じ方向を向いてともに推進できるようにする。".into(),
                    keyword: "共創".into(),
                    keyword_en: "Co-creation".into(),
                },
                Purpose {
                    title: "取り組み状況の把握・検証".into(),
                    subtitle: "持続的な改善による好循環の創出".into(),
                    body: "DX推進計画全般及び取り組みの柱毎に定める重要業績評価指標(KPI)とともに、毎年度、進捗管理(ローリング)を行い、予定通りに進捗し効果が現れているのか、課題等があるため予定よりも遅れているのか、社会変化等に対応し見直すべきなのかなど、より良い取り組みへと活用する。".into(),
                    keyword: "好循環".into(),
                    keyword_en: "Spiral up".into(),
                },
            ],
            closing: vec![
                "なお、技術革新や社会変化のスピードが非常に速いなかで、「工程表(ロードマップ)」に記載した各種の取り組みについて、利用者ニーズの減退や技術的な後進性が認められたり、限りある人的・財政的資源を他の取組みへと優先配分すべきといった状況が生じることもあり得る。".into(),
                "このため、市では「「工程表(ロードマップ)」に記載がある取り組みは必ず実施する」「「工程表(ロードマップ)」に記載がない取り組みは実施しない」といった考え方ではなく、国や県、他市町村、技術革新の動向等へのアンテナを常に張り、利用者ニーズを把握しつつ、取り組みの優先度や他の手法との比較検討を行い、試行錯誤を続けるなかで、より良いサービスの創造や運用を目指す。".into(),
            ],
        },
        legend: Legend {
            initiative: "計画本文における「具体的な取り組み」".into(),
            item: "取り組み項目".into(),
            step: "主な工程".into(),
        },
        arrow: Default::default(),
        revisions: vec![Revision {
            date: YearMonth::new(2025, 3).expect("a month"),
            text: "ロードマップ策定".into(),
        }],
        remarks: vec!["このロードマップは、毎年、全体を検証のうえ更新する予定です。".into()],
        contact: vec![
            "https://www.city.takayama.lg.jp".into(),
            "0577-35-3040".into(),
        ],
        review_year: None,
        source: Source::new("00_計画.xlsx", "体系", 0, 0),
        style: Default::default(),
    }
}

/// ①行政手続きのオンライン化の推進: long enough to run onto a second page.
fn online() -> Vec<Initiative> {
    let mut v = vec![
        initiative(
            "ローコードツール等の活用、高山市公式 LINE リッチメニューの活用、各種スマートフォンアプリの活用などオンライン手続きの拡大",
            vec![
                item(
                    "オンライン申請可能な手続きの拡大",
                    vec![
                        line(vec![step("オンライン手続きの順次拡大", 2024, 2029)]),
                        line(vec![step("ローコードツール等の活用研修による職員スキルの向上", 2025, 2029)]),
                        line(vec![step("公式 LINE リッチメニューの活用", 2024, 2029)]),
                    ],
                ),
                item(
                    "施設予約のオンライン化",
                    vec![
                        line(vec![step("施設予約システムの拡大(生涯学習施設)", 2025, 2029)]),
                        line(vec![
                            step("スマートロックの導入(大ハグラウンドサッカー場)", 2024, 2024),
                            step("スマートロックの拡大(一部学校屋内運動場への試行導入)", 2025, 2025),
                            step("スマートロックの拡大検討", 2026, 2029),
                        ]),
                    ],
                ),
            ],
        ),
        initiative(
            "スマートフォンデジタル身分証アプリによるデジタル通知サービスの導入",
            vec![item(
                "デジタル通知サービスの導入・活用",
                vec![line(vec![
                    step("情報収集・検討", 2024, 2024),
                    step("デジタル通知サービスの導入", 2025, 2025),
                    step("デジタル通知サービスの活用", 2026, 2029),
                ])],
            )],
        ),
        initiative(
            "保険料等の納付におけるeLTAXの活用など公金収納のデジタル化",
            vec![
                item("eLTAXの活用", vec![line(vec![step("給与支払報告書等での活用", 2024, 2029)])]),
                item(
                    "公金収納のデジタル化",
                    vec![line(vec![
                        step("保険料等への拡大", 2026, 2026),
                        step("支払い項目の拡大(国の動向による)", 2027, 2029),
                    ])],
                ),
            ],
        ),
    ];
    // Enough further initiatives to fill the page and continue on the next.
    let extra = [
        ("複数の市民向けサービスを一つに集約したスマートフォンアプリの導入検討", "ポータルアプリ等の導入検討", "情報収集", "導入検討", "検討結果を踏まえた対応"),
        ("公金支払いにおける活用拡大など電子地域通貨を含めたキャッシュレス化の推進", "電子地域通貨の活用", "連携に関する覚書に基づく取り組み", "口座振替受付サービスの導入・運用(税務課窓口)", "対応窓口の拡大検討"),
        ("アナログ的な手法を前提としているルール(いわゆる「アナログ規制」)などデジタル化を阻害する規制や制度の点検・見直し", "アナログ規制の見直し", "規制の洗い出し", "例規改正", "見直しの実施"),
        ("火葬予約のデジタル化", "火葬予約システムの運用", "情報収集・検討", "システムの導入", "運用"),
    ];
    for (ini, it, a, b, c) in extra {
        v.push(initiative(
            ini,
            vec![item(
                it,
                vec![
                    line(vec![
                        step(a, 2024, 2024),
                        step(b, 2025, 2026),
                        step(c, 2027, 2029),
                    ]),
                    line(vec![step(&format!("{it}の継続"), 2025, 2029)]),
                ],
            )],
        ));
    }
    v
}

/// The fixture roadmap.
pub fn roadmap() -> Roadmap {
    let mut remark_line = line(vec![
        step("健康保険証一体化への対応", 2024, 2024),
        step("医療費助成の受給者証及び診察券一体化への対応", 2025, 2029),
    ]);
    remark_line.remark = Some("令和6年12月に健康保険証の新規発行を終了".into());
    let mut pinned = step("Androidへマイナンバーカード機能の搭載(R5)", 2023, 2023);
    pinned.pinned = Some(2023);
    let mut relisted_item = item(
        "マイナンバー専用窓口の設置(再掲)",
        vec![line(vec![step("専用窓口の運用", 2024, 2029)])],
    );
    relisted_item.relisted = true;
    relisted_item.label = "マイナンバー専用窓口の設置".into();
    relisted_item.relisting = Some(Relisting {
        place: "(1)②".into(),
        text: "マイナンバー専用窓口の設置".into(),
        ..Default::default()
    });
    let mynumber = vec![
        initiative(
            "国がすすめるマイナンバーカードのスマートフォン搭載やマイナンバーカード一体化への対応",
            vec![
                item(
                    "マイナンバーカードのスマートフォン搭載への対応",
                    vec![
                        line(vec![pinned]),
                        line(vec![step("iPhoneへマイナンバーカード機能の搭載(国の動向による)", 2024, 2029)]),
                    ],
                ),
                item(
                    "マイナンバーカード一体化への対応",
                    vec![
                        remark_line,
                        line(vec![
                            step("運転免許証一体化への対応", 2024, 2024),
                            relisted("マイナンバーカードを活用した救急業務(マイナ救急)実証事業への参加(再掲)", 2025, 2025, "(3)④"),
                            relisted("マイナ救急の全国展開への対応(再掲)", 2026, 2029, "(3)④"),
                        ]),
                        line(vec![step(
                            "窓口受付支援システムのナビゲーション機能を活用した窓口手続きの簡素化や証明書自動交付機の活用促進に向けた情報収集・検討",
                            2025,
                            2025,
                        )]),
                    ],
                ),
            ],
        ),
        initiative("申請サポートや専用窓口の設置などマイナンバーカードを取得しやすい環境の整備", vec![relisted_item]),
    ];
    let ai = vec![initiative(
        "AI-OCRやRPAなど業務自動化ツールの活用による業務の効率化",
        vec![item(
            "業務自動化ツールの活用",
            vec![
                line(vec![step("AI-OCRの活用", 2024, 2029)]),
                line(vec![
                    step("RPAの活用拡大", 2024, 2025),
                    step("生成AIの活用検討", 2026, 2027),
                    step("生成AIの本格運用", 2028, 2029),
                ]),
            ],
        )],
    )];
    Roadmap {
        plan: plan(),
        pillars: vec![
            Pillar {
                number: 1,
                label: "(1)".into(),
                title: "“便利・快適”".into(),
                subtitle: "～DXによる 市民サービスの向上～".into(),
                policies: vec![
                    policy(1, "①", "行政手続きのオンライン化の推進", online()),
                    policy(2, "②", "マイナンバーカードの普及・活用促進", mynumber),
                ],
                source: src(1),
            },
            Pillar {
                number: 2,
                label: "(2)".into(),
                title: "“効率的・効果的”".into(),
                subtitle: "～DXによる 市役所業務の刷新～".into(),
                policies: vec![policy(1, "①", "AI等デジタル技術の活用による業務の効率化", ai)],
                source: src(2),
            },
        ],
        kpis: vec![
            Kpi {
                baseline: Some(point(2024, "39.2%")),
                actuals: vec![point(2024, "39.2%")],
                targets: (2025..=2029).map(|y| point(y, "↑")).collect(),
                ..kpi(
                    KpiCategory::General,
                    "「地域におけるデジタル活用が進んでいる」と感じている市民の割合",
                    "総体的な効果検証を行うため、第九次総合計画のDX分野における「幸福実感指標（市民満足度）」をDX推進計画全般のKPIに採用する。",
                    (2024, "39.2%"),
                    ["↑", "↑", "↑", "↑", "↑"],
                )
            },
            kpi(
                KpiCategory::Pillar(1),
                "オンラインで可能な行政手続きの種類",
                "現在オンライン化に対応していない市民向け手続きについて、計画期間内に8割（オンライン化対応が困難なものを除く）をオンライン化し、ほとんどの手続きがいつでもどこからでも行えるようにする。",
                (2023, "908種類"),
                ["1,300種類", "1,600種類", "1,900種類", "2,200種類", "2,500種類"],
            ),
            kpi(
                KpiCategory::Pillar(2),
                "A I等先端技術の活用による業務時間削減数",
                "A Iをはじめとする業務自動化ツールに置き換えた作業時間を計画期間内に5倍以上に増やし、単純な作業を徹底して自動化する。",
                (2023, "850時間"),
                ["1,800時間", "2,600時間", "3,400時間", "4,200時間", "5,000時間"],
            ),
        ],
    }
}
