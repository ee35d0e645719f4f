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
//! after it, `NotMet` never — or only once the step's window had closed (`until`: too late to
//! matter) — `Violated` when a prohibition is seen (walking and doorways in the shaking judged
//! over intervals, main shock and aftershocks; prohibitions the journal cannot show, such as
//! jumping, are not judged), and `NotApplicable` when the step never started. Per objective, the HSEEP rating: `U` when a
//! life-safety step is not met or violated, `M` when any step is, `S` when all are met but some
//! late, `P` when all are met in time. The score is the weighted share of credit (met 1, late ½),
//! 0–100; bands 优秀 ≥ 90, 良好 ≥ 75, 合格 ≥ 60, 不合格 below. Each participant gets the same
//! rule over their own tasks beside the drill's.
//!
//! Consequences weigh: a step others wait for (their steps start on it) weighs for each of them
//! in the drill's score, a late one is rated `M` and gives the people it held and for how long
//! as evidence (HSEEP's "negative impact on the performance of other activities").
//!
//! Three passes: [`replay`] plays the journal back into tracks (what each participant did and
//! when), [`judge`] holds each step's requirement and prohibitions against them (an outcome and
//! its evidence, as facts), [`rate`] rates the objectives and scores the drill. The evidence's
//! words are the plan's words' business (`plan::words`): the evaluator only decides.

mod attack;
#[cfg(test)]
mod fixtures;
mod judge;
mod rate;
mod replay;
mod water;

use super::{Action, Destination, Plan, Prohibition};
use crate::drill::Text;
use crate::journal::events::{PlaceKind, SimEvent};
use serde::{Deserialize, Serialize};

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
    /// What the journal shows then. report.json carries it in words (`{zh, en}`), as tools
    /// have always read it.
    #[serde(with = "in_words")]
    pub what: EvidenceFact,
}

impl Evidence {
    /// What the journal shows, in both languages.
    pub fn text(&self) -> Text {
        self.what.text()
    }
}

impl EvidenceFact {
    /// Whether this fact is a shortfall (what a finding cites as its example), not a deed done.
    pub fn is_shortfall(&self) -> bool {
        match self {
            EvidenceFact::Violated(_)
            | EvidenceFact::ViolatedOver { .. }
            | EvidenceFact::ViolatedBecause { .. }
            | EvidenceFact::FellShort { .. }
            | EvidenceFact::BeforeStep { .. }
            | EvidenceFact::TooLate
            | EvidenceFact::Held { .. }
            | EvidenceFact::NotSeen
            | EvidenceFact::SomeReached { .. }
            | EvidenceFact::CountWrong { .. }
            | EvidenceFact::CountEarly { .. }
            | EvidenceFact::SweptAfterCount { .. } => true,
            EvidenceFact::WaterMargin { margin_s, .. } => margin_s.is_none(),
            EvidenceFact::InCover
            | EvidenceFact::Did(_)
            | EvidenceFact::HeldCover { .. }
            | EvidenceFact::LeftBuilding
            | EvidenceFact::AlreadyAt { .. }
            | EvidenceFact::Arrived { .. }
            | EvidenceFact::Excused { .. }
            | EvidenceFact::AllReached { .. }
            | EvidenceFact::CountCorrect { .. }
            | EvidenceFact::Swept { .. }
            | EvidenceFact::WaitedForWind { .. }
            | EvidenceFact::Recorded(_) => false,
        }
    }
}

/// What the journal shows of a participant, as the evaluator found it; `plan::words` says it.
#[derive(Clone, Debug, PartialEq)]
pub enum EvidenceFact {
    /// In cover (taken then, or held since before the step started).
    InCover,
    /// Performed a plan action.
    Did(Action),
    /// In cover without a break for `duration_s` from the step's start.
    HeldCover { duration_s: f64 },
    /// Out of the building.
    LeftBuilding,
    /// Already at a place when the step started (`None`: outside).
    AlreadyAt { place: Option<PlaceKind> },
    /// Arrived at a place (`None`: outside).
    Arrived { place: Option<PlaceKind> },
    /// Members of their groups the scenario took out of play (stayed behind, cut off or
    /// seriously hurt), not counted in "all reach".
    Excused { people: u32 },
    /// Everyone in their charge reached the destination.
    AllReached {
        destination: Destination,
        people: u32,
    },
    /// Only `reached` of the `of` in their charge reached the destination.
    SomeReached {
        destination: Destination,
        reached: u32,
        of: u32,
    },
    /// A count reported that matches the truth.
    CountCorrect { present: u32, expected: u32 },
    /// A count reported that does not.
    CountWrong {
        reported_present: u32,
        reported_expected: u32,
        true_present: u32,
        true_expected: u32,
    },
    /// A count true of the moment, reported while `on_the_way` of those in their charge were
    /// still coming: it tells the commander they are missing.
    CountEarly {
        reported_present: u32,
        reported_expected: u32,
        on_the_way: u32,
    },
    /// Swept `spaces` spaces, each once its last occupant had left, finding `found` people.
    Swept { spaces: u32, found: u32 },
    /// A sweep finished `after_s` after a count of the same class had been reported: the count
    /// went up before anyone knew the rooms were empty.
    SweptAfterCount { after_s: f64 },
    /// The journal does not show the requirement met after the step started.
    NotSeen,
    /// Did what the prohibition forbids.
    Violated(Prohibition),
    /// Did what the prohibition forbids from the evidence's time until `until_s`.
    ViolatedOver {
        prohibition: Prohibition,
        until_s: f64,
        duration_s: f64,
    },
    /// Did what the prohibition forbids, in conditions the journal recorded (the wind, the
    /// slope, the hour, what LCES lacked), in words.
    ViolatedBecause { prohibition: Prohibition, why: Text },
    /// Did the action, but short of what it asks (why, in words).
    FellShort { action: Action, why: Text },
    /// Held off the attack while the wind stayed at or above the plan's high wind (气象不利先
    /// 等待): the lowest wind since the step started, and the limit.
    WaitedForWind { wind_mps: f64, limit_mps: f64 },
    /// The water cut `house` off (AIDR H3 or worse) `margin_s` after the last of its people in
    /// one's charge reached a refuge (`None`: `left` of them had not).
    WaterMargin {
        house: String,
        margin_s: Option<f64>,
        left: u32,
    },
    /// Done only after the step's window had closed: too late to matter.
    TooLate,
    /// A step others wait for, done `delay_s` after its deadline (or never, to the end of the
    /// journal): it held `participants` participants and `people` people in all (they and those
    /// in their charge).
    Held {
        people: u32,
        participants: u32,
        delay_s: f64,
    },
    /// Done before the step titled `first`, which the plan puts first.
    BeforeStep { first: Text },
    /// Read back from a report.json: only its words remain.
    Recorded(Text),
}

/// Evidence in report.json: the fact's words, as before facts were data.
mod in_words {
    use super::EvidenceFact;
    use crate::drill::Text;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(what: &EvidenceFact, s: S) -> Result<S::Ok, S::Error> {
        what.text().serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<EvidenceFact, D::Error> {
        Text::deserialize(d).map(EvidenceFact::Recorded)
    }
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
    /// The step's weight in the plan (what a participant's own score uses).
    pub weight: f64,
    pub life_safety: bool,
    /// How many other participants' steps wait for this one (0: none).
    #[serde(default)]
    pub governs: u32,
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
    /// Each participant's own score, band and rating, from their own tasks alone.
    pub participants: Vec<ParticipantScore>,
    /// The occupants held to the plan's `Everyone` and `Occupants` steps (cover, reaching a
    /// place), summarised per group; not in the score, which judges the participants.
    pub groups: Vec<GroupResult>,
}

/// How one occupant group did a step: how many of its members met it, late, not, or broke
/// what it forbids (those it never started for are left out).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupResult {
    /// The step.
    pub id: String,
    pub group: String,
    /// Members judged.
    pub people: u32,
    pub met: u32,
    pub met_late: u32,
    pub not_met: u32,
    pub violated: u32,
    /// The worst shortfall among them, with its evidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<GroupExample>,
}

/// One member's shortfall, as a group's example.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupExample {
    pub who: String,
    pub outcome: Outcome,
    pub evidence: Evidence,
}

impl Evaluation {
    /// A participant as the report names them: the trainer's name, else the id.
    pub fn display(&self, id: &str) -> Text {
        name_of(&self.participants, id).unwrap_or_else(|| Text {
            zh: id.to_string(),
            en: id.to_string(),
        })
    }
}

/// The trainer's name for participant `id` among `participants` (an evaluation's or a
/// report's), if the journal gave one.
pub fn name_of(participants: &[ParticipantScore], id: &str) -> Option<Text> {
    participants
        .iter()
        .find(|p| p.participant == id)
        .and_then(|p| p.name.clone())
}

impl TaskResult {
    /// The task's weight in the drill's score: the step's times one more than the participants
    /// it governs. A step others wait for counts as much as it would for each of them, since none
    /// of them can start without it (docs/report.md, "Consequences that weigh").
    pub fn drill_weight(&self) -> f64 {
        self.weight * f64::from(1 + self.governs)
    }
}

/// One participant's result: the drill's rule applied to their own tasks (see `rate`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParticipantScore {
    pub participant: String,
    /// The name the trainer gave them (absent in journals before issue 18).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Text>,
    pub role: String,
    /// The weighted share of credit of their own tasks (met 1, late ½), 0–100.
    pub score: f64,
    /// The band of that score, capped at a pass by a life-safety task of theirs not met or
    /// violated.
    pub band: Band,
    /// The worst rating of their tasks.
    pub rating: Rating,
    /// Their tasks that applied (started).
    pub tasks: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Band {
    Excellent,
    Good,
    Pass,
    Fail,
}

/// Evaluate the events of a drill (tick, event, in journal order) against `plan`.
pub fn evaluate(events: &[(u64, SimEvent)], plan: &Plan) -> Evaluation {
    let mut tracks = replay::replay(events);
    tracks.fire_limits = plan.fire_limits.clone();
    let names = tracks
        .people
        .iter()
        .filter_map(|p| Some((p.id.clone(), p.name.clone()?)))
        .collect();
    let (tasks, groups) = judge::judge(plan, &tracks);
    let mut ev = rate::rate(plan, tasks, &names);
    ev.groups = groups;
    ev
}

#[cfg(test)]
mod tests {
    use super::fixtures::{act, hazard, outcome, plan, signal_step, started, step};
    use super::*;
    use crate::drill::HazardEvent;
    use crate::journal::events::ActionName;
    use crate::plan::{Requirement, StepStart};

    #[test]
    fn evidence_is_written_in_words_as_before_and_read_back_as_them() {
        let e = Evidence {
            t_s: 20.0,
            what: EvidenceFact::CountWrong {
                reported_present: 48,
                reported_expected: 48,
                true_present: 47,
                true_expected: 48,
            },
        };
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(
            json,
            r#"{"t_s":20.0,"what":{"zh":"报告应到 48 人、实到 48 人，实际应到 48 人、实到 47 人","en":"reported 48 of 48, but 47 of 48 were present"}}"#
        );
        let back: Evidence = serde_json::from_str(&json).unwrap();
        assert_eq!(back.what, EvidenceFact::Recorded(e.text()));
        assert_eq!(back.text(), e.text());
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

    /// Lead the group out within 20 s of the shaking, no lift.
    fn walk_out_without_lift(life_safety: bool) -> crate::plan::PlanStep {
        let mut s = step(
            "walk-out",
            StepStart::Hazard(HazardEvent::ShakingStops),
            Requirement::Act(Action::GuideGroup),
            Some(20.0),
        );
        s.prohibits = vec![Prohibition::UseLift];
        s.life_safety = life_safety;
        s
    }

    fn took_lift(t: u64) -> (u64, SimEvent) {
        (
            t,
            SimEvent::TookLift {
                who: "t".into(),
                lift: "lift-1".into(),
            },
        )
    }

    /// Issue 18: choosing the lift is not taking it — where there is none, or it is never
    /// reached, nothing says "took the lift".
    #[test]
    fn choosing_the_lift_without_boarding_it_is_no_evidence_of_taking_it() {
        let p = plan(vec![walk_out_without_lift(false)]);
        let events = [
            started(),
            hazard(100, HazardEvent::ShakingStops),
            act(105, ActionName::UseLift),
            act(110, ActionName::Plan(Action::GuideGroup)),
        ];
        let ev = evaluate(&events, &p);
        assert_eq!(ev.tasks[0].outcome, Outcome::Met);
        assert!(
            ev.tasks[0]
                .evidence
                .iter()
                .all(|e| e.what != EvidenceFact::Violated(Prohibition::UseLift))
        );
    }

    #[test]
    fn the_lift_within_a_step_violates_it_and_outside_it_does_not() {
        let p = plan(vec![walk_out_without_lift(true)]);
        let inside = [
            started(),
            hazard(100, HazardEvent::ShakingStops),
            act(104, ActionName::UseLift),
            took_lift(105),
            act(110, ActionName::Plan(Action::GuideGroup)),
        ];
        let ev = evaluate(&inside, &p);
        assert_eq!(ev.tasks[0].outcome, Outcome::Violated);
        assert!(
            ev.tasks[0]
                .evidence
                .iter()
                .any(|e| e.t_s == 10.5 && e.what == EvidenceFact::Violated(Prohibition::UseLift))
        );
        assert_eq!(ev.rating, Some(Rating::U));
        assert_eq!(ev.band, Band::Fail);
        // After the step was done and due, the lift is another step's business.
        let after = [
            started(),
            hazard(100, HazardEvent::ShakingStops),
            act(110, ActionName::Plan(Action::GuideGroup)),
            act(400, ActionName::UseLift),
            took_lift(401),
        ];
        assert_eq!(outcome(&after, &p, "walk-out"), Outcome::Met);
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
