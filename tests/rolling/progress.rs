//! 進捗: templates of the real `input/` made with `template --progress R7`, filled in as the
//! departments would (every status, synonyms, one bad value, one item with two statuses, one
//! overdue item, a blank item, a re-listing that disagrees, a department that kept its old
//! file without the columns), give exactly the findings of the contract's section 進捗, the
//! counts of the `check` summary, and the progress in roadmap.json.

use crate::rolling_support;
use crate::support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use koteihyo::model::{Roadmap, Status};
use rolling_support::{copy_input, edit, read_roadmap, run_ok, template_of, SheetData, V};
use support::{koteihyo, temp_dir};

pub const AS_OF: &str = "2026-06-01";
/// The status header of a `--progress R7` template.
const STATUS: &str = "令和7年度の進捗";
/// The hierarchy column of 取り組み項目 in a template.
const ITEM_COL: usize = 3;

fn s(t: &str) -> V {
    V::S(t.to_string())
}

/// Column of `header` in the template's header row.
fn col(sheet: &SheetData, header: &str) -> usize {
    sheet
        .find(header, 0)
        .map(|(_, c)| c)
        .expect("progress header")
}

/// Row of the item `text` (its first row).
fn row_of(sheet: &SheetData, text: &str) -> usize {
    sheet
        .find(text, ITEM_COL)
        .filter(|(_, c)| *c == ITEM_COL)
        .map(|(r, _)| r)
        .unwrap_or_else(|| panic!("no item {text}"))
}

/// Rows that start an item, below the header: the template writes every hierarchy cell on
/// every row, so an item starts where its cells differ from the row above.
fn item_rows(sheet: &SheetData) -> Vec<usize> {
    let header = sheet.find(STATUS, 0).map(|(r, _)| r).unwrap_or(0);
    let parents = |r: usize| -> Vec<String> {
        (0..=ITEM_COL)
            .map(|c| match sheet.get(r, c) {
                V::S(t) => t.clone(),
                _ => String::new(),
            })
            .collect()
    };
    (header + 1..sheet.rows.len())
        .filter(|&r| matches!(sheet.get(r, ITEM_COL), V::S(_)))
        .filter(|&r| r == header + 1 || parents(r) != parents(r - 1))
        .collect()
}

/// Writes a status (and 実績, 課題) on row `r`.
fn report(sheet: &mut SheetData, r: usize, status: &str, issue: Option<&str>) {
    let c = col(sheet, STATUS);
    sheet.set(r, c, s(status));
    sheet.set(r, c + 1, s("年度計画どおり実施した"));
    if let Some(i) = issue {
        sheet.set(r, c + 2, s(i));
    }
}

/// The filled set: `dir/filled` is a complete input folder.
pub fn filled_set(dir: &Path) -> PathBuf {
    copy_input(dir);
    run_ok(
        &[
            "template",
            "--input",
            "input",
            "--output",
            "filled",
            "--progress",
            "R7",
            "--as-of",
            AS_OF,
        ],
        dir,
    );
    let filled = dir.join("filled");
    // 文化財課 keeps its old file, without the progress columns.
    let old = template_of(&filled, "文化財課");
    std::fs::remove_file(&old).expect("remove");
    std::fs::copy(dir.join("input/24_文化財課.xlsx"), &old).expect("copy");
    for entry in std::fs::read_dir(&filled).expect("filled") {
        let path = entry.expect("entry").path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let name = name.unwrap_or_default();
        if name.starts_with("00_") || name.contains("文化財課") {
            continue;
        }
        edit(&path, |sheet| {
            for r in item_rows(sheet) {
                report(sheet, r, "順調", None);
            }
        });
    }
    edit(&template_of(&filled, "市民課"), fill_shimin);
    edit(&template_of(&filled, "税務課"), |sheet| {
        // One item left blank where the column is: the policy office chases it.
        let r = item_rows(sheet)[0];
        let c = col(sheet, STATUS);
        sheet.set(r, c, V::E);
        sheet.set(r, c + 1, V::E);
    });
    edit(&template_of(&filled, "総務課"), |sheet| {
        // A re-listing whose own status differs from its original's (順調).
        let r = row_of(sheet, "デジタル通知サービスの導入・活用(再掲)");
        report(sheet, r, "遅れ", Some("国の動向待ち"));
    });
    filled
}

/// 市民課 reports every status once, in several spellings, with the faults the contract
/// names.
fn fill_shimin(sheet: &mut SheetData) {
    let c = col(sheet, STATUS);
    let at = |sheet: &SheetData, t: &str| row_of(sheet, t);
    let r = at(sheet, "マイナンバーカードを取得しやすい環境の整備");
    report(sheet, r, "遅れ", Some("申請が集中し予約が取りにくい"));
    let r = at(sheet, "マイナンバー制度における情報連携");
    report(sheet, r, "未着手", None); // no 課題: a warning
    let r = at(sheet, "マイナンバーカードを活用した窓口手続き時の負担軽減");
    report(sheet, r, "予定どおり", None);
    sheet.set(r + 1, c, s("遅延")); // a second, different status on the item's next line
    let r = at(sheet, "マイナンバーカードのスマートフォン搭載への対応");
    report(sheet, r, "たぶん順調", None); // not a status
    let r = at(sheet, "マイナンバーカード一体化への対応");
    report(sheet, r, "変更", Some("国の動向に合わせて順序を入れ替える"));
    let r = at(sheet, "次期個人番号カードへの対応");
    report(sheet, r, "前倒し", None);
    let r = at(sheet, "窓口業務改革の推進");
    report(sheet, r, "◎", None); // 完了 while a step starts in R8
    let r = at(sheet, "一人ひとりに寄り添ったきめ細かな対応");
    report(
        sheet,
        r,
        "休止",
        Some("イヤフォンの効果を検証してから再開する"),
    );
    // A new item whose only step was pinned to R6: its schedule has run out.
    let end = sheet.rows.len();
    let mut row = vec![V::E; c + 3];
    row[ITEM_COL] = s("旧窓口システムの廃止");
    row[rolling_support::YEAR_COL] = s("旧窓口システムの廃止(R6)");
    sheet.insert_row(end, row);
    report(sheet, end, "〇", None);
}

fn check(dir: &Path) -> serde_json::Value {
    let run = koteihyo(
        &["check", "filled", "--format", "json", "--as-of", AS_OF],
        dir,
    );
    assert_eq!(run.status, 1, "errors expected\n{}", run.stderr);
    serde_json::from_str(&run.stdout).expect("json")
}

/// (code, file, cell) of the progress findings.
fn progress_findings(json: &serde_json::Value) -> Vec<(String, String, String)> {
    support::all_findings(json)
        .into_iter()
        .filter(|(code, ..)| code.starts_with("progress-"))
        .map(|(code, file, _, cell)| (code, file, cell))
        .collect()
}

fn f(code: &str, file: &str, cell: &str) -> (String, String, String) {
    (code.into(), file.into(), cell.into())
}

#[test]
fn a_filled_set_gives_exactly_the_contract_findings() {
    let dir = temp_dir("rolling_progress_findings");
    let filled = filled_set(&dir);
    let json = check(&dir);
    let mut got = progress_findings(&json);
    got.sort();
    let blank = template_of(&filled, "税務課");
    let blank = blank.file_name().unwrap_or_default().to_string_lossy();
    let tax = read_roadmap_cells(&filled, "税務課");
    let soumu = read_roadmap_cells(&filled, "総務課");
    let relisted = soumu.status_cell("デジタル通知サービスの導入・活用(再掲)");
    let mut want = vec![
        f("progress-issue-missing", "02_市民課.xlsx", "L7"),
        f("progress-status-conflict", "02_市民課.xlsx", "L9"),
        f("progress-status-unknown", "02_市民課.xlsx", "L10"),
        f("progress-done-with-steps-ahead", "02_市民課.xlsx", "L16"),
        f("progress-overdue", "02_市民課.xlsx", "L22"),
        f("progress-not-reported", &blank, &tax.first_status_cell()),
        f("progress-relisting-differs", "05_総務課.xlsx", &relisted),
    ];
    want.sort();
    assert_eq!(got, want, "{json:#}");

    // The conflict names both cells; the unknown value lists the accepted ones.
    let conflict = support::messages(&json, "progress-status-conflict");
    assert!(
        conflict[0].contains("L8") && conflict[0].contains("L9"),
        "{conflict:?}"
    );
    assert!(conflict[0].contains("予定どおり") && conflict[0].contains("遅延"));
    let unknown = support::messages(&json, "progress-status-unknown");
    for s in Status::ALL {
        assert!(unknown[0].contains(s.label()), "{unknown:?}");
    }
    // Nothing else is new: the other errors and warnings are the published roadmap's.
    let run = koteihyo(
        &["check", "input", "--format", "json", "--as-of", AS_OF],
        &dir,
    );
    let base: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let codes = |j: &serde_json::Value| -> BTreeMap<String, usize> {
        let mut m = BTreeMap::new();
        for (code, ..) in support::findings(j) {
            if !code.starts_with("progress-") {
                *m.entry(code).or_default() += 1;
            }
        }
        m
    };
    assert_eq!(codes(&json), codes(&base));
}

#[test]
fn the_check_summary_counts_each_status_and_who_did_not_report() {
    let dir = temp_dir("rolling_progress_summary");
    filled_set(&dir);
    let json = check(&dir);
    let years = json["summary"]["progress"].as_array().expect("progress");
    assert_eq!(years.len(), 1, "{years:?}");
    let y = &years[0];
    assert_eq!(y["year"], 2025);
    // Count what the filled set says, from the model.
    let rm = build(&dir);
    let mut want: BTreeMap<String, usize> = Status::ALL
        .iter()
        .map(|s| (s.label().to_string(), 0))
        .collect();
    let mut not_reported = 0;
    for item in own_items(&rm) {
        match item.progress.as_ref().and_then(|p| p.status) {
            Some(s) => *want.entry(s.label().to_string()).or_default() += 1,
            None => not_reported += 1,
        }
    }
    let got: BTreeMap<String, usize> =
        serde_json::from_value(y["statuses"].clone()).expect("counts");
    assert_eq!(got, want);
    // 市民課: 遅れ, 未着手, 順調 (its conflicting item keeps its first status), 完了, 前倒し,
    // 見直し, 中止, 順調 (the new item); the bad value is not a status.
    assert_eq!(got["前倒し"], 1);
    assert_eq!(got["中止"], 1);
    assert_eq!(got["見直し"], 1);
    assert_eq!(got["未着手"], 1);
    assert_eq!(got["完了"], 1);
    assert_eq!(got["遅れ"], 1);
    assert_eq!(y["not_reported"], not_reported);
    // 文化財課 kept its file without the column; its items count as not reported, silently.
    assert_eq!(
        y["departments_not_reported"],
        serde_json::json!(["文化財課"])
    );
    let human = koteihyo(&["check", "filled", "--as-of", AS_OF], &dir).stdout;
    assert!(
        human.contains("進捗（令和7(2025)年度）: 完了 1、")
            && human.contains("報告のない課: 文化財課"),
        "{human}"
    );
}

#[test]
fn roadmap_json_carries_each_items_progress() {
    let dir = temp_dir("rolling_progress_json");
    filled_set(&dir);
    let rm = build(&dir);
    assert_eq!(rm.plan.review_year, Some(2025));
    let item = |text: &str| {
        own_items(&rm)
            .find(|i| i.text == text)
            .unwrap_or_else(|| panic!("{text}"))
            .clone()
    };
    let late = item("マイナンバーカードを取得しやすい環境の整備");
    let p = late.progress.expect("progress");
    assert_eq!(p.status, Some(Status::Late));
    assert_eq!(p.year, Some(2025));
    assert_eq!(p.result, "年度計画どおり実施した");
    assert_eq!(p.issue, "申請が集中し予約が取りにくい");
    assert_eq!(
        (p.source.file.as_str(), p.source.cell.as_str()),
        ("02_市民課.xlsx", "L4")
    );
    let revised = item("マイナンバーカード一体化への対応")
        .progress
        .expect("progress");
    assert_eq!(
        (revised.status, revised.written.as_str()),
        (Some(Status::Revised), "変更")
    );
    // The bad value is kept as written, without a status.
    let bad = item("マイナンバーカードのスマートフォン搭載への対応")
        .progress
        .expect("p");
    assert_eq!((bad.status, bad.written.as_str()), (None, "たぶん順調"));
    // A re-listing takes its original's progress.
    let relisted = rm
        .pillars
        .iter()
        .flat_map(|p| &p.policies)
        .flat_map(|q| &q.initiatives)
        .flat_map(|i| &i.items)
        .find(|i| i.text == "デジタル通知サービスの導入・活用(再掲)")
        .and_then(|i| i.progress.clone())
        .expect("re-listing");
    assert_eq!(relisted.status, Some(Status::OnTrack));
    assert!(relisted.from_original.is_some());
    // An item of the department without the columns has no progress at all.
    let old = own_items(&rm)
        .find(|i| i.department == "文化財課")
        .expect("文化財課");
    assert!(old.progress.is_none());
}

/// `build --draft` of the filled set (it has errors by design); its roadmap.json.
pub fn build(dir: &Path) -> Roadmap {
    let run = koteihyo(
        &[
            "build", "--input", "filled", "--output", "out", "--draft", "--as-of", AS_OF,
        ],
        dir,
    );
    // A draft is written, and the open errors still make the exit status 1.
    assert_eq!(run.status, 1, "{}", run.stderr);
    read_roadmap(&dir.join("out/roadmap.json"))
}

/// Items that are not re-listings (those take their original's progress).
pub fn own_items(rm: &Roadmap) -> impl Iterator<Item = &koteihyo::model::Item> {
    rm.pillars
        .iter()
        .flat_map(|p| &p.policies)
        .flat_map(|q| &q.initiatives)
        .flat_map(|i| &i.items)
        .filter(|i| {
            i.progress
                .as_ref()
                .is_none_or(|p| p.from_original.is_none())
        })
        .filter(|i| i.relisting.is_none() && !all_lines_relisted(i))
}

fn all_lines_relisted(item: &koteihyo::model::Item) -> bool {
    !item.lines.is_empty() && item.lines.iter().all(|l| l.relisting.is_some())
}

/// A department's filled sheet, to name its cells.
struct Cells {
    sheet: SheetData,
}

fn read_roadmap_cells(filled: &Path, department: &str) -> Cells {
    let book = rolling_support::read_book(&template_of(filled, department));
    let sheet = book
        .into_iter()
        .find(|s| s.name == "工程表")
        .expect("工程表");
    Cells { sheet }
}

impl Cells {
    fn status_cell(&self, item: &str) -> String {
        let r = row_of(&self.sheet, item);
        koteihyo::model::a1(r as u32, col(&self.sheet, STATUS) as u32)
    }
    fn first_status_cell(&self) -> String {
        let r = item_rows(&self.sheet)[0];
        koteihyo::model::a1(r as u32, col(&self.sheet, STATUS) as u32)
    }
}

#[test]
fn build_writes_the_progress_sheet_and_counts_that_match_the_input() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let dir = temp_dir("rolling_progress_build");
    filled_set(&dir);
    let rm = build(&dir);
    let mut book: Xlsx<_> = open_workbook(dir.join("out/kpi.xlsx")).expect("kpi.xlsx");
    let sheet = book.worksheet_range("進捗状況").expect("進捗状況");
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|d| d.to_string()).collect())
        .collect();
    assert_eq!(rows[0][6], "進捗");
    let own: Vec<_> = own_items(&rm).collect();
    assert_eq!(rows.len() - 1, own.len());
    // Each row is its item: text, status, source cell.
    for (row, item) in rows[1..].iter().zip(&own) {
        assert_eq!(row[3], item.text);
        let status = item.progress.as_ref().and_then(|p| p.status);
        assert_eq!(row[6], status.map(|s| s.label()).unwrap_or(""));
    }
    let late = rows
        .iter()
        .find(|r| r[3] == "マイナンバーカードを取得しやすい環境の整備")
        .expect("row");
    assert_eq!(late[6], "遅れ");
    assert_eq!(late[9], "申請が集中し予約が取りにくい");
    assert_eq!(late[10], "02_市民課.xlsx 工程表!L4");
    // 集計: the COUNTIFS carry the counts of the input, per status and in total.
    let summary = book.worksheet_range("集計").expect("集計");
    let cells: Vec<Vec<Data>> = summary.rows().map(|r| r.to_vec()).collect();
    let title = cells
        .iter()
        .position(|r| r[0].to_string().starts_with("担当課別の進捗"))
        .expect("担当課別の進捗");
    let header: Vec<String> = cells[title + 1].iter().map(|d| d.to_string()).collect();
    let col = |h: &str| header.iter().position(|x| x == h).expect("column");
    let mut total_late = 0.0;
    let mut total = 0.0;
    for r in &cells[title + 2..] {
        if r[0].to_string().is_empty() {
            break;
        }
        let n = |c: usize| match &r[c] {
            Data::Float(f) => *f,
            Data::Int(i) => *i as f64,
            _ => f64::NAN,
        };
        total_late += n(col("遅れ"));
        total += n(col("合計"));
        let who = r[0].to_string();
        if who == "市民課" {
            assert_eq!(n(col("中止")), 1.0);
            assert_eq!(n(col("未報告")), 1.0, "the bad value is not a status");
        }
        if who == "文化財課" {
            assert_eq!(n(col("未報告")), n(col("合計")));
        }
    }
    assert_eq!(total, own.len() as f64);
    assert_eq!(total_late, 1.0);
    let formula = summary_formula(&dir, title + 2, col("遅れ"));
    assert!(formula.starts_with("COUNTIFS('進捗状況'!"), "{formula}");
}

fn summary_formula(dir: &Path, row: usize, col: usize) -> String {
    use calamine::{open_workbook, Reader, Xlsx};
    let mut book: Xlsx<_> = open_workbook(dir.join("out/kpi.xlsx")).expect("kpi.xlsx");
    let f = book.worksheet_formula("集計").expect("formulas");
    let (r0, c0) = f.start().unwrap_or((0, 0));
    f.get_value((row as u32 - r0, col as u32 - c0))
        .cloned()
        .unwrap_or_default()
}

/// Every text run of a laid-out page, in painting order.
fn page_texts(page: &koteihyo::render::pdf::document::Page) -> Vec<String> {
    page.texts().map(|t| t.text.clone()).collect()
}

#[test]
fn progress_pdf_is_written_deterministically_with_its_parts() {
    let dir = temp_dir("rolling_progress_pdf");
    let filled = filled_set(&dir);
    build(&dir);
    let first = std::fs::read(dir.join("out/progress.pdf")).expect("progress.pdf");
    assert!(first.starts_with(b"%PDF"));
    build(&dir);
    let second = std::fs::read(dir.join("out/progress.pdf")).expect("progress.pdf");
    assert!(first == second, "same input, same bytes");

    let as_of = koteihyo::fiscal::Date::new(2026, 6, 1).expect("a date");
    let loaded = koteihyo::pipeline::load(&[filled], None, as_of).expect("load");
    let laid = koteihyo::render::pdf::progress::layout(&loaded.roadmap, &Default::default())
        .expect("progress carried");
    assert_eq!(laid.diagnostics, vec![], "every character is in the font");
    let doc = laid.output;
    let outline: Vec<(&str, u32)> = doc
        .outline
        .iter()
        .map(|e| (e.title.as_str(), e.level))
        .collect();
    for top in [
        "進捗状況報告",
        "進捗の概要",
        "重要業績評価指標 (KPI) の推移",
        "取り組み項目の進捗",
    ] {
        assert!(outline.contains(&(top, 0)), "{outline:?}");
    }
    assert!(outline.contains(&("(1)② マイナンバーカードの普及・活用促進", 1)));
    for k in &loaded.roadmap.kpis {
        assert!(
            outline.contains(&(k.indicator.as_str(), 1)),
            "{}",
            k.indicator
        );
    }
    assert!(doc.pages.iter().all(|p| p.width > p.height), "A4 landscape");
    assert!(page_texts(&doc.pages[0]).contains(&"評価年度　令和7(2025)年度".to_string()));
    // The 目次 and the guide come before the summary.
    assert!(outline.contains(&("目次", 0)) && outline.contains(&("この報告の見方", 0)));
    let summary_page = doc
        .outline
        .iter()
        .find(|e| e.title == "進捗の概要")
        .expect("進捗の概要")
        .page;
    // The summary's total row: the counts of the input.
    let summary = page_texts(&doc.pages[summary_page - 1]);
    let total = summary.iter().position(|t| t == "合計").expect("合計");
    let counts: Vec<&str> = summary[total + 1..total + 10]
        .iter()
        .map(String::as_str)
        .collect();
    let own: Vec<_> = own_items(&loaded.roadmap).collect();
    let n = |s: Option<Status>| {
        own.iter()
            .filter(|i| i.progress.as_ref().and_then(|p| p.status) == s)
            .count()
            .to_string()
    };
    let mut want: Vec<String> = Status::ALL.iter().map(|s| n(Some(*s))).collect();
    want.push(n(None));
    want.push(own.len().to_string());
    assert_eq!(counts, want);
    // 市民課's policy: the items behind, revised or stopped come first, under their caption.
    let texts: Vec<String> = doc.pages.iter().flat_map(page_texts).collect();
    let at = |t: &str| texts.iter().position(|x| x == t).unwrap_or(usize::MAX);
    let band = at("(1)② マイナンバーカードの普及・活用促進");
    let alert = band
        + texts[band..]
            .iter()
            .position(|x| x.starts_with("要注意"))
            .expect("要注意");
    let others = alert
        + texts[alert..]
            .iter()
            .position(|x| x == "その他の取り組み項目")
            .expect("others");
    assert!(alert < at("マイナンバーカードを取得しやすい環境の整備"));
    assert!(at("マイナンバーカードを取得しやすい環境の整備") < others);
    assert!(others < at("マイナンバー制度における情報連携"));
    assert!(texts.contains(&"申請が集中し予約が取りにくい".to_string()));
}

#[test]
fn without_progress_build_writes_no_progress_pdf_and_says_so() {
    let dir = temp_dir("rolling_progress_none");
    copy_input(&dir);
    let run = run_ok(
        &[
            "build", "--input", "input", "--output", "out", "--as-of", AS_OF,
        ],
        &dir,
    );
    assert!(!dir.join("out/progress.pdf").exists());
    assert!(
        run.stderr.contains("progress.pdf は作りませんでした"),
        "{}",
        run.stderr
    );
    let check = koteihyo(
        &["check", "input", "--format", "json", "--as-of", AS_OF],
        &dir,
    );
    let json: serde_json::Value = serde_json::from_str(&check.stdout).expect("json");
    assert!(json["summary"].get("progress").is_none());
}

/// A build without progress into a folder where an earlier build wrote progress.pdf leaves
/// that file as it was (it is the last report made) and names it as an earlier run's, in
/// Japanese and in English.
#[test]
fn a_progress_pdf_from_an_earlier_run_is_named_as_such() {
    let dir = temp_dir("rolling_progress_stale");
    filled_set(&dir);
    copy_input(&dir);
    build(&dir);
    let earlier = std::fs::read(dir.join("out/progress.pdf")).expect("progress.pdf");
    let args = [
        "build", "--input", "input", "--output", "out", "--as-of", AS_OF,
    ];
    let run = run_ok(&args, &dir);
    let stale = Path::new("out").join("progress.pdf");
    let said = format!("{} は前回の出力です。", stale.display());
    assert!(run.stderr.contains(&said), "{}", run.stderr);
    assert_eq!(std::fs::read(dir.join(&stale)).expect("kept"), earlier);
    let run = run_ok(&[&args[..], &["--lang", "en"]].concat(), &dir);
    let said = format!("{} is from an earlier run.", stale.display());
    assert!(run.stderr.contains(&said), "{}", run.stderr);
}

#[test]
fn diff_reports_a_status_that_changed() {
    let dir = temp_dir("rolling_progress_diff");
    let filled = filled_set(&dir);
    let next = dir.join("next");
    std::fs::create_dir_all(&next).expect("mkdir");
    for e in std::fs::read_dir(&filled).expect("filled") {
        let e = e.expect("entry");
        std::fs::copy(e.path(), next.join(e.file_name())).expect("copy");
    }
    edit(&template_of(&next, "市民課"), |sheet| {
        let r = row_of(sheet, "マイナンバーカードを取得しやすい環境の整備");
        let c = col(sheet, STATUS);
        sheet.set(r, c, s("順調"));
    });
    let run = koteihyo(&["diff", "filled", "next"], &dir);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("■ 進捗の変更（市民課）")
            && run
                .stdout
                .contains("取り組み項目: マイナンバーカードを取得しやすい環境の整備")
            && run.stdout.contains("進捗: 遅れ（R7） → 順調（R7）"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.starts_with("変更点 1件"), "{}", run.stdout);
}

#[test]
fn the_year_in_the_headers_comes_before_the_plans_which_comes_before_as_of() {
    let dir = temp_dir("rolling_progress_years");
    let filled = filled_set(&dir);
    let plan = filled.join("00_計画.xlsx");
    let mut book = rolling_support::read_book(&plan);
    let info = book
        .iter_mut()
        .find(|s| s.find("計画開始年度", 0).is_some())
        .expect("計画 sheet");
    let end = info.rows.len();
    info.insert_row(end, vec![s("評価年度"), s("R8")]);
    rolling_support::write_book(&plan, &book);
    let json = check(&dir);
    let years: Vec<(i64, i64)> = json["summary"]["progress"]
        .as_array()
        .expect("progress")
        .iter()
        .map(|y| {
            (
                y["year"].as_i64().unwrap_or(0),
                y["not_reported"].as_i64().unwrap_or(0),
            )
        })
        .collect();
    // The templates' headers say 令和7年度; 文化財課's file has no column, so its items are
    // counted, as not reported, under the plan's 評価年度.
    let rm = build(&dir);
    assert_eq!(rm.plan.review_year, Some(2026));
    let old = own_items(&rm)
        .filter(|i| i.department == "文化財課")
        .count() as i64;
    assert_eq!(years.len(), 2, "{years:?}");
    assert_eq!(years[0].0, 2025);
    assert_eq!(years[1], (2026, old));
}
