//! The terrain's form where a crew stands, for 三先四不打's "地形不利先规避": fire.md's 悬崖陡坡
//! 沟深谷窄 (no attack on cliffs, steep slopes, in deep gullies and narrow valleys) and its list
//! of places where the head is never met: 三面环山 (a gully closed on three sides — a chimney),
//! 鞍状山谷 (a saddle) and 窄谷 (a narrow valley). In all of them the fire's convection is
//! channelled and a flank can become a head in seconds.
//!
//! The method is the geomorphon of Jasiewicz & Stepinski (2013, Geomorphology 182:147–156):
//! along each of the eight compass directions, out to a lookup distance, the steepest angle up
//! and down from the point decide whether the terrain there is higher (+), lower (−) or level
//! (0) than the point; the pattern of the eight is the form. The flatness threshold and lookup
//! distance are drillhall's stated choices for crew-scale terrain ([`FLAT_DEG`], [`LOOKUP_M`]):
//! a valley whose sides climb more than 5° within 300 m is one a crew cannot walk out of
//! sideways in the few minutes a blow-up gives them.
//!
//! Forms, from the ways out — the runs of neighbouring directions that are not higher:
//! - **Chimney** (三面环山): one way out, no wider than three directions (135°), or none.
//! - **Saddle**: two or more ways out, every one of them falling somewhere.
//! - **Narrow valley** (窄谷): two or more ways out, some of them level or rising gently (a
//!   valley floor running on).
//! - **Open**: one wide way out (a slope, a spur, a ridge) or no higher ground at all.

use super::sight::Dem;

/// How far out along each direction the terrain is looked at, m.
pub const LOOKUP_M: f64 = 300.0;
/// Angles within this of level, up or down, count as level, degrees.
pub const FLAT_DEG: f64 = 5.0;

/// The terrain's form at a point (module docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum TerrainForm {
    Open,
    NarrowValley,
    Chimney,
    Saddle,
}

impl TerrainForm {
    /// Whether 四不打 rules the form out for any attack (沟深谷窄, 三面环山, 鞍状山谷).
    pub fn is_adverse(self) -> bool {
        match self {
            TerrainForm::Open => false,
            TerrainForm::NarrowValley | TerrainForm::Chimney | TerrainForm::Saddle => true,
        }
    }

    /// The form in words (zh, en).
    pub fn words(self) -> (&'static str, &'static str) {
        match self {
            TerrainForm::Open => ("开阔地形", "open terrain"),
            TerrainForm::NarrowValley => ("窄谷（沟深谷窄）", "a narrow valley"),
            TerrainForm::Chimney => (
                "三面环山的沟谷（烟囱地形）",
                "a gully closed on three sides (a chimney)",
            ),
            TerrainForm::Saddle => ("鞍状山谷（垭口）", "a saddle"),
        }
    }
}

/// Higher, lower or level, along one direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Relief {
    Higher,
    Level,
    Lower,
}

/// The eight directions' relief from (x, y), clockwise from north; `None` off the grid.
fn pattern(dem: &Dem, x: f64, y: f64, cell_m: f64) -> Option<[Relief; 8]> {
    let z0 = dem.height_at(x, y)?;
    let step = (cell_m / 2.0).max(0.5);
    let flat = libm::tan(FLAT_DEG.to_radians());
    let mut out = [Relief::Level; 8];
    for (k, relief) in out.iter_mut().enumerate() {
        let a = (45.0 * k as f64).to_radians();
        let (dx, dy) = (libm::sin(a), libm::cos(a));
        // Steepest gradient up and down, as tangents (monotone in the angle).
        let (mut up, mut down) = (0.0_f64, 0.0_f64);
        let mut s = step;
        while s <= LOOKUP_M {
            let Some(z) = dem.height_at(x + dx * s, y + dy * s) else {
                break;
            };
            let g = (z - z0) / s;
            up = up.max(g);
            down = down.max(-g);
            s += step;
        }
        *relief = if up < flat && down < flat {
            Relief::Level
        } else if up > down {
            Relief::Higher
        } else {
            Relief::Lower
        };
    }
    Some(out)
}

/// The terrain's form at (x, y) m on `dem` (cells `cell_m` wide); `Open` off the grid.
pub fn terrain_form(dem: &Dem, cell_m: f64, x: f64, y: f64) -> TerrainForm {
    let Some(p) = pattern(dem, x, y, cell_m) else {
        return TerrainForm::Open;
    };
    // The ways out: runs of neighbouring directions that are not higher (cyclic).
    let Some(wall) = p.iter().position(|&r| r == Relief::Higher) else {
        return TerrainForm::Open;
    };
    let mut ways: Vec<Vec<Relief>> = Vec::new();
    let mut run: Vec<Relief> = Vec::new();
    for k in 1..=8 {
        let r = p[(wall + k) % 8];
        if r == Relief::Higher {
            if !run.is_empty() {
                ways.push(std::mem::take(&mut run));
            }
        } else {
            run.push(r);
        }
    }
    match ways.as_slice() {
        [] => TerrainForm::Chimney,
        [one] if one.len() <= 3 => TerrainForm::Chimney,
        [_] => TerrainForm::Open,
        _ if ways.iter().all(|w| w.contains(&Relief::Lower)) => TerrainForm::Saddle,
        _ => TerrainForm::NarrowValley,
    }
}
