//! The KPI workbook read back with calamine: figures, cached formula results, step and
//! diagnostic rows, totals, a golden dump of every cell, and byte-identical re-renders.
//!
//! `UPDATE_GOLDEN=1 cargo test --test render` rewrites `tests/golden/xlsx_cells.txt`.
//! `XLSX_FIXTURE_OUT=/tmp/fixture.xlsx` also writes the fixture workbook there, to look at.

use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use koteihyo::model::*;
use koteihyo::render::xlsx::{render, XlsxOptions};

use crate::xlsx_fixture;
use xlsx_fixture::{diagnostics, roadmap};

// ---------------------------------------------------------------------------------------
// Reading back

fn render_fixture() -> Vec<u8> {
    let bytes = render(&roadmap(), &diagnostics(), &XlsxOptions::default()).expect("render");
    if let Ok(path) = std::env::var("XLSX_FIXTURE_OUT") {
        std::fs::write(path, &bytes).expect("write fixture");
    }
    bytes
}

struct Book(Xlsx<Cursor<Vec<u8>>>);

impl Book {
    fn open(bytes: Vec<u8>) -> Book {
        Book(open_workbook_from_rs(Cursor::new(bytes)).expect("open with calamine"))
    }
    /// Rows of a sheet, absolute positions (row 0 = sheet row 1).
    fn sheet(&mut self, name: &str) -> Vec<Vec<Data>> {
        let range = self.0.worksheet_range(name).expect(name);
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let (h, w) = range.get_size();
        let mut rows = vec![vec![Data::Empty; c0 as usize + w]; r0 as usize + h];
        for (r, c, v) in range.used_cells() {
            rows[r0 as usize + r][c0 as usize + c] = v.clone();
        }
        rows
    }
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => format!("{i}"),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

fn num(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

/// The row holding `needle` in column 0.
fn find_row(rows: &[Vec<Data>], col: usize, needle: &str) -> usize {
    rows.iter()
        .position(|r| r.get(col).map(text).as_deref() == Some(needle))
        .unwrap_or_else(|| panic!("no row with {needle}"))
}

// ---------------------------------------------------------------------------------------

#[test]
fn sheets_in_order() {
    let book = Book::open(render_fixture());
    assert_eq!(
        book.0.sheet_names(),
        vec!["KPI一覧", "グラフ", "工程一覧", "入力チェック", "集計"]
    );
    let names: Vec<String> = book
        .0
        .defined_names()
        .iter()
        .map(|(n, _)| n.clone())
        .collect();
    for n in ["KPI_Table", "Steps_Table", "Checks_Table"] {
        assert!(names.iter().any(|x| x == n), "{n} missing from {names:?}");
    }
}

#[test]
fn kpi_figures_rates_and_statuses() {
    let mut book = Book::open(render_fixture());
    let rows = book.sheet("KPI一覧");
    // Columns: 指標 考え方 単位 基準年度 区分 基準値 R7..R11 評価年度 進捗率 状況
    let (c_base, c_r7, c_eval, c_rate, c_status) = (5, 6, 11, 12, 13);
    let header = &rows[2];
    assert_eq!(text(&header[c_r7]), "令和7(2025)\n年度末");
    assert_eq!(text(&header[c_rate]), "進捗率");

    // Groups in KpiCategory order, whatever the input order.
    let group_rows: Vec<usize> = [
        "◆DX推進計画全般のKPI",
        "◆(1) “便利・快適” ～DXによる 市民サービスの向上～",
        "◆(2) “効率的・効果的” ～DXによる 市役所業務の刷新～",
        "◆(3) “活気” ～DXによる 産業や地域社会のイノベーションの創出～",
    ]
    .iter()
    .map(|g| find_row(&rows, 0, g))
    .collect();
    assert!(group_rows.windows(2).all(|w| w[0] < w[1]), "{group_rows:?}");

    struct Expect {
        indicator: &'static str,
        base_year: &'static str,
        base: f64,
        targets: Option<[f64; 5]>,
        actuals: [Option<f64>; 5],
        rate: Option<f64>,
        rate_text: &'static str,
        status: &'static str,
    }
    let expects = [
        Expect {
            indicator: "「地域におけるデジタル活用が進んでいる」と感じている市民の割合",
            base_year: "令和6(2024)\n年度末",
            // A percentage is stored as a fraction (39.2% → 0.392); its change is in points.
            base: 0.392,
            targets: None,
            actuals: [Some(0.41), None, None, None, None],
            rate: Some(41.0 - 39.2),
            rate_text: "",
            status: "順調",
        },
        Expect {
            indicator: "オンラインで可能な行政手続きの種類",
            base_year: "令和5(2023)\n年度末",
            base: 908.0,
            targets: Some([1300.0, 1600.0, 1900.0, 2200.0, 2500.0]),
            actuals: [Some(1104.0), None, None, None, None],
            rate: Some(0.5),
            rate_text: "",
            status: "要注意",
        },
        Expect {
            indicator: "マイナンバーカードを活用したサービスの種類",
            base_year: "令和5(2023)\n年度末",
            base: 5.0,
            targets: Some([6.0, 7.0, 8.0, 9.0, 10.0]),
            actuals: [Some(6.0), None, None, None, None],
            rate: Some(1.0),
            rate_text: "",
            status: "順調",
        },
        Expect {
            indicator: "A I等先端技術の活用による業務時間削減数",
            base_year: "令和5(2023)\n年度末",
            base: 850.0,
            targets: Some([1800.0, 2600.0, 3400.0, 4200.0, 5000.0]),
            actuals: [Some(1000.0), None, None, None, None],
            rate: Some(150.0 / 950.0),
            rate_text: "",
            status: "未達",
        },
        Expect {
            indicator: "プリンターやコピー機で印刷した紙の枚数",
            base_year: "令和5(2023)\n年度末",
            base: 15000.0,
            targets: Some([14000.0, 13000.0, 12000.0, 11000.0, 10000.0]),
            actuals: [Some(14200.0), Some(12800.0), None, None, None],
            // Decreasing target: R8 is rated, (12,800 − 15,000) / (13,000 − 15,000).
            rate: Some(1.1),
            rate_text: "",
            status: "順調",
        },
        Expect {
            indicator: "市民のデジタルリテラシー向上や産業・地域社会のDXを支える人材の育成につながる学習会などの数",
            base_year: "令和5(2023)\n年度末",
            base: 19.0,
            targets: Some([24.0, 28.0, 32.0, 36.0, 40.0]),
            actuals: [None; 5],
            rate: None,
            rate_text: "実績なし",
            status: "実績なし",
        },
        Expect {
            indicator: "デジタル技術やデータを活用した地域課題の解決や産業活性化につながるプロジェクトの数",
            base_year: "令和5(2023)\n年度末",
            base: 1.0,
            targets: Some([3.0, 5.0, 7.0, 9.0, 10.0]),
            actuals: [None; 5],
            rate: None,
            rate_text: "実績なし",
            status: "実績なし",
        },
    ];
    let mut last_row = 0;
    for e in &expects {
        let t = find_row(&rows, 0, e.indicator);
        assert!(t > last_row, "{} out of order", e.indicator);
        last_row = t;
        let a = t + 1;
        assert_eq!(text(&rows[t][3]), e.base_year, "{}", e.indicator);
        assert_eq!(text(&rows[t][4]), "計画");
        assert_eq!(text(&rows[a][4]), "実績");
        assert_eq!(text(&rows[t][c_base]), "—");
        assert_eq!(num(&rows[a][c_base]), e.base, "{}", e.indicator);
        for k in 0..5 {
            match e.targets {
                Some(ts) => {
                    assert_eq!(num(&rows[t][c_r7 + k]), ts[k], "{} target {k}", e.indicator)
                }
                None => assert_eq!(text(&rows[t][c_r7 + k]), "↑"),
            }
            match e.actuals[k] {
                Some(v) => assert_eq!(num(&rows[a][c_r7 + k]), v),
                None => assert_eq!(rows[a][c_r7 + k], Data::Empty, "{} actual {k}", e.indicator),
            }
        }
        match e.rate {
            Some(r) => assert!(
                (num(&rows[t][c_rate]) - r).abs() < 1e-9,
                "{}: {:?}",
                e.indicator,
                rows[t][c_rate]
            ),
            None => assert_eq!(text(&rows[t][c_rate]), e.rate_text),
        }
        assert_eq!(text(&rows[t][c_status]), e.status, "{}", e.indicator);
    }
    // The paper KPI is rated at R8, the others with an actual at R7.
    let paper = find_row(&rows, 0, "プリンターやコピー機で印刷した紙の枚数");
    assert_eq!(text(&rows[paper][c_eval]), "令和8(2026)\n年度末");
    let online = find_row(&rows, 0, "オンラインで可能な行政手続きの種類");
    assert_eq!(text(&rows[online][c_eval]), "令和7(2025)\n年度末");

    // The formulas themselves, as Excel will recalculate them.
    let formulas = book.0.worksheet_formula("KPI一覧").expect("formulas");
    let f = |r: usize, c: usize| {
        formulas
            .get_value((r as u32, c as u32))
            .cloned()
            .unwrap_or_default()
    };
    let rate = f(paper, c_rate);
    assert!(rate.contains("LOOKUP(2,1/(ISNUMBER("), "{rate}");
    assert!(rate.contains(&format!("-F{}", paper + 2)), "{rate}");
    assert!(
        f(paper, c_status).contains(">=0.5"),
        "{}",
        f(paper, c_status)
    );
}

#[test]
fn steps_sheet_lists_every_step() {
    let roadmap = roadmap();
    let mut book = Book::open(render_fixture());
    let rows = book.sheet("工程一覧");
    let header: Vec<String> = rows[0].iter().map(text).collect();
    assert_eq!(
        header,
        [
            "柱",
            "施策",
            "具体的な取り組み",
            "取り組み項目",
            "工程",
            "注記",
            "開始年度",
            "終了年度",
            "～R6",
            "R7",
            "R8",
            "R9",
            "R10",
            "R11",
            "担当課",
            "再掲",
            "再掲元",
            "出典ファイル",
            "出典シート",
            "出典セル"
        ]
    );
    let data: Vec<&Vec<Data>> = rows[1..]
        .iter()
        .filter(|r| !text(&r[4]).is_empty())
        .collect();
    assert_eq!(data.len(), roadmap.steps().count());
    for ((_, s), r) in roadmap.steps().zip(&data) {
        assert_eq!(text(&r[4]), s.text);
        assert_eq!(text(&r[19]), s.source.cell);
    }
    let smart = find_row(&rows, 4, "スマートロックの導入(大ハグラウンドサッカー場)");
    let gantt: Vec<String> = rows[smart][8..14].iter().map(text).collect();
    assert_eq!(gantt, ["■", "", "", "", "", ""]);
    assert_eq!(text(&rows[smart][6]), "～R6");
    assert_eq!(text(&rows[smart][7]), "～R6");
    let later = find_row(&rows, 4, "スマートロックの拡大検討");
    let gantt: Vec<String> = rows[later][8..14].iter().map(text).collect();
    assert_eq!(gantt, ["", "", "■", "■", "■", "■"]);
    assert_eq!(text(&rows[later][6]), "R8");
    assert_eq!(text(&rows[later][7]), "R11");
    let national = find_row(&rows, 4, "支払い項目の拡大(国の動向による)");
    assert_eq!(text(&rows[national][5]), "国の動向による");
    let online = find_row(&rows, 4, "オンライン手続きの順次拡大");
    assert_eq!(text(&rows[online][5]), "ローコードツール等を活用");
    assert_eq!(text(&rows[online][0]), "(1) “便利・快適”");
    assert_eq!(text(&rows[online][1]), "①行政手続きのオンライン化の推進");
    let relisted = find_row(&rows, 4, "オンライン化条例の運用(再掲)");
    assert_eq!(text(&rows[relisted][15]), "○");
    assert_eq!(text(&rows[relisted][16]), "(1)① オンライン化条例の運用");
    assert_eq!(text(&rows[relisted][17]), "総務課.xlsx");
    assert_eq!(text(&rows[relisted][18]), "工程表");
}

#[test]
fn checks_sheet_lists_every_diagnostic() {
    let mut book = Book::open(render_fixture());
    let rows = book.sheet("入力チェック");
    assert_eq!(
        rows[0].iter().map(text).collect::<Vec<_>>(),
        [
            "重要度",
            "コード",
            "メッセージ",
            "ファイル",
            "シート",
            "セル",
            "対応のヒント"
        ]
    );
    assert_eq!(rows.len(), 1 + diagnostics().len());
    assert_eq!(text(&rows[1][0]), "エラー");
    assert_eq!(text(&rows[1][1]), "year-unparseable");
    assert_eq!(text(&rows[1][2]), "年度「令和八年」を読み取れません");
    assert_eq!(text(&rows[1][3]), "税務課.xlsx");
    assert_eq!(text(&rows[1][4]), "工程表");
    assert_eq!(text(&rows[1][5]), "G15");
    assert_eq!(text(&rows[2][0]), "警告");
    assert_eq!(text(&rows[3][0]), "情報");
    assert_eq!(text(&rows[3][4]), "");

    // No diagnostics: one row saying so.
    let bytes = render(&roadmap(), &[], &XlsxOptions::default()).expect("render");
    let rows = Book::open(bytes).sheet("入力チェック");
    assert_eq!(rows.len(), 2);
    assert_eq!(text(&rows[1][0]), "指摘事項はありません");
}

#[test]
fn summary_counts_and_totals() {
    let roadmap = roadmap();
    let steps = roadmap.steps().count() as f64;
    let mut book = Book::open(render_fixture());
    let rows = book.sheet("集計");
    let formulas = book.0.worksheet_formula("集計").expect("formulas");

    // Three sections, each ending in 合計; the step column (F) totals every step.
    let totals: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.first().map(text).as_deref() == Some("合計"))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(totals.len(), 3);
    for &t in &totals {
        assert_eq!(num(&rows[t][5]), steps, "row {t}");
        assert_eq!(num(&rows[t][6]), 1.0, "re-listed, row {t}");
        let by_year: f64 = (7..13).map(|c| num(&rows[t][c])).sum();
        assert_eq!(by_year, steps, "by start year, row {t}");
        let f = formulas
            .get_value((t as u32, 5))
            .cloned()
            .unwrap_or_default();
        assert!(f.starts_with("SUM(F"), "{f}");
    }
    // Per pillar.
    let p1 = find_row(&rows, 0, "(1) “便利・快適”");
    assert_eq!(num(&rows[p1][2]), 1.0); // policies
    assert_eq!(num(&rows[p1][3]), 3.0); // initiatives
    assert_eq!(num(&rows[p1][4]), 4.0); // items
    assert_eq!(num(&rows[p1][5]), 7.0); // steps
    assert_eq!(num(&rows[p1][7]), 3.0); // starting ～R6
    let f = formulas
        .get_value((p1 as u32, 5))
        .cloned()
        .unwrap_or_default();
    assert!(f.starts_with("COUNTIFS('工程一覧'!$A$2:$A$"), "{f}");
    // Per department.
    let dept = find_row(&rows, 0, "情報政策課");
    assert_eq!(num(&rows[dept][4]), 2.0);
    assert_eq!(num(&rows[dept][5]), 2.0);
    assert_eq!(num(&rows[dept][7]), 1.0); // ～R6
    assert_eq!(num(&rows[dept][8]), 1.0); // R7
}

#[test]
fn same_input_same_bytes() {
    let a = render_fixture();
    let b = render(&roadmap(), &diagnostics(), &XlsxOptions::default()).expect("render");
    assert_eq!(a, b);
}

#[test]
fn empty_roadmap_renders() {
    let bytes = render(&Roadmap::default(), &[], &XlsxOptions::default()).expect("render");
    let mut book = Book::open(bytes);
    let rows = book.sheet("KPI一覧");
    assert!(rows.iter().any(|r| text(&r[0]) == "KPIはありません"));
    let rows = book.sheet("集計");
    assert!(rows.iter().any(|r| text(&r[0]) == "合計"));
}

/// Every non-empty cell of every sheet as `Sheet!A1 = value`, formulas after `  ← =`.
fn dump(bytes: Vec<u8>) -> String {
    let mut book = Book::open(bytes);
    let mut out = String::new();
    for name in book.0.sheet_names() {
        let rows = book.sheet(&name);
        let formulas = book.0.worksheet_formula(&name).expect("formulas");
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let f = formulas
                    .get_value((r as u32, c as u32))
                    .cloned()
                    .unwrap_or_default();
                if *v == Data::Empty && f.is_empty() {
                    continue;
                }
                let value = text(v).replace('\n', "\\n");
                let at = koteihyo::model::a1(r as u32, c as u32);
                if f.is_empty() {
                    out.push_str(&format!("{name}!{at} = {value}\n"));
                } else {
                    out.push_str(&format!("{name}!{at} = {value}  ← ={f}\n"));
                }
            }
        }
    }
    out
}

#[test]
fn golden_cells() {
    let got = dump(render_fixture());
    crate::support::golden("xlsx_cells.txt", &got);
}

#[test]
fn kpi_without_baseline_is_not_rated() {
    let mut roadmap = roadmap();
    roadmap.kpis.truncate(1);
    roadmap.kpis[0].baseline = None;
    let bytes = render(&roadmap, &[], &XlsxOptions::default()).expect("render");
    let rows = Book::open(bytes).sheet("KPI一覧");
    let t = find_row(&rows, 0, "オンラインで可能な行政手続きの種類");
    assert_eq!(text(&rows[t][3]), "—");
    assert_eq!(rows[t + 1][5], Data::Empty);
    assert_eq!(text(&rows[t][12]), "—");
    assert_eq!(text(&rows[t][13]), "評価不可");
}

#[test]
fn english_diagnostics_option() {
    let options = XlsxOptions {
        lang: koteihyo::diagnostic::Lang::En,
        ..XlsxOptions::default()
    };
    let bytes = render(&roadmap(), &diagnostics(), &options).expect("render");
    let rows = Book::open(bytes).sheet("入力チェック");
    assert_eq!(text(&rows[1][0]), "error");
    assert_eq!(
        text(&rows[1][2]),
        "cannot read the fiscal year \"令和八年\""
    );
}

#[test]
fn a_later_actual_of_the_year_before_the_plan_gets_a_column_and_the_baseline_stays() {
    let mut roadmap = roadmap();
    let online = roadmap
        .kpis
        .iter_mut()
        .find(|k| k.indicator == "オンラインで可能な行政手続きの種類")
        .unwrap();
    let mut r6 = online.actuals[0].clone();
    r6.fiscal_year = 2024;
    r6.value = KpiValue::Number(1020.0);
    online.actuals.insert(0, r6);
    let bytes = render(&roadmap, &[], &XlsxOptions::default()).expect("render");
    let rows = Book::open(bytes).sheet("KPI一覧");
    // Columns: 指標 考え方 単位 基準年度 区分 基準値 R6 R7..R11 評価年度 進捗率 状況
    let (c_base, c_r6, c_r7, c_eval, c_rate, c_status) = (5, 6, 7, 12, 13, 14);
    assert_eq!(text(&rows[2][c_r6]), "令和6(2024)\n年度末");
    assert_eq!(text(&rows[2][c_r7]), "令和7(2025)\n年度末");
    assert_eq!(text(&rows[2][c_status]), "状況");
    let t = find_row(&rows, 0, "オンラインで可能な行政手続きの種類");
    // The published baseline stays the baseline; the later R6 figure is an actual.
    assert_eq!(num(&rows[t + 1][c_base]), 908.0);
    assert_eq!(num(&rows[t + 1][c_r6]), 1020.0);
    assert_eq!(num(&rows[t + 1][c_r7]), 1104.0);
    // Rated as before: (1104 − 908) / (1300 − 908), in R7.
    assert!((num(&rows[t][c_rate]) - 0.5).abs() < 1e-9);
    assert_eq!(text(&rows[t][c_eval]), "令和7(2025)\n年度末");
    assert_eq!(text(&rows[t][c_status]), "要注意");
    // An indicator whose baseline is the R6 figure shows it once, as its baseline.
    let general = find_row(
        &rows,
        0,
        "「地域におけるデジタル活用が進んでいる」と感じている市民の割合",
    );
    assert!((num(&rows[general + 1][c_base]) - 0.392).abs() < 1e-9);
    assert_eq!(rows[general + 1][c_r6], Data::Empty);
}
