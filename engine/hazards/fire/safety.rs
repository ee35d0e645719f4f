//! Safety zone size (Butler & Cohen 1998, as BehavePlus's SAFETY module computes it): people
//! stay at least four flame heights from the flames, and the zone's core must hold the crew and
//! its equipment: radius = 4·H + √((N_people·A_person + N_equipment·A_equipment)/π).
//!
//! Any one length unit (ft or m) with its square for the areas. Rothermel's model gives flame
//! *length*; using it for the height is conservative.

/// Separation from the flames in flame heights.
pub const SEPARATION_FLAME_HEIGHTS: f64 = 4.0;

/// A circular safety zone.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SafetyZone {
    /// Distance to keep from the flames.
    pub separation: f64,
    pub radius: f64,
    pub area: f64,
}

/// The safety zone for flames of `flame_height` and a crew of `people` needing `area_per_person`
/// each with `equipment` pieces needing `area_per_equipment` each.
pub fn safety_zone(
    flame_height: f64,
    people: u32,
    area_per_person: f64,
    equipment: u32,
    area_per_equipment: f64,
) -> SafetyZone {
    let clean = |x: f64| if x.is_finite() { x.max(0.0) } else { 0.0 };
    let separation = SEPARATION_FLAME_HEIGHTS * clean(flame_height);
    let core_area = f64::from(people) * clean(area_per_person)
        + f64::from(equipment) * clean(area_per_equipment);
    let radius = separation + libm::sqrt(core_area / std::f64::consts::PI);
    SafetyZone {
        separation,
        radius,
        area: std::f64::consts::PI * radius * radius,
    }
}
