//! Placing read rows in the tree: pillars and policies resolved against the plan frame,
//! initiatives in the frame's order (unlisted ones after), items and lines in file and row
//! order.

use super::entry::{Entry, Written};
use super::text::{
    match_key, name_matches, parse_pillar_ref, parse_policy_ref, strip_relisting, FrameRef,
};
use crate::diagnostic::{Code, Diagnostic};
use std::collections::HashMap;

use crate::model::{Initiative, Item, Pillar};

/// Indexes kept while rows are placed.
#[derive(Default)]
struct Indexes {
    /// (policy position, initiative index, item index, 行 group) → line index, for list layout.
    groups: HashMap<(usize, usize, usize, usize, String, String), usize>,
    /// Lookups by key instead of scanning: a policy may hold thousands of initiatives when
    /// many roadmaps are built at once, and a scan per row would make assembly quadratic.
    initiatives: HashMap<(usize, usize), HashMap<String, usize>>,
    items: HashMap<(usize, usize, usize), HashMap<String, usize>>,
}

/// Adds the rows to the frame's pillars (which already hold the listed initiatives, empty).
/// A row's progress cells go to its item; a row that finds no item reports them.
pub fn assemble(pillars: &mut [Pillar], entries: Vec<Entry>, out: &mut Vec<Diagnostic>) {
    let mut indexes = Indexes::default();
    for mut entry in entries {
        let progress = std::mem::take(&mut entry.progress);
        match place(pillars, entry, &mut indexes, out) {
            Some(item) => super::progress::attach(item, progress, out),
            None => progress.unplaced(out),
        }
    }
}

/// Places one row; returns its item, when it has one.
fn place<'a>(
    pillars: &'a mut [Pillar],
    entry: Entry,
    indexes: &mut Indexes,
    out: &mut Vec<Diagnostic>,
) -> Option<&'a mut Item> {
    let Indexes {
        groups,
        initiatives: initiative_index,
        items: item_index,
    } = indexes;
    {
        let step_text = entry
            .line
            .as_ref()
            .and_then(|l| l.steps.first())
            .map(|s| s.text.clone())
            .unwrap_or_default();
        let missing = |field: &str, at: Option<&Written>, out: &mut Vec<Diagnostic>| {
            let place = at
                .map(|(_, s)| s.into())
                .or_else(|| entry.line.as_ref().map(|l| (&l.source).into()));
            if let Some(place) = place {
                out.push(Diagnostic::new(
                    Code::HierarchyMissing,
                    place,
                    &[field, &step_text],
                ));
            }
        };
        let any_below = entry.initiative.is_some() || entry.item.is_some() || entry.line.is_some();
        let Some(pillar_w) = &entry.pillar else {
            if any_below {
                missing("柱", entry.initiative.as_ref().or(entry.item.as_ref()), out);
            }
            return None;
        };
        let Some(p) = find_pillar(pillars, &pillar_w.0) else {
            out.push(Diagnostic::new(
                Code::PillarUnknown,
                (&pillar_w.1).into(),
                &[pillar_w.0.trim()],
            ));
            return None;
        };
        let Some(policy_w) = &entry.policy else {
            if any_below {
                missing("施策", entry.initiative.as_ref().or(Some(pillar_w)), out);
            }
            return None;
        };
        let pillar = pillars.get_mut(p)?;
        let Some(q) = find_policy(pillar, &policy_w.0) else {
            out.push(Diagnostic::new(
                Code::PolicyUnknown,
                (&policy_w.1).into(),
                &[policy_w.0.trim(), &pillar.label],
            ));
            return None;
        };
        let policy = pillar.policies.get_mut(q)?;
        let Some((ini_text, ini_source)) = &entry.initiative else {
            if entry.item.is_some() || entry.line.is_some() {
                missing(
                    "具体的な取り組み",
                    entry.item.as_ref().or(Some(policy_w)),
                    out,
                );
            }
            return None;
        };
        let index = initiative_index.entry((p, q)).or_insert_with(|| {
            let mut m = HashMap::new();
            for (i, x) in policy.initiatives.iter().enumerate() {
                m.entry(match_key(&x.text)).or_insert(i);
            }
            m
        });
        let i = *index.entry(match_key(ini_text)).or_insert_with(|| {
            policy.initiatives.push(Initiative {
                text: ini_text.trim().to_string(),
                items: Vec::new(),
                source: ini_source.clone(),
            });
            policy.initiatives.len() - 1
        });
        let initiative = policy.initiatives.get_mut(i)?;
        if initiative.items.is_empty() && initiative.source.file != ini_source.file {
            // The first submission that fills a frame initiative is where it is written.
            initiative.source = ini_source.clone();
        }
        let Some((item_text, item_source)) = &entry.item else {
            if entry.line.is_some() {
                missing("取り組み項目", entry.initiative.as_ref(), out);
            }
            return None;
        };
        let items = item_index.entry((p, q, i)).or_default();
        let j = *items
            .entry(item_text.trim().to_string())
            .or_insert_with(|| {
                let (label, relisted) = strip_relisting(item_text);
                initiative.items.push(Item {
                    text: item_text.trim().to_string(),
                    label,
                    relisted,
                    relisting: None,
                    department: entry.department.clone(),
                    lines: Vec::new(),
                    progress: None,
                    source: item_source.clone(),
                });
                initiative.items.len() - 1
            });
        let item = initiative.items.get_mut(j)?;
        let Some(line) = entry.line else {
            return Some(item);
        };
        match entry.group {
            Some(group) => {
                let key = (p, q, i, j, line.source.file.clone(), group);
                match groups.get(&key).and_then(|&k| item.lines.get_mut(k)) {
                    Some(existing) => {
                        existing.steps.extend(line.steps);
                        existing
                            .steps
                            .sort_by_key(|s| (s.start.column, s.source.row));
                    }
                    None => {
                        groups.insert(key, item.lines.len());
                        item.lines.push(line);
                    }
                }
            }
            None => item.lines.push(line),
        }
        Some(item)
    }
}

fn find_pillar(pillars: &[Pillar], written: &str) -> Option<usize> {
    match parse_pillar_ref(written)? {
        FrameRef::Number(n) => pillars.iter().position(|p| p.number == n),
        FrameRef::Name(key) => pillars.iter().position(|p| name_matches(&key, &p.title)),
    }
}

fn find_policy(pillar: &Pillar, written: &str) -> Option<usize> {
    match parse_policy_ref(written)? {
        FrameRef::Number(n) => pillar.policies.iter().position(|q| q.number == n),
        FrameRef::Name(key) => pillar
            .policies
            .iter()
            .position(|q| name_matches(&key, &q.title)),
    }
}
