//! Injects: the master scenario events list (MSEL): triggers, conditions, effects, who hears.

use super::{
    Breach, HazardEvent, Intensity, Phase, Point, SiteRef, Text, WarningLevel, WarningSignal, Wind,
};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inject {
    /// MSEL number, unique in the scenario.
    pub number: u32,
    pub trigger: Trigger,
    pub effect: Effect,
    /// What participants receive, if anything.
    #[serde(default)]
    pub message: Option<Text>,
    #[serde(default)]
    pub to: Recipients,
    #[serde(default)]
    pub channel: Channel,
    /// What the controllers expect the players to do.
    #[serde(default)]
    pub expected_action: Option<Text>,
    /// For the control cell only; never shown to participants.
    #[serde(default)]
    pub control_note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Trigger {
    /// At a drill time.
    At { time_s: f64 },
    /// A delay after another inject fired.
    After { inject: u32, delay_s: f64 },
    /// When a condition first holds, plus an optional delay.
    When {
        condition: Condition,
        #[serde(default)]
        delay_s: f64,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Condition {
    PhaseBegins(Phase),
    /// The first occupant or participant reaches the place.
    FirstReaches(SiteRef),
    /// This fraction (0–1) of occupants has left the building or reached safety.
    EvacuatedFraction(f64),
    /// A hazard milestone: early warning, shaking starts or stops, fire reported, water rising.
    Hazard(HazardEvent),
    /// The water level at a gauge reaches this level (above datum).
    GaugeLevel {
        gauge: String,
        level_m: f64,
    },
    /// Water at least this deep at the place.
    WaterDepth {
        at: SiteRef,
        depth_m: f64,
    },
    /// The fire front within this distance of the place.
    FireWithin {
        at: SiteRef,
        distance_m: f64,
    },
    WarningIssued(WarningLevel),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Effect {
    /// Block a door, stair, exit or road (debris, fire, water).
    Block(SiteRef),
    /// Reopen what was blocked.
    Clear(SiteRef),
    Aftershock {
        intensity: Intensity,
        duration_s: f64,
    },
    WindShift(Wind),
    SpotFire {
        at: Point,
    },
    IssueWarning {
        signal: WarningSignal,
        level: WarningLevel,
    },
    LeveeBreach(Breach),
    PowerCut,
    /// Some occupants of a group are hurt and cannot walk unaided.
    Injured {
        group: String,
        count: u32,
    },
    /// Some occupants of a group stay behind (hide, go back): the head count must find them.
    /// With `at`, they go there and hide (a child under the bed in the nap room, in a toilet);
    /// without, they stay where they are.
    Missing {
        group: String,
        count: u32,
        #[serde(default)]
        at: Option<SiteRef>,
    },
    /// Only a message (the inject's `message`).
    Message,
    AllClear,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub enum Recipients {
    #[default]
    Everyone,
    Role(String),
    Participant(String),
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Channel {
    #[default]
    Broadcast,
    Siren,
    Radio,
    Phone,
    FaceToFace,
    TextMessage,
    /// A hint on screen in a public experience (never in a trainee drill).
    Hint,
}
