//! A build that fails or is killed while writing leaves the previous outputs intact, byte
//! for byte, and no temporary file that the next run does not clean up.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::*;

const OUTPUTS: [&str; 4] = ["roadmap.json", "roadmap.pdf", "kpi.xlsx", "roadmap.html"];

/// A copy of input/, less the files named (so that two builds give different outputs).
fn input_without(dir: &Path, name: &str, without: &[&str]) -> PathBuf {
    let to = dir.join(name);
    std::fs::create_dir_all(&to).expect("input copy");
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("input");
    for e in std::fs::read_dir(from).expect("input/").flatten() {
        let file = e.file_name().to_string_lossy().into_owned();
        if !without.contains(&file.as_str()) {
            std::fs::copy(e.path(), to.join(&file)).expect("copy");
        }
    }
    to
}

fn build(input: &Path, out: &Path) -> Run {
    koteihyo(
        &[
            "build",
            "--input",
            input.to_str().expect("utf-8 path"),
            "--output",
            out.to_str().expect("utf-8 path"),
            "--as-of",
            "2026-11-25",
        ],
        Path::new(env!("CARGO_MANIFEST_DIR")),
    )
}

fn snapshot(out: &Path) -> Vec<Option<Vec<u8>>> {
    OUTPUTS
        .iter()
        .map(|f| std::fs::read(out.join(f)).ok())
        .collect()
}

fn leftovers(out: &Path) -> Vec<String> {
    std::fs::read_dir(out)
        .expect("output folder")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect()
}

#[test]
fn a_rename_that_cannot_happen_leaves_the_previous_outputs() {
    let dir = temp_dir("output_rename");
    let old_in = input_without(&dir, "old", &[]);
    let new_in = input_without(&dir, "new", &["24_文化財課.xlsx"]);
    let out = dir.join("output");
    assert_eq!(build(&old_in, &out).status, 0);
    let before = snapshot(&out);
    // kpi.xlsx is now a folder (someone unzipped it there): it cannot be replaced.
    std::fs::remove_file(out.join("kpi.xlsx")).expect("remove");
    std::fs::create_dir(out.join("kpi.xlsx")).expect("folder");
    std::fs::write(out.join("kpi.xlsx").join("keep.txt"), b"mine").expect("write");
    let run = build(&new_in, &out);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(run.stderr.contains("kpi.xlsx"), "{}", run.stderr);
    let after = snapshot(&out);
    assert_eq!(after[0], before[0], "roadmap.json untouched");
    assert_eq!(after[1], before[1], "roadmap.pdf untouched");
    assert_eq!(
        std::fs::read(out.join("kpi.xlsx").join("keep.txt")).ok(),
        Some(b"mine".to_vec())
    );
    assert_eq!(leftovers(&out), Vec::<String>::new());
}

/// Killed while writing: every output is either the previous one or the new one, whole; the
/// next run cleans what the killed one left and writes the new outputs.
#[test]
fn a_build_killed_while_writing_leaves_whole_outputs() {
    let dir = temp_dir("output_killed");
    let old_in = input_without(&dir, "old", &[]);
    let new_in = input_without(&dir, "new", &["24_文化財課.xlsx"]);
    let out = dir.join("output");
    let new_out = dir.join("expected");
    assert_eq!(build(&old_in, &out).status, 0);
    assert_eq!(build(&new_in, &new_out).status, 0);
    let old = snapshot(&out);
    let new = snapshot(&new_out);
    for i in 0..OUTPUTS.len() {
        assert_ne!(old[i], new[i], "{}: the two builds must differ", OUTPUTS[i]);
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_koteihyo"))
        .args([
            "build",
            "--input",
            new_in.to_str().expect("utf-8 path"),
            "--output",
            out.to_str().expect("utf-8 path"),
            "--as-of",
            "2026-11-25",
        ])
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    // Kill it as soon as its first temporary file appears (or let it finish: the checks
    // below hold whenever it stops).
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if leftovers(&out).iter().any(|n| n.contains(".tmp-")) {
            let _ = child.kill();
            let _ = child.wait();
            break;
        }
        std::thread::yield_now();
    }
    let after = snapshot(&out);
    eprintln!(
        "stopped with {:?} left over; outputs new: {:?}",
        leftovers(&out),
        (0..OUTPUTS.len())
            .map(|i| after[i] == new[i])
            .collect::<Vec<_>>()
    );
    for (i, f) in OUTPUTS.iter().enumerate() {
        assert!(
            after[i] == old[i] || after[i] == new[i],
            "{f} is neither the previous nor the new output"
        );
    }
    assert_eq!(build(&new_in, &out).status, 0);
    assert_eq!(snapshot(&out), new);
    assert_eq!(leftovers(&out), Vec::<String>::new());
}
