//! Row-parallel loops: rayon on native targets when asked, plain loops otherwise (wasm32).
//! Each row is written by exactly one task and nothing is summed across rows here, so the result
//! does not depend on the number of threads.

/// Calls `f(j, row_j, &mut extra[j])` for every row of `data` (rows of `row_len`).
pub(super) fn rows<T, S, F>(par: bool, data: &mut [T], row_len: usize, extra: &mut [S], f: F)
where
    T: Send,
    S: Send,
    F: Fn(usize, &mut [T], &mut S) + Sync + Send,
{
    #[cfg(not(target_arch = "wasm32"))]
    if par {
        use rayon::prelude::*;
        data.par_chunks_mut(row_len)
            .zip(extra.par_iter_mut())
            .enumerate()
            .with_min_len(4)
            .for_each(|(j, (row, s))| f(j, row, s));
        return;
    }
    let _ = par;
    for (j, (row, s)) in data.chunks_mut(row_len).zip(extra.iter_mut()).enumerate() {
        f(j, row, s);
    }
}

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
            .with_min_len(4)
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

/// One row of every per-cell array the depth update writes.
pub(super) struct CellRow<'a> {
    pub h: &'a mut [f64],
    pub u: &'a mut [f64],
    pub v: &'a mut [f64],
    pub h_max: &'a mut [f64],
    pub speed_max: &'a mut [f64],
    pub t_wet: &'a mut [f64],
}

/// The per-cell arrays, split by rows for [`cell_rows`].
pub(super) struct CellArrays<'a> {
    pub h: &'a mut [f64],
    pub u: &'a mut [f64],
    pub v: &'a mut [f64],
    pub h_max: &'a mut [f64],
    pub speed_max: &'a mut [f64],
    pub t_wet: &'a mut [f64],
}

/// Calls `f(j, row j of every array, &mut extra[j])` for every row.
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
            .zip(extra.par_iter_mut())
            .enumerate()
            .with_min_len(4)
            .for_each(|(j, ((((((h, u), v), h_max), speed_max), t_wet), s))| {
                let row = CellRow {
                    h,
                    u,
                    v,
                    h_max,
                    speed_max,
                    t_wet,
                };
                f(j, row, s)
            });
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
            .zip(extra.iter_mut())
            .enumerate();
    for (j, ((((((h, u), v), h_max), speed_max), t_wet), s)) in it {
        let row = CellRow {
            h,
            u,
            v,
            h_max,
            speed_max,
            t_wet,
        };
        f(j, row, s);
    }
}
