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
    // The wind the fire starts in, then the shift (inject 2).
    assert_eq!(kinds(&v, "WindChanged").count(), 2);
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
    // …and no fireline: the crew's line changes the fuel (tested on its own below).
    for h in &mut loaded.scenario.hazards {
        if let Hazard::ForestFire(f) = h {
            f.line_m_per_h_per_person = None;
        }
    }
    let (bytes, _) = run_loaded(&loaded, 7, &[], f64::INFINITY);
    let v = events(&bytes);
    let Site::Terrain(t) = &loaded.scenario.site else {
        panic!("a terrain drill");
    };
    let Some(Hazard::ForestFire(f)) = loaded.scenario.hazards.first() else {
        panic!("a forest fire");
    };
    let landscape = scene::landscape(
        t,
        loaded.elevation.as_ref().unwrap(),
        loaded.fuel_grid.as_ref(),
        f,
    )
    .unwrap();
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
    let mut land = scene::landscape(
        t,
        loaded.elevation.as_ref().unwrap(),
        loaded.fuel_grid.as_ref(),
        f,
    )
    .unwrap();
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

/// A fuel raster (`site.fuel.grid`) sets each cell's fuel, northern row first, and zones paint
/// over it; a raster of the wrong size or with an unknown code is refused (broken corpus 56–57).
#[test]
fn a_fuel_raster_sets_the_fuel_and_zones_paint_over_it() {
    let dir = root().join("scenarios");
    let src = std::fs::read_to_string(dir.join("small-fire.ron")).unwrap();
    // 10 rows × 12 columns: the northern row bare ground (99), the rest short grass (1).
    let values: Vec<String> = (0..120)
        .map(|k| if k < 12 { "99.0".into() } else { "1.0".into() })
        .collect();
    let text = src.replacen(
        "zones: [\n                // The farmstead",
        &format!(
            "grid: Inline(rows: 10, cols: 12, values: [{}]),\n            zones: [\n                // The farmstead",
            values.join(", ")
        ),
        1,
    );
    assert_ne!(text, src);
    let (reports, loaded) = drillhall::scenario::check_source("small-fire.ron", &text, &dir);
    assert!(reports[0].is_valid(), "{:?}", reports[0].diagnostics);
    let loaded = loaded.unwrap();
    let Site::Terrain(t) = &loaded.scenario.site else {
        panic!()
    };
    let fuel = scene::fuel_codes(t, loaded.fuel_grid.as_ref(), 10, 12);
    // Landscape order: row 0 is the south. The top (northern) row is bare, the farmstead zone
    // (south-west corner, NB1) paints over the grass.
    assert!(
        fuel[9 * 12..].iter().all(|&c| c == 99),
        "{:?}",
        &fuel[9 * 12..]
    );
    assert_eq!(fuel[0], 91, "the farmstead zone paints over the raster");
    assert_eq!(fuel[5 * 12 + 6], 1);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(32))]

    /// Whatever a trainer writes, a fire scenario that validates runs without a panic: random
    /// ignitions, winds (any direction, up to a gale, at any height), fuel moisture, and fuel zones
    /// of any known code over the small fire's terrain.
    #[test]
    fn a_fire_scenario_that_validates_never_panics(
        ig in (0.0..360.0f64, 0.0..300.0f64),
        wind in (0.0..24.0f64, 0.0..360.0f64, 0usize..3),
        moisture in (1.0..60.0f64, 30.0..300.0f64),
        zones in proptest::collection::vec(
            (0usize..60, 0.0..300.0f64, 0.0..260.0f64, 20.0..120.0f64, 20.0..120.0f64),
            0..4,
        ),
    ) {
        let dir = root().join("scenarios");
        let src = std::fs::read_to_string(dir.join("small-fire.ron")).unwrap();
        let codes: Vec<u16> = drillhall::hazards::fire::fuel_models::all_fuel_models()
            .iter()
            .map(|m| m.code)
            .collect();
        let height = ["TwentyFoot", "TenMetre", "Midflame"][wind.2];
        let mut zone_text = String::new();
        for (c, x, y, w, h) in &zones {
            let (x1, y1) = ((x + w).min(360.0), (y + h).min(300.0));
            zone_text.push_str(&format!(
                "(model: {}, polygon: [({x:.1}, {y:.1}), ({x1:.1}, {y:.1}), ({x1:.1}, {y1:.1}), ({x:.1}, {y1:.1})]),\n",
                codes[c % codes.len()]
            ));
        }
        let text = src
            .replacen("at: (210.0, 150.0), time_s", &format!("at: ({:.1}, {:.1}), time_s", ig.0, ig.1), 1)
            .replacen(
                "speed_mps: 3.0, from_deg: 225.0, height: TwentyFoot",
                &format!("speed_mps: {:.2}, from_deg: {:.1}, height: {height}", wind.0, wind.1),
                1,
            )
            .replacen("dead_1h_pct: 6.0", &format!("dead_1h_pct: {:.2}", moisture.0), 1)
            .replacen("live_herb_pct: 60.0", &format!("live_herb_pct: {:.1}", moisture.1), 1)
            .replacen("zones: [\n", &format!("zones: [\n{zone_text}"), 1);
        let (reports, loaded) = drillhall::scenario::check_source("small-fire.ron", &text, &dir);
        if let (true, Some(loaded)) = (reports[0].is_valid(), loaded) {
            let (bytes, _) = run_loaded(&loaded, 1, &[], 900.0);
            let v = events(&bytes);
            proptest::prop_assert!(kinds(&v, "FireStarted").count() >= 1);
        }
    }
}

/// 三先 (火情不明先侦察): the crew leader walks out until the fire is in view (`Scouted`), and the
/// follow-plan crew attacks only after that; the rule-breaking crew attacks the moment the fire
/// is reported, which is a life-safety deficiency naming the breach, and the four bot runs rank
/// the rule-breaker last.
#[test]
fn attacking_before_the_fire_is_scouted_is_a_life_safety_deficiency() {
    use drillhall::plan::evaluate::Rating;
    use drillhall::report::FindingSeverity;
    use drillhall::scenario::schema::BotPolicy;
    let roles = ["crew-leader", "lookout", "firefighter", "village-cadre"];
    let judged = |policy: BotPolicy| crate::runtime::judged(RIDGE, 7, &roles, policy);
    let (v, follow) = judged(BotPolicy::FollowPlan);
    let set_out = kinds(&v, "Action")
        .find(|e| e.event["action"] == "Scout")
        .map(|e| e.t_s)
        .unwrap();
    let scouted = kinds(&v, "Scouted").next().map(|e| e.t_s).unwrap();
    let first_attack = kinds(&v, "Action")
        .filter(|e| e.event["action"] == "Attack")
        .map(|e| e.t_s)
        .fold(f64::INFINITY, f64::min);
    println!(
        "scout set out {set_out} s, had the fire in view {scouted} s, first attack {first_attack} s"
    );
    assert!(scouted > set_out + 60.0, "the scout had to walk there");
    assert!(first_attack > scouted);
    assert!(
        follow
            .findings
            .iter()
            .all(|f| f.severity != FindingSeverity::Deficiency),
        "{:#?}",
        follow.findings
    );
    let (rash_v, rash) = judged(BotPolicy::RuleBreaker);
    let breach = rash
        .findings
        .iter()
        .find(|f| f.task == "attack")
        .expect("the attack is a finding");
    println!("{:?}: {}", breach.severity, breach.observation.en);
    assert_eq!(breach.severity, FindingSeverity::Deficiency);
    assert!(breach.observation.en.contains("attacked unscouted"));
    assert!(breach.observation.zh.contains("未侦察扑救"));
    assert_eq!(rash.rating, Some(Rating::U));
    // The rule-breakers go round the fire to its head (no anchor): a frontal attack, named with
    // its flames; its heat burns them there.
    let said: Vec<String> = rash
        .tasks
        .iter()
        .filter(|t| t.id == "attack")
        .flat_map(|t| t.evidence.iter().map(|e| e.text().en))
        .collect();
    assert!(
        said.iter()
            .any(|s| s.starts_with("attacked the head directly: at the head")),
        "{said:#?}"
    );
    let burned = kinds(&rash_v, "Injured").count();
    println!("rule-breakers burned at the head: {burned}");
    assert!(burned > 0);
    assert_eq!(
        kinds(&v, "Injured").count(),
        0,
        "the follow-plan crew is not burned"
    );
    let (_, late) = judged(BotPolicy::Late);
    let (_, panic) = judged(BotPolicy::Panic);
    let scores = [follow.score, late.score, panic.score, rash.score];
    println!("follow-plan, late, panic, rule-breaker: {scores:?}");
    assert!(scores[1..].iter().all(|&s| s < follow.score));
    assert!(scores[..3].iter().all(|&s| s > rash.score));
    assert_eq!(follow.band, drillhall::plan::evaluate::Band::Excellent);
}

/// LCES and the line, as the follow-plan crew does them on the ridge (seed 7): the lookout
/// posts where the front is in sight, the firefighters anchor on the road and attack with a
/// lookout who sees the front and them, two escape routes that beat the fire and a safety zone
/// wide enough — and the line grows at the scenario's stated rate (18.3 m/h per person), never
/// faster.
#[test]
fn the_crew_attacks_with_lces_in_place_and_cuts_line_at_the_stated_rate() {
    use drillhall::scenario::schema::BotPolicy;
    let roles = ["crew-leader", "lookout", "firefighter", "village-cadre"];
    let bots: Vec<(&str, BotPolicy)> = roles.iter().map(|r| (*r, BotPolicy::FollowPlan)).collect();
    let (bytes, _) = run(RIDGE, 7, &bots);
    let v = events(&bytes);
    let posted = kinds(&v, "LookoutPosted").next().expect("a lookout posts");
    assert_eq!(posted.event["sees_front"], true);
    assert!(kinds(&v, "LineAnchored").all(|e| e.event["safe"] == true));
    let attacks: Vec<_> = kinds(&v, "AttackBegun").collect();
    assert_eq!(attacks.len(), 6, "every firefighter engages");
    for a in &attacks {
        let f = &a.event["facts"];
        assert_eq!(f["lookout_sees_front"], true, "{f}");
        assert_eq!(f["lookout_sees_crew"], true, "{f}");
        assert!(f["escape_routes"].as_array().unwrap().len() >= 2, "{f}");
        assert!(f["safety_zone_clear_m"].as_f64() >= f["safety_zone_needed_m"].as_f64());
        assert_ne!(f["sector"], "Head");
    }
    let first = attacks.iter().map(|e| e.t_s).fold(f64::INFINITY, f64::min);
    let lines: Vec<_> = kinds(&v, "FirelineBuilt").collect();
    let last = lines.last().expect("the line is journalled");
    let length = last.event["length_m"].as_f64().unwrap();
    // Six people at most, from the first engagement on.
    let most = 6.0 * 18.3 * (last.t_s - first) / 3600.0;
    println!("line {length} m by {} s; at most {most:.1} m", last.t_s);
    assert!(length > 0.0 && length <= most + 1e-6, "{length} > {most}");
    let points = last.event["points"].as_array().unwrap().len();
    assert!(points >= 2);
}

/// A plan that forbids attacking in high wind, on steep ground or at night must say what those
/// are: without `fire_limits` the plan file gets an error at the step's `prohibits`, with line
/// and column; and a night that is not a time of day is refused.
#[test]
fn fire_rules_with_numbers_need_the_plans_fire_limits() {
    const RIDGE_FILE: &str = "forest-fire-ridge.ron";
    let dir = crate::runtime::tempdir("fire-limits");
    std::fs::create_dir_all(dir.join("plans")).unwrap();
    std::fs::create_dir_all(dir.join("terrain")).unwrap();
    let scenarios = root().join("scenarios");
    std::fs::copy(scenarios.join(RIDGE_FILE), dir.join(RIDGE_FILE)).unwrap();
    std::fs::copy(
        scenarios.join("terrain/ridge.asc"),
        dir.join("terrain/ridge.asc"),
    )
    .unwrap();
    let plan = std::fs::read_to_string(scenarios.join("plans/forest-fire.ron")).unwrap();
    let cut = plan
        .find("    fire_limits: Some((")
        .expect("the shipped plan states limits");
    let without = format!("{}\n)\n", &plan[..cut].trim_end());
    let messages = |plan_text: &str| -> Vec<String> {
        std::fs::write(dir.join("plans/forest-fire.ron"), plan_text).unwrap();
        match drillhall::scenario::load_scenario(&dir.join(RIDGE_FILE)) {
            Ok(_) => Vec::new(),
            Err(reports) => reports
                .iter()
                .flat_map(|r| {
                    r.diagnostics
                        .iter()
                        .map(move |d| format!("{}:{}:{}: {}", r.file, d.line, d.column, d.message))
                })
                .collect(),
        }
    };
    let said = messages(&without);
    println!("{said:#?}");
    assert!(
        said.iter().any(|m| m.contains("forest-fire.ron:")
            && m.contains("step `attack` forbids attacking in high wind, on steep ground or at night, but the plan states no `fire_limits`")),
        "{said:#?}"
    );
    let said = messages(&plan.replace("night_from: \"19:00\"", "night_from: \"7pm\""));
    assert!(
        said.iter()
            .any(|m| m.contains("`7pm` is not a time of day")),
        "{said:#?}"
    );
    assert!(messages(&plan).is_empty(), "the shipped plan validates");
}

/// A directory to write edited copies of small-fire into (its plan beside them), and the
/// scenario's text.
fn small_fire_copy(name: &str) -> (std::path::PathBuf, String) {
    let dir = crate::runtime::tempdir(name);
    std::fs::create_dir_all(dir.join("plans")).unwrap();
    let scenarios = root().join("scenarios");
    std::fs::copy(
        scenarios.join("plans/forest-fire.ron"),
        dir.join("plans/forest-fire.ron"),
    )
    .unwrap();
    let base = std::fs::read_to_string(scenarios.join("small-fire.ron")).unwrap();
    (dir, base)
}

/// A fuel break (a long non-burnable zone) is watched on both sides: the grass fire reaches its
/// near side and stops there; with a spot fire beyond it both sides burn, and the second one is
/// the break crossed.
#[test]
fn a_fuel_break_holds_until_a_spot_fire_crosses_it() {
    let (dir, base) = small_fire_copy("fuel-break");
    // A 30 m strip of bare ground (NB9) right across the terrain, 50 m north of the ignition.
    let strip = base.replace(
        "            zones: [\n",
        "            zones: [\n                (model: 99, polygon: [(0.0, 200.0), (360.0, 200.0), (360.0, 230.0), (0.0, 230.0)]),\n",
    );
    assert_ne!(strip, base);
    let spot = strip.replace(
        "    injects: [\n",
        "    injects: [\n        (number: 9, trigger: At(time_s: 60.0), effect: SpotFire(at: (210.0, 250.0)), to: Everyone, channel: Radio,\n         message: (zh: \"飞火越过隔离带\", en: \"A spot fire beyond the break\")),\n",
    );
    let at_break = |text: &str, name: &str| {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let loaded = drillhall::scenario::load_scenario(&path).unwrap();
        let (bytes, _) = run_loaded(&loaded, 1, &[], f64::INFINITY);
        kinds(&events(&bytes), "FireAtFuelBreak")
            .map(|e| (e.t_s, e.event["zone"].clone(), e.event["crossed"].clone()))
            .collect::<Vec<_>>()
    };
    let held = at_break(&strip, "held.ron");
    println!("without the spot fire: {held:?}");
    assert_eq!(held.len(), 1, "the near side only");
    assert_eq!(held[0].1, 0, "the strip is zone 0");
    assert_eq!(held[0].2, false);
    let crossed = at_break(&spot, "crossed.ron");
    println!("with the spot fire at 60 s: {crossed:?}");
    assert_eq!(crossed.len(), 2);
    assert_eq!(crossed[0].2, false);
    assert_eq!(crossed[1].2, true, "the second side burns: crossed");
    assert!(crossed[0].0 >= 60.0);
}

/// Someone told to walk straight across the burning slope (small-fire, its wind steady) goes
/// round the flames (`hazards::fire::detour`): of the points on a ring round the fire that it
/// does not take before the walker could be there, the first whose straight walk would enter
/// burning cells while the fire leaves a way round is the goal; the walk taken never stands in a
/// cell while it flames, it ends at the point and burns nobody.
#[test]
fn a_walker_goes_round_the_flames_not_through_them() {
    use drillhall::hazards::fire::detour::FireWindows;
    use drillhall::rng::RunSeed;
    use drillhall::scenario::geometry::dist;
    use drillhall::sim::fire::{FireState, cell_flames};
    use drillhall::sim::participants::{Input, PendingInputs};
    use drillhall::sim::people::People;
    // A steady wind: without inject 2's wind shift at 600 s.
    let (dir, base) = small_fire_copy("go-round");
    let steady = base.replace(
        "effect: WindShift(speed_mps: 6.0, from_deg: 0.0, height: TwentyFoot)",
        "effect: Message",
    );
    assert_ne!(steady, base);
    std::fs::write(dir.join("steady.ron"), steady).unwrap();
    let loaded = drillhall::scenario::load_scenario(&dir.join("steady.ron")).unwrap();
    let setup =
        drillhall::sim::DrillSetup::new(&loaded, RunSeed(1), &[], &["ff-1".to_string()]).unwrap();
    let out = crate::runtime::Shared::default();
    let mut app = drillhall::app::build_app(
        setup,
        Box::new(out.clone()),
        drillhall::app::Surface::Headless,
    )
    .unwrap();
    let tick = |app: &mut bevy::app::App| app.world_mut().run_schedule(drillhall::sim::SimTick);
    let hz = drillhall::sim::TICK_HZ;
    let t0_s = 180;
    for _ in 0..t0_s * hz {
        tick(&mut app);
    }
    let me = app
        .world()
        .resource::<People>()
        .persons
        .iter()
        .position(|p| p.id == "ff-1")
        .unwrap();
    let start = app.world().resource::<People>().position(me).0;
    let goal = {
        let fire = app.world().resource::<FireState>();
        let map = fire.map.as_ref().unwrap();
        let f = FireWindows {
            map,
            flaming_min: |c| cell_flames(&fire.landscape, map, c).flaming_min,
            clear_m: 4.0 * fire.exposure.longest_flame_m(),
        };
        let speed = app.world().resource::<People>().net.walkers[me].free_speed_mps;
        let t0 = f64::from(t0_s) / 60.0;
        (0..16)
            .map(|k| {
                let a = f64::from(k) * std::f64::consts::PI / 8.0;
                (210.0 + 120.0 * a.sin(), 150.0 + 120.0 * a.cos())
            })
            .filter(|&g| g.0 > 5.0 && g.0 < 355.0 && g.1 > 5.0 && g.1 < 295.0)
            // Not a point the fire takes before a walk half as long again as the straight one
            // ends: the walk is judged, not the goal.
            .filter(|&g| {
                let walk_min = 1.5 * dist(start, g) / speed / 60.0;
                f64::from(map.arrival_at_point(g.0 as f32, g.1 as f32)) > t0 + walk_min
            })
            .find(|&g| {
                f.crosses_fire(start, g, t0, speed) && f.detour(start, g, t0, speed).is_some()
            })
            .expect("a goal beyond the fire with a way round it")
    };
    app.world_mut()
        .resource_mut::<PendingInputs>()
        .0
        .push((2, Input::Walk { to: goal }));
    let mut track = Vec::new();
    for s in 1..=1500 {
        for _ in 0..hz {
            tick(&mut app);
        }
        let at = app.world().resource::<People>().position(me).0;
        let fire = app.world().resource::<FireState>();
        let map = fire.map.as_ref().unwrap();
        let t_min = f64::from(t0_s + s) / 60.0;
        if let Some(c) = fire.landscape.cell_at(at.0 as f32, at.1 as f32) {
            let a = f64::from(map.arrival_min[c]);
            let flaming =
                t_min >= a && t_min < a + cell_flames(&fire.landscape, map, c).flaming_min;
            assert!(
                !flaming,
                "in flames at {t_min:.2} min at {at:?} (cell reached at {a:.2} min)"
            );
        }
        track.push(at);
        if dist(at, goal) < 3.0 {
            break;
        }
    }
    let end = *track.last().unwrap();
    println!(
        "walked from {start:?} to {goal:?} round the fire: every 20 s {:?}",
        track.iter().step_by(20).collect::<Vec<_>>()
    );
    assert!(dist(end, goal) < 3.0, "ended at {end:?}");
    let v = events(&out.0.lock().unwrap().clone());
    assert!(
        kinds(&v, "Injured").all(|e| e.event["who"] != "ff-1"),
        "burned on the way: {:?}",
        kinds(&v, "Injured")
            .map(|e| (e.t_s, &e.event))
            .collect::<Vec<_>>()
    );
}
