//! The layout's canvas: [`Ctx`] holds the pages laid out so far, the structure being built,
//! the findings, and the page frame's measures and colours every part of the document
//! draws with. The parts (cover, charts, KPI, …) draw on it; [`super::layout`] orders them.

use std::collections::BTreeSet;

use crate::diagnostic::{Code, Diagnostic, Place};
use crate::model::{Roadmap, Source};

pub use super::document::*;
use super::linebreak::{self, Wrapped};
use super::style::{self, Style};

// --- the page frame ----------------------------------------------------------------------

/// What a heading on a continued page ends with: 「はじめに（続き）」.
pub const CONTINUED: &str = "（続き）";
/// The same after a title that ends in a half-width bracket: 「重要業績評価指標 (KPI) (続き)」.
const CONTINUED_HALF: &str = " (続き)";

/// 「…（続き）」: a title repeated on the page its part continues on.
pub fn continued_title(title: &str) -> String {
    // A title that ends in a half-width bracket, 「重要業績評価指標 (KPI)」, continues in the
    // same width, so the brackets do not mix.
    if title.ends_with(')') {
        format!("{title}{CONTINUED_HALF}")
    } else {
        format!("{title}{CONTINUED}")
    }
}

/// Is `title` one repeated on a continued page ([`continued_title`])?
pub fn is_continued(title: &str) -> bool {
    title.ends_with(CONTINUED) || title.ends_with(CONTINUED_HALF)
}
/// Left and right margin (15 mm).
pub const MARGIN_X: f32 = 42.52;
/// Top margin (12 mm): the header band starts here.
pub const TOP: f32 = 34.0;
/// Lowest `y` content may reach; the footer lives below it.
pub const BOTTOM: f32 = PAGE_HEIGHT - 40.0;
/// Width between the margins.
pub const CONTENT_W: f32 = PAGE_WIDTH - 2.0 * MARGIN_X;
/// A page heading's accent bar: top (below [`TOP`]), width, height.
const HEADING_ACCENT: (f32, f32, f32) = (2.0, 5.0, 22.0);
/// A page heading's text: indent from the margin, and baseline below [`TOP`].
const HEADING_INDENT: f32 = 14.0;
/// Baseline of a page heading, below [`TOP`].
const HEADING_BASELINE: f32 = 19.5;
/// The rule under a page heading, below [`TOP`].
const HEADING_RULE: f32 = 31.0;
/// Where content starts under a page heading, below [`TOP`].
const HEADING_H: f32 = 48.0;
/// Line height of prose, as a multiple of its size.
const PROSE_LEADING: f32 = 1.75;
/// Space after a paragraph, as a multiple of its size.
const PARAGRAPH_GAP: f32 = 0.6;

// --- a sober public-document palette -------------------------------------------------------

/// Header bands, headings.
pub const NAVY: Rgb = Rgb(0x1f, 0x3a, 0x5f);
/// Body text.
pub const INK: Rgb = Rgb(0x23, 0x2a, 0x33);
/// Secondary text (footer, notes).
pub const MUTED: Rgb = Rgb(0x5a, 0x66, 0x74);
/// Initiative rows (具体的な取り組み).
pub const INITIATIVE_BG: Rgb = Rgb(0xd6, 0xe6, 0xf4);
/// Item rows (取り組み項目).
pub const ITEM_BG: Rgb = Rgb(0xf1, 0xf5, 0xf9);
/// Step bars (主な工程).
pub const BAR: Rgb = Rgb(0x33, 0x66, 0xa3);
/// Re-listed (再掲) step bars.
pub const BAR_RELISTED: Rgb = Rgb(0xc9, 0xd3, 0xdf);
/// Table header cells.
pub const HEADER_BG: Rgb = Rgb(0xdf, 0xe7, 0xef);
/// Table rules.
pub const GRID: Rgb = Rgb(0xb9, 0xc4, 0xd0);
/// White.
pub const WHITE: Rgb = Rgb(0xff, 0xff, 0xff);
/// The draft mark.
pub const RED: Rgb = Rgb(0xc0, 0x1f, 0x1f);

/// A solid stroke.
pub fn solid(color: Rgb, width: f32) -> Stroke {
    Stroke {
        color,
        width,
        dash: Vec::new(),
    }
}

// --- the layout context ------------------------------------------------------------------------

/// Where each part of the document starts (1-based page numbers), for the 目次, the links
/// and the bookmarks.
#[derive(Debug, Default, Clone)]
pub struct Sections {
    /// 目次.
    pub toc: usize,
    /// はじめに.
    pub intro: usize,
    /// 目指す姿及び取り組みの体系.
    pub system: usize,
    /// The first chart.
    pub roadmap: usize,
    /// First page of each pillar.
    pub pillars: Vec<usize>,
    /// First page of each policy, by pillar.
    pub policies: Vec<Vec<usize>>,
    /// 重要業績評価指標 (KPI).
    pub kpi: usize,
    /// 今回の改定における主な変更点 (0 when there is no previous edition).
    pub changes: usize,
    /// 改定履歴.
    pub history: usize,
}

/// State while laying out: the pages so far, the bookmarks and the findings.
pub struct Ctx<'a> {
    /// The roadmap being laid out.
    pub rm: &'a Roadmap,
    /// The pages so far; the last is the current one.
    pub pages: Vec<Page>,
    /// Bookmarks, in the order they were made.
    pub outline: Vec<OutlineEntry>,
    /// Missing glyphs and texts too long for their box.
    pub diagnostics: Vec<Diagnostic>,
    /// Where each part starts.
    pub sections: Sections,
    /// The record whose text is being set, for the place of a diagnostic.
    pub source: Source,
    /// What each box is: the structure elements so far and the open ones.
    pub tags: super::tagging::Tagger,
    reported: BTreeSet<(char, String)>,
    /// Phrase starts of the texts wrapped so far: a text is wrapped at several sizes.
    phrases: std::cell::RefCell<std::collections::HashMap<String, Vec<bool>>>,
}

impl<'a> Ctx<'a> {
    /// An empty document for `rm` (roadmap.pdf, and progress.pdf beside it).
    pub(super) fn new(rm: &'a Roadmap) -> Ctx<'a> {
        Ctx {
            rm,
            pages: Vec::new(),
            outline: Vec::new(),
            diagnostics: Vec::new(),
            sections: Sections::default(),
            source: rm.plan.source.clone(),
            tags: Default::default(),
            reported: BTreeSet::new(),
            phrases: Default::default(),
        }
    }

    /// Starts a new page and returns its 1-based number.
    pub fn new_page(&mut self) -> usize {
        self.pages.push(Page::a4_landscape());
        self.pages.len()
    }

    /// Runs `f` with page `page` (1-based, already reserved) as the current page, for
    /// pages that need to know what follows them (目次, the diagram's links).
    pub fn on_page(&mut self, page: usize, f: impl FnOnce(&mut Ctx)) {
        if page == 0 || page > self.pages.len() {
            return;
        }
        let rest = self.pages.split_off(page);
        f(self);
        // `f` must not add pages here; if it did, they would land in the middle.
        self.pages.extend(rest);
    }

    /// 1-based number of the current (last) page.
    pub fn page_no(&self) -> usize {
        self.pages.len()
    }

    fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.pages.push(Page::a4_landscape());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Adds a bookmark to the current page.
    pub fn bookmark(&mut self, title: &str, level: u32) {
        let page = self.page_no();
        self.outline.push(OutlineEntry {
            title: title.to_string(),
            page,
            level,
        });
    }

    /// Reports every character of `text` the face lacks (once per character and text).
    pub fn check_glyphs(&mut self, text: &str, face: Face) {
        for c in face.missing(text) {
            if self.reported.insert((c, text.to_string())) {
                let place = Place::from(&self.source);
                let ch = c.to_string();
                self.diagnostics
                    .push(Diagnostic::new(Code::GlyphMissing, place, &[&ch, text]));
            }
        }
    }

    /// Reports a text that does not fit its box.
    pub fn too_long(&mut self, text: &str) {
        let place = Place::from(&self.source);
        let d = Diagnostic::new(Code::TextTooLong, place, &[text]);
        if !self.diagnostics.contains(&d) {
            self.diagnostics.push(d);
        }
    }

    /// Sets one run of text on the current page; returns its width.
    #[allow(clippy::too_many_arguments)]
    pub fn text(
        &mut self,
        text: &str,
        face: Face,
        size: f32,
        x: f32,
        baseline: f32,
        color: Rgb,
        within: Option<Area>,
    ) -> f32 {
        // A line break or tab inside a cell cannot be drawn within one run; a space keeps
        // the words apart (wrapped texts have already been split at their line breaks).
        let text: std::borrow::Cow<str> = if text.chars().any(char::is_control) {
            text.chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect::<String>()
                .into()
        } else {
            text.into()
        };
        self.check_glyphs(&text, face);
        let w = self
            .page()
            .text(&text, face, size, x, baseline, color, within);
        self.tag_last();
        w
    }

    /// Sets one run of text in style `s`; returns its width.
    pub fn styled(
        &mut self,
        text: &str,
        s: Style,
        x: f32,
        baseline: f32,
        color: Rgb,
        within: Option<Area>,
    ) -> f32 {
        self.text(text, s.face, s.size, x, baseline, color, within)
    }

    /// Sets `text` centred on `cx`.
    pub fn text_centered(
        &mut self,
        text: &str,
        face: Face,
        size: f32,
        cx: f32,
        baseline: f32,
        color: Rgb,
    ) {
        let w = face.width(text, size);
        self.text(text, face, size, cx - w / 2.0, baseline, color, None);
    }

    /// Sets `text` in style `s` centred on `cx`.
    pub fn centered(&mut self, text: &str, s: Style, cx: f32, baseline: f32, color: Rgb) {
        self.text_centered(text, s.face, s.size, cx, baseline, color);
    }

    /// Adds a rectangle to the current page.
    pub fn rect(&mut self, a: Area, fill: Option<Rgb>, stroke: Option<Stroke>) {
        self.page().rect(a, fill, stroke);
    }

    /// Adds a line to the current page.
    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, stroke: Stroke) {
        self.page().line(x1, y1, x2, y2, stroke);
    }

    /// Adds a filled polygon to the current page.
    pub fn polygon(&mut self, points: &[(f32, f32)], fill: Rgb) {
        self.page().polygon(points, fill, None);
    }

    /// Adds an ellipse to the current page.
    pub fn ellipse(&mut self, cx: f32, cy: f32, r: f32, fill: Option<Rgb>, stroke: Option<Stroke>) {
        self.page().ellipse(cx, cy, r, r, fill, stroke);
    }

    /// Adds a link on the current page.
    pub fn link(&mut self, area: Area, page: usize) {
        if page > 0 {
            self.page().link(area, page);
            self.tag_last();
        }
    }

    /// A link to the web address `web` over `area`, described to a screen reader as
    /// `description`.
    pub fn web_link(&mut self, area: Area, web: &str, description: String) {
        self.page().web_link(area, web);
        self.tag_last();
        if let Some(Item::Link(l)) = self.page().items.last_mut() {
            l.description = description;
        }
    }

    /// A link to page `page` whose description is `description` (rather than the text of
    /// its element, as [`Ctx::link`] says it).
    pub fn link_described(&mut self, area: Area, page: usize, description: String) {
        if page > 0 {
            self.link(area, page);
            if let Some(Item::Link(l)) = self.page().items.last_mut() {
                l.description = description;
            }
        }
    }

    /// Wraps `text` set in `face` at `size` into lines at most `max` wide, between phrases.
    pub fn wrap(&self, text: &str, face: Face, size: f32, max: f32) -> Wrapped {
        // Most texts fit their box on one line: no phrase needs finding then (that is the
        // costly part), and breaking by character gives the same single line.
        let plain = linebreak::wrap(text, max, |c| face.advance(c).0 * size);
        if plain.lines.len() == text.split('\n').count() {
            return plain;
        }
        let mut cache = self.phrases.borrow_mut();
        let starts = cache
            .entry(text.to_string())
            .or_insert_with(|| linebreak::phrase_starts(text));
        linebreak::wrap_at_phrases(text, starts, max, |c| face.advance(c).0 * size)
    }

    /// Wraps prose between any two characters the rules allow, so that a paragraph's lines
    /// run to the box's edge as printed Japanese prose does.
    pub fn wrap_prose(&self, text: &str, face: Face, size: f32, max: f32) -> Wrapped {
        linebreak::wrap(text, max, |c| face.advance(c).0 * size)
    }

    /// A page heading (はじめに, 改定履歴 …) with a rule under it; returns the `y` below it.
    pub fn heading(&mut self, title: &str) -> f32 {
        let accent = Area {
            x: MARGIN_X,
            y: TOP + HEADING_ACCENT.0,
            w: HEADING_ACCENT.1,
            h: HEADING_ACCENT.2,
        };
        self.rect(accent, Some(NAVY), None);
        // On a continued page the heading repeats the part's: page furniture.
        if is_continued(title) {
            self.artifact();
        } else {
            self.begin(Role::H { level: 1 });
        }
        let x = MARGIN_X + HEADING_INDENT;
        self.styled(title, style::HEADING, x, TOP + HEADING_BASELINE, NAVY, None);
        self.end();
        let rule = TOP + HEADING_RULE;
        self.line(MARGIN_X, rule, MARGIN_X + CONTENT_W, rule, solid(NAVY, 0.8));
        TOP + HEADING_H
    }

    /// Sets paragraphs of prose from `y` down, `width` wide, with a one-character indent,
    /// continuing on a new page (under `heading`) when the page is full. Returns the `y`
    /// below the last line.
    #[allow(clippy::too_many_arguments)]
    pub fn prose(
        &mut self,
        mut y: f32,
        x: f32,
        width: f32,
        text: &str,
        face: Face,
        size: f32,
        heading: &str,
    ) -> f32 {
        let lh = size * PROSE_LEADING;
        let indent = size;
        let w = linebreak::wrap_indented(text, width - indent, width, |c| face.advance(c).0 * size);
        let p = self.begin(Role::P);
        for (i, line) in w.lines.iter().enumerate() {
            if y + lh > BOTTOM {
                self.new_page();
                y = self.heading(&continued_title(heading));
            }
            let dx = if i == 0 { indent } else { 0.0 };
            let base = y + (lh - size) / 2.0 + face.ascent() * size;
            self.text(line, face, size, x + dx, base, INK, None);
            y += lh;
        }
        self.close(p);
        y + size * PARAGRAPH_GAP
    }
}

/// The structure calls, on the canvas (the tagging module's `Tagger` keeps the elements).
impl Ctx<'_> {
    /// Opens an element as the last child of the innermost open one; returns its index.
    pub fn begin(&mut self, role: Role) -> usize {
        self.tags.begin(role)
    }

    /// Adds an element without opening it (its place in reading order is kept).
    pub fn reserve(&mut self, role: Role) -> usize {
        self.tags.reserve(role)
    }

    /// Opens an element whose text a screen reader reads as `read_as` (a link to a page,
    /// whose printed page number would otherwise run into its title).
    pub fn begin_read_as(&mut self, role: Role, read_as: Option<String>) -> usize {
        self.tags.begin_read_as(role, read_as)
    }

    /// Reopens a reserved element.
    pub fn enter(&mut self, id: usize) {
        self.tags.enter(id);
    }

    /// Opens an artifact: text drawn until the matching [`Ctx::end`] is page furniture.
    pub fn artifact(&mut self) {
        self.tags.artifact();
    }

    /// Closes the innermost open element or artifact.
    pub fn end(&mut self) {
        self.tags.end();
    }

    /// Closes every element opened since `id`, and `id` itself.
    pub fn close(&mut self, id: usize) {
        self.tags.close(id);
    }

    /// Points the item just drawn at the current element.
    pub fn tag_last(&mut self) {
        if let Some(page) = self.pages.last_mut() {
            self.tags.tag_last(page);
        }
    }
}
