//! Each step held against the tracks of those it applies to: when it started, when (if ever)
//! its requirement was met, what it forbids that they did, and so its outcome — with the
//! journal's moments that prove it, as facts.

use super::replay::{Arrival, Replay, Track, reaches};
use super::{Evidence, EvidenceFact, GroupExample, GroupResult, Outcome, TaskResult, rate};
use crate::drill::Text;
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
    let mut ids: Vec<String> = r.people.iter().map(|p| p.id.clone()).collect();
    ids.push(String::new());
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
                ids: &ids,
                done: |j: usize, s: &str| done[j].get(s).copied(),
            };
            let start = doers.start(&step.starts, i, &plan.steps, &r.obs);
            let closes = step
                .until
                .as_ref()
                .and_then(|u| doers.start(u, i, &plan.steps, &r.obs));
            // When a step its `after` names was done, and that step's title (the plan's words).
            let first_done = |a: &str| {
                let t = doers.step_done(a, i, &plan.steps, &r.obs)?;
                let title = plan.steps.iter().find(|s| s.id == a)?.title.clone();
                Some((t, title))
            };
            let charge = super::water::members(groups);
            let one = judge_one(
                step,
                (&r.tracks[id], groups, &charge),
                r,
                (start, closes),
                first_done,
            );
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
            results.push(TaskResult {
                id: step.id.clone(),
                objective: step.objective.clone(),
                participant: id.clone(),
                role: role.clone(),
                outcome,
                rating: rate::of_task(outcome, step.life_safety, held.participants),
                started_s: one.start.map(secs),
                due_s: due.map(secs),
                done_s: met.map(secs),
                weight: step.weight,
                life_safety: step.life_safety,
                governs: held.participants,
                evidence,
            });
        }
    }
    let doers = Doers {
        roles: &roles,
        ids: &ids,
        done: |j: usize, s: &str| done[j].get(s).copied(),
    };
    let nobody = roles.len() - 1;
    let mut groups = Vec::new();
    let worse = |o: Outcome| match o {
        Outcome::Violated => 3,
        Outcome::NotMet => 2,
        Outcome::MetLate => 1,
        Outcome::Met | Outcome::NotApplicable => 0,
    };
    // A group's example, what decided it: the breach for a violation, else the first shortfall.
    let breach = |e: &&Evidence| {
        matches!(
            e.what,
            EvidenceFact::Violated(_) | EvidenceFact::ViolatedOver { .. }
        )
    };
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
                let me = [who.clone()];
                let one = judge_one(step, (tr, &[], &me), r, (start, closes), |_| None);
                g.people += 1;
                match one.outcome {
                    Outcome::Met => g.met += 1,
                    Outcome::MetLate => g.met_late += 1,
                    Outcome::NotMet => g.not_met += 1,
                    Outcome::Violated => g.violated += 1,
                    Outcome::NotApplicable => g.people -= 1,
                }
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

/// Hold one person's track (`groups`: those in their charge; `charge`: those people, or the
/// occupant themself) against `step`, which started at `start` and whose window closes at
/// `closes` (`first_done`: when a step its `after` names was done, for them, and its title).
fn judge_one(
    step: &PlanStep,
    (tr, groups, charge): (&Track, &[(String, u32)], &[String]),
    r: &Replay,
    (start, closes): (Option<u64>, Option<u64>),
    first_done: impl Fn(&str) -> Option<(u64, Text)>,
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
        // Never started — but the rules of attacking hold from the drill's start: an attack
        // made without the steps before it breaks them all the same.
        let evidence: Vec<Evidence> = violations(step, (tr, charge), r, 0, r.end)
            .into_iter()
            .filter(|(_, what)| match what {
                EvidenceFact::Violated(p)
                | EvidenceFact::ViolatedBecause { prohibition: p, .. } => {
                    super::attack::from_drill_start(*p)
                }
                _ => false,
            })
            .map(|(t, what)| Evidence { t_s: secs(t), what })
            .collect();
        if evidence.is_empty() {
            return na(None);
        }
        return One {
            outcome: Outcome::Violated,
            start: None,
            due: None,
            met: None,
            evidence,
        };
    };
    // The window closes at the first `until` at or after the start; one that closed before
    // it opened leaves nothing to judge.
    if closes.is_some_and(|c| c <= start) {
        return na(Some(start));
    }
    let due = step.deadline_s.map(|d| start + r.ticks(d));
    let mut note = |t: u64, what: EvidenceFact| evidence.push(Evidence { t_s: secs(t), what });
    let met = requirement_met(step, tr, groups, r, start, &mut note);
    // Reaching a refuge in a flood: how long before the water cut each house off its people
    // were out (应转早转).
    if matches!(
        step.requires,
        Requirement::AllReach(_) | Requirement::Reach(_)
    ) {
        for (t, house, margin_s, left) in super::water::margins(charge, r) {
            note(
                t,
                EvidenceFact::WaterMargin {
                    house,
                    margin_s,
                    left,
                },
            );
        }
    }
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
    let mut violations: Vec<Evidence> = violations(step, (tr, charge), r, start, until)
        .into_iter()
        .map(|(t, what)| Evidence { t_s: secs(t), what })
        .collect();
    // Order: what must come first must not be done after this.
    if let Some(m) = met {
        for a in &step.after {
            if let Some((f, first)) = first_done(a)
                && f > m
            {
                violations.push(Evidence {
                    t_s: secs(m),
                    what: EvidenceFact::BeforeStep { first },
                });
            }
        }
    }
    let violated = !violations.is_empty();
    // An attack never made while the wind forbade it all along: waiting was the rule.
    if met.is_none()
        && !violated
        && due.is_none()
        && step.requires == Requirement::Act(Action::Attack)
        && let Some((wind_mps, limit_mps)) = super::attack::waited_for_wind(r, start)
    {
        return One {
            outcome: Outcome::NotApplicable,
            start: Some(start),
            due,
            met,
            evidence: vec![Evidence {
                t_s: secs(start),
                what: EvidenceFact::WaitedForWind {
                    wind_mps,
                    limit_mps,
                },
            }],
        };
    }
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
        Requirement::Act(Action::SweepRooms) => {
            let &(t, spaces, found) = tr.sweeps.iter().find(|s| s.0 >= start)?;
            // Done before the class's count went up, or it is no sweep the count could use.
            let counted = r
                .people
                .iter()
                .filter(|p| {
                    p.groups
                        .iter()
                        .any(|g| groups.iter().any(|(x, _)| x == &g.0))
                })
                .filter_map(|p| r.tracks.get(&p.id))
                .flat_map(|x| x.reports.iter().map(|&(rt, _)| rt))
                .filter(|&rt| rt >= start && rt < t)
                .min();
            if let Some(rt) = counted {
                note(
                    t,
                    EvidenceFact::SweptAfterCount {
                        after_s: r.secs(t - rt),
                    },
                );
                return None;
            }
            note(t, EvidenceFact::Swept { spaces, found });
            Some(t)
        }
        Requirement::Act(a) => {
            let done = tr.actions.iter().find(|(t, x)| x == a && *t >= start);
            if done.is_none()
                && let Some((t, _, why)) =
                    tr.fell_short.iter().find(|(t, x, _)| x == a && *t >= start)
            {
                note(
                    *t,
                    EvidenceFact::FellShort {
                        action: *a,
                        why: why.clone(),
                    },
                );
            }
            let &(t, _) = done?;
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
    (tr, charge): (&Track, &[String]),
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
            // 三先: setting out to attack (from the drill's start: attacking before the step
            // was due is still attacking) before anyone had the fire in view (`Scouted`).
            Prohibition::AttackUnscouted => {
                let scouted = r.scouted;
                at(tr
                    .set_out_to_attack
                    .iter()
                    .copied()
                    .find(|&t| t <= until && scouted.is_none_or(|s| s > t)))
            }
            // 四不打 and LCES: the conditions journalled where the attack began, against the
            // plan's limits.
            Prohibition::DirectAttackOnHead
            | Prohibition::AttackAtNight
            | Prohibition::AttackInHighWind
            | Prohibition::AttackOnSteepTerrain
            | Prohibition::UntrainedAttack
            | Prohibition::AttackWithoutLces => tr
                .attacks
                .iter()
                .filter(|(t, _)| *t <= until)
                .find_map(|(t, f)| {
                    super::attack::breach(p, f, r.fire_limits.as_ref()).map(|why| {
                        let what = EvidenceFact::ViolatedBecause {
                            prohibition: p,
                            why,
                        };
                        (*t, what)
                    })
                }),
            Prohibition::StandInDoorway => during_shaking(&tr.in_doorway(r.end), p),
            // Escaping with the wind or up the slope, judged from the way taken (`Escaping`).
            Prohibition::EscapeDownwind | Prohibition::EscapeUphill => tr
                .escapes
                .iter()
                .filter(|(t, _)| in_window(*t))
                .find_map(|(t, e)| {
                    super::attack::escape_breach(p, e).map(|why| {
                        (
                            *t,
                            EvidenceFact::ViolatedBecause {
                                prohibition: p,
                                why,
                            },
                        )
                    })
                }),
            // Walking in moving water above the ankle (flood.md: never cross flowing water above
            // the ankle), as the water was where they stood (`InWater`).
            Prohibition::CrossMovingWater => tr
                .in_water
                .iter()
                .find(|(t, _)| in_window(*t))
                .map(|(t, w)| {
                    let at = format!("({:.0}, {:.0})", w.at.0, w.at.1);
                    let (swept_zh, swept_en) = if w.swept {
                        ("，被水冲倒", ", and was swept off their feet")
                    } else {
                        ("", "")
                    };
                    let why = crate::drill::Text {
                        zh: format!(
                            "涉入流动的水中：水深 {:.2} 米，流速 {:.2} 米/秒{swept_zh}（位置 {at}）",
                            w.depth_m, w.speed_mps
                        ),
                        en: format!(
                            "walked into moving water {:.2} m deep at {:.2} m/s{swept_en} (at {at})",
                            w.depth_m, w.speed_mps
                        ),
                    };
                    (
                        *t,
                        EvidenceFact::ViolatedBecause {
                            prohibition: p,
                            why,
                        },
                    )
                }),
            // 应转早转 and 危险户先转: against the houses the water cut off and the households
            // moved, as the journal recorded them.
            Prohibition::CaughtByWater => {
                super::water::caught(charge, r, start, until).map(|(t, why)| {
                    (
                        t,
                        EvidenceFact::ViolatedBecause {
                            prohibition: p,
                            why,
                        },
                    )
                })
            }
            Prohibition::OthersBeforeVulnerable => {
                super::water::others_first(&tr.moved_households, charge, r, start, until).map(
                    |(t, why)| {
                        (
                            t,
                            EvidenceFact::ViolatedBecause {
                                prohibition: p,
                                why,
                            },
                        )
                    },
                )
            }
            // Not in the journal yet (no vehicles, no heights on terrain): not judged.
            Prohibition::JumpFromHeight | Prohibition::DriveThroughWater => None,
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
mod tests;
