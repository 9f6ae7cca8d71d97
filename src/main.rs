//! The `koteihyo` binary: parses the command line, runs the pipeline, prints, sets the exit
//! status (0 no errors, 1 errors found, 2 the run itself failed).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use koteihyo::cli::{
    BuildArgs, CheckArgs, Cli, Command, Common, DiffArgs, Format, LangArg, TemplateArgs,
};
use koteihyo::diagnostic::{Lang, Severity};
use koteihyo::fiscal::Date;
use koteihyo::{pipeline, report, revision};

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
        Command::Template(args) => template(args),
        Command::Diff(args) => diff(args),
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

fn as_of(common: &Common) -> Date {
    common.as_of.unwrap_or_else(today)
}

/// Today's date (UTC) from the system clock; used only for `--as-of`'s default.
fn today() -> Date {
    /// Seconds in a day.
    const DAY: i64 = 86_400;
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    // A clock outside years 1–9999 is broken; the epoch is as good a guess as any.
    Date::from_days(secs.div_euclid(DAY)).unwrap_or(Date::UNIX_EPOCH)
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
    let mut loaded = pipeline::load(std::slice::from_ref(&args.input), None, as_of(&args.common))?;
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
    let changes = match &args.previous {
        Some(path) => {
            let previous = side(path, as_of(&args.common))?;
            let changes = revision::diff::diff(&previous.roadmap, &loaded.roadmap);
            eprintln!("{}", revision::report::summary_line(&changes));
            Some(changes)
        }
        None => None,
    };
    if let Some(edition) = args.edition {
        if let Err(e) = revision::apply_edition(&mut loaded.roadmap, edition) {
            // A run failure (exit 2), in the language asked for, with what to do.
            let d = e.diagnostic();
            let plan = args.input.join(&d.place.file);
            eprintln!("koteihyo: {}: {}", plan.display(), d.message(lang));
            if let Some(hint) = d.hint(lang) {
                eprintln!("  → {hint}");
            }
            return Ok(2);
        }
    }
    let rendered = pipeline::render_revised(
        &loaded,
        args.draft.then_some(errors),
        lang,
        changes.as_ref(),
    )?;
    let render_errors = koteihyo::diagnostic::count(&rendered.diagnostics, Severity::Error);
    if !rendered.diagnostics.is_empty() {
        let mut summary = loaded.summary.clone();
        summary.errors = render_errors;
        summary.warnings = koteihyo::diagnostic::count(&rendered.diagnostics, Severity::Warning);
        let colour = std::io::stderr().is_terminal();
        eprint!(
            "{}",
            report::human(&rendered.diagnostics, &summary, &[], lang, colour)
        );
    }
    if render_errors > 0 && !args.draft {
        eprintln!(
            "{}",
            match lang {
                Lang::Ja => "印刷できない文字があるため出力しませんでした（前回の出力はそのままです）。",
                Lang::En => "some characters cannot be printed: nothing was written (previous outputs are untouched).",
            }
        );
        return Ok(1);
    }
    let files: Vec<(&str, &[u8])> = rendered
        .files
        .iter()
        .map(|(n, b)| (*n, b.as_slice()))
        .collect();
    koteihyo::output::write_all(&args.output, &files)?;
    for (name, bytes) in &rendered.files {
        eprintln!(
            "{} ({} bytes)",
            args.output.join(name).display(),
            bytes.len()
        );
    }
    // The process ends here: freeing the model and the outputs piece by piece would cost a
    // few milliseconds the operating system does at once.
    std::mem::forget(rendered);
    std::mem::forget(loaded);
    Ok(u8::from(errors + render_errors > 0))
}

/// One side of a comparison, with a warning when its folder has errors (lines may be
/// missing from it, and would show as removed or added).
fn side(path: &Path, as_of: Date) -> anyhow::Result<revision::Side> {
    let side = revision::load_side(path, as_of)?;
    if side.errors > 0 {
        eprintln!(
            "注意: {} にはエラーが {} 件あり、読めなかった記載は比較に入っていません (errors: some lines were not read)",
            path.display(),
            side.errors
        );
    }
    Ok(side)
}

fn template(args: TemplateArgs) -> anyhow::Result<u8> {
    let lang = lang(&args.common);
    if !args.input.is_dir() {
        anyhow::bail!(
            "{} はフォルダではありません (--input must be a folder)",
            args.input.display()
        );
    }
    if same_path(&args.input, &args.output) {
        // The templates would sit beside the files they were made from and be read twice.
        anyhow::bail!(
            "--output は --input と別のフォルダにしてください (--output must differ from --input)"
        );
    }
    let loaded = pipeline::load(std::slice::from_ref(&args.input), None, as_of(&args.common))?;
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
    if loaded.summary.errors > 0 {
        eprintln!(
            "{}",
            match lang {
                Lang::Ja =>
                    "エラーがあるため様式を作りませんでした（読めなかった記載が抜けてしまいます）。",
                Lang::En =>
                    "errors found: no templates written (unread lines would be missing from them).",
            }
        );
        return Ok(1);
    }
    let books = koteihyo::ingest::ingest(std::slice::from_ref(&args.input))?.output;
    let plan_files = revision::template::plan_files(&books)?;
    let made =
        revision::template::templates(&loaded.roadmap, &plan_files, args.department.as_deref())?;
    let mut outputs: Vec<(String, Vec<u8>)> =
        made.files.into_iter().map(|f| (f.name, f.bytes)).collect();
    for name in &plan_files {
        let path = args.input.join(name);
        let bytes = std::fs::read(&path)
            .map_err(|e| anyhow::anyhow!("{} を読めません (cannot read): {e}", path.display()))?;
        outputs.push((name.clone(), bytes));
    }
    let files: Vec<(&str, &[u8])> = outputs
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    koteihyo::output::write_all(&args.output, &files)?;
    for note in &made.notes {
        eprintln!("注意: {note}");
    }
    // Workbooks left in the folder from elsewhere would be read with the templates.
    let written: Vec<&str> = outputs.iter().map(|(n, _)| n.as_str()).collect();
    let mut others: Vec<PathBuf> = std::fs::read_dir(&args.output)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    others.retain(|p| {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        let workbook = p.extension().is_some_and(|e| {
            ["xlsx", "xlsm", "xls", "ods", "xlsb"]
                .iter()
                .any(|x| e.eq_ignore_ascii_case(x))
        });
        workbook && !name.starts_with('.') && !name.starts_with("~$") && !written.contains(&&*name)
    });
    others.sort();
    for p in others {
        eprintln!(
            "注意: {} は今回書いたファイルではありません。build で一緒に読まれます",
            p.display()
        );
    }
    for (name, bytes) in &outputs {
        eprintln!(
            "{} ({} bytes)",
            args.output.join(name).display(),
            bytes.len()
        );
    }
    Ok(0)
}

fn diff(args: DiffArgs) -> anyhow::Result<u8> {
    let as_of = today();
    let old = side(&args.old, as_of)?;
    let new = side(&args.new, as_of)?;
    let changes = revision::diff::diff(&old.roadmap, &new.roadmap);
    match args.format {
        Format::Json => println!("{}", revision::report::json(&changes)?),
        Format::Human => print!("{}", revision::report::human(&changes)),
    }
    Ok(0)
}
