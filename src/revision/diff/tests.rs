use super::*;
use crate::model::{
    Initiative, Item, Kpi, KpiCategory, KpiPoint, KpiValue, Line, Pillar, Policy, Step, YearRef,
};
use crate::normalize::text::parse_step_text;

fn year(column: u32) -> YearRef {
    YearRef {
        fiscal_year: 2024 + column as i32,
        written: String::new(),
        column,
    }
}

fn step(text: &str, from: u32, to: u32) -> Step {
    let p = parse_step_text(text);
    Step {
        text: text.into(),
        label: p.label,
        notes: p.notes,
        relisted: p.relisted,
        start: year(from),
        end: year(to),
        department: "市民課".into(),
        ..Step::default()
    }
}

fn line(steps: Vec<Step>) -> Line {
    Line {
        steps,
        ..Line::default()
    }
}

fn item(text: &str, lines: Vec<Line>) -> Item {
    let (label, relisted) = crate::normalize::text::strip_relisting(text);
    Item {
        text: text.into(),
        label,
        relisted,
        department: "市民課".into(),
        lines,
        ..Item::default()
    }
}

fn initiative(text: &str, items: Vec<Item>) -> Initiative {
    Initiative {
        text: text.into(),
        items,
        ..Initiative::default()
    }
}

/// Two policies of one pillar: ① with initiatives A and B, ② with C.
fn base() -> Roadmap {
    let a = initiative(
        "取り組みA",
        vec![
            item(
                "オンライン申請",
                vec![
                    line(vec![
                        step("情報収集・検討", 0, 0),
                        step("電子申請システムの導入", 1, 2),
                        step("対象手続きの拡大", 3, 5),
                    ]),
                    line(vec![step("窓口予約の導入", 1, 5)]),
                    line(vec![step("情報収集・検討", 2, 5)]),
                ],
            ),
            item(
                "キャッシュレス",
                vec![line(vec![step("キャッシュレス決済の導入", 1, 5)])],
            ),
        ],
    );
    let b = initiative(
        "取り組みB",
        vec![item(
            "書かない窓口",
            vec![line(vec![step("書かない窓口の試行", 2, 5)])],
        )],
    );
    let c = initiative(
        "取り組みC",
        vec![item("情報発信", vec![line(vec![step("SNSの活用", 0, 5)])])],
    );
    let policy = |number: u32, label: &str, initiatives| Policy {
        number,
        label: label.into(),
        title: format!("施策{number}"),
        initiatives,
        ..Policy::default()
    };
    let mut rm = Roadmap::default();
    rm.pillars.push(Pillar {
        number: 1,
        label: "(1)".into(),
        policies: vec![policy(1, "①", vec![a, b]), policy(2, "②", vec![c])],
        ..Pillar::default()
    });
    rm.kpis.push(Kpi {
        category: KpiCategory::General,
        indicator: "オンライン手続きの数".into(),
        rationale: String::new(),
        unit: "件".into(),
        baseline: None,
        targets: vec![point(2025, 100.0)],
        actuals: vec![point(2023, 50.0)],
        direction: crate::model::Direction::Up,
        source: Default::default(),
        cell_notes: Vec::new(),
    });
    rm
}

fn point(fy: i32, v: f64) -> KpiPoint {
    KpiPoint {
        fiscal_year: fy,
        value: KpiValue::Number(v),
        written: format!("{v}件"),
        source: Default::default(),
    }
}

fn items(rm: &mut Roadmap, policy: usize, ini: usize) -> &mut Vec<Item> {
    &mut rm.pillars[0].policies[policy].initiatives[ini].items
}

fn kinds(c: &Changes) -> Vec<(Kind, Scope)> {
    c.changes.iter().map(|c| (c.kind, c.scope)).collect()
}

#[test]
fn same_roadmap_has_no_changes() {
    let c = diff(&base(), &base());
    assert!(c.changes.is_empty(), "{c:#?}");
    assert_eq!(c.summary, Summary::default());
}

#[test]
fn rescheduled_step() {
    let mut new = base();
    items(&mut new, 0, 0)[0].lines[1].steps[0].start = year(2);
    let c = diff(&base(), &new);
    assert_eq!(kinds(&c), [(Kind::Rescheduled, Scope::Step)]);
    let ch = &c.changes[0];
    assert_eq!(ch.old.as_ref().map(|s| s.span.as_str()), Some("R7～R11"));
    assert_eq!(ch.new.as_ref().map(|s| s.span.as_str()), Some("R8～R11"));
    assert_eq!(
        (ch.group.as_str(), ch.group_title.as_str()),
        ("(1)①", "施策1")
    );
}

#[test]
fn reworded_step_in_its_slot_even_when_dissimilar() {
    let mut new = base();
    items(&mut new, 0, 0)[0].lines[0].steps[1] = step("新システム構築", 1, 2);
    let c = diff(&base(), &new);
    assert_eq!(kinds(&c), [(Kind::Reworded, Scope::Step)]);
    assert_eq!(
        c.changes[0].old.as_ref().map(|s| s.text.as_str()),
        Some("電子申請システムの導入")
    );
}

#[test]
fn reworded_single_step_line_by_similarity() {
    let mut new = base();
    items(&mut new, 0, 0)[0].lines[1].steps[0] = step("窓口予約システムの導入", 1, 5);
    let c = diff(&base(), &new);
    assert_eq!(kinds(&c), [(Kind::Reworded, Scope::Step)]);
}

#[test]
fn a_note_is_a_rewording() {
    let mut new = base();
    items(&mut new, 0, 0)[0].lines[1].steps[0] = step("窓口予約の導入(国の動向による)", 1, 5);
    let c = diff(&base(), &new);
    assert_eq!(kinds(&c), [(Kind::Reworded, Scope::Step)]);
}

#[test]
fn removed_and_added_lines_are_one_change_each() {
    let mut new = base();
    items(&mut new, 0, 0)[0].lines.remove(0);
    items(&mut new, 0, 1)[0].lines.push(line(vec![
        step("ポイント還元", 3, 3),
        step("効果検証", 4, 5),
    ]));
    let c = diff(&base(), &new);
    assert_eq!(
        kinds(&c),
        [(Kind::Removed, Scope::Line), (Kind::Added, Scope::Line)]
    );
    let removed = c.changes[0].old.as_ref().expect("old side");
    assert_eq!(
        removed.text,
        "情報収集・検討 / 電子申請システムの導入 / 対象手続きの拡大"
    );
    assert_eq!(removed.span, "～R6 / R7～R8 / R9～R11");
    assert_eq!(c.summary.added, 1);
    assert_eq!(c.summary.removed, 1);
}

#[test]
fn a_step_added_to_a_line() {
    let mut new = base();
    items(&mut new, 0, 0)[0].lines[1].steps[0].end = year(2);
    items(&mut new, 0, 0)[0].lines[1]
        .steps
        .push(step("予約データの分析", 3, 5));
    let c = diff(&base(), &new);
    // In line order: the shortened step first, then the new one.
    assert_eq!(
        kinds(&c),
        [(Kind::Rescheduled, Scope::Step), (Kind::Added, Scope::Step)]
    );
}

#[test]
fn a_whole_item_moved_is_one_change() {
    let mut new = base();
    let moved = items(&mut new, 0, 0).remove(1);
    items(&mut new, 1, 0).push(moved);
    let c = diff(&base(), &new);
    assert_eq!(kinds(&c), [(Kind::Moved, Scope::Item)]);
    assert_eq!(c.changes[0].group, "(1)②");
    assert_eq!(
        c.changes[0].old.as_ref().map(|s| s.place.as_str()),
        Some("(1)①")
    );
}

#[test]
fn a_distinctive_step_moves_but_a_generic_one_does_not() {
    let mut new = base();
    let l = items(&mut new, 0, 0)[0].lines.remove(1);
    items(&mut new, 1, 0)[0].lines.push(l);
    let c = diff(&base(), &new);
    assert_eq!(kinds(&c), [(Kind::Moved, Scope::Line)]);

    // A generic step moved on its own is a removal and an addition.
    let mut new = base();
    let s = items(&mut new, 0, 0)[0].lines[0].steps.remove(0);
    items(&mut new, 0, 1)[0]
        .lines
        .push(line(vec![s, step("効果検証", 4, 5)]));
    let c = diff(&base(), &new);
    assert_eq!(
        kinds(&c),
        [(Kind::Removed, Scope::Step), (Kind::Added, Scope::Line)]
    );

    let mut new = base();
    let s = items(&mut new, 0, 0)[0].lines[0].steps.remove(1);
    items(&mut new, 0, 1)[0].lines[0].steps.push(s);
    let c = diff(&base(), &new);
    assert_eq!(kinds(&c), [(Kind::Moved, Scope::Step)]);
}

#[test]
fn a_reworded_item_is_one_change() {
    let mut new = base();
    let it = &mut items(&mut new, 0, 0)[0];
    it.text = "オンライン申請の推進".into();
    it.label = it.text.clone();
    let c = diff(&base(), &new);
    assert_eq!(kinds(&c), [(Kind::Reworded, Scope::Item)]);
}

#[test]
fn relisting_marker() {
    let mut new = base();
    items(&mut new, 1, 0)[0].lines[0].steps[0] = step("SNSの活用(再掲)", 0, 5);
    let c = diff(&base(), &new);
    assert_eq!(kinds(&c), [(Kind::Relisting, Scope::Step)]);
}

#[test]
fn kpi_values() {
    let mut new = base();
    new.kpis[0].actuals[0] = point(2023, 55.0);
    new.kpis[0].targets.push(point(2026, 120.0));
    let c = diff(&base(), &new);
    // By year: the R5 actual, then the new R8 target.
    assert_eq!(
        kinds(&c),
        [(Kind::KpiActual, Scope::Kpi), (Kind::KpiTarget, Scope::Kpi)]
    );
    let target = &c.changes[1];
    assert!(target.old.is_none());
    assert_eq!(
        target.new.as_ref().map(|s| s.span.as_str()),
        Some("令和8(2026)年度末")
    );
    assert_eq!(c.changes[0].group, KPI_GROUP);
    // The same value written differently is not a change.
    let mut new = base();
    new.kpis[0].actuals[0].written = "50 件".into();
    assert!(diff(&base(), &new).changes.is_empty());
}

/// A KPI's 区分 in the change list is the plan's label: `1-2` in a plan numbered そのまま,
/// not the built-in `(1)②`.
#[test]
fn a_kpi_place_is_the_plan_s_label() {
    let as_written = |mut rm: Roadmap| {
        rm.plan.style.numbering = crate::model::Numbering::AsWritten;
        rm.pillars[0].label = "1".into();
        rm.pillars[0].policies[1].label = "1-2".into();
        rm.kpis[0].category = KpiCategory::Policy(1, 2);
        rm
    };
    let mut new = as_written(base());
    new.kpis[0].actuals[0] = point(2023, 55.0);
    let c = diff(&as_written(base()), &new);
    let side = c.changes[0].new.as_ref().map(|s| s.place.as_str());
    assert_eq!(side, Some("1-2"), "{c:#?}");
    let mut added = as_written(base());
    added.kpis[0].category = KpiCategory::Pillar(1);
    let c = diff(&base(), &added);
    let places: Vec<_> = c
        .changes
        .iter()
        .flat_map(|c| c.new.iter().chain(c.old.iter()))
        .map(|s| s.place.as_str())
        .collect();
    assert!(places.contains(&"1"), "{places:?}");
}

#[test]
fn order_is_by_policy_then_place_and_kpis_last() {
    let mut new = base();
    new.kpis[0].actuals[0] = point(2023, 55.0);
    items(&mut new, 1, 0)[0].lines[0].steps[0].start = year(1);
    items(&mut new, 0, 0)[0].lines[1].steps[0].start = year(2);
    let c = diff(&base(), &new);
    let groups: Vec<&str> = c.changes.iter().map(|c| c.group.as_str()).collect();
    assert_eq!(groups, ["(1)①", "(1)②", KPI_GROUP]);
    assert_eq!(diff(&base(), &new), c);
}

#[test]
fn a_status_that_changed_is_reported() {
    use crate::model::{Progress, Status};
    let with = |status: Status, year: i32| {
        let mut rm = base();
        items(&mut rm, 0, 0)[0].progress = Some(Progress {
            year: Some(year),
            status: Some(status),
            written: status.label().into(),
            ..Progress::default()
        });
        rm
    };
    let (old, new) = (with(Status::Late, 2025), with(Status::OnTrack, 2026));
    let c = diff(&old, &new);
    assert_eq!(kinds(&c), [(Kind::Status, Scope::Item)]);
    assert_eq!(c.summary.status, 1);
    let human = crate::revision::report::human(&c);
    assert!(human.contains("■ 進捗の変更"), "{human}");
    assert!(human.contains("進捗: 遅れ（R7） → 順調（R8）"), "{human}");
    assert!(human.contains("進捗 1）"), "{human}");
    // The same status, or a status on one side only, is no change.
    assert!(diff(&old, &with(Status::Late, 2026)).changes.is_empty());
    assert!(diff(&base(), &new).changes.is_empty());
}

#[test]
fn a_reworded_initiative_is_one_change_and_its_items_stay() {
    let mut new = base();
    new.pillars[0].policies[0].initiatives[0].text = "取り組みAの推進（全庁）".into();
    let c = diff(&base(), &new);
    assert_eq!(kinds(&c), [(Kind::Reworded, Scope::Initiative)], "{c:#?}");
    let change = &c.changes[0];
    assert_eq!(change.label(), "具体的な取り組みの文言の変更");
    let text = |s: &Option<Side>| s.as_ref().map(|s| s.initiative.clone());
    assert_eq!(text(&change.old).as_deref(), Some("取り組みA"));
    assert_eq!(
        text(&change.new).as_deref(),
        Some("取り組みAの推進（全庁）")
    );
    assert_eq!(c.summary.reworded, 1);
    assert_eq!(c.summary.moved, 0);
}

#[test]
fn a_reworded_initiative_with_a_changed_item_reports_both() {
    let mut new = base();
    new.pillars[0].policies[0].initiatives[0].text = "全く別の言い方の取り組み".into();
    // Dissimilar wording, but it keeps its items: still the same initiative.
    new.pillars[0].policies[0].initiatives[0].items[1].lines[0].steps[0] =
        step("キャッシュレス決済の導入", 2, 5);
    let c = diff(&base(), &new);
    assert_eq!(
        kinds(&c),
        [
            (Kind::Reworded, Scope::Initiative),
            (Kind::Rescheduled, Scope::Step)
        ],
        "{c:#?}"
    );
}

#[test]
fn a_lines_own_relisting_link_is_reported() {
    let link = |place: &str| crate::model::Relisting {
        path: Default::default(),
        place: place.into(),
        text: "SNSの活用".into(),
        source: Default::default(),
    };
    let mut old = base();
    items(&mut old, 1, 0)[0].lines[0].relisting = Some(link("(1)①"));
    let mut new = base();
    items(&mut new, 1, 0)[0].lines[0].relisting = Some(link("(2)③"));
    let c = diff(&old, &new);
    assert_eq!(kinds(&c), [(Kind::Relisting, Scope::Line)], "{c:#?}");
    // Gaining or losing the link is a change too; the same link is none.
    assert_eq!(
        kinds(&diff(&base(), &new)),
        [(Kind::Relisting, Scope::Line)]
    );
    assert!(diff(&new, &new).changes.is_empty());
}

#[test]
fn a_remark_a_department_and_a_kpi_rationale_are_changes() {
    let old = base();
    let mut new = base();
    {
        let item = &mut items(&mut new, 0, 0)[0];
        item.department = "情報政策課".into();
        item.lines[0].remark = Some("国の動向による".into());
    }
    new.kpis[0].rationale = "新しい考え方".into();
    let c = diff(&old, &new);
    let mut found = kinds(&c);
    found.sort();
    let mut want = vec![
        (Kind::Remark, Scope::Line),
        (Kind::Department, Scope::Item),
        (Kind::KpiRationale, Scope::Kpi),
    ];
    want.sort();
    assert_eq!(found, want);
    assert_eq!((c.summary.remark, c.summary.department), (1, 1));
    let remark = c
        .changes
        .iter()
        .find(|x| x.kind == Kind::Remark)
        .expect("remark");
    assert_eq!(remark.label(), "備考の変更");
    assert_eq!(
        remark.new.as_ref().map(|s| s.text.as_str()),
        Some("国の動向による")
    );
    let text = crate::revision::report::human(&c);
    assert!(text.contains("備考 1、担当課 1"), "{text}");
    assert!(text.contains("変更前: （空欄）"), "{text}");
}
