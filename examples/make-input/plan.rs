//! `00_計画.xlsx`: the plan frame the policy office (行政経営課) keeps, in the format of the
//! README's "The plan workbook" section.

use crate::data::{circled, Transcription};
use crate::style::{self, err};
use rust_xlsxwriter::{Format, Worksheet};

/// Writes a header row and sets column widths; returns the next row.
fn header(ws: &mut Worksheet, row: u32, cols: &[(&str, f64)]) -> Result<u32, String> {
    let h = style::header();
    for (c, (name, width)) in cols.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, *name, &h)
            .map_err(err)?;
        ws.set_column_width(c as u16, *width).map_err(err)?;
    }
    ws.set_freeze_panes(row + 1, 0).map_err(err)?;
    Ok(row + 1)
}

fn text(ws: &mut Worksheet, row: u32, col: u16, s: &str, f: &Format) -> Result<(), String> {
    if s.is_empty() {
        ws.write_blank(row, col, f).map_err(err)?;
    } else {
        ws.write_string_with_format(row, col, s, f).map_err(err)?;
    }
    Ok(())
}

/// Row height for a wrapped text in a column `width` characters wide (LibreOffice does not
/// grow rows on open, so long texts would be cut off).
fn fit_height(ws: &mut Worksheet, row: u32, s: &str, width: f64) -> Result<(), String> {
    let lines = (crate::dept::text_width(s) / (width - 1.0)).ceil().max(1.0);
    ws.set_row_height(row, 15.0 * lines).map_err(err)?;
    Ok(())
}

pub fn workbook(t: &Transcription) -> Result<Vec<u8>, String> {
    let mut wb = style::workbook("高山市DX推進計画（第2期）工程表 計画ワークブック")?;
    let cell = style::cell();

    let ws = wb.add_worksheet().set_name("計画").map_err(err)?;
    let first = header(ws, 0, &[("項目", 24.0), ("内容", 70.0)])?;
    for (r, (k, v)) in (first..).zip(&t.meta) {
        text(ws, r, 0, k, &cell)?;
        text(ws, r, 1, v, &cell)?;
    }

    let ws = wb.add_worksheet().set_name("体系").map_err(err)?;
    let mut r = header(
        ws,
        0,
        &[
            ("柱番号", 7.0),
            ("柱", 16.0),
            ("柱の副題", 30.0),
            ("施策番号", 7.0),
            ("施策", 34.0),
            ("具体的な取り組み", 80.0),
        ],
    )?;
    for p in &t.pillars {
        let mut first_of_pillar = true;
        for q in &p.policies {
            let mut first_of_policy = true;
            for i in &q.initiatives {
                // Blank 柱/施策 cells mean "same as above": only a group's first row names it.
                if first_of_pillar {
                    ws.write_number_with_format(r, 0, p.number, &cell)
                        .map_err(err)?;
                    text(ws, r, 1, &p.title, &cell)?;
                    text(ws, r, 2, &p.subtitle, &cell)?;
                } else {
                    for c in 0..3 {
                        ws.write_blank(r, c, &cell).map_err(err)?;
                    }
                }
                if first_of_policy {
                    ws.write_number_with_format(r, 3, q.number, &cell)
                        .map_err(err)?;
                    text(ws, r, 4, &q.title, &cell)?;
                } else {
                    ws.write_blank(r, 3, &cell).map_err(err)?;
                    ws.write_blank(r, 4, &cell).map_err(err)?;
                }
                text(ws, r, 5, &i.text, &cell)?;
                fit_height(ws, r, &i.text, 80.0)?;
                first_of_pillar = false;
                first_of_policy = false;
                r += 1;
            }
        }
    }

    let ws = wb.add_worksheet().set_name("はじめに").map_err(err)?;
    let first = header(
        ws,
        0,
        &[
            ("区分", 8.0),
            ("見出し", 22.0),
            ("副題", 34.0),
            ("本文", 90.0),
            ("キーワード", 12.0),
            ("キーワード(英)", 14.0),
        ],
    )?;
    for (r, h) in (first..).zip(&t.intro) {
        for (c, f) in h.iter().enumerate() {
            text(ws, r, c as u16, f, &cell)?;
        }
        fit_height(ws, r, &h[3], 90.0)?;
    }

    let ws = wb.add_worksheet().set_name("KPI").map_err(err)?;
    let mut cols: Vec<(String, f64)> = vec![
        ("区分".into(), 7.0),
        ("指標".into(), 36.0),
        ("指標の考え方".into(), 60.0),
        ("単位".into(), 7.0),
        ("種別".into(), 7.0),
    ];
    for n in 5..=11 {
        cols.push((koteihyo::fiscal::year_end(2018 + n), 14.0));
    }
    let cols: Vec<(&str, f64)> = cols.iter().map(|(s, w)| (s.as_str(), *w)).collect();
    let mut r = header(ws, 0, &cols)?;
    for k in &t.kpis {
        for (kind, values) in &k.rows {
            // Each row names its indicator in full: a KPI row stands on its own.
            for (c, s) in [&k.class, &k.name, &k.idea, &k.unit, kind]
                .into_iter()
                .enumerate()
            {
                text(ws, r, c as u16, s, &cell)?;
            }
            for (c, v) in values.iter().enumerate() {
                text(ws, r, 5 + c as u16, v, &cell)?;
            }
            r += 1;
        }
    }

    let ws = wb.add_worksheet().set_name("改定履歴").map_err(err)?;
    let first = header(ws, 0, &[("改定年月", 14.0), ("内容", 40.0)])?;
    for (r, (when, what)) in (first..).zip(&t.revisions) {
        text(ws, r, 0, when, &cell)?;
        text(ws, r, 1, what, &cell)?;
    }

    let ws = wb.add_worksheet().set_name("説明").map_err(err)?;
    ws.set_column_width(0, 110.0).map_err(err)?;
    ws.write_string_with_format(
        0,
        0,
        "計画ワークブックの編集方法（行政経営課）",
        &style::title(),
    )
    .map_err(err)?;
    let policies: Vec<String> = t
        .pillars
        .iter()
        .flat_map(|p| {
            p.policies
                .iter()
                .map(move |q| format!("({}){}{}", p.number, circled(q.number), q.title))
        })
        .collect();
    let lines = [
        "このシート（説明）は取り込み時に読み飛ばされます。".to_string(),
        "各シートは見出し行で認識されます（シート名は自由）。見出しの文字は変えないでください。".to_string(),
        "計画: 項目と内容。注記・連絡先は行を増やせば複数行になります。計画開始年度・計画終了年度を変えると次期計画（R12～R16など）になります。".to_string(),
        "体系: 具体的な取り組みを印刷する順に1行ずつ。柱・施策の欄が空の行は上の行と同じ柱・施策です。各課の提出様式にあってここにない取り組みは、その施策の最後に印刷されます。".to_string(),
        "はじめに: 区分は 前文・目的・結び。目的の行には見出し・副題・キーワードを記入します。".to_string(),
        "KPI: 指標と種別（計画／実績）ごとに1行。値は公表どおりの文字（1,300種類、39.2% など）、↑ は方向のみ、— は値なし。表に欄のない年度は空欄。".to_string(),
        "改定履歴: 改定年月（例 R7(2025).3）と内容。".to_string(),
        format!("施策の一覧: {}", policies.join("、")),
    ];
    let wrap = Format::new().set_text_wrap();
    for (k, l) in lines.iter().enumerate() {
        ws.write_string_with_format(2 + k as u32, 0, l, &wrap)
            .map_err(err)?;
    }

    wb.save_to_buffer().map_err(err)
}
