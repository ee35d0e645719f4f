//! The journal's vocabulary: the events of a drill, what the journal records and the plan is
//! scored against, and the words they are made of (places, postures, actions, who drives a
//! participant, how a drill ended, how bad an injury is). Plain data, no Bevy: the simulation
//! writes these, the evaluator and the report read them back.

use crate::drill::Action;
use crate::scenario::blind::Variant;
use crate::scenario::schema::{
    BotPolicy, Channel, DrillKind, Effect, HazardEvent, Intensity, Phase, Point, Recipients,
    SiteRef, Text, WarningLevel, WarningSignal,
};
use serde::{Deserialize, Serialize};

/// What an inject did, as the journal names it (the effect's variant without its data).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EffectKind {
    Block,
    Clear,
    Aftershock,
    WindShift,
    SpotFire,
    IssueWarning,
    LeveeBreach,
    PowerCut,
    Injured,
    Missing,
    Message,
    AllClear,
}

impl EffectKind {
    /// The journal's name of an effect.
    pub fn of(e: &Effect) -> EffectKind {
        match e {
            Effect::Block(_) => EffectKind::Block,
            Effect::Clear(_) => EffectKind::Clear,
            Effect::Aftershock { .. } => EffectKind::Aftershock,
            Effect::WindShift(_) => EffectKind::WindShift,
            Effect::SpotFire { .. } => EffectKind::SpotFire,
            Effect::IssueWarning { .. } => EffectKind::IssueWarning,
            Effect::LeveeBreach(_) => EffectKind::LeveeBreach,
            Effect::PowerCut => EffectKind::PowerCut,
            Effect::Injured { .. } => EffectKind::Injured,
            Effect::Missing { .. } => EffectKind::Missing,
            Effect::Message => EffectKind::Message,
            Effect::AllClear => EffectKind::AllClear,
        }
    }
}

/// What kind of place someone arrived at; plans ask for kinds ("an assembly area").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlaceKind {
    Space,
    Stairwell,
    AssemblyArea,
    Shelter,
    SafetyZone,
    HighGround,
    House,
    Place,
    OpenGround,
}

impl PlaceKind {
    /// Safe places: an assembly area, a shelter, a safety zone, high ground.
    pub fn is_refuge(self) -> bool {
        matches!(
            self,
            PlaceKind::AssemblyArea
                | PlaceKind::Shelter
                | PlaceKind::SafetyZone
                | PlaceKind::HighGround
        )
    }

    /// Whether standing here is standing at a place of kind `wanted`: a flood shelter is on
    /// high ground (validation holds a terrain's "reach high ground" to its shelters too).
    pub fn counts_as(self, wanted: PlaceKind) -> bool {
        self == wanted || (wanted == PlaceKind::HighGround && self == PlaceKind::Shelter)
    }
}

/// One consequential event. Serialised with a `kind` tag as the journal's `event` field.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind")]
pub enum SimEvent {
    /// The first event of every drill: who takes part and who drives them.
    DrillStarted {
        scenario: String,
        drill: DrillKind,
        tick_hz: u32,
        occupants: u32,
        participants: Vec<ParticipantInfo>,
        /// On terrain, the households: each house's occupant groups and whether the plan's
        /// "vulnerable first" applies to it (empty in a building and in older journals).
        #[serde(skip_serializing_if = "Vec::is_empty", default)]
        households: Vec<Household>,
    },
    PhaseChanged {
        phase: Phase,
    },
    /// The least time the building's stairs and exits need to pass everyone inside at the start
    /// (the flow-limited bound; walking comes on top): what an evacuation target can be held
    /// against.
    EvacuationCapacity {
        minimum_s: f64,
        people: u32,
        flow_pps: f64,
        through: Vec<String>,
    },
    /// A hazard milestone (early warning, shaking starts or stops, fire reported, water rising).
    Hazard {
        event: HazardEvent,
    },
    Aftershock {
        intensity: Intensity,
        duration_s: f64,
    },
    /// A shock's ground-motion history begins: its peaks.
    GroundMotion {
        intensity: Intensity,
        pga_mps2: f64,
        pgv_mps: f64,
    },
    WarningIssued {
        signal: WarningSignal,
        level: WarningLevel,
        #[serde(skip_serializing_if = "Option::is_none", default)]
        by: Option<String>,
    },
    InjectFired {
        number: u32,
        effect: EffectKind,
        to: Recipients,
        channel: Channel,
        #[serde(skip_serializing_if = "Option::is_none", default)]
        message: Option<Text>,
    },
    Blocked {
        what: SiteRef,
        /// What blocks it when the simulation did (fallen furniture), not an inject.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        by: Option<String>,
    },
    Cleared {
        what: SiteRef,
        /// The participant who forced it open (`ForceDoor`); none for an inject.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<String>,
    },
    /// Something the scenario asks for that this engine does not simulate yet; recorded once,
    /// so a report can say so instead of silently leaving it out.
    NotSimulated {
        what: String,
    },
    /// A participant's action, from a person or a bot.
    Action {
        participant: String,
        action: ActionName,
        #[serde(skip_serializing_if = "Option::is_none", default)]
        target: Option<String>,
    },
    /// A head count: how many of the groups one is responsible for are present.
    HeadCount {
        participant: String,
        present: u32,
        expected: u32,
    },
    /// A report of a count, with the simulation's truth beside it for scoring.
    Report {
        participant: String,
        reported_present: u32,
        reported_expected: u32,
        true_present: u32,
        true_expected: u32,
    },
    StartedMoving {
        who: String,
    },
    PassedDoor {
        who: String,
        door: String,
    },
    EnteredStair {
        who: String,
        stair: String,
        down: bool,
    },
    TookLift {
        who: String,
        lift: String,
    },
    LeftBuilding {
        who: String,
        exit: String,
    },
    Arrived {
        who: String,
        place: String,
        place_kind: PlaceKind,
    },
    /// An occupant asleep (nap room, dormitory, house at night) wakes.
    Woke {
        who: String,
    },
    /// An occupant who stays behind (hides, goes back): the head count must find them.
    StayedBehind {
        who: String,
        place: String,
    },
    /// A participant has checked the spaces they answer for (`SweepRooms`), each once its last
    /// occupant had left, and found those hiding there (now on their way with them).
    Swept {
        participant: String,
        spaces: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        found: Vec<String>,
    },
    /// Fire starts at a point: an ignition of the hazard, or a spot fire (an inject).
    FireStarted {
        at: Point,
        spot: bool,
        /// The terrain's width (east) and height (north), m, from its south-west corner: the
        /// frame of a fire map. (0, 0) in journals from before it was recorded.
        #[serde(default)]
        extent_m: (f64, f64),
    },
    /// The fire front reaches a house, road, place or shelter, with the surface fire there.
    FireReached {
        what: SiteRef,
        /// Where the front reached it first (x east, y north, m); absent in journals from
        /// before it was recorded.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<Point>,
        flame_length_m: f64,
        ros_m_per_min: f64,
    },
    /// The fire's size at an interval (every 5 simulated minutes while it grows): area burned,
    /// the fastest spread and longest flame along its front, and its perimeter.
    FireGrowth {
        area_ha: f64,
        head_ros_m_per_min: f64,
        flame_length_m: f64,
        /// The boundary of the area burned (x east, y north, m, to 0.1 m): closed rings (each
        /// ends at its first point), the burned area on the left — an outer boundary runs
        /// counter-clockwise, an unburned island's clockwise. Simplified within a quarter of a
        /// cell. Empty in journals from before it was recorded.
        #[serde(default)]
        perimeter: Vec<Vec<Point>>,
    },
    /// Water first reaches a house, road, place or shelter: at least 5 cm at one of its points
    /// (`sim::flood`), with the water there.
    WaterReached {
        what: SiteRef,
        at: Point,
        depth_m: f64,
        speed_mps: f64,
    },
    /// The water at a house first leaves AIDR class H2 (deeper than 0.5 m, or D·V above
    /// 0.6 m²/s): children and the elderly can no longer walk out (`sim::flood`). Whoever is
    /// still there is cut off; a transfer is early when it is done before this.
    HouseCutOff {
        house: String,
        depth_m: f64,
        speed_mps: f64,
    },
    /// The flood at an interval (every 5 simulated minutes once water moves): the area under at
    /// least 5 cm, the water on the terrain, the mass balance's error, every gauge's level and
    /// the deepest water each house has had so far.
    FloodGrowth {
        flooded_ha: f64,
        volume_m3: f64,
        mass_error: f64,
        gauges: Vec<GaugeReading>,
        houses: Vec<HouseWater>,
        /// The water's AIDR 7-3 hazard class on the flood grid now: 0 dry (under 5 cm), 1–6
        /// for H1–H6 (absent in journals from before it was recorded).
        #[serde(skip_serializing_if = "Option::is_none", default)]
        hazard: Option<super::raster::ClassRaster>,
    },
    /// A road leaves (closed) or returns to (reopened) AIDR class H1 — safe for people on foot
    /// and vehicles — at its worst point: the depth and speed there.
    RoadFlooded {
        road: String,
        depth_m: f64,
        speed_mps: f64,
        closed: bool,
    },
    /// Someone in moving water (the first time), or knocked over and swept by it (`swept`): the
    /// water where they stand.
    InWater {
        who: String,
        at: Point,
        depth_m: f64,
        speed_mps: f64,
        swept: bool,
    },
    /// A participant who set out to scout the fire (`Scout`) has it in view: the fire as they
    /// see it.
    Scouted {
        participant: String,
        area_ha: f64,
        head_ros_m_per_min: f64,
        flame_length_m: f64,
    },
    /// The wind changes (a `WindShift` inject): the fire is re-planned from its front.
    WindChanged {
        speed_mps: f64,
        from_deg: f64,
    },
    /// A lookout (`PostLookout`) has reached the post: whether the front is in sight from it
    /// (line of sight over the elevation grid).
    LookoutPosted {
        participant: String,
        place: String,
        at: Point,
        sees_front: bool,
    },
    /// Escape routes or a safety zone identified (`IdentifyEscapeRoutes`, `IdentifySafetyZone`)
    /// for where the crew works (`place`, the anchor; empty: where the leader stands): the
    /// refuges a route reaches before the fire does, the nearest safety zone's distance from
    /// fuel and the radius it needs for the front's flames (Butler & Cohen 1998).
    LcesChecked {
        participant: String,
        action: Action,
        place: String,
        from: Point,
        escape_routes: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        safety_zone: Option<String>,
        safety_zone_clear_m: f64,
        safety_zone_needed_m: f64,
    },
    /// A firefighter has reached the anchor of the line (`AnchorLine`); a safe anchor is
    /// ground that cannot burn or has burned.
    LineAnchored {
        participant: String,
        place: String,
        at: Point,
        safe: bool,
    },
    /// A firefighter engages the fire (`Attack`): the conditions at that moment, which the
    /// plan's rules (三先四不打, LCES) are judged against.
    AttackBegun {
        participant: String,
        facts: AttackFacts,
    },
    /// The front at one side of a fuel break (a long non-burnable zone of the fuel map, by its
    /// index there); `crossed` when the other side had burned first — the break did not hold
    /// (a spot fire over it, or the fire round its end).
    FireAtFuelBreak {
        zone: usize,
        model: u16,
        at: Point,
        crossed: bool,
    },
    /// Someone sets off for a refuge once the fire is within reach (`FireWithinReach`): the
    /// way they escape, which the plan's escape rules are judged against.
    Escaping {
        participant: String,
        refuge: String,
        from: Point,
        /// Straight from where they stand to the refuge's centre, degrees from north.
        bearing_deg: f64,
        /// The wind then, as the scenario states it.
        wind_from_deg: f64,
        wind_mps: f64,
        /// The refuge's ground above theirs, m (negative: downhill), and how far it is.
        climb_m: f64,
        distance_m: f64,
    },
    /// Someone is in the fire's smoke thick enough to cut visibility to a few tens of metres
    /// (first time only): the extinction coefficient where they stand and what they see.
    SmokeReached {
        who: String,
        k_per_m: f64,
        visibility_m: f64,
    },
    /// The fireline so far (every 5 minutes while it grows, and when work on it stops): its
    /// cells' centres from the anchor on, and its length.
    FirelineBuilt {
        length_m: f64,
        points: Vec<Point>,
    },
    /// A participant sets off with children of their group in their hands (`LeadByHand`), at
    /// the back of the class.
    LedByHand {
        participant: String,
        children: Vec<String>,
    },
    Injured {
        who: String,
        cause: String,
        #[serde(skip_serializing_if = "Option::is_none", default)]
        severity: Option<Harm>,
        /// The energy of the strike that caused it, J.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        energy_j: Option<f64>,
        /// The posture they were in.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        posture: Option<Posture>,
    },
    /// Knocked off their feet by the shaking.
    Fell {
        who: String,
    },
    /// An occupant who runs during the shaking instead of taking cover.
    Panicked {
        who: String,
    },
    /// A participant's posture changed (occupants are summed in `Postures`).
    TookPosture {
        who: String,
        posture: Posture,
    },
    /// How everyone in the building was placed when the shaking began.
    Postures {
        counts: Vec<(Posture, u32)>,
    },
    /// What the shaking did to the building's contents (when they came to rest).
    ContentsDamage {
        shifted: u32,
        toppled: u32,
        lights_fallen: u32,
        windows_broken: u32,
    },
    /// Nothing open leads to where this person must go.
    Stranded {
        who: String,
        place: String,
    },
    DrillEnded {
        reason: EndReason,
        accounted_for: u32,
        people: u32,
    },
    /// The end of a double-blind drill: the seed and the variant, to re-draw and check.
    Revealed {
        seed: u64,
        variant: Variant,
        commitment: String,
    },
}

/// How someone is placed during shaking (the postures of Drop, Cover and Hold On and the unsafe
/// ones it warns against).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Posture {
    Standing,
    Moving,
    /// Drop, cover and hold on under a desk or table.
    UnderDesk,
    /// Down and covering head and neck beside an interior wall.
    BesideWall,
    /// Down and covering head and neck where they are, with nothing over them.
    Crouched,
    /// Standing in a doorway (the old advice; unsafe).
    Doorway,
    /// Within a metre of a window.
    AtWindow,
    /// Knocked off their feet.
    Down,
}

impl Posture {
    /// Drop, cover and hold on, in any of its forms.
    pub fn is_cover(self) -> bool {
        matches!(
            self,
            Posture::UnderDesk | Posture::BesideWall | Posture::Crouched
        )
    }

    /// Height of the body in this posture (m), for what can strike it.
    pub fn height_m(self, standing_m: f64) -> f64 {
        match self {
            Posture::UnderDesk | Posture::BesideWall | Posture::Crouched => 0.6,
            Posture::Down => 0.4,
            _ => standing_m,
        }
    }
}

/// What a participant can do, as the journal names it: the plan's actions and the movements.
/// Written as one plain name (`"TakeCover"`, `"UseLift"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum ActionName {
    Plan(Action),
    StandUp,
    MoveTo,
    ChooseExit,
    UseLift,
    GoBack,
    Walk,
    Halt,
}

const MOVES: [(ActionName, &str); 7] = [
    (ActionName::StandUp, "StandUp"),
    (ActionName::MoveTo, "MoveTo"),
    (ActionName::ChooseExit, "ChooseExit"),
    (ActionName::UseLift, "UseLift"),
    (ActionName::GoBack, "GoBack"),
    (ActionName::Walk, "Walk"),
    (ActionName::Halt, "Halt"),
];

impl From<ActionName> for String {
    fn from(a: ActionName) -> String {
        match a {
            ActionName::Plan(p) => serde_json::to_value(p)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            other => MOVES
                .iter()
                .find(|(m, _)| *m == other)
                .map_or(String::new(), |(_, n)| (*n).to_string()),
        }
    }
}

impl TryFrom<String> for ActionName {
    type Error = String;
    fn try_from(s: String) -> Result<ActionName, String> {
        if let Some((m, _)) = MOVES.iter().find(|(_, n)| *n == s) {
            return Ok(*m);
        }
        serde_json::from_value(serde_json::Value::String(s.clone()))
            .map(ActionName::Plan)
            .map_err(|_| format!("unknown action `{s}`"))
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParticipantInfo {
    pub id: String,
    pub role: String,
    pub driver: Driver,
    /// The occupant groups answerable to them, with their sizes (for "all of them reach …").
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub groups: Vec<(String, u32)>,
    /// The name the trainer gave them, for reports (absent in journals before issue 18).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub name: Option<Text>,
}

/// A house and the occupant groups who live in it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Household {
    pub house: String,
    /// Marked vulnerable in the scenario (危房, 低洼, by the levee): moved first.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub vulnerable: bool,
    pub groups: Vec<String>,
}

impl Household {
    /// Whether occupant `who` (`group/nn`, as the simulation names them) lives here.
    pub fn has(&self, who: &str) -> bool {
        let group = who.rsplit_once('/').map_or(who, |(g, _)| g);
        self.groups.iter().any(|g| g == group)
    }
}

/// Who drives a participant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Driver {
    Human,
    Bot(BotPolicy),
}

/// Why a drill ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EndReason {
    /// Every occupant and participant is accounted for and the counts are reported.
    AllAccountedFor,
    /// Everyone is where they will stay and the counts are reported, but not everyone is
    /// accounted for: someone is missing or cut off (`DrillEnded` gives how many are).
    AllSettled,
    TimeLimit,
    /// Stopped from outside before its end (a killed run, a closed window).
    Stopped,
}

/// How bad an injury is: first aid, medical treatment, or unable to walk out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Harm {
    Minor,
    Moderate,
    Serious,
    /// Killed (a fire's heat dose beyond the 50 % fatal probit).
    Fatal,
}

// Names in both languages.
use crate::words::{Words, words};

impl Words for ActionName {
    fn words(&self) -> (&'static str, &'static str) {
        match self {
            ActionName::Plan(a) => a.words(),
            ActionName::StandUp => ("起身", "stand up"),
            ActionName::MoveTo => ("移动", "move"),
            ActionName::ChooseExit => ("选择出口", "choose an exit"),
            ActionName::UseLift => ("乘电梯", "use the lift"),
            ActionName::GoBack => ("返回", "go back"),
            ActionName::Walk => ("走动", "walk"),
            ActionName::Halt => ("停步", "stop"),
        }
    }
}

words!(PlaceKind {
    PlaceKind::Space => "室内", "a room";
    PlaceKind::Stairwell => "楼梯间", "a stairwell";
    PlaceKind::AssemblyArea => "集合点", "the assembly area";
    PlaceKind::Shelter => "避难场所", "a shelter";
    PlaceKind::SafetyZone => "安全区", "a safety zone";
    PlaceKind::HighGround => "高地", "high ground";
    PlaceKind::House => "住房", "a house";
    PlaceKind::Place => "地点", "a place";
    PlaceKind::OpenGround => "空旷地", "open ground";
});

words!(Posture {
    Posture::Standing => "站立", "standing";
    Posture::Moving => "走动", "moving";
    Posture::UnderDesk => "桌下避险", "under a desk";
    Posture::BesideWall => "内墙边蹲下", "down beside a wall";
    Posture::Crouched => "原地蹲下护头", "crouched, head covered";
    Posture::Doorway => "站在门口", "in a doorway";
    Posture::AtWindow => "靠近窗户", "at a window";
    Posture::Down => "摔倒", "knocked down";
});

words!(Harm {
    Harm::Minor => "轻微", "minor";
    Harm::Moderate => "中度", "moderate";
    Harm::Serious => "严重", "serious";
    Harm::Fatal => "死亡", "fatal";
});

/// Where a point lies on the fire's edge relative to its head (`crate::hazards::fire::shape`).
pub use crate::hazards::fire::shape::FireSector;

pub use crate::hazards::fire::terrain::TerrainForm;

/// A gauge's water level (above datum), m.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GaugeReading {
    pub gauge: String,
    pub level_m: f64,
}

/// The deepest water a house has had, m.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HouseWater {
    pub house: String,
    pub max_depth_m: f64,
}

fn open_terrain() -> TerrainForm {
    TerrainForm::Open
}

fn is_open_terrain(t: &TerrainForm) -> bool {
    *t == TerrainForm::Open
}

/// The conditions where and when a firefighter engages the fire.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttackFacts {
    pub at: Point,
    /// Local clock time, minutes after midnight (the scenario's `start_clock` plus drill time;
    /// none where the scenario states no clock).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock_min: Option<f64>,
    /// The wind as the scenario states it (speed at its stated height, direction from).
    pub wind_mps: f64,
    pub wind_from_deg: f64,
    /// The ground's slope where they stand, %.
    pub slope_pct: f64,
    /// The terrain's form where they stand (`hazards::fire::terrain`); open when absent.
    #[serde(default = "open_terrain", skip_serializing_if = "is_open_terrain")]
    pub terrain: TerrainForm,
    /// The flames and spread of the front nearest them, and how far it is.
    pub flame_length_m: f64,
    pub ros_m_per_min: f64,
    pub front_distance_m: f64,
    pub sector: FireSector,
    pub trained: bool,
    /// The lookout posted (none: no one), and whether they see the front and this attacker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lookout: Option<String>,
    pub lookout_sees_front: bool,
    pub lookout_sees_crew: bool,
    /// The refuges (safety zones, shelters) reachable by a route whose walk beats the fire's
    /// arrival at every point of it: one escape route each.
    pub escape_routes: Vec<String>,
    /// The nearest safety zone, how far its centre is from fuel that can burn, and the
    /// radius it needs for these flames and this crew (Butler & Cohen 1998), m.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub safety_zone: Option<String>,
    pub safety_zone_clear_m: f64,
    pub safety_zone_needed_m: f64,
}
