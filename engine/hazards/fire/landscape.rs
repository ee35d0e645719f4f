//! Fire spread over a raster landscape by minimum travel time (Finney 2002, the method of
//! FlamMap): every cell gets its surface fire (head rate, head direction, eccentricity), and the
//! fire's arrival time is the shortest travel time from the ignition, found by Dijkstra's
//! algorithm over a 16-neighbour stencil (the 8 neighbours and the 8 knight moves). Fire crossing
//! from cell i to cell j at angle θ from a cell's head travels half the way at cell i's rate and
//! half at cell j's, R(θ) = R_head·(1 − e)/(1 − e·cos θ) ([`super::shape`]); in uniform fuel the
//! arrival isoline is then the ellipse of Anderson (1983) with the ignition at its rear focus.
//!
//! Moves along the stencil alone make a fire a 16-gon inscribed in that ellipse, and an ellipse
//! seen from its focus is sharply curved at the head: FM1 at 5 mi/h loses 10 % of its area
//! (11 % in arrival time just off the head), at 15 mi/h 37 % ([`SpreadMethod::Stencil16`]). The
//! default ([`SpreadMethod::Interpolated16`]) also lets a cell be reached from any point of the
//! segment between two adjacent burned stencil neighbours, its time interpolated along the
//! segment (a semi-Lagrangian, ordered-upwind update, solved in closed form), so the fire may
//! travel in any direction. Two measures keep that update upwind however eccentric the fire: the
//! costs are reweighted by a uniform linear potential (see `set_gauge`), which makes them
//! isotropic in uniform fuel without changing any arrival time, and a point ignition starts with
//! the exact ellipse in the uniform square around it (see `ignite_point`). FM1 from a point, 1 h:
//! area −0.3 % at 5 mi/h, −0.8 % at 15 mi/h, −0.6 % at 30 mi/h (LW 8).
//!
//! Non-burnable cells (and cells too wet to burn) stop the fire. A diagonal move may not cut the
//! corner between two non-burnable cells, and a knight move needs both cells it passes between to
//! burn: a one-cell strip of bare ground is a fuel break that the stencil cannot jump.
//!
//! Coordinates: x east, y north, in metres from the south-west corner. Cell (col, row) has
//! index `row·width + col`, row 0 is the SOUTH edge, and its centre is at
//! (col·cell + cell/2, row·cell + cell/2). Times are minutes (f32) since the drill's start.
//!
//! Weather is uniform over the landscape and can change: [`Landscape::set_weather`]; crews and
//! line change fuel: [`Landscape::set_fuel`]. A re-plan continues from the current front
//! ([`ArrivalMap::front`], [`Landscape::replan`]); with unchanged weather it reproduces the
//! single run.
//!
//! Speed: each cell keeps its inverse spread rate as a linear function of the direction,
//! 1/R(d̂) = a − B·d̂ with a = 1/(R_head·(1 − e)) and B = e·a·ĥ, so a move costs a few
//! multiplications (no trigonometry); the grid has a two-cell non-burnable border (no tests for
//! the grid's edge), each cell's allowed moves are a precomputed 16-bit mask, and the queue is an
//! indexed 4-ary heap that lowers keys in place (each cell is popped once).

use super::arrival::{cell_at, cell_center};
use super::fuel_models::fuel_model;
use super::queue::CellQueue;
use super::surface::{self, Fuelbed, M_PER_FT, Moisture, SurfaceFire};
use super::wind::{self, WindHeight};
use std::collections::BTreeMap;

pub use super::arrival::ArrivalMap;

/// Weather over the whole landscape.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Weather {
    pub moisture: Moisture,
    pub wind_speed_mph: f64,
    pub wind_height: WindHeight,
    /// Where the wind blows FROM, degrees clockwise from north.
    pub wind_from_deg: f64,
    pub canopy_cover: f64,
    pub canopy_height_ft: f64,
    pub crown_ratio: f64,
    /// Rothermel's wind limit; off by default (BehavePlus, FlamMap).
    pub wind_limit: bool,
}

impl Default for Weather {
    fn default() -> Self {
        Weather {
            moisture: Moisture::default(),
            wind_speed_mph: 0.0,
            wind_height: WindHeight::Midflame,
            wind_from_deg: 0.0,
            canopy_cover: 0.0,
            canopy_height_ft: 0.0,
            crown_ratio: 0.0,
            wind_limit: false,
        }
    }
}

/// The surface fire of one cell, as the spread needs it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct CellFire {
    pub ros_head_m_per_min: f32,
    /// Unit vector of the head's direction of travel: x east, y north.
    pub head_x: f32,
    pub head_y: f32,
    pub eccentricity: f32,
}

impl CellFire {
    /// A cell that does not burn.
    pub const NONE: CellFire = CellFire {
        ros_head_m_per_min: 0.0,
        head_x: 0.0,
        head_y: 1.0,
        eccentricity: 0.0,
    };

    pub fn of(fire: &SurfaceFire) -> CellFire {
        if !fire.burns() {
            return CellFire::NONE;
        }
        let dir = fire.head_dir_from_north_deg.to_radians();
        CellFire {
            ros_head_m_per_min: (fire.ros_head_ft_per_min * M_PER_FT) as f32,
            head_x: libm::sin(dir) as f32,
            head_y: libm::cos(dir) as f32,
            eccentricity: fire.eccentricity as f32,
        }
    }

    pub fn burns(&self) -> bool {
        self.ros_head_m_per_min > 0.0 && self.ros_head_m_per_min.is_finite()
    }

    /// Spread rate from an ignition point toward the unit vector (ux, uy), m/min.
    pub fn ros_toward_m_per_min(&self, ux: f32, uy: f32) -> f32 {
        let cos = self.head_x * ux + self.head_y * uy;
        let e = self.eccentricity;
        self.ros_head_m_per_min * (1.0 - e) / (1.0 - e * cos)
    }

    /// Inverse spread rate as a linear function of the direction: 1/R(d̂) = a − (b, c)·d̂ with
    /// a = 1/(R_head·(1 − e)) and (b, c) = e·a·ĥ, min/m; a = ∞ where nothing burns.
    pub fn inverse_rate_coefficients(&self) -> [f64; 3] {
        let none = [f64::INFINITY, 0.0, 0.0];
        if !self.burns() {
            return none;
        }
        let r = f64::from(self.ros_head_m_per_min);
        let e = f64::from(self.eccentricity).clamp(0.0, 0.999);
        let a = 1.0 / (r * (1.0 - e));
        if !(a as f32).is_finite() {
            // Too slow to represent: it does not burn within any drill.
            return none;
        }
        [
            a,
            e * a * f64::from(self.head_x),
            e * a * f64::from(self.head_y),
        ]
    }
}

/// Why a landscape could not be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LandscapeError {
    /// Width or height is zero.
    Empty,
    /// More cells than the spread's u32 indices hold.
    TooLarge,
    /// A per-cell layer has the wrong length.
    LayerLength {
        layer: &'static str,
        expected: usize,
        got: usize,
    },
    /// The cell size is not a positive finite number.
    CellSize,
}

impl std::fmt::Display for LandscapeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LandscapeError::Empty => write!(f, "the landscape has no cells"),
            LandscapeError::TooLarge => write!(f, "the landscape has too many cells"),
            LandscapeError::LayerLength {
                layer,
                expected,
                got,
            } => {
                write!(
                    f,
                    "the {layer} layer has {got} cells, the landscape {expected}"
                )
            }
            LandscapeError::CellSize => write!(f, "the cell size must be a positive number"),
        }
    }
}

impl std::error::Error for LandscapeError {}

/// Width of the non-burnable border around the grid (the knight moves reach two cells).
const PAD: usize = 2;

/// The stencil, (Δcol, Δrow), in counter-clockwise order from east: the 8 neighbours and the 8
/// knight moves between them. Move k's opposite is k + 8 (mod 16); its angular neighbours k ± 1.
pub(super) const STENCIL: [(i32, i32); 16] = [
    (1, 0),
    (2, 1),
    (1, 1),
    (1, 2),
    (0, 1),
    (-1, 2),
    (-1, 1),
    (-2, 1),
    (-1, 0),
    (-2, -1),
    (-1, -1),
    (-1, -2),
    (0, -1),
    (1, -2),
    (1, -1),
    (2, -1),
];

/// The 8-neighbour ring of the stencil (for perimeters).
pub(super) const RING8: [(i32, i32); 8] = [
    (1, 0),
    (1, 1),
    (0, 1),
    (-1, 1),
    (-1, 0),
    (-1, -1),
    (0, -1),
    (1, -1),
];

/// A stencil move: the index offset of its end, and what it passes between.
#[derive(Clone, Copy, Debug)]
struct MoveRule {
    target: isize,
    passage: Passage,
}

#[derive(Clone, Copy, Debug)]
enum Passage {
    /// An orthogonal move passes no other cell.
    Open,
    /// A diagonal may not cut the corner between two non-burnable cells.
    Either(isize, isize),
    /// A knight move passes between two cells: both must burn.
    Both(isize, isize),
}

/// The geometry of one two-point update: cell v is reached from a point on the segment between
/// its stencil neighbours u (just burned) and w (burned before), positions relative to v in m.
#[derive(Clone, Copy, Debug, Default)]
struct Wedge {
    /// u − v.
    px: f32,
    py: f32,
    /// w − u.
    qx: f32,
    qy: f32,
    inv_q_len: f32,
    /// (u − v)·q̂ and |(u − v) × q̂|.
    p_along: f32,
    p_across: f32,
    /// |q| times the direction cosines of u − v and w − v along q̂: the cost's slope at the two
    /// ends is κ + a·|q|·cos, so the minimum is inside when −a·q_cos_w < κ < −a·q_cos_u.
    q_cos_u: f32,
    q_cos_w: f32,
    /// w's index offset from v, and the bit of v's move to w (moves are symmetric).
    w_offset: isize,
    w_move_bit: u16,
}

/// A fuel's state under the current weather.
#[derive(Clone, Copy, Debug)]
struct FuelState {
    fuelbed: Fuelbed,
    midflame_mph: f64,
    /// The fire on flat ground (the same for every flat cell of this fuel).
    flat: CellFire,
}

/// A raster landscape: per cell a fuel model, slope and aspect; weather uniform.
#[derive(Clone, Debug)]
pub struct Landscape {
    width: usize,
    height: usize,
    cell_size_m: f32,
    fuel: Vec<u16>,
    slope_pct: Vec<f32>,
    aspect_deg: Vec<f32>,
    weather: Weather,
    /// Per fuel code present: its state, `None` when it does not burn.
    fuel_states: BTreeMap<u16, Option<FuelState>>,
    cell_fire: Vec<CellFire>,
    // The padded grid the spread runs on.
    padded_width: usize,
    /// Per padded cell: inverse-rate coefficients [a, b − g_x, c − g_y, 0] (a = ∞ where nothing
    /// burns), reduced by the gauge g (see `set_gauge`).
    coef: Vec<[f32; 4]>,
    /// The gauge g, min/m: the spread runs on reduced times T′ = T + g·x + const.
    gauge: [f64; 2],
    /// Per padded cell: g·x + const ≥ 0, min.
    potential: Vec<f32>,
    /// Per stencil move: g·Δ, min.
    potential_step: [f32; 16],
    /// Per padded cell: bit k set when stencil move k is allowed from it.
    moves: Vec<u16>,
    offsets: [isize; 16],
    /// Per stencil move: [length, Δx, Δy] in metres.
    edges: [[f32; 3]; 16],
    /// Per stencil move: where it ends and which cells it passes between (index offsets).
    move_rules: [MoveRule; 16],
    /// Per stencil move u → v: the two wedges of v's ring on either side of u.
    wedges: [[Wedge; 2]; 16],
    method: SpreadMethod,
}

/// How arrival times are propagated between cells.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SpreadMethod {
    /// Minimum travel time along the 16 stencil moves only (Finney 2002): fastest; fires are
    /// 16-gons, which for an eccentric ellipse cut its head short (FM1 at 5 mi/h: −10 % area).
    Stencil16,
    /// Also from any point on the segment between two adjacent burned stencil neighbours, with
    /// the arrival time interpolated along it (a semi-Lagrangian, ordered-upwind update):
    /// straight-line travel in every direction, so uniform fuel gives the ellipse.
    #[default]
    Interpolated16,
}

impl Landscape {
    /// A landscape of `width` × `height` cells of `cell_size_m`, with per-cell (row-major, row 0
    /// south) fuel codes, slopes in percent and aspects (downslope direction, degrees from north).
    pub fn new(
        width: usize,
        height: usize,
        cell_size_m: f32,
        fuel: Vec<u16>,
        slope_pct: Vec<f32>,
        aspect_deg: Vec<f32>,
        weather: Weather,
    ) -> Result<Landscape, LandscapeError> {
        if width == 0 || height == 0 {
            return Err(LandscapeError::Empty);
        }
        if !(cell_size_m.is_finite() && cell_size_m > 0.0) {
            return Err(LandscapeError::CellSize);
        }
        let n = width.checked_mul(height).ok_or(LandscapeError::TooLarge)?;
        let padded_width = width + 2 * PAD;
        let padded_cells = padded_width
            .checked_mul(height + 2 * PAD)
            .filter(|&p| p < u32::MAX as usize)
            .ok_or(LandscapeError::TooLarge)?;
        for (layer, got) in [
            ("fuel", fuel.len()),
            ("slope", slope_pct.len()),
            ("aspect", aspect_deg.len()),
        ] {
            if got != n {
                return Err(LandscapeError::LayerLength {
                    layer,
                    expected: n,
                    got,
                });
            }
        }
        let clean = |x: f32| if x.is_finite() { x } else { 0.0 };
        let slope_pct = slope_pct.into_iter().map(|s| clean(s).max(0.0)).collect();
        let aspect_deg = aspect_deg.into_iter().map(clean).collect();
        let pw = padded_width as isize;
        let cell = cell_size_m;
        let mut landscape = Landscape {
            width,
            height,
            cell_size_m,
            fuel,
            slope_pct,
            aspect_deg,
            weather,
            fuel_states: BTreeMap::new(),
            cell_fire: vec![CellFire::NONE; n],
            padded_width,
            coef: vec![[f32::INFINITY, 0.0, 0.0, 0.0]; padded_cells],
            gauge: [0.0; 2],
            potential: vec![0.0; padded_cells],
            potential_step: [0.0; 16],
            moves: vec![0; padded_cells],
            offsets: STENCIL.map(|(dc, dr)| dr as isize * pw + dc as isize),
            edges: STENCIL.map(|(dc, dr)| {
                let (dx, dy) = (dc as f32 * cell, dr as f32 * cell);
                [(dx * dx + dy * dy).sqrt(), dx, dy]
            }),
            move_rules: STENCIL.map(|(dc, dr)| {
                let off = |c: i32, r: i32| r as isize * pw + c as isize;
                MoveRule {
                    target: off(dc, dr),
                    passage: match (dc.abs(), dr.abs()) {
                        (1, 1) => Passage::Either(off(dc, 0), off(0, dr)),
                        (2, 1) => Passage::Both(off(dc / 2, 0), off(dc / 2, dr)),
                        (1, 2) => Passage::Both(off(0, dr / 2), off(dc, dr / 2)),
                        _ => Passage::Open,
                    },
                }
            }),
            wedges: std::array::from_fn(|k| {
                let back = (k + 8) % 16;
                [(back + 1) % 16, (back + 15) % 16].map(|j| {
                    let (px, py) = (STENCIL[back].0 as f32 * cell, STENCIL[back].1 as f32 * cell);
                    let (wx, wy) = (STENCIL[j].0 as f32 * cell, STENCIL[j].1 as f32 * cell);
                    let (qx, qy) = (wx - px, wy - py);
                    let q_len = (qx * qx + qy * qy).sqrt();
                    let (ux, uy) = (qx / q_len, qy / q_len);
                    let (p_len, w_len) = ((px * px + py * py).sqrt(), (wx * wx + wy * wy).sqrt());
                    Wedge {
                        q_cos_u: q_len * (px * ux + py * uy) / p_len,
                        q_cos_w: q_len * (wx * ux + wy * uy) / w_len,
                        px,
                        py,
                        qx,
                        qy,
                        inv_q_len: 1.0 / q_len,
                        p_along: px * ux + py * uy,
                        p_across: (px * uy - py * ux).abs(),
                        w_offset: STENCIL[j].1 as isize * pw + STENCIL[j].0 as isize,
                        w_move_bit: 1 << j,
                    }
                })
            }),
            method: SpreadMethod::default(),
        };
        landscape.set_weather(weather);
        Ok(landscape)
    }

    /// A flat landscape.
    pub fn flat(
        width: usize,
        height: usize,
        cell_size_m: f32,
        fuel: Vec<u16>,
        weather: Weather,
    ) -> Result<Landscape, LandscapeError> {
        let n = fuel.len();
        Landscape::new(
            width,
            height,
            cell_size_m,
            fuel,
            vec![0.0; n],
            vec![0.0; n],
            weather,
        )
    }

    /// A flat landscape of one fuel.
    pub fn uniform(
        width: usize,
        height: usize,
        cell_size_m: f32,
        fuel_code: u16,
        weather: Weather,
    ) -> Result<Landscape, LandscapeError> {
        let n = width.checked_mul(height).ok_or(LandscapeError::TooLarge)?;
        Landscape::flat(width, height, cell_size_m, vec![fuel_code; n], weather)
    }

    pub fn width(&self) -> usize {
        self.width
    }
    pub fn height(&self) -> usize {
        self.height
    }
    pub fn cell_size_m(&self) -> f32 {
        self.cell_size_m
    }
    pub fn cells(&self) -> usize {
        self.width * self.height
    }
    pub fn weather(&self) -> &Weather {
        &self.weather
    }
    /// A cell's slope, %.
    pub fn slope_pct(&self, cell: usize) -> f32 {
        self.slope_pct.get(cell).copied().unwrap_or(0.0)
    }
    pub fn fuel(&self, cell: usize) -> Option<u16> {
        self.fuel.get(cell).copied()
    }
    /// The fire of a cell under the current weather.
    pub fn cell_fire(&self, cell: usize) -> CellFire {
        self.cell_fire.get(cell).copied().unwrap_or(CellFire::NONE)
    }
    /// The index of cell (col, row), if it is on the grid.
    pub fn cell_index(&self, col: usize, row: usize) -> Option<usize> {
        (col < self.width && row < self.height).then(|| row * self.width + col)
    }
    /// The cell containing the point (x east, y north, metres), if any.
    pub fn cell_at(&self, x_m: f32, y_m: f32) -> Option<usize> {
        cell_at(self.width, self.height, self.cell_size_m, x_m, y_m)
    }
    /// The centre of a cell, metres (x east, y north).
    pub fn cell_center_m(&self, cell: usize) -> (f32, f32) {
        cell_center(self.width, self.cell_size_m, cell)
    }

    pub fn method(&self) -> SpreadMethod {
        self.method
    }
    pub fn set_method(&mut self, method: SpreadMethod) {
        self.method = method;
    }

    /// New weather: every cell's fire is recomputed.
    pub fn set_weather(&mut self, weather: Weather) {
        self.weather = weather;
        self.fuel_states.clear();
        let codes: Vec<u16> = {
            let mut c = self.fuel.clone();
            c.sort_unstable();
            c.dedup();
            c
        };
        for code in codes {
            let state = self.fuel_state(code);
            self.fuel_states.insert(code, state);
        }
        let mut last: Option<(u16, Option<&FuelState>)> = None;
        let mut fires = Vec::with_capacity(self.cells());
        for (cell, &code) in self.fuel.iter().enumerate() {
            // Neighbouring cells mostly share a fuel: skip the map lookup then.
            let state = match last {
                Some((c, state)) if c == code => state,
                _ => self.fuel_states.get(&code).and_then(Option::as_ref),
            };
            last = Some((code, state));
            fires.push(self.fire_of(cell, state));
        }
        self.cell_fire = fires;
        self.set_gauge();
        let burnable: Vec<bool> = self.coef.iter().map(|k| k[0].is_finite()).collect();
        for row in 0..self.height {
            for col in 0..self.width {
                let p = (row + PAD) * self.padded_width + col + PAD;
                self.moves[p] = self.move_mask(p, |q| burnable[q]);
            }
        }
    }

    /// Change a cell's fuel (a crew cut line, a road, a burnt-out patch). Returns false when the
    /// cell is not on the grid.
    pub fn set_fuel(&mut self, cell: usize, fuel_code: u16) -> bool {
        if cell >= self.cells() {
            return false;
        }
        self.fuel[cell] = fuel_code;
        if !self.fuel_states.contains_key(&fuel_code) {
            let state = self.fuel_state(fuel_code);
            self.fuel_states.insert(fuel_code, state);
        }
        let state = self.fuel_states.get(&fuel_code).copied().flatten();
        let fire = self.fire_of(cell, state.as_ref());
        self.cell_fire[cell] = fire;
        if self.gauge_admits(&fire) {
            let p = self.padded(cell);
            self.coef[p] = self.reduced(&fire);
        } else {
            self.set_gauge();
        }
        // The moves of every cell within two cells may pass through or end in this one.
        let (col, row) = (cell % self.width, cell / self.width);
        for r in row.saturating_sub(2)..=(row + 2).min(self.height - 1) {
            for c in col.saturating_sub(2)..=(col + 2).min(self.width - 1) {
                let p = (r + PAD) * self.padded_width + c + PAD;
                self.moves[p] = self.move_mask(p, |q| self.coef[q][0].is_finite());
            }
        }
        true
    }

    /// The moves allowed from padded cell `p`: into burnable cells only; a diagonal not between
    /// two non-burnable cells; a knight move only between two burnable cells.
    fn move_mask(&self, p: usize, burnable: impl Fn(usize) -> bool) -> u16 {
        if !burnable(p) {
            return 0;
        }
        let at = |offset: isize| (p as isize + offset) as usize;
        let mut mask = 0u16;
        for (k, rule) in self.move_rules.iter().enumerate() {
            let allowed = burnable(at(rule.target))
                && match rule.passage {
                    Passage::Open => true,
                    Passage::Either(a, b) => burnable(at(a)) || burnable(at(b)),
                    Passage::Both(a, b) => burnable(at(a)) && burnable(at(b)),
                };
            mask |= u16::from(allowed) << k;
        }
        mask
    }

    /// A fuel's state under the current weather; `None` when it does not burn.
    fn fuel_state(&self, code: u16) -> Option<FuelState> {
        let w = &self.weather;
        let fuelbed = surface::fuelbed(fuel_model(code)?, &w.moisture)?;
        let midflame_mph = wind::midflame_wind(
            w.wind_speed_mph,
            w.wind_height,
            w.canopy_cover,
            w.canopy_height_ft,
            w.crown_ratio,
            fuelbed.depth_ft,
        );
        let flat = surface::fire_in_fuelbed(
            &fuelbed,
            midflame_mph,
            w.wind_from_deg,
            0.0,
            0.0,
            w.wind_limit,
        );
        Some(FuelState {
            fuelbed,
            midflame_mph,
            flat: CellFire::of(&flat),
        })
    }

    /// The fire of `cell` in a fuel whose state under the weather is `state`.
    /// The whole surface fire of a cell under the current weather (flame length, intensity,
    /// spread rates): what a view, a crew's safety check or an injury needs. The zero fire for a
    /// cell off the grid or that does not burn.
    pub fn surface_fire_at(&self, cell: usize) -> SurfaceFire {
        let Some(&code) = self.fuel.get(cell) else {
            return SurfaceFire::NONE;
        };
        match self.fuel_states.get(&code).and_then(Option::as_ref) {
            None => SurfaceFire::NONE,
            Some(state) => surface::fire_in_fuelbed(
                &state.fuelbed,
                state.midflame_mph,
                self.weather.wind_from_deg,
                f64::from(self.slope_pct[cell].max(0.0)),
                f64::from(self.aspect_deg[cell]),
                self.weather.wind_limit,
            ),
        }
    }

    fn fire_of(&self, cell: usize, state: Option<&FuelState>) -> CellFire {
        match state {
            None => CellFire::NONE,
            Some(state) if self.slope_pct[cell] <= 0.0 => state.flat,
            Some(state) => CellFire::of(&surface::fire_in_fuelbed(
                &state.fuelbed,
                state.midflame_mph,
                self.weather.wind_from_deg,
                f64::from(self.slope_pct[cell]),
                f64::from(self.aspect_deg[cell]),
                self.weather.wind_limit,
            )),
        }
    }

    fn reduced(&self, fire: &CellFire) -> [f32; 4] {
        let [a, b, c] = fire.inverse_rate_coefficients();
        [
            a as f32,
            (b - self.gauge[0]) as f32,
            (c - self.gauge[1]) as f32,
            0.0,
        ]
    }

    /// Whether every edge into or out of a cell with this fire keeps a non-negative reduced cost
    /// under the current gauge: |B − g| ≤ a.
    fn gauge_admits(&self, fire: &CellFire) -> bool {
        let [a, b, c] = fire.inverse_rate_coefficients();
        !a.is_finite() || libm::hypot(b - self.gauge[0], c - self.gauge[1]) <= a
    }

    /// Choose the gauge and recompute the reduced coefficients and potentials.
    ///
    /// The cost of a move, a·L − B·Δ, is an isotropic part a·L and a part linear in the
    /// displacement; a linear part that is the same everywhere sums to the same value over every
    /// path between two points, so subtracting g·Δ from every move (Johnson's reweighting) leaves
    /// the fastest paths and the arrival times unchanged, only the order in which Dijkstra
    /// settles cells changes. With g = B in uniform fuel the reduced costs are isotropic and the
    /// two-point updates always find their upwind cells settled, however eccentric the fire.
    /// Costs stay non-negative while |B − g| ≤ a in every cell: g is the mean B over the
    /// burnable cells weighted by 1/a², shrunk until that holds.
    fn set_gauge(&mut self) {
        let raw: Vec<[f64; 3]> = self
            .cell_fire
            .iter()
            .map(CellFire::inverse_rate_coefficients)
            .filter(|k| k[0].is_finite())
            .collect();
        let mut gauge = [0.0; 2];
        if !raw.is_empty() {
            // Weighted by 1/a²: the fast fuels, which carry the fire furthest, matter most.
            let weight: f64 = raw.iter().map(|k| 1.0 / (k[0] * k[0])).sum();
            let mean = [
                raw.iter().map(|k| k[1] / (k[0] * k[0])).sum::<f64>() / weight,
                raw.iter().map(|k| k[2] / (k[0] * k[0])).sum::<f64>() / weight,
            ];
            let mm = mean[0] * mean[0] + mean[1] * mean[1];
            if mm > 0.0 {
                // Largest λ ≤ 1 with |B − λ·mean| ≤ a for every cell.
                let mut lambda: f64 = 1.0;
                for &[a, b, c] in &raw {
                    let bm = b * mean[0] + c * mean[1];
                    let disc = bm * bm - mm * (b * b + c * c - a * a);
                    lambda = lambda.min((bm + disc.max(0.0).sqrt()) / mm);
                }
                let lambda = lambda.max(0.0) * (1.0 - 1.0e-6);
                gauge = [lambda * mean[0], lambda * mean[1]];
            }
        }
        self.gauge = gauge;
        let cell = f64::from(self.cell_size_m);
        let padded_height = self.coef.len() / self.padded_width;
        // Offset so that the potential is ≥ 0 on the whole padded grid (its minimum is at a corner).
        let at = |col: usize, row: usize| {
            gauge[0] * (col as f64 - PAD as f64 + 0.5) * cell
                + gauge[1] * (row as f64 - PAD as f64 + 0.5) * cell
        };
        let (last_col, last_row) = (self.padded_width - 1, padded_height - 1);
        let offset = -[
            at(0, 0),
            at(last_col, 0),
            at(0, last_row),
            at(last_col, last_row),
        ]
        .into_iter()
        .fold(f64::INFINITY, f64::min);
        for row in 0..padded_height {
            for col in 0..self.padded_width {
                self.potential[row * self.padded_width + col] =
                    (at(col, row) + offset).max(0.0) as f32;
            }
        }
        self.potential_step = STENCIL.map(|(dc, dr)| {
            (gauge[0] * f64::from(dc) * cell + gauge[1] * f64::from(dr) * cell) as f32
        });
        for cell in 0..self.cells() {
            let p = self.padded(cell);
            self.coef[p] = self.reduced(&self.cell_fire[cell]);
        }
    }

    fn padded(&self, cell: usize) -> usize {
        (cell / self.width + PAD) * self.padded_width + cell % self.width + PAD
    }

    /// Arrival times from `sources` (cell index, ignition time in minutes), until `until_min`:
    /// cells the fire reaches later stay at infinity. Sources on cells that cannot burn, off the
    /// grid or with a time that is not finite are ignored; negative times count as 0.
    pub fn spread(&self, sources: &[(usize, f32)], until_min: f32) -> ArrivalMap {
        self.spread_with_floor(sources, 0.0, until_min)
    }

    /// Continue `previous` from its front at `at_min` under the current weather and fuel, until
    /// `until_min`. Cells burned by `at_min` keep their times; nothing else burns before
    /// `at_min` (a fire sped up by new weather cannot reach back into the past). `previous` must
    /// be of this landscape's size; otherwise it is ignored.
    pub fn replan(&self, previous: &ArrivalMap, at_min: f32, until_min: f32) -> ArrivalMap {
        self.replan_with(previous, at_min, &[], until_min)
    }

    /// [`Landscape::replan`] with new fires too (spot fires, a second ignition), each a cell and
    /// its start time (no earlier than `at_min`).
    pub fn replan_with(
        &self,
        previous: &ArrivalMap,
        at_min: f32,
        new_fires: &[(usize, f32)],
        until_min: f32,
    ) -> ArrivalMap {
        if previous.width != self.width || previous.height != self.height {
            return self.spread(new_fires, until_min);
        }
        let mut sources = previous.front(at_min);
        sources.extend(new_fires.iter().map(|&(c, t)| (c, t.max(at_min))));
        let mut next = self.spread_with_floor(&sources, at_min, until_min);
        // What burned by the re-plan is history.
        for (t, &before) in next.arrival_min.iter_mut().zip(&previous.arrival_min) {
            if before <= at_min {
                *t = before;
            }
        }
        next
    }

    fn spread_with_floor(
        &self,
        sources: &[(usize, f32)],
        floor_min: f32,
        until_min: f32,
    ) -> ArrivalMap {
        // Reduced times T′ = T + potential.
        let mut reduced = vec![f32::INFINITY; self.coef.len()];
        let mut queue = CellQueue::new(self.coef.len());
        let until = if until_min.is_nan() {
            f32::INFINITY
        } else {
            until_min
        };
        for &(cell, t) in sources {
            if cell >= self.cells() || !t.is_finite() || t > until {
                continue;
            }
            let p = self.padded(cell);
            let t = t.max(0.0) + self.potential[p];
            if self.coef[p][0].is_finite() && t < reduced[p] {
                reduced[p] = t;
                queue.push_or_lower(t.to_bits(), p as u32);
            }
        }
        if floor_min <= 0.0 && sources.len() <= MAX_POINT_SOURCES {
            for &(cell, t) in sources {
                if cell < self.cells() && t.is_finite() && t <= until {
                    self.ignite_point(cell, t.max(0.0), until, &mut reduced, &mut queue);
                }
            }
        }
        let floor = if floor_min.is_finite() {
            floor_min.max(0.0)
        } else {
            0.0
        };
        match self.method {
            SpreadMethod::Stencil16 => self.run::<false>(&mut reduced, &mut queue, floor, until),
            SpreadMethod::Interpolated16 => {
                self.run::<true>(&mut reduced, &mut queue, floor, until)
            }
        }
        let mut arrival_min = Vec::with_capacity(self.cells());
        for row in 0..self.height {
            let start = (row + PAD) * self.padded_width + PAD;
            let cells = reduced[start..start + self.width]
                .iter()
                .zip(&self.potential[start..start + self.width]);
            arrival_min.extend(cells.map(|(&t, &phi)| {
                // The floor again: the round trip through the potential may round below it.
                let t = (t - phi).max(floor);
                if t <= until { t } else { f32::INFINITY }
            }));
        }
        ArrivalMap {
            width: self.width,
            height: self.height,
            cell_size_m: self.cell_size_m,
            arrival_min,
        }
    }
}

impl Landscape {
    /// Dijkstra's loop. Every popped cell u is final; it relaxes each allowed move u → v along
    /// the edge and, with `INTERPOLATE`, from the segments u–w to the burned cells w beside u in
    /// v's ring.
    fn run<const INTERPOLATE: bool>(
        &self,
        reduced: &mut [f32],
        queue: &mut CellQueue,
        floor: f32,
        until: f32,
    ) {
        // One length for all: a single bounds test then covers every array at an index.
        let n = self.coef.len();
        let (coef, moves, potential) = (&self.coef[..n], &self.moves[..n], &self.potential[..n]);
        let reduced = &mut reduced[..n];
        while let Some((key, p)) = queue.pop() {
            let u = p as usize;
            let t = f32::from_bits(key);
            let phi_u = potential[u];
            let [au, bu, cu, _] = coef[u];
            let mut mask = moves[u];
            while mask != 0 {
                let k = mask.trailing_zeros() as usize;
                mask &= mask - 1;
                let v = (u as isize + self.offsets[k]) as usize;
                if reduced[v] <= t {
                    continue; // settled: nothing reaches it sooner now
                }
                let [av, bv, cv, _] = coef[v];
                // The inverse rate between u and v: the mean of theirs, 1/R(d̂) = a − b·d̂.
                let (a, b, c) = (0.5 * (au + av), 0.5 * (bu + bv), 0.5 * (cu + cv));
                let [len, dx, dy] = self.edges[k];
                let mut best = t + non_negative(len * a - b * dx - c * dy);
                if INTERPOLATE {
                    let moves_v = moves[v];
                    let [left, right] = &self.wedges[k];
                    best = self.wedge_update(left, v, moves_v, reduced, t, a, b, c, best);
                    best = self.wedge_update(right, v, moves_v, reduced, t, a, b, c, best);
                }
                let phi_v = phi_u + self.potential_step[k];
                let tv = larger(best, floor + phi_v);
                // Nothing beyond the horizon is queued: costs are non-negative, so it cannot
                // lead back to a cell within it.
                if tv < reduced[v] && tv - phi_v <= until {
                    reduced[v] = tv;
                    queue.push_or_lower(tv.to_bits(), v as u32);
                }
            }
        }
    }
}

/// Spreads from at most this many sources start with the exact ellipse around each
/// (`Landscape::ignite_point`); more sources are a front, not points.
const MAX_POINT_SOURCES: usize = 64;
/// The largest half-width, in cells, of the square around a point ignition set exactly.
const POINT_SOURCE_RADIUS: usize = 16;

impl Landscape {
    /// Around a point ignition the arrival times form a cone whose tip no grid resolves, and a
    /// first-order scheme carries the error outward (needle-shaped fires in strong wind suffer
    /// most). In the largest square around the ignition (up to [`POINT_SOURCE_RADIUS`] cells)
    /// whose cells all have the ignition cell's fire, the exact solution is known,
    /// T = t₀ + a·|d| − B·d, and is set there directly.
    fn ignite_point(
        &self,
        cell: usize,
        t0: f32,
        until: f32,
        reduced: &mut [f32],
        queue: &mut CellQueue,
    ) {
        let (col, row) = (cell % self.width, cell / self.width);
        let fire = self.cell_fire[cell];
        if !fire.burns() {
            return;
        }
        let same = |c: usize, r: usize| self.cell_fire[r * self.width + c] == fire;
        let mut k = 0;
        while k < POINT_SOURCE_RADIUS {
            let n = k + 1;
            if col < n || row < n || col + n >= self.width || row + n >= self.height {
                break;
            }
            let ring_same = (col - n..=col + n).all(|c| same(c, row - n) && same(c, row + n))
                && (row - k..=row + k).all(|r| same(col - n, r) && same(col + n, r));
            if !ring_same {
                break;
            }
            k = n;
        }
        let [a, b, c] = fire.inverse_rate_coefficients();
        let h = f64::from(self.cell_size_m);
        for r in row - k..=row + k {
            for cl in col - k..=col + k {
                let (dx, dy) = ((cl as f64 - col as f64) * h, (r as f64 - row as f64) * h);
                let t = f64::from(t0) + a * (dx * dx + dy * dy).sqrt() - b * dx - c * dy;
                if t > f64::from(until) {
                    continue;
                }
                let p = self.padded(r * self.width + cl);
                let t = (t.max(f64::from(t0)) + f64::from(self.potential[p])) as f32;
                if t < reduced[p] {
                    reduced[p] = t;
                    queue.push_or_lower(t.to_bits(), p as u32);
                }
            }
        }
    }

    /// The two-point update of v from the segment between u (settled at t) and the wedge's w.
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    fn wedge_update(
        &self,
        wedge: &Wedge,
        v: usize,
        moves_v: u16,
        reduced: &[f32],
        t: f32,
        a: f32,
        b: f32,
        c: f32,
        best: f32,
    ) -> f32 {
        let tw = reduced[(v as isize + wedge.w_offset) as usize];
        if tw > t || moves_v & wedge.w_move_bit == 0 {
            return best;
        }
        // Travel from x(s) = u + s·(w − u), burning at t + s·(t_w − t): minimise
        // κ·s + a·|p + s·q| over 0 < s < 1 (convex; closed form).
        let kappa = tw - t + b * wedge.qx + c * wedge.qy;
        if !(kappa > -a * wedge.q_cos_w && kappa < -a * wedge.q_cos_u) {
            return best; // the minimum is at an end: the plain edges have it
        }
        let cos_phi = -kappa * wedge.inv_q_len / a;
        let sin_phi = (1.0 - cos_phi * cos_phi).sqrt();
        let across = wedge.p_across / sin_phi;
        let s = (cos_phi * across - wedge.p_along) * wedge.inv_q_len;
        let tv = t + b * wedge.px + c * wedge.py + kappa * s + a * across;
        // Rounding must not move it before u: the queue only goes forward.
        if tv < best { larger(tv, t) } else { best }
    }
}

/// max(x, 0) for numbers that are not NaN (one instruction, unlike f32::max).
#[inline(always)]
fn non_negative(x: f32) -> f32 {
    if x > 0.0 { x } else { 0.0 }
}

/// The larger of two numbers that are not NaN.
#[inline(always)]
fn larger(x: f32, y: f32) -> f32 {
    if x > y { x } else { y }
}
