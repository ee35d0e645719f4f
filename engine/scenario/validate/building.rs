//! Checks of a building site: floors, spaces, doors, windows, stairs, lifts, exits, assembly areas.

use super::{Out, ScenarioCheck};
use crate::scenario::geometry as geo;
use crate::scenario::schema::*;
use std::collections::{BTreeMap, BTreeSet};

/// Tolerance for "on the wall": authors type coordinates to the centimetre.
const WALL_TOL_M: f64 = 0.05;

impl<'a> ScenarioCheck<'a> {
    pub(super) fn building(&mut self, b: &'a Building) {
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
            if let Some(f) = d.force_s
                && o.positive(&format!("{p}.force_s"), f, 3600.0, "time to force the door")
                && !d.can_block
            {
                o.err_hint(
                    &format!("{p}.force_s"),
                    format!("door `{}` can be forced but never blocked", d.id),
                    "set `can_block: true`, or remove `force_s`",
                );
            }
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

        // Evacuation cots: in a space of a floor with an exit (they roll; stairs stop them).
        o.list_ids("cot", "site.cots", &b.cots, |x| &x.id);
        for (i, c) in b.cots.iter().enumerate() {
            let p = format!("site.cots[{i}]");
            if c.capacity_infants == 0 || c.capacity_infants > 8 {
                o.err_hint(
                    &format!("{p}.capacity_infants"),
                    format!(
                        "an evacuation cot holds 1–8 infants, not {}",
                        c.capacity_infants
                    ),
                    "state the maker's rating (most hold 4–6)",
                );
            }
            o.range(
                &format!("{p}.push_speed_mps"),
                c.push_speed_mps,
                0.2,
                2.0,
                true,
                "the pushing speed",
            );
            if !o.known(&format!("{p}.space"), "space", &c.space, &self.space_ids) {
                continue;
            }
            let Some((cf, cs)) = space(&c.space) else {
                continue;
            };
            if poly_ok(&cs.id) && !geo::contains(&closed(&cs.polygon), c.at) {
                o.err(
                    &format!("{p}.at"),
                    format!(
                        "cot `{}` at ({:.2}, {:.2}) is outside space `{}`",
                        c.id, c.at.0, c.at.1, cs.id
                    ),
                );
            }
            let exit_on_floor = b
                .exits
                .iter()
                .any(|e| space(&e.space).is_some_and(|(ef, _)| ef.id == cf.id));
            if !exit_on_floor {
                o.warn(
                    &format!("{p}.space"),
                    format!("cot `{}` is on floor `{}`, which has no exit: a cot does not go down stairs and will not be used", c.id, cf.id),
                    Some("keep cots on a floor with an exit, or carry the infants (`CarryInfant`)".into()),
                );
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
}

pub(super) fn closed(poly: &[Point]) -> Vec<Point> {
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
