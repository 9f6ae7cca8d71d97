//! Property tests standing in for `cargo fuzz` (which needs nightly): the fiscal-year parser,
//! the text normalisers, the header matcher and the whole normaliser on arbitrary small
//! sheets, and workbook ingest on arbitrary bytes and on damaged real workbooks.
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
