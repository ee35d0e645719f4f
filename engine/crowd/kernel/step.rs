//! The step: proposals accepted, limited at an opening's flow limit, or refused at a wall;
//! people through openings, onto stairs and into lifts, and off them again.

use super::proposal::Proposal;
use super::{
    ARRIVE_M, KEEP_CLEAR_EVERY, KEEP_CLEAR_M, MAKE_WAY_MPS, Milestone, Motion, Network, PLACE_M,
    PLACE_NEAR_M, SETTLE_FAR_S, SETTLE_S, WAYPOINT_M, ZONE_ENTER_M, group_radius_m, normalise,
    smoke_speed_factor, spread,
};
use crate::crowd::network::{LinkKind, REFERENCE_SPEED_MPS, STAIR_DOWN_MPS, STAIR_UP_MPS};
use crate::crowd::space::Gate;
use crate::scenario::geometry::{contains, dist, point_segment};
use crate::scenario::schema::Point;

impl Network {
    /// Advance everyone by `dt_s`; milestones go to `out` in person order.
    pub fn step(&mut self, dt_s: f64, tick: u64, out: &mut Vec<Milestone>) {
        for (l, link) in self.graph.links.iter().enumerate() {
            self.credit[l] =
                (self.credit[l] + link.flow_pps * dt_s).min(1.0 + link.flow_pps * dt_s);
        }
        self.count_approaching();
        self.unjam_openings(dt_s);
        self.reconsider_routes(dt_s, tick);
        self.build_hash();
        let n = self.walkers.len();
        let mut prop = std::mem::take(&mut self.scratch.prop);
        prop.clear();
        for p in 0..n {
            let down = self.walkers[p].down_s > 0.0;
            prop.push(if self.walkers[p].motion == Motion::Walk && !down {
                self.propose(p, dt_s)
            } else {
                Proposal {
                    to: self.walkers[p].pos,
                    speed: 0.0,
                    dir: (0.0, 0.0),
                    blocker: u32::MAX,
                    want: (0.0, 0.0),
                }
            });
        }
        for (p, pr) in prop.iter().enumerate() {
            match self.walkers[p].motion {
                // Someone down lies still: no progress is asked of them meanwhile.
                Motion::Walk if self.walkers[p].down_s > 0.0 => {
                    self.walkers[p].down_s = (self.walkers[p].down_s - dt_s).max(0.0);
                }
                Motion::Walk => self.apply(p, pr, dt_s, tick, out),
                // Down on a stair flight: where they are on it, until they get up.
                Motion::Traverse { .. } if self.walkers[p].down_s > 0.0 => {
                    self.walkers[p].down_s = (self.walkers[p].down_s - dt_s).max(0.0);
                }
                Motion::Traverse { link, remaining_s } => {
                    if remaining_s > dt_s {
                        self.walkers[p].motion = Motion::Traverse {
                            link,
                            remaining_s: remaining_s - dt_s,
                        };
                    } else {
                        self.land(p, link);
                    }
                }
                // A slow drift: looked at every `KEEP_CLEAR_EVERY` ticks, in turn.
                Motion::Still if (tick + p as u64).is_multiple_of(KEEP_CLEAR_EVERY) => {
                    self.keep_clear(p, dt_s * KEEP_CLEAR_EVERY as f64);
                }
                Motion::Still => {}
            }
        }
        // Once everyone has moved: those in a walker's way step aside.
        for (p, pr) in prop.iter().enumerate() {
            if pr.blocker != u32::MAX && self.walkers[p].motion == Motion::Walk {
                self.make_way(p, pr, dt_s);
            }
        }
        self.squeeze_past(&prop, out);
        self.scratch.prop = prop;
    }

    /// Two people held up face to face, each the other's obstacle, squeeze past each other:
    /// they change places (through the opening between them if there is one, within its flow
    /// limit). Without this a dense crowd meeting another in a doorway locks for good, which
    /// people do not (NIST TN 1822 2.8).
    fn squeeze_past(&mut self, prop: &[Proposal], out: &mut Vec<Milestone>) {
        for p in 0..prop.len() {
            let j = prop[p].blocker as usize;
            if j >= prop.len() {
                continue;
            }
            let (a, b) = (&self.walkers[p], &self.walkers[j]);
            let (da, db) = (prop[p].want, prop[j].want);
            if !a.held_up()
                || !b.held_up()
                || da.0 * db.0 + da.1 * db.1 > -0.5
                || dist(a.pos, b.pos) > 0.8
            {
                continue;
            }
            let (pa, pb) = (a.pos, b.pos);
            if a.node == b.node {
                self.walkers[p].pos = pb;
                self.walkers[j].pos = pa;
            } else {
                // Across an opening: only through the one both are going through.
                let (Some(&la), Some(&lb)) = (a.route.front(), b.route.front()) else {
                    continue;
                };
                let link = &self.graph.links[la];
                let across = la == lb && (link.other(a.node) == b.node);
                if !across || !matches!(link.kind, LinkKind::Door | LinkKind::Exit) {
                    continue;
                }
                if self.credit[la] < 1.0 {
                    continue;
                }
                self.credit[la] -= 2.0;
                self.pass(p, la, pb, (0.0, 0.0), out);
                self.pass(j, la, pa, (0.0, 0.0), out);
            }
            self.walkers[p].blocked_s = 0.0;
            self.walkers[j].blocked_s = 0.0;
        }
    }

    /// Two or more held up right at one opening, coming at it from either side along its wall
    /// (two wheelchairs at a narrow door, each pressing the other back): the first (by index)
    /// goes first, and those facing them back off a step. Uses last step's proposals.
    fn unjam_openings(&mut self, dt_s: f64) {
        let n = self.walkers.len();
        if self.scratch.prop.len() != n {
            return;
        }
        let mut first = std::mem::take(&mut self.scratch.first_at);
        first.clear();
        first.resize(self.graph.links.len(), u32::MAX);
        let at_gate = |net: &Network, p: usize| -> Option<usize> {
            let w = &net.walkers[p];
            let &l = w.route.front()?;
            let from_a = net.graph.links[l].a == w.node;
            (w.held_up() && net.geom.gates[l].distance(w.pos, from_a) < w.radius_m + 0.3)
                .then_some(l)
        };
        for p in 0..n {
            if let Some(l) = at_gate(self, p)
                && first[l] == u32::MAX
            {
                first[l] = p as u32;
            }
        }
        for p in 0..n {
            let Some(l) = at_gate(self, p) else {
                continue;
            };
            let f = first[l] as usize;
            if f == p {
                continue;
            }
            let (wf, wp) = (self.scratch.prop[f].want, self.scratch.prop[p].want);
            let (pf, pp) = (self.walkers[f].pos, self.walkers[p].pos);
            if wf.0 * wp.0 + wf.1 * wp.1 > -0.5 || dist(pf, pp) > 1.0 {
                continue;
            }
            let back = normalise((pp.0 - pf.0, pp.1 - pf.1));
            let step = MAKE_WAY_MPS * dt_s;
            let to = (pp.0 + step * back.0, pp.1 + step * back.1);
            if self.room_to_move(self.walkers[p].node, pp, to) {
                self.walkers[p].pos = to;
            }
        }
        self.scratch.first_at = first;
    }

    /// The opening of `node` that `x` stands within `KEEP_CLEAR_M` of: the direction away from
    /// it into the node.
    pub(super) fn by_an_opening(&self, node: usize, x: Point) -> Option<Point> {
        self.graph.links_of(node).iter().find_map(|&l| {
            let Gate::Segment { p0, p1, normal } = self.geom.gates[l] else {
                return None;
            };
            let (d, t) = point_segment(x, p0, p1);
            if d >= KEEP_CLEAR_M {
                return None;
            }
            let inward = if self.graph.links[l].b == node {
                normal
            } else {
                (-normal.0, -normal.1)
            };
            let q = (p0.0 + (p1.0 - p0.0) * t, p0.1 + (p1.1 - p0.1) * t);
            let away = normalise((x.0 - q.0, x.1 - q.1));
            Some(if away.0 * inward.0 + away.1 * inward.1 > 0.1 {
                away
            } else {
                inward
            })
        })
    }

    /// Whether someone in `node` may be moved from `from` to `to`: inside a building space's
    /// polygon, or on open ground without going through a building's wall.
    fn room_to_move(&self, node: usize, from: Point, to: Point) -> bool {
        let space = &self.geom.spaces[node];
        if space.confined {
            contains(&self.graph.nodes[node].polygon, to)
        } else {
            space.wall_crossed(from, to).is_none()
        }
    }

    /// Someone standing on open ground by an opening steps away from it.
    fn keep_clear(&mut self, p: usize, dt_s: f64) {
        let (node, pos) = (self.walkers[p].node, self.walkers[p].pos);
        if self.geom.spaces[node].confined || self.walkers[p].down_s > 0.0 {
            return;
        }
        let Some(away) = self.by_an_opening(node, pos) else {
            return;
        };
        let step = MAKE_WAY_MPS * dt_s;
        let to = (pos.0 + step * away.0, pos.1 + step * away.1);
        if self.room_to_move(node, pos, to) {
            self.walkers[p].pos = to;
        }
    }

    /// Accept, limit or refuse one walker's proposed move.
    #[allow(clippy::too_many_arguments)]
    fn apply(&mut self, p: usize, prop: &Proposal, dt_s: f64, tick: u64, out: &mut Vec<Milestone>) {
        let (q, v, e) = (prop.to, prop.speed, prop.dir);
        let pos = self.walkers[p].pos;
        let node = self.walkers[p].node;
        if let Some(&l) = self.walkers[p].route.front() {
            let from_a = self.graph.links[l].a == node;
            let gate = &self.geom.gates[l];
            if gate.distance(pos, from_a) < 1.0 && self.walkers[p].reported != Some(l) {
                self.walkers[p].reported = Some(l);
                self.first_reached[l].get_or_insert(tick);
                out.push(Milestone::Reached { person: p, link: l });
            }
            let crossing = match *gate {
                Gate::Segment { p0, p1, normal } => {
                    let n = if from_a {
                        normal
                    } else {
                        (-normal.0, -normal.1)
                    };
                    let side = |x: Point| (x.0 - p0.0) * n.0 + (x.1 - p0.1) * n.1;
                    let (before, after) = (side(pos), side(q));
                    if after >= 0.0 {
                        let f = if before < 0.0 {
                            before / (before - after)
                        } else {
                            0.0
                        };
                        let c = (pos.0 + (q.0 - pos.0) * f, pos.1 + (q.1 - pos.1) * f);
                        (point_segment(c, p0, p1).0 < 0.05).then_some((c, n))
                    } else {
                        None
                    }
                }
                Gate::Zone { .. } => {
                    let (at, _) = gate.aim(q, self.walkers[p].radius_m, from_a, false);
                    (dist(q, at) < ZONE_ENTER_M).then_some((q, (0.0, 0.0)))
                }
            };
            if let Some((c, n)) = crossing {
                if self.credit[l] >= 1.0 {
                    self.credit[l] -= 1.0;
                    self.pass(p, l, c, n, out);
                } else {
                    // The opening is at its flow limit: wait at it.
                    let w = &mut self.walkers[p];
                    w.heading = e;
                    w.speed_mps = 0.0;
                }
                return;
            }
        }
        let space = &self.geom.spaces[node];
        let accepted = if space.confined {
            let poly = &self.graph.nodes[node].polygon;
            if contains(poly, q) {
                Some(q)
            } else {
                // Into a wall: slide along the nearest one, else along an axis, else stay.
                let along_wall = space
                    .walls
                    .iter()
                    .min_by(|a, b| {
                        point_segment(q, a.0, a.1)
                            .0
                            .total_cmp(&point_segment(q, b.0, b.1).0)
                    })
                    .map_or(pos, |&(a, b)| {
                        let t = normalise((b.0 - a.0, b.1 - a.1));
                        let m = (q.0 - pos.0) * t.0 + (q.1 - pos.1) * t.1;
                        (pos.0 + m * t.0, pos.1 + m * t.1)
                    });
                [along_wall, (q.0, pos.1), (pos.0, q.1)]
                    .into_iter()
                    .find(|&c| contains(poly, c))
            }
        } else {
            // Open ground: round the buildings on it, along a wall one would walk into.
            match space.wall_crossed(pos, q) {
                None => Some(q),
                Some((a, b)) => {
                    let t = normalise((b.0 - a.0, b.1 - a.1));
                    let m = (q.0 - pos.0) * t.0 + (q.1 - pos.1) * t.1;
                    let slide = (pos.0 + m * t.0, pos.1 + m * t.1);
                    space.wall_crossed(pos, slide).is_none().then_some(slide)
                }
            }
        };
        let new = accepted.unwrap_or(pos);
        let moved = dist(pos, new);
        let arrived_here = self.arrived[node];
        // (Only asked of those on the last stretch to their goal: it costs a look at every opening.)
        let by_an_opening =
            self.walkers[p].route.is_empty() && self.by_an_opening(node, new).is_some();
        // On the last stretch to a goal point: a place in the group there (the first to come
        // stands on the point itself).
        let w = &self.walkers[p];
        if w.route.is_empty()
            && w.legs.len() <= 1
            && w.place.is_none()
            && let Some(point) = w.goal.as_ref().and_then(|g| g.point).or_else(|| {
                // A space or area as the goal: its middle.
                let node = &self.graph.nodes[node];
                (node.polygon.len() >= 3).then_some(node.centroid)
            })
        {
            let g = self.group_at(node, point);
            let place = self.take_place(g);
            let w = &mut self.walkers[p];
            w.place = place;
            w.reset_progress();
        }
        let w = &mut self.walkers[p];
        w.pos = new;
        w.heading = e;
        w.speed_mps = if accepted.is_some() {
            v.min(moved / dt_s)
        } else {
            0.0
        };
        // Held up: making no headway the way one wants to go.
        let headway = w.speed_mps * (e.0 * prop.want.0 + e.1 * prop.want.1);
        w.blocked_s = if headway < 0.05 {
            w.blocked_s + dt_s
        } else {
            0.0
        };
        if !w.route.is_empty() {
            return;
        }
        if w.legs.len() > 1 {
            // At a bend, or held off it by others there: on to the next leg.
            let d = dist(w.pos, w.legs[0].to);
            if w.stalled(d, dt_s) || d < WAYPOINT_M {
                w.legs.pop_front();
                w.reset_progress();
            }
            return;
        }
        let target = w
            .place
            .or_else(|| w.goal.as_ref().and_then(|g| g.point))
            .unwrap_or(self.graph.nodes[node].centroid);
        // No closer to the goal for a while: one has joined those standing round it.
        let d = dist(w.pos, target);
        // Those already there stand round the goal at about 2 p/m²: the edge of that group is
        // arriving too, and so is someone held up close to it. Nobody settles by an opening.
        let stalled_s = w.stalled_for(d, dt_s);
        let settles = if w.place.is_some() {
            // At one's place, or held up close to it, or long held up out of the way.
            d < PLACE_M
                || (stalled_s >= SETTLE_S && d < PLACE_NEAR_M)
                || (stalled_s >= SETTLE_FAR_S && !by_an_opening)
        } else {
            (stalled_s >= SETTLE_S && !by_an_opening) || d < ARRIVE_M + group_radius_m(arrived_here)
        };
        if settles {
            w.motion = Motion::Still;
            w.goal = None;
            w.place = None;
            w.legs.clear();
            w.heading = (0.0, 0.0);
            w.speed_mps = 0.0;
            w.reset_progress();
            self.arrived[node] += 1;
            out.push(Milestone::Arrived { person: p, node });
        }
    }

    /// Someone standing still, or waiting facing the other way, who blocks a walker steps
    /// aside (people in a waiting crowd make way, and a crowd at a door lets those coming the
    /// other way through), if there is room beside them.
    fn make_way(&mut self, p: usize, prop: &Proposal, dt_s: f64) {
        let j = prop.blocker as usize;
        if prop.speed > 0.05 || j >= self.walkers.len() {
            return;
        }
        let them = &self.walkers[j];
        let facing = them.heading.0 * prop.dir.0 + them.heading.1 * prop.dir.1 < -0.5;
        let waiting = them.motion == Motion::Walk && them.speed_mps < 0.05 && facing;
        if them.motion != Motion::Still && !waiting {
            return;
        }
        // Someone joining a group at its goal stops at its edge: nobody steps aside for them.
        if self.walkers[p].joining_group() {
            return;
        }
        let (me, them) = (self.walkers[p].pos, self.walkers[j].pos);
        let e = prop.dir;
        // Aside, perpendicular to the walker's way, on the side they already stand.
        let cross = e.0 * (them.1 - me.1) - e.1 * (them.0 - me.0);
        let side = if cross >= 0.0 {
            (-e.1, e.0)
        } else {
            (e.1, -e.0)
        };
        let step = MAKE_WAY_MPS * dt_s;
        let to = (them.0 + step * side.0, them.1 + step * side.1);
        if self.room_to_move(self.walkers[j].node, them, to) {
            self.walkers[j].pos = to;
        }
    }

    /// Through an opening at `c` (outward normal `n`): into the next space, or onto a stair or
    /// into a lift.
    fn pass(&mut self, p: usize, l: usize, c: Point, n: Point, out: &mut Vec<Milestone>) {
        out.push(Milestone::Passed { person: p, link: l });
        self.passed[l] += 1;
        let link = &self.graph.links[l];
        let node = self.walkers[p].node;
        let to = if link.a == node { link.b } else { link.a };
        let traverse_s = match link.kind {
            LinkKind::Stair {
                run_m,
                up_mps,
                down_mps,
            } => {
                let w = &self.walkers[p];
                let up = self.graph.elevation(to) > self.graph.elevation(node);
                let scale = w.free_speed_mps / REFERENCE_SPEED_MPS;
                let v = if up {
                    up_mps.unwrap_or(STAIR_UP_MPS * scale)
                } else {
                    down_mps.unwrap_or(STAIR_DOWN_MPS * scale * w.stair_down_factor)
                };
                // Wheelchair users are carried down by helpers (evacuation chair pace).
                let v = if w.can_climb { v } else { v.min(0.2) };
                let v =
                    v * smoke_speed_factor(self.smoke_k[node].max(w.smoke_k)) * self.footing[node];
                run_m / v.max(0.05)
            }
            LinkKind::Lift { trip_s } => trip_s,
            LinkKind::Door | LinkKind::Exit => 0.0,
        };
        let w = &mut self.walkers[p];
        w.route.pop_front();
        w.reported = None;
        w.came_by = Some(l);
        if traverse_s > 0.0 {
            w.pos = c;
            w.motion = Motion::Traverse {
                link: l,
                remaining_s: traverse_s,
            };
            return;
        }
        let inside =
            |x: Point| !self.geom.spaces[to].confined || contains(&self.graph.nodes[to].polygon, x);
        let candidates = [
            (c.0 + 0.1 * n.0, c.1 + 0.1 * n.1),
            (c.0 + 0.3 * n.0, c.1 + 0.3 * n.1),
            link.at(to),
        ];
        let np = candidates
            .into_iter()
            .find(|&x| inside(x))
            .unwrap_or(self.graph.nodes[to].centroid);
        let w = &mut self.walkers[p];
        w.node = to;
        w.pos = np;
        w.reset_progress();
    }

    /// Off a stair flight or out of a lift, on the other side.
    fn land(&mut self, p: usize, l: usize) {
        let link = &self.graph.links[l];
        let node = self.walkers[p].node;
        let to = if link.a == node { link.b } else { link.a };
        let base = self.geom.gates[l].centre(link.a == to);
        let o = spread(p);
        let spot = (base.0 + o.0, base.1 + o.1);
        let ok = !self.geom.spaces[to].confined || contains(&self.graph.nodes[to].polygon, spot);
        let w = &mut self.walkers[p];
        w.node = to;
        w.pos = if ok { spot } else { base };
        w.reset_progress();
        w.motion = if w.goal.is_some() {
            Motion::Walk
        } else {
            Motion::Still
        };
    }
}
