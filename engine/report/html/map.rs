//! The site map: a building's floors with the doors, stairs and exits coloured by how congested
//! they were, or a terrain with its shelters and their arrivals.

use super::{Inputs, bi, bi2, esc, nice_step, section, svg_bi};
use crate::report::analysis::{FLOW_WINDOW_S, Flow, SiteUse};
use crate::scenario::schema::{Building, Point, Site, SpaceKind, Terrain, Text};
use crate::words::text;
use std::fmt::Write as _;

/// Specific flow (persons per second per metre of clear width) at and above which a door or
/// stair is taken as congested: 0.9 of the SFPE Handbook's maximum of 1.3 p/(s·m) for doors
/// (Nelson & Mowrer, SFPE Handbook ch. 3-14).
const CONGESTED_PPSM: f64 = 1.2;
/// Below this a door or stair flows freely.
const BUSY_PPSM: f64 = 0.6;

pub(super) fn site_map(h: &mut String, i: &Inputs, used: &SiteUse) {
    section(
        h,
        "map",
        "4 平面图：通行与拥堵",
        "4 Site map: where people went and where they queued",
    );
    match i.scenario.map(|s| &s.site) {
        Some(Site::Building(b)) => building_map(h, b, used),
        Some(Site::Terrain(t)) => terrain_map(h, t, used),
        None => {
            let _ = write!(
                h,
                r#"<p class="sub">{}</p>"#,
                bi2(
                    "未找到与日志一致的情景文件，无法绘制平面图（用 --scenario 指定）。",
                    "No scenario file matching the journal was found, so there is no map (give one with --scenario)."
                )
            );
        }
    }
    h.push_str("</section>");
}

fn flow_colour(specific: f64) -> &'static str {
    if specific >= CONGESTED_PPSM {
        "#c62828"
    } else if specific >= BUSY_PPSM {
        "#ef6c00"
    } else {
        "#2e7d32"
    }
}

fn space_fill(k: SpaceKind) -> &'static str {
    match k {
        SpaceKind::Classroom => "#e3edf7",
        SpaceKind::Office | SpaceKind::Room => "#eceff1",
        SpaceKind::Corridor | SpaceKind::Lobby | SpaceKind::Hall => "#fbfbf7",
        SpaceKind::Stairwell => "#fff3c4",
        SpaceKind::Toilet | SpaceKind::Storage => "#e8e8e8",
    }
}

/// Map projection of a bounding box into a `w`-wide SVG (y up in the site, down on screen).
struct Frame {
    min: Point,
    max: Point,
    scale: f64,
    w: f64,
    h: f64,
    pad: f64,
}

impl Frame {
    fn new(min: Point, max: Point, w: f64) -> Frame {
        let pad = 24.0;
        let span = ((max.0 - min.0).max(1.0), (max.1 - min.1).max(1.0));
        let scale = (w - 2.0 * pad) / span.0;
        Frame {
            min,
            max,
            scale,
            w,
            h: span.1 * scale + 2.0 * pad,
            pad,
        }
    }
    fn around(pts: &[Point], w: f64) -> Frame {
        let (min, max) = crate::scenario::geometry::bounds(pts);
        Frame::new(min, max, w)
    }
    fn at(&self, p: Point) -> (f64, f64) {
        (
            self.pad + (p.0 - self.min.0) * self.scale,
            self.h - self.pad - (p.1 - self.min.1) * self.scale,
        )
    }
    fn poly(&self, pts: &[Point]) -> String {
        pts.iter()
            .map(|&p| {
                let (x, y) = self.at(p);
                format!("{x:.1},{y:.1}")
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// `v` held within [lo, hi]; the middle where the range is empty.
fn squeeze(v: f64, lo: f64, hi: f64) -> f64 {
    if lo <= hi {
        v.clamp(lo, hi)
    } else {
        (lo + hi) / 2.0
    }
}

fn centroid(pts: &[Point]) -> Point {
    let n = pts.len().max(1) as f64;
    (
        pts.iter().map(|p| p.0).sum::<f64>() / n,
        pts.iter().map(|p| p.1).sum::<f64>() / n,
    )
}

fn building_map(h: &mut String, b: &Building, used: &SiteUse) {
    let lifts = used.lift_rides;
    // One frame for the floors above ground, so they line up; the ground floor's takes in the
    // assembly areas too.
    let mut all: Vec<Point> = b
        .floors
        .iter()
        .flat_map(|f| f.spaces.iter().flat_map(|s| s.polygon.iter().copied()))
        .collect();
    if all.is_empty() {
        return;
    }
    let upper = Frame::around(&all, 1040.0);
    // The assembly areas show as far as 20 m beyond the building: enough to see where they
    // are without a playground's worth of empty map.
    let (lo, hi) = (
        (upper.min.0 - 20.0, upper.min.1 - 20.0),
        (upper.max.0 + 20.0, upper.max.1 + 20.0),
    );
    all.extend(
        b.assembly_areas
            .iter()
            .flat_map(|a| a.polygon.iter())
            .map(|p| (p.0.clamp(lo.0, hi.0), p.1.clamp(lo.1, hi.1))),
    );
    let lowest = Frame::around(&all, 1040.0);
    let ground = b
        .floors
        .iter()
        .map(|f| f.elevation_m)
        .fold(f64::MAX, f64::min);
    let space_floor = |id: &str| {
        b.floors
            .iter()
            .find(|f| f.spaces.iter().any(|s| s.id == id))
            .map(|f| f.id.as_str())
    };
    let _ = write!(
        h,
        r#"<p class="sub">{}</p>"#,
        bi(&Text {
            zh: format!(
                "门、楼梯和出口按 {FLOW_WINDOW_S:.0} 秒内的峰值比流量着色：绿色 < {BUSY_PPSM} 人/(秒·米) 通行顺畅，橙色较忙，红色 ≥ {CONGESTED_PPSM} 人/(秒·米) 接近通行能力、出现排队（SFPE 手册门的最大比流量约 1.3）。数字为通过人数（楼梯为下行人数）。"
            ),
            en: format!(
                "Doors, stairs and exits are coloured by their peak specific flow over {FLOW_WINDOW_S:.0} s: green below {BUSY_PPSM} p/(s·m) flows freely, orange is busy, red at {CONGESTED_PPSM} p/(s·m) or more is near capacity and queues form (the SFPE Handbook's maximum for doors is about 1.3). Numbers are people through (down, for stairs)."
            ),
        })
    );
    if lifts > 0 {
        let _ = write!(
            h,
            r#"<div class="warnbox">{}</div>"#,
            bi(&Text {
                zh: format!("有 {lifts} 人次乘坐电梯（地震时禁止）。"),
                en: format!("The lift was taken {lifts} times (forbidden in an earthquake)."),
            })
        );
    }
    h.push_str(r#"<div class="maps">"#);
    let mut floors: Vec<_> = b.floors.iter().collect();
    floors.sort_by(|a, b| b.elevation_m.total_cmp(&a.elevation_m));
    for f in floors {
        let frame = if f.elevation_m == ground {
            &lowest
        } else {
            &upper
        };
        let _ = write!(
            h,
            r#"<div class="map"><svg viewBox="0 0 {:.0} {:.0}" role="img" aria-label="floor {}">"#,
            frame.w,
            frame.h,
            esc(&f.id)
        );
        if f.elevation_m == ground {
            for a in &b.assembly_areas {
                let _ = write!(
                    h,
                    r##"<polygon points="{}" fill="#e8f5e9" stroke="#2e7d32" stroke-dasharray="4 3"/>"##,
                    frame.poly(&a.polygon)
                );
                let c = centroid(&a.polygon);
                let (cx, cy) = frame.at((
                    squeeze(c.0, frame.min.0, frame.max.0),
                    squeeze(c.1, frame.min.1 + 8.0, frame.max.1 - 8.0),
                ));
                let name = a.name.clone().unwrap_or_else(|| text(&a.id, &a.id));
                let n = used.arrivals(&a.id);
                h.push_str(&svg_bi(
                    cx,
                    cy,
                    r##"font-size="14" text-anchor="middle" fill="#2e7d32""##,
                    &format!("{}（到达 {n} 人）", name.zh),
                    &format!("{} ({n} arrived)", name.en),
                ));
            }
        }
        for s in &f.spaces {
            let blocked_space = used.is_blocked(&s.id);
            let name = s.name.clone().unwrap_or_else(|| text(&s.id, &s.id));
            let _ = write!(
                h,
                r##"<polygon points="{}" fill="{}" stroke="#78909c" stroke-width="1"><title>{} / {}</title></polygon>"##,
                frame.poly(&s.polygon),
                if blocked_space {
                    "#ffcdd2"
                } else {
                    space_fill(s.kind)
                },
                esc(&name.zh),
                esc(&name.en)
            );
        }
        // Labels after all fills, so none is hidden under a neighbour; only where they fit.
        for s in &f.spaces {
            if matches!(s.kind, SpaceKind::Corridor | SpaceKind::Stairwell) {
                continue;
            }
            let (min_s, max_s) = crate::scenario::geometry::bounds(&s.polygon);
            let wide = (max_s.0 - min_s.0) * frame.scale;
            let name = s.name.clone().unwrap_or_else(|| text(&s.id, &s.id));
            let (cx, cy) = frame.at(centroid(&s.polygon));
            // Each language where it fits (CJK about 1 em a character, Latin about 0.55 em), on
            // two lines where one is too long.
            for (label, class, em) in [(&name.zh, "zh", 11.0), (&name.en, "en", 6.2)] {
                let fits = |l: &str| l.chars().count() as f64 * em <= wide - 6.0;
                let lines: Vec<&str> = if fits(label) {
                    vec![label.as_str()]
                } else {
                    match label.find(['（', '(']) {
                        Some(k) if fits(&label[..k]) && fits(&label[k..]) => {
                            vec![label[..k].trim_end(), &label[k..]]
                        }
                        _ => continue,
                    }
                };
                for (row, line) in lines.iter().enumerate() {
                    let _ = write!(
                        h,
                        r##"<text x="{cx:.1}" y="{:.1}" font-size="11" text-anchor="middle" fill="#455a64" class="{class}">{}</text>"##,
                        cy - 2.0 + 13.0 * row as f64 - 6.5 * (lines.len() - 1) as f64,
                        esc(line)
                    );
                }
            }
        }
        for st in &b.stairs {
            // Shown where people enter it going down: on the floor of its upper end.
            if space_floor(&st.to) != Some(f.id.as_str()) {
                continue;
            }
            let Some(sp) = f.spaces.iter().find(|s| s.id == st.to) else {
                continue;
            };
            let Flow {
                people: n,
                specific_ppsm: sf,
            } = used.stair_down(&st.id, st.width_m);
            let (cx, cy) = frame.at(centroid(&sp.polygon));
            let is_blocked = used.is_blocked(&st.id);
            let _ = write!(
                h,
                r##"<g><title>{} {}: {n} ↓, {sf:.2} p/(s·m)</title><rect x="{:.1}" y="{:.1}" width="64" height="20" rx="4" fill="{}"/><text x="{cx:.1}" y="{:.1}" font-size="12" text-anchor="middle" fill="#fff">↓ {n}</text></g>"##,
                esc(&st.id),
                if is_blocked { "(blocked)" } else { "" },
                cx - 32.0,
                cy + 4.0,
                if is_blocked {
                    "#c62828"
                } else {
                    flow_colour(sf)
                },
                cy + 18.0,
            );
            if is_blocked {
                cross(h, cx, cy + 14.0, 14.0);
            }
        }
        for d in b.doors.iter().filter(|d| {
            f.spaces
                .iter()
                .any(|s| s.id == d.spaces.0 || s.id == d.spaces.1)
        }) {
            let Flow {
                people: n,
                specific_ppsm: sf,
            } = used.door(&d.id, d.width_m);
            let (cx, cy) = frame.at(d.at);
            let r = (d.width_m * frame.scale / 2.0).max(4.0);
            let is_blocked = used.is_blocked(&d.id);
            let colour = if n == 0 { "#b0bec5" } else { flow_colour(sf) };
            let _ = write!(
                h,
                r#"<circle cx="{cx:.1}" cy="{cy:.1}" r="{r:.1}" fill="{colour}" fill-opacity=".85"><title>{}: {n}, {sf:.2} p/(s·m)</title></circle>"#,
                esc(&d.id)
            );
            if n > 0 && r >= 6.0 {
                let _ = write!(
                    h,
                    r##"<text x="{cx:.1}" y="{:.1}" font-size="10" text-anchor="middle" fill="#fff">{n}</text>"##,
                    cy + 3.5
                );
            }
            if is_blocked {
                cross(h, cx, cy, r + 3.0);
            }
        }
        for x in b
            .exits
            .iter()
            .filter(|x| f.spaces.iter().any(|s| s.id == x.space))
        {
            let Flow {
                people: n,
                specific_ppsm: sf,
            } = used.exit(&x.id, x.width_m);
            let (cx, cy) = frame.at(x.at);
            let is_blocked = used.is_blocked(&x.id);
            let _ = write!(
                h,
                r##"<g><title>{}: {n}, {sf:.2} p/(s·m)</title><rect x="{:.1}" y="{:.1}" width="70" height="22" rx="4" fill="{}" stroke="#fff"/>"##,
                esc(&x.id),
                cx - 35.0,
                cy - 11.0,
                if is_blocked {
                    "#c62828"
                } else if n == 0 {
                    "#2e7d32"
                } else {
                    flow_colour(sf)
                },
            );
            h.push_str(&svg_bi(
                cx,
                cy + 4.5,
                r##"font-size="12" font-weight="700" text-anchor="middle" fill="#fff""##,
                &format!("出口 {n}"),
                &format!("EXIT {n}"),
            ));
            h.push_str("</g>");
            if is_blocked {
                cross(h, cx, cy, 14.0);
            }
        }
        let _ = write!(
            h,
            r##"<text x="8" y="18" font-size="15" font-weight="700" fill="#1d2733">{}</text><text x="8" y="34" font-size="12" fill="#5b6673">+{:.1} m</text>"##,
            esc(&f.id),
            f.elevation_m
        );
        scale_bar(h, frame);
        h.push_str("</svg></div>");
    }
    h.push_str("</div>");
    let _ = write!(
        h,
        r##"<div class="legend"><span><i style="background:#2e7d32"></i>{}</span><span><i style="background:#ef6c00"></i>{}</span><span><i style="background:#c62828"></i>{}</span><span><i style="background:#b0bec5"></i>{}</span><span><i style="background:#fff3c4"></i>{}</span><span><i style="background:#ffcdd2"></i>✕ {}</span></div>"##,
        bi2("通行顺畅", "flows freely"),
        bi2("较忙", "busy"),
        bi2("拥堵排队", "congested, queueing"),
        bi2("无人通过", "unused"),
        bi2("楼梯间（↓ 下行人数）", "stairwell (↓ people going down)"),
        bi2("阻断", "blocked"),
    );
}

fn cross(h: &mut String, cx: f64, cy: f64, r: f64) {
    let _ = write!(
        h,
        r##"<path d="M{:.1},{:.1} L{:.1},{:.1} M{:.1},{:.1} L{:.1},{:.1}" stroke="#b71c1c" stroke-width="3"/>"##,
        cx - r,
        cy - r,
        cx + r,
        cy + r,
        cx - r,
        cy + r,
        cx + r,
        cy - r
    );
}

fn scale_bar(h: &mut String, frame: &Frame) {
    let m = nice_step(frame.w / frame.scale / 5.0, 1.0);
    let len = m * frame.scale;
    let (x, y) = (frame.w - frame.pad - len, frame.h - 8.0);
    let _ = write!(
        h,
        r##"<path d="M{x:.1},{:.1} V{y:.1} H{:.1} V{:.1}" fill="none" stroke="#455a64"/><text x="{:.1}" y="{:.1}" font-size="11" text-anchor="middle" fill="#455a64">{m} m</text>"##,
        y - 4.0,
        x + len,
        y - 4.0,
        x + len / 2.0,
        y - 6.0
    );
}

fn terrain_map(h: &mut String, t: &Terrain, used: &SiteUse) {
    let mut all: Vec<Point> = Vec::new();
    all.extend(t.roads.iter().flat_map(|r| r.points.iter().copied()));
    all.extend(t.rivers.iter().flat_map(|r| r.centerline.iter().copied()));
    all.extend(t.shelters.iter().flat_map(|s| s.polygon.iter().copied()));
    all.extend(t.houses.iter().map(|x| x.at));
    all.extend(t.places.iter().map(|x| x.at));
    if all.is_empty() {
        return;
    }
    let frame = Frame::around(&all, 1040.0);
    let _ = write!(
        h,
        r##"<div class="map"><svg viewBox="0 0 {:.0} {:.0}" role="img" aria-label="site"><rect width="100%" height="100%" fill="#f4f1e8"/>"##,
        frame.w, frame.h
    );
    for r in &t.rivers {
        let _ = write!(
            h,
            r##"<polyline points="{}" fill="none" stroke="#64b5f6" stroke-width="{:.1}" stroke-linecap="round"/>"##,
            frame.poly(&r.centerline),
            (r.width_m * frame.scale).max(3.0)
        );
    }
    for l in &t.levees {
        let _ = write!(
            h,
            r##"<polyline points="{}" fill="none" stroke="#8d6e63" stroke-width="3"/>"##,
            frame.poly(&l.line)
        );
    }
    for r in &t.roads {
        let _ = write!(
            h,
            r##"<polyline points="{}" fill="none" stroke="#9e9e9e" stroke-width="{:.1}"/>"##,
            frame.poly(&r.points),
            (r.width_m * frame.scale).max(1.5)
        );
    }
    for s in &t.shelters {
        let _ = write!(
            h,
            r##"<polygon points="{}" fill="#c8e6c9" stroke="#2e7d32"/>"##,
            frame.poly(&s.polygon)
        );
        let (cx, cy) = frame.at(centroid(&s.polygon));
        let n = used.arrivals(&s.id);
        h.push_str(&svg_bi(
            cx,
            cy,
            r##"font-size="12" text-anchor="middle" fill="#1b5e20""##,
            &format!("{}（到达 {n}）", s.name.zh),
            &format!("{} ({n} arrived)", s.name.en),
        ));
    }
    for x in &t.houses {
        let (cx, cy) = frame.at(x.at);
        let _ = write!(
            h,
            r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{}"><title>{}</title></rect>"##,
            cx - 4.0,
            cy - 4.0,
            8.0,
            8.0,
            if x.vulnerable { "#e65100" } else { "#795548" },
            esc(&x.id)
        );
    }
    for p in &t.places {
        let (cx, cy) = frame.at(p.at);
        let _ = write!(
            h,
            r##"<circle cx="{cx:.1}" cy="{cy:.1}" r="4" fill="#0b5cad"/>"##
        );
        h.push_str(&svg_bi(
            cx + 6.0,
            cy + 4.0,
            r##"font-size="11" fill="#0b5cad""##,
            &p.name.zh,
            &p.name.en,
        ));
    }
    scale_bar(h, &frame);
    h.push_str("</svg></div>");
}
