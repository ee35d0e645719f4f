//! The desktop view: a 3D world built from the scenario, the people and the building's contents
//! as the simulation moves them, a camera, the HUD, and the unattended mode that drives the drill
//! tick by tick and saves screenshots at fixed simulated times.
//!
//! The view reads the simulation and never writes to it except by stepping its schedule: the
//! journal of a played drill is the journal of the same drill run headless.

mod actors;
#[cfg(not(target_arch = "wasm32"))]
mod briefing;
mod camera;
pub mod control;
#[cfg(not(target_arch = "wasm32"))]
pub mod debrief;
mod fire;
mod flood;
#[cfg(not(target_arch = "wasm32"))]
mod hud;
pub mod keys;
pub mod notices;
pub mod sound;
mod stepping;
#[cfg(not(target_arch = "wasm32"))]
pub mod title;
#[cfg(not(target_arch = "wasm32"))]
mod ui;
pub mod world;

pub use notices::NoticeSet;
pub use stepping::StepSet;
#[cfg(not(target_arch = "wasm32"))]
pub(crate) use ui::{Line, UiFont, load_ui_font, spawn_lines, wrap, wrap_at};

pub use crate::words::{Lang, pick};
use bevy::prelude::*;
use std::path::PathBuf;

/// How the window was asked for.
#[derive(Resource, Clone, Debug)]
pub struct ViewOptions {
    pub lang: Lang,
    /// The participant (id or role) the camera follows; `None` for the overview.
    pub follow: Option<String>,
    pub unattended: Option<Unattended>,
    /// Replace camera shake by a visual cue.
    pub reduced_motion: bool,
    pub keys: keys::KeyBindings,
    /// Scale of all on-screen text and panels (1 = normal); the text-size keys change it.
    pub text_scale: f32,
    /// Simulated seconds per wall second when played (1 = real time).
    pub pace: f64,
}

/// Where the window is: the briefing, the drill, the debrief. The drill steps only in `Drill`.
#[derive(Resource, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Briefing,
    Drill,
    Debrief,
}

/// Bevy's default plugins for a drillhall window (1280 × 720). Unattended windows compile render
/// pipelines synchronously, so a screenshot shows everything at the moment it is taken.
pub fn window_plugins(title: String, unattended: bool) -> bevy::app::PluginGroupBuilder {
    DefaultPlugins
        .set(WindowPlugin {
            primary_window: Some(Window {
                title,
                resolution: bevy::window::WindowResolution::new(1280, 720),
                ..default()
            }),
            ..default()
        })
        .set(bevy::render::RenderPlugin {
            synchronous_pipeline_compilation: unattended,
            ..default()
        })
}

/// Unattended play (tests, demos, a kiosk's attract loop): screenshots at fixed simulated
/// times, then exit.
#[derive(Clone, Debug)]
pub struct Unattended {
    pub screenshots: Option<PathBuf>,
    /// Simulated seconds between screenshots.
    pub every_s: f64,
    /// Screenshots at these simulated seconds instead (`--at 30,59,75`).
    pub at_s: Vec<f64>,
    /// Stop at this simulated time (or when the drill ends).
    pub until_s: f64,
    /// Instead of screenshots: measure the frame's CPU time (`drillhall bench frame`).
    pub frame_bench: Option<FrameBench>,
}

/// `drillhall bench frame`: the drill is run headless-fast to `from_s`, then paced as at 60
/// frames per second (one tick every six frames) for `frames` frames, timing the main world's
/// schedule (simulation and ECS: the view's systems, transforms, visibility, UI layout; the
/// render world runs on its own thread and the GPU is not waited for).
#[derive(Clone, Debug)]
pub struct FrameBench {
    pub from_s: f64,
    pub frames: u32,
}

/// Sim coordinates (x east, y north, z up) to Bevy's (y up, −z north).
pub fn to_bevy(x: f64, y: f64, z: f64) -> Vec3 {
    Vec3::new(x as f32, z as f32, -y as f32)
}

/// In the overview, storeys above this height are not drawn, so the floor where things happen can
/// be seen from above.
#[derive(Resource, Clone, Copy, Debug)]
pub struct Cutaway {
    pub above_m: f32,
}

/// What stands on one storey (its floor's height), for the cutaway.
#[derive(Component, Clone, Copy, Debug)]
pub struct Storey(pub f32);

/// What the HUD says of the hazard now: a line (the wind and the fire's distance; the warning
/// in force, the gauge and the rain), its colour (the warning signal's), a panel (the households
/// still to move) and the map's legend. Set by the hazard's view (`fire.rs`, `flood.rs`).
#[derive(Resource, Default, Clone)]
pub struct HazardStatus {
    pub line: Option<crate::scenario::schema::Text>,
    pub signal: Option<Color>,
    pub panel: Option<crate::scenario::schema::Text>,
    pub legend: Vec<(Color, crate::scenario::schema::Text)>,
}

/// `n` hidden copies of one mesh and material, each tagged `tag(k)`: a pool the hazard views
/// place each frame (drawn batched, and never more entities than the pool holds).
pub(crate) fn spawn_pool<C: Component>(
    commands: &mut Commands,
    n: usize,
    mesh: &Handle<Mesh>,
    material: &Handle<StandardMaterial>,
    tag: impl Fn(usize) -> C,
) {
    for k in 0..n {
        commands.spawn((
            tag(k),
            Mesh3d(mesh.clone()),
            MeshMaterial3d(material.clone()),
            Transform::default(),
            Visibility::Hidden,
        ));
    }
}

/// Set once the drill's end screen has what it shows (the desktop's debrief, the hall's result):
/// unattended play takes its last screenshot then.
#[derive(Resource)]
pub struct EndShown;

/// The desktop window: the scene and the trainee's controls, with the briefing, HUD and
/// debrief panels.
#[cfg(not(target_arch = "wasm32"))]
pub fn plugin(app: &mut App) {
    let font = load_ui_font(app);
    app.insert_resource(font);
    let opts = app.world().resource::<ViewOptions>().clone();
    app.insert_resource(UiScale(opts.text_scale));
    app.insert_resource(Screen::Briefing);
    scene(app);
    app.add_plugins((hud::plugin, briefing::plugin, debrief::plugin));
}

/// What every surface with a window shows and does: the world and its people, the camera, the
/// trainee's controls and the sound cues, and the drill stepped from the frame loop. The
/// caller inserts the first [`Screen`].
pub fn scene(app: &mut App) {
    let opts = app.world().resource::<ViewOptions>().clone();
    app.insert_resource(opts.keys.clone());
    app.insert_resource(Cutaway {
        above_m: f32::INFINITY,
    });
    app.add_systems(PostUpdate, cut_away);
    app.init_resource::<HazardStatus>();
    app.insert_resource(ClearColor(Color::srgb(0.70, 0.82, 0.93)));
    app.add_plugins((
        world::plugin,
        actors::plugin,
        camera::plugin,
        stepping::plugin,
        control::plugin,
        notices::plugin,
        sound::plugin,
        fire::plugin,
        flood::plugin,
    ));
}

fn cut_away(cut: Res<Cutaway>, mut q: Query<(&Storey, &mut Visibility)>) {
    if !cut.is_changed() {
        return;
    }
    for (s, mut v) in &mut q {
        *v = if s.0 < cut.above_m {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        };
    }
}
