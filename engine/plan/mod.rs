//! Emergency plans as data: the procedures a drill is scored against.
//!
//! A plan groups steps (critical tasks) under objectives (HSEEP capabilities / 评估项目). Each
//! step says who is responsible, what starts it, what must happen by when, what must not happen,
//! its weight and its source (guide and clause), so a trainer can check every judgement. The
//! evaluator that applies a plan to a journal belongs to the scoring work; this module holds the
//! model that `drillhall validate` checks.

pub mod evaluate;
pub mod progress;
pub mod words;

pub use crate::drill::{Action, HazardEvent};
use crate::drill::{DrillKind, Phase, Text, WarningLevel};
use crate::journal::events::PlaceKind;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub format_version: u32,
    pub id: String,
    pub kind: DrillKind,
    pub title: Text,
    /// The guides and standards the steps cite.
    pub sources: Vec<Source>,
    pub roles: Vec<Role>,
    pub objectives: Vec<Objective>,
    pub steps: Vec<PlanStep>,
    /// The adults each class of children must have on duty, checked against the scenario.
    #[serde(default)]
    pub staffing: Option<Staffing>,
    /// The conditions in which the plan forbids attacking a fire (四不打: wind, slope, night):
    /// what `AttackInHighWind`, `AttackOnSteepTerrain` and `AttackAtNight` are judged against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fire_limits: Option<FireLimits>,
}

/// The plan's thresholds for attacking a fire.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FireLimits {
    /// Wind at or above this is high wind (高温大风不打火), as the scenario states the wind, m/s.
    pub high_wind_mps: f64,
    /// Ground at or above this slope is steep (陡坡不打火), degrees.
    pub steep_slope_deg: f64,
    /// Night: from this local time to that one ("HH:MM"), no attack.
    pub night_from: String,
    pub night_until: String,
    pub source: Citation,
}

impl FireLimits {
    /// Whether a local time (minutes after midnight) falls in the plan's night; `None` when a
    /// time is not "HH:MM" (the validator reports that).
    pub fn is_night(&self, clock_min: f64) -> Option<bool> {
        let from = clock_minutes(&self.night_from)?;
        let until = clock_minutes(&self.night_until)?;
        let t = clock_min.rem_euclid(1440.0);
        Some(if from <= until {
            t >= from && t < until
        } else {
            t >= from || t < until
        })
    }
}

/// "HH:MM" as minutes after midnight.
pub fn clock_minutes(s: &str) -> Option<f64> {
    let (h, m) = s.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(f64::from(h * 60 + m))
}

/// A staffing rule (the kindergarten's 两教一保: two teachers and a care worker per class): the
/// scenario is warned where a group of children has fewer adults with it (its `leaders` and
/// those answerable for it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Staffing {
    /// Adults with each group of children.
    #[serde(default)]
    pub per_group: Option<u32>,
    /// Most children per adult.
    #[serde(default)]
    pub children_per_adult: Option<u32>,
    pub source: Citation,
}

impl Plan {
    /// A role as the plan names it (its id where the plan does not list it).
    pub fn role_name(&self, id: &str) -> Text {
        self.roles
            .iter()
            .find(|r| r.id == id)
            .map_or_else(|| crate::words::text(id, id), |r| r.name.clone())
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: String,
    /// Full citation: title, issuer, year.
    pub title: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub id: String,
    pub name: Text,
    #[serde(default)]
    pub duties: Option<Text>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    pub id: String,
    pub name: Text,
    /// The HSEEP core capability or 评估项目 it belongs to.
    #[serde(default)]
    pub capability: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanStep {
    pub id: String,
    pub objective: String,
    pub title: Text,
    /// Why the step matters, in a sentence a visitor understands: a public experience's
    /// knowledge cards show it under the step's title, and its result repeats it.
    #[serde(default)]
    pub why: Option<Text>,
    pub responsible: Responsible,
    pub starts: StepStart,
    pub requires: Requirement,
    /// Seconds from the step's start by which it must be done.
    #[serde(default)]
    pub deadline_s: Option<f64>,
    /// When the step's window closes (e.g. `Hazard(ShakingStops)` for cover during the
    /// shaking): done after it, the step is not met — too late to matter — and what it forbids
    /// is forbidden until then.
    #[serde(default)]
    pub until: Option<StepStart>,
    #[serde(default)]
    pub prohibits: Vec<Prohibition>,
    /// Steps that must be done before this one.
    #[serde(default)]
    pub after: Vec<String>,
    #[serde(default = "unit_weight")]
    pub weight: f64,
    /// Failing this step endangers life: a finding of 不足项 (deficiency).
    #[serde(default)]
    pub life_safety: bool,
    pub source: Citation,
}

fn unit_weight() -> f64 {
    1.0
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Responsible {
    /// Every participant and occupant.
    Everyone,
    /// Every occupant (simulated people), not the participants.
    Occupants,
    Role(String),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum StepStart {
    Phase(Phase),
    /// When another step is done.
    Step(String),
    /// When the scenario's inject with this number fires.
    Inject(u32),
    Hazard(HazardEvent),
    Warning(WarningLevel),
    /// Whichever of these comes first (e.g. the evacuation signal, or shaking stopped).
    AnyOf(Vec<StepStart>),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Requirement {
    /// Perform this action.
    Act(Action),
    /// Keep this posture or state for a time.
    Hold { action: Action, duration_s: f64 },
    /// Reach a place of this kind.
    Reach(Destination),
    /// Everyone the role is responsible for reaches a place of this kind.
    AllReach(Destination),
    /// Report a count that matches the simulation's truth.
    ReportCount,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Destination {
    OutOfBuilding,
    AssemblyArea,
    Shelter,
    SafetyZone,
    HighGround,
}

impl Destination {
    /// The kind of place this destination names (out of the building: its assembly area).
    pub fn place_kind(self) -> PlaceKind {
        match self {
            Destination::OutOfBuilding | Destination::AssemblyArea => PlaceKind::AssemblyArea,
            Destination::Shelter => PlaceKind::Shelter,
            Destination::SafetyZone => PlaceKind::SafetyZone,
            Destination::HighGround => PlaceKind::HighGround,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Prohibition {
    UseLift,
    GoBack,
    RunDuringShaking,
    StandInDoorway,
    JumpFromHeight,
    CrossMovingWater,
    DriveThroughWater,
    ReturnBeforeAllClear,
    DirectAttackOnHead,
    AttackAtNight,
    AttackInHighWind,
    AttackOnSteepTerrain,
    AttackUnscouted,
    /// Attacking without LCES in place: a lookout seeing the front and the crew, two escape
    /// routes that beat the fire, a safety zone big enough for the flames.
    AttackWithoutLces,
    UntrainedAttack,
    EscapeDownwind,
    EscapeUphill,
    /// 应转早转: someone (in one's charge) not yet at a refuge when the water at their house
    /// left AIDR H2 (`HouseCutOff`) — the transfer came too late for them.
    CaughtByWater,
    /// Moving a household not marked vulnerable while a vulnerable one in one's charge has not
    /// been moved (危险区和危房住户先转移).
    OthersBeforeVulnerable,
}

/// Where a step comes from: a source of the plan and the clause in it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    pub doc: String,
    pub clause: String,
}
