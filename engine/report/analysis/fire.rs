//! The fire map's facts: the terrain's frame, where the fire started (ignitions and spot
//! fires), its perimeter at each growth report (the isochrones), and what the front reached,
//! where and when — all read from the journal.

use super::seconds;
use crate::journal::events::SimEvent;
use crate::scenario::schema::{Point, SiteRef};

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
    /// reached — (south-west, north-east) in metres; `None` for an empty map.
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
            );
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
            SimEvent::DrillStarted { .. }
            | SimEvent::PhaseChanged { .. }
            | SimEvent::Hazard { .. }
            | SimEvent::Aftershock { .. }
            | SimEvent::GroundMotion { .. }
            | SimEvent::WarningIssued { .. }
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
            | SimEvent::LookoutPosted { .. }
            | SimEvent::LineAnchored { .. }
            | SimEvent::AttackBegun { .. }
            | SimEvent::FirelineBuilt { .. }
            | SimEvent::SmokeReached { .. }
            | SimEvent::Escaping { .. }
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
