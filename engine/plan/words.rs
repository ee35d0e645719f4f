//! The plan's words in both languages: its destinations, prohibitions, and what starts a step,
//! what it requires and who answers for it, as reports and the HUD say them; and the
//! evaluation's: outcomes, ratings, bands and the evidence behind each judgement.

use super::evaluate::{Band, EvidenceFact, Outcome, Rating};
use super::{Destination, Plan, Prohibition, Requirement, Responsible, StepStart};
use crate::drill::Text;
use crate::words::{Words, join, text, words};

words!(Destination {
    Destination::OutOfBuilding => "建筑外", "out of the building";
    Destination::AssemblyArea => "集合点", "the assembly area";
    Destination::Shelter => "避难场所", "a shelter";
    Destination::SafetyZone => "安全区", "a safety zone";
    Destination::HighGround => "高地", "high ground";
});

words!(Prohibition {
    Prohibition::UseLift => "乘电梯", "using the lift";
    Prohibition::GoBack => "返回", "going back";
    Prohibition::RunDuringShaking => "震时跑动", "running during the shaking";
    Prohibition::StandInDoorway => "站在门口", "standing in a doorway";
    Prohibition::JumpFromHeight => "跳楼", "jumping from a height";
    Prohibition::CrossMovingWater => "涉水通过流水", "crossing moving water";
    Prohibition::DriveThroughWater => "驾车涉水", "driving through water";
    Prohibition::CaughtByWater => "水到人未转移", "people still there when the water comes";
    Prohibition::OthersBeforeVulnerable => "未先转移危险户", "moving others before the vulnerable";
    Prohibition::ReturnBeforeAllClear => "解除前返回", "returning before the all-clear";
    Prohibition::DirectAttackOnHead => "正面扑打火头", "attacking the head directly";
    Prohibition::AttackAtNight => "夜间扑救", "attacking at night";
    Prohibition::AttackInHighWind => "大风中扑救", "attacking in high wind";
    Prohibition::AttackOnSteepTerrain => "陡坡扑救", "attacking on steep terrain";
    Prohibition::AttackUnscouted => "未侦察扑救", "attacking unscouted";
    Prohibition::AttackWithoutLces => "未落实LCES扑救", "attacking without LCES";
    Prohibition::UntrainedAttack => "未经训练扑救", "attacking untrained";
    Prohibition::EscapeDownwind => "顺风逃生", "escaping downwind";
    Prohibition::EscapeUphill => "向山上逃生", "escaping uphill";
});

/// What starts a plan step, in words.
pub fn step_start(s: &StepStart, plan: &Plan) -> Text {
    match s {
        StepStart::Phase(p) => {
            let (zh, en) = p.words();
            Text {
                zh: format!("进入{zh}阶段"),
                en: format!("the {en} phase"),
            }
        }
        StepStart::Step(id) => match plan.steps.iter().find(|x| &x.id == id) {
            Some(x) => Text {
                zh: format!("“{}”完成后", x.title.zh),
                en: format!("\"{}\" done", x.title.en),
            },
            None => Text {
                zh: format!("步骤 {id} 完成后"),
                en: format!("step {id} done"),
            },
        },
        StepStart::Inject(n) => Text {
            zh: format!("注入 #{n}"),
            en: format!("inject #{n}"),
        },
        StepStart::Hazard(h) => h.text(),
        StepStart::Warning(l) => {
            let (zh, en) = l.words();
            Text {
                zh: format!("发布{zh}"),
                en: format!("a {en}"),
            }
        }
        StepStart::AnyOf(v) => {
            let parts: Vec<Text> = v.iter().map(|x| step_start(x, plan)).collect();
            join(&parts, "或", " or ")
        }
    }
}

/// What a plan step requires, in words.
pub fn requirement(r: &Requirement) -> Text {
    match r {
        Requirement::Act(a) => a.text(),
        Requirement::Hold { action, duration_s } => {
            let (zh, en) = action.words();
            Text {
                zh: format!("{zh}并保持 {duration_s:.0} 秒"),
                en: format!("{en} and hold it {duration_s:.0} s"),
            }
        }
        Requirement::Reach(d) => {
            let (zh, en) = d.words();
            Text {
                zh: format!("到达{zh}"),
                en: format!("reach {en}"),
            }
        }
        Requirement::AllReach(d) => {
            let (zh, en) = d.words();
            Text {
                zh: format!("所负责人员全部到达{zh}"),
                en: format!("everyone in their charge reaches {en}"),
            }
        }
        Requirement::ReportCount => text("准确报告人数", "report a correct count"),
    }
}

/// Who a plan step applies to, in words.
pub fn responsible(r: &Responsible, plan: &Plan) -> Text {
    match r {
        Responsible::Everyone => text("全体人员", "everyone"),
        Responsible::Occupants => text("全体在场人员", "all occupants"),
        Responsible::Role(id) => plan
            .roles
            .iter()
            .find(|x| &x.id == id)
            .map_or_else(|| text(id, id), |x| x.name.clone()),
    }
}

// The evaluation's words.

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

impl EvidenceFact {
    /// What the journal shows, as reports, the debrief and the hall say it.
    pub fn text(&self) -> Text {
        match self {
            EvidenceFact::InCover => text("已就地避险", "in cover"),
            EvidenceFact::Did(a) => a.text(),
            EvidenceFact::HeldCover { duration_s } => Text {
                zh: format!("自步骤开始持续避险 {duration_s} 秒"),
                en: format!("cover held {duration_s} s from the start"),
            },
            EvidenceFact::LeftBuilding => text("已撤出建筑", "out of the building"),
            EvidenceFact::AlreadyAt { place } => {
                let (zh, en) = place.map_or(("建筑外", "outside"), |k| k.words());
                Text {
                    zh: format!("已在{zh}"),
                    en: format!("at {en}"),
                }
            }
            EvidenceFact::Arrived { place } => {
                let (zh, en) = place.map_or(("建筑外", "outside"), |k| k.words());
                Text {
                    zh: format!("到达{zh}"),
                    en: format!("arrived at {en}"),
                }
            }
            EvidenceFact::Excused { people } => Text {
                zh: format!("{people} 人不计入：滞留、被困或重伤"),
                en: format!(
                    "{people} excused: out of play (stayed behind, cut off or seriously hurt)"
                ),
            },
            EvidenceFact::AllReached {
                destination,
                people,
            } => {
                let (zh, en) = reached(*destination);
                Text {
                    zh: format!("全部 {people} 人{zh}"),
                    en: format!("all {people} in their charge {en}"),
                }
            }
            EvidenceFact::SomeReached {
                destination,
                reached: n,
                of,
            } => {
                let (zh, en) = reached(*destination);
                Text {
                    zh: format!("{of} 人中仅 {n} 人{zh}"),
                    en: format!("only {n} of the {of} in their charge {en}"),
                }
            }
            EvidenceFact::CountCorrect { present, expected } => Text {
                zh: format!("报告应到 {expected} 人、实到 {present} 人，正确"),
                en: format!("reported {present} of {expected}, correct"),
            },
            EvidenceFact::CountWrong {
                reported_present: rp,
                reported_expected: re,
                true_present: tp,
                true_expected: te,
            } => Text {
                zh: format!("报告应到 {re} 人、实到 {rp} 人，实际应到 {te} 人、实到 {tp} 人"),
                en: format!("reported {rp} of {re}, but {tp} of {te} were present"),
            },
            EvidenceFact::CountEarly {
                reported_present: rp,
                reported_expected: re,
                on_the_way,
            } => Text {
                zh: format!(
                    "报告应到 {re} 人、实到 {rp} 人，但班级尚未到齐：还有 {on_the_way} 人在途中"
                ),
                en: format!(
                    "reported {rp} of {re} before the class was in: {on_the_way} still on their way"
                ),
            },
            EvidenceFact::Swept { spaces, found } => Text {
                zh: if *found > 0 {
                    format!("清查 {spaces} 个房间（均在最后一人离开后），找到 {found} 人")
                } else {
                    format!("清查 {spaces} 个房间（均在最后一人离开后），无人滞留")
                },
                en: if *found > 0 {
                    format!(
                        "swept {spaces} room(s), each after the last one left, and found {found}"
                    )
                } else {
                    format!(
                        "swept {spaces} room(s), each after the last one left: nobody left behind"
                    )
                },
            },
            EvidenceFact::SweptAfterCount { after_s } => Text {
                zh: format!("清查在本班人数报告之后 {after_s:.0} 秒才完成"),
                en: format!(
                    "the sweep ended {after_s:.0} s after the class's count had been reported"
                ),
            },
            EvidenceFact::NotSeen => text(
                "步骤开始后日志中未见完成",
                "not seen in the journal after the step started",
            ),
            EvidenceFact::Violated(p) => {
                let (zh, en) = breach(*p);
                text(zh, en)
            }
            EvidenceFact::ViolatedOver {
                prohibition,
                until_s,
                duration_s,
            } => {
                let (zh, en) = breach(*prohibition);
                let until = crate::words::clock(*until_s);
                Text {
                    zh: format!("{zh}，直到 {until}（{duration_s:.1} 秒）"),
                    en: format!("{en}, until {until} ({duration_s:.1} s)"),
                }
            }
            EvidenceFact::ViolatedBecause { prohibition, why } => {
                let (zh, en) = breach(*prohibition);
                Text {
                    zh: format!("{zh}：{}", why.zh),
                    en: format!("{en}: {}", why.en),
                }
            }
            EvidenceFact::FellShort { action, why } => {
                let (zh, en) = action.words();
                Text {
                    zh: format!("{zh}未达要求：{}", why.zh),
                    en: format!("{en}, short of what it asks: {}", why.en),
                }
            }
            EvidenceFact::WaitedForWind {
                wind_mps,
                limit_mps,
            } => Text {
                zh: format!(
                    "气象不利先等待：风速始终不低于 {wind_mps:.1} 米/秒，达到预案的大风界限 {limit_mps:.1} 米/秒，未扑打"
                ),
                en: format!(
                    "waited, as 气象不利先等待 asks: the wind never fell below {wind_mps:.1} m/s, at or above the plan's high wind of {limit_mps:.1} m/s"
                ),
            },
            EvidenceFact::WaterMargin {
                house,
                margin_s: Some(m),
                ..
            } => Text {
                zh: format!(
                    "{house}户：人员全部到达安置点后 {} 水才淹到房屋（AIDR H3）",
                    minutes_zh(*m)
                ),
                en: format!(
                    "{house}: everyone was at a refuge {} before the water cut the house off (AIDR H3)",
                    minutes_en(*m)
                ),
            },
            EvidenceFact::WaterMargin {
                house,
                margin_s: None,
                left,
            } => Text {
                zh: format!("{house}户：水淹到房屋（AIDR H3）时仍有 {left} 人未到达安置点"),
                en: format!(
                    "{house}: {left} still not at a refuge when the water cut the house off (AIDR H3)"
                ),
            },
            EvidenceFact::TooLate => text(
                "为时已晚：该步骤的时机已过",
                "too late to matter: the step's window had closed",
            ),
            EvidenceFact::Held {
                people,
                participants,
                delay_s,
            } => {
                let late = crate::words::clock(*delay_s);
                let person_s = f64::from(*people) * delay_s;
                Text {
                    zh: format!(
                        "超出时限 {late}，其间 {people} 人（{participants} 名参演人员及其所带人员）在等待，计 {person_s:.0} 人·秒"
                    ),
                    en: format!(
                        "{late} past the deadline, holding {people} people ({participants} participants and those in their charge): {person_s:.0} person-seconds"
                    ),
                }
            }
            EvidenceFact::BeforeStep { first } => Text {
                zh: format!("在预案规定的前序步骤“{}”之前完成", first.zh),
                en: format!("done before \"{}\", which the plan puts first", first.en),
            },
            EvidenceFact::Recorded(t) => t.clone(),
        }
    }
}

/// "Reached" a destination, as evidence says it.
fn reached(d: Destination) -> (String, String) {
    match d {
        Destination::OutOfBuilding => ("撤出建筑".into(), "got out of the building".into()),
        Destination::AssemblyArea
        | Destination::Shelter
        | Destination::SafetyZone
        | Destination::HighGround => {
            let (zh, en) = d.words();
            (format!("到达{zh}"), format!("reached {en}"))
        }
    }
}

/// What a participant did that a prohibition forbids, as evidence says it (the prohibition's
/// own words name the rule: "using the lift"; these the deed: "took the lift").
fn breach(p: Prohibition) -> (&'static str, &'static str) {
    match p {
        Prohibition::UseLift => ("乘坐电梯", "took the lift"),
        Prohibition::GoBack => ("返回", "went back"),
        Prohibition::ReturnBeforeAllClear => ("解除前返回", "went back before the all-clear"),
        Prohibition::RunDuringShaking => ("震时跑动", "moved during the shaking"),
        Prohibition::StandInDoorway => ("震时站在门口", "stood in a doorway during the shaking"),
        // Not judged yet (the journal cannot show them); the deed, should it be.
        Prohibition::JumpFromHeight => ("跳楼", "jumped from a height"),
        Prohibition::CrossMovingWater => ("涉水通过流水", "crossed moving water"),
        Prohibition::DriveThroughWater => ("驾车涉水", "drove through water"),
        Prohibition::CaughtByWater => ("水到时仍有人未转移", "left people in the water's way"),
        Prohibition::OthersBeforeVulnerable => {
            ("未先转移危险户", "moved others before the vulnerable")
        }
        Prohibition::DirectAttackOnHead => ("正面扑打火头", "attacked the head directly"),
        Prohibition::AttackAtNight => ("夜间扑救", "attacked at night"),
        Prohibition::AttackInHighWind => ("大风中扑救", "attacked in high wind"),
        Prohibition::AttackOnSteepTerrain => ("陡坡扑救", "attacked on steep terrain"),
        Prohibition::AttackUnscouted => ("未侦察扑救", "attacked unscouted"),
        Prohibition::AttackWithoutLces => ("未落实LCES扑救", "attacked without LCES in place"),
        Prohibition::UntrainedAttack => ("未经训练扑救", "attacked untrained"),
        Prohibition::EscapeDownwind => ("顺风逃生", "escaped downwind"),
        Prohibition::EscapeUphill => ("向山上逃生", "escaped uphill"),
    }
}

/// A span of seconds in minutes, as evidence says it.
fn minutes_zh(s: f64) -> String {
    if s < 60.0 {
        format!("{s:.0} 秒")
    } else {
        format!("{:.0} 分钟", s / 60.0)
    }
}

fn minutes_en(s: f64) -> String {
    if s < 60.0 {
        format!("{s:.0} s")
    } else {
        format!("{:.0} min", s / 60.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::events::PlaceKind;

    #[test]
    fn evidence_says_the_fact_with_its_numbers_and_places() {
        let says = |f: EvidenceFact| f.text().en;
        assert_eq!(
            says(EvidenceFact::HeldCover { duration_s: 10.0 }),
            "cover held 10 s from the start"
        );
        assert_eq!(says(EvidenceFact::AlreadyAt { place: None }), "at outside");
        assert_eq!(
            EvidenceFact::Arrived {
                place: Some(PlaceKind::AssemblyArea)
            }
            .text()
            .zh,
            "到达集合点"
        );
        assert_eq!(
            says(EvidenceFact::SomeReached {
                destination: Destination::OutOfBuilding,
                reached: 47,
                of: 48,
            }),
            "only 47 of the 48 in their charge got out of the building"
        );
        assert_eq!(
            says(EvidenceFact::Violated(Prohibition::UseLift)),
            "took the lift"
        );
        assert_eq!(
            EvidenceFact::BeforeStep {
                first: Text {
                    zh: "发出疏散信号".into(),
                    en: "Give the evacuation signal".into(),
                }
            }
            .text(),
            Text {
                zh: "在预案规定的前序步骤“发出疏散信号”之前完成".into(),
                en: "done before \"Give the evacuation signal\", which the plan puts first".into()
            }
        );
    }
}
