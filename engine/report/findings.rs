//! The findings with their recommendations (AQ/T 9009 classes): one per plan step that fell
//! short, and one for a queue at a stair or exit of the building's flow bound.

use super::{Aim, Bottleneck, Evacuation, Finding, FindingSeverity};
use crate::plan::evaluate::{Evaluation, Outcome};
use crate::plan::{Plan, Requirement};
use crate::scenario::schema::Text;

/// A bottleneck this long at capacity is a queue worth a finding.
const QUEUE_FINDING_S: f64 = 60.0;

/// The bottleneck that queued for long and emptied last.
fn worst_queue(e: &Evacuation) -> Option<&Bottleneck> {
    e.bottlenecks
        .iter()
        .filter(|b| b.saturated_s >= QUEUE_FINDING_S)
        .max_by(|a, b| a.last_s.total_cmp(&b.last_s))
}

/// A stair or exit that queued for long while another of the same bound finished early: the
/// route assignment puts too many on it (an improvement aimed at the plan). With no other to
/// share the load, the building lacks the capacity (aimed at the site).
fn queue_finding(e: &Evacuation, plan: &Plan) -> Option<Finding> {
    let worst = worst_queue(e)?;
    let task = plan
        .steps
        .iter()
        .find(|s| matches!(s.requires, Requirement::AllReach(_)) && s.deadline_s.is_some())
        .or_else(|| {
            plan.steps
                .iter()
                .find(|s| matches!(s.requires, Requirement::AllReach(_) | Requirement::Reach(_)))
        })
        .map_or_else(|| "evacuation".to_string(), |s| s.id.clone());
    let mmss = crate::words::clock;
    let queued = Text {
        zh: format!(
            "{} 有约 {} 处于满负荷排队状态（{} 人通过，峰值 {:.1} 人/秒）",
            worst.id,
            mmss(worst.saturated_s),
            worst.people,
            worst.peak_pps
        ),
        en: format!(
            "{} ran at capacity with a queue for about {} ({} people, peak {:.1} p/s)",
            worst.id,
            mmss(worst.saturated_s),
            worst.people,
            worst.peak_pps
        ),
    };
    let early = e
        .bottlenecks
        .iter()
        .filter(|b| b.id != worst.id)
        .min_by(|a, b| a.last_s.total_cmp(&b.last_s));
    let (observation, recommendation, aim) = match early {
        Some(o) if worst.last_s - o.last_s >= QUEUE_FINDING_S => (
            Text {
                zh: format!(
                    "{}，最后一人比 {} 晚 {} 通过（后者 {} 人）。",
                    queued.zh,
                    o.id,
                    mmss(worst.last_s - o.last_s),
                    o.people
                ),
                en: format!(
                    "{}; its last person passed {} after {}'s ({} people there).",
                    queued.en,
                    mmss(worst.last_s - o.last_s),
                    o.id,
                    o.people
                ),
            },
            Text {
                zh: format!(
                    "修订疏散路线分配：将部分班级从 {} 改派到 {}，使各楼梯和出口同时疏散完毕；若有通道被阻断，预案应写明备用路线。",
                    worst.id, o.id
                ),
                en: format!(
                    "Revise the route assignment: move some classes from {} to {} so that the stairs and exits finish together; where a route can be blocked, the plan should name the alternative.",
                    worst.id, o.id
                ),
            },
            Aim::Plan,
        ),
        Some(_) => (
            Text {
                zh: format!("{}；各楼梯和出口负荷均衡，瓶颈在通行能力。", queued.zh),
                en: format!(
                    "{}; the stairs and exits were evenly loaded: the limit is their capacity.",
                    queued.en
                ),
            },
            Text {
                zh: "增加疏散通行能力（加宽楼梯或增设出口），或按实际通行能力修订疏散目标和分批疏散顺序。".into(),
                en: "Add exit capacity (wider stairs or another exit), or revise the target and stagger the classes to what the stairs can carry.".into(),
            },
            Aim::Site,
        ),
        None => (
            Text {
                zh: format!("{}；全部人员只能经由这一处撤离。", queued.zh),
                en: format!("{}; everyone had to leave through it.", queued.en),
            },
            Text {
                zh: "增设疏散楼梯或出口；在此之前按其通行能力分批疏散。".into(),
                en: "Add a stair or exit; until then, stagger the evacuation to what it can carry.".into(),
            },
            Aim::Site,
        ),
    };
    Some(Finding {
        severity: FindingSeverity::Improvement,
        task,
        who: Vec::new(),
        observation,
        recommendation,
        aim,
    })
}

pub(super) fn findings(ev: &Evaluation, plan: &Plan, evac: Option<&Evacuation>) -> Vec<Finding> {
    let mut out = Vec::new();
    let queued = evac.and_then(worst_queue);
    for step in &plan.steps {
        let short: Vec<_> = ev
            .tasks
            .iter()
            .filter(|t| {
                t.id == step.id
                    && matches!(
                        t.outcome,
                        Outcome::NotMet | Outcome::Violated | Outcome::MetLate
                    )
            })
            .collect();
        if short.is_empty() {
            continue;
        }
        let failed = short
            .iter()
            .any(|t| matches!(t.outcome, Outcome::NotMet | Outcome::Violated));
        let violated = short.iter().any(|t| t.outcome == Outcome::Violated);
        // A step others waited for, done late, held them: at least a correction.
        let held = short.iter().any(|t| t.governs > 0);
        let severity = match (failed, step.life_safety, held) {
            (true, true, _) => FindingSeverity::Deficiency,
            (true, false, _) | (false, _, true) => FindingSeverity::Correction,
            (false, _, false) => FindingSeverity::Improvement,
        };
        let who: Vec<String> = short.iter().map(|t| t.participant.clone()).collect();
        // The worst first: its evidence is the example.
        let worst = short
            .iter()
            .find(|t| t.outcome == Outcome::Violated)
            .or_else(|| short.iter().find(|t| t.outcome == Outcome::NotMet))
            .unwrap_or(&short[0]);
        // The first shortfall in its evidence (evidence is in time order), else the fact of its
        // being done, else the last fact.
        let (ex_zh, ex_en) = worst
            .evidence
            .iter()
            .find(|e| e.what.is_shortfall())
            .or_else(|| {
                worst
                    .evidence
                    .iter()
                    .rev()
                    .find(|e| Some(e.t_s) == worst.done_s)
            })
            .or_else(|| worst.evidence.last())
            .map_or((String::new(), String::new()), |e| {
                let what = e.text();
                (
                    format!("{}（{:.0} 秒）", what.zh, e.t_s),
                    format!("{} at {:.0} s", what.en, e.t_s),
                )
            });
        let count = |o: Outcome| short.iter().filter(|t| t.outcome == o).count();
        let (v, m, l) = (
            count(Outcome::Violated),
            count(Outcome::NotMet),
            count(Outcome::MetLate),
        );
        let mut zh_parts = Vec::new();
        let mut en_parts = Vec::new();
        for (n, zh, en) in [
            (v, "人违反禁止事项", "violated"),
            (m, "人未完成", "not done"),
            (l, "人超时完成", "late"),
        ] {
            if n > 0 {
                zh_parts.push(format!("{n} {zh}"));
                en_parts.push(format!("{n} {en}"));
            }
        }
        // The trainer's name for the example; `who` keeps the ids for tools.
        let name = ev.display(&worst.participant);
        let observation = Text {
            zh: format!(
                "“{}”：{}（如 {}：{ex_zh}）",
                step.title.zh,
                zh_parts.join("，"),
                name.zh
            ),
            en: format!(
                "\"{}\": {} (e.g. {}: {ex_en})",
                step.title.en,
                en_parts.join(", "),
                name.en
            ),
        };
        // A time target the building cannot meet is the plan's to revise, not the people's.
        let unreachable = match (&step.requires, step.deadline_s, evac) {
            (Requirement::AllReach(_), Some(d), Some(e)) => e.capacity_s.filter(|c| *c > d),
            _ => None,
        };
        let moving = matches!(
            step.requires,
            Requirement::Reach(_) | Requirement::AllReach(_)
        );
        let (recommendation, aim) = if let (Some(c), Some(d)) = (unreachable, step.deadline_s) {
            (
                Text {
                    zh: format!(
                        "预案目标{d:.0}秒在本建筑内不可实现：按楼梯和出口通行能力，人员至少需要{c:.0}秒撤出。修订疏散目标或路线分配，或增加疏散通道。"
                    ),
                    en: format!(
                        "The plan's {d:.0} s target cannot be met in this building: its stairs and exits need at least {c:.0} s for these people. Revise the target or the route assignment, or add exit capacity."
                    ),
                },
                Aim::Plan,
            )
        } else if let (false, Some(q)) = (failed, queued.filter(|_| moving)) {
            // Late arrivals behind a queue: the route, not the people's pace, is what to fix.
            (
                Text {
                    zh: format!(
                        "超时主要由 {} 处排队造成（见瓶颈问题）：先修订疏散路线分配，再以演练检验。",
                        q.id
                    ),
                    en: format!(
                        "The lateness follows the queue at {} (see the bottleneck finding): revise the route assignment first, then drill it again.",
                        q.id
                    ),
                },
                Aim::Plan,
            )
        } else if violated {
            (
                Text {
                    zh: format!(
                        "针对“{}”的禁止行为开展专项培训，并在下次演练中重点观察。",
                        step.title.zh
                    ),
                    en: format!(
                        "Train specifically against what \"{}\" forbids, and watch for it in the next drill.",
                        step.title.en
                    ),
                },
                Aim::Training,
            )
        } else {
            (
                Text {
                    zh: format!(
                        "加强“{}”的培训和演练{}。",
                        step.title.zh,
                        if failed {
                            "，确保每名责任人掌握"
                        } else {
                            "，缩短响应时间"
                        }
                    ),
                    en: format!(
                        "Practise \"{}\" {}.",
                        step.title.en,
                        if failed {
                            "until everyone responsible can do it"
                        } else {
                            "to do it within the time the plan sets"
                        }
                    ),
                },
                Aim::Training,
            )
        };
        out.push(Finding {
            severity,
            task: step.id.clone(),
            who,
            observation,
            recommendation,
            aim,
        });
    }
    if let Some(f) = evac.and_then(|e| queue_finding(e, plan)) {
        out.push(f);
    }
    out.sort_by_key(|f| f.severity);
    out
}
