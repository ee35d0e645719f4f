//! Crowd movement kernels (no Bevy). `network` is the coarse queueing-network model the drill
//! runtime uses for routes, door and stair flows and occupant milestones.

pub mod network;
