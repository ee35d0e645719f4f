//! Line of sight over the terrain's elevation grid: whether an eye `eye_m` above the ground at
//! one point sees something `target_m` above the ground at another (LCES: a lookout must see
//! the front and the crew; fire.md's machine-checkable form).
//!
//! The method of GIS viewshed tools (GRASS `r.los`/`r.viewshed`, ESRI Viewshed): the terrain is
//! sampled along the sight line every quarter cell by bilinear interpolation between cell
//! centres, and a sample higher than the sight line blocks it. Far heights are lowered by the
//! earth's curvature less standard atmospheric refraction, d²·(1 − k)/(2R) with R = 6 371 000 m
//! and k = 0.13 (the refraction coefficient those tools use by default), which makes the
//! horizon of an eye h metres above flat ground √(2Rh/(1 − k)) away.

use crate::scenario::grid::GridData;

/// Mean earth radius, m.
pub const EARTH_RADIUS_M: f64 = 6_371_000.0;
/// Coefficient of atmospheric refraction (GRASS r.viewshed's default).
pub const REFRACTION: f64 = 0.13;

/// An elevation grid in the scenario's layout: row-major, NORTHERN row first, (0, 0) at the
/// south-west corner, cells `cell_m` wide.
#[derive(Clone, Copy, Debug)]
pub struct Dem<'a> {
    grid: &'a GridData,
    cell_m: f64,
}

impl<'a> Dem<'a> {
    pub fn new(grid: &'a GridData, cell_m: f64) -> Dem<'a> {
        Dem { grid, cell_m }
    }

    /// Ground height at (x, y) m, bilinear between cell centres (clamped at the edges); `None`
    /// outside the grid or for an empty one.
    pub fn height_at(&self, x: f64, y: f64) -> Option<f64> {
        let (rows, cols) = (self.grid.rows, self.grid.cols);
        let w = cols as f64 * self.cell_m;
        let h = rows as f64 * self.cell_m;
        if rows == 0 || cols == 0 || !(0.0..=w).contains(&x) || !(0.0..=h).contains(&y) {
            return None;
        }
        // Fractional column and row (row 0 south) of the point among cell centres.
        let fc = (x / self.cell_m - 0.5).clamp(0.0, (cols - 1) as f64);
        let fr = (y / self.cell_m - 0.5).clamp(0.0, (rows - 1) as f64);
        let (c0, r0) = (fc.floor() as usize, fr.floor() as usize);
        let (c1, r1) = ((c0 + 1).min(cols - 1), (r0 + 1).min(rows - 1));
        let (tx, ty) = (fc - c0 as f64, fr - r0 as f64);
        let z = |c: usize, r: usize| self.grid.values[(rows - 1 - r) * cols + c];
        let south = z(c0, r0) * (1.0 - tx) + z(c1, r0) * tx;
        let north = z(c0, r1) * (1.0 - tx) + z(c1, r1) * tx;
        Some(south * (1.0 - ty) + north * ty)
    }

    /// Whether an eye `eye_m` above the ground at `from` sees a point `target_m` above the
    /// ground at `to`. False where either end is off the grid.
    pub fn sees(&self, from: (f64, f64), eye_m: f64, to: (f64, f64), target_m: f64) -> bool {
        let (Some(z0), Some(z1)) = (self.height_at(from.0, from.1), self.height_at(to.0, to.1))
        else {
            return false;
        };
        let d = libm::hypot(to.0 - from.0, to.1 - from.1);
        let eye = z0 + eye_m.max(0.0);
        let target = z1 + target_m.max(0.0) - drop_m(d);
        let step = self.cell_m / 4.0;
        let n = (d / step).floor() as usize;
        (1..n).all(|k| {
            let s = k as f64 * step;
            let t = s / d;
            let (x, y) = (from.0 + (to.0 - from.0) * t, from.1 + (to.1 - from.1) * t);
            let line = eye + (target - eye) * t;
            self.height_at(x, y)
                .is_none_or(|ground| ground - drop_m(s) <= line)
        })
    }
}

/// How far a point `d_m` away sinks below the eye's horizontal plane (curvature less
/// refraction), m.
pub fn drop_m(d_m: f64) -> f64 {
    d_m * d_m * (1.0 - REFRACTION) / (2.0 * EARTH_RADIUS_M)
}

/// The distance to the horizon of an eye `eye_m` above flat ground (with refraction), m.
pub fn horizon_m(eye_m: f64) -> f64 {
    libm::sqrt(2.0 * EARTH_RADIUS_M * eye_m.max(0.0) / (1.0 - REFRACTION))
}
