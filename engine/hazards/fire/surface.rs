//! Surface fire behaviour at a point: Rothermel's (1972) spread model in the formulation of
//! Albini (1976), with the conventions of BehavePlus as its public-domain core firelab/behave
//! implements them, so that its published test values are reproduced.
//!
//! - Fuel: the standard models ([`super::fuel_models`]). Particles: dead 1-h, 10-h, 100-h and
//!   (dynamic models) cured herbaceous; live herbaceous and woody. Dynamic models move
//!   herbaceous load to dead as it cures: all of it below 30 % live herb moisture, none above
//!   120 %, a fraction 1.333 − 1.11·M between (BehavePlus's constants).
//! - Weighting by surface area per life state; net loads weighted by SAV size class (Albini
//!   1976); live moisture of extinction from the fine dead/live load ratio (Albini 1976, p. 89).
//! - Reaction intensity I_R = Γ′·Σ w_n·h·η_M·η_s; no-wind no-slope rate R₀ = I_R·ξ/(ρ_b·ε·Q_ig).
//! - Wind factor φ_w = C·U^B·(β/β_op)^−E with U the midflame wind in ft/min; slope factor
//!   φ_s = 5.275·β^−0.3·tan²(slope). For wind across the slope the two rates R₀·φ_w and R₀·φ_s
//!   add as vectors (BehavePlus); the head runs along their sum, and the effective wind speed is
//!   the wind that alone would give the same rate.
//! - The wind limit (effective wind ≤ 0.9·I_R, ft/min) is off by default, as in BehavePlus and
//!   FlamMap; [`SurfaceInputs::wind_limit`] turns it on.
//! - Fireline intensity (Byram 1959) I_B = I_R·t_r·R/60 with residence time t_r = 384/σ min
//!   (Anderson 1969); flame length (Byram) L = 0.45·I_B^0.46 ft.
//! - Shape: [`super::shape`] (Anderson 1983).
//!
//! Units inside are BehavePlus's: ft, lb, Btu, minutes, fractions; the output has SI accessors.
//! No input that is a finite number makes it panic or return NaN: negative moistures, winds and
//! slopes count as zero, unknown and non-burnable fuels give [`SurfaceFire::NONE`].

use super::fuel_models::{FuelModel, SAV_10H_PER_FT, SAV_100H_PER_FT, fuel_model, is_non_burnable};
use super::shape;
use super::wind::{self, FT_PER_MIN_PER_MPH, WindHeight, finite_or_zero};

/// m/min per ft/min.
pub const M_PER_FT: f64 = 0.3048;
/// kW/m per Btu/ft/s (BehavePlus's factor).
pub const KW_PER_M_PER_BTU_PER_FT_S: f64 = 3.464140419;
/// ft/min per chain/h (66 ft per chain).
pub const FT_PER_MIN_PER_CHAIN_PER_H: f64 = 1.1;

/// Oven-dry particle density, lb/ft³ (Albini 1976, p. 91).
const PARTICLE_DENSITY_LB_PER_FT3: f64 = 32.0;
/// Total mineral content (fraction) of the standard models.
const TOTAL_SILICA: f64 = 0.0555;
/// Effective (silica-free) mineral content of the standard models.
const EFFECTIVE_SILICA: f64 = 0.01;

/// Fuel moistures, fractions of oven-dry weight (0.06 = 6 %).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Moisture {
    pub dead_1h: f64,
    pub dead_10h: f64,
    pub dead_100h: f64,
    pub live_herb: f64,
    pub live_woody: f64,
}

impl Default for Moisture {
    /// BehavePlus's "low moisture" test scenario: dead 6/7/8 %, live 60/90 %.
    fn default() -> Self {
        Moisture {
            dead_1h: 0.06,
            dead_10h: 0.07,
            dead_100h: 0.08,
            live_herb: 0.60,
            live_woody: 0.90,
        }
    }
}

impl Moisture {
    fn sanitised(&self) -> Moisture {
        let f = |x: f64| finite_or_zero(x).max(0.0);
        Moisture {
            dead_1h: f(self.dead_1h),
            dead_10h: f(self.dead_10h),
            dead_100h: f(self.dead_100h),
            live_herb: f(self.live_herb),
            live_woody: f(self.live_woody),
        }
    }
}

/// Everything a surface fire at a point depends on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SurfaceInputs {
    pub fuel_code: u16,
    pub moisture: Moisture,
    pub wind_speed_mph: f64,
    pub wind_height: WindHeight,
    /// Where the wind blows FROM, degrees clockwise from north (meteorological).
    pub wind_from_deg: f64,
    pub slope_pct: f64,
    /// The direction the slope faces (downslope), degrees clockwise from north.
    pub aspect_deg: f64,
    /// Fraction of the ground under tree crowns.
    pub canopy_cover: f64,
    pub canopy_height_ft: f64,
    /// Fraction of the tree height that is crown.
    pub crown_ratio: f64,
    /// Cap the effective wind at 0.9·I_R ft/min (Rothermel 1972). Off by default.
    pub wind_limit: bool,
}

impl Default for SurfaceInputs {
    fn default() -> Self {
        SurfaceInputs {
            fuel_code: 1,
            moisture: Moisture::default(),
            wind_speed_mph: 0.0,
            wind_height: WindHeight::Midflame,
            wind_from_deg: 0.0,
            slope_pct: 0.0,
            aspect_deg: 0.0,
            canopy_cover: 0.0,
            canopy_height_ft: 0.0,
            crown_ratio: 0.0,
            wind_limit: false,
        }
    }
}

/// `wind_from_deg` for a wind given as BehavePlus's "relative to upslope" mode does: the
/// direction the wind blows TOWARD, degrees clockwise from upslope, on a slope facing `aspect_deg`.
pub fn wind_from_deg_for_upslope_mode(wind_toward_from_upslope_deg: f64, aspect_deg: f64) -> f64 {
    (wind_toward_from_upslope_deg + aspect_deg).rem_euclid(360.0)
}

/// Slope in percent of a slope in degrees.
pub fn slope_pct_from_deg(slope_deg: f64) -> f64 {
    100.0 * libm::tan(slope_deg.to_radians())
}

/// The fuel bed of one model at one set of moistures: everything of Rothermel's model that does
/// not depend on wind and slope. Worth keeping when many points share a fuel (a landscape).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fuelbed {
    pub fuel_code: u16,
    pub depth_ft: f64,
    /// Characteristic SAV σ, 1/ft.
    pub sigma_per_ft: f64,
    /// Packing ratio β.
    pub packing_ratio: f64,
    /// β/β_op.
    pub relative_packing_ratio: f64,
    pub dead_moisture_of_extinction: f64,
    pub live_moisture_of_extinction: f64,
    pub reaction_intensity_btu_ft2_min: f64,
    /// Propagating flux ratio ξ.
    pub propagating_flux_ratio: f64,
    /// ρ_b·ε·Q_ig, Btu/ft³.
    pub heat_sink_btu_ft3: f64,
    pub residence_time_min: f64,
    pub no_wind_no_slope_ft_per_min: f64,
    // Wind factor coefficients (Rothermel 1972, eqs. 48–50) and the slope factor's 5.275·β^−0.3.
    wind_b: f64,
    wind_c: f64,
    wind_e: f64,
    slope_k: f64,
}

/// Rothermel/Albini's fuel bed for `model` at `moisture`. `None` when the model has no fuel.
pub fn fuelbed(model: &FuelModel, moisture: &Moisture) -> Option<Fuelbed> {
    if is_non_burnable(model.code)
        || !model.has_fuel()
        || model.depth_ft.is_nan()
        || model.depth_ft <= 0.0
    {
        return None;
    }
    let m = moisture.sanitised();
    let depth = model.depth_ft;
    // Particles. Dead: 1-h, 10-h, 100-h, cured herb (moisture of the 1-h class, SAV of the herb).
    let mut load_dead = [
        model.load_1h_lb_per_ft2,
        model.load_10h_lb_per_ft2,
        model.load_100h_lb_per_ft2,
        0.0,
    ];
    let sav_dead = [
        model.sav_1h_per_ft,
        SAV_10H_PER_FT,
        SAV_100H_PER_FT,
        model.sav_live_herb_per_ft,
    ];
    let mst_dead = [m.dead_1h, m.dead_10h, m.dead_100h, m.dead_1h];
    let mut load_live = [
        model.load_live_herb_lb_per_ft2,
        model.load_live_woody_lb_per_ft2,
    ];
    let sav_live = [model.sav_live_herb_per_ft, model.sav_live_woody_per_ft];
    let mst_live = [m.live_herb, m.live_woody];
    // BehavePlus decides whether there is a live category before curing moves any herb load.
    let has_live = load_live.iter().any(|&l| l > 0.0);

    if model.dynamic {
        let herb = load_live[0];
        let cured = if m.live_herb < 0.30 {
            herb
        } else if m.live_herb <= 1.20 {
            // BehavePlus's rounding of (1.20 − M)/0.9.
            herb * (1.333 - 1.11 * m.live_herb)
        } else {
            0.0
        };
        load_dead[3] = cured;
        load_live[0] = herb - cured;
    }

    // Surface area per particle and its share of its life category.
    let area = |load: f64, sav: f64| load * sav / PARTICLE_DENSITY_LB_PER_FT3;
    let area_dead: [f64; 4] = std::array::from_fn(|i| area(load_dead[i], sav_dead[i]));
    let area_live: [f64; 2] = std::array::from_fn(|i| area(load_live[i], sav_live[i]));
    let total_area_dead: f64 = area_dead.iter().sum();
    let total_area_live: f64 = area_live.iter().sum();
    let share = |a: f64, total: f64| if total > 1.0e-7 { a / total } else { 0.0 };
    let frac_dead: [f64; 4] = std::array::from_fn(|i| share(area_dead[i], total_area_dead));
    let frac_live: [f64; 2] = std::array::from_fn(|i| share(area_live[i], total_area_live));
    let total_area = total_area_dead + total_area_live;
    if total_area.is_nan() || total_area <= 0.0 {
        return None;
    }
    let frac_of_dead = total_area_dead / total_area;
    let frac_of_live = 1.0 - frac_of_dead;

    // Net loads are weighted by the area share of the particle's SAV size class (Albini 1976).
    let size_sorted_dead = size_class_weights(&frac_dead, &sav_dead);
    let size_sorted_live = size_class_weights(&frac_live, &sav_live);

    let mx_dead = model.dead_moisture_of_extinction;
    let mx_live = if has_live {
        live_moisture_of_extinction(
            &load_dead, &sav_dead, &mst_dead, &load_live, &sav_live, mx_dead,
        )
    } else {
        0.0
    };

    // Characteristic (area-weighted) values per life category.
    let mut dead = LifeSums::default();
    for i in 0..4 {
        dead.add(
            load_dead[i],
            sav_dead[i],
            mst_dead[i],
            frac_dead[i],
            size_sorted_dead[i],
            model.heat_dead_btu_per_lb,
        );
    }
    let mut live = LifeSums::default();
    for i in 0..2 {
        live.add(
            load_live[i],
            sav_live[i],
            mst_live[i],
            frac_live[i],
            size_sorted_live[i],
            model.heat_live_btu_per_lb,
        );
    }
    let sigma = frac_of_dead * dead.sav + frac_of_live * live.sav;
    let bulk_density = (dead.load + live.load) / depth;
    let mut packing_ratio = 0.0;
    let mut heat_sink = 0.0;
    for i in 0..4 {
        packing_ratio += load_dead[i] / (depth * PARTICLE_DENSITY_LB_PER_FT3);
        if i < 2 {
            packing_ratio += load_live[i] / (depth * PARTICLE_DENSITY_LB_PER_FT3);
        }
        // Heat of preignition 250 + 1116·M Btu/lb, effective heating number e^(−138/σ).
        if sav_dead[i] > 1.0e-7 {
            heat_sink += frac_of_dead
                * frac_dead[i]
                * (250.0 + 1116.0 * mst_dead[i])
                * libm::exp(-138.0 / sav_dead[i]);
        }
        if i < 2 && sav_live[i] > 1.0e-7 {
            heat_sink += frac_of_live
                * frac_live[i]
                * (250.0 + 1116.0 * mst_live[i])
                * libm::exp(-138.0 / sav_live[i]);
        }
    }
    heat_sink *= bulk_density;
    if sigma.is_nan() || sigma <= 1.0e-7 {
        return None;
    }
    let optimum_packing_ratio = 3.348 / libm::pow(sigma, 0.8189);
    let relative_packing_ratio = packing_ratio / optimum_packing_ratio;
    let propagating_flux_ratio =
        libm::exp((0.792 + 0.681 * libm::sqrt(sigma)) * (packing_ratio + 0.1))
            / (192.0 + 0.2595 * sigma);

    // Reaction intensity (Rothermel 1972 eq. 27, Albini 1976's A).
    let aa = 133.0 / libm::pow(sigma, 0.7913);
    let sigma_15 = libm::pow(sigma, 1.5);
    let gamma_max = sigma_15 / (495.0 + 0.0594 * sigma_15);
    let gamma = gamma_max
        * libm::pow(relative_packing_ratio, aa)
        * libm::exp(aa * (1.0 - relative_packing_ratio));
    let ir_dead = gamma
        * dead.net_load
        * dead.heat
        * moisture_damping(dead.moisture, mx_dead)
        * mineral_damping(dead.silica);
    let ir_live = gamma
        * live.net_load
        * live.heat
        * moisture_damping(live.moisture, mx_live)
        * mineral_damping(live.silica);
    let reaction_intensity = ir_dead + ir_live;

    let no_wind_no_slope = if heat_sink < 1.0e-7 {
        0.0
    } else {
        reaction_intensity * propagating_flux_ratio / heat_sink
    };

    let fb = Fuelbed {
        fuel_code: model.code,
        depth_ft: depth,
        sigma_per_ft: sigma,
        packing_ratio,
        relative_packing_ratio,
        dead_moisture_of_extinction: mx_dead,
        live_moisture_of_extinction: mx_live,
        reaction_intensity_btu_ft2_min: reaction_intensity,
        propagating_flux_ratio,
        heat_sink_btu_ft3: heat_sink,
        residence_time_min: 384.0 / sigma,
        no_wind_no_slope_ft_per_min: no_wind_no_slope,
        wind_b: 0.02526 * libm::pow(sigma, 0.54),
        wind_c: 7.47 * libm::exp(-0.133 * libm::pow(sigma, 0.55)),
        wind_e: 0.715 * libm::exp(-0.000359 * sigma),
        slope_k: 5.275 * libm::pow(packing_ratio, -0.3),
    };
    // Anything not finite (it should not happen) is no fire rather than a NaN downstream.
    let finite = [
        fb.no_wind_no_slope_ft_per_min,
        fb.reaction_intensity_btu_ft2_min,
        fb.wind_b,
        fb.wind_c,
        fb.wind_e,
        fb.slope_k,
    ]
    .iter()
    .all(|x| x.is_finite());
    finite.then_some(fb)
}

/// Area-weighted sums of one life category.
#[derive(Default)]
struct LifeSums {
    net_load: f64,
    heat: f64,
    silica: f64,
    moisture: f64,
    sav: f64,
    load: f64,
}

impl LifeSums {
    fn add(&mut self, load: f64, sav: f64, moisture: f64, frac: f64, size_sorted: f64, heat: f64) {
        if sav > 1.0e-7 {
            self.heat += frac * heat;
            self.silica += frac * EFFECTIVE_SILICA;
            self.moisture += frac * moisture;
            self.sav += frac * sav;
            self.load += load;
            // Rothermel 1972 eq. 24: net (mineral-free) load.
            self.net_load += size_sorted * (load * (1.0 - TOTAL_SILICA));
        }
    }
}

/// The SAV size class of a particle (Albini 1976): ≥1200, ≥192, ≥96, ≥48, ≥16 1/ft.
fn size_class(sav: f64) -> Option<usize> {
    [1200.0, 192.0, 96.0, 48.0, 16.0]
        .iter()
        .position(|&lo| sav >= lo)
}

/// Per particle: the summed area share of all particles of its size class.
fn size_class_weights<const N: usize>(frac: &[f64; N], sav: &[f64; N]) -> [f64; N] {
    let mut summed = [0.0; 5];
    for i in 0..N {
        if let Some(c) = size_class(sav[i]) {
            summed[c] += frac[i];
        }
    }
    std::array::from_fn(|i| size_class(sav[i]).map_or(0.0, |c| summed[c]))
}

/// Live fuel moisture of extinction (Albini 1976, p. 89), never below the dead one.
fn live_moisture_of_extinction(
    load_dead: &[f64; 4],
    sav_dead: &[f64; 4],
    mst_dead: &[f64; 4],
    load_live: &[f64; 2],
    sav_live: &[f64; 2],
    mx_dead: f64,
) -> f64 {
    let mut fine_dead = 0.0;
    let mut fine_dead_water = 0.0;
    for i in 0..4 {
        if sav_dead[i] > 1.0e-7 {
            let w = load_dead[i] * libm::exp(-138.0 / sav_dead[i]);
            fine_dead += w;
            fine_dead_water += w * mst_dead[i];
        }
    }
    let fine_dead_moisture = if fine_dead > 1.0e-7 {
        fine_dead_water / fine_dead
    } else {
        0.0
    };
    let mut fine_live = 0.0;
    for i in 0..2 {
        if sav_live[i] > 1.0e-7 {
            fine_live += load_live[i] * libm::exp(-500.0 / sav_live[i]);
        }
    }
    let dead_over_live = if fine_live > 1.0e-7 {
        fine_dead / fine_live
    } else {
        0.0
    };
    let mx = if mx_dead > 0.0 {
        2.9 * dead_over_live * (1.0 - fine_dead_moisture / mx_dead) - 0.226
    } else {
        0.0
    };
    mx.max(mx_dead)
}

/// Moisture damping η_M (Rothermel 1972 eq. 29): 0 at and beyond extinction.
fn moisture_damping(moisture: f64, extinction: f64) -> f64 {
    if extinction.is_nan() || extinction <= 0.0 || moisture >= extinction {
        return 0.0;
    }
    let r = moisture / extinction;
    1.0 - 2.59 * r + 5.11 * r * r - 3.52 * r * r * r
}

/// Mineral damping η_s (Rothermel 1972 eq. 30), at most 1.
fn mineral_damping(effective_silica: f64) -> f64 {
    let d = libm::pow(effective_silica, 0.19);
    if d < 1.0e-6 {
        0.0
    } else {
        (0.174 / d).min(1.0)
    }
}

/// Surface fire behaviour at a point: the head and the ellipse around it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SurfaceFire {
    pub ros_head_ft_per_min: f64,
    /// The direction the head travels TOWARD, degrees clockwise from north, in [0, 360).
    pub head_dir_from_north_deg: f64,
    /// The same, degrees clockwise from upslope.
    pub head_dir_from_upslope_deg: f64,
    pub length_to_width: f64,
    pub eccentricity: f64,
    pub backing_ft_per_min: f64,
    /// Half the fire's width gained per minute.
    pub flanking_ft_per_min: f64,
    pub no_wind_no_slope_ft_per_min: f64,
    pub reaction_intensity_btu_ft2_min: f64,
    /// Byram's intensity at the head.
    pub fireline_intensity_btu_ft_s: f64,
    pub flame_length_ft: f64,
    pub residence_time_min: f64,
    pub effective_wind_mph: f64,
    pub midflame_wind_mph: f64,
    pub heat_per_unit_area_btu_ft2: f64,
    /// Whether the wind limit (when on) cut the effective wind.
    pub wind_limit_exceeded: bool,
}

impl SurfaceFire {
    /// No fire: non-burnable, unknown or too wet fuel.
    pub const NONE: SurfaceFire = SurfaceFire {
        ros_head_ft_per_min: 0.0,
        head_dir_from_north_deg: 0.0,
        head_dir_from_upslope_deg: 0.0,
        length_to_width: 1.0,
        eccentricity: 0.0,
        backing_ft_per_min: 0.0,
        flanking_ft_per_min: 0.0,
        no_wind_no_slope_ft_per_min: 0.0,
        reaction_intensity_btu_ft2_min: 0.0,
        fireline_intensity_btu_ft_s: 0.0,
        flame_length_ft: 0.0,
        residence_time_min: 0.0,
        effective_wind_mph: 0.0,
        midflame_wind_mph: 0.0,
        heat_per_unit_area_btu_ft2: 0.0,
        wind_limit_exceeded: false,
    };

    pub fn burns(&self) -> bool {
        self.ros_head_ft_per_min > 0.0
    }
    pub fn ros_head_m_per_min(&self) -> f64 {
        self.ros_head_ft_per_min * M_PER_FT
    }
    pub fn backing_m_per_min(&self) -> f64 {
        self.backing_ft_per_min * M_PER_FT
    }
    pub fn flanking_m_per_min(&self) -> f64 {
        self.flanking_ft_per_min * M_PER_FT
    }
    pub fn fireline_intensity_kw_per_m(&self) -> f64 {
        self.fireline_intensity_btu_ft_s * KW_PER_M_PER_BTU_PER_FT_S
    }
    pub fn flame_length_m(&self) -> f64 {
        self.flame_length_ft * M_PER_FT
    }
    pub fn head_to_back_ratio(&self) -> f64 {
        shape::head_to_back_ratio(self.length_to_width)
    }
    /// Spread rate from the ignition point at `angle_from_head_rad` from the head, ft/min.
    pub fn ros_at_ft_per_min(&self, angle_from_head_rad: f64) -> f64 {
        shape::rate_from_ignition(
            self.ros_head_ft_per_min,
            self.eccentricity,
            angle_from_head_rad,
        )
    }
    /// Spread rate from the ignition point at `angle_from_head_rad` from the head, m/min.
    pub fn ros_at_m_per_min(&self, angle_from_head_rad: f64) -> f64 {
        self.ros_at_ft_per_min(angle_from_head_rad) * M_PER_FT
    }
    /// Spread rate from the ignition point toward `dir_from_north_deg`, m/min.
    pub fn ros_toward_m_per_min(&self, dir_from_north_deg: f64) -> f64 {
        self.ros_at_m_per_min((dir_from_north_deg - self.head_dir_from_north_deg).to_radians())
    }
}

/// Byram's flame length, ft, of a fireline intensity in Btu/ft/s.
pub fn flame_length_ft(fireline_intensity_btu_ft_s: f64) -> f64 {
    if fireline_intensity_btu_ft_s < 1.0e-7 || fireline_intensity_btu_ft_s.is_nan() {
        0.0
    } else {
        0.45 * libm::pow(fireline_intensity_btu_ft_s, 0.46)
    }
}

/// Surface fire behaviour for `inputs`.
pub fn surface_fire(inputs: &SurfaceInputs) -> SurfaceFire {
    let Some(model) = fuel_model(inputs.fuel_code) else {
        return SurfaceFire::NONE;
    };
    let Some(fb) = fuelbed(model, &inputs.moisture) else {
        return SurfaceFire::NONE;
    };
    let midflame_mph = wind::midflame_wind(
        inputs.wind_speed_mph,
        inputs.wind_height,
        inputs.canopy_cover,
        inputs.canopy_height_ft,
        inputs.crown_ratio,
        fb.depth_ft,
    );
    fire_in_fuelbed(
        &fb,
        midflame_mph,
        inputs.wind_from_deg,
        inputs.slope_pct,
        inputs.aspect_deg,
        inputs.wind_limit,
    )
}

/// Surface fire behaviour in a precomputed fuel bed, with the midflame wind in mi/h blowing
/// from `wind_from_deg`, on a slope of `slope_pct` facing `aspect_deg`.
pub fn fire_in_fuelbed(
    fb: &Fuelbed,
    midflame_wind_mph: f64,
    wind_from_deg: f64,
    slope_pct: f64,
    aspect_deg: f64,
    wind_limit: bool,
) -> SurfaceFire {
    let r0 = fb.no_wind_no_slope_ft_per_min;
    if r0.is_nan() || r0 <= 0.0 {
        return SurfaceFire::NONE;
    }
    let ir = fb.reaction_intensity_btu_ft2_min;
    let midflame_mph = finite_or_zero(midflame_wind_mph).max(0.0);
    let midflame = midflame_mph * FT_PER_MIN_PER_MPH;
    let phi_w = if midflame < 1.0e-7 {
        0.0
    } else {
        libm::pow(midflame, fb.wind_b)
            * fb.wind_c
            * libm::pow(fb.relative_packing_ratio, -fb.wind_e)
    };
    let tan_slope = finite_or_zero(slope_pct).max(0.0) / 100.0;
    // BehavePlus caps the slope factor at the wind limit whether or not the limit is on.
    let wind_speed_limit = 0.9 * ir;
    let phi_s = (fb.slope_k * (tan_slope * tan_slope)).min(wind_speed_limit);

    // Wind and slope rates as vectors, x upslope, y 90° clockwise from it.
    let aspect = finite_or_zero(aspect_deg);
    let wind_toward_from_upslope = (finite_or_zero(wind_from_deg) - aspect).to_radians();
    let slope_rate = r0 * phi_s;
    let wind_rate = r0 * phi_w;
    let x = slope_rate + wind_rate * libm::cos(wind_toward_from_upslope);
    let y = wind_rate * libm::sin(wind_toward_from_upslope);
    let mut ros = r0 + libm::sqrt(x * x + y * y);
    let mut head_from_upslope = libm::atan2(y, x).to_degrees();
    if head_from_upslope < -1.0e-20 {
        head_from_upslope += 360.0;
    }
    // BehavePlus snaps a head within half a degree of upslope to upslope.
    if head_from_upslope.abs() < 0.5 {
        head_from_upslope = 0.0;
    }
    let head_from_north = (head_from_upslope + aspect + 180.0).rem_euclid(360.0);

    // The wind that alone would give the same rate (inverting φ_w).
    let phi_e = (ros / r0 - 1.0).max(0.0);
    let mut effective_wind = libm::pow(
        phi_e * libm::pow(fb.relative_packing_ratio, fb.wind_e) / fb.wind_c,
        1.0 / fb.wind_b,
    );
    let mut limited = false;
    if wind_limit && effective_wind > wind_speed_limit {
        limited = true;
        effective_wind = wind_speed_limit;
        let phi = fb.wind_c
            * libm::pow(wind_speed_limit, fb.wind_b)
            * libm::pow(fb.relative_packing_ratio, -fb.wind_e);
        ros = r0 * (1.0 + phi);
    }
    // An absurd wind may overflow the inversion: the shape saturates long before (LW 8).
    let effective_wind_mph = match effective_wind / FT_PER_MIN_PER_MPH {
        u if u.is_nan() => 0.0,
        u => u.clamp(0.0, 1.0e6),
    };

    let lw = shape::length_to_width(effective_wind_mph);
    let e = shape::eccentricity(lw);
    let backing = shape::backing_rate(ros, e);
    let flanking = shape::flanking_rate(ros, backing, lw);
    let residence = fb.residence_time_min;
    let fireline_intensity = ros * ir * (residence / 60.0);
    let fire = SurfaceFire {
        ros_head_ft_per_min: ros,
        head_dir_from_north_deg: head_from_north,
        head_dir_from_upslope_deg: head_from_upslope,
        length_to_width: lw,
        eccentricity: e,
        backing_ft_per_min: backing,
        flanking_ft_per_min: flanking,
        no_wind_no_slope_ft_per_min: r0,
        reaction_intensity_btu_ft2_min: ir,
        fireline_intensity_btu_ft_s: fireline_intensity,
        flame_length_ft: flame_length_ft(fireline_intensity),
        residence_time_min: residence,
        effective_wind_mph,
        midflame_wind_mph: midflame_mph,
        heat_per_unit_area_btu_ft2: ir * residence,
        wind_limit_exceeded: limited,
    };
    if fire.ros_head_ft_per_min.is_finite() && fire.fireline_intensity_btu_ft_s.is_finite() {
        fire
    } else {
        SurfaceFire::NONE
    }
}
