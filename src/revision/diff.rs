//! What changed between two editions of the roadmap: steps, lines and items added, removed,
//! rescheduled, moved or reworded, re-listings that changed, KPI targets and actuals.
//!
//! The matching is described in the [module doc of `revision`](super); [`diff`] is the
//! entry point and [`Changes`] (serialised as the JSON of `koteihyo diff --format json`) the
//! result, in a deterministic order: by policy (pillar and policy number), then by place in
//! the new edition (the old one for what was removed), KPIs last.

mod change;
mod flat;
mod kpi;
mod matching;

use serde::Serialize;

use crate::model::{Roadmap, Step};
use crate::normalize::text::strip_relisting;
use change::Order;
pub use change::{Change, Kind, Scope, Side, KPI_GROUP, KPI_GROUP_TITLE};
use flat::Flat;
pub use matching::SIMILAR;
use matching::{How, Matching};

/// Counts by kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Every change.
    pub total: usize,
    /// Added steps, lines, items and KPIs.
    pub added: usize,
    /// Removed steps, lines, items and KPIs.
    pub removed: usize,
    /// Rescheduled steps.
    pub rescheduled: usize,
    /// Moved steps, lines and items.
    pub moved: usize,
    /// Reworded steps and items.
    pub reworded: usize,
    /// Re-listing changes.
    pub relisting: usize,
    /// KPI target and actual changes.
    pub kpi: usize,
    /// Progress statuses that changed (absent from the JSON when there are none).
    #[serde(skip_serializing_if = "is_zero")]
    pub status: usize,
    /// Lines whose 備考 changed (absent from the JSON when there are none).
    #[serde(skip_serializing_if = "is_zero")]
    pub remark: usize,
    /// Items whose department (担当課) changed (absent from the JSON when there are none).
    #[serde(skip_serializing_if = "is_zero")]
    pub department: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Every change, in order (see the module doc).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Changes {
    /// Counts by kind.
    pub summary: Summary,
    /// The changes.
    pub changes: Vec<Change>,
}

/// Compares two editions.
pub fn diff(old: &Roadmap, new: &Roadmap) -> Changes {
    let (a, b) = (Flat::new(old), Flat::new(new));
    let m = matching::match_all(&a, &b);
    let mut keyed = Vec::new();
    let build = Builder {
        old: &a,
        new: &b,
        m: &m,
    };
    build.initiatives(&mut keyed);
    build.items(&mut keyed);
    build.pairs(&mut keyed);
    build.leftovers(&mut keyed);
    kpi::changes(old, new, &mut keyed);
    keyed.sort_by(|(x, cx), (y, cy)| {
        x.cmp(y)
            .then_with(|| cx.kind.cmp(&cy.kind))
            .then_with(|| side_text(cx).cmp(&side_text(cy)))
    });
    let changes: Vec<Change> = keyed.into_iter().map(|(_, c)| c).collect();
    Changes {
        summary: summary(&changes),
        changes,
    }
}

fn side_text(c: &Change) -> (String, String) {
    let t = |s: &Option<Side>| s.as_ref().map(|s| s.text.clone()).unwrap_or_default();
    (t(&c.old), t(&c.new))
}

fn summary(changes: &[Change]) -> Summary {
    let mut s = Summary {
        total: changes.len(),
        ..Summary::default()
    };
    for c in changes {
        match c.kind {
            Kind::Added => s.added += 1,
            Kind::Removed => s.removed += 1,
            Kind::Rescheduled => s.rescheduled += 1,
            Kind::Moved => s.moved += 1,
            Kind::Reworded => s.reworded += 1,
            Kind::Relisting => s.relisting += 1,
            Kind::KpiTarget | Kind::KpiActual | Kind::KpiRationale => s.kpi += 1,
            Kind::Status => s.status += 1,
            Kind::Remark => s.remark += 1,
            Kind::Department => s.department += 1,
        }
    }
    s
}

/// An item's status in both editions, when both have one and they differ (a re-listing's is
/// its original's, reported there): (status, 評価年度) before and after.
type StatusSide = (&'static str, String);
fn status_change(
    old: &crate::model::Item,
    new: &crate::model::Item,
    years: crate::fiscal::YearNotation,
) -> Option<(StatusSide, StatusSide)> {
    if crate::progress::is_relisting(new) {
        return None;
    }
    let of = |i: &crate::model::Item| {
        let p = i.progress.as_ref()?;
        let year = p.year.map(|y| years.short(y));
        Some((p.status?.label(), year.unwrap_or_default()))
    };
    let (a, b) = (of(old)?, of(new)?);
    (a.0 != b.0).then_some((a, b))
}

/// Turns the matching into changes.
struct Builder<'a> {
    old: &'a Flat<'a>,
    new: &'a Flat<'a>,
    m: &'a Matching,
}

impl Builder<'_> {
    /// Initiatives whose wording changed (their items are compared as if it had not).
    fn initiatives(&self, out: &mut Vec<(Order, Change)>) {
        for &(o, n) in &self.m.initiatives {
            let old = self.old.initiative_side(o);
            let new = self.new.initiative_side(n);
            out.push((
                self.new.item_order(n),
                self.new
                    .change(Kind::Reworded, Scope::Initiative, n, Some(old), Some(new)),
            ));
        }
    }

    /// Paired lines whose own 再掲 link changed (a re-listed line's original moved or
    /// changed, or the line became or stopped being a re-listing).
    fn line_links(&self, out: &mut Vec<(Order, Change)>) -> Vec<(usize, usize)> {
        let mut reported = Vec::new();
        for &(ol, nl) in &self.m.lines {
            if self.old.line_relisting(ol) == self.new.line_relisting(nl) {
                continue;
            }
            reported.push(nl);
            out.push((
                self.new.line_order(nl),
                self.new.change(
                    Kind::Relisting,
                    Scope::Line,
                    nl.0,
                    Some(self.old.line_side(ol)),
                    Some(self.new.line_side(nl)),
                ),
            ));
        }
        reported
    }

    /// Paired lines (moved or not) whose 備考 changed.
    fn remarks(&self, out: &mut Vec<(Order, Change)>) {
        for &(ol, nl) in self.m.lines.iter().chain(&self.m.moved_lines) {
            let (a, b) = (self.old.line_remark(ol), self.new.line_remark(nl));
            if a == b {
                continue;
            }
            let side = |flat: &Flat<'_>, l: (usize, usize), remark: &str| Side {
                text: remark.to_string(),
                span: String::new(),
                ..flat.line_side(l)
            };
            out.push((
                self.new.line_order(nl),
                self.new.change(
                    Kind::Remark,
                    Scope::Line,
                    nl.0,
                    Some(side(self.old, ol, a)),
                    Some(side(self.new, nl, b)),
                ),
            ));
        }
    }

    /// Items moved or reworded as a whole, and 再掲 changes of items.
    fn items(&self, out: &mut Vec<(Order, Change)>) {
        for &(o, n, how) in &self.m.items {
            let (Some(oi), Some(ni)) = (self.old.items.get(o), self.new.items.get(n)) else {
                continue;
            };
            let kind = match how {
                How::Moved => Some(Kind::Moved),
                How::Reworded => Some(Kind::Reworded),
                How::Same if oi.item.label != ni.item.label => Some(Kind::Reworded),
                How::Same if relisting_of_item(oi.item) != relisting_of_item(ni.item) => {
                    Some(Kind::Relisting)
                }
                How::Same => None,
            };
            if let Some(kind) = kind {
                let old = self.old.item_side(o);
                let new = self.new.item_side(n);
                out.push((
                    self.new.item_order(n),
                    self.new.change(kind, Scope::Item, n, Some(old), Some(new)),
                ));
            }
            if oi.item.department != ni.item.department {
                let side = |flat: &Flat<'_>, i: usize, department: &str| Side {
                    text: department.to_string(),
                    span: String::new(),
                    ..flat.item_side(i)
                };
                let old = side(self.old, o, &oi.item.department);
                let new = side(self.new, n, &ni.item.department);
                out.push((
                    self.new.item_order(n),
                    self.new
                        .change(Kind::Department, Scope::Item, n, Some(old), Some(new)),
                ));
            }
            if let Some((old, new)) = status_change(oi.item, ni.item, self.new.rm.plan.period.years)
            {
                let side = |flat: &Flat<'_>, i: usize, (status, year): (&str, String)| Side {
                    text: status.to_string(),
                    span: year,
                    ..flat.item_side(i)
                };
                let old = side(self.old, o, old);
                let new = side(self.new, n, new);
                out.push((
                    self.new.item_order(n),
                    self.new
                        .change(Kind::Status, Scope::Item, n, Some(old), Some(new)),
                ));
            }
        }
    }

    /// Paired steps (and lines moved whole) that differ. A step's 再掲 change is left out
    /// when its line's own link change is reported.
    fn pairs(&self, out: &mut Vec<(Order, Change)>) {
        let linked = self.line_links(out);
        self.remarks(out);
        for &(ol, nl) in &self.m.moved_lines {
            let old = self.old.line_side(ol);
            let new = self.new.line_side(nl);
            out.push((
                self.new.line_order(nl),
                self.new
                    .change(Kind::Moved, Scope::Line, nl.0, Some(old), Some(new)),
            ));
        }
        for &(o, n, how) in &self.m.steps {
            let (Some(os), Some(ns)) = (self.old.steps.get(o), self.new.steps.get(n)) else {
                continue;
            };
            let kind = match how {
                How::Moved => Some(Kind::Moved),
                How::Reworded => Some(Kind::Reworded),
                How::Same => same_pair_kind(os.step, ns.step),
            };
            let Some(kind) = kind else { continue };
            if kind == Kind::Relisting && linked.contains(&(ns.item, ns.line)) {
                continue;
            }
            if self.m.in_moved_line(o) {
                // Reported with its line, whose change shows both texts and both spans.
                continue;
            }
            out.push((
                self.new.step_order(n),
                self.new.change(
                    kind,
                    Scope::Step,
                    ns.item,
                    Some(self.old.step_side(o)),
                    Some(self.new.step_side(n)),
                ),
            ));
        }
    }

    /// Whatever is left: added and removed, a whole item or line as one change.
    fn leftovers(&self, out: &mut Vec<(Order, Change)>) {
        for (flat, paired, added) in [
            (self.old, &self.m.old_steps_paired(), false),
            (self.new, &self.m.new_steps_paired(), true),
        ] {
            let items_paired = if added {
                self.m.new_items_paired()
            } else {
                self.m.old_items_paired()
            };
            let kind = if added { Kind::Added } else { Kind::Removed };
            for (i, item) in flat.items.iter().enumerate() {
                let all_left = item.lines.iter().flatten().all(|s| !paired.contains(s));
                if !items_paired.contains(&i) && all_left {
                    let side = flat.item_side(i);
                    let (old, new) = if added {
                        (None, Some(side))
                    } else {
                        (Some(side), None)
                    };
                    out.push((
                        flat.item_order(i),
                        flat.change(kind, Scope::Item, i, old, new),
                    ));
                    continue;
                }
                for (l, steps) in item.lines.iter().enumerate() {
                    let left: Vec<usize> = steps
                        .iter()
                        .copied()
                        .filter(|s| !paired.contains(s))
                        .collect();
                    if left.is_empty() {
                        continue;
                    }
                    if left.len() == steps.len() {
                        let side = flat.line_side((i, l));
                        let (old, new) = if added {
                            (None, Some(side))
                        } else {
                            (Some(side), None)
                        };
                        out.push((
                            flat.line_order((i, l)),
                            flat.change(kind, Scope::Line, i, old, new),
                        ));
                        continue;
                    }
                    for s in left {
                        let side = flat.step_side(s);
                        let (old, new) = if added {
                            (None, Some(side))
                        } else {
                            (Some(side), None)
                        };
                        out.push((
                            flat.step_order(s),
                            flat.change(kind, Scope::Step, i, old, new),
                        ));
                    }
                }
            }
        }
    }
}

/// The change a pair matched on its label shows, if any: reworded (notes, pin or spacing of
/// the text), rescheduled, or a 再掲 change, in that order.
fn same_pair_kind(old: &Step, new: &Step) -> Option<Kind> {
    if strip_relisting(&old.text).0 != strip_relisting(&new.text).0 {
        Some(Kind::Reworded)
    } else if (old.start.column, old.end.column) != (new.start.column, new.end.column) {
        Some(Kind::Rescheduled)
    } else if relisting_of_step(old) != relisting_of_step(new) {
        Some(Kind::Relisting)
    } else {
        None
    }
}

/// What a step's 再掲 amounts to: its marker and the original it resolved to (by place and
/// text: tree positions move whenever lines are added above).
fn relisting_of_step(s: &Step) -> (bool, Option<(&str, &str)>) {
    (
        s.relisted,
        s.relisting
            .as_ref()
            .map(|r| (r.place.as_str(), r.text.as_str())),
    )
}

fn relisting_of_item(i: &crate::model::Item) -> (bool, Option<(&str, &str)>) {
    (
        i.relisted,
        i.relisting
            .as_ref()
            .map(|r| (r.place.as_str(), r.text.as_str())),
    )
}

#[cfg(test)]
mod tests;
