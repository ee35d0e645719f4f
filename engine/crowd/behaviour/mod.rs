//! How the simulated occupants behave (no Bevy): what they hear, when they take cover or run at
//! the alarm, when an order to leave reaches their group, when they set off and whom they follow,
//! and when they count as accounted for. Plain data in and out; `sim::people` is the Bevy
//! adapter that draws the random numbers, reads the journal and moves people in the network.
//!
//! Why in `crowd`: these are the decision half of the same evacuation model whose movement half
//! `crowd` already is (its `profiles` give free speeds by profile, this panic chances and
//! pre-movement rules), and `crowd` is a kernel already, so no new top-level module is needed.
//!
//! `alarm`: cover or panic; `orders`: the evacuation signal and what an action orders;
//! `departure`: when a group goes and each member sets off; `accounting`: who is where they will
//! stay; `sleep`: what wakes a sleeper. Everything is re-exported here.
//!
//! Times are integer ticks at `tick_hz`; durations are in seconds and become ticks by [`ticks`],
//! the drill's one rounding (the simulation's `tick_of` is it at the drill's rate).

mod accounting;
mod alarm;
mod departure;
mod orders;
mod sleep;

pub use accounting::{
    accounted_for, at_refuge, finished, settled, still_in_play, within_head_count_reach,
};
pub use alarm::{AlarmReaction, alarm_reaction, panic_chance, reacts_to_alarm};
pub use departure::{keeps_still, sets_off, takes_assigned_exit, walks_out};
pub use orders::{Addressee, Directive, EvacuationSignal, Orders, directive};
pub use sleep::{WAKE_WITHIN_S, wakes_after_alarm_s, wakes_to_alarm, woken_state};

use crate::drill::{Action, HazardEvent};
use crate::journal::events::{ActionName, SimEvent};

/// Seconds after the shaking stops before people leave on their own when nobody signals.
pub const SELF_EVACUATION_S: f64 = 120.0;
/// Seconds a group waits for its leader after the order before going without them.
pub const LEADER_WAIT_S: f64 = 60.0;
/// On terrain everyone is in one open space: a head count counts those within this distance (m).
pub const HEAD_COUNT_REACH_M: f64 = 30.0;

/// What someone is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PersonState {
    /// Normal activity, not yet told to go.
    Waiting,
    /// Drop, cover, hold on.
    Cover,
    Moving,
    /// Standing where they got to.
    Still,
    StayedBehind,
    Injured,
    Stranded,
}

/// Ticks in `seconds` at `tick_hz`, rounded up (forgiving float noise: 0.3 s is 3 ticks at
/// 10 Hz, not 4); 0 for what is not a positive finite time.
pub fn ticks(seconds: f64, tick_hz: u32) -> u64 {
    if seconds.is_finite() && seconds > 0.0 {
        libm::ceil(seconds * f64::from(tick_hz) - 1e-9) as u64
    } else {
        0
    }
}

/// What in the journal the occupants react to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cue<'a> {
    /// The early warning sounds or the ground starts to shake.
    Alarm,
    ShakingStopped,
    /// A participant's plan action, perhaps aimed at a group or a house.
    Action {
        participant: &'a str,
        action: Action,
        target: Option<&'a str>,
    },
}

/// The cue an event of the journal gives the occupants, if any.
pub fn cue(e: &SimEvent) -> Option<Cue<'_>> {
    match e {
        SimEvent::Hazard { event } => match event {
            HazardEvent::EarlyWarning | HazardEvent::ShakingStarts => Some(Cue::Alarm),
            HazardEvent::ShakingStops => Some(Cue::ShakingStopped),
            HazardEvent::FireReported | HazardEvent::FireWithinReach | HazardEvent::WaterRising => {
                None
            }
        },
        SimEvent::Action {
            participant,
            action: ActionName::Plan(a),
            target,
        } => Some(Cue::Action {
            participant,
            action: *a,
            target: target.as_deref(),
        }),
        SimEvent::Action { .. }
        | SimEvent::DrillStarted { .. }
        | SimEvent::PhaseChanged { .. }
        | SimEvent::EvacuationCapacity { .. }
        | SimEvent::Aftershock { .. }
        | SimEvent::GroundMotion { .. }
        | SimEvent::WarningIssued { .. }
        | SimEvent::InjectFired { .. }
        | SimEvent::Blocked { .. }
        | SimEvent::Cleared { .. }
        | SimEvent::NotSimulated { .. }
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
        | SimEvent::WindChanged { .. }
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
        | SimEvent::Revealed { .. } => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HZ: u32 = 10;

    #[test]
    fn seconds_become_ticks_rounded_up_forgiving_float_noise() {
        assert_eq!(ticks(120.0, HZ), 1200);
        assert_eq!(ticks(0.3, HZ), 3);
        assert_eq!(ticks(0.31, HZ), 4);
        assert_eq!(ticks(0.01, HZ), 1);
        assert_eq!(ticks(0.0, HZ), 0);
        assert_eq!(ticks(-5.0, HZ), 0);
        assert_eq!(ticks(f64::NAN, HZ), 0);
        assert_eq!(ticks(f64::INFINITY, HZ), 0);
    }

    #[test]
    fn the_occupants_hear_the_early_warning_the_shaking_and_plan_actions_only() {
        let hazard = |event| SimEvent::Hazard { event };
        assert_eq!(cue(&hazard(HazardEvent::EarlyWarning)), Some(Cue::Alarm));
        assert_eq!(cue(&hazard(HazardEvent::ShakingStarts)), Some(Cue::Alarm));
        assert_eq!(
            cue(&hazard(HazardEvent::ShakingStops)),
            Some(Cue::ShakingStopped)
        );
        assert_eq!(cue(&hazard(HazardEvent::FireReported)), None);
        assert_eq!(cue(&hazard(HazardEvent::WaterRising)), None);
        let action = |action| SimEvent::Action {
            participant: "teacher".into(),
            action,
            target: Some("class-1".into()),
        };
        assert_eq!(
            cue(&action(ActionName::Plan(Action::GuideGroup))),
            Some(Cue::Action {
                participant: "teacher",
                action: Action::GuideGroup,
                target: Some("class-1"),
            })
        );
        assert_eq!(cue(&action(ActionName::Walk)), None);
        assert_eq!(cue(&SimEvent::StartedMoving { who: "a".into() }), None);
    }
}
