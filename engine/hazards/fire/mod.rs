//! The forest fire's kernels (no Bevy): surface fire behaviour at a point (Rothermel 1972 with
//! BehavePlus's conventions, reproducing firelab/behave's published test values), the standard
//! fuel models, wind at the flame, the fire's elliptical shape, safety zones, and spread over a
//! raster landscape by minimum travel time (the method of FlamMap) for drills whose weather
//! changes and whose crews cut line.

pub mod arrival;
pub mod detour;
pub mod exposure;
pub mod fuel_models;
pub mod landscape;
pub mod perimeter;
mod queue;
pub mod safety;
pub mod scene;
pub mod shape;
pub mod sight;
pub mod smoke;
pub mod surface;
pub mod terrain;
pub mod wind;

pub use fuel_models::{FuelModel, fuel_model, is_burnable, is_non_burnable};
pub use landscape::{ArrivalMap, CellFire, Landscape, LandscapeError, SpreadMethod, Weather};
pub use safety::{SafetyZone, safety_zone};
pub use surface::{Moisture, SurfaceFire, SurfaceInputs, surface_fire};
pub use wind::WindHeight;
