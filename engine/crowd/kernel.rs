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
//! - **Groups**: a member following a leader keeps to the leader's pace.
//!
//! Deterministic: no hash maps with random state, neighbours from a counting-sorted spatial hash,
//! proposals computed from the previous positions (a Jacobi step) and applied in person order.
//! No allocation per step once the buffers have grown.

use super::network::{
    Goal, LinkKind, NavGraph, REFERENCE_SPEED_MPS, STAIR_DOWN_MPS, STAIR_UP_MPS,
    WHEELCHAIR_MIN_WIDTH_M,
};
use super::roads::{Leg, OFF_ROAD_FACTOR};
use super::space::{Gate, SiteGeom};
use crate::scenario::geometry::{contains, dist, point_segment};
use crate::scenario::schema::Point;
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
/// Stuck this long in the goal space, someone has joined the group standing there.
const SETTLE_S: f64 = 2.0;
/// Someone who stops stands at least this far from a door.
const DOORWAY_CLEAR_M: f64 = 1.0;
/// Time constant of turning.
const TURN_TIME_S: f64 = 0.2;
/// How fast someone standing steps aside for a walker they block.
const MAKE_WAY_MPS: f64 = 0.5;
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
    route: VecDeque<usize>,
    /// On open ground with roads: the legs still to walk to the goal point.
    legs: VecDeque<Leg>,
    goal: Option<Goal>,
    stall_s: f64,
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
        if d < self.best_goal_m - 0.2 {
            self.best_goal_m = d;
            self.stall_s = 0.0;
        } else {
            self.stall_s += dt_s;
        }
        self.stall_s >= SETTLE_S
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

/// Reused per-step buffers.
#[derive(Clone, Debug, Default)]
struct Scratch {
    bucket: Vec<u32>,
    key: Vec<u32>,
    /// Everyone in the plane, sorted by hash bucket.
    slots: Vec<Slot>,
    prop: Vec<Proposal>,
}

/// One person in the neighbour hash (one cache line holds two).
#[derive(Clone, Copy, Debug, Default)]
struct Slot {
    x: f32,
    y: f32,
    hx: f32,
    hy: f32,
    node: u32,
    person: u32,
    r: f32,
    moving: bool,
}

/// One walker's move for this step, computed from everyone's previous positions.
#[derive(Clone, Copy, Debug)]
struct Proposal {
    to: Point,
    speed: f64,
    dir: Point,
    /// The person in the way that limits the speed (`u32::MAX`: nobody).
    blocker: u32,
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
    scratch: Scratch,
}

#[inline]
fn cell_of(x: f64, y: f64) -> (i32, i32) {
    (
        (x / NEIGHBOUR_RANGE_M).floor() as i32,
        (y / NEIGHBOUR_RANGE_M).floor() as i32,
    )
}

#[inline]
fn hash(cx: i32, cy: i32, level: u32, mask: u32) -> u32 {
    let h = (cx as u32).wrapping_mul(0x9E37_79B1)
        ^ (cy as u32).wrapping_mul(0x85EB_CA77)
        ^ level.wrapping_mul(0xC2B2_AE3D);
    (h ^ (h >> 15)) & mask
}

fn normalise(v: Point) -> Point {
    let n = (v.0 * v.0 + v.1 * v.1).sqrt();
    if n < 1e-12 {
        (0.0, 0.0)
    } else {
        (v.0 / n, v.1 / n)
    }
}

/// Entries of the repulsion table per metre of distance.
const REPULSION_TABLE_SCALE: f32 = 4096.0;

/// `a·exp((2r − d)/D)` tabulated every 0.25 mm from 0 to the cutoff: the exponential is most of
/// the kernel's cost otherwise. Built with `libm` (software, so the same on every platform).
fn repulsion_table() -> Vec<f32> {
    let n = (REPULSION_CUTOFF_M * REPULSION_TABLE_SCALE) as usize + 2;
    (0..n)
        .map(|i| {
            let d = (i as f64 + 0.5) / f64::from(REPULSION_TABLE_SCALE);
            (REPULSION * libm::exp((2.0 * RADIUS_M - d) / REPULSION_RANGE_M)) as f32
        })
        .collect()
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
            route: VecDeque::new(),
            legs: VecDeque::new(),
            goal: None,
            stall_s: 0.0,
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

    /// Send a person towards a goal. `false` if nothing open leads there.
    pub fn send(&mut self, p: usize, goal: Goal) -> bool {
        let w = &self.walkers[p];
        let mut options = goal.options;
        if !w.can_climb {
            options.min_width_m = options.min_width_m.max(WHEELCHAIR_MIN_WIDTH_M);
        }
        let Some(route) = self.graph.route(w.node, w.pos, &goal.nodes, options) else {
            let w = &mut self.walkers[p];
            w.goal = Some(goal);
            if !matches!(w.motion, Motion::Traverse { .. }) {
                w.motion = Motion::Still;
            }
            return false;
        };
        let legs = self.legs_to(self.walkers[p].node, self.walkers[p].pos, &route, &goal);
        let w = &mut self.walkers[p];
        w.route = route.into();
        w.legs = legs;
        w.goal = Some(goal);
        w.reset_progress();
        if !matches!(w.motion, Motion::Traverse { .. }) {
            w.motion = Motion::Walk;
        }
        true
    }

    /// Stop where one is (cover, staying behind, injured); nobody stops in a doorway: one
    /// steps clear of it into the space first.
    pub fn halt(&mut self, p: usize) {
        let (node, pos) = (self.walkers[p].node, self.walkers[p].pos);
        for &l in self.graph.links_of(node) {
            let Gate::Segment { p0, p1, normal } = self.geom.gates[l] else {
                continue;
            };
            let (d, _) = point_segment(pos, p0, p1);
            if d < DOORWAY_CLEAR_M {
                let inward = if self.graph.links[l].a == node {
                    (-normal.0, -normal.1)
                } else {
                    normal
                };
                // Aside, by the wall beyond the nearer jamb, out of the way of those using it.
                let (_, t) = point_segment(pos, p0, p1);
                let (jamb, away) = if t < 0.5 {
                    (p0, (p0.0 - p1.0, p0.1 - p1.1))
                } else {
                    (p1, (p1.0 - p0.0, p1.1 - p0.1))
                };
                let away = normalise(away);
                let aside = (
                    jamb.0 + DOORWAY_CLEAR_M * (away.0 + inward.0),
                    jamb.1 + DOORWAY_CLEAR_M * (away.1 + inward.1),
                );
                let side = (pos.0 - p0.0) * inward.0 + (pos.1 - p0.1) * inward.1;
                let step = DOORWAY_CLEAR_M - side.max(0.0);
                let back = (pos.0 + inward.0 * step, pos.1 + inward.1 * step);
                let inside = |x: Point| {
                    !self.geom.spaces[node].confined || contains(&self.graph.nodes[node].polygon, x)
                };
                if let Some(clear) = [aside, back].into_iter().find(|&x| inside(x)) {
                    self.walkers[p].pos = clear;
                }
            }
        }
        let w = &mut self.walkers[p];
        w.route.clear();
        w.legs.clear();
        w.goal = None;
        // Nobody stops on a flight half-way: finish it first, then stand.
        if !matches!(w.motion, Motion::Traverse { .. }) {
            w.motion = Motion::Still;
            w.heading = (0.0, 0.0);
            w.speed_mps = 0.0;
        }
    }

    /// Close (`true`) or reopen a link; everyone whose route used it re-routes from where they
    /// stand. Returns those who can no longer reach their goal.
    pub fn set_blocked(&mut self, link: usize, blocked: bool) -> Vec<usize> {
        self.graph.links[link].blocked = blocked;
        let mut stranded = Vec::new();
        for p in 0..self.walkers.len() {
            let w = &self.walkers[p];
            let affected = match &w.goal {
                Some(_) if blocked => w.route.contains(&link),
                Some(_) => w.motion == Motion::Still || !w.route.is_empty(),
                None => false,
            };
            if !affected || matches!(w.motion, Motion::Traverse { .. }) {
                continue;
            }
            let mut goal = w.goal.clone().unwrap_or_else(unreachable_goal);
            if blocked {
                // The assigned route is broken: any exit will do now.
                goal.options.only_exit = None;
            }
            if !self.send(p, goal) {
                stranded.push(p);
            }
        }
        stranded
    }

    /// The road legs for a walk across open ground to the goal point (none elsewhere).
    fn legs_to(&self, node: usize, pos: Point, route: &[usize], goal: &Goal) -> VecDeque<Leg> {
        match goal.point {
            Some(to) if route.is_empty() && !self.geom.spaces[node].confined => {
                if self.graph.roads.is_empty() {
                    VecDeque::new()
                } else {
                    self.graph.roads.path(pos, to).into()
                }
            }
            _ => VecDeque::new(),
        }
    }

    /// Close or reopen a road of a terrain site; those walking re-plan from where they are.
    /// `false` if there is no such road.
    pub fn set_road_blocked(&mut self, road: &str, blocked: bool) -> bool {
        if !self.graph.roads.set_blocked(road, blocked) {
            return false;
        }
        for p in 0..self.walkers.len() {
            let w = &self.walkers[p];
            if w.legs.is_empty() {
                continue;
            }
            let Some(goal) = w.goal.clone() else {
                continue;
            };
            let legs = self.legs_to(w.node, w.pos, &[], &goal);
            self.walkers[p].legs = legs;
        }
        true
    }

    /// Where a walker is heading: the next opening's aim point (and its outward normal), or the
    /// goal point.
    fn target(&self, w: &Walker) -> (Point, Option<(usize, Point)>) {
        match w.route.front() {
            Some(&l) => {
                let from_a = self.graph.links[l].a == w.node;
                let (q, n) = self.geom.gates[l].aim(w.pos, w.radius_m, from_a);
                match n {
                    Some(n) => {
                        // Beside the opening, close to its wall: first in front of it, else
                        // one walks into the jamb.
                        let (ox, oy) = (w.pos.0 - q.0, w.pos.1 - q.1);
                        let off_line = ox * n.0 + oy * n.1;
                        let (bx, by) = (ox - off_line * n.0, oy - off_line * n.1);
                        let beside = (bx * bx + by * by).sqrt();
                        let ahead = if off_line > -1.0 {
                            (0.5 - 2.0 * beside).max(-0.3)
                        } else {
                            0.5
                        };
                        ((q.0 + ahead * n.0, q.1 + ahead * n.1), Some((l, n)))
                    }
                    None => (q, Some((l, (0.0, 0.0)))),
                }
            }
            None => {
                if let Some(leg) = w.legs.front() {
                    return (leg.to, None);
                }
                let g = w.goal.as_ref().and_then(|g| g.point);
                (g.unwrap_or(self.graph.nodes[w.node].centroid), None)
            }
        }
    }

    /// The desired direction of a walker, and the next link with its outward normal.
    fn desired(&self, w: &Walker) -> (Point, Option<(usize, Point)>) {
        let (target, next) = self.target(w);
        if let Some((l, _)) = next {
            let from_a = self.graph.links[l].a == w.node;
            let far = self.geom.gates[l].distance(w.pos, from_a) > APPROACH_M;
            if far
                && let Some(d) = self.geom.spaces[w.node]
                    .field(l)
                    .and_then(|f| f.direction(w.pos))
            {
                return (d, next);
            }
        }
        (normalise((target.0 - w.pos.0, target.1 - w.pos.1)), next)
    }

    fn level(&self, node: usize) -> u32 {
        self.geom.spaces[node].level
    }

    /// Build the neighbour hash over everyone standing or walking in a space.
    fn build_hash(&mut self) {
        let n = self.walkers.len();
        let size = (2 * n).next_power_of_two().max(1024);
        let mask = (size - 1) as u32;
        let s = &mut self.scratch;
        s.bucket.clear();
        s.bucket.resize(size + 1, 0);
        s.key.clear();
        for w in &self.walkers {
            if matches!(w.motion, Motion::Traverse { .. }) {
                s.key.push(u32::MAX);
                continue;
            }
            let (cx, cy) = cell_of(w.pos.0, w.pos.1);
            let k = hash(cx, cy, self.geom.spaces[w.node].level, mask);
            s.key.push(k);
            s.bucket[k as usize + 1] += 1;
        }
        for i in 0..size {
            s.bucket[i + 1] += s.bucket[i];
        }
        let placed = s.bucket[size] as usize;
        s.slots.clear();
        s.slots.resize(placed, Slot::default());
        // Scatter with a running cursor per bucket: bucket[k] is the next free slot, so after
        // the pass bucket[k] is the end of bucket k and the start is bucket[k] − count.
        for (p, w) in self.walkers.iter().enumerate() {
            let k = s.key[p];
            if k == u32::MAX {
                continue;
            }
            let slot = s.bucket[k as usize] as usize;
            s.bucket[k as usize] += 1;
            s.slots[slot] = Slot {
                x: w.pos.0 as f32,
                y: w.pos.1 as f32,
                hx: w.heading.0 as f32,
                hy: w.heading.1 as f32,
                node: w.node as u32,
                person: p as u32,
                r: w.radius_m as f32,
                moving: w.motion == Motion::Walk && w.speed_mps > 0.05,
            };
        }
        // Shift back so that bucket[k]..bucket[k + 1] is bucket k.
        for i in (1..=size).rev() {
            s.bucket[i] = s.bucket[i - 1];
        }
        s.bucket[0] = 0;
    }

    /// One walker's proposed position and speed for this step (reads only the hash).
    fn propose(&self, p: usize, dt_s: f64) -> Proposal {
        let w = &self.walkers[p];
        let (e0, next) = self.desired(w);
        // People on the far side of the next door count when one is close to it.
        let beyond = match next {
            Some((l, n)) if n != (0.0, 0.0) => {
                let from_a = self.graph.links[l].a == w.node;
                if self.geom.gates[l].distance(w.pos, from_a) < APPROACH_M {
                    let link = &self.graph.links[l];
                    (if from_a { link.b } else { link.a }) as u32
                } else {
                    u32::MAX
                }
            }
            _ => u32::MAX,
        };
        let own = w.node as u32;
        let s = &self.scratch;
        let repulsion = &self.repulsion[..];
        let size = s.bucket.len() - 1;
        let mask = (size - 1) as u32;
        let level = self.level(w.node);
        let (cx, cy) = cell_of(w.pos.0, w.pos.1);
        let (px, py) = (w.pos.0 as f32, w.pos.1 as f32);
        // Heading for the "in my way" test: last step's, or the desired one when standing.
        let (hx, hy) = if w.heading == (0.0, 0.0) {
            (e0.0 as f32, e0.1 as f32)
        } else {
            (w.heading.0 as f32, w.heading.1 as f32)
        };
        let right = (e0.1, -e0.0);
        let stuck = w.speed_mps < 0.05 && w.heading != (0.0, 0.0);
        let mut rfx = 0.0f32;
        let mut rfy = 0.0f32;
        let cutoff2 = REPULSION_CUTOFF_M * REPULSION_CUTOFF_M;
        let mut side = 0.0f64;
        let mut gap = f32::INFINITY;
        let mut blocker = u32::MAX;
        let range2 = (NEIGHBOUR_RANGE_M * NEIGHBOUR_RANGE_M) as f32;
        let own_r = w.radius_m as f32;
        // Adults are the common case: one radius for both, the table's own.
        let shift = 2.0 * RADIUS_M as f32;
        let mut seen = [u32::MAX; 9];
        let mut nseen = 0;
        for dy in -1..=1 {
            for dx in -1..=1 {
                let h = hash(cx + dx, cy + dy, level, mask);
                if seen[..nseen].contains(&h) {
                    continue;
                }
                seen[nseen] = h;
                nseen += 1;
                let (a, b) = (
                    s.bucket[h as usize] as usize,
                    s.bucket[h as usize + 1] as usize,
                );
                for o in &s.slots[a..b] {
                    let nj = o.node;
                    if nj != own && nj != beyond {
                        continue;
                    }
                    let (rx, ry) = (o.x - px, o.y - py);
                    let d2 = rx * rx + ry * ry;
                    if d2 > range2 {
                        continue;
                    }
                    let along = rx * hx + ry * hy;
                    let lateral = (rx * hy - ry * hx).abs();
                    let reach = own_r + o.r;
                    let in_way = along > 0.0 && lateral < reach;
                    if d2 >= cutoff2 && !in_way {
                        continue;
                    }
                    let (d, ux, uy) = if d2 < 1e-10 {
                        let j = o.person as usize;
                        if j == p {
                            continue;
                        }
                        // Two people on one spot: part them by index.
                        let (ox, oy) = spread(p.max(j));
                        let sign = if p < j { 1.0 } else { -1.0 };
                        (0.0, (sign * ox) as f32, (sign * oy) as f32)
                    } else {
                        let d = d2.sqrt();
                        let inv = 1.0 / d;
                        (d, rx * inv, ry * inv)
                    };
                    // The table is for two default bodies: look up at the same surface gap.
                    let dt = (d - reach + shift).max(0.0);
                    if dt < REPULSION_CUTOFF_M {
                        let rep = repulsion[(dt * REPULSION_TABLE_SCALE) as usize];
                        rfx -= rep * ux;
                        rfy -= rep * uy;
                    }
                    if in_way {
                        // Two people stuck facing into each other (pressed into a corner): the
                        // one with the lower index goes first, so the pair cannot lock.
                        let j = o.person as usize;
                        let facing_me = -(o.hx * rx + o.hy * ry) > 0.0;
                        let first = p < j && stuck && !o.moving && facing_me;
                        if !first && d - reach < gap {
                            gap = d - reach;
                            blocker = j as u32;
                        }
                        let near = 1.0 - f64::from(d) / NEIGHBOUR_RANGE_M;
                        if o.hx * hx + o.hy * hy < -0.5 {
                            // Coming the other way: both keep right, and lanes form.
                            side = side.max(near);
                        } else if !o.moving && o.hx == 0.0 && o.hy == 0.0 {
                            // Someone standing: pass on the side away from them.
                            let left_of_me = f64::from(rx) * e0.1 - f64::from(ry) * e0.0 < 0.0;
                            let step = if left_of_me { near } else { -near };
                            if step.abs() > side.abs() {
                                side = step;
                            }
                        }
                    }
                }
            }
        }
        let (fx, fy) = (f64::from(rfx), f64::from(rfy));
        let mut e = normalise((
            e0.0 + fx + SIDESTEP * side * right.0,
            e0.1 + fy + SIDESTEP * side * right.1,
        ));
        // Walls guide rather than repel: within reach of a wall, the part of the direction
        // that points into it is taken away (one slides along it, no bouncing off a door
        // jamb), and a body overlapping it is eased off.
        for &(a, b) in &self.geom.spaces[w.node].walls {
            let (d, t) = point_segment(w.pos, a, b);
            if d < WALL_REACH_M + w.radius_m - RADIUS_M && d > 1e-9 {
                let q = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
                let n = ((w.pos.0 - q.0) / d, (w.pos.1 - q.1) / d);
                let into = e.0 * n.0 + e.1 * n.1;
                let r = w.radius_m;
                let reach = WALL_REACH_M + r - RADIUS_M;
                let k = ((reach - d) / (reach - r)).min(1.0);
                let ease = ((r - d) / r).max(0.0);
                let cut = into.min(0.0) * k;
                e = (e.0 - cut * n.0 + ease * n.0, e.1 - cut * n.1 + ease * n.1);
            }
        }
        let e = normalise(e);
        // People turn within a fraction of a second, not instantly: the direction relaxes
        // towards the new one (Xu, Chraibi & Seyfried 2021, the generalized collision-free
        // velocity model), which also stops two-step flip-flops against walls and crowds.
        let e = if w.heading == (0.0, 0.0) {
            e
        } else {
            let k = (dt_s / TURN_TIME_S).min(1.0);
            let r = normalise((
                w.heading.0 + k * (e.0 - w.heading.0),
                w.heading.1 + k * (e.1 - w.heading.1),
            ));
            if r == (0.0, 0.0) { e } else { r }
        };
        let e = if e == (0.0, 0.0) { e0 } else { e };
        let mut v0 =
            w.free_speed_mps * smoke_speed_factor(self.smoke_k[w.node]) * self.footing[w.node];
        if w.legs.front().is_some_and(|l| !l.on_road) {
            v0 *= OFF_ROAD_FACTOR;
        }
        // A class walks at its teacher's pace while the teacher walks.
        if let Some(l) = w.leader {
            let lw = &self.walkers[l];
            if lw.motion != Motion::Still {
                v0 = v0.min(lw.free_speed_mps.max(0.3));
            }
        }
        let v = if gap.is_finite() {
            // `gap` is between body surfaces: l = r_i + r_j (STANDSTILL_GAP_M for two adults).
            (f64::from(gap) / TIME_GAP_S).clamp(0.0, v0)
        } else {
            v0
        };
        Proposal {
            to: (w.pos.0 + e.0 * v * dt_s, w.pos.1 + e.1 * v * dt_s),
            speed: v,
            dir: e,
            blocker,
        }
    }

    /// Advance everyone by `dt_s`; milestones go to `out` in person order.
    pub fn step(&mut self, dt_s: f64, tick: u64, out: &mut Vec<Milestone>) {
        for (l, link) in self.graph.links.iter().enumerate() {
            self.credit[l] =
                (self.credit[l] + link.flow_pps * dt_s).min(1.0 + link.flow_pps * dt_s);
        }
        self.build_hash();
        let n = self.walkers.len();
        let mut prop = std::mem::take(&mut self.scratch.prop);
        prop.clear();
        for p in 0..n {
            let down = self.walkers[p].down_s > 0.0;
            prop.push(if self.walkers[p].motion == Motion::Walk && !down {
                self.propose(p, dt_s)
            } else {
                Proposal {
                    to: self.walkers[p].pos,
                    speed: 0.0,
                    dir: (0.0, 0.0),
                    blocker: u32::MAX,
                }
            });
        }
        for (p, pr) in prop.iter().enumerate() {
            match self.walkers[p].motion {
                // Someone down lies still: no progress is asked of them meanwhile.
                Motion::Walk if self.walkers[p].down_s > 0.0 => {
                    self.walkers[p].down_s = (self.walkers[p].down_s - dt_s).max(0.0);
                }
                Motion::Walk => {
                    self.apply(p, pr, dt_s, tick, out);
                    self.make_way(p, pr, dt_s);
                }
                Motion::Traverse { link, remaining_s } => {
                    if remaining_s > dt_s {
                        self.walkers[p].motion = Motion::Traverse {
                            link,
                            remaining_s: remaining_s - dt_s,
                        };
                    } else {
                        self.land(p, link);
                    }
                }
                Motion::Still => {}
            }
        }
        self.scratch.prop = prop;
    }

    /// Accept, limit or refuse one walker's proposed move.
    #[allow(clippy::too_many_arguments)]
    fn apply(&mut self, p: usize, prop: &Proposal, dt_s: f64, tick: u64, out: &mut Vec<Milestone>) {
        let (q, v, e) = (prop.to, prop.speed, prop.dir);
        let pos = self.walkers[p].pos;
        let node = self.walkers[p].node;
        if let Some(&l) = self.walkers[p].route.front() {
            let from_a = self.graph.links[l].a == node;
            let gate = &self.geom.gates[l];
            if gate.distance(pos, from_a) < 1.0 && self.walkers[p].reported != Some(l) {
                self.walkers[p].reported = Some(l);
                self.first_reached[l].get_or_insert(tick);
                out.push(Milestone::Reached { person: p, link: l });
            }
            let crossing = match *gate {
                Gate::Segment { p0, p1, normal } => {
                    let n = if from_a {
                        normal
                    } else {
                        (-normal.0, -normal.1)
                    };
                    let side = |x: Point| (x.0 - p0.0) * n.0 + (x.1 - p0.1) * n.1;
                    let (before, after) = (side(pos), side(q));
                    if after >= 0.0 {
                        let f = if before < 0.0 {
                            before / (before - after)
                        } else {
                            0.0
                        };
                        let c = (pos.0 + (q.0 - pos.0) * f, pos.1 + (q.1 - pos.1) * f);
                        (point_segment(c, p0, p1).0 < 0.05).then_some((c, n))
                    } else {
                        None
                    }
                }
                Gate::Zone { .. } => {
                    let (at, _) = gate.aim(q, self.walkers[p].radius_m, from_a);
                    (dist(q, at) < ZONE_ENTER_M).then_some((q, (0.0, 0.0)))
                }
            };
            if let Some((c, n)) = crossing {
                if self.credit[l] >= 1.0 {
                    self.credit[l] -= 1.0;
                    self.pass(p, l, c, n, out);
                } else {
                    // The opening is at its flow limit: wait at it.
                    let w = &mut self.walkers[p];
                    w.heading = e;
                    w.speed_mps = 0.0;
                }
                return;
            }
        }
        let space = &self.geom.spaces[node];
        let accepted = if space.confined {
            let poly = &self.graph.nodes[node].polygon;
            if contains(poly, q) {
                Some(q)
            } else {
                // Into a wall: slide along the nearest one, else along an axis, else stay.
                let along_wall = space
                    .walls
                    .iter()
                    .min_by(|a, b| {
                        point_segment(q, a.0, a.1)
                            .0
                            .total_cmp(&point_segment(q, b.0, b.1).0)
                    })
                    .map_or(pos, |&(a, b)| {
                        let t = normalise((b.0 - a.0, b.1 - a.1));
                        let m = (q.0 - pos.0) * t.0 + (q.1 - pos.1) * t.1;
                        (pos.0 + m * t.0, pos.1 + m * t.1)
                    });
                [along_wall, (q.0, pos.1), (pos.0, q.1)]
                    .into_iter()
                    .find(|&c| contains(poly, c))
            }
        } else {
            Some(q)
        };
        let new = accepted.unwrap_or(pos);
        let moved = dist(pos, new);
        let arrived_here = self.arrived[node];
        let w = &mut self.walkers[p];
        w.pos = new;
        w.heading = e;
        w.speed_mps = if accepted.is_some() {
            v.min(moved / dt_s)
        } else {
            0.0
        };
        if !w.route.is_empty() {
            return;
        }
        if w.legs.len() > 1 {
            // At a bend, or held off it by others there: on to the next leg.
            let d = dist(w.pos, w.legs[0].to);
            if w.stalled(d, dt_s) || d < WAYPOINT_M {
                w.legs.pop_front();
                w.reset_progress();
            }
            return;
        }
        let target = w
            .goal
            .as_ref()
            .and_then(|g| g.point)
            .unwrap_or(self.graph.nodes[node].centroid);
        // No closer to the goal for a while: one has joined those standing round it.
        let d = dist(w.pos, target);
        // Those already there stand round the goal at about 2 p/m²: the edge of that group is
        // arriving too.
        let group_r = (f64::from(arrived_here) / (2.0 * std::f64::consts::PI)).sqrt();
        if w.stalled(d, dt_s) || d < ARRIVE_M + group_r {
            w.motion = Motion::Still;
            w.goal = None;
            w.legs.clear();
            w.heading = (0.0, 0.0);
            w.speed_mps = 0.0;
            w.reset_progress();
            self.arrived[node] += 1;
            out.push(Milestone::Arrived { person: p, node });
        }
    }

    /// Someone standing still who blocks a walker steps aside (people in a waiting crowd make
    /// way), if there is room beside them.
    fn make_way(&mut self, p: usize, prop: &Proposal, dt_s: f64) {
        let j = prop.blocker as usize;
        if prop.speed > 0.05 || j >= self.walkers.len() || self.walkers[j].motion != Motion::Still {
            return;
        }
        let (me, them) = (self.walkers[p].pos, self.walkers[j].pos);
        let e = prop.dir;
        // Aside, perpendicular to the walker's way, on the side they already stand.
        let cross = e.0 * (them.1 - me.1) - e.1 * (them.0 - me.0);
        let side = if cross >= 0.0 {
            (-e.1, e.0)
        } else {
            (e.1, -e.0)
        };
        let step = MAKE_WAY_MPS * dt_s;
        let to = (them.0 + step * side.0, them.1 + step * side.1);
        let node = self.walkers[j].node;
        if !self.geom.spaces[node].confined || contains(&self.graph.nodes[node].polygon, to) {
            self.walkers[j].pos = to;
        }
    }

    /// Through an opening at `c` (outward normal `n`): into the next space, or onto a stair or
    /// into a lift.
    fn pass(&mut self, p: usize, l: usize, c: Point, n: Point, out: &mut Vec<Milestone>) {
        out.push(Milestone::Passed { person: p, link: l });
        self.passed[l] += 1;
        let link = &self.graph.links[l];
        let node = self.walkers[p].node;
        let to = if link.a == node { link.b } else { link.a };
        let traverse_s = match link.kind {
            LinkKind::Stair {
                run_m,
                up_mps,
                down_mps,
            } => {
                let w = &self.walkers[p];
                let up = self.graph.elevation(to) > self.graph.elevation(node);
                let scale = w.free_speed_mps / REFERENCE_SPEED_MPS;
                let v = if up {
                    up_mps.unwrap_or(STAIR_UP_MPS * scale)
                } else {
                    down_mps.unwrap_or(STAIR_DOWN_MPS * scale)
                };
                // Wheelchair users are carried down by helpers (evacuation chair pace).
                let v = if w.can_climb { v } else { v.min(0.2) };
                let v = v * smoke_speed_factor(self.smoke_k[node]) * self.footing[node];
                run_m / v.max(0.05)
            }
            LinkKind::Lift { trip_s } => trip_s,
            LinkKind::Door | LinkKind::Exit => 0.0,
        };
        let w = &mut self.walkers[p];
        w.route.pop_front();
        w.reported = None;
        if traverse_s > 0.0 {
            w.pos = c;
            w.motion = Motion::Traverse {
                link: l,
                remaining_s: traverse_s,
            };
            return;
        }
        let inside =
            |x: Point| !self.geom.spaces[to].confined || contains(&self.graph.nodes[to].polygon, x);
        let candidates = [
            (c.0 + 0.1 * n.0, c.1 + 0.1 * n.1),
            (c.0 + 0.3 * n.0, c.1 + 0.3 * n.1),
            link.at(to),
        ];
        let np = candidates
            .into_iter()
            .find(|&x| inside(x))
            .unwrap_or(self.graph.nodes[to].centroid);
        let w = &mut self.walkers[p];
        w.node = to;
        w.pos = np;
        w.reset_progress();
    }

    /// Off a stair flight or out of a lift, on the other side.
    fn land(&mut self, p: usize, l: usize) {
        let link = &self.graph.links[l];
        let node = self.walkers[p].node;
        let to = if link.a == node { link.b } else { link.a };
        let base = self.geom.gates[l].centre(link.a == to);
        let o = spread(p);
        let spot = (base.0 + o.0, base.1 + o.1);
        let ok = !self.geom.spaces[to].confined || contains(&self.graph.nodes[to].polygon, spot);
        let w = &mut self.walkers[p];
        w.node = to;
        w.pos = if ok { spot } else { base };
        w.reset_progress();
        w.motion = if w.goal.is_some() {
            Motion::Walk
        } else {
            Motion::Still
        };
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

/// The benchmark room: 30 × 20 m, a 1 m exit in the middle of each wall, `n` people on a
/// jittered grid filling it, all on their way out. Past about 3,000 people the room is
/// over-full (more than 5.4 p/m²): then it measures the kernel's cost, not a real scene.
pub fn bench_room(n: usize) -> Network {
    let mut g = NavGraph::default();
    let room = g.add_space(
        "room",
        0,
        0.0,
        vec![(0.0, 0.0), (30.0, 0.0), (30.0, 20.0), (0.0, 20.0)],
    );
    let out = g.add_open_ground("outside", Vec::new());
    g.add_exit("north", room, out, (15.0, 20.0), 1.0);
    g.add_exit("south", room, out, (15.0, 0.0), 1.0);
    g.add_exit("east", room, out, (30.0, 10.0), 1.0);
    g.add_exit("west", room, out, (0.0, 10.0), 1.0);
    let mut net = Network::new(g);
    let a = (600.0 / n.max(1) as f64).sqrt();
    let nx = ((30.0 / a).floor() as usize).max(1);
    let ny = n.div_ceil(nx);
    let (sx, sy) = (30.0 / nx as f64, 20.0 / ny as f64);
    for i in 0..n {
        let j = spread(i);
        let x = (((i % nx) as f64 + 0.5) * sx + 0.3 * sx * j.0).clamp(0.05, 29.95);
        let y = (((i / nx) as f64 + 0.5) * sy + 0.3 * sy * j.1).clamp(0.05, 19.95);
        let p = net.add(room, (x, y), 1.34, true);
        net.send(
            p,
            Goal {
                nodes: vec![out],
                point: None,
                options: super::network::RouteOptions::default(),
            },
        );
    }
    net
}

fn unreachable_goal() -> Goal {
    Goal {
        nodes: Vec::new(),
        point: None,
        options: super::network::RouteOptions::default(),
    }
}
