//! The master scenario events list (MSEL): injects fire at their time, after another inject, or
//! when a condition on the simulation first holds, and apply their effect.

use super::clock::{DrillClock, tick_of};
use super::fire::FireState;
use super::flood::FloodState;
use super::hazards::HazardTimeline;
use super::log::EventLog;
use super::people::{People, PersonState};
use super::{DrillSetup, SimSet, SimTick};
use crate::journal::events::{EffectKind, SimEvent};
use crate::scenario::geometry::dist;
use crate::scenario::schema::{
    Condition, Effect, HazardEvent, Inject, Phase, Site, SiteRef, Trigger, WarningLevel,
};
use bevy::prelude::*;
use std::collections::BTreeSet;

/// What the injects have seen so far, and which have fired.
#[derive(Resource, Debug, Default)]
pub struct InjectState {
    pub fired: Vec<Option<u64>>,
    holds_since: Vec<Option<u64>>,
    phases: BTreeSet<Phase>,
    hazards: Vec<HazardEvent>,
    warning: Option<WarningLevel>,
    arrived_at: BTreeSet<String>,
    scanned: usize,
    not_simulated: BTreeSet<String>,
}

pub(super) fn plugin(app: &mut App) {
    let n = app.world().resource::<DrillSetup>().scenario.injects.len();
    app.insert_resource(InjectState {
        fired: vec![None; n],
        holds_since: vec![None; n],
        ..InjectState::default()
    });
    app.add_systems(SimTick, fire.in_set(SimSet::Injects));
}

impl InjectState {
    fn observe(&mut self, log: &EventLog) {
        for (_, e) in &log.entries[self.scanned..] {
            match e {
                SimEvent::PhaseChanged { phase } => {
                    self.phases.insert(*phase);
                }
                SimEvent::Hazard { event } => self.hazards.push(*event),
                SimEvent::WarningIssued { level, .. } => {
                    self.warning = self.warning.max(Some(*level));
                }
                SimEvent::Arrived { place, .. } => {
                    self.arrived_at.insert(place.clone());
                }
                SimEvent::DrillStarted { .. }
                | SimEvent::EvacuationCapacity { .. }
                | SimEvent::Aftershock { .. }
                | SimEvent::GroundMotion { .. }
                | SimEvent::InjectFired { .. }
                | SimEvent::Blocked { .. }
                | SimEvent::Cleared { .. }
                | SimEvent::NotSimulated { .. }
                | SimEvent::Action { .. }
                | SimEvent::HeadCount { .. }
                | SimEvent::Report { .. }
                | SimEvent::StartedMoving { .. }
                | SimEvent::PassedDoor { .. }
                | SimEvent::EnteredStair { .. }
                | SimEvent::TookLift { .. }
                | SimEvent::LeftBuilding { .. }
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
        self.scanned = log.entries.len();
    }

    /// Record once that something the scenario relies on is not simulated yet.
    fn not_simulated(&mut self, what: String, tick: u64, log: &mut EventLog) {
        if self.not_simulated.insert(what.clone()) {
            log.push(tick, SimEvent::NotSimulated { what });
        }
    }
}

fn holds(
    c: &Condition,
    state: &mut InjectState,
    people: &People,
    fire: Option<(&FireState, &Site)>,
    flood: Option<(&FloodState, &Site)>,
    tick: u64,
    log: &mut EventLog,
) -> bool {
    match c {
        Condition::PhaseBegins(p) => state.phases.contains(p),
        Condition::Hazard(h) => state.hazards.contains(h),
        Condition::WarningIssued(level) => state.warning.is_some_and(|w| w >= *level),
        Condition::EvacuatedFraction(f) => {
            let c = people.counts();
            c.occupants > 0
                && f64::from(c.out_of_building.max(c.at_destination)) >= f * f64::from(c.occupants)
        }
        Condition::FirstReaches(r) => first_reaches(r, state, people),
        Condition::GaugeLevel { gauge, level_m } => match flood {
            Some((f, _)) => f.gauge_level_m(gauge).is_some_and(|l| l >= *level_m),
            None => {
                state.not_simulated("an inject waiting on a water level".into(), tick, log);
                false
            }
        },
        Condition::WaterDepth { at, depth_m } => match flood {
            Some((f, Site::Terrain(t))) => f.depth_at_site(t, at) >= *depth_m,
            _ => {
                state.not_simulated("an inject waiting on a water level".into(), tick, log);
                false
            }
        },
        Condition::FireWithin { at, distance_m } => match fire {
            Some((f, Site::Terrain(t))) => {
                let now_min = tick as f32 / super::TICK_HZ as f32 / 60.0;
                f.arrival_within_site_min(t, at, *distance_m) <= now_min
            }
            _ => {
                state.not_simulated("an inject waiting on the fire front".into(), tick, log);
                false
            }
        },
    }
}

fn first_reaches(r: &SiteRef, state: &InjectState, people: &People) -> bool {
    let g = people.graph();
    match r {
        SiteRef::Door(id) | SiteRef::Stair(id) | SiteRef::Exit(id) => g
            .link(id)
            .is_some_and(|l| people.net.first_reached[l].is_some()),
        SiteRef::Lift(id) => g
            .lift_links(id)
            .iter()
            .any(|&l| people.net.first_reached[l].is_some()),
        SiteRef::Space(id) | SiteRef::AssemblyArea(id) => {
            state.arrived_at.contains(id)
                || g.node(id).is_some_and(|n| {
                    people
                        .net
                        .walkers
                        .iter()
                        .zip(&people.persons)
                        .any(|(w, p)| w.node == n && p.start_node != n)
                })
        }
        other => {
            if let SiteRef::Shelter(id) | SiteRef::House(id) | SiteRef::Place(id) = other
                && state.arrived_at.contains(id)
            {
                return true;
            }
            // A point on open ground: someone who did not start there comes within 5 m.
            people
                .target(other)
                .and_then(|t| t.goal.point)
                .is_some_and(|q| {
                    people
                        .net
                        .walkers
                        .iter()
                        .zip(&people.persons)
                        .any(|(w, p)| dist(w.pos, q) <= 5.0 && dist(p.start_pos, q) > 5.0)
                })
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn fire(
    setup: Res<DrillSetup>,
    clock: Res<DrillClock>,
    mut state: ResMut<InjectState>,
    mut log: ResMut<EventLog>,
    mut people: ResMut<People>,
    mut timeline: ResMut<HazardTimeline>,
    fire: Option<Res<FireState>>,
    flood: Option<Res<FloodState>>,
) {
    let tick = clock.tick;
    let injects = &setup.scenario.injects;
    // Fire in rounds: an inject `After` one that fires now with no delay fires in this tick too.
    loop {
        state.observe(&log);
        let mut any = false;
        for (i, inj) in injects.iter().enumerate() {
            if state.fired[i].is_some() {
                continue;
            }
            let due = match &inj.trigger {
                Trigger::At { time_s } => tick >= tick_of(*time_s),
                Trigger::After { inject, delay_s } => injects
                    .iter()
                    .position(|x| x.number == *inject)
                    .and_then(|j| state.fired[j])
                    .is_some_and(|t| tick >= t + tick_of(*delay_s)),
                Trigger::When { condition, delay_s } => {
                    if state.holds_since[i].is_none()
                        && holds(
                            condition,
                            &mut state,
                            &people,
                            fire.as_deref().map(|f| (f, &setup.scenario.site)),
                            flood.as_deref().map(|f| (f, &setup.scenario.site)),
                            tick,
                            &mut log,
                        )
                    {
                        state.holds_since[i] = Some(tick);
                    }
                    state.holds_since[i].is_some_and(|t| tick >= t + tick_of(*delay_s))
                }
            };
            if due {
                state.fired[i] = Some(tick);
                apply(inj, tick, &mut state, &mut log, &mut people, &mut timeline);
                any = true;
            }
        }
        if !any {
            break;
        }
    }
}

fn apply(
    inj: &Inject,
    tick: u64,
    state: &mut InjectState,
    log: &mut EventLog,
    people: &mut People,
    timeline: &mut HazardTimeline,
) {
    log.push(
        tick,
        SimEvent::InjectFired {
            number: inj.number,
            effect: EffectKind::of(&inj.effect),
            to: inj.to.clone(),
            channel: inj.channel,
            message: inj.message.clone(),
        },
    );
    match &inj.effect {
        Effect::Block(r) | Effect::Clear(r) => {
            let block = matches!(inj.effect, Effect::Block(_));
            let road = match r {
                SiteRef::Road(id) => people.net.set_road_blocked(id, block),
                _ => false,
            };
            let g = people.graph();
            let links = match r {
                SiteRef::Door(id) | SiteRef::Stair(id) | SiteRef::Exit(id) => {
                    g.link(id).into_iter().collect()
                }
                SiteRef::Lift(id) => g.lift_links(id),
                _ => Vec::new(),
            };
            if links.is_empty() && !road {
                state.not_simulated(
                    format!("blocking {r:?} (only doors, stairs, exits, lifts and roads block)"),
                    tick,
                    log,
                );
            }
            log.push(
                tick,
                if block {
                    SimEvent::Blocked {
                        what: r.clone(),
                        by: None,
                    }
                } else {
                    SimEvent::Cleared {
                        what: r.clone(),
                        by: None,
                    }
                },
            );
            for l in links {
                people.set_link_blocked(l, block, tick, log);
            }
        }
        Effect::Aftershock {
            intensity,
            duration_s,
        } => {
            timeline.add_aftershock(tick, *intensity, *duration_s);
            log.push(
                tick,
                SimEvent::Aftershock {
                    intensity: *intensity,
                    duration_s: *duration_s,
                },
            );
        }
        Effect::IssueWarning { signal, level } => log.push(
            tick,
            SimEvent::WarningIssued {
                signal: *signal,
                level: *level,
                by: None,
            },
        ),
        Effect::Injured { group, count } | Effect::Missing { group, count, .. } => {
            let Some(g) = people.groups.iter().position(|x| &x.id == group) else {
                return;
            };
            let (missing, hide) = match &inj.effect {
                Effect::Missing { at, .. } => (true, at.as_ref().and_then(|a| people.target(a))),
                _ => (false, None),
            };
            for p in people.pick_members(g, *count) {
                let who = people.persons[p].id.clone();
                let place = people.place_of(p);
                if let Some(to) = hide.clone() {
                    // Off alone to hide there: they stay behind once they arrive.
                    people.net.set_leader(p, None);
                    people.persons[p].started = true;
                    people.persons[p].hides = true;
                    log.push(tick, SimEvent::StartedMoving { who: who.clone() });
                    if !people.send(p, to, Vec::new()) {
                        people.persons[p].hides = false;
                        people.halt(p, PersonState::StayedBehind);
                        log.push(tick, SimEvent::StayedBehind { who, place });
                    }
                } else if missing {
                    people.halt(p, PersonState::StayedBehind);
                    log.push(tick, SimEvent::StayedBehind { who, place });
                } else {
                    people.halt(p, PersonState::Injured);
                    log.push(
                        tick,
                        SimEvent::Injured {
                            who,
                            cause: format!("inject {}", inj.number),
                            severity: None,
                            energy_j: None,
                            posture: None,
                        },
                    );
                }
            }
        }
        // The fire plugin (`sim::fire`) reads them from the journal and re-plans the fire.
        Effect::WindShift(_) | Effect::SpotFire { .. } => {}
        // The water's plugin (sim::flood) opens it.
        Effect::LeveeBreach(_) => {}
        Effect::PowerCut => state.not_simulated("power cut (lifts, lights)".into(), tick, log),
        Effect::Message | Effect::AllClear => {}
    }
}
