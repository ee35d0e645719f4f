//! The flood maps: the greatest hazard class the water reached in each cell (AIDR 7-3 H1–H6,
//! from the 5-minute records of the journal), the houses by the deepest water they had and
//! whether it cut them off, where people were in moving water; the water at three moments (the
//! first house cut off, the widest extent, the end); the gauges' hydrographs against their
//! warning and guaranteed levels with the warnings issued; the houses' margins (应转早转); and
//! the shelters' register (应到/实到) with the cadres' counts.

use super::fire::{View, basemap, basemap_legend, north_arrow, scale_bar};
use super::{Inputs, axis_x, bi, bi2, esc, nice_step, section, sub, svg_bi};
use crate::journal::raster::ClassRaster;
use crate::report::analysis::{FloodRecord, FloodSnapshot};
use crate::scenario::schema::{Hazard, Site, Terrain};
use crate::words::{Words, clock};
use std::fmt::Write as _;

const WIDTH: f64 = 1040.0;
const PAD: f64 = 16.0;
/// The AIDR classes' colours, H1 (pale blue) to H6 (dark red).
const CLASS_FILL: [&str; 6] = [
    "#b3e5fc", "#4fc3f7", "#ffe082", "#ffa726", "#e53935", "#7f0000",
];
const CLASS_WORDS: [(&str, &str); 6] = [
    ("H1 一般安全", "H1 generally safe"),
    ("H2 小车不安全", "H2 unsafe: small cars"),
    ("H3 儿童、老人不安全", "H3 unsafe: children, elderly"),
    ("H4 人员、车辆不安全", "H4 unsafe: people, vehicles"),
    ("H5 建筑需加固", "H5 buildings need support"),
    ("H6 建筑可能损毁", "H6 buildings may fail"),
];

/// A map of the terrain (`cols` × `rows` cells of `cell_m`) `width_px` wide at (`x`, `y`).
fn view_of(r: &ClassRaster, x: f64, y: f64, width_px: f64) -> View {
    let (w_m, h_m) = (f64::from(r.cols) * r.cell_m, f64::from(r.rows) * r.cell_m);
    let scale = width_px / w_m.max(1.0);
    View {
        lo: (0.0, 0.0),
        scale,
        x,
        y,
        w: w_m * scale,
        h: h_m * scale,
    }
}

/// The raster's wet cells as one rectangle per run.
fn cells(h: &mut String, v: &View, r: &ClassRaster) {
    let Some(classes) = r.decode() else {
        return;
    };
    let cols = r.cols as usize;
    for (row, line) in classes.chunks(cols.max(1)).enumerate() {
        // Row 0 is the north row: its top edge at the terrain's height.
        let top_m = f64::from(r.rows) * r.cell_m - row as f64 * r.cell_m;
        let mut k = 0;
        while k < line.len() {
            let c = line[k];
            let n = line[k..].iter().take_while(|&&x| x == c).count();
            if c > 0 {
                let (x0, y0) = v.at((k as f64 * r.cell_m, top_m));
                let fill = CLASS_FILL[usize::from(c.min(6)) - 1];
                let _ = write!(
                    h,
                    r##"<rect x="{x0:.1}" y="{y0:.1}" width="{:.2}" height="{:.2}" fill="{fill}"/>"##,
                    n as f64 * r.cell_m * v.scale + 0.3,
                    r.cell_m * v.scale + 0.3
                );
            }
            k += n;
        }
    }
}

fn terrain_of<'a>(i: &'a Inputs) -> Option<&'a Terrain> {
    match i.scenario.map(|s| &s.site) {
        Some(Site::Terrain(t)) => Some(t),
        Some(Site::Building(_)) | None => None,
    }
}

pub(super) fn flood_maps(h: &mut String, i: &Inputs, m: &FloodRecord) {
    section(h, "flood", "4.1 洪水图", "4.1 Flood maps");
    let terrain = terrain_of(i);
    if let Some(max) = m.max_hazard() {
        hazard_map(h, m, &max, terrain);
    }
    moments(h, m, terrain);
    hydrograph(h, i, m);
    houses_table(h, m);
    register(h, i, m);
    h.push_str("</section>");
}

fn hazard_map(h: &mut String, m: &FloodRecord, max: &ClassRaster, terrain: Option<&Terrain>) {
    sub(
        h,
        "北向上。底色为各格在每 5 分钟记录中达到的最高洪水危险等级（澳大利亚 AIDR 7-3：H1–H6，按水深和流速）；房屋按所受最大水深标色（浅蓝 5 厘米以上、蓝 0.5 米以上、深蓝 1.2 米以上），红框为被洪水围困（水深超过 0.5 米或水深×流速超过 0.6，老人儿童已无法自行撤出）的房屋；绿色细线连接各户与其人员到达的安置点（去向，非行走路线）；蓝色虚线为曾因积水封闭的道路；紫色叉为有人涉入流水之处。",
        "North is up. The colour is the highest flood hazard class each cell reached in the 5-minute records (AIDR 7-3: H1–H6, from depth and speed); houses are coloured by the deepest water they had (pale blue from 5 cm, blue from 0.5 m, dark blue from 1.2 m), a red outline where the water cut them off (deeper than 0.5 m or depth × speed above 0.6: children and the elderly can no longer walk out); a thin green line joins each house to the shelters its people reached (where they went, not the way walked); a dashed blue road was closed by the water at some time; a purple cross where someone was in moving water.",
    );
    let v = view_of(max, PAD, PAD, WIDTH - 240.0);
    let svg_h = v.y + v.h + 44.0;
    let _ = write!(
        h,
        r##"<div class="map"><svg viewBox="0 0 {WIDTH:.0} {svg_h:.0}" role="img" aria-label="flood hazard map"><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="#f4f1e8"/>"##,
        v.x, v.y, v.w, v.h
    );
    cells(h, &v, max);
    if let Some(t) = terrain {
        basemap(h, &v, t);
        closed_roads(h, &v, m, t);
        transfers(h, &v, m, t);
        houses(h, &v, m, t);
    }
    for w in &m.wading {
        let (x, y) = v.at(w.at);
        let _ = write!(
            h,
            r##"<path d="M{:.1},{:.1} L{:.1},{:.1} M{:.1},{:.1} L{:.1},{:.1}" stroke="#6a1b9a" stroke-width="2.5"><title>{} {} — {:.2} m, {:.2} m/s</title></path>"##,
            x - 5.0,
            y - 5.0,
            x + 5.0,
            y + 5.0,
            x - 5.0,
            y + 5.0,
            x + 5.0,
            y - 5.0,
            esc(&w.who),
            clock(w.t_s),
            w.depth_m,
            w.speed_mps
        );
    }
    let _ = write!(
        h,
        r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="none" stroke="#78909c"/>"##,
        v.x, v.y, v.w, v.h
    );
    north_arrow(h, &v);
    scale_bar(h, &v);
    // The classes' legend beside the map.
    let lx = v.x + v.w + 20.0;
    h.push_str(&svg_bi(
        lx,
        v.y + 12.0,
        r##"font-size="13" font-weight="600" fill="#1d2733""##,
        "最高危险等级",
        "Highest hazard class",
    ));
    for (k, (zh, en)) in CLASS_WORDS.iter().enumerate() {
        let y = v.y + 24.0 + k as f64 * 20.0;
        let _ = write!(
            h,
            r##"<rect x="{lx:.1}" y="{y:.1}" width="14" height="12" fill="{}"/>"##,
            CLASS_FILL[k]
        );
        h.push_str(&svg_bi(
            lx + 20.0,
            y + 10.5,
            r##"font-size="11" fill="#1d2733""##,
            zh,
            en,
        ));
    }
    h.push_str("</svg></div>");
    if let Some(t) = terrain {
        let _ = write!(h, r#"<div class="legend">{}</div>"#, basemap_legend(t));
    }
}

/// The roads the water closed to walkers, dashed over the road.
fn closed_roads(h: &mut String, v: &View, m: &FloodRecord, t: &Terrain) {
    for r in t.roads.iter().filter(|r| m.roads_closed.contains(&r.id)) {
        let _ = write!(
            h,
            r##"<polyline points="{}" fill="none" stroke="#0d47a1" stroke-width="2" stroke-dasharray="5 3"><title>{}</title></polyline>"##,
            v.line(&r.points),
            esc(&r.id)
        );
    }
}

/// From each house to the shelters its people reached: where they went, not the way walked
/// (the journal keeps arrivals, not paths).
fn transfers(h: &mut String, v: &View, m: &FloodRecord, t: &Terrain) {
    for rec in &m.houses {
        let Some(house) = t.houses.iter().find(|x| x.id == rec.house) else {
            continue;
        };
        for (shelter, n) in &rec.shelters {
            let Some(s) = t.shelters.iter().find(|x| &x.id == shelter) else {
                continue;
            };
            let k = s.polygon.len().max(1) as f64;
            let c = s
                .polygon
                .iter()
                .fold((0.0, 0.0), |a, p| (a.0 + p.0 / k, a.1 + p.1 / k));
            let ((x0, y0), (x1, y1)) = (v.at(house.at), v.at(c));
            let _ = write!(
                h,
                r##"<line x1="{x0:.1}" y1="{y0:.1}" x2="{x1:.1}" y2="{y1:.1}" stroke="#2e7d32" stroke-opacity=".35" stroke-width="1"><title>{} → {} ({n})</title></line>"##,
                esc(&rec.house),
                esc(&s.name.en)
            );
        }
    }
}

/// Houses by the deepest water they had; cut off ones outlined red.
fn houses(h: &mut String, v: &View, m: &FloodRecord, t: &Terrain) {
    for x in &t.houses {
        let rec = m.houses.iter().find(|r| r.house == x.id);
        let depth = rec.map_or(0.0, |r| r.max_depth_m);
        let fill = match depth {
            d if d >= 1.2 => "#0d47a1",
            d if d >= 0.5 => "#1976d2",
            d if d >= 0.05 => "#64b5f6",
            _ => "#8d6e63",
        };
        let cut = rec.is_some_and(|r| r.cut_off_s.is_some());
        let (cx, cy) = v.at(x.at);
        let (hw, hh) = (
            (x.footprint_m.0 * v.scale).max(5.0),
            (x.footprint_m.1 * v.scale).max(5.0),
        );
        let _ = write!(
            h,
            r##"<rect x="{:.1}" y="{:.1}" width="{hw:.1}" height="{hh:.1}" fill="{fill}" stroke="{}" stroke-width="{}"><title>{} — {depth:.2} m</title></rect>"##,
            cx - hw / 2.0,
            cy - hh / 2.0,
            if cut { "#c62828" } else { "#fff" },
            if cut { "2" } else { "0.6" },
            esc(&x.id)
        );
    }
}

/// The water at three moments: the first house cut off, the widest extent, the end.
fn moments(h: &mut String, m: &FloodRecord, terrain: Option<&Terrain>) {
    let first_cut = m.houses.iter().filter_map(|x| x.cut_off_s).reduce(f64::min);
    let mut picks: Vec<(&FloodSnapshot, &str, &str)> = Vec::new();
    if let Some(s) = first_cut.and_then(|t| m.at(t)) {
        picks.push((s, "首户被围困", "first house cut off"));
    }
    if let Some(s) = m.peak() {
        picks.push((s, "淹没范围最大", "widest extent"));
    }
    if let Some(s) = m.snapshots.iter().rfind(|s| s.hazard.is_some()) {
        picks.push((s, "演练结束", "end of the drill"));
    }
    picks.dedup_by(|a, b| a.0.t_s == b.0.t_s);
    if picks.is_empty() {
        return;
    }
    let _ = write!(
        h,
        "<h3>{}</h3>",
        bi2("关键时刻的洪水", "The water at key moments")
    );
    let n = picks.len() as f64;
    let gap = 14.0;
    let each = (WIDTH - 2.0 * PAD - gap * (n - 1.0)) / n;
    let Some(r0) = picks[0].0.hazard.as_ref() else {
        return;
    };
    let v0 = view_of(r0, 0.0, 0.0, each);
    let svg_h = v0.h + 2.0 * PAD + 24.0;
    let _ = write!(
        h,
        r##"<div class="map"><svg viewBox="0 0 {WIDTH:.0} {svg_h:.0}" role="img" aria-label="the water at key moments">"##
    );
    for (k, (s, zh, en)) in picks.iter().enumerate() {
        let Some(r) = s.hazard.as_ref() else {
            continue;
        };
        let v = view_of(r, PAD + k as f64 * (each + gap), PAD + 20.0, each);
        h.push_str(&svg_bi(
            v.x,
            v.y - 6.0,
            r##"font-size="13" fill="#1d2733""##,
            &format!("{} {zh}（{:.1} 公顷）", clock(s.t_s), s.flooded_ha),
            &format!("{} {en} ({:.1} ha)", clock(s.t_s), s.flooded_ha),
        ));
        let _ = write!(
            h,
            r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="#f4f1e8"/>"##,
            v.x, v.y, v.w, v.h
        );
        cells(h, &v, r);
        if let Some(t) = terrain {
            basemap(h, &v, t);
        }
        let _ = write!(
            h,
            r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="none" stroke="#78909c"/>"##,
            v.x, v.y, v.w, v.h
        );
    }
    h.push_str("</svg></div>");
}

/// Each gauge's level against time, with its warning and guaranteed levels and the warnings.
fn hydrograph(h: &mut String, i: &Inputs, m: &FloodRecord) {
    let Some(first) = m.snapshots.first() else {
        return;
    };
    let lines = i.scenario.and_then(|s| {
        s.hazards.iter().find_map(|hz| match hz {
            Hazard::Flood(f) => Some(&f.gauges),
            Hazard::Earthquake(_) | Hazard::ForestFire(_) => None,
        })
    });
    for (g, _) in &first.gauges {
        let series: Vec<(f64, f64)> = m
            .snapshots
            .iter()
            .filter_map(|s| s.gauges.iter().find(|x| &x.0 == g).map(|x| (s.t_s, x.1)))
            .collect();
        let spec = lines.and_then(|l| l.iter().find(|x| &x.id == g));
        let levels: Vec<(f64, &str, &str, &str)> = spec
            .map(|s| {
                vec![
                    (s.warning_level_m, "#ef6c00", "警戒水位", "warning level"),
                    (
                        s.guaranteed_level_m,
                        "#c62828",
                        "保证水位",
                        "guaranteed level",
                    ),
                ]
            })
            .unwrap_or_default();
        let lo = series
            .iter()
            .map(|p| p.1)
            .chain(levels.iter().map(|l| l.0))
            .fold(f64::INFINITY, f64::min);
        let hi = series
            .iter()
            .map(|p| p.1)
            .chain(levels.iter().map(|l| l.0))
            .fold(f64::NEG_INFINITY, f64::max);
        let end = series.last().map_or(1.0, |p| p.0).max(1.0);
        if !(lo.is_finite() && hi.is_finite()) {
            continue;
        }
        let (lo, hi) = (lo.floor() - 0.5, hi.ceil() + 0.5);
        let _ = write!(
            h,
            "<h3>{}</h3>",
            bi2(&format!("水位过程线：{g}"), &format!("Hydrograph: {g}"))
        );
        let (left, top, pw, ph) = (60.0, 14.0, WIDTH - 200.0, 240.0);
        let x = |t: f64| left + t / end * pw;
        let y = |z: f64| top + ph - (z - lo) / (hi - lo) * ph;
        let _ = write!(
            h,
            r##"<div class="map"><svg viewBox="0 0 {WIDTH:.0} {:.0}" role="img" aria-label="hydrograph">"##,
            top + ph + 40.0
        );
        let step = nice_step(hi - lo, 5.0);
        let mut z = (lo / step).ceil() * step;
        while z <= hi + 1e-9 {
            let _ = write!(
                h,
                r##"<line x1="{left}" x2="{0:.1}" y1="{1:.1}" y2="{1:.1}" stroke="#eceff1"/><text x="{2:.1}" y="{3:.1}" font-size="12" text-anchor="end" fill="#5b6673">{z:.1} m</text>"##,
                left + pw,
                y(z),
                left - 6.0,
                y(z) + 4.0
            );
            z += step;
        }
        for (t, signal, level) in &m.warnings {
            let (zh, en) = level.words();
            let (szh, sen) = match signal {
                crate::drill::WarningSignal::Rainstorm => ("暴雨", "rainstorm"),
                crate::drill::WarningSignal::Hydrological => ("洪水", "flood"),
                crate::drill::WarningSignal::FlashFlood => ("山洪", "flash flood"),
            };
            let _ = write!(
                h,
                r##"<line x1="{0:.1}" x2="{0:.1}" y1="{top}" y2="{1:.1}" stroke="{2}" stroke-dasharray="3 3"><title>{3} {4}{5} / {6} {7}</title></line>"##,
                x(*t),
                top + ph,
                level_colour(*level),
                clock(*t),
                esc(szh),
                esc(zh),
                esc(sen),
                esc(en)
            );
        }
        for (z, colour, zh, en) in &levels {
            let _ = write!(
                h,
                r##"<line x1="{left}" x2="{:.1}" y1="{1:.1}" y2="{1:.1}" stroke="{colour}" stroke-width="1.5"/>"##,
                left + pw,
                y(*z)
            );
            h.push_str(&svg_bi(
                left + pw + 6.0,
                y(*z) + 4.0,
                &format!(r##"font-size="12" fill="{colour}""##),
                &format!("{zh} {z:.1} m"),
                &format!("{en} {z:.1} m"),
            ));
        }
        let pts: Vec<String> = series
            .iter()
            .map(|&(t, z)| format!("{:.1},{:.1}", x(t), y(z)))
            .collect();
        let _ = write!(
            h,
            r##"<polyline points="{}" fill="none" stroke="#0b5cad" stroke-width="2"/>"##,
            pts.join(" ")
        );
        axis_x(h, left, pw, top + ph, end, &x);
        h.push_str("</svg></div>");
    }
    let _ = write!(
        h,
        r#"<div class="legend"><span><i style="background:#0b5cad"></i>{}</span><span>{}</span></div>"#,
        bi2("水位（每 5 分钟记录）", "level (every 5-minute record)"),
        bi2(
            "虚线：发布预警的时刻（颜色为预警级别）",
            "dashed: a warning issued (its colour the level)"
        )
    );
}

fn level_colour(l: crate::drill::WarningLevel) -> &'static str {
    match l {
        crate::drill::WarningLevel::Blue => "#1565c0",
        crate::drill::WarningLevel::Yellow => "#f9a825",
        crate::drill::WarningLevel::Orange => "#ef6c00",
        crate::drill::WarningLevel::Red => "#c62828",
    }
}

fn opt_clock(t: Option<f64>) -> String {
    t.map_or_else(|| "–".into(), clock)
}

/// The houses the water reached: depth, when, when cut off, when the last of the household was
/// at a refuge, and the margin (应转早转).
fn houses_table(h: &mut String, m: &FloodRecord) {
    let reached: Vec<_> = m.houses.iter().filter(|x| x.reached_s.is_some()).collect();
    if reached.is_empty() {
        return;
    }
    let _ = write!(
        h,
        "<h3>{}</h3><table><tr><th>{}</th><th class=\"num\">{}</th><th>{}</th><th>{}</th><th>{}</th><th class=\"num\">{}</th></tr>",
        bi2(
            "水到之户与转移余量",
            "Houses the water reached, and the margin of their transfer"
        ),
        bi2("房屋", "house"),
        bi2("最大水深", "deepest"),
        bi2("水到（5 厘米）", "water reached (5 cm)"),
        bi2("被围困（H3）", "cut off (H3)"),
        bi2("全户到达安置点", "all at a refuge"),
        bi2("余量", "margin"),
    );
    for x in reached {
        let margin = match (x.cut_off_s, x.all_out_s) {
            (Some(c), Some(o)) if o <= c => bi2(
                &format!("提前 {:.0} 分钟", (c - o) / 60.0),
                &format!("{:.0} min early", (c - o) / 60.0),
            ),
            (Some(_), _) => format!(
                r#"<span class="ls">{}</span>"#,
                bi2("水到时仍有人未转移", "people still there")
            ),
            (None, _) => bi2("未被围困", "not cut off"),
        };
        let _ = write!(
            h,
            r#"<tr><td>{}{}</td><td class="num">{:.2} m</td><td>{}</td><td>{}</td><td>{}</td><td class="num">{margin}</td></tr>"#,
            esc(&x.house),
            if x.vulnerable {
                format!(" {}", bi2("（危险户）", "(vulnerable)"))
            } else {
                String::new()
            },
            x.max_depth_m,
            opt_clock(x.reached_s),
            opt_clock(x.cut_off_s),
            opt_clock(x.all_out_s),
        );
    }
    h.push_str("</table>");
}

/// The shelters' register: places, the roster bound for each (应到), who arrived (实到), the
/// last arrival; then the counts the cadres reported against the truth.
fn register(h: &mut String, i: &Inputs, m: &FloodRecord) {
    let Some(s) = i.scenario else {
        return;
    };
    let Some(t) = terrain_of(i) else {
        return;
    };
    if t.shelters.is_empty() {
        return;
    }
    let _ = write!(
        h,
        "<h3>{}</h3><table><tr><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th>{}</th></tr>",
        bi2(
            "安置点登记（应到/实到）",
            "Shelter register (expected / arrived)"
        ),
        bi2("安置点", "shelter"),
        bi2("容量", "capacity"),
        bi2("应到", "expected"),
        bi2("实到", "arrived"),
        bi2("最后到达", "last arrival"),
    );
    for sh in &t.shelters {
        let expected: u32 = s
            .population
            .iter()
            .filter(|g| {
                matches!(&g.destination, Some(crate::scenario::schema::SiteRef::Shelter(x)) if x == &sh.id)
            })
            .map(|g| g.count)
            .sum();
        let here: Vec<f64> = m
            .arrivals
            .iter()
            .filter(|(_, who, place)| place == &sh.id && who.contains('/'))
            .map(|(t, _, _)| *t)
            .collect();
        let short = (here.len() as u32) < expected;
        let _ = write!(
            h,
            r#"<tr><td>{}</td><td class="num">{}</td><td class="num">{expected}</td><td class="num{}">{}</td><td>{}</td></tr>"#,
            bi(&sh.name),
            sh.capacity_persons,
            if short { " warn" } else { "" },
            here.len(),
            opt_clock(here.iter().copied().reduce(f64::max)),
        );
    }
    h.push_str("</table>");
    if m.reports.is_empty() {
        return;
    }
    let _ = write!(
        h,
        "<table><tr><th>{}</th><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th></tr>",
        bi2("时间", "time"),
        bi2("报告人", "reported by"),
        bi2("报告：实到/应到", "reported: present / expected"),
        bi2("实际：实到/应到", "true: present / expected"),
    );
    for (t, who, rp, re, tp, te) in &m.reports {
        let wrong = rp != tp || re != te;
        let _ = write!(
            h,
            r#"<tr><td>{}</td><td>{}</td><td class="num{}">{rp} / {re}</td><td class="num">{tp} / {te}</td></tr>"#,
            clock(*t),
            super::who(i, who),
            if wrong { " warn" } else { "" },
        );
    }
    h.push_str("</table>");
}
