//! The matching passes (see the module doc of `revision`): items, then lines and steps of
//! paired items, then moves, then rewording. Every loop runs in document order and every
//! sort has a total tie-break, so the same two editions always give the same pairs.

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};

use strsim::normalized_levenshtein;

use super::flat::Flat;

/// Lowest normalised Levenshtein similarity of two labels (in 0..=1) for a left-over pair to
/// count as the same step or item reworded rather than one removed and one added.
pub const SIMILAR: f64 = 0.6;

/// How a pair was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum How {
    /// Same label in the same place (items), or in paired items or moved lines (steps).
    Same,
    /// Same label elsewhere.
    Moved,
    /// Another label in the same place.
    Reworded,
}

/// The pairs found: indices into the old and the new [`Flat`].
pub(super) struct Matching {
    pub items: Vec<(usize, usize, How)>,
    pub steps: Vec<(usize, usize, How)>,
    /// Lines moved whole: (item, line) old and new.
    pub moved_lines: Vec<((usize, usize), (usize, usize))>,
    /// Lines of paired items paired whole on their step labels: (item, line) old and new.
    pub lines: Vec<((usize, usize), (usize, usize))>,
    /// Initiatives (具体的な取り組み) of one policy whose wording changed: the first item of
    /// each, old and new. Their items pair as if the wording had not changed.
    pub initiatives: Vec<(usize, usize)>,
    /// The old initiative key → the new one, for the initiatives above.
    renamed: HashMap<((u32, u32), String), String>,
    old_items: Vec<bool>,
    new_items: Vec<bool>,
    old_steps: Vec<bool>,
    new_steps: Vec<bool>,
    moved_steps: HashSet<usize>,
}

/// Pairs the two editions.
pub(super) fn match_all(old: &Flat, new: &Flat) -> Matching {
    let mut m = Matching {
        items: Vec::new(),
        steps: Vec::new(),
        moved_lines: Vec::new(),
        lines: Vec::new(),
        initiatives: Vec::new(),
        renamed: HashMap::new(),
        old_items: vec![false; old.items.len()],
        new_items: vec![false; new.items.len()],
        old_steps: vec![false; old.steps.len()],
        new_steps: vec![false; new.steps.len()],
        moved_steps: HashSet::new(),
    };
    m.pair_initiatives(old, new);
    m.pair_items(old, new);
    let pairs: Vec<(usize, usize)> = m.items.iter().map(|&(o, n, _)| (o, n)).collect();
    for &(o, n) in &pairs {
        m.pair_lines(old, new, o, n);
    }
    for &(o, n) in &pairs {
        m.pair_steps(old, new, o, n);
    }
    m.move_lines(old, new);
    m.move_steps(old, new);
    for &(o, n) in &pairs {
        m.reword_steps(old, new, o, n);
    }
    m
}

/// An item's place and label: pillar and policy numbers, initiative key, item key.
type ItemPlace<'f> = ((u32, u32), &'f str, &'f str);

/// One initiative of an edition: its policy, its key, its first item and its item keys.
struct Initiative<'f> {
    frame: (u32, u32),
    key: &'f str,
    first: usize,
    items: BTreeSet<&'f str>,
}

/// The initiatives of an edition in document order (as seen through their items).
fn initiatives<'f>(f: &'f Flat) -> Vec<Initiative<'f>> {
    let mut out: Vec<Initiative> = Vec::new();
    for (i, item) in f.items.iter().enumerate() {
        let same = out.last().is_some_and(|l| {
            l.frame == item.frame
                && l.key == item.initiative_key
                && f.items[l.first].pos[2] == item.pos[2]
        });
        if !same {
            out.push(Initiative {
                frame: item.frame,
                key: &item.initiative_key,
                first: i,
                items: BTreeSet::new(),
            });
        }
        if let Some(last) = out.last_mut() {
            last.items.insert(&item.key);
        }
    }
    out
}

/// How often each step label occurs in an edition.
fn key_counts<'f>(f: &'f Flat) -> HashMap<&'f str, usize> {
    let mut c: HashMap<&str, usize> = HashMap::new();
    for s in &f.steps {
        *c.entry(s.key.as_str()).or_default() += 1;
    }
    c
}

fn set(flags: &[bool]) -> HashSet<usize> {
    flags
        .iter()
        .enumerate()
        .filter_map(|(i, &f)| f.then_some(i))
        .collect()
}

impl Matching {
    pub fn old_steps_paired(&self) -> HashSet<usize> {
        set(&self.old_steps)
    }
    pub fn new_steps_paired(&self) -> HashSet<usize> {
        set(&self.new_steps)
    }
    pub fn old_items_paired(&self) -> HashSet<usize> {
        set(&self.old_items)
    }
    pub fn new_items_paired(&self) -> HashSet<usize> {
        set(&self.new_items)
    }
    /// Whether an old step was paired as part of a line moved whole.
    pub fn in_moved_line(&self, old_step: usize) -> bool {
        self.moved_steps.contains(&old_step)
    }

    /// The initiative key an old item is compared on: the new wording of a reworded
    /// initiative, or its own.
    fn initiative_key<'f>(&'f self, old: &'f Flat, o: usize) -> &'f str {
        let Some(i) = old.items.get(o) else {
            return "";
        };
        self.renamed
            .get(&(i.frame, i.initiative_key.clone()))
            .map_or(i.initiative_key.as_str(), String::as_str)
    }

    /// Initiatives of one policy found on one side only pair when their wordings are
    /// similar (see [`SIMILAR`]) or they share at least half their items: the initiative
    /// was reworded, its items stay where they are. Most shared items first, then the most
    /// similar wording, then document order.
    fn pair_initiatives(&mut self, old: &Flat, new: &Flat) {
        let (a, b) = (initiatives(old), initiatives(new));
        let only = |x: &[Initiative<'_>], y: &[Initiative<'_>]| -> Vec<usize> {
            (0..x.len())
                .filter(|&i| !y.iter().any(|o| o.frame == x[i].frame && o.key == x[i].key))
                .collect()
        };
        let (old_only, new_only) = (only(&a, &b), only(&b, &a));
        let mut candidates = Vec::new();
        for &o in &old_only {
            for &n in &new_only {
                let (x, y) = (&a[o], &b[n]);
                if x.frame != y.frame {
                    continue;
                }
                let shared = x.items.intersection(&y.items).count();
                let half = 2 * shared >= x.items.len().max(y.items.len()) && shared > 0;
                let sim = normalized_levenshtein(x.key, y.key);
                if half || sim >= SIMILAR {
                    candidates.push((shared, sim, o, n));
                }
            }
        }
        candidates.sort_by(|x, y| {
            y.0.cmp(&x.0)
                .then(y.1.total_cmp(&x.1))
                .then((x.2, x.3).cmp(&(y.2, y.3)))
        });
        let (mut used_old, mut used_new) = (BTreeSet::new(), BTreeSet::new());
        for (_, _, o, n) in candidates {
            if used_old.contains(&o) || used_new.contains(&n) {
                continue;
            }
            used_old.insert(o);
            used_new.insert(n);
            let (x, y) = (&a[o], &b[n]);
            self.renamed
                .insert((x.frame, x.key.to_string()), y.key.to_string());
            self.initiatives.push((x.first, y.first));
        }
    }

    fn pair_item(&mut self, o: usize, n: usize, how: How) {
        if let (Some(a), Some(b)) = (self.old_items.get_mut(o), self.new_items.get_mut(n)) {
            *a = true;
            *b = true;
            self.items.push((o, n, how));
        }
    }

    fn pair_step(&mut self, o: usize, n: usize, how: How) {
        if let (Some(a), Some(b)) = (self.old_steps.get_mut(o), self.new_steps.get_mut(n)) {
            *a = true;
            *b = true;
            self.steps.push((o, n, how));
        }
    }

    fn old_free(&self, s: usize) -> bool {
        !self.old_steps.get(s).copied().unwrap_or(true)
    }
    fn new_free(&self, s: usize) -> bool {
        !self.new_steps.get(s).copied().unwrap_or(true)
    }

    /// Items: same place and label; else the label once on each side elsewhere (moved);
    /// else a similar label or the same steps in the same initiative (reworded).
    fn pair_items(&mut self, old: &Flat, new: &Flat) {
        self.pair_items_in_place(old, new);
        self.pair_items_moved(old, new);
        self.pair_items_reworded(old, new);
    }

    /// Items with the same label in the same initiative, in order.
    fn pair_items_in_place(&mut self, old: &Flat, new: &Flat) {
        let initiatives: Vec<String> = (0..old.items.len())
            .map(|o| self.initiative_key(old, o).to_string())
            .collect();
        let mut by_place: HashMap<ItemPlace, VecDeque<usize>> = HashMap::new();
        for (n, i) in new.items.iter().enumerate() {
            by_place
                .entry((i.frame, &i.initiative_key, &i.key))
                .or_default()
                .push_back(n);
        }
        for ((o, i), initiative) in old.items.iter().enumerate().zip(&initiatives) {
            if let Some(n) = by_place
                .get_mut(&(i.frame, initiative.as_str(), i.key.as_str()))
                .and_then(VecDeque::pop_front)
            {
                self.pair_item(o, n, How::Same);
            }
        }
    }

    /// Items left whose label is left once on each side: moved elsewhere.
    fn pair_items_moved(&mut self, old: &Flat, new: &Flat) {
        let mut old_left: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut new_left: HashMap<&str, Vec<usize>> = HashMap::new();
        for (o, i) in old
            .items
            .iter()
            .enumerate()
            .filter(|(o, _)| !self.old_items[*o])
        {
            old_left.entry(&i.key).or_default().push(o);
        }
        for (n, i) in new
            .items
            .iter()
            .enumerate()
            .filter(|(n, _)| !self.new_items[*n])
        {
            new_left.entry(&i.key).or_default().push(n);
        }
        for (o, i) in old.items.iter().enumerate() {
            if let (Some([o1]), Some([n])) = (
                old_left.get(i.key.as_str()).map(Vec::as_slice),
                new_left.get(i.key.as_str()).map(Vec::as_slice),
            ) {
                if *o1 == o {
                    self.pair_item(o, *n, How::Moved);
                }
            }
        }
    }

    /// Items left in the same initiative with the same steps or a similar label: reworded,
    /// the same steps first, then the most similar labels.
    fn pair_items_reworded(&mut self, old: &Flat, new: &Flat) {
        let mut candidates = Vec::new();
        for (o, a) in old
            .items
            .iter()
            .enumerate()
            .filter(|(o, _)| !self.old_items[*o])
        {
            for (n, b) in new
                .items
                .iter()
                .enumerate()
                .filter(|(n, _)| !self.new_items[*n])
            {
                if a.frame != b.frame || self.initiative_key(old, o) != b.initiative_key {
                    continue;
                }
                let sim = normalized_levenshtein(&a.key, &b.key);
                let (sa, sb) = (step_keys(old, o), step_keys(new, n));
                let same_steps = !sa.is_empty() && sa == sb;
                if same_steps || sim >= SIMILAR {
                    candidates.push((same_steps, sim, o, n));
                }
            }
        }
        candidates.sort_by(|x, y| {
            y.0.cmp(&x.0)
                .then(y.1.total_cmp(&x.1))
                .then((x.2, x.3).cmp(&(y.2, y.3)))
        });
        for (_, _, o, n) in candidates {
            if !self.old_items[o] && !self.new_items[n] {
                self.pair_item(o, n, How::Reworded);
            }
        }
    }

    /// Lines of a paired item with the same step labels in order (same spans first).
    fn pair_lines(&mut self, old: &Flat, new: &Flat, o: usize, n: usize) {
        let count = |f: &Flat, i: usize| f.items.get(i).map_or(0, |r| r.lines.len());
        let (lo, ln) = (count(old, o), count(new, n));
        let mut used: BTreeSet<usize> = BTreeSet::new();
        for same_spans in [true, false] {
            for l in 0..lo {
                let steps = old.line_steps((o, l));
                if steps.is_empty() || !steps.iter().all(|&s| self.old_free(s)) {
                    continue;
                }
                let keys = old.line_keys((o, l));
                let spans: Vec<_> = steps.iter().map(|&s| old.columns(s)).collect();
                let found = (0..ln).find(|k| {
                    let theirs = new.line_steps((n, *k));
                    !used.contains(k)
                        && new.line_keys((n, *k)) == keys
                        && theirs.iter().all(|&s| self.new_free(s))
                        && (!same_spans
                            || theirs
                                .iter()
                                .map(|&s| new.columns(s))
                                .eq(spans.iter().copied()))
                });
                if let Some(k) = found {
                    used.insert(k);
                    self.lines.push(((o, l), (n, k)));
                    let theirs = new.line_steps((n, k)).to_vec();
                    for (a, b) in steps.iter().zip(theirs) {
                        self.pair_step(*a, b, How::Same);
                    }
                }
            }
        }
    }

    /// Steps left in a paired item with the same label (same span first).
    fn pair_steps(&mut self, old: &Flat, new: &Flat, o: usize, n: usize) {
        let all = |f: &Flat, i: usize| -> Vec<usize> {
            f.items
                .get(i)
                .map(|r| r.lines.iter().flatten().copied().collect())
                .unwrap_or_default()
        };
        let (os, ns) = (all(old, o), all(new, n));
        for same_span in [true, false] {
            for &a in &os {
                if !self.old_free(a) {
                    continue;
                }
                let key = old.steps.get(a).map(|r| r.key.as_str());
                let found = ns.iter().copied().find(|&b| {
                    self.new_free(b)
                        && new.steps.get(b).map(|r| r.key.as_str()) == key
                        && (!same_span || old.columns(a) == new.columns(b))
                });
                if let Some(b) = found {
                    self.pair_step(a, b, How::Same);
                }
            }
        }
    }

    /// Lines left whole on both sides with the same step labels, under different items.
    fn move_lines(&mut self, old: &Flat, new: &Flat) {
        let whole = |f: &Flat, free: &dyn Fn(usize) -> bool| -> Vec<(usize, usize)> {
            let mut out = Vec::new();
            for (i, item) in f.items.iter().enumerate() {
                for (l, steps) in item.lines.iter().enumerate() {
                    if !steps.is_empty() && steps.iter().all(|&s| free(s)) {
                        out.push((i, l));
                    }
                }
            }
            out
        };
        let old_lines = whole(old, &|s| self.old_free(s));
        let new_lines = whole(new, &|s| self.new_free(s));
        let mut by_keys: HashMap<Vec<&str>, VecDeque<(usize, usize)>> = HashMap::new();
        for &nl in &new_lines {
            by_keys.entry(new.line_keys(nl)).or_default().push_back(nl);
        }
        for ol in old_lines {
            let Some(nl) = by_keys
                .get_mut(&old.line_keys(ol))
                .and_then(VecDeque::pop_front)
            else {
                continue;
            };
            let (a, b) = (old.line_steps(ol).to_vec(), new.line_steps(nl).to_vec());
            for (x, y) in a.into_iter().zip(b) {
                self.pair_step(x, y, How::Same);
                self.moved_steps.insert(x);
            }
            self.moved_lines.push((ol, nl));
        }
    }

    /// Steps left whose label occurs exactly once in each edition.
    fn move_steps(&mut self, old: &Flat, new: &Flat) {
        let (co, cn) = (key_counts(old), key_counts(new));
        let mut unique_new: HashMap<&str, usize> = HashMap::new();
        for (b, s) in new.steps.iter().enumerate() {
            if cn.get(s.key.as_str()) == Some(&1) {
                unique_new.insert(&s.key, b);
            }
        }
        for (a, s) in old.steps.iter().enumerate() {
            if !self.old_free(a) || co.get(s.key.as_str()) != Some(&1) {
                continue;
            }
            if let Some(&b) = unique_new.get(s.key.as_str()) {
                if self.new_free(b) {
                    self.pair_step(a, b, How::Moved);
                }
            }
        }
    }

    /// Steps left in a paired item: same slot (paired lines, same start) or similar labels.
    fn reword_steps(&mut self, old: &Flat, new: &Flat, o: usize, n: usize) {
        let lines: HashSet<(usize, usize)> = self
            .steps
            .iter()
            .filter_map(|&(a, b, _)| {
                let (x, y) = (old.steps.get(a)?, new.steps.get(b)?);
                (x.item == o && y.item == n).then_some((x.line, y.line))
            })
            .collect();
        let os: Vec<usize> = item_steps(old, o).filter(|&s| self.old_free(s)).collect();
        let ns: Vec<usize> = item_steps(new, n).filter(|&s| self.new_free(s)).collect();
        let mut candidates = Vec::new();
        for &a in &os {
            for &b in &ns {
                let (Some(x), Some(y)) = (old.steps.get(a), new.steps.get(b)) else {
                    continue;
                };
                let slot =
                    lines.contains(&(x.line, y.line)) && x.step.start.column == y.step.start.column;
                let sim = normalized_levenshtein(&x.key, &y.key);
                if slot || sim >= SIMILAR {
                    candidates.push((slot, sim, a, b));
                }
            }
        }
        candidates.sort_by(|x, y| {
            y.0.cmp(&x.0)
                .then(y.1.total_cmp(&x.1))
                .then((x.2, x.3).cmp(&(y.2, y.3)))
        });
        for (_, _, a, b) in candidates {
            if self.old_free(a) && self.new_free(b) {
                self.pair_step(a, b, How::Reworded);
            }
        }
    }
}

/// The steps of item `i` of `f` (their indices in `f.steps`), line by line, in order.
fn item_steps<'f>(f: &'f Flat<'_>, i: usize) -> impl Iterator<Item = usize> + 'f {
    f.items
        .get(i)
        .into_iter()
        .flat_map(|r| r.lines.iter().flatten().copied())
}

/// The step labels of item `i` of `f`, line by line, in order.
fn step_keys(f: &Flat, i: usize) -> Vec<String> {
    item_steps(f, i)
        .filter_map(|s| f.steps.get(s).map(|x| x.key.clone()))
        .collect()
}
