//! The forest fire as the kernel has it, drawn over the terrain: the ground shaded by fuel model,
//! the cells burning and burned painted from the arrival times (`sim::fire::FireState`), flames
//! over burning cells as tall as each cell's flame length (Byram's, as `sim::fire::cell_flames`
//! gives it), embers over spot fires, smoke drifting downwind from the plume's sources and, seen
//! through a person's eyes, a fog whose extinction is the plume's where they stand
//! (`hazards::fire::smoke`), the fireline,
//! each lookout's sight line to the front, and the escape routes and safety zone once named.
//!
//! The grid is one texture updated from the kernel's cells and the flames, puffs and embers are
//! fixed pools of one mesh and one material each (drawn batched), so the cost does not grow with
//! the fire.

use super::camera::{CameraMode, ViewCamera};
use super::world::{Ground, GroundSurface, WorldBuilt};
use super::{HazardStatus, to_bevy};
use crate::hazards::fire::smoke;
use crate::journal::events::SimEvent;
use crate::scenario::schema::{Point, Site, Terrain, Text};
use crate::sim::DrillSetup;
use crate::sim::clock::DrillClock;
use crate::sim::fire::{CellFlames, FireState, cell_flames};
use crate::sim::log::EventLog;
use crate::sim::people::People;
use bevy::prelude::*;
use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat};

/// Flames, smoke puffs and embers drawn at most (each a pool of one mesh and material).
const FLAMES: usize = 600;
const PUFFS: usize = 160;
const EMBERS: usize = 48;
/// Ticks between repaints of the grid (1 s of drill time).
const REPAINT_TICKS: u64 = 10;
/// Minutes a cell smoulders (dark red) after its flames, before it shows as burned.
const SMOULDER_MIN: f32 = 10.0;
/// Metres a puff travels downwind before it fades, and how fast it goes per m/s of wind.
const PLUME_M: f32 = 700.0;

/// A fuel model's legend class (index into [`FUEL_CLASSES`]).
fn fuel_class(code: Option<u16>) -> usize {
    match code {
        // Anderson grass, Scott & Burgan GR; grass-shrub GS.
        Some(1..=3 | 101..=109) => 0,
        Some(121..=124) => 1,
        // Shrub: Anderson 4–7, SH.
        Some(4..=7 | 141..=149) => 2,
        // Timber litter and understory: Anderson 8–10, TU, TL.
        Some(8..=10 | 161..=165 | 181..=189) => 3,
        // Slash and blowdown: Anderson 11–13, SB.
        Some(11..=13 | 201..=204) => 4,
        Some(98) => 6,
        Some(91) => 7,
        Some(93) => 8,
        // Bare ground, snow, anything else that does not burn.
        Some(_) | None => 5,
    }
}

/// Each legend class's words and colour on the map, by [`fuel_class`].
const FUEL_CLASSES: [(&str, &str, [u8; 3]); 9] = [
    ("草地", "grass", [205, 196, 112]),
    ("草灌", "grass-shrub", [170, 170, 95]),
    ("灌木", "shrub", [128, 140, 72]),
    ("林下枯落物", "timber litter", [62, 108, 56]),
    ("采伐剩余物", "slash", [140, 112, 78]),
    ("裸地（不燃）", "bare (no fuel)", [190, 180, 160]),
    ("水体", "water", [84, 128, 196]),
    ("建成区", "built-up", [150, 150, 150]),
    ("农田", "farmland", [178, 190, 110]),
];

const BURNING: [u8; 3] = [255, 96, 16];
const SMOULDERING: [u8; 3] = [86, 34, 20];
const BURNED: [u8; 3] = [28, 25, 24];
const LINE_CUT: [u8; 3] = [235, 215, 120];

#[derive(Resource)]
struct FireLook {
    /// Texels per row and rows (the kernel's grid, the northern row on top).
    w: usize,
    h: usize,
    cell_m: f32,
    fuel: Vec<[u8; 3]>,
    albedo: Handle<Image>,
    glow: Handle<Image>,
    material: Handle<StandardMaterial>,
    painted: Option<u64>,
    /// Each cell's flames as the front crosses it, for the plan numbered `plan`.
    flames: Vec<Option<CellFlames>>,
    plan: u64,
    /// Burning cells now: centre and flame length, m.
    burning: Vec<(Point, f64)>,
    /// Spot fires started: where, when (min).
    spots: Vec<(Point, f32)>,
    scanned: usize,
    /// Escape routes (from, refuges) and safety zones named so far.
    routes: Vec<(Point, Vec<String>)>,
    zones: Vec<String>,
    /// What the marks were last drawn from (line cells, lookouts, routes).
    marks_key: (usize, usize, usize),
}

#[derive(Component)]
struct Flame(usize);
#[derive(Component)]
struct Puff(usize);
#[derive(Component)]
struct Ember(usize);
/// A piece of the fireline, a sight line, an escape route or a safety zone's edge.
#[derive(Component)]
struct Mark;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Startup, spawn.after(WorldBuilt))
        .add_systems(
            Update,
            (paint, (flames, smoke_and_embers, marks, status))
                .chain()
                .after(super::stepping::StepSet)
                .run_if(resource_exists::<FireLook>),
        );
}

fn terrain(setup: &DrillSetup) -> Option<&Terrain> {
    match &setup.scenario.site {
        Site::Terrain(t) => Some(t),
        Site::Building(_) => None,
    }
}

fn rgba(pixels: &[[u8; 3]]) -> Vec<u8> {
    pixels
        .iter()
        .flat_map(|p| [p[0], p[1], p[2], 255])
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn spawn(
    mut commands: Commands,
    fire: Option<Res<FireState>>,
    ground: Query<Entity, With<GroundSurface>>,
    mut images: ResMut<Assets<Image>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    mut status: ResMut<HazardStatus>,
) {
    let (Some(fire), Ok(ground)) = (fire, ground.single()) else {
        return;
    };
    let l = &fire.landscape;
    let (w, h) = (l.width(), l.height());
    let mut classes = [false; FUEL_CLASSES.len()];
    let fuel: Vec<[u8; 3]> = (0..w * h)
        .map(|k| {
            // Texel k: row k / w from the north; the kernel's rows count from the south.
            let (col, row) = (k % w, h - 1 - k / w);
            let class = fuel_class(l.cell_index(col, row).and_then(|c| l.fuel(c)));
            classes[class] = true;
            FUEL_CLASSES[class].2
        })
        .collect();
    let image = |px: Vec<u8>| {
        Image::new(
            Extent3d {
                width: w as u32,
                height: h as u32,
                depth_or_array_layers: 1,
            },
            TextureDimension::D2,
            px,
            TextureFormat::Rgba8UnormSrgb,
            bevy::asset::RenderAssetUsages::default(),
        )
    };
    let albedo = images.add(image(rgba(&fuel)));
    let glow = images.add(image(vec![0; w * h * 4]));
    let material = materials.add(StandardMaterial {
        base_color_texture: Some(albedo.clone()),
        emissive_texture: Some(glow.clone()),
        emissive: LinearRgba::rgb(4.0, 4.0, 4.0),
        perceptual_roughness: 0.95,
        ..default()
    });
    commands
        .entity(ground)
        .insert(MeshMaterial3d(material.clone()));
    let flame_mat = materials.add(StandardMaterial {
        base_color: Color::srgb(1.0, 0.55, 0.1),
        emissive: LinearRgba::rgb(8.0, 2.6, 0.3),
        unlit: true,
        ..default()
    });
    let cone = meshes.add(Cone {
        radius: 0.5,
        height: 1.0,
    });
    super::spawn_pool(&mut commands, FLAMES, &cone, &flame_mat, Flame);
    let puff_mat = materials.add(StandardMaterial {
        base_color: Color::srgba(0.42, 0.40, 0.39, 0.20),
        alpha_mode: AlphaMode::Blend,
        unlit: true,
        ..default()
    });
    let ball = meshes.add(Sphere::new(1.0).mesh().uv(10, 6));
    super::spawn_pool(&mut commands, PUFFS, &ball, &puff_mat, Puff);
    let ember_mat = materials.add(StandardMaterial {
        base_color: Color::srgb(1.0, 0.75, 0.2),
        emissive: LinearRgba::rgb(10.0, 5.0, 0.5),
        unlit: true,
        ..default()
    });
    super::spawn_pool(&mut commands, EMBERS, &ball, &ember_mat, Ember);
    status.legend = classes
        .iter()
        .zip(FUEL_CLASSES)
        .filter(|(on, _)| **on)
        .map(|(_, (zh, en, c))| (Color::srgb_u8(c[0], c[1], c[2]), crate::words::text(zh, en)))
        .chain([
            (
                Color::srgb_u8(BURNING[0], BURNING[1], BURNING[2]),
                crate::words::text("正在燃烧", "burning"),
            ),
            (
                Color::srgb_u8(BURNED[0], BURNED[1], BURNED[2]),
                crate::words::text("已烧过", "burned"),
            ),
        ])
        .collect();
    commands.insert_resource(FireLook {
        w,
        h,
        cell_m: l.cell_size_m(),
        fuel,
        albedo,
        glow,
        material,
        painted: None,
        flames: vec![None; w * h],
        plan: u64::MAX,
        burning: Vec::new(),
        spots: Vec::new(),
        scanned: 0,
        routes: Vec::new(),
        zones: Vec::new(),
        marks_key: (0, 0, 0),
    });
}

/// The grid repainted from the arrival times, once a drill second: fuel, burning, smouldering,
/// burned; the glow where it burns. The events of the frame are read for spot fires and what
/// the crew has named.
#[allow(clippy::too_many_arguments)]
fn paint(
    clock: Res<DrillClock>,
    fire: Res<FireState>,
    log: Res<EventLog>,
    mut look: ResMut<FireLook>,
    mut images: ResMut<Assets<Image>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    let look = &mut *look;
    for (_, e) in &log.entries[look.scanned.min(log.entries.len())..] {
        if let SimEvent::LcesChecked {
            from,
            escape_routes,
            safety_zone,
            ..
        } = e
        {
            look.routes.push((*from, escape_routes.clone()));
            look.zones.extend(safety_zone.iter().cloned());
        }
        if let SimEvent::FireStarted { at, spot: true, .. } = e {
            look.spots.push((*at, clock.seconds() as f32 / 60.0));
        }
    }
    look.scanned = log.entries.len();
    if look
        .painted
        .is_some_and(|t| clock.tick < t + REPAINT_TICKS && clock.tick >= t)
    {
        return;
    }
    look.painted = Some(clock.tick);
    let Some(map) = &fire.map else { return };
    if look.plan != fire.plans {
        look.plan = fire.plans;
        look.flames.iter_mut().for_each(|f| *f = None);
    }
    let t = clock.seconds() as f32 / 60.0;
    let (w, h) = (look.w, look.h);
    let line: std::collections::BTreeSet<usize> = fire.crew.line_cells().iter().copied().collect();
    let mut albedo = Vec::with_capacity(w * h * 4);
    let mut glow = Vec::with_capacity(w * h * 4);
    look.burning.clear();
    for k in 0..w * h {
        let (col, row) = (k % w, h - 1 - k / w);
        let c = row * w + col;
        let a = map.arrival_min.get(c).copied().unwrap_or(f32::INFINITY);
        let (px, gl) = if a.is_finite() && a <= t {
            let f = *look.flames[c].get_or_insert_with(|| cell_flames(&fire.landscape, map, c));
            let out = a + f.flaming_min as f32;
            if t < out {
                let (x, y) = fire.landscape.cell_center_m(c);
                look.burning.push(((f64::from(x), f64::from(y)), f.flame_m));
                (BURNING, [255, 110, 20])
            } else if t < out + SMOULDER_MIN {
                (SMOULDERING, [60, 10, 0])
            } else {
                (BURNED, [0, 0, 0])
            }
        } else if line.contains(&c) {
            (LINE_CUT, [0, 0, 0])
        } else {
            (look.fuel[k], [0, 0, 0])
        };
        albedo.extend([px[0], px[1], px[2], 255]);
        glow.extend([gl[0], gl[1], gl[2], 255]);
    }
    if let Some(mut img) = images.get_mut(&look.albedo) {
        img.data = Some(albedo);
    }
    if let Some(mut img) = images.get_mut(&look.glow) {
        img.data = Some(glow);
    }
    // The material is marked changed so its bind group takes the new texels.
    let _ = materials.get_mut(&look.material);
}

/// The flames: one cone per burning cell (every n-th when more burn than the pool holds), as
/// tall as the cell's flame length, flickering.
fn flames(
    look: Res<FireLook>,
    time: Res<Time>,
    ground: Option<Res<Ground>>,
    mut q: Query<(&Flame, &mut Transform, &mut Visibility)>,
) {
    let n = look.burning.len();
    let stride = n.div_ceil(FLAMES).max(1);
    let t = time.elapsed_secs();
    let half = f64::from(look.cell_m) * 0.35;
    for (f, mut tr, mut vis) in &mut q {
        let Some(&((x, y), flame_m)) = look.burning.get(f.0 * stride) else {
            *vis = Visibility::Hidden;
            continue;
        };
        // A fixed offset within the cell per flame, so the front is not a lattice.
        let j = f.0 as f64 * 0.618_034;
        let (x, y) = (
            x + ((j.fract() - 0.5) * 2.0) * half,
            y + (((j * 1.7).fract() - 0.5) * 2.0) * half,
        );
        let z = ground.as_ref().map_or(0.0, |g| g.height_at((x, y)));
        let flicker = 1.0 + 0.18 * (t * 9.0 + f.0 as f32).sin();
        let height = (flame_m as f32).max(0.3) * flicker;
        let radius = (0.45 * flame_m as f32).clamp(0.4, 6.0);
        *tr = Transform::from_translation(to_bevy(x, y, z) + Vec3::Y * height / 2.0)
            .with_scale(Vec3::new(radius * 2.0, height, radius * 2.0));
        *vis = Visibility::Inherited;
    }
}

/// Downwind (east, north) of a wind blowing from `from_deg`, clockwise from north.
fn downwind(from_deg: f64) -> (f32, f32) {
    let a = (from_deg + 180.0).to_radians() as f32;
    (a.sin(), a.cos())
}

/// Smoke puffs drift downwind from the plume's sources, rising and spreading as they go; the
/// fog's extinction is the plume's at the person watched (Beer–Lambert with the kernel's
/// extinction coefficient). Embers glow over spot fires for their first minutes.
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
fn smoke_and_embers(
    look: Res<FireLook>,
    fire: Res<FireState>,
    clock: Res<DrillClock>,
    time: Res<Time>,
    people: Res<People>,
    cam: Option<Res<ViewCamera>>,
    ground: Option<Res<Ground>>,
    mut puffs: Query<(&Puff, &mut Transform, &mut Visibility), Without<Ember>>,
    mut embers: Query<(&Ember, &mut Transform, &mut Visibility), Without<Puff>>,
    mut fog: Query<(Entity, Option<&mut DistanceFog>), With<Camera3d>>,
    camera: Query<&Transform, (With<Camera3d>, Without<Puff>, Without<Ember>)>,
    mut commands: Commands,
) {
    let sources = fire.exposure.smoke_sources();
    let (dx, dy) = downwind(fire.wind.from_deg);
    let t = time.elapsed_secs();
    let z_at = |x: f64, y: f64| ground.as_ref().map_or(0.0, |g| g.height_at((x, y)));
    let n = sources.len();
    let stride = n.div_ceil(PUFFS / 4).max(1);
    let eye = camera.single().ok().map(|t| t.translation);
    let speed = (fire.wind.speed_mps as f32).max(1.0) * 6.0;
    for (p, mut tr, mut vis) in &mut puffs {
        if n == 0 {
            *vis = Visibility::Hidden;
            continue;
        }
        let s = &sources[(p.0 * stride) % n];
        // Each puff's own phase along the plume; the wall clock drives the drift.
        let phase = (t * speed / PLUME_M + p.0 as f32 * 0.618_034).fract();
        let d = phase * PLUME_M;
        let side = ((p.0 as f32 * 0.381_966).fract() - 0.5) * (0.3 * d + 10.0);
        let (x, y) = (
            s.x_m as f32 + dx * d - dy * side,
            s.y_m as f32 + dy * d + dx * side,
        );
        let z = z_at(f64::from(x), f64::from(y)) as f32 + 6.0 + 0.25 * d;
        let r = 6.0 + 0.12 * d;
        let at = to_bevy(f64::from(x), f64::from(y), f64::from(z));
        // A puff about the camera would fill the screen with its facets: not drawn.
        if eye.is_some_and(|e| e.distance(at) < 3.0 * r + 20.0) {
            *vis = Visibility::Hidden;
            continue;
        }
        *tr = Transform::from_translation(at).with_scale(Vec3::splat(r));
        *vis = Visibility::Inherited;
    }
    let now_min = clock.seconds() as f32 / 60.0;
    let live: Vec<Point> = look
        .spots
        .iter()
        .filter(|(_, at)| now_min - at < 15.0)
        .map(|(p, _)| *p)
        .collect();
    for (e, mut tr, mut vis) in &mut embers {
        let Some(&(x, y)) = (!live.is_empty()).then(|| &live[e.0 % live.len()]) else {
            *vis = Visibility::Hidden;
            continue;
        };
        let a = e.0 as f32 * 2.399 + t * 0.8;
        let rise = (t * 0.35 + e.0 as f32 * 0.618_034).fract();
        let r = 4.0 + 14.0 * rise;
        let (ex, ey) = (x + f64::from(a.cos() * r), y + f64::from(a.sin() * r));
        let z = z_at(ex, ey) + f64::from(2.0 + 22.0 * rise);
        *tr = Transform::from_translation(to_bevy(ex, ey, z)).with_scale(Vec3::splat(0.5));
        *vis = Visibility::Inherited;
    }
    // The fog: the extinction at the person watched, through their eyes (the views from above
    // look down through the plume, whose puffs show it, not along the ground in it).
    let watched = cam
        .as_ref()
        .filter(|c| c.mode == CameraMode::FirstPerson)
        .and_then(|c| c.person);
    let k = watched.map_or(0.0, |p| {
        let (at, _) = people.position(p);
        smoke::extinction_per_m(sources, fire.wind.speed_mps, fire.wind.from_deg, at)
    });
    if let Ok((cam, existing)) = fog.single_mut() {
        let falloff = FogFalloff::Exponential {
            density: (k as f32).clamp(0.0, 2.0),
        };
        match existing {
            Some(mut f) => f.falloff = falloff,
            None => {
                commands.entity(cam).insert(DistanceFog {
                    color: Color::srgb(0.55, 0.52, 0.48),
                    falloff,
                    ..default()
                });
            }
        }
    }
}

/// A thin box from `a` to `b` (Bevy coordinates), `thick_m` across.
fn segment(a: Vec3, b: Vec3, thick_m: f32) -> Transform {
    let len = a.distance(b).max(0.01);
    let mid = (a + b) / 2.0;
    let up = if (b - a).normalize_or_zero().y.abs() > 0.99 {
        Vec3::X
    } else {
        Vec3::Y
    };
    Transform::from_translation(mid)
        .looking_at(b, up)
        .with_scale(Vec3::new(thick_m, thick_m, len))
}

/// Segments from `a` to `b` on the ground, one per `step_m`, `lift_m` above it.
fn on_ground(
    a: Point,
    b: Point,
    step_m: f64,
    lift_m: f64,
    ground: Option<&Ground>,
) -> Vec<(Vec3, Vec3)> {
    let d = crate::scenario::geometry::dist(a, b);
    let n = (d / step_m).ceil().max(1.0) as usize;
    let at = |f: f64| {
        let p = (a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f);
        to_bevy(p.0, p.1, ground.map_or(0.0, |g| g.height_at(p)) + lift_m)
    };
    (0..n)
        .map(|k| (at(k as f64 / n as f64), at((k + 1) as f64 / n as f64)))
        .collect()
}

/// The refuge `id` on the terrain: its centre.
fn refuge_centre(t: &Terrain, id: &str) -> Option<Point> {
    t.shelters
        .iter()
        .find(|s| s.id == id)
        .map(|s| crate::crowd::network::centroid(&s.polygon))
        .or_else(|| t.places.iter().find(|p| p.id == id).map(|p| p.at))
}

/// The marks' shared box mesh and their materials: fireline, sight line, escape route.
type MarkKit = (Handle<Mesh>, [Handle<StandardMaterial>; 3]);

/// The fireline (yellow), each lookout's sight line to the nearest flames (white), escape
/// routes (green) and the safety zone's edge (bright green): drawn again when one changes.
#[allow(clippy::too_many_arguments)]
fn marks(
    mut commands: Commands,
    setup: Res<DrillSetup>,
    fire: Res<FireState>,
    mut look: ResMut<FireLook>,
    ground: Option<Res<Ground>>,
    old: Query<Entity, With<Mark>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    mut cube: Local<Option<MarkKit>>,
) {
    let Some(t) = terrain(&setup) else { return };
    let key = (
        fire.crew.line_cells().len(),
        fire.crew.lookouts().len() * 1000 + look.burning.len().min(999),
        look.routes.len(),
    );
    // Sight lines follow the flames: redrawn with the burning cells, at most every repaint.
    if key == look.marks_key {
        return;
    }
    look.marks_key = key;
    let (mesh, [line_mat, sight_mat, route_mat]) = cube
        .get_or_insert_with(|| {
            let m = |materials: &mut Assets<StandardMaterial>, c: Color| {
                materials.add(StandardMaterial {
                    base_color: c,
                    unlit: true,
                    ..default()
                })
            };
            (
                meshes.add(Cuboid::new(1.0, 1.0, 1.0)),
                [
                    m(&mut materials, Color::srgb(1.0, 0.85, 0.1)),
                    m(&mut materials, Color::srgb(0.95, 0.95, 1.0)),
                    m(&mut materials, Color::srgb(0.1, 0.85, 0.35)),
                ],
            )
        })
        .clone();
    for e in &old {
        commands.entity(e).despawn();
    }
    let g = ground.as_deref();
    let cell = f64::from(look.cell_m);
    let mut pieces: Vec<(Vec3, Vec3, f32, Handle<StandardMaterial>)> = Vec::new();
    let centres: Vec<Point> = fire
        .crew
        .line_cells()
        .iter()
        .map(|&c| {
            let (x, y) = fire.landscape.cell_center_m(c);
            (f64::from(x), f64::from(y))
        })
        .collect();
    for pair in centres.windows(2) {
        for (a, b) in on_ground(pair[0], pair[1], cell / 2.0, 0.6, g) {
            pieces.push((a, b, 2.5, line_mat.clone()));
        }
    }
    for &(_, post) in fire.crew.lookouts() {
        let nearest = look.burning.iter().map(|(p, _)| *p).min_by(|a, b| {
            crate::scenario::geometry::dist(*a, post)
                .total_cmp(&crate::scenario::geometry::dist(*b, post))
        });
        if let Some(f) = nearest {
            let z = |p: Point| g.map_or(0.0, |g| g.height_at(p));
            pieces.push((
                to_bevy(post.0, post.1, z(post) + 2.0),
                to_bevy(f.0, f.1, z(f) + 1.0),
                0.8,
                sight_mat.clone(),
            ));
        }
    }
    for (from, refuges) in &look.routes {
        for r in refuges {
            if let Some(to) = refuge_centre(t, r) {
                for (a, b) in on_ground(*from, to, cell / 2.0, 1.0, g) {
                    pieces.push((a, b, 2.0, route_mat.clone()));
                }
            }
        }
    }
    for z in &look.zones {
        if let Some(s) = t.shelters.iter().find(|s| &s.id == z) {
            for (p, q) in crate::scenario::geometry::edges(&s.polygon) {
                for (a, b) in on_ground(p, q, cell / 2.0, 1.2, g) {
                    pieces.push((a, b, 3.0, route_mat.clone()));
                }
            }
        }
    }
    for (a, b, thick, m) in pieces {
        commands.spawn((
            Mark,
            Mesh3d(mesh.clone()),
            MeshMaterial3d(m),
            segment(a, b, thick),
        ));
    }
}

/// The HUD's line: the wind (speed, where from, changing with each shift) and the fire's
/// distance to the person watched (else to the nearest participant).
fn status(
    setup: Res<DrillSetup>,
    fire: Res<FireState>,
    look: Res<FireLook>,
    people: Res<People>,
    cam: Option<Res<ViewCamera>>,
    mut out: ResMut<HazardStatus>,
) {
    let watched = cam
        .as_ref()
        .and_then(|c| c.person)
        .or_else(|| people.persons.iter().position(|p| p.participant.is_some()));
    let nearest_m = watched.and_then(|p| {
        let (at, _) = people.position(p);
        look.burning
            .iter()
            .map(|(c, _)| crate::scenario::geometry::dist(*c, at))
            .min_by(f64::total_cmp)
    });
    let wind = &fire.wind;
    let (zh_dir, en_dir) = compass(wind.from_deg);
    let who = watched
        .and_then(|p| people.persons[p].participant)
        .and_then(|i| setup.scenario.participants.get(i));
    let (zh_who, en_who) = who.map_or(("扑火队".to_string(), "the crew".to_string()), |p| {
        (p.id.clone(), p.id.clone())
    });
    let distance = match nearest_m {
        Some(d) => crate::words::text(
            &format!("火线距 {zh_who} {d:.0} m"),
            &format!("fire {d:.0} m from {en_who}"),
        ),
        None if fire.map.is_some() => crate::words::text("火已熄灭", "no open flame"),
        None => crate::words::text("尚未起火", "no fire yet"),
    };
    let line = Some(Text {
        zh: format!("{zh_dir}风 {:.1} m/s · {}", wind.speed_mps, distance.zh),
        en: format!(
            "Wind {:.1} m/s from {en_dir} · {}",
            wind.speed_mps, distance.en
        ),
    });
    // Only a new line marks the status changed: the HUD lays its text out again then.
    if out.line != line {
        out.line = line;
    }
}

/// The 8-point compass word for a bearing, degrees clockwise from north.
pub fn compass(deg: f64) -> (&'static str, &'static str) {
    const POINTS: [(&str, &str); 8] = [
        ("北", "N"),
        ("东北", "NE"),
        ("东", "E"),
        ("东南", "SE"),
        ("南", "S"),
        ("西南", "SW"),
        ("西", "W"),
        ("西北", "NW"),
    ];
    let k = ((deg.rem_euclid(360.0) + 22.5) / 45.0) as usize % 8;
    POINTS[k]
}
