//! Fuzzing the loader and validator: random edits to valid files must never panic, and a file
//! that still validates must keep the validator's promise — every reference a later stage will
//! look up resolves. DRILLHALL_FUZZ_CASES raises the case count for long runs
//! (docs/verification.md records them).

use drillhall::scenario::schema::*;
use drillhall::scenario::{LoadedScenario, check_source};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::path::{Path, PathBuf};

const TOKENS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "\"",
    "'",
    "-",
    "0",
    "-1",
    "1e309",
    "NaN",
    "inf",
    "-inf",
    "0x7f",
    "Some(",
    "None",
    "//",
    "/*",
    "*/",
    "r#\"",
    "\\",
    "é",
    "震",
    "\u{1F600}",
    "true",
    "Space(\"r1\")",
    "()",
    "id: \"x\"",
    "4294967296",
    "18446744073709551616",
    "\n",
];

const NUMBERS: &[&str] = &[
    "0",
    "-0.0",
    "0.0001",
    "-1",
    "1e308",
    "-1e308",
    "1e-320",
    "4294967295",
    "4294967296",
    "65536",
    "3.5",
    "100000",
    "999999999999",
    "0.5",
];

#[derive(Clone, Debug)]
enum Edit {
    Insert(usize, usize),
    Delete(usize, usize),
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    ReplaceNumber(usize, usize),
    ReplaceString(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), 0..TOKENS.len()).prop_map(|(a, b)| Edit::Insert(a, b)),
        (any::<usize>(), 1usize..40).prop_map(|(a, b)| Edit::Delete(a, b)),
        any::<usize>().prop_map(Edit::DeleteLine),
        any::<usize>().prop_map(Edit::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::SwapLines(a, b)),
        (any::<usize>(), 0..NUMBERS.len()).prop_map(|(a, b)| Edit::ReplaceNumber(a, b)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::ReplaceString(a, b)),
    ]
}

/// Byte ranges of number literals and of string literals (quotes included).
/// Byte ranges `[start, end)` in a source text.
type Ranges = Vec<(usize, usize)>;

fn literals(src: &str) -> (Ranges, Ranges) {
    let b = src.as_bytes();
    let (mut nums, mut strs) = (Vec::new(), Vec::new());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'"' {
            let s = i;
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            strs.push((s, (i + 1).min(b.len())));
        } else if b[i].is_ascii_digit()
            && (i == 0 || !b[i - 1].is_ascii_alphanumeric() && b[i - 1] != b'_')
        {
            let s = i;
            while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
                i += 1;
            }
            nums.push((s, i));
            continue;
        }
        i += 1;
    }
    (nums, strs)
}

fn floor_char(s: &str, mut k: usize) -> usize {
    k = k.min(s.len());
    while !s.is_char_boundary(k) {
        k -= 1;
    }
    k
}

fn apply(src: &str, e: &Edit) -> String {
    let mut s = src.to_string();
    let lines: Vec<&str> = src.split_inclusive('\n').collect();
    match *e {
        Edit::Insert(at, t) => {
            let k = floor_char(&s, at % (s.len() + 1));
            s.insert_str(k, TOKENS[t]);
        }
        Edit::Delete(at, n) => {
            let a = floor_char(&s, at % (s.len() + 1));
            let b = floor_char(&s, a + n);
            s.replace_range(a..b, "");
        }
        Edit::DeleteLine(k) if !lines.is_empty() => {
            let k = k % lines.len();
            s = lines
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != k)
                .map(|(_, l)| *l)
                .collect();
        }
        Edit::DuplicateLine(k) if !lines.is_empty() => {
            let k = k % lines.len();
            s = lines
                .iter()
                .enumerate()
                .flat_map(|(i, l)| if i == k { vec![*l, *l] } else { vec![*l] })
                .collect();
        }
        Edit::SwapLines(a, b) if !lines.is_empty() => {
            let mut v = lines.clone();
            v.swap(a % lines.len(), b % lines.len());
            s = v.concat();
        }
        Edit::ReplaceNumber(k, n) => {
            let (nums, _) = literals(&s);
            if !nums.is_empty() {
                let (a, b) = nums[k % nums.len()];
                s.replace_range(a..b, NUMBERS[n]);
            }
        }
        Edit::ReplaceString(k, j) => {
            // Swap one string for another from the same file: ids pointing at the wrong thing.
            let (_, strs) = literals(&s);
            if strs.len() >= 2 {
                let (a, b) = strs[k % strs.len()];
                let (c, d) = strs[j % strs.len()];
                let other = s[c..d].to_string();
                s.replace_range(a..b, &other);
            }
        }
        _ => {}
    }
    s
}

/// What later stages look up by id; each lookup panics if the validator's promise is broken.
fn check_promise(l: &LoadedScenario) {
    let s = &l.scenario;
    match &s.site {
        Site::Building(b) => {
            let space = |id: &str| {
                b.floors
                    .iter()
                    .flat_map(|f| f.spaces.iter())
                    .find(|x| x.id == id)
                    .unwrap_or_else(|| panic!("space {id} missing"))
            };
            for d in &b.doors {
                assert!(space(&d.spaces.0).polygon.len() >= 3);
                assert!(space(&d.spaces.1).polygon.len() >= 3);
                assert!(d.width_m > 0.0);
            }
            for st in &b.stairs {
                space(&st.from);
                space(&st.to);
                assert!(st.length_m > 0.0 && st.width_m > 0.0);
            }
            for e in &b.exits {
                space(&e.space);
                assert!(b.assembly_areas.iter().any(|a| a.id == e.leads_to));
            }
            assert!(!b.exits.is_empty() && !b.floors.is_empty());
        }
        Site::Terrain(t) => {
            let g = l
                .elevation
                .as_ref()
                .expect("a valid terrain has its elevation grid");
            assert_eq!(g.values.len(), g.rows * g.cols);
            assert!(g.rows >= 2 && g.cols >= 2 && t.cell_size_m > 0.0);
        }
    }
    for g in &s.population {
        assert!(g.count > 0);
        if let Some(l) = &g.leader {
            assert!(s.participants.iter().any(|p| &p.id == l));
        }
    }
    if let Some(p) = &l.plan {
        for st in &p.steps {
            assert!(p.objectives.iter().any(|o| o.id == st.objective));
            assert!(p.sources.iter().any(|o| o.id == st.source.doc));
        }
        for pt in &s.participants {
            assert!(p.roles.iter().any(|r| r.id == pt.role));
        }
    }
    assert!(s.end.time_limit_s > 0.0);
}

fn bases() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    [
        "tests/fixtures/minimal.ron",
        "scenarios/small-fire.ron",
        "scenarios/small-flood.ron",
        "scenarios/classroom-earthquake.ron",
    ]
    .iter()
    .map(|p| root.join(p))
    .filter(|p| p.exists())
    .map(|p| {
        let src = std::fs::read_to_string(&p).unwrap();
        (p, src)
    })
    .collect()
}

fn cases() -> u32 {
    std::env::var("DRILLHALL_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000)
}

#[test]
fn random_edits_to_valid_files_never_panic() {
    let bases = bases();
    assert!(bases.len() >= 2, "fuzz bases missing");
    let started = std::time::Instant::now();
    let mut totals = (0u64, 0u64);
    for (path, src) in &bases {
        let base_dir = path.parent().unwrap().to_path_buf();
        let file = path.display().to_string();
        let mut runner = TestRunner::new(Config {
            cases: cases(),
            failure_persistence: None,
            ..Config::default()
        });
        let counts = std::cell::Cell::new((0u64, 0u64));
        runner
            .run(&proptest::collection::vec(edit(), 1..6), |edits| {
                let mut text = src.clone();
                for e in &edits {
                    text = apply(&text, e);
                }
                let (reports, loaded) = check_source(&file, &text, &base_dir);
                let valid = reports.iter().all(|r| r.is_valid());
                if valid && let Some(l) = &loaded {
                    check_promise(l);
                }
                for r in &reports {
                    for d in &r.diagnostics {
                        prop_assert!(
                            d.line >= 1 && d.column >= 1,
                            "diagnostic without position: {d}"
                        );
                    }
                }
                let (n, v) = counts.get();
                counts.set((n + 1, v + u64::from(valid)));
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        let (n, v) = counts.get();
        println!("{file}: {n} edited files, {v} still valid");
        totals.0 += n;
        totals.1 += v;
    }
    println!(
        "fuzz: {} edited files ({} still valid) in {:.1} s",
        totals.0,
        totals.1,
        started.elapsed().as_secs_f64()
    );
}
