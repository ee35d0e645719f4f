//! Hazard kernels (no Bevy): what the earthquake, the fire and the water do, from the scenario's
//! hazard and a seeded random stream. One folder per hazard; `crate::sim` has one self-gating
//! plugin per hazard that adapts its kernel to the drill.

pub mod fire;
pub mod flood;
pub mod quake;
