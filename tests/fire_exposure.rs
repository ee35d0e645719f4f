//! The radiant-exposure kernel against exact published values and hand arithmetic: the
//! Stefan–Boltzmann flame of Butler & Cohen (1998), the parallel-rectangle view factor (Howell's
//! corner case; BR 187 eq. A3), the 4-flame-heights check, and the Eisenberg (1975) and TNO Green
//! Book (1992) probits. Each test is named after what it proves; `cargo test -- --nocapture`
//! prints the measured numbers.

use crate::fire_kernel::check;
use drillhall::hazards::fire::exposure::{
    BUTLER_COHEN_FLAME_EMISSIVITY, BUTLER_COHEN_FLAME_TEMPERATURE_K,
    BUTLER_COHEN_INJURY_THRESHOLD_KW_PER_M2, BurnHarm, EISENBERG_FATALITY, MAX_LENGTH_M,
    STEFAN_BOLTZMANN_W_PER_M2_K4, TNO_FATALITY, TNO_FIRST_DEGREE, TNO_SECOND_DEGREE,
    accumulate_dose, blackbody_emissive_power_kw_per_m2, dose_increment, fatality_probability,
    fatality_probit, first_degree_probability, first_degree_probit, flux_kw_per_m2, harm,
    probability, second_degree_probability, second_degree_probit, view_factor, view_factor_corner,
};
use proptest::prelude::*;
use std::f64::consts::PI;

/// Butler & Cohen's flame: black body at 1200 K.
fn butler_cohen_e() -> f64 {
    blackbody_emissive_power_kw_per_m2(
        BUTLER_COHEN_FLAME_TEMPERATURE_K,
        BUTLER_COHEN_FLAME_EMISSIVITY,
    )
}

/// The flux of the 4H check: H = 10 m, target at 1.5 m, T = 1200 K.
fn flux_h10(distance_m: f64, width_m: f64) -> f64 {
    flux_kw_per_m2(distance_m, 10.0, width_m, 1.5, butler_cohen_e())
}

#[test]
fn blackbody_at_1200_k_is_117_58_kw_per_m2() {
    // σ T⁴ = 5.670374419e-8 × 1200⁴ = 5.670374419e-8 × 2.0736e12
    //      = 5.670374419 × 2.0736 × 10⁴ = 11.7580883952384 × 10⁴ W/m² = 117.580883952384 kW/m²,
    // which Butler & Cohen round to 117.6 kW/m². (117 573.9 W/m², a figure in circulation, is an
    // arithmetic slip: 5.670374419 × 2.0736 = 11.758088…, not 11.75739.)
    let e = butler_cohen_e();
    check("E(1200 K, ε = 1) kW/m²", e, 117.580883952384, 1e-14);
    assert_eq!((e * 10.0).round() / 10.0, 117.6);
    check(
        "σ·1200⁴ in W/m² from the constant",
        STEFAN_BOLTZMANN_W_PER_M2_K4 * 1200.0 * 1200.0 * 1200.0 * 1200.0,
        117_580.883952384,
        1e-14,
    );
    // Grey body: E scales with ε.
    check(
        "E(1200 K, ε = 0.5)",
        blackbody_emissive_power_kw_per_m2(1200.0, 0.5),
        0.5 * 117.580883952384,
        1e-14,
    );
}

#[test]
fn view_factor_corner_for_a_equals_b_equals_1_is_0_1385316() {
    // A = B = 1: A/√(1+A²) = 1/√2 = 0.70710678; atan(B/√(1+A²)) = atan(0.70710678) = 0.61547971 rad.
    // Each of the two equal terms = 0.70710678 × 0.61547971 = 0.43520303;
    // F = (0.43520303 + 0.43520303) / (2π) = 0.87040605 / 6.28318531 = 0.13853161.
    let by_hand =
        2.0 * std::f64::consts::FRAC_1_SQRT_2 * libm::atan(std::f64::consts::FRAC_1_SQRT_2)
            / (2.0 * PI);
    let f = view_factor_corner(1.0, 1.0);
    check("F_corner(1, 1) against the formula", f, by_hand, 1e-15);
    check(
        "F_corner(1, 1) against the hand digits",
        f,
        0.138531606,
        1e-8,
    );
    // The same square through the full function: an element at the ground (h = 0), 1 m from a
    // panel 1 m high and 2 m wide, centred, sees two 1 m × 1 m corner rectangles.
    check(
        "view_factor(1 m, 1 m, 2 m, 0 m) = 2 corners",
        view_factor(1.0, 1.0, 2.0, 0.0),
        2.0 * by_hand,
        1e-15,
    );
}

#[test]
fn view_factor_corner_is_symmetric_and_zero_for_a_degenerate_rectangle() {
    check(
        "F(0.3, 2.0) = F(2.0, 0.3)",
        view_factor_corner(0.3, 2.0),
        view_factor_corner(2.0, 0.3),
        1e-15,
    );
    assert_eq!(view_factor_corner(0.0, 5.0), 0.0);
    assert_eq!(view_factor_corner(5.0, 0.0), 0.0);
}

#[test]
fn infinite_plane_limit_is_one_and_a_quarter_plane_is_one_quarter() {
    // A, B → ∞: each corner term → 1 · π/4, F_corner → (π/4 + π/4)/(2π) = 1/4.
    assert_eq!(view_factor_corner(f64::INFINITY, f64::INFINITY), 0.25);
    check(
        "F_corner(1e8, 1e8)",
        view_factor_corner(1e8, 1e8),
        0.25,
        1e-8,
    );
    // A differential element facing an infinite plane: four quarter planes, F = 1.
    check(
        "F of a 1e6 m square panel at 1 mm, element at its centre",
        view_factor(1e-3, 1e6, 1e6, 5e5),
        1.0,
        1e-8,
    );
    check(
        "F of an endless front and flame, element at its centre",
        view_factor(1.0, f64::INFINITY, f64::INFINITY, 0.5 * MAX_LENGTH_M),
        1.0,
        1e-8,
    );
    // A person in the burning cell (d ≤ 0) gets the F = 1 limit: the full emissive power.
    assert_eq!(view_factor(0.0, 10.0, 30.0, 1.5), 1.0);
    assert_eq!(view_factor(-5.0, 10.0, 30.0, 1.5), 1.0);
    assert_eq!(flux_h10(0.0, 30.0), butler_cohen_e());
    // A wall of infinite width: the corner term tends to A/(4√(1+A²)) (atan → π/2, second term
    // → 0); at A = 1 that is 1/(4√2).
    check(
        "F_corner(1, ∞)",
        view_factor_corner(1.0, f64::INFINITY),
        1.0 / (4.0 * std::f64::consts::SQRT_2),
        1e-15,
    );
}

#[test]
fn centred_target_matches_br187_equation_a3() {
    // BR 187 (BRE, 2nd ed. 2014) eq. A3, receiver opposite the centre of a W × H panel at
    // separation S: φ = (2/π)[X/√(1+X²) atan(Y/√(1+X²)) + Y/√(1+Y²) atan(X/√(1+Y²))],
    // X = W/(2S), Y = H/(2S). openfire's BR 187 crate tests X = 0.2, Y = 0.1 →
    // 0.024647431293237942 (W = 3 m, H = 1.5 m, S = 7.5 m, receiver at H/2 = 0.75 m).
    let f = view_factor(7.5, 1.5, 3.0, 0.75);
    check(
        "BR 187 A3, X = 0.2, Y = 0.1",
        f,
        0.024647431293237942,
        1e-13,
    );
    for &(s, h, w) in &[(2.0, 10.0, 30.0), (40.0, 10.0, 1000.0), (0.5, 3.0, 3.0)] {
        let x = w / (2.0 * s);
        let y = h / (2.0 * s);
        let sx = libm::sqrt(1.0 + x * x);
        let sy = libm::sqrt(1.0 + y * y);
        let a3 = 2.0 / PI * (x / sx * libm::atan(y / sx) + y / sy * libm::atan(x / sy));
        check(
            &format!("BR 187 A3 at S = {s}, H = {h}, W = {w}"),
            view_factor(s, h, w, 0.5 * h),
            a3,
            1e-13,
        );
    }
}

#[test]
fn flux_falls_monotonically_with_distance() {
    let e = butler_cohen_e();
    for &(height, width, target) in &[(10.0, 30.0, 1.5), (10.0, 1000.0, 1.5), (2.0, 30.0, 1.0)] {
        let mut last = flux_kw_per_m2(0.0, height, width, target, e);
        assert_eq!(last, e);
        let mut d = 0.01;
        while d < 2000.0 {
            let q = flux_kw_per_m2(d, height, width, target, e);
            assert!(
                q < last && q > 0.0,
                "H {height} W {width} h {target}: q({d}) = {q} not below {last}"
            );
            last = q;
            d *= 1.1;
        }
    }
}

#[test]
fn butler_cohen_four_flame_heights_gives_14_4_not_7_kw_per_m2_on_a_long_front() {
    // H = 10 m, W = 1000 m, target 1.5 m, d = 4H = 40 m, E = 117.58 kW/m².
    // Above the target a = 8.5 m (A = 0.2125), below a = 1.5 m (A = 0.0375), half-width 500 m
    // (B = 12.5). In the infinite-width limit each corner is A/(4√(1+A²)), so
    // F∞ = ½ (0.2125/√1.04515625 + 0.0375/√1.00140625) = ½ (0.2078552 + 0.0374737) = 0.1226645
    // and q∞ = 117.5809 × 0.1226645 = 14.4232 kW/m². The 1000 m front is 0.022 % below that.
    let q_1000 = flux_h10(40.0, 1000.0);
    let q_inf = flux_h10(40.0, f64::INFINITY);
    let s = |a: f64| a / libm::sqrt(1.0 + a * a);
    let f_inf_closed = 0.5 * (s(0.2125) + s(0.0375));
    check(
        "q∞ at 4H against the closed form",
        q_inf,
        butler_cohen_e() * f_inf_closed,
        1e-9,
    );
    check(
        "q at 4H, W = 1000 m (measured 14.420032)",
        q_1000,
        14.420032080,
        1e-9,
    );
    check(
        "q at 4H, W = ∞ (measured 14.423201)",
        q_inf,
        14.423201192,
        1e-9,
    );
    assert!(q_1000 < q_inf && (q_inf - q_1000) / q_inf < 5e-4);
    // The band, stated honestly: this single-panel view factor gives 2.06 × Butler & Cohen's
    // 7 kW/m² at 4H on a long front. Their 3-surface net-exchange model (not reproduced here)
    // reached 7; nothing is tuned to meet it. The band [2.0, 2.1] × 7 pins that factor.
    let ratio = q_1000 / BUTLER_COHEN_INJURY_THRESHOLD_KW_PER_M2;
    println!("q(4H) / 7 kW/m² = {ratio:.4}");
    assert!((2.0..=2.1).contains(&ratio), "ratio {ratio}");

    // One 30 m grid cell of front: 6.2802 kW/m² at 4H, just under 7.
    let q_cell = flux_h10(40.0, 30.0);
    check(
        "q at 4H, W = 30 m (measured 6.280237)",
        q_cell,
        6.280237239,
        1e-8,
    );
    assert!(q_cell < BUTLER_COHEN_INJURY_THRESHOLD_KW_PER_M2);

    // Where this model meets 7 kW/m²: bisection (flux is monotone in distance and width).
    let bisect = |f: &dyn Fn(f64) -> f64, mut lo: f64, mut hi: f64| {
        for _ in 0..200 {
            let mid = 0.5 * (lo + hi);
            if f(mid) > 0.0 { lo = mid } else { hi = mid }
        }
        0.5 * (lo + hi)
    };
    let d7 = bisect(&|d| flux_h10(d, f64::INFINITY) - 7.0, 1.0, 1000.0);
    println!("long front: 7 kW/m² at {d7:.3} m = {:.3} H", d7 / 10.0);
    check(
        "distance of 7 kW/m², long front (measured 83.618 m)",
        d7,
        83.618318,
        1e-6,
    );
    let w7 = bisect(&|w| 7.0 - flux_h10(40.0, w), 0.1, 1000.0);
    println!("at 4H, 7 kW/m² for a front {w7:.3} m wide");
    check(
        "width giving 7 kW/m² at 4H (measured 34.240 m)",
        w7,
        34.240037,
        1e-6,
    );
}

#[test]
fn eisenberg_probit_5_is_probability_one_half_at_the_50_percent_fatal_dose() {
    // Φ(0) = ½ (1 + erf 0) = ½ exactly.
    assert_eq!(probability(5.0), 0.5);
    // Y = 5 ⇔ −14.9 + 2.56 ln(D/10⁴) = 5 ⇔ D = 10⁴ exp(19.9/2.56) = 10⁴ exp(7.7734375)
    //   = 10⁴ × 2376.6269 = 2.3766269·10⁷ (W/m²)^{4/3}·s.
    let d50 = 1.0e4 * libm::exp((5.0 + 14.9) / 2.56);
    check("Eisenberg 50 % fatal dose", d50, 2.376_626_917_866e7, 1e-12);
    check("fatality probit at D50", fatality_probit(d50), 5.0, 1e-13);
    check(
        "fatality probability at D50",
        fatality_probability(d50),
        0.5,
        1e-13,
    );
    check(
        "inverse: dose at Y = 5",
        EISENBERG_FATALITY.dose_at_probit(5.0),
        d50,
        1e-14,
    );
    // One probit unit either side is one standard deviation: Φ(±1) = 0.841344746…, 0.158655254….
    check("Φ(1)", probability(6.0), 0.841_344_746_068_543, 1e-14);
    check("Φ(−1)", probability(4.0), 0.158_655_253_931_457, 1e-13);
}

#[test]
fn second_and_first_degree_50_percent_doses() {
    // Second degree: D = exp((5 + 43.14)/3.0188) = exp(15.946733…) = 8.4251665·10⁶.
    let d2 = libm::exp((5.0 + 43.14) / 3.0188);
    check("second-degree 50 % dose", d2, 8.425_166_541e6, 1e-9);
    check(
        "second-degree probit at D50",
        second_degree_probit(d2),
        5.0,
        1e-13,
    );
    check(
        "second-degree P at D50",
        second_degree_probability(d2),
        0.5,
        1e-13,
    );
    check("inverse", TNO_SECOND_DEGREE.dose_at_probit(5.0), d2, 1e-14);
    // First degree: D = exp((5 + 39.83)/3.0186) = exp(14.851255…) = 2.8172042·10⁶.
    let d1 = libm::exp((5.0 + 39.83) / 3.0186);
    check("first-degree 50 % dose", d1, 2.817_204_246e6, 1e-9);
    check(
        "first-degree probit at D50",
        first_degree_probit(d1),
        5.0,
        1e-13,
    );
    check(
        "first-degree P at D50",
        first_degree_probability(d1),
        0.5,
        1e-13,
    );
    check("inverse", TNO_FIRST_DEGREE.dose_at_probit(5.0), d1, 1e-14);
    // The 50 % doses are ordered first < second < fatal, so the classes nest.
    let df = EISENBERG_FATALITY.dose_at_probit(5.0);
    assert!(d1 < d2 && d2 < df, "{d1} {d2} {df}");
}

#[test]
fn tno_fatality_intercept_is_tsao_perry_in_eisenberg_form() {
    // −12.8 + 2.56 ln(D/10⁴) = −12.8 − 2.56 × 9.2103404 + 2.56 ln D = −36.3785 + 2.56 ln D,
    // which the Green Book rounds to −36.38.
    let intercept = -12.8 - 2.56 * libm::log(1.0e4);
    println!("Tsao & Perry intercept in TNO form: {intercept:.6}");
    assert!((intercept - TNO_FATALITY.intercept).abs() < 0.005);
    // 50 % TNO fatal dose exp(41.38/2.56) = 1.0470397·10⁷: between second-degree and Eisenberg.
    check(
        "TNO 50 % fatal dose",
        TNO_FATALITY.dose_at_probit(5.0),
        1.047_039_700e7,
        1e-8,
    );
}

#[test]
fn thirty_seconds_at_7_kw_per_m2_is_first_degree() {
    // D = 30 × 7000^{4/3}; ln D = (4/3) ln 7000 + ln 30 = (4/3)(8.8536654) + 3.4011974 = 15.2060846,
    // D = 4.0171555·10⁶.
    // first degree  Y = −39.83 + 3.0186 × 15.2060846 = 6.0711, P = Φ(1.071) = 0.858 → reached;
    // second degree Y = −43.14 + 3.0188 × 15.2060846 = 2.7641, P = Φ(−2.236) = 0.0127;
    // fatal (Eisenberg) Y = −14.9 + 2.56 × (15.2060846 − 9.2103404) = 0.4491, P = 2.7·10⁻⁶.
    let d = dose_increment(7.0, 30.0);
    check("dose 30 s at 7 kW/m²", d, 4.017_155_484e6, 1e-9);
    check(
        "first-degree probit",
        first_degree_probit(d),
        6.071_087_031,
        1e-9,
    );
    check(
        "first-degree P",
        first_degree_probability(d),
        0.857_934_851,
        1e-8,
    );
    check(
        "second-degree probit",
        second_degree_probit(d),
        2.764_128_248,
        1e-9,
    );
    check(
        "second-degree P",
        second_degree_probability(d),
        0.012_680_087,
        1e-6,
    );
    check("fatality probit", fatality_probit(d), 0.449_105_272, 1e-8);
    check("fatality P", fatality_probability(d), 2.670_914e-6, 1e-5);
    assert_eq!(harm(d), BurnHarm::FirstDegree);
    // Thirty 1 s ticks accumulate to the same dose.
    let mut ticks = 0.0;
    for _ in 0..30 {
        ticks = accumulate_dose(ticks, 7.0, 1.0);
    }
    check("30 ticks of 1 s", ticks, d, 1e-13);
}

#[test]
fn thirty_seconds_at_20_kw_per_m2_is_second_degree() {
    // D = 30 × 20000^{4/3}; ln D = (4/3)(9.9034876) + 3.4011974 = 16.6058475, D = 1.6286506·10⁷.
    // second degree Y = −43.14 + 3.0188 × 16.6058475 = 6.9897, P = Φ(1.990) = 0.977 → reached;
    // fatal (Eisenberg) Y = −14.9 + 2.56 × (16.6058475 − 9.2103404) = 4.0325, P = Φ(−0.9675) = 0.167
    // → not reached. (TNO's fatality probit would give Y = 6.131, P = 0.871: the two fatality
    // models disagree most here.)
    let d = dose_increment(20.0, 30.0);
    check("dose 30 s at 20 kW/m²", d, 1.628_650_570e7, 1e-9);
    check(
        "first-degree probit",
        first_degree_probit(d),
        10.296_411_118,
        1e-9,
    );
    check(
        "second-degree probit",
        second_degree_probit(d),
        6.989_732_287,
        1e-9,
    );
    check(
        "second-degree P",
        second_degree_probability(d),
        0.976_689_783,
        1e-8,
    );
    check("fatality probit", fatality_probit(d), 4.032_498_124, 1e-9);
    check("fatality P", fatality_probability(d), 0.166_646_602, 1e-7);
    check(
        "TNO fatality P",
        TNO_FATALITY.probability(d),
        0.870_966_031,
        1e-7,
    );
    assert_eq!(harm(d), BurnHarm::SecondDegree);
}

#[test]
fn harm_classes_are_ordered_and_never_decrease_with_dose() {
    assert!(BurnHarm::None < BurnHarm::FirstDegree);
    assert!(BurnHarm::FirstDegree < BurnHarm::SecondDegree);
    assert!(BurnHarm::SecondDegree < BurnHarm::Fatal);
    assert_eq!(harm(0.0), BurnHarm::None);
    // Each class begins exactly at its 50 % dose.
    let d1 = TNO_FIRST_DEGREE.dose_at_probit(5.0);
    let d2 = TNO_SECOND_DEGREE.dose_at_probit(5.0);
    let df = EISENBERG_FATALITY.dose_at_probit(5.0);
    assert_eq!(harm(d1 * (1.0 + 1e-12)), BurnHarm::FirstDegree);
    assert_eq!(harm(d1 * (1.0 - 1e-12)), BurnHarm::None);
    assert_eq!(harm(d2 * (1.0 + 1e-12)), BurnHarm::SecondDegree);
    assert_eq!(harm(d2 * (1.0 - 1e-12)), BurnHarm::FirstDegree);
    assert_eq!(harm(df * (1.0 + 1e-12)), BurnHarm::Fatal);
    assert_eq!(harm(df * (1.0 - 1e-12)), BurnHarm::SecondDegree);
    // A log sweep over ten decades.
    let mut last = BurnHarm::None;
    let mut dose = 1.0e2;
    while dose < 1.0e12 {
        let h = harm(dose);
        assert!(h >= last, "harm({dose}) = {h:?} after {last:?}");
        last = h;
        dose *= 1.01;
    }
    assert_eq!(last, BurnHarm::Fatal);
}

#[test]
fn bad_inputs_give_zero_or_the_documented_clamp() {
    let e = butler_cohen_e();
    for bad in [f64::NAN, -1.0, f64::NEG_INFINITY] {
        assert_eq!(blackbody_emissive_power_kw_per_m2(bad, 1.0), 0.0);
        assert_eq!(blackbody_emissive_power_kw_per_m2(1200.0, bad), 0.0);
        assert_eq!(flux_kw_per_m2(40.0, bad, 30.0, 1.5, e), 0.0);
        assert_eq!(flux_kw_per_m2(40.0, 10.0, bad, 1.5, e), 0.0);
        assert_eq!(flux_kw_per_m2(40.0, 10.0, 30.0, 1.5, bad), 0.0);
        assert_eq!(dose_increment(bad, 1.0), 0.0);
        assert_eq!(dose_increment(10.0, bad), 0.0);
        assert_eq!(harm(bad), BurnHarm::None);
        assert_eq!(fatality_probability(bad), 0.0);
    }
    // Target height: bad → at the ground.
    let at_ground = flux_kw_per_m2(40.0, 10.0, 30.0, 0.0, e);
    for bad in [f64::NAN, -1.0, f64::INFINITY, f64::NEG_INFINITY] {
        assert_eq!(flux_kw_per_m2(40.0, 10.0, 30.0, bad, e), at_ground);
    }
    // Distance: NaN or +∞ → nothing; −∞ counts as inside the burning cell.
    assert_eq!(flux_kw_per_m2(f64::NAN, 10.0, 30.0, 1.5, e), 0.0);
    assert_eq!(flux_kw_per_m2(f64::INFINITY, 10.0, 30.0, 1.5, e), 0.0);
    assert_eq!(flux_kw_per_m2(f64::NEG_INFINITY, 10.0, 30.0, 1.5, e), e);
    // No flame, no flux, even in the cell.
    assert_eq!(flux_kw_per_m2(0.0, 0.0, 30.0, 1.5, e), 0.0);
    // Emissivity above 1 is clamped to 1; an absurd temperature saturates, never ∞ or NaN.
    assert_eq!(blackbody_emissive_power_kw_per_m2(1200.0, 2.0), e);
    assert_eq!(blackbody_emissive_power_kw_per_m2(1e100, 1.0), f64::MAX);
    assert_eq!(accumulate_dose(f64::MAX, 1e300, 1e300), f64::MAX);
    assert_eq!(probability(f64::INFINITY), 1.0);
    assert_eq!(probability(f64::NEG_INFINITY), 0.0);
    assert_eq!(probability(f64::NAN), 0.0);
    assert_eq!(fatality_probit(0.0), f64::NEG_INFINITY);
}

proptest! {
    #[test]
    fn every_function_is_total(
        a in prop::num::f64::ANY,
        b in prop::num::f64::ANY,
        c in prop::num::f64::ANY,
        d in prop::num::f64::ANY,
        e in prop::num::f64::ANY,
    ) {
        let emissive = blackbody_emissive_power_kw_per_m2(a, b);
        prop_assert!(emissive.is_finite() && emissive >= 0.0);
        let corner = view_factor_corner(a, b);
        prop_assert!((0.0..=0.25).contains(&corner));
        let f = view_factor(a, b, c, d);
        prop_assert!((0.0..=1.0).contains(&f));
        let q = flux_kw_per_m2(a, b, c, d, e);
        prop_assert!(q.is_finite() && q >= 0.0);
        let dose = accumulate_dose(a, b, c);
        prop_assert!(dose.is_finite() && dose >= 0.0);
        for y in [fatality_probit(a), second_degree_probit(a), first_degree_probit(a)] {
            prop_assert!(!y.is_nan());
        }
        for p in [
            probability(a),
            fatality_probability(a),
            second_degree_probability(a),
            first_degree_probability(a),
        ] {
            prop_assert!((0.0..=1.0).contains(&p));
        }
        let inverse = EISENBERG_FATALITY.dose_at_probit(a);
        prop_assert!(inverse.is_finite() && inverse >= 0.0);
        let _ = harm(a);
    }

    #[test]
    fn flux_never_rises_with_distance_for_a_target_within_the_flame(
        near in 0.0f64..500.0,
        step in 0.0f64..500.0,
        height in 0.1f64..60.0,
        width in 0.1f64..5000.0,
        fraction in 0.0f64..=1.0,
    ) {
        let e = blackbody_emissive_power_kw_per_m2(1200.0, 1.0);
        let target = fraction * height;
        let q_near = flux_kw_per_m2(near, height, width, target, e);
        let q_far = flux_kw_per_m2(near + step, height, width, target, e);
        prop_assert!(q_far <= q_near, "q({}) = {} > q({}) = {}", near + step, q_far, near, q_near);
    }

    #[test]
    fn more_dose_never_gives_a_lesser_harm(x in 0.0f64..1e12, y in 0.0f64..1e12) {
        let (lo, hi) = if x <= y { (x, y) } else { (y, x) };
        prop_assert!(harm(lo) <= harm(hi));
    }
}
