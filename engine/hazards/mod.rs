//! Hazard kernels (no Bevy): what the earthquake, the fire and the water do, from the scenario's
//! hazard and a seeded random stream.

pub mod contents;
pub mod ground_motion;
