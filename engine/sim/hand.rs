//! Leading toddlers by the hand (手牵手): an adult takes the slowest children of their group in
//! the space where they stand by the hand, as many as the group's `hand_led_per_adult` (two
//! when not stated: two hands), and walks them to the group's destination.
//!
//! Why it matters: a class walks at the pace of its slowest member walking with its leader
//! (NIST TN 1822 2.9, the crowd kernel's group rule). The children in a second adult's hands
//! follow that adult instead, so the rest of the class keeps the pace of the next slowest.

use super::log::EventLog;
use super::participants::{Participants, go, target_groups};
use super::people::{People, PersonState};
use crate::crowd::behaviour;
use crate::journal::events::SimEvent;

/// Children in an adult's hands: who, of which group, the room they were taken in, and whether
/// they have set off.
#[derive(Clone, Debug)]
pub struct Leading {
    children: Vec<usize>,
    group: usize,
    node: usize,
    set_off: bool,
}

/// Hands an adult has: how many children they lead when the group states no number.
const HANDS: u32 = 2;

/// Participant `i` takes children of the group named (or of their first group with children
/// in their space) by the hand and sets off with them for that group's destination.
pub(super) fn start(
    i: usize,
    target: Option<&str>,
    tick: u64,
    parts: &mut Participants,
    people: &mut People,
    log: &mut EventLog,
) {
    if parts.list[i].leading.is_some() {
        return;
    }
    let me = parts.list[i].person;
    let node = people.net.walkers[me].node;
    let groups = target_groups(i, target, parts, people);
    let waiting = |people: &People, m: usize| {
        let p = &people.persons[m];
        p.participant.is_none()
            && behaviour::walks_out(p.profile)
            && !p.asleep
            && p.led_by_hand.is_none()
            && p.carried_by.is_none()
            && !p.hides
            && !p.outside
            && !p.at_refuge()
            && people.net.walkers[m].node == node
            && matches!(
                p.state,
                PersonState::Waiting
                    | PersonState::Cover
                    | PersonState::Still
                    | PersonState::Moving
            )
    };
    let Some(g) = groups
        .into_iter()
        .find(|&g| people.groups[g].members.iter().any(|&m| waiting(people, m)))
    else {
        return;
    };
    let n = people.groups[g].hand_led_per_adult.unwrap_or(HANDS) as usize;
    let mut children: Vec<usize> = people.groups[g]
        .members
        .iter()
        .copied()
        .filter(|&m| waiting(people, m))
        .collect();
    // The slowest first: they are the ones who hold the class back.
    children.sort_by(|&a, &b| {
        let v = |m: usize| people.net.walkers[m].free_speed_mps;
        v(a).total_cmp(&v(b)).then(a.cmp(&b))
    });
    children.truncate(n);
    for &c in &children {
        people.persons[c].led_by_hand = Some(me);
        people.net.set_leader(c, Some(me));
    }
    parts.list[i].leading = Some(Leading {
        children,
        group: g,
        node,
        set_off: false,
    });
    set_off_last(i, tick, parts, people, log);
}

/// Children in hand, the adult walks at the back of the class (一前一后): they set off once no
/// other child of the class in the room is still to leave.
fn set_off_last(
    i: usize,
    tick: u64,
    parts: &mut Participants,
    people: &mut People,
    log: &mut EventLog,
) {
    let Some(l) = parts.list[i].leading.as_ref() else {
        return;
    };
    if l.set_off {
        return;
    }
    let still_to_leave = people.groups[l.group].members.iter().any(|&m| {
        let p = &people.persons[m];
        !l.children.contains(&m)
            && behaviour::walks_out(p.profile)
            && !p.asleep
            && !p.hides
            && p.carried_by.is_none()
            && people.net.walkers[m].node == l.node
            && matches!(
                p.state,
                PersonState::Waiting | PersonState::Cover | PersonState::Still
            )
    });
    if still_to_leave {
        return;
    }
    let (children, g) = (l.children.clone(), l.group);
    let dest = people.groups[g].destination.clone();
    log.push(
        tick,
        SimEvent::LedByHand {
            participant: parts.list[i].id.clone(),
            children: children
                .iter()
                .map(|&c| people.persons[c].id.clone())
                .collect(),
        },
    );
    for c in children {
        if people.persons[c].state != PersonState::Moving {
            people.persons[c].started = true;
            let who = people.persons[c].id.clone();
            if people.send(c, dest.clone(), Vec::new()) {
                log.push(tick, SimEvent::StartedMoving { who });
            }
        }
    }
    if let Some(l) = parts.list[i].leading.as_mut() {
        l.set_off = true;
    }
    go(i, dest, Vec::new(), tick, parts, people, log);
}

/// Every hand-led walk, one tick on: setting off at the back of the class; a child lets go at
/// the destination, or when the adult is hurt (they go on with the class) or someone else has
/// taken them.
pub(super) fn lead_by_hand(
    tick: u64,
    parts: &mut Participants,
    people: &mut People,
    log: &mut EventLog,
) {
    for i in 0..parts.list.len() {
        set_off_last(i, tick, parts, people, log);
        let me = parts.list[i].person;
        let Some(l) = parts.list[i].leading.as_mut() else {
            continue;
        };
        let hurt = people.persons[me].state == PersonState::Injured;
        l.children.retain(|&c| {
            let p = &people.persons[c];
            let arrived = p.state != PersonState::Moving && (p.at_refuge() || p.outside);
            let taken = people.net.walkers[c].leader != Some(me);
            if !(hurt || arrived || taken) {
                return true;
            }
            people.persons[c].led_by_hand = None;
            if !taken {
                people.net.set_leader(c, None);
            }
            false
        });
        if l.children.is_empty() {
            parts.list[i].leading = None;
        }
    }
}
