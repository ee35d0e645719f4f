//! What the view, the crowd and the journal ask of the contents' world: where a body is and how
//! it lies, what a person can shelter under, what blocks a door, what the shaking did.

use super::catalogue::{ContentKind, Fixing, parts};
use super::contents::Contents;
use crate::scenario::schema::FurnitureKind;
use crate::scenario::schema::Point;
use rapier3d::parry::bounding_volume::Aabb;
use rapier3d::prelude::*;

/// What the shaking did, for the journal.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Damage {
    /// Bodies that moved more than 0.1 m.
    pub shifted: u32,
    /// Tall pieces now lying down (tilted more than 45°).
    pub toppled: u32,
    pub lights_fallen: u32,
    pub windows_broken: u32,
}

impl Contents {
    /// Centre of an item now (m).
    pub fn position(&self, item: usize) -> [f64; 3] {
        let t = self.world.bodies[self.items[item].body].translation();
        [f64::from(t.x), f64::from(t.y), f64::from(t.z)]
    }

    /// Pose of an item now: centre and rotation (for the view).
    pub fn pose(&self, item: usize) -> (Vector, Rotation) {
        let rb = &self.world.bodies[self.items[item].body];
        (rb.translation(), *rb.rotation())
    }

    /// The boxes an item is made of, in its own frame: half extents and centre (for the view).
    pub fn shape(&self, item: usize) -> Vec<([f64; 3], [f64; 3])> {
        let it = &self.items[item];
        match it.kind {
            ContentKind::Furniture(k) => parts(k, it.size_m),
            _ => {
                let (w, d, h) = it.size_m;
                vec![([w / 2.0, d / 2.0, h / 2.0], [0.0; 3])]
            }
        }
    }

    /// How far an item's up axis leans from vertical, degrees.
    pub fn tilt_deg(&self, item: usize) -> f64 {
        let r = self.world.bodies[self.items[item].body].rotation();
        let up = *r * Vector::Z;
        libm::acos(f64::from(up.z.clamp(-1.0, 1.0))).to_degrees()
    }

    /// The nearest shelter (desk, table) on `floor` in `space` within `reach_m` of `pos` that is
    /// not in `taken`, for someone taking cover.
    pub fn shelter_near(
        &self,
        floor: usize,
        space: &str,
        pos: Point,
        reach_m: f64,
        taken: &[usize],
    ) -> Option<usize> {
        let mut best: Option<(f64, usize)> = None;
        for (k, it) in self.items.iter().enumerate() {
            if it.floor != floor || it.space != space || !it.kind.shelters() || taken.contains(&k) {
                continue;
            }
            let c = self.position(k);
            let d = ((c[0] - pos.0).powi(2) + (c[1] - pos.1).powi(2)).sqrt();
            if d <= reach_m && best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, k));
            }
        }
        best.map(|(_, k)| k)
    }

    /// Bodies no longer where they stood (moved, tilted, or fallen from their fixing), with their
    /// floor and bounding box now: what can lie in an opening. Tall enough only (0.25 m).
    pub fn displaced(&self) -> Vec<(usize, Aabb)> {
        let mut out = Vec::new();
        for (k, it) in self.items.iter().enumerate() {
            if it.fixing == Fixing::Anchored {
                continue;
            }
            let rb = &self.world.bodies[it.body];
            let t = rb.translation();
            let moved = (f64::from(t.x) - it.start[0]).abs() + (f64::from(t.y) - it.start[1]).abs();
            if moved < 0.05 && self.tilt_deg(k) < 5.0 && !it.failed {
                continue;
            }
            let Some(col) = rb
                .colliders()
                .first()
                .and_then(|&c| self.world.colliders.get(c))
            else {
                continue;
            };
            let bb = col.compute_aabb();
            let z0 = self.slabs[it.floor].elevation_m;
            if f64::from(bb.maxs.z) < z0 + 0.25 || f64::from(bb.mins.z) > z0 + 2.0 {
                continue;
            }
            out.push((k, bb));
        }
        out
    }

    /// The clear width (m) left in the opening from `p0` to `p1` on `floor` by the `displaced`
    /// bodies lying within 0.5 m of it, and which of them narrow it.
    pub fn opening_clear_m(
        &self,
        displaced: &[(usize, Aabb)],
        floor: usize,
        p0: Point,
        p1: Point,
    ) -> (f64, Vec<usize>) {
        let w = ((p1.0 - p0.0).powi(2) + (p1.1 - p0.1).powi(2))
            .sqrt()
            .max(1e-9);
        let u = ((p1.0 - p0.0) / w, (p1.1 - p0.1) / w);
        let n = (-u.1, u.0);
        let mut cover: Vec<(f64, f64)> = Vec::new();
        let mut who = Vec::new();
        for (k, bb) in displaced {
            if self.items[*k].floor != floor {
                continue;
            }
            // The box's footprint in the opening's frame.
            let (mut s0, mut s1, mut n0, mut n1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
            for (x, y) in [
                (bb.mins.x, bb.mins.y),
                (bb.maxs.x, bb.mins.y),
                (bb.mins.x, bb.maxs.y),
                (bb.maxs.x, bb.maxs.y),
            ] {
                let d = (f64::from(x) - p0.0, f64::from(y) - p0.1);
                let (s, m) = (d.0 * u.0 + d.1 * u.1, d.0 * n.0 + d.1 * n.1);
                (s0, s1, n0, n1) = (s0.min(s), s1.max(s), n0.min(m), n1.max(m));
            }
            if n1 < -0.5 || n0 > 0.5 || s1 <= 0.0 || s0 >= w {
                continue;
            }
            cover.push((s0.max(0.0), s1.min(w)));
            who.push(*k);
        }
        cover.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (mut best, mut at) = (0.0f64, 0.0f64);
        for (a, b) in cover {
            best = best.max(a - at);
            at = at.max(b);
        }
        best = best.max(w - at);
        (best, who)
    }

    /// What the shaking has done so far.
    pub fn damage(&self) -> Damage {
        let mut d = Damage::default();
        for (k, it) in self.items.iter().enumerate() {
            if it.kind == ContentKind::Glass {
                continue;
            }
            let c = self.position(k);
            let moved = ((c[0] - it.start[0]).powi(2) + (c[1] - it.start[1]).powi(2)).sqrt();
            if moved > 0.1 || it.failed {
                d.shifted += 1;
            }
            if it.kind == ContentKind::Furniture(FurnitureKind::CeilingLight) {
                d.lights_fallen += u32::from(it.failed);
            } else if it.size_m.2 > it.size_m.0.min(it.size_m.1) && self.tilt_deg(k) > 45.0 {
                d.toppled += 1;
            }
        }
        d.windows_broken = self.panes.iter().filter(|p| p.broken).count() as u32;
        d
    }

    /// Free-standing pieces taller than 1.2 m on `floor` (shelves, cabinets, wardrobes): where
    /// they stand and how far they reach if they topple (their height).
    pub fn tall_pieces(&self, floor: usize) -> Vec<(Point, f64)> {
        self.items
            .iter()
            .enumerate()
            .filter(|(_, it)| {
                it.floor == floor
                    && it.fixing == Fixing::Free
                    && matches!(it.kind, ContentKind::Furniture(_))
                    && it.size_m.2 > 1.2
            })
            .map(|(k, it)| {
                let c = self.position(k);
                ((c[0], c[1]), it.size_m.2)
            })
            .collect()
    }

    /// The floor acceleration amplification of `floor`.
    pub fn amplification(&self, floor: usize) -> f64 {
        self.slabs.get(floor).map_or(1.0, |s| s.amplification)
    }
}
