//! The laid-out document: pages of positioned primitives, as plain serde data.
//!
//! Layout produces it and the writer draws it, so everything about where things go can be
//! tested (and kept as golden JSON) without reading a PDF back. Units are PDF points
//! (1/72 in); the origin is the page's **top-left** corner and `y` grows downwards, the way
//! a page is read. The writer flips to PDF's bottom-left origin.

use serde::{Deserialize, Serialize};

pub use super::font::Face;

/// A4 landscape width in points (297 mm).
pub const PAGE_WIDTH: f32 = 841.89;
/// A4 landscape height in points (210 mm).
pub const PAGE_HEIGHT: f32 = 595.276;

/// The whole document, ready to draw.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Document {
    /// Title, author and subject for the PDF's document information.
    pub metadata: Metadata,
    /// Bookmarks, in reading order; `level` nests them.
    pub outline: Vec<OutlineEntry>,
    /// The pages, first to last.
    pub pages: Vec<Page>,
    /// The logical structure (tagged PDF): element 0 is the `Document`, every other one
    /// names its parent; siblings read in the order of their index. Text runs and links
    /// point into it with their `node`.
    #[serde(default)]
    pub structure: Vec<Node>,
}

/// One element of the logical structure: what a group of boxes is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    /// What the element is.
    pub role: Role,
    /// The enclosing element (`None` only for the `Document` at index 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<usize>,
    /// What a screen reader says for the element's text instead (PDF's `/ActualText`): a
    /// 目次 line 「はじめに」 … 「3」 is read 「はじめに（3ページ）」, not 「はじめに3」.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_as: Option<String>,
}

/// How a header cell relates to the data cells (PDF's `/Scope`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scope {
    /// It heads the cells below it.
    Column,
    /// It heads the cells to its right.
    Row,
}

/// The structure types this document uses (ISO 32000-1 §14.8.4), with a table cell's spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Role {
    /// The whole document (the root).
    Document,
    /// A part: cover, 目次, はじめに, a pillar's or a policy's charts, KPI, 改定履歴 ….
    Sect,
    /// A heading of level 1 to 6.
    H {
        /// 1 for a part or pillar, 2 for a policy, 3 for an initiative.
        level: u8,
    },
    /// A paragraph (or one line of the colophon).
    P,
    /// A list.
    L,
    /// One entry of a list.
    LI,
    /// The body of a list entry.
    LBody,
    /// A link: its text and its annotation.
    Link,
    /// A table.
    Table,
    /// A table row.
    TR,
    /// A header cell.
    TH {
        /// Which cells it heads.
        scope: Scope,
        /// Columns it covers.
        colspan: u32,
        /// Rows it covers.
        rowspan: u32,
    },
    /// A data cell.
    TD {
        /// Columns it covers.
        colspan: u32,
        /// Rows it covers.
        rowspan: u32,
    },
}

impl Role {
    /// The PDF structure type (`/S`), also the tag of the marked content.
    pub fn name(&self) -> &'static str {
        match self {
            Role::Document => "Document",
            Role::Sect => "Sect",
            Role::H { level } => match level {
                0 | 1 => "H1",
                2 => "H2",
                3 => "H3",
                4 => "H4",
                5 => "H5",
                _ => "H6",
            },
            Role::P => "P",
            Role::L => "L",
            Role::LI => "LI",
            Role::LBody => "LBody",
            Role::Link => "Link",
            Role::Table => "Table",
            Role::TR => "TR",
            Role::TH { .. } => "TH",
            Role::TD { .. } => "TD",
        }
    }

    /// Does this element hold text itself (rather than only other elements)?
    pub fn holds_text(&self) -> bool {
        matches!(
            self,
            Role::H { .. } | Role::P | Role::Link | Role::TH { .. } | Role::TD { .. }
        )
    }

    /// A header cell heading the column below it.
    pub fn column_header() -> Role {
        Role::TH {
            scope: Scope::Column,
            colspan: 1,
            rowspan: 1,
        }
    }

    /// A header cell for its row, `rowspan` rows high.
    pub fn row_header(colspan: u32, rowspan: u32) -> Role {
        Role::TH {
            scope: Scope::Row,
            colspan,
            rowspan,
        }
    }

    /// A data cell `colspan` columns wide.
    pub fn cell(colspan: u32) -> Role {
        Role::TD {
            colspan,
            rowspan: 1,
        }
    }
}

/// The PDF's document information.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Metadata {
    /// 高山市DX推進計画（第2期） 工程表（ロードマップ）
    pub title: String,
    /// The issuer (plan.issuer).
    pub author: String,
    /// What the document is, in a sentence.
    pub subject: String,
    /// BCP 47 language of the text, for screen readers.
    pub language: String,
    /// Does the file claim PDF/UA-1 (and get checked against it when written)? Not when a
    /// character has no glyph in the font (a `--draft` of such a roadmap).
    #[serde(default)]
    pub accessible: bool,
}

/// One bookmark.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutlineEntry {
    /// What the bookmark reads.
    pub title: String,
    /// 1-based page number the bookmark opens.
    pub page: usize,
    /// 0 for a top-level entry, 1 for its children, …
    pub level: u32,
}

/// One page: its size and what is drawn on it, in painting order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page {
    /// Width in points.
    pub width: f32,
    /// Height in points.
    pub height: f32,
    /// What is drawn, in painting order (later items on top).
    pub items: Vec<Item>,
}

impl Page {
    /// The page's texts, in painting order.
    pub fn texts(&self) -> impl Iterator<Item = &Text> {
        self.items.iter().filter_map(|i| match i {
            Item::Text(t) => Some(t),
            _ => None,
        })
    }

    /// The page's rectangles (fills and frames), in painting order.
    pub fn rects(&self) -> impl Iterator<Item = &Rect> {
        self.items.iter().filter_map(|i| match i {
            Item::Rect(r) => Some(r),
            _ => None,
        })
    }

    /// The page's link areas.
    pub fn links(&self) -> impl Iterator<Item = &Link> {
        self.items.iter().filter_map(|i| match i {
            Item::Link(l) => Some(l),
            _ => None,
        })
    }
}

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// How a path's outline is drawn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stroke {
    /// Colour of the line.
    pub color: Rgb,
    /// Line width in points.
    pub width: f32,
    /// Dash and gap lengths in points; empty for a solid line.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dash: Vec<f32>,
}

/// A box in page coordinates (top-left origin).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Area {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
}

impl Area {
    /// The area with its coordinates rounded as every primitive's are (stable golden JSON).
    pub fn rounded(self) -> Area {
        Area {
            x: r2(self.x),
            y: r2(self.y),
            w: r2(self.w),
            h: r2(self.h),
        }
    }

    /// Does `self` contain the box `(x, y, w, h)`, allowing `slack` points?
    pub fn contains(&self, x: f32, y: f32, w: f32, h: f32, slack: f32) -> bool {
        x >= self.x - slack
            && y >= self.y - slack
            && x + w <= self.x + self.w + slack
            && y + h <= self.y + self.h + slack
    }
}

/// A drawing primitive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Item {
    /// A run of text.
    Text(Text),
    /// A rectangle.
    Rect(Rect),
    /// A polyline.
    Line(Line),
    /// A filled polygon.
    Polygon(Polygon),
    /// A circle or ellipse.
    Ellipse(Ellipse),
    /// A link to another page.
    Link(Link),
}

/// One run of text on one line: the exact characters printed, so a PDF reader gets them
/// back as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Text {
    /// The characters, exactly as printed.
    pub text: String,
    /// Regular or Bold.
    pub face: Face,
    /// Font size in points.
    pub size: f32,
    /// Left edge of the run.
    pub x: f32,
    /// The baseline.
    pub baseline: f32,
    /// Advance width of the run, from the font's own widths.
    pub width: f32,
    /// Fill colour of the glyphs.
    pub color: Rgb,
    /// The box the run must stay inside (a chart bar, a table cell), when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within: Option<Area>,
    /// The structure element the run belongs to ([`Document::structure`]); `None` marks
    /// it an artifact (page furniture: footers, repeated headings on continued pages).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node: Option<usize>,
}

impl Text {
    /// Top of the run's em box (baseline minus the ascent).
    pub fn top(&self) -> f32 {
        self.baseline - self.face.ascent() * self.size
    }
}

/// A rectangle, filled, stroked or both.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rect {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// Fill colour, if filled.
    pub fill: Option<Rgb>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// Outline, if stroked.
    pub stroke: Option<Stroke>,
}

/// An open polyline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Line {
    /// The points, in order.
    pub points: Vec<(f32, f32)>,
    /// How the line is drawn.
    pub stroke: Stroke,
}

/// A closed, filled polygon (arrow heads).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Polygon {
    /// The corners, in order; the path is closed.
    pub points: Vec<(f32, f32)>,
    /// Fill colour.
    pub fill: Rgb,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// Outline, if stroked.
    pub stroke: Option<Stroke>,
}

/// An ellipse given by its centre and radii.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ellipse {
    /// Centre, x.
    pub cx: f32,
    /// Centre, y.
    pub cy: f32,
    /// Horizontal radius.
    pub rx: f32,
    /// Vertical radius.
    pub ry: f32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// Fill colour, if filled.
    pub fill: Option<Rgb>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// Outline, if stroked.
    pub stroke: Option<Stroke>,
}

/// A clickable area that opens a page of this document (shown whole), or a web address.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    /// The clickable area.
    pub area: Area,
    /// 1-based page number (0 for a link to a web address).
    pub page: usize,
    /// The web address the link opens instead of a page (the colophon's URL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub web: Option<String>,
    /// The `Link` structure element holding the link's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node: Option<usize>,
    /// Where the link goes, in words (the annotation's `/Contents`, for screen readers).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// Rounds to 1/100 pt: plenty for print, and it keeps the golden JSON stable and short.
pub fn r2(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

impl Page {
    /// An empty A4 landscape page.
    pub fn a4_landscape() -> Page {
        Page {
            width: PAGE_WIDTH,
            height: PAGE_HEIGHT,
            items: Vec::new(),
        }
    }

    /// Adds a filled and/or stroked rectangle.
    pub fn rect(&mut self, a: Area, fill: Option<Rgb>, stroke: Option<Stroke>) {
        self.items.push(Item::Rect(Rect {
            x: r2(a.x),
            y: r2(a.y),
            w: r2(a.w),
            h: r2(a.h),
            fill,
            stroke,
        }));
    }

    /// Adds a straight line from `(x1, y1)` to `(x2, y2)`.
    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, stroke: Stroke) {
        self.items.push(Item::Line(Line {
            points: vec![(r2(x1), r2(y1)), (r2(x2), r2(y2))],
            stroke,
        }));
    }

    /// Adds a filled polygon.
    pub fn polygon(&mut self, points: &[(f32, f32)], fill: Rgb, stroke: Option<Stroke>) {
        self.items.push(Item::Polygon(Polygon {
            points: points.iter().map(|&(x, y)| (r2(x), r2(y))).collect(),
            fill,
            stroke,
        }));
    }

    /// Adds a circle or ellipse.
    pub fn ellipse(
        &mut self,
        cx: f32,
        cy: f32,
        rx: f32,
        ry: f32,
        fill: Option<Rgb>,
        stroke: Option<Stroke>,
    ) {
        self.items.push(Item::Ellipse(Ellipse {
            cx: r2(cx),
            cy: r2(cy),
            rx: r2(rx),
            ry: r2(ry),
            fill,
            stroke,
        }));
    }

    /// Adds a link to page `page` (1-based) over `area`.
    pub fn link(&mut self, area: Area, page: usize) {
        self.items.push(Item::Link(Link {
            area: area.rounded(),
            page,
            web: None,
            node: None,
            description: String::new(),
        }));
    }

    /// Adds a link to the web address `web` over `area`.
    pub fn web_link(&mut self, area: Area, web: &str) {
        self.items.push(Item::Link(Link {
            area: area.rounded(),
            page: 0,
            web: Some(web.to_string()),
            node: None,
            description: String::new(),
        }));
    }

    /// Adds one run of text with its left edge at `x` and its baseline at `baseline`;
    /// returns its width.
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
        let width = face.width(text, size);
        if text.is_empty() {
            return 0.0;
        }
        self.items.push(Item::Text(Text {
            text: text.to_string(),
            face,
            size,
            x: r2(x),
            baseline: r2(baseline),
            width: r2(width),
            color,
            within: within.map(Area::rounded),
            node: None,
        }));
        width
    }
}
