//! Carrying infants out (抱出): an adult goes to an infant of their group who is still inside,
//! picks them up and walks them to the group's destination at the group's `carry_speed_mps`,
//! then is free to go back for the next. One infant at a time.
//!
//! The carried infant keeps a body of their own in the crowd, at the carrier's side: they follow
//! the carrier (the kernel's group pace) and the carrier walks, stairs included, at the carrying
//! pace until they are put down at the destination.

use super::log::EventLog;
use super::participants::{Participants, go};
use super::people::{People, PersonState, Target};
use crate::journal::events::SimEvent;
use crate::scenario::geometry::dist;
use crate::scenario::schema::SiteRef;

/// How near the carrier must be to pick an infant up (m).
const REACH_M: f64 = 1.0;

/// An infant being fetched or carried, and the carrier's own free speed to restore.
#[derive(Clone, Debug)]
pub struct Carry {
    infant: usize,
    picked_up: bool,
    own_speed_mps: f64,
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
    let groups: Vec<usize> = match target {
        Some(t) => people
            .groups
            .iter()
            .position(|g| g.id == t)
            .into_iter()
            .collect(),
        None => parts.list[i].groups.clone(),
    };
    let taken: Vec<usize> = parts
        .list
        .iter()
        .filter_map(|p| p.carrying.as_ref().map(|c| c.infant))
        .collect();
    groups
        .iter()
        .flat_map(|&g| people.groups[g].members.iter().copied())
        .filter(|&m| people.persons[m].waits_to_be_carried() && !taken.contains(&m))
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

/// Off to fetch the next infant, if any is left.
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
    parts.list[i].carrying = Some(Carry {
        infant,
        picked_up: false,
        own_speed_mps: people.net.walkers[me].free_speed_mps,
    });
    fetch(i, tick, parts, people, log);
}

/// Walk to where the infant lies.
fn fetch(i: usize, tick: u64, parts: &mut Participants, people: &mut People, log: &mut EventLog) {
    let Some(c) = parts.list[i].carrying.as_ref() else {
        return;
    };
    let w = &people.net.walkers[c.infant];
    let (node, pos) = (w.node, w.pos);
    let id = people.graph().nodes[node].id.clone();
    let Some(mut t) = people.target(&SiteRef::Space(id)) else {
        parts.list[i].carrying = None;
        return;
    };
    t.goal.point = Some(pos);
    go(i, t, Vec::new(), tick, parts, people, log);
}

/// Every carry under way, one tick on: pick up on reaching the infant, put down on arriving.
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
            parts.list[i].carrying = None;
            continue;
        }
        if !c.picked_up {
            let (a, b) = (&people.net.walkers[me], &people.net.walkers[c.infant]);
            if a.node == b.node && dist(a.pos, b.pos) <= REACH_M {
                pick_up(i, &c, tick, parts, people, log);
            } else if !matches!(
                people.persons[me].state,
                PersonState::Moving | PersonState::Cover
            ) {
                // Stopped short (or sent elsewhere and arrived): on to the infant again.
                fetch(i, tick, parts, people, log);
            }
            continue;
        }
        let p = &people.persons[c.infant];
        if p.state != PersonState::Moving && (p.at_refuge() || p.outside) {
            put_down(me, &c, people);
            parts.list[i].carrying = None;
        }
    }
}

/// In the carrier's arms: both set off for the group's destination at the carrying pace.
fn pick_up(
    i: usize,
    c: &Carry,
    tick: u64,
    parts: &mut Participants,
    people: &mut People,
    log: &mut EventLog,
) {
    let me = parts.list[i].person;
    let Some(g) = people.persons[c.infant].group else {
        parts.list[i].carrying = None;
        return;
    };
    let dest: Target = people.groups[g].destination.clone();
    let pace = people.net.walkers[c.infant].free_speed_mps;
    people.net.walkers[me].free_speed_mps = c.own_speed_mps.min(pace);
    people.persons[c.infant].carried_by = Some(me);
    people.persons[c.infant].started = true;
    people.net.set_leader(c.infant, Some(me));
    let who = people.persons[c.infant].id.clone();
    if people.send(c.infant, dest.clone(), Vec::new()) {
        log.push(tick, SimEvent::StartedMoving { who });
    }
    if let Some(k) = parts.list[i].carrying.as_mut() {
        k.picked_up = true;
    }
    go(i, dest, Vec::new(), tick, parts, people, log);
}

/// Put down at the destination, or by a carrier hurt on the way (the infant then lies where
/// they are until someone else comes): the carrier walks at their own pace again.
fn put_down(me: usize, c: &Carry, people: &mut People) {
    people.net.walkers[me].free_speed_mps = c.own_speed_mps;
    people.net.set_leader(c.infant, None);
    let p = &people.persons[c.infant];
    if c.picked_up && p.state == PersonState::Moving {
        people.halt(c.infant, PersonState::Still);
        people.persons[c.infant].carried_by = None;
    }
}
