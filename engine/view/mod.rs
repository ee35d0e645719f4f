//! The desktop view: a 3D world built from the scenario, the people and the building's contents
//! as the simulation moves them, a camera, the HUD, and the unattended mode that drives the drill
//! tick by tick and saves screenshots at fixed simulated times.
//!
//! The view reads the simulation and never writes to it except by stepping its schedule: the
//! journal of a played drill is the journal of the same drill run headless.

mod actors;
mod briefing;
mod camera;
pub mod control;
pub mod debrief;
mod hud;
pub mod keys;
pub mod sound;
mod stepping;
pub mod title;
pub mod world;

use crate::report::html::Lang;
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
}

/// Where the window is: the briefing, the drill, the debrief. The drill steps only in `Drill`.
#[derive(Resource, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Briefing,
    Drill,
    Debrief,
}

/// The text of a bilingual string in the window's language.
pub(crate) fn pick(lang: Lang, t: &crate::scenario::schema::Text) -> &str {
    match lang {
        Lang::Zh => &t.zh,
        Lang::En => &t.en,
    }
}

/// Chinese has no spaces to break at and the text engine lacks a CJK line breaker here: break
/// every `width` characters, not before closing punctuation. English is left to the engine.
pub(crate) fn wrap_at(s: &str, lang: Lang, width: usize) -> String {
    if lang == Lang::En {
        return s.to_string();
    }
    let mut out = String::new();
    let mut n = 0;
    for c in s.chars() {
        if c == '\n' {
            n = 0;
        } else if n >= width && !"，。；：！？、）》」』".contains(c) {
            out.push('\n');
            n = 0;
        }
        out.push(c);
        n += 1;
    }
    out
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

/// A line of a text panel: text, font size, colour.
pub(crate) type Line = (String, f32, Color);

/// A panel of lines (the title screen, the briefing) across the window's middle, 10 % from its
/// sides and top; `bundle` marks it (and may add a background).
pub(crate) fn spawn_lines(
    commands: &mut Commands,
    font: &Handle<Font>,
    bundle: impl Bundle,
    row_gap_px: f32,
    lines: Vec<Line>,
) {
    commands
        .spawn((
            bundle,
            Node {
                position_type: PositionType::Absolute,
                left: Val::Percent(10.0),
                right: Val::Percent(10.0),
                top: Val::Percent(10.0),
                padding: UiRect::all(Val::Px(24.0)),
                flex_direction: FlexDirection::Column,
                row_gap: Val::Px(row_gap_px),
                ..default()
            },
        ))
        .with_children(|c| {
            for (s, size, color) in lines {
                c.spawn((
                    Text::new(s),
                    TextFont::default()
                        .with_font(font.clone())
                        .with_font_size(size),
                    TextColor(color),
                ));
            }
        });
}

/// The shipped CJK font, added to the app's fonts.
pub(crate) fn load_ui_font(app: &mut App) -> UiFont {
    UiFont(
        app.world_mut()
            .resource_mut::<Assets<Font>>()
            .add(Font::from_bytes(
                include_bytes!("../../assets/fonts/NotoSansSC-Subset.otf").to_vec(),
            )),
    )
}

/// [`wrap_at`] for the HUD and panels (about 46 characters at 20 px).
pub(crate) fn wrap(s: &str, lang: Lang) -> String {
    wrap_at(s, lang, 46)
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

/// The CJK font shipped in assets/ (Noto Sans SC, subset; SIL OFL 1.1).
#[derive(Resource, Clone)]
pub struct UiFont(pub Handle<Font>);

pub fn plugin(app: &mut App) {
    let font = load_ui_font(app);
    app.insert_resource(font);
    let opts = app.world().resource::<ViewOptions>().clone();
    app.insert_resource(opts.keys.clone());
    app.insert_resource(UiScale(opts.text_scale));
    app.insert_resource(Screen::Briefing);
    app.insert_resource(Cutaway {
        above_m: f32::INFINITY,
    });
    app.add_systems(PostUpdate, cut_away);
    app.insert_resource(ClearColor(Color::srgb(0.70, 0.82, 0.93)));
    app.add_plugins((
        world::plugin,
        actors::plugin,
        camera::plugin,
        hud::plugin,
        stepping::plugin,
        control::plugin,
        briefing::plugin,
        debrief::plugin,
        sound::plugin,
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
