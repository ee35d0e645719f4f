//! Hazards: the earthquake, the forest fire (weather, fuel moisture, canopy) and the flood
//! (rain, inflows, breaches, warnings, gauges).

use super::{Intensity, Point, Text, WarningLevel, WarningSignal};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Hazard {
    Earthquake(Earthquake),
    ForestFire(ForestFire),
    Flood(Flood),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Earthquake {
    pub intensity: Intensity,
    /// When the first (P-wave) shaking arrives.
    pub start_s: f64,
    /// Duration of the strong (S-wave) shaking.
    pub strong_shaking_s: f64,
    /// Seconds of early warning before strong shaking, if a warning system is in place.
    #[serde(default)]
    pub early_warning_s: Option<f64>,
    /// Distance to the epicentre; sets the P-to-S delay.
    #[serde(default = "default_epicentral_distance_km")]
    pub epicentral_distance_km: f64,
    #[serde(default)]
    pub aftershocks: Vec<Aftershock>,
}

fn default_epicentral_distance_km() -> f64 {
    40.0
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Aftershock {
    pub at_s: f64,
    pub intensity: Intensity,
    pub duration_s: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForestFire {
    pub ignitions: Vec<Ignition>,
    pub weather: FireWeather,
    #[serde(default)]
    pub canopy: Canopy,
    /// Apply Rothermel's effective-wind limit (off by default, as in behave and FlamMap).
    #[serde(default)]
    pub wind_limit: bool,
    /// Fireline a firefighter builds per hour with hand tools, m/h (cite the source in the
    /// scenario: production rates depend on fuel and crew). Without it, `Attack` builds no line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line_m_per_h_per_person: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ignition {
    pub at: Point,
    pub time_s: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FireWeather {
    pub wind: Wind,
    pub moisture: FuelMoisture,
    pub air_temperature_c: f64,
    pub relative_humidity_pct: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wind {
    pub speed_mps: f64,
    /// Direction the wind blows from, degrees clockwise from north.
    pub from_deg: f64,
    /// The height the speed is measured at.
    #[serde(default)]
    pub height: WindHeight,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum WindHeight {
    /// 20 ft (6.1 m) above the vegetation, as in US fire weather forecasts.
    #[default]
    TwentyFoot,
    /// 10 m, as in weather station reports.
    TenMetre,
    /// Mid-flame height: no wind adjustment factor is applied.
    Midflame,
}

/// Fuel moisture content, percent of dry weight.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FuelMoisture {
    pub dead_1h_pct: f64,
    pub dead_10h_pct: f64,
    pub dead_100h_pct: f64,
    pub live_herb_pct: f64,
    pub live_woody_pct: f64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Canopy {
    #[serde(default)]
    pub cover_pct: f64,
    #[serde(default)]
    pub height_m: f64,
    #[serde(default)]
    pub crown_ratio: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Flood {
    #[serde(default)]
    pub rain: Vec<RainPeriod>,
    #[serde(default)]
    pub inflows: Vec<Inflow>,
    #[serde(default)]
    pub breaches: Vec<Breach>,
    #[serde(default)]
    pub warnings: Vec<Warning>,
    #[serde(default)]
    pub gauges: Vec<Gauge>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RainPeriod {
    pub from_s: f64,
    pub to_s: f64,
    pub intensity_mm_per_h: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inflow {
    pub id: String,
    /// The boundary segment water enters across: two points on the terrain edge or a river.
    pub line: (Point, Point),
    pub hydrograph: Vec<FlowPoint>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlowPoint {
    pub t_s: f64,
    pub q_m3s: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Breach {
    pub levee: String,
    /// Centre of the breach, on the levee line.
    pub at: Point,
    pub width_m: f64,
    /// Drill time it starts forming. In a `LeveeBreach` inject: when the inject fires or at
    /// `start_s`, whichever is later.
    pub start_s: f64,
    /// Time for the breach to reach its full width and depth.
    #[serde(default = "default_breach_formation_s")]
    pub formation_s: f64,
}

fn default_breach_formation_s() -> f64 {
    600.0
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Warning {
    pub signal: WarningSignal,
    pub level: WarningLevel,
    pub issued_s: f64,
    #[serde(default)]
    pub message: Option<Text>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gauge {
    pub id: String,
    pub at: Point,
    /// Water level (above datum) of the warning line.
    pub warning_level_m: f64,
    /// Water level of the guaranteed (safe-design) line.
    pub guaranteed_level_m: f64,
}
