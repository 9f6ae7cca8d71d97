//! The README lists every diagnostic code, so that a clerk can look up any code printed.

#[test]
fn readme_lists_every_diagnostic_code() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    for code in koteihyo::diagnostic::Code::ALL {
        let needle = format!("`{}`", code.as_str());
        assert!(readme.contains(&needle), "README does not list {needle}");
    }
}
