//! 進捗状況: one row per 取り組み項目 with its progress in the 評価年度 (written only when a
//! submission carries progress), and the status counts per policy and per department that
//! 集計 shows as COUNTIFS over it.

use rust_xlsxwriter::{Format, Formula, Worksheet};

use super::error::XlsxError;
use super::sheet::{
    cell, cell_text, col_name, fit_table, header_row, page_setup, pillar_name, quote, row_height,
    wrapped_lines, Styles,
};
use crate::model::{Item, Roadmap, Status};
use crate::render::status::{hex, tint};

/// Sheet name (formulas on 集計 refer to it).
pub const SHEET_PROGRESS: &str = "進捗状況";

// Columns 集計 counts by, and the last one; [`HEADERS`] names them all in order.
const C_PILLAR: u16 = 0;
const C_POLICY: u16 = 1;
const C_DEPARTMENT: u16 = 4;
const C_STATUS: u16 = 6;
const C_SOURCE: u16 = 10;

const HEADERS: [&str; 11] = [
    "柱",
    "施策",
    "具体的な取り組み",
    "取り組み項目",
    "担当課",
    "評価年度",
    "進捗",
    "記入どおり",
    "実績",
    "課題",
    "入力セル",
];
/// (min, max) width of each column.
const LIMITS: [(f64, f64); 11] = [
    (10.0, 24.0),
    (12.0, 30.0),
    (16.0, 36.0),
    (16.0, 34.0),
    (8.0, 16.0),
    (10.0, 16.0),
    (6.0, 8.0),
    (6.0, 12.0),
    (16.0, 40.0),
    (16.0, 40.0),
    (12.0, 30.0),
];

/// First column of the counts on 集計 (after the two label columns it shares with the
/// sections above).
const C_COUNTS: u16 = 2;
/// Widths of 集計's two label columns (set by its sections above).
use super::sheet::{SUMMARY_W_LABEL as W_KEY, SUMMARY_W_SUB as W_KEY2};

/// One row of the sheet, kept for the counts of 集計.
pub(crate) struct ProgressRow {
    pub pillar: String,
    pub policy: String,
    pub department: String,
    pub status: Option<Status>,
}

/// Where the rows went, for 集計's formulas.
pub(crate) struct ProgressLayout {
    pub rows: Vec<ProgressRow>,
}

impl ProgressLayout {
    /// `'進捗状況'!$G$2:$G$120`
    fn range(&self, col: u16) -> String {
        let c = col_name(col);
        let last = self.rows.len().max(1) + 1;
        format!("{}!${c}$2:${c}${last}", quote(SHEET_PROGRESS))
    }
}

/// Whether the workbook gets the sheet: some submission carries progress.
pub(crate) fn wanted(roadmap: &Roadmap) -> bool {
    crate::progress::any(roadmap)
}

/// Writes 進捗状況: the items in document order, re-listings left out (they are their
/// original's), the status as text on its colour.
pub(crate) fn write(
    ws: &mut Worksheet,
    roadmap: &Roadmap,
    st: &Styles,
) -> Result<ProgressLayout, XlsxError> {
    // The hierarchy's and department's headers in the plan's words.
    let style = &roadmap.plan.style;
    let words = &style.words;
    let mut headers = HEADERS;
    headers[..5].copy_from_slice(&[
        words.pillar.as_str(),
        words.policy.as_str(),
        words.initiative.as_str(),
        style.item_word(),
        words.department.as_str(),
    ]);
    let mut columns = header_row(ws, &headers, st)?;
    let fallback = roadmap.plan.review_year;
    let mut rows = Vec::new();
    let mut r = 1u32;
    for (path, item) in roadmap.items() {
        if crate::progress::is_relisting(item) {
            continue;
        }
        let (Some(pillar), Some(policy), Some(initiative)) = (
            roadmap.pillars.get(path.pillar),
            roadmap
                .pillars
                .get(path.pillar)
                .and_then(|p| p.policies.get(path.policy)),
            roadmap
                .pillars
                .get(path.pillar)
                .and_then(|p| p.policies.get(path.policy))
                .and_then(|q| q.initiatives.get(path.initiative)),
        ) else {
            continue;
        };
        let policy_name = style.titled(&policy.label, &policy.title);
        let texts = row_texts(
            item,
            [
                pillar_name(&pillar.label, &pillar.title),
                policy_name.clone(),
                initiative.text.clone(),
            ],
            fallback,
            roadmap.plan.period.years,
        );
        let status = item.progress.as_ref().and_then(|p| p.status);
        for (c, t) in texts.iter().enumerate() {
            let format = match (c as u16, status) {
                (C_STATUS, Some(s)) => status_format(st, s),
                _ => st.text_top.clone(),
            };
            ws.write_string_with_format(r, c as u16, cell_text(t), &format)?;
            if let Some(col) = columns.get_mut(c) {
                col.push(t.clone());
            }
        }
        rows.push(ProgressRow {
            pillar: pillar_name(&pillar.label, &pillar.title),
            policy: policy_name,
            department: item.department.clone(),
            status,
        });
        r += 1;
    }
    fit_table(ws, &columns, &LIMITS)?;
    let last = r.max(2) - 1;
    ws.autofilter(0, 0, last, C_SOURCE)?;
    ws.set_freeze_panes(1, 0)?;
    ws.set_row_height(0, 30)?;
    page_setup(ws, roadmap, Some((0, 0)))?;
    Ok(ProgressLayout { rows })
}

/// The texts of an item's row.
fn row_texts(
    item: &Item,
    above: [String; 3],
    fallback: Option<i32>,
    years: crate::fiscal::YearNotation,
) -> Vec<String> {
    let p = item.progress.as_ref();
    let year = p.and_then(|p| p.year).or(fallback);
    let source = p.map(|p| &p.source).unwrap_or(&item.source);
    let [pillar, policy, initiative] = above;
    vec![
        pillar,
        policy,
        initiative,
        item.text.clone(),
        item.department.clone(),
        year.map(|y| years.long(y)).unwrap_or_default(),
        p.and_then(|p| p.status)
            .map(|s| s.label().to_string())
            .unwrap_or_default(),
        p.map(|p| p.written.clone()).unwrap_or_default(),
        p.map(|p| p.result.clone()).unwrap_or_default(),
        p.map(|p| p.issue.clone()).unwrap_or_default(),
        format!("{} {}!{}", source.file, source.sheet, source.cell),
    ]
}

fn status_format(st: &Styles, s: Status) -> Format {
    st.text_top_center
        .clone()
        .set_background_color(hex(tint(s)).as_str())
        .set_bold()
}

/// 集計's section 進捗: items per status for each policy and each department, as COUNTIFS
/// over 進捗状況 with their computed values; 未報告 counts the blank statuses. Returns the
/// next free row.
pub(crate) fn counts(
    ws: &mut Worksheet,
    roadmap: &Roadmap,
    layout: &ProgressLayout,
    st: &Styles,
    row: u32,
) -> Result<u32, XlsxError> {
    let year = roadmap
        .plan
        .review_year
        .map(|y| format!("（{}）", roadmap.plan.period.years.long(y)))
        .unwrap_or_default();
    let mut policies: Vec<[String; 2]> = Vec::new();
    let mut departments: Vec<[String; 2]> = Vec::new();
    for r in &layout.rows {
        let policy = [r.pillar.clone(), r.policy.clone()];
        if !policies.contains(&policy) {
            policies.push(policy);
        }
        let department = [r.department.clone(), String::new()];
        if !departments.contains(&department) {
            departments.push(department);
        }
    }
    let words = &roadmap.plan.style.words;
    let row = section(
        ws,
        st,
        layout,
        row,
        (
            &format!("{}別の進捗{year}", words.policy),
            [&words.pillar, &words.policy],
        ),
        &policies,
        &|r: &ProgressRow| [r.pillar.clone(), r.policy.clone()],
    )?;
    section(
        ws,
        st,
        layout,
        row,
        (
            &format!("{}別の進捗{year}", words.department),
            [&words.department, ""],
        ),
        &departments,
        &|r: &ProgressRow| [r.department.clone(), String::new()],
    )
}

/// One table of counts: a row per key (one or two labels), a column per status, 未報告 and
/// 合計.
fn section(
    ws: &mut Worksheet,
    st: &Styles,
    layout: &ProgressLayout,
    mut row: u32,
    (title, labels): (&str, [&str; 2]),
    keys: &[[String; 2]],
    key_of: &dyn Fn(&ProgressRow) -> [String; 2],
) -> Result<u32, XlsxError> {
    ws.write_string_with_format(row, 0, title, &st.title.clone().set_font_size(12))?;
    row += 1;
    for (c, l) in labels.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, *l, &st.header)?;
    }
    let statuses: Vec<Option<Status>> =
        Status::ALL.iter().map(|s| Some(*s)).chain([None]).collect();
    for (k, s) in statuses.iter().enumerate() {
        let h = s.map_or("未報告", |s| s.label());
        ws.write_string_with_format(row, C_COUNTS + k as u16, h, &st.header)?;
    }
    let c_total = C_COUNTS + statuses.len() as u16;
    ws.write_string_with_format(row, c_total, "合計", &st.header)?;
    row += 1;
    // (key column of 集計, key column of 進捗状況) for each label that is not empty.
    let key_cols = [(0u16, C_PILLAR), (1u16, C_POLICY)];
    for key in keys {
        let by_department = labels[1].is_empty();
        let mut criteria = Vec::new();
        for (k, label) in key.iter().enumerate() {
            ws.write_string_with_format(row, k as u16, cell_text(label), &st.text)?;
            if label.is_empty() && !(by_department && k == 0) {
                continue;
            }
            let (own, theirs) = key_cols[k];
            let theirs = if by_department { C_DEPARTMENT } else { theirs };
            criteria.push(format!(
                "{},${}{}",
                layout.range(theirs),
                col_name(own),
                row + 1
            ));
        }
        let lines = wrapped_lines(&key[0], W_KEY).max(wrapped_lines(&key[1], W_KEY2));
        ws.set_row_height(row, row_height(lines))?;
        let mine: Vec<&ProgressRow> = layout.rows.iter().filter(|r| key_of(r) == *key).collect();
        for (k, s) in statuses.iter().enumerate() {
            let criterion = s.map_or("\"\"".to_string(), |s| format!("\"{}\"", s.label()));
            let n = mine.iter().filter(|r| r.status == *s).count();
            let f = Formula::new(format!(
                "COUNTIFS({},{},{criterion})",
                criteria.join(","),
                layout.range(C_STATUS),
            ))
            .set_result(n.to_string());
            ws.write_formula_with_format(row, C_COUNTS + k as u16, f, &st.number)?;
        }
        let sum = format!("SUM({}:{})", cell(row, C_COUNTS), cell(row, c_total - 1));
        let f = Formula::new(sum).set_result(mine.len().to_string());
        ws.write_formula_with_format(row, c_total, f, &st.total_number)?;
        row += 1;
    }
    Ok(row + 1)
}
