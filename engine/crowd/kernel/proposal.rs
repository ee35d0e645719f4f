//! Each walker's proposed move for a step, computed from everyone's previous positions: the
//! neighbour hash, repulsion, the speed function, walls, turning, smoke and footing.

use super::choice::{QUEUE_BIN_M, QUEUE_BINS};
use super::{
    APPROACH_M, BACK_OFF_MPS, LANE_CLEAR_M, LANE_M, LANE_PUSH, Motion, NEIGHBOUR_RANGE_M, Network,
    RADIUS_M, REPULSION, REPULSION_CUTOFF_M, REPULSION_RANGE_M, SIDESTEP, TIME_GAP_S, TURN_TIME_S,
    WALL_REACH_M, normalise, smoke_speed_factor, spread,
};
use crate::crowd::roads::OFF_ROAD_FACTOR;
use crate::crowd::space::Gate;
use crate::scenario::geometry::point_segment;
use crate::scenario::schema::Point;

/// Reused per-step buffers.
#[derive(Clone, Debug, Default)]
pub(super) struct Scratch {
    bucket: Vec<u32>,
    key: Vec<u32>,
    /// Everyone in the plane, sorted by hash bucket.
    slots: Vec<Slot>,
    pub(super) prop: Vec<Proposal>,
    /// Per link: walkers within `LANE_M` of it heading through it from side `a` and from `b`.
    pub(super) approaching: Vec<[u32; 2]>,
    /// Per link, `QUEUE_BINS` bins: walkers heading for it by distance from it, as running
    /// totals (bin k: those nearer than (k + 1)·`QUEUE_BIN_M`).
    pub(super) queue: Vec<u32>,
    pub(super) goal_nodes: Vec<usize>,
    /// Per person: the free speed of the slowest walking member of the group they lead.
    pub(super) pace: Vec<f64>,
    /// Per link: the first (by index) held up right at it.
    pub(super) first_at: Vec<u32>,
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
pub(super) struct Proposal {
    pub(super) to: Point,
    pub(super) speed: f64,
    pub(super) dir: Point,
    /// The person in the way that limits the speed (`u32::MAX`: nobody).
    pub(super) blocker: u32,
    /// The way one wants to go (before others and walls are taken into account).
    pub(super) want: Point,
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

/// Entries of the repulsion table per metre of distance.
const REPULSION_TABLE_SCALE: f32 = 4096.0;

/// `a·exp((2r − d)/D)` tabulated every 0.25 mm from 0 to the cutoff: the exponential is most of
/// the kernel's cost otherwise. Built with `libm` (software, so the same on every platform).
pub(super) fn repulsion_table() -> Vec<f32> {
    let n = (REPULSION_CUTOFF_M * REPULSION_TABLE_SCALE) as usize + 2;
    (0..n)
        .map(|i| {
            let d = (i as f64 + 0.5) / f64::from(REPULSION_TABLE_SCALE);
            (REPULSION * libm::exp((2.0 * RADIUS_M - d) / REPULSION_RANGE_M)) as f32
        })
        .collect()
}

impl Network {
    fn level(&self, node: usize) -> u32 {
        self.geom.spaces[node].level
    }

    /// Count who is about to go through each opening from either side.
    pub(super) fn count_approaching(&mut self) {
        let s = &mut self.scratch;
        s.approaching.clear();
        s.approaching.resize(self.graph.links.len(), [0, 0]);
        s.queue.clear();
        s.queue.resize(self.graph.links.len() * QUEUE_BINS, 0);
        s.pace.clear();
        s.pace.resize(self.walkers.len(), f64::INFINITY);
        for w in &self.walkers {
            if let Some(l) = w.leader
                && w.motion != Motion::Still
            {
                s.pace[l] = s.pace[l].min(w.free_speed_mps);
            }
            let Some(&l) = w.route.front() else {
                continue;
            };
            if w.motion != Motion::Walk {
                continue;
            }
            let from_a = self.graph.links[l].a == w.node;
            let d = self.geom.gates[l].distance(w.pos, from_a);
            if d < LANE_M {
                s.approaching[l][usize::from(!from_a)] += 1;
            }
            let k = ((d / QUEUE_BIN_M) as usize).min(QUEUE_BINS - 1);
            s.queue[l * QUEUE_BINS + k] += 1;
        }
        // Running totals: people within each distance.
        for bins in s.queue.chunks_exact_mut(QUEUE_BINS) {
            for k in 1..QUEUE_BINS {
                bins[k] += bins[k - 1];
            }
        }
    }

    /// In front of a door others are coming through the other way: a push out of the half
    /// where they come out (one's left) towards one's own (right) half, so that waiting people
    /// leave the oncoming lane free (zero elsewhere).
    fn keep_to_lane(&self, w: &super::Walker, next: Option<(usize, Point)>) -> Point {
        let Some((l, n)) = next else {
            return (0.0, 0.0);
        };
        let from_a = self.graph.links[l].a == w.node;
        let Gate::Segment { p0, p1, .. } = self.geom.gates[l] else {
            return (0.0, 0.0);
        };
        if n == (0.0, 0.0) || !self.oncoming(l, from_a) {
            return (0.0, 0.0);
        }
        let mid = ((p0.0 + p1.0) / 2.0, (p0.1 + p1.1) / 2.0);
        let rel = (w.pos.0 - mid.0, w.pos.1 - mid.1);
        let right = (n.1, -n.0);
        let aside = rel.0 * right.0 + rel.1 * right.1;
        let before = -(rel.0 * n.0 + rel.1 * n.1);
        let half = crate::scenario::geometry::dist(p0, p1) / 2.0;
        if before < LANE_CLEAR_M && aside < 0.1 && aside > -(half + LANE_CLEAR_M) {
            (LANE_PUSH * right.0, LANE_PUSH * right.1)
        } else {
            (0.0, 0.0)
        }
    }

    /// Whether someone is coming through opening `l` towards a walker on side `from_a`.
    pub(super) fn oncoming(&self, l: usize, from_a: bool) -> bool {
        self.scratch
            .approaching
            .get(l)
            .is_some_and(|c| c[usize::from(from_a)] > 0)
    }

    /// Build the neighbour hash over everyone standing or walking in a space.
    pub(super) fn build_hash(&mut self) {
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
    pub(super) fn propose(&self, p: usize, dt_s: f64) -> Proposal {
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
        let joining = w.place.is_some();
        let outdoors = !self.geom.spaces[w.node].confined;
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
        // The neighbour pass in two: first everyone in the nine cells, keeping only those
        // within range (no branch: whether someone is in range is as good as random in a
        // crowd, and a mispredicted branch costs more than the check), then the work for those.
        let mut visit = |o: &Slot| {
            let (rx, ry) = (o.x - px, o.y - py);
            let d2 = rx * rx + ry * ry;
            let along = rx * hx + ry * hy;
            let lateral = (rx * hy - ry * hx).abs();
            let reach = own_r + o.r;
            let in_way = along > 0.0 && lateral < reach;
            if d2 >= cutoff2 && !in_way {
                return;
            }
            let (d, ux, uy) = if d2 < 1e-10 {
                let j = o.person as usize;
                if j == p {
                    return;
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
        };
        const BATCH: usize = 64;
        let mut near = [0u32; BATCH];
        let mut n_near = 0usize;
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
                for (k, o) in s.slots[a..b].iter().enumerate() {
                    let nj = o.node;
                    if nj != own && nj != beyond {
                        continue;
                    }
                    // Someone joining the group at the goal threads their way in among those
                    // already standing there, and anyone on open ground through a standing
                    // crowd (a loose crowd at 2 p/m² lets one through).
                    if (joining || outdoors) && nj == own && o.hx == 0.0 && o.hy == 0.0 && !o.moving
                    {
                        continue;
                    }
                    let (rx, ry) = (o.x - px, o.y - py);
                    near[n_near & (BATCH - 1)] = (a + k) as u32;
                    n_near += usize::from(rx * rx + ry * ry <= range2);
                    if n_near == BATCH {
                        for &k in &near {
                            visit(&s.slots[k as usize]);
                        }
                        n_near = 0;
                    }
                }
            }
        }
        for &k in &near[..n_near] {
            visit(&s.slots[k as usize]);
        }
        let (fx, fy) = (f64::from(rfx), f64::from(rfy));
        let (lx, ly) = self.keep_to_lane(w, next);
        let mut e = normalise((
            e0.0 + fx + SIDESTEP * side * right.0 + lx,
            e0.1 + fy + SIDESTEP * side * right.1 + ly,
        ));
        // Walls guide rather than repel: within reach of a wall, the part of the direction
        // that points into it is taken away (one slides along it, no bouncing off a door
        // jamb), and a body overlapping it is eased off.
        // The opening one is going through is no wall; the space's other openings are, to
        // someone not going through them (nobody is pressed into a doorway they cannot use).
        let through = next.and_then(|(l, _)| match self.geom.gates[l] {
            Gate::Segment { p0, p1, .. } => Some((p0, p1)),
            Gate::Zone { .. } => None,
        });
        let space = &self.geom.spaces[w.node];
        let doorways = space.doorways.iter().copied();
        let walls = space.walls_near(w.pos).copied();
        let wall_reach = WALL_REACH_M + w.radius_m - RADIUS_M;
        let (x, y) = w.pos;
        for (a, b) in walls.chain(doorways) {
            // Most people are nowhere near most walls: out of the wall's box grown by the reach,
            // no distance to work out.
            if x < a.0.min(b.0) - wall_reach
                || x > a.0.max(b.0) + wall_reach
                || y < a.1.min(b.1) - wall_reach
                || y > a.1.max(b.1) + wall_reach
                || through == Some((a, b))
            {
                continue;
            }
            let (d, t) = point_segment(w.pos, a, b);
            if d < wall_reach && d > 1e-9 {
                let q = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
                let n = ((w.pos.0 - q.0) / d, (w.pos.1 - q.1) / d);
                let into = e.0 * n.0 + e.1 * n.1;
                let r = w.radius_m;
                let k = ((wall_reach - d) / (wall_reach - r)).min(1.0);
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
        let mut v0 = w.free_speed_mps
            * smoke_speed_factor(self.smoke_k[w.node].max(w.smoke_k))
            * self.footing[w.node]
            * w.wading_factor;
        if w.legs.front().is_some_and(|l| !l.on_road) {
            v0 *= OFF_ROAD_FACTOR;
        }
        // A class walks at its teacher's pace while the teacher walks, and the teacher at the
        // pace of the slowest of the class walking with them (a group keeps together, NIST TN
        // 1822 2.9).
        if let Some(l) = w.leader {
            let lw = &self.walkers[l];
            if lw.motion != Motion::Still {
                v0 = v0.min(lw.free_speed_mps.max(0.3));
            }
        }
        let root = w.leader.unwrap_or(p);
        if let Some(&pace) = self.scratch.pace.get(root) {
            v0 = v0.min(pace.max(0.3));
        }
        let v = if gap.is_finite() {
            // `gap` is between body surfaces: l = r_i + r_j (STANDSTILL_GAP_M for two adults).
            (f64::from(gap) / TIME_GAP_S).clamp(0.0, v0)
        } else {
            v0
        };
        // Pressed back by those in front, one gives ground only slowly: nobody walks away from
        // where they are going at their free speed (the first-order model would).
        let along = e.0 * e0.0 + e.1 * e0.1;
        let v = if along < 0.0 { v.min(BACK_OFF_MPS) } else { v };
        Proposal {
            to: (w.pos.0 + e.0 * v * dt_s, w.pos.1 + e.1 * v * dt_s),
            speed: v,
            dir: e,
            blocker,
            want: e0,
        }
    }
}
