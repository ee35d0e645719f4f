//! People on open ground go round the fire (`hazards::fire::detour`): every
//! [`DETOUR_EVERY_S`], anyone whose straight walk ahead would enter a burning cell — or one the
//! front reaches before they pass it — is given the quickest way round. Where the fire leaves
//! no way they walk on, and the heat judges them (`sim::fire_exposure`).

use super::FireState;
use crate::crowd::roads::OFF_ROAD_FACTOR;
use crate::hazards::fire::detour::FireWindows;
use crate::sim::TICK_HZ;
use crate::sim::people::People;

/// How far from flames a walker keeps, in flame lengths (Butler & Cohen 1998's separation
/// for no burn injury, fire.md's safety-zone rule).
pub const SAFE_FLAME_LENGTHS: f64 = 4.0;

/// How often walks are looked at against the fire, s.
pub const DETOUR_EVERY_S: f64 = 5.0;

pub(in crate::sim) fn go_round(tick: u64, t_min: f32, fire: &FireState, people: &mut People) {
    let every = (DETOUR_EVERY_S * f64::from(TICK_HZ)) as u64;
    if !tick.is_multiple_of(every) {
        return;
    }
    let Some(map) = &fire.map else {
        return;
    };
    let l = &fire.landscape;
    let windows = FireWindows {
        map,
        flaming_min: |c| super::cell_flames(l, map, c).flaming_min,
        // Butler & Cohen (1998): 4 × flame height keeps a person unburned.
        clear_m: SAFE_FLAME_LENGTHS * fire.exposure.longest_flame_m(),
    };
    let off_road = if people.graph().roads.is_empty() {
        1.0
    } else {
        OFF_ROAD_FACTOR
    };
    let t0 = f64::from(t_min);
    for p in 0..people.net.walkers.len() {
        let Some(aim) = people.net.heading_for(p) else {
            continue;
        };
        let w = &people.net.walkers[p];
        // The pace they keep now (slope and smoke slow it), else their pace on open ground.
        let pace = w.free_speed_mps * off_road;
        let speed = if w.speed_mps > 0.1 {
            w.speed_mps.min(pace)
        } else {
            pace
        };
        let pos = w.pos;
        if !windows.crosses_fire(pos, aim, t0, speed) {
            continue;
        }
        if let Some(way) = windows
            .detour(pos, aim, t0, speed)
            .filter(|way| way.len() > 1)
        {
            people.net.go_round(p, &way);
        }
    }
}
