//! The fire map: the terrain's frame (north up, a scale bar, a north arrow), the fire's
//! perimeter at each growth report as isochrones from yellow (early) to dark red (late), where
//! it started (ignitions, spot fires), and what the front reached and when — all from the
//! journal (`analysis::fire_map`). Where the scenario is at hand its rivers, roads, houses and
//! shelters are drawn faint beneath, for orientation. On it, the crew's work — the fireline,
//! lookout posts, anchors, where they attacked, their escapes — and where the fire burned or
//! killed someone (where the journal places them); under it, a table of the crew at the fire.

use super::{Inputs, bi, bi2, esc, nice_step, section, sub, svg_bi};
use crate::journal::events::{FireSector, Harm};
use crate::report::analysis::{FireMap, Reached};
use crate::scenario::schema::{Point, Site, SiteRef, Terrain, Text};
use crate::scenario::words::site_ref;
use crate::words::{Words, clock};
use std::fmt::Write as _;

/// The SVG's width, and the legend panel's to the right of the map.
const WIDTH: f64 = 1040.0;
const PANEL: f64 = 220.0;
const PAD: f64 = 16.0;
/// The map's greatest height, px.
const MAX_MAP_H: f64 = 640.0;
/// A row of the time legend, px.
const ROW: f64 = 18.0;

/// The map's projection: metres (y north) to the SVG (y down).
pub(super) struct View {
    pub(super) lo: Point,
    pub(super) scale: f64,
    /// The map's box on the SVG: left, top, width, height.
    pub(super) x: f64,
    pub(super) y: f64,
    pub(super) w: f64,
    pub(super) h: f64,
}

impl View {
    pub(super) fn at(&self, p: Point) -> (f64, f64) {
        (
            self.x + (p.0 - self.lo.0) * self.scale,
            self.y + self.h - (p.1 - self.lo.1) * self.scale,
        )
    }

    pub(super) fn line(&self, pts: &[Point]) -> String {
        pts.iter()
            .map(|&p| {
                let (x, y) = self.at(p);
                format!("{x:.1},{y:.1}")
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// An SVG path of closed rings (each ring's last point its first).
    fn rings(&self, rings: &[Vec<Point>]) -> String {
        let mut d = String::new();
        for ring in rings {
            let open = match ring.split_last() {
                Some((last, rest)) if Some(last) == ring.first() => rest,
                _ => ring.as_slice(),
            };
            for (k, &p) in open.iter().enumerate() {
                let (x, y) = self.at(p);
                let _ = write!(d, "{}{x:.1},{y:.1}", if k == 0 { "M" } else { "L" });
            }
            if !open.is_empty() {
                d.push('Z');
            }
        }
        d
    }
}

/// The isochrone colour at `f` in [0, 1]: yellow, through orange, to dark red.
pub(super) fn ramp(f: f64) -> String {
    const STOPS: [(f64, f64, f64); 3] =
        [(255.0, 214.0, 0.0), (239.0, 108.0, 0.0), (110.0, 0.0, 0.0)];
    let f = if f.is_finite() {
        f.clamp(0.0, 1.0)
    } else {
        1.0
    };
    let (a, b, s) = if f <= 0.5 {
        (STOPS[0], STOPS[1], f * 2.0)
    } else {
        (STOPS[1], STOPS[2], f * 2.0 - 1.0)
    };
    let mix = |x: f64, y: f64| (x + (y - x) * s).round() as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(a.0, b.0),
        mix(a.1, b.1),
        mix(a.2, b.2)
    )
}

/// "1:04:22（起火后 40 分）" / "1:04:22 (+40 min)".
fn when(t_s: f64, since_s: Option<f64>) -> Text {
    match since_s {
        Some(s) => {
            let min = ((t_s - s) / 60.0).max(0.0);
            Text {
                zh: format!("{}（起火后 {min:.0} 分）", clock(t_s)),
                en: format!("{} (+{min:.0} min)", clock(t_s)),
            }
        }
        None => Text {
            zh: clock(t_s),
            en: clock(t_s),
        },
    }
}

/// What the front reached, in words: a named place or shelter by its name (from the scenario,
/// when at hand), anything else by its kind and id.
fn reached_name(what: &SiteRef, terrain: Option<&Terrain>) -> Text {
    let id = site_ref(what);
    let kind = |zh: &str, en: &str, name: Option<&Text>| Text {
        zh: format!("{zh}：{}", name.map_or(id.as_str(), |n| n.zh.as_str())),
        en: format!("{en}: {}", name.map_or(id.as_str(), |n| n.en.as_str())),
    };
    match what {
        SiteRef::House(_) => kind("房屋", "house", None),
        SiteRef::Road(_) => kind("道路", "road", None),
        SiteRef::River(_) => kind("河流", "river", None),
        SiteRef::Levee(_) => kind("堤防", "levee", None),
        SiteRef::Place(p) => kind(
            "地点",
            "place",
            terrain
                .and_then(|t| t.places.iter().find(|x| &x.id == p))
                .map(|x| &x.name),
        ),
        SiteRef::Shelter(s) => kind(
            "避险场所",
            "shelter",
            terrain
                .and_then(|t| t.shelters.iter().find(|x| &x.id == s))
                .map(|x| &x.name),
        ),
        SiteRef::Space(_)
        | SiteRef::Door(_)
        | SiteRef::Stair(_)
        | SiteRef::Lift(_)
        | SiteRef::Exit(_)
        | SiteRef::AssemblyArea(_)
        | SiteRef::Point(..) => Text {
            zh: id.clone(),
            en: id.clone(),
        },
    }
}

/// Text with a white halo, readable over the lines beneath.
const HALO: &str =
    r##"stroke="#fff" stroke-width="3" stroke-linejoin="round" paint-order="stroke""##;

pub(super) fn fire_map(h: &mut String, i: &Inputs, m: &FireMap) {
    section(
        h,
        "fire",
        "4.1 火场图：火线推进",
        "4.1 Fire map: how the front advanced",
    );
    let since = m.first_start_s();
    let n = m.isochrones.len();
    let (v, whole) = views(m);
    let (zoom_zh, zoom_en) = if whole.is_some() {
        (
            "火场远小于地形，图中放大显示；右下角小图为全图及放大范围。",
            " The fire is much smaller than the terrain, so the map is enlarged on it; the small map at the lower right is the whole terrain with the enlarged area boxed.",
        )
    } else {
        ("", "")
    };
    sub(
        h,
        &format!(
            "北向上。彩色线为各次火情记录时的火场边界（等时线，共 {n} 条），由黄（早）到深红（晚）；浅红色为最后一次记录时的过火范围。红色圆点为起火点，橙色菱形为飞火，蓝色编号为火线到达之处（见下表）。{zoom_zh}"
        ),
        &format!(
            "North is up. The coloured lines are the fire's boundary at each growth report ({n} {}), from yellow (early) to dark red (late); the pale red area had burned by the last one. The red dot is the ignition, an orange diamond a spot fire, the blue numbers where the front reached something (see the table below).{zoom_en}",
            if n == 1 { "isochrone" } else { "isochrones" }
        ),
    );
    if has_crew(m) {
        sub(
            h,
            "扑火队员：黑色粗线为已建成的防火隔离带；三角形为瞭望哨（空心：看不到火线）；小方块为依托点（红框：不安全）；带叉圆点为扑火位置（红：火头，橙：火翼，青：火尾），角标为人数；绿色箭头为撤离方向（指向避险区）；黑色十字为死亡、红色十字为烧伤，标在日志最后记录其所在的位置。",
            "The crew: the thick dark line is the fireline built; a triangle a lookout post (hollow: the front not in sight); a small square an anchor (red outline: not safe); a circle with a cross where the crew attacked (red: the head, orange: a flank, teal: the back), its badge how many; a green arrow an escape, toward the refuge; a black cross where someone was killed and a red one burned, at the last place the journal puts them.",
        );
    }
    let terrain = match i.scenario.map(|s| &s.site) {
        Some(Site::Terrain(t)) => Some(t),
        Some(Site::Building(_)) | None => None,
    };
    let svg_h = v.y + v.h + 44.0;
    let _ = write!(
        h,
        r##"<div class="map"><svg viewBox="0 0 {WIDTH:.0} {svg_h:.0}" role="img" aria-label="fire map"><defs><clipPath id="fire-clip"><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}"/></clipPath></defs><rect x="{0:.1}" y="{1:.1}" width="{2:.1}" height="{3:.1}" fill="#f4f1e8"/><g clip-path="url(#fire-clip)">"##,
        v.x, v.y, v.w, v.h
    );
    if let Some(t) = terrain {
        basemap(h, &v, t);
    }
    burned(h, &v, m);
    for (k, iso) in m.isochrones.iter().enumerate() {
        let last = k + 1 == n;
        let w = when(iso.t_s, since);
        let _ = write!(
            h,
            r##"<path class="iso" d="{}" fill="none" stroke="{}" stroke-width="{}" stroke-linejoin="round"><title>{} / {} — {:.1} ha</title></path>"##,
            v.rings(&iso.rings),
            ramp(fraction(k, n)),
            if last { "2.6" } else { "1.5" },
            esc(&w.zh),
            esc(&w.en),
            iso.area_ha
        );
    }
    fireline(h, &v, m);
    h.push_str("</g>");
    let _ = write!(
        h,
        r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="none" stroke="#78909c"/>"##,
        v.x, v.y, v.w, v.h
    );
    // The crew's markers are placed first, drawn later: the escapes beneath stop short of them.
    let mut placed = Placed::default();
    if let Some(f) = &m.fireline {
        let pts: Vec<(f64, f64)> = f.points.iter().map(|&p| v.at(p)).collect();
        placed.line(&pts, 3.0);
    }
    let mut crew = String::new();
    crew_markers(&mut crew, &v, m, i, &mut placed);
    escapes(h, &v, m, i, terrain, &placed);
    starts(h, &v, m);
    h.push_str(&crew);
    reached_markers(h, &v, m, &mut placed);
    north_arrow(h, &v);
    scale_bar(h, &v);
    let inset_top = whole.as_ref().map_or(v.y + v.h, |w| w.y - 22.0);
    legend_panel(h, &v, m, inset_top);
    if let Some(w) = &whole {
        overview(h, w, &v, m, terrain);
    }
    h.push_str("</svg></div>");
    let _ = write!(
        h,
        r##"<div class="legend"><span><svg width="16" height="12" viewBox="0 0 16 12" aria-hidden="true"><circle cx="8" cy="6" r="5" fill="#c62828" stroke="#fff"/></svg>{}</span><span><svg width="16" height="12" viewBox="0 0 16 12" aria-hidden="true"><path d="M8,0 L14,6 L8,12 L2,6 Z" fill="#ff8f00" stroke="#fff"/></svg>{}</span><span><svg width="16" height="12" viewBox="0 0 16 12" aria-hidden="true"><circle cx="8" cy="6" r="5.5" fill="#0b5cad"/></svg>{}</span><span><i style="background:#ff7043;opacity:.4"></i>{}</span>{}</div>"##,
        bi2("起火点", "ignition"),
        bi2("飞火", "spot fire"),
        bi2(
            "火线到达（编号见下表）",
            "reached by the front (numbered, see the table)"
        ),
        bi2("过火范围（最后一次记录）", "burned by the last report"),
        crew_legend(m) + &terrain.map_or_else(String::new, basemap_legend),
    );
    reached_table(h, m, since, terrain);
    crew_table(h, i, m, since, terrain);
    h.push_str("</section>");
}

/// Where isochrone `k` of `n` lies on the colour ramp.
fn fraction(k: usize, n: usize) -> f64 {
    if n > 1 {
        k as f64 / (n - 1) as f64
    } else {
        1.0
    }
}

/// The main map's view, and the whole terrain's small one where the main map is enlarged on
/// the fire (a fire within three quarters of the terrain's width and height).
fn views(m: &FireMap) -> (View, Option<View>) {
    let (lo, hi) = m.frame_m();
    let mut bx = (lo, hi);
    if let Some((clo, chi)) = m.content_m() {
        let size = (chi.0 - clo.0).max(chi.1 - clo.1);
        let margin = (0.3 * size).max(200.0);
        let (mut x0, mut y0, mut x1, mut y1) = (
            clo.0 - margin,
            clo.1 - margin,
            chi.0 + margin,
            chi.1 + margin,
        );
        // Between square and 7:5 (wider than tall), about the room beside the legend.
        let (w, ht) = (x1 - x0, y1 - y0);
        if w > 1.4 * ht {
            let grow = (w / 1.4 - ht) / 2.0;
            (y0, y1) = (y0 - grow, y1 + grow);
        } else if w < ht {
            let grow = (ht - w) / 2.0;
            (x0, x1) = (x0 - grow, x1 + grow);
        }
        // Within the terrain: shifted in, and no larger than it.
        let fit = |a: f64, b: f64, min: f64, max: f64| {
            let len = (b - a).min(max - min);
            let a = a.max(min).min(max - len);
            (a, a + len)
        };
        (x0, x1) = fit(x0, x1, lo.0, hi.0);
        (y0, y1) = fit(y0, y1, lo.1, hi.1);
        if x1 - x0 < 0.75 * (hi.0 - lo.0) && y1 - y0 < 0.75 * (hi.1 - lo.1) {
            bx = ((x0, y0), (x1, y1));
        }
    }
    let zoomed = bx != (lo, hi);
    let (fw, fh) = ((bx.1.0 - bx.0.0).max(1.0), (bx.1.1 - bx.0.1).max(1.0));
    let map_w = WIDTH - PANEL - 3.0 * PAD;
    let scale = (map_w / fw).min(MAX_MAP_H / fh);
    let v = View {
        lo: bx.0,
        scale,
        x: PAD,
        y: PAD,
        w: fw * scale,
        h: fh * scale,
    };
    let whole = zoomed.then(|| {
        let (ew, eh) = ((hi.0 - lo.0).max(1.0), (hi.1 - lo.1).max(1.0));
        let s = ((PANEL - 20.0) / ew).min(150.0 / eh);
        View {
            lo,
            scale: s,
            x: v.x + v.w + 2.0 * PAD,
            y: v.y + v.h - eh * s,
            w: ew * s,
            h: eh * s,
        }
    });
    (v, whole)
}

/// What had burned by the last report, pale beneath the lines.
fn burned(h: &mut String, v: &View, m: &FireMap) {
    if let Some(last) = m.isochrones.last() {
        let _ = write!(
            h,
            r##"<path d="{}" fill="#ff7043" fill-opacity=".16" fill-rule="evenodd" stroke="none"/>"##,
            v.rings(&last.rings)
        );
    }
}

/// The whole terrain, small, with the main map's box on it.
fn overview(h: &mut String, w: &View, main: &View, m: &FireMap, terrain: Option<&Terrain>) {
    let (ew, eh) = (w.w / w.scale, w.h / w.scale);
    h.push_str(&svg_bi(
        w.x,
        w.y - 6.0,
        r##"font-size="12" fill="#5b6673""##,
        &format!("全图 {:.1} × {:.1} km", ew / 1000.0, eh / 1000.0),
        &format!("Whole terrain {:.1} × {:.1} km", ew / 1000.0, eh / 1000.0),
    ));
    let _ = write!(
        h,
        r##"<g class="overview"><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="#f4f1e8" stroke="#78909c"/>"##,
        w.x, w.y, w.w, w.h
    );
    if let Some(t) = terrain {
        for r in &t.roads {
            let _ = write!(
                h,
                r##"<polyline points="{}" fill="none" stroke="#bdbdbd" stroke-width="1"/>"##,
                w.line(&r.points)
            );
        }
    }
    if let Some(last) = m.isochrones.last() {
        let _ = write!(
            h,
            r##"<path d="{}" fill="#e64a19" fill-opacity=".8" fill-rule="evenodd" stroke="#6e0000" stroke-width=".8"/>"##,
            w.rings(&last.rings)
        );
    }
    let (x0, y1) = w.at(main.lo);
    let (x1, y0) = w.at((
        main.lo.0 + main.w / main.scale,
        main.lo.1 + main.h / main.scale,
    ));
    let _ = write!(
        h,
        r##"<rect x="{x0:.1}" y="{y0:.1}" width="{:.1}" height="{:.1}" fill="none" stroke="#1d2733" stroke-width="1.5"/></g>"##,
        x1 - x0,
        y1 - y0
    );
}

/// The legend of what the base map shows.
pub(super) fn basemap_legend(t: &Terrain) -> String {
    [
        (!t.roads.is_empty(), "background:#bdbdbd", "道路", "roads"),
        (!t.rivers.is_empty(), "background:#90caf9", "河流", "rivers"),
        (!t.houses.is_empty(), "background:#8d6e63", "房屋", "houses"),
        (
            !t.shelters.is_empty(),
            "background:#c8e6c9;border:1px solid #2e7d32",
            "避险场所",
            "shelters",
        ),
    ]
    .into_iter()
    .filter(|(shown, ..)| *shown)
    .map(|(_, style, zh, en)| format!(r#"<span><i style="{style}"></i>{}</span>"#, bi2(zh, en)))
    .collect()
}

/// The scenario's terrain, faint: rivers, roads, shelters, houses.
pub(super) fn basemap(h: &mut String, v: &View, t: &Terrain) {
    for r in &t.rivers {
        let _ = write!(
            h,
            r##"<polyline points="{}" fill="none" stroke="#90caf9" stroke-width="{:.1}" stroke-linecap="round"/>"##,
            v.line(&r.centerline),
            (r.width_m * v.scale).max(2.0)
        );
    }
    for r in &t.roads {
        let _ = write!(
            h,
            r##"<polyline points="{}" fill="none" stroke="#bdbdbd" stroke-width="{:.1}" stroke-linejoin="round"/>"##,
            v.line(&r.points),
            (r.width_m * v.scale).max(1.5)
        );
    }
    for s in &t.shelters {
        let _ = write!(
            h,
            r##"<polygon points="{}" fill="#c8e6c9" stroke="#2e7d32" stroke-width="1"><title>{} / {}</title></polygon>"##,
            v.line(&s.polygon),
            esc(&s.name.zh),
            esc(&s.name.en)
        );
    }
    for x in &t.houses {
        let (cx, cy) = v.at(x.at);
        let (hw, hh) = (
            (x.footprint_m.0 * v.scale).max(4.0),
            (x.footprint_m.1 * v.scale).max(4.0),
        );
        let _ = write!(
            h,
            r##"<rect x="{:.1}" y="{:.1}" width="{hw:.1}" height="{hh:.1}" fill="#8d6e63"><title>{}</title></rect>"##,
            cx - hw / 2.0,
            cy - hh / 2.0,
            esc(&x.id)
        );
    }
}

/// The north arrow, in the map's north-east corner.
pub(super) fn north_arrow(h: &mut String, v: &View) {
    let (cx, cy) = (v.x + v.w - 28.0, v.y + 30.0);
    let _ = write!(
        h,
        r##"<g class="north"><circle cx="{cx:.1}" cy="{:.1}" r="22" fill="#fff" fill-opacity=".85" stroke="#b0bec5"/><path d="M{cx:.1},{:.1} L{:.1},{:.1} L{cx:.1},{:.1} Z" fill="#1d2733"/><path d="M{cx:.1},{:.1} L{:.1},{:.1} L{cx:.1},{:.1} Z" fill="#fff" stroke="#1d2733"/></g>"##,
        cy + 2.0,
        cy - 16.0,
        cx + 7.0,
        cy + 6.0,
        cy + 1.0,
        cy - 16.0,
        cx - 7.0,
        cy + 6.0,
        cy + 1.0,
    );
    h.push_str(&svg_bi(
        cx,
        cy + 19.0,
        r##"font-size="11" font-weight="700" text-anchor="middle" fill="#1d2733""##,
        "北",
        "N",
    ));
}

/// The ignitions (red dots) and spot fires (orange diamonds), each labelled with its time
/// beside the burned area, on the side it is on, with a leader line.
fn starts(h: &mut String, v: &View, m: &FireMap) {
    // The burned area's box on the map, px.
    let fire_box = m.isochrones.last().and_then(|last| {
        let pts: Vec<(f64, f64)> = last.rings.iter().flatten().map(|&p| v.at(p)).collect();
        let first = *pts.first()?;
        Some(pts.iter().fold((first, first), |(lo, hi), p| {
            (
                (lo.0.min(p.0), lo.1.min(p.1)),
                (hi.0.max(p.0), hi.1.max(p.1)),
            )
        }))
    });
    let mut taken: Vec<(bool, f64)> = Vec::new();
    for s in &m.starts {
        let (x, y) = v.at(s.at);
        let (zh, en) = if s.spot {
            let _ = write!(
                h,
                r##"<path class="spot" d="M{x:.1},{:.1} L{:.1},{y:.1} L{x:.1},{:.1} L{:.1},{y:.1} Z" fill="#ff8f00" stroke="#fff" stroke-width="1.5"/>"##,
                y - 8.0,
                x + 8.0,
                y + 8.0,
                x - 8.0
            );
            ("飞火", "Spot fire")
        } else {
            let _ = write!(
                h,
                r##"<circle class="ignition" cx="{x:.1}" cy="{y:.1}" r="6.5" fill="#c62828" stroke="#fff" stroke-width="2"/>"##
            );
            ("起火点", "Ignition")
        };
        // East of the fire's middle: the label east of the burned area; else west. Where that
        // leaves no room on the map, beside the marker.
        let (right, mut lx) = match fire_box {
            Some(((x0, _), (x1, _))) if x >= (x0 + x1) / 2.0 && x1 + 130.0 < v.x + v.w => {
                (true, x1 + 16.0)
            }
            Some(((x0, _), (x1, _))) if x < (x0 + x1) / 2.0 && x0 - 130.0 > v.x => {
                (false, x0 - 16.0)
            }
            _ => {
                let right = x < v.x + v.w - 130.0;
                (right, if right { x + 11.0 } else { x - 11.0 })
            }
        };
        if (right && lx < x + 11.0) || (!right && lx > x - 11.0) {
            lx = if right { x + 11.0 } else { x - 11.0 };
        }
        // One label per 16 px on each side.
        let mut ly = y.clamp(v.y + 14.0, v.y + v.h - 6.0);
        while taken
            .iter()
            .any(|&(side, t)| side == right && (t - ly).abs() < 16.0)
        {
            ly += 16.0;
        }
        taken.push((right, ly));
        if (lx - x).abs() > 12.0 || (ly - y).abs() > 1.0 {
            let _ = write!(
                h,
                r##"<line x1="{:.1}" y1="{y:.1}" x2="{:.1}" y2="{:.1}" stroke="#7f0000" stroke-width=".8"/>"##,
                if right { x + 8.0 } else { x - 8.0 },
                if right { lx - 3.0 } else { lx + 3.0 },
                ly - 4.0
            );
        }
        h.push_str(&svg_bi(
            lx,
            ly,
            &format!(
                r##"font-size="12" font-weight="700" fill="#7f0000" text-anchor="{}" {HALO}"##,
                if right { "start" } else { "end" }
            ),
            &format!("{zh} {}", clock(s.t_s)),
            &format!("{en} {}", clock(s.t_s)),
        ));
    }
}

/// A numbered blue marker where the front reached each thing (the table below says what);
/// markers that would overlap one another or the crew's are moved aside, a leader line to their
/// point.
fn reached_markers(h: &mut String, v: &View, m: &FireMap, placed: &mut Placed) {
    for (k, r) in m.reached.iter().enumerate() {
        let Some(at) = r.at else {
            continue;
        };
        let (px, py) = v.at(at);
        let (x, y) = placed.aside((px, py), 8.0);
        let _ = write!(
            h,
            r##"<g class="reached"><title>{} {}</title>"##,
            esc(&site_ref(&r.what)),
            clock(r.t_s)
        );
        leader(h, (px, py), (x, y), "#0b5cad");
        let _ = write!(
            h,
            r##"<circle cx="{x:.1}" cy="{y:.1}" r="8" fill="#0b5cad" stroke="#fff" stroke-width="1.5"/><text x="{x:.1}" y="{:.1}" font-size="10" font-weight="700" text-anchor="middle" fill="#fff">{}</text></g>"##,
            y + 3.5,
            k + 1
        );
    }
}

/// A scale bar under the map's south-west corner.
pub(super) fn scale_bar(h: &mut String, v: &View) {
    let m = nice_step(v.w / v.scale / 4.0, 1.0);
    let len = m * v.scale;
    let (x, y) = (v.x, v.y + v.h + 20.0);
    let km = |d: f64| {
        if m >= 1000.0 {
            format!("{}", d / 1000.0)
        } else {
            format!("{d}")
        }
    };
    let unit = if m >= 1000.0 { " km" } else { " m" };
    let _ = write!(
        h,
        r##"<g class="scale"><rect x="{x:.1}" y="{:.1}" width="{:.1}" height="5" fill="#fff" stroke="#455a64"/><rect x="{x:.1}" y="{:.1}" width="{:.1}" height="5" fill="#455a64"/><text x="{x:.1}" y="{:.1}" font-size="11" text-anchor="middle" fill="#455a64">0</text><text x="{:.1}" y="{:.1}" font-size="11" text-anchor="middle" fill="#455a64">{}</text><text x="{:.1}" y="{:.1}" font-size="11" text-anchor="middle" fill="#455a64">{}{unit}</text></g>"##,
        y - 5.0,
        len,
        y - 5.0,
        len / 2.0,
        y + 13.0,
        x + len / 2.0,
        y + 13.0,
        km(m / 2.0),
        x + len + 6.0,
        y + 13.0,
        km(m),
    );
}

/// Beside the map: a row per isochrone (its colour and time), thinned evenly to the room above
/// `bottom` (the last always shown).
fn legend_panel(h: &mut String, v: &View, m: &FireMap, bottom: f64) {
    let x = v.x + v.w + 2.0 * PAD;
    let n = m.isochrones.len();
    let mut y = v.y + 12.0;
    h.push_str(&svg_bi(
        x,
        y,
        r##"font-size="13" font-weight="700" fill="#1d2733""##,
        "火线位置（演练时间）",
        "Front at (drill time)",
    ));
    y += 6.0;
    let rows_fit = (((bottom - y) / ROW).floor() as usize)
        .saturating_sub(1)
        .max(6);
    let stride = n.div_ceil(rows_fit).max(1);
    let shown: Vec<usize> = (0..n)
        .filter(|k| (n - 1 - k).is_multiple_of(stride))
        .collect();
    let since = m.first_start_s();
    for &k in &shown {
        let iso = &m.isochrones[k];
        y += ROW;
        let _ = write!(
            h,
            r##"<line x1="{x:.1}" x2="{:.1}" y1="{ly:.1}" y2="{ly:.1}" stroke="{}" stroke-width="{}"/>"##,
            x + 22.0,
            ramp(fraction(k, n)),
            if k + 1 == n { "3.5" } else { "2.5" },
            ly = y - 4.0,
        );
        let w = when(iso.t_s, since);
        h.push_str(&svg_bi(
            x + 28.0,
            y,
            r##"font-size="12" fill="#1d2733""##,
            &w.zh,
            &w.en,
        ));
    }
    if shown.len() < n {
        y += ROW;
        h.push_str(&svg_bi(
            x,
            y,
            r##"font-size="11" fill="#5b6673""##,
            &format!("（共 {n} 条，每 {stride} 条标注一条）"),
            &format!("({n} lines, one in {stride} labelled)"),
        ));
    }
}

/// What the front reached: number (as on the map), what, when, flame length and spread there.
fn reached_table(h: &mut String, m: &FireMap, since: Option<f64>, terrain: Option<&Terrain>) {
    if m.reached.is_empty() {
        let _ = write!(
            h,
            r#"<p class="sub">{}</p>"#,
            bi2(
                "火线未到达任何房屋、道路、地点或避险场所。",
                "The front reached no house, road, place or shelter."
            )
        );
        return;
    }
    let _ = write!(
        h,
        r#"<h3>{}</h3><table><tr><th class="num">#</th><th>{}</th><th>{}</th><th class="num">{}</th><th class="num">{}</th></tr>"#,
        bi2("火线到达", "Reached by the front"),
        bi2("何处", "What"),
        bi2("时间", "When"),
        bi2("火焰长度", "Flame length"),
        bi2("蔓延速度", "Spread rate"),
    );
    for (k, r) in m.reached.iter().enumerate() {
        let Reached {
            t_s,
            what,
            at,
            flame_length_m,
            ros_m_per_min,
        } = r;
        let _ = write!(
            h,
            r#"<tr><td class="num">{}</td><td>{}</td><td>{}</td><td class="num">{flame_length_m:.1} m</td><td class="num">{ros_m_per_min:.1} m/min</td></tr>"#,
            if at.is_some() {
                (k + 1).to_string()
            } else {
                "–".into()
            },
            bi(&reached_name(what, terrain)),
            bi(&when(*t_s, since)),
        );
    }
    h.push_str("</table>");
}

mod crew;
use crew::{Placed, crew_legend, crew_markers, crew_table, escapes, fireline, has_crew, leader};
