//! Folder accounting: every department exactly once (docs/SUBMISSIONS.md). The folders are
//! laid out the way clerks leave them: copies beside a file, sub-folders, a zip, a copy
//! sheet, two departments in one file, a department that never sent its file.

use std::path::Path;

use crate::support;
use support::*;

/// A grid sheet with one step 「導入」 in R7 on item `item`, under (1)①.
fn step_sheet(name: &str, item: &'static str) -> SheetSpec {
    sheet(
        name,
        vec![
            grid_header(),
            grid_row(
                [S("(1)"), S("①"), S("オンライン手続きの拡大"), S(item)],
                vec![E, S("導入")],
            ),
        ],
    )
}

/// A department file with one step on `item`.
fn department(path: &Path, item: &'static str) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("mkdir");
    }
    write_xlsx(path, &[step_sheet("工程表", item)]);
}

/// The plan workbook with a list of departments (its 担当課一覧 sheet).
fn plan_listing(dir: &Path, departments: &[&'static str]) {
    let mut rows = vec![vec![S("担当課")]];
    rows.extend(departments.iter().map(|d| vec![S(d)]));
    plan_with(dir, plan_info(), vec![], vec![sheet("担当課一覧", rows)]);
}

/// (code, file, sheet) of every finding with `code`.
fn with_code(json: &serde_json::Value, code: &str) -> Vec<(String, String, String)> {
    all_findings(json)
        .into_iter()
        .filter(|(c, ..)| c == code)
        .map(|(c, f, s, _)| (c, f, s))
        .collect()
}

fn at(code: &str, file: &str, sheet: &str) -> (String, String, String) {
    (code.to_string(), file.to_string(), sheet.to_string())
}

/// Every step's department, with its item, in document order.
fn step_departments(dir: &Path) -> Vec<(String, String)> {
    let loaded = load(dir);
    let mut out = Vec::new();
    for (_, item) in loaded.roadmap.items() {
        for line in &item.lines {
            for step in &line.steps {
                out.push((item.text.clone(), step.department.clone()));
            }
        }
    }
    out
}

fn owned_pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn copies_beside_a_file_are_errors_naming_both_and_the_department_is_printed_once() {
    let dir = temp_dir("folder_copies");
    plan(&dir, vec![]);
    for name in [
        "03_市民課.xlsx",
        "03_市民課 - コピー.xlsx",
        "03_市民課 (1).xlsx",
        "03_市民課_旧.xlsx",
    ] {
        department(&dir.join(name), "電子申請の拡大");
    }
    department(&dir.join("04_税務課.xlsx"), "税の電子申告");
    let (status, json) = check_json(&dir);
    assert_eq!(status, 1, "{json:#}");
    // The copies' errors and nothing else: no re-listing or duplicate-item noise from them.
    assert_eq!(
        findings(&json),
        vec![finding("department-duplicate", "error", ""); 3],
        "{json:#}"
    );
    assert_eq!(
        with_code(&json, "department-duplicate"),
        [
            at("department-duplicate", "03_市民課 (1).xlsx", ""),
            at("department-duplicate", "03_市民課 - コピー.xlsx", ""),
            at("department-duplicate", "03_市民課_旧.xlsx", ""),
        ]
    );
    assert_eq!(
        messages(&json, "department-duplicate")[1],
        "担当課「市民課」の提出が2つあります: 「03_市民課.xlsx」と「03_市民課 - コピー.xlsx」（どちらも読み込みましたが、工程表には「03_市民課.xlsx」だけを載せます）"
    );
    // 市民課 once, 税務課 once.
    assert_eq!(json["summary"]["steps"], 2);
    assert_eq!(
        step_departments(&dir),
        owned_pairs(&[("電子申請の拡大", "市民課"), ("税の電子申告", "税務課")])
    );
    // The copy's rows are accounted for as set aside.
    let copy = json["files"]
        .as_array()
        .expect("files")
        .iter()
        .find(|f| f["file"] == "03_市民課_旧.xlsx")
        .expect("the copy is accounted for");
    assert_eq!(
        copy["skipped"][0]["reason"], "department-duplicate",
        "{copy:#}"
    );

    let (_, en) = check_json_with(&dir, &["--lang", "en"]);
    assert_eq!(
        messages(&en, "department-duplicate")[2],
        "department \"市民課\" is submitted twice: \"03_市民課.xlsx\" and \"03_市民課_旧.xlsx\" (both were read; only \"03_市民課.xlsx\" goes into the roadmap)"
    );
}

#[test]
fn a_later_corrected_version_beside_the_original_is_an_error_too() {
    let dir = temp_dir("folder_revised");
    plan(&dir, vec![]);
    department(&dir.join("03_市民課.xlsx"), "電子申請の拡大");
    department(&dir.join("03_市民課_修正版.xlsx"), "電子申請の拡大（修正）");
    let (status, json) = check_json(&dir);
    assert_eq!(status, 1);
    assert_eq!(
        with_code(&json, "department-duplicate"),
        [at("department-duplicate", "03_市民課_修正版.xlsx", "")]
    );
    let message = &messages(&json, "department-duplicate")[0];
    assert!(
        message.contains("「03_市民課.xlsx」と「03_市民課_修正版.xlsx」"),
        "{message}"
    );
    // One of them is printed, the one the error says.
    assert_eq!(
        step_departments(&dir),
        owned_pairs(&[("電子申請の拡大", "市民課")])
    );
}

#[test]
fn workbooks_in_sub_folders_are_submissions_and_the_folder_may_name_the_department() {
    let dir = temp_dir("folder_sub");
    plan(&dir, vec![]);
    department(&dir.join("03_市民課/工程表.xlsx"), "電子申請の拡大");
    department(&dir.join("提出/税務/04_税務課.xlsx"), "税の電子申告");
    let (status, json) = check_json(&dir);
    assert_eq!(status, 0, "{json:#}");
    assert_eq!(json["summary"]["steps"], 2);
    assert_eq!(
        step_departments(&dir),
        owned_pairs(&[("電子申請の拡大", "市民課"), ("税の電子申告", "税務課")])
    );
    // An old copy kept in a sub-folder is a second source like any other; the folder's
    // name marks it as the old one.
    department(&dir.join("old/04_税務課.xlsx"), "税の電子申告");
    let (status, json) = check_json_with(&dir, &["--lang", "en"]);
    assert_eq!(status, 1);
    assert_eq!(
        with_code(&json, "department-duplicate"),
        [at("department-duplicate", "old/04_税務課.xlsx", "")]
    );
    assert_eq!(
        messages(&json, "department-duplicate"),
        ["department \"税務課\" is submitted twice: \"提出/税務/04_税務課.xlsx\" and \"old/04_税務課.xlsx\" (both were read; only \"提出/税務/04_税務課.xlsx\" goes into the roadmap)"]
    );
    // An empty sub-folder is named, not passed over.
    std::fs::create_dir_all(dir.join("空")).expect("mkdir");
    let (_, json) = check_json(&dir);
    assert_eq!(
        with_code(&json, "file-skipped"),
        [at("file-skipped", "空", "")]
    );
    assert!(messages(&json, "file-skipped")[0].contains("空のフォルダ"));
}

/// A zip holding a department's workbook, as a clerk sends one by mail.
fn write_zip(path: &Path, inner: &str, workbook: &Path) {
    use std::io::Write;
    use zip::write::SimpleFileOptions;
    let bytes = std::fs::read(workbook).expect("read workbook");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).expect("create"));
    zip.start_file(inner, SimpleFileOptions::default())
        .expect("zip");
    zip.write_all(&bytes).expect("zip");
    zip.finish().expect("zip");
}

#[test]
fn a_zip_is_an_error_naming_it_never_an_info_alone() {
    let dir = temp_dir("folder_zip");
    let scratch = temp_dir("folder_zip_scratch");
    plan(&dir, vec![]);
    department(&dir.join("03_市民課.xlsx"), "電子申請の拡大");
    department(&scratch.join("05_会計課.xlsx"), "公金収納のデジタル化");
    write_zip(
        &dir.join("05_会計課.zip"),
        "05_会計課.xlsx",
        &scratch.join("05_会計課.xlsx"),
    );
    let (status, json) = check_json(&dir);
    assert_eq!(status, 1);
    assert_eq!(
        findings(&json),
        [finding("zip-not-read", "error", "")],
        "{json:#}"
    );
    assert_eq!(
        with_code(&json, "zip-not-read"),
        [at("zip-not-read", "05_会計課.zip", "")]
    );
    assert_eq!(
        messages(&json, "zip-not-read"),
        ["圧縮ファイル「05_会計課.zip」の中身は読み込んでいません"]
    );
    let zip = json["files"]
        .as_array()
        .expect("files")
        .iter()
        .find(|f| f["file"] == "05_会計課.zip")
        .expect("the zip is accounted for");
    assert_eq!(zip["status"], "refused");
    // Named on the command line, it is refused the same way.
    let run = koteihyo(
        &["check", "05_会計課.zip", "--format", "json", "--lang", "en"],
        &dir,
    );
    assert_eq!(run.status, 1, "{}", run.stdout);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(
        messages(&json, "zip-not-read"),
        ["the contents of the zip file \"05_会計課.zip\" were not read"]
    );
}

#[test]
fn a_listed_department_that_sent_nothing_is_an_error_where_the_list_names_it() {
    let dir = temp_dir("folder_missing");
    let input = dir.join("in");
    std::fs::create_dir_all(&input).expect("mkdir");
    plan_listing(&input, &["市民課", "税務課", "会計課"]);
    department(&input.join("03_市民課.xlsx"), "電子申請の拡大");
    department(&input.join("04_税務課.xlsx"), "税の電子申告");
    let run = koteihyo(
        &["check", "in", "--format", "json", "--as-of", "2026-11-25"],
        &dir,
    );
    assert_eq!(run.status, 1, "{}", run.stdout);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(
        all_findings(&json),
        [(
            "department-missing".to_string(),
            "00_計画.xlsx".to_string(),
            "担当課一覧".to_string(),
            "A4".to_string()
        )],
        "{json:#}"
    );
    assert_eq!(
        messages(&json, "department-missing"),
        ["担当課「会計課」の提出がありません（探した場所: in）"]
    );
    let run = koteihyo(&["check", "in", "--format", "json", "--lang", "en"], &dir);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(
        messages(&json, "department-missing"),
        ["nothing was submitted for department \"会計課\" (looked in in)"]
    );

    // A department checking its own file expects no others.
    let run = koteihyo(
        &[
            "check",
            "in/03_市民課.xlsx",
            "--plan",
            "in",
            "--format",
            "json",
        ],
        &dir,
    );
    assert_eq!(run.status, 0, "{}", run.stdout);
    assert!(!run.stdout.contains("department-missing"), "{}", run.stdout);

    // build refuses; --draft prints, marked.
    let run = koteihyo(&["build", "--input", "in", "--output", "out"], &dir);
    assert_eq!(run.status, 1, "{}{}", run.stdout, run.stderr);
    assert!(!dir.join("out/roadmap.pdf").exists());
    assert!(
        (run.stdout.clone() + &run.stderr).contains("会計課"),
        "{}{}",
        run.stdout,
        run.stderr
    );
    let run = koteihyo(
        &["build", "--input", "in", "--output", "out", "--draft"],
        &dir,
    );
    assert_eq!(run.status, 1, "{}{}", run.stdout, run.stderr);
    assert!(dir.join("out/roadmap.pdf").exists());
}

#[test]
fn without_a_list_the_previous_edition_names_the_expected_departments() {
    let dir = temp_dir("folder_previous");
    for side in ["old", "new"] {
        std::fs::create_dir_all(dir.join(side)).expect("mkdir");
        plan(&dir.join(side), vec![]);
        department(&dir.join(side).join("03_市民課.xlsx"), "電子申請の拡大");
    }
    department(&dir.join("old/04_税務課.xlsx"), "税の電子申告");
    let run = koteihyo(
        &[
            "build",
            "--input",
            "new",
            "--output",
            "out",
            "--previous",
            "old",
            "--edition",
            "2026-03",
            "--lang",
            "en",
        ],
        &dir,
    );
    assert_eq!(run.status, 1, "{}{}", run.stdout, run.stderr);
    let said = run.stdout.clone() + &run.stderr;
    assert!(
        said.contains("nothing was submitted for department \"税務課\" (looked in new)"),
        "{said}"
    );
    assert!(!dir.join("out/roadmap.pdf").exists());
    // Without --previous and without a list, nothing is expected.
    let run = koteihyo(&["check", "new", "--format", "json"], &dir);
    assert_eq!(run.status, 0, "{}", run.stdout);
}

#[test]
fn a_copy_sheet_beside_the_original_is_an_error_naming_both_sheets() {
    let dir = temp_dir("folder_sheets");
    plan(&dir, vec![]);
    write_xlsx(
        &dir.join("03_市民課.xlsx"),
        &[
            step_sheet("工程表", "電子申請の拡大"),
            step_sheet("工程表 (2)", "電子申請の拡大"),
            // An empty template sheet is no second source.
            sheet("工程表 (3)", vec![grid_header()]),
        ],
    );
    let (status, json) = check_json(&dir);
    assert_eq!(status, 1);
    assert_eq!(
        with_code(&json, "department-duplicate"),
        [at("department-duplicate", "03_市民課.xlsx", "工程表 (2)")]
    );
    assert_eq!(
        messages(&json, "department-duplicate"),
        ["担当課「市民課」の提出が2つあります: 「03_市民課.xlsx」のシート「工程表」と「03_市民課.xlsx」のシート「工程表 (2)」（どちらも読み込みましたが、工程表には「03_市民課.xlsx」のシート「工程表」だけを載せます）"]
    );
    assert_eq!(json["summary"]["steps"], 1);
    let (_, en) = check_json_with(&dir, &["--lang", "en"]);
    assert!(
        messages(&en, "department-duplicate")[0].contains(
            "\"03_市民課.xlsx\", sheet \"工程表\" and \"03_市民課.xlsx\", sheet \"工程表 (2)\""
        ),
        "{en:#}"
    );
}

#[test]
fn a_file_shared_by_two_departments_decides_per_sheet() {
    let dir = temp_dir("folder_shared");
    plan_listing(&dir, &["市民課", "情報政策課"]);
    write_xlsx(
        &dir.join("05_市民課・情報政策課.xlsx"),
        &[
            step_sheet("市民課", "電子申請の拡大"),
            step_sheet("情報政策課", "庁内ネットワークの更新"),
        ],
    );
    let (status, json) = check_json(&dir);
    assert_eq!(status, 0, "{json:#}");
    assert_eq!(findings(&json), [], "{json:#}");
    assert_eq!(
        step_departments(&dir),
        owned_pairs(&[
            ("電子申請の拡大", "市民課"),
            ("庁内ネットワークの更新", "情報政策課")
        ])
    );
}

#[test]
fn a_joined_file_name_is_no_department_and_a_joined_cell_is_a_warning() {
    let dir = temp_dir("folder_joined");
    plan_listing(&dir, &["市民課", "情報政策課"]);
    // One sheet, no 担当課 column: which department is unclear.
    write_xlsx(
        &dir.join("05_市民課・情報政策課.xlsx"),
        &[step_sheet("工程表", "電子申請の拡大")],
    );
    // A 担当課 cell naming both.
    let mut header = grid_header();
    header.push(S("担当課"));
    let mut row = grid_row(
        [
            S("(1)"),
            S("①"),
            S("オンライン手続きの拡大"),
            S("庁内ネットワークの更新"),
        ],
        vec![E, S("更新"), E, E, E, E, E],
    );
    row.push(S("市民課・情報政策課"));
    write_xlsx(
        &dir.join("01_情報政策課.xlsx"),
        &[sheet("工程表", vec![header, row])],
    );
    let (status, json) = check_json(&dir);
    assert_eq!(status, 1);
    // One finding each: the joined names are no department of their own, so neither file
    // is a second source of the other, nor "unknown", nor leaves 市民課 missing.
    assert_eq!(
        findings(&json),
        [
            finding("department-several", "warning", "L2"),
            finding("department-unclear", "error", "")
        ],
        "{json:#}"
    );
    let unclear = with_code(&json, "department-unclear");
    assert_eq!(
        unclear,
        [at(
            "department-unclear",
            "05_市民課・情報政策課.xlsx",
            "工程表"
        )]
    );
    assert_eq!(
        messages(&json, "department-unclear"),
        ["シート「工程表」の担当課が決まりません（ファイル名は複数の課「市民課・情報政策課」を含み、担当課の列も課の名前のシート名もありません）"]
    );
    assert_eq!(
        all_findings(&json)
            .into_iter()
            .filter(|(c, ..)| c == "department-several")
            .collect::<Vec<_>>(),
        [(
            "department-several".to_string(),
            "01_情報政策課.xlsx".to_string(),
            "工程表".to_string(),
            "L2".to_string()
        )]
    );
    assert_eq!(
        messages(&json, "department-several"),
        ["担当課「市民課・情報政策課」に複数の課（市民課、情報政策課）が書かれています"]
    );
    let (_, en) = check_json_with(&dir, &["--lang", "en"]);
    assert_eq!(
        messages(&en, "department-several"),
        ["the department cell \"市民課・情報政策課\" names several departments (市民課、情報政策課)"]
    );
    assert!(messages(&en, "department-unclear")[0]
        .starts_with("the department of sheet \"工程表\" is unclear"));
}

#[test]
fn a_file_name_is_matched_against_the_plan_list_before_it_is_split() {
    let dir = temp_dir("folder_listed_name");
    listed_name_with_a_dot(&dir);
    let (status, json) = check_json(&dir);
    assert_eq!(status, 0, "{json:#}");
    assert_eq!(findings(&json), [], "{json:#}");
    assert_eq!(step_departments(&dir), listed_name_steps());
}

/// A plan listing 「子ども・福祉部」 and 市民課, and a file of each, named for them.
fn listed_name_with_a_dot(dir: &Path) {
    plan_listing(dir, &["子ども・福祉部", "市民課"]);
    department(&dir.join("03_市民課.xlsx"), "電子申請の拡大");
    department(
        &dir.join("05_子ども・福祉部.xlsx"),
        "子育て手続きのオンライン化",
    );
}

/// The steps of [`listed_name_with_a_dot`] with the department each is read as.
fn listed_name_steps() -> Vec<(String, String)> {
    owned_pairs(&[
        ("電子申請の拡大", "市民課"),
        ("子育て手続きのオンライン化", "子ども・福祉部"),
    ])
}

/// The listed name 「子ども・福祉部」 in a file name survives into the outputs: the counts
/// of roadmap.json and next year's template, named for the department and read back as it.
#[test]
fn a_listed_name_with_a_dot_names_the_template_and_the_counts() {
    let dir = temp_dir("folder_listed_name_outputs");
    let input = dir.join("input");
    std::fs::create_dir_all(&input).expect("mkdir");
    listed_name_with_a_dot(&input);
    support::build_and_template(&dir);
    let json = std::fs::read_to_string(dir.join("out/roadmap.json")).expect("roadmap.json");
    assert!(json.contains("\"子ども・福祉部\""), "{json}");
    assert!(!json.contains("\"福祉部\""), "{json}");
    assert!(dir.join("tpl/05_子ども・福祉部.xlsx").exists());
    assert_eq!(step_departments(&dir.join("tpl")), listed_name_steps());
}

#[test]
fn an_empty_folder_checked_from_the_project_folder_borrows_nothing_from_input() {
    let dir = temp_dir("folder_empty_project");
    let input = dir.join("input");
    std::fs::create_dir_all(&input).expect("mkdir");
    plan(&input, vec![]);
    department(&input.join("03_市民課.xlsx"), "電子申請の拡大");
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
    let run = koteihyo(
        &["check", "empty", "--format", "json", "--lang", "en"],
        &dir,
    );
    assert_eq!(run.status, 1);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(
        messages(&json, "no-submission"),
        ["there is no department submission at all (no workbook could be read)"]
    );
    // input/ itself still checks clean.
    let run = koteihyo(&["check", "--format", "json"], &dir);
    assert_eq!(run.status, 0, "{}", run.stdout);
}

#[cfg(unix)]
#[test]
fn a_link_back_to_a_folder_already_read_is_not_read_again() {
    let dir = temp_dir("folder_link_loop");
    plan(&dir, vec![]);
    department(&dir.join("03_市民課/工程表.xlsx"), "電子申請の拡大");
    std::os::unix::fs::symlink("..", dir.join("03_市民課/上")).expect("symlink");
    let (status, json) = check_json(&dir);
    assert_eq!(status, 0, "{json:#}");
    assert_eq!(json["summary"]["steps"], 1);
    assert_eq!(
        with_code(&json, "file-skipped"),
        [at("file-skipped", "03_市民課/上", "")]
    );
    let (_, en) = check_json_with(&dir, &["--lang", "en"]);
    assert!(messages(&en, "file-skipped")[0].contains("link to a folder already read"));
}
