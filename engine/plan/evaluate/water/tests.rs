//! The flood's rules of transfer on hand-written journals.

use super::super::fixtures::{hazard, plan, started, step};
use super::super::{EvidenceFact, Outcome, evaluate};
use crate::drill::{Action, HazardEvent};
use crate::journal::events::{ActionName, Household, PlaceKind, SimEvent};
use crate::plan::{Destination, Prohibition, Requirement, Responsible, StepStart};

/// A cadre `t` answering for households h1 (vulnerable: group `a`, 2 people) and h2 (group
/// `b`, 1 person).
fn village() -> (u64, SimEvent) {
    let mut first = started();
    if let SimEvent::DrillStarted {
        occupants,
        participants,
        households,
        ..
    } = &mut first.1
    {
        *occupants = 3;
        participants[0].groups = vec![("a".into(), 2), ("b".into(), 1)];
        *households = vec![
            Household {
                house: "h1".into(),
                vulnerable: true,
                groups: vec!["a".into()],
            },
            Household {
                house: "h2".into(),
                vulnerable: false,
                groups: vec!["b".into()],
            },
        ];
    }
    first
}

fn at_shelter(t: u64, who: &str) -> (u64, SimEvent) {
    (
        t,
        SimEvent::Arrived {
            who: who.into(),
            place: "shelter".into(),
            place_kind: PlaceKind::Shelter,
        },
    )
}

fn cut_off(t: u64, house: &str) -> (u64, SimEvent) {
    (
        t,
        SimEvent::HouseCutOff {
            house: house.into(),
            depth_m: 0.55,
            speed_mps: 0.2,
        },
    )
}

fn moved(t: u64, house: &str) -> (u64, SimEvent) {
    (
        t,
        SimEvent::Action {
            participant: "t".into(),
            action: ActionName::Plan(Action::MoveHousehold),
            target: Some(house.into()),
        },
    )
}

fn transfer() -> crate::plan::Plan {
    let mut s = step(
        "transfer",
        StepStart::Hazard(HazardEvent::WaterRising),
        Requirement::AllReach(Destination::Shelter),
        Some(3600.0),
    );
    s.prohibits = vec![Prohibition::CaughtByWater];
    plan(vec![s])
}

#[test]
fn a_household_still_out_when_the_water_cuts_its_house_off_is_caught_by_water() {
    let events = [
        village(),
        hazard(0, HazardEvent::WaterRising),
        at_shelter(1000, "a/01"),
        at_shelter(1200, "b/01"),
        cut_off(2000, "h1"),
        at_shelter(2500, "a/02"),
    ];
    let ev = evaluate(&events, &transfer());
    let task = &ev.tasks[0];
    assert_eq!(task.outcome, Outcome::Violated);
    let caught = task
        .evidence
        .iter()
        .find(|e| matches!(e.what, EvidenceFact::ViolatedBecause { .. }))
        .unwrap();
    assert_eq!(caught.t_s, 200.0);
    assert!(
        caught.text().en.contains("1 of the 2 at h1"),
        "{}",
        caught.text().en
    );
    assert!(task.evidence.iter().any(|e| e.what
        == EvidenceFact::WaterMargin {
            house: "h1".into(),
            margin_s: None,
            left: 1,
        }));
}

#[test]
fn a_household_out_before_the_water_has_its_margin_as_evidence() {
    let events = [
        village(),
        hazard(0, HazardEvent::WaterRising),
        at_shelter(1000, "a/01"),
        at_shelter(1500, "a/02"),
        at_shelter(1200, "b/01"),
        cut_off(2000, "h1"),
    ];
    let ev = evaluate(&events, &transfer());
    let task = &ev.tasks[0];
    assert_eq!(task.outcome, Outcome::Met);
    // The last of h1 was in at 150 s, the water cut the house off at 200 s; h2 never was.
    let margins: Vec<&EvidenceFact> = task
        .evidence
        .iter()
        .map(|e| &e.what)
        .filter(|w| matches!(w, EvidenceFact::WaterMargin { .. }))
        .collect();
    assert_eq!(
        margins,
        [&EvidenceFact::WaterMargin {
            house: "h1".into(),
            margin_s: Some(50.0),
            left: 0,
        }]
    );
}

#[test]
fn moving_another_household_before_the_vulnerable_one_is_a_breach() {
    let mut s = step(
        "vulnerable-first",
        StepStart::Hazard(HazardEvent::WaterRising),
        Requirement::Act(Action::MoveHousehold),
        Some(2700.0),
    );
    s.prohibits = vec![Prohibition::OthersBeforeVulnerable];
    let p = plan(vec![s]);
    let start = || vec![village(), hazard(0, HazardEvent::WaterRising)];
    let mut wrong = start();
    wrong.extend([moved(100, "h2"), moved(300, "h1")]);
    let ev = evaluate(&wrong, &p);
    assert_eq!(ev.tasks[0].outcome, Outcome::Violated);
    let why = ev.tasks[0]
        .evidence
        .iter()
        .find(|e| e.what.is_shortfall())
        .unwrap();
    assert_eq!(why.t_s, 10.0);
    assert!(
        why.text()
            .en
            .contains("moved h2 while the vulnerable household h1")
    );
    let mut right = start();
    right.extend([moved(100, "h1"), moved(300, "h2")]);
    assert_eq!(evaluate(&right, &p).tasks[0].outcome, Outcome::Met);
}

#[test]
fn an_occupant_leaving_the_shelter_has_gone_back() {
    let mut s = step(
        "stay",
        StepStart::Hazard(HazardEvent::WaterRising),
        Requirement::Reach(Destination::Shelter),
        None,
    );
    s.responsible = Responsible::Occupants;
    s.prohibits = vec![Prohibition::GoBack];
    let p = plan(vec![s]);
    let mut events = vec![
        village(),
        hazard(0, HazardEvent::WaterRising),
        at_shelter(100, "a/01"),
        at_shelter(100, "a/02"),
        at_shelter(100, "b/01"),
    ];
    let stayed = evaluate(&events, &p);
    assert!(stayed.groups.iter().all(|g| g.violated == 0));
    events.push((900, SimEvent::StartedMoving { who: "a/02".into() }));
    let ev = evaluate(&events, &p);
    let a = ev.groups.iter().find(|g| g.group == "a").unwrap();
    assert_eq!((a.people, a.violated), (2, 1));
}
