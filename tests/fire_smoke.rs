//! The smoke kernel against its published formulas and constants: Briggs's (1973) class-D
//! open-country σy and σz, the ground-level Gaussian plume (Turner 1994), Byram's (1959) fuel
//! consumption with behave's 8000 Btu/lb, Andreae & Merlet's (2001) PM2.5 emission factor,
//! Mulholland & Croarkin's (2000) 8.7 m²/g and Jin's (1978) V = 3/K and 8/K. Formula values are
//! checked to 1e-9 relative; each test is named after what it proves.

use crate::fire_kernel::check;
use drillhall::hazards::fire::smoke::{
    HEAT_OF_COMBUSTION_KJ_PER_KG, MIN_WIND_MPS, PM25_EMISSION_FACTOR_EXTRATROPICAL_FOREST_G_PER_KG,
    SPECIFIC_EXTINCTION_M2_PER_G, Source, concentration_at_g_per_m3, concentration_g_per_m3,
    emission_rate_g_per_s, extinction_per_m, fuel_consumption_kg_per_s, sigma_y_m, sigma_z_m,
    visibility_m,
};
use proptest::prelude::*;
use std::f64::consts::PI;

const REL_TOL: f64 = 1e-9;

/// One source of 1 g/s at the origin.
const UNIT_SOURCE: Source = Source {
    x_m: 0.0,
    y_m: 0.0,
    rate_g_per_s: 1.0,
};

#[test]
fn briggs_class_d_sigma_y_at_100_m_is_8_over_sqrt_1_01() {
    // σy(100) = 0.08·100·(1 + 0.0001·100)^−½ = 8/√1.01 = 7.960297521679914
    check("σy(100 m)", sigma_y_m(100.0), 8.0 / 1.01f64.sqrt(), REL_TOL);
    check(
        "σy(100 m) digits",
        sigma_y_m(100.0),
        7.960_297_521_679_914,
        REL_TOL,
    );
}

#[test]
fn briggs_class_d_sigma_y_at_1000_m_is_80_over_sqrt_1_1() {
    // σy(1000) = 0.08·1000·(1 + 0.0001·1000)^−½ = 80/√1.1 = 76.27700713964738
    check(
        "σy(1000 m)",
        sigma_y_m(1000.0),
        80.0 / 1.1f64.sqrt(),
        REL_TOL,
    );
    check(
        "σy(1000 m) digits",
        sigma_y_m(1000.0),
        76.277_007_139_647_38,
        REL_TOL,
    );
}

#[test]
fn briggs_class_d_sigma_z_at_100_m_is_6_over_sqrt_1_15() {
    // σz(100) = 0.06·100·(1 + 0.0015·100)^−½ = 6/√1.15 = 5.595028849441882
    check("σz(100 m)", sigma_z_m(100.0), 6.0 / 1.15f64.sqrt(), REL_TOL);
    check(
        "σz(100 m) digits",
        sigma_z_m(100.0),
        5.595_028_849_441_882,
        REL_TOL,
    );
}

#[test]
fn briggs_class_d_sigma_z_at_1000_m_is_60_over_sqrt_2_5() {
    // σz(1000) = 0.06·1000·(1 + 0.0015·1000)^−½ = 60/√2.5 = 37.94733192202055
    check(
        "σz(1000 m)",
        sigma_z_m(1000.0),
        60.0 / 2.5f64.sqrt(),
        REL_TOL,
    );
    check(
        "σz(1000 m) digits",
        sigma_z_m(1000.0),
        37.947_331_922_020_55,
        REL_TOL,
    );
}

#[test]
fn sigmas_are_zero_at_and_upwind_of_the_source() {
    for x in [0.0, -1.0, -1000.0] {
        assert_eq!(sigma_y_m(x), 0.0, "σy({x})");
        assert_eq!(sigma_z_m(x), 0.0, "σz({x})");
    }
}

#[test]
fn centreline_ground_concentration_for_1_g_per_s_at_5_m_per_s_and_1000_m() {
    // C = Q/(π·u·σy·σz), σy·σz = (80/√1.1)(60/√2.5) = 4800/√2.75, so
    // C = √2.75/(5·4800·π) = √2.75/(24000π) = 2.1994051240257625e-5 g/m³ (22 µg/m³).
    let c = concentration_g_per_m3(1.0, 5.0, 1000.0, 0.0);
    check("C(1000 m, 0)", c, 2.75f64.sqrt() / (24_000.0 * PI), REL_TOL);
    check(
        "C(1000 m, 0) digits",
        c,
        2.199_405_124_025_762_5e-5,
        REL_TOL,
    );
}

#[test]
fn crosswind_profile_falls_to_exp_minus_half_at_one_sigma_y() {
    // exp(−σy²/(2σy²)) = exp(−1/2) = 0.6065306597126334, on either side.
    let centre = concentration_g_per_m3(1.0, 5.0, 1000.0, 0.0);
    let sy = sigma_y_m(1000.0);
    for y in [sy, -sy] {
        let ratio = concentration_g_per_m3(1.0, 5.0, 1000.0, y) / centre;
        check("C(σy)/C(0)", ratio, libm::exp(-0.5), REL_TOL);
        check("C(σy)/C(0) digits", ratio, 0.606_530_659_712_633_4, REL_TOL);
    }
    // At 2σy: exp(−2).
    let ratio = concentration_g_per_m3(1.0, 5.0, 1000.0, 2.0 * sy) / centre;
    check("C(2σy)/C(0)", ratio, libm::exp(-2.0), REL_TOL);
}

#[test]
fn concentration_is_zero_at_and_upwind_of_the_source() {
    for x in [0.0, -0.001, -1.0, -500.0, -1.0e6] {
        assert_eq!(concentration_g_per_m3(1.0, 5.0, x, 0.0), 0.0, "x = {x}");
    }
}

#[test]
fn concentration_scales_with_inverse_wind_speed() {
    let c2 = concentration_g_per_m3(1.0, 2.0, 1000.0, 10.0);
    let c8 = concentration_g_per_m3(1.0, 8.0, 1000.0, 10.0);
    check("C(u=2)/C(u=8)", c2 / c8, 4.0, REL_TOL);
}

#[test]
fn concentration_scales_linearly_with_emission_rate() {
    let c1 = concentration_g_per_m3(1.0, 5.0, 700.0, -20.0);
    let c7 = concentration_g_per_m3(7.0, 5.0, 700.0, -20.0);
    check("C(Q=7)/C(Q=1)", c7 / c1, 7.0, REL_TOL);
    assert_eq!(concentration_g_per_m3(0.0, 5.0, 700.0, 0.0), 0.0);
}

#[test]
fn wind_below_1_m_per_s_counts_as_1_m_per_s() {
    let floor = concentration_g_per_m3(1.0, MIN_WIND_MPS, 1000.0, 0.0);
    // C = 5 × the 5 m/s value = √2.75/(4800π).
    check("C(u=1)", floor, 2.75f64.sqrt() / (4_800.0 * PI), REL_TOL);
    for u in [0.0, 0.2, 0.999, -3.0, f64::NAN, f64::NEG_INFINITY] {
        assert_eq!(
            concentration_g_per_m3(1.0, u, 1000.0, 0.0),
            floor,
            "u = {u}"
        );
    }
}

#[test]
fn extinction_is_8_7_m2_per_g_times_mass_concentration() {
    assert_eq!(SPECIFIC_EXTINCTION_M2_PER_G, 8.7);
    // A westerly (from 270°) carries the unit source's smoke east: (1000, 0) is on the axis.
    let c = concentration_g_per_m3(1.0, 5.0, 1000.0, 0.0);
    let k = extinction_per_m(&[UNIT_SOURCE], 5.0, 270.0, (1000.0, 0.0));
    check("K / C", k / c, 8.7, REL_TOL);
    check(
        "K digits",
        k,
        8.7 * 2.199_405_124_025_762_5e-5, // 1.913482457902413e-4 1/m
        REL_TOL,
    );
}

#[test]
fn visibility_is_3_over_k_for_reflecting_and_8_over_k_for_light_emitting_signs() {
    check("V(K=1, reflecting)", visibility_m(1.0, false), 3.0, REL_TOL);
    check(
        "V(K=1, light-emitting)",
        visibility_m(1.0, true),
        8.0,
        REL_TOL,
    );
    check(
        "V(K=0.5, reflecting)",
        visibility_m(0.5, false),
        6.0,
        REL_TOL,
    );
    check(
        "V(K=0.5, light-emitting)",
        visibility_m(0.5, true),
        16.0,
        REL_TOL,
    );
    check(
        "V(K=0.1, reflecting)",
        visibility_m(0.1, false),
        30.0,
        REL_TOL,
    );
}

#[test]
fn visibility_without_smoke_is_unlimited_and_in_infinite_smoke_is_zero() {
    for k in [0.0, -1.0, f64::NAN, f64::NEG_INFINITY] {
        assert_eq!(visibility_m(k, false), f64::INFINITY, "K = {k}");
        assert_eq!(visibility_m(k, true), f64::INFINITY, "K = {k}");
    }
    assert_eq!(visibility_m(f64::INFINITY, false), 0.0);
    assert_eq!(visibility_m(f64::INFINITY, true), 0.0);
}

#[test]
fn heat_of_combustion_is_behaves_8000_btu_per_lb() {
    // 1 Btu(IT)/lb = 2.326 kJ/kg exactly: 8000 × 2.326 = 18 608 kJ/kg.
    check("H", HEAT_OF_COMBUSTION_KJ_PER_KG, 8000.0 * 2.326, REL_TOL);
}

#[test]
fn fuel_consumption_is_intensity_times_front_length_over_heat_of_combustion() {
    // I·L/H: 18 608 kW/m over 1 m burns 1 kg/s; 1000 kW/m over 30 m burns
    // 30 000/18 608 = 1.6122098022355975 kg/s.
    check(
        "m(18608, 1)",
        fuel_consumption_kg_per_s(18_608.0, 1.0),
        1.0,
        REL_TOL,
    );
    check(
        "m(1000, 30)",
        fuel_consumption_kg_per_s(1000.0, 30.0),
        1.612_209_802_235_597_5,
        REL_TOL,
    );
}

#[test]
fn emission_rate_is_emission_factor_times_fuel_consumption() {
    assert_eq!(PM25_EMISSION_FACTOR_EXTRATROPICAL_FOREST_G_PER_KG, 13.0);
    check(
        "Q(1 kg/s, 13 g/kg)",
        emission_rate_g_per_s(1.0, PM25_EMISSION_FACTOR_EXTRATROPICAL_FOREST_G_PER_KG),
        13.0,
        REL_TOL,
    );
    check(
        "Q(2.5 kg/s, 16 g/kg)",
        emission_rate_g_per_s(2.5, 16.0),
        40.0,
        REL_TOL,
    );
}

#[test]
fn one_burning_cell_to_visibility_1000_m_downwind_matches_the_hand_chain() {
    // 1000 kW/m over a 30 m front: m = 30 000/18 608 kg/s; Q = 13·m = 20.95872742906277 g/s;
    // at 1000 m on the axis, u = 5 m/s: C = Q·√2.75/(24000π) = 4.609673250053995e-4 g/m³;
    // K = 8.7·C = 4.010415727546976e-3 1/m; V = 3/K = 748.0521232233922 m (reflecting),
    // 8/K = 1994.8056619290458 m (light-emitting).
    let q = emission_rate_g_per_s(
        fuel_consumption_kg_per_s(1000.0, 30.0),
        PM25_EMISSION_FACTOR_EXTRATROPICAL_FOREST_G_PER_KG,
    );
    check("Q", q, 20.958_727_429_062_77, REL_TOL);
    let cell = Source {
        x_m: 250.0,
        y_m: -40.0,
        rate_g_per_s: q,
    };
    // Wind from the south (180°): the smoke goes north.
    let at = (250.0, 960.0);
    let c = concentration_at_g_per_m3(&[cell], 5.0, 180.0, at);
    check("C", c, 4.609_673_250_053_995e-4, REL_TOL);
    let k = extinction_per_m(&[cell], 5.0, 180.0, at);
    check("K", k, 4.010_415_727_546_976e-3, REL_TOL);
    check(
        "V reflecting",
        visibility_m(k, false),
        748.052_123_223_392_2,
        REL_TOL,
    );
    check(
        "V light-emitting",
        visibility_m(k, true),
        1_994.805_661_929_045_8,
        REL_TOL,
    );
}

#[test]
fn westerly_wind_carries_smoke_east_not_west_or_north() {
    // Wind FROM 270° blows toward 90° (east).
    let east = extinction_per_m(&[UNIT_SOURCE], 5.0, 270.0, (500.0, 0.0));
    let west = extinction_per_m(&[UNIT_SOURCE], 5.0, 270.0, (-500.0, 0.0));
    let north = extinction_per_m(&[UNIT_SOURCE], 5.0, 270.0, (0.0, 500.0));
    // East, on the axis at 500 m: K = 8.7/(π·5·σy(500)·σz(500)),
    // σy(500) = 40/√1.05, σz(500) = 30/√1.75.
    let sy = 40.0 / 1.05f64.sqrt();
    let sz = 30.0 / 1.75f64.sqrt();
    check("K 500 m east", east, 8.7 / (PI * 5.0 * sy * sz), 1e-9);
    assert_eq!(west, 0.0, "500 m west (upwind)");
    assert_eq!(north, 0.0, "500 m north (crosswind)");
}

#[test]
fn wind_direction_is_where_it_blows_from_clockwise_from_north() {
    // (wind from, point 500 m downwind of the source at the origin)
    let cases = [
        (0.0, (0.0, -500.0)),                                 // northerly → south
        (90.0, (-500.0, 0.0)),                                // easterly → west
        (180.0, (0.0, 500.0)),                                // southerly → north
        (270.0, (500.0, 0.0)),                                // westerly → east
        (-90.0, (500.0, 0.0)),                                // −90° is 270°
        (630.0, (500.0, 0.0)),                                // 630° is 270°
        (45.0, (-500.0 / 2f64.sqrt(), -500.0 / 2f64.sqrt())), // north-easterly → south-west
    ];
    let axis = concentration_g_per_m3(1.0, 5.0, 500.0, 0.0);
    for (from, at) in cases {
        let c = concentration_at_g_per_m3(&[UNIT_SOURCE], 5.0, from, at);
        check(&format!("from {from}° at {at:?}"), c, axis, 1e-9);
        let upwind = concentration_at_g_per_m3(&[UNIT_SOURCE], 5.0, from, (-at.0, -at.1));
        assert_eq!(upwind, 0.0, "from {from}°: upwind point");
    }
}

#[test]
fn sources_add_up() {
    let a = Source {
        x_m: 0.0,
        y_m: 0.0,
        rate_g_per_s: 2.0,
    };
    let b = Source {
        x_m: 0.0,
        y_m: 30.0,
        rate_g_per_s: 3.0,
    };
    let at = (800.0, 10.0);
    let both = concentration_at_g_per_m3(&[a, b], 4.0, 270.0, at);
    let sum = concentration_at_g_per_m3(&[a], 4.0, 270.0, at)
        + concentration_at_g_per_m3(&[b], 4.0, 270.0, at);
    check("C(a+b)", both, sum, 1e-12);
    // Crosswind offsets: a is 10 m, b is 20 m off the point's line.
    let expected = concentration_g_per_m3(2.0, 4.0, 800.0, 10.0)
        + concentration_g_per_m3(3.0, 4.0, 800.0, 20.0);
    check("C(a+b) by hand", both, expected, 1e-9);
    assert_eq!(concentration_at_g_per_m3(&[], 4.0, 270.0, at), 0.0);
}

#[test]
fn bad_inputs_give_zero_smoke_not_nan() {
    let bad = [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -1.0];
    for v in bad {
        assert_eq!(sigma_y_m(v), 0.0, "σy({v})");
        assert_eq!(sigma_z_m(v), 0.0, "σz({v})");
        assert_eq!(concentration_g_per_m3(v, 5.0, 1000.0, 0.0), 0.0, "Q = {v}");
        assert_eq!(concentration_g_per_m3(1.0, 5.0, v, 0.0), 0.0, "x = {v}");
        assert_eq!(fuel_consumption_kg_per_s(v, 30.0), 0.0, "I = {v}");
        assert_eq!(fuel_consumption_kg_per_s(1000.0, v), 0.0, "L = {v}");
        assert_eq!(emission_rate_g_per_s(v, 13.0), 0.0, "m = {v}");
        assert_eq!(emission_rate_g_per_s(1.0, v), 0.0, "EF = {v}");
        let source = Source {
            x_m: 0.0,
            y_m: 0.0,
            rate_g_per_s: v,
        };
        assert_eq!(extinction_per_m(&[source], 5.0, 270.0, (500.0, 0.0)), 0.0);
    }
    for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        assert_eq!(concentration_g_per_m3(1.0, 5.0, 1000.0, v), 0.0, "y = {v}");
        assert_eq!(extinction_per_m(&[UNIT_SOURCE], 5.0, v, (500.0, 0.0)), 0.0);
        assert_eq!(extinction_per_m(&[UNIT_SOURCE], 5.0, 270.0, (v, 0.0)), 0.0);
        assert_eq!(
            extinction_per_m(&[UNIT_SOURCE], 5.0, 270.0, (500.0, v)),
            0.0
        );
        let source = Source {
            x_m: v,
            y_m: 0.0,
            rate_g_per_s: 1.0,
        };
        assert_eq!(extinction_per_m(&[source], 5.0, 270.0, (500.0, 0.0)), 0.0);
    }
    // An infinite wind dilutes to nothing.
    assert_eq!(concentration_g_per_m3(1.0, f64::INFINITY, 1000.0, 0.0), 0.0);
    // Right at the source the 1 m floor keeps the value finite.
    let near = concentration_g_per_m3(1.0, 5.0, 1.0e-300, 0.0);
    assert_eq!(near, concentration_g_per_m3(1.0, 5.0, 1.0, 0.0));
    assert!(near.is_finite());
    // A huge source far off the axis: overflowing peak times exp(−∞) is 0, not NaN.
    assert_eq!(concentration_g_per_m3(f64::MAX, 1.0, 1.0, 1.0e10), 0.0);
}

proptest! {
    #[test]
    fn every_function_is_total_never_nan_never_negative(
        a in any::<f64>(),
        b in any::<f64>(),
        c in any::<f64>(),
        d in any::<f64>(),
        e in any::<f64>(),
        f in any::<f64>(),
        light in any::<bool>(),
    ) {
        let ok = |v: f64| !v.is_nan() && v >= 0.0;
        let finite = |v: f64| ok(v) && v.is_finite();
        prop_assert!(finite(sigma_y_m(a)));
        prop_assert!(finite(sigma_z_m(a)));
        prop_assert!(finite(concentration_g_per_m3(a, b, c, d)));
        prop_assert!(finite(fuel_consumption_kg_per_s(a, b)));
        prop_assert!(finite(emission_rate_g_per_s(a, b)));
        let sources = [
            Source { x_m: a, y_m: b, rate_g_per_s: c },
            Source { x_m: 0.0, y_m: 0.0, rate_g_per_s: f64::MAX },
            UNIT_SOURCE,
        ];
        let k = extinction_per_m(&sources, d, e, (f, a));
        prop_assert!(finite(k));
        prop_assert!(finite(concentration_at_g_per_m3(&sources, d, e, (f, a))));
        prop_assert!(ok(visibility_m(a, light)));
        prop_assert!(ok(visibility_m(k, light)));
    }

    #[test]
    fn ordinary_inputs_keep_the_plume_shape(
        q in 0.0f64..1.0e4,
        u in 0.0f64..40.0,
        x in 1.0f64..2.0e4,
        y in -5.0e3f64..5.0e3,
    ) {
        let c = concentration_g_per_m3(q, u, x, y);
        let centre = concentration_g_per_m3(q, u, x, 0.0);
        prop_assert!(c.is_finite() && c >= 0.0);
        prop_assert!(c <= centre);
        prop_assert_eq!(c, concentration_g_per_m3(q, u, x, -y));
        prop_assert_eq!(concentration_g_per_m3(q, u, -x, y), 0.0);
    }
}

/// A sight line straight across the plume 200 m downwind of a 100 g/s source in a 4 m/s wind
/// (from the south, so the plume runs north): its optical depth is the plume's crosswind
/// integral, τ = K_m·Q·√(2/π)/(u·σz(x)) — the Gaussian's ∫exp(−y²/2σy²)dy = √(2π)·σy cancels
/// σy. Along the plume's axis upwind of the source it is zero.
#[test]
fn optical_depth_across_the_plume_is_its_crosswind_integral() {
    use drillhall::hazards::fire::smoke::{optical_depth, seen_through_smoke};
    let source = [Source {
        x_m: 0.0,
        y_m: 0.0,
        rate_g_per_s: 100.0,
    }];
    let x = 200.0;
    let tau = optical_depth(&source, 4.0, 180.0, (-400.0, x), (400.0, x), 0.5);
    let expected = SPECIFIC_EXTINCTION_M2_PER_G * 100.0 * (2.0 / PI).sqrt() / (4.0 * sigma_z_m(x));
    check("τ across the plume at 200 m", tau, expected, 1e-6);
    assert_eq!(
        optical_depth(&source, 4.0, 180.0, (0.0, -50.0), (0.0, -500.0), 0.5),
        0.0
    );
    // τ ≈ 10.9 here: neither a person (C = 3) nor flames (C = 8) are seen through it.
    assert!(!seen_through_smoke(tau, false) && !seen_through_smoke(tau, true));
}

proptest! {
    /// In uniform smoke of extinction K a thing d away is seen exactly when d < V = C/K (Jin's
    /// law is the same Beer–Lambert contrast: τ = K·d against C).
    #[test]
    fn seen_through_smoke_is_jins_visibility_in_uniform_smoke(
        k in 1e-4f64..1.0,
        d in 0.1f64..2000.0,
        emitting in any::<bool>(),
    ) {
        use drillhall::hazards::fire::smoke::seen_through_smoke;
        prop_assert_eq!(seen_through_smoke(k * d, emitting), d < visibility_m(k, emitting));
    }
}
