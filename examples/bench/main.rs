//! The benchmark: `cargo run --release --example bench`.
//!
//! Generates synthetic valid submission sets 1×, 10× and 100× the size of the published
//! roadmap (`synth.rs`), then builds each — and the shipped `input/` — in a fresh child
//! process, timing every stage and reading the child's peak memory (VmHWM). It also times
//! `koteihyo build` and `koteihyo check` as whole processes and LibreOffice printing the same
//! workbooks (what a clerk does today), measured in the same run so that the ratios are fair
//! on a noisy machine, and ends with the targets of issues #17 and #25 (`targets.rs`), each with its
//! measured ratio and whether it holds.

mod progress;
mod synth;
mod targets;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use koteihyo::pipeline;

const SCALES: [usize; 3] = [1, 10, 100];

/// Child processes per case (see [`measure`]).
const RUNS: usize = 5;

/// The allocator the `koteihyo` binary declares (src/main.rs), so that the child measures
/// the memory the binary would use.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let (Some(flag), Some(dir)) = (args.get(1), args.get(2)) {
        if flag == "--child" {
            std::process::exit(child(Path::new(dir)));
        }
    }
    if let Err(e) = release_binary().and_then(|()| parent()) {
        eprintln!("bench: {e}");
        std::process::exit(2);
    }
}

/// Builds the release `koteihyo` binary that the end-to-end comparison runs: an example does
/// not get the package's binaries built for it, and a stale binary would measure old code.
fn release_binary() -> Result<(), Box<dyn std::error::Error>> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--release", "--quiet", "--bin", "koteihyo"])
        .status()?;
    if !status.success() {
        return Err("cargo build --release --bin koteihyo failed".into());
    }
    Ok(())
}

/// Builds one folder in this process with the real `build` stage function
/// ([`pipeline::build`]), and prints one line of figures: its time per stage and the peak
/// memory.
fn child(dir: &Path) -> i32 {
    let started = Instant::now();
    let out = std::env::temp_dir().join(format!("koteihyo-bench-{}", std::process::id()));
    let Some(as_of) = koteihyo::fiscal::Date::new(2026, 11, 25) else {
        return 2;
    };
    let options = pipeline::BuildOptions {
        input: dir.to_path_buf(),
        output: out.clone(),
        as_of,
        draft: false,
        lang: Default::default(),
        previous: None,
        edition: None,
    };
    let built = pipeline::build(&options);
    let Ok(built) = built else {
        let _ = std::fs::remove_dir_all(&out);
        return 2;
    };
    // Time and memory first: reading the PDF back for its page count costs both.
    let build_ms = started.elapsed().as_secs_f64() * 1000.0;
    let peak = peak_kib();
    let steps = built.loaded.roadmap.steps().count();
    let pages = built
        .written
        .iter()
        .find(|o| o.name == pipeline::PDF)
        .map_or(0, |o| pdf_pages(&out.join(o.name)));
    let _ = std::fs::remove_dir_all(&out);
    let figures: Vec<String> = built
        .laps
        .laps
        .iter()
        .map(|(n, t)| format!("{n}={:.1}", t.as_secs_f64() * 1000.0))
        .collect();
    println!(
        "steps={steps} pages={pages} {} build_ms={build_ms:.1} peak_kib={peak} ok={}",
        figures.join(" "),
        built.stop.is_none() && !built.written.is_empty()
    );
    0
}

/// Pages of the PDF. Its page objects sit in compressed object streams (tagged PDF), so the
/// file is read back; the child's wall time is taken before this.
fn pdf_pages(path: &std::path::Path) -> usize {
    lopdf::Document::load(path).map_or(0, |d| d.get_pages().len())
}

/// Peak resident memory of this process so far (Linux VmHWM), in KiB.
fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

struct Row {
    case: String,
    fields: Vec<(String, String)>,
    wall_ms: f64,
}

fn parent() -> Result<(), Box<dyn std::error::Error>> {
    let exe = std::env::current_exe()?;
    let data = PathBuf::from("target/bench-data");
    let mut cases: Vec<(String, PathBuf)> =
        vec![("published (input/)".into(), PathBuf::from("input"))];
    for scale in SCALES {
        let dir = data.join(format!("x{scale}"));
        // The marker names the generator's version, so a changed generator regenerates.
        let marker = dir.join(".complete-v2");
        if !marker.exists() {
            let _ = std::fs::remove_dir_all(&dir);
            eprintln!("generating {}× …", scale);
            synth::write_set(&dir, scale)?;
            std::fs::write(&marker, b"")?;
        }
        cases.push((format!("synthetic {scale}×"), dir));
    }
    // One discarded run, so that the first case does not pay for a cold page cache.
    let _ = Command::new(&exe).arg("--child").arg("input").output();
    let mut rows = Vec::new();
    for (case, dir) in &cases {
        rows.push(measure(&exe, case, dir)?);
    }
    print_table(&rows);
    targets::print(&targets(&exe, &rows));
    // The progress helper's sets (the published roadmap's templates without and with
    // progress), compared.
    progress::compare(&koteihyo_binary(&exe), &data)?;
    Ok(())
}

/// Builds `dir` in [`RUNS`] fresh child processes and keeps the run of median wall time,
/// with the highest peak memory of all of them: one run of a 10× build (~0.4 s) moves by a
/// fifth from run to run, which alone would swing the cost-per-step ratio.
fn measure(exe: &Path, case: &str, dir: &Path) -> Result<Row, Box<dyn std::error::Error>> {
    let mut runs = Vec::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        let out = Command::new(exe).arg("--child").arg(dir).output()?;
        let line = String::from_utf8_lossy(&out.stdout).trim().to_string();
        let fields: Vec<(String, String)> = line
            .split_whitespace()
            .filter_map(|kv| {
                kv.split_once('=')
                    .map(|(k, v)| (k.to_string(), v.to_string()))
            })
            .collect();
        // The build's own wall time (without reading the PDF back for its page count).
        let wall_ms =
            field_of(&fields, "build_ms").unwrap_or_else(|| start.elapsed().as_secs_f64() * 1000.0);
        runs.push(Row {
            case: case.to_string(),
            fields,
            wall_ms,
        });
    }
    let peak = runs
        .iter()
        .filter_map(|r| field_of(&r.fields, "peak_kib"))
        .fold(0.0, f64::max);
    runs.sort_by(|a, b| a.wall_ms.total_cmp(&b.wall_ms));
    let mut row = runs.swap_remove(runs.len() / 2);
    for (k, v) in &mut row.fields {
        if k == "peak_kib" {
            *v = format!("{peak:.0}");
        }
    }
    Ok(row)
}

fn field_of(fields: &[(String, String)], key: &str) -> Option<f64> {
    fields
        .iter()
        .find(|(k, _)| k == key)
        .and_then(|(_, v)| v.parse().ok())
}

fn field<'a>(row: &'a Row, key: &str) -> &'a str {
    row.fields
        .iter()
        .find(|(k, _)| k == key)
        .map_or("-", |(_, v)| v.as_str())
}

fn print_table(rows: &[Row]) {
    println!("| case | steps | pages | ingest | normalize | resolve | validate | layout | render | write | build wall | peak memory | µs per step |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in rows {
        let steps: f64 = field(r, "steps").parse().unwrap_or(0.0);
        let peak: f64 = field(r, "peak_kib").parse().unwrap_or(0.0);
        let per_step = if steps > 0.0 {
            r.wall_ms * 1000.0 / steps
        } else {
            0.0
        };
        let ms = |k: &str| format!("{} ms", field(r, k));
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {:.0} ms | {:.1} MiB | {:.1} |",
            r.case,
            field(r, "steps"),
            field(r, "pages"),
            ms("ingest"),
            ms("normalize"),
            ms("resolve"),
            ms("validate"),
            ms("layout"),
            ms("render"),
            ms("write"),
            r.wall_ms,
            peak / 1024.0,
            per_step
        );
    }
    let per = |case: &str| {
        rows.iter().find(|r| r.case == case).map(|r| {
            let steps: f64 = field(r, "steps").parse().unwrap_or(1.0);
            r.wall_ms / steps.max(1.0)
        })
    };
    if let (Some(a), Some(b)) = (per("synthetic 10×"), per("synthetic 100×")) {
        println!("\ncost per step, 100× against 10×: {:.2}×", b / a);
    }
}

/// The release `koteihyo` binary beside the bench (target/release/examples/bench), built
/// fresh by `release_binary` before the run.
fn koteihyo_binary(exe: &Path) -> PathBuf {
    exe.parent()
        .and_then(Path::parent)
        .map(|dir| dir.join("koteihyo"))
        .unwrap_or_default()
}

/// Process wall µs per step of a case of the table.
fn per_step(rows: &[Row], case: &str) -> Option<f64> {
    let r = rows.iter().find(|r| r.case == case)?;
    let steps: f64 = field(r, "steps").parse().ok()?;
    (steps > 0.0).then(|| r.wall_ms * 1000.0 / steps)
}

/// Every target of issue #17, measured now, side by side.
fn targets(exe: &Path, rows: &[Row]) -> Vec<targets::Target> {
    let koteihyo = koteihyo_binary(exe);
    let input = Path::new("input");
    let mut out = Vec::new();
    // Build against check is no longer a target (issue #25): `check` only gives the medians
    // the LibreOffice ratio is reported beside.
    let ratio = targets::build_and_check(&koteihyo, input, false);
    let name = "`build` ≥ 40× faster than LibreOffice printing the same workbooks to PDF";
    out.push(match (ratio, targets::libreoffice(input)) {
        (Some((build, check)), Some((lo, lo_mib, books))) => targets::Target::ratio(
            name,
            format!(
                "LibreOffice {lo:.0} ms ({lo_mib:.0} MiB) for {books} workbooks, build {build:.0} ms \
                 (check {check:.0} ms; medians of {} processes)",
                targets::RUNS
            ),
            lo / build,
            lo / build >= 40.0,
        ),
        _ => targets::Target::skipped(name, "soffice missing or failed"),
    });
    let peak = rows
        .iter()
        .find(|r| r.case == "synthetic 100×")
        .and_then(|r| field(r, "peak_kib").parse::<f64>().ok())
        .map(|kib| kib / 1024.0);
    let steps = per_step(rows, "synthetic 10×").zip(per_step(rows, "synthetic 100×"));
    out.extend(targets::scale_targets(peak, steps));
    out
}
