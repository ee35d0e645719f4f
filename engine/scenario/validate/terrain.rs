//! Checks of a terrain site: elevation, fuel, roughness, rivers, levees, roads, houses and places.

use super::{Out, ScenarioCheck, fuel_model_known};
use crate::scenario::grid::{self, GridData};
use crate::scenario::schema::*;

impl<'a> ScenarioCheck<'a> {
    pub(super) fn terrain(&mut self, t: &'a Terrain) {
        let kind = self.s.meta.kind;
        let files = self.files;
        let mut o = Out {
            loc: self.loc,
            diags: &mut self.diags,
        };
        let cell_ok = o.positive("site.cell_size_m", t.cell_size_m, 1000.0, "cell size");
        let grid = read_grid(&mut o, files, "site.elevation", &t.elevation);
        if let Some(g) = &grid
            && let Some(fc) = g.file_cell_size_m
            && cell_ok
            && (fc - t.cell_size_m).abs() > 1e-6 * t.cell_size_m
        {
            o.err_hint(
                "site.cell_size_m",
                format!(
                    "cell size {} m differs from the {} m in `{}`",
                    t.cell_size_m,
                    fc,
                    match &t.elevation {
                        Grid::AsciiGrid(rel) => rel.as_str(),
                        Grid::Inline { .. } => "the elevation grid",
                    }
                ),
                "make the two agree",
            );
        }
        if let Some(g) = &grid {
            if let Some((k, v)) = g
                .values
                .iter()
                .enumerate()
                .find(|(_, v)| !(-500.0..=9000.0).contains(*v))
            {
                o.err_hint(
                    "site.elevation",
                    format!("elevation {v} m in cell {k} is outside −500 … 9000 m"),
                    "elevations are metres above datum",
                );
            }
            if cell_ok {
                self.extent = Some((g.cols as f64 * t.cell_size_m, g.rows as f64 * t.cell_size_m));
            }
        }
        let elevation_size = grid.as_ref().map(|g| (g.rows, g.cols));
        self.elevation = grid;
        let extent = self.extent;
        let mut self_fuel_grid = None;
        let mut self_roughness_grid = None;
        let mut o = Out {
            loc: self.loc,
            diags: &mut self.diags,
        };

        // Fuel and roughness maps.
        match &t.fuel {
            None if kind == DrillKind::ForestFire => o.err_hint(
                "site",
                "a forest-fire drill needs a fuel map".into(),
                "add `fuel: (default_model: 165, zones: [])` to the terrain",
            ),
            None => {}
            Some(fm) => {
                fuel_code(&mut o, "site.fuel.default_model", fm.default_model);
                if let Some(g) = &fm.grid {
                    self_fuel_grid = read_grid(&mut o, files, "site.fuel.grid", g)
                        .filter(|fg| fuel_grid_fits(&mut o, fg, elevation_size));
                }
                for (i, z) in fm.zones.iter().enumerate() {
                    let p = format!("site.fuel.zones[{i}]");
                    fuel_code(&mut o, &format!("{p}.model"), z.model);
                    o.terrain_area(extent, &format!("{p}.polygon"), &z.polygon);
                }
            }
        }
        self.fuel_grid = self_fuel_grid;
        let mut o = Out {
            loc: self.loc,
            diags: &mut self.diags,
        };
        match &t.roughness {
            None if kind == DrillKind::Flood => o.err_hint(
                "site",
                "a flood drill needs a roughness map (Manning's n)".into(),
                "add `roughness: (default_n: 0.035, zones: [])` to the terrain",
            ),
            None => {}
            Some(r) => {
                manning(&mut o, "site.roughness.default_n", r.default_n);
                if let Some(g) = &r.grid {
                    self_roughness_grid = read_grid(&mut o, files, "site.roughness.grid", g)
                        .filter(|rg| roughness_grid_fits(&mut o, rg, elevation_size));
                }
                for (i, z) in r.zones.iter().enumerate() {
                    let p = format!("site.roughness.zones[{i}]");
                    manning(&mut o, &format!("{p}.n"), z.n);
                    o.terrain_area(extent, &format!("{p}.polygon"), &z.polygon);
                }
            }
        }

        self.roughness_grid = self_roughness_grid;
        let mut o = Out {
            loc: self.loc,
            diags: &mut self.diags,
        };
        self.roads = o.list_ids("road", "site.roads", &t.roads, |x| &x.id);
        self.rivers = o.list_ids("river", "site.rivers", &t.rivers, |x| &x.id);
        self.levees = o.list_ids("levee", "site.levees", &t.levees, |x| &x.id);
        self.houses = o.list_ids("house", "site.houses", &t.houses, |x| &x.id);
        self.shelters = o.list_ids("shelter", "site.shelters", &t.shelters, |x| &x.id);
        self.places = o.list_ids("place", "site.places", &t.places, |x| &x.id);

        let line = |o: &mut Out, path: &str, pts: &[Point]| {
            if pts.len() < 2 {
                o.err(
                    path,
                    format!("a line needs at least 2 points, found {}", pts.len()),
                );
                return;
            }
            for (k, pt) in pts.iter().enumerate() {
                if !o.on_terrain(extent, &format!("{path}[{k}]"), *pt) {
                    return;
                }
            }
        };
        for (i, r) in t.roads.iter().enumerate() {
            let p = format!("site.roads[{i}]");
            line(&mut o, &format!("{p}.points"), &r.points);
            o.positive(&format!("{p}.width_m"), r.width_m, 100.0, "road width");
        }
        for (i, r) in t.rivers.iter().enumerate() {
            let p = format!("site.rivers[{i}]");
            line(&mut o, &format!("{p}.centerline"), &r.centerline);
            o.positive(&format!("{p}.width_m"), r.width_m, 5000.0, "river width");
            let d_ok = o.positive(&format!("{p}.depth_m"), r.depth_m, 100.0, "channel depth");
            if o.range(
                &format!("{p}.initial_depth_m"),
                r.initial_depth_m,
                0.0,
                100.0,
                true,
                "initial depth",
            ) && d_ok
                && r.initial_depth_m > r.depth_m
            {
                o.err_hint(
                    &format!("{p}.initial_depth_m"),
                    format!(
                        "initial depth {} m is above the bank-full depth {} m",
                        r.initial_depth_m, r.depth_m
                    ),
                    "a river over its banks at the start is a flood already; use an inflow",
                );
            }
            manning(&mut o, &format!("{p}.manning_n"), r.manning_n);
        }
        for (i, l) in t.levees.iter().enumerate() {
            let p = format!("site.levees[{i}]");
            line(&mut o, &format!("{p}.line"), &l.line);
            o.positive(
                &format!("{p}.crest_height_m"),
                l.crest_height_m,
                50.0,
                "crest height",
            );
        }
        for (i, h) in t.houses.iter().enumerate() {
            let p = format!("site.houses[{i}]");
            o.on_terrain(extent, &format!("{p}.at"), h.at);
            o.positive(
                &format!("{p}.footprint_m[0]"),
                h.footprint_m.0,
                200.0,
                "house width",
            );
            o.positive(
                &format!("{p}.footprint_m[1]"),
                h.footprint_m.1,
                200.0,
                "house depth",
            );
            if h.floors == 0 || h.floors > 60 {
                o.err(
                    &format!("{p}.floors"),
                    format!("floors must be 1–60, found {}", h.floors),
                );
            }
        }
        for (i, s) in t.shelters.iter().enumerate() {
            let p = format!("site.shelters[{i}]");
            o.text(&format!("{p}.name"), &s.name);
            o.terrain_area(extent, &format!("{p}.polygon"), &s.polygon);
            if s.capacity_persons == 0 {
                o.err(
                    &format!("{p}.capacity_persons"),
                    "a shelter must hold at least 1 person".into(),
                );
            }
        }
        for (i, pl) in t.places.iter().enumerate() {
            let p = format!("site.places[{i}]");
            o.text(&format!("{p}.name"), &pl.name);
            o.on_terrain(extent, &format!("{p}.at"), pl.at);
        }
    }
}

fn fuel_code(o: &mut Out, path: &str, code: u16) {
    if !fuel_model_known(code) {
        o.err_hint(
            path,
            format!("unknown fuel model {code}"),
            "Anderson 13: 1–13; Scott & Burgan 40: 101–109, 121–124, 141–149, 161–165, 181–189, 201–204; non-burnable: 91, 92, 93, 98, 99",
        );
    }
}

/// A fuel raster must lie on the elevation's cells and hold known fuel codes.
fn fuel_grid_fits(o: &mut Out, g: &GridData, elevation: Option<(usize, usize)>) -> bool {
    if let Some((rows, cols)) = elevation
        && (g.rows, g.cols) != (rows, cols)
    {
        o.err_hint(
            "site.fuel.grid",
            format!(
                "the fuel grid is {} rows × {} cols; the elevation grid is {rows} × {cols}",
                g.rows, g.cols
            ),
            "export both rasters on the same grid (same extent and cell size)",
        );
        return false;
    }
    let bad = g.values.iter().enumerate().find(|(_, v)| {
        !(v.fract() == 0.0
            && (0.0..=f64::from(u16::MAX)).contains(*v)
            && fuel_model_known(**v as u16))
    });
    if let Some((k, v)) = bad {
        o.err_hint(
            "site.fuel.grid",
            format!(
                "cell at row {} (from the north), column {} holds {v}, not a known fuel model",
                k / g.cols + 1,
                k % g.cols + 1
            ),
            "Anderson 13: 1–13; Scott & Burgan 40: 101–109, 121–124, 141–149, 161–165, 181–189, 201–204; non-burnable: 91, 92, 93, 98, 99",
        );
        return false;
    }
    true
}

/// A roughness raster on the elevation's grid, every value a Manning's n in range.
fn roughness_grid_fits(o: &mut Out, g: &GridData, elevation: Option<(usize, usize)>) -> bool {
    if let Some((rows, cols)) = elevation
        && (g.rows, g.cols) != (rows, cols)
    {
        o.err_hint(
            "site.roughness.grid",
            format!(
                "the roughness grid is {} rows × {} cols; the elevation grid is {rows} × {cols}",
                g.rows, g.cols
            ),
            "export both rasters on the same grid (same extent and cell size)",
        );
        return false;
    }
    if let Some((k, v)) = g
        .values
        .iter()
        .enumerate()
        .find(|(_, v)| !(0.005..=0.5).contains(*v))
    {
        o.err_hint(
            "site.roughness.grid",
            format!(
                "cell at row {} (from the north), column {} holds {v}, not a Manning's n of 0.005–0.5",
                k / g.cols + 1,
                k % g.cols + 1
            ),
            "typical: 0.03 channel, 0.035 pasture, 0.1 forest, 0.015 paved",
        );
        return false;
    }
    true
}

fn manning(o: &mut Out, path: &str, n: f64) {
    if !(0.005..=0.5).contains(&n) {
        o.err_hint(
            path,
            format!("Manning's n must be 0.005–0.5, found {n}"),
            "typical: 0.03 channel, 0.035 pasture, 0.1 forest, 0.015 paved",
        );
    }
}

/// A grid's values, inline or from its ESRI ASCII file (the path relative to the scenario), or
/// the errors that keep it from being read, at `field`.
fn read_grid(
    o: &mut Out,
    files: crate::scenario::Files<'_>,
    field: &str,
    g: &Grid,
) -> Option<GridData> {
    match g {
        Grid::Inline { rows, cols, values } => {
            let (r, c) = (*rows as usize, *cols as usize);
            if r < 2 || c < 2 {
                o.err(
                    field,
                    format!("a terrain grid needs at least 2 × 2 cells, found {r} × {c}"),
                );
                None
            } else if r.saturating_mul(c) > grid::MAX_CELLS {
                o.err(
                    field,
                    format!(
                        "a grid of {r} × {c} cells exceeds {} cells",
                        grid::MAX_CELLS
                    ),
                );
                None
            } else if values.len() != r * c {
                o.err_hint(
                    &format!("{field}.values"),
                    format!(
                        "{r} rows × {c} cols need {} values, found {}",
                        r * c,
                        values.len()
                    ),
                    "values are row by row, northern row first",
                );
                None
            } else {
                Some(GridData {
                    rows: r,
                    cols: c,
                    values: values.clone(),
                    file_cell_size_m: None,
                })
            }
        }
        Grid::AsciiGrid(rel) => match files.read(rel).map(|(_, text)| text) {
            Err(e) => {
                o.err_hint(
                    field,
                    format!("grid file `{rel}`: {e}"),
                    "the path is relative to the scenario file",
                );
                None
            }
            Ok(src) => match grid::parse_ascii_grid(&src) {
                Err(e) => {
                    let at = if e.line > 0 {
                        format!(" line {}", e.line)
                    } else {
                        String::new()
                    };
                    o.err(field, format!("grid file `{rel}`{at}: {}", e.message));
                    None
                }
                Ok(g) if g.rows < 2 || g.cols < 2 => {
                    o.err(
                        field,
                        format!("grid file `{rel}` has fewer than 2 × 2 cells"),
                    );
                    None
                }
                Ok(g) => Some(g),
            },
        },
    }
}
