//! Journal → facts: what the report's pages and the debrief say about a drill, read from its
//! events once, as plain data. The evaluator (`plan::evaluate`) judges the plan's steps; this
//! reads what the pages show beside that judgement — who was hurt, when the shaking was, how
//! people flowed through the site, the timeline's key moments, the fire's map — so that no page
//! interprets raw events itself.

mod fire;
mod flood;
mod flows;
mod moments;

pub use fire::{FireMap, FireStart, Isochrone, Reached, fire_map};
pub use flood::{FloodRecord, FloodSnapshot, HouseRecord, flood_record};
pub use flows::{
    ExitFlow, FLOW_WINDOW_S, Flow, SiteUse, exit_flows, peak_flow_pps, site_use, specific_flow_ppsm,
};
pub use moments::{Lane, Moment, moments};

use crate::journal::events::{ActionName, EndReason, Harm, ParticipantInfo, SimEvent};
use crate::plan::evaluate::{Evidence, TaskResult};
use crate::plan::{Action, HazardEvent, Plan, Requirement};
use crate::scenario::blind::Variant;
use crate::scenario::schema::Intensity;

/// Drill seconds of a tick.
fn seconds(tick: u64, tick_hz: u32) -> f64 {
    tick as f64 / f64::from(tick_hz.max(1))
}

/// The facts of a drill the report's glance, overview, timeline and evacuation sections show.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facts {
    /// The last event's time: where the journal ends.
    pub end_s: f64,
    /// How the drill ended, with how many of how many people were accounted for.
    pub end: Option<(EndReason, u32, u32)>,
    pub occupants: u32,
    pub participants: Vec<ParticipantInfo>,
    /// Distinct people hurt, and how many of them seriously.
    pub hurt: u32,
    pub serious: u32,
    /// Of them, killed.
    pub killed: u32,
    /// The first evacuation signal.
    pub signal_s: Option<f64>,
    /// [start, stop] of each shaking; one still going at the end stops there.
    pub shaking: Vec<(f64, f64)>,
    /// The first shock's intensity and peak ground acceleration (m/s²).
    pub ground: Option<(Intensity, f64)>,
    /// A double-blind drill's variant, once revealed.
    pub revealed: Option<Variant>,
}

impl Facts {
    pub fn of(events: &[(u64, SimEvent)], tick_hz: u32) -> Facts {
        let mut f = Facts::default();
        let mut shake_from = None;
        for (t, e) in events {
            let t = seconds(*t, tick_hz);
            f.end_s = f.end_s.max(t);
            match e {
                SimEvent::DrillStarted {
                    occupants,
                    participants,
                    ..
                } => {
                    f.occupants = *occupants;
                    f.participants = participants.clone();
                }
                SimEvent::DrillEnded {
                    reason,
                    accounted_for,
                    people,
                } => f.end = Some((reason.clone(), *accounted_for, *people)),
                SimEvent::Action {
                    action: ActionName::Plan(Action::SignalEvacuation),
                    ..
                } => {
                    f.signal_s.get_or_insert(t);
                }
                SimEvent::Hazard { event } => match event {
                    HazardEvent::ShakingStarts => {
                        shake_from.get_or_insert(t);
                    }
                    HazardEvent::ShakingStops => {
                        if let Some(a) = shake_from.take() {
                            f.shaking.push((a, t));
                        }
                    }
                    HazardEvent::EarlyWarning
                    | HazardEvent::FireReported
                    | HazardEvent::FireWithinReach
                    | HazardEvent::WaterRising => {}
                },
                SimEvent::GroundMotion {
                    intensity,
                    pga_mps2,
                    ..
                } => {
                    f.ground.get_or_insert((*intensity, *pga_mps2));
                }
                SimEvent::Revealed { variant, .. } => f.revealed = Some(variant.clone()),
                SimEvent::Action { .. }
                | SimEvent::PhaseChanged { .. }
                | SimEvent::EvacuationCapacity { .. }
                | SimEvent::Aftershock { .. }
                | SimEvent::WarningIssued { .. }
                | SimEvent::InjectFired { .. }
                | SimEvent::Blocked { .. }
                | SimEvent::Cleared { .. }
                | SimEvent::NotSimulated { .. }
                | SimEvent::HeadCount { .. }
                | SimEvent::Report { .. }
                | SimEvent::StartedMoving { .. }
                | SimEvent::PassedDoor { .. }
                | SimEvent::EnteredStair { .. }
                | SimEvent::TookLift { .. }
                | SimEvent::LeftBuilding { .. }
                | SimEvent::Arrived { .. }
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
                | SimEvent::Stranded { .. } => {}
            }
        }
        if let Some(a) = shake_from {
            f.shaking.push((a, f.end_s));
        }
        let h = hurt(events);
        f.hurt = h.people;
        f.serious = h.serious;
        f.killed = h.killed;
        f
    }
}

/// How many people were hurt.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Hurt {
    /// Distinct people hurt, however badly.
    pub people: u32,
    /// Of them, those hurt seriously (unable to walk out).
    pub serious: u32,
    /// Of them, those killed (a fire's fatal burn dose).
    pub killed: u32,
}

/// The distinct people hurt, and how many of them seriously.
pub fn hurt(events: &[(u64, SimEvent)]) -> Hurt {
    let mut hurt: Vec<&str> = Vec::new();
    let mut serious: Vec<&str> = Vec::new();
    let mut killed: Vec<&str> = Vec::new();
    for (_, e) in events {
        let SimEvent::Injured { who, severity, .. } = e else {
            continue;
        };
        if !hurt.contains(&who.as_str()) {
            hurt.push(who);
        }
        if *severity == Some(Harm::Serious) && !serious.contains(&who.as_str()) {
            serious.push(who);
        }
        if *severity == Some(Harm::Fatal) && !killed.contains(&who.as_str()) {
            killed.push(who);
        }
    }
    Hurt {
        people: hurt.len() as u32,
        serious: serious.len() as u32,
        killed: killed.len() as u32,
    }
}

/// The evacuation's time target: a plan step "everyone reaches … within `deadline_s`".
#[derive(Clone, Debug, PartialEq)]
pub struct EvacuationTarget {
    pub step: String,
    /// When the step started (the earliest of its tasks), drill seconds.
    pub start_s: f64,
    pub deadline_s: f64,
}

/// The first plan step that sets the evacuation's time target and was started.
pub fn evacuation_target(plan: &Plan, tasks: &[TaskResult]) -> Option<EvacuationTarget> {
    plan.steps.iter().find_map(|s| {
        let d = s.deadline_s?;
        if !matches!(s.requires, Requirement::AllReach(_)) {
            return None;
        }
        let start = tasks
            .iter()
            .filter(|t| t.id == s.id)
            .filter_map(|t| t.started_s)
            .reduce(f64::min)?;
        Some(EvacuationTarget {
            step: s.id.clone(),
            start_s: start,
            deadline_s: d,
        })
    })
}

/// What one participant did, from the evidence of their judged tasks: in time order, each line
/// once where the same line follows itself.
pub fn evidence_of<'a>(tasks: &'a [TaskResult], participant: &str) -> Vec<&'a Evidence> {
    let mut ev: Vec<&Evidence> = tasks
        .iter()
        .filter(|t| t.participant == participant)
        .flat_map(|t| t.evidence.iter())
        .collect();
    ev.sort_by(|a, b| a.t_s.total_cmp(&b.t_s));
    ev.dedup_by(|a, b| a.text() == b.text());
    ev
}

#[cfg(test)]
mod tests;
