//! The dependency rule of the README ("How it is built"): data flows one way, read → model →
//! resolve/validate → revision data → render → output, with `pipeline` (the stage owner)
//! and `cli` above everything. Every `crate::X` a source file names (in `use` lines, grouped
//! `use crate::{X, Y}` lists and paths in code; comments are skipped, so doc links do not
//! count) must be a module of the file's own layer or a lower one, and the graph of the
//! top-level modules has no cycle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every top-level module of `src/lib.rs` and its layer (lower is used by higher). `msg` is
/// the message macro of `diagnostic`, exported at the crate root.
const LAYERS: &[(&str, u32)] = &[
    ("diagnostic", 0),
    ("fiscal", 0),
    ("model", 0),
    ("msg", 0),
    ("ingest", 1),
    ("normalize", 2),
    ("resolve", 3),
    ("validate", 3),
    ("progress", 3),
    ("revision", 4),
    ("render", 5),
    ("report", 5),
    ("output", 6),
    ("pipeline", 7),
    ("cli", 8),
];

fn layer(module: &str) -> Option<u32> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, l)| *l)
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to (`src/render/pdf/write.rs` → `render`), or `None`
/// for the crate roots.
fn owner(file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src()).ok()?;
    let first = rel
        .components()
        .next()?
        .as_os_str()
        .to_string_lossy()
        .into_owned();
    let name = first.trim_end_matches(".rs").to_string();
    (name != "lib" && name != "main").then_some(name)
}

/// The code of a file without its comments (line comments and doc comments).
fn code(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules a piece of code names through `crate::`.
fn uses(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    for (at, _) in code.match_indices("crate::") {
        // `$crate::` inside a macro is the same crate; the path after it counts too.
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // `use crate::{a, b::c, d::{e, f}}`: the first name of each top-level entry.
            let mut depth = 0;
            let mut entry_start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => entry_start = true,
                    c if entry_start && !c.is_whitespace() => {
                        entry_start = false;
                        let name = ident(&group[i..]);
                        if !name.is_empty() && name != "self" {
                            out.insert(name);
                        }
                    }
                    _ => {}
                }
            }
        } else {
            let name = ident(rest);
            if !name.is_empty() {
                out.insert(name);
            }
        }
    }
    out
}

/// Each top-level module and the modules it uses, with one file that shows each use.
fn graph() -> BTreeMap<String, BTreeMap<String, PathBuf>> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files.sort();
    let mut g: BTreeMap<String, BTreeMap<String, PathBuf>> = BTreeMap::new();
    for file in files {
        let Some(from) = owner(&file) else { continue };
        let text = std::fs::read_to_string(&file).expect("source");
        let entry = g.entry(from.clone()).or_default();
        for to in uses(&code(&text)) {
            if to != from {
                entry.entry(to).or_insert_with(|| file.clone());
            }
        }
    }
    g
}

#[test]
fn the_parser_finds_every_form_of_use() {
    let found = uses(&code(
        "use crate::model::Roadmap;\nuse crate::{diagnostic::{Code, Lang}, ingest};\n\
         fn f() { crate::render::pdf::font::prepare(); crate::msg!(\"a\", \"b\"); }\n\
         // crate::pipeline in a comment\n",
    ));
    let want: BTreeSet<String> = ["model", "diagnostic", "ingest", "render", "msg"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(found, want);
}

#[test]
fn every_module_has_a_layer() {
    let lib = std::fs::read_to_string(src().join("lib.rs")).expect("lib.rs");
    for line in code(&lib).lines() {
        if let Some(name) = line.trim().strip_prefix("pub mod ") {
            let name = name.trim_end_matches(';');
            assert!(
                layer(name).is_some(),
                "module {name} has no layer: add it to LAYERS here and to the README table"
            );
        }
    }
}

#[test]
fn no_module_uses_one_above_it() {
    let mut wrong = Vec::new();
    for (from, tos) in graph() {
        let Some(lf) = layer(&from) else {
            wrong.push(format!("{from}: no layer"));
            continue;
        };
        for (to, file) in tos {
            match layer(&to) {
                Some(lt) if lt <= lf => {}
                Some(lt) => wrong.push(format!(
                    "{from} (layer {lf}) uses {to} (layer {lt}) in {}",
                    file.display()
                )),
                None => wrong.push(format!("{from} uses unknown {to} in {}", file.display())),
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_module_graph_has_no_cycle() {
    let g = graph();
    // Depth-first search with colours: grey on the current path, black when done.
    fn visit(
        n: &str,
        g: &BTreeMap<String, BTreeMap<String, PathBuf>>,
        colour: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match colour.get(n) {
            Some(1) => {
                let start = path.iter().position(|p| p == n).unwrap_or(0);
                let mut cycle = path[start..].to_vec();
                cycle.push(n.to_string());
                return Some(cycle);
            }
            Some(2) => return None,
            _ => {}
        }
        colour.insert(n.to_string(), 1);
        path.push(n.to_string());
        for to in g.get(n).into_iter().flat_map(|t| t.keys()) {
            if let Some(c) = visit(to, g, colour, path) {
                return Some(c);
            }
        }
        path.pop();
        colour.insert(n.to_string(), 2);
        None
    }
    let mut colour = BTreeMap::new();
    for n in g.keys() {
        if let Some(cycle) = visit(n, &g, &mut colour, &mut Vec::new()) {
            panic!("cycle: {}", cycle.join(" → "));
        }
    }
    // The graph is not empty: the test looks at real uses.
    assert!(g.get("pipeline").is_some_and(|t| t.contains_key("render")));
}
