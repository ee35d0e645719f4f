//! What the simulation shows: per-cell fields as slices (for a view to draw each frame), values
//! and hazard at a point, gauges, the mass balance and work counters.

use super::hazard::{DebrisFactor, PointHazard, point_hazard};
use super::sim::{FloodSim, Gauge, MassBalance};

impl FloodSim {
    pub fn nx(&self) -> usize {
        self.nx
    }

    pub fn ny(&self) -> usize {
        self.ny
    }

    pub fn dx_m(&self) -> f64 {
        self.dx
    }

    /// Simulated time, s.
    pub fn time_s(&self) -> f64 {
        self.t
    }

    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// The last step's length, s.
    pub fn last_dt_s(&self) -> f64 {
        self.last_dt
    }

    /// Active cells updated so far, summed over steps.
    pub fn cell_updates(&self) -> u64 {
        self.cell_updates
    }

    /// Cells in the active set now.
    pub fn active_cells(&self) -> usize {
        self.act.iter().map(|&(a, b)| b.saturating_sub(a)).sum()
    }

    /// The cell containing a point (x east, y north, m).
    pub fn cell_at(&self, x_m: f64, y_m: f64) -> Option<usize> {
        super::grid::cell_at(self.nx, self.ny, self.dx, x_m, y_m)
    }

    /// The centre of a cell, m.
    pub fn cell_center_m(&self, cell: usize) -> (f64, f64) {
        super::grid::cell_center(self.nx, self.dx, cell)
    }

    /// Water depth per cell, m (row-major, row 0 south).
    pub fn depth_m(&self) -> &[f64] {
        &self.h
    }

    /// Bed elevation per cell now (levees raised, breaches lowered), m.
    pub fn bed_m(&self) -> &[f64] {
        &self.z
    }

    /// Ground elevation as given, m.
    pub fn ground_m(&self) -> &[f64] {
        &self.ground
    }

    /// Velocity east per cell, m/s: the mean of the cell's two x-face discharges over its depth
    /// (0 below the flow threshold).
    pub fn velocity_x_mps(&self) -> &[f64] {
        &self.u
    }

    /// Velocity north per cell, m/s.
    pub fn velocity_y_mps(&self) -> &[f64] {
        &self.v
    }

    /// Largest depth so far per cell, m.
    pub fn max_depth_m(&self) -> &[f64] {
        &self.h_max
    }

    /// Largest speed so far per cell, m/s, recorded only while the cell is at least
    /// [`super::sim::SPEED_RECORD_MIN_DEPTH_M`] (5 cm) deep.
    pub fn max_speed_mps(&self) -> &[f64] {
        &self.speed_max
    }

    /// Time the depth first exceeded `params.wet_report_m`, s; infinity if never.
    pub fn first_wet_s(&self) -> &[f64] {
        &self.t_wet
    }

    /// Unit discharges on x faces, m²/s: (nx + 1) per row, face i is the west face of column i.
    pub fn face_q_x(&self) -> &[f64] {
        &self.qx
    }

    /// Unit discharges on y faces, m²/s: ny + 1 rows of nx, face row j is the south face of
    /// row j.
    pub fn face_q_y(&self) -> &[f64] {
        &self.qy
    }

    /// Water level of a cell (bed + depth), m.
    pub fn level_m(&self, cell: usize) -> f64 {
        self.z[cell] + self.h[cell]
    }

    /// Depth at a point (its cell's), m; 0 off the grid.
    pub fn depth_at(&self, x_m: f64, y_m: f64) -> f64 {
        self.cell_at(x_m, y_m).map_or(0.0, |c| self.h[c])
    }

    /// Velocity (east, north) at a point, m/s.
    pub fn velocity_at(&self, x_m: f64, y_m: f64) -> (f64, f64) {
        self.cell_at(x_m, y_m)
            .map_or((0.0, 0.0), |c| (self.u[c], self.v[c]))
    }

    pub fn speed_at(&self, x_m: f64, y_m: f64) -> f64 {
        let (u, v) = self.velocity_at(x_m, y_m);
        libm::sqrt(u * u + v * v)
    }

    /// Water level at a point, m; None off the grid.
    pub fn level_at(&self, x_m: f64, y_m: f64) -> Option<f64> {
        self.cell_at(x_m, y_m).map(|c| self.level_m(c))
    }

    /// Depth, speed, FD2320 rating and class, and AIDR 7-3 class at a point now.
    pub fn hazard_at(&self, x_m: f64, y_m: f64, df: DebrisFactor) -> Option<PointHazard> {
        let c = self.cell_at(x_m, y_m)?;
        let (u, v) = (self.u[c], self.v[c]);
        Some(point_hazard(self.h[c], libm::sqrt(u * u + v * v), df))
    }

    /// The hazard of every cell now.
    pub fn hazard_map(&self, df: DebrisFactor) -> Vec<PointHazard> {
        (0..self.h.len())
            .map(|c| {
                let (u, v) = (self.u[c], self.v[c]);
                point_hazard(self.h[c], libm::sqrt(u * u + v * v), df)
            })
            .collect()
    }

    /// The worst hazard each cell has seen, from its maximum depth and maximum speed (which may
    /// not have happened together: conservative, as flood hazard maps are drawn).
    pub fn max_hazard_map(&self, df: DebrisFactor) -> Vec<PointHazard> {
        (0..self.h.len())
            .map(|c| point_hazard(self.h_max[c], self.speed_max[c], df))
            .collect()
    }

    pub fn gauges(&self) -> &[Gauge] {
        &self.gauges
    }

    /// A gauge's water level now, m.
    pub fn gauge_level_m(&self, gauge: usize) -> f64 {
        self.level_m(self.gauges[gauge].cell)
    }

    /// A gauge's depth now, m.
    pub fn gauge_depth_m(&self, gauge: usize) -> f64 {
        self.h[self.gauges[gauge].cell]
    }

    pub fn mass_balance(&self) -> MassBalance {
        self.mass
    }

    /// |in − out − storage| as a fraction of the water that came in.
    pub fn mass_error_fraction(&self) -> f64 {
        self.mass.error_fraction()
    }

    /// Water on the grid now, summed in a fixed order, m³.
    pub fn storage_m3(&self) -> f64 {
        self.h.iter().sum::<f64>() * self.dx * self.dx
    }
}
