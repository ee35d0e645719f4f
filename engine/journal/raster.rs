//! A class raster in the journal (the flood's hazard class per cell): rows north first, each row
//! run-length encoded as `class*run` tokens separated by spaces ("0*40 3*12 0*68"). The
//! flood's water is blobby, so a row is a few runs: a 120 × 100 grid takes a few kilobytes.

use serde::{Deserialize, Serialize};

/// A grid of small classes over the terrain (origin at its south-west corner).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClassRaster {
    pub cell_m: f64,
    pub cols: u32,
    pub rows: u32,
    /// Rows north first, run-length encoded.
    pub rle: Vec<String>,
}

impl ClassRaster {
    /// `classes` row by row, north first (`cols` × `rows` of them).
    pub fn encode(classes: &[u8], cols: u32, rows: u32, cell_m: f64) -> ClassRaster {
        let rle = classes
            .chunks(cols.max(1) as usize)
            .map(|row| {
                let mut out: Vec<String> = Vec::new();
                let mut k = 0;
                while k < row.len() {
                    let c = row[k];
                    let n = row[k..].iter().take_while(|&&x| x == c).count();
                    out.push(format!("{c}*{n}"));
                    k += n;
                }
                out.join(" ")
            })
            .collect();
        ClassRaster {
            cell_m,
            cols,
            rows,
            rle,
        }
    }

    /// The classes row by row, north first; `None` if the encoding does not fit its size.
    pub fn decode(&self) -> Option<Vec<u8>> {
        let (cols, rows) = (self.cols as usize, self.rows as usize);
        if self.rle.len() != rows {
            return None;
        }
        let mut out = Vec::with_capacity(cols * rows);
        for row in &self.rle {
            let start = out.len();
            for tok in row.split_whitespace() {
                let (c, n) = tok.split_once('*')?;
                let (c, n): (u8, usize) = (c.parse().ok()?, n.parse().ok()?);
                if out.len() - start + n > cols {
                    return None;
                }
                out.extend(std::iter::repeat_n(c, n));
            }
            if out.len() - start != cols {
                return None;
            }
        }
        Some(out)
    }

    /// The cell-wise greatest class of two rasters of one grid.
    pub fn max(&self, other: &ClassRaster) -> Option<ClassRaster> {
        if (self.cols, self.rows) != (other.cols, other.rows) {
            return None;
        }
        let (a, b) = (self.decode()?, other.decode()?);
        let m: Vec<u8> = a.iter().zip(&b).map(|(x, y)| *x.max(y)).collect();
        Some(ClassRaster::encode(&m, self.cols, self.rows, self.cell_m))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_raster_comes_back_as_written_and_a_bad_one_is_refused() {
        let classes = [0, 0, 3, 3, 3, 0, 1, 1, 1, 1, 0, 0];
        let r = ClassRaster::encode(&classes, 4, 3, 10.0);
        assert_eq!(r.rle, ["0*2 3*2", "3*1 0*1 1*2", "1*2 0*2"]);
        assert_eq!(r.decode().as_deref(), Some(&classes[..]));
        let mut short = r.clone();
        short.rle[1] = "3*1 0*1 1*1".into();
        assert_eq!(short.decode(), None);
        let mut long = r.clone();
        long.rle[0] = "0*5".into();
        assert_eq!(long.decode(), None);
        let mut junk = r;
        junk.rle[2] = "1*x".into();
        assert_eq!(junk.decode(), None);
    }
}
