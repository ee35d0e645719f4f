//! Sleepers (a nap room, a dormitory at night, a village before dawn): what wakes them.
//!
//! Sources: Bruck (1999), "Non-awakening in children in response to a smoke detector alarm",
//! *Fire Safety Journal* 32, 369–376: every adult woke to a 60 dBA alarm, and 95 % of those who
//! woke did so within 32 s; Bruck & Thomas (2011, *Fire and Materials*): 87 % of children aged
//! 5–10 slept through a 30 s alarm (56 % of those aged 11–15). So an alarm, a bell or a
//! broadcast wakes a child asleep with a chance of 13 % (the younger group's figure, which we
//! also take for nursery children, younger than any studied), and an adult for certain, within
//! 32 s. Someone coming to them (a carer waking the class, a cadre knocking at the door, the
//! leader coming for the group) wakes them at once. Strong shaking wakes everyone: GB/T
//! 17742-2020 already has most sleepers woken at intensity V, and drills start at VI; woken by
//! it in bed, they stay there and cover their head (ShakeOut: "if you are in bed, stay there").

use super::PersonState;
use crate::scenario::schema::Profile;

/// Those an alarm wakes wake within this time of it (s).
pub const WAKE_WITHIN_S: f64 = 32.0;

/// The chance that an alarm, a bell or a broadcast wakes a sleeper of `profile`.
pub fn wakes_to_alarm(profile: Profile) -> f64 {
    match profile {
        Profile::Child | Profile::Toddler | Profile::Infant => 0.13,
        Profile::Adult | Profile::Elderly | Profile::WheelchairUser => 1.0,
    }
}

/// Seconds after an alarm that a sleeper of `profile` wakes, from two uniform draws in [0, 1)
/// (whether, then when); `None` if they sleep through it.
pub fn wakes_after_alarm_s(profile: Profile, whether: f64, when: f64) -> Option<f64> {
    (whether < wakes_to_alarm(profile)).then_some(when * WAKE_WITHIN_S)
}

/// What a sleeper is doing once woken: by the shaking, covering in bed; else at their normal
/// activity, waiting for the order to leave.
pub fn woken_state(by_shaking: bool) -> PersonState {
    if by_shaking {
        PersonState::Cover
    } else {
        PersonState::Waiting
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_alarm_wakes_13_percent_of_sleeping_children_and_every_adult_within_32_s() {
        assert_eq!(wakes_after_alarm_s(Profile::Child, 0.1299, 0.5), Some(16.0));
        assert_eq!(wakes_after_alarm_s(Profile::Child, 0.13, 0.0), None);
        for p in [Profile::Adult, Profile::Elderly, Profile::WheelchairUser] {
            assert_eq!(wakes_after_alarm_s(p, 0.9999, 0.999), Some(0.999 * 32.0));
        }
    }

    #[test]
    fn the_shaking_wakes_sleepers_into_cover_in_bed() {
        assert_eq!(woken_state(true), PersonState::Cover);
        assert_eq!(woken_state(false), PersonState::Waiting);
    }
}
