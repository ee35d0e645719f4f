//! The static world built from the scenario: ground, floor slabs, walls with their door openings,
//! stairs, windows, exit signs and the assembly areas.

use super::{Storey, to_bevy};
use crate::scenario::schema::{Point, Site, SpaceKind};
use crate::sim::DrillSetup;
use crate::sim::people::People;
use bevy::prelude::*;

const WALL_THICKNESS_M: f64 = 0.15;
const SLAB_M: f64 = 0.12;

/// A wall, drawn full height through the eyes and cut down (a doll's-house view) from above.
#[derive(Component)]
pub struct Wall {
    pub base_y: f32,
    pub height_m: f32,
}

/// A window pane: shown through the eyes, hidden in the cut-down view from above.
#[derive(Component)]
pub struct Pane;

/// The terrain's ground mesh (the fire paints its fuel and burning on it).
#[derive(Component)]
pub struct GroundSurface;

/// A house on a terrain site (index into the terrain's houses): the flood tints it by the
/// water it stands in.
#[derive(Component)]
pub struct HouseMark(pub usize);

/// A piece of a road (index into the terrain's roads): the flood marks it closed.
#[derive(Component)]
pub struct RoadMark(pub usize);

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Startup, build.in_set(WorldBuilt));
}

/// The static world is spawned; hazard views that dress it run after.
#[derive(SystemSet, Clone, Debug, PartialEq, Eq, Hash)]
pub struct WorldBuilt;

/// A flat polygon at height `z`, facing up (fan triangulation: spaces are convex here).
fn floor_mesh(poly: &[Point]) -> Mesh {
    let mut positions: Vec<[f32; 3]> = poly
        .iter()
        .map(|p| to_bevy(p.0, p.1, 0.0).to_array())
        .collect();
    // Wind counter-clockwise seen from above in sim space so the face points up in Bevy.
    if crate::scenario::geometry::signed_area(poly) < 0.0 {
        positions.reverse();
    }
    let n = positions.len();
    let mut indices = Vec::new();
    for k in 1..n.saturating_sub(1) {
        indices.extend([0u32, k as u32, k as u32 + 1]);
    }
    triangles(positions, vec![[0.0, 1.0, 0.0]; n], indices)
}

/// A triangle mesh from positions, normals and indices (no texture: the UVs are zero).
fn triangles(positions: Vec<[f32; 3]>, normals: Vec<[f32; 3]>, indices: Vec<u32>) -> Mesh {
    let uvs = vec![[0.0f32, 0.0]; positions.len()];
    textured(positions, normals, uvs, indices)
}

/// A triangle mesh with texture coordinates.
pub(super) fn textured(
    positions: Vec<[f32; 3]>,
    normals: Vec<[f32; 3]>,
    uvs: Vec<[f32; 2]>,
    indices: Vec<u32>,
) -> Mesh {
    Mesh::new(
        bevy::mesh::PrimitiveTopology::TriangleList,
        bevy::asset::RenderAssetUsages::default(),
    )
    .with_inserted_attribute(Mesh::ATTRIBUTE_POSITION, positions)
    .with_inserted_attribute(Mesh::ATTRIBUTE_NORMAL, normals)
    .with_inserted_attribute(Mesh::ATTRIBUTE_UV_0, uvs)
    .with_inserted_indices(bevy::mesh::Indices::U32(indices))
}

fn colour(k: SpaceKind) -> Color {
    match k {
        SpaceKind::Classroom | SpaceKind::Office | SpaceKind::Room => Color::srgb(0.78, 0.68, 0.55),
        SpaceKind::Corridor | SpaceKind::Lobby | SpaceKind::Hall => Color::srgb(0.80, 0.80, 0.76),
        SpaceKind::Stairwell => Color::srgb(0.86, 0.80, 0.55),
        SpaceKind::Toilet | SpaceKind::Storage => Color::srgb(0.72, 0.74, 0.76),
    }
}

/// A unit cube scaled into a box between two wall points, `height_m` tall and `thick_m` thick,
/// standing on `z`.
/// A terrain site's ground: the elevation grid as a mesh (one vertex per cell centre, heights
/// above the grid's lowest point), and the height anywhere on it for what stands there.
#[derive(Resource, Clone, Debug)]
pub struct Ground {
    rows: usize,
    cols: usize,
    cell_m: f64,
    /// Heights above the lowest cell, row-major, northern row first.
    heights: Vec<f64>,
    low_m: f64,
}

impl Ground {
    pub fn new(g: &crate::scenario::grid::GridData, cell_m: f64) -> Ground {
        let low = g.values.iter().copied().fold(f64::INFINITY, f64::min);
        Ground {
            rows: g.rows,
            cols: g.cols,
            cell_m,
            heights: g.values.iter().map(|v| v - low).collect(),
            low_m: low,
        }
    }

    /// The grid's lowest elevation, m: the view's heights are above it.
    pub fn datum_m(&self) -> f64 {
        self.low_m
    }

    /// Cell (row, col) centre in site coordinates (x east, y north from the south-west corner).
    fn centre(&self, r: usize, c: usize) -> Point {
        (
            (c as f64 + 0.5) * self.cell_m,
            ((self.rows - 1 - r) as f64 + 0.5) * self.cell_m,
        )
    }

    /// Height at a site point, bilinear between cell centres (clamped at the edges).
    pub fn height_at(&self, p: Point) -> f64 {
        if self.rows == 0 || self.cols == 0 {
            return 0.0;
        }
        let fx = (p.0 / self.cell_m - 0.5).clamp(0.0, (self.cols - 1) as f64);
        let fy = (p.1 / self.cell_m - 0.5).clamp(0.0, (self.rows - 1) as f64);
        let (c0, j0) = (fx.floor() as usize, fy.floor() as usize);
        let (c1, j1) = ((c0 + 1).min(self.cols - 1), (j0 + 1).min(self.rows - 1));
        let (tx, ty) = (fx - c0 as f64, fy - j0 as f64);
        // Rows count from the north; j counts from the south.
        let h = |c: usize, j: usize| self.heights[(self.rows - 1 - j) * self.cols + c];
        let south = h(c0, j0) * (1.0 - tx) + h(c1, j0) * tx;
        let north = h(c0, j1) * (1.0 - tx) + h(c1, j1) * tx;
        south * (1.0 - ty) + north * ty
    }

    pub fn mesh(&self) -> Mesh {
        let (rows, cols) = (self.rows, self.cols);
        let mut positions = Vec::with_capacity(rows * cols);
        let mut normals = Vec::with_capacity(rows * cols);
        // The texture (a hazard's map of the grid, northern row on top) covers the grid.
        let mut uvs = Vec::with_capacity(rows * cols);
        let (w_m, h_m) = (cols as f64 * self.cell_m, rows as f64 * self.cell_m);
        for r in 0..rows {
            for c in 0..cols {
                let (x, y) = self.centre(r, c);
                let h = |rr: usize, cc: usize| self.heights[rr * cols + cc];
                positions.push(to_bevy(x, y, h(r, c)).to_array());
                uvs.push([(x / w_m) as f32, (1.0 - y / h_m) as f32]);
                // Central differences; rows run north to south.
                let dzdx = (h(r, (c + 1).min(cols - 1)) - h(r, c.saturating_sub(1)))
                    / (self.cell_m * ((c + 1).min(cols - 1) - c.saturating_sub(1)).max(1) as f64);
                let dzdy = (h(r.saturating_sub(1), c) - h((r + 1).min(rows - 1), c))
                    / (self.cell_m * ((r + 1).min(rows - 1) - r.saturating_sub(1)).max(1) as f64);
                normals.push(to_bevy(-dzdx, -dzdy, 1.0).normalize().to_array());
            }
        }
        let mut indices = Vec::new();
        for r in 0..rows.saturating_sub(1) {
            for c in 0..cols.saturating_sub(1) {
                let (a, b) = ((r * cols + c) as u32, (r * cols + c + 1) as u32);
                let (d, e) = (((r + 1) * cols + c) as u32, ((r + 1) * cols + c + 1) as u32);
                // Counter-clockwise seen from above (row r is north of row r + 1).
                indices.extend([a, d, b, b, d, e]);
            }
        }
        textured(positions, normals, uvs, indices)
    }
}

pub(super) fn wall(p: Point, q: Point, z: f64, height_m: f64, thick_m: f64) -> Transform {
    let len = ((q.0 - p.0).powi(2) + (q.1 - p.1).powi(2)).sqrt();
    let mid = to_bevy((p.0 + q.0) / 2.0, (p.1 + q.1) / 2.0, z + height_m / 2.0);
    let angle = (q.1 - p.1).atan2(q.0 - p.0) as f32;
    Transform::from_translation(mid)
        .with_rotation(Quat::from_rotation_y(angle))
        .with_scale(Vec3::new(len as f32, height_m as f32, thick_m as f32))
}

fn build(
    mut commands: Commands,
    setup: Res<DrillSetup>,
    people: Res<People>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    let mat = |materials: &mut Assets<StandardMaterial>, c: Color| {
        materials.add(StandardMaterial {
            base_color: c,
            perceptual_roughness: 0.9,
            ..default()
        })
    };
    commands.spawn((
        DirectionalLight {
            illuminance: 9_000.0,
            shadow_maps_enabled: false,
            ..default()
        },
        Transform::from_xyz(30.0, 60.0, 20.0).looking_at(Vec3::ZERO, Vec3::Y),
    ));
    commands.insert_resource(GlobalAmbientLight {
        brightness: 450.0,
        ..default()
    });
    // One unit cube for walls, panes and roads, scaled: drawn batched.
    let cube = meshes.add(Cuboid::new(1.0, 1.0, 1.0));
    // Ground.
    commands.spawn((
        Mesh3d(meshes.add(Plane3d::default().mesh().size(2000.0, 2000.0))),
        MeshMaterial3d(mat(&mut materials, Color::srgb(0.47, 0.58, 0.40))),
        Transform::from_xyz(0.0, -0.02, 0.0),
    ));
    match &setup.scenario.site {
        Site::Building(b) => {
            let wall_mat = mat(&mut materials, Color::srgb(0.93, 0.92, 0.88));
            let glass = materials.add(StandardMaterial {
                base_color: Color::srgba(0.55, 0.75, 0.90, 0.35),
                alpha_mode: AlphaMode::Blend,
                ..default()
            });
            let exit_green = materials.add(StandardMaterial {
                base_color: Color::srgb(0.0, 0.62, 0.30),
                emissive: LinearRgba::rgb(0.0, 0.9, 0.35),
                ..default()
            });
            for a in &b.assembly_areas {
                commands.spawn((
                    Mesh3d(meshes.add(floor_mesh(&a.polygon))),
                    MeshMaterial3d(mat(&mut materials, Color::srgb(0.62, 0.36, 0.30))),
                    Transform::from_xyz(0.0, 0.0, 0.0),
                ));
            }
            for f in &b.floors {
                let storey = Storey(f.elevation_m as f32);
                for s in &f.spaces {
                    commands.spawn((
                        storey,
                        Mesh3d(meshes.add(floor_mesh(&s.polygon))),
                        MeshMaterial3d(mat(&mut materials, colour(s.kind))),
                        Transform::from_translation(to_bevy(0.0, 0.0, f.elevation_m)),
                    ));
                    // The slab under it, so upper floors read as floors from outside.
                    if f.elevation_m > 0.0 {
                        let (lo, hi) = crate::scenario::geometry::bounds(&s.polygon);
                        commands.spawn((
                            storey,
                            Mesh3d(meshes.add(Cuboid::new(
                                (hi.0 - lo.0) as f32,
                                SLAB_M as f32,
                                (hi.1 - lo.1) as f32,
                            ))),
                            MeshMaterial3d(wall_mat.clone()),
                            Transform::from_translation(to_bevy(
                                (lo.0 + hi.0) / 2.0,
                                (lo.1 + hi.1) / 2.0,
                                f.elevation_m - SLAB_M / 2.0 - 0.005,
                            )),
                        ));
                    }
                }
                for w in &f.windows {
                    // The pane on its wall: the wall is cut where the view needs to see it.
                    let Some(space) = f.spaces.iter().find(|s| s.id == w.space) else {
                        continue;
                    };
                    let (_, e) = crate::scenario::geometry::boundary_distance(w.at, &space.polygon);
                    let (p, q) = crate::scenario::geometry::edges(&space.polygon)
                        .nth(e)
                        .unwrap_or((w.at, w.at));
                    let len = ((q.0 - p.0).powi(2) + (q.1 - p.1).powi(2)).sqrt().max(1e-6);
                    let dir = ((q.0 - p.0) / len, (q.1 - p.1) / len);
                    let half = w.width_m / 2.0;
                    let a = (w.at.0 - dir.0 * half, w.at.1 - dir.1 * half);
                    let b2 = (w.at.0 + dir.0 * half, w.at.1 + dir.1 * half);
                    commands.spawn((
                        storey,
                        Pane,
                        Mesh3d(cube.clone()),
                        MeshMaterial3d(glass.clone()),
                        wall(a, b2, f.elevation_m + w.sill_height_m, 1.4, 0.2),
                    ));
                }
            }
            let walls = people.walls();
            for (floor, p, q) in walls {
                let f = &b.floors[floor];
                commands.spawn((
                    Storey(f.elevation_m as f32),
                    Wall {
                        base_y: f.elevation_m as f32,
                        height_m: f.height_m as f32,
                    },
                    Mesh3d(cube.clone()),
                    MeshMaterial3d(wall_mat.clone()),
                    wall(p, q, f.elevation_m, f.height_m, WALL_THICKNESS_M),
                ));
            }
            // Stairs: a ramp across the lower stairwell up to the upper one.
            for st in &b.stairs {
                let find = |id: &str| {
                    b.floors.iter().find_map(|f| {
                        f.spaces
                            .iter()
                            .find(|s| s.id == id)
                            .map(|s| (f.elevation_m, s))
                    })
                };
                let (Some((z0, lower)), Some((z1, _))) = (find(&st.from), find(&st.to)) else {
                    continue;
                };
                let (lo, hi) = crate::scenario::geometry::bounds(&lower.polygon);
                let (w, d) = (hi.0 - lo.0, hi.1 - lo.1);
                let run = w.max(d) * 0.8;
                let rise = z1 - z0;
                let slope = rise.atan2(run) as f32;
                let along_x = w >= d;
                let centre = to_bevy((lo.0 + hi.0) / 2.0, (lo.1 + hi.1) / 2.0, z0 + rise / 2.0);
                let rot = if along_x {
                    Quat::from_rotation_z(slope)
                } else {
                    Quat::from_rotation_x(slope)
                };
                let len = (run * run + rise * rise).sqrt() as f32;
                let width = st.width_m as f32;
                let cube = if along_x {
                    Cuboid::new(len, 0.15, width)
                } else {
                    Cuboid::new(width, 0.15, len)
                };
                // A flight belongs, for the cutaway, to the storey it leads up to: looking into
                // a storey one sees the flights down from it, not the one rising over it.
                commands.spawn((
                    Storey(z0.max(z1) as f32),
                    Mesh3d(meshes.add(cube)),
                    MeshMaterial3d(mat(&mut materials, Color::srgb(0.60, 0.58, 0.55))),
                    Transform::from_translation(centre).with_rotation(rot),
                ));
            }
            // Exit signs: green boxes over every exit (the running-man sign's colour, GB 13495).
            for x in &b.exits {
                let z = b
                    .floors
                    .iter()
                    .find(|f| f.spaces.iter().any(|s| s.id == x.space))
                    .map_or(0.0, |f| f.elevation_m);
                commands.spawn((
                    Storey(z as f32),
                    Mesh3d(meshes.add(Cuboid::new(0.9, 0.3, 0.9))),
                    MeshMaterial3d(exit_green.clone()),
                    Transform::from_translation(to_bevy(x.at.0, x.at.1, z + 2.4)),
                ));
            }
        }
        Site::Terrain(t) => {
            let ground = setup
                .elevation
                .as_ref()
                .map(|g| Ground::new(g, t.cell_size_m));
            let z = |p: Point| ground.as_ref().map_or(0.0, |g| g.height_at(p));
            if let Some(g) = &ground {
                commands.spawn((
                    GroundSurface,
                    Mesh3d(meshes.add(g.mesh())),
                    MeshMaterial3d(mat(&mut materials, Color::srgb(0.55, 0.66, 0.42))),
                    Transform::default(),
                ));
                commands.insert_resource(g.clone());
            }
            for (ri, r) in t.roads.iter().enumerate() {
                let road = mat(&mut materials, Color::srgb(0.55, 0.55, 0.52));
                // Road pieces of at most one cell, each at its ground height, so a road follows
                // the hills instead of tunnelling through them.
                let step_m = ground.as_ref().map_or(f64::INFINITY, |g| g.cell_m);
                for pair in r.points.windows(2) {
                    let (p, q) = (pair[0], pair[1]);
                    let n = (crate::scenario::geometry::dist(p, q) / step_m)
                        .ceil()
                        .max(1.0) as usize;
                    for k in 0..n {
                        let at = |f: f64| (p.0 + (q.0 - p.0) * f, p.1 + (q.1 - p.1) * f);
                        let (a, b) = (at(k as f64 / n as f64), at((k + 1) as f64 / n as f64));
                        let mid = at((k as f64 + 0.5) / n as f64);
                        commands.spawn((
                            RoadMark(ri),
                            Mesh3d(cube.clone()),
                            MeshMaterial3d(road.clone()),
                            // Over the ground's triangles between cell centres, which may lie
                            // above the height between them.
                            wall(a, b, z(mid) - 0.1, 0.6, r.width_m),
                        ));
                    }
                }
            }
            for (hi, h) in t.houses.iter().enumerate() {
                let (w, d) = h.footprint_m;
                let height = 3.0 * f64::from(h.floors);
                commands.spawn((
                    HouseMark(hi),
                    Mesh3d(meshes.add(Cuboid::new(w as f32, height as f32, d as f32))),
                    MeshMaterial3d(mat(&mut materials, Color::srgb(0.80, 0.72, 0.62))),
                    Transform::from_translation(to_bevy(h.at.0, h.at.1, z(h.at) + height / 2.0)),
                ));
            }
            for s in &t.shelters {
                commands.spawn((
                    Mesh3d(meshes.add(floor_mesh(&s.polygon))),
                    MeshMaterial3d(mat(&mut materials, Color::srgb(0.40, 0.70, 0.40))),
                    Transform::from_xyz(
                        0.0,
                        z(crate::crowd::network::centroid(&s.polygon)) as f32 + 0.05,
                        0.0,
                    ),
                ));
            }
        }
    }
}
