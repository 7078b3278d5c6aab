//! The shape of `src/`, checked: imports flow one way through the pipeline
//! (load → validate → localise → render → write, then the commands built on it), no two source
//! files import each other (directly or through others), and no source file grows past 600
//! lines. README's "Code layout" section describes the same stages.
//!
//! Imports are read from the text: every `crate::a::b` and `super::a` path (including the
//! items of a `{…}` group) is resolved to the deepest file under `src/` it names.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Top-level modules in pipeline order: a module may import modules of its own rank or lower.
const STAGES: &[(&str, u8)] = &[
    ("diagnostics", 0),
    ("site", 1),
    ("library", 1),
    ("validate", 2),
    ("localise", 3),
    ("render", 4),
    ("write", 5),
    ("pdf", 5),
    ("check", 6),
    ("xliff", 7),
    ("incremental", 7),
    ("init", 7),
    ("serve", 8),
    ("lib", 9),
    ("cli", 9),
    ("cmd", 9),
    ("main", 9),
];

/// Imports allowed against the pipeline's direction, each with its reason.
const ALLOWED_AGAINST: &[(&str, &str, &str)] = &[];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `src/`, as a path relative to `src/` with `/` separators.
fn source_files() -> Vec<String> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(src()).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "rs") {
            let rel = entry.path().strip_prefix(src()).unwrap();
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    out
}

/// The module path of a file: `site/content/mod.rs` → `["site", "content"]`.
fn module_of(file: &str) -> Vec<String> {
    let mut parts: Vec<String> = file
        .trim_end_matches(".rs")
        .split('/')
        .map(String::from)
        .collect();
    if parts.last().is_some_and(|p| p == "mod") || file == "lib.rs" || file == "main.rs" {
        parts.pop();
    }
    parts
}

/// The deepest file under `src/` that a module path names.
fn resolve(files: &BTreeSet<String>, path: &[String]) -> String {
    let mut best = "lib.rs".to_string();
    for n in 1..=path.len() {
        let base = path[..n].join("/");
        let candidates = [format!("{base}.rs"), format!("{base}/mod.rs")];
        match candidates.into_iter().find(|c| files.contains(c)) {
            Some(c) => best = c,
            None => break,
        }
    }
    best
}

fn ident(s: &str) -> Option<(&str, &str)> {
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    (end > 0).then(|| (&s[..end], &s[end..]))
}

/// The module paths a piece of Rust text imports, relative to `module` for `super::`.
fn imports(text: &str, module: &[String], is_mod_file: bool) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    // Unit tests (`mod tests { use super::*; }`) import their own file.
    let text = text.split("#[cfg(test)]").next().unwrap_or(text);
    let code: String = text
        .lines()
        .filter(|l| {
            let t = l.trim_start();
            !t.starts_with("//")
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut rest = code.as_str();
    loop {
        let c = rest.find("crate::");
        let s = rest.find("super::");
        let (at, mut path) = match (c, s) {
            (Some(c), Some(s)) if s < c => (s, parent(module, is_mod_file)),
            (Some(c), _) => (c, Vec::new()),
            (None, Some(s)) => (s, parent(module, is_mod_file)),
            (None, None) => break,
        };
        // Not part of a longer identifier (`my_crate::`).
        let before = rest[..at].chars().last();
        rest = &rest[at + 7..];
        if before.is_some_and(|b| b.is_ascii_alphanumeric() || b == '_') {
            continue;
        }
        while let Some(r) = rest.strip_prefix("super::") {
            path.pop();
            rest = r;
        }
        while let Some((name, r)) = ident(rest) {
            path.push(name.to_string());
            rest = r;
            match rest.strip_prefix("::") {
                Some(r) => rest = r,
                None => break,
            }
        }
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let mut p = path.clone();
                let mut it = item.trim();
                while let Some((name, r)) = ident(it) {
                    p.push(name.to_string());
                    match r.strip_prefix("::") {
                        Some(r) => it = r,
                        None => break,
                    }
                }
                out.push(p);
            }
        }
        out.push(path);
    }
    out
}

fn parent(module: &[String], _is_mod_file: bool) -> Vec<String> {
    let mut p = module.to_vec();
    p.pop();
    p
}

fn rank(file: &str) -> u8 {
    let top = file
        .split('/')
        .next()
        .unwrap_or(file)
        .trim_end_matches(".rs");
    STAGES
        .iter()
        .find(|(m, _)| *m == top)
        .map(|(_, r)| *r)
        .unwrap_or_else(|| panic!("src/{file}: top-level module `{top}` has no stage in STAGES"))
}

/// File → files it imports.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let files: BTreeSet<String> = source_files().into_iter().collect();
    let mut g = BTreeMap::new();
    for file in &files {
        let text = fs::read_to_string(src().join(file)).unwrap();
        let module = module_of(file);
        let is_mod = file.ends_with("mod.rs") || file == "lib.rs" || file == "main.rs";
        let mut edges = BTreeSet::new();
        for path in imports(&text, &module, is_mod) {
            let target = resolve(&files, &path);
            if &target != file {
                edges.insert(target);
            }
        }
        g.insert(file.clone(), edges);
    }
    g
}

#[test]
fn imports_follow_the_pipeline() {
    let mut against = Vec::new();
    for (file, edges) in graph() {
        for target in edges {
            if target == "lib.rs" {
                continue;
            }
            if rank(&target) > rank(&file)
                && !ALLOWED_AGAINST
                    .iter()
                    .any(|(f, t, _)| *f == file && *t == target)
            {
                against.push(format!("src/{file} → src/{target}"));
            }
        }
    }
    assert!(
        against.is_empty(),
        "imports against the pipeline (load → validate → localise → render → write):\n{}",
        against.join("\n")
    );
    assert!(
        ALLOWED_AGAINST.len() <= 1,
        "at most one import against the pipeline"
    );
}

#[test]
fn no_import_cycles() {
    let g = graph();
    // Depth-first search for a back edge; report the cycle it closes.
    fn visit(
        n: &str,
        g: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
        cycles: &mut Vec<String>,
    ) {
        state.insert(n.to_string(), 1);
        stack.push(n.to_string());
        for m in g.get(n).into_iter().flatten() {
            // lib.rs declares every module; a `crate::` path to it names a re-export.
            if m == "lib.rs" {
                continue;
            }
            match state.get(m.as_str()) {
                Some(1) => {
                    let i = stack.iter().position(|s| s == m).unwrap_or(0);
                    let mut c = stack[i..].to_vec();
                    c.push(m.clone());
                    cycles.push(c.join(" → "));
                }
                Some(_) => {}
                None => visit(m, g, state, stack, cycles),
            }
        }
        stack.pop();
        state.insert(n.to_string(), 2);
    }
    let mut state = BTreeMap::new();
    let mut cycles = Vec::new();
    for n in g.keys() {
        if !state.contains_key(n.as_str()) {
            visit(n, &g, &mut state, &mut Vec::new(), &mut cycles);
        }
    }
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn no_source_file_over_600_lines() {
    let long: Vec<String> = source_files()
        .into_iter()
        .filter_map(|f| {
            let n = fs::read_to_string(src().join(&f)).unwrap().lines().count();
            (n > 600).then(|| format!("src/{f}: {n} lines"))
        })
        .collect();
    assert!(
        long.is_empty(),
        "split these along their seams:\n{}",
        long.join("\n")
    );
}

#[test]
fn the_import_reader_resolves_groups_and_super() {
    let files: BTreeSet<String> = ["site/mod.rs", "site/config.rs", "render/mod.rs", "lib.rs"]
        .into_iter()
        .map(String::from)
        .collect();
    let module = module_of("render/mod.rs");
    let found: BTreeSet<String> = imports(
        "use crate::site::{config::Paper, Site};\nuse super::lib_thing;\n// crate::x::y\n",
        &module,
        true,
    )
    .iter()
    .map(|p| resolve(&files, p))
    .collect();
    assert!(found.contains("site/config.rs"), "{found:?}");
    assert!(found.contains("site/mod.rs"), "{found:?}");
    assert!(!found.iter().any(|f| f.contains('x')), "{found:?}");
}
