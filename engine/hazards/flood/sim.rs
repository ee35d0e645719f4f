//! The flood simulation: state, set-up (levees, breaches, rain, inflows, stages, edges), the
//! adaptive time step, the active set, the mass balance, gauges and outputs.

use super::depth::{DepthPass, scale_north_edge, update_depths};
use super::grid::Terrain;
use super::kernel::{BFace, Ctx, RowStat, XFaces};
use super::levee::{Breach, BreachCell, Levee, breach_cells, levee_cells};
use super::par::CellArrays;
use super::sources::{
    Edge, EdgeOutflow, InflowLine, M_PER_S_PER_MM_PER_H, Rain, StageKind, StageLine, edge_span,
    rain_runs,
};

/// Cells shallower than this, m, do not record their speed into the maximum-speed map (and so
/// the maximum-hazard map): at a thin wet/dry front the cell velocity q/h is ill-conditioned
/// (18 m/s was recorded at the edge of a 5.5 m breach head on the 96² breach case). Why 5 cm:
/// FD2320's rating (Defra/EA 2006) has no debris factor below 0.25 m, so at d = 0.05 m
/// HR = 0.05 (v + 0.5) stays in its lowest class ("caution", HR < 0.75) for any v below
/// 14.5 m/s — the speed of such a film cannot change the FD2320 class; the shallowest depth the
/// reference names as dangerous is 15 cm (moving water that knocks an adult down). Caveat:
/// AIDR 7-3 caps velocity at 2 m/s for H1–H4 whatever the depth, so a 2–5 cm film faster than
/// 2 m/s would rate H5 there; such films are exactly where the model's velocity is least
/// trustworthy. The instantaneous fields (`velocity_*_mps`, `hazard_at`, `hazard_map`) are
/// unaffected.
pub const SPEED_RECORD_MIN_DEPTH_M: f64 = 0.05;

/// The scheme's parameters.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FloodParams {
    /// Gravity, m/s².
    pub g: f64,
    /// de Almeida et al. (2012) weighting; 1 gives Bates et al. (2010).
    pub theta: f64,
    /// Courant number α in Δt = α Δx / (√(g h_max) + |u|_max,adv).
    pub alpha: f64,
    /// Faces with a flow depth at or below this carry no flow, m.
    pub h_flow_min_m: f64,
    /// A face gets the advective term when its Froude number reaches this (and at wet/dry
    /// fronts and breaches); 0 (default): every wet face; infinity: pure local inertia.
    pub advection_froude: f64,
    /// |q| ≤ Fr_max·h·√(g h) on every face; infinity: no cap.
    pub froude_cap: f64,
    /// Longest step, s (a dry grid has no wave speed).
    pub max_dt_s: f64,
    /// Depth that counts as "wet" for the time of first wetting, m.
    pub wet_report_m: f64,
    /// Gauges record their level at this interval, s.
    pub gauge_interval_s: f64,
    /// Spread rows over rayon's threads (native targets; results do not depend on it).
    pub parallel: bool,
}

impl Default for FloodParams {
    fn default() -> Self {
        FloodParams {
            g: 9.81,
            theta: 0.8,
            alpha: 0.7,
            h_flow_min_m: 1e-3,
            advection_froude: 0.0,
            froude_cap: f64::INFINITY,
            max_dt_s: 10.0,
            wet_report_m: 0.01,
            gauge_interval_s: 60.0,
            parallel: true,
        }
    }
}

/// Cumulative volumes since the start, m³.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct MassBalance {
    /// Water placed by `set_depth` and friends.
    pub initial_m3: f64,
    /// Through edge faces into the grid (inflow lines, stages).
    pub inflow_m3: f64,
    pub rain_m3: f64,
    /// Through edge faces out of the grid.
    pub outflow_m3: f64,
    /// Water on the grid now.
    pub storage_m3: f64,
}

impl MassBalance {
    /// (in − out − storage) / everything that came in.
    pub fn error_fraction(&self) -> f64 {
        let came = self.initial_m3 + self.inflow_m3 + self.rain_m3;
        let err = came - self.outflow_m3 - self.storage_m3;
        if came > 0.0 {
            (err / came).abs()
        } else {
            err.abs()
        }
    }
}

/// A water-level gauge at a point.
#[derive(Clone, Debug, PartialEq)]
pub struct Gauge {
    pub x_m: f64,
    pub y_m: f64,
    pub cell: usize,
    /// (time s, water level m) every `gauge_interval_s`.
    pub series: Vec<(f64, f64)>,
}

#[derive(Clone)]
pub(super) struct BreachState {
    breach: Breach,
    cells: Vec<BreachCell>,
    done: bool,
}

/// A flood over a terrain.
#[derive(Clone)]
pub struct FloodSim {
    pub params: FloodParams,
    pub(super) nx: usize,
    pub(super) ny: usize,
    pub(super) dx: f64,
    pub(super) ground: Vec<f64>,
    pub(super) z: Vec<f64>,
    pub(super) n: Vec<f64>,
    pub(super) h: Vec<f64>,
    pub(super) qx: Vec<f64>,
    pub(super) qy: Vec<f64>,
    pub(super) qy_new: Vec<f64>,
    /// Flow depth of each face at its last update, m.
    pub(super) hfx: Vec<f64>,
    pub(super) hfy: Vec<f64>,
    /// Velocity of each face at the end of the last step (q/h_flow, 0 where dry), m/s.
    pub(super) ux: Vec<f64>,
    pub(super) uy: Vec<f64>,
    pub(super) scale: Vec<f64>,
    pub(super) u: Vec<f64>,
    pub(super) v: Vec<f64>,
    pub(super) h_max: Vec<f64>,
    pub(super) speed_max: Vec<f64>,
    pub(super) t_wet: Vec<f64>,
    pub(super) breach_flag: Vec<bool>,
    pub(super) act: Vec<(usize, usize)>,
    pub(super) stats: Vec<RowStat>,
    pub(super) y_umax: Vec<f64>,
    pub(super) bface: [Vec<BFace>; 4],
    pub(super) outflow: [EdgeOutflow; 4],
    pub(super) levees: Vec<(Levee, Vec<usize>)>,
    pub(super) breaches: Vec<BreachState>,
    pub(super) rains: Vec<(Rain, usize, bool)>,
    pub(super) rain_rows: Vec<Vec<(usize, usize, usize)>>,
    pub(super) rain_depth: Vec<f64>,
    pub(super) inflows: Vec<(InflowLine, usize)>,
    pub(super) inflow_q: Vec<f64>,
    pub(super) stages: Vec<StageLine>,
    pub(super) stage_vals: Vec<(StageKind, f64)>,
    pub(super) gauges: Vec<Gauge>,
    pub(super) next_gauge_t: f64,
    pub(super) t: f64,
    pub(super) steps: u64,
    pub(super) cell_updates: u64,
    pub(super) last_dt: f64,
    pub(super) h_max_now: f64,
    pub(super) u_adv_max: f64,
    pub(super) mass: MassBalance,
}

fn hull(a: (usize, usize), lo: usize, hi: usize) -> (usize, usize) {
    if lo >= hi {
        a
    } else if a.0 >= a.1 {
        (lo, hi)
    } else {
        (a.0.min(lo), a.1.max(hi))
    }
}

impl FloodSim {
    pub fn new(terrain: Terrain, params: FloodParams) -> FloodSim {
        let Terrain {
            nx,
            ny,
            dx_m,
            z_m,
            manning_n,
        } = terrain;
        let cells = nx * ny;
        FloodSim {
            params,
            nx,
            ny,
            dx: dx_m,
            ground: z_m.clone(),
            z: z_m,
            n: manning_n,
            h: vec![0.0; cells],
            qx: vec![0.0; (nx + 1) * ny],
            qy: vec![0.0; nx * (ny + 1)],
            qy_new: vec![0.0; nx * (ny + 1)],
            hfx: vec![0.0; (nx + 1) * ny],
            hfy: vec![0.0; nx * (ny + 1)],
            ux: vec![0.0; (nx + 1) * ny],
            uy: vec![0.0; nx * (ny + 1)],
            scale: vec![1.0; cells],
            u: vec![0.0; cells],
            v: vec![0.0; cells],
            h_max: vec![0.0; cells],
            speed_max: vec![0.0; cells],
            t_wet: vec![f64::INFINITY; cells],
            breach_flag: vec![false; cells],
            act: vec![(0, 0); ny],
            stats: vec![RowStat::default(); ny],
            y_umax: vec![0.0; ny + 1],
            bface: [
                vec![BFace::Wall; ny],
                vec![BFace::Wall; ny],
                vec![BFace::Wall; nx],
                vec![BFace::Wall; nx],
            ],
            outflow: [EdgeOutflow::Closed; 4],
            levees: Vec::new(),
            breaches: Vec::new(),
            rains: Vec::new(),
            rain_rows: vec![Vec::new(); ny],
            rain_depth: Vec::new(),
            inflows: Vec::new(),
            inflow_q: Vec::new(),
            stages: Vec::new(),
            stage_vals: Vec::new(),
            gauges: Vec::new(),
            next_gauge_t: 0.0,
            t: 0.0,
            steps: 0,
            cell_updates: 0,
            last_dt: 0.0,
            h_max_now: 0.0,
            u_adv_max: 0.0,
            mass: MassBalance::default(),
        }
    }

    // ---- set-up -------------------------------------------------------------------------

    /// Makes a cell and its four neighbours active.
    fn activate(&mut self, cell: usize) {
        let (i, j) = (cell % self.nx, cell / self.nx);
        let (lo, hi) = (i.saturating_sub(1), (i + 2).min(self.nx));
        for r in j.saturating_sub(1)..(j + 2).min(self.ny) {
            self.act[r] = hull(self.act[r], lo, hi);
        }
    }

    /// Sets a cell's water depth (initial conditions); counted as initial water.
    pub fn set_depth(&mut self, cell: usize, depth_m: f64) {
        let d = depth_m.max(0.0);
        self.mass.initial_m3 += (d - self.h[cell]) * self.dx * self.dx;
        self.mass.storage_m3 += (d - self.h[cell]) * self.dx * self.dx;
        self.h[cell] = d;
        self.h_max[cell] = self.h_max[cell].max(d);
        self.h_max_now = self.h_max_now.max(d);
        if d > 0.0 {
            self.activate(cell);
        }
    }

    /// Fills every cell for which `level(x, y)` gives a level above its bed to that level.
    pub fn set_level_where(&mut self, level: impl Fn(f64, f64) -> Option<f64>) {
        for cell in 0..self.h.len() {
            let (x, y) = self.cell_center_m(cell);
            if let Some(l) = level(x, y) {
                self.set_depth(cell, (l - self.z[cell]).max(0.0));
            }
        }
    }

    /// How water leaves through an edge (edges without inflow or stage lines).
    pub fn set_edge_outflow(&mut self, edge: Edge, outflow: EdgeOutflow) {
        self.outflow[edge.index()] = outflow;
        let kind = match outflow {
            EdgeOutflow::Closed => BFace::Wall,
            EdgeOutflow::NormalDepth { slope } => BFace::Normal {
                sqrt_slope: libm::sqrt(slope.max(0.0)),
            },
            EdgeOutflow::CriticalDepth => BFace::Critical,
        };
        for f in &mut self.bface[edge.index()] {
            if matches!(f, BFace::Wall | BFace::Normal { .. } | BFace::Critical) {
                *f = kind;
            }
        }
    }

    /// The cells along an edge's positions.
    fn edge_cell(&self, edge: Edge, k: usize) -> usize {
        match edge {
            Edge::West => k * self.nx,
            Edge::East => k * self.nx + self.nx - 1,
            Edge::South => k,
            Edge::North => (self.ny - 1) * self.nx + k,
        }
    }

    fn edge_len(&self, edge: Edge) -> usize {
        match edge {
            Edge::West | Edge::East => self.ny,
            Edge::South | Edge::North => self.nx,
        }
    }

    /// Raises the cells under a levee to ground + crest height; returns its index.
    pub fn add_levee(&mut self, levee: Levee) -> usize {
        let cells = levee_cells(&levee, self.nx, self.ny, self.dx);
        for &c in &cells {
            self.z[c] = self.z[c].max(self.ground[c] + levee.crest_height_m);
        }
        self.levees.push((levee, cells));
        self.levees.len() - 1
    }

    /// A breach through a levee, opening over time; returns its index.
    pub fn add_breach(&mut self, breach: Breach) -> usize {
        let (levee, cells) = &self.levees[breach.levee];
        let cells = breach_cells(levee, cells, &breach, &self.ground, self.nx, self.dx);
        self.breaches.push(BreachState {
            breach,
            cells,
            done: false,
        });
        self.breaches.len() - 1
    }

    /// Rain over an area; returns its index.
    pub fn add_rain(&mut self, rain: Rain) -> usize {
        let k = self.rains.len();
        let runs = rain_runs(&rain.area, self.nx, self.ny, self.dx);
        let count = runs.iter().map(|r| r.2 - r.1 + 1).sum();
        for &(j, a, b) in &runs {
            self.rain_rows[j].push((a, b, k));
        }
        self.rains.push((rain, count, false));
        self.rain_depth.push(0.0);
        k
    }

    /// An inflow hydrograph along an edge; returns its index.
    pub fn add_inflow(&mut self, line: InflowLine) -> usize {
        let k = self.inflows.len();
        let span = edge_span(self.edge_len(line.edge), self.dx, line.from_m, line.to_m);
        for &p in &span {
            self.bface[line.edge.index()][p] = BFace::Inflow(k);
            let c = self.edge_cell(line.edge, p);
            self.activate(c);
        }
        self.inflows.push((line, span.len()));
        self.inflow_q.push(0.0);
        k
    }

    /// An imposed depth or level beyond an edge; returns its index.
    pub fn add_stage(&mut self, line: StageLine) -> usize {
        let k = self.stages.len();
        let span = edge_span(self.edge_len(line.edge), self.dx, line.from_m, line.to_m);
        for &p in &span {
            self.bface[line.edge.index()][p] = BFace::Stage(k);
            let c = self.edge_cell(line.edge, p);
            self.activate(c);
        }
        self.stage_vals.push((line.kind, 0.0));
        self.stages.push(line);
        k
    }

    /// A water-level gauge at a point; returns its index.
    pub fn add_gauge(&mut self, x_m: f64, y_m: f64) -> Option<usize> {
        let cell = self.cell_at(x_m, y_m)?;
        self.gauges.push(Gauge {
            x_m,
            y_m,
            cell,
            series: Vec::new(),
        });
        Some(self.gauges.len() - 1)
    }

    // ---- stepping -----------------------------------------------------------------------

    /// The next step's length before the caller's cap, s.
    pub fn stable_dt(&self) -> f64 {
        let h = self
            .stage_vals
            .iter()
            .fold(self.h_max_now, |m, &(k, v)| match k {
                StageKind::Depth => m.max(v),
                StageKind::Level => m, // levels enter via the cell depths they drive
            });
        let speed = libm::sqrt(self.params.g * h) + self.u_adv_max;
        if speed > 0.0 {
            (self.params.alpha * self.dx / speed).min(self.params.max_dt_s)
        } else {
            self.params.max_dt_s
        }
    }

    /// Lowers the cells of opening breaches to their state at time t.
    fn update_breaches(&mut self, t: f64) {
        let dx = self.dx;
        for b in self.breaches.iter_mut().filter(|b| !b.done) {
            let f = b.breach.fraction(t);
            if f <= 0.0 {
                continue;
            }
            let half = (0.5 * f * b.breach.width_m).max(0.5 * dx);
            for bc in &b.cells {
                if bc.along_m <= half {
                    let level = bc.crest_m - f * (bc.crest_m - bc.bottom_m);
                    if level < self.z[bc.cell] {
                        self.z[bc.cell] = level;
                    }
                    self.breach_flag[bc.cell] = true;
                }
            }
            b.done = f >= 1.0;
        }
    }

    /// One step of at most `max_dt_s`; returns its length.
    pub fn step(&mut self, max_dt_s: f64) -> f64 {
        let dt = self.stable_dt().min(max_dt_s);
        if dt <= 0.0 {
            return 0.0;
        }
        let (t0, t1) = (self.t, self.t + dt);
        self.update_breaches(t0);
        let area = self.dx * self.dx;
        // Sources over the step: exact integrals of their series.
        for (k, (line, cells)) in self.inflows.iter().enumerate() {
            let q_mean = line.discharge_m3s.integral(t0, t1) / dt;
            self.inflow_q[k] = q_mean / (*cells as f64 * self.dx);
        }
        for (k, s) in self.stages.iter().enumerate() {
            self.stage_vals[k].1 = s.value_m.at(t0 + 0.5 * dt);
        }
        let mut rain_vol = 0.0;
        let mut newly_raining = Vec::new();
        for (k, (rain, count, started)) in self.rains.iter_mut().enumerate() {
            let depth = rain.intensity_mm_per_h.integral(t0, t1) * M_PER_S_PER_MM_PER_H;
            self.rain_depth[k] = depth.max(0.0);
            rain_vol += self.rain_depth[k] * *count as f64 * area;
            if self.rain_depth[k] > 0.0 && !*started {
                *started = true;
                newly_raining.push(k);
            }
        }
        for k in newly_raining {
            for j in 0..self.ny {
                let runs: Vec<_> = self.rain_rows[j]
                    .iter()
                    .filter(|r| r.2 == k)
                    .copied()
                    .collect();
                for (a, b, _) in runs {
                    for r in j.saturating_sub(1)..(j + 2).min(self.ny) {
                        self.act[r] = hull(self.act[r], a.saturating_sub(1), (b + 2).min(self.nx));
                    }
                }
            }
        }
        let p = self.params;
        macro_rules! ctx {
            ($h:expr) => {
                Ctx {
                    nx: self.nx,
                    ny: self.ny,
                    dx: self.dx,
                    dt,
                    g: p.g,
                    theta: p.theta,
                    h_flow_min: p.h_flow_min_m,
                    adv_fr2: p.advection_froude * p.advection_froude,
                    cap_fr: p.froude_cap,
                    h: $h,
                    z: &self.z,
                    n: &self.n,
                    breach: &self.breach_flag,
                    act: &self.act,
                    bface: &self.bface,
                    inflow_q: &self.inflow_q,
                    stage: &self.stage_vals,
                    par: p.parallel,
                }
            };
        }
        let ctx = ctx!(&self.h);
        // qy holds the scaled discharges of the last step, qy_new gets this step's unscaled
        // ones, and the depth pass writes the scaled ones back into qy.
        ctx.y_fluxes(
            (&self.qy, &self.uy),
            &mut self.qy_new,
            &mut self.hfy,
            &mut self.y_umax,
        );
        let x = XFaces {
            q: &mut self.qx,
            hf: &mut self.hfx,
            u: &self.ux,
            scale: &mut self.scale,
        };
        ctx.x_fluxes_and_limiter(x, &self.qy_new, &mut self.stats);
        let (nx, ny) = (self.nx, self.ny);
        let updated: usize = self.act.iter().map(|&(a, b)| b.saturating_sub(a)).sum();
        let ctx = ctx!(&[]);
        let dp = DepthPass {
            scale: &self.scale,
            hfx: &self.hfx,
            hfy: &self.hfy,
            qy_unscaled: &self.qy_new,
            rain_rows: &self.rain_rows,
            rain_depth: &self.rain_depth,
            t_end: t1,
            wet_report_m: p.wet_report_m,
        };
        scale_north_edge(&ctx, &dp, &mut self.qy, &mut self.uy);
        let arrays = CellArrays {
            h: &mut self.h,
            u: &mut self.u,
            v: &mut self.v,
            h_max: &mut self.h_max,
            speed_max: &mut self.speed_max,
            t_wet: &mut self.t_wet,
            qx: &mut self.qx,
            ux: &mut self.ux,
            qy: &mut self.qy,
            uy: &mut self.uy,
        };
        update_depths(&ctx, &dp, arrays, &mut self.stats);
        // Edge volumes, in a fixed order.
        let (mut vin, mut vout) = (0.0, 0.0);
        let mut tally = |q_in: f64| {
            if q_in > 0.0 {
                vin += q_in * self.dx * dt;
            } else {
                vout -= q_in * self.dx * dt;
            }
        };
        for j in 0..ny {
            tally(self.qx[j * (nx + 1)]);
            tally(-self.qx[j * (nx + 1) + nx]);
        }
        for i in 0..nx {
            tally(self.qy[i]);
            tally(-self.qy[ny * nx + i]);
        }
        // Serial, fixed-order reductions and the active set's growth.
        let mut depth_sum = 0.0;
        let (mut h_max, mut u_max) = (0.0f64, 0.0f64);
        for j in 0..ny {
            let s = self.stats[j];
            depth_sum += s.depth_sum;
            h_max = h_max.max(s.h_max);
            u_max = u_max.max(s.u_adv_max);
            if s.wet_lo < s.wet_hi {
                let (a, b) = (s.wet_lo.saturating_sub(1), (s.wet_hi + 1).min(nx));
                for r in j.saturating_sub(1)..(j + 2).min(ny) {
                    self.act[r] = hull(self.act[r], a, b);
                }
            }
        }
        for &u in &self.y_umax {
            u_max = u_max.max(u);
        }
        self.h_max_now = h_max;
        self.u_adv_max = u_max;
        self.mass.inflow_m3 += vin;
        self.mass.outflow_m3 += vout;
        self.mass.rain_m3 += rain_vol;
        self.mass.storage_m3 = depth_sum * area;
        self.t = t1;
        self.steps += 1;
        self.cell_updates += updated as u64;
        self.last_dt = dt;
        self.record_gauges();
        dt
    }

    fn record_gauges(&mut self) {
        if self.t + 1e-9 < self.next_gauge_t || self.gauges.is_empty() {
            return;
        }
        let t = self.t;
        for g in 0..self.gauges.len() {
            let level = self.level_m(self.gauges[g].cell);
            self.gauges[g].series.push((t, level));
        }
        self.next_gauge_t = t + self.params.gauge_interval_s;
    }

    /// Steps until time `t_s` exactly (the last step shortened); returns the steps taken.
    pub fn step_until(&mut self, t_s: f64) -> u64 {
        let start = self.steps;
        while self.t < t_s {
            let remaining = t_s - self.t;
            self.step(remaining);
            if t_s - self.t < 1e-12 * t_s.abs().max(1.0) {
                self.t = t_s;
            }
        }
        self.steps - start
    }
}
