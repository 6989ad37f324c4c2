//! The crate's floors: every `crate::`/`super::` path in src/ must lead to the same floor or a
//! lower one. Reads the sources only (no build of the crate, no database).
//!
//! | Floor | What | May import |
//! |---|---|---|
//! | 0 ground | [`GROUND`]: error, ids, clock, sector, group_status, validate, db, live (the event bus), the GraphQL toolkit (src/graphql), access (roles, the viewer, the access rules, tokens) | the ground |
//! | 1 models | a domain's files that implement no GraphQL object: model, loader, order, figures... | the ground; its own domain's models; the models of the domains before it in [`DOMAINS`] |
//! | 2 types | `graphql.rs`, and any other domain file with an `#[Object]`/`#[ComplexObject]` | the ground; every domain's models and types |
//! | 3 mutations | `mutations.rs` | the ground; every domain's models and types; its own domain's mutations |
//! | 4 schema | [`SCHEMA`]: src/schema (Query, Mutation, the schema, `node`, `viewer`), the guard and persisted queries | everything below |
//! | 5 edge | [`EDGE`]: the HTTP edge and the CSV exports it serves, the command line, demo data | everything |
//!
//! The types of floor 2 are peers because a graph API's types refer to each other (a group has
//! members, a member has a group): a relationship field puts the type of one domain in the
//! resolver of another, whichever way the domains are ordered. Everything a resolver computes
//! comes from a model, so the order of [`DOMAINS`] holds where the data is read.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// The ground floor: top-level modules every other floor may use.
const GROUND: &[&str] =
    &["error", "ids", "clock", "sector", "group_status", "validate", "db", "live", "graphql", "access"];

/// The domains, lowest first.
const DOMAINS: &[&str] =
    &["audit", "geography", "groups", "members", "products", "aid", "events", "mentoring", "financing", "import"];

/// The schema assembly, and the gate in front of it: the guard and persisted queries check and
/// run requests on the assembled schema.
const SCHEMA: &[&str] = &["schema", "graphql/guard", "graphql/persisted"];

/// The edge: modules (or single files, as paths under src/ without `.rs`) that may import anything.
const EDGE: &[&str] = &["lib", "main", "server", "export", "demo", "financing/demo"];

/// Imports that still run the wrong way: `(file, imported path)`. Each must still occur (so the
/// list only shrinks).
const KNOWN_EXCEPTIONS: &[(&str, &str)] = &[];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Floor {
    Ground,
    Model(usize),
    Types,
    Mutations,
    Schema,
    Edge,
}

/// One source file: its module path (`["groups", "graphql"]`) and its text without comments.
struct Source {
    module: Vec<String>,
    text: String,
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn read_sources(dir: &Path, out: &mut Vec<Source>) {
    for entry in fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            read_sources(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            let relative = path.strip_prefix(src_dir()).expect("under src/").with_extension("");
            let mut module: Vec<String> = relative.iter().map(|part| part.to_string_lossy().into_owned()).collect();
            if module.last().is_some_and(|last| last == "mod") {
                module.pop();
            }
            let text = fs::read_to_string(&path).expect("a readable source file");
            out.push(Source { module, text: without_comments(&text) });
        }
    }
}

/// The text with `//` comments removed (doc comments mention paths that are not imports).
fn without_comments(text: &str) -> String {
    text.lines().map(|line| line.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
}

/// Every path that starts at `start` in `text`: `a::b::{c, d::e}` gives `a::b::c` and `a::b::d::e`.
fn paths_at(text: &str, start: usize, prefix: &[String], out: &mut Vec<Vec<String>>) -> usize {
    let bytes = text.as_bytes();
    let mut path = prefix.to_vec();
    let mut at = start;
    loop {
        while at < bytes.len() && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        if at < bytes.len() && bytes[at] == b'{' {
            at += 1;
            loop {
                at = paths_at(text, at, &path, out);
                while at < bytes.len() && (bytes[at].is_ascii_whitespace() || bytes[at] == b',') {
                    at += 1;
                }
                if at >= bytes.len() || bytes[at] == b'}' {
                    return at + 1;
                }
            }
        }
        let end = at + text[at..].find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(text.len() - at);
        if end == at {
            out.push(path);
            return at;
        }
        path.push(text[at..end].to_string());
        at = end;
        if text[at..].starts_with("::") {
            at += 2;
        } else {
            out.push(path);
            // `x as y` names the same module.
            let rest = text[at..].trim_start();
            if let Some(alias) = rest.strip_prefix("as ") {
                let alias = alias.trim_start();
                let name = alias.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(alias.len());
                return text.len() - alias.len() + name;
            }
            return at;
        }
    }
}

/// The module paths a source imports, made absolute (`super::` resolved against its module).
fn imports_of(source: &Source) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    for (start, _) in source.text.match_indices("crate::") {
        let before = source.text[..start].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        paths_at(&source.text, start + "crate::".len(), &[], &mut found);
    }
    // `super::` is relative to the parent of the file's module.
    for (start, _) in source.text.match_indices("super::") {
        if source.text[..start].ends_with("super::") || source.text[..start].ends_with('_') {
            continue;
        }
        let mut relative = Vec::new();
        paths_at(&source.text, start, &[], &mut relative);
        for path in relative {
            let ups = path.iter().take_while(|part| *part == "super").count();
            let base = source.module.len().saturating_sub(ups);
            let mut absolute = source.module[..base].to_vec();
            absolute.extend(path[ups..].iter().cloned());
            found.push(absolute);
        }
    }
    found
}

/// What the crate's sources define: file modules, `#[macro_export]` macros and `pub use`
/// re-exports of mod.rs files, to find the file a path leads to.
struct Crate {
    files: BTreeMap<Vec<String>, Floor>,
    macros: BTreeMap<String, Vec<String>>,
    reexports: BTreeMap<Vec<String>, Vec<String>>,
}

impl Crate {
    fn read() -> (Crate, Vec<Source>) {
        let mut sources = Vec::new();
        read_sources(&src_dir(), &mut sources);
        let mut krate = Crate { files: BTreeMap::new(), macros: BTreeMap::new(), reexports: BTreeMap::new() };
        for source in &sources {
            krate.files.insert(source.module.clone(), floor_of(source));
            for (at, _) in source.text.match_indices("macro_rules!") {
                if source.text[..at].trim_end().ends_with("#[macro_export]") {
                    let name = source.text[at + "macro_rules!".len()..].trim_start();
                    let name: String = name.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                    krate.macros.insert(name, source.module.clone());
                }
            }
            for (at, _) in source.text.match_indices("pub use ") {
                let mut paths = Vec::new();
                paths_at(&source.text, at + "pub use ".len(), &[], &mut paths);
                for path in paths {
                    let mut target = source.module.clone();
                    target.extend(path.iter().filter(|part| *part != "self").cloned());
                    let mut name = source.module.clone();
                    name.push(path.last().expect("a path has a name").clone());
                    krate.reexports.insert(name, target);
                }
            }
        }
        (krate, sources)
    }

    /// The file module a path leads to: the longest prefix that is a file, through macros and
    /// re-exports.
    fn file_of(&self, path: &[String]) -> Option<Vec<String>> {
        if path.len() == 1
            && let Some(module) = self.macros.get(&path[0])
        {
            return Some(module.clone());
        }
        for length in (1..=path.len()).rev() {
            if let Some(target) = self.reexports.get(&path[..length]) {
                return self.file_of(target);
            }
            if self.files.contains_key(&path[..length]) {
                return Some(path[..length].to_vec());
            }
        }
        None
    }
}

fn listed(list: &[&str], module: &[String]) -> bool {
    list.iter().any(|entry| {
        let parts: Vec<&str> = entry.split('/').collect();
        module.len() >= parts.len() && parts.iter().zip(module).all(|(part, name)| part == name)
    })
}

fn floor_of(source: &Source) -> Floor {
    let module = &source.module;
    if listed(EDGE, module) {
        return Floor::Edge;
    }
    if listed(SCHEMA, module) {
        return Floor::Schema;
    }
    if listed(GROUND, module) {
        return Floor::Ground;
    }
    let Some(rank) = DOMAINS.iter().position(|domain| *domain == module[0]) else {
        panic!("src/{} is in no floor: add its top-level module to a table of tests/architecture.rs", module.join("/"));
    };
    if module.last().is_some_and(|name| name == "mutations") {
        Floor::Mutations
    } else if source.text.contains("#[Object")
        || source.text.contains("#[ComplexObject")
        || module.last().is_some_and(|name| name == "graphql")
    {
        Floor::Types
    } else {
        Floor::Model(rank)
    }
}

fn domain(module: &[String]) -> &str {
    &module[0]
}

/// Whether a file at `from` may import the file at `to`.
fn allowed(from: (&[String], Floor), to: (&[String], Floor)) -> bool {
    let ((from_module, from_floor), (to_module, to_floor)) = (from, to);
    match (from_floor, to_floor) {
        (Floor::Edge, _) => true,
        (_, Floor::Edge) => false,
        (Floor::Schema, _) => true,
        (_, Floor::Schema) => false,
        (Floor::Ground, other) => other == Floor::Ground,
        (_, Floor::Ground) => true,
        (Floor::Model(from_rank), Floor::Model(to_rank)) => to_rank <= from_rank,
        (Floor::Model(_), _) => false,
        (Floor::Types, to) => to != Floor::Mutations,
        (Floor::Mutations, Floor::Mutations) => domain(from_module) == domain(to_module),
        (Floor::Mutations, _) => true,
    }
}

#[test]
fn no_import_runs_up_a_floor() {
    let (krate, sources) = Crate::read();
    let mut wrong = Vec::new();
    for source in &sources {
        let from_floor = krate.files[&source.module];
        for path in imports_of(source) {
            let Some(target) = krate.file_of(&path) else { continue };
            let to_floor = krate.files[&target];
            if target != source.module && !allowed((&source.module, from_floor), (&target, to_floor)) {
                wrong.push((source.module.join("/"), path.join("::"), format!("{from_floor:?} -> {to_floor:?}")));
            }
        }
    }
    wrong.sort();
    wrong.dedup();
    let unexpected: Vec<_> = wrong
        .iter()
        .filter(|(file, path, _)| {
            !KNOWN_EXCEPTIONS.iter().any(|(known_file, known)| known_file == file && known == path)
        })
        .collect();
    let gone: Vec<_> = KNOWN_EXCEPTIONS
        .iter()
        .filter(|(known_file, known)| !wrong.iter().any(|(file, path, _)| known_file == file && known == path))
        .collect();
    let report: Vec<String> =
        unexpected.iter().map(|(file, path, how)| format!("src/{file}: crate::{path} ({how})")).collect();
    assert!(report.is_empty(), "{} imports run up a floor:\n{}", report.len(), report.join("\n"));
    assert!(gone.is_empty(), "known exceptions that no longer occur, remove them: {gone:?}");
}

#[test]
fn the_checker_sees_imports() {
    let source = Source {
        module: vec!["groups".into(), "model".into()],
        text: "use crate::financing::{lenders::model::Lender, applications};\nuse super::graphql::X;".into(),
    };
    let found: Vec<String> = imports_of(&source).iter().map(|path| path.join("::")).collect();
    assert_eq!(found, ["financing::lenders::model::Lender", "financing::applications", "groups::graphql::X"]);
    let (krate, _) = Crate::read();
    let model = krate.file_of(&["groups".into(), "model".into(), "Group".into()]).expect("groups::model");
    let financing = krate.file_of(&["financing".into(), "applications".into(), "model".into()]).expect("a model");
    assert!(
        !allowed((&model, krate.files[&model]), (&financing, krate.files[&financing])),
        "a model imports a higher domain's model"
    );
}
