//! Ingest: the only module that touches calamine. Reads every workbook into sparse cells.

mod cfb;
mod drawing;
mod files;
pub mod guard;
mod layout;
mod look;
mod ods;
mod ods_look;
mod ranges;
mod sheet;
mod workbook;
mod xls;
mod xlsx;
mod xml;

use std::path::{Path, PathBuf};

use crate::diagnostic::{Code, Diagnostic, Place, Warned};

pub use files::{RunError, RECEIPT_PREFIX};
pub use look::{Fill, Look, Note, Shape, ShapeKind, Struck};
pub use sheet::is_percent_format;
pub use workbook::{Cell, Merge, Sheet, Value, Workbook};

pub mod limits;

/// Reads every workbook named by `paths` (files, or folders whose files, sub-folders
/// included, are read in name order). A file that cannot be read becomes a diagnostic; the others are still read.
/// Only a path that does not exist or a folder that cannot be listed fails the run.
pub fn ingest(paths: &[PathBuf]) -> Result<Warned<Vec<Workbook>>, RunError> {
    let listing = files::list(paths)?;
    let mut diagnostics = listing.skipped;
    let results = read_parallel(&listing.workbooks);
    let mut workbooks = Vec::new();
    for r in results {
        diagnostics.extend(r.diagnostics);
        if let Some(w) = r.output {
            workbooks.push(w);
        }
    }
    Ok(Warned::new(workbooks, diagnostics))
}

/// One worker per core, each taking the next file: files are independent and calamine's
/// parsing is CPU-bound.
fn read_parallel(paths: &[(PathBuf, String)]) -> Vec<Warned<Option<Workbook>>> {
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(paths.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut slots: Vec<Option<Warned<Option<Workbook>>>> = (0..paths.len()).map(|_| None).collect();
    let slots_mutex = std::sync::Mutex::new(&mut slots);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some((path, name)) = paths.get(i) else {
                    break;
                };
                let r = read_named(path, name);
                if let Ok(mut guard) = slots_mutex.lock() {
                    if let Some(slot) = guard.get_mut(i) {
                        *slot = Some(r);
                    }
                }
            });
        }
    });
    slots.into_iter().flatten().collect()
}

/// Reads one workbook file. Never panics: a panic inside a reader on a damaged file is turned
/// into a `file-unreadable` diagnostic.
pub fn read_file(path: &Path) -> Warned<Option<Workbook>> {
    read_named(path, &files::display_name(path))
}

/// [`read_file`], the workbook shown as `name` (a file in a sub-folder with its folders).
fn read_named(path: &Path, name: &str) -> Warned<Option<Workbook>> {
    let place = Place::file(name);
    let bytes = match files::read_bounded(path, &place) {
        Ok(b) => b,
        Err(d) => return Warned::new(None, vec![d]),
    };
    read_bytes(name, bytes)
}

/// Reads a workbook from its bytes, choosing the format by content, not by extension (an old
/// .xls renamed .xlsx is still read). Never panics: a panic inside a reader on damaged
/// content becomes a `file-unreadable` diagnostic. (What a panic cannot catch, an
/// allocation failure or an endless loop, is kept out by the checks in `guard` and `cfb`
/// before calamine sees the bytes.)
pub fn read_bytes(name: &str, bytes: Vec<u8>) -> Warned<Option<Workbook>> {
    READING.with(|r| r.set(true));
    let result =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read_format(name, bytes)));
    READING.with(|r| r.set(false));
    match result {
        Ok(w) => w,
        Err(_) => Warned::new(
            None,
            vec![Diagnostic::with(
                Code::FileUnreadable,
                Place::file(name),
                [crate::diagnostic::Message::new(
                    "内容が壊れていて読み取れません",
                    "the reader failed on damaged content",
                )
                .arg()],
            )],
        ),
    }
}

fn read_format(name: &str, bytes: Vec<u8>) -> Warned<Option<Workbook>> {
    let place = Place::file(name);
    let unreadable = |why: crate::diagnostic::Arg| {
        Warned::new(
            None,
            vec![Diagnostic::with(Code::FileUnreadable, place.clone(), [why])],
        )
    };
    let refused = |r: guard::Refusal| Warned::new(None, vec![r.diagnostic(place.clone())]);
    match files::sniff(&bytes) {
        files::Format::Zip => {
            let is_ods = ods::is_ods(&bytes);
            if let Err(r) = guard::check_zip(&bytes, is_ods) {
                return refused(r);
            }
            if is_ods {
                ods::read(name, bytes)
            } else if files::contains(&bytes, b"xl/workbook.bin") {
                // .xlsb: its reader builds whole ranges with no guard in front of it, and the
                // contract asks for .xlsx, .xlsm, .xls and .ods.
                unreadable(
                    crate::diagnostic::Message::new(
                        "Excelバイナリブック(.xlsb)は読めません。.xlsx で保存し直してください",
                        ".xlsb is not supported: save it as .xlsx",
                    )
                    .arg(),
                )
            } else {
                xlsx::read(name, bytes)
            }
        }
        files::Format::Cfb => {
            let compound = match cfb::Compound::parse(&bytes) {
                Ok(c) => c,
                Err(r) => return refused(r),
            };
            if compound.has("EncryptedPackage") {
                return unreadable(
                    crate::diagnostic::Message::new(
                        "パスワードで保護されています",
                        "password-protected",
                    )
                    .arg(),
                );
            }
            match cfb::check_xls(&compound) {
                Ok(hidden) => xls::read(name, bytes, hidden),
                Err(r) => refused(r),
            }
        }
        files::Format::Empty => {
            unreadable(crate::diagnostic::Message::new("空のファイルです", "empty file").arg())
        }
        files::Format::Unknown => unreadable(
            crate::diagnostic::Message::new(
                "表計算ソフトのファイルではありません",
                "not a spreadsheet file",
            )
            .arg(),
        ),
    }
}

thread_local! {
    /// Set while this thread is inside a workbook reader.
    static READING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether this thread is inside a workbook reader. A panic there (calamine on a damaged
/// file) is caught and reported as `file-unreadable`; the binary's panic hook (`main.rs`)
/// asks this to keep such a panic's message off a clerk's screen.
pub fn reading_workbook() -> bool {
    READING.with(|r| r.get())
}
