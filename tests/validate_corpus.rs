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

/// Issue 19: each error about a list element names that element, not the list's first; a loop
/// between steps is blamed on the field that makes it.
#[test]
fn each_diagnostic_names_the_element_and_the_field_it_is_about() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken");
    let fields = |name: &str| -> Vec<String> {
        check_file(&dir.join(name))
            .iter()
            .flat_map(|r| r.diagnostics.iter())
            .map(|d| d.field.clone())
            .collect()
    };
    let bare = fields("46-bare-site-in-responsible-for.ron");
    assert!(
        bare.contains(&"participants[0].responsible_for[1]".to_string())
            && bare.contains(&"participants[0].responsible_for[2]".to_string()),
        "{bare:?}"
    );
    let itself = fields("47-plan-step-starts-on-itself.ron");
    assert_eq!(itself, ["plan.steps[0].starts"], "no `after` to blame");
    // Two steps waiting for each other: each blamed at the field that waits.
    use drillhall::scenario::check_source;
    let src = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal.ron"),
    )
    .unwrap();
    let two = src.replace(
        "        ],\n    )),",
        r#"            (
                id: "out",
                objective: "protect",
                title: (zh: "撤离", en: "Leave"),
                responsible: Everyone,
                starts: Step("cover"),
                requires: Act(TakeCover),
                after: ["cover"],
                source: (doc: "shakeout", clause: "4"),
            ),
        ],
    )),"#,
    )
    .replace(
        "starts: Hazard(ShakingStarts),\n                requires",
        "starts: Hazard(ShakingStarts),\n                after: [\"out\"],\n                requires",
    );
    assert_ne!(two, src);
    let (reports, _) = check_source("two.ron", &two, &dir);
    let loops: Vec<(String, String)> = reports[0]
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("depends on itself"))
        .map(|d| (d.field.clone(), d.message.clone()))
        .collect();
    assert_eq!(loops.len(), 2, "{:#?}", reports[0].diagnostics);
    assert_eq!(loops[0].0, "plan.steps[0].after[0]", "{loops:?}");
    assert!(
        loops[0].1.contains("its `after[0]` waits for `out`"),
        "{loops:?}"
    );
    assert_eq!(loops[1].0, "plan.steps[1].after[0]", "{loops:?}");
}

/// Issue 19: a sleeping group nobody leads or answers for is warned about (an alarm wakes few
/// children); with its teacher it is not.
#[test]
fn a_sleeping_group_nobody_comes_for_is_warned() {
    use drillhall::scenario::check_source;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let src = std::fs::read_to_string(dir.join("minimal.ron")).unwrap();
    let asleep = src.replace("leader: \"t1\",", "leader: \"t1\", asleep: true,");
    let alone = asleep
        .replace("leader: \"t1\", ", "")
        .replace("responsible_for: [Group(\"g1\")],", "");
    assert!(asleep != src && alone != asleep);
    let warned = |text: &str| {
        let (reports, _) = check_source("m.ron", text, &dir);
        reports[0].diagnostics.iter().any(|d| {
            d.severity == Severity::Warning
                && d.field == "population[0].asleep"
                && d.message.contains("nobody leads it")
        })
    };
    assert!(!warned(&asleep), "its teacher comes for it");
    assert!(warned(&alone));
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

/// Terrain drills have their own checks: each edit of a shipped small drill must be caught at
/// the edited value.
#[test]
fn terrain_mistakes_are_caught_at_the_edited_value() {
    use drillhall::scenario::check_source;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let cases = [
        (
            "small-fire.ron",
            "speed_mps: 3.0, from_deg: 225.0",
            "speed_mps: 54.0, from_deg: 225.0",
            "54.0",
            "54 km/h is 15.0 m/s",
        ),
        (
            "small-fire.ron",
            "dead_1h_pct: 6.0",
            "dead_1h_pct: 0.06",
            "0.06",
            "a fraction 0.06 is 6 %",
        ),
        (
            "small-fire.ron",
            "default_model: 1,",
            "default_model: 14,",
            "14,",
            "unknown fuel model 14",
        ),
        (
            "small-flood.ron",
            "default_n: 0.035",
            "default_n: 3.5",
            "3.5",
            "Manning's n must be 0.005–0.5",
        ),
        (
            "small-flood.ron",
            "(t_s: 600.0, q_m3s: 6.0)",
            "(t_s: 0.0, q_m3s: 6.0)",
            "0.0, q_m3s: 6.0",
            "is not after 0 s",
        ),
        (
            "small-flood.ron",
            "levee: \"brook-levee\", at: (35.0, 50.0)",
            "levee: \"brook-levee\", at: (35.0, 900.0)",
            "(35.0, 900.0)",
            "outside the terrain",
        ),
    ];
    for (file, old, new, anchor, expect) in cases {
        let src = std::fs::read_to_string(dir.join(file)).unwrap();
        assert!(src.contains(old), "{file}: {old}");
        let edited = src.replacen(old, new, 1);
        let k = edited.find(new).unwrap() + new.find(anchor).unwrap();
        let line = edited[..k].matches('\n').count() as u32 + 1;
        let col = edited[..k].rsplit('\n').next().unwrap().chars().count() as u32 + 1;
        let (reports, _) = check_source(file, &edited, &dir);
        let diags = &reports[0].diagnostics;
        let found = diags.iter().any(|d| {
            d.severity == Severity::Error
                && d.line == line
                && d.column == col
                && (d.message.contains(expect)
                    || d.hint.as_deref().is_some_and(|h| h.contains(expect)))
        });
        assert!(
            found,
            "{file}: `{new}` expected {line}:{col} {expect}, got {diags:#?}"
        );
    }
}
