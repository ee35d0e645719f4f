//! The local-inertial step's passes over the active rows (see the module doc of [`super`]).
//!
//! 1. y faces' discharges into a second buffer (their neighbours are in other rows), from the
//!    old (scaled) discharges and face velocities;
//! 2. x faces' discharges in place (one row per task, the old neighbours carried along the row),
//!    then per cell the factor that scales its outgoing discharges to at most its volume;
//! 3. ([`super::depth`]) every face scaled by its upstream cell's factor and its velocity
//!    q/h_flow stored, and the depths from the scaled discharges (each face's one value leaves
//!    one cell and enters the other, so volume is conserved to round-off), rain, and the
//!    per-cell outputs.

use super::par;
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

/// The x faces' arrays and the per-cell limiter factors for [`Ctx::x_fluxes_and_limiter`].
pub(super) struct XFaces<'a> {
    pub q: &'a mut [f64],
    pub hf: &'a mut [f64],
    pub u: &'a [f64],
    pub scale: &'a mut [f64],
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

/// One cell beside a face: depth, bed, Manning's n, breach flag.
#[derive(Clone, Copy)]
struct Side {
    h: f64,
    z: f64,
    n: f64,
    breach: bool,
}

impl Side {
    #[inline(always)]
    fn new(h: f64, z: f64, n: f64, breach: bool) -> Side {
        Side { h, z, n, breach }
    }
}

/// The old state of a face and its two neighbours along the flow direction: discharges and
/// face velocities (q/h_flow, 0 on dry faces) at the end of the previous step.
#[derive(Clone, Copy)]
struct Stencil {
    qm: f64,
    q0: f64,
    qp: f64,
    um: f64,
    u0: f64,
    up: f64,
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

    /// Stelling & Duinmeijer's (2003) momentum-conservative staggered update of a face: the
    /// face velocity u = q/h_flow (of the previous step) is the unknown,
    /// h̄ u_t + [F_R − F_L − u (q̄_R − q̄_L)]/Δx + g h̄ ∂η/∂x = friction, with F = q̄·u*, q̄ a
    /// cell's mean discharge, u* the velocity of the face upstream of the cell centre and h̄ the
    /// mean of the two cells' depths (the face's momentum volume: a wet/dry front passes its
    /// velocity on to the next face). First-order upwind; friction semi-implicit as in LI.
    #[inline(always)]
    fn advective(&self, s: Stencil, hf: f64, hbar: f64, d_eta: f64, n: f64) -> f64 {
        let (um, u0, up) = (s.um, s.u0, s.up);
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

    #[inline(always)]
    pub(super) fn velocity(&self, q: f64, hf: f64) -> f64 {
        if hf > self.h_flow_min { q / hf } else { 0.0 }
    }

    /// The columns of face row k to compute: the hull of the active spans of rows k−1 and k.
    pub(super) fn y_range(&self, k: usize) -> (usize, usize) {
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

    /// An interior face between cells `l` and `r` (west/east or south/north): its new
    /// discharge and flow depth; `u_max` collects |q|/h_flow on advective faces.
    #[inline(always)]
    fn interior(&self, l: Side, r: Side, st: Stencil, u_max: &mut f64) -> (f64, f64) {
        let hf = flow_depth(l.h, l.z, r.h, r.z);
        if hf <= self.h_flow_min {
            return (0.0, hf);
        }
        let d_eta = (r.h + r.z) - (l.h + l.z);
        let n = 0.5 * (l.n + r.n);
        let brk = l.breach || r.breach;
        let new = if self.needs_advection(st.q0, hf, l.h, r.h, brk) {
            let qn = self.advective(st, hf, 0.5 * (l.h + r.h), d_eta, n);
            *u_max = u_max.max(qn.abs() / hf);
            qn
        } else {
            let q_theta = self.theta * st.q0 + 0.5 * (1.0 - self.theta) * (st.qm + st.qp);
            self.momentum(st.q0, q_theta, hf, d_eta, n)
        };
        (new, hf)
    }

    /// Pass 2, x faces: new discharges and flow depths in place (`ux`: the old face velocities);
    /// then, with the y faces' new discharges `qy` of pass 1, the limiter: per active cell the
    /// factor (≤ 1) that keeps its outflow within its volume, into `scale`.
    pub fn x_fluxes_and_limiter(&self, x: XFaces<'_>, qy: &[f64], stats: &mut [RowStat]) {
        let nx = self.nx;
        let kdt = self.dt / self.dx;
        let ux = x.u;
        par::rows3(
            self.par,
            (x.q, x.hf, x.scale),
            nx,
            stats,
            |j, qrow, hfrow, srow, st| {
                let (lo, hi) = self.act[j];
                if lo >= hi {
                    return;
                }
                let cells = j * nx..(j + 1) * nx;
                let h = &self.h[cells.clone()];
                let z = &self.z[cells.clone()];
                let nn = &self.n[cells.clone()];
                let br = &self.breach[cells];
                let urow = &ux[j * (nx + 1)..(j + 1) * (nx + 1)];
                // Interior faces a..=b (cells i−1 and i); the edge faces around them.
                let (a, b) = (lo.max(1), hi.min(nx - 1));
                let mut prev_q = qrow[a - 1];
                if lo == 0 {
                    qrow[0] = self.boundary(self.bface[0][j], 1.0, qrow[0], j * nx);
                    hfrow[0] = h[0];
                }
                let mut u_max = 0.0f64;
                if a <= b {
                    let m = b - a + 1;
                    let (hl, hr) = (&h[a - 1..a - 1 + m], &h[a..a + m]);
                    let (zl, zr) = (&z[a - 1..a - 1 + m], &z[a..a + m]);
                    let (nl, nr) = (&nn[a - 1..a - 1 + m], &nn[a..a + m]);
                    let (bl, brr) = (&br[a - 1..a - 1 + m], &br[a..a + m]);
                    let u = &urow[a - 1..a + m + 1];
                    let q = &mut qrow[a..a + m + 1];
                    let hfo = &mut hfrow[a..a + m];
                    for k in 0..m {
                        let (q_old, next_q) = (q[k], q[k + 1]);
                        let stn = Stencil {
                            qm: prev_q,
                            q0: q_old,
                            qp: next_q,
                            um: u[k],
                            u0: u[k + 1],
                            up: u[k + 2],
                        };
                        let l = Side::new(hl[k], zl[k], nl[k], bl[k]);
                        let r = Side::new(hr[k], zr[k], nr[k], brr[k]);
                        let (new, hf) = self.interior(l, r, stn, &mut u_max);
                        q[k] = new;
                        hfo[k] = hf;
                        prev_q = q_old;
                    }
                }
                if hi == nx {
                    qrow[nx] = self.boundary(self.bface[1][j], -1.0, qrow[nx], j * nx + nx - 1);
                    hfrow[nx] = h[nx - 1];
                }
                st.u_adv_max = u_max;
                let m = hi - lo;
                let (qs, qn) = (&qy[j * nx + lo..][..m], &qy[(j + 1) * nx + lo..][..m]);
                let (ql, qr) = (&qrow[lo..lo + m], &qrow[lo + 1..lo + 1 + m]);
                let (hc, sc) = (&h[lo..lo + m], &mut srow[lo..lo + m]);
                for i in 0..m {
                    let out =
                        (-ql[i]).max(0.0) + qr[i].max(0.0) + (-qs[i]).max(0.0) + qn[i].max(0.0);
                    let depth_out = kdt * out;
                    sc[i] = if depth_out > hc[i] {
                        hc[i] / depth_out
                    } else {
                        1.0
                    };
                }
            },
        );
    }

    /// Pass 1, y faces: new discharges and flow depths into the second buffers from the old
    /// discharges and face velocities (face row k lies between cell rows k−1 and k).
    pub fn y_fluxes(
        &self,
        old: (&[f64], &[f64]),
        qy_new: &mut [f64],
        hfy_new: &mut [f64],
        u_max: &mut [f64],
    ) {
        let (nx, ny) = (self.nx, self.ny);
        let (qy_old, uy_old) = old;
        par::rows2(
            self.par,
            qy_new,
            hfy_new,
            nx,
            u_max,
            |k, row, hrow, um_out| {
                let (lo, hi) = self.y_range(k);
                let mut u_max = 0.0f64;
                if k == 0 || k == ny {
                    let (edge, inward, c0) = if k == 0 {
                        (&self.bface[2], 1.0, 0)
                    } else {
                        (&self.bface[3], -1.0, (ny - 1) * nx)
                    };
                    for i in lo..hi {
                        let c = c0 + i;
                        row[i] = self.boundary(edge[i], inward, qy_old[k * nx + i], c);
                        hrow[i] = self.h[c];
                    }
                } else if lo < hi {
                    let m = hi - lo;
                    let (s, n) = ((k - 1) * nx + lo, k * nx + lo);
                    let (hs, hn) = (&self.h[s..s + m], &self.h[n..n + m]);
                    let (zs, zn) = (&self.z[s..s + m], &self.z[n..n + m]);
                    let (ns, nn) = (&self.n[s..s + m], &self.n[n..n + m]);
                    let (bs, bn) = (&self.breach[s..s + m], &self.breach[n..n + m]);
                    let (qm, q0, qp) = (
                        &qy_old[s..s + m],
                        &qy_old[n..n + m],
                        &qy_old[n + nx..n + nx + m],
                    );
                    let (um, u0, up) = (
                        &uy_old[s..s + m],
                        &uy_old[n..n + m],
                        &uy_old[n + nx..n + nx + m],
                    );
                    let (out, hout) = (&mut row[lo..hi], &mut hrow[lo..hi]);
                    for i in 0..m {
                        let stn = Stencil {
                            qm: qm[i],
                            q0: q0[i],
                            qp: qp[i],
                            um: um[i],
                            u0: u0[i],
                            up: up[i],
                        };
                        let l = Side::new(hs[i], zs[i], ns[i], bs[i]);
                        let r = Side::new(hn[i], zn[i], nn[i], bn[i]);
                        let (new, hf) = self.interior(l, r, stn, &mut u_max);
                        out[i] = new;
                        hout[i] = hf;
                    }
                }
                *um_out = u_max;
            },
        );
    }
}
