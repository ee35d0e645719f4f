//! The title screen of `drillhall play` without a scenario: the drills in a folder, chosen by
//! number. The chosen drill then opens in a new process (a window system allows one event loop
//! per process), which shows its briefing, where the role is chosen.

use super::keys::{Command, KeyBindings};
use super::{UiFont, pick};
use crate::scenario::schema::{Audience, DrillKind, Meta};
use crate::words::Lang;
use crate::words::Words;
use bevy::prelude::*;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// A drill on offer: its file and what its scenario says of itself.
#[derive(Clone, Debug)]
pub struct Offer {
    pub path: PathBuf,
    pub meta: Meta,
    pub participants: usize,
}

/// The scenarios of `dir` that load without errors, by file name (at most nine: one per key).
pub fn offers(dir: &std::path::Path) -> Vec<Offer> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "ron"))
                .collect()
        })
        .unwrap_or_default();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|path| {
            let l = crate::scenario::load_scenario(&path).ok()?;
            Some(Offer {
                participants: l.scenario.participants.len(),
                meta: l.scenario.meta,
                path,
            })
        })
        .take(9)
        .collect()
}

#[derive(Resource, Clone)]
struct Title {
    offers: Vec<Offer>,
    lang: Lang,
    chosen: Arc<Mutex<Option<(PathBuf, Lang)>>>,
    /// Unattended: save the screen here and close.
    shot: Option<PathBuf>,
}

#[derive(Component)]
struct Panel;

/// Show the title screen; the drill chosen (and the language it was chosen in), if any.
pub fn choose(
    offers: Vec<Offer>,
    lang: Lang,
    keys: KeyBindings,
    shot: Option<PathBuf>,
) -> Option<(PathBuf, Lang)> {
    let chosen = Arc::new(Mutex::new(None));
    let mut app = App::new();
    app.add_plugins(super::window_plugins(
        "drillhall — 应急演练馆 / drill hall".into(),
        shot.is_some(),
    ));
    let font = super::load_ui_font(&mut app);
    app.insert_resource(font)
        .insert_resource(keys)
        .insert_resource(ClearColor(Color::srgb(0.05, 0.10, 0.16)))
        .insert_resource(Title {
            offers,
            lang,
            chosen: chosen.clone(),
            shot,
        })
        .add_systems(Startup, |mut c: Commands| {
            c.spawn((Camera3d::default(), Msaa::Off));
        })
        .add_systems(Update, (input, draw).chain());
    app.run();
    chosen.lock().ok().and_then(|c| c.clone())
}

fn input(
    keys: Res<ButtonInput<KeyCode>>,
    bindings: Res<KeyBindings>,
    mut title: ResMut<Title>,
    mut exit: MessageWriter<AppExit>,
    mut frames: Local<u32>,
    mut commands: Commands,
) {
    if let Some(path) = title.shot.clone() {
        // Unattended: a few frames for the text to be laid out, then the screenshot, then close.
        *frames += 1;
        if *frames == 10 {
            commands
                .spawn(bevy::render::view::screenshot::Screenshot::primary_window())
                .observe(bevy::render::view::screenshot::save_to_disk(path));
        }
        if *frames == 40 {
            exit.write(AppExit::Success);
        }
        return;
    }
    if bindings.just_pressed(Command::Quit, &keys) {
        exit.write(AppExit::Success);
    }
    if keys.just_pressed(KeyCode::KeyL) {
        title.lang = match title.lang {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        };
    }
    for k in 0..title.offers.len() {
        if bindings.just_pressed(Command::Choice(k as u8 + 1), &keys) {
            if let Ok(mut c) = title.chosen.lock() {
                *c = Some((title.offers[k].path.clone(), title.lang));
            }
            exit.write(AppExit::Success);
        }
    }
}

fn draw(
    mut commands: Commands,
    title: Res<Title>,
    font: Res<UiFont>,
    bindings: Res<KeyBindings>,
    old: Query<Entity, With<Panel>>,
) {
    if !title.is_changed() {
        return;
    }
    for e in &old {
        commands.entity(e).despawn();
    }
    let lang = title.lang;
    let zh = lang == Lang::Zh;
    let t = |a: String, b: String| if zh { a } else { b };
    let mut lines: Vec<super::Line> = vec![
        (
            t("应急演练馆".into(), "drillhall".into()),
            40.0,
            Color::WHITE,
        ),
        (
            t("选择一个演练".into(), "Choose a drill".into()),
            24.0,
            Color::srgb(0.6, 0.8, 1.0),
        ),
    ];
    for (k, o) in title.offers.iter().enumerate() {
        let kind = o.meta.kind.words();
        let kind = if zh { kind.0 } else { kind.1 };
        let who = match (o.meta.audience, zh) {
            (Audience::Public, true) => "公众体验".to_string(),
            (Audience::Public, false) => "public experience".to_string(),
            (Audience::Trainee, true) => format!("学员演练，{} 个角色", o.participants),
            (Audience::Trainee, false) => format!("trainee drill, {} roles", o.participants),
        };
        lines.push((
            format!(
                "[{}] {}  —  {kind} · {who}",
                bindings.label(Command::Choice(k as u8 + 1)),
                pick(lang, &o.meta.title)
            ),
            22.0,
            match o.meta.kind {
                DrillKind::Earthquake => Color::srgb(1.0, 0.85, 0.55),
                DrillKind::ForestFire => Color::srgb(1.0, 0.65, 0.45),
                DrillKind::Flood => Color::srgb(0.6, 0.85, 1.0),
            },
        ));
    }
    if title.offers.is_empty() {
        lines.push((
            t(
                "这里没有可用的演练场景（scenarios/*.ron）".into(),
                "No drill here (scenarios/*.ron)".into(),
            ),
            22.0,
            Color::srgb(1.0, 0.6, 0.5),
        ));
    }
    lines.push((
        t(
            format!("[L] English   [{}] 退出", bindings.label(Command::Quit)),
            format!("[L] 中文   [{}] quit", bindings.label(Command::Quit)),
        ),
        18.0,
        Color::srgb(0.8, 0.8, 0.8),
    ));
    super::spawn_lines(&mut commands, &font.0, Panel, 14.0, lines);
}
