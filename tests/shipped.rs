//! Every shipped scenario and plan validates, and every scenario loads for the runtime.

use drillhall::scenario::{check_file, diagnostic::DocKind, load_scenario};
use std::path::{Path, PathBuf};

fn shipped() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files = Vec::new();
    let mut dirs = vec![root];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "ron") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn every_shipped_file_validates_without_errors() {
    let files = shipped();
    assert!(
        files.len() >= 9,
        "expected the shipped scenarios and plans, found {files:?}"
    );
    let mut problems = Vec::new();
    for f in &files {
        for r in check_file(f) {
            println!(
                "{}: {:?}, {} diagnostic(s)",
                r.file,
                r.kind,
                r.diagnostics.len()
            );
            for d in &r.diagnostics {
                println!("  {d}");
            }
            if !r.is_valid() {
                problems.push(r.file.clone());
            }
        }
    }
    assert!(problems.is_empty(), "invalid shipped files: {problems:?}");
}

#[test]
fn shipped_drills_cover_all_three_kinds_with_plans() {
    use drillhall::scenario::schema::DrillKind;
    let mut kinds = Vec::new();
    for f in shipped() {
        if check_file(&f)[0].kind != Some(DocKind::Scenario) {
            continue;
        }
        let loaded = load_scenario(&f).unwrap_or_else(|r| panic!("{}: {r:?}", f.display()));
        assert!(loaded.plan.is_some(), "{} has no plan", f.display());
        assert_eq!(loaded.source_sha256.len(), 64);
        kinds.push(loaded.scenario.meta.kind);
    }
    for k in [
        DrillKind::Earthquake,
        DrillKind::ForestFire,
        DrillKind::Flood,
    ] {
        assert!(
            kinds.iter().filter(|x| **x == k).count() >= 2,
            "fewer than two {k:?} scenarios"
        );
    }
}

#[test]
fn school_earthquake_is_the_four_floor_school_of_the_issue() {
    use drillhall::scenario::schema::Site;
    let f = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/school-earthquake.ron");
    let s = load_scenario(&f).expect("school loads").scenario;
    let Site::Building(b) = &s.site else {
        panic!("not a building")
    };
    let people: u32 =
        s.population.iter().map(|g| g.count).sum::<u32>() + s.participants.len() as u32;
    let classes = s.population.len();
    println!(
        "floors {}, classes {classes}, people {people}, stairs {}",
        b.floors.len(),
        b.stairs.len()
    );
    assert_eq!(b.floors.len(), 4);
    assert!(classes >= 24);
    assert!((1100..=1300).contains(&people), "{people} people");
    assert!(
        b.stairs.len() >= 6,
        "two stairwells over four floors need six flights, found {}",
        b.stairs.len()
    );
}

/// Every shipped scenario, read by drillhall.
fn shipped_scenarios() -> Vec<(PathBuf, drillhall::scenario::schema::Scenario)> {
    shipped()
        .into_iter()
        .filter(|f| check_file(f)[0].kind == Some(DocKind::Scenario))
        .map(|f| {
            let s = load_scenario(&f)
                .unwrap_or_else(|r| panic!("{}: {r:?}", f.display()))
                .scenario;
            (f, s)
        })
        .collect()
}

#[test]
fn the_ron_crate_reads_shipped_files_as_drillhall_does() {
    use drillhall::scenario::schema::Scenario;
    for (f, ours) in shipped_scenarios() {
        let src = std::fs::read_to_string(&f).unwrap();
        let theirs: Scenario = drillhall::scenario::ron_options()
            .from_str(&src)
            .unwrap_or_else(|e| panic!("{}: ron crate: {e}", f.display()));
        assert_eq!(ours, theirs, "{}", f.display());
    }
}

#[test]
fn scenarios_round_trip_through_ron_writing() {
    for (f, ours) in shipped_scenarios() {
        let text = drillhall::scenario::to_ron(&ours).unwrap();
        let base = f.parent().unwrap();
        let (reports, back) = drillhall::scenario::check_source("round-trip", &text, base);
        assert!(
            reports.iter().all(|r| r.is_valid()),
            "{}: {:#?}",
            f.display(),
            reports
        );
        assert_eq!(back.unwrap().scenario, ours, "{}", f.display());
    }
}

/// Everything the window can show — the view's and the vocabulary's strings, the scenarios'
/// and plans' texts — has a glyph in the shipped CJK font subset (scripts/subset_font.py
/// regenerates it). report.html is drawn by the browser's fonts and is not checked here.
#[test]
fn shipped_font_covers_every_character_shown() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let font = std::fs::read(root.join("assets/fonts/NotoSansSC-Subset.otf")).unwrap();
    let face = ttf_parser::Face::parse(&font, 0).unwrap();
    let mut files = vec![root.join("engine/words.rs")];
    for dir in ["engine/view", "scenarios", "scenarios/plans"] {
        for e in std::fs::read_dir(root.join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "rs" || x == "ron") {
                files.push(p);
            }
        }
    }
    let mut missing = std::collections::BTreeSet::new();
    for f in &files {
        for c in std::fs::read_to_string(f).unwrap().chars() {
            if !c.is_ascii() && face.glyph_index(c).is_none() {
                missing.insert((c, f.strip_prefix(root).unwrap().display().to_string()));
            }
        }
    }
    assert!(
        files.len() > 10 && missing.is_empty(),
        "characters without a glyph (run scripts/subset_font.py): {missing:?}"
    );
}

/// Every shipped drill, seeds 1–3 with its default bots, writes the journal of
/// tests/fixtures/journal-hashes.txt (issue 16 reshaped the engine without moving one; issue 17
/// changed the crowd kernel and moved them all). A change that moves a journal on purpose
/// updates the fixture and says why in it and in its commit.
#[test]
fn every_shipped_drill_writes_the_journal_of_its_fixture() {
    let fixture =
        std::fs::read_to_string(crate::runtime::root().join("tests/fixtures/journal-hashes.txt"))
            .expect("the fixture is readable");
    let cases: Vec<(String, u64, String)> = fixture
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (f[0].to_string(), f[1].parse().unwrap(), f[2].to_string())
        })
        .collect();
    let shipped = std::fs::read_dir(crate::runtime::root().join("scenarios"))
        .unwrap()
        .filter_map(|e| e.ok()?.path().file_stem()?.to_str().map(str::to_string))
        .filter(|n| cases.iter().any(|c| &c.0 == n))
        .count();
    assert!(
        shipped >= 7,
        "the fixture covers every shipped drill ({shipped})"
    );
    let results: Vec<(String, u64, String, String)> = std::thread::scope(|s| {
        let chunks: Vec<Vec<&(String, u64, String)>> = (0..2)
            .map(|k| cases.iter().skip(k).step_by(2).collect())
            .collect();
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                s.spawn(move || {
                    chunk
                        .into_iter()
                        .map(|(name, seed, want)| {
                            let (bytes, _) =
                                crate::runtime::run(&format!("scenarios/{name}.ron"), *seed, &[]);
                            let got = drillhall::scenario::sha256_hex(&bytes);
                            (name.clone(), *seed, want.clone(), got)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    let mut moved = Vec::new();
    for (name, seed, want, got) in &results {
        println!(
            "{name} seed {seed}: {}",
            if want == got { "same journal" } else { "MOVED" }
        );
        if want != got {
            moved.push(format!("{name} seed {seed}: {got} (was {want})"));
        }
    }
    assert!(moved.is_empty(), "journals moved:\n{}", moved.join("\n"));
}
