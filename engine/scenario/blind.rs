//! Double-blind drills (双盲演练): drawing the content, committing to it, revealing it.
//!
//! At load, the scenario's `blind` section is sampled from the run's seed (from the operating
//! system unless one is given), on its own labelled stream. Before the drill only a commitment
//! is shown: SHA-256 over the seed and the drawn variant. At the end the seed and the variant are
//! revealed; anyone can re-draw from the seed, recompute the commitment and re-run the drill.
//! `apply` turns a blind scenario and its variant into a plain scripted scenario — the drill
//! that was actually run — so the rest of the engine never sees `blind`.

use super::schema::*;
use crate::rng::RunSeed;
use rand::Rng;
use serde::{Deserialize, Serialize};

/// What one run drew.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Variant {
    /// Normal activity before the hazard starts (the unannounced start).
    pub start_delay_s: f64,
    pub intensity: Option<Intensity>,
    pub ignition: Option<Point>,
    pub wind: Option<Wind>,
    /// The breach drawn, if one was (its start drawn too, where the draw says so).
    pub breach: Option<Breach>,
    /// The factor on every rain period's intensity, if drawn.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub rain_factor: Option<f64>,
    /// What is blocked from the start.
    pub blocked: Vec<SiteRef>,
    /// Injects of the scenario that do not happen in this run.
    pub dropped_injects: Vec<u32>,
}

/// Draw a variant from a blind section. Draws are taken in the order written, from the
/// `"blind"` stream of the seed only.
pub fn draw(blind: &Blind, seed: RunSeed) -> Variant {
    let mut rng = seed.stream("blind");
    let mut v = Variant {
        start_delay_s: uniform(&mut rng, blind.start_delay_s.min, blind.start_delay_s.max),
        ..Variant::default()
    };
    for d in &blind.draws {
        match d {
            Draw::Intensity(choices) => v.intensity = pick(&mut rng, choices).copied(),
            Draw::Ignition(choices) => v.ignition = pick(&mut rng, choices).copied(),
            Draw::Wind {
                speed_mps,
                from_deg,
            } => {
                v.wind = Some(Wind {
                    speed_mps: uniform(&mut rng, speed_mps.min, speed_mps.max),
                    from_deg: uniform(&mut rng, from_deg.min, from_deg.max).rem_euclid(360.0),
                    height: WindHeight::default(),
                });
            }
            Draw::Breach {
                choices,
                probability,
                start_s,
            } => {
                if rng.random_bool(probability.clamp(0.0, 1.0)) {
                    v.breach = pick(&mut rng, choices).cloned();
                    if let (Some(b), Some(r)) = (v.breach.as_mut(), start_s) {
                        b.start_s = uniform(&mut rng, r.min, r.max);
                    }
                }
            }
            Draw::Rain { factor } => {
                v.rain_factor = Some(uniform(&mut rng, factor.min, factor.max));
            }
            Draw::BlockOneOf {
                candidates,
                probability,
            } => {
                if rng.random_bool(probability.clamp(0.0, 1.0))
                    && let Some(c) = pick(&mut rng, candidates)
                {
                    v.blocked.push(c.clone());
                }
            }
            Draw::Inject {
                number,
                probability,
            } => {
                if !rng.random_bool(probability.clamp(0.0, 1.0)) {
                    v.dropped_injects.push(*number);
                }
            }
        }
    }
    v
}

fn uniform(rng: &mut impl Rng, min: f64, max: f64) -> f64 {
    if max > min {
        rng.random_range(min..=max)
    } else {
        min
    }
}

fn pick<'a, T>(rng: &mut impl Rng, choices: &'a [T]) -> Option<&'a T> {
    if choices.is_empty() {
        None
    } else {
        choices.get(rng.random_range(0..choices.len()))
    }
}

/// The commitment printed before a blind drill: SHA-256 over the seed and the variant.
pub fn commitment(seed: RunSeed, variant: &Variant) -> String {
    let json = serde_json::to_string(variant).unwrap_or_default();
    crate::scenario::sha256_hex(format!("drillhall-commitment-v1\n{}\n{json}", seed.0).as_bytes())
}

/// Check a revealed seed and variant against a commitment, by drawing again from the seed.
pub fn verify_reveal(
    blind: &Blind,
    seed: RunSeed,
    variant: &Variant,
    commitment_hex: &str,
) -> bool {
    draw(blind, seed) == *variant && commitment(seed, variant) == commitment_hex
}

/// The scripted scenario a blind scenario becomes with this variant: every hazard and inject
/// time moves by the start delay, drawn values replace the written ones, dropped injects go,
/// blocked items become injects at t = 0, and `blind` is removed.
pub fn apply(s: &Scenario, v: &Variant) -> Scenario {
    let mut out = s.clone();
    let d = v.start_delay_s;
    out.blind = None;
    out.end.time_limit_s += d;
    for h in &mut out.hazards {
        match h {
            Hazard::Earthquake(q) => {
                q.start_s += d;
                for a in &mut q.aftershocks {
                    a.at_s += d;
                }
                if let Some(i) = v.intensity {
                    q.intensity = i;
                }
            }
            Hazard::ForestFire(f) => {
                for ig in &mut f.ignitions {
                    ig.time_s += d;
                }
                if let Some(at) = v.ignition {
                    let time_s = f.ignitions.first().map_or(d, |i| i.time_s);
                    f.ignitions = vec![Ignition { at, time_s }];
                }
                if let Some(w) = &v.wind {
                    f.weather.wind.speed_mps = w.speed_mps;
                    f.weather.wind.from_deg = w.from_deg;
                }
            }
            Hazard::Flood(fl) => {
                for r in &mut fl.rain {
                    r.from_s += d;
                    r.to_s += d;
                }
                for inflow in &mut fl.inflows {
                    for p in &mut inflow.hydrograph {
                        p.t_s += d;
                    }
                }
                for b in &mut fl.breaches {
                    b.start_s += d;
                }
                for w in &mut fl.warnings {
                    w.issued_s += d;
                }
                if let Some(b) = &v.breach {
                    let mut b = b.clone();
                    b.start_s += d;
                    fl.breaches.retain(|x| x.levee != b.levee);
                    fl.breaches.push(b);
                }
                if let Some(f) = v.rain_factor {
                    for r in &mut fl.rain {
                        r.intensity_mm_per_h *= f;
                    }
                }
            }
        }
    }
    out.injects
        .retain(|i| !v.dropped_injects.contains(&i.number));
    // An inject that waits on a dropped inject goes too (and so on down the chain).
    loop {
        let numbers: Vec<u32> = out.injects.iter().map(|i| i.number).collect();
        let before = out.injects.len();
        out.injects.retain(|i| match i.trigger {
            Trigger::After { inject, .. } => numbers.contains(&inject),
            _ => true,
        });
        if out.injects.len() == before {
            break;
        }
    }
    for inj in &mut out.injects {
        match &mut inj.trigger {
            Trigger::At { time_s } => *time_s += d,
            Trigger::After { .. } | Trigger::When { .. } => {}
        }
        if let Effect::LeveeBreach(b) = &mut inj.effect {
            b.start_s += d;
        }
    }
    let first = out.injects.iter().map(|i| i.number).max().unwrap_or(0) + 1;
    for (next, r) in (first..).zip(&v.blocked) {
        out.injects.push(Inject {
            number: next,
            trigger: Trigger::At { time_s: 0.0 },
            effect: Effect::Block(r.clone()),
            message: None,
            to: Recipients::Everyone,
            channel: Channel::Broadcast,
            expected_action: None,
            control_note: Some("Drawn by the double-blind draw: blocked from the start.".into()),
        });
    }
    out
}
