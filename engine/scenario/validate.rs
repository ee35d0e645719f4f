//! Semantic checks of scenarios and plans: cross-references, geometry, value ranges and units.
//!
//! Every check reports at the field it concerns and goes on, so a trainer sees all problems at
//! once. The promise: a scenario with no errors here never makes a later stage panic, so the
//! checks cover everything later stages index or divide by.

use super::diagnostic::{Diagnostic, DocKind, FileReport, Severity};
use super::geometry as geo;
use super::grid::{self, GridData};
use super::schema::*;
use super::suggest::closest;
use super::{Document, FileError, Files, Located};
use crate::plan::{Destination, Plan, Requirement, Responsible, StepStart};
use std::collections::{BTreeMap, BTreeSet};

/// Tolerance for "on the wall": authors type coordinates to the centimetre.
const WALL_TOL_M: f64 = 0.05;
/// Weidmann's jam density: nobody can move above it.
const MAX_DENSITY_PPM2: f64 = 5.4;

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

/// Fuel model codes known to behave: Anderson 13, non-burnable 91–99, Scott & Burgan 40.
pub fn fuel_model_known(code: u16) -> bool {
    matches!(code, 1..=13 | 91..=93 | 98 | 99 | 101..=109 | 121..=124 | 141..=149 | 161..=165 | 181..=189 | 201..=204)
}

fn parse_clock(s: &str) -> Option<(u32, u32)> {
    let (h, m) = s.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some((h, m))
}

// -------------------------------------------------------------------------------------------
// Scenario

pub(super) struct ScenarioCheck<'a> {
    s: &'a Scenario,
    loc: &'a Located,
    files: Files<'a>,
    diags: Vec<Diagnostic>,
    plan: Option<Plan>,
    plan_reports: Vec<FileReport>,
    elevation: Option<GridData>,
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

    pub(super) fn finish(
        self,
    ) -> (
        Vec<Diagnostic>,
        Option<Plan>,
        Vec<FileReport>,
        Option<GridData>,
    ) {
        (self.diags, self.plan, self.plan_reports, self.elevation)
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
            && parse_clock(c).is_none()
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

    // ---- building --------------------------------------------------------------------------

    fn building(&mut self, b: &'a Building) {
        let mut o = Out {
            loc: self.loc,
            diags: &mut self.diags,
        };
        if b.floors.is_empty() {
            o.err("site.floors", "a building needs at least one floor".into());
            return;
        }
        self.floors = o.list_ids("floor", "site.floors", &b.floors, |x| &x.id);
        self.space_ids = o.ids(
            "space",
            b.floors.iter().enumerate().flat_map(|(i, f)| {
                f.spaces
                    .iter()
                    .enumerate()
                    .map(move |(j, s)| (s.id.as_str(), format!("site.floors[{i}].spaces[{j}].id")))
            }),
        );
        for (i, f) in b.floors.iter().enumerate() {
            for (j, s) in f.spaces.iter().enumerate() {
                self.spaces.entry(s.id.as_str()).or_insert((i, j));
            }
        }
        self.doors = o.list_ids("door", "site.doors", &b.doors, |x| &x.id);
        self.stairs = o.list_ids("stair", "site.stairs", &b.stairs, |x| &x.id);
        self.lifts = o.list_ids("lift", "site.lifts", &b.lifts, |x| &x.id);
        self.exits = o.list_ids("exit", "site.exits", &b.exits, |x| &x.id);
        self.assembly = o.list_ids(
            "assembly area",
            "site.assembly_areas",
            &b.assembly_areas,
            |x| &x.id,
        );

        // Floors and spaces.
        let mut valid_poly: BTreeSet<&str> = BTreeSet::new();
        let mut elevations: Vec<(f64, usize)> = Vec::new();
        for (i, f) in b.floors.iter().enumerate() {
            let p = format!("site.floors[{i}]");
            o.range(
                &format!("{p}.elevation_m"),
                f.elevation_m,
                -50.0,
                500.0,
                true,
                "floor elevation",
            );
            o.range(
                &format!("{p}.height_m"),
                f.height_m,
                2.0,
                20.0,
                true,
                "floor height",
            );
            if let Some(&(_, k)) = elevations
                .iter()
                .find(|(e, _)| (e - f.elevation_m).abs() < 1.0)
            {
                o.err(
                    &format!("{p}.elevation_m"),
                    format!(
                        "floor `{}` is at the same elevation as floor `{}`",
                        f.id, b.floors[k].id
                    ),
                );
            }
            elevations.push((f.elevation_m, i));
            if f.spaces.is_empty() {
                o.err(
                    &format!("{p}.spaces"),
                    format!("floor `{}` has no spaces", f.id),
                );
            }
            for (j, s) in f.spaces.iter().enumerate() {
                if o.polygon(&format!("{p}.spaces[{j}].polygon"), &s.polygon, 0.5) {
                    valid_poly.insert(s.id.as_str());
                }
                if let Some(n) = &s.name {
                    o.text(&format!("{p}.spaces[{j}].name"), n);
                }
            }
            for j in 0..f.spaces.len() {
                for k in j + 1..f.spaces.len() {
                    let (a, c) = (&f.spaces[j], &f.spaces[k]);
                    if valid_poly.contains(a.id.as_str())
                        && valid_poly.contains(c.id.as_str())
                        && geo::overlap(&closed(&a.polygon), &closed(&c.polygon))
                    {
                        o.err_hint(
                            &format!("{p}.spaces[{k}].polygon"),
                            format!("space `{}` overlaps space `{}`", c.id, a.id),
                            "spaces on a floor may share walls but not floor area",
                        );
                    }
                }
            }
        }
        let space = |id: &str| -> Option<(&'a Floor, &'a Space)> {
            let (f, s) = *b
                .floors
                .iter()
                .enumerate()
                .find_map(|(fi, f)| f.spaces.iter().position(|s| s.id == id).map(|si| (fi, si)))
                .as_ref()?;
            Some((&b.floors[f], &b.floors[f].spaces[s]))
        };
        let poly_ok = |id: &str| valid_poly.contains(id);

        // Doors. Reachability is only judged once every door and stair names real spaces:
        // otherwise one misspelt id would also report every room behind it.
        let mut links_ok = true;
        for (i, d) in b.doors.iter().enumerate() {
            let p = format!("site.doors[{i}]");
            let w_ok = o.positive(&format!("{p}.width_m"), d.width_m, 20.0, "door width");
            if w_ok && d.width_m < 0.6 {
                o.warn(
                    &format!("{p}.width_m"),
                    format!(
                        "door `{}` is {} m wide, narrower than a person passes freely",
                        d.id, d.width_m
                    ),
                    Some("widths are clear widths in metres".into()),
                );
            }
            let a_ok = o.known(
                &format!("{p}.spaces[0]"),
                "space",
                &d.spaces.0,
                &self.space_ids,
            );
            let b_ok = o.known(
                &format!("{p}.spaces[1]"),
                "space",
                &d.spaces.1,
                &self.space_ids,
            );
            if !(a_ok && b_ok) {
                links_ok = false;
                continue;
            }
            if d.spaces.0 == d.spaces.1 {
                o.err(
                    &format!("{p}.spaces"),
                    format!("door `{}` joins space `{}` to itself", d.id, d.spaces.0),
                );
                continue;
            }
            let (Some((fa, sa)), Some((fb, sb))) = (space(&d.spaces.0), space(&d.spaces.1)) else {
                continue;
            };
            if fa.id != fb.id {
                o.err_hint(
                    &format!("{p}.spaces"),
                    format!(
                        "door `{}` joins `{}` on floor `{}` to `{}` on floor `{}`",
                        d.id, sa.id, fa.id, sb.id, fb.id
                    ),
                    "doors join spaces on one floor; use a stair between floors",
                );
                continue;
            }
            if !(poly_ok(&sa.id) && poly_ok(&sb.id) && w_ok) {
                continue;
            }
            let (pa, pb) = (closed(&sa.polygon), closed(&sb.polygon));
            match geo::shared_wall_span(d.at, &pa, &pb, WALL_TOL_M) {
                None => {
                    let (da, _) = geo::boundary_distance(d.at, &pa);
                    let (db, _) = geo::boundary_distance(d.at, &pb);
                    o.err_hint(
                        &format!("{p}.at"),
                        format!(
                            "door `{}` at ({}, {}) is not on a wall shared by `{}` and `{}`",
                            d.id, d.at.0, d.at.1, sa.id, sb.id
                        ),
                        format!(
                            "it is {da:.2} m from the walls of `{}` and {db:.2} m from those of `{}`",
                            sa.id, sb.id
                        ),
                    );
                }
                Some((before, after)) => {
                    let half = d.width_m / 2.0;
                    if before + WALL_TOL_M < half || after + WALL_TOL_M < half {
                        o.err_hint(
                            &format!("{p}.width_m"),
                            format!(
                                "door `{}` ({} m wide) does not fit on the wall `{}` and `{}` share",
                                d.id, d.width_m, sa.id, sb.id
                            ),
                            format!(
                                "there is {:.2} m of shared wall on one side of its centre and {:.2} m on the other",
                                before.max(0.0),
                                after.max(0.0)
                            ),
                        );
                    }
                }
            }
        }

        // Windows and exits sit on walls; exits on outside walls.
        for (i, f) in b.floors.iter().enumerate() {
            for (j, w) in f.windows.iter().enumerate() {
                let p = format!("site.floors[{i}].windows[{j}]");
                let w_ok = o.positive(&format!("{p}.width_m"), w.width_m, 20.0, "window width");
                o.range(
                    &format!("{p}.sill_height_m"),
                    w.sill_height_m,
                    0.0,
                    f.height_m,
                    true,
                    "sill height",
                );
                if !o.known(&format!("{p}.space"), "space", &w.space, &self.space_ids) {
                    continue;
                }
                let Some((wf, ws)) = space(&w.space) else {
                    continue;
                };
                if wf.id != f.id {
                    o.err(
                        &format!("{p}.space"),
                        format!("space `{}` is on floor `{}`, not `{}`", ws.id, wf.id, f.id),
                    );
                    continue;
                }
                if poly_ok(&ws.id) && w_ok {
                    on_wall(
                        &mut o,
                        &p,
                        "window",
                        w.at,
                        w.width_m,
                        &closed(&ws.polygon),
                        &ws.id,
                    );
                }
            }
        }
        let lowest = b
            .floors
            .iter()
            .map(|f| f.elevation_m)
            .fold(f64::INFINITY, f64::min);
        for (i, e) in b.exits.iter().enumerate() {
            let p = format!("site.exits[{i}]");
            let w_ok = o.positive(&format!("{p}.width_m"), e.width_m, 50.0, "exit width");
            o.known(
                &format!("{p}.leads_to"),
                "assembly area",
                &e.leads_to,
                &self.assembly,
            );
            if !o.known(&format!("{p}.space"), "space", &e.space, &self.space_ids) {
                continue;
            }
            let Some((ef, es)) = space(&e.space) else {
                continue;
            };
            if ef.elevation_m - lowest > 1.5 {
                o.warn(
                    &format!("{p}.space"),
                    format!(
                        "exit `{}` leaves from floor `{}`, {} m above the lowest floor",
                        e.id,
                        ef.id,
                        ef.elevation_m - lowest
                    ),
                    Some("exits lead outside at ground level".into()),
                );
            }
            if !(poly_ok(&es.id) && w_ok) {
                continue;
            }
            let poly = closed(&es.polygon);
            if !on_wall(&mut o, &p, "exit", e.at, e.width_m, &poly, &es.id) {
                continue;
            }
            // Outside: a step outwards from the opening must not land in another space.
            let (_, edge) = geo::boundary_distance(e.at, &poly);
            let n = geo::outward_normal(&poly, edge);
            let probe = (e.at.0 + n.0 * 0.2, e.at.1 + n.1 * 0.2);
            if let Some(other) = ef.spaces.iter().find(|s| {
                s.id != es.id && poly_ok(&s.id) && geo::contains(&closed(&s.polygon), probe)
            }) {
                o.err_hint(
                    &format!("{p}.at"),
                    format!(
                        "exit `{}` opens into space `{}`, not outside",
                        e.id, other.id
                    ),
                    "an exit is on an outside wall; between two spaces use a door",
                );
            }
        }

        // Stairs and lifts.
        for (i, st) in b.stairs.iter().enumerate() {
            let p = format!("site.stairs[{i}]");
            o.positive(&format!("{p}.width_m"), st.width_m, 20.0, "stair width");
            let len_ok = o.positive(&format!("{p}.length_m"), st.length_m, 200.0, "stair length");
            for (field, v) in [
                ("up_speed_mps", st.up_speed_mps),
                ("down_speed_mps", st.down_speed_mps),
            ] {
                if let Some(v) = v {
                    o.positive(&format!("{p}.{field}"), v, 3.0, "stair speed");
                }
            }
            let f_ok = o.known(&format!("{p}.from"), "space", &st.from, &self.space_ids);
            let t_ok = o.known(&format!("{p}.to"), "space", &st.to, &self.space_ids);
            if !(f_ok && t_ok) {
                links_ok = false;
                continue;
            }
            let (Some((ff, fs)), Some((tf, ts))) = (space(&st.from), space(&st.to)) else {
                continue;
            };
            for (field, sp) in [("from", fs), ("to", ts)] {
                if sp.kind != SpaceKind::Stairwell {
                    o.warn(
                        &format!("{p}.{field}"),
                        format!(
                            "stair `{}` lands in `{}`, a {:?}, not a Stairwell",
                            st.id, sp.id, sp.kind
                        ),
                        None,
                    );
                }
            }
            let rise = tf.elevation_m - ff.elevation_m;
            if rise <= 0.0 {
                o.err_hint(
                    &format!("{p}.to"),
                    format!(
                        "stair `{}` goes from floor `{}` ({} m) to floor `{}` ({} m): `to` must be higher",
                        st.id, ff.id, ff.elevation_m, tf.id, tf.elevation_m
                    ),
                    "`from` is the lower end, `to` the upper",
                );
            } else if len_ok {
                let slope = rise / st.length_m;
                if !(0.3..=1.2).contains(&slope) {
                    o.err_hint(
                        &format!("{p}.length_m"),
                        format!(
                            "stair `{}` rises {rise} m over {} m: a slope of {slope:.2}, outside the 0.3–1.2 of real stairs",
                            st.id, st.length_m
                        ),
                        "length_m is the horizontal run of all flights between the two floors",
                    );
                }
            }
        }
        for (i, l) in b.lifts.iter().enumerate() {
            let p = format!("site.lifts[{i}]");
            if l.capacity_persons == 0 {
                o.err(
                    &format!("{p}.capacity_persons"),
                    "a lift's capacity must be at least 1 person".into(),
                );
            }
            o.positive(&format!("{p}.speed_mps"), l.speed_mps, 10.0, "lift speed");
            if l.stops.len() < 2 {
                o.err(
                    &format!("{p}.stops"),
                    format!("lift `{}` needs at least two stops", l.id),
                );
            }
            let mut seen_floors = BTreeSet::new();
            for (k, s) in l.stops.iter().enumerate() {
                if o.known(&format!("{p}.stops[{k}]"), "space", s, &self.space_ids)
                    && let Some((f, _)) = space(s)
                    && !seen_floors.insert(f.id.as_str())
                {
                    o.err(
                        &format!("{p}.stops[{k}]"),
                        format!("lift `{}` stops twice on floor `{}`", l.id, f.id),
                    );
                }
            }
        }

        // Assembly areas.
        for (i, a) in b.assembly_areas.iter().enumerate() {
            let p = format!("site.assembly_areas[{i}]");
            o.polygon(&format!("{p}.polygon"), &a.polygon, 1.0);
            if a.capacity_persons == 0 {
                o.err(
                    &format!("{p}.capacity_persons"),
                    "an assembly area must hold at least 1 person".into(),
                );
            }
            if let Some(n) = &a.name {
                o.text(&format!("{p}.name"), n);
            }
        }
        if b.exits.is_empty() {
            o.err_hint(
                "site.exits",
                "the building has no exit".into(),
                "add at least one exit on an outside wall",
            );
        }
        if b.assembly_areas.is_empty() {
            o.err(
                "site.assembly_areas",
                "the building has no assembly area".into(),
            );
        }

        // Furniture.
        for (i, f) in b.floors.iter().enumerate() {
            for (j, fu) in f.furniture.iter().enumerate() {
                let p = format!("site.floors[{i}].furniture[{j}]");
                if let Some((w, d, h)) = fu.size_m {
                    for (k, v) in [w, d, h].into_iter().enumerate() {
                        o.positive(&format!("{p}.size_m[{k}]"), v, 20.0, "furniture size");
                    }
                }
                if let Some(m) = fu.mass_kg {
                    o.positive(&format!("{p}.mass_kg"), m, 5000.0, "furniture mass");
                }
                if !o.known(&format!("{p}.space"), "space", &fu.space, &self.space_ids) {
                    continue;
                }
                let Some((sf, sp)) = space(&fu.space) else {
                    continue;
                };
                if sf.id != f.id {
                    o.err(
                        &format!("{p}.space"),
                        format!("space `{}` is on floor `{}`, not `{}`", sp.id, sf.id, f.id),
                    );
                    continue;
                }
                let poly = closed(&sp.polygon);
                let points: Vec<(String, Point)> = match &fu.layout {
                    Layout::At(x, y) => vec![(format!("{p}.layout"), (*x, *y))],
                    Layout::Grid {
                        origin,
                        rows,
                        cols,
                        pitch_m,
                    } => {
                        let mut ok = true;
                        for (field, v) in [("rows", *rows), ("cols", *cols)] {
                            if v == 0 || v > 200 {
                                o.err(
                                    &format!("{p}.layout.{field}"),
                                    format!("{field} must be 1–200, found {v}"),
                                );
                                ok = false;
                            }
                        }
                        for (k, v) in [pitch_m.0, pitch_m.1].into_iter().enumerate() {
                            ok &= o.positive(&format!("{p}.layout.pitch_m[{k}]"), v, 20.0, "pitch");
                        }
                        if !ok {
                            continue;
                        }
                        let (r, c) = (f64::from(rows - 1), f64::from(cols - 1));
                        [(0.0, 0.0), (c, 0.0), (0.0, r), (c, r)]
                            .into_iter()
                            .map(|(cx, ry)| {
                                (
                                    format!("{p}.layout.origin"),
                                    (origin.0 + cx * pitch_m.0, origin.1 + ry * pitch_m.1),
                                )
                            })
                            .collect()
                    }
                };
                if poly_ok(&sp.id) {
                    for (path, pt) in points {
                        if !geo::contains(&poly, pt) {
                            o.err(
                                &path,
                                format!(
                                    "furniture at ({:.2}, {:.2}) is outside space `{}`",
                                    pt.0, pt.1, sp.id
                                ),
                            );
                            break;
                        }
                    }
                }
            }
        }

        // Every space must reach an exit through doors and stairs that are not locked.
        let mut adj: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for d in &b.doors {
            if d.state != DoorState::Locked {
                adj.entry(&d.spaces.0).or_default().push(&d.spaces.1);
                adj.entry(&d.spaces.1).or_default().push(&d.spaces.0);
            }
        }
        for st in &b.stairs {
            adj.entry(&st.from).or_default().push(&st.to);
            adj.entry(&st.to).or_default().push(&st.from);
        }
        let mut reached: BTreeSet<&str> = b.exits.iter().map(|e| e.space.as_str()).collect();
        let mut queue: Vec<&str> = reached.iter().copied().collect();
        while let Some(s) = queue.pop() {
            for &n in adj.get(s).map(Vec::as_slice).unwrap_or(&[]) {
                if reached.insert(n) {
                    queue.push(n);
                }
            }
        }
        if !b.exits.is_empty() && links_ok {
            for (i, f) in b.floors.iter().enumerate() {
                for (j, s) in f.spaces.iter().enumerate() {
                    if !reached.contains(s.id.as_str())
                        && self.spaces.get(s.id.as_str()) == Some(&(i, j))
                    {
                        o.err_hint(
                            &format!("site.floors[{i}].spaces[{j}].id"),
                            format!("space `{}` cannot be reached from any exit", s.id),
                            "add a door (not Locked) or a stair that connects it",
                        );
                    }
                }
            }
        }
    }

    // ---- terrain ---------------------------------------------------------------------------

    fn terrain(&mut self, t: &'a Terrain) {
        let kind = self.s.meta.kind;
        let files = self.files;
        let mut o = Out {
            loc: self.loc,
            diags: &mut self.diags,
        };
        let cell_ok = o.positive("site.cell_size_m", t.cell_size_m, 1000.0, "cell size");
        let grid = match &t.elevation {
            Grid::Inline { rows, cols, values } => {
                let (r, c) = (*rows as usize, *cols as usize);
                if r < 2 || c < 2 {
                    o.err(
                        "site.elevation",
                        format!("a terrain grid needs at least 2 × 2 cells, found {r} × {c}"),
                    );
                    None
                } else if r.saturating_mul(c) > grid::MAX_CELLS {
                    o.err(
                        "site.elevation",
                        format!(
                            "a grid of {r} × {c} cells exceeds {} cells",
                            grid::MAX_CELLS
                        ),
                    );
                    None
                } else if values.len() != r * c {
                    o.err_hint(
                        "site.elevation.values",
                        format!(
                            "{r} rows × {c} cols need {} values, found {}",
                            r * c,
                            values.len()
                        ),
                        "values are row by row, northern row first",
                    );
                    None
                } else {
                    Some(GridData {
                        rows: r,
                        cols: c,
                        values: values.clone(),
                        file_cell_size_m: None,
                    })
                }
            }
            Grid::AsciiGrid(rel) => match files.read(rel).map(|(_, text)| text) {
                Err(e) => {
                    o.err_hint(
                        "site.elevation",
                        format!("grid file `{rel}`: {e}"),
                        "the path is relative to the scenario file",
                    );
                    None
                }
                Ok(src) => match grid::parse_ascii_grid(&src) {
                    Err(e) => {
                        let at = if e.line > 0 {
                            format!(" line {}", e.line)
                        } else {
                            String::new()
                        };
                        o.err(
                            "site.elevation",
                            format!("grid file `{rel}`{at}: {}", e.message),
                        );
                        None
                    }
                    Ok(g) if g.rows < 2 || g.cols < 2 => {
                        o.err(
                            "site.elevation",
                            format!("grid file `{rel}` has fewer than 2 × 2 cells"),
                        );
                        None
                    }
                    Ok(g) => {
                        if let Some(fc) = g.file_cell_size_m
                            && cell_ok
                            && (fc - t.cell_size_m).abs() > 1e-6 * t.cell_size_m
                        {
                            o.err_hint(
                                "site.cell_size_m",
                                format!(
                                    "cell size {} m differs from the {} m in `{rel}`",
                                    t.cell_size_m, fc
                                ),
                                "make the two agree",
                            );
                        }
                        Some(g)
                    }
                },
            },
        };
        if let Some(g) = &grid {
            if let Some((k, v)) = g
                .values
                .iter()
                .enumerate()
                .find(|(_, v)| !(-500.0..=9000.0).contains(*v))
            {
                o.err_hint(
                    "site.elevation",
                    format!("elevation {v} m in cell {k} is outside −500 … 9000 m"),
                    "elevations are metres above datum",
                );
            }
            if cell_ok {
                self.extent = Some((g.cols as f64 * t.cell_size_m, g.rows as f64 * t.cell_size_m));
            }
        }
        self.elevation = grid;
        let extent = self.extent;
        let mut o = Out {
            loc: self.loc,
            diags: &mut self.diags,
        };

        // Fuel and roughness maps.
        match &t.fuel {
            None if kind == DrillKind::ForestFire => o.err_hint(
                "site",
                "a forest-fire drill needs a fuel map".into(),
                "add `fuel: (default_model: 165, zones: [])` to the terrain",
            ),
            None => {}
            Some(fm) => {
                fuel_code(&mut o, "site.fuel.default_model", fm.default_model);
                for (i, z) in fm.zones.iter().enumerate() {
                    let p = format!("site.fuel.zones[{i}]");
                    fuel_code(&mut o, &format!("{p}.model"), z.model);
                    o.terrain_area(extent, &format!("{p}.polygon"), &z.polygon);
                }
            }
        }
        match &t.roughness {
            None if kind == DrillKind::Flood => o.err_hint(
                "site",
                "a flood drill needs a roughness map (Manning's n)".into(),
                "add `roughness: (default_n: 0.035, zones: [])` to the terrain",
            ),
            None => {}
            Some(r) => {
                manning(&mut o, "site.roughness.default_n", r.default_n);
                for (i, z) in r.zones.iter().enumerate() {
                    let p = format!("site.roughness.zones[{i}]");
                    manning(&mut o, &format!("{p}.n"), z.n);
                    o.terrain_area(extent, &format!("{p}.polygon"), &z.polygon);
                }
            }
        }

        self.roads = o.list_ids("road", "site.roads", &t.roads, |x| &x.id);
        self.rivers = o.list_ids("river", "site.rivers", &t.rivers, |x| &x.id);
        self.levees = o.list_ids("levee", "site.levees", &t.levees, |x| &x.id);
        self.houses = o.list_ids("house", "site.houses", &t.houses, |x| &x.id);
        self.shelters = o.list_ids("shelter", "site.shelters", &t.shelters, |x| &x.id);
        self.places = o.list_ids("place", "site.places", &t.places, |x| &x.id);

        let line = |o: &mut Out, path: &str, pts: &[Point]| {
            if pts.len() < 2 {
                o.err(
                    path,
                    format!("a line needs at least 2 points, found {}", pts.len()),
                );
                return;
            }
            for (k, pt) in pts.iter().enumerate() {
                if !o.on_terrain(extent, &format!("{path}[{k}]"), *pt) {
                    return;
                }
            }
        };
        for (i, r) in t.roads.iter().enumerate() {
            let p = format!("site.roads[{i}]");
            line(&mut o, &format!("{p}.points"), &r.points);
            o.positive(&format!("{p}.width_m"), r.width_m, 100.0, "road width");
        }
        for (i, r) in t.rivers.iter().enumerate() {
            let p = format!("site.rivers[{i}]");
            line(&mut o, &format!("{p}.centerline"), &r.centerline);
            o.positive(&format!("{p}.width_m"), r.width_m, 5000.0, "river width");
            let d_ok = o.positive(&format!("{p}.depth_m"), r.depth_m, 100.0, "channel depth");
            if o.range(
                &format!("{p}.initial_depth_m"),
                r.initial_depth_m,
                0.0,
                100.0,
                true,
                "initial depth",
            ) && d_ok
                && r.initial_depth_m > r.depth_m
            {
                o.err_hint(
                    &format!("{p}.initial_depth_m"),
                    format!(
                        "initial depth {} m is above the bank-full depth {} m",
                        r.initial_depth_m, r.depth_m
                    ),
                    "a river over its banks at the start is a flood already; use an inflow",
                );
            }
            manning(&mut o, &format!("{p}.manning_n"), r.manning_n);
        }
        for (i, l) in t.levees.iter().enumerate() {
            let p = format!("site.levees[{i}]");
            line(&mut o, &format!("{p}.line"), &l.line);
            o.positive(
                &format!("{p}.crest_height_m"),
                l.crest_height_m,
                50.0,
                "crest height",
            );
        }
        for (i, h) in t.houses.iter().enumerate() {
            let p = format!("site.houses[{i}]");
            o.on_terrain(extent, &format!("{p}.at"), h.at);
            o.positive(
                &format!("{p}.footprint_m[0]"),
                h.footprint_m.0,
                200.0,
                "house width",
            );
            o.positive(
                &format!("{p}.footprint_m[1]"),
                h.footprint_m.1,
                200.0,
                "house depth",
            );
            if h.floors == 0 || h.floors > 60 {
                o.err(
                    &format!("{p}.floors"),
                    format!("floors must be 1–60, found {}", h.floors),
                );
            }
        }
        for (i, s) in t.shelters.iter().enumerate() {
            let p = format!("site.shelters[{i}]");
            o.text(&format!("{p}.name"), &s.name);
            o.terrain_area(extent, &format!("{p}.polygon"), &s.polygon);
            if s.capacity_persons == 0 {
                o.err(
                    &format!("{p}.capacity_persons"),
                    "a shelter must hold at least 1 person".into(),
                );
            }
        }
        for (i, pl) in t.places.iter().enumerate() {
            let p = format!("site.places[{i}]");
            o.text(&format!("{p}.name"), &pl.name);
            o.on_terrain(extent, &format!("{p}.at"), pl.at);
        }
    }

    fn point_inside(&mut self, path: &str, p: Point) -> bool {
        let extent = self.extent;
        self.out().on_terrain(extent, path, p)
    }

    /// Check a site reference: it exists and suits its use.
    fn site_ref(&mut self, path: &str, r: &SiteRef, usage: RefUse) -> bool {
        let building = matches!(self.s.site, Site::Building(_));
        let variant = ref_variant(r);
        if !ref_allowed(variant, usage, building) {
            let site = if building { "building" } else { "terrain" };
            let accepted: Vec<String> = REF_VARIANTS
                .iter()
                .filter(|v| ref_allowed(v, usage, building))
                .map(|v| match *v {
                    "Point" => "Point(x, y)".to_string(),
                    v => format!("{v}(\"…\")"),
                })
                .collect();
            self.out().err_hint(
                path,
                format!("`{variant}(…)` cannot be used here on a {site} site"),
                format!("use one of: {}", accepted.join(", ")),
            );
            return false;
        }
        let (ids, what): (&Ids, &str) = match r {
            SiteRef::Space(_) => (&self.space_ids, "space"),
            SiteRef::Door(_) => (&self.doors, "door"),
            SiteRef::Stair(_) => (&self.stairs, "stair"),
            SiteRef::Lift(_) => (&self.lifts, "lift"),
            SiteRef::Exit(_) => (&self.exits, "exit"),
            SiteRef::AssemblyArea(_) => (&self.assembly, "assembly area"),
            SiteRef::Road(_) => (&self.roads, "road"),
            SiteRef::River(_) => (&self.rivers, "river"),
            SiteRef::Levee(_) => (&self.levees, "levee"),
            SiteRef::House(_) => (&self.houses, "house"),
            SiteRef::Shelter(_) => (&self.shelters, "shelter"),
            SiteRef::Place(_) => (&self.places, "place"),
            SiteRef::Point(x, y) => return self.point_inside(path, (*x, *y)),
        };
        let id = r.id().unwrap_or_default();
        let ids = ids.clone();
        let mut o = self.out();
        if !o.known(path, what, id, &ids) {
            return false;
        }
        if usage == RefUse::Blockable && !self.can_block(r) {
            let hint = format!("set `can_block: true` on {what} `{id}` if it may be blocked");
            self.out().err_hint(
                path,
                format!("{what} `{id}` is not marked as one that can be blocked"),
                hint,
            );
            return false;
        }
        true
    }

    fn can_block(&self, r: &SiteRef) -> bool {
        let Site::Building(b) = &self.s.site else {
            return true; // roads can always be cut by water or fire
        };
        match r {
            SiteRef::Door(id) => b.doors.iter().any(|d| &d.id == id && d.can_block),
            SiteRef::Stair(id) => b.stairs.iter().any(|d| &d.id == id && d.can_block),
            SiteRef::Exit(id) => b.exits.iter().any(|d| &d.id == id && d.can_block),
            _ => true,
        }
    }

    // ---- plan ------------------------------------------------------------------------------

    fn plan_ref(&mut self) {
        match &self.s.plan {
            None => {
                if self.s.meta.audience == Audience::Trainee {
                    self.out().warn(
                        "plan",
                        "the scenario has no plan: participants will not be scored".into(),
                        Some("add `plan: File(\"plans/….ron\")`".into()),
                    );
                }
            }
            Some(PlanRef::Inline(p)) => {
                plan(p, "plan.", self.loc, &mut self.diags);
                self.plan = Some((**p).clone());
            }
            Some(PlanRef::File(rel)) => {
                let (file, src) = match self.files.read(rel) {
                    Ok(x) => x,
                    Err(FileError::Missing(looked_at)) => {
                        self.out().err_hint(
                            "plan",
                            format!("plan file `{rel}` does not exist"),
                            format!(
                                "the path is relative to the scenario file; looked at {looked_at}"
                            ),
                        );
                        return;
                    }
                    Err(FileError::Unreadable(e)) => {
                        self.out().err("plan", format!("plan file `{rel}`: {e}"));
                        return;
                    }
                };
                match super::parse_document(&file, &src) {
                    Err(diagnostics) => {
                        self.out().err(
                            "plan",
                            format!("plan file `{rel}` has errors (listed under it)"),
                        );
                        self.plan_reports.push(FileReport {
                            file,
                            kind: Some(DocKind::Plan),
                            unreadable: None,
                            diagnostics,
                        });
                    }
                    Ok((Document::Scenario(_), _)) => {
                        self.out()
                            .err("plan", format!("`{rel}` is a scenario, not a plan"));
                    }
                    Ok((Document::Plan(p), ploc)) => {
                        let mut diags = Vec::new();
                        plan(&p, "", &ploc, &mut diags);
                        if diags.iter().any(|d| d.severity == Severity::Error) {
                            self.out().err(
                                "plan",
                                format!("plan file `{rel}` has errors (listed under it)"),
                            );
                        }
                        if !diags.is_empty() {
                            self.plan_reports.push(FileReport {
                                file,
                                kind: Some(DocKind::Plan),
                                unreadable: None,
                                diagnostics: super::sorted(diags),
                            });
                        }
                        self.plan = Some(*p);
                    }
                }
            }
        }
        if let Some(p) = &self.plan
            && p.kind != self.s.meta.kind
        {
            let msg = format!(
                "the plan is for {:?} drills, the scenario is a {:?} drill",
                p.kind, self.s.meta.kind
            );
            self.out().err("plan", msg);
        }
        if let Some(p) = &self.plan
            && self.s.meta.audience == Audience::Public
        {
            let bare: Vec<&str> = p
                .steps
                .iter()
                .filter(|s| s.why.is_none())
                .map(|s| s.id.as_str())
                .collect();
            if !bare.is_empty() {
                let msg = format!(
                    "in a public experience every step's knowledge card explains why; no `why` for: {}",
                    bare.join(", ")
                );
                self.out().warn(
                    "plan",
                    msg,
                    Some("add `why: (zh: \"…\", en: \"…\")` to the plan's steps".into()),
                );
            }
        }
    }

    // ---- people ----------------------------------------------------------------------------

    fn people(&mut self) {
        let s = self.s;
        let mut o = self.out();
        let groups = o.list_ids("occupant group", "population", &s.population, |x| &x.id);
        let participants = o.list_ids("participant", "participants", &s.participants, |x| &x.id);
        self.groups = groups;
        self.participants = participants;
        let mut per_space: BTreeMap<&str, (u32, usize)> = BTreeMap::new();
        for (i, g) in s.population.iter().enumerate() {
            let p = format!("population[{i}]");
            if g.count == 0 || g.count > 100_000 {
                self.out().err(
                    &format!("{p}.count"),
                    format!("count must be 1–100000, found {}", g.count),
                );
            }
            if let Some(n) = &g.name {
                self.out().text(&format!("{p}.name"), n);
            }
            if self.site_ref(&format!("{p}.start"), &g.start, RefUse::Start)
                && let SiteRef::Space(id) = &g.start
            {
                let e = per_space.entry(id.as_str()).or_insert((0, i));
                e.0 = e.0.saturating_add(g.count);
            }
            distribution(
                &mut self.out(),
                &format!("{p}.pre_movement_s"),
                &g.pre_movement_s,
            );
            if let Some(l) = &g.leader {
                let ids = self.participants.clone();
                self.out()
                    .known(&format!("{p}.leader"), "participant", l, &ids);
            }
            if let Some(e) = &g.exit {
                if matches!(s.site, Site::Building(_)) {
                    let ids = self.exits.clone();
                    self.out().known(&format!("{p}.exit"), "exit", e, &ids);
                } else {
                    self.out().err(
                        &format!("{p}.exit"),
                        "exits belong to building sites".into(),
                    );
                }
            }
            if let Some(d) = &g.destination {
                self.site_ref(&format!("{p}.destination"), d, RefUse::Destination);
            }
            if g.profile == Profile::WheelchairUser
                && let (Site::Building(b), SiteRef::Space(id)) = (&s.site, &g.start)
                && let Some(&(fi, _)) = self.spaces.get(id.as_str())
            {
                let lowest = b
                    .floors
                    .iter()
                    .map(|f| f.elevation_m)
                    .fold(f64::INFINITY, f64::min);
                if b.floors[fi].elevation_m > lowest + 1.5 && b.lifts.is_empty() {
                    self.out().warn(
                        &format!("{p}.profile"),
                        format!("wheelchair users in `{id}` are on an upper floor of a building with no lift"),
                        Some("they cannot use stairs unassisted; the plan must assign helpers".into()),
                    );
                }
            }
        }
        // Density where groups start.
        if let Site::Building(b) = &s.site {
            for (id, (n, i)) in per_space {
                if let Some(&(fi, si)) = self.spaces.get(id) {
                    let a = geo::area(&closed(&b.floors[fi].spaces[si].polygon));
                    if a > 0.0 && f64::from(n) / a > MAX_DENSITY_PPM2 {
                        self.out().err_hint(
                            &format!("population[{i}].count"),
                            format!(
                                "{n} people start in `{id}` ({a:.1} m²): {:.1} persons/m², above the {MAX_DENSITY_PPM2} at which nobody can move",
                                f64::from(n) / a
                            ),
                            "spread them over more spaces or enlarge the space",
                        );
                    }
                }
            }
            let total: u64 = s.population.iter().map(|g| u64::from(g.count)).sum::<u64>()
                + s.participants.len() as u64;
            let capacity: u64 = b
                .assembly_areas
                .iter()
                .map(|a| u64::from(a.capacity_persons))
                .sum();
            if capacity > 0 && total > capacity {
                self.out().warn(
                    "site.assembly_areas",
                    format!("the assembly areas hold {capacity} people but {total} take part"),
                    None,
                );
            }
        }
        // Participants.
        let roles: Option<Vec<String>> = self
            .plan
            .as_ref()
            .map(|p| p.roles.iter().map(|r| r.id.clone()).collect());
        for (i, pt) in s.participants.iter().enumerate() {
            let p = format!("participants[{i}]");
            self.out().text(&format!("{p}.name"), &pt.name);
            self.site_ref(&format!("{p}.start"), &pt.start, RefUse::Start);
            if let Some(roles) = &roles {
                let ids: Ids = roles
                    .iter()
                    .enumerate()
                    .map(|(k, r)| (r.as_str(), k))
                    .collect();
                self.out()
                    .known(&format!("{p}.role"), "role of the plan", &pt.role, &ids);
            }
            for (k, d) in pt.responsible_for.iter().enumerate() {
                let path = format!("{p}.responsible_for[{k}]");
                match d {
                    SiteOrGroup::Group(g) => {
                        let ids = self.groups.clone();
                        self.out().known(&path, "occupant group", g, &ids);
                    }
                    SiteOrGroup::Site(r) => {
                        self.site_ref(&path, r, RefUse::Any);
                    }
                }
            }
        }
        if let (Some(plan), false) = (&self.plan, s.participants.is_empty()) {
            let unfilled: Vec<String> = plan
                .roles
                .iter()
                .filter(|r| !s.participants.iter().any(|p| p.role == r.id))
                .map(|r| r.id.clone())
                .collect();
            if !unfilled.is_empty() {
                self.out().warn(
                    "participants",
                    format!(
                        "no participant plays the plan's role(s): {}",
                        unfilled.join(", ")
                    ),
                    Some("steps of those roles will be rated not applicable".into()),
                );
            }
        }
    }

    // ---- hazards ---------------------------------------------------------------------------

    fn hazards(&mut self) {
        let s = self.s;
        let limit = s.end.time_limit_s;
        if !s.hazards.iter().any(|h| hazard_kind(h) == s.meta.kind) {
            self.out().err_hint(
                "hazards",
                format!("a {:?} drill needs a {:?} hazard", s.meta.kind, s.meta.kind),
                format!("add `{:?}(…)` to `hazards`", s.meta.kind),
            );
        }
        for (i, h) in s.hazards.iter().enumerate() {
            let p = format!("hazards[{i}]");
            let fits = matches!(
                (h, &s.site),
                (Hazard::Earthquake(_), Site::Building(_))
                    | (Hazard::ForestFire(_) | Hazard::Flood(_), Site::Terrain(_))
            );
            if !fits {
                self.out().err(
                    &p,
                    format!("a {:?} hazard does not fit this site", hazard_kind(h)),
                );
                continue;
            }
            match h {
                Hazard::Earthquake(q) => {
                    let mut o = self.out();
                    o.range(
                        &format!("{p}.start_s"),
                        q.start_s,
                        0.0,
                        limit,
                        true,
                        "the start (within the time limit)",
                    );
                    o.positive(
                        &format!("{p}.strong_shaking_s"),
                        q.strong_shaking_s,
                        300.0,
                        "strong shaking duration",
                    );
                    if let Some(w) = q.early_warning_s {
                        o.positive(
                            &format!("{p}.early_warning_s"),
                            w,
                            120.0,
                            "early warning lead time",
                        );
                    }
                    o.positive(
                        &format!("{p}.epicentral_distance_km"),
                        q.epicentral_distance_km,
                        2000.0,
                        "epicentral distance",
                    );
                    for (k, a) in q.aftershocks.iter().enumerate() {
                        let ap = format!("{p}.aftershocks[{k}]");
                        if a.at_s <= q.start_s + q.strong_shaking_s || a.at_s > limit {
                            o.err_hint(
                                &format!("{ap}.at_s"),
                                format!("aftershock at {} s is not after the main shaking ({}–{} s) and within the time limit", a.at_s, q.start_s, q.start_s + q.strong_shaking_s),
                                "times are seconds from the start of the drill",
                            );
                        }
                        o.positive(
                            &format!("{ap}.duration_s"),
                            a.duration_s,
                            120.0,
                            "aftershock duration",
                        );
                        if a.intensity > q.intensity {
                            o.warn(
                                &format!("{ap}.intensity"),
                                format!(
                                    "aftershock intensity {:?} exceeds the main shock's {:?}",
                                    a.intensity, q.intensity
                                ),
                                None,
                            );
                        }
                    }
                }
                Hazard::ForestFire(f) => {
                    if f.ignitions.is_empty()
                        && !s
                            .blind
                            .as_ref()
                            .is_some_and(|b| b.draws.iter().any(|d| matches!(d, Draw::Ignition(_))))
                    {
                        self.out().err(
                            &format!("{p}.ignitions"),
                            "a forest fire needs at least one ignition".into(),
                        );
                    }
                    for (k, ig) in f.ignitions.iter().enumerate() {
                        let ip = format!("{p}.ignitions[{k}]");
                        self.point_inside(&format!("{ip}.at"), ig.at);
                        self.out().range(
                            &format!("{ip}.time_s"),
                            ig.time_s,
                            0.0,
                            limit,
                            true,
                            "ignition time",
                        );
                    }
                    let mut o = self.out();
                    wind(&mut o, &format!("{p}.weather.wind"), &f.weather.wind);
                    let m = &f.weather.moisture;
                    let mp = format!("{p}.weather.moisture");
                    for (field, v, lo, hi) in [
                        ("dead_1h_pct", m.dead_1h_pct, 1.0, 60.0),
                        ("dead_10h_pct", m.dead_10h_pct, 1.0, 60.0),
                        ("dead_100h_pct", m.dead_100h_pct, 1.0, 60.0),
                        ("live_herb_pct", m.live_herb_pct, 30.0, 300.0),
                        ("live_woody_pct", m.live_woody_pct, 30.0, 300.0),
                    ] {
                        o.range(
                            &format!("{mp}.{field}"),
                            v,
                            lo,
                            hi,
                            true,
                            "fuel moisture (percent)",
                        );
                    }
                    o.range(
                        &format!("{p}.weather.air_temperature_c"),
                        f.weather.air_temperature_c,
                        -40.0,
                        55.0,
                        true,
                        "air temperature",
                    );
                    o.range(
                        &format!("{p}.weather.relative_humidity_pct"),
                        f.weather.relative_humidity_pct,
                        1.0,
                        100.0,
                        true,
                        "relative humidity (percent)",
                    );
                    o.range(
                        &format!("{p}.canopy.cover_pct"),
                        f.canopy.cover_pct,
                        0.0,
                        100.0,
                        true,
                        "canopy cover (percent)",
                    );
                    o.range(
                        &format!("{p}.canopy.height_m"),
                        f.canopy.height_m,
                        0.0,
                        120.0,
                        true,
                        "canopy height",
                    );
                    o.range(
                        &format!("{p}.canopy.crown_ratio"),
                        f.canopy.crown_ratio,
                        0.0,
                        1.0,
                        true,
                        "crown ratio",
                    );
                }
                Hazard::Flood(fl) => {
                    if fl.rain.is_empty() && fl.inflows.is_empty() && fl.breaches.is_empty() {
                        self.out().err_hint(
                            &p,
                            "a flood needs rain, an inflow or a breach".into(),
                            "add `rain`, `inflows` or `breaches`",
                        );
                    }
                    for (k, r) in fl.rain.iter().enumerate() {
                        let rp = format!("{p}.rain[{k}]");
                        let mut o = self.out();
                        o.range(
                            &format!("{rp}.from_s"),
                            r.from_s,
                            0.0,
                            limit,
                            true,
                            "rain start",
                        );
                        if r.to_s <= r.from_s {
                            o.err(
                                &format!("{rp}.to_s"),
                                format!(
                                    "rain ends at {} s, not after it starts at {} s",
                                    r.to_s, r.from_s
                                ),
                            );
                        }
                        o.range(
                            &format!("{rp}.intensity_mm_per_h"),
                            r.intensity_mm_per_h,
                            0.0,
                            300.0,
                            true,
                            "rain intensity (mm/h)",
                        );
                    }
                    let mut inflow_ids = Ids::new();
                    for (k, inf) in fl.inflows.iter().enumerate() {
                        let ip = format!("{p}.inflows[{k}]");
                        if inflow_ids.insert(inf.id.as_str(), k).is_some() {
                            self.out().err(
                                &format!("{ip}.id"),
                                format!("inflow id `{}` is used twice", inf.id),
                            );
                        }
                        self.point_inside(&format!("{ip}.line[0]"), inf.line.0);
                        self.point_inside(&format!("{ip}.line[1]"), inf.line.1);
                        let mut o = self.out();
                        if geo::dist(inf.line.0, inf.line.1) < 1e-3 {
                            o.err(
                                &format!("{ip}.line"),
                                "the inflow line has no length".into(),
                            );
                        }
                        if inf.hydrograph.len() < 2 {
                            o.err_hint(
                                &format!("{ip}.hydrograph"),
                                "a hydrograph needs at least 2 points".into(),
                                "e.g. [(t_s: 0, q_m3s: 5), (t_s: 3600, q_m3s: 20)]",
                            );
                        }
                        for (j, fp) in inf.hydrograph.iter().enumerate() {
                            let hp = format!("{ip}.hydrograph[{j}]");
                            o.range(
                                &format!("{hp}.q_m3s"),
                                fp.q_m3s,
                                0.0,
                                100_000.0,
                                true,
                                "discharge",
                            );
                            if j == 0 {
                                o.range(
                                    &format!("{hp}.t_s"),
                                    fp.t_s,
                                    0.0,
                                    limit,
                                    true,
                                    "hydrograph time",
                                );
                            } else if fp.t_s <= inf.hydrograph[j - 1].t_s {
                                o.err_hint(
                                    &format!("{hp}.t_s"),
                                    format!(
                                        "hydrograph time {} s is not after {} s",
                                        fp.t_s,
                                        inf.hydrograph[j - 1].t_s
                                    ),
                                    "hydrograph points are in time order",
                                );
                            }
                        }
                    }
                    for (k, b) in fl.breaches.iter().enumerate() {
                        self.breach(&format!("{p}.breaches[{k}]"), b);
                    }
                    for (k, w) in fl.warnings.iter().enumerate() {
                        let wp = format!("{p}.warnings[{k}]");
                        let mut o = self.out();
                        o.range(
                            &format!("{wp}.issued_s"),
                            w.issued_s,
                            0.0,
                            limit,
                            true,
                            "issue time",
                        );
                        if let Some(m) = &w.message {
                            o.text(&format!("{wp}.message"), m);
                        }
                    }
                    let mut gauge_ids = Ids::new();
                    for (k, g) in fl.gauges.iter().enumerate() {
                        let gp = format!("{p}.gauges[{k}]");
                        if gauge_ids.insert(g.id.as_str(), k).is_some() {
                            self.out().err(
                                &format!("{gp}.id"),
                                format!("gauge id `{}` is used twice", g.id),
                            );
                        }
                        self.point_inside(&format!("{gp}.at"), g.at);
                        if g.guaranteed_level_m < g.warning_level_m {
                            self.out().err_hint(
                                &format!("{gp}.guaranteed_level_m"),
                                format!("guaranteed level {} m is below the warning level {} m", g.guaranteed_level_m, g.warning_level_m),
                                "the warning line (警戒水位) is below the guaranteed line (保证水位)",
                            );
                        }
                    }
                }
            }
        }
    }

    fn breach(&mut self, p: &str, b: &Breach) {
        let s = self.s;
        let ids = self.levees.clone();
        if !self
            .out()
            .known(&format!("{p}.levee"), "levee", &b.levee, &ids)
        {
            return;
        }
        let Site::Terrain(t) = &s.site else { return };
        let Some(levee) = t.levees.iter().find(|l| l.id == b.levee) else {
            return;
        };
        let on_terrain = self.point_inside(&format!("{p}.at"), b.at);
        let mut o = self.out();
        if !levee.can_breach {
            o.err_hint(
                &format!("{p}.levee"),
                format!("levee `{}` is not marked as one that can breach", levee.id),
                "set `can_breach: true` on the levee",
            );
        }
        let d = geo::polyline_distance(b.at, &levee.line);
        if on_terrain && d > t.cell_size_m.max(10.0) {
            o.err(
                &format!("{p}.at"),
                format!(
                    "the breach is {d:.1} m from levee `{}`; it must be on the levee line",
                    levee.id
                ),
            );
        }
        o.positive(&format!("{p}.width_m"), b.width_m, 2000.0, "breach width");
        o.range(
            &format!("{p}.start_s"),
            b.start_s,
            0.0,
            s.end.time_limit_s,
            true,
            "breach start",
        );
        o.positive(
            &format!("{p}.formation_s"),
            b.formation_s,
            86400.0,
            "breach formation time",
        );
    }

    // ---- injects ---------------------------------------------------------------------------

    fn injects(&mut self) {
        let s = self.s;
        let limit = s.end.time_limit_s;
        let kind = s.meta.kind;
        for (i, inj) in s.injects.iter().enumerate() {
            if let Some(first) = self.injects.get(&inj.number) {
                let line = self
                    .loc
                    .span(&format!("injects[{first}].number"))
                    .start
                    .line;
                self.out().err(
                    &format!("injects[{i}].number"),
                    format!(
                        "inject number {} is used twice (first on line {line})",
                        inj.number
                    ),
                );
            } else {
                self.injects.insert(inj.number, i);
            }
        }
        let numbers: BTreeMap<u32, usize> = self.injects.clone();
        let number_ids: Vec<String> = numbers.keys().map(u32::to_string).collect();
        let number_idx: Ids = number_ids
            .iter()
            .enumerate()
            .map(|(k, n)| (n.as_str(), k))
            .collect();
        for (i, inj) in s.injects.iter().enumerate() {
            let p = format!("injects[{i}]");
            if inj.channel == Channel::Hint {
                if s.meta.audience != Audience::Public {
                    self.out().err_hint(
                        &format!("{p}.channel"),
                        "a hint is for public experiences: a trainee drill gives no hints".into(),
                        "set `meta.audience: Public`, or deliver it by another channel",
                    );
                } else if inj.effect != Effect::Message || inj.message.is_none() {
                    self.out().err(
                        &format!("{p}.channel"),
                        "a hint is a message: give it `effect: Message` and a `message`".into(),
                    );
                }
            }
            match &inj.trigger {
                Trigger::At { time_s } => {
                    self.out().range(
                        &format!("{p}.trigger.time_s"),
                        *time_s,
                        0.0,
                        limit,
                        true,
                        "inject time (within the time limit)",
                    );
                }
                Trigger::After { inject, delay_s } => {
                    self.out().range(
                        &format!("{p}.trigger.delay_s"),
                        *delay_s,
                        0.0,
                        limit,
                        true,
                        "delay",
                    );
                    if *inject == inj.number {
                        self.out().err(
                            &format!("{p}.trigger.inject"),
                            format!("inject {} waits for itself", inj.number),
                        );
                    } else if self.out().known(
                        &format!("{p}.trigger.inject"),
                        "inject number",
                        &inject.to_string(),
                        &number_idx,
                    ) {
                        // Follow the chain: a cycle would never fire.
                        let mut seen = BTreeSet::from([inj.number]);
                        let mut cur = *inject;
                        while let Some(&k) = numbers.get(&cur) {
                            if !seen.insert(cur) {
                                self.out().err(
                                    &format!("{p}.trigger"),
                                    format!(
                                        "inject {} waits on a cycle of injects that never fires",
                                        inj.number
                                    ),
                                );
                                break;
                            }
                            match &s.injects[k].trigger {
                                Trigger::After { inject, .. } => cur = *inject,
                                _ => break,
                            }
                        }
                    }
                }
                Trigger::When { condition, delay_s } => {
                    self.out().range(
                        &format!("{p}.trigger.delay_s"),
                        *delay_s,
                        0.0,
                        limit,
                        true,
                        "delay",
                    );
                    self.condition(&format!("{p}.trigger.condition"), condition);
                }
            }
            let ep = format!("{p}.effect");
            let needs = |k: DrillKind| if kind == k { None } else { Some(k) };
            let wrong_kind = match &inj.effect {
                Effect::Block(r) | Effect::Clear(r) => {
                    self.site_ref(&ep, r, RefUse::Blockable);
                    None
                }
                Effect::Aftershock { duration_s, .. } => {
                    self.out().positive(
                        &format!("{ep}.duration_s"),
                        *duration_s,
                        120.0,
                        "aftershock duration",
                    );
                    needs(DrillKind::Earthquake)
                }
                Effect::WindShift(w) => {
                    wind(&mut self.out(), &ep, w);
                    needs(DrillKind::ForestFire)
                }
                Effect::SpotFire { at } => {
                    self.point_inside(&format!("{ep}.at"), *at);
                    needs(DrillKind::ForestFire)
                }
                Effect::IssueWarning { .. } => needs(DrillKind::Flood),
                Effect::LeveeBreach(b) => {
                    if kind == DrillKind::Flood {
                        self.breach(&ep, b);
                    }
                    needs(DrillKind::Flood)
                }
                Effect::Injured { group, count } | Effect::Missing { group, count } => {
                    let ids = self.groups.clone();
                    if self
                        .out()
                        .known(&format!("{ep}.group"), "occupant group", group, &ids)
                    {
                        let size = s
                            .population
                            .iter()
                            .find(|g| &g.id == group)
                            .map_or(0, |g| g.count);
                        if *count == 0 || *count > size {
                            self.out().err(&format!("{ep}.count"), format!("count must be 1–{size} (the size of group `{group}`), found {count}"));
                        }
                    }
                    None
                }
                Effect::Message => {
                    if inj.message.is_none() {
                        self.out().err_hint(
                            &ep,
                            "a `Message` inject has no `message`".into(),
                            "add `message: (zh: \"…\", en: \"…\")`",
                        );
                    }
                    None
                }
                Effect::PowerCut | Effect::AllClear => None,
            };
            if let Some(k) = wrong_kind {
                self.out().err(
                    &ep,
                    format!("this effect belongs to {k:?} drills; this is a {kind:?} drill"),
                );
            }
            if let Some(m) = &inj.message {
                self.out().text(&format!("{p}.message"), m);
            }
            if let Some(m) = &inj.expected_action {
                self.out().text(&format!("{p}.expected_action"), m);
            }
            match &inj.to {
                Recipients::Everyone => {}
                Recipients::Role(r) => {
                    let roles: Option<Vec<String>> = self
                        .plan
                        .as_ref()
                        .map(|pl| pl.roles.iter().map(|x| x.id.clone()).collect());
                    if let Some(roles) = roles {
                        let ids: Ids = roles
                            .iter()
                            .enumerate()
                            .map(|(k, x)| (x.as_str(), k))
                            .collect();
                        self.out()
                            .known(&format!("{p}.to"), "role of the plan", r, &ids);
                    }
                }
                Recipients::Participant(id) => {
                    let ids = self.participants.clone();
                    self.out()
                        .known(&format!("{p}.to"), "participant", id, &ids);
                }
            }
        }
        // Plan steps started by injects must find them.
        let mut never: Vec<String> = Vec::new();
        if let Some(plan) = &self.plan {
            for st in &plan.steps {
                for (_, start) in step_starts(&st.starts, "") {
                    if let StepStart::Inject(n) = *start
                        && !numbers.contains_key(&n)
                    {
                        never.push(format!(
                            "plan step `{}` starts on inject {n}, which this scenario does not have",
                            st.id
                        ));
                    }
                }
            }
        }
        for msg in never {
            self.out()
                .warn("plan", msg, Some("that step will never start".into()));
        }
        self.plan_destinations();
    }

    /// Every kind of place the plan sends people to must exist on this site.
    fn plan_destinations(&mut self) {
        let Some(plan) = &self.plan else { return };
        let site = &self.s.site;
        let has = |d: Destination| match (site, d) {
            (Site::Building(b), Destination::AssemblyArea) => !b.assembly_areas.is_empty(),
            (Site::Building(_), Destination::OutOfBuilding) => true,
            (Site::Terrain(t), Destination::Shelter) => {
                t.shelters.iter().any(|s| s.kind == ShelterKind::Shelter)
            }
            (Site::Terrain(t), Destination::SafetyZone) => {
                t.shelters.iter().any(|s| s.kind == ShelterKind::SafetyZone)
            }
            // Shelters are chosen on high ground, so they count as high ground too.
            (Site::Terrain(t), Destination::HighGround) => t
                .shelters
                .iter()
                .any(|s| matches!(s.kind, ShelterKind::HighGround | ShelterKind::Shelter)),
            _ => false,
        };
        let missing: Vec<String> = plan
            .steps
            .iter()
            .filter_map(|st| match st.requires {
                Requirement::Reach(d) | Requirement::AllReach(d) if !has(d) => Some(format!(
                    "plan step `{}` requires reaching {d:?}, and this site has none",
                    st.id
                )),
                _ => None,
            })
            .collect();
        for msg in missing {
            let hint = "add a shelter of that `kind`, or the step can never be met";
            self.out().warn("plan", msg, Some(hint.into()));
        }
    }

    fn condition(&mut self, p: &str, c: &Condition) {
        let kind = self.s.meta.kind;
        let wrong = match c {
            Condition::WarningIssued(_) => (kind != DrillKind::Flood).then_some(DrillKind::Flood),
            Condition::PhaseBegins(_) => None,
            Condition::FirstReaches(r) => {
                self.site_ref(p, r, RefUse::Any);
                None
            }
            Condition::EvacuatedFraction(f) => {
                self.out().range(p, *f, 0.0, 1.0, false, "fraction");
                None
            }
            Condition::Hazard(ev) => (kind != ev.drill_kind()).then_some(ev.drill_kind()),
            Condition::GaugeLevel { gauge, level_m } => {
                let gauges: Vec<String> = self
                    .s
                    .hazards
                    .iter()
                    .flat_map(|h| match h {
                        Hazard::Flood(f) => f.gauges.iter().map(|g| g.id.clone()).collect(),
                        _ => Vec::new(),
                    })
                    .collect();
                let ids: Ids = gauges
                    .iter()
                    .enumerate()
                    .map(|(k, g)| (g.as_str(), k))
                    .collect();
                let mut o = self.out();
                o.known(&format!("{p}.gauge"), "gauge", gauge, &ids);
                o.range(
                    &format!("{p}.level_m"),
                    *level_m,
                    -500.0,
                    9000.0,
                    true,
                    "water level",
                );
                (kind != DrillKind::Flood).then_some(DrillKind::Flood)
            }
            Condition::WaterDepth { at, depth_m } => {
                self.site_ref(&format!("{p}.at"), at, RefUse::Any);
                self.out()
                    .positive(&format!("{p}.depth_m"), *depth_m, 100.0, "depth");
                (kind != DrillKind::Flood).then_some(DrillKind::Flood)
            }
            Condition::FireWithin { at, distance_m } => {
                self.site_ref(&format!("{p}.at"), at, RefUse::Any);
                self.out().range(
                    &format!("{p}.distance_m"),
                    *distance_m,
                    0.0,
                    100_000.0,
                    true,
                    "distance",
                );
                (kind != DrillKind::ForestFire).then_some(DrillKind::ForestFire)
            }
        };
        if let Some(k) = wrong {
            self.out().err(
                p,
                format!("this condition belongs to {k:?} drills; this is a {kind:?} drill"),
            );
        }
    }

    // ---- blind -----------------------------------------------------------------------------

    fn blind(&mut self) {
        let Some(b) = &self.s.blind else { return };
        let kind = self.s.meta.kind;
        let mut o = self.out();
        let r = &b.start_delay_s;
        if o.range(
            "blind.start_delay_s.min",
            r.min,
            0.0,
            7.0 * 86400.0,
            true,
            "the earliest start delay",
        ) && r.max < r.min
        {
            o.err(
                "blind.start_delay_s.max",
                format!("max {} is below min {}", r.max, r.min),
            );
        }
        for (i, d) in b.draws.iter().enumerate() {
            let p = format!("blind.draws[{i}]");
            let needs = |k: DrillKind| (kind != k).then_some(k);
            let wrong = match d {
                Draw::Intensity(v) => {
                    if v.is_empty() {
                        self.out()
                            .err(&p, "the list of intensities to draw from is empty".into());
                    }
                    needs(DrillKind::Earthquake)
                }
                Draw::Ignition(pts) => {
                    if pts.is_empty() {
                        self.out().err(
                            &p,
                            "the list of ignition points to draw from is empty".into(),
                        );
                    }
                    for (k, pt) in pts.iter().enumerate() {
                        self.point_inside(&format!("{p}[{k}]"), *pt);
                    }
                    needs(DrillKind::ForestFire)
                }
                Draw::Wind {
                    speed_mps,
                    from_deg,
                } => {
                    let mut o = self.out();
                    if o.range(
                        &format!("{p}.speed_mps.min"),
                        speed_mps.min,
                        0.0,
                        40.0,
                        true,
                        "wind speed",
                    ) && o.range(
                        &format!("{p}.speed_mps.max"),
                        speed_mps.max,
                        0.0,
                        40.0,
                        true,
                        "wind speed",
                    ) && speed_mps.max < speed_mps.min
                    {
                        o.err(&format!("{p}.speed_mps.max"), "max is below min".into());
                    }
                    if o.range(
                        &format!("{p}.from_deg.min"),
                        from_deg.min,
                        0.0,
                        360.0,
                        true,
                        "direction",
                    ) && o.range(
                        &format!("{p}.from_deg.max"),
                        from_deg.max,
                        0.0,
                        720.0,
                        true,
                        "direction",
                    ) && from_deg.max < from_deg.min
                    {
                        o.err_hint(
                            &format!("{p}.from_deg.max"),
                            "max is below min".into(),
                            "to span north, write e.g. min: 330, max: 390",
                        );
                    }
                    needs(DrillKind::ForestFire)
                }
                Draw::Breach {
                    choices,
                    probability,
                } => {
                    self.out()
                        .probability(&format!("{p}.probability"), *probability);
                    if choices.is_empty() {
                        self.out()
                            .err(&format!("{p}.choices"), "no breach to draw from".into());
                    }
                    if kind == DrillKind::Flood {
                        for (k, c) in choices.iter().enumerate() {
                            self.breach(&format!("{p}.choices[{k}]"), c);
                        }
                    }
                    needs(DrillKind::Flood)
                }
                Draw::BlockOneOf {
                    candidates,
                    probability,
                } => {
                    self.out()
                        .probability(&format!("{p}.probability"), *probability);
                    if candidates.is_empty() {
                        self.out()
                            .err(&format!("{p}.candidates"), "no candidate to block".into());
                    }
                    for (k, c) in candidates.iter().enumerate() {
                        self.site_ref(&format!("{p}.candidates[{k}]"), c, RefUse::Blockable);
                    }
                    None
                }
                Draw::Inject {
                    number,
                    probability,
                } => {
                    self.out()
                        .probability(&format!("{p}.probability"), *probability);
                    if !self.injects.contains_key(number) {
                        self.out().err(
                            &format!("{p}.number"),
                            format!("there is no inject number {number}"),
                        );
                    }
                    None
                }
            };
            if let Some(k) = wrong {
                self.out().err(
                    &p,
                    format!("this draw belongs to {k:?} drills; this is a {kind:?} drill"),
                );
            }
        }
    }
}

fn closed(poly: &[Point]) -> Vec<Point> {
    let mut v = poly.to_vec();
    if v.len() > 3 && v.first() == v.last() {
        v.pop();
    }
    v
}

/// An opening (window, exit) of `width` centred at `at` must lie on a wall of `poly`.
fn on_wall(
    o: &mut Out,
    p: &str,
    what: &str,
    at: Point,
    width: f64,
    poly: &[Point],
    space: &str,
) -> bool {
    let (d, (before, after)) = geo::wall_room(at, poly);
    if d > WALL_TOL_M {
        o.err_hint(
            &format!("{p}.at"),
            format!(
                "{what} at ({}, {}) is not on a wall of space `{space}`",
                at.0, at.1
            ),
            format!("the nearest wall is {d:.2} m away"),
        );
        return false;
    }
    let half = width / 2.0;
    if before + WALL_TOL_M < half || after + WALL_TOL_M < half {
        o.err_hint(
            &format!("{p}.width_m"),
            format!("{what} ({width} m wide) does not fit on its wall of `{space}`"),
            format!(
                "the wall runs {before:.2} m one way from its centre and {after:.2} m the other"
            ),
        );
        return false;
    }
    true
}

fn fuel_code(o: &mut Out, path: &str, code: u16) {
    if !fuel_model_known(code) {
        o.err_hint(
            path,
            format!("unknown fuel model {code}"),
            "Anderson 13: 1–13; Scott & Burgan 40: 101–109, 121–124, 141–149, 161–165, 181–189, 201–204; non-burnable: 91, 92, 93, 98, 99",
        );
    }
}

fn manning(o: &mut Out, path: &str, n: f64) {
    if !(0.005..=0.5).contains(&n) {
        o.err_hint(
            path,
            format!("Manning's n must be 0.005–0.5, found {n}"),
            "typical: 0.03 channel, 0.035 pasture, 0.1 forest, 0.015 paved",
        );
    }
}

fn wind(o: &mut Out, p: &str, w: &Wind) {
    o.range(
        &format!("{p}.speed_mps"),
        w.speed_mps,
        0.0,
        40.0,
        true,
        "wind speed",
    );
    o.range(
        &format!("{p}.from_deg"),
        w.from_deg,
        0.0,
        360.0,
        true,
        "wind direction (degrees from north)",
    );
}

fn distribution(o: &mut Out, p: &str, d: &Distribution) {
    const DAY: f64 = 86400.0;
    match *d {
        Distribution::Fixed(x) => {
            o.range(p, x, 0.0, DAY, true, "pre-movement time");
        }
        Distribution::Uniform { min, max } => {
            if o.range(&format!("{p}.min"), min, 0.0, DAY, true, "min") && max < min {
                o.err(&format!("{p}.max"), format!("max {max} is below min {min}"));
            }
            o.range(&format!("{p}.max"), max, 0.0, DAY, true, "max");
        }
        Distribution::Normal { mean, sd } => {
            o.range(&format!("{p}.mean"), mean, 0.0, DAY, true, "mean");
            o.range(&format!("{p}.sd"), sd, 0.0, DAY, true, "standard deviation");
        }
        Distribution::LogNormal { mu, sigma } => {
            o.range(
                &format!("{p}.mu"),
                mu,
                -10.0,
                11.4,
                true,
                "mu (mean of ln seconds)",
            );
            o.positive(&format!("{p}.sigma"), sigma, 5.0, "sigma");
        }
        Distribution::Gamma { shape, scale } => {
            o.positive(&format!("{p}.shape"), shape, 1000.0, "shape");
            o.positive(&format!("{p}.scale"), scale, DAY, "scale");
        }
        Distribution::Weibull { scale, shape } => {
            o.positive(&format!("{p}.scale"), scale, DAY, "scale");
            o.positive(&format!("{p}.shape"), shape, 1000.0, "shape");
        }
        Distribution::Steps { first, step } => {
            o.range(&format!("{p}.first"), first, 0.0, DAY, true, "first");
            o.range(&format!("{p}.step"), step, 0.0, DAY, true, "step");
        }
    }
}

fn hazard_kind(h: &Hazard) -> DrillKind {
    match h {
        Hazard::Earthquake(_) => DrillKind::Earthquake,
        Hazard::ForestFire(_) => DrillKind::ForestFire,
        Hazard::Flood(_) => DrillKind::Flood,
    }
}

fn ref_variant(r: &SiteRef) -> &'static str {
    match r {
        SiteRef::Space(_) => "Space",
        SiteRef::Door(_) => "Door",
        SiteRef::Stair(_) => "Stair",
        SiteRef::Lift(_) => "Lift",
        SiteRef::Exit(_) => "Exit",
        SiteRef::AssemblyArea(_) => "AssemblyArea",
        SiteRef::Road(_) => "Road",
        SiteRef::River(_) => "River",
        SiteRef::Levee(_) => "Levee",
        SiteRef::House(_) => "House",
        SiteRef::Shelter(_) => "Shelter",
        SiteRef::Place(_) => "Place",
        SiteRef::Point(..) => "Point",
    }
}

/// Every kind of site reference, as written.
const REF_VARIANTS: [&str; 13] = [
    "Space",
    "Door",
    "Stair",
    "Lift",
    "Exit",
    "AssemblyArea",
    "Road",
    "River",
    "Levee",
    "House",
    "Shelter",
    "Place",
    "Point",
];

/// Which references suit which use, on which kind of site.
fn ref_allowed(variant: &str, usage: RefUse, building: bool) -> bool {
    let of_building = matches!(
        variant,
        "Space" | "Door" | "Stair" | "Lift" | "Exit" | "AssemblyArea"
    );
    of_building == building
        && match usage {
            RefUse::Any => true,
            RefUse::Start => matches!(
                variant,
                "Space" | "AssemblyArea" | "House" | "Shelter" | "Place" | "Point"
            ),
            RefUse::Destination => {
                matches!(variant, "AssemblyArea" | "Shelter" | "Place" | "Point")
            }
            RefUse::Blockable => matches!(variant, "Door" | "Stair" | "Exit" | "Lift" | "Road"),
        }
}

// -------------------------------------------------------------------------------------------
// Plan

/// A step's start and, for `AnyOf`, each alternative, with their field paths.
fn step_starts<'s>(start: &'s StepStart, path: &str) -> Vec<(String, &'s StepStart)> {
    let mut out = vec![(path.to_string(), start)];
    if let StepStart::AnyOf(v) = start {
        for (k, s) in v.iter().enumerate() {
            out.extend(step_starts(s, &format!("{path}[{k}]")));
        }
    }
    out
}

/// Check a plan; `prefix` is "" for a plan file or "plan." for a plan inline in a scenario.
pub(super) fn plan(p: &Plan, prefix: &str, loc: &Located, diags: &mut Vec<Diagnostic>) {
    let mut o = Out { loc, diags };
    let f = |rest: &str| format!("{prefix}{rest}");
    if p.format_version != FORMAT_VERSION {
        o.err_hint(
            &f("format_version"),
            format!(
                "format version {} is not supported; this drillhall reads version {FORMAT_VERSION}",
                p.format_version
            ),
            "write `format_version: 1`",
        );
    }
    if p.id.trim().is_empty() {
        o.err(&f("id"), "the plan id is empty".into());
    }
    o.text(&f("title"), &p.title);
    let sources = o.list_ids("source", &f("sources"), &p.sources, |x| &x.id);
    let roles = o.list_ids("role", &f("roles"), &p.roles, |x| &x.id);
    let objectives = o.list_ids("objective", &f("objectives"), &p.objectives, |x| &x.id);
    let steps = o.list_ids("step", &f("steps"), &p.steps, |x| &x.id);
    for (i, s) in p.sources.iter().enumerate() {
        if s.title.trim().is_empty() {
            o.err(
                &f(&format!("sources[{i}].title")),
                "the source's title is empty".into(),
            );
        }
    }
    for (i, r) in p.roles.iter().enumerate() {
        o.text(&f(&format!("roles[{i}].name")), &r.name);
        if let Some(d) = &r.duties {
            o.text(&f(&format!("roles[{i}].duties")), d);
        }
    }
    for (i, ob) in p.objectives.iter().enumerate() {
        o.text(&f(&format!("objectives[{i}].name")), &ob.name);
        if !p.steps.iter().any(|s| s.objective == ob.id) {
            o.warn(
                &f(&format!("objectives[{i}]")),
                format!("objective `{}` has no steps", ob.id),
                None,
            );
        }
    }
    if p.steps.is_empty() {
        o.err(&f("steps"), "the plan has no steps".into());
    }
    for (i, s) in p.steps.iter().enumerate() {
        let sp = |rest: &str| f(&format!("steps[{i}].{rest}"));
        o.known(&sp("objective"), "objective", &s.objective, &objectives);
        o.text(&sp("title"), &s.title);
        if let Responsible::Role(r) = &s.responsible {
            o.known(&sp("responsible"), "role", r, &roles);
        }
        for (path, start) in step_starts(&s.starts, &sp("starts")) {
            match start {
                StepStart::Step(other) if other == &s.id => {
                    o.err(&path, format!("step `{}` starts on itself", s.id));
                }
                StepStart::Step(other) => {
                    o.known(&path, "step", other, &steps);
                }
                StepStart::Hazard(ev) if ev.drill_kind() != p.kind => {
                    o.err(
                        &path,
                        format!("{ev:?} does not happen in {:?} drills", p.kind),
                    );
                }
                StepStart::Warning(_) if p.kind != DrillKind::Flood => {
                    o.err(
                        &path,
                        format!("warning levels belong to flood drills, not {:?}", p.kind),
                    );
                }
                StepStart::AnyOf(v) if v.is_empty() => {
                    o.err(&path, "`AnyOf` needs at least one start".into());
                }
                _ => {}
            }
        }
        if let Requirement::Hold { duration_s, .. } = &s.requires {
            o.positive(
                &sp("requires.duration_s"),
                *duration_s,
                86400.0,
                "hold duration",
            );
        }
        if let Some(d) = s.deadline_s {
            o.positive(&sp("deadline_s"), d, 7.0 * 86400.0, "deadline");
        }
        for (k, a) in s.after.iter().enumerate() {
            if a == &s.id {
                o.err(
                    &sp(&format!("after[{k}]")),
                    format!("step `{}` must come after itself", s.id),
                );
            } else {
                o.known(&sp(&format!("after[{k}]")), "step", a, &steps);
            }
        }
        o.positive(&sp("weight"), s.weight, 100.0, "weight");
        if o.known(&sp("source.doc"), "source", &s.source.doc, &sources)
            && s.source.clause.trim().is_empty()
        {
            o.err_hint(
                &sp("source.clause"),
                "the clause is empty".into(),
                "cite the section or clause, e.g. \"§3.2\"",
            );
        }
    }
    // Ordering must be acyclic (through `after` and `starts: Step`).
    fn deps(s: &crate::plan::PlanStep) -> Vec<&str> {
        let mut v: Vec<&str> = s.after.iter().map(String::as_str).collect();
        for (_, start) in step_starts(&s.starts, "") {
            if let StepStart::Step(x) = start {
                v.push(x);
            }
        }
        v
    }
    for (i, s) in p.steps.iter().enumerate() {
        let mut stack: Vec<&str> = deps(s);
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        while let Some(x) = stack.pop() {
            if x == s.id {
                o.err(
                    &f(&format!("steps[{i}].after")),
                    format!("step `{}` depends on itself through other steps", s.id),
                );
                break;
            }
            if seen.insert(x)
                && let Some(&k) = steps.get(x)
            {
                stack.extend(deps(&p.steps[k]));
            }
        }
    }
}
