//! The 読み取り結果 sheet: the file's lines as read, in the template's columns, each step a
//! bar of filled cells over its years (its text in the first, 「→」 in the others).

use std::collections::{BTreeMap, HashMap};

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Note, Worksheet, XlsxError};

use super::spec::Spec;
use crate::model::{Item, Line, Roadmap};
use crate::normalize::text::department_from_file_stem;
use crate::render::template::{
    pillar_label, policy_label, year_headings, HEADER_FILL, RELISTED_FILL, STEP_FILL,
};
use crate::render::xlsx::{row_height, wrapped_lines, FONT};

/// The sheet row of the column headings (title and summary above it).
pub(super) const HEADER_ROW: u32 = 5;
/// The first data row.
const FIRST: u32 = HEADER_ROW + 1;
/// The first year column (after 柱, 施策, 具体的な取り組み, 取り組み項目), as in the template.
/// What the cells after a bar's first one hold: the continuation mark of the submissions.
pub(super) const CONTINUED: &str = "→";

/// The formats of a receipt (fonts never below 9 pt, for print).
pub(super) struct Styles {
    pub title: Format,
    pub info: Format,
    pub header: Format,
    pub text: Format,
    pub step: Format,
    /// The cells after a bar's first: the bar's fill, the 「→」 centred and muted.
    pub continued: Format,
    pub relisted: Format,
    pub relisted_step: Format,
    pub flagged: Format,
}

impl Styles {
    pub fn new() -> Styles {
        let base = Format::new().set_font_name(FONT).set_font_size(10);
        let cell = base
            .clone()
            .set_border(FormatBorder::Thin)
            .set_text_wrap()
            .set_align(FormatAlign::Top);
        Styles {
            title: base.clone().set_bold().set_font_size(14),
            info: base.clone().set_text_wrap().set_align(FormatAlign::Top),
            header: base
                .set_bold()
                .set_background_color(HEADER_FILL)
                .set_border(FormatBorder::Thin)
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            text: cell.clone(),
            step: cell.clone().set_background_color(STEP_FILL),
            continued: cell
                .clone()
                .set_background_color(STEP_FILL)
                .set_align(FormatAlign::Center)
                .set_font_color("#7F6000"),
            relisted: cell.clone().set_background_color(RELISTED_FILL),
            relisted_step: cell.clone().set_background_color("#D0CECE"),
            // A cell with a finding: red frame on a light red ground, whatever it held.
            flagged: cell
                .set_background_color("#F8CBAD")
                .set_border(FormatBorder::Medium)
                .set_border_color("#C00000"),
        }
    }
}

/// A step drawn in a row: chart columns `first..=last`.
pub(super) struct Bar {
    pub first: u16,
    pub last: u16,
    pub text: String,
}

/// One row of the table.
pub(super) struct Row {
    /// 柱, 施策, 具体的な取り組み, 取り組み項目 where they change from the row above.
    pub hierarchy: [Option<String>; 4],
    pub bars: Vec<Bar>,
    pub remark: String,
    /// 「再掲 (1)②」 for a re-listed line or item.
    pub relisting: String,
    /// Where it was read: `工程表!12行`.
    pub read: String,
    pub relisted: bool,
}

/// The table of one file, with where each cell read from the file landed on it.
pub(super) struct Drawn {
    /// The file's department (担当課).
    pub department: String,
    /// The first year column: after the hierarchy's levels (three when the plan has no
    /// 取り組み項目 level, four otherwise).
    pub year_col: u16,
    pub years: Vec<String>,
    pub rows: Vec<Row>,
    /// (sheet, row, column) of a cell read → (sheet row, column) on the receipt.
    pub by_cell: BTreeMap<(String, u32, u32), (u32, u16)>,
    /// (sheet, row) read → the receipt row of its first line.
    pub by_row: BTreeMap<(String, u32), u32>,
    pub counts: Counts,
}

/// What the receipt counts: lines, steps, items, items with progress.
#[derive(Default)]
pub(super) struct Counts {
    pub lines: usize,
    pub steps: usize,
    pub items: usize,
    pub progress: usize,
}

/// The findings put on the table: notes per cell (indexes into the file's findings), those
/// with no cell on the table, and each finding's receipt cell.
pub(super) struct Placed {
    pub on: BTreeMap<(u32, u16), Vec<usize>>,
    pub loose: Vec<usize>,
    pub at: Vec<Option<(u32, u16)>>,
    /// The note text of each finding.
    pub texts: Vec<String>,
}

impl Drawn {
    /// The column of 備考, 再掲, 読んだ行.
    pub fn note_col(&self) -> u16 {
        self.year_col + self.years.len() as u16
    }
    /// The 読んだ行 column.
    pub fn read_col(&self) -> u16 {
        self.note_col() + 2
    }
}

/// Each file's items, as (pillar, policy, initiative, item) indices in print order, and the
/// department of its first step, from one walk of the roadmap: a receipt per file that
/// walked the whole roadmap again would cost files × steps (2,000 × 40,000 at 100×).
pub(crate) struct ByFile<'r> {
    items: HashMap<&'r str, Vec<[usize; 4]>>,
    department: HashMap<&'r str, &'r str>,
}

impl<'r> ByFile<'r> {
    /// Walks `rm` once. An item belongs to every file its lines (or the item itself) were
    /// read from.
    pub(crate) fn new(rm: &'r Roadmap) -> ByFile<'r> {
        let mut items: HashMap<&str, Vec<[usize; 4]>> = HashMap::new();
        for (a, p) in rm.pillars.iter().enumerate() {
            for (b, q) in p.policies.iter().enumerate() {
                for (c, i) in q.initiatives.iter().enumerate() {
                    for (k, item) in i.items.iter().enumerate() {
                        let mut files: Vec<&str> = item
                            .lines
                            .iter()
                            .flat_map(|l| l.steps.iter().map(|s| s.source.file.as_str()))
                            .collect();
                        files.push(item.source.file.as_str());
                        files.sort_unstable();
                        files.dedup();
                        for f in files {
                            items.entry(f).or_default().push([a, b, c, k]);
                        }
                    }
                }
            }
        }
        let mut department = HashMap::new();
        for (_, s) in rm.steps() {
            department
                .entry(s.source.file.as_str())
                .or_insert(s.department.as_str());
        }
        ByFile { items, department }
    }

    /// The file's department: that of its first step, else the file name's.
    fn department(&self, file: &str) -> String {
        self.department.get(file).map_or_else(
            || department_from_file_stem(file.rsplit_once('.').map_or(file, |p| p.0)),
            |d| d.to_string(),
        )
    }
}

/// Lays out the file's lines.
pub(super) fn draw(spec: &Spec<'_>, by_file: &ByFile<'_>) -> Drawn {
    let rm = spec.roadmap;
    let mut d = Drawn {
        department: by_file.department(spec.file),
        year_col: rm.plan.style.level_words().len() as u16,
        years: year_headings(&rm.plan.period),
        rows: Vec::new(),
        by_cell: BTreeMap::new(),
        by_row: BTreeMap::new(),
        counts: Counts::default(),
    };
    let mut last: [String; 4] = Default::default();
    let indices = by_file.items.get(spec.file).map_or(&[][..], Vec::as_slice);
    for &[a, b, c, k] in indices {
        let p = &rm.pillars[a];
        let q = &p.policies[b];
        let i = &q.initiatives[c];
        let item = &i.items[k];
        let style = &rm.plan.style;
        let names = [
            pillar_label(style, p),
            policy_label(style, q),
            i.text.clone(),
            item.text.clone(),
        ];
        let row = FIRST + d.rows.len() as u32;
        note_source(&mut d, &i.source, row, 2);
        if style.items {
            note_source(&mut d, &item.source, row, 3);
        }
        add_item(&mut d, item, names, &mut last, rm);
    }
    d
}

/// The rows of one item: one per line (more when its steps overlap), or one with no bar.
fn add_item(d: &mut Drawn, item: &Item, names: [String; 4], last: &mut [String; 4], rm: &Roadmap) {
    d.counts.items += 1;
    d.counts.progress += usize::from(item.progress.as_ref().is_some_and(|p| p.status.is_some()));
    let relisting = item
        .relisting
        .as_ref()
        .map(|r| format!("再掲 {}", r.place))
        .unwrap_or_default();
    if item.lines.is_empty() {
        let hierarchy = changed(&names, last);
        let read = format!("{}!{}行", item.source.sheet, item.source.row + 1);
        d.by_row
            .entry((item.source.sheet.clone(), item.source.row))
            .or_insert(FIRST + d.rows.len() as u32);
        d.rows.push(Row {
            hierarchy,
            bars: Vec::new(),
            remark: String::new(),
            relisting,
            read,
            relisted: item.relisted,
        });
        return;
    }
    for line in &item.lines {
        let hierarchy = changed(&names, last);
        add_line(d, line, hierarchy, &relisting, item.relisted, rm);
    }
}

/// The hierarchy cells of a row: each level written where it or a level above changes.
fn changed(names: &[String; 4], last: &mut [String; 4]) -> [Option<String>; 4] {
    let first_change = (0..4).find(|&k| names[k] != last[k]).unwrap_or(4);
    *last = names.clone();
    std::array::from_fn(|k| (k >= first_change).then(|| names[k].clone()))
}

/// A line's rows: its steps in lanes, a step going to the first lane where it overlaps none.
fn add_line(
    d: &mut Drawn,
    line: &Line,
    hierarchy: [Option<String>; 4],
    relisting: &str,
    item_relisted: bool,
    rm: &Roadmap,
) {
    d.counts.lines += 1;
    let last_col = rm.plan.period.columns().saturating_sub(1);
    let mut lanes: Vec<Vec<Bar>> = vec![Vec::new()];
    let top = FIRST + d.rows.len() as u32;
    for s in &line.steps {
        d.counts.steps += 1;
        let first = s.start.column.min(last_col) as u16;
        let last = s.end.column.clamp(u32::from(first), last_col) as u16;
        let lane = lanes
            .iter()
            .position(|l| l.iter().all(|b| b.last < first || b.first > last))
            .unwrap_or(lanes.len());
        if lane == lanes.len() {
            lanes.push(Vec::new());
        }
        let at = (top + lane as u32, d.year_col + first);
        d.by_cell
            .entry((s.source.sheet.clone(), s.source.row, s.source.col))
            .or_insert(at);
        d.by_row
            .entry((s.source.sheet.clone(), s.source.row))
            .or_insert(top);
        lanes[lane].push(Bar {
            first,
            last,
            text: s.text.clone(),
        });
    }
    d.by_row
        .entry((line.source.sheet.clone(), line.source.row))
        .or_insert(top);
    let relisted = item_relisted || line.steps.iter().any(|s| s.relisted);
    let line_relisting = line
        .relisting
        .as_ref()
        .map(|r| format!("再掲 {}", r.place))
        .unwrap_or_else(|| relisting.to_string());
    let read = format!("{}!{}行", line.source.sheet, line.source.row + 1);
    for (k, bars) in lanes.into_iter().enumerate() {
        d.rows.push(Row {
            hierarchy: if k == 0 {
                hierarchy.clone()
            } else {
                Default::default()
            },
            bars,
            remark: if k == 0 {
                line.remark.clone().unwrap_or_default()
            } else {
                String::new()
            },
            relisting: line_relisting.clone(),
            read: read.clone(),
            relisted,
        });
    }
}

fn note_source(d: &mut Drawn, s: &crate::model::Source, row: u32, col: u16) {
    d.by_cell
        .entry((s.sheet.clone(), s.row, s.col))
        .or_insert((row, col));
}

/// Writes the sheet: title and summary, headings, rows, notes; printable and protected.
pub(super) fn write(
    ws: &mut Worksheet,
    spec: &Spec<'_>,
    d: &Drawn,
    placed: &Placed,
    st: &Styles,
) -> Result<(), XlsxError> {
    let widths = widths(usize::from(d.year_col), d.years.len());
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    summary(ws, spec, d, placed, st, widths.len() as u16 - 1)?;
    let mut headings: Vec<String> = (spec.roadmap.plan.style.level_words().into_iter())
        .map(String::from)
        .collect();
    headings.extend(d.years.iter().cloned());
    headings.extend(["備考", "再掲", "読んだ行"].map(String::from));
    for (c, h) in headings.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, c as u16, h, &st.header)?;
    }
    ws.set_row_height(HEADER_ROW, 30)?;
    for (k, row) in d.rows.iter().enumerate() {
        write_row(ws, d, FIRST + k as u32, row, placed, st, &widths)?;
    }
    for ((r, c), found) in &placed.on {
        let text: Vec<&str> = found.iter().map(|&i| placed.texts[i].as_str()).collect();
        ws.insert_note(*r, *c, &note(&text.join("\n\n")))?;
    }
    ws.set_freeze_panes(FIRST, d.year_col)?;
    page_setup(ws, spec.roadmap, Some((0, HEADER_ROW)))?;
    ws.protect();
    Ok(())
}

/// What the receipt counts items as: 取り組み項目, or in a plan without that level its lines
/// (工程行).
fn item_count_word(rm: &Roadmap) -> String {
    let style = &rm.plan.style;
    match style.items {
        true => style.words.item.clone(),
        false => format!("{}行", style.words.step),
    }
}

/// A note as the receipt shows it: wide enough to read a message without scrolling.
pub(super) fn note(text: &str) -> Note {
    Note::new(text)
        .set_author("koteihyo")
        .add_author_prefix(false)
        .set_width(360)
        .set_height(140)
}

/// Column widths: the hierarchy, `years` year columns, then 備考, 再掲, 読んだ行 — narrow
/// enough that A4 landscape prints the 10-point text at 8 points or more (see the test).
fn widths(levels: usize, years: usize) -> Vec<f64> {
    let mut w = vec![5.0, 5.0, 22.0, 20.0];
    w.truncate(levels);
    w.extend(std::iter::repeat_n(12.5, years));
    w.extend([14.0, 9.0, 9.0]);
    w
}

/// Title, date, file, verdict and counts above the table; the findings with no cell on the
/// table are named there, with a note each.
fn summary(
    ws: &mut Worksheet,
    spec: &Spec<'_>,
    d: &Drawn,
    placed: &Placed,
    st: &Styles,
    last_col: u16,
) -> Result<(), XlsxError> {
    let c = &d.counts;
    let title = format!("確認票　{}（{}）", spec.file, d.department);
    ws.write_string_with_format(0, 0, &title, &st.title)?;
    let found = placed.at.len();
    let lines = [
        format!(
            "読み取り日（基準日）: {}　入力ファイル: {}　指摘: {found}件（「指摘」シートに一覧）",
            spec.as_of, spec.file
        ),
        format!(
            "読み取った行: {}　{}: {}　{}: {}　進捗の記入: {}件",
            c.lines,
            spec.roadmap.plan.style.words.step,
            c.steps,
            item_count_word(spec.roadmap),
            c.items,
            c.progress
        ),
        "黄色の帯が読み取った工程の期間です（工程名の右の「→」はその続き）。灰色は再掲。赤い枠のセルに指摘があります（メモを表示して確認してください）。".to_string(),
    ];
    for (k, text) in lines.iter().enumerate() {
        ws.merge_range(1 + k as u32, 0, 1 + k as u32, last_col, text, &st.info)?;
    }
    if !placed.loose.is_empty() {
        let text = format!(
            "表の行に結びつかない指摘: {}件（このセルのメモ、「指摘」シート）",
            placed.loose.len()
        );
        ws.merge_range(4, 0, 4, last_col, &text, &st.flagged)?;
        let notes: Vec<&str> = placed
            .loose
            .iter()
            .map(|&i| placed.texts[i].as_str())
            .collect();
        ws.insert_note(4, 0, &note(&notes.join("\n\n")))?;
    }
    Ok(())
}

fn write_row(
    ws: &mut Worksheet,
    d: &Drawn,
    r: u32,
    row: &Row,
    placed: &Placed,
    st: &Styles,
    widths: &[f64],
) -> Result<(), XlsxError> {
    let (text_fmt, step_fmt, continued_fmt) = if row.relisted {
        (&st.relisted, &st.relisted_step, &st.relisted_step)
    } else {
        (&st.text, &st.step, &st.continued)
    };
    let mut cells: BTreeMap<u16, (String, &Format)> = BTreeMap::new();
    // Only the plan's levels: without 取り組み項目 the line is the item, printed once.
    let levels = usize::from(d.year_col);
    for (c, t) in row.hierarchy.iter().take(levels).enumerate() {
        cells.insert(c as u16, (t.clone().unwrap_or_default(), text_fmt));
    }
    for bar in &row.bars {
        cells.insert(d.year_col + bar.first, (bar.text.clone(), step_fmt));
        for c in bar.first + 1..=bar.last {
            cells.insert(d.year_col + c, (CONTINUED.to_string(), continued_fmt));
        }
    }
    let n = d.note_col();
    cells.insert(n, (row.remark.clone(), text_fmt));
    cells.insert(n + 1, (row.relisting.clone(), text_fmt));
    cells.insert(n + 2, (row.read.clone(), text_fmt));
    let mut lines = 1;
    for c in 0..=d.read_col() {
        let (text, usual) = cells.remove(&c).unwrap_or((String::new(), text_fmt));
        let f = if placed.on.contains_key(&(r, c)) {
            &st.flagged
        } else {
            usual
        };
        if text.is_empty() {
            ws.write_blank(r, c, f)?;
        } else {
            ws.write_string_with_format(r, c, crate::render::xlsx::cell_text(&text), f)?;
            let w = widths.get(usize::from(c)).copied().unwrap_or(10.0);
            lines = lines.max(wrapped_lines(&text, w));
        }
    }
    ws.set_row_height(r, row_height(lines))?;
    Ok(())
}

/// Printed like the KPI workbook's sheets: A4 landscape, one page wide, `repeat` rows on
/// every page.
pub(super) fn page_setup(
    ws: &mut Worksheet,
    roadmap: &Roadmap,
    repeat: Option<(u32, u32)>,
) -> Result<(), XlsxError> {
    crate::render::xlsx::page_setup(ws, roadmap, repeat).map_err(|e| match e {
        crate::render::xlsx::XlsxError::Writer(e) => e,
        crate::render::xlsx::XlsxError::TempFolder(path, e) => XlsxError::TempFileError(path, e),
    })
}

#[cfg(test)]
mod tests {
    /// The widest table, in column-width units, that A4 landscape holds at 80 % (10-point
    /// text printed at 8): 980 pt at LibreOffice's 5.74 pt a unit, less 0.71 units of
    /// padding a column (as for the workbook's 工程一覧, `render/xlsx/steps.rs`).
    fn budget(columns: usize) -> f64 {
        980.0 / 5.74 - 0.71 * columns as f64
    }

    #[test]
    fn the_table_prints_at_8_points_on_a4_landscape() {
        // Six year columns (～R6, R7 … R11), as in the published plan.
        let w = super::widths(4, 6);
        let total: f64 = w.iter().sum();
        assert!(total <= budget(w.len()), "{total} > {}", budget(w.len()));
    }
}
