//! The earthquake's kernels (no Bevy): the ground motion of a stated intensity, the building's
//! contents in it (catalogue, fixings and fragility, the rapier world, queries) and the injuries
//! they cause. `crate::sim::quake` adapts them to the drill.

pub mod catalogue;
pub mod contents;
pub mod ground_motion;
pub mod injury;
pub mod queries;

pub use contents::{Contents, PHYSICS_DT_S};
pub use injury::{Impact, severity_of};
pub use queries::Damage;
