//! Terrain rasters: inline grids and ESRI ASCII grid files (`.asc`).
//!
//! ESRI ASCII grid: a header of `ncols`, `nrows`, `xllcorner`/`xllcenter`,
//! `yllcorner`/`yllcenter`, `cellsize` and optional `NODATA_value`, then `nrows` rows of
//! `ncols` values, northern row first.

use serde::Serialize;

/// The largest grid accepted (cells): bounds memory for any file a trainer may give.
pub const MAX_CELLS: usize = 4_000_000;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GridData {
    pub rows: usize,
    pub cols: usize,
    /// Row-major, northern row first.
    pub values: Vec<f64>,
    /// Cell size stated in the file, if it came from one.
    pub file_cell_size_m: Option<f64>,
}

/// A problem in a grid file: line (1-based, 0 if not tied to one) and message.
#[derive(Clone, Debug, PartialEq)]
pub struct GridError {
    pub line: u32,
    pub message: String,
}

/// Parse an ESRI ASCII grid.
pub fn parse_ascii_grid(src: &str) -> Result<GridData, GridError> {
    let mut header: Vec<(String, f64)> = Vec::new();
    let mut values: Vec<f64> = Vec::new();
    let mut nodata: Option<f64> = None;
    let mut lines = src.lines().enumerate().peekable();
    // Header lines start with a letter.
    while let Some((i, line)) = lines.peek().copied() {
        let t = line.trim();
        if t.is_empty() {
            lines.next();
            continue;
        }
        if !t.starts_with(|c: char| c.is_ascii_alphabetic()) {
            break;
        }
        lines.next();
        let mut parts = t.split_whitespace();
        let key = parts.next().unwrap_or("").to_ascii_lowercase();
        let value: f64 = parts
            .next()
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| GridError {
                line: i as u32 + 1,
                message: format!("header `{key}` needs a number"),
            })?;
        if key == "nodata_value" {
            nodata = Some(value);
        }
        header.push((key, value));
    }
    let get = |k: &str| header.iter().find(|(key, _)| key == k).map(|(_, v)| *v);
    let whole = |k: &str| -> Result<usize, GridError> {
        let v = get(k).ok_or_else(|| GridError {
            line: 0,
            message: format!("header `{k}` is missing"),
        })?;
        if v < 1.0 || v.fract() != 0.0 || v > MAX_CELLS as f64 {
            return Err(GridError {
                line: 0,
                message: format!("header `{k}` must be a positive whole number, found {v}"),
            });
        }
        Ok(v as usize)
    };
    let cols = whole("ncols")?;
    let rows = whole("nrows")?;
    if rows.saturating_mul(cols) > MAX_CELLS {
        return Err(GridError {
            line: 0,
            message: format!("grid of {rows} × {cols} cells is larger than {MAX_CELLS} cells"),
        });
    }
    let cell = get("cellsize").ok_or_else(|| GridError {
        line: 0,
        message: "header `cellsize` is missing".into(),
    })?;
    for (i, line) in lines {
        for tok in line.split_whitespace() {
            let v: f64 = tok.parse().map_err(|_| GridError {
                line: i as u32 + 1,
                message: format!("`{tok}` is not a number"),
            })?;
            if Some(v) == nodata {
                return Err(GridError {
                    line: i as u32 + 1,
                    message: "the grid has NODATA cells; a drill needs a value in every cell"
                        .into(),
                });
            }
            if !v.is_finite() {
                return Err(GridError {
                    line: i as u32 + 1,
                    message: format!("`{tok}` is not a finite number"),
                });
            }
            values.push(v);
            if values.len() > rows * cols {
                return Err(GridError {
                    line: i as u32 + 1,
                    message: format!("more than the {} values the header announces", rows * cols),
                });
            }
        }
    }
    if values.len() != rows * cols {
        return Err(GridError {
            line: 0,
            message: format!(
                "the header announces {rows} × {cols} = {} values but the file has {}",
                rows * cols,
                values.len()
            ),
        });
    }
    Ok(GridData {
        rows,
        cols,
        values,
        file_cell_size_m: Some(cell),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_small_ascii_grid() {
        let g = parse_ascii_grid(
            "ncols 3\nnrows 2\nxllcorner 0\nyllcorner 0\ncellsize 10\nNODATA_value -9999\n1 2 3\n4 5 6\n",
        )
        .unwrap();
        assert_eq!((g.rows, g.cols), (2, 3));
        assert_eq!(g.values[5], 6.0);
        assert_eq!(g.file_cell_size_m, Some(10.0));
    }

    #[test]
    fn short_grid_is_an_error() {
        let e = parse_ascii_grid("ncols 3\nnrows 2\ncellsize 10\n1 2 3\n").unwrap_err();
        assert!(e.message.contains("has 3"), "{}", e.message);
    }
}
