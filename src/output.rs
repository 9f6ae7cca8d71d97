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
//! The files are not fsynced: they are regenerated from `input/` by running `build` again,
//! and a sync cost a third of a build's time. The renames still mean a reader never sees a
//! half-written file.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `(file name, bytes)` pairs into `dir`, all or nothing.
pub fn write_all(dir: &Path, files: &[(&str, &[u8])]) -> std::io::Result<()> {
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
fn clean_leftovers(dir: &Path, files: &[(&str, &[u8])]) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    for (name, _) in files {
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

/// [`write_all`] with the rename step given, so tests can make it fail.
fn write_all_with(
    dir: &Path,
    files: &[(&str, &[u8])],
    rename: &dyn Fn(&Path, &Path) -> std::io::Result<()>,
) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    clean_leftovers(dir, files);
    // A target that is a folder can never be replaced: say so before touching anything.
    for (name, _) in files {
        if dir.join(name).is_dir() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::IsADirectory,
                format!("{} is a folder", dir.join(name).display()),
            ));
        }
    }
    let mut temps: Vec<(PathBuf, PathBuf)> = Vec::new();
    let written = (|| {
        for (name, bytes) in files {
            let temp = dir.join(temp_name(name));
            temps.push((temp.clone(), dir.join(name)));
            let mut f = std::fs::File::create(&temp)?;
            f.write_all(bytes)?;
        }
        Ok(())
    })();
    if let Err(e) = written {
        for (temp, _) in &temps {
            let _ = std::fs::remove_file(temp);
        }
        return Err(e);
    }
    // Keep each previous output under a second name (a hard link, or a copy where links are
    // not supported) so a failed rename further on can put it back.
    let mut kept: Vec<(PathBuf, PathBuf)> = Vec::new();
    for (name, _) in files {
        let target = dir.join(name);
        if target.is_file() {
            let keep = dir.join(keep_name(name));
            let _ = std::fs::remove_file(&keep);
            let linked = std::fs::hard_link(&target, &keep)
                .or_else(|_| std::fs::copy(&target, &keep).map(|_| ()));
            if let Err(e) = linked {
                undo(&temps, &kept, 0, rename);
                return Err(e);
            }
            kept.push((keep, target));
        }
    }
    for (i, (temp, target)) in temps.iter().enumerate() {
        if let Err(e) = rename(temp, target) {
            undo(&temps, &kept, i, rename);
            return Err(e);
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

    const NEW: &[(&str, &[u8])] = &[
        ("a.json", b"new a"),
        ("b.pdf", b"new b"),
        ("c.xlsx", b"new c"),
    ];

    #[test]
    fn writes_all() {
        let d = dir("all");
        write_all(&d, NEW).expect("write");
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
        write_all(&d, &[("a.json", b"old a"), ("b.pdf", b"old b")]).expect("first run");
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
        assert!(write_all_with(&d, NEW, &failing).is_err());
        assert_eq!(
            listing(&d),
            before,
            "previous outputs intact, nothing left over"
        );
    }

    #[test]
    fn a_failed_temporary_write_leaves_nothing() {
        let d = dir("temp");
        write_all(&d, &[("a.json", b"old a")]).expect("first run");
        let before = listing(&d);
        // The second temporary file cannot be created: its name is taken by a folder.
        std::fs::create_dir(d.join(temp_name("b.pdf"))).expect("blocker");
        assert!(write_all(&d, NEW).is_err());
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
        clean_leftovers(&d, NEW);
        assert_eq!(
            listing(&d),
            vec![
                ("b.pdf".into(), b"old b".to_vec()),
                ("c.xlsx".into(), b"old c".to_vec()),
            ]
        );
    }
}
