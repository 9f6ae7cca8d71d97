//! Submissions as clerks really make them (issue #15): percent formats, hidden sheets and
//! rows, header variants, files with nothing read, no plan frame, renamed and re-saved files,
//! 再掲 and end marks, .ods merges, empty folders, KPI figures as printed. Each fixture is
//! built the way a clerk makes the file (Excel features through rust_xlsxwriter; LibreOffice
//! for the .ods when it is installed).

use std::path::{Path, PathBuf};

use crate::support;
use support::*;

use koteihyo::model::KpiValue;

const HIERARCHY: [C; 4] = [
    S("(1)"),
    S("①"),
    S("オンライン手続きの拡大"),
    S("電子申請の拡大"),
];

fn grid(rows: Vec<Vec<C>>) -> Vec<Vec<C>> {
    let mut all = vec![grid_header()];
    all.extend(rows);
    all
}

fn step_texts(loaded: &koteihyo::pipeline::Loaded) -> Vec<String> {
    loaded
        .roadmap
        .steps()
        .map(|(_, s)| s.text.clone())
        .collect()
}

fn codes(json: &serde_json::Value) -> Vec<(String, String, String)> {
    findings(json)
}

// --- 1. percent formats --------------------------------------------------------------------

fn percent_kpi(actual: C) -> Vec<Vec<C>> {
    vec![
        vec![
            S("全般"),
            S("オンライン申請率"),
            E,
            S("%"),
            S("計画"),
            E,
            N(45.0),
            N(50.0),
            N(55.0),
            N(60.0),
            N(65.0),
        ],
        vec![E, E, E, E, S("実績"), actual],
    ]
}

#[test]
fn a_percent_typed_in_excel_is_read_as_excel_shows_it() {
    let dir = temp_dir("clerks_percent");
    plan(&dir, percent_kpi(Pct(0.415)));
    write_xlsx(
        &dir.join("03_市民課.xlsx"),
        &[sheet(
            "工程表",
            grid(vec![grid_row(HIERARCHY, vec![E, S("導入")])]),
        )],
    );
    let (status, json) = check_json(&dir);
    assert_eq!((status, codes(&json)), (0, vec![]), "{json:#}");
    let loaded = load(&dir);
    let base = loaded.roadmap.kpis[0].baseline.as_ref().expect("baseline");
    assert_eq!(base.value, KpiValue::Number(41.5));
    assert_eq!(base.written, "41.5%");
}

#[test]
fn a_fraction_among_percentages_is_a_warning_where_no_percent_format_says_so() {
    let dir = temp_dir("clerks_percent_plain");
    plan(&dir, percent_kpi(N(0.415)));
    write_xlsx(
        &dir.join("03_市民課.xlsx"),
        &[sheet(
            "工程表",
            grid(vec![grid_row(HIERARCHY, vec![E, S("導入")])]),
        )],
    );
    let (status, json) = check_json(&dir);
    assert_eq!(
        (status, codes(&json)),
        (0, vec![finding("kpi-percent-suspect", "warning", "F3")]),
        "{json:#}"
    );
    assert_eq!(
        messages(&json, "kpi-percent-suspect"),
        ["KPI「オンライン申請率」の値「0.415」は1未満で、ほかの値は1以上です。41.5%のつもりではありませんか"]
    );
}

// --- 10. actuals with unit and digit grouping ------------------------------------------------

#[test]
fn numeric_actuals_print_with_their_unit_and_digit_grouping() {
    let dir = temp_dir("clerks_actuals");
    let kpi = |actual: f64| {
        vec![
            vec![
                S("全般"),
                S("オープンデータ数"),
                E,
                S("種類"),
                S("計画"),
                E,
                S("1,300種類"),
                S("1,400種類"),
                S("1,500種類"),
                S("1,600種類"),
                S("1,700種類"),
            ],
            vec![E, E, E, E, S("実績"), N(actual)],
        ]
    };
    plan(&dir, kpi(1250.0));
    write_xlsx(
        &dir.join("03_市民課.xlsx"),
        &[sheet(
            "工程表",
            grid(vec![grid_row(HIERARCHY, vec![E, S("導入")])]),
        )],
    );
    let old = load(&dir).roadmap;
    // The PDF's KPI page.
    let doc = koteihyo::render::pdf::layout::layout(&old, &Default::default()).output;
    let text: String = doc
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match i {
            koteihyo::render::pdf::document::Item::Text(t) => Some(t.text.as_str()),
            _ => None,
        })
        .collect();
    assert!(text.contains("1,250種類"), "{text}");
    assert!(!text.contains("1250"), "{text}");
    // 変更点 (PDF and workbook take the same text).
    plan(&dir, kpi(12345.5));
    let new = load(&dir).roadmap;
    let changes = koteihyo::revision::diff::diff(&old, &new);
    let texts: Vec<(String, String)> = changes
        .changes
        .iter()
        .map(|c| {
            let t = |s: &Option<koteihyo::revision::diff::Side>| {
                s.as_ref().map(|s| s.text.clone()).unwrap_or_default()
            };
            (t(&c.old), t(&c.new))
        })
        .collect();
    assert_eq!(
        texts,
        [("1,250種類".to_string(), "12,345.5種類".to_string())]
    );
}

// --- 2. and 4. hidden sheets and rows ----------------------------------------------------------

/// An .xls whose clerk hid an old row (`tests/data/hidden-row.xls`, saved by LibreOffice):
/// calamine reads no row visibility from .xls, so ingest reads the ROW records itself; the
/// row is not read and is named, as in an .xlsx.
#[test]
fn a_hidden_row_of_an_xls_is_not_read_and_is_named() {
    let dir = temp_dir("clerks_xls_hidden");
    plan(&dir, vec![]);
    let xls = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/hidden-row.xls");
    std::fs::copy(xls, dir.join("03_市民課.xls")).expect("copy");
    let (status, json) = check_json(&dir);
    assert_eq!(
        (status, all_findings(&json)),
        (
            0,
            vec![(
                "rows-hidden".to_string(),
                "03_市民課.xls".to_string(),
                "工程表".to_string(),
                "A3".to_string()
            )]
        ),
        "{json:#}"
    );
    let items: Vec<String> = load(&dir)
        .roadmap
        .items()
        .map(|(_, item)| item.text.clone())
        .collect();
    assert_eq!(items, ["電子申請の拡大", "窓口の予約"]);
}

#[test]
fn hidden_sheets_and_rows_are_not_read_and_each_is_named() {
    let dir = temp_dir("clerks_hidden");
    plan(&dir, vec![]);
    let rows = grid(vec![
        grid_row(HIERARCHY, vec![E, S("導入")]),
        grid_row([E, E, E, S("古い項目")], vec![E, S("旧工程")]),
        grid_row([E, E, E, S("窓口の予約")], vec![E, E, S("試行")]),
    ]);
    let mut live = sheet("工程表", rows.clone());
    live.hidden_rows = vec![2];
    let mut old = sheet("工程表 (R7)", rows);
    old.hidden = true;
    write_xlsx(&dir.join("03_市民課.xlsx"), &[live, old]);
    let (status, json) = check_json(&dir);
    assert_eq!(
        (status, all_findings(&json)),
        (
            0,
            vec![
                (
                    "rows-hidden".to_string(),
                    "03_市民課.xlsx".to_string(),
                    "工程表".to_string(),
                    "D3".to_string()
                ),
                (
                    "sheet-hidden".to_string(),
                    "03_市民課.xlsx".to_string(),
                    "工程表 (R7)".to_string(),
                    String::new()
                ),
            ]
        ),
        "{json:#}"
    );
    assert_eq!(
        messages(&json, "rows-hidden"),
        ["シート「工程表」の非表示の行（3行目）は読み込んでいません"]
    );
    assert_eq!(step_texts(&load(&dir)), ["導入", "試行"]);
}

// --- 3. header variants; a file with nothing read; a folder with no submission ----------------

#[test]
fn header_variants_of_torikumi_and_koteimei_are_read() {
    let dir = temp_dir("clerks_headers");
    plan(&dir, vec![]);
    let header = vec![
        S("柱"),
        S("施策"),
        S("具体的な取組"),
        S("取組項目"),
        S("行"),
        S("工程名"),
        S("開始年度"),
        S("終了年度"),
    ];
    let row = list_row(HIERARCHY, N(1.0), S("導入"), S("R7"), S("R8"));
    write_xlsx(
        &dir.join("03_市民課.xlsx"),
        &[sheet("工程表", vec![header, row])],
    );
    let (status, json) = check_json(&dir);
    assert_eq!((status, codes(&json)), (0, vec![]), "{json:#}");
    assert_eq!(step_texts(&load(&dir)), ["導入"]);
}

#[test]
fn a_department_file_with_no_step_read_is_an_error_saying_what_was_found() {
    let dir = temp_dir("clerks_nothing_read");
    plan(&dir, vec![]);
    write_xlsx(
        &dir.join("03_市民課.xlsx"),
        &[sheet(
            "工程表",
            grid(vec![grid_row(HIERARCHY, vec![E, S("導入")])]),
        )],
    );
    let header = vec![S("取組の内容"), S("期間"), S("担当")];
    write_xlsx(
        &dir.join("04_税務課.xlsx"),
        &[sheet(
            "Sheet1",
            vec![
                vec![S("税務課 工程表")],
                header,
                vec![S("申告の電子化"), S("R7～R8"), S("税務課")],
            ],
        )],
    );
    let (status, json) = check_json(&dir);
    assert_eq!(status, 1, "{json:#}");
    let found: Vec<_> = all_findings(&json)
        .into_iter()
        .filter(|f| f.1 == "04_税務課.xlsx")
        .map(|f| (f.0, f.2, f.3))
        .collect();
    assert_eq!(
        found,
        [
            ("file-no-steps".into(), String::new(), String::new()),
            ("sheet-no-header".into(), "Sheet1".into(), String::new()),
        ]
    );
    assert_eq!(
        messages(&json, "file-no-steps"),
        ["このファイルから工程を1件も読み取れませんでした（シート「Sheet1」: 見出し行が見つかりません（2行目:「取組の内容、期間、担当」））"]
    );
}

#[test]
fn a_folder_with_no_submission_is_an_error() {
    // 9. An empty folder.
    let dir = temp_dir("clerks_empty");
    std::fs::create_dir_all(dir.join("empty")).expect("mkdir");
    let run = koteihyo(&["check", "empty", "--format", "json"], &dir);
    assert_eq!(run.status, 1, "{}{}", run.stdout, run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(
        all_findings(&json),
        [(
            "no-submission".to_string(),
            "empty".to_string(),
            String::new(),
            String::new()
        )]
    );
    // Only the plan workbook.
    std::fs::create_dir_all(dir.join("plan_only")).expect("mkdir");
    plan(&dir.join("plan_only"), vec![]);
    let run = koteihyo(&["check", "plan_only", "--format", "json"], &dir);
    assert_eq!(run.status, 1, "{}", run.stdout);
    assert!(run.stdout.contains("no-submission"), "{}", run.stdout);
}

// --- 5. no plan frame ---------------------------------------------------------------------

#[test]
fn without_a_plan_frame_one_error_says_where_it_was_looked_for_and_how_to_give_it() {
    let dir = temp_dir("clerks_no_plan");
    let rows = grid(vec![
        grid_row(HIERARCHY, vec![E, S("導入")]),
        grid_row([E, S("②"), S("カード"), S("出張申請")], vec![E, S("実施")]),
    ]);
    write_xlsx(&dir.join("03_市民課.xlsx"), &[sheet("工程表", rows)]);
    let run = koteihyo(&["check", "03_市民課.xlsx", "--format", "json"], &dir);
    assert_eq!(run.status, 1);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(
        codes(&json),
        [finding("plan-missing", "error", "")],
        "{json:#}"
    );
    let human = koteihyo(&["check", "03_市民課.xlsx"], &dir);
    assert!(
        human.stdout.contains("探した場所: 03_市民課.xlsx"),
        "{}",
        human.stdout
    );
    assert!(human.stdout.contains("--plan"), "{}", human.stdout);
}

// --- 6. renamed and re-saved files replace their department's context file -----------------

fn relisting_department(dir: &Path) {
    std::fs::create_dir_all(dir).expect("mkdir");
    plan(dir, vec![]);
    // 02_市民課 lists an original and re-lists 04_税務課's item.
    write_xlsx(
        &dir.join("02_市民課.xlsx"),
        &[sheet(
            "工程表",
            grid(vec![
                grid_row(HIERARCHY, vec![E, S("導入"), S("拡大")]),
                grid_row([E, E, E, S("eLTAXの活用(再掲)")], vec![E, E, S("利用開始")]),
            ]),
        )],
    );
    write_xlsx(
        &dir.join("04_税務課.xlsx"),
        &[sheet(
            "工程表",
            grid(vec![grid_row(
                [
                    S("(1)"),
                    S("②"),
                    S("カードを取得しやすい環境の整備"),
                    S("eLTAXの活用"),
                ],
                vec![E, E, S("利用開始")],
            )]),
        )],
    );
}

#[test]
fn a_renamed_file_replaces_its_department_and_keeps_its_name() {
    let dir = temp_dir("clerks_renamed");
    relisting_department(&dir.join("input"));
    let mine = dir.join("提出");
    std::fs::create_dir_all(&mine).expect("mkdir");
    std::fs::copy(
        dir.join("input/02_市民課.xlsx"),
        mine.join("【市民課】工程表R8_修正版.xlsx"),
    )
    .expect("copy");
    let run = koteihyo(
        &[
            "check",
            "提出/【市民課】工程表R8_修正版.xlsx",
            "--format",
            "json",
        ],
        &dir,
    );
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!((run.status, codes(&json)), (0, vec![]), "{json:#}");
    assert_eq!(json["summary"]["steps"], 3, "{json:#}");
    let loaded = koteihyo::pipeline::load(
        &[mine.join("【市民課】工程表R8_修正版.xlsx")],
        Some(&dir.join("input")),
        koteihyo::fiscal::Date::new(2026, 11, 25).expect("a date"),
    )
    .expect("load");
    let departments: Vec<&str> = loaded
        .roadmap
        .steps()
        .map(|(_, s)| s.department.as_str())
        .collect();
    // In document order: (1)① 導入, 拡大 and the re-listing, then (1)②.
    assert_eq!(departments, ["市民課", "市民課", "市民課", "税務課"]);
}

/// LibreOffice converts the clerk's workbook to .ods when it is installed (as a clerk saves
/// it); otherwise the test writes the .ods itself.
fn to_ods(xlsx: &Path, ods_xml: &str) -> PathBuf {
    let out = xlsx.with_extension("ods");
    let profile = xlsx.with_extension("lo-profile");
    let converted = std::process::Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "ods", "--outdir"])
        .arg(xlsx.parent().expect("folder"))
        .arg(xlsx)
        .output()
        .is_ok_and(|o| o.status.success() && out.exists());
    if !converted {
        eprintln!("soffice not found or failed: the .ods is written by the test itself");
        write_ods(&out, ods_xml);
    }
    out
}

/// A minimal .ods: `mimetype` stored first, the manifest, and `content.xml` with `tables`.
fn write_ods(path: &Path, tables: &str) {
    use std::io::Write;
    use zip::write::SimpleFileOptions;
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).expect("create"));
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).expect("zip");
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .expect("zip");
    zip.start_file("META-INF/manifest.xml", stored)
        .expect("zip");
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).expect("zip");
    zip.start_file("content.xml", stored).expect("zip");
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:automatic-styles><style:style style:name="hidden" style:family="table"><style:table-properties table:display="false"/></style:style></office:automatic-styles><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
    );
    zip.write_all(content.as_bytes()).expect("zip");
    zip.finish().expect("zip");
}

fn ods_text(s: &str) -> String {
    format!(
        r#"<table:table-cell office:value-type="string"><text:p>{s}</text:p></table:table-cell>"#
    )
}

fn ods_row(cells: &[&str], attrs: &str) -> String {
    let cells: String = cells
        .iter()
        .map(|c| match *c {
            "" => "<table:table-cell/>".to_string(),
            c if c.starts_with("<") => c.to_string(),
            c => ods_text(c),
        })
        .collect();
    format!("<table:table-row{attrs}>{cells}</table:table-row>")
}

/// The grid header, then (1)① … with 導入 merged over R7–R8, a hidden row, and a hidden
/// sheet: the same workbook as `ods_workbook` writes through rust_xlsxwriter.
fn ods_tables() -> String {
    let header = [
        "柱",
        "施策",
        "具体的な取り組み",
        "取り組み項目",
        "～令和6(2024)年度",
        "令和7(2025)年度",
        "令和8(2026)年度",
        "令和9(2027)年度",
        "令和10(2028)年度",
        "令和11(2029)年度",
    ];
    let merged = r#"<table:table-cell table:number-columns-spanned="2" office:value-type="string"><text:p>導入</text:p></table:table-cell><table:covered-table-cell/>"#;
    let rows = [
        ods_row(&header, ""),
        ods_row(
            &[
                "(1)",
                "①",
                "オンライン手続きの拡大",
                "電子申請の拡大",
                "",
                merged,
            ],
            "",
        ),
        ods_row(
            &["", "", "", "古い項目", "", "旧工程"],
            r#" table:visibility="collapse""#,
        ),
    ]
    .concat();
    let old = ods_row(&header, "") + &ods_row(&["(1)", "①", "x", "y", "", "旧"], "");
    format!(
        r#"<table:table table:name="工程表">{rows}</table:table><table:table table:name="旧" table:style-name="hidden">{old}</table:table>"#
    )
}

fn ods_workbook(path: &Path) {
    let mut live = sheet(
        "工程表",
        grid(vec![
            grid_row(HIERARCHY, vec![E, S("導入"), E]),
            grid_row([E, E, E, S("古い項目")], vec![E, S("旧工程")]),
        ]),
    );
    live.merges = vec![(1, 5, 1, 6, "導入")];
    live.hidden_rows = vec![2];
    let mut old = sheet(
        "旧",
        grid(vec![grid_row(
            [S("(1)"), S("①"), S("x"), S("y")],
            vec![E, S("旧")],
        )]),
    );
    old.hidden = true;
    write_xlsx(path, &[live, old]);
}

#[test]
fn an_ods_keeps_its_merges_and_hides_what_is_hidden() {
    let dir = temp_dir("clerks_ods");
    let input = dir.join("input");
    std::fs::create_dir_all(&input).expect("mkdir");
    plan(&input, vec![]);
    let work = dir.join("work");
    std::fs::create_dir_all(&work).expect("mkdir");
    ods_workbook(&work.join("03_市民課.xlsx"));
    let ods = to_ods(&work.join("03_市民課.xlsx"), &ods_tables());
    std::fs::copy(&ods, input.join("03_市民課.ods")).expect("copy");
    let (status, json) = check_json(&input);
    let found: Vec<(String, String, String)> = all_findings(&json)
        .into_iter()
        .map(|f| (f.0, f.2, f.3))
        .collect();
    assert_eq!(status, 0, "{json:#}");
    assert_eq!(
        found,
        [
            ("rows-hidden".into(), "工程表".into(), "D3".into()),
            ("sheet-hidden".into(), "旧".into(), String::new()),
        ],
        "{json:#}"
    );
    assert_eq!(spans(&load(&input)), owned(&[("導入", 1, 2)]));
}

#[test]
fn a_department_saved_as_ods_replaces_its_xlsx_in_the_context() {
    let dir = temp_dir("clerks_ods_context");
    relisting_department(&dir.join("input"));
    let work = dir.join("work");
    std::fs::create_dir_all(&work).expect("mkdir");
    std::fs::copy(
        dir.join("input/02_市民課.xlsx"),
        work.join("02_市民課.xlsx"),
    )
    .expect("copy");
    let tables = format!(
        r#"<table:table table:name="工程表">{}{}{}</table:table>"#,
        ods_row(
            &[
                "柱",
                "施策",
                "具体的な取り組み",
                "取り組み項目",
                "～令和6(2024)年度",
                "令和7(2025)年度",
                "令和8(2026)年度",
                "令和9(2027)年度",
                "令和10(2028)年度",
                "令和11(2029)年度",
            ],
            ""
        ),
        ods_row(
            &[
                "(1)",
                "①",
                "オンライン手続きの拡大",
                "電子申請の拡大",
                "",
                "導入",
                "拡大"
            ],
            ""
        ),
        ods_row(&["", "", "", "eLTAXの活用(再掲)", "", "", "利用開始"], ""),
    );
    let ods = to_ods(&work.join("02_市民課.xlsx"), &tables);
    let run = koteihyo(
        &["check", &ods.display().to_string(), "--format", "json"],
        &dir,
    );
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!((run.status, codes(&json)), (0, vec![]), "{json:#}");
}

#[test]
fn a_department_not_in_the_plan_workbooks_list_is_a_warning_naming_the_closest() {
    let dir = temp_dir("clerks_department_list");
    plan(&dir, vec![]);
    // The plan workbook gets its optional list of departments.
    let mut book = calamine_sheets(&dir.join("00_計画.xlsx"));
    book.push(sheet(
        "担当課一覧",
        vec![vec![S("担当課")], vec![S("市民課")], vec![S("税務課")]],
    ));
    write_xlsx(&dir.join("00_計画.xlsx"), &book);
    write_xlsx(
        &dir.join("03_市民家.xlsx"),
        &[sheet(
            "工程表",
            grid(vec![grid_row(HIERARCHY, vec![E, S("導入")])]),
        )],
    );
    write_xlsx(
        &dir.join("04_税務課.xlsx"),
        &[sheet(
            "工程表",
            grid(vec![grid_row(HIERARCHY, vec![E, E, S("導入")])]),
        )],
    );
    let (status, json) = check_json(&dir);
    // The misspelt file stands for no listed department, so 市民課 is also missing (the
    // list's cell A2): the warning says which name was meant.
    assert_eq!(
        (status, codes(&json)),
        (
            1,
            vec![
                finding("department-missing", "error", "A2"),
                finding("department-unknown", "warning", "")
            ]
        ),
        "{json:#}"
    );
    assert_eq!(
        messages(&json, "department-unknown"),
        ["担当課「市民家」は計画ワークブックの担当課の一覧にありません。「市民課」のことですか"]
    );
    // Written in a 担当課 column instead, the finding points at that cell (L3), not at the
    // file or the step; the rows whose department is listed pass.
    std::fs::remove_file(dir.join("03_市民家.xlsx")).expect("remove");
    let mut header = grid_header();
    header.push(S("担当課"));
    let row = |item: &'static str, department: &'static str| {
        let mut r = grid_row(
            [S("(1)"), S("①"), S("オンライン手続きの拡大"), S(item)],
            vec![E, S("導入"), E, E, E, E, E],
        );
        r.push(S(department));
        r
    };
    write_xlsx(
        &dir.join("03_市民課.xlsx"),
        &[sheet(
            "工程表",
            vec![
                header,
                row("電子申請の拡大", "市民課"),
                row("窓口の予約", "市民家"),
                row("証明書の郵送", "市民家"),
            ],
        )],
    );
    let (status, json) = check_json(&dir);
    assert_eq!(
        (status, codes(&json)),
        (0, vec![finding("department-unknown", "warning", "L3")]),
        "{json:#}"
    );
}

/// The sheets of a fixture workbook read back as fixture sheets (texts and numbers), to add
/// a sheet to the plan workbook.
fn calamine_sheets(path: &Path) -> Vec<SheetSpec> {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let mut book: Xlsx<_> = open_workbook(path).expect("open");
    let names = book.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).expect("range");
            let rows = range
                .rows()
                .map(|r| {
                    r.iter()
                        .map(|d| match d {
                            Data::String(s) => T(s.clone()),
                            Data::Float(f) => N(*f),
                            Data::Int(i) => N(*i as f64),
                            _ => E,
                        })
                        .collect()
                })
                .collect();
            sheet(&name, rows)
        })
        .collect()
}

// --- 7. 再掲 marks, end marks -------------------------------------------------------------------

#[test]
fn kome_relisting_marks_take_the_original_schedule_in_a_list() {
    let dir = temp_dir("clerks_kome");
    plan(&dir, vec![]);
    let mut rows = vec![
        list_header(),
        list_row(HIERARCHY, E, S("導入"), S("R7"), S("R8")),
    ];
    let elsewhere = [
        S("(1)"),
        S("②"),
        S("カードを取得しやすい環境の整備"),
        S("周知"),
    ];
    for (k, text) in [
        "※再掲 導入",
        "導入※再掲",
        "再掲：導入",
        "再掲:導入",
        "［再掲］導入",
    ]
    .into_iter()
    .enumerate()
    {
        let hierarchy = if k == 0 {
            elsewhere.clone()
        } else {
            [E, E, E, E]
        };
        rows.push(list_row(hierarchy, E, T(text.to_string()), E, E));
    }
    write_xlsx(&dir.join("03_市民課.xlsx"), &[sheet("工程表", rows)]);
    let (status, json) = check_json(&dir);
    assert_eq!((status, codes(&json)), (0, vec![]), "{json:#}");
    let loaded = load(&dir);
    let years: Vec<(String, i32, i32)> = fiscal_years(&loaded);
    assert_eq!(years.len(), 6, "{years:?}");
    for (text, from, to) in &years {
        assert_eq!((*from, *to), (2025, 2026), "{text}");
    }
    let relisted = loaded.roadmap.steps().filter(|(_, s)| s.relisted).count();
    assert_eq!(relisted, 5);
}

#[test]
fn an_end_mark_ends_the_step_to_its_left_and_a_dash_is_no_continuation() {
    let dir = temp_dir("clerks_end_marks");
    plan(&dir, vec![]);
    let item = |name: &'static str| [E, E, E, S(name)];
    let rows = grid(vec![
        grid_row(HIERARCHY, vec![E, S("試行"), S("－")]),
        grid_row(item("b"), vec![E, S("検討"), S("→"), S("×"), S("導入")]),
        grid_row(item("c"), vec![S("調査"), S("―")]),
        grid_row(item("d"), vec![E, E, S("実施"), S("━"), S("ー")]),
    ]);
    write_xlsx(&dir.join("03_市民課.xlsx"), &[sheet("工程表", rows)]);
    let (status, json) = check_json(&dir);
    assert_eq!((status, codes(&json)), (0, vec![]), "{json:#}");
    assert_eq!(
        spans(&load(&dir)),
        owned(&[
            ("試行", 1, 1),
            ("検討", 1, 2),
            ("導入", 4, 5),
            ("調査", 0, 0),
            ("実施", 2, 3),
        ])
    );
}

// --- five more clerk habits ---------------------------------------------------------------------

/// What a habit gives: exit status, findings (code, severity, cell), step spans.
type Habit = (i32, Vec<(String, String, String)>, Vec<(String, u32, u32)>);

/// Runs `check` on a folder holding the plan and one department file with `rows` on its
/// 工程表 sheet (merges optional); returns (status, findings, spans).
fn habit(name: &str, rows: Vec<Vec<C>>, merges: Vec<(u32, u16, u32, u16, &'static str)>) -> Habit {
    let dir = temp_dir(name);
    plan(&dir, vec![]);
    let mut s = sheet("工程表", rows);
    s.merges = merges;
    write_xlsx(&dir.join("03_市民課.xlsx"), &[s]);
    let (status, json) = check_json(&dir);
    eprintln!("{name}: {json:#}");
    (status, codes(&json), spans(&load(&dir)))
}

#[test]
fn habit_full_width_years_and_a_merged_title_over_the_header() {
    let mut header = grid_header();
    header[5] = S("Ｒ７");
    header[6] = S("２０２６年度");
    let rows = vec![
        vec![S("市民課　工程表（令和８年度）")],
        vec![],
        header,
        grid_row(HIERARCHY, vec![E, S("導入")]),
    ];
    let got = habit(
        "habit_title",
        rows,
        vec![(0, 0, 0, 10, "市民課　工程表（令和８年度）")],
    );
    assert_eq!(got, (0, vec![], owned(&[("導入", 1, 5)])));
}

/// Habit: ○ in each year a step runs. Read as continuing the step, with a warning per cell
/// (before: steps named ○ and 〇, silently).
#[test]
fn habit_circles_marking_the_years_of_a_step() {
    let rows = grid(vec![grid_row(
        HIERARCHY,
        vec![E, S("導入"), S("○"), S("〇"), E, E],
    )]);
    let got = habit("habit_circles", rows, vec![]);
    assert_eq!(
        got,
        (
            0,
            vec![
                finding("mark-unknown", "warning", "G2"),
                finding("mark-unknown", "warning", "H2"),
            ],
            owned(&[("導入", 1, 5)])
        )
    );
}

/// Habit: trailing spaces everywhere, and a 合計 row with a formula at the bottom. The
/// spaces are nothing; the total row is an error on its cells (not a silent step).
#[test]
fn habit_trailing_spaces_and_a_total_row() {
    let mut header = list_header();
    header[3] = S("取り組み項目 ");
    let rows = vec![
        header,
        list_row(
            [
                S("(1) "),
                S("① "),
                S("オンライン手続きの拡大 "),
                S("電子申請の拡大　"),
            ],
            N(1.0),
            S("導入 "),
            S("R7 "),
            S("R8　"),
        ),
        list_row([E, E, E, E], E, E, E, E),
        vec![S("合計"), E, E, E, E, FR("=COUNTA(F2:F3)", "1")],
    ];
    let got = habit("habit_total", rows, vec![]);
    assert_eq!(
        got,
        (
            1,
            vec![
                finding("pillar-unknown", "error", "A4"),
                finding("year-start-blank", "error", "F4"),
                finding("year-end-blank", "error", "F4"),
            ],
            owned(&[("導入", 1, 2)])
        )
    );
}

/// Habit: hierarchy cells filled by formulas copying the row above (Excel caches their
/// values), and a row with only a remark in 備考. Both read as meant.
#[test]
fn habit_formulas_copying_the_row_above_and_a_comment_only_row() {
    let rows = grid(vec![
        grid_row(HIERARCHY, vec![E, S("導入")]),
        grid_row(
            [
                FR("=A2", "(1)"),
                FR("=B2", "①"),
                FR("=C2", "オンライン手続きの拡大"),
                S("窓口の予約"),
            ],
            vec![E, E, S("試行")],
        ),
        grid_row([E, E, E, E], vec![E, E, E, E, E, E, S("※R8予算要求中")]),
    ]);
    let got = habit("habit_formulas", rows, vec![]);
    assert_eq!(got, (0, vec![], owned(&[("導入", 1, 5), ("試行", 2, 5)])));
}
