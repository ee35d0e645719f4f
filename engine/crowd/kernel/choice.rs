//! Choosing the quicker way while walking: the queue at each opening counts.
//!
//! Model: the quickest-path route choice of Kemloh Wagoum, Seyfried & Holl (2012, "Modeling the
//! dynamic route choice of pedestrians to assess the criticality of building evacuation",
//! *Advances in Complex Systems* 15) in its simplest form: every couple of seconds a walker
//! compares, for each opening of the space they are in, the walk to it, the wait in the queue
//! before it (the people nearer to it than oneself, at its flow limit) and the way on from it to
//! the goal, and changes to another opening only when that saves a clear margin. So most people
//! take the near exit and, as its queue grows, those at the back go to the far one (RiMEA 11).

use super::{APPROACH_M, Motion, Network};
use crate::crowd::network::{RouteOptions, WHEELCHAIR_MIN_WIDTH_M};
use crate::scenario::geometry::dist;

/// How often each walker looks again.
const RECONSIDER_S: f64 = 2.0;
/// Another way must save this much (in metres of walking, waits included) ...
const SWITCH_MARGIN_M: f64 = 5.0;
/// ... and this share of the way one is on.
const SWITCH_SHARE: f64 = 0.15;
/// Queue histogram: bins of this width from each opening.
pub(super) const QUEUE_BIN_M: f64 = 0.5;
pub(super) const QUEUE_BINS: usize = 64;

/// The cost-to-go table of one goal (its nodes and route options).
#[derive(Clone, Debug)]
pub(super) struct ToGo {
    nodes: Vec<usize>,
    options: RouteOptions,
    cost: Vec<f64>,
    next: Vec<usize>,
}

impl Network {
    /// People heading for link `l` who are nearer to it than `d_m`.
    fn queue_ahead(&self, l: usize, d_m: f64) -> u32 {
        // The bins hold running totals (`count_approaching`).
        let k = ((d_m / QUEUE_BIN_M) as usize).min(QUEUE_BINS);
        match k {
            0 => 0,
            k => self.scratch.queue[l * QUEUE_BINS + k - 1],
        }
    }

    /// The table for a goal, computed on first use (and after any link opens or closes).
    fn table_for(&mut self, nodes: &[usize], options: RouteOptions) -> usize {
        if let Some(i) = self
            .to_go
            .iter()
            .position(|t| t.options == options && t.nodes == nodes)
        {
            return i;
        }
        let (cost, next) = self.graph.cost_to_go(nodes, options);
        self.to_go.push(ToGo {
            nodes: nodes.to_vec(),
            options,
            cost,
            next,
        });
        self.to_go.len() - 1
    }

    /// Those whose turn it is this tick look for a quicker way out of the space they are in.
    pub(super) fn reconsider_routes(&mut self, dt_s: f64, tick: u64) {
        let every = ((RECONSIDER_S / dt_s).round() as u64).max(1);
        for p in 0..self.walkers.len() {
            if (tick + p as u64).is_multiple_of(every) {
                self.reconsider(p);
            }
        }
    }

    fn reconsider(&mut self, p: usize) {
        let w = &self.walkers[p];
        let Some(&current) = w.route.front() else {
            return;
        };
        if w.motion != Motion::Walk || w.down_s > 0.0 || w.leader.is_some() {
            return;
        }
        let node = w.node;
        if self.graph.links_of(node).len() < 2 {
            return;
        }
        let from_a = self.graph.links[current].a == node;
        if self.geom.gates[current].distance(w.pos, from_a) < APPROACH_M {
            return;
        }
        let Some(goal) = w.goal.as_ref() else {
            return;
        };
        let mut options = goal.options;
        if !w.can_climb {
            options.min_width_m = options.min_width_m.max(WHEELCHAIR_MIN_WIDTH_M);
        }
        let nodes = std::mem::take(&mut self.scratch.goal_nodes);
        let mut nodes = nodes;
        nodes.clear();
        nodes.extend_from_slice(&goal.nodes);
        let t = self.table_for(&nodes, options);
        self.scratch.goal_nodes = nodes;
        let w = &self.walkers[p];
        let (pos, v0, came_by) = (w.pos, w.free_speed_mps.max(0.1), w.came_by);
        let cost_of = |l: usize| {
            let link = &self.graph.links[l];
            let from_a = link.a == node;
            let d = self.geom.gates[l].distance(pos, from_a);
            let s = self.graph.crossing(l, node);
            let wait_s = f64::from(self.queue_ahead(l, d)) / link.flow_pps.max(1e-3);
            dist(pos, link.at(node))
                + self.graph.traverse_length(l)
                + self.to_go[t].cost[s]
                + wait_s * v0
        };
        let now = cost_of(current);
        let mut best = (now, current);
        for &l in self.graph.links_of(node) {
            if l != current && Some(l) != came_by && self.graph.allowed(l, options) {
                let c = cost_of(l);
                if c < best.0 {
                    best = (c, l);
                }
            }
        }
        let (c, l) = best;
        if l == current || !c.is_finite() || c > now - SWITCH_MARGIN_M.max(SWITCH_SHARE * now) {
            return;
        }
        // The new way: this opening, then on by the table.
        let w = &mut self.walkers[p];
        w.route.clear();
        let mut s = self.graph.crossing(l, node);
        w.route.push_back(l);
        for _ in 0..self.graph.links.len() {
            let n = self.to_go[t].next[s];
            if n == usize::MAX {
                break;
            }
            w.route.push_back(n);
            let at = &self.graph.links[s / 2];
            let v = if s % 2 == 1 { at.b } else { at.a };
            s = self.graph.crossing(n, v);
        }
        w.reported = None;
        w.reset_progress();
    }
}
