//! Faults a user can cause around the files: each fails the run (exit 2) with a message that
//! names the path and says what to do, in Japanese and with `--lang en` in English, and
//! leaves the previous outputs as they were.

use crate::support;

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use support::*;

const OUTPUTS: [&str; 3] = ["roadmap.json", "roadmap.pdf", "kpi.xlsx"];

fn input() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("input")
}

fn snapshot(out: &Path) -> Vec<Option<Vec<u8>>> {
    OUTPUTS
        .iter()
        .map(|f| std::fs::read(out.join(f)).ok())
        .collect()
}

fn build_args<'a>(input: &'a str, out: &'a str, lang: &'a str) -> Vec<&'a str> {
    vec![
        "build",
        "--input",
        input,
        "--output",
        out,
        "--as-of",
        "2026-11-25",
        "--lang",
        lang,
    ]
}

fn utf8(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Runs `cmd`, returning (status, stderr).
fn run(mut cmd: Command) -> (i32, String) {
    let out = cmd.output().expect("run koteihyo");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Checks one failed run: exit 2, the path named, the words expected.
fn assert_fault(status: i32, stderr: &str, path: &Path, words: &str) {
    assert_eq!(status, 2, "{stderr}");
    assert!(stderr.contains(utf8(path)), "path not named: {stderr}");
    assert!(stderr.contains(words), "expected {words:?} in: {stderr}");
}

/// A previous build's outputs in `out` (real ones, so a mix would show).
fn previous_outputs(out: &Path) -> Vec<Option<Vec<u8>>> {
    previous_outputs_of(Path::new(env!("CARGO_BIN_EXE_koteihyo")), &input(), out)
}

/// The same, built by the binary `exe` from `input`.
fn previous_outputs_of(exe: &Path, input: &Path, out: &Path) -> Vec<Option<Vec<u8>>> {
    let mut cmd = Command::new(exe);
    cmd.args(build_args(utf8(input), utf8(out), "ja"))
        .current_dir("/");
    let (status, stderr) = run(cmd);
    assert_eq!(status, 0, "{stderr}");
    let before = snapshot(out);
    assert!(before.iter().all(Option::is_some));
    before
}

#[test]
fn the_input_folder_missing() {
    let dir = temp_dir("fault_no_input");
    let out = dir.join("out");
    let before = previous_outputs(&out);
    let missing = dir.join("no-such-folder");
    for (lang, words) in [("ja", "が見つかりません"), ("en", "not found")] {
        let run = koteihyo(&build_args(utf8(&missing), utf8(&out), lang), &dir);
        assert_fault(run.status, &run.stderr, &missing, words);
    }
    assert_eq!(snapshot(&out), before);
}

#[test]
fn the_output_path_is_a_file() {
    let dir = temp_dir("fault_output_file");
    let file = dir.join("output");
    std::fs::write(&file, b"mine").expect("write");
    for (lang, words) in [("ja", "はファイルです"), ("en", "is a file")] {
        let run = koteihyo(&build_args(utf8(&input()), utf8(&file), lang), &dir);
        assert_fault(run.status, &run.stderr, &file, words);
    }
    // A folder below the file: the file in the way is named.
    let below = file.join("out");
    let run = koteihyo(&build_args(utf8(&input()), utf8(&below), "ja"), &dir);
    assert_fault(run.status, &run.stderr, &file, "はファイルです");
    assert_eq!(std::fs::read(&file).ok(), Some(b"mine".to_vec()));
}

#[test]
fn an_output_name_taken_by_a_folder() {
    let dir = temp_dir("fault_target_folder");
    let out = dir.join("out");
    let before = previous_outputs(&out);
    std::fs::remove_file(out.join("kpi.xlsx")).expect("remove");
    std::fs::create_dir(out.join("kpi.xlsx")).expect("folder");
    let target = out.join("kpi.xlsx");
    for (lang, words) in [("ja", "はフォルダのため"), ("en", "is a folder")] {
        let run = koteihyo(&build_args(utf8(&input()), utf8(&out), lang), &dir);
        assert_fault(run.status, &run.stderr, &target, words);
    }
    assert_eq!(snapshot(&out)[..2], before[..2]);
}

/// 工程一覧's rows wait in the system's temporary folder until kpi.xlsx is saved: a
/// temporary folder that cannot be written is the user's to fix, and is said so, naming it.
#[test]
fn the_temporary_folder_cannot_be_written() {
    let dir = temp_dir("fault_temp_folder");
    let out = dir.join("out");
    let before = previous_outputs(&out);
    let temp = dir.join("no-such-temp");
    for (lang, words) in [("ja", "TMPDIR"), ("en", "Set TMPDIR")] {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_koteihyo"));
        cmd.args(build_args(utf8(&input()), utf8(&out), lang))
            .env("TMPDIR", &temp)
            .current_dir(&dir);
        let (status, stderr) = run(cmd);
        assert_fault(status, &stderr, &temp, words);
        assert!(
            !stderr.contains("不具合") && !stderr.contains("bug"),
            "{stderr}"
        );
    }
    assert_eq!(snapshot(&out), before);
}

/// No permission: the folder belongs to root and the build runs as `nobody` (as root, the
/// permission bits do not apply to root itself); as another user, a folder made read-only.
///
/// `nobody` must reach the binary and the input, which a clone in a private folder (mode 700,
/// /root, `mktemp -d`) does not allow: as root, both are copied into a folder of their own in
/// the system's temporary folder, open to all, and removed afterwards.
#[test]
fn no_permission_to_write() {
    let root = is_root();
    let open = root.then(OpenFolder::new);
    let (exe, input, out) = match &open {
        Some(open) => (open.exe.clone(), open.input.clone(), open.out.clone()),
        None => {
            let dir = temp_dir("fault_permission");
            (
                PathBuf::from(env!("CARGO_BIN_EXE_koteihyo")),
                input(),
                dir.join("out"),
            )
        }
    };
    let before = previous_outputs_of(&exe, &input, &out);
    if !root {
        set_mode(&out, 0o555);
    }
    for (lang, words) in [("ja", "権限がありません"), ("en", "no permission")] {
        let mut cmd = Command::new(&exe);
        cmd.args(build_args(utf8(&input), utf8(&out), lang))
            .current_dir("/");
        if root {
            cmd.uid(NOBODY).gid(NOBODY);
        }
        let (status, stderr) = run(cmd);
        assert_fault(status, &stderr, &out, words);
    }
    set_mode(&out, 0o755);
    assert_eq!(snapshot(&out), before);
}

/// The uid and gid of `nobody`.
const NOBODY: u32 = 65534;

/// A folder in the system's temporary folder that `nobody` can enter, holding a copy of the
/// binary and of input/, and the output folder (root's, mode 755); removed when dropped.
struct OpenFolder {
    dir: PathBuf,
    exe: PathBuf,
    input: PathBuf,
    out: PathBuf,
}

impl OpenFolder {
    fn new() -> Self {
        let dir = open_temp_root().join(format!("koteihyo-permission-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir(&dir).expect("open temp folder");
        set_mode(&dir, 0o755);
        let exe = dir.join("koteihyo");
        std::fs::copy(env!("CARGO_BIN_EXE_koteihyo"), &exe).expect("copy the binary");
        set_mode(&exe, 0o755);
        let input_copy = dir.join("input");
        std::fs::create_dir(&input_copy).expect("input copy");
        for entry in std::fs::read_dir(input()).expect("input/").flatten() {
            let path = entry.path();
            if path.is_file() {
                let to = input_copy.join(entry.file_name());
                std::fs::copy(&path, &to).expect("copy an input file");
                set_mode(&to, 0o644);
            }
        }
        set_mode(&input_copy, 0o755);
        let out = dir.join("out");
        OpenFolder {
            dir,
            exe,
            input: input_copy,
            out,
        }
    }
}

impl Drop for OpenFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The first temporary folder whose every ancestor others may pass through: `TMPDIR` may be
/// private (`mktemp -d`), `/tmp` never is on a working system.
fn open_temp_root() -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let passable = |p: &Path| {
        p.ancestors().all(|a| {
            std::fs::metadata(a).is_ok_and(|m| m.is_dir() && m.permissions().mode() & 0o001 != 0)
        })
    };
    [
        std::env::temp_dir(),
        PathBuf::from("/tmp"),
        PathBuf::from("/var/tmp"),
    ]
    .into_iter()
    .find(|p| passable(p))
    .expect("no temporary folder that other users may enter (/tmp, /var/tmp)")
}

/// A full disk, the real way: a 64 KiB tmpfs (needs root, as this project's CI runs).
#[test]
fn no_space_left_on_a_full_disk() {
    if !is_root() {
        eprintln!("not root: the tmpfs case is left to the file-size-limit test below");
        return;
    }
    let dir = temp_dir("fault_tmpfs");
    let out = dir.join("small");
    std::fs::create_dir_all(&out).expect("mount point");
    // Root in a container without the right to mount cannot make one: the file-size-limit
    // test below provokes the same fault as any user, so this one says why it skips.
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs", utf8(&out)])
        .output();
    match mounted {
        Ok(m) if m.status.success() => {}
        Ok(m) => {
            eprintln!(
                "skipped: mount a tmpfs failed ({}): the file-size-limit test covers a full disk",
                String::from_utf8_lossy(&m.stderr).trim()
            );
            return;
        }
        Err(e) => {
            eprintln!(
                "skipped: no mount command ({e}): the file-size-limit test covers a full disk"
            );
            return;
        }
    }
    // Previous outputs small enough to fit.
    for f in OUTPUTS {
        std::fs::write(out.join(f), format!("previous {f}")).expect("write");
    }
    let before = snapshot(&out);
    let result = std::panic::catch_unwind(|| {
        for (lang, words) in [
            ("ja", "ディスクの空きが足りません"),
            ("en", "the disk is full"),
        ] {
            let run = koteihyo(&build_args(utf8(&input()), utf8(&out), lang), &dir);
            assert_fault(run.status, &run.stderr, &out, words);
        }
        assert_eq!(snapshot(&out), before);
        let left: Vec<String> = std::fs::read_dir(&out)
            .expect("list")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with('.') && n != koteihyo::output::LOCK_FILE)
            .collect();
        assert_eq!(left, Vec::<String>::new());
    });
    let _ = Command::new("umount").arg(&out).status();
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}

/// A full disk as a file-size limit (RLIMIT_FSIZE with SIGXFSZ ignored, so a write past it
/// fails with EFBIG instead of killing the process): works as any user.
#[test]
fn no_space_under_a_file_size_limit() {
    let dir = temp_dir("fault_fsize");
    let out = dir.join("out");
    let before = previous_outputs(&out);
    for (lang, words) in [
        ("ja", "ディスクの空きが足りません"),
        ("en", "the disk is full"),
    ] {
        let mut cmd = Command::new("bash");
        cmd.arg("-c")
            .arg("ulimit -f 100; trap '' XFSZ; exec \"$0\" \"$@\"")
            .arg(env!("CARGO_BIN_EXE_koteihyo"))
            .args(build_args(utf8(&input()), utf8(&out), lang));
        let (status, stderr) = run(cmd);
        assert_fault(status, &stderr, &out, words);
    }
    assert_eq!(snapshot(&out), before);
}

fn is_root() -> bool {
    // `id -u` rather than libc: the test crate links no libc.
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// A reader that closes the pipe early (`check | head`) is no fault: the run neither panics
/// nor fails for it. The pipe's reading end is closed before the run starts, so every write
/// meets a closed pipe.
#[test]
fn a_closed_pipe_on_standard_output_is_no_panic() {
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_koteihyo"));
    cmd.args(["check", utf8(&input()), "--as-of", "2026-11-25"])
        .current_dir("/")
        .stdout(writer);
    let (status, stderr) = run(cmd);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(status, 0, "{stderr}");
}
