//! Each step held against the tracks of those it applies to: when it started, when (if ever)
//! its requirement was met, what it forbids that they did, and so its outcome — with the
//! journal's moments that prove it, as facts.

use super::replay::{Arrival, Replay, Track, reaches};
use super::{Evidence, EvidenceFact, GroupExample, GroupResult, Outcome, TaskResult, rate};
use crate::plan::progress::{Doers, applies};
use crate::plan::{Action, Destination, Plan, PlanStep, Prohibition, Requirement, StepStart};
use std::collections::BTreeMap;

/// Judge every step of `plan`, in plan order, for each participant it applies to; and the
/// `Everyone` and `Occupants` steps an occupant can do (cover, reaching a place) for each
/// occupant, summarised per group.
pub(super) fn judge(plan: &Plan, r: &Replay) -> (Vec<TaskResult>, Vec<GroupResult>) {
    let secs = |t: u64| r.secs(t);
    // The participants' roles, and one that is nobody's for the occupants.
    let mut roles: Vec<String> = r.people.iter().map(|p| p.role.clone()).collect();
    roles.push(String::new());
    // Done times, step by step in plan order (a `Step(x)` start needs x's done times first).
    let mut done: Vec<BTreeMap<String, u64>> = vec![BTreeMap::new(); roles.len()];
    let mut results: Vec<TaskResult> = Vec::new();
    for step in &plan.steps {
        let held = Held::of(plan, step, r);
        for (i, who) in r.people.iter().enumerate() {
            let (id, role, groups) = (&who.id, &who.role, &who.groups);
            if !applies(step, role) {
                continue;
            }
            let doers = Doers {
                roles: &roles,
                done: |j: usize, s: &str| done[j].get(s).copied(),
            };
            let start = doers.start(&step.starts, i, &plan.steps, &r.obs);
            let closes = step
                .until
                .as_ref()
                .and_then(|u| doers.start(u, i, &plan.steps, &r.obs));
            let first_done = |a: &str| doers.step_done(a, i, &plan.steps, &r.obs);
            let one = judge_one(step, &r.tracks[id], groups, r, (start, closes), first_done);
            let (outcome, due, met, mut evidence) = (one.outcome, one.due, one.met, one.evidence);
            // Those who wait for it, kept waiting past the deadline (to the end, never done).
            if let Some(d) = due
                && held.participants > 0
                && matches!(outcome, Outcome::MetLate | Outcome::NotMet)
            {
                let delay = met.unwrap_or(r.end).max(d) - d;
                if delay > 0 {
                    evidence.push(Evidence {
                        t_s: secs(d),
                        what: EvidenceFact::Held {
                            people: held.people,
                            participants: held.participants,
                            delay_s: secs(delay),
                        },
                    });
                    evidence.sort_by(|a, b| a.t_s.total_cmp(&b.t_s));
                }
            }
            if let Some(m) = met {
                done[i].insert(step.id.clone(), m);
            }
            let mut t = task(
                step,
                id,
                role,
                outcome,
                [one.start.map(secs), due.map(secs), met.map(secs)],
                evidence,
            );
            t.governs = held.participants;
            t.rating = rate::of_task(outcome, step.life_safety, t.governs);
            results.push(t);
        }
    }
    let doers = Doers {
        roles: &roles,
        done: |j: usize, s: &str| done[j].get(s).copied(),
    };
    let nobody = roles.len() - 1;
    let mut groups = Vec::new();
    for step in plan.steps.iter().filter(|s| for_occupants(s)) {
        let start = doers.start(&step.starts, nobody, &plan.steps, &r.obs);
        let closes = step
            .until
            .as_ref()
            .and_then(|u| doers.start(u, nobody, &plan.steps, &r.obs));
        for (group, members) in r.groups() {
            let mut g = GroupResult {
                id: step.id.clone(),
                group: group.to_string(),
                people: 0,
                met: 0,
                met_late: 0,
                not_met: 0,
                violated: 0,
                example: None,
            };
            let quiet = Track::default();
            for who in members {
                let tr = r.occupants.get(&who).unwrap_or(&quiet);
                let one = judge_one(step, tr, &[], r, (start, closes), |_| None);
                g.people += 1;
                match one.outcome {
                    Outcome::Met => g.met += 1,
                    Outcome::MetLate => g.met_late += 1,
                    Outcome::NotMet => g.not_met += 1,
                    Outcome::Violated => g.violated += 1,
                    Outcome::NotApplicable => g.people -= 1,
                }
                let worse = |o: Outcome| match o {
                    Outcome::Violated => 3,
                    Outcome::NotMet => 2,
                    Outcome::MetLate => 1,
                    Outcome::Met | Outcome::NotApplicable => 0,
                };
                // What decided it: the breach for a violation, else the first shortfall.
                let breach = |e: &&Evidence| {
                    matches!(
                        e.what,
                        EvidenceFact::Violated(_) | EvidenceFact::ViolatedOver { .. }
                    )
                };
                let shortfall = one
                    .evidence
                    .iter()
                    .find(|e| one.outcome == Outcome::Violated && breach(e))
                    .or_else(|| one.evidence.iter().find(|e| e.what.is_shortfall()))
                    .cloned();
                if let Some(e) = shortfall
                    && g.example
                        .as_ref()
                        .is_none_or(|x| worse(one.outcome) > worse(x.outcome))
                {
                    g.example = Some(GroupExample {
                        who: who.clone(),
                        outcome: one.outcome,
                        evidence: e,
                    });
                }
            }
            if g.people > 0 {
                groups.push(g);
            }
        }
    }
    (results, groups)
}

/// Whether occupants are held to `step`: an `Everyone` or `Occupants` step asking what an
/// occupant does — take cover and hold it, reach a place. Actions of command (signals, counts,
/// guiding) are the participants'.
fn for_occupants(step: &PlanStep) -> bool {
    let theirs = match &step.requires {
        Requirement::Act(Action::TakeCover)
        | Requirement::Hold {
            action: Action::TakeCover,
            ..
        }
        | Requirement::Reach(_) => true,
        Requirement::Act(_)
        | Requirement::Hold { .. }
        | Requirement::AllReach(_)
        | Requirement::ReportCount => false,
    };
    let whose = match step.responsible {
        crate::plan::Responsible::Everyone | crate::plan::Responsible::Occupants => true,
        crate::plan::Responsible::Role(_) => false,
    };
    theirs && whose
}

/// One person's result of a step, as judged from their track.
struct One {
    outcome: Outcome,
    start: Option<u64>,
    due: Option<u64>,
    met: Option<u64>,
    evidence: Vec<Evidence>,
}

/// Hold one person's track (`groups`: those in their charge) against `step`, which started at
/// `start` and whose window closes at `closes` (`first_done`: when a step its `after` names was
/// done, for them).
fn judge_one(
    step: &PlanStep,
    tr: &Track,
    groups: &[(String, u32)],
    r: &Replay,
    (start, closes): (Option<u64>, Option<u64>),
    first_done: impl Fn(&str) -> Option<u64>,
) -> One {
    let secs = |t: u64| r.secs(t);
    let mut evidence = Vec::new();
    let na = |start: Option<u64>| One {
        outcome: Outcome::NotApplicable,
        start,
        due: None,
        met: None,
        evidence: Vec::new(),
    };
    let Some(start) = start else {
        return na(None);
    };
    // The window closes at the first `until` at or after the start; one that closed before
    // it opened leaves nothing to judge.
    if closes.is_some_and(|c| c <= start) {
        return na(Some(start));
    }
    let due = step.deadline_s.map(|d| start + r.ticks(d));
    let mut note = |t: u64, what: EvidenceFact| evidence.push(Evidence { t_s: secs(t), what });
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
    // …and, in a window that closes, until it closes.
    let until = closes.map_or(until, |c| until.max(c));
    let too_late = matches!((met, closes), (Some(m), Some(c)) if m >= c);
    if let Some(c) = closes.filter(|_| too_late) {
        evidence.push(Evidence {
            t_s: secs(c),
            what: EvidenceFact::TooLate,
        });
    }
    let mut violations: Vec<Evidence> = violations(step, tr, r, start, until)
        .into_iter()
        .map(|(t, what)| Evidence { t_s: secs(t), what })
        .collect();
    // Order: what must come first must not be done after this.
    if let Some(m) = met {
        for a in &step.after {
            if first_done(a).is_some_and(|f| f > m) {
                violations.push(Evidence {
                    t_s: secs(m),
                    what: EvidenceFact::BeforeStep { first: a.clone() },
                });
            }
        }
    }
    let violated = !violations.is_empty();
    evidence.extend(violations);
    evidence.sort_by(|a, b| a.t_s.total_cmp(&b.t_s));
    let outcome = if violated {
        Outcome::Violated
    } else {
        match (met, due) {
            (None, _) => Outcome::NotMet,
            (Some(_), _) if too_late => Outcome::NotMet,
            (Some(m), Some(d)) if m > d => Outcome::MetLate,
            (Some(_), _) => Outcome::Met,
        }
    };
    One {
        outcome,
        start: Some(start),
        due,
        met,
        evidence,
    }
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
        rating: rate::of_task(outcome, step.life_safety, 0),
        started_s,
        due_s,
        done_s,
        weight: step.weight,
        life_safety: step.life_safety,
        governs: 0,
        evidence,
    }
}

/// Whom a step governs: the participants it does not apply to whose own steps start when it
/// is done (the evacuation signal starts every teacher's "lead the class out"), and the people
/// in their charge. Its weight in the drill's score is [`TaskResult::drill_weight`].
struct Held {
    participants: u32,
    /// The participants and the members of their groups (each group once).
    people: u32,
}

impl Held {
    fn of(plan: &Plan, step: &PlanStep, r: &Replay) -> Held {
        let waits = |p: &crate::journal::events::ParticipantInfo| {
            !applies(step, &p.role)
                && plan
                    .steps
                    .iter()
                    .any(|s| starts_on(&s.starts, &step.id) && applies(s, &p.role))
        };
        let mut groups: BTreeMap<&str, u32> = BTreeMap::new();
        let mut participants = 0;
        for p in r.people.iter().filter(|p| waits(p)) {
            participants += 1;
            for (g, n) in &p.groups {
                groups.insert(g, *n);
            }
        }
        Held {
            participants,
            people: participants + groups.values().sum::<u32>(),
        }
    }
}

/// Whether `start` is (or, of several, includes) step `id` being done.
fn starts_on(start: &StepStart, id: &str) -> bool {
    match start {
        StepStart::Step(x) => x == id,
        StepStart::AnyOf(list) => list.iter().any(|s| starts_on(s, id)),
        StepStart::Phase(_)
        | StepStart::Inject(_)
        | StepStart::Hazard(_)
        | StepStart::Warning(_) => false,
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
                // True of the moment, but those still on their way will arrive: a count
                // before the class is in is no count of it.
                let on_the_way = still_coming(groups, &r.arrivals, t);
                if rp == tp && re == te && on_the_way > 0 {
                    note(
                        t,
                        EvidenceFact::CountEarly {
                            reported_present: rp,
                            reported_expected: re,
                            on_the_way,
                        },
                    );
                    continue;
                }
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

/// Whether occupant `who` (`group/nn`) belongs to one of `groups`.
fn in_groups(groups: &[(String, u32)], who: &str) -> bool {
    groups.iter().any(|(g, _)| {
        who.strip_prefix(g.as_str())
            .is_some_and(|r| r.starts_with('/'))
    })
}

/// Members of `groups` not yet at a refuge or out at `t` who get there later: on their way.
fn still_coming(groups: &[(String, u32)], arrivals: &[Arrival], t: u64) -> u32 {
    let member = |who: &str| in_groups(groups, who);
    let safe = |k: &Option<crate::journal::events::PlaceKind>| {
        k.is_none() || reaches(*k, Destination::OutOfBuilding)
    };
    let there: std::collections::BTreeSet<&str> = arrivals
        .iter()
        .filter(|(at, who, k)| *at <= t && member(who) && safe(k))
        .map(|(_, who, _)| who.as_str())
        .collect();
    let later: std::collections::BTreeSet<&str> = arrivals
        .iter()
        .filter(|(at, who, k)| *at > t && member(who) && safe(k) && !there.contains(who.as_str()))
        .map(|(_, who, _)| who.as_str())
        .collect();
    later.len() as u32
}

/// When every member of `groups` (less those out of play) had reached `d`, at or after `start`.
fn all_reach(
    d: Destination,
    groups: &[(String, u32)],
    (arrivals, out_of_play): (&[Arrival], &[String]),
    start: u64,
    note: &mut impl FnMut(u64, EvidenceFact),
) -> Option<u64> {
    let member = |who: &str| in_groups(groups, who);
    let excused = out_of_play.iter().filter(|w| member(w)).count() as u32;
    let size: u32 = groups
        .iter()
        .map(|g| g.1)
        .sum::<u32>()
        .saturating_sub(excused);
    if excused > 0 {
        note(start, EvidenceFact::Excused { people: excused });
    }
    if size == 0 {
        return None;
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
/// forbids (walking, doorways), to the end of the drill, judged over intervals: walking while
/// the ground shakes, whenever the walk began. (tick, what) of the first of each.
fn violations(
    step: &PlanStep,
    tr: &Track,
    r: &Replay,
    start: u64,
    until: u64,
) -> Vec<(u64, EvidenceFact)> {
    let in_window = |t: u64| t >= start && t <= until;
    let grace = r.ticks(SHAKING_REACTION_S);
    let during_shaking = |spans: &[(u64, u64)], p: Prohibition| {
        first_overlap(spans, &r.shaking, grace, start, r.end).map(|(from, to)| {
            let what = EvidenceFact::ViolatedOver {
                prohibition: p,
                until_s: r.secs(to),
                duration_s: r.secs(to - from),
            };
            (from, what)
        })
    };
    let seen = |p: Prohibition| -> Option<(u64, EvidenceFact)> {
        let at = |t: Option<u64>| t.map(|t| (t, EvidenceFact::Violated(p)));
        match p {
            Prohibition::UseLift => at(tr.lifts.iter().copied().find(|&t| in_window(t))),
            Prohibition::GoBack => at(tr.went_back.iter().copied().find(|&t| in_window(t))),
            Prohibition::ReturnBeforeAllClear => at(tr
                .went_back
                .iter()
                .copied()
                .find(|&t| in_window(t) && r.all_clear.is_none_or(|a| t < a))),
            Prohibition::RunDuringShaking => during_shaking(&tr.moving, p),
            Prohibition::StandInDoorway => during_shaking(&tr.in_doorway(r.end), p),
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
    step.prohibits.iter().filter_map(|&p| seen(p)).collect()
}

/// Seconds someone already walking when the shaking starts has to get down before walking on
/// counts as walking in the shaking: the shipped plans' "drop, cover and hold on within 5 s of
/// the shaking" (school and home plans, after the Great ShakeOut).
pub(super) const SHAKING_REACTION_S: f64 = 5.0;

/// The earliest stretch [from, to) within [start, end] in which one of `spans` (walking, a
/// doorway) overlaps one of `during` (the shaking): one that began before the shaking counts
/// only if it lasts past `grace` ticks into it (open ends run to `end`).
fn first_overlap(
    spans: &[(u64, u64)],
    during: &[(u64, u64)],
    grace: u64,
    start: u64,
    end: u64,
) -> Option<(u64, u64)> {
    spans
        .iter()
        .flat_map(|&(a, b)| {
            during.iter().filter_map(move |&(c, d)| {
                let from = a.max(c).max(start);
                let to = b.min(d).min(end);
                let caught = a < c && b <= c + grace;
                (from < to && !caught).then_some((from, to))
            })
        })
        .min()
}

#[cfg(test)]
mod tests {
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
}
