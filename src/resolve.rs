//! Resolve 再掲 (re-listings): link each re-listed line and item to its original, fill the
//! schedules re-listings inherit, and report what does not add up.
//!
//! The contract is `docs/SUBMISSIONS.md`, section 再掲. Matching is on labels (NFKC, markers and
//! notes removed) with all white space also removed (`text::key`).
//!
//! # Lines
//! A *re-listed line* has at least one step marked 再掲. Its *original* is a line anywhere
//! (any department, any pillar) with no marked step, not under a re-listed item, whose step
//! keys are the same, in order, as the re-listed line's — all of its steps, marked or not.
//! A one-step line is still matched as a whole line: its context is that one text.
//! 1. Exactly one original line → the line and each marked step are linked to it (step by
//!    position); marked steps with `inherit_schedule` take their original step's start and
//!    end; then the marked steps' spans are compared with their originals'
//!    (`relisting-schedule-differs`, once per line).
//! 2. Several → `relisting-ambiguous`. Never guessed: generic phrases (`情報収集・検討`,
//!    `検討結果を踏まえた対応`) occur dozens of times.
//! 3. None, but the re-listed steps occur as a contiguous run inside longer original lines:
//!    one such line → `relisting-near-miss` naming it (not linked: the contract links whole
//!    lines only, and a partial copy may be a coincidence of common phrases); several →
//!    `relisting-ambiguous`. This is what a list-layout re-listing that copies one step of a
//!    multi-step line gets.
//! 4. Otherwise the closest original by `fuzzy` similarity, among original lines (steps
//!    joined) and their single steps: at or above [`SIMILAR`] → `relisting-near-miss`,
//!    else `relisting-no-original`.
//!
//! # Items
//! A re-listed item matches the unmarked item with the same key: one → linked (its path
//! has `line` and `step` 0), several → ambiguous, none → the closest unmarked item as in 4.
//! Item and line re-listings are resolved independently, so a marked item with marked
//! lines gets both.
//!
//! An unmarked item whose key was already seen, unmarked, under another initiative gets
//! `item-duplicate-unmarked`, naming the first such occurrence. Repeated step texts are
//! never reported: generic steps repeat by design.
//!
//! # Links and schedules
//! A line's link quotes the original line as written, steps joined by ` / `, at its first
//! step's cell; a step's link quotes the original step. Unmarked steps of a partly marked
//! line are matched (they are part of its context) but not linked. Spans are written as the
//! chart shows them — `～R6` (lead column only), `～R7` (from before the period through R7),
//! `R8`, `R8～R11` — and compared in that form: two years both in the lead column are the
//! same on the chart, so they are not a difference.
//!
//! Diagnostics sit on the re-listing's cell (the first marked step of a line, the item
//! cell); the original's place is in the message. They come in document order.

mod fuzzy;
mod items;
mod table;
#[cfg(test)]
mod tests;
mod text;

use std::collections::HashMap;

use crate::diagnostic::{Code, Diagnostic, Place, Warned};
use crate::model::{Line, Path, Relisting, Roadmap, Source, YearRef};
use fuzzy::Fuzzy;
use table::{line_at, line_at_mut, Table};

/// Dice similarity (character bigrams, see the `fuzzy` module) from which the closest
/// original is offered as "did you mean". The published typos score 0.85 (`AIやさしい…` vs
/// `AIによるやさしい…`) and 0.90 (`リスキリング` vs `リスキング`); `情報収集` vs
/// `情報収集・検討` scores 0.62.
pub const SIMILAR: f64 = 0.6;

/// Candidates listed in full in an ambiguity message; the rest are counted.
const LISTED: usize = 5;

/// Link re-listings to their originals; see the module documentation for the rules.
pub fn resolve(mut roadmap: Roadmap) -> Warned<Roadmap> {
    let table = Table::build(&roadmap);
    let mut r = Resolver {
        roadmap: &roadmap,
        table: &table,
        line_fuzzy: None,
        item_fuzzy: None,
        diagnostics: Vec::new(),
        items: Vec::new(),
        lines: Vec::new(),
        closest: Vec::new(),
    };
    // Key → (first unmarked occurrence, first one under another initiative than that).
    let mut seen: HashMap<&str, (usize, Option<usize>)> = HashMap::new();
    for (id, item) in table.items.iter().enumerate() {
        if !item.relisted && !item.key.is_empty() {
            r.duplicate(id, &mut seen);
        }
        if item.relisted {
            r.item(id);
        }
        for line in item.lines.clone() {
            if table.lines.get(line).is_some_and(|l| l.relisted) {
                r.line(line);
            }
        }
    }
    let Resolver {
        diagnostics,
        items,
        lines,
        closest,
        ..
    } = r;
    for (at, link) in closest {
        match at {
            Relisted::Item(path) => {
                if let Some(item) = roadmap.item_at_mut(path) {
                    item.closest_original = Some(link);
                }
            }
            Relisted::Line(path) => {
                if let Some(line) = line_at_mut(&mut roadmap, path) {
                    line.closest_original = Some(link);
                }
            }
        }
    }
    for (path, link) in items {
        if let Some(item) = roadmap.item_at_mut(path) {
            item.relisting = Some(link);
        }
    }
    for edit in lines {
        edit.apply(&mut roadmap);
    }
    Warned::new(roadmap, diagnostics)
}

/// The links found for one re-listed line.
struct LineEdit {
    path: Path,
    link: Relisting,
    steps: Vec<StepEdit>,
}

/// A step's position in its line, its link (marked steps only), and the start and end it
/// inherits (steps with `inherit_schedule` only).
type StepEdit = (usize, Option<Relisting>, Option<(YearRef, YearRef)>);

impl LineEdit {
    fn apply(self, roadmap: &mut Roadmap) {
        let Some(line) = line_at_mut(roadmap, self.path) else {
            return;
        };
        line.relisting = Some(self.link);
        for (i, link, inherit) in self.steps {
            let Some(step) = line.steps.get_mut(i) else {
                continue;
            };
            if link.is_some() {
                step.relisting = link;
            }
            if let Some((start, end)) = inherit {
                step.start = start;
                step.end = end;
                step.inherit_schedule = false;
            }
        }
    }
}

/// A re-listed item or line, by its path.
#[derive(Debug, Clone, Copy)]
enum Relisted {
    Item(Path),
    Line(Path),
}

/// A candidate original, for messages and the closest-original link.
struct Candidate {
    path: Path,
    text: String,
    place: String,
    source: Source,
}

impl Candidate {
    fn link(&self) -> Relisting {
        Relisting {
            path: self.path,
            place: self.place.clone(),
            text: self.text.clone(),
            source: self.source.clone(),
        }
    }

    /// `(1)④ 市民課.xlsx 工程表!F12`
    fn where_(&self) -> String {
        format!("{} {}", self.place, text::cell(&self.source))
    }
}

/// What a line entry of the similarity index stands for: a whole original line, or one of
/// its steps.
type LineEntry = (usize, Option<usize>);

struct Resolver<'a> {
    roadmap: &'a Roadmap,
    table: &'a Table,
    /// Built on first need: most roadmaps have no near misses at all.
    line_fuzzy: Option<(Fuzzy, Vec<LineEntry>)>,
    item_fuzzy: Option<(Fuzzy, Vec<usize>)>,
    diagnostics: Vec<Diagnostic>,
    items: Vec<(Path, Relisting)>,
    lines: Vec<LineEdit>,
    /// Re-listings without an original, with the near miss the warning names.
    closest: Vec<(Relisted, Relisting)>,
}

impl<'a> Resolver<'a> {
    fn place(&self, p: Path) -> String {
        self.roadmap.place_label(p.pillar, p.policy)
    }

    fn line_candidate(&self, id: usize) -> Option<Candidate> {
        let rec = self.table.lines.get(id)?;
        let line = line_at(self.roadmap, rec.path)?;
        Some(Candidate {
            path: rec.path,
            text: text::line_text(&line.steps),
            place: self.place(rec.path),
            source: line_source(line),
        })
    }

    fn item_candidate(&self, id: usize) -> Option<Candidate> {
        let rec = self.table.items.get(id)?;
        let item = self.roadmap.item_at(rec.path)?;
        Some(Candidate {
            path: rec.path,
            text: item.text.clone(),
            place: self.place(rec.path),
            source: item.source.clone(),
        })
    }

    fn ambiguous(&mut self, written: &str, at: &Source, candidates: Vec<Candidate>) {
        let mut listed: Vec<String> = candidates
            .iter()
            .take(LISTED)
            .map(Candidate::where_)
            .collect();
        if candidates.len() > LISTED {
            listed.push(format!("… +{}", candidates.len() - LISTED));
        }
        self.diagnostics.push(Diagnostic::new(
            Code::RelistingAmbiguous,
            Place::from(at),
            &[written, &listed.join("; ")],
        ));
    }

    /// `relisting-near-miss` naming `best` if it is close enough (and `best` kept as the
    /// re-listing's closest original, so the editions can point at it), else
    /// `relisting-no-original`.
    fn near_miss(
        &mut self,
        relisted: Relisted,
        written: &str,
        at: &Source,
        best: Option<(Candidate, f64)>,
    ) {
        let place = Place::from(at);
        self.diagnostics.push(match best {
            Some((c, score)) if score >= SIMILAR => {
                self.closest.push((relisted, c.link()));
                Diagnostic::new(
                    Code::RelistingNearMiss,
                    place,
                    &[written, &c.text, &c.place, &text::cell(&c.source)],
                )
            }
            _ => Diagnostic::new(Code::RelistingNoOriginal, place, &[written]),
        });
    }

    fn line(&mut self, id: usize) {
        let Some(rec) = self.table.lines.get(id) else {
            return;
        };
        let Some(line) = line_at(self.roadmap, rec.path) else {
            return;
        };
        let written = text::line_text(&line.steps);
        // The re-listing's cell: its first marked step.
        let at = line
            .steps
            .iter()
            .find(|s| s.relisted)
            .map_or_else(|| line_source(line), |s| s.source.clone());
        let exact = self
            .table
            .line_exact
            .get(&rec.keys)
            .map_or(&[][..], |v| &v[..]);
        match exact {
            [one] => self.link_line(rec.path, line, *one),
            [] => {
                let within = self.table.containing(&rec.keys);
                match within.as_slice() {
                    [] => {
                        let best = self.closest_line(&rec.keys.join("/"));
                        self.near_miss(Relisted::Line(rec.path), &written, &at, best);
                    }
                    [(one, pos)] => {
                        let c = self.line_candidate(*one).map(|mut c| {
                            // Point at the copied run, not at the start of the line.
                            let step = self
                                .table
                                .lines
                                .get(*one)
                                .and_then(|o| line_at(self.roadmap, o.path))
                                .and_then(|l| l.steps.get(*pos));
                            if let Some(s) = step {
                                c.source = s.source.clone();
                                c.path.step = *pos;
                            }
                            (c, 1.0)
                        });
                        self.near_miss(Relisted::Line(rec.path), &written, &at, c);
                    }
                    many => {
                        let c = many
                            .iter()
                            .filter_map(|(i, _)| self.line_candidate(*i))
                            .collect();
                        self.ambiguous(&written, &at, c);
                    }
                }
            }
            many => {
                let c = many
                    .iter()
                    .filter_map(|i| self.line_candidate(*i))
                    .collect();
                self.ambiguous(&written, &at, c);
            }
        }
    }

    /// The original line or step closest to `query` (a line's keys joined by `/`).
    fn closest_line(&mut self, query: &str) -> Option<(Candidate, f64)> {
        let table = self.table;
        let (index, entries) = self.line_fuzzy.get_or_insert_with(|| {
            let mut entries: Vec<LineEntry> = Vec::new();
            let mut texts: Vec<String> = Vec::new();
            for (id, rec) in table.lines.iter().enumerate().filter(|(_, r)| r.original) {
                entries.push((id, None));
                texts.push(rec.keys.join("/"));
                // A one-step line is already its own whole-line entry.
                if rec.keys.len() > 1 {
                    for (pos, k) in rec.keys.iter().enumerate() {
                        entries.push((id, Some(pos)));
                        texts.push(k.clone());
                    }
                }
            }
            (Fuzzy::new(texts.iter().map(String::as_str)), entries)
        });
        let (entry, score) = index.closest(query)?;
        let (id, pos) = *entries.get(entry)?;
        let mut c = self.line_candidate(id)?;
        if let Some(pos) = pos {
            let rec = self.table.lines.get(id)?;
            let step = line_at(self.roadmap, rec.path)?.steps.get(pos)?;
            c.text = step.text.clone();
            c.source = step.source.clone();
            c.path.step = pos;
        }
        Some((c, score))
    }

    fn link_line(&mut self, path: Path, line: &Line, original: usize) {
        let Some(orec) = self.table.lines.get(original) else {
            return;
        };
        let Some(oline) = line_at(self.roadmap, orec.path) else {
            return;
        };
        let place = self.place(orec.path);
        let period = self.roadmap.plan.period;
        let mut steps = Vec::new();
        let (mut mine, mut theirs, mut differs) = (Vec::new(), Vec::new(), false);
        for (i, (step, o)) in line.steps.iter().zip(&oline.steps).enumerate() {
            let link = step.relisted.then(|| Relisting {
                path: Path {
                    step: i,
                    ..orec.path
                },
                place: place.clone(),
                text: o.text.clone(),
                source: o.source.clone(),
            });
            let inherit = step
                .inherit_schedule
                .then(|| (o.start.clone(), o.end.clone()));
            // Compare and print the schedule the step will have once inherited.
            let (start, end) = match &inherit {
                Some((s, e)) => (s.fiscal_year, e.fiscal_year),
                None => (step.start.fiscal_year, step.end.fiscal_year),
            };
            let (os, oe) = (o.start.fiscal_year, o.end.fiscal_year);
            if step.relisted && inherit.is_none() && period.span(start, end) != period.span(os, oe)
            {
                differs = true;
            }
            mine.push(period.span(start, end).short());
            theirs.push(period.span(os, oe).short());
            steps.push((i, link, inherit));
        }
        if differs {
            let at = line
                .steps
                .iter()
                .find(|s| s.relisted)
                .map_or_else(|| line_source(line), |s| s.source.clone());
            self.diagnostics.push(Diagnostic::new(
                Code::RelistingScheduleDiffers,
                Place::from(&at),
                &[
                    &text::line_text(&line.steps),
                    &mine.join(" / "),
                    &theirs.join(" / "),
                    &place,
                ],
            ));
        }
        self.lines.push(LineEdit {
            path,
            link: Relisting {
                path: orec.path,
                place,
                text: text::line_text(&oline.steps),
                source: line_source(oline),
            },
            steps,
        });
    }
}

/// A line's cell for messages and links: its first step's, where the text a reader looks
/// for is; the line's own if it has no step.
fn line_source(line: &Line) -> Source {
    line.steps
        .first()
        .map_or_else(|| line.source.clone(), |s| s.source.clone())
}
