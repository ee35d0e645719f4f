//! The evaluator: a pure function of (journal events, plan) → evaluation.
//!
//! Every step applies to each participant it names (`Everyone`, or a role). For each, the step
//! starts as [`super::progress`] reads it from the journal, and its requirement is done at the
//! first moment the journal shows it:
//! - `Act(TakeCover)`: in cover at or after the start (cover taken before and still held counts
//!   from the start); `Act(a)`: an action `a` at or after the start;
//! - `Hold(TakeCover, d)`: in cover without a break from the start for `d` seconds;
//! - `Reach(kind)`: arrived at such a place (or out of the building) at or after the start, or
//!   still standing there at the start;
//! - `AllReach(kind)`: every member of the participant's groups has, less those the scenario
//!   took out of play (stayed behind, cut off, seriously hurt: the count steps judge those);
//! - `ReportCount`: a report whose counts equal the simulation's truth.
//!
//! Outcome: `Met` by the deadline (an event exactly at the deadline is in time), `MetLate`
//! after it, `NotMet` never, `Violated` when a prohibition is seen from the start to the end of
//! the drill (prohibitions the journal cannot show, such as jumping, are not judged), and
//! `NotApplicable` when the step never started. Per objective, the HSEEP rating: `U` when a
//! life-safety step is not met or violated, `M` when any step is, `S` when all are met but some
//! late, `P` when all are met in time. The score is the weighted share of credit (met 1, late ½),
//! 0–100; bands 优秀 ≥ 90, 良好 ≥ 75, 合格 ≥ 60, 不合格 below.

use super::progress::{Doers, Observed, applies};
use super::{Action, Destination, Plan, PlanStep, Prohibition, Requirement};
use crate::journal::events::{ActionName, ParticipantInfo, PlaceKind, Posture, SimEvent};
use crate::scenario::schema::{HazardEvent, Phase, Text};
use crate::words::{Words, text};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    Met,
    MetLate,
    NotMet,
    Violated,
    NotApplicable,
}

/// HSEEP performance ratings: Performed without Challenges, with Some Challenges, with Major
/// Challenges, Unable to be Performed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Rating {
    P,
    S,
    M,
    U,
}

/// A journal event that proves a judgement.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub t_s: f64,
    pub what: Text,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskResult {
    pub id: String,
    pub objective: String,
    pub participant: String,
    pub role: String,
    pub outcome: Outcome,
    pub rating: Rating,
    pub started_s: Option<f64>,
    pub due_s: Option<f64>,
    pub done_s: Option<f64>,
    pub weight: f64,
    pub life_safety: bool,
    pub evidence: Vec<Evidence>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ObjectiveResult {
    pub id: String,
    /// `None` when none of its steps applied.
    pub rating: Option<Rating>,
    /// The rule that gave the rating, in words.
    pub rule: Text,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    pub tasks: Vec<TaskResult>,
    pub objectives: Vec<ObjectiveResult>,
    pub score: f64,
    pub band: Band,
    pub rating: Option<Rating>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Band {
    Excellent,
    Good,
    Pass,
    Fail,
}

impl Band {
    pub fn of(score: f64) -> Band {
        if score >= 90.0 {
            Band::Excellent
        } else if score >= 75.0 {
            Band::Good
        } else if score >= 60.0 {
            Band::Pass
        } else {
            Band::Fail
        }
    }
}

/// An occupant arriving somewhere (`None`: out of the building).
type Arrival = (u64, String, Option<PlaceKind>);

/// What the journal shows of one participant.
#[derive(Default)]
struct Track {
    /// Cover intervals [from, to) in ticks (`to` = u64::MAX while held).
    cover: Vec<(u64, u64)>,
    actions: Vec<(u64, Action)>,
    /// (tick, kind of place) of each arrival; `None` when they set off again.
    places: Vec<(u64, Option<PlaceKind>)>,
    left_building: Option<u64>,
    lifts: Vec<u64>,
    went_back: Vec<u64>,
    postures: Vec<(u64, Posture)>,
    moved: Vec<u64>,
    reports: Vec<(u64, [u32; 4])>,
}

impl Track {
    fn in_cover_from(&self, t: u64) -> Option<u64> {
        self.cover
            .iter()
            .filter(|&&(_, b)| b > t)
            .map(|&(a, _)| a.max(t))
            .min()
    }
    fn cover_held(&self, from: u64, to: u64) -> bool {
        self.cover.iter().any(|&(a, b)| a <= from && b >= to)
    }
    fn break_cover(&mut self, t: u64) {
        if let Some(last) = self.cover.last_mut()
            && last.1 == u64::MAX
        {
            last.1 = t;
        }
    }
}

/// Whether standing at a place of `kind` fulfils "reach `d`" (out of the building: any refuge
/// or open ground).
fn reaches(kind: Option<PlaceKind>, d: Destination) -> bool {
    kind.is_some_and(|k| match d {
        Destination::OutOfBuilding => k.is_refuge() || k == PlaceKind::OpenGround,
        _ => k == d.place_kind(),
    })
}

/// "Reached" a destination, as evidence.
fn reached(d: Destination) -> (String, String) {
    match d {
        Destination::OutOfBuilding => ("撤出建筑".into(), "got out of the building".into()),
        d => {
            let (zh, en) = d.words();
            (format!("到达{zh}"), format!("reached {en}"))
        }
    }
}

/// "At" or "arrived at" a kind of place, as evidence.
fn at_place(k: Option<PlaceKind>, arrived: bool) -> Text {
    let (zh, en) = k.map_or(("建筑外", "outside"), |k| k.words());
    if arrived {
        Text {
            zh: format!("到达{zh}"),
            en: format!("arrived at {en}"),
        }
    } else {
        Text {
            zh: format!("已在{zh}"),
            en: format!("at {en}"),
        }
    }
}

/// Evaluate the events of a drill (tick, event, in journal order) against `plan`.
pub fn evaluate(events: &[(u64, SimEvent)], plan: &Plan) -> Evaluation {
    let mut tick_hz = 10;
    let mut people: Vec<ParticipantInfo> = Vec::new();
    let mut obs = Observed::default();
    let mut shaking: Vec<(u64, u64)> = Vec::new();
    let mut all_clear = None;
    let mut end = 0;
    let mut tracks: BTreeMap<String, Track> = BTreeMap::new();
    // Occupants' arrivals and exits, for AllReach.
    let mut arrivals: Vec<Arrival> = Vec::new();
    let (mut occupants, mut settled_n) = (0u32, 0u32);
    // Occupants the scenario took out of play (stayed behind, cut off, seriously hurt): excused
    // from "all of them reach …", which judges the leading; the count steps judge the missing.
    let mut out_of_play: Vec<String> = Vec::new();
    for (t, e) in events {
        let t = *t;
        end = end.max(t);
        match e {
            SimEvent::DrillStarted {
                tick_hz: hz,
                participants,
                occupants: n,
                ..
            } => {
                tick_hz = *hz;
                occupants = *n;
                for p in participants {
                    people.push(p.clone());
                    tracks.entry(p.id.clone()).or_default();
                }
            }
            SimEvent::PhaseChanged { phase } => {
                obs.phases.entry(*phase).or_insert(t);
                if *phase == Phase::AllClear {
                    all_clear.get_or_insert(t);
                }
            }
            SimEvent::Hazard { event } => {
                obs.hazards.push((*event, t));
                match event {
                    HazardEvent::ShakingStarts => shaking.push((t, u64::MAX)),
                    HazardEvent::ShakingStops => {
                        if let Some(s) = shaking.last_mut() {
                            s.1 = t;
                        }
                    }
                    HazardEvent::EarlyWarning
                    | HazardEvent::FireReported
                    | HazardEvent::FireWithinReach
                    | HazardEvent::WaterRising => {}
                }
            }
            SimEvent::InjectFired { number, .. } => {
                obs.injects.entry(*number).or_insert(t);
            }
            SimEvent::WarningIssued { level, .. } => obs.warnings.push((*level, t)),
            SimEvent::Action {
                participant,
                action,
                ..
            } => {
                let tr = tracks.entry(participant.clone()).or_default();
                match action {
                    ActionName::Plan(Action::TakeCover) => {
                        if tr.cover.last().is_none_or(|c| c.1 != u64::MAX) {
                            tr.cover.push((t, u64::MAX));
                        }
                        tr.actions.push((t, Action::TakeCover));
                    }
                    ActionName::Plan(a) => {
                        tr.actions.push((t, *a));
                        if matches!(a, Action::GuideGroup | Action::DoorToDoor) {
                            tr.break_cover(t);
                        }
                    }
                    ActionName::UseLift => tr.lifts.push(t),
                    ActionName::GoBack => {
                        tr.went_back.push(t);
                        tr.break_cover(t);
                    }
                    ActionName::StandUp
                    | ActionName::MoveTo
                    | ActionName::ChooseExit
                    | ActionName::Walk => {
                        tr.break_cover(t);
                    }
                    ActionName::Halt => {}
                }
            }
            SimEvent::TookLift { who, .. } => {
                if let Some(tr) = tracks.get_mut(who) {
                    tr.lifts.push(t);
                }
            }
            SimEvent::StartedMoving { who } => {
                if let Some(tr) = tracks.get_mut(who) {
                    tr.moved.push(t);
                    tr.break_cover(t);
                    tr.places.push((t, None));
                }
            }
            SimEvent::TookPosture { who, posture } => {
                if let Some(tr) = tracks.get_mut(who) {
                    tr.postures.push((t, *posture));
                    if *posture == Posture::Moving {
                        tr.places.push((t, None));
                    }
                }
            }
            SimEvent::Arrived {
                who, place_kind, ..
            } => {
                if let Some(tr) = tracks.get_mut(who) {
                    tr.places.push((t, Some(*place_kind)));
                } else {
                    arrivals.push((t, who.clone(), Some(*place_kind)));
                    if reaches(Some(*place_kind), Destination::OutOfBuilding) {
                        settled_n += 1;
                    }
                }
            }
            SimEvent::LeftBuilding { who, .. } => {
                if let Some(tr) = tracks.get_mut(who) {
                    tr.left_building.get_or_insert(t);
                } else {
                    arrivals.push((t, who.clone(), None));
                }
            }
            SimEvent::StayedBehind { who, .. } | SimEvent::Stranded { who, .. } => {
                settled_n += 1;
                out_of_play.push(who.clone());
            }
            SimEvent::Injured { who, severity, .. }
                if !tracks.contains_key(who)
                    && (severity.is_none()
                        || *severity == Some(crate::journal::events::Harm::Serious)) =>
            {
                settled_n += 1;
                out_of_play.push(who.clone());
            }
            SimEvent::Report {
                participant,
                reported_present,
                reported_expected,
                true_present,
                true_expected,
            } => {
                tracks
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
            SimEvent::Injured { .. }
            | SimEvent::EvacuationCapacity { .. }
            | SimEvent::Aftershock { .. }
            | SimEvent::GroundMotion { .. }
            | SimEvent::Blocked { .. }
            | SimEvent::Cleared { .. }
            | SimEvent::NotSimulated { .. }
            | SimEvent::HeadCount { .. }
            | SimEvent::PassedDoor { .. }
            | SimEvent::EnteredStair { .. }
            | SimEvent::Fell { .. }
            | SimEvent::Panicked { .. }
            | SimEvent::Postures { .. }
            | SimEvent::ContentsDamage { .. }
            | SimEvent::DrillEnded { .. }
            | SimEvent::Revealed { .. } => {}
        }
        if obs.settled.is_none() && occupants > 0 && settled_n >= occupants {
            obs.settled = Some(t);
        }
    }
    obs.tick_hz = tick_hz;
    let secs = |t: u64| t as f64 / f64::from(tick_hz);
    let ticks = |s: f64| (s * f64::from(tick_hz)).round() as u64;
    let roles: Vec<String> = people.iter().map(|p| p.role.clone()).collect();

    // Done times, step by step in plan order (a `Step(x)` start needs x's done times first).
    let mut done: Vec<BTreeMap<String, u64>> = vec![BTreeMap::new(); people.len()];
    let mut results: Vec<TaskResult> = Vec::new();
    for step in &plan.steps {
        for (i, who) in people.iter().enumerate() {
            let (id, role, groups) = (&who.id, &who.role, &who.groups);
            if !applies(step, role) {
                continue;
            }
            let doers = Doers {
                roles: &roles,
                done: |j: usize, s: &str| done[j].get(s).copied(),
            };
            let tr = &tracks[id];
            let start = doers.start(&step.starts, i, &plan.steps, &obs);
            let mut evidence = Vec::new();
            let Some(start) = start else {
                results.push(task(
                    step,
                    id,
                    role,
                    Outcome::NotApplicable,
                    None,
                    None,
                    None,
                    evidence,
                ));
                continue;
            };
            let due = step.deadline_s.map(|d| start + ticks(d));
            let met = requirement_met(
                step,
                tr,
                groups,
                (&arrivals, &out_of_play),
                start,
                ticks,
                &mut evidence,
                &secs,
            );
            if met.is_none() && evidence.is_empty() {
                evidence.push(Evidence {
                    t_s: secs(start),
                    what: text(
                        "步骤开始后日志中未见完成",
                        "not seen in the journal after the step started",
                    ),
                });
            }
            // A step with a deadline forbids things until it is due or done; one without, to the
            // end (a rule such as "no going back" holds after arrival too).
            let until = match due {
                Some(d) => d.max(met.unwrap_or(d)),
                None => end,
            };
            let violations = violations(step, tr, &shaking, all_clear, start, until, end, &secs);
            // Order: what must come first must not be done after this.
            let mut violations = violations;
            if let Some(m) = met {
                for a in &step.after {
                    let first = doers.step_done(a, i, &plan.steps, &obs);
                    if first.is_some_and(|f| f > m) {
                        violations.push(Evidence {
                            t_s: secs(m),
                            what: Text {
                                zh: format!("在预案规定的前序步骤“{a}”之前完成"),
                                en: format!("done before `{a}`, which the plan puts first"),
                            },
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
                Some(secs(start)),
                due.map(secs),
                met.map(secs),
                evidence,
            ));
        }
    }
    rate(plan, results)
}

#[allow(clippy::too_many_arguments)]
fn task(
    step: &PlanStep,
    who: &str,
    role: &str,
    outcome: Outcome,
    started_s: Option<f64>,
    due_s: Option<f64>,
    done_s: Option<f64>,
    evidence: Vec<Evidence>,
) -> TaskResult {
    let rating = match outcome {
        Outcome::Met | Outcome::NotApplicable => Rating::P,
        Outcome::MetLate => Rating::S,
        Outcome::NotMet | Outcome::Violated if step.life_safety => Rating::U,
        Outcome::NotMet | Outcome::Violated => Rating::M,
    };
    TaskResult {
        id: step.id.clone(),
        objective: step.objective.clone(),
        participant: who.to_string(),
        role: role.to_string(),
        outcome,
        rating,
        started_s,
        due_s,
        done_s,
        weight: step.weight,
        life_safety: step.life_safety,
        evidence,
    }
}

/// When the requirement was first met at or after `start`.
#[allow(clippy::too_many_arguments)]
fn requirement_met(
    step: &PlanStep,
    tr: &Track,
    groups: &[(String, u32)],
    (arrivals, out_of_play): (&[Arrival], &[String]),
    start: u64,
    ticks: impl Fn(f64) -> u64,
    evidence: &mut Vec<Evidence>,
    secs: &impl Fn(u64) -> f64,
) -> Option<u64> {
    let mut note = |t: u64, what: Text| evidence.push(Evidence { t_s: secs(t), what });
    match &step.requires {
        Requirement::Act(Action::TakeCover) => {
            let t = tr.in_cover_from(start)?;
            note(t, text("已就地避险", "in cover"));
            Some(t)
        }
        Requirement::Act(a) => {
            let &(t, _) = tr.actions.iter().find(|(t, x)| x == a && *t >= start)?;
            note(t, a.text());
            Some(t)
        }
        Requirement::Hold {
            action: Action::TakeCover,
            duration_s,
        } => {
            let to = start + ticks(*duration_s);
            if tr.cover_held(start, to) {
                note(
                    to,
                    Text {
                        zh: format!("自步骤开始持续避险 {duration_s} 秒"),
                        en: format!("cover held {duration_s} s from the start"),
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
            note(t, action.text());
            Some(t)
        }
        Requirement::Reach(d) => {
            if *d == Destination::OutOfBuilding
                && let Some(t) = tr.left_building
            {
                let t = t.max(start);
                note(t, text("已撤出建筑", "out of the building"));
                return Some(t);
            }
            // Standing there at the start, or arriving after it.
            let before = tr.places.iter().rev().find(|(t, _)| *t <= start);
            if let Some(&(t0, k)) = before
                && reaches(k, *d)
            {
                note(t0.max(start), at_place(k, false));
                return Some(start);
            }
            let &(t, k) = tr
                .places
                .iter()
                .find(|(t, k)| *t > start && reaches(*k, *d))?;
            note(t, at_place(k, true));
            Some(t)
        }
        Requirement::AllReach(d) => {
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
                note(
                    start,
                    Text {
                        zh: format!("{excused} 人不计入：滞留、被困或重伤"),
                        en: format!(
                            "{excused} excused: out of play (stayed behind, cut off or seriously hurt)"
                        ),
                    },
                );
            }
            let mut seen: Vec<&str> = Vec::new();
            let mut last = 0;
            for (t, who, k) in arrivals {
                let member = groups.iter().any(|(g, _)| {
                    who.strip_prefix(g.as_str())
                        .is_some_and(|r| r.starts_with('/'))
                });
                let ok = match (d, k) {
                    (Destination::OutOfBuilding, None) => true,
                    (_, k) => reaches(*k, *d),
                };
                if member && ok && !seen.contains(&who.as_str()) {
                    seen.push(who);
                    last = *t;
                }
            }
            if seen.len() as u32 >= size {
                let t = last.max(start);
                let (zh, en) = reached(*d);
                note(
                    t,
                    Text {
                        zh: format!("全部 {size} 人{zh}"),
                        en: format!("all {size} in their charge {en}"),
                    },
                );
                Some(t)
            } else {
                note(last.max(start), {
                    let (zh, en) = reached(*d);
                    Text {
                        zh: format!("{size} 人中仅 {} 人{zh}", seen.len()),
                        en: format!("only {} of the {size} in their charge {en}", seen.len()),
                    }
                });
                None
            }
        }
        Requirement::ReportCount => {
            for &(t, [rp, re, tp, te]) in tr.reports.iter().filter(|(t, _)| *t >= start) {
                if rp == tp && re == te {
                    note(
                        t,
                        Text {
                            zh: format!("报告应到 {re} 人、实到 {rp} 人，正确"),
                            en: format!("reported {rp} of {re}, correct"),
                        },
                    );
                    return Some(t);
                }
                note(
                    t,
                    Text {
                        zh: format!(
                            "报告应到 {re} 人、实到 {rp} 人，实际应到 {te} 人、实到 {tp} 人"
                        ),
                        en: format!("reported {rp} of {re}, but {tp} of {te} were present"),
                    },
                );
            }
            None
        }
    }
}

/// Prohibited things the journal shows from `start` to `until` — and, for what only the shaking
/// forbids (running, doorways), to the `end`.
#[allow(clippy::too_many_arguments)]
fn violations(
    step: &PlanStep,
    tr: &Track,
    shaking: &[(u64, u64)],
    all_clear: Option<u64>,
    start: u64,
    until: u64,
    end: u64,
    secs: &impl Fn(u64) -> f64,
) -> Vec<Evidence> {
    let in_window = |t: u64| t >= start && t <= until;
    let in_drill = |t: u64| t >= start && t <= end;
    let shakes = |t: u64| shaking.iter().any(|&(a, b)| t >= a && t < b);
    let mut out = Vec::new();
    let mut say = |t: u64, zh: &str, en: &str| {
        out.push(Evidence {
            t_s: secs(t),
            what: text(zh, en),
        })
    };
    for p in &step.prohibits {
        match p {
            Prohibition::UseLift => {
                if let Some(&t) = tr.lifts.iter().find(|&&t| in_window(t)) {
                    say(t, "乘坐电梯", "took the lift");
                }
            }
            Prohibition::GoBack => {
                if let Some(&t) = tr.went_back.iter().find(|&&t| in_window(t)) {
                    say(t, "返回", "went back");
                }
            }
            Prohibition::ReturnBeforeAllClear => {
                if let Some(&t) = tr
                    .went_back
                    .iter()
                    .find(|&&t| in_window(t) && all_clear.is_none_or(|a| t < a))
                {
                    say(t, "解除前返回", "went back before the all-clear");
                }
            }
            Prohibition::RunDuringShaking => {
                let ran = tr
                    .moved
                    .iter()
                    .copied()
                    .chain(
                        tr.postures
                            .iter()
                            .filter(|(_, p)| *p == Posture::Moving)
                            .map(|(t, _)| *t),
                    )
                    .find(|&t| in_drill(t) && shakes(t));
                if let Some(t) = ran {
                    say(t, "震时跑动", "moved during the shaking");
                }
            }
            Prohibition::StandInDoorway => {
                if let Some(&(t, _)) = tr
                    .postures
                    .iter()
                    .find(|(t, p)| *p == Posture::Doorway && in_drill(*t) && shakes(*t))
                {
                    say(t, "震时站在门口", "stood in a doorway during the shaking");
                }
            }
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
            | Prohibition::EscapeUphill => {}
        }
    }
    out
}

/// Ratings per objective and overall, and the score.
fn rate(plan: &Plan, tasks: Vec<TaskResult>) -> Evaluation {
    let title = |t: &TaskResult| {
        plan.steps
            .iter()
            .find(|s| s.id == t.id)
            .map_or_else(|| text(&t.id, &t.id), |s| s.title.clone())
    };
    let mut objectives = Vec::new();
    for o in &plan.objectives {
        let mine: Vec<&TaskResult> = tasks
            .iter()
            .filter(|t| t.objective == o.id && t.outcome != Outcome::NotApplicable)
            .collect();
        let (rating, rule) = if mine.is_empty() {
            (None, text("无适用步骤", "no step of it applied"))
        } else if let Some(t) = mine
            .iter()
            .find(|t| t.life_safety && matches!(t.outcome, Outcome::NotMet | Outcome::Violated))
        {
            let (zh, en) = t.outcome.words();
            (
                Some(Rating::U),
                Text {
                    zh: format!("生命安全步骤“{}”：{} {zh}", title(t).zh, t.participant),
                    en: format!(
                        "life-safety step \"{}\" {en} by {}",
                        title(t).en,
                        t.participant
                    ),
                },
            )
        } else if let Some(t) = mine
            .iter()
            .find(|t| matches!(t.outcome, Outcome::NotMet | Outcome::Violated))
        {
            let (zh, en) = t.outcome.words();
            (
                Some(Rating::M),
                Text {
                    zh: format!("步骤“{}”：{} {zh}", title(t).zh, t.participant),
                    en: format!("step \"{}\" {en} by {}", title(t).en, t.participant),
                },
            )
        } else if let Some(t) = mine.iter().find(|t| t.outcome == Outcome::MetLate) {
            (
                Some(Rating::S),
                Text {
                    zh: format!("全部完成；“{}”：{} 超时完成", title(t).zh, t.participant),
                    en: format!("all met; \"{}\" late by {}", title(t).en, t.participant),
                },
            )
        } else {
            (
                Some(Rating::P),
                text("全部步骤按时完成", "every step met in time"),
            )
        };
        objectives.push(ObjectiveResult {
            id: o.id.clone(),
            rating,
            rule,
        });
    }
    let (mut got, mut of) = (0.0, 0.0);
    for t in &tasks {
        let credit = match t.outcome {
            Outcome::Met => 1.0,
            Outcome::MetLate => 0.5,
            Outcome::NotMet | Outcome::Violated => 0.0,
            Outcome::NotApplicable => continue,
        };
        got += t.weight * credit;
        of += t.weight;
    }
    let score = if of > 0.0 {
        (1000.0 * got / of).round() / 10.0
    } else {
        0.0
    };
    let rating = objectives.iter().filter_map(|o| o.rating).max();
    // A life-safety failure (不足项) caps the conclusion at a pass, whatever the score.
    let band = match (Band::of(score), rating) {
        (Band::Excellent | Band::Good, Some(Rating::U)) => Band::Pass,
        (b, _) => b,
    };
    Evaluation {
        tasks,
        objectives,
        score,
        band,
        rating,
    }
}

// Names in both languages.
use crate::words::words;

words!(Outcome {
    Outcome::Met => "完成", "met";
    Outcome::MetLate => "超时完成", "met late";
    Outcome::NotMet => "未完成", "not met";
    Outcome::Violated => "违反", "violated";
    Outcome::NotApplicable => "不适用", "not applicable";
});

words!(Rating {
    Rating::P => "P 顺利完成", "P performed without challenges";
    Rating::S => "S 完成但有一定挑战", "S performed with some challenges";
    Rating::M => "M 完成但有重大挑战", "M performed with major challenges";
    Rating::U => "U 未能完成", "U unable to be performed";
});

words!(Band {
    Band::Excellent => "优秀", "Excellent";
    Band::Good => "良好", "Good";
    Band::Pass => "合格", "Pass";
    Band::Fail => "不合格", "Fail";
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::events::{ActionName, Driver};
    use crate::plan::{Citation, Objective, Responsible, StepStart};
    use crate::scenario::schema::Text;

    fn text(s: &str) -> Text {
        Text {
            zh: s.into(),
            en: s.into(),
        }
    }

    fn step(
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

    fn plan(steps: Vec<PlanStep>) -> Plan {
        Plan {
            format_version: 1,
            id: "p".into(),
            kind: crate::scenario::schema::DrillKind::Earthquake,
            title: text("p"),
            sources: Vec::new(),
            roles: Vec::new(),
            objectives: vec![Objective {
                id: "o".into(),
                name: text("o"),
                capability: None,
            }],
            steps,
        }
    }

    fn started() -> (u64, SimEvent) {
        (
            0,
            SimEvent::DrillStarted {
                scenario: "s".into(),
                drill: crate::scenario::schema::DrillKind::Earthquake,
                tick_hz: 10,
                occupants: 0,
                participants: vec![ParticipantInfo {
                    id: "t".into(),
                    role: "teacher".into(),
                    driver: Driver::Human,
                    groups: Vec::new(),
                }],
            },
        )
    }

    fn hazard(t: u64, event: HazardEvent) -> (u64, SimEvent) {
        (t, SimEvent::Hazard { event })
    }

    fn act(t: u64, a: ActionName) -> (u64, SimEvent) {
        (
            t,
            SimEvent::Action {
                participant: "t".into(),
                action: a,
                target: None,
            },
        )
    }

    fn signal_step(deadline_s: f64) -> PlanStep {
        step(
            "signal",
            StepStart::Hazard(HazardEvent::ShakingStops),
            Requirement::Act(Action::SignalEvacuation),
            Some(deadline_s),
        )
    }

    fn outcome(events: &[(u64, SimEvent)], p: &Plan, id: &str) -> Outcome {
        evaluate(events, p)
            .tasks
            .iter()
            .find(|t| t.id == id)
            .unwrap()
            .outcome
    }

    #[test]
    fn an_action_exactly_at_the_deadline_is_in_time_and_a_tick_later_is_late() {
        let p = plan(vec![signal_step(60.0)]);
        let on_time = [
            started(),
            hazard(100, HazardEvent::ShakingStops),
            act(700, ActionName::Plan(Action::SignalEvacuation)),
        ];
        assert_eq!(outcome(&on_time, &p, "signal"), Outcome::Met);
        let late = [
            started(),
            hazard(100, HazardEvent::ShakingStops),
            act(701, ActionName::Plan(Action::SignalEvacuation)),
        ];
        let ev = evaluate(&late, &p);
        assert_eq!(ev.tasks[0].outcome, Outcome::MetLate);
        assert_eq!(ev.tasks[0].done_s, Some(70.1));
        assert_eq!(ev.objectives[0].rating, Some(Rating::S));
        assert_eq!(ev.score, 50.0);
    }

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
    fn the_lift_within_a_step_violates_it_and_outside_it_does_not() {
        let mut s = step(
            "walk-out",
            StepStart::Hazard(HazardEvent::ShakingStops),
            Requirement::Act(Action::GuideGroup),
            Some(20.0),
        );
        s.prohibits = vec![Prohibition::UseLift];
        s.life_safety = true;
        let p = plan(vec![s]);
        let inside = [
            started(),
            hazard(100, HazardEvent::ShakingStops),
            act(105, ActionName::UseLift),
            act(110, ActionName::Plan(Action::GuideGroup)),
        ];
        let ev = evaluate(&inside, &p);
        assert_eq!(ev.tasks[0].outcome, Outcome::Violated);
        assert!(
            ev.tasks[0]
                .evidence
                .iter()
                .any(|e| e.what.en == "took the lift")
        );
        assert_eq!(ev.rating, Some(Rating::U));
        assert_eq!(ev.band, Band::Fail);
        // After the step was done and due, the lift is another step's business.
        let after = [
            started(),
            hazard(100, HazardEvent::ShakingStops),
            act(110, ActionName::Plan(Action::GuideGroup)),
            act(400, ActionName::UseLift),
        ];
        assert_eq!(outcome(&after, &p, "walk-out"), Outcome::Met);
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
        assert!(ev.tasks[0].evidence[0].what.en.contains("but 47 of 48"));
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
    fn a_participant_who_leaves_mid_drill_leaves_later_steps_unmet() {
        let mut second = step(
            "count",
            StepStart::Step("signal".into()),
            Requirement::Act(Action::CountHeads),
            Some(60.0),
        );
        second.after = vec!["signal".into()];
        let p = plan(vec![signal_step(60.0), second]);
        // Signals, then nothing more from them until the journal ends.
        let events = [
            started(),
            hazard(100, HazardEvent::ShakingStops),
            act(120, ActionName::Plan(Action::SignalEvacuation)),
            hazard(5000, HazardEvent::WaterRising),
        ];
        let ev = evaluate(&events, &p);
        assert_eq!(ev.tasks[0].outcome, Outcome::Met);
        assert_eq!(ev.tasks[1].outcome, Outcome::NotMet);
        assert_eq!(ev.tasks[1].started_s, Some(12.0));
        assert_eq!(ev.score, 50.0);
        assert_eq!(ev.objectives[0].rating, Some(Rating::M));
    }
}
