//! The roadmap PDF read back: text, fonts, outline, determinism, diagnostics.

use crate::pdf_support;

use koteihyo::render::pdf::{render, PdfOptions};

/// Writes the fixture's PDF to /tmp/fixture.pdf (and a draft to /tmp/fixture-draft.pdf) to
/// look at: `cargo test --test render pdf_render -- --ignored`.
#[test]
#[ignore]
fn write_fixture_pdf() {
    let rm = pdf_support::roadmap();
    let out = render(&rm, &PdfOptions::default()).expect("render");
    std::fs::write("/tmp/fixture.pdf", &out.output).unwrap();
    let draft = render(
        &rm,
        &PdfOptions {
            draft_errors: Some(3),
            ..Default::default()
        },
    )
    .expect("render");
    std::fs::write("/tmp/fixture-draft.pdf", &draft.output).unwrap();
    for d in &out.diagnostics {
        eprintln!("{:?} {}", d.code, d.message(koteihyo::diagnostic::Lang::Ja));
    }
}

fn pdf() -> Vec<u8> {
    render(&pdf_support::roadmap(), &PdfOptions::default())
        .expect("render")
        .output
}

fn outline_titles(doc: &lopdf::Document) -> Vec<(u32, String)> {
    fn title(o: &lopdf::Object) -> String {
        let bytes = o.as_str().unwrap();
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16(&units).unwrap()
    }
    fn walk(
        doc: &lopdf::Document,
        first: Option<lopdf::ObjectId>,
        depth: u32,
        out: &mut Vec<(u32, String)>,
    ) {
        let mut next = first;
        while let Some(id) = next {
            let d = doc.get_dictionary(id).unwrap();
            out.push((depth, title(d.get(b"Title").unwrap())));
            // A bookmark opens a page of the document at its top.
            assert!(
                page_destination(doc, d).is_some(),
                "bookmark without a destination"
            );
            let kid = d.get(b"First").ok().map(|o| o.as_reference().unwrap());
            walk(doc, kid, depth + 1, out);
            next = d.get(b"Next").ok().map(|o| o.as_reference().unwrap());
        }
    }
    let root = doc
        .catalog()
        .unwrap()
        .get(b"Outlines")
        .unwrap()
        .as_reference()
        .unwrap();
    let first = doc
        .get_dictionary(root)
        .unwrap()
        .get(b"First")
        .unwrap()
        .as_reference()
        .unwrap();
    let mut out = Vec::new();
    walk(doc, Some(first), 0, &mut out);
    out
}

/// The text of every page as lopdf extracts it (through the fonts' ToUnicode maps).
fn page_texts(doc: &lopdf::Document) -> Vec<String> {
    let n = doc.get_pages().len() as u32;
    (1..=n).map(|p| doc.extract_text(&[p]).unwrap()).collect()
}

#[test]
fn same_bytes_every_time() {
    let a = pdf();
    let b = pdf();
    assert!(a == b, "two renders of one roadmap differ");
    let draft = render(
        &pdf_support::roadmap(),
        &PdfOptions {
            draft_errors: Some(2),
            ..Default::default()
        },
    )
    .expect("render")
    .output;
    assert!(draft != a);
    // No clock, no PDF/X claim, a fixed /ID.
    let doc = lopdf::Document::load_mem(&a).unwrap();
    let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let info = doc.get_dictionary(info).unwrap();
    for key in [&b"GTS_PDFXVersion"[..], b"CreationDate", b"ModDate"] {
        assert!(info.get(key).is_err(), "{}", String::from_utf8_lossy(key));
    }
    assert_eq!(doc.trailer.get(b"ID").unwrap().as_array().unwrap().len(), 2);
    assert!(a.starts_with(b"%PDF-1.7"));
}

/// The page a link annotation opens (its `/Dest`, `[page /XYZ left top zoom]`, at the
/// page's top-left corner), or `None` for a link that opens no page.
fn page_destination(doc: &lopdf::Document, a: &lopdf::Dictionary) -> Option<lopdf::ObjectId> {
    let dest = doc.dereference(a.get(b"Dest").ok()?).unwrap().1;
    let dest = dest.as_array().unwrap();
    assert_eq!(dest[1].as_name().unwrap(), b"XYZ", "{dest:?}");
    assert_eq!(dest.len(), 5, "{dest:?}");
    Some(dest[0].as_reference().unwrap())
}

#[test]
fn metadata_fonts_and_outline() {
    let bytes = pdf();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let info = doc.get_dictionary(info).unwrap();
    let s = |k: &[u8]| {
        let b = info.get(k).unwrap().as_str().unwrap();
        let units: Vec<u16> = b[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16(&units).unwrap()
    };
    assert_eq!(s(b"Author"), "高山市総務部行政経営課");
    assert_eq!(
        s(b"Title"),
        "高山市DX推進計画（第2期） 工程表（ロードマップ）"
    );
    assert!(s(b"Subject").contains("R7（2025）～R11（2029）"));
    // The producer is this program at its version (krilla writes the file, koteihyo makes it).
    let producer = lopdf::decode_text_string(info.get(b"Producer").unwrap()).unwrap();
    assert_eq!(producer, format!("koteihyo {}", env!("CARGO_PKG_VERSION")));

    // Both faces embedded as subsets with a ToUnicode map.
    let mut faces = Vec::new();
    for (_, obj) in doc.objects.iter() {
        let Ok(d) = obj.as_dict() else { continue };
        if d.get(b"Subtype").and_then(|o| o.as_name()).ok() == Some(&b"Type0"[..]) {
            let name =
                String::from_utf8_lossy(d.get(b"BaseFont").unwrap().as_name().unwrap()).to_string();
            assert!(d.get(b"ToUnicode").is_ok(), "{name} has no ToUnicode");
            faces.push(name);
        }
    }
    faces.sort();
    let face_names: Vec<&str> = faces
        .iter()
        .map(|f| f.split_once('+').map_or("", |s| s.1))
        .collect();
    assert_eq!(
        face_names,
        ["BIZUDPGothic-Bold", "BIZUDPGothic-Regular"],
        "{faces:?}"
    );
    // Each with a subset tag: six capital letters.
    for f in &faces {
        let tag = f.split('+').next().unwrap();
        assert!(
            tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
            "{f}"
        );
    }
    assert!(
        bytes.len() < 400_000,
        "{} bytes: fonts not subset?",
        bytes.len()
    );

    // The 目次's links open pages of this document.
    let pages = doc.get_pages();
    let toc = doc.get_dictionary(pages[&2]).unwrap();
    let annots = toc.get(b"Annots").unwrap().as_array().unwrap();
    assert!(annots.len() >= 6, "{} links on the 目次", annots.len());
    for a in annots {
        // Annotations are objects of their own: the structure tree points at them.
        let a = doc.get_dictionary(a.as_reference().unwrap()).unwrap();
        let target = page_destination(&doc, a).expect("a link to a page");
        assert!(pages.values().any(|&p| p == target));
    }
    // Every page link in the file does, the chart's 再掲 tags included.
    let mut page_links = 0;
    let mut web = Vec::new();
    for &page in pages.values() {
        let d = doc.get_dictionary(page).unwrap();
        let Ok(annots) = d.get(b"Annots").and_then(|a| a.as_array()) else {
            continue;
        };
        for a in annots {
            let a = doc.get_dictionary(a.as_reference().unwrap()).unwrap();
            if page_destination(&doc, a).is_some() {
                page_links += 1;
                continue;
            }
            let action = a.get(b"A").unwrap().as_dict().unwrap();
            match action.get(b"S").unwrap().as_name().unwrap() {
                b"URI" => {
                    let uri = action.get(b"URI").unwrap().as_str().unwrap();
                    let contents = lopdf::decode_text_string(a.get(b"Contents").unwrap()).unwrap();
                    web.push((String::from_utf8_lossy(uri).to_string(), contents));
                }
                s => panic!("action {}", String::from_utf8_lossy(s)),
            }
        }
    }
    assert!(page_links > annots.len(), "{page_links} page links");
    // The colophon's web address opens in a browser, and says so to a screen reader.
    assert_eq!(
        web,
        [(
            "https://www.city.takayama.lg.jp".to_string(),
            "ウェブページ https://www.city.takayama.lg.jp を開く".to_string()
        )]
    );

    let titles = outline_titles(&doc);
    let expect = [
        (0, "目次"),
        (0, "はじめに"),
        (0, "目指す姿及び取り組みの体系"),
        (0, "ロードマップ"),
        (1, "(1) “便利・快適” ～DXによる 市民サービスの向上～"),
        (2, "①行政手続きのオンライン化の推進"),
        (2, "②マイナンバーカードの普及・活用促進"),
        (1, "(2) “効率的・効果的” ～DXによる 市役所業務の刷新～"),
        (2, "①AI等デジタル技術の活用による業務の効率化"),
        (0, "重要業績評価指標 (KPI)"),
        (1, "DX推進計画全般のKPI"),
        (1, "(1) “便利・快適” ～DXによる 市民サービスの向上～"),
        (1, "(2) “効率的・効果的” ～DXによる 市役所業務の刷新～"),
        (0, "改定履歴"),
    ];
    let got: Vec<(u32, &str)> = titles.iter().map(|(d, t)| (*d, t.as_str())).collect();
    assert_eq!(got, expect);
}

#[test]
fn golden_extracted_text() {
    let doc = lopdf::Document::load_mem(&pdf()).unwrap();
    let pages = page_texts(&doc);
    let layout =
        koteihyo::render::pdf::layout::layout(&pdf_support::roadmap(), &PdfOptions::default())
            .output;
    assert_eq!(pages.len(), layout.pages.len());
    // Every run comes back exactly as laid out, in order.
    for (n, (text, page)) in pages.iter().zip(&layout.pages).enumerate() {
        let flat: String = text.split_whitespace().collect();
        let mut at = 0;
        for item in &page.items {
            if let koteihyo::render::pdf::document::Item::Text(t) = item {
                let want: String = t.text.split_whitespace().collect();
                let found = flat[at..].find(&want);
                assert!(
                    found.is_some(),
                    "page {}: {:?} not found in order",
                    n + 1,
                    t.text
                );
                at += found.unwrap_or(0) + want.len();
            }
        }
    }
    // Every step's text is there (lines of a bar join without a separator).
    let flat: String = pages.concat().split_whitespace().collect();
    for (_, step) in pdf_support::roadmap().steps() {
        let want: String = step.text.split_whitespace().collect();
        assert!(flat.contains(&want), "{}", step.text);
    }
    let mut golden = String::new();
    for (i, t) in pages.iter().enumerate() {
        golden += &format!("=== page {} ===\n{}\n", i + 1, t.trim_end());
    }
    crate::support::golden("pdf_text.txt", &golden);
}

#[test]
fn odd_input_renders_without_panicking() {
    // Nothing at all.
    let empty =
        render(&koteihyo::model::Roadmap::default(), &PdfOptions::default()).expect("render");
    let doc = lopdf::Document::load_mem(&empty.output).unwrap();
    assert!(doc.get_pages().len() >= 5);

    // Columns past the period, an end before its start, empty and multi-line texts, a
    // policy without initiatives, a KPI for a pillar that does not exist.
    let mut rm = pdf_support::roadmap();
    let steps = &mut rm.pillars[1].policies[0].initiatives[0].items[0].lines[1].steps;
    steps[0].start.column = 99;
    steps[1].end.column = 0;
    steps[2].text = String::new();
    rm.pillars[1].policies[0].initiatives[0].text = "一行目\n二行目\tタブ".into();
    rm.pillars[0].policies[0].title = "題名\n改行".into();
    rm.pillars[1].policies.push(Default::default());
    let mut k = rm.kpis[1].clone();
    k.category = koteihyo::model::KpiCategory::Pillar(7);
    k.baseline = None;
    k.targets.clear();
    rm.kpis.push(k);
    rm.plan.period = koteihyo::model::Period {
        first: 2025,
        last: 2024,
        ..Default::default()
    };
    let out = render(
        &rm,
        &PdfOptions {
            draft_errors: Some(0),
            ..Default::default()
        },
    )
    .expect("render");
    let doc = lopdf::Document::load_mem(&out.output).unwrap();
    let text = doc
        .extract_text(&(1..=doc.get_pages().len() as u32).collect::<Vec<_>>())
        .unwrap();
    assert!(text.contains("一行目"));
    assert!(text.contains("(7)"));
}
