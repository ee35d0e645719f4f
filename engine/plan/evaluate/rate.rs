//! Ratings, score and band: per task and per objective the HSEEP rating, overall the worst
//! objective's; the score as the weighted share of credit, and its band (capped at a pass by a
//! life-safety failure).

use super::{Band, Evaluation, ObjectiveResult, Outcome, ParticipantScore, Rating, TaskResult};
use crate::drill::Text;
use crate::plan::Plan;
use crate::words::{Words, text};

impl Band {
    /// The band of a score (0–100), before any cap.
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

/// The rating of one participant's result of a step; `governs`: how many other participants'
/// steps wait for it (a late one held them: major challenges, not some).
pub(super) fn of_task(outcome: Outcome, life_safety: bool, governs: u32) -> Rating {
    match outcome {
        Outcome::Met | Outcome::NotApplicable => Rating::P,
        Outcome::MetLate if governs > 0 => Rating::M,
        Outcome::MetLate => Rating::S,
        Outcome::NotMet | Outcome::Violated if life_safety => Rating::U,
        Outcome::NotMet | Outcome::Violated => Rating::M,
    }
}

/// Ratings per objective and overall, and the score. `names`: the trainer's names of the
/// participants (rules name them so; ids where there is none).
pub(super) fn rate(
    plan: &Plan,
    tasks: Vec<TaskResult>,
    names: &std::collections::BTreeMap<String, Text>,
) -> Evaluation {
    let who = |t: &TaskResult| {
        names
            .get(&t.participant)
            .cloned()
            .unwrap_or_else(|| text(&t.participant, &t.participant))
    };
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
                    zh: format!("生命安全步骤“{}”：{} {zh}", title(t).zh, who(t).zh),
                    en: format!("life-safety step \"{}\" {en} by {}", title(t).en, who(t).en),
                },
            )
        } else if let Some(t) = mine.iter().find(|t| t.rating == Rating::M) {
            let (zh, en) = t.outcome.words();
            let (zh, en) = if t.outcome == Outcome::MetLate {
                (
                    format!("{zh}，{} 名参演人员因此等待", t.governs),
                    format!("{en}, holding {} participants", t.governs),
                )
            } else {
                (zh.to_string(), en.to_string())
            };
            (
                Some(Rating::M),
                Text {
                    zh: format!("步骤“{}”：{} {zh}", title(t).zh, who(t).zh),
                    en: format!("step \"{}\" {en} by {}", title(t).en, who(t).en),
                },
            )
        } else if let Some(t) = mine.iter().find(|t| t.outcome == Outcome::MetLate) {
            (
                Some(Rating::S),
                Text {
                    zh: format!("全部完成；“{}”：{} 超时完成", title(t).zh, who(t).zh),
                    en: format!("all met; \"{}\" late by {}", title(t).en, who(t).en),
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
    let score = score_of(tasks.iter(), TaskResult::drill_weight);
    let rating = objectives.iter().filter_map(|o| o.rating).max();
    let band = capped(Band::of(score), rating == Some(Rating::U));
    let mut participants: Vec<ParticipantScore> = Vec::new();
    for t in &tasks {
        if participants.iter().any(|p| p.participant == t.participant) {
            continue;
        }
        let mine: Vec<&TaskResult> = tasks
            .iter()
            .filter(|x| x.participant == t.participant && x.outcome != Outcome::NotApplicable)
            .collect();
        let Some(worst) = mine.iter().map(|x| x.rating).max() else {
            continue;
        };
        let score = score_of(mine.iter().copied(), |t| t.weight);
        participants.push(ParticipantScore {
            participant: t.participant.clone(),
            name: names.get(&t.participant).cloned(),
            role: t.role.clone(),
            score,
            band: capped(Band::of(score), worst == Rating::U),
            rating: worst,
            tasks: mine.len() as u32,
        });
    }
    Evaluation {
        tasks,
        objectives,
        score,
        band,
        rating,
        participants,
        groups: Vec::new(),
    }
}

/// The weighted share of credit (met 1, late ½, not met or violated 0; steps that never started
/// do not count), 0–100 to a tenth; 0 when nothing applied. `weight`: the drill's (consequence
/// weights) or the plan's (a participant's own score).
fn score_of<'a>(
    tasks: impl Iterator<Item = &'a TaskResult>,
    weight: impl Fn(&TaskResult) -> f64,
) -> f64 {
    let (mut got, mut of) = (0.0, 0.0);
    for t in tasks {
        let credit = match t.outcome {
            Outcome::Met => 1.0,
            Outcome::MetLate => 0.5,
            Outcome::NotMet | Outcome::Violated => 0.0,
            Outcome::NotApplicable => continue,
        };
        got += weight(t) * credit;
        of += weight(t);
    }
    if of > 0.0 {
        (1000.0 * got / of).round() / 10.0
    } else {
        0.0
    }
}

/// A life-safety failure (不足项) caps the conclusion at a pass, whatever the score.
fn capped(band: Band, life_safety_failed: bool) -> Band {
    match (band, life_safety_failed) {
        (Band::Excellent | Band::Good, true) => Band::Pass,
        (b, _) => b,
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{plan, signal_step};
    use super::*;

    fn result(id: &str, outcome: Outcome, weight: f64, life_safety: bool) -> TaskResult {
        TaskResult {
            id: id.into(),
            objective: "o".into(),
            participant: "t".into(),
            role: "teacher".into(),
            outcome,
            rating: of_task(outcome, life_safety, 0),
            started_s: None,
            due_s: None,
            done_s: None,
            weight,
            life_safety,
            governs: 0,
            evidence: Vec::new(),
        }
    }

    #[test]
    fn met_earns_full_credit_late_half_and_a_step_that_never_started_none() {
        let ev = rate(
            &plan(vec![signal_step(60.0)]),
            vec![
                result("a", Outcome::Met, 2.0, false),
                result("b", Outcome::MetLate, 1.0, false),
                result("signal", Outcome::NotMet, 1.0, false),
                result("d", Outcome::NotApplicable, 5.0, false),
            ],
            &Default::default(),
        );
        // (2 + ½) of 4.
        assert_eq!(ev.score, 62.5);
        assert_eq!(ev.band, Band::Pass);
        assert_eq!(ev.rating, Some(Rating::M));
        assert_eq!(ev.objectives[0].rule.en, "step \"signal\" not met by t");
        assert_eq!(ev.tasks[1].rating, Rating::S);
    }

    #[test]
    fn a_life_safety_failure_rates_the_objective_u_and_caps_the_band_at_a_pass() {
        let ev = rate(
            &plan(Vec::new()),
            vec![
                result("a", Outcome::Met, 9.0, false),
                result("b", Outcome::Violated, 1.0, true),
            ],
            // Rules name participants as the trainer did.
            &std::collections::BTreeMap::from([(
                "t".to_string(),
                Text {
                    zh: "林老师".into(),
                    en: "Teacher Lin".into(),
                },
            )]),
        );
        assert_eq!(ev.score, 90.0);
        assert_eq!(Band::of(ev.score), Band::Excellent);
        assert_eq!(ev.band, Band::Pass);
        assert_eq!(ev.rating, Some(Rating::U));
        assert_eq!(
            ev.objectives[0].rule,
            Text {
                zh: "生命安全步骤“b”：林老师 违反".into(),
                en: "life-safety step \"b\" violated by Teacher Lin".into(),
            }
        );
    }

    #[test]
    fn bands_start_at_90_75_and_60() {
        let bands = [90.0, 89.9, 75.0, 74.9, 60.0, 59.9].map(Band::of);
        assert_eq!(
            bands,
            [
                Band::Excellent,
                Band::Good,
                Band::Good,
                Band::Pass,
                Band::Pass,
                Band::Fail
            ]
        );
        let none = rate(&plan(Vec::new()), Vec::new(), &Default::default());
        assert_eq!((none.score, none.rating), (0.0, None));
        assert_eq!(none.objectives[0].rule.en, "no step of it applied");
    }

    /// Issue 18: a teacher who did everything right among late colleagues sees 100 as their
    /// own score, whatever the drill's.
    #[test]
    fn a_trainee_perfect_among_late_colleagues_scores_100_of_their_own() {
        let mut tasks = Vec::new();
        for (who, outcome) in [("good", Outcome::Met), ("late", Outcome::MetLate)] {
            for step in ["a", "b"] {
                let mut t = result(step, outcome, 1.0, true);
                t.participant = who.into();
                tasks.push(t);
            }
        }
        let mut missed = result("c", Outcome::NotMet, 2.0, true);
        missed.participant = "late".into();
        tasks.push(missed);
        let mut na = result("d", Outcome::NotApplicable, 1.0, false);
        na.participant = "idle".into();
        tasks.push(na);
        let ev = rate(&plan(vec![signal_step(60.0)]), tasks, &Default::default());
        // The drill: (2 + 1 + 0) of 6.
        assert_eq!(ev.score, 50.0);
        let own: Vec<(&str, f64, Band, Rating, u32)> = ev
            .participants
            .iter()
            .map(|p| (p.participant.as_str(), p.score, p.band, p.rating, p.tasks))
            .collect();
        assert_eq!(
            own,
            vec![
                ("good", 100.0, Band::Excellent, Rating::P, 2),
                // (½ + ½ + 0) of 4, and a life-safety step not met.
                ("late", 25.0, Band::Fail, Rating::U, 3),
            ]
        );
    }
}
