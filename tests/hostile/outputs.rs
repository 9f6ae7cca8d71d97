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
        .filter(|n| n.starts_with('.') && n != koteihyo::output::LOCK_FILE)
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

/// A `koteihyo build` child of `input` into `out`, with the writer's test hook set to
/// `signal` when given (it then pauses after its first rename until `signal` is removed).
fn spawn_build(input: &Path, out: &Path, signal: Option<&Path>) -> std::process::Child {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_koteihyo"));
    cmd.args([
        "build",
        "--input",
        input.to_str().expect("utf-8 path"),
        "--output",
        out.to_str().expect("utf-8 path"),
        "--as-of",
        "2026-11-25",
    ])
    .stderr(std::process::Stdio::null());
    if let Some(signal) = signal {
        cmd.env(koteihyo::output::PAUSE_HOOK, signal);
    }
    cmd.spawn().expect("spawn")
}

/// Waits until the paused child has announced its pause; fails if it ends first.
fn wait_for_pause(child: &mut std::process::Child, signal: &Path) {
    while !signal.exists() {
        if let Some(status) = child.try_wait().expect("wait") {
            panic!("the build ended ({status}) without pausing between renames");
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

/// Waits until `child` is blocked waiting for a file lock (Linux lists a waiter in
/// /proc/locks as `-> FLOCK … PID …`); fails if it ends first.
fn wait_until_blocked(child: &mut std::process::Child) {
    let pid = format!(" {} ", child.id());
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            panic!("the second build ended ({status}) without waiting for the first");
        }
        let locks = std::fs::read_to_string("/proc/locks").expect("/proc/locks");
        if locks
            .lines()
            .any(|l| l.contains("->") && l.contains("FLOCK") && l.contains(&pid))
        {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

/// Two inputs whose outputs all differ, and their outputs built apart.
struct TwoRuns {
    dir: PathBuf,
    old_in: PathBuf,
    new_in: PathBuf,
    old: Vec<Option<Vec<u8>>>,
    new: Vec<Option<Vec<u8>>>,
}

fn two_runs(name: &str) -> TwoRuns {
    let dir = temp_dir(name);
    let old_in = input_without(&dir, "old", &[]);
    let new_in = input_without(&dir, "new", &["24_文化財課.xlsx"]);
    let (old_out, new_out) = (dir.join("expected-old"), dir.join("expected-new"));
    assert_eq!(build(&old_in, &old_out).status, 0);
    assert_eq!(build(&new_in, &new_out).status, 0);
    let (old, new) = (snapshot(&old_out), snapshot(&new_out));
    for i in 0..OUTPUTS.len() {
        assert_ne!(old[i], new[i], "{}: the two builds must differ", OUTPUTS[i]);
    }
    TwoRuns {
        dir,
        old_in,
        new_in,
        old,
        new,
    }
}

/// Killed while writing, between two renames (the test hook pauses the writer there, so the
/// kill lands mid-write every time): every output is either the previous one or the new
/// one, whole; the next run cleans what the killed one left and writes the new outputs.
#[test]
fn a_build_killed_while_writing_leaves_whole_outputs() {
    let runs = two_runs("output_killed");
    let out = runs.dir.join("output");
    assert_eq!(build(&runs.old_in, &out).status, 0);
    let signal = runs.dir.join("paused");
    let mut child = spawn_build(&runs.new_in, &out, Some(&signal));
    wait_for_pause(&mut child, &signal);
    child.kill().expect("kill");
    let _ = child.wait();
    let after = snapshot(&out);
    // Killed after the first rename and before the second: mid-write.
    assert_eq!(after[0], runs.new[0], "{} renamed", OUTPUTS[0]);
    assert_eq!(after[1], runs.old[1], "{} not yet renamed", OUTPUTS[1]);
    assert_eq!(after[2], runs.old[2], "{} not yet renamed", OUTPUTS[2]);
    assert_eq!(after[3], runs.old[3], "{} not yet renamed", OUTPUTS[3]);
    assert!(
        leftovers(&out).iter().any(|n| n.contains(".tmp-")),
        "the killed run left its temporary files: {:?}",
        leftovers(&out)
    );
    assert_eq!(build(&runs.new_in, &out).status, 0);
    assert_eq!(snapshot(&out), runs.new);
    assert_eq!(leftovers(&out), Vec::<String>::new());
}

/// Two builds of different inputs started at once on one folder: it ends up holding one
/// run's outputs, never a mix. (Run it many times: see the README.)
#[test]
fn two_builds_at_once_leave_one_runs_outputs() {
    let runs = two_runs("output_race");
    let out = runs.dir.join("output");
    let mut a = spawn_build(&runs.old_in, &out, None);
    let mut b = spawn_build(&runs.new_in, &out, None);
    assert!(a.wait().expect("wait").success());
    assert!(b.wait().expect("wait").success());
    let after = snapshot(&out);
    assert!(
        after == runs.old || after == runs.new,
        "a mix: {:?}",
        (0..OUTPUTS.len())
            .map(|i| (after[i] == runs.old[i], after[i] == runs.new[i]))
            .collect::<Vec<_>>()
    );
    assert_eq!(leftovers(&out), Vec::<String>::new());
}

/// The same race made certain: the first build pauses between its renames while holding the
/// folder; the second must wait for it rather than write in between (which would leave the
/// first run's later outputs over the second's), so the folder ends with the second's.
#[test]
fn a_second_build_waits_for_the_first_to_finish_writing() {
    let runs = two_runs("output_wait");
    let out = runs.dir.join("output");
    let signal = runs.dir.join("paused");
    let mut first = spawn_build(&runs.old_in, &out, Some(&signal));
    wait_for_pause(&mut first, &signal);
    let mut second = spawn_build(&runs.new_in, &out, None);
    wait_until_blocked(&mut second);
    std::fs::remove_file(&signal).expect("release the first");
    assert!(first.wait().expect("wait").success());
    assert!(second.wait().expect("wait").success());
    assert_eq!(snapshot(&out), runs.new);
    assert_eq!(leftovers(&out), Vec::<String>::new());
}
