//! 変更点: the changes from the previous edition (`build --previous`), one row each,
//! filterable by kind, policy and department.

use rust_xlsxwriter::Worksheet;

use super::error::XlsxError;
use super::sheet::{cell_text, fit_table, header_row, page_setup, Styles};
use crate::model::Roadmap;
use crate::revision::diff::{Change, Changes, Kind, Scope, Side};

/// Sheet name.
pub const SHEET_CHANGES: &str = "変更点";

/// Last column of the table (担当課).
const LAST_COL: u16 = 10;

/// Shown when nothing changed.
const NOTHING: &str = "前回の版からの変更はありません";

/// Writes the sheet.
pub(crate) fn write(
    ws: &mut Worksheet,
    roadmap: &Roadmap,
    changes: &Changes,
    st: &Styles,
) -> Result<(), XlsxError> {
    let style = &roadmap.plan.style;
    let w = &style.words;
    let named = [
        format!("{}・{}", w.pillar, w.policy),
        format!("{}名", w.policy),
        format!("{}・指標", style.item_word()),
    ];
    let headers = [
        "No",
        "種類",
        &named[0],
        &named[1],
        &w.initiative,
        &named[2],
        "変更前",
        "変更前の期間",
        "変更後",
        "変更後の期間",
        &w.department,
    ];
    let mut columns = header_row(ws, &headers, st)?;
    let mut row = 1u32;
    for (i, c) in changes.changes.iter().enumerate() {
        let any = c.new.as_ref().or(c.old.as_ref());
        let field = |f: fn(&Side) -> &str| any.map(|s| f(s).to_string()).unwrap_or_default();
        let values = [
            (i + 1).to_string(),
            c.label().to_string(),
            c.group.clone(),
            c.group_title.clone(),
            field(|s| &s.initiative),
            field(|s| &s.item),
            c.old.as_ref().map(|s| text(c, s)).unwrap_or_default(),
            c.old.as_ref().map(|s| s.span.clone()).unwrap_or_default(),
            c.new.as_ref().map(|s| text(c, s)).unwrap_or_default(),
            c.new.as_ref().map(|s| s.span.clone()).unwrap_or_default(),
            field(|s| &s.department),
        ];
        for (col, v) in values.iter().enumerate() {
            let f = match col {
                0 => &st.number,
                7 | 9 => &st.text_top_center,
                _ => &st.text_top,
            };
            if col == 0 {
                ws.write_number_with_format(row, 0, (i + 1) as f64, f)?;
            } else {
                ws.write_string_with_format(row, col as u16, cell_text(v), f)?;
            }
        }
        for (col, v) in values.into_iter().enumerate() {
            columns[col].push(v);
        }
        row += 1;
    }
    if changes.changes.is_empty() {
        ws.write_string_with_format(row, 0, NOTHING, &st.text)?;
        row += 1;
    }
    let last_row = row - 1;
    let limits = [
        (5.0, 6.0),
        (10.0, 22.0),
        (8.0, 10.0),
        (14.0, 30.0),
        (16.0, 36.0),
        (16.0, 30.0),
        (18.0, 44.0),
        (10.0, 16.0),
        (18.0, 44.0),
        (10.0, 16.0),
        (8.0, 14.0),
    ];
    fit_table(ws, &columns, &limits)?;
    ws.autofilter(0, 0, last_row, LAST_COL)?;
    ws.set_freeze_panes(1, 0)?;
    page_setup(ws, roadmap, Some((0, 0)))?;
    Ok(())
}

/// The 変更前/変更後 text: the step or line as written, the item for an item's rewording,
/// the place too for a move, the value for a KPI.
fn text(c: &Change, s: &Side) -> String {
    match (c.kind, c.scope) {
        (_, Scope::Kpi) => s.text.clone(),
        (_, Scope::Initiative) => s.initiative.clone(),
        (Kind::Reworded, Scope::Item) => s.item.clone(),
        (Kind::Moved, Scope::Item) => format!("{} {} ＞ {}", s.place, s.initiative, s.item),
        (Kind::Moved, _) => format!("{} {} ＞ {}", s.place, s.item, s.text),
        _ => s.text.clone(),
    }
}
