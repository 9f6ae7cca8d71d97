//! What the eye sees is what is read (contract: fills, strike-through, shapes, notes): a
//! department's grid sheet made the way a clerk makes one in Excel — a step drawn as a filled
//! bar with its label in the middle, a filled run without a step and one with two, a struck
//! step beside its replacement, a partly struck cell, red text, a note, and a connector and
//! a text box drawn over the year cells.

use std::io::{Read, Write};
use std::path::Path;

use rust_xlsxwriter::{Color, Format, Note, Shape, Workbook};

use crate::support::*;

/// A connector over H7:J7 and a text box saying 延期 over I3 (rows and columns 0-based in
/// the markers), as Excel writes them in the sheet's drawing part.
const DRAWING: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">
<xdr:twoCellAnchor><xdr:from><xdr:col>7</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>6</xdr:row><xdr:rowOff>95250</xdr:rowOff></xdr:from><xdr:to><xdr:col>9</xdr:col><xdr:colOff>304800</xdr:colOff><xdr:row>6</xdr:row><xdr:rowOff>95250</xdr:rowOff></xdr:to>
<xdr:cxnSp macro=""><xdr:nvCxnSpPr><xdr:cNvPr id="2" name="直線矢印コネクタ 1"/><xdr:cNvCxnSpPr/></xdr:nvCxnSpPr><xdr:spPr><a:prstGeom prst="straightConnector1"><a:avLst/></a:prstGeom><a:ln><a:tailEnd type="triangle"/></a:ln></xdr:spPr></xdr:cxnSp><xdr:clientData/></xdr:twoCellAnchor>
<xdr:twoCellAnchor><xdr:from><xdr:col>8</xdr:col><xdr:colOff>10000</xdr:colOff><xdr:row>2</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>9</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>3</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>
<xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="3" name="テキスト ボックス 2"/><xdr:cNvSpPr txBox="1"/></xdr:nvSpPr><xdr:spPr><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr><xdr:txBody><a:bodyPr/><a:p><a:r><a:rPr lang="ja-JP"/><a:t>延期</a:t></a:r></a:p></xdr:txBody></xdr:sp><xdr:clientData/></xdr:twoCellAnchor>
</xdr:wsDr>"#;

fn hierarchy(ws: &mut rust_xlsxwriter::Worksheet, row: u32, item: &str) {
    for (col, text) in ["(1)", "①", "オンライン手続きの拡大", item]
        .iter()
        .enumerate()
    {
        ws.write_string(row, col as u16, *text).expect("write");
    }
}

/// The department's workbook; rows 2–8 in Excel.
fn department(path: &Path) {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("工程表").expect("name");
    for (col, text) in texts(&grid_header()).iter().enumerate() {
        ws.write_string(0, col as u16, *text).expect("write");
    }
    let yellow = Format::new().set_background_color(Color::RGB(0xFFF2CC));
    let green = Format::new().set_background_color(Color::RGB(0xE2EFDA));
    let white = Format::new().set_background_color(Color::White);
    let struck = Format::new().set_font_strikethrough();
    let plain = Format::new();
    let red = Format::new().set_font_color(Color::Red);
    // Row 2: a bar F2:H2 with its label in the middle cell; the 柱 cell filled too.
    hierarchy(ws, 1, "バー");
    ws.write_string_with_format(1, 0, "(1)", &green)
        .expect("write");
    ws.write_blank(1, 5, &yellow).expect("fill");
    ws.write_string_with_format(1, 6, "導入", &yellow)
        .expect("write");
    ws.write_blank(1, 7, &yellow).expect("fill");
    // Row 3: a filled run F3:G3 with no text; a step after it.
    hierarchy(ws, 2, "空の帯");
    ws.write_blank(2, 5, &yellow).expect("fill");
    ws.write_blank(2, 6, &yellow).expect("fill");
    ws.write_string(2, 8, "運用").expect("write");
    // Row 4: one run F4:I4 holding two steps.
    hierarchy(ws, 3, "二つの工程");
    ws.write_string_with_format(3, 5, "検討", &yellow)
        .expect("write");
    ws.write_blank(3, 6, &yellow).expect("fill");
    ws.write_string_with_format(3, 7, "導入", &yellow)
        .expect("write");
    ws.write_blank(3, 8, &yellow).expect("fill");
    // Row 5: the old step struck through, the new one beside it.
    hierarchy(ws, 4, "見え消し");
    ws.write_string_with_format(4, 5, "旧工程", &struck)
        .expect("write");
    ws.write_string(4, 6, "新工程").expect("write");
    // Row 6: a cell partly struck: the old wording, then the new.
    hierarchy(ws, 5, "一部の見え消し");
    ws.write_rich_string(5, 5, &[(&struck, "試行"), (&plain, "本格導入")])
        .expect("write");
    // Row 7: red text is ordinary text; an arrow is drawn over H7:J7.
    hierarchy(ws, 6, "赤字");
    ws.write_string_with_format(6, 5, "赤字の工程", &red)
        .expect("write");
    // Row 8: a note on the step; a cell filled white is no fill.
    hierarchy(ws, 7, "メモ");
    ws.write_string(7, 5, "運用開始").expect("write");
    ws.write_blank(7, 6, &white).expect("fill");
    ws.write_string(7, 7, "拡大").expect("write");
    let note = Note::new("R9から開始予定").add_author_prefix(false);
    ws.insert_note(7, 5, &note).expect("note");
    // Row 9: an item with no step yet, and a note on it.
    hierarchy(ws, 8, "メモだけ");
    let note = Note::new("来年度に工程を決める").add_author_prefix(false);
    ws.insert_note(8, 3, &note).expect("note");
    // A shape, so that the sheet has a drawing part; its content is replaced below.
    ws.insert_shape(2, 8, &Shape::textbox().set_text("仮"))
        .expect("shape");
    book.save(path).expect("save");
    replace_part(path, "xl/drawings/drawing1.xml", DRAWING);
}

/// Rewrites one part of a saved package.
fn replace_part(path: &Path, name: &str, content: &str) {
    let bytes = std::fs::read(path).expect("read");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut out = Vec::new();
    {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(&mut out));
        let mut found = false;
        for i in 0..archive.len() {
            let mut f = archive.by_index(i).expect("entry");
            let entry = f.name().expect("entry name").into_owned();
            let mut data = Vec::new();
            f.read_to_end(&mut data).expect("inflate");
            if entry == name {
                data = content.as_bytes().to_vec();
                found = true;
            }
            zip.start_file(entry, zip::write::SimpleFileOptions::default())
                .expect("zip");
            zip.write_all(&data).expect("zip");
        }
        assert!(found, "{name} is not in the package");
        zip.finish().expect("zip");
    }
    std::fs::write(path, out).expect("write");
}

fn folder(name: &str) -> std::path::PathBuf {
    let dir = temp_dir(name);
    plan(&dir, Vec::new());
    department(&dir.join("03_市民課.xlsx"));
    dir
}

#[test]
fn a_bar_a_struck_step_a_note_and_shapes_are_read_as_the_eye_sees_them() {
    let dir = folder("look_read");
    let loaded = load(&dir);
    assert_eq!(
        spans(&loaded),
        owned(&[
            // The bar F2:H2 (R7–R9), its label standing in G2.
            ("導入", 1, 3),
            ("運用", 4, 5),
            // Two steps in one run: each read from where it stands, as if unfilled.
            ("検討", 1, 2),
            ("導入", 3, 5),
            // The struck step is gone; its replacement stands.
            ("新工程", 2, 5),
            ("本格導入", 1, 5),
            ("赤字の工程", 1, 5),
            // White is no fill: 運用開始 runs up to the next step.
            ("運用開始", 1, 2),
            ("拡大", 3, 5),
        ])
    );
    let (_, json) = check_json(&dir);
    let found: Vec<(String, String, String, String)> = all_findings(&json)
        .into_iter()
        .filter(|(_, file, _, _)| file == "03_市民課.xlsx")
        .collect();
    let at = |code: &str, cell: &str| {
        (
            code.to_string(),
            "03_市民課.xlsx".to_string(),
            "工程表".to_string(),
            cell.to_string(),
        )
    };
    for expected in [
        at("fill-without-step", "F3"),
        at("fill-several-steps", "F4"),
        at("text-struck", "F5"),
        at("text-struck", "F6"),
        at("shape-over-table", "H7"),
        at("shape-over-table", "I3"),
        at("cell-note", "F8"),
        at("cell-note", "D9"),
    ] {
        assert!(found.contains(&expected), "{expected:?} not in {found:#?}");
    }
    let look_codes = [
        "fill-without-step",
        "fill-several-steps",
        "text-struck",
        "shape-over-table",
        "cell-note",
    ];
    let ours = found.iter().filter(|f| look_codes.contains(&f.0.as_str()));
    assert_eq!(ours.count(), 8, "nothing else is reported: {found:#?}");
    // The note 「R9から開始予定」 on 運用開始 (R7–R8) states a start its bar does not show.
    assert!(
        found.contains(&at("period-text-differs", "F8")),
        "a note's period is checked against its step: {found:#?}"
    );
    let shapes = messages(&json, "shape-over-table").join("\n");
    assert!(shapes.contains("延期") && shapes.contains("I3"), "{shapes}");
    assert!(shapes.contains("H7:J7"), "{shapes}");
    let struck = messages(&json, "text-struck").join("\n");
    assert!(
        struck.contains("試行本格導入") && struck.contains("「本格導入」"),
        "{struck}"
    );
}

#[test]
fn a_note_is_kept_with_its_line_in_roadmap_json_and_said_in_english() {
    let dir = folder("look_notes");
    let loaded = load(&dir);
    let notes: Vec<(String, String)> = loaded
        .roadmap
        .pillars
        .iter()
        .flat_map(|p| &p.policies)
        .flat_map(|p| &p.initiatives)
        .flat_map(|i| &i.items)
        .flat_map(|i| &i.lines)
        .flat_map(|l| &l.cell_notes)
        .map(|n| (n.text.clone(), n.source.cell.clone()))
        .collect();
    assert_eq!(
        notes,
        vec![("R9から開始予定".to_string(), "F8".to_string())]
    );
    // A row that draws no line keeps its note with its item.
    let item = loaded
        .roadmap
        .pillars
        .iter()
        .flat_map(|p| &p.policies)
        .flat_map(|p| &p.initiatives)
        .flat_map(|i| &i.items)
        .find(|i| i.text == "メモだけ")
        .expect("the item is read");
    let on_item: Vec<(&str, &str)> = item
        .cell_notes
        .iter()
        .map(|n| (n.text.as_str(), n.source.cell.as_str()))
        .collect();
    assert_eq!(on_item, vec![("来年度に工程を決める", "D9")]);
    let json = serde_json::to_string(&loaded.roadmap).expect("json");
    assert!(
        json.contains("\"cell_notes\""),
        "roadmap.json keeps the note"
    );
    let (_, en) = check_json_with(&dir, &["--lang", "en"]);
    let said = messages(&en, "cell-note");
    assert_eq!(
        said,
        vec![
            "cell note: \"R9から開始予定\"".to_string(),
            "cell note: \"来年度に工程を決める\"".to_string()
        ]
    );
    let shapes = messages(&en, "shape-over-table").join("\n");
    assert!(
        shapes.contains("line or arrow") && shapes.contains("text box"),
        "{shapes}"
    );
}

#[test]
fn a_note_on_a_kpi_row_is_kept_with_its_indicator() {
    let dir = temp_dir("look_kpi");
    plan(&dir, Vec::new());
    one_department(&dir);
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("KPI").expect("name");
    let rows: [&[&str]; 3] = [
        &texts(&kpi_header()),
        &[
            "全般",
            "市民の割合",
            "",
            "%",
            "計画",
            "",
            "↑",
            "↑",
            "↑",
            "↑",
            "↑",
        ],
        &["", "", "", "", "実績", "39.2%"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate().filter(|(_, t)| !t.is_empty()) {
            ws.write_string(r as u32, c as u16, *text).expect("write");
        }
    }
    let note = Note::new("R6年度の調査から質問が変わった").add_author_prefix(false);
    ws.insert_note(2, 5, &note).expect("note");
    book.save(dir.join("00_計画_KPI.xlsx")).expect("save");
    let loaded = load(&dir);
    let kpi = loaded
        .roadmap
        .kpis
        .iter()
        .find(|k| k.indicator == "市民の割合")
        .expect("the indicator is read");
    let notes: Vec<(&str, &str)> = kpi
        .cell_notes
        .iter()
        .map(|n| (n.text.as_str(), n.source.cell.as_str()))
        .collect();
    assert_eq!(notes, vec![("R6年度の調査から質問が変わった", "F3")]);
    assert!(loaded
        .diagnostics
        .iter()
        .any(|d| d.code == koteihyo::diagnostic::Code::CellNote
            && d.place.a1().as_deref() == Some("F3")));
}
