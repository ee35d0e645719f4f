//! Each step held against the tracks of those it applies to: when it started, when (if ever)
//! its requirement was met, what it forbids that they did, and so its outcome — with the
//! journal's moments that prove it, as facts.

use super::replay::{Arrival, Replay, Track, reaches};
use super::{Evidence, EvidenceFact, Outcome, TaskResult, rate};
use crate::journal::events::Posture;
use crate::plan::progress::{Doers, applies};
use crate::plan::{Action, Destination, Plan, PlanStep, Prohibition, Requirement};
use std::collections::BTreeMap;

/// Judge every step of `plan`, in plan order, for each participant it applies to.
pub(super) fn judge(plan: &Plan, r: &Replay) -> Vec<TaskResult> {
    let secs = |t: u64| r.secs(t);
    let roles: Vec<String> = r.people.iter().map(|p| p.role.clone()).collect();
    // Done times, step by step in plan order (a `Step(x)` start needs x's done times first).
    let mut done: Vec<BTreeMap<String, u64>> = vec![BTreeMap::new(); r.people.len()];
    let mut results: Vec<TaskResult> = Vec::new();
    for step in &plan.steps {
        for (i, who) in r.people.iter().enumerate() {
            let (id, role, groups) = (&who.id, &who.role, &who.groups);
            if !applies(step, role) {
                continue;
            }
            let doers = Doers {
                roles: &roles,
                done: |j: usize, s: &str| done[j].get(s).copied(),
            };
            let tr = &r.tracks[id];
            let start = doers.start(&step.starts, i, &plan.steps, &r.obs);
            let mut evidence = Vec::new();
            let Some(start) = start else {
                results.push(task(
                    step,
                    id,
                    role,
                    Outcome::NotApplicable,
                    [None, None, None],
                    evidence,
                ));
                continue;
            };
            let due = step.deadline_s.map(|d| start + r.ticks(d));
            let mut note =
                |t: u64, what: EvidenceFact| evidence.push(Evidence { t_s: secs(t), what });
            let met = requirement_met(step, tr, groups, r, start, &mut note);
            if met.is_none() && evidence.is_empty() {
                evidence.push(Evidence {
                    t_s: secs(start),
                    what: EvidenceFact::NotSeen,
                });
            }
            // A step with a deadline forbids things until it is due or done; one without, to the
            // end (a rule such as "no going back" holds after arrival too).
            let until = match due {
                Some(d) => d.max(met.unwrap_or(d)),
                None => r.end,
            };
            let mut violations: Vec<Evidence> = violations(step, tr, r, start, until)
                .into_iter()
                .map(|(t, what)| Evidence { t_s: secs(t), what })
                .collect();
            // Order: what must come first must not be done after this.
            if let Some(m) = met {
                for a in &step.after {
                    let first = doers.step_done(a, i, &plan.steps, &r.obs);
                    if first.is_some_and(|f| f > m) {
                        violations.push(Evidence {
                            t_s: secs(m),
                            what: EvidenceFact::BeforeStep { first: a.clone() },
                        });
                    }
                }
            }
            let outcome = if !violations.is_empty() {
                evidence.extend(violations);
                evidence.sort_by(|a, b| a.t_s.total_cmp(&b.t_s));
                Outcome::Violated
            } else {
                match (met, due) {
                    (None, _) => Outcome::NotMet,
                    (Some(m), Some(d)) if m > d => Outcome::MetLate,
                    (Some(_), _) => Outcome::Met,
                }
            };
            if let Some(m) = met {
                done[i].insert(step.id.clone(), m);
            }
            results.push(task(
                step,
                id,
                role,
                outcome,
                [Some(secs(start)), due.map(secs), met.map(secs)],
                evidence,
            ));
        }
    }
    results
}

/// One participant's result of a step; `[started, due, done]` in drill seconds.
fn task(
    step: &PlanStep,
    who: &str,
    role: &str,
    outcome: Outcome,
    [started_s, due_s, done_s]: [Option<f64>; 3],
    evidence: Vec<Evidence>,
) -> TaskResult {
    TaskResult {
        id: step.id.clone(),
        objective: step.objective.clone(),
        participant: who.to_string(),
        role: role.to_string(),
        outcome,
        rating: rate::of_task(outcome, step.life_safety),
        started_s,
        due_s,
        done_s,
        weight: step.weight,
        life_safety: step.life_safety,
        evidence,
    }
}

/// When the requirement was first met at or after `start`; what the journal shows of it goes
/// to `note`.
fn requirement_met(
    step: &PlanStep,
    tr: &Track,
    groups: &[(String, u32)],
    r: &Replay,
    start: u64,
    note: &mut impl FnMut(u64, EvidenceFact),
) -> Option<u64> {
    match &step.requires {
        Requirement::Act(Action::TakeCover) => {
            let t = tr.in_cover_from(start)?;
            note(t, EvidenceFact::InCover);
            Some(t)
        }
        Requirement::Act(a) => {
            let &(t, _) = tr.actions.iter().find(|(t, x)| x == a && *t >= start)?;
            note(t, EvidenceFact::Did(*a));
            Some(t)
        }
        Requirement::Hold {
            action: Action::TakeCover,
            duration_s,
        } => {
            let to = start + r.ticks(*duration_s);
            if tr.cover_held(start, to) {
                note(
                    to,
                    EvidenceFact::HeldCover {
                        duration_s: *duration_s,
                    },
                );
                Some(to)
            } else {
                None
            }
        }
        Requirement::Hold { action, .. } => {
            let &(t, _) = tr
                .actions
                .iter()
                .find(|(t, x)| x == action && *t >= start)?;
            note(t, EvidenceFact::Did(*action));
            Some(t)
        }
        Requirement::Reach(d) => {
            if *d == Destination::OutOfBuilding
                && let Some(t) = tr.left_building
            {
                let t = t.max(start);
                note(t, EvidenceFact::LeftBuilding);
                return Some(t);
            }
            // Standing there at the start, or arriving after it.
            let before = tr.places.iter().rev().find(|(t, _)| *t <= start);
            if let Some(&(t0, place)) = before
                && reaches(place, *d)
            {
                note(t0.max(start), EvidenceFact::AlreadyAt { place });
                return Some(start);
            }
            let &(t, place) = tr
                .places
                .iter()
                .find(|(t, k)| *t > start && reaches(*k, *d))?;
            note(t, EvidenceFact::Arrived { place });
            Some(t)
        }
        Requirement::AllReach(d) => {
            all_reach(*d, groups, (&r.arrivals, &r.out_of_play), start, note)
        }
        Requirement::ReportCount => {
            for &(t, [rp, re, tp, te]) in tr.reports.iter().filter(|(t, _)| *t >= start) {
                if rp == tp && re == te {
                    note(
                        t,
                        EvidenceFact::CountCorrect {
                            present: rp,
                            expected: re,
                        },
                    );
                    return Some(t);
                }
                note(
                    t,
                    EvidenceFact::CountWrong {
                        reported_present: rp,
                        reported_expected: re,
                        true_present: tp,
                        true_expected: te,
                    },
                );
            }
            None
        }
    }
}

/// When every member of `groups` (less those out of play) had reached `d`, at or after `start`.
fn all_reach(
    d: Destination,
    groups: &[(String, u32)],
    (arrivals, out_of_play): (&[Arrival], &[String]),
    start: u64,
    note: &mut impl FnMut(u64, EvidenceFact),
) -> Option<u64> {
    let member = |who: &str| {
        groups.iter().any(|(g, _)| {
            who.strip_prefix(g.as_str())
                .is_some_and(|r| r.starts_with('/'))
        })
    };
    let excused = out_of_play.iter().filter(|w| member(w)).count() as u32;
    let size: u32 = groups
        .iter()
        .map(|g| g.1)
        .sum::<u32>()
        .saturating_sub(excused);
    if size == 0 {
        return None;
    }
    if excused > 0 {
        note(start, EvidenceFact::Excused { people: excused });
    }
    let mut seen: Vec<&str> = Vec::new();
    let mut last = 0;
    for (t, who, k) in arrivals {
        let ok = match (d, k) {
            (Destination::OutOfBuilding, None) => true,
            (_, k) => reaches(*k, d),
        };
        if member(who) && ok && !seen.contains(&who.as_str()) {
            seen.push(who);
            last = *t;
        }
    }
    let t = last.max(start);
    if seen.len() as u32 >= size {
        note(
            t,
            EvidenceFact::AllReached {
                destination: d,
                people: size,
            },
        );
        Some(t)
    } else {
        note(
            t,
            EvidenceFact::SomeReached {
                destination: d,
                reached: seen.len() as u32,
                of: size,
            },
        );
        None
    }
}

/// Prohibited things the journal shows from `start` to `until` — and, for what only the shaking
/// forbids (running, doorways), to the end of the drill: (tick, what) of the first of each.
fn violations(
    step: &PlanStep,
    tr: &Track,
    r: &Replay,
    start: u64,
    until: u64,
) -> Vec<(u64, EvidenceFact)> {
    let in_window = |t: u64| t >= start && t <= until;
    let in_drill = |t: u64| t >= start && t <= r.end;
    let shakes = |t: u64| r.shaking.iter().any(|&(a, b)| t >= a && t < b);
    let seen = |p: Prohibition| -> Option<u64> {
        match p {
            Prohibition::UseLift => tr.lifts.iter().copied().find(|&t| in_window(t)),
            Prohibition::GoBack => tr.went_back.iter().copied().find(|&t| in_window(t)),
            Prohibition::ReturnBeforeAllClear => tr
                .went_back
                .iter()
                .copied()
                .find(|&t| in_window(t) && r.all_clear.is_none_or(|a| t < a)),
            Prohibition::RunDuringShaking => tr
                .moved
                .iter()
                .copied()
                .chain(
                    tr.postures
                        .iter()
                        .filter(|(_, p)| *p == Posture::Moving)
                        .map(|(t, _)| *t),
                )
                .find(|&t| in_drill(t) && shakes(t)),
            Prohibition::StandInDoorway => tr
                .postures
                .iter()
                .find(|(t, p)| *p == Posture::Doorway && in_drill(*t) && shakes(*t))
                .map(|(t, _)| *t),
            // Not in the journal yet: not judged.
            Prohibition::JumpFromHeight
            | Prohibition::CrossMovingWater
            | Prohibition::DriveThroughWater
            | Prohibition::DirectAttackOnHead
            | Prohibition::AttackAtNight
            | Prohibition::AttackInHighWind
            | Prohibition::AttackOnSteepTerrain
            | Prohibition::AttackUnscouted
            | Prohibition::UntrainedAttack
            | Prohibition::EscapeDownwind
            | Prohibition::EscapeUphill => None,
        }
    };
    step.prohibits
        .iter()
        .filter_map(|&p| seen(p).map(|t| (t, EvidenceFact::Violated(p))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::evaluate;
    use super::super::fixtures::{act, hazard, outcome, plan, signal_step, started, step};
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
        use crate::journal::events::PlaceKind;
        let p = plan(vec![step(
            "all-out",
            StepStart::Hazard(HazardEvent::ShakingStops),
            Requirement::AllReach(Destination::OutOfBuilding),
            Some(60.0),
        )]);
        let mut first = started();
        if let SimEvent::DrillStarted {
            occupants,
            participants,
            ..
        } = &mut first.1
        {
            *occupants = 3;
            participants[0].groups = vec![("c1".into(), 3)];
        }
        let mut events = vec![
            first,
            hazard(100, HazardEvent::ShakingStops),
            (
                200,
                SimEvent::Arrived {
                    who: "c1/1".into(),
                    place: "yard".into(),
                    place_kind: PlaceKind::AssemblyArea,
                },
            ),
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
}
