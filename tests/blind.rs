//! Double-blind draws: reproducible from the seed, different across seeds, committed before and
//! verifiable after, and the drawn drill is a valid scripted scenario.

use drillhall::rng::RunSeed;
use drillhall::scenario::blind::{apply, commitment, draw, verify_reveal};
use drillhall::scenario::schema::{Hazard, Scenario};
use drillhall::scenario::{check_source, load_scenario, to_ron};
use std::path::Path;

fn ridge() -> Scenario {
    let f = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/forest-fire-ridge.ron");
    load_scenario(&f).expect("ridge loads").scenario
}

#[test]
fn the_same_seed_draws_the_same_variant() {
    let s = ridge();
    let blind = s.blind.as_ref().expect("the ridge drill is double-blind");
    assert_eq!(draw(blind, RunSeed(7)), draw(blind, RunSeed(7)));
    assert_eq!(
        commitment(RunSeed(7), &draw(blind, RunSeed(7))),
        commitment(RunSeed(7), &draw(blind, RunSeed(7)))
    );
}

#[test]
fn different_seeds_draw_different_drills() {
    let s = ridge();
    let blind = s.blind.as_ref().unwrap();
    let variants: Vec<_> = (0..20).map(|k| draw(blind, RunSeed(k))).collect();
    let delays: std::collections::BTreeSet<u64> =
        variants.iter().map(|v| v.start_delay_s.to_bits()).collect();
    assert_eq!(delays.len(), 20, "start delays repeat");
    let ignitions: std::collections::BTreeSet<String> = variants
        .iter()
        .map(|v| format!("{:?}", v.ignition))
        .collect();
    assert!(
        ignitions.len() >= 2,
        "every seed drew the same ignition: {ignitions:?}"
    );
    for v in &variants {
        let (lo, hi) = (blind.start_delay_s.min, blind.start_delay_s.max);
        assert!((lo..=hi).contains(&v.start_delay_s), "{}", v.start_delay_s);
        let w = v.wind.as_ref().expect("the ridge draws the wind");
        assert!((0.0..360.0).contains(&w.from_deg));
    }
}

#[test]
fn a_reveal_checks_against_the_commitment() {
    let s = ridge();
    let blind = s.blind.as_ref().unwrap();
    let v = draw(blind, RunSeed(42));
    let c = commitment(RunSeed(42), &v);
    assert!(verify_reveal(blind, RunSeed(42), &v, &c));
    assert!(
        !verify_reveal(blind, RunSeed(43), &v, &c),
        "another seed passes"
    );
    let mut forged = v.clone();
    forged.start_delay_s += 1.0;
    assert!(
        !verify_reveal(blind, RunSeed(42), &forged, &c),
        "a changed variant passes"
    );
}

#[test]
fn the_drawn_drill_is_a_valid_scripted_scenario() {
    let s = ridge();
    let blind = s.blind.as_ref().unwrap();
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    for k in 0..10 {
        let v = draw(blind, RunSeed(k));
        let drawn = apply(&s, &v);
        assert!(drawn.blind.is_none());
        let (Hazard::ForestFire(before), Hazard::ForestFire(after)) =
            (&s.hazards[0], &drawn.hazards[0])
        else {
            panic!("not a fire")
        };
        assert_eq!(after.ignitions.len(), 1);
        assert_eq!(
            after.ignitions[0].time_s,
            before.ignitions[0].time_s + v.start_delay_s
        );
        assert_eq!(drawn.end.time_limit_s, s.end.time_limit_s + v.start_delay_s);
        for n in &v.dropped_injects {
            assert!(drawn.injects.iter().all(|i| i.number != *n));
        }
        let text = to_ron(&drawn).unwrap();
        let (reports, _) = check_source(&format!("drawn with seed {k}"), &text, &base);
        for r in &reports {
            assert!(r.is_valid(), "seed {k}: {:#?}", r.diagnostics);
        }
    }
}

/// The village flood's draw: the rain scaled within 80–125 %, the breach at one of the three
/// sections and starting within 9000–10800 s, in place of the written breach; the drawn drill is
/// a valid scripted scenario.
#[test]
fn the_village_flood_draws_its_rain_and_its_breach_within_the_stated_ranges() {
    let f = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/flood-village.ron");
    let s = load_scenario(&f).expect("village loads").scenario;
    let blind = s.blind.as_ref().expect("the village flood is double-blind");
    let written = |s: &Scenario| match &s.hazards[0] {
        Hazard::Flood(f) => f.clone(),
        Hazard::Earthquake(_) | Hazard::ForestFire(_) => unreachable!(),
    };
    let places: std::collections::BTreeSet<String> = (0..30)
        .map(|k| {
            let v = draw(blind, RunSeed(k));
            let factor = v.rain_factor.expect("the rain is drawn");
            assert!((0.8..=1.25).contains(&factor), "{factor}");
            let b = v.breach.clone().expect("a breach every time");
            assert!((9000.0..=10800.0).contains(&b.start_s), "{}", b.start_s);
            let run = apply(&s, &v);
            let fl = written(&run);
            assert_eq!(
                fl.breaches,
                vec![b.clone()],
                "the drawn breach replaces the written"
            );
            for (r, r0) in fl.rain.iter().zip(&written(&s).rain) {
                assert!((r.intensity_mm_per_h - r0.intensity_mm_per_h * factor).abs() < 1e-9);
            }
            let text = to_ron(&run).unwrap();
            let base = f.parent().unwrap();
            let (reports, _) = check_source(&format!("drawn with seed {k}"), &text, base);
            for r in &reports {
                assert!(r.is_valid(), "seed {k}: {:#?}", r.diagnostics);
            }
            format!("{:?}", b.at)
        })
        .collect();
    assert_eq!(places.len(), 3, "every section is drawn: {places:?}");
}
