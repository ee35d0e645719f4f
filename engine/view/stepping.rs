//! Driving the drill from the frame loop. Played: ticks follow the wall clock. Unattended: a
//! fixed number of ticks per frame, stopping exactly at each screenshot's tick, so the
//! screenshots show the same simulated moments however fast the machine draws.

use super::{FrameBench, Screen, Unattended, ViewOptions};
use crate::sim::clock::DrillClock;
use crate::sim::people::People;
use crate::sim::{SimTick, TICK_HZ};
use bevy::prelude::*;
use bevy::render::render_resource::PipelineCache;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};
use bevy::render::{Render, RenderApp, RenderSystems};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Ticks an unattended frame may take: the frames between screenshots are not looked at, and a
/// software renderer takes about a second to draw 1,200 people and the building's contents.
const TICKS_PER_FRAME: u64 = 50;
/// Wall seconds an unattended frame may go on stepping past [`TICKS_PER_FRAME`].
const FRAME_BUDGET_S: f64 = 0.3;

#[derive(Resource, Default)]
pub struct Stepping {
    /// Wall seconds not yet simulated.
    owed_s: f64,
    /// Screenshots asked for and not yet written.
    pending: u32,
    /// Frames to wait before the first step, so the window and assets are up.
    warmup: u32,
    /// A screenshot whose tick has come, waiting for the renderer to be ready.
    due: Option<PathBuf>,
    /// Frames in a row the renderer has had no pipeline left to compile.
    ready_frames: u32,
    /// Frames the due screenshot has waited.
    waited_frames: u32,
    /// Screenshots of the drill itself so far (their numbers).
    taken_in_drill: u32,
    /// The tick of the last screenshot of the drill.
    last_shot: Option<u64>,
    briefed: bool,
    debriefed: bool,
}

/// Render pipelines not yet compiled, counted in the render world after each frame. Until a
/// pipeline is ready Bevy skips what needs it — up to the final blit, which leaves the window
/// black — so an unattended screenshot waits for none to be left (a loaded machine takes
/// seconds to compile them; seen in CI).
#[derive(Resource, Clone, Default)]
struct PipelinesPending(Arc<AtomicUsize>);

/// Frames with nothing left to compile before a screenshot is taken; with pipelined rendering
/// the frame being drawn is one behind the frame being simulated.
const READY_FRAMES: u32 = 3;

/// Frames a screenshot waits for the renderer before it is taken anyway (with a warning).
const MAX_WAIT_FRAMES: u32 = 2_000;

pub(super) fn plugin(app: &mut App) {
    app.insert_resource(Stepping {
        warmup: 3,
        ..default()
    })
    .add_systems(Update, step.in_set(StepSet))
    .init_resource::<FrameTimes>()
    .add_systems(First, frame_start)
    .add_systems(Last, frame_end)
    .add_observer(written);
    let pending = PipelinesPending::default();
    app.insert_resource(pending.clone());
    if let Some(render) = app.get_sub_app_mut(RenderApp) {
        render
            .insert_resource(pending)
            .add_systems(Render, count_pending.in_set(RenderSystems::Cleanup));
    }
}

fn count_pending(cache: Res<PipelineCache>, pending: Res<PipelinesPending>) {
    pending
        .0
        .store(cache.waiting_pipelines().count(), Ordering::Relaxed);
}

/// The tick of the next screenshot: the next of the times asked for, else the next multiple of
/// `every_s`.
fn next_shot_tick(tick: u64, u: &Unattended) -> u64 {
    let of = |s: f64| (s * f64::from(TICK_HZ)).round() as u64;
    if !u.at_s.is_empty() {
        return u
            .at_s
            .iter()
            .map(|&s| of(s))
            .filter(|&t| t > tick)
            .min()
            .unwrap_or(u64::MAX);
    }
    let every = of(u.every_s).max(1);
    (tick / every + 1) * every
}

/// Systems that must see the frame's inputs before the drill steps (the trainee's controls).
#[derive(SystemSet, Clone, Debug, PartialEq, Eq, Hash)]
pub struct StepSet;

fn step(world: &mut World) {
    let opts = world.resource::<ViewOptions>().clone();
    let dt = world.resource::<Time>().delta_secs_f64();
    let mut st = world.remove_resource::<Stepping>().unwrap_or_default();
    if st.warmup > 0 {
        st.warmup -= 1;
        world.insert_resource(st);
        return;
    }
    let screen = *world.resource::<Screen>();
    let ended = |w: &World| w.resource::<DrillClock>().ended.is_some();
    match (&opts.unattended, screen) {
        (None, Screen::Drill) => {
            st.owed_s = (st.owed_s + dt * opts.pace.max(0.0)).min(0.5 * opts.pace.max(1.0));
            let tick_s = 1.0 / f64::from(TICK_HZ);
            while st.owed_s >= tick_s && !ended(world) {
                world.run_schedule(SimTick);
                st.owed_s -= tick_s;
            }
            if ended(world) {
                *world.resource_mut::<Screen>() = Screen::Debrief;
            }
        }
        (None, _) => {}
        (Some(u), _) => unattended(world, &mut st, u, screen),
    }
    world.insert_resource(st);
}

/// Unattended: the briefing's screenshot, the drill tick-exactly to each screenshot, the
/// debrief's screenshot, exit.
fn unattended(world: &mut World, st: &mut Stepping, u: &Unattended, screen: Screen) {
    if let Some(b) = &u.frame_bench {
        frame_bench(world, st, b, screen);
        return;
    }
    if st.pending > 0 {
        return;
    }
    let compiling = world
        .resource::<PipelinesPending>()
        .0
        .load(Ordering::Relaxed);
    st.ready_frames = if compiling == 0 {
        st.ready_frames + 1
    } else {
        0
    };
    if let Some(path) = st.due.take() {
        st.waited_frames += 1;
        if st.ready_frames >= READY_FRAMES || st.waited_frames > MAX_WAIT_FRAMES {
            if st.ready_frames < READY_FRAMES {
                warn!("{compiling} render pipelines still compiling; screenshot taken anyway");
            }
            st.waited_frames = 0;
            st.pending += 1;
            world.spawn((Screenshot::primary_window(), ShotPath(path)));
        } else {
            st.due = Some(path);
        }
        return;
    }
    let ended = |w: &World| w.resource::<DrillClock>().ended.is_some();
    match screen {
        Screen::Briefing => {
            if let Some(dir) = &u.screenshots
                && !st.briefed
            {
                st.briefed = true;
                st.due = Some(dir.join("0000-briefing.png"));
            } else {
                *world.resource_mut::<Screen>() = Screen::Drill;
            }
        }
        Screen::Drill => {
            let tick = world.resource::<DrillClock>().tick;
            let until = (u.until_s * f64::from(TICK_HZ)).round() as u64;
            if tick >= until || ended(world) {
                *world.resource_mut::<Screen>() = Screen::Debrief;
                return;
            }
            let next = next_shot_tick(tick, u).min(until);
            // At least TICKS_PER_FRAME, and more while the frame's wall budget lasts: a
            // terrain drill's hours would otherwise take thousands of drawn frames. Which frame
            // a tick falls in changes nothing the journal or a screenshot holds.
            let started = bevy::platform::time::Instant::now();
            for k in 0..next - tick {
                if k >= TICKS_PER_FRAME && started.elapsed().as_secs_f64() > FRAME_BUDGET_S {
                    break;
                }
                world.run_schedule(SimTick);
                if ended(world) {
                    break;
                }
            }
            let now = world.resource::<DrillClock>().tick;
            // At each screenshot's tick, and at the drill's end unless one was just taken.
            let just_shot = st.last_shot.is_some_and(|t| now < t + u64::from(TICK_HZ));
            if let Some(dir) = &u.screenshots
                && (now == next || (ended(world) && !just_shot))
            {
                st.last_shot = Some(now);
                st.taken_in_drill += 1;
                st.due = Some(dir.join(format!(
                    "{:04}-t{:05.0}s.png",
                    st.taken_in_drill,
                    now as f64 / f64::from(TICK_HZ)
                )));
            }
        }
        Screen::Debrief => {
            // The end screen is drawn once the drill is scored.
            let ready = world.contains_resource::<super::EndShown>();
            if !ready {
                return;
            }
            match &u.screenshots {
                Some(dir) if !st.debriefed => {
                    st.debriefed = true;
                    st.due = Some(dir.join("9999-debrief.png"));
                }
                _ => {
                    world.write_message(AppExit::Success);
                }
            }
        }
    }
}

/// Frames a frame benchmark runs before it measures.
const BENCH_WARMUP_FRAMES: u32 = 30;

/// Per measured frame: the main schedule's time and the part of it spent in drill ticks, ms.
#[derive(Resource, Default)]
struct FrameTimes {
    started: Option<bevy::platform::time::Instant>,
    /// (frame ms, of it in drill ticks ms, ticks run).
    frames: Vec<(f64, f64, u32)>,
    sim_ms: f64,
    frame_ticks: u32,
    warmup: u32,
    ticks: u32,
}

/// (bevy_platform's Instant: std's panics in the browser.)
fn frame_start(mut t: ResMut<FrameTimes>) {
    t.started = Some(bevy::platform::time::Instant::now());
}

fn frame_end(mut t: ResMut<FrameTimes>) {
    if let Some(s) = t.started.take()
        && t.warmup >= BENCH_WARMUP_FRAMES
    {
        let total = s.elapsed().as_secs_f64() * 1e3;
        let sim = std::mem::take(&mut t.sim_ms);
        let ticks = std::mem::take(&mut t.frame_ticks);
        t.frames.push((total, sim, ticks));
    }
}

fn frame_bench(world: &mut World, st: &mut Stepping, b: &FrameBench, screen: Screen) {
    match screen {
        Screen::Briefing => {
            let until = (b.from_s * f64::from(TICK_HZ)).round() as u64;
            while world.resource::<DrillClock>().tick < until
                && world.resource::<DrillClock>().ended.is_none()
            {
                world.run_schedule(SimTick);
            }
            *world.resource_mut::<Screen>() = Screen::Drill;
        }
        Screen::Drill => {
            st.owed_s += 1.0 / 60.0;
            let tick_s = 1.0 / f64::from(TICK_HZ);
            let t0 = bevy::platform::time::Instant::now();
            let mut ticks = 0;
            while st.owed_s >= tick_s && world.resource::<DrillClock>().ended.is_none() {
                world.run_schedule(SimTick);
                st.owed_s -= tick_s;
                ticks += 1;
            }
            let people = world.resource::<People>().persons.len();
            let mut t = world.resource_mut::<FrameTimes>();
            if t.warmup < BENCH_WARMUP_FRAMES {
                t.warmup += 1;
                return;
            }
            t.sim_ms += t0.elapsed().as_secs_f64() * 1e3;
            t.ticks += ticks;
            t.frame_ticks += ticks;
            if t.frames.len() as u32 >= b.frames {
                report_frames(&t, people, b);
                world.write_message(AppExit::Success);
            }
        }
        Screen::Debrief => {
            world.write_message(AppExit::Success);
        }
    }
}

fn report_frames(t: &FrameTimes, people: usize, b: &FrameBench) {
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        (
            v[v.len() / 2],
            v[(v.len() * 95 / 100).min(v.len() - 1)],
            v[v.len() - 1],
        )
    };
    let (tot, tot95, tot_max) = median(t.frames.iter().map(|f| f.0).collect());
    let (ecs, ecs95, _) = median(t.frames.iter().map(|f| f.0 - f.1).collect());
    let ticking: Vec<f64> = t.frames.iter().filter(|f| f.2 > 0).map(|f| f.1).collect();
    let (tick, tick95, tick_max) = if ticking.is_empty() {
        (0.0, 0.0, 0.0)
    } else {
        median(ticking)
    };
    println!(
        "frame CPU (main world: simulation + ECS, no GPU wait), {people} people, {} frames from {} s paced at 60 fps ({} ticks):",
        t.frames.len(),
        b.from_s,
        t.ticks
    );
    println!("  whole frame   median {tot:.2} ms, p95 {tot95:.2} ms, max {tot_max:.2} ms");
    println!("  ECS only      median {ecs:.2} ms, p95 {ecs95:.2} ms");
    println!(
        "  frames with a drill tick (1 in 6): ticks median {tick:.2} ms, p95 {tick95:.2} ms, max {tick_max:.2} ms"
    );
}

#[derive(Component)]
struct ShotPath(PathBuf);

fn written(shot: On<ScreenshotCaptured>, paths: Query<&ShotPath>, mut st: ResMut<Stepping>) {
    st.pending = st.pending.saturating_sub(1);
    let Ok(ShotPath(path)) = paths.get(shot.entity) else {
        return;
    };
    match shot.image.clone().try_into_dynamic() {
        Ok(img) => match img.to_rgb8().save(path) {
            Ok(()) => {}
            Err(e) => error!("cannot write {}: {e}", path.display()),
        },
        Err(e) => error!("cannot convert the screenshot: {e}"),
    }
}
