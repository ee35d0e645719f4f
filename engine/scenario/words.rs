//! The scenario's words in both languages: bot policies, places on the site and what an inject
//! does, as reports, the HUD and the console say them.

use super::schema::{BotPolicy, Effect, Text};
use crate::words::{Words, text, words};

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
        Effect::Missing {
            group,
            count,
            at: None,
        } => Text {
            zh: format!("{group} 中 {count} 人滞留未撤（躲藏或返回），须由清点发现"),
            en: format!(
                "{count} of {group} stay behind (hide or go back); the head count must find them"
            ),
        },
        Effect::Missing {
            group,
            count,
            at: Some(at),
        } => Text {
            zh: format!(
                "{group} 中 {count} 人躲进 {}，须由清点发现",
                at.id().unwrap_or("该处")
            ),
            en: format!(
                "{count} of {group} hide in {}; the head count must find them",
                at.id().unwrap_or("a place")
            ),
        },
        Effect::Message => text("消息", "message"),
        Effect::AllClear => text("解除", "all clear"),
    }
}
