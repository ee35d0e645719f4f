//! A public experience's result: stars and the things to remember, from the same evaluation a
//! trainer's report uses (`plan::evaluate`), so the page never judges on its own.
//!
//! Public-education practice rewards taking part and teaches through what went wrong: every
//! finished experience earns one star; two when nothing that protects life was missed; three
//! when every step was done in time. What to remember puts the visitor's own mistakes first.

use crate::plan::Plan;
use crate::plan::evaluate::{Evaluation, Outcome};
use crate::scenario::schema::Text;
use crate::words::Words;
use serde::Serialize;

/// Things to remember shown at most.
pub const REMEMBER_MAX: usize = 3;

/// What the result page shows.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HallOutcome {
    /// 1–3.
    pub stars: u8,
    /// The visitor's own score, 0–100 (their own tasks).
    pub score: f64,
    /// The whole drill's score where others took part too (their tasks count there).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub drill_score: Option<f64>,
    /// Every plan step that applied to the visitor, in plan order.
    pub steps: Vec<StepLine>,
    /// Two or three of those steps: the ones missed first.
    pub remember: Vec<StepLine>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StepLine {
    pub id: String,
    pub title: Text,
    /// Why it matters (the plan step's `why`), where the plan says.
    pub why: Option<Text>,
    pub outcome: Outcome,
    /// The outcome in words, zh and en.
    pub outcome_words: Text,
    /// What the visitor did, from the evaluation's evidence (the last line).
    pub what_happened: Option<Text>,
    /// How long it took against the time the plan allows, where it has a deadline.
    pub timing: Option<Text>,
}

/// "took 9 s (the plan: within 5 s)" for a step done with a deadline.
fn timing(started_s: Option<f64>, due_s: Option<f64>, done_s: Option<f64>) -> Option<Text> {
    let (start, due, done) = (started_s?, due_s?, done_s?);
    let (took, allowed) = ((done - start).max(0.0), due - start);
    Some(Text {
        zh: format!("用时 {took:.0} 秒（要求 {allowed:.0} 秒内）"),
        en: format!("took {took:.0} s (the plan: within {allowed:.0} s)"),
    })
}

/// The result of participant `who` (their id) under `plan`.
pub fn of(eval: &Evaluation, plan: &Plan, who: &str) -> HallOutcome {
    let mut steps: Vec<(StepLine, bool)> = Vec::new();
    for s in &plan.steps {
        let Some(t) = eval
            .tasks
            .iter()
            .find(|t| t.id == s.id && t.participant == who && t.outcome != Outcome::NotApplicable)
        else {
            continue;
        };
        steps.push((
            StepLine {
                id: s.id.clone(),
                title: s.title.clone(),
                why: s.why.clone(),
                outcome: t.outcome,
                outcome_words: t.outcome.text(),
                what_happened: t.evidence.last().map(|e| e.text()),
                timing: timing(t.started_s, t.due_s, t.done_s),
            },
            s.life_safety,
        ));
    }
    let failed = |o: Outcome| matches!(o, Outcome::NotMet | Outcome::Violated);
    let stars = if steps.iter().all(|(l, _)| l.outcome == Outcome::Met) {
        3
    } else if steps.iter().any(|(l, life)| *life && failed(l.outcome)) {
        1
    } else {
        2
    };
    // Mistakes first (the worst first), then what protects life, then the rest; plan order
    // within each (the sort is stable).
    let rank = |(l, life): &(StepLine, bool)| match l.outcome {
        Outcome::Violated => 0,
        Outcome::NotMet => 1,
        Outcome::MetLate => 2,
        _ if *life => 3,
        _ => 4,
    };
    let mut ranked: Vec<&(StepLine, bool)> = steps.iter().collect();
    ranked.sort_by_key(|x| rank(x));
    let remember = ranked
        .into_iter()
        .take(REMEMBER_MAX)
        .map(|(l, _)| l.clone())
        .collect();
    let own = eval.participants.iter().find(|p| p.participant == who);
    HallOutcome {
        stars,
        score: own.map_or(eval.score, |p| p.score),
        drill_score: (eval.participants.len() > 1).then_some(eval.score),
        steps: steps.into_iter().map(|(l, _)| l).collect(),
        remember,
    }
}
