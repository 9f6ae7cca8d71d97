//! Writing outputs all or nothing: every file goes to a temporary name in the output folder
//! first; only when all are written are they renamed into place, and if a rename fails the
//! ones already renamed are put back. A failed run leaves the previous outputs byte for byte
//! as they were, and no temporary file behind.
//!
//! `build` streams each output into its temporary file as the renderer makes it
//! ([`Staging`]), so no output is ever held whole in memory; `template` hands over its files'
//! bytes ([`write_all`]). Both go through the same staging, lock and renames.
//!
//! Each rename replaces its target atomically, so a run killed at any moment leaves every
//! output either the previous one or the new one, never a half-written file; what such a run
//! leaves behind (temporary files, the links that keep the previous outputs for a roll-back)
//! is removed by the next run.
//!
//! Two runs on one folder take turns: a run holds an exclusive lock (a killed run's lock goes
//! with it) from cleaning the leftovers, through writing its temporary files, to its last
//! rename. On Unix the lock is on the folder itself, so no file is left behind; where a
//! folder cannot be opened as a file (Windows) it is on the file [`LOCK_FILE`] inside it,
//! which stays, empty, so that every run locks the same file. The folder therefore always
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

/// The file inside the output folder that runs lock to take turns where a folder cannot be
/// locked itself (Windows; see the module doc).
pub const LOCK_FILE: &str = ".koteihyo.lock";

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
    /// A fault of writing `path`, judged from the error (a full disk, no permission, …).
    pub fn at(path: &Path, error: std::io::Error) -> OutputError {
        OutputError::new(path, error)
    }

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

/// [`write_all`] with the rename step given, so tests can make it fail.
fn write_all_with(
    dir: &Path,
    files: &[Output],
    rename: &dyn Fn(&Path, &Path) -> std::io::Result<()>,
) -> Result<(), OutputError> {
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    let staging = Staging::open(dir, &names)?;
    for Output { name, bytes } in files {
        let mut file = staging.create(name)?;
        if let Err(e) = file.write_all(bytes) {
            return Err(file
                .fault()
                .unwrap_or_else(|| OutputError::new(&file.target, e)));
        }
        file.finish()?;
    }
    staging.commit_with(rename)
}

fn temp_name(name: &str) -> String {
    format!(".{name}.tmp-{}", std::process::id())
}

fn keep_name(name: &str) -> String {
    format!(".{name}.prev-{}", std::process::id())
}

/// Leftovers of an earlier run that was killed: its temporary files and kept previous
/// outputs. A kept output whose target is missing is put back first.
fn clean_leftovers(dir: &Path, names: &[String], folders: bool) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    for name in names {
        let temp = format!(".{name}.tmp-");
        let kept = format!(".{name}.prev-");
        for path in &entries {
            let Some(file) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            if file.starts_with(&kept) && !dir.join(name).exists() {
                let _ = std::fs::rename(path, dir.join(name));
            } else if file.starts_with(&temp) || file.starts_with(&kept) {
                // Only a folder output's leftovers are folders: anything else in the way
                // is not ours to delete.
                if folders {
                    remove_any(path);
                } else {
                    let _ = std::fs::remove_file(path);
                }
            }
        }
    }
}

/// Removes a file, or a folder with everything in it (a folder output's temporary or kept
/// copy). What cannot be removed stays; the next run cleans it.
fn remove_any(path: &Path) {
    if path.is_dir() {
        let _ = std::fs::remove_dir_all(path);
    } else {
        let _ = std::fs::remove_file(path);
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

/// How a run locks its output folder (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Locking {
    /// The folder itself, opened as a file: no file is left behind, so a template folder
    /// handed to departments holds templates only (Unix).
    Folder,
    /// The file [`LOCK_FILE`] inside the folder, made by the first run and left, empty, for
    /// the next (where a folder cannot be opened as a file: Windows).
    File,
}

/// This platform's way. Both ways are compiled and tested everywhere (`lock_file_way_*`), so
/// the Windows way is not first run on Windows.
const LOCKING: Locking = if cfg!(unix) {
    Locking::Folder
} else {
    Locking::File
};

/// Takes the folder's exclusive lock, waiting for another run to finish its writes. The lock
/// is released when the returned file is dropped (or the process ends).
fn lock_folder(dir: &Path, locking: Locking) -> Result<std::fs::File, OutputError> {
    let path = lock_path(dir, locking);
    let make = locking == Locking::File;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(make)
        .create(make)
        .truncate(false)
        .open(&path)
        .map_err(|e| OutputError::new(&path, e))?;
    file.lock().map_err(|e| OutputError::new(&path, e))?;
    Ok(file)
}

/// What a run locks: the folder, or [`LOCK_FILE`] inside it.
fn lock_path(dir: &Path, locking: Locking) -> PathBuf {
    match locking {
        Locking::Folder => dir.to_path_buf(),
        Locking::File => dir.join(LOCK_FILE),
    }
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

/// Outputs being written into a folder, all or nothing: [`Staging::open`] takes the folder's
/// lock, each output is written through [`Staging::create`] into its temporary file (so an
/// output is streamed to disk as it is made, never held whole in memory), and
/// [`Staging::commit`] renames them all into place. Dropped without a commit, it removes
/// every temporary file and leaves the previous outputs as they were.
///
/// ```
/// use std::io::Write;
/// let dir = std::env::temp_dir().join(format!("koteihyo-staging-doc-{}", std::process::id()));
/// let staging = koteihyo::output::Staging::open(&dir, &["a.txt"]).unwrap();
/// let mut file = staging.create("a.txt").unwrap();
/// file.write_all(b"new").unwrap();
/// assert_eq!(file.finish().unwrap(), 3);
/// staging.commit().unwrap();
/// assert_eq!(std::fs::read(dir.join("a.txt")).unwrap(), b"new");
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    /// The outputs' file names, in the order they are renamed.
    names: Vec<String>,
    /// The outputs that are folders of files (e.g. `確認票`), renamed after the files.
    folders: Vec<String>,
    /// The folder, locked until the staging is dropped.
    _lock: std::fs::File,
}

impl Staging {
    /// Creates and locks the folder (waiting for another run's writes), cleans what a killed
    /// run left, and checks that no output's name is taken by a folder — before anything is
    /// made, so a run that cannot write says so first.
    pub fn open(dir: &Path, names: &[&str]) -> Result<Staging, OutputError> {
        Staging::open_with_folders(dir, names, &[])
    }

    /// [`Staging::open`] with outputs that are folders too (`folders`, e.g. `確認票`): each is
    /// made whole under a temporary name ([`Staging::create_folder`]) and replaces the previous
    /// folder in the same commit, all or nothing with the files.
    pub fn open_with_folders(
        dir: &Path,
        names: &[&str],
        folders: &[&str],
    ) -> Result<Staging, OutputError> {
        create_folder(dir)?;
        let lock = lock_folder(dir, LOCKING)?;
        let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        let folders: Vec<String> = folders.iter().map(|n| n.to_string()).collect();
        clean_leftovers(dir, &names, false);
        clean_leftovers(dir, &folders, true);
        // A target that is a folder can never be replaced by a file, nor a file by a folder:
        // say so before touching anything.
        let wrong = |name: &String, folder: bool| {
            let target = dir.join(name);
            let (kind, what) = if folder {
                (std::io::ErrorKind::NotADirectory, "is a file")
            } else {
                (std::io::ErrorKind::IsADirectory, "is a folder")
            };
            let clash = if folder {
                target.exists() && !target.is_dir()
            } else {
                target.is_dir()
            };
            clash.then(|| OutputError::new(&target, std::io::Error::new(kind, what)))
        };
        let clash = (names.iter().find_map(|n| wrong(n, false)))
            .or_else(|| folders.iter().find_map(|n| wrong(n, true)));
        if let Some(e) = clash {
            return Err(e);
        }
        Ok(Staging {
            dir: dir.to_path_buf(),
            names,
            folders,
            _lock: lock,
        })
    }

    /// The temporary folder of the folder output `name` (one of the folders given to
    /// [`Staging::open_with_folders`]), created empty; its files are written into it.
    pub fn create_folder(&self, name: &str) -> Result<PathBuf, OutputError> {
        let temp = self.dir.join(temp_name(name));
        remove_any(&temp);
        std::fs::create_dir(&temp).map_err(|e| OutputError::new(&self.dir.join(name), e))?;
        Ok(temp)
    }

    /// The temporary file of the output `name` (one of the names given to [`Staging::open`]),
    /// created empty. Several can be written at once, from different threads.
    pub fn create(&self, name: &str) -> Result<TempFile, OutputError> {
        let target = self.dir.join(name);
        let temp = self.dir.join(temp_name(name));
        let file = std::fs::File::create(&temp).map_err(|e| OutputError::new(&target, e))?;
        Ok(TempFile {
            target,
            file: std::io::BufWriter::with_capacity(WRITE_BUFFER, file),
            fault: None,
        })
    }

    /// Renames every output into place (see the module doc); on failure the previous outputs
    /// are put back. Every output must have been written through [`Staging::create`] and
    /// [`TempFile::finish`].
    pub fn commit(self) -> Result<(), OutputError> {
        self.commit_with(&|from, to| std::fs::rename(from, to))
    }

    /// [`Staging::commit`] with the rename step given, so tests can make it fail.
    fn commit_with(
        &self,
        rename: &dyn Fn(&Path, &Path) -> std::io::Result<()>,
    ) -> Result<(), OutputError> {
        let temps: Vec<(PathBuf, PathBuf)> = self
            .names
            .iter()
            .chain(&self.folders)
            .map(|n| (self.dir.join(temp_name(n)), self.dir.join(n)))
            .collect();
        // Keep each previous output under a second name (a hard link, or a copy where links
        // are not supported) so a failed rename further on can put it back.
        let mut kept: Vec<(PathBuf, PathBuf)> = Vec::new();
        for name in &self.names {
            let target = self.dir.join(name);
            if target.is_file() {
                let keep = self.dir.join(keep_name(name));
                let _ = std::fs::remove_file(&keep);
                let linked = std::fs::hard_link(&target, &keep)
                    .or_else(|_| std::fs::copy(&target, &keep).map(|_| ()));
                if let Err(e) = linked {
                    undo(&temps, &kept, (0, self.folders.len()), rename);
                    return Err(OutputError::new(&target, e));
                }
                kept.push((keep, target));
            }
        }
        // A previous folder cannot be linked: it is moved aside, and moved back on failure.
        for name in &self.folders {
            let target = self.dir.join(name);
            if target.is_dir() {
                let keep = self.dir.join(keep_name(name));
                remove_any(&keep);
                if let Err(e) = rename(&target, &keep) {
                    undo(&temps, &kept, (0, self.folders.len()), rename);
                    return Err(OutputError::new(&target, e));
                }
                kept.push((keep, target));
            }
        }
        for (i, (temp, target)) in temps.iter().enumerate() {
            if let Err(e) = rename(temp, target) {
                undo(&temps, &kept, (i, self.folders.len()), rename);
                return Err(OutputError::new(target, e));
            }
            if i == 0 {
                pause_for_test();
            }
        }
        for (keep, _) in &kept {
            remove_any(keep);
        }
        Ok(())
    }
}

impl Drop for Staging {
    /// Removes the temporary files that are left: all of them when the staging was not
    /// committed (a renderer failed), none after a commit (they were renamed).
    fn drop(&mut self) {
        for name in &self.names {
            let _ = std::fs::remove_file(self.dir.join(temp_name(name)));
        }
        for name in &self.folders {
            remove_any(&self.dir.join(temp_name(name)));
        }
    }
}

/// Bytes gathered before a write to the temporary file: serde and the zip writer make many
/// small writes.
const WRITE_BUFFER: usize = 64 * 1024;

/// One output's temporary file, from [`Staging::create`]. It remembers the first error the
/// file itself gave, so that a renderer failing on a full disk is reported as a fault of the
/// output's path ([`TempFile::fault`]), not as a fault of the renderer.
#[derive(Debug)]
pub struct TempFile {
    /// The output's path in the folder, named by every fault.
    target: PathBuf,
    file: std::io::BufWriter<std::fs::File>,
    /// The first error of the file.
    fault: Option<std::io::Error>,
}

impl TempFile {
    /// The first error the file gave (a full disk, a size limit), as a fault naming the
    /// output's path; `None` when every write and seek succeeded.
    pub fn fault(&mut self) -> Option<OutputError> {
        self.fault.take().map(|e| OutputError::new(&self.target, e))
    }

    /// Writes out what is buffered and returns the file's size in bytes.
    pub fn finish(mut self) -> Result<u64, OutputError> {
        let flushed = self.flush();
        if let Some(fault) = self.fault() {
            return Err(fault);
        }
        flushed
            .and_then(|()| self.file.get_ref().metadata())
            .map(|m| m.len())
            .map_err(|e| OutputError::new(&self.target, e))
    }

    /// Keeps the first error and hands on one of the same kind.
    fn note<T>(&mut self, result: std::io::Result<T>) -> std::io::Result<T> {
        result.map_err(|e| {
            let again = std::io::Error::new(e.kind(), e.to_string());
            self.fault.get_or_insert(e);
            again
        })
    }
}

impl Write for TempFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let written = self.file.write(buf);
        self.note(written)
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        let written = self.file.write_all(buf);
        self.note(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let flushed = self.file.flush();
        self.note(flushed)
    }
}

impl std::io::Seek for TempFile {
    fn seek(&mut self, pos: std::io::SeekFrom) -> std::io::Result<u64> {
        let moved = self.file.seek(pos);
        self.note(moved)
    }
}

/// Puts the previous outputs back after the first `renamed` temporaries were renamed into
/// place, and removes every temporary and kept file (the last `folders` temporaries are
/// folders). Targets that had no previous output are removed again.
fn undo(
    temps: &[(PathBuf, PathBuf)],
    kept: &[(PathBuf, PathBuf)],
    (renamed, folders): (usize, usize),
    rename: &dyn Fn(&Path, &Path) -> std::io::Result<()>,
) {
    for (_, target) in temps.iter().take(renamed) {
        remove_any_new(target, kept, rename);
    }
    // Folders moved aside before any rename: back into place.
    for (keep, target) in kept {
        if keep.is_dir() && !target.exists() {
            let _ = rename(keep, target);
        }
    }
    // The folder outputs' temporaries come last; a file's temporary that is a folder is
    // something else in the way, not ours to delete.
    for (k, (temp, _)) in temps.iter().enumerate() {
        if k + folders >= temps.len() {
            remove_any(temp);
        } else {
            let _ = std::fs::remove_file(temp);
        }
    }
    for (keep, _) in kept {
        remove_any(keep);
    }
}

/// Undoes one rename into `target`: the previous output back in place, or the new one
/// removed when there was none.
fn remove_any_new(
    target: &Path,
    kept: &[(PathBuf, PathBuf)],
    rename: &dyn Fn(&Path, &Path) -> std::io::Result<()>,
) {
    match kept.iter().find(|(_, t)| t == target) {
        Some((keep, _)) if keep.is_dir() => {
            remove_any(target);
            let _ = rename(keep, target);
        }
        Some((keep, _)) => {
            let _ = rename(keep, target);
        }
        None => remove_any(target),
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
            .filter(|e| e.file_name() != LOCK_FILE)
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
    fn a_run_holds_the_lock_file_until_it_is_done() {
        let d = dir("lock");
        let staging = Staging::open(&d, &["a.txt"]).expect("open");
        let other = std::fs::File::open(lock_path(&d, LOCKING)).expect("what a run locks is there");
        assert!(
            matches!(other.try_lock(), Err(std::fs::TryLockError::WouldBlock)),
            "a second run waits"
        );
        drop(staging);
        other.try_lock().expect("free once the run is done");
        std::fs::remove_dir_all(&d).expect("clean");
    }

    #[test]
    fn lock_file_way_takes_turns_and_leaves_the_same_empty_file() {
        let d = dir("lock-file");
        let first = lock_folder(&d, Locking::File).expect("first run");
        let path = d.join(LOCK_FILE);
        let other = std::fs::File::open(&path).expect("the lock file is made");
        assert!(
            matches!(other.try_lock(), Err(std::fs::TryLockError::WouldBlock)),
            "a second run waits"
        );
        drop(first);
        other.try_lock().expect("free once the run is done");
        other.unlock().expect("unlock");
        assert!(path.is_file(), "the lock file stays for the next run");
        let again = lock_folder(&d, Locking::File).expect("the next run locks the same file");
        drop(again);
        assert_eq!(std::fs::read(&path).expect("stays"), b"", "empty");
        std::fs::remove_dir_all(&d).expect("clean");
    }

    #[test]
    fn lock_file_way_names_the_file_when_it_cannot_be_made() {
        let d = dir("lock-file-blocked");
        std::fs::create_dir(d.join(LOCK_FILE)).expect("a folder where the file goes");
        let e = lock_folder(&d, Locking::File).expect_err("cannot lock a folder as a file");
        assert!(e.to_string().contains(LOCK_FILE), "{e}");
        std::fs::remove_dir_all(&d).expect("clean");
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

    /// A rename that fails on the third call (`calls` counts them), as a disk gone mid-commit.
    fn third_rename_fails(
        calls: &std::cell::Cell<u32>,
        from: &Path,
        to: &Path,
    ) -> std::io::Result<()> {
        calls.set(calls.get() + 1);
        if calls.get() == 3 {
            Err(std::io::Error::other("disk gone"))
        } else {
            std::fs::rename(from, to)
        }
    }

    #[test]
    fn a_failed_rename_puts_the_previous_outputs_back() {
        let d = dir("rename");
        write_all(&d, &outputs(&[("a.json", b"old a"), ("b.pdf", b"old b")])).expect("first run");
        let before = listing(&d);
        // The third rename fails: a.json and b.pdf were already replaced.
        let calls = std::cell::Cell::new(0);
        let failing = |from: &Path, to: &Path| third_rename_fails(&calls, from, to);
        assert!(write_all_with(&d, &new_outputs(), &failing).is_err());
        assert_eq!(
            listing(&d),
            before,
            "previous outputs intact, nothing left over"
        );
    }

    /// Every file under `d`, by its path relative to `d`, with its bytes.
    fn tree(d: &Path) -> Vec<(String, Vec<u8>)> {
        let mut out = Vec::new();
        for (name, bytes) in listing(d) {
            let path = d.join(&name);
            if path.is_dir() {
                out.extend(
                    tree(&path)
                        .into_iter()
                        .map(|(n, b)| (format!("{name}/{n}"), b)),
                );
            } else {
                out.push((name, bytes));
            }
        }
        out
    }

    /// One run writing `a.json` and the folder `r` holding `files`.
    fn folder_run(
        d: &Path,
        files: &[(&str, &[u8])],
        rename: &dyn Fn(&Path, &Path) -> std::io::Result<()>,
    ) -> Result<(), OutputError> {
        let staging = Staging::open_with_folders(d, &["a.json"], &["r"])?;
        let mut a = staging.create("a.json")?;
        a.write_all(files.first().map_or(b"", |f| f.1))
            .expect("write");
        a.finish()?;
        let temp = staging.create_folder("r")?;
        for (name, bytes) in files {
            std::fs::write(temp.join(name), bytes).expect("write");
        }
        staging.commit_with(rename)
    }

    #[test]
    fn a_folder_output_replaces_the_previous_folder_whole_or_not_at_all() {
        let d = dir("folder");
        let plain = |from: &Path, to: &Path| std::fs::rename(from, to);
        folder_run(&d, &[("x.xlsx", b"old x"), ("y.xlsx", b"old y")], &plain).expect("first");
        let before = tree(&d);
        // The last rename (the folder's) fails: a.json was replaced and is put back.
        let calls = std::cell::Cell::new(0);
        let failing = |from: &Path, to: &Path| third_rename_fails(&calls, from, to);
        assert!(folder_run(&d, &[("x.xlsx", b"new x")], &failing).is_err());
        assert_eq!(
            tree(&d),
            before,
            "previous outputs intact, nothing left over"
        );
        // A good run replaces the folder: y.xlsx, gone from the new run, is gone.
        folder_run(&d, &[("x.xlsx", b"new x")], &plain).expect("second");
        assert_eq!(
            tree(&d),
            [
                ("a.json".to_string(), b"new x".to_vec()),
                ("r/x.xlsx".to_string(), b"new x".to_vec())
            ]
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
    fn a_staging_dropped_without_commit_leaves_the_previous_outputs_and_no_temporary() {
        let d = dir("dropped");
        write_all(&d, &outputs(&[("a.json", b"old a"), ("b.pdf", b"old b")])).expect("first run");
        let before = listing(&d);
        {
            let staging = Staging::open(&d, &["a.json", "b.pdf"]).expect("open");
            let mut a = staging.create("a.json").expect("create");
            a.write_all(b"new a").expect("write");
            a.finish().expect("finish");
            // b.pdf's renderer failed half-way: its temporary file is there, unfinished.
            let mut b = staging.create("b.pdf").expect("create");
            b.write_all(b"half").expect("write");
            assert_eq!(listing(&d).len(), 4, "two outputs and two temporary files");
        }
        assert_eq!(listing(&d), before);
    }

    #[test]
    fn a_temporary_file_reports_its_size_after_seeking_back() {
        use std::io::{Seek, SeekFrom};
        let d = dir("seek");
        let staging = Staging::open(&d, &["c.xlsx"]).expect("open");
        let mut c = staging.create("c.xlsx").expect("create");
        c.write_all(b"0123456789").expect("write");
        // A zip writer goes back to fill in a header.
        c.seek(SeekFrom::Start(2)).expect("seek");
        c.write_all(b"x").expect("write");
        assert_eq!(c.finish().expect("finish"), 10);
        staging.commit().expect("commit");
        assert_eq!(listing(&d), vec![("c.xlsx".into(), b"01x3456789".to_vec())]);
    }

    /// A full disk inside a renderer is the file's fault: the error names the output's path
    /// and says the disk is full (`/dev/full` fails every write with ENOSPC).
    #[cfg(target_os = "linux")]
    #[test]
    fn a_write_on_a_full_disk_is_a_fault_of_the_output_path() {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let target = PathBuf::from("/somewhere/roadmap.json");
        let mut file = TempFile {
            target: target.clone(),
            file: std::io::BufWriter::with_capacity(4, full),
            fault: None,
        };
        assert!(file.write_all(b"more than the buffer").is_err());
        let fault = file.fault().expect("the error is kept");
        assert_eq!(fault.path, target);
        assert_eq!(fault.fault, Fault::NoSpace);
        assert!(file.fault().is_none(), "taken once");
    }

    #[test]
    fn leftovers_of_a_killed_run_are_cleaned_and_a_missing_output_restored() {
        let d = dir("killed");
        std::fs::write(d.join(".a.json.tmp-99999"), b"half").expect("write");
        std::fs::write(d.join(".b.pdf.prev-99999"), b"old b").expect("write");
        std::fs::write(d.join("c.xlsx"), b"old c").expect("write");
        std::fs::write(d.join(".c.xlsx.prev-99999"), b"older c").expect("write");
        let names: Vec<String> = new_outputs().into_iter().map(|o| o.name).collect();
        clean_leftovers(&d, &names, false);
        assert_eq!(
            listing(&d),
            vec![
                ("b.pdf".into(), b"old b".to_vec()),
                ("c.xlsx".into(), b"old c".to_vec()),
            ]
        );
    }
}
