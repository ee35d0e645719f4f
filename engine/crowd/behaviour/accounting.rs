//! Accounted for: who stands at a refuge, who will stay where they are, who counts in the
//! head-count figures and who is done for the drill's end.

use super::{HEAD_COUNT_REACH_M, PersonState};

/// Standing at a refuge (assembly area, shelter, safety zone, high ground): `at_refuge_place`
/// says the last place they reached is one.
pub fn at_refuge(state: PersonState, at_refuge_place: bool) -> bool {
    state == PersonState::Still && at_refuge_place
}

/// Where they will stay: at a refuge, or stayed behind, injured or cut off.
pub fn settled(state: PersonState, at_refuge_place: bool) -> bool {
    at_refuge(state, at_refuge_place)
        || matches!(
            state,
            PersonState::StayedBehind | PersonState::Injured | PersonState::Stranded
        )
}

/// Accounted for when the drill ends: an occupant at a refuge (also one who started there) or
/// known to be hurt; a participant — a responder, whose whereabouts the control cell knows — who
/// is not on the move (the crew at its command post, the commander in the yard). Missing or cut
/// off is not, nor is anyone still on the move or an occupant never set off from where the
/// hazard found them.
pub fn accounted_for(state: PersonState, at_refuge_place: bool, participant: bool) -> bool {
    match state {
        PersonState::StayedBehind | PersonState::Stranded | PersonState::Moving => false,
        PersonState::Injured => true,
        PersonState::Waiting | PersonState::Cover | PersonState::Still => {
            at_refuge_place || participant
        }
    }
}

/// Done for the drill's end: an occupant settled; a participant not on the move, or, with no
/// group to lead or count (`alone`), settled like an occupant (their own safety ends the drill).
pub fn finished(state: PersonState, at_refuge_place: bool, participant: bool, alone: bool) -> bool {
    match (participant, alone) {
        (true, true) | (false, _) => settled(state, at_refuge_place),
        (true, false) => state != PersonState::Moving,
    }
}

/// Whether someone can still be picked to go missing or be hurt by an inject: not those who
/// already stayed behind or are injured.
pub fn still_in_play(state: PersonState) -> bool {
    !matches!(state, PersonState::StayedBehind | PersonState::Injured)
}

/// On terrain, whether someone `distance_m` from the one counting is counted as present.
pub fn within_head_count_reach(distance_m: f64) -> bool {
    distance_m <= HEAD_COUNT_REACH_M
}

#[cfg(test)]
mod tests {
    use super::*;
    use PersonState::*;

    #[test]
    fn someone_is_settled_standing_at_a_refuge_or_stayed_behind_injured_or_stranded() {
        assert!(at_refuge(Still, true));
        assert!(!at_refuge(Moving, true));
        assert!(!at_refuge(Still, false));
        assert!(settled(Still, true));
        assert!(!settled(Still, false));
        assert!(!settled(Waiting, true));
        for s in [StayedBehind, Injured, Stranded] {
            assert!(settled(s, false), "{s:?}");
        }
    }

    #[test]
    fn a_participant_not_on_the_move_and_an_occupant_at_a_refuge_are_accounted_for() {
        assert!(accounted_for(Still, false, true));
        assert!(
            accounted_for(Waiting, false, true),
            "a crew at its command post"
        );
        assert!(!accounted_for(Moving, false, true), "on the move");
        assert!(!accounted_for(Still, false, false), "an occupant");
        assert!(accounted_for(Still, true, false));
        assert!(accounted_for(Waiting, true, false), "started at the refuge");
        assert!(!accounted_for(Waiting, false, false), "never moved");
    }

    /// Issue 18: "all accounted for" only when everyone is — the missing and the cut off are
    /// settled (nothing more happens to them) but not accounted for.
    #[test]
    fn the_missing_and_the_cut_off_are_settled_but_not_accounted_for() {
        for s in [StayedBehind, Stranded] {
            assert!(settled(s, false));
            assert!(!accounted_for(s, false, false), "{s:?}");
            assert!(!accounted_for(s, true, true), "{s:?}");
        }
        assert!(accounted_for(Injured, false, false));
    }

    #[test]
    fn a_participant_alone_finishes_only_in_safety_one_with_groups_when_not_moving() {
        assert!(!finished(Still, false, true, true));
        assert!(finished(Still, true, true, true));
        assert!(finished(Waiting, false, true, false));
        assert!(!finished(Moving, false, true, false));
        assert!(
            !finished(Waiting, false, false, false),
            "an occupant at work"
        );
        assert!(finished(Injured, false, false, true));
    }

    #[test]
    fn those_stayed_behind_or_injured_cannot_be_picked_again() {
        assert!(!still_in_play(StayedBehind));
        assert!(!still_in_play(Injured));
        for s in [Waiting, Cover, Moving, Still, Stranded] {
            assert!(still_in_play(s), "{s:?}");
        }
    }

    #[test]
    fn on_terrain_a_head_count_counts_those_within_30_m() {
        assert!(within_head_count_reach(30.0));
        assert!(!within_head_count_reach(30.000_001));
    }
}
