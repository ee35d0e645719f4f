//! Sweeping the rooms (清查): a participant checks each space they answer for once its last
//! occupant has left, finds whoever hides or still sleeps there, and only then goes on to the
//! assembly area — the care worker who leaves the activity room last.
//!
//! A sweeper waits in a space while anyone of its occupants is still there and able to leave
//! (getting up, in the doorway, asleep: they wake the sleepers, as anyone coming to them does);
//! a space is checked once only those hiding, hurt or cut off are left. Those hiding are found
//! and follow the sweeper out at the sweeper's pace. The whole sweep is journalled once, as
//! `Swept`, when the last space is checked: the plan's `SweepRooms` step is judged on it.

use super::log::EventLog;
use super::participants::{Participants, go};
use super::people::{People, PersonState};
use crate::journal::events::{PlaceKind, SimEvent};
use crate::scenario::schema::SiteRef;
use std::collections::VecDeque;

/// A sweep under way: the spaces (graph nodes) still to check, those checked, who was found.
#[derive(Clone, Debug, Default)]
pub struct Sweep {
    todo: VecDeque<usize>,
    checked: Vec<String>,
    found: Vec<String>,
}

/// The spaces participant `i` sweeps: those they answer for, else where their groups started,
/// else where they are.
pub(super) fn start(
    i: usize,
    tick: u64,
    parts: &mut Participants,
    people: &mut People,
    log: &mut EventLog,
) {
    let st = &parts.list[i];
    let g = people.graph();
    let mut todo: Vec<usize> = st.spaces.iter().filter_map(|s| g.node(s)).collect();
    if todo.is_empty() {
        for &k in &st.groups {
            for &m in &people.groups[k].members {
                todo.push(people.persons[m].start_node);
            }
        }
    }
    if todo.is_empty() {
        todo.push(people.net.walkers[st.person].node);
    }
    let mut seen = Vec::new();
    todo.retain(|n| {
        let new = !seen.contains(n);
        seen.push(*n);
        new
    });
    parts.list[i].sweep = Some(Sweep {
        todo: todo.into(),
        ..Sweep::default()
    });
    head_on(i, tick, parts, people, log);
}

/// Off to the next space to check, or, with none left, done.
fn head_on(i: usize, tick: u64, parts: &mut Participants, people: &mut People, log: &mut EventLog) {
    let me = parts.list[i].person;
    loop {
        let Some(&node) = parts.list[i].sweep.as_ref().and_then(|s| s.todo.front()) else {
            finish(i, tick, parts, people, log);
            return;
        };
        let id = people.graph().nodes[node].id.clone();
        let inside = people.net.walkers[me].node == node;
        if inside
            && !matches!(
                people.persons[me].state,
                PersonState::Moving | PersonState::Stranded
            )
        {
            return;
        }
        // Into it, to wait out of the way (or, already in it but on the way out or cut off on
        // the way out, there: a cleared door must not send the sweeper off before the sweep is
        // done).
        if let Some(mut t) = people.target(&SiteRef::Space(id)) {
            t.goal.point = people.aside_in(node).or(t.goal.point);
            go(i, t, Vec::new(), tick, parts, people, log);
            if people.persons[me].state == PersonState::Moving {
                return;
            }
        }
        // Cannot get there: it stays unchecked, and the sweep goes on without it.
        people.persons[me].state = PersonState::Still;
        if let Some(s) = parts.list[i].sweep.as_mut() {
            s.todo.pop_front();
        }
    }
}

/// Every sweep under way, one tick on.
pub(super) fn sweep_rooms(
    tick: u64,
    parts: &mut Participants,
    people: &mut People,
    log: &mut EventLog,
) {
    for i in 0..parts.list.len() {
        if parts.list[i].sweep.is_none() {
            continue;
        }
        let me = parts.list[i].person;
        // Hurt, they sweep no more; cut off on some earlier way, the sweep sends them on.
        if people.persons[me].state == PersonState::Injured {
            parts.list[i].sweep = None;
            continue;
        }
        step(i, tick, parts, people, log);
    }
}

fn step(i: usize, tick: u64, parts: &mut Participants, people: &mut People, log: &mut EventLog) {
    let me = parts.list[i].person;
    let Some(sweep) = parts.list[i].sweep.as_ref() else {
        return;
    };
    let Some(&node) = sweep.todo.front() else {
        return;
    };
    let id = people.graph().nodes[node].id.clone();
    if people.net.walkers[me].node != node {
        match people.persons[me].state {
            // On the way there, or down in an aftershock.
            PersonState::Moving
                if people.persons[me]
                    .target
                    .as_ref()
                    .is_some_and(|t| t.place == id) => {}
            PersonState::Cover => {}
            // Walked off elsewhere: they have given the sweep up.
            PersonState::Moving => parts.list[i].sweep = None,
            // Up again after cover: on with it.
            PersonState::Waiting
            | PersonState::Still
            | PersonState::StayedBehind
            | PersonState::Injured
            | PersonState::Stranded => head_on(i, tick, parts, people, log),
        }
        return;
    }
    // In the space: anyone still to leave it holds the sweeper here; sleepers are woken.
    let mut waiting = false;
    for m in 0..people.persons.len() {
        let p = &people.persons[m];
        if p.participant.is_some() || people.net.walkers[m].node != node {
            continue;
        }
        match p.state {
            PersonState::Waiting
            | PersonState::Cover
            | PersonState::Moving
            | PersonState::Still => {
                waiting = true;
                // Whoever is still at their activity (or asleep) is woken and told to go.
                if matches!(p.state, PersonState::Waiting | PersonState::Still)
                    && let Some(g) = p.group
                {
                    let o = &mut people.groups[g].orders;
                    o.roused_at.get_or_insert(tick);
                    o.order(tick);
                }
            }
            PersonState::StayedBehind | PersonState::Injured | PersonState::Stranded => {}
        }
    }
    if waiting {
        return;
    }
    // Checked: whoever hides here comes out with the sweeper.
    let hidden: Vec<usize> = (0..people.persons.len())
        .filter(|&m| {
            let p = &people.persons[m];
            p.participant.is_none()
                && p.state == PersonState::StayedBehind
                && people.net.walkers[m].node == node
        })
        .collect();
    let mut found = Vec::new();
    for m in hidden {
        let Some(g) = people.persons[m].group else {
            continue;
        };
        let dest = people.groups[g].destination.clone();
        let who = people.persons[m].id.clone();
        people.net.set_leader(m, Some(me));
        if people.send(m, dest, Vec::new()) {
            log.push(tick, SimEvent::StartedMoving { who: who.clone() });
            found.push(who);
        } else {
            people.persons[m].state = PersonState::StayedBehind;
        }
    }
    if let Some(s) = parts.list[i].sweep.as_mut() {
        s.todo.pop_front();
        s.checked.push(id);
        s.found.extend(found);
    }
    head_on(i, tick, parts, people, log);
}

/// The last space checked: journal the sweep and go on to where one's groups go.
fn finish(i: usize, tick: u64, parts: &mut Participants, people: &mut People, log: &mut EventLog) {
    let Some(sweep) = parts.list[i].sweep.take() else {
        return;
    };
    log.push(
        tick,
        SimEvent::Swept {
            participant: parts.list[i].id.clone(),
            spaces: sweep.checked,
            found: sweep.found,
        },
    );
    let me = parts.list[i].person;
    let dest = match parts.list[i].groups.first() {
        Some(&g) => Some(people.groups[g].destination.clone()),
        None => people.nearest_refuge(me, PlaceKind::AssemblyArea),
    };
    if let Some(t) = dest {
        go(i, t, Vec::new(), tick, parts, people, log);
    }
}
