//! The raster the flood runs on: bed elevation and Manning's n per cell.
//!
//! Coordinates: x east, y north, metres from the grid's south-west corner (its origin). Cell
//! (i, j) is column i, row j, index `j·nx + i`; row 0 is the SOUTH edge; its centre is at
//! ((i + 0.5)·dx, (j + 0.5)·dx). This is the fire kernel's convention.

/// Bed elevation and roughness on a square-celled raster.
#[derive(Clone, Debug, PartialEq)]
pub struct Terrain {
    pub nx: usize,
    pub ny: usize,
    pub dx_m: f64,
    /// Ground elevation, m, row-major, row 0 south.
    pub z_m: Vec<f64>,
    /// Manning's n, s/m^(1/3), per cell.
    pub manning_n: Vec<f64>,
}

impl Terrain {
    /// A terrain from a DEM (row-major, row 0 south) with one Manning's n everywhere.
    pub fn from_dem(nx: usize, ny: usize, dx_m: f64, z_m: Vec<f64>, manning_n: f64) -> Terrain {
        assert_eq!(z_m.len(), nx * ny, "DEM size must be nx·ny");
        assert!(dx_m > 0.0 && nx > 0 && ny > 0);
        Terrain {
            nx,
            ny,
            dx_m,
            z_m,
            manning_n: vec![manning_n; nx * ny],
        }
    }

    /// A terrain whose elevation is a function of the cell centre (x, y), metres.
    pub fn from_fn(
        nx: usize,
        ny: usize,
        dx_m: f64,
        manning_n: f64,
        z: impl Fn(f64, f64) -> f64,
    ) -> Terrain {
        let mut zs = Vec::with_capacity(nx * ny);
        for j in 0..ny {
            for i in 0..nx {
                zs.push(z((i as f64 + 0.5) * dx_m, (j as f64 + 0.5) * dx_m));
            }
        }
        Terrain::from_dem(nx, ny, dx_m, zs, manning_n)
    }

    pub fn cells(&self) -> usize {
        self.nx * self.ny
    }

    /// Width (x) and height (y) of the grid, m.
    pub fn extent_m(&self) -> (f64, f64) {
        (self.nx as f64 * self.dx_m, self.ny as f64 * self.dx_m)
    }

    /// The cell containing the point (x east, y north, m), or None off the grid.
    pub fn cell_at(&self, x_m: f64, y_m: f64) -> Option<usize> {
        cell_at(self.nx, self.ny, self.dx_m, x_m, y_m)
    }

    /// The centre of a cell, m.
    pub fn cell_center_m(&self, cell: usize) -> (f64, f64) {
        cell_center(self.nx, self.dx_m, cell)
    }
}

/// The cell of an `nx` × `ny` grid of `dx` m cells containing (x, y) m, or None off the grid.
pub(super) fn cell_at(nx: usize, ny: usize, dx: f64, x_m: f64, y_m: f64) -> Option<usize> {
    let (c, r) = (x_m / dx, y_m / dx);
    if !(c >= 0.0 && r >= 0.0) {
        return None;
    }
    let (c, r) = (c as usize, r as usize);
    (c < nx && r < ny).then_some(r * nx + c)
}

/// The centre of a cell of a grid `nx` cells wide of `dx` m cells, m.
pub(super) fn cell_center(nx: usize, dx: f64, cell: usize) -> (f64, f64) {
    let (i, j) = (cell % nx, cell / nx);
    ((i as f64 + 0.5) * dx, (j as f64 + 0.5) * dx)
}
