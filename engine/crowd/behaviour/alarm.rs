//! The alarm (an earthquake's early warning or the shaking starting): who reacts, and whether
//! they take cover or run.

use super::PersonState;
use crate::scenario::schema::Profile;

/// The chance that an occupant runs at the alarm instead of taking cover, by profile. An
/// assumption for drilled occupants, to calibrate against observed drills: studies of real
/// earthquakes (video of the 2011 Christchurch and Tohoku shaking, Lambie et al. 2016) see many
/// untrained people run or freeze; a class that drills monthly far fewer.
pub fn panic_chance(p: Profile) -> f64 {
    match p {
        Profile::Child | Profile::Toddler => 0.02,
        Profile::Adult | Profile::Elderly => 0.01,
        // Neither can run: a wheelchair user through the shaking, a baby at all.
        Profile::WheelchairUser | Profile::Infant => 0.0,
    }
}

/// Who reacts to the alarm: in a building, occupants (not participants) still at their normal
/// activity. Each of them, in order, draws once from the panic stream.
pub fn reacts_to_alarm(in_building: bool, occupant: bool, state: PersonState) -> bool {
    in_building && occupant && state == PersonState::Waiting
}

/// What an occupant does at the alarm.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AlarmReaction {
    /// Drop, cover, hold on where they are.
    TakeCover,
    /// Run for the way out at once, through the shaking, alone.
    Run,
}

/// The reaction of an occupant of `profile` whose draw from the panic stream (uniform in
/// [0, 1)) is `draw`.
pub fn alarm_reaction(profile: Profile, draw: f64) -> AlarmReaction {
    if draw >= panic_chance(profile) {
        AlarmReaction::TakeCover
    } else {
        AlarmReaction::Run
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PersonState::*;

    #[test]
    fn a_drilled_child_runs_at_the_alarm_with_a_2_percent_chance() {
        assert_eq!(panic_chance(Profile::Child), 0.02);
        assert_eq!(alarm_reaction(Profile::Child, 0.0199), AlarmReaction::Run);
        assert_eq!(
            alarm_reaction(Profile::Child, 0.02),
            AlarmReaction::TakeCover
        );
    }

    #[test]
    fn adults_and_the_elderly_run_at_the_alarm_with_a_1_percent_chance() {
        for p in [Profile::Adult, Profile::Elderly] {
            assert_eq!(panic_chance(p), 0.01);
            assert_eq!(alarm_reaction(p, 0.0099), AlarmReaction::Run);
            assert_eq!(alarm_reaction(p, 0.01), AlarmReaction::TakeCover);
        }
    }

    #[test]
    fn a_wheelchair_user_never_runs_at_the_alarm() {
        assert_eq!(panic_chance(Profile::WheelchairUser), 0.0);
        assert_eq!(
            alarm_reaction(Profile::WheelchairUser, 0.0),
            AlarmReaction::TakeCover
        );
    }

    #[test]
    fn only_occupants_at_their_normal_activity_in_a_building_react_to_the_alarm() {
        assert!(reacts_to_alarm(true, true, Waiting));
        assert!(!reacts_to_alarm(false, true, Waiting), "terrain");
        assert!(!reacts_to_alarm(true, false, Waiting), "a participant");
        for s in [Cover, Moving, Still, StayedBehind, Injured, Stranded] {
            assert!(!reacts_to_alarm(true, true, s), "{s:?}");
        }
    }
}
