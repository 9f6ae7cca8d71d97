//! Which files are workbooks, and reading their bytes within bounds.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::limits;
use crate::diagnostic::{Code, Diagnostic, Message, Place};

/// A failure of the run itself (exit status 2), not of one file.
#[derive(Debug)]
pub enum RunError {
    /// A path to read (a file or a folder) does not exist.
    NotFound(PathBuf),
    /// A path to read cannot be inspected, or a folder cannot be listed (e.g. no permission).
    Unreadable(PathBuf, std::io::Error),
}

impl RunError {
    /// What happened and what to do, naming the path.
    pub fn message(&self) -> Message {
        match self {
            RunError::NotFound(p) => crate::msg!(
                "{} が見つかりません。入力フォルダ（またはファイル）の場所を確かめて、もう一度指定してください（build と template では --input）。",
                "{} not found: check where the input folder (or file) is and name it again (--input for build and template).",
                p.display()
            ),
            RunError::Unreadable(p, e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                crate::msg!(
                    "{} を読む権限がありません。権限を確かめるか、読めるところに写してから指定してください。",
                    "no permission to read {}: check its permissions, or copy it somewhere readable and name the copy.",
                    p.display()
                )
            }
            RunError::Unreadable(p, e) => crate::msg!(
                "{} を読めません（{}）。場所と中身を確かめて、もう一度実行してください。",
                "cannot read {} ({}): check the path and its contents, then run again.",
                p.display(),
                e
            ),
        }
    }
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message())
    }
}

impl std::error::Error for RunError {}

/// What [`list`] found: the workbooks to read (path and the name shown in diagnostics),
/// and a finding for every other file.
pub struct Listing {
    /// (path, name shown): a file in a sub-folder is shown with its folders,
    /// `市民課/工程表.xlsx`, so the folder may name the department.
    pub workbooks: Vec<(PathBuf, String)>,
    /// A finding for each file not read: skipped (info) or refused (a `.zip`, error).
    pub skipped: Vec<Diagnostic>,
}

const EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "ods", "xlsb"];

/// Folders below a folder named that are still searched: deeper is no layout a clerk makes,
/// and the bound keeps a loop of links from going on for ever.
const MAX_DEPTH: usize = 8;

/// Expands folders (sub-folders too, in name order) and sorts out the files that are not
/// workbooks, each with a finding so nothing is skipped silently.
pub fn list(paths: &[PathBuf]) -> Result<Listing, RunError> {
    let mut listing = Listing {
        workbooks: Vec::new(),
        skipped: Vec::new(),
    };
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => RunError::NotFound(path.clone()),
            _ => RunError::Unreadable(path.clone(), e),
        })?;
        if meta.is_dir() {
            let mut visited = std::collections::BTreeSet::new();
            walk(path, "", &mut visited, &mut listing)?;
        } else if extension(&display_name(path)) == "zip" {
            listing.skipped.push(zip_not_read(&display_name(path)));
        } else {
            // A file named explicitly is read whatever its name: the user asked for it.
            listing.workbooks.push((path.clone(), display_name(path)));
        }
    }
    Ok(listing)
}

/// Lists the folder `dir`, shown as `prefix` (empty for a folder named), into `listing`.
/// `visited` holds the folders listed so far: a link back to one of them (a loop, or a
/// second way to the same folder) is not listed again, so its files are not read twice.
fn walk(
    dir: &Path,
    prefix: &str,
    visited: &mut std::collections::BTreeSet<PathBuf>,
    listing: &mut Listing,
) -> Result<(), RunError> {
    let depth = prefix.matches('/').count();
    if let Ok(real) = std::fs::canonicalize(dir) {
        visited.insert(real);
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| RunError::Unreadable(dir.to_path_buf(), e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for entry in entries {
        let name = format!("{prefix}{}", display_name(&entry));
        let hidden = display_name(&entry).starts_with('.');
        let seen = std::fs::canonicalize(&entry).is_ok_and(|real| visited.contains(&real));
        if entry.is_dir() && is_build_output(&entry) {
            // `build --output` or `check --receipts` inside the folder read: koteihyo's own
            // files are no submission (kpi.xlsx would read as a department's copy).
            skip(
                &name,
                &Message::new(
                    "koteihyo の出力フォルダ（roadmap.json があります）",
                    "koteihyo's output folder (it holds roadmap.json)",
                ),
                listing,
            );
        } else if entry.is_dir() && seen {
            skip(
                &name,
                &Message::new(
                    "読み込み済みのフォルダへのリンク",
                    "link to a folder already read",
                ),
                listing,
            );
        } else if entry.is_dir() && !hidden && depth < MAX_DEPTH {
            let before = listing.workbooks.len() + listing.skipped.len();
            walk(&entry, &format!("{name}/"), visited, listing)?;
            if listing.workbooks.len() + listing.skipped.len() == before {
                skip(
                    &name,
                    &Message::new("空のフォルダ", "empty folder"),
                    listing,
                );
            }
        } else {
            classify(&entry, name, listing);
        }
    }
    Ok(())
}

/// How a receipt's file name starts (`確認票_03_市民課.xlsx`): a receipt in a folder read is
/// koteihyo's own output, never a submission.
pub const RECEIPT_PREFIX: &str = "確認票_";

/// A folder that holds `roadmap.json` is a build's output folder.
fn is_build_output(dir: &Path) -> bool {
    dir.join("roadmap.json").is_file()
}

fn skip(name: &str, why: &Message, listing: &mut Listing) {
    listing.skipped.push(Diagnostic::with(
        Code::FileSkipped,
        Place::file(name),
        [why.arg()],
    ));
}

/// A `.zip` is refused, not read: see README "Choices".
fn zip_not_read(name: &str) -> Diagnostic {
    Diagnostic::new(Code::ZipNotRead, Place::file(name), &[name])
}

fn classify(path: &Path, name: String, listing: &mut Listing) {
    let file = display_name(path);
    if path.is_dir() {
        let why = if file.starts_with('.') {
            Message::new("隠しフォルダ", "hidden folder")
        } else {
            Message::new(
                format!("{MAX_DEPTH}階層より深いフォルダ"),
                format!("folder more than {MAX_DEPTH} levels deep"),
            )
        };
        skip(&name, &why, listing);
    } else if file.starts_with(RECEIPT_PREFIX) && extension(&file) == "xlsx" {
        skip(
            &name,
            &Message::new("koteihyo の確認票", "a receipt written by koteihyo"),
            listing,
        );
    } else if file.starts_with("~$") {
        skip(
            &name,
            &Message::new("Excelのロックファイル", "Excel lock file"),
            listing,
        );
    } else if file.starts_with('.') {
        skip(&name, &Message::new("隠しファイル", "hidden file"), listing);
    } else if extension(&file) == "zip" {
        listing.skipped.push(zip_not_read(&name));
    } else if !EXTENSIONS.contains(&extension(&file).as_str()) {
        skip(
            &name,
            &Message::new("表計算ファイルではない", "not a spreadsheet"),
            listing,
        );
    } else {
        listing.workbooks.push((path.to_path_buf(), name));
    }
}

fn extension(name: &str) -> String {
    name.rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

/// The name shown in diagnostics: the file name without its folder.
pub fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Reads a file whole, refusing one larger than [`limits::MAX_FILE_BYTES`].
pub fn read_bounded(path: &Path, place: &Place) -> Result<Vec<u8>, Diagnostic> {
    let unreadable = |e: std::io::Error| {
        Diagnostic::with(
            Code::FileUnreadable,
            place.clone(),
            [read_failure(&e).arg()],
        )
    };
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let mut bytes = Vec::new();
    file.take(limits::MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > limits::MAX_FILE_BYTES {
        let why = crate::diagnostic::Message::new(
            format!("ファイルが{}MBを超えています", limits::MAX_FILE_BYTES >> 20),
            format!("file larger than {} MB", limits::MAX_FILE_BYTES >> 20),
        )
        .arg();
        return Err(Diagnostic::with(Code::LimitExceeded, place.clone(), [why]));
    }
    Ok(bytes)
}

pub enum Format {
    Zip,
    Cfb,
    Empty,
    Unknown,
}

/// The container format from the first bytes.
pub fn sniff(bytes: &[u8]) -> Format {
    if bytes.is_empty() {
        Format::Empty
    } else if bytes.starts_with(b"PK\x03\x04") {
        Format::Zip
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Format::Cfb
    } else {
        Format::Unknown
    }
}

/// Whether `needle` occurs in `bytes` (a zip's entry names are stored uncompressed).
pub fn contains(bytes: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && bytes.windows(needle.len()).any(|w| w == needle)
}

/// Why a file could not be read, in both languages: no permission said as such (a clerk can
/// act on it), anything else as the system said it (after 「ファイルを開けません: 」, so not
/// 「読めません」 again).
fn read_failure(e: &std::io::Error) -> Message {
    if e.kind() == std::io::ErrorKind::PermissionDenied {
        Message::new(
            "読む権限がありません（ファイルの権限を確かめてください）",
            "no permission to read it (check the file's permissions)",
        )
    } else {
        Message::new(format!("システムの応答「{e}」"), e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Lang;

    #[test]
    fn no_permission_is_said_in_each_language() {
        let e = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let why = read_failure(&e);
        assert_eq!(
            why.get(Lang::Ja),
            "読む権限がありません（ファイルの権限を確かめてください）"
        );
        assert_eq!(
            why.get(Lang::En),
            "no permission to read it (check the file's permissions)"
        );
        let other = read_failure(&std::io::Error::other("disk gone"));
        assert_eq!(other.get(Lang::Ja), "システムの応答「disk gone」");
        assert_eq!(other.get(Lang::En), "disk gone");
    }
}
