//! Where people are and where they can be sent: site references resolved to places in the
//! network, the nearest refuge, a lift's ground stop, the point a walk takes someone to, and
//! who stands where for a head count.

use super::People;
use crate::crowd::behaviour;
use crate::crowd::network::{Goal, NavGraph, NodeKind, RouteOptions, centroid};
use crate::journal::events::PlaceKind;
use crate::scenario::geometry::{contains, dist};
use crate::scenario::schema::{Door, Point, Scenario, ShelterKind, Site, SiteRef};

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

    pub(super) fn node_place_kind(&self, n: usize) -> PlaceKind {
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
                .filter(|s| {
                    kind_of_shelter(s.kind).counts_as(kind) || kind == PlaceKind::OpenGround
                })
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
        // On a fire, a safety zone the wind blows towards comes last: one within the escape
        // rule's 45° of downwind and a margin of 10° more, so that a walk along that boundary
        // does not flip the choice back and forth. One already reached (within 50 m of its
        // centre) has no direction.
        let downwind = |t: &Target| {
            kind == PlaceKind::SafetyZone
                && self.downwind_deg.zip(t.goal.point).is_some_and(|(w, q)| {
                    crate::scenario::geometry::dist(here, q) > 50.0
                        && crate::hazards::fire::shape::off_wind_deg(
                            crate::scenario::geometry::bearing_deg(here, q),
                            w,
                        ) <= crate::hazards::fire::shape::DOWNWIND_HALF_DEG + 10.0
                })
        };
        candidates.into_iter().min_by(|a, b| {
            let d = |t: &Target| {
                t.goal
                    .point
                    .map_or(f64::INFINITY, |q| crate::scenario::geometry::dist(here, q))
            };
            downwind(a).cmp(&downwind(b)).then(d(a).total_cmp(&d(b)))
        })
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

    /// The blocked doors that can be forced (those with a `force_s`): the door, its link and
    /// its force time.
    fn jammed_doors(&self) -> impl Iterator<Item = (&Door, usize, f64)> {
        let doors = match &self.scenario.site {
            Site::Building(b) => b.doors.as_slice(),
            Site::Terrain(_) => &[],
        };
        let g = self.graph();
        doors.iter().filter_map(move |d| {
            let force_s = d.force_s?;
            let l = g.link(&d.id)?;
            g.links[l].blocked.then_some((d, l, force_s))
        })
    }

    /// A blocked door person `p` can force from where they are (`named`, or the nearest): one
    /// with a `force_s`, joining the space they are in. Its link, id, centre and force time.
    pub fn jammed_door(
        &self,
        p: usize,
        named: Option<&str>,
    ) -> Option<(usize, String, Point, f64)> {
        let g = self.graph();
        let w = &self.net.walkers[p];
        self.jammed_doors()
            .filter(|(d, l, _)| {
                let link = &g.links[*l];
                named.is_none_or(|n| n == d.id) && (link.a == w.node || link.b == w.node)
            })
            .map(|(d, l, force_s)| (l, d.id.clone(), d.at, force_s))
            .min_by(|x, y| dist(w.pos, x.2).total_cmp(&dist(w.pos, y.2)))
    }

    /// Where a stair guide posts on the landing of stair `id`: in the stairwell it leads up to,
    /// out of the way (`aside_in`), so the guide stands beside the way, not on it.
    pub fn landing_post(&self, id: &str) -> Option<Target> {
        let mut t = self.target(&SiteRef::Stair(id.to_string()))?;
        let &node = t.goal.nodes.first()?;
        t.goal.point = Some(self.aside_in(node)?);
        Some(t)
    }

    /// A place to stand in space `node` out of everyone's way: the corner (0.5 m in from the
    /// walls) farthest from every opening of the space — its doors, exits and stair gates.
    pub fn aside_in(&self, node: usize) -> Option<Point> {
        let g = self.graph();
        let n = &g.nodes[node];
        let openings: Vec<Point> = g
            .links_of(node)
            .iter()
            .map(|&l| g.links[l].at(node))
            .collect();
        let clear = |p: Point| {
            openings
                .iter()
                .map(|&o| dist(o, p))
                .fold(f64::INFINITY, f64::min)
        };
        n.polygon
            .iter()
            .map(|&v| {
                let d = dist(v, n.centroid).max(1e-9);
                let k = (0.5 * std::f64::consts::SQRT_2 / d).min(1.0);
                (
                    v.0 + (n.centroid.0 - v.0) * k,
                    v.1 + (n.centroid.1 - v.1) * k,
                )
            })
            .filter(|&p| contains(&n.polygon, p))
            .max_by(|&a, &b| clear(a).total_cmp(&clear(b)))
    }

    /// The space to stand in to force a blocked door (one with a `force_s`) that person `p`
    /// can walk to: of the sides of such doors they can reach, the one whose door is nearest.
    pub fn jammed_door_side(&self, p: usize) -> Option<String> {
        let g = self.graph();
        let w = &self.net.walkers[p];
        self.jammed_doors()
            .filter_map(|(d, l, _)| {
                let link = &g.links[l];
                let side = [link.a, link.b]
                    .into_iter()
                    .find(|&n| g.route(w.node, w.pos, &[n], Default::default()).is_some())?;
                Some((dist(w.pos, d.at), g.nodes[side].id.clone()))
            })
            .min_by(|x, y| x.0.total_cmp(&y.0))
            .map(|x| x.1)
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
                if w.node == here
                    && person.state == behaviour::PersonState::Still
                    && self.near(p, m)
                {
                    present += 1;
                }
            }
        }
        (present, expected)
    }

    /// On terrain everyone is in one node: "here" means within reach of a head count.
    fn near(&self, a: usize, b: usize) -> bool {
        self.building
            || behaviour::within_head_count_reach(crate::scenario::geometry::dist(
                self.net.walkers[a].pos,
                self.net.walkers[b].pos,
            ))
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
