//! 進捗 over the whole roadmap: the 評価年度 in force, re-listings taking their original's
//! progress, the rules of the contract's section 進捗 (`docs/SUBMISSIONS.md`) that need an
//! item's schedule, and the counts the `check` summary, the PDF and the workbook show.
//!
//! Runs after `resolve` (re-listings are linked) and before the renderers. The cells
//! themselves are read, and unknown or conflicting statuses reported, in
//! [`crate::normalize::progress`].

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::{Code, Diagnostic, Place};
use crate::fiscal::YearNotation;
use crate::model::{FiscalYear, Item, Path, Progress, Roadmap, Status};
use crate::validate::AsOf;

pub mod kpi;

/// Whether any item carries progress (a progress column or cell was read somewhere).
pub fn any(rm: &Roadmap) -> bool {
    rm.items().any(|(_, i)| i.progress.is_some())
}

/// The 評価年度 when nothing names one: the last fiscal year that ended before `as_of`
/// (on 2026-06-01 that is 2025, R7).
///
/// ```
/// use koteihyo::fiscal::Date;
/// let on = |y, m, d| Date::new(y, m, d).unwrap();
/// assert_eq!(koteihyo::progress::default_year(on(2026, 6, 1)), 2025);
/// assert_eq!(koteihyo::progress::default_year(on(2026, 3, 31)), 2024);
/// ```
pub fn default_year(as_of: AsOf) -> FiscalYear {
    as_of.fiscal_year() - 1
}

/// Settles the progress of every item and checks it: fills in the 評価年度 (the headers',
/// else the plan's, else [`default_year`]), gives re-listings their original's progress, and
/// applies the rules. Does nothing when no submission carries progress.
pub fn settle(rm: &mut Roadmap, as_of: AsOf) -> Vec<Diagnostic> {
    if !any(rm) {
        return Vec::new();
    }
    let year = *rm.plan.review_year.get_or_insert(default_year(as_of));
    for item in items_mut(rm) {
        if let Some(p) = &mut item.progress {
            p.year.get_or_insert(year);
        }
    }
    let mut out = Vec::new();
    relistings(rm, &mut out);
    for (_, item) in rm.items() {
        if let Some(p) = &item.progress {
            if p.from_original.is_none() {
                rules(
                    item,
                    p,
                    rm.plan.period.years,
                    rm.plan.style.item_word(),
                    &mut out,
                );
            }
        }
    }
    out
}

/// Whether an item is a re-listing (再掲) whose progress is its original's: counts and
/// lists leave it out.
pub fn is_relisting(item: &Item) -> bool {
    original_of(item).is_some()
}

/// The original a re-listed item stands for: the item its 再掲 marker links to, or the one
/// item every one of its lines re-lists.
fn original_of(item: &Item) -> Option<Path> {
    if let Some(r) = &item.relisting {
        return Some(r.path);
    }
    let mut originals = item.lines.iter().map(|l| {
        l.relisting.as_ref().map(|r| Path {
            line: 0,
            step: 0,
            ..r.path
        })
    });
    let first = originals.next()??;
    originals.all(|o| o == Some(first)).then_some(first)
}

/// Re-listings take their original's progress; one with a status of its own that differs
/// is a warning.
fn relistings(rm: &mut Roadmap, out: &mut Vec<Diagnostic>) {
    let links: Vec<(Path, Path)> = rm
        .items()
        .filter_map(|(at, item)| original_of(item).map(|o| (at, o)))
        .collect();
    for (at, original) in links {
        let Some(orig) = rm.item_at(original) else {
            continue;
        };
        let Some(theirs) = orig.progress.clone() else {
            continue;
        };
        let from = orig.source.clone();
        let place = rm.place_label(original.pillar, original.policy);
        let Some(item) = rm.item_at_mut(at) else {
            continue;
        };
        if let Some(own) = &item.progress {
            if let (Some(mine), Some(orig_status)) = (own.status, theirs.status) {
                if mine != orig_status {
                    out.push(Diagnostic::new(
                        Code::ProgressRelistingDiffers,
                        Place::from(&own.source),
                        &[&item.text, &own.written, &theirs.written, &place],
                    ));
                }
            }
        }
        item.progress = Some(Progress {
            from_original: Some(from),
            ..theirs
        });
    }
}

/// The first step of `item` that starts after `year`: a 完了 item that has one still has
/// steps ahead (a warning for the office, a mark in progress.pdf).
pub fn first_step_after(item: &Item, year: FiscalYear) -> Option<&crate::model::Step> {
    item.lines
        .iter()
        .flat_map(|l| l.steps.iter())
        .filter(|s| s.start.fiscal_year > year)
        .min_by_key(|s| s.start.fiscal_year)
}

/// Whether `item` is reported 完了 for its year but has steps in later fiscal years.
pub fn done_with_steps_ahead(item: &Item) -> bool {
    item.progress.as_ref().is_some_and(|p| {
        p.status == Some(Status::Done)
            && p.year.is_some_and(|y| first_step_after(item, y).is_some())
    })
}

/// The rules on one item's own progress; `word` is what the plan calls an item (the
/// messages' last argument: 取り組み項目「…」).
fn rules(item: &Item, p: &Progress, years: YearNotation, word: &str, out: &mut Vec<Diagnostic>) {
    let label_long = |y| years.long(y);
    let Some(year) = p.year else { return };
    let place = Place::from(&p.source);
    let year_text = label_long(year);
    let Some(status) = p.status else {
        if p.written.is_empty() && p.has_column {
            out.push(Diagnostic::new(
                Code::ProgressNotReported,
                place,
                &[&item.text, &year_text, word],
            ));
        }
        return;
    };
    let steps = || item.lines.iter().flat_map(|l| l.steps.iter());
    let last_end = steps().map(|s| s.end.fiscal_year).max();
    let finished = matches!(status, Status::Done | Status::Revised | Status::Stopped);
    if let Some(end) = last_end.filter(|e| *e <= year && !finished) {
        out.push(Diagnostic::new(
            Code::ProgressOverdue,
            place.clone(),
            &[&item.text, &label_long(end), &year_text, &p.written, word],
        ));
    }
    if status == Status::Done {
        if let Some(later) = first_step_after(item, year) {
            out.push(Diagnostic::new(
                Code::ProgressDoneEarly,
                place.clone(),
                &[
                    &item.text,
                    &year_text,
                    &label_long(later.start.fiscal_year),
                    &later.text,
                    word,
                ],
            ));
        }
    }
    if status.needs_issue() && p.issue.trim().is_empty() {
        out.push(Diagnostic::new(
            Code::ProgressIssueMissing,
            place,
            &[&item.text, status.label(), word],
        ));
    }
}

pub use crate::model::YearSummary;

/// Counts per 評価年度 over the items `counted` keeps (by file), re-listings left out (they
/// are their original). Empty when no submission carries progress.
pub fn summary(rm: &Roadmap, counted: impl Fn(&str) -> bool) -> Vec<YearSummary> {
    let Some(default) = rm.plan.review_year.filter(|_| any(rm)) else {
        return Vec::new();
    };
    let mut years: BTreeMap<FiscalYear, YearSummary> = BTreeMap::new();
    // Per year: department → whether any of its items reported.
    let mut reported: BTreeMap<FiscalYear, BTreeMap<&str, bool>> = BTreeMap::new();
    for (_, item) in rm.items() {
        if !counted(&item.source.file) || original_of(item).is_some() {
            continue;
        }
        let p = item.progress.as_ref();
        let year = p.and_then(|p| p.year).unwrap_or(default);
        let s = years.entry(year).or_insert_with(|| YearSummary {
            year,
            label: rm.plan.period.years.long(year),
            statuses: Status::ALL.iter().map(|s| (*s, 0)).collect(),
            ..YearSummary::default()
        });
        let status = p.and_then(|p| p.status);
        match status {
            Some(st) => *s.statuses.entry(st).or_default() += 1,
            None => s.not_reported += 1,
        }
        *reported
            .entry(year)
            .or_default()
            .entry(item.department.as_str())
            .or_default() |= status.is_some();
    }
    for (year, depts) in reported {
        if let Some(s) = years.get_mut(&year) {
            let silent: BTreeSet<&str> = depts
                .into_iter()
                .filter(|(_, r)| !r)
                .map(|(d, _)| d)
                .collect();
            s.departments_not_reported = silent.into_iter().map(str::to_string).collect();
        }
    }
    years.into_values().collect()
}

fn items_mut(rm: &mut Roadmap) -> impl Iterator<Item = &mut Item> {
    rm.pillars
        .iter_mut()
        .flat_map(|p| p.policies.iter_mut())
        .flat_map(|q| q.initiatives.iter_mut())
        .flat_map(|i| i.items.iter_mut())
}

/// The human lines of the `check` summary, one per 評価年度.
pub fn summary_lines(years: &[YearSummary], lang: crate::diagnostic::Lang) -> Vec<String> {
    use crate::diagnostic::Message;
    years
        .iter()
        .map(|y| {
            let counts: Vec<String> = y
                .statuses
                .iter()
                .map(|(s, n)| format!("{} {n}", s.label()))
                .collect();
            let silent = y.departments_not_reported.join("、");
            let (silent_ja, silent_en) = if silent.is_empty() {
                (String::new(), String::new())
            } else {
                (
                    format!("（報告のない課: {silent}）"),
                    format!(" (departments that did not report: {silent})"),
                )
            };
            Message::new(
                format!(
                    "進捗（{}）: {}、未報告 {}{silent_ja}",
                    y.label,
                    counts.join("、"),
                    y.not_reported
                ),
                format!(
                    "progress ({}): {}, not reported {}{silent_en}",
                    y.label,
                    counts.join(", "),
                    y.not_reported
                ),
            )
            .get(lang)
            .to_string()
        })
        .collect()
}
