//! Checks of the people: the occupant population and the participants.

use super::building::closed;
use super::{Ids, Out, RefUse, ScenarioCheck};
use crate::scenario::geometry as geo;
use crate::scenario::schema::*;
use std::collections::BTreeMap;

/// Weidmann's jam density: nobody can move above it.
const MAX_DENSITY_PPM2: f64 = 5.4;

impl ScenarioCheck<'_> {
    pub(super) fn people(&mut self) {
        let s = self.s;
        let mut o = self.out();
        let groups = o.list_ids("occupant group", "population", &s.population, |x| &x.id);
        let participants = o.list_ids("participant", "participants", &s.participants, |x| &x.id);
        self.groups = groups;
        self.participants = participants;
        let mut per_space: BTreeMap<&str, (u32, usize)> = BTreeMap::new();
        for (i, g) in s.population.iter().enumerate() {
            let p = format!("population[{i}]");
            if g.count == 0 || g.count > 100_000 {
                self.out().err(
                    &format!("{p}.count"),
                    format!("count must be 1–100000, found {}", g.count),
                );
            }
            if let Some(n) = &g.name {
                self.out().text(&format!("{p}.name"), n);
            }
            if self.site_ref(&format!("{p}.start"), &g.start, RefUse::Start)
                && let SiteRef::Space(id) = &g.start
            {
                let e = per_space.entry(id.as_str()).or_insert((0, i));
                e.0 = e.0.saturating_add(g.count);
            }
            distribution(
                &mut self.out(),
                &format!("{p}.pre_movement_s"),
                &g.pre_movement_s,
            );
            if let Some(l) = &g.leader {
                let ids = self.participants.clone();
                self.out()
                    .known(&format!("{p}.leader"), "participant", l, &ids);
                if !g.leaders.is_empty() {
                    self.out().err_hint(
                        &format!("{p}.leaders"),
                        format!("group `{}` gives both `leader` and `leaders`", g.id),
                        "list every adult with the group in `leaders`, the one who leads first",
                    );
                }
            }
            for (k, l) in g.leaders.iter().enumerate() {
                let ids = self.participants.clone();
                let at = format!("{p}.leaders[{k}]");
                self.out().known(&at, "participant", l, &ids);
                if g.leaders[..k].contains(l) {
                    self.out()
                        .err(&at, format!("`{l}` is listed twice in `leaders`"));
                }
            }
            if let Some(e) = &g.exit {
                if matches!(s.site, Site::Building(_)) {
                    let ids = self.exits.clone();
                    self.out().known(&format!("{p}.exit"), "exit", e, &ids);
                } else {
                    self.out().err(
                        &format!("{p}.exit"),
                        "exits belong to building sites".into(),
                    );
                }
            }
            if let Some(d) = &g.destination {
                self.site_ref(&format!("{p}.destination"), d, RefUse::Destination);
            }
            // Infants are carried out, at a pace the trainer states.
            match (g.profile, g.carry_speed_mps) {
                (Profile::Infant, None) => self.out().err_hint(
                    &format!("{p}.profile"),
                    format!("group `{}` are infants, who are carried out: how fast is not stated", g.id),
                    "add `carry_speed_mps`: the pace of an adult carrying one of them (time a carer walking your route with a 10 kg weight in her arms; no published figure is built in)",
                ),
                (Profile::Infant, Some(v)) => {
                    self.out().range(&format!("{p}.carry_speed_mps"), v, 0.2, 2.0, true, "the carrying speed");
                }
                (
                    Profile::Adult
                    | Profile::Child
                    | Profile::Toddler
                    | Profile::Elderly
                    | Profile::WheelchairUser,
                    Some(_),
                ) => self.out().warn(
                    &format!("{p}.carry_speed_mps"),
                    format!("group `{}` walk out themselves: `carry_speed_mps` is for infants and is ignored", g.id),
                    None,
                ),
                (
                    Profile::Adult
                    | Profile::Child
                    | Profile::Toddler
                    | Profile::Elderly
                    | Profile::WheelchairUser,
                    None,
                ) => {}
            }
            // Children led by the hand: an adult has two hands.
            if let Some(n) = g.hand_led_per_adult {
                match g.profile {
                    Profile::Toddler | Profile::Child => {
                        if !(1..=2).contains(&n) {
                            self.out().err_hint(
                                &format!("{p}.hand_led_per_adult"),
                                format!("an adult leads 1 or 2 children by the hand, not {n}"),
                                "an adult has two hands: state 1 or 2 (the rest of the class follows in line)",
                            );
                        }
                    }
                    Profile::Adult
                    | Profile::Infant
                    | Profile::Elderly
                    | Profile::WheelchairUser => self.out().warn(
                        &format!("{p}.hand_led_per_adult"),
                        format!(
                            "group `{}` are not children who walk: `hand_led_per_adult` is ignored",
                            g.id
                        ),
                        None,
                    ),
                }
            }
            // Sleepers need someone to come for them: an alarm wakes few children.
            let answered = s.participants.iter().any(|x| {
                x.responsible_for
                    .iter()
                    .any(|r| matches!(r, SiteOrGroup::Group(id) if id == &g.id))
            });
            if g.asleep && g.all_leaders().next().is_none() && !answered {
                self.out().warn(
                    &format!("{p}.asleep"),
                    format!("group `{}` is asleep and nobody leads it or answers for it: only an alarm or the shaking can wake it", g.id),
                    Some("give it a `leader`, or list `Group(\"…\")` in a participant's `responsible_for`".into()),
                );
            }
            if g.profile == Profile::Infant && g.all_leaders().next().is_none() && !answered {
                self.out().warn(
                    &format!("{p}.profile"),
                    format!("group `{}` are infants and nobody leads them or answers for them: nobody will carry them out", g.id),
                    Some("list their carers in `leaders`, and give the carers' role a `CarryInfant` step".into()),
                );
            }
            if g.profile == Profile::WheelchairUser
                && let (Site::Building(b), SiteRef::Space(id)) = (&s.site, &g.start)
                && let Some(&(fi, _)) = self.spaces.get(id.as_str())
            {
                let lowest = b
                    .floors
                    .iter()
                    .map(|f| f.elevation_m)
                    .fold(f64::INFINITY, f64::min);
                if b.floors[fi].elevation_m > lowest + 1.5 && b.lifts.is_empty() {
                    self.out().warn(
                        &format!("{p}.profile"),
                        format!("wheelchair users in `{id}` are on an upper floor of a building with no lift"),
                        Some("they cannot use stairs unassisted; the plan must assign helpers".into()),
                    );
                }
            }
        }
        self.staffing();
        // Density where groups start.
        if let Site::Building(b) = &s.site {
            for (id, (n, i)) in per_space {
                if let Some(&(fi, si)) = self.spaces.get(id) {
                    let a = geo::area(&closed(&b.floors[fi].spaces[si].polygon));
                    if a > 0.0 && f64::from(n) / a > MAX_DENSITY_PPM2 {
                        self.out().err_hint(
                            &format!("population[{i}].count"),
                            format!(
                                "{n} people start in `{id}` ({a:.1} m²): {:.1} persons/m², above the {MAX_DENSITY_PPM2} at which nobody can move",
                                f64::from(n) / a
                            ),
                            "spread them over more spaces or enlarge the space",
                        );
                    }
                }
            }
            let total: u64 = s.population.iter().map(|g| u64::from(g.count)).sum::<u64>()
                + s.participants.len() as u64;
            let capacity: u64 = b
                .assembly_areas
                .iter()
                .map(|a| u64::from(a.capacity_persons))
                .sum();
            if capacity > 0 && total > capacity {
                self.out().warn(
                    "site.assembly_areas",
                    format!("the assembly areas hold {capacity} people but {total} take part"),
                    None,
                );
            }
        }
        // Participants.
        let roles: Option<Vec<String>> = self
            .plan
            .as_ref()
            .map(|p| p.roles.iter().map(|r| r.id.clone()).collect());
        for (i, pt) in s.participants.iter().enumerate() {
            let p = format!("participants[{i}]");
            self.out().text(&format!("{p}.name"), &pt.name);
            self.site_ref(&format!("{p}.start"), &pt.start, RefUse::Start);
            if let Some(roles) = &roles {
                let ids: Ids = roles
                    .iter()
                    .enumerate()
                    .map(|(k, r)| (r.as_str(), k))
                    .collect();
                self.out()
                    .known(&format!("{p}.role"), "role of the plan", &pt.role, &ids);
            }
            for (k, d) in pt.responsible_for.iter().enumerate() {
                let path = format!("{p}.responsible_for[{k}]");
                match d {
                    SiteOrGroup::Group(g) => {
                        let ids = self.groups.clone();
                        self.out().known(&path, "occupant group", g, &ids);
                    }
                    SiteOrGroup::Site(r) => {
                        self.site_ref(&path, r, RefUse::Any);
                    }
                }
            }
        }
        if let (Some(plan), false) = (&self.plan, s.participants.is_empty()) {
            let unfilled: Vec<String> = plan
                .roles
                .iter()
                .filter(|r| !s.participants.iter().any(|p| p.role == r.id))
                .map(|r| r.id.clone())
                .collect();
            if !unfilled.is_empty() {
                self.out().warn(
                    "participants",
                    format!(
                        "no participant plays the plan's role(s): {}",
                        unfilled.join(", ")
                    ),
                    Some("steps of those roles will be rated not applicable".into()),
                );
            }
        }
    }
}

fn distribution(o: &mut Out, p: &str, d: &Distribution) {
    const DAY: f64 = 86400.0;
    match *d {
        Distribution::Fixed(x) => {
            o.range(p, x, 0.0, DAY, true, "pre-movement time");
        }
        Distribution::Uniform { min, max } => {
            if o.range(&format!("{p}.min"), min, 0.0, DAY, true, "min") && max < min {
                o.err(&format!("{p}.max"), format!("max {max} is below min {min}"));
            }
            o.range(&format!("{p}.max"), max, 0.0, DAY, true, "max");
        }
        Distribution::Normal { mean, sd } => {
            o.range(&format!("{p}.mean"), mean, 0.0, DAY, true, "mean");
            o.range(&format!("{p}.sd"), sd, 0.0, DAY, true, "standard deviation");
        }
        Distribution::LogNormal { mu, sigma } => {
            o.range(
                &format!("{p}.mu"),
                mu,
                -10.0,
                11.4,
                true,
                "mu (mean of ln seconds)",
            );
            o.positive(&format!("{p}.sigma"), sigma, 5.0, "sigma");
        }
        Distribution::Gamma { shape, scale } => {
            o.positive(&format!("{p}.shape"), shape, 1000.0, "shape");
            o.positive(&format!("{p}.scale"), scale, DAY, "scale");
        }
        Distribution::Weibull { scale, shape } => {
            o.positive(&format!("{p}.scale"), scale, DAY, "scale");
            o.positive(&format!("{p}.shape"), shape, 1000.0, "shape");
        }
        Distribution::Steps { first, step } => {
            o.range(&format!("{p}.first"), first, 0.0, DAY, true, "first");
            o.range(&format!("{p}.step"), step, 0.0, DAY, true, "step");
        }
    }
}

impl ScenarioCheck<'_> {
    /// The plan's staffing rule against each group of children: the adults with it are its
    /// leaders and whoever answers for it.
    fn staffing(&mut self) {
        let s = self.s;
        let Some(rule) = self.plan.as_ref().and_then(|p| p.staffing.clone()) else {
            return;
        };
        let cite = format!("{} {}", rule.source.doc, rule.source.clause);
        for (i, g) in s.population.iter().enumerate() {
            match g.profile {
                Profile::Child | Profile::Toddler | Profile::Infant => {}
                Profile::Adult | Profile::Elderly | Profile::WheelchairUser => continue,
            }
            let mut staff: Vec<&str> = g.all_leaders().map(String::as_str).collect();
            for x in &s.participants {
                let answers = x
                    .responsible_for
                    .iter()
                    .any(|r| matches!(r, SiteOrGroup::Group(id) if id == &g.id));
                if answers && !staff.contains(&x.id.as_str()) {
                    staff.push(&x.id);
                }
            }
            let n = staff.len() as u32;
            let at = if g.leader.is_some() {
                format!("population[{i}].leader")
            } else if g.leaders.is_empty() {
                format!("population[{i}].id")
            } else {
                format!("population[{i}].leaders")
            };
            if let Some(want) = rule.per_group
                && n < want
            {
                self.out().warn(
                    &at,
                    format!(
                        "group `{}` has {n} adult(s) with it; the plan's staffing rule ({cite}) asks for {want}",
                        g.id
                    ),
                    Some("list the adults in `leaders`, or in a participant's `responsible_for`".into()),
                );
            }
            if let Some(ratio) = rule.children_per_adult
                && g.count > n.saturating_mul(ratio)
            {
                self.out().warn(
                    &at,
                    format!(
                        "group `{}`: {} children with {n} adult(s), more than the {ratio} per adult of the plan's staffing rule ({cite})",
                        g.id, g.count
                    ),
                    None,
                );
            }
        }
    }
}
