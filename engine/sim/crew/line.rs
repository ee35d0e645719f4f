//! The fireline: cut from the anchor at the scenario's production rate by the firefighters on
//! it, towards the fire and then along its edge away from the anchor, one cell at a time; a cut
//! cell becomes bare ground (NB9) and the fire is re-planned.

use super::{Ground, nearest_burned, round, tenth, walk};
use crate::journal::events::SimEvent;
use crate::scenario::geometry::dist;
use crate::scenario::schema::Point;
use crate::sim::TICK_HZ;
use crate::sim::fire::FireState;
use crate::sim::log::EventLog;
use crate::sim::participants::Participants;
use crate::sim::people::People;

/// How far from the line's end a firefighter still works on it, m.
const ON_LINE_M: f64 = 60.0;
/// How often the line's next cell is chosen again, s.
const NEXT_CELL_EVERY_S: f64 = 10.0;
/// How often the line is journalled while it grows, s.
const LINE_EVERY_S: f64 = 300.0;
/// Bare ground (Scott & Burgan NB9): what a cut cell becomes.
const BARE_GROUND: u16 = 99;

/// The fireline.
#[derive(Clone, Debug)]
pub(super) struct Line {
    pub(super) anchor: Point,
    pub(super) cells: Vec<usize>,
    /// Metres cut towards the next cell.
    pub(super) progress_m: f64,
    pub(super) length_m: f64,
    pub(super) workers: Vec<usize>,
    pub(super) next_journal_tick: u64,
    /// Cells in the last `FirelineBuilt`.
    pub(super) journalled: usize,
    pub(super) stopped: bool,
    /// The next cell to cut, as last chosen (chosen again every [`NEXT_CELL_EVERY_S`] and after
    /// each cut: the fire moves slowly against a cell's minutes of work).
    pub(super) next: Option<usize>,
}

impl Line {
    /// A line to start at `anchor`, first journalled at `tick`.
    pub(super) fn at(anchor: Point, tick: u64) -> Line {
        Line {
            anchor,
            cells: Vec::new(),
            progress_m: 0.0,
            length_m: 0.0,
            workers: Vec::new(),
            next_journal_tick: tick,
            journalled: 0,
            stopped: false,
            next: None,
        }
    }
}

/// The line: cut at the stated rate by those still on it; each finished cell made bare ground
/// and the fire re-planned.
pub(super) fn line(
    tick: u64,
    t_min: f32,
    g: &Ground,
    fire: &mut FireState,
    people: &mut People,
    parts: &mut Participants,
    log: &mut EventLog,
) {
    let Some(rate) = g.line_m_per_h_per_person else {
        return;
    };
    let Some(mut ln) = fire.crew.line.take() else {
        return;
    };
    let head = line_head(fire, &ln);
    // Those still at the line's end (walking on with it, or working there).
    ln.workers.retain(|&i| {
        let me = parts.list[i].person;
        dist(people.net.walkers[me].pos, head) <= ON_LINE_M
    });
    if !ln.stopped {
        ln.progress_m += ln.workers.len() as f64 * rate / 3600.0 / f64::from(TICK_HZ);
        let every = (NEXT_CELL_EVERY_S * f64::from(TICK_HZ)) as u64;
        if ln.next.is_none() || tick.is_multiple_of(every) {
            ln.next = next_cell(fire, &ln, t_min);
        }
        match ln.next {
            Some(c) => {
                let (x, y) = fire.landscape.cell_center_m(c);
                let step = dist(head, (f64::from(x), f64::from(y)));
                if ln.progress_m >= step {
                    ln.progress_m -= step;
                    ln.length_m += step;
                    ln.cells.push(c);
                    ln.next = None;
                    fire.landscape.set_fuel(c, BARE_GROUND);
                    fire.replan(t_min, &[]);
                    let to = (f64::from(x), f64::from(y));
                    for &i in &ln.workers {
                        walk(i, to, tick, parts, people, log);
                    }
                }
            }
            None => ln.stopped = true,
        }
        if ln.workers.is_empty() {
            ln.stopped = true;
        }
    }
    let due = tick >= ln.next_journal_tick && ln.cells.len() > ln.journalled;
    let ended = ln.stopped && ln.cells.len() > ln.journalled;
    if due || ended {
        ln.journalled = ln.cells.len();
        ln.next_journal_tick = tick + (LINE_EVERY_S * f64::from(TICK_HZ)) as u64;
        let mut points = vec![round(ln.anchor)];
        points.extend(ln.cells.iter().map(|&c| {
            let (x, y) = fire.landscape.cell_center_m(c);
            round((f64::from(x), f64::from(y)))
        }));
        log.push(
            tick,
            SimEvent::FirelineBuilt {
                length_m: tenth(ln.length_m),
                points,
            },
        );
    }
    fire.crew.line = Some(ln);
}

/// The line's working end.
fn line_head(fire: &FireState, ln: &Line) -> Point {
    ln.cells.last().map_or(ln.anchor, |&c| {
        let (x, y) = fire.landscape.cell_center_m(c);
        (f64::from(x), f64::from(y))
    })
}

/// The next cell to cut: a neighbour of the line's end that can burn and has not; along the
/// fire's edge (touching burned ground) away from the anchor once the line has reached it,
/// else towards the nearest burned ground.
fn next_cell(fire: &FireState, ln: &Line, t_min: f32) -> Option<usize> {
    let l = &fire.landscape;
    let map = fire.map.as_ref()?;
    let head = line_head(fire, ln);
    let here = l.cell_at(head.0 as f32, head.1 as f32)?;
    let (w, h) = (l.width() as isize, l.height() as isize);
    let neighbours = |c: usize| {
        let (col, row) = ((c % l.width()) as isize, (c / l.width()) as isize);
        (-1..=1)
            .flat_map(move |dr| (-1..=1).map(move |dc| (dc, dr)))
            .filter(|&d| d != (0, 0))
            .filter_map(move |(dc, dr)| {
                let (c2, r2) = (col + dc, row + dr);
                (c2 >= 0 && r2 >= 0 && c2 < w && r2 < h).then(|| (r2 * w + c2) as usize)
            })
    };
    let open: Vec<usize> = neighbours(here)
        .filter(|&c| l.cell_fire(c).burns() && !map.is_burned(c, t_min) && !ln.cells.contains(&c))
        .collect();
    let centre = |c: usize| {
        let (x, y) = l.cell_center_m(c);
        (f64::from(x), f64::from(y))
    };
    let edge: Vec<usize> = open
        .iter()
        .copied()
        .filter(|&c| neighbours(c).any(|n| map.is_burned(n, t_min)))
        .collect();
    if !edge.is_empty() {
        return edge
            .into_iter()
            .max_by(|&a, &b| dist(centre(a), ln.anchor).total_cmp(&dist(centre(b), ln.anchor)));
    }
    let target = nearest_burned(fire, t_min, head)?;
    open.into_iter()
        .min_by(|&a, &b| dist(centre(a), target).total_cmp(&dist(centre(b), target)))
}
