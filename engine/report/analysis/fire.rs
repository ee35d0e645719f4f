//! The fire map's facts: the terrain's frame, where the fire started (ignitions and spot
//! fires), its perimeter at each growth report (the isochrones), and what the front reached,
//! where and when; the crew's work (lookout posts, anchors, attacks, the fireline, escapes) and
//! what the fire did to people (burns, deaths, smoke) — all read from the journal.

use super::seconds;
use crate::journal::events::{AttackFacts, Harm, SimEvent};
use crate::scenario::schema::{Point, SiteRef};

/// How the journal's fire burns begin their cause (`sim::fire_exposure`).
pub const FIRE_BURN_CAUSE: &str = "radiant heat of the fire front";

/// Where a fire started.
#[derive(Clone, Debug, PartialEq)]
pub struct FireStart {
    pub t_s: f64,
    pub at: Point,
    /// A spot fire (an inject), not one of the hazard's ignitions.
    pub spot: bool,
}

/// The fire's boundary at one growth report.
#[derive(Clone, Debug, PartialEq)]
pub struct Isochrone {
    pub t_s: f64,
    pub area_ha: f64,
    /// Closed rings, metres; the burned area on each ring's left.
    pub rings: Vec<Vec<Point>>,
}

/// What the front reached, when, and where (when the journal says).
#[derive(Clone, Debug, PartialEq)]
pub struct Reached {
    pub t_s: f64,
    pub what: SiteRef,
    pub at: Option<Point>,
    pub flame_length_m: f64,
    pub ros_m_per_min: f64,
}

/// A lookout at their post (`LookoutPosted`).
#[derive(Clone, Debug, PartialEq)]
pub struct LookoutPost {
    pub t_s: f64,
    pub who: String,
    pub place: String,
    pub at: Point,
    /// The front in sight from the post.
    pub sees_front: bool,
}

/// A firefighter at the anchor of the line (`LineAnchored`).
#[derive(Clone, Debug, PartialEq)]
pub struct Anchor {
    pub t_s: f64,
    pub who: String,
    pub place: String,
    pub at: Point,
    /// Ground that cannot burn or has burned.
    pub safe: bool,
}

/// A firefighter engaging the fire (`AttackBegun`): who, when, and the conditions there (where,
/// the sector, the flames, the lookout, the escape routes).
#[derive(Clone, Debug, PartialEq)]
pub struct Attack {
    pub t_s: f64,
    pub who: String,
    pub facts: AttackFacts,
}

/// The fireline at the end: the last `FirelineBuilt`.
#[derive(Clone, Debug, PartialEq)]
pub struct Fireline {
    pub t_s: f64,
    pub length_m: f64,
    /// From the anchor on, m.
    pub points: Vec<Point>,
}

/// Someone setting off for a refuge as the fire came within reach (`Escaping`).
#[derive(Clone, Debug, PartialEq)]
pub struct Escape {
    pub t_s: f64,
    pub who: String,
    pub refuge: String,
    pub from: Point,
    /// Straight to the refuge's centre, degrees from north, and how far it is, m.
    pub bearing_deg: f64,
    pub distance_m: f64,
    /// The refuge's ground above theirs, m.
    pub climb_m: f64,
}

impl Escape {
    /// The refuge's centre, m: `distance_m` along `bearing_deg` from `from`.
    pub fn to(&self) -> Point {
        let b = self.bearing_deg.to_radians();
        (
            self.from.0 + self.distance_m * libm::sin(b),
            self.from.1 + self.distance_m * libm::cos(b),
        )
    }
}

/// A burn from the fire (an `Injured` whose cause is the fire front's heat), and where the
/// person was last placed by the journal before it (their last lookout post, anchor, attack or
/// escape) — `None` where it places them nowhere.
#[derive(Clone, Debug, PartialEq)]
pub struct FireHarm {
    pub t_s: f64,
    pub who: String,
    pub severity: Option<Harm>,
    pub at: Option<Point>,
}

/// Someone first in thick smoke (`SmokeReached`).
#[derive(Clone, Debug, PartialEq)]
pub struct SmokeExposure {
    pub t_s: f64,
    pub who: String,
    pub k_per_m: f64,
    pub visibility_m: f64,
}

/// A forest fire's map.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FireMap {
    /// The terrain's width and height, m, from its south-west corner (none in journals that do
    /// not record it).
    pub extent_m: Option<(f64, f64)>,
    pub starts: Vec<FireStart>,
    /// In time order; only reports with a perimeter.
    pub isochrones: Vec<Isochrone>,
    pub reached: Vec<Reached>,
    /// The crew's work, each in time order.
    pub lookouts: Vec<LookoutPost>,
    pub anchors: Vec<Anchor>,
    pub attacks: Vec<Attack>,
    /// The line as the last report left it (none: no line built).
    pub fireline: Option<Fireline>,
    pub escapes: Vec<Escape>,
    /// What the fire did to people, in time order: every burn (a person may have several, each
    /// worse than the last), and who was first in thick smoke.
    pub harm: Vec<FireHarm>,
    pub smoke: Vec<SmokeExposure>,
}

impl FireMap {
    /// The map's frame, (south-west, north-east) corners in metres: the terrain's extent, or
    /// where the journal records none, the span of everything on the map (with a 5 % margin).
    pub fn frame_m(&self) -> (Point, Point) {
        if let Some((w, h)) = self.extent_m.filter(|&(w, h)| w > 0.0 && h > 0.0) {
            return ((0.0, 0.0), (w, h));
        }
        let Some((lo, hi)) = self.content_m() else {
            return ((0.0, 0.0), (1.0, 1.0));
        };
        let m = 0.05 * (hi.0 - lo.0).max(hi.1 - lo.1).max(100.0);
        ((lo.0 - m, lo.1 - m), (hi.0 + m, hi.1 + m))
    }

    /// The span of everything on the map — where fires started, every perimeter, what was
    /// reached, the crew's posts, anchors, attacks, line and escapes (to the refuge), where
    /// people were burned — (south-west, north-east) in metres; `None` for an empty map.
    pub fn content_m(&self) -> Option<(Point, Point)> {
        let mut points = self
            .starts
            .iter()
            .map(|s| s.at)
            .chain(self.reached.iter().filter_map(|r| r.at))
            .chain(
                self.isochrones
                    .iter()
                    .flat_map(|i| i.rings.iter().flatten().copied()),
            )
            .chain(self.lookouts.iter().map(|l| l.at))
            .chain(self.anchors.iter().map(|a| a.at))
            .chain(self.attacks.iter().map(|a| a.facts.at))
            .chain(self.fireline.iter().flat_map(|f| f.points.iter().copied()))
            .chain(self.escapes.iter().flat_map(|e| [e.from, e.to()]))
            .chain(self.harm.iter().filter_map(|h| h.at));
        let first = points.next()?;
        Some(points.fold((first, first), |(lo, hi), p| {
            (
                (lo.0.min(p.0), lo.1.min(p.1)),
                (hi.0.max(p.0), hi.1.max(p.1)),
            )
        }))
    }

    /// When the first fire started, s.
    pub fn first_start_s(&self) -> Option<f64> {
        self.starts.iter().map(|s| s.t_s).reduce(f64::min)
    }
}

/// The fire map of a journal; `None` when no fire started.
pub fn fire_map(events: &[(u64, SimEvent)], tick_hz: u32) -> Option<FireMap> {
    let mut m = FireMap::default();
    // Where the journal last placed each person (post, anchor, attack, escape).
    let mut last_at: Vec<(&str, Point)> = Vec::new();
    for (t, e) in events {
        let t_s = seconds(*t, tick_hz);
        match e {
            SimEvent::FireStarted { at, spot, extent_m } => {
                if m.extent_m.is_none() && extent_m.0 > 0.0 && extent_m.1 > 0.0 {
                    m.extent_m = Some(*extent_m);
                }
                m.starts.push(FireStart {
                    t_s,
                    at: *at,
                    spot: *spot,
                });
            }
            SimEvent::FireGrowth {
                area_ha, perimeter, ..
            } => {
                if !perimeter.is_empty() {
                    m.isochrones.push(Isochrone {
                        t_s,
                        area_ha: *area_ha,
                        rings: perimeter.clone(),
                    });
                }
            }
            SimEvent::FireReached {
                what,
                at,
                flame_length_m,
                ros_m_per_min,
            } => m.reached.push(Reached {
                t_s,
                what: what.clone(),
                at: *at,
                flame_length_m: *flame_length_m,
                ros_m_per_min: *ros_m_per_min,
            }),
            SimEvent::LookoutPosted {
                participant,
                place,
                at,
                sees_front,
            } => {
                seen(&mut last_at, participant, *at);
                m.lookouts.push(LookoutPost {
                    t_s,
                    who: participant.clone(),
                    place: place.clone(),
                    at: *at,
                    sees_front: *sees_front,
                });
            }
            SimEvent::LineAnchored {
                participant,
                place,
                at,
                safe,
            } => {
                seen(&mut last_at, participant, *at);
                m.anchors.push(Anchor {
                    t_s,
                    who: participant.clone(),
                    place: place.clone(),
                    at: *at,
                    safe: *safe,
                });
            }
            SimEvent::AttackBegun { participant, facts } => {
                seen(&mut last_at, participant, facts.at);
                m.attacks.push(Attack {
                    t_s,
                    who: participant.clone(),
                    facts: facts.clone(),
                });
            }
            SimEvent::FirelineBuilt { length_m, points } => {
                m.fireline = Some(Fireline {
                    t_s,
                    length_m: *length_m,
                    points: points.clone(),
                });
            }
            SimEvent::Escaping {
                participant,
                refuge,
                from,
                bearing_deg,
                climb_m,
                distance_m,
                ..
            } => {
                seen(&mut last_at, participant, *from);
                m.escapes.push(Escape {
                    t_s,
                    who: participant.clone(),
                    refuge: refuge.clone(),
                    from: *from,
                    bearing_deg: *bearing_deg,
                    distance_m: *distance_m,
                    climb_m: *climb_m,
                });
            }
            SimEvent::Injured {
                who,
                cause,
                severity,
                ..
            } if cause.starts_with(FIRE_BURN_CAUSE) => m.harm.push(FireHarm {
                t_s,
                who: who.clone(),
                severity: *severity,
                at: last_at
                    .iter()
                    .find(|(w, _)| *w == who.as_str())
                    .map(|&(_, at)| at),
            }),
            SimEvent::SmokeReached {
                who,
                k_per_m,
                visibility_m,
            } => m.smoke.push(SmokeExposure {
                t_s,
                who: who.clone(),
                k_per_m: *k_per_m,
                visibility_m: *visibility_m,
            }),
            SimEvent::DrillStarted { .. }
            | SimEvent::PhaseChanged { .. }
            | SimEvent::Hazard { .. }
            | SimEvent::Aftershock { .. }
            | SimEvent::GroundMotion { .. }
            | SimEvent::WarningIssued { .. }
            | SimEvent::WaterReached { .. }
            | SimEvent::HouseCutOff { .. }
            | SimEvent::FloodGrowth { .. }
            | SimEvent::RoadFlooded { .. }
            | SimEvent::InWater { .. }
            | SimEvent::InjectFired { .. }
            | SimEvent::EvacuationCapacity { .. }
            | SimEvent::Blocked { .. }
            | SimEvent::Cleared { .. }
            | SimEvent::NotSimulated { .. }
            | SimEvent::Action { .. }
            | SimEvent::HeadCount { .. }
            | SimEvent::Report { .. }
            | SimEvent::StartedMoving { .. }
            | SimEvent::PassedDoor { .. }
            | SimEvent::EnteredStair { .. }
            | SimEvent::TookLift { .. }
            | SimEvent::LeftBuilding { .. }
            | SimEvent::Arrived { .. }
            | SimEvent::StayedBehind { .. }
            | SimEvent::Swept { .. }
            | SimEvent::LedByHand { .. }
            | SimEvent::WindChanged { .. }
            | SimEvent::Scouted { .. }
            | SimEvent::LcesChecked { .. }
            | SimEvent::FireAtFuelBreak { .. }
            | SimEvent::Injured { .. }
            | SimEvent::Fell { .. }
            | SimEvent::Woke { .. }
            | SimEvent::Panicked { .. }
            | SimEvent::TookPosture { .. }
            | SimEvent::Postures { .. }
            | SimEvent::ContentsDamage { .. }
            | SimEvent::Stranded { .. }
            | SimEvent::DrillEnded { .. }
            | SimEvent::Revealed { .. } => {}
        }
    }
    (!m.starts.is_empty()).then_some(m)
}

/// The journal has placed `who` at `at`.
fn seen<'a>(last_at: &mut Vec<(&'a str, Point)>, who: &'a str, at: Point) {
    match last_at.iter_mut().find(|(w, _)| *w == who) {
        Some(x) => x.1 = at,
        None => last_at.push((who, at)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HZ: u32 = 10;

    fn square(x: f64, y: f64, r: f64) -> Vec<Point> {
        vec![
            (x - r, y - r),
            (x + r, y - r),
            (x + r, y + r),
            (x - r, y + r),
            (x - r, y - r),
        ]
    }

    fn growth(area_ha: f64, perimeter: Vec<Vec<Point>>) -> SimEvent {
        SimEvent::FireGrowth {
            area_ha,
            head_ros_m_per_min: 5.0,
            flame_length_m: 2.0,
            perimeter,
        }
    }

    #[test]
    fn a_fire_map_read_from_the_journal() {
        let events = vec![
            (
                100,
                SimEvent::FireStarted {
                    at: (500.0, 400.0),
                    spot: false,
                    extent_m: (3000.0, 2400.0),
                },
            ),
            (3000, growth(0.5, vec![square(500.0, 400.0, 35.0)])),
            // A report from a journal without perimeters: not an isochrone.
            (6000, growth(1.0, Vec::new())),
            (
                7000,
                SimEvent::FireStarted {
                    at: (900.0, 800.0),
                    spot: true,
                    extent_m: (3000.0, 2400.0),
                },
            ),
            (
                8000,
                SimEvent::FireReached {
                    what: SiteRef::House("h1".into()),
                    at: Some((600.0, 450.0)),
                    flame_length_m: 1.5,
                    ros_m_per_min: 3.0,
                },
            ),
            (
                9000,
                growth(
                    2.0,
                    vec![square(520.0, 420.0, 80.0), square(900.0, 800.0, 10.0)],
                ),
            ),
        ];
        let m = fire_map(&events, HZ).unwrap();
        assert_eq!(m.extent_m, Some((3000.0, 2400.0)));
        assert_eq!(m.frame_m(), ((0.0, 0.0), (3000.0, 2400.0)));
        assert_eq!(
            m.starts,
            vec![
                FireStart {
                    t_s: 10.0,
                    at: (500.0, 400.0),
                    spot: false
                },
                FireStart {
                    t_s: 700.0,
                    at: (900.0, 800.0),
                    spot: true
                },
            ]
        );
        assert_eq!(m.first_start_s(), Some(10.0));
        assert_eq!(m.content_m(), Some(((440.0, 340.0), (910.0, 810.0))));
        assert_eq!(
            m.isochrones
                .iter()
                .map(|i| (i.t_s, i.area_ha, i.rings.len()))
                .collect::<Vec<_>>(),
            vec![(300.0, 0.5, 1), (900.0, 2.0, 2)]
        );
        assert_eq!(
            m.reached,
            vec![Reached {
                t_s: 800.0,
                what: SiteRef::House("h1".into()),
                at: Some((600.0, 450.0)),
                flame_length_m: 1.5,
                ros_m_per_min: 3.0,
            }]
        );
    }

    fn attack_at(at: Point, sector: crate::journal::events::FireSector) -> AttackFacts {
        AttackFacts {
            at,
            clock_min: None,
            wind_mps: 4.0,
            wind_from_deg: 225.0,
            slope_pct: 10.0,
            terrain: crate::journal::events::TerrainForm::Open,
            flame_length_m: 1.5,
            ros_m_per_min: 1.4,
            front_distance_m: 80.0,
            sector,
            trained: true,
            lookout: Some("lookout".into()),
            lookout_sees_front: true,
            lookout_sees_crew: false,
            escape_routes: vec!["zone".into()],
            safety_zone: Some("zone".into()),
            safety_zone_clear_m: 100.0,
            safety_zone_needed_m: 9.5,
        }
    }

    fn burn(who: &str, cause: &str, severity: Harm) -> SimEvent {
        SimEvent::Injured {
            who: who.into(),
            cause: cause.into(),
            severity: Some(severity),
            energy_j: None,
            posture: None,
        }
    }

    /// The crew's posts, anchor, attacks, line and escape, and the fire's burns (placed where
    /// the journal last put the person, or nowhere) and smoke — and the map spans them.
    #[test]
    fn the_crew_and_what_the_fire_did_to_people_read_from_the_journal() {
        use crate::journal::events::FireSector;
        let line = |points: Vec<Point>, length_m: f64| SimEvent::FirelineBuilt { length_m, points };
        let events = vec![
            (
                0,
                SimEvent::FireStarted {
                    at: (500.0, 400.0),
                    spot: false,
                    extent_m: (0.0, 0.0),
                },
            ),
            (
                100,
                SimEvent::LookoutPosted {
                    participant: "lookout".into(),
                    place: "hill".into(),
                    at: (300.0, 200.0),
                    sees_front: false,
                },
            ),
            (
                200,
                SimEvent::LineAnchored {
                    participant: "ff-1".into(),
                    place: "road".into(),
                    at: (450.0, 380.0),
                    safe: true,
                },
            ),
            (
                210,
                SimEvent::AttackBegun {
                    participant: "ff-1".into(),
                    facts: attack_at((452.0, 381.0), FireSector::Back),
                },
            ),
            (
                220,
                SimEvent::AttackBegun {
                    participant: "ff-2".into(),
                    facts: attack_at((560.0, 420.0), FireSector::Head),
                },
            ),
            (300, line(vec![(450.0, 380.0), (470.0, 390.0)], 22.4)),
            (
                400,
                SimEvent::SmokeReached {
                    who: "ff-1".into(),
                    k_per_m: 0.15,
                    visibility_m: 20.0,
                },
            ),
            (
                500,
                line(vec![(450.0, 380.0), (470.0, 390.0), (470.0, 420.0)], 52.4),
            ),
            // A quake's injury, not the fire's: not on the fire map.
            (550, burn("ff-1", "struck by falling contents", Harm::Minor)),
            (
                600,
                burn(
                    "ff-1",
                    "radiant heat of the fire front: 3.1 kW/m², burn dose 2.8e6",
                    Harm::Minor,
                ),
            ),
            (
                650,
                SimEvent::Escaping {
                    participant: "ff-1".into(),
                    refuge: "zone".into(),
                    from: (455.0, 385.0),
                    bearing_deg: 270.0,
                    wind_from_deg: 225.0,
                    wind_mps: 4.0,
                    climb_m: -2.0,
                    distance_m: 100.0,
                },
            ),
            (
                700,
                burn(
                    "ff-1",
                    "radiant heat of the fire front: 5.2 kW/m², burn dose 2.4e7",
                    Harm::Fatal,
                ),
            ),
            // A villager the journal never placed: burned, where unknown.
            (
                710,
                burn(
                    "villager-3",
                    "radiant heat of the fire front: 3.0 kW/m², burn dose 2.8e6",
                    Harm::Minor,
                ),
            ),
        ];
        let m = fire_map(&events, HZ).unwrap();
        assert_eq!(
            m.lookouts,
            vec![LookoutPost {
                t_s: 10.0,
                who: "lookout".into(),
                place: "hill".into(),
                at: (300.0, 200.0),
                sees_front: false,
            }]
        );
        assert_eq!(
            m.anchors,
            vec![Anchor {
                t_s: 20.0,
                who: "ff-1".into(),
                place: "road".into(),
                at: (450.0, 380.0),
                safe: true,
            }]
        );
        assert_eq!(
            m.attacks
                .iter()
                .map(|a| (a.t_s, a.who.as_str(), a.facts.at, a.facts.sector))
                .collect::<Vec<_>>(),
            vec![
                (21.0, "ff-1", (452.0, 381.0), FireSector::Back),
                (22.0, "ff-2", (560.0, 420.0), FireSector::Head),
            ]
        );
        // The last report's line.
        assert_eq!(
            m.fireline,
            Some(Fireline {
                t_s: 50.0,
                length_m: 52.4,
                points: vec![(450.0, 380.0), (470.0, 390.0), (470.0, 420.0)],
            })
        );
        assert_eq!(m.escapes.len(), 1);
        let e = &m.escapes[0];
        assert_eq!(
            (e.t_s, e.who.as_str(), e.refuge.as_str()),
            (65.0, "ff-1", "zone")
        );
        // 100 m due west of where they set off.
        let to = e.to();
        assert!(
            (to.0 - 355.0).abs() < 1e-9 && (to.1 - 385.0).abs() < 1e-9,
            "{to:?}"
        );
        assert_eq!(
            m.harm,
            vec![
                // Last placed by their attack.
                FireHarm {
                    t_s: 60.0,
                    who: "ff-1".into(),
                    severity: Some(Harm::Minor),
                    at: Some((452.0, 381.0)),
                },
                // Last placed where they set off to escape.
                FireHarm {
                    t_s: 70.0,
                    who: "ff-1".into(),
                    severity: Some(Harm::Fatal),
                    at: Some((455.0, 385.0)),
                },
                FireHarm {
                    t_s: 71.0,
                    who: "villager-3".into(),
                    severity: Some(Harm::Minor),
                    at: None,
                },
            ]
        );
        assert_eq!(
            m.smoke,
            vec![SmokeExposure {
                t_s: 40.0,
                who: "ff-1".into(),
                k_per_m: 0.15,
                visibility_m: 20.0,
            }]
        );
        // The map spans the lookout's post and the refuge, not only the fire.
        assert_eq!(m.content_m(), Some(((300.0, 200.0), (560.0, 420.0))));
    }

    #[test]
    fn no_fire_no_map() {
        let events = vec![(
            0,
            SimEvent::Hazard {
                event: crate::drill::HazardEvent::ShakingStarts,
            },
        )];
        assert_eq!(fire_map(&events, HZ), None);
    }

    #[test]
    fn without_an_extent_the_frame_spans_the_fire() {
        let events = vec![
            (
                0,
                SimEvent::FireStarted {
                    at: (500.0, 400.0),
                    spot: false,
                    extent_m: (0.0, 0.0),
                },
            ),
            (3000, growth(0.5, vec![square(500.0, 400.0, 100.0)])),
        ];
        let m = fire_map(&events, HZ).unwrap();
        assert_eq!(m.extent_m, None);
        // 200 m across; the margin 5 % of it.
        assert_eq!(m.frame_m(), ((390.0, 290.0), (610.0, 510.0)));
    }
}
