//! The cost of progress (進捗): `koteihyo build` on the published roadmap's templates without
//! the progress columns, and on the same templates with the columns and a status (every
//! status occurs), 実績 and 課題 on every item. The second set also makes the README's picture
//! of progress.pdf.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use koteihyo::model::{Progress, Status};
use koteihyo::render::template;

/// Writes both sets under `data` (from `input/`): (without progress, with progress).
pub fn sets(data: &Path) -> Result<(PathBuf, PathBuf), Box<dyn std::error::Error>> {
    let input = PathBuf::from("input");
    let as_of = koteihyo::fiscal::Date::new(2026, 6, 1).ok_or("bad date")?;
    let loaded = koteihyo::pipeline::load(std::slice::from_ref(&input), None, as_of)?;
    let books = koteihyo::ingest::ingest(std::slice::from_ref(&input))?.output;
    let plan_files = template::plan_files(&books)?;
    let plain = template::templates(&loaded.roadmap, &plan_files, None, None)?;
    let mut roadmap = loaded.roadmap.clone();
    let items = roadmap
        .pillars
        .iter_mut()
        .flat_map(|p| p.policies.iter_mut())
        .flat_map(|q| q.initiatives.iter_mut())
        .flat_map(|i| i.items.iter_mut());
    for (i, item) in items.enumerate() {
        let status = status_of(i);
        item.progress = Some(Progress {
            year: Some(2025),
            status: Some(status),
            written: status.label().into(),
            result: format!("{}について、年度計画の工程を実施した。", item.text),
            issue: "国の制度改正を待って次年度に対象を広げる。".into(),
            ..Progress::default()
        });
    }
    let filled = template::templates(&roadmap, &plan_files, None, Some(2025))?;
    let mut dirs = Vec::new();
    for (name, made) in [("progress-none", plain), ("progress-every-item", filled)] {
        let dir = data.join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        for f in &made.files {
            std::fs::write(dir.join(&f.name), &f.bytes)?;
        }
        for f in &plan_files {
            std::fs::copy(input.join(f), dir.join(f))?;
        }
        dirs.push(dir);
    }
    let filled = dirs.pop().unwrap_or_default();
    let plain = dirs.pop().unwrap_or_default();
    Ok((plain, filled))
}

/// A plausible mix: mostly 順調, every status present.
fn status_of(i: usize) -> Status {
    match (i % 31, i % 23, i % 10) {
        (0, _, _) => Status::Stopped,
        (_, 0, _) => Status::NotStarted,
        (_, _, 6) => Status::Done,
        (_, _, 7) => Status::Late,
        (_, _, 8) => Status::Ahead,
        (_, _, 9) => Status::Revised,
        _ => Status::OnTrack,
    }
}

/// Builds compared per set: interleaved, so that both sets meet the same machine.
const RUNS: usize = 21;

/// Wall milliseconds of one `koteihyo build` process on `dir`.
fn one_build(koteihyo: &Path, dir: &Path, out: &Path) -> Option<f64> {
    let start = Instant::now();
    let status = Command::new(koteihyo)
        .args(["build", "--draft", "--as-of", "2026-06-01", "--input"])
        .arg(dir)
        .arg("--output")
        .arg(out)
        .output()
        .ok()?;
    status.status.code()?;
    Some(start.elapsed().as_secs_f64() * 1000.0)
}

/// The median wall milliseconds of [`RUNS`] builds of `plain` and of `filled`, taken in turn.
fn median_builds(koteihyo: &Path, plain: &Path, filled: &Path) -> Option<(f64, f64)> {
    let out = std::env::temp_dir().join("koteihyo-bench-progress");
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        a.push(one_build(koteihyo, plain, &out)?);
        b.push(one_build(koteihyo, filled, &out)?);
    }
    let _ = std::fs::remove_dir_all(&out);
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    Some((median(a), median(b)))
}

/// Prints both builds' times and their ratio (target: at most 1.3×).
pub fn compare(koteihyo: &Path, data: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let (plain, filled) = sets(data)?;
    let Some((a, b)) = median_builds(koteihyo, &plain, &filled) else {
        println!("(progress comparison skipped: a build did not run)");
        return Ok(());
    };
    println!(
        "\nprogress: build of the published roadmap's templates, without progress {a:.0} ms, with a status on every item {b:.0} ms (medians of {RUNS}, taken in turn): {:.2}× (target ≤ 1.3×)",
        b / a
    );
    Ok(())
}
