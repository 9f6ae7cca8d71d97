//! `koteihyo template`: each department's current lines as a submission workbook in the grid
//! layout, to be edited for the next edition and sent back.
//!
//! A template reads back as the lines it was made from (only `source` positions differ), so
//! that the templates plus the plan workbook are a complete input folder:
//! - files are named `NN_課名.xlsx`, `NN` taken from the department's first original file, so
//!   the department survives (it comes from the file name) and files keep their reading
//!   order (items of one initiative from several departments stay in order);
//! - 柱・施策 are written `(1)`, `①` where they change, 具体的な取り組み and 取り組み項目 where
//!   they change, blank below ("same as above");
//! - a step goes in the column it starts in; one that ends before the next step (or before
//!   the period end) is merged over its span. Pinned steps (`(R5)`), notes and 備考 are in
//!   the texts as written.
//!
//! What the grid cannot say (two steps starting in one year, overlapping steps, a one-year
//! step followed by an empty year) is written as closely as it can be and listed in
//! [`Templates::notes`]. The year *notation* of a list-layout submission (`R8`, `継続`)
//! becomes the column heading; the chart is the same.

mod guide;
mod sheet;
mod spec;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::diagnostic::Message;
use crate::ingest::Workbook;
use crate::model::Roadmap;
use crate::normalize::header::{self, Kind};
use crate::normalize::text::{department_from_file_stem, nfkc};

// The cells' labels live with the sheet's spec (no file of the folder reaches up into this
// one); receipts and the sheet name them here.
use spec::Place;
pub(crate) use spec::{
    pillar_label, policy_label, year_headings, HEADER_FILL, RELISTED_FILL, STEP_FILL,
};

/// One department's template.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateFile {
    /// File name, `NN_課名.xlsx`.
    pub name: String,
    /// The department (担当課).
    pub department: String,
    /// The workbook.
    pub bytes: Vec<u8>,
}

/// The templates made, with what could not be written exactly.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Templates {
    /// One workbook per department, in file-name order.
    pub files: Vec<TemplateFile>,
    /// Lines the grid layout cannot express exactly (file, text, why).
    pub notes: Vec<Message>,
}

/// Why templates could not be made.
#[derive(Debug)]
pub enum TemplateError {
    /// rust_xlsxwriter refused something.
    Xlsx(rust_xlsxwriter::XlsxError),
    /// `--department` names no department of the roadmap (the known ones follow).
    UnknownDepartment(String, Vec<String>),
    /// A plan workbook also holds a roadmap sheet: copying it would repeat those lines.
    PlanWithRoadmap(String),
    /// Two outputs would get the same file name.
    NameClash(String),
}

impl TemplateError {
    /// What happened and what to do.
    pub fn message(&self) -> Message {
        match self {
            TemplateError::Xlsx(e) => crate::msg!(
                "様式のワークブックを作れません（{}）。不具合として報告してください（前回の出力はそのままです）。",
                "cannot make a template workbook ({}): please report this as a bug (the previous outputs are untouched).",
                e
            ),
            TemplateError::UnknownDepartment(d, known) => crate::msg!(
                "担当課「{}」は工程表にありません。--department には次のどれかを指定してください: {}",
                "department 「{}」 is not in the roadmap: give --department one of: {}",
                d,
                known.join("、")
            ),
            TemplateError::PlanWithRoadmap(file) => crate::msg!(
                "{} には計画のシートと工程表のシートが両方あります。工程表のシートを各課のファイルに分けてください。",
                "{} holds both plan sheets and a roadmap sheet: move the roadmap sheet into the departments' files.",
                file
            ),
            TemplateError::NameClash(name) => crate::msg!(
                "出力ファイル名 {} が二つの課で重なります。元のファイル名の番号か課名を変えてください。",
                "two departments would get the file name {}: change the number or department in the original file names.",
                name
            ),
        }
    }
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message())
    }
}

impl std::error::Error for TemplateError {}

impl From<rust_xlsxwriter::XlsxError> for TemplateError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        TemplateError::Xlsx(e)
    }
}

/// The files of `workbooks` that hold plan sheets (計画, 体系, はじめに, KPI, 改定履歴): they go
/// into the template folder as they are. A file that holds a roadmap sheet too is an error.
pub fn plan_files(workbooks: &[Workbook]) -> Result<Vec<String>, TemplateError> {
    let mut files = Vec::new();
    for book in workbooks {
        let kinds: Vec<Kind> = book
            .sheets
            .iter()
            .filter(|s| !is_skipped_sheet(&s.name))
            .filter_map(|s| header::detect(s).map(|h| h.kind))
            .collect();
        let plan = kinds.iter().any(|k| {
            matches!(
                k,
                Kind::PlanInfo | Kind::Frame | Kind::Intro | Kind::Kpi | Kind::Revisions
            )
        });
        let roadmap = kinds
            .iter()
            .any(|k| matches!(k, Kind::RoadmapGrid | Kind::RoadmapList));
        if plan && roadmap {
            return Err(TemplateError::PlanWithRoadmap(book.file.clone()));
        }
        if plan {
            files.push(book.file.clone());
        }
    }
    Ok(files)
}

/// Sheets ingest skips by name (examples and instructions).
fn is_skipped_sheet(name: &str) -> bool {
    let n = nfkc(name);
    let n = n.trim();
    n.starts_with("記入例") || n.starts_with("説明")
}

/// The rows of one department, in document order, and the original file they came from.
struct Department<'a> {
    files: BTreeSet<String>,
    rows: Vec<Place<'a>>,
}

/// Makes the templates: every department's, or only `department`'s. `plan_files` are the
/// plan workbooks (see [`plan_files`]); initiatives whose only trace is there are not any
/// department's.
pub fn templates(
    roadmap: &Roadmap,
    plan_files: &[String],
    department: Option<&str>,
    progress: Option<crate::model::FiscalYear>,
) -> Result<Templates, TemplateError> {
    let departments = collect(roadmap, plan_files);
    let files: BTreeSet<&String> = departments
        .values()
        .flat_map(|d| d.files.iter())
        .chain(plan_files)
        .collect();
    let ordinal: BTreeMap<&String, usize> =
        files.iter().enumerate().map(|(i, f)| (*f, i)).collect();
    let wanted = department.map(|d| nfkc(d).trim().to_string());
    if let Some(w) = &wanted {
        if !departments.contains_key(w) {
            let known = departments.keys().cloned().collect();
            return Err(TemplateError::UnknownDepartment(w.clone(), known));
        }
    }
    let mut out = Templates::default();
    let mut names: BTreeSet<String> = plan_files.iter().cloned().collect();
    for (dept, d) in &departments {
        if wanted.as_ref().is_some_and(|w| w != dept) {
            continue;
        }
        let first = d.files.iter().next().map(String::as_str).unwrap_or("");
        let number = leading_number(first).unwrap_or_else(|| {
            let i = d.files.iter().next().and_then(|f| ordinal.get(f)).copied();
            format!("{:02}", i.unwrap_or(0) + 1)
        });
        let name = format!("{number}_{}.xlsx", file_safe(dept));
        if !names.insert(name.clone()) {
            return Err(TemplateError::NameClash(name));
        }
        // The department comes from the file name unless the name cannot carry it.
        let stem = name.trim_end_matches(".xlsx");
        let column = department_from_file_stem(stem) != *dept;
        let spec = sheet::Spec {
            roadmap,
            department: dept,
            rows: &d.rows,
            department_column: column,
            progress,
        };
        let written = sheet::write(&spec)?;
        out.notes.extend(
            written
                .notes
                .into_iter()
                .map(|n| Message::new(format!("{name}: {}", n.ja), format!("{name}: {}", n.en))),
        );
        out.files.push(TemplateFile {
            name,
            department: dept.clone(),
            bytes: written.bytes,
        });
    }
    out.files.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// Every department's rows, keyed by department.
fn collect<'a>(roadmap: &'a Roadmap, plan_files: &[String]) -> BTreeMap<String, Department<'a>> {
    // The department of a file: that of its first step, else the file name's.
    let mut file_dept: BTreeMap<&str, &str> = BTreeMap::new();
    for (_, s) in roadmap.steps() {
        file_dept.entry(&s.source.file).or_insert(&s.department);
    }
    let dept_of_file = |file: &str| -> String {
        match file_dept.get(file) {
            Some(d) => (*d).to_string(),
            None => department_from_file_stem(stem(file)),
        }
    };
    let mut out: BTreeMap<String, Department<'a>> = BTreeMap::new();
    let mut add = |dept: String, file: &str, place: Place<'a>| {
        let d = out.entry(dept).or_insert_with(|| Department {
            files: BTreeSet::new(),
            rows: Vec::new(),
        });
        d.files.insert(file.to_string());
        d.rows.push(place);
    };
    for pillar in &roadmap.pillars {
        for policy in &pillar.policies {
            for initiative in &policy.initiatives {
                let at = Place {
                    pillar,
                    policy,
                    initiative,
                    item: None,
                    line: None,
                };
                if initiative.items.is_empty() {
                    let file = &initiative.source.file;
                    if !file.is_empty() && !plan_files.contains(file) {
                        add(dept_of_file(file), file, at);
                    }
                    continue;
                }
                for item in &initiative.items {
                    let at = Place {
                        item: Some(item),
                        ..at
                    };
                    if item.lines.is_empty() {
                        add(item.department.clone(), &item.source.file, at);
                        continue;
                    }
                    for line in &item.lines {
                        let (dept, file) = match line.steps.first() {
                            Some(s) => (s.department.clone(), s.source.file.as_str()),
                            None => (dept_of_file(&line.source.file), line.source.file.as_str()),
                        };
                        let at = Place {
                            line: Some(line),
                            ..at
                        };
                        add(dept, file, at);
                    }
                }
            }
        }
    }
    out
}

fn stem(file: &str) -> &str {
    file.rsplit_once('.').map(|(s, _)| s).unwrap_or(file)
}

/// The leading digits of a file name (`03_市民課.xlsx` → `03`).
fn leading_number(file: &str) -> Option<String> {
    let digits: String = file.chars().take_while(char::is_ascii_digit).collect();
    (!digits.is_empty()).then_some(digits)
}

/// A department name made safe for a file name: path separators and the characters Windows
/// forbids become `_`.
fn file_safe(dept: &str) -> String {
    let s: String = dept
        .chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let s = s.trim().trim_matches('.').to_string();
    if s.is_empty() {
        "担当課未設定".to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Period;

    #[test]
    fn names() {
        assert_eq!(leading_number("03_市民課.xlsx").as_deref(), Some("03"));
        assert_eq!(leading_number("市民課.xlsx"), None);
        assert_eq!(file_safe("企画/調整課"), "企画_調整課");
        assert_eq!(file_safe(" "), "担当課未設定");
        let p = Period::default();
        let h = year_headings(&p);
        assert_eq!(h.first().map(String::as_str), Some("～令和6(2024)年度"));
        assert_eq!(h.last().map(String::as_str), Some("令和11(2029)年度"));
    }
}
