//! `drillhall bench drill|crowd|frame`: throughput benchmarks, printed as medians.

use super::open::load;
use super::play::play_drill;
use crate::rng::RunSeed;
use crate::sim;

pub(super) fn bench_drill(path: &std::path::Path, runs: u32, seed: u64) -> u8 {
    let loaded = match load(path) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let mut ratios = Vec::new();
    let mut setups = Vec::new();
    let mut sim_s = 0.0;
    for _ in 0..runs.max(1) {
        let t0 = std::time::Instant::now();
        let setup = match sim::DrillSetup::new(&loaded, RunSeed(seed), &[], &[]) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("drillhall bench: {e}");
                return 1;
            }
        };
        // The journal is written to memory: hashing and serialising are part of the cost.
        let mut app =
            match crate::app::build_app(setup, Box::new(Vec::new()), crate::app::Surface::Headless)
            {
                Ok(a) => a,
                Err(e) => {
                    eprintln!("drillhall bench: {e}");
                    return 2;
                }
            };
        setups.push(t0.elapsed().as_secs_f64());
        let t1 = std::time::Instant::now();
        let s = sim::run_headless(&mut app, |_| true);
        let wall = t1.elapsed().as_secs_f64();
        sim_s = s.sim_s;
        ratios.push(s.sim_s / wall.max(1e-9));
        println!(
            "run: {:.1} s simulated in {:.3} s wall = {:.0}× real time",
            s.sim_s,
            wall,
            s.sim_s / wall
        );
    }
    let (lo, hi) = (
        ratios.iter().copied().fold(f64::INFINITY, f64::min),
        ratios.iter().copied().fold(0.0, f64::max),
    );
    println!(
        "{}: {:.1} s of drill; median {:.0}× real time over {} runs (min {:.0}×, max {:.0}×); setup median {:.3} s",
        loaded.scenario.meta.id,
        sim_s,
        median(&mut ratios),
        ratios.len(),
        lo,
        hi,
        median(&mut setups)
    );
    0
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

pub(super) fn bench_crowd(agents: &[usize], dts: &[f64], steps: u32, runs: u32) -> u8 {
    if let Some(bad) = dts.iter().find(|d| !(**d > 0.0 && **d <= 1.0)) {
        eprintln!("drillhall bench crowd: --dt {bad}: a step between 0 and 1 s");
        return 1;
    }
    println!(
        "crowd kernel, one thread: 30 × 20 m room, four 1 m exits, {steps} steps per run, median of {} runs",
        runs.max(1)
    );
    for &n in agents {
        for &dt in dts {
            let mut rates = Vec::new();
            let mut realtime = Vec::new();
            for _ in 0..runs.max(1) {
                let mut net = crate::crowd::kernel::bench_room(n);
                let mut out = Vec::new();
                let mut agent_steps = 0u64;
                let t0 = std::time::Instant::now();
                for tick in 0..u64::from(steps) {
                    out.clear();
                    net.step(dt, tick, &mut out);
                    agent_steps += net.walkers.iter().filter(|w| w.is_moving()).count() as u64;
                }
                let wall = t0.elapsed().as_secs_f64().max(1e-9);
                rates.push(agent_steps as f64 / wall);
                realtime.push(f64::from(steps) * dt / wall);
            }
            let (lo, hi) = (
                rates.iter().copied().fold(f64::INFINITY, f64::min),
                rates.iter().copied().fold(0.0, f64::max),
            );
            println!(
                "{n:>6} agents, dt {dt:.2} s: median {:.2} M agent-steps/s (min {:.2}, max {:.2}); {:.2}× real time",
                median(&mut rates) / 1e6,
                lo / 1e6,
                hi / 1e6,
                median(&mut realtime)
            );
        }
    }
    0
}

/// The desktop frame's CPU time with the drill's people, paced as at 60 fps.
pub(super) fn bench_frame(scenario: &std::path::Path, from: f64, frames: u32, seed: u64) -> u8 {
    let opts = crate::view::ViewOptions {
        lang: crate::words::Lang::En,
        follow: None,
        unattended: Some(crate::view::Unattended {
            screenshots: None,
            every_s: 10.0,
            at_s: Vec::new(),
            until_s: f64::INFINITY,
            frame_bench: Some(crate::view::FrameBench {
                from_s: from,
                frames: frames.max(10),
            }),
        }),
        reduced_motion: false,
        keys: crate::view::keys::KeyBindings::default(),
        text_scale: 1.0,
        pace: 1.0,
    };
    let out = std::env::temp_dir().join(format!("drillhall-bench-frame-{}", std::process::id()));
    let code = play_drill(scenario, Some(seed), None, Some(out.clone()), opts);
    let _ = std::fs::remove_dir_all(&out);
    code
}

/// The fire kernel's arrival-time map: `size` × `size` cells of 10 m, FM1 under a 5 mi/h west
/// wind and a mixed, hilly map (grass, shrub, litter and timber patches, dashed bare-ground roads,
/// rolling slopes), ignited at the centre and burned out; median of `runs`, one thread.
pub(super) fn bench_fire(size: usize, runs: u32) -> u8 {
    use crate::hazards::fire::{Landscape, SpreadMethod, Weather};
    if !(10..=2000).contains(&size) {
        eprintln!("drillhall bench fire: --size {size}: 10 … 2000 cells a side");
        return 1;
    }
    let n = size;
    let wind = Weather {
        wind_speed_mph: 5.0,
        wind_from_deg: 270.0,
        ..Weather::default()
    };
    let Ok(uniform) = Landscape::uniform(n, n, 10.0, 1, wind) else {
        return 1;
    };
    let fuels = [1u16, 102, 122, 145, 183, 8, 165];
    let mut fuel = Vec::with_capacity(n * n);
    let (mut slope, mut aspect) = (Vec::with_capacity(n * n), Vec::with_capacity(n * n));
    for r in 0..n {
        for c in 0..n {
            let patch = (c / 37 * 7 + r / 53 * 3) % fuels.len();
            let road = (c % 211 == 0 && r % 50 < 40) || (r % 307 == 0 && c % 60 < 50);
            fuel.push(if road { 99 } else { fuels[patch] });
            let (x, y) = (c as f32 / 60.0, r as f32 / 45.0);
            slope.push(40.0 * (0.5 + 0.5 * libm::sinf(x + 0.7 * y)).abs());
            aspect.push((libm::cosf(x * 2.0 + y) * 180.0 + 180.0).rem_euclid(360.0));
        }
    }
    let t0 = std::time::Instant::now();
    let Ok(mixed) = Landscape::new(n, n, 10.0, fuel, slope, aspect, wind) else {
        return 1;
    };
    println!(
        "fire spread, one thread: {n} × {n} cells of 10 m, point ignition at the centre, burned out; median of {} runs (mixed map built in {:.2} s)",
        runs.max(1),
        t0.elapsed().as_secs_f64()
    );
    let Some(centre) = uniform.cell_index(n / 2, n / 2) else {
        return 1;
    };
    for method in [SpreadMethod::Interpolated16, SpreadMethod::Stencil16] {
        for (name, base) in [("uniform FM1, 5 mi/h", &uniform), ("mixed, hilly", &mixed)] {
            let mut landscape = base.clone();
            landscape.set_method(method);
            let mut times = Vec::new();
            let mut burned = 0;
            for _ in 0..runs.max(1) {
                let t = std::time::Instant::now();
                let map = landscape.spread(&[(centre, 0.0)], f32::INFINITY);
                times.push(t.elapsed().as_secs_f64());
                burned = map.burned_cells(f32::INFINITY);
            }
            let (lo, hi) = (
                times.iter().copied().fold(f64::INFINITY, f64::min),
                times.iter().copied().fold(0.0, f64::max),
            );
            let m = median(&mut times);
            println!(
                "{method:?}, {name}: median {m:.3} s (min {lo:.3}, max {hi:.3}); {burned} cells burned, {:.1} M cells/s",
                burned as f64 / m.max(1e-9) / 1e6
            );
        }
    }
    0
}

/// The flood kernel on `hazards::flood::bench::bench_breach_case`: warmed up for 30 simulated
/// minutes, then `steps` steps timed on 1 and 2 threads; median of `runs`. Cell-updates count
/// the active cells each step updates (and, for comparison, the whole grid).
pub(super) fn bench_flood(size: usize, runs: u32, steps: u32) -> u8 {
    use crate::hazards::flood::bench::{bench_breach_case, with_threads};
    if !(16..=2048).contains(&size) || steps == 0 {
        eprintln!("drillhall bench flood: --size {size}: 16 … 2048 cells a side; --steps ≥ 1");
        return 1;
    }
    let t0 = std::time::Instant::now();
    let mut warm = bench_breach_case(size);
    warm.step_until(1800.0);
    println!(
        "flood, {size} × {size} cells of 5 m, levee breach: after 30 simulated minutes ({:.1} s to get there) {} of {} cells active; median of {} runs × {steps} steps",
        t0.elapsed().as_secs_f64(),
        warm.active_cells(),
        size * size,
        runs.max(1)
    );
    for threads in [1usize, 2] {
        let mut walls = Vec::new();
        let (mut updates, mut sim_s) = (0, 0.0);
        for _ in 0..runs.max(1) {
            let mut sim = warm.clone();
            let (u0, s0) = (sim.cell_updates(), sim.time_s());
            let start = std::time::Instant::now();
            with_threads(threads, || {
                for _ in 0..steps {
                    sim.step(f64::INFINITY);
                }
            });
            walls.push(start.elapsed().as_secs_f64());
            (updates, sim_s) = (sim.cell_updates() - u0, sim.time_s() - s0);
        }
        let (lo, hi) = (
            walls.iter().copied().fold(f64::INFINITY, f64::min),
            walls.iter().copied().fold(0.0, f64::max),
        );
        let m = median(&mut walls);
        println!(
            "{threads} thread(s): median {m:.3} s (min {lo:.3}, max {hi:.3}); {:.3e} active cell-updates/s ({:.3e} counting the whole grid); {:.0}× real time",
            updates as f64 / m,
            (size * size) as f64 * f64::from(steps) / m,
            sim_s / m
        );
    }
    0
}
