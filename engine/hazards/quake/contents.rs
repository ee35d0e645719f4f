//! A building's loose contents in an earthquake: desks, chairs, tables, shelves and their books,
//! cabinets, ceiling lights and window glass as rigid bodies (rapier3d,
//! without Bevy) that slide, topple and fall; people as sensors that register what strikes them.
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
//!
//! This module is the rapier world; `catalogue` holds what the bodies are and when fixings fail,
//! `injury` what a strike does, `queries` what the view and the crowd ask of the world.

use super::catalogue::{
    ContentKind, FLOOR_FRICTION, Fixing, GLASS_MEDIAN_MPS2, Item, LIGHT_DROP_M, LIGHT_MEDIAN_MPS2,
    SHARD_KG, SHARD_M, SHARDS, floor_amplification, lognormal, parts, wake_mps2,
};
use super::injury::{Impact, STRIKE_SPEED_MPS};
use crate::scenario::geometry::{boundary_distance, bounds, outward_normal};
use crate::scenario::schema::{Building, FurnitureKind, Point};
use rand::Rng;
use rapier3d::prelude::*;

/// The physics step (the ground-motion sample interval).
pub const PHYSICS_DT_S: f64 = 0.01;
/// Seconds of quiet after the last shaking before the physics stops if bodies still move.
const SETTLE_S: f64 = 15.0;

const CONTENT: Group = Group::GROUP_1;
const STRUCTURE: Group = Group::GROUP_2;
const PERSON: Group = Group::GROUP_3;

/// A floor slab: its level and its horizontal amplification.
#[derive(Clone, Debug)]
pub(super) struct Slab {
    pub(super) elevation_m: f64,
    pub(super) amplification: f64,
}

/// A window pane, fixed in its wall until it breaks.
#[derive(Clone, Debug)]
pub(super) struct Pane {
    pub(super) floor: usize,
    pub(super) space: String,
    pub(super) at: Point,
    /// Unit vector along the wall and into the room.
    pub(super) along: Point,
    pub(super) inward: Point,
    pub(super) width_m: f64,
    pub(super) sill_m: f64,
    capacity_mps2: f64,
    pub(super) broken: bool,
}

pub(super) struct Sensor {
    pub(super) collider: ColliderHandle,
    pub(super) floor: usize,
    pub(super) pos: Point,
    pub(super) height_m: f64,
}

/// The contents of a building and the people among them.
pub struct Contents {
    pub(super) world: PhysicsWorld,
    pub items: Vec<Item>,
    pub(super) slabs: Vec<Slab>,
    pub(super) panes: Vec<Pane>,
    pub(super) sensors: Vec<Option<Sensor>>,
    /// Person–item pairs that have struck already (one strike per pair).
    pub(super) struck: Vec<(usize, usize)>,
    pub(super) rng: rand_chacha::ChaCha20Rng,
    /// Seconds since the ground was last moving (physics stops when everything rests).
    pub(super) quiet_s: f64,
    pub(super) running: bool,
}

fn vec3(x: f64, y: f64, z: f64) -> Vector {
    Vector::new(x as f32, y as f32, z as f32)
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
                amplification: floor_amplification(z0, roof_m),
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
                let ang = libm::atan2(q.1 - p.1, q.0 - p.0);
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
            let (cs, sn) = (libm::cos(f64::from(rot)), libm::sin(f64::from(rot)));
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
                let rot = libm::atan2(p.along.1, p.along.0) as f32 + j as f32 * 0.3;
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
}
