//! Plans and journals for the evaluator's tests: one teacher, one objective, steps by hand.

use super::{Outcome, evaluate};
use crate::drill::{Action, DrillKind, HazardEvent, Text};
use crate::journal::events::{ActionName, Driver, ParticipantInfo, SimEvent};
use crate::plan::{Citation, Objective, Plan, PlanStep, Requirement, Responsible, StepStart};

pub(super) fn text(s: &str) -> Text {
    Text {
        zh: s.into(),
        en: s.into(),
    }
}

pub(super) fn step(
    id: &str,
    starts: StepStart,
    requires: Requirement,
    deadline_s: Option<f64>,
) -> PlanStep {
    PlanStep {
        id: id.into(),
        objective: "o".into(),
        title: text(id),
        why: None,
        responsible: Responsible::Role("teacher".into()),
        starts,
        requires,
        deadline_s,
        until: None,
        prohibits: Vec::new(),
        after: Vec::new(),
        weight: 1.0,
        life_safety: false,
        source: Citation {
            doc: "d".into(),
            clause: "c".into(),
        },
    }
}

pub(super) fn plan(steps: Vec<PlanStep>) -> Plan {
    Plan {
        format_version: 1,
        id: "p".into(),
        kind: DrillKind::Earthquake,
        title: text("p"),
        sources: Vec::new(),
        roles: Vec::new(),
        objectives: vec![Objective {
            id: "o".into(),
            name: text("o"),
            capability: None,
        }],
        steps,
        staffing: None,
        fire_limits: None,
    }
}

pub(super) fn started() -> (u64, SimEvent) {
    (
        0,
        SimEvent::DrillStarted {
            scenario: "s".into(),
            drill: DrillKind::Earthquake,
            tick_hz: 10,
            occupants: 0,
            households: Vec::new(),
            participants: vec![ParticipantInfo {
                id: "t".into(),
                role: "teacher".into(),
                driver: Driver::Human,
                groups: Vec::new(),
                name: None,
            }],
        },
    )
}

/// The drill's start with the teacher answering for class `c1` of `size` (the only occupants).
pub(super) fn started_with_class(size: u32) -> (u64, SimEvent) {
    let mut first = started();
    if let SimEvent::DrillStarted {
        occupants,
        participants,
        ..
    } = &mut first.1
    {
        *occupants = size;
        participants[0].groups = vec![("c1".into(), size)];
    }
    first
}

/// An occupant arriving at the assembly area.
pub(super) fn arrived_in_yard(t: u64, who: &str) -> (u64, SimEvent) {
    (
        t,
        SimEvent::Arrived {
            who: who.into(),
            place: "yard".into(),
            place_kind: crate::journal::events::PlaceKind::AssemblyArea,
        },
    )
}

pub(super) fn hazard(t: u64, event: HazardEvent) -> (u64, SimEvent) {
    (t, SimEvent::Hazard { event })
}

pub(super) fn act(t: u64, a: ActionName) -> (u64, SimEvent) {
    (
        t,
        SimEvent::Action {
            participant: "t".into(),
            action: a,
            target: None,
        },
    )
}

pub(super) fn signal_step(deadline_s: f64) -> PlanStep {
    step(
        "signal",
        StepStart::Hazard(HazardEvent::ShakingStops),
        Requirement::Act(Action::SignalEvacuation),
        Some(deadline_s),
    )
}

pub(super) fn outcome(events: &[(u64, SimEvent)], p: &Plan, id: &str) -> Outcome {
    evaluate(events, p)
        .tasks
        .iter()
        .find(|t| t.id == id)
        .unwrap()
        .outcome
}
