//! The earthquake inside the building: the contents shaken by the ground motion
//! ([`crate::hazards::quake::contents`]), strikes on people as injuries, debris in doorways as blocked
//! doors (and the crowd re-routes), walking slowed and people knocked down by strong shaking
//! ([`crate::hazards::quake::ground_motion::walking_speed_factor`]), and the postures people take.
//!
//! Someone who takes cover drops under the nearest free desk or table within reach (Drop, Cover
//! and Hold On: "crawl under a sturdy table or desk if one is near"), holds on and moves with
//! it; with none near, they get down beside a wall, or where they are.

use super::bots::AFTERSHOCK_REACTION_S;
use super::clock::{DrillClock, tick_of};
use super::hazards::HazardTimeline;
use super::log::EventLog;
use super::people::{People, PersonState};
use super::{DrillSetup, SimSet, SimTick, TICK_HZ};
use crate::crowd::network::{LinkKind, Motion, NodeKind};
use crate::crowd::profiles::standing_height_m;
use crate::crowd::space::Gate;
use crate::hazards::quake::ground_motion::{fall_rate_per_s, walking_speed_factor};
use crate::hazards::quake::{Contents, Impact, severity_of};
use crate::journal::events::{Harm, Posture, SimEvent};
use crate::scenario::geometry::{boundary_distance, dist, edges, outward_normal};
use crate::scenario::schema::{DrillKind, HazardEvent, Point, Site, SiteRef};
use bevy::prelude::*;
use rand::Rng;

/// Seconds someone knocked down by the shaking lies before getting up.
const FALL_DOWN_S: f64 = 3.0;
/// The chance that a fall on a shaking floor hurts (minor): an assumption.
const FALL_INJURY_CHANCE: f64 = 0.1;
/// How far someone goes to a desk or table to take cover under it.
const SHELTER_REACH_M: f64 = 2.5;
/// Beside a wall: within this of it.
const WALL_M: f64 = 1.0;
/// How far someone goes to get down beside a wall, and how far off it they crouch.
const WALL_REACH_M: f64 = 3.0;
const WALL_SPOT_M: f64 = 0.35;
/// In a doorway, at a window: within these of its centre.
const DOORWAY_M: f64 = 0.6;
const WINDOW_M: f64 = 1.0;
/// The clear width one person needs to get through an opening.
const PASSABLE_M: f64 = 0.5;
/// Window over which the floor's shaking is judged for walking (s).
const FOOTING_WINDOW_S: f64 = 1.0;

/// An opening debris can block.
struct Opening {
    link: usize,
    floor: usize,
    p0: Point,
    p1: Point,
    what: SiteRef,
}

#[derive(Resource)]
pub struct Quake {
    pub contents: Contents,
    /// The desk or table each person holds on to.
    pub shelter: Vec<Option<usize>>,
    /// Occupants down in cover where an aftershock caught them on their way.
    dropped: Vec<bool>,
    /// The worst injury each person has had.
    worst: Vec<Option<Harm>>,
    openings: Vec<Opening>,
    windows: Vec<(usize, Point)>,
    debris_blocked: Vec<bool>,
    impacts: Vec<Impact>,
    was_running: bool,
    footing_set: bool,
    scanned: usize,
    rng: rand_chacha::ChaCha20Rng,
}

pub(super) fn plugin(app: &mut App) {
    let setup = app.world().resource::<DrillSetup>();
    let Site::Building(b) = &setup.scenario.site else {
        return;
    };
    if setup.scenario.meta.kind != DrillKind::Earthquake {
        return;
    }
    let rng = setup.seed.stream("falls");
    let windows = b
        .floors
        .iter()
        .enumerate()
        .flat_map(|(f, fl)| fl.windows.iter().map(move |w| (f, w.at)))
        .collect();
    let people = app.world().resource::<People>();
    let g = people.graph();
    let contents = Contents::new(b, &people.walls(), setup.seed.stream("contents"));
    let mut openings = Vec::new();
    for (l, link) in g.links.iter().enumerate() {
        let what = match link.kind {
            LinkKind::Door => SiteRef::Door(link.id.clone()),
            LinkKind::Exit => SiteRef::Exit(link.id.clone()),
            _ => continue,
        };
        let (Gate::Segment { p0, p1, .. }, NodeKind::Space { floor, .. }) =
            (&people.net.geom.gates[l], &g.nodes[link.a].kind)
        else {
            continue;
        };
        openings.push(Opening {
            link: l,
            floor: *floor,
            p0: *p0,
            p1: *p1,
            what,
        });
    }
    let n = people.persons.len();
    let links = g.links.len();
    app.insert_resource(Quake {
        contents,
        shelter: vec![None; n],
        dropped: vec![false; n],
        worst: vec![None; n],
        openings,
        windows,
        debris_blocked: vec![false; links],
        impacts: Vec::new(),
        was_running: false,
        footing_set: true,
        scanned: 0,
        rng,
    });
    app.add_systems(SimTick, shake.in_set(SimSet::HazardEffects));
}

fn floor_of(people: &People, p: usize) -> Option<usize> {
    let w = &people.net.walkers[p];
    if people.persons[p].outside || matches!(w.motion, Motion::Traverse { .. }) {
        return None;
    }
    match people.graph().nodes[w.node].kind {
        NodeKind::Space { floor, .. } => Some(floor),
        NodeKind::Outdoor => None,
    }
}

fn shake(
    clock: Res<DrillClock>,
    timeline: Res<HazardTimeline>,
    mut log: ResMut<EventLog>,
    mut people: ResMut<People>,
    mut quake: ResMut<Quake>,
) {
    let tick = clock.tick;
    let t = tick as f64 / f64::from(TICK_HZ);
    let dt = 1.0 / f64::from(TICK_HZ);
    let q = &mut *quake;
    let ground_peak = timeline.horizontal_peak_mps2(t, FOOTING_WINDOW_S);
    drop_in_aftershocks(q, &mut people, &mut log, tick, &timeline);
    footing_and_falls(q, &mut people, &mut log, tick, ground_peak, dt);
    take_cover(q, &mut people);
    let active = q.contents.active(timeline.ground_now_mps2);
    postures(q, &mut people, &mut log, tick, ground_peak > 0.0 || active);
    if active {
        for p in 0..people.persons.len() {
            let at = floor_of(&people, p).map(|f| {
                let h = standing_height_m(people.persons[p].profile);
                (
                    f,
                    people.net.walkers[p].pos,
                    people.persons[p].posture.height_m(h),
                )
            });
            q.contents.place_person(p, at);
        }
        let mut impacts = std::mem::take(&mut q.impacts);
        impacts.clear();
        q.contents
            .step(t, dt, |x| timeline.ground_at(x), &mut impacts);
        injuries(q, &impacts, &mut people, &mut log, tick);
        q.impacts = impacts;
        debris(q, &mut people, &mut log, tick);
    }
    if q.was_running && !active {
        let d = q.contents.damage();
        log.push(
            tick,
            SimEvent::ContentsDamage {
                shifted: d.shifted,
                toppled: d.toppled,
                lights_fallen: d.lights_fallen,
                windows_broken: d.windows_broken,
            },
        );
    }
    q.was_running = active;
}

/// Occupants on their way when an aftershock comes drop, cover and hold on where they are (on a
/// stair, where they stand on it; outdoors, in the open) a second later, as the plans' 就近避险
/// asks and as the bots do; once it stops they get up and walk on along the way they were
/// going (the crowd kernel keeps a paused walker's route). Those who ran in panic at the main
/// shock are calm by then.
fn drop_in_aftershocks(
    q: &mut Quake,
    people: &mut People,
    log: &mut EventLog,
    tick: u64,
    timeline: &HazardTimeline,
) {
    let shock = timeline.aftershock_at(tick);
    for p in 0..people.persons.len() {
        let person = &people.persons[p];
        if person.participant.is_some() {
            continue;
        }
        let w = &people.net.walkers[p];
        if q.dropped[p] {
            if w.down_s > 0.0 {
                continue;
            }
            q.dropped[p] = false;
            // Hurt or stopped meanwhile: `postures` tells what they do now.
            if person.state == PersonState::Moving {
                people.persons[p].posture = Posture::Moving;
                let who = people.persons[p].id.clone();
                log.push(tick, SimEvent::StartedMoving { who });
            }
            continue;
        }
        let Some((from, to)) = shock else {
            continue;
        };
        let on_the_way = person.state == PersonState::Moving
            && w.down_s <= 0.0
            && match w.motion {
                Motion::Walk | Motion::Traverse { .. } => true,
                Motion::Still => false,
            };
        if !on_the_way || tick < from + tick_of(AFTERSHOCK_REACTION_S) {
            continue;
        }
        people
            .net
            .knock_down(p, (to - tick) as f64 / f64::from(TICK_HZ));
        q.dropped[p] = true;
        people.persons[p].posture = Posture::Crouched;
        let who = people.persons[p].id.clone();
        log.push(
            tick,
            SimEvent::TookPosture {
                who,
                posture: Posture::Crouched,
            },
        );
    }
}

/// Strong shaking slows walking on each floor and knocks walkers down.
fn footing_and_falls(
    q: &mut Quake,
    people: &mut People,
    log: &mut EventLog,
    tick: u64,
    ground_peak: f64,
    dt: f64,
) {
    if ground_peak == 0.0 {
        if !q.footing_set {
            for n in 0..people.graph().nodes.len() {
                people.net.set_footing(n, 1.0);
            }
            q.footing_set = true;
        }
        return;
    }
    q.footing_set = false;
    for n in 0..people.graph().nodes.len() {
        if let NodeKind::Space { floor, .. } = people.graph().nodes[n].kind {
            let a = ground_peak * q.contents.amplification(floor);
            people.net.set_footing(n, walking_speed_factor(a));
        }
    }
    for p in 0..people.persons.len() {
        let w = &people.net.walkers[p];
        if w.motion != Motion::Walk || w.down_s > 0.0 {
            continue;
        }
        let Some(floor) = floor_of(people, p) else {
            continue;
        };
        let rate = fall_rate_per_s(ground_peak * q.contents.amplification(floor));
        if rate == 0.0 || q.rng.random::<f64>() >= rate * dt {
            continue;
        }
        people.net.knock_down(p, FALL_DOWN_S);
        let who = people.persons[p].id.clone();
        log.push(tick, SimEvent::Fell { who: who.clone() });
        if q.rng.random::<f64>() < FALL_INJURY_CHANCE && q.worst[p].is_none() {
            q.worst[p] = Some(Harm::Minor);
            log.push(
                tick,
                SimEvent::Injured {
                    who,
                    cause: "fall".into(),
                    severity: Some(Harm::Minor),
                    energy_j: None,
                    posture: Some(Posture::Down),
                },
            );
        }
    }
}

/// Those in cover drop under a desk or table near them and hold on to it; those who got up let go.
fn take_cover(q: &mut Quake, people: &mut People) {
    for p in 0..people.persons.len() {
        let covering = people.persons[p].state == PersonState::Cover;
        match (covering, q.shelter[p]) {
            (false, Some(_)) => q.shelter[p] = None,
            (true, Some(item)) => {
                // Hold on: move with the desk.
                let c = q.contents.position(item);
                people.net.walkers[p].pos = (c[0], c[1]);
            }
            (true, None) if !people.persons[p].posture.is_cover() => {
                let Some(floor) = floor_of(people, p) else {
                    continue;
                };
                let w = &people.net.walkers[p];
                let space = people.graph().nodes[w.node].id.clone();
                let taken: Vec<usize> = q.shelter.iter().flatten().copied().collect();
                if let Some(item) =
                    q.contents
                        .shelter_near(floor, &space, w.pos, SHELTER_REACH_M, &taken)
                {
                    q.shelter[p] = Some(item);
                    let c = q.contents.position(item);
                    people.net.walkers[p].pos = (c[0], c[1]);
                } else if let Some(spot) = beside_wall(
                    &q.windows,
                    &q.contents.tall_pieces(floor),
                    floor,
                    &people.graph().nodes[w.node].polygon,
                    w.pos,
                ) {
                    // No desk near: down beside a wall, away from windows and from what can
                    // topple.
                    people.net.walkers[p].pos = spot;
                }
            }
            _ => {}
        }
    }
}

/// The nearest spot within reach beside a wall of `polygon` (a body's width off it) with no
/// window within 1.5 m and out of reach of every tall piece that could topple onto it.
fn beside_wall(
    windows: &[(usize, Point)],
    tall: &[(Point, f64)],
    floor: usize,
    polygon: &[Point],
    pos: Point,
) -> Option<Point> {
    let mut best: Option<(f64, Point)> = None;
    for (e, (a, b)) in edges(polygon).enumerate() {
        let len = dist(a, b);
        if len < 1.0 {
            continue;
        }
        let out = outward_normal(polygon, e);
        // Sample the wall every 0.25 m, 0.5 m in from its ends.
        let steps = ((len - 1.0) / 0.25).floor() as usize;
        for i in 0..=steps {
            let t = (0.5 + i as f64 * 0.25) / len;
            let on = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
            if windows
                .iter()
                .any(|&(f, at)| f == floor && dist(at, on) < 1.5)
            {
                continue;
            }
            // Off the wall, into the space.
            let spot = (on.0 - out.0 * WALL_SPOT_M, on.1 - out.1 * WALL_SPOT_M);
            if tall.iter().any(|&(at, h)| dist(at, spot) < h + 0.3) {
                continue;
            }
            let d = dist(pos, spot);
            if d <= WALL_REACH_M && best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, spot));
            }
        }
    }
    best.map(|(_, p)| p)
}

/// Everyone's posture now; while the ground shakes, participants' changes are journalled, and
/// everyone's when the shaking starts; occupants' into and out of cover at any time. In quiet
/// times only standing and moving are told apart (nothing can strike anyone then).
fn postures(q: &mut Quake, people: &mut People, log: &mut EventLog, tick: u64, shaking: bool) {
    for p in 0..people.persons.len() {
        if q.dropped[p] {
            // Down in an aftershock: `drop_in_aftershocks` tells their posture.
            continue;
        }
        let Some(floor) = floor_of(people, p) else {
            continue;
        };
        let w = &people.net.walkers[p];
        let quiet = !shaking && people.persons[p].state != PersonState::Cover;
        let node = &people.graph().nodes[w.node];
        let near_wall =
            !quiet && node.polygon.len() >= 3 && boundary_distance(w.pos, &node.polygon).0 < WALL_M;
        let posture = if quiet {
            if w.motion != Motion::Still && w.speed_mps > 0.05 {
                Posture::Moving
            } else {
                Posture::Standing
            }
        } else if w.down_s > 0.0 {
            Posture::Down
        } else if people.persons[p].state == PersonState::Cover {
            if q.shelter[p].is_some() {
                Posture::UnderDesk
            } else if near_wall {
                Posture::BesideWall
            } else {
                Posture::Crouched
            }
        } else if w.motion != Motion::Still && w.speed_mps > 0.05 {
            Posture::Moving
        } else if q
            .openings
            .iter()
            .any(|o| o.floor == floor && dist(w.pos, mid(o.p0, o.p1)) < DOORWAY_M)
        {
            Posture::Doorway
        } else if q
            .windows
            .iter()
            .any(|&(f, at)| f == floor && dist(w.pos, at) < WINDOW_M)
        {
            Posture::AtWindow
        } else {
            Posture::Standing
        };
        let person = &mut people.persons[p];
        if person.posture != posture {
            // Participants' every change; occupants' into and out of cover (what the plan's
            // `Everyone` cover steps judge them by), not each step of a walk.
            let told = match person.participant {
                Some(_) => !quiet,
                None => person.posture.is_cover() != posture.is_cover(),
            };
            person.posture = posture;
            if told {
                log.push(
                    tick,
                    SimEvent::TookPosture {
                        who: person.id.clone(),
                        posture,
                    },
                );
            }
        }
    }
    let starts = log.entries[q.scanned..].iter().any(|(_, e)| {
        matches!(
            e,
            SimEvent::Hazard {
                event: HazardEvent::ShakingStarts
            }
        )
    });
    q.scanned = log.entries.len();
    if starts {
        let mut counts: Vec<(Posture, u32)> = Vec::new();
        for (p, person) in people.persons.iter().enumerate() {
            if floor_of(people, p).is_none() {
                continue;
            }
            match counts.iter_mut().find(|(k, _)| *k == person.posture) {
                Some((_, n)) => *n += 1,
                None => counts.push((person.posture, 1)),
            }
        }
        counts.sort();
        log.push(tick, SimEvent::Postures { counts });
    }
}

fn mid(a: Point, b: Point) -> Point {
    ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0)
}

/// Strikes become injuries: the worst strike per person this tick, journalled when it is worse
/// than what they had; a serious one leaves them unable to walk out.
fn injuries(q: &mut Quake, impacts: &[Impact], people: &mut People, log: &mut EventLog, tick: u64) {
    let mut i = 0;
    while i < impacts.len() {
        let p = impacts[i].person;
        let mut best = impacts[i];
        while i < impacts.len() && impacts[i].person == p {
            if impacts[i].energy_j > best.energy_j {
                best = impacts[i];
            }
            i += 1;
        }
        let kind = q.contents.items[best.item].kind;
        let Some(sev) = severity_of(best.energy_j, kind) else {
            continue;
        };
        if q.worst[p].is_some_and(|w| w >= sev) || p >= people.persons.len() {
            continue;
        }
        q.worst[p] = Some(sev);
        let posture = people.persons[p].posture;
        if sev == Harm::Serious {
            people.halt(p, PersonState::Injured);
        }
        log.push(
            tick,
            SimEvent::Injured {
                who: people.persons[p].id.clone(),
                cause: format!("struck by {}", kind.name()),
                severity: Some(sev),
                energy_j: Some((best.energy_j * 10.0).round() / 10.0),
                posture: Some(posture),
            },
        );
    }
}

/// Debris that leaves less than one person's width in an opening blocks it.
fn debris(q: &mut Quake, people: &mut People, log: &mut EventLog, tick: u64) {
    let displaced = q.contents.displaced();
    if displaced.is_empty() {
        return;
    }
    for k in 0..q.openings.len() {
        let o = &q.openings[k];
        if q.debris_blocked[o.link] || people.graph().links[o.link].blocked {
            continue;
        }
        let (clear, items) = q.contents.opening_clear_m(&displaced, o.floor, o.p0, o.p1);
        if clear >= PASSABLE_M {
            continue;
        }
        let by = items
            .iter()
            .map(|&i| q.contents.items[i].kind.name())
            .collect::<Vec<_>>()
            .join(", ");
        let (link, what) = (o.link, o.what.clone());
        q.debris_blocked[link] = true;
        log.push(tick, SimEvent::Blocked { what, by: Some(by) });
        people.set_link_blocked(link, true, tick, log);
    }
}
