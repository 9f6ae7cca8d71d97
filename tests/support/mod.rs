//! Fixture workbooks for the integration tests, built with rust_xlsxwriter, and a runner for
//! the binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

/// A cell of a fixture sheet.
#[derive(Clone, Debug)]
pub enum C {
    S(&'static str),
    T(String),
    N(f64),
    D(u16, u8, u8),
    /// A date cell shown with a Japanese era format (calamine may not see it as a date).
    Era(u16, u8, u8),
    F(&'static str),
    /// A formula with the value Excel cached for it (calamine reads the cached value).
    FR(&'static str, &'static str),
    /// A number shown with a percent format (`0.0%`), as Excel stores 41.5% typed in a cell.
    Pct(f64),
    E,
}

pub use C::*;

pub struct SheetSpec {
    pub name: String,
    pub rows: Vec<Vec<C>>,
    /// (first_row, first_col, last_row, last_col, text)
    pub merges: Vec<(u32, u16, u32, u16, &'static str)>,
    /// The sheet is hidden (Format → Sheet → Hide), as a clerk hides last year's copy.
    pub hidden: bool,
    /// Rows hidden (0-based), as a clerk hides stale rows instead of deleting them.
    pub hidden_rows: Vec<u32>,
}

pub fn sheet(name: &str, rows: Vec<Vec<C>>) -> SheetSpec {
    SheetSpec {
        name: name.to_string(),
        rows,
        merges: Vec::new(),
        hidden: false,
        hidden_rows: Vec::new(),
    }
}

pub fn write_xlsx(path: &Path, sheets: &[SheetSpec]) {
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let era = Format::new().set_num_format("[$-ja-JP-x-gannen]ggge\"年\"m\"月\"d\"日\"");
    let percent = Format::new().set_num_format("0.0%");
    for spec in sheets {
        let ws = book.add_worksheet();
        ws.set_name(&spec.name).expect("sheet name");
        for (r, row) in spec.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    S(s) => {
                        ws.write_string(r, c, *s).expect("write");
                    }
                    T(s) => {
                        ws.write_string(r, c, s).expect("write");
                    }
                    N(n) => {
                        ws.write_number(r, c, *n).expect("write");
                    }
                    D(y, m, d) => {
                        let dt = ExcelDateTime::from_ymd(*y, *m, *d).expect("date");
                        ws.write_datetime_with_format(r, c, &dt, &date)
                            .expect("write");
                    }
                    Era(y, m, d) => {
                        let dt = ExcelDateTime::from_ymd(*y, *m, *d).expect("date");
                        ws.write_datetime_with_format(r, c, &dt, &era)
                            .expect("write");
                    }
                    F(f) => {
                        ws.write_formula(r, c, *f).expect("write");
                    }
                    FR(f, cached) => {
                        let f = rust_xlsxwriter::Formula::new(*f).set_result(*cached);
                        ws.write_formula(r, c, f).expect("write");
                    }
                    Pct(n) => {
                        ws.write_number_with_format(r, c, *n, &percent)
                            .expect("write");
                    }
                    E => {}
                }
            }
        }
        for (r0, c0, r1, c1, text) in &spec.merges {
            ws.merge_range(*r0, *c0, *r1, *c1, text, &Format::new())
                .expect("merge");
        }
        for r in &spec.hidden_rows {
            ws.set_row_hidden(*r).expect("hide row");
        }
        if spec.hidden {
            ws.set_hidden(true);
        }
    }
    book.save(path).expect("save");
}

/// The plan workbook: two pillars, (1) with ①② and (2) with ①, one listed initiative each,
/// period R7–R11, and optionally KPI rows.
pub fn plan(dir: &Path, kpi_rows: Vec<Vec<C>>) {
    plan_with(dir, plan_info(), kpi_rows, Vec::new());
}

/// The 計画 sheet of [`plan`]: header, then 項目/内容 rows (period R7–R11).
pub fn plan_info() -> Vec<Vec<C>> {
    vec![
        vec![S("項目"), S("内容")],
        vec![S("市町村名"), S("試験市")],
        vec![S("計画名"), S("試験市DX推進計画")],
        vec![S("文書名"), S("工程表（ロードマップ）")],
        vec![S("発行者"), S("試験市総務部行政経営課")],
        vec![S("計画開始年度"), S("R7")],
        vec![S("計画終了年度"), S("R11")],
        vec![S("目指す姿"), S("人にやさしいデジタル都市")],
    ]
}

/// [`plan`] with its 計画 sheet's rows given, and more sheets after its own (e.g. the list
/// of departments).
pub fn plan_with(dir: &Path, info: Vec<Vec<C>>, kpi_rows: Vec<Vec<C>>, extra: Vec<SheetSpec>) {
    let mut sheets = vec![
        sheet("計画", info),
        sheet(
            "体系",
            vec![
                system_header(),
                vec![
                    N(1.0),
                    S("“便利・快適”"),
                    S("～DXによる 市民サービスの向上～"),
                    N(1.0),
                    S("行政手続きのオンライン化の推進"),
                    S("オンライン手続きの拡大"),
                ],
                vec![
                    E,
                    E,
                    E,
                    N(2.0),
                    S("マイナンバーカードの普及・活用促進"),
                    S("カードを取得しやすい環境の整備"),
                ],
                vec![
                    N(2.0),
                    S("“効率的・効果的”"),
                    S("～DXによる 市役所業務の刷新～"),
                    N(1.0),
                    S("AI等デジタル技術の活用による業務の効率化"),
                    S("AIの活用"),
                ],
            ],
        ),
        sheet(
            "改定履歴",
            vec![
                vec![S("改定年月"), S("内容")],
                vec![S("R7(2025).3"), S("ロードマップ策定")],
            ],
        ),
    ];
    if !kpi_rows.is_empty() {
        let mut rows = vec![kpi_header()];
        rows.extend(kpi_rows);
        sheets.push(sheet("KPI", rows));
    }
    sheets.extend(extra);
    write_xlsx(&dir.join("00_計画.xlsx"), &sheets);
}

/// `00_計画.xlsx` in `dir` from the rows of its 計画, 体系, KPI and 改定履歴 sheets.
fn plan_workbook(dir: &Path, [info, frame, kpi, revisions]: [Vec<Vec<C>>; 4]) {
    write_xlsx(
        &dir.join("00_計画.xlsx"),
        &[
            sheet("計画", info),
            sheet("体系", frame),
            sheet("KPI", kpi),
            sheet("改定履歴", revisions),
        ],
    );
}

/// The 体系 sheet's header row: 柱番号 柱 柱の副題 施策番号 施策 具体的な取り組み.
pub fn system_header() -> Vec<C> {
    vec![
        S("柱番号"),
        S("柱"),
        S("柱の副題"),
        S("施策番号"),
        S("施策"),
        S("具体的な取り組み"),
    ]
}

/// The KPI sheet's header row: 区分 指標 指標の考え方 単位 種別, then the baseline year
/// 令和5(2023)年度末 and 令和7(2025)年度末 … 令和11(2029)年度末.
pub fn kpi_header() -> Vec<C> {
    vec![
        S("区分"),
        S("指標"),
        S("指標の考え方"),
        S("単位"),
        S("種別"),
        S("令和5(2023)年度末"),
        S("令和7(2025)年度末"),
        S("令和8(2026)年度末"),
        S("令和9(2027)年度末"),
        S("令和10(2028)年度末"),
        S("令和11(2029)年度末"),
    ]
}

/// The texts of a row of text cells (`S`), e.g. a header.
pub fn texts(row: &[C]) -> Vec<&'static str> {
    row.iter()
        .map(|c| match c {
            S(s) => *s,
            other => panic!("not a text cell: {other:?}"),
        })
        .collect()
}

/// A minimal department submission (`03_市民課.xlsx`, one step under (1)①), for tests
/// about the plan workbook: a folder with no submission at all is an error.
pub fn one_department(dir: &Path) {
    let row = grid_row(
        [
            S("(1)"),
            S("①"),
            S("オンライン手続きの拡大"),
            S("電子申請の拡大"),
        ],
        vec![E, S("導入")],
    );
    write_xlsx(
        &dir.join("03_市民課.xlsx"),
        &[sheet("工程表", vec![grid_header(), row])],
    );
}

/// The grid header row: 柱 施策 具体的な取り組み 取り組み項目 ～R6 R7 … R11 備考.
pub fn grid_header() -> Vec<C> {
    vec![
        S("柱"),
        S("施策"),
        S("具体的な取り組み"),
        S("取り組み項目"),
        S("～令和6(2024)年度"),
        S("令和7(2025)年度"),
        S("令和8(2026)年度"),
        S("令和9(2027)年度"),
        S("令和10(2028)年度"),
        S("令和11(2029)年度"),
        S("備考"),
    ]
}

pub fn list_header() -> Vec<C> {
    vec![
        S("柱"),
        S("施策"),
        S("具体的な取り組み"),
        S("取り組み項目"),
        S("行"),
        S("工程"),
        S("開始年度"),
        S("終了年度"),
        S("備考"),
    ]
}

/// A fresh temporary folder under target/ (no extra crates needed).
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn koteihyo(args: &[&str], cwd: &Path) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_koteihyo"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run koteihyo");
    Run {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `koteihyo COMMAND --input INPUT --output OUT --as-of 2026-11-25` and then `extra`, run in
/// `dir` (the date every test builds as of).
pub fn run_as_of(dir: &Path, command: &str, (input, out): (&str, &str), extra: &[&str]) -> Run {
    let mut args = vec![
        command,
        "--input",
        input,
        "--output",
        out,
        "--as-of",
        "2026-11-25",
    ];
    args.extend(extra);
    koteihyo(&args, dir)
}

/// `build` into `out/` and `template` into `tpl/` of `dir/input`, as the policy office runs
/// them (`--as-of 2026-11-25`); each must succeed. Returns the two runs.
pub fn build_and_template(dir: &Path) -> [Run; 2] {
    ["build", "template"].map(|command| {
        let out = if command == "build" { "out" } else { "tpl" };
        let run = run_as_of(dir, command, ("input", out), &[]);
        assert_eq!(run.status, 0, "{command}: {}", run.stderr);
        run
    })
}

/// `check --format json` on a folder; returns (exit status, parsed JSON).
pub fn check_json(dir: &Path) -> (i32, serde_json::Value) {
    let run = koteihyo(
        &["check", ".", "--format", "json", "--as-of", "2026-11-25"],
        dir,
    );
    let json = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("invalid JSON ({e}): {}\n{}", run.stdout, run.stderr));
    (run.status, json)
}

/// The (code, severity, cell) triples of a check report, for exact assertions.
pub fn findings(json: &serde_json::Value) -> Vec<(String, String, String)> {
    json["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .filter(|d| d["severity"] != "info")
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_string(),
                d["severity"].as_str().unwrap_or("").to_string(),
                d["cell"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// Loads `dir` through the library (for model assertions).
pub fn load(dir: &Path) -> koteihyo::pipeline::Loaded {
    koteihyo::pipeline::load(
        &[dir.to_path_buf()],
        None,
        koteihyo::fiscal::Date::new(2026, 11, 25).expect("a date"),
    )
    .expect("load")
}

/// `check` with extra arguments on a folder (JSON, as of 2026-11-25 unless overridden).
pub fn check_json_with(dir: &Path, extra: &[&str]) -> (i32, serde_json::Value) {
    let mut args = vec!["check", ".", "--format", "json"];
    if !extra.contains(&"--as-of") {
        args.extend(["--as-of", "2026-11-25"]);
    }
    args.extend(extra);
    let run = koteihyo(&args, dir);
    let json = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("invalid JSON ({e}): {}\n{}", run.stdout, run.stderr));
    (run.status, json)
}

/// A (code, severity, cell) triple as [`findings`] returns them.
pub fn finding(code: &str, severity: &str, cell: &str) -> (String, String, String) {
    (code.to_string(), severity.to_string(), cell.to_string())
}

/// Every diagnostic, infos included, as (code, file, sheet, cell) ("" for an absent place).
pub fn all_findings(json: &serde_json::Value) -> Vec<(String, String, String, String)> {
    json["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .map(|d| {
            let s = |k: &str| d[k].as_str().unwrap_or("").to_string();
            (s("code"), s("file"), s("sheet"), s("cell"))
        })
        .collect()
}

/// The messages of the diagnostics with `code`, in report order.
pub fn messages(json: &serde_json::Value, code: &str) -> Vec<String> {
    json["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .filter(|d| d["code"] == code)
        .map(|d| d["message"].as_str().unwrap_or("").to_string())
        .collect()
}

/// A grid-layout row: the four hierarchy cells, then the six year cells (～R6, R7 … R11),
/// then anything after (備考).
pub fn grid_row(hierarchy: [C; 4], years: Vec<C>) -> Vec<C> {
    let mut row: Vec<C> = hierarchy.into();
    row.extend(years);
    row
}

/// A list-layout row in [`list_header`] order: 柱 施策 具体的な取り組み 取り組み項目 行 工程
/// 開始年度 終了年度 (備考 optional, after).
pub fn list_row(hierarchy: [C; 4], line: C, step: C, start: C, end: C) -> Vec<C> {
    let mut row: Vec<C> = hierarchy.into();
    row.extend([line, step, start, end]);
    row
}

/// Every step as (text, start column, end column), in document order.
pub fn spans(loaded: &koteihyo::pipeline::Loaded) -> Vec<(String, u32, u32)> {
    loaded
        .roadmap
        .steps()
        .map(|(_, s)| (s.text.clone(), s.start.column, s.end.column))
        .collect()
}

/// Every step as (text, start fiscal year, end fiscal year), in document order.
pub fn fiscal_years(loaded: &koteihyo::pipeline::Loaded) -> Vec<(String, i32, i32)> {
    loaded
        .roadmap
        .steps()
        .map(|(_, s)| (s.text.clone(), s.start.fiscal_year, s.end.fiscal_year))
        .collect()
}

/// Owned (text, start, end) tuples from borrowed ones, for `assert_eq!` against [`spans`].
pub fn owned<T: Copy>(v: &[(&str, T, T)]) -> Vec<(String, T, T)> {
    v.iter().map(|(s, a, b)| (s.to_string(), *a, *b)).collect()
}

/// Compares `actual` with the golden file `tests/golden/NAME`, showing the first lines that
/// differ. `UPDATE_GOLDEN=1 cargo test` rewrites the file instead (update it on purpose, and
/// read the diff before committing it).
pub fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().expect("golden folder")).expect("mkdir golden");
        std::fs::write(&path, actual).expect("write golden file");
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "{} is missing: run with UPDATE_GOLDEN=1 to create it",
            path.display()
        )
    });
    if want != actual {
        let first: Vec<String> = want
            .lines()
            .zip(actual.lines())
            .enumerate()
            .filter(|(_, (a, b))| a != b)
            .take(10)
            .map(|(i, (a, b))| format!("line {}:\n  golden: {a}\n  now:    {b}", i + 1))
            .collect();
        panic!(
            "output differs from {} ({} lines golden, {} now); if intended, rerun with UPDATE_GOLDEN=1\n{}",
            path.display(),
            want.lines().count(),
            actual.lines().count(),
            first.join("\n")
        );
    }
}

/// A second, different plan (issue #27): a prefecture's DX plan FY2022–2026 in 西暦, no lead
/// column, three levels (分野 / 施策 / 取組, no 取り組み項目), numbers as written (`1-2`,
/// `1-2-1`), 部局 for 担当課, its own headings, KPIs per policy headed 現状値(2022年) /
/// 目標値(2026年); and one department's grid in those words.
pub fn second_plan(dir: &Path) {
    second_plan_with(dir, second_plan_info());
}

/// The 計画 sheet of [`second_plan`]: every key of the plan workbook section set.
pub fn second_plan_info() -> Vec<Vec<C>> {
    let rows: &[(&'static str, &'static str)] = &[
        ("市町村名", "試験県"),
        ("計画名", "試験県DX推進計画"),
        ("文書名", "工程表"),
        ("発行者", "試験県デジタル推進課"),
        ("計画開始年度", "2022"),
        ("計画終了年度", "2026"),
        ("計画開始年月", "令和4年12月"),
        ("年の表記", "西暦"),
        ("計画前の列", "なし"),
        ("番号の表記", "そのまま"),
        ("取り組み項目", "なし"),
        ("柱の呼び名", "分野"),
        ("具体的な取り組みの呼び名", "取組"),
        ("担当の呼び名", "部局"),
        ("見出し_体系", "施策体系"),
        ("見出し_工程表", "取組の工程"),
        ("見出し_KPI全般", "計画全体のKPI"),
        ("見出し_KPI柱", "施策ごとのKPI"),
    ];
    let mut info = vec![vec![S("項目"), S("内容")]];
    info.extend(rows.iter().map(|(k, v)| vec![S(k), S(v)]));
    info
}

/// [`second_plan`] with its 計画 sheet's rows given.
pub fn second_plan_with(dir: &Path, info: Vec<Vec<C>>) {
    let frame = vec![
        vec![
            S("分野番号"),
            S("分野"),
            S("施策番号"),
            S("施策"),
            S("取組"),
        ],
        vec![
            S("1"),
            S("行政のDX"),
            S("1-1"),
            S("行政手続のオンライン化"),
            S("1-1-1 電子申請の拡充"),
        ],
        vec![E, E, E, E, S("1-1-2 キャッシュレス決済の導入")],
        vec![E, E, S("1-2"), S("業務の効率化"), S("1-2-1 AI・RPAの活用")],
        vec![
            S("2"),
            S("地域社会のDX"),
            S("2-1"),
            S("デジタル人材の育成"),
            S("2-1-1 DX研修の実施"),
        ],
    ];
    let kpi = vec![
        vec![
            S("区分"),
            S("指標"),
            S("単位"),
            S("種別"),
            S("現状値(2022年)"),
            S("目標値(2026年)"),
        ],
        vec![
            S("1-1"),
            S("電子申請できる手続の割合"),
            S("%"),
            S("実績"),
            N(45.0),
            E,
        ],
        vec![E, S("電子申請できる手続の割合"), E, S("計画"), E, N(90.0)],
        vec![
            S("1-2"),
            S("RPAで削減した時間"),
            S("時間"),
            S("実績"),
            N(100.0),
            E,
        ],
        vec![E, S("RPAで削減した時間"), E, S("計画"), E, N(3000.0)],
        vec![S("全般"), S("県民満足度"), S("%"), S("実績"), N(60.0), E],
        vec![E, S("県民満足度"), E, S("計画"), E, N(80.0)],
    ];
    let revisions = vec![
        vec![S("改定年月"), S("内容")],
        vec![S("2022年12月"), S("計画策定")],
    ];
    plan_workbook(dir, [info, frame, kpi, revisions]);
    let grid = vec![
        second_plan_grid_header(&["備考", "部局"]),
        vec![
            S("1"),
            S("1-1"),
            S("1-1-1 電子申請の拡充"),
            S("対象手続の拡大"),
            S("→"),
            S("→"),
            S("→"),
            S("→"),
            E,
            S("デジタル推進課"),
        ],
        vec![
            S("1"),
            S("1-1 行政手続のオンライン化"),
            S("1-1-1 電子申請の拡充"),
            E,
            E,
            S("電子申請システムの更新"),
            S("－"),
            E,
            E,
            S("デジタル推進課"),
        ],
        vec![
            S("行政のDX"),
            S("1-2"),
            S("1-2-1 AI・RPAの活用"),
            S("実証"),
            S("本格導入"),
            E,
            E,
            E,
            E,
            S("デジタル推進課"),
        ],
        vec![
            S("2"),
            S("デジタル人材の育成"),
            S("2-1-1 DX研修の実施"),
            E,
            S("研修の実施"),
            E,
            E,
            E,
            S("毎年度"),
            S("デジタル推進課"),
        ],
    ];
    write_xlsx(
        &dir.join("01_デジタル推進課.xlsx"),
        &[sheet("工程表", grid)],
    );
}

/// The header of a department's grid in [`second_plan`]'s words (分野・施策・取組, its five
/// years in 西暦), then the `extra` columns.
pub fn second_plan_grid_header(extra: &[&'static str]) -> Vec<C> {
    let mut header: Vec<C> = ["分野", "施策", "取組"].into_iter().map(S).collect();
    header.extend((2022..=2026).map(|y| T(format!("{y}年度"))));
    header.extend(extra.iter().map(|t| S(t)));
    header
}

/// A third plan (issue #27's acceptance run), shaped like a town's DX plan: period
/// 令和6年度～令和10年度 written in 和暦 only, four levels named 基本目標・施策・取組・事業,
/// numbers as written (Ⅰ, Ⅰ-1), no lead column, KPIs per 施策 headed 現状値(令和5年度) /
/// 目標値(令和10年度); two departments write as clerks do, one in the list layout with years
/// in mixed forms, one in the grid with arrows, a 施策 by its name and a re-listed 事業.
pub fn third_plan(dir: &Path) {
    let info: Vec<Vec<C>> = [
        ("市町村名", "試験町"),
        ("計画名", "試験町DX推進計画"),
        ("文書名", "実行計画（工程表）"),
        ("発行者", "試験町総務課"),
        ("計画開始年度", "令和6年度"),
        ("計画終了年度", "令和10年度"),
        ("年の表記", "和暦"),
        ("計画前の列", "なし"),
        ("番号の表記", "そのまま"),
        ("柱の呼び名", "基本目標"),
        ("具体的な取り組みの呼び名", "取組"),
        ("取り組み項目の呼び名", "事業"),
        ("見出し_体系", "施策の体系"),
        ("見出し_工程表", "事業の工程"),
        ("見出し_KPI柱", "施策ごとの成果指標"),
    ]
    .iter()
    .map(|(k, v)| vec![S(k), S(v)])
    .fold(vec![vec![S("項目"), S("内容")]], |mut rows, r| {
        rows.push(r);
        rows
    });
    let frame = vec![
        vec![
            S("基本目標番号"),
            S("基本目標"),
            S("施策番号"),
            S("施策"),
            S("取組"),
        ],
        vec![
            S("Ⅰ"),
            S("便利な暮らしの実現"),
            S("Ⅰ-1"),
            S("行かない窓口の推進"),
            S("オンライン申請の拡充"),
        ],
        vec![E, E, S("Ⅰ-2"), S("情報発信の充実"), S("町公式LINEの活用")],
        vec![
            S("Ⅱ"),
            S("役場の働き方改革"),
            S("Ⅱ-1"),
            S("業務の効率化"),
            S("文書事務の電子化"),
        ],
    ];
    let kpi = vec![
        vec![
            S("区分"),
            S("指標"),
            S("単位"),
            S("種別"),
            S("現状値(令和5年度)"),
            S("目標値(令和10年度)"),
        ],
        vec![
            S("Ⅰ-1"),
            S("オンライン申請できる手続数"),
            S("件"),
            S("実績"),
            N(12.0),
            E,
        ],
        vec![E, S("オンライン申請できる手続数"), E, S("計画"), E, N(60.0)],
        vec![S("Ⅱ-1"), S("電子決裁率"), S("%"), S("実績"), N(20.0), E],
        vec![E, S("電子決裁率"), E, S("計画"), E, N(90.0)],
    ];
    let revisions = vec![
        vec![S("改定年月"), S("内容")],
        vec![S("令和6年3月"), S("計画策定")],
    ];
    plan_workbook(dir, [info, frame, kpi, revisions]);
    // 総務課 keeps a list: one row per step, years as a clerk types them.
    let list = vec![
        vec![
            S("基本目標"),
            S("施策"),
            S("取組"),
            S("事業"),
            S("工程"),
            S("開始年度"),
            S("終了年度"),
            S("備考"),
        ],
        vec![
            S("Ⅱ"),
            S("Ⅱ-1"),
            S("文書事務の電子化"),
            S("電子決裁の導入"),
            S("システム選定"),
            S("R6"),
            S("R6"),
            E,
        ],
        vec![
            S("Ⅱ"),
            S("Ⅱ-1"),
            S("文書事務の電子化"),
            S("電子決裁の導入"),
            S("全庁運用"),
            S("令和7年度"),
            S("令和10年度"),
            E,
        ],
        vec![
            S("Ⅰ"),
            S("Ⅰ-1"),
            S("オンライン申請の拡充"),
            S("電子申請システムの導入"),
            S("導入・運用"),
            S("2025"),
            S("2028"),
            S("国の補助金を活用"),
        ],
    ];
    write_xlsx(&dir.join("01_総務課.xlsx"), &[sheet("工程表", list)]);
    // 住民課 fills the grid: arrows carry a step on, the 施策 is once written by its name.
    let grid = vec![
        vec![
            S("基本目標"),
            S("施策"),
            S("取組"),
            S("事業"),
            S("令和6年度"),
            S("令和7年度"),
            S("令和8年度"),
            S("令和9年度"),
            S("令和10年度"),
            S("備考"),
        ],
        vec![
            S("Ⅰ"),
            S("Ⅰ-1"),
            S("オンライン申請の拡充"),
            S("転入手続のオンライン化"),
            S("検討"),
            S("導入"),
            S("→"),
            S("→"),
            S("→"),
            E,
        ],
        vec![
            S("Ⅰ"),
            S("情報発信の充実"),
            S("町公式LINEの活用"),
            S("LINEによる申請受付"),
            E,
            S("試行"),
            S("本格運用"),
            S("→"),
            S("→"),
            E,
        ],
        vec![
            S("Ⅰ"),
            S("Ⅰ-2"),
            S("町公式LINEの活用"),
            S("電子申請システムの導入（再掲）"),
            E,
            S("導入・運用（再掲）"),
            S("→"),
            S("→"),
            E,
            E,
        ],
    ];
    write_xlsx(&dir.join("02_住民課.xlsx"), &[sheet("工程表", grid)]);
}
