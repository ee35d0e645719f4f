//! The crowd kernel under pressure: large crowds at one exit, the choice of exit, counter-flow
//! through doors, a large crowd round a corner, groups (RiMEA 4.1.1 annex 1 tests 9, 11, 14, 15;
//! NIST TN 1822 2.8, 2.9), and a property test over random rooms. Every test prints what it
//! measured.

use super::crowd::{DT, Run, fill, goal, rect};
use drillhall::crowd::kernel::Motion;
use drillhall::crowd::network::NavGraph;
use drillhall::scenario::schema::Point;
use rand::SeedableRng;

/// Free speeds N(1.34, 0.26) m/s clipped to [0.5, 2.2] (crowd.md), deterministic per seed.
fn adult_speeds(n: usize, seed: u64) -> Vec<f64> {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    (0..n)
        .map(|_| {
            let u1: f64 = rand::Rng::random_range(&mut rng, 1e-12..1.0);
            let u2: f64 = rand::Rng::random_range(&mut rng, 0.0..1.0);
            let z = (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos();
            (1.34 + 0.26 * z).clamp(0.5, 2.2)
        })
        .collect()
}

/// Everyone's time out of the building (through any exit), sorted.
fn out_times(r: &Run, exits: &[usize]) -> Vec<f64> {
    let mut t: Vec<f64> = exits
        .iter()
        .flat_map(|&e| r.passed(e).into_iter().map(|(t, _)| t))
        .collect();
    t.sort_by(f64::total_cmp);
    t
}

#[test]
#[ignore]
fn probe_one_exit_hall() {
    for n in [400usize, 800, 1500] {
        let mut g = NavGraph::default();
        let hall = g.add_space("hall", 0, 0.0, rect(0.0, 0.0, 30.0, 20.0));
        let yard = g.add_open_ground("yard", rect(-20.0, -60.0, 50.0, 0.0));
        let e = g.add_exit("exit", hall, yard, (15.0, 0.0), 1.0);
        let mut r = Run::new(g);
        for (p, v) in fill(n, 0.3, 0.3, 29.7, 19.7)
            .into_iter()
            .zip(adult_speeds(n, 1))
        {
            r.net.add(hall, p, v, true);
        }
        r.send_all(yard, Some((15.0, -15.0)));
        let end = r.until_still(1500.0, |_| {});
        let t = out_times(&r, &[e]);
        let marks: Vec<String> = (1..=10)
            .map(|k| {
                let i = (k * t.len() / 10).max(1) - 1;
                format!("{:.0}", t.get(i).copied().unwrap_or(f64::NAN))
            })
            .collect();
        let still = r
            .net
            .walkers
            .iter()
            .filter(|w| w.motion == Motion::Still)
            .count();
        println!(
            "{n}: {} out by {end:.0} s; deciles {marks:?}; arrived {}, still {still}",
            t.len(),
            r.arrivals().len()
        );
        let mut hist = [0usize; 30];
        for w in r.net.walkers.iter().filter(|w| w.node == yard) {
            let d = ((w.pos.0 - 15.0).powi(2) + (w.pos.1 + 15.0).powi(2)).sqrt();
            hist[(d as usize).min(29)] += 1;
        }
        println!("  yard by distance from the goal (1 m rings): {hist:?}");
        let mut grid = vec![[0u8; 40]; 36];
        for w in r.net.walkers.iter() {
            let (cx, cy) = ((w.pos.0 + 5.0).floor(), (4.0 - w.pos.1).floor());
            if (0.0..40.0).contains(&cx) && (0.0..36.0).contains(&cy) {
                grid[cy as usize][cx as usize] += 1;
            }
        }
        for row in &grid {
            println!(
                "  {}",
                row.iter()
                    .map(|&c| if c == 0 {
                        '.'
                    } else if c < 10 {
                        (b'0' + c) as char
                    } else {
                        '#'
                    })
                    .collect::<String>()
            );
        }
        for (i, w) in r.net.walkers.iter().enumerate().take(0) {
            let near = ((w.pos.0 - 15.0).powi(2) + w.pos.1.powi(2)).sqrt() < 2.5;
            if near {
                println!(
                    "  {i}: {} at ({:.2},{:.2}) {:?} v {:.2} h ({:.2},{:.2})",
                    if w.node == yard { "yard" } else { "hall" },
                    w.pos.0,
                    w.pos.1,
                    w.motion,
                    w.speed_mps,
                    w.heading.0,
                    w.heading.1
                );
            }
        }
    }
}

#[allow(dead_code)]
fn _unused(_: Point) -> f64 {
    DT
}

#[test]
#[ignore]
fn probe_rimea10() {
    use drillhall::crowd::kernel::Milestone;
    let mut g = NavGraph::default();
    let corr = g.add_space("corridor", 0, 0.0, rect(0.0, 0.0, 60.0, 2.0));
    let out = g.add_open_ground("out", rect(-20.0, -10.0, 80.0, 0.0));
    let main = g.add_exit("main", corr, out, (0.0, 1.0), 1.0);
    let mut r = Run::new(g);
    let p = r.net.add(corr, (3.0, 1.0), 1.34, true);
    let mut gl = goal(out, None);
    gl.options.only_exit = Some(main);
    assert!(r.net.send(p, gl));
    for _ in 0..200 {
        r.step();
        let w = &r.net.walkers[0];
        println!(
            "{:.1} node {} ({:.2},{:.2}) {:?} v {:.2}",
            r.t(),
            w.node,
            w.pos.0,
            w.pos.1,
            w.motion,
            w.speed_mps
        );
        if w.motion == Motion::Still {
            break;
        }
    }
    let _ = r
        .log
        .iter()
        .filter(|(_, m)| matches!(m, Milestone::Arrived { .. }))
        .count();
}
