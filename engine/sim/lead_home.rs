//! A cadre who takes a household back home before the all-clear (the rule-breaker's flood
//! mistake, flood.md: nobody returns before the all-clear): from the refuge, by the way the
//! village walks home — across the ford nearest their house when the scenario has one, flooded
//! or not — with those of the household standing with them.

use super::log::EventLog;
use super::participants::{Participants, go};
use super::people::{People, PersonState};
use crate::crowd::behaviour::within_head_count_reach;
use crate::journal::events::SimEvent;
use crate::scenario::geometry::dist;
use crate::scenario::schema::{Point, RoadKind, Site, SiteRef};

/// How near a house a ford must be to be the household's way home, m.
const FORD_NEAR_HOUSE_M: f64 = 150.0;

/// Participant `i` leads one of their households home: the first whose house has a ford near
/// it, else the first.
pub(super) fn lead_home(
    i: usize,
    tick: u64,
    parts: &mut Participants,
    people: &mut People,
    log: &mut EventLog,
) {
    let Site::Terrain(t) = &people.scenario().site else {
        return;
    };
    let house_at = |h: &str| t.houses.iter().find(|x| x.id == h).map(|x| x.at);
    let fords: Vec<(Point, Point)> = t
        .roads
        .iter()
        .filter(|r| r.kind == RoadKind::Ford && r.points.len() >= 2)
        .map(|r| (r.points[0], r.points[r.points.len() - 1]))
        .collect();
    let near_ford = |at: Point| {
        fords
            .iter()
            .copied()
            .filter(|(a, b)| dist(*a, at).min(dist(*b, at)) <= FORD_NEAR_HOUSE_M)
            .min_by(|x, y| {
                let d = |f: &(Point, Point)| dist(f.0, at).min(dist(f.1, at));
                d(x).total_cmp(&d(y))
            })
    };
    let houses = parts.list[i].houses.clone();
    let chosen = houses
        .iter()
        .find(|h| house_at(h).is_some_and(|at| near_ford(at).is_some()))
        .or(houses.first())
        .cloned();
    let Some(house) = chosen else {
        return;
    };
    let Some(home) = people.target(&SiteRef::House(house.clone())) else {
        return;
    };
    let me = parts.list[i].person;
    let here = people.net.walkers[me].pos;
    // Across the ford: its far end from the house first, then the near end.
    let mut way: Vec<Point> = Vec::new();
    if let Some(at) = house_at(&house)
        && let Some((a, b)) = near_ford(at)
    {
        let (near, far) = if dist(a, at) <= dist(b, at) {
            (a, b)
        } else {
            (b, a)
        };
        way = vec![far, near];
    }
    let mut stops: Vec<_> = way
        .iter()
        .filter_map(|p| people.target(&SiteRef::Point(p.0, p.1)))
        .collect();
    stops.push(home);
    // Those of the household at the refuge with them come along.
    let household: Vec<usize> = (0..people.persons.len())
        .filter(|&m| {
            let p = &people.persons[m];
            p.participant.is_none()
                && p.state == PersonState::Still
                && p.group
                    .is_some_and(|g| people.groups[g].start_house.as_deref() == Some(&house))
                && within_head_count_reach(dist(here, people.net.walkers[m].pos))
        })
        .collect();
    let first = stops.remove(0);
    for m in household {
        people.net.set_leader(m, Some(me));
        if people.send(m, first.clone(), stops.clone()) {
            log.push(
                tick,
                SimEvent::StartedMoving {
                    who: people.persons[m].id.clone(),
                },
            );
        }
    }
    go(i, first, stops, tick, parts, people, log);
}
