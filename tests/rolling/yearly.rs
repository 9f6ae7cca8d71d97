//! The yearly rolling revision on a copy of the real `input/`: build the published edition,
//! hand the departments their templates, edit the workbooks as a department would (read the
//! cells, change them, write the workbook back), build the next edition against the first,
//! and check that exactly the edits come out as changes — in the diff, in kpi.xlsx and in the
//! PDF.

use crate::rolling_support;
use crate::support;

use std::collections::BTreeSet;
use std::path::Path;

use calamine::{open_workbook, Reader, Xlsx};
use koteihyo::model::{Path as TreePath, Roadmap, Step};

use rolling_support::{copy_input, edit, read_roadmap, run_ok, template_of, V, YEAR_COL};
use support::temp_dir;

const AS_OF: &str = "2026-04-01";
const ADDED: &str = "テスト用の新しい工程";
const REWORD_SUFFIX: &str = "の拡充";

// --- picking what to edit ---------------------------------------------------------------------

/// Steps a department may edit without touching a re-listing: unmarked, unlinked, not the
/// original of any re-listing, unpinned, with a text found nowhere else.
struct Picker<'a> {
    rm: &'a Roadmap,
    /// Original lines of line re-listings.
    originals: BTreeSet<(usize, usize, usize, usize, usize)>,
    /// Original items of item re-listings, and items already edited.
    used_items: BTreeSet<(usize, usize, usize, usize)>,
}

impl<'a> Picker<'a> {
    fn new(rm: &'a Roadmap) -> Picker<'a> {
        let mut originals = BTreeSet::new();
        let mut used_items = BTreeSet::new();
        let key = |p: &TreePath| (p.pillar, p.policy, p.initiative, p.item, p.line);
        for (_, s) in rm.steps() {
            if let Some(r) = &s.relisting {
                originals.insert(key(&r.path));
            }
        }
        for pillar in &rm.pillars {
            for policy in &pillar.policies {
                for ini in &policy.initiatives {
                    for item in &ini.items {
                        for l in &item.lines {
                            if let Some(r) = &l.relisting {
                                originals.insert(key(&r.path));
                            }
                        }
                        if let Some(r) = &item.relisting {
                            let p = &r.path;
                            used_items.insert((p.pillar, p.policy, p.initiative, p.item));
                        }
                    }
                }
            }
        }
        Picker {
            rm,
            originals,
            used_items,
        }
    }

    fn free(&self, p: &TreePath, s: &Step) -> bool {
        let unique = self.rm.steps().filter(|(_, x)| x.text == s.text).count() == 1;
        let item =
            &self.rm.pillars[p.pillar].policies[p.policy].initiatives[p.initiative].items[p.item];
        unique
            && !s.relisted
            && s.relisting.is_none()
            && s.pinned.is_none()
            && !item.relisted
            && !self
                .originals
                .contains(&(p.pillar, p.policy, p.initiative, p.item, p.line))
            && !self
                .used_items
                .contains(&(p.pillar, p.policy, p.initiative, p.item))
    }

    /// The first line (in document order) whose steps are all free and that `accept`s.
    fn line(&mut self, accept: impl Fn(&TreePath, &[Step]) -> bool) -> (TreePath, Vec<Step>) {
        let rm = self.rm;
        for (p, _) in rm.steps() {
            if p.step != 0 {
                continue;
            }
            let line = &rm.pillars[p.pillar].policies[p.policy].initiatives[p.initiative].items
                [p.item]
                .lines[p.line];
            let all_free = line
                .steps
                .iter()
                .enumerate()
                .all(|(k, x)| self.free(&TreePath { step: k, ..p }, x));
            if all_free && line.remark.is_none() && accept(&p, &line.steps) {
                self.used_items
                    .insert((p.pillar, p.policy, p.initiative, p.item));
                return (p, line.steps.clone());
            }
        }
        panic!("no line to edit");
    }
}

/// The template writes every hierarchy cell on every row, so a row can be sorted, moved or
/// deleted without changing the parents of the rows around it.
fn hierarchy_written(sheet: &rolling_support::SheetData, row: usize) -> bool {
    (0..YEAR_COL).all(|c| *sheet.get(row, c) != V::E)
}

#[test]
fn yearly_revision_full_loop() {
    let dir = temp_dir("rolling_full_loop");
    copy_input(&dir);
    run_ok(
        &[
            "build", "--input", "input", "--output", "orig", "--as-of", AS_OF,
        ],
        &dir,
    );
    run_ok(
        &[
            "template", "--input", "input", "--output", "tpl", "--as-of", AS_OF,
        ],
        &dir,
    );
    let tpl = dir.join("tpl");
    let rm = read_roadmap(&dir.join("orig/roadmap.json"));
    let mut pick = Picker::new(&rm);

    // 1. Reschedule: a one-step line starting in R7…R9 now starts a year later.
    let (_, r) = pick
        .line(|_, s| s.len() == 1 && (1..=3).contains(&s[0].start.column) && s[0].end.column == 5);
    let resched = r[0].clone();
    edit(&template_of(&tpl, &resched.department), |sh| {
        let (row, col) = sh.find(&resched.text, YEAR_COL).expect("rescheduled step");
        assert!(sh
            .merges
            .iter()
            .all(|m| (m.0 as usize, m.1 as usize) != (row, col)));
        sh.set(row, col, V::E);
        sh.set(row, col + 1, V::S(resched.text.clone()));
    });

    // 2. Reword: a step of a line of several steps.
    let (_, w) = pick.line(|_, s| s.len() >= 2);
    let reworded = w[1].clone();
    let new_text = format!("{}{REWORD_SUFFIX}", reworded.text);
    edit(&template_of(&tpl, &reworded.department), |sh| {
        let (row, col) = sh.find(&reworded.text, YEAR_COL).expect("reworded step");
        sh.set(row, col, V::S(new_text.clone()));
    });

    // 3. Delete: a line that is not the first of its item (its row has all its hierarchy
    // cells, like every row of a template).
    let (_, d) = pick.line(|p, _| p.line >= 1);
    let deleted: Vec<String> = d.iter().map(|s| s.text.clone()).collect();
    edit(&template_of(&tpl, &d[0].department), |sh| {
        let (row, _) = sh.find(&deleted[0], YEAR_COL).expect("deleted line");
        assert!(
            hierarchy_written(sh, row),
            "row {row} lacks hierarchy cells"
        );
        sh.remove_row(row);
    });

    // 4. Add: a new line under another item, below one of its lines, starting in R9.
    let (_, a) = pick.line(|_, _| true);
    edit(&template_of(&tpl, &a[0].department), |sh| {
        let (row, _) = sh.find(&a[0].text, YEAR_COL).expect("line to add below");
        let mut cells = vec![V::E; YEAR_COL + 3];
        cells.push(V::S(ADDED.into()));
        sh.insert_row(row + 1, cells);
    });

    // 5. A KPI actual, in the plan workbook's KPI sheet.
    let kpi = rm
        .kpis
        .iter()
        .find(|k| !k.actuals.is_empty())
        .expect("a KPI with actuals");
    let actual = &kpi.actuals[0];
    let koteihyo::model::KpiValue::Number(v) = actual.value else {
        panic!("numeric actual expected");
    };
    let new_written = format!("{}{}", v + 1.0, kpi.unit);
    edit(&tpl.join(&actual.source.file), |sh| {
        assert_eq!(sh.name, actual.source.sheet);
        sh.set(
            actual.source.row as usize,
            actual.source.col as usize,
            V::S(new_written.clone()),
        );
    });

    // The next edition, against the first.
    let built = run_ok(
        &[
            "build",
            "--input",
            "tpl",
            "--output",
            "next",
            "--previous",
            "orig/roadmap.json",
            "--edition",
            "2026-03",
            "--as-of",
            AS_OF,
        ],
        &dir,
    );
    assert!(built.stderr.contains("変更点 5件"), "{}", built.stderr);

    // The diff lists exactly the five edits.
    let run = run_ok(
        &["diff", "orig/roadmap.json", "tpl", "--format", "json"],
        &dir,
    );
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("diff JSON");
    let got: BTreeSet<(String, String, String, String)> = json["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| {
            let text = |side: &str| c[side]["text"].as_str().unwrap_or("-").to_string();
            (
                format!(
                    "{}/{}",
                    c["kind"].as_str().unwrap_or(""),
                    c["scope"].as_str().unwrap_or("")
                ),
                text("old"),
                text("new"),
                c["new"]["span"].as_str().unwrap_or("-").to_string(),
            )
        })
        .collect();
    let want: BTreeSet<(String, String, String, String)> = [
        (
            "rescheduled/step",
            resched.text.clone(),
            resched.text.clone(),
            span(resched.start.column + 1, 5),
        ),
        (
            "reworded/step",
            reworded.text.clone(),
            new_text.clone(),
            span(reworded.start.column, reworded.end.column),
        ),
        ("removed/line", deleted.join(" / "), "-".into(), "-".into()),
        ("added/line", "-".into(), ADDED.into(), "R9～R11".into()),
        (
            "kpi_actual/kpi",
            actual.written.clone(),
            new_written.clone(),
            koteihyo::fiscal::year_end(actual.fiscal_year),
        ),
    ]
    .into_iter()
    .map(|(k, o, n, s)| (k.to_string(), o, n, s))
    .collect();
    assert_eq!(got, want, "{}", run.stdout);
    assert_eq!(json["summary"]["total"], 5);

    // The human report groups them by policy, in Japanese.
    let human = run_ok(&["diff", "orig/roadmap.json", "tpl"], &dir).stdout;
    for label in [
        "期間の変更",
        "文言の変更",
        "行の削除",
        "行の追加",
        "KPI実績値の変更",
    ] {
        assert!(human.contains(label), "{label} missing:\n{human}");
    }

    // kpi.xlsx: a 変更点 sheet with the five, and none without --previous.
    let mut book: Xlsx<_> = open_workbook(dir.join("next/kpi.xlsx")).expect("kpi.xlsx");
    let range = book.worksheet_range("変更点").expect("変更点 sheet");
    let kinds: BTreeSet<String> = range.rows().skip(1).map(|r| r[1].to_string()).collect();
    assert_eq!(range.rows().count(), 6);
    let want_kinds: BTreeSet<String> = [
        "期間の変更",
        "文言の変更",
        "行の削除",
        "行の追加",
        "KPI実績値の変更",
    ]
    .map(String::from)
    .into();
    assert_eq!(kinds, want_kinds);
    let orig: Xlsx<_> = open_workbook(dir.join("orig/kpi.xlsx")).expect("kpi.xlsx");
    assert!(!orig.sheet_names().contains(&"変更点".to_string()));

    // The edition follows --edition.
    let next = read_roadmap(&dir.join("next/roadmap.json"));
    let last = next.plan.revisions.last().expect("revision");
    assert_eq!(
        (last.date.year(), last.date.month(), last.text.as_str()),
        (2026, 3, "ローリングによる改定")
    );

    // The PDF: the section, before the 改定履歴, and the new edition on the cover.
    let pdf = lopdf::Document::load(dir.join("next/roadmap.pdf")).expect("PDF");
    let pages: Vec<String> = (1..=pdf.get_pages().len() as u32)
        .map(|p| pdf.extract_text(&[p]).unwrap_or_default())
        .collect();
    let compact: Vec<String> = pages
        .iter()
        .map(|t| t.split_whitespace().collect())
        .collect();
    let find = |s: &str| compact.iter().rposition(|t| t.contains(s));
    let section = find("今回の改定における主な変更点").expect("revision section");
    let history = find("ローリングによる改定").expect("new edition in the history");
    assert!(
        section < history,
        "section on page {section}, history on {history}"
    );
    assert!(
        compact[0].contains("令和8(2026)年3月"),
        "cover: {}",
        compact[0]
    );
    assert!(
        compact[section].contains("行の追加") || compact.iter().any(|t| t.contains("行の追加"))
    );
}

/// A span of chart columns as the diff writes it: `～R6`, `R8`, `R8～R11`.
fn span(first: u32, last: u32) -> String {
    let r = |c: u32| format!("R{}", 6 + c);
    if first == 0 {
        format!("～{}", r(last))
    } else if first == last {
        r(first)
    } else {
        format!("{}～{}", r(first), r(last))
    }
}

/// The section is in the outline and the 目次, before the 改定履歴; without a previous
/// edition the document has neither; with no change it says so.
#[test]
fn revision_section_in_outline_and_contents() {
    use koteihyo::render::pdf::changes::TITLE;
    use koteihyo::render::pdf::layout::layout;
    use koteihyo::render::pdf::PdfOptions;
    use koteihyo::revision::diff::diff;

    let input = Path::new(env!("CARGO_MANIFEST_DIR")).join("input");
    let rm = support::load(&input).roadmap;
    let mut next = rm.clone();
    let first = next.pillars[0].policies[0].initiatives[0].items[0].lines[0].steps[0].clone();
    next.pillars[0].policies[0].initiatives[0].items[0].lines[0].steps[0].text =
        format!("{}{REWORD_SUFFIX}", first.text);
    let changes = diff(&rm, &next);
    assert_eq!(changes.summary.reworded, 1);
    let texts = |p: &koteihyo::render::pdf::document::Page| -> String {
        p.texts().map(|t| t.text.as_str()).collect()
    };
    let with = |changes| PdfOptions {
        changes: Some(changes),
        ..Default::default()
    };
    let doc = layout(&next, &with(&changes)).output;
    let at = |title: &str| {
        doc.outline
            .iter()
            .find(|e| e.title == title)
            .map(|e| (e.page, e.level))
    };
    let (section, level) = at(TITLE).expect("outline entry");
    let (history, _) = at("改定履歴").expect("history entry");
    assert_eq!(level, 0);
    assert!(section < history);
    assert!(texts(&doc.pages[1]).contains(TITLE), "目次");
    assert!(texts(&doc.pages[section - 1]).contains("文言の変更"));

    let plain = layout(&rm, &PdfOptions::default()).output;
    assert!(plain.outline.iter().all(|e| e.title != TITLE));
    assert!(!texts(&plain.pages[1]).contains(TITLE));

    let none = diff(&rm, &rm);
    let doc = layout(&rm, &with(&none)).output;
    let (section, _) = doc
        .outline
        .iter()
        .find(|e| e.title == TITLE)
        .map(|e| (e.page, e.level))
        .expect("outline entry");
    assert!(texts(&doc.pages[section - 1]).contains("前回の版からの変更はありません。"));
}
