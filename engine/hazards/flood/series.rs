//! Time series for hydrographs and rain: (time s, value) knots, piecewise linear or stepped.

/// How a series is read between its knots.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Interp {
    /// Linear between knots (hydrographs, the EA benchmark's inflows).
    #[default]
    Linear,
    /// Each knot's value holds until the next knot (rain gauges' block totals).
    Step,
}

/// A value over time. Before the first knot the value is the first knot's, after the last the
/// last knot's (end a hydrograph with a zero knot to stop it).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Series {
    /// (time s, value), sorted by time.
    pub knots: Vec<(f64, f64)>,
    pub interp: Interp,
}

impl Series {
    pub fn linear(knots: Vec<(f64, f64)>) -> Series {
        Series::new(knots, Interp::Linear)
    }

    pub fn stepped(knots: Vec<(f64, f64)>) -> Series {
        Series::new(knots, Interp::Step)
    }

    pub fn constant(value: f64) -> Series {
        Series::linear(vec![(0.0, value)])
    }

    fn new(mut knots: Vec<(f64, f64)>, interp: Interp) -> Series {
        knots.sort_by(|a, b| a.0.total_cmp(&b.0));
        Series { knots, interp }
    }

    pub fn at(&self, t_s: f64) -> f64 {
        let k = &self.knots;
        let Some(first) = k.first() else {
            return 0.0;
        };
        if t_s <= first.0 {
            return first.1;
        }
        // Index of the first knot after t.
        let after = k.partition_point(|p| p.0 <= t_s);
        if after >= k.len() {
            return k[k.len() - 1].1;
        }
        let (a, b) = (k[after - 1], k[after]);
        match self.interp {
            Interp::Step => a.1,
            Interp::Linear => a.1 + (b.1 - a.1) * (t_s - a.0) / (b.0 - a.0),
        }
    }

    /// The integral over [t0, t1] (exact for both interpolations).
    pub fn integral(&self, t0: f64, t1: f64) -> f64 {
        if t1 <= t0 {
            return 0.0;
        }
        // Break points: t0, the knots inside, t1.
        let mut total = 0.0;
        let mut a = t0;
        for &(tk, _) in self.knots.iter().filter(|p| p.0 > t0 && p.0 < t1) {
            total += self.piece(a, tk);
            a = tk;
        }
        total + self.piece(a, t1)
    }

    /// Integral over [a, b] with no knot strictly inside.
    fn piece(&self, a: f64, b: f64) -> f64 {
        match self.interp {
            Interp::Linear => 0.5 * (self.at(a) + self.at(b)) * (b - a),
            // The value just after a holds over the piece.
            Interp::Step => self.at(a + 0.5 * (b - a)) * (b - a),
        }
    }
}
