//! What moves: people as simple figures (one shared mesh and a few materials, so Bevy draws them
//! batched) and the building's contents as the physics leaves them.

use super::{Cutaway, to_bevy};
use crate::journal::events::Posture;
use crate::sim::people::{People, PersonState};
use crate::sim::quake::Quake;
use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Startup, spawn).add_systems(
        PostUpdate,
        (place_people, place_contents).before(TransformSystems::Propagate),
    );
}

/// The figure of person `0`.
#[derive(Component)]
pub struct Figure(pub usize);

/// A piece of the building's contents (item index).
#[derive(Component)]
struct Piece(usize);

#[derive(Resource)]
struct FigureLooks {
    pupil: Handle<StandardMaterial>,
    adult: Handle<StandardMaterial>,
    participant: Handle<StandardMaterial>,
    down: Handle<StandardMaterial>,
}

const BODY_M: f32 = 1.0;

fn spawn(
    mut commands: Commands,
    people: Res<People>,
    quake: Option<Res<Quake>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    // Few facets: 1,200 of them are drawn every frame.
    let body = meshes.add(
        Capsule3d::new(0.22, BODY_M)
            .mesh()
            .rings(1)
            .latitudes(6)
            .longitudes(8),
    );
    let looks = FigureLooks {
        pupil: materials.add(Color::srgb(0.20, 0.40, 0.80)),
        adult: materials.add(Color::srgb(0.25, 0.30, 0.35)),
        participant: materials.add(Color::srgb(0.95, 0.55, 0.10)),
        down: materials.add(Color::srgb(0.55, 0.45, 0.60)),
    };
    for (k, p) in people.persons.iter().enumerate() {
        let m = if p.participant.is_some() {
            looks.participant.clone()
        } else if matches!(
            p.profile,
            crate::scenario::schema::Profile::Child
                | crate::scenario::schema::Profile::Toddler
                | crate::scenario::schema::Profile::Infant
        ) {
            looks.pupil.clone()
        } else {
            looks.adult.clone()
        };
        commands.spawn((
            Figure(k),
            Mesh3d(body.clone()),
            MeshMaterial3d(m),
            Transform::default(),
        ));
    }
    commands.insert_resource(looks);
    let Some(q) = quake else {
        return;
    };
    let wood = materials.add(Color::srgb(0.62, 0.45, 0.28));
    let light = materials.add(StandardMaterial {
        base_color: Color::srgb(0.95, 0.95, 0.90),
        emissive: LinearRgba::rgb(0.6, 0.6, 0.55),
        ..default()
    });
    let glass = materials.add(StandardMaterial {
        base_color: Color::srgba(0.6, 0.8, 0.95, 0.6),
        alpha_mode: AlphaMode::Blend,
        ..default()
    });
    let books = materials.add(Color::srgb(0.70, 0.20, 0.20));
    use crate::hazards::quake::catalogue::ContentKind;
    use crate::scenario::schema::FurnitureKind;
    // One unit cube for every part: the same mesh and material let Bevy draw them batched.
    let cube = meshes.add(Cuboid::new(1.0, 1.0, 1.0));
    for (k, it) in q.contents.items.iter().enumerate() {
        let m = match it.kind {
            ContentKind::Furniture(FurnitureKind::CeilingLight) => light.clone(),
            ContentKind::Glass => glass.clone(),
            ContentKind::Books => books.clone(),
            _ => wood.clone(),
        };
        commands
            .spawn((Piece(k), Transform::default(), Visibility::default()))
            .with_children(|c| {
                for (half, centre) in q.contents.shape(k) {
                    // Sim frame (z up) to Bevy's (y up): x, z, −y.
                    c.spawn((
                        Mesh3d(cube.clone()),
                        MeshMaterial3d(m.clone()),
                        Transform::from_translation(to_bevy(centre[0], centre[1], centre[2]))
                            .with_scale(Vec3::new(
                                2.0 * half[0] as f32,
                                2.0 * half[2] as f32,
                                2.0 * half[1] as f32,
                            )),
                    ));
                }
            });
    }
}

fn place_people(
    setup: Res<crate::sim::DrillSetup>,
    people: Res<People>,
    ground: Option<Res<super::world::Ground>>,
    looks: Res<FigureLooks>,
    cut: Res<Cutaway>,
    mut q: Query<(
        &Figure,
        &mut Transform,
        &mut Visibility,
        &mut MeshMaterial3d<StandardMaterial>,
    )>,
) {
    // A public experience shows nobody hurt or lying (public-education practice); the page
    // says in words what would have happened.
    let public = setup.scenario.meta.audience == crate::scenario::schema::Audience::Public;
    for (f, mut t, mut vis, mut mat) in &mut q {
        let p = &people.persons[f.0];
        let ((x, y), z) = people.position(f.0);
        // On a terrain site people stand on its ground.
        let z = z + ground.as_ref().map_or(0.0, |g| g.height_at((x, y)));
        // Out of the building and gone on a terrain road: still drawn where they are.
        // Scale of the 1.44 m capsule: 1.66 m standing, 0.65 m in cover, lying when down.
        let (scale, lying) = match p.posture {
            Posture::UnderDesk | Posture::BesideWall | Posture::Crouched => (0.45, false),
            Posture::Down if public => (0.45, false),
            Posture::Down => (1.0, true),
            _ => (1.15, false),
        };
        // Children are shorter (≈ 1.4 m at 10–12 years, 1.0 m at 3–4); a seated wheelchair
        // user keeps the adult figure.
        use crate::crowd::profiles::standing_height_m;
        use crate::scenario::schema::Profile;
        let scale = match p.profile {
            Profile::Child | Profile::Toddler | Profile::Infant => {
                scale * (standing_height_m(p.profile) / standing_height_m(Profile::Adult)) as f32
            }
            Profile::Adult | Profile::Elderly | Profile::WheelchairUser => scale,
        };
        let centre = if lying { 0.22 } else { 0.72 * scale };
        t.translation = to_bevy(x, y, z + f64::from(centre));
        t.scale = Vec3::new(1.0, scale, 1.0);
        t.rotation = if lying {
            Quat::from_rotation_z(std::f32::consts::FRAC_PI_2)
        } else {
            Quat::IDENTITY
        };
        if !public && (lying || p.state == PersonState::Injured) {
            mat.0 = looks.down.clone();
        }
        *vis = if (z as f32) < cut.above_m {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        };
    }
}

fn place_contents(
    quake: Option<Res<Quake>>,
    cut: Res<Cutaway>,
    mut q: Query<(&Piece, &mut Transform, &mut Visibility)>,
) {
    let Some(quake) = quake else {
        return;
    };
    // The sim frame's rotation seen in Bevy's: conjugate by the frame change (−90° about x).
    let frame = Quat::from_rotation_x(-std::f32::consts::FRAC_PI_2);
    for (p, mut t, mut vis) in &mut q {
        let (pos, rot) = quake.contents.pose(p.0);
        // The cut is a storey's floor + 2 m; what stands on that storey reaches up to its
        // ceiling lamps (≈ 3.2 m), what stands on the next starts at its floor (≥ 3.6 m up).
        *vis = if pos.z < cut.above_m + 1.3 {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        };
        t.translation = to_bevy(f64::from(pos.x), f64::from(pos.y), f64::from(pos.z));
        let r = Quat::from_xyzw(rot.x, rot.y, rot.z, rot.w);
        t.rotation = frame * r * frame.inverse();
    }
}
