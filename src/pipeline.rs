//! The one place that orders the stages: [`load`] (ingest → normalize → resolve → validate,
//! what `check` runs), [`build`] (load, diff against `--previous`, edition, render, write),
//! [`template`] and [`compare`] (`diff`). `main.rs` and the bench call these and only print.
//!
//! This module sits above every stage and nothing uses it back; the layers and the rule are
//! in the README ("How it is built") and checked by `tests/check/layers.rs`.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diagnostic::{self, Code, Diagnostic, Lang, Message, Severity};
use crate::fiscal::YearMonth;
use crate::ingest::{self, RunError, Workbook};
use crate::model::Roadmap;
use crate::msg;
use crate::normalize::accounting::{self, FileAccount};
use crate::normalize::{self, header};
use crate::output::{self, Output, OutputError, Staging, TempFile};
use crate::render::{pdf, template as templates, xlsx};
use crate::resolve;
use crate::revision::{self, diff::Changes, EditionTooOld};
use crate::validate::{self, AsOf};

pub use crate::normalize::accounting::Summary;

/// A loaded roadmap with everything found on the way, sorted by place.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The model, re-listings resolved and progress settled; with a context folder, its plan frame
    /// and other departments are in it too.
    pub roadmap: Roadmap,
    /// Every finding in report order ([`sort`]); with a context folder, none from the files that
    /// only lend context.
    pub diagnostics: Vec<Diagnostic>,
    /// The counts `check` prints at the end, for the files checked.
    pub summary: Summary,
    /// Per file checked: rows read, used and skipped with the reason.
    pub files: Vec<FileAccount>,
}

/// How long each stage took, in order (`ingest`, `normalize`, …): what the bench prints.
/// Never written into an output.
#[derive(Debug, Clone)]
pub struct Laps {
    clock: Instant,
    /// (stage, time) in the order run.
    pub laps: Vec<(&'static str, Duration)>,
}

impl Default for Laps {
    fn default() -> Self {
        Laps {
            clock: Instant::now(),
            laps: Vec::new(),
        }
    }
}

impl Laps {
    fn lap(&mut self, stage: &'static str) {
        self.laps.push((stage, self.clock.elapsed()));
        self.clock = Instant::now();
    }
}

/// Reads and checks `paths`. `context` is a folder (normally `input/`) whose workbooks lend
/// the plan frame and the originals of re-listings when the paths are only part of the
/// roadmap (a department checking its own file); findings in the context are not reported.
///
/// Only a run on folders is the whole roadmap: there, each department the plan workbook
/// (among the paths) lists must be submitted (`department-missing`). Files named one by one
/// are a department checking its own, and expect no others.
pub fn load(paths: &[PathBuf], context: Option<&Path>, as_of: AsOf) -> Result<Loaded, RunError> {
    load_books(paths, context, as_of, &mut Laps::default()).map(|(loaded, _)| loaded)
}

/// Which departments a run expects (`docs/SUBMISSIONS.md`, "Folder accounting").
#[derive(Debug, Clone, Default)]
struct Expect {
    /// The run is the whole roadmap (folders, or `build`): an expected department with no
    /// submission is an error.
    whole: bool,
    /// With `--previous` and no list in the plan workbook: the previous edition's
    /// departments, and where that edition was read.
    previous: Option<(String, Vec<String>)>,
}

impl Expect {
    /// What a run on `paths` expects: every department listed, if they are all folders.
    fn of_paths(paths: &[PathBuf]) -> Expect {
        Expect {
            whole: !paths.is_empty() && paths.iter().all(|p| p.is_dir()),
            previous: None,
        }
    }

    /// The expected departments with no submission among the files checked (the folder
    /// accounting's departments, per file), each an error where the list gives it. A file
    /// that could not be read (in `reported`, not `checked`) has its own error: the
    /// department its name gives is not reported missing too.
    fn missing(
        &self,
        accounting: &normalize::Accounting,
        (checked, reported): (&BTreeSet<String>, &BTreeSet<String>),
        looked_in: &str,
    ) -> Vec<Diagnostic> {
        if !self.whole {
            return Vec::new();
        }
        let mut expected: Vec<(String, diagnostic::Place)> = accounting
            .listed
            .iter()
            .filter(|(_, place)| checked.contains(&place.file))
            .cloned()
            .collect();
        if expected.is_empty() {
            if let Some((path, departments)) = &self.previous {
                let place = diagnostic::Place::file(path);
                expected = departments
                    .iter()
                    .map(|d| (d.clone(), place.clone()))
                    .collect();
            }
        }
        let listed: Vec<String> = expected.iter().map(|(d, _)| d.clone()).collect();
        let unread = reported
            .difference(checked)
            .filter_map(|f| normalize::folder::named_by_file(f, &listed))
            .map(|d| normalize::text::header_key(&d));
        let found: BTreeSet<String> = accounting
            .departments
            .found
            .iter()
            .filter(|(_, files)| files.iter().any(|f| checked.contains(f)))
            .map(|(key, _)| key.clone())
            .chain(unread)
            .collect();
        normalize::folder::missing(&expected, &found, looked_in)
    }
}

/// The departments of a roadmap's steps, in name order: what the next edition expects when
/// the plan workbook lists none.
fn departments(roadmap: &Roadmap) -> Vec<String> {
    let names: BTreeSet<&str> = roadmap
        .steps()
        .map(|(_, s)| s.department.as_str())
        .filter(|d| !d.is_empty())
        .collect();
    names.into_iter().map(str::to_string).collect()
}

/// [`load`], keeping the workbooks read (the templates copy the plan's) and timing stages.
fn load_books(
    paths: &[PathBuf],
    context: Option<&Path>,
    as_of: AsOf,
    laps: &mut Laps,
) -> Result<(Loaded, Vec<Workbook>), RunError> {
    let read = read_books(paths, context, laps)?;
    let expect = Expect::of_paths(paths);
    Ok(check_books(read, paths, context, &expect, as_of, laps))
}

/// The workbooks read by [`read_books`], with what reading found, before they are checked.
struct Read {
    workbooks: Vec<Workbook>,
    diagnostics: Vec<Diagnostic>,
    /// The files named (or in the folders named), whose findings count.
    checked: BTreeSet<String>,
    /// Those and every file reading had something to say about.
    reported: BTreeSet<String>,
}

/// Ingests `paths`, and from `context` the other departments' workbooks.
fn read_books(
    paths: &[PathBuf],
    context: Option<&Path>,
    laps: &mut Laps,
) -> Result<Read, RunError> {
    let read = ingest::ingest(paths)?;
    let diagnostics = read.diagnostics;
    let mut workbooks = read.output;
    let checked: BTreeSet<String> = workbooks.iter().map(|w| w.file.clone()).collect();
    let mut reported: BTreeSet<String> = checked.clone();
    reported.extend(diagnostics.iter().map(|d| d.place.file.clone()));
    if let Some(dir) = context.filter(|d| d.exists()) {
        let extra = ingest::ingest(&[dir.to_path_buf()])?;
        let has_frame = workbooks.iter().any(has_frame_sheet);
        // A file named on the command line replaces the context file of the same department.
        let others = normalize::submission::other_departments(&workbooks, extra.output);
        workbooks.extend(
            others
                .into_iter()
                .filter(|w| !has_frame || !has_frame_sheet(w)),
        );
    }
    laps.lap("ingest");
    Ok(Read {
        workbooks,
        diagnostics,
        checked,
        reported,
    })
}

/// Normalizes, resolves and validates the workbooks [`read_books`] read.
fn check_books(
    read: Read,
    paths: &[PathBuf],
    context: Option<&Path>,
    expect: &Expect,
    as_of: AsOf,
    laps: &mut Laps,
) -> (Loaded, Vec<Workbook>) {
    let Read {
        workbooks,
        mut diagnostics,
        checked,
        reported,
    } = read;
    let named = paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    // Only what was named counts: an empty folder borrows no submission from the context.
    let named_books: Vec<Workbook> = workbooks
        .iter()
        .filter(|w| checked.contains(&w.file))
        .cloned()
        .collect();
    let no_submission = normalize::submission::no_submission(&named, &named_books);
    let normalized = normalize::normalize(&workbooks);
    diagnostics.extend(normalized.diagnostics.into_iter().map(|mut d| {
        // Where the frame was looked for: the paths named, and the folder that lends it.
        if d.code == Code::PlanMissing {
            let context = context.map(|c| format!(", {}", c.display()));
            d.args = vec![format!("{named}{}", context.unwrap_or_default()).into()];
        }
        d
    }));
    let (roadmap, accounting) = normalized.output;
    diagnostics.extend(expect.missing(&accounting, (&checked, &reported), &named));
    laps.lap("normalize");
    let resolved = resolve::resolve(roadmap);
    diagnostics.extend(resolved.diagnostics);
    let mut roadmap = resolved.output;
    diagnostics.extend(crate::progress::settle(&mut roadmap, as_of));
    laps.lap("resolve");
    diagnostics.extend(validate::validate(&roadmap, as_of));
    laps.lap("validate");
    if context.is_some() {
        diagnostics.retain(|d| reported.contains(&d.place.file) || d.code == Code::PlanMissing);
    }
    diagnostics.extend(no_submission);
    sort(&mut diagnostics);
    diagnostic::fold(&mut diagnostics);
    let files = accounting::account(&reported, &accounting.sheets, &roadmap, &diagnostics);
    let in_checked = |file: &str| context.is_none() || checked.contains(file);
    let summary = summarize(
        &roadmap,
        &diagnostics,
        &files,
        &accounting,
        &checked,
        in_checked,
    );
    let loaded = Loaded {
        roadmap,
        diagnostics,
        summary,
        files,
    };
    (loaded, workbooks)
}

/// The counts `check` reports for the files checked (`in_checked`: a file named, not one
/// that only lends context).
fn summarize(
    roadmap: &Roadmap,
    diagnostics: &[Diagnostic],
    files: &[FileAccount],
    accounting: &normalize::Accounting,
    checked: &BTreeSet<String>,
    in_checked: impl Fn(&str) -> bool,
) -> Summary {
    Summary {
        // Every file that got a verdict as a workbook, read or not: a broken file is checked too.
        files: files
            .iter()
            .filter(|f| f.status != accounting::FileStatus::Skipped)
            .count(),
        rows: accounting
            .rows_by_file
            .iter()
            .filter(|(f, _)| checked.contains(*f))
            .map(|(_, n)| n)
            .sum(),
        steps: roadmap
            .steps()
            .filter(|(_, s)| in_checked(&s.source.file))
            .count(),
        kpis: roadmap
            .kpis
            .iter()
            .filter(|k| in_checked(&k.source.file))
            .count(),
        errors: diagnostic::count(diagnostics, Severity::Error),
        warnings: diagnostic::count(diagnostics, Severity::Warning),
        progress: crate::progress::summary(roadmap, in_checked),
    }
}

/// Whether the folder `dir` holds a plan frame (a 体系 sheet), e.g. beside a file named to
/// `check`. A folder that cannot be read holds none.
pub fn holds_plan(dir: &Path) -> bool {
    ingest::ingest(&[dir.to_path_buf()]).is_ok_and(|read| read.output.iter().any(has_frame_sheet))
}

/// Whether `w` holds a 体系 sheet, headed in its own plan's words (分野番号 …) or the built-in.
fn has_frame_sheet(w: &Workbook) -> bool {
    let style = crate::normalize::plan_style(std::slice::from_ref(w));
    let vocabulary = header::Vocabulary::of(&style);
    w.sheets
        .iter()
        .any(|s| header::detect_with(s, &vocabulary).is_some_and(|h| h.kind == header::Kind::Frame))
}

/// Report order: by file, sheet, row, column, then code.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.place.file, &a.place.sheet, a.place.cell, a.code, &a.args).cmp(&(
            &b.place.file,
            &b.place.sheet,
            b.place.cell,
            b.code,
            &b.args,
        ))
    });
}

// --- receipts (確認票) ---------------------------------------------------------------------

/// Why the receipts could not be written.
#[derive(Debug)]
pub enum ReceiptError {
    /// rust_xlsxwriter refused something.
    Xlsx(rust_xlsxwriter::XlsxError),
    /// The folder could not be written (nothing of this run is left in it).
    Output(OutputError),
}

impl ReceiptError {
    /// What happened and what to do.
    pub fn message(&self) -> Message {
        match self {
            ReceiptError::Xlsx(e) => msg!(
                "確認票を作れません（{}）。不具合として報告してください。",
                "cannot make the receipts ({}): please report this as a bug.",
                e
            ),
            ReceiptError::Output(e) => e.message(),
        }
    }
}

/// Writes a receipt (確認票) for every file checked into `dir`, all or nothing; returns each
/// file's receipt path, for the tally.
pub fn write_receipts(
    loaded: &Loaded,
    dir: &Path,
    as_of: crate::fiscal::Date,
    changes: Option<&Changes>,
    lang: Lang,
) -> Result<std::collections::BTreeMap<String, String>, ReceiptError> {
    let made = receipt_files(loaded, as_of, changes, lang).map_err(ReceiptError::Xlsx)?;
    let mut paths = std::collections::BTreeMap::new();
    let mut outputs = Vec::new();
    for (file, name, bytes) in made {
        paths.insert(file, dir.join(&name).display().to_string());
        outputs.push(Output::new(name, bytes));
    }
    output::write_all(dir, &outputs).map_err(ReceiptError::Output)?;
    Ok(paths)
}

/// The receipts of every file that got a verdict as a workbook: (file, receipt name, bytes).
fn receipt_files(
    loaded: &Loaded,
    as_of: crate::fiscal::Date,
    changes: Option<&Changes>,
    lang: Lang,
) -> Result<Vec<(String, String, Vec<u8>)>, rust_xlsxwriter::XlsxError> {
    let spec = receipt_spec(loaded, as_of, changes, lang);
    crate::render::receipt::receipts(&receipted(loaded), &spec)
}

/// The files that get a receipt: every file that got a verdict as a workbook.
fn receipted(loaded: &Loaded) -> Vec<String> {
    loaded
        .files
        .iter()
        .filter(|f| f.status != accounting::FileStatus::Skipped)
        .map(|f| f.file.clone())
        .collect()
}

/// What every receipt of the run is made from (each receipt sets its file).
fn receipt_spec<'a>(
    loaded: &'a Loaded,
    as_of: crate::fiscal::Date,
    changes: Option<&'a Changes>,
    lang: Lang,
) -> crate::render::receipt::Spec<'a> {
    crate::render::receipt::Spec {
        roadmap: &loaded.roadmap,
        file: "",
        diagnostics: &loaded.diagnostics,
        as_of,
        changes,
        lang,
    }
}

/// The receipts of a build, written into the staged folder [`RECEIPTS`] by both workers of
/// [`make_outputs`]: each takes the next receipt no worker has taken until none is left, so
/// the two finish together. Written after every other output, on one thread, they were a
/// tail with the other core idle (about a sixth of a build on `input/`, with 25 receipts,
/// and more of it at 100×, with 2,000).
struct ReceiptWork<'a> {
    receipts: crate::render::receipt::Receipts<'a>,
    /// The staged folder the receipts are written into.
    temp: PathBuf,
    /// The folder they are in after the commit (what the report names).
    target: PathBuf,
    /// The index of the next receipt to take.
    next: std::sync::atomic::AtomicUsize,
    /// What became of each receipt taken: (index, written or why not).
    done: std::sync::Mutex<Vec<(usize, Result<(), BuildError>)>>,
}

impl<'a> ReceiptWork<'a> {
    /// The receipts of `loaded`, their staged folder created empty.
    fn new(
        loaded: &'a Loaded,
        options: &RenderOptions<'a>,
        build: &BuildOptions,
        staging: &Staging,
    ) -> Result<ReceiptWork<'a>, BuildError> {
        let temp = staging
            .create_folder(RECEIPTS)
            .map_err(BuildError::Output)?;
        let spec = receipt_spec(loaded, build.as_of, options.changes, options.lang);
        Ok(ReceiptWork {
            receipts: crate::render::receipt::Receipts::new(&receipted(loaded), &spec),
            temp,
            target: build.output.join(RECEIPTS),
            next: Default::default(),
            done: Default::default(),
        })
    }

    /// Makes and writes receipts until none is left to take.
    fn run(&self) {
        let names = self.receipts.names();
        loop {
            let k = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some((file, name)) = names.get(k) else {
                break;
            };
            let result = self.write(file, name);
            if let Ok(mut done) = self.done.lock() {
                done.push((k, result));
            }
        }
    }

    /// The receipt of `file`, written as `name` (a panic while making it is an error).
    fn write(&self, file: &str, name: &str) -> Result<(), BuildError> {
        let made =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.receipts.make(file)));
        let bytes = match made {
            Ok(Ok(bytes)) => bytes,
            Ok(Err(e)) => return Err(receipt_failure(Box::new(e))),
            Err(_) => return Err(receipt_failure(PANICKED.into())),
        };
        std::fs::write(self.temp.join(name), bytes)
            .map_err(|e| BuildError::Output(OutputError::at(&self.target.join(name), e)))
    }

    /// Each file's receipt path as it will be after the commit; the error of the first
    /// receipt (in the order of the files) that could not be written.
    fn finish(self) -> Result<std::collections::BTreeMap<String, String>, BuildError> {
        let mut done = self.done.into_inner().unwrap_or_default();
        done.sort_by_key(|(k, _)| *k);
        let names = self.receipts.names();
        if done.len() != names.len() {
            return Err(receipt_failure("a receipt was not made".into()));
        }
        let mut paths = std::collections::BTreeMap::new();
        for ((_, result), (file, name)) in done.into_iter().zip(names) {
            result?;
            paths.insert(file.clone(), self.target.join(name).display().to_string());
        }
        Ok(paths)
    }
}

/// A receipt could not be made.
fn receipt_failure(cause: RenderCause) -> BuildError {
    BuildError::Render(RenderError {
        output: RECEIPTS,
        cause,
    })
}

// --- one side of a comparison ------------------------------------------------------------

/// One side of a comparison: the roadmap, and how many errors its folder has (always 0 for
/// a `roadmap.json`, which `build` only writes without errors or as a draft).
#[derive(Debug, Clone)]
pub struct Side {
    /// What was read: a `roadmap.json`, or an input folder or workbook.
    pub path: PathBuf,
    /// The roadmap read.
    pub roadmap: Roadmap,
    /// Errors found while reading a folder (its lines may be incomplete).
    pub errors: usize,
}

impl Side {
    /// A warning when the side's folder has errors: lines not read would show as removed or
    /// added.
    pub fn warning(&self) -> Option<Message> {
        (self.errors > 0).then(|| {
            msg!(
                "{} にはエラーが {} 件あり、読めなかった記載は比較に入っていません。check で直してから比べると確かです。",
                "{} has {} errors: lines that were not read are missing from the comparison (fix them with check first).",
                self.path.display(),
                self.errors
            )
        })
    }
}

/// Why one side of a comparison could not be read.
#[derive(Debug)]
pub enum SideError {
    /// The folder could not be read.
    Run(RunError),
    /// A `roadmap.json` could not be read.
    Io(PathBuf, std::io::Error),
    /// A `roadmap.json` is not a roadmap.
    Json(PathBuf, serde_json::Error),
}

impl SideError {
    /// What happened and what to do, naming the path.
    pub fn message(&self) -> Message {
        match self {
            SideError::Run(e) => e.message(),
            SideError::Io(p, e) => msg!(
                "{} を読めません（{}）。場所と権限を確かめてください。",
                "cannot read {} ({}): check its path and permissions.",
                p.display(),
                e
            ),
            SideError::Json(p, e) => msg!(
                "{} は roadmap.json として読めません（{}）。build が書いた roadmap.json か入力フォルダを指定してください。",
                "{} is not a roadmap.json ({}): name a roadmap.json written by build, or an input folder.",
                p.display(),
                e
            ),
        }
    }
}

impl std::fmt::Display for SideError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.message())
    }
}

impl std::error::Error for SideError {}

/// Reads one side of a comparison: a `.json` file is a `roadmap.json` written by `build`,
/// anything else an input folder (or workbook) read like `build` reads it.
pub fn load_side(path: &Path, as_of: AsOf) -> Result<Side, SideError> {
    let is_json = path.is_file()
        && path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let (roadmap, errors) = if is_json {
        let bytes = std::fs::read(path).map_err(|e| SideError::Io(path.to_path_buf(), e))?;
        let roadmap =
            serde_json::from_slice(&bytes).map_err(|e| SideError::Json(path.to_path_buf(), e))?;
        (roadmap, 0)
    } else {
        let loaded = load(&[path.to_path_buf()], None, as_of).map_err(SideError::Run)?;
        (loaded.roadmap, loaded.summary.errors)
    };
    Ok(Side {
        path: path.to_path_buf(),
        roadmap,
        errors,
    })
}

/// `koteihyo diff`: both sides and what changed from `old` to `new`.
pub fn compare(old: &Path, new: &Path, as_of: AsOf) -> Result<(Side, Side, Changes), SideError> {
    let old = load_side(old, as_of)?;
    let new = load_side(new, as_of)?;
    let changes = revision::diff::diff(&old.roadmap, &new.roadmap);
    Ok((old, new, changes))
}

// --- build --------------------------------------------------------------------------------

/// What `koteihyo build` is asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The input folder (or workbooks).
    pub input: PathBuf,
    /// The output folder.
    pub output: PathBuf,
    /// The date KPI actuals are checked against.
    pub as_of: AsOf,
    /// Write even with errors, every page marked 「案」.
    pub draft: bool,
    /// Language of the messages written into outputs (入力チェック).
    pub lang: Lang,
    /// The previous edition (`roadmap.json` or input folder): the outputs show the changes.
    pub previous: Option<PathBuf>,
    /// The new edition's year and month, added to the 改定履歴.
    pub edition: Option<YearMonth>,
}

/// Why `build` wrote nothing although it ran (exit status 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// The input has errors and `--draft` was not given.
    Errors,
    /// Rendering found errors (a character the font lacks) and `--draft` was not given.
    Unprintable,
}

impl Stop {
    /// What the user is told.
    pub fn message(self) -> Message {
        match self {
            Stop::Errors => Message::new(
                "エラーがあるため出力しませんでした（前回の出力はそのままです）。--draft で案として出力できます。",
                "errors found: nothing was written (previous outputs are untouched); use --draft to print a draft.",
            ),
            Stop::Unprintable => Message::new(
                "印刷できない文字があるため出力しませんでした（前回の出力はそのままです）。",
                "some characters cannot be printed: nothing was written (previous outputs are untouched).",
            ),
        }
    }
}

/// What a `build` did, for `main.rs` to report: every stage's result in order.
#[derive(Debug)]
pub struct Built {
    /// The input read and checked (its findings, counts, per-file accounting).
    pub loaded: Loaded,
    /// The previous edition, with `--previous`.
    pub previous: Option<Side>,
    /// What changed since the previous edition, with `--previous`.
    pub changes: Option<Changes>,
    /// What rendering found (missing glyphs, texts too long).
    pub render_diagnostics: Vec<Diagnostic>,
    /// Why nothing was written, if so.
    pub stop: Option<Stop>,
    /// The files written into the output folder, in order (empty when stopped).
    pub written: Vec<Written>,
    /// Each file's receipt (確認票) path in the output's [`RECEIPTS`] folder, when written.
    pub receipts: std::collections::BTreeMap<String, String>,
    /// Time per stage.
    pub laps: Laps,
}

impl Built {
    /// The exit status: 0, or 1 when there are errors (written as a draft, or stopped).
    pub fn status(&self) -> u8 {
        let render_errors = diagnostic::count(&self.render_diagnostics, Severity::Error);
        u8::from(self.loaded.summary.errors + render_errors > 0 || self.stop.is_some())
    }
}

/// A `build` that failed as a run (exit status 2): the previous outputs are intact.
#[derive(Debug)]
pub enum BuildError {
    /// The input could not be read.
    Input(RunError),
    /// The previous edition could not be read.
    Previous(SideError),
    /// `--edition` is before the plan's last edition; the path is the plan workbook's.
    Edition(PathBuf, EditionTooOld),
    /// A renderer failed.
    Render(RenderError),
    /// The outputs could not be written.
    Output(OutputError),
}

impl BuildError {
    /// What happened and what to do, naming the path.
    pub fn message(&self) -> Message {
        match self {
            BuildError::Input(e) => e.message(),
            BuildError::Previous(e) => e.message(),
            BuildError::Edition(plan, e) => {
                let d = e.diagnostic();
                let side = |lang| {
                    let hint = d
                        .hint(lang)
                        .map(|h| format!("\n  → {h}"))
                        .unwrap_or_default();
                    format!("{}: {}{hint}", plan.display(), d.message(lang))
                };
                Message::new(side(Lang::Ja), side(Lang::En))
            }
            BuildError::Render(e) => e.message(),
            BuildError::Output(e) => e.message(),
        }
    }
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.message())
    }
}

impl std::error::Error for BuildError {}

/// `koteihyo build`: load, diff against `--previous`, edition, render, write — the only
/// place that orders these stages. The outputs are made in `make_outputs`.
pub fn build(options: &BuildOptions) -> Result<Built, BuildError> {
    let mut laps = Laps::default();
    let input = std::slice::from_ref(&options.input);
    let read = read_books(input, None, &mut laps).map_err(BuildError::Input)?;
    let previous = match &options.previous {
        Some(path) => Some(load_side(path, options.as_of).map_err(BuildError::Previous)?),
        None => None,
    };
    let expect = Expect {
        whole: true,
        previous: previous
            .as_ref()
            .map(|p| (p.path.display().to_string(), departments(&p.roadmap))),
    };
    // Reading the two embedded fonts' tables starts now on its own thread, on the core that
    // normalize (one thread) leaves idle; layout finds them ready (or waits for them). Only
    // a command that renders pays for it. Started before ingest, which uses both cores, it
    // slowed ingest by more than it saved: input/ 50.8 → 49.4 ms (41 interleaved runs).
    std::thread::spawn(pdf::font::prepare);
    let (loaded, _) = check_books(read, input, None, &expect, options.as_of, &mut laps);
    let mut built = Built {
        loaded,
        previous: None,
        changes: None,
        render_diagnostics: Vec::new(),
        stop: None,
        written: Vec::new(),
        receipts: Default::default(),
        laps: Laps::default(),
    };
    let errors = built.loaded.summary.errors;
    if errors > 0 && !options.draft {
        built.stop = Some(Stop::Errors);
        built.laps = laps;
        return Ok(built);
    }
    if let Some(previous) = previous {
        built.changes = Some(revision::diff::diff(
            &previous.roadmap,
            &built.loaded.roadmap,
        ));
        built.previous = Some(previous);
        laps.lap("diff");
    }
    if let Some(edition) = options.edition {
        revision::apply_edition(&mut built.loaded.roadmap, edition).map_err(|e| {
            let plan = options.input.join(&e.plan_file);
            BuildError::Edition(plan, e)
        })?;
    }
    let render_options = RenderOptions {
        draft_errors: options.draft.then_some(errors),
        lang: options.lang,
        changes: built.changes.as_ref(),
        issued: Some(options.as_of),
    };
    let made = make_outputs(&built.loaded, &render_options, options, &mut laps);
    built.render_diagnostics = made.laid;
    built.stop = made.stop;
    built.written = made.written?;
    built.receipts = made.receipts;
    built.laps = laps;
    Ok(built)
}

/// What [`make_outputs`] did: layout's findings, whether they stopped the build, and the
/// files written.
struct Made {
    laid: Vec<Diagnostic>,
    stop: Option<Stop>,
    written: Result<Vec<Written>, BuildError>,
    /// Each file's receipt path, when written.
    receipts: std::collections::BTreeMap<String, String>,
}

/// Lays out the PDFs and, unless that stops the build, makes and writes every output.
///
/// Two workers share the work, one per core. This thread lays out the PDFs, decides on what
/// layout found, opens the output folder and writes the PDFs ([`print_outputs`]); the other
/// writes every sheet of the workbook that does not list findings while the PDFs are laid
/// out, and finishes the workbook once the folder is open ([`workbook_output`]). Whichever is
/// done first takes progress.pdf, then roadmap.json and roadmap.html, and both then take the
/// receipts one at a time ([`ReceiptWork`]). Before, layout ran alone on one core and the
/// workbook began after it, behind json and html.
fn make_outputs(
    loaded: &Loaded,
    options: &RenderOptions,
    build: &BuildOptions,
    laps: &mut Laps,
) -> Made {
    let staging = std::sync::OnceLock::new();
    let shared = Shared::default();
    let (opened, open) = std::sync::mpsc::channel();
    let (laid, decided) = std::thread::scope(|scope| {
        let (staging, shared) = (&staging, &shared);
        scope.spawn(move || workbook_output(loaded, options, staging, shared, open));
        print_outputs(loaded, options, build, staging, shared, opened, laps)
    });
    let (names, staging) = match (decided, staging.into_inner()) {
        (Ok(Some(names)), Some(staging)) => (names, staging),
        (Ok(_), _) => {
            return Made {
                laid,
                stop: Some(Stop::Unprintable),
                written: Ok(Vec::new()),
                receipts: Default::default(),
            }
        }
        (Err(e), _) => {
            return Made {
                laid,
                stop: None,
                written: Err(e),
                receipts: Default::default(),
            }
        }
    };
    let mut receipts = Default::default();
    let written = shared.written(&names).and_then(|(written, made)| {
        receipts = made.map_or_else(|| Ok(Default::default()), ReceiptWork::finish)?;
        laps.lap("render");
        staging.commit().map_err(BuildError::Output)?;
        laps.lap("write");
        Ok(written)
    });
    Made {
        laid,
        stop: None,
        written,
        receipts,
    }
}

/// This thread's part of [`make_outputs`]. Returns layout's findings and the names of the
/// files to write (`None`: layout's findings stop the build).
fn print_outputs<'a>(
    loaded: &'a Loaded,
    options: &'a RenderOptions<'a>,
    build: &BuildOptions,
    staging: &std::sync::OnceLock<Staging>,
    shared: &Shared<'a>,
    opened: std::sync::mpsc::Sender<Vec<Diagnostic>>,
    laps: &mut Laps,
) -> (
    Vec<Diagnostic>,
    Result<Option<Vec<&'static str>>, BuildError>,
) {
    let laid = lay_out(&loaded.roadmap, options);
    laps.lap("layout");
    let Laid {
        document,
        progress,
        diagnostics,
    } = laid;
    if !printable(&diagnostics, build.draft) {
        return (diagnostics, Ok(None));
    }
    let names = output_names(progress.is_some());
    let staging = match Staging::open_with_folders(&build.output, &names, &[RECEIPTS]) {
        Ok(opened) => staging.get_or_init(|| opened),
        Err(e) => return (diagnostics, Err(BuildError::Output(e))),
    };
    // The workbook's 入力チェック lists the input's findings and layout's, in report order.
    let mut checks = loaded.diagnostics.clone();
    checks.extend(diagnostics.iter().cloned());
    sort(&mut checks);
    // What either worker may take: progress.pdf first (the longest), then json and html,
    // then the receipts, shared one by one.
    let mut either = queued_renderers(&loaded.roadmap, options);
    either.extend(progress.map(|p| pdf_renderer(PROGRESS_PDF, p)));
    shared.queue(either);
    match ReceiptWork::new(loaded, options, build, staging) {
        Ok(work) => {
            let _ = shared.receipts.set(work);
        }
        Err(e) => return (diagnostics, Err(e)),
    }
    // The workbook worker waits for this; it goes away if the build stops above.
    let _ = opened.send(checks);
    shared.run(staging, pdf_renderer(PDF, document));
    shared.run_queued(staging);
    (diagnostics, Ok(Some(names)))
}

/// The other worker's part of [`make_outputs`]: the workbook's sheets, then, once the output
/// folder is open, the workbook with its 入力チェック, then the queued outputs left.
fn workbook_output<'a>(
    loaded: &'a Loaded,
    options: &'a RenderOptions<'a>,
    staging: &std::sync::OnceLock<Staging>,
    shared: &Shared<'a>,
    open: std::sync::mpsc::Receiver<Vec<Diagnostic>>,
) {
    let roadmap = &loaded.roadmap;
    let sheets = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        xlsx::sheets(roadmap, &xlsx_options(options))
    }));
    let (Ok(checks), Some(staging)) = (open.recv(), staging.get()) else {
        return;
    };
    let make: Make = Box::new(move |f| {
        let sheets = sheets.map_err(|_| PANICKED)??;
        let options = xlsx_options(options);
        Ok(xlsx::render_to(sheets, roadmap, &checks, &options, f)?)
    });
    shared.run(staging, Renderer { name: XLSX, make });
    shared.run_queued(staging);
}

/// Whether `build` may print with layout's findings: a character the font lacks stops it,
/// unless it is a draft.
fn printable(laid: &[Diagnostic], draft: bool) -> bool {
    draft || diagnostic::count(laid, Severity::Error) == 0
}

/// The outputs made so far, and those queued for either worker that neither has taken yet,
/// shared by the two workers of [`make_outputs`].
#[derive(Default)]
struct Shared<'a> {
    queued: std::sync::Mutex<Vec<Renderer<'a>>>,
    made: std::sync::Mutex<Vec<(&'static str, Result<Written, BuildError>)>>,
    /// The receipts, once the output folder is open; taken after the queued outputs.
    receipts: std::sync::OnceLock<ReceiptWork<'a>>,
}

impl<'a> Shared<'a> {
    fn queue(&self, renderers: Vec<Renderer<'a>>) {
        if let Ok(mut queued) = self.queued.lock() {
            queued.extend(renderers);
        }
    }

    /// Runs `renderer` into its file in `staging` and keeps what it did.
    fn run(&self, staging: &Staging, renderer: Renderer<'a>) {
        let name = renderer.name;
        let result = run_one(staging, renderer);
        if let Ok(mut made) = self.made.lock() {
            made.push((name, result));
        }
    }

    /// Runs the outputs either worker may make that no worker has taken yet, last queued
    /// first, then the receipts no worker has taken yet.
    fn run_queued(&self, staging: &Staging) {
        loop {
            let next = self.queued.lock().ok().and_then(|mut queued| queued.pop());
            let Some(renderer) = next else { break };
            self.run(staging, renderer);
        }
        if let Some(receipts) = self.receipts.get() {
            receipts.run();
        }
    }

    /// The files written, in the order of `names` (the first failure in that order is the
    /// error), and the receipts' work when there was any.
    #[allow(clippy::type_complexity)]
    fn written(
        self,
        names: &[&'static str],
    ) -> Result<(Vec<Written>, Option<ReceiptWork<'a>>), BuildError> {
        let mut made = self.made.into_inner().unwrap_or_default();
        let written = names
            .iter()
            .map(|&name| match made.iter().position(|(n, _)| *n == name) {
                Some(i) => made.swap_remove(i).1,
                None => Err(BuildError::Render(RenderError {
                    output: name,
                    cause: "the renderer did not run".into(),
                })),
            })
            .collect::<Result<Vec<Written>, BuildError>>()?;
        Ok((written, self.receipts.into_inner()))
    }
}

// --- render -------------------------------------------------------------------------------

/// How to render the outputs of `build`.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions<'a> {
    /// `Some(n)`: a draft with `n` open errors (every page marked 「案」).
    pub draft_errors: Option<usize>,
    /// Language of the messages written into the workbook (入力チェック).
    pub lang: Lang,
    /// The changes from the previous edition: the PDF gets 「今回の改定における主な変更点」 and
    /// the workbook a 変更点 sheet.
    pub changes: Option<&'a Changes>,
    /// The date of issue (the build's `--as-of`), printed on progress.pdf's title page.
    pub issued: Option<crate::fiscal::Date>,
}

/// A renderer failed: which output, and why.
#[derive(Debug)]
pub struct RenderError {
    /// The output's file name.
    pub output: &'static str,
    /// What the renderer said (or that it panicked).
    pub cause: Box<dyn std::error::Error + Send + Sync>,
}

impl RenderError {
    /// What happened and what to do.
    pub fn message(&self) -> Message {
        let theirs = self.cause.downcast_ref::<xlsx::XlsxError>();
        if let Some(fault) = theirs.and_then(xlsx::XlsxError::fault) {
            return fault;
        }
        msg!(
            "{} を作れませんでした（{}）。前回の出力はそのままです。この入力を添えて不具合として報告してください。",
            "could not make {} ({}); the previous outputs are untouched. Please report this as a bug, with the input.",
            self.output,
            self.cause
        )
    }
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.message())
    }
}

impl std::error::Error for RenderError {}

/// The PDFs laid out, with what layout found.
#[derive(Debug)]
pub struct Laid {
    /// roadmap.pdf's pages.
    pub document: pdf::Document,
    /// progress.pdf's pages, only when a submission carries progress.
    pub progress: Option<pdf::Document>,
    /// Layout's findings, roadmap.pdf's then progress.pdf's (a character the font lacks is
    /// an error: it would print as an empty box).
    pub diagnostics: Vec<Diagnostic>,
}

/// The files `build` writes, in the order they are renamed into place.
fn output_names(progress: bool) -> Vec<&'static str> {
    let mut names = vec![JSON, PDF, XLSX, HTML];
    if progress {
        names.push(PROGRESS_PDF);
    }
    names
}

/// Lays out roadmap.pdf and, when a submission carries progress, progress.pdf.
pub fn lay_out(roadmap: &Roadmap, options: &RenderOptions) -> Laid {
    let pdf_options = pdf::PdfOptions {
        draft_errors: options.draft_errors,
        changes: options.changes,
        issued: options.issued,
    };
    let laid = pdf::layout::layout(roadmap, &pdf_options);
    let progress = pdf::progress::layout(roadmap, &pdf_options);
    let mut diagnostics = laid.diagnostics;
    let progress = progress.map(|p| {
        diagnostics.extend(p.diagnostics);
        p.output
    });
    Laid {
        document: laid.output,
        progress,
        diagnostics,
    }
}

/// A file written into the output folder by `build`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// File name, e.g. `roadmap.pdf`.
    pub name: &'static str,
    /// Its size in bytes.
    pub size: u64,
}

/// roadmap.json's file name.
pub const JSON: &str = "roadmap.json";
/// roadmap.pdf's file name.
pub const PDF: &str = "roadmap.pdf";
/// kpi.xlsx's file name.
pub const XLSX: &str = "kpi.xlsx";
/// roadmap.html's file name.
pub const HTML: &str = "roadmap.html";
/// The progress report's file name; `build` writes it only when a submission carries
/// progress.
pub const PROGRESS_PDF: &str = "progress.pdf";
/// The folder of receipts (確認票) `build` writes, one per file read.
pub const RECEIPTS: &str = "確認票";

type RenderResult = Result<(), RenderCause>;

/// What writes one output into its temporary file.
type Make<'a> = Box<dyn FnOnce(&mut TempFile) -> RenderResult + Send + 'a>;

/// One output: its file name and the function that writes it into its temporary file.
struct Renderer<'a> {
    name: &'static str,
    make: Make<'a>,
}

/// The outputs either worker of [`make_outputs`] may make: **a new output that needs
/// neither the PDF layout nor the workbook is one more entry here** (and its name in
/// [`output_names`]).
fn queued_renderers<'a>(roadmap: &'a Roadmap, options: &RenderOptions<'a>) -> Vec<Renderer<'a>> {
    let html_options = crate::render::html::HtmlOptions {
        draft_errors: options.draft_errors,
    };
    let changes = options.changes;
    vec![
        Renderer {
            name: HTML,
            make: Box::new(move |f| {
                Ok(crate::render::html::render_to(
                    roadmap,
                    &html_options,
                    changes,
                    f,
                )?)
            }),
        },
        Renderer {
            name: JSON,
            make: Box::new(move |f| json(roadmap, f)),
        },
    ]
}

/// A PDF from its layout, which goes page by page as krilla draws it.
fn pdf_renderer<'a>(name: &'static str, document: pdf::Document) -> Renderer<'a> {
    Renderer {
        name,
        make: Box::new(move |f| Ok(f.write_all(&pdf::write::write(document)?)?)),
    }
}

/// The workbook's options for `build`.
fn xlsx_options<'a>(options: &RenderOptions<'a>) -> xlsx::XlsxOptions<'a> {
    xlsx::XlsxOptions {
        lang: options.lang,
        changes: options.changes,
        ..Default::default()
    }
}

/// `roadmap.json`: the model, pretty-printed, with a final newline.
fn json(roadmap: &Roadmap, file: &mut TempFile) -> RenderResult {
    serde_json::to_writer_pretty(&mut *file, roadmap)?;
    Ok(file.write_all(b"\n")?)
}

/// Why one output could not be made: its renderer failed, or its file could not be written.
fn failure(name: &'static str, file: &mut TempFile, cause: RenderCause) -> BuildError {
    match file.fault() {
        // A full disk shows up inside the renderer as a write error: it is the file's fault.
        Some(fault) => BuildError::Output(fault),
        None => BuildError::Render(RenderError {
            output: name,
            cause,
        }),
    }
}

type RenderCause = Box<dyn std::error::Error + Send + Sync>;

/// The cause of a renderer that panicked (caught: the build fails as a run, exit 2).
const PANICKED: &str = "the renderer panicked";

/// Runs one renderer into its temporary file, turning a panic into an error.
fn run_one(staging: &Staging, renderer: Renderer) -> Result<Written, BuildError> {
    let Renderer { name, make } = renderer;
    let mut file = staging.create(name).map_err(BuildError::Output)?;
    let made = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| make(&mut file)))
        .unwrap_or_else(|_| Err(PANICKED.into()));
    match made {
        Ok(()) => {
            let size = file.finish().map_err(BuildError::Output)?;
            Ok(Written { name, size })
        }
        Err(cause) => Err(failure(name, &mut file, cause)),
    }
}

// --- template -----------------------------------------------------------------------------

/// What `koteihyo template` is asked to do.
#[derive(Debug, Clone)]
pub struct TemplateOptions {
    /// The input folder.
    pub input: PathBuf,
    /// The folder the templates go into (not the input folder).
    pub output: PathBuf,
    /// The date KPI actuals are checked against.
    pub as_of: AsOf,
    /// Only this department's template.
    pub department: Option<String>,
    /// Add the 進捗, 実績 and 課題 columns for this 評価年度 (`--progress R7`).
    pub progress: Option<crate::fiscal::FiscalYear>,
}

/// What a `template` run did.
#[derive(Debug)]
pub struct Templated {
    /// The input read and checked.
    pub loaded: Loaded,
    /// Nothing was written: the input has errors (unread lines would be missing).
    pub stopped: bool,
    /// The files written: the templates, then the plan workbooks copied.
    pub written: Vec<Output>,
    /// What the grid cannot say exactly, and workbooks in the output folder that `build`
    /// would read with the templates.
    pub notes: Vec<Message>,
}

/// A `template` run that failed (exit status 2).
#[derive(Debug)]
pub enum TemplateRunError {
    /// `--input` is not a folder.
    InputNotFolder(PathBuf),
    /// `--output` is the input folder.
    OutputIsInput(PathBuf),
    /// The input could not be read.
    Input(RunError),
    /// A plan workbook could not be read for copying.
    Copy(PathBuf, std::io::Error),
    /// The templates could not be made.
    Template(templates::TemplateError),
    /// The outputs could not be written.
    Output(OutputError),
}

impl TemplateRunError {
    /// What happened and what to do, naming the path.
    pub fn message(&self) -> Message {
        match self {
            TemplateRunError::InputNotFolder(p) => msg!(
                "{} はフォルダではありません。--input には入力フォルダを指定してください。",
                "{} is not a folder: give the input folder with --input.",
                p.display()
            ),
            TemplateRunError::OutputIsInput(p) => msg!(
                "--output の {} は --input と同じフォルダです。様式は別のフォルダに書いてください（同じフォルダだと二重に読まれます）。",
                "--output {} is the input folder: write the templates to another folder (they would be read twice).",
                p.display()
            ),
            TemplateRunError::Input(e) => e.message(),
            TemplateRunError::Copy(p, e) => msg!(
                "{} を読めません（{}）。場所と権限を確かめてください。",
                "cannot read {} ({}): check its path and permissions.",
                p.display(),
                e
            ),
            TemplateRunError::Template(e) => e.message(),
            TemplateRunError::Output(e) => e.message(),
        }
    }
}

impl std::fmt::Display for TemplateRunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.message())
    }
}

impl std::error::Error for TemplateRunError {}

/// `koteihyo template`: load (one read of the input), make the templates, copy the plan
/// workbooks, write.
pub fn template(options: &TemplateOptions) -> Result<Templated, TemplateRunError> {
    let input = &options.input;
    if !input.is_dir() {
        return Err(TemplateRunError::InputNotFolder(input.clone()));
    }
    if same_path(input, &options.output) {
        return Err(TemplateRunError::OutputIsInput(options.output.clone()));
    }
    let paths = std::slice::from_ref(input);
    let (loaded, books) = load_books(paths, None, options.as_of, &mut Laps::default())
        .map_err(TemplateRunError::Input)?;
    if loaded.summary.errors > 0 {
        return Ok(Templated {
            loaded,
            stopped: true,
            written: Vec::new(),
            notes: Vec::new(),
        });
    }
    let plan_files = templates::plan_files(&books).map_err(TemplateRunError::Template)?;
    let made = templates::templates(
        &loaded.roadmap,
        &plan_files,
        options.department.as_deref(),
        options.progress,
    )
    .map_err(TemplateRunError::Template)?;
    let mut outputs: Vec<Output> = made
        .files
        .into_iter()
        .map(|f| Output::new(f.name, f.bytes))
        .collect();
    for name in &plan_files {
        let path = input.join(name);
        let bytes = std::fs::read(&path).map_err(|e| TemplateRunError::Copy(path.clone(), e))?;
        outputs.push(Output::new(name.clone(), bytes));
    }
    output::write_all(&options.output, &outputs).map_err(TemplateRunError::Output)?;
    let mut notes = made.notes;
    notes.extend(strangers(&options.output, &outputs));
    Ok(Templated {
        loaded,
        stopped: false,
        written: outputs,
        notes,
    })
}

/// Workbooks left in the template folder from elsewhere: `build` would read them with the
/// templates.
fn strangers(dir: &Path, written: &[Output]) -> Vec<Message> {
    let mut others: Vec<PathBuf> = std::fs::read_dir(dir)
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
        workbook
            && !name.starts_with('.')
            && !name.starts_with("~$")
            && !written.iter().any(|o| o.name == *name)
    });
    others.sort();
    others
        .into_iter()
        .map(|p| {
            msg!(
                "{} は今回書いたファイルではありません。build で一緒に読まれます",
                "{} was not written by this run: build will read it with the templates",
                p.display()
            )
        })
        .collect()
}

/// Whether two paths name the same file or folder.
pub fn same_path(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}
