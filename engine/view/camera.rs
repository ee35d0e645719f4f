//! The camera: the whole site from above (for those who command), over the shoulder of the
//! participant followed, or through their eyes. The shaking is felt as the camera shakes with
//! the ground (or, with reduced motion, only the HUD's cue shows it).

use super::actors::Figure;
use super::keys::{Command, KeyBindings};
use super::world::{Pane, Wall};
use super::{Cutaway, ViewOptions, to_bevy};
use crate::journal::events::Posture;
use crate::scenario::schema::{Audience, Point, Site};
use crate::sim::DrillSetup;
use crate::sim::clock::DrillClock;
use crate::sim::hazards::HazardTimeline;
use crate::sim::people::People;
use bevy::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CameraMode {
    Overview,
    Follow,
    FirstPerson,
}

#[derive(Resource)]
pub struct ViewCamera {
    pub mode: CameraMode,
    /// The person followed (index into People).
    pub person: Option<usize>,
    /// Where the camera faces, radians from east: the body's heading, smoothed, unless the
    /// trainee turns it (`manual`).
    pub yaw: f32,
    pub manual: bool,
    /// The site's centre and size, for the overview.
    centre: Vec3,
    size_m: f32,
}

/// Metres of camera offset per m/s² of ground acceleration: a felt, not a measured, shake.
const SHAKE_M_PER_MPS2: f32 = 0.012;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Startup, spawn)
        .add_systems(Update, switch_mode)
        .add_systems(PostUpdate, aim.before(TransformSystems::Propagate));
}

/// The participant a `follow` option names (id, then role), as a person index.
fn followed(setup: &DrillSetup, people: &People, follow: Option<&str>) -> Option<usize> {
    let parts = &setup.scenario.participants;
    let want = match follow {
        Some(w) => parts
            .iter()
            .position(|p| p.id == w)
            .or_else(|| parts.iter().position(|p| p.role == w))?,
        None if parts.len() == 1 => 0,
        None => return None,
    };
    people
        .persons
        .iter()
        .position(|p| p.participant == Some(want))
}

pub(super) fn spawn(
    mut commands: Commands,
    setup: Res<DrillSetup>,
    people: Res<People>,
    opts: Res<ViewOptions>,
) {
    let pts: Vec<Point> = match &setup.scenario.site {
        Site::Building(b) => b
            .floors
            .iter()
            .flat_map(|f| f.spaces.iter().flat_map(|s| s.polygon.iter().copied()))
            .collect(),
        Site::Terrain(t) => t
            .roads
            .iter()
            .flat_map(|r| r.points.iter().copied())
            .chain(t.houses.iter().map(|h| h.at))
            .collect(),
    };
    let (lo, hi) = if pts.is_empty() {
        ((0.0, 0.0), (10.0, 10.0))
    } else {
        crate::scenario::geometry::bounds(&pts)
    };
    let centre = to_bevy((lo.0 + hi.0) / 2.0, (lo.1 + hi.1) / 2.0, 0.0);
    let size_m = (hi.0 - lo.0).max(hi.1 - lo.1).max(8.0) as f32;
    let person = followed(&setup, &people, opts.follow.as_deref());
    // A trainee at the controls sees through their eyes; a bot is watched over its shoulder.
    let human = person.is_some_and(|p| {
        people.persons[p]
            .participant
            .is_some_and(|i| setup.drivers.get(i) == Some(&crate::journal::events::Driver::Human))
    });
    commands.insert_resource(ViewCamera {
        mode: match (person, human) {
            (None, _) => CameraMode::Overview,
            // The public see themselves take cover (and where the table is) over the shoulder.
            (Some(_), true) if setup.scenario.meta.audience == Audience::Public => {
                CameraMode::Follow
            }
            (Some(_), true) => CameraMode::FirstPerson,
            (Some(_), false) => CameraMode::Follow,
        },
        person,
        yaw: std::f32::consts::FRAC_PI_2,
        manual: false,
        centre,
        size_m,
    });
    commands.spawn((
        Camera3d::default(),
        // Multisampling costs a software renderer (Mesa's llvmpipe) most of its frame.
        Msaa::Off,
        Projection::Perspective(PerspectiveProjection {
            fov: 60f32.to_radians(),
            ..default()
        }),
        Transform::from_translation(centre + Vec3::new(0.0, size_m, size_m))
            .looking_at(centre, Vec3::Y),
    ));
}

fn switch_mode(
    keys: Res<ButtonInput<KeyCode>>,
    bindings: Res<KeyBindings>,
    pads: Query<&Gamepad>,
    mut cam: ResMut<ViewCamera>,
) {
    if bindings.just_pressed(Command::Camera, &keys)
        || pads.iter().any(|g| g.just_pressed(GamepadButton::Select))
    {
        cam.mode = match (cam.mode, cam.person) {
            (CameraMode::Overview, Some(_)) => CameraMode::Follow,
            (CameraMode::Follow, _) => CameraMode::FirstPerson,
            _ => CameraMode::Overview,
        };
    }
}

#[allow(clippy::too_many_arguments, clippy::type_complexity)]
fn aim(
    mut cam: ResMut<ViewCamera>,
    people: Res<People>,
    clock: Res<DrillClock>,
    timeline: Res<HazardTimeline>,
    opts: Res<ViewOptions>,
    time: Res<Time>,
    mut camera: Query<&mut Transform, With<Camera3d>>,
    mut figures: Query<(&Figure, &mut Visibility)>,
    mut walls: Query<(&Wall, &mut Transform), Without<Camera3d>>,
    mut panes: Query<&mut Visibility, (With<Pane>, Without<Figure>)>,
    mut cut: ResMut<Cutaway>,
    ground: Option<Res<super::world::Ground>>,
) {
    // Walls at full height through the eyes; cut to 1.1 m from above, so rooms can be seen into.
    let full = cam.mode == CameraMode::FirstPerson;
    for (w, mut t) in &mut walls {
        let h = if full {
            w.height_m
        } else {
            w.height_m.min(1.1)
        };
        t.scale.y = h / w.height_m;
        t.translation.y = w.base_y + h / 2.0;
    }
    for mut v in &mut panes {
        *v = if full {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        };
    }
    let Ok(mut t) = camera.single_mut() else {
        return;
    };
    let a = timeline.ground_at(clock.seconds());
    let shake = if opts.reduced_motion {
        Vec3::ZERO
    } else {
        to_bevy(a[0], a[1], a[2]) * SHAKE_M_PER_MPS2
    };
    // From above, the storeys over the one looked into are not drawn: over the busiest storey
    // in the overview, over the followed person's over the shoulder (the camera sits higher
    // than a storey and would otherwise look out of the desks of the floor above).
    let above = match (cam.mode, cam.person) {
        (CameraMode::Overview, _) => busiest_storey(&people).map_or(f32::INFINITY, |z| z + 2.0),
        (CameraMode::Follow, Some(p)) => people.position(p).1 as f32 + 2.0,
        _ => f32::INFINITY,
    };
    if cut.above_m != above {
        cut.above_m = above;
    }
    let Some(p) = cam.person.filter(|_| cam.mode != CameraMode::Overview) else {
        let (centre, size) = (cam.centre, cam.size_m);
        *t = Transform::from_translation(centre + Vec3::new(-0.1 * size, 0.5 * size, 0.45 * size))
            .looking_at(centre, Vec3::Y);
        t.translation += shake * 4.0;
        return;
    };
    let w = &people.net.walkers[p];
    if !cam.manual && w.heading.0.abs() + w.heading.1.abs() > 0.1 {
        let target = w.heading.1.atan2(w.heading.0) as f32;
        let mut d = target - cam.yaw;
        while d > std::f32::consts::PI {
            d -= std::f32::consts::TAU;
        }
        while d < -std::f32::consts::PI {
            d += std::f32::consts::TAU;
        }
        cam.yaw += d * (3.0 * time.delta_secs()).min(1.0);
    }
    let ((x, y), z) = people.position(p);
    let z = z + ground.as_ref().map_or(0.0, |g| g.height_at((x, y)));
    let body = to_bevy(x, y, z);
    let forward = to_bevy(f64::from(cam.yaw.cos()), f64::from(cam.yaw.sin()), 0.0);
    let eye_m = match people.persons[p].posture {
        Posture::UnderDesk | Posture::BesideWall | Posture::Crouched => 0.7,
        Posture::Down => 0.35,
        _ => 1.6,
    };
    let first = cam.mode == CameraMode::FirstPerson;
    for (f, mut vis) in &mut figures {
        if f.0 == p {
            *vis = if first {
                Visibility::Hidden
            } else {
                Visibility::Inherited
            };
        }
    }
    if first {
        let eye = body + Vec3::Y * eye_m + shake;
        *t = Transform::from_translation(eye).looking_at(eye + forward, Vec3::Y);
    } else {
        // Behind and above, looking down into the room over the heads of a class (no ceilings
        // are drawn; the storeys above are cut away).
        // On a terrain site, far enough back to see the fire's front or the water round the
        // person watched.
        let (back_m, up_m) = if ground.is_some() {
            (240.0, 170.0)
        } else {
            (4.5, 5.5)
        };
        let mut eye = body - forward * back_m + Vec3::Y * up_m + shake;
        // Never inside the hill behind.
        if let Some(g) = &ground {
            let behind = g.height_at((f64::from(eye.x), -f64::from(eye.z))) as f32 + 30.0;
            eye.y = eye.y.max(behind);
        }
        *t = Transform::from_translation(eye).looking_at(body + Vec3::Y * 0.8 + forward, Vec3::Y);
    }
}

/// The floor (its height) where most people are moving, else the highest with anyone inside.
fn busiest_storey(people: &People) -> Option<f32> {
    let mut moving: Vec<(i64, u32)> = Vec::new();
    let mut inside: Option<f64> = None;
    for (k, p) in people.persons.iter().enumerate() {
        if p.outside {
            continue;
        }
        let (_, z) = people.position(k);
        inside = Some(inside.map_or(z, |m: f64| m.max(z)));
        if people.net.walkers[k].is_moving() {
            let key = (z * 10.0).round() as i64;
            match moving.iter_mut().find(|(e, _)| *e == key) {
                Some(e) => e.1 += 1,
                None => moving.push((key, 1)),
            }
        }
    }
    moving
        .iter()
        .max_by_key(|(e, n)| (*n, *e))
        .map(|(e, _)| *e as f32 / 10.0)
        .or(inside.map(|z| z as f32))
}
