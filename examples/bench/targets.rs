//! The targets of issues #17 and #25, each a ratio measured in this one run (absolute times move from
//! machine to machine; ratios measured side by side do not): `build` against `check` on the
//! same folder, `build` against LibreOffice printing the same workbooks, and memory and cost
//! per step at 100×.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Processes per command in a build/check comparison (the issue asks for at least 7; 21
/// keep the median steady on a shared machine, where 9 moved it by ±0.1).
pub const RUNS: usize = 21;

/// The date every timed run checks KPI actuals against, so that runs compare.
const AS_OF: &str = "2026-11-25";

/// One line of the targets table.
pub struct Target {
    /// What is required, as the issue words it.
    pub name: String,
    /// What this run measured, with the ratio.
    pub measured: String,
    /// `None`: not measured in this run (a tool missing).
    pub holds: Option<bool>,
}

impl Target {
    /// A target measured as `ratio`, holding when `ok(ratio)`.
    pub fn ratio(name: &str, measured: String, ratio: f64, ok: bool) -> Target {
        Target {
            name: name.to_string(),
            measured: format!("{measured}: **{ratio:.2}×**"),
            holds: Some(ok),
        }
    }

    /// A target this run could not measure, and why.
    pub fn skipped(name: &str, why: &str) -> Target {
        Target {
            name: name.to_string(),
            measured: format!("not measured ({why})"),
            holds: None,
        }
    }
}

/// Prints the targets as a Markdown table (what the README's "Speed and memory" shows).
pub fn print(targets: &[Target]) {
    println!("\n| target (issue #25) | measured in this run | |");
    println!("|---|---|---|");
    for t in targets {
        let verdict = match t.holds {
            Some(true) => "holds",
            Some(false) => "**does not hold**",
            None => "not measured",
        };
        println!("| {} | {} | {verdict} |", t.name, t.measured);
    }
}

/// Wall milliseconds of one process, or `None` if it could not start or was killed.
fn wall_ms(cmd: &mut Command) -> Option<f64> {
    let start = Instant::now();
    let out = cmd.output().ok()?;
    out.status.code()?;
    Some(start.elapsed().as_secs_f64() * 1000.0)
}

fn median(mut xs: Vec<f64>) -> Option<f64> {
    xs.sort_by(f64::total_cmp);
    xs.get(xs.len() / 2).copied()
}

/// `koteihyo build` against `koteihyo check` on `input`: [`RUNS`] whole processes of each,
/// interleaved (check, build, check, build, …) so that a burst of load on the shared machine
/// falls on both; (build median, check median) in milliseconds.
pub fn build_and_check(koteihyo: &Path, input: &Path, draft: bool) -> Option<(f64, f64)> {
    let out = std::env::temp_dir().join(format!("koteihyo-bench-ratio-{}", std::process::id()));
    let (mut builds, mut checks) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let mut check = Command::new(koteihyo);
        check.args(["check", "--as-of", AS_OF]).arg(input);
        checks.push(wall_ms(&mut check)?);
        let mut build = Command::new(koteihyo);
        build
            .args(["build", "--as-of", AS_OF, "--input"])
            .arg(input);
        build.arg("--output").arg(&out);
        if draft {
            build.arg("--draft");
        }
        builds.push(wall_ms(&mut build)?);
    }
    let _ = std::fs::remove_dir_all(&out);
    Some((median(builds)?, median(checks)?))
}

/// Wall milliseconds and peak MiB of one command run under `/usr/bin/time -f "%e %M"`
/// (whose peak covers the command's children, as LibreOffice's are).
pub fn timed(cmd: &mut Command) -> Option<(f64, f64)> {
    let start = Instant::now();
    let out = cmd.output().ok()?;
    let wall = start.elapsed().as_secs_f64() * 1000.0;
    let err = String::from_utf8_lossy(&out.stderr);
    let last = err.lines().last()?;
    let kib: f64 = last.split_whitespace().nth(1)?.parse().ok()?;
    Some((wall, kib / 1024.0))
}

/// LibreOffice printing every workbook of `input` to PDF in one process, as a clerk's
/// spreadsheet program would: (wall ms, peak MiB, workbooks), or `None` without soffice.
pub fn libreoffice(input: &Path) -> Option<(f64, f64, usize)> {
    let mut books: Vec<PathBuf> = std::fs::read_dir(input)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("xlsx" | "ods")))
        .collect();
    books.sort();
    let lo_out = std::env::temp_dir().join("koteihyo-bench-lo");
    let profile = std::env::temp_dir().join("koteihyo-bench-lo-profile");
    let lo = timed(
        Command::new("/usr/bin/time")
            .args(["-f", "%e %M", "soffice"])
            .arg(format!(
                "-env:UserInstallation=file://{}",
                profile.display()
            ))
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(&lo_out)
            .args(&books),
    );
    // soffice exits 0 having printed nothing when it cannot start: count what it wrote.
    let printed = std::fs::read_dir(&lo_out).map_or(0, |d| d.count());
    let _ = std::fs::remove_dir_all(&lo_out);
    let (ms, mib) = lo?;
    (printed == books.len()).then_some((ms, mib, books.len()))
}

/// The synthetic 100× case's targets from the table's rows: (peak MiB at 100×, µs per step
/// at 10× and at 100×).
pub fn scale_targets(peak_mib: Option<f64>, per_step: Option<(f64, f64)>) -> Vec<Target> {
    let mut out = Vec::new();
    let name = "100× (40,000 steps): peak memory ≤ 512 MiB";
    out.push(match peak_mib {
        Some(mib) => Target {
            name: name.into(),
            measured: format!("**{mib:.0} MiB** (VmHWM of the build)"),
            holds: Some(mib <= 512.0),
        },
        None => Target::skipped(name, "the 100× case did not run"),
    });
    let name = "cost per step, 100× against 10× ≤ 1.3×";
    out.push(match per_step {
        Some((ten, hundred)) => Target::ratio(
            name,
            format!("{ten:.1} µs per step at 10×, {hundred:.1} µs at 100×"),
            hundred / ten,
            hundred / ten <= 1.3,
        ),
        None => Target::skipped(name, "a scaled case did not run"),
    });
    out
}
