//! The roads of a terrain site as a walking network.
//!
//! People on a terrain site walk by road where that is quicker: off roads and paths they walk at
//! 3/5 of their speed (Tobler 1993, "Three presentations on geographical analysis and modeling",
//! the off-path factor of his hiking function). A path is the faster of the straight walk and
//! "to the nearest open road, along the roads, then across to the goal". Roads cross where
//! their centre lines cross or end within a metre of each other. A blocked road (flooded, cut by
//! fire) is left out of every path planned after it closes.

use crate::scenario::geometry::{dist, point_segment};
use crate::scenario::schema::{Point, Road};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Walking speed off roads relative to on them (Tobler 1993).
pub const OFF_ROAD_FACTOR: f64 = 0.6;
/// Ends of roads this close join.
const JOIN_M: f64 = 1.0;

#[derive(Clone, Debug)]
struct Edge {
    a: usize,
    b: usize,
    road: usize,
    len_m: f64,
}

/// One leg of a path: walk to `to`, on a road or across open ground.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Leg {
    pub to: Point,
    pub on_road: bool,
}

#[derive(Clone, Debug, Default)]
pub struct RoadNet {
    points: Vec<Point>,
    edges: Vec<Edge>,
    adj: Vec<Vec<usize>>,
    ids: Vec<String>,
    blocked: Vec<bool>,
    /// Per edge: cut where it passes (burning ground), the rest of its road still open.
    cut: Vec<bool>,
}

impl RoadNet {
    pub fn new(roads: &[Road]) -> RoadNet {
        let mut net = RoadNet {
            ids: roads.iter().map(|r| r.id.clone()).collect(),
            blocked: vec![false; roads.len()],
            ..RoadNet::default()
        };
        let segments: Vec<(usize, Point, Point)> = roads
            .iter()
            .enumerate()
            .flat_map(|(ri, r)| r.points.windows(2).map(move |w| (ri, w[0], w[1])))
            .collect();
        for (si, &(road, p, q)) in segments.iter().enumerate() {
            // Where other roads cross or touch this segment, as parameters along it.
            let mut cuts = vec![0.0, 1.0];
            for (sj, &(other, c, d)) in segments.iter().enumerate() {
                if si == sj || other == road {
                    continue;
                }
                if let Some(t) = crossing(p, q, c, d) {
                    cuts.push(t);
                }
                for end in [c, d] {
                    let (dd, t) = point_segment(end, p, q);
                    if dd <= JOIN_M {
                        cuts.push(t);
                    }
                }
            }
            cuts.sort_by(f64::total_cmp);
            cuts.dedup_by(|a, b| (*a - *b).abs() < 1e-9);
            let at = |t: f64| (p.0 + (q.0 - p.0) * t, p.1 + (q.1 - p.1) * t);
            for w in cuts.windows(2) {
                let (a, b) = (net.vertex(at(w[0])), net.vertex(at(w[1])));
                if a != b {
                    let len_m = dist(net.points[a], net.points[b]);
                    net.adj[a].push(net.edges.len());
                    net.adj[b].push(net.edges.len());
                    net.edges.push(Edge { a, b, road, len_m });
                    net.cut.push(false);
                }
            }
        }
        net
    }

    fn vertex(&mut self, p: Point) -> usize {
        if let Some(i) = self.points.iter().position(|&v| dist(v, p) <= JOIN_M) {
            return i;
        }
        self.points.push(p);
        self.adj.push(Vec::new());
        self.points.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.edges.is_empty()
    }

    /// Close or reopen a road by id; `false` if there is no such road.
    pub fn set_blocked(&mut self, id: &str, blocked: bool) -> bool {
        match self.ids.iter().position(|r| r == id) {
            Some(i) => {
                self.blocked[i] = blocked;
                true
            }
            None => false,
        }
    }

    /// Cut every stretch of road (between two junctions) passing within `r_m` of `p`: burning
    /// ground, not the whole road. The ids of the roads newly cut, each once.
    pub fn cut_near(&mut self, p: Point, r_m: f64) -> Vec<String> {
        let mut roads = Vec::new();
        for (i, e) in self.edges.iter().enumerate() {
            if self.cut[i] {
                continue;
            }
            let (d, _) = point_segment(p, self.points[e.a], self.points[e.b]);
            if d <= r_m {
                self.cut[i] = true;
                let id = &self.ids[e.road];
                if !roads.contains(id) {
                    roads.push(id.clone());
                }
            }
        }
        roads
    }

    fn open(&self, e: usize) -> bool {
        !self.blocked[self.edges[e].road] && !self.cut[e]
    }

    /// The nearest point of an open road: (edge, point, distance).
    fn nearest(&self, p: Point) -> Option<(usize, Point, f64)> {
        let mut best: Option<(usize, Point, f64)> = None;
        for (i, e) in self.edges.iter().enumerate() {
            if !self.open(i) {
                continue;
            }
            let (a, b) = (self.points[e.a], self.points[e.b]);
            let (d, t) = point_segment(p, a, b);
            if best.is_none_or(|x| d < x.2) {
                best = Some((i, (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t), d));
            }
        }
        best
    }

    /// The quickest way from `from` to `to`, as legs (the last ends at `to`).
    pub fn path(&self, from: Point, to: Point) -> Vec<Leg> {
        let direct = vec![Leg { to, on_road: false }];
        let (Some((e0, p0, d0)), Some((e1, p1, d1))) = (self.nearest(from), self.nearest(to))
        else {
            return direct;
        };
        let straight = dist(from, to) / OFF_ROAD_FACTOR;
        let off = (d0 + d1) / OFF_ROAD_FACTOR;
        if off >= straight {
            return direct;
        }
        // Dijkstra over the road vertices plus the entry (n) and the exit (n + 1).
        let n = self.points.len();
        let (entry, exit) = (n, n + 1);
        let mut best = vec![f64::INFINITY; n + 2];
        let mut via = vec![usize::MAX; n + 2];
        let mut heap = BinaryHeap::new();
        best[entry] = 0.0;
        heap.push(Reverse((0u64, entry)));
        let on_edge = |e: usize, p: Point| {
            let ed = &self.edges[e];
            [
                (ed.a, dist(p, self.points[ed.a])),
                (ed.b, dist(p, self.points[ed.b])),
            ]
        };
        while let Some(Reverse((_, u))) = heap.pop() {
            if u == exit {
                break;
            }
            let mut next: Vec<(usize, f64)> = Vec::new();
            if u == entry {
                next.extend(on_edge(e0, p0));
                if e0 == e1 {
                    next.push((exit, dist(p0, p1)));
                }
            } else {
                for &ei in &self.adj[u] {
                    let e = &self.edges[ei];
                    if !self.open(ei) {
                        continue;
                    }
                    next.push((if e.a == u { e.b } else { e.a }, e.len_m));
                }
                if let Some(&(_, d)) = on_edge(e1, p1).iter().find(|(v, _)| *v == u) {
                    next.push((exit, d));
                }
            }
            for (v, len) in next {
                let c = best[u] + len;
                if c < best[v] {
                    best[v] = c;
                    via[v] = u;
                    heap.push(Reverse(((c * 1000.0) as u64, v)));
                }
            }
        }
        if !best[exit].is_finite() || off + best[exit] >= straight {
            return direct;
        }
        let mut stops = Vec::new();
        let mut cur = via[exit];
        while cur != entry && cur != usize::MAX {
            stops.push(self.points[cur]);
            cur = via[cur];
        }
        stops.reverse();
        let mut legs = vec![Leg {
            to: p0,
            on_road: false,
        }];
        legs.extend(stops.into_iter().map(|p| Leg {
            to: p,
            on_road: true,
        }));
        legs.push(Leg {
            to: p1,
            on_road: true,
        });
        legs.push(Leg { to, on_road: false });
        legs
    }
}

/// Where segment p–q crosses c–d, as a parameter along p–q.
fn crossing(p: Point, q: Point, c: Point, d: Point) -> Option<f64> {
    let r = (q.0 - p.0, q.1 - p.1);
    let s = (d.0 - c.0, d.1 - c.1);
    let den = r.0 * s.1 - r.1 * s.0;
    if den.abs() < 1e-12 {
        return None;
    }
    let t = ((c.0 - p.0) * s.1 - (c.1 - p.1) * s.0) / den;
    let u = ((c.0 - p.0) * r.1 - (c.1 - p.1) * r.0) / den;
    ((0.0..=1.0).contains(&t) && (0.0..=1.0).contains(&u)).then_some(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::schema::RoadKind;

    fn road(id: &str, points: Vec<Point>) -> Road {
        Road {
            id: id.into(),
            points,
            width_m: 4.0,
            kind: RoadKind::Road,
        }
    }

    #[test]
    fn the_quicker_way_is_by_road_and_round_a_blocked_one() {
        // A square of roads; the goal is across the square from the start.
        let mut net = RoadNet::new(&[
            road("south", vec![(0.0, 0.0), (100.0, 0.0)]),
            road("east", vec![(100.0, 0.0), (100.0, 100.0)]),
            road("west", vec![(0.0, 0.0), (0.0, 100.0)]),
            road("north", vec![(0.0, 100.0), (100.0, 100.0)]),
            road("cross", vec![(50.0, -10.0), (50.0, 110.0)]),
        ]);
        // Beside the south road, to beside the north road: along "cross" beats the field.
        let legs = net.path((48.0, 2.0), (52.0, 98.0));
        assert!(legs.iter().any(|l| l.on_road), "{legs:?}");
        let by_road: f64 = 4.0 / OFF_ROAD_FACTOR + 96.0;
        assert!(by_road < dist((48.0, 2.0), (52.0, 98.0)) / OFF_ROAD_FACTOR);
        // Close the cross road: round by west or east, or straight across if quicker.
        assert!(net.set_blocked("cross", true));
        let legs = net.path((48.0, 2.0), (52.0, 98.0));
        let around: f64 = legs.windows(2).map(|w| dist(w[0].to, w[1].to)).sum::<f64>();
        assert!(legs.len() == 1 || around > 150.0, "{legs:?}");
        // Short hops stay off the road.
        assert_eq!(net.path((10.0, 10.0), (12.0, 12.0)).len(), 1);
    }
}
