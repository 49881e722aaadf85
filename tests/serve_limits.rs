//! The portal stays a thin layer (issue 26): no file of `src/serve/` over 700 lines, no
//! function there over 80, no `.map_err(|_| …)` that drops a failure's cause, and no circle
//! between its files. Read from the sources, so a change that breaks a limit fails here and
//! says where. `cargo test --test serve_limits -- --nocapture` prints the longest ones.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_FILE_LINES: usize = 700;
const MAX_FN_LINES: usize = 80;

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

fn serve_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/serve")
}

fn name(path: &Path) -> String {
    path.strip_prefix(serve_dir())
        .unwrap()
        .display()
        .to_string()
}

/// Each function's name and length in lines: from its `fn` line to the closing brace at
/// the same indentation (rustfmt's layout, which CI enforces).
fn functions(text: &str) -> Vec<(String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    for (at, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let rest = ["pub(crate) ", "pub(super) ", "pub "]
            .iter()
            .find_map(|p| trimmed.strip_prefix(p))
            .unwrap_or(trimmed);
        let rest = rest.strip_prefix("async ").unwrap_or(rest);
        let Some(signature) = rest.strip_prefix("fn ") else {
            continue;
        };
        let fn_name: String = signature
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let end = format!("{indent}}}");
        if let Some(length) = lines[at..].iter().position(|l| *l == end) {
            found.push((fn_name, length + 1));
        }
    }
    found
}

/// The code of a file without its tests and comments.
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or(text);
    text.lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn no_serve_file_over_700_lines_and_no_function_over_80() {
    let mut too_long = Vec::new();
    let mut longest_file = (0, String::new());
    let mut longest_fn = (0, String::new());
    for path in rust_files(&serve_dir()) {
        let text = std::fs::read_to_string(&path).unwrap();
        let lines = text.lines().count();
        if lines > MAX_FILE_LINES {
            too_long.push(format!("{}: {lines} lines", name(&path)));
        }
        longest_file = longest_file.max((lines, name(&path)));
        for (function, length) in functions(&text) {
            if length > MAX_FN_LINES {
                too_long.push(format!("{}: fn {function}: {length} lines", name(&path)));
            }
            longest_fn = longest_fn.max((length, format!("{}: fn {function}", name(&path))));
        }
    }
    println!(
        "longest file: {} ({} lines); longest function: {} ({} lines)",
        longest_file.1, longest_file.0, longest_fn.1, longest_fn.0
    );
    assert!(
        too_long.is_empty(),
        "over the limits:\n{}",
        too_long.join("\n")
    );
}

#[test]
fn no_failure_in_serve_drops_its_cause() {
    let mut silent = Vec::new();
    for path in rust_files(&serve_dir()) {
        let text = code(&std::fs::read_to_string(&path).unwrap());
        for (at, line) in text.lines().enumerate() {
            if line.contains("map_err(|_|") {
                silent.push(format!("{}:{}: {}", name(&path), at + 1, line.trim()));
            }
        }
    }
    assert!(silent.is_empty(), "causes dropped:\n{}", silent.join("\n"));
}

/// The module a path of `src/serve/` is: its file's stem, or its folder's name.
fn module_of(path: &Path) -> String {
    let relative = path.strip_prefix(serve_dir()).unwrap();
    let first = relative.components().next().unwrap();
    let first = first.as_os_str().to_string_lossy();
    first.strip_suffix(".rs").unwrap_or(&first).to_string()
}

#[test]
fn no_circle_between_serve_files() {
    let files = rust_files(&serve_dir());
    let modules: BTreeSet<String> = files
        .iter()
        .map(|p| module_of(p))
        .filter(|m| m != "mod")
        .collect();
    // Which sibling modules each one names (`super::x`, `crate::serve::x`, or inside a
    // `use super::{…}` group). A folder's own files name each other as `super::`, which
    // is inside one module: only names of other modules count.
    let mut uses: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in &files {
        let module = module_of(path);
        if module == "mod" {
            continue;
        }
        let text = code(&std::fs::read_to_string(path).unwrap());
        let inside_folder = path.parent() != Some(serve_dir().as_path());
        let named = uses.entry(module.clone()).or_default();
        let prefixes: &[&str] = if inside_folder {
            &["crate::serve::", "super::super::"]
        } else {
            &["crate::serve::", "super::"]
        };
        for prefix in prefixes {
            for (at, _) in text.match_indices(prefix) {
                let rest = &text[at + prefix.len()..];
                let words: Vec<&str> = if let Some(group) = rest.strip_prefix('{') {
                    let group = &group[..group.find('}').unwrap_or(group.len())];
                    group
                        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                        .collect()
                } else {
                    vec![
                        rest.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                            .next()
                            .unwrap_or(""),
                    ]
                };
                for word in words {
                    if modules.contains(word) && word != module {
                        named.insert(word.to_string());
                    }
                }
            }
        }
    }
    // A circle is a module that reaches itself.
    let mut circles = Vec::new();
    for start in &modules {
        let mut seen = BTreeSet::new();
        let mut todo: Vec<Vec<String>> = vec![vec![start.clone()]];
        while let Some(path) = todo.pop() {
            let last = path.last().unwrap();
            for next in uses.get(last).into_iter().flatten() {
                if next == start {
                    circles.push(format!("{} → {start}", path.join(" → ")));
                } else if seen.insert(next.clone()) {
                    let mut longer = path.clone();
                    longer.push(next.clone());
                    todo.push(longer);
                }
            }
        }
    }
    assert!(
        circles.is_empty(),
        "circles between serve's files:\n{}",
        circles.join("\n")
    );
}
