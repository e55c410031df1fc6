//! Modules import downward only: in every package of the validator, the graph of which
//! module names which (`crate::`, `super::` and `self::` paths, in `use` lines and inline)
//! has no cycle. A module that needs one of its importers gets the shared piece moved
//! below both instead. Test modules (`#[cfg(test)] mod ..`) are left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Module = Vec<String>;

/// Every package's `src/` under `validator/`.
fn source_dirs() -> Vec<PathBuf> {
    let validator = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut dirs = vec![validator.join("src")];
    let mut packages: Vec<PathBuf> = std::fs::read_dir(&validator)
        .expect("validator/")
        .filter_map(Result::ok)
        .map(|entry| entry.path().join("src"))
        .filter(|src| src.is_dir())
        .collect();
    packages.sort();
    dirs.extend(packages);
    dirs
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir)
        .expect("readable dir")
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `a/b.rs` is `a::b`; `a/mod.rs`, `lib.rs` and `main.rs` name their directory.
fn module_of(src: &Path, file: &Path) -> Module {
    let relative = file.strip_prefix(src).expect("under src");
    let mut parts: Module = relative
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts
        .last()
        .is_some_and(|last| ["mod", "lib", "main"].contains(&last.as_str()))
    {
        parts.pop();
    }
    parts
}

/// The code without line comments and without its test modules.
fn code(text: &str) -> String {
    let without_tests = ["#[cfg(test)]", "#[cfg(all(test"]
        .iter()
        .filter_map(|marker| text.find(marker))
        .filter(|&at| {
            text[at..]
                .lines()
                .nth(1)
                .is_some_and(|l| l.contains("mod "))
        })
        .min()
        .map_or(text, |at| &text[..at]);
    without_tests
        .lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The items of a `{a, b::{c, d}}` group, each as a path.
fn group_paths(prefix: &[String], body: &str, out: &mut Vec<Module>) {
    let mut depth = 0;
    let mut start = 0;
    let bytes: Vec<char> = body.chars().collect();
    let mut items = Vec::new();
    for (i, c) in bytes.iter().enumerate() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(bytes[start..i].iter().collect::<String>());
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(bytes[start..].iter().collect::<String>());
    for item in items {
        let item = item.trim();
        if item.is_empty() {
            continue;
        }
        match item.find('{') {
            Some(open) => {
                let mut path = prefix.to_vec();
                path.extend(segments(&item[..open]));
                group_paths(&path, &item[open + 1..item.len() - 1], out);
            }
            None => {
                let mut path = prefix.to_vec();
                path.extend(segments(item.split(" as ").next().unwrap_or(item)));
                out.push(path);
            }
        }
    }
}

fn segments(text: &str) -> Vec<String> {
    text.split("::")
        .map(str::trim)
        .filter(|s| !s.is_empty() && *s != "self")
        .map(str::to_owned)
        .collect()
}

/// Every path starting with `crate::`, `super::` or `self::`, made absolute.
fn paths(me: &Module, code: &str) -> Vec<Module> {
    let mut out = Vec::new();
    let chars: Vec<char> = code.chars().collect();
    let text: String = chars.iter().collect();
    for root in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(found) = text[from..].find(root) {
            let at = from + found;
            from = at + root.len();
            let before = text[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let base: Module = match root {
                "crate::" => Vec::new(),
                "self::" => me.clone(),
                _ => me[..me.len().saturating_sub(1)].to_vec(),
            };
            let rest = &text[from..];
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(rest.len());
            let path_text = rest[..end].trim_end_matches(':');
            let mut path = base.clone();
            path.extend(segments(path_text));
            if rest[end..].starts_with('{') && (end == 0 || rest[..end].ends_with("::")) {
                let body = &rest[end + 1..];
                let mut depth = 1;
                let close = body
                    .char_indices()
                    .find(|&(_, c)| {
                        match c {
                            '{' => depth += 1,
                            '}' => depth -= 1,
                            _ => {}
                        }
                        depth == 0
                    })
                    .map_or(body.len(), |(i, _)| i);
                group_paths(&path, &body[..close], &mut out);
            } else {
                out.push(path);
            }
        }
    }
    out
}

/// The strongly connected components with more than one module (Tarjan).
fn cycles(edges: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<Vec<Module>> {
    struct State<'a> {
        edges: &'a BTreeMap<Module, BTreeSet<Module>>,
        index: BTreeMap<&'a Module, usize>,
        low: BTreeMap<&'a Module, usize>,
        stack: Vec<&'a Module>,
        on_stack: BTreeSet<&'a Module>,
        next: usize,
        found: Vec<Vec<Module>>,
    }
    fn visit<'a>(state: &mut State<'a>, v: &'a Module) {
        state.index.insert(v, state.next);
        state.low.insert(v, state.next);
        state.next += 1;
        state.stack.push(v);
        state.on_stack.insert(v);
        for w in state.edges.get(v).into_iter().flatten() {
            if !state.index.contains_key(w) {
                visit(state, w);
                let low = state.low[w].min(state.low[v]);
                state.low.insert(v, low);
            } else if state.on_stack.contains(w) {
                let low = state.index[w].min(state.low[v]);
                state.low.insert(v, low);
            }
        }
        if state.low[v] == state.index[v] {
            let mut component = Vec::new();
            while let Some(w) = state.stack.pop() {
                state.on_stack.remove(w);
                component.push(w.clone());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                state.found.push(component);
            }
        }
    }
    let mut state = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        found: Vec::new(),
    };
    for v in edges.keys() {
        if !state.index.contains_key(v) {
            visit(&mut state, v);
        }
    }
    state.found
}

#[test]
fn no_package_has_an_import_cycle() {
    let mut report = Vec::new();
    let mut imports = 0;
    for src in source_dirs() {
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        let modules: BTreeMap<Module, PathBuf> = files
            .iter()
            .map(|file| (module_of(&src, file), file.clone()))
            .collect();
        let mut edges: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
        for (me, file) in &modules {
            let text = std::fs::read_to_string(file).expect("readable source");
            for path in paths(me, &code(&text)) {
                // The longest prefix that is a module: `crate::a::b::Item` names `a::b`.
                let target = (0..=path.len())
                    .rev()
                    .map(|n| path[..n].to_vec())
                    .find(|prefix| modules.contains_key(prefix))
                    .unwrap_or_default();
                if &target != me && !target.is_empty() {
                    edges.entry(me.clone()).or_default().insert(target);
                }
            }
        }
        imports += edges.values().map(BTreeSet::len).sum::<usize>();
        for cycle in cycles(&edges) {
            let names: Vec<String> = cycle.iter().map(|m| m.join("::")).collect();
            let package = src.parent().and_then(Path::file_name).unwrap_or_default();
            report.push(format!("{}: {}", package.display(), names.join(" <-> ")));
        }
    }
    assert!(
        imports > 200,
        "only {imports} imports read: is the reader broken?"
    );
    assert!(report.is_empty(), "import cycles:\n{}", report.join("\n"));
}

#[test]
fn the_reader_finds_a_cycle_when_there_is_one() {
    let a = vec!["a".to_owned()];
    let b = vec!["b".to_owned()];
    let mut edges = BTreeMap::new();
    for path in paths(&a, &code("use crate::{b::Thing, c};\n// use crate::z;\n")) {
        edges
            .entry(a.clone())
            .or_insert_with(BTreeSet::new)
            .insert(path[..1].to_vec());
    }
    for path in paths(
        &b,
        &code("fn f() { super::a::g() }\n#[cfg(test)]\nmod tests { use crate::c; }\n"),
    ) {
        edges
            .entry(b.clone())
            .or_insert_with(BTreeSet::new)
            .insert(path[..1].to_vec());
    }
    assert_eq!(edges[&a], BTreeSet::from([b.clone(), vec!["c".to_owned()]]));
    assert_eq!(edges[&b], BTreeSet::from([a.clone()]));
    assert_eq!(cycles(&edges).len(), 1);
}
