//! The walkable geometry the microscopic kernel moves people in: for every space, its walls
//! (the polygon's edges with the door openings cut out), the gates people leave it by, and a
//! floor field per gate that leads around corners and keeps off the walls.
//!
//! The floor field is the static floor field of cellular-automaton and continuous models
//! (Burstedde et al. 2001; Kretz 2009 "The use of dynamic distance potential fields"): the
//! walking distance to the gate on a 0.25 m grid, with extra cost near walls so that paths
//! keep a body's clearance from walls and corners. People walk down its gradient; near the gate
//! they head straight for the opening.

use super::network::{LinkKind, NavGraph, NodeKind};
use crate::scenario::geometry::{contains, dist, dot, edges, point_segment, segments_cross, sub};
use crate::scenario::schema::Point;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Grid step of the floor fields.
pub const FIELD_CELL_M: f64 = 0.25;
/// Paths keep this clear of walls where the space allows it.
const WALL_CLEARANCE_M: f64 = 0.5;
/// Openings narrower than this still pass one person.
const MIN_GATE_HALF_WIDTH_M: f64 = 0.25;
/// A gate opening that lies further than this from the space's boundary is a point gate.
const ON_WALL_TOL_M: f64 = 0.3;

/// Where a link is entered.
#[derive(Clone, Debug, PartialEq)]
pub enum Gate {
    /// A door or an exit: an opening in the wall shared by the two sides, from `p0` to `p1`;
    /// `normal` points from side `a` to side `b`.
    Segment { p0: Point, p1: Point, normal: Point },
    /// A stair foot or head, or a lift door: a zone around a point on each side.
    Zone { at_a: Point, at_b: Point },
}

impl Gate {
    /// The point of the gate nearest to `p` that a body of radius `r` can pass through, seen from
    /// node side `from_a`, with its outward normal (towards the other side). In `lane`, only
    /// the right half of a door (as one goes through it) is aimed at.
    pub fn aim(&self, p: Point, r: f64, from_a: bool, lane: bool) -> (Point, Option<Point>) {
        match *self {
            Gate::Segment { p0, p1, normal } => {
                let len = dist(p0, p1);
                let (_, t) = point_segment(p, p0, p1);
                let inset = (r / len.max(1e-9)).min(0.5);
                let n = if from_a {
                    normal
                } else {
                    (-normal.0, -normal.1)
                };
                // Right of the way through: does the segment run from p0 to p1 to the right?
                let right = (n.1, -n.0);
                let to_p1 = (p1.0 - p0.0) * right.0 + (p1.1 - p0.1) * right.1 > 0.0;
                let (lo, hi) = match (lane && len >= 4.0 * r, to_p1) {
                    (false, _) => (inset, 1.0 - inset),
                    (true, true) => (0.5 + inset, 1.0 - inset),
                    (true, false) => (inset, 0.5 - inset),
                };
                let t = t.clamp(lo, hi.max(lo));
                let q = (p0.0 + (p1.0 - p0.0) * t, p0.1 + (p1.1 - p0.1) * t);
                (q, Some(n))
            }
            Gate::Zone { at_a, at_b } => (if from_a { at_a } else { at_b }, None),
        }
    }

    /// The middle of the gate as seen from a side.
    pub fn centre(&self, from_a: bool) -> Point {
        match *self {
            Gate::Segment { p0, p1, .. } => ((p0.0 + p1.0) / 2.0, (p0.1 + p1.1) / 2.0),
            Gate::Zone { at_a, at_b } => {
                if from_a {
                    at_a
                } else {
                    at_b
                }
            }
        }
    }

    /// Distance from `p` to the gate, seen from a side.
    pub fn distance(&self, p: Point, from_a: bool) -> f64 {
        match *self {
            Gate::Segment { p0, p1, .. } => point_segment(p, p0, p1).0,
            Gate::Zone { at_a, at_b } => dist(p, if from_a { at_a } else { at_b }),
        }
    }
}

/// A floor field: for each cell, the unit direction of steepest descent towards one gate.
#[derive(Clone, Debug)]
pub struct Field {
    origin: Point,
    nx: usize,
    ny: usize,
    dir: Vec<[f32; 2]>,
}

impl Field {
    /// The direction to walk at `p`, if `p` lies on a walkable cell that reaches the gate.
    #[inline]
    pub fn direction(&self, p: Point) -> Option<Point> {
        let fx = (p.0 - self.origin.0) / FIELD_CELL_M;
        let fy = (p.1 - self.origin.1) / FIELD_CELL_M;
        if fx < 0.0 || fy < 0.0 {
            return None;
        }
        let (ix, iy) = (fx as usize, fy as usize);
        if ix >= self.nx || iy >= self.ny {
            return None;
        }
        let d = self.dir[iy * self.nx + ix];
        if d == [0.0, 0.0] {
            None
        } else {
            Some((f64::from(d[0]), f64::from(d[1])))
        }
    }
}

/// The geometry of one node, as the kernel sees it.
#[derive(Clone, Debug, Default)]
pub struct SpaceGeom {
    /// Walls: polygon edges less the door and exit openings. Empty for open ground.
    pub walls: Vec<(Point, Point)>,
    /// The door and exit openings cut out of `walls`, in link order. Empty for open ground.
    pub doorways: Vec<(Point, Point)>,
    /// Whether positions are confined to the polygon (building spaces) or free (open ground).
    pub confined: bool,
    /// The floor field towards each incident link, by link index.
    pub fields: Vec<(usize, Field)>,
    /// Hash level: the floor for building spaces; open ground shares level 0.
    pub level: u32,
    /// Open ground: the outer walls of the buildings standing on it (their ground-floor
    /// spaces), found by position. One walks round a building, never into it but by a door.
    pub outside_walls: Option<WallGrid>,
}

impl SpaceGeom {
    pub fn field(&self, link: usize) -> Option<&Field> {
        self.fields.iter().find(|(l, _)| *l == link).map(|(_, f)| f)
    }

    /// The walls that may be within a body's reach of `p` (all of a building space's; on open
    /// ground the buildings' walls and their closed doorways).
    #[inline]
    pub fn walls_near(&self, p: Point) -> impl Iterator<Item = &(Point, Point)> {
        let (all, near): (&[(Point, Point)], &[u32]) = match &self.outside_walls {
            Some(g) => (&[], g.near(p)),
            None => (&self.walls, &[]),
        };
        let grid = self.outside_walls.as_ref();
        all.iter()
            .chain(near.iter().filter_map(move |&i| grid.map(|g| g.segment(i))))
    }

    /// For open ground: the wall a move from `a` to `b` would go through, if any.
    pub fn wall_crossed(&self, a: Point, b: Point) -> Option<(Point, Point)> {
        let g = self.outside_walls.as_ref()?;
        g.near(a)
            .iter()
            .map(|&i| *g.segment(i))
            .find(|&(p, q)| segments_cross(a, b, p, q) || point_segment(b, p, q).0 < 1e-9)
    }
}

/// Wall segments bucketed on a coarse grid: each cell lists the walls within `WALL_GRID_PAD_M`
/// of it, so a query at a point sees every wall a body there can touch in one step.
#[derive(Clone, Debug, Default)]
pub struct WallGrid {
    /// Walls: indices below `walls.len()`.
    pub walls: Vec<(Point, Point)>,
    /// Doorways, closed from outside to all but those going in by one: indices from
    /// `walls.len()`.
    pub doorways: Vec<(Point, Point)>,
    origin: Point,
    nx: usize,
    ny: usize,
    /// `start[c]..start[c + 1]` indexes `idx` for cell `c`.
    start: Vec<u32>,
    idx: Vec<u32>,
}

const WALL_GRID_CELL_M: f64 = 2.0;
const WALL_GRID_PAD_M: f64 = 0.8;

impl WallGrid {
    pub fn new(walls: Vec<(Point, Point)>, doorways: Vec<(Point, Point)>) -> WallGrid {
        let all: Vec<(Point, Point)> = walls.iter().chain(&doorways).copied().collect();
        let pts: Vec<Point> = all.iter().flat_map(|&(a, b)| [a, b]).collect();
        if pts.is_empty() {
            return WallGrid::default();
        }
        let ((x0, y0), (x1, y1)) = crate::scenario::geometry::bounds(&pts);
        let origin = (x0 - WALL_GRID_PAD_M, y0 - WALL_GRID_PAD_M);
        let nx = (((x1 - x0 + 2.0 * WALL_GRID_PAD_M) / WALL_GRID_CELL_M).ceil() as usize).max(1);
        let ny = (((y1 - y0 + 2.0 * WALL_GRID_PAD_M) / WALL_GRID_CELL_M).ceil() as usize).max(1);
        let mut start = vec![0u32; nx * ny + 1];
        let mut idx = Vec::new();
        for c in 0..nx * ny {
            let centre = (
                origin.0 + ((c % nx) as f64 + 0.5) * WALL_GRID_CELL_M,
                origin.1 + ((c / nx) as f64 + 0.5) * WALL_GRID_CELL_M,
            );
            // Within pad of the cell: within pad + half its diagonal of the centre.
            let reach = WALL_GRID_PAD_M + WALL_GRID_CELL_M * std::f64::consts::FRAC_1_SQRT_2;
            for (i, &(a, b)) in all.iter().enumerate() {
                if point_segment(centre, a, b).0 <= reach {
                    idx.push(i as u32);
                }
            }
            start[c + 1] = idx.len() as u32;
        }
        WallGrid {
            walls,
            doorways,
            origin,
            nx,
            ny,
            start,
            idx,
        }
    }

    /// A wall or a doorway by index.
    fn segment(&self, i: u32) -> &(Point, Point) {
        let i = i as usize;
        self.walls
            .get(i)
            .unwrap_or_else(|| &self.doorways[i - self.walls.len()])
    }

    /// The walls that may lie within `WALL_GRID_PAD_M` of `p`.
    #[inline]
    pub fn near(&self, p: Point) -> &[u32] {
        let fx = (p.0 - self.origin.0) / WALL_GRID_CELL_M;
        let fy = (p.1 - self.origin.1) / WALL_GRID_CELL_M;
        if !(fx >= 0.0 && fy >= 0.0) {
            return &[];
        }
        let (ix, iy) = (fx as usize, fy as usize);
        if ix >= self.nx || iy >= self.ny {
            return &[];
        }
        let c = iy * self.nx + ix;
        &self.idx[self.start[c] as usize..self.start[c + 1] as usize]
    }
}

/// The gate of every link and the geometry of every node of a site's network.
#[derive(Clone, Debug, Default)]
pub struct SiteGeom {
    pub gates: Vec<Gate>,
    pub spaces: Vec<SpaceGeom>,
}

impl SiteGeom {
    pub fn new(g: &NavGraph) -> SiteGeom {
        let gates: Vec<Gate> = g.links.iter().map(|l| gate_of(g, l)).collect();
        let spaces = (0..g.nodes.len())
            .map(|n| {
                let node = &g.nodes[n];
                let (confined, level) = match node.kind {
                    NodeKind::Space { floor, .. } => (node.polygon.len() >= 3, floor as u32),
                    NodeKind::Outdoor => (false, 0),
                };
                if !confined {
                    return SpaceGeom {
                        level,
                        ..SpaceGeom::default()
                    };
                }
                let openings: Vec<(Point, Point)> = g
                    .links_of(n)
                    .iter()
                    .filter_map(|&l| match gates[l] {
                        Gate::Segment { p0, p1, .. } => Some((p0, p1)),
                        Gate::Zone { .. } => None,
                    })
                    .collect();
                let walls = walls_of(&node.polygon, &openings);
                let clearance = clearance_grid(&node.polygon, &walls);
                let fields = g
                    .links_of(n)
                    .iter()
                    .map(|&l| {
                        let from_a = g.links[l].a == n;
                        (l, field_to(&clearance, &gates[l], from_a))
                    })
                    .collect();
                SpaceGeom {
                    walls,
                    doorways: openings,
                    confined,
                    fields,
                    level,
                    outside_walls: None,
                }
            })
            .collect::<Vec<SpaceGeom>>();
        // Open ground sees the walls of the buildings on its level from outside.
        let mut spaces = spaces;
        for n in 0..spaces.len() {
            if spaces[n].confined {
                continue;
            }
            let level = spaces[n].level;
            let ground: Vec<usize> = (0..spaces.len())
                .filter(|&m| spaces[m].confined && spaces[m].level == level)
                .collect();
            let walls: Vec<(Point, Point)> = ground
                .iter()
                .flat_map(|&m| spaces[m].walls.iter().copied())
                .collect();
            // From outside, a doorway is closed to everyone not going in by it.
            let doorways: Vec<(Point, Point)> = ground
                .iter()
                .flat_map(|&m| g.links_of(m).iter())
                .filter_map(|&l| match gates[l] {
                    Gate::Segment { p0, p1, .. } => Some((p0, p1)),
                    Gate::Zone { .. } => None,
                })
                .collect();
            if !walls.is_empty() {
                spaces[n].outside_walls = Some(WallGrid::new(walls, doorways));
            }
        }
        SiteGeom { gates, spaces }
    }
}

fn gate_of(g: &NavGraph, l: &super::network::Link) -> Gate {
    let zone = Gate::Zone {
        at_a: l.at_a,
        at_b: l.at_b,
    };
    if !matches!(l.kind, LinkKind::Door | LinkKind::Exit) {
        return zone;
    }
    let poly = &g.nodes[l.a].polygon;
    if poly.len() < 3 {
        return zone;
    }
    let Some((e, (a, b))) = edges(poly)
        .enumerate()
        .min_by(|x, y| {
            let dx = point_segment(l.at_a, x.1.0, x.1.1).0;
            let dy = point_segment(l.at_a, y.1.0, y.1.1).0;
            dx.total_cmp(&dy)
        })
        .filter(|(_, (a, b))| point_segment(l.at_a, *a, *b).0 <= ON_WALL_TOL_M)
    else {
        return zone;
    };
    let len = dist(a, b);
    let (_, t) = point_segment(l.at_a, a, b);
    let half = (l.width_m / 2.0).max(MIN_GATE_HALF_WIDTH_M) / len.max(1e-9);
    let (t0, t1) = ((t - half).max(0.0), (t + half).min(1.0));
    let at = |t: f64| (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
    let normal = crate::scenario::geometry::outward_normal(poly, e);
    Gate::Segment {
        p0: at(t0),
        p1: at(t1),
        normal,
    }
}

/// The polygon's edges with the openings that lie on them cut out.
fn walls_of(poly: &[Point], openings: &[(Point, Point)]) -> Vec<(Point, Point)> {
    let mut walls = Vec::new();
    for (a, b) in edges(poly) {
        let ab = sub(b, a);
        let len2 = dot(ab, ab);
        if len2 < 1e-12 {
            continue;
        }
        // Intervals of the edge's parameter covered by an opening on it.
        let mut cuts: Vec<(f64, f64)> = openings
            .iter()
            .filter(|(p, q)| point_segment(*p, a, b).0 < 0.05 && point_segment(*q, a, b).0 < 0.05)
            .map(|(p, q)| {
                let s = dot(sub(*p, a), ab) / len2;
                let t = dot(sub(*q, a), ab) / len2;
                (s.min(t), s.max(t))
            })
            .collect();
        cuts.sort_by(|x, y| x.0.total_cmp(&y.0));
        let mut from = 0.0;
        let at = |t: f64| (a.0 + ab.0 * t, a.1 + ab.1 * t);
        for (s, t) in cuts {
            if s > from {
                walls.push((at(from), at(s)));
            }
            from = f64::max(from, t);
        }
        if from < 1.0 {
            walls.push((at(from), b));
        }
    }
    walls
}

/// A space's grid: which cells are walkable and how far each is from the nearest wall.
struct Clearance {
    origin: Point,
    nx: usize,
    ny: usize,
    /// Distance to the nearest wall; negative for cells outside the space.
    clear_m: Vec<f32>,
}

fn clearance_grid(poly: &[Point], walls: &[(Point, Point)]) -> Clearance {
    let ((x0, y0), (x1, y1)) = crate::scenario::geometry::bounds(poly);
    let nx = (((x1 - x0) / FIELD_CELL_M).ceil() as usize).max(1);
    let ny = (((y1 - y0) / FIELD_CELL_M).ceil() as usize).max(1);
    let mut clear_m = vec![-1.0f32; nx * ny];
    for iy in 0..ny {
        for ix in 0..nx {
            let c = (
                x0 + (ix as f64 + 0.5) * FIELD_CELL_M,
                y0 + (iy as f64 + 0.5) * FIELD_CELL_M,
            );
            if contains(poly, c) {
                let d = walls
                    .iter()
                    .map(|(a, b)| point_segment(c, *a, *b).0)
                    .fold(f64::INFINITY, f64::min);
                clear_m[iy * nx + ix] = d.min(1e6) as f32;
            }
        }
    }
    Clearance {
        origin: (x0, y0),
        nx,
        ny,
        clear_m,
    }
}

/// Dijkstra on the 8-connected grid from the cells at the gate; each step costs its length,
/// more near walls. The direction of each cell is the weighted mean of the descents to its
/// lower neighbours.
fn field_to(c: &Clearance, gate: &Gate, from_a: bool) -> Field {
    let (nx, ny) = (c.nx, c.ny);
    let centre = |i: usize| {
        (
            c.origin.0 + ((i % nx) as f64 + 0.5) * FIELD_CELL_M,
            c.origin.1 + ((i / nx) as f64 + 0.5) * FIELD_CELL_M,
        )
    };
    let mut dist_m = vec![f32::INFINITY; nx * ny];
    let mut heap = BinaryHeap::new();
    let walkable = |i: usize| c.clear_m[i] >= 0.0;
    let seed_radius = match gate {
        Gate::Segment { .. } => 0.4,
        Gate::Zone { .. } => 0.6,
    };
    let mut nearest: Option<(f64, usize)> = None;
    for i in (0..nx * ny).filter(|&i| walkable(i)) {
        let d = gate.distance(centre(i), from_a);
        if d <= seed_radius {
            dist_m[i] = d as f32;
            heap.push(Reverse((((d as f32).to_bits()), i)));
        }
        if nearest.is_none_or(|(b, _)| d < b) {
            nearest = Some((d, i));
        }
    }
    if heap.is_empty()
        && let Some((d, i)) = nearest
    {
        dist_m[i] = d as f32;
        heap.push(Reverse(((d as f32).to_bits(), i)));
    }
    const STEPS: [(i32, i32); 8] = [
        (1, 0),
        (-1, 0),
        (0, 1),
        (0, -1),
        (1, 1),
        (1, -1),
        (-1, 1),
        (-1, -1),
    ];
    let penalty = |i: usize| {
        let clear = f64::from(c.clear_m[i]);
        1.0 + 3.0 * ((WALL_CLEARANCE_M - clear) / WALL_CLEARANCE_M).max(0.0)
    };
    while let Some(Reverse((bits, i))) = heap.pop() {
        let d = f32::from_bits(bits);
        if d > dist_m[i] {
            continue;
        }
        let (ix, iy) = ((i % nx) as i32, (i / nx) as i32);
        for (sx, sy) in STEPS {
            let (jx, jy) = (ix + sx, iy + sy);
            if jx < 0 || jy < 0 || jx >= nx as i32 || jy >= ny as i32 {
                continue;
            }
            let j = jy as usize * nx + jx as usize;
            if !walkable(j) {
                continue;
            }
            // No cutting diagonally past a wall corner.
            if sx != 0
                && sy != 0
                && (!walkable(iy as usize * nx + jx as usize)
                    || !walkable(jy as usize * nx + ix as usize))
            {
                continue;
            }
            let len = if sx != 0 && sy != 0 {
                std::f64::consts::SQRT_2
            } else {
                1.0
            } * FIELD_CELL_M;
            let nd = d + (len * 0.5 * (penalty(i) + penalty(j))) as f32;
            if nd < dist_m[j] {
                dist_m[j] = nd;
                heap.push(Reverse((nd.to_bits(), j)));
            }
        }
    }
    let mut dir = vec![[0.0f32; 2]; nx * ny];
    for i in 0..nx * ny {
        if !dist_m[i].is_finite() {
            continue;
        }
        let (ix, iy) = ((i % nx) as i32, (i / nx) as i32);
        let (mut gx, mut gy) = (0.0f64, 0.0f64);
        for (sx, sy) in STEPS {
            let (jx, jy) = (ix + sx, iy + sy);
            if jx < 0 || jy < 0 || jx >= nx as i32 || jy >= ny as i32 {
                continue;
            }
            let j = jy as usize * nx + jx as usize;
            let drop = f64::from(dist_m[i] - dist_m[j]);
            if dist_m[j].is_finite() && drop > 0.0 {
                let l2 = f64::from(sx * sx + sy * sy);
                gx += drop * f64::from(sx) / l2;
                gy += drop * f64::from(sy) / l2;
            }
        }
        let n = (gx * gx + gy * gy).sqrt();
        if n > 1e-9 {
            dir[i] = [(gx / n) as f32, (gy / n) as f32];
        }
    }
    Field {
        origin: c.origin,
        nx,
        ny,
        dir,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openings_are_cut_out_of_walls() {
        let sq = [(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0)];
        let walls = walls_of(&sq, &[((4.0, 1.5), (4.0, 2.5))]);
        assert_eq!(walls.len(), 5);
        let total: f64 = walls.iter().map(|(a, b)| dist(*a, *b)).sum();
        assert!((total - 15.0).abs() < 1e-9, "{total}");
    }

    #[test]
    fn an_l_shaped_field_leads_round_the_corner() {
        // L: 2 m wide going east, then north. Gate at the top of the north arm.
        let l = [
            (0.0, 0.0),
            (10.0, 0.0),
            (10.0, 10.0),
            (8.0, 10.0),
            (8.0, 2.0),
            (0.0, 2.0),
        ];
        let gate = Gate::Segment {
            p0: (8.0, 10.0),
            p1: (10.0, 10.0),
            normal: (0.0, 1.0),
        };
        let walls = walls_of(&l, &[((8.0, 10.0), (10.0, 10.0))]);
        let c = clearance_grid(&l, &walls);
        let f = field_to(&c, &gate, true);
        // In the east arm people walk east, not north into the wall.
        let d = f.direction((3.0, 1.0)).unwrap();
        assert!(d.0 > 0.9, "{d:?}");
        let d = f.direction((9.0, 6.0)).unwrap();
        assert!(d.1 > 0.9, "{d:?}");
    }
}
