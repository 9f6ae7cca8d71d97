//! Shared by the rolling tests: a copy of `input/`, the binary, and a workbook as a
//! department's spreadsheet program sees it (cells and merges, read with calamine and
//! written back with rust_xlsxwriter: formats, drop-downs and protection are lost, as they
//! may be in a department's hands).
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use calamine::{open_workbook, Data, Reader, Xlsx};
use koteihyo::model::Roadmap;
use rust_xlsxwriter::{Format, Workbook};

use super::support::{self, koteihyo};

/// The first year column of a template (after 柱, 施策, 具体的な取り組み, 取り組み項目).
pub const YEAR_COL: usize = 4;

/// Copies the repository's `input/` into `dir/input`.
pub fn copy_input(dir: &Path) -> PathBuf {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("input");
    let dst = dir.join("input");
    std::fs::create_dir_all(&dst).expect("mkdir");
    for e in std::fs::read_dir(&src).expect("read input/") {
        let e = e.expect("entry");
        std::fs::copy(e.path(), dst.join(e.file_name())).expect("copy");
    }
    dst
}

pub fn run_ok(args: &[&str], cwd: &Path) -> support::Run {
    let run = koteihyo(args, cwd);
    assert_eq!(run.status, 0, "{args:?}\n{}\n{}", run.stdout, run.stderr);
    run
}

pub fn read_roadmap(path: &Path) -> Roadmap {
    let text = std::fs::read_to_string(path).expect("roadmap.json");
    serde_json::from_str(&text).expect("roadmap.json parses")
}

// --- a workbook as a department's spreadsheet program sees it ------------------------------

#[derive(Clone, Debug, PartialEq)]
pub enum V {
    E,
    S(String),
    N(f64),
}

pub struct SheetData {
    pub name: String,
    pub rows: Vec<Vec<V>>,
    /// (first row, first col, last row, last col)
    pub merges: Vec<(u32, u16, u32, u16)>,
}

impl SheetData {
    pub fn get(&self, r: usize, c: usize) -> &V {
        self.rows.get(r).and_then(|row| row.get(c)).unwrap_or(&V::E)
    }
    pub fn set(&mut self, r: usize, c: usize, v: V) {
        if self.rows.len() <= r {
            self.rows.resize(r + 1, Vec::new());
        }
        let row = &mut self.rows[r];
        if row.len() <= c {
            row.resize(c + 1, V::E);
        }
        row[c] = v;
    }
    pub fn find(&self, text: &str, from_col: usize) -> Option<(usize, usize)> {
        self.rows.iter().enumerate().find_map(|(r, row)| {
            row.iter()
                .enumerate()
                .skip(from_col)
                .find(|(_, v)| **v == V::S(text.to_string()))
                .map(|(c, _)| (r, c))
        })
    }
    pub fn insert_row(&mut self, at: usize, row: Vec<V>) {
        self.rows.insert(at, row);
        for m in &mut self.merges {
            if m.0 as usize >= at {
                m.0 += 1;
                m.2 += 1;
            }
        }
    }
    pub fn remove_row(&mut self, at: usize) {
        self.rows.remove(at);
        self.merges.retain(|m| m.0 as usize != at);
        for m in &mut self.merges {
            if m.0 as usize > at {
                m.0 -= 1;
                m.2 -= 1;
            }
        }
    }
}

pub fn read_book(path: &Path) -> Vec<SheetData> {
    let mut book: Xlsx<_> = open_workbook(path).expect("open workbook");
    let names = book.sheet_names();
    let mut out = Vec::new();
    for name in names {
        let range = book.worksheet_range(&name).expect("sheet");
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut sheet = SheetData {
            name: name.clone(),
            rows: Vec::new(),
            merges: Vec::new(),
        };
        for (r, row) in range.rows().enumerate() {
            for (c, d) in row.iter().enumerate() {
                let v = match d {
                    Data::String(s) => V::S(s.clone()),
                    Data::Float(f) => V::N(*f),
                    Data::Int(i) => V::N(*i as f64),
                    Data::Empty => continue,
                    other => V::S(other.to_string()),
                };
                sheet.set(r0 as usize + r, c0 as usize + c, v);
            }
        }
        if let Ok(dims) = book.merge_cells_by_sheet_name(&name) {
            sheet.merges = dims
                .iter()
                .map(|d| (d.start.0, d.start.1 as u16, d.end.0, d.end.1 as u16))
                .collect();
        }
        out.push(sheet);
    }
    out
}

pub fn write_book(path: &Path, sheets: &[SheetData]) {
    let mut book = Workbook::new();
    for s in sheets {
        let ws = book.add_worksheet();
        ws.set_name(&s.name).expect("name");
        for (r, row) in s.rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                match v {
                    V::S(t) => {
                        ws.write_string(r as u32, c as u16, t).expect("write");
                    }
                    V::N(n) => {
                        ws.write_number(r as u32, c as u16, *n).expect("write");
                    }
                    V::E => {}
                }
            }
        }
        for &(r0, c0, r1, c1) in &s.merges {
            let text = match s.get(r0 as usize, c0 as usize) {
                V::S(t) => t.clone(),
                _ => String::new(),
            };
            ws.merge_range(r0, c0, r1, c1, &text, &Format::new())
                .expect("merge");
        }
    }
    book.save(path).expect("save");
}

/// The template of a department, and its 工程表 sheet's index.
pub fn template_of(dir: &Path, department: &str) -> PathBuf {
    let suffix = format!("_{department}.xlsx");
    std::fs::read_dir(dir)
        .expect("template dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().ends_with(&suffix))
        })
        .unwrap_or_else(|| panic!("no template for {department}"))
}

pub fn edit(path: &Path, f: impl FnOnce(&mut SheetData)) {
    let mut book = read_book(path);
    let sheet = book
        .iter_mut()
        .find(|s| s.name == "工程表" || s.name == "KPI")
        .expect("sheet to edit");
    f(sheet);
    write_book(path, &book);
}
