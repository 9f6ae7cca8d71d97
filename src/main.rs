//! The `koteihyo` binary: parses the command line, calls the stage functions of
//! [`koteihyo::pipeline`], prints, sets the exit status (0 no errors, 1 errors found, 2 the
//! run itself failed). It orders no stage itself.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use koteihyo::cli::{
    BuildArgs, CheckArgs, Cli, Command, Common, DiffArgs, Format, LangArg, TemplateArgs,
};
use koteihyo::diagnostic::{self, Lang, Message, Severity};
use koteihyo::fiscal::Date;
use koteihyo::pipeline::{self, BuildOptions, Stop, TemplateOptions};
use koteihyo::{msg, report, revision};

/// mimalloc, not the system's allocator: `build`'s two workers free what they made in turn,
/// and glibc's per-thread arenas kept those pages, so a 100× roadmap held up to 590 MiB
/// while using 250 (README "Choices"). The bench's child declares the same allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    quiet_reader_panics();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let lang = match &cli.command {
        Command::Check(a) => lang(&a.common),
        Command::Build(a) => lang(&a.common),
        Command::Template(a) => lang(&a.common),
        Command::Diff(a) => lang(&a.common),
    };
    let result = match cli.command {
        Command::Check(args) => check(args),
        Command::Build(args) => build(args),
        Command::Template(args) => template(args),
        Command::Diff(args) => diff(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            eprintln!("koteihyo: {}", message.get(lang));
            ExitCode::from(2)
        }
    }
}

/// A panic inside calamine on a damaged file is caught and reported as `file-unreadable`;
/// its message on stderr would only alarm a clerk. The hook stays silent for panics on a
/// thread that is reading a workbook and prints every other panic as before. Installed here,
/// by the program, not by the library.
fn quiet_reader_panics() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !koteihyo::ingest::reading_workbook() {
            previous(info);
        }
    }));
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
/// roadmap is checked: `--plan` when given, else the folder of the files named when it holds
/// a plan frame (`check ../input/02_市民課.xlsx` beside its 00_計画.xlsx), else `input/`.
fn context(paths: &[PathBuf], common: &Common) -> Option<PathBuf> {
    let usable = |dir: &Path| !paths.iter().any(|p| pipeline::same_path(p, dir)) && dir.exists();
    if let Some(dir) = &common.plan {
        return usable(dir).then(|| dir.clone());
    }
    let beside = paths
        .iter()
        .filter(|p| p.is_file())
        .filter_map(|p| p.parent())
        .map(|d| {
            if d.as_os_str().is_empty() {
                Path::new(".")
            } else {
                d
            }
        })
        .find(|d| usable(d) && pipeline::holds_plan(d));
    let default = Path::new("input");
    beside
        .map(Path::to_path_buf)
        .or_else(|| usable(default).then(|| default.to_path_buf()))
}

/// The prefix of a note on stderr.
fn note(lang: Lang, text: &Message) -> String {
    format!(
        "{}{}",
        Message::new("注意: ", "note: ").get(lang),
        text.get(lang)
    )
}

fn check(args: CheckArgs) -> Result<u8, Message> {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("input")]
    } else {
        args.paths.clone()
    };
    let context = context(&paths, &args.common);
    let date = as_of(&args.common);
    let loaded = pipeline::load(&paths, context.as_deref(), date).map_err(|e| e.message())?;
    let lang = lang(&args.common);
    let receipts = match &args.receipts {
        Some(dir) => {
            pipeline::write_receipts(&loaded, dir, date, None, lang).map_err(|e| e.message())?
        }
        None => Default::default(),
    };
    let departments = report::departments(&loaded.diagnostics, &loaded.files, &receipts);
    let text = match args.format {
        Format::Json => report::json(
            &loaded.diagnostics,
            &loaded.summary,
            &loaded.files,
            &departments,
            lang,
        )
        .map_err(|e| {
            msg!(
                "検査結果を JSON にできません（{}）。不具合として報告してください。",
                "cannot write the report as JSON ({}): please report this as a bug.",
                e
            )
        })?,
        Format::Human => report::human(
            &loaded.diagnostics,
            &loaded.summary,
            &loaded.files,
            &departments,
            lang,
            std::io::stdout().is_terminal(),
        ),
    };
    print_stdout(&format!("{text}\n"))?;
    Ok(u8::from(loaded.summary.errors > 0))
}

fn build(args: BuildArgs) -> Result<u8, Message> {
    let lang = lang(&args.common);
    let options = BuildOptions {
        input: args.input,
        output: args.output,
        as_of: as_of(&args.common),
        draft: args.draft,
        lang,
        previous: args.previous,
        edition: args.edition,
    };
    let built = pipeline::build(&options).map_err(|e| e.message())?;
    let colour = std::io::stderr().is_terminal();
    let loaded = &built.loaded;
    let departments = report::departments(&loaded.diagnostics, &loaded.files, &built.receipts);
    eprint!(
        "{}",
        report::human(
            &loaded.diagnostics,
            &loaded.summary,
            &loaded.files,
            &departments,
            lang,
            colour
        )
    );
    if built.stop == Some(Stop::Errors) {
        eprintln!("{}", Stop::Errors.message().get(lang));
        return Ok(built.status());
    }
    if let Some(warning) = built.previous.as_ref().and_then(|p| p.warning()) {
        eprintln!("{}", note(lang, &warning));
    }
    if let Some(changes) = &built.changes {
        eprintln!("{}", revision::report::summary_message(changes).get(lang));
    }
    let found = &built.render_diagnostics;
    if !found.is_empty() {
        let mut summary = loaded.summary.clone();
        summary.errors = diagnostic::count(found, Severity::Error);
        summary.warnings = diagnostic::count(found, Severity::Warning);
        eprint!("{}", report::human(found, &summary, &[], &[], lang, colour));
    }
    if let Some(stop) = built.stop {
        eprintln!("{}", stop.message().get(lang));
        return Ok(built.status());
    }
    print_written(&built.written, &options.output, lang);
    if !built.receipts.is_empty() {
        let folder = options.output.join(pipeline::RECEIPTS);
        eprintln!(
            "{}",
            msg!(
                "{}/ （確認票 {}件）",
                "{}/ ({} receipts)",
                folder.display(),
                built.receipts.len()
            )
            .get(lang)
        );
    }
    let status = built.status();
    // The process ends here: freeing the model and the outputs piece by piece would cost a
    // few milliseconds the operating system does at once.
    std::mem::forget(built);
    Ok(status)
}

/// The files `build` wrote, each with its size, and why progress.pdf is not among them
/// when it is not (naming the one an earlier run left).
fn print_written(written: &[pipeline::Written], output: &Path, lang: Lang) {
    for file in written {
        let path = output.join(file.name);
        eprintln!("{} ({} bytes)", path.display(), file.size);
    }
    if written.iter().any(|o| o.name == pipeline::PROGRESS_PDF) {
        return;
    }
    let stale = output.join(pipeline::PROGRESS_PDF);
    let earlier = if stale.exists() {
        msg!(
            " {} は前回の出力です。",
            " {} is from an earlier run.",
            stale.display()
        )
        .get(lang)
        .to_string()
    } else {
        String::new()
    };
    let note = Message::new(
        "進捗（進捗・実績・課題の列）の記載がないため、progress.pdf は作りませんでした。",
        "no submission carries progress (進捗, 実績, 課題 columns): progress.pdf was not written.",
    );
    eprintln!("{}{earlier}", note.get(lang));
}

fn template(args: TemplateArgs) -> Result<u8, Message> {
    let lang = lang(&args.common);
    let options = TemplateOptions {
        input: args.input,
        output: args.output,
        as_of: as_of(&args.common),
        department: args.department,
        progress: args.progress,
    };
    let made = pipeline::template(&options).map_err(|e| e.message())?;
    let loaded = &made.loaded;
    eprint!(
        "{}",
        report::human(
            &loaded.diagnostics,
            &loaded.summary,
            &loaded.files,
            &[],
            lang,
            std::io::stderr().is_terminal()
        )
    );
    if made.stopped {
        let stopped = Message::new(
            "エラーがあるため様式を作りませんでした（読めなかった記載が抜けてしまいます）。",
            "errors found: no templates written (unread lines would be missing from them).",
        );
        eprintln!("{}", stopped.get(lang));
        return Ok(1);
    }
    for text in &made.notes {
        eprintln!("{}", note(lang, text));
    }
    for output in &made.written {
        let path = options.output.join(&output.name);
        eprintln!("{} ({} bytes)", path.display(), output.bytes.len());
    }
    Ok(0)
}

/// `diff` exits 0 whatever changed (a difference is its answer, not a failure) and 2 when a
/// side cannot be read; a script asks `--format json` for `summary.total`.
fn diff(args: DiffArgs) -> Result<u8, Message> {
    let lang = lang(&args.common);
    let (old, new, changes) =
        pipeline::compare(&args.old, &args.new, as_of(&args.common)).map_err(|e| e.message())?;
    for side in [&old, &new] {
        if let Some(warning) = side.warning() {
            eprintln!("{}", note(lang, &warning));
        }
    }
    match args.format {
        Format::Json => {
            let json = revision::report::json(&changes).map_err(|e| {
                msg!(
                    "変更点を JSON にできません（{}）。不具合として報告してください。",
                    "cannot write the changes as JSON ({}): please report this as a bug.",
                    e
                )
            })?;
            print_stdout(&format!("{json}\n"))?;
        }
        Format::Human => print_stdout(&revision::report::human(&changes))?,
    }
    Ok(0)
}

/// Writes a report to standard output. A reader that closed the pipe (`check | head`) has
/// what it wanted: that is no failure, and must not end in a panic as `println!` would.
fn print_stdout(text: &str) -> Result<(), Message> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(msg!(
            "標準出力に書き込めません（{}）。出力先（リダイレクト先のファイルやディスク）を確かめてください。",
            "cannot write to standard output ({}): check where it goes (the file or disk it is redirected to).",
            e
        )),
        _ => Ok(()),
    }
}
