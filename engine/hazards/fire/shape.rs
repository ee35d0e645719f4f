//! The shape of a surface fire from a point: an ellipse (Anderson 1983) with the ignition point
//! at its rear focus.
//!
//! Length-to-width ratio LW = 0.936·e^(0.1147·U) + 0.461·e^(−0.0692·U) − 0.397, U the effective
//! midflame wind in mi/h; BehavePlus caps LW (not U) at 8, which this follows. Eccentricity
//! e = √(LW² − 1)/LW. Spread at angle θ from the head, measured from the ignition point (the
//! polar equation of the ellipse about its focus): R(θ) = R_head·(1 − e)/(1 − e·cos θ); so the
//! backing rate is R_head·(1 − e)/(1 + e) and the flanking rate (half the width per unit time)
//! (R_head + R_back)/(2·LW).

/// BehavePlus's ceiling on the surface fire's length-to-width ratio.
pub const MAX_LENGTH_TO_WIDTH: f64 = 8.0;

/// Anderson (1983) length-to-width ratio for an effective midflame wind of `effective_wind_mph`.
pub fn length_to_width(effective_wind_mph: f64) -> f64 {
    if effective_wind_mph.is_nan() || effective_wind_mph <= 1.0e-7 {
        return 1.0;
    }
    let u = effective_wind_mph;
    let lw = 0.936 * libm::exp(0.1147 * u) + 0.461 * libm::exp(-0.0692 * u) - 0.397;
    // Past ~28 mi/h the exponential would make needle-thin fires; BehavePlus stops at 8.
    lw.clamp(1.0, MAX_LENGTH_TO_WIDTH)
}

/// Eccentricity of an ellipse of length-to-width ratio `lw` (0 for a circle).
pub fn eccentricity(lw: f64) -> f64 {
    let x = lw * lw - 1.0;
    if x > 0.0 { libm::sqrt(x) / lw } else { 0.0 }
}

/// Head-to-back spread ratio (Alexander 1985) of a fire of length-to-width ratio `lw`.
pub fn head_to_back_ratio(lw: f64) -> f64 {
    let part = libm::sqrt((lw * lw - 1.0).max(0.0));
    let back = lw - part;
    if back > 0.0 { (lw + part) / back } else { 1.0 }
}

/// Backing rate of a fire heading at `head` with eccentricity `e` (same unit as `head`).
pub fn backing_rate(head: f64, e: f64) -> f64 {
    head * (1.0 - e) / (1.0 + e)
}

/// Flanking rate (half the fire's width per unit time) of a fire heading at `head`, backing at
/// `back`, with length-to-width ratio `lw`.
pub fn flanking_rate(head: f64, back: f64, lw: f64) -> f64 {
    (head + back) / lw.max(1.0) * 0.5
}

/// Spread rate from the ignition point at `angle_from_head_rad` from the head direction.
pub fn rate_from_ignition(head: f64, e: f64, angle_from_head_rad: f64) -> f64 {
    let denom = 1.0 - e * libm::cos(angle_from_head_rad);
    if denom > 0.0 {
        head * (1.0 - e) / denom
    } else {
        head
    }
}

/// The part of a fire's edge a point faces: within 45° of the direction of maximum spread is
/// the head, within 45° of the opposite the back (heel), the rest the flanks. The names are
/// NWCG's (S-190, parts of a fire); the 45° quarters are drillhall's stated division.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FireSector {
    Head,
    Flank,
    Back,
}

/// Half the angle of the head (and of the back) sector, degrees.
pub const HEAD_SECTOR_HALF_DEG: f64 = 45.0;

/// The sector of a point `angle_from_head_deg` (any sign, any turn) from the direction of
/// maximum spread, seen from the fire.
pub fn sector(angle_from_head_deg: f64) -> FireSector {
    let a = angle_from_head_deg.rem_euclid(360.0);
    let a = if a > 180.0 { 360.0 - a } else { a };
    if a <= HEAD_SECTOR_HALF_DEG {
        FireSector::Head
    } else if a >= 180.0 - HEAD_SECTOR_HALF_DEG {
        FireSector::Back
    } else {
        FireSector::Flank
    }
}

/// How near the wind's direction an escape runs to count as downwind, degrees either side: the
/// head sector's half angle (drillhall's stated division, as for [`sector`]).
pub const DOWNWIND_HALF_DEG: f64 = HEAD_SECTOR_HALF_DEG;

/// Whether a heading (degrees from north) runs with a wind blowing towards `downwind_deg`.
pub fn is_downwind(heading_deg: f64, downwind_deg: f64) -> bool {
    off_wind_deg(heading_deg, downwind_deg) <= DOWNWIND_HALF_DEG
}

/// How far a heading is from where the wind blows, degrees (0–180).
pub fn off_wind_deg(heading_deg: f64, downwind_deg: f64) -> f64 {
    let a = (heading_deg - downwind_deg).rem_euclid(360.0);
    a.min(360.0 - a)
}
