//! The standard surface fuel models: Anderson's 13 (Anderson 1982, INT-GTR-122, with the
//! parameters of Albini 1976 as BehavePlus carries them) and Scott & Burgan's 40 (Scott & Burgan
//! 2005, RMRS-GTR-153), plus the non-burnable codes 91–99.
//!
//! Units are those of the models' publications, which Rothermel's equations use: depth in ft,
//! loads in lb/ft², surface-area-to-volume ratios (SAV) in 1/ft, heat content in Btu/lb,
//! moisture of extinction as a fraction. Scott & Burgan publish loads in short tons per acre;
//! they are converted with [`T_PER_AC`] exactly as BehavePlus does, so the numbers are the same
//! doubles.

/// lb/ft² per short ton per acre (2000 lb / 43 560 ft²).
pub const T_PER_AC: f64 = 2000.0 / 43560.0;
/// SAV of the 10-h dead class, 1/ft (a constant of the standard models).
pub const SAV_10H_PER_FT: f64 = 109.0;
/// SAV of the 100-h dead class, 1/ft (a constant of the standard models).
pub const SAV_100H_PER_FT: f64 = 30.0;

/// One standard fuel model.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FuelModel {
    /// The model's number (1–13 Anderson, 91–99 non-burnable, 101–204 Scott & Burgan).
    pub code: u16,
    /// Its short name: "FM1", "GS4", "NB9"…
    pub name: &'static str,
    pub depth_ft: f64,
    /// Dead fuel moisture of extinction, fraction.
    pub dead_moisture_of_extinction: f64,
    pub load_1h_lb_per_ft2: f64,
    pub load_10h_lb_per_ft2: f64,
    pub load_100h_lb_per_ft2: f64,
    pub load_live_herb_lb_per_ft2: f64,
    pub load_live_woody_lb_per_ft2: f64,
    pub sav_1h_per_ft: f64,
    pub sav_live_herb_per_ft: f64,
    pub sav_live_woody_per_ft: f64,
    pub heat_dead_btu_per_lb: f64,
    pub heat_live_btu_per_lb: f64,
    /// Dynamic models move cured live herbaceous load to dead (Scott & Burgan's "(D)").
    pub dynamic: bool,
}

impl FuelModel {
    /// Whether the model carries any fuel at all.
    pub fn has_fuel(&self) -> bool {
        self.load_1h_lb_per_ft2 > 0.0
            || self.load_10h_lb_per_ft2 > 0.0
            || self.load_100h_lb_per_ft2 > 0.0
            || self.load_live_herb_lb_per_ft2 > 0.0
            || self.load_live_woody_lb_per_ft2 > 0.0
    }
}

/// An Anderson (1982) model: heat 8000 Btu/lb, live SAV 1500 1/ft, loads in lb/ft².
#[allow(clippy::too_many_arguments)]
const fn anderson(
    code: u16,
    name: &'static str,
    depth_ft: f64,
    mx: f64,
    l1: f64,
    l10: f64,
    l100: f64,
    herb: f64,
    woody: f64,
    sav_1h: f64,
) -> FuelModel {
    FuelModel {
        code,
        name,
        depth_ft,
        dead_moisture_of_extinction: mx,
        load_1h_lb_per_ft2: l1,
        load_10h_lb_per_ft2: l10,
        load_100h_lb_per_ft2: l100,
        load_live_herb_lb_per_ft2: herb,
        load_live_woody_lb_per_ft2: woody,
        sav_1h_per_ft: sav_1h,
        sav_live_herb_per_ft: 1500.0,
        sav_live_woody_per_ft: 1500.0,
        heat_dead_btu_per_lb: 8000.0,
        heat_live_btu_per_lb: 8000.0,
        dynamic: false,
    }
}

/// A Scott & Burgan (2005) model: loads in t/ac as published.
#[allow(clippy::too_many_arguments)]
const fn scott_burgan(
    code: u16,
    name: &'static str,
    dynamic: bool,
    depth_ft: f64,
    mx: f64,
    heat: f64,
    loads_t_per_ac: [f64; 5],
    sav: [f64; 3],
) -> FuelModel {
    FuelModel {
        code,
        name,
        depth_ft,
        dead_moisture_of_extinction: mx,
        load_1h_lb_per_ft2: loads_t_per_ac[0] * T_PER_AC,
        load_10h_lb_per_ft2: loads_t_per_ac[1] * T_PER_AC,
        load_100h_lb_per_ft2: loads_t_per_ac[2] * T_PER_AC,
        load_live_herb_lb_per_ft2: loads_t_per_ac[3] * T_PER_AC,
        load_live_woody_lb_per_ft2: loads_t_per_ac[4] * T_PER_AC,
        sav_1h_per_ft: sav[0],
        sav_live_herb_per_ft: sav[1],
        sav_live_woody_per_ft: sav[2],
        heat_dead_btu_per_lb: heat,
        heat_live_btu_per_lb: heat,
        dynamic,
    }
}

/// A non-burnable model: no fuel.
const fn non_burnable(code: u16, name: &'static str) -> FuelModel {
    anderson(code, name, 1.0, 0.10, 0.0, 0.0, 0.0, 0.0, 0.0, 1500.0)
}

const D: bool = true;
const S: bool = false;

/// The table, sorted by code.
static FUEL_MODELS: [FuelModel; 58] = [
    // Anderson 1982: depth, Mx, 1-h/10-h/100-h/herb/woody lb/ft², 1-h SAV.
    anderson(1, "FM1", 1.0, 0.12, 0.034, 0.0, 0.0, 0.0, 0.0, 3500.0),
    anderson(2, "FM2", 1.0, 0.15, 0.092, 0.046, 0.023, 0.023, 0.0, 3000.0),
    anderson(3, "FM3", 2.5, 0.25, 0.138, 0.0, 0.0, 0.0, 0.0, 1500.0),
    anderson(4, "FM4", 6.0, 0.20, 0.230, 0.184, 0.092, 0.0, 0.230, 2000.0),
    anderson(5, "FM5", 2.0, 0.20, 0.046, 0.023, 0.0, 0.0, 0.092, 2000.0),
    anderson(6, "FM6", 2.5, 0.25, 0.069, 0.115, 0.092, 0.0, 0.0, 1750.0),
    anderson(7, "FM7", 2.5, 0.40, 0.052, 0.086, 0.069, 0.0, 0.017, 1750.0),
    anderson(8, "FM8", 0.2, 0.30, 0.069, 0.046, 0.115, 0.0, 0.0, 2000.0),
    anderson(9, "FM9", 0.2, 0.25, 0.134, 0.019, 0.007, 0.0, 0.0, 2500.0),
    anderson(
        10, "FM10", 1.0, 0.25, 0.138, 0.092, 0.230, 0.0, 0.092, 2000.0,
    ),
    anderson(11, "FM11", 1.0, 0.15, 0.069, 0.207, 0.253, 0.0, 0.0, 1500.0),
    anderson(12, "FM12", 2.3, 0.20, 0.184, 0.644, 0.759, 0.0, 0.0, 1500.0),
    anderson(13, "FM13", 3.0, 0.25, 0.322, 1.058, 1.288, 0.0, 0.0, 1500.0),
    // Non-burnable (Scott & Burgan 2005): urban, snow/ice, agricultural, open water, bare ground.
    non_burnable(91, "NB1"),
    non_burnable(92, "NB2"),
    non_burnable(93, "NB3"),
    non_burnable(98, "NB8"),
    non_burnable(99, "NB9"),
    // Scott & Burgan 2005: dynamic?, depth ft, dead Mx, heat Btu/lb,
    // loads t/ac [1-h, 10-h, 100-h, live herb, live woody], SAV 1/ft [1-h, live herb, live woody].
    // Grass (GR)
    scott_burgan(
        101,
        "GR1",
        D,
        0.4,
        0.15,
        8000.0,
        [0.10, 0.0, 0.0, 0.30, 0.0],
        [2200.0, 2000.0, 1500.0],
    ),
    scott_burgan(
        102,
        "GR2",
        D,
        1.0,
        0.15,
        8000.0,
        [0.10, 0.0, 0.0, 1.0, 0.0],
        [2000.0, 1800.0, 1500.0],
    ),
    scott_burgan(
        103,
        "GR3",
        D,
        2.0,
        0.30,
        8000.0,
        [0.10, 0.40, 0.0, 1.50, 0.0],
        [1500.0, 1300.0, 1500.0],
    ),
    scott_burgan(
        104,
        "GR4",
        D,
        2.0,
        0.15,
        8000.0,
        [0.25, 0.0, 0.0, 1.9, 0.0],
        [2000.0, 1800.0, 1500.0],
    ),
    scott_burgan(
        105,
        "GR5",
        D,
        1.5,
        0.40,
        8000.0,
        [0.40, 0.0, 0.0, 2.50, 0.0],
        [1800.0, 1600.0, 1500.0],
    ),
    scott_burgan(
        106,
        "GR6",
        D,
        1.5,
        0.40,
        9000.0,
        [0.10, 0.0, 0.0, 3.4, 0.0],
        [2200.0, 2000.0, 1500.0],
    ),
    scott_burgan(
        107,
        "GR7",
        D,
        3.0,
        0.15,
        8000.0,
        [1.0, 0.0, 0.0, 5.4, 0.0],
        [2000.0, 1800.0, 1500.0],
    ),
    scott_burgan(
        108,
        "GR8",
        D,
        4.0,
        0.30,
        8000.0,
        [0.5, 1.0, 0.0, 7.3, 0.0],
        [1500.0, 1300.0, 1500.0],
    ),
    scott_burgan(
        109,
        "GR9",
        D,
        5.0,
        0.40,
        8000.0,
        [1.0, 1.0, 0.0, 9.0, 0.0],
        [1800.0, 1600.0, 1500.0],
    ),
    // Grass-shrub (GS)
    scott_burgan(
        121,
        "GS1",
        D,
        0.9,
        0.15,
        8000.0,
        [0.2, 0.0, 0.0, 0.5, 0.65],
        [2000.0, 1800.0, 1800.0],
    ),
    scott_burgan(
        122,
        "GS2",
        D,
        1.5,
        0.15,
        8000.0,
        [0.5, 0.5, 0.0, 0.6, 1.0],
        [2000.0, 1800.0, 1800.0],
    ),
    scott_burgan(
        123,
        "GS3",
        D,
        1.8,
        0.40,
        8000.0,
        [0.3, 0.25, 0.0, 1.45, 1.25],
        [1800.0, 1600.0, 1600.0],
    ),
    scott_burgan(
        124,
        "GS4",
        D,
        2.1,
        0.40,
        8000.0,
        [1.9, 0.3, 0.1, 3.4, 7.1],
        [1800.0, 1600.0, 1600.0],
    ),
    // Shrub (SH)
    scott_burgan(
        141,
        "SH1",
        D,
        1.0,
        0.15,
        8000.0,
        [0.25, 0.25, 0.0, 0.15, 1.3],
        [2000.0, 1800.0, 1600.0],
    ),
    scott_burgan(
        142,
        "SH2",
        S,
        1.0,
        0.15,
        8000.0,
        [1.35, 2.4, 0.75, 0.0, 3.85],
        [2000.0, 1800.0, 1600.0],
    ),
    scott_burgan(
        143,
        "SH3",
        S,
        2.4,
        0.40,
        8000.0,
        [0.45, 3.0, 0.0, 0.0, 6.2],
        [1600.0, 1800.0, 1400.0],
    ),
    scott_burgan(
        144,
        "SH4",
        S,
        3.0,
        0.30,
        8000.0,
        [0.85, 1.15, 0.2, 0.0, 2.55],
        [2000.0, 1800.0, 1600.0],
    ),
    scott_burgan(
        145,
        "SH5",
        S,
        6.0,
        0.15,
        8000.0,
        [3.6, 2.1, 0.0, 0.0, 2.9],
        [750.0, 1800.0, 1600.0],
    ),
    scott_burgan(
        146,
        "SH6",
        S,
        2.0,
        0.30,
        8000.0,
        [2.9, 1.45, 0.0, 0.0, 1.4],
        [750.0, 1800.0, 1600.0],
    ),
    scott_burgan(
        147,
        "SH7",
        S,
        6.0,
        0.15,
        8000.0,
        [3.5, 5.3, 2.2, 0.0, 3.4],
        [750.0, 1800.0, 1600.0],
    ),
    scott_burgan(
        148,
        "SH8",
        S,
        3.0,
        0.40,
        8000.0,
        [2.05, 3.4, 0.85, 0.0, 4.35],
        [750.0, 1800.0, 1600.0],
    ),
    scott_burgan(
        149,
        "SH9",
        D,
        4.4,
        0.40,
        8000.0,
        [4.5, 2.45, 0.0, 1.55, 7.0],
        [750.0, 1800.0, 1500.0],
    ),
    // Timber-understory (TU)
    scott_burgan(
        161,
        "TU1",
        D,
        0.6,
        0.20,
        8000.0,
        [0.2, 0.9, 1.5, 0.2, 0.9],
        [2000.0, 1800.0, 1600.0],
    ),
    scott_burgan(
        162,
        "TU2",
        S,
        1.0,
        0.30,
        8000.0,
        [0.95, 1.8, 1.25, 0.0, 0.2],
        [2000.0, 1800.0, 1600.0],
    ),
    scott_burgan(
        163,
        "TU3",
        D,
        1.3,
        0.30,
        8000.0,
        [1.1, 0.15, 0.25, 0.65, 1.1],
        [1800.0, 1600.0, 1400.0],
    ),
    scott_burgan(
        164,
        "TU4",
        S,
        0.5,
        0.12,
        8000.0,
        [4.5, 0.0, 0.0, 0.0, 2.0],
        [2300.0, 1800.0, 2000.0],
    ),
    scott_burgan(
        165,
        "TU5",
        S,
        1.0,
        0.25,
        8000.0,
        [4.0, 4.0, 3.0, 0.0, 3.0],
        [1500.0, 1800.0, 750.0],
    ),
    // Timber litter (TL)
    scott_burgan(
        181,
        "TL1",
        S,
        0.2,
        0.30,
        8000.0,
        [1.0, 2.2, 3.6, 0.0, 0.0],
        [2000.0, 1800.0, 1600.0],
    ),
    scott_burgan(
        182,
        "TL2",
        S,
        0.2,
        0.25,
        8000.0,
        [1.4, 2.3, 2.2, 0.0, 0.0],
        [2000.0, 1800.0, 1600.0],
    ),
    scott_burgan(
        183,
        "TL3",
        S,
        0.3,
        0.20,
        8000.0,
        [0.5, 2.2, 2.8, 0.0, 0.0],
        [2000.0, 1800.0, 1600.0],
    ),
    scott_burgan(
        184,
        "TL4",
        S,
        0.4,
        0.25,
        8000.0,
        [0.5, 1.5, 4.2, 0.0, 0.0],
        [2000.0, 1800.0, 1600.0],
    ),
    scott_burgan(
        185,
        "TL5",
        S,
        0.6,
        0.25,
        8000.0,
        [1.15, 2.5, 4.4, 0.0, 0.0],
        [2000.0, 1800.0, 1600.0],
    ),
    scott_burgan(
        186,
        "TL6",
        S,
        0.3,
        0.25,
        8000.0,
        [2.4, 1.2, 1.2, 0.0, 0.0],
        [2000.0, 1800.0, 1600.0],
    ),
    scott_burgan(
        187,
        "TL7",
        S,
        0.4,
        0.25,
        8000.0,
        [0.3, 1.4, 8.1, 0.0, 0.0],
        [2000.0, 1800.0, 1600.0],
    ),
    scott_burgan(
        188,
        "TL8",
        S,
        0.3,
        0.35,
        8000.0,
        [5.8, 1.4, 1.1, 0.0, 0.0],
        [1800.0, 1800.0, 1600.0],
    ),
    scott_burgan(
        189,
        "TL9",
        S,
        0.6,
        0.35,
        8000.0,
        [6.65, 3.30, 4.15, 0.0, 0.0],
        [1800.0, 1800.0, 1600.0],
    ),
    // Slash-blowdown (SB)
    scott_burgan(
        201,
        "SB1",
        S,
        1.0,
        0.25,
        8000.0,
        [1.5, 3.0, 11.0, 0.0, 0.0],
        [2000.0, 1800.0, 1600.0],
    ),
    scott_burgan(
        202,
        "SB2",
        S,
        1.0,
        0.25,
        8000.0,
        [4.5, 4.25, 4.0, 0.0, 0.0],
        [2000.0, 1800.0, 1600.0],
    ),
    scott_burgan(
        203,
        "SB3",
        S,
        1.2,
        0.25,
        8000.0,
        [5.5, 2.75, 3.0, 0.0, 0.0],
        [2000.0, 1800.0, 1600.0],
    ),
    scott_burgan(
        204,
        "SB4",
        S,
        2.7,
        0.25,
        8000.0,
        [5.25, 3.5, 5.25, 0.0, 0.0],
        [2000.0, 1800.0, 1600.0],
    ),
];

/// The standard model with this code, if there is one (the non-burnable codes 94–97, which
/// are reserved or custom, have no entry but are still [`is_non_burnable`]).
pub fn fuel_model(code: u16) -> Option<&'static FuelModel> {
    FUEL_MODELS
        .binary_search_by_key(&code, |m| m.code)
        .ok()
        .map(|i| &FUEL_MODELS[i])
}

/// Codes 91–99 are non-burnable (urban, snow, agriculture, water, bare ground and reserved).
pub fn is_non_burnable(code: u16) -> bool {
    (91..=99).contains(&code)
}

/// Whether a fire can burn in fuel `code`: a known model with fuel in it.
pub fn is_burnable(code: u16) -> bool {
    !is_non_burnable(code) && fuel_model(code).is_some_and(FuelModel::has_fuel)
}

/// All models of the table, by code.
pub fn all_fuel_models() -> &'static [FuelModel] {
    &FUEL_MODELS
}
