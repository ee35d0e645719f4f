//! The HUD: drill time and phase, the latest message (an inject's message to this participant,
//! or in a public experience its hint), a cue while the ground shakes, and subtitles for sounds.
//! In a double-blind drill nothing tells the trainee what comes next.

use super::{UiFont, ViewOptions};
use crate::report::html::Lang;
use crate::scenario::schema::{Audience, Channel, Text as Bilingual};
use crate::sim::DrillSetup;
use crate::sim::clock::DrillClock;
use crate::sim::events::{EventLog, SimEvent};
use crate::sim::hazards::HazardTimeline;
use crate::words::Words;
use bevy::prelude::*;

#[derive(Component)]
struct Status;
#[derive(Component)]
struct Message;
#[derive(Component)]
struct Cue;

#[derive(Resource, Default)]
struct Shown {
    scanned: usize,
    message: Option<Bilingual>,
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Shown>()
        .add_systems(Startup, spawn)
        .add_systems(Update, update);
}

fn pick(lang: Lang, t: &Bilingual) -> &str {
    match lang {
        Lang::Zh => &t.zh,
        Lang::En => &t.en,
    }
}

fn spawn(mut commands: Commands, font: Res<UiFont>) {
    let text = |size: f32| {
        TextFont::default()
            .with_font(font.0.clone())
            .with_font_size(size)
    };
    commands
        .spawn(Node {
            position_type: PositionType::Absolute,
            left: Val::Px(16.0),
            top: Val::Px(12.0),
            padding: UiRect::all(Val::Px(10.0)),
            flex_direction: FlexDirection::Column,
            row_gap: Val::Px(6.0),
            max_width: Val::Percent(60.0),
            ..default()
        })
        .insert(BackgroundColor(Color::srgba(0.05, 0.10, 0.16, 0.72)))
        .with_children(|c| {
            c.spawn((Status, Text::new(""), text(22.0), TextColor(Color::WHITE)));
            c.spawn((
                Message,
                Text::new(""),
                text(20.0),
                TextColor(Color::srgb(1.0, 0.92, 0.55)),
            ));
        });
    commands.spawn((
        Cue,
        Text::new(""),
        text(30.0),
        TextColor(Color::srgb(1.0, 0.35, 0.25)),
        Node {
            position_type: PositionType::Absolute,
            right: Val::Px(24.0),
            top: Val::Px(16.0),
            ..default()
        },
    ));
}

/// Chinese has no spaces to break at and the text engine lacks a CJK line breaker here: break
/// every 30 characters, not before closing punctuation.
fn wrap(s: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return s.to_string();
    }
    let mut out = String::new();
    let mut n = 0;
    for c in s.chars() {
        if n >= 30 && !"，。；：！？、）》」』".contains(c) {
            out.push('\n');
            n = 0;
        }
        out.push(c);
        n += 1;
    }
    out
}

#[allow(clippy::too_many_arguments, clippy::type_complexity)]
fn update(
    setup: Res<DrillSetup>,
    opts: Res<ViewOptions>,
    clock: Res<DrillClock>,
    log: Res<EventLog>,
    timeline: Res<HazardTimeline>,
    mut shown: ResMut<Shown>,
    mut status: Query<&mut Text, (With<Status>, Without<Message>, Without<Cue>)>,
    mut message: Query<&mut Text, (With<Message>, Without<Status>, Without<Cue>)>,
    mut cue: Query<&mut Text, (With<Cue>, Without<Status>, Without<Message>)>,
) {
    let lang = opts.lang;
    let public = setup.scenario.meta.audience == Audience::Public;
    for (_, e) in &log.entries[shown.scanned..] {
        match e {
            SimEvent::InjectFired {
                message: Some(m),
                channel,
                ..
            } if *channel != Channel::Hint || public => shown.message = Some(m.clone()),
            SimEvent::Hazard { event } => {
                let (zh, en) = event.words();
                shown.message = Some(Bilingual {
                    zh: format!("【{zh}】"),
                    en: format!("[{en}]"),
                });
            }
            _ => {}
        }
    }
    shown.scanned = log.entries.len();
    if let Ok(mut t) = status.single_mut() {
        let (pzh, pen) = clock.phase.words();
        let title = pick(lang, &setup.scenario.meta.title);
        t.0 = match lang {
            Lang::Zh => format!(
                "{title}\n演练时间 {}  ·  {pzh}",
                crate::words::clock(clock.seconds())
            ),
            Lang::En => format!(
                "{title}\nDrill time {}  ·  {pen}",
                crate::words::clock(clock.seconds())
            ),
        };
    }
    if let Ok(mut t) = message.single_mut() {
        t.0 = shown
            .message
            .as_ref()
            .map_or(String::new(), |m| wrap(pick(lang, m), lang));
    }
    if let Ok(mut t) = cue.single_mut() {
        let shaking = timeline.shaking_at(clock.tick);
        t.0 = match (shaking, lang) {
            (true, Lang::Zh) => "【地面震动中】".into(),
            (true, Lang::En) => "[ The ground is shaking ]".into(),
            (false, _) => String::new(),
        };
    }
}
