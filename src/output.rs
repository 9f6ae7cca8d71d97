//! Writing outputs atomically: every file goes to a temporary name in the output folder
//! first, and only when all are written are they renamed into place. A failed or
//! interrupted run leaves the previous outputs untouched.
//!
//! The files are not fsynced: they are regenerated from `input/` by running `build` again,
//! and a sync cost a third of a build's time. The rename still means a reader never sees a
//! half-written file.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `(file name, bytes)` pairs into `dir`, all or nothing.
pub fn write_all(dir: &Path, files: &[(&str, &[u8])]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut temps: Vec<(PathBuf, PathBuf)> = Vec::new();
    let result = (|| {
        for (name, bytes) in files {
            let target = dir.join(name);
            let temp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
            temps.push((temp.clone(), target));
            let mut f = std::fs::File::create(&temp)?;
            f.write_all(bytes)?;
        }
        Ok(())
    })();
    if let Err(e) = result {
        for (temp, _) in &temps {
            let _ = std::fs::remove_file(temp);
        }
        return Err(e);
    }
    for (temp, target) in &temps {
        std::fs::rename(temp, target)?;
    }
    Ok(())
}
