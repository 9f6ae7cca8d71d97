//! 重要業績評価指標 (KPI): 全般 first, then pillar by pillar; per indicator a table of its
//! wording, its rationale, and the 計画 (targets) and 実績 (actuals) for the baseline year and
//! each plan year, every figure printed as written (a bare number with its unit and digit
//! grouping: `KpiPoint::shown`).

use crate::model::{FiscalYear, Kpi, KpiCategory, Section};

use super::ctx::*;
use super::style;

const TITLE: &str = "重要業績評価指標 (KPI)";
/// Width of the row-label column (指標, 計画 …).
const LABEL_W: f32 = 96.0;

/// Height of a pillar's band over its indicators, and the room taken under it.
const BAND: (f32, f32) = (22.0, 30.0);
/// Width of the band's accent, and the inset of its text.
const BAND_ACCENT: (f32, f32) = (4.0, 12.0);
/// Baseline of the band's text, from its top.
const BAND_BASELINE: f32 = 15.0;
/// Room a ◆ section heading takes, and its baseline.
const SECTION: (f32, f32) = (24.0, 12.0);
/// Space under a table.
const TABLE_GAP: f32 = 18.0;

/// What heads the indicators being set, repeated with 「（続き）」 when they continue on a
/// new page, so every indicator stands under its heading.
#[derive(Clone)]
enum Heading {
    /// A ◆ section (全般).
    Section(String),
    /// A pillar's band.
    Pillar(String),
}

/// Lays out the KPI pages.
pub fn kpis(cx: &mut Ctx) {
    cx.sections.kpi = cx.new_page();
    cx.bookmark(TITLE, 0);
    let mut y = cx.heading(TITLE);
    // Where a page's indicators start under its heading (the same on a continued page).
    let top = y;
    let rm = cx.rm;
    let kpis = &rm.kpis;
    let general: Vec<&Kpi> = kpis
        .iter()
        .filter(|k| k.category == KpiCategory::General)
        .collect();
    if !general.is_empty() {
        let head = Heading::Section(format!("◆{}", rm.plan.style.heading(Section::KpiGeneral)));
        y = indicators(cx, (y, top), &head, &general, None);
    }
    let mut first_pillar = true;
    for n in pillar_numbers(cx) {
        let list: Vec<&Kpi> = kpis
            .iter()
            .filter(|k| k.category.pillar() == Some(n))
            .collect();
        if list.is_empty() {
            continue;
        }
        let band = cx
            .rm
            .pillars
            .iter()
            .find(|p| p.number == n)
            .map(super::chart::pillar_title)
            .unwrap_or_else(|| format!("({n})"));
        let section =
            first_pillar.then(|| format!("◆{}", rm.plan.style.heading(Section::KpiPillar)));
        first_pillar = false;
        y = indicators(
            cx,
            (y, top),
            &Heading::Pillar(band),
            &list,
            section.as_deref(),
        );
    }
}

/// The pillars with indicators: the plan's, then any other a KPI names.
fn pillar_numbers(cx: &Ctx) -> Vec<u32> {
    let mut numbers: Vec<u32> = cx.rm.pillars.iter().map(|p| p.number).collect();
    for k in &cx.rm.kpis {
        if let Some(n) = k.category.pillar() {
            if !numbers.contains(&n) {
                numbers.push(n);
            }
        }
    }
    numbers
}

/// A group of indicators under `head` (after the ◆ `section` heading, when given), from `y`
/// on a page whose indicators start at `top`: the whole group on one page when it fits on
/// one (a pillar's KPIs are read together), else its heading kept on the page with the first
/// table and repeated on every page they continue on. Returns the `y` below them.
fn indicators(
    cx: &mut Ctx,
    (mut y, top): (f32, f32),
    head: &Heading,
    list: &[&Kpi],
    section: Option<&str>,
) -> f32 {
    let first_h = list.first().map(|k| table_h(cx, k)).unwrap_or(0.0);
    let all_h: f32 = list.iter().map(|k| table_h(cx, k)).sum();
    let whole = heading_h(head) + all_h - TABLE_GAP;
    let fits_a_page = top + whole + section.map_or(0.0, |_| SECTION.0) <= BOTTOM;
    let mut keep = heading_h(head) + if fits_a_page { all_h } else { first_h } - TABLE_GAP;
    if let Some(title) = section {
        keep += SECTION.0;
        if y + keep > BOTTOM {
            y = next_page(cx);
        }
        cx.begin(Role::H { level: 2 });
        y = section_heading(cx, y, title);
        cx.end();
        keep -= SECTION.0;
    }
    if y + keep > BOTTOM {
        y = next_page(cx);
    }
    y = heading(cx, y, head, false);
    for k in list {
        if y + table_h(cx, k) - TABLE_GAP > BOTTOM {
            y = next_page(cx);
            y = heading(cx, y, head, true);
        }
        y = table(cx, y, k);
    }
    y
}

fn heading_h(head: &Heading) -> f32 {
    match head {
        Heading::Section(_) => SECTION.0,
        Heading::Pillar(_) => BAND.1,
    }
}

/// The group's heading (a ◆ section H2, a pillar's band H3); repeated on a continued page,
/// where it is page furniture.
fn heading(cx: &mut Ctx, y: f32, head: &Heading, continued: bool) -> f32 {
    let text = |t: &str| {
        if continued {
            continued_title(t)
        } else {
            t.to_string()
        }
    };
    if continued {
        cx.artifact();
    } else {
        // Each group is a part of the KPI pages, with its bookmark, as each starts a page of
        // its own when it would not fit under the one before.
        let title = match head {
            Heading::Section(t) | Heading::Pillar(t) => t.trim_start_matches('◆'),
        };
        cx.bookmark(title, 1);
        let level = match head {
            Heading::Section(_) => 2,
            Heading::Pillar(_) => 3,
        };
        cx.begin(Role::H { level });
    }
    let y = match head {
        Heading::Section(t) => section_heading(cx, y, &text(t)),
        Heading::Pillar(t) => pillar_band(cx, y, &text(t)),
    };
    cx.end();
    y
}

fn pillar_band(cx: &mut Ctx, y: f32, text: &str) -> f32 {
    cx.source = cx.rm.plan.source.clone();
    let band = Area {
        x: MARGIN_X,
        y,
        w: CONTENT_W,
        h: BAND.0,
    };
    cx.rect(band, Some(HEADER_BG), None);
    cx.rect(
        Area {
            w: BAND_ACCENT.0,
            ..band
        },
        Some(NAVY),
        None,
    );
    let s = style::Style {
        face: Face::Bold,
        size: BAND_SIZE,
    };
    let x = MARGIN_X + BAND_ACCENT.1;
    cx.styled(text, s, x, y + BAND_BASELINE, NAVY, None);
    y + BAND.1
}

fn next_page(cx: &mut Ctx) -> f32 {
    cx.new_page();
    cx.heading(&continued_title(TITLE))
}

/// A ◆ section heading; returns the `y` below it.
fn section_heading(cx: &mut Ctx, y: f32, title: &str) -> f32 {
    cx.source = cx.rm.plan.source.clone();
    cx.styled(title, style::SECTION, MARGIN_X, y + SECTION.1, NAVY, None);
    y + SECTION.0
}

/// The years the table shows: the baseline year, then every plan year.
fn years(cx: &Ctx, k: &Kpi) -> Vec<FiscalYear> {
    k.table_years(cx.rm.plan.period)
}

fn value_w(cx: &Ctx, k: &Kpi) -> f32 {
    (CONTENT_W - LABEL_W) / years(cx, k).len() as f32
}

struct Measured {
    indicator: Vec<String>,
    rationale: Vec<String>,
    h_ind: f32,
    h_rat: f32,
}

const IND_SIZE: f32 = 10.5;
const RAT_SIZE: f32 = 9.0;
const VAL_ROW: f32 = 22.0;

fn measure(cx: &Ctx, k: &Kpi) -> Measured {
    let w = CONTENT_W - LABEL_W - 2.0 * TEXT_INSET;
    let indicator = cx.wrap(&k.indicator, Face::Bold, IND_SIZE, w).lines;
    let rationale = cx.wrap(&k.rationale, Face::Regular, RAT_SIZE, w).lines;
    Measured {
        h_ind: (indicator.len() as f32 * TEXT_LINES.0 .0 + TEXT_PAD).max(TEXT_ROW_MIN.0),
        h_rat: (rationale.len() as f32 * TEXT_LINES.1 .0 + TEXT_PAD).max(TEXT_ROW_MIN.1),
        indicator,
        rationale,
    }
}

fn table_h(cx: &Ctx, k: &Kpi) -> f32 {
    let m = measure(cx, k);
    let policy = policy_of(cx, k).map_or(0.0, |(_, h)| h);
    policy + m.h_ind + m.h_rat + 3.0 * VAL_ROW + TABLE_GAP
}

/// The row naming the policy of a KPI of a policy ([`Roadmap::policy_of_kpi`]), wrapped,
/// with its height.
///
/// [`Roadmap::policy_of_kpi`]: crate::model::Roadmap::policy_of_kpi
fn policy_of(cx: &Ctx, k: &Kpi) -> Option<(Vec<String>, f32)> {
    let text = cx.rm.policy_of_kpi(k.category)?;
    let width = CONTENT_W - LABEL_W - 2.0 * TEXT_INSET;
    let lines = cx.wrap(&text, Face::Regular, RAT_SIZE, width).lines;
    let (lh, _) = TEXT_LINES.1;
    let h = (lines.len() as f32 * lh + TEXT_PAD).max(TEXT_ROW_MIN.1);
    Some((lines, h))
}

fn cell(cx: &mut Ctx, a: Area, fill: Option<Rgb>) {
    cx.rect(a, fill, Some(solid(GRID, 0.6)));
}

/// Inset of a cell's text, and the baselines of the indicator's and the rationale's lines.
const TEXT_INSET: f32 = 10.0;
/// Size of a pillar band's text.
const BAND_SIZE: f32 = 11.0;
/// Size of a row label (指標, 計画 …).
const LABEL_SIZE: f32 = 9.5;
/// Room above and below a row's text, together.
const TEXT_PAD: f32 = 10.0;
/// Lowest rows of text: (indicator, rationale).
const TEXT_ROW_MIN: (f32, f32) = (26.0, 24.0);
/// Baseline of a row label, below its row's middle.
const LABEL_BASE: f32 = 3.5;
/// Line heights and baselines: (indicator, rationale).
const TEXT_LINES: ((f32, f32), (f32, f32)) = ((15.0, 11.5), (13.5, 10.0));
/// Baselines in a value row: the year heading, a figure.
const VALUE_BASE: (f32, f32) = (14.5, 15.0);

/// A row-label cell (指標, 計画 …) at `y`, `h` high: opens the table row it heads.
fn label(cx: &mut Ctx, text: &str, y: f32, h: f32) {
    cx.begin(Role::TR);
    cx.begin(Role::row_header(1, 1));
    let a = Area {
        x: MARGIN_X,
        y,
        w: LABEL_W,
        h,
    };
    cell(cx, a, Some(HEADER_BG));
    let mid = MARGIN_X + LABEL_W / 2.0;
    cx.text_centered(
        text,
        Face::Bold,
        LABEL_SIZE,
        mid,
        y + h / 2.0 + LABEL_BASE,
        NAVY,
    );
    cx.end();
}

/// A labelled row of wrapped text (指標, 指標の考え方), its text one cell across the `span`
/// year columns; returns the `y` below it.
fn text_row(
    cx: &mut Ctx,
    y: f32,
    name: &str,
    lines: &[String],
    h: f32,
    s: style::Style,
    span: u32,
) -> f32 {
    let ((ind_lh, ind_base), (rat_lh, rat_base)) = TEXT_LINES;
    let (lh, base) = if s.face == Face::Bold {
        (ind_lh, ind_base)
    } else {
        (rat_lh, rat_base)
    };
    label(cx, name, y, h);
    let a = Area {
        x: MARGIN_X + LABEL_W,
        y,
        w: CONTENT_W - LABEL_W,
        h,
    };
    cell(cx, a, None);
    cx.begin(Role::cell(span));
    let mut ty = y + (h - lines.len() as f32 * lh) / 2.0;
    for l in lines {
        cx.styled(l, s, a.x + TEXT_INSET, ty + base, INK, Some(a));
        ty += lh;
    }
    cx.end();
    cx.end();
    y + h
}

/// One indicator's table; returns the `y` below it.
fn table(cx: &mut Ctx, mut y: f32, k: &Kpi) -> f32 {
    cx.source = k.source.clone();
    let m = measure(cx, k);
    let ind = style::Style {
        face: Face::Bold,
        size: IND_SIZE,
    };
    let rat = style::Style {
        face: Face::Regular,
        size: RAT_SIZE,
    };
    // A table of 1 + years columns: labels head the rows, years the figures' columns.
    let years = years(cx, k);
    let span = years.len() as u32;
    let table = cx.begin(Role::Table);
    if let Some((lines, h)) = policy_of(cx, k) {
        let word = cx.rm.plan.style.words.policy.clone();
        y = text_row(cx, y, &word, &lines, h, rat, span);
    }
    y = text_row(cx, y, "指標", &m.indicator, m.h_ind, ind, span);
    y = text_row(cx, y, "指標の考え方", &m.rationale, m.h_rat, rat, span);
    y = year_row(cx, y, k, &years);
    y = value_rows(cx, y, k, &years);
    cx.close(table);
    y + TABLE_GAP
}

/// The row of year headings over the figures; returns the `y` below it.
fn year_row(cx: &mut Ctx, y: f32, k: &Kpi, years: &[FiscalYear]) -> f32 {
    let vx = MARGIN_X + LABEL_W;
    let cw = value_w(cx, k);
    let corner = Area {
        x: MARGIN_X,
        y,
        w: LABEL_W,
        h: VAL_ROW,
    };
    cell(cx, corner, Some(HEADER_BG));
    cx.begin(Role::TR);
    cx.begin(Role::cell(1)); // the corner
    cx.end();
    for (i, &yr) in years.iter().enumerate() {
        let a = Area {
            x: vx + i as f32 * cw,
            y,
            w: cw,
            h: VAL_ROW,
        };
        cell(cx, a, Some(HEADER_BG));
        let t = cx.rm.plan.period.years.year_end(yr);
        let size = super::pages::fit_size(&t, Face::Bold, 8.5, 7.0, cw - 6.0);
        cx.begin(Role::column_header());
        cx.text_centered(&t, Face::Bold, size, a.x + cw / 2.0, y + VALUE_BASE.0, NAVY);
        cx.end();
    }
    cx.end();
    y + VAL_ROW
}

/// The 計画 and 実績 rows; returns the `y` below them.
fn value_rows(cx: &mut Ctx, mut y: f32, k: &Kpi, years: &[FiscalYear]) -> f32 {
    let vx = MARGIN_X + LABEL_W;
    let cw = value_w(cx, k);
    let base_year = years.first().copied().unwrap_or_default();
    for (name, is_target) in [("計画", true), ("実績", false)] {
        label(cx, name, y, VAL_ROW);
        for (i, &yr) in years.iter().enumerate() {
            let a = Area {
                x: vx + i as f32 * cw,
                y,
                w: cw,
                h: VAL_ROW,
            };
            cell(cx, a, None);
            cx.begin(Role::cell(1));
            let text = k.table_figure(yr, is_target, base_year);
            if !text.is_empty() {
                let size = super::pages::fit_size(&text, Face::Regular, 10.0, 7.0, cw - 8.0);
                if Face::Regular.width(&text, size) > cw - 4.0 {
                    cx.too_long(&text);
                }
                let w = Face::Regular.width(&text, size);
                cx.text(
                    &text,
                    Face::Regular,
                    size,
                    a.x + (cw - w) / 2.0,
                    y + VALUE_BASE.1,
                    INK,
                    Some(a),
                );
            }
            cx.end();
        }
        cx.end();
        y += VAL_ROW;
    }
    y
}
