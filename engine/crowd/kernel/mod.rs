//! The microscopic crowd kernel: every person is a disc in the plane of their space, walking
//! towards the next opening of their route.
//!
//! **Model: the collision-free speed model** (Tordeux, Chraibi & Seyfried 2016, "Collision-free
//! speed model for pedestrian dynamics", in *Traffic and Granular Flow '15*, Springer), a
//! first-order model: each step a person's direction is the desired direction plus exponential
//! repulsion from neighbours and walls, and their speed is the optimal-velocity function of the
//! distance to the nearest person in their way, `v = min(v0, max(0, (s − l) / T))`. We chose it
//! over social force (Helbing, Farkas & Vicsek 2000), which pushes people through walls and
//! oscillates at high density, and over ORCA (van den Berg et al. 2011), which is costly and
//! sticks at convex corners, because it is collision-free by construction, reproduces the
//! fundamental diagram with two parameters, and costs one neighbour pass per person per step.
//! `T` and `l` are calibrated to Weidmann's (1993) fundamental diagram (RiMEA test 4; the
//! measured values are in docs/verification.md).
//!
//! What the published model lacks, and drills need, is added explicitly:
//! - **Door flow limit**: every opening is a gate with a token bucket at the SFPE maximum specific
//!   flow (1.32 p/(s·m) of effective width, 1.01 onto stairs), so no model artefact can push five
//!   people a second through a 1 m door (NIST 5.2 / ISO 20414 test 11).
//! - **Walls are hard**: a position is only ever accepted inside the person's space (or through
//!   the opening they are crossing); a move into a wall slides along it or is refused.
//! - **Counter-flow**: someone in one's way who is coming the other way, or standing, adds a
//!   sidestep to the right, so two streams in a corridor form lanes instead of locking.
//! - **Stairs and lifts**: a stair flight is walked at the stair speed over its horizontal run
//!   (RiMEA tests 2 and 3), entered through a gate at its foot or head; a lift is a ride.
//! - **Smoke**: free speed × f(K) = max(0.1, 1 − 0.0807 K) (Jin 1978, as used by FDS+Evac).
//! - **Groups**: a member following a leader keeps to the leader's pace, and the leader to the
//!   slowest member's (NIST TN 1822 2.9).
//! - **No clogging** (issue 17): people at a goal point stand in places round it (`assembly`),
//!   never in front of an opening; open ground walks round buildings; nobody is pressed back at
//!   speed; doorways guide like walls those not using them.
//! - **No deadlock**: the quicker of a space's openings, queues counted (`choice`); lanes in a
//!   doorway used both ways; two people face to face and held up squeeze past each other.
//!
//! Deterministic: no hash maps with random state, neighbours from a counting-sorted spatial hash,
//! proposals computed from the previous positions (a Jacobi step) and applied in person order.
//! No allocation per step once the buffers have grown.
//!
//! Files: this one the model's parameters and the state of people and the site; `routing` the
//! route choice (sending, halting, closing links and roads, the desired direction); `choice`
//! changing to a quicker opening while walking; `proposal` the neighbour hash and each walker's
//! proposed move; `step` the step itself (door flow limits, walls, stairs and lifts, making way,
//! squeezing past); `assembly` the places round a goal point; `bench` the benchmark room.

mod assembly;
mod bench;
mod choice;
mod proposal;
mod routing;
mod step;

pub use bench::bench_room;

use super::network::{Goal, NavGraph};
use super::roads::Leg;
use super::space::SiteGeom;
use crate::scenario::schema::Point;
use proposal::{Scratch, repulsion_table};
use std::collections::VecDeque;

/// Body radius (shoulder half-width, Weidmann 1993).
pub const RADIUS_M: f64 = 0.2;
/// Half the width of a manual wheelchair (ISO 7193: at most 0.70 m wide).
pub const WHEELCHAIR_RADIUS_M: f64 = 0.35;
/// Time gap `T` of the speed function, fitted to Weidmann's diagram (RiMEA 4: within 0.03 m/s
/// from 1 to 4 p/m²; docs/verification.md).
pub const TIME_GAP_S: f64 = 0.56;
/// Distance `l` to the person ahead at which one stands still: bodies touching.
pub const STANDSTILL_GAP_M: f64 = 2.0 * RADIUS_M;
/// Repulsion strength and range between people (Tordeux et al. 2016: a = 5, D = 0.1 m).
const REPULSION: f64 = 5.0;
const REPULSION_RANGE_M: f64 = 0.1;
/// Walls take effect within this distance of a person's centre.
const WALL_REACH_M: f64 = 0.3;
/// Cell of the neighbour hash; people further apart than this do not see each other.
pub const NEIGHBOUR_RANGE_M: f64 = 1.2;
/// Repulsion beyond this is below 1 % of the desired direction and is not computed.
const REPULSION_CUTOFF_M: f32 = 0.9;
/// Within this distance of the next opening one heads straight for it.
const APPROACH_M: f64 = 1.5;
/// Entering a stair or lift zone.
const ZONE_ENTER_M: f64 = 0.4;
/// At the goal point.
const ARRIVE_M: f64 = 0.5;
/// At a bend of a road.
const WAYPOINT_M: f64 = 2.0;
/// Stuck this long in the goal space near the group standing at the goal, someone has joined
/// it.
const SETTLE_S: f64 = 2.0;
/// Stuck this long anywhere in the goal space (out of the way of its openings), someone
/// settles where they are: the goal point may lie where nobody can reach it.
const SETTLE_FAR_S: f64 = 20.0;
/// People standing round a goal point stand at about this density (a loose crowd that has
/// stopped: Weidmann's 2 p/m² is where walking is still possible).
const GROUP_DENSITY_PPM2: f64 = 2.0;
/// At one's standing place in the group.
const PLACE_M: f64 = 0.25;
/// Held up this close to one's place, one stands there.
const PLACE_NEAR_M: f64 = 1.0;
/// Nobody settles this close to an opening of the space they stand in, and those standing on
/// open ground this close to one step away from it: an exit is never blocked by the people it
/// let out (the assembly crowd grows away from the doors).
const KEEP_CLEAR_M: f64 = 2.5;
/// Those standing by an opening are looked at every this many steps.
const KEEP_CLEAR_EVERY: u64 = 5;
/// Someone who stops stands at least this far from a door.
const DOORWAY_CLEAR_M: f64 = 1.0;
/// Time constant of turning.
const TURN_TIME_S: f64 = 0.2;
/// How fast someone standing steps aside for a walker they block.
const MAKE_WAY_MPS: f64 = 0.5;
/// People this close to an opening that others are coming through the other way keep to
/// their right half of it: two lanes form in the doorway.
const LANE_M: f64 = 4.0;
/// Two people held up face to face this long squeeze past each other.
const SQUEEZE_S: f64 = 0.5;
/// Depth in front of such a door kept clear for those coming out, and how hard those waiting
/// there are pushed to their own half.
const LANE_CLEAR_M: f64 = 1.2;
const LANE_PUSH: f64 = 1.5;
/// The fastest one gives ground, pressed backwards by a crowd coming the other way.
const BACK_OFF_MPS: f64 = 0.1;
/// Strength of the sidestep to the right for someone coming the other way or standing.
const SIDESTEP: f64 = 1.2;

/// Walking speed factor in smoke of extinction coefficient `k_per_m` (Jin 1978; FDS+Evac).
pub fn smoke_speed_factor(k_per_m: f64) -> f64 {
    (1.0 - 0.0807 * k_per_m.max(0.0)).max(0.1)
}

/// What a person is doing in the network.
#[derive(Clone, Debug, PartialEq)]
pub enum Motion {
    /// Standing (not yet moving, in cover, arrived, or staying behind).
    Still,
    /// Walking in the current space towards the next opening or the goal.
    Walk,
    /// Going through a stair flight or a lift ride.
    Traverse { link: usize, remaining_s: f64 },
}

/// Per-person state.
#[derive(Clone, Debug)]
pub struct Walker {
    pub node: usize,
    pub pos: Point,
    pub free_speed_mps: f64,
    pub can_climb: bool,
    pub motion: Motion,
    /// Unit direction of the last step (zero when standing).
    pub heading: Point,
    /// Speed of the last step.
    pub speed_mps: f64,
    /// The person this one follows (a pupil their teacher).
    pub leader: Option<usize>,
    /// Half the width of the body (or wheelchair).
    pub radius_m: f64,
    /// Seconds still to lie where they fell (no walking meanwhile).
    pub down_s: f64,
    /// Stair descent relative to the adult ratio of stair to free speed (a toddler's measured
    /// descent is quicker than that ratio gives).
    pub stair_down_factor: f64,
    /// Smoke where this person stands, 1/m, beyond what fills their space (a wildfire's plume
    /// over open ground, which varies across one outdoor space): the thicker of the two counts.
    pub smoke_k: f64,
    /// What water where one stands leaves of one's pace (1 on dry ground; a flood's depth and
    /// current, `sim::flood`).
    pub wading_factor: f64,
    route: VecDeque<usize>,
    /// On open ground with roads: the legs still to walk to the goal point.
    legs: VecDeque<Leg>,
    goal: Option<Goal>,
    /// Where one will stand in the group at the goal point, once handed out.
    place: Option<Point>,
    stall_s: f64,
    /// The opening one last came through (nobody turns back through it to try another way).
    came_by: Option<usize>,
    /// How long one has stood held up (speed under 0.05 m/s) while walking.
    blocked_s: f64,
    best_goal_m: f64,
    reported: Option<usize>,
}

impl Walker {
    pub fn is_moving(&self) -> bool {
        self.motion != Motion::Still
    }
    pub fn goal(&self) -> Option<&Goal> {
        self.goal.as_ref()
    }
    /// The links still to take.
    pub fn route(&self) -> &VecDeque<usize> {
        &self.route
    }

    /// Note the distance `d` to the point one walks to; `true` once one has come no closer
    /// (by 0.2 m) for `SETTLE_S`.
    fn stalled(&mut self, d: f64, dt_s: f64) -> bool {
        self.stalled_for(d, dt_s) >= SETTLE_S
    }

    /// Note the distance `d` to the point one walks to; how long one has come no closer (by
    /// 0.2 m).
    fn stalled_for(&mut self, d: f64, dt_s: f64) -> f64 {
        if d < self.best_goal_m - 0.2 {
            self.best_goal_m = d;
            self.stall_s = 0.0;
        } else {
            self.stall_s += dt_s;
        }
        self.stall_s
    }

    /// Walking, on one's feet, and held up (no headway) for `SQUEEZE_S`.
    fn held_up(&self) -> bool {
        self.motion == Motion::Walk && self.down_s <= 0.0 && self.blocked_s >= SQUEEZE_S
    }

    /// Walking the last stretch to the goal point (no opening, no bend of a road ahead).
    fn joining_group(&self) -> bool {
        self.route.is_empty() && self.legs.len() <= 1
    }

    /// A new point to walk to.
    fn reset_progress(&mut self) {
        self.best_goal_m = f64::INFINITY;
        self.stall_s = 0.0;
    }
}

/// Something that happened to one person during a step.
#[derive(Clone, Debug, PartialEq)]
pub enum Milestone {
    /// Came within reach of an opening on the route.
    Reached { person: usize, link: usize },
    /// Went through an opening (a door, onto a stair, out by an exit, into a lift).
    Passed { person: usize, link: usize },
    /// Reached the goal.
    Arrived { person: usize, node: usize },
}

/// The site and everyone on it.
#[derive(Clone, Debug)]
pub struct Network {
    pub graph: NavGraph,
    pub geom: SiteGeom,
    pub walkers: Vec<Walker>,
    credit: Vec<f64>,
    /// Tick at which someone first reached each link.
    pub first_reached: Vec<Option<u64>>,
    /// People through each link so far (per-exit flows).
    pub passed: Vec<u32>,
    smoke_k: Vec<f64>,
    /// Walking speed factor on unsteady ground (shaking), per node.
    footing: Vec<f64>,
    repulsion: Vec<f32>,
    /// People who have arrived at a goal in each node.
    arrived: Vec<u32>,
    /// The groups standing round goal points.
    groups: Vec<assembly::Group>,
    /// The way on to each goal from every opening (route choice while walking).
    to_go: Vec<choice::ToGo>,
    scratch: Scratch,
}

fn normalise(v: Point) -> Point {
    let n = (v.0 * v.0 + v.1 * v.1).sqrt();
    if n < 1e-12 {
        (0.0, 0.0)
    } else {
        (v.0 / n, v.1 / n)
    }
}

/// Radius of the group of `arrived` people standing round a goal point.
fn group_radius_m(arrived: u32) -> f64 {
    (f64::from(arrived) / (GROUP_DENSITY_PPM2 * std::f64::consts::PI)).sqrt()
}

/// A small fixed offset per person, so that people arriving at one landing do not stand on one
/// point.
fn spread(p: usize) -> Point {
    let a = p as f64 * 2.399_963_229_728_653; // golden angle
    let r = 0.1 + 0.25 * ((p as f64 * 0.618_033_988_75).fract());
    (r * libm::cos(a), r * libm::sin(a))
}

impl Network {
    pub fn new(graph: NavGraph) -> Network {
        let geom = SiteGeom::new(&graph);
        let n = graph.links.len();
        let nodes = graph.nodes.len();
        Network {
            graph,
            geom,
            walkers: Vec::new(),
            credit: vec![1.0; n],
            first_reached: vec![None; n],
            passed: vec![0; n],
            smoke_k: vec![0.0; nodes],
            footing: vec![1.0; nodes],
            repulsion: repulsion_table(),
            arrived: vec![0; nodes],
            groups: Vec::new(),
            to_go: Vec::new(),
            scratch: Scratch::default(),
        }
    }

    pub fn add(&mut self, node: usize, pos: Point, free_speed_mps: f64, can_climb: bool) -> usize {
        self.walkers.push(Walker {
            node,
            pos,
            free_speed_mps,
            can_climb,
            motion: Motion::Still,
            heading: (0.0, 0.0),
            speed_mps: 0.0,
            leader: None,
            // Someone who cannot climb stairs is in a wheelchair.
            radius_m: if can_climb {
                RADIUS_M
            } else {
                WHEELCHAIR_RADIUS_M
            },
            down_s: 0.0,
            stair_down_factor: 1.0,
            smoke_k: 0.0,
            wading_factor: 1.0,
            route: VecDeque::new(),
            legs: VecDeque::new(),
            goal: None,
            place: None,
            stall_s: 0.0,
            came_by: None,
            blocked_s: 0.0,
            best_goal_m: f64::INFINITY,
            reported: None,
        });
        self.walkers.len() - 1
    }

    /// Smoke in a space: extinction coefficient in 1/m (0 clears it).
    pub fn set_smoke(&mut self, node: usize, k_per_m: f64) {
        self.smoke_k[node] = k_per_m;
    }

    /// Walking speed factor on the ground of a space (1: steady; shaking lowers it).
    pub fn set_footing(&mut self, node: usize, factor: f64) {
        self.footing[node] = factor.clamp(0.0, 1.0);
    }

    /// Knock a person down for `seconds`: they lie still, then walk on.
    pub fn knock_down(&mut self, p: usize, seconds: f64) {
        self.walkers[p].down_s = self.walkers[p].down_s.max(seconds);
    }

    /// Follow `leader` (or nobody).
    pub fn set_leader(&mut self, p: usize, leader: Option<usize>) {
        self.walkers[p].leader = leader.filter(|&l| l != p);
    }

    /// People waiting within reach of each link, for congestion reports.
    pub fn queue_len(&self, link: usize) -> usize {
        self.walkers
            .iter()
            .filter(|w| {
                w.motion == Motion::Walk && w.route.front() == Some(&link) && w.speed_mps < 0.1 && {
                    let from_a = self.graph.links[link].a == w.node;
                    self.geom.gates[link].distance(w.pos, from_a) < 3.0
                }
            })
            .count()
    }
}
