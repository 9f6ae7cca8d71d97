//! One edition flattened for matching: its items and steps in document order, with their
//! match keys, and the texts a change shows.

use super::change::{Change, Kind, Order, Scope, Side};
use crate::model::{Initiative, Item, Period, Roadmap, Step};
use crate::normalize::text::match_key;

/// An item (取り組み項目) and where it is.
pub(super) struct ItemRec<'a> {
    /// Indices of pillar, policy, initiative and item in the tree.
    pub pos: [usize; 4],
    /// Pillar and policy numbers: what places are compared on.
    pub frame: (u32, u32),
    pub initiative_key: String,
    /// The item text's match key (NFKC, no 再掲 marker, no white space).
    pub key: String,
    pub item: &'a Item,
    pub initiative: &'a Initiative,
    /// Indices into [`Flat::steps`], line by line.
    pub lines: Vec<Vec<usize>>,
}

/// A step and where it is.
pub(super) struct StepRec<'a> {
    /// Index into [`Flat::items`].
    pub item: usize,
    pub line: usize,
    /// The label's match key.
    pub key: String,
    pub step: &'a Step,
}

/// A whole edition.
pub(super) struct Flat<'a> {
    pub rm: &'a Roadmap,
    pub items: Vec<ItemRec<'a>>,
    pub steps: Vec<StepRec<'a>>,
}

impl<'a> Flat<'a> {
    pub fn new(rm: &'a Roadmap) -> Flat<'a> {
        let mut items = Vec::new();
        let mut steps = Vec::new();
        for (a, pillar) in rm.pillars.iter().enumerate() {
            for (b, policy) in pillar.policies.iter().enumerate() {
                for (c, initiative) in policy.initiatives.iter().enumerate() {
                    for (d, item) in initiative.items.iter().enumerate() {
                        let index = items.len();
                        let mut lines = Vec::new();
                        for (l, line) in item.lines.iter().enumerate() {
                            let mut ids = Vec::new();
                            for step in &line.steps {
                                ids.push(steps.len());
                                steps.push(StepRec {
                                    item: index,
                                    line: l,
                                    key: match_key(&step.label),
                                    step,
                                });
                            }
                            lines.push(ids);
                        }
                        items.push(ItemRec {
                            pos: [a, b, c, d],
                            frame: (pillar.number, policy.number),
                            initiative_key: match_key(&initiative.text),
                            key: match_key(&item.text),
                            item,
                            initiative,
                            lines,
                        });
                    }
                }
            }
        }
        Flat { rm, items, steps }
    }

    /// The step keys of a line, in order.
    pub fn line_keys(&self, (item, line): (usize, usize)) -> Vec<&str> {
        self.line_steps((item, line))
            .iter()
            .filter_map(|&s| self.steps.get(s).map(|r| r.key.as_str()))
            .collect()
    }

    /// The step indices of a line.
    pub fn line_steps(&self, (item, line): (usize, usize)) -> &[usize] {
        self.items
            .get(item)
            .and_then(|i| i.lines.get(line))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The chart columns of a step.
    pub fn columns(&self, s: usize) -> (u32, u32) {
        self.steps
            .get(s)
            .map(|r| (r.step.start.column, r.step.end.column))
            .unwrap_or_default()
    }

    fn base_side(&self, item: usize) -> Side {
        let Some(i) = self.items.get(item) else {
            return Side::default();
        };
        Side {
            place: self.rm.place_label(i.pos[0], i.pos[1]),
            initiative: i.initiative.text.clone(),
            item: i.item.text.clone(),
            department: i.item.department.clone(),
            ..Side::default()
        }
    }

    pub fn step_side(&self, s: usize) -> Side {
        let Some(r) = self.steps.get(s) else {
            return Side::default();
        };
        Side {
            text: r.step.text.clone(),
            span: span(&self.rm.plan.period, r.step),
            department: r.step.department.clone(),
            ..self.base_side(r.item)
        }
    }

    pub fn line_side(&self, (item, line): (usize, usize)) -> Side {
        let steps = self.line_steps((item, line));
        let join = |f: &dyn Fn(&StepRec) -> String| {
            steps
                .iter()
                .filter_map(|&s| self.steps.get(s).map(f))
                .collect::<Vec<_>>()
                .join(" / ")
        };
        let period = self.rm.plan.period;
        let mut side = self.base_side(item);
        side.text = join(&|r| r.step.text.clone());
        side.span = join(&|r| span(&period, r.step));
        if let Some(first) = steps.first().and_then(|&s| self.steps.get(s)) {
            side.department = first.step.department.clone();
        }
        side
    }

    /// An initiative as a side: its wording, in `initiative` and `text`.
    pub fn initiative_side(&self, item: usize) -> Side {
        let base = self.base_side(item);
        Side {
            text: base.initiative.clone(),
            item: String::new(),
            ..base
        }
    }

    /// A line's 備考 ("" when it has none).
    pub fn line_remark(&self, (item, line): (usize, usize)) -> &str {
        self.items
            .get(item)
            .and_then(|i| i.item.lines.get(line))
            .and_then(|l| l.remark.as_deref())
            .unwrap_or("")
    }

    /// A line's own 再掲 link: the original's place and text.
    pub fn line_relisting(&self, (item, line): (usize, usize)) -> Option<(&str, &str)> {
        let l = self.items.get(item)?.item.lines.get(line)?;
        l.relisting
            .as_ref()
            .map(|r| (r.place.as_str(), r.text.as_str()))
    }

    pub fn item_side(&self, item: usize) -> Side {
        let lines = self.items.get(item).map_or(0, |i| i.lines.len());
        let sides: Vec<Side> = (0..lines).map(|l| self.line_side((item, l))).collect();
        let join = |f: fn(&Side) -> &str| sides.iter().map(f).collect::<Vec<_>>().join(" ／ ");
        Side {
            text: join(|s| &s.text),
            span: join(|s| &s.span),
            ..self.base_side(item)
        }
    }

    pub fn item_order(&self, item: usize) -> Order {
        self.order(item, 0, 0)
    }

    pub fn line_order(&self, (item, line): (usize, usize)) -> Order {
        self.order(item, line, 0)
    }

    pub fn step_order(&self, s: usize) -> Order {
        match self.steps.get(s) {
            Some(r) => {
                let index = self
                    .line_steps((r.item, r.line))
                    .iter()
                    .position(|&x| x == s);
                self.order(r.item, r.line, index.unwrap_or(0))
            }
            None => (0, 0, [0; 5]),
        }
    }

    fn order(&self, item: usize, line: usize, step: usize) -> Order {
        match self.items.get(item) {
            Some(i) => (i.frame.0, i.frame.1, [i.pos[2], i.pos[3], line, step, 0]),
            None => (0, 0, [0; 5]),
        }
    }

    /// A change listed under the policy of `item` in this edition.
    pub fn change(
        &self,
        kind: Kind,
        scope: Scope,
        item: usize,
        old: Option<Side>,
        new: Option<Side>,
    ) -> Change {
        let (group, group_title) = match self.items.get(item) {
            Some(i) => (
                self.rm.place_label(i.pos[0], i.pos[1]),
                self.rm
                    .pillars
                    .get(i.pos[0])
                    .and_then(|p| p.policies.get(i.pos[1]))
                    .map(|q| q.title.clone())
                    .unwrap_or_default(),
            ),
            None => Default::default(),
        };
        Change {
            kind,
            scope,
            group,
            group_title,
            old,
            new,
        }
    }
}

/// A step's span as the chart shows it: `～R6` (lead column only), `～R7`, `R8`, `R8～R11`.
pub(super) fn span(period: &Period, s: &Step) -> String {
    period.columns_span(s.start.column, s.end.column).short()
}
