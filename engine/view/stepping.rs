//! Driving the drill from the frame loop. Played: ticks follow the wall clock. Unattended: a
//! fixed number of ticks per frame, stopping exactly at each screenshot's tick, so the
//! screenshots show the same simulated moments however fast the machine draws.

use super::ViewOptions;
use crate::sim::clock::DrillClock;
use crate::sim::{SimTick, TICK_HZ};
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};

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
}

pub(super) fn plugin(app: &mut App) {
    app.insert_resource(Stepping {
        warmup: 3,
        ..default()
    })
    .add_systems(Update, step)
    .add_observer(written);
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
                st.pending += 1;
                let path = dir.join(format!(
                    "{:04}-t{:05.0}s.png",
                    st.taken + st.pending,
                    now as f64 / f64::from(TICK_HZ)
                ));
                world.spawn((Screenshot::primary_window(), ShotPath(path)));
            }
        }
    }
    world.insert_resource(st);
}

#[derive(Component)]
struct ShotPath(std::path::PathBuf);

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
