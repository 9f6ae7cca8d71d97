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
    let edges: BTreeMap<String, BTreeSet<String>> = g
        .iter()
        .map(|(from, tos)| (from.clone(), tos.keys().cloned().collect()))
        .collect();
    if let Some(cycle) = find_cycle(&edges) {
        panic!("cycle: {}", cycle.join(" → "));
    }
    // The graph is not empty: the test looks at real uses.
    assert!(g.get("pipeline").is_some_and(|t| t.contains_key("render")));
}

/// A module's path from the crate root (`["render", "pdf", "layout"]`).
type ModPath = Vec<String>;

/// Every module of `src/` and the file it is written in (`x.rs`, or `x/mod.rs`; the crate
/// root is the empty path).
fn modules() -> BTreeMap<ModPath, PathBuf> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut out = BTreeMap::new();
    for file in files {
        let Ok(rel) = file.strip_prefix(src()) else {
            continue;
        };
        let mut path: ModPath = rel
            .components()
            .map(|c| {
                c.as_os_str()
                    .to_string_lossy()
                    .trim_end_matches(".rs")
                    .to_string()
            })
            .collect();
        if matches!(
            path.last().map(String::as_str),
            Some("mod" | "lib" | "main")
        ) {
            path.pop();
        }
        // The binary's root, and test modules (`#[cfg(test)] mod tests;`), are not part of
        // the library's graph.
        if rel != Path::new("main.rs") && path.last().is_none_or(|m| m != "tests") {
            out.insert(path, file);
        }
    }
    out
}

/// The module paths a file's code names: `crate::a::b`, `super::x`, `self::x` (with grouped
/// `use … ::{a, b::c}` lists), and in a module with children, a child named bare
/// (`layout::layout(…)`). Each is resolved against `here` (the file's module) and cut back
/// to the longest path that is a module. A file's `#[cfg(test)]` part is left out: `super::`
/// there means the file itself.
fn paths_named(
    code: &str,
    here: &ModPath,
    modules: &BTreeMap<ModPath, PathBuf>,
) -> BTreeSet<ModPath> {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let code = code.split("#[cfg(test)]").next().unwrap_or("");
    let children: BTreeSet<&str> = modules
        .keys()
        .filter(|p| p.len() == here.len() + 1 && p.starts_with(here))
        .filter_map(|p| p.last().map(String::as_str))
        .collect();
    let mut out = BTreeSet::new();
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < code.len() {
        let at_start = i == 0
            || !(is_ident(bytes[i - 1] as char) || bytes[i - 1] == b':' || bytes[i - 1] == b'$');
        let word: String = code[i..].chars().take_while(|&c| is_ident(c)).collect();
        if word.is_empty() {
            i += code[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let after = &code[i + word.len()..];
        if at_start && after.starts_with("::") {
            let base: Option<ModPath> = match word.as_str() {
                "crate" => Some(Vec::new()),
                "self" => Some(here.clone()),
                "super" => Some(here[..here.len().saturating_sub(1)].to_vec()),
                w if children.contains(w) => {
                    let mut p = here.clone();
                    p.push(w.to_string());
                    Some(p)
                }
                _ => None,
            };
            if let Some(base) = base {
                for full in expand(base, &after[2..]) {
                    out.insert(existing(full, modules));
                }
            }
        }
        i += word.len();
    }
    out
}

/// The paths `rest` (what follows `prefix::`) spells, `super::` and groups included.
fn expand(mut prefix: ModPath, rest: &str) -> Vec<ModPath> {
    let rest = rest.trim_start();
    if let Some(group) = rest.strip_prefix('{') {
        let mut out = Vec::new();
        let (mut depth, mut start) = (0, 0);
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' | ',' if depth == 0 => {
                    let entry = group[start..i].trim();
                    if !entry.is_empty() && entry != "self" && entry != "*" {
                        out.extend(expand(prefix.clone(), entry));
                    }
                    if c == '}' {
                        break;
                    }
                    start = i + 1;
                }
                '}' => depth -= 1,
                _ => {}
            }
        }
        if out.is_empty() {
            out.push(prefix);
        }
        return out;
    }
    let seg: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if seg.is_empty() {
        return vec![prefix];
    }
    if seg == "super" {
        prefix.pop();
    } else {
        prefix.push(seg.clone());
    }
    match rest[seg.len()..].strip_prefix("::") {
        Some(more) => expand(prefix, more),
        None => vec![prefix],
    }
}

/// The longest start of `path` that is a module.
fn existing(mut path: ModPath, modules: &BTreeMap<ModPath, PathBuf>) -> ModPath {
    while !path.is_empty() && !modules.contains_key(&path) {
        path.pop();
    }
    path
}

/// For each folder (its module path), the graph of its files: which file of the folder each
/// one uses. A file in a subfolder counts as the subfolder; the folder's own module file
/// (`mod.rs`, or `x.rs` beside `x/`) is `mod.rs`.
fn file_graphs() -> BTreeMap<ModPath, BTreeMap<String, BTreeSet<String>>> {
    let modules = modules();
    let mut graphs: BTreeMap<ModPath, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for (here, file) in &modules {
        let text = std::fs::read_to_string(file).expect("source");
        for target in paths_named(&code(&text), here, &modules) {
            let common = here.iter().zip(&target).take_while(|(a, b)| a == b).count();
            if common == here.len() && common == target.len() {
                continue;
            }
            let side = |p: &ModPath| p.get(common).cloned().unwrap_or_else(|| "mod.rs".into());
            graphs
                .entry(here[..common].to_vec())
                .or_default()
                .entry(side(here))
                .or_default()
                .insert(side(&target));
        }
    }
    graphs
}

/// A cycle in `g`, if it has one.
fn find_cycle(g: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        g: &BTreeMap<String, BTreeSet<String>>,
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
        for to in g.get(n).into_iter().flatten() {
            if let Some(c) = visit(to, g, colour, path) {
                return Some(c);
            }
        }
        path.pop();
        colour.insert(n.to_string(), 2);
        None
    }
    let mut colour = BTreeMap::new();
    g.keys()
        .find_map(|n| visit(n, g, &mut colour, &mut Vec::new()))
}

#[test]
fn the_path_reader_resolves_super_self_groups_and_children() {
    let modules: BTreeMap<ModPath, PathBuf> = [
        vec![],
        vec!["render"],
        vec!["render", "pdf"],
        vec!["render", "pdf", "layout"],
        vec!["render", "pdf", "chart"],
        vec!["render", "pdf", "write"],
        vec!["model"],
    ]
    .into_iter()
    .map(|p| (p.into_iter().map(String::from).collect(), PathBuf::new()))
    .collect();
    let p = |s: &str| -> ModPath {
        s.split('/')
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect()
    };
    let layout = p("render/pdf/layout");
    let found = paths_named(
        "use super::{chart::{self, Bar}, PdfOptions};\nuse crate::model::Roadmap;\n\
         fn f() { super::super::pdf::write::write(); }\n#[cfg(test)]\nmod tests { use super::*; }",
        &layout,
        &modules,
    );
    let want: BTreeSet<ModPath> = [
        p("render/pdf/chart"),
        p("render/pdf"),
        p("model"),
        p("render/pdf/write"),
    ]
    .into_iter()
    .collect();
    assert_eq!(found, want);
    let pdf = p("render/pdf");
    let from_mod = paths_named(
        "let laid = layout::layout(rm); self::write::write(&laid);",
        &pdf,
        &modules,
    );
    assert_eq!(
        from_mod,
        [p("render/pdf/layout"), p("render/pdf/write")]
            .into_iter()
            .collect()
    );
    let g: BTreeMap<String, BTreeSet<String>> = [
        ("a".to_string(), ["b".to_string()].into_iter().collect()),
        ("b".to_string(), ["a".to_string()].into_iter().collect()),
    ]
    .into_iter()
    .collect();
    assert_eq!(
        find_cycle(&g),
        Some(vec!["a".into(), "b".into(), "a".into()])
    );
}

/// Folders whose files still go round in a circle, each to be untangled by the change that
/// owns the folder (a module file and its children sharing types through `super::`). The
/// test fails when one of them no longer has a cycle, so the list only shrinks; it is empty
/// since render/html, render/xlsx and render/template were untangled.
const KNOWN_CYCLES: &[&str] = &[];

#[test]
fn no_folder_has_a_cycle_of_files() {
    let graphs = file_graphs();
    let mut cycles = Vec::new();
    let mut untangled = Vec::new();
    for (folder, g) in &graphs {
        let name = folder.join("/");
        match (find_cycle(g), KNOWN_CYCLES.contains(&name.as_str())) {
            (Some(cycle), false) => cycles.push(format!("src/{name}: {}", cycle.join(" → "))),
            (None, true) => untangled.push(name),
            _ => {}
        }
    }
    assert!(cycles.is_empty(), "cycles of files:\n{}", cycles.join("\n"));
    assert!(
        untangled.is_empty(),
        "no longer cyclic, take them off KNOWN_CYCLES: {untangled:?}"
    );
    // The graphs are real: render/pdf's layout draws on its canvas.
    let pdf = graphs.get(&vec!["render".to_string(), "pdf".to_string()]);
    assert!(pdf
        .and_then(|g| g.get("layout"))
        .is_some_and(|t| t.contains("ctx")));
}
