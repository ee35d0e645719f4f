//! The scenario format, version 1: what a trainer writes in a `Scenario(…)` file.
//!
//! Units are in field names (`width_m`, `start_s`, `speed_mps`); coordinates are metres in one
//! site frame, x east, y north. docs/scenario-format.md documents every field; a test checks the
//! document against these types so the two cannot drift.

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
// Site

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Site {
    Building(Building),
    Terrain(Terrain),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Building {
    pub floors: Vec<Floor>,
    #[serde(default)]
    pub doors: Vec<Door>,
    #[serde(default)]
    pub stairs: Vec<Stair>,
    #[serde(default)]
    pub lifts: Vec<Lift>,
    pub exits: Vec<Exit>,
    pub assembly_areas: Vec<AssemblyArea>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Floor {
    pub id: String,
    /// Height of the floor surface above ground level.
    pub elevation_m: f64,
    /// Floor-to-ceiling height.
    #[serde(default = "default_floor_height_m")]
    pub height_m: f64,
    pub spaces: Vec<Space>,
    #[serde(default)]
    pub windows: Vec<Window>,
    #[serde(default)]
    pub furniture: Vec<Furniture>,
}

fn default_floor_height_m() -> f64 {
    3.3
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Space {
    pub id: String,
    pub kind: SpaceKind,
    #[serde(default)]
    pub name: Option<Text>,
    /// Corners in order (either direction); the polygon closes itself.
    pub polygon: Vec<Point>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SpaceKind {
    Classroom,
    Office,
    Corridor,
    Hall,
    Lobby,
    Stairwell,
    Toilet,
    Storage,
    Room,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Door {
    pub id: String,
    /// The two spaces the door joins (on the same floor).
    pub spaces: (String, String),
    /// Centre of the opening, on the wall the two spaces share.
    pub at: Point,
    /// Clear width of the opening.
    pub width_m: f64,
    #[serde(default)]
    pub state: DoorState,
    /// Whether an inject or falling debris may block it.
    #[serde(default)]
    pub can_block: bool,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum DoorState {
    #[default]
    Open,
    Closed,
    Locked,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stair {
    pub id: String,
    /// The stairwell space at the lower end.
    pub from: String,
    /// The stairwell space at the upper end.
    pub to: String,
    pub width_m: f64,
    /// Horizontal run of the flights between the two floors.
    pub length_m: f64,
    /// Walking speed going up, if the stair differs from the profile's default.
    #[serde(default)]
    pub up_speed_mps: Option<f64>,
    #[serde(default)]
    pub down_speed_mps: Option<f64>,
    #[serde(default)]
    pub can_block: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lift {
    pub id: String,
    /// The landing space on each floor it serves, lowest first.
    pub stops: Vec<String>,
    pub capacity_persons: u32,
    #[serde(default = "default_lift_speed_mps")]
    pub speed_mps: f64,
}

fn default_lift_speed_mps() -> f64 {
    1.0
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exit {
    pub id: String,
    /// The ground-level space the exit leaves from.
    pub space: String,
    /// Centre of the opening, on an outside wall of the space.
    pub at: Point,
    pub width_m: f64,
    /// The assembly area people go to from this exit.
    pub leads_to: String,
    #[serde(default)]
    pub can_block: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssemblyArea {
    pub id: String,
    #[serde(default)]
    pub name: Option<Text>,
    pub polygon: Vec<Point>,
    pub capacity_persons: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Window {
    pub space: String,
    /// Centre of the window, on a wall of the space.
    pub at: Point,
    pub width_m: f64,
    #[serde(default = "default_sill_height_m")]
    pub sill_height_m: f64,
}

fn default_sill_height_m() -> f64 {
    0.9
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Furniture {
    pub kind: FurnitureKind,
    pub space: String,
    pub layout: Layout,
    /// Rotation about the vertical axis, degrees anticlockwise.
    #[serde(default)]
    pub rotation_deg: f64,
    /// Fixed to the wall or floor, so it does not topple.
    #[serde(default)]
    pub anchored: bool,
    /// Width, depth, height; the kind's default when absent.
    #[serde(default)]
    pub size_m: Option<(f64, f64, f64)>,
    #[serde(default)]
    pub mass_kg: Option<f64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FurnitureKind {
    Desk,
    Chair,
    Table,
    Bookshelf,
    Cabinet,
    CeilingLight,
    Whiteboard,
    Television,
    Bed,
    Wardrobe,
}

impl FurnitureKind {
    /// Default width, depth, height (m) and mass (kg): typical school and home furniture.
    pub fn default_size_mass(self) -> ((f64, f64, f64), f64) {
        match self {
            FurnitureKind::Desk => ((0.6, 0.4, 0.75), 12.0),
            FurnitureKind::Chair => ((0.4, 0.38, 0.8), 4.0),
            FurnitureKind::Table => ((1.2, 0.8, 0.75), 25.0),
            FurnitureKind::Bookshelf => ((0.9, 0.3, 1.8), 40.0),
            FurnitureKind::Cabinet => ((0.9, 0.45, 1.8), 50.0),
            FurnitureKind::CeilingLight => ((1.2, 0.3, 0.1), 4.0),
            FurnitureKind::Whiteboard => ((3.0, 0.05, 1.2), 20.0),
            FurnitureKind::Television => ((1.2, 0.1, 0.7), 15.0),
            FurnitureKind::Bed => ((1.0, 2.0, 0.5), 40.0),
            FurnitureKind::Wardrobe => ((1.2, 0.6, 2.0), 70.0),
        }
    }

    /// Whether a person can take cover under or beside it (drop, cover, hold on).
    pub fn gives_cover(self) -> bool {
        matches!(
            self,
            FurnitureKind::Desk | FurnitureKind::Table | FurnitureKind::Bed
        )
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Layout {
    /// One piece, centred at `At(x, y)`.
    At(f64, f64),
    /// A grid of pieces, e.g. the desks of a classroom; `origin` is the centre of the first.
    Grid {
        origin: Point,
        rows: u32,
        cols: u32,
        /// Distance between centres along x and along y.
        pitch_m: (f64, f64),
    },
}

impl Layout {
    /// The centres of the pieces of this layout.
    pub fn points(&self) -> Vec<Point> {
        match *self {
            Layout::At(x, y) => vec![(x, y)],
            Layout::Grid {
                origin,
                rows,
                cols,
                pitch_m,
            } => (0..rows.min(200))
                .flat_map(|r| {
                    (0..cols.min(200)).map(move |c| {
                        (
                            origin.0 + f64::from(c) * pitch_m.0,
                            origin.1 + f64::from(r) * pitch_m.1,
                        )
                    })
                })
                .collect(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Terrain {
    /// Side of one square grid cell.
    pub cell_size_m: f64,
    /// Ground elevation above datum, metres. Row 0 is the northern edge; (0, 0) is the
    /// south-west corner of the grid.
    pub elevation: Grid,
    /// Fuel models (Anderson 13 codes 1–13, Scott & Burgan 40 codes 101–204, non-burnable
    /// 91–99). Required for forest-fire drills.
    #[serde(default)]
    pub fuel: Option<FuelMap>,
    /// Manning's roughness n (s/m^(1/3)) for overland flow. Required for flood drills.
    #[serde(default)]
    pub roughness: Option<RoughnessMap>,
    #[serde(default)]
    pub roads: Vec<Road>,
    #[serde(default)]
    pub rivers: Vec<River>,
    #[serde(default)]
    pub levees: Vec<Levee>,
    #[serde(default)]
    pub houses: Vec<House>,
    /// Shelters (安置点) and other assembly areas with capacity.
    #[serde(default)]
    pub shelters: Vec<Shelter>,
    /// Named points: command post, lookout knoll, trailhead.
    #[serde(default)]
    pub places: Vec<Place>,
}

/// A raster of values over the terrain grid.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Grid {
    /// Row-major values, northern row first.
    Inline {
        rows: u32,
        cols: u32,
        values: Vec<f64>,
    },
    /// An ESRI ASCII grid file (`.asc`), path relative to the scenario file.
    AsciiGrid(String),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FuelMap {
    /// The fuel model everywhere no zone says otherwise.
    pub default_model: u16,
    #[serde(default)]
    pub zones: Vec<FuelZone>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FuelZone {
    pub polygon: Vec<Point>,
    pub model: u16,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoughnessMap {
    pub default_n: f64,
    #[serde(default)]
    pub zones: Vec<RoughnessZone>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoughnessZone {
    pub polygon: Vec<Point>,
    pub n: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Road {
    pub id: String,
    pub points: Vec<Point>,
    pub width_m: f64,
    #[serde(default)]
    pub kind: RoadKind,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum RoadKind {
    #[default]
    Road,
    Track,
    Footpath,
    Bridge,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct River {
    pub id: String,
    /// From upstream to downstream.
    pub centerline: Vec<Point>,
    pub width_m: f64,
    /// Bank-full depth of the channel below the surrounding ground.
    pub depth_m: f64,
    /// Depth of the normal flow at the start of the drill.
    #[serde(default)]
    pub initial_depth_m: f64,
    #[serde(default = "default_channel_n")]
    pub manning_n: f64,
}

fn default_channel_n() -> f64 {
    0.035
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Levee {
    pub id: String,
    pub line: Vec<Point>,
    /// Crest height above the ground it stands on.
    pub crest_height_m: f64,
    #[serde(default)]
    pub can_breach: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct House {
    pub id: String,
    pub at: Point,
    /// Width (x) and depth (y) of the footprint.
    pub footprint_m: (f64, f64),
    #[serde(default = "one")]
    pub floors: u32,
    /// A dilapidated or low-lying house, first to be moved in a flood (危房).
    #[serde(default)]
    pub vulnerable: bool,
}

fn one() -> u32 {
    1
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shelter {
    pub id: String,
    pub name: Text,
    #[serde(default)]
    pub kind: ShelterKind,
    pub polygon: Vec<Point>,
    pub capacity_persons: u32,
}

/// What a shelter is for; plans say which kind people must reach.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ShelterKind {
    /// A managed shelter with a register (安置点).
    #[default]
    Shelter,
    /// A fire safety zone: burned or non-burnable ground large enough for the crew.
    SafetyZone,
    /// High ground above the flood, without shelter services.
    HighGround,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Place {
    pub id: String,
    pub name: Text,
    pub at: Point,
}

/// A reference to something on the site.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum SiteRef {
    Space(String),
    Door(String),
    Stair(String),
    Lift(String),
    Exit(String),
    AssemblyArea(String),
    Road(String),
    River(String),
    Levee(String),
    House(String),
    Shelter(String),
    Place(String),
    /// A point on a terrain site: `Point(x, y)`.
    Point(f64, f64),
}

impl SiteRef {
    /// The id it names; `None` for a point.
    pub fn id(&self) -> Option<&str> {
        match self {
            SiteRef::Space(s)
            | SiteRef::Door(s)
            | SiteRef::Stair(s)
            | SiteRef::Lift(s)
            | SiteRef::Exit(s)
            | SiteRef::AssemblyArea(s)
            | SiteRef::Road(s)
            | SiteRef::River(s)
            | SiteRef::Levee(s)
            | SiteRef::House(s)
            | SiteRef::Shelter(s)
            | SiteRef::Place(s) => Some(s),
            SiteRef::Point(..) => None,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// People

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

// ---------------------------------------------------------------------------------------------
// Hazards

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

// ---------------------------------------------------------------------------------------------
// Injects, plan, blind draws, end

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
    Missing {
        group: String,
        count: u32,
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
    /// Which levee breaches, one of these (or none, with the remaining probability).
    Breach {
        choices: Vec<Breach>,
        probability: f64,
    },
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
