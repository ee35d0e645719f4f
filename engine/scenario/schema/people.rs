//! People: occupant groups (with their pre-movement times) and participants (roles, bots).

use super::{SiteRef, Text};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OccupantGroup {
    pub id: String,
    #[serde(default)]
    pub name: Option<Text>,
    pub count: u32,
    pub profile: Profile,
    /// Where they are when the drill starts: a space, house, place or point.
    pub start: SiteRef,
    /// Pre-movement time: from the alarm (or warning) until they start to move.
    #[serde(default)]
    pub pre_movement_s: Distribution,
    /// The participant they follow (a class follows its teacher).
    #[serde(default)]
    pub leader: Option<String>,
    /// The exit their route uses.
    #[serde(default)]
    pub exit: Option<String>,
    /// The assembly area or shelter they go to.
    #[serde(default)]
    pub destination: Option<SiteRef>,
    /// Asleep when the drill starts (a nap room, a dormitory at night): they do nothing until
    /// woken (docs/runtime.md, "Sleepers").
    #[serde(default)]
    pub asleep: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Profile {
    Adult,
    Child,
    Elderly,
    WheelchairUser,
}

/// A distribution of a time in seconds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Distribution {
    Fixed(f64),
    Uniform {
        min: f64,
        max: f64,
    },
    Normal {
        mean: f64,
        sd: f64,
    },
    /// ln(t) ~ N(mu, sigma).
    LogNormal {
        mu: f64,
        sigma: f64,
    },
    Gamma {
        shape: f64,
        scale: f64,
    },
    Weibull {
        scale: f64,
        shape: f64,
    },
    /// first, first + step, first + 2·step, … in occupant order (RiMEA 5).
    Steps {
        first: f64,
        step: f64,
    },
}

impl Default for Distribution {
    fn default() -> Self {
        Distribution::Fixed(0.0)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Participant {
    pub id: String,
    /// A role of the plan (homeroom teacher, crew leader, village cadre).
    pub role: String,
    pub name: Text,
    pub start: SiteRef,
    #[serde(default = "adult")]
    pub profile: Profile,
    /// What this person is answerable for: groups, houses, stair landings.
    #[serde(default)]
    pub responsible_for: Vec<SiteOrGroup>,
    /// Who plays the role when no person takes it.
    #[serde(default)]
    pub bot: BotPolicy,
}

fn adult() -> Profile {
    Profile::Adult
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum SiteOrGroup {
    Group(String),
    Site(SiteRef),
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum BotPolicy {
    #[default]
    FollowPlan,
    Panic,
    Late,
    RuleBreaker,
}
