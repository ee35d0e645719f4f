//! Wind at the flame: the wind adjustment factor that turns the 20-ft wind into the midflame
//! wind, after Albini & Baughman (1979), as BehavePlus computes it (its "use crown ratio"
//! method), and the 10-m to 20-ft conversion.
//!
//! Sheltered (under a canopy that fills at least 5 % of the volume below its top, at least
//! 6 ft tall): WAF = 0.555 / (√(f·H) · ln((20 + 0.36 H) / (0.13 H))), with H the canopy height
//! in ft and f = crown ratio · canopy cover / 3 the crown fill (conical crowns). Unsheltered:
//! WAF = 1.83 / ln((20 + 0.36 δ) / (0.13 δ)), with δ the fuel bed depth in ft.

/// ft/min per mi/h.
pub const FT_PER_MIN_PER_MPH: f64 = 88.0;
/// The 10-m wind is this much stronger than the 20-ft wind (BehavePlus; Lawson & Armitage 2008).
pub const TEN_METRE_OVER_TWENTY_FOOT: f64 = 1.15;

/// The height at which a wind speed was measured.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum WindHeight {
    /// 20 ft above the vegetation (US weather stations).
    #[default]
    TwentyFoot,
    /// 10 m above ground (WMO standard, forecasts).
    TenMetre,
    /// Already the midflame wind.
    Midflame,
}

/// Whether the surface fuel is sheltered from the wind by a canopy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shelter {
    Unsheltered,
    Sheltered,
}

/// The fraction of the volume below the canopy top filled with crowns (conical crowns).
pub fn crown_fill(canopy_cover: f64, crown_ratio: f64) -> f64 {
    crown_ratio.clamp(0.0, 1.0) * canopy_cover.clamp(0.0, 1.0) / 3.0
}

/// The wind adjustment factor (midflame / 20-ft wind) and whether the fuel is sheltered.
/// `canopy_cover` and `crown_ratio` are fractions. Never negative, never NaN.
pub fn wind_adjustment_factor(
    canopy_cover: f64,
    canopy_height_ft: f64,
    crown_ratio: f64,
    fuel_depth_ft: f64,
) -> (f64, Shelter) {
    let cover = finite_or_zero(canopy_cover).clamp(0.0, 1.0);
    let height_ft = finite_or_zero(canopy_height_ft).max(0.0);
    let fill = crown_fill(cover, finite_or_zero(crown_ratio));
    // A thin or low canopy does not shelter the fuel (BehavePlus's thresholds).
    if cover < 1.0e-7 || fill < 0.05 || height_ft < 6.0 {
        let depth_ft = finite_or_zero(fuel_depth_ft);
        let waf = if depth_ft > 1.0e-7 {
            1.83 / libm::log((20.0 + 0.36 * depth_ft) / (0.13 * depth_ft))
        } else {
            0.0
        };
        (waf, Shelter::Unsheltered)
    } else {
        let waf = 0.555
            / (libm::sqrt(fill * height_ft)
                * libm::log((20.0 + 0.36 * height_ft) / (0.13 * height_ft)));
        (waf, Shelter::Sheltered)
    }
}

/// The 20-ft wind of a 10-m wind.
pub fn twenty_foot_from_ten_metre(speed: f64) -> f64 {
    speed / TEN_METRE_OVER_TWENTY_FOOT
}

/// The midflame wind (same unit as `speed`) of a wind measured at `height`.
pub fn midflame_wind(
    speed: f64,
    height: WindHeight,
    canopy_cover: f64,
    canopy_height_ft: f64,
    crown_ratio: f64,
    fuel_depth_ft: f64,
) -> f64 {
    let speed = finite_or_zero(speed).max(0.0);
    let twenty_foot = match height {
        WindHeight::Midflame => return speed,
        WindHeight::TwentyFoot => speed,
        WindHeight::TenMetre => twenty_foot_from_ten_metre(speed),
    };
    let (waf, _) =
        wind_adjustment_factor(canopy_cover, canopy_height_ft, crown_ratio, fuel_depth_ft);
    waf * twenty_foot
}

pub(super) fn finite_or_zero(x: f64) -> f64 {
    if x.is_finite() { x } else { 0.0 }
}
