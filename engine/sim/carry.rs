//! Carrying infants out (抱出): an adult goes to an infant of their group who is still inside,
//! picks them up and walks them to the group's destination at the group's `carry_speed_mps`,
//! then is free to go back for the next. One infant at a time in arms; with an evacuation cot
//! of the infants' room (`site.cots`, on a floor with an exit), the adult first takes the cot,
//! loads as many infants of that room as it holds and pushes them out at its `push_speed_mps`.
//!
//! The carried infant keeps a body of their own in the crowd, at the carrier's side: they follow
//! the carrier (the kernel's group pace) and the carrier walks, stairs included, at the carrying
//! pace until they are put down at the destination.

use super::log::EventLog;
use super::participants::{Participants, go, target_groups};
use super::people::{People, PersonState, Target};
use crate::journal::events::SimEvent;
use crate::scenario::geometry::dist;
use crate::scenario::schema::SiteRef;

/// How near the carrier must be to pick an infant up (m).
const REACH_M: f64 = 1.0;

/// Infants being fetched or carried, the cot if one is pushed, and the carrier's own free
/// speed to restore.
#[derive(Clone, Debug)]
pub struct Carry {
    /// The infant on the way to, if any.
    fetching: Option<usize>,
    /// Those picked up: one in arms, or as many as the cot holds.
    loaded: Vec<usize>,
    /// The cot (index into `People::cots`) and whether the carrier has reached it.
    cot: Option<(usize, bool)>,
    /// Set off for the destination with those loaded.
    heading_out: bool,
    own_speed_mps: f64,
}

impl Carry {
    fn holds(&self, m: usize) -> bool {
        self.fetching == Some(m) || self.loaded.contains(&m)
    }
}

/// The infant participant `i` carries next: of the infants of the group named (or of their
/// groups) still waiting inside and not taken by anyone, the nearest.
fn next_infant(
    i: usize,
    target: Option<&str>,
    parts: &Participants,
    people: &People,
) -> Option<usize> {
    let me = parts.list[i].person;
    let here = &people.net.walkers[me];
    let groups = target_groups(i, target, parts, people);
    let taken = |m: usize| {
        parts
            .list
            .iter()
            .any(|p| p.carrying.as_ref().is_some_and(|c| c.holds(m)))
    };
    groups
        .iter()
        .flat_map(|&g| people.groups[g].members.iter().copied())
        .filter(|&m| people.persons[m].waits_to_be_carried() && !taken(m))
        .min_by(|&a, &b| {
            let d = |m: usize| {
                let w = &people.net.walkers[m];
                (w.node != here.node, dist(w.pos, here.pos))
            };
            let (x, y) = (d(a), d(b));
            x.0.cmp(&y.0).then(x.1.total_cmp(&y.1))
        })
}

/// Whether an infant of participant `i`'s groups waits inside with nobody on the way to them.
pub fn infant_to_fetch(i: usize, parts: &Participants, people: &People) -> bool {
    next_infant(i, None, parts, people).is_some()
}

/// Off to fetch the next infant, if any is left: by way of their room's cot, if it has one
/// nobody else has taken.
pub(super) fn start(
    i: usize,
    target: Option<&str>,
    tick: u64,
    parts: &mut Participants,
    people: &mut People,
    log: &mut EventLog,
) {
    if parts.list[i].carrying.is_some() {
        return;
    }
    let Some(infant) = next_infant(i, target, parts, people) else {
        return;
    };
    let me = parts.list[i].person;
    let node = people.net.walkers[infant].node;
    let cot = people
        .cots
        .iter()
        .position(|c| c.node == node && c.held_by.is_none_or(|h| h == me));
    // A cot already in hand (brought back from the last trip) need not be fetched.
    let cot = cot.map(|c| (c, people.cots[c].held_by.replace(me).is_some()));
    let own_speed_mps = people.net.walkers[me].free_speed_mps;
    parts.list[i].carrying = Some(Carry {
        fetching: Some(infant),
        loaded: Vec::new(),
        cot,
        heading_out: false,
        own_speed_mps,
    });
    walk_on(i, tick, parts, people, log);
}

/// To the cot, or to the infant fetched next.
fn walk_on(i: usize, tick: u64, parts: &mut Participants, people: &mut People, log: &mut EventLog) {
    let Some(c) = parts.list[i].carrying.as_ref() else {
        return;
    };
    let (node, pos) = match (c.cot, c.fetching) {
        (Some((k, false)), _) => (people.cots[k].node, people.cots[k].at),
        (_, Some(m)) => {
            let w = &people.net.walkers[m];
            (w.node, w.pos)
        }
        (_, None) => return,
    };
    let id = people.graph().nodes[node].id.clone();
    let Some(mut t) = people.target(&SiteRef::Space(id)) else {
        release(i, people, parts);
        return;
    };
    t.goal.point = Some(pos);
    go(i, t, Vec::new(), tick, parts, people, log);
}

/// Every carry under way, one tick on: take the cot, pick up on reaching an infant (and, with a
/// cot not yet full, fetch the next of the room), put down on arriving.
pub(super) fn carry_infants(
    tick: u64,
    parts: &mut Participants,
    people: &mut People,
    log: &mut EventLog,
) {
    for i in 0..parts.list.len() {
        let Some(c) = parts.list[i].carrying.clone() else {
            continue;
        };
        let me = parts.list[i].person;
        if people.persons[me].state == PersonState::Injured {
            put_down(me, &c, people);
            release(i, people, parts);
            continue;
        }
        let moving = matches!(
            people.persons[me].state,
            PersonState::Moving | PersonState::Cover
        );
        if c.heading_out {
            let arrived = |m: &usize| {
                let p = &people.persons[*m];
                p.state != PersonState::Moving && (p.at_refuge() || p.outside)
            };
            if c.loaded.iter().all(arrived) {
                put_down(me, &c, people);
                // The cot stays with its carrier for the next trip.
                parts.list[i].carrying = None;
            }
            continue;
        }
        let here = &people.net.walkers[me];
        if let Some((k, false)) = c.cot {
            let cot = &people.cots[k];
            if here.node == cot.node && dist(here.pos, cot.at) <= REACH_M {
                if let Some(k) = parts.list[i].carrying.as_mut() {
                    k.cot = k.cot.map(|(x, _)| (x, true));
                }
                walk_on(i, tick, parts, people, log);
            } else if !moving {
                walk_on(i, tick, parts, people, log);
            }
            continue;
        }
        let Some(m) = c.fetching else {
            continue;
        };
        let b = &people.net.walkers[m];
        if here.node == b.node && dist(here.pos, b.pos) <= REACH_M {
            pick_up(i, m, tick, parts, people, log);
        } else if !moving {
            // Stopped short (or sent elsewhere and arrived): on to the infant again.
            walk_on(i, tick, parts, people, log);
        }
    }
}

/// Lift infant `m` into one's arms or the cot; then to the next infant of the room while the
/// cot has room, or out to the group's destination.
fn pick_up(
    i: usize,
    m: usize,
    tick: u64,
    parts: &mut Participants,
    people: &mut People,
    log: &mut EventLog,
) {
    let me = parts.list[i].person;
    let Some(c) = parts.list[i].carrying.as_mut() else {
        return;
    };
    c.fetching = None;
    c.loaded.push(m);
    people.persons[m].carried_by = Some(me);
    people.persons[m].started = true;
    people.net.set_leader(m, Some(me));
    let room = people.net.walkers[m].node;
    let cot = c.cot.map(|(k, _)| k);
    let pace = match cot {
        Some(k) => people.cots[k].push_speed_mps,
        None => people.net.walkers[m].free_speed_mps,
    };
    people.net.walkers[me].free_speed_mps = c.own_speed_mps.min(pace);
    if let Some(k) = cot {
        // In the cot: the infant's body goes at the cot's pace.
        people.net.walkers[m].free_speed_mps = pace;
        let room_left = c.loaded.len() < people.cots[k].capacity_infants as usize;
        if room_left
            && let Some(next) =
                next_infant(i, None, parts, people).filter(|&n| people.net.walkers[n].node == room)
        {
            if let Some(c) = parts.list[i].carrying.as_mut() {
                c.fetching = Some(next);
            }
            walk_on(i, tick, parts, people, log);
            return;
        }
    }
    head_out(i, tick, parts, people, log);
}

/// Everyone loaded: all set off for the group's destination.
fn head_out(
    i: usize,
    tick: u64,
    parts: &mut Participants,
    people: &mut People,
    log: &mut EventLog,
) {
    let Some(c) = parts.list[i].carrying.as_mut() else {
        return;
    };
    c.heading_out = true;
    let loaded = c.loaded.clone();
    let Some(g) = loaded.first().and_then(|&m| people.persons[m].group) else {
        release(i, people, parts);
        return;
    };
    let dest: Target = people.groups[g].destination.clone();
    for m in loaded {
        let who = people.persons[m].id.clone();
        if people.send(m, dest.clone(), Vec::new()) {
            log.push(tick, SimEvent::StartedMoving { who });
        }
    }
    go(i, dest, Vec::new(), tick, parts, people, log);
}

/// The carry given up (no way to the infant, or the carrier hurt): the cot is left for others.
fn release(i: usize, people: &mut People, parts: &mut Participants) {
    let me = parts.list[i].person;
    for c in people.cots.iter_mut().filter(|c| c.held_by == Some(me)) {
        c.held_by = None;
        c.at = people.net.walkers[me].pos;
        c.node = people.net.walkers[me].node;
    }
    parts.list[i].carrying = None;
}

/// Put down at the destination, or by a carrier hurt on the way (the infants then lie where
/// they are until someone else comes): the carrier walks at their own pace again.
fn put_down(me: usize, c: &Carry, people: &mut People) {
    people.net.walkers[me].free_speed_mps = c.own_speed_mps;
    for &m in &c.loaded {
        people.net.set_leader(m, None);
        if people.persons[m].state == PersonState::Moving {
            people.halt(m, PersonState::Still);
        }
        people.persons[m].carried_by = None;
    }
}
