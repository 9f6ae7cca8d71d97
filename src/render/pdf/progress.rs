//! `progress.pdf`: the yearly progress report (進捗状況報告) that goes to the DX推進本部 and the
//! council beside the roadmap. Same page size, fonts, palette, writer and finishing as
//! roadmap.pdf; its own pages:
//!
//! 1. a title page with the 評価年度 and the date of issue;
//! 2. 目次 (each line a link to its page), and この報告の見方: what each status means, with
//!    its colour and pattern, and what 未入力, — and the marks say;
//! 3. 進捗の概要: one stacked bar per policy (items by status, each status with its colour
//!    *and* pattern, counts printed in the bars) beside a table of the same numbers;
//! 4. KPI: every indicator as a chart beside its figures and its judgement (`progress_kpi`);
//! 5. 取り組み項目の進捗: policy by policy, the items that are behind, revised or stopped first
//!    in a marked group, then every other item, each with its status, 実績 and 課題;
//! 6. 問い合わせ先: the plan's contact lines, as roadmap.pdf prints them.
//!
//! Tagged as roadmap.pdf is: a `Sect` per part (and per policy), H1 for a part, H2 for a
//! policy or an indicator, H3 for a group of items; the counts, the item lists and the KPI
//! figures are tables (`TH` for their row and column headers). The charts are page
//! furniture (artifacts), as are their legends: the table beside each chart carries every
//! number the chart shows, under the same labels, so a screen reader reads each number
//! once, in a table it can move through cell by cell. Footers and whatever a continued page
//! repeats (headings, bands, captions, header rows) are artifacts too.

use std::collections::BTreeMap;

use crate::diagnostic::Warned;
use crate::model::{Item, Roadmap, Status};
use crate::render::status::{colour, pattern, Pattern};

use super::ctx::*;
use super::layout::{self, PdfOptions};
use super::progress_kpi::{MISSING, NOTHING_DUE};

/// The heading of the item pages: 「取り組み項目の進捗」 in the plan's word.
fn items_title(rm: &Roadmap) -> String {
    format!("{}の進捗", rm.plan.style.item_word())
}

/// The report's name, on the title page, in the footer and in the metadata.
pub const TITLE: &str = "進捗状況報告";
const SUMMARY: &str = "進捗の概要";
const CONTENTS: &str = "目次";
const GUIDE: &str = "この報告の見方";
const CONTACT: &str = "問い合わせ先";
/// The mark after 完了 on an item that still has steps in later fiscal years.
const STEPS_AHEAD: &str = "※";
/// Label of the items with no status.
const NOT_REPORTED: &str = "未報告";

/// Lays out progress.pdf, or `None` when no submission carries progress.
pub fn layout(rm: &Roadmap, options: &PdfOptions) -> Option<Warned<Document>> {
    if !crate::progress::any(rm) {
        return None;
    }
    let year = rm.plan.review_year;
    let mut cx = Ctx::new(rm);
    // A draft says so first; the mark itself is drawn with the footers.
    let draft = options.draft_errors.map(|_| cx.reserve(Role::P));
    title_page(&mut cx, year, options.issued);
    // The 目次 is filled in last, once the page numbers are known; the guide follows it on
    // the same page.
    let toc_page = cx.new_page();
    let toc = cx.reserve(Role::Sect);
    guide(&mut cx);
    let mut parts = vec![(SUMMARY.to_string(), cx.page_no() + 1)];
    summary_page(&mut cx, year);
    if !rm.kpis.is_empty() {
        parts.push((super::progress_kpi::TITLE.to_string(), cx.page_no() + 1));
    }
    super::progress_kpi::kpis(&mut cx);
    parts.push((items_title(rm), cx.page_no() + 1));
    let end = items(&mut cx);
    if let Some(page) = contact(&mut cx, end) {
        parts.push((CONTACT.to_string(), page));
    }
    cx.on_page(toc_page, |cx| {
        cx.enter(toc);
        contents(cx, &parts);
        cx.close(toc);
    });
    footers(&mut cx, options, year, draft);
    let plan = &rm.plan;
    let year_text = year.map(|y| plan.period.years.long(y)).unwrap_or_default();
    let metadata = Metadata {
        title: format!("{} {TITLE}（{year_text}）", plan.title),
        author: plan.issuer.clone(),
        subject: format!("{}{} {year_text}の進捗状況", plan.title, plan.document),
        language: "ja-JP".to_string(),
        accessible: true,
    };
    let mut outline = cx.outline;
    outline.sort_by_key(|e| e.page);
    let structure = cx.tags.finish();
    let doc = Document {
        metadata,
        outline,
        structure,
        pages: cx.pages,
    };
    Some(layout::claim_accessibility(
        doc,
        cx.diagnostics,
        "progress.pdf",
    ))
}

/// Lays out and writes progress.pdf (`Ok(None)` when no submission carries progress).
pub fn render(
    rm: &Roadmap,
    options: &PdfOptions,
) -> Result<Option<Warned<Vec<u8>>>, super::write::PdfError> {
    let Some(laid) = layout(rm, options) else {
        return Ok(None);
    };
    Ok(Some(Warned::new(
        super::write::write(laid.output)?,
        laid.diagnostics,
    )))
}

fn title_page(cx: &mut Ctx, year: Option<i32>, issued: Option<crate::fiscal::Date>) {
    cx.new_page();
    let sect = cx.begin(Role::Sect);
    cx.bookmark(TITLE, 0);
    let plan = &cx.rm.plan;
    cx.source = plan.source.clone();
    let (title, issuer) = (plan.title.clone(), plan.issuer.clone());
    let mid = PAGE_WIDTH / 2.0;
    cx.rect(area(0.0, 0.0, PAGE_WIDTH, 16.0), Some(NAVY), None);
    cx.rect(area(0.0, 16.0, PAGE_WIDTH, 4.0), Some(INITIATIVE_BG), None);
    cx.rect(
        area(0.0, PAGE_HEIGHT - 10.0, PAGE_WIDTH, 10.0),
        Some(NAVY),
        None,
    );
    cx.begin(Role::P);
    cx.text_centered(&title, Face::Bold, 26.0, mid, 200.0, NAVY);
    cx.end();
    cx.begin(Role::H { level: 1 });
    cx.text_centered(TITLE, Face::Bold, 36.0, mid, 256.0, NAVY);
    cx.end();
    cx.line(mid - 170.0, 282.0, mid + 170.0, 282.0, solid(BAR, 1.2));
    if let Some(y) = year {
        let text = format!("評価年度　{}", cx.rm.plan.period.years.long(y));
        cx.begin(Role::P);
        cx.text_centered(&text, Face::Regular, 20.0, mid, 318.0, INK);
        cx.end();
    }
    if let Some(d) = issued {
        let years = cx.rm.plan.period.years;
        let text = format!("発行日　{}{}日", years.month(d.year_month()), d.day());
        cx.begin(Role::P);
        cx.text_centered(&text, Face::Regular, 14.0, mid, 350.0, INK);
        cx.end();
    }
    cx.begin(Role::P);
    cx.text_centered(&issuer, Face::Bold, 16.0, mid, 500.0, NAVY);
    cx.end();
    cx.close(sect);
}

/// 目次: each part with its page number, each line a link to its page (as roadmap.pdf's).
fn contents(cx: &mut Ctx, parts: &[(String, usize)]) {
    cx.bookmark(CONTENTS, 0);
    let mut y = cx.heading(CONTENTS) + super::pages::TOC_TOP;
    let list = cx.begin(Role::L);
    for (title, page) in parts {
        cx.begin(Role::LI);
        cx.begin(Role::LBody);
        cx.begin_read_as(Role::Link, super::tagging::read_with_page(title, *page));
        y = super::pages::toc_line(cx, y, title, *page, 0);
        cx.end();
        cx.end();
        cx.end();
    }
    cx.close(list);
}

/// Where この報告の見方 starts: below the 目次's heading and its lines (at most five).
const GUIDE_TOP: f32 = 270.0;
/// A row of the guide's table of statuses, and its columns: 区分, 模様, 意味.
const GUIDE_ROW_H: f32 = 16.0;
const GUIDE_COLS: [f32; 3] = [70.0, 50.0, 420.0];

/// この報告の見方: each status with its colour, pattern and meaning (a table), then what
/// 未入力, — and the marks mean, and the rule that judges a KPI. Said once, here.
fn guide(cx: &mut Ctx) {
    let sect = cx.begin(Role::Sect);
    cx.bookmark(GUIDE, 0);
    let mut y = sub_heading(cx, GUIDE_TOP, GUIDE);
    let table = cx.begin(Role::Table);
    let header: Vec<(&str, Option<Option<Status>>)> =
        vec![("区分", None), ("模様", None), ("意味", None)];
    cx.begin(Role::TR);
    let mut x = MARGIN_X;
    for ((h, _), w) in header.iter().zip(GUIDE_COLS) {
        cx.rect(
            area(x, y, w, GUIDE_ROW_H),
            Some(HEADER_BG),
            Some(solid(GRID, 0.6)),
        );
        cx.begin(Role::column_header());
        cx.text_centered(h, Face::Bold, 8.5, x + w / 2.0, y + 11.5, NAVY);
        cx.end();
        x += w;
    }
    cx.end();
    y += GUIDE_ROW_H;
    for s in columns() {
        let meaning = match s {
            Some(s) => s.meaning(&cx.rm.plan.style),
            None => "進捗が書かれていない".to_string(),
        };
        cx.begin(Role::TR);
        let mut x = MARGIN_X;
        for (k, w) in GUIDE_COLS.iter().enumerate() {
            let a = area(x, y, *w, GUIDE_ROW_H);
            cx.rect(a, None, Some(solid(GRID, 0.6)));
            cx.begin(if k == 0 {
                Role::row_header(1, 1)
            } else {
                Role::cell(1)
            });
            match k {
                0 => {
                    cx.text(
                        column_label(s),
                        Face::Bold,
                        8.5,
                        x + PAD,
                        y + 11.5,
                        INK,
                        Some(a),
                    );
                }
                1 => {
                    // The swatch is the legend's picture; its words are in the row.
                    cx.artifact();
                    swatch(cx, area(x + 8.0, y + 3.0, w - 16.0, GUIDE_ROW_H - 6.0), s);
                    cx.end();
                }
                _ => {
                    cx.text(
                        &meaning,
                        Face::Regular,
                        8.5,
                        x + PAD,
                        y + 11.5,
                        INK,
                        Some(a),
                    );
                }
            }
            cx.end();
            x += w;
        }
        cx.end();
        y += GUIDE_ROW_H;
    }
    cx.close(table);
    y += 10.0;
    let rule = crate::progress::kpi::CAUTION_RATE * 100.0;
    let notes = [
        format!("{STEPS_AHEAD}（完了{STEPS_AHEAD}）: 評価年度に完了としたが、後の年度にも工程が予定されている{}。", cx.rm.plan.style.item_word()),
        format!("{MISSING}: 評価年度までに入るはずの数値や実績が、まだ入力されていない。"),
        format!("{NOTHING_DUE}: 記入するものがない（目標を定めていない年度、評価年度より後の実績、課題の要らない進捗）。"),
        format!("KPI の判定（kpi.xlsx と同じ規則）: 進捗率＝（最新の実績−基準値）÷（同じ年度の目標−基準値）。順調: 100%以上、要注意: {rule}%以上、未達: それ未満。目標が「↑」「↓」だけの指標は、前年度からの増減の向きで判定します。"),
    ];
    for n in &notes {
        let lines = cx.wrap(n, Face::Regular, 8.5, CONTENT_W).lines;
        cx.begin(Role::P);
        for line in &lines {
            cx.text(line, Face::Regular, 8.5, MARGIN_X, y + 9.0, INK, None);
            y += 12.5;
        }
        cx.end();
        y += 2.0;
    }
    cx.close(sect);
}

/// A heading inside a page (H1 of a part that shares its page): bold navy over a rule.
fn sub_heading(cx: &mut Ctx, y: f32, title: &str) -> f32 {
    cx.begin(Role::H { level: 1 });
    cx.text(title, Face::Bold, 13.0, MARGIN_X, y + 14.0, NAVY, None);
    cx.end();
    cx.line(
        MARGIN_X,
        y + 20.0,
        MARGIN_X + CONTENT_W,
        y + 20.0,
        solid(NAVY, 0.8),
    );
    y + 28.0
}

/// Height of a 問い合わせ先 line.
const CONTACT_LH: f32 = 16.0;

/// 問い合わせ先: the issuer and the plan's contact lines (a web address a link), below the
/// last item when they fit there, else on a page of their own. Returns its page, or `None`
/// when the plan names no contact.
fn contact(cx: &mut Ctx, used: f32) -> Option<usize> {
    let plan = cx.rm.plan.clone();
    let mut lines: Vec<String> = vec![plan.issuer.clone()];
    lines.extend(plan.contact.iter().cloned());
    lines.retain(|l| !l.trim().is_empty());
    if plan.contact.iter().all(|l| l.trim().is_empty()) {
        return None;
    }
    cx.source = plan.source.clone();
    let h = 28.0 + lines.len() as f32 * CONTACT_LH;
    let y = BOTTOM - h;
    // Below the last item, or on a page of its own under the page heading.
    let alone = used > y - 12.0;
    if alone {
        cx.new_page();
    }
    let sect = cx.begin(Role::Sect);
    cx.bookmark(CONTACT, 0);
    let mut ty = if alone {
        cx.heading(CONTACT)
    } else {
        sub_heading(cx, y, CONTACT)
    };
    for text in &lines {
        cx.begin(Role::P);
        let web = super::pages::web_address(text);
        if web.is_some() {
            cx.begin(Role::Link);
        }
        let tw = cx.text(text, Face::Regular, 10.0, MARGIN_X, ty + 11.0, INK, None);
        if let Some(web) = web {
            let a = area(MARGIN_X, ty, tw, CONTACT_LH);
            cx.web_link(a, web, format!("ウェブページ {web} を開く"));
            cx.end();
        }
        cx.end();
        ty += CONTACT_LH;
    }
    cx.close(sect);
    Some(cx.page_no())
}

/// Opens `role` for what is drawn first; what a continued page repeats (`repeat`) is
/// page furniture. Either way [`Ctx::end`] closes it.
pub(super) fn open(cx: &mut Ctx, role: Role, repeat: bool) {
    if repeat {
        cx.artifact();
    } else {
        cx.begin(role);
    }
}

fn area(x: f32, y: f32, w: f32, h: f32) -> Area {
    Area { x, y, w, h }
}

// --- counting -------------------------------------------------------------------------------

/// Items per status and not reported.
#[derive(Debug, Clone, Default)]
struct Tally {
    statuses: BTreeMap<Status, usize>,
    not_reported: usize,
}

impl Tally {
    fn add(&mut self, item: &Item) {
        match item.progress.as_ref().and_then(|p| p.status) {
            Some(s) => *self.statuses.entry(s).or_default() += 1,
            None => self.not_reported += 1,
        }
    }
    fn count(&self, s: Option<Status>) -> usize {
        match s {
            Some(s) => self.statuses.get(&s).copied().unwrap_or(0),
            None => self.not_reported,
        }
    }
    fn total(&self) -> usize {
        self.statuses.values().sum::<usize>() + self.not_reported
    }
}

/// Every status, then 未報告: the order of the bars' segments, the legend and the table.
fn columns() -> Vec<Option<Status>> {
    Status::ALL.iter().map(|s| Some(*s)).chain([None]).collect()
}

fn column_label(s: Option<Status>) -> &'static str {
    s.map_or(NOT_REPORTED, Status::label)
}

fn fill_of(s: Option<Status>) -> Rgb {
    match s {
        Some(s) => {
            let (r, g, b) = colour(s);
            Rgb(r, g, b)
        }
        None => WHITE,
    }
}

/// (policy label, tally) per policy, in document order; re-listings left out.
fn per_policy(rm: &Roadmap) -> Vec<(String, Tally)> {
    let mut out: Vec<(String, Tally)> = Vec::new();
    for p in &rm.pillars {
        for q in &p.policies {
            let mut t = Tally::default();
            q.initiatives
                .iter()
                .flat_map(|i| &i.items)
                .filter(|i| !crate::progress::is_relisting(i))
                .for_each(|i| t.add(i));
            if t.total() > 0 {
                out.push((policy_name(rm, p, q), t));
            }
        }
    }
    out
}

// --- the summary page -------------------------------------------------------------------------

/// Height of a row of the figure and the table beside it.
const ROW_H: f32 = 22.0;
/// Width of the figure's policy labels.
const FIG_LABEL_W: f32 = 190.0;
/// Width of the figure's bars at the largest policy.
const FIG_BARS_W: f32 = 200.0;
/// Gap between the figure and the table.
const GAP: f32 = 16.0;
/// Width of a count column of the table.
const COUNT_W: f32 = 34.0;

fn summary_page(cx: &mut Ctx, year: Option<i32>) {
    cx.new_page();
    let sect = cx.begin(Role::Sect);
    let title = match year {
        Some(y) => format!("{SUMMARY}（{}）", cx.rm.plan.period.years.long(y)),
        None => SUMMARY.to_string(),
    };
    cx.bookmark(SUMMARY, 0);
    let mut y = cx.heading(&title);
    y = legend(cx, y);
    let rows = per_policy(cx.rm);
    let mut total = Tally::default();
    for (_, t) in &rows {
        for s in columns() {
            match s {
                Some(s) => *total.statuses.entry(s).or_default() += t.count(Some(s)),
                None => total.not_reported += t.not_reported,
            }
        }
    }
    let max = rows
        .iter()
        .map(|(_, t)| t.total())
        .max()
        .unwrap_or(1)
        .max(1);
    let table_x = MARGIN_X + FIG_LABEL_W + FIG_BARS_W + GAP;
    // One table, read row by row: the policy (the figure's label heads the row), then its
    // counts; the bars between them are drawn as furniture.
    let table = cx.begin(Role::Table);
    y = table_header(cx, table_x, y, false);
    let all: Vec<(String, Tally)> = rows
        .into_iter()
        .chain([(TOTAL.to_string(), total)])
        .collect();
    // Labels wrap between phrases at one size (never shrunk); a row is as tall as its label.
    let labels: Vec<Vec<String>> = all
        .iter()
        .map(|(l, _)| {
            let face = if l == TOTAL {
                Face::Bold
            } else {
                Face::Regular
            };
            cx.wrap(l, face, LABEL_SIZE, FIG_LABEL_W - 8.0).lines
        })
        .collect();
    let heights: Vec<f32> = labels.iter().map(|l| label_row_height(l.len())).collect();
    let mut on_page = 0;
    for (k, ((label, t), lines)) in all.iter().zip(&labels).enumerate() {
        let h = heights[k];
        if breaks_before(y, &heights, k, on_page) {
            on_page = 0;
            cx.new_page();
            y = cx.heading(&continued_title(&title));
            y = legend(cx, y);
            y = table_header(cx, table_x, y, true);
        }
        let is_total = label == TOTAL;
        cx.begin(Role::TR);
        figure_row(cx, y, h, lines, t, max, is_total);
        table_row(cx, table_x, y, h, t, is_total);
        cx.end();
        y += h;
        on_page += 1;
    }
    cx.close(table);
    let note = format!("図の帯は{}の数を進捗ごとに積み上げたもの（再掲は元の記載で数えます）。模様と帯の中の数字で、色がなくても見分けられます。", cx.rm.plan.style.item_word());
    let note = note.as_str();
    cx.begin(Role::P);
    cx.text(note, Face::Regular, 8.0, MARGIN_X, y + 16.0, MUTED, None);
    cx.end();
    cx.close(sect);
}

/// The one size of the policy labels (they wrap rather than shrink), and their leading.
const LABEL_SIZE: f32 = 8.5;
const LABEL_LH: f32 = 11.0;

/// A summary row's height for a label of `lines` lines.
fn label_row_height(lines: usize) -> f32 {
    ROW_H.max(lines as f32 * LABEL_LH + 8.0)
}

/// Whether a table's row `k` of these `heights` goes to a new page from `y`, where
/// `on_page` of its rows already stand: when it does not fit, and when it is the one
/// before the last and the last would then stand alone on the next page (so the last
/// page of a table holds at least two rows).
fn breaks_before(y: f32, heights: &[f32], k: usize, on_page: usize) -> bool {
    let h = heights.get(k).copied().unwrap_or(0.0);
    if y + h > BOTTOM {
        return true;
    }
    let last_alone = k + 2 == heights.len() && y + h + heights[k + 1] > BOTTOM;
    last_alone && on_page > 0
}

/// The summary's last row, and the header of its row labels.
const TOTAL: &str = "合計";

/// A policy's band: 「(1)① 行政手続き…」, 「1-2 業務の効率化」.
fn policy_name(rm: &Roadmap, p: &crate::model::Pillar, q: &crate::model::Policy) -> String {
    format!("{} {}", rm.plan.style.place(p, q), q.title)
}

/// The legend: a swatch with colour and pattern, then the label, for each column. It
/// serves the figure only (the table's headers say the same words): furniture.
fn legend(cx: &mut Ctx, y: f32) -> f32 {
    cx.artifact();
    let mut x = MARGIN_X;
    for s in columns() {
        let sw = area(x, y, 22.0, 12.0);
        swatch(cx, sw, s);
        let label = column_label(s);
        let w = cx.text(label, Face::Regular, 9.0, x + 26.0, y + 10.0, INK, None);
        x += 26.0 + w + 16.0;
    }
    cx.end();
    y + 24.0
}

/// A rectangle in a status's colour and pattern, outlined.
fn swatch(cx: &mut Ctx, a: Area, s: Option<Status>) {
    cx.rect(a, Some(fill_of(s)), Some(solid(INK, 0.5)));
    if let Some(s) = s {
        hatch(cx, a, pattern(s));
    }
}

/// Draws `p` over the area in white (the fill is the status colour).
fn hatch(cx: &mut Ctx, a: Area, p: Pattern) {
    const STEP: f32 = 4.0;
    let line = solid(WHITE, 0.8);
    let (x1, y1) = (a.x + a.w, a.y + a.h);
    match p {
        Pattern::Solid => {}
        Pattern::Vertical | Pattern::Striped | Pattern::Grid => {
            if p != Pattern::Striped {
                let mut x = a.x + STEP / 2.0;
                while x < x1 {
                    cx.line(x, a.y, x, y1, line.clone());
                    x += STEP;
                }
            }
            if p != Pattern::Vertical {
                let mut y = a.y + STEP / 2.0;
                while y < y1 {
                    cx.line(a.x, y, x1, y, line.clone());
                    y += STEP;
                }
            }
        }
        Pattern::Hatched | Pattern::Crossed => {
            diagonals(cx, a, true, &line);
            if p == Pattern::Crossed {
                diagonals(cx, a, false, &line);
            }
        }
        Pattern::Dotted => {
            let mut y = a.y + STEP / 2.0;
            while y < y1 {
                let mut x = a.x + STEP / 2.0;
                while x < x1 {
                    cx.ellipse(x, y, 0.8, Some(WHITE), None);
                    x += STEP;
                }
                y += STEP;
            }
        }
    }
}

/// 45° lines across `a`, clipped to it: rising to the right (`rising`) or to the left.
fn diagonals(cx: &mut Ctx, a: Area, rising: bool, stroke: &Stroke) {
    const STEP: f32 = 5.0;
    let mut t = -a.h;
    while t < a.w {
        // The line through (a.x + t, bottom) at 45°, clipped to x in [a.x, a.x + a.w].
        let (mut x0, mut x1) = (t, t + a.h);
        let (mut d0, mut d1) = (0.0, a.h);
        if x0 < 0.0 {
            d0 = -x0;
            x0 = 0.0;
        }
        if x1 > a.w {
            d1 -= x1 - a.w;
            x1 = a.w;
        }
        if x1 > x0 {
            let (ya, yb) = (a.y + a.h - d0, a.y + a.h - d1);
            if rising {
                cx.line(a.x + x0, ya, a.x + x1, yb, stroke.clone());
            } else {
                cx.line(a.x + a.w - x0, ya, a.x + a.w - x1, yb, stroke.clone());
            }
        }
        t += STEP;
    }
}

#[allow(clippy::too_many_arguments)]
fn figure_row(cx: &mut Ctx, y: f32, h: f32, lines: &[String], t: &Tally, max: usize, total: bool) {
    let face = if total { Face::Bold } else { Face::Regular };
    let a = area(MARGIN_X, y, FIG_LABEL_W, h);
    cx.begin(Role::row_header(1, 1));
    let top = y + (h - lines.len() as f32 * LABEL_LH) / 2.0;
    for (i, line) in lines.iter().enumerate() {
        let base = top + i as f32 * LABEL_LH + 8.5;
        cx.text(line, face, LABEL_SIZE, MARGIN_X, base, INK, Some(a));
    }
    cx.end();
    if total {
        return; // the total is in the table; a bar of it would dwarf the policies
    }
    // The bars and their counts repeat the row's cells: furniture.
    cx.artifact();
    figure_bars(cx, y + (h - ROW_H) / 2.0, t, max);
    cx.end();
}

/// One policy's stacked bar, a segment per status with its count.
fn figure_bars(cx: &mut Ctx, y: f32, t: &Tally, max: usize) {
    let unit = FIG_BARS_W / max as f32;
    let mut x = MARGIN_X + FIG_LABEL_W;
    for s in columns() {
        let n = t.count(s);
        if n == 0 {
            continue;
        }
        let a = area(x, y + 4.0, unit * n as f32, ROW_H - 8.0);
        swatch(cx, a, s);
        let text = n.to_string();
        let w = Face::Bold.width(&text, 8.0);
        if w + 4.0 < a.w {
            // A white box under the count keeps it legible on any pattern.
            let bx = area(a.x + (a.w - w) / 2.0 - 1.5, a.y + 2.0, w + 3.0, a.h - 4.0);
            cx.rect(bx, Some(WHITE), None);
            cx.text(&text, Face::Bold, 8.0, bx.x + 1.5, y + 14.5, INK, Some(a));
        }
        x += a.w;
    }
}

/// The table's header row (`repeat` on a continued page): 施策 over the figure's labels,
/// then a column per status and the total.
fn table_header(cx: &mut Ctx, x: f32, y: f32, repeat: bool) -> f32 {
    open(cx, Role::TR, repeat);
    open(cx, Role::column_header(), repeat);
    let policy = cx.rm.plan.style.words.policy.clone();
    cx.text(&policy, Face::Bold, 8.5, MARGIN_X, y + 14.5, NAVY, None);
    cx.end();
    for (k, s) in columns().into_iter().map(Some).chain([None]).enumerate() {
        let a = area(x + k as f32 * COUNT_W, y, COUNT_W, ROW_H);
        cx.rect(a, Some(HEADER_BG), Some(solid(GRID, 0.6)));
        let label = match s {
            Some(s) => column_label(s),
            None => "計",
        };
        let size = super::pages::fit_size(label, Face::Bold, 8.5, 6.0, COUNT_W - 4.0);
        open(cx, Role::column_header(), repeat);
        cx.text_centered(label, Face::Bold, size, a.x + COUNT_W / 2.0, y + 14.5, NAVY);
        cx.end();
    }
    cx.end();
    y + ROW_H
}

fn table_row(cx: &mut Ctx, x: f32, y: f32, h: f32, t: &Tally, total: bool) {
    let face = if total { Face::Bold } else { Face::Regular };
    let counts = columns().into_iter().map(|s| t.count(s)).chain([t.total()]);
    for (k, n) in counts.enumerate() {
        let a = area(x + k as f32 * COUNT_W, y, COUNT_W, h);
        let fill = if total { Some(HEADER_BG) } else { None };
        cx.rect(a, fill, Some(solid(GRID, 0.6)));
        let text = n.to_string();
        let w = face.width(&text, 9.0);
        cx.begin(Role::cell(1));
        cx.text(
            &text,
            face,
            9.0,
            a.x + a.w - w - 5.0,
            y + h / 2.0 + 3.5,
            INK,
            Some(a),
        );
        cx.end();
    }
}

// --- the items ---------------------------------------------------------------------------------

/// Column widths of the item table: 取り組み項目, 担当課, 進捗, 実績, 課題.
const ITEM_COLS: [f32; 5] = [200.0, 74.0, 52.0, TEXT_COL_W, TEXT_COL_W];
/// 実績 and 課題 share what the first three columns leave.
const TEXT_COL_W: f32 = (CONTENT_W - 326.0) / 2.0;
const ITEM_SIZE: f32 = 8.5;
const ITEM_LH: f32 = 12.0;
const PAD: f32 = 4.0;
/// Height of a policy's band.
const BAND_H: f32 = 22.0;

/// Where the item rows fall: the rows (numbered in reading order) that must start a page,
/// and the page each row landed on.
#[derive(Debug, Default)]
struct Flow {
    forced: std::collections::BTreeSet<usize>,
    pages: Vec<usize>,
    /// Where a page's items start, under the heading.
    top: f32,
}

impl Flow {
    /// Whether the next row must start a new page: it was pushed on, and the page it would
    /// stand on already holds rows.
    fn forced(&self, cx: &Ctx) -> bool {
        self.forced.contains(&self.pages.len()) && self.pages.last() == Some(&cx.page_no())
    }

    /// The row that should move to the next page so that no page holds a lone row: the one
    /// before a lone row, when its page keeps two or more without it.
    fn pull(&self) -> Option<usize> {
        let on = |page: usize| self.pages.iter().filter(|p| **p == page).count();
        let lone = (1..self.pages.len()).find(|&r| on(self.pages[r]) == 1)?;
        let before = self.pages[lone - 1];
        (before + 1 == self.pages[lone] && on(before) >= 3).then_some(lone - 1)
    }
}

/// 取り組み項目の進捗, laid out until no page holds a lone row (or none can be helped):
/// each try moves the row before a lone one to its page. Returns the `y` below the last
/// item.
fn items(cx: &mut Ctx) -> f32 {
    let mut forced = std::collections::BTreeSet::new();
    for _ in 0..8 {
        let mut scratch = Ctx::new(cx.rm);
        let mut flow = Flow {
            forced: forced.clone(),
            ..Flow::default()
        };
        lay_items(&mut scratch, &mut flow);
        match flow.pull() {
            Some(row) if forced.insert(row) => {}
            _ => break,
        }
    }
    lay_items(
        cx,
        &mut Flow {
            forced,
            ..Flow::default()
        },
    )
}

fn lay_items(cx: &mut Ctx, flow: &mut Flow) -> f32 {
    cx.new_page();
    let sect = cx.begin(Role::Sect);
    let title = items_title(cx.rm);
    cx.bookmark(&title, 0);
    let mut y = cx.heading(&title);
    // Under the heading nothing is gained by a new page (rows taller than a page go on).
    let page_top = y;
    flow.top = page_top;
    let rm = cx.rm;
    for p in &rm.pillars {
        for q in &p.policies {
            let list: Vec<&Item> = q
                .initiatives
                .iter()
                .flat_map(|i| &i.items)
                .filter(|i| !crate::progress::is_relisting(i))
                .collect();
            if list.is_empty() {
                continue;
            }
            let band = policy_name(cx.rm, p, q);
            let (first, rest): (Vec<&Item>, Vec<&Item>) = list.into_iter().partition(|i| {
                i.progress
                    .as_ref()
                    .and_then(|p| p.status)
                    .is_some_and(Status::needs_attention)
            });
            // A band stays with its first group's caption, header and first two rows.
            let lead = if first.is_empty() { &rest } else { &first };
            let lead_h = opening_height(cx, lead);
            let full = y + BAND_H + CAPTION_H + HEADER_H + lead_h > BOTTOM;
            if (full && y > page_top) || flow.forced(cx) {
                cx.new_page();
                y = cx.heading(&continued_title(&title));
            }
            let policy = cx.begin(Role::Sect);
            cx.bookmark(&band, 1);
            y = policy_band(cx, y, &band, false);
            if !first.is_empty() {
                let caption = "要注意（遅れ・見直し・中止）";
                y = group(cx, flow, y, &band, caption, &first, true);
            }
            let others = format!("その他の{}", cx.rm.plan.style.item_word());
            y = group(cx, flow, y, &band, &others, &rest, false);
            cx.close(policy);
            y += 10.0;
        }
    }
    cx.close(sect);
    y
}

/// A policy's band: its heading, or (`repeat`) the band repeated on a continued page.
fn policy_band(cx: &mut Ctx, y: f32, band: &str, repeat: bool) -> f32 {
    cx.rect(area(MARGIN_X, y, CONTENT_W, BAND_H), Some(NAVY), None);
    let text = if repeat {
        continued_title(band)
    } else {
        band.to_string()
    };
    let size = super::pages::fit_size(&text, Face::Bold, 11.0, 7.0, CONTENT_W - 16.0);
    open(cx, Role::H { level: 2 }, repeat);
    cx.text(
        &text,
        Face::Bold,
        size,
        MARGIN_X + 8.0,
        y + 15.5,
        WHITE,
        None,
    );
    cx.end();
    y + BAND_H
}

/// A group of items under a caption and a header row; continues on new pages.
#[allow(clippy::too_many_arguments)]
fn group(
    cx: &mut Ctx,
    flow: &mut Flow,
    mut y: f32,
    band: &str,
    caption: &str,
    list: &[&Item],
    alert: bool,
) -> f32 {
    if list.is_empty() {
        return y;
    }
    let colour = if alert { RED } else { NAVY };
    // The caption and header stay with the group's first two rows (one row is not
    // left at a page's foot).
    let full = y + CAPTION_H + HEADER_H + opening_height(cx, list) > BOTTOM;
    if (full && y > flow.top + BAND_H + 0.5) || flow.forced(cx) {
        cx.new_page();
        y = cx.heading(&continued_title(&items_title(cx.rm)));
        y = policy_band(cx, y, band, true);
    }
    // The caption heads the group; its table goes on across pages, where the caption and
    // header row are repeated as furniture.
    let caption_at = |cx: &mut Ctx, y: f32, repeat: bool| {
        open(cx, Role::H { level: 3 }, repeat);
        cx.text(caption, Face::Bold, 9.5, MARGIN_X, y + 14.0, colour, None);
        cx.end();
        y + CAPTION_H
    };
    y = caption_at(cx, y, false);
    let table = cx.begin(Role::Table);
    y = item_header(cx, y, false);
    let cells: Vec<[Vec<String>; 5]> = list.iter().map(|i| item_cells(cx, i)).collect();
    let heights: Vec<f32> = cells.iter().map(row_height).collect();
    let mut on_page = 0;
    for (k, (item, cells)) in list.iter().zip(&cells).enumerate() {
        let h = heights[k];
        if breaks_before(y, &heights, k, on_page) || (k > 0 && flow.forced(cx)) {
            on_page = 0;
            cx.new_page();
            y = cx.heading(&continued_title(&items_title(cx.rm)));
            y = policy_band(cx, y, band, true);
            y = caption_at(cx, y, true);
            y = item_header(cx, y, true);
        }
        item_row(cx, y, h, item, cells, alert);
        flow.pages.push(cx.page_no());
        y += h;
        on_page += 1;
    }
    cx.close(table);
    y + 6.0
}

/// Height of a group's first two rows (its only one, if it has one), which open a page
/// together.
fn opening_height(cx: &Ctx, list: &[&Item]) -> f32 {
    list.iter()
        .take(2)
        .map(|i| row_height(&item_cells(cx, i)))
        .sum()
}

/// Height of a group's caption and of the item table's header row.
const CAPTION_H: f32 = 18.0;
const HEADER_H: f32 = 18.0;

/// The item table's header row (`repeat` on a continued page).
fn item_header(cx: &mut Ctx, y: f32, repeat: bool) -> f32 {
    open(cx, Role::TR, repeat);
    let mut x = MARGIN_X;
    let words = &cx.rm.plan.style.words;
    let heads = [
        cx.rm.plan.style.item_word().to_string(),
        words.department.clone(),
        "進捗".into(),
        "実績".into(),
        "課題".into(),
    ];
    for (w, h) in ITEM_COLS.iter().zip(heads.iter().map(String::as_str)) {
        cx.rect(
            area(x, y, *w, HEADER_H),
            Some(HEADER_BG),
            Some(solid(GRID, 0.6)),
        );
        open(cx, Role::column_header(), repeat);
        cx.text_centered(h, Face::Bold, 8.5, x + w / 2.0, y + 12.5, NAVY);
        cx.end();
        x += w;
    }
    cx.end();
    y + HEADER_H
}

/// A row as tall as its most wrapped cell (the status chip needs one line).
fn row_height(cells: &[Vec<String>; 5]) -> f32 {
    cells.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * ITEM_LH + 2.0 * PAD
}

/// The wrapped lines of each cell but the status.
fn item_cells(cx: &Ctx, item: &Item) -> [Vec<String>; 5] {
    let p = item.progress.as_ref();
    let text = |s: &str, w: f32| -> Vec<String> {
        if s.is_empty() {
            return Vec::new();
        }
        s.split('\n')
            .flat_map(|l| cx.wrap(l, Face::Regular, ITEM_SIZE, w - 2.0 * PAD).lines)
            .collect()
    };
    // An 実績 is due from every item; a 課題 only where the status needs one.
    let result = p.map_or("", |p| p.result.as_str());
    let issue = p.map_or("", |p| p.issue.as_str());
    let needs_issue = p.and_then(|p| p.status).is_some_and(Status::needs_issue);
    fn or<'a>(s: &'a str, due: &'a str) -> &'a str {
        if s.trim().is_empty() {
            due
        } else {
            s
        }
    }
    [
        text(&item.text, ITEM_COLS[0]),
        text(&item.department, ITEM_COLS[1]),
        Vec::new(),
        text(or(result, MISSING), ITEM_COLS[3]),
        text(
            or(issue, if needs_issue { MISSING } else { NOTHING_DUE }),
            ITEM_COLS[4],
        ),
    ]
}

fn item_row(cx: &mut Ctx, y: f32, h: f32, item: &Item, cells: &[Vec<String>; 5], alert: bool) {
    cx.source = item
        .progress
        .as_ref()
        .map_or_else(|| item.source.clone(), |p| p.source.clone());
    cx.begin(Role::TR);
    let mut x = MARGIN_X;
    for (k, w) in ITEM_COLS.iter().enumerate() {
        let a = area(x, y, *w, h);
        let fill = alert.then_some(Rgb(0xfb, 0xee, 0xee));
        cx.rect(a, fill, Some(solid(GRID, 0.6)));
        // The item names its row.
        cx.begin(if k == 0 {
            Role::row_header(1, 1)
        } else {
            Role::cell(1)
        });
        if k == 2 {
            status_chip(cx, a, item);
        }
        for (i, line) in cells[k].iter().enumerate() {
            let base = y + PAD + i as f32 * ITEM_LH + 9.0;
            cx.text(line, Face::Regular, ITEM_SIZE, x + PAD, base, INK, Some(a));
        }
        cx.end();
        x += w;
    }
    cx.end();
}

/// The status as a label on its colour and pattern (未報告 in grey text).
fn status_chip(cx: &mut Ctx, a: Area, item: &Item) {
    let status = item.progress.as_ref().and_then(|p| p.status);
    let chip = area(a.x + PAD, a.y + PAD, a.w - 2.0 * PAD, 14.0);
    match status {
        Some(s) => {
            swatch(cx, chip, Some(s));
            let marked;
            let label = if crate::progress::done_with_steps_ahead(item) {
                marked = format!("{}{STEPS_AHEAD}", s.label());
                marked.as_str()
            } else {
                s.label()
            };
            let w = Face::Bold.width(label, 8.0);
            let bx = area(
                chip.x + (chip.w - w) / 2.0 - 2.0,
                chip.y + 2.0,
                w + 4.0,
                10.0,
            );
            cx.rect(bx, Some(WHITE), None);
            cx.text(
                label,
                Face::Bold,
                8.0,
                bx.x + 2.0,
                chip.y + 10.5,
                INK,
                Some(a),
            );
        }
        None => {
            let written = item.progress.as_ref().map_or("", |p| p.written.as_str());
            let label = if written.is_empty() {
                NOT_REPORTED
            } else {
                written
            };
            cx.text(
                label,
                Face::Regular,
                8.0,
                chip.x,
                chip.y + 10.5,
                MUTED,
                Some(a),
            );
        }
    }
}

// --- frame -------------------------------------------------------------------------------------

/// Footers (report title, page number, issuer) on every page but the title page; the draft
/// mark on every page when there are open errors. All page furniture, except the first
/// page's draft mark: the document's first paragraph (`draft`), as in roadmap.pdf.
fn footers(cx: &mut Ctx, options: &PdfOptions, year: Option<i32>, draft: Option<usize>) {
    let plan = &cx.rm.plan;
    let title = format!(
        "{}　{TITLE}（{}）",
        plan.title,
        year.map(|y| plan.period.years.long(y)).unwrap_or_default()
    );
    let issuer = plan.issuer.clone();
    cx.source = plan.source.clone();
    let pages = std::mem::take(&mut cx.pages);
    for (i, page) in pages.into_iter().enumerate() {
        cx.pages.push(page);
        cx.artifact();
        if i > 0 {
            let rule_y = PAGE_HEIGHT - 30.0;
            cx.line(
                MARGIN_X,
                rule_y,
                MARGIN_X + CONTENT_W,
                rule_y,
                solid(GRID, 0.5),
            );
            let foot = PAGE_HEIGHT - 17.0;
            cx.text(&title, Face::Regular, 7.5, MARGIN_X, foot, MUTED, None);
            let num = format!("- {} -", i + 1);
            cx.text_centered(&num, Face::Regular, 9.0, PAGE_WIDTH / 2.0, foot + 0.5, INK);
            let w = Face::Regular.width(&issuer, 7.5);
            cx.text(
                &issuer,
                Face::Regular,
                7.5,
                MARGIN_X + CONTENT_W - w,
                foot,
                MUTED,
                None,
            );
        }
        layout::page_draft_mark(cx, options, i, draft);
        cx.end();
    }
}
