//! The measures of a roadmap chart and what measuring makes of a policy: rows, lanes and
//! bars, and the pages they are split into. [`super::chart`] measures and paginates,
//! [`super::chart_paint`] paints; both read these.

use std::collections::BTreeMap;

use crate::model::{Relisting, Source};

use super::ctx::*;
use super::style::{CHART_MIN_SIZE, TAG_SIZE};

/// Font sizes a bar's text may take, largest first; the last is the floor (no text on a
/// chart page is smaller than 8 pt).
pub(super) const BAR_SIZES: [f32; 2] = [8.5, CHART_MIN_SIZE];
/// Lines a bar's text may take before the font shrinks.
pub(super) const BAR_LINES: usize = 2;
/// Line height of a bar's text, as a multiple of its size.
pub(super) const BAR_LEADING: f32 = 1.3;
/// Horizontal padding inside a bar.
pub(super) const BAR_PAD: f32 = 4.0;
/// Gap between a bar and its column edge (and, at full height, the lane's edge).
pub(super) const BAR_INSET: f32 = 3.0;
/// Room above and below a bar's text at full height, and at the tightest.
pub(super) const BAR_TEXT_PAD: (f32, f32) = (3.0, 1.5);
/// Gap between a bar and its lane's edge at the tightest.
pub(super) const BAR_INSET_TIGHT: f32 = 2.0;
/// Lowest lane, at full height and at the tightest.
pub(super) const LANE_MIN_H: (f32, f32) = (22.0, 17.0);
/// The longest an arrow head gets.
pub(super) const ARROW_MAX: f32 = 9.0;
/// How far an arrow head reaches above and below its bar.
pub(super) const ARROW_FLARE: f32 = 1.5;

/// Font size of remarks (備考) under a line, their line height and the gap above them.
pub(super) const REMARK_SIZE: f32 = CHART_MIN_SIZE;
/// Line height of a remark.
pub(super) const REMARK_LH: f32 = 10.5;
/// Gap under the last remark.
pub(super) const REMARK_GAP: f32 = 3.0;
/// Remarks start no further right than this far from the right edge.
pub(super) const REMARK_MIN_W: f32 = 200.0;

/// Top of the year header row.
pub(super) const YEAR_Y: f32 = TOP + 68.0;
/// Height of the year header row.
pub(super) const YEAR_H: f32 = 20.0;
/// Where the first body row starts.
pub(super) const BODY_Y: f32 = YEAR_Y + YEAR_H;
/// Height a page has for rows.
pub(super) const BODY_H: f32 = BOTTOM - BODY_Y;

/// Initiative rows: text size, line height, indent, padding (full, tightest), lowest height
/// (full, tightest).
pub(super) const INI_SIZE: f32 = 9.5;
/// Line height of an initiative's text.
pub(super) const INI_LH: f32 = 13.5;
/// Left edge of an initiative's text, from the margin.
pub(super) const INI_INDENT: f32 = 10.0;
/// Room above and below an initiative's text, at full height and at the tightest.
pub(super) const INI_PAD: (f32, f32) = (9.0, 4.0);
/// Lowest initiative row, at full height and at the tightest.
pub(super) const INI_MIN_H: (f32, f32) = (22.0, 18.0);
/// Item rows: text size.
pub(super) const ITEM_SIZE: f32 = 9.0;
/// Line height of an item's text.
pub(super) const ITEM_LH: f32 = 13.0;
/// Left edge of an item's text, from the margin (the bullet sits before it).
pub(super) const ITEM_INDENT: f32 = 22.0;
/// Room above and below an item's text, at full height and at the tightest.
pub(super) const ITEM_PAD: (f32, f32) = (7.0, 3.0);
/// Lowest item row, at full height and at the tightest.
pub(super) const ITEM_MIN_H: (f32, f32) = (19.0, 16.0);

/// The words a re-listing's tag starts with.
pub(super) const TAG_WORD: &str = "再掲";
/// Padding inside a tag's frame, and the gap between a text and its tag.
pub(super) const TAG_PAD: f32 = 3.0;
/// A page number as wide as any the tag can print (two digits), to reserve its room.
const TAG_PAGE_ROOM: &str = "p.88";

/// A colour for the re-listing tag's frame and the 再掲 bar outline.
pub(super) const RELIST_EDGE: Rgb = Rgb(0x7d, 0x8f, 0xa5);

/// Where a row sits in the plan: pillar, policy, initiative, item, line (indices). An
/// initiative row has neither item nor line, an item row no line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct RowKey {
    pub(super) policy: (usize, usize),
    pub(super) initiative: usize,
    pub(super) item: Option<usize>,
    pub(super) line: Option<usize>,
}

/// A re-listing's tag: 「再掲 (1)② p.8」, a link to the original's page; for a re-listing
/// whose original was not found, 「再掲 (1)④（類似） p.8」, a link to the closest original
/// (the one its `relisting-near-miss` warning names), as the web edition's badge says it.
#[derive(Debug, Clone)]
pub(super) struct Tag {
    /// The original's pillar and policy, 「(1)②」, or the closest one's, 「(1)④（類似）」.
    pub(super) place: String,
    /// The original's row.
    pub(super) target: RowKey,
    /// The original is only the closest one (a near miss).
    pub(super) near: bool,
}

/// What follows the place of a closest original, as on the web edition's badge.
const NEAR_MARK: &str = "（類似）";

/// Where each chart row landed: its page (1-based) and top.
pub(super) type RowPages = BTreeMap<RowKey, (usize, f32)>;

impl Tag {
    /// The tag of a re-listing of `r` (its item only, or its line).
    pub(super) fn of(r: &Relisting, item_only: bool) -> Tag {
        let p = r.path;
        Tag {
            place: r.place.clone(),
            target: RowKey {
                policy: (p.pillar, p.policy),
                initiative: p.initiative,
                item: Some(p.item),
                line: (!item_only).then_some(p.line),
            },
            near: false,
        }
    }

    /// The tag of a re-listing whose original was not found, pointing at the closest
    /// original `r`; none when `r` has no place to name.
    pub(super) fn near(r: &Relisting, item_only: bool) -> Option<Tag> {
        (!r.place.is_empty()).then(|| Tag {
            place: format!("{}{NEAR_MARK}", r.place),
            near: true,
            ..Tag::of(r, item_only)
        })
    }

    /// What the tag prints for a re-listing at `at` (page, top): the original's policy and
    /// page, or, when the original is on the same page, which way its row is.
    pub(super) fn text(&self, pages: &RowPages, at: (usize, f32)) -> String {
        match pages.get(&self.target) {
            Some(&(page, y)) if page == at.0 => {
                let way = if y < at.1 {
                    "↑上の行"
                } else {
                    "↓下の行"
                };
                format!("{TAG_WORD} {way}")
            }
            Some(&(page, _)) => format!("{TAG_WORD} {} p.{page}", self.place),
            None => format!("{TAG_WORD} {}", self.place),
        }
    }

    /// What the tag's link says to a screen reader: 「再掲元 (1)② 8ページへ」.
    pub(super) fn description(&self, page: usize) -> String {
        let place = if self.place.is_empty() {
            String::new()
        } else {
            format!(" {}", self.place)
        };
        let whose = if self.near { "元の候補" } else { "元" };
        format!("{TAG_WORD}{whose}{place} {page}ページへ")
    }

    /// The widest the tag's frame can be, whatever page it names.
    pub(super) fn room(&self) -> f32 {
        let widest = [
            format!("{TAG_WORD} {} {TAG_PAGE_ROOM}", self.place),
            format!("{TAG_WORD} ↑上の行"),
        ];
        widest.iter().map(|t| tag_w(t)).fold(0.0, f32::max)
    }
}

/// Width of a tag's frame around `text`.
pub(super) fn tag_w(text: &str) -> f32 {
    Face::Regular.width(text, TAG_SIZE) + 2.0 * TAG_PAD
}

/// One bar of a line, measured.
pub(super) struct Bar {
    pub(super) lines: Vec<String>,
    pub(super) size: f32,
    pub(super) left: f32,
    pub(super) right: f32,
    pub(super) arrow: bool,
    pub(super) relisted: bool,
    pub(super) tag: Option<Tag>,
    /// The tag sits after the last line (else on a line of its own).
    pub(super) tag_inline: bool,
    pub(super) source: Source,
    /// First and last year column the bar covers (its table cell's span).
    pub(super) columns: (u32, u32),
    /// What a screen reader says for the step: its text and its period in the web edition's
    /// words, 「…（令和7年度から令和11年度まで）」.
    pub(super) spoken: String,
}

impl Bar {
    pub(super) fn line_h(&self) -> f32 {
        self.size * BAR_LEADING
    }
    pub(super) fn text_lines(&self) -> usize {
        self.lines.len() + usize::from(self.tag.is_some() && !self.tag_inline)
    }
    pub(super) fn body_right(&self) -> f32 {
        if self.arrow {
            self.right - head_len(self.left, self.right)
        } else {
            self.right
        }
    }
}

/// Length of the arrow head of a bar from `left` to `right`.
pub(super) fn head_len(left: f32, right: f32) -> f32 {
    ((right - left) / 4.0).min(ARROW_MAX)
}

/// A height that tightens: `full` on a page with room, down to `tight` on a full one.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Give {
    pub(super) full: f32,
    pub(super) tight: f32,
}

impl Give {
    /// The height at tightness `t` (1 = full, 0 = tightest).
    pub(super) fn at(self, t: f32) -> f32 {
        self.tight + (self.full - self.tight) * t
    }
}

pub(super) struct Lane {
    pub(super) bars: Vec<Bar>,
    pub(super) h: Give,
}

pub(super) enum Kind {
    Initiative(Vec<String>),
    Item {
        lines: Vec<String>,
        tag: Option<Tag>,
    },
    Steps {
        lanes: Vec<Lane>,
        remarks: Vec<String>,
        remark_x: f32,
    },
}

pub(super) struct Row {
    pub(super) kind: Kind,
    pub(super) h: Give,
    pub(super) key: RowKey,
    pub(super) source: Source,
    /// For an initiative or item row: the same row marked 「（続き）」, repeated at the top
    /// of a page its group continues on.
    pub(super) continued: Option<Box<Row>>,
}

impl Row {
    pub(super) fn is_initiative(&self) -> bool {
        matches!(self.kind, Kind::Initiative(_))
    }
    pub(super) fn is_item(&self) -> bool {
        matches!(self.kind, Kind::Item { .. })
    }
    pub(super) fn is_steps(&self) -> bool {
        matches!(self.kind, Kind::Steps { .. })
    }
}

/// A row on a page: the row itself or its 「（続き）」 copy, its top and its height.
#[derive(Debug, Clone, Copy)]
pub(super) struct Placed {
    pub(super) row: usize,
    pub(super) continued: bool,
    pub(super) y: f32,
    pub(super) h: f32,
}

/// One page of a policy's chart: the rows on it and how tight they are set.
pub(super) struct ChartPage {
    pub(super) rows: Vec<Placed>,
    pub(super) tightness: f32,
}

pub(super) fn col_w(cx: &Ctx) -> f32 {
    CONTENT_W / cx.rm.plan.period.columns() as f32
}
