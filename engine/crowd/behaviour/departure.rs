//! Setting off: when an ordered group departs, whom it follows, and when each member gets up
//! and goes, and by which exit.

use super::{LEADER_WAIT_S, Orders, PersonState, ticks};
use crate::scenario::schema::Profile;

impl Orders {
    /// The tick from which the members' pre-movement times run: the order, for a group without
    /// a leader; the leader's coming, for a led group; [`LEADER_WAIT_S`] after the order if the
    /// leader never comes. `None` before any order.
    pub fn departs_at(&self, has_leader: bool, tick_hz: u32) -> Option<u64> {
        let ordered = self.ordered_at?;
        Some(match (has_leader, self.guided_at) {
            (false, _) => ordered,
            (true, Some(guided)) => guided,
            (true, None) => ordered + ticks(LEADER_WAIT_S, tick_hz),
        })
    }

    /// The participant the members follow (at their pace, never ahead), once one of the adults
    /// with the group has come for it: the one who came, or, if someone else guided it, its
    /// first leader; no one for a group that went without its leaders.
    pub fn follows(&self, leaders: &[usize]) -> Option<usize> {
        self.guided_at?;
        match self.guided_by {
            Some(b) if leaders.contains(&b) => Some(b),
            _ => leaders.first().copied(),
        }
    }
}

/// Whether someone of `profile` walks out on their own when their group goes: everyone but an
/// infant, who must be carried.
pub fn walks_out(profile: Profile) -> bool {
    match profile {
        Profile::Infant => false,
        Profile::Adult
        | Profile::Child
        | Profile::Toddler
        | Profile::Elderly
        | Profile::WheelchairUser => true,
    }
}

/// In a building everyone keeps still (under cover, or where they are) while the ground shakes.
pub fn keeps_still(shaking: bool, in_building: bool) -> bool {
    shaking && in_building
}

/// Whether a member in `state` with `pre_movement_s` sets off at `tick`, their group departing
/// at `departs_at`: those at their activity or in cover get up and go once their own
/// pre-movement time has passed, unless they are keeping still.
pub fn sets_off(
    state: PersonState,
    pre_movement_s: f64,
    departs_at: u64,
    tick: u64,
    tick_hz: u32,
    keep_still: bool,
) -> bool {
    matches!(state, PersonState::Waiting | PersonState::Cover)
        && tick >= departs_at + ticks(pre_movement_s, tick_hz)
        && !keep_still
}

/// Whether the members go by their group's assigned exit: unless it is blocked or leads
/// somewhere other than their destination (then the network picks the way).
pub fn takes_assigned_exit(exit_blocked: bool, exit_leads_to_destination: bool) -> bool {
    !exit_blocked && exit_leads_to_destination
}

#[cfg(test)]
mod tests {
    use super::*;
    use PersonState::*;

    const HZ: u32 = 10;

    #[test]
    fn a_group_without_a_leader_departs_when_ordered() {
        assert_eq!(Orders::default().departs_at(false, HZ), None);
        let o = Orders {
            ordered_at: Some(100),
            guided_at: None,
            guided_by: None,
            roused_at: None,
        };
        assert_eq!(o.departs_at(false, HZ), Some(100));
    }

    #[test]
    fn a_led_group_departs_when_its_leader_comes() {
        let o = Orders {
            ordered_at: Some(100),
            guided_at: Some(250),
            guided_by: None,
            roused_at: None,
        };
        assert_eq!(o.departs_at(true, HZ), Some(250));
    }

    #[test]
    fn a_group_goes_without_its_leader_60_s_after_the_order() {
        let o = Orders {
            ordered_at: Some(100),
            guided_at: None,
            guided_by: None,
            roused_at: None,
        };
        assert_eq!(o.departs_at(true, HZ), Some(700));
    }

    #[test]
    fn a_guided_group_follows_its_leader_and_one_that_went_alone_follows_no_one() {
        let guided = Orders {
            ordered_at: Some(100),
            guided_at: Some(100),
            guided_by: Some(4),
            roused_at: None,
        };
        let alone = Orders {
            ordered_at: Some(100),
            guided_at: None,
            guided_by: None,
            roused_at: None,
        };
        assert_eq!(guided.follows(&[4]), Some(4));
        assert_eq!(alone.follows(&[4]), None);
        assert_eq!(guided.follows(&[]), None);
    }

    #[test]
    fn a_class_follows_whichever_of_its_adults_came_for_it() {
        let by_care_worker = Orders {
            ordered_at: Some(100),
            guided_at: Some(100),
            guided_by: Some(7),
            roused_at: None,
        };
        assert_eq!(by_care_worker.follows(&[4, 7]), Some(7));
        // Guided by someone not with the class: it keeps to its first leader.
        assert_eq!(by_care_worker.follows(&[4, 5]), Some(4));
    }

    #[test]
    fn each_occupant_sets_off_after_their_own_pre_movement_time() {
        // 12.34 s is 124 ticks at 10 Hz.
        assert!(!sets_off(Waiting, 12.34, 100, 223, HZ, false));
        assert!(sets_off(Waiting, 12.34, 100, 224, HZ, false));
        assert!(sets_off(Waiting, 0.0, 100, 100, HZ, false));
    }

    #[test]
    fn in_a_building_occupants_keep_still_while_the_ground_shakes_then_get_up_from_cover() {
        assert!(keeps_still(true, true));
        assert!(!keeps_still(true, false), "terrain");
        assert!(!keeps_still(false, true));
        assert!(!sets_off(Cover, 0.0, 100, 500, HZ, keeps_still(true, true)));
        assert!(sets_off(Cover, 0.0, 100, 500, HZ, keeps_still(false, true)));
    }

    #[test]
    fn only_those_at_their_activity_or_in_cover_set_off() {
        for s in [Moving, Still, StayedBehind, Injured, Stranded] {
            assert!(!sets_off(s, 0.0, 0, 1000, HZ, false), "{s:?}");
        }
    }

    #[test]
    fn the_assigned_exit_is_taken_unless_blocked_or_leading_elsewhere() {
        assert!(takes_assigned_exit(false, true));
        assert!(!takes_assigned_exit(true, true));
        assert!(!takes_assigned_exit(false, false));
    }
}
