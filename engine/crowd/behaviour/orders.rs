//! Orders to leave: the evacuation signal (or, in an earthquake, people's own decision after
//! the shaking), and what a participant's plan action orders the groups it reaches to do.

use super::{SELF_EVACUATION_S, ticks};
use crate::drill::{Action, DrillKind};

/// The order everyone obeys: given by a participant, or, in an earthquake, taken by the
/// occupants themselves a while after the shaking stops if nobody gives it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EvacuationSignal {
    /// The tick from which everyone counts as ordered out.
    pub at: Option<u64>,
}

impl EvacuationSignal {
    /// The shaking stopped at `tick`: in an earthquake with no signal yet, people leave on their
    /// own [`SELF_EVACUATION_S`] later.
    pub fn shaking_stopped(&mut self, drill: DrillKind, tick: u64, tick_hz: u32) {
        if drill == DrillKind::Earthquake && self.at.is_none() {
            self.at = Some(tick + ticks(SELF_EVACUATION_S, tick_hz));
        }
    }

    /// A participant gives the signal at `tick` (it replaces one people would take themselves).
    pub fn give(&mut self, tick: u64) {
        self.at = Some(tick);
    }

    /// The tick everyone counts as ordered from, once that tick has come.
    pub fn due(&self, tick: u64) -> Option<u64> {
        self.at.filter(|&t| tick >= t)
    }
}

/// What a participant's plan action means to the occupants.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Directive {
    /// The evacuation signal: every group is ordered out.
    EvacuateAll,
    /// A cadre at the door of the group or house named orders it out; with `escort`, the cadre
    /// also takes the household along (they go with them at once).
    AtTheDoor { escort: bool },
    /// A leader comes for the group named, or, naming none, for the groups they lead.
    Guide,
    /// A carer wakes the group named, or, naming none, the groups they lead (not an order to
    /// leave: the signal still is).
    Wake,
}

/// The directive in an action, `None` for actions the occupants do not answer. In a building
/// only the evacuation signal orders everyone out; on terrain a broadcast or a warning does too.
pub fn directive(action: Action, in_building: bool) -> Option<Directive> {
    match action {
        Action::SignalEvacuation => Some(Directive::EvacuateAll),
        Action::Broadcast | Action::IssueWarning if !in_building => Some(Directive::EvacuateAll),
        Action::Broadcast | Action::IssueWarning => None,
        Action::DoorToDoor => Some(Directive::AtTheDoor { escort: false }),
        Action::MoveHousehold => Some(Directive::AtTheDoor { escort: true }),
        Action::GuideGroup => Some(Directive::Guide),
        Action::WakeGroup => Some(Directive::Wake),
        Action::TakeCover
        | Action::RaiseAlarm
        | Action::OpenDoor
        | Action::CloseDoor
        | Action::PostAtLanding
        | Action::CountHeads
        | Action::Report
        | Action::Call119
        | Action::Call12119
        | Action::CallCommandPost
        | Action::Scout
        | Action::PostLookout
        | Action::IdentifyEscapeRoutes
        | Action::IdentifySafetyZone
        | Action::AnchorLine
        | Action::Attack
        | Action::Withdraw
        | Action::Register
        | Action::SwitchOffPower
        | Action::ForceDoor
        | Action::SweepRooms
        | Action::CarryInfant
        | Action::LeadByHand => None,
    }
}

/// A group as a directive finds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Addressee<'a> {
    pub id: &'a str,
    /// The house the group starts in (a household on a terrain site).
    pub start_house: Option<&'a str>,
    /// The participants (by index) with the group, its leader first.
    pub leaders: &'a [usize],
}

impl Directive {
    /// Whether the directive, given by participant `by` aiming at `target`, reaches group `g`.
    pub fn reaches(self, g: &Addressee, by: Option<usize>, target: Option<&str>) -> bool {
        match self {
            Directive::EvacuateAll => true,
            Directive::AtTheDoor { .. } => {
                target.is_some_and(|t| g.id == t || g.start_house == Some(t))
            }
            Directive::Guide | Directive::Wake => {
                let named = target.is_some_and(|t| t == g.id);
                let led = target.is_none() && by.is_some_and(|b| g.leaders.contains(&b));
                named || led
            }
        }
    }

    /// What the directive, given by participant `by`, does to a group's orders at `tick`: it
    /// orders the group out (the first order stands) and, coming with a leader or an escort,
    /// guides it.
    pub fn apply(self, orders: &mut Orders, tick: u64, by: Option<usize>) {
        // Whoever comes to the group wakes those asleep in it.
        if matches!(
            self,
            Directive::AtTheDoor { .. } | Directive::Guide | Directive::Wake
        ) && orders.roused_at.is_none()
        {
            orders.roused_at = Some(tick);
        }
        match self {
            Directive::EvacuateAll | Directive::AtTheDoor { escort: false } => orders.order(tick),
            Directive::AtTheDoor { escort: true } => {
                orders.order(tick);
                if orders.guided_at.is_none() {
                    orders.guided_at = Some(tick);
                }
            }
            Directive::Guide => {
                if orders.guided_at.is_none() {
                    orders.guided_at = Some(tick);
                    orders.guided_by = by;
                    orders.order(tick);
                }
            }
            Directive::Wake => {}
        }
    }
}

/// The orders a group has had.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Orders {
    /// When the group was first told to leave.
    pub ordered_at: Option<u64>,
    /// When its leader (or an escort) first came for it.
    pub guided_at: Option<u64>,
    /// Who came to guide it (a participant by index).
    pub guided_by: Option<usize>,
    /// When someone first came to wake it (a carer, a knock at the door, its leader).
    pub roused_at: Option<u64>,
}

impl Orders {
    /// Order the group out at `tick`, unless it was already: the first order stands.
    pub fn order(&mut self, tick: u64) {
        if self.ordered_at.is_none() {
            self.ordered_at = Some(tick);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HZ: u32 = 10;

    #[test]
    fn people_leave_on_their_own_120_s_after_the_shaking_stops() {
        let mut s = EvacuationSignal::default();
        s.shaking_stopped(DrillKind::Earthquake, 300, HZ);
        assert_eq!(s.at, Some(1500));
        assert_eq!(s.due(1499), None);
        assert_eq!(s.due(1500), Some(1500));
        assert_eq!(s.due(2000), Some(1500));
    }

    #[test]
    fn a_signal_given_before_the_shaking_stops_is_not_postponed() {
        let mut s = EvacuationSignal::default();
        s.give(50);
        s.shaking_stopped(DrillKind::Earthquake, 300, HZ);
        assert_eq!(s.at, Some(50));
        // Nor does a second stop move the self-evacuation already set.
        let mut s = EvacuationSignal::default();
        s.shaking_stopped(DrillKind::Earthquake, 300, HZ);
        s.shaking_stopped(DrillKind::Earthquake, 900, HZ);
        assert_eq!(s.at, Some(1500));
    }

    #[test]
    fn a_signal_replaces_the_self_evacuation_people_would_take() {
        let mut s = EvacuationSignal::default();
        s.shaking_stopped(DrillKind::Earthquake, 300, HZ);
        s.give(400);
        assert_eq!(s.due(400), Some(400));
    }

    #[test]
    fn only_in_an_earthquake_do_people_leave_on_their_own() {
        for drill in [DrillKind::ForestFire, DrillKind::Flood] {
            let mut s = EvacuationSignal::default();
            s.shaking_stopped(drill, 300, HZ);
            assert_eq!(s.at, None);
            assert_eq!(s.due(u64::MAX), None);
        }
    }

    #[test]
    fn the_evacuation_signal_orders_every_group_out_in_a_building_and_on_terrain() {
        for building in [true, false] {
            assert_eq!(
                directive(Action::SignalEvacuation, building),
                Some(Directive::EvacuateAll)
            );
        }
        let g = Addressee {
            id: "class-1",
            start_house: None,
            leaders: &[0],
        };
        assert!(Directive::EvacuateAll.reaches(&g, Some(3), None));
        let mut o = Orders::default();
        Directive::EvacuateAll.apply(&mut o, 70, None);
        assert_eq!(
            o,
            Orders {
                ordered_at: Some(70),
                guided_at: None,
                guided_by: None,
                roused_at: None,
            }
        );
    }

    #[test]
    fn a_broadcast_or_a_warning_orders_people_out_on_terrain_only() {
        for a in [Action::Broadcast, Action::IssueWarning] {
            assert_eq!(directive(a, false), Some(Directive::EvacuateAll));
            assert_eq!(directive(a, true), None);
        }
    }

    #[test]
    fn occupants_do_not_answer_other_actions() {
        for a in [
            Action::TakeCover,
            Action::RaiseAlarm,
            Action::CountHeads,
            Action::Call119,
        ] {
            assert_eq!(directive(a, true), None);
            assert_eq!(directive(a, false), None);
        }
    }

    #[test]
    fn a_cadre_at_the_door_orders_out_the_group_or_household_named() {
        let d = directive(Action::DoorToDoor, false).unwrap();
        assert_eq!(d, Directive::AtTheDoor { escort: false });
        let g = Addressee {
            id: "wang-family",
            start_house: Some("house-7"),
            leaders: &[],
        };
        assert!(d.reaches(&g, None, Some("wang-family")));
        assert!(d.reaches(&g, None, Some("house-7")));
        assert!(!d.reaches(&g, None, Some("house-8")));
        assert!(!d.reaches(&g, None, None));
        let mut o = Orders::default();
        d.apply(&mut o, 120, None);
        assert_eq!(o.ordered_at, Some(120));
        assert_eq!(o.guided_at, None);
    }

    #[test]
    fn moving_a_household_also_takes_it_along() {
        let d = directive(Action::MoveHousehold, false).unwrap();
        let mut o = Orders::default();
        d.apply(&mut o, 120, None);
        assert_eq!(
            o,
            Orders {
                ordered_at: Some(120),
                guided_at: Some(120),
                guided_by: None,
                roused_at: Some(120),
            }
        );
        // Told to go earlier, taken along now.
        let mut o = Orders {
            ordered_at: Some(50),
            ..Orders::default()
        };
        d.apply(&mut o, 120, None);
        assert_eq!(o.ordered_at, Some(50));
        assert_eq!(o.guided_at, Some(120));
    }

    #[test]
    fn a_leader_guides_the_group_named_or_naming_none_the_groups_they_lead() {
        let d = directive(Action::GuideGroup, true).unwrap();
        let g = Addressee {
            id: "class-1",
            start_house: None,
            leaders: &[2],
        };
        assert!(d.reaches(&g, Some(5), Some("class-1")));
        assert!(!d.reaches(&g, Some(2), Some("class-2")));
        assert!(d.reaches(&g, Some(2), None));
        assert!(!d.reaches(&g, Some(5), None));
        let leaderless = Addressee { leaders: &[], ..g };
        assert!(!d.reaches(&leaderless, None, None));
    }

    #[test]
    fn a_leader_coming_orders_the_group_out_too_but_only_the_first_time() {
        let mut o = Orders::default();
        Directive::Guide.apply(&mut o, 80, None);
        // Coming for the group also wakes it, if it sleeps.
        assert_eq!(
            o,
            Orders {
                ordered_at: Some(80),
                guided_at: Some(80),
                guided_by: None,
                roused_at: Some(80),
            }
        );
        let mut o = Orders {
            ordered_at: Some(10),
            guided_at: Some(20),
            guided_by: None,
            roused_at: None,
        };
        Directive::Guide.apply(&mut o, 80, None);
        assert_eq!(o.ordered_at, Some(10));
        assert_eq!(o.guided_at, Some(20));
    }

    #[test]
    fn the_first_order_stands() {
        let mut o = Orders::default();
        o.order(10);
        o.order(20);
        assert_eq!(o.ordered_at, Some(10));
    }

    #[test]
    fn a_carer_waking_the_class_rouses_it_without_ordering_it_out() {
        let d = directive(Action::WakeGroup, true).unwrap();
        let g = Addressee {
            id: "nap-room",
            start_house: None,
            leaders: &[3],
        };
        assert!(d.reaches(&g, Some(3), None), "the groups one leads");
        assert!(d.reaches(&g, Some(7), Some("nap-room")), "the group named");
        assert!(!d.reaches(&g, Some(7), None));
        let mut o = Orders::default();
        d.apply(&mut o, 40, None);
        assert_eq!(
            o,
            Orders {
                roused_at: Some(40),
                ..Orders::default()
            }
        );
        // The signal is still what orders it out; a knock at the door does both.
        directive(Action::SignalEvacuation, true)
            .unwrap()
            .apply(&mut o, 90, None);
        assert_eq!((o.ordered_at, o.roused_at), (Some(90), Some(40)));
        let mut knocked = Orders::default();
        directive(Action::DoorToDoor, false)
            .unwrap()
            .apply(&mut knocked, 15, None);
        assert_eq!(
            (knocked.ordered_at, knocked.roused_at),
            (Some(15), Some(15))
        );
    }
}
