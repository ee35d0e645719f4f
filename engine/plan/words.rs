//! The plan's words in both languages: its destinations, prohibitions, and what starts a step,
//! what it requires and who answers for it, as reports and the HUD say them.

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
    Prohibition::ReturnBeforeAllClear => "解除前返回", "returning before the all-clear";
    Prohibition::DirectAttackOnHead => "正面扑打火头", "attacking the head directly";
    Prohibition::AttackAtNight => "夜间扑救", "attacking at night";
    Prohibition::AttackInHighWind => "大风中扑救", "attacking in high wind";
    Prohibition::AttackOnSteepTerrain => "陡坡扑救", "attacking on steep terrain";
    Prohibition::AttackUnscouted => "未侦察扑救", "attacking unscouted";
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
