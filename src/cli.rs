//! Command-line types (clap). Nothing here does work; `main.rs` dispatches.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::fiscal::{Date, YearMonth};

/// koteihyo（工程表）: 各課の提出ワークブックから DX 推進計画の工程表（PDF）と KPI ワークブックを作ります。
#[derive(Debug, Parser)]
#[command(name = "koteihyo", version, about)]
pub struct Cli {
    /// The subcommand to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands: `check`, `build`, `template`, `diff`.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// 提出ファイルを検査します (validate submissions).
    Check(CheckArgs),
    /// input/ から output/roadmap.pdf, kpi.xlsx, roadmap.json を作ります (build the outputs).
    Build(BuildArgs),
    /// 各課の現在の記載を提出様式に書き出します (write each department's submission template).
    Template(TemplateArgs),
    /// 二つの版の違いを示します (compare two editions: input folders or roadmap.json).
    Diff(DiffArgs),
}

/// `check`: validate the submissions and report every finding.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or folders to check (default: input/).
    pub paths: Vec<PathBuf>,
    /// What to print: the report for people, or JSON for programs.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Write a receipt (`確認票_<file>.xlsx`) per file checked into this folder: what was read
    /// from it, and every finding on its cell.
    #[arg(long, value_name = "DIR")]
    pub receipts: Option<PathBuf>,
    /// Options shared by every subcommand.
    #[command(flatten)]
    pub common: Common,
}

/// `build`: write the outputs from an input folder.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The folder of submissions and the plan workbook.
    #[arg(long, default_value = "input")]
    pub input: PathBuf,
    /// Where roadmap.pdf, kpi.xlsx and roadmap.json are written.
    #[arg(long, default_value = "output")]
    pub output: PathBuf,
    /// Print even when there are errors: every page is marked 「案」 with the error count.
    #[arg(long)]
    pub draft: bool,
    /// The previous edition (its input folder or roadmap.json): adds 変更点 to the workbook
    /// and 「今回の改定における主な変更点」 to the PDF.
    #[arg(long, requires = "edition")]
    pub previous: Option<PathBuf>,
    /// The new edition's year and month (YYYY-MM), added to the 改定履歴 as
    /// 「ローリングによる改定」; the cover's date follows.
    #[arg(long, value_parser = parse_edition)]
    pub edition: Option<YearMonth>,
    /// Options shared by every subcommand.
    #[command(flatten)]
    pub common: Common,
}

/// `template`: write each department's submission workbook, filled with its current entries.
#[derive(Debug, clap::Args)]
pub struct TemplateArgs {
    /// The folder of submissions and the plan workbook.
    #[arg(long, default_value = "input")]
    pub input: PathBuf,
    /// Where the templates (NN_課名.xlsx) and a copy of the plan workbook are written.
    #[arg(long)]
    pub output: PathBuf,
    /// Only this department's template (担当課, e.g. 市民課).
    #[arg(long)]
    pub department: Option<String>,
    /// Add the 進捗, 実績 and 課題 columns for this 評価年度 (e.g. R7, 令和7, 2025).
    #[arg(long, value_name = "FY", value_parser = parse_fiscal_year)]
    pub progress: Option<i32>,
    /// Options shared by every subcommand.
    #[command(flatten)]
    pub common: Common,
}

/// A fiscal year in any notation the submissions accept (`R7`, `令和7年度`, `2025`).
fn parse_fiscal_year(s: &str) -> Result<i32, String> {
    match crate::normalize::year::parse_year_text(s) {
        Ok(crate::normalize::year::YearText::Year { year }) => Ok(year),
        _ => Err(format!(
            "年度「{s}」を読み取れません (write it as R7, 令和7 or 2025)"
        )),
    }
}

/// `diff`: the changes between two editions.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The previous edition: an input folder or a roadmap.json.
    pub old: PathBuf,
    /// The new edition: an input folder or a roadmap.json.
    pub new: PathBuf,
    /// What to print: the report for people, or JSON for programs.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Options shared by every subcommand.
    #[command(flatten)]
    pub common: Common,
}

/// Options every subcommand takes: `--lang`, `--as-of`, `--plan`.
#[derive(Debug, clap::Args)]
pub struct Common {
    /// Language of messages.
    #[arg(long, value_enum, default_value_t = LangArg::Ja)]
    pub lang: LangArg,
    /// The date actuals are judged against (YYYY-MM-DD; default: today).
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<Date>,
    /// The plan workbook (or its folder) when the paths checked hold no plan frame
    /// (default: input/ if it has one).
    #[arg(long)]
    pub plan: Option<PathBuf>,
}

/// What `check` and `diff` print (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// 人が読む報告 (the report, for people).
    Human,
    /// JSON (for programs; the fields are in the README).
    Json,
}

/// The value of `--lang`, mapped to [`Lang`](crate::diagnostic::Lang) by `main.rs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// 日本語.
    Ja,
    /// English.
    En,
}

/// The years `--as-of` and `--edition` accept.
const ARG_YEARS: std::ops::RangeInclusive<i32> = 1900..=9999;

/// `YYYY-MM-DD`, checked to be a real date (`--as-of`).
pub fn parse_date(s: &str) -> Result<Date, String> {
    s.parse::<Date>()
        .ok()
        .filter(|d| ARG_YEARS.contains(&d.year()))
        .ok_or_else(|| format!("日付は YYYY-MM-DD で指定してください (expected YYYY-MM-DD): {s}"))
}

/// `YYYY-MM`, a real month (`--edition`).
///
/// ```
/// use koteihyo::cli::parse_edition;
/// assert_eq!(parse_edition("2026-03").map(|e| e.to_string()), Ok("2026-03".to_string()));
/// assert!(parse_edition("2026-13").is_err());
/// assert!(parse_edition("2026/03").is_err());
/// ```
pub fn parse_edition(s: &str) -> Result<YearMonth, String> {
    s.parse::<YearMonth>()
        .ok()
        .filter(|e| ARG_YEARS.contains(&e.year()))
        .ok_or_else(|| format!("改定年月は YYYY-MM で指定してください (expected YYYY-MM): {s}"))
}

#[cfg(test)]
mod tests {
    use super::{parse_date, parse_edition};
    use crate::fiscal::{Date, YearMonth};

    #[test]
    fn dates() {
        assert_eq!(
            parse_date("2026-03-31"),
            Ok(Date::new(2026, 3, 31).unwrap())
        );
        assert!(parse_date("2026-02-29").is_err());
        assert_eq!(
            parse_date("2028-02-29"),
            Ok(Date::new(2028, 2, 29).unwrap())
        );
        assert!(parse_date("1899-12-31").is_err());
        assert!(parse_date("2026/03/31").is_err());
        assert!(parse_date("").is_err());
    }

    #[test]
    fn editions() {
        assert_eq!(
            parse_edition("2018-03"),
            Ok(YearMonth::new(2018, 3).unwrap())
        );
        assert_eq!(
            parse_edition("1989-1"),
            Ok(YearMonth::new(1989, 1).unwrap())
        );
        for bad in [
            "2026-13", "2026-00", "2026/03", "2026-3x", "2026-003", "1899-12", "",
        ] {
            assert!(parse_edition(bad).is_err(), "{bad:?}");
        }
    }
}
