//! When plan steps start and when they count as done: one reading of a plan, shared by the bots
//! (deciding what to do next) and the evaluator (judging what was done).
//!
//! A step starts at its `starts` (a phase, an inject, a hazard milestone, a warning level, or
//! another step done; `AnyOf` the earliest). A step `Step(x)` is done for a participant
//! responsible for `x` when they did it; for anyone else when everyone responsible for `x` has
//! done it — or, once every occupant is settled, [`STEP_QUORUM_WAIT_S`] after the first did,
//! whichever comes first, so one missing report does not hold the whole chain (and the evaluator,
//! knowing the last did it in the end, reads the start as the bots could). Times are ticks.

use super::{PlanStep, Responsible, StepStart};
use crate::scenario::schema::{HazardEvent, Phase, Recipients, WarningLevel};
use std::collections::BTreeMap;

/// How long a `Step(x)` start waits, once everyone is settled, for the last of those
/// responsible for `x`.
pub const STEP_QUORUM_WAIT_S: f64 = 120.0;

/// The public course of the drill so far: what any participant could know.
#[derive(Clone, Debug, Default)]
pub struct Observed {
    pub phases: BTreeMap<Phase, u64>,
    pub hazards: Vec<(HazardEvent, u64)>,
    pub injects: BTreeMap<u32, u64>,
    /// Whom each inject was sent to: a step that starts on an inject starts for those it
    /// reached (a message to one cadre is that cadre's to act on).
    pub inject_to: BTreeMap<u32, Recipients>,
    pub warnings: Vec<(WarningLevel, u64)>,
    /// When every occupant was first settled (at a refuge, missing, injured or cut off).
    pub settled: Option<u64>,
    pub tick_hz: u32,
}

impl Observed {
    /// Whether inject `n` was sent to the participant `id` in `role` (to everyone, their role
    /// or them).
    pub fn inject_reached(&self, n: u32, role: &str, id: &str) -> bool {
        match self.inject_to.get(&n) {
            None | Some(Recipients::Everyone) => true,
            Some(Recipients::Role(r)) => r == role,
            Some(Recipients::Participant(p)) => p == id,
        }
    }
}

/// Whether `step` asks something of a participant in `role`.
pub fn applies(step: &PlanStep, role: &str) -> bool {
    match &step.responsible {
        Responsible::Everyone => true,
        Responsible::Role(r) => r == role,
        Responsible::Occupants => false,
    }
}

/// Who takes part, and when each did which step.
pub struct Doers<'a, F: Fn(usize, &str) -> Option<u64>> {
    /// The role of each participant.
    pub roles: &'a [String],
    /// The id of each participant (as `roles`).
    pub ids: &'a [String],
    /// When participant `i` did step `id`, if they have.
    pub done: F,
}

impl<F: Fn(usize, &str) -> Option<u64>> Doers<'_, F> {
    /// When `start` happened for participant `i`, if it has.
    pub fn start(
        &self,
        start: &StepStart,
        i: usize,
        steps: &[PlanStep],
        obs: &Observed,
    ) -> Option<u64> {
        match start {
            StepStart::Phase(p) => obs.phases.get(p).copied(),
            StepStart::Inject(n) => {
                let (role, id) = (self.roles.get(i), self.ids.get(i));
                let reached = obs.inject_reached(*n, role.map_or("", |r| r), id.map_or("", |x| x));
                obs.injects.get(n).copied().filter(|_| reached)
            }
            StepStart::Hazard(h) => obs.hazards.iter().find(|(e, _)| e == h).map(|(_, t)| *t),
            StepStart::Warning(level) => obs
                .warnings
                .iter()
                .find(|(l, _)| l >= level)
                .map(|(_, t)| *t),
            StepStart::AnyOf(list) => list
                .iter()
                .filter_map(|s| self.start(s, i, steps, obs))
                .min(),
            StepStart::Step(id) => self.step_done(id, i, steps, obs),
        }
    }

    /// When step `id` counts as done for participant `i` (see the module comment).
    pub fn step_done(&self, id: &str, i: usize, steps: &[PlanStep], obs: &Observed) -> Option<u64> {
        let step = steps.iter().find(|s| s.id == id)?;
        if applies(step, &self.roles[i]) {
            return (self.done)(i, id);
        }
        let times: Vec<Option<u64>> = (0..self.roles.len())
            .filter(|&j| applies(step, &self.roles[j]))
            .map(|j| (self.done)(j, id))
            .collect();
        let first = times.iter().flatten().min().copied()?;
        let all = if times.iter().all(Option::is_some) {
            times.iter().flatten().max().copied()
        } else {
            None
        };
        let wait = (STEP_QUORUM_WAIT_S * f64::from(obs.tick_hz.max(1))).round() as u64;
        let quorum = obs.settled.map(|settled| first.max(settled) + wait);
        // Whichever came first: the evaluator, who knows the last did it in the end, reads the
        // step as started when the bots, who could not wait for them, did.
        match (all, quorum) {
            (Some(a), Some(q)) => Some(a.min(q)),
            (a, q) => a.or(q),
        }
    }
}
