mod hostile_corpus;
mod support;

use hostile_corpus::*;
use support::*;

fn good_xlsx() -> Vec<u8> {
    let dir = temp_dir("hostile_good");
    let rows = vec![
        grid_header(),
        vec![
            S("(1)"),
            S("①"),
            S("オンライン手続きの拡大"),
            S("項目"),
            E,
            S("工程"),
        ],
    ];
    write_xlsx(&dir.join("good.xlsx"), &[sheet("工程表", rows)]);
    std::fs::read(dir.join("good.xlsx")).unwrap()
}

#[test]
fn explore() {
    let good = good_xlsx();
    let legacy = std::fs::read("tests/data/legacy.xls").unwrap();
    let enc = std::fs::read("tests/data/encrypted.xlsx").unwrap();
    let mut all = cases(&good);
    all.extend(xls_cases(&legacy));
    all.push(encrypted_case(&enc));
    all.push(ods_repeat_bomb());
    for case in all {
        let r = koteihyo::ingest::read_bytes(case.name, case.bytes);
        let sheets = r.output.as_ref().map(|w| {
            w.sheets
                .iter()
                .map(|s| (s.name.clone(), s.cells.len(), s.merges.len()))
                .collect::<Vec<_>>()
        });
        eprintln!(
            "{} -> {:?} {:?}",
            case.name,
            sheets,
            r.diagnostics
                .iter()
                .map(|d| (d.code.as_str(), d.place.a1(), d.args.clone()))
                .collect::<Vec<_>>()
        );
        if let Some(w) = &r.output {
            for s in &w.sheets {
                for c in s.cells.iter().take(6) {
                    let v = format!("{:?}", c.value);
                    eprintln!(
                        "   {} {}",
                        koteihyo::model::a1(c.row, c.col),
                        v.chars().take(80).collect::<String>()
                    );
                }
            }
        }
    }
    for f in ["legacy.xls", "encrypted.xlsx"] {
        let bytes = std::fs::read(format!("tests/data/{f}")).unwrap();
        let r = koteihyo::ingest::read_bytes(f, bytes);
        eprintln!(
            "{f} -> {:?}",
            r.diagnostics
                .iter()
                .map(|d| (d.code.as_str(), d.args.clone()))
                .collect::<Vec<_>>()
        );
        if let Some(w) = &r.output {
            for s in &w.sheets {
                for c in &s.cells {
                    eprintln!("   {} {:?}", koteihyo::model::a1(c.row, c.col), c.value);
                }
            }
        }
    }
}
