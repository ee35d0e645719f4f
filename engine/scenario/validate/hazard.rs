//! Checks of the hazards: earthquake, forest fire and flood, and levee breaches.

use super::{Ids, Out, ScenarioCheck};
use crate::scenario::geometry as geo;
use crate::scenario::schema::*;

impl ScenarioCheck<'_> {
    pub(super) fn hazards(&mut self) {
        let s = self.s;
        let limit = s.end.time_limit_s;
        if !s.hazards.iter().any(|h| hazard_kind(h) == s.meta.kind) {
            self.out().err_hint(
                "hazards",
                format!("a {:?} drill needs a {:?} hazard", s.meta.kind, s.meta.kind),
                format!("add `{:?}(…)` to `hazards`", s.meta.kind),
            );
        }
        for (i, h) in s.hazards.iter().enumerate() {
            let p = format!("hazards[{i}]");
            let fits = matches!(
                (h, &s.site),
                (Hazard::Earthquake(_), Site::Building(_))
                    | (Hazard::ForestFire(_) | Hazard::Flood(_), Site::Terrain(_))
            );
            if !fits {
                self.out().err(
                    &p,
                    format!("a {:?} hazard does not fit this site", hazard_kind(h)),
                );
                continue;
            }
            match h {
                Hazard::Earthquake(q) => {
                    let mut o = self.out();
                    o.range(
                        &format!("{p}.start_s"),
                        q.start_s,
                        0.0,
                        limit,
                        true,
                        "the start (within the time limit)",
                    );
                    o.positive(
                        &format!("{p}.strong_shaking_s"),
                        q.strong_shaking_s,
                        300.0,
                        "strong shaking duration",
                    );
                    if let Some(w) = q.early_warning_s {
                        o.positive(
                            &format!("{p}.early_warning_s"),
                            w,
                            120.0,
                            "early warning lead time",
                        );
                    }
                    o.positive(
                        &format!("{p}.epicentral_distance_km"),
                        q.epicentral_distance_km,
                        2000.0,
                        "epicentral distance",
                    );
                    for (k, a) in q.aftershocks.iter().enumerate() {
                        let ap = format!("{p}.aftershocks[{k}]");
                        if a.at_s <= q.start_s + q.strong_shaking_s || a.at_s > limit {
                            o.err_hint(
                                &format!("{ap}.at_s"),
                                format!("aftershock at {} s is not after the main shaking ({}–{} s) and within the time limit", a.at_s, q.start_s, q.start_s + q.strong_shaking_s),
                                "times are seconds from the start of the drill",
                            );
                        }
                        o.positive(
                            &format!("{ap}.duration_s"),
                            a.duration_s,
                            120.0,
                            "aftershock duration",
                        );
                        if a.intensity > q.intensity {
                            o.warn(
                                &format!("{ap}.intensity"),
                                format!(
                                    "aftershock intensity {:?} exceeds the main shock's {:?}",
                                    a.intensity, q.intensity
                                ),
                                None,
                            );
                        }
                    }
                }
                Hazard::ForestFire(f) => {
                    if f.ignitions.is_empty()
                        && !s
                            .blind
                            .as_ref()
                            .is_some_and(|b| b.draws.iter().any(|d| matches!(d, Draw::Ignition(_))))
                    {
                        self.out().err(
                            &format!("{p}.ignitions"),
                            "a forest fire needs at least one ignition".into(),
                        );
                    }
                    for (k, ig) in f.ignitions.iter().enumerate() {
                        let ip = format!("{p}.ignitions[{k}]");
                        self.point_inside(&format!("{ip}.at"), ig.at);
                        self.out().range(
                            &format!("{ip}.time_s"),
                            ig.time_s,
                            0.0,
                            limit,
                            true,
                            "ignition time",
                        );
                    }
                    let mut o = self.out();
                    wind(&mut o, &format!("{p}.weather.wind"), &f.weather.wind);
                    let m = &f.weather.moisture;
                    let mp = format!("{p}.weather.moisture");
                    for (field, v, lo, hi) in [
                        ("dead_1h_pct", m.dead_1h_pct, 1.0, 60.0),
                        ("dead_10h_pct", m.dead_10h_pct, 1.0, 60.0),
                        ("dead_100h_pct", m.dead_100h_pct, 1.0, 60.0),
                        ("live_herb_pct", m.live_herb_pct, 30.0, 300.0),
                        ("live_woody_pct", m.live_woody_pct, 30.0, 300.0),
                    ] {
                        // A fraction (0.06 for 6 %) gets its hint from `range`.
                        o.range(
                            &format!("{mp}.{field}"),
                            v,
                            lo,
                            hi,
                            true,
                            "fuel moisture (percent)",
                        );
                    }
                    o.range(
                        &format!("{p}.weather.air_temperature_c"),
                        f.weather.air_temperature_c,
                        -40.0,
                        55.0,
                        true,
                        "air temperature",
                    );
                    o.range(
                        &format!("{p}.weather.relative_humidity_pct"),
                        f.weather.relative_humidity_pct,
                        1.0,
                        100.0,
                        true,
                        "relative humidity (percent)",
                    );
                    o.range(
                        &format!("{p}.canopy.cover_pct"),
                        f.canopy.cover_pct,
                        0.0,
                        100.0,
                        true,
                        "canopy cover (percent)",
                    );
                    o.range(
                        &format!("{p}.canopy.height_m"),
                        f.canopy.height_m,
                        0.0,
                        120.0,
                        true,
                        "canopy height",
                    );
                    o.range(
                        &format!("{p}.canopy.crown_ratio"),
                        f.canopy.crown_ratio,
                        0.0,
                        1.0,
                        true,
                        "crown ratio",
                    );
                    // Hand line rates run from a few to a few tens of m/h per person (NWCG
                    // production-rate tables); 200 leaves room for machinery-assisted crews.
                    if let Some(r) = f.line_m_per_h_per_person {
                        o.positive(
                            &format!("{p}.line_m_per_h_per_person"),
                            r,
                            200.0,
                            "fireline production (m/h per person)",
                        );
                    }
                }
                Hazard::Flood(fl) => {
                    if fl.rain.is_empty() && fl.inflows.is_empty() && fl.breaches.is_empty() {
                        self.out().err_hint(
                            &p,
                            "a flood needs rain, an inflow or a breach".into(),
                            "add `rain`, `inflows` or `breaches`",
                        );
                    }
                    for (k, r) in fl.rain.iter().enumerate() {
                        let rp = format!("{p}.rain[{k}]");
                        let mut o = self.out();
                        o.range(
                            &format!("{rp}.from_s"),
                            r.from_s,
                            0.0,
                            limit,
                            true,
                            "rain start",
                        );
                        if r.to_s <= r.from_s {
                            o.err(
                                &format!("{rp}.to_s"),
                                format!(
                                    "rain ends at {} s, not after it starts at {} s",
                                    r.to_s, r.from_s
                                ),
                            );
                        }
                        let mm = r.intensity_mm_per_h;
                        // 1 mm/h is 2.8e-7 m/s: an intensity under 0.01 "mm/h" is a rate in
                        // m/s (drizzle starts at about 0.1 mm/h).
                        if mm > 0.0 && mm < 0.01 {
                            o.err_hint(
                                &format!("{rp}.intensity_mm_per_h"),
                                format!("rain of {mm} mm/h is far less than a drizzle (0.1 mm/h)"),
                                format!(
                                    "if that is a rate in m/s, write `intensity_mm_per_h: {:.1}` (m/s × 3 600 000)",
                                    mm * 3.6e6
                                ),
                            );
                        } else {
                            o.range(
                                &format!("{rp}.intensity_mm_per_h"),
                                mm,
                                0.0,
                                300.0,
                                true,
                                "rain intensity (mm/h)",
                            );
                        }
                    }
                    let mut inflow_ids = Ids::new();
                    for (k, inf) in fl.inflows.iter().enumerate() {
                        let ip = format!("{p}.inflows[{k}]");
                        if inflow_ids.insert(inf.id.as_str(), k).is_some() {
                            self.out().err(
                                &format!("{ip}.id"),
                                format!("inflow id `{}` is used twice", inf.id),
                            );
                        }
                        self.point_inside(&format!("{ip}.line[0]"), inf.line.0);
                        self.point_inside(&format!("{ip}.line[1]"), inf.line.1);
                        if let Some((w, h)) = self.extent {
                            // Water enters across the terrain's boundary: both ends on one edge.
                            let half = match &self.s.site {
                                Site::Terrain(t) => t.cell_size_m / 2.0,
                                Site::Building(_) => 0.0,
                            };
                            let (a, b) = inf.line;
                            let on = |u: f64, v: f64, edge: f64| {
                                (u - edge).abs() <= half && (v - edge).abs() <= half
                            };
                            if !(on(a.0, b.0, 0.0)
                                || on(a.0, b.0, w)
                                || on(a.1, b.1, 0.0)
                                || on(a.1, b.1, h))
                            {
                                self.out().err_hint(
                                    &format!("{ip}.line"),
                                    "the inflow line is not on an edge of the terrain".into(),
                                    format!("water enters across the boundary: both ends on x = 0, x = {w}, y = 0 or y = {h}"),
                                );
                            }
                        }
                        let mut o = self.out();
                        if geo::dist(inf.line.0, inf.line.1) < 1e-3 {
                            o.err(
                                &format!("{ip}.line"),
                                "the inflow line has no length".into(),
                            );
                        }
                        if inf.hydrograph.len() < 2 {
                            o.err_hint(
                                &format!("{ip}.hydrograph"),
                                "a hydrograph needs at least 2 points".into(),
                                "e.g. [(t_s: 0, q_m3s: 5), (t_s: 3600, q_m3s: 20)]",
                            );
                        }
                        for (j, fp) in inf.hydrograph.iter().enumerate() {
                            let hp = format!("{ip}.hydrograph[{j}]");
                            o.range(
                                &format!("{hp}.q_m3s"),
                                fp.q_m3s,
                                0.0,
                                100_000.0,
                                true,
                                "discharge",
                            );
                            if j == 0 {
                                o.range(
                                    &format!("{hp}.t_s"),
                                    fp.t_s,
                                    0.0,
                                    limit,
                                    true,
                                    "hydrograph time",
                                );
                            } else if fp.t_s <= inf.hydrograph[j - 1].t_s {
                                o.err_hint(
                                    &format!("{hp}.t_s"),
                                    format!(
                                        "hydrograph time {} s is not after {} s",
                                        fp.t_s,
                                        inf.hydrograph[j - 1].t_s
                                    ),
                                    "hydrograph points are in time order",
                                );
                            }
                        }
                    }
                    for (k, b) in fl.breaches.iter().enumerate() {
                        self.breach(&format!("{p}.breaches[{k}]"), b);
                    }
                    for (k, w) in fl.warnings.iter().enumerate() {
                        let wp = format!("{p}.warnings[{k}]");
                        let mut o = self.out();
                        o.range(
                            &format!("{wp}.issued_s"),
                            w.issued_s,
                            0.0,
                            limit,
                            true,
                            "issue time",
                        );
                        if let Some(m) = &w.message {
                            o.text(&format!("{wp}.message"), m);
                        }
                    }
                    let mut gauge_ids = Ids::new();
                    for (k, g) in fl.gauges.iter().enumerate() {
                        let gp = format!("{p}.gauges[{k}]");
                        if gauge_ids.insert(g.id.as_str(), k).is_some() {
                            self.out().err(
                                &format!("{gp}.id"),
                                format!("gauge id `{}` is used twice", g.id),
                            );
                        }
                        self.point_inside(&format!("{gp}.at"), g.at);
                        if g.guaranteed_level_m < g.warning_level_m {
                            self.out().err_hint(
                                &format!("{gp}.guaranteed_level_m"),
                                format!("guaranteed level {} m is below the warning level {} m", g.guaranteed_level_m, g.warning_level_m),
                                "the warning line (警戒水位) is below the guaranteed line (保证水位)",
                            );
                        }
                    }
                }
            }
        }
    }

    pub(super) fn breach(&mut self, p: &str, b: &Breach) {
        let s = self.s;
        let ids = self.levees.clone();
        if !self
            .out()
            .known(&format!("{p}.levee"), "levee", &b.levee, &ids)
        {
            return;
        }
        let Site::Terrain(t) = &s.site else { return };
        let Some(levee) = t.levees.iter().find(|l| l.id == b.levee) else {
            return;
        };
        let on_terrain = self.point_inside(&format!("{p}.at"), b.at);
        let mut o = self.out();
        if !levee.can_breach {
            o.err_hint(
                &format!("{p}.levee"),
                format!("levee `{}` is not marked as one that can breach", levee.id),
                "set `can_breach: true` on the levee",
            );
        }
        let d = geo::polyline_distance(b.at, &levee.line);
        if on_terrain && d > t.cell_size_m.max(10.0) {
            o.err(
                &format!("{p}.at"),
                format!(
                    "the breach is {d:.1} m from levee `{}`; it must be on the levee line",
                    levee.id
                ),
            );
        }
        o.positive(&format!("{p}.width_m"), b.width_m, 2000.0, "breach width");
        o.range(
            &format!("{p}.start_s"),
            b.start_s,
            0.0,
            s.end.time_limit_s,
            true,
            "breach start",
        );
        o.positive(
            &format!("{p}.formation_s"),
            b.formation_s,
            86400.0,
            "breach formation time",
        );
    }
}

pub(super) fn wind(o: &mut Out, p: &str, w: &Wind) {
    // Forecasts give km/h (or Beaufort force); a km/h figure written as m/s is 3.6 times too
    // strong: a storm no crew would be sent into, past what the fire model was fitted to.
    let path = format!("{p}.speed_mps");
    let as_kmh = format!(
        "if the forecast said {} km/h, write `speed_mps: {:.1}` (km/h ÷ 3.6)",
        w.speed_mps,
        w.speed_mps / 3.6
    );
    // Above 40 m/s `range` says it: "54 km/h is 15.0 m/s".
    if w.speed_mps > STORM_MPS && w.speed_mps <= 40.0 {
        o.err_hint(
            &path,
            format!(
                "wind of {} m/s is a storm (Beaufort 10 and above, over {STORM_MPS} m/s)",
                w.speed_mps
            ),
            as_kmh,
        );
    } else if w.speed_mps > GALE_MPS && w.speed_mps <= STORM_MPS {
        o.warn(
            &path,
            format!(
                "wind of {} m/s is a gale (Beaufort 8–9, over {GALE_MPS} m/s)",
                w.speed_mps
            ),
            Some(as_kmh),
        );
    } else {
        o.range(&path, w.speed_mps, 0.0, 40.0, true, "wind speed");
    }
    o.range(
        &format!("{p}.from_deg"),
        w.from_deg,
        0.0,
        360.0,
        true,
        "wind direction (degrees from north)",
    );
}

/// Beaufort 8 (gale) begins at 17.2 m/s, Beaufort 10 (storm) at 24.5 m/s (WMO, Manual on Codes).
const GALE_MPS: f64 = 17.2;
const STORM_MPS: f64 = 24.5;

fn hazard_kind(h: &Hazard) -> DrillKind {
    match h {
        Hazard::Earthquake(_) => DrillKind::Earthquake,
        Hazard::ForestFire(_) => DrillKind::ForestFire,
        Hazard::Flood(_) => DrillKind::Flood,
    }
}
