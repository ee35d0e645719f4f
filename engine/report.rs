//! The after-action report's data (`report.json`): the evaluation of a journal against a plan,
//! the findings with their recommendations, and the evacuation curve. A stable contract for
//! tools; see docs/report.md.

pub mod html;

use crate::journal::Verified;
use crate::journal::events::SimEvent;
use crate::plan::evaluate::{Band, Evaluation, Outcome, Rating, evaluate};
use crate::plan::{Plan, Requirement};
use crate::scenario::schema::Text;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The version of this contract; bumped on any incompatible change.
pub const REPORT_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub report_version: u32,
    pub scenario: String,
    pub plan: String,
    /// `None` for a double-blind drill whose journal ended before the reveal.
    pub seed: Option<u64>,
    pub engine_version: String,
    pub score: f64,
    pub band: Band,
    /// The worst objective rating (HSEEP P/S/M/U).
    pub rating: Option<Rating>,
    pub objectives: Vec<crate::plan::evaluate::ObjectiveResult>,
    pub tasks: Vec<crate::plan::evaluate::TaskResult>,
    pub findings: Vec<Finding>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evacuation: Option<Evacuation>,
    /// The journal ended before the drill did (a crash or a stopped run).
    pub partial: bool,
}

/// AQ/T 9009 finding classes: 不足项 (life-safety deficiency), 整改项 (must be corrected),
/// 改进项 (could be improved).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum FindingSeverity {
    Deficiency,
    Correction,
    Improvement,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Aim {
    Plan,
    Training,
    Site,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub severity: FindingSeverity,
    pub task: String,
    /// Who fell short (participant ids).
    pub who: Vec<String>,
    pub observation: Text,
    pub recommendation: Text,
    pub aim: Aim,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evacuation {
    /// From the evacuation signal (or the first person moving) to the last out of the building.
    pub total_s: f64,
    /// [drill seconds, people out of the building so far], at each change.
    pub curve: Vec<(f64, u32)>,
    pub exits: BTreeMap<String, u32>,
    /// The flow-limited least time of the building's stairs and exits, when recorded.
    pub capacity_s: Option<f64>,
    /// How the stairs or exits that bound that time were used: where the queues were.
    #[serde(default)]
    pub bottlenecks: Vec<Bottleneck>,
    /// `total_s` counts from the evacuation signal (not from the first person moving).
    #[serde(skip)]
    pub from_signal: bool,
}

/// A stair flight or exit of the building's flow bound, as the drill used it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bottleneck {
    pub id: String,
    pub people: u32,
    pub first_s: f64,
    pub last_s: f64,
    /// The most people through in one [`BIN_S`] bin, per second.
    pub peak_pps: f64,
    /// Time spent at 80 % of that peak or more: running at capacity with a queue behind.
    pub saturated_s: f64,
}

/// Bins of this length (drill seconds from 0) measure flows through bottlenecks.
pub const BIN_S: f64 = 10.0;
/// A bottleneck this long at capacity is a queue worth a finding.
const QUEUE_FINDING_S: f64 = 60.0;

/// The events of a verified journal, typed; unknown kinds (a newer engine) are skipped.
pub fn events_of(v: &Verified) -> Vec<(u64, SimEvent)> {
    v.entries
        .iter()
        .filter_map(|e| {
            serde_json::from_value(e.event.clone())
                .ok()
                .map(|ev| (e.tick, ev))
        })
        .collect()
}

/// Build the report of a journal against a plan.
pub fn build(v: &Verified, plan: &Plan) -> Report {
    let events = events_of(v);
    let ev = evaluate(&events, plan);
    let evacuation = evacuation(&events, v.header.tick_hz);
    let findings = findings(&ev, plan, evacuation.as_ref());
    let partial = !events
        .iter()
        .any(|(_, e)| matches!(e, SimEvent::DrillEnded { .. }));
    let seed = v.header.seed.or_else(|| {
        events.iter().find_map(|(_, e)| {
            let SimEvent::Revealed { seed, .. } = e else {
                return None;
            };
            Some(*seed)
        })
    });
    Report {
        report_version: REPORT_VERSION,
        scenario: v.header.scenario_id.clone(),
        plan: plan.id.clone(),
        seed,
        engine_version: v.header.engine_version.clone(),
        score: ev.score,
        band: ev.band,
        rating: ev.rating,
        objectives: ev.objectives,
        tasks: ev.tasks,
        findings,
        evacuation,
        partial,
    }
}

/// The evacuation of the events' building, if anyone left one.
pub fn evacuation(events: &[(u64, SimEvent)], tick_hz: u32) -> Option<Evacuation> {
    let secs = |t: u64| t as f64 / f64::from(tick_hz.max(1));
    let mut signal = None;
    let mut first_move = None;
    let mut curve = Vec::new();
    let mut exits: BTreeMap<String, u32> = BTreeMap::new();
    let mut capacity_s = None;
    let mut through: Vec<String> = Vec::new();
    let mut passages: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    let mut out = 0;
    for (t, e) in events {
        match e {
            SimEvent::Action {
                action:
                    crate::journal::events::ActionName::Plan(crate::plan::Action::SignalEvacuation),
                ..
            } => {
                signal.get_or_insert(*t);
            }
            SimEvent::StartedMoving { .. } => {
                first_move.get_or_insert(*t);
            }
            SimEvent::EnteredStair {
                stair, down: true, ..
            } => passages.entry(stair).or_default().push(secs(*t)),
            SimEvent::LeftBuilding { exit, .. } => {
                passages.entry(exit).or_default().push(secs(*t));
                out += 1;
                *exits.entry(exit.clone()).or_default() += 1;
                curve.push((secs(*t), out));
            }
            SimEvent::EvacuationCapacity {
                minimum_s,
                through: ids,
                ..
            } => {
                capacity_s = Some(*minimum_s);
                through.clone_from(ids);
            }
            SimEvent::EnteredStair { .. }
            | SimEvent::Action { .. }
            | SimEvent::DrillStarted { .. }
            | SimEvent::PhaseChanged { .. }
            | SimEvent::Hazard { .. }
            | SimEvent::Aftershock { .. }
            | SimEvent::GroundMotion { .. }
            | SimEvent::WarningIssued { .. }
            | SimEvent::InjectFired { .. }
            | SimEvent::Blocked { .. }
            | SimEvent::Cleared { .. }
            | SimEvent::NotSimulated { .. }
            | SimEvent::HeadCount { .. }
            | SimEvent::Report { .. }
            | SimEvent::PassedDoor { .. }
            | SimEvent::TookLift { .. }
            | SimEvent::Arrived { .. }
            | SimEvent::StayedBehind { .. }
            | SimEvent::Injured { .. }
            | SimEvent::Fell { .. }
            | SimEvent::Panicked { .. }
            | SimEvent::TookPosture { .. }
            | SimEvent::Postures { .. }
            | SimEvent::ContentsDamage { .. }
            | SimEvent::Stranded { .. }
            | SimEvent::DrillEnded { .. }
            | SimEvent::Revealed { .. } => {}
        }
    }
    let from = signal.or(first_move)?;
    let last = curve.last()?.0;
    // One point per tick is enough for a curve.
    curve.dedup_by(|b, a| {
        a.0 == b.0 && {
            a.1 = b.1;
            true
        }
    });
    let bottlenecks = through
        .iter()
        .filter_map(|id| {
            let times = passages.get(id.as_str())?;
            let mut bins: BTreeMap<u64, u32> = BTreeMap::new();
            for t in times {
                *bins.entry((t / BIN_S) as u64).or_default() += 1;
            }
            let peak = bins.values().copied().max()?;
            let busy = bins
                .values()
                .filter(|&&n| f64::from(n) >= 0.8 * f64::from(peak));
            Some(Bottleneck {
                id: id.clone(),
                people: times.len() as u32,
                first_s: times[0],
                last_s: times[times.len() - 1],
                peak_pps: f64::from(peak) / BIN_S,
                saturated_s: busy.count() as f64 * BIN_S,
            })
        })
        .collect();
    Some(Evacuation {
        total_s: ((last - secs(from)) * 10.0).round() / 10.0,
        curve,
        exits,
        capacity_s,
        bottlenecks,
        from_signal: signal.is_some(),
    })
}

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

fn findings(ev: &Evaluation, plan: &Plan, evac: Option<&Evacuation>) -> Vec<Finding> {
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
        let severity = match (failed, step.life_safety) {
            (true, true) => FindingSeverity::Deficiency,
            (true, false) => FindingSeverity::Correction,
            (false, _) => FindingSeverity::Improvement,
        };
        let who: Vec<String> = short.iter().map(|t| t.participant.clone()).collect();
        // The worst first: its evidence is the example.
        let worst = short
            .iter()
            .find(|t| t.outcome == Outcome::Violated)
            .or_else(|| short.iter().find(|t| t.outcome == Outcome::NotMet))
            .unwrap_or(&short[0]);
        let (ex_zh, ex_en) = worst
            .evidence
            .last()
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
        let observation = Text {
            zh: format!(
                "“{}”：{}（如 {}：{ex_zh}）",
                step.title.zh,
                zh_parts.join("，"),
                worst.participant
            ),
            en: format!(
                "\"{}\": {} (e.g. {}: {ex_en})",
                step.title.en,
                en_parts.join(", "),
                worst.participant
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

/// Score a journal against a plan and write report.json and report.html into `dir`.
pub fn write_files(
    verified: &crate::journal::Verified,
    plan: &Plan,
    scenario: Option<&crate::scenario::schema::Scenario>,
    (lang, date): (crate::words::Lang, Option<String>),
    dir: &std::path::Path,
) -> Result<Report, String> {
    let r = build(verified, plan);
    let json = serde_json::to_string_pretty(&r).map_err(|e| e.to_string())?;
    let page = html::render(&html::Inputs {
        journal: verified,
        report: &r,
        plan,
        scenario,
        date,
        lang,
    });
    for (name, text) in [("report.json", json), ("report.html", page)] {
        let path = dir.join(name);
        std::fs::create_dir_all(dir)
            .and_then(|()| std::fs::write(&path, text))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(r)
}

/// The day a file was last written (UTC, YYYY-MM-DD): the day of the drill for its journal.
pub fn file_date(path: &std::path::Path) -> Option<String> {
    let t = std::fs::metadata(path).ok()?.modified().ok()?;
    let days = t.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs() / 86_400;
    Some(civil_date(days as i64))
}

/// Days since 1970-01-01 to a Gregorian date (Howard Hinnant's `civil_from_days`).
pub fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

// Names in both languages.
use crate::words::{Words, words};

words!(FindingSeverity {
    FindingSeverity::Deficiency => "不足项", "deficiency";
    FindingSeverity::Correction => "整改项", "correction";
    FindingSeverity::Improvement => "改进项", "improvement";
});

words!(Aim {
    Aim::Plan => "预案", "plan";
    Aim::Training => "培训", "training";
    Aim::Site => "场所", "site";
});
