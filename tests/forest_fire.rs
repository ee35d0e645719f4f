//! Issue 20: the forest-fire drill burns. The shipped ridge drill, run as `drillhall run … --seed
//! 7` runs it (double-blind: the seed draws the ignition, the start and the wind), spreads its
//! fire by the kernel, journals what the front reaches when the arrival-time map says, cuts the
//! roads it crosses, fires its `FireWithin` injects, and turns with the wind shift.

use crate::runtime::{events, kinds, root, run, run_loaded};
use drillhall::hazards::fire::scene;
use drillhall::scenario::schema::{Effect, Hazard, Site, SiteRef};

const RIDGE: &str = "scenarios/forest-fire-ridge.ron";

/// Seed 7 as shipped: the fire starts, grows every 5 minutes, and nothing about it is reported
/// as not simulated.
#[test]
fn the_ridge_fire_spreads_and_its_growth_is_journalled() {
    let (bytes, _) = run(RIDGE, 7, &[]);
    let v = events(&bytes);
    let started: Vec<_> = kinds(&v, "FireStarted").collect();
    assert!(!started.is_empty());
    assert!(
        kinds(&v, "NotSimulated").all(|e| {
            let what = e.event["what"].as_str().unwrap();
            !what.contains("fire") && !what.contains("Fire")
        }),
        "{:?}",
        kinds(&v, "NotSimulated")
            .map(|e| &e.event)
            .collect::<Vec<_>>()
    );
    let areas: Vec<(f64, f64)> = kinds(&v, "FireGrowth")
        .map(|e| (e.t_s, e.event["area_ha"].as_f64().unwrap()))
        .collect();
    println!("area (ha) over time: {areas:?}");
    assert!(areas.len() > 10);
    assert!(
        areas.windows(2).all(|w| w[1].1 >= w[0].1),
        "the area never shrinks"
    );
    let (first, last) = (areas[0].1, areas[areas.len() - 1].1);
    assert!(last > 10.0 * first, "grew from {first} ha to {last} ha");
    assert!(kinds(&v, "WindChanged").count() == 1);
}

/// The scripted drill (no blind draw, no spot fire): every `FireReached` comes when the
/// kernel's own arrival-time map of the same landscape says (within a tick), re-planned at the
/// wind shift, and a road reached is cut; what the map never reaches is never reported.
#[test]
fn houses_roads_and_places_are_reached_as_the_isochrones_say() {
    let mut loaded = drillhall::scenario::load_scenario(&root().join(RIDGE)).unwrap();
    loaded.scenario.blind = None;
    // No spot fire: the plan is the ignition's, re-planned at the wind shift (inject 2).
    loaded.scenario.injects.retain(|i| i.number != 3);
    let (bytes, _) = run_loaded(&loaded, 7, &[], f64::INFINITY);
    let v = events(&bytes);
    let Site::Terrain(t) = &loaded.scenario.site else {
        panic!("a terrain drill");
    };
    let Some(Hazard::ForestFire(f)) = loaded.scenario.hazards.first() else {
        panic!("a forest fire");
    };
    let landscape = scene::landscape(t, loaded.elevation.as_ref().unwrap(), f).unwrap();
    let ignition = &f.ignitions[0];
    let cell = landscape
        .cell_at(ignition.at.0 as f32, ignition.at.1 as f32)
        .unwrap();
    let limit_min = (loaded.scenario.end.time_limit_s / 60.0) as f32;
    let first = landscape.spread(&[(cell, (ignition.time_s / 60.0) as f32)], limit_min);
    let shift = loaded
        .scenario
        .injects
        .iter()
        .find(|i| i.number == 2)
        .unwrap();
    let (drillhall::scenario::schema::Trigger::At { time_s }, Effect::WindShift(w)) =
        (&shift.trigger, &shift.effect)
    else {
        panic!("inject 2 is a wind shift at a time")
    };
    let mut landscape = landscape;
    landscape.set_weather(scene::with_wind(scene::weather(f), w));
    let map = landscape.replan(&first, (time_s / 60.0) as f32, limit_min);
    let step = f64::from(landscape.cell_size_m()) / 2.0;
    let reached: Vec<(String, f64)> = kinds(&v, "FireReached")
        .map(|e| (e.event["what"].to_string(), e.t_s))
        .collect();
    println!("reached: {reached:#?}");
    let mut expected_reached = 0;
    let refs = t
        .houses
        .iter()
        .map(|h| SiteRef::House(h.id.clone()))
        .chain(t.roads.iter().map(|r| SiteRef::Road(r.id.clone())))
        .chain(t.places.iter().map(|p| SiteRef::Place(p.id.clone())))
        .chain(t.shelters.iter().map(|s| SiteRef::Shelter(s.id.clone())));
    for what in refs {
        let due_min = scene::site_points(t, &what, step)
            .iter()
            .map(|&(x, y)| map.arrival_at_point(x as f32, y as f32))
            .fold(f32::INFINITY, f32::min);
        let key = serde_json::to_value(&what).unwrap().to_string();
        let seen = reached.iter().find(|(w, _)| *w == key);
        if due_min <= limit_min {
            expected_reached += 1;
            let (_, at_s) =
                seen.unwrap_or_else(|| panic!("{key} due at {due_min} min, never reached"));
            assert!(
                (at_s - f64::from(due_min) * 60.0).abs() <= 0.15,
                "{key}: reached at {at_s} s, the map says {} s",
                due_min * 60.0
            );
            if let SiteRef::Road(id) = &what {
                assert!(
                    kinds(&v, "Blocked")
                        .any(|e| e.event["what"]["Road"] == id.as_str() && e.event["by"] == "fire"),
                    "{id} reached but not cut"
                );
            }
        } else {
            assert!(seen.is_none(), "{key} reached, but the map says never");
        }
    }
    assert!(expected_reached > 0, "the scripted fire reaches something");
}

/// The ridge's wind shift (inject 2: from south-west to north-north-west) re-planned from the
/// front, as the drill does it: the fire that ran north-east up the slope now grows south.
#[test]
fn the_wind_shift_turns_the_head() {
    let mut loaded = drillhall::scenario::load_scenario(&root().join(RIDGE)).unwrap();
    loaded.scenario.blind = None;
    loaded.scenario.injects.retain(|i| i.number != 3);
    let shift_s = 3000.0;
    // Direction of growth from the kernel directly: the head's bearing under each wind.
    let Site::Terrain(t) = &loaded.scenario.site else {
        panic!()
    };
    let Some(Hazard::ForestFire(f)) = loaded.scenario.hazards.first() else {
        panic!()
    };
    let mut land = scene::landscape(t, loaded.elevation.as_ref().unwrap(), f).unwrap();
    let ig = &f.ignitions[0];
    let cell = land.cell_at(ig.at.0 as f32, ig.at.1 as f32).unwrap();
    let shift_min = (shift_s / 60.0) as f32;
    let end_min = shift_min + 30.0;
    let first = land.spread(&[(cell, 0.0)], end_min);
    let Effect::WindShift(w) = &loaded
        .scenario
        .injects
        .iter()
        .find(|i| i.number == 2)
        .unwrap()
        .effect
    else {
        panic!("inject 2 is the wind shift")
    };
    land.set_weather(scene::with_wind(scene::weather(f), w));
    let second = land.replan(&first, shift_min, end_min);
    // The centroid of what burns in the 30 minutes after the shift, against that of the same 30
    // minutes without it.
    let grown = |m: &drillhall::hazards::fire::ArrivalMap| {
        let (mut sx, mut sy, mut n) = (0.0f64, 0.0f64, 0.0f64);
        for c in 0..m.arrival_min.len() {
            let a = m.arrival_min[c];
            if a > shift_min && a <= end_min {
                let (x, y) = m.cell_center_m(c);
                sx += f64::from(x);
                sy += f64::from(y);
                n += 1.0;
            }
        }
        (sx / n, sy / n, n)
    };
    let (x0, y0, n0) = grown(&first);
    let (x1, y1, n1) = grown(&second);
    println!(
        "growth without the shift at ({x0:.0}, {y0:.0}) [{n0} cells], with it ({x1:.0}, {y1:.0}) [{n1} cells]"
    );
    assert!(n0 > 0.0 && n1 > 0.0);
    // Downwind of 340° is 160°: south and a little east.
    assert!(y1 < y0, "the new growth lies further south");
}
