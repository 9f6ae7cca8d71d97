//! Nothing is dropped without a word: every non-empty cell of a recognised table is in the
//! model (the roadmap JSON: by its place, or by its text) or in a diagnostic (by its place,
//! its column's header, or quoting its text); and `check` accounts for every file's rows.

use crate::support;

use std::collections::BTreeSet;
use std::path::Path;

use koteihyo::ingest::Value;
use koteihyo::normalize::{cells::cell_text, header, text::nfkc, year};
use support::*;

/// Every string and number in a JSON value, NFKC-normalised.
fn strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(nfkc(s)),
        serde_json::Value::Number(n) => out.push(n.to_string()),
        serde_json::Value::Array(a) => a.iter().for_each(|v| strings(v, out)),
        serde_json::Value::Object(m) => m.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

fn sources(v: &serde_json::Value, out: &mut BTreeSet<(String, String, u64, u64)>) {
    match v {
        serde_json::Value::Object(m) => {
            if let (Some(f), Some(s), Some(r), Some(c)) = (
                m.get("file").and_then(|v| v.as_str()),
                m.get("sheet").and_then(|v| v.as_str()),
                m.get("row").and_then(|v| v.as_u64()),
                m.get("col").and_then(|v| v.as_u64()),
            ) {
                out.insert((f.into(), s.into(), r, c));
            }
            m.values().for_each(|v| sources(v, out));
        }
        serde_json::Value::Array(a) => a.iter().for_each(|v| sources(v, out)),
        _ => {}
    }
}

/// The cells of recognised tables in `dir` that neither the model nor a diagnostic accounts
/// for, as "file sheet!cell text".
fn unaccounted(dir: &Path) -> Vec<String> {
    let loaded = load(dir);
    let json = serde_json::to_value(&loaded.roadmap).expect("roadmap JSON");
    let mut texts = Vec::new();
    strings(&json, &mut texts);
    let mut placed = BTreeSet::new();
    sources(&json, &mut placed);
    let read = koteihyo::ingest::ingest(&[dir.to_path_buf()]).expect("ingest");
    let mut missing = Vec::new();
    for book in &read.output {
        for sheet in &book.sheets {
            let Some(h) = header::detect(sheet) else {
                continue;
            };
            let known: BTreeSet<u32> = h
                .fields
                .values()
                .copied()
                .chain(h.years.iter().map(|y| y.col))
                .collect();
            for cell in &sheet.cells {
                if cell.row < h.row {
                    continue; // titles above the table
                }
                let text = match &cell.value {
                    Value::Error(e) => e.clone(),
                    v => cell_text(v).unwrap_or_default(),
                };
                let text = nfkc(text.trim());
                if text.is_empty() {
                    continue;
                }
                if cell.row == h.row && known.contains(&cell.col) {
                    continue; // a header the table was recognised by
                }
                // Key cells are kept as what they name, which the JSON does not repeat
                // verbatim: the frame's pillar or policy, the plan field, the KPI's category
                // and kind, the revision's date. A key that names nothing is diagnosed at
                // its place by the readers (pillar-unknown, plan-field-unknown, …).
                let key = [
                    header::Field::Pillar,
                    header::Field::Policy,
                    header::Field::Category,
                    header::Field::Kind,
                    header::Field::RevisionDate,
                ]
                .into_iter()
                .chain((h.kind == header::Kind::PlanInfo).then_some(header::Field::Item))
                .any(|f| h.col(f) == Some(cell.col));
                if key && cell.row > h.row {
                    continue;
                }
                let here = (
                    book.file.clone(),
                    sheet.name.clone(),
                    cell.row as u64,
                    cell.col as u64,
                );
                if placed.contains(&here) {
                    continue;
                }
                // By place: the cell itself, its column's header (column-unknown, a column
                // with no header), or an error on its row (the row was dropped for it, and
                // the accounting lists the row with that reason). Or a message quoting it.
                let diagnosed = loaded.diagnostics.iter().any(|d| {
                    let same_sheet = d.place.file == book.file
                        && d.place.sheet.as_deref() == Some(sheet.name.as_str());
                    let row_error = d.severity() == koteihyo::diagnostic::Severity::Error
                        && d.place.cell.is_some_and(|(r, _)| r == cell.row);
                    (same_sheet
                        && (d.place.cell == Some((cell.row, cell.col))
                            || d.place.cell == Some((h.row, cell.col))
                            || row_error))
                        || (d.place.file == book.file
                            && d.args.iter().any(|a| nfkc(a.as_str()).contains(&text)))
                });
                if diagnosed {
                    continue;
                }
                if texts.iter().any(|t| t.contains(&text)) {
                    continue;
                }
                // A year kept as its number (the plan period: `R11` is 2029).
                if let Ok(year::YearText::Year { year } | year::YearText::Lead { year }) =
                    year::parse_year_text(&text)
                {
                    if texts.contains(&year.to_string()) {
                        continue;
                    }
                }
                missing.push(format!(
                    "{} {}!{} {text}",
                    book.file,
                    sheet.name,
                    koteihyo::model::a1(cell.row, cell.col)
                ));
            }
        }
    }
    missing
}

#[test]
fn every_cell_of_the_published_roadmap_is_accounted_for() {
    let input = Path::new(env!("CARGO_MANIFEST_DIR")).join("input");
    let missing = unaccounted(&input);
    assert!(missing.is_empty(), "{missing:#?}");
}

/// A submission written carelessly: a title, a column without a header, an unknown column,
/// a formula, years with no step, an unknown pillar, a note far to the right, a KPI row with
/// a bad kind, and a sheet with no header at all.
fn messy(dir: &Path) {
    plan(
        dir,
        vec![
            vec![
                S("全般"),
                S("満足度"),
                E,
                S("%"),
                S("計画"),
                E,
                N(40.0),
                N(45.0),
                N(50.0),
                N(55.0),
                N(60.0),
            ],
            vec![S("全般"), S("満足度"), E, S("%"), S("見込み"), N(39.2)],
        ],
    );
    let mut header = list_header();
    header.push(S("作成者"));
    let rows = vec![
        vec![S("市民課 提出様式")],
        header,
        vec![
            S("(1)"),
            S("①"),
            S("オンライン手続きの拡大"),
            S("窓口の改善"),
            S("1"),
            S("受付の電子化"),
            S("R7"),
            S("継続"),
            E,
            S("山田"),
            E,
            E,
            S("見出しのない列のメモ"),
        ],
        vec![E, E, E, E, E, E, S("R8"), S("R9")],
        vec![
            S("(9)"),
            S("①"),
            S("存在しない柱の取り組み"),
            S("項目"),
            E,
            S("工程"),
            S("R7"),
            S("R8"),
        ],
        vec![
            S("(1)"),
            S("①"),
            S("オンライン手続きの拡大"),
            F("1/0"),
            E,
            S("数式の行"),
            S("R7"),
            S("R7"),
        ],
    ];
    write_xlsx(
        &dir.join("05_市民課.xlsx"),
        &[
            sheet("工程表", rows),
            sheet("メモ", vec![vec![S("これは表ではない")], vec![S("メモ")]]),
        ],
    );
}

#[test]
fn every_cell_of_a_careless_submission_is_accounted_for() {
    let dir = temp_dir("accounting_messy");
    messy(&dir);
    let missing = unaccounted(&dir);
    assert!(missing.is_empty(), "{missing:#?}");
}

#[test]
fn check_accounts_for_every_file_and_row() {
    let dir = temp_dir("accounting_report");
    messy(&dir);
    std::fs::write(dir.join("06_空.xlsx"), b"").expect("write");
    std::fs::write(dir.join("メモ.txt"), b"memo").expect("write");
    let (_, json) = check_json(&dir);
    let files = json["files"].as_array().expect("files array");
    let names: Vec<&str> = files.iter().filter_map(|f| f["file"].as_str()).collect();
    assert_eq!(
        names,
        vec!["00_計画.xlsx", "05_市民課.xlsx", "06_空.xlsx", "メモ.txt"]
    );
    for f in files {
        let read = f["rows_read"].as_u64().unwrap_or(0);
        let used = f["rows_used"].as_u64().unwrap_or(0);
        let skipped = f["rows_skipped"].as_u64().unwrap_or(0);
        assert_eq!(read, used + skipped, "{f}");
        let listed: u64 = f["skipped"]
            .as_array()
            .map(|a| a.iter().filter_map(|k| k["count"].as_u64()).sum())
            .unwrap_or(0);
        assert_eq!(listed, skipped, "{f}");
    }
    let messy = &files[1];
    assert_eq!(messy["status"], "read");
    let reasons: Vec<(String, String, Vec<u64>)> = messy["skipped"]
        .as_array()
        .expect("skipped")
        .iter()
        .map(|k| {
            (
                k["reason"].as_str().unwrap_or("").to_string(),
                k["sheet"].as_str().unwrap_or("").to_string(),
                k["rows"]
                    .as_array()
                    .map(|r| r.iter().filter_map(|v| v.as_u64()).collect())
                    .unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        reasons,
        vec![
            ("above-header".into(), "工程表".into(), vec![1]),
            ("cell-ignored".into(), "工程表".into(), vec![4]),
            ("pillar-unknown".into(), "工程表".into(), vec![5]),
            ("sheet-no-header".into(), "メモ".into(), vec![1, 2]),
        ]
        .into_iter()
        .collect::<Vec<_>>(),
        "{messy:#}"
    );
    // The plan's KPI row with an unknown kind is skipped for it.
    assert!(
        files[0]["skipped"].as_array().is_some_and(|a| a
            .iter()
            .any(|k| k["reason"] == "kpi-kind-unknown"
                && k["sheet"] == "KPI"
                && k["rows"] == serde_json::json!([3]))),
        "{:#}",
        files[0]
    );
    assert_eq!(files[2]["status"], "unreadable");
    assert_eq!(files[3]["status"], "skipped");
    // The human report ends with the same table.
    let run = koteihyo(&["check", ".", "--as-of", "2026-11-25"], &dir);
    assert!(run.stdout.contains("ファイル別の行数"), "{}", run.stdout);
    assert!(run.stdout.contains("06_空.xlsx"), "{}", run.stdout);
}
