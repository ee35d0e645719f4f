//! The drill simulation as Bevy plugins, the same on every surface (`crate::app` builds the App).
//!
//! The simulation runs in its own schedule, [`SimTick`], one run per fixed tick of
//! 1/[`TICK_HZ`] s, on a single thread with its systems in a fixed order ([`SimSet`]), so the same
//! scenario, seed and inputs give the same journal byte for byte. Headless runs call the
//! schedule in a loop as fast as the CPU allows ([`run_headless`]); desktop and web will drive it
//! from Bevy's fixed-timestep loop and add view plugins that read the state and push
//! [`Input`]s. Nothing in the simulation reads the wall clock or an unseeded random source.

pub mod bots;
pub mod carry;
pub mod clock;
mod crew;
pub mod fire;
mod fire_exposure;
pub mod flood;
pub mod hand;
pub mod hazards;
pub mod injects;
pub mod journal;
mod lead_home;
pub mod log;
pub mod participants;
pub mod people;
pub mod quake;
pub mod sweep;

pub use crate::journal::events::SimEvent;
use crate::journal::events::{Driver, EndReason};
use crate::plan::Plan;
use crate::rng::RunSeed;
use crate::scenario::LoadedScenario;
use crate::scenario::blind::{self, Variant};
use crate::scenario::schema::{BotPolicy, Scenario};
use bevy::app::App;
use bevy::ecs::schedule::{Schedule, ScheduleLabel, SingleThreadedExecutor, SystemSet};
use bevy::prelude::*;
pub use participants::Input;
use std::io::Write;

/// Simulation ticks per second.
pub const TICK_HZ: u32 = 10;

/// One tick of the drill.
#[derive(ScheduleLabel, Clone, Debug, PartialEq, Eq, Hash)]
pub struct SimTick;

/// The order of work inside a tick.
#[derive(SystemSet, Clone, Debug, PartialEq, Eq, Hash)]
pub enum SimSet {
    /// Scheduled hazard milestones (warnings, shaking, ignition, rain).
    Hazards,
    /// The master scenario events list.
    Injects,
    /// Bots choose inputs; human inputs arrive from the view.
    Decide,
    /// Inputs become actions and their effects.
    Act,
    /// Occupants decide when to go; everyone moves.
    Move,
    /// What the hazards do to the site and the people on it: one self-gating plugin per hazard
    /// (the earthquake's contents and injuries in `quake`; fire and water will join here).
    HazardEffects,
    /// Phases, the end of the drill, the plan's progress.
    Assess,
    /// Everything recorded this tick goes to the journal.
    Record,
}

/// A double-blind run: what was drawn, kept for the reveal at the end.
#[derive(Clone, Debug)]
pub struct BlindRun {
    pub variant: Variant,
    pub commitment: String,
}

/// Everything a run starts from. Same setup and same inputs: same journal.
#[derive(Resource, Clone, Debug)]
pub struct DrillSetup {
    /// The scripted scenario (for a blind drill: after the draw was applied).
    pub scenario: Scenario,
    pub plan: Option<Plan>,
    pub seed: RunSeed,
    pub scenario_sha256: String,
    pub blind: Option<BlindRun>,
    /// The driver of each participant, in scenario order.
    pub drivers: Vec<Driver>,
    pub engine_version: String,
    /// A terrain site's elevation grid, resolved (inline or from its file).
    pub elevation: Option<crate::scenario::grid::GridData>,
    /// Its fuel raster, if it has one.
    pub fuel_grid: Option<crate::scenario::grid::GridData>,
    /// Its roughness raster, if it has one.
    pub roughness_grid: Option<crate::scenario::grid::GridData>,
}

/// A `--bot` option: a participant id or a role, and the policy.
#[derive(Clone, Debug, PartialEq)]
pub struct BotOverride {
    pub who: String,
    pub policy: BotPolicy,
}

impl DrillSetup {
    /// Prepare a run of a loaded scenario: draws a blind scenario's content from the seed.
    /// Errors name an override that matches no participant or role.
    pub fn new(
        loaded: &LoadedScenario,
        seed: RunSeed,
        overrides: &[BotOverride],
        humans: &[String],
    ) -> Result<DrillSetup, String> {
        let (scenario, blind) = match &loaded.scenario.blind {
            Some(b) => {
                let variant = blind::draw(b, seed);
                let commitment = blind::commitment(seed, &variant);
                (
                    blind::apply(&loaded.scenario, &variant),
                    Some(BlindRun {
                        variant,
                        commitment,
                    }),
                )
            }
            None => (loaded.scenario.clone(), None),
        };
        for o in overrides {
            if !scenario
                .participants
                .iter()
                .any(|p| p.id == o.who || p.role == o.who)
            {
                return Err(format!(
                    "--bot {}: no participant or role `{}` in scenario `{}` (participants: {})",
                    o.who,
                    o.who,
                    scenario.meta.id,
                    participant_list(&scenario)
                ));
            }
        }
        for h in humans {
            if !scenario
                .participants
                .iter()
                .any(|p| &p.id == h || &p.role == h)
            {
                return Err(format!(
                    "no participant or role `{h}` in scenario `{}` (participants: {})",
                    scenario.meta.id,
                    participant_list(&scenario)
                ));
            }
        }
        let drivers = scenario
            .participants
            .iter()
            .map(|p| {
                if humans.iter().any(|h| h == &p.id || h == &p.role) {
                    return Driver::Human;
                }
                // A participant id wins over a role; the last matching option wins.
                let by_id = overrides.iter().rev().find(|o| o.who == p.id);
                let by_role = overrides.iter().rev().find(|o| o.who == p.role);
                Driver::Bot(by_id.or(by_role).map_or(p.bot, |o| o.policy))
            })
            .collect();
        Ok(DrillSetup {
            scenario,
            plan: loaded.plan.clone(),
            seed,
            scenario_sha256: loaded.source_sha256.clone(),
            blind,
            drivers,
            engine_version: env!("CARGO_PKG_VERSION").to_string(),
            elevation: loaded.elevation.clone(),
            fuel_grid: loaded.fuel_grid.clone(),
            roughness_grid: loaded.roughness_grid.clone(),
        })
    }
}

fn participant_list(s: &Scenario) -> String {
    let ids: Vec<String> = s
        .participants
        .iter()
        .map(|p| format!("{} ({})", p.id, p.role))
        .collect();
    if ids.is_empty() {
        "none".into()
    } else {
        ids.join(", ")
    }
}

/// The simulation on an App: its schedule, its resources and its plugins, and the journal it
/// writes to `journal` (a file, memory, or `io::sink()`). Every surface adds exactly this; what
/// it adds around it (a window, a canvas, nothing) is `crate::app`'s business.
pub fn add_drill(
    app: &mut App,
    setup: DrillSetup,
    journal: Box<dyn Write + Send + Sync>,
) -> Result<(), String> {
    let mut schedule = Schedule::new(SimTick);
    schedule.set_executor(SingleThreadedExecutor::new());
    schedule.configure_sets(
        (
            SimSet::Hazards,
            SimSet::Injects,
            SimSet::Decide,
            SimSet::Act,
            SimSet::Move,
            SimSet::HazardEffects,
            SimSet::Assess,
            SimSet::Record,
        )
            .chain(),
    );
    app.add_schedule(schedule);
    app.insert_resource(setup);
    journal::open(app, journal)?;
    app.add_plugins((
        clock::plugin,
        hazards::plugin,
        injects::plugin,
        people::plugin,
        participants::plugin,
        bots::plugin,
        quake::plugin,
        fire::plugin,
        flood::plugin,
        journal::plugin,
    ));
    Ok(())
}

/// How a headless run ended.
#[derive(Clone, Debug, PartialEq)]
pub struct RunSummary {
    pub ticks: u64,
    pub sim_s: f64,
    pub end: EndReason,
    pub occupants: u32,
    pub out_of_building: u32,
    pub at_destination: u32,
    pub stayed_behind: u32,
    pub injured: u32,
    /// People hurt in any way (every `Injured` event's person, once).
    pub hurt: u32,
    /// Of them, people killed.
    pub killed: u32,
    /// From the evacuation signal to the last person out of the building, s.
    pub evacuation_s: Option<f64>,
    /// From the hazard's first event to the last person out of the building, s.
    pub evacuation_from_hazard_s: Option<f64>,
    /// People cut off (nothing open leads where they must go).
    pub stranded: u32,
    /// The flow-limited least time for the building's stairs and exits, s.
    pub capacity_s: Option<f64>,
    pub journal_entries: u64,
}

/// Step the drill until it ends. `on_tick` is called after every tick (progress, pacing,
/// tests); it may stop the run early by returning `false`.
pub fn run_headless(app: &mut App, mut on_tick: impl FnMut(&World) -> bool) -> RunSummary {
    loop {
        app.world_mut().run_schedule(SimTick);
        let ended = app.world().resource::<clock::DrillClock>().ended.is_some();
        if !on_tick(app.world()) || ended {
            break;
        }
    }
    summary(app.world())
}

/// The state of the run as the summary line reports it.
pub fn summary(world: &World) -> RunSummary {
    let clock = world.resource::<clock::DrillClock>();
    let people = world.resource::<people::People>();
    let c = people.counts();
    let log = &world.resource::<log::EventLog>().entries;
    let evacuation = crate::report::evacuation(log, TICK_HZ);
    let hurt = crate::report::analysis::hurt(log);
    RunSummary {
        ticks: clock.tick,
        sim_s: clock.seconds(),
        end: clock.ended.clone().unwrap_or(EndReason::Stopped),
        occupants: c.occupants,
        out_of_building: c.out_of_building,
        at_destination: c.at_destination,
        stayed_behind: c.stayed_behind,
        injured: c.injured,
        hurt: hurt.people,
        killed: hurt.killed,
        evacuation_s: evacuation
            .as_ref()
            .filter(|e| e.from_signal)
            .map(|e| e.total_s),
        evacuation_from_hazard_s: evacuation.as_ref().and_then(|e| e.from_hazard_s),
        stranded: c.stranded,
        capacity_s: evacuation.as_ref().and_then(|e| e.capacity_s),
        journal_entries: world.resource::<journal::JournalSink>().entries(),
    }
}
