//! Page styles: the faces and sizes of every kind of text the document sets, in one place,
//! so that a page's look is changed here and not in the code that places the text.

use super::font::Face;

/// A face at a size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    /// Regular or Bold.
    pub face: Face,
    /// Size in points.
    pub size: f32,
}

const fn regular(size: f32) -> Style {
    Style {
        face: Face::Regular,
        size,
    }
}

const fn bold(size: f32) -> Style {
    Style {
        face: Face::Bold,
        size,
    }
}

/// Nothing on a chart page is set smaller than this (the council reads it on paper).
pub const CHART_MIN_SIZE: f32 = 8.0;
/// A re-listing's tag, 「再掲 (1)② p.8」.
pub const TAG_SIZE: f32 = CHART_MIN_SIZE;

/// A page heading (はじめに, 改定履歴 …).
pub const HEADING: Style = bold(18.0);
/// Running prose (はじめに, 《注記》).
pub const PROSE: Style = regular(10.5);
/// The footer's title and issuer.
pub const FOOTER: Style = regular(CHART_MIN_SIZE);
/// The footer's page number.
pub const PAGE_NUMBER: Style = regular(9.0);
/// 「案」 in the draft mark.
pub const DRAFT_MARK: Style = bold(17.0);
/// The draft mark's count of open errors.
pub const DRAFT_NOTE: Style = bold(8.5);

/// The pillar in a chart's header band.
pub const BAND: Style = bold(14.0);
/// The pillar's subtitle in the band.
pub const BAND_SUBTITLE: Style = regular(11.0);
/// The policy title over a chart (shrinks to [`POLICY_TITLE_MIN`] when long).
pub const POLICY_TITLE: Style = bold(13.0);
/// The smallest a policy title shrinks to.
pub const POLICY_TITLE_MIN: f32 = 9.0;
/// 「（続き）」 after a continued policy title.
pub const CONTINUED: Style = regular(10.0);
/// 《凡例》.
pub const LEGEND_TITLE: Style = bold(8.5);
/// A legend entry.
pub const LEGEND: Style = regular(CHART_MIN_SIZE);
/// A year column's heading (shrinks to [`CHART_MIN_SIZE`]).
pub const YEAR_HEADING: Style = bold(8.5);

/// The cover's title.
pub const COVER_TITLE: Style = bold(26.0);
/// The cover's document name.
pub const COVER_DOCUMENT: Style = bold(36.0);
/// The cover's period.
pub const COVER_PERIOD: Style = regular(20.0);
/// The cover's edition date.
pub const COVER_EDITION: Style = regular(14.0);
/// The cover's issuer.
pub const COVER_ISSUER: Style = bold(16.0);

/// A purpose card's title (はじめに).
pub const CARD_TITLE: Style = bold(12.0);
/// A purpose card's subtitle and body.
pub const CARD_BODY: Style = regular(10.0);
/// The keyword in a purpose card's circle.
pub const CARD_KEYWORD: Style = bold(17.0);
/// The keyword's English under it.
pub const CARD_KEYWORD_EN: Style = regular(8.5);

/// 「目指す姿」 label.
pub const VISION_LABEL: Style = bold(12.0);
/// The vision itself (shrinks to [`VISION_MIN`]).
pub const VISION: Style = bold(22.0);
/// The smallest the vision shrinks to.
pub const VISION_MIN: f32 = 14.0;
/// A pillar's name in the diagram.
pub const DIAGRAM_PILLAR: Style = bold(14.0);
/// A pillar's subtitle in the diagram.
pub const DIAGRAM_SUBTITLE: Style = regular(10.0);
/// A policy in the diagram.
pub const DIAGRAM_POLICY: Style = regular(10.5);
/// A policy's page number in the diagram, and small notes.
pub const SMALL: Style = regular(8.5);

/// A table's header cell.
pub const TABLE_HEAD: Style = bold(10.0);
/// A table's body cell.
pub const TABLE_BODY: Style = regular(10.0);
/// A section heading inside a page (《注記》, ◆ KPI sections).
pub const SECTION: Style = bold(12.0);
/// The colophon's title lines.
pub const COLOPHON_TITLE: Style = bold(12.0);
/// The colophon's other lines.
pub const COLOPHON: Style = regular(10.5);
/// The colophon's contact lines.
pub const COLOPHON_CONTACT: Style = regular(10.0);

/// A top-level 目次 entry.
pub const TOC_ENTRY: Style = bold(13.0);
/// A pillar's 目次 entry.
pub const TOC_SUB_ENTRY: Style = regular(11.5);
