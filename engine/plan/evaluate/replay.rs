//! The journal played back into tracks: what each participant did and when (cover taken and
//! broken, actions, places, the lift, going back, postures, counts reported), the public course
//! of the drill (phases, hazards, injects, warnings, when everyone was settled) and the
//! occupants' arrivals, which "all of them reach …" counts. Times are ticks.

use crate::drill::{Action, HazardEvent, Phase};
use crate::journal::events::{
    ActionName, AttackFacts, Harm, ParticipantInfo, PlaceKind, Posture, SimEvent,
};
use crate::plan::Destination;
use crate::plan::progress::Observed;
use std::collections::{BTreeMap, BTreeSet};

/// An occupant arriving somewhere (`None`: out of the building).
pub(super) type Arrival = (u64, String, Option<PlaceKind>);

/// What the journal shows of one participant.
#[derive(Debug, Default)]
pub(super) struct Track {
    /// Cover intervals [from, to) in ticks (`to` = u64::MAX while held).
    pub cover: Vec<(u64, u64)>,
    pub actions: Vec<(u64, Action)>,
    /// (tick, kind of place) of each arrival; `None` when they set off again.
    pub places: Vec<(u64, Option<PlaceKind>)>,
    pub left_building: Option<u64>,
    pub lifts: Vec<u64>,
    pub went_back: Vec<u64>,
    pub postures: Vec<(u64, Posture)>,
    /// Walking intervals [from, to) in ticks (`to` = u64::MAX while walking): from setting off
    /// (to a place, with a group, back) to arriving, taking cover, halting or being cut off.
    /// Shuffling in a queue is walking too: the posture's moving/standing flicker is not.
    pub moving: Vec<(u64, u64)>,
    /// (tick, [reported present, reported expected, true present, true expected]).
    pub reports: Vec<(u64, [u32; 4])>,
    /// Sweeps finished: (tick, spaces checked, people found).
    pub sweeps: Vec<(u64, u32, u32)>,
    /// When they set out to attack the fire (the `Attack` order; 三先 is judged from it).
    pub set_out_to_attack: Vec<u64>,
    /// Each engagement with the fire and its conditions (`AttackBegun`).
    pub attacks: Vec<(u64, AttackFacts)>,
    /// Actions done short of what they ask (escape routes that do not beat the fire), in words.
    pub fell_short: Vec<(u64, Action, crate::drill::Text)>,
    /// Each escape to a refuge once the fire was within reach (`Escaping`): (tick, bearing,
    /// where the wind blew to, climb).
    pub escapes: Vec<(u64, super::attack::Escape)>,
    /// Each time they were in moving water above the ankle (`InWater`): (tick, the water, where,
    /// swept).
    pub in_water: Vec<(u64, Wading)>,
    /// Each household moved (`MoveHousehold` at a house): (tick, house).
    pub moved_households: Vec<(u64, String)>,
}

/// The water someone stood in (`InWater`).
#[derive(Clone, Debug, PartialEq)]
pub struct Wading {
    pub at: crate::scenario::schema::Point,
    pub depth_m: f64,
    pub speed_mps: f64,
    pub swept: bool,
}

impl Track {
    /// The first moment at or after `t` they are in cover.
    pub fn in_cover_from(&self, t: u64) -> Option<u64> {
        self.cover
            .iter()
            .filter(|&&(_, b)| b > t)
            .map(|&(a, _)| a.max(t))
            .min()
    }

    /// Whether they stayed in cover, without a break, from `from` to `to`.
    pub fn cover_held(&self, from: u64, to: u64) -> bool {
        self.cover.iter().any(|&(a, b)| a <= from && b >= to)
    }

    fn set_off(&mut self, t: u64) {
        open_span(&mut self.moving, t);
    }

    fn stop(&mut self, t: u64) {
        close_span(&mut self.moving, t);
    }

    /// Intervals [from, to) in which they stood in a doorway (to the next posture).
    pub fn in_doorway(&self, end: u64) -> Vec<(u64, u64)> {
        let mut out = Vec::new();
        for (k, &(t, p)) in self.postures.iter().enumerate() {
            if p == Posture::Doorway {
                let to = self.postures.get(k + 1).map_or(end, |&(t1, _)| t1);
                out.push((t, to));
            }
        }
        out
    }

    fn break_cover(&mut self, t: u64) {
        close_span(&mut self.cover, t);
    }
}

/// Open an interval [t, …) unless one is open already (cover, walking).
fn open_span(spans: &mut Vec<(u64, u64)>, t: u64) {
    if spans.last().is_none_or(|s| s.1 != u64::MAX) {
        spans.push((t, u64::MAX));
    }
}

/// Close the open interval, if any, at `t`.
fn close_span(spans: &mut [(u64, u64)], t: u64) {
    if let Some(last) = spans.last_mut()
        && last.1 == u64::MAX
    {
        last.1 = t;
    }
}

/// The whole journal, played back.
#[derive(Debug)]
pub(super) struct Replay {
    pub tick_hz: u32,
    /// The participants, in the order the drill started with them.
    pub people: Vec<ParticipantInfo>,
    pub obs: Observed,
    /// Shaking intervals [from, to) in ticks (`to` = u64::MAX while it shakes): the main
    /// shock and the aftershocks.
    pub shaking: Vec<(u64, u64)>,
    pub all_clear: Option<u64>,
    /// The journal's last tick.
    pub end: u64,
    pub tracks: BTreeMap<String, Track>,
    /// What the journal shows of each occupant who appears in it (cover, walks, places).
    pub occupants: BTreeMap<String, Track>,
    /// Occupants' arrivals and exits, for `AllReach`.
    pub arrivals: Vec<Arrival>,
    /// Occupants the scenario took out of play (stayed behind, cut off, seriously hurt): excused
    /// from "all of them reach …", which judges the leading; the count steps judge the missing.
    pub out_of_play: Vec<String>,
    /// When someone first had the fire in view (`Scouted`): the fire is scouted (三先).
    pub scouted: Option<u64>,
    /// The plan's limits on attacking a fire (set by the evaluator; the journal has none).
    pub fire_limits: Option<crate::plan::FireLimits>,
    /// The wind at the fire's start and at each shift: (tick, speed m/s).
    pub winds: Vec<(u64, f64)>,
    /// On terrain, each house's groups and whether it is vulnerable (`DrillStarted`).
    pub households: Vec<crate::journal::events::Household>,
    /// Houses the water cut off (`HouseCutOff`): (tick, depth m, speed m/s).
    pub cut_off: BTreeMap<String, (u64, f64, f64)>,
}

impl Replay {
    /// Ticks as drill seconds.
    pub fn secs(&self, t: u64) -> f64 {
        t as f64 / f64::from(self.tick_hz)
    }

    /// An occupant the journal shows moving or arriving again (a cleared door, a missing child
    /// found) is back in play: "all of them reach …" counts them again.
    fn back_in_play(&mut self, who: &str, settled: &mut BTreeSet<String>) {
        if let Some(k) = self.out_of_play.iter().position(|w| w == who) {
            self.out_of_play.remove(k);
            settled.remove(who);
        }
    }

    /// The occupant groups answerable to a participant, each with its members' ids (`g/01` …,
    /// as the simulation names them), in the order the drill started with them.
    pub fn groups(&self) -> Vec<(&str, Vec<String>)> {
        let mut out: Vec<(&str, Vec<String>)> = Vec::new();
        for (g, n) in self.people.iter().flat_map(|p| &p.groups) {
            if out.iter().all(|(x, _)| x != g) {
                out.push((g, (1..=*n).map(|k| format!("{g}/{k:02}")).collect()));
            }
        }
        out
    }

    /// Drill seconds as ticks.
    pub fn ticks(&self, s: f64) -> u64 {
        (s * f64::from(self.tick_hz)).round() as u64
    }
}

/// Whether standing at a place of `kind` fulfils "reach `d`" (out of the building: any refuge
/// or open ground).
pub(super) fn reaches(kind: Option<PlaceKind>, d: Destination) -> bool {
    kind.is_some_and(|k| match d {
        Destination::OutOfBuilding => k.is_refuge() || k == PlaceKind::OpenGround,
        Destination::AssemblyArea
        | Destination::Shelter
        | Destination::SafetyZone
        | Destination::HighGround => k.counts_as(d.place_kind()),
    })
}

/// Play back the events of a drill (tick, event, in journal order).
pub(super) fn replay(events: &[(u64, SimEvent)]) -> Replay {
    let mut r = Replay {
        tick_hz: 10,
        people: Vec::new(),
        obs: Observed::default(),
        shaking: Vec::new(),
        all_clear: None,
        end: 0,
        tracks: BTreeMap::new(),
        occupants: BTreeMap::new(),
        arrivals: Vec::new(),
        out_of_play: Vec::new(),
        scouted: None,
        fire_limits: None,
        winds: Vec::new(),
        households: Vec::new(),
        cut_off: BTreeMap::new(),
    };
    let mut occupants = 0u32;
    // Occupants settled now: at a refuge, or out of play.
    let mut settled: BTreeSet<String> = BTreeSet::new();
    for (t, e) in events {
        let t = *t;
        r.end = r.end.max(t);
        match e {
            SimEvent::DrillStarted {
                tick_hz: hz,
                participants,
                occupants: n,
                households,
                ..
            } => {
                r.tick_hz = *hz;
                r.households.clone_from(households);
                occupants = *n;
                for p in participants {
                    r.people.push(p.clone());
                    r.tracks.entry(p.id.clone()).or_default();
                }
            }
            SimEvent::PhaseChanged { phase } => {
                r.obs.phases.entry(*phase).or_insert(t);
                if *phase == Phase::AllClear {
                    r.all_clear.get_or_insert(t);
                }
            }
            SimEvent::Hazard { event } => {
                r.obs.hazards.push((*event, t));
                match event {
                    HazardEvent::ShakingStarts => r.shaking.push((t, u64::MAX)),
                    HazardEvent::ShakingStops => {
                        if let Some(s) = r.shaking.iter_mut().rev().find(|s| s.1 == u64::MAX) {
                            s.1 = t;
                        }
                    }
                    HazardEvent::EarlyWarning
                    | HazardEvent::FireReported
                    | HazardEvent::FireWithinReach
                    | HazardEvent::WaterRising => {}
                }
            }
            SimEvent::InjectFired { number, to, .. } => {
                r.obs.injects.entry(*number).or_insert(t);
                r.obs.inject_to.entry(*number).or_insert_with(|| to.clone());
            }
            SimEvent::WarningIssued { level, .. } => r.obs.warnings.push((*level, t)),
            SimEvent::Action {
                participant,
                action,
                target,
            } => {
                let tr = r.tracks.entry(participant.clone()).or_default();
                if let (ActionName::Plan(Action::MoveHousehold), Some(h)) = (action, target) {
                    tr.moved_households.push((t, h.clone()));
                }
                match action {
                    ActionName::Plan(Action::TakeCover) => {
                        open_span(&mut tr.cover, t);
                        tr.stop(t);
                        tr.actions.push((t, Action::TakeCover));
                    }
                    // Scouting is done when the fire is in view (`Scouted`), not when one sets
                    // out; a lookout is posted at the post, a line anchored at the anchor, an
                    // attack begun at the fire (`LookoutPosted`, `LineAnchored`, `AttackBegun`).
                    ActionName::Plan(
                        Action::Scout
                        | Action::PostLookout
                        | Action::AnchorLine
                        | Action::IdentifyEscapeRoutes
                        | Action::IdentifySafetyZone,
                    ) => {}
                    ActionName::Plan(Action::Attack) => tr.set_out_to_attack.push(t),
                    ActionName::Plan(a) => {
                        tr.actions.push((t, *a));
                        if matches!(a, Action::GuideGroup | Action::DoorToDoor) {
                            tr.break_cover(t);
                            tr.set_off(t);
                        }
                    }
                    // Only boarding (`TookLift`) is taking the lift: choosing it where there
                    // is none, or never reaching it, is not.
                    ActionName::UseLift => {}
                    ActionName::GoBack => {
                        tr.went_back.push(t);
                        tr.break_cover(t);
                        tr.set_off(t);
                    }
                    ActionName::MoveTo | ActionName::Walk => {
                        tr.break_cover(t);
                        tr.set_off(t);
                    }
                    ActionName::StandUp | ActionName::ChooseExit => {
                        tr.break_cover(t);
                    }
                    ActionName::Halt => tr.stop(t),
                }
            }
            SimEvent::TookLift { who, .. } => match r.tracks.get_mut(who) {
                Some(tr) => tr.lifts.push(t),
                None => r.occupants.entry(who.clone()).or_default().lifts.push(t),
            },
            SimEvent::StartedMoving { who } => {
                if let Some(tr) = r.tracks.get_mut(who) {
                    tr.set_off(t);
                    tr.break_cover(t);
                    tr.places.push((t, None));
                } else {
                    r.back_in_play(who, &mut settled);
                    let tr = r.occupants.entry(who.clone()).or_default();
                    // Leaving a refuge they had reached is going back.
                    let at = tr.places.last().and_then(|p| p.1);
                    if at.is_some_and(|k| k.is_refuge()) {
                        tr.went_back.push(t);
                    }
                    tr.set_off(t);
                    tr.break_cover(t);
                    tr.places.push((t, None));
                }
            }
            SimEvent::TookPosture { who, posture } => {
                if let Some(tr) = r.tracks.get_mut(who) {
                    tr.postures.push((t, *posture));
                    if *posture == Posture::Moving {
                        tr.places.push((t, None));
                    }
                } else {
                    // Occupants' postures are journalled into and out of cover.
                    let tr = r.occupants.entry(who.clone()).or_default();
                    if posture.is_cover() {
                        open_span(&mut tr.cover, t);
                        tr.stop(t);
                    } else {
                        tr.break_cover(t);
                    }
                }
            }
            SimEvent::Arrived {
                who, place_kind, ..
            } => {
                if let Some(tr) = r.tracks.get_mut(who) {
                    tr.places.push((t, Some(*place_kind)));
                    tr.stop(t);
                } else {
                    r.back_in_play(who, &mut settled);
                    let tr = r.occupants.entry(who.clone()).or_default();
                    tr.places.push((t, Some(*place_kind)));
                    tr.stop(t);
                    r.arrivals.push((t, who.clone(), Some(*place_kind)));
                    if reaches(Some(*place_kind), Destination::OutOfBuilding) {
                        settled.insert(who.clone());
                    }
                }
            }
            SimEvent::LeftBuilding { who, .. } => {
                if let Some(tr) = r.tracks.get_mut(who) {
                    tr.left_building.get_or_insert(t);
                } else {
                    r.back_in_play(who, &mut settled);
                    r.occupants
                        .entry(who.clone())
                        .or_default()
                        .left_building
                        .get_or_insert(t);
                    r.arrivals.push((t, who.clone(), None));
                }
            }
            SimEvent::StayedBehind { who, .. } | SimEvent::Stranded { who, .. } => {
                match r.tracks.get_mut(who) {
                    Some(tr) => tr.stop(t),
                    None => r.occupants.entry(who.clone()).or_default().stop(t),
                }
                settled.insert(who.clone());
                if !r.out_of_play.contains(who) {
                    r.out_of_play.push(who.clone());
                }
            }
            SimEvent::Injured { who, severity, .. }
                if !r.tracks.contains_key(who)
                    && (severity.is_none() || *severity == Some(Harm::Serious)) =>
            {
                settled.insert(who.clone());
                if !r.out_of_play.contains(who) {
                    r.out_of_play.push(who.clone());
                }
            }
            SimEvent::Report {
                participant,
                reported_present,
                reported_expected,
                true_present,
                true_expected,
            } => {
                r.tracks
                    .entry(participant.clone())
                    .or_default()
                    .reports
                    .push((
                        t,
                        [
                            *reported_present,
                            *reported_expected,
                            *true_present,
                            *true_expected,
                        ],
                    ));
            }
            SimEvent::Aftershock { duration_s, .. } => {
                let to = t + r.ticks(*duration_s);
                r.shaking.push((t, to));
            }
            SimEvent::Swept {
                participant,
                spaces,
                found,
            } => r
                .tracks
                .entry(participant.clone())
                .or_default()
                .sweeps
                .push((t, spaces.len() as u32, found.len() as u32)),
            SimEvent::Scouted { participant, .. } => {
                r.scouted.get_or_insert(t);
                r.tracks
                    .entry(participant.clone())
                    .or_default()
                    .actions
                    .push((t, Action::Scout));
            }
            SimEvent::WindChanged { speed_mps, .. } => r.winds.push((t, *speed_mps)),
            SimEvent::LookoutPosted { participant, .. } => r
                .tracks
                .entry(participant.clone())
                .or_default()
                .actions
                .push((t, Action::PostLookout)),
            // Escape routes are identified when two beat the fire; a safety zone when it is
            // wide enough for the flames (LCES: E, S). Short of that, the shortfall is kept.
            SimEvent::LcesChecked {
                participant,
                action,
                from,
                escape_routes,
                safety_zone,
                safety_zone_clear_m,
                safety_zone_needed_m,
                ..
            } => {
                let tr = r.tracks.entry(participant.clone()).or_default();
                let short = super::attack::lces_check_short(
                    *action,
                    *from,
                    escape_routes,
                    safety_zone.as_deref(),
                    *safety_zone_clear_m,
                    *safety_zone_needed_m,
                );
                match short {
                    None => tr.actions.push((t, *action)),
                    Some(why) => tr.fell_short.push((t, *action, why)),
                }
            }
            SimEvent::LineAnchored { participant, .. } => r
                .tracks
                .entry(participant.clone())
                .or_default()
                .actions
                .push((t, Action::AnchorLine)),
            SimEvent::AttackBegun { participant, facts } => {
                let tr = r.tracks.entry(participant.clone()).or_default();
                tr.actions.push((t, Action::Attack));
                tr.attacks.push((t, facts.clone()));
            }
            SimEvent::Escaping {
                participant,
                refuge,
                bearing_deg,
                wind_from_deg,
                wind_mps,
                climb_m,
                distance_m,
                ..
            } => r
                .tracks
                .entry(participant.clone())
                .or_default()
                .escapes
                .push((
                    t,
                    super::attack::Escape {
                        refuge: refuge.clone(),
                        bearing_deg: *bearing_deg,
                        wind_from_deg: *wind_from_deg,
                        wind_mps: *wind_mps,
                        climb_m: *climb_m,
                        distance_m: *distance_m,
                    },
                )),
            SimEvent::InWater {
                who,
                at,
                depth_m,
                speed_mps,
                swept,
            } => r.tracks.entry(who.clone()).or_default().in_water.push((
                t,
                Wading {
                    at: *at,
                    depth_m: *depth_m,
                    speed_mps: *speed_mps,
                    swept: *swept,
                },
            )),
            SimEvent::HouseCutOff {
                house,
                depth_m,
                speed_mps,
            } => {
                r.cut_off
                    .entry(house.clone())
                    .or_insert((t, *depth_m, *speed_mps));
            }
            SimEvent::Injured { .. }
            | SimEvent::FirelineBuilt { .. }
            | SimEvent::FireAtFuelBreak { .. }
            | SimEvent::SmokeReached { .. }
            | SimEvent::LedByHand { .. }
            | SimEvent::FireStarted { .. }
            | SimEvent::FireReached { .. }
            | SimEvent::FireGrowth { .. }
            | SimEvent::WaterReached { .. }
            | SimEvent::FloodGrowth { .. }
            | SimEvent::RoadFlooded { .. }
            | SimEvent::EvacuationCapacity { .. }
            | SimEvent::GroundMotion { .. }
            | SimEvent::Blocked { .. }
            | SimEvent::Cleared { .. }
            | SimEvent::NotSimulated { .. }
            | SimEvent::HeadCount { .. }
            | SimEvent::PassedDoor { .. }
            | SimEvent::EnteredStair { .. }
            | SimEvent::Fell { .. }
            | SimEvent::Woke { .. }
            | SimEvent::Panicked { .. }
            | SimEvent::Postures { .. }
            | SimEvent::ContentsDamage { .. }
            | SimEvent::DrillEnded { .. }
            | SimEvent::Revealed { .. } => {}
        }
        if r.obs.settled.is_none() && occupants > 0 && settled.len() as u32 >= occupants {
            r.obs.settled = Some(t);
        }
    }
    r.obs.tick_hz = r.tick_hz;
    r
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{act, started};
    use super::*;

    #[test]
    fn cover_is_held_from_taking_it_until_standing_up_and_taking_it_again_reopens_it() {
        let r = replay(&[
            started(),
            act(20, ActionName::Plan(Action::TakeCover)),
            act(30, ActionName::Plan(Action::TakeCover)),
            act(50, ActionName::StandUp),
            act(60, ActionName::Plan(Action::TakeCover)),
        ]);
        let tr = &r.tracks["t"];
        assert_eq!(tr.cover, vec![(20, 50), (60, u64::MAX)]);
        assert_eq!(tr.in_cover_from(0), Some(20));
        assert_eq!(tr.in_cover_from(50), Some(60));
        assert!(tr.cover_held(20, 50));
        assert!(!tr.cover_held(20, 51));
        assert_eq!(r.end, 60);
    }

    #[test]
    fn everyone_is_settled_when_the_last_occupant_is_at_a_refuge_or_out_of_play() {
        let mut events = vec![started()];
        if let SimEvent::DrillStarted { occupants, .. } = &mut events[0].1 {
            *occupants = 2;
        }
        events.extend([
            (
                100,
                SimEvent::Arrived {
                    who: "g/1".into(),
                    place: "yard".into(),
                    place_kind: PlaceKind::AssemblyArea,
                },
            ),
            (
                120,
                SimEvent::LeftBuilding {
                    who: "g/2".into(),
                    exit: "e".into(),
                },
            ),
            (
                150,
                SimEvent::StayedBehind {
                    who: "g/3".into(),
                    place: "room".into(),
                },
            ),
        ]);
        let r = replay(&events);
        assert_eq!(r.obs.settled, Some(150));
        assert_eq!(
            r.arrivals,
            vec![
                (100, "g/1".to_string(), Some(PlaceKind::AssemblyArea)),
                (120, "g/2".to_string(), None),
            ]
        );
        assert_eq!(r.out_of_play, vec!["g/3".to_string()]);
    }
}
