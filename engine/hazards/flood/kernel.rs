//! The local-inertial step's passes over the active rows (see the module doc of [`super`]).
//!
//! 1. face discharges: x faces in place (one row per task, the old neighbours carried along the
//!    row), y faces into a second buffer (their neighbours are in other rows);
//! 2. per cell, the factor that scales its outgoing discharges to at most its volume;
//! 3. every face scaled by its upstream cell's factor;
//! 4. depths from the scaled face discharges (each face's one value leaves one cell and enters
//!    the other, so volume is conserved to round-off), rain, and the per-cell outputs.

use super::par::{self, CellArrays, CellRow};
use super::sim::SPEED_RECORD_MIN_DEPTH_M;
use super::sources::StageKind;

/// What an edge face does.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum BFace {
    Wall,
    Normal { sqrt_slope: f64 },
    Critical,
    Inflow(usize),
    Stage(usize),
}

/// Per-row results of the flux and depth passes.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct RowStat {
    /// Wet cells' column range [wet_lo, wet_hi), empty when wet_lo >= wet_hi.
    pub wet_lo: usize,
    pub wet_hi: usize,
    pub h_max: f64,
    /// Σ h over the row, m (times the cell area is the row's volume).
    pub depth_sum: f64,
    /// Largest |q|/h_flow on faces that carried advection, m/s.
    pub u_adv_max: f64,
}

/// Everything the passes read.
pub(super) struct Ctx<'a> {
    pub nx: usize,
    pub ny: usize,
    pub dx: f64,
    pub dt: f64,
    pub g: f64,
    pub theta: f64,
    pub h_flow_min: f64,
    pub adv_fr2: f64,
    pub cap_fr: f64,
    pub h: &'a [f64],
    pub z: &'a [f64],
    pub n: &'a [f64],
    pub breach: &'a [bool],
    pub act: &'a [(usize, usize)],
    pub bface: &'a [Vec<BFace>; 4],
    pub inflow_q: &'a [f64],
    pub stage: &'a [(StageKind, f64)],
    pub par: bool,
}

#[inline(always)]
fn flow_depth(hl: f64, zl: f64, hr: f64, zr: f64) -> f64 {
    (hl + zl).max(hr + zr) - zl.max(zr)
}

/// The old state of a face and its two neighbours along the flow direction: discharges and
/// flow depths at the end of the previous step.
#[derive(Clone, Copy)]
struct Stencil {
    qm: f64,
    q0: f64,
    qp: f64,
    hm: f64,
    h0: f64,
    hp: f64,
}

impl Ctx<'_> {
    /// The semi-implicit momentum update of one face (Bates 2010; de Almeida 2012) with an
    /// optional advective term, then the Froude cap.
    #[inline(always)]
    fn momentum(&self, q: f64, q_theta: f64, hf: f64, d_eta: f64, n: f64) -> f64 {
        let num = q_theta - self.g * hf * self.dt * d_eta / self.dx;
        let fric = if n > 0.0 && q != 0.0 {
            self.g * self.dt * n * n * q.abs() / (hf * hf * libm::cbrt(hf))
        } else {
            0.0
        };
        self.cap(num / (1.0 + fric), hf)
    }

    #[inline(always)]
    fn velocity(&self, q: f64, hf: f64) -> f64 {
        if hf > self.h_flow_min { q / hf } else { 0.0 }
    }

    /// Stelling & Duinmeijer's (2003) momentum-conservative staggered update of a face: the
    /// face velocity u = q/h_flow (of the previous step) is the unknown,
    /// h̄ u_t + [F_R − F_L − u (q̄_R − q̄_L)]/Δx + g h̄ ∂η/∂x = friction, with F = q̄·u*, q̄ a
    /// cell's mean discharge, u* the velocity of the face upstream of the cell centre and h̄ the
    /// mean of the two cells' depths (the face's momentum volume: a wet/dry front passes its
    /// velocity on to the next face). First-order upwind; friction semi-implicit as in LI.
    #[inline(always)]
    fn advective(&self, s: Stencil, hf: f64, hbar: f64, d_eta: f64, n: f64) -> f64 {
        let (um, u0, up) = (
            self.velocity(s.qm, s.hm),
            self.velocity(s.q0, s.h0),
            self.velocity(s.qp, s.hp),
        );
        let qc_r = 0.5 * (s.q0 + s.qp);
        let f_r = qc_r * if qc_r > 0.0 { u0 } else { up };
        let qc_l = 0.5 * (s.qm + s.q0);
        let f_l = qc_l * if qc_l > 0.0 { um } else { u0 };
        let adv = (f_r - f_l - u0 * (qc_r - qc_l)) / hbar.max(self.h_flow_min);
        let u_star = u0 - self.dt * (self.g * d_eta + adv) / self.dx;
        let fric = if n > 0.0 && u0 != 0.0 {
            self.g * self.dt * n * n * u0.abs() / (hf * libm::cbrt(hf))
        } else {
            0.0
        };
        self.cap(hf * u_star / (1.0 + fric), hf)
    }

    /// The Froude cap |q| ≤ Fr_max·h·√(g h).
    #[inline(always)]
    fn cap(&self, qn: f64, hf: f64) -> f64 {
        let cap = self.cap_fr;
        if cap.is_finite() && qn * qn > cap * cap * self.g * hf * hf * hf {
            let lim = cap * hf * libm::sqrt(self.g * hf);
            if qn > 0.0 { lim } else { -lim }
        } else {
            qn
        }
    }

    #[inline(always)]
    fn needs_advection(&self, q: f64, hf: f64, hl: f64, hr: f64, breach: bool) -> bool {
        breach || hl.min(hr) < self.h_flow_min || q * q >= self.adv_fr2 * self.g * hf * hf * hf
    }

    /// An edge face; `inward` is +1 where positive q enters the grid (west, south), −1 else.
    #[inline(always)]
    fn boundary(&self, kind: BFace, inward: f64, q: f64, cell: usize) -> f64 {
        let (hc, zc, nc) = (self.h[cell], self.z[cell], self.n[cell]);
        match kind {
            BFace::Wall => 0.0,
            BFace::Inflow(k) => inward * self.inflow_q[k],
            BFace::Normal { sqrt_slope } if hc > self.h_flow_min && nc > 0.0 => {
                -inward * hc * libm::cbrt(hc * hc) * sqrt_slope / nc
            }
            BFace::Normal { .. } | BFace::Critical if hc > self.h_flow_min => {
                let t = 2.0 * hc / 3.0;
                -inward * libm::sqrt(self.g * t) * t
            }
            BFace::Normal { .. } | BFace::Critical => 0.0,
            BFace::Stage(k) => {
                let (kind, val) = self.stage[k];
                let eta_g = match kind {
                    StageKind::Depth => zc + val.max(0.0),
                    StageKind::Level => val.max(zc),
                };
                let hf = eta_g.max(hc + zc) - zc;
                if hf <= self.h_flow_min {
                    return 0.0;
                }
                let d_eta = inward * (hc + zc - eta_g);
                self.momentum(q, q, hf, d_eta, nc)
            }
        }
    }

    /// The columns of face row k to compute: the hull of the active spans of rows k−1 and k.
    fn y_range(&self, k: usize) -> (usize, usize) {
        let (a, b) = (
            if k > 0 { self.act[k - 1] } else { (0, 0) },
            if k < self.ny { self.act[k] } else { (0, 0) },
        );
        match (a.0 < a.1, b.0 < b.1) {
            (true, true) => (a.0.min(b.0), a.1.max(b.1)),
            (true, false) => a,
            (false, true) => b,
            (false, false) => (0, 0),
        }
    }

    /// Pass 1, x faces: new discharges and flow depths in place.
    pub fn x_fluxes(&self, qx: &mut [f64], hfx: &mut [f64], stats: &mut [RowStat]) {
        let nx = self.nx;
        par::rows2(self.par, qx, hfx, nx + 1, stats, |j, row, hrow, st| {
            let (lo, hi) = self.act[j];
            if lo >= hi {
                return;
            }
            let base = j * nx;
            let (mut prev_q, mut prev_h) = if lo > 0 {
                (row[lo - 1], hrow[lo - 1])
            } else {
                (0.0, 0.0)
            };
            let mut u_max = 0.0f64;
            for i in lo..=hi {
                let (q_old, h_old) = (row[i], hrow[i]);
                let (next_q, next_h) = if i < nx {
                    (row[i + 1], hrow[i + 1])
                } else {
                    (0.0, 0.0)
                };
                let (new, hf) = if i == 0 {
                    let c = base;
                    (self.boundary(self.bface[0][j], 1.0, q_old, c), self.h[c])
                } else if i == nx {
                    let c = base + nx - 1;
                    (self.boundary(self.bface[1][j], -1.0, q_old, c), self.h[c])
                } else {
                    let (cl, cr) = (base + i - 1, base + i);
                    let (hl, hr, zl, zr) = (self.h[cl], self.h[cr], self.z[cl], self.z[cr]);
                    let hf = flow_depth(hl, zl, hr, zr);
                    let new = if hf <= self.h_flow_min {
                        0.0
                    } else {
                        let d_eta = (hr + zr) - (hl + zl);
                        let n = 0.5 * (self.n[cl] + self.n[cr]);
                        let brk = self.breach[cl] || self.breach[cr];
                        if self.needs_advection(q_old, hf, hl, hr, brk) {
                            let st = Stencil {
                                qm: prev_q,
                                q0: q_old,
                                qp: next_q,
                                hm: prev_h,
                                h0: h_old,
                                hp: next_h,
                            };
                            let qn = self.advective(st, hf, 0.5 * (hl + hr), d_eta, n);
                            u_max = u_max.max(qn.abs() / hf);
                            qn
                        } else {
                            let q_theta =
                                self.theta * q_old + 0.5 * (1.0 - self.theta) * (prev_q + next_q);
                            self.momentum(q_old, q_theta, hf, d_eta, n)
                        }
                    };
                    (new, hf)
                };
                row[i] = new;
                hrow[i] = hf;
                prev_q = q_old;
                prev_h = h_old;
            }
            st.u_adv_max = u_max;
        });
    }

    /// Pass 1, y faces: new discharges and flow depths into the second buffers (face row k
    /// lies between cell rows k−1 and k).
    pub fn y_fluxes(
        &self,
        old: (&[f64], &[f64]),
        qy_new: &mut [f64],
        hfy_new: &mut [f64],
        u_max: &mut [f64],
    ) {
        let (nx, ny) = (self.nx, self.ny);
        let (qy_old, hfy_old) = old;
        par::rows2(
            self.par,
            qy_new,
            hfy_new,
            nx,
            u_max,
            |k, row, hrow, um_out| {
                let (lo, hi) = self.y_range(k);
                let mut u_max = 0.0f64;
                for i in lo..hi {
                    let f = k * nx + i;
                    let q_old = qy_old[f];
                    let (new, hf) = if k == 0 {
                        (self.boundary(self.bface[2][i], 1.0, q_old, i), self.h[i])
                    } else if k == ny {
                        let c = (ny - 1) * nx + i;
                        (self.boundary(self.bface[3][i], -1.0, q_old, c), self.h[c])
                    } else {
                        let (cs, cn) = (f - nx, f);
                        let (hs, hn, zs, zn) = (self.h[cs], self.h[cn], self.z[cs], self.z[cn]);
                        let hf = flow_depth(hs, zs, hn, zn);
                        let new = if hf <= self.h_flow_min {
                            0.0
                        } else {
                            let (qm, qp) = (qy_old[f - nx], qy_old[f + nx]);
                            let d_eta = (hn + zn) - (hs + zs);
                            let n = 0.5 * (self.n[cs] + self.n[cn]);
                            let brk = self.breach[cs] || self.breach[cn];
                            if self.needs_advection(q_old, hf, hs, hn, brk) {
                                let st = Stencil {
                                    qm,
                                    q0: q_old,
                                    qp,
                                    hm: hfy_old[f - nx],
                                    h0: hfy_old[f],
                                    hp: hfy_old[f + nx],
                                };
                                let qn = self.advective(st, hf, 0.5 * (hs + hn), d_eta, n);
                                u_max = u_max.max(qn.abs() / hf);
                                qn
                            } else {
                                let q_theta =
                                    self.theta * q_old + 0.5 * (1.0 - self.theta) * (qm + qp);
                                self.momentum(q_old, q_theta, hf, d_eta, n)
                            }
                        };
                        (new, hf)
                    };
                    row[i] = new;
                    hrow[i] = hf;
                }
                *um_out = u_max;
            },
        );
    }

    /// Pass 2: per active cell, the factor (≤ 1) that keeps its outflow within its volume.
    pub fn limiter(&self, qx: &[f64], qy: &[f64], scale: &mut [f64], unit: &mut [()]) {
        let nx = self.nx;
        let k = self.dt / self.dx;
        par::rows(self.par, scale, nx, unit, |j, row, _| {
            let (lo, hi) = self.act[j];
            for (i, s) in row.iter_mut().enumerate().take(hi).skip(lo) {
                let (fx, fy) = (j * (nx + 1) + i, j * nx + i);
                let out = (-qx[fx]).max(0.0)
                    + qx[fx + 1].max(0.0)
                    + (-qy[fy]).max(0.0)
                    + qy[fy + nx].max(0.0);
                let depth_out = k * out;
                let h = self.h[j * nx + i];
                *s = if depth_out > h { h / depth_out } else { 1.0 };
            }
        });
    }

    /// Pass 3: every face's discharge times its upstream cell's factor (edge faces whose water
    /// comes from outside are not limited).
    pub fn apply_scale(
        &self,
        scale: &[f64],
        qx: &mut [f64],
        qy: &mut [f64],
        unit: &mut [()],
        unit_y: &mut [()],
    ) {
        let (nx, ny) = (self.nx, self.ny);
        par::rows(self.par, qx, nx + 1, unit, |j, row, _| {
            let (lo, hi) = self.act[j];
            if lo >= hi {
                return;
            }
            for (i, q) in row.iter_mut().enumerate().take(hi + 1).skip(lo) {
                if *q > 0.0 && i > 0 {
                    *q *= scale[j * nx + i - 1];
                } else if *q < 0.0 && i < nx {
                    *q *= scale[j * nx + i];
                }
            }
        });
        par::rows(self.par, qy, nx, unit_y, |k, row, _| {
            let (lo, hi) = self.y_range(k);
            for (i, q) in row.iter_mut().enumerate().take(hi).skip(lo) {
                if *q > 0.0 && k > 0 {
                    *q *= scale[(k - 1) * nx + i];
                } else if *q < 0.0 && k < ny {
                    *q *= scale[k * nx + i];
                }
            }
        });
    }
}

/// Pass 4's extra inputs.
pub(super) struct DepthPass<'a> {
    pub qx: &'a [f64],
    pub qy: &'a [f64],
    /// Per row: (lo, hi inclusive, rain source) runs.
    pub rain_rows: &'a [Vec<(usize, usize, usize)>],
    /// Depth each rain source adds this step, m.
    pub rain_depth: &'a [f64],
    /// Time at the end of the step, s.
    pub t_end: f64,
    pub wet_report_m: f64,
}

/// Pass 4: depths, rain and per-cell outputs; per-row statistics into `stats`.
pub(super) fn update_depths(
    c: &Ctx<'_>,
    d: &DepthPass<'_>,
    arrays: CellArrays<'_>,
    stats: &mut [RowStat],
) {
    let nx = c.nx;
    let k = c.dt / c.dx;
    par::cell_rows(c.par, arrays, nx, stats, |j, row: CellRow<'_>, st| {
        let (lo, hi) = c.act[j];
        let mut s = RowStat {
            wet_lo: usize::MAX,
            wet_hi: 0,
            ..RowStat::default()
        };
        s.u_adv_max = st.u_adv_max;
        if lo < hi {
            let (bx, by) = (j * (nx + 1), j * nx);
            for i in lo..hi {
                let dq = d.qx[bx + i] - d.qx[bx + i + 1] + d.qy[by + i] - d.qy[by + nx + i];
                row.h[i] += k * dq;
            }
            for &(a, b, src) in &d.rain_rows[j] {
                let add = d.rain_depth[src];
                if add > 0.0 {
                    for h in &mut row.h[a..=b] {
                        *h += add;
                    }
                }
            }
            for i in lo..hi {
                let mut h = row.h[i];
                if h < 0.0 {
                    // Round-off only: the limiter keeps outflow within the volume.
                    h = 0.0;
                    row.h[i] = 0.0;
                }
                let (u, v) = if h > c.h_flow_min {
                    (
                        0.5 * (d.qx[bx + i] + d.qx[bx + i + 1]) / h,
                        0.5 * (d.qy[by + i] + d.qy[by + nx + i]) / h,
                    )
                } else {
                    (0.0, 0.0)
                };
                row.u[i] = u;
                row.v[i] = v;
                let sp2 = u * u + v * v;
                if h >= SPEED_RECORD_MIN_DEPTH_M && sp2 > row.speed_max[i] * row.speed_max[i] {
                    row.speed_max[i] = libm::sqrt(sp2);
                }
                if h > row.h_max[i] {
                    row.h_max[i] = h;
                }
                if h > d.wet_report_m && row.t_wet[i].is_infinite() {
                    row.t_wet[i] = d.t_end;
                }
                if h > 0.0 {
                    s.wet_lo = s.wet_lo.min(i);
                    s.wet_hi = i + 1;
                }
                s.h_max = s.h_max.max(h);
                s.depth_sum += h;
            }
        }
        *st = s;
    });
}
