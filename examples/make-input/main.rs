//! `make-input`: writes `input/`, the published 高山市 roadmap as the departments would
//! submit it, from the annotated transcription `takayama.txt`.
//!
//! ```sh
//! cargo run --example make-input -- input
//! ```
//!
//! The output is deterministic (fixed document dates, fixed zip timestamps), so the committed
//! files only change when the transcription or the generator does.

mod data;
mod dept;
mod ods;
mod plan;
mod style;

use std::path::{Path, PathBuf};

fn main() {
    let dir: PathBuf = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("input"));
    if let Err(e) = run(&dir) {
        eprintln!("make-input: {e}");
        std::process::exit(1);
    }
}

fn run(dir: &Path) -> Result<(), String> {
    let t = data::parse(data::TEXT)?;
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for (name, bytes) in generate(&t)? {
        let path = dir.join(&name);
        std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        println!("{}", path.display());
    }
    // The counts input/README.md quotes, so they can be checked after an edit.
    for p in &t.pillars {
        let c = data::counts(p);
        println!(
            "({}) 具体的な取り組み {} 取り組み項目 {} 工程行 {} 工程 {}",
            p.number, c.initiatives, c.items, c.lines, c.steps
        );
    }
    println!("KPI {}", t.kpis.len());
    Ok(())
}

/// Every generated file: (file name, bytes).
fn generate(t: &data::Transcription) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut out = vec![("00_計画.xlsx".to_string(), plan::workbook(t)?)];
    out.extend(dept::workbooks(t)?);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed `input/` is what the generator writes now: regenerate after editing
    /// `takayama.txt` or the generator.
    #[test]
    fn committed_input_is_up_to_date_and_deterministic() {
        let t = data::parse(data::TEXT).expect("transcription parses");
        let first = generate(&t).expect("generates");
        let second = generate(&t).expect("generates");
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("input");
        for ((name, a), (_, b)) in first.iter().zip(&second) {
            assert!(a == b, "{name}: two runs differ");
            let committed = std::fs::read(dir.join(name)).unwrap_or_default();
            assert!(
                &committed == a,
                "input/{name} is stale: run `cargo run --example make-input -- input`"
            );
        }
    }
}
