//! Water into and out of the grid: rain over areas, inflow hydrographs and imposed water depths
//! along lines of edge cells, and the edges' outflow conditions.
//!
//! - Rain: intensity in mm/h (a [`Series`], linear or stepped) over a rectangle or a cell mask,
//!   added to the depth each step as the exact integral of the series over the step.
//! - Inflow line: the cells of one edge whose centres lie in [from_m, to_m] along it; Q(t) in
//!   m³/s (a [`Series`]) is shared equally per cell, entering as a unit discharge
//!   q = Q/(N·dx) through each cell's edge face (LISFLOOD-FP's QVAR convention), so the
//!   momentum equation of the neighbouring faces sees it.
//! - Stage line: a depth (or level) imposed in a ghost cell beyond the edge; the edge face's flux
//!   comes from the local-inertial equation between ghost and cell (LISFLOOD-FP's HVAR).
//! - Edges: closed walls by default; free outflow by normal depth q = h^(5/3)·√S/n with a given
//!   slope S (LISFLOOD-FP's FREE), or critical depth, q = √g·(2h/3)^(3/2) (a broad-crested weir
//!   fed from still water of depth h, so the edge cell drains as if over a fall).

use super::series::Series;

/// One edge of the grid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Edge {
    West,
    East,
    South,
    North,
}

impl Edge {
    pub const ALL: [Edge; 4] = [Edge::West, Edge::East, Edge::South, Edge::North];

    pub(super) fn index(self) -> usize {
        match self {
            Edge::West => 0,
            Edge::East => 1,
            Edge::South => 2,
            Edge::North => 3,
        }
    }
}

/// How water leaves through an edge.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub enum EdgeOutflow {
    /// No flow (the default on every edge).
    #[default]
    Closed,
    /// Normal-depth outflow with energy slope `slope` (m/m).
    NormalDepth { slope: f64 },
    /// Critical-depth outflow (a free overfall).
    CriticalDepth,
}

/// Where rain falls.
#[derive(Clone, Debug, PartialEq)]
pub enum RainArea {
    Everywhere,
    /// Cells whose centres lie in [x0, x1] × [y0, y1], m.
    Rect {
        x0: f64,
        y0: f64,
        x1: f64,
        y1: f64,
    },
    /// One flag per cell (row-major, row 0 south).
    Mask(Vec<bool>),
}

/// Rain over an area: intensity in mm/h over time.
#[derive(Clone, Debug, PartialEq)]
pub struct Rain {
    pub area: RainArea,
    pub intensity_mm_per_h: Series,
}

/// A discharge hydrograph entering through a line of edge cells.
#[derive(Clone, Debug, PartialEq)]
pub struct InflowLine {
    pub edge: Edge,
    /// Extent along the edge, m: x for south/north edges, y for west/east.
    pub from_m: f64,
    pub to_m: f64,
    /// Total discharge, m³/s.
    pub discharge_m3s: Series,
}

/// What a stage line imposes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StageKind {
    /// Water depth above the edge cell's bed, m.
    Depth,
    /// Water surface elevation, m.
    Level,
}

/// A water depth or level imposed just outside a line of edge cells.
#[derive(Clone, Debug, PartialEq)]
pub struct StageLine {
    pub edge: Edge,
    pub from_m: f64,
    pub to_m: f64,
    pub kind: StageKind,
    pub value_m: Series,
}

/// m/s per mm/h.
pub const M_PER_S_PER_MM_PER_H: f64 = 1e-3 / 3600.0;

/// The positions along an edge (cell index along it) whose centres lie in [from, to]; at least
/// the nearest cell, so a line narrower than a cell still lets water in.
pub(super) fn edge_span(len: usize, dx: f64, from_m: f64, to_m: f64) -> Vec<usize> {
    let (a, b) = (from_m.min(to_m), from_m.max(to_m));
    let mut out: Vec<usize> = (0..len)
        .filter(|&k| {
            let c = (k as f64 + 0.5) * dx;
            c >= a && c <= b
        })
        .collect();
    if out.is_empty() && len > 0 {
        let mid = 0.5 * (a + b) / dx;
        out.push((mid.max(0.0) as usize).min(len - 1));
    }
    out
}

/// Per row: the column runs [lo, hi] (inclusive) that a rain area covers.
pub(super) fn rain_runs(
    area: &RainArea,
    nx: usize,
    ny: usize,
    dx: f64,
) -> Vec<(usize, usize, usize)> {
    let mut runs = Vec::new();
    for j in 0..ny {
        let y = (j as f64 + 0.5) * dx;
        let mut start: Option<usize> = None;
        for i in 0..=nx {
            let inside = i < nx && {
                let x = (i as f64 + 0.5) * dx;
                match area {
                    RainArea::Everywhere => true,
                    RainArea::Rect { x0, y0, x1, y1 } => {
                        x >= x0.min(*x1) && x <= x0.max(*x1) && y >= y0.min(*y1) && y <= y0.max(*y1)
                    }
                    RainArea::Mask(m) => m.get(j * nx + i).copied().unwrap_or(false),
                }
            };
            match (inside, start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    runs.push((j, s, i - 1));
                    start = None;
                }
                _ => {}
            }
        }
    }
    runs
}
