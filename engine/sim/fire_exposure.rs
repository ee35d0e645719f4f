//! What the forest fire does to the people on the terrain: radiant heat from the flaming front
//! (a burn dose, injury or death) and smoke downwind (slower walking, poorer sight). The
//! kernels are `hazards::fire::exposure` and `hazards::fire::smoke`; this adapts them to the
//! drill's people and clock.
//!
//! - Flaming cells: a cell flames from its arrival for the front's crossing of it plus the
//!   fuel's residence time, with the flames of the rate it is crossed at — a head cell's long
//!   flames briefly, a flank's shorter flames for longer (`sim::fire::cell_flames`).
//! - Heat: each flaming cell within reach is a radiating panel one cell wide with the cell's
//!   flame length as its height, at the black-body emissive power of Butler & Cohen's (1998)
//!   1200 K flame; the person's chest (1.5 m) faces it. The fluxes add (capped at the emissive
//!   power, a person inside the flames) and the dose ∫q^{4/3}dt accumulates; the harm is the most
//!   severe burn class whose probit passes 50 % (Eisenberg 1975, TNO Green Book). First-degree
//!   burns are minor, second-degree moderate; a fatal dose halts the person.
//! - Smoke: every flaming cell is a ground-level source of PM2.5 (Byram's consumption, Andreae &
//!   Merlet's 13 g/kg) in a Gaussian plume (Briggs class D); the extinction coefficient K where
//!   each person stands slows their walk (Jin 1978, the crowd kernel's factor). `SmokeReached` is
//!   journalled the first time someone's visibility falls below [`SMOKE_NOTICE_VISIBILITY_M`].

use super::TICK_HZ;
use super::fire::FireState;
use super::log::EventLog;
use super::people::{People, PersonState};
use crate::hazards::fire::exposure::{self, BurnHarm};
use crate::hazards::fire::smoke::{self, Source};
use crate::journal::events::{Harm, SimEvent};
use crate::scenario::schema::Point;

/// Chest height of a standing person, m: where the heat is taken.
pub const CHEST_M: f64 = 1.5;
/// Visibility (of a reflecting sign, Jin's C = 3) below which being in smoke is journalled, m.
pub const SMOKE_NOTICE_VISIBILITY_M: f64 = 30.0;
/// How often the smoke field is recomputed, s (it follows the front, which moves slowly).
const SMOKE_EVERY_S: f64 = 10.0;
/// How often heat is taken, s: the dose adds the flux over this step (the front's flux changes
/// over tens of seconds; a finer step only costs time).
const HEAT_EVERY_S: f64 = 1.0;
/// How far from a flaming cell its heat is counted, in flame lengths (beyond ten the flux of a
/// one-cell panel is a small fraction of a kW/m²); never less than two cells.
const HEAT_REACH_FLAMES: f64 = 10.0;

/// Burn doses and smoke per person.
#[derive(Debug, Default)]
pub struct Exposure {
    dose: Vec<f64>,
    harm: Vec<BurnHarm>,
    in_smoke: Vec<bool>,
    /// The radiant flux on each person at the last heat step, kW/m².
    flux: Vec<f64>,
    next_smoke_tick: u64,
    /// Per cell (flame length m, fireline intensity kW/m, flaming time min), for the plan
    /// numbered `cached_plan` (the weather and fuel it was made with).
    cells: std::collections::BTreeMap<usize, (f64, f64, f64)>,
    cached_plan: Option<u64>,
    /// The plan's burnable cells in order of arrival, and how many of them have been lit: a
    /// sweep, so that each second looks at the cells that light and those still flaming, not
    /// at the whole map.
    by_arrival: Vec<usize>,
    lit: usize,
    /// The cells lit and not yet known to be out, in cell order (the order sums are taken in).
    burning: Vec<usize>,
    /// The smoke's sources at the last smoke step (what a lookout looks through).
    smoke: Vec<Source>,
}

impl Exposure {
    /// The radiant flux on person `p` at the last heat step, kW/m².
    pub fn flux_kw_per_m2(&self, p: usize) -> f64 {
        self.flux.get(p).copied().unwrap_or(0.0)
    }

    /// The longest flames burning at the last heat step, m (0 when none).
    pub fn longest_flame_m(&self) -> f64 {
        self.burning
            .iter()
            .filter_map(|c| self.cells.get(c))
            .map(|&(flame, _, _)| flame)
            .fold(0.0, f64::max)
    }

    /// The smoke's sources at the last smoke step.
    pub fn smoke_sources(&self) -> &[Source] {
        &self.smoke
    }
}

/// The flaming cells at `t_min`: centre, flame length (m), fireline intensity (kW/m). Time
/// only moves forward between re-plans, so the cells lit since the last call are taken from the
/// arrival order and those burned out are dropped.
fn flaming(fire: &mut FireState, t_min: f32) -> Vec<(Point, f64, f64)> {
    let Some(map) = &fire.map else {
        return Vec::new();
    };
    let ex = &mut fire.exposure;
    if ex.cached_plan != Some(fire.plans) {
        ex.cells.clear();
        ex.cached_plan = Some(fire.plans);
        // NaN (never reached) sorts last and is never lit.
        ex.by_arrival = (0..map.arrival_min.len())
            .filter(|&c| !map.arrival_min[c].is_nan())
            .collect();
        ex.by_arrival.sort_by(|&a, &b| {
            map.arrival_min[a]
                .total_cmp(&map.arrival_min[b])
                .then(a.cmp(&b))
        });
        ex.lit = 0;
        ex.burning.clear();
    }
    let lit_before = ex.burning.len();
    while let Some(&c) = ex.by_arrival.get(ex.lit) {
        if map.arrival_min[c] > t_min {
            break;
        }
        ex.burning.push(c);
        ex.lit += 1;
    }
    if ex.burning.len() != lit_before {
        ex.burning.sort_unstable();
    }
    let l = &fire.landscape;
    let cache = &mut ex.cells;
    let mut out = Vec::new();
    ex.burning.retain(|&c| {
        let arrival = map.arrival_min[c];
        let (flame, intensity, flaming_min) = *cache.entry(c).or_insert_with(|| {
            let f = super::fire::cell_flames(l, map, c);
            (f.flame_m, f.intensity_kw_per_m, f.flaming_min)
        });
        if f64::from(t_min - arrival) >= flaming_min {
            cache.remove(&c);
            return false;
        }
        let (x, y) = l.cell_center_m(c);
        out.push(((f64::from(x), f64::from(y)), flame, intensity));
        true
    });
    out
}

/// One tick of heat and (every [`SMOKE_EVERY_S`]) smoke.
pub(super) fn expose(
    tick: u64,
    t_min: f32,
    fire: &mut FireState,
    people: &mut People,
    log: &mut EventLog,
) {
    let every = (HEAT_EVERY_S * f64::from(TICK_HZ)) as u64;
    if !tick.is_multiple_of(every) {
        return;
    }
    let n = people.persons.len();
    let ex = &mut fire.exposure;
    if ex.dose.len() != n {
        ex.dose.resize(n, 0.0);
        ex.harm.resize(n, BurnHarm::None);
        ex.in_smoke.resize(n, false);
        ex.flux.resize(n, 0.0);
    }
    let flames = flaming(fire, t_min);
    let cell_m = f64::from(fire.landscape.cell_size_m());
    let emissive = exposure::blackbody_emissive_power_kw_per_m2(
        exposure::BUTLER_COHEN_FLAME_TEMPERATURE_K,
        exposure::BUTLER_COHEN_FLAME_EMISSIVITY,
    );
    let dt_s = HEAT_EVERY_S;
    let ex = &mut fire.exposure;
    for p in 0..n {
        if people.persons[p].state == PersonState::Injured && ex.harm[p] == BurnHarm::Fatal {
            continue;
        }
        let at = people.net.walkers[p].pos;
        let q: f64 = flames
            .iter()
            .filter_map(|&(c, flame_m, _)| {
                let reach = (HEAT_REACH_FLAMES * flame_m).max(2.0 * cell_m);
                // To the cell's nearest edge: 0 inside it.
                let dx = ((at.0 - c.0).abs() - cell_m / 2.0).max(0.0);
                let dy = ((at.1 - c.1).abs() - cell_m / 2.0).max(0.0);
                let d = libm::hypot(dx, dy);
                (d <= reach)
                    .then(|| exposure::flux_kw_per_m2(d, flame_m, cell_m, CHEST_M, emissive))
            })
            .sum::<f64>()
            .min(emissive);
        ex.flux[p] = q;
        if q <= 0.0 {
            continue;
        }
        ex.dose[p] = exposure::accumulate_dose(ex.dose[p], q, dt_s);
        let harm = exposure::harm(ex.dose[p]);
        if harm <= ex.harm[p] {
            continue;
        }
        ex.harm[p] = harm;
        let severity = match harm {
            BurnHarm::None => continue,
            BurnHarm::FirstDegree => Harm::Minor,
            BurnHarm::SecondDegree => Harm::Moderate,
            BurnHarm::Fatal => Harm::Fatal,
        };
        if severity == Harm::Fatal {
            people.halt(p, PersonState::Injured);
        }
        log.push(
            tick,
            SimEvent::Injured {
                who: people.persons[p].id.clone(),
                cause: format!(
                    "radiant heat of the fire front: {:.1} kW/m², burn dose {:.3e} (W/m²)^4/3·s",
                    q, ex.dose[p]
                ),
                severity: Some(severity),
                energy_j: None,
                posture: None,
            },
        );
    }
    if tick < ex.next_smoke_tick {
        return;
    }
    ex.next_smoke_tick = tick + (SMOKE_EVERY_S * f64::from(TICK_HZ)) as u64;
    let sources: Vec<Source> = flames
        .iter()
        .map(|&(c, _, intensity)| Source {
            x_m: c.0,
            y_m: c.1,
            rate_g_per_s: smoke::emission_rate_g_per_s(
                smoke::fuel_consumption_kg_per_s(intensity, cell_m),
                smoke::PM25_EMISSION_FACTOR_EXTRATROPICAL_FOREST_G_PER_KG,
            ),
        })
        .collect();
    let (wind, from) = (fire.wind.speed_mps, fire.wind.from_deg);
    for p in 0..n {
        let at = people.net.walkers[p].pos;
        let k = smoke::extinction_per_m(&sources, wind, from, at);
        people.net.walkers[p].smoke_k = k;
        let visibility = smoke::visibility_m(k, false);
        if visibility < SMOKE_NOTICE_VISIBILITY_M && !ex.in_smoke[p] {
            ex.in_smoke[p] = true;
            log.push(
                tick,
                SimEvent::SmokeReached {
                    who: people.persons[p].id.clone(),
                    k_per_m: (k * 1000.0).round() / 1000.0,
                    visibility_m: (visibility * 10.0).round() / 10.0,
                },
            );
        }
    }
    ex.smoke = sources;
}
