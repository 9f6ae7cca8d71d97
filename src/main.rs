//! The `koteihyo` binary: parses the command line, runs the pipeline, prints, sets the exit
//! status (0 no errors, 1 errors found, 2 the run itself failed).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use koteihyo::cli::{BuildArgs, CheckArgs, Cli, Command, Common, Format, LangArg};
use koteihyo::diagnostic::Lang;
use koteihyo::{pipeline, report};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let result = match cli.command {
        Command::Check(args) => check(args),
        Command::Build(args) => build(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("koteihyo: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn lang(common: &Common) -> Lang {
    match common.lang {
        LangArg::Ja => Lang::Ja,
        LangArg::En => Lang::En,
    }
}

fn as_of(common: &Common) -> (i32, u32, u32) {
    common.as_of.unwrap_or_else(today)
}

/// Today's date (UTC) from the system clock; used only for `--as-of`'s default.
fn today() -> (i32, u32, u32) {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let days = secs.div_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
    (y, m, d)
}

/// The folder that lends the plan frame and re-listing originals when only part of the
/// roadmap is checked.
fn context(paths: &[PathBuf], common: &Common) -> Option<PathBuf> {
    let default = Path::new("input");
    let dir = common.plan.clone().unwrap_or_else(|| default.to_path_buf());
    let same = paths.iter().any(|p| same_path(p, &dir));
    (!same && dir.exists()).then_some(dir)
}

fn same_path(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

fn check(args: CheckArgs) -> anyhow::Result<u8> {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("input")]
    } else {
        args.paths.clone()
    };
    let context = context(&paths, &args.common);
    let loaded = pipeline::load(&paths, context.as_deref(), as_of(&args.common))?;
    let lang = lang(&args.common);
    let text = match args.format {
        Format::Json => report::json(&loaded.diagnostics, &loaded.summary, &loaded.files, lang),
        Format::Human => report::human(
            &loaded.diagnostics,
            &loaded.summary,
            &loaded.files,
            lang,
            std::io::stdout().is_terminal(),
        ),
    };
    println!("{text}");
    Ok(u8::from(loaded.summary.errors > 0))
}

fn build(args: BuildArgs) -> anyhow::Result<u8> {
    let lang = lang(&args.common);
    let loaded = pipeline::load(std::slice::from_ref(&args.input), None, as_of(&args.common))?;
    let errors = loaded.summary.errors;
    eprint!(
        "{}",
        report::human(
            &loaded.diagnostics,
            &loaded.summary,
            &loaded.files,
            lang,
            std::io::stderr().is_terminal()
        )
    );
    if errors > 0 && !args.draft {
        eprintln!(
            "{}",
            match lang {
                Lang::Ja => "エラーがあるため出力しませんでした（前回の出力はそのままです）。--draft で案として出力できます。",
                Lang::En => "errors found: nothing was written (previous outputs are untouched); use --draft to print a draft.",
            }
        );
        return Ok(1);
    }
    let outputs = pipeline::render(&loaded, args.draft.then_some(errors), lang)?;
    let files: Vec<(&str, &[u8])> = outputs.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    koteihyo::output::write_all(&args.output, &files)?;
    for (name, bytes) in &outputs {
        eprintln!(
            "{} ({} bytes)",
            args.output.join(name).display(),
            bytes.len()
        );
    }
    Ok(u8::from(errors > 0))
}
