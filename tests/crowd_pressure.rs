//! The crowd kernel under pressure: large crowds at one exit, the choice of exit, counter-flow
//! through doors, a large crowd round a corner, groups (RiMEA 4.1.1 annex 1 tests 9, 11, 14, 15;
//! NIST TN 1822 2.8, 2.9), and a property test over random rooms. Every test prints what it
//! measured.

use super::crowd::{Run, fill, goal, rect};
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

/// A 30 × 20 m hall with 1 m exits at `exits` on its long walls onto a yard south and one north;
/// `n` adults spread over it (or over `area`), sent out to whichever yard.
fn hall(n: usize, exits: &[Point], area: Option<(Point, Point)>) -> (Run, Vec<usize>) {
    let mut g = NavGraph::default();
    let hall = g.add_space("hall", 0, 0.0, rect(0.0, 0.0, 30.0, 20.0));
    let south = g.add_open_ground("south", rect(-10.0, -40.0, 40.0, 0.0));
    let north = g.add_open_ground("north", rect(-10.0, 20.0, 40.0, 60.0));
    let ids: Vec<usize> = exits
        .iter()
        .enumerate()
        .map(|(i, &at)| {
            let yard = if at.1 < 10.0 { south } else { north };
            g.add_exit(&format!("exit-{i}"), hall, yard, at, 1.0)
        })
        .collect();
    let mut r = Run::new(g);
    let ((x0, y0), (x1, y1)) = area.unwrap_or(((0.3, 0.3), (29.7, 19.7)));
    for (p, v) in fill(n, x0, y0, x1, y1)
        .into_iter()
        .zip(adult_speeds(n, n as u64))
    {
        r.net.add(hall, p, v, true);
    }
    for p in 0..n {
        let mut goal = goal(south, None);
        goal.nodes.push(north);
        assert!(r.net.send(p, goal), "person {p} has a route");
    }
    (r, ids)
}

/// Through-flow of one exit: the share of its limiter's rate it kept while people queued for
/// it (first to last through).
fn kept_rate(r: &Run, exit: usize) -> f64 {
    let t: Vec<f64> = r.passed(exit).into_iter().map(|(t, _)| t).collect();
    if t.len() < 2 {
        return 1.0;
    }
    let rate = (t.len() - 1) as f64 / (t[t.len() - 1] - t[0]);
    rate / r.net.graph.links[exit].flow_pps
}

/// The case of issue 17: a 30 × 20 m hall, one 1 m exit, its yard's assembly point 15 m out.
/// Cumulative times out, sorted.
fn one_exit_hall(n: usize) -> Vec<f64> {
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
    r.until_still(3000.0, |_| {});
    assert_eq!(
        r.arrivals().len(),
        n,
        "everyone reaches the assembly point; still going: {:?}",
        still_going(&r)
    );
    out_times(&r, &[e])
}

#[test]
fn one_exit_hall_flows_at_its_limiter_until_empty() {
    let limiter = drillhall::crowd::network::opening_flow_pps(1.0, 1.32);
    for n in [400, 600, 800] {
        let t = one_exit_hall(n);
        let rate = (t.len() - 1) as f64 / (t[t.len() - 1] - t[0]);
        println!(
            "one 1 m exit, {n} adults: all {} out by {:.0} s, {rate:.3} p/s first to last ({:.0} % of the limiter's {limiter:.3})",
            t.len(),
            t[t.len() - 1],
            100.0 * rate / limiter
        );
        assert_eq!(t.len(), n);
        assert!(rate >= 0.8 * limiter, "the flow collapsed: {rate}");
        // The picture in docs/verification.md: DRILLHALL_FLOW_CSV=path writes the 800 case.
        if n == 800
            && let Ok(path) = std::env::var("DRILLHALL_FLOW_CSV")
        {
            let rows: Vec<String> = t
                .iter()
                .enumerate()
                .map(|(i, x)| format!("{x:.1},{}", i + 1))
                .collect();
            std::fs::write(path, format!("t_s,out\n{}\n", rows.join("\n"))).unwrap();
        }
    }
}

#[test]
fn rimea_09_large_room_halving_exits() {
    // Two exits on each long wall, 3 m in from the corners (the guideline's figure).
    let four = [(3.0, 0.0), (27.0, 0.0), (3.0, 20.0), (27.0, 20.0)];
    let mut times = Vec::new();
    for exits in [&four[..], &four[..2]] {
        let (mut r, ids) = hall(1000, exits, None);
        let end = r.until_still(3000.0, |_| {});
        let out = out_times(&r, &ids);
        let worst = ids
            .iter()
            .map(|&e| kept_rate(&r, e))
            .fold(f64::INFINITY, f64::min);
        let last = out.last().copied().unwrap_or(f64::NAN);
        println!(
            "RiMEA 9: {} exits: {}/1000 out, the last at {last:.1} s (all standing by {end:.0} s); every exit kept ≥ {:.0} % of its limiter's rate",
            exits.len(),
            out.len(),
            100.0 * worst
        );
        assert_eq!(
            out.len(),
            1000,
            "everyone out through {} exits",
            exits.len()
        );
        assert!(worst >= 0.8, "an exit's flow collapsed: {worst:.2}");
        times.push(last);
    }
    let ratio = times[1] / times[0];
    println!("RiMEA 9: two exits / four exits = {ratio:.2} (expected about 2, in [1.6, 2.4])");
    assert!((1.6..=2.4).contains(&ratio), "{ratio}");
}

#[test]
fn rimea_11_choice_of_exit() {
    // Two exits on the south wall; 1,000 people packed at 5 p/m² in the west third, by the
    // near exit.
    let (mut r, ids) = hall(
        1000,
        &[(1.5, 0.0), (28.5, 0.0)],
        Some(((0.0, 0.0), (10.0, 20.0))),
    );
    let end = r.until_still(3000.0, |_| {});
    let (near, far) = (r.passed(ids[0]).len(), r.passed(ids[1]).len());
    let first_far = r.passed(ids[1]).first().map_or(f64::NAN, |p| p.0);
    println!(
        "RiMEA 11: {near} by the near exit, {far} by the far one (the first at {first_far:.0} s); everyone standing by {end:.0} s"
    );
    assert_eq!(near + far, 1000, "everyone out");
    assert!(near > far, "most take the near exit");
    assert!(far >= 50, "some take the far exit as the queue grows");
}

/// NIST 2.8's rooms: two 10 × 10 m rooms joined by a 10 × 2 m corridor through 2 m doors;
/// 100 people from room 1 to room 2 and `against` the other way. Everyone's arrival time.
fn counter_flow(against: usize) -> (Vec<f64>, f64) {
    let mut g = NavGraph::default();
    let one = g.add_space("room-1", 0, 0.0, rect(0.0, 0.0, 10.0, 10.0));
    let corridor = g.add_space("corridor", 0, 0.0, rect(10.0, 4.0, 20.0, 6.0));
    let two = g.add_space("room-2", 0, 0.0, rect(20.0, 0.0, 30.0, 10.0));
    g.add_door("door-1", one, corridor, (10.0, 5.0), 2.0);
    g.add_door("door-2", corridor, two, (20.0, 5.0), 2.0);
    let mut r = Run::new(g);
    let speeds = adult_speeds(100 + against, 28);
    for (i, p) in fill(100, 0.3, 0.3, 7.0, 9.7).into_iter().enumerate() {
        let q = r.net.add(one, p, speeds[i], true);
        assert!(r.net.send(q, goal(two, None)));
    }
    for (i, p) in fill(against, 23.0, 0.3, 29.7, 9.7).into_iter().enumerate() {
        let q = r.net.add(two, p, speeds[100 + i], true);
        assert!(r.net.send(q, goal(one, None)));
    }
    let end = r.until_still(1200.0, |_| {});
    (r.arrivals(), end)
}

#[test]
fn nist_2_8_counter_flow() {
    let mut last = 0.0;
    for against in [0, 10, 50, 100] {
        let (arrivals, end) = counter_flow(against);
        let done = arrivals.iter().copied().fold(0.0, f64::max);
        println!(
            "NIST 2.8: 100 one way against {against}: {}/{} arrived, the last at {done:.1} s (standing by {end:.0} s)",
            arrivals.len(),
            100 + against
        );
        assert_eq!(arrivals.len(), 100 + against, "everyone arrives");
        assert!(
            done >= last - 1.0,
            "completion time fell as counter-flow grew"
        );
        last = done;
    }
}

/// RiMEA 15: 500 people from a 20 × 25 m start area along a 20 m wide corridor of the given
/// shape to its far end. The time the last one is through.
fn large_crowd(shape: &str) -> f64 {
    let mut g = NavGraph::default();
    let (poly, exit_at, yard): (Vec<Point>, Point, Vec<Point>) = match shape {
        // 25 m start + 20 m on: straight.
        "short" => (
            rect(0.0, 0.0, 45.0, 20.0),
            (45.0, 10.0),
            rect(45.0, -20.0, 90.0, 40.0),
        ),
        // An L turning left: outer walls 65 m east then 60 m north (inner 45 m and 40 m).
        "corner" => (
            vec![
                (0.0, 0.0),
                (65.0, 0.0),
                (65.0, 60.0),
                (45.0, 60.0),
                (45.0, 20.0),
                (0.0, 20.0),
            ],
            (55.0, 60.0),
            rect(25.0, 60.0, 85.0, 100.0),
        ),
        // The corner's length along its outer wall, straight.
        _ => (
            rect(0.0, 0.0, 125.0, 20.0),
            (125.0, 10.0),
            rect(125.0, -20.0, 170.0, 40.0),
        ),
    };
    let corridor = g.add_space("corridor", 0, 0.0, poly);
    let out = g.add_open_ground("out", yard);
    let e = g.add_exit("end", corridor, out, exit_at, 20.0);
    let mut r = Run::new(g);
    for (p, v) in fill(500, 0.3, 0.3, 24.7, 19.7)
        .into_iter()
        .zip(adult_speeds(500, 15))
    {
        r.net.add(corridor, p, v, true);
    }
    r.send_all(out, None);
    r.until_still(1200.0, |_| {});
    let through = r.passed(e);
    assert_eq!(through.len(), 500, "everyone through the {shape} corridor");
    through.last().map_or(f64::NAN, |p| p.0)
}

#[test]
fn rimea_15_large_crowd_round_a_corner() {
    let (short, corner, long) = (
        large_crowd("short"),
        large_crowd("corner"),
        large_crowd("long"),
    );
    println!(
        "RiMEA 15: 500 people, 20 m wide: short straight {short:.1} s, round the corner {corner:.1} s, long straight {long:.1} s"
    );
    assert!(
        short <= corner && corner <= long,
        "{short} / {corner} / {long}"
    );
}

#[test]
fn nist_2_9_groups() {
    // A family of five: the slowest walks 0.7 m/s, the others 1.2–1.6; a 40 m corridor.
    let mut g = NavGraph::default();
    let c = g.add_space("corridor", 0, 0.0, rect(0.0, 0.0, 40.0, 3.0));
    let out = g.add_open_ground("out", rect(40.0, -20.0, 80.0, 23.0));
    let exit = g.add_exit("east", c, out, (40.0, 1.5), 3.0);
    let mut r = Run::new(g);
    let speeds = [1.5, 0.7, 1.2, 1.6, 1.4];
    // The parent leading is not the slowest: the group keeps to the slowest's pace anyway.
    let lead = r.net.add(c, (3.0, 1.5), speeds[0], true);
    for (i, &v) in speeds.iter().enumerate().skip(1) {
        let q = r.net.add(
            c,
            (2.2 - 0.5 * (i % 2) as f64, 0.8 + 0.5 * i as f64),
            v,
            true,
        );
        r.net.set_leader(q, Some(lead));
    }
    r.send_all(out, Some((60.0, 1.5)));
    let mut spread_m: f64 = 0.0;
    while r.t() < 120.0 {
        r.step();
        let xs: Vec<f64> = r
            .net
            .walkers
            .iter()
            .filter(|w| w.node == c)
            .map(|w| w.pos.0)
            .collect();
        if xs.len() == 5 {
            let (lo, hi) = xs
                .iter()
                .fold((f64::INFINITY, 0.0f64), |(l, h), &x| (l.min(x), h.max(x)));
            spread_m = spread_m.max(hi - lo);
        }
    }
    let t: Vec<f64> = r.passed(exit).into_iter().map(|p| p.0).collect();
    let spread_s = t[t.len() - 1] - t[0];
    println!(
        "NIST 2.9: a group of five (0.7–1.6 m/s) through 40 m: out from {:.1} to {:.1} s (spread {spread_s:.1} s), at most {spread_m:.1} m apart",
        t[0],
        t[t.len() - 1]
    );
    assert_eq!(t.len(), 5);
    assert!(spread_s <= 10.0, "{spread_s}");
    // At the slowest's pace: 40 m at 0.7 m/s is 57 s.
    assert!(
        t[0] >= 40.0 / 0.7 - 8.0,
        "the group left its slowest behind: {}",
        t[0]
    );
}

/// What one random layout showed: people, those who could reach the yard, those who arrived,
/// the end time, and per checked gate (id, limiter rate, time queued, rate kept while queued).
struct Layout {
    people: usize,
    reachable: usize,
    arrived: usize,
    end_s: f64,
    gates: Vec<(String, f64, f64, f64)>,
    still_going: Vec<String>,
}

/// Up to a dozen of those still walking: where, how fast, doing what.
fn still_going(r: &Run) -> Vec<String> {
    r.net
        .walkers
        .iter()
        .filter(|w| w.is_moving())
        .take(12)
        .map(|w| {
            format!(
                "{} ({:.1},{:.1}) {:.2} m/s heading ({:.2},{:.2}) {:?} by {:?}",
                r.net.graph.nodes[w.node].id,
                w.pos.0,
                w.pos.1,
                w.speed_mps,
                w.heading.0,
                w.heading.1,
                w.motion,
                w.route()
            )
        })
        .collect()
}

/// A random building for the property test, from `seed`: one to three rooms in a row joined by
/// doors, one or two exits onto a yard, doors and exits 0.8–3 m wide, up to `max_people` people
/// at up to 4 p/m² (adults, children, elderly, wheelchair users), all sent to the yard.
fn random_layout(seed: u64, max_people: usize) -> Layout {
    use rand::Rng;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let rooms = rng.random_range(1..=3usize);
    let h: f64 = rng.random_range(5.0..20.0);
    let mut g = NavGraph::default();
    let yard = g.add_open_ground("yard", Vec::new());
    let mut x = 0.0;
    let mut ids = Vec::new();
    let mut spans = Vec::new();
    for i in 0..rooms {
        let w: f64 = rng.random_range(5.0..25.0);
        ids.push(g.add_space(&format!("room-{i}"), 0, 0.0, rect(x, 0.0, x + w, h)));
        spans.push((x, x + w));
        x += w;
    }
    let width = |rng: &mut rand_chacha::ChaCha8Rng| rng.random_range(0.8..3.0f64);
    let mut doors = Vec::new();
    for i in 1..rooms {
        let wd = width(&mut rng);
        let y = rng.random_range(wd / 2.0 + 0.1..h - wd / 2.0 - 0.1);
        doors.push(g.add_door(
            &format!("door-{i}"),
            ids[i - 1],
            ids[i],
            (spans[i].0, y),
            wd,
        ));
    }
    let mut exits = Vec::new();
    // Exits on the south walls, at least 1 m apart: two openings cut into one stretch of wall
    // are one opening, which no building has twice.
    let mut taken: Vec<(f64, f64)> = Vec::new();
    for k in 0..rng.random_range(1..=2usize) {
        let r = rng.random_range(0..rooms);
        let (x0, x1) = spans[r];
        let we = width(&mut rng).min(x1 - x0 - 0.4);
        let x = rng.random_range(x0 + we / 2.0 + 0.1..x1 - we / 2.0 - 0.1);
        let span = (x - we / 2.0 - 0.5, x + we / 2.0 + 0.5);
        if taken.iter().any(|&(a, b)| span.0 < b && a < span.1) {
            continue;
        }
        taken.push(span);
        exits.push(g.add_exit(&format!("exit-{k}"), ids[r], yard, (x, 0.0), we));
    }
    let area: f64 = spans.iter().map(|(a, b)| (b - a) * h).sum();
    let cap = ((4.0 * area) as usize).min(max_people).max(50);
    let n = rng.random_range(50..=cap);
    let mut r = Run::new(g);
    let mut reachable = 0;
    for p in 0..n {
        let room = rng.random_range(0..rooms);
        let (x0, x1) = spans[room];
        let at = (
            rng.random_range(x0 + 0.3..x1 - 0.3),
            rng.random_range(0.3..h - 0.3),
        );
        let (v, climbs) = match rng.random_range(0..10) {
            0..=5 => (adult_speeds(1, seed ^ p as u64)[0], true),
            6 | 7 => (rng.random_range(0.9..1.3), true), // children
            8 => (rng.random_range(0.7..1.1), true),     // elderly
            _ => (rng.random_range(0.6..1.0), false),    // wheelchair
        };
        let q = r.net.add(ids[room], at, v, climbs);
        reachable += usize::from(r.net.send(q, goal(yard, Some((x / 2.0, -15.0)))));
    }
    // Every exit and door is checked.
    let flows: Vec<f64> = r.net.graph.links.iter().map(|l| l.flow_pps).collect();
    let flow = |l: usize| flows[l];
    let checked: Vec<usize> = exits.iter().chain(&doors).copied().collect();
    let mut queued_s = vec![0.0; checked.len()];
    let mut during = vec![0u32; checked.len()];
    let limit_s = 3600.0;
    // Queued: three or more waiting for the gate, and nobody held up just beyond it (where
    // those beyond are jammed, the queue is the next gate's spilling back, not this one's).
    let jammed_beyond = |net: &drillhall::crowd::kernel::Network, l: usize| {
        let gate = &net.geom.gates[l];
        net.walkers.iter().any(|w| {
            w.is_moving()
                && w.route().front() != Some(&l)
                && w.speed_mps < 0.3
                && gate.distance(w.pos, net.graph.links[l].a == w.node) < 2.0
        })
    };
    // Used both ways at once, a door's capacity is not its one-way limiter's: not counted.
    let both_ways = |net: &drillhall::crowd::kernel::Network, l: usize| {
        let gate = &net.geom.gates[l];
        let mut sides = [false; 2];
        for w in net.walkers.iter().filter(|w| w.route().front() == Some(&l)) {
            let from_a = net.graph.links[l].a == w.node;
            if gate.distance(w.pos, from_a) < 3.0 {
                sides[usize::from(from_a)] = true;
            }
        }
        sides[0] && sides[1]
    };
    while r.t() < limit_s {
        let queued: Vec<bool> = checked
            .iter()
            .map(|&l| r.net.queue_len(l) >= 3 && !jammed_beyond(&r.net, l) && !both_ways(&r.net, l))
            .collect();
        let before: Vec<u32> = checked.iter().map(|&l| r.net.passed[l]).collect();
        r.step();
        for (i, &l) in checked.iter().enumerate() {
            if queued[i] {
                queued_s[i] += super::crowd::DT;
                during[i] += r.net.passed[l] - before[i];
            }
        }
        if r.net.walkers.iter().all(|w| !w.is_moving()) {
            break;
        }
    }
    let gates = checked
        .iter()
        .enumerate()
        .map(|(i, &l)| {
            let kept = if queued_s[i] > 0.0 {
                f64::from(during[i]) / queued_s[i] / flow(l)
            } else {
                1.0
            };
            (r.net.graph.links[l].id.clone(), flow(l), queued_s[i], kept)
        })
        .collect();
    Layout {
        people: n,
        reachable,
        arrived: r.arrivals().len(),
        end_s: r.t(),
        gates,
        still_going: still_going(&r),
    }
}

/// The property: everyone who can reach the yard does, and no gate under a one-way queue (for
/// at least 20 s) keeps less than 80 % of its limiter's rate.
fn layout_holds(seed: u64, max_people: usize) -> Result<(), String> {
    let l = random_layout(seed, max_people);
    let gates: Vec<String> = l
        .gates
        .iter()
        .map(|(id, f, q, k)| format!("{id} {f:.2} p/s queued {q:.0} s kept {:.0} %", 100.0 * k))
        .collect();
    println!(
        "seed {seed}: {} people, {} can reach the yard, {} arrived by {:.0} s; {}",
        l.people,
        l.reachable,
        l.arrived,
        l.end_s,
        gates.join("; ")
    );
    if l.arrived != l.reachable {
        return Err(format!(
            "seed {seed}: {} of {} arrived; still going: {:?}",
            l.arrived, l.reachable, l.still_going
        ));
    }
    for (id, _, q, k) in &l.gates {
        if *q >= 20.0 && *k < 0.8 {
            return Err(format!(
                "seed {seed}: {id} kept {:.0} % while queued {q:.0} s",
                100.0 * k
            ));
        }
    }
    Ok(())
}

/// Seeds the property test once failed on, kept as regressions.
const LAYOUT_REGRESSIONS: [u64; 2] = [
    // Two people at a door, one pressed into the doorway it was not going through by the
    // other, who wanted it: a standoff until doorways guided like walls.
    7832795492875919387,
    // Two wheelchair users at a 0.85 m exit, coming at it along the wall from either side,
    // each pressing the other back: a standoff until the first went first (unjam_openings).
    16367054444902440704,
];

#[test]
fn random_buildings_neither_clog_nor_deadlock() {
    for seed in LAYOUT_REGRESSIONS {
        layout_holds(seed, 1500).unwrap();
    }
    // CI: a bounded run (six layouts of up to 400 people, the same six every time: a red CI
    // names its seed); the long run below draws new ones.
    let config = proptest::prelude::ProptestConfig {
        cases: 6,
        rng_seed: proptest::test_runner::RngSeed::Fixed(17),
        ..proptest::prelude::ProptestConfig::default()
    };
    proptest::proptest!(config, |(seed in 0u64..u64::MAX)| {
        layout_holds(seed, 400).map_err(proptest::test_runner::TestCaseError::fail)?;
    });
}

/// The long run: `cargo test --test drillhall_tests random_buildings_long -- --ignored
/// --nocapture` (64 layouts of up to 1,500 people; docs/verification.md states its wall time).
#[test]
#[ignore]
fn random_buildings_long() {
    proptest::proptest!(proptest::prelude::ProptestConfig::with_cases(64), |(seed in 0u64..u64::MAX)| {
        layout_holds(seed, 1500).map_err(proptest::test_runner::TestCaseError::fail)?;
    });
}

/// RiMEA 14's choice: from a room on the first floor to one at its other end, either along a
/// long corridor on the same floor (about 100 m round) or down a stair, along a short corridor
/// on the ground floor and up again (shorter, but two flights). `n` people; how many went
/// each way, and when the last arrived.
fn route_choice(n: usize) -> (usize, usize, f64) {
    let mut g = NavGraph::default();
    let start = g.add_space("start", 1, 3.0, rect(0.0, 0.0, 10.0, 10.0));
    let goal_room = g.add_space("goal", 1, 3.0, rect(50.0, 0.0, 60.0, 10.0));
    // Long: north 20 m, east 50 m, south 20 m on the first floor.
    let up = g.add_space("north-leg", 1, 3.0, rect(3.0, 10.0, 7.0, 30.0));
    let top = g.add_space("top", 1, 3.0, rect(3.0, 30.0, 57.0, 34.0));
    let down = g.add_space("south-leg", 1, 3.0, rect(53.0, 10.0, 57.0, 30.0));
    let long = g.add_door("long", start, up, (5.0, 10.0), 2.0);
    g.add_door("up-top", up, top, (5.0, 30.0), 2.0);
    g.add_door("top-down", top, down, (55.0, 30.0), 2.0);
    g.add_door("down-goal", down, goal_room, (55.0, 10.0), 2.0);
    // Short: down, along the ground floor, up.
    let wa1 = g.add_space("well-a-1", 1, 3.0, rect(10.0, 2.0, 14.0, 8.0));
    let wa0 = g.add_space("well-a-0", 0, 0.0, rect(10.0, 2.0, 14.0, 8.0));
    let k = g.add_space("ground-corridor", 0, 0.0, rect(14.0, 4.0, 46.0, 6.0));
    let wb0 = g.add_space("well-b-0", 0, 0.0, rect(46.0, 2.0, 50.0, 8.0));
    let wb1 = g.add_space("well-b-1", 1, 3.0, rect(46.0, 2.0, 50.0, 8.0));
    let short = g.add_door("short", start, wa1, (10.0, 5.0), 2.0);
    g.add_stair("stair-a", wa0, wa1, 1.2, 6.0, (None, None));
    g.add_door("a-k", wa0, k, (14.0, 5.0), 2.0);
    g.add_door("k-b", k, wb0, (46.0, 5.0), 2.0);
    g.add_stair("stair-b", wb0, wb1, 1.2, 6.0, (None, None));
    g.add_door("b-goal", wb1, goal_room, (50.0, 5.0), 2.0);
    let mut r = Run::new(g);
    let speeds = adult_speeds(n, 14);
    for (i, p) in fill(n, 0.3, 0.3, 9.7, 9.7).into_iter().enumerate() {
        r.net.add(start, p, speeds[i], true);
    }
    r.send_all(goal_room, Some((55.0, 5.0)));
    r.until_still(2000.0, |_| {});
    let stuck = still_going(&r);
    assert_eq!(
        r.arrivals().len(),
        n,
        "everyone arrives; still going: {stuck:?}"
    );
    let last = r.arrivals().into_iter().fold(0.0, f64::max);
    (r.passed(short).len(), r.passed(long).len(), last)
}

#[test]
fn rimea_14_route_choice() {
    let (short, long, t) = route_choice(1);
    println!(
        "RiMEA 14: one person: {short} by the stairs (short), {long} along the corridor (long), there at {t:.1} s"
    );
    assert_eq!((short, long), (1, 0), "alone, one takes the shorter way");
    let (short, long, t) = route_choice(200);
    println!(
        "RiMEA 14: 200 people: {short} by the stairs, {long} along the corridor (mixed), the last there at {t:.1} s"
    );
    assert_eq!(short + long, 200);
    assert!(short > 0 && long > 0, "a crowd uses both ways");
}

/// One layout of the property test by its seed, to look into a failure the test reports:
/// `SEED=… cargo test --test drillhall_tests one_random_building -- --ignored --nocapture`.
#[test]
#[ignore]
fn one_random_building() {
    let seed: u64 = std::env::var("SEED")
        .expect("SEED=<u64>")
        .parse()
        .expect("SEED is a u64");
    layout_holds(seed, 1500).unwrap();
}
