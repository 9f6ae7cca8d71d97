//! The model → positioned boxes, page by page. Plain data out ([`Document`]); nothing here
//! writes PDF (fonts are only measured).
//!
//! The page order follows the published edition: cover, 目次, はじめに, 目指す姿及び取り組みの
//! 体系, the roadmap charts pillar by pillar, the KPIs, and the 改定履歴 with the colophon.
//! The 目次 is laid out last, once the page numbers of everything else are known.

use crate::diagnostic::{Code, Diagnostic, Place, Warned};
use crate::model::Roadmap;
use crate::revision::diff::Changes;

use super::ctx::*;
use super::style;

/// The footer rule, and the baselines of the footer's text and page number, from the
/// page's foot.
const FOOTER_Y: (f32, f32, f32) = (30.0, 17.0, 16.5);
/// The draft mark's box: width, top, height; and the gap before its note.
const DRAFT_BOX: (f32, f32, f32, f32) = (28.0, 4.0, 26.0, 8.0);
/// Baselines of 「案」 and of the note beside it.
const DRAFT_BASELINES: (f32, f32) = (23.5, 20.5);

/// How to render.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PdfOptions<'a> {
    /// `Some(n)`: the roadmap still has `n` open errors, so every page is marked 「案」
    /// (draft) with 「未解決のエラー n 件」.
    pub draft_errors: Option<usize>,
    /// For a rolling revision, the changes from the previous edition: the document gets
    /// 「今回の改定における主な変更点」 before the 改定履歴.
    pub changes: Option<&'a Changes>,
    /// The date of issue progress.pdf prints on its title page (the build's `--as-of`);
    /// roadmap.pdf dates itself by its edition instead.
    pub issued: Option<crate::fiscal::Date>,
}

/// Lays the roadmap out into pages of positioned primitives (with `options.changes`, the
/// changes from the previous edition are set before the 改定履歴).
pub fn layout(roadmap: &Roadmap, options: &PdfOptions) -> Warned<Document> {
    let mut cx = Ctx::new(roadmap);
    // A draft says so first; the mark itself is drawn last, by the frame.
    let draft = options.draft_errors.map(|_| cx.reserve(Role::P));
    part(&mut cx, super::pages::cover);
    cx.sections.toc = cx.new_page(); // filled in last, when the page numbers are known
    let toc = cx.reserve(Role::Sect);
    part(&mut cx, super::pages::introduction);
    // The diagram links to the charts, so it is drawn once their pages are known.
    cx.sections.system = cx.new_page();
    let system = cx.reserve(Role::Sect);
    part(&mut cx, super::chart::roadmap);
    part(&mut cx, super::kpi::kpis);
    if let Some(changes) = options.changes {
        part(&mut cx, |cx| super::changes::changes(cx, changes));
    }
    part(&mut cx, super::pages::history);
    cx.on_page(cx.sections.system, |cx| {
        in_part(cx, system, super::pages::system)
    });
    cx.on_page(cx.sections.toc, |cx| {
        in_part(cx, toc, super::pages::contents)
    });
    frame(&mut cx, options, draft);

    let plan = &roadmap.plan;
    let metadata = Metadata {
        title: format!("{} {}", plan.title, plan.document)
            .trim()
            .to_string(),
        author: plan.issuer.clone(),
        subject: format!(
            "{}{} {}（{}）",
            plan.title,
            plan.document,
            plan.period_label(),
            plan.city
        ),
        language: "ja-JP".to_string(),
        accessible: true,
    };
    let mut outline = cx.outline;
    // Reading order is page order; a stable sort keeps parents before their children.
    outline.sort_by_key(|e| e.page);
    let doc = Document {
        metadata,
        outline,
        pages: cx.pages,
        structure: cx.tags.finish(),
    };
    claim_accessibility(doc, cx.diagnostics, "roadmap.pdf")
}

/// The document as PDF/UA-1 unless it cannot be: a character without a glyph (a `.notdef`
/// glyph breaks the standard), no title, or a heading without text (the standard wants
/// both named). Only a roadmap with errors gets that far (as a `--draft`); such a file
/// does not claim the standard, and says so.
pub(super) fn claim_accessibility(
    mut doc: Document,
    mut diagnostics: Vec<Diagnostic>,
    file: &str,
) -> Warned<Document> {
    let glyph_missing = diagnostics.iter().any(|d| d.code == Code::GlyphMissing);
    if glyph_missing || doc.metadata.title.is_empty() || untitled_heading(&doc) {
        doc.metadata.accessible = false;
        let d = Diagnostic::new(Code::PdfNotAccessible, Place::file(file), &[file]);
        diagnostics.push(d);
    }
    Warned::new(doc, diagnostics)
}

/// Is there a heading no text is drawn for?
fn untitled_heading(doc: &Document) -> bool {
    let mut titled = vec![false; doc.structure.len()];
    let texts = doc.pages.iter().flat_map(|p| &p.items);
    for node in texts.filter_map(|i| match i {
        Item::Text(t) if !t.text.trim().is_empty() => t.node,
        _ => None,
    }) {
        if let Some(t) = titled.get_mut(node) {
            *t = true;
        }
    }
    let heading = |n: &Node| matches!(n.role, Role::H { .. });
    doc.structure
        .iter()
        .zip(&titled)
        .any(|(n, &t)| heading(n) && !t)
}

/// Lays out one part of the document in a `Sect` of its own.
fn part(cx: &mut Ctx, f: impl FnOnce(&mut Ctx)) {
    let id = cx.reserve(Role::Sect);
    in_part(cx, id, f);
}

/// Lays out one part inside its reserved `Sect`.
fn in_part(cx: &mut Ctx, id: usize, f: impl FnOnce(&mut Ctx)) {
    cx.enter(id);
    f(cx);
    cx.close(id);
}

/// Footers (page number and document title) on every page but the cover, and the draft
/// mark on every page when there are open errors: page furniture, except the first
/// page's draft mark, which is the document's first paragraph (`draft`).
fn frame(cx: &mut Ctx, options: &PdfOptions, draft: Option<usize>) {
    let plan = &cx.rm.plan;
    let title = format!("{}　{}", plan.title, plan.document);
    cx.source = plan.source.clone();
    let n = cx.pages.len();
    let pages = std::mem::take(&mut cx.pages);
    for (i, page) in pages.into_iter().enumerate() {
        cx.pages.push(page);
        cx.artifact();
        if i > 0 {
            footer(cx, &title, i + 1);
        }
        page_draft_mark(cx, options, i, draft);
        cx.end();
    }
    debug_assert_eq!(cx.pages.len(), n);
}

/// The footer: a rule, the document's title on the left, the page number in the middle and
/// the issuer on the right.
fn footer(cx: &mut Ctx, title: &str, page: usize) {
    let (rule, text_base, number_base) = FOOTER_Y;
    let right = MARGIN_X + CONTENT_W;
    let rule_y = PAGE_HEIGHT - rule;
    cx.line(MARGIN_X, rule_y, right, rule_y, solid(GRID, 0.5));
    let s = style::FOOTER;
    cx.styled(title, s, MARGIN_X, PAGE_HEIGHT - text_base, MUTED, None);
    let num = format!("- {page} -");
    let n = style::PAGE_NUMBER;
    let base = PAGE_HEIGHT - number_base;
    cx.text_centered(&num, n.face, n.size, PAGE_WIDTH / 2.0, base, INK);
    let issuer = cx.rm.plan.issuer.clone();
    let w = s.face.width(&issuer, s.size);
    cx.styled(&issuer, s, right - w, PAGE_HEIGHT - text_base, MUTED, None);
}

/// A draft's mark on page `i` (counted from 0) of a document: on the first page it is the
/// reserved paragraph `draft` (a draft says so first), elsewhere an artifact.
pub(super) fn page_draft_mark(cx: &mut Ctx, options: &PdfOptions, i: usize, draft: Option<usize>) {
    let Some(errors) = options.draft_errors else {
        return;
    };
    match (i, draft) {
        (0, Some(p)) => {
            cx.enter(p);
            draft_mark(cx, errors);
            cx.end();
        }
        _ => draft_mark(cx, errors),
    }
}

/// 「案」 in a red box at the top right, with the number of open errors beside it.
fn draft_mark(cx: &mut Ctx, errors: usize) {
    let (box_w, top, h, gap) = DRAFT_BOX;
    let x = MARGIN_X + CONTENT_W - box_w;
    let area = Area {
        x,
        y: top,
        w: box_w,
        h,
    };
    cx.rect(area, Some(WHITE), Some(solid(RED, 1.5)));
    let (mark, note_s) = (style::DRAFT_MARK, style::DRAFT_NOTE);
    let (mark_base, note_base) = DRAFT_BASELINES;
    cx.text_centered("案", mark.face, mark.size, x + box_w / 2.0, mark_base, RED);
    let note = format!("未解決のエラー {errors} 件");
    let w = note_s.face.width(&note, note_s.size);
    cx.styled(&note, note_s, x - gap - w, note_base, RED, None);
}
