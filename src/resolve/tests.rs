//! Re-listing resolution on small roadmaps built in code.

use super::*;
use crate::model::{Initiative, Item, Pillar, Policy, Step};

/// Builds a roadmap top-down: each call appends to the last pillar / policy / initiative /
/// item. Texts ending in (再掲) or （再掲） are marked. Step columns are chart columns
/// (0 = ～R6, 1 = R7, …). Every record gets its own row of `{dept}.xlsx`, sheet 工程表.
struct B {
    rm: Roadmap,
    row: u32,
    dept: String,
}

const CIRCLED: [&str; 10] = ["①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨", "⑩"];

fn unmark(text: &str) -> (String, bool) {
    for m in ["(再掲)", "（再掲）"] {
        if let Some(t) = text.strip_suffix(m) {
            return (t.to_string(), true);
        }
    }
    (text.to_string(), false)
}

impl B {
    fn new() -> B {
        B {
            rm: Roadmap::default(),
            row: 4,
            dept: "市民課".into(),
        }
    }
    fn src(&mut self, col: u32) -> Source {
        Source::new(&format!("{}.xlsx", self.dept), "工程表", self.row, col)
    }
    fn dept(mut self, d: &str) -> B {
        self.dept = d.into();
        self
    }
    fn pillar(mut self) -> B {
        let n = self.rm.pillars.len() as u32 + 1;
        self.rm.pillars.push(Pillar {
            number: n,
            label: format!("({n})"),
            ..Pillar::default()
        });
        self
    }
    fn policy(mut self) -> B {
        let Some(p) = self.rm.pillars.last_mut() else {
            return self.pillar().policy();
        };
        let n = p.policies.len();
        p.policies.push(Policy {
            number: n as u32 + 1,
            label: CIRCLED.get(n).unwrap_or(&"⑪").to_string(),
            ..Policy::default()
        });
        self
    }
    fn ini(mut self, text: &str) -> B {
        self.row += 1;
        let source = self.src(1);
        let p = self
            .rm
            .pillars
            .last_mut()
            .and_then(|p| p.policies.last_mut());
        p.expect("policy first").initiatives.push(Initiative {
            text: text.into(),
            items: vec![],
            source,
        });
        self
    }
    fn last_ini(&mut self) -> &mut Initiative {
        self.rm
            .pillars
            .last_mut()
            .and_then(|p| p.policies.last_mut())
            .and_then(|p| p.initiatives.last_mut())
            .expect("initiative first")
    }
    fn item(mut self, text: &str) -> B {
        self.row += 1;
        let source = self.src(2);
        let (label, relisted) = unmark(text);
        let department = self.dept.clone();
        self.last_ini().items.push(Item {
            text: text.into(),
            label,
            relisted,
            department,
            source,
            ..Item::default()
        });
        self
    }
    fn push_line(mut self, steps: Vec<Step>) -> B {
        let source = self.src(3);
        let item = self.last_ini().items.last_mut().expect("item first");
        item.lines.push(Line {
            steps,
            source,
            ..Line::default()
        });
        self
    }
    /// One line; each step is (text, start column, end column).
    fn line(mut self, steps: &[(&str, u32, u32)]) -> B {
        self.row += 1;
        let period = self.rm.plan.period;
        let year = |c: u32| YearRef {
            fiscal_year: period.year_of_column(c),
            written: String::new(),
            column: c,
        };
        let steps = steps
            .iter()
            .map(|&(text, s, e)| {
                let (label, relisted) = unmark(text);
                Step {
                    text: text.into(),
                    label,
                    relisted,
                    start: year(s),
                    end: year(e),
                    department: self.dept.clone(),
                    source: self.src(3 + s),
                    ..Step::default()
                }
            })
            .collect();
        self.push_line(steps)
    }
    /// A list-layout 再掲 line with blank years: every step inherits its schedule.
    fn inherit(mut self, steps: &[&str]) -> B {
        self.row += 1;
        let steps = steps
            .iter()
            .map(|text| {
                let (label, _) = unmark(text);
                Step {
                    text: text.to_string(),
                    label,
                    relisted: true,
                    inherit_schedule: true,
                    department: self.dept.clone(),
                    source: self.src(3),
                    ..Step::default()
                }
            })
            .collect();
        self.push_line(steps)
    }
    fn run(self) -> Warned<Roadmap> {
        resolve(self.rm)
    }
}

fn codes(w: &Warned<Roadmap>) -> Vec<Code> {
    w.diagnostics.iter().map(|d| d.code).collect()
}

fn line(rm: &Roadmap, pillar: usize, policy: usize, ini: usize, item: usize, l: usize) -> &Line {
    let p = Path {
        pillar,
        policy,
        initiative: ini,
        item,
        line: l,
        step: 0,
    };
    line_at(rm, p).expect("line")
}

/// The 窓口受付支援 block as published: (1)① holds the originals, (1)③ re-lists them.
fn madoguchi() -> B {
    B::new()
        .pillar()
        .policy()
        .ini("窓口受付支援システムによる…サービスの充実")
        .item("マイナンバーカードを活用した窓口手続き時の負担軽減")
        .line(&[
            ("窓口受付支援システムの導入", 0, 1),
            ("窓口受付支援システム対応可能手続きの拡大", 2, 5),
        ])
        .line(&[
            ("支所への窓口受付支援システム導入検討", 1, 1),
            ("検討結果を踏まえた対応", 2, 5),
        ])
        .policy()
        .policy()
        .dept("市民課2")
        .ini("窓口受付支援システムのナビゲーション機能を活用した…")
        .item("窓口業務改革の推進")
}

#[test]
fn unique_line_match_links_line_and_steps() {
    let w = madoguchi()
        .line(&[
            ("支所への窓口受付支援システム導入検討（再掲）", 1, 1),
            ("検討結果を踏まえた対応（再掲）", 2, 5),
        ])
        .run();
    assert_eq!(codes(&w), vec![]);
    let l = line(&w.output, 0, 2, 0, 0, 0);
    let link = l.relisting.as_ref().expect("line linked");
    assert_eq!(link.place, "(1)①");
    assert_eq!(link.path.line, 1);
    assert_eq!(link.path.policy, 0);
    let s = l
        .steps
        .get(1)
        .and_then(|s| s.relisting.as_ref())
        .expect("step linked");
    assert_eq!(s.text, "検討結果を踏まえた対応");
    assert_eq!((s.path.line, s.path.step), (1, 1));
    assert_eq!(s.source.cell, "F9");
    assert_eq!(s.place, "(1)①");
}

#[test]
fn multi_step_line_resolves_by_context_although_each_step_is_generic() {
    let w = B::new()
        .pillar()
        .policy()
        .ini("A")
        .item("ポータルアプリ等の導入検討")
        .line(&[("情報収集・検討", 1, 1), ("検討結果を踏まえた対応", 2, 5)])
        .item("各種サービスの提供検討")
        .line(&[("情報収集・検討", 1, 2), ("導入", 3, 5)])
        .item("別の検討")
        .line(&[
            ("情報収集・検討", 1, 1),
            ("検討結果を踏まえた対応", 2, 2),
            ("運用", 3, 5),
        ])
        .item("再掲する項目")
        .line(&[("情報収集・検討(再掲)", 1, 2), ("導入(再掲)", 3, 5)])
        .run();
    assert_eq!(codes(&w), vec![]);
    let link = line(&w.output, 0, 0, 0, 3, 0)
        .relisting
        .as_ref()
        .expect("linked");
    assert_eq!(link.path.item, 1);
}

#[test]
fn generic_single_step_relisting_is_ambiguous() {
    // Several one-step originals with the same text.
    let w = B::new()
        .pillar()
        .policy()
        .ini("A")
        .item("x")
        .line(&[("検討結果を踏まえた対応", 2, 5)])
        .item("y")
        .line(&[("検討結果を踏まえた対応", 3, 5)])
        .item("z")
        .line(&[("検討結果を踏まえた対応(再掲)", 2, 5)])
        .run();
    assert_eq!(codes(&w), vec![Code::RelistingAmbiguous]);
    let d = w.diagnostics.first().expect("one");
    assert!(
        d.args
            .get(1)
            .is_some_and(|a| a.as_str().contains("(1)① 市民課.xlsx 工程表!F8")),
        "{:?}",
        d.args
    );
    assert!(line(&w.output, 0, 0, 0, 2, 0).relisting.is_none());

    // The text only occurs inside longer lines, several of them.
    let w = madoguchi()
        .item("ポータルアプリ等の導入検討")
        .line(&[("情報収集", 1, 1), ("検討結果を踏まえた対応", 2, 5)])
        .item("z")
        .line(&[("検討結果を踏まえた対応（再掲）", 2, 5)])
        .run();
    assert_eq!(codes(&w), vec![Code::RelistingAmbiguous]);
}

#[test]
fn part_of_one_longer_line_is_a_near_miss_naming_it() {
    let w = madoguchi()
        .line(&[("窓口受付支援システム対応可能手続きの拡大（再掲）", 2, 5)])
        .run();
    assert_eq!(codes(&w), vec![Code::RelistingNearMiss]);
    let d = w.diagnostics.first().expect("one");
    assert_eq!(
        d.args.get(2).map(crate::diagnostic::Arg::as_str),
        Some("(1)①")
    );
    assert_eq!(
        d.args.get(3).map(crate::diagnostic::Arg::as_str),
        Some("市民課.xlsx 工程表!F8")
    );
}

#[test]
fn item_level_match() {
    let w = B::new()
        .pillar()
        .policy()
        .ini("A")
        .item("デジタル通知サービスの導入・活用")
        .line(&[
            ("情報収集・検討", 0, 0),
            ("デジタル通知サービスの導入", 1, 1),
        ])
        .pillar()
        .policy()
        .policy()
        .ini("B")
        .item("デジタル通知サービスの導入・活用(再掲)")
        .line(&[
            ("情報収集・検討(再掲)", 0, 0),
            ("デジタル通知サービスの導入(再掲)", 1, 1),
        ])
        .run();
    assert_eq!(codes(&w), vec![]);
    let item = w
        .output
        .item_at(Path {
            pillar: 1,
            policy: 1,
            ..Path::default()
        })
        .expect("item");
    let link = item.relisting.as_ref().expect("item linked");
    assert_eq!(link.path, Path::default());
    assert_eq!(link.place, "(1)①");
    assert_eq!(link.text, "デジタル通知サービスの導入・活用");
    // Its lines are resolved too.
    assert!(line(&w.output, 1, 1, 0, 0, 0).relisting.is_some());
}

#[test]
fn ambiguous_item() {
    let w = B::new()
        .pillar()
        .policy()
        .ini("A")
        .item("オープンデータの拡大")
        .ini("B")
        .item("オープンデータの拡大")
        .ini("C")
        .item("オープンデータの拡大(再掲)")
        .run();
    assert_eq!(
        codes(&w),
        vec![Code::ItemDuplicateUnmarked, Code::RelistingAmbiguous]
    );
}

#[test]
fn near_miss_suggests_the_published_original() {
    let w = B::new()
        .pillar()
        .policy()
        .policy()
        .policy()
        .ini("外国人への情報発信")
        .item("やさしい日本語")
        .line(&[("AI による やさしい日本語変換の提供", 1, 5)])
        .pillar()
        .policy()
        .ini("X")
        .item("多言語対応")
        .line(&[("AIやさしい日本語変換の提供(再掲)", 1, 5)])
        .run();
    assert_eq!(codes(&w), vec![Code::RelistingNearMiss]);
    let d = w.diagnostics.first().expect("one");
    assert_eq!(
        d.args,
        vec![
            "AIやさしい日本語変換の提供(再掲)",
            "AI による やさしい日本語変換の提供",
            "(1)③",
            "市民課.xlsx 工程表!E8",
        ]
    );
    assert_eq!(d.place.a1().as_deref(), Some("E11"));
    assert!(line(&w.output, 1, 0, 0, 0, 0).relisting.is_none());
}

#[test]
fn near_miss_for_an_item_and_for_a_step_inside_a_line() {
    let w = B::new()
        .pillar()
        .policy()
        .ini("ITリスキングの促進")
        .item("ITリスキングの促進")
        .line(&[("情報収集", 0, 0), ("ITリスキングセミナーの開催", 1, 5)])
        .ini("Y")
        .item("ITリスキリングの促進(再掲)")
        .line(&[("ITリスキリングセミナーの開催(再掲)", 1, 5)])
        .run();
    assert_eq!(
        codes(&w),
        vec![Code::RelistingNearMiss, Code::RelistingNearMiss]
    );
    let step = w.diagnostics.get(1).expect("two");
    assert_eq!(
        step.args.get(1).map(crate::diagnostic::Arg::as_str),
        Some("ITリスキングセミナーの開催")
    );
    assert_eq!(
        step.args.get(3).map(crate::diagnostic::Arg::as_str),
        Some("市民課.xlsx 工程表!E8")
    );
}

#[test]
fn no_original_at_all_is_an_error() {
    let w = madoguchi()
        .line(&[("祭屋台や高山城のVRコンテンツの提供(再掲)", 1, 5)])
        .item("電子母子手帳アプリの提供(再掲)")
        .run();
    assert_eq!(
        codes(&w),
        vec![Code::RelistingNoOriginal, Code::RelistingNoOriginal]
    );
    assert_eq!(
        w.diagnostics.first().map(|d| d.args.clone()),
        Some(vec!["祭屋台や高山城のVRコンテンツの提供(再掲)".into()])
    );
}

#[test]
fn schedule_differs_names_both_schedules() {
    // As published: R6,R7 in the re-listing, R6,R8 in the original.
    let w = madoguchi()
        .line(&[
            ("窓口受付支援システムの導入（再掲）", 0, 0),
            ("窓口受付支援システム対応可能手続きの拡大（再掲）", 1, 5),
        ])
        .run();
    assert_eq!(codes(&w), vec![Code::RelistingScheduleDiffers]);
    let d = w.diagnostics.first().expect("one");
    assert_eq!(
        d.args,
        vec![
            "窓口受付支援システムの導入（再掲） / 窓口受付支援システム対応可能手続きの拡大（再掲）",
            "～R6 / R7～R11",
            "～R7 / R8～R11",
            "(1)①",
        ]
    );
    // Still linked: the difference is a warning.
    assert!(line(&w.output, 0, 2, 0, 0, 0).relisting.is_some());
}

#[test]
fn inherited_schedule_is_filled_and_not_compared() {
    let w = madoguchi()
        .inherit(&[
            "窓口受付支援システムの導入（再掲）",
            "窓口受付支援システム対応可能手続きの拡大（再掲）",
        ])
        .run();
    assert_eq!(codes(&w), vec![]);
    let l = line(&w.output, 0, 2, 0, 0, 0);
    let s = l.steps.get(1).expect("step");
    assert!(!s.inherit_schedule);
    assert_eq!((s.start.fiscal_year, s.end.fiscal_year), (2026, 2029));
    assert_eq!(s.start.column, 2);

    // Without an original, the step keeps its blank schedule and the flag.
    let w = madoguchi().inherit(&["どこにもない工程（再掲）"]).run();
    assert_eq!(codes(&w), vec![Code::RelistingNoOriginal]);
    assert!(line(&w.output, 0, 2, 0, 0, 0)
        .steps
        .first()
        .is_some_and(|s| s.inherit_schedule));
}

#[test]
fn duplicate_unmarked_item_is_warned_on_the_later_one() {
    let w = B::new()
        .pillar()
        .policy()
        .ini("学習・相談できる機会の創出")
        .item("スマートフォン講習会の開催")
        .line(&[("開催", 1, 5)])
        .item("スマートフォン講習会の開催") // same initiative: not reported
        .ini("別の取り組み")
        .item("スマートフォン講習会の開催")
        .line(&[("開催", 1, 5)]) // repeated step texts: never reported
        .run();
    assert_eq!(codes(&w), vec![Code::ItemDuplicateUnmarked]);
    let d = w.diagnostics.first().expect("one");
    assert_eq!(
        d.args,
        vec![
            "スマートフォン講習会の開催",
            "(1)①「学習・相談できる機会の創出」 市民課.xlsx 工程表!C7",
            "取り組み項目",
        ]
    );
    assert_eq!(d.place.a1().as_deref(), Some("C11"));
}

#[test]
fn a_relisting_never_matches_another_relisting() {
    // Two re-listings of the same text and no original: neither is the other's original.
    let w = B::new()
        .pillar()
        .policy()
        .ini("A")
        .item("a")
        .line(&[("例規改正(再掲)", 1, 1), ("見直しの実施(再掲)", 2, 5)])
        .item("b")
        .line(&[("例規改正(再掲)", 1, 1), ("見直しの実施(再掲)", 2, 5)])
        .item("c(再掲)")
        .item("c(再掲)")
        .run();
    assert_eq!(
        codes(&w),
        vec![
            Code::RelistingNoOriginal,
            Code::RelistingNoOriginal,
            Code::RelistingNoOriginal,
            Code::RelistingNoOriginal,
        ]
    );
}

#[test]
fn empty_roadmap() {
    let w = resolve(Roadmap::default());
    assert!(w.diagnostics.is_empty());
}

/// A pseudo-random label of 8–15 characters from a small pool, so that bigrams repeat
/// across labels as in real text.
fn label(seed: &mut u64) -> String {
    const POOL: &str = "市民窓口手続システム導入検討情報収集活用提供推進拡大実施運用管理整備電子化支援デジタル通知サービスの対応結果踏まえた";
    let pool: Vec<char> = POOL.chars().collect();
    let mut next = || {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (*seed >> 33) as usize
    };
    let n = 8 + next() % 8;
    (0..n)
        .filter_map(|_| pool.get(next() % pool.len()).copied())
        .collect()
}

#[test]
fn scale_forty_thousand_steps() {
    let mut seed = 7u64;
    let mut b = B::new().pillar();
    let mut originals: Vec<Vec<String>> = Vec::new();
    for p in 0..8 {
        b = b.policy();
        for i in 0..50 {
            b = b.ini(&format!("取り組み{p}-{i}"));
            for j in 0..10 {
                b = b.item(&format!("項目{p}-{i}-{j}"));
                // 10 steps per item: 4,000 items, 40,000 steps.
                for _ in 0..2 {
                    let texts: Vec<String> = (0..5)
                        .map(|k| format!("{}{k}{j}", label(&mut seed)))
                        .collect();
                    let steps: Vec<(&str, u32, u32)> =
                        texts.iter().map(|t| (t.as_str(), 1, 5)).collect();
                    b = b.line(&steps);
                    originals.push(texts);
                }
            }
        }
    }
    b = b.ini("再掲");
    for (n, o) in originals.iter().step_by(20).enumerate() {
        b = b.item(&format!("項目0-0-{}(再掲)", n % 10));
        let marked: Vec<String> = o
            .iter()
            .map(|t| match n % 3 {
                // exact, a dropped character, and a foreign text
                0 => format!("{t}(再掲)"),
                1 => format!("{}(再掲)", t.chars().skip(1).collect::<String>()),
                _ => "どこにもない工程(再掲)".to_string(),
            })
            .collect();
        let steps: Vec<(&str, u32, u32)> = marked.iter().map(|t| (t.as_str(), 1, 5)).collect();
        b = b.line(&steps);
    }
    let w = b.run();
    let count = |c: Code| w.diagnostics.iter().filter(|d| d.code == c).count();
    assert_eq!(w.output.steps().count(), 40_000 + 400 * 5);
    // 400 re-listed lines, a third each; a few random labels may collide, so loosely.
    assert!(
        count(Code::RelistingNearMiss) >= 120,
        "{}",
        count(Code::RelistingNearMiss)
    );
    assert!(count(Code::RelistingNoOriginal) >= 120);
}
