//! Row-parallel loops: rayon on native targets when asked, plain loops otherwise (wasm32).
//! Each row is written by exactly one task and nothing is summed across rows here, so the result
//! does not depend on the number of threads.

/// Calls `f(j, row_j of a, row_j of b, &mut extra[j])` for every row of two arrays.
pub(super) fn rows2<S, F>(
    par: bool,
    a: &mut [f64],
    b: &mut [f64],
    row_len: usize,
    extra: &mut [S],
    f: F,
) where
    S: Send,
    F: Fn(usize, &mut [f64], &mut [f64], &mut S) + Sync + Send,
{
    #[cfg(not(target_arch = "wasm32"))]
    if par {
        use rayon::prelude::*;
        a.par_chunks_mut(row_len)
            .zip(b.par_chunks_mut(row_len))
            .zip(extra.par_iter_mut())
            .enumerate()
            .with_min_len(16)
            .for_each(|(j, ((ra, rb), s))| f(j, ra, rb, s));
        return;
    }
    let _ = par;
    let it = a
        .chunks_mut(row_len)
        .zip(b.chunks_mut(row_len))
        .zip(extra.iter_mut());
    for (j, ((ra, rb), s)) in it.enumerate() {
        f(j, ra, rb, s);
    }
}

/// Calls `f(j, row_j of a, row_j of b, row_j of c, &mut extra[j])`: `a` and `b` have rows of
/// `nx + 1` (x faces), `c` rows of `nx` (cells).
pub(super) fn rows3<S, F>(
    par: bool,
    (a, b, c): (&mut [f64], &mut [f64], &mut [f64]),
    nx: usize,
    extra: &mut [S],
    f: F,
) where
    S: Send,
    F: Fn(usize, &mut [f64], &mut [f64], &mut [f64], &mut S) + Sync + Send,
{
    #[cfg(not(target_arch = "wasm32"))]
    if par {
        use rayon::prelude::*;
        a.par_chunks_mut(nx + 1)
            .zip(b.par_chunks_mut(nx + 1))
            .zip(c.par_chunks_mut(nx))
            .zip(extra.par_iter_mut())
            .enumerate()
            .with_min_len(16)
            .for_each(|(j, (((ra, rb), rc), s))| f(j, ra, rb, rc, s));
        return;
    }
    let _ = par;
    let it = a
        .chunks_mut(nx + 1)
        .zip(b.chunks_mut(nx + 1))
        .zip(c.chunks_mut(nx))
        .zip(extra.iter_mut());
    for (j, (((ra, rb), rc), s)) in it.enumerate() {
        f(j, ra, rb, rc, s);
    }
}

/// One row of every per-cell array the depth pass writes, and its face rows: x faces of cell
/// row j (nx + 1 long) and y face row j, its south faces (nx long), with their velocities.
pub(super) struct CellRow<'a> {
    pub h: &'a mut [f64],
    pub u: &'a mut [f64],
    pub v: &'a mut [f64],
    pub h_max: &'a mut [f64],
    pub speed_max: &'a mut [f64],
    pub t_wet: &'a mut [f64],
    pub qx: &'a mut [f64],
    pub ux: &'a mut [f64],
    pub qy: &'a mut [f64],
    pub uy: &'a mut [f64],
}

/// The arrays of [`CellRow`], whole, split by rows in [`cell_rows`] (the y-face arrays' last
/// row, the north edge, is left out).
pub(super) struct CellArrays<'a> {
    pub h: &'a mut [f64],
    pub u: &'a mut [f64],
    pub v: &'a mut [f64],
    pub h_max: &'a mut [f64],
    pub speed_max: &'a mut [f64],
    pub t_wet: &'a mut [f64],
    pub qx: &'a mut [f64],
    pub ux: &'a mut [f64],
    pub qy: &'a mut [f64],
    pub uy: &'a mut [f64],
}

/// Calls `f(j, row j of every array, &mut extra[j])` for every cell row.
pub(super) fn cell_rows<S, F>(par: bool, a: CellArrays<'_>, nx: usize, extra: &mut [S], f: F)
where
    S: Send,
    F: Fn(usize, CellRow<'_>, &mut S) + Sync + Send,
{
    #[cfg(not(target_arch = "wasm32"))]
    if par {
        use rayon::prelude::*;
        a.h.par_chunks_mut(nx)
            .zip(a.u.par_chunks_mut(nx))
            .zip(a.v.par_chunks_mut(nx))
            .zip(a.h_max.par_chunks_mut(nx))
            .zip(a.speed_max.par_chunks_mut(nx))
            .zip(a.t_wet.par_chunks_mut(nx))
            .zip(a.qx.par_chunks_mut(nx + 1))
            .zip(a.ux.par_chunks_mut(nx + 1))
            .zip(a.qy.par_chunks_mut(nx))
            .zip(a.uy.par_chunks_mut(nx))
            .zip(extra.par_iter_mut())
            .enumerate()
            .with_min_len(16)
            .for_each(
                |(j, ((((((((((h, u), v), h_max), speed_max), t_wet), qx), ux), qy), uy), s))| {
                    let row = CellRow {
                        h,
                        u,
                        v,
                        h_max,
                        speed_max,
                        t_wet,
                        qx,
                        ux,
                        qy,
                        uy,
                    };
                    f(j, row, s)
                },
            );
        return;
    }
    let _ = par;
    let it =
        a.h.chunks_mut(nx)
            .zip(a.u.chunks_mut(nx))
            .zip(a.v.chunks_mut(nx))
            .zip(a.h_max.chunks_mut(nx))
            .zip(a.speed_max.chunks_mut(nx))
            .zip(a.t_wet.chunks_mut(nx))
            .zip(a.qx.chunks_mut(nx + 1))
            .zip(a.ux.chunks_mut(nx + 1))
            .zip(a.qy.chunks_mut(nx))
            .zip(a.uy.chunks_mut(nx))
            .zip(extra.iter_mut())
            .enumerate();
    for (j, ((((((((((h, u), v), h_max), speed_max), t_wet), qx), ux), qy), uy), s)) in it {
        let row = CellRow {
            h,
            u,
            v,
            h_max,
            speed_max,
            t_wet,
            qx,
            ux,
            qy,
            uy,
        };
        f(j, row, s);
    }
}
