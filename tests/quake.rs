//! Earthquake ground motion against GB/T 17742-2020 (../shared/reference/drills-and-evaluation.md).

use drillhall::hazards::ground_motion::{GroundMotion, pga_range_mps2, pgv_range_mps};
use drillhall::rng::RunSeed;
use drillhall::scenario::schema::{Earthquake, Intensity};

fn quake(intensity: Intensity) -> Earthquake {
    Earthquake {
        intensity,
        start_s: 10.0,
        strong_shaking_s: 20.0,
        early_warning_s: None,
        epicentral_distance_km: 40.0,
        aftershocks: Vec::new(),
    }
}

#[test]
fn pga_and_pgv_match_the_intensity_vi_to_x() {
    for i in [
        Intensity::VI,
        Intensity::VII,
        Intensity::VIII,
        Intensity::IX,
        Intensity::X,
    ] {
        let (lo, mean, hi) = pga_range_mps2(i);
        let (vlo, vmean, vhi) = pgv_range_mps(i);
        let mut pgas = Vec::new();
        let mut pgvs = Vec::new();
        for seed in 0..40 {
            let mut rng = RunSeed(seed).stream("quake");
            let g = GroundMotion::main_shock(&quake(i), &mut rng);
            let peak = g
                .accel_mps2
                .iter()
                .map(|a| a[0].hypot(a[1]))
                .fold(0.0, f64::max);
            assert!(
                peak >= lo - 1e-9 && peak <= hi + 1e-9,
                "{i:?} seed {seed}: PGA {peak}"
            );
            let vertical = g.accel_mps2.iter().map(|a| a[2].abs()).fold(0.0, f64::max);
            assert!((vertical / peak - 2.0 / 3.0).abs() < 1e-9);
            pgas.push(peak);
            pgvs.push(g.pgv_mps);
        }
        pgas.sort_by(f64::total_cmp);
        pgvs.sort_by(f64::total_cmp);
        let in_range = pgvs.iter().filter(|v| (vlo..=vhi).contains(*v)).count();
        println!(
            "{i:?}: PGA {:.2}–{:.2} m/s², median {:.2} (GB/T 17742 {lo}–{hi}, mean {mean}); PGV median {:.3} m/s, {in_range}/40 in {vlo}–{vhi} (mean {vmean})",
            pgas[0], pgas[39], pgas[20], pgvs[20]
        );
        // The PGV is not scaled: it checks the frequency content of the shaking.
        assert!(
            (vlo..=vhi).contains(&pgvs[20]),
            "{i:?}: median PGV {}",
            pgvs[20]
        );
        assert!(in_range >= 28, "{i:?}: only {in_range}/40 PGV in range");
    }
}

#[test]
fn shaking_follows_the_p_s_envelope() {
    let mut rng = RunSeed(3).stream("quake");
    let g = GroundMotion::main_shock(&quake(Intensity::VIII), &mut rng);
    let rms = |from: f64, to: f64| {
        let n = ((to - from) / 0.01) as usize;
        let s: f64 = (0..n)
            .map(|k| {
                let a = g.at(from + k as f64 * 0.01);
                a[0] * a[0] + a[1] * a[1]
            })
            .sum();
        (s / n as f64).sqrt()
    };
    let (p, strong, tail) = (
        rms(g.start_s, g.strong_from_s),
        rms(g.strong_from_s + 2.0, g.strong_until_s),
        rms(g.strong_until_s + 8.0, g.end_s() - 0.1),
    );
    println!(
        "P arrives {:.1} s, S {:.1} s, strong until {:.1} s; RMS horizontal P {p:.2}, strong {strong:.2}, tail {tail:.2} m/s²",
        g.start_s, g.strong_from_s, g.strong_until_s
    );
    assert_eq!(g.at(g.start_s - 1.0), [0.0; 3]);
    assert!(p < 0.3 * strong && tail < 0.1 * strong);
    assert!((g.strong_from_s - g.start_s - 40.0 * (1.0 / 3.5 - 1.0 / 6.0)).abs() < 1e-9);
}
