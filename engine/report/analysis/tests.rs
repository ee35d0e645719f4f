//! Each fact read from a small hand-built journal, with its exact value.

use super::*;
use crate::journal::events::{Driver, PlaceKind};
use crate::plan::evaluate::{EvidenceFact, Outcome, Rating};
use crate::report::Evacuation;
use crate::scenario::schema::{Channel, DrillKind, Phase, Recipients, SiteRef, Text};
use std::collections::BTreeMap;

/// Ticks per second of the hand-built journals.
const HZ: u32 = 10;

fn started(occupants: u32) -> SimEvent {
    SimEvent::DrillStarted {
        scenario: "test".into(),
        drill: DrillKind::Earthquake,
        tick_hz: HZ,
        occupants,
        households: Vec::new(),
        participants: vec![ParticipantInfo {
            id: "t1".into(),
            role: "teacher".into(),
            driver: Driver::Human,
            groups: Vec::new(),
            name: None,
        }],
    }
}

fn hazard(event: HazardEvent) -> SimEvent {
    SimEvent::Hazard { event }
}

fn act(who: &str, action: ActionName) -> SimEvent {
    SimEvent::Action {
        participant: who.into(),
        action,
        target: None,
    }
}

fn injured(who: &str, cause: &str, severity: Option<Harm>) -> SimEvent {
    SimEvent::Injured {
        who: who.into(),
        cause: cause.into(),
        severity,
        energy_j: None,
        posture: None,
    }
}

fn left(who: &str, exit: &str) -> SimEvent {
    SimEvent::LeftBuilding {
        who: who.into(),
        exit: exit.into(),
    }
}

#[test]
fn facts_of_an_earthquake_drill() {
    let signal = ActionName::Plan(Action::SignalEvacuation);
    let events = vec![
        (0, started(30)),
        (50, hazard(HazardEvent::ShakingStarts)),
        (
            55,
            SimEvent::GroundMotion {
                intensity: Intensity::VIII,
                pga_mps2: 2.5,
                pgv_mps: 0.3,
            },
        ),
        // An aftershock's motion: the first shock's peaks are the ones reported.
        (
            60,
            SimEvent::GroundMotion {
                intensity: Intensity::VII,
                pga_mps2: 1.0,
                pgv_mps: 0.1,
            },
        ),
        (200, hazard(HazardEvent::ShakingStops)),
        (250, act("t1", signal)),
        (300, act("t1", signal)),
        (310, injured("a", "desk", Some(Harm::Minor))),
        (320, injured("a", "ceiling", Some(Harm::Serious))),
        (330, injured("b", "glass", Some(Harm::Moderate))),
        (340, injured("b", "glass", None)),
        // Shaking again, never stopped: it lasts to the end of the journal.
        (400, hazard(HazardEvent::ShakingStarts)),
        (
            900,
            SimEvent::DrillEnded {
                reason: EndReason::AllAccountedFor,
                accounted_for: 29,
                people: 30,
            },
        ),
    ];
    let f = Facts::of(&events, HZ);
    assert_eq!(f.end_s, 90.0);
    assert_eq!(f.end, Some((EndReason::AllAccountedFor, 29, 30)));
    assert_eq!(f.occupants, 30);
    assert_eq!(f.participants.len(), 1);
    assert_eq!(f.participants[0].id, "t1");
    assert_eq!((f.hurt, f.serious), (2, 1));
    assert_eq!(f.signal_s, Some(25.0));
    assert_eq!(f.shaking, vec![(5.0, 20.0), (40.0, 90.0)]);
    assert_eq!(f.ground, Some((Intensity::VIII, 2.5)));
    assert_eq!(f.revealed, None);
}

#[test]
fn facts_of_an_empty_journal() {
    assert_eq!(Facts::of(&[], HZ), Facts::default());
    assert_eq!(hurt(&[]), Hurt::default());
}

#[test]
fn hurt_counts_each_person_once() {
    let events = vec![
        (1, injured("a", "desk", Some(Harm::Minor))),
        (2, injured("a", "desk", Some(Harm::Minor))),
        (3, injured("b", "beam", Some(Harm::Serious))),
        (4, injured("b", "beam", Some(Harm::Serious))),
        (5, injured("c", "glass", None)),
        (6, injured("d", "radiant heat", Some(Harm::Moderate))),
        (7, injured("d", "radiant heat", Some(Harm::Fatal))),
    ];
    assert_eq!(
        hurt(&events),
        Hurt {
            people: 4,
            serious: 1,
            killed: 1,
        }
    );
}

#[test]
fn site_use_reads_passages_blockages_and_arrivals() {
    let hz = 2;
    let events = vec![
        (
            2,
            SimEvent::PassedDoor {
                who: "a".into(),
                door: "d1".into(),
            },
        ),
        (
            4,
            SimEvent::PassedDoor {
                who: "b".into(),
                door: "d1".into(),
            },
        ),
        (
            6,
            SimEvent::EnteredStair {
                who: "a".into(),
                stair: "s1".into(),
                down: true,
            },
        ),
        // Going up is not a passage towards the exits.
        (
            8,
            SimEvent::EnteredStair {
                who: "c".into(),
                stair: "s1".into(),
                down: false,
            },
        ),
        (10, left("a", "e1")),
        (11, left("b", "e1")),
        (
            12,
            SimEvent::TookLift {
                who: "c".into(),
                lift: "L1".into(),
            },
        ),
        (
            13,
            SimEvent::TookLift {
                who: "c".into(),
                lift: "L1".into(),
            },
        ),
        (
            14,
            SimEvent::Arrived {
                who: "a".into(),
                place: "aa1".into(),
                place_kind: PlaceKind::AssemblyArea,
            },
        ),
        (
            15,
            SimEvent::Arrived {
                who: "b".into(),
                place: "aa1".into(),
                place_kind: PlaceKind::AssemblyArea,
            },
        ),
        (
            16,
            SimEvent::Blocked {
                what: SiteRef::Door("d2".into()),
                by: None,
            },
        ),
        // A point has no id to mark on the map.
        (
            17,
            SimEvent::Blocked {
                what: SiteRef::Point(1.0, 2.0),
                by: Some("debris".into()),
            },
        ),
    ];
    let u = site_use(&events, hz);
    let times = |pairs: &[(&str, &[f64])]| -> BTreeMap<String, Vec<f64>> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_string(), v.to_vec()))
            .collect()
    };
    assert_eq!(u.doors, times(&[("d1", &[1.0, 2.0])]));
    assert_eq!(u.stairs_down, times(&[("s1", &[3.0])]));
    assert_eq!(u.exits, times(&[("e1", &[5.0, 5.5])]));
    assert_eq!(u.lift_rides, 2);
    assert_eq!(u.blocked, vec!["d2".to_string()]);
    assert_eq!(u.arrivals("aa1"), 2);
    assert_eq!(u.arrivals("aa2"), 0);
    assert!(u.is_blocked("d2") && !u.is_blocked("d1"));
    // Two through d1 within 10 s: 0.2 p/s, over 1 m.
    assert_eq!(
        u.door("d1", 1.0),
        Flow {
            people: 2,
            specific_ppsm: 0.2
        }
    );
    assert_eq!(u.door("d9", 1.0), Flow::default());
    assert_eq!(u.stair_down("s1", 0.5).specific_ppsm, 0.2);
    // Widths below 0.1 m count as 0.1 m.
    assert_eq!(u.exit("e1", 0.05).specific_ppsm, 2.0);
}

#[test]
fn peak_flow_counts_the_busiest_ten_seconds() {
    let times: Vec<f64> = (0..30).map(|k| f64::from(k) * 0.5).collect();
    // 21 passages in [0, 10] s.
    assert!((peak_flow_pps(&times) - 2.1).abs() < 1e-9);
    assert_eq!(peak_flow_pps(&[]), 0.0);
    // A window is 10 s long, both ends in.
    assert_eq!(peak_flow_pps(&[0.0, 10.0, 10.5]), 0.2);
    assert_eq!(specific_flow_ppsm(None, 1.0), 0.0);
    assert_eq!(specific_flow_ppsm(Some(&[0.0, 1.0, 2.0]), 1.5), 0.3 / 1.5);
}

#[test]
fn exit_flows_are_cumulative_per_exit() {
    let mut u = SiteUse::default();
    u.exits.insert("A".into(), vec![1.0, 2.0, 3.0]);
    u.exits.insert("B".into(), vec![4.0]);
    let flows = exit_flows(&u, None);
    assert_eq!(
        flows,
        vec![
            ExitFlow {
                id: "A".into(),
                curve: vec![(1.0, 1), (2.0, 2), (3.0, 3)],
                peak_pps: 0.3,
                specific_ppsm: None,
            },
            ExitFlow {
                id: "B".into(),
                curve: vec![(4.0, 1)],
                peak_pps: 0.1,
                specific_ppsm: None,
            },
        ]
    );
    assert_eq!((flows[0].first_s(), flows[0].last_s()), (1.0, 3.0));
}

#[test]
fn moments_sum_actions_and_lift_rides_and_mark_the_evacuation() {
    let cover = ActionName::Plan(Action::TakeCover);
    let events = vec![
        (
            0,
            SimEvent::PhaseChanged {
                phase: Phase::Alarm,
            },
        ),
        (10, act("p1", cover)),
        (10, hazard(HazardEvent::ShakingStarts)),
        (12, act("p2", cover)),
        (20, act("p1", cover)),
        // Walking is not a key action.
        (30, act("p3", ActionName::Walk)),
        (
            40,
            SimEvent::TookLift {
                who: "p4".into(),
                lift: "L1".into(),
            },
        ),
        (
            50,
            SimEvent::TookLift {
                who: "p4".into(),
                lift: "L1".into(),
            },
        ),
        (60, injured("x", "desk", Some(Harm::Minor))),
        (65, injured("z", "desk", Some(Harm::Moderate))),
        (70, injured("y", "falling ceiling", Some(Harm::Serious))),
        (
            80,
            SimEvent::InjectFired {
                number: 3,
                effect: crate::journal::events::EffectKind::Message,
                to: Recipients::Everyone,
                channel: Channel::Broadcast,
                message: Some(Text {
                    zh: "实验室起火".into(),
                    en: "Fire in the lab".into(),
                }),
            },
        ),
    ];
    let evacuation = Evacuation {
        total_s: 30.0,
        from_hazard_s: None,
        curve: vec![(10.0, 1), (20.0, 2), (30.0, 3), (40.0, 4)],
        exits: BTreeMap::new(),
        capacity_s: None,
        bottlenecks: Vec::new(),
        from_signal: true,
    };
    let got: Vec<(f64, Lane, String)> = moments(&events, HZ, None, Some(&evacuation))
        .into_iter()
        .map(|m| (m.t_s, m.lane, m.what.en))
        .collect();
    let want: Vec<(f64, Lane, String)> = [
        (0.0, Lane::Hazard, "Phase: alarm"),
        (1.0, Lane::Hazard, "shaking starts"),
        (
            1.0,
            Lane::KeyAction,
            "take cover: 2 participants (until 0:02)",
        ),
        (
            4.0,
            Lane::Consequence,
            "p4 took lift L1 (2 rides, until 0:05)",
        ),
        (
            6.0,
            Lane::Consequence,
            "First person hurt (minor or moderate)",
        ),
        (
            7.0,
            Lane::Consequence,
            "y seriously hurt (falling ceiling), cannot walk out",
        ),
        (8.0, Lane::Inject, "Inject #3: Fire in the lab (Message)"),
        (10.0, Lane::KeyAction, "First person out of the building"),
        (20.0, Lane::KeyAction, "50% out"),
        (40.0, Lane::KeyAction, "90% out"),
        (40.0, Lane::KeyAction, "Last person out of the building"),
    ]
    .into_iter()
    .map(|(t, l, w)| (t, l, w.to_string()))
    .collect();
    assert_eq!(got, want);
    // Without a scenario an inject has no MSEL entry to expect.
    assert!(
        moments(&events, HZ, None, None)
            .iter()
            .all(|m| m.expected.is_none())
    );
}

#[test]
fn one_participant_doing_a_key_action_is_named() {
    let events = vec![(30, act("cmd", ActionName::Plan(Action::SignalEvacuation)))];
    let m = moments(&events, HZ, None, None);
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].t_s, 3.0);
    assert_eq!(m[0].lane, Lane::KeyAction);
    assert_eq!(m[0].what.en, "cmd: signal the evacuation");
    assert_eq!(m[0].what.zh, "cmd：发出疏散信号");
}

/// Key moments name a participant as the trainer did (the journal's start), not by their id:
/// the one who acted, forced a door open, swept a room and found a child.
#[test]
fn key_moments_name_participants_by_their_names() {
    let named = SimEvent::DrillStarted {
        scenario: "test".into(),
        drill: DrillKind::Earthquake,
        tick_hz: HZ,
        occupants: 1,
        households: Vec::new(),
        participants: vec![ParticipantInfo {
            id: "carer-1".into(),
            role: "care-worker".into(),
            driver: Driver::Human,
            groups: Vec::new(),
            name: Some(Text {
                zh: "孙阿姨".into(),
                en: "Ms Sun".into(),
            }),
        }],
    };
    let events = vec![
        (0, named),
        (30, act("carer-1", ActionName::Plan(Action::SweepRooms))),
        (
            40,
            SimEvent::Cleared {
                what: SiteRef::Door("d1".into()),
                by: Some("carer-1".into()),
            },
        ),
        (
            50,
            SimEvent::Swept {
                participant: "carer-1".into(),
                spaces: vec!["room-1".into()],
                found: vec!["g/03".into()],
            },
        ),
    ];
    let said: Vec<String> = moments(&events, HZ, None, None)
        .into_iter()
        .map(|m| m.what.en)
        .collect();
    assert_eq!(
        said,
        [
            "Ms Sun: sweep the rooms",
            "d1 cleared (forced open by Ms Sun)",
            "Ms Sun swept room-1 and found 1: g/03",
        ]
    );
}

fn task(id: &str, who: &str, started_s: Option<f64>, evidence: &[(f64, &str)]) -> TaskResult {
    TaskResult {
        id: id.into(),
        objective: "o".into(),
        participant: who.into(),
        role: "r".into(),
        outcome: Outcome::Met,
        rating: Rating::P,
        started_s,
        due_s: None,
        done_s: None,
        weight: 1.0,
        life_safety: false,
        governs: 0,
        evidence: evidence
            .iter()
            .map(|&(t_s, en)| Evidence {
                t_s,
                what: EvidenceFact::Recorded(Text {
                    zh: format!("（{en}）"),
                    en: en.into(),
                }),
            })
            .collect(),
    }
}

#[test]
fn evacuation_target_is_the_first_started_all_reach_step_with_a_deadline() {
    let plan: Plan = crate::scenario::ron_options()
        .from_str(
            r#"Plan(
    format_version: 1, id: "p", kind: Earthquake, title: (zh: "预案", en: "plan"),
    sources: [], roles: [], objectives: [],
    steps: [
        (id: "cover", objective: "o", title: (zh: "避险", en: "cover"), responsible: Occupants,
         starts: Hazard(ShakingStarts), requires: Act(TakeCover), deadline_s: 10.0,
         source: (doc: "d", clause: "c")),
        (id: "out-any-time", objective: "o", title: (zh: "撤出", en: "out"), responsible: Occupants,
         starts: Hazard(ShakingStops), requires: AllReach(AssemblyArea),
         source: (doc: "d", clause: "c")),
        (id: "out-unstarted", objective: "o", title: (zh: "撤出", en: "out"), responsible: Occupants,
         starts: Hazard(ShakingStops), requires: AllReach(AssemblyArea), deadline_s: 60.0,
         source: (doc: "d", clause: "c")),
        (id: "out", objective: "o", title: (zh: "撤出", en: "out"), responsible: Occupants,
         starts: Hazard(ShakingStops), requires: AllReach(AssemblyArea), deadline_s: 120.0,
         source: (doc: "d", clause: "c")),
    ],
)"#,
        )
        .unwrap();
    let tasks = vec![
        task("cover", "p1", Some(1.0), &[]),
        task("out-any-time", "p1", Some(2.0), &[]),
        task("out-unstarted", "p1", None, &[]),
        task("out", "p1", Some(30.0), &[]),
        task("out", "p2", Some(25.0), &[]),
        task("out", "p3", None, &[]),
    ];
    assert_eq!(
        evacuation_target(&plan, &tasks),
        Some(EvacuationTarget {
            step: "out".into(),
            start_s: 25.0,
            deadline_s: 120.0,
        })
    );
    assert_eq!(evacuation_target(&plan, &tasks[..3]), None);
}

#[test]
fn evidence_of_one_participant_in_time_order_without_repeats() {
    let tasks = vec![
        task(
            "a",
            "p1",
            None,
            &[(5.0, "took cover"), (2.0, "heard the alarm")],
        ),
        task("a", "p2", None, &[(1.0, "someone else")]),
        task("b", "p1", None, &[(5.0, "took cover"), (9.0, "left")]),
    ];
    let got: Vec<(f64, String)> = evidence_of(&tasks, "p1")
        .into_iter()
        .map(|e| (e.t_s, e.text().en))
        .collect();
    assert_eq!(
        got,
        vec![
            (2.0, "heard the alarm".to_string()),
            (5.0, "took cover".to_string()),
            (9.0, "left".to_string())
        ]
    );
    assert!(evidence_of(&tasks, "p9").is_empty());
}
