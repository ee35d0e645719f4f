//! The fire crew's work in a forest-fire drill: what `PostLookout`, `AnchorLine` and `Attack`
//! do on the terrain, and the facts the plan's fire rules are judged by.
//!
//! - `PostLookout` walks to a lookout post (the place named, else the scenario's `Lookout`
//!   place that sees most of the front, the nearest on a tie) and, there, journals whether
//!   the front is in sight (`LookoutPosted`; line of sight over the elevation grid,
//!   `hazards::fire::sight`).
//! - `AnchorLine` walks to an anchor (the place named, else the `Anchor` place nearest the
//!   fire) and journals whether it is safe — ground that cannot burn, burned ground, or a road
//!   (`LineAnchored`).
//! - `Attack` by someone anchored starts (or joins) the fireline at the anchor; by someone not
//!   anchored, it is a frontal assault: they walk at the head of the fire. Either way the
//!   conditions where they engage are journalled (`AttackBegun`): wind, slope, local time,
//!   flames, the part of the fire, training, and LCES — whether a posted lookout sees the front
//!   and the attacker, which refuges a route reaches before the fire does, the nearest safety
//!   zone's distance from fuel against Butler & Cohen's radius.
//! - The line: the firefighters on it cut it at the scenario's stated production rate (m/h
//!   per person). It runs from the anchor to the fire's edge and then along it, away from the
//!   anchor, one cell at a time; a cut cell becomes bare ground (NB9) and the fire is
//!   re-planned from its front. Rasterising a line as barrier cells is the way FARSITE and
//!   FlamMap treat barriers; on 30 m cells it overstates a 1 m scraped line's width, which is
//!   stated in docs/verification.md. `FirelineBuilt` is journalled every 5 minutes while it
//!   grows and when work on it stops.

use super::clock::DrillClock;
use super::fire::FireState;
use super::log::EventLog;
use super::participants::{Participants, go};
use super::people::{People, PersonState};
use super::{DrillSetup, TICK_HZ};
use crate::crowd::roads::OFF_ROAD_FACTOR;
use crate::hazards::fire::safety_zone;
use crate::hazards::fire::shape::sector;
use crate::hazards::fire::sight::Dem;
use crate::hazards::fire::smoke;
use crate::hazards::fire::terrain::terrain_form;
use crate::journal::events::{AttackFacts, SimEvent};
use crate::plan::Action;
use crate::scenario::geometry::{bearing_deg, dist, point_segment};
use crate::scenario::schema::{PlaceUse, Point, ShelterKind, Site, Terrain};
use std::collections::BTreeSet;

mod line;
use line::Line;

/// Eye height of a standing person, m (the observer offset viewshed tools use by default).
pub const EYE_M: f64 = 1.7;
/// Floor area a person needs in a safety zone, m²: drillhall's stated choice (a person
/// lying or crouching with hand tools).
pub const AREA_PER_PERSON_M2: f64 = 5.0;
/// How near a post or an anchor counts as there, m.
const THERE_M: f64 = 5.0;
/// How near the front one attacking without an anchor goes before engaging, m.
const ENGAGE_M: f64 = 60.0;
/// How near the point ahead of the head one rushing at it engages, m.
const AT_THE_HEAD_M: f64 = 15.0;
/// How often one rushing at the head looks again where it is, s.
const RETARGET_S: f64 = 30.0;

/// Someone on the way to a post or an anchor.
#[derive(Clone, Debug)]
struct Going {
    i: usize,
    place: String,
    at: Point,
}

/// The crew's work on the fire.
#[derive(Debug, Default)]
pub struct CrewWork {
    posting: Vec<Going>,
    anchoring: Vec<Going>,
    /// Posted lookouts and their posts.
    lookouts: Vec<(usize, Point)>,
    /// Anchored firefighters and their anchors.
    anchored: Vec<(usize, Point)>,
    /// Attackers without an anchor on their way to the head.
    rushing: Vec<usize>,
    line: Option<Line>,
    /// Who has done crew work (scouting, lookout, anchor, attack): the crew a safety zone holds.
    crew: BTreeSet<usize>,
    /// Escapes journalled: participant and refuge.
    escapes: Vec<(usize, String)>,
}

impl CrewWork {
    /// The fireline's cut cells, from the anchor on (empty before any attack from an anchor).
    pub fn line_cells(&self) -> &[usize] {
        self.line.as_ref().map_or(&[], |l| l.cells.as_slice())
    }

    /// Posted lookouts (participant index) and their posts.
    pub fn lookouts(&self) -> &[(usize, Point)] {
        &self.lookouts
    }
}

/// A crew order taken from the journal this tick.
pub(super) struct Order {
    pub i: usize,
    pub action: Action,
    pub target: Option<String>,
}

/// The drill's context the crew's work reads.
pub(super) struct Ground<'a> {
    pub terrain: &'a Terrain,
    pub dem: Dem<'a>,
    /// The scenario's `start_clock`, minutes after midnight.
    pub start_clock_min: Option<f64>,
    pub line_m_per_h_per_person: Option<f64>,
    pub participants: &'a [crate::scenario::schema::Participant],
}

impl<'a> Ground<'a> {
    pub fn of(setup: &'a DrillSetup) -> Option<Ground<'a>> {
        let Site::Terrain(t) = &setup.scenario.site else {
            return None;
        };
        let dem = setup.elevation.as_ref()?;
        let fire = setup.scenario.hazards.iter().find_map(|h| match h {
            crate::scenario::schema::Hazard::ForestFire(f) => Some(f),
            crate::scenario::schema::Hazard::Earthquake(_)
            | crate::scenario::schema::Hazard::Flood(_) => None,
        })?;
        Some(Ground {
            terrain: t,
            dem: Dem::new(dem, t.cell_size_m),
            start_clock_min: setup
                .scenario
                .meta
                .start_clock
                .as_deref()
                .and_then(crate::plan::clock_minutes),
            line_m_per_h_per_person: fire.line_m_per_h_per_person,
            participants: &setup.scenario.participants,
        })
    }

    fn places(&self, kind: PlaceUse) -> impl Iterator<Item = (&str, Point)> {
        self.terrain
            .places
            .iter()
            .filter(move |p| p.kind == Some(kind))
            .map(|p| (p.id.as_str(), p.at))
    }

    fn place(&self, id: &str) -> Option<Point> {
        self.terrain
            .places
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.at)
    }
}

/// One tick of the crew's work: new orders, arrivals at posts and anchors, engagements, the
/// line.
#[allow(clippy::too_many_arguments)]
pub(super) fn work(
    clock: &DrillClock,
    g: &Ground,
    orders: Vec<Order>,
    fire: &mut FireState,
    people: &mut People,
    parts: &mut Participants,
    log: &mut EventLog,
) {
    let tick = clock.tick;
    let t_min = tick as f32 / TICK_HZ as f32 / 60.0;
    for o in orders {
        take(o, tick, t_min, g, fire, people, parts, log);
    }
    // Where the wind blows: a choice of safety zone avoids downwind.
    people.downwind_deg = fire
        .map
        .is_some()
        .then(|| (fire.wind.from_deg + 180.0).rem_euclid(360.0));
    arrivals(tick, t_min, g, fire, people, parts, log);
    line::line(tick, t_min, g, fire, people, parts, log);
    escapes(tick, g, fire, people, parts, log);
}

/// Once the fire is within reach, each participant setting off for a refuge (a shelter or
/// safety zone) is escaping: the way they go is journalled (`Escaping`), once per refuge.
fn escapes(
    tick: u64,
    g: &Ground,
    fire: &mut FireState,
    people: &People,
    parts: &Participants,
    log: &mut EventLog,
) {
    if !fire.within_reach {
        return;
    }
    for (i, st) in parts.list.iter().enumerate() {
        let me = st.person;
        let person = &people.persons[me];
        if person.state != PersonState::Moving {
            continue;
        }
        let Some(t) = &person.target else {
            continue;
        };
        let Some(refuge) = g.terrain.shelters.iter().find(|s| s.id == t.place) else {
            continue;
        };
        if fire
            .crew
            .escapes
            .iter()
            .any(|(j, r)| *j == i && *r == refuge.id)
        {
            continue;
        }
        fire.crew.escapes.push((i, refuge.id.clone()));
        let from = people.net.walkers[me].pos;
        let to = centroid(&refuge.polygon);
        let climb = g.dem.height_at(to.0, to.1).unwrap_or(0.0)
            - g.dem.height_at(from.0, from.1).unwrap_or(0.0);
        log.push(
            tick,
            SimEvent::Escaping {
                participant: st.id.clone(),
                refuge: refuge.id.clone(),
                from: round(from),
                bearing_deg: tenth(bearing_deg(from, to)),
                wind_from_deg: fire.wind.from_deg,
                wind_mps: fire.wind.speed_mps,
                climb_m: tenth(climb),
                distance_m: tenth(dist(from, to)),
            },
        );
    }
}

#[allow(clippy::too_many_arguments)]
fn take(
    o: Order,
    tick: u64,
    t_min: f32,
    g: &Ground,
    fire: &mut FireState,
    people: &mut People,
    parts: &mut Participants,
    log: &mut EventLog,
) {
    let me = parts.list[o.i].person;
    let pos = people.net.walkers[me].pos;
    let named = o
        .target
        .as_deref()
        .and_then(|id| g.place(id).map(|p| (id, p)));
    match o.action {
        Action::PostLookout => {
            fire.crew.crew.insert(o.i);
            let front = front_points(fire, t_min);
            let post = named.or_else(|| {
                g.places(PlaceUse::Lookout).max_by(|a, b| {
                    let seen = |p: Point| {
                        front
                            .iter()
                            .filter(|&&f| sees(g, fire, p, f, 1.0, true))
                            .count()
                    };
                    seen(a.1)
                        .cmp(&seen(b.1))
                        .then(dist(b.1, pos).total_cmp(&dist(a.1, pos)))
                })
            });
            let (place, at) = post.unwrap_or(("", pos));
            walk(o.i, at, tick, parts, people, log);
            fire.crew.posting.retain(|x| x.i != o.i);
            fire.crew.lookouts.retain(|x| x.0 != o.i);
            fire.crew.posting.push(Going {
                i: o.i,
                place: place.to_string(),
                at,
            });
        }
        Action::AnchorLine => {
            fire.crew.crew.insert(o.i);
            let (place, at) = named
                .or_else(|| anchor_near_fire(g, fire, t_min, pos))
                .unwrap_or(("", pos));
            walk(o.i, at, tick, parts, people, log);
            fire.crew.anchoring.retain(|x| x.i != o.i);
            fire.crew.anchoring.push(Going {
                i: o.i,
                place: place.to_string(),
                at,
            });
        }
        Action::Attack => {
            fire.crew.crew.insert(o.i);
            let anchored = fire.crew.anchored.iter().find(|x| x.0 == o.i).map(|x| x.1);
            match anchored {
                // On the line: engage where they stand, at the anchor.
                Some(anchor) => {
                    begin(o.i, tick, t_min, g, fire, people, parts, log);
                    let line = fire.crew.line.get_or_insert_with(|| Line::at(anchor, tick));
                    if !line.workers.contains(&o.i) {
                        line.workers.push(o.i);
                    }
                    line.stopped = false;
                }
                // No anchor: straight at the head of the fire.
                None => {
                    if let Some(head) = head_point(fire, t_min) {
                        walk_around(o.i, head, fire, t_min, tick, parts, people, log);
                        if !fire.crew.rushing.contains(&o.i) {
                            fire.crew.rushing.push(o.i);
                        }
                    }
                }
            }
        }
        // LCES named where the crew works: the anchor nearest the fire (else where the leader
        // stands), with the front's longest flames now.
        Action::IdentifyEscapeRoutes | Action::IdentifySafetyZone => {
            fire.crew.crew.insert(o.i);
            let (place, from) = named
                .or_else(|| anchor_near_fire(g, fire, t_min, pos))
                .unwrap_or(("", pos));
            let (_, flame) = fire.front_behaviour(t_min);
            let speed = people.net.walkers[me].free_speed_mps.max(0.1);
            let r = refuges(g, fire, people, from, speed, flame, t_min);
            log.push(
                tick,
                SimEvent::LcesChecked {
                    participant: parts.list[o.i].id.clone(),
                    action: o.action,
                    place: place.to_string(),
                    from: round(from),
                    escape_routes: r.escape_routes,
                    safety_zone: r.safety_zone,
                    safety_zone_clear_m: r.clear_m,
                    safety_zone_needed_m: r.needed_m,
                },
            );
        }
        Action::Withdraw => {
            fire.crew.rushing.retain(|&x| x != o.i);
            if let Some(l) = &mut fire.crew.line {
                l.workers.retain(|&x| x != o.i);
            }
        }
        _ => {}
    }
}

/// A scout who has sized up the fire rejoins the crew where it works — the anchor nearest the
/// fire — to keep control of the crew (NWCG Standard Order 9); round the fire, not through it.
#[allow(clippy::too_many_arguments)]
pub(super) fn rejoin(
    i: usize,
    g: &Ground,
    fire: &FireState,
    t_min: f32,
    tick: u64,
    parts: &mut Participants,
    people: &mut People,
    log: &mut EventLog,
) {
    let pos = people.net.walkers[parts.list[i].person].pos;
    if let Some((_, at)) = anchor_near_fire(g, fire, t_min, pos) {
        walk_around(i, at, fire, t_min, tick, parts, people, log);
    }
}

/// Where the crew works: the `Anchor` place nearest the burned ground nearest `pos`.
fn anchor_near_fire<'g>(
    g: &'g Ground,
    fire: &FireState,
    t_min: f32,
    pos: Point,
) -> Option<(&'g str, Point)> {
    let fire_at = nearest_burned(fire, t_min, pos).unwrap_or(pos);
    g.places(PlaceUse::Anchor)
        .min_by(|a, b| dist(a.1, fire_at).total_cmp(&dist(b.1, fire_at)))
}

/// Walk participant `i` to a point.
fn walk(
    i: usize,
    to: Point,
    tick: u64,
    parts: &mut Participants,
    people: &mut People,
    log: &mut EventLog,
) {
    let me = parts.list[i].person;
    if let Some(t) = people.walk_target(me, to) {
        go(i, t, Vec::new(), tick, parts, people, log);
    }
}

/// Walk participant `i` to a point round the burned area, not through the flames: where the
/// straight way passes the burned area's circle, by a waypoint beside it on the near side.
#[allow(clippy::too_many_arguments)]
fn walk_around(
    i: usize,
    to: Point,
    fire: &FireState,
    t_min: f32,
    tick: u64,
    parts: &mut Participants,
    people: &mut People,
    log: &mut EventLog,
) {
    let me = parts.list[i].person;
    let from = people.net.walkers[me].pos;
    let waypoint = burned_circle(fire, t_min).and_then(|(c, r)| {
        let clear = r + DETOUR_M;
        let (d, t) = point_segment(c, from, to);
        let closest = (from.0 + (to.0 - from.0) * t, from.1 + (to.1 - from.1) * t);
        if d >= clear || dist(from, c) < clear {
            return None;
        }
        // Away from the centre through the segment's closest point (or to the left of the way
        // where it runs through the centre).
        let (ux, uy) = if d > 1e-6 {
            ((closest.0 - c.0) / d, (closest.1 - c.1) / d)
        } else {
            let l = dist(from, to).max(1e-6);
            (-(to.1 - from.1) / l, (to.0 - from.0) / l)
        };
        Some((c.0 + ux * clear, c.1 + uy * clear))
    });
    let Some(last) = people.walk_target(me, to) else {
        return;
    };
    match waypoint.and_then(|w| people.walk_target(me, w)) {
        Some(first) => go(i, first, vec![last], tick, parts, people, log),
        None => go(i, last, Vec::new(), tick, parts, people, log),
    }
}

/// How far beyond the burned area's circle a detour passes, m.
const DETOUR_M: f64 = 40.0;

/// The burned area's centre and the radius that holds every burned cell.
fn burned_circle(fire: &FireState, t_min: f32) -> Option<(Point, f64)> {
    let c = burned_centre(fire, t_min)?;
    let map = fire.map.as_ref()?;
    let half = f64::from(fire.landscape.cell_size_m()) * std::f64::consts::FRAC_1_SQRT_2;
    let r = (0..map.arrival_min.len())
        .filter(|&k| map.is_burned(k, t_min))
        .map(|k| {
            let (x, y) = map.cell_center_m(k);
            dist((f64::from(x), f64::from(y)), c) + half
        })
        .fold(0.0, f64::max);
    Some((c, r))
}

/// Those of `going` who are there (or have stopped short), taken off the list.
fn arrived(going: &mut Vec<Going>, people: &People, parts: &Participants) -> Vec<Going> {
    let there = |x: &Going| {
        let me = parts.list[x.i].person;
        dist(people.net.walkers[me].pos, x.at) <= THERE_M
            || people.persons[me].state != PersonState::Moving
    };
    let (done, still): (Vec<Going>, Vec<Going>) = going.drain(..).partition(|x| there(x));
    *going = still;
    done
}

/// Arrivals at posts and anchors; assaults that reach the fire.
fn arrivals(
    tick: u64,
    t_min: f32,
    g: &Ground,
    fire: &mut FireState,
    people: &mut People,
    parts: &mut Participants,
    log: &mut EventLog,
) {
    for x in arrived(&mut fire.crew.posting, people, parts) {
        let me = parts.list[x.i].person;
        let at = people.net.walkers[me].pos;
        let front = front_points(fire, t_min);
        let sees_front = front.iter().any(|&f| sees(g, fire, at, f, 1.0, true));
        parts.list[x.i].fire_duty_done.push(Action::PostLookout);
        fire.crew.lookouts.push((x.i, at));
        log.push(
            tick,
            SimEvent::LookoutPosted {
                participant: parts.list[x.i].id.clone(),
                place: x.place,
                at: round(at),
                sees_front,
            },
        );
    }
    for x in arrived(&mut fire.crew.anchoring, people, parts) {
        let me = parts.list[x.i].person;
        let at = people.net.walkers[me].pos;
        let safe = safe_anchor(g, fire, t_min, at);
        parts.list[x.i].fire_duty_done.push(Action::AnchorLine);
        fire.crew.anchored.retain(|a| a.0 != x.i);
        fire.crew.anchored.push((x.i, at));
        log.push(
            tick,
            SimEvent::LineAnchored {
                participant: parts.list[x.i].id.clone(),
                place: x.place,
                at: round(at),
                safe,
            },
        );
    }
    // A frontal assault follows the head as it moves (every half minute) and engages once
    // there (or wherever the walk ends).
    let head = if fire.crew.rushing.is_empty() {
        None
    } else {
        head_point(fire, t_min)
    };
    let engaged: Vec<usize> = fire
        .crew
        .rushing
        .iter()
        .copied()
        .filter(|&i| {
            let me = parts.list[i].person;
            let pos = people.net.walkers[me].pos;
            people.persons[me].state != PersonState::Moving
                || head.is_some_and(|h| dist(pos, h) <= AT_THE_HEAD_M)
        })
        .collect();
    fire.crew.rushing.retain(|i| !engaged.contains(i));
    // Someone the fire struck down on the way engages nothing.
    let engaged: Vec<usize> = engaged
        .into_iter()
        .filter(|&i| people.persons[parts.list[i].person].state != PersonState::Injured)
        .collect();
    if let Some(h) = head
        && tick.is_multiple_of((RETARGET_S * f64::from(TICK_HZ)) as u64)
    {
        for i in fire.crew.rushing.clone() {
            walk_around(i, h, fire, t_min, tick, parts, people, log);
        }
    }
    for i in engaged {
        let me = parts.list[i].person;
        if people.persons[me].state == PersonState::Moving {
            people.halt(me, PersonState::Still);
        }
        begin(i, tick, t_min, g, fire, people, parts, log);
    }
}

/// Journal the conditions in which participant `i` engages the fire where they stand.
#[allow(clippy::too_many_arguments)]
fn begin(
    i: usize,
    tick: u64,
    t_min: f32,
    g: &Ground,
    fire: &FireState,
    people: &People,
    parts: &mut Participants,
    log: &mut EventLog,
) {
    let facts = attack_facts(i, tick, t_min, g, fire, people, parts);
    parts.list[i].fire_duty_done.push(Action::Attack);
    log.push(
        tick,
        SimEvent::AttackBegun {
            participant: parts.list[i].id.clone(),
            facts,
        },
    );
}

/// The conditions where participant `i` stands now.
/// Whether an eye at `from` sees `to` (`target_m` above the ground): over the terrain
/// (`sight`) and through the smoke between (`smoke`: flames are light-emitting, a person is not).
fn sees(g: &Ground, fire: &FireState, from: Point, to: Point, target_m: f64, flames: bool) -> bool {
    g.dem.sees(from, EYE_M, to, target_m) && {
        // Flames are seen at the fire's edge, not through their own cell's smoke (a Gaussian
        // plume is singular at its source): the last cell before them is not counted.
        let cell_m = f64::from(fire.landscape.cell_size_m());
        let d = dist(from, to);
        let end = if flames && d > cell_m {
            let t = (d - cell_m) / d;
            (from.0 + (to.0 - from.0) * t, from.1 + (to.1 - from.1) * t)
        } else {
            to
        };
        let tau = smoke::optical_depth(
            fire.exposure.smoke_sources(),
            fire.wind.speed_mps,
            fire.wind.from_deg,
            from,
            end,
            cell_m,
        );
        smoke::seen_through_smoke(tau, flames)
    }
}

fn attack_facts(
    i: usize,
    tick: u64,
    t_min: f32,
    g: &Ground,
    fire: &FireState,
    people: &People,
    parts: &Participants,
) -> AttackFacts {
    let me = parts.list[i].person;
    let pos = people.net.walkers[me].pos;
    let l = &fire.landscape;
    let cell = l.cell_at(pos.0 as f32, pos.1 as f32);
    let slope_pct = cell.map_or(0.0, |c| f64::from(l.slope_pct(c)));
    let drill_s = tick as f64 / f64::from(TICK_HZ);
    let front = nearest_front(fire, t_min, pos);
    // The part of the fire they face: their bearing from the burned area's centre against
    // the direction the front near them runs.
    let centre = burned_centre(fire, t_min).unwrap_or(pos);
    let (flame, ros, distance, sect, front_at) = match front {
        Some((c, d)) => {
            let s = l.surface_fire_at(c);
            let (cx, cy) = l.cell_center_m(c);
            let at = (f64::from(cx), f64::from(cy));
            let bearing = libm::atan2(pos.0 - centre.0, pos.1 - centre.1).to_degrees();
            (
                s.flame_length_m(),
                s.ros_head_m_per_min(),
                d,
                sector(bearing - s.head_dir_from_north_deg),
                Some(at),
            )
        }
        None => (0.0, 0.0, f64::INFINITY, sector(180.0), None),
    };
    // LCES: the first posted lookout who sees both the front and this attacker (else the first
    // posted, seeing what they see).
    let sight = |post: Point| {
        let front = front_at.is_some_and(|f| sees(g, fire, post, f, flame.max(1.0), true));
        (front, sees(g, fire, post, pos, EYE_M, false))
    };
    let lookouts: Vec<(usize, (bool, bool))> = fire
        .crew
        .lookouts
        .iter()
        .filter(|(j, post)| {
            let p = parts.list[*j].person;
            dist(people.net.walkers[p].pos, *post) <= THERE_M * 4.0
        })
        .map(|&(j, post)| (j, sight(post)))
        .collect();
    let lookout = lookouts
        .iter()
        .find(|(_, (f, c))| *f && *c)
        .or(lookouts.first())
        .copied();
    let speed = people.net.walkers[me].free_speed_mps.max(0.1);
    let refuges = refuges(g, fire, people, pos, speed, flame, t_min);
    AttackFacts {
        at: round(pos),
        clock_min: g.start_clock_min.map(|c| tenth(c + drill_s / 60.0)),
        wind_mps: fire.wind.speed_mps,
        wind_from_deg: fire.wind.from_deg,
        slope_pct: tenth(slope_pct),
        terrain: terrain_form(&g.dem, f64::from(l.cell_size_m()), pos.0, pos.1),
        flame_length_m: tenth(flame),
        ros_m_per_min: tenth(ros),
        front_distance_m: tenth(distance.min(1e6)),
        sector: sect,
        trained: g
            .participants
            .iter()
            .find(|p| p.id == parts.list[i].id)
            .is_none_or(|p| p.trained),
        lookout: lookout.map(|(j, _)| parts.list[j].id.clone()),
        lookout_sees_front: lookout.is_some_and(|(_, (f, _))| f),
        lookout_sees_crew: lookout.is_some_and(|(_, (_, c))| c),
        escape_routes: refuges.escape_routes,
        safety_zone: refuges.safety_zone,
        safety_zone_clear_m: refuges.clear_m,
        safety_zone_needed_m: refuges.needed_m,
    }
}

/// Escape routes and the safety zone from a place (LCES: E and S).
struct Refuges {
    /// The refuges a route from there reaches before the fire does.
    escape_routes: Vec<String>,
    /// The nearest safety zone, its centre's distance from fuel that can burn, and the radius
    /// it needs (Butler & Cohen 1998) for these flames and the crew, m.
    safety_zone: Option<String>,
    clear_m: f64,
    needed_m: f64,
}

fn refuges(
    g: &Ground,
    fire: &FireState,
    people: &People,
    pos: Point,
    speed_mps: f64,
    flame_m: f64,
    t_min: f32,
) -> Refuges {
    let escape_routes = g
        .terrain
        .shelters
        .iter()
        .filter(|s| beats_fire(fire, people, pos, centroid(&s.polygon), speed_mps, t_min))
        .map(|s| s.id.clone())
        .collect();
    let zone = g
        .terrain
        .shelters
        .iter()
        .filter(|s| s.kind == ShelterKind::SafetyZone)
        .min_by(|a, b| dist(centroid(&a.polygon), pos).total_cmp(&dist(centroid(&b.polygon), pos)));
    let crew = fire.crew.crew.len().max(1) as u32;
    let needed = safety_zone(flame_m, crew, AREA_PER_PERSON_M2, 0, 0.0).radius;
    let clear = zone.map_or(0.0, |z| {
        clearance_from_fuel(fire, t_min, centroid(&z.polygon))
    });
    Refuges {
        escape_routes,
        safety_zone: zone.map(|z| z.id.clone()),
        clear_m: tenth(clear),
        needed_m: tenth(needed),
    }
}

/// Whether a walk from `from` to `to` (by the roads still open, where quicker) reaches every
/// point of its way before the fire does.
fn beats_fire(
    fire: &FireState,
    people: &People,
    from: Point,
    to: Point,
    speed_mps: f64,
    t_min: f32,
) -> bool {
    let Some(map) = &fire.map else {
        return true;
    };
    let step = f64::from(fire.landscape.cell_size_m()) / 2.0;
    let mut at = from;
    let mut elapsed_s = 0.0;
    for leg in people.graph().roads.path(from, to) {
        let v = if leg.on_road {
            speed_mps
        } else {
            speed_mps * OFF_ROAD_FACTOR
        };
        let len = dist(at, leg.to);
        let n = (len / step).ceil().max(1.0) as usize;
        for k in 1..=n {
            let f = k as f64 / n as f64;
            let p = (at.0 + (leg.to.0 - at.0) * f, at.1 + (leg.to.1 - at.1) * f);
            let when_min = t_min + ((elapsed_s + len * f / v) / 60.0) as f32;
            if map.arrival_at_point(p.0 as f32, p.1 as f32) <= when_min {
                return false;
            }
        }
        elapsed_s += len / v;
        at = leg.to;
    }
    true
}

/// How far a point is from the nearest cell that can still burn (its nearest edge), m.
fn clearance_from_fuel(fire: &FireState, t_min: f32, p: Point) -> f64 {
    let l = &fire.landscape;
    let half = f64::from(l.cell_size_m()) / 2.0;
    (0..l.cells())
        .filter(|&c| {
            l.cell_fire(c).burns() && fire.map.as_ref().is_none_or(|m| !m.is_burned(c, t_min))
        })
        .map(|c| {
            let (x, y) = l.cell_center_m(c);
            let dx = ((p.0 - f64::from(x)).abs() - half).max(0.0);
            let dy = ((p.1 - f64::from(y)).abs() - half).max(0.0);
            libm::hypot(dx, dy)
        })
        .fold(f64::INFINITY, f64::min)
}

/// A safe anchor: ground that cannot burn or has burned, or a road.
fn safe_anchor(g: &Ground, fire: &FireState, t_min: f32, at: Point) -> bool {
    let l = &fire.landscape;
    let on_road = g.terrain.roads.iter().any(|r| {
        r.points
            .windows(2)
            .any(|w| point_segment(at, w[0], w[1]).0 <= r.width_m / 2.0 + 1.0)
    });
    let cell = l.cell_at(at.0 as f32, at.1 as f32);
    on_road
        || cell.is_none_or(|c| {
            !l.cell_fire(c).burns() || fire.map.as_ref().is_some_and(|m| m.is_burned(c, t_min))
        })
}

/// The front's cell nearest to `p` and its distance (to its centre), m.
fn nearest_front(fire: &FireState, t_min: f32, p: Point) -> Option<(usize, f64)> {
    let map = fire.map.as_ref()?;
    map.front(t_min)
        .into_iter()
        .map(|(c, _)| {
            let (x, y) = map.cell_center_m(c);
            (c, dist((f64::from(x), f64::from(y)), p))
        })
        .min_by(|a, b| a.1.total_cmp(&b.1))
}

/// Up to 64 points along the front, evenly taken (what a lookout looks for).
fn front_points(fire: &FireState, t_min: f32) -> Vec<Point> {
    let Some(map) = &fire.map else {
        return Vec::new();
    };
    let front = map.front(t_min);
    let every = (front.len() / 64).max(1);
    front
        .iter()
        .step_by(every)
        .map(|&(c, _)| {
            let (x, y) = map.cell_center_m(c);
            (f64::from(x), f64::from(y))
        })
        .collect()
}

/// The centre of the burned area.
fn burned_centre(fire: &FireState, t_min: f32) -> Option<Point> {
    let map = fire.map.as_ref()?;
    let (mut n, mut sx, mut sy) = (0.0, 0.0, 0.0);
    for c in (0..map.arrival_min.len()).filter(|&c| map.is_burned(c, t_min)) {
        let (x, y) = map.cell_center_m(c);
        n += 1.0;
        sx += f64::from(x);
        sy += f64::from(y);
    }
    (n > 0.0).then(|| (sx / n, sy / n))
}

/// Burned ground nearest to `p`.
fn nearest_burned(fire: &FireState, t_min: f32, p: Point) -> Option<Point> {
    let map = fire.map.as_ref()?;
    (0..map.arrival_min.len())
        .filter(|&c| map.is_burned(c, t_min))
        .map(|c| {
            let (x, y) = map.cell_center_m(c);
            (f64::from(x), f64::from(y))
        })
        .min_by(|a, b| dist(*a, p).total_cmp(&dist(*b, p)))
}

/// Where the head of the fire is going: a little ahead of the front cell farthest along the
/// direction of maximum spread (that of the fastest-spreading front cell).
fn head_point(fire: &FireState, t_min: f32) -> Option<Point> {
    let map = fire.map.as_ref()?;
    let l = &fire.landscape;
    let front: Vec<(usize, Point)> = map
        .front(t_min)
        .into_iter()
        .map(|(c, _)| {
            let (x, y) = map.cell_center_m(c);
            (c, (f64::from(x), f64::from(y)))
        })
        .collect();
    let fastest = front
        .iter()
        .map(|&(c, _)| l.surface_fire_at(c))
        .max_by(|a, b| a.ros_head_m_per_min().total_cmp(&b.ros_head_m_per_min()))?;
    let a = fastest.head_dir_from_north_deg.to_radians();
    let (ux, uy) = (libm::sin(a), libm::cos(a));
    let (_, p) = front
        .into_iter()
        .max_by(|x, y| (x.1.0 * ux + x.1.1 * uy).total_cmp(&(y.1.0 * ux + y.1.1 * uy)))?;
    let ahead = ENGAGE_M / 2.0;
    Some((p.0 + ahead * ux, p.1 + ahead * uy))
}

fn centroid(poly: &[Point]) -> Point {
    crate::crowd::network::centroid(poly)
}

fn tenth(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

fn round(p: Point) -> Point {
    (tenth(p.0), tenth(p.1))
}
