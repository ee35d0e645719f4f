//! Fuel breaks (防火隔离带): the scenario's long non-burnable fuel zones, watched on both sides.
//! The fire reaching one side is journalled; the fire then burning on the other side — by a
//! spot fire over it or round its end — is the break crossed (`FireAtFuelBreak`).
//!
//! A break's sides are the lines half a cell beyond its long edges, in the frame of its longest
//! edge: exact for the strips trainers draw (a rectangle along a crest or a road), a bounding
//! strip for other shapes. Only zones at least three times as long as wide count as breaks.

use crate::hazards::fire::{ArrivalMap, is_non_burnable};
use crate::scenario::schema::{Point, Terrain};

/// How much longer than wide a non-burnable zone must be to be a break.
const ELONGATION: f64 = 3.0;

/// One fuel break and when the front reaches each side.
#[derive(Clone, Debug)]
pub(super) struct Break {
    /// Its index among the fuel map's zones.
    pub zone: usize,
    pub model: u16,
    sides: [Vec<Point>; 2],
    /// When each side first burns, min (infinity: not in this plan), and whether journalled.
    pub arrival_min: [f32; 2],
    pub journalled: [bool; 2],
}

impl Break {
    /// The first point of side `s` the front reaches.
    pub fn first_point(&self, s: usize, map: &ArrivalMap) -> Option<Point> {
        self.sides[s].iter().copied().min_by(|a, b| {
            map.arrival_at_point(a.0 as f32, a.1 as f32)
                .total_cmp(&map.arrival_at_point(b.0 as f32, b.1 as f32))
        })
    }

    /// Refresh the sides' arrival times from a new plan.
    pub fn replan(&mut self, map: &ArrivalMap) {
        for s in 0..2 {
            self.arrival_min[s] = self.sides[s]
                .iter()
                .map(|&(x, y)| map.arrival_at_point(x as f32, y as f32))
                .fold(f32::INFINITY, f32::min);
        }
    }
}

/// The fuel breaks of a terrain, sides sampled every half cell.
pub(super) fn breaks(t: &Terrain, cell_m: f64) -> Vec<Break> {
    let Some(fuel) = &t.fuel else {
        return Vec::new();
    };
    let step = (cell_m / 2.0).max(1.0);
    fuel.zones
        .iter()
        .enumerate()
        .filter(|(_, z)| is_non_burnable(z.model) && z.polygon.len() >= 3)
        .filter_map(|(k, z)| {
            // The frame of the longest edge: u along it, n across.
            let n = z.polygon.len();
            let (a, b) = (0..n)
                .map(|i| (z.polygon[i], z.polygon[(i + 1) % n]))
                .max_by(|p, q| len(p.0, p.1).total_cmp(&len(q.0, q.1)))?;
            let l = len(a, b);
            if l <= 0.0 {
                return None;
            }
            let u = ((b.0 - a.0) / l, (b.1 - a.1) / l);
            let nrm = (-u.1, u.0);
            let along = |p: Point| p.0 * u.0 + p.1 * u.1;
            let across = |p: Point| p.0 * nrm.0 + p.1 * nrm.1;
            let (u0, u1) = span(z.polygon.iter().map(|&p| along(p)));
            let (n0, n1) = span(z.polygon.iter().map(|&p| across(p)));
            if u1 - u0 < ELONGATION * (n1 - n0) {
                return None;
            }
            let side = |off: f64| {
                let count = ((u1 - u0) / step).ceil().max(1.0) as usize;
                (0..=count)
                    .map(|i| {
                        let s = u0 + (u1 - u0) * i as f64 / count as f64;
                        (s * u.0 + off * nrm.0, s * u.1 + off * nrm.1)
                    })
                    .collect::<Vec<Point>>()
            };
            Some(Break {
                zone: k,
                model: z.model,
                sides: [side(n0 - cell_m / 2.0), side(n1 + cell_m / 2.0)],
                arrival_min: [f32::INFINITY; 2],
                journalled: [false; 2],
            })
        })
        .collect()
}

fn len(a: Point, b: Point) -> f64 {
    libm::hypot(b.0 - a.0, b.1 - a.1)
}

fn span(v: impl Iterator<Item = f64>) -> (f64, f64) {
    v.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| {
        (lo.min(x), hi.max(x))
    })
}
