//! The benchmark: `cargo run --release --example bench`.
//!
//! Generates synthetic valid submission sets 1×, 10× and 100× the size of the published
//! roadmap (`synth.rs`), then builds each — and the shipped `input/` — in a fresh child
//! process, timing every stage and reading the child's peak memory (VmHWM). It also times
//! `koteihyo build` itself and LibreOffice printing the same workbooks (what a clerk does
//! today), measured in the same run so that the ratios are fair on a noisy machine.

mod progress;
mod synth;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use koteihyo::pipeline;

const SCALES: [usize; 3] = [1, 10, 100];

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
    let _ = std::fs::remove_dir_all(&out);
    let Ok(built) = built else {
        return 2;
    };
    let steps = built.loaded.roadmap.steps().count();
    let pages = built
        .written
        .iter()
        .find(|o| o.name == "roadmap.pdf")
        .map_or(0, |o| pdf_pages(&o.bytes));
    let figures: Vec<String> = built
        .laps
        .laps
        .iter()
        .map(|(n, t)| format!("{n}={:.1}", t.as_secs_f64() * 1000.0))
        .collect();
    println!(
        "steps={steps} pages={pages} {} peak_kib={} ok={}",
        figures.join(" "),
        peak_kib(),
        built.stop.is_none() && !built.written.is_empty()
    );
    0
}

fn pdf_pages(bytes: &[u8]) -> usize {
    let needle = b"/Type /Page\n";
    let alt = b"/Type/Page/";
    bytes.windows(needle.len()).filter(|w| *w == needle).count()
        + bytes.windows(alt.len()).filter(|w| *w == alt).count()
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
        let start = Instant::now();
        let out = Command::new(&exe).arg("--child").arg(dir).output()?;
        let wall_ms = start.elapsed().as_secs_f64() * 1000.0;
        let line = String::from_utf8_lossy(&out.stdout).trim().to_string();
        let fields = line
            .split_whitespace()
            .filter_map(|kv| {
                kv.split_once('=')
                    .map(|(k, v)| (k.to_string(), v.to_string()))
            })
            .collect();
        rows.push(Row {
            case: case.clone(),
            fields,
            wall_ms,
        });
    }
    print_table(&rows);
    compare_with_libreoffice(&exe)?;
    let koteihyo = exe
        .parent()
        .and_then(Path::parent)
        .map(|dir| dir.join("koteihyo"))
        .unwrap_or_default();
    progress::compare(&koteihyo, &data)?;
    Ok(())
}

fn field<'a>(row: &'a Row, key: &str) -> &'a str {
    row.fields
        .iter()
        .find(|(k, _)| k == key)
        .map_or("-", |(_, v)| v.as_str())
}

fn print_table(rows: &[Row]) {
    println!("| case | steps | pages | ingest | normalize | resolve | validate | pdf layout | render | write | process wall | peak memory | µs per step |");
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
            ms("pdf_layout"),
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

/// Wall milliseconds (timed here: `/usr/bin/time`'s own figure has a 10 ms resolution) and
/// peak MiB (from `/usr/bin/time -f "%e %M"`, which covers the command's children too).
fn timed(cmd: &mut Command) -> Option<(f64, f64)> {
    let start = Instant::now();
    let out = cmd.output().ok()?;
    let wall = start.elapsed().as_secs_f64() * 1000.0;
    let err = String::from_utf8_lossy(&out.stderr);
    let last = err.lines().last()?;
    let kib: f64 = last.split_whitespace().nth(1)?.parse().ok()?;
    Some((wall, kib / 1024.0))
}

fn compare_with_libreoffice(exe: &Path) -> Result<(), Box<dyn std::error::Error>> {
    // The bench is an example (target/release/examples/bench); the product binary sits one
    // folder up, built fresh by `release_binary` before the run.
    let koteihyo = exe
        .parent()
        .and_then(Path::parent)
        .map(|dir| dir.join("koteihyo"))
        .unwrap_or_default();
    let time = Path::new("/usr/bin/time");
    if !time.exists() || !koteihyo.exists() {
        println!("\n(/usr/bin/time or the release koteihyo binary missing: end-to-end comparison skipped)");
        return Ok(());
    }
    let out = std::env::temp_dir().join("koteihyo-bench-build");
    // The median of seven runs: single runs on this shared machine vary by ±30%.
    let mut runs: Vec<(f64, f64)> = (0..7)
        .filter_map(|_| {
            timed(
                Command::new(time)
                    .args(["-f", "%e %M"])
                    .arg(&koteihyo)
                    .args([
                        "build",
                        "--input",
                        "input",
                        "--as-of",
                        "2026-11-25",
                        "--output",
                    ])
                    .arg(&out),
            )
        })
        .collect();
    runs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let ours = runs.get(runs.len() / 2).copied();
    let _ = std::fs::remove_dir_all(&out);
    println!();
    if let Some((ms, mib)) = ours {
        println!(
            "koteihyo build on input/ (end to end, median of 7 processes): {ms:.0} ms, {mib:.1} MiB peak"
        );
        let mut books: Vec<PathBuf> = std::fs::read_dir("input")?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("xlsx" | "ods")))
            .collect();
        books.sort();
        let lo_out = std::env::temp_dir().join("koteihyo-bench-lo");
        let profile = std::env::temp_dir().join("koteihyo-bench-lo-profile");
        let lo = timed(
            Command::new(time)
                .args(["-f", "%e %M", "soffice"])
                .arg(format!(
                    "-env:UserInstallation=file://{}",
                    profile.display()
                ))
                .args(["--headless", "--convert-to", "pdf", "--outdir"])
                .arg(&lo_out)
                .args(&books),
        );
        let _ = std::fs::remove_dir_all(&lo_out);
        match lo {
            Some((lo_ms, lo_mib)) => {
                println!("LibreOffice printing the same {} workbooks to PDF: {lo_ms:.0} ms, {lo_mib:.1} MiB peak", books.len());
                println!(
                    "koteihyo is {:.1}× faster, using {:.2}× the memory",
                    lo_ms / ms,
                    mib / lo_mib
                );
            }
            None => println!("(LibreOffice not available: comparison skipped)"),
        }
    }
    Ok(())
}
