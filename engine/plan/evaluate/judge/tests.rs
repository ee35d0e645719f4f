//! The judge's tests: hand-written journals with the outcome each must give.

use super::super::evaluate;
use super::super::fixtures::{
    act, arrived_in_yard, hazard, outcome, plan, signal_step, started, started_with_class, step,
};
use super::*;
use crate::drill::HazardEvent;
use crate::journal::events::{ActionName, SimEvent};
use crate::plan::StepStart;

#[test]
fn a_step_whose_trigger_never_happens_is_not_applicable() {
    let p = plan(vec![signal_step(60.0)]);
    let ev = evaluate(&[started()], &p);
    assert_eq!(ev.tasks[0].outcome, Outcome::NotApplicable);
    assert_eq!(ev.objectives[0].rating, None);
}

#[test]
fn an_action_before_the_start_does_not_count() {
    let p = plan(vec![signal_step(60.0)]);
    let events = [
        started(),
        act(50, ActionName::Plan(Action::SignalEvacuation)),
        hazard(100, HazardEvent::ShakingStops),
    ];
    assert_eq!(outcome(&events, &p, "signal"), Outcome::NotMet);
}

#[test]
fn cover_held_through_the_hold_time_is_met_and_getting_up_early_is_not() {
    let p = plan(vec![step(
        "hold",
        StepStart::Hazard(HazardEvent::ShakingStops),
        Requirement::Hold {
            action: Action::TakeCover,
            duration_s: 10.0,
        },
        None,
    )]);
    let held = [
        started(),
        act(20, ActionName::Plan(Action::TakeCover)),
        hazard(100, HazardEvent::ShakingStops),
        act(200, ActionName::StandUp),
    ];
    assert_eq!(outcome(&held, &p, "hold"), Outcome::Met);
    let early = [
        started(),
        act(20, ActionName::Plan(Action::TakeCover)),
        hazard(100, HazardEvent::ShakingStops),
        act(150, ActionName::StandUp),
    ];
    assert_eq!(outcome(&early, &p, "hold"), Outcome::NotMet);
}

#[test]
fn a_count_must_match_the_truth() {
    let p = plan(vec![step(
        "report",
        StepStart::Hazard(HazardEvent::ShakingStops),
        Requirement::ReportCount,
        Some(60.0),
    )]);
    let report = |rp: u32| {
        (
            200,
            SimEvent::Report {
                participant: "t".into(),
                reported_present: rp,
                reported_expected: 48,
                true_present: 47,
                true_expected: 48,
            },
        )
    };
    let wrong = [
        started(),
        hazard(100, HazardEvent::ShakingStops),
        report(48),
    ];
    let ev = evaluate(&wrong, &p);
    assert_eq!(ev.tasks[0].outcome, Outcome::NotMet);
    assert_eq!(
        ev.tasks[0].evidence[0].what,
        EvidenceFact::CountWrong {
            reported_present: 48,
            reported_expected: 48,
            true_present: 47,
            true_expected: 48,
        }
    );
    let right = [
        started(),
        hazard(100, HazardEvent::ShakingStops),
        report(47),
    ];
    assert_eq!(outcome(&right, &p, "report"), Outcome::Met);
}

#[test]
fn a_step_done_before_the_one_it_follows_is_out_of_order() {
    let mut second = step(
        "count",
        StepStart::Hazard(HazardEvent::ShakingStops),
        Requirement::Act(Action::CountHeads),
        None,
    );
    second.after = vec!["signal".into()];
    let p = plan(vec![signal_step(600.0), second]);
    let events = [
        started(),
        hazard(100, HazardEvent::ShakingStops),
        act(150, ActionName::Plan(Action::CountHeads)),
        act(300, ActionName::Plan(Action::SignalEvacuation)),
    ];
    assert_eq!(outcome(&events, &p, "count"), Outcome::Violated);
    assert_eq!(outcome(&events, &p, "signal"), Outcome::Met);
}

#[test]
fn all_reach_counts_the_groups_less_those_out_of_play() {
    let p = plan(vec![step(
        "all-out",
        StepStart::Hazard(HazardEvent::ShakingStops),
        Requirement::AllReach(Destination::OutOfBuilding),
        Some(60.0),
    )]);
    let mut events = vec![
        started_with_class(3),
        hazard(100, HazardEvent::ShakingStops),
        arrived_in_yard(200, "c1/1"),
        (
            210,
            SimEvent::StayedBehind {
                who: "c1/2".into(),
                place: "room".into(),
            },
        ),
    ];
    let ev = evaluate(&events, &p);
    assert_eq!(ev.tasks[0].outcome, Outcome::NotMet);
    let what: Vec<_> = ev.tasks[0]
        .evidence
        .iter()
        .map(|e| (e.t_s, e.what.clone()))
        .collect();
    assert_eq!(
        what,
        vec![
            (10.0, EvidenceFact::Excused { people: 1 }),
            (
                20.0,
                EvidenceFact::SomeReached {
                    destination: Destination::OutOfBuilding,
                    reached: 1,
                    of: 2
                }
            ),
        ]
    );
    events.push((
        250,
        SimEvent::LeftBuilding {
            who: "c1/3".into(),
            exit: "e".into(),
        },
    ));
    let ev = evaluate(&events, &p);
    assert_eq!(ev.tasks[0].outcome, Outcome::Met);
    assert_eq!(ev.tasks[0].done_s, Some(25.0));
    assert_eq!(
        ev.tasks[0].evidence[1].what,
        EvidenceFact::AllReached {
            destination: Destination::OutOfBuilding,
            people: 2
        }
    );
}

/// Issue 18 (kindergarten): a class cut off behind a jammed stair door that is cleared
/// and then walks out is back in play: "all of them" counts every child, none excused.
#[test]
fn people_cut_off_and_freed_by_a_cleared_door_are_back_in_play() {
    let p = plan(vec![step(
        "all-out",
        StepStart::Hazard(HazardEvent::ShakingStops),
        Requirement::AllReach(Destination::OutOfBuilding),
        Some(60.0),
    )]);
    let first = started_with_class(2);
    let yard = arrived_in_yard;
    let cut_off = |t: u64, who: &str| {
        (
            t,
            SimEvent::Stranded {
                who: who.into(),
                place: "yard".into(),
            },
        )
    };
    let moving = |t: u64, who: &str| (t, SimEvent::StartedMoving { who: who.into() });
    let events = vec![
        first,
        cut_off(50, "c1/1"),
        cut_off(50, "c1/2"),
        hazard(100, HazardEvent::ShakingStops),
        moving(120, "c1/1"),
        moving(120, "c1/2"),
        yard(300, "c1/1"),
        yard(400, "c1/2"),
    ];
    let ev = evaluate(&events, &p);
    assert_eq!(ev.tasks[0].outcome, Outcome::Met);
    assert_eq!(
        facts(&events, &p),
        vec![(
            40.0,
            EvidenceFact::AllReached {
                destination: Destination::OutOfBuilding,
                people: 2
            }
        )]
    );
    // Cut off to the end: excused, as before.
    let stuck = events[..4].to_vec();
    assert_eq!(
        facts(&stuck, &p)[0],
        (10.0, EvidenceFact::Excused { people: 2 })
    );
}

/// Issue 18 (kindergarten): a teacher who reaches the yard ahead of the class and reports
/// the three there "3 of 25" has not counted the class: a shortfall, not a count.
#[test]
fn a_count_reported_before_the_class_arrived_is_no_count() {
    let p = plan(vec![step(
        "report",
        StepStart::Hazard(HazardEvent::ShakingStops),
        Requirement::ReportCount,
        Some(200.0),
    )]);
    let first = started_with_class(3);
    let yard = arrived_in_yard;
    let report = |t: u64, n: u32| {
        (
            t,
            SimEvent::Report {
                participant: "t".into(),
                reported_present: n,
                reported_expected: 3,
                true_present: n,
                true_expected: 3,
            },
        )
    };
    let mut events = vec![
        first,
        hazard(100, HazardEvent::ShakingStops),
        yard(120, "c1/1"),
        report(150, 1),
        yard(200, "c1/2"),
        yard(210, "c1/3"),
    ];
    assert_eq!(outcome(&events, &p, "report"), Outcome::NotMet);
    assert_eq!(
        facts(&events, &p),
        vec![(
            15.0,
            EvidenceFact::CountEarly {
                reported_present: 1,
                reported_expected: 3,
                on_the_way: 2
            }
        )]
    );
    assert_eq!(
        facts(&events, &p)[0].1.text().en,
        "reported 1 of 3 before the class was in: 2 still on their way"
    );
    events.push(report(250, 3));
    assert_eq!(outcome(&events, &p, "report"), Outcome::Met);
}

/// Issue 18: occupants are held to `Everyone` steps and summed per group — here a class of
/// three under the cover step: one down in time, one late, one who ran through the shaking.
#[test]
fn occupants_cover_is_judged_person_by_person_and_summed_per_group() {
    use crate::journal::events::Posture;
    let mut s = cover_step();
    s.responsible = crate::plan::Responsible::Everyone;
    let p = plan(vec![s]);
    let posture = |t: u64, who: &str, posture: Posture| {
        (
            t,
            SimEvent::TookPosture {
                who: who.into(),
                posture,
            },
        )
    };
    let events = vec![
        started_with_class(3),
        hazard(100, HazardEvent::EarlyWarning),
        posture(102, "c1/01", Posture::UnderDesk),
        hazard(110, HazardEvent::ShakingStarts),
        posture(170, "c1/02", Posture::BesideWall),
        (
            112,
            SimEvent::StartedMoving {
                who: "c1/03".into(),
            },
        ),
        hazard(300, HazardEvent::ShakingStops),
        posture(320, "c1/01", Posture::Moving),
        arrived_in_yard(400, "c1/03"),
    ];
    let ev = evaluate(&events, &p);
    assert_eq!(ev.groups.len(), 1);
    let g = &ev.groups[0];
    assert_eq!(
        (
            g.group.as_str(),
            g.people,
            g.met,
            g.met_late,
            g.not_met,
            g.violated
        ),
        ("c1", 3, 1, 1, 0, 1)
    );
    let x = g.example.as_ref().unwrap();
    assert_eq!((x.who.as_str(), x.outcome), ("c1/03", Outcome::Violated));
    assert_eq!(
        x.evidence.what,
        EvidenceFact::ViolatedOver {
            prohibition: Prohibition::RunDuringShaking,
            until_s: 30.0,
            duration_s: 18.8,
        }
    );
    // Not in the score: the teacher's own task alone.
    assert_eq!(ev.tasks.len(), 1);
}

/// The school plan's cover step as the shipped plan writes it: from the warning, within
/// 5 s, closing when the shaking stops, no walking in the shaking.
fn cover_step() -> PlanStep {
    let mut s = step(
        "cover",
        StepStart::Hazard(HazardEvent::EarlyWarning),
        Requirement::Act(Action::TakeCover),
        Some(5.0),
    );
    s.until = Some(StepStart::Hazard(HazardEvent::ShakingStops));
    s.prohibits = vec![Prohibition::RunDuringShaking];
    s
}

fn walk_to_yard(set_off: u64, arrive: u64) -> [(u64, SimEvent); 2] {
    use crate::journal::events::PlaceKind;
    [
        act(set_off, ActionName::MoveTo),
        (
            arrive,
            SimEvent::Arrived {
                who: "t".into(),
                place: "yard".into(),
                place_kind: PlaceKind::AssemblyArea,
            },
        ),
    ]
}

fn facts(events: &[(u64, SimEvent)], p: &crate::plan::Plan) -> Vec<(f64, EvidenceFact)> {
    evaluate(events, p).tasks[0]
        .evidence
        .iter()
        .map(|e| (e.t_s, e.what.clone()))
        .collect()
}

/// Issue 18: the commander who runs out at the warning (57.7 s), is in the open through
/// the whole shaking (60–99.6 s) and "takes cover" on the playground after it stopped.
#[test]
fn the_panicking_commander_walks_in_the_shaking_and_covers_too_late_to_matter() {
    let p = plan(vec![cover_step()]);
    let [go, arrive] = walk_to_yard(577, 997);
    let events = [
        started(),
        hazard(577, HazardEvent::EarlyWarning),
        go,
        hazard(600, HazardEvent::ShakingStarts),
        hazard(996, HazardEvent::ShakingStops),
        arrive,
        act(998, ActionName::Plan(Action::TakeCover)),
    ];
    assert_eq!(outcome(&events, &p, "cover"), Outcome::Violated);
    assert_eq!(
        facts(&events, &p),
        vec![
            (
                60.0,
                EvidenceFact::ViolatedOver {
                    prohibition: Prohibition::RunDuringShaking,
                    until_s: 99.6,
                    duration_s: 39.6,
                }
            ),
            (99.6, EvidenceFact::TooLate),
            (99.8, EvidenceFact::InCover),
        ]
    );
}

#[test]
fn cover_taken_after_the_shaking_stopped_is_not_met() {
    let p = plan(vec![cover_step()]);
    let events = |cover_at: u64| {
        [
            started(),
            hazard(100, HazardEvent::EarlyWarning),
            hazard(105, HazardEvent::ShakingStarts),
            act(cover_at, ActionName::Plan(Action::TakeCover)),
            hazard(200, HazardEvent::ShakingStops),
        ]
    };
    // Past the deadline (15 s) but while it still shakes: met late.
    assert_eq!(outcome(&events(199), &p, "cover"), Outcome::MetLate);
    // As it stops: too late to matter.
    assert_eq!(outcome(&events(200), &p, "cover"), Outcome::NotMet);
}

#[test]
fn a_walk_that_stops_within_the_reaction_time_of_the_shaking_is_no_breach() {
    let p = plan(vec![cover_step()]);
    let quake = |cover_at: u64| {
        vec![
            started(),
            hazard(100, HazardEvent::EarlyWarning),
            act(95, ActionName::MoveTo),
            hazard(110, HazardEvent::ShakingStarts),
            act(cover_at, ActionName::Plan(Action::TakeCover)),
            hazard(300, HazardEvent::ShakingStops),
        ]
    };
    // Walking when the ground starts to shake, down 4 s later: within the plan's 5 s.
    assert_eq!(outcome(&quake(150), &p, "cover"), Outcome::Met);
    // Walking on for 6 s: walking in the shaking.
    assert_eq!(outcome(&quake(170), &p, "cover"), Outcome::Violated);
}

/// Issue 18: cover at the right time, then out of the building during an aftershock.
#[test]
fn leaving_during_an_aftershock_breaks_the_rule_against_walking_in_the_shaking() {
    let p = plan(vec![cover_step()]);
    let aftershock = (
        2000,
        SimEvent::Aftershock {
            intensity: crate::scenario::schema::Intensity::VI,
            duration_s: 10.0,
        },
    );
    let calm = {
        let [go, arrive] = walk_to_yard(1000, 1500);
        vec![
            started(),
            hazard(100, HazardEvent::EarlyWarning),
            act(102, ActionName::Plan(Action::TakeCover)),
            hazard(110, HazardEvent::ShakingStarts),
            hazard(300, HazardEvent::ShakingStops),
            go,
            arrive,
            aftershock.clone(),
        ]
    };
    assert_eq!(outcome(&calm, &p, "cover"), Outcome::Met);
    let [go, arrive] = walk_to_yard(2030, 2400);
    let mut leaves = calm[..5].to_vec();
    leaves.extend([aftershock, go, arrive]);
    assert_eq!(outcome(&leaves, &p, "cover"), Outcome::Violated);
    assert_eq!(
        facts(&leaves, &p)[1],
        (
            203.0,
            EvidenceFact::ViolatedOver {
                prohibition: Prohibition::RunDuringShaking,
                until_s: 210.0,
                duration_s: 7.0,
            }
        )
    );
}

#[test]
fn a_window_that_closed_before_the_step_started_leaves_nothing_to_judge() {
    let mut s = step(
        "late-warning",
        StepStart::Hazard(HazardEvent::ShakingStops),
        Requirement::Act(Action::TakeCover),
        None,
    );
    s.until = Some(StepStart::Hazard(HazardEvent::ShakingStarts));
    let p = plan(vec![s]);
    let events = [
        started(),
        hazard(100, HazardEvent::ShakingStarts),
        hazard(300, HazardEvent::ShakingStops),
    ];
    assert_eq!(outcome(&events, &p, "late-warning"), Outcome::NotApplicable);
}

/// Issue 18: the late commander. The signal is due 60 s after the shaking; given 84 s late
/// it held two teachers and their 40 pupils: a correction (rated M), weighted three times
/// (itself and the two it governs), with the people held and the delay as evidence.
#[test]
fn a_late_evacuation_signal_holds_those_who_wait_for_it_and_weighs_for_each() {
    use crate::plan::{Responsible, evaluate::Rating};
    let mut signal = signal_step(60.0);
    signal.responsible = Responsible::Role("commander".into());
    let lead = step(
        "lead-out",
        StepStart::Step("signal".into()),
        Requirement::Act(Action::GuideGroup),
        Some(20.0),
    );
    let p = plan(vec![signal, lead]);
    let mut first = started();
    if let SimEvent::DrillStarted { participants, .. } = &mut first.1 {
        let teacher = participants[0].clone();
        participants.clear();
        participants.push(crate::journal::events::ParticipantInfo {
            id: "cmd".into(),
            role: "commander".into(),
            ..teacher.clone()
        });
        for (id, class) in [("t1", "c1"), ("t2", "c2")] {
            participants.push(crate::journal::events::ParticipantInfo {
                id: id.into(),
                groups: vec![(class.into(), 20)],
                ..teacher.clone()
            });
        }
    }
    let by = |t: u64, who: &str, a: Action| {
        (
            t,
            SimEvent::Action {
                participant: who.into(),
                action: ActionName::Plan(a),
                target: None,
            },
        )
    };
    let journal = |signal_at: u64| {
        vec![
            first.clone(),
            hazard(100, HazardEvent::ShakingStops),
            by(signal_at, "cmd", Action::SignalEvacuation),
            by(signal_at + 50, "t1", Action::GuideGroup),
            by(signal_at + 50, "t2", Action::GuideGroup),
        ]
    };
    let on_time = evaluate(&journal(600), &p);
    let late = evaluate(&journal(1540), &p);
    let signal = &late.tasks[0];
    assert_eq!(
        (signal.outcome, signal.rating),
        (Outcome::MetLate, Rating::M)
    );
    assert_eq!((signal.governs, signal.drill_weight()), (2, 3.0));
    assert_eq!(on_time.tasks[0].drill_weight(), 3.0);
    assert_eq!(
        signal.evidence.first().map(|e| (e.t_s, e.what.clone())),
        Some((
            70.0,
            EvidenceFact::Held {
                people: 42,
                participants: 2,
                delay_s: 84.0
            }
        ))
    );
    assert_eq!(
        signal.evidence[0].text().en,
        "1:24 past the deadline, holding 42 people (2 participants and those in their charge): 3528 person-seconds"
    );
    // The teachers led out in time after the signal: their steps are met.
    assert!(late.tasks[1..].iter().all(|t| t.outcome == Outcome::Met));
    // On time: (3 + 1 + 1) of 5 = 100; late: (1.5 + 2) of 5 = 70. The rule's weight: half
    // of the signal's 3 of the 5.
    assert_eq!((on_time.score, late.score), (100.0, 70.0));
    assert_eq!(late.objectives[0].rating, Some(Rating::M));
    assert_eq!(
        late.objectives[0].rule.en,
        "step \"signal\" met late, holding 2 participants by cmd"
    );
    // The teachers' own scores do not carry it.
    assert!(late.participants[1..].iter().all(|p| p.score == 100.0));
}

#[test]
fn a_step_started_by_an_inject_to_one_participant_is_theirs_alone() {
    let p = plan(vec![step(
        "answer",
        StepStart::Inject(5),
        Requirement::Act(Action::MoveHousehold),
        Some(60.0),
    )]);
    let mut first = started();
    if let SimEvent::DrillStarted { participants, .. } = &mut first.1 {
        let other = crate::journal::events::ParticipantInfo {
            id: "t2".into(),
            ..participants[0].clone()
        };
        participants.push(other);
    }
    let events = [
        first,
        (
            100,
            SimEvent::InjectFired {
                number: 5,
                effect: crate::journal::events::EffectKind::Message,
                to: crate::scenario::schema::Recipients::Participant("t2".into()),
                channel: crate::scenario::schema::Channel::FaceToFace,
                message: None,
            },
        ),
    ];
    let ev = evaluate(&events, &p);
    let of = |who: &str| {
        ev.tasks
            .iter()
            .find(|t| t.participant == who)
            .unwrap()
            .outcome
    };
    assert_eq!(of("t"), Outcome::NotApplicable);
    assert_eq!(of("t2"), Outcome::NotMet);
}
