//! The formulas themselves, not just their cached results: the fixture workbook is stripped
//! of every cached formula value, LibreOffice recalculates and re-saves it, and each formula
//! cell must come back with the value the renderer cached.
//!
//! Needs `soffice` (LibreOffice), so it is ignored by default:
//! `cargo test --test render xlsx_recalc -- --ignored`.

use crate::xlsx_fixture;
use xlsx_fixture as fixture;

use std::io::{Cursor, Read, Write};
use std::process::Command;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use koteihyo::render::xlsx::{render, XlsxOptions};

/// The workbook with every `<v>` after an `<f>` removed, so that a reader must calculate.
fn strip_cached_values(bytes: &[u8]) -> Vec<u8> {
    let re = regex::Regex::new(r"(<f>[^<]*</f>)<v>[^<]*</v>").expect("regex");
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).expect("entry");
        let name = file.name().expect("entry name").to_string();
        let mut data = Vec::new();
        file.read_to_end(&mut data).expect("read");
        if name.starts_with("xl/worksheets/sheet") {
            let text = String::from_utf8(data).expect("utf-8");
            data = re.replace_all(&text, "$1").into_owned().into_bytes();
        }
        out.start_file(name, options).expect("start");
        out.write_all(&data).expect("write");
    }
    out.finish().expect("finish").into_inner()
}

fn close(a: &Data, b: &Data) -> bool {
    match (a, b) {
        (Data::Float(x), Data::Float(y)) => (x - y).abs() <= 1e-9 * x.abs().max(1.0),
        (Data::Int(x), Data::Float(y)) | (Data::Float(y), Data::Int(x)) => {
            (*x as f64 - y).abs() < 1e-9
        }
        _ => a == b,
    }
}

#[test]
#[ignore = "needs LibreOffice (soffice)"]
fn libreoffice_recalculates_to_the_cached_values() {
    recalculates_to_the_cached_values(&fixture::roadmap());
}

/// With actuals entered later for the year before the plan (a column of their own), the
/// formulas still rate the plan's years from the published baseline.
#[test]
#[ignore = "needs LibreOffice (soffice)"]
fn libreoffice_recalculates_a_later_actual_of_the_year_before_the_plan() {
    let mut roadmap = fixture::roadmap();
    for k in roadmap
        .kpis
        .iter_mut()
        .filter(|k| k.baseline.as_ref().is_some_and(|b| b.fiscal_year == 2023))
    {
        let mut r6 = k.baseline.clone().expect("baseline");
        r6.fiscal_year = 2024;
        if let koteihyo::model::KpiValue::Number(v) = &mut r6.value {
            *v *= 1.1;
        }
        k.actuals.insert(0, r6);
    }
    recalculates_to_the_cached_values(&roadmap);
}

fn recalculates_to_the_cached_values(roadmap: &koteihyo::model::Roadmap) {
    if Command::new("soffice").arg("--version").output().is_err() {
        eprintln!("soffice not found: skipped");
        return;
    }
    let bytes = render(roadmap, &fixture::diagnostics(), &XlsxOptions::default()).expect("render");
    let dir = std::env::temp_dir().join(format!(
        "koteihyo-xlsx-recalc-{}-{}",
        std::process::id(),
        roadmap.kpis.iter().map(|k| k.actuals.len()).sum::<usize>()
    ));
    let input = dir.join("in");
    let output = dir.join("out");
    std::fs::create_dir_all(&input).expect("mkdir");
    std::fs::write(input.join("nocache.xlsx"), strip_cached_values(&bytes)).expect("write");
    let status = Command::new("soffice")
        .args(["--headless", "--convert-to", "xlsx", "--outdir"])
        .arg(&output)
        .arg(input.join("nocache.xlsx"))
        .output()
        .expect("soffice");
    assert!(status.status.success(), "{status:?}");
    let recalculated = std::fs::read(output.join("nocache.xlsx")).expect("converted file");

    let mut ours: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("ours");
    let mut theirs: Xlsx<_> = open_workbook_from_rs(Cursor::new(recalculated)).expect("theirs");
    let mut checked = 0;
    let mut differ = Vec::new();
    for name in ours.sheet_names() {
        let formulas = ours.worksheet_formula(&name).expect("formulas");
        let a = ours.worksheet_range(&name).expect("ours");
        let b = theirs.worksheet_range(&name).expect("theirs");
        let (r0, c0) = formulas.start().unwrap_or((0, 0));
        for (r, c, f) in formulas.used_cells() {
            if f.is_empty() {
                continue;
            }
            let at = (r0 + r as u32, c0 + c as u32);
            let x = a.get_value(at).cloned().unwrap_or_default();
            let y = b.get_value(at).cloned().unwrap_or_default();
            checked += 1;
            if !close(&x, &y) {
                differ.push(format!(
                    "{name}!{}: cached {x:?}, recalculated {y:?} (={f})",
                    koteihyo::model::a1(at.0, at.1)
                ));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(checked > 100, "only {checked} formulas");
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}
