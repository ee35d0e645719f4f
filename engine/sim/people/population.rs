//! Everyone at their start: the scenario's population, group by group (seated on their room's
//! chairs, with free speeds and pre-movement times drawn from the `people` stream), then the
//! participants' bodies.

use super::{Cot, Group, People, Person, PersonState, resolve};
use crate::crowd::behaviour::{EvacuationSignal, Orders};
use crate::crowd::network::{LinkKind, NavGraph, Network, NodeKind, centroid};
use crate::crowd::profiles::{free_speed_mps, stair_down_factor};
use crate::journal::events::Posture;
use crate::rng::sample_time;
use crate::scenario::geometry::contains;
use crate::scenario::schema::{FurnitureKind, Point, Profile, Scenario, Site, SiteRef};
use crate::sim::DrillSetup;
use rand::Rng;
use std::collections::VecDeque;

/// The chairs of a space, in layout order.
fn chairs_in(s: &Scenario, space: &str) -> VecDeque<Point> {
    let Site::Building(b) = &s.site else {
        return VecDeque::new();
    };
    b.floors
        .iter()
        .flat_map(|f| &f.furniture)
        .filter(|f| f.kind == FurnitureKind::Chair && f.space == space)
        .flat_map(|f| f.layout.points())
        .collect()
}

/// A start position: a random point of the place's area (rooms, assembly areas, a house's
/// footprint), or the place's point.
fn start_position(
    rng: &mut impl Rng,
    s: &Scenario,
    g: &NavGraph,
    r: &SiteRef,
) -> Option<(usize, Point)> {
    let in_poly = |rng: &mut dyn rand::RngCore, poly: &[Point]| -> Point {
        let ((x0, y0), (x1, y1)) = crate::scenario::geometry::bounds(poly);
        for _ in 0..64 {
            let p = (
                x0 + (x1 - x0) * rng.random::<f64>(),
                y0 + (y1 - y0) * rng.random::<f64>(),
            );
            if contains(poly, p) {
                return p;
            }
        }
        centroid(poly)
    };
    match (&s.site, r) {
        (Site::Building(_), SiteRef::Space(id) | SiteRef::AssemblyArea(id)) => {
            let n = g.node(id)?;
            Some((n, in_poly(rng, &g.nodes[n].polygon)))
        }
        (Site::Terrain(t), SiteRef::House(id)) => {
            let h = t.houses.iter().find(|h| &h.id == id)?;
            let (w, d) = h.footprint_m;
            let p = (
                h.at.0 + (rng.random::<f64>() - 0.5) * w,
                h.at.1 + (rng.random::<f64>() - 0.5) * d,
            );
            Some((0, p))
        }
        (Site::Terrain(t), SiteRef::Shelter(id)) => {
            let sh = t.shelters.iter().find(|h| &h.id == id)?;
            Some((0, in_poly(rng, &sh.polygon)))
        }
        _ => {
            let t = resolve(s, g, r)?;
            let node = *t.goal.nodes.first()?;
            Some((node, t.goal.point.unwrap_or(g.nodes[node].centroid)))
        }
    }
}

impl People {
    /// Everyone at their start: occupants group by group, then the participants.
    pub fn new(setup: &DrillSetup) -> Result<People, String> {
        let s = &setup.scenario;
        let graph = NavGraph::from_site(&s.site);
        let building = graph.is_building();
        let mut net = Network::new(graph);
        let mut rng = setup.seed.stream("people");
        let mut persons = Vec::new();
        let mut groups = Vec::new();
        let mut seats: std::collections::BTreeMap<String, VecDeque<Point>> = Default::default();
        for (gi, grp) in s.population.iter().enumerate() {
            let destination = match &grp.destination {
                Some(d) => resolve(s, &net.graph, d),
                None => match (&s.site, &grp.exit) {
                    (Site::Building(b), Some(e)) => {
                        b.exits.iter().find(|x| &x.id == e).and_then(|x| {
                            resolve(s, &net.graph, &SiteRef::AssemblyArea(x.leads_to.clone()))
                        })
                    }
                    (Site::Building(b), None) => b
                        .assembly_areas
                        .first()
                        .and_then(|a| resolve(s, &net.graph, &SiteRef::AssemblyArea(a.id.clone()))),
                    (Site::Terrain(t), _) => t
                        .shelters
                        .first()
                        .and_then(|a| resolve(s, &net.graph, &SiteRef::Shelter(a.id.clone()))),
                },
            }
            .ok_or_else(|| {
                format!(
                    "group `{}`: its destination is not a place one can walk to",
                    grp.id
                )
            })?;
            let leaders: Vec<usize> = grp
                .all_leaders()
                .filter_map(|l| s.participants.iter().position(|p| &p.id == l))
                .collect();
            let leader = leaders.first().copied();
            let start_house = match &grp.start {
                SiteRef::House(h) => Some(h.clone()),
                _ => None,
            };
            let mut members = Vec::new();
            for i in 0..grp.count {
                let (node, mut pos) = start_position(&mut rng, s, &net.graph, &grp.start)
                    .ok_or_else(|| {
                        format!("group `{}`: its start is not a place on the site", grp.id)
                    })?;
                // A class in session sits on its room's chairs, front rows first.
                if let SiteRef::Space(id) = &grp.start
                    && let Some(seat) = seats
                        .entry(id.clone())
                        .or_insert_with(|| chairs_in(s, id))
                        .pop_front()
                {
                    pos = seat;
                }
                // An infant moves only when carried, at the carrying adult's pace.
                let speed = match grp.profile {
                    Profile::Infant => grp.carry_speed_mps.unwrap_or(0.0),
                    Profile::Adult
                    | Profile::Child
                    | Profile::Toddler
                    | Profile::Elderly
                    | Profile::WheelchairUser => free_speed_mps(&mut rng, grp.profile),
                };
                let pre = sample_time(&mut rng, &grp.pre_movement_s, i);
                let climb = grp.profile != Profile::WheelchairUser;
                let p = net.add(node, pos, speed, climb);
                net.walkers[p].stair_down_factor = stair_down_factor(grp.profile);
                persons.push(Person {
                    id: format!("{}/{:02}", grp.id, i + 1),
                    group: Some(gi),
                    participant: None,
                    profile: grp.profile,
                    start_node: node,
                    start_pos: pos,
                    state: PersonState::Waiting,
                    pre_movement_s: pre,
                    started: false,
                    outside: !matches!(net.graph.nodes[node].kind, NodeKind::Space { .. }),
                    target: None,
                    then: VecDeque::new(),
                    at: None,
                    posture: Posture::Standing,
                    hides: false,
                    asleep: grp.asleep,
                    wakes_at: None,
                    woke_at: None,
                    carried_by: None,
                    led_by_hand: None,
                });
                members.push(p);
            }
            let exit = grp.exit.as_ref().and_then(|e| net.graph.link(e));
            groups.push(Group {
                id: grp.id.clone(),
                members,
                leaders,
                leader,
                exit,
                destination,
                orders: Orders::default(),
                start_house,
                hand_led_per_adult: grp.hand_led_per_adult,
            });
        }
        for (pi, part) in s.participants.iter().enumerate() {
            let (node, pos) =
                start_position(&mut rng, s, &net.graph, &part.start).ok_or_else(|| {
                    format!(
                        "participant `{}`: the start is not a place on the site",
                        part.id
                    )
                })?;
            let speed = free_speed_mps(&mut rng, part.profile);
            net.add(node, pos, speed, part.profile != Profile::WheelchairUser);
            let here = resolve(s, &net.graph, &part.start);
            persons.push(Person {
                id: part.id.clone(),
                group: None,
                participant: Some(pi),
                profile: part.profile,
                start_node: node,
                start_pos: pos,
                state: PersonState::Waiting,
                pre_movement_s: 0.0,
                started: false,
                outside: !matches!(net.graph.nodes[node].kind, NodeKind::Space { .. }),
                target: None,
                then: VecDeque::new(),
                at: here,
                posture: Posture::Standing,
                hides: false,
                asleep: false,
                wakes_at: None,
                woke_at: None,
                carried_by: None,
                led_by_hand: None,
            });
        }
        let cots = match &s.site {
            Site::Building(b) => b
                .cots
                .iter()
                .filter_map(|c| {
                    let node = net.graph.node(&c.space)?;
                    // A cot rolls out through doors only: one that stairs cut off stays put.
                    rolls_out(&net.graph, node).then_some(())?;
                    Some(Cot {
                        node,
                        at: c.at,
                        capacity_infants: c.capacity_infants,
                        push_speed_mps: c.push_speed_mps,
                        held_by: None,
                    })
                })
                .collect(),
            Site::Terrain(_) => Vec::new(),
        };
        Ok(People {
            net,
            persons,
            groups,
            cots,
            building,
            scenario: s.clone(),
            rng: setup.seed.stream("injects"),
            milestones: Vec::new(),
            scanned: 0,
            evacuation_signal: EvacuationSignal::default(),
            panic_rng: setup.seed.stream("panic"),
            downwind_deg: None,
        })
    }

    /// Nobody: for a scenario the engine could not set up.
    pub(super) fn empty(setup: &DrillSetup) -> People {
        People {
            net: Network::new(NavGraph::default()),
            persons: Vec::new(),
            groups: Vec::new(),
            cots: Vec::new(),
            building: false,
            scenario: setup.scenario.clone(),
            rng: setup.seed.stream("injects"),
            milestones: Vec::new(),
            scanned: 0,
            evacuation_signal: EvacuationSignal::default(),
            panic_rng: setup.seed.stream("panic"),
            downwind_deg: None,
        }
    }
}

/// Whether an exit can be reached from `node` through doors alone (no stair, no lift).
fn rolls_out(graph: &NavGraph, node: usize) -> bool {
    let mut seen = vec![false; graph.nodes.len()];
    let mut todo = vec![node];
    while let Some(n) = todo.pop() {
        if std::mem::replace(&mut seen[n], true) {
            continue;
        }
        for l in graph.links.iter().filter(|l| l.a == n || l.b == n) {
            match l.kind {
                LinkKind::Exit => return true,
                LinkKind::Door => todo.push(l.other(n)),
                LinkKind::Stair { .. } | LinkKind::Lift { .. } => {}
            }
        }
    }
    false
}
