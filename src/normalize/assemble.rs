//! Placing read rows in the tree: pillars and policies resolved against the plan frame,
//! initiatives in the frame's order (unlisted ones after), items and lines in file and row
//! order.

use super::entry::{Entry, Written};
use super::text::{
    closest_pillar_form, closest_policy_form, match_key, name_matches, parse_pillar_ref,
    parse_policy_ref, strip_relisting, FrameRef,
};
use crate::diagnostic::{Code, Diagnostic};
use std::collections::HashMap;

use crate::model::{Initiative, Item, Line, Pillar, PlanStyle, Policy, Words};

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
///
/// `style.items`: the plan has the 取り組み項目 level; without it (計画 key `取り組み項目` なし)
/// each line is an item of its own, directly under its 具体的な取り組み. Findings name the
/// levels in the plan's words (`style.words`).
pub fn assemble(
    pillars: &mut [Pillar],
    entries: Vec<Entry>,
    style: &PlanStyle,
    out: &mut Vec<Diagnostic>,
) {
    let items = style.items;
    let words = &style.words;
    let mut indexes = Indexes::default();
    for mut entry in entries {
        let own_item = !items && entry.item.is_none();
        if own_item {
            entry.item = line_as_item(&entry);
        }
        let progress = std::mem::take(&mut entry.progress);
        match place(pillars, entry, &mut indexes, (own_item, words), out) {
            Some(item) => super::progress::attach(item, progress, style.item_word(), out),
            None => progress.unplaced(out),
        }
    }
}

/// Places one row; returns its item, when it has one.
fn place<'a>(
    pillars: &'a mut [Pillar],
    entry: Entry,
    indexes: &mut Indexes,
    (own_item, words): (bool, &Words),
    out: &mut Vec<Diagnostic>,
) -> Option<&'a mut Item> {
    let (p, q) = frame_policy(pillars, &entry, words, out)?;
    let policy = pillars.get_mut(p)?.policies.get_mut(q)?;
    let Some(initiative_w) = &entry.initiative else {
        if entry.item.is_some() || entry.line.is_some() {
            hierarchy_missing(
                &entry,
                &words.initiative,
                entry.item.as_ref().or(entry.policy.as_ref()),
                out,
            );
        }
        return None;
    };
    let i = initiative_position(policy, &mut indexes.initiatives, (p, q), initiative_w);
    let initiative = policy.initiatives.get_mut(i)?;
    if initiative.items.is_empty() && initiative.source.file != initiative_w.1.file {
        // The first submission that fills a frame initiative is where it is written.
        initiative.source = initiative_w.1.clone();
    }
    let Some(item_w) = &entry.item else {
        if entry.line.is_some() {
            hierarchy_missing(&entry, &words.item, entry.initiative.as_ref(), out);
        }
        return None;
    };
    let items = indexes.items.entry((p, q, i)).or_default();
    let key = item_key(&entry, own_item);
    let j = item_position(initiative, items, key, item_w, &entry.department);
    let item = initiative.items.get_mut(j)?;
    let Some(mut line) = entry.line else {
        item.cell_notes.extend(entry.cell_notes);
        return Some(item);
    };
    line.cell_notes.extend(entry.cell_notes);
    add_line(item, line, entry.group, (p, q, i, j), &mut indexes.groups);
    Some(item)
}

/// Resolves the row's 柱 and 施策 against the frame: their positions, or `None` when the row
/// has no place there (a blank level above a filled one, or a name the frame does not
/// hold, is reported).
fn frame_policy(
    pillars: &[Pillar],
    entry: &Entry,
    words: &Words,
    out: &mut Vec<Diagnostic>,
) -> Option<(usize, usize)> {
    let any_below = entry.initiative.is_some() || entry.item.is_some() || entry.line.is_some();
    let Some(pillar_w) = &entry.pillar else {
        if any_below {
            let at = entry.initiative.as_ref().or(entry.item.as_ref());
            hierarchy_missing(entry, &words.pillar, at, out);
        }
        return None;
    };
    let labelled = by_label(pillars.iter().map(|p| (&p.label, &p.title)), &pillar_w.0);
    if labelled.is_none()
        && unclear(
            pillar_w,
            parse_pillar_ref,
            closest_pillar_form,
            (Code::PillarFormUnclear, &[&words.pillar]),
            out,
        )
    {
        return None;
    }
    let Some(p) = labelled.or_else(|| find_pillar(pillars, &pillar_w.0)) else {
        // The hint's example of a pillar's name: this plan's first, without its quotes.
        let example = pillars.first().map_or("", |p| {
            p.title.trim_matches(|c| matches!(c, '“' | '”' | '"'))
        });
        out.push(Diagnostic::new(
            Code::PillarUnknown,
            (&pillar_w.1).into(),
            &[pillar_w.0.trim(), &words.pillar, example],
        ));
        return None;
    };
    let Some(policy_w) = &entry.policy else {
        if any_below {
            let at = entry.initiative.as_ref().or(Some(pillar_w));
            hierarchy_missing(entry, &words.policy, at, out);
        }
        return None;
    };
    let pillar = pillars.get(p)?;
    let labelled = by_label(
        pillar.policies.iter().map(|q| (&q.label, &q.title)),
        &policy_w.0,
    );
    if labelled.is_none()
        && unclear(
            policy_w,
            parse_policy_ref,
            closest_policy_form,
            (Code::PolicyFormUnclear, &[&words.policy, &words.pillar]),
            out,
        )
    {
        return None;
    }
    let Some(q) = labelled.or_else(|| find_policy(pillar, &policy_w.0)) else {
        out.push(Diagnostic::new(
            Code::PolicyUnknown,
            (&policy_w.1).into(),
            &[
                policy_w.0.trim(),
                &pillar.label,
                &words.pillar,
                &words.policy,
            ],
        ));
        return None;
    };
    Some((p, q))
}

/// The position of the (label, name) that `written` is: the label exactly, or the label
/// followed by the name. A plan that prints its numbers as written (`1-2`, `Ⅰ`) is referred
/// to by them.
fn by_label<'a>(
    entries: impl Iterator<Item = (&'a String, &'a String)>,
    written: &str,
) -> Option<usize> {
    let key = match_key(written);
    entries.into_iter().position(|(label, name)| {
        let label = match_key(label);
        !label.is_empty()
            && key
                .strip_prefix(label.as_str())
                .is_some_and(|rest| rest.is_empty() || name_matches(rest, name))
    })
}

/// Reports a 柱 or 施策 cell written in none of the listed forms (`3-1`), with the closest
/// form, and says whether it was one: such a cell is never read by its first digit.
fn unclear(
    (text, source): &Written,
    parse: fn(&str) -> Option<FrameRef>,
    closest: fn(&[u32]) -> String,
    (code, words): (Code, &[&str]),
    out: &mut Vec<Diagnostic>,
) -> bool {
    let Some(FrameRef::Unclear(numbers)) = parse(text) else {
        return false;
    };
    let closest = closest(&numbers);
    let mut args = vec![text.trim(), closest.as_str()];
    args.extend(words);
    out.push(Diagnostic::new(code, source.into(), &args));
    true
}

/// Reports a blank hierarchy level (`field`) above a filled one, at the cell `at` next to it
/// (else the row's chart line), naming the row's first step so the clerk can find it.
fn hierarchy_missing(entry: &Entry, field: &str, at: Option<&Written>, out: &mut Vec<Diagnostic>) {
    let step_text = entry
        .line
        .as_ref()
        .and_then(|l| l.steps.first())
        .map(|s| s.text.clone())
        .unwrap_or_default();
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
}

/// The position of the row's initiative in its policy: the frame's (or an earlier row's)
/// initiative of the same key, else a new one added after them.
fn initiative_position(
    policy: &mut Policy,
    index: &mut HashMap<(usize, usize), HashMap<String, usize>>,
    key: (usize, usize),
    (text, source): &Written,
) -> usize {
    let index = index.entry(key).or_insert_with(|| {
        let mut m = HashMap::new();
        for (i, x) in policy.initiatives.iter().enumerate() {
            m.entry(match_key(&x.text)).or_insert(i);
        }
        m
    });
    *index.entry(match_key(text)).or_insert_with(|| {
        policy.initiatives.push(Initiative {
            text: text.trim().to_string(),
            items: Vec::new(),
            source: source.clone(),
        });
        policy.initiatives.len() - 1
    })
}

/// A line standing directly under its 具体的な取り組み, as the item it is: named by its first
/// step (else its 備考), at its first cell.
fn line_as_item(entry: &Entry) -> Option<Written> {
    let line = entry.line.as_ref()?;
    let text = line
        .steps
        .first()
        .map(|s| s.text.clone())
        .or_else(|| line.remark.clone())
        .unwrap_or_default();
    Some((text, line.source.clone()))
}

/// What makes rows one item: its text, except for a line that is its own item (no 取り組み項目
/// column), which is one per 行 group of a file, else one per row.
fn item_key(entry: &Entry, own_item: bool) -> String {
    let text = entry.item.as_ref().map_or("", |w| w.0.trim());
    match (entry.line.as_ref().filter(|_| own_item), &entry.group) {
        (Some(l), Some(group)) => format!("\u{0}{}\u{0}{group}", l.source.file),
        (Some(l), None) => format!("\u{0}{}\u{0}{}", l.source.file, l.source.cell),
        (None, _) => text.to_string(),
    }
}

/// The position of the row's item in its initiative: an earlier row's item of the same
/// text, else a new one for the row's department.
fn item_position(
    initiative: &mut Initiative,
    items: &mut HashMap<String, usize>,
    key: String,
    (text, source): &Written,
    department: &str,
) -> usize {
    *items.entry(key).or_insert_with(|| {
        let (label, relisted) = strip_relisting(text);
        initiative.items.push(Item {
            text: text.trim().to_string(),
            label,
            relisted,
            relisting: None,
            closest_original: None,
            department: department.to_string(),
            lines: Vec::new(),
            progress: None,
            source: source.clone(),
            cell_notes: Vec::new(),
        });
        initiative.items.len() - 1
    })
}

/// Adds the row's chart line to its item. In list layout the rows of one 行 group in one file
/// are phases of one line: their steps join the group's first line, in column order.
fn add_line(
    item: &mut Item,
    line: Line,
    group: Option<String>,
    (p, q, i, j): (usize, usize, usize, usize),
    groups: &mut HashMap<(usize, usize, usize, usize, String, String), usize>,
) {
    match group {
        Some(group) => {
            let key = (p, q, i, j, line.source.file.clone(), group);
            match groups.get(&key).and_then(|&k| item.lines.get_mut(k)) {
                Some(existing) => {
                    existing.steps.extend(line.steps);
                    existing.cell_notes.extend(line.cell_notes);
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
}

fn find_pillar(pillars: &[Pillar], written: &str) -> Option<usize> {
    match parse_pillar_ref(written)? {
        FrameRef::Number(n) => pillars.iter().position(|p| p.number == n),
        FrameRef::Name(key) => pillars.iter().position(|p| name_matches(&key, &p.title)),
        FrameRef::Unclear(_) => None,
    }
}

fn find_policy(pillar: &Pillar, written: &str) -> Option<usize> {
    match parse_policy_ref(written)? {
        FrameRef::Number(n) => pillar.policies.iter().position(|q| q.number == n),
        FrameRef::Name(key) => pillar
            .policies
            .iter()
            .position(|q| name_matches(&key, &q.title)),
        FrameRef::Unclear(_) => None,
    }
}
