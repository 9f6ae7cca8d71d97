//! Command-line types (clap). Nothing here does work; `main.rs` dispatches.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// koteihyo（工程表）: 各課の提出ワークブックから DX 推進計画の工程表（PDF）と KPI ワークブックを作ります。
#[derive(Debug, Parser)]
#[command(name = "koteihyo", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

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

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or folders to check (default: input/).
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    #[command(flatten)]
    pub common: Common,
}

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
    #[arg(long, value_parser = crate::revision::parse_edition)]
    pub edition: Option<(i32, u32)>,
    #[command(flatten)]
    pub common: Common,
}

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

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The previous edition: an input folder or a roadmap.json.
    pub old: PathBuf,
    /// The new edition: an input folder or a roadmap.json.
    pub new: PathBuf,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(Debug, clap::Args)]
pub struct Common {
    /// Language of messages.
    #[arg(long, value_enum, default_value_t = LangArg::Ja)]
    pub lang: LangArg,
    /// The date actuals are judged against (YYYY-MM-DD; default: today).
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<(i32, u32, u32)>,
    /// The plan workbook (or its folder) when the paths checked hold no plan frame
    /// (default: input/ if it has one).
    #[arg(long)]
    pub plan: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Ja,
    En,
}

/// `YYYY-MM-DD` → (year, month, day), checked to be a real date.
pub fn parse_date(s: &str) -> Result<(i32, u32, u32), String> {
    let bad = || format!("日付は YYYY-MM-DD で指定してください (expected YYYY-MM-DD): {s}");
    let mut it = s.trim().splitn(3, '-');
    let y: i32 = it.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
    let m: u32 = it.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
    let d: u32 = it.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(bad()),
    };
    if !(1..=days).contains(&d) || !(1900..=9999).contains(&y) {
        return Err(bad());
    }
    Ok((y, m, d))
}

#[cfg(test)]
mod tests {
    use super::parse_date;

    #[test]
    fn dates() {
        assert_eq!(parse_date("2026-03-31"), Ok((2026, 3, 31)));
        assert!(parse_date("2026-02-29").is_err());
        assert_eq!(parse_date("2028-02-29"), Ok((2028, 2, 29)));
        assert!(parse_date("2026/03/31").is_err());
        assert!(parse_date("").is_err());
    }
}
