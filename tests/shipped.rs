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
    let stairwells: std::collections::BTreeSet<_> = b
        .stairs
        .iter()
        .map(|s| s.id.split('-').take(2).collect::<Vec<_>>().join("-"))
        .collect();
    assert!(
        b.stairs.len() >= 6,
        "two stairwells over four floors need ≥ 6 flights, found {stairwells:?}"
    );
}
