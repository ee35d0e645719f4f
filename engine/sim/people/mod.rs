//! Everyone in the drill: occupants (simulated people) and the participants' bodies, moving in
//! the crowd network.
//!
//! Occupants wait for an order: the evacuation signal in a building (in an earthquake, people
//! go on their own 120 s after the shaking stops if nobody signals), a broadcast, or a cadre at
//! their door on a terrain site. A group with a leader goes when the leader guides it (or 60 s
//! after the order if the leader never comes); then each occupant sets off after their own
//! pre-movement time, drawn from the scenario's distribution. During an earthquake's alarm they
//! keep still under cover. Those rules are the Bevy-free kernel `crowd::behaviour`; free speeds
//! by profile come from `crowd::profiles`; movement from the crowd kernel (`crowd::kernel`).
//!
//! Here: [`People`] and the plugin; `population` sets everyone at their start, `places` says
//! where people are and resolves places to go to, `orders` turns the journal's news into orders
//! and departures, `walking` drives the crowd network and journals its milestones.

mod orders;
mod places;
mod population;
mod walking;

pub use crate::crowd::behaviour::{LEADER_WAIT_S, PersonState, SELF_EVACUATION_S, panic_chance};
pub use places::{Target, resolve};

use super::{DrillSetup, SimSet, SimTick};
use crate::crowd::behaviour::{self, EvacuationSignal, Orders};
use crate::crowd::network::{Milestone, Network};
use crate::journal::events::Posture;
use crate::scenario::schema::{Point, Profile, Scenario};
use bevy::prelude::*;
use rand::Rng;
use std::collections::VecDeque;

#[derive(Clone, Debug)]
pub struct Person {
    pub id: String,
    pub group: Option<usize>,
    pub participant: Option<usize>,
    pub profile: Profile,
    pub start_node: usize,
    pub start_pos: Point,
    pub state: PersonState,
    pub pre_movement_s: f64,
    pub started: bool,
    pub outside: bool,
    /// Where they are going now, and after that.
    pub target: Option<Target>,
    pub then: VecDeque<Target>,
    /// The last place reached.
    pub at: Option<Target>,
    /// How they are placed (cover, standing, at a window…), kept up to date during shaking.
    pub posture: Posture,
    /// On their way to hide (a Missing inject's `at`): they stay behind where they arrive.
    pub hides: bool,
    /// Asleep: they neither hear the order nor set off until woken.
    pub asleep: bool,
    /// When an alarm they heard in their sleep wakes them.
    pub wakes_at: Option<u64>,
    /// When they woke, if they were asleep: their pre-movement time runs from then at the
    /// earliest.
    pub woke_at: Option<u64>,
    /// The participant (by person index) carrying them out, once picked up (an infant).
    pub carried_by: Option<usize>,
    /// The participant (by person index) leading them by the hand (a toddler).
    pub led_by_hand: Option<usize>,
}

impl Person {
    /// An infant still inside whom nobody has picked up yet.
    pub fn waits_to_be_carried(&self) -> bool {
        self.profile == Profile::Infant
            && self.carried_by.is_none()
            && !self.outside
            && !self.at_refuge()
            && matches!(
                self.state,
                PersonState::Waiting | PersonState::Cover | PersonState::Still
            )
    }

    /// The last place reached is a refuge (wherever they are now).
    fn reached_refuge(&self) -> bool {
        self.at.as_ref().is_some_and(Target::is_refuge)
    }

    /// Standing at a refuge (assembly area, shelter, safety zone, high ground).
    pub fn at_refuge(&self) -> bool {
        behaviour::at_refuge(self.state, self.reached_refuge())
    }

    /// Where they will stay: at a refuge, or stayed behind, injured or cut off.
    pub fn settled(&self) -> bool {
        behaviour::settled(self.state, self.reached_refuge())
    }
}

#[derive(Clone, Debug)]
pub struct Group {
    pub id: String,
    pub members: Vec<usize>,
    /// The participants with the group (by index), its leader first.
    pub leaders: Vec<usize>,
    pub leader: Option<usize>,
    pub exit: Option<usize>,
    pub destination: Target,
    /// When the group was told to leave and when its leader came for it.
    pub orders: Orders,
    pub start_house: Option<String>,
    /// How many of its children an adult takes by the hand (`LeadByHand`), if stated.
    pub hand_led_per_adult: Option<u32>,
}

/// An evacuation cot: where it stands (its space's node), how many infants it holds and how
/// fast it is pushed, and who has it.
#[derive(Clone, Debug)]
pub struct Cot {
    pub node: usize,
    pub at: Point,
    pub capacity_infants: u32,
    pub push_speed_mps: f64,
    /// The person (index) pushing it, once taken.
    pub held_by: Option<usize>,
}

/// Head-count figures of a set of people.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Counts {
    pub people: u32,
    pub occupants: u32,
    pub out_of_building: u32,
    pub at_destination: u32,
    pub stayed_behind: u32,
    pub injured: u32,
    /// Cut off: nothing open leads where they must go.
    pub stranded: u32,
    pub accounted_for: u32,
}

impl Counts {
    /// Everyone accounted for: nobody missing or cut off, and every person settled.
    pub fn everyone_accounted_for(&self) -> bool {
        self.accounted_for == self.people
    }
}

#[derive(Resource, Debug)]
pub struct People {
    pub net: Network,
    pub persons: Vec<Person>,
    pub groups: Vec<Group>,
    /// The site's evacuation cots.
    pub cots: Vec<Cot>,
    building: bool,
    scenario: Scenario,
    rng: rand_chacha::ChaCha20Rng,
    milestones: Vec<Milestone>,
    /// Events before this index have been looked at for orders.
    scanned: usize,
    evacuation_signal: EvacuationSignal,
    /// Who panics at the alarm (its own stream: a change elsewhere shifts no one's panic).
    panic_rng: rand_chacha::ChaCha20Rng,
    /// Where the wind blows to (degrees from north) on a fire: a safety zone downwind is the
    /// last choice of an escape (fire.md: escape into the wind, never downwind).
    pub downwind_deg: Option<f64>,
}

pub(super) fn plugin(app: &mut App) {
    let setup = app.world().resource::<DrillSetup>().clone();
    match People::new(&setup) {
        Ok(people) => {
            app.insert_resource(people);
        }
        Err(e) => {
            // The scenario validated, so this is an engine gap; keep the message for the caller.
            app.insert_resource(SetupError(e));
            app.insert_resource(People::empty(&setup));
        }
    }
    app.add_systems(
        SimTick,
        (orders::orders, orders::depart, walking::walk)
            .chain()
            .in_set(SimSet::Move),
    );
}

/// A scenario the engine could not set up although it validated.
#[derive(Resource, Debug, Clone)]
pub struct SetupError(pub String);

impl People {
    /// The scenario the people were set up from.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for p in &self.persons {
            c.people += 1;
            let at_dest = p.at_refuge();
            let settled =
                behaviour::accounted_for(p.state, p.reached_refuge(), p.participant.is_some());
            if settled {
                c.accounted_for += 1;
            }
            c.stranded += u32::from(p.state == PersonState::Stranded);
            if p.participant.is_some() {
                continue;
            }
            c.occupants += 1;
            c.out_of_building += u32::from(p.outside);
            c.at_destination += u32::from(at_dest);
            c.stayed_behind += u32::from(p.state == PersonState::StayedBehind);
            c.injured += u32::from(p.state == PersonState::Injured);
        }
        c
    }

    /// Every occupant is at a refuge, stayed behind, injured or stranded.
    pub fn occupants_settled(&self) -> bool {
        self.persons
            .iter()
            .all(|p| p.participant.is_some() || p.settled())
    }

    /// Every occupant is at a refuge, stayed behind, injured or stranded, and no participant is
    /// on the move.
    pub fn all_settled(&self) -> bool {
        // With nobody to lead or count, a participant's own safety is what ends the drill.
        let alone = self.groups.is_empty();
        self.persons.iter().all(|p| {
            behaviour::finished(p.state, p.reached_refuge(), p.participant.is_some(), alone)
        })
    }

    /// Order a group (or every group) to leave, at `tick`, unless already ordered.
    pub fn order(&mut self, group: Option<usize>, tick: u64) {
        for (i, g) in self.groups.iter_mut().enumerate() {
            if group.is_none_or(|x| x == i) {
                g.orders.order(tick);
            }
        }
    }

    /// Choose `count` members of a group still in play, seeded; for the Missing and Injured
    /// injects.
    pub fn pick_members(&mut self, group: usize, count: u32) -> Vec<usize> {
        let mut pool: Vec<usize> = self.groups[group]
            .members
            .iter()
            .copied()
            .filter(|&m| behaviour::still_in_play(self.persons[m].state))
            .collect();
        let mut chosen = Vec::new();
        for _ in 0..count {
            if pool.is_empty() {
                break;
            }
            let i = self.rng.random_range(0..pool.len());
            chosen.push(pool.remove(i));
        }
        chosen.sort_unstable();
        chosen
    }
}
