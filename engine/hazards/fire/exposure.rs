//! What the radiant heat of a fire front does to a person near it: the flux on the person, the
//! thermal dose they accumulate, and the burn injury or death that dose gives (a stated model,
//! no Bevy).
//!
//! **Flux.** The flame is a vertical rectangular panel standing on the ground, as high as the
//! flame (Rothermel gives flame *length*; using it as the height is conservative, as the
//! engine's safety-zone module does) and as wide as the front, radiating as a grey body at the flame
//! temperature: E = ε σ T⁴ (Stefan–Boltzmann; σ from CODATA 2018). Butler & Cohen (1998,
//! "Firefighter safety zones: a theoretical model based on radiative heating", Int. J. Wildland
//! Fire 8(2):73–77) took the flame as a black body at 1200 K, so E = 117.6 kW/m². The person is a
//! small vertical surface facing the flame, at a given height, centred on the front's width; the
//! flux on it is q = E · F with F the configuration (view) factor from a differential planar
//! element to a parallel rectangle (Howell, "A Catalog of Radiation Heat Transfer Configuration
//! Factors", the case with the element's normal through a corner of the rectangle; the same
//! closed form is BRE BR 187 Appendix A eq. A3 and the SFPE Handbook's parallel-plane factor),
//! summed over the four rectangles the element's normal cuts the panel into. Left out: flame
//! tilt (wind or slope leaning the flame toward the person raises the flux), absorption by
//! smoke and air and the person's own emission (both lower it), and convective heating, which
//! Butler & Cohen's model leaves out too.
//!
//! **How this compares with the 4-flame-heights rule.** Butler & Cohen derived "safety zone
//! separation ≥ 4 × flame height" from a 3-surface net-exchange model with a 7 kW/m² injury
//! threshold. This single-panel view factor does *not* reproduce 7 kW/m² at 4 H for a long front:
//! for H = 10 m, target at 1.5 m, d = 40 m and T = 1200 K it gives 14.42 kW/m² (wide front) and
//! 6.28 kW/m² for a 30 m front (one grid cell); 7 kW/m² is reached at 8.4 H for the long front,
//! and at 4 H for a front 34.2 m wide (the tests measure these). The constants are not tuned to
//! hit 7.
//!
//! **Dose and harm.** Thermal dose D = ∫ q^{4/3} dt with q in W/m² and t in s, in
//! (W/m²)^{4/3}·s ("thermal dose units"), accumulated per tick with the tick's flux held
//! constant. Probit models, probability P = Φ(Y − 5) with Φ the standard normal CDF:
//! - fatality, Eisenberg, Lynch & Breeding (1975, "Vulnerability model: a simulation system for
//!   assessing damage resulting from marine spills", US Coast Guard report CG-D-136-75, from
//!   nuclear-weapon burn data): Y = −14.9 + 2.56 ln(D / 10⁴);
//! - fatality, TNO Green Book (CPR 16E, 1992; the Tsao & Perry 1979 correction of Eisenberg's
//!   for infrared hydrocarbon-fire radiation): Y = −36.38 + 2.56 ln D — given for comparison, it
//!   is not the one [`harm`] uses;
//! - second-degree burns, TNO Green Book: Y = −43.14 + 3.0188 ln D;
//! - first-degree burns, TNO Green Book: Y = −39.83 + 3.0186 ln D.
//!
//! These are the coefficients as quoted throughout the process-safety literature (e.g. Lees,
//! "Loss Prevention in the Process Industries"; O'Sullivan & Jagger 2004, HSE report); they have
//! not been checked here against the primary texts. All are for bare skin; clothing (a
//! firefighter's protective clothing especially) lowers the harm.
//!
//! **Totality.** Every function accepts any `f64`: NaN, negative and infinite inputs give 0 or
//! the clamp each function states, results that would overflow saturate at `f64::MAX`, and no
//! function panics or returns NaN.

use std::f64::consts::PI;

/// Stefan–Boltzmann constant σ, W m⁻² K⁻⁴ (CODATA 2018, exact in the 2019 SI).
pub const STEFAN_BOLTZMANN_W_PER_M2_K4: f64 = 5.670374419e-8;

/// Flame temperature Butler & Cohen (1998) used, K.
pub const BUTLER_COHEN_FLAME_TEMPERATURE_K: f64 = 1200.0;

/// Flame emissivity Butler & Cohen (1998) used (a black body).
pub const BUTLER_COHEN_FLAME_EMISSIVITY: f64 = 1.0;

/// Incident radiant flux Butler & Cohen (1998) took as the threshold of burn injury for a
/// firefighter in protective clothing, kW/m².
pub const BUTLER_COHEN_INJURY_THRESHOLD_KW_PER_M2: f64 = 7.0;

/// API Standard 521's flux at which personnel in appropriate clothing may be exposed
/// continuously: 500 Btu/(h·ft²) = 1.577 kW/m² (IT Btu, international foot).
pub const API_521_CONTINUOUS_EXPOSURE_KW_PER_M2: f64 =
    500.0 * 1055.05585262 / (3600.0 * 0.09290304) / 1000.0;

/// Lengths are clamped to this many metres before the view factor: 10⁹ m stands for "endless"
/// (a finite front this long differs from the infinite-width limit by ~10⁻⁸ relative).
pub const MAX_LENGTH_M: f64 = 1.0e9;

/// Distance used for a person at 0 < d < this (m): keeps the ratios a/d finite.
const MIN_DISTANCE_M: f64 = 1.0e-9;

/// A finite value ≥ 0, or 0 (NaN, negative, ±∞ all give 0).
fn clean(x: f64) -> f64 {
    if x.is_finite() { x.max(0.0) } else { 0.0 }
}

/// NaN → 0, +∞ → `f64::MAX`; otherwise unchanged.
fn saturate(x: f64) -> f64 {
    if x.is_nan() { 0.0 } else { x.min(f64::MAX) }
}

/// Black-body (grey-body) emissive power E = ε σ T⁴ in kW/m² (Stefan–Boltzmann law).
///
/// Butler & Cohen's flame: T = 1200 K, ε = 1 → 117.58 kW/m². Temperature: NaN, negative or
/// infinite → 0 (no emission). Emissivity: clamped to [0, 1], NaN → 0. Overflow saturates.
pub fn blackbody_emissive_power_kw_per_m2(temperature_k: f64, emissivity: f64) -> f64 {
    let t = clean(temperature_k);
    let eps = if emissivity.is_nan() {
        0.0
    } else {
        emissivity.clamp(0.0, 1.0)
    };
    let t2 = t * t;
    saturate(eps * STEFAN_BOLTZMANN_W_PER_M2_K4 * t2 * t2 / 1000.0)
}

/// x / √(1 + y²) for x, y ≥ 0, also at the infinities (∞/∞ taken as 1: the diagonal limit).
fn ratio(x: f64, y: f64) -> f64 {
    if x.is_infinite() && y.is_infinite() {
        1.0
    } else {
        x / libm::hypot(1.0, y)
    }
}

/// View factor from a differential planar element to a parallel rectangle whose corner lies on
/// the element's normal: sides a and b at distance c, given as A = a/c and B = b/c
/// (Howell's catalogue, the corner case; BR 187 eq. A3 is four of these):
///
/// F = 1/(2π) [ A/√(1+A²) · atan(B/√(1+A²)) + B/√(1+B²) · atan(A/√(1+B²)) ].
///
/// Symmetric in A and B; 0 when either is 0; → 1/4 as both → ∞ (a quarter of an infinite plane).
/// NaN or negative → 0; +∞ allowed (the exact limit).
pub fn view_factor_corner(a_over_c: f64, b_over_c: f64) -> f64 {
    let clean_ratio = |x: f64| if x.is_nan() { 0.0 } else { x.max(0.0) };
    let a = clean_ratio(a_over_c);
    let b = clean_ratio(b_over_c);
    let f = (ratio(a, a) * libm::atan(ratio(b, a)) + ratio(b, b) * libm::atan(ratio(a, b)))
        / (2.0 * PI);
    // Rounding can only push the sum a hair past the quarter-plane bound.
    if f.is_nan() { 0.0 } else { f.clamp(0.0, 0.25) }
}

/// The corner factor extended oddly to signed offsets u, v (dimensionless), so that a rectangle
/// [u₀, u₁] × [v₀, v₁] in the plane, seen from the foot of the element's normal, is the signed
/// sum of its four corners: that covers the element opposite any point, inside or outside.
fn signed_corner(u: f64, v: f64) -> f64 {
    let s = |x: f64| if x < 0.0 { -1.0 } else { 1.0 };
    s(u) * s(v) * view_factor_corner(u.abs(), v.abs())
}

/// View factor from a vertical element facing the flame panel, at `target_height_m` above the
/// ground and centred on the panel's width, to the panel (height `flame_height_m`, width
/// `front_width_m`, standing on the ground at horizontal distance `distance_m`).
///
/// F ∈ [0, 1]. Clamps: lengths NaN or negative → 0 (no panel: F = 0); a flame height or width
/// of +∞ or above [`MAX_LENGTH_M`] → [`MAX_LENGTH_M`] (a long front); target height NaN,
/// negative or infinite → 0 (at the ground). Distance: NaN or +∞ → 0; d ≤ 0 (the person is in
/// the burning cell) → 1, the limit of an element pressed against the panel (exact for
/// 0 < h < H; the model's rule even when the target is above the flame top).
pub fn view_factor(
    distance_m: f64,
    flame_height_m: f64,
    front_width_m: f64,
    target_height_m: f64,
) -> f64 {
    let length = |x: f64| {
        if x.is_nan() {
            0.0
        } else {
            x.clamp(0.0, MAX_LENGTH_M)
        }
    };
    let height = length(flame_height_m);
    let width = length(front_width_m);
    if height == 0.0 || width == 0.0 || distance_m.is_nan() || distance_m == f64::INFINITY {
        return 0.0;
    }
    if distance_m <= 0.0 {
        return 1.0;
    }
    let c = distance_m.max(MIN_DISTANCE_M);
    let h = clean(target_height_m).min(MAX_LENGTH_M);
    // Panel in the element's frame: vertical [−h, H − h], horizontal [−W/2, W/2], over c.
    let (z0, z1) = (-h / c, (height - h) / c);
    let (x0, x1) = (-0.5 * width / c, 0.5 * width / c);
    let f = signed_corner(z1, x1) - signed_corner(z0, x1) - signed_corner(z1, x0)
        + signed_corner(z0, x0);
    if f.is_nan() { 0.0 } else { f.clamp(0.0, 1.0) }
}

/// Radiant flux on the person, kW/m²: q = E · F with F from [`view_factor`] (same clamps) and
/// E = `emissive_power_kw_per_m2` (NaN, negative or infinite → 0). At distance ≤ 0 the person
/// gets the full E. Never NaN.
pub fn flux_kw_per_m2(
    distance_m: f64,
    flame_height_m: f64,
    front_width_m: f64,
    target_height_m: f64,
    emissive_power_kw_per_m2: f64,
) -> f64 {
    let e = clean(emissive_power_kw_per_m2);
    saturate(e * view_factor(distance_m, flame_height_m, front_width_m, target_height_m))
}

/// The dose of one tick: (1000 q)^{4/3} · dt in (W/m²)^{4/3}·s, q in kW/m² held for dt seconds
/// (the rectangle rule of D = ∫ q^{4/3} dt; Eisenberg et al. 1975). NaN, negative or infinite
/// flux or time → 0; overflow saturates.
pub fn dose_increment(flux_kw_per_m2: f64, dt_s: f64) -> f64 {
    let q = clean(flux_kw_per_m2) * 1000.0;
    let dt = clean(dt_s);
    if q == 0.0 || dt == 0.0 {
        return 0.0;
    }
    saturate(libm::pow(q, 4.0 / 3.0) * dt)
}

/// `dose` plus this tick's [`dose_increment`]. A NaN, negative or infinite `dose` counts as 0;
/// the sum saturates at `f64::MAX`.
pub fn accumulate_dose(dose: f64, flux_kw_per_m2: f64, dt_s: f64) -> f64 {
    saturate(clean(dose) + dose_increment(flux_kw_per_m2, dt_s))
}

/// A probit model of the form Y = a + b · ln(D / D₀) with D the thermal dose in
/// (W/m²)^{4/3}·s.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Probit {
    /// a
    pub intercept: f64,
    /// b
    pub slope: f64,
    /// D₀: the dose unit the model's logarithm is taken in (10⁴ in Eisenberg's form, 1 in TNO's).
    pub dose_unit: f64,
}

/// Fatality, Eisenberg, Lynch & Breeding (1975): Y = −14.9 + 2.56 ln(t q^{4/3} / 10⁴), q in W/m².
pub const EISENBERG_FATALITY: Probit = Probit {
    intercept: -14.9,
    slope: 2.56,
    dose_unit: 1.0e4,
};

/// Fatality, TNO Green Book (CPR 16E, 1992), after Tsao & Perry (1979):
/// Y = −36.38 + 2.56 ln(t q^{4/3}) (= −12.8 + 2.56 ln(D/10⁴)). For comparison; [`harm`] uses
/// [`EISENBERG_FATALITY`].
pub const TNO_FATALITY: Probit = Probit {
    intercept: -36.38,
    slope: 2.56,
    dose_unit: 1.0,
};

/// Second-degree burns, TNO Green Book (CPR 16E, 1992): Y = −43.14 + 3.0188 ln(t q^{4/3}).
pub const TNO_SECOND_DEGREE: Probit = Probit {
    intercept: -43.14,
    slope: 3.0188,
    dose_unit: 1.0,
};

/// First-degree burns, TNO Green Book (CPR 16E, 1992): Y = −39.83 + 3.0186 ln(t q^{4/3}).
pub const TNO_FIRST_DEGREE: Probit = Probit {
    intercept: -39.83,
    slope: 3.0186,
    dose_unit: 1.0,
};

impl Probit {
    /// The probit Y of a dose. A dose of 0 (or NaN, negative, infinite: treated as 0) gives
    /// −∞, whose probability is 0; never NaN.
    pub fn probit(&self, dose: f64) -> f64 {
        let d = clean(dose);
        if d == 0.0 {
            return f64::NEG_INFINITY;
        }
        let y = self.intercept + self.slope * libm::log(d / self.dose_unit);
        if y.is_nan() { f64::NEG_INFINITY } else { y }
    }

    /// The probability of the effect after a dose: Φ(Y − 5).
    pub fn probability(&self, dose: f64) -> f64 {
        probability(self.probit(dose))
    }

    /// The dose at which the probit is `y`: D₀ · exp((y − a)/b) (the inverse of [`Self::probit`]).
    /// NaN → 0; saturates at `f64::MAX`.
    pub fn dose_at_probit(&self, y: f64) -> f64 {
        if y.is_nan() {
            return 0.0;
        }
        saturate(self.dose_unit * libm::exp((y - self.intercept) / self.slope))
    }
}

/// The probability of a probit value: P = Φ(Y − 5) = ½ (1 + erf((Y − 5)/√2)), the standard
/// normal CDF (Finney's probit convention). Y = 5 gives exactly ½; ±∞ give 1 and 0; NaN → 0.
pub fn probability(probit: f64) -> f64 {
    if probit.is_nan() {
        return 0.0;
    }
    let p = 0.5 * (1.0 + libm::erf((probit - 5.0) / std::f64::consts::SQRT_2));
    if p.is_nan() { 0.0 } else { p.clamp(0.0, 1.0) }
}

/// Fatality probit, Eisenberg et al. (1975): Y = −14.9 + 2.56 ln(D / 10⁴).
pub fn fatality_probit(dose: f64) -> f64 {
    EISENBERG_FATALITY.probit(dose)
}

/// Second-degree burn probit, TNO Green Book: Y = −43.14 + 3.0188 ln D.
pub fn second_degree_probit(dose: f64) -> f64 {
    TNO_SECOND_DEGREE.probit(dose)
}

/// First-degree burn probit, TNO Green Book: Y = −39.83 + 3.0186 ln D.
pub fn first_degree_probit(dose: f64) -> f64 {
    TNO_FIRST_DEGREE.probit(dose)
}

/// Probability of death after `dose` (Eisenberg et al. 1975).
pub fn fatality_probability(dose: f64) -> f64 {
    EISENBERG_FATALITY.probability(dose)
}

/// Probability of second-degree burns after `dose` (TNO Green Book).
pub fn second_degree_probability(dose: f64) -> f64 {
    TNO_SECOND_DEGREE.probability(dose)
}

/// Probability of first-degree burns after `dose` (TNO Green Book).
pub fn first_degree_probability(dose: f64) -> f64 {
    TNO_FIRST_DEGREE.probability(dose)
}

/// The harm a thermal dose does, least to most severe (`Ord` follows severity).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BurnHarm {
    None,
    FirstDegree,
    SecondDegree,
    Fatal,
}

/// The most severe harm whose probability is at least ½ after `dose` ((W/m²)^{4/3}·s):
/// Fatal by Eisenberg's probit, else second- then first-degree burns by TNO's, else None.
///
/// P ≥ ½ ⇔ Y ≥ 5 (Φ is increasing and Φ(0) = ½), which is what is compared, so rounding in erf
/// cannot move a boundary. The 50 % doses are 2.82·10⁶ (first degree) < 8.43·10⁶ (second) <
/// 2.38·10⁷ (fatal), and every probit increases with the dose, so more dose never gives a lesser
/// class. NaN, negative or infinite dose → None.
pub fn harm(dose: f64) -> BurnHarm {
    if fatality_probit(dose) >= 5.0 {
        BurnHarm::Fatal
    } else if second_degree_probit(dose) >= 5.0 {
        BurnHarm::SecondDegree
    } else if first_degree_probit(dose) >= 5.0 {
        BurnHarm::FirstDegree
    } else {
        BurnHarm::None
    }
}
