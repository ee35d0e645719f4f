//! Where people stand once they reach a goal point: the group round an assembly point.
//!
//! People who reach an assembly point stand round it as a loose crowd, the first arrivals
//! nearest to it, and nobody stands in front of a door or inside a building. Each group is a
//! hexagonal lattice of standing places at `GROUP_DENSITY_PPM2` round its point, handed out in
//! order of distance from the point (inner places first) as people come within sight of it. A
//! place is walked to through those already standing (at 2 p/m² a crowd lets one through), so a
//! large crowd fills its area instead of piling up behind the first who stopped, the failure
//! that blocked exits in issue 17: the assembly crowd grew back along the way people came until
//! it stood in the exit.

use super::{GROUP_DENSITY_PPM2, KEEP_CLEAR_M, Network};
use crate::crowd::space::Gate;
use crate::scenario::geometry::{contains, dist, point_segment};
use crate::scenario::schema::Point;

/// The standing places round one goal point.
#[derive(Clone, Debug)]
pub(super) struct Group {
    node: usize,
    point: Point,
    places: Vec<Point>,
    /// Places handed out so far.
    taken: usize,
}

/// Places are laid out to this multiple of the walkers on the site (and at least this many).
const SPARE_PLACES: f64 = 1.25;
const MIN_PLACES: usize = 64;
/// How close people stand in an area too small for the group density.
const PACKED_DENSITY_PPM2: f64 = 4.0;

impl Network {
    /// The group standing round `point` in `node`, laid out on first use.
    pub(super) fn group_at(&mut self, node: usize, point: Point) -> usize {
        if let Some(g) = self
            .groups
            .iter()
            .position(|g| g.node == node && g.point == point)
        {
            return g;
        }
        let want = ((self.walkers.len() as f64 * SPARE_PLACES) as usize).max(MIN_PLACES);
        let places = self.lay_out_places(node, point, want);
        self.groups.push(Group {
            node,
            point,
            places,
            taken: 0,
        });
        self.groups.len() - 1
    }

    /// The next free standing place of a group (none once all are taken).
    pub(super) fn take_place(&mut self, group: usize) -> Option<Point> {
        let g = &mut self.groups[group];
        let place = g.places.get(g.taken).copied();
        g.taken += usize::from(place.is_some());
        place
    }

    /// Up to `want` places on a hexagonal lattice at the group density, nearest the point
    /// first, each where one may stand: inside a building space's polygon, outside every
    /// building on open ground, and clear of the node's openings (but for the point itself:
    /// one person walking to a spot means that spot).
    fn lay_out_places(&self, node: usize, point: Point, want: usize) -> Vec<Point> {
        let space = &self.geom.spaces[node];
        let poly = &self.graph.nodes[node].polygon;
        let ground: Vec<usize> = (0..self.geom.spaces.len())
            .filter(|&m| {
                !space.confined
                    && self.geom.spaces[m].confined
                    && self.geom.spaces[m].level == space.level
            })
            .collect();
        // Open ground does not confine: a crowd too large for the drawn area stands round it.
        let standable = |q: Point| {
            (!space.confined || contains(poly, q))
                && !ground
                    .iter()
                    .any(|&m| contains(&self.graph.nodes[m].polygon, q))
        };
        let by_opening = |q: Point| {
            self.graph
                .links_of(node)
                .iter()
                .any(|&l| match self.geom.gates[l] {
                    Gate::Segment { p0, p1, .. } => point_segment(q, p0, p1).0 < KEEP_CLEAR_M,
                    Gate::Zone { at_a, at_b } => {
                        let at = if self.graph.links[l].a == node {
                            at_a
                        } else {
                            at_b
                        };
                        dist(q, at) < KEEP_CLEAR_M
                    }
                })
        };
        // At the group density, clear of the openings; where the area is too small for that
        // (a room as the goal of a crowd), packed closer; and where even that is not enough,
        // by the openings too (an overfull room).
        let mut places = Vec::with_capacity(want);
        lattice(&mut places, point, GROUP_DENSITY_PPM2, want, |q| {
            standable(q) && (!by_opening(q) || q == point)
        });
        lattice(&mut places, point, PACKED_DENSITY_PPM2, want, |q| {
            standable(q) && !by_opening(q)
        });
        lattice(&mut places, point, PACKED_DENSITY_PPM2, want, standable);
        places.truncate(want);
        places
    }
}

/// Append to `places`, until there are `want`, the points of a hexagonal lattice at
/// `density_ppm2` round `point` that are `allowed` and not within a body of one already there,
/// nearest the point first (ties by angle: deterministic).
fn lattice(
    places: &mut Vec<Point>,
    point: Point,
    density_ppm2: f64,
    want: usize,
    allowed: impl Fn(Point) -> bool,
) {
    // Hexagonal packing: one person per √3/2·a² m².
    let a = (2.0 / (3f64.sqrt() * density_ppm2)).sqrt();
    // Ring by ring outwards until enough places are found (or the rings pass any sensible size:
    // a crowd of `want` at a tenth of the group density).
    let max_ring =
        ((want as f64 * 10.0 / GROUP_DENSITY_PPM2 / std::f64::consts::PI).sqrt() / a) as i64 + 2;
    let earlier = places.len();
    let mut ring = Vec::new();
    for k in 0..=max_ring {
        if places.len() >= want {
            return;
        }
        ring.clear();
        // The lattice points at hex distance k: i + j·(1/2, √3/2) with max(|i|,|j|,|i+j|) = k.
        for i in -k..=k {
            for j in -k..=k {
                if i.abs().max(j.abs()).max((i + j).abs()) != k {
                    continue;
                }
                let q = (
                    point.0 + a * (i as f64 + 0.5 * j as f64),
                    point.1 + a * (3f64.sqrt() / 2.0 * j as f64),
                );
                let free = places[..earlier]
                    .iter()
                    .all(|&o| dist(o, q) >= 2.0 * super::RADIUS_M);
                if allowed(q) && free {
                    ring.push(q);
                }
            }
        }
        ring.sort_by(|x, y| {
            dist(*x, point).total_cmp(&dist(*y, point)).then_with(|| {
                libm::atan2(x.1 - point.1, x.0 - point.0)
                    .total_cmp(&libm::atan2(y.1 - point.1, y.0 - point.0))
            })
        });
        places.extend(ring.iter().copied());
    }
}
