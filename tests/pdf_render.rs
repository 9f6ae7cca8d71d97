//! The roadmap PDF read back: text, fonts, outline, determinism, diagnostics.

mod pdf_support;

use koteihyo::render::pdf::{render, PdfOptions};

/// Writes the fixture's PDF to /tmp/fixture.pdf (and a draft to /tmp/fixture-draft.pdf) to
/// look at: `cargo test --test pdf_render -- --ignored`.
#[test]
#[ignore]
fn write_fixture_pdf() {
    let rm = pdf_support::roadmap();
    let out = render(&rm, &PdfOptions::default());
    std::fs::write("/tmp/fixture.pdf", &out.output).unwrap();
    let draft = render(&rm, &PdfOptions { draft_errors: Some(3) });
    std::fs::write("/tmp/fixture-draft.pdf", &draft.output).unwrap();
    for d in &out.diagnostics {
        eprintln!("{:?} {}", d.code, d.message(koteihyo::diagnostic::Lang::Ja));
    }
}
