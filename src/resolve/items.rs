//! Item re-listings and unmarked duplicate items.

use std::collections::HashMap;

use super::fuzzy::Fuzzy;
use super::{text, Resolver};
use crate::diagnostic::{Code, Diagnostic, Place};
use crate::model::Relisting;

impl<'a> Resolver<'a> {
    /// Resolve the re-listed item `id` (an index into the table's items).
    pub(super) fn item(&mut self, id: usize) {
        let Some(rec) = self.table.items.get(id) else {
            return;
        };
        let Some(item) = self.roadmap.item_at(rec.path) else {
            return;
        };
        let exact = self
            .table
            .item_exact
            .get(&rec.key)
            .map_or(&[][..], |v| &v[..]);
        match exact {
            [one] => {
                if let Some(c) = self.item_candidate(*one) {
                    let path = self.table.items.get(*one).map_or(rec.path, |o| o.path);
                    let link = Relisting {
                        path,
                        place: c.place,
                        text: c.text,
                        source: c.source,
                    };
                    self.items.push((rec.path, link));
                }
            }
            [] => {
                let table = self.table;
                let (index, ids) = self.item_fuzzy.get_or_insert_with(|| {
                    let ids: Vec<usize> = table.item_exact.values().flatten().copied().collect();
                    let mut ids = ids;
                    // Document order, so that ties go to the first item.
                    ids.sort_unstable();
                    let keys = ids
                        .iter()
                        .filter_map(|i| table.items.get(*i).map(|r| r.key.as_str()));
                    (Fuzzy::new(keys), ids)
                });
                let best = index
                    .closest(&rec.key)
                    .and_then(|(e, s)| Some((*ids.get(e)?, s)));
                let best = best.and_then(|(i, s)| Some((self.item_candidate(i)?, s)));
                let relisted = super::Relisted::Item(rec.path);
                self.near_miss(relisted, &item.text, &item.source, best);
            }
            many => {
                let c = many
                    .iter()
                    .filter_map(|i| self.item_candidate(*i))
                    .collect();
                self.ambiguous(&item.text, &item.source, c);
            }
        }
    }

    /// Warn if this unmarked item repeats one seen, unmarked, under another initiative.
    /// `seen` maps a key to its first occurrence and to the first occurrence under an
    /// initiative other than that one's: between them they hold the earliest occurrence
    /// under an initiative other than any given one.
    pub(super) fn duplicate(
        &mut self,
        id: usize,
        seen: &mut HashMap<&'a str, (usize, Option<usize>)>,
    ) {
        let table = self.table;
        let Some(rec) = table.items.get(id) else {
            return;
        };
        let initiative = |i: usize| {
            table
                .items
                .get(i)
                .map(|r| (r.path.pillar, r.path.policy, r.path.initiative))
        };
        let Some((first, other)) = seen.get_mut(rec.key.as_str()) else {
            seen.insert(&rec.key, (id, None));
            return;
        };
        let elsewhere = initiative(*first) != initiative(id);
        let earlier = if elsewhere { Some(*first) } else { *other };
        if elsewhere && other.is_none() {
            *other = Some(id);
        }
        let (Some(earlier), Some(item)) = (earlier, self.roadmap.item_at(rec.path)) else {
            return;
        };
        let Some(e) = table.items.get(earlier) else {
            return;
        };
        let ini = self
            .roadmap
            .pillars
            .get(e.path.pillar)
            .and_then(|p| p.policies.get(e.path.policy))
            .and_then(|p| p.initiatives.get(e.path.initiative))
            .map_or("", |i| i.text.as_str());
        let cell = self
            .roadmap
            .item_at(e.path)
            .map_or_else(String::new, |i| text::cell(&i.source));
        let mut at = self.place(e.path);
        if !ini.is_empty() {
            at.push_str(&format!("「{ini}」"));
        }
        at.push_str(&format!(" {cell}"));
        self.diagnostics.push(Diagnostic::new(
            Code::ItemDuplicateUnmarked,
            Place::from(&item.source),
            &[&item.text, &at, self.roadmap.plan.style.item_word()],
        ));
    }
}
