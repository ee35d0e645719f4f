//! The web experience hall (线上应急体验馆): public experiences in the browser, on the same engine
//! compiled to WebAssembly — the same scenario files, simulation, evaluator and 3D scene as the
//! desktop, not a second implementation.
//!
//! The page (web/) holds everything a visitor reads: the menu, the knowledge cards, the hints
//! and the result, in HTML (zh/en), so the wasm carries no fonts or UI toolkit. The engine draws
//! the world into the page's canvas, takes the page's buttons as the visitor's controls (the
//! keyboard works on the canvas too), and tells the page the drill's state and, at the end, the
//! result the evaluator gives (`outcome`). See docs/web.md.

pub mod bridge;
pub mod outcome;

use crate::app::Surface;
use crate::plan::evaluate::evaluate;
use crate::rng::RunSeed;
use crate::scenario::schema::Audience;
use crate::scenario::{Files, LoadedScenario, check_source_with};
use crate::sim::DrillSetup;
use crate::sim::clock::DrillClock;
use crate::sim::hazards::HazardTimeline;
use crate::sim::log::EventLog;
use crate::sim::people::{People, PersonState};
use crate::view::control::{Choices, Trainee, Virtual};
use crate::view::notices::Notices;
use crate::view::sound::Heard;
use crate::view::{EndShown, Screen, ViewOptions};
use crate::words::Lang;
use bevy::prelude::*;
use bridge::PageCommand;
use serde::Deserialize;
use serde_json::json;

/// A public experience shipped inside the wasm: its scenario and the files it refers to.
pub struct Embedded {
    pub id: &'static str,
    /// The scenario's path in the repository (for messages).
    pub file: &'static str,
    pub src: &'static str,
    /// (path as the scenario writes it, text).
    pub files: &'static [(&'static str, &'static str)],
}

/// The hall's experiences, in menu order: the earthquake at home, the hiker who meets a forest
/// fire, the family by the brook in a flood. Their terrains are inline grids (a few kilobytes).
pub const EXPERIENCES: &[Embedded] = &[
    Embedded {
        id: "home-earthquake",
        file: "scenarios/home-earthquake.ron",
        src: include_str!("../../scenarios/home-earthquake.ron"),
        files: &[(
            "plans/home-earthquake.ron",
            include_str!("../../scenarios/plans/home-earthquake.ron"),
        )],
    },
    Embedded {
        id: "hiker-forest-fire",
        file: "scenarios/hiker-forest-fire.ron",
        src: include_str!("../../scenarios/hiker-forest-fire.ron"),
        files: &[(
            "plans/hiker-forest-fire.ron",
            include_str!("../../scenarios/plans/hiker-forest-fire.ron"),
        )],
    },
    Embedded {
        id: "family-flood",
        file: "scenarios/family-flood.ron",
        src: include_str!("../../scenarios/family-flood.ron"),
        files: &[(
            "plans/family-flood.ron",
            include_str!("../../scenarios/plans/family-flood.ron"),
        )],
    },
];

/// Load an embedded experience through the same checks as `drillhall validate`.
pub fn load(e: &Embedded) -> Result<LoadedScenario, String> {
    let (reports, loaded) = check_source_with(e.file, e.src, Files::Memory(e.files));
    let errors: Vec<String> = reports
        .iter()
        .flat_map(|r| {
            r.unreadable
                .iter()
                .cloned()
                .chain(r.errors().map(ToString::to_string))
        })
        .collect();
    match loaded {
        Some(l) if errors.is_empty() => {
            if l.scenario.meta.audience != Audience::Public || l.scenario.participants.len() != 1 {
                return Err(format!(
                    "{}: a hall experience is a public scenario with one participant",
                    e.file
                ));
            }
            Ok(l)
        }
        _ => Err(errors.join("\n")),
    }
}

/// The menu the page shows before anything is downloaded (web/experiences.json, checked
/// against the shipped scenarios by a test): per experience its title, briefing, length and
/// the knowledge cards, which are the plan's steps with why they matter.
pub fn menu() -> Result<serde_json::Value, String> {
    let mut out = Vec::new();
    for e in EXPERIENCES {
        let l = load(e)?;
        let m = &l.scenario.meta;
        let cards: Vec<serde_json::Value> = l
            .plan
            .iter()
            .flat_map(|p| &p.steps)
            .map(|s| json!({ "id": s.id, "title": s.title, "why": s.why }))
            .collect();
        out.push(json!({
            "id": e.id,
            "kind": m.kind,
            "title": m.title,
            "briefing": m.briefing,
            "minutes": (l.scenario.end.time_limit_s / 60.0).ceil(),
            "cards": cards,
        }));
    }
    Ok(json!({ "experiences": out }))
}

/// What the visitor chose on the page.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HallConfig {
    pub experience: String,
    #[serde(default)]
    pub lang: Option<String>,
    #[serde(default)]
    pub reduced_motion: bool,
    /// Simulated seconds per wall second (the page's tests speed the drill up); 1 for visitors.
    #[serde(default)]
    pub pace: Option<f64>,
    #[serde(default)]
    pub seed: Option<u64>,
    /// A bot in the visitor's place (`follow-plan`, `panic`, `late`, `rule-breaker`): the
    /// page's buttons are ignored and, at the end, the page is handed the journal, so a test can
    /// compare it with the native run of the same scenario and seed.
    #[serde(default)]
    pub bot: Option<String>,
}

/// The journal of the visitor's drill, kept in memory (the browser has no files).
#[derive(Clone, Default)]
pub struct MemoryJournal(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for MemoryJournal {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| std::io::Error::other("journal lock poisoned"))?
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl MemoryJournal {
    /// The journal written so far.
    pub fn text(&self) -> String {
        self.0
            .lock()
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default()
    }
}

/// The journal of a bot's drill, handed to the page at the end.
#[derive(Resource)]
struct HallJournal(MemoryJournal);

/// What the page is handed at the end of a bot's drill: the journal's text, its line count and
/// the last line's hash (the hash chain's head, which fixes every line before it).
pub fn journal_message(text: &str) -> serde_json::Value {
    let last_hash = text
        .lines()
        .last()
        .and_then(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .and_then(|v| v["hash"].as_str().map(str::to_string));
    json!({ "lines": text.lines().count(), "last_hash": last_hash, "text": text })
}

/// The drill's App for the page's canvas `#hall-canvas`.
pub fn build(cfg: &HallConfig) -> Result<App, String> {
    let e = EXPERIENCES
        .iter()
        .find(|e| e.id == cfg.experience)
        .ok_or_else(|| format!("no experience `{}` in this hall", cfg.experience))?;
    let loaded = load(e)?;
    let seed = match cfg.seed {
        Some(s) => RunSeed(s),
        None => RunSeed::from_os()?,
    };
    let who = loaded.scenario.participants[0].id.clone();
    let bot = cfg
        .bot
        .as_deref()
        .map(crate::sim::bots::parse_policy)
        .transpose()?;
    // A bot takes the visitor's place, or the visitor plays.
    let (bots, visitors) = match bot {
        Some(policy) => (
            vec![crate::sim::BotOverride {
                who: who.clone(),
                policy,
            }],
            Vec::new(),
        ),
        None => (Vec::new(), vec![who.clone()]),
    };
    let setup = DrillSetup::new(&loaded, seed, &bots, &visitors)?;
    let lang = match cfg.lang.as_deref() {
        Some("en") => Lang::En,
        _ => Lang::Zh,
    };
    let opts = ViewOptions {
        lang,
        follow: Some(who),
        unattended: None,
        reduced_motion: cfg.reduced_motion,
        keys: crate::view::keys::KeyBindings::default(),
        text_scale: 1.0,
        pace: cfg
            .pace
            .filter(|p| p.is_finite())
            .unwrap_or(1.0)
            .clamp(0.25, 8.0),
    };
    // The visitor's drill is scored from the event log; a bot's journal is kept in memory for
    // the page (the browser has no files).
    if bot.is_none() {
        return crate::app::build_app(setup, Box::new(std::io::sink()), Surface::Hall(opts));
    }
    let journal = MemoryJournal::default();
    let mut app = crate::app::build_app(setup, Box::new(journal.clone()), Surface::Hall(opts))?;
    app.insert_resource(HallJournal(journal));
    Ok(app)
}

/// The browser's entry point: read the page's config, build the drill, run it.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    let cfg = bridge::config();
    let built = serde_json::from_str::<HallConfig>(&cfg)
        .map_err(|e| format!("config: {e}"))
        .and_then(|c| build(&c));
    match built {
        Ok(mut app) => {
            app.run();
        }
        Err(e) => bridge::send("error", &json!({ "message": e }).to_string()),
    }
}

/// The window of the page: its canvas, sized by the page.
pub fn window_plugins(title: String) -> bevy::app::PluginGroupBuilder {
    DefaultPlugins.set(WindowPlugin {
        primary_window: Some(Window {
            title,
            canvas: Some("#hall-canvas".into()),
            fit_canvas_to_parent: true,
            ..default()
        }),
        ..default()
    })
}

/// The hall's systems on top of the shared scene.
pub fn plugin(app: &mut App) {
    app.insert_resource(Screen::Drill);
    crate::view::scene(app);
    app.init_resource::<Told>().add_systems(
        Update,
        (
            pump.before(crate::view::StepSet),
            (tell, finish)
                .chain()
                .after(crate::view::StepSet)
                .after(crate::view::NoticeSet),
            tonemap,
        ),
    );
}

/// What the page was told last, so only changes are sent.
#[derive(Resource, Default)]
struct Told {
    state: String,
    frames: u32,
    result: bool,
}

/// The page's buttons into the trainee's controls.
fn pump(mut virt: ResMut<Virtual>, mut screen: ResMut<Screen>) {
    for line in bridge::take_input().lines() {
        match PageCommand::parse(line) {
            Some(PageCommand::Cover) => virt.crouch = true,
            Some(PageCommand::Choice(k)) => virt.choice = Some(k),
            Some(PageCommand::Walk(x, y)) => virt.walk = Vec2::new(x, y),
            Some(PageCommand::Turn(t)) => virt.turn = t,
            Some(PageCommand::Finish) if *screen == Screen::Drill => *screen = Screen::Debrief,
            _ => {}
        }
    }
}

/// The drill's state for the page: time, the notice (hint), the subtitle of the sound
/// playing, the actions at hand, whether the visitor is in cover, and a gentle word when
/// something struck them (a public experience shows no injuries).
#[allow(clippy::too_many_arguments)]
fn tell(
    clock: Res<DrillClock>,
    timeline: Res<HazardTimeline>,
    notices: Res<Notices>,
    heard: Res<Heard>,
    time: Res<Time>,
    choices: Res<Choices>,
    trainee: Res<Trainee>,
    people: Res<People>,
    parts: Res<crate::sim::participants::Participants>,
    hazard: Res<crate::view::HazardStatus>,
    mut told: ResMut<Told>,
) {
    told.frames += 1;
    // The first frames are drawn once the renderer is up: the page hides its loader then.
    if told.frames == 3 {
        bridge::send("frame", "{}");
    }
    let me = trainee.participant.map(|i| parts.list[i].person);
    let state = me.map(|p| &people.persons[p]);
    let msg = json!({
        "t_s": (clock.seconds() * 10.0).round() / 10.0,
        "clock": crate::words::clock(clock.seconds()),
        "shaking": timeline.shaking_at(clock.tick),
        "notice": notices.current(clock.tick),
        // The wind and the fire's distance; the warning in force, the gauge, the rain.
        "hazard": hazard.line,
        "subtitle": heard.subtitle(time.elapsed_secs()),
        "choices": choices.0.iter().map(|c| &c.label).collect::<Vec<_>>(),
        "cover": state.is_some_and(|s| s.state == PersonState::Cover),
        "struck": state.is_some_and(|s| s.state == PersonState::Injured),
        "safe": state.is_some_and(|s| s.at_refuge()),
    })
    .to_string();
    if msg != told.state {
        bridge::send("state", &msg);
        told.state = msg;
    }
}

/// At the drill's end (or the visitor's "finish"): score the event log against the plan and
/// tell the page the stars and what to remember.
fn finish(world: &mut World) {
    if *world.resource::<Screen>() != Screen::Debrief || world.resource::<Told>().result {
        return;
    }
    world.resource_mut::<Told>().result = true;
    let setup = world.resource::<DrillSetup>();
    let Some(plan) = &setup.plan else {
        bridge::send("result", "null");
        return;
    };
    let who = &setup.scenario.participants[0].id;
    let log = world.resource::<EventLog>();
    let eval = evaluate(&log.entries, plan);
    let result = outcome::of(&eval, plan, who);
    let ended = world.resource::<DrillClock>().ended.is_some();
    let json = json!({ "outcome": result, "complete": ended }).to_string();
    bridge::send("result", &json);
    if let Some(j) = world.get_resource::<HallJournal>()
        && ended
    {
        bridge::send("journal", &journal_message(&j.0.text()).to_string());
    }
    world.insert_resource(EndShown);
}

/// The web build has no tone-mapping tables (they are a megabyte): a curve that needs none.
fn tonemap(
    mut q: Query<
        &mut bevy::core_pipeline::tonemapping::Tonemapping,
        Added<bevy::core_pipeline::tonemapping::Tonemapping>,
    >,
) {
    for mut t in &mut q {
        *t = bevy::core_pipeline::tonemapping::Tonemapping::AcesFitted;
    }
}
