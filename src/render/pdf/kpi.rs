//! 重要業績評価指標 (KPI): 全般 first, then pillar by pillar; per indicator a table of its
//! wording, its rationale, and the 計画 (targets) and 実績 (actuals) for the baseline year and
//! each plan year, every figure printed as written (a bare number with its unit and digit
//! grouping: `KpiPoint::shown`).

use crate::model::{FiscalYear, Kpi, KpiCategory};

use super::layout::*;

const TITLE: &str = "重要業績評価指標 (KPI)";
/// Width of the row-label column (指標, 計画 …).
const LABEL_W: f32 = 96.0;

/// Lays out the KPI pages.
pub fn kpis(cx: &mut Ctx) {
    cx.sections.kpi = cx.new_page();
    cx.bookmark(TITLE, 0);
    let mut y = cx.heading(TITLE);
    let kpis = cx.rm.kpis.clone();
    let general: Vec<&Kpi> = kpis
        .iter()
        .filter(|k| k.category == KpiCategory::General)
        .collect();
    let mut pillar_numbers: Vec<u32> = cx.rm.pillars.iter().map(|p| p.number).collect();
    for k in &kpis {
        if let KpiCategory::Pillar(n) = k.category {
            if !pillar_numbers.contains(&n) {
                pillar_numbers.push(n);
            }
        }
    }
    if !general.is_empty() {
        y = section(
            cx,
            y,
            "◆DX推進計画全般のKPI",
            general.first().map(|k| table_h(cx, k)),
        );
        for k in &general {
            y = table(cx, y, k);
        }
    }
    let mut first_pillar = true;
    for n in pillar_numbers {
        let list: Vec<&Kpi> = kpis
            .iter()
            .filter(|k| k.category == KpiCategory::Pillar(n))
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
        let first_h = list.first().map(|k| table_h(cx, k)).unwrap_or(0.0);
        if first_pillar {
            y = section(cx, y, "◆取り組みの柱毎のKPI", Some(first_h + 30.0));
            first_pillar = false;
        }
        if y + 30.0 + first_h > BOTTOM {
            y = next_page(cx);
        }
        cx.source = cx.rm.plan.source.clone();
        cx.rect(
            Area {
                x: MARGIN_X,
                y,
                w: CONTENT_W,
                h: 22.0,
            },
            Some(HEADER_BG),
            None,
        );
        cx.rect(
            Area {
                x: MARGIN_X,
                y,
                w: 4.0,
                h: 22.0,
            },
            Some(NAVY),
            None,
        );
        cx.begin(Role::H { level: 3 });
        cx.text(
            &band,
            Face::Bold,
            11.0,
            MARGIN_X + 12.0,
            y + 15.0,
            NAVY,
            None,
        );
        cx.end();
        y += 30.0;
        for k in list {
            y = table(cx, y, k);
        }
    }
}

fn next_page(cx: &mut Ctx) -> f32 {
    cx.new_page();
    cx.heading(&format!("{TITLE}（続き）"))
}

/// A ◆ section heading, kept on the page with the first table's height `keep`.
fn section(cx: &mut Ctx, mut y: f32, title: &str, keep: Option<f32>) -> f32 {
    if y + 24.0 + keep.unwrap_or(0.0) > BOTTOM {
        y = next_page(cx);
    }
    cx.source = cx.rm.plan.source.clone();
    cx.begin(Role::H { level: 2 });
    cx.text(title, Face::Bold, 12.0, MARGIN_X, y + 12.0, NAVY, None);
    cx.end();
    y + 24.0
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
    let w = CONTENT_W - LABEL_W - 20.0;
    let indicator = cx.wrap(&k.indicator, Face::Bold, IND_SIZE, w).lines;
    let rationale = cx.wrap(&k.rationale, Face::Regular, RAT_SIZE, w).lines;
    Measured {
        h_ind: (indicator.len() as f32 * 15.0 + 10.0).max(26.0),
        h_rat: (rationale.len() as f32 * 13.5 + 10.0).max(24.0),
        indicator,
        rationale,
    }
}

fn table_h(cx: &Ctx, k: &Kpi) -> f32 {
    let m = measure(cx, k);
    m.h_ind + m.h_rat + 3.0 * VAL_ROW + 18.0
}

fn cell(cx: &mut Ctx, a: Area, fill: Option<Rgb>) {
    cx.rect(a, fill, Some(solid(GRID, 0.6)));
}

/// One indicator's table; returns the `y` below it.
fn table(cx: &mut Ctx, mut y: f32, k: &Kpi) -> f32 {
    cx.source = k.source.clone();
    let m = measure(cx, k);
    if y + table_h(cx, k) - 18.0 > BOTTOM {
        y = next_page(cx);
        cx.source = k.source.clone();
    }
    let vx = MARGIN_X + LABEL_W;
    let vw = CONTENT_W - LABEL_W;
    // A table of 1 + years columns: labels head the rows, years the figures' columns.
    let years = years(cx, k);
    let table = cx.begin(Role::Table);
    let label = |cx: &mut Ctx, text: &str, y: f32, h: f32| {
        cx.begin(Role::TR);
        cx.begin(Role::row_header(1, 1));
        cell(
            cx,
            Area {
                x: MARGIN_X,
                y,
                w: LABEL_W,
                h,
            },
            Some(HEADER_BG),
        );
        cx.text_centered(
            text,
            Face::Bold,
            9.5,
            MARGIN_X + LABEL_W / 2.0,
            y + h / 2.0 + 3.5,
            NAVY,
        );
        cx.end();
    };
    // 指標
    label(cx, "指標", y, m.h_ind);
    let a = Area {
        x: vx,
        y,
        w: vw,
        h: m.h_ind,
    };
    cell(cx, a, None);
    let span = years.len() as u32;
    cx.begin(Role::cell(span));
    let mut ty = y + (m.h_ind - m.indicator.len() as f32 * 15.0) / 2.0;
    for l in &m.indicator {
        cx.text(l, Face::Bold, IND_SIZE, vx + 10.0, ty + 11.5, INK, Some(a));
        ty += 15.0;
    }
    cx.end();
    cx.end();
    y += m.h_ind;
    // 指標の考え方
    label(cx, "指標の考え方", y, m.h_rat);
    let a = Area {
        x: vx,
        y,
        w: vw,
        h: m.h_rat,
    };
    cell(cx, a, None);
    cx.begin(Role::cell(span));
    let mut ty = y + (m.h_rat - m.rationale.len() as f32 * 13.5) / 2.0;
    for l in &m.rationale {
        cx.text(
            l,
            Face::Regular,
            RAT_SIZE,
            vx + 10.0,
            ty + 10.0,
            INK,
            Some(a),
        );
        ty += 13.5;
    }
    cx.end();
    cx.end();
    y += m.h_rat;
    // Years, 計画, 実績
    let cw = value_w(cx, k);
    cx.begin(Role::TR);
    cx.begin(Role::cell(1)); // the corner
    cx.end();
    cell(
        cx,
        Area {
            x: MARGIN_X,
            y,
            w: LABEL_W,
            h: VAL_ROW,
        },
        Some(HEADER_BG),
    );
    for (i, &yr) in years.iter().enumerate() {
        let a = Area {
            x: vx + i as f32 * cw,
            y,
            w: cw,
            h: VAL_ROW,
        };
        cell(cx, a, Some(HEADER_BG));
        let t = crate::fiscal::year_end(yr);
        let size = super::pages::fit_size(&t, Face::Bold, 8.5, 7.0, cw - 6.0);
        cx.begin(Role::column_header());
        cx.text_centered(&t, Face::Bold, size, a.x + cw / 2.0, y + 14.5, NAVY);
        cx.end();
    }
    cx.end();
    y += VAL_ROW;
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
                    y + 15.0,
                    INK,
                    Some(a),
                );
            }
            cx.end();
        }
        cx.end();
        y += VAL_ROW;
    }
    cx.close(table);
    y + 18.0
}
