//! Rendering diagnostics at the edge: the human report of `check` and its JSON form.

use std::fmt::Write as _;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Lang, Message, Severity};
use crate::msg;
use crate::normalize::accounting::{FileAccount, FileStatus, Summary};

/// One diagnostic as `check --format json` prints it.
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic {
    /// `error`, `warning` or `info`.
    pub severity: Severity,
    /// The stable code, e.g. `year-unparseable`.
    pub code: &'static str,
    /// The message in the report's language, with the quoted texts filled in.
    pub message: String,
    /// The file name, e.g. `03_市民課.xlsx`.
    pub file: String,
    /// The sheet's name, when the finding is on one sheet.
    pub sheet: Option<String>,
    /// The cell in A1 notation, e.g. `F12`, when the finding is on one cell.
    pub cell: Option<String>,
    /// The code's hint in the report's language: none or one.
    pub hints: Vec<String>,
    /// How many times the finding was made (more than 1 when repeats of one cause were
    /// folded into it, e.g. one 施策 cell read for six rows).
    pub repeats: usize,
}

/// What a department has to do about its file, from its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// At least one error: the file must be corrected (要修正).
    Fix,
    /// Warnings only: the department should look at them (要確認).
    Review,
    /// Nothing but notes (OK).
    Ok,
}

impl Verdict {
    /// The verdict for a file with these counts.
    pub fn of(errors: usize, warnings: usize) -> Verdict {
        match (errors, warnings) {
            (0, 0) => Verdict::Ok,
            (0, _) => Verdict::Review,
            _ => Verdict::Fix,
        }
    }
    /// 要修正 / 要確認 / OK, or fix / review / OK in English.
    pub fn label(self) -> Message {
        match self {
            Verdict::Fix => Message::new("要修正", "fix"),
            Verdict::Review => Message::new("要確認", "review"),
            Verdict::Ok => Message::new("OK", "OK"),
        }
    }
}

/// One row of the office's tally: a submitted file, its counts and verdict, and the receipt
/// written for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Department {
    /// The file name, e.g. `03_市民課.xlsx`.
    pub file: String,
    /// Its errors.
    pub errors: usize,
    /// Its warnings.
    pub warnings: usize,
    /// `fix` (要修正), `review` (要確認) or `ok`.
    pub verdict: Verdict,
    /// The path of its receipt (確認票), when one was written.
    pub receipt: Option<String>,
}

/// The tally: one row per file that got a verdict as a workbook (read, unreadable or
/// refused), in the accounting's order; `receipts` maps a file to its receipt's path.
pub fn departments(
    diagnostics: &[Diagnostic],
    files: &[FileAccount],
    receipts: &std::collections::BTreeMap<String, String>,
) -> Vec<Department> {
    files
        .iter()
        .filter(|f| f.status != FileStatus::Skipped)
        .map(|f| {
            let count = |severity| {
                diagnostics
                    .iter()
                    .filter(|d| d.place.file == f.file && d.severity() == severity)
                    .count()
            };
            let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
            Department {
                file: f.file.clone(),
                errors,
                warnings,
                verdict: Verdict::of(errors, warnings),
                receipt: receipts.get(&f.file).cloned(),
            }
        })
        .collect()
}

/// The whole of `check --format json`: `diagnostics`, `summary`, `files` and `departments`.
#[derive(Debug, Serialize)]
pub struct JsonReport<'a> {
    /// Every finding, in the order given.
    pub diagnostics: Vec<JsonDiagnostic>,
    /// The counts: files, rows, steps, KPIs, errors, warnings, and progress per 評価年度.
    pub summary: Summary,
    /// Per file: status, rows read, used, skipped, and the skipped rows by reason.
    pub files: &'a [FileAccount],
    /// The tally: per file its errors, warnings, verdict and receipt.
    pub departments: &'a [Department],
}

/// The JSON report of `check --format json`, pretty-printed, its texts in `lang`.
pub fn json(
    diagnostics: &[Diagnostic],
    summary: &Summary,
    files: &[FileAccount],
    departments: &[Department],
    lang: Lang,
) -> Result<String, serde_json::Error> {
    let report = JsonReport {
        diagnostics: diagnostics
            .iter()
            .map(|d| JsonDiagnostic {
                severity: d.severity(),
                code: d.code.as_str(),
                message: d.message(lang),
                file: d.place.file.clone(),
                sheet: d.place.sheet.clone(),
                cell: d.place.a1(),
                hints: d.hint(lang).into_iter().collect(),
                repeats: d.repeats,
            })
            .collect(),
        summary: summary.clone(),
        files,
        departments,
    };
    serde_json::to_string_pretty(&report)
}

/// The human report: findings grouped by file, the per-file row accounting, a summary
/// line, then the tally per department. `colour` only when writing to a terminal.
pub fn human(
    diagnostics: &[Diagnostic],
    summary: &Summary,
    files: &[FileAccount],
    departments: &[Department],
    lang: Lang,
    colour: bool,
) -> String {
    let mut s = String::new();
    let mut current: Option<&str> = None;
    for d in diagnostics {
        if current != Some(d.place.file.as_str()) {
            if current.is_some() {
                s.push('\n');
            }
            current = Some(d.place.file.as_str());
            let _ = writeln!(s, "{}", paint(&d.place.file, "1", colour));
        }
        let place = match (&d.place.sheet, d.place.a1()) {
            (Some(sheet), Some(cell)) => format!("{sheet}!{cell}"),
            (Some(sheet), None) => sheet.clone(),
            _ => "-".to_string(),
        };
        let sev = d.severity();
        let code = match sev {
            Severity::Error => "31",
            Severity::Warning => "33",
            Severity::Info => "36",
        };
        let label = paint(
            &format!("{}[{}]", sev.label(lang), d.code.as_str()),
            code,
            colour,
        );
        let _ = writeln!(s, "  {place}: {label} {}", d.message(lang));
        if let Some(h) = d.hint(lang) {
            let hint = Message::new("ヒント", "hint");
            let _ = writeln!(s, "      {}: {h}", hint.get(lang));
        }
    }
    if !diagnostics.is_empty() {
        s.push('\n');
    }
    accounting_table(&mut s, files, lang);
    let infos = diagnostics
        .iter()
        .filter(|d| d.severity() == Severity::Info)
        .count();
    let line = msg!(
        "{}ファイル、{}行、工程{}件、KPI{}件を検査: エラー{}件、警告{}件、情報{}件",
        "checked {} files, {} rows, {} steps, {} KPIs: {} errors, {} warnings, {} notes",
        summary.files,
        summary.rows,
        summary.steps,
        summary.kpis,
        summary.errors,
        summary.warnings,
        infos
    );
    let line = line.get(lang);
    for line in crate::progress::summary_lines(&summary.progress, lang) {
        let _ = writeln!(s, "{line}");
    }
    let code = if summary.errors > 0 {
        "31"
    } else if summary.warnings > 0 {
        "33"
    } else {
        "32"
    };
    let _ = writeln!(s, "{}", paint(line, code, colour));
    tally(&mut s, departments, lang);
    s
}

/// The tally after the summary: one line per department file with its verdict, counts and
/// receipt.
fn tally(s: &mut String, departments: &[Department], lang: Lang) {
    if departments.is_empty() {
        return;
    }
    let _ = writeln!(
        s,
        "\n{}",
        Message::new(
            "課ごとの結果（判定 / エラー / 警告 / 確認票）",
            "per department (verdict / errors / warnings / receipt)"
        )
        .get(lang)
    );
    let width = departments
        .iter()
        .map(|d| display_width(&d.file))
        .max()
        .unwrap_or(0);
    for d in departments {
        let pad = " ".repeat(width - display_width(&d.file));
        let label = d.verdict.label();
        let label = label.get(lang);
        let label_pad = " ".repeat(6usize.saturating_sub(display_width(label)));
        let receipt = d
            .receipt
            .as_deref()
            .map(|r| format!("  {r}"))
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "  {}{pad}  {label}{label_pad} {:>3} / {:>3}{receipt}",
            d.file, d.errors, d.warnings
        );
    }
}

/// Most skip reasons shown on a file's line; the JSON report has them all.
const MAX_REASONS_SHOWN: usize = 3;

/// One line per file: rows read / used / skipped, and why rows were skipped.
fn accounting_table(s: &mut String, files: &[FileAccount], lang: Lang) {
    if files.is_empty() {
        return;
    }
    let _ = writeln!(
        s,
        "{}",
        Message::new(
            "ファイル別の行数（読んだ行 / 使った行 / 飛ばした行）",
            "rows per file (read / used / skipped)"
        )
        .get(lang)
    );
    let width = files
        .iter()
        .map(|f| display_width(&f.file))
        .max()
        .unwrap_or(0);
    for f in files {
        let pad = " ".repeat(width - display_width(&f.file));
        let counts = match f.status {
            FileStatus::Read => {
                format!("{} / {} / {}", f.rows_read, f.rows_used, f.rows_skipped)
            }
            FileStatus::Unreadable => Message::new(
                "読めませんでした (file-unreadable)",
                "not read (file-unreadable)",
            )
            .get(lang)
            .to_string(),
            FileStatus::Refused => Message::new(
                "上限超過のため読んでいません (limit-exceeded)",
                "refused (limit-exceeded)",
            )
            .get(lang)
            .to_string(),
            FileStatus::Skipped => {
                Message::new("対象外 (file-skipped)", "not a submission (file-skipped)")
                    .get(lang)
                    .to_string()
            }
        };
        let mut reasons: Vec<String> = f
            .skipped
            .iter()
            .take(MAX_REASONS_SHOWN)
            .map(|k| {
                let mut rows: Vec<String> = k.rows.iter().take(4).map(u32::to_string).collect();
                if k.count > rows.len() {
                    rows.push(format!("…({})", k.count));
                }
                let rows = rows.join(",");
                msg!("{} {}!{}行", "{} {}!rows {}", k.reason, k.sheet, rows)
                    .get(lang)
                    .to_string()
            })
            .collect();
        if f.skipped.len() > MAX_REASONS_SHOWN {
            reasons.push("…".to_string());
        }
        let reasons = if reasons.is_empty() {
            String::new()
        } else {
            format!("  {}", reasons.join("; "))
        };
        let _ = writeln!(s, "  {}{pad}  {counts}{reasons}", f.file);
    }
    s.push('\n');
}

/// Columns a text takes in a terminal: East Asian wide characters take two.
fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 })
        .sum()
}

fn paint(text: &str, code: &str, colour: bool) -> String {
    if colour {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}
