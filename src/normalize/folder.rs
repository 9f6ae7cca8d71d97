//! Folder accounting: every department exactly once (`docs/SUBMISSIONS.md`, "Folder
//! accounting"). One pass over the roadmap sheets of every submission, before their rows are
//! merged: which department each sheet stands for (its 担当課 column, else a sheet name that
//! names a known department, else the file name, else its sub-folder's name), two sources of
//! one department (files or sheets), names that join several departments; and, for a whole
//! folder, the expected departments that nothing was submitted for ([`missing`]).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use regex::Regex;

use super::header::{Field, Header};
use super::submission::{department_cells, stem};
use super::text::{department_from_file_stem, header_key, is_department_name, strip_number};
use crate::diagnostic::{Code, Diagnostic, Message, Place, Warned};
use crate::ingest::Sheet;

/// A roadmap sheet (grid or list layout) of a submission, as the pass sees it.
pub struct RoadmapSheet<'a> {
    /// The file name as shown, e.g. `03_市民課.xlsx` or `市民課/工程表.xlsx`.
    pub file: &'a str,
    /// The sheet.
    pub sheet: &'a Sheet,
    /// Its recognised header row.
    pub header: &'a Header,
}

/// What the pass decided.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Departments {
    /// Per roadmap sheet (file, sheet name): the department of its rows that have no 担当課
    /// cell.
    pub of_sheet: BTreeMap<(String, String), String>,
    /// (file, sheet name, department key): a second source of a department, whose rows of
    /// that department are not put into the roadmap (a `department-duplicate` error says so).
    pub set_aside: BTreeSet<(String, String, String)>,
    /// Per department key, the files that submit it, in reading order (and those whose
    /// name joins it with another, `department-unclear`).
    pub found: BTreeMap<String, Vec<String>>,
}

impl Departments {
    /// The one department a file's name (or its sub-folder's) gives, if any: for a file that
    /// could not be read, whose department is then not missing as well.
    pub fn named_by_file(file: &str, listed: &[String]) -> Option<String> {
        match of_file(file, listed) {
            Named::One(d) => Some(d),
            Named::Joined(_) | Named::Other(_) => None,
        }
    }

    /// The department of a sheet's rows without a 担当課 cell (`None` for a sheet the pass
    /// did not see).
    pub fn of(&self, file: &str, sheet: &str) -> Option<&str> {
        self.of_sheet
            .get(&(file.to_string(), sheet.to_string()))
            .map(String::as_str)
    }

    /// Whether rows of `department` on this sheet go into the roadmap.
    pub fn keeps(&self, file: &str, sheet: &str, department: &str) -> bool {
        let key = (file.to_string(), sheet.to_string(), header_key(department));
        !self.set_aside.contains(&key)
    }
}

/// What a name (a file's stem, a folder's or a sheet's name) says about the department.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Named {
    /// One department.
    One(String),
    /// Several departments joined (「市民課・情報政策課」): none of its own.
    Joined(Vec<String>),
    /// No department recognisable; the text the file name rule gives.
    Other(String),
}

/// What `name` says about the department. The plan's list (`listed`) is looked for first,
/// whole names inside the text (「子ども・福祉部」 stays one department); without a match,
/// the parts between separators that end like a department (課, 部 …).
fn named(name: &str, listed: &[String]) -> Named {
    let key = header_key(name);
    let mut found: Vec<(usize, &String)> = listed
        .iter()
        .filter_map(|d| {
            let k = header_key(d);
            // An empty name (white space or marks only) is inside every name.
            (!k.is_empty()).then(|| key.find(&k).map(|at| (at, d)))?
        })
        .collect();
    // A listed name inside a longer one found (福祉部 in 子ども・福祉部) is that one.
    let all = found.clone();
    found.retain(|(_, d)| {
        let k = header_key(d);
        !all.iter()
            .any(|(_, o)| o.len() > d.len() && header_key(o).contains(&k))
    });
    found.sort();
    found.dedup_by(|a, b| header_key(a.1) == header_key(b.1));
    match found.as_slice() {
        [(_, one)] => return Named::One((*one).clone()),
        [_, _, ..] => return Named::Joined(found.iter().map(|(_, d)| (*d).clone()).collect()),
        [] => {}
    }
    let rest = strip_number(name);
    let parts: Vec<&str> = split_names(&rest)
        .into_iter()
        .filter(|p| is_department_name(p))
        .collect();
    let distinct: BTreeSet<String> = parts.iter().map(|p| header_key(p)).collect();
    if distinct.len() > 1 {
        return Named::Joined(parts.iter().map(|p| p.to_string()).collect());
    }
    let d = department_from_file_stem(name);
    if is_department_name(&d) {
        Named::One(d)
    } else {
        Named::Other(d)
    }
}

/// Where names are joined or decorated: 「・」「、」, brackets, `_ - .`, slashes, spaces, 及び.
static SEPARATORS_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[\s_\-.,，、・/／()\[\]【】「」〔〕（）]+|及び|および")
        .expect("separator pattern is valid")
});

fn split_names(text: &str) -> Vec<&str> {
    SEPARATORS_RE
        .split(text)
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// The department a file stands for: its name, else (a name like 工程表.xlsx) the innermost
/// sub-folder that names one (`市民課/工程表.xlsx`).
fn of_file(file: &str, listed: &[String]) -> Named {
    let mut parts = file.rsplit('/');
    let own = named(stem(parts.next().unwrap_or(file)), listed);
    if !matches!(own, Named::Other(_)) {
        return own;
    }
    parts
        .map(|folder| named(folder, listed))
        .find(|n| !matches!(n, Named::Other(_)))
        .unwrap_or(own)
}

/// The one department a file's name (or its sub-folder's) gives, if any: for a file that
/// could not be read, whose department is then not missing as well.
pub fn named_by_file(file: &str, listed: &[String]) -> Option<String> {
    match of_file(file, listed) {
        Named::One(d) => Some(d),
        Named::Joined(_) | Named::Other(_) => None,
    }
}

/// The department of a sheet's rows without a 担当課 cell: a sheet named after a known
/// department (listed, or without a list any name ending like one), else its file's. A file
/// name joining several departments gives none: an error asks for a column or sheet names.
///
/// Returns the department and, for a sheet whose department is unclear, the departments its
/// file name joins.
fn of_sheet(
    s: &RoadmapSheet<'_>,
    listed: &[String],
    out: &mut Vec<Diagnostic>,
) -> (String, Vec<String>) {
    if let Named::One(d) = named(&s.sheet.name, listed) {
        return (d, Vec::new());
    }
    match of_file(s.file, listed) {
        Named::One(d) | Named::Other(d) => (d, Vec::new()),
        Named::Joined(names) => {
            let joined = names.join("・");
            if s.header.col(Field::Department).is_some() {
                return (joined, Vec::new());
            }
            out.push(Diagnostic::new(
                Code::DepartmentUnclear,
                Place::sheet(s.file, &s.sheet.name),
                &[&s.sheet.name, &joined],
            ));
            (joined, names)
        }
    }
}

/// The departments a sheet carries (keys, with the name as first written): those of its
/// 担当課 cells, and its own for rows without one. A sheet with nothing below its header
/// carries none (an empty template beside the filled one is no second source).
fn carried(
    s: &RoadmapSheet<'_>,
    own: Option<&str>,
    listed: &[String],
    out: &mut Vec<Diagnostic>,
) -> Vec<(String, String)> {
    // Rows with something besides a 担当課 cell: a department cell alone on a row is no
    // source (it is reported as a cell that was not read).
    let department_col = s.header.col(Field::Department);
    let mut rows: BTreeSet<u32> = s
        .sheet
        .cells
        .iter()
        .filter(|c| c.row > s.header.row && Some(c.col) != department_col)
        .map(|c| c.row)
        .collect();
    let mut names: Vec<(String, String)> = Vec::new();
    for (row, col, text) in department_cells(s.sheet, s.header) {
        if !rows.remove(&row) {
            continue;
        }
        // A cell naming several departments has its warning and is no source of any.
        if !several(s, (row, col), &text, listed, out) {
            names.push((header_key(&text), text));
        }
    }
    if let Some(own) = own.filter(|_| !rows.is_empty()) {
        names.push((header_key(own), own.to_string()));
    }
    let mut seen = BTreeSet::new();
    names.retain(|(k, _)| seen.insert(k.clone()));
    names
}

/// A 担当課 cell naming two departments or more is a warning (one department per line).
/// Returns whether it was one.
fn several(
    s: &RoadmapSheet<'_>,
    (row, col): (u32, u32),
    text: &str,
    listed: &[String],
    out: &mut Vec<Diagnostic>,
) -> bool {
    let Named::Joined(names) = named(text, listed) else {
        return false;
    };
    out.push(Diagnostic::new(
        Code::DepartmentSeveral,
        Place::cell(s.file, &s.sheet.name, row, col),
        &[text, &names.join("、")],
    ));
    true
}

/// A file name that marks a copy or an old version: such a file yields to the other source.
static COPY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)コピー|copy|[(（]\d+[)）]|旧|old|バックアップ|backup|控え")
        .expect("copy pattern is valid")
});

/// One source of a department: a file, or a sheet of it.
#[derive(Debug, Clone)]
struct Source {
    file: String,
    sheet: String,
}

/// The folder-accounting pass over the roadmap sheets, in reading order. `listed` is the
/// plan workbook's list of departments (empty when it has none).
pub fn account(sheets: &[RoadmapSheet<'_>], listed: &[String]) -> Warned<Departments> {
    let mut out = Vec::new();
    let mut result = Departments::default();
    // key → (name as first written, sources in reading order)
    let mut by_key: BTreeMap<String, (String, Vec<Source>)> = BTreeMap::new();
    // (department key, file) of sheets whose department is unclear between those named.
    let mut unclear: Vec<(String, String)> = Vec::new();
    for s in sheets {
        let (own, joined) = of_sheet(s, listed, &mut out);
        unclear.extend(joined.iter().map(|d| (header_key(d), s.file.to_string())));
        // An unclear sheet's rows are no source of the departments its file name joins.
        let source = joined.is_empty().then_some(own.as_str());
        for (key, name) in carried(s, source, listed, &mut out) {
            let entry = by_key.entry(key).or_insert_with(|| (name, Vec::new()));
            entry.1.push(Source {
                file: s.file.to_string(),
                sheet: s.sheet.name.clone(),
            });
        }
        result
            .of_sheet
            .insert((s.file.to_string(), s.sheet.name.clone()), own);
    }
    for (key, (name, sources)) in by_key {
        let mut files: Vec<String> = sources.iter().map(|s| s.file.clone()).collect();
        files.dedup();
        result.found.insert(key.clone(), files);
        duplicates(&key, &name, &sources, &mut result.set_aside, &mut out);
    }
    // A file whose department is unclear (an error already) stands for each department it
    // names: none of them is reported missing as well.
    for (key, file) in unclear {
        let files = result.found.entry(key).or_default();
        if !files.contains(&file) {
            files.push(file);
        }
    }
    Warned::new(result, out)
}

/// Two sources or more of one department: the first in reading order whose file name marks
/// no copy is read into the roadmap; each other file (or other sheet of the same file) is an
/// error naming both, and its rows of the department are set aside.
fn duplicates(
    key: &str,
    name: &str,
    sources: &[Source],
    set_aside: &mut BTreeSet<(String, String, String)>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(kept) = sources
        .iter()
        .min_by_key(|s| COPY_RE.is_match(stem(&s.file)))
    else {
        return;
    };
    let mut reported = BTreeSet::new();
    for s in sources {
        if s.file == kept.file && s.sheet == kept.sheet {
            continue;
        }
        set_aside.insert((s.file.clone(), s.sheet.clone(), key.to_string()));
        let (place, both) = if s.file == kept.file {
            let sheet = |sheet: &str| {
                Message::new(
                    format!("{}」のシート「{sheet}", s.file),
                    format!("{}\", sheet \"{sheet}", s.file),
                )
                .arg()
            };
            (
                Place::sheet(&s.file, &s.sheet),
                [sheet(&kept.sheet), sheet(&s.sheet)],
            )
        } else {
            (
                Place::file(&s.file),
                [kept.file.as_str().into(), s.file.as_str().into()],
            )
        };
        if reported.insert(place.clone()) {
            let [first, second] = both;
            out.push(Diagnostic::with(
                Code::DepartmentDuplicate,
                place,
                [name.into(), first, second],
            ));
        }
    }
}

/// Each expected department (name, where the list gives it) with no source in `found` is an
/// error at that place, saying where it was looked for.
pub fn missing(
    expected: &[(String, Place)],
    found: &BTreeSet<String>,
    looked_in: &str,
) -> Vec<Diagnostic> {
    let mut seen = BTreeSet::new();
    expected
        .iter()
        .filter(|(d, _)| seen.insert(header_key(d)) && !found.contains(&header_key(d)))
        .map(|(d, place)| Diagnostic::new(Code::DepartmentMissing, place.clone(), &[d, looked_in]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_plan_list_is_matched_before_the_name_is_split() {
        let listed = list(&["子ども・福祉部", "福祉部", "市民課"]);
        assert_eq!(
            named("05_子ども・福祉部", &listed),
            Named::One("子ども・福祉部".into())
        );
        assert_eq!(named("05_福祉部", &listed), Named::One("福祉部".into()));
    }

    #[test]
    fn a_name_joining_two_departments_is_none_of_its_own() {
        let listed = list(&["市民課", "情報政策課"]);
        assert_eq!(
            named("03_市民課・情報政策課", &listed),
            Named::Joined(list(&["市民課", "情報政策課"]))
        );
        assert_eq!(
            named("03_市民課・情報政策課", &[]),
            Named::Joined(list(&["市民課", "情報政策課"]))
        );
        assert_eq!(
            named("03_市民課 - コピー", &[]),
            Named::One("市民課".into())
        );
        assert_eq!(named("工程表", &[]), Named::Other("工程表".into()));
    }

    #[test]
    fn a_sub_folder_names_the_department_of_a_plain_file_name() {
        assert_eq!(
            of_file("03_市民課/工程表.xlsx", &[]),
            Named::One("市民課".into())
        );
        assert_eq!(
            of_file("提出/03_税務課.xlsx", &[]),
            Named::One("税務課".into())
        );
    }

    #[test]
    fn copies_are_marked_by_their_names() {
        for copy in [
            "03_市民課 - コピー",
            "03_市民課 (1)",
            "03_市民課_旧",
            "Copy of 市民課",
        ] {
            assert!(COPY_RE.is_match(copy), "{copy}");
        }
        assert!(!COPY_RE.is_match("03_市民課_修正版"));
    }
}
