//! `koteihyo build` end to end on fixture workbooks: the four outputs, same bytes twice,
//! nothing written (and the previous outputs kept) when there are errors, `--draft`.

use crate::support;
use support::*;

fn fixture(dir: &std::path::Path, step: &'static str) {
    plan(
        dir,
        vec![
            vec![
                S("(1)"),
                S("オンラインで可能な行政手続きの種類"),
                S("考え方"),
                S("種類"),
                S("計画"),
                S("—"),
                S("1,300種類"),
                S("1,600種類"),
                S("1,900種類"),
                S("2,200種類"),
                S("2,500種類"),
            ],
            vec![E, E, E, E, S("実績"), S("908種類")],
        ],
    );
    let rows = vec![
        grid_header(),
        vec![
            S("(1)"),
            S("①"),
            S("オンライン手続きの拡大"),
            S("オンライン申請可能な手続きの拡大"),
            S(step),
            S("オンライン手続きの順次拡大"),
        ],
    ];
    write_xlsx(&dir.join("03_市民課.xlsx"), &[sheet("工程表", rows)]);
}

/// `koteihyo build --input input --output OUT [--draft]` in `dir`.
fn build(dir: &std::path::Path, out: &str, draft: bool) -> Run {
    let extra: &[&str] = if draft { &["--draft"] } else { &[] };
    run_as_of(dir, "build", ("input", out), extra)
}

fn read(dir: &std::path::Path, name: &str) -> Vec<u8> {
    std::fs::read(dir.join(name)).unwrap_or_default()
}

fn pdf_text(bytes: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(bytes).expect("a PDF");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).expect("text")
}

#[test]
fn build_writes_four_outputs_and_the_same_bytes_twice() {
    let dir = temp_dir("build_twice");
    let input = dir.join("input");
    std::fs::create_dir_all(&input).expect("dir");
    fixture(&input, "情報収集・検討");
    let run = build(&dir, "out1", false);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let run = build(&dir, "out2", false);
    assert_eq!(run.status, 0, "{}", run.stderr);
    for name in ["roadmap.pdf", "kpi.xlsx", "roadmap.json", "roadmap.html"] {
        let a = read(&dir.join("out1"), name);
        assert!(!a.is_empty(), "{name} written");
        assert_eq!(
            a,
            read(&dir.join("out2"), name),
            "{name} differs between two builds"
        );
    }
    let text = pdf_text(&read(&dir.join("out1"), "roadmap.pdf"));
    assert!(text.contains("情報収集・検討"));
    assert!(!text.contains("案"), "a clean build is not a draft");
    let json: serde_json::Value =
        serde_json::from_slice(&read(&dir.join("out1"), "roadmap.json")).expect("json");
    let step =
        &json["pillars"][0]["policies"][0]["initiatives"][0]["items"][0]["lines"][0]["steps"][0];
    assert_eq!(step["text"], "情報収集・検討");
    assert_eq!(step["source"]["cell"], "E2");
    assert_eq!(step["source"]["file"], "03_市民課.xlsx");
}

#[test]
fn errors_write_nothing_and_keep_the_previous_outputs_unless_draft() {
    let dir = temp_dir("build_errors");
    let input = dir.join("input");
    std::fs::create_dir_all(&input).expect("dir");
    fixture(&input, "情報収集・検討");
    let ok = build(&dir, "out", false);
    assert_eq!(ok.status, 0, "{}", ok.stderr);
    let before: Vec<Vec<u8>> = ["roadmap.pdf", "kpi.xlsx", "roadmap.json", "roadmap.html"]
        .iter()
        .map(|n| read(&dir.join("out"), n))
        .collect();
    // An error: a year after the plan period.
    let rows = vec![
        grid_header(),
        vec![S("(1)"), S("①"), S("取り組み"), S("項目"), S("検討")],
        vec![S("(9)"), S("①"), S("取り組み"), S("項目"), S("検討")],
    ];
    write_xlsx(&input.join("04_税務課.xlsx"), &[sheet("工程表", rows)]);
    let failed = build(&dir, "out", false);
    assert_eq!(failed.status, 1);
    assert!(
        failed.stderr.contains("pillar-unknown"),
        "{}",
        failed.stderr
    );
    let after: Vec<Vec<u8>> = ["roadmap.pdf", "kpi.xlsx", "roadmap.json", "roadmap.html"]
        .iter()
        .map(|n| read(&dir.join("out"), n))
        .collect();
    assert_eq!(before, after, "previous outputs untouched");
    let leftovers: Vec<_> = std::fs::read_dir(dir.join("out"))
        .expect("out")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
    let draft = build(&dir, "draft", true);
    assert_eq!(draft.status, 1, "a draft still reports its errors");
    let text = pdf_text(&read(&dir.join("draft"), "roadmap.pdf"));
    assert!(text.contains("案"), "every page is marked as a draft");
    assert!(text.contains("未解決のエラー 1 件"), "{text}");
    let html = String::from_utf8(read(&dir.join("draft"), "roadmap.html")).expect("html");
    assert!(
        html.contains("案（未解決のエラー 1 件）"),
        "the web edition says it too"
    );
}

#[test]
fn a_character_missing_from_the_font_blocks_the_pdf() {
    let dir = temp_dir("build_glyph");
    let input = dir.join("input");
    std::fs::create_dir_all(&input).expect("dir");
    fixture(&input, "𠮷野家での説明会");
    let run = build(&dir, "out", false);
    assert_eq!(run.status, 1);
    assert!(
        run.stderr.contains("glyph-missing") && run.stderr.contains("𠮷"),
        "{}",
        run.stderr
    );
    // Nothing at all is written: the decision comes before any output is made.
    let out = dir.join("out");
    assert!(!out.exists() || out.read_dir().is_ok_and(|mut d| d.next().is_none()));
    // As a draft, every output is written and the PDF shows the box the reader would see.
    let run = build(&dir, "out", true);
    assert_eq!(run.status, 1, "{}", run.stderr);
    for f in ["roadmap.pdf", "kpi.xlsx", "roadmap.json", "roadmap.html"] {
        assert!(out.join(f).is_file(), "{f}: {}", run.stderr);
    }
    // It does not claim PDF/UA-1 (a .notdef glyph breaks it), and says so.
    assert!(
        run.stderr.contains("pdf-not-accessible") && run.stderr.contains("PDF/UA-1"),
        "{}",
        run.stderr
    );
    let pdf = std::fs::read(out.join("roadmap.pdf")).expect("pdf");
    let claims = |bytes: &[u8]| bytes.windows(8).any(|w| w == b"pdfuaid:");
    assert!(
        !claims(&pdf),
        "a draft with a missing glyph claims PDF/UA-1"
    );
    // The same roadmap without the character claims it.
    let fixed = dir.join("fixed");
    std::fs::create_dir_all(fixed.join("input")).expect("dir");
    fixture(&fixed.join("input"), "吉野家での説明会");
    let run = build(&fixed, "out", false);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let pdf = read(&fixed.join("out"), "roadmap.pdf");
    assert!(claims(&pdf), "PDF/UA-1 is claimed in the XMP");
}
