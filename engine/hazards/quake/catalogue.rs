//! The contents' catalogue: what a body is (a desk, a shelf, a light, a pane), how it is held
//! (free, fixed, hung) and when its fixing fails (lognormal fragility on the floor acceleration,
//! the form of FEMA P-58's fragility functions; medians are assumptions, see `super`), the boxes
//! each piece of furniture is made of, the acceleration at which a free box can neither slide nor
//! tip, and the floor amplification 1 + 2z/h (ASCE 7-16 §13.3.1).

use crate::rng::standard_normal;
use crate::scenario::schema::FurnitureKind;
use rand::Rng;
use rapier3d::prelude::RigidBodyHandle;

/// Friction of furniture feet on the floor.
pub(super) const FLOOR_FRICTION: f32 = 0.4;
/// Pendant ceiling lights hang this far below the ceiling.
pub(super) const LIGHT_DROP_M: f64 = 0.4;
/// Median fixing capacity of a pendant light and a window pane (floor acceleration, m/s²) and
/// the lognormal dispersion: assumptions (see the module comment).
pub const LIGHT_MEDIAN_MPS2: f64 = 0.6 * 9.81;
pub const GLASS_MEDIAN_MPS2: f64 = 0.8 * 9.81;
pub const FRAGILITY_BETA: f64 = 0.5;
/// A window breaks into this many shards of this size (m) and mass (kg).
pub(super) const SHARDS: usize = 4;
pub(super) const SHARD_M: (f32, f32, f32) = (0.3, 0.3, 0.006);
pub(super) const SHARD_KG: f32 = 1.4;

/// What a body is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContentKind {
    Furniture(FurnitureKind),
    /// A row of books on a shelf.
    Books,
    /// A shard of a broken window pane.
    Glass,
}

impl ContentKind {
    pub fn name(self) -> &'static str {
        match self {
            ContentKind::Furniture(k) => match k {
                FurnitureKind::Desk => "desk",
                FurnitureKind::Chair => "chair",
                FurnitureKind::Table => "table",
                FurnitureKind::Bookshelf => "bookshelf",
                FurnitureKind::Cabinet => "cabinet",
                FurnitureKind::CeilingLight => "ceiling light",
                FurnitureKind::Whiteboard => "whiteboard",
                FurnitureKind::Television => "television",
                FurnitureKind::Bed => "bed",
                FurnitureKind::Wardrobe => "wardrobe",
            },
            ContentKind::Books => "books",
            ContentKind::Glass => "window glass",
        }
    }

    /// Something to take cover under.
    pub fn shelters(self) -> bool {
        matches!(
            self,
            ContentKind::Furniture(FurnitureKind::Desk | FurnitureKind::Table)
        )
    }
}

/// How a body is held before the shaking.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Fixing {
    /// Stands free on the floor (or a shelf).
    Free,
    /// Fixed to the structure; never moves.
    Anchored,
    /// Hung or glazed: fixed until the floor acceleration exceeds its capacity (m/s²).
    Until { capacity_mps2: f64 },
}

/// One body.
#[derive(Clone, Debug)]
pub struct Item {
    pub kind: ContentKind,
    pub floor: usize,
    /// The space it stood in.
    pub space: String,
    pub body: RigidBodyHandle,
    pub fixing: Fixing,
    /// Width, depth, height (m).
    pub size_m: (f64, f64, f64),
    pub mass_kg: f64,
    /// Where it stood (centre, m).
    pub start: [f64; 3],
    /// Its fixing has failed (lights, windows).
    pub failed: bool,
    /// Below this floor acceleration (m/s²) it neither slides nor tips: it may rest asleep.
    pub(super) wake_mps2: f64,
}

/// The floor acceleration below which a free box of size `(w, d, h)` can neither slide (μg) nor
/// tip (g·b/h over its narrower base, the rigid-block overturning threshold). Vertical shaking
/// (2/3 of the horizontal) lightens the box: a_h ≥ μ(g − 2a_h/3) gives a_h ≥ μg/(1 + 2μ/3),
/// 0.79 of μg; 0.75 keeps a margin.
pub fn wake_mps2((w, d, h): (f64, f64, f64)) -> f64 {
    let g = 9.81;
    0.75 * (f64::from(FLOOR_FRICTION) * g).min(g * w.min(d) / h.max(1e-3))
}

/// The horizontal amplification of the ground acceleration on a floor at height `z_m` in a
/// building of roof height `roof_m`: 1 + 2z/h (ASCE 7-16 §13.3.1, eq. 13.3-1), 1 at the ground
/// and 3 at the roof; heights outside the building are clamped to it.
pub fn floor_amplification(z_m: f64, roof_m: f64) -> f64 {
    1.0 + 2.0 * (z_m / roof_m).clamp(0.0, 1.0)
}

/// A capacity drawn from the lognormal fragility of median `median` (dispersion
/// [`FRAGILITY_BETA`]).
pub fn lognormal(rng: &mut impl Rng, median: f64) -> f64 {
    median * libm::exp(FRAGILITY_BETA * standard_normal(rng))
}
/// The parts of a piece, in its own frame (x along the width, y along the depth, z up, origin at
/// the centre; the piece faces +y, as the format's `rotation_deg` 0 faces north): half extents
/// and centre of each box.
pub fn parts(kind: FurnitureKind, (w, d, h): (f64, f64, f64)) -> Vec<([f64; 3], [f64; 3])> {
    let t = 0.03;
    match kind {
        // A top on two side frames: the space under it is free (room to take cover).
        FurnitureKind::Desk | FurnitureKind::Table => vec![
            ([w / 2.0, d / 2.0, t], [0.0, 0.0, h / 2.0 - t]),
            (
                [t / 2.0, d / 2.0, h / 2.0 - t],
                [-w / 2.0 + t / 2.0, 0.0, -t],
            ),
            (
                [t / 2.0, d / 2.0, h / 2.0 - t],
                [w / 2.0 - t / 2.0, 0.0, -t],
            ),
        ],
        // A seat box and a back rest behind (−y): the sitter faces +y.
        FurnitureKind::Chair => {
            let seat = 0.45f64.min(h);
            vec![
                (
                    [w / 2.0, d / 2.0, seat / 2.0],
                    [0.0, 0.0, -h / 2.0 + seat / 2.0],
                ),
                (
                    [w / 2.0, t / 2.0, (h - seat) / 2.0],
                    [0.0, -d / 2.0 + t / 2.0, h / 2.0 - (h - seat) / 2.0],
                ),
            ]
        }
        // Open at the front (+y): back (−y), sides, top, bottom and three shelves.
        FurnitureKind::Bookshelf => {
            let mut v = vec![
                ([w / 2.0, t / 2.0, h / 2.0], [0.0, -d / 2.0 + t / 2.0, 0.0]),
                ([t / 2.0, d / 2.0, h / 2.0], [-w / 2.0 + t / 2.0, 0.0, 0.0]),
                ([t / 2.0, d / 2.0, h / 2.0], [w / 2.0 - t / 2.0, 0.0, 0.0]),
            ];
            for k in 0..=4 {
                let z = -h / 2.0 + t / 2.0 + f64::from(k) * (h - t) / 4.0;
                v.push(([w / 2.0, d / 2.0, t / 2.0], [0.0, 0.0, z]));
            }
            v
        }
        _ => vec![([w / 2.0, d / 2.0, h / 2.0], [0.0, 0.0, 0.0])],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::RunSeed;

    #[test]
    fn floor_amplification_is_one_plus_two_z_over_h() {
        assert_eq!(floor_amplification(0.0, 12.0), 1.0);
        assert_eq!(floor_amplification(6.0, 12.0), 2.0);
        assert_eq!(floor_amplification(12.0, 12.0), 3.0);
        // Clamped to the building: a basement is the ground, above the roof is the roof.
        assert_eq!(floor_amplification(-3.0, 12.0), 1.0);
        assert_eq!(floor_amplification(15.0, 12.0), 3.0);
    }

    #[test]
    fn a_free_box_wakes_at_the_lesser_of_sliding_and_tipping() {
        // Squat: sliding governs, 0.75 μg.
        let slide = 0.75 * 0.4 * 9.81;
        assert!((wake_mps2((1.2, 0.6, 0.75)) - slide).abs() < 1e-6);
        // Tall and slim (a shelf 0.3 m deep, 1.8 m high): tipping governs, 0.75 g b/h.
        let tip = 0.75 * 9.81 * 0.3 / 1.8;
        assert!((wake_mps2((0.9, 0.3, 1.8)) - tip).abs() < 1e-9);
    }

    #[test]
    fn fragility_capacities_are_lognormal_about_the_median() {
        let mut rng = RunSeed(5).stream("fragility");
        let mut c: Vec<f64> = (0..4001)
            .map(|_| lognormal(&mut rng, GLASS_MEDIAN_MPS2))
            .collect();
        c.sort_by(f64::total_cmp);
        let median = c[2000];
        assert!(
            (median / GLASS_MEDIAN_MPS2 - 1.0).abs() < 0.05,
            "median {median}"
        );
        // ln c is normal with σ = β: its 84th percentile is e^β times the median.
        let p84 = c[(0.8413 * 4000.0) as usize];
        let ratio = libm::log(p84 / median);
        assert!(
            (ratio - FRAGILITY_BETA).abs() < 0.05,
            "ln(p84/median) {ratio}"
        );
    }
}
