//! Synthetic, valid submission sets: `scale` × the size of the published roadmap (about 20
//! department files and 400 steps each), both layouts, KPIs, with unique texts and some
//! 再掲 lines whose originals sit in other files.

use std::path::Path;

use rust_xlsxwriter::{Workbook, XlsxError};

const YEARS: [&str; 6] = [
    "～令和6(2024)年度",
    "令和7(2025)年度",
    "令和8(2026)年度",
    "令和9(2027)年度",
    "令和10(2028)年度",
    "令和11(2029)年度",
];
const POLICIES: [u32; 3] = [4, 5, 5];
const FILES_PER_ROADMAP: usize = 20;
const INITIATIVES_PER_FILE: usize = 2;
const ITEMS_PER_INITIATIVE: usize = 2;
const LINES_PER_ITEM: usize = 4;

/// Writes the plan workbook and `20 × scale` department files into `dir`; returns the
/// number of steps written.
pub fn write_set(dir: &Path, scale: usize) -> Result<usize, XlsxError> {
    std::fs::create_dir_all(dir).map_err(XlsxError::IoError)?;
    write_plan(dir, scale)?;
    let mut steps = 0;
    for f in 0..FILES_PER_ROADMAP * scale {
        steps += write_department(dir, f)?;
    }
    Ok(steps)
}

fn write_plan(dir: &Path, scale: usize) -> Result<(), XlsxError> {
    let mut book = Workbook::new();
    let info = book.add_worksheet().set_name("計画")?;
    let fields = [
        ("項目", "内容"),
        ("市町村名", "合成市"),
        ("計画名", "合成市DX推進計画"),
        ("文書名", "工程表（ロードマップ）"),
        ("発行者", "合成市総務部行政経営課"),
        ("計画開始年度", "R7"),
        ("計画終了年度", "R11"),
        ("目指す姿", "合成のための目指す姿"),
        ("凡例_具体的な取り組み", "具体的な取り組み"),
        ("凡例_取り組み項目", "取り組み項目"),
        ("凡例_主な工程", "主な工程"),
    ];
    for (r, (k, v)) in fields.iter().enumerate() {
        info.write(r as u32, 0, *k)?;
        info.write(r as u32, 1, *v)?;
    }
    let frame = book.add_worksheet().set_name("体系")?;
    for (c, h) in [
        "柱番号",
        "柱",
        "柱の副題",
        "施策番号",
        "施策",
        "具体的な取り組み",
    ]
    .iter()
    .enumerate()
    {
        frame.write(0, c as u16, *h)?;
    }
    let mut r = 1;
    for (p, n) in POLICIES.iter().enumerate() {
        for q in 1..=*n {
            frame.write_number(r, 0, (p + 1) as f64)?;
            frame.write(r, 1, format!("柱{}", p + 1))?;
            frame.write(r, 2, format!("～柱{}の副題～", p + 1))?;
            frame.write_number(r, 3, q as f64)?;
            frame.write(r, 4, format!("施策{}-{}", p + 1, q))?;
            r += 1;
        }
    }
    let kpi = book.add_worksheet().set_name("KPI")?;
    let header = [
        "区分",
        "指標",
        "指標の考え方",
        "単位",
        "種別",
        "令和5(2023)年度末",
        "令和7(2025)年度末",
        "令和8(2026)年度末",
        "令和9(2027)年度末",
        "令和10(2028)年度末",
        "令和11(2029)年度末",
    ];
    for (c, h) in header.iter().enumerate() {
        kpi.write(0, c as u16, *h)?;
    }
    let mut r = 1;
    for k in 0..7 * scale {
        let category = if k % 7 == 0 {
            "全般".to_string()
        } else {
            format!("({})", (k % 3) + 1)
        };
        kpi.write(r, 0, category.as_str())?;
        kpi.write(r, 1, format!("指標{k}"))?;
        kpi.write(r, 2, format!("指標{k}の考え方"))?;
        kpi.write(r, 3, "件")?;
        kpi.write(r, 4, "計画")?;
        kpi.write(r, 5, "—")?;
        for y in 0..5 {
            kpi.write(r, 6 + y, format!("{}件", 100 + 10 * (y as usize + 1) + k))?;
        }
        kpi.write(r + 1, 4, "実績")?;
        kpi.write(r + 1, 5, format!("{}件", 100 + k))?;
        r += 2;
    }
    book.save(dir.join("00_計画.xlsx"))
}

/// One department file; even files use the grid layout, odd files the list layout.
fn write_department(dir: &Path, f: usize) -> Result<usize, XlsxError> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet().set_name("工程表")?;
    let grid = f.is_multiple_of(2);
    let header: Vec<&str> = if grid {
        let mut h = vec!["柱", "施策", "具体的な取り組み", "取り組み項目"];
        h.extend(YEARS);
        h
    } else {
        vec![
            "柱",
            "施策",
            "具体的な取り組み",
            "取り組み項目",
            "行",
            "工程",
            "開始年度",
            "終了年度",
        ]
    };
    for (c, h) in header.iter().enumerate() {
        ws.write(0, c as u16, *h)?;
    }
    let pillar = f % 3;
    let policy = 1 + f % POLICIES[pillar] as usize;
    let mut r = 1u32;
    let mut steps = 0;
    for i in 0..INITIATIVES_PER_FILE {
        for j in 0..ITEMS_PER_INITIATIVE {
            for l in 0..LINES_PER_ITEM {
                let first = i == 0 && j == 0 && l == 0;
                let start_item = l == 0;
                // Every 17th file re-lists a line of the file before it.
                let relist = f % 17 == 16 && i == 0 && j == 0 && l == 1;
                let base = if relist { f - 1 } else { f };
                let texts = [
                    format!(
                        "工程{base}-{i}-{j}-{l}の検討{}",
                        if relist { "(再掲)" } else { "" }
                    ),
                    format!(
                        "工程{base}-{i}-{j}-{l}の実施{}",
                        if relist { "(再掲)" } else { "" }
                    ),
                ];
                if first {
                    ws.write(r, 0, format!("({})", pillar + 1))?;
                    ws.write(r, 1, format!("{policy}"))?;
                }
                if j == 0 && l == 0 {
                    ws.write(r, 2, format!("取り組み{f}-{i}"))?;
                }
                if start_item {
                    ws.write(r, 3, format!("項目{f}-{i}-{j}"))?;
                }
                // One line in four has two phases (and is the one re-listed), like the
                // published roadmap's mix of 373 steps on 318 lines.
                let phases = if l == 1 { 2 } else { 1 };
                if grid {
                    ws.write(r, 4 + (l as u16 % 2), texts[0].as_str())?;
                    if phases == 2 {
                        ws.write(r, 8, texts[1].as_str())?;
                    }
                    r += 1;
                } else {
                    let starts = [if l % 2 == 0 { "～R6" } else { "R7" }, "R10"];
                    let ends = if phases == 2 {
                        ["R9", "継続"]
                    } else {
                        ["継続", ""]
                    };
                    for (k, text) in texts.iter().enumerate().take(phases) {
                        ws.write(r, 4, format!("{}", l + 1))?;
                        ws.write(r, 5, text.as_str())?;
                        ws.write(r, 6, starts[k])?;
                        ws.write(r, 7, ends[k])?;
                        r += 1;
                    }
                }
                steps += phases;
            }
        }
    }
    book.save(dir.join(format!("{:04}_課{f}.xlsx", f + 1)))?;
    Ok(steps)
}
