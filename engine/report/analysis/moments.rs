//! The timeline's key moments: hazard and phases, injects with what the controllers expected,
//! the key actions summed per kind, and the consequences (blockages, injuries, lift rides, the
//! evacuation's first, 50 %, 90 % and last person out).

use super::seconds;
use crate::journal::events::{ActionName, Harm, SimEvent};
use crate::report::Evacuation;
use crate::scenario::schema::{Effect, Scenario, Text};
use crate::scenario::words::site_ref;
use crate::words::{Words, clock, text};
use std::collections::BTreeMap;

/// The timeline's lanes, top to bottom.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Lane {
    /// Hazard milestones, phases, warnings, the drill's end.
    Hazard,
    Inject,
    KeyAction,
    Consequence,
}

impl Lane {
    pub const ALL: [Lane; 4] = [
        Lane::Hazard,
        Lane::Inject,
        Lane::KeyAction,
        Lane::Consequence,
    ];
}

/// One line of the timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct Moment {
    pub t_s: f64,
    pub lane: Lane,
    pub what: Text,
    /// What the controllers expected of the players (an inject's MSEL entry).
    pub expected: Option<Text>,
}

/// The key moments of a drill in time order (by lane where simultaneous). The scenario, when at
/// hand, gives each inject its MSEL entry; the evacuation gives the people-out marks.
pub fn moments(
    events: &[(u64, SimEvent)],
    tick_hz: u32,
    scenario: Option<&Scenario>,
    evacuation: Option<&Evacuation>,
) -> Vec<Moment> {
    let secs = |t: u64| seconds(t, tick_hz);
    let mut out = Vec::new();
    let mut push = |t: u64, lane: Lane, what: Text| {
        out.push(Moment {
            t_s: secs(t),
            lane,
            what,
            expected: None,
        })
    };
    let mut injects = Vec::new();
    // Lift rides per person: first, last, how many.
    let mut lifts: BTreeMap<&str, (u64, u64, u32, &str)> = BTreeMap::new();
    // Actions are summed per kind: first, last, how many did it.
    let mut actions: BTreeMap<String, (u64, u64, Vec<String>, Text)> = BTreeMap::new();
    let mut first_hurt = None;
    // Participants by the name the trainer gave them (their id where the journal has none).
    let names: BTreeMap<&str, Text> = events
        .iter()
        .find_map(|(_, e)| match e {
            SimEvent::DrillStarted { participants, .. } => Some(participants),
            _ => None,
        })
        .into_iter()
        .flatten()
        .filter_map(|p| Some((p.id.as_str(), p.name.clone()?)))
        .collect();
    let named = |id: &str| names.get(id).cloned().unwrap_or_else(|| text(id, id));
    for (t, e) in events {
        let t = *t;
        match e {
            SimEvent::PhaseChanged { phase } => {
                let (zh, en) = phase.words();
                push(
                    t,
                    Lane::Hazard,
                    Text {
                        zh: format!("阶段：{zh}"),
                        en: format!("Phase: {en}"),
                    },
                );
            }
            SimEvent::Hazard { event } => push(t, Lane::Hazard, event.text()),
            SimEvent::GroundMotion {
                intensity,
                pga_mps2,
                ..
            } => push(
                t,
                Lane::Hazard,
                Text {
                    zh: format!("地震动：烈度 {intensity:?}，PGA {pga_mps2:.2} m/s²"),
                    en: format!("Ground motion: intensity {intensity:?}, PGA {pga_mps2:.2} m/s²"),
                },
            ),
            SimEvent::Aftershock {
                intensity,
                duration_s,
            } => push(
                t,
                Lane::Hazard,
                Text {
                    zh: format!("余震：烈度 {intensity:?}，{duration_s:.0} 秒"),
                    en: format!("Aftershock: intensity {intensity:?}, {duration_s:.0} s"),
                },
            ),
            SimEvent::WarningIssued { level, by, .. } => {
                let (zh, en) = level.words();
                push(
                    t,
                    Lane::Hazard,
                    Text {
                        zh: format!(
                            "发布{zh}{}",
                            by.as_deref().map_or(String::new(), |b| format!("（{b}）"))
                        ),
                        en: format!(
                            "{en} issued{}",
                            by.as_deref().map_or(String::new(), |b| format!(" by {b}"))
                        ),
                    },
                );
            }
            SimEvent::InjectFired {
                number,
                effect,
                message,
                ..
            } => {
                let msel = scenario.and_then(|s| s.injects.iter().find(|x| x.number == *number));
                let does = msel.map_or_else(
                    || {
                        let name = format!("{effect:?}");
                        text(&name, &name)
                    },
                    |x| crate::scenario::words::effect(&x.effect),
                );
                let what = match (message, msel.map(|x| &x.effect)) {
                    (Some(m), Some(Effect::Message)) => m.clone(),
                    (Some(m), _) => Text {
                        zh: format!("{}（{}）", m.zh, does.zh),
                        en: format!("{} ({})", m.en, does.en),
                    },
                    (None, _) => does,
                };
                injects.push(Moment {
                    t_s: secs(t),
                    lane: Lane::Inject,
                    what: Text {
                        zh: format!("注入 #{number}：{}", what.zh),
                        en: format!("Inject #{number}: {}", what.en),
                    },
                    expected: msel.and_then(|x| x.expected_action.clone()),
                });
            }
            SimEvent::Blocked { what, by } => push(
                t,
                Lane::Consequence,
                Text {
                    zh: format!(
                        "{} 被阻断{}",
                        site_ref(what),
                        by.as_deref().map_or(String::new(), |b| format!("（{b}）"))
                    ),
                    en: format!(
                        "{} blocked{}",
                        site_ref(what),
                        by.as_deref().map_or(String::new(), |b| format!(" by {b}"))
                    ),
                },
            ),
            SimEvent::Cleared { what, by } => {
                let by = by.as_deref().map(named);
                push(
                    t,
                    Lane::Consequence,
                    Text {
                        zh: format!(
                            "{} 恢复通行{}",
                            site_ref(what),
                            by.as_ref()
                                .map_or(String::new(), |b| format!("（{} 强行打开）", b.zh))
                        ),
                        en: format!(
                            "{} cleared{}",
                            site_ref(what),
                            by.as_ref()
                                .map_or(String::new(), |b| format!(" (forced open by {})", b.en))
                        ),
                    },
                )
            }
            // A sweep that found someone is what the count hangs on.
            SimEvent::Swept {
                participant,
                spaces,
                found,
            } if !found.is_empty() => {
                let who = named(participant);
                push(
                    t,
                    Lane::Consequence,
                    Text {
                        zh: format!(
                            "{} 清查 {}，找到 {} 人：{}",
                            who.zh,
                            spaces.join("、"),
                            found.len(),
                            found.join("、")
                        ),
                        en: format!(
                            "{} swept {} and found {}: {}",
                            who.en,
                            spaces.join(", "),
                            found.len(),
                            found.join(", ")
                        ),
                    },
                )
            }
            SimEvent::Swept { .. }
            | SimEvent::LedByHand { .. }
            | SimEvent::FireStarted { .. }
            | SimEvent::FireReached { .. }
            | SimEvent::FireGrowth { .. }
            | SimEvent::WaterReached { .. }
            | SimEvent::HouseCutOff { .. }
            | SimEvent::FloodGrowth { .. }
            | SimEvent::RoadFlooded { .. }
            | SimEvent::InWater { .. }
            | SimEvent::WindChanged { .. }
            | SimEvent::Scouted { .. }
            | SimEvent::LookoutPosted { .. }
            | SimEvent::LineAnchored { .. }
            | SimEvent::AttackBegun { .. }
            | SimEvent::FirelineBuilt { .. }
            | SimEvent::LcesChecked { .. }
            | SimEvent::FireAtFuelBreak { .. }
            | SimEvent::SmokeReached { .. }
            | SimEvent::Escaping { .. } => {}
            SimEvent::Action {
                participant,
                action,
                ..
            } => {
                let key_action = matches!(
                    action,
                    ActionName::Plan(_) | ActionName::UseLift | ActionName::GoBack
                );
                if key_action {
                    let e = actions
                        .entry(String::from(*action))
                        .or_insert_with(|| (t, t, Vec::new(), action.text()));
                    e.1 = t;
                    if !e.2.contains(participant) {
                        e.2.push(participant.clone());
                    }
                }
            }
            SimEvent::TookLift { who, lift } => {
                let e = lifts.entry(who).or_insert((t, t, 0, lift));
                e.1 = t;
                e.2 += 1;
            }
            SimEvent::Injured {
                who,
                cause,
                severity: Some(Harm::Serious),
                ..
            } => push(
                t,
                Lane::Consequence,
                Text {
                    zh: format!("{who} 重伤（{cause}），无法自行撤离"),
                    en: format!("{who} seriously hurt ({cause}), cannot walk out"),
                },
            ),
            SimEvent::Injured {
                who,
                cause,
                severity: Some(Harm::Fatal),
                ..
            } => push(
                t,
                Lane::Consequence,
                Text {
                    zh: format!("{who} 死亡（{cause}）"),
                    en: format!("{who} killed ({cause})"),
                },
            ),
            SimEvent::Injured { .. } => {
                first_hurt.get_or_insert(t);
            }
            SimEvent::ContentsDamage {
                shifted,
                toppled,
                lights_fallen,
                windows_broken,
            } => push(
                t,
                Lane::Consequence,
                Text {
                    zh: format!(
                        "室内物品：{shifted} 件移位，{toppled} 件倾倒，{lights_fallen} 盏灯具坠落，{windows_broken} 块玻璃破碎"
                    ),
                    en: format!(
                        "Contents: {shifted} shifted, {toppled} toppled, {lights_fallen} lights fell, {windows_broken} panes broke"
                    ),
                },
            ),
            SimEvent::DrillEnded {
                accounted_for,
                people,
                ..
            } => push(
                t,
                Lane::Hazard,
                Text {
                    zh: format!("演练结束：{accounted_for}/{people} 人已清点"),
                    en: format!("Drill ends: {accounted_for} of {people} accounted for"),
                },
            ),
            SimEvent::DrillStarted { .. }
            | SimEvent::EvacuationCapacity { .. }
            | SimEvent::NotSimulated { .. }
            | SimEvent::HeadCount { .. }
            | SimEvent::Report { .. }
            | SimEvent::StartedMoving { .. }
            | SimEvent::PassedDoor { .. }
            | SimEvent::EnteredStair { .. }
            | SimEvent::LeftBuilding { .. }
            | SimEvent::Arrived { .. }
            | SimEvent::StayedBehind { .. }
            | SimEvent::Fell { .. }
            | SimEvent::Woke { .. }
            | SimEvent::Panicked { .. }
            | SimEvent::TookPosture { .. }
            | SimEvent::Postures { .. }
            | SimEvent::Stranded { .. }
            | SimEvent::Revealed { .. } => {}
        }
    }
    out.extend(injects);
    if let Some(t) = first_hurt {
        out.push(Moment {
            t_s: secs(t),
            lane: Lane::Consequence,
            what: text(
                "首人受伤（轻伤或中度伤）",
                "First person hurt (minor or moderate)",
            ),
            expected: None,
        });
    }
    for (who, (first, last, n, lift)) in lifts {
        let who = named(who);
        out.push(Moment {
            t_s: secs(first),
            lane: Lane::Consequence,
            what: Text {
                zh: format!(
                    "{} 乘坐电梯 {lift}（{n} 次，至 {}）",
                    who.zh,
                    clock(secs(last))
                ),
                en: format!(
                    "{} took lift {lift} ({n} rides, until {})",
                    who.en,
                    clock(secs(last))
                ),
            },
            expected: None,
        });
    }
    for (first, last, who, name) in actions.into_values() {
        let n = who.len();
        let what = if n == 1 {
            let one = named(&who[0]);
            Text {
                zh: format!("{}：{}", one.zh, name.zh),
                en: format!("{}: {}", one.en, name.en),
            }
        } else {
            Text {
                zh: format!("{}：{n} 人（至 {}）", name.zh, clock(secs(last))),
                en: format!(
                    "{}: {n} participants (until {})",
                    name.en,
                    clock(secs(last))
                ),
            }
        };
        out.push(Moment {
            t_s: secs(first),
            lane: Lane::KeyAction,
            what,
            expected: None,
        });
    }
    if let Some(e) = evacuation {
        let total = e.curve.last().map_or(0, |c| c.1);
        let mut marks = vec![(1, text("首人撤出建筑", "First person out of the building"))];
        for (pct, zh, en) in [
            (50, "50% 人员撤出", "50% out"),
            (90, "90% 人员撤出", "90% out"),
        ] {
            marks.push(((total * pct).div_ceil(100).max(1), text(zh, en)));
        }
        marks.push((
            total,
            text("最后一人撤出建筑", "Last person out of the building"),
        ));
        for (n, what) in marks {
            if let Some(&(t, _)) = e.curve.iter().find(|c| c.1 >= n) {
                out.push(Moment {
                    t_s: t,
                    lane: Lane::KeyAction,
                    what,
                    expected: None,
                });
            }
        }
    }
    out.sort_by(|a, b| a.t_s.total_cmp(&b.t_s).then(a.lane.cmp(&b.lane)));
    out
}
