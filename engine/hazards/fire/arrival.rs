//! The fire's arrival time at every cell of a landscape ([`super::landscape`]): what has burned
//! by a time, its area, its front (the sources of a re-plan) and the arrival time at a point.
//! Coordinates as the landscape's: x east, y north, row 0 south.

use super::landscape::{RING8, STENCIL};

pub(super) fn cell_at(
    width: usize,
    height: usize,
    cell_size_m: f32,
    x_m: f32,
    y_m: f32,
) -> Option<usize> {
    let (c, r) = (x_m / cell_size_m, y_m / cell_size_m);
    if !(c >= 0.0 && r >= 0.0) {
        return None;
    }
    let (c, r) = (c as usize, r as usize);
    (c < width && r < height).then(|| r * width + c)
}

pub(super) fn cell_center(width: usize, cell_size_m: f32, cell: usize) -> (f32, f32) {
    let (c, r) = (cell % width.max(1), cell / width.max(1));
    (
        (c as f32 + 0.5) * cell_size_m,
        (r as f32 + 0.5) * cell_size_m,
    )
}

/// The fire's arrival time at every cell.
#[derive(Clone, Debug, PartialEq)]
pub struct ArrivalMap {
    pub width: usize,
    pub height: usize,
    pub cell_size_m: f32,
    /// Minutes since the drill's start, row-major, row 0 south; infinity where the fire did not
    /// arrive (within the spread's horizon).
    pub arrival_min: Vec<f32>,
}

/// Whether a cell the fire reaches at `arrival` has burned by `t` (never, at infinity).
fn burned(arrival: f32, t: f32) -> bool {
    arrival <= t && arrival.is_finite()
}

impl ArrivalMap {
    /// Whether the fire has reached `cell` by `t_min`.
    pub fn is_burned(&self, cell: usize, t_min: f32) -> bool {
        self.arrival_min
            .get(cell)
            .is_some_and(|&a| burned(a, t_min))
    }

    /// Per cell: burned by `t_min`.
    pub fn burned_at(&self, t_min: f32) -> Vec<bool> {
        self.arrival_min.iter().map(|&a| burned(a, t_min)).collect()
    }

    /// How many cells have burned by `t_min`.
    pub fn burned_cells(&self, t_min: f32) -> usize {
        self.arrival_min
            .iter()
            .filter(|&&a| burned(a, t_min))
            .count()
    }

    /// Area burned by `t_min`, m².
    pub fn area_burned_m2(&self, t_min: f32) -> f64 {
        let cell = f64::from(self.cell_size_m);
        self.burned_cells(t_min) as f64 * cell * cell
    }

    /// Burned cells at `t_min` with an unburned (or off-grid) cell among their 8 neighbours.
    pub fn perimeter_cells(&self, t_min: f32) -> Vec<usize> {
        let mut out = Vec::new();
        for cell in 0..self.arrival_min.len() {
            if !burned(self.arrival_min[cell], t_min) {
                continue;
            }
            let edge = self.neighbours(cell, &RING8).count() < 8;
            if edge
                || self
                    .neighbours(cell, &RING8)
                    .any(|n| !burned(self.arrival_min[n], t_min))
            {
                out.push(cell);
            }
        }
        out
    }

    /// The front at `t_min` as re-plan sources: every burned cell with an unburned cell within
    /// the spread's stencil, with its arrival time.
    pub fn front(&self, t_min: f32) -> Vec<(usize, f32)> {
        let mut out = Vec::new();
        for cell in 0..self.arrival_min.len() {
            let t = self.arrival_min[cell];
            if burned(t, t_min)
                && self
                    .neighbours(cell, &STENCIL)
                    .any(|n| !burned(self.arrival_min[n], t_min))
            {
                out.push((cell, t));
            }
        }
        out
    }

    /// The arrival time at a point (x east, y north, metres): bilinear between the four nearest
    /// cell centres where all four have burned, else the containing cell's; infinity off the grid.
    pub fn arrival_at_point(&self, x_m: f32, y_m: f32) -> f32 {
        let Some(cell) = cell_at(self.width, self.height, self.cell_size_m, x_m, y_m) else {
            return f32::INFINITY;
        };
        let own = self.arrival_min[cell];
        let fx = (x_m / self.cell_size_m - 0.5).max(0.0);
        let fy = (y_m / self.cell_size_m - 0.5).max(0.0);
        let (c0, r0) = (
            (fx as usize).min(self.width - 1),
            (fy as usize).min(self.height - 1),
        );
        let (c1, r1) = ((c0 + 1).min(self.width - 1), (r0 + 1).min(self.height - 1));
        let (tx, ty) = (
            (fx - c0 as f32).clamp(0.0, 1.0),
            (fy - r0 as f32).clamp(0.0, 1.0),
        );
        let at = |c: usize, r: usize| self.arrival_min[r * self.width + c];
        let corners = [at(c0, r0), at(c1, r0), at(c0, r1), at(c1, r1)];
        if corners.iter().all(|t| t.is_finite()) {
            let south = corners[0] + (corners[1] - corners[0]) * tx;
            let north = corners[2] + (corners[3] - corners[2]) * tx;
            south + (north - south) * ty
        } else {
            own
        }
    }

    /// The centre of a cell, metres (x east, y north).
    pub fn cell_center_m(&self, cell: usize) -> (f32, f32) {
        cell_center(self.width, self.cell_size_m, cell)
    }

    fn neighbours<'a>(
        &'a self,
        cell: usize,
        stencil: &'a [(i32, i32)],
    ) -> impl Iterator<Item = usize> + 'a {
        let (w, h) = (self.width as i64, self.height as i64);
        let (c, r) = ((cell % self.width) as i64, (cell / self.width) as i64);
        stencil.iter().filter_map(move |&(dc, dr)| {
            let (nc, nr) = (c + i64::from(dc), r + i64::from(dr));
            (nc >= 0 && nc < w && nr >= 0 && nr < h).then(|| (nr * w + nc) as usize)
        })
    }
}
