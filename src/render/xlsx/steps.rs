//! 工程一覧: every step of the roadmap in document order, one row each, with a text Gantt
//! (■ in each fiscal-year column the step spans) and where it came from.

use rust_xlsxwriter::Worksheet;

use super::error::XlsxError;
use super::sheet::{
    cell_text, col_name, page_setup, pillar_name, quote, row_height, text_width, width_for,
    wrapped_lines, Styles, SHEET_STEPS,
};
use crate::model::{Item, Line, Path, Policy, Relisting, Roadmap, Step, YearRef};

pub(crate) const C_PILLAR: u16 = 0;
pub(crate) const C_POLICY: u16 = 1;
const C_INITIATIVE: u16 = 2;
const C_ITEM: u16 = 3;
const C_STEP: u16 = 4;
const C_NOTES: u16 = 5;
pub(crate) const C_START: u16 = 6;
const C_END: u16 = 7;
/// First Gantt column (～R6).
const C_GANTT: u16 = 8;

/// What 集計 needs to count over the table.
pub(crate) struct StepLayout {
    /// Rows of steps (the table has its header on row 0).
    pub count: u32,
    pub c_department: u16,
    pub c_relisted: u16,
    pub c_last: u16,
    /// One row per step, as counted by 集計's formulas.
    pub rows: Vec<StepRow>,
}

/// The values of one row that 集計 counts by.
pub(crate) struct StepRow {
    pub pillar: String,
    pub policy: String,
    pub start: String,
    pub department: String,
    pub relisted: bool,
}

/// Mark shown on the 再掲 column of a re-listed step.
pub(crate) const RELISTED_MARK: &str = "○";

impl StepLayout {
    /// The 1-based last row of the table (at least 2, so ranges stay valid when empty).
    pub fn last_excel_row(&self) -> u32 {
        self.count.max(1) + 1
    }
    /// An absolute column range of the data rows: `'工程一覧'!$A$2:$A$120`.
    pub fn range(&self, col: u16) -> String {
        let c = col_name(col);
        format!(
            "{}!${c}$2:${c}${}",
            quote(SHEET_STEPS),
            self.last_excel_row()
        )
    }
    /// `='工程一覧'!$A$1:$V$120`
    pub fn table_range(&self) -> String {
        format!(
            "={}!$A$1:${}${}",
            quote(SHEET_STEPS),
            col_name(self.c_last),
            self.last_excel_row()
        )
    }
}

/// 開始年度 / 終了年度 as a column label: `～R6` for anything before the plan, else `R7` ….
pub(crate) fn year_label(roadmap: &Roadmap, y: &YearRef) -> String {
    let period = roadmap.plan.period;
    if y.fiscal_year < period.first && period.lead {
        period.column_short(0)
    } else {
        period.years.short(y.fiscal_year)
    }
}

/// The Gantt column of a year, clamped into the chart (a year after the plan is flagged by
/// `validate`; here it is drawn to the last column).
fn gantt_column(roadmap: &Roadmap, y: &YearRef) -> u32 {
    let period = roadmap.plan.period;
    let last = period.columns().saturating_sub(1);
    period.column_of(y.fiscal_year).unwrap_or(last).min(last)
}

struct Context<'a> {
    policy: Option<&'a Policy>,
    item: Option<&'a Item>,
    line: Option<&'a Line>,
    initiative: &'a str,
}

fn context<'a>(roadmap: &'a Roadmap, p: &Path) -> Context<'a> {
    let policy = roadmap
        .pillars
        .get(p.pillar)
        .and_then(|x| x.policies.get(p.policy));
    let initiative = policy.and_then(|x| x.initiatives.get(p.initiative));
    let item = initiative.and_then(|x| x.items.get(p.item));
    let line = item.and_then(|x| x.lines.get(p.line));
    Context {
        policy,
        item,
        line,
        initiative: initiative.map(|x| x.text.as_str()).unwrap_or(""),
    }
}

/// Notes joined by 「、」, the line's 備考 added unless it is already one of them.
fn notes(step: &Step, line: Option<&Line>) -> String {
    let mut all: Vec<&str> = step.notes.iter().map(String::as_str).collect();
    if let Some(remark) = line.and_then(|l| l.remark.as_deref()) {
        let remark = remark.trim();
        if !remark.is_empty() && !all.contains(&remark) {
            all.push(remark);
        }
    }
    all.join("、")
}

/// The original a step re-lists: its own link, else its line's or its item's.
fn relisting<'a>(step: &'a Step, c: &Context<'a>) -> Option<&'a Relisting> {
    step.relisting
        .as_ref()
        .or_else(|| c.line.and_then(|l| l.relisting.as_ref()))
        .or_else(|| c.item.and_then(|i| i.relisting.as_ref()))
}

/// The columns after the Gantt: department, 再掲, its original and the 出典 cells.
struct Tail {
    department: u16,
    relisted: u16,
    original: u16,
    file: u16,
    sheet: u16,
    cell: u16,
}

impl Tail {
    fn after(columns: u16) -> Tail {
        let department = C_GANTT + columns;
        Tail {
            department,
            relisted: department + 1,
            original: department + 2,
            file: department + 3,
            sheet: department + 4,
            cell: department + 5,
        }
    }

    /// Text columns: (column, narrowest, widest) in column-width units. The printed ones
    /// (up to 再掲元) add up, with the Gantt, to at most the print budget (see the tests), so that fitting the
    /// table to the page width never prints its 10-point text below 8 points.
    fn limits(&self) -> [(u16, f64, f64); 12] {
        [
            (C_PILLAR, 8.0, 11.0),
            (C_POLICY, 10.0, 13.0),
            (C_INITIATIVE, 14.0, 24.0),
            (C_ITEM, 12.0, 18.0),
            (C_STEP, 14.0, 23.0),
            (C_NOTES, 6.0, 8.0),
            (self.department, 8.0, 10.0),
            (self.relisted, 4.5, 4.5),
            (self.original, 8.0, 10.0),
            (self.file, 10.0, 18.0),
            (self.sheet, 8.0, 12.0),
            (self.cell, 6.0, 7.0),
        ]
    }
}

/// Width of 開始年度 / 終了年度.
const W_YEAR: f64 = 5.0;
/// Width of a Gantt column.
const W_GANTT: f64 = 3.5;

/// Writes the sheet row by row, each row once and whole, in column order: the column widths
/// and row heights are worked out first (from every row's texts) so that nothing is set on a
/// row after the next one is started, and every text is read in the order the workbook
/// numbers its strings — which lets the sheet be streamed to disk (see `render::xlsx`).
pub(crate) fn write(
    ws: &mut Worksheet,
    roadmap: &Roadmap,
    st: &Styles,
) -> Result<StepLayout, XlsxError> {
    let columns = roadmap.plan.period.columns().min(40) as u16;
    let tail = Tail::after(columns);
    let widths = set_widths(ws, roadmap, &tail, columns)?;
    if !roadmap.plan.style.items {
        ws.set_column_hidden(C_ITEM)?;
    }
    ws.set_row_height(0, 30)?;
    for (c, h) in headers(roadmap, columns, &tail) {
        ws.write_string_with_format(0, c, h, &st.header)?;
    }
    let mut rows = Vec::new();
    let mut r = 1u32;
    for (path, step) in roadmap.steps() {
        let texts = RowTexts::of(roadmap, &path, step);
        ws.set_row_height(r, row_height(texts.lines(&tail, &widths)))?;
        write_row(ws, roadmap, st, r, step, &tail, &texts)?;
        rows.push(texts.into_counted());
        r += 1;
    }
    let layout = StepLayout {
        count: r - 1,
        c_department: tail.department,
        c_relisted: tail.relisted,
        c_last: tail.cell,
        rows,
    };
    ws.autofilter(0, 0, layout.last_excel_row() - 1, tail.cell)?;
    ws.set_freeze_panes(1, 0)?;
    page_setup(ws, roadmap, Some((0, 0)))?;
    // The 出典 columns are for tracing a row back to its workbook, not for the printed list:
    // leaving them out keeps the print at a legible scale.
    ws.set_print_area(0, 0, layout.last_excel_row() - 1, tail.original)?;
    Ok(layout)
}

fn headers(roadmap: &Roadmap, columns: u16, tail: &Tail) -> Vec<(u16, String)> {
    let style = &roadmap.plan.style;
    let words = &style.words;
    // Without the 取り組み項目 level the item is its line: its column stays (the counts'
    // formulas address columns by position) but is empty and hidden.
    let item = if style.items {
        words.item.clone()
    } else {
        String::new()
    };
    let mut headers: Vec<(u16, String)> = vec![
        (C_PILLAR, words.pillar.clone()),
        (C_POLICY, words.policy.clone()),
        (C_INITIATIVE, words.initiative.clone()),
        (C_ITEM, item),
        (C_STEP, words.step.clone()),
        (C_NOTES, "注記".into()),
        (C_START, "開始年度".into()),
        (C_END, "終了年度".into()),
    ];
    for k in 0..columns {
        headers.push((C_GANTT + k, roadmap.plan.period.column_short(u32::from(k))));
    }
    headers.extend([
        (tail.department, words.department.clone()),
        (tail.relisted, "再掲".to_string()),
        (tail.original, "再掲元".to_string()),
        (tail.file, "出典ファイル".to_string()),
        (tail.sheet, "出典シート".to_string()),
        (tail.cell, "出典セル".to_string()),
    ]);
    headers
}

/// The texts of one step's row.
struct RowTexts<'a> {
    pillar: String,
    policy: String,
    initiative: &'a str,
    item: &'a str,
    step: &'a str,
    notes: String,
    start: String,
    end: String,
    department: &'a str,
    relisted: bool,
    original: String,
    file: &'a str,
    sheet: &'a str,
    cell: &'a str,
}

impl<'a> RowTexts<'a> {
    fn of(roadmap: &'a Roadmap, path: &Path, step: &'a Step) -> RowTexts<'a> {
        let c = context(roadmap, path);
        let pillar = roadmap
            .pillars
            .get(path.pillar)
            .map(|p| pillar_name(&p.label, &p.title))
            .unwrap_or_default();
        let policy = c
            .policy
            .map(|p| roadmap.plan.style.titled(&p.label, &p.title))
            .unwrap_or_default();
        let department = if step.department.is_empty() {
            c.item.map(|i| i.department.as_str()).unwrap_or("")
        } else {
            step.department.as_str()
        };
        let original = relisting(step, &c);
        let relisted = step.relisted || original.is_some() || c.item.is_some_and(|i| i.relisted);
        let original = original
            .map(|o| format!("{} {}", o.place, o.text).trim().to_string())
            .unwrap_or_default();
        // A 再掲 row still waiting for its original's schedule has no years of its own.
        let (start, end) = if step.inherit_schedule {
            (String::new(), String::new())
        } else {
            (
                year_label(roadmap, &step.start),
                year_label(roadmap, &step.end),
            )
        };
        RowTexts {
            pillar,
            policy,
            initiative: c.initiative,
            item: c
                .item
                .filter(|_| roadmap.plan.style.items)
                .map(|i| i.text.as_str())
                .unwrap_or(""),
            step: &step.text,
            notes: notes(step, c.line),
            start,
            end,
            department,
            relisted,
            original,
            file: &step.source.file,
            sheet: &step.source.sheet,
            cell: &step.source.cell,
        }
    }

    /// The texts of the sized columns, in column order (the Gantt columns sit between
    /// 注記 and 担当課).
    fn sized(&self, tail: &Tail) -> [(u16, &str); 12] {
        [
            (C_PILLAR, &self.pillar),
            (C_POLICY, &self.policy),
            (C_INITIATIVE, self.initiative),
            (C_ITEM, self.item),
            (C_STEP, self.step),
            (C_NOTES, &self.notes),
            (tail.department, self.department),
            (
                tail.relisted,
                if self.relisted { RELISTED_MARK } else { "" },
            ),
            (tail.original, &self.original),
            (tail.file, self.file),
            (tail.sheet, self.sheet),
            (tail.cell, self.cell),
        ]
    }

    /// Lines of the most wrapped sized cell, with the columns `widths` wide.
    fn lines(&self, tail: &Tail, widths: &[f64]) -> u32 {
        self.sized(tail)
            .iter()
            .map(|&(col, text)| wrapped_lines(text, widths[usize::from(col)]))
            .max()
            .unwrap_or(1)
    }

    /// What 集計 counts the row by.
    fn into_counted(self) -> StepRow {
        StepRow {
            pillar: self.pillar,
            policy: self.policy,
            start: self.start,
            department: self.department.to_string(),
            relisted: self.relisted,
        }
    }
}

/// Writes one step's row, in column order.
fn write_row(
    ws: &mut Worksheet,
    roadmap: &Roadmap,
    st: &Styles,
    r: u32,
    step: &Step,
    tail: &Tail,
    texts: &RowTexts,
) -> Result<(), XlsxError> {
    let sized = texts.sized(tail);
    let format = |col: u16| {
        if col == tail.relisted || col == tail.cell {
            &st.text_top_center
        } else {
            &st.text_top
        }
    };
    let (before, after) = sized.split_at(usize::from(C_START));
    for &(col, text) in before {
        ws.write_string_with_format(r, col, cell_text(text), format(col))?;
    }
    ws.write_string_with_format(r, C_START, &texts.start, &st.text_top_center)?;
    ws.write_string_with_format(r, C_END, &texts.end, &st.text_top_center)?;
    write_gantt(ws, roadmap, st, r, step)?;
    for &(col, text) in after {
        ws.write_string_with_format(r, col, cell_text(text), format(col))?;
    }
    Ok(())
}

/// ■ in each fiscal-year column the step spans.
fn write_gantt(
    ws: &mut Worksheet,
    roadmap: &Roadmap,
    st: &Styles,
    r: u32,
    step: &Step,
) -> Result<(), XlsxError> {
    let columns = roadmap.plan.period.columns().min(40) as u16;
    let span = if step.inherit_schedule {
        None
    } else {
        let a = gantt_column(roadmap, &step.start);
        let b = gantt_column(roadmap, &step.end).max(a);
        Some((a, b))
    };
    for k in 0..columns {
        let on = span.is_some_and(|(a, b)| (a..=b).contains(&u32::from(k)));
        if on {
            ws.write_string_with_format(r, C_GANTT + k, "■", &st.mark)?;
        } else {
            ws.write_blank(r, C_GANTT + k, &st.text_top_center)?;
        }
    }
    Ok(())
}

/// Sets every column's width: each text column to its widest text (between its limits; longer
/// texts wrap), the year and Gantt columns fixed. Returns the widths by column.
fn set_widths(
    ws: &mut Worksheet,
    roadmap: &Roadmap,
    tail: &Tail,
    columns: u16,
) -> Result<Vec<f64>, XlsxError> {
    let limits = tail.limits();
    let mut widest = vec![0.0f64; usize::from(tail.cell) + 1];
    for (path, step) in roadmap.steps() {
        for (col, text) in RowTexts::of(roadmap, &path, step).sized(tail) {
            let w = &mut widest[usize::from(col)];
            *w = w.max(text_width(text));
        }
    }
    let mut widths = vec![0.0; widest.len()];
    for &(col, min, max) in &limits {
        let w = width_for(widest[usize::from(col)], min, max);
        widths[usize::from(col)] = w;
        ws.set_column_width(col, w)?;
    }
    ws.set_column_width(C_START, W_YEAR)?;
    ws.set_column_width(C_END, W_YEAR)?;
    for k in 0..columns {
        ws.set_column_width(C_GANTT + k, W_GANTT)?;
    }
    Ok(widths)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The widest printed table, in column-width units, that A4 landscape (784 pt between the
    /// margins of `page_setup`) holds at 80 % (8-point text): 980 pt. LibreOffice (with
    /// Calibri's metric twin Carlito) prints a unit as 5.74 pt, Excel as 5.25 pt, and each of
    /// the 17 columns gets 0.71 units of padding: 980 / 5.74 − 12 ≈ 158. Measured: LibreOffice
    /// printed the published roadmap's 工程一覧 at 74 % with 172.5 units.
    const PRINT_BUDGET: f64 = 158.0;

    #[test]
    fn the_printed_columns_fit_a4_landscape_at_8_points() {
        // Six year columns (～R6, R7 … R11), as in the published plan.
        let tail = Tail::after(6);
        let printed: f64 = tail
            .limits()
            .iter()
            .filter(|(c, _, _)| *c <= tail.original)
            .map(|(_, _, max)| max)
            .sum::<f64>()
            + 2.0 * W_YEAR
            + 6.0 * W_GANTT;
        assert!(printed <= PRINT_BUDGET, "{printed}");
    }

    #[test]
    fn year_labels() {
        let r = Roadmap::default();
        let y = |fy| YearRef {
            fiscal_year: fy,
            written: String::new(),
            column: 0,
        };
        assert_eq!(year_label(&r, &y(2020)), "～R6");
        assert_eq!(year_label(&r, &y(2025)), "R7");
        assert_eq!(gantt_column(&r, &y(2020)), 0);
        assert_eq!(gantt_column(&r, &y(2029)), 5);
        assert_eq!(gantt_column(&r, &y(2031)), 5);
    }

    #[test]
    fn notes_add_the_remark_once() {
        let step = Step {
            notes: vec!["国の動向による".into()],
            ..Step::default()
        };
        let line = Line {
            remark: Some("参考".into()),
            ..Line::default()
        };
        assert_eq!(notes(&step, Some(&line)), "国の動向による、参考");
        let line = Line {
            remark: Some("国の動向による".into()),
            ..Line::default()
        };
        assert_eq!(notes(&step, Some(&line)), "国の動向による");
    }
}
