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

use std::fmt;

use crate::diagnostic::{Code, Diagnostic, Lang, Place};
use crate::model::{Revision, Roadmap, YearMonth};

/// The text the 改定履歴 gets for a rolling revision.
pub const ROLLING_TEXT: &str = "ローリングによる改定";

/// `--edition` names a month before the last edition in the plan workbook's 改定履歴: the
/// outputs would date themselves before a revision they already contain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditionTooOld {
    /// The month asked for.
    pub edition: YearMonth,
    /// The latest edition the plan workbook lists.
    pub last: YearMonth,
    /// The plan workbook, as diagnostics name files.
    pub plan_file: String,
    /// How the plan prints its years: the finding names both months that way.
    pub years: crate::fiscal::YearNotation,
}

impl EditionTooOld {
    /// The fault as a finding on the plan workbook (`edition-before-last`), to be shown in
    /// the language asked for.
    pub fn diagnostic(&self) -> Diagnostic {
        Diagnostic::new(
            Code::EditionBeforeLast,
            Place::file(&self.plan_file),
            &[
                &self.edition.to_string(),
                &self.years.revision(self.edition),
                &self.years.revision(self.last),
                &self.last.to_string(),
            ],
        )
    }
}

impl fmt::Display for EditionTooOld {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.diagnostic();
        write!(f, "{}: {}", d.place.file, d.message(Lang::Ja))
    }
}

impl std::error::Error for EditionTooOld {}

/// Adds `edition` to the 改定履歴 as a rolling revision, unless the plan workbook already
/// lists an edition of that month (then its own wording stays). The cover's edition date is
/// the latest revision, so it follows. An edition before the plan's last one is refused.
pub fn apply_edition(roadmap: &mut Roadmap, edition: YearMonth) -> Result<(), EditionTooOld> {
    let plan = &mut roadmap.plan;
    if let Some(last) = plan.revisions.iter().map(|r| r.date).max() {
        if edition < last {
            return Err(EditionTooOld {
                edition,
                last,
                plan_file: plan.source.file.clone(),
                years: plan.period.years,
            });
        }
    }
    if !plan.revisions.iter().any(|r| r.date == edition) {
        plan.revisions.push(Revision {
            date: edition,
            text: ROLLING_TEXT.to_string(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edition_is_appended_once() {
        let ym = |y, m| YearMonth::new(y, m).unwrap();
        let mut rm = Roadmap::default();
        rm.plan.source.file = "00_計画.xlsx".into();
        rm.plan.revisions.push(Revision {
            date: ym(2025, 3),
            text: "ロードマップ策定".into(),
        });
        assert_eq!(apply_edition(&mut rm, ym(2026, 3)), Ok(()));
        assert_eq!(apply_edition(&mut rm, ym(2026, 3)), Ok(()));
        let got: Vec<_> = rm
            .plan
            .revisions
            .iter()
            .map(|r| (r.date.revision_label(), r.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("R7(2025).3".to_string(), "ロードマップ策定"),
                ("R8(2026).3".to_string(), ROLLING_TEXT)
            ]
        );
    }

    #[test]
    fn an_edition_before_the_last_is_refused() {
        let ym = |y, m| YearMonth::new(y, m).unwrap();
        let mut rm = Roadmap::default();
        rm.plan.source.file = "00_計画.xlsx".into();
        rm.plan.revisions.push(Revision {
            date: ym(2025, 3),
            text: "ロードマップ策定".into(),
        });
        let before = rm.clone();
        let err = apply_edition(&mut rm, ym(2018, 3)).unwrap_err();
        assert_eq!(rm, before, "nothing is added");
        assert_eq!((err.edition, err.last), (ym(2018, 3), ym(2025, 3)));
        let d = err.diagnostic();
        assert_eq!(d.place.file, "00_計画.xlsx");
        assert!(
            d.message(Lang::Ja).contains("H30(2018).3"),
            "{}",
            d.message(Lang::Ja)
        );
        assert!(d.message(Lang::Ja).contains("R7(2025).3"));
        assert!(d.message(Lang::En).contains("older than"));
        assert!(d.hint(Lang::Ja).unwrap().contains("R7(2025).3"));
        // The month of the last edition itself is accepted (its wording stays).
        assert_eq!(apply_edition(&mut rm, ym(2025, 3)), Ok(()));
        assert_eq!(rm, before);
    }
}
