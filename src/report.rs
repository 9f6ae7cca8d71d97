//! Rendering diagnostics at the edge: the human report of `check` and its JSON form.

use std::fmt::Write as _;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Lang, Severity};
use crate::pipeline::Summary;

/// One diagnostic as `check --format json` prints it.
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic {
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub file: String,
    pub sheet: Option<String>,
    pub cell: Option<String>,
    pub hints: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct JsonReport {
    pub diagnostics: Vec<JsonDiagnostic>,
    pub summary: Summary,
}

pub fn json(diagnostics: &[Diagnostic], summary: &Summary, lang: Lang) -> String {
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
            })
            .collect(),
        summary: summary.clone(),
    };
    serde_json::to_string_pretty(&report).unwrap_or_else(|_| "{}".to_string())
}

/// The human report: findings grouped by file, then a summary line. `colour` only when
/// writing to a terminal.
pub fn human(diagnostics: &[Diagnostic], summary: &Summary, lang: Lang, colour: bool) -> String {
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
            let hint = match lang {
                Lang::Ja => "ヒント",
                Lang::En => "hint",
            };
            let _ = writeln!(s, "      {hint}: {h}");
        }
    }
    if !diagnostics.is_empty() {
        s.push('\n');
    }
    let infos = diagnostics
        .iter()
        .filter(|d| d.severity() == Severity::Info)
        .count();
    let line = match lang {
        Lang::Ja => format!(
            "{}ファイル、{}行、工程{}件、KPI{}件を検査: エラー{}件、警告{}件、情報{}件",
            summary.files,
            summary.rows,
            summary.steps,
            summary.kpis,
            summary.errors,
            summary.warnings,
            infos
        ),
        Lang::En => format!(
            "checked {} files, {} rows, {} steps, {} KPIs: {} errors, {} warnings, {} notes",
            summary.files,
            summary.rows,
            summary.steps,
            summary.kpis,
            summary.errors,
            summary.warnings,
            infos
        ),
    };
    let code = if summary.errors > 0 {
        "31"
    } else if summary.warnings > 0 {
        "33"
    } else {
        "32"
    };
    let _ = writeln!(s, "{}", paint(&line, code, colour));
    s
}

fn paint(text: &str, code: &str, colour: bool) -> String {
    if colour {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}
