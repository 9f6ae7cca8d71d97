//! 集計: counts per pillar, per policy and per department. Step counts are COUNTIFS over
//! 工程一覧 (so they follow edits and can be checked by a reader); counts of the tree above
//! the steps (policies, initiatives, items) are plain numbers. Totals are SUM formulas.

use rust_xlsxwriter::{Formula, Worksheet};

use super::error::XlsxError;
use super::sheet::{
    cell, cell_text, col_name, num_result, page_setup, pillar_name, row_height, wrapped_lines,
    Styles,
};
use super::sheet::{SUMMARY_W_LABEL as W_LABEL, SUMMARY_W_SUB as W_SUB};
use super::steps::{StepLayout, StepRow, C_PILLAR, C_POLICY, C_START, RELISTED_MARK};
use crate::model::{PlanStyle, Roadmap};

const C_LABEL: u16 = 0;
const C_SUB: u16 = 1;
const C_POLICIES: u16 = 2;
const C_INITIATIVES: u16 = 3;
const C_ITEMS: u16 = 4;
const C_STEPS: u16 = 5;
const C_RELISTED: u16 = 6;
/// First column of the steps starting in each fiscal year.
const C_YEARS: u16 = 7;

/// Width of a count column (施策数 … うち再掲), and of a year's 開始 column.
const W_COUNT: f64 = 10.0;
const W_YEAR: f64 = 7.0;

/// Height of a section's header row, in points.
const HEADER_H: f64 = 30.0;
/// Height of a section's title row, in points.
const TITLE_H: f64 = 18.0;
/// Room for a block's rows on a printed page at full size, in points: A4 landscape (595 pt)
/// less its margins (0.6 in each) and the sheet's title and note repeated on every page. A
/// block longer than this (grown by the sheet's shrinking to the page's width,
/// [`page_rows_room`]) goes on with its header row repeated on the next page.
const PAGE_ROOM: f64 = 420.0;

/// The room for a block's rows on a printed page of a sheet whose columns are `widths` wide
/// (column-width units): [`PAGE_ROOM`] grown as the sheet shrinks to A4 landscape's 784 pt
/// between the margins, at the 5.74 pt and 0.71 units of padding LibreOffice prints a unit
/// with (see [`super::sheet::print_budget`]); Excel prints a unit narrower, so shrinks less, and the
/// room is then only smaller than the page holds.
fn page_rows_room(widths: &[f64]) -> f64 {
    let printed: f64 = widths.iter().map(|w| (w + 0.71) * 5.74).sum();
    PAGE_ROOM * (printed / 784.0).max(1.0)
}

/// Department label of steps with none.
const NO_DEPARTMENT: &str = "（担当課未記入）";

/// One row of a section: labels, tree counts (None = not applicable), the COUNTIFS criteria
/// that pick its steps, and the key its steps have under the section's grouping (the
/// Rust-side twin of the criteria, for the cached results).
struct Row {
    label: String,
    sub: String,
    tree: [Option<usize>; 3],
    /// (column of 工程一覧, criterion cell or literal)
    criteria: Vec<(u16, String)>,
    key: String,
}

/// A section's grouping of step rows: steps are grouped once per section rather than
/// scanned once per row, which was quadratic with thousands of departments.
type KeyOf<'a> = &'a dyn Fn(&StepRow) -> String;

/// What every section is written with: the styles, the 工程一覧 layout its formulas count,
/// and the fiscal year labels of its 開始 columns.
struct SummarySheet<'a> {
    st: &'a Styles,
    steps: &'a StepLayout,
    years: &'a [String],
    /// Room for a block's rows on a printed page ([`page_rows_room`]).
    room: f64,
    /// The plan's words for the headers.
    style: &'a PlanStyle,
}

pub(crate) fn write(
    ws: &mut Worksheet,
    roadmap: &Roadmap,
    steps: &StepLayout,
    progress: Option<&super::progress::ProgressLayout>,
    st: &Styles,
) -> Result<(), XlsxError> {
    let columns = roadmap.plan.period.columns().min(40) as u16;
    let year_labels: Vec<String> = (0..columns)
        .map(|k| roadmap.plan.period.column_short(u32::from(k)))
        .collect();
    let widths: Vec<f64> = [W_LABEL, W_SUB]
        .into_iter()
        .chain((C_POLICIES..=C_RELISTED).map(|_| W_COUNT))
        .chain((0..columns).map(|_| W_YEAR))
        .collect();
    let sheet = SummarySheet {
        st,
        steps,
        years: &year_labels,
        room: page_rows_room(&widths),
        style: &roadmap.plan.style,
    };
    let words = &roadmap.plan.style.words;
    let by_policy = format!("{}別", words.policy);
    let by_department = format!("{}別", words.department);
    ws.write_string_with_format(0, 0, format!("{} 集計", roadmap.plan.title), &st.title)?;
    ws.write_string_with_format(
        1,
        0,
        "工程数・再掲数・開始年度別の数は「工程一覧」を数える式（COUNTIFS）です。",
        &st.note,
    )?;

    let mut row = 3u32;
    // Each block starts a page, so every printed page opens with its block's header row.
    let mut breaks = Vec::new();

    let by_pillar = |s: &StepRow| s.pillar.clone();
    row = section(
        ws,
        &sheet,
        (row, &mut breaks),
        (&format!("{}別", words.pillar), &by_pillar),
        (&words.pillar, ""),
        pillar_rows(roadmap),
    )?;

    breaks.push(row);
    row = section(
        ws,
        &sheet,
        (row, &mut breaks),
        (&by_policy, &|s: &StepRow| {
            format!("{}\u{1}{}", s.pillar, s.policy)
        }),
        (&words.pillar, &words.policy),
        policy_rows(roadmap),
    )?;

    // 担当課別, in order of first appearance (steps first, then items without steps).
    breaks.push(row);
    let rows = department_rows(roadmap, steps);
    let row = section(
        ws,
        &sheet,
        (row, &mut breaks),
        (&by_department, &|s: &StepRow| s.department.clone()),
        (&words.department, ""),
        rows,
    )?;
    if let Some(progress) = progress {
        // The progress counts start on a page of their own.
        breaks.push(row);
        super::progress::counts(ws, roadmap, progress, st, row)?;
    }

    ws.set_column_width(C_LABEL, W_LABEL)?;
    ws.set_column_width(C_SUB, W_SUB)?;
    for c in C_POLICIES..=C_RELISTED {
        ws.set_column_width(c, W_COUNT)?;
    }
    for k in 0..columns {
        ws.set_column_width(C_YEARS + k, W_YEAR)?;
    }
    // Its blocks have headers of their own and each starts a page: the sheet's title and
    // note are what every page and the scrolled view keep.
    page_setup(ws, roadmap, Some((0, 1)))?;
    ws.set_freeze_panes(2, 0)?;
    ws.set_page_breaks(&breaks)?;
    Ok(())
}

/// The 柱別 rows: each pillar with its policies, initiatives and items.
fn pillar_rows(roadmap: &Roadmap) -> Vec<Row> {
    let mut rows = Vec::new();
    for p in &roadmap.pillars {
        let name = pillar_name(&p.label, &p.title);
        let initiatives = p.policies.iter().map(|q| q.initiatives.len()).sum();
        let items = p
            .policies
            .iter()
            .flat_map(|q| &q.initiatives)
            .map(|i| i.items.len())
            .sum();
        rows.push(Row {
            key: name.clone(),
            label: name,
            sub: String::new(),
            tree: [Some(p.policies.len()), Some(initiatives), Some(items)],
            criteria: vec![(C_PILLAR, format!("${}{{row}}", col_name(C_LABEL)))],
        });
    }
    rows
}

/// The 施策別 rows: each policy under its pillar, with its initiatives and items.
fn policy_rows(roadmap: &Roadmap) -> Vec<Row> {
    let mut rows = Vec::new();
    for p in &roadmap.pillars {
        let pillar = pillar_name(&p.label, &p.title);
        for q in &p.policies {
            let policy = roadmap.plan.style.titled(&q.label, &q.title);
            let items = q.initiatives.iter().map(|i| i.items.len()).sum();
            rows.push(Row {
                key: format!("{pillar}\u{1}{policy}"),
                label: pillar.clone(),
                sub: policy,
                // Every block counts all three levels: a policy row is one policy.
                tree: [Some(1), Some(q.initiatives.len()), Some(items)],
                criteria: vec![
                    (C_PILLAR, format!("${}{{row}}", col_name(C_LABEL))),
                    (C_POLICY, format!("${}{{row}}", col_name(C_SUB))),
                ],
            });
        }
    }
    rows
}

/// The 担当課別 rows: each department's policies, initiatives and items (those holding one
/// of its items), in order of first appearance (steps first, then items without steps).
fn department_rows(roadmap: &Roadmap, steps: &StepLayout) -> Vec<Row> {
    use std::collections::{HashMap, HashSet};
    let mut departments: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    for s in &steps.rows {
        if seen.insert(s.department.clone()) {
            departments.push(s.department.clone());
        }
    }
    // Per department: (pillar, policy) pairs, (pillar, policy, initiative) triples, items.
    type Tree = (
        HashSet<(usize, usize)>,
        HashSet<(usize, usize, usize)>,
        usize,
    );
    let mut tree_of: HashMap<&str, Tree> = HashMap::new();
    for (a, p) in roadmap.pillars.iter().enumerate() {
        for (b, q) in p.policies.iter().enumerate() {
            for (c, i) in q.initiatives.iter().enumerate() {
                for item in &i.items {
                    if seen.insert(item.department.clone()) {
                        departments.push(item.department.clone());
                    }
                    let t = tree_of.entry(item.department.as_str()).or_default();
                    t.0.insert((a, b));
                    t.1.insert((a, b, c));
                    t.2 += 1;
                }
            }
        }
    }
    let mut rows = Vec::new();
    for d in departments {
        let (policies, initiatives, items) = tree_of
            .get(d.as_str())
            .map_or((0, 0, 0), |t| (t.0.len(), t.1.len(), t.2));
        let (label, criterion) = if d.is_empty() {
            // COUNTIFS(range,"") counts the blank cells.
            (NO_DEPARTMENT.to_string(), "\"\"".to_string())
        } else {
            (d.clone(), format!("${}{{row}}", col_name(C_LABEL)))
        };
        rows.push(Row {
            label,
            sub: String::new(),
            tree: [Some(policies), Some(initiatives), Some(items)],
            criteria: vec![(steps.c_department, criterion)],
            key: d,
        });
    }
    rows
}

/// Writes one section (title, header, rows, 合計) from `row` and returns the next free row;
/// a section longer than a printed page goes on on the next (a break added to `breaks`)
/// under its header row again, so every printed page of it is headed.
fn section(
    ws: &mut Worksheet,
    sheet: &SummarySheet<'_>,
    (mut row, breaks): (u32, &mut Vec<u32>),
    (title, key_of): (&str, KeyOf<'_>),
    labels: (&str, &str),
    rows: Vec<Row>,
) -> Result<u32, XlsxError> {
    let st = sheet.st;
    let mut groups: std::collections::HashMap<String, Vec<&StepRow>> =
        std::collections::HashMap::new();
    for s in &sheet.steps.rows {
        groups.entry(key_of(s)).or_default().push(s);
    }
    let c_last = C_YEARS + sheet.years.len() as u16 - 1;
    ws.write_string_with_format(row, 0, title, &st.title.clone().set_font_size(12))?;
    row += 1;
    section_header(ws, sheet, row, labels)?;
    row += 1;

    let first = row;
    let mut totals = vec![0.0f64; usize::from(c_last) + 1];
    let mut used = TITLE_H + HEADER_H;
    for r in &rows {
        let lines = wrapped_lines(&r.label, W_LABEL).max(wrapped_lines(&r.sub, W_SUB));
        let h = row_height(lines);
        if used + h > sheet.room {
            // The 合計's SUM runs over the repeated header too: SUM skips its text.
            breaks.push(row);
            section_header(ws, sheet, row, labels)?;
            row += 1;
            used = HEADER_H;
        }
        used += h;
        ws.write_string_with_format(row, C_LABEL, cell_text(&r.label), &st.text)?;
        ws.write_string_with_format(row, C_SUB, cell_text(&r.sub), &st.text)?;
        ws.set_row_height(row, h)?;
        for (k, n) in r.tree.iter().enumerate() {
            let c = C_POLICIES + k as u16;
            match n {
                Some(n) => {
                    ws.write_number_with_format(row, c, *n as f64, &st.number)?;
                    totals[usize::from(c)] += *n as f64;
                }
                None => {
                    ws.write_blank(row, c, &st.number)?;
                }
            }
        }
        let members = groups.get(&r.key).map(Vec::as_slice).unwrap_or_default();
        step_counts(ws, sheet, row, r, members, &mut totals)?;
        row += 1;
    }
    section_total(ws, st, (first, row), c_last, &rows, &totals)?;
    Ok(row + 2)
}

/// A section's header row: its two label columns, the tree counts, the step counts and one
/// 開始 column per fiscal year.
fn section_header(
    ws: &mut Worksheet,
    sheet: &SummarySheet<'_>,
    header_row: u32,
    labels: (&str, &str),
) -> Result<(), XlsxError> {
    let mut headers: Vec<(u16, String)> = vec![
        (C_LABEL, labels.0.into()),
        (C_SUB, labels.1.into()),
        (C_POLICIES, format!("{}数", sheet.style.words.policy)),
        (C_INITIATIVES, format!("{}数", sheet.style.words.initiative)),
        // Without the 取り組み項目 level an item is a line: 工程行数 beside 工程数.
        (
            C_ITEMS,
            match sheet.style.items {
                true => format!("{}数", sheet.style.words.item),
                false => format!("{}行数", sheet.style.words.step),
            },
        ),
        (C_STEPS, format!("{}数", sheet.style.words.step)),
        (C_RELISTED, "うち再掲".into()),
    ];
    for (k, y) in sheet.years.iter().enumerate() {
        headers.push((C_YEARS + k as u16, format!("{y}開始")));
    }
    for (c, h) in &headers {
        ws.write_string_with_format(header_row, *c, h, &sheet.st.header)?;
    }
    ws.set_row_height(header_row, 30)?;
    Ok(())
}

/// A row's step counts: all its steps, the relisted ones, and those starting in each fiscal
/// year, as COUNTIFS over 工程一覧 with the count of `members` (the row's steps) cached as
/// the result; each count is added to `totals`.
fn step_counts(
    ws: &mut Worksheet,
    sheet: &SummarySheet<'_>,
    row: u32,
    r: &Row,
    members: &[&StepRow],
    totals: &mut [f64],
) -> Result<(), XlsxError> {
    let steps = sheet.steps;
    let base: Vec<String> = r
        .criteria
        .iter()
        .map(|(col, crit)| {
            format!(
                "{},{}",
                steps.range(*col),
                crit.replace("{row}", &(row + 1).to_string())
            )
        })
        .collect();
    let matches = |extra: &dyn Fn(&StepRow) -> bool| members.iter().filter(|s| extra(s)).count();
    let mut put =
        |ws: &mut Worksheet, c: u16, extra: Option<String>, n: usize| -> Result<(), XlsxError> {
            let mut args = base.clone();
            args.extend(extra);
            let f = Formula::new(format!("COUNTIFS({})", args.join(","))).set_result(n.to_string());
            ws.write_formula_with_format(row, c, f, &sheet.st.number)?;
            totals[usize::from(c)] += n as f64;
            Ok(())
        };
    put(ws, C_STEPS, None, matches(&|_| true))?;
    put(
        ws,
        C_RELISTED,
        Some(format!(
            "{},\"{RELISTED_MARK}\"",
            steps.range(steps.c_relisted)
        )),
        matches(&|s| s.relisted),
    )?;
    for (k, y) in sheet.years.iter().enumerate() {
        let c = C_YEARS + k as u16;
        // The label itself, not the header cell: the header reads "R7開始".
        let label = format!("\"{}\"", y.replace('"', "\"\""));
        put(
            ws,
            c,
            Some(format!("{},{label}", steps.range(C_START))),
            matches(&|s| &s.start == y),
        )?;
    }
    Ok(())
}

/// The 合計 row at `row` under the section's rows from `first`: SUM formulas with the totals
/// cached as their results.
fn section_total(
    ws: &mut Worksheet,
    st: &Styles,
    (first, row): (u32, u32),
    c_last: u16,
    rows: &[Row],
    totals: &[f64],
) -> Result<(), XlsxError> {
    ws.write_string_with_format(row, C_LABEL, "合計", &st.total_label)?;
    ws.write_blank(row, C_SUB, &st.total_label)?;
    for c in C_POLICIES..=c_last {
        // Columns that are blank in every row stay blank in the total too.
        let applicable = c >= C_STEPS
            || rows
                .iter()
                .any(|r| r.tree[usize::from(c - C_POLICIES)].is_some());
        if !applicable {
            ws.write_blank(row, c, &st.total_label)?;
            continue;
        }
        if rows.is_empty() {
            // Nothing to add up (and a SUM over the total's own row would be circular).
            ws.write_number_with_format(row, c, 0.0, &st.total_number)?;
            continue;
        }
        let range = format!("{}:{}", cell(first, c), cell(row - 1, c));
        let f =
            Formula::new(format!("SUM({range})")).set_result(num_result(totals[usize::from(c)]));
        ws.write_formula_with_format(row, c, f, &st.total_number)?;
    }
    Ok(())
}
