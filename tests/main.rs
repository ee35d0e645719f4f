//! The one integration-test binary (Bevy is linked once). Modules by subject.

mod blind;
mod cli;
mod crowd;
mod docs;
mod fuzz;
mod play;
mod quake;
mod report;
mod runtime;
mod shipped;
mod validate_corpus;
mod web;
