//! Bots: policies that drive participants when no person does, so plans and scoring can be
//! tested without people.
//!
//! - `FollowPlan` does what the plan asks of its role, on time: each step applying to it (its
//!   role, or everyone) starts when the step's start happens and the steps listed in `after`
//!   are done; it then performs the requirement (an action, holding cover, reaching a kind of
//!   place, guiding its group until all are out, counting and reporting).
//! - `Late` does the same, each step 60 s after it became due.
//! - `Panic` runs for the nearest refuge at the alarm (in an earthquake: through the shaking,
//!   without taking cover, ignoring its route and its group), then carries on with the plan
//!   from where it is.
//! - `RuleBreaker` follows the plan but takes the lift where there is one, goes back for its
//!   belongings once it reached safety, and skips the head count and the report; on a fire it
//!   attacks as soon as the fire is reported, before anyone has scouted it, without an anchor:
//!   straight at the head.
//!
//! All but `Panic` drop, cover and hold on where an aftershock catches them walking, and walk
//! on when it is over (就近避险; the shipped plans forbid walking while the ground shakes).
//!
//! A step `Step(x)` starts when `x` is done: by the same participant if `x` is theirs, else
//! when everyone responsible for `x` has done it — or, once every occupant is settled, 120 s
//! after the first did, so one missing report does not hold the whole chain.

use super::clock::{DrillClock, tick_of};
use super::log::EventLog;
use super::participants::{Input, Participants, PendingInputs};
use super::people::{People, PersonState, Target};
use super::{DrillSetup, SimSet, SimTick};
use crate::journal::events::Driver;
use crate::journal::events::{PlaceKind, SimEvent};
use crate::plan::progress::{Doers, Observed, applies};
use crate::plan::{Action, Destination, PlanStep, Requirement};
use crate::scenario::schema::{BotPolicy, HazardEvent, Phase, Recipients, SiteRef};
use bevy::prelude::*;
use rand::Rng;
use std::collections::BTreeMap;

/// The delay of the `Late` policy.
pub const LATE_S: f64 = 60.0;

/// How long a bot walking when an aftershock starts takes to get down.
pub(super) const AFTERSHOCK_REACTION_S: f64 = 1.0;

/// What bots have seen of the drill (public events only).
#[derive(Debug, Default)]
pub struct Seen {
    pub obs: Observed,
    /// Aftershocks [from, to) in ticks.
    aftershocks: Vec<(u64, u64)>,
    /// The wind now (m/s as the scenario states it), once the fire has started.
    wind_mps: Option<f64>,
    scanned: usize,
}

impl Seen {
    pub fn observe(&mut self, log: &EventLog) {
        for (t, e) in &log.entries[self.scanned..] {
            let o = &mut self.obs;
            match e {
                SimEvent::PhaseChanged { phase } => {
                    o.phases.entry(*phase).or_insert(*t);
                }
                SimEvent::Hazard { event } => o.hazards.push((*event, *t)),
                SimEvent::InjectFired { number, to, .. } => {
                    o.injects.entry(*number).or_insert(*t);
                    o.inject_to.entry(*number).or_insert_with(|| to.clone());
                }
                SimEvent::WarningIssued { level, .. } => o.warnings.push((*level, *t)),
                SimEvent::WindChanged { speed_mps, .. } => self.wind_mps = Some(*speed_mps),
                SimEvent::Aftershock { duration_s, .. } => {
                    self.aftershocks.push((*t, *t + tick_of(*duration_s)));
                }
                SimEvent::DrillStarted { .. }
                | SimEvent::EvacuationCapacity { .. }
                | SimEvent::GroundMotion { .. }
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
}

/// Per bot: which steps it has done, and what it is in the middle of.
#[derive(Debug, Clone)]
struct BotMind {
    done: BTreeMap<String, u64>,
    /// When each step is acted on: its start plus a reaction time (and the Late delay).
    due: BTreeMap<String, u64>,
    rng: rand_chacha::ChaCha20Rng,
    panicked: bool,
    went_back: bool,
    /// A movement under way for a step: the place it goes to.
    heading: BTreeMap<String, String>,
    /// Door-to-door steps: how many houses each has visited.
    houses_done: BTreeMap<String, usize>,
    /// When they first stood at a refuge.
    safe_since: Option<u64>,
    /// Households moved (`MoveHousehold`): (house, tick).
    houses_moved: Vec<(String, u64)>,
    /// A step is walking somewhere: other steps wait (one movement at a time).
    busy: bool,
    /// Down in cover where the aftershock caught them walking: where they were going.
    sheltering: Option<Target>,
}

#[derive(Resource, Debug, Default)]
pub struct Bots {
    seen: Seen,
    minds: Vec<BotMind>,
}

pub(super) fn plugin(app: &mut App) {
    let seed = app.world().resource::<DrillSetup>().seed;
    let minds = app
        .world()
        .resource::<Participants>()
        .list
        .iter()
        .map(|p| BotMind {
            done: BTreeMap::new(),
            due: BTreeMap::new(),
            rng: seed.stream(&format!("bot:{}", p.id)),
            panicked: false,
            went_back: false,
            houses_moved: Vec::new(),
            safe_since: None,
            heading: BTreeMap::new(),
            houses_done: BTreeMap::new(),
            busy: false,
            sheltering: None,
        })
        .collect();
    app.insert_resource(Bots {
        seen: Seen {
            obs: Observed {
                tick_hz: super::TICK_HZ,
                ..Observed::default()
            },
            aftershocks: Vec::new(),
            wind_mps: None,
            scanned: 0,
        },
        minds,
    });
    app.add_systems(SimTick, decide.in_set(SimSet::Decide));
}

#[allow(clippy::too_many_arguments)]
fn decide(
    setup: Res<DrillSetup>,
    clock: Res<DrillClock>,
    log: Res<EventLog>,
    parts: Res<Participants>,
    people: Res<People>,
    mut bots: ResMut<Bots>,
    mut pending: ResMut<PendingInputs>,
) {
    if clock.ended.is_some() {
        return;
    }
    let tick = clock.tick;
    let bots = &mut *bots;
    bots.seen.observe(&log);
    if bots.seen.obs.settled.is_none() && people.occupants_settled() {
        bots.seen.obs.settled = Some(tick);
    }
    let Some(plan) = &setup.plan else { return };
    let alarm = bots.seen.obs.phases.get(&Phase::Alarm).copied();
    let roles: Vec<String> = parts.list.iter().map(|p| p.role.clone()).collect();
    let ids: Vec<String> = parts.list.iter().map(|p| p.id.clone()).collect();
    // The plan's 四不打 weather and time limits, as a crew would read them now.
    let hold_attack = plan.fire_limits.as_ref().is_some_and(|l| {
        let windy = bots.seen.wind_mps.is_some_and(|w| w >= l.high_wind_mps);
        let clock = setup
            .scenario
            .meta
            .start_clock
            .as_deref()
            .and_then(crate::plan::clock_minutes)
            .map(|c| c + tick as f64 / f64::from(super::TICK_HZ) / 60.0);
        let night = clock.and_then(|c| l.is_night(c)).unwrap_or(false);
        windy || night
    });
    for i in 0..parts.list.len() {
        let Driver::Bot(policy) = parts.list[i].driver else {
            continue;
        };
        let me = parts.list[i].person;
        let mut out = Vec::new();
        // Panic: at the alarm (a quake's warning or first shaking), run for safety.
        if policy == BotPolicy::Panic && !bots.minds[i].panicked && alarm.is_some() {
            bots.minds[i].panicked = true;
            if let Some(t) = people.nearest_refuge(me, PlaceKind::Shelter) {
                out.push(Input::MoveTo(place_ref(&t)));
            }
        }
        // An aftershock: whoever follows the plan and is walking drops, covers and holds on
        // where they are (a second to react), and walks on once it is over.
        if policy != BotPolicy::Panic {
            let shock = bots
                .seen
                .aftershocks
                .iter()
                .find(|&&(a, b)| tick >= a && tick < b);
            let mind = &mut bots.minds[i];
            let person = &people.persons[me];
            // Nobody sets off while it shakes.
            if let Some(&(a, _)) = shock {
                if tick >= a + tick_of(AFTERSHOCK_REACTION_S)
                    && person.state == PersonState::Moving
                    && let Some(t) = person.target.clone()
                {
                    mind.sheltering = Some(t);
                    out.push(Input::Act {
                        action: Action::TakeCover,
                        target: None,
                    });
                }
                pending.0.extend(out.into_iter().map(|x| (i, x)));
                continue;
            }
            if let Some(t) = mind.sheltering.take() {
                out.push(Input::StandUp);
                out.push(Input::MoveTo(place_ref(&t)));
                pending.0.extend(out.into_iter().map(|x| (i, x)));
                continue;
            }
        }
        // In the middle of a sweep, a carry or forcing a door: nothing else until it is done.
        let st = &parts.list[i];
        if st.sweep.is_some()
            || st.carrying.is_some()
            || st.forcing.is_some()
            || st.leading.is_some()
        {
            pending.0.extend(out.into_iter().map(|x| (i, x)));
            continue;
        }
        let running = policy == BotPolicy::Panic
            && people.persons[me].state == PersonState::Moving
            && bots.minds[i].panicked;
        if !running {
            bots.minds[i].busy = false;
            for step in &plan.steps {
                if !applies(step, &parts.list[i].role) || bots.minds[i].done.contains_key(&step.id)
                {
                    continue;
                }
                // The rule-breaker skips the counts, and on a fire the anchor: it goes
                // straight for the head.
                if policy == BotPolicy::RuleBreaker
                    && matches!(
                        step.requires,
                        Requirement::ReportCount
                            | Requirement::Act(Action::CountHeads | Action::AnchorLine)
                    )
                {
                    continue;
                }
                let doers = Doers {
                    roles: &roles,
                    ids: &ids,
                    done: |j: usize, id: &str| bots.minds[j].done.get(id).copied(),
                };
                // The rule-breaker attacks as soon as the fire is reported: no scouting, no
                // anchor, no lookout (三先 and LCES broken at once).
                let rash = policy == BotPolicy::RuleBreaker
                    && step.requires == Requirement::Act(Action::Attack);
                let reported = bots
                    .seen
                    .obs
                    .hazards
                    .iter()
                    .find(|(h, _)| *h == HazardEvent::FireReported)
                    .map(|&(_, t)| t);
                let start = if rash {
                    reported
                } else {
                    doers.start(&step.starts, i, &plan.steps, &bots.seen.obs)
                };
                let Some(start) = start else {
                    continue;
                };
                if tick < start
                    || !rash
                        && !step.after.iter().all(|a| {
                            doers
                                .step_done(a, i, &plan.steps, &bots.seen.obs)
                                .is_some_and(|t| t <= tick)
                        })
                {
                    continue;
                }
                // A person needs a moment to react: 0.5–2.5 s, drawn per bot and step; the Late
                // policy adds a minute.
                let mind = &mut bots.minds[i];
                let due = match mind.due.get(&step.id) {
                    Some(&d) => d,
                    None => {
                        let react_s = 0.5 + 2.0 * mind.rng.random::<f64>();
                        let late_s = if policy == BotPolicy::Late {
                            LATE_S
                        } else {
                            0.0
                        };
                        let d = tick + tick_of(react_s + late_s);
                        mind.due.insert(step.id.clone(), d);
                        d
                    }
                };
                if tick < due {
                    continue;
                }
                let done = perform(
                    step,
                    start,
                    i,
                    tick,
                    policy,
                    hold_attack,
                    &parts,
                    &people,
                    &mut bots.minds[i],
                    &mut out,
                );
                if done {
                    bots.minds[i].done.insert(step.id.clone(), tick);
                }
                // One step at a time: the next waits for the next tick, as a person's would.
                if !out.is_empty() || bots.minds[i].busy {
                    break;
                }
            }
        }
        // Rule-breaker: back for belongings once safe — on terrain, a cadre takes a household
        // home when word meant for them (their role, or them by name; not a broadcast to all)
        // reaches them at the shelter: a villager asking to go home.
        let safe = people.persons[me].at_refuge();
        if safe && bots.minds[i].safe_since.is_none() {
            bots.minds[i].safe_since = Some(tick);
        }
        let asked = bots.minds[i].safe_since.is_some_and(|since| {
            let st = &parts.list[i];
            let obs = &bots.seen.obs;
            obs.injects.iter().any(|(n, &t)| {
                let to_them = !matches!(obs.inject_to.get(n), None | Some(Recipients::Everyone));
                t >= since && to_them && obs.inject_reached(*n, &st.role, &st.id)
            })
        });
        let home_elsewhere = if parts.list[i].houses.is_empty() {
            people.persons[me].start_node != people.net.walkers[me].node
        } else {
            asked
        };
        if policy == BotPolicy::RuleBreaker && !bots.minds[i].went_back && safe && home_elsewhere {
            bots.minds[i].went_back = true;
            out.push(Input::GoBack);
        }
        pending.0.extend(out.into_iter().map(|x| (i, x)));
    }
}

/// The site reference of a place to go to (what `Input::MoveTo` takes).
pub(crate) fn place_ref(t: &Target) -> SiteRef {
    match t.kind {
        PlaceKind::AssemblyArea => SiteRef::AssemblyArea(t.place.clone()),
        PlaceKind::Shelter | PlaceKind::SafetyZone | PlaceKind::HighGround => {
            SiteRef::Shelter(t.place.clone())
        }
        PlaceKind::House => SiteRef::House(t.place.clone()),
        PlaceKind::Place => SiteRef::Place(t.place.clone()),
        PlaceKind::Space | PlaceKind::Stairwell => SiteRef::Space(t.place.clone()),
        PlaceKind::OpenGround => match t.goal.point {
            Some((x, y)) => SiteRef::Point(x, y),
            None => SiteRef::Space(t.place.clone()),
        },
    }
}

/// Where a participant goes for "reach a place of this kind".
fn destination_for(
    d: Destination,
    i: usize,
    parts: &Participants,
    people: &People,
) -> Option<Target> {
    let st = &parts.list[i];
    let me = st.person;
    let kind = d.place_kind();
    if let Some(a) = st.areas.first()
        && let Some(t) = people
            .target(&SiteRef::AssemblyArea(a.clone()))
            .or_else(|| people.target(&SiteRef::Shelter(a.clone())))
    {
        return Some(t);
    }
    if let Some(&g) = st.groups.first() {
        let t = people.groups[g].destination.clone();
        if t.kind == kind || d == Destination::OutOfBuilding {
            return Some(t);
        }
    }
    people.nearest_refuge(me, kind)
}

/// Do (or go on doing) a step; `true` once it is done.
#[allow(clippy::too_many_arguments)]
fn perform(
    step: &PlanStep,
    start: u64,
    i: usize,
    tick: u64,
    policy: BotPolicy,
    hold_attack: bool,
    parts: &Participants,
    people: &People,
    mind: &mut BotMind,
    out: &mut Vec<Input>,
) -> bool {
    let st = &parts.list[i];
    let me = st.person;
    let act = |action: Action, target: Option<String>| Input::Act { action, target };
    match &step.requires {
        Requirement::Act(a) => {
            match a {
                Action::GuideGroup => {
                    if policy == BotPolicy::RuleBreaker && people.graph().has_lift() {
                        out.push(Input::UseLift);
                    }
                    for &g in &st.groups {
                        out.push(act(Action::GuideGroup, Some(people.groups[g].id.clone())));
                    }
                    if st.groups.is_empty() {
                        out.push(act(Action::GuideGroup, None));
                    }
                }
                Action::CountHeads if !st.groups.is_empty() => {
                    // A teacher counts once the class has gathered: everyone is at the
                    // assembly area or known to be missing, injured or cut off.
                    let gathered = st.groups.iter().all(|&g| {
                        people.groups[g].members.iter().all(|&m| {
                            !matches!(
                                people.persons[m].state,
                                PersonState::Moving | PersonState::Waiting | PersonState::Cover
                            )
                        })
                    });
                    if !gathered {
                        return false;
                    }
                    out.push(act(Action::CountHeads, None));
                }
                Action::PostAtLanding => {
                    out.push(act(Action::PostAtLanding, st.stairs.first().cloned()));
                }
                Action::Scout => {
                    // Out to see the fire; done once it is in view (`sim::fire`), so the steps
                    // that wait for the scouting wait for the sight of the fire.
                    if st.scouted {
                        return true;
                    }
                    if !mind.heading.contains_key(&step.id) {
                        mind.heading.insert(step.id.clone(), String::new());
                        out.push(act(Action::Scout, None));
                    }
                    return false;
                }
                Action::PostLookout | Action::AnchorLine | Action::Attack => {
                    // Done once at the post, at the anchor, at the fire (`sim::crew`). The plan's
                    // 四不打 limits hold the attack back (气象不利先等待) — except for the
                    // rule-breaker.
                    if st.fire_duty_done.contains(a) {
                        return true;
                    }
                    let held =
                        *a == Action::Attack && hold_attack && policy != BotPolicy::RuleBreaker;
                    if !held && !mind.heading.contains_key(&step.id) {
                        mind.heading.insert(step.id.clone(), String::new());
                        out.push(act(*a, None));
                    }
                    return false;
                }
                Action::SweepRooms => {
                    // Started once; done once the sweep is over (`decide` leaves a bot to a
                    // sweep, a carry or a forcing under way).
                    if mind.heading.contains_key(&step.id) {
                        return true;
                    }
                    mind.heading.insert(step.id.clone(), String::new());
                    mind.busy = true;
                    out.push(act(Action::SweepRooms, None));
                    return false;
                }
                Action::CarryInfant => {
                    // Trip after trip until no infant of one's groups waits inside.
                    if !super::carry::infant_to_fetch(i, parts, people) {
                        return true;
                    }
                    mind.busy = true;
                    out.push(act(Action::CarryInfant, None));
                    return false;
                }
                Action::LeadByHand => {
                    // Once; done when the children let go at the destination (`decide` leaves
                    // a bot to a hand-led walk under way).
                    if mind.heading.contains_key(&step.id) {
                        return true;
                    }
                    mind.heading.insert(step.id.clone(), String::new());
                    mind.busy = true;
                    out.push(act(Action::LeadByHand, None));
                    return false;
                }
                Action::ForceDoor => {
                    // To the near side of the jammed door, then at it until it gives.
                    if mind.heading.get(&step.id).is_some_and(String::is_empty) {
                        return true;
                    }
                    if people.jammed_door(me, None).is_some() {
                        mind.heading.insert(step.id.clone(), String::new());
                        mind.busy = true;
                        out.push(act(Action::ForceDoor, None));
                        return false;
                    }
                    let Some(side) = people.jammed_door_side(me) else {
                        // Nothing left to force: someone else cleared it.
                        return true;
                    };
                    let person = &people.persons[me];
                    if mind.heading.get(&step.id) != Some(&side) {
                        mind.heading.insert(step.id.clone(), side.clone());
                        out.push(Input::MoveTo(SiteRef::Space(side)));
                    } else if person.state != PersonState::Moving {
                        // Arrived (or stopped short): look again next tick.
                        mind.heading.remove(&step.id);
                    }
                    mind.busy = true;
                    return false;
                }
                Action::OpenDoor | Action::CloseDoor => {
                    out.push(act(*a, Some(people.place_of(me))));
                }
                Action::TakeCover => {
                    if people.persons[me].state != PersonState::Cover {
                        out.push(act(Action::TakeCover, None));
                    } else {
                        return true;
                    }
                }
                Action::DoorToDoor | Action::MoveHousehold => {
                    // Visit every house one is answerable for, in order; knock at each.
                    let houses = &st.houses;
                    let mut targets: Vec<String> = if houses.is_empty() {
                        st.groups
                            .iter()
                            .map(|&g| people.groups[g].id.clone())
                            .collect()
                    } else {
                        houses.clone()
                    };
                    // 危险户先转: the plan's bots go to the vulnerable households first (a
                    // stable sort keeps the list's order within each); the panicking and the
                    // rule-breaking go down the list as it comes.
                    if matches!(policy, BotPolicy::FollowPlan | BotPolicy::Late) {
                        targets.sort_by_key(|h| !st.vulnerable_houses.contains(h));
                    }
                    // A step started by an inject about one household (a resident who will
                    // not leave) is done at that household: by a round under way that reaches
                    // it, else on purpose once the rounds are done.
                    if let Some(h) = inject_household(step, people, parts, i) {
                        if mind
                            .houses_moved
                            .iter()
                            .any(|(x, t)| x == &h && *t >= start)
                        {
                            return true;
                        }
                        let touring = mind
                            .houses_done
                            .iter()
                            .any(|(s, n)| s != &step.id && *n < targets.len());
                        if touring {
                            return false;
                        }
                        targets = vec![h];
                    }
                    let done = mind.houses_done.entry(step.id.clone()).or_insert(0);
                    if *done >= targets.len() {
                        return true;
                    }
                    let h = targets[*done].clone();
                    let here = people.persons[me].at.as_ref().map(|t| t.place.clone());
                    if houses.is_empty() || here.as_deref() == Some(h.as_str()) {
                        if *a == Action::MoveHousehold {
                            mind.houses_moved.push((h.clone(), tick));
                        }
                        out.push(act(*a, Some(h)));
                        *done += 1;
                        let finished = *done >= targets.len();
                        mind.heading.remove(&step.id);
                        return finished;
                    }
                    let person = &people.persons[me];
                    let going = person.state == PersonState::Moving
                        && person.target.as_ref().is_some_and(|t| t.place == h);
                    // Not on the way (sent elsewhere by another step): set off again.
                    let diverted = !going
                        && person.state != PersonState::Stranded
                        && here.as_deref() != Some(h.as_str());
                    if mind.heading.get(&step.id) != Some(&h) || diverted {
                        mind.heading.insert(step.id.clone(), h.clone());
                        out.push(Input::MoveTo(SiteRef::House(h)));
                    } else if people.persons[me].state == PersonState::Stranded {
                        *mind.houses_done.entry(step.id.clone()).or_insert(0) += 1;
                    }
                    return false;
                }
                other => out.push(act(*other, None)),
            }
            true
        }
        Requirement::Hold { action, duration_s } => {
            if *action == Action::TakeCover && people.persons[st.person].state != PersonState::Cover
            {
                out.push(act(Action::TakeCover, None));
                return false;
            }
            tick >= start.max(st.posture_since) + tick_of(*duration_s)
        }
        Requirement::Reach(d) | Requirement::AllReach(d) => {
            let all = matches!(step.requires, Requirement::AllReach(_));
            let mut all_in = true;
            if all && !st.groups.is_empty() {
                // Guiding or moving the group is how a leader gets everyone there; once all
                // are there (or known missing, hurt or cut off) the leader goes too.
                let done_with = |m: usize| {
                    let p = &people.persons[m];
                    (*d == Destination::OutOfBuilding && p.outside)
                        || !matches!(
                            p.state,
                            PersonState::Moving | PersonState::Waiting | PersonState::Cover
                        )
                };
                let every = |f: &dyn Fn(usize) -> bool| {
                    st.groups
                        .iter()
                        .all(|&g| people.groups[g].members.iter().all(|&m| f(m)))
                };
                all_in = every(&done_with);
                // 一对一: a cadre answerable for households walks out behind the last of them
                // to leave home, and is done once all are in.
                let all_left = !st.houses.is_empty()
                    && every(&|m| people.persons[m].state != PersonState::Waiting);
                if !all_in && !all_left {
                    return false;
                }
            }
            let Some(t) = destination_for(*d, i, parts, people) else {
                return true;
            };
            let person = &people.persons[me];
            let there = person.state != PersonState::Moving
                && person.at.as_ref().is_some_and(|a| a.place == t.place);
            if there {
                return all_in;
            }
            // A stair guide holds the landing until the building is clear or time runs short.
            if !st.stairs.is_empty() && !mind.heading.contains_key(&step.id) {
                let clear = people.persons.iter().all(|p| {
                    p.participant.is_some()
                        || p.outside
                        || matches!(
                            p.state,
                            PersonState::StayedBehind
                                | PersonState::Injured
                                | PersonState::Stranded
                        )
                });
                let deadline = step
                    .deadline_s
                    .map(|d| start + tick_of((d - 60.0).max(0.0)));
                if !clear && deadline.is_none_or(|d| tick < d) {
                    return false;
                }
            }
            let moving_there = person.state == PersonState::Moving
                && person.target.as_ref().is_some_and(|a| a.place == t.place);
            if moving_there {
                mind.busy = true;
            }
            if !moving_there && mind.heading.get(&step.id) != Some(&t.place) {
                mind.heading.insert(step.id.clone(), t.place.clone());
                // The rule-breaker takes the lift where there is one.
                if policy == BotPolicy::RuleBreaker && !st.use_lift && people.graph().has_lift() {
                    out.push(Input::UseLift);
                }
                out.push(Input::MoveTo(place_ref(&t)));
            } else if !moving_there
                && !matches!(person.state, PersonState::Moving | PersonState::Stranded)
            {
                // Arrived somewhere else: try again. Cut off, they wait: a cleared way sets
                // them off again (`People::set_link_blocked`).
                mind.heading.remove(&step.id);
            }
            false
        }
        Requirement::ReportCount => {
            // A commander who totals others' counts waits for them (to a minute before the
            // step is due): a total of half the reports is no total.
            if st.groups.is_empty() && !st.areas.is_empty() && policy != BotPolicy::Panic {
                let mine = parts.counted_groups(i, people);
                let waiting = parts.list.iter().enumerate().any(|(j, p)| {
                    j != i
                        && !p.groups.is_empty()
                        && p.groups.iter().all(|g| mine.contains(g))
                        && p.reported_count.is_none()
                });
                let deadline = step
                    .deadline_s
                    .map(|d| start + tick_of((d - 60.0).max(0.0)));
                if waiting && deadline.is_none_or(|d| tick < d) {
                    return false;
                }
            }
            // A count made before this step started is stale: count again, then report.
            let stale = st.last_count.is_none() || st.last_count_at < start;
            if stale && !mind.heading.contains_key(&step.id) {
                mind.heading.insert(step.id.clone(), String::new());
                out.push(act(Action::CountHeads, None));
                return false;
            }
            let Some((present, expected)) = st.last_count else {
                return false;
            };
            out.push(Input::Report { present, expected });
            true
        }
    }
}

/// The house of the household an inject that starts `step` is about (a resident who will not
/// leave: `Missing`), when it is one of participant `i`'s.
fn inject_household(
    step: &PlanStep,
    people: &People,
    parts: &Participants,
    i: usize,
) -> Option<String> {
    let crate::plan::StepStart::Inject(n) = step.starts else {
        return None;
    };
    let inj = people.scenario().injects.iter().find(|x| x.number == n)?;
    let crate::scenario::schema::Effect::Missing { group, .. } = &inj.effect else {
        return None;
    };
    let g = people.groups.iter().find(|g| &g.id == group)?;
    let house = g.start_house.clone()?;
    parts.list[i].houses.contains(&house).then_some(house)
}

/// Names of the policies as the command line writes them.
pub fn policy_from_name(s: &str) -> Option<BotPolicy> {
    match s {
        "follow-plan" => Some(BotPolicy::FollowPlan),
        "panic" => Some(BotPolicy::Panic),
        "late" => Some(BotPolicy::Late),
        "rule-breaker" => Some(BotPolicy::RuleBreaker),
        _ => None,
    }
}

/// A policy named as the command line and the hall's page write it, or why it is none.
pub fn parse_policy(name: &str) -> Result<BotPolicy, String> {
    policy_from_name(name.trim()).ok_or_else(|| {
        format!(
            "`{name}` is not a bot policy; one of: {}",
            POLICY_NAMES.join(", ")
        )
    })
}

pub const POLICY_NAMES: [&str; 4] = ["follow-plan", "panic", "late", "rule-breaker"];
