//! Levees as raised crest lines and breaches that open through them.
//!
//! A levee is a polyline (m) with a crest height above the ground and a crest width; every cell
//! whose centre lies within width/2 of the line, or that the line passes through (so a levee
//! narrower than a cell still has no diagonal gaps on the 4-neighbour grid), is raised to
//! ground + crest height.
//!
//! A breach opens at a point on a levee: between `start_s` and `start_s + formation_s` its width
//! grows linearly from 0 to `width_m` and its bottom falls linearly from the crest to the final
//! bottom level (default: the ground the levee stands on). This is the linear breach
//! development that HEC-RAS assumes by default for its breach options and that Froehlich's
//! (2008) width and formation-time regressions are meant to drive. The levee cells whose centres
//! lie within width(t)/2 of the breach point along the levee (at least the cell column through
//! the point, once the breach has started) are lowered to the breach bottom; water depth in a
//! lowered cell is kept, so the change conserves volume exactly.

use crate::scenario::geometry::point_segment;

/// A raised crest line.
#[derive(Clone, Debug, PartialEq)]
pub struct Levee {
    /// Polyline vertices (x east, y north), m.
    pub points: Vec<(f64, f64)>,
    /// Crest height above the ground, m.
    pub crest_height_m: f64,
    /// Crest width, m.
    pub width_m: f64,
}

/// A breach that opens through a levee.
#[derive(Clone, Debug, PartialEq)]
pub struct Breach {
    /// Which levee (the index `add_levee` returned).
    pub levee: usize,
    /// A point on (or near) the levee, m.
    pub at: (f64, f64),
    /// Final width, m.
    pub width_m: f64,
    pub start_s: f64,
    pub formation_s: f64,
    /// Final bottom elevation, m; None: the ground under the levee.
    pub bottom_m: Option<f64>,
}

impl Breach {
    /// Fraction formed at time t: 0 before start, 1 after formation, linear between.
    pub fn fraction(&self, t_s: f64) -> f64 {
        if t_s < self.start_s {
            0.0
        } else if self.formation_s <= 0.0 {
            1.0
        } else {
            ((t_s - self.start_s) / self.formation_s).min(1.0)
        }
    }
}

/// A levee cell a breach may lower: its index, its distance along the levee from the breach
/// point (m), its crest and its final bottom elevation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct BreachCell {
    pub cell: usize,
    pub along_m: f64,
    pub crest_m: f64,
    pub bottom_m: f64,
}

/// Whether segment a–b meets the axis-aligned square [x0, x0+d] × [y0, y0+d] (slab test).
fn seg_hits_square(a: (f64, f64), b: (f64, f64), x0: f64, y0: f64, d: f64) -> bool {
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q, lo, hi) in [(a.0, b.0 - a.0, x0, x0 + d), (a.1, b.1 - a.1, y0, y0 + d)] {
        if q == 0.0 {
            if p < lo || p > hi {
                return false;
            }
        } else {
            let (mut u0, mut u1) = ((lo - p) / q, (hi - p) / q);
            if u0 > u1 {
                std::mem::swap(&mut u0, &mut u1);
            }
            t0 = t0.max(u0);
            t1 = t1.min(u1);
            if t0 > t1 {
                return false;
            }
        }
    }
    true
}

/// The cells under a levee, sorted and unique.
pub(super) fn levee_cells(levee: &Levee, nx: usize, ny: usize, dx: f64) -> Vec<usize> {
    let half = 0.5 * levee.width_m.max(0.0);
    let mut out = Vec::new();
    for seg in levee.points.windows(2) {
        let (a, b) = (seg[0], seg[1]);
        let reach = half + dx;
        let (i0, i1) = (
            ((a.0.min(b.0) - reach) / dx).floor().max(0.0) as usize,
            (((a.0.max(b.0) + reach) / dx).ceil().max(0.0) as usize).min(nx),
        );
        let (j0, j1) = (
            ((a.1.min(b.1) - reach) / dx).floor().max(0.0) as usize,
            (((a.1.max(b.1) + reach) / dx).ceil().max(0.0) as usize).min(ny),
        );
        for j in j0..j1 {
            for i in i0..i1 {
                let c = ((i as f64 + 0.5) * dx, (j as f64 + 0.5) * dx);
                if point_segment(c, a, b).0 <= half
                    || seg_hits_square(a, b, i as f64 * dx, j as f64 * dx, dx)
                {
                    out.push(j * nx + i);
                }
            }
        }
    }
    if levee.points.len() == 1 {
        let p = levee.points[0];
        let (i, j) = ((p.0 / dx).max(0.0) as usize, (p.1 / dx).max(0.0) as usize);
        if i < nx && j < ny {
            out.push(j * nx + i);
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The levee cells a breach may lower, with their distance along the levee from the point.
pub(super) fn breach_cells(
    levee: &Levee,
    cells: &[usize],
    breach: &Breach,
    ground: &[f64],
    nx: usize,
    dx: f64,
) -> Vec<BreachCell> {
    // Local tangent: of the segment nearest the breach point.
    let mut best = (f64::INFINITY, (1.0, 0.0));
    for seg in levee.points.windows(2) {
        let (d, _) = point_segment(breach.at, seg[0], seg[1]);
        let (tx, ty) = (seg[1].0 - seg[0].0, seg[1].1 - seg[0].1);
        let len = libm::sqrt(tx * tx + ty * ty);
        if d < best.0 && len > 0.0 {
            best = (d, (tx / len, ty / len));
        }
    }
    let (tx, ty) = best.1;
    let across_max = 0.5 * levee.width_m + dx;
    let along_max = 0.5 * breach.width_m + 0.5 * dx;
    cells
        .iter()
        .filter_map(|&cell| {
            let c = ((cell % nx) as f64 + 0.5) * dx - breach.at.0;
            let r = ((cell / nx) as f64 + 0.5) * dx - breach.at.1;
            let along = (c * tx + r * ty).abs();
            let across = (-c * ty + r * tx).abs();
            (along <= along_max && across <= across_max).then(|| BreachCell {
                cell,
                along_m: along,
                crest_m: ground[cell] + levee.crest_height_m,
                bottom_m: breach.bottom_m.unwrap_or(ground[cell]),
            })
        })
        .collect()
}
