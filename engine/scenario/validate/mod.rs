//! Semantic checks of scenarios and plans: cross-references, geometry, value ranges and units.
//!
//! Every check reports at the field it concerns and goes on, so a trainer sees all problems at
//! once. The promise: a scenario with no errors here never makes a later stage panic, so the
//! checks cover everything later stages index or divide by.

mod blind;
mod building;
mod hazard;
mod injects;
mod people;
mod plan;
mod refs;
mod terrain;

pub(super) use plan::plan;

use super::diagnostic::{Diagnostic, FileReport, Severity};
use super::geometry as geo;
use super::grid::GridData;
use super::schema::*;
use super::suggest::closest;
use super::{Files, Located, parse_document, sorted};
use crate::plan::Plan;
use std::collections::BTreeMap;

type Ids<'a> = BTreeMap<&'a str, usize>;

struct Out<'l> {
    loc: &'l Located,
    diags: &'l mut Vec<Diagnostic>,
}

impl Out<'_> {
    fn err(&mut self, path: &str, message: String) {
        self.diags
            .push(self.loc.diagnostic(Severity::Error, path, message, None));
    }

    fn err_hint(&mut self, path: &str, message: String, hint: impl Into<String>) {
        self.diags.push(
            self.loc
                .diagnostic(Severity::Error, path, message, Some(hint.into())),
        );
    }

    fn warn(&mut self, path: &str, message: String, hint: Option<String>) {
        self.diags
            .push(self.loc.diagnostic(Severity::Warning, path, message, hint));
    }

    /// Unique, non-empty, well-formed ids; returns the index by id.
    fn ids<'a>(&mut self, what: &str, items: impl Iterator<Item = (&'a str, String)>) -> Ids<'a> {
        let mut map = Ids::new();
        let mut first_line: BTreeMap<&str, u32> = BTreeMap::new();
        for (k, (id, path)) in items.enumerate() {
            if id.trim().is_empty() {
                self.err(&path, format!("{what} id is empty"));
                continue;
            }
            if id.chars().any(char::is_whitespace) {
                self.err_hint(
                    &path,
                    format!("{what} id `{id}` contains spaces"),
                    "ids are short names without spaces, e.g. `stair-a`; put display names in `name`",
                );
            }
            if let Some(line) = first_line.get(id) {
                self.err(
                    &path,
                    format!("{what} id `{id}` is used twice (first on line {line})"),
                );
                continue;
            }
            first_line.insert(id, self.loc.span(&path).start.line);
            map.insert(id, k);
        }
        map
    }

    /// The ids of a list whose elements have an `id` field, at `{list}[i].id`.
    fn list_ids<'a, T>(
        &mut self,
        what: &str,
        list: &str,
        items: &'a [T],
        id: impl Fn(&'a T) -> &'a String,
    ) -> Ids<'a> {
        self.ids(
            what,
            items
                .iter()
                .enumerate()
                .map(|(i, x)| (id(x).as_str(), format!("{list}[{i}].id"))),
        )
    }

    /// `id` must be a key of `ids`; otherwise an error with the closest id as a hint.
    fn known(&mut self, path: &str, what: &str, id: &str, ids: &Ids) -> bool {
        if ids.contains_key(id) {
            return true;
        }
        let message = format!("unknown {what} `{id}`");
        match closest(id, ids.keys().copied()) {
            Some(c) => self.err_hint(path, message, format!("did you mean `{c}`?")),
            None if ids.is_empty() => self.err_hint(path, message, format!("no {what} is defined")),
            None => {
                let some: Vec<String> = ids.keys().take(6).map(|k| format!("`{k}`")).collect();
                self.err_hint(path, message, format!("defined: {}", some.join(", ")))
            }
        }
        false
    }

    fn text(&mut self, path: &str, t: &Text) {
        if t.zh.trim().is_empty() {
            self.err_hint(
                &format!("{path}.zh"),
                "the Chinese text is empty".into(),
                "everything a user sees is given in zh and en",
            );
        }
        if t.en.trim().is_empty() {
            self.err_hint(
                &format!("{path}.en"),
                "the English text is empty".into(),
                "everything a user sees is given in zh and en",
            );
        }
    }

    /// `lo < x <= hi` (or `lo <= x` with `inclusive_lo`), with a unit-aware hint.
    fn range(
        &mut self,
        path: &str,
        x: f64,
        lo: f64,
        hi: f64,
        inclusive_lo: bool,
        what: &str,
    ) -> bool {
        let low_ok = if inclusive_lo { x >= lo } else { x > lo };
        if low_ok && x <= hi {
            return true;
        }
        let bound = if inclusive_lo { "≥" } else { ">" };
        let message = format!("{what} must be {bound} {lo} and ≤ {hi}, found {x}");
        match unit_hint(path, x, hi) {
            Some(h) => self.err_hint(path, message, h),
            None => self.err(path, message),
        }
        false
    }

    fn probability(&mut self, path: &str, x: f64) -> bool {
        self.range(path, x, 0.0, 1.0, true, "probability")
    }

    fn positive(&mut self, path: &str, x: f64, hi: f64, what: &str) -> bool {
        self.range(path, x, 0.0, hi, false, what)
    }

    /// A point must lie on the terrain grid (`extent`: width and height, when known).
    fn on_terrain(&mut self, extent: Option<(f64, f64)>, path: &str, p: Point) -> bool {
        match extent {
            Some((w, h)) if !(0.0..=w).contains(&p.0) || !(0.0..=h).contains(&p.1) => {
                self.err_hint(
                    path,
                    format!(
                        "point ({}, {}) is outside the terrain, which spans 0–{w} m east and 0–{h} m north",
                        p.0, p.1
                    ),
                    "coordinates are metres from the south-west corner of the grid",
                );
                false
            }
            _ => true,
        }
    }

    /// A valid polygon with every corner on the terrain.
    fn terrain_area(&mut self, extent: Option<(f64, f64)>, path: &str, poly: &[Point]) -> bool {
        self.polygon(path, poly, 1.0)
            && poly
                .iter()
                .enumerate()
                .all(|(k, pt)| self.on_terrain(extent, &format!("{path}[{k}]"), *pt))
    }

    fn polygon(&mut self, path: &str, poly: &[Point], min_area_m2: f64) -> bool {
        if poly.len() < 3 {
            self.err_hint(
                path,
                format!("a polygon needs at least 3 corners, found {}", poly.len()),
                "list the corners in order: [(x, y), (x, y), (x, y), …]",
            );
            return false;
        }
        let mut pts: Vec<Point> = poly.to_vec();
        if pts.len() > 3 && pts.first() == pts.last() {
            pts.pop(); // written closed: accepted
        }
        for i in 0..pts.len() {
            if geo::dist(pts[i], pts[(i + 1) % pts.len()]) < 1e-6 {
                self.err_hint(
                    &format!("{path}[{}]", (i + 1) % pts.len()),
                    "the polygon repeats a corner".into(),
                    "remove the repeated point",
                );
                return false;
            }
        }
        if let Some((i, j)) = geo::self_intersection(&pts) {
            self.err_hint(
                &format!("{path}[{j}]"),
                format!("the polygon crosses itself (edges {i} and {j} meet)"),
                "list the corners in order around the outline",
            );
            return false;
        }
        let a = geo::area(&pts);
        if a < min_area_m2 {
            self.err(
                path,
                format!("the polygon's area is {a:.3} m², smaller than {min_area_m2} m²"),
            );
            return false;
        }
        true
    }
}

/// A hint when a value looks like the wrong unit.
fn unit_hint(path: &str, x: f64, hi: f64) -> Option<String> {
    let field = path.rsplit('.').next().unwrap_or(path);
    if field.ends_with("_mps") && x > hi && x / 3.6 <= hi {
        return Some(format!("speeds are in m/s; {x} km/h is {:.1} m/s", x / 3.6));
    }
    if field.ends_with("_m") && x > hi && x / 1000.0 <= hi {
        return Some(format!(
            "lengths are in metres; {x} mm is {:.3} m",
            x / 1000.0
        ));
    }
    if field.ends_with("_pct") && x > 0.0 && x < 1.0 {
        return Some(format!(
            "percentages are in percent; a fraction {x} is {} %",
            x * 100.0
        ));
    }
    if field.ends_with("_s") && x > hi && x / 60.0 <= hi {
        return None;
    }
    if x < 0.0 {
        return Some("this value cannot be negative".into());
    }
    None
}

/// What checking a scenario gives: its diagnostics, its plan and the plan file's reports, and
/// the terrain's grids as read.
pub(super) struct Checked {
    pub diags: Vec<Diagnostic>,
    pub plan: Option<Plan>,
    pub plan_reports: Vec<FileReport>,
    pub elevation: Option<GridData>,
    pub fuel_grid: Option<GridData>,
    pub roughness_grid: Option<GridData>,
}

/// Fuel model codes of the fire kernel's table: Anderson 13, the standard non-burnable codes
/// (91, 92, 93, 98, 99), Scott & Burgan 40.
pub fn fuel_model_known(code: u16) -> bool {
    crate::hazards::fire::fuel_model(code).is_some()
}

pub(super) struct ScenarioCheck<'a> {
    s: &'a Scenario,
    loc: &'a Located,
    files: Files<'a>,
    diags: Vec<Diagnostic>,
    plan: Option<Plan>,
    plan_reports: Vec<FileReport>,
    elevation: Option<GridData>,
    /// The terrain's fuel raster, when it has one and it fits.
    fuel_grid: Option<GridData>,
    /// The terrain's roughness raster, when it has one and it fits.
    roughness_grid: Option<GridData>,
    // Ids by kind.
    floors: Ids<'a>,
    spaces: BTreeMap<&'a str, (usize, usize)>,
    space_ids: Ids<'a>,
    doors: Ids<'a>,
    stairs: Ids<'a>,
    lifts: Ids<'a>,
    exits: Ids<'a>,
    assembly: Ids<'a>,
    roads: Ids<'a>,
    rivers: Ids<'a>,
    levees: Ids<'a>,
    houses: Ids<'a>,
    shelters: Ids<'a>,
    places: Ids<'a>,
    groups: Ids<'a>,
    participants: Ids<'a>,
    injects: BTreeMap<u32, usize>,
    /// Width and height of a terrain site, metres.
    extent: Option<(f64, f64)>,
}

/// Which kinds of site reference a field accepts.
#[derive(Clone, Copy, PartialEq)]
enum RefUse {
    /// Where people start.
    Start,
    /// Where people go.
    Destination,
    /// What can be blocked or cleared.
    Blockable,
    /// Any place (conditions, what a participant answers for).
    Any,
}

impl<'a> ScenarioCheck<'a> {
    pub(super) fn new(s: &'a Scenario, loc: &'a Located, files: Files<'a>) -> Self {
        ScenarioCheck {
            s,
            loc,
            files,
            diags: Vec::new(),
            plan: None,
            plan_reports: Vec::new(),
            elevation: None,
            fuel_grid: None,
            roughness_grid: None,
            floors: Ids::new(),
            spaces: BTreeMap::new(),
            space_ids: Ids::new(),
            doors: Ids::new(),
            stairs: Ids::new(),
            lifts: Ids::new(),
            exits: Ids::new(),
            assembly: Ids::new(),
            roads: Ids::new(),
            rivers: Ids::new(),
            levees: Ids::new(),
            houses: Ids::new(),
            shelters: Ids::new(),
            places: Ids::new(),
            groups: Ids::new(),
            participants: Ids::new(),
            injects: BTreeMap::new(),
            extent: None,
        }
    }

    pub(super) fn finish(self) -> Checked {
        Checked {
            diags: self.diags,
            plan: self.plan,
            plan_reports: self.plan_reports,
            elevation: self.elevation,
            fuel_grid: self.fuel_grid,
            roughness_grid: self.roughness_grid,
        }
    }

    fn out(&mut self) -> Out<'_> {
        Out {
            loc: self.loc,
            diags: &mut self.diags,
        }
    }

    pub(super) fn run(&mut self) {
        self.meta();
        match &self.s.site {
            Site::Building(b) => self.building(b),
            Site::Terrain(t) => self.terrain(t),
        }
        self.plan_ref();
        self.people();
        self.hazards();
        self.injects();
        self.blind();
        let end = &self.s.end;
        self.out().positive(
            "end.time_limit_s",
            end.time_limit_s,
            7.0 * 86400.0,
            "the time limit",
        );
    }

    fn meta(&mut self) {
        let s = self.s;
        let m = &s.meta;
        let mut o = self.out();
        if m.format_version != FORMAT_VERSION {
            let hint = if m.format_version > FORMAT_VERSION {
                "this file was written for a newer drillhall; update drillhall"
            } else {
                "write `format_version: 1`"
            };
            o.err_hint(
                "meta.format_version",
                format!(
                    "format version {} is not supported; this drillhall reads version {FORMAT_VERSION}",
                    m.format_version
                ),
                hint,
            );
        }
        if m.id.is_empty()
            || !m
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        {
            o.err_hint(
                "meta.id",
                format!("scenario id `{}` is not a valid id", m.id),
                "use lowercase letters, digits and `-`, e.g. `school-earthquake`",
            );
        }
        o.text("meta.title", &m.title);
        o.text("meta.briefing", &m.briefing);
        if let Some(c) = &m.start_clock
            && crate::plan::clock_minutes(c).is_none()
        {
            o.err_hint(
                "meta.start_clock",
                format!("`{c}` is not a time of day"),
                "write 24-hour time as \"HH:MM\", e.g. \"14:30\"",
            );
        }
        let (site_kind, site_ok) = match (&s.site, m.kind) {
            (Site::Building(_), DrillKind::Earthquake) => ("Building", true),
            (Site::Terrain(_), DrillKind::ForestFire | DrillKind::Flood) => ("Terrain", true),
            (Site::Building(_), _) => ("Building", false),
            (Site::Terrain(_), _) => ("Terrain", false),
        };
        if !site_ok {
            o.err_hint(
                "site",
                format!("a {:?} drill cannot take place on a {site_kind} site", m.kind),
                "earthquake drills use `Building(…)`; forest fire and flood drills use `Terrain(…)`",
            );
        }
    }
}
