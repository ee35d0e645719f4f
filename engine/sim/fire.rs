//! The forest fire in the drill: a self-gating plugin (a forest-fire drill on a terrain with a
//! fuel map and an elevation grid) that adapts the fire kernel (`crate::hazards::fire`) to the
//! drill's clock.
//!
//! The fire is planned ahead: at each ignition, wind shift, spot fire or change of fuel the
//! kernel computes every cell's arrival time from the current front to the drill's time limit
//! (minimum travel time, re-planned from the front, so history stays as it burned). Each tick
//! then only reads that plan: what the front has reached (houses, roads, places, shelters) is
//! journalled as it happens, a road is cut where it burns, the fire's size is journalled every
//! 5 minutes, and `FireWithinReach` is raised once the front is due at someone within
//! [`REACH_WARNING_MIN`].

use super::clock::{DrillClock, tick_of};
use super::log::EventLog;
use super::participants::{Participants, go};
use super::people::{People, PersonState};
use super::{DrillSetup, SimSet, SimTick, TICK_HZ};
use crate::hazards::fire::scene;
use crate::hazards::fire::{ArrivalMap, Landscape, Weather};
use crate::journal::events::{ActionName, SimEvent};
use crate::plan::Action;
use crate::scenario::geometry::dist;
use crate::scenario::schema::{Effect, Hazard, HazardEvent, Point, Site, SiteRef, Terrain, Wind};
use bevy::prelude::*;

/// How soon the front must be due at someone outside a refuge for the fire to be "within
/// reach" (`Hazard(FireWithinReach)`): a trigger point set by time (NWCG IRPG: a trigger point
/// leaves the time to reach the safety zone); 10 minutes is drillhall's stated choice.
pub const REACH_WARNING_MIN: f32 = 10.0;

/// How near a scout must come to ground that has burned to have the fire in view, m: a
/// modelling choice (in a forest the fire is seen, not guessed at, from a few hundred metres).
pub const SCOUT_VIEW_M: f64 = 200.0;

mod breaks;
mod detours;

/// How often the fire's size is journalled, s.
const GROWTH_EVERY_S: f64 = 300.0;

/// Something on the terrain whose reaching by the front is journalled.
#[derive(Clone, Debug)]
struct Watch {
    what: SiteRef,
    points: Vec<Point>,
    /// When the front reaches its first point, min (infinity: not in this plan).
    arrival_min: f32,
    reached: bool,
}

/// The fire: its landscape, the current plan of arrival times, and what it has reached.
#[derive(Resource, Debug)]
pub struct FireState {
    pub landscape: Landscape,
    /// Arrival times since the drill's start, minutes; none before the first ignition.
    pub map: Option<ArrivalMap>,
    /// The plan's horizon: the drill's time limit, min.
    until_min: f32,
    /// The weather without the wind (moisture, canopy), for wind shifts.
    base: Weather,
    /// Ignitions not yet started: where and at which tick.
    pending: Vec<(Point, u64)>,
    watches: Vec<Watch>,
    /// Points along the roads and when the front reaches each; cut once it has.
    road_points: Vec<(Point, f32, bool)>,
    next_growth_tick: u64,
    pub(super) within_reach: bool,
    /// Participants (by index) on their way to see the fire (`Scout`).
    scouting: Vec<usize>,
    scanned: usize,
    /// The wind now, as the scenario states it (its first, then each shift).
    pub wind: Wind,
    /// The crew's lookouts, anchors, attacks and line (`sim::crew`).
    pub crew: super::crew::CrewWork,
    /// How many times the fire has been planned (what depends on the weather or the fuel is
    /// cached per plan).
    pub plans: u64,
    /// Burn doses and smoke per person (`sim::fire_exposure`).
    pub exposure: super::fire_exposure::Exposure,
    /// The terrain's fuel breaks, watched on both sides.
    breaks: Vec<breaks::Break>,
    /// Whether the wind at the fire's start has been journalled.
    wind_journalled: bool,
}

impl FireState {
    fn new(t: &Terrain, landscape: Landscape, f: &crate::scenario::schema::ForestFire) -> Self {
        let base = scene::weather(f);
        let step = f64::from(landscape.cell_size_m()) / 2.0;
        let mut watches = Vec::new();
        let refs = t
            .houses
            .iter()
            .map(|h| SiteRef::House(h.id.clone()))
            .chain(t.places.iter().map(|p| SiteRef::Place(p.id.clone())))
            .chain(t.shelters.iter().map(|s| SiteRef::Shelter(s.id.clone())))
            .chain(t.roads.iter().map(|r| SiteRef::Road(r.id.clone())));
        for what in refs {
            let points = scene::site_points(t, &what, step);
            watches.push(Watch {
                what,
                points,
                arrival_min: f32::INFINITY,
                reached: false,
            });
        }
        let road_points = watches
            .iter()
            .filter(|w| matches!(w.what, SiteRef::Road(_)))
            .flat_map(|w| w.points.iter().map(|&p| (p, f32::INFINITY, false)))
            .collect();
        FireState {
            landscape,
            map: None,
            until_min: 0.0,
            base,
            pending: f
                .ignitions
                .iter()
                .map(|i| (i.at, tick_of(i.time_s)))
                .collect(),
            watches,
            road_points,
            next_growth_tick: 0,
            within_reach: false,
            scouting: Vec::new(),
            scanned: 0,
            wind: f.weather.wind.clone(),
            crew: super::crew::CrewWork::default(),
            exposure: super::fire_exposure::Exposure::default(),
            plans: 0,
            breaks: breaks::breaks(t, step * 2.0),
            wind_journalled: false,
        }
    }

    /// When the front first comes within `distance_m` of what is at `at` (a house, road, place
    /// or shelter as watched, anything else by its points on `t`), min.
    pub fn arrival_within_site_min(&self, t: &Terrain, at: &SiteRef, distance_m: f64) -> f32 {
        match self.watches.iter().find(|w| &w.what == at) {
            Some(w) => self.arrival_within_min(&w.points, distance_m),
            None => {
                let step = f64::from(self.landscape.cell_size_m()) / 2.0;
                self.arrival_within_min(&scene::site_points(t, at, step), distance_m)
            }
        }
    }

    /// When the front first comes within `distance_m` of the points, min: the earliest arrival
    /// among the cells any part of which lies that close (infinity if none in this plan).
    pub fn arrival_within_min(&self, points: &[Point], distance_m: f64) -> f32 {
        let Some(map) = &self.map else {
            return f32::INFINITY;
        };
        let cell = f64::from(self.landscape.cell_size_m());
        let (w, h) = (self.landscape.width(), self.landscape.height());
        let mut best = f32::INFINITY;
        for &(x, y) in points {
            let reach = distance_m.max(0.0) + cell * std::f64::consts::FRAC_1_SQRT_2;
            let span = |c: f64, n: usize| {
                let lo = ((c - reach) / cell).floor().max(0.0) as usize;
                let hi = (((c + reach) / cell).ceil().max(0.0) as usize).min(n);
                lo.min(n)..hi
            };
            for r in span(y, h) {
                for c in span(x, w) {
                    let centre = ((c as f64 + 0.5) * cell, (r as f64 + 0.5) * cell);
                    // The cell's nearest point to (x, y): within the distance?
                    let dx = ((x - centre.0).abs() - cell / 2.0).max(0.0);
                    let dy = ((y - centre.1).abs() - cell / 2.0).max(0.0);
                    if dx * dx + dy * dy <= distance_m * distance_m {
                        best = best.min(map.arrival_min[r * w + c]);
                    }
                }
            }
        }
        best
    }

    /// The fastest head spread (m/min) and longest flame (m) of the cells on the front at
    /// `t_min`.
    pub(super) fn front_behaviour(&self, t_min: f32) -> (f64, f64) {
        let (mut ros, mut flame) = (0.0f64, 0.0f64);
        if let Some(map) = &self.map {
            for (cell, _) in map.front(t_min) {
                let s = self.landscape.surface_fire_at(cell);
                ros = ros.max(s.ros_head_m_per_min());
                flame = flame.max(s.flame_length_m());
            }
        }
        (ros, flame)
    }

    /// Plan again from the front at `t_min` (with new fires, if any), and refresh what depends
    /// on the plan.
    pub(super) fn replan(&mut self, t_min: f32, new_fires: &[(usize, f32)]) {
        self.plans += 1;
        let map = match &self.map {
            Some(m) => self
                .landscape
                .replan_with(m, t_min, new_fires, self.until_min),
            None => self.landscape.spread(new_fires, self.until_min),
        };
        for w in &mut self.watches {
            w.arrival_min = w
                .points
                .iter()
                .map(|&(x, y)| map.arrival_at_point(x as f32, y as f32))
                .fold(f32::INFINITY, f32::min);
        }
        for (p, t, _) in &mut self.road_points {
            *t = map.arrival_at_point(p.0 as f32, p.1 as f32);
        }
        for b in &mut self.breaks {
            b.replan(&map);
        }
        self.map = Some(map);
    }
}

/// The fire in one cell as its front crosses it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CellFlames {
    pub flame_m: f64,
    pub intensity_kw_per_m: f64,
    /// How long the cell flames once the front reaches it, min.
    pub flaming_min: f64,
}

/// The fire in cell `c` as its front crosses it. The front crosses the cell the way the
/// arrival times rise (their gradient) at the elliptical rate for that direction — behave's
/// rate in a direction of interest, so a flank or the back spreads and burns less than the
/// head — with the fireline intensity scaled by that rate (Byram: I = H·w·R) and Byram's flame
/// length. The cell flames while the front crosses it plus the fuel's flame residence time
/// (Anderson 1969, behave's t_r = 384/σ): a stated simplification of the front's depth.
pub fn cell_flames(l: &Landscape, map: &ArrivalMap, c: usize) -> CellFlames {
    let s = l.surface_fire_at(c);
    let head = s.ros_head_m_per_min();
    let (w, h) = (map.width, map.height);
    let (col, row) = (c % w.max(1), c / w.max(1));
    let t = |cc: Option<usize>| {
        cc.and_then(|k| map.arrival_min.get(k))
            .map(|&a| f64::from(a))
            .filter(|a| a.is_finite())
    };
    // Central difference where both neighbours burn, else one-sided, else none.
    let slope = |lo: Option<usize>, hi: Option<usize>| {
        let here = t(Some(c));
        match (t(lo), t(hi), here) {
            (Some(a), Some(b), _) => (b - a) / 2.0,
            (None, Some(b), Some(m)) => b - m,
            (Some(a), None, Some(m)) => m - a,
            _ => 0.0,
        }
    };
    let gx = slope(
        col.checked_sub(1).map(|k| row * w + k),
        (col + 1 < w).then(|| row * w + col + 1),
    );
    let gy = slope(
        row.checked_sub(1).map(|k| k * w + col),
        (row + 1 < h).then(|| (row + 1) * w + col),
    );
    let rate = if gx == 0.0 && gy == 0.0 {
        head
    } else {
        let dir_from_north_deg = libm::atan2(gx, gy).to_degrees();
        s.ros_toward_m_per_min(dir_from_north_deg).min(head)
    };
    let scale = if head > 0.0 { rate / head } else { 0.0 };
    let intensity = s.fireline_intensity_kw_per_m() * scale;
    let flame_m = crate::hazards::fire::surface::flame_length_ft(
        intensity / crate::hazards::fire::surface::KW_PER_M_PER_BTU_PER_FT_S,
    ) * crate::hazards::fire::surface::M_PER_FT;
    CellFlames {
        flame_m,
        intensity_kw_per_m: intensity,
        flaming_min: f64::from(l.cell_size_m()) / rate.max(0.01) + s.residence_time_min,
    }
}

pub(super) fn plugin(app: &mut App) {
    let setup = app.world().resource::<DrillSetup>();
    let Site::Terrain(t) = &setup.scenario.site else {
        return;
    };
    let Some(f) = setup.scenario.hazards.iter().find_map(|h| match h {
        Hazard::ForestFire(f) => Some(f),
        Hazard::Earthquake(_) | Hazard::Flood(_) => None,
    }) else {
        return;
    };
    let Some(dem) = &setup.elevation else {
        return;
    };
    // The scenario validated, so this is an engine gap: say so in the journal, do not panic.
    let landscape = match scene::landscape(t, dem, setup.fuel_grid.as_ref(), f) {
        Ok(l) => l,
        Err(e) => {
            app.world_mut()
                .resource_mut::<EventLog>()
                .push(0, SimEvent::NotSimulated { what: e });
            return;
        }
    };
    let mut state = FireState::new(t, landscape, f);
    state.until_min = (setup.scenario.end.time_limit_s / 60.0) as f32;
    app.insert_resource(state);
    app.add_systems(SimTick, step.in_set(SimSet::HazardEffects));
}

/// One tick of the fire.
fn step(
    clock: Res<DrillClock>,
    setup: Res<DrillSetup>,
    mut fire: ResMut<FireState>,
    mut people: ResMut<People>,
    mut parts: ResMut<Participants>,
    mut log: ResMut<EventLog>,
) {
    let tick = clock.tick;
    let t_min = tick as f32 / TICK_HZ as f32 / 60.0;
    // Injects fired since the last tick: a wind shift, a spot fire.
    let mut new_fires: Vec<(Point, bool)> = Vec::new();
    let mut replan = false;
    let mut fired: Vec<u32> = Vec::new();
    let mut orders = Vec::new();
    for (_, e) in &log.entries[fire.scanned..] {
        if let SimEvent::InjectFired { number, .. } = e {
            fired.push(*number);
        } else if let SimEvent::Action {
            participant,
            action:
                ActionName::Plan(
                    action @ (Action::PostLookout
                    | Action::IdentifyEscapeRoutes
                    | Action::IdentifySafetyZone
                    | Action::AnchorLine
                    | Action::Attack
                    | Action::Withdraw),
                ),
            target,
        } = e
            && let Some(i) = parts.list.iter().position(|p| &p.id == participant)
        {
            orders.push(super::crew::Order {
                i,
                action: *action,
                target: target.clone(),
            });
        } else if let SimEvent::Action {
            participant,
            action: ActionName::Plan(Action::Scout),
            ..
        } = e
            && let Some(i) = parts.list.iter().position(|p| &p.id == participant)
            && !fire.scouting.contains(&i)
        {
            fire.scouting.push(i);
        }
    }
    fire.scanned = log.entries.len();
    for number in fired {
        let Some(inj) = setup.scenario.injects.iter().find(|i| i.number == number) else {
            continue;
        };
        match &inj.effect {
            Effect::WindShift(w) => {
                fire.wind = w.clone();
                let weather = scene::with_wind(fire.base, w);
                fire.landscape.set_weather(weather);
                log.push(
                    tick,
                    SimEvent::WindChanged {
                        speed_mps: w.speed_mps,
                        from_deg: w.from_deg,
                    },
                );
                replan = true;
            }
            Effect::SpotFire { at } => new_fires.push((*at, true)),
            Effect::Block(_)
            | Effect::Clear(_)
            | Effect::Aftershock { .. }
            | Effect::IssueWarning { .. }
            | Effect::LeveeBreach(_)
            | Effect::PowerCut
            | Effect::Injured { .. }
            | Effect::Missing { .. }
            | Effect::Message
            | Effect::AllClear => {}
        }
    }
    // Ignitions due.
    let due: Vec<Point> = fire
        .pending
        .iter()
        .filter(|(_, at)| *at <= tick)
        .map(|(p, _)| *p)
        .collect();
    fire.pending.retain(|(_, at)| *at > tick);
    new_fires.extend(due.into_iter().map(|p| (p, false)));
    let mut sources = Vec::new();
    let cell_m = f64::from(fire.landscape.cell_size_m());
    let extent_m = (
        fire.landscape.width() as f64 * cell_m,
        fire.landscape.height() as f64 * cell_m,
    );
    for (at, spot) in new_fires {
        log.push(tick, SimEvent::FireStarted { at, spot, extent_m });
        // The wind the fire starts in: what the judge reads the 四不打 wind rule against until
        // it shifts.
        if !fire.wind_journalled {
            fire.wind_journalled = true;
            log.push(
                tick,
                SimEvent::WindChanged {
                    speed_mps: fire.wind.speed_mps,
                    from_deg: fire.wind.from_deg,
                },
            );
        }
        if let Some(cell) = fire.landscape.cell_at(at.0 as f32, at.1 as f32) {
            sources.push((cell, t_min));
        }
    }
    if replan || !sources.is_empty() {
        fire.replan(t_min, &sources);
    }
    if fire.map.is_none() {
        return;
    }
    let scouted = scout(tick, t_min, &mut fire, &mut people, &mut parts, &mut log);
    if let Some(g) = super::crew::Ground::of(&setup) {
        for i in scouted {
            super::crew::rejoin(i, &g, &fire, t_min, tick, &mut parts, &mut people, &mut log);
        }
        super::crew::work(
            &clock,
            &g,
            orders,
            &mut fire,
            &mut people,
            &mut parts,
            &mut log,
        );
    }
    detours::go_round(tick, t_min, &fire, &mut people);
    reached(tick, t_min, &mut fire, &mut people, &mut log);
    fuel_breaks(tick, t_min, &mut fire, &mut log);
    super::fire_exposure::expose(tick, t_min, &mut fire, &mut people, &mut log);
    growth(tick, t_min, &mut fire, &mut log);
    within_reach(tick, t_min, &mut fire, &people, &mut log);
}

/// Scouting (三先: 火情不明先侦察): the scout walks towards the fire until it is in view, within
/// [`SCOUT_VIEW_M`] of ground that has burned, and then knows what it is doing (`Scouted`).
fn scout(
    tick: u64,
    t_min: f32,
    fire: &mut FireState,
    people: &mut People,
    parts: &mut Participants,
    log: &mut EventLog,
) -> Vec<usize> {
    let Some(map) = &fire.map else {
        return Vec::new();
    };
    let mut done = Vec::new();
    for &i in &fire.scouting {
        let me = parts.list[i].person;
        let pos = people.net.walkers[me].pos;
        if fire.arrival_within_min(&[pos], SCOUT_VIEW_M) <= t_min {
            done.push(i);
            continue;
        }
        if people.persons[me].state == PersonState::Moving {
            continue;
        }
        // Towards the nearest burned ground, to stop a little inside the view distance.
        let nearest = (0..map.arrival_min.len())
            .filter(|&c| map.is_burned(c, t_min))
            .map(|c| {
                let (x, y) = map.cell_center_m(c);
                (f64::from(x), f64::from(y))
            })
            .min_by(|a, b| dist(*a, pos).total_cmp(&dist(*b, pos)));
        let Some(c) = nearest else {
            continue;
        };
        let d = dist(c, pos).max(1e-6);
        let keep = (SCOUT_VIEW_M * 0.8).min(d);
        let to = (
            c.0 + (pos.0 - c.0) * keep / d,
            c.1 + (pos.1 - c.1) * keep / d,
        );
        if let Some(t) = people.walk_target(me, to) {
            go(i, t, Vec::new(), tick, parts, people, log);
        }
    }
    if done.is_empty() {
        return done;
    }
    fire.scouting.retain(|i| !done.contains(i));
    let Some(map) = &fire.map else {
        return done;
    };
    let area_ha = map.area_burned_m2(t_min) / 10_000.0;
    let (ros, flame) = fire.front_behaviour(t_min);
    for &i in &done {
        parts.list[i].scouted = true;
        log.push(
            tick,
            SimEvent::Scouted {
                participant: parts.list[i].id.clone(),
                area_ha,
                head_ros_m_per_min: ros,
                flame_length_m: flame,
            },
        );
    }
    done
}

/// The front at a fuel break's side, journalled once per side; at the second side, the break
/// is crossed.
fn fuel_breaks(tick: u64, t_min: f32, fire: &mut FireState, log: &mut EventLog) {
    let Some(map) = &fire.map else {
        return;
    };
    for b in &mut fire.breaks {
        for s in 0..2 {
            if b.journalled[s] || b.arrival_min[s] > t_min {
                continue;
            }
            b.journalled[s] = true;
            let Some(at) = b.first_point(s, map) else {
                continue;
            };
            log.push(
                tick,
                SimEvent::FireAtFuelBreak {
                    zone: b.zone,
                    model: b.model,
                    at: (tenth(at.0), tenth(at.1)),
                    crossed: b.journalled[1 - s],
                },
            );
        }
    }
}

/// What the front has reached by now: journalled once each; roads cut where they burn.
fn reached(tick: u64, t_min: f32, fire: &mut FireState, people: &mut People, log: &mut EventLog) {
    let cell_m = f64::from(fire.landscape.cell_size_m());
    let mut due = Vec::new();
    for w in &mut fire.watches {
        if !w.reached && w.arrival_min <= t_min {
            w.reached = true;
            due.push((w.what.clone(), w.points.clone()));
        }
    }
    for (what, points) in due {
        // Where it arrived first, and the surface fire there.
        let first = points
            .iter()
            .filter_map(|&p| {
                let c = fire.landscape.cell_at(p.0 as f32, p.1 as f32)?;
                let t = fire.map.as_ref()?.arrival_min[c];
                Some((p, c, t))
            })
            .min_by(|a, b| a.2.total_cmp(&b.2));
        let s = first.map(|(_, c, _)| fire.landscape.surface_fire_at(c));
        log.push(
            tick,
            SimEvent::FireReached {
                what,
                at: first.map(|(p, _, _)| (tenth(p.0), tenth(p.1))),
                flame_length_m: s.map_or(0.0, |s| s.flame_length_m()),
                ros_m_per_min: s.map_or(0.0, |s| s.ros_head_m_per_min()),
            },
        );
    }
    let mut cut_at = Vec::new();
    for (p, t, cut) in &mut fire.road_points {
        if !*cut && *t <= t_min {
            *cut = true;
            cut_at.push(*p);
        }
    }
    for p in cut_at {
        for road in people.net.cut_roads_near(p, cell_m / 2.0) {
            log.push(
                tick,
                SimEvent::Blocked {
                    what: SiteRef::Road(road),
                    by: Some("fire".into()),
                },
            );
        }
    }
}

/// Every 5 minutes while the fire burns: its area, and the fastest spread and longest flame on
/// its front.
fn growth(tick: u64, t_min: f32, fire: &mut FireState, log: &mut EventLog) {
    if tick < fire.next_growth_tick {
        return;
    }
    fire.next_growth_tick = tick + tick_of(GROWTH_EVERY_S).max(1);
    let Some(map) = &fire.map else {
        return;
    };
    let area_ha = map.area_burned_m2(t_min) / 10_000.0;
    if area_ha <= 0.0 {
        return;
    }
    let (ros, flame) = fire.front_behaviour(t_min);
    log.push(
        tick,
        SimEvent::FireGrowth {
            area_ha,
            head_ros_m_per_min: ros,
            flame_length_m: flame,
            perimeter: perimeter(map, t_min),
        },
    );
}

/// A coordinate for the journal, to 0.1 m.
fn tenth(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// The burned area's boundary for the journal: the kernel's rings, to 0.1 m.
fn perimeter(map: &ArrivalMap, t_min: f32) -> Vec<Vec<Point>> {
    map.perimeter_rings(t_min)
        .into_iter()
        .map(|ring| {
            let mut out: Vec<Point> = Vec::with_capacity(ring.len());
            for (x, y) in ring {
                let p = (tenth(f64::from(x)), tenth(f64::from(y)));
                if out.last() != Some(&p) {
                    out.push(p);
                }
            }
            out
        })
        // Closed and not collapsed by the rounding: its first point, two more, its first again.
        .filter(|ring| ring.len() >= 4)
        .collect()
}

/// Once: the front is due within [`REACH_WARNING_MIN`] at someone not yet at a refuge.
fn within_reach(tick: u64, t_min: f32, fire: &mut FireState, people: &People, log: &mut EventLog) {
    if fire.within_reach {
        return;
    }
    let Some(map) = &fire.map else {
        return;
    };
    let threatened = people.persons.iter().enumerate().any(|(i, p)| {
        if p.at_refuge() || p.state == PersonState::Injured {
            return false;
        }
        let (x, y) = people.net.walkers[i].pos;
        let due = map.arrival_at_point(x as f32, y as f32);
        // The front due soon, or its heat already past what a clothed person can stand for
        // long (a flank burning by, a front held at a fuel break).
        let hot = fire.exposure.flux_kw_per_m2(i)
            >= crate::hazards::fire::exposure::API_521_CONTINUOUS_EXPOSURE_KW_PER_M2;
        hot || due.is_finite() && due - t_min <= REACH_WARNING_MIN
    });
    if threatened {
        fire.within_reach = true;
        log.push(
            tick,
            SimEvent::Hazard {
                event: HazardEvent::FireWithinReach,
            },
        );
    }
}
