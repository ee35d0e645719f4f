//! A building's loose contents in an earthquake: desks, chairs, tables, shelves and their books,
//! cabinets, ceiling lights and window glass as rigid bodies (rapier, through bevy_rapier3d's
//! re-export) that slide, topple and fall; people as sensors that register what strikes them.
//!
//! The building is taken as rigid on its foundation and the bodies are simulated in its frame:
//! every body feels gravity plus the inertial force −m·a_floor(t) (d'Alembert), which is the same
//! as floors that move with the ground. A floor at height z over a building of roof height h
//! shakes with the ground acceleration amplified horizontally by 1 + 2z/h, the floor-acceleration
//! profile of ASCE 7-16 §13.3.1 (eq. 13.3-1) for non-structural components; vertical motion is
//! not amplified.
//!
//! Fixings fail by lognormal fragility on the floor acceleration (the form of FEMA P-58
//! fragility functions): a pendant ceiling light's fixing and a window pane each draw a capacity
//! from the seeded stream. The medians below are assumptions of the order of P-58's non-seismic
//! light fixtures and glazing, to be calibrated (glazing fails by drift in P-58; a rigid building
//! has no drift, so its acceleration stands in for it). Friction 0.4 is that of wood and steel
//! furniture feet on terrazzo or vinyl.
//!
//! People are capsule sensors of their posture's height (standing, crouched, down); a body that
//! meets one at 1.5 m/s or more strikes them with energy ½mv² ([`Impact`]). Someone crouched under
//! a desk is shielded by the desk itself: what falls lands on its top. Deterministic: one thread,
//! a fixed 100 Hz step and the seeded stream; impacts are sorted before they are returned.

use crate::rng::standard_normal;
use crate::scenario::geometry::{boundary_distance, bounds, outward_normal};
use crate::scenario::schema::{Building, FurnitureKind, Point};
use bevy_rapier3d::rapier::parry::bounding_volume::Aabb;
use bevy_rapier3d::rapier::prelude::*;
use rand::Rng;

/// The physics step (the ground-motion sample interval).
pub const PHYSICS_DT_S: f64 = 0.01;
/// A body meeting a person at this speed or more strikes them.
pub const STRIKE_SPEED_MPS: f64 = 1.5;
/// Friction of furniture feet on the floor.
const FLOOR_FRICTION: f32 = 0.4;
/// Pendant ceiling lights hang this far below the ceiling.
const LIGHT_DROP_M: f64 = 0.4;
/// Median fixing capacity of a pendant light and a window pane (floor acceleration, m/s²) and
/// the lognormal dispersion: assumptions (see the module comment).
const LIGHT_MEDIAN_MPS2: f64 = 0.6 * 9.81;
const GLASS_MEDIAN_MPS2: f64 = 0.8 * 9.81;
const FRAGILITY_BETA: f64 = 0.5;
/// A window breaks into this many shards of this size (m) and mass (kg).
const SHARDS: usize = 4;
const SHARD_M: (f32, f32, f32) = (0.3, 0.3, 0.006);
const SHARD_KG: f32 = 1.4;
/// Seconds of quiet after the last shaking before the physics stops if bodies still move.
const SETTLE_S: f64 = 15.0;

const CONTENT: Group = Group::GROUP_1;
const STRUCTURE: Group = Group::GROUP_2;
const PERSON: Group = Group::GROUP_3;

/// What a body is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContentKind {
    Furniture(FurnitureKind),
    /// A row of books on a shelf.
    Books,
    /// A shard of a broken window pane.
    Glass,
}

impl ContentKind {
    pub fn name(self) -> &'static str {
        match self {
            ContentKind::Furniture(k) => match k {
                FurnitureKind::Desk => "desk",
                FurnitureKind::Chair => "chair",
                FurnitureKind::Table => "table",
                FurnitureKind::Bookshelf => "bookshelf",
                FurnitureKind::Cabinet => "cabinet",
                FurnitureKind::CeilingLight => "ceiling light",
                FurnitureKind::Whiteboard => "whiteboard",
                FurnitureKind::Television => "television",
                FurnitureKind::Bed => "bed",
                FurnitureKind::Wardrobe => "wardrobe",
            },
            ContentKind::Books => "books",
            ContentKind::Glass => "window glass",
        }
    }

    /// Something to take cover under.
    pub fn shelters(self) -> bool {
        matches!(
            self,
            ContentKind::Furniture(FurnitureKind::Desk | FurnitureKind::Table)
        )
    }
}

/// How a body is held before the shaking.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Fixing {
    /// Stands free on the floor (or a shelf).
    Free,
    /// Fixed to the structure; never moves.
    Anchored,
    /// Hung or glazed: fixed until the floor acceleration exceeds its capacity (m/s²).
    Until { capacity_mps2: f64 },
}

/// One body.
#[derive(Clone, Debug)]
pub struct Item {
    pub kind: ContentKind,
    pub floor: usize,
    /// The space it stood in.
    pub space: String,
    pub body: RigidBodyHandle,
    pub fixing: Fixing,
    /// Width, depth, height (m).
    pub size_m: (f64, f64, f64),
    pub mass_kg: f64,
    /// Where it stood (centre, m).
    pub start: [f64; 3],
    /// Its fixing has failed (lights, windows).
    pub failed: bool,
    /// Below this floor acceleration (m/s²) it neither slides nor tips: it may rest asleep.
    wake_mps2: f64,
}

/// The floor acceleration below which a free box of size `(w, d, h)` can neither slide (μg) nor
/// tip (g·b/h over its narrower base, the rigid-block overturning threshold). Vertical shaking
/// (2/3 of the horizontal) lightens the box: a_h ≥ μ(g − 2a_h/3) gives a_h ≥ μg/(1 + 2μ/3),
/// 0.79 of μg; 0.75 keeps a margin.
fn wake_mps2((w, d, h): (f64, f64, f64)) -> f64 {
    let g = 9.81;
    0.75 * (f64::from(FLOOR_FRICTION) * g).min(g * w.min(d) / h.max(1e-3))
}

/// A floor slab: its level and its horizontal amplification.
#[derive(Clone, Debug)]
struct Slab {
    elevation_m: f64,
    amplification: f64,
}

/// A window pane, fixed in its wall until it breaks.
#[derive(Clone, Debug)]
struct Pane {
    floor: usize,
    space: String,
    at: Point,
    /// Unit vector along the wall and into the room.
    along: Point,
    inward: Point,
    width_m: f64,
    sill_m: f64,
    capacity_mps2: f64,
    broken: bool,
}

/// A body striking a person.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Impact {
    pub person: usize,
    pub item: usize,
    pub speed_mps: f64,
    pub energy_j: f64,
}

/// How bad an injury is: first aid, medical treatment, or unable to walk out.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Severity {
    Minor,
    Moderate,
    Serious,
}

/// Below this strike energy (J) nobody is hurt beyond a bruise: an assumption.
pub const HARMLESS_J: f64 = 5.0;
/// From this energy a strike needs medical treatment: an assumption.
pub const MODERATE_J: f64 = 20.0;
/// From this energy a strike can kill or disable: the "hazardous fragment" criterion of 58 ft·lb
/// (79 J) of the US DoD Explosives Safety Board (DoD 6055.09-M).
pub const SERIOUS_J: f64 = 79.0;

/// The injury a strike of `energy_j` causes (`None`: unhurt). Glass cuts: at least minor.
pub fn severity_of(energy_j: f64, kind: ContentKind) -> Option<Severity> {
    if energy_j >= SERIOUS_J {
        Some(Severity::Serious)
    } else if energy_j >= MODERATE_J {
        Some(Severity::Moderate)
    } else if energy_j >= HARMLESS_J || kind == ContentKind::Glass {
        Some(Severity::Minor)
    } else {
        None
    }
}

/// What the shaking did, for the journal.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Damage {
    /// Bodies that moved more than 0.1 m.
    pub shifted: u32,
    /// Tall pieces now lying down (tilted more than 45°).
    pub toppled: u32,
    pub lights_fallen: u32,
    pub windows_broken: u32,
}

struct Sensor {
    collider: ColliderHandle,
    floor: usize,
    pos: Point,
    height_m: f64,
}

/// The contents of a building and the people among them.
pub struct Contents {
    world: PhysicsWorld,
    pub items: Vec<Item>,
    slabs: Vec<Slab>,
    panes: Vec<Pane>,
    sensors: Vec<Option<Sensor>>,
    /// Person–item pairs that have struck already (one strike per pair).
    struck: Vec<(usize, usize)>,
    rng: rand_chacha::ChaCha20Rng,
    /// Seconds since the ground was last moving (physics stops when everything rests).
    quiet_s: f64,
    running: bool,
}

fn vec3(x: f64, y: f64, z: f64) -> Vector {
    Vector::new(x as f32, y as f32, z as f32)
}

fn lognormal(rng: &mut impl Rng, median: f64) -> f64 {
    median * libm::exp(FRAGILITY_BETA * standard_normal(rng))
}

/// The parts of a piece, in its own frame (x along the width, y along the depth, z up, origin at
/// the centre; the piece faces +y, as the format's `rotation_deg` 0 faces north): half extents
/// and centre of each box.
fn parts(kind: FurnitureKind, (w, d, h): (f64, f64, f64)) -> Vec<([f64; 3], [f64; 3])> {
    let t = 0.03;
    match kind {
        // A top on two side frames: the space under it is free (room to take cover).
        FurnitureKind::Desk | FurnitureKind::Table => vec![
            ([w / 2.0, d / 2.0, t], [0.0, 0.0, h / 2.0 - t]),
            (
                [t / 2.0, d / 2.0, h / 2.0 - t],
                [-w / 2.0 + t / 2.0, 0.0, -t],
            ),
            (
                [t / 2.0, d / 2.0, h / 2.0 - t],
                [w / 2.0 - t / 2.0, 0.0, -t],
            ),
        ],
        // A seat box and a back rest behind (−y): the sitter faces +y.
        FurnitureKind::Chair => {
            let seat = 0.45f64.min(h);
            vec![
                (
                    [w / 2.0, d / 2.0, seat / 2.0],
                    [0.0, 0.0, -h / 2.0 + seat / 2.0],
                ),
                (
                    [w / 2.0, t / 2.0, (h - seat) / 2.0],
                    [0.0, -d / 2.0 + t / 2.0, h / 2.0 - (h - seat) / 2.0],
                ),
            ]
        }
        // Open at the front (+y): back (−y), sides, top, bottom and three shelves.
        FurnitureKind::Bookshelf => {
            let mut v = vec![
                ([w / 2.0, t / 2.0, h / 2.0], [0.0, -d / 2.0 + t / 2.0, 0.0]),
                ([t / 2.0, d / 2.0, h / 2.0], [-w / 2.0 + t / 2.0, 0.0, 0.0]),
                ([t / 2.0, d / 2.0, h / 2.0], [w / 2.0 - t / 2.0, 0.0, 0.0]),
            ];
            for k in 0..=4 {
                let z = -h / 2.0 + t / 2.0 + f64::from(k) * (h - t) / 4.0;
                v.push(([w / 2.0, d / 2.0, t / 2.0], [0.0, 0.0, z]));
            }
            v
        }
        _ => vec![([w / 2.0, d / 2.0, h / 2.0], [0.0, 0.0, 0.0])],
    }
}

fn compound(parts: &[([f64; 3], [f64; 3])]) -> ColliderBuilder {
    let shapes = parts
        .iter()
        .map(|(he, c)| {
            (
                Pose::translation(c[0] as f32, c[1] as f32, c[2] as f32),
                SharedShape::cuboid(he[0] as f32, he[1] as f32, he[2] as f32),
            )
        })
        .collect();
    ColliderBuilder::compound(shapes)
}

impl Contents {
    /// The building's furniture and windows, at rest, inside `walls` ((floor, from, to): the
    /// crowd's walls, door openings already cut out). Capacities of fixings come from `rng`.
    pub fn new(
        b: &Building,
        walls: &[(usize, Point, Point)],
        mut rng: rand_chacha::ChaCha20Rng,
    ) -> Contents {
        let mut world = PhysicsWorld::new();
        world.gravity = Vector::new(0.0, 0.0, -9.81);
        world.integration_parameters.dt = PHYSICS_DT_S as f32;
        let roof_m = b
            .floors
            .iter()
            .map(|f| f.elevation_m + f.height_m)
            .fold(0.0, f64::max)
            .max(1.0);
        let structure = InteractionGroups::new(STRUCTURE, CONTENT, InteractionTestMode::And);
        let content = InteractionGroups::new(
            CONTENT,
            CONTENT | STRUCTURE | PERSON,
            InteractionTestMode::And,
        );
        let mut c = Contents {
            world,
            items: Vec::new(),
            slabs: Vec::new(),
            panes: Vec::new(),
            sensors: Vec::new(),
            struck: Vec::new(),
            rng: rng.clone(),
            quiet_s: 0.0,
            running: false,
        };
        for (fi, f) in b.floors.iter().enumerate() {
            let z0 = f.elevation_m;
            c.slabs.push(Slab {
                elevation_m: z0,
                amplification: 1.0 + 2.0 * (z0 / roof_m).clamp(0.0, 1.0),
            });
            // The slab under the floor's spaces, and every wall (a thin box on each piece; door
            // openings are left open: debris can land in them).
            let all: Vec<Point> = f.spaces.iter().flat_map(|s| s.polygon.clone()).collect();
            if all.is_empty() {
                continue;
            }
            let ((x0, y0), (x1, y1)) = bounds(&all);
            c.world.colliders.insert(
                ColliderBuilder::cuboid(
                    ((x1 - x0) / 2.0 + 1.0) as f32,
                    ((y1 - y0) / 2.0 + 1.0) as f32,
                    0.1,
                )
                .translation(vec3((x0 + x1) / 2.0, (y0 + y1) / 2.0, z0 - 0.1))
                .friction(FLOOR_FRICTION)
                .collision_groups(structure),
            );
            for &(_, p, q) in walls.iter().filter(|w| w.0 == fi) {
                let len = ((q.0 - p.0).powi(2) + (q.1 - p.1).powi(2)).sqrt();
                if len < 0.05 {
                    continue;
                }
                let ang = (q.1 - p.1).atan2(q.0 - p.0);
                c.world.colliders.insert(
                    ColliderBuilder::cuboid((len / 2.0) as f32, 0.02, (f.height_m / 2.0) as f32)
                        .position(Pose::new(
                            vec3((p.0 + q.0) / 2.0, (p.1 + q.1) / 2.0, z0 + f.height_m / 2.0),
                            Vector::new(0.0, 0.0, ang as f32),
                        ))
                        .friction(FLOOR_FRICTION)
                        .collision_groups(structure),
                );
            }
            for fu in &f.furniture {
                let ((dw, dd, dh), dm) = fu.kind.default_size_mass();
                let size = fu.size_m.unwrap_or((dw, dd, dh));
                let mass = fu.mass_kg.unwrap_or(dm);
                for at in fu.layout.points() {
                    c.add_piece(fi, f, &fu.space, fu, at, size, mass, content, &mut rng);
                }
            }
            for w in &f.windows {
                let Some(s) = f.spaces.iter().find(|s| s.id == w.space) else {
                    continue;
                };
                if s.polygon.len() < 3 {
                    continue;
                }
                let (_, e) = boundary_distance(w.at, &s.polygon);
                let (a, bb) = (s.polygon[e], s.polygon[(e + 1) % s.polygon.len()]);
                let len = ((bb.0 - a.0).powi(2) + (bb.1 - a.1).powi(2))
                    .sqrt()
                    .max(1e-9);
                let along = ((bb.0 - a.0) / len, (bb.1 - a.1) / len);
                let out = outward_normal(&s.polygon, e);
                let inward = (-out.0, -out.1);
                c.panes.push(Pane {
                    floor: fi,
                    space: s.id.clone(),
                    at: w.at,
                    along,
                    inward,
                    width_m: w.width_m,
                    sill_m: w.sill_height_m,
                    capacity_mps2: lognormal(&mut rng, GLASS_MEDIAN_MPS2),
                    broken: false,
                });
            }
        }
        c.rng = rng;
        // Everything starts at rest; a body wakes when the floor can move it (see `step`).
        c.world.step();
        for it in &c.items {
            if let Some(rb) = c.world.bodies.get_mut(it.body)
                && rb.is_dynamic()
            {
                rb.sleep();
            }
        }
        c
    }

    #[allow(clippy::too_many_arguments)]
    fn add_piece(
        &mut self,
        fi: usize,
        f: &crate::scenario::schema::Floor,
        space: &str,
        fu: &crate::scenario::schema::Furniture,
        at: Point,
        (w, d, h): (f64, f64, f64),
        mass: f64,
        groups: InteractionGroups,
        rng: &mut impl Rng,
    ) {
        let light = fu.kind == FurnitureKind::CeilingLight;
        let z = if light {
            f.elevation_m + f.height_m - LIGHT_DROP_M - h / 2.0
        } else {
            f.elevation_m + h / 2.0
        };
        let fixing = if fu.anchored {
            Fixing::Anchored
        } else if light {
            Fixing::Until {
                capacity_mps2: lognormal(rng, LIGHT_MEDIAN_MPS2),
            }
        } else {
            Fixing::Free
        };
        let books = fu.kind == FurnitureKind::Bookshelf;
        // Books are a third of a full shelf's mass, in three rows per compartment.
        let frame_kg = if books { mass * 2.0 / 3.0 } else { mass };
        let rot = (fu.rotation_deg.to_radians()) as f32;
        let builder = match fixing {
            Fixing::Free => RigidBodyBuilder::dynamic().sleeping(true),
            _ => RigidBodyBuilder::fixed(),
        };
        let body = self.world.bodies.insert(
            builder
                .translation(vec3(at.0, at.1, z))
                .rotation(Vector::new(0.0, 0.0, rot))
                .ccd_enabled(light),
        );
        let item = self.items.len();
        self.world.colliders.insert_with_parent(
            compound(&parts(fu.kind, (w, d, h)))
                .mass(frame_kg as f32)
                .friction(FLOOR_FRICTION)
                .collision_groups(groups)
                .user_data(item as u128),
            body,
            &mut self.world.bodies,
        );
        self.items.push(Item {
            kind: ContentKind::Furniture(fu.kind),
            floor: fi,
            space: space.to_string(),
            body,
            fixing,
            size_m: (w, d, h),
            mass_kg: frame_kg,
            start: [at.0, at.1, z],
            failed: false,
            wake_mps2: if light { 0.0 } else { wake_mps2((w, d, h)) },
        });
        if books {
            let (cs, sn) = (f64::from(rot).cos(), f64::from(rot).sin());
            let per = (mass - frame_kg) / 12.0;
            let (bw, bd, bh) = (
                (w - 0.08) / 3.0,
                d - 0.06,
                ((h - 0.03) / 4.0 - 0.05).min(0.25),
            );
            for k in 0..4 {
                let lz = f.elevation_m + 0.03 + f64::from(k) * (h - 0.03) / 4.0 + bh / 2.0 + 0.005;
                for j in 0..3 {
                    let lx = -w / 2.0 + 0.04 + bw * (f64::from(j) + 0.5);
                    let (x, y) = (at.0 + lx * cs, at.1 + lx * sn);
                    self.add_body(
                        ContentKind::Books,
                        fi,
                        space,
                        [x, y, lz],
                        rot,
                        (bw - 0.01, bd, bh),
                        per,
                        Vector::ZERO,
                    );
                }
            }
        }
    }

    /// A free box (books, a shard).
    #[allow(clippy::too_many_arguments)]
    fn add_body(
        &mut self,
        kind: ContentKind,
        floor: usize,
        space: &str,
        at: [f64; 3],
        rot: f32,
        (w, d, h): (f64, f64, f64),
        mass: f64,
        linvel: Vector,
    ) {
        let body = self.world.bodies.insert(
            RigidBodyBuilder::dynamic()
                .translation(vec3(at[0], at[1], at[2]))
                .rotation(Vector::new(0.0, 0.0, rot))
                .sleeping(kind != ContentKind::Glass)
                .linvel(linvel)
                .ccd_enabled(true),
        );
        let item = self.items.len();
        self.world.colliders.insert_with_parent(
            ColliderBuilder::cuboid((w / 2.0) as f32, (d / 2.0) as f32, (h / 2.0) as f32)
                .mass(mass as f32)
                .friction(FLOOR_FRICTION)
                .collision_groups(InteractionGroups::new(
                    CONTENT,
                    CONTENT | STRUCTURE | PERSON,
                    InteractionTestMode::And,
                ))
                .user_data(item as u128),
            body,
            &mut self.world.bodies,
        );
        self.items.push(Item {
            kind,
            floor,
            space: space.to_string(),
            body,
            fixing: Fixing::Free,
            size_m: (w, d, h),
            mass_kg: mass,
            start: at,
            failed: false,
            wake_mps2: if kind == ContentKind::Glass {
                0.0
            } else {
                wake_mps2((w, d, h))
            },
        });
    }

    /// Put person `p` (standing `height_m` tall) at `pos` on `floor`; `None` takes them out (left
    /// the building, on a stair).
    pub fn place_person(&mut self, p: usize, at: Option<(usize, Point, f64)>) {
        if self.sensors.len() <= p {
            self.sensors.resize_with(p + 1, || None);
        }
        match (at, &mut self.sensors[p]) {
            (None, s @ Some(_)) => {
                let old = s.take().map(|s| s.collider);
                if let Some(h) = old {
                    self.world.colliders.remove(
                        h,
                        &mut self.world.islands,
                        &mut self.world.bodies,
                        false,
                    );
                }
            }
            (None, None) => {}
            (Some((floor, pos, height_m)), Some(s))
                if s.floor == floor
                    && (s.height_m - height_m).abs() < 1e-6
                    && (s.pos.0 - pos.0).abs() + (s.pos.1 - pos.1).abs() < 0.01 => {}
            (Some((floor, pos, height_m)), slot) => {
                let r = 0.2f64;
                let half = ((height_m - 2.0 * r) / 2.0).max(0.0);
                let z = self.slabs[floor].elevation_m + height_m / 2.0;
                let t = vec3(pos.0, pos.1, z);
                match slot {
                    Some(s) if (s.height_m - height_m).abs() < 1e-6 => {
                        if let Some(c) = self.world.colliders.get_mut(s.collider) {
                            c.set_translation(t);
                        }
                        s.floor = floor;
                        s.pos = pos;
                    }
                    _ => {
                        if let Some(s) = slot.take() {
                            self.world.colliders.remove(
                                s.collider,
                                &mut self.world.islands,
                                &mut self.world.bodies,
                                false,
                            );
                        }
                        let collider = self.world.colliders.insert(
                            ColliderBuilder::capsule_z(half as f32, r as f32)
                                .translation(t)
                                .sensor(true)
                                .collision_groups(InteractionGroups::new(
                                    PERSON,
                                    CONTENT,
                                    InteractionTestMode::And,
                                ))
                                .user_data(u128::from(u64::MAX) + p as u128),
                        );
                        *slot = Some(Sensor {
                            collider,
                            floor,
                            pos,
                            height_m,
                        });
                    }
                }
            }
        }
    }

    /// Whether the physics has work: the ground moves now, or bodies have not come to rest.
    pub fn active(&self, ground_mps2: [f64; 3]) -> bool {
        ground_mps2 != [0.0; 3] || self.running
    }

    /// Advance by `dt_s` (whole physics steps) from `t_s`, with the ground acceleration
    /// `ground(t)`; strikes on people are appended to `out`, sorted.
    pub fn step(
        &mut self,
        t_s: f64,
        dt_s: f64,
        ground: impl Fn(f64) -> [f64; 3],
        out: &mut Vec<Impact>,
    ) {
        let steps = (dt_s / PHYSICS_DT_S).round().max(1.0) as usize;
        let from = out.len();
        for k in 0..steps {
            let t = t_s + k as f64 * PHYSICS_DT_S;
            let g = ground(t);
            let moving = g != [0.0; 3];
            if moving {
                self.quiet_s = 0.0;
                self.running = true;
            } else {
                self.quiet_s += PHYSICS_DT_S;
            }
            if !self.running {
                return;
            }
            self.fail_fixings(g);
            let h = (g[0] * g[0] + g[1] * g[1]).sqrt();
            for it in &self.items {
                let a = self.slabs[it.floor].amplification;
                if let Some(rb) = self.world.bodies.get_mut(it.body)
                    && rb.is_dynamic()
                {
                    // Resting bodies stay asleep while the floor cannot move them: most of the
                    // cost saved, nothing changed.
                    if rb.is_sleeping() && h * a < it.wake_mps2 {
                        continue;
                    }
                    if rb.is_sleeping() {
                        rb.wake_up(true);
                    }
                    let m = rb.mass();
                    rb.reset_forces(false);
                    if moving {
                        rb.add_force(
                            Vector::new(
                                (-g[0] * a) as f32 * m,
                                (-g[1] * a) as f32 * m,
                                (-g[2]) as f32 * m,
                            ),
                            false,
                        );
                    }
                }
            }
            self.world.step();
            self.strikes(out);
            if !moving
                && (self.quiet_s > SETTLE_S || self.world.islands.active_bodies().next().is_none())
            {
                self.running = false;
            }
        }
        out[from..].sort_by_key(|a| (a.person, a.item));
    }

    /// Lights fall and panes break where the floor's acceleration exceeds their capacity.
    fn fail_fixings(&mut self, g: [f64; 3]) {
        let h = (g[0] * g[0] + g[1] * g[1]).sqrt();
        for it in &mut self.items {
            if let Fixing::Until { capacity_mps2 } = it.fixing
                && !it.failed
                && h * self.slabs[it.floor].amplification > capacity_mps2
            {
                it.failed = true;
                if let Some(rb) = self.world.bodies.get_mut(it.body) {
                    rb.set_body_type(RigidBodyType::Dynamic, true);
                }
            }
        }
        let mut broken = Vec::new();
        for (k, p) in self.panes.iter_mut().enumerate() {
            if !p.broken && h * self.slabs[p.floor].amplification > p.capacity_mps2 {
                p.broken = true;
                broken.push(k);
            }
        }
        for k in broken {
            let p = self.panes[k].clone();
            let z0 = self.slabs[p.floor].elevation_m + p.sill_m;
            for j in 0..SHARDS {
                let s = (self.rng.random::<f64>() - 0.5) * (p.width_m - 0.3);
                let z = z0 + 0.2 + self.rng.random::<f64>() * 1.2;
                let v = 0.5 + 1.5 * self.rng.random::<f64>();
                let at = [
                    p.at.0 + s * p.along.0 + 0.05 * p.inward.0,
                    p.at.1 + s * p.along.1 + 0.05 * p.inward.1,
                    z,
                ];
                let rot = p.along.1.atan2(p.along.0) as f32 + j as f32 * 0.3;
                self.add_body(
                    ContentKind::Glass,
                    p.floor,
                    &p.space,
                    at,
                    rot,
                    (
                        f64::from(SHARD_M.0),
                        f64::from(SHARD_M.1),
                        f64::from(SHARD_M.2),
                    ),
                    f64::from(SHARD_KG),
                    vec3(v * p.inward.0, v * p.inward.1, 0.0),
                );
            }
        }
    }

    /// New strikes: a content body intersecting a person's sensor at strike speed, once per pair.
    fn strikes(&mut self, out: &mut Vec<Impact>) {
        let person_base = u128::from(u64::MAX);
        for (c1, c2, hit) in self.world.narrow_phase.intersection_pairs() {
            if !hit {
                continue;
            }
            let (Some(a), Some(b)) = (self.world.colliders.get(c1), self.world.colliders.get(c2))
            else {
                continue;
            };
            let (person, thing) = if a.user_data >= person_base {
                (a.user_data - person_base, b)
            } else if b.user_data >= person_base {
                (b.user_data - person_base, a)
            } else {
                continue;
            };
            let (person, item) = (person as usize, thing.user_data as usize);
            let Some(rb) = thing.parent().and_then(|h| self.world.bodies.get(h)) else {
                continue;
            };
            let v = f64::from(rb.linvel().length());
            if v < STRIKE_SPEED_MPS || self.struck.contains(&(person, item)) {
                continue;
            }
            self.struck.push((person, item));
            let m = self.items[item].mass_kg;
            out.push(Impact {
                person,
                item,
                speed_mps: v,
                energy_j: 0.5 * m * v * v,
            });
        }
    }

    /// Centre of an item now (m).
    pub fn position(&self, item: usize) -> [f64; 3] {
        let t = self.world.bodies[self.items[item].body].translation();
        [f64::from(t.x), f64::from(t.y), f64::from(t.z)]
    }

    /// Pose of an item now: centre and rotation (for the view).
    pub fn pose(&self, item: usize) -> (Vector, Rotation) {
        let rb = &self.world.bodies[self.items[item].body];
        (rb.translation(), *rb.rotation())
    }

    /// The boxes an item is made of, in its own frame: half extents and centre (for the view).
    pub fn shape(&self, item: usize) -> Vec<([f64; 3], [f64; 3])> {
        let it = &self.items[item];
        match it.kind {
            ContentKind::Furniture(k) => parts(k, it.size_m),
            _ => {
                let (w, d, h) = it.size_m;
                vec![([w / 2.0, d / 2.0, h / 2.0], [0.0; 3])]
            }
        }
    }

    /// How far an item's up axis leans from vertical, degrees.
    pub fn tilt_deg(&self, item: usize) -> f64 {
        let r = self.world.bodies[self.items[item].body].rotation();
        let up = *r * Vector::Z;
        f64::from(up.z.clamp(-1.0, 1.0).acos()).to_degrees()
    }

    /// The nearest shelter (desk, table) on `floor` in `space` within `reach_m` of `pos` that is
    /// not in `taken`, for someone taking cover.
    pub fn shelter_near(
        &self,
        floor: usize,
        space: &str,
        pos: Point,
        reach_m: f64,
        taken: &[usize],
    ) -> Option<usize> {
        let mut best: Option<(f64, usize)> = None;
        for (k, it) in self.items.iter().enumerate() {
            if it.floor != floor || it.space != space || !it.kind.shelters() || taken.contains(&k) {
                continue;
            }
            let c = self.position(k);
            let d = ((c[0] - pos.0).powi(2) + (c[1] - pos.1).powi(2)).sqrt();
            if d <= reach_m && best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, k));
            }
        }
        best.map(|(_, k)| k)
    }

    /// Bodies no longer where they stood (moved, tilted, or fallen from their fixing), with their
    /// floor and bounding box now: what can lie in an opening. Tall enough only (0.25 m).
    pub fn displaced(&self) -> Vec<(usize, Aabb)> {
        let mut out = Vec::new();
        for (k, it) in self.items.iter().enumerate() {
            if it.fixing == Fixing::Anchored {
                continue;
            }
            let rb = &self.world.bodies[it.body];
            let t = rb.translation();
            let moved = (f64::from(t.x) - it.start[0]).abs() + (f64::from(t.y) - it.start[1]).abs();
            if moved < 0.05 && self.tilt_deg(k) < 5.0 && !it.failed {
                continue;
            }
            let Some(col) = rb
                .colliders()
                .first()
                .and_then(|&c| self.world.colliders.get(c))
            else {
                continue;
            };
            let bb = col.compute_aabb();
            let z0 = self.slabs[it.floor].elevation_m;
            if f64::from(bb.maxs.z) < z0 + 0.25 || f64::from(bb.mins.z) > z0 + 2.0 {
                continue;
            }
            out.push((k, bb));
        }
        out
    }

    /// The clear width (m) left in the opening from `p0` to `p1` on `floor` by the `displaced`
    /// bodies lying within 0.5 m of it, and which of them narrow it.
    pub fn opening_clear_m(
        &self,
        displaced: &[(usize, Aabb)],
        floor: usize,
        p0: Point,
        p1: Point,
    ) -> (f64, Vec<usize>) {
        let w = ((p1.0 - p0.0).powi(2) + (p1.1 - p0.1).powi(2))
            .sqrt()
            .max(1e-9);
        let u = ((p1.0 - p0.0) / w, (p1.1 - p0.1) / w);
        let n = (-u.1, u.0);
        let mut cover: Vec<(f64, f64)> = Vec::new();
        let mut who = Vec::new();
        for (k, bb) in displaced {
            if self.items[*k].floor != floor {
                continue;
            }
            // The box's footprint in the opening's frame.
            let (mut s0, mut s1, mut n0, mut n1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
            for (x, y) in [
                (bb.mins.x, bb.mins.y),
                (bb.maxs.x, bb.mins.y),
                (bb.mins.x, bb.maxs.y),
                (bb.maxs.x, bb.maxs.y),
            ] {
                let d = (f64::from(x) - p0.0, f64::from(y) - p0.1);
                let (s, m) = (d.0 * u.0 + d.1 * u.1, d.0 * n.0 + d.1 * n.1);
                (s0, s1, n0, n1) = (s0.min(s), s1.max(s), n0.min(m), n1.max(m));
            }
            if n1 < -0.5 || n0 > 0.5 || s1 <= 0.0 || s0 >= w {
                continue;
            }
            cover.push((s0.max(0.0), s1.min(w)));
            who.push(*k);
        }
        cover.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (mut best, mut at) = (0.0f64, 0.0f64);
        for (a, b) in cover {
            best = best.max(a - at);
            at = at.max(b);
        }
        best = best.max(w - at);
        (best, who)
    }

    /// What the shaking has done so far.
    pub fn damage(&self) -> Damage {
        let mut d = Damage::default();
        for (k, it) in self.items.iter().enumerate() {
            if it.kind == ContentKind::Glass {
                continue;
            }
            let c = self.position(k);
            let moved = ((c[0] - it.start[0]).powi(2) + (c[1] - it.start[1]).powi(2)).sqrt();
            if moved > 0.1 || it.failed {
                d.shifted += 1;
            }
            if it.kind == ContentKind::Furniture(FurnitureKind::CeilingLight) {
                d.lights_fallen += u32::from(it.failed);
            } else if it.size_m.2 > it.size_m.0.min(it.size_m.1) && self.tilt_deg(k) > 45.0 {
                d.toppled += 1;
            }
        }
        d.windows_broken = self.panes.iter().filter(|p| p.broken).count() as u32;
        d
    }

    /// Free-standing pieces taller than 1.2 m on `floor` (shelves, cabinets, wardrobes): where
    /// they stand and how far they reach if they topple (their height).
    pub fn tall_pieces(&self, floor: usize) -> Vec<(Point, f64)> {
        self.items
            .iter()
            .enumerate()
            .filter(|(_, it)| {
                it.floor == floor
                    && it.fixing == Fixing::Free
                    && matches!(it.kind, ContentKind::Furniture(_))
                    && it.size_m.2 > 1.2
            })
            .map(|(k, it)| {
                let c = self.position(k);
                ((c[0], c[1]), it.size_m.2)
            })
            .collect()
    }

    /// The floor acceleration amplification of `floor`.
    pub fn amplification(&self, floor: usize) -> f64 {
        self.slabs.get(floor).map_or(1.0, |s| s.amplification)
    }
}
