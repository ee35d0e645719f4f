//! Issue 21: the flood drill's water flows. The shipped village drill, run as `drillhall run …
//! --seed 7` runs it, lets the river rise at the gauge, fires the injects that wait on the water
//! when the water is there, floods the village through the breach and reports what it reached,
//! with the mass balance kept.

use crate::runtime::{events, kinds, run};

const VILLAGE: &str = "scenarios/flood-village.ron";

/// Seed 7 as shipped: nothing about the water is reported as not simulated; the gauge rises to
/// the warning line and inject 2 (hydrological yellow, waiting on 4.4 m of water at the gauge
/// over its 45.6 m bed) fires when it is there; the breach at 9900 s floods houses deeper than
/// the rain alone did; roads close to walkers; the mass balance holds to 0.1 % throughout.
#[test]
fn the_village_flood_rises_at_the_gauge_and_breaks_through_the_levee() {
    let (bytes, _) = run(VILLAGE, 7, &[]);
    let v = events(&bytes);
    assert!(
        kinds(&v, "NotSimulated").all(|e| {
            let what = e.event["what"].as_str().unwrap();
            !what.contains("water") && !what.contains("levee")
        }),
        "{:?}",
        kinds(&v, "NotSimulated")
            .map(|e| &e.event)
            .collect::<Vec<_>>()
    );
    let growth: Vec<(f64, f64, f64, f64)> = kinds(&v, "FloodGrowth")
        .map(|e| {
            let level = e.event["gauges"][0]["level_m"].as_f64().unwrap();
            let deepest = e.event["houses"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h["max_depth_m"].as_f64().unwrap())
                .fold(0.0, f64::max);
            let err = e.event["mass_error"].as_f64().unwrap();
            (e.t_s, level, deepest, err)
        })
        .collect();
    for (t, level, deepest, err) in &growth {
        println!(
            "{t:>7.0} s: gauge {level:.3} m, deepest at a house {deepest:.2} m, mass error {err:.1e}"
        );
        assert!(*err < 1e-3, "mass error {err} at {t} s");
    }
    assert!(growth.len() >= 48, "every 5 minutes for 4 hours");
    let level_at = |t: f64| growth.iter().rfind(|g| g.0 <= t).map(|g| g.1).unwrap();
    // The river rises from its starting 1.5 m over the bed to above the warning line (50.0 m).
    assert!((level_at(0.0) - 47.1).abs() < 0.05);
    let peak = growth.iter().map(|g| g.1).fold(f64::MIN, f64::max);
    assert!(peak > 50.5, "peak {peak}");
    let yellow = kinds(&v, "InjectFired")
        .find(|e| e.event["number"] == 2)
        .map(|e| e.t_s)
        .expect("inject 2 fires: the gauge reaches the warning line");
    println!("hydrological yellow (inject 2) at {yellow} s; peak {peak:.2} m");
    assert!(
        level_at(yellow - 300.0) < 50.0 + 0.05,
        "not before the water was there"
    );
    assert!(level_at(yellow + 300.0) >= 50.0 - 0.05);
    // The breach (9900 s, fully open at 10800 s) floods the village deeper than the rain did.
    let before = growth.iter().rfind(|g| g.0 <= 9900.0).unwrap().2;
    let after = growth.last().unwrap().2;
    println!("deepest water at a house: {before:.2} m before the breach, {after:.2} m at the end");
    assert!(after > before + 0.3);
    let houses: Vec<&str> = kinds(&v, "WaterReached")
        .filter_map(|e| e.event["what"]["House"].as_str())
        .collect();
    assert!(houses.len() > 10, "{houses:?}");
    let closed: Vec<&str> = kinds(&v, "RoadFlooded")
        .filter(|e| e.event["closed"] == true)
        .map(|e| e.event["road"].as_str().unwrap())
        .collect();
    println!(
        "houses reached: {}; roads closed to walkers: {closed:?}",
        houses.len()
    );
    assert!(closed.contains(&"low-road"));
}
