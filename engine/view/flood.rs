//! The flood as the kernel has it, drawn over the terrain: one water surface mesh over the
//! kernel's cells (`sim::flood::FloodState`), its colour and opacity by depth and whitening where
//! it runs fast, arrows on a lattice that point and drift with the flow, rain while the
//! scenario's rain falls, each gauge's staff with its warning and guaranteed marks and the water
//! at it, houses tinted by the depth they stand in, roads closed by water drawn red; the HUD's
//! warning signal and gauge, and the roster of households not yet at a shelter.
//!
//! The surface is one mesh whose vertices are rewritten once a drill second; arrows and drops
//! are fixed pools of one mesh and one material each (drawn batched).

use super::camera::{CameraMode, ViewCamera};
use super::world::{Ground, HouseMark, RoadMark, WorldBuilt};
use super::{HazardStatus, to_bevy};
use crate::drill::WarningLevel;
use crate::journal::events::SimEvent;
use crate::scenario::schema::{Flood, Hazard, Site, SiteRef, Terrain, Text};
use crate::sim::DrillSetup;
use crate::sim::clock::DrillClock;
use crate::sim::flood::FloodState;
use crate::sim::log::EventLog;
use crate::sim::people::People;
use crate::words::Words;
use bevy::prelude::*;

/// Flow arrows and rain drops drawn at most.
const ARROWS: usize = 400;
const DROPS: usize = 500;
/// Ticks between rewrites of the water surface (1 s of drill time).
const REDRAW_TICKS: u64 = 10;
/// Water shallower than this is not drawn, m: the rain's film on every slope would otherwise
/// speckle the hills.
const DRAWN_DEPTH_M: f64 = 0.05;
/// Rain at which every drop of the pool falls, mm/h (a heavy rainstorm's hour).
const FULL_RAIN_MM_PER_H: f64 = 50.0;

#[derive(Resource)]
struct FloodLook {
    surface: Handle<Mesh>,
    drawn: Option<u64>,
    /// Arrow lattice: every `stride` cells each way.
    stride: usize,
    level: Option<WarningLevel>,
    scanned: usize,
    /// Per house, the tint class last set; per road, whether drawn closed.
    house_class: Vec<u8>,
    road_closed: Vec<bool>,
    house_mats: Vec<Option<Handle<StandardMaterial>>>,
    road_mats: Vec<Option<Handle<StandardMaterial>>>,
}

#[derive(Component)]
struct Arrow(usize);
#[derive(Component)]
struct Drop(usize);
/// The water's mark on gauge `0`'s staff.
#[derive(Component)]
struct GaugeWater(usize);

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Startup, spawn.after(WorldBuilt))
        .add_systems(
            Update,
            (surface, (arrows, rain, gauges, houses_and_roads, status))
                .chain()
                .after(super::stepping::StepSet)
                .run_if(resource_exists::<FloodLook>),
        );
}

fn flood(setup: &DrillSetup) -> Option<(&Terrain, &Flood)> {
    let Site::Terrain(t) = &setup.scenario.site else {
        return None;
    };
    setup.scenario.hazards.iter().find_map(|h| match h {
        Hazard::Flood(f) => Some((t, f)),
        Hazard::Earthquake(_) | Hazard::ForestFire(_) => None,
    })
}

/// A flat arrow on the ground pointing along −Z (Bevy's forward), 1 m long.
fn arrow_mesh() -> Mesh {
    let p = |x: f32, z: f32| [x, 0.0, z];
    let positions = vec![
        p(-0.06, 0.0),
        p(0.06, 0.0),
        p(0.06, -0.6),
        p(-0.06, -0.6),
        p(-0.2, -0.6),
        p(0.2, -0.6),
        p(0.0, -1.0),
    ];
    let indices = vec![0, 1, 2, 0, 2, 3, 4, 5, 6];
    let n = positions.len();
    super::world::textured(
        positions,
        vec![[0.0, 1.0, 0.0]; n],
        vec![[0.0; 2]; n],
        indices,
    )
}

#[allow(clippy::too_many_arguments)]
fn spawn(
    mut commands: Commands,
    setup: Res<DrillSetup>,
    state: Option<Res<FloodState>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    houses: Query<(&HouseMark, &MeshMaterial3d<StandardMaterial>)>,
    roads: Query<(&RoadMark, &MeshMaterial3d<StandardMaterial>)>,
    ground: Option<Res<Ground>>,
    mut status: ResMut<HazardStatus>,
) {
    let (Some(state), Some((t, f))) = (state, flood(&setup)) else {
        return;
    };
    let sim = &state.sim;
    let (nx, ny) = (sim.nx(), sim.ny());
    let positions = vec![[0.0f32; 3]; nx * ny];
    let mut indices = Vec::with_capacity(nx.saturating_sub(1) * ny.saturating_sub(1) * 6);
    for j in 0..ny.saturating_sub(1) {
        for i in 0..nx.saturating_sub(1) {
            // Kernel cells count from the south-west; counter-clockwise seen from above.
            let a = (j * nx + i) as u32;
            let (b, d, e) = (a + 1, a + nx as u32, a + nx as u32 + 1);
            indices.extend([a, b, e, a, e, d]);
        }
    }
    let mesh = super::world::textured(
        positions,
        vec![[0.0, 1.0, 0.0]; nx * ny],
        vec![[0.0; 2]; nx * ny],
        indices,
    )
    .with_inserted_attribute(Mesh::ATTRIBUTE_COLOR, vec![[0.0f32; 4]; nx * ny]);
    let surface = meshes.add(mesh);
    commands.spawn((
        Mesh3d(surface.clone()),
        MeshMaterial3d(materials.add(StandardMaterial {
            base_color: Color::WHITE,
            alpha_mode: AlphaMode::Blend,
            perceptual_roughness: 0.15,
            reflectance: 0.6,
            double_sided: true,
            cull_mode: None,
            ..default()
        })),
        Transform::default(),
    ));
    let arrow = meshes.add(arrow_mesh());
    let arrow_mat = materials.add(StandardMaterial {
        base_color: Color::srgba(0.95, 0.97, 1.0, 0.85),
        alpha_mode: AlphaMode::Blend,
        unlit: true,
        double_sided: true,
        cull_mode: None,
        ..default()
    });
    super::spawn_pool(&mut commands, ARROWS, &arrow, &arrow_mat, Arrow);
    let cube = meshes.add(Cuboid::new(1.0, 1.0, 1.0));
    let drop_mat = materials.add(StandardMaterial {
        base_color: Color::srgba(0.80, 0.86, 0.95, 0.35),
        alpha_mode: AlphaMode::Blend,
        unlit: true,
        ..default()
    });
    super::spawn_pool(&mut commands, DROPS, &cube, &drop_mat, Drop);
    // Gauges: a staff from the ground to a metre over the guaranteed level, its warning mark
    // orange and guaranteed mark red, and the water's mark moving on it.
    let datum = ground.as_ref().map_or(0.0, |g| g.datum_m());
    let unlit = |materials: &mut Assets<StandardMaterial>, c: Color| {
        materials.add(StandardMaterial {
            base_color: c,
            unlit: true,
            ..default()
        })
    };
    let staff = unlit(&mut materials, Color::srgb(0.95, 0.95, 0.92));
    let orange = unlit(&mut materials, Color::srgb(1.0, 0.55, 0.0));
    let red = unlit(&mut materials, Color::srgb(0.9, 0.1, 0.1));
    let water = unlit(&mut materials, Color::srgb(0.1, 0.35, 0.95));
    for (k, g) in f.gauges.iter().enumerate() {
        let foot = ground.as_ref().map_or(0.0, |gr| gr.height_at(g.at));
        let top = g.guaranteed_level_m - datum + 1.0;
        let height = (top - foot).max(1.0);
        commands.spawn((
            Mesh3d(cube.clone()),
            MeshMaterial3d(staff.clone()),
            Transform::from_translation(to_bevy(g.at.0, g.at.1, foot + height / 2.0))
                .with_scale(Vec3::new(0.6, height as f32, 0.6)),
        ));
        for (level, m) in [(g.warning_level_m, &orange), (g.guaranteed_level_m, &red)] {
            commands.spawn((
                Mesh3d(cube.clone()),
                MeshMaterial3d(m.clone()),
                Transform::from_translation(to_bevy(g.at.0, g.at.1, level - datum))
                    .with_scale(Vec3::new(2.4, 0.25, 2.4)),
            ));
        }
        commands.spawn((
            GaugeWater(k),
            Mesh3d(cube.clone()),
            MeshMaterial3d(water.clone()),
            Transform::from_translation(to_bevy(g.at.0, g.at.1, foot))
                .with_scale(Vec3::new(3.2, 0.35, 3.2)),
        ));
    }
    let mut house_mats = vec![None; t.houses.len()];
    for (h, m) in &houses {
        if let Some(slot) = house_mats.get_mut(h.0) {
            *slot = Some(m.0.clone());
        }
    }
    let mut road_mats = vec![None; t.roads.len()];
    for (r, m) in &roads {
        if let Some(slot) = road_mats.get_mut(r.0) {
            *slot = Some(m.0.clone());
        }
    }
    status.legend = DEPTH_LEGEND
        .iter()
        .map(|&(d, zh, en)| (water_colour(d, 0.0), crate::words::text(zh, en)))
        .chain([(
            Color::srgb(0.75, 0.2, 0.15),
            crate::words::text("道路被水阻断", "road closed by water"),
        )])
        .collect();
    let cells = nx * ny;
    commands.insert_resource(FloodLook {
        surface,
        drawn: None,
        stride: ((cells as f64 / ARROWS as f64).sqrt().ceil() as usize).max(1),
        level: None,
        scanned: 0,
        house_class: vec![0; t.houses.len()],
        road_closed: vec![false; t.roads.len()],
        house_mats,
        road_mats,
    });
}

/// Depths shown in the legend, m, with their words.
const DEPTH_LEGEND: [(f64, &str, &str); 4] = [
    (0.25, "水深 < 0.3 m", "depth < 0.3 m"),
    (
        0.4,
        "0.3–0.5 m（儿童老人难行）",
        "0.3–0.5 m (children, elderly cannot wade)",
    ),
    (
        1.0,
        "0.5–1.2 m（成人难行）",
        "0.5–1.2 m (adults cannot wade)",
    ),
    (2.0, "> 1.2 m", "> 1.2 m"),
];

/// The water's colour at a depth (m) and speed (m/s): paler and clearer where shallow, deep
/// blue where deep, whitened where it runs fast.
fn water_colour(depth_m: f64, speed_mps: f64) -> Color {
    let d = (depth_m / 1.5).clamp(0.0, 1.0) as f32;
    let shallow = Vec3::new(0.55, 0.78, 0.88);
    let deep = Vec3::new(0.06, 0.20, 0.52);
    let mut c = shallow.lerp(deep, d.sqrt());
    let foam = ((speed_mps - 1.0) / 2.0).clamp(0.0, 0.45) as f32;
    c = c.lerp(Vec3::splat(0.92), foam);
    // A film of rain on the fields fades in: the water one would notice from 10 cm.
    let film = ((depth_m - DRAWN_DEPTH_M) / 0.2).clamp(0.0, 1.0) as f32;
    Color::srgba(c.x, c.y, c.z, (0.3 + 0.6 * d.sqrt()) * film)
}

/// The water surface rewritten from the kernel's depths and velocities, once a drill second.
fn surface(
    clock: Res<DrillClock>,
    state: Res<FloodState>,
    ground: Option<Res<Ground>>,
    mut look: ResMut<FloodLook>,
    mut meshes: ResMut<Assets<Mesh>>,
) {
    if look
        .drawn
        .is_some_and(|t| clock.tick < t + REDRAW_TICKS && clock.tick >= t)
    {
        return;
    }
    look.drawn = Some(clock.tick);
    let Some(mut mesh) = meshes.get_mut(&look.surface) else {
        return;
    };
    let sim = &state.sim;
    let datum = ground.as_ref().map_or(0.0, |g| g.datum_m());
    let (depth, u, v) = (sim.depth_m(), sim.velocity_x_mps(), sim.velocity_y_mps());
    let (nx, ny) = (sim.nx(), sim.ny());
    let wet = |c: usize| depth[c] > DRAWN_DEPTH_M;
    // A dry cell beside water is the water's edge: on the ground, so the edge fades out.
    let edge = |c: usize| {
        let (i, j) = (c % nx, c / nx);
        (i > 0 && wet(c - 1))
            || (i + 1 < nx && wet(c + 1))
            || (j > 0 && wet(c - nx))
            || (j + 1 < ny && wet(c + nx))
    };
    let mut positions = Vec::with_capacity(depth.len());
    let mut colours = Vec::with_capacity(depth.len());
    for c in 0..depth.len() {
        let (x, y) = sim.cell_center_m(c);
        let g = ground.as_ref().map_or(0.0, |g| g.height_at((x, y)));
        let d = depth[c];
        let (z, colour) = if wet(c) {
            let level = sim.level_m(c) - datum;
            let speed = libm::hypot(u[c], v[c]);
            (level.max(g + 0.05), water_colour(d, speed))
        } else if edge(c) {
            // On the ground, unseen: the edge of the water fades instead of diving under it.
            (g + 0.02, Color::srgba(0.5, 0.7, 0.85, 0.0))
        } else {
            // Under the ground: the depth test discards the dry land's triangles unblended.
            (g - 0.3, Color::srgba(0.5, 0.7, 0.85, 0.0))
        };
        positions.push(to_bevy(x, y, z).to_array());
        colours.push(colour.to_linear().to_f32_array());
    }
    mesh.insert_attribute(Mesh::ATTRIBUTE_POSITION, positions);
    mesh.insert_attribute(Mesh::ATTRIBUTE_COLOR, colours);
}

/// Arrows on a lattice of cells, each pointing along the flow there, as long as the flow is
/// fast (to 2 m/s) and drifting downstream so the water is seen to move.
fn arrows(
    state: Res<FloodState>,
    look: Res<FloodLook>,
    time: Res<Time>,
    ground: Option<Res<Ground>>,
    mut q: Query<(&Arrow, &mut Transform, &mut Visibility)>,
) {
    let sim = &state.sim;
    let (nx, ny) = (sim.nx(), sim.ny());
    let s = look.stride;
    let cols = nx.div_ceil(s);
    let datum = ground.as_ref().map_or(0.0, |g| g.datum_m());
    let spacing = s as f64 * sim.dx_m();
    let t = time.elapsed_secs() as f64;
    let (depth, u, v) = (sim.depth_m(), sim.velocity_x_mps(), sim.velocity_y_mps());
    for (a, mut tr, mut vis) in &mut q {
        let (i, j) = ((a.0 % cols) * s + s / 2, (a.0 / cols) * s + s / 2);
        let c = j * nx + i;
        let speed = if i < nx && j < ny {
            libm::hypot(u[c], v[c])
        } else {
            0.0
        };
        if i >= nx || j >= ny || depth[c] < 0.05 || speed < 0.05 {
            *vis = Visibility::Hidden;
            continue;
        }
        let (x, y) = sim.cell_center_m(c);
        let (ux, uy) = (u[c] / speed, v[c] / speed);
        let drift =
            ((t * speed * 0.4 / spacing + a.0 as f64 * 0.618_034).fract() - 0.5) * spacing * 0.6;
        let (x, y) = (x + ux * drift, y + uy * drift);
        let len = (speed / 2.0).clamp(0.25, 1.0) * spacing * 0.7;
        let z = sim.level_m(c) - datum + 0.15;
        let at = to_bevy(x, y, z);
        let dir = to_bevy(ux, uy, 0.0);
        *tr = Transform::from_translation(at)
            .looking_to(dir, Vec3::Y)
            .with_scale(Vec3::new(len as f32 * 0.6, 1.0, len as f32));
        *vis = Visibility::Inherited;
    }
}

/// The rain now, mm/h: the scenario's periods (as drawn, in a double-blind drill).
fn rain_now(f: &Flood, t_s: f64) -> f64 {
    f.rain
        .iter()
        .filter(|r| r.from_s <= t_s && t_s < r.to_s)
        .map(|r| r.intensity_mm_per_h)
        .sum()
}

/// Rain streaks falling round what the camera looks at, as many as the rain is heavy.
#[allow(clippy::too_many_arguments)]
fn rain(
    setup: Res<DrillSetup>,
    clock: Res<DrillClock>,
    time: Res<Time>,
    cam: Option<Res<ViewCamera>>,
    people: Res<People>,
    camera: Query<&Transform, (With<Camera3d>, Without<Drop>)>,
    mut q: Query<(&Drop, &mut Transform, &mut Visibility)>,
) {
    let Some((_, f)) = flood(&setup) else { return };
    let mm = rain_now(f, clock.seconds());
    let shown = ((mm / FULL_RAIN_MM_PER_H).min(1.0) * DROPS as f64).round() as usize;
    // Round the person watched through their eyes; from above and behind, between the camera
    // and the ground it looks at.
    let (centre, half) = match cam.as_ref().and_then(|c| {
        c.person
            .filter(|_| c.mode == CameraMode::FirstPerson)
            .map(|p| (c, p))
    }) {
        Some((_, p)) => {
            let ((x, y), _) = people.position(p);
            (to_bevy(x, y, 0.0), 25.0f32)
        }
        None => match camera.single() {
            Ok(t) => (t.translation + t.forward() * 150.0, 90.0),
            Err(_) => (Vec3::ZERO, 90.0),
        },
    };
    let t = time.elapsed_secs();
    let fall = half * 2.0;
    for (d, mut tr, mut vis) in &mut q {
        if d.0 >= shown {
            *vis = Visibility::Hidden;
            continue;
        }
        let k = d.0 as f32;
        let (fx, fz) = ((k * 0.618_034).fract() - 0.5, (k * 0.754_877).fract() - 0.5);
        let phase = (t * 1.6 + k * 0.381_966).fract();
        let at = centre
            + Vec3::new(fx * 2.0 * half, half - phase * fall, fz * 2.0 * half)
            + Vec3::Y * half * 0.5;
        *tr = Transform::from_translation(at).with_scale(Vec3::new(
            half * 0.0012,
            half * 0.04,
            half * 0.0012,
        ));
        *vis = Visibility::Inherited;
    }
}

/// The water's mark on each gauge's staff.
fn gauges(
    setup: Res<DrillSetup>,
    state: Res<FloodState>,
    ground: Option<Res<Ground>>,
    mut q: Query<(&GaugeWater, &mut Transform)>,
) {
    let Some((_, f)) = flood(&setup) else { return };
    let datum = ground.as_ref().map_or(0.0, |g| g.datum_m());
    for (g, mut tr) in &mut q {
        let Some(gauge) = f.gauges.get(g.0) else {
            continue;
        };
        if let Some(level) = state.gauge_level_m(&gauge.id) {
            let foot = ground.as_ref().map_or(0.0, |gr| gr.height_at(gauge.at));
            tr.translation.y = (level - datum).max(foot) as f32;
        }
    }
}

/// Houses tinted by the water they stand in (dry, wet, cut off: deeper than children and the
/// elderly can wade, AIDR H2; over an adult's reach), and roads closed by water in red.
fn houses_and_roads(
    setup: Res<DrillSetup>,
    state: Res<FloodState>,
    mut look: ResMut<FloodLook>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    let Some((t, _)) = flood(&setup) else { return };
    for (k, h) in t.houses.iter().enumerate() {
        let d = state.depth_at_site(t, &SiteRef::House(h.id.clone()));
        let class = match d {
            d if d < DRAWN_DEPTH_M => 0u8,
            d if d < 0.3 => 1,
            d if d < 0.5 => 2,
            _ => 3,
        };
        if look.house_class[k] == class {
            continue;
        }
        look.house_class[k] = class;
        let colour = match class {
            0 => Color::srgb(0.80, 0.72, 0.62),
            1 => Color::srgb(0.86, 0.80, 0.50),
            2 => Color::srgb(0.95, 0.62, 0.25),
            _ => Color::srgb(0.88, 0.25, 0.20),
        };
        if let Some(mut m) = look.house_mats[k]
            .as_ref()
            .and_then(|h| materials.get_mut(h))
        {
            m.base_color = colour;
        }
    }
    for (k, r) in t.roads.iter().enumerate() {
        let closed = state.road_closed(&r.id);
        if look.road_closed[k] == closed {
            continue;
        }
        look.road_closed[k] = closed;
        if let Some(mut m) = look.road_mats[k]
            .as_ref()
            .and_then(|h| materials.get_mut(h))
        {
            m.base_color = if closed {
                Color::srgb(0.75, 0.2, 0.15)
            } else {
                Color::srgb(0.55, 0.55, 0.52)
            };
        }
    }
}

/// The colour of a warning signal (as text on the HUD's dark panel).
pub fn signal_colour(level: WarningLevel) -> Color {
    match level {
        WarningLevel::Blue => Color::srgb(0.45, 0.70, 1.0),
        WarningLevel::Yellow => Color::srgb(1.0, 0.90, 0.25),
        WarningLevel::Orange => Color::srgb(1.0, 0.62, 0.15),
        WarningLevel::Red => Color::srgb(1.0, 0.38, 0.34),
    }
}

/// The HUD: the highest warning issued, the first gauge's level against its marks and the rain;
/// the panel: households not yet all at a shelter (vulnerable first).
fn status(
    setup: Res<DrillSetup>,
    clock: Res<DrillClock>,
    state: Res<FloodState>,
    log: Res<EventLog>,
    people: Res<People>,
    mut look: ResMut<FloodLook>,
    mut out: ResMut<HazardStatus>,
) {
    let Some((t, f)) = flood(&setup) else { return };
    for (_, e) in &log.entries[look.scanned.min(log.entries.len())..] {
        if let SimEvent::WarningIssued { level, .. } = e {
            look.level = look.level.max(Some(*level));
        }
    }
    look.scanned = log.entries.len();
    let mut zh = Vec::new();
    let mut en = Vec::new();
    match look.level {
        Some(l) => {
            let (z, e) = l.words();
            zh.push(format!("【{z}】"));
            en.push(format!("[{e}]"));
        }
        None => {
            zh.push("未发布预警".into());
            en.push("no warning issued".into());
        }
    }
    if let Some(g) = f.gauges.first()
        && let Some(level) = state.gauge_level_m(&g.id)
    {
        zh.push(format!(
            "{} 水位 {level:.2} m（警戒 {:.2}，保证 {:.2}）",
            g.id, g.warning_level_m, g.guaranteed_level_m
        ));
        en.push(format!(
            "{} level {level:.2} m (warning {:.2}, guaranteed {:.2})",
            g.id, g.warning_level_m, g.guaranteed_level_m
        ));
    }
    let mm = rain_now(f, clock.seconds());
    if mm > 0.0 {
        zh.push(format!("雨 {mm:.0} mm/h"));
        en.push(format!("rain {mm:.0} mm/h"));
    }
    // Only what is new marks the status changed: the HUD lays its text out again then.
    let line = Some(Text {
        zh: zh.join(" · "),
        en: en.join(" · "),
    });
    if out.line != line {
        out.line = line;
    }
    let signal = look.level.map(signal_colour);
    if out.signal != signal {
        out.signal = signal;
    }
    // The roster: each household's people not yet at a refuge.
    let mut rows: Vec<(bool, String, usize, usize)> = Vec::new();
    for h in &t.houses {
        let members: Vec<usize> = people
            .groups
            .iter()
            .filter(|g| g.start_house.as_deref() == Some(h.id.as_str()))
            .flat_map(|g| g.members.iter().copied())
            .collect();
        if members.is_empty() {
            continue;
        }
        let out_n = members
            .iter()
            .filter(|&&m| !people.persons[m].at_refuge())
            .count();
        if out_n > 0 {
            rows.push((!h.vulnerable, h.id.clone(), out_n, members.len()));
        }
    }
    rows.sort();
    let total = rows.len();
    let list = |vuln: &str, of: &str| {
        rows.iter()
            .take(8)
            .map(|(ordinary, id, n, all)| {
                format!("{}{id}  {n} {of} {all}", if *ordinary { "" } else { vuln })
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let panel = Some(if total == 0 {
        crate::words::text("各户均已到安置点", "every household is at a shelter")
    } else {
        Text {
            zh: format!(
                "未转移完的住户（{total} 户）\n{}{}",
                list("★", "/"),
                if total > 8 { "\n……" } else { "" }
            ),
            en: format!(
                "Households not yet all safe ({total})\n{}{}",
                list("★ ", "of"),
                if total > 8 { "\n…" } else { "" }
            ),
        }
    });
    if out.panel != panel {
        out.panel = panel;
    }
}
