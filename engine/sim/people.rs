//! Everyone in the drill: occupants (simulated people) and the participants' bodies, moving in
//! the crowd network.
//!
//! Occupants wait for an order: the evacuation signal in a building (in an earthquake, people
//! go on their own 120 s after the shaking stops if nobody signals), a broadcast, or a cadre at
//! their door on a terrain site. A group with a leader goes when the leader guides it (or 60 s
//! after the order if the leader never comes); then each occupant sets off after their own
//! pre-movement time, drawn from the scenario's distribution. During an earthquake's alarm they
//! keep still under cover. Free speeds by profile come from `crowd::profiles`; movement from
//! the crowd kernel (`crowd::kernel`).

use super::clock::{DrillClock, tick_of};
use super::hazards::HazardTimeline;
use super::log::EventLog;
use super::{DrillSetup, SimSet, SimTick, TICK_HZ};
use crate::crowd::network::{
    Goal, LinkKind, Milestone, NavGraph, Network, NodeKind, RouteOptions, centroid,
};
use crate::crowd::profiles::free_speed_mps;
use crate::journal::events::{ActionName, PlaceKind, Posture, SimEvent};
use crate::plan::Action;
use crate::rng::sample_time;
use crate::scenario::geometry::contains;
use crate::scenario::schema::{
    DrillKind, FurnitureKind, HazardEvent, Point, Profile, Scenario, ShelterKind, Site, SiteRef,
};
use bevy::prelude::*;
use rand::Rng;
use std::collections::VecDeque;

/// Seconds after the shaking stops before people leave on their own when nobody signals.
pub const SELF_EVACUATION_S: f64 = 120.0;
/// Seconds a group waits for its leader after the order before going without them.
pub const LEADER_WAIT_S: f64 = 60.0;

/// A place someone can be sent to.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    pub goal: Goal,
    pub place: String,
    pub kind: PlaceKind,
}

impl Target {
    /// Safe places: open ground of a building site's assembly area, shelters, safety zones.
    pub fn is_refuge(&self) -> bool {
        self.kind.is_refuge()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PersonState {
    /// Normal activity, not yet told to go.
    Waiting,
    /// Drop, cover, hold on.
    Cover,
    Moving,
    /// Standing where they got to.
    Still,
    StayedBehind,
    Injured,
    Stranded,
}

#[derive(Clone, Debug)]
pub struct Person {
    pub id: String,
    pub group: Option<usize>,
    pub participant: Option<usize>,
    pub profile: Profile,
    pub start_node: usize,
    pub start_pos: Point,
    pub state: PersonState,
    pub pre_movement_s: f64,
    pub started: bool,
    pub outside: bool,
    /// Where they are going now, and after that.
    pub target: Option<Target>,
    pub then: VecDeque<Target>,
    /// The last place reached.
    pub at: Option<Target>,
    /// How they are placed (cover, standing, at a window…), kept up to date during shaking.
    pub posture: Posture,
}

impl Person {
    /// Standing at a refuge (assembly area, shelter, safety zone, high ground).
    pub fn at_refuge(&self) -> bool {
        self.state == PersonState::Still && self.at.as_ref().is_some_and(Target::is_refuge)
    }

    /// Where they will stay: at a refuge, or stayed behind, injured or cut off.
    pub fn settled(&self) -> bool {
        self.at_refuge()
            || matches!(
                self.state,
                PersonState::StayedBehind | PersonState::Injured | PersonState::Stranded
            )
    }
}

#[derive(Clone, Debug)]
pub struct Group {
    pub id: String,
    pub members: Vec<usize>,
    pub leader: Option<usize>,
    pub exit: Option<usize>,
    pub destination: Target,
    pub ordered_at: Option<u64>,
    pub guided_at: Option<u64>,
    pub start_house: Option<String>,
}

/// Head-count figures of a set of people.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Counts {
    pub people: u32,
    pub occupants: u32,
    pub out_of_building: u32,
    pub at_destination: u32,
    pub stayed_behind: u32,
    pub injured: u32,
    pub accounted_for: u32,
}

#[derive(Resource, Debug)]
pub struct People {
    pub net: Network,
    pub persons: Vec<Person>,
    pub groups: Vec<Group>,
    building: bool,
    scenario: Scenario,
    rng: rand_chacha::ChaCha20Rng,
    milestones: Vec<Milestone>,
    /// Events before this index have been looked at for orders.
    scanned: usize,
    evacuation_signal: Option<u64>,
    /// Who panics at the alarm (its own stream: a change elsewhere shifts no one's panic).
    panic_rng: rand_chacha::ChaCha20Rng,
}

/// The chance that an occupant runs at the alarm instead of taking cover, by profile. An
/// assumption for drilled occupants, to calibrate against observed drills: studies of real
/// earthquakes (video of the 2011 Christchurch and Tohoku shaking, Lambie et al. 2016) see many
/// untrained people run or freeze; a class that drills monthly far fewer.
pub fn panic_chance(p: Profile) -> f64 {
    match p {
        Profile::Child => 0.02,
        Profile::Adult | Profile::Elderly => 0.01,
        Profile::WheelchairUser => 0.0,
    }
}

fn kind_of_shelter(k: ShelterKind) -> PlaceKind {
    match k {
        ShelterKind::Shelter => PlaceKind::Shelter,
        ShelterKind::SafetyZone => PlaceKind::SafetyZone,
        ShelterKind::HighGround => PlaceKind::HighGround,
    }
}

impl People {
    /// Resolve a site reference to a place to go to. `None` for what one cannot walk to.
    pub fn target(&self, r: &SiteRef) -> Option<Target> {
        resolve(&self.scenario, &self.net.graph, r)
    }

    pub fn graph(&self) -> &NavGraph {
        &self.net.graph
    }

    fn node_place_kind(&self, n: usize) -> PlaceKind {
        let node = &self.net.graph.nodes[n];
        match (&node.kind, &self.scenario.site) {
            (NodeKind::Outdoor, Site::Building(_)) => PlaceKind::AssemblyArea,
            (NodeKind::Outdoor, Site::Terrain(_)) => PlaceKind::OpenGround,
            (NodeKind::Space { .. }, Site::Building(b)) => {
                let stairwell = b.floors.iter().flat_map(|f| &f.spaces).any(|s| {
                    s.id == node.id && s.kind == crate::scenario::schema::SpaceKind::Stairwell
                });
                if stairwell {
                    PlaceKind::Stairwell
                } else {
                    PlaceKind::Space
                }
            }
            _ => PlaceKind::Space,
        }
    }

    /// The nearest assembly area (building) or refuge of a kind (terrain), for "out of the
    /// building" and "reach an assembly area" without a named place.
    pub fn nearest_refuge(&self, p: usize, kind: PlaceKind) -> Option<Target> {
        let here = self.net.walkers[p].pos;
        let candidates: Vec<Target> = match &self.scenario.site {
            Site::Building(b) => b
                .assembly_areas
                .iter()
                .filter_map(|a| self.target(&SiteRef::AssemblyArea(a.id.clone())))
                .collect(),
            Site::Terrain(t) => t
                .shelters
                .iter()
                .filter(|s| kind_of_shelter(s.kind) == kind || kind == PlaceKind::OpenGround)
                .filter_map(|s| self.target(&SiteRef::Shelter(s.id.clone())))
                .collect(),
        };
        if self.building {
            // Any assembly area will do: the network finds the nearest by route.
            let nodes: Vec<usize> = candidates
                .iter()
                .flat_map(|t| t.goal.nodes.clone())
                .collect();
            let w = &self.net.walkers[p];
            let route = self
                .net
                .graph
                .route(w.node, w.pos, &nodes, RouteOptions::default())?;
            let mut node = w.node;
            for l in &route {
                let link = &self.net.graph.links[*l];
                node = if link.a == node { link.b } else { link.a };
            }
            return candidates
                .into_iter()
                .find(|t| t.goal.nodes.contains(&node));
        }
        candidates.into_iter().min_by(|a, b| {
            let d = |t: &Target| {
                t.goal
                    .point
                    .map_or(f64::INFINITY, |q| crate::scenario::geometry::dist(here, q))
            };
            d(a).total_cmp(&d(b))
        })
    }

    /// Send a person on their way; `then` follows once they arrive.
    pub fn send(&mut self, p: usize, target: Target, then: Vec<Target>) -> bool {
        let ok = self.net.send(p, target.goal.clone());
        let person = &mut self.persons[p];
        person.target = Some(target);
        person.then = then.into();
        person.state = if ok {
            PersonState::Moving
        } else {
            PersonState::Stranded
        };
        ok
    }

    /// The lowest stop of a lift serving the floor person `p` is on, as a target reached by
    /// lift; `None` on the ground floor, on terrain, or without a lift there.
    pub fn lift_ground_stop(&self, p: usize) -> Option<Target> {
        let Site::Building(b) = &self.scenario.site else {
            return None;
        };
        let here = self.net.walkers[p].node;
        let NodeKind::Space { floor, .. } = self.net.graph.nodes[here].kind else {
            return None;
        };
        for lift in &b.lifts {
            let stops: Vec<usize> = lift
                .stops
                .iter()
                .filter_map(|s| self.net.graph.node(s))
                .collect();
            let serves = stops.iter().any(|&s| {
                matches!(self.net.graph.nodes[s].kind, NodeKind::Space { floor: f, .. } if f == floor)
            });
            let lowest = *stops.first()?;
            if serves && lowest != here {
                let mut t = self.target(&SiteRef::Space(lift.stops[0].clone()))?;
                t.goal.options.allow_lift = true;
                return Some(t);
            }
        }
        None
    }

    pub fn halt(&mut self, p: usize, state: PersonState) {
        self.net.halt(p);
        self.persons[p].state = state;
    }

    /// Block (or clear) a link: everyone it cuts off is stranded.
    pub fn set_link_blocked(&mut self, l: usize, block: bool, tick: u64, log: &mut EventLog) {
        for p in self.net.set_blocked(l, block) {
            self.persons[p].state = PersonState::Stranded;
            let who = self.persons[p].id.clone();
            let place = self.place_of(p);
            log.push(tick, SimEvent::Stranded { who, place });
        }
    }

    /// Every wall of the building as (floor, from, to), door openings cut out: what the
    /// contents strike and the view draws.
    pub fn walls(&self) -> Vec<(usize, Point, Point)> {
        let g = self.graph();
        (0..g.nodes.len())
            .filter_map(|n| match g.nodes[n].kind {
                NodeKind::Space { floor, .. } => Some((floor, n)),
                NodeKind::Outdoor => None,
            })
            .flat_map(|(floor, n)| {
                self.net.geom.spaces[n]
                    .walls
                    .iter()
                    .map(move |&(p, q)| (floor, p, q))
            })
            .collect()
    }

    /// Where `Walk { to }` takes person `p`: the point, in the space of their own storey that
    /// holds it (their own space first; an assembly area counts as ground level, a terrain site
    /// as one open space). `None` where no space holds it: the point is in a wall or beyond the
    /// outer wall, and the person stays where they are.
    pub fn walk_target(&self, p: usize, to: Point) -> Option<Target> {
        let g = self.graph();
        let here = self.net.walkers[p].node;
        let level = g.elevation(here);
        let holds = |n: usize| g.nodes[n].polygon.is_empty() || contains(&g.nodes[n].polygon, to);
        let node = if holds(here) {
            here
        } else {
            (0..g.nodes.len()).find(|&n| (g.elevation(n) - level).abs() < 0.5 && holds(n))?
        };
        let kind = match g.nodes[node].kind {
            NodeKind::Outdoor if g.is_building() => PlaceKind::AssemblyArea,
            NodeKind::Outdoor => PlaceKind::OpenGround,
            NodeKind::Space { .. } => PlaceKind::Space,
        };
        Some(Target {
            goal: Goal {
                nodes: vec![node],
                point: Some(to),
                options: RouteOptions::default(),
            },
            place: g.nodes[node].id.clone(),
            kind,
        })
    }

    /// Where a person is now: position on their floor and the elevation of that floor (m).
    pub fn position(&self, p: usize) -> (Point, f64) {
        let w = &self.net.walkers[p];
        (w.pos, self.graph().elevation(w.node))
    }

    /// Where a person is, as a place name.
    pub fn place_of(&self, p: usize) -> String {
        self.net.graph.nodes[self.net.walkers[p].node].id.clone()
    }

    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for p in &self.persons {
            c.people += 1;
            let at_dest = p.at_refuge();
            let settled = p.settled()
                || (p.participant.is_some() && p.state != PersonState::Moving && p.started);
            if settled {
                c.accounted_for += 1;
            }
            if p.participant.is_some() {
                continue;
            }
            c.occupants += 1;
            c.out_of_building += u32::from(p.outside);
            c.at_destination += u32::from(at_dest);
            c.stayed_behind += u32::from(p.state == PersonState::StayedBehind);
            c.injured += u32::from(p.state == PersonState::Injured);
        }
        c
    }

    /// Every occupant is at a refuge, stayed behind, injured or stranded.
    pub fn occupants_settled(&self) -> bool {
        self.persons
            .iter()
            .all(|p| p.participant.is_some() || p.settled())
    }

    /// Every occupant is at a refuge, stayed behind, injured or stranded, and no participant is
    /// on the move.
    pub fn all_settled(&self) -> bool {
        // With nobody to lead or count, a participant's own safety is what ends the drill.
        let alone = self.groups.is_empty();
        self.persons.iter().all(|p| match p.participant {
            Some(_) if alone => p.settled(),
            Some(_) => p.state != PersonState::Moving,
            None => p.settled(),
        })
    }

    /// Members of `groups` standing at the refuge where person `p` is (a head count there), and
    /// how many there should be.
    pub fn head_count(&self, p: usize, groups: &[usize]) -> (u32, u32) {
        let here = self.net.walkers[p].node;
        let mut present = 0;
        let mut expected = 0;
        for &g in groups {
            for &m in &self.groups[g].members {
                expected += 1;
                let w = &self.net.walkers[m];
                let person = &self.persons[m];
                if w.node == here && person.state == PersonState::Still && self.near(p, m) {
                    present += 1;
                }
            }
        }
        (present, expected)
    }

    /// On terrain everyone is in one node: "here" means within 30 m.
    fn near(&self, a: usize, b: usize) -> bool {
        self.building
            || crate::scenario::geometry::dist(self.net.walkers[a].pos, self.net.walkers[b].pos)
                <= 30.0
    }

    /// The truth for a count: members of `groups` at their refuge, and the members in all.
    pub fn true_count(&self, groups: &[usize]) -> (u32, u32) {
        let mut present = 0;
        let mut expected = 0;
        for &g in groups {
            for &m in &self.groups[g].members {
                expected += 1;
                let p = &self.persons[m];
                if p.at_refuge() {
                    present += 1;
                }
            }
        }
        (present, expected)
    }

    /// Groups whose destination is this place (a commander answerable for a playground).
    pub fn groups_bound_for(&self, place: &str) -> Vec<usize> {
        (0..self.groups.len())
            .filter(|&g| self.groups[g].destination.place == place)
            .collect()
    }

    /// Order a group (or every group) to leave, at `tick`, unless already ordered.
    pub fn order(&mut self, group: Option<usize>, tick: u64) {
        for (i, g) in self.groups.iter_mut().enumerate() {
            if group.is_none_or(|x| x == i) && g.ordered_at.is_none() {
                g.ordered_at = Some(tick);
            }
        }
    }

    /// Choose `count` members of a group still in play, seeded; for the Missing and Injured
    /// injects.
    pub fn pick_members(&mut self, group: usize, count: u32) -> Vec<usize> {
        let mut pool: Vec<usize> = self.groups[group]
            .members
            .iter()
            .copied()
            .filter(|&m| {
                !matches!(
                    self.persons[m].state,
                    PersonState::StayedBehind | PersonState::Injured
                )
            })
            .collect();
        let mut chosen = Vec::new();
        for _ in 0..count {
            if pool.is_empty() {
                break;
            }
            let i = self.rng.random_range(0..pool.len());
            chosen.push(pool.remove(i));
        }
        chosen.sort_unstable();
        chosen
    }
}

/// Resolve a site reference on a site.
pub fn resolve(s: &Scenario, g: &NavGraph, r: &SiteRef) -> Option<Target> {
    let node_target = |node: usize, kind: PlaceKind, only_exit: Option<usize>| Target {
        goal: Goal {
            nodes: vec![node],
            point: None,
            options: RouteOptions {
                only_exit,
                ..RouteOptions::default()
            },
        },
        place: g.nodes[node].id.clone(),
        kind,
    };
    let point_target = |id: &str, p: Point, kind: PlaceKind| Target {
        goal: Goal {
            nodes: vec![0],
            point: Some(p),
            options: RouteOptions::default(),
        },
        place: id.to_string(),
        kind,
    };
    match (&s.site, r) {
        (Site::Building(_), SiteRef::Space(id)) => {
            Some(node_target(g.node(id)?, PlaceKind::Space, None))
        }
        (Site::Building(_), SiteRef::AssemblyArea(id)) => {
            Some(node_target(g.node(id)?, PlaceKind::AssemblyArea, None))
        }
        (Site::Building(b), SiteRef::Exit(id)) => {
            let e = b.exits.iter().find(|e| &e.id == id)?;
            Some(node_target(
                g.node(&e.leads_to)?,
                PlaceKind::AssemblyArea,
                g.link(id),
            ))
        }
        (Site::Building(b), SiteRef::Stair(id)) => {
            let st = b.stairs.iter().find(|x| &x.id == id)?;
            Some(node_target(g.node(&st.to)?, PlaceKind::Stairwell, None))
        }
        (Site::Building(b), SiteRef::Door(id)) => {
            let d = b.doors.iter().find(|x| &x.id == id)?;
            Some(node_target(g.node(&d.spaces.0)?, PlaceKind::Space, None))
        }
        (Site::Building(b), SiteRef::Lift(id)) => {
            let l = b.lifts.iter().find(|x| &x.id == id)?;
            Some(node_target(
                g.node(l.stops.first()?)?,
                PlaceKind::Space,
                None,
            ))
        }
        (Site::Terrain(t), SiteRef::House(id)) => {
            let h = t.houses.iter().find(|h| &h.id == id)?;
            Some(point_target(id, h.at, PlaceKind::House))
        }
        (Site::Terrain(t), SiteRef::Shelter(id)) => {
            let sh = t.shelters.iter().find(|h| &h.id == id)?;
            Some(point_target(
                id,
                centroid(&sh.polygon),
                kind_of_shelter(sh.kind),
            ))
        }
        (Site::Terrain(t), SiteRef::Place(id)) => {
            let p = t.places.iter().find(|h| &h.id == id)?;
            Some(point_target(id, p.at, PlaceKind::Place))
        }
        (Site::Terrain(t), SiteRef::Road(id)) => {
            let p = t.roads.iter().find(|h| &h.id == id)?;
            Some(point_target(id, *p.points.first()?, PlaceKind::OpenGround))
        }
        (Site::Terrain(t), SiteRef::River(id)) => {
            let p = t.rivers.iter().find(|h| &h.id == id)?;
            Some(point_target(
                id,
                *p.centerline.first()?,
                PlaceKind::OpenGround,
            ))
        }
        (Site::Terrain(t), SiteRef::Levee(id)) => {
            let p = t.levees.iter().find(|h| &h.id == id)?;
            Some(point_target(id, *p.line.first()?, PlaceKind::OpenGround))
        }
        (Site::Terrain(_), SiteRef::Point(x, y)) => Some(point_target(
            &format!("({x}, {y})"),
            (*x, *y),
            PlaceKind::OpenGround,
        )),
        _ => None,
    }
}

/// The chairs of a space, in layout order.
fn chairs_in(s: &Scenario, space: &str) -> VecDeque<Point> {
    let Site::Building(b) = &s.site else {
        return VecDeque::new();
    };
    b.floors
        .iter()
        .flat_map(|f| &f.furniture)
        .filter(|f| f.kind == FurnitureKind::Chair && f.space == space)
        .flat_map(|f| f.layout.points())
        .collect()
}

/// A start position: a random point of the place's area (rooms, assembly areas, a house's
/// footprint), or the place's point.
fn start_position(
    rng: &mut impl Rng,
    s: &Scenario,
    g: &NavGraph,
    r: &SiteRef,
) -> Option<(usize, Point)> {
    let in_poly = |rng: &mut dyn rand::RngCore, poly: &[Point]| -> Point {
        let ((x0, y0), (x1, y1)) = crate::scenario::geometry::bounds(poly);
        for _ in 0..64 {
            let p = (
                x0 + (x1 - x0) * rng.random::<f64>(),
                y0 + (y1 - y0) * rng.random::<f64>(),
            );
            if contains(poly, p) {
                return p;
            }
        }
        centroid(poly)
    };
    match (&s.site, r) {
        (Site::Building(_), SiteRef::Space(id) | SiteRef::AssemblyArea(id)) => {
            let n = g.node(id)?;
            Some((n, in_poly(rng, &g.nodes[n].polygon)))
        }
        (Site::Terrain(t), SiteRef::House(id)) => {
            let h = t.houses.iter().find(|h| &h.id == id)?;
            let (w, d) = h.footprint_m;
            let p = (
                h.at.0 + (rng.random::<f64>() - 0.5) * w,
                h.at.1 + (rng.random::<f64>() - 0.5) * d,
            );
            Some((0, p))
        }
        (Site::Terrain(t), SiteRef::Shelter(id)) => {
            let sh = t.shelters.iter().find(|h| &h.id == id)?;
            Some((0, in_poly(rng, &sh.polygon)))
        }
        _ => {
            let t = resolve(s, g, r)?;
            let node = *t.goal.nodes.first()?;
            Some((node, t.goal.point.unwrap_or(g.nodes[node].centroid)))
        }
    }
}

impl People {
    /// Everyone at their start: occupants group by group, then the participants.
    pub fn new(setup: &DrillSetup) -> Result<People, String> {
        let s = &setup.scenario;
        let graph = NavGraph::from_site(&s.site);
        let building = graph.is_building();
        let mut net = Network::new(graph);
        let mut rng = setup.seed.stream("people");
        let mut persons = Vec::new();
        let mut groups = Vec::new();
        let mut seats: std::collections::BTreeMap<String, VecDeque<Point>> = Default::default();
        for (gi, grp) in s.population.iter().enumerate() {
            let destination = match &grp.destination {
                Some(d) => resolve(s, &net.graph, d),
                None => match (&s.site, &grp.exit) {
                    (Site::Building(b), Some(e)) => {
                        b.exits.iter().find(|x| &x.id == e).and_then(|x| {
                            resolve(s, &net.graph, &SiteRef::AssemblyArea(x.leads_to.clone()))
                        })
                    }
                    (Site::Building(b), None) => b
                        .assembly_areas
                        .first()
                        .and_then(|a| resolve(s, &net.graph, &SiteRef::AssemblyArea(a.id.clone()))),
                    (Site::Terrain(t), _) => t
                        .shelters
                        .first()
                        .and_then(|a| resolve(s, &net.graph, &SiteRef::Shelter(a.id.clone()))),
                },
            }
            .ok_or_else(|| {
                format!(
                    "group `{}`: its destination is not a place one can walk to",
                    grp.id
                )
            })?;
            let leader = grp
                .leader
                .as_ref()
                .and_then(|l| s.participants.iter().position(|p| &p.id == l));
            let start_house = match &grp.start {
                SiteRef::House(h) => Some(h.clone()),
                _ => None,
            };
            let mut members = Vec::new();
            for i in 0..grp.count {
                let (node, mut pos) = start_position(&mut rng, s, &net.graph, &grp.start)
                    .ok_or_else(|| {
                        format!("group `{}`: its start is not a place on the site", grp.id)
                    })?;
                // A class in session sits on its room's chairs, front rows first.
                if let SiteRef::Space(id) = &grp.start
                    && let Some(seat) = seats
                        .entry(id.clone())
                        .or_insert_with(|| chairs_in(s, id))
                        .pop_front()
                {
                    pos = seat;
                }
                let speed = free_speed_mps(&mut rng, grp.profile);
                let pre = sample_time(&mut rng, &grp.pre_movement_s, i);
                let climb = grp.profile != Profile::WheelchairUser;
                let p = net.add(node, pos, speed, climb);
                persons.push(Person {
                    id: format!("{}/{:02}", grp.id, i + 1),
                    group: Some(gi),
                    participant: None,
                    profile: grp.profile,
                    start_node: node,
                    start_pos: pos,
                    state: PersonState::Waiting,
                    pre_movement_s: pre,
                    started: false,
                    outside: !matches!(net.graph.nodes[node].kind, NodeKind::Space { .. }),
                    target: None,
                    then: VecDeque::new(),
                    at: None,
                    posture: Posture::Standing,
                });
                members.push(p);
            }
            let exit = grp.exit.as_ref().and_then(|e| net.graph.link(e));
            groups.push(Group {
                id: grp.id.clone(),
                members,
                leader,
                exit,
                destination,
                ordered_at: None,
                guided_at: None,
                start_house,
            });
        }
        for (pi, part) in s.participants.iter().enumerate() {
            let (node, pos) =
                start_position(&mut rng, s, &net.graph, &part.start).ok_or_else(|| {
                    format!(
                        "participant `{}`: the start is not a place on the site",
                        part.id
                    )
                })?;
            let speed = free_speed_mps(&mut rng, part.profile);
            net.add(node, pos, speed, part.profile != Profile::WheelchairUser);
            let here = resolve(s, &net.graph, &part.start);
            persons.push(Person {
                id: part.id.clone(),
                group: None,
                participant: Some(pi),
                profile: part.profile,
                start_node: node,
                start_pos: pos,
                state: PersonState::Waiting,
                pre_movement_s: 0.0,
                started: false,
                outside: !matches!(net.graph.nodes[node].kind, NodeKind::Space { .. }),
                target: None,
                then: VecDeque::new(),
                at: here,
                posture: Posture::Standing,
            });
        }
        Ok(People {
            net,
            persons,
            groups,
            building,
            scenario: s.clone(),
            rng: setup.seed.stream("injects"),
            milestones: Vec::new(),
            scanned: 0,
            evacuation_signal: None,
            panic_rng: setup.seed.stream("panic"),
        })
    }
}

pub(super) fn plugin(app: &mut App) {
    let setup = app.world().resource::<DrillSetup>().clone();
    match People::new(&setup) {
        Ok(people) => {
            app.insert_resource(people);
        }
        Err(e) => {
            // The scenario validated, so this is an engine gap; keep the message for the caller.
            app.insert_resource(SetupError(e));
            app.insert_resource(People::empty(&setup));
        }
    }
    app.add_systems(SimTick, (orders, depart, walk).chain().in_set(SimSet::Move));
}

/// A scenario the engine could not set up although it validated.
#[derive(Resource, Debug, Clone)]
pub struct SetupError(pub String);

impl People {
    fn empty(setup: &DrillSetup) -> People {
        People {
            net: Network::new(NavGraph::default()),
            persons: Vec::new(),
            groups: Vec::new(),
            building: false,
            scenario: setup.scenario.clone(),
            rng: setup.seed.stream("injects"),
            milestones: Vec::new(),
            scanned: 0,
            evacuation_signal: None,
            panic_rng: setup.seed.stream("panic"),
        }
    }
}

/// Read this tick's news: orders to leave, guiding leaders, the alarm (take cover).
fn orders(
    setup: Res<DrillSetup>,
    clock: Res<DrillClock>,
    mut log: ResMut<EventLog>,
    mut people: ResMut<People>,
) {
    let tick = clock.tick;
    let quake = setup.scenario.meta.kind == DrillKind::Earthquake;
    let from = people.scanned;
    let mut news = Vec::new();
    for (_, e) in &log.entries[from..] {
        match e {
            SimEvent::Hazard {
                event: HazardEvent::EarlyWarning | HazardEvent::ShakingStarts,
            } if people.building => {
                for m in 0..people.persons.len() {
                    let p = &people.persons[m];
                    if p.participant.is_some() || p.state != PersonState::Waiting {
                        continue;
                    }
                    let chance = panic_chance(p.profile);
                    let group = p.group;
                    if people.panic_rng.random::<f64>() >= chance {
                        people.persons[m].state = PersonState::Cover;
                        continue;
                    }
                    // Runs for the way out at once, through the shaking, alone.
                    let Some(dest) = group.map(|g| people.groups[g].destination.clone()) else {
                        continue;
                    };
                    let who = people.persons[m].id.clone();
                    people.persons[m].started = true;
                    news.push(SimEvent::Panicked { who: who.clone() });
                    news.push(SimEvent::StartedMoving { who: who.clone() });
                    if !people.send(m, dest.clone(), Vec::new()) {
                        news.push(SimEvent::Stranded {
                            who,
                            place: dest.place,
                        });
                    }
                }
            }
            SimEvent::Hazard {
                event: HazardEvent::ShakingStops,
            } if quake && people.evacuation_signal.is_none() => {
                // Nobody signals: people leave on their own after a while.
                people.evacuation_signal = Some(tick + tick_of(SELF_EVACUATION_S));
            }
            SimEvent::Action {
                participant,
                action: ActionName::Plan(a),
                target,
            } => {
                let pi = setup
                    .scenario
                    .participants
                    .iter()
                    .position(|p| &p.id == participant);
                match a {
                    Action::SignalEvacuation | Action::Broadcast | Action::IssueWarning => {
                        if people.building && *a != Action::SignalEvacuation {
                            continue;
                        }
                        people.evacuation_signal = Some(tick);
                        people.order(None, tick);
                    }
                    Action::DoorToDoor | Action::MoveHousehold => {
                        let hit: Vec<usize> = (0..people.groups.len())
                            .filter(|&g| {
                                let grp = &people.groups[g];
                                target.as_ref().is_some_and(|t| {
                                    &grp.id == t || grp.start_house.as_ref() == Some(t)
                                })
                            })
                            .collect();
                        for g in hit {
                            people.order(Some(g), tick);
                            if *a == Action::MoveHousehold && people.groups[g].guided_at.is_none() {
                                people.groups[g].guided_at = Some(tick);
                            }
                        }
                    }
                    Action::GuideGroup => {
                        for g in 0..people.groups.len() {
                            let grp = &people.groups[g];
                            let named = target.as_ref().is_some_and(|t| t == &grp.id);
                            let led = target.is_none() && grp.leader.is_some() && grp.leader == pi;
                            if (named || led) && grp.guided_at.is_none() {
                                people.groups[g].guided_at = Some(tick);
                                if people.groups[g].ordered_at.is_none() {
                                    people.groups[g].ordered_at = Some(tick);
                                }
                            }
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    people.scanned = log.entries.len();
    for e in news {
        log.push(tick, e);
    }
    if let Some(t) = people.evacuation_signal
        && tick >= t
    {
        people.order(None, t);
    }
}

/// Occupants whose time has come set off for their destination.
fn depart(
    clock: Res<DrillClock>,
    timeline: Res<HazardTimeline>,
    mut log: ResMut<EventLog>,
    mut people: ResMut<People>,
) {
    let tick = clock.tick;
    let shaking = timeline.shaking_at(tick);
    for g in 0..people.groups.len() {
        let grp = &people.groups[g];
        let Some(ordered) = grp.ordered_at else {
            continue;
        };
        let base = match (grp.leader, grp.guided_at) {
            (None, _) => ordered,
            (Some(_), Some(guided)) => guided,
            (Some(_), None) => ordered + tick_of(LEADER_WAIT_S),
        };
        if tick < base {
            continue;
        }
        let members = grp.members.clone();
        let dest = grp.destination.clone();
        let exit = grp.exit;
        // A guided class follows its teacher: at the teacher's pace, never ahead.
        let guide = match (grp.leader, grp.guided_at) {
            (Some(l), Some(_)) => people.persons.iter().position(|p| p.participant == Some(l)),
            _ => None,
        };
        for m in members {
            let p = &people.persons[m];
            if !matches!(p.state, PersonState::Waiting | PersonState::Cover)
                || tick < base + tick_of(p.pre_movement_s)
                || (shaking && people.building)
            {
                continue;
            }
            let mut target = dest.clone();
            // The assigned exit, unless it is blocked or leads elsewhere.
            if let Some(e) = exit
                && !people.net.graph.links[e].blocked
                && target.goal.nodes.contains(&people.net.graph.links[e].b)
            {
                target.goal.options.only_exit = Some(e);
            }
            let who = people.persons[m].id.clone();
            people.net.set_leader(m, guide);
            people.persons[m].started = true;
            log.push(tick, SimEvent::StartedMoving { who: who.clone() });
            if !people.send(m, target.clone(), Vec::new()) {
                target.goal.options.only_exit = None;
                if !people.send(m, target.clone(), Vec::new()) {
                    log.push(
                        tick,
                        SimEvent::Stranded {
                            who,
                            place: target.place,
                        },
                    );
                }
            }
        }
    }
}

/// Everyone moves one tick; milestones become events.
fn walk(clock: Res<DrillClock>, mut log: ResMut<EventLog>, mut people: ResMut<People>) {
    let tick = clock.tick;
    let people = &mut *people;
    people.milestones.clear();
    people
        .net
        .step(1.0 / f64::from(TICK_HZ), tick, &mut people.milestones);
    let milestones = std::mem::take(&mut people.milestones);
    for m in &milestones {
        match *m {
            Milestone::Reached { .. } => {}
            Milestone::Passed { person, link } => {
                let who = people.persons[person].id.clone();
                let l = &people.net.graph.links[link];
                let e = match l.kind {
                    LinkKind::Door => SimEvent::PassedDoor {
                        who,
                        door: l.id.clone(),
                    },
                    LinkKind::Stair { .. } => {
                        let here = people.net.walkers[person].node;
                        let down =
                            people.net.graph.elevation(l.a) < people.net.graph.elevation(here);
                        SimEvent::EnteredStair {
                            who,
                            stair: l.id.clone(),
                            down,
                        }
                    }
                    LinkKind::Exit => {
                        people.persons[person].outside = true;
                        SimEvent::LeftBuilding {
                            who,
                            exit: l.id.clone(),
                        }
                    }
                    LinkKind::Lift { .. } => SimEvent::TookLift {
                        who,
                        lift: l.id.split('#').next().unwrap_or_default().to_string(),
                    },
                };
                log.push(tick, e);
            }
            Milestone::Arrived { person, node } => {
                let kind = people.node_place_kind(node);
                let p = &mut people.persons[person];
                let reached = p.target.take().unwrap_or(Target {
                    goal: Goal {
                        nodes: vec![node],
                        point: None,
                        options: RouteOptions::default(),
                    },
                    place: String::new(),
                    kind,
                });
                p.state = PersonState::Still;
                log.push(
                    tick,
                    SimEvent::Arrived {
                        who: p.id.clone(),
                        place: reached.place.clone(),
                        place_kind: reached.kind,
                    },
                );
                p.at = Some(reached);
                if let Some(next) = p.then.pop_front() {
                    let rest: Vec<Target> = p.then.drain(..).collect();
                    let who = p.id.clone();
                    if !people.send(person, next.clone(), rest) {
                        log.push(
                            tick,
                            SimEvent::Stranded {
                                who,
                                place: next.place,
                            },
                        );
                    }
                }
            }
        }
    }
    people.milestones = milestones;
}
