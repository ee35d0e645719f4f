//! Route choice: where each walker is sent, where they stop, what happens when a link or a
//! road closes, and which way they want to go.

use super::{APPROACH_M, DOORWAY_CLEAR_M, Motion, Network, Walker, normalise};
use crate::crowd::network::{Goal, WHEELCHAIR_MIN_WIDTH_M};
use crate::crowd::roads::Leg;
use crate::crowd::space::Gate;
use crate::scenario::geometry::{contains, point_segment};
use crate::scenario::schema::Point;
use std::collections::VecDeque;

impl Network {
    /// Send a person towards a goal. `false` if nothing open leads there.
    pub fn send(&mut self, p: usize, goal: Goal) -> bool {
        let w = &self.walkers[p];
        let mut options = goal.options;
        if !w.can_climb {
            options.min_width_m = options.min_width_m.max(WHEELCHAIR_MIN_WIDTH_M);
        }
        let Some(route) = self.graph.route(w.node, w.pos, &goal.nodes, options) else {
            let w = &mut self.walkers[p];
            w.goal = Some(goal);
            if !matches!(w.motion, Motion::Traverse { .. }) {
                w.motion = Motion::Still;
            }
            return false;
        };
        let legs = self.legs_to(self.walkers[p].node, self.walkers[p].pos, &route, &goal);
        let w = &mut self.walkers[p];
        w.route = route.into();
        w.legs = legs;
        w.goal = Some(goal);
        w.place = None;
        w.reset_progress();
        if !matches!(w.motion, Motion::Traverse { .. }) {
            w.motion = Motion::Walk;
        }
        true
    }

    /// Stop where one is (cover, staying behind, injured); nobody stops in a doorway: one
    /// steps clear of it into the space first.
    pub fn halt(&mut self, p: usize) {
        let (node, pos) = (self.walkers[p].node, self.walkers[p].pos);
        for &l in self.graph.links_of(node) {
            let Gate::Segment { p0, p1, normal } = self.geom.gates[l] else {
                continue;
            };
            let (d, _) = point_segment(pos, p0, p1);
            if d < DOORWAY_CLEAR_M {
                let inward = if self.graph.links[l].a == node {
                    (-normal.0, -normal.1)
                } else {
                    normal
                };
                // Aside, by the wall beyond the nearer jamb, out of the way of those using it.
                let (_, t) = point_segment(pos, p0, p1);
                let (jamb, away) = if t < 0.5 {
                    (p0, (p0.0 - p1.0, p0.1 - p1.1))
                } else {
                    (p1, (p1.0 - p0.0, p1.1 - p0.1))
                };
                let away = normalise(away);
                let aside = (
                    jamb.0 + DOORWAY_CLEAR_M * (away.0 + inward.0),
                    jamb.1 + DOORWAY_CLEAR_M * (away.1 + inward.1),
                );
                let side = (pos.0 - p0.0) * inward.0 + (pos.1 - p0.1) * inward.1;
                let step = DOORWAY_CLEAR_M - side.max(0.0);
                let back = (pos.0 + inward.0 * step, pos.1 + inward.1 * step);
                let inside = |x: Point| {
                    !self.geom.spaces[node].confined || contains(&self.graph.nodes[node].polygon, x)
                };
                if let Some(clear) = [aside, back].into_iter().find(|&x| inside(x)) {
                    self.walkers[p].pos = clear;
                }
            }
        }
        let w = &mut self.walkers[p];
        w.route.clear();
        w.legs.clear();
        w.goal = None;
        w.place = None;
        // Nobody stops on a flight half-way: finish it first, then stand.
        if !matches!(w.motion, Motion::Traverse { .. }) {
            w.motion = Motion::Still;
            w.heading = (0.0, 0.0);
            w.speed_mps = 0.0;
        }
    }

    /// Close (`true`) or reopen a link; everyone whose route used it re-routes from where they
    /// stand. Returns those who can no longer reach their goal.
    pub fn set_blocked(&mut self, link: usize, blocked: bool) -> Vec<usize> {
        self.graph.links[link].blocked = blocked;
        self.to_go.clear();
        let mut stranded = Vec::new();
        for p in 0..self.walkers.len() {
            let w = &self.walkers[p];
            let affected = match &w.goal {
                Some(_) if blocked => w.route.contains(&link),
                Some(_) => w.motion == Motion::Still || !w.route.is_empty(),
                None => false,
            };
            if !affected || matches!(w.motion, Motion::Traverse { .. }) {
                continue;
            }
            let mut goal = w.goal.clone().unwrap_or_else(unreachable_goal);
            if blocked {
                // The assigned route is broken: any exit will do now.
                goal.options.only_exit = None;
            }
            if !self.send(p, goal) {
                stranded.push(p);
            }
        }
        stranded
    }

    /// The road legs for a walk across open ground to the goal point (none elsewhere).
    fn legs_to(&self, node: usize, pos: Point, route: &[usize], goal: &Goal) -> VecDeque<Leg> {
        match goal.point {
            Some(to) if route.is_empty() && !self.geom.spaces[node].confined => {
                if self.graph.roads.is_empty() {
                    VecDeque::new()
                } else {
                    self.graph.roads.path(pos, to).into()
                }
            }
            _ => VecDeque::new(),
        }
    }

    /// Close or reopen a road of a terrain site; those walking re-plan from where they are.
    /// `false` if there is no such road.
    pub fn set_road_blocked(&mut self, road: &str, blocked: bool) -> bool {
        if !self.graph.roads.set_blocked(road, blocked) {
            return false;
        }
        self.replan_road_legs();
        true
    }

    /// Cut the stretches of road within `r_m` of `p` (burning ground); the roads newly cut.
    pub fn cut_roads_near(&mut self, p: Point, r_m: f64) -> Vec<String> {
        let cut = self.graph.roads.cut_near(p, r_m);
        if !cut.is_empty() {
            self.replan_road_legs();
        }
        cut
    }

    /// Everyone walking by road plans their legs again (a road closed or was cut).
    fn replan_road_legs(&mut self) {
        for p in 0..self.walkers.len() {
            let w = &self.walkers[p];
            if w.legs.is_empty() {
                continue;
            }
            let Some(goal) = w.goal.clone() else {
                continue;
            };
            let legs = self.legs_to(w.node, w.pos, &[], &goal);
            self.walkers[p].legs = legs;
        }
    }

    /// Where walker `p` walks to next across open ground: the end of their leg, or their goal
    /// point; `None` while still, or while their way runs through openings.
    pub fn heading_for(&self, p: usize) -> Option<Point> {
        let w = self.walkers.get(p)?;
        if !w.is_moving() || !w.route.is_empty() || self.geom.spaces[w.node].confined {
            return None;
        }
        w.legs
            .front()
            .map(|l| l.to)
            .or_else(|| w.goal.as_ref().and_then(|g| g.point))
    }

    /// Walk round something on open ground first (a fire's flames): `waypoints` before the
    /// rest of the way, the last one being where [`Network::heading_for`] pointed. `false`
    /// when the walker is not walking across open ground.
    pub fn go_round(&mut self, p: usize, waypoints: &[Point]) -> bool {
        if waypoints.is_empty() || self.heading_for(p).is_none() {
            return false;
        }
        // Without roads a walk has no legs and goes at the scenario's pace for its ground;
        // the detour keeps that pace.
        let on_road = self.graph.roads.is_empty();
        let w = &mut self.walkers[p];
        if w.legs.is_empty()
            && let Some(goal) = w.goal.as_ref().and_then(|g| g.point)
        {
            w.legs.push_back(Leg { to: goal, on_road });
        }
        // The walk's own leg ends where the detour ends: it is the last waypoint.
        for &to in waypoints[..waypoints.len() - 1].iter().rev() {
            w.legs.push_front(Leg { to, on_road });
        }
        w.place = None;
        w.reset_progress();
        true
    }

    /// Where a walker is heading: the next opening's aim point (and its outward normal), or the
    /// goal point.
    pub(super) fn target(&self, w: &Walker) -> (Point, Option<(usize, Point)>) {
        match w.route.front() {
            Some(&l) => {
                let from_a = self.graph.links[l].a == w.node;
                let lane = self.oncoming(l, from_a);
                let (q, n) = self.geom.gates[l].aim(w.pos, w.radius_m, from_a, lane);
                match n {
                    Some(n) => {
                        // Beside the opening, close to its wall: first in front of it, else
                        // one walks into the jamb.
                        let (ox, oy) = (w.pos.0 - q.0, w.pos.1 - q.1);
                        let off_line = ox * n.0 + oy * n.1;
                        let (bx, by) = (ox - off_line * n.0, oy - off_line * n.1);
                        let beside = (bx * bx + by * by).sqrt();
                        let ahead = if off_line > -1.0 {
                            (0.5 - 2.0 * beside).max(-0.3)
                        } else {
                            0.5
                        };
                        ((q.0 + ahead * n.0, q.1 + ahead * n.1), Some((l, n)))
                    }
                    None => (q, Some((l, (0.0, 0.0)))),
                }
            }
            None => {
                if let Some(place) = w.place {
                    return (place, None);
                }
                if let Some(leg) = w.legs.front() {
                    return (leg.to, None);
                }
                let g = w.goal.as_ref().and_then(|g| g.point);
                (g.unwrap_or(self.graph.nodes[w.node].centroid), None)
            }
        }
    }

    /// The desired direction of a walker, and the next link with its outward normal.
    pub(super) fn desired(&self, w: &Walker) -> (Point, Option<(usize, Point)>) {
        let (target, next) = self.target(w);
        if let Some((l, _)) = next {
            let from_a = self.graph.links[l].a == w.node;
            let far = self.geom.gates[l].distance(w.pos, from_a) > APPROACH_M;
            if far
                && let Some(d) = self.geom.spaces[w.node]
                    .field(l)
                    .and_then(|f| f.direction(w.pos))
            {
                return (d, next);
            }
        }
        (normalise((target.0 - w.pos.0, target.1 - w.pos.1)), next)
    }
}

fn unreachable_goal() -> Goal {
    Goal {
        nodes: Vec::new(),
        point: None,
        options: crate::crowd::network::RouteOptions::default(),
    }
}
