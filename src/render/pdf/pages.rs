//! The prose and frame pages: cover, 目次, はじめに, 目指す姿及び取り組みの体系, 改定履歴.

use super::ctx::*;
use super::style::{self, Style};
use crate::model::Section;

/// `令和7(2025)年3月`: the edition date, from the latest revision.
pub fn edition(cx: &Ctx) -> Option<String> {
    let latest = cx.rm.plan.revisions.iter().map(|r| r.date).max()?;
    Some(cx.rm.plan.period.years.month(latest))
}

// --- the cover ----------------------------------------------------------------------------

/// The cover's bands: the top band, the pale strip under it, the foot band.
const COVER_BANDS: (f32, f32, f32) = (16.0, 4.0, 10.0);
/// Baselines of the cover's lines: title, document, period, edition, issuer.
const COVER_BASELINES: [f32; 5] = [200.0, 256.0, 318.0, 470.0, 500.0];
/// The rule under the document name: half its length, and its height.
const COVER_RULE: (f32, f32) = (170.0, 282.0);

// --- はじめに ---------------------------------------------------------------------------------

/// Width of the はじめに text column (centred on the page).
const INTRO_W: f32 = 660.0;
/// Space above and below a purpose card.
const CARD_GAP: (f32, f32) = (2.0, 8.0);
/// Width of a purpose card's keyword column, and the room on either side of it.
const CARD_BADGE: (f32, f32) = (92.0, 28.0);
/// Inset of the keyword circle from the card's left edge, and from the column's edge.
const CARD_CIRCLE: (f32, f32) = (14.0, 4.0);
/// Left of a card's text, past the keyword column; the card's top padding.
const CARD_TEXT: (f32, f32) = (22.0, 10.0);
/// Line heights in a card: title, subtitle; the gap before the body; the body's leading.
const CARD_LH: (f32, f32, f32, f32) = (18.0, 15.0, 6.0, 1.65);
/// Baselines inside a card line: title, subtitle, body; the keyword and its English, below
/// the circle's centre.
const CARD_BASE: (f32, f32, f32, f32, f32) = (12.5, 10.0, 11.5, 3.0, 18.0);
/// Room above and below a card's text.
const CARD_PAD: f32 = 20.0;
/// Width of a card's accent bar (and of the diagram's policy accents, [`ACCENT_THIN`]).
const ACCENT_W: f32 = 4.0;

// --- 目指す姿及び取り組みの体系 -------------------------------------------------------------------

/// The vision box: width, height, the width of its 「目指す姿」 label; the room kept on the
/// sides of the vision.
const VISION_BOX: (f32, f32, f32, f32) = (560.0, 58.0, 78.0, 24.0);
/// Baselines in the vision box: the label; the vision's centre line (plus a third of its size).
const VISION_BASE: (f32, f32, f32) = (33.5, 29.0, 0.35);
/// The arrow under the vision: gap above it, half width, height; gap under it.
const VISION_ARROW: (f32, f32, f32, f32) = (6.0, 26.0, 14.0, 8.0);
/// Gap between the pillar columns.
const PILLAR_GAP: f32 = 14.0;
/// Inner padding of a pillar box (each side), its top padding, and its lowest height.
const PILLAR_PAD: (f32, f32, f32) = (10.0, 8.0, 50.0);
/// Line heights and baselines in a pillar box: title, subtitle.
const PILLAR_LINES: ((f32, f32), (f32, f32)) = ((19.0, 14.0), (14.0, 10.5));
/// Room under a pillar box's text.
const PILLAR_BOTTOM: f32 = 16.0;
/// A policy box: its line height, padding, text inset, baseline, the gap under it, and the
/// room kept on the right for its page number.
const POLICY_BOX: (f32, f32, f32, f32, f32, f32) = (15.0, 6.0, 12.0, 11.0, 5.0, 28.0);
/// A policy's page number: inset from the right, baseline from the box's top.
const POLICY_PAGE: (f32, f32) = (8.0, 16.5);
/// Width of a policy box's accent.
const ACCENT_THIN: f32 = 3.0;
/// Frame weights: boxes, the vision, the circle.
const FRAMES: (f32, f32, f32) = (0.6, 1.0, 1.5);

// --- 改定履歴 and the colophon ------------------------------------------------------------

/// Width of the 改定年月 column of the 改定履歴 table.
const HISTORY_DATE_W: f32 = 150.0;
/// A 改定履歴 row: lowest height, line height, padding; the header's baseline; the text's
/// inset and baseline within its line.
const HISTORY_ROW: (f32, f32, f32, f32) = (24.0, 16.0, 8.0, 15.5);
/// Inset of a 改定内容 text, and its baseline within a line.
const HISTORY_TEXT: (f32, f32) = (10.0, 11.5);
/// Space before 《注記》, its baseline, and the room it takes.
const NOTES: (f32, f32, f32) = (22.0, 10.0, 20.0);
/// The colophon box: width, line height, padding, the room kept above it, the accent's height,
/// the text inset, and the top of its first line.
const COLOPHON: (f32, f32, f32, f32, f32, f32, f32) = (330.0, 17.0, 20.0, 20.0, 3.0, 16.0, 14.0);
/// A colophon line's baseline, as a multiple of its size.
const COLOPHON_ASCENT: f32 = 0.9;

// --- 目次 ----------------------------------------------------------------------------------

/// Left and right edges of the 目次 lines, from the page's edges.
const TOC_INSET: f32 = 150.0;
/// Space above the first 目次 line.
pub(super) const TOC_TOP: f32 = 14.0;
/// Line heights: top-level entries, pillar entries; a pillar entry's indent.
const TOC_LH: (f32, f32, f32) = (34.0, 28.0, 26.0);
/// Baseline of an entry, as a share of its line; the gap round the leader; the leader's
/// height above the baseline.
const TOC_BASE: (f32, f32, f32) = (0.6, 8.0, 3.0);

/// The cover: title, document, period, edition and issuer, centred.
pub fn cover(cx: &mut Ctx) {
    cx.new_page();
    let plan = &cx.rm.plan;
    cx.source = plan.source.clone();
    let (title, document, issuer) = (
        plan.title.clone(),
        plan.document.clone(),
        plan.issuer.clone(),
    );
    let mid = PAGE_WIDTH / 2.0;
    // A band across the top and a thin one at the foot frame the page like a printed cover.
    let (top, strip, foot) = COVER_BANDS;
    let band = |y: f32, h: f32| Area {
        x: 0.0,
        y,
        w: PAGE_WIDTH,
        h,
    };
    cx.rect(band(0.0, top), Some(NAVY), None);
    cx.rect(band(top, strip), Some(INITIATIVE_BG), None);
    cx.rect(band(PAGE_HEIGHT - foot, foot), Some(NAVY), None);
    let [b_title, b_doc, b_period, b_edition, b_issuer] = COVER_BASELINES;
    cx.begin(Role::H { level: 1 });
    cx.centered(&title, style::COVER_TITLE, mid, b_title, NAVY);
    cx.centered(&document, style::COVER_DOCUMENT, mid, b_doc, NAVY);
    cx.end();
    let (half, rule_y) = COVER_RULE;
    cx.line(mid - half, rule_y, mid + half, rule_y, solid(BAR, 1.2));
    cx.begin(Role::P);
    cx.centered(
        &cx.rm.plan.period_label(),
        style::COVER_PERIOD,
        mid,
        b_period,
        INK,
    );
    cx.end();
    if let Some(ed) = edition(cx) {
        cx.begin(Role::P);
        cx.centered(&ed, style::COVER_EDITION, mid, b_edition, INK);
        cx.end();
    }
    cx.begin(Role::P);
    cx.centered(&issuer, style::COVER_ISSUER, mid, b_issuer, NAVY);
    cx.end();
}

/// はじめに: opening paragraphs, the purposes as framed cards with their keywords, closing
/// paragraphs. A plan that writes none gets no page (and no 目次 entry), not an empty one.
pub fn introduction(cx: &mut Ctx) {
    if cx.rm.plan.introduction.is_empty() {
        return;
    }
    cx.sections.intro = cx.new_page();
    cx.source = cx.rm.plan.source.clone();
    cx.bookmark("はじめに", 0);
    let heading = "はじめに";
    let mut y = cx.heading(heading);
    let x = (PAGE_WIDTH - INTRO_W) / 2.0;
    let intro = cx.rm.plan.introduction.clone();
    let p = style::PROSE;
    for text in &intro.opening {
        y = cx.prose(y, x, INTRO_W, text, p.face, p.size, heading);
    }
    for (i, purpose) in intro.purposes.iter().enumerate() {
        y = purpose_card(cx, y + CARD_GAP.0, x, i + 1, purpose, heading) + CARD_GAP.1;
    }
    for text in &intro.closing {
        y = cx.prose(y, x, INTRO_W, text, p.face, p.size, heading);
    }
}

/// A purpose card's text, wrapped.
struct CardText {
    title: Vec<String>,
    sub: Vec<String>,
    body: Vec<String>,
}

impl CardText {
    fn height(&self) -> f32 {
        let (title_lh, sub_lh, gap, leading) = CARD_LH;
        self.title.len() as f32 * title_lh
            + self.sub.len() as f32 * sub_lh
            + gap
            + self.body.len() as f32 * style::CARD_BODY.size * leading
    }
}

fn purpose_card(
    cx: &mut Ctx,
    mut y: f32,
    x: f32,
    n: usize,
    p: &crate::model::Purpose,
    heading: &str,
) -> f32 {
    let (badge, badge_room) = CARD_BADGE;
    let text_w = INTRO_W - badge - badge_room;
    let (t, b) = (style::CARD_TITLE, style::CARD_BODY);
    let sub = wave_dashed(&p.subtitle);
    let text = CardText {
        title: cx
            .wrap(&format!("{n}. {}", p.title), t.face, t.size, text_w)
            .lines,
        sub: if sub.is_empty() {
            Vec::new()
        } else {
            cx.wrap(&sub, b.face, b.size, text_w).lines
        },
        body: cx.wrap_prose(&p.body, b.face, b.size, text_w).lines,
    };
    let h = (text.height() + CARD_PAD).max(badge + CARD_GAP.1);
    if y + h > BOTTOM {
        cx.new_page();
        y = cx.heading(&continued_title(heading));
    }
    let card = Area {
        x,
        y,
        w: INTRO_W,
        h,
    };
    cx.rect(card, Some(ITEM_BG), Some(solid(GRID, FRAMES.0)));
    cx.rect(
        Area {
            w: ACCENT_W,
            ..card
        },
        Some(BAR),
        None,
    );
    // Read: the title (a heading under はじめに), the keyword, the subtitle, the body.
    let heading = cx.reserve(Role::H { level: 2 });
    cx.begin(Role::P);
    // The keyword in a circle, as the published edition shows it.
    let (inset, gap) = CARD_CIRCLE;
    let (ccx, ccy, r) = (x + inset + badge / 2.0, y + h / 2.0, badge / 2.0 - gap);
    cx.ellipse(ccx, ccy, r, Some(WHITE), Some(solid(BAR, FRAMES.2)));
    let (_, _, _, kw_base, en_base) = CARD_BASE;
    cx.centered(&p.keyword, style::CARD_KEYWORD, ccx, ccy + kw_base, NAVY);
    cx.centered(
        &p.keyword_en,
        style::CARD_KEYWORD_EN,
        ccx,
        ccy + en_base,
        BAR,
    );
    cx.end();
    card_text(cx, &text, x + badge + CARD_TEXT.0, y + CARD_TEXT.1, heading);
    y + h
}

/// A card's title (into its reserved `heading`), subtitle and body, from `(x, y)` down.
fn card_text(cx: &mut Ctx, text: &CardText, x: f32, mut y: f32, heading: usize) {
    let (title_lh, sub_lh, gap, leading) = CARD_LH;
    let (title_base, sub_base, body_base, _, _) = CARD_BASE;
    cx.enter(heading);
    for l in &text.title {
        cx.styled(l, style::CARD_TITLE, x, y + title_base, NAVY, None);
        y += title_lh;
    }
    cx.end();
    if !text.sub.is_empty() {
        cx.begin(Role::P);
        for l in &text.sub {
            cx.styled(l, style::CARD_BODY, x, y + sub_base, BAR, None);
            y += sub_lh;
        }
        cx.end();
    }
    y += gap;
    cx.begin(Role::P);
    for l in &text.body {
        cx.styled(l, style::CARD_BODY, x, y + body_base, INK, None);
        y += style::CARD_BODY.size * leading;
    }
    cx.end();
}

/// 「～subtitle～」: a subtitle between wave dashes, whatever tildes the source put round it
/// (「~…~」 would print doubled, and the font draws `~` as a raised ˜).
fn wave_dashed(subtitle: &str) -> String {
    let core = subtitle
        .trim()
        .trim_matches(|c| matches!(c, '~' | '～' | '〜'));
    if core.is_empty() {
        String::new()
    } else {
        format!("～{core}～")
    }
}

/// 目指す姿及び取り組みの体系: the vision on top, the pillars as columns with their policies
/// listed under them, each policy linking to its chart.
pub fn system(cx: &mut Ctx) {
    cx.source = cx.rm.plan.source.clone();
    let heading = cx.rm.plan.style.heading(Section::Frame);
    cx.bookmark(heading, 0);
    let y0 = cx.heading(heading);
    // A plan that states no 目指す姿 gets no empty vision box (nor its label as a heading
    // without content).
    let top = if cx.rm.plan.vision.trim().is_empty() {
        y0
    } else {
        vision(cx, y0)
    };
    let rm = cx.rm;
    let pillars = &rm.pillars;
    let n = pillars.len().max(1) as f32;
    let col_w = (CONTENT_W - PILLAR_GAP * (n - 1.0)) / n;
    // Pillar boxes share one height so the columns line up.
    let head_h = pillars
        .iter()
        .map(|p| pillar_text(cx, p, col_w))
        .map(|(t, s)| pillar_text_h(&t, &s) + PILLAR_BOTTOM)
        .fold(PILLAR_PAD.2, f32::max);
    // The pillars are a list of links, each with the list of its policies.
    let list = cx.begin(Role::L);
    for (i, p) in pillars.iter().enumerate() {
        cx.begin(Role::LI);
        cx.begin(Role::LBody);
        cx.begin(Role::Link);
        cx.source = p.source.clone();
        let x = MARGIN_X + i as f32 * (col_w + PILLAR_GAP);
        let head = Area {
            x,
            y: top,
            w: col_w,
            h: head_h,
        };
        pillar_box(cx, p, head);
        if let Some(&page) = cx.sections.pillars.get(i) {
            cx.link(head, page);
        }
        cx.end();
        let mut y = top + head_h + PILLAR_PAD.1;
        let policies = cx.begin(Role::L);
        for (j, q) in p.policies.iter().enumerate() {
            cx.begin(Role::LI);
            cx.begin(Role::LBody);
            let page = cx.sections.policies.get(i).and_then(|v| v.get(j)).copied();
            cx.begin_read_as(
                Role::Link,
                super::tagging::read_with_page(&policy_label(rm, q), page.unwrap_or(0)),
            );
            cx.source = q.source.clone();
            y = policy_box(cx, q, x, y, col_w, page);
            cx.end();
            cx.end();
            cx.end();
        }
        cx.close(policies);
        cx.end();
        cx.end();
        if y > BOTTOM {
            cx.too_long(&p.title);
        }
    }
    cx.close(list);
}

/// The vision box and the arrow under it; returns the top of the pillar boxes.
fn vision(cx: &mut Ctx, y0: f32) -> f32 {
    let vision = cx.rm.plan.vision.clone();
    let (vw, vh, label_w, room) = VISION_BOX;
    let vx = (PAGE_WIDTH - vw) / 2.0;
    let frame = Area {
        x: vx,
        y: y0,
        w: vw,
        h: vh,
    };
    cx.rect(frame, Some(INITIATIVE_BG), Some(solid(NAVY, FRAMES.1)));
    cx.rect(
        Area {
            w: label_w,
            ..frame
        },
        Some(NAVY),
        None,
    );
    let (label_base, centre, lift) = VISION_BASE;
    let label = style::VISION_LABEL;
    cx.begin(Role::H { level: 2 });
    cx.centered(
        "目指す姿",
        label,
        vx + label_w / 2.0,
        y0 + label_base,
        WHITE,
    );
    cx.end();
    let max = vw - label_w - room;
    let v = style::VISION;
    let size = fit_size(&vision, v.face, v.size, style::VISION_MIN, max);
    if v.face.width(&vision, size) > max {
        cx.too_long(&vision);
    }
    let s = Style { size, ..v };
    let mid_x = vx + label_w + (vw - label_w) / 2.0;
    cx.begin(Role::P);
    cx.centered(&vision, s, mid_x, y0 + centre + size * lift, NAVY);
    cx.end();
    // A down arrow from the vision to the pillars.
    let mid = PAGE_WIDTH / 2.0;
    let (gap, half, h, under) = VISION_ARROW;
    let ay = y0 + vh + gap;
    cx.polygon(&[(mid - half, ay), (mid + half, ay), (mid, ay + h)], GRID);
    ay + h + under
}

/// A pillar's title and subtitle, wrapped to its column.
fn pillar_text(cx: &Ctx, p: &crate::model::Pillar, col_w: f32) -> (Vec<String>, Vec<String>) {
    let inner = col_w - 2.0 * PILLAR_PAD.0;
    let (t, s) = (style::DIAGRAM_PILLAR, style::DIAGRAM_SUBTITLE);
    let title = format!("{} {}", p.label, p.title);
    (
        cx.wrap(&title, t.face, t.size, inner).lines,
        cx.wrap(&p.subtitle, s.face, s.size, inner).lines,
    )
}

fn pillar_text_h(title: &[String], sub: &[String]) -> f32 {
    let ((title_lh, _), (sub_lh, _)) = PILLAR_LINES;
    title.len() as f32 * title_lh + sub.len() as f32 * sub_lh
}

fn pillar_box(cx: &mut Ctx, p: &crate::model::Pillar, area: Area) {
    cx.rect(area, Some(NAVY), None);
    let (title, sub) = pillar_text(cx, p, area.w);
    let ((title_lh, title_base), (sub_lh, sub_base)) = PILLAR_LINES;
    let mid = area.x + area.w / 2.0;
    let mut ty = area.y + PILLAR_PAD.1;
    for l in &title {
        cx.centered(l, style::DIAGRAM_PILLAR, mid, ty + title_base, WHITE);
        ty += title_lh;
    }
    for l in &sub {
        cx.centered(l, style::DIAGRAM_SUBTITLE, mid, ty + sub_base, WHITE);
        ty += sub_lh;
    }
}

/// A policy as its box names it: 「①行政手続きのオンライン化の推進」, 「1-2 業務の効率化」.
fn policy_label(rm: &crate::model::Roadmap, q: &crate::model::Policy) -> String {
    rm.plan.style.titled(&q.label, &q.title)
}

/// A policy's box in its pillar's column, with the page of its chart (a link to it);
/// returns the `y` below it.
fn policy_box(
    cx: &mut Ctx,
    q: &crate::model::Policy,
    x: f32,
    y: f32,
    col_w: f32,
    page: Option<usize>,
) -> f32 {
    let (lh, pad, inset, base, gap, number_room) = POLICY_BOX;
    let s = style::DIAGRAM_POLICY;
    let label = policy_label(cx.rm, q);
    // Room on the right for the chart's page number, for readers of the paper copy.
    let inner = col_w - 2.0 * PILLAR_PAD.0 - number_room;
    let w = cx.wrap(&label, s.face, s.size, inner);
    let h = w.lines.len() as f32 * lh + 2.0 * pad;
    let area = Area { x, y, w: col_w, h };
    cx.rect(area, Some(ITEM_BG), Some(solid(GRID, FRAMES.0)));
    cx.rect(
        Area {
            w: ACCENT_THIN,
            ..area
        },
        Some(BAR),
        None,
    );
    let mut ty = y + pad;
    for l in &w.lines {
        cx.styled(l, s, x + inset, ty + base, INK, None);
        ty += lh;
    }
    if let Some(page) = page {
        let num = format!("p.{page}");
        let n = style::SMALL;
        let nw = n.face.width(&num, n.size);
        let (right, num_base) = POLICY_PAGE;
        cx.styled(&num, n, x + col_w - right - nw, y + num_base, MUTED, None);
        cx.link(area, page);
    }
    y + h + gap
}

/// The largest size from `max_size` down to `min_size` (half-point steps) at which `text`
/// fits `width` on one line.
pub fn fit_size(text: &str, face: Face, max_size: f32, min_size: f32, width: f32) -> f32 {
    let mut s = max_size;
    while s > min_size && face.width(text, s) > width {
        s -= 0.5;
    }
    s
}

/// 改定履歴: the revisions table, the 《注記》, and the colophon at the foot of the last page.
pub fn history(cx: &mut Ctx) {
    cx.sections.history = cx.new_page();
    cx.source = cx.rm.plan.source.clone();
    cx.bookmark("改定履歴", 0);
    let mut y = cx.heading("改定履歴");
    // The table spans the content width, on the grid every other page uses.
    let x = MARGIN_X;
    let (c1, c2) = (HISTORY_DATE_W, CONTENT_W - HISTORY_DATE_W);
    let (row_h, lh, pad, head_base) = HISTORY_ROW;
    let cell = |cx: &mut Ctx, x: f32, y: f32, w: f32, h: f32, fill: Option<Rgb>| {
        cx.rect(Area { x, y, w, h }, fill, Some(solid(GRID, FRAMES.0)));
    };
    cell(cx, x, y, c1, row_h, Some(HEADER_BG));
    cell(cx, x + c1, y, c2, row_h, Some(HEADER_BG));
    let head = style::TABLE_HEAD;
    let table = cx.begin(Role::Table);
    cx.begin(Role::TR);
    cx.begin(Role::column_header());
    cx.centered("改定年月", head, x + c1 / 2.0, y + head_base, NAVY);
    cx.end();
    cx.begin(Role::column_header());
    cx.centered("改定内容", head, x + c1 + c2 / 2.0, y + head_base, NAVY);
    cx.end();
    cx.end();
    y += row_h;
    let mut revisions = cx.rm.plan.revisions.clone();
    revisions.sort_by_key(|r| r.date);
    let body = style::TABLE_BODY;
    let (text_inset, text_base) = HISTORY_TEXT;
    for r in &revisions {
        let w = cx.wrap(&r.text, body.face, body.size, c2 - 2.0 * text_inset);
        let h = (w.lines.len() as f32 * lh + pad).max(row_h);
        if y + h > BOTTOM {
            cx.new_page();
            y = cx.heading(&continued_title("改定履歴"));
        }
        cell(cx, x, y, c1, h, None);
        cell(cx, x + c1, y, c2, h, None);
        let date = cx.rm.plan.period.years.revision(r.date);
        cx.begin(Role::TR);
        cx.begin(Role::cell(1));
        cx.centered(&date, body, x + c1 / 2.0, y + head_base, INK);
        cx.end();
        cx.begin(Role::cell(1));
        let mut ty = y + pad / 2.0;
        for l in &w.lines {
            cx.styled(l, body, x + c1 + text_inset, ty + text_base, INK, None);
            ty += lh;
        }
        cx.end();
        cx.end();
        y += h;
    }
    cx.close(table);
    let remarks = cx.rm.plan.remarks.clone();
    if !remarks.is_empty() {
        let (before, base, room) = NOTES;
        y += before;
        cx.begin(Role::H { level: 2 });
        cx.styled("《注記》", style::SECTION, x, y + base, NAVY, None);
        cx.end();
        y += room;
        let p = style::PROSE;
        for r in &remarks {
            y = cx.prose(y, x, CONTENT_W, r, p.face, p.size, "改定履歴");
        }
    }
    colophon(cx, y);
}

/// The back matter: title, document, period, issuer and contact lines in a framed block at
/// the foot of the last page.
fn colophon(cx: &mut Ctx, y_used: f32) {
    let plan = cx.rm.plan.clone();
    let mut lines: Vec<(String, Style)> = vec![
        (plan.title.clone(), style::COLOPHON_TITLE),
        (plan.document.clone(), style::COLOPHON_TITLE),
        (cx.rm.plan.period_label(), style::COLOPHON),
        (plan.issuer.clone(), style::COLOPHON),
    ];
    for c in &plan.contact {
        lines.push((c.clone(), style::COLOPHON_CONTACT));
    }
    lines.retain(|l| !l.0.is_empty());
    let (w, lh, pad, room, accent, inset, first) = COLOPHON;
    let h = lines.len() as f32 * lh + pad;
    if y_used + room > BOTTOM - h {
        cx.new_page();
    }
    let x = MARGIN_X + CONTENT_W - w;
    let y = BOTTOM - h;
    cx.rect(Area { x, y, w, h }, Some(ITEM_BG), None);
    cx.rect(Area { x, y, w, h: accent }, Some(NAVY), None);
    let mut ty = y + first;
    for (text, s) in &lines {
        cx.begin(Role::P);
        // A line with the city's web address is a link to it, the whole line its text.
        let web = web_address(text);
        if web.is_some() {
            cx.begin(Role::Link);
        }
        let tw = cx.styled(
            text,
            *s,
            x + inset,
            ty + s.size * COLOPHON_ASCENT,
            INK,
            None,
        );
        if let Some(web) = web {
            let area = Area {
                x: x + inset,
                y: ty,
                w: tw,
                h: lh,
            };
            cx.web_link(area, web, format!("ウェブページ {web} を開く"));
            cx.end();
        }
        cx.end();
        ty += lh;
    }
}

/// The web address in a contact line (`https://…` or `http://…`, up to the next space).
pub(super) fn web_address(line: &str) -> Option<&str> {
    line.split_whitespace()
        .find(|w| w.starts_with("https://") || w.starts_with("http://"))
        .filter(|w| w.len() > "https://".len())
}

/// 目次: the sections with their page numbers, each line a link to its page.
pub fn contents(cx: &mut Ctx) {
    cx.source = cx.rm.plan.source.clone();
    cx.bookmark("目次", 0);
    let mut y = cx.heading("目次") + TOC_TOP;
    let list = cx.begin(Role::L);
    // The pillars are a list inside the ロードマップ entry's body.
    let mut body = list;
    let mut sublist: Option<usize> = None;
    for (title, page, level) in toc_entries(cx) {
        match (level, sublist) {
            (0, Some(l)) => {
                cx.close(l);
                cx.end(); // the body the sublist is in
                sublist = None;
            }
            (1.., None) => {
                cx.enter(body);
                sublist = Some(cx.begin(Role::L));
            }
            _ => {}
        }
        cx.begin(Role::LI);
        let b = cx.begin(Role::LBody);
        if level == 0 {
            body = b;
        }
        cx.begin_read_as(Role::Link, super::tagging::read_with_page(&title, page));
        y = toc_line(cx, y, &title, page, level);
        cx.end();
        cx.end();
        cx.end();
    }
    if let Some(l) = sublist {
        cx.close(l);
        cx.end();
    }
    cx.close(list);
}

/// The 目次's entries: title, page, level (0 for a part, 1 for a pillar).
fn toc_entries(cx: &Ctx) -> Vec<(String, usize, u32)> {
    let s = &cx.sections;
    let style = &cx.rm.plan.style;
    let mut entries: Vec<(String, usize, u32)> = vec![
        ("はじめに".into(), s.intro, 0),
        (style.heading(Section::Frame).into(), s.system, 0),
        (style.heading(Section::Roadmap).into(), s.roadmap, 0),
    ];
    // A plan without はじめに has no page for it.
    entries.retain(|e| e.1 > 0);
    for (i, p) in cx.rm.pillars.iter().enumerate() {
        let title = format!("{} {} {}", p.label, p.title, p.subtitle)
            .trim_end()
            .to_string();
        entries.push((title, s.pillars.get(i).copied().unwrap_or(0), 1));
    }
    entries.push(("重要業績評価指標 (KPI)".into(), s.kpi, 0));
    if s.changes > 0 {
        entries.push((super::changes::TITLE.into(), s.changes, 0));
    }
    entries.push(("改定履歴".into(), s.history, 0));
    entries
}

/// One 目次 line: title, dotted leader and page number, a link to the page; returns the `y`
/// below it.
pub(super) fn toc_line(cx: &mut Ctx, y: f32, title: &str, page: usize, level: u32) -> f32 {
    let (x, right) = (TOC_INSET, PAGE_WIDTH - TOC_INSET);
    let (s, indent, lh) = if level == 0 {
        (style::TOC_ENTRY, 0.0, TOC_LH.0)
    } else {
        (style::TOC_SUB_ENTRY, TOC_LH.2, TOC_LH.1)
    };
    let (share, gap, lift) = TOC_BASE;
    let base = y + lh * share;
    let tw = cx.styled(title, s, x + indent, base, INK, None);
    if page > 0 {
        let num = page.to_string();
        let n = Style {
            face: Face::Regular,
            ..s
        };
        let nw = n.face.width(&num, n.size);
        cx.styled(&num, n, right - nw, base, INK, None);
        let lead = Stroke {
            color: GRID,
            width: 1.0,
            dash: vec![1.0, 3.0],
        };
        let (from, to) = (x + indent + tw + gap, right - nw - gap);
        cx.line(from, base - lift, to, base - lift, lead);
        let area = Area {
            x,
            y,
            w: right - x,
            h: lh,
        };
        cx.link(area, page);
    }
    y + lh
}

#[cfg(test)]
mod tests {
    use super::web_address;

    #[test]
    fn a_contact_line_gives_its_web_address() {
        assert_eq!(
            web_address("https://www.city.takayama.lg.jp"),
            Some("https://www.city.takayama.lg.jp")
        );
        assert_eq!(
            web_address("ホームページ　http://example.jp/dx 電話"),
            Some("http://example.jp/dx")
        );
        assert_eq!(web_address("電話 0577-32-3333"), None);
        assert_eq!(web_address("https://"), None);
    }
}
