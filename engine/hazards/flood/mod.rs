//! The flood's kernel (no Bevy): inundation over a raster by the local-inertial approximation of
//! the shallow-water equations, as in LISFLOOD-FP, with levees, breaches, rain, inflow
//! hydrographs, hazard classes and a mass balance.
//!
//! Scheme (per face of a staggered grid; depths h at cell centres, unit discharges q in m²/s on
//! faces):
//!
//! ```text
//! h_flow = max(η_i, η_i+1) − max(z_i, z_i+1)                       η = h + z
//! q⁺ = [θ q + (1−θ)/2 (q₋ + q₊) − g h_flow Δt ∂η/∂x − Δt ∂(q u)/∂x] / [1 + g Δt n² |q| / h_flow^(7/3)]
//! h⁺ = h + Δt (Σ q_in − Σ q_out)/Δx + rain
//! Δt = α Δx / (√(g h_max) + max |u| on advective faces),  α = 0.7
//! ```
//!
//! - Local inertia: Bates, Horritt & Fewtrell 2010, J. Hydrol. 387:33–45 (θ = 1); the
//!   θ-weighting of de Almeida, Bates, Freer & Souvignet 2012, WRR 48 W05528 (θ = 0.8 default).
//!   Friction is semi-implicit (Manning; n averaged over the face's two cells). Faces with
//!   h_flow ≤ 1 mm carry no flow.
//! - Near fast flow the local-inertial equation lacks the advective term that carries momentum
//!   down a dam-break wave: its dry-bed front stalls (de Almeida & Bates 2013, WRR 49; Neal et
//!   al. 2012, Hydrol. Process. 26 — "unable to simulate supercritical flows accurately"). The
//!   fallback is the first-order upwind, momentum-conservative staggered update of Stelling &
//!   Duinmeijer 2003 (Int. J. Numer. Meth. Fluids 43:1329, "a staggered conservative scheme for
//!   every Froude number"), on the same faces and unknowns; only the normal advection is added
//!   (not the cross term). It applies on faces whose Froude number reaches
//!   [`FloodParams::advection_froude`], at wet/dry fronts and through open breaches. The default
//!   threshold is 0, i.e. every wet face: with a switch at Fr = 0.5 (where de Almeida & Bates
//!   2013 see the local-inertial error grow) Ritter's L1 error was 0.12 but h(31.3 m) was 31 %
//!   high, and Thacker's oscillation lost a third of its amplitude in two periods as faces
//!   flipped between the two forms. `advection_froude = f64::INFINITY` gives the pure
//!   local-inertial scheme of flood.md (as the Hunter wetting-front test runs it). The time step
//!   then also honours |u| on advective faces. A Froude cap is available
//!   ([`FloodParams::froude_cap`]) but off: a cap at Fr = 1 holds back the supercritical tail of
//!   the Ritter wave.
//! - No negative depths: each cell's outgoing face discharges are scaled so the step takes at
//!   most the water the cell holds; every face's one value leaves one cell and enters the
//!   other, so volume is conserved to round-off.
//! - Active set: per row, a span of columns holding every wet cell and its neighbours, grown
//!   after each step as the water spreads (never shrunk: a face once computed stays computed,
//!   so no stale discharge is left behind). Only active cells and their faces are updated.
//! - Determinism: all transcendental functions through `libm`; with rayon the rows are shared
//!   among threads, each face and cell is written by one task from the previous state only, and
//!   every sum (volumes, storage) is taken serially in row order, so results are bit-identical
//!   for any thread count and on wasm32.
//!
//! - Maximum-speed (and maximum-hazard) maps record a cell's speed only while it is at least
//!   [`sim::SPEED_RECORD_MIN_DEPTH_M`] = 5 cm deep: q/h at a thin front is not a velocity
//!   anyone wades in (see the constant for the FD2320/AIDR reasoning).
//!
//! Verified in tests/flood_kernel.rs against the lake at rest, Hunter et al. 2005's analytic
//! wetting front, Ritter's 1892 dry-bed dam break, Thacker's 1981 (JFM 107) planar oscillation
//! and the UK Environment Agency benchmark Tests 2 and 4 (Néelz & Pender 2013, report
//! SC120002). Hazard: FD2320 (Defra/EA 2006) and AIDR Guideline 7-3 (2017), see [`hazard`].
//!
//! Coordinates: x east, y north, metres from the grid's south-west corner; row 0 is the south
//! edge ([`grid`]).

pub mod bench;
mod depth;
pub mod grid;
pub mod hazard;
mod kernel;
pub mod levee;
mod outputs;
mod par;
pub mod series;
pub mod sim;
pub mod sources;

pub use grid::Terrain;
pub use hazard::{AidrClass, DebrisFactor, Fd2320Class, PointHazard, aidr_class, fd2320_class};
pub use levee::{Breach, Levee};
pub use series::{Interp, Series};
pub use sim::{FloodParams, FloodSim, Gauge, MassBalance};
pub use sources::{Edge, EdgeOutflow, InflowLine, Rain, RainArea, StageKind, StageLine};
