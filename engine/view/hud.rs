//! The HUD: drill time and phase, the latest message (an inject's message to this participant,
//! or in a public experience its hint), a cue while the ground shakes, and subtitles for sounds.
//! In a double-blind drill nothing tells the trainee what comes next.

use super::control::{Choices, Trainee, prompt};
use super::keys::{Command, KeyBindings};
use super::sound::Heard;
use super::{Screen, UiFont, ViewOptions, pick, wrap_at};
use crate::journal::events::SimEvent;
use crate::scenario::schema::Text as Bilingual;
use crate::sim::DrillSetup;
use crate::sim::clock::DrillClock;
use crate::sim::hazards::HazardTimeline;
use crate::sim::log::EventLog;
use crate::words::Lang;
use crate::words::Words;
use bevy::prelude::*;

#[derive(Component)]
struct Status;
#[derive(Component)]
struct Message;
#[derive(Component)]
struct Cue;

#[derive(Component)]
struct HazardLine;
#[derive(Component)]
struct HazardPanel;
#[derive(Component)]
struct Legend;

#[derive(Component)]
struct Instruction;
#[derive(Component)]
struct Prompts;
#[derive(Component)]
struct Subtitle;

/// Steps UiScale takes per key press, and its range.
const TEXT_STEP: f32 = 0.15;
const TEXT_RANGE: (f32, f32) = (0.7, 2.0);

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Tasks>()
        .add_systems(Startup, spawn)
        .add_systems(
            Update,
            (
                update.after(super::NoticeSet),
                trainee_lines,
                text_size,
                show_in_drill,
                hazard,
            ),
        );
}

/// The HUD is for the drill; the briefing and the debrief have their own panels.
fn show_in_drill(screen: Res<Screen>, mut roots: Query<&mut Visibility, With<HudRoot>>) {
    let v = if *screen == Screen::Drill {
        Visibility::Inherited
    } else {
        Visibility::Hidden
    };
    for mut r in &mut roots {
        if *r != v {
            *r = v;
        }
    }
}

#[derive(Component)]
struct HudRoot;

fn text_size(
    keys: Res<ButtonInput<KeyCode>>,
    bindings: Res<KeyBindings>,
    mut scale: ResMut<UiScale>,
) {
    let step = if bindings.just_pressed(Command::TextLarger, &keys) {
        TEXT_STEP
    } else if bindings.just_pressed(Command::TextSmaller, &keys) {
        -TEXT_STEP
    } else {
        return;
    };
    scale.0 = (scale.0 + step).clamp(TEXT_RANGE.0, TEXT_RANGE.1);
}

/// What the public course of the drill has shown so far (as the bots see it).
#[derive(Resource, Default)]
struct Tasks {
    seen: crate::sim::bots::Seen,
}

/// The trainee's lines: the current instruction (not in a double-blind drill), the actions at
/// hand, and the subtitle of the last sound.
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
fn trainee_lines(
    setup: Res<DrillSetup>,
    opts: Res<ViewOptions>,
    clock: Res<DrillClock>,
    log: Res<EventLog>,
    people: Res<crate::sim::people::People>,
    parts: Res<crate::sim::participants::Participants>,
    trainee: Res<Trainee>,
    choices: Res<Choices>,
    bindings: Res<KeyBindings>,
    heard: Res<Heard>,
    time: Res<Time>,
    mut tasks: ResMut<Tasks>,
    mut instruction: Query<&mut Text, (With<Instruction>, Without<Prompts>, Without<Subtitle>)>,
    mut prompts: Query<
        (&mut Text, &mut Node),
        (With<Prompts>, Without<Instruction>, Without<Subtitle>),
    >,
    mut subtitle: Query<
        (&mut Text, &mut Node),
        (With<Subtitle>, Without<Prompts>, Without<Instruction>),
    >,
) {
    let lang = opts.lang;
    tasks.seen.observe(&log);
    if let Ok((mut t, mut n)) = subtitle.single_mut() {
        let s = heard
            .subtitle(time.elapsed_secs())
            .map_or(String::new(), |x| pick(lang, &x).to_string());
        // A dark box behind the words, only while there are words: readable on any ground.
        let display = if s.is_empty() {
            Display::None
        } else {
            Display::Flex
        };
        if n.display != display {
            n.display = display;
        }
        if t.0 != s {
            t.0 = s;
        }
    }
    let Some(i) = trainee.participant else {
        if let Ok((mut t, mut n)) = prompts.single_mut() {
            t.0.clear();
            n.display = Display::None;
        }
        return;
    };
    if let Ok(mut t) = instruction.single_mut() {
        let s = if setup.blind.is_some() {
            String::new()
        } else {
            current_steps(
                &setup,
                &tasks.seen.obs,
                &log,
                &people,
                &parts,
                i,
                clock.tick,
            )
            .iter()
            .map(|title| match lang {
                Lang::Zh => format!("当前任务：{}", pick(lang, title)),
                Lang::En => format!("Now: {}", pick(lang, title)),
            })
            .collect::<Vec<_>>()
            .join("\n")
        };
        if t.0 != s {
            t.0 = s;
        }
    }
    if let Ok((mut t, mut n)) = prompts.single_mut() {
        let me = parts.list[i].person;
        let cover = people.persons[me].state == crate::sim::people::PersonState::Cover;
        let mut lines = vec![match (cover, lang) {
            (false, Lang::Zh) => format!("[{}] 蹲下、掩护、抓牢", bindings.label(Command::Crouch)),
            (false, Lang::En) => {
                format!("[{}] drop, cover, hold on", bindings.label(Command::Crouch))
            }
            (true, Lang::Zh) => format!("[{}] 起身", bindings.label(Command::Crouch)),
            (true, Lang::En) => format!("[{}] stand up", bindings.label(Command::Crouch)),
        }];
        for (k, c) in choices.0.iter().enumerate() {
            let mark = if k == trainee.selected { "→ " } else { "" };
            lines.push(format!("{mark}{}", prompt(k, c, &bindings, lang)));
        }
        let s = lines.join("\n");
        if t.0 != s {
            t.0 = s;
        }
        n.display = Display::Flex;
    }
}

/// The titles of the plan steps that have started for participant `i` and that they have not
/// yet done, at most two.
fn current_steps<'a>(
    setup: &'a DrillSetup,
    obs: &crate::plan::progress::Observed,
    log: &EventLog,
    people: &crate::sim::people::People,
    parts: &crate::sim::participants::Participants,
    i: usize,
    tick: u64,
) -> Vec<&'a Bilingual> {
    use crate::plan::Requirement;
    use crate::plan::progress::{Doers, applies};
    let Some(plan) = &setup.plan else {
        return Vec::new();
    };
    let st = &parts.list[i];
    let roles: Vec<String> = parts.list.iter().map(|p| p.role.clone()).collect();
    let ids: Vec<String> = parts.list.iter().map(|p| p.id.clone()).collect();
    // When participant j last did action a (a step of theirs counts as done by it).
    let first_did = |j: usize, a: crate::plan::Action, since: u64| {
        log.entries.iter().find_map(|(t, e)| {
            (*t >= since
                && matches!(e, SimEvent::Action { participant, action: crate::journal::events::ActionName::Plan(x), .. }
                    if *participant == parts.list[j].id && *x == a))
                .then_some(*t)
        })
    };
    let did = |j: usize, a: crate::plan::Action, since: u64| first_did(j, a, since).is_some();
    let done_at = |j: usize, id: &str| -> Option<u64> {
        let step = plan.steps.iter().find(|s| s.id == id)?;
        match step.requires {
            Requirement::Act(a) | Requirement::Hold { action: a, .. } => first_did(j, a, 0),
            Requirement::ReportCount => first_did(j, crate::plan::Action::Report, 0),
            _ => None,
        }
    };
    let doers = Doers {
        roles: &roles,
        ids: &ids,
        done: done_at,
    };
    let me = st.person;
    plan.steps
        .iter()
        .filter(|s| applies(s, &st.role))
        .filter(|s| {
            let Some(start) = doers.start(&s.starts, i, &plan.steps, obs) else {
                return false;
            };
            if start > tick {
                return false;
            }
            match &s.requires {
                Requirement::Act(a) => !did(i, *a, start),
                Requirement::Hold { action, .. } => {
                    !did(i, *action, start)
                        && people.persons[me].state != crate::sim::people::PersonState::Cover
                }
                Requirement::Reach(_) => !people.persons[me].at_refuge(),
                Requirement::AllReach(_) => !st.groups.iter().all(|&g| {
                    people.groups[g]
                        .members
                        .iter()
                        .all(|&m| people.persons[m].settled())
                }),
                Requirement::ReportCount => !st.reported,
            }
        })
        .take(2)
        .map(|s| &s.title)
        .collect()
}

/// A panel of the HUD placed as `place` says: padded, on the HUD's dark ground, hidden until it
/// has something to say.
fn panel(place: Node) -> (Node, BackgroundColor) {
    (
        Node {
            position_type: PositionType::Absolute,
            padding: UiRect::all(Val::Px(10.0)),
            display: Display::None,
            ..place
        },
        BackgroundColor(Color::srgba(0.05, 0.10, 0.16, 0.72)),
    )
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
            // A fixed width: the panel then grows with the text it wraps.
            width: Val::Px(640.0),
            max_width: Val::Percent(90.0),
            ..default()
        })
        .insert(BackgroundColor(Color::srgba(0.05, 0.10, 0.16, 0.72)))
        .with_children(|c| {
            c.spawn((Status, Text::new(""), text(22.0), TextColor(Color::WHITE)));
            c.spawn((
                HazardLine,
                Text::new(""),
                text(20.0),
                TextColor(Color::srgb(0.75, 0.90, 1.0)),
            ));
            c.spawn((
                Message,
                Text::new(""),
                text(20.0),
                TextColor(Color::srgb(1.0, 0.92, 0.55)),
            ));
            c.spawn((
                Instruction,
                Text::new(""),
                text(20.0),
                TextColor(Color::srgb(0.55, 1.0, 0.6)),
            ));
        })
        .insert(HudRoot);
    commands.spawn((
        HudRoot,
        Prompts,
        Text::new(""),
        text(19.0),
        TextColor(Color::WHITE),
        panel(Node {
            left: Val::Px(16.0),
            bottom: Val::Px(16.0),
            ..default()
        }),
    ));
    commands.spawn((
        HudRoot,
        Subtitle,
        Text::new(""),
        text(22.0),
        TextColor(Color::srgb(1.0, 1.0, 0.85)),
        Node {
            position_type: PositionType::Absolute,
            left: Val::Percent(25.0),
            bottom: Val::Px(24.0),
            padding: UiRect::axes(Val::Px(12.0), Val::Px(6.0)),
            display: Display::None,
            ..default()
        },
        BackgroundColor(Color::srgba(0.0, 0.0, 0.0, 0.65)),
    ));
    commands.spawn((
        HudRoot,
        HazardPanel,
        Text::new(""),
        text(18.0),
        TextColor(Color::WHITE),
        panel(Node {
            right: Val::Px(16.0),
            top: Val::Px(64.0),
            ..default()
        }),
    ));
    commands.spawn((
        HudRoot,
        Legend,
        Node {
            position_type: PositionType::Absolute,
            right: Val::Px(16.0),
            bottom: Val::Px(16.0),
            padding: UiRect::all(Val::Px(8.0)),
            flex_direction: FlexDirection::Column,
            row_gap: Val::Px(3.0),
            display: Display::None,
            ..default()
        },
        BackgroundColor(Color::srgba(0.05, 0.10, 0.16, 0.72)),
    ));
    commands.spawn((
        HudRoot,
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

#[allow(clippy::too_many_arguments, clippy::type_complexity)]
fn update(
    setup: Res<DrillSetup>,
    opts: Res<ViewOptions>,
    clock: Res<DrillClock>,
    timeline: Res<HazardTimeline>,
    notices: Res<super::notices::Notices>,
    mut status: Query<&mut Text, (With<Status>, Without<Message>, Without<Cue>)>,
    mut message: Query<&mut Text, (With<Message>, Without<Status>, Without<Cue>)>,
    mut cue: Query<&mut Text, (With<Cue>, Without<Status>, Without<Message>)>,
) {
    let lang = opts.lang;
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
        t.0 = match notices.current(clock.tick) {
            Some(m) => wrap_at(pick(lang, m), lang, 30),
            None => String::new(),
        };
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

/// The hazard's line under the drill time (coloured by the warning signal in force), the panel
/// on the right (the households still to move) and the map's legend (fuel models, depths).
#[allow(clippy::type_complexity, clippy::too_many_arguments)]
fn hazard(
    mut commands: Commands,
    status: Res<super::HazardStatus>,
    opts: Res<ViewOptions>,
    font: Res<UiFont>,
    mut line: Query<(&mut Text, &mut TextColor), (With<HazardLine>, Without<HazardPanel>)>,
    mut panel: Query<(&mut Text, &mut Node), (With<HazardPanel>, Without<HazardLine>)>,
    mut legend: Query<(Entity, &mut Node), (With<Legend>, Without<HazardPanel>)>,
    mut built: Local<usize>,
) {
    if !status.is_changed() {
        return;
    }
    let lang = opts.lang;
    if let Ok((mut t, mut colour)) = line.single_mut() {
        t.0 = status
            .line
            .as_ref()
            .map_or(String::new(), |l| pick(lang, l).to_string());
        colour.0 = status.signal.unwrap_or(Color::srgb(0.75, 0.90, 1.0));
    }
    if let Ok((mut t, mut node)) = panel.single_mut() {
        match &status.panel {
            Some(p) => {
                t.0 = pick(lang, p).to_string();
                node.display = Display::Flex;
            }
            None => node.display = Display::None,
        }
    }
    if *built == status.legend.len() {
        return;
    }
    *built = status.legend.len();
    if let Ok((e, mut node)) = legend.single_mut() {
        node.display = Display::Flex;
        commands.entity(e).despawn_related::<Children>();
        for (colour, words) in &status.legend {
            let swatch = commands
                .spawn((
                    Node {
                        width: Val::Px(14.0),
                        height: Val::Px(14.0),
                        ..default()
                    },
                    BackgroundColor(*colour),
                ))
                .id();
            let label = commands
                .spawn((
                    Text::new(pick(lang, words).to_string()),
                    TextFont::default()
                        .with_font(font.0.clone())
                        .with_font_size(15.0),
                    TextColor(Color::WHITE),
                ))
                .id();
            let row = commands
                .spawn(Node {
                    flex_direction: FlexDirection::Row,
                    column_gap: Val::Px(6.0),
                    align_items: AlignItems::Center,
                    ..default()
                })
                .add_children(&[swatch, label])
                .id();
            commands.entity(e).add_child(row);
        }
    }
}
