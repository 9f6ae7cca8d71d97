//! A flat, read-only view of the roadmap's items and lines with their match keys, and the
//! exact-match indices over the originals. Built once, in document order.

use std::collections::HashMap;

use super::text::key;
use crate::model::{Item, Line, Path, Roadmap};

/// One chart line.
#[derive(Debug)]
pub(super) struct LineRec {
    /// The line's path (`step` is 0).
    pub path: Path,
    /// Its steps' match keys, in order.
    pub keys: Vec<String>,
    /// At least one step carries a 再掲 marker.
    pub relisted: bool,
    /// Can be the original of a re-listing: no step is marked, its item is not marked
    /// (the lines of a re-listed item repeat the original item's lines, so counting them as
    /// originals would make every genuine re-listing of those lines ambiguous), and it has
    /// some text.
    pub original: bool,
}

/// One 取り組み項目.
#[derive(Debug)]
pub(super) struct ItemRec {
    /// The item's path (`line` and `step` are 0).
    pub path: Path,
    pub key: String,
    pub relisted: bool,
    /// Its lines, as indices into [`Table::lines`].
    pub lines: std::ops::Range<usize>,
}

#[derive(Debug, Default)]
pub(super) struct Table {
    pub items: Vec<ItemRec>,
    pub lines: Vec<LineRec>,
    /// Original lines by their keys.
    pub line_exact: HashMap<Vec<String>, Vec<usize>>,
    /// Where each step key occurs in original lines: (line, step position), in document order.
    pub step_at: HashMap<String, Vec<(usize, usize)>>,
    /// Unmarked items by key.
    pub item_exact: HashMap<String, Vec<usize>>,
}

impl Table {
    pub fn build(roadmap: &Roadmap) -> Table {
        let mut t = Table::default();
        for (path, item) in roadmap.items() {
            t.push_item(path, item);
        }
        t
    }

    fn push_item(&mut self, path: Path, item: &Item) {
        let first = self.lines.len();
        for (e, line) in item.lines.iter().enumerate() {
            let keys: Vec<String> = line.steps.iter().map(|s| key(&s.label)).collect();
            let relisted = line.steps.iter().any(|s| s.relisted);
            let original = !relisted && !item.relisted && keys.iter().any(|k| !k.is_empty());
            let id = self.lines.len();
            if original {
                for (pos, k) in keys.iter().enumerate() {
                    self.step_at.entry(k.clone()).or_default().push((id, pos));
                }
                self.line_exact.entry(keys.clone()).or_default().push(id);
            }
            self.lines.push(LineRec {
                path: Path { line: e, ..path },
                keys,
                relisted,
                original,
            });
        }
        let k = key(&item.label);
        if !item.relisted && !k.is_empty() {
            self.item_exact
                .entry(k.clone())
                .or_default()
                .push(self.items.len());
        }
        self.items.push(ItemRec {
            path,
            key: k,
            relisted: item.relisted,
            lines: first..self.lines.len(),
        });
    }

    /// Original lines strictly longer than `keys` that contain them as a contiguous run:
    /// (line, position of the run), one per line, in document order.
    pub fn containing(&self, keys: &[String]) -> Vec<(usize, usize)> {
        let mut out: Vec<(usize, usize)> = Vec::new();
        let Some(first) = keys.first() else {
            return out;
        };
        for &(id, pos) in self.step_at.get(first).into_iter().flatten() {
            let Some(rec) = self.lines.get(id) else {
                continue;
            };
            let run = rec.keys.get(pos..pos + keys.len());
            let seen = out.last().is_some_and(|&(last, _)| last == id);
            if rec.keys.len() > keys.len() && run == Some(keys) && !seen {
                out.push((id, pos));
            }
        }
        out
    }
}

/// The line at `path`, if the path is valid.
pub(super) fn line_at(roadmap: &Roadmap, p: Path) -> Option<&Line> {
    roadmap.item_at(p)?.lines.get(p.line)
}

/// The line at `path`, to change it.
pub(super) fn line_at_mut(roadmap: &mut Roadmap, p: Path) -> Option<&mut Line> {
    roadmap.item_at_mut(p)?.lines.get_mut(p.line)
}
