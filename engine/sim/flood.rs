//! The flood drill's water: a self-gating plugin that steps `hazards::flood` to drill time and
//! journals what the water does — houses, roads, places and shelters reached, roads closed to
//! people on foot and reopened, gauges, people in moving water or swept by it — and answers the
//! injects' `WaterDepth` and `GaugeLevel` conditions.
//!
//! Set-up from the scenario (drillhall's stated choices where the scenario says nothing):
//! - the elevation grid is the bed; the levees are raised on it one cell wide; the roughness
//!   map gives Manning's n per cell (its raster, if any, over the default; zones over both);
//! - a river starts `initial_depth_m` deep over its thalweg (the ground under its centre line)
//!   within half its width of the centre line;
//! - rain falls everywhere at the periods' summed intensity; inflows enter along their edge
//!   line as their hydrograph says (linear between points);
//! - water leaves through the edge a river's centre line ends on, at normal depth for the
//!   ground's fall towards it (at least 0.01 %); every other edge is closed — the valley's
//!   sides and its upstream end hold it, as a river model's domain is drawn;
//! - breaches open where and when the hazard or a `LeveeBreach` inject says, widening and
//!   deepening linearly over their formation time.
//!
//! People: where someone stands in water their pace falls with depth, to a tenth at the 1.2 m a
//! person can still wade (flood.md); flowing water (≥ 0.5 m/s) above the ankle (0.1 m) is
//! journalled once (`InWater`); past the stability limit of AIDR 7-3 — depth × velocity above
//! 0.6 m²/s for children, the elderly and wheelchair users (class H3), 1.0 m²/s for other
//! adults (H4), or deeper than 1.2 m — they are knocked over and swept (`InWater { swept }`),
//! and stop there.

use super::clock::DrillClock;
use super::log::EventLog;
use super::people::{People, PersonState};
use super::{DrillSetup, SimSet, SimTick, TICK_HZ};
use crate::hazards::fire::scene::site_points;
use crate::hazards::flood::hazard::{AidrClass, aidr_class};
use crate::hazards::flood::{
    Breach, Edge, EdgeOutflow, FloodParams, FloodSim, InflowLine, Levee, Rain, RainArea, Series,
    Terrain as FloodTerrain,
};
use crate::journal::events::{GaugeReading, HouseWater, SimEvent};
use crate::journal::raster::ClassRaster;
use crate::scenario::geometry::{contains, point_segment};
use crate::scenario::schema::{
    Effect, Flood, Hazard, HazardEvent, Point, Profile, RoadKind, Site, SiteRef, Terrain,
};
use bevy::prelude::*;

/// How often the water is brought up to drill time, s (it sub-steps to its own stable step).
pub const FLOW_EVERY_S: f64 = 5.0;
/// How often the flood's extent, gauges and houses are journalled, s.
const GROWTH_EVERY_S: f64 = 300.0;
/// Water this deep has reached something, m.
pub const REACHED_M: f64 = 0.05;
/// Flowing water above the ankle: depth, m, and speed, m/s — drillhall's reading of flood.md's
/// "don't cross flowing water above the ankle": a current of half a metre a second pulls at a
/// wader's feet; the sheet of rain water creeping over a lane (0.1–0.2 m/s) does not count.
pub const ANKLE_M: f64 = 0.1;
pub const MOVING_MPS: f64 = 0.5;
/// The deepest still water a person can wade, m (flood.md).
pub const WADE_LIMIT_M: f64 = 1.2;
/// Depth × velocity that knocks over a child, an elderly person or a wheelchair user (AIDR 7-3
/// H3's limit), and another adult (H4's), m²/s.
pub const TOPPLE_VULNERABLE_M2_PER_S: f64 = 0.6;
pub const TOPPLE_ADULT_M2_PER_S: f64 = 1.0;
/// The least fall of an outflow edge's normal-depth boundary, m/m.
const MIN_OUTFLOW_SLOPE: f64 = 1e-4;

/// Something on the terrain whose reaching by water is journalled.
#[derive(Clone, Debug)]
struct Watch {
    what: SiteRef,
    points: Vec<Point>,
    reached: bool,
}

/// The flood: the kernel's state and what has been journalled of it.
#[derive(Resource)]
pub struct FloodState {
    pub sim: FloodSim,
    /// The scenario's gauges, in order, with the kernel's gauge index.
    gauges: Vec<(String, usize)>,
    /// Levee ids in the kernel's order.
    levees: Vec<String>,
    watches: Vec<Watch>,
    /// Roads as points, and whether the water has closed each.
    roads: Vec<(String, Vec<Point>, bool)>,
    /// Roads an inject has blocked (the water does not reopen them).
    blocked_by_inject: std::collections::BTreeSet<String>,
    /// Per person: journalled in moving water; swept.
    in_water: Vec<bool>,
    swept: Vec<bool>,
    houses: Vec<(String, Vec<Point>)>,
    /// Per house (as `houses`): journalled cut off (`HouseCutOff`).
    cut_off: Vec<bool>,
    next_growth_tick: u64,
    scanned: usize,
}

impl FloodState {
    /// The deepest water now at any point of `at`, m (0 where it names nothing on the terrain).
    pub fn depth_at_site(&self, t: &Terrain, at: &SiteRef) -> f64 {
        let points = match self.watches.iter().find(|w| &w.what == at) {
            Some(w) => w.points.clone(),
            None => site_points(t, at, self.sim.dx_m() / 2.0),
        };
        points
            .iter()
            .map(|p| self.sim.depth_at(p.0, p.1))
            .fold(0.0, f64::max)
    }

    /// Whether the water (or an inject) has closed the road `id`.
    pub fn road_closed(&self, id: &str) -> bool {
        self.blocked_by_inject.contains(id)
            || self.roads.iter().any(|(r, _, closed)| r == id && *closed)
    }

    /// The water level at the scenario's gauge `id` (above datum), m.
    pub fn gauge_level_m(&self, id: &str) -> Option<f64> {
        let &(_, g) = self.gauges.iter().find(|(g, _)| g == id)?;
        Some(self.sim.gauge_level_m(g))
    }
}

/// A scenario grid (northern row first) in the kernel's order (southern row first): the bed,
/// or the roughness raster.
fn bed(dem: &crate::scenario::grid::GridData) -> Vec<f64> {
    let (rows, cols) = (dem.rows, dem.cols);
    (0..rows)
        .flat_map(|j| (0..cols).map(move |i| dem.values[(rows - 1 - j) * cols + i]))
        .collect()
}

/// The edge a line lies along (both ends within half a cell of it) and its span along it.
fn edge_of(line: (Point, Point), w: f64, h: f64, half: f64) -> Option<(Edge, f64, f64)> {
    let (a, b) = line;
    let along = |x: f64, y: f64| (x.min(y), x.max(y));
    if a.1.abs() <= half && b.1.abs() <= half {
        let (lo, hi) = along(a.0, b.0);
        return Some((Edge::South, lo, hi));
    }
    if (a.1 - h).abs() <= half && (b.1 - h).abs() <= half {
        let (lo, hi) = along(a.0, b.0);
        return Some((Edge::North, lo, hi));
    }
    if a.0.abs() <= half && b.0.abs() <= half {
        let (lo, hi) = along(a.1, b.1);
        return Some((Edge::West, lo, hi));
    }
    if (a.0 - w).abs() <= half && (b.0 - w).abs() <= half {
        let (lo, hi) = along(a.1, b.1);
        return Some((Edge::East, lo, hi));
    }
    None
}

/// The ground's mean fall towards an edge over its outermost cells, m/m.
fn fall_to(edge: Edge, z: &[f64], nx: usize, ny: usize, dx: f64) -> f64 {
    let pairs: Vec<(usize, usize)> = match edge {
        Edge::West => (0..ny).map(|j| (j * nx + 1, j * nx)).collect(),
        Edge::East => (0..ny)
            .map(|j| (j * nx + nx - 2, j * nx + nx - 1))
            .collect(),
        Edge::South => (0..nx).map(|i| (nx + i, i)).collect(),
        Edge::North => (0..nx)
            .map(|i| ((ny - 2) * nx + i, (ny - 1) * nx + i))
            .collect(),
    };
    if pairs.is_empty() || nx < 2 || ny < 2 {
        return MIN_OUTFLOW_SLOPE;
    }
    let mean = pairs.iter().map(|&(a, b)| (z[a] - z[b]) / dx).sum::<f64>() / pairs.len() as f64;
    mean.max(MIN_OUTFLOW_SLOPE)
}

/// The rain's summed intensity over time, mm/h, stepped at each period's ends.
fn rain_series(f: &Flood) -> Series {
    let mut at: Vec<f64> = f
        .rain
        .iter()
        .flat_map(|r| [r.from_s, r.to_s])
        .filter(|t| t.is_finite())
        .collect();
    at.sort_by(f64::total_cmp);
    at.dedup();
    let knots = at
        .iter()
        .map(|&t| {
            let mm = f
                .rain
                .iter()
                .filter(|r| r.from_s <= t && t < r.to_s)
                .map(|r| r.intensity_mm_per_h)
                .sum();
            (t, mm)
        })
        .collect();
    Series::stepped(knots)
}

/// The kernel set up from a validated scenario; `Err` says what could not be (an engine gap).
fn build(
    t: &Terrain,
    dem: &crate::scenario::grid::GridData,
    roughness_grid: Option<&crate::scenario::grid::GridData>,
    f: &Flood,
) -> Result<FloodState, String> {
    let dx = t.cell_size_m;
    let (nx, ny) = (dem.cols, dem.rows);
    if nx < 2 || ny < 2 || dx <= 0.0 {
        return Err("a flood needs an elevation grid of at least 2 × 2 cells".into());
    }
    let z = bed(dem);
    let n0 = t.roughness.as_ref().map_or(0.035, |r| r.default_n);
    let mut terrain = FloodTerrain::from_dem(nx, ny, dx, z.clone(), n0);
    if let Some(g) = roughness_grid.filter(|g| (g.rows, g.cols) == (ny, nx)) {
        terrain.manning_n = bed(g);
    }
    if let Some(r) = &t.roughness {
        for c in 0..nx * ny {
            let p = terrain.cell_center_m(c);
            if let Some(zone) = r.zones.iter().rev().find(|zone| contains(&zone.polygon, p)) {
                terrain.manning_n[c] = zone.n;
            }
        }
    }
    let (w, h) = terrain.extent_m();
    let mut sim = FloodSim::new(terrain, FloodParams::default());
    let mut levees = Vec::new();
    for l in &t.levees {
        sim.add_levee(Levee {
            points: l.line.clone(),
            crest_height_m: l.crest_height_m,
            width_m: dx,
        });
        levees.push(l.id.clone());
    }
    // Rivers at their starting depth over the thalweg.
    let dem_view = crate::hazards::fire::sight::Dem::new(dem, dx);
    for r in &t.rivers {
        if r.initial_depth_m <= 0.0 || r.centerline.len() < 2 {
            continue;
        }
        sim.set_level_where(|x, y| {
            let (d, seg) = r
                .centerline
                .windows(2)
                .map(|s| (point_segment((x, y), s[0], s[1]), s))
                .min_by(|a, b| a.0.0.total_cmp(&b.0.0))?;
            if d.0 > r.width_m / 2.0 {
                return None;
            }
            let on = (
                seg[0].0 + (seg[1].0 - seg[0].0) * d.1,
                seg[0].1 + (seg[1].1 - seg[0].1) * d.1,
            );
            Some(dem_view.height_at(on.0, on.1)? + r.initial_depth_m)
        });
    }
    sim.add_rain(Rain {
        area: RainArea::Everywhere,
        intensity_mm_per_h: rain_series(f),
    });
    let mut inflow_edges = Vec::new();
    for i in &f.inflows {
        let Some((edge, from_m, to_m)) = edge_of(i.line, w, h, dx / 2.0) else {
            return Err(format!(
                "inflow \"{}\" does not lie along an edge of the grid",
                i.id
            ));
        };
        inflow_edges.push(edge);
        sim.add_inflow(InflowLine {
            edge,
            from_m,
            to_m,
            discharge_m3s: Series::linear(i.hydrograph.iter().map(|p| (p.t_s, p.q_m3s)).collect()),
        });
    }
    // Water leaves where a river does: the edge its centre line ends on.
    for r in &t.rivers {
        let Some(&end) = r.centerline.last() else {
            continue;
        };
        if let Some((edge, _, _)) = edge_of((end, end), w, h, dx / 2.0)
            && !inflow_edges.contains(&edge)
        {
            let slope = fall_to(edge, &z, nx, ny, dx);
            sim.set_edge_outflow(edge, EdgeOutflow::NormalDepth { slope });
        }
    }
    let mut state = FloodState {
        sim,
        gauges: Vec::new(),
        levees,
        watches: Vec::new(),
        roads: Vec::new(),
        blocked_by_inject: Default::default(),
        in_water: Vec::new(),
        swept: Vec::new(),
        houses: Vec::new(),
        cut_off: Vec::new(),
        next_growth_tick: 0,
        scanned: 0,
    };
    for b in &f.breaches {
        state.breach(b, b.start_s);
    }
    for g in &f.gauges {
        if let Some(k) = state.sim.add_gauge(g.at.0, g.at.1) {
            state.gauges.push((g.id.clone(), k));
        }
    }
    let step = dx / 2.0;
    let refs = t
        .houses
        .iter()
        .map(|h| SiteRef::House(h.id.clone()))
        .chain(t.places.iter().map(|p| SiteRef::Place(p.id.clone())))
        .chain(t.shelters.iter().map(|s| SiteRef::Shelter(s.id.clone())))
        // A bridge's deck stands above the water under it (its height is not in the scenario).
        .chain(
            t.roads
                .iter()
                .filter(|r| r.kind != RoadKind::Bridge)
                .map(|r| SiteRef::Road(r.id.clone())),
        );
    for what in refs {
        let points = site_points(t, &what, step);
        if let SiteRef::Road(id) = &what {
            state.roads.push((id.clone(), points.clone(), false));
        }
        if let SiteRef::House(id) = &what {
            state.houses.push((id.clone(), points.clone()));
            state.cut_off.push(false);
        }
        state.watches.push(Watch {
            what,
            points,
            reached: false,
        });
    }
    Ok(state)
}

impl FloodState {
    /// Open a breach in the named levee, forming from `start_s`.
    fn breach(&mut self, b: &crate::scenario::schema::Breach, start_s: f64) {
        let Some(levee) = self.levees.iter().position(|l| l == &b.levee) else {
            return;
        };
        self.sim.add_breach(Breach {
            levee,
            at: b.at,
            width_m: b.width_m,
            start_s,
            formation_s: b.formation_s,
            bottom_m: None,
        });
    }
}

pub(super) fn plugin(app: &mut App) {
    let setup = app.world().resource::<DrillSetup>();
    let Site::Terrain(t) = &setup.scenario.site else {
        return;
    };
    let Some(f) = setup.scenario.hazards.iter().find_map(|h| match h {
        Hazard::Flood(f) => Some(f),
        Hazard::Earthquake(_) | Hazard::ForestFire(_) => None,
    }) else {
        return;
    };
    let Some(dem) = &setup.elevation else {
        return;
    };
    // The scenario validated, so this is an engine gap: say so in the journal, do not panic.
    match build(t, dem, setup.roughness_grid.as_ref(), f) {
        Ok(state) => {
            app.insert_resource(state);
            app.add_systems(SimTick, step.in_set(SimSet::HazardEffects));
        }
        Err(what) => {
            app.world_mut()
                .resource_mut::<EventLog>()
                .push(0, SimEvent::NotSimulated { what });
        }
    }
}

fn round(v: f64, places: i32) -> f64 {
    let k = 10f64.powi(places);
    (v * k).round() / k
}

/// One tick: injects since the last, then (every [`FLOW_EVERY_S`]) the water to drill time and
/// what it reached.
fn step(
    clock: Res<DrillClock>,
    setup: Res<DrillSetup>,
    mut flood: ResMut<FloodState>,
    mut people: ResMut<People>,
    mut log: ResMut<EventLog>,
) {
    let tick = clock.tick;
    let now_s = tick as f64 / f64::from(TICK_HZ);
    let Site::Terrain(t) = &setup.scenario.site else {
        return;
    };
    let mut breaches = Vec::new();
    for (_, e) in &log.entries[flood.scanned..] {
        match e {
            SimEvent::InjectFired { number, .. } => {
                if let Some(inj) = setup.scenario.injects.iter().find(|i| i.number == *number)
                    && let Effect::LeveeBreach(b) = &inj.effect
                {
                    breaches.push(b.clone());
                }
            }
            SimEvent::Blocked {
                what: SiteRef::Road(r),
                by: None,
            } => {
                flood.blocked_by_inject.insert(r.clone());
            }
            SimEvent::Cleared {
                what: SiteRef::Road(r),
                ..
            } => {
                flood.blocked_by_inject.remove(r);
            }
            _ => {}
        }
    }
    flood.scanned = log.entries.len();
    for b in breaches {
        flood.breach(&b, b.start_s.max(now_s));
    }
    let every = (FLOW_EVERY_S * f64::from(TICK_HZ)) as u64;
    if !tick.is_multiple_of(every) {
        return;
    }
    flood.sim.step_until(now_s);
    reached(tick, &mut flood, &mut log);
    cut_off(tick, &mut flood, &mut log);
    roads(tick, &mut flood, &mut people, &mut log);
    wading(tick, &mut flood, &mut people, &mut log);
    if tick >= flood.next_growth_tick {
        flood.next_growth_tick = tick + (GROWTH_EVERY_S * f64::from(TICK_HZ)) as u64;
        growth(tick, t, &flood, &mut log);
    }
}

/// Houses, places, shelters and roads the water reaches for the first time.
fn reached(tick: u64, flood: &mut FloodState, log: &mut EventLog) {
    let FloodState { sim, watches, .. } = flood;
    for w in watches.iter_mut().filter(|w| !w.reached) {
        let deepest = w
            .points
            .iter()
            .map(|p| (*p, sim.depth_at(p.0, p.1)))
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((at, depth)) = deepest
            && depth >= REACHED_M
        {
            w.reached = true;
            log.push(
                tick,
                SimEvent::WaterReached {
                    what: w.what.clone(),
                    at: (round(at.0, 1), round(at.1, 1)),
                    depth_m: round(depth, 2),
                    speed_mps: round(sim.speed_at(at.0, at.1), 2),
                },
            );
        }
    }
}

/// Houses whose water first leaves AIDR H2 — the first of them is the water rising in the
/// village (`HazardEvent::WaterRising`: go to high ground).
fn cut_off(tick: u64, flood: &mut FloodState, log: &mut EventLog) {
    let FloodState {
        sim,
        houses,
        cut_off,
        ..
    } = flood;
    let mut first = cut_off.iter().all(|c| !c);
    for ((id, points), done) in houses.iter().zip(cut_off.iter_mut()) {
        if *done {
            continue;
        }
        let worst = points
            .iter()
            .map(|p| (sim.depth_at(p.0, p.1), sim.speed_at(p.0, p.1)))
            .find(|&(d, v)| aidr_class(d, v) > AidrClass::H2);
        let Some((d, v)) = worst else {
            continue;
        };
        if first {
            first = false;
            log.push(
                tick,
                SimEvent::Hazard {
                    event: HazardEvent::WaterRising,
                },
            );
        }
        *done = true;
        log.push(
            tick,
            SimEvent::HouseCutOff {
                house: id.clone(),
                depth_m: round(d, 2),
                speed_mps: round(v, 2),
            },
        );
    }
}

/// Roads close to people on foot when their worst point leaves AIDR H1 and reopen when all of
/// it is back in H1 (unless an inject blocked them).
fn roads(tick: u64, flood: &mut FloodState, people: &mut People, log: &mut EventLog) {
    let FloodState {
        sim,
        roads,
        blocked_by_inject,
        ..
    } = flood;
    for (id, points, closed) in roads.iter_mut() {
        let worst = points
            .iter()
            .map(|p| (sim.depth_at(p.0, p.1), sim.speed_at(p.0, p.1)))
            .max_by(|a, b| (a.0 * (a.1 + 0.5)).total_cmp(&(b.0 * (b.1 + 0.5))));
        let Some((d, v)) = worst else {
            continue;
        };
        let unsafe_now = d >= REACHED_M && aidr_class(d, v) != AidrClass::H1;
        if unsafe_now == *closed || (!unsafe_now && blocked_by_inject.contains(id.as_str())) {
            continue;
        }
        *closed = unsafe_now;
        people.net.set_road_blocked(id, unsafe_now);
        log.push(
            tick,
            SimEvent::RoadFlooded {
                road: id.clone(),
                depth_m: round(d, 2),
                speed_mps: round(v, 2),
                closed: unsafe_now,
            },
        );
    }
}

/// People in water: slowed, journalled in moving water, swept past their stability.
fn wading(tick: u64, flood: &mut FloodState, people: &mut People, log: &mut EventLog) {
    let n = people.persons.len();
    if flood.in_water.len() != n {
        flood.in_water.resize(n, false);
        flood.swept.resize(n, false);
    }
    for p in 0..n {
        if flood.swept[p] {
            continue;
        }
        let at = people.net.walkers[p].pos;
        let d = flood.sim.depth_at(at.0, at.1);
        let v = flood.sim.speed_at(at.0, at.1);
        people.net.walkers[p].wading_factor = (1.0 - d / WADE_LIMIT_M).clamp(0.1, 1.0);
        if d < ANKLE_M || (v < MOVING_MPS && d < WADE_LIMIT_M) {
            continue;
        }
        let limit = match people.persons[p].profile {
            Profile::Child
            | Profile::Toddler
            | Profile::Infant
            | Profile::Elderly
            | Profile::WheelchairUser => TOPPLE_VULNERABLE_M2_PER_S,
            Profile::Adult => TOPPLE_ADULT_M2_PER_S,
        };
        let swept = d * v > limit || d > WADE_LIMIT_M;
        if swept || !flood.in_water[p] {
            flood.in_water[p] = true;
            if swept {
                flood.swept[p] = true;
                people.halt(p, PersonState::Injured);
            }
            log.push(
                tick,
                SimEvent::InWater {
                    who: people.persons[p].id.clone(),
                    at: (round(at.0, 1), round(at.1, 1)),
                    depth_m: round(d, 2),
                    speed_mps: round(v, 2),
                    swept,
                },
            );
        }
    }
}

/// The flood's extent, the gauges and the houses' deepest water so far.
fn growth(tick: u64, _t: &Terrain, flood: &FloodState, log: &mut EventLog) {
    let sim = &flood.sim;
    let cell_ha = sim.dx_m() * sim.dx_m() / 10_000.0;
    let flooded_ha = sim.depth_m().iter().filter(|&&d| d >= REACHED_M).count() as f64 * cell_ha;
    let max = sim.max_depth_m();
    let houses = flood
        .houses
        .iter()
        .filter_map(|(id, points)| {
            let deepest = points
                .iter()
                .filter_map(|p| sim.cell_at(p.0, p.1))
                .map(|c| max[c])
                .fold(0.0, f64::max);
            (deepest >= 0.01).then(|| HouseWater {
                house: id.clone(),
                max_depth_m: round(deepest, 2),
            })
        })
        .collect();
    log.push(
        tick,
        SimEvent::FloodGrowth {
            flooded_ha: round(flooded_ha, 2),
            volume_m3: round(sim.storage_m3(), 0),
            mass_error: sim.mass_error_fraction(),
            gauges: flood
                .gauges
                .iter()
                .map(|(id, g)| GaugeReading {
                    gauge: id.clone(),
                    level_m: round(sim.gauge_level_m(*g), 3),
                })
                .collect(),
            houses,
            hazard: Some(hazard_raster(sim)),
        },
    );
}

/// The AIDR class of every cell now, north row first (0: under 5 cm).
fn hazard_raster(sim: &FloodSim) -> ClassRaster {
    let (nx, ny) = (sim.nx(), sim.ny());
    let (d, vx, vy) = (sim.depth_m(), sim.velocity_x_mps(), sim.velocity_y_mps());
    let mut classes = Vec::with_capacity(nx * ny);
    for row in (0..ny).rev() {
        for col in 0..nx {
            let c = row * nx + col;
            classes.push(if d[c] < REACHED_M {
                0
            } else {
                aidr_class(d[c], libm::hypot(vx[c], vy[c])) as u8 + 1
            });
        }
    }
    ClassRaster::encode(&classes, nx as u32, ny as u32, sim.dx_m())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_inflow_line_on_the_north_edge_is_found_with_its_span() {
        let e = edge_of(((225.0, 1000.0), (275.0, 1000.0)), 1200.0, 1000.0, 5.0);
        assert_eq!(e, Some((Edge::North, 225.0, 275.0)));
        assert_eq!(
            edge_of(((5.0, 500.0), (600.0, 500.0)), 1200.0, 1000.0, 5.0),
            None
        );
    }

    #[test]
    fn overlapping_rain_periods_add() {
        let f = Flood {
            rain: vec![
                crate::scenario::schema::RainPeriod {
                    from_s: 0.0,
                    to_s: 3600.0,
                    intensity_mm_per_h: 20.0,
                },
                crate::scenario::schema::RainPeriod {
                    from_s: 1800.0,
                    to_s: 7200.0,
                    intensity_mm_per_h: 10.0,
                },
            ],
            inflows: Vec::new(),
            breaches: Vec::new(),
            warnings: Vec::new(),
            gauges: Vec::new(),
        };
        let r = rain_series(&f);
        assert_eq!(r.at(100.0), 20.0);
        assert_eq!(r.at(2000.0), 30.0);
        assert_eq!(r.at(5000.0), 10.0);
        assert_eq!(r.at(8000.0), 0.0);
    }
}
