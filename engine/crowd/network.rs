//! A coarse movement model on the site's network of spaces: the SFPE hydraulic model as a
//! queueing network.
//!
//! Model (SFPE Handbook, 5th ed., ch. 64, "Employing the hydraulic model in assessing emergency
//! movement"; the same idea as EVACNET and Pathfinder's SFPE mode): a person walks through a
//! space at their free speed along straight lines between openings; every opening (door, stair
//! entry, exit, lift) serves one FIFO queue at its maximum flow, 1.32 persons per second per
//! metre of effective width (clear width less a 0.15 m boundary layer on each side) for doors and
//! exits, 1.01 for stairs (riser 0.18 / tread 0.28 m). Stair flights are walked at the stair
//! speed along their horizontal run (RiMEA test 2/3 convention: up 0.5, down 0.65 m/s for an
//! adult of 1.34 m/s free speed, scaled by the person's own free speed). Queues give the door
//! flow limit and the congestion before stairs that drills expose; density-dependent walking
//! speed inside rooms (Weidmann) and collision avoidance are not modelled here: the microscopic
//! kernel of the crowd work replaces the in-space walk and keeps this network for route choice.
//!
//! Terrain sites have one open-ground node: people walk straight to their goal (roads come with
//! the crowd work).
//!
//! Deterministic: no hash maps, persons handled in index order, queues FIFO.

use crate::scenario::geometry::dist;
use crate::scenario::schema::{Point, Site, SpaceKind};
use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::collections::BinaryHeap;

/// Maximum specific flow through a door or exit, persons/(s·m effective width) (SFPE).
pub const DOOR_FLOW_PPSM: f64 = 1.32;
/// Maximum specific flow onto a stair of riser 0.18 m / tread 0.28 m (SFPE).
pub const STAIR_FLOW_PPSM: f64 = 1.01;
/// Clear width a wheelchair user needs through a door (GB 50763-2012 §3.5.3: ≥ 0.80 m).
pub const WHEELCHAIR_MIN_WIDTH_M: f64 = 0.8;
/// Boundary layer on each side of a door or stair (SFPE).
pub const BOUNDARY_LAYER_M: f64 = 0.15;
/// Adult free speed the stair speeds below refer to (Weidmann 1993).
pub const REFERENCE_SPEED_MPS: f64 = 1.34;
/// Stair speeds along the horizontal run for the reference adult (RiMEA tests 2 and 3).
pub const STAIR_UP_MPS: f64 = 0.5;
pub const STAIR_DOWN_MPS: f64 = 0.65;

#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    /// A space of a building, with the elevation of its floor.
    Space { floor: usize, elevation_m: f64 },
    /// Open ground outside: an assembly area of a building site, or the whole of a terrain site.
    Outdoor,
}

#[derive(Clone, Debug)]
pub struct Node {
    pub id: String,
    pub kind: NodeKind,
    pub polygon: Vec<Point>,
    pub centroid: Point,
    /// A room one does not walk through on the way elsewhere (a classroom, an office, a
    /// toilet): crossing it costs `ROOM_TRANSIT_M` more than its length (see `route`).
    pub room: bool,
}

/// What crossing a room on the way elsewhere costs a route, beyond its length (m): nobody
/// leads a class through another class's room to save a few steps, only to save much more (or
/// where the room is the only way). A modelling choice, not a measurement.
pub const ROOM_TRANSIT_M: f64 = 20.0;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LinkKind {
    Door,
    Exit,
    /// `a` is the lower landing, `b` the upper one.
    Stair {
        run_m: f64,
        up_mps: Option<f64>,
        down_mps: Option<f64>,
    },
    /// Between consecutive stops; the time of one trip including the wait.
    Lift {
        trip_s: f64,
    },
}

#[derive(Clone, Debug)]
pub struct Link {
    pub id: String,
    pub kind: LinkKind,
    pub a: usize,
    pub b: usize,
    /// Where the opening is, seen from `a` and from `b`.
    pub at_a: Point,
    pub at_b: Point,
    pub width_m: f64,
    /// Persons per second the opening serves.
    pub flow_pps: f64,
    pub blocked: bool,
}

impl Link {
    pub fn other(&self, n: usize) -> usize {
        if n == self.a { self.b } else { self.a }
    }
    pub fn at(&self, n: usize) -> Point {
        if n == self.a { self.at_a } else { self.at_b }
    }
}

/// The network of a site.
#[derive(Clone, Debug, Default)]
pub struct NavGraph {
    pub nodes: Vec<Node>,
    pub links: Vec<Link>,
    /// The roads of a terrain site.
    pub roads: super::roads::RoadNet,
    adj: Vec<Vec<usize>>,
    node_ids: BTreeMap<String, usize>,
    link_ids: BTreeMap<String, usize>,
}

/// The effective flow of an opening of clear width `width_m` at a specific flow.
pub fn opening_flow_pps(width_m: f64, specific_flow: f64) -> f64 {
    // A narrow opening still lets one person through at a time.
    (width_m - 2.0 * BOUNDARY_LAYER_M).max(0.3) * specific_flow
}

/// The area centroid of a polygon (the vertex mean for a degenerate one).
pub fn centroid(poly: &[Point]) -> Point {
    let a = crate::scenario::geometry::signed_area(poly);
    if a.abs() < 1e-9 {
        let n = poly.len().max(1) as f64;
        let (sx, sy) = poly.iter().fold((0.0, 0.0), |(x, y), p| (x + p.0, y + p.1));
        return (sx / n, sy / n);
    }
    let (mut cx, mut cy) = (0.0, 0.0);
    for i in 0..poly.len() {
        let (p, q) = (poly[i], poly[(i + 1) % poly.len()]);
        let c = p.0 * q.1 - q.0 * p.1;
        cx += (p.0 + q.0) * c;
        cy += (p.1 + q.1) * c;
    }
    (cx / (6.0 * a), cy / (6.0 * a))
}

impl NavGraph {
    /// The network of a validated site. Building: a node per space and per assembly area; links
    /// for doors, stairs, exits and lifts. Terrain: one open-ground node.
    pub fn from_site(site: &Site) -> NavGraph {
        let mut g = NavGraph::default();
        match site {
            Site::Building(b) => {
                for (fi, f) in b.floors.iter().enumerate() {
                    for s in &f.spaces {
                        g.add_node(
                            &s.id,
                            NodeKind::Space {
                                floor: fi,
                                elevation_m: f.elevation_m,
                            },
                            s.polygon.clone(),
                        );
                        if let Some(n) = g.nodes.last_mut() {
                            n.room = match s.kind {
                                SpaceKind::Classroom
                                | SpaceKind::Office
                                | SpaceKind::Toilet
                                | SpaceKind::Storage
                                | SpaceKind::Room => true,
                                SpaceKind::Corridor
                                | SpaceKind::Hall
                                | SpaceKind::Lobby
                                | SpaceKind::Stairwell => false,
                            };
                        }
                    }
                }
                for a in &b.assembly_areas {
                    g.add_node(&a.id, NodeKind::Outdoor, a.polygon.clone());
                }
                for d in &b.doors {
                    let (Some(&a), Some(&bb)) =
                        (g.node_ids.get(&d.spaces.0), g.node_ids.get(&d.spaces.1))
                    else {
                        continue;
                    };
                    let l = g.add_door(&d.id, a, bb, d.at, d.width_m);
                    g.links[l].blocked = d.state == crate::scenario::schema::DoorState::Locked;
                }
                for s in &b.stairs {
                    let (Some(&a), Some(&bb)) = (g.node_ids.get(&s.from), g.node_ids.get(&s.to))
                    else {
                        continue;
                    };
                    let speeds = (s.up_speed_mps, s.down_speed_mps);
                    g.add_stair(&s.id, a, bb, s.width_m, s.length_m, speeds);
                }
                for e in &b.exits {
                    let (Some(&a), Some(&bb)) =
                        (g.node_ids.get(&e.space), g.node_ids.get(&e.leads_to))
                    else {
                        continue;
                    };
                    g.add_exit(&e.id, a, bb, e.at, e.width_m);
                }
                for l in &b.lifts {
                    let stops: Vec<usize> = l
                        .stops
                        .iter()
                        .filter_map(|s| g.node_ids.get(s).copied())
                        .collect();
                    for (i, w) in stops.windows(2).enumerate() {
                        let rise = (g.elevation(w[1]) - g.elevation(w[0])).abs();
                        // Waiting for the car (half a round trip, doors 10 s) plus the ride.
                        let trip_s = 20.0 + rise / l.speed_mps.max(0.1);
                        let flow = f64::from(l.capacity_persons) / (2.0 * trip_s);
                        let (pa, pb) = (g.nodes[w[0]].centroid, g.nodes[w[1]].centroid);
                        let id = format!("{}#{i}", l.id);
                        g.add_link(
                            &id,
                            LinkKind::Lift { trip_s },
                            w[0],
                            w[1],
                            pa,
                            pb,
                            1.0,
                            flow,
                        );
                    }
                }
            }
            Site::Terrain(t) => {
                g.add_node("terrain", NodeKind::Outdoor, Vec::new());
                g.roads = super::roads::RoadNet::new(&t.roads);
            }
        }
        g
    }

    /// A space of a building floor.
    pub fn add_space(
        &mut self,
        id: &str,
        floor: usize,
        elevation_m: f64,
        polygon: Vec<Point>,
    ) -> usize {
        self.add_node(id, NodeKind::Space { floor, elevation_m }, polygon);
        self.nodes.len() - 1
    }

    /// Open ground (an assembly area, or a terrain site).
    pub fn add_open_ground(&mut self, id: &str, polygon: Vec<Point>) -> usize {
        self.add_node(id, NodeKind::Outdoor, polygon);
        self.nodes.len() - 1
    }

    /// A door between two spaces, centred at `at` on their shared wall.
    pub fn add_door(&mut self, id: &str, a: usize, b: usize, at: Point, width_m: f64) -> usize {
        let flow = opening_flow_pps(width_m, DOOR_FLOW_PPSM);
        self.add_link(id, LinkKind::Door, a, b, at, at, width_m, flow);
        self.links.len() - 1
    }

    /// An exit from a space, centred at `at` on its outside wall, to open ground.
    pub fn add_exit(
        &mut self,
        id: &str,
        space: usize,
        ground: usize,
        at: Point,
        width_m: f64,
    ) -> usize {
        let flow = opening_flow_pps(width_m, DOOR_FLOW_PPSM);
        self.add_link(id, LinkKind::Exit, space, ground, at, at, width_m, flow);
        self.links.len() - 1
    }

    /// A stair between a lower and an upper stairwell space, entered at their centroids.
    pub fn add_stair(
        &mut self,
        id: &str,
        lower: usize,
        upper: usize,
        width_m: f64,
        run_m: f64,
        speeds_mps: (Option<f64>, Option<f64>),
    ) -> usize {
        let kind = LinkKind::Stair {
            run_m,
            up_mps: speeds_mps.0,
            down_mps: speeds_mps.1,
        };
        let (pa, pb) = (self.nodes[lower].centroid, self.nodes[upper].centroid);
        let flow = opening_flow_pps(width_m, STAIR_FLOW_PPSM);
        self.add_link(id, kind, lower, upper, pa, pb, width_m, flow);
        self.links.len() - 1
    }

    fn add_node(&mut self, id: &str, kind: NodeKind, polygon: Vec<Point>) {
        let c = centroid(&polygon);
        self.node_ids.insert(id.to_string(), self.nodes.len());
        self.nodes.push(Node {
            id: id.to_string(),
            kind,
            polygon,
            centroid: c,
            room: false,
        });
        self.adj.push(Vec::new());
    }

    #[allow(clippy::too_many_arguments)]
    fn add_link(
        &mut self,
        id: &str,
        kind: LinkKind,
        a: usize,
        b: usize,
        at_a: Point,
        at_b: Point,
        width_m: f64,
        flow_pps: f64,
    ) {
        let l = self.links.len();
        self.link_ids.insert(id.to_string(), l);
        self.links.push(Link {
            id: id.to_string(),
            kind,
            a,
            b,
            at_a,
            at_b,
            width_m,
            flow_pps,
            blocked: false,
        });
        self.adj[a].push(l);
        self.adj[b].push(l);
    }

    pub fn node(&self, id: &str) -> Option<usize> {
        self.node_ids.get(id).copied()
    }

    pub fn link(&self, id: &str) -> Option<usize> {
        self.link_ids.get(id).copied()
    }

    /// The links of a lift, by the lift's id.
    pub fn lift_links(&self, lift_id: &str) -> Vec<usize> {
        let prefix = format!("{lift_id}#");
        self.link_ids
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .map(|(_, &l)| l)
            .collect()
    }

    /// Whether the site has a lift at all.
    pub fn has_lift(&self) -> bool {
        self.links
            .iter()
            .any(|l| matches!(l.kind, LinkKind::Lift { .. }))
    }

    pub fn is_building(&self) -> bool {
        self.nodes
            .iter()
            .any(|n| matches!(n.kind, NodeKind::Space { .. }))
    }

    pub fn elevation(&self, n: usize) -> f64 {
        match self.nodes[n].kind {
            NodeKind::Space { elevation_m, .. } => elevation_m,
            NodeKind::Outdoor => 0.0,
        }
    }

    /// The links of a node.
    pub fn links_of(&self, n: usize) -> &[usize] {
        &self.adj[n]
    }

    /// Shortest route from `from` (standing at `pos`) to the nearest of `goals`: the links to
    /// take, in order. `allow_lift` admits lifts; `only_exit` restricts exits to that one.
    pub fn route(
        &self,
        from: usize,
        pos: Point,
        goals: &[usize],
        opts: RouteOptions,
    ) -> Option<Vec<usize>> {
        if goals.contains(&from) {
            return Some(Vec::new());
        }
        // Dijkstra over crossings: a state is a link crossed in one direction (one stands at its
        // far side), so a space is left by the opening that is best for the whole way, not by the
        // one nearest to where it was entered.
        let allowed = |l: usize| self.allowed(l, opts);
        // State 2l: crossed into `a`; 2l + 1: into `b`.
        let into = |s: usize| {
            let link = &self.links[s / 2];
            if s % 2 == 1 { link.b } else { link.a }
        };
        let state = |l: usize, from: usize| self.crossing(l, from);
        let m = 2 * self.links.len();
        let mut best = vec![f64::INFINITY; m];
        let mut via: Vec<Option<usize>> = vec![None; m];
        let mut heap = BinaryHeap::new();
        for &l in &self.adj[from] {
            if allowed(l) {
                let s = state(l, from);
                let cost = dist(pos, self.links[l].at(from)) + self.traverse_length(l);
                if cost < best[s] {
                    best[s] = cost;
                    heap.push(Reverse((OrdCost(cost), s)));
                }
            }
        }
        while let Some(Reverse((OrdCost(c), s))) = heap.pop() {
            if c > best[s] {
                continue;
            }
            let v = into(s);
            if goals.contains(&v) {
                let mut route = vec![s / 2];
                let mut cur = s;
                while let Some(p) = via[cur] {
                    route.push(p / 2);
                    cur = p;
                }
                route.reverse();
                return Some(route);
            }
            let here = self.links[s / 2].at(v);
            for &l in &self.adj[v] {
                if l == s / 2 || !allowed(l) {
                    continue;
                }
                let t = state(l, v);
                let cost =
                    c + dist(here, self.links[l].at(v)) + self.traverse_length(l) + self.transit(v);
                if cost < best[t] {
                    best[t] = cost;
                    via[t] = Some(s);
                    heap.push(Reverse((OrdCost(cost), t)));
                }
            }
        }
        None
    }

    /// Whether link `l` may be used under `opts`.
    pub fn allowed(&self, l: usize, opts: RouteOptions) -> bool {
        let link = &self.links[l];
        !link.blocked
            && link.width_m >= opts.min_width_m
            && match link.kind {
                LinkKind::Lift { .. } => opts.allow_lift,
                LinkKind::Exit => opts.only_exit.is_none_or(|e| e == l),
                LinkKind::Door | LinkKind::Stair { .. } => true,
            }
    }

    /// The crossing state of link `l` entered from node `from`: `2l` into `a`, `2l + 1` into
    /// `b` (the states of `route`).
    pub fn crossing(&self, l: usize, from: usize) -> usize {
        2 * l + usize::from(self.links[l].a == from)
    }

    /// For every crossing state, the length of the best way on from its far side to the nearest
    /// of `goals` (the cost `route` minimises), and the next link of that way (`usize::MAX` at a
    /// goal, or where none leads there).
    pub fn cost_to_go(&self, goals: &[usize], opts: RouteOptions) -> (Vec<f64>, Vec<usize>) {
        let m = 2 * self.links.len();
        let into = |s: usize| {
            let link = &self.links[s / 2];
            if s % 2 == 1 { link.b } else { link.a }
        };
        let mut cost = vec![f64::INFINITY; m];
        let mut next = vec![usize::MAX; m];
        for (s, c) in cost.iter_mut().enumerate() {
            if goals.contains(&into(s)) {
                *c = 0.0;
            }
        }
        // Bellman–Ford: the networks are small (tens to hundreds of links).
        for _ in 0..m {
            let mut changed = false;
            for s in 0..m {
                let v = into(s);
                if goals.contains(&v) {
                    continue;
                }
                let here = self.links[s / 2].at(v);
                for &l in &self.adj[v] {
                    if l == s / 2 || !self.allowed(l, opts) {
                        continue;
                    }
                    let t = self.crossing(l, v);
                    let c = dist(here, self.links[l].at(v))
                        + self.traverse_length(l)
                        + self.transit(v)
                        + cost[t];
                    if c < cost[s] - 1e-9 {
                        cost[s] = c;
                        next[s] = l;
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        (cost, next)
    }

    /// The extra cost of walking through node `n` on the way elsewhere.
    fn transit(&self, n: usize) -> f64 {
        if self.nodes[n].room {
            ROOM_TRANSIT_M
        } else {
            0.0
        }
    }

    pub fn traverse_length(&self, l: usize) -> f64 {
        match self.links[l].kind {
            LinkKind::Stair { run_m, .. } => run_m * 2.0,
            // Someone who means to take the lift prefers it to any stair.
            LinkKind::Lift { .. } => 1.0,
            _ => 0.0,
        }
    }

    /// The open-ground nodes: assembly areas, or the terrain.
    pub fn outdoor_nodes(&self) -> Vec<usize> {
        (0..self.nodes.len())
            .filter(|&i| self.nodes[i].kind == NodeKind::Outdoor)
            .collect()
    }
}

/// A route cost ordered totally (costs are finite sums of distances).
#[derive(Clone, Copy, Debug, PartialEq)]
struct OrdCost(f64);
impl Eq for OrdCost {}
impl PartialOrd for OrdCost {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for OrdCost {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&o.0)
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RouteOptions {
    pub allow_lift: bool,
    pub only_exit: Option<usize>,
    /// Openings narrower than this are impassable (wheelchairs).
    pub min_width_m: f64,
}

/// Where a person is going.
#[derive(Clone, Debug, PartialEq)]
pub struct Goal {
    /// Any of these nodes will do (e.g. any assembly area, for "out of the building").
    pub nodes: Vec<usize>,
    /// Where to stand once there; the node's centroid when `None`, or on terrain, this point.
    pub point: Option<Point>,
    pub options: RouteOptions,
}

/// The least time a building's stairs and exits need to pass its people, whatever they do: the
/// hydraulic (flow-limited) bound of the SFPE Handbook's evacuation calculation. For every
/// floor level, everyone above it must pass the stairs that lead down across it; and everyone
/// must pass the exits. The largest of these quotients (people ÷ persons per second) is the
/// bound; walking time comes on top.
#[derive(Clone, Debug, PartialEq)]
pub struct FlowBound {
    pub minimum_s: f64,
    pub people: u32,
    pub flow_pps: f64,
    /// The ids of the links of the limiting cut (the stairs down from a floor, or the exits).
    pub through: Vec<String>,
}

impl NavGraph {
    /// The flow bound for people starting at `starts` (node indices); `None` on open sites or
    /// when nobody starts inside.
    pub fn flow_bound(&self, starts: &[usize]) -> Option<FlowBound> {
        let inside: Vec<usize> = starts
            .iter()
            .copied()
            .filter(|&n| matches!(self.nodes[n].kind, NodeKind::Space { .. }))
            .collect();
        if inside.is_empty() {
            return None;
        }
        let mut levels: Vec<f64> = inside.iter().map(|&n| self.elevation(n)).collect();
        levels.sort_by(f64::total_cmp);
        levels.dedup();
        let mut cuts: Vec<(u32, Vec<usize>)> = Vec::new();
        for &z in levels.iter().filter(|&&z| z > 0.0) {
            let people = inside.iter().filter(|&&n| self.elevation(n) >= z).count() as u32;
            let links = (0..self.links.len())
                .filter(|&l| {
                    let k = &self.links[l];
                    matches!(k.kind, LinkKind::Stair { .. })
                        && !k.blocked
                        && (self.elevation(k.a) >= z) != (self.elevation(k.b) >= z)
                })
                .collect();
            cuts.push((people, links));
        }
        let exits = (0..self.links.len())
            .filter(|&l| self.links[l].kind == LinkKind::Exit && !self.links[l].blocked)
            .collect();
        cuts.push((inside.len() as u32, exits));
        cuts.into_iter()
            .map(|(people, links)| {
                let flow: f64 = links.iter().map(|&l| self.links[l].flow_pps).sum();
                FlowBound {
                    minimum_s: if flow > 0.0 {
                        f64::from(people) / flow
                    } else {
                        f64::INFINITY
                    },
                    people,
                    flow_pps: flow,
                    through: links.iter().map(|&l| self.links[l].id.clone()).collect(),
                }
            })
            .max_by(|a, b| a.minimum_s.total_cmp(&b.minimum_s))
    }
}

pub use super::kernel::{Milestone, Motion, Network, Walker};

#[cfg(test)]
mod tests {
    use super::*;

    /// Two rooms joined by a 1 m door; the far room is open ground.
    fn two_rooms() -> NavGraph {
        let mut g = NavGraph::default();
        g.add_node(
            "room",
            NodeKind::Space {
                floor: 0,
                elevation_m: 0.0,
            },
            vec![(0.0, 0.0), (8.0, 0.0), (8.0, 5.0), (0.0, 5.0)],
        );
        g.add_node(
            "yard",
            NodeKind::Outdoor,
            vec![(8.0, 0.0), (20.0, 0.0), (20.0, 5.0), (8.0, 5.0)],
        );
        let flow = opening_flow_pps(1.0, DOOR_FLOW_PPSM);
        g.add_link(
            "exit",
            LinkKind::Exit,
            0,
            1,
            (8.0, 2.5),
            (8.0, 2.5),
            1.0,
            flow,
        );
        g
    }

    #[test]
    fn a_blocked_door_reroutes_or_strands() {
        let mut g = two_rooms();
        let flow = opening_flow_pps(1.0, DOOR_FLOW_PPSM);
        g.add_link(
            "exit2",
            LinkKind::Exit,
            0,
            1,
            (4.0, 5.0),
            (4.0, 5.0),
            1.0,
            flow,
        );
        let mut net = Network::new(g);
        let p = net.add(0, (7.0, 2.5), 1.0, true);
        let goal = Goal {
            nodes: vec![1],
            point: None,
            options: RouteOptions::default(),
        };
        assert!(net.send(p, goal));
        assert!(net.set_blocked(0, true).is_empty());
        assert_eq!(
            net.walkers[p].route(),
            &std::collections::VecDeque::from([1])
        );
        assert_eq!(net.set_blocked(1, true), vec![p]);
    }
}
