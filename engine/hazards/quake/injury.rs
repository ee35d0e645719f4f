//! Injury from the contents: a body that meets a person at [`STRIKE_SPEED_MPS`] or more strikes
//! them with energy ½mv², and the energy sets how bad the injury is. The serious band starts at
//! 79 J, the "hazardous fragment" criterion of the US DoD Explosives Safety Board (58 ft·lb,
//! DoD 6055.09-M); the two lower bands are assumptions.

use super::catalogue::ContentKind;
use crate::journal::events::Harm;
#[cfg(test)]
use crate::scenario::schema::FurnitureKind;

/// A body meeting a person at this speed or more strikes them.
pub const STRIKE_SPEED_MPS: f64 = 1.5;

/// A body striking a person.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Impact {
    pub person: usize,
    pub item: usize,
    pub speed_mps: f64,
    pub energy_j: f64,
}

/// Below this strike energy (J) nobody is hurt beyond a bruise: an assumption.
pub const HARMLESS_J: f64 = 5.0;
/// From this energy a strike needs medical treatment: an assumption.
pub const MODERATE_J: f64 = 20.0;
/// From this energy a strike can kill or disable: the "hazardous fragment" criterion of 58 ft·lb
/// (79 J) of the US DoD Explosives Safety Board (DoD 6055.09-M).
pub const SERIOUS_J: f64 = 79.0;

/// The injury a strike of `energy_j` causes (`None`: unhurt). Glass cuts: at least minor.
pub fn severity_of(energy_j: f64, kind: ContentKind) -> Option<Harm> {
    if energy_j >= SERIOUS_J {
        Some(Harm::Serious)
    } else if energy_j >= MODERATE_J {
        Some(Harm::Moderate)
    } else if energy_j >= HARMLESS_J || kind == ContentKind::Glass {
        Some(Harm::Minor)
    } else {
        None
    }
}

/// The energy of a body of `mass_kg` striking at `speed_mps`, J (½mv²).
pub fn strike_energy_j(mass_kg: f64, speed_mps: f64) -> f64 {
    0.5 * mass_kg * speed_mps * speed_mps
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_serious_band_starts_at_79_joules() {
        assert_eq!(
            severity_of(78.99, ContentKind::Furniture(FurnitureKind::Cabinet)),
            Some(Harm::Moderate)
        );
        assert_eq!(
            severity_of(79.0, ContentKind::Furniture(FurnitureKind::Cabinet)),
            Some(Harm::Serious)
        );
        assert_eq!(
            severity_of(20.0, ContentKind::Furniture(FurnitureKind::Cabinet)),
            Some(Harm::Moderate)
        );
        assert_eq!(
            severity_of(19.99, ContentKind::Furniture(FurnitureKind::Cabinet)),
            Some(Harm::Minor)
        );
        assert_eq!(
            severity_of(5.0, ContentKind::Furniture(FurnitureKind::Cabinet)),
            Some(Harm::Minor)
        );
        assert_eq!(
            severity_of(4.99, ContentKind::Furniture(FurnitureKind::Cabinet)),
            None
        );
    }

    #[test]
    fn glass_always_cuts() {
        assert_eq!(severity_of(0.1, ContentKind::Glass), Some(Harm::Minor));
        assert_eq!(severity_of(100.0, ContentKind::Glass), Some(Harm::Serious));
    }

    #[test]
    fn a_falling_book_is_no_serious_strike_and_a_toppling_cabinet_is() {
        // A 1 kg book at the strike threshold: 1.1 J, unhurt.
        assert!(severity_of(strike_energy_j(1.0, STRIKE_SPEED_MPS), ContentKind::Books).is_none());
        // A 60 kg cabinet at 2 m/s: 120 J, serious.
        assert_eq!(
            severity_of(
                strike_energy_j(60.0, 2.0),
                ContentKind::Furniture(FurnitureKind::Cabinet)
            ),
            Some(Harm::Serious)
        );
    }
}
