//! Driving the drill from the frame loop. Played: ticks follow the wall clock. Unattended: a
//! fixed number of ticks per frame, stopping exactly at each screenshot's tick, so the
//! screenshots show the same simulated moments however fast the machine draws.

use super::ViewOptions;
use crate::sim::clock::DrillClock;
use crate::sim::{SimTick, TICK_HZ};
use bevy::prelude::*;
use bevy::render::render_resource::PipelineCache;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};
use bevy::render::{Render, RenderApp, RenderSystems};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Ticks an unattended frame may take (the rest of a frame's work is drawing).
const TICKS_PER_FRAME: u64 = 5;

#[derive(Resource, Default)]
pub struct Stepping {
    /// Wall seconds not yet simulated.
    owed_s: f64,
    /// Screenshots asked for and not yet written.
    pending: u32,
    /// Screenshots written.
    pub taken: u32,
    /// Frames to wait before the first step, so the window and assets are up.
    warmup: u32,
    /// A screenshot whose tick has come, waiting for the renderer to be ready.
    due: Option<PathBuf>,
    /// Frames in a row the renderer has had no pipeline left to compile.
    ready_frames: u32,
    /// Frames the due screenshot has waited.
    waited_frames: u32,
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
    .add_systems(Update, step)
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

fn next_shot_tick(tick: u64, every_s: f64) -> u64 {
    let every = ((every_s * f64::from(TICK_HZ)).round() as u64).max(1);
    (tick / every + 1) * every
}

fn step(world: &mut World) {
    let opts = world.resource::<ViewOptions>().clone();
    let dt = world.resource::<Time>().delta_secs_f64();
    let mut st = world.remove_resource::<Stepping>().unwrap_or_default();
    if st.warmup > 0 {
        st.warmup -= 1;
        world.insert_resource(st);
        return;
    }
    let ended = |w: &World| w.resource::<DrillClock>().ended.is_some();
    match &opts.unattended {
        None => {
            st.owed_s = (st.owed_s + dt).min(0.5);
            let tick_s = 1.0 / f64::from(TICK_HZ);
            while st.owed_s >= tick_s && !ended(world) {
                world.run_schedule(SimTick);
                st.owed_s -= tick_s;
            }
        }
        Some(u) => {
            if st.pending > 0 {
                world.insert_resource(st);
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
                        warn!(
                            "{compiling} render pipelines still compiling; screenshot taken anyway"
                        );
                    }
                    st.waited_frames = 0;
                    st.pending += 1;
                    world.spawn((Screenshot::primary_window(), ShotPath(path)));
                } else {
                    st.due = Some(path);
                }
                world.insert_resource(st);
                return;
            }
            let tick = world.resource::<DrillClock>().tick;
            let until = (u.until_s * f64::from(TICK_HZ)).round() as u64;
            if tick >= until || ended(world) {
                world.write_message(AppExit::Success);
                world.insert_resource(st);
                return;
            }
            let next = next_shot_tick(tick, u.every_s).min(until);
            let n = (next - tick).min(TICKS_PER_FRAME);
            for _ in 0..n {
                world.run_schedule(SimTick);
                if ended(world) {
                    break;
                }
            }
            let now = world.resource::<DrillClock>().tick;
            if let Some(dir) = &u.screenshots
                && (now == next || ended(world))
            {
                st.due = Some(dir.join(format!(
                    "{:04}-t{:05.0}s.png",
                    st.taken + 1,
                    now as f64 / f64::from(TICK_HZ)
                )));
            }
        }
    }
    world.insert_resource(st);
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
            Ok(()) => st.taken += 1,
            Err(e) => error!("cannot write {}: {e}", path.display()),
        },
        Err(e) => error!("cannot convert the screenshot: {e}"),
    }
}
