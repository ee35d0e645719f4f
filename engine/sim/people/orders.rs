//! The occupants' side of the journal: each tick's news (the alarm, the shaking stopping, the
//! participants' orders) becomes cover, panic and orders to leave; ordered groups then set off
//! member by member. Thin adapters: the rules are `crowd::behaviour`'s, the draws and the moves
//! are made here, in the order the journal depends on.

use super::{People, PersonState};
use crate::crowd::behaviour::{self, Addressee, AlarmReaction, Cue, Directive};
use crate::journal::events::SimEvent;
use crate::sim::clock::DrillClock;
use crate::sim::hazards::HazardTimeline;
use crate::sim::log::EventLog;
use crate::sim::{DrillSetup, TICK_HZ};
use bevy::prelude::*;
use rand::Rng;

/// Read this tick's news: orders to leave, guiding leaders, the alarm (take cover).
pub(super) fn orders(
    setup: Res<DrillSetup>,
    clock: Res<DrillClock>,
    mut log: ResMut<EventLog>,
    mut people: ResMut<People>,
) {
    let tick = clock.tick;
    let people = &mut *people;
    let mut news = Vec::new();
    for (_, e) in &log.entries[people.scanned..] {
        match behaviour::cue(e) {
            None => {}
            Some(Cue::Alarm) => alarm(people, &mut news, tick),
            Some(Cue::ShakingStopped) => {
                // Nobody signals: people leave on their own after a while.
                people
                    .evacuation_signal
                    .shaking_stopped(setup.scenario.meta.kind, tick, TICK_HZ);
            }
            Some(Cue::Action {
                participant,
                action,
                target,
            }) => {
                let by = setup
                    .scenario
                    .participants
                    .iter()
                    .position(|p| p.id == participant);
                if let Some(d) = behaviour::directive(action, people.building) {
                    obey(people, d, by, target, tick);
                    if d == (Directive::AtTheDoor { escort: true }) {
                        persuade(people, by, target, &mut news);
                    }
                }
            }
        }
    }
    people.scanned = log.entries.len();
    for e in news {
        log.push(tick, e);
    }
    if let Some(t) = people.evacuation_signal.due(tick) {
        people.order(None, t);
    }
}

/// The alarm: each occupant who reacts draws from the panic stream, in order, and takes cover
/// or runs for their group's destination at once, through the shaking, alone.
fn alarm(people: &mut People, news: &mut Vec<SimEvent>, tick: u64) {
    for m in 0..people.persons.len() {
        let p = &people.persons[m];
        if !behaviour::reacts_to_alarm(people.building, p.participant.is_none(), p.state) {
            continue;
        }
        if p.asleep {
            // Asleep, they hear it or sleep through it; they do not react yet.
            hear_in_sleep(people, m, tick);
            continue;
        }
        let profile = p.profile;
        let group = p.group;
        match behaviour::alarm_reaction(profile, people.panic_rng.random::<f64>()) {
            AlarmReaction::TakeCover => people.persons[m].state = PersonState::Cover,
            AlarmReaction::Run => {
                let Some(dest) = group.map(|g| people.groups[g].destination.clone()) else {
                    continue;
                };
                let who = people.persons[m].id.clone();
                people.persons[m].started = true;
                news.push(SimEvent::Panicked { who: who.clone() });
                news.push(SimEvent::StartedMoving { who: who.clone() });
                if !people.send(m, dest.clone(), Vec::new()) {
                    news.push(SimEvent::Stranded {
                        who,
                        place: dest.place,
                    });
                }
            }
        }
    }
}

/// A sleeper hears an alarm, a bell or a broadcast: two draws from the panic stream (whether
/// it wakes them, and when), made only for sleepers, so drills without any keep their draws.
fn hear_in_sleep(people: &mut People, m: usize, tick: u64) {
    let (whether, when) = (
        people.panic_rng.random::<f64>(),
        people.panic_rng.random::<f64>(),
    );
    if let Some(s) = behaviour::wakes_after_alarm_s(people.persons[m].profile, whether, when) {
        let at = tick + behaviour::ticks(s, TICK_HZ);
        let p = &mut people.persons[m];
        p.wakes_at = Some(p.wakes_at.map_or(at, |w| w.min(at)));
    }
}

/// A household moved by its cadre at the door: whoever of it stayed behind there (refused to
/// leave) and stands within reach of the cadre is persuaded and walks out with them.
fn persuade(people: &mut People, by: Option<usize>, house: Option<&str>, news: &mut Vec<SimEvent>) {
    let (Some(by), Some(house)) = (by, house) else {
        return;
    };
    let Some(me) = people
        .persons
        .iter()
        .position(|p| p.participant == Some(by))
    else {
        return;
    };
    let here = people.net.walkers[me].pos;
    for m in 0..people.persons.len() {
        let p = &people.persons[m];
        let Some(g) = p.group else {
            continue;
        };
        let at_home = people.groups[g].start_house.as_deref() == Some(house);
        let near = behaviour::within_head_count_reach(crate::scenario::geometry::dist(
            here,
            people.net.walkers[m].pos,
        ));
        if !(at_home && near && p.state == PersonState::StayedBehind) {
            continue;
        }
        let dest = people.groups[g].destination.clone();
        people.net.set_leader(m, Some(me));
        if people.send(m, dest, Vec::new()) {
            news.push(SimEvent::StartedMoving {
                who: people.persons[m].id.clone(),
            });
        } else {
            people.persons[m].state = PersonState::StayedBehind;
        }
    }
}

/// A participant's directive, given by participant `by` aiming at `target`, to every group it
/// reaches. The evacuation signal is also a sound: it may wake sleepers in the groups.
fn obey(people: &mut People, d: Directive, by: Option<usize>, target: Option<&str>, tick: u64) {
    if d == Directive::EvacuateAll {
        people.evacuation_signal.give(tick);
        for m in 0..people.persons.len() {
            if people.persons[m].asleep && people.persons[m].participant.is_none() {
                hear_in_sleep(people, m, tick);
            }
        }
    }
    for g in &mut people.groups {
        let to = Addressee {
            id: &g.id,
            start_house: g.start_house.as_deref(),
            leaders: &g.leaders,
        };
        if d.reaches(&to, by, target) {
            d.apply(&mut g.orders, tick, by);
        }
    }
}

/// Sleepers wake: someone came to their group, an alarm they heard wakes them now, or the
/// ground shakes (then they cover in bed).
fn wake(people: &mut People, log: &mut EventLog, tick: u64, shaking: bool) {
    for m in 0..people.persons.len() {
        let p = &people.persons[m];
        if !p.asleep {
            continue;
        }
        let roused = p
            .group
            .is_some_and(|g| people.groups[g].orders.roused_at.is_some_and(|t| t <= tick));
        let heard = p.wakes_at.is_some_and(|t| t <= tick);
        if !(roused || heard || shaking) {
            continue;
        }
        let p = &mut people.persons[m];
        p.asleep = false;
        p.woke_at = Some(tick);
        p.state = behaviour::woken_state(shaking && !roused && !heard);
        log.push(tick, SimEvent::Woke { who: p.id.clone() });
    }
}

/// Occupants whose time has come set off for their destination.
pub(super) fn depart(
    clock: Res<DrillClock>,
    timeline: Res<HazardTimeline>,
    mut log: ResMut<EventLog>,
    mut people: ResMut<People>,
) {
    let tick = clock.tick;
    let keep_still = behaviour::keeps_still(timeline.shaking_at(tick), people.building);
    wake(&mut people, &mut log, tick, keep_still);
    for g in 0..people.groups.len() {
        let grp = &people.groups[g];
        let Some(base) = grp.orders.departs_at(grp.leader.is_some(), TICK_HZ) else {
            continue;
        };
        if tick < base {
            continue;
        }
        let members = grp.members.clone();
        let dest = grp.destination.clone();
        let exit = grp.exit;
        // A guided class follows its teacher: at the teacher's pace, never ahead.
        let guide = grp
            .orders
            .follows(&grp.leaders)
            .and_then(|l| people.persons.iter().position(|p| p.participant == Some(l)));
        for m in members {
            let p = &people.persons[m];
            // A sleeper's pre-movement runs from waking at the earliest.
            let from = p.woke_at.map_or(base, |w| w.max(base));
            // Infants go only in someone's arms (`sim::carry`), children in someone's hands
            // with them (`sim::hand`).
            if p.asleep
                || p.led_by_hand.is_some()
                || !behaviour::walks_out(p.profile)
                || !behaviour::sets_off(p.state, p.pre_movement_s, from, tick, TICK_HZ, keep_still)
            {
                continue;
            }
            let mut target = dest.clone();
            if let Some(e) = exit {
                let link = &people.net.graph.links[e];
                if behaviour::takes_assigned_exit(link.blocked, target.goal.nodes.contains(&link.b))
                {
                    target.goal.options.only_exit = Some(e);
                }
            }
            let who = people.persons[m].id.clone();
            people.net.set_leader(m, guide);
            people.persons[m].started = true;
            log.push(tick, SimEvent::StartedMoving { who: who.clone() });
            if !people.send(m, target.clone(), Vec::new()) {
                target.goal.options.only_exit = None;
                if !people.send(m, target.clone(), Vec::new()) {
                    log.push(
                        tick,
                        SimEvent::Stranded {
                            who,
                            place: target.place,
                        },
                    );
                }
            }
        }
    }
}
