//! The broken-scenario corpus (tests/broken/, made by tests/broken/generate.py): each file must
//! be rejected with the expected message at the expected line and column.

use drillhall::scenario::{check_file, diagnostic::Severity};
use std::path::{Path, PathBuf};

fn corpus() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/broken exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    files
}

/// `// expect: LINE:COL: text` lines from a file's header.
fn expectations(src: &str) -> Vec<(u32, u32, String)> {
    src.lines()
        .filter_map(|l| l.strip_prefix("// expect: "))
        .map(|rest| {
            let mut parts = rest.splitn(3, ':');
            let line = parts.next().and_then(|x| x.parse().ok()).expect("line");
            let col = parts.next().and_then(|x| x.parse().ok()).expect("col");
            let text = parts.next().expect("message").trim().to_string();
            (line, col, text)
        })
        .collect()
}

#[test]
fn broken_corpus_has_at_least_25_cases() {
    assert!(
        corpus().len() >= 25,
        "only {} broken scenarios",
        corpus().len()
    );
}

#[test]
fn every_broken_scenario_reports_the_expected_error_at_its_position() {
    let mut failures = Vec::new();
    for file in corpus() {
        let src = std::fs::read_to_string(&file).unwrap();
        let expected = expectations(&src);
        assert!(
            !expected.is_empty(),
            "{} has no expectations",
            file.display()
        );
        let reports = check_file(&file);
        let diags: Vec<_> = reports.iter().flat_map(|r| r.diagnostics.iter()).collect();
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        println!("{name}:");
        for d in &diags {
            println!("  {d}");
        }
        if !diags.iter().any(|d| d.severity == Severity::Error) {
            failures.push(format!("{name}: accepted, but it is broken"));
        }
        for (line, col, text) in expected {
            let found = diags.iter().any(|d| {
                d.line == line
                    && d.column == col
                    && (d.message.contains(&text)
                        || d.hint.as_deref().is_some_and(|h| h.contains(&text)))
            });
            if !found {
                failures.push(format!("{name}: expected {line}:{col}: {text}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn diagnostics_name_file_line_column_and_field() {
    let file =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken/02-unknown-space-in-door.ron");
    let reports = check_file(&file);
    let d = &reports[0].diagnostics[0];
    let text = d.to_string();
    assert!(
        text.starts_with(&format!(
            "{}:{}:{}: error: unknown space `c2`",
            file.display(),
            d.line,
            d.column
        )),
        "{text}"
    );
    assert!(text.contains("(at site.doors[0].spaces[1])"), "{text}");
    assert!(text.contains("hint: did you mean `c1`?"), "{text}");
}

#[test]
fn a_plan_destination_the_site_lacks_is_warned() {
    use drillhall::scenario::check_source;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let src = std::fs::read_to_string(dir.join("small-fire.ron")).unwrap();
    let without_zone = src.replace("kind: SafetyZone,", "");
    assert_ne!(src, without_zone);
    let (reports, _) = check_source("small-fire.ron", &without_zone, &dir);
    let warned = reports[0].diagnostics.iter().any(|d| {
        d.severity == Severity::Warning && d.message.contains("requires reaching SafetyZone")
    });
    assert!(warned, "{:#?}", reports[0].diagnostics);
    let (reports, _) = check_source("small-fire.ron", &src, &dir);
    assert!(
        reports[0].diagnostics.is_empty(),
        "{:#?}",
        reports[0].diagnostics
    );
}

#[test]
fn empty_and_hollow_documents_get_plain_messages() {
    use drillhall::scenario::check_source;
    let dir = Path::new(".");
    for (src, expect) in [
        ("", "the file is empty"),
        ("// just a comment\n", "the file is empty"),
        ("Plan()", "missing field `format_version`"),
        ("Scenario()", "missing field `meta`"),
        ("(meta: ())", "must start with `Scenario(` or `Plan(`"),
    ] {
        let (reports, loaded) = check_source("x.ron", src, dir);
        assert!(loaded.is_none(), "{src:?}");
        let d = &reports[0].diagnostics;
        assert!(
            d.iter()
                .any(|d| d.severity == Severity::Error && d.message.contains(expect)),
            "{src:?}: {d:#?}"
        );
    }
}
