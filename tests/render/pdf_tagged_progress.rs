//! progress.pdf read back as a screen reader gets it: the checks every tagged PDF passes
//! (`pdf_tagged`), then its own structure: a `Sect` per part and per policy, headings H1 to
//! H3, the summary, each KPI's figures and each group of items as tables whose rows are
//! headed by the policy, the year or the item, and the charts as page furniture whose
//! numbers the tables beside them all carry.

use koteihyo::model::{Progress, Roadmap, Status};
use koteihyo::render::pdf::progress;
use koteihyo::render::pdf::PdfOptions;

use crate::pdf_support;
use crate::pdf_tagged::{check_tagged, squeeze, Elem, Kid, Tagged};

const ATTENTION: &str = "要注意（遅れ・見直し・中止）";
const OTHERS: &str = "その他の取り組み項目";

/// The fixture roadmap with a report for every item of its own: every status in turn and
/// 未報告, an 実績 long enough to wrap (so a policy's items run onto another page), a 課題
/// where the status needs one; and one indicator measured over 14 years.
pub(crate) fn with_progress() -> Roadmap {
    let mut rm = pdf_support::roadmap();
    report_all(&mut rm);
    let long = &mut rm.kpis[1];
    let mut base = long.baseline.clone().expect("a baseline");
    base.fiscal_year = 2016;
    base.written = "512種類".to_string();
    long.baseline = Some(base);
    rm
}

/// Gives every item of its own a report for R7, cycling through the statuses and 未報告.
pub(crate) fn report_all(rm: &mut Roadmap) {
    rm.plan.review_year = Some(2025);
    let statuses: Vec<Option<Status>> = Status::ALL.iter().copied().map(Some).collect();
    let mut k = 0;
    let items = rm
        .pillars
        .iter_mut()
        .flat_map(|p| &mut p.policies)
        .flat_map(|q| &mut q.initiatives)
        .flat_map(|i| &mut i.items);
    for item in items {
        if koteihyo::progress::is_relisting(item) {
            continue; // a re-listing takes its original's report
        }
        let status = statuses.get(k % (statuses.len() + 1)).copied().flatten();
        k += 1;
        item.progress = Some(Progress {
            year: Some(2025),
            status,
            written: status.map(Status::label).unwrap_or_default().to_string(),
            result: status.map_or(String::new(), |_| {
                format!(
                    "{}について、関係課と調整しながら手順を見直し、利用者への周知を進めた。次年度は対象を広げ、効果を検証する。利用者アンケートの結果を踏まえ、手順書も改訂した。",
                    item.text
                )
            }),
            issue: if status.is_some_and(Status::needs_attention) {
                "国の動向を踏まえて工程を組み直す".to_string()
            } else {
                String::new()
            },
            source: item.source.clone(),
            has_column: true,
            from_original: None,
        });
    }
}

fn render(rm: &Roadmap, options: &PdfOptions) -> Vec<u8> {
    progress::render(rm, options)
        .expect("render")
        .expect("the roadmap carries progress")
        .output
}

/// `e` and every element in it, in reading order.
fn within(e: &Elem) -> Vec<&Elem> {
    let mut out = vec![e];
    for k in &e.kids {
        if let Kid::Elem(c) = k {
            out.extend(within(c));
        }
    }
    out
}

fn kids(e: &Elem) -> Vec<&Elem> {
    e.kids
        .iter()
        .filter_map(|k| match k {
            Kid::Elem(c) => Some(c),
            _ => None,
        })
        .collect()
}

/// A table as (role, text) per cell, row by row.
fn cells(t: &Tagged, table: &Elem) -> Vec<Vec<(String, String)>> {
    kids(table)
        .into_iter()
        .map(|row| {
            kids(row)
                .into_iter()
                .map(|c| (c.role.clone(), squeeze(&t.text(c))))
                .collect()
        })
        .collect()
}

fn role_of<'a>(e: &'a Elem, role: &str) -> Vec<&'a Elem> {
    within(e).into_iter().filter(|x| x.role == role).collect()
}

/// The items of a policy that progress.pdf lists (re-listings are counted at their
/// original).
fn own_items(q: &koteihyo::model::Policy) -> Vec<&koteihyo::model::Item> {
    q.initiatives
        .iter()
        .flat_map(|i| &i.items)
        .filter(|i| !koteihyo::progress::is_relisting(i))
        .collect()
}

fn status_of(i: &koteihyo::model::Item) -> Option<Status> {
    i.progress.as_ref().and_then(|p| p.status)
}

#[test]
fn progress_pdf_reads_part_by_part() {
    let rm = with_progress();
    let t = check_tagged(&render(&rm, &PdfOptions::default()));
    let parts = kids(&t.root);
    let roles: Vec<&str> = parts.iter().map(|e| e.role.as_str()).collect();
    assert_eq!(
        roles, ["Sect"; 7],
        "title, 目次, 見方, 概要, KPI, items, 問い合わせ先"
    );
    let heading = |e: &Elem| {
        let h = within(e)
            .into_iter()
            .find(|x| x.role.starts_with('H'))
            .expect("a heading");
        (h.role.clone(), t.text(h))
    };
    let h1 = |s: &str| ("H1".to_string(), s.to_string());
    assert_eq!(heading(parts[0]), h1("進捗状況報告"));
    assert_eq!(heading(parts[1]), h1("目次"));
    assert_eq!(heading(parts[2]), h1("この報告の見方"));
    assert_eq!(heading(parts[3]), h1("進捗の概要（令和7(2025)年度）"));
    assert_eq!(heading(parts[4]), h1("重要業績評価指標 (KPI) の推移"));
    assert_eq!(heading(parts[5]), h1("取り組み項目の進捗"));
    assert_eq!(heading(parts[6]), h1("問い合わせ先"));
    let title: Vec<String> = role_of(parts[0], "P").iter().map(|p| t.text(p)).collect();
    assert!(title.contains(&"評価年度　令和7(2025)年度".to_string()));
    contents_lists_the_parts(&t, parts[1]);
    guide_defines_every_status(&t, parts[2]);
    summary_is_one_table(&t, parts[3], &rm);
    kpis_are_headed_tables(&t, parts[4], &rm);
    // The indicator measured since H28 (2016) lists all 14 years, then its judgement.
    let long = cells(&t, role_of(parts[4], "Table")[1]);
    assert_eq!(long.len(), 1 + (2016..=2029).count() + 1);
    items_are_tables_per_policy(&t, parts[5], &rm);
    contact_is_the_plans(&t, parts[6], &rm);
    furniture_only(&t, &rm);
}

/// The published roadmap, every item reported: the same structure at full size (15
/// policies, 7 indicators, items over many pages).
#[test]
fn the_published_roadmap_s_progress_pdf_reads_part_by_part() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("input");
    let mut rm = crate::support::load(&dir).roadmap;
    report_all(&mut rm);
    let bytes = render(&rm, &PdfOptions::default());
    // Kept for CI, which checks it with pdfua as it checks roadmap.pdf (.ci/run).
    let kept = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("progress.pdf");
    std::fs::write(&kept, &bytes).expect("keep progress.pdf");
    let t = check_tagged(&bytes);
    let parts = kids(&t.root);
    assert_eq!(parts.len(), 7);
    contents_lists_the_parts(&t, parts[1]);
    guide_defines_every_status(&t, parts[2]);
    summary_is_one_table(&t, parts[3], &rm);
    kpis_are_headed_tables(&t, parts[4], &rm);
    items_are_tables_per_policy(&t, parts[5], &rm);
    contact_is_the_plans(&t, parts[6], &rm);
    furniture_only(&t, &rm);
}

/// 目次: a list of links, one per part after it, each read with its page.
fn contents_lists_the_parts(t: &Tagged, part: &Elem) {
    let links: Vec<String> = role_of(part, "Link").iter().map(|l| t.text(l)).collect();
    let titles: Vec<&str> = links
        .iter()
        .map(|l| {
            l.split('…')
                .next()
                .unwrap_or(l)
                .trim_end_matches(|c: char| c.is_ascii_digit())
        })
        .collect();
    assert_eq!(
        titles,
        [
            "進捗の概要",
            "重要業績評価指標 (KPI) の推移",
            "取り組み項目の進捗",
            "問い合わせ先"
        ],
        "{links:?}"
    );
}

/// この報告の見方: a table with a row per status (and 未報告) giving its meaning, then what
/// 未入力, — and the ※ mark mean, and the KPI rule.
fn guide_defines_every_status(t: &Tagged, part: &Elem) {
    let tables = role_of(part, "Table");
    assert_eq!(tables.len(), 1);
    let rows = cells(t, tables[0]);
    let words: Vec<(String, String)> = rows[1..]
        .iter()
        .map(|r| (r[0].1.clone(), r[2].1.clone()))
        .collect();
    let mut want: Vec<(String, String)> = Status::ALL
        .iter()
        .map(|s| (s.label().to_string(), s.meaning("取り組み項目")))
        .collect();
    want.push(("未報告".into(), "進捗が書かれていない".into()));
    assert_eq!(words, want);
    let notes: String = role_of(part, "P").iter().map(|p| t.text(p)).collect();
    for word in ["※", "未入力", "—", "順調: 100%以上", "要注意: 50%以上"] {
        assert!(notes.contains(word), "{word}: {notes}");
    }
}

/// 問い合わせ先: the issuer and the plan's contact lines, as roadmap.pdf prints them.
fn contact_is_the_plans(t: &Tagged, part: &Elem, rm: &Roadmap) {
    let lines: Vec<String> = role_of(part, "P")
        .iter()
        .map(|p| squeeze(&t.text(p)))
        .collect();
    let mut want = vec![squeeze(&rm.plan.issuer)];
    want.extend(rm.plan.contact.iter().map(|c| squeeze(c)));
    assert_eq!(lines, want);
}

/// 進捗の概要: one table; 施策 and the statuses head the columns, each policy and 合計
/// its row, with the counts of the input. The figure beside it adds nothing to read.
fn summary_is_one_table(t: &Tagged, part: &Elem, rm: &Roadmap) {
    let tables = role_of(part, "Table");
    assert_eq!(tables.len(), 1);
    let rows = cells(t, tables[0]);
    let mut header = vec!["施策"];
    header.extend(Status::ALL.iter().map(|s| s.label()));
    header.extend(["未報告", "計"]);
    let th = |s: &str| ("TH".to_string(), s.to_string());
    assert_eq!(rows[0], header.iter().map(|h| th(h)).collect::<Vec<_>>());
    let mut want: Vec<Vec<(String, String)>> = Vec::new();
    let mut total = vec![0usize; Status::ALL.len() + 2];
    for p in &rm.pillars {
        for q in &p.policies {
            let own = own_items(q);
            let mut counts: Vec<usize> = Status::ALL
                .iter()
                .map(|s| own.iter().filter(|i| status_of(i) == Some(*s)).count())
                .collect();
            counts.push(own.iter().filter(|i| status_of(i).is_none()).count());
            counts.push(own.len());
            total.iter_mut().zip(&counts).for_each(|(t, c)| *t += c);
            want.push(row(
                &squeeze(&format!("{}{} {}", p.label, q.label, q.title)),
                &counts,
            ));
        }
    }
    want.push(row("合計", &total));
    assert_eq!(rows[1..], want[..]);
    assert!(total[Status::ALL.len()] > 0, "the fixture has 未報告 items");
    let note = role_of(part, "P");
    assert!(t.text(note[0]).starts_with("図の帯は"), "the note is read");
}

fn row(label: &str, counts: &[usize]) -> Vec<(String, String)> {
    let mut r = vec![("TH".to_string(), label.to_string())];
    r.extend(counts.iter().map(|n| ("TD".to_string(), n.to_string())));
    r
}

/// KPI: an H2 and a table per indicator; the year heads each row; every figure of the
/// indicator (what the chart draws, and more) is in its table, in its year's row.
fn kpis_are_headed_tables(t: &Tagged, part: &Elem, rm: &Roadmap) {
    let names = role_of(part, "H2");
    let tables = role_of(part, "Table");
    assert_eq!(names.len(), rm.kpis.len());
    assert_eq!(tables.len(), rm.kpis.len());
    for ((k, name), table) in rm.kpis.iter().zip(names).zip(tables) {
        assert!(t.text(name).contains(&k.indicator), "{}", t.text(name));
        let rows = cells(t, table);
        let head: Vec<&str> = rows[0].iter().map(|c| c.1.as_str()).collect();
        assert_eq!(head, ["年度", "計画", "実績"]);
        assert!(rows[1..].iter().all(|r| r[0].0 == "TH" && r[1].0 == "TD"));
        let year_row = |fy: i32| {
            let label = squeeze(&koteihyo::fiscal::short(fy));
            rows.iter()
                .find(|r| r[0].1 == label || r[0].1 == format!("{label}（基準）"))
                .unwrap_or_else(|| panic!("{}: no row for {label}", k.indicator))
        };
        for p in &k.targets {
            assert_eq!(year_row(p.fiscal_year)[1].1, squeeze(&p.written));
        }
        for p in k.actuals.iter().chain(&k.baseline) {
            assert_eq!(year_row(p.fiscal_year)[2].1, squeeze(&p.written));
        }
        // The judgement is kpi.xlsx's, by the one rule.
        let judged = koteihyo::progress::kpi::judge(
            k,
            rm.plan.period,
            koteihyo::progress::kpi::CAUTION_RATE,
        );
        let last = rows.last().expect("a judgement row");
        assert_eq!(
            (last[0].1.as_str(), last[1].1.as_str()),
            ("判定", judged.status)
        );
        // An actual due by the 評価年度 but missing says so.
        let review = rm.plan.review_year.expect("a review year");
        for yr in rm.plan.period.first..=review {
            let row = year_row(yr);
            if !k
                .actuals
                .iter()
                .chain(&k.baseline)
                .any(|p| p.fiscal_year == yr)
            {
                assert_eq!(row[2].1, "未入力", "{} {yr}", k.indicator);
            }
        }
    }
}

/// 取り組み項目の進捗: a Sect per policy under its H2 band; an H3 per group, then the
/// group's table with the item heading its row; every item once, in its group.
fn items_are_tables_per_policy(t: &Tagged, part: &Elem, rm: &Roadmap) {
    let policies: Vec<&Elem> = kids(part)
        .into_iter()
        .filter(|e| e.role == "Sect")
        .collect();
    let listed: Vec<(&koteihyo::model::Pillar, &koteihyo::model::Policy)> = rm
        .pillars
        .iter()
        .flat_map(|p| p.policies.iter().map(move |q| (p, q)))
        .filter(|(_, q)| !own_items(q).is_empty())
        .collect();
    assert_eq!(policies.len(), listed.len());
    for (sect, (p, q)) in policies.into_iter().zip(listed) {
        let parts = kids(sect);
        assert_eq!(parts[0].role, "H2");
        let band = format!("{}{} {}", p.label, q.label, q.title);
        assert_eq!(t.text(parts[0]), band);
        let own = own_items(q);
        let (attention, others): (Vec<_>, Vec<_>) = own
            .iter()
            .partition(|i| status_of(i).is_some_and(Status::needs_attention));
        let mut groups: Vec<(&str, Vec<&&koteihyo::model::Item>)> = Vec::new();
        if !attention.is_empty() {
            groups.push((ATTENTION, attention));
        }
        if !others.is_empty() {
            groups.push((OTHERS, others));
        }
        let roles: Vec<&str> = parts[1..].iter().map(|e| e.role.as_str()).collect();
        assert_eq!(roles, ["H3", "Table"].repeat(groups.len()), "{band}");
        for ((caption, list), pair) in groups.iter().zip(parts[1..].chunks(2)) {
            assert_eq!(pair[0].role, "H3");
            assert_eq!(&t.text(pair[0]), caption);
            let rows = cells(t, pair[1]);
            let head: Vec<&str> = rows[0].iter().map(|c| c.1.as_str()).collect();
            assert_eq!(head, ["取り組み項目", "担当課", "進捗", "実績", "課題"]);
            assert_eq!(
                rows.len(),
                list.len() + 1,
                "{band} {caption}: a row per item"
            );
            for (r, item) in rows[1..].iter().zip(list) {
                let pr = item.progress.as_ref().expect("reported");
                let mut status = status_of(item).map_or("未報告", Status::label).to_string();
                if koteihyo::progress::done_with_steps_ahead(item) {
                    status.push('※');
                }
                let or = |s: &str, due: &str| {
                    if s.is_empty() {
                        due.to_string()
                    } else {
                        squeeze(s)
                    }
                };
                let issue_due = status_of(item).is_some_and(Status::needs_issue);
                let want = [
                    ("TH", squeeze(&item.text)),
                    ("TD", squeeze(&item.department)),
                    ("TD", status),
                    ("TD", or(&pr.result, "未入力")),
                    ("TD", or(&pr.issue, if issue_due { "未入力" } else { "—" })),
                ];
                let got: Vec<(&str, String)> =
                    r.iter().map(|(a, b)| (a.as_str(), b.clone())).collect();
                assert_eq!(got, want);
            }
        }
    }
}

/// Artifacts are page furniture: footers, what a continued page repeats, the figures'
/// legends, bars and labels. No item, 実績 or policy is only furniture.
fn furniture_only(t: &Tagged, rm: &Roadmap) {
    let all: Vec<&String> = t.artifacts.iter().flatten().collect();
    let continued: Vec<&&String> = all
        .iter()
        .filter(|a| a.ends_with("続き)") || a.ends_with("続き）"))
        .collect();
    assert!(
        continued.iter().any(|a| a.starts_with("(1)① ")),
        "the first policy's items run onto a second page: {continued:?}"
    );
    assert!(all.iter().any(|a| a.contains(&rm.plan.issuer)), "footer");
    let header = ["取り組み項目", "担当課", "進捗", "実績", "課題"];
    for a in &all {
        let furniture = a.ends_with("続き)")
            || a.ends_with("続き）")
            || a.starts_with("- ")
            || a.contains(&rm.plan.issuer)
            || a.contains("進捗状況報告")
            || header.contains(&a.as_str())
            || a.starts_with("要注意")
            || a.as_str() == OTHERS
            || Status::ALL.iter().any(|s| s.label() == a.as_str())
            || a.as_str() == "未報告"
            || ["計画（線）", "実績（棒）", "基準値"].contains(&a.as_str())
            || a.starts_with("R")
            || a.starts_with("令和")
            || a.chars().any(|c| c.is_ascii_digit())
            || a.starts_with('↑');
        assert!(furniture, "{a:?} is an artifact");
    }
}

/// A draft says so first, in its own paragraph, as roadmap.pdf does.
#[test]
fn a_draft_progress_pdf_says_so_first() {
    let draft = PdfOptions {
        draft_errors: Some(2),
        ..Default::default()
    };
    let t = check_tagged(&render(&with_progress(), &draft));
    let first = kids(&t.root)[0];
    assert_eq!(first.role, "P");
    assert_eq!(t.text(first), "案未解決のエラー 2 件");
    assert!(t.artifacts[1].iter().any(|a| a == "案"));
}
