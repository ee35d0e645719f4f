//! The site: a building (floors, spaces, doors, stairs, lifts, exits, assembly areas,
//! furniture) or a terrain (grids, roads, rivers, levees, houses, shelters, places).

use super::{Point, Text};
use serde::{Deserialize, Serialize};

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
    /// Evacuation cots (疏散婴儿车) kept in the infant rooms.
    #[serde(default)]
    pub cots: Vec<EvacuationCot>,
}

/// A wheeled evacuation cot (疏散婴儿车/疏散床): one adult pushes several infants out at once.
/// It rolls, so it serves the floor it stands on only if that floor has an exit (ramps are not
/// modelled); a carer takes it for the infants of its own space.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvacuationCot {
    pub id: String,
    /// The space it stands in.
    pub space: String,
    /// Where it stands.
    pub at: Point,
    /// How many infants it holds (the maker's rating).
    pub capacity_infants: u32,
    /// How fast an adult pushes it loaded, m/s (time it on your route: no published figure is
    /// built in).
    pub push_speed_mps: f64,
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
    /// Seconds for one person at it to force it open when it is blocked (a jammed frame,
    /// debris that can be shifted): the `ForceDoor` action. None: it cannot be forced, and only
    /// an inject's `Clear` frees it.
    #[serde(default)]
    pub force_s: Option<f64>,
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
    /// The fuel model everywhere no grid or zone says otherwise.
    pub default_model: u16,
    /// A raster of fuel model codes over the terrain grid (e.g. a LANDFIRE FBFM40 export),
    /// the same rows and columns as the elevation, northern row first. Zones paint over it.
    #[serde(default)]
    pub grid: Option<Grid>,
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
    /// A raster of Manning's n over the terrain grid (e.g. from a land-cover map), the same rows
    /// and columns as the elevation, northern row first. Zones paint over it.
    #[serde(default)]
    pub grid: Option<Grid>,
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
    /// A road through a stream bed at grade (漫水路, 过水路面): passable only while the water
    /// over it is low; it floods with the stream.
    Ford,
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
    /// What the place is for in a fire drill: where a lookout posts (`PostLookout`) or where a
    /// line starts (`AnchorLine`). A place with no use is only a landmark.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<PlaceUse>,
}

/// What a place on a terrain is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlaceUse {
    /// A lookout post (LCES: L).
    Lookout,
    /// An anchor point for a fireline: a road, a stream, burned ground.
    Anchor,
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
