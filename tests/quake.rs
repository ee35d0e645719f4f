//! The earthquake: ground motion against GB/T 17742-2020 (../shared/reference/drills-and-evaluation.md),
//! the building's contents in the shaking, and what the four bot policies' journals show.

use crate::runtime::{action_time, events, kinds, run, run_loaded};
use drillhall::hazards::quake::ground_motion::{GroundMotion, pga_range_mps2, pgv_range_mps};
use drillhall::journal::events::Posture;
use drillhall::rng::RunSeed;
use drillhall::scenario::schema::{BotPolicy, Earthquake, Intensity};

fn quake(intensity: Intensity) -> Earthquake {
    Earthquake {
        intensity,
        start_s: 10.0,
        strong_shaking_s: 20.0,
        early_warning_s: None,
        epicentral_distance_km: 40.0,
        aftershocks: Vec::new(),
    }
}

/// A range of the standard's table: (low, mean, high).
type LowMeanHigh = (f64, f64, f64);

/// GB/T 17742-2020, table of horizontal peak ground acceleration (m/s²) and velocity (m/s) per
/// intensity: (low, mean, high). Written here from the standard, not read from the engine, so the
/// test checks the engine's table as well as its shaking.
const GBT_17742_PGA_PGV: [(Intensity, LowMeanHigh, LowMeanHigh); 5] = [
    (Intensity::VI, (0.45, 0.63, 0.89), (0.05, 0.06, 0.09)),
    (Intensity::VII, (0.90, 1.25, 1.77), (0.10, 0.13, 0.18)),
    (Intensity::VIII, (1.78, 2.50, 3.53), (0.19, 0.25, 0.35)),
    (Intensity::IX, (3.54, 5.00, 7.07), (0.36, 0.50, 0.71)),
    (Intensity::X, (7.08, 10.00, 14.14), (0.72, 1.00, 1.41)),
];

#[test]
fn the_engine_s_intensity_table_is_gb_t_17742_2020() {
    for (i, pga, pgv) in GBT_17742_PGA_PGV {
        assert_eq!(pga_range_mps2(i), pga, "{i:?} PGA");
        assert_eq!(pgv_range_mps(i), pgv, "{i:?} PGV");
    }
}

#[test]
fn pga_and_pgv_match_the_intensity_vi_to_x() {
    for (i, (lo, mean, hi), (vlo, vmean, vhi)) in GBT_17742_PGA_PGV {
        let mut pgas = Vec::new();
        let mut pgvs = Vec::new();
        for seed in 0..40 {
            let mut rng = RunSeed(seed).stream("quake");
            let g = GroundMotion::main_shock(&quake(i), &mut rng);
            let peak = g
                .accel_mps2
                .iter()
                .map(|a| a[0].hypot(a[1]))
                .fold(0.0, f64::max);
            assert!(
                peak >= lo - 1e-9 && peak <= hi + 1e-9,
                "{i:?} seed {seed}: PGA {peak}"
            );
            let vertical = g.accel_mps2.iter().map(|a| a[2].abs()).fold(0.0, f64::max);
            assert!((vertical / peak - 2.0 / 3.0).abs() < 1e-9);
            pgas.push(peak);
            pgvs.push(g.pgv_mps);
        }
        pgas.sort_by(f64::total_cmp);
        pgvs.sort_by(f64::total_cmp);
        let in_range = pgvs.iter().filter(|v| (vlo..=vhi).contains(*v)).count();
        println!(
            "{i:?}: PGA {:.2}–{:.2} m/s², median {:.2} (GB/T 17742 {lo}–{hi}, mean {mean}); PGV median {:.3} m/s, {in_range}/40 in {vlo}–{vhi} (mean {vmean})",
            pgas[0], pgas[39], pgas[20], pgvs[20]
        );
        // The PGV is not scaled: it checks the frequency content of the shaking.
        assert!(
            (vlo..=vhi).contains(&pgvs[20]),
            "{i:?}: median PGV {}",
            pgvs[20]
        );
        assert!(in_range >= 28, "{i:?}: only {in_range}/40 PGV in range");
    }
}

#[test]
fn shaking_follows_the_p_s_envelope() {
    let mut rng = RunSeed(3).stream("quake");
    let g = GroundMotion::main_shock(&quake(Intensity::VIII), &mut rng);
    let rms = |from: f64, to: f64| {
        let n = ((to - from) / 0.01) as usize;
        let s: f64 = (0..n)
            .map(|k| {
                let a = g.at(from + k as f64 * 0.01);
                a[0] * a[0] + a[1] * a[1]
            })
            .sum();
        (s / n as f64).sqrt()
    };
    let (p, strong, tail) = (
        rms(g.start_s, g.strong_from_s),
        rms(g.strong_from_s + 2.0, g.strong_until_s),
        rms(g.strong_until_s + 8.0, g.end_s() - 0.1),
    );
    println!(
        "P arrives {:.1} s, S {:.1} s, strong until {:.1} s; RMS horizontal P {p:.2}, strong {strong:.2}, tail {tail:.2} m/s²",
        g.start_s, g.strong_from_s, g.strong_until_s
    );
    assert_eq!(g.at(g.start_s - 1.0), [0.0; 3]);
    assert!(p < 0.3 * strong && tail < 0.1 * strong);
    assert!((g.strong_from_s - g.start_s - 40.0 * (1.0 / 3.5 - 1.0 / 6.0)).abs() < 1e-9);
}

fn posture_of(e: &drillhall::journal::Entry) -> Option<Posture> {
    serde_json::from_value(e.event["posture"].clone()).ok()
}

/// A free-standing bookshelf beside a door topples across it in intensity X shaking (seed 2):
/// the door is journalled as blocked by it and everyone leaves by the far door. With seed 1 it
/// rocks but stays up (a slender block under high-frequency shaking resists far beyond its
/// static tipping threshold, Housner 1963), and the near door is the way out.
#[test]
fn toppled_shelf_blocks_the_doorway_and_occupants_reroute() {
    let (bytes, s) = run("tests/scenarios/doorway-shelf.ron", 2, &[]);
    let v = events(&bytes);
    let blocked = kinds(&v, "Blocked").next().expect("the door is blocked");
    let by = blocked.event["by"].as_str().unwrap_or_default();
    println!(
        "seed 2: {} blocked at {:.1} s by {by}",
        blocked.event["what"], blocked.t_s
    );
    assert_eq!(blocked.event["what"]["Door"], "d-west");
    assert!(by.starts_with("bookshelf"));
    let stops = kinds(&v, "Hazard")
        .find(|e| e.event["event"] == "ShakingStops")
        .unwrap()
        .t_s;
    assert!(
        blocked.t_s <= stops + 15.0,
        "blocked while the contents moved"
    );
    let west_after = kinds(&v, "PassedDoor")
        .filter(|e| e.event["door"] == "d-west" && e.t_s >= blocked.t_s)
        .count();
    let east = kinds(&v, "PassedDoor")
        .filter(|e| e.event["door"] == "d-east")
        .count();
    assert_eq!(west_after, 0);
    assert_eq!(east, 8, "all eight leave by the far door");
    assert_eq!(s.at_destination, 8);
    // The control: the shelf stays up, the door stays open, and it is the way most take.
    let (bytes, _) = run("tests/scenarios/doorway-shelf.ron", 1, &[]);
    let v = events(&bytes);
    assert_eq!(kinds(&v, "Blocked").count(), 0);
    let west = kinds(&v, "PassedDoor")
        .filter(|e| e.event["door"] == "d-west")
        .count();
    println!("seed 1: the shelf stays up; {west} of 8 leave by the near (west) door");
    assert!(west >= 5);
}

/// The school drill with every participant following the plan: the pupils are under their desks
/// when the strong shaking starts, ceiling lights do fall, and nobody in cover is struck. The
/// 2-minute target is not reachable in this building and the journal says why: the first-floor
/// stairs need longer than that for the 893 people above the ground floor.
#[test]
fn follow_plan_keeps_people_in_cover_unhurt_and_reports_the_stair_capacity() {
    let (bytes, s) = run("scenarios/school-earthquake.ron", 7, &[]);
    let v = events(&bytes);
    let postures = kinds(&v, "Postures")
        .next()
        .expect("postures at the shaking");
    let counts: Vec<(Posture, u32)> =
        serde_json::from_value(postures.event["counts"].clone()).unwrap();
    let total: u32 = counts.iter().map(|(_, n)| n).sum();
    let under = counts
        .iter()
        .find(|(p, _)| *p == Posture::UnderDesk)
        .map_or(0, |(_, n)| *n);
    let damage = kinds(&v, "ContentsDamage").next().expect("contents damage");
    println!(
        "postures at the strong shaking: {counts:?}; damage: {}",
        damage.event
    );
    assert!(f64::from(under) > 0.95 * f64::from(total));
    assert!(damage.event["lights_fallen"].as_u64().unwrap() > 0);
    let struck_in_cover: Vec<_> = kinds(&v, "Injured")
        .filter(|e| {
            e.event["cause"]
                .as_str()
                .unwrap_or_default()
                .starts_with("struck")
                && posture_of(e).is_some_and(Posture::is_cover)
        })
        .collect();
    assert!(struck_in_cover.is_empty(), "{struck_in_cover:?}");
    // Everyone else hurt ran (panicked occupants) or fell: nobody who kept still in cover.
    for e in kinds(&v, "Injured") {
        let who = e.event["who"].as_str().unwrap();
        assert!(
            kinds(&v, "Panicked").any(|p| p.event["who"] == who)
                || kinds(&v, "Fell").any(|p| p.event["who"] == who),
            "{who} hurt without running or falling: {}",
            e.event
        );
    }
    let cap = kinds(&v, "EvacuationCapacity").next().unwrap();
    let minimum = cap.event["minimum_s"].as_f64().unwrap();
    let evac = s.evacuation_s.unwrap();
    println!(
        "everyone out {evac:.1} s after the signal; flow-limited minimum {minimum:.1} s through {}",
        cap.event["through"]
    );
    assert!(evac >= minimum);
    assert!(
        evac <= 120.0 || minimum > 120.0,
        "the target is missed without a capacity reason"
    );
}

/// Every homeroom teacher and stair guide panics: they run through the shaking, fall, and get
/// hurt, where the plan-following run has no participant hurt.
#[test]
fn panicking_staff_get_hurt() {
    let bots = [
        ("homeroom-teacher", BotPolicy::Panic),
        ("stair-guide", BotPolicy::Panic),
    ];
    let (bytes, _) = run("scenarios/school-earthquake.ron", 7, &bots);
    let v = events(&bytes);
    let staff = |w: &str| w.starts_with("teacher-") || w.starts_with("guide-");
    let fell = kinds(&v, "Fell")
        .filter(|e| staff(e.event["who"].as_str().unwrap()))
        .count();
    let hurt = kinds(&v, "Injured")
        .filter(|e| staff(e.event["who"].as_str().unwrap()))
        .count();
    println!("panicking staff: {fell} falls, {hurt} hurt");
    assert!(hurt > 0 && fell > hurt);
    assert!(
        action_time(&v, "teacher-3-1", "TakeCover")
            .is_none_or(|t| { t > action_time(&v, "teacher-3-1", "MoveTo").unwrap_or(0.0) })
    );
    let (calm, _) = run("scenarios/school-earthquake.ron", 7, &[]);
    let calm = events(&calm);
    assert_eq!(
        kinds(&calm, "Injured")
            .filter(|e| staff(e.event["who"].as_str().unwrap()))
            .count(),
        0
    );
}

/// The school's evacuation times, seed 7, with the east stairwell open, with its third-floor door
/// blocked (the shipped inject 3), and with the whole east stair blocked below the second floor
/// once the shaking stops (debris on the flight): signal to the last person out, and the flow
/// bound of the stairs left. Printed for docs/verification.md.
#[test]
fn school_evacuation_with_and_without_a_blocked_stairwell() {
    use drillhall::scenario::schema::{Condition, Effect, HazardEvent, SiteRef, Trigger};
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/school-earthquake.ron");
    let shipped = drillhall::scenario::load_scenario(&path).expect("loads");
    let mut open = shipped.clone();
    open.scenario.injects.retain(|i| i.number != 3);
    let mut stair = open.clone();
    let mut block = shipped
        .scenario
        .injects
        .iter()
        .find(|i| i.number == 3)
        .unwrap()
        .clone();
    block.trigger = Trigger::When {
        condition: Condition::Hazard(HazardEvent::ShakingStops),
        delay_s: 0.0,
    };
    block.effect = Effect::Block(SiteRef::Stair("stair-b-1-2".into()));
    stair.scenario.injects.push(block);
    let mut times = Vec::new();
    for (name, l) in [
        ("east stairwell open", &open),
        ("third-floor door to the east stair blocked", &shipped),
        ("east stair blocked below floor 2", &stair),
    ] {
        let (bytes, s) = run_loaded(l, 7, &[], f64::INFINITY);
        let v = events(&bytes);
        let signal = kinds(&v, "Action")
            .find(|e| e.event["action"] == "SignalEvacuation")
            .unwrap()
            .t_s;
        let mut outs: Vec<f64> = kinds(&v, "LeftBuilding").map(|e| e.t_s - signal).collect();
        outs.sort_by(f64::total_cmp);
        let at = |f: f64| outs[((outs.len() as f64 * f).ceil() as usize).max(1) - 1];
        // The flow bound with the stairs this variant leaves open.
        let mut g = drillhall::crowd::network::NavGraph::from_site(&l.scenario.site);
        if name.starts_with("east stair blocked") {
            let k = g.link("stair-b-1-2").unwrap();
            g.links[k].blocked = true;
        }
        let node = |r: &SiteRef| match r {
            SiteRef::Space(id) => g.node(id),
            _ => None,
        };
        let starts: Vec<usize> = l
            .scenario
            .population
            .iter()
            .flat_map(|grp| std::iter::repeat_n(node(&grp.start), grp.count as usize))
            .chain(l.scenario.participants.iter().map(|p| node(&p.start)))
            .flatten()
            .collect();
        let bound = g.flow_bound(&starts).unwrap();
        let people = bound.people as usize;
        println!(
            "{name}: 50 % out {:.0} s, 90 % {:.0} s, all {:.0} s after the signal ({} left the building); \
             upper-floor stair flow {:.2} p/s: at least {:.0} s for the {} above the ground floor",
            at(0.5),
            at(0.9),
            s.evacuation_s.unwrap(),
            outs.len(),
            bound.flow_pps,
            f64::from(people as u32) / bound.flow_pps,
            people
        );
        assert!(s.evacuation_s.unwrap() >= f64::from(people as u32) / bound.flow_pps);
        times.push(s.evacuation_s.unwrap());
    }
    assert!(
        times[2] > times[0] * 1.3,
        "one stair for everyone takes far longer: {times:?}"
    );
}
