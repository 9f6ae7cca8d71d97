//! Row order (docs/SUBMISSIONS.md, "Row order"): where blank hierarchy cells mean "same as
//! above", sorting or moving rows silently puts them under another row's parents. A
//! 取り組み項目 or 具体的な取り組み whose rows stand in two separate runs of one sheet is the
//! trace such a move leaves, and is reported with both ranges.

use std::collections::{BTreeMap, HashSet};

use super::cells::{cell_text, SheetView};
use super::entry::{Entry, Written};
use super::header::{Field, Header};
use super::text::is_blank;
use crate::diagnostic::{Code, Diagnostic, Message};
use crate::model::{a1, PlanStyle};

/// The hierarchy fields, top down, as the entries hold them.
const LEVELS: [Field; 4] = [Field::Pillar, Field::Policy, Field::Initiative, Field::Item];

/// The rows of one key (an item or an initiative with its parents) in runs of consecutive
/// chart rows, and whether any of them took a parent from a blank cell.
#[derive(Default)]
struct Runs {
    runs: Vec<(u32, u32)>,
    filled_down: bool,
}

/// Reports every 取り組み項目 and 具体的な取り組み of the sheet whose chart rows stand in two
/// separate runs, when at least one of those rows left a hierarchy cell blank (a sheet that
/// writes every level on every row keeps its parents whatever the order). The finding names
/// the levels in the plan's words (`style`).
pub fn check_sheet(
    view: &SheetView<'_>,
    header: &Header,
    entries: &[Entry],
    style: &PlanStyle,
    out: &mut Vec<Diagnostic>,
) {
    let written = written_cells(view, header);
    // (depth: 3 for items, 2 for initiatives) → key → runs.
    let mut by_level: [BTreeMap<Vec<&str>, Runs>; 2] = Default::default();
    let mut previous: [Option<Vec<&str>>; 2] = [None, None];
    for e in entries {
        let Some(line) = &e.line else { continue };
        let row = line.source.row;
        let levels = [&e.pillar, &e.policy, &e.initiative, &e.item];
        let filled_down = LEVELS.iter().zip(levels).any(|(f, w)| {
            w.is_some() && header.col(*f).is_some_and(|c| !written.contains(&(row, c)))
        });
        for (k, depth) in [3usize, 2].into_iter().enumerate() {
            let Some(key) = key(&levels, depth) else {
                previous[k] = None;
                continue;
            };
            let runs = by_level[k].entry(key.clone()).or_default();
            runs.filled_down |= filled_down;
            match runs.runs.last_mut() {
                Some(run) if previous[k].as_ref() == Some(&key) => run.1 = row,
                _ => runs.runs.push((row, row)),
            }
            previous[k] = Some(key);
        }
    }
    for (k, field) in [Field::Item, Field::Initiative].into_iter().enumerate() {
        let Some(col) = header.col(field) else {
            continue;
        };
        for (key, runs) in &by_level[k] {
            report(view, (col, field), key, runs, style, out);
        }
    }
}

/// The key of a row at `depth` (3: its item, 2: its initiative): the texts of that level and
/// the ones above, or `None` when that level is blank.
fn key<'e>(levels: &[&'e Option<Written>; 4], depth: usize) -> Option<Vec<&'e str>> {
    levels.get(depth)?.as_ref()?;
    Some(
        levels
            .iter()
            .take(depth + 1)
            .map(|w| w.as_ref().map_or("", |(t, _)| t.trim()))
            .collect(),
    )
}

/// One finding for a key whose rows are in two runs or more, naming the first two; `at` is
/// the key's column and level.
fn report(
    view: &SheetView<'_>,
    (col, field): (u32, Field),
    key: &[&str],
    runs: &Runs,
    style: &PlanStyle,
    out: &mut Vec<Diagnostic>,
) {
    let (Some(first), Some(second)) = (runs.runs.first(), runs.runs.get(1)) else {
        return;
    };
    if !runs.filled_down {
        return;
    }
    let words = &style.words;
    let level = match field {
        Field::Item => Message::new(words.item.as_str(), "the item"),
        _ => Message::new(words.initiative.as_str(), "the initiative"),
    };
    let levels = style.level_words();
    // The levels whose blank cells a move hands to another row: those above the line's own.
    let above = &levels[..levels.len().saturating_sub(1)];
    let range = |(a, b): (u32, u32)| {
        if a == b {
            a1(a, col)
        } else {
            format!("{}:{}", a1(a, col), a1(b, col))
        }
    };
    out.push(Diagnostic::with(
        Code::RowsSplit,
        view.place(second.0, col),
        [
            level.arg(),
            key.last().copied().unwrap_or("").into(),
            range(*first).into(),
            range(*second).into(),
            Message::new(above.join("・"), above.join("/")).arg(),
            Message::new(levels.join("・"), levels.join(", ")).arg(),
        ],
    ));
}

/// The (row, column) of every non-blank hierarchy cell below the header.
fn written_cells(view: &SheetView<'_>, header: &Header) -> HashSet<(u32, u32)> {
    let cols: Vec<u32> = LEVELS.iter().filter_map(|f| header.col(*f)).collect();
    view.sheet
        .cells
        .iter()
        .filter(|c| c.row > header.row && cols.contains(&c.col))
        .filter(|c| cell_text(&c.value).is_some_and(|t| !is_blank(&t)))
        .map(|c| (c.row, c.col))
        .collect()
}
