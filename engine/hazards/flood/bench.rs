//! A benchmark case: a size × size floodplain (5 m cells) flooded from a river through a levee
//! breach, for timing the kernel ([`bench_breach_case`], [`with_threads`]).

use super::grid::Terrain;
use super::levee::{Breach, Levee};
use super::sim::{FloodParams, FloodSim};
use super::sources::{Edge, EdgeOutflow};

/// The case: ground rising north at 1:2000 with gentle undulations; a river channel along the
/// north tenth of the grid (bed 2 m below the plain, water 2.5 m above the plain's level there)
/// held by a levee 3 m high and 10 m wide; a breach at the levee's middle opens to 60 m over
/// 10 min from t = 0; free outflow (normal depth) along the south edge. The river is a closed
/// reservoir of several million m³, so the flood runs for hours.
pub fn bench_breach_case(size: usize) -> FloodSim {
    let dx = 5.0;
    let extent = size as f64 * dx;
    let levee_y = 0.9 * extent;
    let ground = |x: f64, y: f64| 0.0005 * y + 0.15 * libm::sin(x / 170.0) * libm::cos(y / 230.0);
    let terrain = Terrain::from_fn(size, size, dx, 0.035, |x, y| {
        if y > levee_y + 2.0 * dx {
            ground(x, levee_y) - 2.0
        } else {
            ground(x, y)
        }
    });
    let mut sim = FloodSim::new(terrain, FloodParams::default());
    let levee = sim.add_levee(Levee {
        points: vec![(0.0, levee_y), (extent, levee_y)],
        crest_height_m: 3.0,
        width_m: 10.0,
    });
    sim.add_breach(Breach {
        levee,
        at: (0.5 * extent, levee_y),
        width_m: 60.0,
        start_s: 0.0,
        formation_s: 600.0,
        bottom_m: None,
    });
    let river_level = ground(0.0, levee_y) + 2.5;
    sim.set_level_where(|_, y| (y > levee_y + 2.0 * dx).then_some(river_level));
    sim.set_edge_outflow(Edge::South, EdgeOutflow::NormalDepth { slope: 0.0005 });
    sim
}

/// Runs `f` on a rayon pool of `threads` threads (native targets; plain call on wasm32).
pub fn with_threads<R: Send>(threads: usize, f: impl FnOnce() -> R + Send) -> R {
    #[cfg(not(target_arch = "wasm32"))]
    {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .build()
            .expect("a rayon pool")
            .install(f)
    }
    #[cfg(target_arch = "wasm32")]
    {
        let _ = threads;
        f()
    }
}
