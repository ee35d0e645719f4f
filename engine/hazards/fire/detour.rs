//! A way round the fire for someone on foot: the quickest walk over the fire's grid that never
//! enters a cell while it burns — from [`LEAD_MIN`] before the front reaches it until its flames
//! are out. Burned-out ground is open again (fire.md's self-rescue: retreat into burned
//! ground). People see flames and go round them; without this, a straight walk across a
//! burning slope would be a drill's quiet way of killing people the plan never sent there.
//!
//! The search is A* over the cells with 8 neighbours, the walker's time at each cell being the
//! start time plus the distance walked over their speed. A cell's forbidden window is fixed, so
//! the earliest arrival at a cell is also the best one to go on from — except that waiting for
//! a fire to pass can open a way; that is not searched (a person on foot is not told to wait
//! for the flames to pass). The path is straightened: waypoints are kept only where the straight
//! line from the last kept one would cross a forbidden cell (walking the path forward).

use super::arrival::ArrivalMap;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// How long before the front reaches a cell it is closed to walkers, min: nobody walks into a
/// cell the fire will be in within two minutes.
pub const LEAD_MIN: f64 = 2.0;

/// The fire's grid and when each cell burns, for a walker.
pub struct FireWindows<'a, F: Fn(usize) -> f64> {
    pub map: &'a ArrivalMap,
    /// How long cell `c` flames once reached, min.
    pub flaming_min: F,
    /// How far from flames a walker keeps, m: a cell within this of a flaming cell is closed
    /// too (the caller states it from the flames, e.g. Butler & Cohen's 4 × flame height).
    pub clear_m: f64,
}

impl<F: Fn(usize) -> f64> FireWindows<'_, F> {
    fn cell_m(&self) -> f64 {
        f64::from(self.map.cell_size_m)
    }

    /// The cell at (x, y) m, if on the grid.
    fn cell_at(&self, p: (f64, f64)) -> Option<usize> {
        let c = self.cell_m();
        let (w, h) = (self.map.width, self.map.height);
        if !(p.0 >= 0.0 && p.1 >= 0.0) || c <= 0.0 {
            return None;
        }
        let (col, row) = ((p.0 / c) as usize, (p.1 / c) as usize);
        (col < w && row < h).then_some(row * w + col)
    }

    fn centre(&self, cell: usize) -> (f64, f64) {
        let (x, y) = self.map.cell_center_m(cell);
        (f64::from(x), f64::from(y))
    }

    /// Whether `cell` itself burns at `t_min` (from [`LEAD_MIN`] before the front).
    fn burns(&self, cell: usize, t_min: f64) -> bool {
        let Some(&a) = self.map.arrival_min.get(cell) else {
            return false;
        };
        let a = f64::from(a);
        a.is_finite() && t_min >= a - LEAD_MIN && t_min < a + (self.flaming_min)(cell).max(0.0)
    }

    /// Whether a walker entering `cell` at `t_min` walks into fire or within `clear_m` of it.
    pub fn closed(&self, cell: usize, t_min: f64) -> bool {
        let cell_m = self.cell_m();
        let r = if self.clear_m > 0.0 && cell_m > 0.0 {
            (self.clear_m / cell_m).ceil().min(8.0) as i64
        } else {
            0
        };
        let (w, h) = (self.map.width as i64, self.map.height as i64);
        let (c, row) = ((cell as i64) % w, (cell as i64) / w);
        (-r..=r).any(|dr| {
            (-r..=r).any(|dc| {
                let (nc, nr) = (c + dc, row + dr);
                // Cells whose nearest edge is within the clearance.
                let gap = |d: i64| (d.abs() - 1).max(0) as f64 * cell_m;
                nc >= 0
                    && nr >= 0
                    && nc < w
                    && nr < h
                    && libm::hypot(gap(dc), gap(dr)) <= self.clear_m
                    && self.burns((nr * w + nc) as usize, t_min)
            })
        })
    }

    /// Whether the straight walk from `from` to `to`, leaving at `t0_min` at `speed_mps`,
    /// enters fire (sampled every quarter cell; the cells one starts and ends in do not count:
    /// a way round cannot help there).
    pub fn crosses_fire(
        &self,
        from: (f64, f64),
        to: (f64, f64),
        t0_min: f64,
        speed_mps: f64,
    ) -> bool {
        let (start, end) = (self.cell_at(from), self.cell_at(to));
        let d = libm::hypot(to.0 - from.0, to.1 - from.1);
        let step = self.cell_m() / 4.0;
        if !(d.is_finite() && step > 0.0 && speed_mps > 0.0) {
            return false;
        }
        let n = (d / step).ceil().min(1e6) as usize;
        (1..=n).any(|k| {
            let s = (k as f64 * step).min(d);
            let p = (
                from.0 + (to.0 - from.0) * s / d,
                from.1 + (to.1 - from.1) * s / d,
            );
            self.cell_at(p)
                .filter(|&c| Some(c) != start && Some(c) != end)
                .is_some_and(|c| self.closed(c, t0_min + s / speed_mps / 60.0))
        })
    }

    /// The waypoints of the quickest walk from `from` to `to` that enters no fire, ending with
    /// `to`; `None` when the fire leaves no way (or either end is off the grid). The cells one
    /// starts and ends in are always open.
    pub fn detour(
        &self,
        from: (f64, f64),
        to: (f64, f64),
        t0_min: f64,
        speed_mps: f64,
    ) -> Option<Vec<(f64, f64)>> {
        let (start, goal) = (self.cell_at(from)?, self.cell_at(to)?);
        if !(speed_mps > 0.0 && speed_mps.is_finite()) {
            return None;
        }
        let (w, h) = (self.map.width as i64, self.map.height as i64);
        let cell_m = self.cell_m();
        let goal_at = self.centre(goal);
        let estimate = |c: usize| {
            let p = self.centre(c);
            libm::hypot(p.0 - goal_at.0, p.1 - goal_at.1)
        };
        // Distances in mm as integers: a total order, the same everywhere.
        let mm = |m: f64| (m * 1000.0).round() as u64;
        let mut best = vec![f64::INFINITY; self.map.arrival_min.len()];
        let mut via = vec![usize::MAX; best.len()];
        let mut heap = BinaryHeap::new();
        best[start] = 0.0;
        heap.push(Reverse((mm(estimate(start)), start)));
        while let Some(Reverse((_, u))) = heap.pop() {
            if u == goal {
                break;
            }
            let (uc, ur) = ((u as i64) % w, (u as i64) / w);
            for (dc, dr) in [
                (1, 0),
                (-1, 0),
                (0, 1),
                (0, -1),
                (1, 1),
                (1, -1),
                (-1, 1),
                (-1, -1),
            ] {
                let (nc, nr) = (uc + dc, ur + dr);
                if nc < 0 || nr < 0 || nc >= w || nr >= h {
                    continue;
                }
                let v = (nr * w + nc) as usize;
                let g = best[u] + cell_m * if dc != 0 && dr != 0 { 2f64.sqrt() } else { 1.0 };
                if g >= best[v] || (v != goal && self.closed(v, t0_min + g / speed_mps / 60.0)) {
                    continue;
                }
                best[v] = g;
                via[v] = u;
                heap.push(Reverse((mm(g + estimate(v)), v)));
            }
        }
        if !best[goal].is_finite() {
            return None;
        }
        let mut cells = vec![goal];
        while let Some(&c) = cells.last() {
            if c == start {
                break;
            }
            cells.push(via[c]);
        }
        cells.reverse();
        // Straighten: from each kept point, go as far along the path as a straight walk
        // that enters no fire reaches.
        let mut out = Vec::new();
        let (mut at, mut at_k) = (from, 0usize);
        let time_at = |k: usize| t0_min + best[cells[k]] / speed_mps / 60.0;
        while at_k + 1 < cells.len() {
            let mut next = at_k + 1;
            for k in at_k + 2..cells.len() {
                let p = if k + 1 == cells.len() {
                    to
                } else {
                    self.centre(cells[k])
                };
                if self.crosses_fire(at, p, time_at(at_k), speed_mps) {
                    break;
                }
                next = k;
            }
            let p = if next + 1 == cells.len() {
                to
            } else {
                self.centre(cells[next])
            };
            out.push(p);
            at = p;
            at_k = next;
        }
        if out.last() != Some(&to) {
            out.push(to);
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 20 × 20 cells of 10 m; a wall of fire along column 10 (x 100–110 m) reached at `at` min
    /// and flaming 5 min, except where `gap` leaves a row unburnable.
    fn wall(at: f32, gap: Option<usize>) -> ArrivalMap {
        let (w, h) = (20, 20);
        let arrival_min = (0..w * h)
            .map(|c| {
                let (col, row) = (c % w, c / w);
                if col == 10 && Some(row) != gap {
                    at
                } else {
                    f32::INFINITY
                }
            })
            .collect();
        ArrivalMap {
            width: w,
            height: h,
            cell_size_m: 10.0,
            arrival_min,
        }
    }

    fn windows(map: &ArrivalMap) -> FireWindows<'_, impl Fn(usize) -> f64> {
        FireWindows {
            map,
            flaming_min: |_| 5.0,
            clear_m: 0.0,
        }
    }

    #[test]
    fn a_burning_wall_is_crossed_through_its_gap() {
        let map = wall(0.0, Some(16));
        let f = windows(&map);
        let (from, to) = ((45.0, 55.0), (155.0, 55.0));
        assert!(f.crosses_fire(from, to, 1.0, 1.2));
        let way = f.detour(from, to, 1.0, 1.2).unwrap();
        assert_eq!(way.last(), Some(&to));
        // Every leg of it is clear of the fire, and it passes the gap (row 16, y 160–170).
        let mut at = from;
        let mut walked = 0.0;
        for &p in &way {
            assert!(
                !f.crosses_fire(at, p, 1.0 + walked / 1.2 / 60.0, 1.2),
                "{at:?} → {p:?}"
            );
            walked += libm::hypot(p.0 - at.0, p.1 - at.1);
            at = p;
        }
        assert!(way.iter().any(|p| p.1 > 150.0), "{way:?}");
        assert!(way.len() <= 4, "straightened: {way:?}");
    }

    #[test]
    fn no_way_through_an_unbroken_wall_while_it_burns() {
        let map = wall(0.0, None);
        let f = windows(&map);
        assert!(f.detour((45.0, 55.0), (155.0, 55.0), 1.0, 1.2).is_none());
    }

    #[test]
    fn burned_out_ground_and_a_fire_still_far_off_are_walked_straight() {
        let f_map = wall(0.0, None);
        let f = windows(&f_map);
        // Out since minute 5.
        assert!(!f.crosses_fire((45.0, 55.0), (155.0, 55.0), 6.0, 1.2));
        // Reached at minute 30: the walker is long past.
        let later = wall(30.0, None);
        assert!(!windows(&later).crosses_fire((45.0, 55.0), (155.0, 55.0), 0.0, 1.2));
        // Reached at minute 2, as the walker gets there (about 50 m at 1.2 m/s, 0.7 min):
        // within the lead, closed.
        let soon = wall(2.0, None);
        assert!(windows(&soon).crosses_fire((45.0, 55.0), (155.0, 55.0), 0.0, 1.2));
    }
}
