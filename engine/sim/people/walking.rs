//! Driving the crowd network: sending people on their way, halting them, blocking links, and
//! moving everyone one tick, its milestones (doors, stairs, exits, lifts, arrivals) journalled.

use super::{People, PersonState, Target};
use crate::crowd::network::{Goal, LinkKind, Milestone, RouteOptions};
use crate::journal::events::SimEvent;
use crate::sim::TICK_HZ;
use crate::sim::clock::DrillClock;
use crate::sim::log::EventLog;
use bevy::prelude::*;

impl People {
    /// Send a person on their way; `then` follows once they arrive.
    pub fn send(&mut self, p: usize, target: Target, then: Vec<Target>) -> bool {
        let ok = self.net.send(p, target.goal.clone());
        let person = &mut self.persons[p];
        person.target = Some(target);
        person.then = then.into();
        person.state = if ok {
            PersonState::Moving
        } else {
            PersonState::Stranded
        };
        ok
    }

    pub fn halt(&mut self, p: usize, state: PersonState) {
        self.net.halt(p);
        self.persons[p].state = state;
    }

    /// Block (or clear) a link: everyone it cuts off is stranded; once cleared, those it had
    /// stranded who can now reach their goal set off again (journalled, so they are back in
    /// play for the count and the evaluation).
    pub fn set_link_blocked(&mut self, l: usize, block: bool, tick: u64, log: &mut EventLog) {
        let was_stranded: Vec<usize> = (0..self.persons.len())
            .filter(|&p| self.persons[p].state == PersonState::Stranded)
            .collect();
        let stranded = self.net.set_blocked(l, block);
        for &p in &stranded {
            if self.persons[p].state == PersonState::Stranded {
                continue;
            }
            self.persons[p].state = PersonState::Stranded;
            let who = self.persons[p].id.clone();
            let place = self.place_of(p);
            log.push(tick, SimEvent::Stranded { who, place });
        }
        if block {
            return;
        }
        for p in was_stranded.into_iter().filter(|p| !stranded.contains(p)) {
            self.persons[p].state = PersonState::Moving;
            let who = self.persons[p].id.clone();
            log.push(tick, SimEvent::StartedMoving { who });
        }
    }
}

/// Everyone moves one tick; milestones become events.
pub(super) fn walk(clock: Res<DrillClock>, mut log: ResMut<EventLog>, mut people: ResMut<People>) {
    let tick = clock.tick;
    let people = &mut *people;
    people.milestones.clear();
    people
        .net
        .step(1.0 / f64::from(TICK_HZ), tick, &mut people.milestones);
    let milestones = std::mem::take(&mut people.milestones);
    for m in &milestones {
        match *m {
            Milestone::Reached { .. } => {}
            Milestone::Passed { person, link } => {
                let who = people.persons[person].id.clone();
                let l = &people.net.graph.links[link];
                let e = match l.kind {
                    LinkKind::Door => SimEvent::PassedDoor {
                        who,
                        door: l.id.clone(),
                    },
                    LinkKind::Stair { .. } => {
                        let here = people.net.walkers[person].node;
                        let down =
                            people.net.graph.elevation(l.a) < people.net.graph.elevation(here);
                        SimEvent::EnteredStair {
                            who,
                            stair: l.id.clone(),
                            down,
                        }
                    }
                    LinkKind::Exit => {
                        people.persons[person].outside = true;
                        SimEvent::LeftBuilding {
                            who,
                            exit: l.id.clone(),
                        }
                    }
                    LinkKind::Lift { .. } => SimEvent::TookLift {
                        who,
                        lift: l.id.split('#').next().unwrap_or_default().to_string(),
                    },
                };
                log.push(tick, e);
            }
            Milestone::Arrived { person, node } => {
                let kind = people.node_place_kind(node);
                let p = &mut people.persons[person];
                let reached = p.target.take().unwrap_or(Target {
                    goal: Goal {
                        nodes: vec![node],
                        point: None,
                        options: RouteOptions::default(),
                    },
                    place: String::new(),
                    kind,
                });
                p.state = PersonState::Still;
                log.push(
                    tick,
                    SimEvent::Arrived {
                        who: p.id.clone(),
                        place: reached.place.clone(),
                        place_kind: reached.kind,
                    },
                );
                if p.hides {
                    // Hidden where they meant to hide: the count must find them here.
                    p.hides = false;
                    p.state = PersonState::StayedBehind;
                    p.then.clear();
                    let (who, place) = (p.id.clone(), reached.place.clone());
                    p.at = Some(reached);
                    log.push(tick, SimEvent::StayedBehind { who, place });
                    continue;
                }
                p.at = Some(reached);
                if let Some(next) = p.then.pop_front() {
                    let rest: Vec<Target> = p.then.drain(..).collect();
                    let who = p.id.clone();
                    if !people.send(person, next.clone(), rest) {
                        log.push(
                            tick,
                            SimEvent::Stranded {
                                who,
                                place: next.place,
                            },
                        );
                    }
                }
            }
        }
    }
    people.milestones = milestones;
}
