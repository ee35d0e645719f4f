//! Ground motion for an earthquake of a stated intensity: a seeded three-component acceleration
//! time history.
//!
//! Model: the stochastic method of earthquake engineering. Gaussian white noise is shaped in
//! frequency by the Clough–Penzien filter (Clough & Penzien, *Dynamics of Structures*, 1975: a
//! Kanai–Tajimi soil filter, ω_g = 5π rad/s and ζ_g = 0.6 for firm ground, followed by a
//! high-pass filter at ω_f = 0.1 ω_g so that velocity does not drift) and in time by an envelope
//! in the manner of Jennings, Housner & Tsai (1968): weak P-wave motion from the P arrival,
//! a quadratic rise at the S arrival, the strong phase for the stated duration, then an
//! exponential decay. The horizontal peak is scaled to a PGA drawn (log-uniform) from the
//! intensity's range in GB/T 17742-2020; the vertical component is 2/3 of the horizontal
//! (the common engineering ratio). XI and XII are beyond the standard's table: their ranges are
//! the next doublings of X's, as the table doubles per degree.
//!
//! Deterministic: the noise comes from the caller's seeded stream; transcendental functions go
//! through `libm`, so native and wasm32 builds round alike.

use crate::rng::standard_normal;
use crate::scenario::schema::{Earthquake, Intensity};
use rand::Rng;

/// Sample interval of the history (100 Hz: the physics sub-step).
pub const GROUND_MOTION_DT_S: f64 = 0.01;
/// S−P delay per km of epicentral distance, s/km: 1/3.5 − 1/6.0 (crustal Vs, Vp).
pub const S_MINUS_P_S_PER_KM: f64 = 1.0 / 3.5 - 1.0 / 6.0;
/// When the S wave (the strong shaking) of `q` arrives.
pub fn s_arrival_s(q: &Earthquake) -> f64 {
    q.start_s + q.epicentral_distance_km * S_MINUS_P_S_PER_KM
}

/// Kanai–Tajimi ground filter for firm soil.
const OMEGA_G: f64 = 5.0 * std::f64::consts::PI;
const ZETA_G: f64 = 0.6;
/// Clough–Penzien high-pass filter.
const OMEGA_F: f64 = 0.1 * OMEGA_G;
const ZETA_F: f64 = 0.6;
/// Rise time of the strong phase, and the decay rate after it (1/s).
const RISE_S: f64 = 2.0;
const DECAY_PER_S: f64 = 0.4;
/// P-wave motion relative to the strong phase.
const P_LEVEL: f64 = 0.15;

/// Peak ground acceleration of an intensity, m/s²: (low, mean, high) (GB/T 17742-2020).
pub fn pga_range_mps2(i: Intensity) -> (f64, f64, f64) {
    match i {
        Intensity::VI => (0.45, 0.63, 0.89),
        Intensity::VII => (0.90, 1.25, 1.77),
        Intensity::VIII => (1.78, 2.50, 3.53),
        Intensity::IX => (3.54, 5.00, 7.07),
        Intensity::X => (7.08, 10.00, 14.14),
        Intensity::XI => (14.15, 20.0, 28.28),
        Intensity::XII => (28.29, 40.0, 56.57),
    }
}

/// Peak ground velocity of an intensity, m/s: (low, mean, high) (GB/T 17742-2020).
pub fn pgv_range_mps(i: Intensity) -> (f64, f64, f64) {
    match i {
        Intensity::VI => (0.05, 0.06, 0.09),
        Intensity::VII => (0.10, 0.13, 0.18),
        Intensity::VIII => (0.19, 0.25, 0.35),
        Intensity::IX => (0.36, 0.50, 0.71),
        Intensity::X => (0.72, 1.00, 1.41),
        Intensity::XI => (1.42, 2.0, 2.83),
        Intensity::XII => (2.84, 4.0, 5.66),
    }
}

/// Walking speed on a shaking floor of horizontal peak acceleration `a_mps2`, as a factor of the
/// free speed. GB/T 17742-2020 describes what people feel per degree: at VI most people stand
/// unsteadily, at VIII "多数人摇晃颠簸，行走困难" (most sway; walking is difficult), at IX
/// "行动的人摔倒" (people who move fall). The factor is 1 up to VI's lower PGA bound, 0.3 at VIII's
/// mean ("difficult"), 0.1 from IX's mean on, linear between: the degrees are the source, the
/// numbers between them an assumption.
pub fn walking_speed_factor(a_mps2: f64) -> f64 {
    let (vi, _, _) = pga_range_mps2(Intensity::VI);
    let (_, viii, _) = pga_range_mps2(Intensity::VIII);
    let (_, ix, _) = pga_range_mps2(Intensity::IX);
    if a_mps2 <= vi {
        1.0
    } else if a_mps2 <= viii {
        1.0 - 0.7 * (a_mps2 - vi) / (viii - vi)
    } else if a_mps2 <= ix {
        0.3 - 0.2 * (a_mps2 - viii) / (ix - viii)
    } else {
        0.1
    }
}

/// How often someone walking on a floor of horizontal peak acceleration `a_mps2` falls, per
/// second: none below VIII's lower bound, rising to one fall a second at IX's lower bound
/// ("people who move fall", GB/T 17742-2020), two at most. The rate is an assumption anchored to
/// those two degrees.
pub fn fall_rate_per_s(a_mps2: f64) -> f64 {
    let (viii, _, _) = pga_range_mps2(Intensity::VIII);
    let (ix, _, _) = pga_range_mps2(Intensity::IX);
    ((a_mps2 - viii) / (ix - viii)).clamp(0.0, 2.0)
}

/// A ground acceleration history from `start_s`, every `GROUND_MOTION_DT_S`.
#[derive(Clone, Debug)]
pub struct GroundMotion {
    pub start_s: f64,
    /// East, north, up; m/s².
    pub accel_mps2: Vec<[f64; 3]>,
    /// The peak of the horizontal acceleration (vector), m/s².
    pub pga_mps2: f64,
    /// The peak of the horizontal ground velocity (vector), m/s.
    pub pgv_mps: f64,
    /// When the strong (S-wave) phase starts and ends.
    pub strong_from_s: f64,
    pub strong_until_s: f64,
}

impl GroundMotion {
    /// The main shock of `q`, scaled to a PGA drawn from its intensity's range.
    pub fn main_shock(q: &Earthquake, rng: &mut impl Rng) -> GroundMotion {
        generate(
            q.intensity,
            q.start_s,
            s_arrival_s(q),
            q.strong_shaking_s,
            rng,
        )
    }

    /// Shaking of `intensity` for `strong_s` from `at_s` (an aftershock: P and S together, it is
    /// close by).
    pub fn shock(intensity: Intensity, at_s: f64, strong_s: f64, rng: &mut impl Rng) -> Self {
        generate(intensity, at_s, at_s, strong_s, rng)
    }

    /// When the history ends.
    pub fn end_s(&self) -> f64 {
        self.start_s + self.accel_mps2.len() as f64 * GROUND_MOTION_DT_S
    }

    /// Acceleration at time `t_s` (zero outside the history), linearly interpolated.
    pub fn at(&self, t_s: f64) -> [f64; 3] {
        let f = (t_s - self.start_s) / GROUND_MOTION_DT_S;
        if f < 0.0 || f >= (self.accel_mps2.len() - 1) as f64 {
            return [0.0; 3];
        }
        let i = f as usize;
        let w = f - i as f64;
        let (a, b) = (self.accel_mps2[i], self.accel_mps2[i + 1]);
        [0, 1, 2].map(|k| a[k] + (b[k] - a[k]) * w)
    }
}

/// The envelope at time `t` after the P arrival.
fn envelope(t: f64, s_from: f64, strong_s: f64) -> f64 {
    if t < 0.0 {
        0.0
    } else if t < s_from {
        P_LEVEL * (t / s_from.max(1e-9)).min(1.0).sqrt()
    } else if t < s_from + RISE_S {
        let r = (t - s_from) / RISE_S;
        P_LEVEL + (1.0 - P_LEVEL) * r * r
    } else if t < s_from + strong_s.max(RISE_S) {
        1.0
    } else {
        libm::exp(-DECAY_PER_S * (t - s_from - strong_s.max(RISE_S)))
    }
}

/// One component of Clough–Penzien-filtered white noise (semi-implicit Euler, stable at
/// ω·dt ≈ 0.16).
fn filtered_noise(n: usize, rng: &mut impl Rng) -> Vec<f64> {
    let dt = GROUND_MOTION_DT_S;
    let (mut x, mut xv, mut y, mut yv) = (0.0, 0.0, 0.0, 0.0);
    let scale = 1.0 / dt.sqrt();
    (0..n)
        .map(|_| {
            let w = standard_normal(rng) * scale;
            // Kanai–Tajimi: relative motion of the soil column, absolute acceleration out.
            let xa = -w - 2.0 * ZETA_G * OMEGA_G * xv - OMEGA_G * OMEGA_G * x;
            xv += xa * dt;
            x += xv * dt;
            let kt = -(2.0 * ZETA_G * OMEGA_G * xv + OMEGA_G * OMEGA_G * x);
            // High-pass: the relative acceleration of a soft oscillator driven by it.
            let ya = kt - 2.0 * ZETA_F * OMEGA_F * yv - OMEGA_F * OMEGA_F * y;
            yv += ya * dt;
            y += yv * dt;
            ya
        })
        .collect()
}

fn generate(
    intensity: Intensity,
    p_at_s: f64,
    s_at_s: f64,
    strong_s: f64,
    rng: &mut impl Rng,
) -> GroundMotion {
    let dt = GROUND_MOTION_DT_S;
    let s_from = (s_at_s - p_at_s).max(0.0);
    let strong = strong_s.max(RISE_S);
    // Until the decay is below 1 % of the strong phase.
    let length_s = s_from + strong + libm::log(100.0) / DECAY_PER_S;
    let n = (length_s / dt).ceil() as usize + 1;
    let comps: Vec<Vec<f64>> = (0..3).map(|_| filtered_noise(n, rng)).collect();
    let mut accel: Vec<[f64; 3]> = (0..n)
        .map(|i| {
            let e = envelope(i as f64 * dt, s_from, strong);
            [comps[0][i] * e, comps[1][i] * e, comps[2][i] * e]
        })
        .collect();
    let (lo, _, hi) = pga_range_mps2(intensity);
    let target = libm::exp(libm::log(lo) + rng.random::<f64>() * (libm::log(hi) - libm::log(lo)));
    let peak_h = accel
        .iter()
        .map(|a| libm::hypot(a[0], a[1]))
        .fold(0.0, f64::max)
        .max(1e-12);
    let peak_v = accel
        .iter()
        .map(|a| a[2].abs())
        .fold(0.0, f64::max)
        .max(1e-12);
    let (kh, kv) = (target / peak_h, 2.0 / 3.0 * target / peak_v);
    for a in &mut accel {
        *a = [a[0] * kh, a[1] * kh, a[2] * kv];
    }
    // Velocity by the trapezoidal rule, less its linear trend (baseline correction).
    let mut v = vec![[0.0f64; 2]; n];
    for i in 1..n {
        for k in 0..2 {
            v[i][k] = v[i - 1][k] + 0.5 * (accel[i - 1][k] + accel[i][k]) * dt;
        }
    }
    let drift = [v[n - 1][0] / (n - 1) as f64, v[n - 1][1] / (n - 1) as f64];
    let pgv = v
        .iter()
        .enumerate()
        .map(|(i, vi)| libm::hypot(vi[0] - drift[0] * i as f64, vi[1] - drift[1] * i as f64))
        .fold(0.0, f64::max);
    GroundMotion {
        start_s: p_at_s,
        accel_mps2: accel,
        pga_mps2: target,
        pgv_mps: pgv,
        strong_from_s: s_at_s,
        strong_until_s: s_at_s + strong,
    }
}
