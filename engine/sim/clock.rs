//! The drill clock, its phases and its end.
//!
//! Time is an integer tick count at [`TICK_HZ`]; seconds are derived. Phases follow the drill:
//! briefing and normal activity at the start (a double-blind drill carries on normally until
//! its drawn start), the alarm at the first hazard milestone, warning or raised alarm, the
//! response at the first organised response (evacuation signal, warning, door-to-door, or the
//! first person moving off), the all-clear by inject or once everyone is accounted for, and
//! the debrief when the drill ends: at its time limit, or when everyone is accounted for.

use super::hazards::HazardTimeline;
use super::log::EventLog;
use super::participants::Participants;
use super::people::People;
use super::{DrillSetup, SimSet, SimTick, TICK_HZ};
pub use crate::journal::events::EndReason;
use crate::journal::events::{ActionName, EffectKind, SimEvent};
use crate::plan::Action;
use crate::scenario::schema::Phase;
use bevy::prelude::*;

/// The tick at or after a time in seconds (the occupants' kernel rounds the same way).
pub fn tick_of(seconds: f64) -> u64 {
    crate::crowd::behaviour::ticks(seconds, TICK_HZ)
}

/// Seconds the drill waits, once everyone is where they will stay, for the head-count reports.
pub const REPORT_GRACE_S: f64 = 300.0;

#[derive(Resource, Debug)]
pub struct DrillClock {
    /// The tick being simulated (the number of ticks completed before it).
    pub tick: u64,
    pub phase: Phase,
    pub ended: Option<EndReason>,
    /// Events before this index have been looked at for phase changes.
    scanned: usize,
    time_limit_tick: u64,
    settled_since: Option<u64>,
}

impl DrillClock {
    pub fn seconds(&self) -> f64 {
        self.tick as f64 / f64::from(TICK_HZ)
    }
}

pub(super) fn plugin(app: &mut App) {
    let setup = app.world().resource::<DrillSetup>();
    let limit = tick_of(setup.scenario.end.time_limit_s);
    app.insert_resource(DrillClock {
        tick: 0,
        phase: Phase::Briefing,
        ended: None,
        scanned: 0,
        time_limit_tick: limit,
        settled_since: None,
    });
    app.init_resource::<EventLog>();
    app.add_systems(
        SimTick,
        start
            .in_set(SimSet::Hazards)
            .before(super::hazards::HazardSystems),
    );
    app.add_systems(SimTick, (phases, end).chain().in_set(SimSet::Assess));
    app.add_systems(
        SimTick,
        advance.in_set(SimSet::Record).after(super::journal::write),
    );
}

/// Each house with people in it, its groups in population order.
fn households(setup: &DrillSetup, people: &People) -> Vec<crate::journal::events::Household> {
    let crate::scenario::schema::Site::Terrain(t) = &setup.scenario.site else {
        return Vec::new();
    };
    t.houses
        .iter()
        .map(|h| crate::journal::events::Household {
            house: h.id.clone(),
            vulnerable: h.vulnerable,
            groups: people
                .groups
                .iter()
                .filter(|g| g.start_house.as_deref() == Some(h.id.as_str()))
                .map(|g| g.id.clone())
                .collect(),
        })
        .filter(|h| !h.groups.is_empty())
        .collect()
}

pub(super) fn start(
    setup: Res<DrillSetup>,
    mut clock: ResMut<DrillClock>,
    mut log: ResMut<EventLog>,
    people: Res<People>,
    participants: Res<Participants>,
) {
    if clock.tick != 0 {
        return;
    }
    log.push(
        0,
        SimEvent::DrillStarted {
            scenario: setup.scenario.meta.id.clone(),
            drill: setup.scenario.meta.kind,
            tick_hz: TICK_HZ,
            occupants: people.counts().occupants,
            participants: participants.info(&people),
            households: households(&setup, &people),
        },
    );
    let starts: Vec<usize> = people.persons.iter().map(|p| p.start_node).collect();
    if let Some(b) = people.graph().flow_bound(&starts) {
        log.push(
            0,
            SimEvent::EvacuationCapacity {
                minimum_s: (b.minimum_s * 10.0).round() / 10.0,
                people: b.people,
                flow_pps: (b.flow_pps * 100.0).round() / 100.0,
                through: b.through,
            },
        );
    }
    for phase in [Phase::Briefing, Phase::NormalActivity] {
        log.push(0, SimEvent::PhaseChanged { phase });
    }
    clock.phase = Phase::NormalActivity;
}

fn alarm_event(e: &SimEvent) -> bool {
    matches!(
        e,
        SimEvent::Hazard { .. } | SimEvent::WarningIssued { .. } | SimEvent::Aftershock { .. }
    ) || matches!(
        e,
        SimEvent::Action {
            action: ActionName::Plan(Action::RaiseAlarm),
            ..
        }
    )
}

fn response_event(e: &SimEvent) -> bool {
    use Action::*;
    match e {
        SimEvent::StartedMoving { .. } => true,
        SimEvent::Action {
            action: ActionName::Plan(a),
            ..
        } => matches!(
            a,
            SignalEvacuation
                | GuideGroup
                | DoorToDoor
                | MoveHousehold
                | Broadcast
                | IssueWarning
                | Call119
                | Call12119
                | CallCommandPost
                | Scout
                | AnchorLine
                | Attack
        ),
        SimEvent::Action { .. }
        | SimEvent::DrillStarted { .. }
        | SimEvent::PhaseChanged { .. }
        | SimEvent::EvacuationCapacity { .. }
        | SimEvent::Hazard { .. }
        | SimEvent::Aftershock { .. }
        | SimEvent::GroundMotion { .. }
        | SimEvent::WarningIssued { .. }
        | SimEvent::InjectFired { .. }
        | SimEvent::Blocked { .. }
        | SimEvent::Cleared { .. }
        | SimEvent::NotSimulated { .. }
        | SimEvent::HeadCount { .. }
        | SimEvent::Report { .. }
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
        | SimEvent::Stranded { .. }
        | SimEvent::DrillEnded { .. }
        | SimEvent::Revealed { .. } => false,
    }
}

fn phases(mut clock: ResMut<DrillClock>, mut log: ResMut<EventLog>) {
    let tick = clock.tick;
    let mut changes = Vec::new();
    let mut phase = clock.phase;
    for (_, e) in &log.entries[clock.scanned..] {
        let next = if let SimEvent::InjectFired {
            effect: EffectKind::AllClear,
            ..
        } = e
        {
            Some(Phase::AllClear)
        } else if response_event(e) && phase >= Phase::Alarm {
            Some(Phase::Response)
        } else if alarm_event(e) {
            Some(Phase::Alarm)
        } else {
            None
        };
        if let Some(p) = next
            && p > phase
        {
            phase = p;
            changes.push(p);
        }
    }
    clock.phase = phase;
    for p in changes {
        log.push(tick, SimEvent::PhaseChanged { phase: p });
    }
    clock.scanned = log.entries.len();
}

fn end(
    setup: Res<DrillSetup>,
    mut clock: ResMut<DrillClock>,
    mut log: ResMut<EventLog>,
    people: Res<People>,
    participants: Res<Participants>,
    timeline: Res<HazardTimeline>,
) {
    let tick = clock.tick;
    // Nothing is over before the hazard has run its course (a lone person at home is "settled"
    // before the quake).
    let settled = people.all_settled() && timeline.all_happened();
    if settled {
        clock.settled_since.get_or_insert(tick);
    } else {
        clock.settled_since = None;
    }
    let reported = participants.reports_done();
    let grace_over = clock
        .settled_since
        .is_some_and(|t| tick >= t + tick_of(REPORT_GRACE_S));
    let reason = if setup.scenario.end.when_all_accounted_for && settled && (reported || grace_over)
    {
        // "All accounted for" only when everyone is; settled with someone missing or cut off
        // ends the drill too, and says so.
        Some(if people.counts().everyone_accounted_for() {
            EndReason::AllAccountedFor
        } else {
            EndReason::AllSettled
        })
    } else if tick >= clock.time_limit_tick {
        Some(EndReason::TimeLimit)
    } else {
        None
    };
    let Some(reason) = reason else { return };
    for p in [Phase::AllClear, Phase::Debrief] {
        if clock.phase < p {
            clock.phase = p;
            log.push(tick, SimEvent::PhaseChanged { phase: p });
        }
    }
    let c = people.counts();
    log.push(
        tick,
        SimEvent::DrillEnded {
            reason: reason.clone(),
            accounted_for: c.accounted_for,
            people: c.people,
        },
    );
    if let Some(b) = &setup.blind {
        log.push(
            tick,
            SimEvent::Revealed {
                seed: setup.seed.0,
                variant: b.variant.clone(),
                commitment: b.commitment.clone(),
            },
        );
    }
    clock.scanned = log.entries.len();
    clock.ended = Some(reason);
}

fn advance(mut clock: ResMut<DrillClock>) {
    if clock.ended.is_none() {
        clock.tick += 1;
    }
}
