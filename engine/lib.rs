//! drillhall: a drill and public-education simulation engine.
//!
//! Layers (see ../shared/ARCHITECTURE.md): kernels without Bevy (`scenario`, `plan`, …), the
//! engine that adapts them to Bevy, and the surfaces (CLI, desktop, web) on top.

pub mod app;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod crowd;
pub mod drill;
// The hall and the view only draw: std's maths is fine there (clippy.toml).
#[allow(clippy::disallowed_methods)]
pub mod hall;
pub mod hazards;
pub mod journal;
pub mod plan;
pub mod report;
pub mod rng;
pub mod scenario;
#[cfg(not(target_arch = "wasm32"))]
pub mod serve;
pub mod sim;
#[allow(clippy::disallowed_methods)]
pub mod view;
pub mod words;
