//! Checks of the injects, their conditions and the places the plan sends people to.

use super::hazard::wind;
use super::plan::step_starts;
use super::{Ids, RefUse, ScenarioCheck};
use crate::plan::{Destination, Requirement, StepStart};
use crate::scenario::schema::*;
use std::collections::{BTreeMap, BTreeSet};

impl ScenarioCheck<'_> {
    pub(super) fn injects(&mut self) {
        let s = self.s;
        let limit = s.end.time_limit_s;
        let kind = s.meta.kind;
        for (i, inj) in s.injects.iter().enumerate() {
            if let Some(first) = self.injects.get(&inj.number) {
                let line = self
                    .loc
                    .span(&format!("injects[{first}].number"))
                    .start
                    .line;
                self.out().err(
                    &format!("injects[{i}].number"),
                    format!(
                        "inject number {} is used twice (first on line {line})",
                        inj.number
                    ),
                );
            } else {
                self.injects.insert(inj.number, i);
            }
        }
        let numbers: BTreeMap<u32, usize> = self.injects.clone();
        let number_ids: Vec<String> = numbers.keys().map(u32::to_string).collect();
        let number_idx: Ids = number_ids
            .iter()
            .enumerate()
            .map(|(k, n)| (n.as_str(), k))
            .collect();
        for (i, inj) in s.injects.iter().enumerate() {
            let p = format!("injects[{i}]");
            if inj.channel == Channel::Hint {
                if s.meta.audience != Audience::Public {
                    self.out().err_hint(
                        &format!("{p}.channel"),
                        "a hint is for public experiences: a trainee drill gives no hints".into(),
                        "set `meta.audience: Public`, or deliver it by another channel",
                    );
                } else if inj.effect != Effect::Message || inj.message.is_none() {
                    self.out().err(
                        &format!("{p}.channel"),
                        "a hint is a message: give it `effect: Message` and a `message`".into(),
                    );
                }
            }
            match &inj.trigger {
                Trigger::At { time_s } => {
                    self.out().range(
                        &format!("{p}.trigger.time_s"),
                        *time_s,
                        0.0,
                        limit,
                        true,
                        "inject time (within the time limit)",
                    );
                }
                Trigger::After { inject, delay_s } => {
                    self.out().range(
                        &format!("{p}.trigger.delay_s"),
                        *delay_s,
                        0.0,
                        limit,
                        true,
                        "delay",
                    );
                    if *inject == inj.number {
                        self.out().err(
                            &format!("{p}.trigger.inject"),
                            format!("inject {} waits for itself", inj.number),
                        );
                    } else if self.out().known(
                        &format!("{p}.trigger.inject"),
                        "inject number",
                        &inject.to_string(),
                        &number_idx,
                    ) {
                        // Follow the chain: a cycle would never fire.
                        let mut seen = BTreeSet::from([inj.number]);
                        let mut cur = *inject;
                        while let Some(&k) = numbers.get(&cur) {
                            if !seen.insert(cur) {
                                self.out().err(
                                    &format!("{p}.trigger"),
                                    format!(
                                        "inject {} waits on a cycle of injects that never fires",
                                        inj.number
                                    ),
                                );
                                break;
                            }
                            match &s.injects[k].trigger {
                                Trigger::After { inject, .. } => cur = *inject,
                                _ => break,
                            }
                        }
                    }
                }
                Trigger::When { condition, delay_s } => {
                    self.out().range(
                        &format!("{p}.trigger.delay_s"),
                        *delay_s,
                        0.0,
                        limit,
                        true,
                        "delay",
                    );
                    self.condition(&format!("{p}.trigger.condition"), condition);
                }
            }
            let ep = format!("{p}.effect");
            let needs = |k: DrillKind| if kind == k { None } else { Some(k) };
            let wrong_kind = match &inj.effect {
                Effect::Block(r) | Effect::Clear(r) => {
                    self.site_ref(&ep, r, RefUse::Blockable);
                    None
                }
                Effect::Aftershock { duration_s, .. } => {
                    self.out().positive(
                        &format!("{ep}.duration_s"),
                        *duration_s,
                        120.0,
                        "aftershock duration",
                    );
                    needs(DrillKind::Earthquake)
                }
                Effect::WindShift(w) => {
                    wind(&mut self.out(), &ep, w);
                    needs(DrillKind::ForestFire)
                }
                Effect::SpotFire { at } => {
                    self.point_inside(&format!("{ep}.at"), *at);
                    needs(DrillKind::ForestFire)
                }
                Effect::IssueWarning { .. } => needs(DrillKind::Flood),
                Effect::LeveeBreach(b) => {
                    if kind == DrillKind::Flood {
                        self.breach(&ep, b);
                    }
                    needs(DrillKind::Flood)
                }
                Effect::Injured { group, count } | Effect::Missing { group, count, .. } => {
                    if let Effect::Missing { at: Some(at), .. } = &inj.effect {
                        self.site_ref(&format!("{ep}.at"), at, RefUse::Start);
                    }
                    let ids = self.groups.clone();
                    if self
                        .out()
                        .known(&format!("{ep}.group"), "occupant group", group, &ids)
                    {
                        let size = s
                            .population
                            .iter()
                            .find(|g| &g.id == group)
                            .map_or(0, |g| g.count);
                        if *count == 0 || *count > size {
                            self.out().err(&format!("{ep}.count"), format!("count must be 1–{size} (the size of group `{group}`), found {count}"));
                        }
                    }
                    None
                }
                Effect::Message => {
                    if inj.message.is_none() {
                        self.out().err_hint(
                            &ep,
                            "a `Message` inject has no `message`".into(),
                            "add `message: (zh: \"…\", en: \"…\")`",
                        );
                    }
                    None
                }
                Effect::PowerCut | Effect::AllClear => None,
            };
            if let Some(k) = wrong_kind {
                self.out().err(
                    &ep,
                    format!("this effect belongs to {k:?} drills; this is a {kind:?} drill"),
                );
            }
            if let Some(m) = &inj.message {
                self.out().text(&format!("{p}.message"), m);
            }
            if let Some(m) = &inj.expected_action {
                self.out().text(&format!("{p}.expected_action"), m);
            }
            match &inj.to {
                Recipients::Everyone => {}
                Recipients::Role(r) => {
                    let roles: Option<Vec<String>> = self
                        .plan
                        .as_ref()
                        .map(|pl| pl.roles.iter().map(|x| x.id.clone()).collect());
                    if let Some(roles) = roles {
                        let ids: Ids = roles
                            .iter()
                            .enumerate()
                            .map(|(k, x)| (x.as_str(), k))
                            .collect();
                        self.out()
                            .known(&format!("{p}.to"), "role of the plan", r, &ids);
                    }
                }
                Recipients::Participant(id) => {
                    let ids = self.participants.clone();
                    self.out()
                        .known(&format!("{p}.to"), "participant", id, &ids);
                }
            }
        }
        // Plan steps started by injects must find them.
        let mut never: Vec<String> = Vec::new();
        if let Some(plan) = &self.plan {
            for st in &plan.steps {
                for (_, start) in step_starts(&st.starts, "") {
                    if let StepStart::Inject(n) = *start
                        && !numbers.contains_key(&n)
                    {
                        never.push(format!(
                            "plan step `{}` starts on inject {n}, which this scenario does not have",
                            st.id
                        ));
                    }
                }
            }
        }
        for msg in never {
            self.out()
                .warn("plan", msg, Some("that step will never start".into()));
        }
        self.plan_destinations();
    }

    /// Every kind of place the plan sends people to must exist on this site.
    fn plan_destinations(&mut self) {
        let Some(plan) = &self.plan else { return };
        let site = &self.s.site;
        let has = |d: Destination| match (site, d) {
            (Site::Building(b), Destination::AssemblyArea) => !b.assembly_areas.is_empty(),
            (Site::Building(_), Destination::OutOfBuilding) => true,
            (Site::Terrain(t), Destination::Shelter) => {
                t.shelters.iter().any(|s| s.kind == ShelterKind::Shelter)
            }
            (Site::Terrain(t), Destination::SafetyZone) => {
                t.shelters.iter().any(|s| s.kind == ShelterKind::SafetyZone)
            }
            // Shelters are chosen on high ground, so they count as high ground too.
            (Site::Terrain(t), Destination::HighGround) => t
                .shelters
                .iter()
                .any(|s| matches!(s.kind, ShelterKind::HighGround | ShelterKind::Shelter)),
            _ => false,
        };
        let missing: Vec<String> = plan
            .steps
            .iter()
            .filter_map(|st| match st.requires {
                Requirement::Reach(d) | Requirement::AllReach(d) if !has(d) => Some(format!(
                    "plan step `{}` requires reaching {d:?}, and this site has none",
                    st.id
                )),
                _ => None,
            })
            .collect();
        for msg in missing {
            let hint = "add a shelter of that `kind`, or the step can never be met";
            self.out().warn("plan", msg, Some(hint.into()));
        }
    }

    fn condition(&mut self, p: &str, c: &Condition) {
        let kind = self.s.meta.kind;
        let wrong = match c {
            Condition::WarningIssued(_) => (kind != DrillKind::Flood).then_some(DrillKind::Flood),
            Condition::PhaseBegins(_) => None,
            Condition::FirstReaches(r) => {
                self.site_ref(p, r, RefUse::Any);
                None
            }
            Condition::EvacuatedFraction(f) => {
                self.out().range(p, *f, 0.0, 1.0, false, "fraction");
                None
            }
            Condition::Hazard(ev) => (kind != ev.drill_kind()).then_some(ev.drill_kind()),
            Condition::GaugeLevel { gauge, level_m } => {
                let gauges: Vec<String> = self
                    .s
                    .hazards
                    .iter()
                    .flat_map(|h| match h {
                        Hazard::Flood(f) => f.gauges.iter().map(|g| g.id.clone()).collect(),
                        _ => Vec::new(),
                    })
                    .collect();
                let ids: Ids = gauges
                    .iter()
                    .enumerate()
                    .map(|(k, g)| (g.as_str(), k))
                    .collect();
                let mut o = self.out();
                o.known(&format!("{p}.gauge"), "gauge", gauge, &ids);
                o.range(
                    &format!("{p}.level_m"),
                    *level_m,
                    -500.0,
                    9000.0,
                    true,
                    "water level",
                );
                (kind != DrillKind::Flood).then_some(DrillKind::Flood)
            }
            Condition::WaterDepth { at, depth_m } => {
                self.site_ref(&format!("{p}.at"), at, RefUse::Any);
                self.out()
                    .positive(&format!("{p}.depth_m"), *depth_m, 100.0, "depth");
                (kind != DrillKind::Flood).then_some(DrillKind::Flood)
            }
            Condition::FireWithin { at, distance_m } => {
                self.site_ref(&format!("{p}.at"), at, RefUse::Any);
                self.out().range(
                    &format!("{p}.distance_m"),
                    *distance_m,
                    0.0,
                    100_000.0,
                    true,
                    "distance",
                );
                (kind != DrillKind::ForestFire).then_some(DrillKind::ForestFire)
            }
        };
        if let Some(k) = wrong {
            self.out().err(
                p,
                format!("this condition belongs to {k:?} drills; this is a {kind:?} drill"),
            );
        }
    }
}
