//! The scenario's forest fire as the kernel needs it: the terrain grid's fuel codes, slope and
//! aspect (Horn 1981's third-order finite difference, as GIS slope tools compute it) and the
//! hazard's weather in the kernel's units.
//!
//! The scenario's grids are row-major with the NORTHERN row first; the landscape's row 0 is the
//! SOUTHERN edge. Both put (0, 0) at the south-west corner of the grid.

use super::landscape::{Landscape, Weather};
use super::surface::Moisture;
use super::wind::WindHeight;
use crate::scenario::geometry::contains;
use crate::scenario::grid::GridData;
use crate::scenario::schema::{self, ForestFire, Terrain, Wind};

/// m/s per mi/h.
const MPS_PER_MPH: f64 = 0.44704;
/// m per ft.
const M_PER_FT: f64 = 0.3048;

/// The kernel's weather from the scenario's: wind in mi/h at its stated height, moisture and
/// canopy cover as fractions, canopy height in feet, the wind limit as the scenario says.
pub fn weather(f: &ForestFire) -> Weather {
    let m = &f.weather.moisture;
    with_wind(
        Weather {
            moisture: Moisture {
                dead_1h: m.dead_1h_pct / 100.0,
                dead_10h: m.dead_10h_pct / 100.0,
                dead_100h: m.dead_100h_pct / 100.0,
                live_herb: m.live_herb_pct / 100.0,
                live_woody: m.live_woody_pct / 100.0,
            },
            canopy_cover: f.canopy.cover_pct / 100.0,
            canopy_height_ft: f.canopy.height_m / M_PER_FT,
            crown_ratio: f.canopy.crown_ratio,
            wind_limit: f.wind_limit,
            ..Weather::default()
        },
        &f.weather.wind,
    )
}

/// `base` with the wind `w` (the hazard's, or a `WindShift` inject's).
pub fn with_wind(base: Weather, w: &Wind) -> Weather {
    Weather {
        wind_speed_mph: w.speed_mps / MPS_PER_MPH,
        wind_from_deg: w.from_deg,
        wind_height: match w.height {
            schema::WindHeight::TwentyFoot => WindHeight::TwentyFoot,
            schema::WindHeight::TenMetre => WindHeight::TenMetre,
            schema::WindHeight::Midflame => WindHeight::Midflame,
        },
        ..base
    }
}

/// Slope (percent) and aspect (downslope direction, degrees clockwise from north) of every cell,
/// in the landscape's order (row 0 south), by Horn's method; edge cells reuse their own height
/// for the missing neighbours.
pub fn slope_aspect(dem: &GridData, cell_m: f64) -> (Vec<f32>, Vec<f32>) {
    let (rows, cols) = (dem.rows, dem.cols);
    // Height at landscape (col, row), row 0 south, clamped to the grid.
    let z = |c: isize, r: isize| {
        let c = c.clamp(0, cols as isize - 1) as usize;
        let r = r.clamp(0, rows as isize - 1) as usize;
        dem.values[(rows - 1 - r) * cols + c]
    };
    let mut slope = Vec::with_capacity(rows * cols);
    let mut aspect = Vec::with_capacity(rows * cols);
    for r in 0..rows as isize {
        for c in 0..cols as isize {
            // Horn: weights 1-2-1 across the three rows (columns) of the 3 × 3 window.
            let dzdx = ((z(c + 1, r + 1) + 2.0 * z(c + 1, r) + z(c + 1, r - 1))
                - (z(c - 1, r + 1) + 2.0 * z(c - 1, r) + z(c - 1, r - 1)))
                / (8.0 * cell_m);
            let dzdy = ((z(c - 1, r + 1) + 2.0 * z(c, r + 1) + z(c + 1, r + 1))
                - (z(c - 1, r - 1) + 2.0 * z(c, r - 1) + z(c + 1, r - 1)))
                / (8.0 * cell_m);
            let g = libm::hypot(dzdx, dzdy);
            slope.push((100.0 * g) as f32);
            // Downslope: against the gradient; bearing east of north.
            let a = if g > 0.0 {
                libm::atan2(-dzdx, -dzdy).to_degrees().rem_euclid(360.0)
            } else {
                0.0
            };
            aspect.push(a as f32);
        }
    }
    (slope, aspect)
}

/// Every cell's fuel code, in the landscape's order: the map's default, or its raster where it
/// has one (the same cells as the elevation, northern row first), then each zone in the order
/// written painting over what came before (at the cell's centre).
pub fn fuel_codes(t: &Terrain, raster: Option<&GridData>, rows: usize, cols: usize) -> Vec<u16> {
    let Some(map) = &t.fuel else {
        return vec![0; rows * cols];
    };
    let cell = t.cell_size_m;
    let mut fuel = vec![map.default_model; rows * cols];
    if let Some(g) = raster.filter(|g| g.rows == rows && g.cols == cols) {
        for r in 0..rows {
            for c in 0..cols {
                // Checked codes (`validate`); anything else is the default.
                let v = g.values[(rows - 1 - r) * cols + c];
                if v.fract() == 0.0 && (0.0..=f64::from(u16::MAX)).contains(&v) {
                    fuel[r * cols + c] = v as u16;
                }
            }
        }
    }
    for zone in &map.zones {
        // Only the cells under the zone's bounding box.
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for &(x, y) in &zone.polygon {
            (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
        }
        let span = |lo: f64, hi: f64, n: usize| {
            let a = ((lo / cell).floor().max(0.0) as usize).min(n);
            let b = ((hi / cell).ceil().max(0.0) as usize).min(n);
            a..b
        };
        for r in span(y0, y1, rows) {
            for c in span(x0, x1, cols) {
                let centre = ((c as f64 + 0.5) * cell, (r as f64 + 0.5) * cell);
                if contains(&zone.polygon, centre) {
                    fuel[r * cols + c] = zone.model;
                }
            }
        }
    }
    fuel
}

/// The drill's landscape: the terrain's grids (elevation, and the fuel raster if it has one)
/// under the hazard's weather.
pub fn landscape(
    t: &Terrain,
    dem: &GridData,
    fuel_raster: Option<&GridData>,
    f: &ForestFire,
) -> Result<Landscape, String> {
    let (slope, aspect) = slope_aspect(dem, t.cell_size_m);
    let fuel = fuel_codes(t, fuel_raster, dem.rows, dem.cols);
    Landscape::new(
        dem.cols,
        dem.rows,
        t.cell_size_m as f32,
        fuel,
        slope,
        aspect,
        weather(f),
    )
    .map_err(|e| format!("the fire landscape: {e:?}"))
}

/// Points standing for a terrain site object, for asking when the fire reaches it: a house's or
/// place's point, a shelter's corners and centre, a road's, river's or levee's line every
/// `step_m`. Empty for what is not on a terrain or not found.
pub fn site_points(t: &Terrain, what: &schema::SiteRef, step_m: f64) -> Vec<schema::Point> {
    use schema::SiteRef;
    let line = |pts: &[schema::Point]| {
        let mut out = Vec::new();
        for w in pts.windows(2) {
            let d = crate::scenario::geometry::dist(w[0], w[1]);
            let n = (d / step_m.max(1.0)).ceil().max(1.0) as usize;
            for k in 0..n {
                let f = k as f64 / n as f64;
                out.push((
                    w[0].0 + (w[1].0 - w[0].0) * f,
                    w[0].1 + (w[1].1 - w[0].1) * f,
                ));
            }
        }
        out.extend(pts.last().copied());
        out
    };
    match what {
        SiteRef::House(id) => t
            .houses
            .iter()
            .filter(|h| &h.id == id)
            .map(|h| h.at)
            .collect(),
        SiteRef::Place(id) => t
            .places
            .iter()
            .filter(|p| &p.id == id)
            .map(|p| p.at)
            .collect(),
        SiteRef::Shelter(id) => t
            .shelters
            .iter()
            .filter(|s| &s.id == id)
            .flat_map(|s| {
                let mut v = s.polygon.clone();
                v.push(crate::crowd::network::centroid(&s.polygon));
                v
            })
            .collect(),
        SiteRef::Road(id) => t
            .roads
            .iter()
            .filter(|r| &r.id == id)
            .flat_map(|r| line(&r.points))
            .collect(),
        SiteRef::River(id) => t
            .rivers
            .iter()
            .filter(|r| &r.id == id)
            .flat_map(|r| line(&r.centerline))
            .collect(),
        SiteRef::Levee(id) => t
            .levees
            .iter()
            .filter(|l| &l.id == id)
            .flat_map(|l| line(&l.line))
            .collect(),
        SiteRef::Point(x, y) => vec![(*x, *y)],
        SiteRef::Space(_)
        | SiteRef::Door(_)
        | SiteRef::Stair(_)
        | SiteRef::Lift(_)
        | SiteRef::Exit(_)
        | SiteRef::AssemblyArea(_) => Vec::new(),
    }
}
