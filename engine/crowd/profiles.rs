//! Walking speeds of the people in a drill, from the literature.
//!
//! Free speeds by profile: adults N(1.34, 0.26) m/s clipped to [0.5, 2.2] (Weidmann 1993, the
//! distribution crowd.md names); primary-school children N(1.1, 0.25) clipped to [0.5, 1.9]
//! (Larusdottir & Dederichs 2012, "Evacuation of children: movement on stairs and on horizontal
//! plane", Fire Technology 48); elderly N(0.9, 0.2) clipped to [0.4, 1.5] (Weidmann's age curve,
//! frail residents below the RiMEA 7 table); manual wheelchair users N(0.69, 0.2) clipped to
//! [0.3, 1.3] (Boyce, Shields & Silcock 1999, "Toward the characterization of building
//! occupancies for fire safety engineering", Fire Technology 35).
//!
//! By age (RiMEA guideline 4.1.1, test 7, after Weidmann 1993): uniform within the table's
//! range for the age decade.

use crate::rng::standard_normal;
use crate::scenario::schema::Profile;
use rand::Rng;

/// Standing height by profile (m): typical statures of Chinese adults and of pupils aged 6–12
/// (national physical fitness surveillance); a wheelchair user seated.
pub fn standing_height_m(profile: Profile) -> f64 {
    match profile {
        Profile::Adult => 1.68,
        Profile::Elderly => 1.60,
        Profile::Child => 1.38,
        Profile::WheelchairUser => 1.30,
    }
}

/// A free walking speed for a profile, m/s.
pub fn free_speed_mps(rng: &mut impl Rng, profile: Profile) -> f64 {
    let (mean, sd, lo, hi) = match profile {
        Profile::Adult => (1.34, 0.26, 0.5, 2.2),
        Profile::Child => (1.1, 0.25, 0.5, 1.9),
        Profile::Elderly => (0.9, 0.2, 0.4, 1.5),
        Profile::WheelchairUser => (0.69, 0.2, 0.3, 1.3),
    };
    (mean + sd * standard_normal(rng)).clamp(lo, hi)
}

/// The RiMEA 7 range of free speeds for an adult of `age_years` (its decade), m/s.
pub fn age_speed_range_mps(age_years: u32) -> (f64, f64) {
    match age_years {
        0..=24 => (1.60, 1.64),
        25..=34 => (1.52, 1.56),
        35..=44 => (1.46, 1.50),
        45..=54 => (1.39, 1.43),
        55..=64 => (1.27, 1.27),
        _ => (1.07, 1.07),
    }
}

/// A free walking speed for an adult of `age_years`, m/s (RiMEA 7).
pub fn free_speed_for_age_mps(rng: &mut impl Rng, age_years: u32) -> f64 {
    let (lo, hi) = age_speed_range_mps(age_years);
    if hi > lo {
        rng.random_range(lo..=hi)
    } else {
        lo
    }
}
