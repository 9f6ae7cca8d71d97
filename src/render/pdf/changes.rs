//! 「今回の改定における主な変更点」: the changes from the previous edition, policy by
//! policy, as a table (種類, 対象, 変更前, 変更後), before the 改定履歴.

use crate::revision::diff::{Change, Changes};
use crate::revision::report;

use super::ctx::*;

/// The section title, also in the outline and the 目次.
pub const TITLE: &str = "今回の改定における主な変更点";

const SIZE: f32 = 9.0;
const LINE_H: f32 = 13.0;
const PAD: f32 = 5.0;
/// Column widths: 種類, 対象, then 変更前 and 変更後 share the rest.
const KIND_W: f32 = 96.0;
const SUBJECT_W: f32 = 190.0;

fn columns() -> [(f32, f32); 4] {
    let rest = (CONTENT_W - KIND_W - SUBJECT_W) / 2.0;
    let x0 = MARGIN_X;
    [
        (x0, KIND_W),
        (x0 + KIND_W, SUBJECT_W),
        (x0 + KIND_W + SUBJECT_W, rest),
        (x0 + KIND_W + SUBJECT_W + rest, rest),
    ]
}

/// Lays out the section on new pages.
pub fn changes(cx: &mut Ctx, changes: &Changes) {
    cx.sections.changes = cx.new_page();
    cx.source = cx.rm.plan.source.clone();
    cx.bookmark(TITLE, 0);
    let mut y = cx.heading(TITLE);
    let intro = if changes.changes.is_empty() {
        "前回の版からの変更はありません。".to_string()
    } else {
        format!("前回の版からの{}", report::summary_line(changes))
    };
    cx.begin(Role::P);
    cx.text(&intro, Face::Regular, 10.0, MARGIN_X, y + 10.0, INK, None);
    cx.end();
    y += 24.0;
    let mut group: Option<&str> = None;
    // Each policy: a heading and a table, which may run over pages.
    let mut table: Option<usize> = None;
    for c in &changes.changes {
        let (wrapped, dept, h) = measure(cx, c);
        let new_group = group != Some(c.group.as_str());
        let need = h + if new_group { 24.0 + 20.0 } else { 0.0 };
        if y + need > BOTTOM {
            cx.new_page();
            y = cx.heading(&continued_title(TITLE));
            if !new_group {
                cx.artifact();
                y = band(cx, y, &c.group, &c.group_title, true);
                y = header(cx, y);
                cx.end();
            }
        }
        if new_group {
            group = Some(c.group.as_str());
            if let Some(t) = table.take() {
                cx.close(t);
            }
            cx.begin(Role::H { level: 2 });
            y = band(cx, y, &c.group, &c.group_title, false);
            cx.end();
            table = Some(cx.begin(Role::Table));
            cx.begin(Role::TR);
            y = header(cx, y);
            cx.end();
        }
        row(cx, y, h, &wrapped, &dept);
        y += h;
    }
    if let Some(t) = table {
        cx.close(t);
    }
}

/// One change's cells wrapped to their columns, its department, and its row's height.
fn measure(cx: &Ctx, c: &Change) -> (Vec<Vec<String>>, String, f32) {
    let cells = [
        c.label().to_string(),
        report::subject(c),
        c.old
            .as_ref()
            .map(|s| report::cell(c, s))
            .unwrap_or_default(),
        c.new
            .as_ref()
            .map(|s| report::cell(c, s))
            .unwrap_or_default(),
    ];
    let dept = c
        .new
        .as_ref()
        .or(c.old.as_ref())
        .map(|s| s.department.clone())
        .unwrap_or_default();
    let wrapped: Vec<Vec<String>> = cells
        .iter()
        .zip(columns())
        .map(|(t, (_, w))| cx.wrap(t, Face::Regular, SIZE, w - 2.0 * PAD).lines)
        .collect();
    let kind_lines = wrapped.first().map_or(0, Vec::len) + usize::from(!dept.is_empty());
    let lines = wrapped
        .iter()
        .skip(1)
        .map(Vec::len)
        .fold(kind_lines, usize::max)
        .max(1);
    (wrapped, dept, lines as f32 * LINE_H + 2.0 * PAD)
}

/// One change's table row at `y`, `h` high; the kind's cell names the department under it.
fn row(cx: &mut Ctx, y: f32, h: f32, wrapped: &[Vec<String>], dept: &str) {
    cx.begin(Role::TR);
    for (k, ((x, w), lines)) in columns().into_iter().zip(wrapped).enumerate() {
        let area = Area { x, y, w, h };
        cx.rect(area, None, Some(solid(GRID, 0.6)));
        let face = if k == 0 { Face::Bold } else { Face::Regular };
        cx.begin(Role::cell(1));
        let mut ty = y + PAD;
        for l in lines {
            cx.text(l, face, SIZE, x + PAD, ty + SIZE, INK, Some(area));
            ty += LINE_H;
        }
        if k == 0 && !dept.is_empty() {
            let d = format!("（{dept}）");
            let max = w - 2.0 * PAD;
            if Face::Regular.width(&d, SIZE - 1.0) <= max {
                cx.text(
                    &d,
                    Face::Regular,
                    SIZE - 1.0,
                    x + PAD,
                    ty + SIZE,
                    MUTED,
                    Some(area),
                );
            }
        }
        cx.end();
    }
    cx.end();
}

/// The policy band: `(1)① 行政手続きのオンライン化の推進`.
fn band(cx: &mut Ctx, y: f32, group: &str, title: &str, continued: bool) -> f32 {
    let name = if group == crate::revision::diff::KPI_GROUP {
        title.to_string()
    } else {
        format!("{group} {title}")
    };
    let text = if continued {
        continued_title(&name)
    } else {
        name
    };
    let y = y + 4.0;
    cx.rect(
        Area {
            x: MARGIN_X,
            y,
            w: CONTENT_W,
            h: 20.0,
        },
        Some(HEADER_BG),
        None,
    );
    cx.rect(
        Area {
            x: MARGIN_X,
            y,
            w: 4.0,
            h: 20.0,
        },
        Some(NAVY),
        None,
    );
    cx.text(
        &text,
        Face::Bold,
        10.5,
        MARGIN_X + 12.0,
        y + 14.0,
        NAVY,
        None,
    );
    y + 20.0
}

/// The table's header row.
fn header(cx: &mut Ctx, y: f32) -> f32 {
    let h = 18.0;
    for ((x, w), t) in columns()
        .into_iter()
        .zip(["種類", "対象", "変更前", "変更後"])
    {
        cx.rect(Area { x, y, w, h }, Some(ITEM_BG), Some(solid(GRID, 0.6)));
        cx.begin(Role::column_header());
        cx.text_centered(t, Face::Bold, SIZE, x + w / 2.0, y + 12.5, NAVY);
        cx.end();
    }
    y + h
}
