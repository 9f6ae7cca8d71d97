//! The prose and frame pages: cover, 目次, はじめに, 目指す姿及び取り組みの体系, 改定履歴.

use super::layout::*;

/// `令和7(2025)年3月`: the edition date, from the latest revision.
pub fn edition(cx: &Ctx) -> Option<String> {
    let latest = cx.rm.plan.revisions.iter().map(|r| r.date).max()?;
    Some(latest.wareki_label())
}

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
    cx.rect(
        Area {
            x: 0.0,
            y: 0.0,
            w: PAGE_WIDTH,
            h: 16.0,
        },
        Some(NAVY),
        None,
    );
    cx.rect(
        Area {
            x: 0.0,
            y: 16.0,
            w: PAGE_WIDTH,
            h: 4.0,
        },
        Some(INITIATIVE_BG),
        None,
    );
    cx.rect(
        Area {
            x: 0.0,
            y: PAGE_HEIGHT - 10.0,
            w: PAGE_WIDTH,
            h: 10.0,
        },
        Some(NAVY),
        None,
    );
    cx.begin(Role::H { level: 1 });
    cx.text_centered(&title, Face::Bold, 26.0, mid, 200.0, NAVY);
    cx.text_centered(&document, Face::Bold, 36.0, mid, 256.0, NAVY);
    cx.end();
    cx.line(mid - 170.0, 282.0, mid + 170.0, 282.0, solid(BAR, 1.2));
    cx.begin(Role::P);
    cx.text_centered(
        &cx.rm.plan.period.label(),
        Face::Regular,
        20.0,
        mid,
        318.0,
        INK,
    );
    cx.end();
    if let Some(ed) = edition(cx) {
        cx.begin(Role::P);
        cx.text_centered(&ed, Face::Regular, 14.0, mid, 470.0, INK);
        cx.end();
    }
    cx.begin(Role::P);
    cx.text_centered(&issuer, Face::Bold, 16.0, mid, 500.0, NAVY);
    cx.end();
}

/// はじめに: opening paragraphs, the purposes as framed cards with their keywords, closing
/// paragraphs.
pub fn introduction(cx: &mut Ctx) {
    cx.sections.intro = cx.new_page();
    cx.source = cx.rm.plan.source.clone();
    cx.bookmark("はじめに", 0);
    let heading = "はじめに";
    let mut y = cx.heading(heading);
    let width = 660.0;
    let x = (PAGE_WIDTH - width) / 2.0;
    let intro = cx.rm.plan.introduction.clone();
    for p in &intro.opening {
        y = cx.prose(y, x, width, p, Face::Regular, 10.5, heading);
    }
    for (i, purpose) in intro.purposes.iter().enumerate() {
        y = purpose_card(cx, y + 2.0, x, width, i + 1, purpose, heading) + 8.0;
    }
    for p in &intro.closing {
        y = cx.prose(y, x, width, p, Face::Regular, 10.5, heading);
    }
}

fn purpose_card(
    cx: &mut Ctx,
    mut y: f32,
    x: f32,
    width: f32,
    n: usize,
    p: &crate::model::Purpose,
    heading: &str,
) -> f32 {
    let badge = 92.0; // the keyword circle's column
    let text_w = width - badge - 28.0;
    let title = format!("{n}. {}", p.title);
    let sub = if p.subtitle.is_empty() {
        String::new()
    } else {
        format!("～{}～", p.subtitle)
    };
    let tw = cx.wrap(&title, Face::Bold, 12.0, text_w);
    let sw = cx.wrap(&sub, Face::Regular, 10.0, text_w);
    let bw = cx.wrap(&p.body, Face::Regular, 10.0, text_w);
    let lh = 10.0 * 1.65;
    let body_h = tw.lines.len() as f32 * 18.0
        + if sub.is_empty() {
            0.0
        } else {
            sw.lines.len() as f32 * 15.0
        }
        + 6.0
        + bw.lines.len() as f32 * lh;
    let h = (body_h + 20.0).max(badge + 8.0);
    if y + h > BOTTOM {
        cx.new_page();
        y = cx.heading(&format!("{heading}（続き）"));
    }
    cx.rect(
        Area { x, y, w: width, h },
        Some(ITEM_BG),
        Some(solid(GRID, 0.6)),
    );
    cx.rect(Area { x, y, w: 4.0, h }, Some(BAR), None);
    // Read: the title (a heading under はじめに), the keyword, the subtitle, the body.
    let heading = cx.reserve(Role::H { level: 2 });
    cx.begin(Role::P);
    // The keyword in a circle, as the published edition shows it.
    let (ccx, ccy, r) = (x + 14.0 + badge / 2.0, y + h / 2.0, badge / 2.0 - 4.0);
    cx.ellipse(ccx, ccy, r, Some(WHITE), Some(solid(BAR, 1.5)));
    cx.text_centered(&p.keyword, Face::Bold, 17.0, ccx, ccy + 3.0, NAVY);
    cx.text_centered(&p.keyword_en, Face::Regular, 8.5, ccx, ccy + 18.0, BAR);
    cx.end();
    let tx = x + badge + 22.0;
    let mut ty = y + 10.0;
    cx.enter(heading);
    for l in &tw.lines {
        cx.text(l, Face::Bold, 12.0, tx, ty + 12.5, NAVY, None);
        ty += 18.0;
    }
    cx.end();
    if !sub.is_empty() {
        cx.begin(Role::P);
        for l in &sw.lines {
            cx.text(l, Face::Regular, 10.0, tx, ty + 10.0, BAR, None);
            ty += 15.0;
        }
        cx.end();
    }
    ty += 6.0;
    cx.begin(Role::P);
    for l in &bw.lines {
        cx.text(l, Face::Regular, 10.0, tx, ty + 11.5, INK, None);
        ty += lh;
    }
    cx.end();
    y + h
}

/// 目指す姿及び取り組みの体系: the vision on top, the pillars as columns with their policies
/// listed under them, each policy linking to its chart.
pub fn system(cx: &mut Ctx) {
    cx.source = cx.rm.plan.source.clone();
    cx.bookmark("目指す姿及び取り組みの体系", 0);
    let y0 = cx.heading("目指す姿及び取り組みの体系");
    let vision = cx.rm.plan.vision.clone();
    let vw = 560.0;
    let vx = (PAGE_WIDTH - vw) / 2.0;
    cx.rect(
        Area {
            x: vx,
            y: y0,
            w: vw,
            h: 58.0,
        },
        Some(INITIATIVE_BG),
        Some(solid(NAVY, 1.0)),
    );
    cx.rect(
        Area {
            x: vx,
            y: y0,
            w: 78.0,
            h: 58.0,
        },
        Some(NAVY),
        None,
    );
    cx.begin(Role::H { level: 2 });
    cx.text_centered("目指す姿", Face::Bold, 12.0, vx + 39.0, y0 + 33.5, WHITE);
    cx.end();
    let max = vw - 78.0 - 24.0;
    let size = fit_size(&vision, Face::Bold, 22.0, 14.0, max);
    if Face::Bold.width(&vision, size) > max {
        cx.too_long(&vision);
    }
    cx.begin(Role::P);
    cx.text_centered(
        &vision,
        Face::Bold,
        size,
        vx + 78.0 + (vw - 78.0) / 2.0,
        y0 + 29.0 + size * 0.35,
        NAVY,
    );
    cx.end();
    // A down arrow from the vision to the pillars.
    let mid = PAGE_WIDTH / 2.0;
    let ay = y0 + 64.0;
    cx.polygon(
        &[(mid - 26.0, ay), (mid + 26.0, ay), (mid, ay + 14.0)],
        GRID,
    );

    let pillars = cx.rm.pillars.clone();
    let n = pillars.len().max(1) as f32;
    let gap = 14.0;
    let col_w = (CONTENT_W - gap * (n - 1.0)) / n;
    let top = ay + 22.0;
    // Pillar boxes share one height so the columns line up.
    let inner = col_w - 20.0;
    let head_h = pillars
        .iter()
        .map(|p| {
            let t = cx.wrap(&format!("{} {}", p.label, p.title), Face::Bold, 14.0, inner);
            let s = cx.wrap(&p.subtitle, Face::Regular, 10.0, inner);
            t.lines.len() as f32 * 19.0 + s.lines.len() as f32 * 14.0 + 16.0
        })
        .fold(50.0, f32::max);
    let list = cx.begin(Role::L);
    for (i, p) in pillars.iter().enumerate() {
        cx.begin(Role::LI);
        cx.begin(Role::LBody);
        cx.begin(Role::Link);
        cx.source = p.source.clone();
        let x = MARGIN_X + i as f32 * (col_w + gap);
        cx.rect(
            Area {
                x,
                y: top,
                w: col_w,
                h: head_h,
            },
            Some(NAVY),
            None,
        );
        let t = cx.wrap(&format!("{} {}", p.label, p.title), Face::Bold, 14.0, inner);
        let s = cx.wrap(&p.subtitle, Face::Regular, 10.0, inner);
        let mut ty = top + 8.0;
        for l in &t.lines {
            cx.text_centered(l, Face::Bold, 14.0, x + col_w / 2.0, ty + 14.0, WHITE);
            ty += 19.0;
        }
        for l in &s.lines {
            cx.text_centered(l, Face::Regular, 10.0, x + col_w / 2.0, ty + 10.5, WHITE);
            ty += 14.0;
        }
        if let Some(&page) = cx.sections.pillars.get(i) {
            cx.link(
                Area {
                    x,
                    y: top,
                    w: col_w,
                    h: head_h,
                },
                page,
            );
        }
        cx.end();
        let mut y = top + head_h + 8.0;
        let policies = cx.begin(Role::L);
        for (j, q) in p.policies.iter().enumerate() {
            cx.begin(Role::LI);
            cx.begin(Role::LBody);
            cx.begin(Role::Link);
            cx.source = q.source.clone();
            let label = format!("{}{}", q.label, q.title);
            // Room on the right for the chart's page number, for readers of the paper copy.
            let w = cx.wrap(&label, Face::Regular, 10.5, inner - 28.0);
            let h = w.lines.len() as f32 * 15.0 + 12.0;
            let area = Area { x, y, w: col_w, h };
            cx.rect(area, Some(ITEM_BG), Some(solid(GRID, 0.6)));
            cx.rect(Area { x, y, w: 3.0, h }, Some(BAR), None);
            let mut ty = y + 6.0;
            for l in &w.lines {
                cx.text(l, Face::Regular, 10.5, x + 12.0, ty + 11.0, INK, None);
                ty += 15.0;
            }
            if let Some(&page) = cx.sections.policies.get(i).and_then(|v| v.get(j)) {
                let num = format!("p.{page}");
                let nw = Face::Regular.width(&num, 8.5);
                cx.text(
                    &num,
                    Face::Regular,
                    8.5,
                    x + col_w - 8.0 - nw,
                    y + 16.5,
                    MUTED,
                    None,
                );
                cx.link(area, page);
            }
            cx.end();
            cx.end();
            cx.end();
            y += h + 5.0;
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
    let x = MARGIN_X + 20.0;
    let (c1, c2) = (150.0, 420.0);
    let row_h = 24.0;
    cx.rect(
        Area {
            x,
            y,
            w: c1,
            h: row_h,
        },
        Some(HEADER_BG),
        Some(solid(GRID, 0.6)),
    );
    cx.rect(
        Area {
            x: x + c1,
            y,
            w: c2,
            h: row_h,
        },
        Some(HEADER_BG),
        Some(solid(GRID, 0.6)),
    );
    let table = cx.begin(Role::Table);
    cx.begin(Role::TR);
    cx.begin(Role::column_header());
    cx.text_centered("改定年月", Face::Bold, 10.0, x + c1 / 2.0, y + 15.5, NAVY);
    cx.end();
    cx.begin(Role::column_header());
    cx.text_centered(
        "改定内容",
        Face::Bold,
        10.0,
        x + c1 + c2 / 2.0,
        y + 15.5,
        NAVY,
    );
    cx.end();
    cx.end();
    y += row_h;
    let mut revisions = cx.rm.plan.revisions.clone();
    revisions.sort_by_key(|r| r.date);
    for r in &revisions {
        let w = cx.wrap(&r.text, Face::Regular, 10.0, c2 - 20.0);
        let h = (w.lines.len() as f32 * 16.0 + 8.0).max(row_h);
        if y + h > BOTTOM {
            cx.new_page();
            y = cx.heading("改定履歴（続き）");
        }
        cx.rect(Area { x, y, w: c1, h }, None, Some(solid(GRID, 0.6)));
        cx.rect(
            Area {
                x: x + c1,
                y,
                w: c2,
                h,
            },
            None,
            Some(solid(GRID, 0.6)),
        );
        let date = r.date.revision_label();
        cx.begin(Role::TR);
        cx.begin(Role::cell(1));
        cx.text_centered(&date, Face::Regular, 10.0, x + c1 / 2.0, y + 15.5, INK);
        cx.end();
        cx.begin(Role::cell(1));
        let mut ty = y + 4.0;
        for l in &w.lines {
            cx.text(l, Face::Regular, 10.0, x + c1 + 10.0, ty + 11.5, INK, None);
            ty += 16.0;
        }
        cx.end();
        cx.end();
        y += h;
    }
    cx.close(table);
    let remarks = cx.rm.plan.remarks.clone();
    if !remarks.is_empty() {
        y += 22.0;
        cx.begin(Role::H { level: 2 });
        cx.text("《注記》", Face::Bold, 10.5, x, y + 10.0, NAVY, None);
        cx.end();
        y += 20.0;
        for r in &remarks {
            y = cx.prose(y, x, CONTENT_W - 40.0, r, Face::Regular, 10.5, "改定履歴");
        }
    }
    colophon(cx, y);
}

/// The back matter: title, document, period, issuer and contact lines in a framed block at
/// the foot of the last page.
fn colophon(cx: &mut Ctx, y_used: f32) {
    let plan = cx.rm.plan.clone();
    let mut lines: Vec<(String, Face, f32)> = vec![
        (plan.title.clone(), Face::Bold, 12.0),
        (plan.document.clone(), Face::Bold, 12.0),
        (cx.rm.plan.period.label(), Face::Regular, 10.5),
        (plan.issuer.clone(), Face::Regular, 10.5),
    ];
    for c in &plan.contact {
        lines.push((c.clone(), Face::Regular, 10.0));
    }
    lines.retain(|l| !l.0.is_empty());
    let w = 330.0;
    let h = lines.len() as f32 * 17.0 + 20.0;
    if y_used + 20.0 > BOTTOM - h {
        cx.new_page();
    }
    let x = MARGIN_X + CONTENT_W - w;
    let y = BOTTOM - h;
    cx.rect(Area { x, y, w, h }, Some(ITEM_BG), None);
    cx.rect(Area { x, y, w, h: 3.0 }, Some(NAVY), None);
    let mut ty = y + 14.0;
    for (text, face, size) in &lines {
        cx.begin(Role::P);
        cx.text(text, *face, *size, x + 16.0, ty + size * 0.9, INK, None);
        cx.end();
        ty += 17.0;
    }
}

/// 目次: the sections with their page numbers, each line a link to its page.
pub fn contents(cx: &mut Ctx) {
    cx.source = cx.rm.plan.source.clone();
    cx.bookmark("目次", 0);
    let mut y = cx.heading("目次");
    let s = cx.sections.clone();
    let mut entries: Vec<(String, usize, u32)> = vec![
        ("はじめに".into(), s.intro, 0),
        ("目指す姿及び取り組みの体系".into(), s.system, 0),
        ("ロードマップ".into(), s.roadmap, 0),
    ];
    for (i, p) in cx.rm.pillars.iter().enumerate() {
        let title = format!("{} {} {}", p.label, p.title, p.subtitle);
        entries.push((title, s.pillars.get(i).copied().unwrap_or(0), 1));
    }
    entries.push(("重要業績評価指標 (KPI)".into(), s.kpi, 0));
    if s.changes > 0 {
        entries.push((super::changes::TITLE.into(), s.changes, 0));
    }
    entries.push(("改定履歴".into(), s.history, 0));
    let x = 150.0;
    let right = PAGE_WIDTH - 150.0;
    y += 14.0;
    let list = cx.begin(Role::L);
    // The pillars are a list inside the ロードマップ entry's body.
    let mut body = list;
    let mut sublist: Option<usize> = None;
    for (title, page, level) in entries {
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
        cx.begin(Role::Link);
        let (face, size, indent, lh) = if level == 0 {
            (Face::Bold, 13.0, 0.0, 34.0)
        } else {
            (Face::Regular, 11.5, 26.0, 28.0)
        };
        let base = y + lh * 0.6;
        let tw = cx.text(&title, face, size, x + indent, base, INK, None);
        if page > 0 {
            let num = page.to_string();
            let nw = Face::Regular.width(&num, size);
            cx.text(&num, Face::Regular, size, right - nw, base, INK, None);
            let lead = Stroke {
                color: GRID,
                width: 1.0,
                dash: vec![1.0, 3.0],
            };
            cx.line(
                x + indent + tw + 8.0,
                base - 3.0,
                right - nw - 8.0,
                base - 3.0,
                lead,
            );
            cx.link(
                Area {
                    x,
                    y,
                    w: right - x,
                    h: lh,
                },
                page,
            );
        }
        cx.end();
        cx.end();
        cx.end();
        y += lh;
    }
    if let Some(l) = sublist {
        cx.close(l);
        cx.end();
    }
    cx.close(list);
}
