//! The layers docs/architecture.md promises, checked on the source: kernels name no Bevy, the
//! scoring and the report do not know the simulation, the simulation does not know its
//! surfaces, and no file under engine/ grows past what a newcomer can hold.

use crate::runtime::root;
use std::path::{Path, PathBuf};

/// Every .rs file under `dir`, recursively, in a stable order.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The file's code without its comments (line comments and doc comments), line by line.
fn code_lines(path: &Path) -> Vec<(usize, String)> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .enumerate()
        .map(|(k, l)| (k + 1, l.split("//").next().unwrap_or("").to_string()))
        .collect()
}

/// Where the code of the files under `dirs` (relative to engine/) says one of `words`.
fn offences(dirs: &[&str], words: &[&str]) -> Vec<String> {
    let engine = root().join("engine");
    let mut found = Vec::new();
    for d in dirs {
        let p = engine.join(d);
        let files = if p.is_dir() { sources(&p) } else { vec![p] };
        for f in files {
            for (n, line) in code_lines(&f) {
                if let Some(w) = words.iter().find(|w| line.contains(*w)) {
                    found.push(format!(
                        "{}:{n}: `{w}` in `{}`",
                        f.strip_prefix(root()).unwrap().display(),
                        line.trim()
                    ));
                }
            }
        }
    }
    found
}

#[test]
fn kernels_name_no_bevy() {
    let found = offences(
        &[
            "scenario", "plan", "report", "crowd", "hazards", "journal", "words.rs", "drill.rs",
        ],
        &["bevy"],
    );
    assert!(
        found.is_empty(),
        "kernels must not name Bevy:\n{}",
        found.join("\n")
    );
    // The scan sees what it looks for: the view is Bevy through and through.
    assert!(!offences(&["view"], &["bevy"]).is_empty());
}

#[test]
fn scoring_and_report_do_not_import_the_simulation() {
    let found = offences(&["plan", "report"], &["crate::sim", "super::sim"]);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_simulation_does_not_know_its_surfaces() {
    let found = offences(
        &["sim"],
        &["crate::view", "crate::hall", "crate::cli", "crate::app"],
    );
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn words_is_a_leaf() {
    let found = offences(
        &["words.rs"],
        &[
            "crate::sim",
            "crate::plan",
            "crate::report",
            "crate::hazards",
            "crate::scenario",
            "crate::view",
        ],
    );
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn no_engine_file_over_1000_lines() {
    let long: Vec<String> = sources(&root().join("engine"))
        .into_iter()
        .filter_map(|f| {
            let n = std::fs::read_to_string(&f).unwrap().lines().count();
            (n > 1000).then(|| format!("{}: {n} lines", f.display()))
        })
        .collect();
    assert!(
        long.is_empty(),
        "split along the domain's seams:\n{}",
        long.join("\n")
    );
}
