//! The one integration-test binary (Bevy is linked once). Modules by subject.

// The tests only look at what the engine computed: std's maths is fine here (clippy.toml).
#![allow(clippy::disallowed_methods)]

mod architecture;
mod blind;
mod cli;
mod crowd;
mod crowd_pressure;
mod docs;
mod fire_exposure;
mod fire_kernel;
mod fire_smoke;
mod flood;
mod flood_kernel;
mod forest_fire;
mod fuzz;
mod kindergarten;
mod play;
mod quake;
mod report;
mod runtime;
mod shipped;
mod validate_corpus;
mod web;

/// A tool a test needs is missing. Under CI (`CI=true`), where scripts/setup.sh installs every
/// tool, that is a failure; elsewhere the test says it skipped and why.
pub fn missing_tool(why: &str) {
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{why}: scripts/setup.sh installs it, and under CI a missing tool fails the run"
    );
    println!("SKIPPED: {why} (scripts/setup.sh installs it)");
}
