//! Smoke from a burning area and how far one sees through it (no Bevy).
//!
//! Each burning cell is a ground-level point source of PM2.5. Its rate is an emission factor
//! times the fuel it consumes, which follows from the fireline intensity by Byram's (1959,
//! Combustion of forest fuels) I = H·w·R with H behave's heat content of 8000 Btu/lb. The
//! emission factor for extratropical forest is Andreae & Merlet's (2001, Table 1).
//!
//! Dispersion: steady Gaussian plume of a ground-level source, reflected at the ground, seen at
//! ground level, neutral stability (Pasquill–Gifford class D) with Briggs's (1973, Diffusion
//! estimation for small emissions, ATDL 79) open-country dispersion coefficients as tabulated by
//! Hanna, Briggs & Hosker (1982, Handbook on Atmospheric Diffusion) and Turner (1994, Workbook of
//! Atmospheric Dispersion Estimates, 2nd ed.). The fits are meant for 100 m to 10 km downwind;
//! closer they are extrapolated. The plume needs a wind: calm is not modelled, the wind is
//! floored at 1 m/s.
//!
//! Optics: extinction K = K_m·C with K_m = 8.7 m²/g, the specific extinction coefficient of
//! flame-generated smoke at 632.8 nm (Mulholland & Croarkin 2000, Fire and Materials
//! 24:227–230; ±1.1 m²/g). Our note: wildland PM2.5 is mostly organic carbon and dims less per
//! gram than soot, so K from this value errs on the dark side. Visibility V = C/K with C = 8 for
//! a light-emitting and 3 for a light-reflecting sign (Jin 1978, Visibility through fire smoke,
//! J. Fire & Flammability 9:135–155; Mulholland 2002, SFPE Handbook 3rd ed., ch. 2-13).
//!
//! Coordinates: x east, y north, metres. Every function is total: NaN, infinite or negative
//! inputs count as "no fire, no smoke" (0), and no output is NaN or negative.

use std::f64::consts::PI;

/// Specific extinction coefficient of flame-generated smoke, m²/g (Mulholland & Croarkin 2000:
/// 8.7 ± 1.1 m²/g at 632.8 nm, flaming combustion).
pub const SPECIFIC_EXTINCTION_M2_PER_G: f64 = 8.7;

/// Heat content of the standard fuel models, kJ/kg: behave's 8000 Btu/lb (Anderson 1982;
/// Scott & Burgan 2005) at 2.326 kJ/kg per Btu/lb (International Table Btu, exact).
pub const HEAT_OF_COMBUSTION_KJ_PER_KG: f64 = 18_608.0;

/// Floor of the plume's wind speed, m/s: the Gaussian plume assumes transport by the mean wind
/// and does not hold in calm (Turner 1994).
pub const MIN_WIND_MPS: f64 = 1.0;

/// Nearest downwind distance the plume is evaluated at, m. A numerical floor, not from a source:
/// it keeps the point-source singularity finite (Briggs's fits start at 100 m).
pub const MIN_DOWNWIND_M: f64 = 1.0;

/// PM2.5 emitted per kg of dry fuel burned in extratropical forest, g/kg (Andreae & Merlet 2001,
/// Global Biogeochemical Cycles 15:955–966, Table 1: 13.0 ± 7.0).
pub const PM25_EMISSION_FACTOR_EXTRATROPICAL_FOREST_G_PER_KG: f64 = 13.0;

/// Jin's (1978) visibility constant for a light-reflecting sign.
pub const SIGN_CONSTANT_REFLECTING: f64 = 3.0;

/// Jin's (1978) visibility constant for a light-emitting sign.
pub const SIGN_CONSTANT_LIGHT_EMITTING: f64 = 8.0;

/// A ground-level point source of PM2.5: one burning cell.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Source {
    /// East, m.
    pub x_m: f64,
    /// North, m.
    pub y_m: f64,
    /// PM2.5 emission rate, g/s.
    pub rate_g_per_s: f64,
}

/// `v` if it is finite and positive, else 0.
fn positive_or_zero(v: f64) -> f64 {
    if v.is_finite() && v > 0.0 { v } else { 0.0 }
}

/// Crosswind dispersion coefficient σy, m, at `x_m` downwind: Briggs (1973) open country,
/// class D, σy = 0.08·x·(1 + 0.0001·x)^−½ (Hanna et al. 1982; Turner 1994). 0 for x ≤ 0.
pub fn sigma_y_m(x_m: f64) -> f64 {
    let x = positive_or_zero(x_m);
    0.08 * x / libm::sqrt(1.0 + 0.0001 * x)
}

/// Vertical dispersion coefficient σz, m, at `x_m` downwind: Briggs (1973) open country,
/// class D, σz = 0.06·x·(1 + 0.0015·x)^−½ (Hanna et al. 1982; Turner 1994). 0 for x ≤ 0.
pub fn sigma_z_m(x_m: f64) -> f64 {
    let x = positive_or_zero(x_m);
    0.06 * x / libm::sqrt(1.0 + 0.0015 * x)
}

/// Ground-level concentration, g/m³, of a ground-level source of `q_g_per_s` at `downwind_m`
/// and `crosswind_m` from it: C = Q/(π·u·σy·σz)·exp(−y²/(2σy²)), the Gaussian plume with
/// ground reflection (Turner 1994), u = max(wind, 1 m/s). Zero upwind (x ≤ 0); downwind
/// distances under 1 m count as 1 m.
pub fn concentration_g_per_m3(
    q_g_per_s: f64,
    wind_mps: f64,
    downwind_m: f64,
    crosswind_m: f64,
) -> f64 {
    let q = positive_or_zero(q_g_per_s);
    if q == 0.0 || !(downwind_m.is_finite() && downwind_m > 0.0) || !crosswind_m.is_finite() {
        return 0.0;
    }
    // f64::max returns the other operand for NaN.
    let u = wind_mps.max(MIN_WIND_MPS);
    let x = downwind_m.max(MIN_DOWNWIND_M);
    let sy = sigma_y_m(x);
    let r = crosswind_m / sy;
    // Capped before the product so that an overflowing peak times exp(−∞) = 0 is not NaN.
    let centreline = (q / (PI * u * sy * sigma_z_m(x))).min(f64::MAX);
    centreline * libm::exp(-0.5 * r * r)
}

/// Dry fuel consumed, kg/s, by a front of `front_length_m` burning at fireline intensity
/// `fireline_intensity_kw_per_m`: Byram (1959) I = H·w·R, so w·R·L = I·L/H with H =
/// [`HEAT_OF_COMBUSTION_KJ_PER_KG`] (behave's 8000 Btu/lb).
pub fn fuel_consumption_kg_per_s(fireline_intensity_kw_per_m: f64, front_length_m: f64) -> f64 {
    let i = positive_or_zero(fireline_intensity_kw_per_m);
    let l = positive_or_zero(front_length_m);
    (i * l / HEAT_OF_COMBUSTION_KJ_PER_KG).min(f64::MAX)
}

/// PM2.5 emission rate, g/s: emission factor (g per kg of dry fuel, e.g.
/// [`PM25_EMISSION_FACTOR_EXTRATROPICAL_FOREST_G_PER_KG`], Andreae & Merlet 2001) times the
/// fuel consumption rate.
pub fn emission_rate_g_per_s(consumption_kg_per_s: f64, emission_factor_g_per_kg: f64) -> f64 {
    let m = positive_or_zero(consumption_kg_per_s);
    let ef = positive_or_zero(emission_factor_g_per_kg);
    (m * ef).min(f64::MAX)
}

/// Ground-level PM2.5, g/m³, at `at` (x east, y north, m) summed over `sources` (the Gaussian
/// plume of [`concentration_g_per_m3`], Turner 1994). `wind_from_deg` is where the wind blows
/// FROM, clockwise from north; the smoke travels toward `wind_from_deg + 180°`. A non-finite
/// direction or point gives 0.
pub fn concentration_at_g_per_m3(
    sources: &[Source],
    wind_mps: f64,
    wind_from_deg: f64,
    at: (f64, f64),
) -> f64 {
    if !(wind_from_deg.is_finite() && at.0.is_finite() && at.1.is_finite()) {
        return 0.0;
    }
    let theta = wind_from_deg.rem_euclid(360.0).to_radians();
    // Unit vector of travel (toward theta + 180°): (-sin θ, -cos θ).
    let (tx, ty) = (-libm::sin(theta), -libm::cos(theta));
    let total: f64 = sources
        .iter()
        .map(|s| {
            let (dx, dy) = (at.0 - s.x_m, at.1 - s.y_m);
            let downwind = dx * tx + dy * ty;
            let crosswind = dx * ty - dy * tx;
            concentration_g_per_m3(s.rate_g_per_s, wind_mps, downwind, crosswind)
        })
        .sum();
    total.min(f64::MAX)
}

/// Extinction coefficient, 1/m, at `at`: K = K_m·C with K_m = 8.7 m²/g (Mulholland & Croarkin
/// 2000) and C from [`concentration_at_g_per_m3`] (Gaussian plume, Briggs class D).
pub fn extinction_per_m(
    sources: &[Source],
    wind_mps: f64,
    wind_from_deg: f64,
    at: (f64, f64),
) -> f64 {
    let c = concentration_at_g_per_m3(sources, wind_mps, wind_from_deg, at);
    (SPECIFIC_EXTINCTION_M2_PER_G * c).min(f64::MAX)
}

/// Distance, m, at which a sign is still seen through smoke of extinction `k_per_m`: V = C/K,
/// C = 8 light-emitting, 3 light-reflecting (Jin 1978; Mulholland 2002). Without smoke (K zero,
/// negative or NaN) it is unlimited: `f64::INFINITY`; an infinite K gives 0.
pub fn visibility_m(k_per_m: f64, light_emitting: bool) -> f64 {
    let c = if light_emitting {
        SIGN_CONSTANT_LIGHT_EMITTING
    } else {
        SIGN_CONSTANT_REFLECTING
    };
    if k_per_m > 0.0 {
        c / k_per_m
    } else {
        f64::INFINITY
    }
}

/// Optical depth of the smoke, τ = ∫K ds, along the straight line from `a` to `b` (m), by the
/// midpoint rule in steps of at most `step_m` (ground-level K of [`extinction_per_m`]).
pub fn optical_depth(
    sources: &[Source],
    wind_mps: f64,
    wind_from_deg: f64,
    a: (f64, f64),
    b: (f64, f64),
    step_m: f64,
) -> f64 {
    let d = libm::hypot(b.0 - a.0, b.1 - a.1);
    if sources.is_empty() || !(d.is_finite() && d > 0.0) {
        return 0.0;
    }
    let n = (d / step_m.max(1.0)).ceil().clamp(1.0, 10_000.0) as usize;
    let ds = d / n as f64;
    (0..n)
        .map(|k| {
            let t = (k as f64 + 0.5) / n as f64;
            let at = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
            extinction_per_m(sources, wind_mps, wind_from_deg, at) * ds
        })
        .sum::<f64>()
        .min(f64::MAX)
}

/// Whether a thing is seen through smoke of optical depth `tau` along the sight line: τ below
/// the sign constant (8 for a light-emitting thing such as flames, 3 for a reflecting one such
/// as a person). In uniform smoke this is exactly [`visibility_m`] ≥ the distance (Jin 1978's
/// V = C/K is the same law: contrast falls as e^{−τ}).
pub fn seen_through_smoke(tau: f64, light_emitting: bool) -> bool {
    let c = if light_emitting {
        SIGN_CONSTANT_LIGHT_EMITTING
    } else {
        SIGN_CONSTANT_REFLECTING
    };
    tau < c
}
