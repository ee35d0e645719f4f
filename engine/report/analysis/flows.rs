//! How people flowed through the site: the passages through each door, stair (going down) and
//! exit with their times, the peak flows over a [`FLOW_WINDOW_S`] window and the specific flow
//! (per metre of clear width) that shows where queues formed.

use super::seconds;
use crate::journal::events::SimEvent;
use crate::scenario::schema::Building;
use std::collections::BTreeMap;

/// The window over which peak flows are taken.
pub const FLOW_WINDOW_S: f64 = 10.0;

/// What the people did on the site, read from the journal.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SiteUse {
    /// Drill seconds of each passage, per door (in journal order).
    pub doors: BTreeMap<String, Vec<f64>>,
    /// Drill seconds of each entry going down, per stair.
    pub stairs_down: BTreeMap<String, Vec<f64>>,
    /// Drill seconds of each person leaving the building, per exit.
    pub exits: BTreeMap<String, Vec<f64>>,
    /// Lift rides taken.
    pub lift_rides: u32,
    /// The ids of what was blocked (in journal order; cleared ones stay).
    pub blocked: Vec<String>,
    /// Arrivals per place (assembly area, shelter…).
    pub arrived: BTreeMap<String, u32>,
}

/// The passages through one door, stair or exit.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Flow {
    pub people: usize,
    /// The peak specific flow, persons per second per metre of clear width.
    pub specific_ppsm: f64,
}

impl SiteUse {
    pub fn door(&self, id: &str, width_m: f64) -> Flow {
        flow(self.doors.get(id), width_m)
    }
    /// People going down the stair.
    pub fn stair_down(&self, id: &str, width_m: f64) -> Flow {
        flow(self.stairs_down.get(id), width_m)
    }
    pub fn exit(&self, id: &str, width_m: f64) -> Flow {
        flow(self.exits.get(id), width_m)
    }
    pub fn is_blocked(&self, id: &str) -> bool {
        self.blocked.iter().any(|b| b == id)
    }
    pub fn arrivals(&self, place: &str) -> u32 {
        self.arrived.get(place).copied().unwrap_or(0)
    }
}

fn flow(times_s: Option<&Vec<f64>>, width_m: f64) -> Flow {
    Flow {
        people: times_s.map_or(0, Vec::len),
        specific_ppsm: specific_flow_ppsm(times_s.map(Vec::as_slice), width_m),
    }
}

/// The passages, lift rides, blockages and arrivals of a drill.
pub fn site_use(events: &[(u64, SimEvent)], tick_hz: u32) -> SiteUse {
    let mut u = SiteUse::default();
    for (t, e) in events {
        let t = seconds(*t, tick_hz);
        match e {
            SimEvent::PassedDoor { door, .. } => u.doors.entry(door.clone()).or_default().push(t),
            SimEvent::EnteredStair {
                stair, down: true, ..
            } => u.stairs_down.entry(stair.clone()).or_default().push(t),
            SimEvent::LeftBuilding { exit, .. } => u.exits.entry(exit.clone()).or_default().push(t),
            SimEvent::TookLift { .. } => u.lift_rides += 1,
            SimEvent::Arrived { place, .. } => *u.arrived.entry(place.clone()).or_default() += 1,
            SimEvent::Blocked { what, .. } => {
                if let Some(id) = what.id() {
                    u.blocked.push(id.to_string());
                }
            }
            SimEvent::EnteredStair { .. }
            | SimEvent::DrillStarted { .. }
            | SimEvent::PhaseChanged { .. }
            | SimEvent::EvacuationCapacity { .. }
            | SimEvent::Hazard { .. }
            | SimEvent::Aftershock { .. }
            | SimEvent::GroundMotion { .. }
            | SimEvent::WarningIssued { .. }
            | SimEvent::InjectFired { .. }
            | SimEvent::Cleared { .. }
            | SimEvent::NotSimulated { .. }
            | SimEvent::Action { .. }
            | SimEvent::HeadCount { .. }
            | SimEvent::Report { .. }
            | SimEvent::StartedMoving { .. }
            | SimEvent::StayedBehind { .. }
            | SimEvent::Swept { .. }
            | SimEvent::LedByHand { .. }
            | SimEvent::FireStarted { .. }
            | SimEvent::FireReached { .. }
            | SimEvent::FireGrowth { .. }
            | SimEvent::WaterReached { .. }
            | SimEvent::HouseCutOff { .. }
            | SimEvent::FloodGrowth { .. }
            | SimEvent::RoadFlooded { .. }
            | SimEvent::InWater { .. }
            | SimEvent::WindChanged { .. }
            | SimEvent::Scouted { .. }
            | SimEvent::LookoutPosted { .. }
            | SimEvent::LineAnchored { .. }
            | SimEvent::AttackBegun { .. }
            | SimEvent::FirelineBuilt { .. }
            | SimEvent::LcesChecked { .. }
            | SimEvent::FireAtFuelBreak { .. }
            | SimEvent::SmokeReached { .. }
            | SimEvent::Escaping { .. }
            | SimEvent::Injured { .. }
            | SimEvent::Fell { .. }
            | SimEvent::Woke { .. }
            | SimEvent::Panicked { .. }
            | SimEvent::TookPosture { .. }
            | SimEvent::Postures { .. }
            | SimEvent::ContentsDamage { .. }
            | SimEvent::Stranded { .. }
            | SimEvent::DrillEnded { .. }
            | SimEvent::Revealed { .. } => {}
        }
    }
    u
}

/// The highest number passing per second over any [`FLOW_WINDOW_S`] window (times sorted).
pub fn peak_flow_pps(times_s: &[f64]) -> f64 {
    let mut best = 0usize;
    let mut a = 0;
    for b in 0..times_s.len() {
        while times_s[b] - times_s[a] > FLOW_WINDOW_S {
            a += 1;
        }
        best = best.max(b - a + 1);
    }
    best as f64 / FLOW_WINDOW_S
}

/// The peak flow per metre of clear width (at least 0.1 m); 0 where nobody passed.
pub fn specific_flow_ppsm(times_s: Option<&[f64]>, width_m: f64) -> f64 {
    times_s.map_or(0.0, |t| peak_flow_pps(t) / width_m.max(0.1))
}

/// The people who left the building through one exit.
#[derive(Clone, Debug, PartialEq)]
pub struct ExitFlow {
    pub id: String,
    /// [drill seconds, people out through this exit so far], at each one.
    pub curve: Vec<(f64, u32)>,
    pub peak_pps: f64,
    /// The peak specific flow, where the exit's width is known.
    pub specific_ppsm: Option<f64>,
}

impl ExitFlow {
    pub fn first_s(&self) -> f64 {
        self.curve.first().map_or(0.0, |c| c.0)
    }
    pub fn last_s(&self) -> f64 {
        self.curve.last().map_or(0.0, |c| c.0)
    }
}

/// Each exit's cumulative curve and peak flows, by exit id; widths from the building, if known.
pub fn exit_flows(used: &SiteUse, building: Option<&Building>) -> Vec<ExitFlow> {
    used.exits
        .iter()
        .map(|(id, times)| {
            let peak = peak_flow_pps(times);
            let width = building.and_then(|b| b.exits.iter().find(|x| &x.id == id));
            ExitFlow {
                id: id.clone(),
                curve: times.iter().zip(1..).map(|(&t, n)| (t, n)).collect(),
                peak_pps: peak,
                specific_ppsm: width.map(|x| peak / x.width_m.max(0.1)),
            }
        })
        .collect()
}
