//! Crowd movement (no Bevy). `network` is the site's graph of spaces and openings with route
//! choice; `space` the walkable geometry of each space; `kernel` the microscopic pedestrian
//! model that moves every person through it.

pub mod behaviour;
pub mod kernel;
pub mod network;
pub mod profiles;
pub mod roads;
pub mod space;
