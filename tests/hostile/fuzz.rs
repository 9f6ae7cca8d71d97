//! Property tests standing in for `cargo fuzz` (which needs nightly): the fiscal-year parser,
//! the text normalisers, the header matcher and the whole normaliser on arbitrary small
//! sheets, workbook ingest on arbitrary bytes and on damaged real workbooks, phrase wrapping,
//! and every output made from a submission with any text in its free-text cells.
//!
//! `cargo test --test hostile fuzz` runs a few cases of each; for a long run:
//!
//! ```sh
//! PROPTEST_CASES=20000 cargo test --release --test hostile fuzz
//! ```
//!
//! What the runs found is kept as plain regression tests at the end of this file.

use crate::hostile_corpus;
use crate::support;

use koteihyo::diagnostic::Severity;
use koteihyo::ingest::{read_bytes, Cell, Merge, Sheet, Value, Workbook};
use koteihyo::normalize::{header, text, year};
use proptest::prelude::*;
use std::path::Path;

/// Cases per property: `PROPTEST_CASES`, or `default` (kept small for the debug test run).
fn config(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    ProptestConfig {
        cases,
        // Findings are kept as the regression tests below, not in a side file.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Strings that look like what clerks type in year cells, and some that do not.
fn year_like() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[～~〜]?(令和|平成|昭和|大正|明治|[RrHhSsTtMm]|FY|fy)?[0-9０-９元]{0,6}([(（][0-9０-９]{0,5}(年度|年)?[)）])?(年度|年)?(末)?(以前|まで)?",
        "[0-9]{4}(年度)?([(（](令和|平成|R|H)[0-9元]{1,3}[)）])?",
        Just("継続".to_string()),
    ]
}

/// Texts from the vocabulary of submissions, mixed with noise.
fn cell_text() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "柱",
        "施策",
        "具体的な取り組み",
        "取り組み項目",
        "項目",
        "工程",
        "主な工程",
        "開始年度",
        "終了年度",
        "開始",
        "終了",
        "行",
        "備考",
        "担当課",
        "柱番号",
        "施策番号",
        "柱の副題",
        "区分",
        "指標",
        "種別",
        "単位",
        "改定年月",
        "内容",
        "本文",
        "見出し",
        "計画",
        "実績",
        "全般",
        "～令和6(2024)年度",
        "令和7(2025)年度",
        "R8",
        "2027年度",
        "令和10(2028)年度",
        "R11",
        "R12",
        "継続",
        "→",
        "―",
        "(1)",
        "①",
        "②",
        "1",
        "(2)",
        "オンライン手続きの拡大",
        "情報収集・検討(再掲)",
        "導入(R5)",
        "(国の動向による)",
        "1,300種類",
        "↑",
        "—",
        "39.2%",
        "計画開始年度",
        "計画終了年度",
        "R7(2025).3",
        "記入例",
        "",
    ]);
    prop_oneof![
        4 => words.prop_map(str::to_string),
        1 => any::<String>(),
        1 => "[ 　\t\n→()（）①-⑳0-9RH年度再掲]{0,12}",
    ]
}

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        6 => cell_text().prop_map(Value::Text),
        2 => prop_oneof![
            Just(2025.0),
            Just(7.0),
            Just(46112.0),
            any::<f64>(),
            -1e6f64..1e6
        ]
        .prop_map(Value::Number),
        1 => (1900i32..2200, 1u32..=12, 1u32..=28)
            .prop_map(|(y, m, d)| Value::Date(koteihyo::fiscal::Date::new(y, m, d).expect("a day every month has"))),
        1 => any::<bool>().prop_map(Value::Bool),
        1 => prop::sample::select(vec!["#DIV/0!", "#REF!", "#N/A", "#VALUE!"])
            .prop_map(|e| Value::Error(e.to_string())),
    ]
}

/// A small sheet: cells within 25 rows × 12 columns (row-major, unique positions) and a few
/// merges, as ingest hands them on.
fn sheet() -> impl Strategy<Value = Sheet> {
    let cells = prop::collection::btree_map((0u32..25, 0u32..12), value(), 0..60);
    let merges = prop::collection::vec((0u32..25, 0u32..12, 0u32..4, 0u32..4), 0..4);
    (
        prop::sample::select(vec!["工程表", "KPI", "体系", "記入例", "Sheet1"]),
        cells,
        merges,
    )
        .prop_map(|(name, cells, merges)| Sheet {
            name: name.to_string(),
            cells: cells
                .into_iter()
                .map(|((row, col), value)| Cell { row, col, value })
                .collect(),
            merges: merges
                .into_iter()
                .map(|(r, c, h, w)| Merge {
                    first_row: r,
                    first_col: c,
                    last_row: r + h,
                    last_col: c + w,
                })
                .collect(),
            ..Sheet::default()
        })
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn year_parser_never_panics_and_agrees_with_nfkc(s in year_like()) {
        let direct = year::parse_year_text(&s);
        prop_assert_eq!(&direct, &year::parse_year_text(&text::nfkc(&s)));
        if let Ok(year::YearText::Year { year } | year::YearText::Lead { year }) = direct {
            prop_assert!((1868..=3100).contains(&year), "{s:?} → {year}");
        }
    }

    #[test]
    fn year_numbers_and_serials_stay_in_range(n in any::<f64>(), serial in -10.0f64..3e6) {
        if let Ok(y) = year::parse_year_number(n) {
            prop_assert!(koteihyo::fiscal::YEARS.contains(&y), "{n} → {y}");
        }
        if let Some(d) = koteihyo::fiscal::Date::from_excel_serial(serial) {
            prop_assert!((1900..=9999).contains(&d.year()));
        }
    }

    /// Any text a cell can hold wraps between phrases without a panic, one phrase flag per
    /// character (BudouX 0.1.1 panicked on Supplementary Private Use Area-B).
    #[test]
    fn phrase_wrapping_is_total(
        s in cell_text(),
        t in any::<String>(),
        // Private use and the last planes, which `any` seldom draws, among Japanese text.
        u in "[ぁ-んァ-ン一-龥a-z0-9（）・ \u{E000}-\u{F8FF}\u{F0000}-\u{10FFFF}]{0,24}",
        width in 1.0f32..40.0,
    ) {
        use koteihyo::render::pdf::linebreak::{phrase_starts, wrap_phrases};
        for s in [&s, &t, &u] {
            prop_assert_eq!(phrase_starts(s).len(), s.chars().count());
            let wrapped = wrap_phrases(s, width, |_| 1.0);
            prop_assert_eq!(wrapped.lines.concat(), s.replace('\n', ""));
        }
    }

    #[test]
    fn text_normalisers_are_total_and_idempotent(s in cell_text(), t in any::<String>()) {
        for s in [&s, &t] {
            let n = text::nfkc(s);
            prop_assert_eq!(&text::nfkc(&n), &n);
            let key = text::header_key(s);
            prop_assert!(!key.chars().any(char::is_whitespace));
            prop_assert_eq!(&text::header_key(&key), &key);
            let m = text::match_key(s);
            prop_assert_eq!(&text::match_key(&format!("{s}(再掲)")), &m);
            let (stripped, _) = text::strip_relisting(s);
            prop_assert_eq!(&text::strip_relisting(&stripped).0, &stripped);
            let step = text::parse_step_text(s);
            prop_assert!(!step.label.contains("(再掲)"));
            let _ = text::is_continuation(s);
            let _ = text::is_blank(s);
            let _ = text::parse_pillar_ref(s);
            let _ = text::parse_policy_ref(s);
            let _ = text::name_matches(s, &t);
            let _ = text::department_from_file_stem(s);
        }
    }

    #[test]
    fn header_detection_is_consistent(sheet in sheet()) {
        if let Some(h) = header::detect(&sheet) {
            prop_assert!(h.row < 20);
            let in_row: std::collections::BTreeSet<u32> =
                sheet.cells.iter().filter(|c| c.row == h.row).map(|c| c.col).collect();
            for col in h.fields.values() {
                prop_assert!(in_row.contains(col));
            }
            for y in &h.years {
                prop_assert!(in_row.contains(&y.col));
                prop_assert!(!h.fields.values().any(|c| *c == y.col));
            }
            if h.kind == header::Kind::RoadmapGrid {
                prop_assert!(h.years.len() >= 2);
            }
        }
    }

    /// The whole normaliser, resolver and validator on arbitrary small workbooks: no panic,
    /// and every finding names one of the files.
    #[test]
    fn normalizing_arbitrary_sheets_never_panics(
        books in prop::collection::vec(prop::collection::vec(sheet(), 1..4), 1..3)
    ) {
        let workbooks: Vec<Workbook> = books
            .into_iter()
            .enumerate()
            .map(|(i, sheets)| Workbook { file: format!("{i:02}_課{i}.xlsx"), sheets })
            .collect();
        let normalized = koteihyo::normalize::normalize(&workbooks);
        let (roadmap, _) = normalized.output;
        let resolved = koteihyo::resolve::resolve(roadmap);
        let found = koteihyo::validate::validate(&resolved.output, koteihyo::fiscal::Date::new(2026, 11, 25).expect("a date"));
        let files: Vec<&str> = workbooks.iter().map(|w| w.file.as_str()).collect();
        for d in normalized.diagnostics.iter().chain(&resolved.diagnostics).chain(&found) {
            prop_assert!(files.contains(&d.place.file.as_str()) || d.place.file.is_empty(), "{d:?}");
            let _ = d.message(koteihyo::diagnostic::Lang::Ja);
        }
    }
}

/// Reads through `read_bytes`; with `FUZZ_DUMP=dir` set, each input is first written to
/// `dir/<target>.bin`, so that an input that hangs the reader can be picked up afterwards.
fn read(
    target: &str,
    name: &str,
    bytes: Vec<u8>,
) -> koteihyo::diagnostic::Warned<Option<Workbook>> {
    if let Ok(dir) = std::env::var("FUZZ_DUMP") {
        let _ = std::fs::write(Path::new(&dir).join(format!("{target}.bin")), &bytes);
    }
    read_bytes(name, bytes)
}

/// Every ingest verdict: a workbook, or an error naming the file; never a panic.
fn assert_verdict(
    name: &str,
    read: &koteihyo::diagnostic::Warned<Option<Workbook>>,
) -> Result<(), TestCaseError> {
    for d in &read.diagnostics {
        prop_assert_eq!(&d.place.file, name);
    }
    if read.output.is_none() {
        prop_assert!(read
            .diagnostics
            .iter()
            .any(|d| d.severity() == Severity::Error));
    }
    Ok(())
}

fn seeds() -> Vec<(&'static str, Vec<u8>)> {
    static SEEDS: std::sync::OnceLock<Vec<(&'static str, Vec<u8>)>> = std::sync::OnceLock::new();
    SEEDS
        .get_or_init(|| {
            let dir = support::temp_dir("fuzz_seed");
            let mut rows = vec![support::grid_header()];
            rows.push(vec![
                support::S("(1)"),
                support::S("①"),
                support::S("オンライン手続きの拡大"),
                support::S("項目"),
                support::E,
                support::S("工程"),
                support::S("→"),
            ]);
            let mut spec = support::sheet("工程表", rows);
            spec.merges.push((5, 0, 6, 2, "結合"));
            support::write_xlsx(&dir.join("seed.xlsx"), &[spec]);
            let legacy = std::fs::read(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/data/legacy.xls"
            ))
            .expect("legacy.xls");
            vec![
                (
                    "seed.xlsx",
                    std::fs::read(dir.join("seed.xlsx")).expect("seed"),
                ),
                ("legacy.xls", legacy),
                ("small.ods", hostile_corpus::small_ods()),
            ]
        })
        .clone()
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn ingest_survives_arbitrary_bytes(
        prefix in prop::sample::select(vec![
            &b""[..],
            b"PK\x03\x04",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
        ]),
        body in prop::collection::vec(any::<u8>(), 0..2048),
    ) {
        let mut bytes = prefix.to_vec();
        bytes.extend(body);
        let read = read("arbitrary", "fuzz.xlsx", bytes);
        assert_verdict("fuzz.xlsx", &read)?;
    }

    #[test]
    fn ingest_survives_damaged_workbooks(
        seed in 0usize..3,
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
        cut in prop::option::of(any::<prop::sample::Index>()),
    ) {
        let (name, mut bytes) = seeds().swap_remove(seed);
        for (at, b) in flips {
            let i = at.index(bytes.len());
            bytes[i] ^= b;
        }
        if let Some(cut) = cut {
            bytes.truncate(cut.index(bytes.len() + 1));
        }
        let read = read("flips", name, bytes);
        assert_verdict(name, &read)?;
    }
}

/// One edit to a part's text.
#[derive(Debug, Clone)]
enum Edit {
    Flip(prop::sample::Index, u8),
    Cut(prop::sample::Index),
    /// Replace the n-th run of digits (a size, a count, a cell address) with an extreme one.
    Number(prop::sample::Index, &'static str),
    /// Repeat a slice (rows, cells, elements) a few times.
    Repeat(prop::sample::Index, usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<prop::sample::Index>(), any::<u8>()).prop_map(|(i, b)| Edit::Flip(i, b)),
        any::<prop::sample::Index>().prop_map(Edit::Cut),
        (
            any::<prop::sample::Index>(),
            prop::sample::select(vec![
                "0",
                "-1",
                "65535",
                "1048576",
                "16384",
                "4294967295",
                "18446744073709551615",
                "99999999999999999999999",
            ])
        )
            .prop_map(|(i, n)| Edit::Number(i, n)),
        (any::<prop::sample::Index>(), 1usize..200, 2usize..50)
            .prop_map(|(i, len, times)| Edit::Repeat(i, len, times)),
    ]
}

fn apply(bytes: &mut Vec<u8>, e: &Edit) {
    match e {
        Edit::Flip(i, b) if !bytes.is_empty() => {
            let i = i.index(bytes.len());
            bytes[i] ^= b | 1;
        }
        Edit::Cut(i) => bytes.truncate(i.index(bytes.len() + 1)),
        Edit::Number(i, n) => {
            let runs: Vec<(usize, usize)> = {
                let mut v = Vec::new();
                let mut start = None;
                for (k, b) in bytes.iter().enumerate() {
                    match (b.is_ascii_digit(), start) {
                        (true, None) => start = Some(k),
                        (false, Some(s)) => {
                            v.push((s, k));
                            start = None;
                        }
                        _ => {}
                    }
                }
                v
            };
            if !runs.is_empty() {
                let (s, end) = runs[i.index(runs.len())];
                bytes.splice(s..end, n.bytes());
            }
        }
        Edit::Repeat(i, len, times) if !bytes.is_empty() => {
            let s = i.index(bytes.len());
            let end = (s + len).min(bytes.len());
            let slice = bytes[s..end].to_vec();
            for _ in 1..*times {
                bytes.splice(end..end, slice.iter().copied());
            }
        }
        _ => {}
    }
}

/// The parts of a zip package, inflated.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("seed zip");
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).expect("part");
            let mut data = Vec::new();
            f.read_to_end(&mut data).expect("inflate");
            (f.name().expect("entry name").to_string(), data)
        })
        .collect()
}

proptest! {
    #![proptest_config(config(64))]

    /// Edits inside a package's parts, re-zipped with correct checksums, so that they reach
    /// calamine's XML readers instead of stopping at a CRC mismatch.
    #[test]
    fn ingest_survives_damaged_parts(
        seed in prop::sample::select(vec![0usize, 2]),
        part in any::<prop::sample::Index>(),
        edits in prop::collection::vec(edit(), 1..6),
    ) {
        let (name, bytes) = seeds().swap_remove(seed);
        let mut parts = unzip(&bytes);
        let k = part.index(parts.len());
        for e in &edits {
            apply(&mut parts[k].1, e);
        }
        let parts: Vec<hostile_corpus::Part> = parts
            .iter()
            .map(|(n, d)| hostile_corpus::Part::stored(n, d))
            .collect();
        let read = read("parts", name, hostile_corpus::zip(&parts));
        assert_verdict(name, &read)?;
    }

    /// The same edits on a whole .xls (a compound file has no checksum, so they reach the
    /// BIFF records).
    #[test]
    fn ingest_survives_edited_xls(edits in prop::collection::vec(edit(), 1..6)) {
        let (name, mut bytes) = seeds().swap_remove(1);
        for e in &edits {
            apply(&mut bytes, e);
        }
        let read = read("xls", name, bytes);
        assert_verdict(name, &read)?;
    }
}

#[test]
fn seeds_read_cleanly() {
    for (name, bytes) in seeds() {
        let read = read_bytes(name, bytes);
        assert!(read.output.is_some(), "{name}: {:?}", read.diagnostics);
        assert!(
            read.diagnostics.is_empty(),
            "{name}: {:?}",
            read.diagnostics
        );
    }
}

// --- every output, from any text in a submission ---------------------------------------------

/// What a clerk may type where free text goes: the vocabulary, anything at all, private-use
/// and last-plane characters, Japanese long enough to overflow its box, and unbroken Latin
/// runs (URLs, file names).
fn free_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => cell_text(),
        2 => any::<String>(),
        1 => "[ぁ-んァ-ン一-龥a-zA-Z0-9（）「」・、。 \n\u{E000}-\u{F8FF}\u{F0000}-\u{10FFFF}]{0,40}",
        1 => "[あ-ん一-龥、]{60,600}",
        1 => "[A-Za-z0-9/._-]{30,200}",
    ]
}

/// A status cell: the accepted values, or any free text.
fn status_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec!["完了", "順調", "前倒し", "遅れ", "未着手", "見直し", "中止", "○", "△", ""])
            .prop_map(str::to_string),
        1 => free_text(),
    ]
}

/// One row of the department's sheet: the item, the six year cells (～R6, R7 … R11; empty
/// or a step), 備考, 進捗, 実績 and 課題, and how many year cells the first step's cell is
/// merged across.
type Row = (
    String,
    Vec<Option<String>>,
    String,
    String,
    String,
    String,
    u32,
);

fn row() -> impl Strategy<Value = Row> {
    (
        free_text(),
        prop::collection::vec(prop::option::weighted(0.5, free_text()), 6),
        free_text(),
        status_text(),
        free_text(),
        free_text(),
        0u32..3,
    )
}

fn text_cell(row: u32, col: u32, text: &str) -> Cell {
    Cell {
        row,
        col,
        value: Value::Text(text.to_string()),
    }
}

/// A sheet of text cells, one row per slice.
fn text_sheet(name: &str, rows: &[&[&str]]) -> Sheet {
    let cells = rows
        .iter()
        .enumerate()
        .flat_map(|(r, cols)| {
            cols.iter()
                .enumerate()
                .filter(|(_, t)| !t.is_empty())
                .map(move |(c, t)| text_cell(r as u32, c as u32, t))
        })
        .collect();
    Sheet {
        name: name.to_string(),
        cells,
        ..Sheet::default()
    }
}

/// The plan workbook: one pillar, one policy, one initiative named `initiative`, 評価年度 R7,
/// and one KPI whose written values are `kpi` (the R5 baseline, then R7 … R11).
fn plan_workbook(initiative: &str, kpi: &[String]) -> Workbook {
    let frame = text_sheet(
        "計画",
        &[
            &["項目", "内容"],
            &["市町村名", "試験市"],
            &["計画名", "試験市DX推進計画"],
            &["文書名", "工程表（ロードマップ）"],
            &["発行者", "試験市総務部行政経営課"],
            &["計画開始年度", "R7"],
            &["計画終了年度", "R11"],
            &["評価年度", "R7"],
        ],
    );
    let system = text_sheet(
        "体系",
        &[
            &support::texts(&support::system_header()),
            &[
                "1",
                "“便利・快適”",
                "～DXによる 市民サービスの向上～",
                "1",
                "行政手続きのオンライン化の推進",
                initiative,
            ],
        ],
    );
    // The baseline (R5) on the 実績 row, the targets (R7 … R11) on the 計画 row.
    let kpi: Vec<&str> = kpi.iter().map(String::as_str).collect();
    let mut actual = vec!["全般", "オンライン手続きの数", "", "", "実績"];
    actual.extend(&kpi[..1]);
    let mut planned = vec!["全般", "オンライン手続きの数", "", "", "計画", ""];
    planned.extend(&kpi[1..]);
    let header = support::texts(&support::kpi_header());
    let kpis = text_sheet("KPI", &[&header, &actual, &planned]);
    Workbook {
        file: "00_計画.xlsx".to_string(),
        sheets: vec![frame, system, kpis],
    }
}

/// The department's workbook: the grid header with the progress columns, and `rows`.
fn department_workbook(initiative: &str, rows: &[Row]) -> Workbook {
    let mut header = support::texts(&support::grid_header());
    header.extend(["進捗", "実績", "課題"]);
    let mut sheet = text_sheet("工程表", &[&header]);
    for (i, (item, years, note, status, done, issue, merged)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        let hierarchy = ["(1)", "①", initiative, item.as_str()];
        sheet.cells.extend(
            hierarchy
                .iter()
                .enumerate()
                .map(|(c, t)| text_cell(r, c as u32, t)),
        );
        for (c, step) in years.iter().enumerate() {
            if let Some(step) = step {
                sheet.cells.push(text_cell(r, 4 + c as u32, step));
            }
        }
        if let Some(first) = years.iter().position(Option::is_some) {
            let first = 4 + first as u32;
            let last = (first + merged).min(9);
            if last > first {
                sheet.merges.push(Merge {
                    first_row: r,
                    first_col: first,
                    last_row: r,
                    last_col: last,
                });
            }
        }
        for (c, t) in [note, status, done, issue].iter().enumerate() {
            sheet.cells.push(text_cell(r, 10 + c as u32, t));
        }
    }
    sheet
        .cells
        .retain(|c| !matches!(&c.value, Value::Text(t) if t.is_empty()));
    Workbook {
        file: "03_市民課.xlsx".to_string(),
        sheets: vec![sheet],
    }
}

proptest! {
    // Each case lays out and writes every output: a few in the debug run, more in a long one.
    #![proptest_config(config(12))]

    /// Whatever a clerk types in a submission's free-text cells, every output `build` makes
    /// is made: roadmap.pdf, progress.pdf, kpi.xlsx, roadmap.html and roadmap.json, each
    /// without a panic or an error (a character the font lacks is a finding, not a failure).
    #[test]
    fn every_output_is_made_from_any_text(
        initiative in free_text(),
        rows in prop::collection::vec(row(), 1..5),
        kpi in prop::collection::vec(free_text(), 6),
    ) {
        use koteihyo::render::{html, pdf, xlsx};
        let workbooks = vec![plan_workbook(&initiative, &kpi), department_workbook(&initiative, &rows)];
        let normalized = koteihyo::normalize::normalize(&workbooks);
        let (roadmap, _) = normalized.output;
        let resolved = koteihyo::resolve::resolve(roadmap);
        let mut roadmap = resolved.output;
        let as_of = koteihyo::fiscal::Date::new(2026, 11, 25).expect("a date");
        let mut found = normalized.diagnostics;
        found.extend(resolved.diagnostics);
        found.extend(koteihyo::progress::settle(&mut roadmap, as_of));
        found.extend(koteihyo::validate::validate(&roadmap, as_of));
        let options = pdf::PdfOptions { draft_errors: Some(found.len()), changes: None, issued: None };
        let roadmap_pdf = pdf::render(&roadmap, &options);
        prop_assert!(roadmap_pdf.is_ok(), "roadmap.pdf: {:?}", roadmap_pdf.err());
        let progress_pdf = pdf::progress::render(&roadmap, &options);
        prop_assert!(progress_pdf.is_ok(), "progress.pdf: {:?}", progress_pdf.err());
        let workbook = xlsx::render(&roadmap, &found, &xlsx::XlsxOptions::default());
        prop_assert!(workbook.is_ok(), "kpi.xlsx: {:?}", workbook.err());
        let page = html::render(&roadmap, &html::HtmlOptions { draft_errors: Some(found.len()) }, None);
        prop_assert!(std::str::from_utf8(&page).is_ok());
        prop_assert!(serde_json::to_vec(&roadmap).is_ok());
    }
}

/// The fixture of `every_output_is_made_from_any_text`, with ordinary texts, reads as a
/// roadmap with its steps, its KPI and the item's progress, so the property is not run on
/// rows that are never read.
#[test]
fn the_any_text_fixture_reads_as_a_roadmap() {
    let step = |t: &str| Some(t.to_string());
    let row: Row = (
        "電子申請の拡大".to_string(),
        vec![None, step("導入"), None, step("運用"), None, None],
        String::new(),
        "順調".to_string(),
        "申請できる手続きを増やした".to_string(),
        String::new(),
        1,
    );
    let kpi: Vec<String> = ["10種類", "20種類", "30種類", "40種類", "50種類", "60種類"]
        .map(str::to_string)
        .to_vec();
    let workbooks = vec![
        plan_workbook("オンライン手続きの拡大", &kpi),
        department_workbook("オンライン手続きの拡大", &[row]),
    ];
    let normalized = koteihyo::normalize::normalize(&workbooks);
    let errors: Vec<_> = normalized
        .diagnostics
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let mut roadmap = normalized.output.0;
    let as_of = koteihyo::fiscal::Date::new(2026, 11, 25).expect("a date");
    koteihyo::progress::settle(&mut roadmap, as_of);
    let steps: Vec<&str> = roadmap.steps().map(|(_, s)| s.text.as_str()).collect();
    assert_eq!(steps, ["導入", "運用"]);
    assert_eq!(roadmap.kpis.len(), 1);
    let (_, item) = roadmap.items().next().expect("the item");
    assert!(item.progress.is_some(), "{item:?}");
    let options = koteihyo::render::pdf::PdfOptions {
        draft_errors: None,
        changes: None,
        issued: None,
    };
    let progress =
        koteihyo::render::pdf::progress::render(&roadmap, &options).expect("progress.pdf");
    assert!(progress.is_some());
}

// --- regressions: what the fuzzers found -----------------------------------------------------

/// A spacing mark becomes a space and a combining mark under NFKC (`´` → ` ́`, `゛` → ` ゙`);
/// once the space was removed the mark stayed uncomposed, so a header typed with the spacing
/// dakuten never matched its usual spelling, and header_key was not idempotent.
#[test]
fn regression_spacing_marks_compose_after_spaces_are_removed() {
    assert_eq!(
        text::header_key("g´"),
        text::header_key(&text::header_key("g´"))
    );
    assert_eq!(text::header_key("テ゛ータ"), "データ");
    assert_eq!(
        text::match_key("テ゛ータ連携"),
        text::match_key("データ連携")
    );
}

/// calamine's ODS reader looped for ever on a content.xml that ends inside a table (it waits
/// for `</table:table>` and ignores the end of the part).
#[test]
fn regression_ods_content_cut_inside_a_table() {
    let (name, bytes) = seeds().swap_remove(2);
    let parts: Vec<hostile_corpus::Part> = unzip(&bytes)
        .into_iter()
        .map(|(n, mut d)| {
            if n == "content.xml" {
                let end = b"</table:table-row>";
                let at = d.windows(end.len()).position(|w| w == end).expect("a row");
                d.truncate(at + end.len());
            }
            hostile_corpus::Part::stored(&n, &d)
        })
        .collect();
    let read = read_bytes(name, hostile_corpus::zip(&parts));
    assert!(read.output.is_none());
    assert_eq!(
        read.diagnostics[0].code,
        koteihyo::diagnostic::Code::FileUnreadable
    );
}
