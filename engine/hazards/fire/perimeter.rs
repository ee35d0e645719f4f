//! The fire's perimeter as lines: the boundary of the area burned by a time, traced by marching
//! squares on the arrival-time field, for maps (isochrones).
//!
//! The field's samples are the cell centres, (col + ½, row + ½)·cell. The iso-level is the time
//! t: a sample has burned where its arrival is ≤ t. Along an edge between a burned sample (a ≤ t)
//! and an unburned one (b > t) the boundary crosses at the fraction (t − a)/(b − a) from the
//! burned one; where the other never burns (non-burnable, beyond the plan's horizon, or off the
//! grid) it crosses halfway, at the cell's edge, as the burned cell counts whole in
//! [`ArrivalMap::area_burned_m2`]. Off the grid is unburned, so every ring closes, on the grid's
//! edge at the farthest. Where two burned samples face each other across a square's diagonal
//! (a saddle) they are joined: the fire crosses diagonals.
//!
//! Each ring has the burned area on its left (x east, y north): an outer boundary runs
//! counter-clockwise (positive shoelace area), the edge of an unburned island inside runs
//! clockwise. The signed areas sum to the area burned. Rings are then simplified by
//! Douglas–Peucker within a quarter of a cell.

use super::landscape::ArrivalMap;
use std::collections::BTreeMap;

/// A point of a ring, metres (x east, y north).
pub type RingPoint = (f32, f32);

impl ArrivalMap {
    /// The boundary of the area burned by `t_min` (cells whose arrival is ≤ `t_min`) as closed
    /// rings in metres, each ring's last point its first, the burned area on its left (outer
    /// rings counter-clockwise, islands clockwise); simplified within a quarter of a cell (a ring
    /// smaller than that kept as traced). In a fixed order (by where each ring starts on the
    /// grid). Empty when nothing has burned, or the fire is still a point (at its ignition).
    pub fn perimeter_rings(&self, t_min: f32) -> Vec<Vec<RingPoint>> {
        let (w, h) = (self.width as i64, self.height as i64);
        if w == 0 || h == 0 || self.arrival_min.len() as i64 != w * h {
            return Vec::new();
        }
        let field = Field {
            map: self,
            w,
            h,
            t: t_min,
        };
        // Each crossing of the iso-level is keyed by its grid edge; `next` is the crossing that
        // follows it with the burned area on the left. Every crossing edge lies between two
        // squares (off-grid samples never burn): it leaves one and enters the other, so `next`
        // is a permutation and its cycles are the rings.
        let mut next: BTreeMap<u64, u64> = BTreeMap::new();
        for j in -1..h {
            for i in -1..w {
                // Corners counter-clockwise from the south-west; edge k runs from corner k to
                // corner k + 1.
                let corners = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)];
                let burned = corners.map(|(ci, cj)| field.burned(ci, cj));
                if burned.iter().all(|&b| b == burned[0]) {
                    continue;
                }
                let edges = [
                    field.key(i, j, Side::East),
                    field.key(i + 1, j, Side::North),
                    field.key(i, j + 1, Side::East),
                    field.key(i, j, Side::North),
                ];
                for k in 0..4 {
                    if !burned[k] || burned[(k + 1) % 4] {
                        continue;
                    }
                    // From this edge (burned → unburned going round) to the next edge where
                    // the square turns burned again.
                    if let Some(m) = (k + 1..k + 4)
                        .map(|m| m % 4)
                        .find(|&m| !burned[m] && burned[(m + 1) % 4])
                    {
                        next.insert(edges[k], edges[m]);
                    }
                }
            }
        }
        let tolerance = self.cell_size_m / 4.0;
        let mut rings = Vec::new();
        while let Some((&start, _)) = next.first_key_value() {
            let mut ring: Vec<RingPoint> = Vec::new();
            let mut key = start;
            loop {
                let p = field.point(key);
                if ring.last() != Some(&p) {
                    ring.push(p);
                }
                let Some(after) = next.remove(&key) else {
                    break;
                };
                key = after;
                if key == start {
                    break;
                }
            }
            while ring.len() > 1 && ring.first() == ring.last() {
                ring.pop();
            }
            // A fire smaller than the tolerance keeps its few points rather than vanish.
            let simple = simplify_closed(&ring, tolerance);
            let mut ring = if simple.len() >= 3 { simple } else { ring };
            if ring.len() < 3 {
                continue;
            }
            ring.push(ring[0]);
            rings.push(ring);
        }
        rings
    }
}

/// Which edge of a sample node: toward its east neighbour, or its north one.
#[derive(Clone, Copy)]
enum Side {
    East,
    North,
}

/// The arrival field with one ring of off-grid samples around it, at the iso-level `t`.
struct Field<'a> {
    map: &'a ArrivalMap,
    w: i64,
    h: i64,
    t: f32,
}

impl Field<'_> {
    fn arrival(&self, i: i64, j: i64) -> f32 {
        if i < 0 || j < 0 || i >= self.w || j >= self.h {
            f32::INFINITY
        } else {
            self.map.arrival_min[(j * self.w + i) as usize]
        }
    }

    fn burned(&self, i: i64, j: i64) -> bool {
        let a = self.arrival(i, j);
        a.is_finite() && a <= self.t
    }

    /// The key of the edge from sample (i, j) toward its `side` (i, j ≥ −1).
    fn key(&self, i: i64, j: i64, side: Side) -> u64 {
        let node = ((j + 1) * (self.w + 2) + (i + 1)) as u64;
        2 * node
            + match side {
                Side::East => 0,
                Side::North => 1,
            }
    }

    /// Where the iso-level crosses the edge of `key`, metres.
    fn point(&self, key: u64) -> RingPoint {
        let node = (key / 2) as i64;
        let (i, j) = (node % (self.w + 2) - 1, node / (self.w + 2) - 1);
        let (di, dj) = if key.is_multiple_of(2) {
            (1, 0)
        } else {
            (0, 1)
        };
        let (a, b) = (self.arrival(i, j), self.arrival(i + di, j + dj));
        // From the burned sample p toward the unburned q, the fraction s of the way.
        let (p, q, ap, aq) = if self.burned(i, j) {
            ((i, j), (i + di, j + dj), a, b)
        } else {
            ((i + di, j + dj), (i, j), b, a)
        };
        let s = if aq.is_finite() && aq > ap {
            ((self.t - ap) / (aq - ap)).clamp(0.0, 1.0)
        } else {
            0.5
        };
        let along = |p: i64, q: i64| (p as f32 + 0.5 + s * (q - p) as f32) * self.map.cell_size_m;
        (along(p.0, q.0), along(p.1, q.1))
    }
}

/// Douglas–Peucker on a closed ring (its first point not repeated at its end): every point
/// dropped lies within `tolerance` of the simplified ring.
fn simplify_closed(ring: &[RingPoint], tolerance: f32) -> Vec<RingPoint> {
    let n = ring.len();
    if n < 4 {
        return ring.to_vec();
    }
    // Split at the first point and the point farthest from it: two open chains.
    let far = (1..n)
        .max_by(|&a, &b| dist2(ring[0], ring[a]).total_cmp(&dist2(ring[0], ring[b])))
        .unwrap_or(n / 2);
    let mut keep = vec![false; n + 1];
    keep[0] = true;
    keep[far] = true;
    keep[n] = true;
    let at = |k: usize| ring[k % n];
    let mut stack = vec![(0, far), (far, n)];
    while let Some((a, b)) = stack.pop() {
        if b <= a + 1 {
            continue;
        }
        let (mut worst, mut worst_d) = (a, -1.0f32);
        for k in a + 1..b {
            let d = segment_distance(at(k), at(a), at(b));
            if d > worst_d {
                (worst, worst_d) = (k, d);
            }
        }
        if worst_d > tolerance {
            keep[worst] = true;
            stack.push((a, worst));
            stack.push((worst, b));
        }
    }
    (0..n).filter(|&k| keep[k]).map(|k| ring[k]).collect()
}

fn dist2(a: RingPoint, b: RingPoint) -> f32 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    dx * dx + dy * dy
}

/// Distance from `p` to the segment a–b.
fn segment_distance(p: RingPoint, a: RingPoint, b: RingPoint) -> f32 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let s = if len2 > 0.0 {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    dist2(p, (a.0 + s * dx, a.1 + s * dy)).sqrt()
}
