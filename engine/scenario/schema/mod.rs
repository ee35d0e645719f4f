//! The scenario format, version 1: what a trainer writes in a `Scenario(…)` file.
//!
//! Units are in field names (`width_m`, `start_s`, `speed_mps`); coordinates are metres in one
//! site frame, x east, y north. docs/scenario-format.md documents every field; a test checks the
//! document against these types so the two cannot drift.
//!
//! Files: this one the scenario itself, its meta, plan reference, double-blind draws and end;
//! `site` the building or terrain; `people` occupants and participants; `hazards` the
//! earthquake, forest fire and flood; `injects` the master scenario events list.

mod hazards;
mod injects;
mod people;
mod site;

pub use hazards::{
    Aftershock, Breach, Canopy, Earthquake, FireWeather, Flood, FlowPoint, ForestFire,
    FuelMoisture, Gauge, Hazard, Ignition, Inflow, RainPeriod, Warning, Wind, WindHeight,
};
pub use injects::{Channel, Condition, Effect, Inject, Recipients, Trigger};
pub use people::{BotPolicy, Distribution, OccupantGroup, Participant, Profile, SiteOrGroup};
pub use site::{
    AssemblyArea, Building, Door, DoorState, Exit, Floor, FuelMap, FuelZone, Furniture,
    FurnitureKind, Grid, House, Layout, Levee, Lift, Place, PlaceUse, River, Road, RoadKind,
    RoughnessMap, RoughnessZone, Shelter, ShelterKind, Site, SiteRef, Space, SpaceKind, Stair,
    Terrain, Window,
};

pub use crate::drill::{
    DrillKind, HazardEvent, Intensity, Phase, Point, Text, WarningLevel, WarningSignal,
};
use crate::plan::Plan;
use serde::{Deserialize, Serialize};

/// The format version this engine reads.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub meta: Meta,
    pub site: Site,
    #[serde(default)]
    pub population: Vec<OccupantGroup>,
    #[serde(default)]
    pub participants: Vec<Participant>,
    pub hazards: Vec<Hazard>,
    /// The master scenario events list (MSEL).
    #[serde(default)]
    pub injects: Vec<Inject>,
    #[serde(default)]
    pub plan: Option<PlanRef>,
    /// Present for a double-blind drill: the space its content is drawn from.
    #[serde(default)]
    pub blind: Option<Blind>,
    pub end: End,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    pub format_version: u32,
    pub id: String,
    pub kind: DrillKind,
    pub audience: Audience,
    pub title: Text,
    pub briefing: Text,
    /// Time of day the drill starts, "HH:MM" (night and heat matter to fire rules).
    #[serde(default)]
    pub start_clock: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Audience {
    Trainee,
    Public,
}

// ---------------------------------------------------------------------------------------------
// Plan, blind draws, end

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum PlanRef {
    /// A plan file, path relative to the scenario file.
    File(String),
    Inline(Box<Plan>),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Blind {
    /// The hazard starts after a drawn delay of normal activity (an unannounced start).
    pub start_delay_s: Range,
    /// Keep the drawn content from the trainer as well.
    #[serde(default)]
    pub hide_from_trainer: bool,
    #[serde(default)]
    pub draws: Vec<Draw>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Range {
    pub min: f64,
    pub max: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Draw {
    /// The earthquake's intensity, one of these with equal chance.
    Intensity(Vec<Intensity>),
    /// The fire's ignition point, one of these.
    Ignition(Vec<Point>),
    /// Wind speed and direction, uniform in each range.
    Wind { speed_mps: Range, from_deg: Range },
    /// Which levee breaches, one of these (or none, with the remaining probability); it takes
    /// the place of the hazard's written breaches on the same levee. With `start_s`, when it
    /// starts is drawn uniformly in that range instead of the choice's own time.
    Breach {
        choices: Vec<Breach>,
        probability: f64,
        #[serde(default)]
        start_s: Option<Range>,
    },
    /// Every rain period's intensity times a factor drawn uniformly in this range (a wetter or
    /// drier storm than written).
    Rain { factor: Range },
    /// With this probability, one of these (door, stair, exit, road) is blocked at the start.
    BlockOneOf {
        candidates: Vec<SiteRef>,
        probability: f64,
    },
    /// Whether an inject happens at all.
    Inject { number: u32, probability: f64 },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct End {
    pub time_limit_s: f64,
    /// End early once every occupant and participant is accounted for.
    #[serde(default = "yes")]
    pub when_all_accounted_for: bool,
}

fn yes() -> bool {
    true
}
