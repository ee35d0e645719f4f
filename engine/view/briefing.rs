//! The briefing before the drill: what the drill is (or, double-blind, only that it is one), the
//! role to play — chosen here when the scenario has several and none was named — and the
//! controls. The drill's first tick waits for it, so a role chosen here is in the journal's
//! first event.

use super::camera::{CameraMode, ViewCamera};
use super::control::Trainee;
use super::keys::{Command, KeyBindings};
use super::{Screen, UiFont, ViewOptions, pick, wrap};
use crate::sim::DrillSetup;
use crate::sim::participants::{Participants, SeatRequest};
use crate::words::Lang;
use bevy::prelude::*;

#[derive(Component)]
struct Panel;

/// The briefing's text needs redrawing (a role was chosen).
#[derive(Resource)]
struct Dirty(bool);

pub(super) fn plugin(app: &mut App) {
    app.insert_resource(Dirty(true)).add_systems(
        Update,
        (choose, redraw)
            .chain()
            .before(super::stepping::StepSet)
            .run_if(|s: Res<Screen>| *s == Screen::Briefing),
    );
    app.add_systems(Update, hide.run_if(resource_changed::<Screen>));
}

fn hide(screen: Res<Screen>, mut panels: Query<&mut Visibility, With<Panel>>) {
    for mut v in &mut panels {
        *v = if *screen == Screen::Briefing {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        };
    }
}

/// Number keys pick the role (0: watch from above); confirm begins.
#[allow(clippy::too_many_arguments)]
fn choose(
    keys: Res<ButtonInput<KeyCode>>,
    bindings: Res<KeyBindings>,
    pads: Query<&Gamepad>,
    opts: Res<ViewOptions>,
    parts: Res<Participants>,
    mut seat: ResMut<SeatRequest>,
    mut cam: ResMut<ViewCamera>,
    mut trainee: ResMut<Trainee>,
    mut screen: ResMut<Screen>,
    mut dirty: ResMut<Dirty>,
) {
    if opts.unattended.is_some() {
        return;
    }
    if bindings.just_pressed(Command::Confirm, &keys)
        || pads.iter().any(|g| g.just_pressed(GamepadButton::South))
    {
        *screen = Screen::Drill;
        return;
    }
    // The numbered-choice keys pick a role (rebindable like the drill's actions); 0 watches.
    let n = parts.list.len().min(9);
    let picked = if keys.just_pressed(KeyCode::Digit0) {
        Some(0)
    } else {
        (1..=n).find(|&k| bindings.just_pressed(Command::Choice(k as u8), &keys))
    };
    let Some(k) = picked else { return };
    // The simulation seats the chosen role at its first tick (and hands the others to their
    // scenario bots); the view only asks.
    if k == 0 {
        seat.0 = Some(None);
        trainee.participant = None;
        cam.person = None;
        cam.mode = CameraMode::Overview;
    } else {
        let i = k - 1;
        seat.0 = Some(Some(i));
        trainee.participant = Some(i);
        cam.person = Some(parts.list[i].person);
        cam.mode = CameraMode::FirstPerson;
    }
    dirty.0 = true;
}

#[allow(clippy::too_many_arguments)]
fn redraw(
    mut commands: Commands,
    mut dirty: ResMut<Dirty>,
    font: Res<UiFont>,
    setup: Res<DrillSetup>,
    parts: Res<Participants>,
    trainee: Res<Trainee>,
    cam: Res<ViewCamera>,
    bindings: Res<KeyBindings>,
    opts: Res<ViewOptions>,
    old: Query<Entity, With<Panel>>,
) {
    if !dirty.0 {
        return;
    }
    dirty.0 = false;
    for e in &old {
        commands.entity(e).despawn();
    }
    let lang = opts.lang;
    let zh = lang == Lang::Zh;
    let t = |a: String, b: String| if zh { a } else { b };
    let meta = &setup.scenario.meta;
    let mut lines: Vec<super::Line> = vec![
        (
            t("演练简报".into(), "Briefing".into()),
            18.0,
            Color::srgb(0.6, 0.8, 1.0),
        ),
        (pick(lang, &meta.title).to_string(), 32.0, Color::WHITE),
        (wrap(pick(lang, &meta.briefing), lang), 20.0, Color::WHITE),
    ];
    if setup.blind.is_some() {
        lines.push((
            t(
                "双盲演练：时间、地点和内容事先不通知，画面上也不会提示下一步。".into(),
                "A double-blind drill: time, place and content are not announced, and nothing on screen says what comes next.".into(),
            ),
            20.0,
            Color::srgb(1.0, 0.85, 0.35),
        ));
    }
    match trainee.participant {
        Some(i) => {
            let p = &parts.list[i];
            lines.push((
                t(
                    format!("你的角色：{}（{}）", p.role, p.id),
                    format!("Your role: {} ({})", p.role, p.id),
                ),
                24.0,
                Color::srgb(1.0, 0.7, 0.3),
            ));
        }
        None => {
            let followed = cam
                .person
                .and_then(|p| parts.list.iter().find(|x| x.person == p));
            let s = match followed {
                Some(p) => t(
                    format!("你在旁观：机器人扮演 {}（{}），镜头跟随。", p.role, p.id),
                    format!(
                        "You are watching: a bot plays {} ({}), and the camera follows.",
                        p.role, p.id
                    ),
                ),
                None => t(
                    "你在旁观：机器人扮演所有参演人员。".into(),
                    "You are watching: bots play every participant.".into(),
                ),
            };
            lines.push((s, 22.0, Color::srgb(1.0, 0.7, 0.3)));
        }
    }
    if parts.list.len() > 1 && opts.unattended.is_none() {
        let mut s = t("选择角色：".into(), "Choose a role: ".into());
        for (k, p) in parts.list.iter().enumerate().take(9) {
            let key = bindings.label(Command::Choice(k as u8 + 1));
            s.push_str(&format!("[{key}] {} ({})  ", p.role, p.id));
        }
        s.push_str(&t("[0] 旁观".into(), "[0] watch".into()));
        lines.push((s, 18.0, Color::WHITE));
    }
    let b = |c: Command| bindings.label(c);
    let walk = [
        Command::Forward,
        Command::Left,
        Command::Back,
        Command::Right,
    ]
    .map(b)
    .concat();
    let turn = format!("{}/{}", b(Command::TurnLeft), b(Command::TurnRight));
    let (crouch, camera) = (b(Command::Crouch), b(Command::Camera));
    let size = format!("{}/{}", b(Command::TextLarger), b(Command::TextSmaller));
    lines.push((
        t(
            format!(
                "操作：{walk} 走动 · {turn} 或按住鼠标右键 转身 · {crouch} 蹲下掩护/起身 · 1–9 情境动作 · {camera} 切换视角 · {size} 字号；手柄：左摇杆走动，右摇杆转身，B 掩护，十字键选择、A 执行"
            ),
            format!(
                "Controls: {walk} walk · {turn} or the mouse with its right button held: turn · {crouch} take cover / stand up · 1–9 the actions on screen · {camera} camera · {size} text size. Gamepad: left stick walk, right stick turn, B cover, D-pad choose, A do it"
            ),
        ),
        17.0,
        Color::srgb(0.85, 0.85, 0.85),
    ));
    lines.push((
        t(
            format!("[{}] 开始演练", b(Command::Confirm)),
            format!("[{}] begin the drill", b(Command::Confirm)),
        ),
        24.0,
        Color::srgb(1.0, 0.85, 0.35),
    ));
    super::spawn_lines(
        &mut commands,
        &font.0,
        (
            Panel,
            BackgroundColor(Color::srgba(0.04, 0.08, 0.13, 0.92)),
            GlobalZIndex(10),
        ),
        12.0,
        lines,
    );
}
