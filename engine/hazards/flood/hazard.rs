//! Flood hazard to people and vehicles from depth and speed.
//!
//! - UK FD2320 (Defra/EA 2006, "Flood Risks to People", Phase 2): hazard rating
//!   HR = d·(v + 0.5) + DF, classes < 0.75 low (caution), 0.75–1.25 danger for some (children,
//!   the elderly and infirm), 1.25–2.0 danger for most, > 2.0 danger for all. DF is FD2320's
//!   debris factor table: 0 for d ≤ 0.25 m; above, 0.5 on pasture/arable land and 1 in woodland
//!   and urban areas ([`DebrisFactor`]).
//! - AIDR Guideline 7-3 (Australian Institute for Disaster Resilience 2017, "Flood hazard"):
//!   classes H1–H6 by depth·velocity, depth and velocity limits; a point takes the lowest class
//!   whose limits all hold.

/// FD2320's debris factor convention by land use.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub enum DebrisFactor {
    /// 0 for d ≤ 0.25 m, 0.5 above.
    #[default]
    PastureArable,
    /// 0 for d ≤ 0.25 m, 1 above.
    Woodland,
    /// 0 for d ≤ 0.25 m, 1 above.
    Urban,
    /// A fixed value wherever there is water.
    Fixed(f64),
}

impl DebrisFactor {
    pub fn value(self, depth_m: f64) -> f64 {
        match self {
            DebrisFactor::Fixed(v) => v,
            _ if depth_m <= 0.25 => 0.0,
            DebrisFactor::PastureArable => 0.5,
            DebrisFactor::Woodland | DebrisFactor::Urban => 1.0,
        }
    }
}

/// FD2320's four hazard classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Fd2320Class {
    /// HR < 0.75: caution.
    Low,
    /// 0.75 ≤ HR < 1.25: danger for some.
    DangerForSome,
    /// 1.25 ≤ HR ≤ 2.0: danger for most.
    DangerForMost,
    /// HR > 2.0: danger for all.
    DangerForAll,
}

/// FD2320 hazard rating HR = d(v + 0.5) + DF; 0 where dry.
pub fn fd2320_rating(depth_m: f64, speed_mps: f64, df: DebrisFactor) -> f64 {
    if depth_m <= 0.0 {
        return 0.0;
    }
    depth_m * (speed_mps + 0.5) + df.value(depth_m)
}

pub fn fd2320_class(rating: f64) -> Fd2320Class {
    if rating < 0.75 {
        Fd2320Class::Low
    } else if rating < 1.25 {
        Fd2320Class::DangerForSome
    } else if rating <= 2.0 {
        Fd2320Class::DangerForMost
    } else {
        Fd2320Class::DangerForAll
    }
}

/// AIDR 7-3 hazard classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AidrClass {
    /// Generally safe for people, vehicles and buildings.
    H1,
    /// Unsafe for small vehicles.
    H2,
    /// Unsafe for vehicles, children and the elderly.
    H3,
    /// Unsafe for people and vehicles.
    H4,
    /// Unsafe for people and vehicles; buildings need engineering design.
    H5,
    /// Unsafe for people and vehicles; all buildings vulnerable to failure.
    H6,
}

/// (class, D·V limit m²/s, depth limit m, velocity limit m/s).
const AIDR_LIMITS: [(AidrClass, f64, f64, f64); 5] = [
    (AidrClass::H1, 0.3, 0.3, 2.0),
    (AidrClass::H2, 0.6, 0.5, 2.0),
    (AidrClass::H3, 0.6, 1.2, 2.0),
    (AidrClass::H4, 1.0, 2.0, 2.0),
    (AidrClass::H5, 4.0, 4.0, 4.0),
];

pub fn aidr_class(depth_m: f64, speed_mps: f64) -> AidrClass {
    let dv = depth_m * speed_mps;
    AIDR_LIMITS
        .iter()
        .find(|&&(_, dvl, dl, vl)| dv <= dvl && depth_m <= dl && speed_mps <= vl)
        .map_or(AidrClass::H6, |l| l.0)
}

/// Depth, speed and both hazard classes at a point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PointHazard {
    pub depth_m: f64,
    pub speed_mps: f64,
    pub fd2320_rating: f64,
    pub fd2320: Fd2320Class,
    pub aidr: AidrClass,
}

pub fn point_hazard(depth_m: f64, speed_mps: f64, df: DebrisFactor) -> PointHazard {
    let hr = fd2320_rating(depth_m, speed_mps, df);
    PointHazard {
        depth_m,
        speed_mps,
        fd2320_rating: hr,
        fd2320: fd2320_class(hr),
        aidr: aidr_class(depth_m, speed_mps),
    }
}
