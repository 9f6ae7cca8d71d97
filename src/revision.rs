//! The data of the yearly rolling revision (ローリング): what changed between two editions
//! ([`diff`], described for people by [`report`]) and the new edition's entry in the
//! 改定履歴 ([`apply_edition`]). Plain data over [`crate::model`]: the renderers show it, and
//! [`crate::pipeline`] loads the two editions (the department templates are a renderer,
//! [`crate::render::template`]).
//!
//! # How two editions are compared
//!
//! Spreadsheets carry no ids, so [`diff::diff`] matches by content, in passes; each pass only
//! sees what the earlier ones left unmatched, and every tie is broken by document order, so
//! the result is deterministic.
//!
//! 0. **Initiatives** (具体的な取り組み) found on one side only, in one policy, pair when
//!    their wordings are similar (see 5) or they share at least half their items: one
//!    *reworded* initiative, whose items then pair as if its wording had not changed.
//! 1. **Items** (取り組み項目) pair on (pillar number, policy number, initiative text, item
//!    label) — texts compared by their match key (NFKC, no 再掲 marker, no white space).
//!    Left over: an item label found exactly once on each side under another initiative is
//!    the same item *moved*; two items of one initiative whose labels are similar (see 5) or
//!    whose steps are the same are the same item *reworded*.
//! 2. **Lines** of a paired item pair when their step labels are the same in the same order
//!    (same spans first); their steps pair one by one.
//! 3. **Steps** left in a paired item pair on the same label (same span first).
//! 4. **Moves**: a line left whole (no step paired) pairs with a line of the same step labels
//!    under another item; then a step whose label occurs once in each whole roadmap pairs
//!    with its namesake elsewhere. Generic labels (`情報収集・検討`) never move on their own.
//! 5. **Rewording** within a paired item: a left-over old and new step pair when they sit in
//!    the same slot (paired lines, same start year) or their labels are similar: normalised
//!    Levenshtein similarity at least [`diff::SIMILAR`]. Best pairs first.
//! 6. Whatever is left is **added** or **removed**: a whole item or a whole line is one
//!    change, otherwise each step is.
//!
//! A pair whose span differs is *rescheduled*; whose text differs, *reworded*; whose 再掲
//! marker or resolved original differs, a *re-listing* change; so is a paired line whose own
//! 再掲 link differs (reported once for the line, not per step). A pair is reported once,
//! under the first that applies of moved, reworded, rescheduled, re-listing (the change
//! carries both texts and both spans). KPIs pair on (category, indicator); each target or
//! actual whose value differs, appears or disappears is one change.

pub mod diff;
pub mod report;

use crate::model::{Revision, Roadmap};

/// The text the 改定履歴 gets for a rolling revision.
pub const ROLLING_TEXT: &str = "ローリングによる改定";

/// Adds the edition `(year, month)` to the 改定履歴 as a rolling revision, unless the plan
/// workbook already lists an edition of that month (then its own wording stays). The cover's
/// edition date is the latest revision, so it follows.
pub fn apply_edition(roadmap: &mut Roadmap, (year, month): (i32, u32)) {
    let revisions = &mut roadmap.plan.revisions;
    if !revisions.iter().any(|r| r.year == year && r.month == month) {
        revisions.push(Revision {
            year,
            month,
            text: ROLLING_TEXT.to_string(),
        });
    }
}

/// `YYYY-MM` → (year, month).
///
/// ```
/// use koteihyo::revision::parse_edition;
/// assert_eq!(parse_edition("2026-03"), Ok((2026, 3)));
/// assert!(parse_edition("2026-13").is_err());
/// assert!(parse_edition("2026/03").is_err());
/// ```
pub fn parse_edition(s: &str) -> Result<(i32, u32), String> {
    let bad = || format!("改定年月は YYYY-MM で指定してください (expected YYYY-MM): {s}");
    let (y, m) = s.trim().split_once('-').ok_or_else(bad)?;
    let year: i32 = y.parse().map_err(|_| bad())?;
    let month: u32 = m.parse().map_err(|_| bad())?;
    if !(1900..=9999).contains(&year) || !(1..=12).contains(&month) || m.len() > 2 {
        return Err(bad());
    }
    Ok((year, month))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edition_is_appended_once() {
        let mut rm = Roadmap::default();
        rm.plan.revisions.push(Revision {
            year: 2025,
            month: 3,
            text: "ロードマップ策定".into(),
        });
        apply_edition(&mut rm, (2026, 3));
        apply_edition(&mut rm, (2026, 3));
        apply_edition(&mut rm, (2025, 3));
        let got: Vec<_> = rm
            .plan
            .revisions
            .iter()
            .map(|r| (r.year, r.month, r.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [(2025, 3, "ロードマップ策定"), (2026, 3, ROLLING_TEXT)]
        );
    }
}
