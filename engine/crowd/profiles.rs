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
//! Kindergarten juniors aged 3–4 (`Toddler`): uniform over the 0.69–1.33 m/s measured on the
//! level in two semi-announced drills, and 0.57 m/s (mean) down an internal straight stair
//! (Najmanová & Ronchi 2017, "An experimental data-set on pre-school children evacuation",
//! Fire Technology 53, 1509–1533). The stair figure is kept by scaling the descent speed of a
//! toddler walking at the level mean (1.01 m/s) to 0.57 m/s; their ascent, which the study did
//! not measure, keeps the adults' ratio to free speed.
//!
//! By age (RiMEA guideline 4.1.1, test 7, after Weidmann 1993): uniform within the table's
//! range for the age decade.

use crate::rng::standard_normal;
use crate::scenario::schema::Profile;
use rand::Rng;

/// Standing height by profile (m): typical statures of Chinese adults and of pupils aged 6–12
/// (national physical fitness surveillance), a child of 3½ and of one (WHO Child Growth
/// Standards medians, about 1.00 m and 0.75 m); a wheelchair user seated.
pub fn standing_height_m(profile: Profile) -> f64 {
    match profile {
        Profile::Adult => 1.68,
        Profile::Elderly => 1.60,
        Profile::Child => 1.38,
        Profile::Toddler => 1.00,
        Profile::Infant => 0.75,
        Profile::WheelchairUser => 1.30,
    }
}

/// Toddlers' level free speeds, m/s (Najmanová & Ronchi 2017, junior children).
pub const TODDLER_SPEED_RANGE_MPS: (f64, f64) = (0.69, 1.33);
/// Toddlers' mean speed down an internal straight stair, m/s (the same study).
pub const TODDLER_STAIR_DOWN_MPS: f64 = 0.57;

/// How much faster than the adult ratio (stair speed / free speed) a person of `profile` goes
/// down stairs: 1 for all but toddlers, whose measured descent is kept.
pub fn stair_down_factor(profile: Profile) -> f64 {
    use crate::crowd::network::{REFERENCE_SPEED_MPS, STAIR_DOWN_MPS};
    match profile {
        Profile::Toddler => {
            let (lo, hi) = TODDLER_SPEED_RANGE_MPS;
            let adult_ratio = STAIR_DOWN_MPS / REFERENCE_SPEED_MPS;
            TODDLER_STAIR_DOWN_MPS / ((lo + hi) / 2.0) / adult_ratio
        }
        Profile::Adult
        | Profile::Child
        | Profile::Infant
        | Profile::Elderly
        | Profile::WheelchairUser => 1.0,
    }
}

/// A free walking speed for a profile, m/s. Infants do not walk out: 0 (they move at the pace
/// of whoever carries them, their group's `carry_speed_mps`).
pub fn free_speed_mps(rng: &mut impl Rng, profile: Profile) -> f64 {
    let (mean, sd, lo, hi) = match profile {
        Profile::Infant => return 0.0,
        Profile::Toddler => {
            let (lo, hi) = TODDLER_SPEED_RANGE_MPS;
            return rng.random_range(lo..=hi);
        }
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
