//! Writing outputs all or nothing: every file goes to a temporary name in the output folder
//! first; only when all are written are they renamed into place, and if a rename fails the
//! ones already renamed are put back. A failed run leaves the previous outputs byte for byte
//! as they were, and no temporary file behind.
//!
//! Each rename replaces its target atomically, so a run killed at any moment leaves every
//! output either the previous one or the new one, never a half-written file; what such a run
//! leaves behind (temporary files, the links that keep the previous outputs for a roll-back)
//! is removed by the next run.
//!
//! Two runs on one folder take turns: a run holds an exclusive lock on the output folder
//! itself (`flock` on the folder, so no lock file is left behind, and a killed run's lock
//! goes with it) from cleaning the leftovers to its last rename. The folder therefore always
//! holds one run's outputs, the run that finished last, never a mix of two.
//!
//! The files are not fsynced: they are regenerated from `input/` by running `build` again,
//! and a sync cost a third of a build's time. The renames still mean a reader never sees a
//! half-written file.
//!
//! Test hook (not for users): with `KOTEIHYO_TEST_PAUSE_AFTER_RENAME=FILE` in the
//! environment, a run creates `FILE` after its first rename and waits, holding the lock,
//! until `FILE` is removed (at most [`PAUSE_LIMIT`]): a test can then kill it between two
//! renames every time (`tests/hostile/outputs.rs`).

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diagnostic::Message;
use crate::msg;

/// The environment variable of the test hook (see the module doc).
pub const PAUSE_HOOK: &str = "KOTEIHYO_TEST_PAUSE_AFTER_RENAME";
/// Longest a run waits on the test hook: a forgotten hook file cannot hang a run for ever.
pub const PAUSE_LIMIT: std::time::Duration = std::time::Duration::from_secs(60);

/// One file to write: its name in the output folder and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// File name, e.g. `roadmap.pdf`.
    pub name: String,
    /// The whole file.
    pub bytes: Vec<u8>,
}

impl Output {
    /// An output named `name`.
    pub fn new(name: impl Into<String>, bytes: Vec<u8>) -> Output {
        Output {
            name: name.into(),
            bytes,
        }
    }
}

/// What went wrong, as far as the user can act on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The output path (or a folder above it) is a file.
    OutputIsFile,
    /// An output's name is taken by a folder, which a rename cannot replace.
    TargetIsFolder,
    /// The disk (or the size allowed to a file) is full.
    NoSpace,
    /// The folder may not be written.
    NoPermission,
    /// Anything else the system said.
    Other,
}

/// A write that failed, naming the path it failed on. The previous outputs are intact.
#[derive(Debug)]
pub struct OutputError {
    /// The folder or file the failure is about.
    pub path: PathBuf,
    /// What the user can do about it.
    pub fault: Fault,
    /// What the system said.
    pub error: std::io::Error,
}

impl OutputError {
    fn new(path: &Path, error: std::io::Error) -> OutputError {
        use std::io::ErrorKind as K;
        let fault = match error.kind() {
            K::StorageFull | K::FileTooLarge | K::QuotaExceeded => Fault::NoSpace,
            K::PermissionDenied | K::ReadOnlyFilesystem => Fault::NoPermission,
            K::IsADirectory => Fault::TargetIsFolder,
            K::NotADirectory => Fault::OutputIsFile,
            _ => Fault::Other,
        };
        OutputError {
            path: path.to_path_buf(),
            fault,
            error,
        }
    }

    /// What happened and what to do, naming the path.
    pub fn message(&self) -> Message {
        let p = self.path.display();
        let e = &self.error;
        match self.fault {
            Fault::OutputIsFile => msg!(
                "出力先 {} はファイルです。--output にはフォルダを指定してください（前回の出力はそのままです）。",
                "the output path {} is a file: give a folder with --output (the previous outputs are untouched).",
                p
            ),
            Fault::TargetIsFolder => msg!(
                "{} はフォルダのため置き換えられません。別の場所へ移すか削除してから、もう一度実行してください（前回の出力はそのままです）。",
                "{} is a folder and cannot be replaced: move or delete it, then run again (the previous outputs are untouched).",
                p
            ),
            Fault::NoSpace => msg!(
                "{} を書けません: ディスクの空きが足りません。空きを作るか --output で別の場所を指定して、もう一度実行してください（前回の出力はそのままです）。",
                "cannot write {}: the disk is full. Free some space or choose another folder with --output, then run again (the previous outputs are untouched).",
                p
            ),
            Fault::NoPermission => msg!(
                "{} に書き込む権限がありません。フォルダの権限を確かめるか --output で別のフォルダを指定して、もう一度実行してください（前回の出力はそのままです）。",
                "no permission to write {}: check the folder's permissions or choose another folder with --output, then run again (the previous outputs are untouched).",
                p
            ),
            Fault::Other => msg!(
                "{} を書けません（{}）。原因を取り除いて、もう一度実行してください（前回の出力はそのままです）。",
                "cannot write {} ({}): remove the cause and run again (the previous outputs are untouched).",
                p,
                e
            ),
        }
    }
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message())
    }
}

impl std::error::Error for OutputError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

/// Writes `files` into `dir`, all or nothing, holding the folder's lock (see the module doc).
pub fn write_all(dir: &Path, files: &[Output]) -> Result<(), OutputError> {
    write_all_with(dir, files, &|from, to| std::fs::rename(from, to))
}

fn temp_name(name: &str) -> String {
    format!(".{name}.tmp-{}", std::process::id())
}

fn keep_name(name: &str) -> String {
    format!(".{name}.prev-{}", std::process::id())
}

/// Leftovers of an earlier run that was killed: its temporary files and kept previous
/// outputs. A kept output whose target is missing is put back first.
fn clean_leftovers(dir: &Path, files: &[Output]) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    for Output { name, .. } in files {
        let temp = format!(".{name}.tmp-");
        let kept = format!(".{name}.prev-");
        for path in &entries {
            let Some(file) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            if file.starts_with(&kept) && !dir.join(name).exists() {
                let _ = std::fs::rename(path, dir.join(name));
            } else if file.starts_with(&temp) || file.starts_with(&kept) {
                let _ = std::fs::remove_file(path);
            }
        }
    }
}

/// Creates the output folder, or says which path in the way is a file.
fn create_folder(dir: &Path) -> Result<(), OutputError> {
    if let Err(e) = std::fs::create_dir_all(dir) {
        // The path itself, or a folder above it, may be a file.
        let blocker = dir.ancestors().find(|a| a.exists() && !a.is_dir());
        return Err(match blocker {
            Some(file) => OutputError {
                path: file.to_path_buf(),
                fault: Fault::OutputIsFile,
                error: e,
            },
            None => OutputError::new(dir, e),
        });
    }
    Ok(())
}

/// Takes the folder's exclusive lock, waiting for another run to finish its writes. The lock
/// is released when the returned file is dropped (or the process ends).
fn lock_folder(dir: &Path) -> Result<std::fs::File, OutputError> {
    let folder = std::fs::File::open(dir).map_err(|e| OutputError::new(dir, e))?;
    folder.lock().map_err(|e| OutputError::new(dir, e))?;
    Ok(folder)
}

/// The test hook of the module doc: after the first rename, announce the pause and wait.
fn pause_for_test() {
    let Some(signal) = std::env::var_os(PAUSE_HOOK) else {
        return;
    };
    let signal = PathBuf::from(signal);
    if std::fs::write(&signal, std::process::id().to_string()).is_err() {
        return;
    }
    let start = std::time::Instant::now();
    while signal.exists() && start.elapsed() < PAUSE_LIMIT {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

/// Writes every file to its temporary name; on failure removes them and names the output.
fn write_temps(dir: &Path, files: &[Output]) -> Result<Vec<(PathBuf, PathBuf)>, OutputError> {
    let mut temps: Vec<(PathBuf, PathBuf)> = Vec::new();
    for Output { name, bytes } in files {
        let temp = dir.join(temp_name(name));
        let target = dir.join(name);
        temps.push((temp.clone(), target.clone()));
        let written = std::fs::File::create(&temp).and_then(|mut f| f.write_all(bytes));
        if let Err(e) = written {
            for (temp, _) in &temps {
                let _ = std::fs::remove_file(temp);
            }
            return Err(OutputError::new(&target, e));
        }
    }
    Ok(temps)
}

/// [`write_all`] with the rename step given, so tests can make it fail.
fn write_all_with(
    dir: &Path,
    files: &[Output],
    rename: &dyn Fn(&Path, &Path) -> std::io::Result<()>,
) -> Result<(), OutputError> {
    create_folder(dir)?;
    let _lock = lock_folder(dir)?;
    clean_leftovers(dir, files);
    // A target that is a folder can never be replaced: say so before touching anything.
    for Output { name, .. } in files {
        let target = dir.join(name);
        if target.is_dir() {
            let e = std::io::Error::new(std::io::ErrorKind::IsADirectory, "is a folder");
            return Err(OutputError::new(&target, e));
        }
    }
    let temps = write_temps(dir, files)?;
    // Keep each previous output under a second name (a hard link, or a copy where links are
    // not supported) so a failed rename further on can put it back.
    let mut kept: Vec<(PathBuf, PathBuf)> = Vec::new();
    for Output { name, .. } in files {
        let target = dir.join(name);
        if target.is_file() {
            let keep = dir.join(keep_name(name));
            let _ = std::fs::remove_file(&keep);
            let linked = std::fs::hard_link(&target, &keep)
                .or_else(|_| std::fs::copy(&target, &keep).map(|_| ()));
            if let Err(e) = linked {
                undo(&temps, &kept, 0, rename);
                return Err(OutputError::new(&target, e));
            }
            kept.push((keep, target));
        }
    }
    for (i, (temp, target)) in temps.iter().enumerate() {
        if let Err(e) = rename(temp, target) {
            undo(&temps, &kept, i, rename);
            return Err(OutputError::new(target, e));
        }
        if i == 0 {
            pause_for_test();
        }
    }
    for (keep, _) in &kept {
        let _ = std::fs::remove_file(keep);
    }
    Ok(())
}

/// Puts the previous outputs back after the first `renamed` temporaries were renamed into
/// place, and removes every temporary and kept file. Targets that had no previous output are
/// removed again.
fn undo(
    temps: &[(PathBuf, PathBuf)],
    kept: &[(PathBuf, PathBuf)],
    renamed: usize,
    rename: &dyn Fn(&Path, &Path) -> std::io::Result<()>,
) {
    for (_, target) in temps.iter().take(renamed) {
        match kept.iter().find(|(_, t)| t == target) {
            Some((keep, _)) => {
                let _ = rename(keep, target);
            }
            None => {
                let _ = std::fs::remove_file(target);
            }
        }
    }
    for (temp, _) in temps {
        let _ = std::fs::remove_file(temp);
    }
    for (keep, _) in kept {
        let _ = std::fs::remove_file(keep);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("koteihyo-output-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).expect("temp dir");
        d
    }

    fn listing(d: &Path) -> Vec<(String, Vec<u8>)> {
        let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(d)
            .expect("read dir")
            .flatten()
            .map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                (name, std::fs::read(e.path()).unwrap_or_default())
            })
            .collect();
        v.sort();
        v
    }

    fn outputs(files: &[(&str, &[u8])]) -> Vec<Output> {
        files
            .iter()
            .map(|(n, b)| Output::new(*n, b.to_vec()))
            .collect()
    }

    fn new_outputs() -> Vec<Output> {
        outputs(&[
            ("a.json", b"new a"),
            ("b.pdf", b"new b"),
            ("c.xlsx", b"new c"),
        ])
    }

    #[test]
    fn writes_all() {
        let d = dir("all");
        write_all(&d, &new_outputs()).expect("write");
        assert_eq!(
            listing(&d),
            vec![
                ("a.json".into(), b"new a".to_vec()),
                ("b.pdf".into(), b"new b".to_vec()),
                ("c.xlsx".into(), b"new c".to_vec()),
            ]
        );
    }

    #[test]
    fn a_failed_rename_puts_the_previous_outputs_back() {
        let d = dir("rename");
        write_all(&d, &outputs(&[("a.json", b"old a"), ("b.pdf", b"old b")])).expect("first run");
        let before = listing(&d);
        // The third rename fails: a.json and b.pdf were already replaced.
        let calls = std::cell::Cell::new(0);
        let failing = |from: &Path, to: &Path| {
            calls.set(calls.get() + 1);
            if calls.get() == 3 {
                Err(std::io::Error::other("disk gone"))
            } else {
                std::fs::rename(from, to)
            }
        };
        assert!(write_all_with(&d, &new_outputs(), &failing).is_err());
        assert_eq!(
            listing(&d),
            before,
            "previous outputs intact, nothing left over"
        );
    }

    #[test]
    fn a_failed_temporary_write_leaves_nothing() {
        let d = dir("temp");
        write_all(&d, &outputs(&[("a.json", b"old a")])).expect("first run");
        let before = listing(&d);
        // The second temporary file cannot be created: its name is taken by a folder.
        std::fs::create_dir(d.join(temp_name("b.pdf"))).expect("blocker");
        assert!(write_all(&d, &new_outputs()).is_err());
        std::fs::remove_dir(d.join(temp_name("b.pdf"))).expect("blocker");
        assert_eq!(listing(&d), before);
    }

    #[test]
    fn leftovers_of_a_killed_run_are_cleaned_and_a_missing_output_restored() {
        let d = dir("killed");
        std::fs::write(d.join(".a.json.tmp-99999"), b"half").expect("write");
        std::fs::write(d.join(".b.pdf.prev-99999"), b"old b").expect("write");
        std::fs::write(d.join("c.xlsx"), b"old c").expect("write");
        std::fs::write(d.join(".c.xlsx.prev-99999"), b"older c").expect("write");
        clean_leftovers(&d, &new_outputs());
        assert_eq!(
            listing(&d),
            vec![
                ("b.pdf".into(), b"old b".to_vec()),
                ("c.xlsx".into(), b"old c".to_vec()),
            ]
        );
    }
}
