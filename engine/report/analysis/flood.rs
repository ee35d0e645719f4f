//! The flood as the journal recorded it, for the report's maps and tables: the water's hazard
//! class at every 5-minute record (`FloodGrowth`), the gauges, the warnings, the houses the water
//! reached and cut off, the shelters' arrivals and the cadres' counts.

use super::seconds;
use crate::drill::{WarningLevel, WarningSignal};
use crate::journal::events::{Household, PlaceKind, SimEvent};
use crate::journal::raster::ClassRaster;
use crate::scenario::schema::Point;

/// One 5-minute record of the flood.
#[derive(Clone, Debug)]
pub struct FloodSnapshot {
    pub t_s: f64,
    pub flooded_ha: f64,
    /// (gauge, level m above datum).
    pub gauges: Vec<(String, f64)>,
    pub hazard: Option<ClassRaster>,
}

/// A house and what the water did there.
#[derive(Clone, Debug, Default)]
pub struct HouseRecord {
    pub house: String,
    pub vulnerable: bool,
    pub people: u32,
    pub max_depth_m: f64,
    /// Water first 5 cm deep there.
    pub reached_s: Option<f64>,
    /// The water left AIDR H2 there (`HouseCutOff`).
    pub cut_off_s: Option<f64>,
    /// When the last of its people reached a refuge (`None`: not all did).
    pub all_out_s: Option<f64>,
    /// The shelters its people reached, with how many at each.
    pub shelters: Vec<(String, u32)>,
}

/// Someone in moving water.
#[derive(Clone, Debug)]
pub struct Wade {
    pub t_s: f64,
    pub who: String,
    pub at: Point,
    pub depth_m: f64,
    pub speed_mps: f64,
    pub swept: bool,
}

/// A count reported to the shelter's register: (time, participant, reported present, reported
/// expected, true present, true expected).
pub type CountReport = (f64, String, u32, u32, u32, u32);

#[derive(Clone, Debug, Default)]
pub struct FloodRecord {
    pub snapshots: Vec<FloodSnapshot>,
    pub warnings: Vec<(f64, WarningSignal, WarningLevel)>,
    pub houses: Vec<HouseRecord>,
    /// First arrivals at shelters: (time, who, shelter).
    pub arrivals: Vec<(f64, String, String)>,
    pub reports: Vec<CountReport>,
    pub wading: Vec<Wade>,
    /// Roads the water closed to walkers at some time (`RoadFlooded`).
    pub roads_closed: Vec<String>,
}

impl FloodRecord {
    /// The greatest hazard class each cell had at any record.
    pub fn max_hazard(&self) -> Option<ClassRaster> {
        let mut it = self.snapshots.iter().filter_map(|s| s.hazard.as_ref());
        let first = it.next()?.clone();
        it.try_fold(first, |acc, r| acc.max(r))
    }

    /// The record with the largest area under water.
    pub fn peak(&self) -> Option<&FloodSnapshot> {
        self.snapshots
            .iter()
            .filter(|s| s.hazard.is_some())
            .max_by(|a, b| a.flooded_ha.total_cmp(&b.flooded_ha))
    }

    /// The record at or just before `t_s`.
    pub fn at(&self, t_s: f64) -> Option<&FloodSnapshot> {
        self.snapshots
            .iter()
            .filter(|s| s.hazard.is_some())
            .rfind(|s| s.t_s <= t_s + 1e-9)
    }
}

/// The flood, when the journal has one.
pub fn flood_record(events: &[(u64, SimEvent)], tick_hz: u32) -> Option<FloodRecord> {
    let mut m = FloodRecord::default();
    let mut households: Vec<Household> = Vec::new();
    let mut safe: Vec<(String, f64)> = Vec::new();
    let house_mut = |m: &mut FloodRecord, id: &str| -> usize {
        match m.houses.iter().position(|h| h.house == id) {
            Some(k) => k,
            None => {
                m.houses.push(HouseRecord {
                    house: id.to_string(),
                    ..HouseRecord::default()
                });
                m.houses.len() - 1
            }
        }
    };
    for (t, e) in events {
        let t_s = seconds(*t, tick_hz);
        match e {
            SimEvent::DrillStarted { households: h, .. } => households.clone_from(h),
            SimEvent::FloodGrowth {
                flooded_ha,
                gauges,
                houses,
                hazard,
                ..
            } => {
                m.snapshots.push(FloodSnapshot {
                    t_s,
                    flooded_ha: *flooded_ha,
                    gauges: gauges
                        .iter()
                        .map(|g| (g.gauge.clone(), g.level_m))
                        .collect(),
                    hazard: hazard.clone(),
                });
                for hw in houses {
                    let k = house_mut(&mut m, &hw.house);
                    m.houses[k].max_depth_m = m.houses[k].max_depth_m.max(hw.max_depth_m);
                }
            }
            SimEvent::WaterReached {
                what: crate::scenario::schema::SiteRef::House(h),
                ..
            } => {
                let k = house_mut(&mut m, h);
                m.houses[k].reached_s.get_or_insert(t_s);
            }
            SimEvent::HouseCutOff { house, .. } => {
                let k = house_mut(&mut m, house);
                m.houses[k].cut_off_s.get_or_insert(t_s);
            }
            SimEvent::WarningIssued { signal, level, .. } => {
                m.warnings.push((t_s, *signal, *level));
            }
            SimEvent::Arrived {
                who,
                place,
                place_kind,
            } => {
                if place_kind.is_refuge() && !safe.iter().any(|(w, _)| w == who) {
                    safe.push((who.clone(), t_s));
                }
                if *place_kind == PlaceKind::Shelter && !m.arrivals.iter().any(|(_, w, _)| w == who)
                {
                    m.arrivals.push((t_s, who.clone(), place.clone()));
                }
            }
            SimEvent::Report {
                participant,
                reported_present,
                reported_expected,
                true_present,
                true_expected,
            } => m.reports.push((
                t_s,
                participant.clone(),
                *reported_present,
                *reported_expected,
                *true_present,
                *true_expected,
            )),
            SimEvent::RoadFlooded {
                road, closed: true, ..
            } => {
                if !m.roads_closed.contains(road) {
                    m.roads_closed.push(road.clone());
                }
            }
            SimEvent::InWater {
                who,
                at,
                depth_m,
                speed_mps,
                swept,
            } => m.wading.push(Wade {
                t_s,
                who: who.clone(),
                at: *at,
                depth_m: *depth_m,
                speed_mps: *speed_mps,
                swept: *swept,
            }),
            SimEvent::WaterReached { .. }
            | SimEvent::RoadFlooded { .. }
            | SimEvent::PhaseChanged { .. }
            | SimEvent::EvacuationCapacity { .. }
            | SimEvent::Hazard { .. }
            | SimEvent::Aftershock { .. }
            | SimEvent::GroundMotion { .. }
            | SimEvent::InjectFired { .. }
            | SimEvent::Blocked { .. }
            | SimEvent::Cleared { .. }
            | SimEvent::NotSimulated { .. }
            | SimEvent::Action { .. }
            | SimEvent::HeadCount { .. }
            | SimEvent::StartedMoving { .. }
            | SimEvent::PassedDoor { .. }
            | SimEvent::EnteredStair { .. }
            | SimEvent::TookLift { .. }
            | SimEvent::LeftBuilding { .. }
            | SimEvent::Woke { .. }
            | SimEvent::StayedBehind { .. }
            | SimEvent::Swept { .. }
            | SimEvent::FireStarted { .. }
            | SimEvent::FireReached { .. }
            | SimEvent::FireGrowth { .. }
            | SimEvent::Scouted { .. }
            | SimEvent::WindChanged { .. }
            | SimEvent::LookoutPosted { .. }
            | SimEvent::LcesChecked { .. }
            | SimEvent::LineAnchored { .. }
            | SimEvent::AttackBegun { .. }
            | SimEvent::FireAtFuelBreak { .. }
            | SimEvent::Escaping { .. }
            | SimEvent::SmokeReached { .. }
            | SimEvent::FirelineBuilt { .. }
            | SimEvent::LedByHand { .. }
            | SimEvent::Injured { .. }
            | SimEvent::Fell { .. }
            | SimEvent::Panicked { .. }
            | SimEvent::TookPosture { .. }
            | SimEvent::Postures { .. }
            | SimEvent::ContentsDamage { .. }
            | SimEvent::Stranded { .. }
            | SimEvent::DrillEnded { .. }
            | SimEvent::Revealed { .. } => {}
        }
    }
    if m.snapshots.is_empty() {
        return None;
    }
    // Each household: its people, and when the last of them was at a refuge.
    for hh in &households {
        let k = house_mut(&mut m, &hh.house);
        m.houses[k].vulnerable = hh.vulnerable;
        let mine: Vec<f64> = safe
            .iter()
            .filter(|(w, _)| hh.has(w))
            .map(|(_, t)| *t)
            .collect();
        m.houses[k].people = mine.len() as u32;
        let mut shelters: Vec<(String, u32)> = Vec::new();
        for (_, _, place) in m.arrivals.iter().filter(|(_, who, _)| hh.has(who)) {
            match shelters.iter_mut().find(|(s, _)| s == place) {
                Some(x) => x.1 += 1,
                None => shelters.push((place.clone(), 1)),
            }
        }
        m.houses[k].shelters = shelters;
        m.houses[k].all_out_s = mine.iter().copied().reduce(f64::max);
    }
    m.houses.sort_by(|a, b| a.house.cmp(&b.house));
    Some(m)
}
