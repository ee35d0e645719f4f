//! Participants: the people a drill trains, driven by inputs from a person or a bot.
//!
//! Every input is journalled as an `Action` before it takes effect, so the journal holds what
//! each participant did whoever drove them. Inputs arrive in [`PendingInputs`] (bots in
//! `SimSet::Decide`, the view from outside the schedule) and are applied in arrival order.

use super::clock::DrillClock;
use super::log::EventLog;
use super::people::{People, PersonState, Target};
use super::{DrillSetup, SimSet, SimTick};
use crate::journal::events::Driver;
use crate::journal::events::{ActionName, ParticipantInfo, PlaceKind, SimEvent};
use crate::plan::{Action, Requirement};
use crate::scenario::geometry::dist;
use crate::scenario::schema::{Point, SiteOrGroup, SiteRef};
use bevy::prelude::*;

/// What a participant can be told to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    /// A plan action, optionally at something (a group, a door, a stair, a house).
    Act {
        action: Action,
        target: Option<String>,
    },
    /// Get up from cover.
    StandUp,
    /// Walk to a place by the shortest open route (or the chosen exit, or by lift).
    MoveTo(SiteRef),
    /// Use this exit from now on.
    ChooseExit(String),
    /// Take the lift where there is one.
    UseLift,
    /// Go back to where one started (for belongings), then on to safety again.
    GoBack,
    /// Report a head count.
    Report { present: u32, expected: u32 },
    /// Walk towards a point on one's own storey (a person at the controls: a few metres ahead
    /// in the direction they steer); through a door if the point lies beyond one.
    Walk { to: Point },
    /// Stop where one is.
    Halt,
}

impl Input {
    fn name_and_target(&self) -> (ActionName, Option<String>) {
        match self {
            Input::Act { action, target } => (ActionName::Plan(*action), target.clone()),
            Input::StandUp => (ActionName::StandUp, None),
            Input::MoveTo(r) => (ActionName::MoveTo, Some(site_ref_id(r))),
            Input::ChooseExit(e) => (ActionName::ChooseExit, Some(e.clone())),
            Input::UseLift => (ActionName::UseLift, None),
            Input::GoBack => (ActionName::GoBack, None),
            Input::Report { .. } => (ActionName::Plan(Action::Report), None),
            Input::Walk { to } => (ActionName::Walk, Some(format!("{:.1},{:.1}", to.0, to.1))),
            Input::Halt => (ActionName::Halt, None),
        }
    }
}

/// The id a site reference names (a point as `x,y`).
pub fn site_ref_id(r: &SiteRef) -> String {
    match r {
        SiteRef::Point(x, y) => format!("{x},{y}"),
        named => named.id().unwrap_or_default().to_string(),
    }
}

/// A surface's choice of whom its person plays, sent before the drill's first tick (the
/// briefing's role choice): `Some(Some(i))` seats them as participant `i`, `Some(None)` leaves
/// every seat to the bots. Applied at tick 0, before the journal's first event names the drivers;
/// later requests are ignored (a drill's drivers are fixed once it has begun).
#[derive(Resource, Default, Debug)]
pub struct SeatRequest(pub Option<Option<usize>>);

/// Inputs waiting to be applied this tick: (participant index, input).
#[derive(Resource, Default, Debug)]
pub struct PendingInputs(pub Vec<(usize, Input)>);

#[derive(Clone, Debug)]
pub struct ParticipantState {
    pub id: String,
    /// The name the trainer gave them.
    pub name: crate::drill::Text,
    pub role: String,
    pub driver: Driver,
    /// Index in `People::persons`.
    pub person: usize,
    /// Occupant groups answerable to this participant.
    pub groups: Vec<usize>,
    pub stairs: Vec<String>,
    pub houses: Vec<String>,
    /// Of `houses`, those the scenario marks vulnerable (moved first).
    pub vulnerable_houses: Vec<String>,
    /// Assembly areas or shelters answerable to this participant (a commander's playground).
    pub areas: Vec<String>,
    /// When they last took cover or got up (the person's `state` says which).
    pub posture_since: u64,
    pub exit: Option<String>,
    pub use_lift: bool,
    pub last_count: Option<(u32, u32)>,
    /// When that count was made (tick).
    pub last_count_at: u64,
    /// The count this participant reported (present, expected).
    pub reported_count: Option<(u32, u32)>,
    pub reported: bool,
    /// The plan asks this participant's role to report a count.
    pub must_report: bool,
    /// A blocked door they are forcing open.
    pub forcing: Option<Forcing>,
    /// Spaces answerable to this participant (a care worker's activity room): what they sweep.
    pub spaces: Vec<String>,
    /// A sweep of those spaces under way.
    pub sweep: Option<super::sweep::Sweep>,
    /// An infant they are fetching or carrying out.
    pub carrying: Option<super::carry::Carry>,
    /// They set out to scout the fire (`Scout`) and have had it in view (`sim::fire`).
    pub scouted: bool,
    /// The children (by person index) they lead by the hand.
    pub leading: Option<super::hand::Leading>,
    /// Fire duties done where they had to be done (`sim::crew`): posted as lookout, anchored,
    /// engaged the fire.
    pub fire_duty_done: Vec<crate::plan::Action>,
}

/// A door being forced: its link and id, its centre, how long it takes at the door, and (once
/// the one forcing it has got there) when it gives.
#[derive(Clone, Debug)]
pub struct Forcing {
    link: usize,
    door: String,
    at: Point,
    force_s: f64,
    gives_at: Option<u64>,
}

/// How near the door's centre one must stay while forcing it (m).
const FORCE_REACH_M: f64 = 1.5;

#[derive(Resource, Debug, Default)]
pub struct Participants {
    pub list: Vec<ParticipantState>,
}

impl Participants {
    pub fn info(&self, people: &People) -> Vec<ParticipantInfo> {
        self.list
            .iter()
            .map(|p| ParticipantInfo {
                id: p.id.clone(),
                role: p.role.clone(),
                driver: p.driver,
                groups: p
                    .groups
                    .iter()
                    .map(|&g| {
                        let grp = &people.groups[g];
                        (grp.id.clone(), grp.members.len() as u32)
                    })
                    .collect(),
                name: Some(p.name.clone()),
            })
            .collect()
    }

    /// Everyone the plan asks for a count has reported one.
    pub fn reports_done(&self) -> bool {
        self.list.iter().all(|p| !p.must_report || p.reported)
    }

    /// The sum of the counts reported by those whose groups are bound for participant `i`'s
    /// areas; groups nobody reported on count as expected and not present.
    pub fn received_reports(&self, i: usize, people: &People) -> (u32, u32) {
        let mine = self.counted_groups(i, people);
        let (mut present, mut expected) = (0, 0);
        let mut covered = Vec::new();
        for (j, p) in self.list.iter().enumerate() {
            if j == i || p.groups.is_empty() || !p.groups.iter().all(|g| mine.contains(g)) {
                continue;
            }
            if let Some((pr, ex)) = p.reported_count {
                present += pr;
                expected += ex;
                covered.extend(p.groups.iter().copied());
            }
        }
        for g in mine {
            if !covered.contains(&g) {
                expected += people.groups[g].members.len() as u32;
            }
        }
        (present, expected)
    }

    /// The groups a participant counts: their own, or those bound for their areas.
    pub fn counted_groups(&self, i: usize, people: &People) -> Vec<usize> {
        let p = &self.list[i];
        let mut g = p.groups.clone();
        for a in &p.areas {
            g.extend(people.groups_bound_for(a));
        }
        g.sort_unstable();
        g.dedup();
        g
    }
}

pub(super) fn plugin(app: &mut App) {
    let setup = app.world().resource::<DrillSetup>().clone();
    let people = app.world().resource::<People>();
    let occupants = people
        .persons
        .iter()
        .filter(|p| p.participant.is_none())
        .count();
    let reporting_roles: Vec<String> = setup
        .plan
        .iter()
        .flat_map(|p| &p.steps)
        .filter(|s| matches!(s.requires, Requirement::ReportCount))
        .filter_map(|s| match &s.responsible {
            crate::plan::Responsible::Role(r) => Some(r.clone()),
            _ => None,
        })
        .collect();
    let list = setup
        .scenario
        .participants
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut st = ParticipantState {
                id: p.id.clone(),
                name: p.name.clone(),
                role: p.role.clone(),
                driver: setup.drivers[i],
                person: occupants + i,
                groups: Vec::new(),
                stairs: Vec::new(),
                houses: Vec::new(),
                vulnerable_houses: Vec::new(),
                areas: Vec::new(),
                posture_since: 0,
                exit: None,
                use_lift: false,
                last_count: None,
                last_count_at: 0,
                reported_count: None,
                reported: false,
                must_report: reporting_roles.contains(&p.role),
                forcing: None,
                spaces: Vec::new(),
                sweep: None,
                carrying: None,
                leading: None,
                fire_duty_done: Vec::new(),
                scouted: false,
            };
            for r in &p.responsible_for {
                match r {
                    SiteOrGroup::Group(g) => {
                        if let Some(gi) = people.groups.iter().position(|x| &x.id == g) {
                            st.groups.push(gi);
                        }
                    }
                    SiteOrGroup::Site(SiteRef::Stair(s)) => st.stairs.push(s.clone()),
                    SiteOrGroup::Site(SiteRef::House(h)) => {
                        st.houses.push(h.clone());
                        if let crate::scenario::schema::Site::Terrain(t) = &setup.scenario.site
                            && t.houses.iter().any(|x| &x.id == h && x.vulnerable)
                        {
                            st.vulnerable_houses.push(h.clone());
                        }
                    }
                    SiteOrGroup::Site(SiteRef::AssemblyArea(a) | SiteRef::Shelter(a)) => {
                        st.areas.push(a.clone())
                    }
                    SiteOrGroup::Site(SiteRef::Space(s)) => st.spaces.push(s.clone()),
                    SiteOrGroup::Site(_) => {}
                }
            }
            for (gi, g) in people.groups.iter().enumerate() {
                // A group one leads, or the household of a house one is answerable for.
                let household = g
                    .start_house
                    .as_ref()
                    .is_some_and(|h| st.houses.contains(h));
                if (g.leaders.contains(&i) || household) && !st.groups.contains(&gi) {
                    st.groups.push(gi);
                }
            }
            st
        })
        .collect();
    app.insert_resource(Participants { list });
    app.init_resource::<PendingInputs>();
    app.init_resource::<SeatRequest>();
    app.add_systems(
        SimTick,
        take_seat
            .in_set(SimSet::Hazards)
            .before(super::clock::start),
    );
    app.add_systems(SimTick, apply_inputs.in_set(SimSet::Act));
}

/// Seats the person a surface asked for, at tick 0: whoever a person played before goes back to
/// their scenario bot.
fn take_seat(
    clock: Res<DrillClock>,
    setup: Res<DrillSetup>,
    mut seat: ResMut<SeatRequest>,
    mut parts: ResMut<Participants>,
) {
    let Some(choice) = seat.0.take() else { return };
    if clock.tick != 0 {
        return;
    }
    for (st, p) in parts.list.iter_mut().zip(&setup.scenario.participants) {
        if st.driver == Driver::Human {
            st.driver = Driver::Bot(p.bot);
        }
    }
    if let Some(st) = choice.and_then(|i| parts.list.get_mut(i)) {
        st.driver = Driver::Human;
    }
}

fn apply_inputs(
    clock: Res<DrillClock>,
    mut pending: ResMut<PendingInputs>,
    mut parts: ResMut<Participants>,
    mut people: ResMut<People>,
    mut log: ResMut<EventLog>,
) {
    let tick = clock.tick;
    if clock.ended.is_some() {
        pending.0.clear();
        return;
    }
    force_doors(tick, &mut parts, &mut people, &mut log);
    super::sweep::sweep_rooms(tick, &mut parts, &mut people, &mut log);
    super::carry::carry_infants(tick, &mut parts, &mut people, &mut log);
    super::hand::lead_by_hand(tick, &mut parts, &mut people, &mut log);
    for (i, input) in std::mem::take(&mut pending.0) {
        // Someone seriously hurt can no longer act (nor is it journalled as done).
        if i >= parts.list.len()
            || people.persons[parts.list[i].person].state == PersonState::Injured
        {
            continue;
        }
        let (action, target) = input.name_and_target();
        log.push(
            tick,
            SimEvent::Action {
                participant: parts.list[i].id.clone(),
                action,
                target: target.clone(),
            },
        );
        apply(i, &input, tick, &mut parts, &mut people, &mut log);
    }
}

/// Forcing starts when the one forcing reaches the door; it gives `force_s` later if they are
/// still at it and it is still blocked. Whoever stops short or walks off has given up.
fn force_doors(tick: u64, parts: &mut Participants, people: &mut People, log: &mut EventLog) {
    for i in 0..parts.list.len() {
        let me = parts.list[i].person;
        let Some(f) = parts.list[i].forcing.as_mut() else {
            continue;
        };
        let there = dist(people.net.walkers[me].pos, f.at) <= FORCE_REACH_M;
        let Some(gives_at) = f.gives_at else {
            if there {
                f.gives_at = Some(tick + super::clock::tick_of(f.force_s));
            } else if people.persons[me].state != PersonState::Moving {
                parts.list[i].forcing = None;
            }
            continue;
        };
        if tick < gives_at {
            continue;
        }
        if there && people.graph().links[f.link].blocked {
            let (link, door) = (f.link, f.door.clone());
            log.push(
                tick,
                SimEvent::Cleared {
                    what: SiteRef::Door(door),
                    by: Some(parts.list[i].id.clone()),
                },
            );
            people.set_link_blocked(link, false, tick, log);
        }
        parts.list[i].forcing = None;
    }
}

fn apply(
    i: usize,
    input: &Input,
    tick: u64,
    parts: &mut Participants,
    people: &mut People,
    log: &mut EventLog,
) {
    let me = parts.list[i].person;
    match input {
        Input::Act {
            action: Action::TakeCover,
            ..
        } => {
            if people.persons[me].state != PersonState::Cover {
                parts.list[i].posture_since = tick;
            }
            people.halt(me, PersonState::Cover);
        }
        Input::StandUp => {
            if people.persons[me].state == PersonState::Cover {
                people.persons[me].state = PersonState::Still;
                parts.list[i].posture_since = tick;
            }
        }
        Input::Act {
            action: Action::GuideGroup,
            target,
        } => {
            let groups = target_groups(i, target.as_deref(), parts, people);
            if let Some(&g) = groups.first() {
                let mut dest = people.groups[g].destination.clone();
                if let Some(e) = people.groups[g].exit
                    && !people.graph().links[e].blocked
                {
                    dest.goal.options.only_exit = Some(e);
                }
                go(i, dest, Vec::new(), tick, parts, people, log);
            }
        }
        Input::Act {
            action: Action::PostAtLanding,
            target,
        } => {
            let stair = target
                .clone()
                .or_else(|| parts.list[i].stairs.first().cloned());
            if let Some(t) = stair.and_then(|s| people.landing_post(&s)) {
                go(i, t, Vec::new(), tick, parts, people, log);
            }
        }
        Input::Act {
            action: Action::CountHeads,
            ..
        } => {
            // A commander with no class of their own totals the class reports received.
            let (present, expected) =
                if parts.list[i].groups.is_empty() && !parts.list[i].areas.is_empty() {
                    parts.received_reports(i, people)
                } else {
                    let groups = parts.counted_groups(i, people);
                    people.head_count(me, &groups)
                };
            parts.list[i].last_count = Some((present, expected));
            parts.list[i].last_count_at = tick;
            log.push(
                tick,
                SimEvent::HeadCount {
                    participant: parts.list[i].id.clone(),
                    present,
                    expected,
                },
            );
        }
        Input::Report { present, expected } => {
            let groups = parts.counted_groups(i, people);
            let (tp, te) = people.true_count(&groups);
            parts.list[i].reported = true;
            parts.list[i].reported_count = Some((*present, *expected));
            log.push(
                tick,
                SimEvent::Report {
                    participant: parts.list[i].id.clone(),
                    reported_present: *present,
                    reported_expected: *expected,
                    true_present: tp,
                    true_expected: te,
                },
            );
        }
        Input::Act {
            action: Action::ForceDoor,
            target,
        } => {
            // To the door on one's own side, then `force_s` at it.
            if let Some((link, door, at, force_s)) = people.jammed_door(me, target.as_deref()) {
                let node = people.net.walkers[me].node;
                let c = crate::crowd::network::centroid(&people.graph().nodes[node].polygon);
                let d = dist(at, c).max(1e-6);
                let spot = (at.0 + (c.0 - at.0) * 0.6 / d, at.1 + (c.1 - at.1) * 0.6 / d);
                if let Some(t) = people.walk_target(me, spot) {
                    go(i, t, Vec::new(), tick, parts, people, log);
                }
                parts.list[i].forcing = Some(Forcing {
                    link,
                    door,
                    at,
                    force_s,
                    gives_at: None,
                });
            }
        }
        Input::Act {
            action: Action::SweepRooms,
            ..
        } => super::sweep::start(i, tick, parts, people, log),
        Input::Act {
            action: Action::CarryInfant,
            target,
        } => super::carry::start(i, target.as_deref(), tick, parts, people, log),
        Input::Act {
            action: Action::LeadByHand,
            target,
        } => super::hand::start(i, target.as_deref(), tick, parts, people, log),
        Input::Act {
            action: Action::Withdraw,
            target,
        } => {
            // To the safety zone named, else the nearest one (else the nearest refuge).
            let to = target
                .as_ref()
                .and_then(|t| people.target(&SiteRef::Shelter(t.clone())))
                .or_else(|| people.nearest_refuge(me, PlaceKind::SafetyZone));
            if let Some(t) = to {
                go(i, t, Vec::new(), tick, parts, people, log);
            }
        }
        Input::Act { .. } => {}
        Input::MoveTo(r) => match people.target(r) {
            Some(t) => go(i, t, Vec::new(), tick, parts, people, log),
            None => log.push(
                tick,
                SimEvent::NotSimulated {
                    what: format!("walking to {r:?}"),
                },
            ),
        },
        Input::ChooseExit(e) => parts.list[i].exit = Some(e.clone()),
        Input::Walk { to } => {
            if let Some(t) = people.walk_target(me, *to) {
                go(i, t, Vec::new(), tick, parts, people, log);
            }
        }
        Input::Halt => {
            if people.persons[me].state == PersonState::Moving {
                people.halt(me, PersonState::Still);
            }
        }
        Input::UseLift => {
            parts.list[i].use_lift = true;
            if let Some(t) = people.persons[me].target.clone() {
                let then: Vec<Target> = people.persons[me].then.iter().cloned().collect();
                go(i, t, then, tick, parts, people, log);
            }
        }
        Input::GoBack if !parts.list[i].houses.is_empty() => {
            super::lead_home::lead_home(i, tick, parts, people, log);
        }
        Input::GoBack => {
            let start = people.persons[me].start_node;
            let back = people.graph().nodes[start].id.clone();
            let back = people
                .target(&SiteRef::Space(back.clone()))
                .or_else(|| people.target(&SiteRef::AssemblyArea(back)));
            let onward = people.persons[me]
                .target
                .clone()
                .or_else(|| people.persons[me].at.clone());
            if let Some(b) = back {
                go(i, b, onward.into_iter().collect(), tick, parts, people, log);
            }
        }
    }
}

/// Send a participant's body somewhere, with their exit and lift choices.
/// The groups an action aims at: the one named, else the actor's own (by index).
pub(super) fn target_groups(
    i: usize,
    target: Option<&str>,
    parts: &Participants,
    people: &People,
) -> Vec<usize> {
    match target {
        Some(t) => people
            .groups
            .iter()
            .position(|g| g.id == t)
            .into_iter()
            .collect(),
        None => parts.list[i].groups.clone(),
    }
}

pub(super) fn go(
    i: usize,
    mut t: Target,
    then: Vec<Target>,
    tick: u64,
    parts: &mut Participants,
    people: &mut People,
    log: &mut EventLog,
) {
    let me = parts.list[i].person;
    let st = &parts.list[i];
    t.goal.options.allow_lift = st.use_lift;
    if let Some(e) = &st.exit
        && let Some(l) = people.graph().link(e)
    {
        t.goal.options.only_exit = Some(l);
    }
    if people.persons[me].state == PersonState::Cover {
        parts.list[i].posture_since = tick;
    }
    // Someone set on the lift goes to its lowest stop first (by lift), then on.
    let mut then = then;
    if parts.list[i].use_lift
        && let Some(ground) = people.lift_ground_stop(me)
        && ground.place != t.place
    {
        then.insert(0, t.clone());
        t = ground;
    }
    let who = people.persons[me].id.clone();
    if !people.persons[me].started {
        people.persons[me].started = true;
        log.push(tick, SimEvent::StartedMoving { who: who.clone() });
    }
    let place = t.place.clone();
    // Cut off once is one event, however often they try again.
    let was_stranded = people.persons[me].state == PersonState::Stranded;
    if !people.send(me, t.clone(), then.clone()) {
        // The chosen exit may be the trouble: try any.
        t.goal.options.only_exit = None;
        if !people.send(me, t, then) && !was_stranded {
            log.push(tick, SimEvent::Stranded { who, place });
        }
    }
}
