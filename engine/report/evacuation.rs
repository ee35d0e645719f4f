//! The evacuation in `report.json`: the curve of people out of the building, the exits they took,
//! and how the stairs and exits that bound the evacuation time were used.

use crate::journal::events::SimEvent;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evacuation {
    /// From the evacuation signal (or the first person moving) to the last out of the building.
    pub total_s: f64,
    /// From the hazard's first event (the early warning, the shaking, the fire or the water) to
    /// the last out: the headline, which a late signal cannot shorten.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_hazard_s: Option<f64>,
    /// [drill seconds, people out of the building so far], at each change.
    pub curve: Vec<(f64, u32)>,
    pub exits: BTreeMap<String, u32>,
    /// The flow-limited least time of the building's stairs and exits, when recorded.
    pub capacity_s: Option<f64>,
    /// How the stairs or exits that bound that time were used: where the queues were.
    #[serde(default)]
    pub bottlenecks: Vec<Bottleneck>,
    /// `total_s` counts from the evacuation signal (not from the first person moving).
    #[serde(skip)]
    pub from_signal: bool,
}

/// A stair flight or exit of the building's flow bound, as the drill used it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bottleneck {
    pub id: String,
    pub people: u32,
    pub first_s: f64,
    pub last_s: f64,
    /// The most people through in one [`BIN_S`] bin, per second.
    pub peak_pps: f64,
    /// Time spent at 80 % of that peak or more: running at capacity with a queue behind.
    pub saturated_s: f64,
}

/// Bins of this length (drill seconds from 0) measure flows through bottlenecks.
pub const BIN_S: f64 = 10.0;

/// The evacuation of the events' building, if anyone left one.
pub fn evacuation(events: &[(u64, SimEvent)], tick_hz: u32) -> Option<Evacuation> {
    let secs = |t: u64| t as f64 / f64::from(tick_hz.max(1));
    let mut signal = None;
    let mut hazard = None;
    let mut first_move = None;
    // Each person out once: going back in and out again is one person out.
    let mut gone: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    let mut curve = Vec::new();
    let mut exits: BTreeMap<String, u32> = BTreeMap::new();
    let mut capacity_s = None;
    let mut through: Vec<String> = Vec::new();
    let mut passages: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    let mut out = 0;
    for (t, e) in events {
        match e {
            SimEvent::Action {
                action:
                    crate::journal::events::ActionName::Plan(crate::plan::Action::SignalEvacuation),
                ..
            } => {
                signal.get_or_insert(*t);
            }
            SimEvent::StartedMoving { .. } => {
                first_move.get_or_insert(*t);
            }
            SimEvent::EnteredStair {
                stair, down: true, ..
            } => passages.entry(stair).or_default().push(secs(*t)),
            SimEvent::LeftBuilding { exit, who } => {
                passages.entry(exit).or_default().push(secs(*t));
                if gone.insert(who) {
                    out += 1;
                    *exits.entry(exit.clone()).or_default() += 1;
                }
                curve.push((secs(*t), out));
            }
            SimEvent::Hazard { .. } => {
                hazard.get_or_insert(*t);
            }
            SimEvent::EvacuationCapacity {
                minimum_s,
                through: ids,
                ..
            } => {
                capacity_s = Some(*minimum_s);
                through.clone_from(ids);
            }
            SimEvent::EnteredStair { .. }
            | SimEvent::Action { .. }
            | SimEvent::DrillStarted { .. }
            | SimEvent::PhaseChanged { .. }
            | SimEvent::Aftershock { .. }
            | SimEvent::GroundMotion { .. }
            | SimEvent::WarningIssued { .. }
            | SimEvent::InjectFired { .. }
            | SimEvent::Blocked { .. }
            | SimEvent::Cleared { .. }
            | SimEvent::NotSimulated { .. }
            | SimEvent::HeadCount { .. }
            | SimEvent::Report { .. }
            | SimEvent::PassedDoor { .. }
            | SimEvent::TookLift { .. }
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
            | SimEvent::Revealed { .. } => {}
        }
    }
    let from = signal.or(first_move)?;
    let last = curve.last()?.0;
    // One point per tick is enough for a curve.
    curve.dedup_by(|b, a| {
        a.0 == b.0 && {
            a.1 = b.1;
            true
        }
    });
    let bottlenecks = through
        .iter()
        .filter_map(|id| {
            let times = passages.get(id.as_str())?;
            let mut bins: BTreeMap<u64, u32> = BTreeMap::new();
            for t in times {
                *bins.entry((t / BIN_S) as u64).or_default() += 1;
            }
            let peak = bins.values().copied().max()?;
            let busy = bins
                .values()
                .filter(|&&n| f64::from(n) >= 0.8 * f64::from(peak));
            Some(Bottleneck {
                id: id.clone(),
                people: times.len() as u32,
                first_s: times[0],
                last_s: times[times.len() - 1],
                peak_pps: f64::from(peak) / BIN_S,
                saturated_s: busy.count() as f64 * BIN_S,
            })
        })
        .collect();
    Some(Evacuation {
        total_s: ((last - secs(from)) * 10.0).round() / 10.0,
        from_hazard_s: hazard.map(|h| ((last - secs(h)) * 10.0).round() / 10.0),
        curve,
        exits,
        capacity_s,
        bottlenecks,
        from_signal: signal.is_some(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::events::ActionName;
    use crate::plan::Action;

    fn left(t: u64, exit: &str) -> (u64, SimEvent) {
        left_as(&format!("p{t}"), t, exit)
    }

    fn left_as(who: &str, t: u64, exit: &str) -> (u64, SimEvent) {
        (
            t,
            SimEvent::LeftBuilding {
                who: who.into(),
                exit: exit.into(),
            },
        )
    }

    /// Issue 18: going back in and out again is one person out, not two; the last out counts
    /// from the hazard too, so a late signal cannot shorten the headline.
    #[test]
    fn a_person_out_twice_is_one_out_and_the_time_counts_from_the_hazard_too() {
        let signal = |t: u64| {
            (
                t,
                SimEvent::Action {
                    participant: "cmd".into(),
                    action: ActionName::Plan(Action::SignalEvacuation),
                    target: None,
                },
            )
        };
        let quake = (
            100,
            SimEvent::Hazard {
                event: crate::drill::HazardEvent::ShakingStarts,
            },
        );
        let drill = |signal_at: u64| {
            vec![
                quake.clone(),
                signal(signal_at),
                left_as("a", 1500, "E1"),
                left_as("b", 1600, "E1"),
                // a goes back for a bag and out again.
                left_as("a", 3200, "E2"),
            ]
        };
        let on_time = evacuation(&drill(1000), 10).unwrap();
        assert_eq!(on_time.curve, vec![(150.0, 1), (160.0, 2), (320.0, 2)]);
        assert_eq!(on_time.exits, BTreeMap::from([("E1".to_string(), 2)]));
        assert_eq!(
            (on_time.total_s, on_time.from_hazard_s),
            (220.0, Some(310.0))
        );
        let late = evacuation(&drill(1400), 10).unwrap();
        assert_eq!((late.total_s, late.from_hazard_s), (180.0, Some(310.0)));
    }

    fn down(t: u64, stair: &str) -> (u64, SimEvent) {
        (
            t,
            SimEvent::EnteredStair {
                who: format!("p{t}"),
                stair: stair.into(),
                down: true,
            },
        )
    }

    #[test]
    fn from_the_signal_with_its_bottlenecks() {
        let events = vec![
            (
                0,
                SimEvent::EvacuationCapacity {
                    minimum_s: 30.0,
                    people: 3,
                    flow_pps: 0.1,
                    through: vec!["S1".into(), "E1".into()],
                },
            ),
            (
                50,
                SimEvent::StartedMoving {
                    who: "early".into(),
                },
            ),
            (
                100,
                SimEvent::Action {
                    participant: "cmd".into(),
                    action: ActionName::Plan(Action::SignalEvacuation),
                    target: None,
                },
            ),
            down(150, "S1"),
            down(160, "S1"),
            left(200, "E1"),
            left_as("q200", 200, "E1"),
            left(350, "E1"),
        ];
        let e = evacuation(&events, 10).unwrap();
        // 10 s signal to 35 s last out.
        assert_eq!(e.total_s, 25.0);
        assert!(e.from_signal);
        // One point per tick: the two out at 20 s are one step.
        assert_eq!(e.curve, vec![(20.0, 2), (35.0, 3)]);
        assert_eq!(e.exits, BTreeMap::from([("E1".to_string(), 3)]));
        assert_eq!(e.capacity_s, Some(30.0));
        assert_eq!(
            e.bottlenecks,
            vec![
                Bottleneck {
                    id: "S1".into(),
                    people: 2,
                    first_s: 15.0,
                    last_s: 16.0,
                    peak_pps: 0.2,
                    saturated_s: 10.0,
                },
                // Bins [20, 30) with 2 and [30, 40) with 1: only the first at 80 % of the peak.
                Bottleneck {
                    id: "E1".into(),
                    people: 3,
                    first_s: 20.0,
                    last_s: 35.0,
                    peak_pps: 0.2,
                    saturated_s: 10.0,
                },
            ]
        );
    }

    #[test]
    fn from_the_first_person_moving_without_a_signal() {
        let events = vec![
            (30, SimEvent::StartedMoving { who: "a".into() }),
            left(125, "E2"),
        ];
        let e = evacuation(&events, 10).unwrap();
        assert_eq!(e.total_s, 9.5);
        assert!(!e.from_signal);
        assert_eq!(e.capacity_s, None);
        assert!(e.bottlenecks.is_empty());
    }

    #[test]
    fn none_without_anyone_out_or_moving() {
        assert_eq!(evacuation(&[], 10), None);
        let moved_only = vec![(30, SimEvent::StartedMoving { who: "a".into() })];
        assert_eq!(evacuation(&moved_only, 10), None);
        // Out without a start: nothing to count from.
        assert_eq!(evacuation(&[left(10, "E1")], 10), None);
    }
}
