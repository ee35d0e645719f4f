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

/// The four bot policies on the shipped village (seed 7), ranked with follow-plan first: the
/// follow-plan village moves the vulnerable households first, has everyone at a shelter before
/// the water cuts any house off (each house's margin in the evidence) and is Excellent with no
/// life-safety finding; the panicking cadres move households in list order (a breach of 危险户
/// 先转, named); the rule-breaking cadre takes a household home across the flooded ford before
/// the all-clear — the household is in moving water, swept off its feet, and the report names
/// both.
#[test]
fn the_village_bots_rank_follow_plan_first_and_the_ford_crossing_is_named() {
    use drillhall::plan::evaluate::{Band, Outcome};
    use drillhall::report::FindingSeverity;
    use drillhall::scenario::schema::BotPolicy;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let roles = ["village-commander", "warning-officer", "village-cadre"];
    let judged = |policy: BotPolicy| crate::runtime::judged(VILLAGE, 7, &roles, policy);
    let (v, follow) = judged(BotPolicy::FollowPlan);
    assert!(
        follow
            .findings
            .iter()
            .all(|f| f.severity != FindingSeverity::Deficiency),
        "{:#?}",
        follow.findings
    );
    assert_eq!(follow.band, Band::Excellent);
    let cut_off = kinds(&v, "HouseCutOff").count();
    assert!(cut_off > 0, "the water cuts houses off");
    let margins: Vec<String> = follow
        .tasks
        .iter()
        .filter(|t| t.id == "transfer-all")
        .flat_map(|t| t.evidence.iter().map(|e| e.text().en))
        .filter(|s| s.contains("before the water cut the house off"))
        .collect();
    println!("{cut_off} houses cut off; margins: {margins:#?}");
    assert!(!margins.is_empty());
    assert_eq!(kinds(&v, "InWater").count(), 0, "nobody in moving water");
    // The refuser at h08 is persuaded at his door and reaches the shelter.
    let refuser = follow
        .tasks
        .iter()
        .find(|t| t.id == "persuade-refuser" && t.outcome != Outcome::NotApplicable)
        .unwrap();
    assert_eq!(refuser.participant, "cadre-zhang");
    assert!(matches!(refuser.outcome, Outcome::Met | Outcome::MetLate));

    let (_, panic) = judged(BotPolicy::Panic);
    let order = panic
        .findings
        .iter()
        .find(|f| f.task == "yellow-move-vulnerable")
        .expect("moving in list order is a finding");
    assert_eq!(order.severity, FindingSeverity::Deficiency);
    assert!(
        order
            .observation
            .en
            .contains("moved others before the vulnerable")
    );
    assert!(order.observation.zh.contains("未先转移危险户"));

    let (rv, rash) = judged(BotPolicy::RuleBreaker);
    let back = rash
        .findings
        .iter()
        .find(|f| f.task == "stop-return")
        .expect("taking a household home is a finding");
    println!("{:?}: {}", back.severity, back.observation.en);
    assert_eq!(back.severity, FindingSeverity::Deficiency);
    let ford_water: Vec<(f64, f64)> = kinds(&rv, "InWater")
        .map(|e| {
            (
                e.event["at"][0].as_f64().unwrap(),
                e.event["at"][1].as_f64().unwrap(),
            )
        })
        .collect();
    // In the water at the ford (400–480 m east, 262 m north).
    assert!(
        ford_water
            .iter()
            .any(|&(x, y)| (390.0..=490.0).contains(&x) && (y - 262.0).abs() < 15.0),
        "{ford_water:?}"
    );
    let home_in_water = rash
        .groups
        .iter()
        .filter(|g| g.id == "no-return" && g.violated > 0)
        .count();
    assert!(home_in_water > 0, "the household is judged for going back");
    // The report's flood maps: the hazard map with the crossing marked, the water at its key
    // moments, the gauge against its warning lines, the houses' margins, the register.
    let loaded = drillhall::scenario::load_scenario(&root.join(VILLAGE)).unwrap();
    let h = drillhall::report::html::render(&drillhall::report::html::Inputs {
        journal: &rv,
        report: &rash,
        plan: loaded.plan.as_ref().unwrap(),
        scenario: Some(&loaded.scenario),
        date: None,
        lang: drillhall::words::Lang::Zh,
    });
    let at = h.find(r#"<section id="flood">"#).expect("flood maps");
    let flood = &h[at..at + h[at..].find("</section>").unwrap()];
    for words in [
        "Flood maps",
        "Highest hazard class",
        "The water at key moments",
        "Hydrograph: hewan-gauge",
        "warning level 50.0 m",
        "guaranteed level 52.0 m",
        "Houses the water reached",
        "Shelter register (expected / arrived)",
        "警戒水位",
        "安置点登记",
    ] {
        assert!(flood.contains(words), "{words}");
    }
    assert_eq!(
        flood.matches(r##"stroke="#6a1b9a""##).count(),
        ford_water.len(),
        "a cross where each was in moving water"
    );
    assert_eq!(
        flood.matches(r#"class="zh""#).count(),
        flood.matches(r#"class="en""#).count()
    );
    let (_, late) = judged(BotPolicy::Late);
    let scores = [follow.score, late.score, panic.score, rash.score];
    println!("follow-plan, late, panic, rule-breaker: {scores:?}");
    assert!(scores[1..].iter().all(|&s| s < follow.score));
    assert!(scores[..3].iter().all(|&s| s > rash.score));
}
