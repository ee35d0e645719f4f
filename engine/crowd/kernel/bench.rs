//! The crowd benchmark's room (`drillhall bench crowd`).

use super::{Network, spread};
use crate::crowd::network::{Goal, NavGraph};

/// The benchmark room: 30 × 20 m, a 1 m exit in the middle of each wall, `n` people on a
/// jittered grid filling it, all on their way out. Past about 3,000 people the room is
/// over-full (more than 5.4 p/m²): then it measures the kernel's cost, not a real scene.
pub fn bench_room(n: usize) -> Network {
    let mut g = NavGraph::default();
    let room = g.add_space(
        "room",
        0,
        0.0,
        vec![(0.0, 0.0), (30.0, 0.0), (30.0, 20.0), (0.0, 20.0)],
    );
    let out = g.add_open_ground("outside", Vec::new());
    g.add_exit("north", room, out, (15.0, 20.0), 1.0);
    g.add_exit("south", room, out, (15.0, 0.0), 1.0);
    g.add_exit("east", room, out, (30.0, 10.0), 1.0);
    g.add_exit("west", room, out, (0.0, 10.0), 1.0);
    let mut net = Network::new(g);
    let a = (600.0 / n.max(1) as f64).sqrt();
    let nx = ((30.0 / a).floor() as usize).max(1);
    let ny = n.div_ceil(nx);
    let (sx, sy) = (30.0 / nx as f64, 20.0 / ny as f64);
    for i in 0..n {
        let j = spread(i);
        let x = (((i % nx) as f64 + 0.5) * sx + 0.3 * sx * j.0).clamp(0.05, 29.95);
        let y = (((i / nx) as f64 + 0.5) * sy + 0.3 * sy * j.1).clamp(0.05, 19.95);
        let p = net.add(room, (x, y), 1.34, true);
        net.send(
            p,
            Goal {
                nodes: vec![out],
                point: None,
                options: crate::crowd::network::RouteOptions::default(),
            },
        );
    }
    net
}
