//! The trainee at the controls: walk, look and crouch (keyboard and mouse, or a gamepad), and
//! the context actions on offer where they stand, each sent to the simulation as the
//! participant's `Input` — journalled, and scored, exactly like a bot's.
//!
//! Walking steers the participant's body in the crowd model: a few metres ahead in the
//! direction pressed, re-aimed twice a second, so walls stay hard and doors are walked through
//! as everyone else walks through them. Stairs and exits are taken by their context action.

use super::camera::{CameraMode, ViewCamera};
use super::keys::{Command, KeyBindings};
use super::{Screen, pick};
use crate::journal::events::Driver;
use crate::plan::{Action, Requirement};
use crate::scenario::schema::{Point, Site, SiteRef, Text};
use crate::sim::DrillSetup;
use crate::sim::participants::{Input, Participants, PendingInputs};
use crate::sim::people::{People, PersonState};
use crate::words::Lang;
use crate::words::Words;
use bevy::input::mouse::AccumulatedMouseMotion;
use bevy::prelude::*;

/// Metres ahead a step of walking aims at; shorter tries follow when a wall is nearer.
const WALK_AHEAD_M: [f64; 3] = [2.5, 1.4, 0.7];
/// Wall seconds between re-aims while a direction is held.
const WALK_RESEND_S: f32 = 0.5;
/// A turn of the walking direction (radians) that re-aims at once.
const WALK_TURN_RAD: f32 = 0.26;
/// Radians of turn per pixel of mouse movement, and per second of a held key or full stick.
const MOUSE_TURN: f32 = 0.004;
const KEY_TURN: f32 = 2.2;
/// Reach of a door's or an exit's context action, metres.
const DOOR_REACH_M: f64 = 2.0;
const EXIT_REACH_M: f64 = 4.0;
/// Context actions shown at once (numbered 1–9).
const MAX_CHOICES: usize = 9;

/// The participant a person at the controls drives (index into `Participants`), if any.
#[derive(Resource, Default)]
pub struct Trainee {
    pub participant: Option<usize>,
    walking: Option<(f32, f32)>,
    /// The highlighted context action (gamepad).
    pub selected: usize,
}

/// One context action: what the prompt says and what it sends.
#[derive(Clone, Debug)]
pub struct Choice {
    pub label: Text,
    pub input: Input,
}

/// The context actions on offer this frame.
#[derive(Resource, Default)]
pub struct Choices(pub Vec<Choice>);

/// Controls worked from outside the window's input: the web hall's on-screen buttons (a phone
/// has no keyboard). Merged with the keyboard's and the gamepad's.
#[derive(Resource, Default, Debug)]
pub struct Virtual {
    /// Held walking direction: x right, y forward, each −1…1.
    pub walk: Vec2,
    /// Held turning: 1 left … −1 right.
    pub turn: f32,
    /// Pressed since the last frame: take cover or stand up.
    pub crouch: bool,
    /// Pressed since the last frame: the context action with this index.
    pub choice: Option<usize>,
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Trainee>()
        .init_resource::<Choices>()
        .init_resource::<Virtual>()
        .add_systems(Startup, pick_trainee.after(super::camera::spawn))
        .add_systems(
            Update,
            (offer, (walk, act, look).run_if(in_drill))
                .chain()
                .before(super::stepping::StepSet),
        );
}

fn in_drill(screen: Res<Screen>) -> bool {
    *screen == Screen::Drill
}

fn pick_trainee(parts: Res<Participants>, cam: Res<ViewCamera>, mut trainee: ResMut<Trainee>) {
    let Some(person) = cam.person else { return };
    trainee.participant = parts
        .list
        .iter()
        .position(|p| p.person == person && p.driver == Driver::Human);
}

fn gamepad_stick(pads: &Query<&Gamepad>, right: bool) -> Vec2 {
    pads.iter()
        .map(|g| {
            if right {
                g.right_stick()
            } else {
                g.left_stick()
            }
        })
        .find(|v| v.length() > 0.2)
        .unwrap_or(Vec2::ZERO)
}

#[allow(clippy::too_many_arguments)]
fn walk(
    keys: Res<ButtonInput<KeyCode>>,
    bindings: Res<KeyBindings>,
    pads: Query<&Gamepad>,
    time: Res<Time>,
    people: Res<People>,
    parts: Res<Participants>,
    virt: Res<Virtual>,
    mut cam: ResMut<ViewCamera>,
    mut trainee: ResMut<Trainee>,
    mut pending: ResMut<PendingInputs>,
) {
    let Some(i) = trainee.participant else { return };
    if cam.mode == CameraMode::Overview {
        return;
    }
    let me = parts.list[i].person;
    let held = |c: Command| bindings.pressed(c, &keys);
    let mut m = Vec2::new(
        f32::from(u8::from(held(Command::Right))) - f32::from(u8::from(held(Command::Left))),
        f32::from(u8::from(held(Command::Forward))) - f32::from(u8::from(held(Command::Back))),
    );
    if m == Vec2::ZERO {
        m = gamepad_stick(&pads, false);
    }
    if m == Vec2::ZERO {
        m = virt.walk.clamp_length_max(1.0);
    }
    if m.length() < 0.2 || people.persons[me].state == PersonState::Injured {
        if trainee.walking.take().is_some() {
            pending.0.push((i, Input::Halt));
        }
        return;
    }
    // Forward is where the camera looks; right is a quarter turn clockwise of it.
    let heading = cam.yaw + m.y.atan2(m.x) - std::f32::consts::FRAC_PI_2;
    let now = time.elapsed_secs();
    let due = trainee.walking.is_none_or(|(h, at)| {
        now - at >= WALK_RESEND_S || angle_between(h, heading) > WALK_TURN_RAD
    });
    if !due {
        return;
    }
    let (pos, _) = people.position(me);
    let dir = (f64::from(heading.cos()), f64::from(heading.sin()));
    let to = WALK_AHEAD_M
        .iter()
        .map(|d| (pos.0 + dir.0 * d, pos.1 + dir.1 * d))
        .find(|&p| people.walk_target(me, p).is_some());
    match to {
        Some(to) => {
            let to: Point = ((to.0 * 10.0).round() / 10.0, (to.1 * 10.0).round() / 10.0);
            pending.0.push((i, Input::Walk { to }));
            trainee.walking = Some((heading, now));
            // The camera stays where the trainee looks, not where the body turns.
            cam.manual = true;
        }
        // Facing a wall: stand.
        None => {
            if trainee.walking.take().is_some() {
                pending.0.push((i, Input::Halt));
            }
        }
    }
}

fn angle_between(a: f32, b: f32) -> f32 {
    let d = (a - b).rem_euclid(std::f32::consts::TAU);
    d.min(std::f32::consts::TAU - d)
}

/// Turning: the mouse with its right button held, the turn keys, or the right stick.
#[allow(clippy::too_many_arguments)]
fn look(
    keys: Res<ButtonInput<KeyCode>>,
    mouse: Res<ButtonInput<MouseButton>>,
    motion: Res<AccumulatedMouseMotion>,
    bindings: Res<KeyBindings>,
    pads: Query<&Gamepad>,
    time: Res<Time>,
    trainee: Res<Trainee>,
    virt: Res<Virtual>,
    mut cam: ResMut<ViewCamera>,
) {
    if trainee.participant.is_none() || cam.mode == CameraMode::Overview {
        return;
    }
    let mut turn = 0.0;
    if mouse.pressed(MouseButton::Right) {
        turn -= motion.delta.x * MOUSE_TURN;
    }
    let dt = time.delta_secs();
    if bindings.pressed(Command::TurnLeft, &keys) {
        turn += KEY_TURN * dt;
    }
    if bindings.pressed(Command::TurnRight, &keys) {
        turn -= KEY_TURN * dt;
    }
    turn -= gamepad_stick(&pads, true).x * KEY_TURN * dt;
    turn += virt.turn.clamp(-1.0, 1.0) * KEY_TURN * dt;
    if turn != 0.0 {
        cam.manual = true;
        cam.yaw = (cam.yaw + turn).rem_euclid(std::f32::consts::TAU);
    }
}

/// Crouch, the numbered context actions, and the gamepad's select-and-confirm.
#[allow(clippy::too_many_arguments)]
fn act(
    keys: Res<ButtonInput<KeyCode>>,
    bindings: Res<KeyBindings>,
    pads: Query<&Gamepad>,
    people: Res<People>,
    parts: Res<Participants>,
    choices: Res<Choices>,
    mut virt: ResMut<Virtual>,
    mut cam: ResMut<ViewCamera>,
    mut trainee: ResMut<Trainee>,
    mut pending: ResMut<PendingInputs>,
) {
    let (virt_crouch, virt_choice) = (std::mem::take(&mut virt.crouch), virt.choice.take());
    let Some(i) = trainee.participant else { return };
    let me = parts.list[i].person;
    let pad = |b: GamepadButton| pads.iter().any(|g| g.just_pressed(b));
    if bindings.just_pressed(Command::Crouch, &keys) || pad(GamepadButton::East) || virt_crouch {
        let input = if people.persons[me].state == PersonState::Cover {
            Input::StandUp
        } else {
            Input::Act {
                action: Action::TakeCover,
                target: None,
            }
        };
        trainee.walking = None;
        pending.0.push((i, input));
    }
    let n = choices.0.len();
    if n > 0 {
        if pad(GamepadButton::DPadDown) {
            trainee.selected = (trainee.selected + 1) % n;
        }
        if pad(GamepadButton::DPadUp) {
            trainee.selected = (trainee.selected + n - 1) % n;
        }
    }
    trainee.selected = trainee.selected.min(n.saturating_sub(1));
    let mut chosen = (0..n).find(|&k| bindings.just_pressed(Command::Choice(k as u8 + 1), &keys));
    if chosen.is_none() && n > 0 && pad(GamepadButton::South) {
        chosen = Some(trainee.selected);
    }
    chosen = chosen.or(virt_choice.filter(|&k| k < n));
    if let Some(k) = chosen {
        trainee.walking = None;
        // Led by the action (down a stair, out with the class): the camera turns with the body.
        cam.manual = false;
        pending.0.push((i, choices.0[k].input.clone()));
    }
}

/// What the trainee can do where they stand: the plan's actions for their role, the door,
/// stair or exit at hand.
fn offer(
    setup: Res<DrillSetup>,
    people: Res<People>,
    parts: Res<Participants>,
    trainee: Res<Trainee>,
    mut choices: ResMut<Choices>,
) {
    let Some(i) = trainee.participant else {
        choices.0.clear();
        return;
    };
    choices.0 = context_choices(&setup, &people, &parts, i);
}

/// The context actions of participant `i` (also what the briefing lists).
pub fn context_choices(
    setup: &DrillSetup,
    people: &People,
    parts: &Participants,
    i: usize,
) -> Vec<Choice> {
    let st = &parts.list[i];
    let me = st.person;
    let mut out: Vec<Choice> = Vec::new();
    let mut plan_actions: Vec<Action> = Vec::new();
    let mut destinations: Vec<crate::plan::Destination> = Vec::new();
    let mut reports = false;
    for step in setup.plan.iter().flat_map(|p| &p.steps) {
        if !crate::plan::progress::applies(step, &st.role) {
            continue;
        }
        match step.requires {
            Requirement::Act(a) | Requirement::Hold { action: a, .. }
                if a != Action::TakeCover && !plan_actions.contains(&a) =>
            {
                plan_actions.push(a);
            }
            Requirement::ReportCount => reports = true,
            Requirement::Reach(d) | Requirement::AllReach(d) if !destinations.contains(&d) => {
                destinations.push(d);
            }
            _ => {}
        }
    }
    // Where the plan sends one, by the route the crowd model finds (a phone has no keys to
    // walk there; a trainee may still walk).
    let mut place_choices: Vec<Choice> = Vec::new();
    let already = |t: &crate::sim::people::Target| {
        people.persons[me].at_refuge()
            || people.persons[me]
                .target
                .as_ref()
                .is_some_and(|x| x.place == t.place)
    };
    for d in destinations {
        let kind = d.place_kind();
        if let Some(t) = people.nearest_refuge(me, kind).filter(|t| !already(t)) {
            let name = place_name(&setup.scenario.site, &t.place);
            let c = Choice {
                label: crate::words::text(
                    &format!("前往{}", name.zh),
                    &format!("Go to {}", name.en),
                ),
                input: Input::MoveTo(crate::sim::bots::place_ref(&t)),
            };
            if !place_choices.iter().any(|x| x.label == c.label) {
                place_choices.push(c);
            }
        }
    }
    let (pos, _) = people.position(me);
    let g = people.graph();
    let here = people.net.walkers[me].node;
    let b = match &setup.scenario.site {
        Site::Building(b) => b,
        Site::Terrain(t) => {
            out = terrain_choices(t, people, st, plan_actions);
            out.extend(place_choices);
            out.truncate(MAX_CHOICES);
            return out;
        }
    };
    let near = |at: Point, r: f64| crate::scenario::geometry::dist(at, pos) <= r;
    let door = b
        .doors
        .iter()
        .filter(|d| d.spaces.0 == g.nodes[here].id || d.spaces.1 == g.nodes[here].id)
        .find(|d| near(d.at, DOOR_REACH_M));
    for a in plan_actions {
        let target = match a {
            Action::GuideGroup => st.groups.first().map(|&k| people.groups[k].id.clone()),
            Action::PostAtLanding => st.stairs.first().cloned(),
            Action::OpenDoor | Action::CloseDoor => {
                Some(door.map_or(g.nodes[here].id.clone(), |d| d.id.clone()))
            }
            _ => None,
        };
        out.push(plan_choice(a, target));
    }
    out.extend(place_choices);
    if reports && let Some((present, expected)) = st.last_count {
        out.push(Choice {
            label: crate::words::text(
                &format!("报告人数：到 {present} / 应到 {expected}"),
                &format!("Report the count: {present} of {expected} present"),
            ),
            input: Input::Report { present, expected },
        });
    }
    if let Some(d) = door
        && !out.iter().any(|c| {
            matches!(
                c.input,
                Input::Act {
                    action: Action::OpenDoor | Action::CloseDoor,
                    ..
                }
            )
        })
    {
        for a in [Action::OpenDoor, Action::CloseDoor] {
            out.push(plan_choice(a, Some(d.id.clone())));
        }
    }
    for s in &b.stairs {
        let (from, to) = (&s.from, &s.to);
        let other = if *from == g.nodes[here].id {
            to
        } else if *to == g.nodes[here].id {
            from
        } else {
            continue;
        };
        let Some(n) = g.node(other) else { continue };
        let down = g.elevation(n) < g.elevation(here);
        out.push(Choice {
            label: if down {
                crate::words::text(&format!("下楼（{}）", s.id), &format!("Go down ({})", s.id))
            } else {
                crate::words::text(&format!("上楼（{}）", s.id), &format!("Go up ({})", s.id))
            },
            input: Input::MoveTo(SiteRef::Space(other.clone())),
        });
    }
    for e in b
        .exits
        .iter()
        .filter(|e| e.space == g.nodes[here].id && near(e.at, EXIT_REACH_M))
    {
        out.push(Choice {
            label: crate::words::text(
                &format!("从出口 {} 出去", e.id),
                &format!("Leave by exit {}", e.id),
            ),
            input: Input::MoveTo(SiteRef::Exit(e.id.clone())),
        });
    }
    out.truncate(MAX_CHOICES);
    // The public read plain words, not the site's ids: the door, the exit at hand.
    if setup.scenario.meta.audience == crate::scenario::schema::Audience::Public {
        for c in &mut out {
            match &c.input {
                Input::Act { action, .. } => c.label = action.text(),
                Input::MoveTo(SiteRef::Exit(_)) => {
                    c.label = crate::words::text("从这个出口出去", "Leave by this exit");
                }
                _ => {}
            }
        }
    }
    out
}

/// On a terrain: the plan's actions, those done at a household (warn door to door, move the
/// household) for the house one stands at; and the way to the households in one's charge whose
/// people are not all at a refuge yet, vulnerable households first, then the nearest.
fn terrain_choices(
    t: &crate::scenario::schema::Terrain,
    people: &People,
    st: &crate::sim::participants::ParticipantState,
    plan_actions: Vec<Action>,
) -> Vec<Choice> {
    let me = st.person;
    let here = people.persons[me]
        .at
        .as_ref()
        .map(|x| x.place.clone())
        .filter(|p| t.houses.iter().any(|h| &h.id == p));
    let mut out = Vec::new();
    let mut at_houses = false;
    for a in plan_actions {
        match a {
            Action::DoorToDoor | Action::MoveHousehold => {
                at_houses = true;
                if let Some(h) = &here {
                    out.push(plan_choice(a, Some(h.clone())));
                }
            }
            _ => out.push(plan_choice(a, None)),
        }
    }
    if !at_houses {
        return out;
    }
    let (pos, _) = people.position(me);
    let unsafe_people = |house: &str| {
        people
            .groups
            .iter()
            .filter(|g| g.start_house.as_deref() == Some(house))
            .flat_map(|g| &g.members)
            .filter(|&&m| !people.persons[m].at_refuge())
            .count()
    };
    let mut houses: Vec<(bool, f64, &str)> = t
        .houses
        .iter()
        .filter(|h| st.houses.is_empty() || st.houses.contains(&h.id))
        .filter(|h| Some(&h.id) != here.as_ref() && unsafe_people(&h.id) > 0)
        .map(|h| {
            (
                !st.vulnerable_houses.contains(&h.id),
                crate::scenario::geometry::dist(h.at, pos),
                h.id.as_str(),
            )
        })
        .collect();
    houses.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    for (ordinary, _, id) in houses.into_iter().take(3) {
        let mark = if ordinary { "" } else { "★" };
        out.push(Choice {
            label: crate::words::text(
                &format!("前往{mark}{id}户"),
                &format!("Go to household {mark}{id}"),
            ),
            input: Input::MoveTo(SiteRef::House(id.to_string())),
        });
    }
    out
}

/// A place's name as the scenario gives it (its id where it has none).
fn place_name(site: &Site, id: &str) -> Text {
    let named = match site {
        Site::Building(b) => b
            .assembly_areas
            .iter()
            .find(|a| a.id == id)
            .and_then(|a| a.name.clone()),
        Site::Terrain(t) => t
            .shelters
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.name.clone()),
    };
    named.unwrap_or_else(|| crate::words::text(id, id))
}

fn plan_choice(action: Action, target: Option<String>) -> Choice {
    let (zh, en) = action.words();
    let label = match &target {
        Some(t) => crate::words::text(&format!("{zh}（{t}）"), &format!("{en} ({t})")),
        None => crate::words::text(zh, en),
    };
    Choice {
        label,
        input: Input::Act { action, target },
    }
}

/// The prompt line of a choice: its key and label.
pub fn prompt(k: usize, c: &Choice, bindings: &KeyBindings, lang: Lang) -> String {
    format!(
        "[{}] {}",
        bindings.label(Command::Choice(k as u8 + 1)),
        pick(lang, &c.label)
    )
}
