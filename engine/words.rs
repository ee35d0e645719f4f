//! The drill's vocabulary in both languages: what reports, the HUD and the debrief call the
//! engine's enums. One table, so a term reads the same everywhere a user meets it.

use crate::hazards::contents::Severity as Harm;
use crate::plan::evaluate::{Band, Outcome, Rating};
use crate::plan::{Action, Destination, Plan, Prohibition, Requirement, Responsible, StepStart};
use crate::report::{Aim, Severity};
use crate::scenario::schema::{
    BotPolicy, DrillKind, Effect, HazardEvent, Phase, Text, WarningLevel,
};
use crate::sim::events::{ActionName, PlaceKind, Posture};

/// Text in both languages.
pub fn text(zh: &str, en: &str) -> Text {
    Text {
        zh: zh.to_string(),
        en: en.to_string(),
    }
}

/// A name in both languages.
pub trait Words {
    fn words(&self) -> (&'static str, &'static str);
    fn text(&self) -> Text {
        let (zh, en) = self.words();
        text(zh, en)
    }
}

macro_rules! words {
    ($ty:ty { $($v:pat => $zh:literal, $en:literal;)* }) => {
        impl Words for $ty {
            fn words(&self) -> (&'static str, &'static str) {
                match self {
                    $($v => ($zh, $en),)*
                }
            }
        }
    };
}

words!(Action {
    Action::TakeCover => "就地避险", "take cover";
    Action::RaiseAlarm => "发出警报", "raise the alarm";
    Action::SignalEvacuation => "发出疏散信号", "signal the evacuation";
    Action::OpenDoor => "打开门", "open the door";
    Action::CloseDoor => "关门", "close the door";
    Action::GuideGroup => "引导队伍", "guide the group";
    Action::PostAtLanding => "楼梯平台值守", "post at the landing";
    Action::CountHeads => "清点人数", "count heads";
    Action::Report => "报告", "report";
    Action::Call119 => "拨打119", "call 119";
    Action::Call12119 => "拨打12119", "call 12119";
    Action::CallCommandPost => "联系指挥部", "call the command post";
    Action::Scout => "侦察", "scout";
    Action::PostLookout => "设置观察哨", "post a lookout";
    Action::IdentifyEscapeRoutes => "确定撤离路线", "identify escape routes";
    Action::IdentifySafetyZone => "确定安全区", "identify a safety zone";
    Action::AnchorLine => "建立锚点", "anchor the line";
    Action::Attack => "扑救", "attack the fire";
    Action::Withdraw => "撤离", "withdraw";
    Action::IssueWarning => "发布预警", "issue the warning";
    Action::DoorToDoor => "入户动员", "go door to door";
    Action::Broadcast => "广播通知", "broadcast";
    Action::MoveHousehold => "转移住户", "move a household";
    Action::Register => "登记", "register";
    Action::SwitchOffPower => "切断电源", "switch off the power";
});

impl Words for ActionName {
    fn words(&self) -> (&'static str, &'static str) {
        match self {
            ActionName::Plan(a) => a.words(),
            ActionName::StandUp => ("起身", "stand up"),
            ActionName::MoveTo => ("移动", "move"),
            ActionName::ChooseExit => ("选择出口", "choose an exit"),
            ActionName::UseLift => ("乘电梯", "use the lift"),
            ActionName::GoBack => ("返回", "go back"),
            ActionName::Walk => ("走动", "walk"),
            ActionName::Halt => ("停步", "stop"),
        }
    }
}

words!(Destination {
    Destination::OutOfBuilding => "建筑外", "out of the building";
    Destination::AssemblyArea => "集合点", "the assembly area";
    Destination::Shelter => "避难场所", "a shelter";
    Destination::SafetyZone => "安全区", "a safety zone";
    Destination::HighGround => "高地", "high ground";
});

words!(PlaceKind {
    PlaceKind::Space => "室内", "a room";
    PlaceKind::Stairwell => "楼梯间", "a stairwell";
    PlaceKind::AssemblyArea => "集合点", "the assembly area";
    PlaceKind::Shelter => "避难场所", "a shelter";
    PlaceKind::SafetyZone => "安全区", "a safety zone";
    PlaceKind::HighGround => "高地", "high ground";
    PlaceKind::House => "住房", "a house";
    PlaceKind::Place => "地点", "a place";
    PlaceKind::OpenGround => "空旷地", "open ground";
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

words!(Posture {
    Posture::Standing => "站立", "standing";
    Posture::Moving => "走动", "moving";
    Posture::UnderDesk => "桌下避险", "under a desk";
    Posture::BesideWall => "内墙边蹲下", "down beside a wall";
    Posture::Crouched => "原地蹲下护头", "crouched, head covered";
    Posture::Doorway => "站在门口", "in a doorway";
    Posture::AtWindow => "靠近窗户", "at a window";
    Posture::Down => "摔倒", "knocked down";
});

words!(HazardEvent {
    HazardEvent::EarlyWarning => "地震预警", "earthquake early warning";
    HazardEvent::ShakingStarts => "震动开始", "shaking starts";
    HazardEvent::ShakingStops => "震动停止", "shaking stops";
    HazardEvent::FireReported => "发现火情", "fire reported";
    HazardEvent::FireWithinReach => "火线逼近", "fire within reach";
    HazardEvent::WaterRising => "水位上涨", "water rising";
});

words!(Phase {
    Phase::Briefing => "演练说明", "briefing";
    Phase::NormalActivity => "正常活动", "normal activity";
    Phase::Alarm => "警报", "alarm";
    Phase::Response => "应急响应", "response";
    Phase::AllClear => "解除", "all clear";
    Phase::Debrief => "讲评", "debrief";
});

words!(WarningLevel {
    WarningLevel::Blue => "蓝色预警", "blue warning";
    WarningLevel::Yellow => "黄色预警", "yellow warning";
    WarningLevel::Orange => "橙色预警", "orange warning";
    WarningLevel::Red => "红色预警", "red warning";
});

words!(DrillKind {
    DrillKind::Earthquake => "地震应急演练", "earthquake drill";
    DrillKind::ForestFire => "森林火灾应急演练", "forest fire drill";
    DrillKind::Flood => "防汛应急演练", "flood drill";
});

words!(BotPolicy {
    BotPolicy::FollowPlan => "按预案", "follows the plan";
    BotPolicy::Panic => "惊慌", "panics";
    BotPolicy::Late => "迟缓", "late";
    BotPolicy::RuleBreaker => "违规", "breaks rules";
});

/// A place on the site as a reader finds it on the map: its id, or a point's coordinates.
pub fn site_ref(s: &crate::scenario::schema::SiteRef) -> String {
    match s {
        crate::scenario::schema::SiteRef::Point(x, y) => format!("({x:.0}, {y:.0})"),
        other => other.id().unwrap_or_default().to_string(),
    }
}

/// What an inject does, in words (its message aside).
pub fn effect(e: &Effect) -> Text {
    match e {
        Effect::Block(s) => Text {
            zh: format!("阻断 {}", site_ref(s)),
            en: format!("blocks {}", site_ref(s)),
        },
        Effect::Clear(s) => Text {
            zh: format!("恢复 {} 通行", site_ref(s)),
            en: format!("reopens {}", site_ref(s)),
        },
        Effect::Aftershock {
            intensity,
            duration_s,
        } => Text {
            zh: format!("余震，烈度 {intensity:?}，{duration_s:.0} 秒"),
            en: format!("aftershock, intensity {intensity:?}, {duration_s:.0} s"),
        },
        Effect::WindShift(_) => text("风向突变", "wind shift"),
        Effect::SpotFire { at } => Text {
            zh: format!("飞火引燃 ({:.0}, {:.0})", at.0, at.1),
            en: format!("spot fire at ({:.0}, {:.0})", at.0, at.1),
        },
        Effect::IssueWarning { level, .. } => {
            let (zh, en) = level.words();
            Text {
                zh: format!("发布{zh}"),
                en: format!("issues a {en}"),
            }
        }
        Effect::LeveeBreach(_) => text("堤防决口", "levee breach"),
        Effect::PowerCut => text("停电", "power cut"),
        Effect::Injured { group, count } => Text {
            zh: format!("{group} 中 {count} 人受伤，不能自行行走"),
            en: format!("{count} of {group} hurt and unable to walk unaided"),
        },
        Effect::Missing { group, count } => Text {
            zh: format!("{group} 中 {count} 人滞留未撤（躲藏或返回），须由清点发现"),
            en: format!(
                "{count} of {group} stay behind (hide or go back); the head count must find them"
            ),
        },
        Effect::Message => text("消息", "message"),
        Effect::AllClear => text("解除", "all clear"),
    }
}

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

words!(Severity {
    Severity::Deficiency => "不足项", "deficiency";
    Severity::Correction => "整改项", "correction";
    Severity::Improvement => "改进项", "improvement";
});

words!(Aim {
    Aim::Plan => "预案", "plan";
    Aim::Training => "培训", "training";
    Aim::Site => "场所", "site";
});

words!(Harm {
    Harm::Minor => "轻微", "minor";
    Harm::Moderate => "中度", "moderate";
    Harm::Serious => "严重", "serious";
});

/// Seconds as "m:ss" ("h:mm:ss" from an hour), for times people read.
pub fn clock(t: f64) -> String {
    let t = t.max(0.0).round() as u64;
    if t >= 3600 {
        format!("{}:{:02}:{:02}", t / 3600, t / 60 % 60, t % 60)
    } else {
        format!("{}:{:02}", t / 60, t % 60)
    }
}

/// Joins texts per language.
pub fn join(parts: &[Text], zh_sep: &str, en_sep: &str) -> Text {
    Text {
        zh: parts
            .iter()
            .map(|t| t.zh.as_str())
            .collect::<Vec<_>>()
            .join(zh_sep),
        en: parts
            .iter()
            .map(|t| t.en.as_str())
            .collect::<Vec<_>>()
            .join(en_sep),
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every action the plan language has is named in both languages, and no two share a name
    /// (a report must not read two different things the same way).
    #[test]
    fn every_action_has_a_distinct_name_in_both_languages() {
        let all: Vec<Action> = serde_json::from_str::<Vec<Action>>(
            r#"["TakeCover","RaiseAlarm","SignalEvacuation","OpenDoor","CloseDoor","GuideGroup",
            "PostAtLanding","CountHeads","Report","Call119","Call12119","CallCommandPost","Scout",
            "PostLookout","IdentifyEscapeRoutes","IdentifySafetyZone","AnchorLine","Attack",
            "Withdraw","IssueWarning","DoorToDoor","Broadcast","MoveHousehold","Register",
            "SwitchOffPower"]"#,
        )
        .unwrap();
        let mut zh: Vec<&str> = all.iter().map(|a| a.words().0).collect();
        let mut en: Vec<&str> = all.iter().map(|a| a.words().1).collect();
        zh.sort();
        zh.dedup();
        en.sort();
        en.dedup();
        assert_eq!((zh.len(), en.len()), (all.len(), all.len()));
    }
}
