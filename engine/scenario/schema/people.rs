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
    /// The participant they follow (a class follows its teacher): shorthand for a list of one.
    #[serde(default)]
    pub leader: Option<String>,
    /// The adults with the group (两教一保: two teachers and a care worker). The first leads the
    /// way and the class follows whoever of them comes for it first; the plan's steps for each
    /// one's role say who wakes, who forces a door, who sweeps.
    #[serde(default)]
    pub leaders: Vec<String>,
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
    /// How fast an adult walks carrying one of them, m/s: required for `Infant` groups.
    #[serde(default)]
    pub carry_speed_mps: Option<f64>,
    /// How many of them an adult takes by the hand (`LeadByHand`): 1 or 2, two when not stated.
    #[serde(default)]
    pub hand_led_per_adult: Option<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Profile {
    Adult,
    /// A pupil of primary-school age (6–12).
    Child,
    /// A kindergarten junior (3–4 years, 小班), who walks but slowly and needs leading.
    Toddler,
    /// A baby or young toddler (0–2 years, 乳儿班/托小班): does not walk out; an adult carries
    /// them, one at a time, at the group's `carry_speed_mps`.
    Infant,
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
    /// Trained for the role (a professional or semi-professional crew member); `false` for a
    /// volunteer pressed into firefighting, whom 四不打 keeps off the fire.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub trained: bool,
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

impl OccupantGroup {
    /// The adults with the group, in the order given: `leader`, then `leaders`.
    pub fn all_leaders(&self) -> impl Iterator<Item = &String> {
        self.leader.iter().chain(&self.leaders)
    }
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
