//! Department submissions: one workbook per department, in the grid or the list layout of
//! docs/SUBMISSIONS.md. The split of initiatives between departments is illustrative (the
//! published roadmap names no departments); it only has to look like what a city's
//! departments would send, and exercise the reader's variants.

use crate::data::{
    circled, is_relisting, spans, strip_markers, Initiative, Line, Pillar, Policy, Transcription,
};
use crate::ods;
use crate::style::{self, err};
use rust_xlsxwriter::{Format, Workbook, Worksheet};
use std::collections::HashSet;

#[derive(Clone, Copy, PartialEq)]
enum Layout {
    Grid,
    List,
    /// Grid layout saved as OpenDocument (no merges: calamine does not report ODS merges).
    Ods,
}

/// How a file writes the 柱 cell: all forms docs/SUBMISSIONS.md accepts, so the reader is exercised.
#[derive(Clone, Copy)]
enum PillarForm {
    /// `(1)`
    Paren,
    /// `1`
    Digit,
    /// `（１）`
    FullWidth,
    /// `便利・快適`
    Name,
    /// `(1) “便利・快適” ～DXによる 市民サービスの向上～`
    Full,
}

#[derive(Clone, Copy)]
enum PolicyForm {
    /// `①`
    Circled,
    /// `1`
    Digit,
    /// `①行政手続きのオンライン化の推進`
    CircledTitle,
    /// `行政手続きのオンライン化の推進`
    Title,
}

struct DeptFile {
    dept: &'static str,
    layout: Layout,
    pillar: PillarForm,
    policy: PolicyForm,
    /// Horizontal merges over step spans and vertical merges on the hierarchy cells.
    merges: bool,
    /// A `記入例` sheet the reader must skip.
    example: bool,
}

const fn grid(dept: &'static str) -> DeptFile {
    DeptFile {
        dept,
        layout: Layout::Grid,
        pillar: PillarForm::Paren,
        policy: PolicyForm::Circled,
        merges: false,
        example: false,
    }
}

/// The departments, in file-number order. Every department named in `takayama.txt` must be
/// here, and every one here must have at least one initiative.
const FILES: &[DeptFile] = &[
    grid("情報政策課"),
    DeptFile {
        layout: Layout::List,
        ..grid("市民課")
    },
    DeptFile {
        pillar: PillarForm::Digit,
        policy: PolicyForm::CircledTitle,
        ..grid("税務課")
    },
    grid("会計課"),
    DeptFile {
        layout: Layout::List,
        ..grid("総務課")
    },
    DeptFile {
        example: true,
        ..grid("行政経営課")
    },
    grid("人事課"),
    DeptFile {
        pillar: PillarForm::Full,
        policy: PolicyForm::Digit,
        ..grid("広報広聴課")
    },
    grid("議会事務局"),
    grid("市民活動推進課"),
    DeptFile {
        merges: true,
        ..grid("子育て支援課")
    },
    grid("高齢介護課"),
    grid("福祉課"),
    grid("健康推進課"),
    DeptFile {
        pillar: PillarForm::Name,
        policy: PolicyForm::Title,
        ..grid("観光課")
    },
    DeptFile {
        merges: true,
        ..grid("商工課")
    },
    grid("農政課"),
    grid("都市計画課"),
    DeptFile {
        pillar: PillarForm::FullWidth,
        policy: PolicyForm::Digit,
        ..grid("維持課")
    },
    grid("水道課"),
    DeptFile {
        layout: Layout::Ods,
        ..grid("危機管理課")
    },
    grid("消防本部"),
    grid("学校教育課"),
    grid("文化財課"),
];

/// A cell of a generated sheet, independent of the file format.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
}

impl Cell {
    fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }
}

/// A roadmap sheet before it is written: title row, blank row, header row, data rows.
pub struct Sheet {
    pub name: String,
    pub title: String,
    pub header: Vec<&'static str>,
    pub widths: Vec<f64>,
    pub rows: Vec<Vec<Cell>>,
    /// (first data row, first col, last data row, last col), 0-based within `rows`.
    pub merges: Vec<(u32, u16, u32, u16)>,
    /// Columns holding steps (filled so the bars read as bars).
    pub step_cols: Vec<u16>,
}

/// Sheet rows above the data: title, blank, header.
pub const HEADER_ROW: u32 = 2;

const YEAR_HEADERS: [&str; 6] = [
    "～令和6(2024)年度",
    "令和7(2025)年度",
    "令和8(2026)年度",
    "令和9(2027)年度",
    "令和10(2028)年度",
    "令和11(2029)年度",
];

fn pillar_cell(p: &Pillar, form: PillarForm) -> Cell {
    match form {
        PillarForm::Paren => Cell::text(format!("({})", p.number)),
        PillarForm::Digit => Cell::Number(p.number.into()),
        PillarForm::FullWidth => {
            let digit = char::from_u32(0xFF10 + p.number).unwrap_or('?');
            Cell::text(format!("（{digit}）"))
        }
        PillarForm::Name => Cell::text(p.title.trim_matches(['“', '”'])),
        PillarForm::Full => Cell::text(format!("({}) {} {}", p.number, p.title, p.subtitle)),
    }
}

fn policy_cell(q: &Policy, form: PolicyForm) -> Cell {
    match form {
        PolicyForm::Circled => Cell::text(circled(q.number)),
        PolicyForm::Digit => Cell::Number(q.number.into()),
        PolicyForm::CircledTitle => Cell::text(format!("{}{}", circled(q.number), q.title)),
        PolicyForm::Title => Cell::text(q.title.clone()),
    }
}

type Entry<'a> = (&'a Pillar, &'a Policy, &'a Initiative);

/// The 柱 and 施策 cells of an initiative's first row: written where they change within the
/// file, blank ("same as above") otherwise.
struct Hierarchy {
    last: Option<(u32, u32)>,
}

impl Hierarchy {
    fn cells(&mut self, f: &DeptFile, (p, q, _): Entry) -> [Cell; 2] {
        if self.last == Some((p.number, q.number)) {
            [Cell::Empty, Cell::Empty]
        } else {
            self.last = Some((p.number, q.number));
            [pillar_cell(p, f.pillar), policy_cell(q, f.policy)]
        }
    }
}

/// The leading cells of the next row: the pending hierarchy cells if a level starts on this
/// row, else `width` blanks ("same as above").
fn lead(pending: &mut Vec<Cell>, width: usize) -> Vec<Cell> {
    if pending.is_empty() {
        vec![Cell::Empty; width]
    } else {
        std::mem::take(pending)
    }
}

fn grid_sheet(f: &DeptFile, entries: &[Entry]) -> Sheet {
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut merges = Vec::new();
    let mut h = Hierarchy { last: None };
    for e in entries {
        let (_, _, ini) = *e;
        let [pc, qc] = h.cells(f, *e);
        let ini_first = rows.len() as u32;
        let mut pending = vec![pc, qc, Cell::text(ini.text.clone())];
        if ini.items.is_empty() {
            // An initiative with no items: a row with only its 具体的な取り組み.
            let mut row = lead(&mut pending, 3);
            row.resize(11, Cell::Empty);
            rows.push(row);
            continue;
        }
        for item in &ini.items {
            let item_first = rows.len() as u32;
            let mut item_pending = lead(&mut pending, 3);
            item_pending.push(Cell::text(item.text.clone()));
            if item.lines.is_empty() {
                // An item with no lines: its 取り組み項目 and no year cells.
                item_pending.resize(11, Cell::Empty);
                rows.push(item_pending);
                continue;
            }
            for line in &item.lines {
                let r = rows.len() as u32;
                let mut row = lead(&mut item_pending, 4);
                row.extend(line.iter().map(|s| Cell::text(s.clone())));
                row.push(Cell::Empty);
                if f.merges {
                    for (start, end, _) in spans(line) {
                        if end > start {
                            merges.push((r, 4 + start as u16, r, 4 + end as u16));
                        }
                    }
                }
                rows.push(row);
            }
            let last = rows.len() as u32 - 1;
            if f.merges && last > item_first {
                merges.push((item_first, 3, last, 3));
            }
        }
        let last = rows.len() as u32 - 1;
        if f.merges && last > ini_first {
            merges.push((ini_first, 2, last, 2));
        }
    }
    let mut header = vec!["柱", "施策", "具体的な取り組み", "取り組み項目"];
    header.extend(YEAR_HEADERS);
    header.push("備考");
    Sheet {
        name: "工程表".into(),
        title: format!("高山市DX推進計画（第2期）工程表 提出様式（{}）", f.dept),
        header,
        widths: vec![
            7.0, 7.0, 34.0, 26.0, 20.0, 20.0, 20.0, 20.0, 20.0, 20.0, 14.0,
        ],
        rows,
        merges,
        step_cols: (4..10).collect(),
    }
}

/// Fiscal year of a chart column (column 0 is the lead column, ～R6 = 2024).
fn year_of(col: usize) -> u32 {
    2024 + col as u32
}

/// A year cell in one of the notations clerks use, rotating so the reader sees them all.
fn year_cell(year: u32, k: usize) -> Cell {
    let fy = year as i32;
    match k % 3 {
        0 => Cell::text(koteihyo::fiscal::short(fy)),
        1 => Cell::text(koteihyo::fiscal::spoken(fy)),
        _ => Cell::Number(year.into()),
    }
}

/// `(R5)` at the end of a step text pins it to that year.
fn pinned_year(text: &str) -> Option<u32> {
    let inner = text.strip_suffix(')')?.rsplit_once("(R")?.1;
    inner.parse::<u32>().ok().map(|r| r + 2018)
}

fn list_sheet(f: &DeptFile, entries: &[Entry], originals: &HashSet<Vec<String>>) -> Sheet {
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut h = Hierarchy { last: None };
    let mut k = 0usize;
    let dept = Cell::text(f.dept);
    for e in entries {
        let (_, _, ini) = *e;
        let [pc, qc] = h.cells(f, *e);
        let mut pending = vec![pc, qc, Cell::text(ini.text.clone())];
        if ini.items.is_empty() {
            let mut row = lead(&mut pending, 3);
            row.resize(9, Cell::Empty);
            row.push(dept.clone());
            rows.push(row);
            continue;
        }
        for item in &ini.items {
            let mut item_pending = lead(&mut pending, 3);
            item_pending.push(Cell::text(item.text.clone()));
            if item.lines.is_empty() {
                item_pending.resize(9, Cell::Empty);
                item_pending.push(dept.clone());
                rows.push(item_pending);
                continue;
            }
            for (n, line) in item.lines.iter().enumerate() {
                let same_as_original = is_exact_relisting(line, originals);
                for (start, end, text) in spans(line) {
                    let mut row = lead(&mut item_pending, 4);
                    // Phases of one chart line share its 行 number (1, 2, … within the item).
                    row.push(Cell::Number((n + 1) as f64));
                    row.push(Cell::text(text));
                    let (from, to) = if same_as_original {
                        // A 再掲 row may leave its years blank: it takes its original's.
                        (Cell::Empty, Cell::Empty)
                    } else if let Some(y) = pinned_year(text) {
                        (year_cell(y, 0), year_cell(y, 0))
                    } else {
                        k += 1;
                        let from = if start == 0 {
                            Cell::text(if k.is_multiple_of(2) {
                                "～R6"
                            } else {
                                "R6以前"
                            })
                        } else {
                            year_cell(year_of(start), k)
                        };
                        let to = if end == 5 {
                            Cell::text(if k.is_multiple_of(2) { "継続" } else { "R11" })
                        } else {
                            year_cell(year_of(end), k + 1)
                        };
                        (from, to)
                    };
                    row.extend([from, to, Cell::Empty, dept.clone()]);
                    rows.push(row);
                }
            }
        }
    }
    Sheet {
        name: "工程表".into(),
        title: format!("高山市DX推進計画（第2期）工程表 提出様式（{}）", f.dept),
        header: vec![
            "柱",
            "施策",
            "具体的な取り組み",
            "取り組み項目",
            "行",
            "工程",
            "開始年度",
            "終了年度",
            "備考",
            "担当課",
        ],
        widths: vec![7.0, 7.0, 34.0, 26.0, 5.0, 40.0, 10.0, 10.0, 14.0, 12.0],
        rows,
        merges: Vec::new(),
        step_cols: vec![5],
    }
}

/// A line whose every step is marked 再掲 and that equals, markers removed, an unmarked
/// line elsewhere, column for column.
fn is_exact_relisting(line: &Line, originals: &HashSet<Vec<String>>) -> bool {
    line.iter()
        .filter(|s| !s.is_empty())
        .all(|s| is_relisting(s))
        && originals.contains(&line.iter().map(|s| strip_markers(s)).collect::<Vec<_>>())
}

fn write_sheet(ws: &mut Worksheet, s: &Sheet) -> Result<(), String> {
    let cell = style::cell();
    let step = style::step();
    let header = style::header();
    ws.set_name(&s.name).map_err(err)?;
    ws.write_string_with_format(0, 0, &s.title, &style::title())
        .map_err(err)?;
    for (c, (name, w)) in s.header.iter().zip(&s.widths).enumerate() {
        ws.write_string_with_format(HEADER_ROW, c as u16, *name, &header)
            .map_err(err)?;
        ws.set_column_width(c as u16, *w).map_err(err)?;
    }
    let base = HEADER_ROW + 1;
    let merged: HashSet<(u32, u16)> = s
        .merges
        .iter()
        .flat_map(|&(r0, c0, r1, c1)| (r0..=r1).flat_map(move |r| (c0..=c1).map(move |c| (r, c))))
        .collect();
    for (r, row) in s.rows.iter().enumerate() {
        let r = r as u32;
        for (c, v) in row.iter().enumerate() {
            let c = c as u16;
            if merged.contains(&(r, c)) {
                continue;
            }
            let f: &Format = if s.step_cols.contains(&c) && *v != Cell::Empty {
                &step
            } else {
                &cell
            };
            match v {
                Cell::Empty => ws.write_blank(base + r, c, f),
                Cell::Text(t) => ws.write_string_with_format(base + r, c, t, f),
                Cell::Number(n) => ws.write_number_with_format(base + r, c, *n, f),
            }
            .map_err(err)?;
        }
    }
    for &(r0, c0, r1, c1) in &s.merges {
        let text = match s.rows.get(r0 as usize).and_then(|row| row.get(c0 as usize)) {
            Some(Cell::Text(t)) => t.as_str(),
            _ => "",
        };
        let f = if c0 >= 4 && r0 == r1 { &step } else { &cell };
        ws.merge_range(base + r0, c0, base + r1, c1, text, f)
            .map_err(err)?;
    }
    // Row heights from the wrapped text: Excel grows rows on edit but not on open, and
    // LibreOffice keeps the default height, so without this long texts overlap.
    for (r, row) in s.rows.iter().enumerate() {
        let mut lines = 1.0f64;
        for (c, v) in row.iter().enumerate() {
            let Cell::Text(t) = v else { continue };
            let (r32, c16) = (r as u32, c as u16);
            let mut width = s.widths.get(c).copied().unwrap_or(10.0);
            if let Some(&(_, _, r1, c1)) = s
                .merges
                .iter()
                .find(|&&(r0, c0, _, _)| r0 == r32 && c0 == c16)
            {
                if r1 > r32 {
                    continue; // a vertical merge has the height of all its rows
                }
                width = (c..=c1 as usize)
                    .map(|k| s.widths.get(k).copied().unwrap_or(10.0))
                    .sum();
            }
            lines = lines.max((text_width(t) / (width - 1.0).max(1.0)).ceil());
        }
        ws.set_row_height(base + r as u32, 15.0 * lines)
            .map_err(err)?;
    }
    ws.set_freeze_panes(base, 0).map_err(err)?;
    ws.set_landscape();
    ws.set_paper_size(8); // A3, as the roadmap is printed
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(HEADER_ROW, HEADER_ROW).map_err(err)?;
    Ok(())
}

/// Display width in Excel character units: full-width characters take about two.
pub fn text_width(t: &str) -> f64 {
    t.chars()
        .map(|c| if c.is_ascii() { 1.1 } else { 2.0 })
        .sum()
}

/// The 記入例 sheet: an example of how to fill the grid, which the reader skips by name.
fn example_sheet(ws: &mut Worksheet) -> Result<(), String> {
    let mut rows = vec![
        vec![
            Cell::text("(2)"),
            Cell::text("②"),
            Cell::text("（例）〇〇など△△の推進"),
            Cell::text("（例）△△システムの導入"),
            Cell::Empty,
            Cell::text("情報収集・検討"),
            Cell::Empty,
            Cell::text("△△システムの導入"),
            Cell::text("△△システムの運用"),
            Cell::Empty,
            Cell::text("工程は開始年度の欄に書く。次の工程の前年度まで（最後の工程は令和11年度まで）続く。"),
        ],
        vec![
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::text("□□の運用"),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::text("空欄の柱・施策・具体的な取り組み・取り組み項目は上の行と同じ。"),
        ],
    ];
    rows.iter_mut().for_each(|r| r.resize(11, Cell::Empty));
    let mut header = vec!["柱", "施策", "具体的な取り組み", "取り組み項目"];
    header.extend(YEAR_HEADERS);
    header.push("備考");
    let s = Sheet {
        name: "記入例".into(),
        title: "記入例（この シートは取り込まれません）".into(),
        header,
        widths: vec![
            7.0, 7.0, 34.0, 26.0, 20.0, 20.0, 20.0, 20.0, 20.0, 20.0, 40.0,
        ],
        rows,
        merges: Vec::new(),
        step_cols: (4..10).collect(),
    };
    write_sheet(ws, &s)
}

pub fn workbooks(t: &Transcription) -> Result<Vec<(String, Vec<u8>)>, String> {
    let all: Vec<Entry> = t
        .pillars
        .iter()
        .flat_map(|p| {
            p.policies
                .iter()
                .flat_map(move |q| q.initiatives.iter().map(move |i| (p, q, i)))
        })
        .collect();
    for (_, _, i) in &all {
        if !FILES.iter().any(|f| f.dept == i.dept) {
            return Err(format!("no file for department {:?}", i.dept));
        }
    }
    let originals: HashSet<Vec<String>> = all
        .iter()
        .flat_map(|(_, _, i)| i.items.iter().flat_map(|t| &t.lines))
        .filter(|l| !l.iter().any(|s| is_relisting(s)))
        .map(|l| l.to_vec())
        .collect();
    let mut out = Vec::new();
    for (n, f) in FILES.iter().enumerate() {
        let entries: Vec<Entry> = all.iter().filter(|e| e.2.dept == f.dept).copied().collect();
        if entries.is_empty() {
            return Err(format!("department {:?} has no initiative", f.dept));
        }
        let stem = format!("{:02}_{}", n + 1, f.dept);
        match f.layout {
            Layout::Ods => {
                let s = grid_sheet(f, &entries);
                out.push((format!("{stem}.ods"), ods::write(&s)?));
            }
            Layout::Grid | Layout::List => {
                let s = if f.layout == Layout::Grid {
                    grid_sheet(f, &entries)
                } else {
                    list_sheet(f, &entries, &originals)
                };
                let mut wb: Workbook = style::workbook(&s.title)?;
                write_sheet(wb.add_worksheet(), &s)?;
                if f.example {
                    example_sheet(wb.add_worksheet())?;
                }
                out.push((format!("{stem}.xlsx"), wb.save_to_buffer().map_err(err)?));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data;

    /// Every chart line of the transcription appears in exactly one grid or list sheet, in
    /// print order within its department.
    #[test]
    fn every_line_is_in_one_file() {
        let t = data::parse(data::TEXT).expect("parses");
        let mut want = 0;
        for p in &t.pillars {
            want += data::counts(p).steps;
        }
        let all: Vec<Entry> = t
            .pillars
            .iter()
            .flat_map(|p| {
                p.policies
                    .iter()
                    .flat_map(move |q| q.initiatives.iter().map(move |i| (p, q, i)))
            })
            .collect();
        let mut got = 0;
        for f in FILES {
            let entries: Vec<Entry> = all.iter().filter(|e| e.2.dept == f.dept).copied().collect();
            let s = match f.layout {
                Layout::List => list_sheet(f, &entries, &HashSet::new()),
                _ => grid_sheet(f, &entries),
            };
            for row in &s.rows {
                got += s
                    .step_cols
                    .iter()
                    .filter(|&&c| matches!(row.get(c as usize), Some(Cell::Text(_))))
                    .count();
            }
        }
        assert_eq!(got, want);
    }

    #[test]
    fn pinned_years() {
        assert_eq!(pinned_year("デザインの リニューアル(R5)"), Some(2023));
        assert_eq!(
            pinned_year("iPhoneへマイナンバーカード機能の搭載(国の動向による)"),
            None
        );
        assert_eq!(pinned_year("ICT-BCPの運用"), None);
    }
}
