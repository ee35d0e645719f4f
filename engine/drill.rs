//! The words a scenario and a plan share: bilingual text, points, the kind of drill, its phases,
//! the hazard milestones steps and injects wait for, and the warning levels and signals. A leaf:
//! it imports no engine module, so `scenario` and `plan` both build on it without importing each
//! other.

use serde::{Deserialize, Serialize};

/// A point in the site frame, metres: `(x, y)`.
pub type Point = (f64, f64);

/// User-facing text in both languages.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DrillKind {
    Earthquake,
    ForestFire,
    Flood,
}

/// Seismic intensity on the Chinese scale GB/T 17742-2020, VI to XII.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Intensity {
    VI,
    VII,
    VIII,
    IX,
    X,
    XI,
    XII,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WarningSignal {
    /// CMA rainstorm warning signal.
    Rainstorm,
    /// River level warning tied to a gauge.
    Hydrological,
    /// Flash flood / mountain torrent warning.
    FlashFlood,
}

/// Warning colours, blue (IV) to red (I).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum WarningLevel {
    Blue,
    Yellow,
    Orange,
    Red,
}

/// Milestones of the hazard that steps and injects can wait for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HazardEvent {
    EarlyWarning,
    ShakingStarts,
    ShakingStops,
    FireReported,
    FireWithinReach,
    WaterRising,
}

impl HazardEvent {
    /// The kind of drill in which the event can happen.
    pub fn drill_kind(self) -> DrillKind {
        match self {
            HazardEvent::EarlyWarning | HazardEvent::ShakingStarts | HazardEvent::ShakingStops => {
                DrillKind::Earthquake
            }
            HazardEvent::FireReported | HazardEvent::FireWithinReach => DrillKind::ForestFire,
            HazardEvent::WaterRising => DrillKind::Flood,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Phase {
    Briefing,
    NormalActivity,
    Alarm,
    Response,
    AllClear,
    Debrief,
}

/// What a participant can do that a plan can ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    TakeCover,
    RaiseAlarm,
    SignalEvacuation,
    OpenDoor,
    CloseDoor,
    GuideGroup,
    PostAtLanding,
    CountHeads,
    Report,
    Call119,
    Call12119,
    CallCommandPost,
    Scout,
    PostLookout,
    IdentifyEscapeRoutes,
    IdentifySafetyZone,
    AnchorLine,
    Attack,
    Withdraw,
    IssueWarning,
    DoorToDoor,
    Broadcast,
    MoveHousehold,
    Register,
    SwitchOffPower,
    /// Wake a sleeping group (a nap room, a dormitory): they can leave only once awake.
    WakeGroup,
    /// Force a blocked door open from one's own side (the door's `force_s`).
    ForceDoor,
    /// Check the spaces one answers for (清查): each once the last person has left it; anyone
    /// hiding or asleep there is found and taken along.
    SweepRooms,
    /// Carry an infant of one's group out (抱出), one at a time, to the group's destination.
    CarryInfant,
    /// Take toddlers of one's group by the hand (the slowest first, as many as the group's
    /// `hand_led_per_adult`) and walk them to the group's destination.
    LeadByHand,
}

// Names in both languages.
use crate::words::{Words, words};

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
    Action::WakeGroup => "叫醒本班", "wake the group";
    Action::ForceDoor => "强行打开受阻的门", "force the blocked door";
    Action::SweepRooms => "清查房间", "sweep the rooms";
    Action::CarryInfant => "抱出婴幼儿", "carry an infant out";
    Action::LeadByHand => "牵手带领幼儿", "lead toddlers by the hand";
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::Words;

    /// Every action the plan language has is named in both languages, and no two share a name
    /// (a report must not read two different things the same way).
    #[test]
    fn every_action_has_a_distinct_name_in_both_languages() {
        let all: Vec<Action> = serde_json::from_str::<Vec<Action>>(
            r#"["TakeCover","RaiseAlarm","SignalEvacuation","OpenDoor","CloseDoor","GuideGroup",
            "PostAtLanding","CountHeads","Report","Call119","Call12119","CallCommandPost","Scout",
            "PostLookout","IdentifyEscapeRoutes","IdentifySafetyZone","AnchorLine","Attack",
            "Withdraw","IssueWarning","DoorToDoor","Broadcast","MoveHousehold","Register",
            "SwitchOffPower","WakeGroup","ForceDoor","SweepRooms","CarryInfant","LeadByHand"]"#,
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
