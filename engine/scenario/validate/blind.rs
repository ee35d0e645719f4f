//! Checks of a blind drill: its start delay and what it draws at random.

use super::{RefUse, ScenarioCheck};
use crate::scenario::schema::*;

impl ScenarioCheck<'_> {
    pub(super) fn blind(&mut self) {
        let Some(b) = &self.s.blind else { return };
        let kind = self.s.meta.kind;
        let mut o = self.out();
        let r = &b.start_delay_s;
        if o.range(
            "blind.start_delay_s.min",
            r.min,
            0.0,
            7.0 * 86400.0,
            true,
            "the earliest start delay",
        ) && r.max < r.min
        {
            o.err(
                "blind.start_delay_s.max",
                format!("max {} is below min {}", r.max, r.min),
            );
        }
        for (i, d) in b.draws.iter().enumerate() {
            let p = format!("blind.draws[{i}]");
            let needs = |k: DrillKind| (kind != k).then_some(k);
            let wrong = match d {
                Draw::Intensity(v) => {
                    if v.is_empty() {
                        self.out()
                            .err(&p, "the list of intensities to draw from is empty".into());
                    }
                    needs(DrillKind::Earthquake)
                }
                Draw::Ignition(pts) => {
                    if pts.is_empty() {
                        self.out().err(
                            &p,
                            "the list of ignition points to draw from is empty".into(),
                        );
                    }
                    for (k, pt) in pts.iter().enumerate() {
                        self.point_inside(&format!("{p}[{k}]"), *pt);
                    }
                    needs(DrillKind::ForestFire)
                }
                Draw::Wind {
                    speed_mps,
                    from_deg,
                } => {
                    self.drawn_range(&format!("{p}.speed_mps"), speed_mps, 40.0, "wind speed");
                    let mut o = self.out();
                    if o.range(
                        &format!("{p}.from_deg.min"),
                        from_deg.min,
                        0.0,
                        360.0,
                        true,
                        "direction",
                    ) && o.range(
                        &format!("{p}.from_deg.max"),
                        from_deg.max,
                        0.0,
                        720.0,
                        true,
                        "direction",
                    ) && from_deg.max < from_deg.min
                    {
                        o.err_hint(
                            &format!("{p}.from_deg.max"),
                            "max is below min".into(),
                            "to span north, write e.g. min: 330, max: 390",
                        );
                    }
                    needs(DrillKind::ForestFire)
                }
                Draw::Breach {
                    choices,
                    probability,
                    start_s,
                } => {
                    self.out()
                        .probability(&format!("{p}.probability"), *probability);
                    if let Some(r) = start_s {
                        self.drawn_range(&format!("{p}.start_s"), r, 1e7, "time");
                    }
                    if choices.is_empty() {
                        self.out()
                            .err(&format!("{p}.choices"), "no breach to draw from".into());
                    }
                    if kind == DrillKind::Flood {
                        for (k, c) in choices.iter().enumerate() {
                            self.breach(&format!("{p}.choices[{k}]"), c);
                        }
                    }
                    needs(DrillKind::Flood)
                }
                Draw::Rain { factor } => {
                    self.drawn_range(&format!("{p}.factor"), factor, 10.0, "factor");
                    needs(DrillKind::Flood)
                }
                Draw::BlockOneOf {
                    candidates,
                    probability,
                } => {
                    self.out()
                        .probability(&format!("{p}.probability"), *probability);
                    if candidates.is_empty() {
                        self.out()
                            .err(&format!("{p}.candidates"), "no candidate to block".into());
                    }
                    for (k, c) in candidates.iter().enumerate() {
                        self.site_ref(&format!("{p}.candidates[{k}]"), c, RefUse::Blockable);
                    }
                    None
                }
                Draw::Inject {
                    number,
                    probability,
                } => {
                    self.out()
                        .probability(&format!("{p}.probability"), *probability);
                    if !self.injects.contains_key(number) {
                        self.out().err(
                            &format!("{p}.number"),
                            format!("there is no inject number {number}"),
                        );
                    }
                    None
                }
            };
            if let Some(k) = wrong {
                self.out().err(
                    &p,
                    format!("this draw belongs to {k:?} drills; this is a {kind:?} drill"),
                );
            }
        }
    }

    /// A drawn range at `path`: both ends in 0 … `max`, and `max` not below `min`.
    fn drawn_range(&mut self, path: &str, r: &Range, max: f64, what: &str) {
        let mut o = self.out();
        if o.range(&format!("{path}.min"), r.min, 0.0, max, true, what)
            && o.range(&format!("{path}.max"), r.max, 0.0, max, true, what)
            && r.max < r.min
        {
            o.err(&format!("{path}.max"), "max is below min".into());
        }
    }
}
