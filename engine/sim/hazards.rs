//! The hazard's timeline: the milestones participants, injects and the plan wait for.
//!
//! Earthquake: the P wave arrives at `start_s`; the S wave (strong shaking) follows after the
//! S−P delay of about 1 s per 8 km of epicentral distance (Vp ≈ 6, Vs ≈ 3.5 km/s); the early
//! warning sounds `early_warning_s` before the S wave; the shaking stops `strong_shaking_s` after
//! it. Forest fire: reported at the first ignition. Flood: water rises at the first rain,
//! inflow or breach; warnings are issued at their times. The ground motion itself, fire spread
//! and water flow are the hazard kernels' work; until they land, what needs them is recorded as
//! not simulated.

use super::log::EventLog;
use super::{DrillSetup, SimSet, SimTick, clock::DrillClock, clock::tick_of};
use crate::hazards::quake::ground_motion::{GROUND_MOTION_DT_S, GroundMotion};
use crate::journal::events::SimEvent;
use crate::scenario::schema::{Hazard, HazardEvent, Intensity};
use bevy::prelude::*;

#[derive(SystemSet, Clone, Debug, PartialEq, Eq, Hash)]
pub struct HazardSystems;

/// Scheduled milestones and the shaking intervals.
#[derive(Resource, Debug, Default)]
pub struct HazardTimeline {
    /// (tick, event), sorted by tick; `next` is the first not yet emitted.
    scheduled: Vec<(u64, SimEvent)>,
    next: usize,
    /// Ticks [from, to) during which the ground shakes (main shock and aftershocks).
    pub shaking: Vec<(u64, u64)>,
    /// Ticks [from, to) of each aftershock (scheduled or injected), a subset of `shaking`.
    pub aftershocks: Vec<(u64, u64)>,
    /// The acceleration histories of the main shock and the aftershocks.
    pub ground: Vec<GroundMotion>,
    /// Ground acceleration now (east, north, up), m/s².
    pub ground_now_mps2: [f64; 3],
    /// Draws the histories of aftershocks injected during the drill.
    rng: Option<rand_chacha::ChaCha20Rng>,
}

impl HazardTimeline {
    pub fn shaking_at(&self, tick: u64) -> bool {
        self.shaking.iter().any(|&(a, b)| (a..b).contains(&tick))
    }

    /// The aftershock shaking at `tick`, as ticks [from, to).
    pub fn aftershock_at(&self, tick: u64) -> Option<(u64, u64)> {
        self.aftershocks
            .iter()
            .copied()
            .find(|&(a, b)| (a..b).contains(&tick))
    }

    /// Add an aftershock's shaking interval.
    fn add_shaking(&mut self, from: u64, duration_s: f64) {
        let span = (from, from + tick_of(duration_s));
        self.shaking.push(span);
        self.aftershocks.push(span);
    }

    /// An aftershock from `tick`: its interval and its ground motion.
    pub fn add_aftershock(&mut self, tick: u64, intensity: Intensity, duration_s: f64) {
        self.add_shaking(tick, duration_s);
        if let Some(rng) = self.rng.as_mut() {
            let t = tick as f64 / f64::from(super::TICK_HZ);
            self.ground
                .push(GroundMotion::shock(intensity, t, duration_s, rng));
        }
    }

    /// Draw the ground motion of every earthquake and its scheduled aftershocks, and journal each
    /// history's peaks when it starts.
    fn draw_ground_motion(&mut self, hazards: &[Hazard], mut rng: rand_chacha::ChaCha20Rng) {
        for h in hazards {
            let Hazard::Earthquake(q) = h else {
                continue;
            };
            let mut shocks = vec![(q.intensity, GroundMotion::main_shock(q, &mut rng))];
            for a in &q.aftershocks {
                let g = GroundMotion::shock(a.intensity, a.at_s, a.duration_s, &mut rng);
                shocks.push((a.intensity, g));
            }
            for (intensity, g) in shocks {
                // To the millimetre: what a report shows.
                let mm = |x: f64| (x * 1000.0).round() / 1000.0;
                let e = SimEvent::GroundMotion {
                    intensity,
                    pga_mps2: mm(g.pga_mps2),
                    pgv_mps: mm(g.pgv_mps),
                };
                self.scheduled.push((tick_of(g.start_s), e));
                self.ground.push(g);
            }
        }
        self.scheduled.sort_by_key(|(tick, _)| *tick);
        self.rng = Some(rng);
    }

    pub fn from_hazards(hazards: &[Hazard]) -> HazardTimeline {
        let mut t = HazardTimeline::default();
        let at = |t: &mut HazardTimeline, s: f64, e: SimEvent| t.scheduled.push((tick_of(s), e));
        for h in hazards {
            match h {
                Hazard::Earthquake(q) => {
                    let s_arrival = crate::hazards::quake::ground_motion::s_arrival_s(q);
                    let stop = s_arrival + q.strong_shaking_s;
                    if let Some(w) = q.early_warning_s {
                        let e = SimEvent::Hazard {
                            event: HazardEvent::EarlyWarning,
                        };
                        at(&mut t, (s_arrival - w).max(0.0), e);
                    }
                    let starts = SimEvent::Hazard {
                        event: HazardEvent::ShakingStarts,
                    };
                    at(&mut t, q.start_s, starts);
                    let stops = SimEvent::Hazard {
                        event: HazardEvent::ShakingStops,
                    };
                    at(&mut t, stop, stops);
                    t.shaking.push((tick_of(q.start_s), tick_of(stop)));
                    for a in &q.aftershocks {
                        let e = SimEvent::Aftershock {
                            intensity: a.intensity,
                            duration_s: a.duration_s,
                        };
                        at(&mut t, a.at_s, e);
                        t.add_shaking(tick_of(a.at_s), a.duration_s);
                    }
                }
                Hazard::ForestFire(f) => {
                    if let Some(first) = f.ignitions.iter().map(|i| i.time_s).min_by(f64::total_cmp)
                    {
                        let e = SimEvent::Hazard {
                            event: HazardEvent::FireReported,
                        };
                        at(&mut t, first, e);
                    }
                }
                // The water rising in the village is the flood's to say (`sim::flood`: the
                // first house cut off).
                Hazard::Flood(fl) => {
                    for w in &fl.warnings {
                        let e = SimEvent::WarningIssued {
                            signal: w.signal,
                            level: w.level,
                            by: None,
                        };
                        at(&mut t, w.issued_s, e);
                    }
                }
            }
        }
        // Stable: events at the same tick keep the order written.
        t.scheduled.sort_by_key(|(tick, _)| *tick);
        t
    }
}

pub(super) fn plugin(app: &mut App) {
    let setup = app.world().resource::<DrillSetup>();
    let mut timeline = HazardTimeline::from_hazards(&setup.scenario.hazards);
    timeline.draw_ground_motion(&setup.scenario.hazards, setup.seed.stream("ground-motion"));
    app.insert_resource(timeline);
    app.add_systems(SimTick, emit.in_set(SimSet::Hazards).in_set(HazardSystems));
}

impl HazardTimeline {
    /// Every scheduled hazard milestone has happened.
    pub fn all_happened(&self) -> bool {
        self.next >= self.scheduled.len()
    }

    /// Ground acceleration at `t_s` (every shock summed), m/s².
    pub fn ground_at(&self, t_s: f64) -> [f64; 3] {
        let mut now = [0.0; 3];
        for g in &self.ground {
            let a = g.at(t_s);
            for k in 0..3 {
                now[k] += a[k];
            }
        }
        now
    }

    /// The peak horizontal ground acceleration over `[t_s − window_s, t_s]`, m/s².
    pub fn horizontal_peak_mps2(&self, t_s: f64, window_s: f64) -> f64 {
        if self
            .ground
            .iter()
            .all(|g| t_s < g.start_s || t_s - window_s > g.end_s())
        {
            return 0.0;
        }
        let n = (window_s / GROUND_MOTION_DT_S).round() as usize;
        (0..=n)
            .map(|k| {
                let a = self.ground_at(t_s - k as f64 * GROUND_MOTION_DT_S);
                (a[0] * a[0] + a[1] * a[1]).sqrt()
            })
            .fold(0.0, f64::max)
    }
}

fn emit(clock: Res<DrillClock>, mut timeline: ResMut<HazardTimeline>, mut log: ResMut<EventLog>) {
    while let Some((tick, e)) = timeline.scheduled.get(timeline.next) {
        if *tick > clock.tick {
            break;
        }
        log.push(clock.tick, e.clone());
        timeline.next += 1;
    }
    let t = clock.tick as f64 / f64::from(super::TICK_HZ);
    timeline.ground_now_mps2 = timeline.ground_at(t);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::schema::{Earthquake, Intensity};

    #[test]
    fn warning_precedes_strong_shaking_by_its_lead_time() {
        let q = Earthquake {
            intensity: Intensity::VIII,
            start_s: 60.0,
            strong_shaking_s: 30.0,
            early_warning_s: Some(12.0),
            epicentral_distance_km: 80.0,
            aftershocks: Vec::new(),
        };
        let t = HazardTimeline::from_hazards(&[Hazard::Earthquake(q)]);
        let ticks: Vec<u64> = t.scheduled.iter().map(|(k, _)| *k).collect();
        // S arrives 80 × 0.119 = 9.5 s after P: warning at 57.5 s, shaking 60 s, stops 99.5 s.
        assert_eq!(ticks, vec![576, 600, 996]);
        assert!(t.shaking_at(700) && !t.shaking_at(996));
    }
}
