//! Pass 3 of the step (see [`super::kernel`]): per cell row, the limiter's factors applied to
//! the row's faces (each face's discharge times its upstream cell's factor; edge faces whose
//! water comes from outside are not limited) and their velocities q/h_flow stored, then the
//! depths from the scaled discharges, rain and the per-cell outputs. The y faces north of a
//! row belong to the next row's task: this row scales them again on the fly (the same product,
//! so the same value) from the unscaled buffer, which no task writes.

use super::kernel::{Ctx, RowStat};
use super::par::{self, CellArrays, CellRow};
use super::sim::SPEED_RECORD_MIN_DEPTH_M;

/// The depth pass's extra inputs.
pub(super) struct DepthPass<'a> {
    /// Limiter factors per cell.
    pub scale: &'a [f64],
    /// Flow depths of the x and y faces (this step's).
    pub hfx: &'a [f64],
    pub hfy: &'a [f64],
    /// The y faces' new discharges before the limiter (ny + 1 rows of nx).
    pub qy_unscaled: &'a [f64],
    /// Per row: (lo, hi inclusive, rain source) runs.
    pub rain_rows: &'a [Vec<(usize, usize, usize)>],
    /// Depth each rain source adds this step, m.
    pub rain_depth: &'a [f64],
    /// Time at the end of the step, s.
    pub t_end: f64,
    pub wet_report_m: f64,
}

/// A y face's discharge scaled by its upstream cell's factor (`south`: the factor of the cell
/// below, None on the south edge; `north`: None on the north edge).
#[inline(always)]
fn scale_y(q: f64, south: Option<f64>, north: Option<f64>) -> f64 {
    match (south, north) {
        (Some(s), _) if q > 0.0 => q * s,
        (_, Some(n)) if q < 0.0 => q * n,
        _ => q,
    }
}

/// Face row `k` of y faces scaled over `lo..hi` into `dst`, velocities into `udst`.
#[allow(clippy::too_many_arguments)]
fn scale_y_row(
    c: &Ctx<'_>,
    d: &DepthPass<'_>,
    k: usize,
    (lo, hi): (usize, usize),
    dst: &mut [f64],
    udst: &mut [f64],
) {
    let nx = c.nx;
    let m = hi.saturating_sub(lo);
    let src = &d.qy_unscaled[k * nx + lo..][..m];
    let hf = &d.hfy[k * nx + lo..][..m];
    let (dst, udst) = (&mut dst[lo..lo + m], &mut udst[lo..lo + m]);
    let sn = (k < c.ny).then(|| &d.scale[k * nx + lo..][..m]);
    let ss = (k > 0).then(|| &d.scale[(k - 1) * nx + lo..][..m]);
    for i in 0..m {
        let q = scale_y(src[i], ss.map(|s| s[i]), sn.map(|s| s[i]));
        dst[i] = q;
        udst[i] = c.velocity(q, hf[i]);
    }
}

/// The north edge's y faces (face row ny), which no cell row's task owns.
pub(super) fn scale_north_edge(c: &Ctx<'_>, d: &DepthPass<'_>, qy: &mut [f64], uy: &mut [f64]) {
    let (nx, ny) = (c.nx, c.ny);
    let (dst, udst) = (&mut qy[ny * nx..], &mut uy[ny * nx..]);
    scale_y_row(c, d, ny, c.y_range(ny), dst, udst);
}

/// The depth pass; per-row statistics into `stats`.
pub(super) fn update_depths(
    c: &Ctx<'_>,
    d: &DepthPass<'_>,
    arrays: CellArrays<'_>,
    stats: &mut [RowStat],
) {
    let (nx, ny) = (c.nx, c.ny);
    let k = c.dt / c.dx;
    par::cell_rows(c.par, arrays, nx, stats, |j, row: CellRow<'_>, st| {
        let CellRow {
            h: hrow,
            u: urow,
            v: vrow,
            h_max,
            speed_max,
            t_wet,
            qx,
            ux,
            qy,
            uy,
        } = row;
        scale_y_row(c, d, j, c.y_range(j), qy, uy);
        let (lo, hi) = c.act[j];
        let mut s = RowStat {
            wet_lo: usize::MAX,
            wet_hi: 0,
            ..RowStat::default()
        };
        s.u_adv_max = st.u_adv_max;
        if lo < hi {
            let sc = &d.scale[j * nx..(j + 1) * nx];
            let hfx = &d.hfx[j * (nx + 1)..(j + 1) * (nx + 1)];
            for i in lo..=hi {
                let q = qx[i];
                let q = if q > 0.0 && i > 0 {
                    q * sc[i - 1]
                } else if q < 0.0 && i < nx {
                    q * sc[i]
                } else {
                    q
                };
                qx[i] = q;
                ux[i] = c.velocity(q, hfx[i]);
            }
            let m = hi - lo;
            // The north faces' scaled discharges, recomputed (row j + 1's task writes them).
            let src_n = &d.qy_unscaled[(j + 1) * nx + lo..][..m];
            let sc_s = &sc[lo..hi];
            let sc_n = (j + 1 < ny).then(|| &d.scale[(j + 1) * nx + lo..][..m]);
            let qyn = |i: usize| scale_y(src_n[i], Some(sc_s[i]), sc_n.map(|s| s[i]));
            let (qxl, qxr) = (&qx[lo..lo + m], &qx[lo + 1..lo + 1 + m]);
            let qys = &qy[lo..lo + m];
            let hc = &mut hrow[lo..hi];
            for i in 0..m {
                let dq = qxl[i] - qxr[i] + qys[i] - qyn(i);
                hc[i] += k * dq;
            }
            for &(a, b, src) in &d.rain_rows[j] {
                let add = d.rain_depth[src];
                if add > 0.0 {
                    for h in &mut hrow[a..=b] {
                        *h += add;
                    }
                }
            }
            let hc = &mut hrow[lo..hi];
            let (uc, vc) = (&mut urow[lo..hi], &mut vrow[lo..hi]);
            let (hmx, spx, twet) = (
                &mut h_max[lo..hi],
                &mut speed_max[lo..hi],
                &mut t_wet[lo..hi],
            );
            for i in 0..m {
                let mut h = hc[i];
                if h < 0.0 {
                    // Round-off only: the limiter keeps outflow within the volume.
                    h = 0.0;
                    hc[i] = 0.0;
                }
                let (u, v) = if h > c.h_flow_min {
                    (0.5 * (qxl[i] + qxr[i]) / h, 0.5 * (qys[i] + qyn(i)) / h)
                } else {
                    (0.0, 0.0)
                };
                uc[i] = u;
                vc[i] = v;
                let sp2 = u * u + v * v;
                if h >= SPEED_RECORD_MIN_DEPTH_M && sp2 > spx[i] * spx[i] {
                    spx[i] = libm::sqrt(sp2);
                }
                if h > hmx[i] {
                    hmx[i] = h;
                }
                if h > d.wet_report_m && twet[i].is_infinite() {
                    twet[i] = d.t_end;
                }
                if h > 0.0 {
                    s.wet_lo = s.wet_lo.min(lo + i);
                    s.wet_hi = lo + i + 1;
                }
                s.h_max = s.h_max.max(h);
                s.depth_sum += h;
            }
        }
        *st = s;
    });
}
