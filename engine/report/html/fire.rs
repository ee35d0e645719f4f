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
struct View {
    lo: Point,
    scale: f64,
    /// The map's box on the SVG: left, top, width, height.
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl View {
    fn at(&self, p: Point) -> (f64, f64) {
        (
            self.x + (p.0 - self.lo.0) * self.scale,
            self.y + self.h - (p.1 - self.lo.1) * self.scale,
        )
    }

    fn line(&self, pts: &[Point]) -> String {
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
fn basemap_legend(t: &Terrain) -> String {
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
fn basemap(h: &mut String, v: &View, t: &Terrain) {
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
fn north_arrow(h: &mut String, v: &View) {
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
fn scale_bar(h: &mut String, v: &View) {
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

// ---------------------------------------------------------------------------------------------
// The crew at the fire

/// Where markers stand on the map, px (centre, radius): a new one that would overlap one is
/// moved aside.
#[derive(Default)]
struct Placed(Vec<(f64, f64, f64)>);

impl Placed {
    /// Around a point: where a marker that overlaps goes, nearest first, in up to three rings.
    const OFFSETS: [(f64, f64); 9] = [
        (0.0, 0.0),
        (0.0, -20.0),
        (18.0, -14.0),
        (-18.0, -14.0),
        (20.0, 0.0),
        (-20.0, 0.0),
        (0.0, 20.0),
        (18.0, 14.0),
        (-18.0, 14.0),
    ];

    fn free(&self, q: (f64, f64), r: f64) -> bool {
        self.0
            .iter()
            .all(|&(x, y, pr)| (x - q.0).powi(2) + (y - q.1).powi(2) >= (r + pr + 1.0).powi(2))
    }

    /// A marker of radius `r` exactly at `p`.
    fn at(&mut self, p: (f64, f64), r: f64) {
        self.0.push((p.0, p.1, r));
    }

    /// A marker of radius `r` for `p`: there if free, else the nearest free place around it,
    /// in up to three rings, wider for wider markers (there, where none is free).
    fn aside(&mut self, p: (f64, f64), r: f64) -> (f64, f64) {
        let spread = (r + 12.0) / 20.0;
        let q = (1..=3)
            .flat_map(|ring| {
                let reach = f64::from(ring) * spread;
                Self::OFFSETS
                    .iter()
                    .map(move |&(dx, dy)| (p.0 + reach * dx, p.1 + reach * dy))
            })
            .find(|&q| self.free(q, r))
            .unwrap_or(p);
        self.at(q, r);
        q
    }

    /// A line's points every few pixels, so that markers keep off it.
    fn line(&mut self, pts: &[(f64, f64)], r: f64) {
        for w in pts.windows(2) {
            let (a, b) = (w[0], w[1]);
            let n = (libm::hypot(b.0 - a.0, b.1 - a.1) / r).ceil().max(1.0);
            for k in 0..=n as usize {
                let f = k as f64 / n;
                self.at((a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f), r);
            }
        }
    }
}

/// A leader line from a point to its marker moved aside, and a dot at the point.
fn leader(h: &mut String, (px, py): (f64, f64), (x, y): (f64, f64), colour: &str) {
    if (x, y) != (px, py) {
        let _ = write!(
            h,
            r##"<line x1="{px:.1}" y1="{py:.1}" x2="{x:.1}" y2="{y:.1}" stroke="{colour}" stroke-width="1"/><circle cx="{px:.1}" cy="{py:.1}" r="2" fill="{colour}"/>"##
        );
    }
}

/// A count on a marker's upper right (none for one).
fn badge(h: &mut String, (x, y): (f64, f64), n: usize) {
    if n > 1 {
        let _ = write!(
            h,
            r##"<circle cx="{:.1}" cy="{:.1}" r="6.5" fill="#fff" stroke="#1d2733" stroke-width="1"/><text x="{0:.1}" y="{:.1}" font-size="9" font-weight="700" text-anchor="middle" fill="#1d2733">{n}</text>"##,
            x + 8.0,
            y - 8.0,
            y - 4.9,
        );
    }
}

/// Whether the map has anything of the crew's or of people hurt.
fn has_crew(m: &FireMap) -> bool {
    !(m.lookouts.is_empty()
        && m.anchors.is_empty()
        && m.attacks.is_empty()
        && m.fireline.is_none()
        && m.escapes.is_empty()
        && m.harm.is_empty()
        && m.smoke.is_empty())
}

/// A person's name (the scenario's, when at hand), else their id.
fn who_name(i: &Inputs, id: &str) -> Text {
    i.scenario
        .and_then(|s| s.participants.iter().find(|p| p.id == id))
        .map_or_else(
            || Text {
                zh: id.into(),
                en: id.into(),
            },
            |p| p.name.clone(),
        )
}

/// A refuge's name (the scenario's shelter, when at hand), else its id.
fn refuge_name(id: &str, terrain: Option<&Terrain>) -> Text {
    terrain
        .and_then(|t| t.shelters.iter().find(|s| s.id == id))
        .map_or_else(
            || Text {
                zh: id.into(),
                en: id.into(),
            },
            |s| s.name.clone(),
        )
}

/// A sector of the fire's edge in words, and its colour on the map.
fn sector_words(s: FireSector) -> (&'static str, &'static str, &'static str) {
    match s {
        FireSector::Head => ("火头", "head", "#c62828"),
        FireSector::Flank => ("火翼", "flank", "#ef6c00"),
        FireSector::Back => ("火尾", "back", "#00897b"),
    }
}

/// The fireline as the last report left it: a thick dark line on a white casing.
fn fireline(h: &mut String, v: &View, m: &FireMap) {
    let Some(f) = m.fireline.as_ref().filter(|f| f.points.len() >= 2) else {
        return;
    };
    let pts = v.line(&f.points);
    let _ = write!(
        h,
        r##"<polyline points="{pts}" fill="none" stroke="#fff" stroke-width="7.5" stroke-linecap="round" stroke-linejoin="round"/><polyline class="fireline" points="{pts}" fill="none" stroke="#1d2733" stroke-width="4.5" stroke-linecap="round" stroke-linejoin="round"><title>防火隔离带 {:.0} m（{}） / Fireline {0:.0} m ({1})</title></polyline>"##,
        f.length_m,
        clock(f.t_s),
    );
}

/// Each escape, a green arrow from where they set off to the refuge's centre, its head short of
/// any marker there (people setting off within a few pixels of one another for the same refuge
/// share one).
fn escapes(
    h: &mut String,
    v: &View,
    m: &FireMap,
    i: &Inputs,
    terrain: Option<&Terrain>,
    placed: &Placed,
) {
    const GREEN: &str = "#2e7d32";
    let mut groups: Vec<((f64, f64), &str, Vec<usize>)> = Vec::new();
    for (k, e) in m.escapes.iter().enumerate() {
        let p = v.at(e.from);
        match groups
            .iter_mut()
            .find(|(q, r, _)| *r == e.refuge && (q.0 - p.0).powi(2) + (q.1 - p.1).powi(2) <= 36.0)
        {
            Some(g) => g.2.push(k),
            None => groups.push((p, &e.refuge, vec![k])),
        }
    }
    if groups.is_empty() {
        return;
    }
    h.push_str(r#"<g clip-path="url(#fire-clip)">"#);
    for ((x0, y0), refuge, ks) in &groups {
        let (x0, y0) = (*x0, *y0);
        let e = &m.escapes[ks[0]];
        let (mut x1, mut y1) = v.at(e.to());
        // A refuge a few pixels off: a short arrow its way.
        if ((x1 - x0).powi(2) + (y1 - y0).powi(2)).sqrt() < 24.0 {
            let b = e.bearing_deg.to_radians();
            (x1, y1) = (x0 + 24.0 * libm::sin(b), y0 - 24.0 * libm::cos(b));
        }
        let len = ((x1 - x0).powi(2) + (y1 - y0).powi(2)).sqrt().max(1e-9);
        let (ux, uy) = ((x1 - x0) / len, (y1 - y0) / len);
        // Back off a marker at the refuge, keeping 16 px of arrow.
        let mut back = 0.0;
        while back + 16.0 < len && !placed.free((x1 - back * ux, y1 - back * uy), 2.0) {
            back += 1.0;
        }
        (x1, y1) = (x1 - back * ux, y1 - back * uy);
        let (bx, by) = (x1 - 10.0 * ux, y1 - 10.0 * uy);
        let who: Vec<Text> = ks
            .iter()
            .map(|&k| {
                let w = who_name(i, &m.escapes[k].who);
                let t = clock(m.escapes[k].t_s);
                Text {
                    zh: format!("{} {t}", w.zh),
                    en: format!("{} {t}", w.en),
                }
            })
            .collect();
        let to = refuge_name(refuge, terrain);
        let _ = write!(
            h,
            r##"<g class="escape"><title>撤离至 {}：{} / Escape to {}: {}</title><line x1="{x0:.1}" y1="{y0:.1}" x2="{bx:.1}" y2="{by:.1}" stroke="{GREEN}" stroke-width="2.2"/><path d="M{x1:.1},{y1:.1} L{:.1},{:.1} L{:.1},{:.1} Z" fill="{GREEN}" stroke="#fff" stroke-width=".8"/></g>"##,
            esc(&to.zh),
            esc(&names(&who, "、", |t| &t.zh)),
            esc(&to.en),
            esc(&names(&who, ", ", |t| &t.en)),
            bx - 5.0 * uy,
            by + 5.0 * ux,
            bx + 5.0 * uy,
            by - 5.0 * ux,
        );
    }
    h.push_str("</g>");
}

/// The crew's markers: anchors and lookout posts where they are; attacks (by sector) and the
/// fire's burns and deaths (each person's worst, where the journal last placed them), those
/// close together as one marker with a count, moved aside where they would overlap.
fn crew_markers(h: &mut String, v: &View, m: &FireMap, i: &Inputs, placed: &mut Placed) {
    // Anchors: one per place and safety.
    let mut anchors: Vec<(&str, bool, Point, Vec<Text>)> = Vec::new();
    for a in &m.anchors {
        match anchors
            .iter_mut()
            .find(|(p, safe, ..)| *p == a.place && *safe == a.safe)
        {
            Some(x) => x.3.push(who_name(i, &a.who)),
            None => anchors.push((&a.place, a.safe, a.at, vec![who_name(i, &a.who)])),
        }
    }
    for (place, safe, at, who) in &anchors {
        let (x, y) = v.at(*at);
        placed.at((x, y), 6.0);
        let (szh, sen) = if *safe {
            ("安全", "safe")
        } else {
            ("不安全", "not safe")
        };
        let _ = write!(
            h,
            r##"<rect class="anchor" x="{:.1}" y="{:.1}" width="9" height="9" fill="{}" stroke="{}" stroke-width="{}"><title>依托点 {}（{szh}）：{} / Anchor {} ({sen}): {}</title></rect>"##,
            x - 4.5,
            y - 4.5,
            if *safe { "#37474f" } else { "#fff" },
            if *safe { "#fff" } else { "#d32f2f" },
            if *safe { "1.5" } else { "2.5" },
            esc(place),
            esc(&names(who, "、", |t| &t.zh)),
            esc(place),
            esc(&names(who, ", ", |t| &t.en)),
        );
    }
    for l in &m.lookouts {
        let (x, y) = v.at(l.at);
        placed.at((x, y), 8.0);
        let w = who_name(i, &l.who);
        let (szh, sen) = if l.sees_front {
            ("能看到火线", "sees the front")
        } else {
            ("看不到火线", "front not in sight")
        };
        let (fill, pupil) = if l.sees_front {
            ("#6a1b9a", "#fff")
        } else {
            ("#fff", "#6a1b9a")
        };
        let _ = write!(
            h,
            r##"<g class="lookout"><title>瞭望哨 {}：{}，{szh}（{}） / Lookout post {}: {}, {sen} ({})</title><path d="M{x:.1},{:.1} L{:.1},{:.1} L{:.1},{:.1} Z" fill="{fill}" stroke="#6a1b9a" stroke-width="2" stroke-linejoin="round"/><circle cx="{x:.1}" cy="{:.1}" r="2.2" fill="{pupil}"/></g>"##,
            esc(&l.place),
            esc(&w.zh),
            clock(l.t_s),
            esc(&l.place),
            esc(&w.en),
            clock(l.t_s),
            y - 9.0,
            x + 8.5,
            y + 6.0,
            x - 8.5,
            y + 6.0,
            y + 1.5,
        );
    }
    // Attacks: one marker per sector within 6 px.
    let mut groups: Vec<((f64, f64), FireSector, Vec<usize>)> = Vec::new();
    for (k, a) in m.attacks.iter().enumerate() {
        let p = v.at(a.facts.at);
        match groups.iter_mut().find(|(q, s, _)| {
            *s == a.facts.sector && (q.0 - p.0).powi(2) + (q.1 - p.1).powi(2) <= 36.0
        }) {
            Some(g) => g.2.push(k),
            None => groups.push((p, a.facts.sector, vec![k])),
        }
    }
    for (p, sector, ks) in &groups {
        let (zh, en, colour) = sector_words(*sector);
        let q = placed.aside(*p, if ks.len() > 1 { 11.0 } else { 8.0 });
        let who: Vec<Text> = ks
            .iter()
            .map(|&k| {
                let w = who_name(i, &m.attacks[k].who);
                let t = clock(m.attacks[k].t_s);
                Text {
                    zh: format!("{} {t}", w.zh),
                    en: format!("{} {t}", w.en),
                }
            })
            .collect();
        let _ = write!(
            h,
            r##"<g class="attack"><title>扑火（{zh}）：{} / Attack ({en}): {}</title>"##,
            esc(&names(&who, "、", |t| &t.zh)),
            esc(&names(&who, ", ", |t| &t.en)),
        );
        leader(h, *p, q, colour);
        let (x, y) = q;
        let _ = write!(
            h,
            r##"<circle cx="{x:.1}" cy="{y:.1}" r="7.5" fill="{colour}" stroke="#fff" stroke-width="1.5"/><path d="M{:.1},{:.1} L{:.1},{:.1} M{:.1},{:.1} L{:.1},{:.1}" stroke="#fff" stroke-width="1.8" stroke-linecap="round"/>"##,
            x - 3.5,
            y - 3.5,
            x + 3.5,
            y + 3.5,
            x + 3.5,
            y - 3.5,
            x - 3.5,
            y + 3.5,
        );
        badge(h, q, ks.len());
        h.push_str("</g>");
    }
    // Burns and deaths: each person's worst, where placed; one marker per kind within 6 px.
    let mut groups: Vec<((f64, f64), bool, Vec<Text>)> = Vec::new();
    for k in worst_harm(m) {
        let worst = &m.harm[k];
        let Some(at) = worst.at else {
            continue;
        };
        let p = v.at(at);
        let fatal = worst.severity == Some(Harm::Fatal);
        let w = who_name(i, &worst.who);
        let (szh, sen) = worst.severity.map_or(("烧伤", "burned"), |s| s.words());
        let t = clock(worst.t_s);
        let w = Text {
            zh: format!("{}（{szh}，{t}）", w.zh),
            en: format!("{} ({sen}, {t})", w.en),
        };
        match groups
            .iter_mut()
            .find(|(q, f, _)| *f == fatal && (q.0 - p.0).powi(2) + (q.1 - p.1).powi(2) <= 36.0)
        {
            Some(g) => g.2.push(w),
            None => groups.push((p, fatal, vec![w])),
        }
    }
    for (p, fatal, who) in &groups {
        let q = placed.aside(*p, if who.len() > 1 { 11.0 } else { 8.0 });
        let (zh, en, fill, ink) = if *fatal {
            ("死亡", "Killed", "#000", "#fff")
        } else {
            ("烧伤", "Burned", "#fff", "#d84315")
        };
        let _ = write!(
            h,
            r##"<g class="harm"><title>{zh}：{} / {en}: {}（日志最后记录的位置 / where the journal last placed them）</title>"##,
            esc(&names(who, "、", |t| &t.zh)),
            esc(&names(who, ", ", |t| &t.en)),
        );
        leader(h, *p, q, if *fatal { "#000" } else { "#d84315" });
        let (x, y) = q;
        let _ = write!(
            h,
            r##"<circle cx="{x:.1}" cy="{y:.1}" r="7.5" fill="{fill}" stroke="{}" stroke-width="1.5"/><path d="M{x:.1},{:.1} L{x:.1},{:.1} M{:.1},{:.1} L{:.1},{:.1}" stroke="{ink}" stroke-width="2" stroke-linecap="round"/>"##,
            if *fatal { "#fff" } else { "#d84315" },
            y - 4.5,
            y + 4.5,
            x - 3.5,
            y - 1.5,
            x + 3.5,
            y - 1.5,
        );
        badge(h, q, who.len());
        h.push_str("</g>");
    }
}

/// Names joined in one language.
fn names(who: &[Text], sep: &str, lang: impl Fn(&Text) -> &String) -> String {
    who.iter()
        .map(|t| lang(t).as_str())
        .collect::<Vec<_>>()
        .join(sep)
}

/// Each person the fire burned, in the order first burned: their worst burn (the first that
/// bad), as an index into `m.harm`.
fn worst_harm(m: &FireMap) -> Vec<usize> {
    let mut worst: Vec<usize> = Vec::new();
    for (k, x) in m.harm.iter().enumerate() {
        match worst.iter_mut().find(|w| m.harm[**w].who == x.who) {
            Some(w) if x.severity > m.harm[*w].severity => *w = k,
            Some(_) => {}
            None => worst.push(k),
        }
    }
    worst
}

/// The legend of the crew's symbols on the map, those it shows.
fn crew_legend(m: &FireMap) -> String {
    let icon = |body: &str| {
        format!(
            r##"<svg width="22" height="14" viewBox="0 0 22 14" style="vertical-align:-2px;margin-right:4px" aria-hidden="true">{body}</svg>"##
        )
    };
    let cross = |fill: &str, stroke: &str, ink: &str| {
        icon(&format!(
            r##"<circle cx="11" cy="7" r="6" fill="{fill}" stroke="{stroke}" stroke-width="1.2"/><path d="M11,3.2 L11,10.8 M8,5.8 L14,5.8" stroke="{ink}" stroke-width="1.8" stroke-linecap="round"/>"##
        ))
    };
    let worst = worst_harm(m);
    let placed = |fatal: bool| {
        worst
            .iter()
            .any(|&k| m.harm[k].at.is_some() && (m.harm[k].severity == Some(Harm::Fatal)) == fatal)
    };
    [
        (
            m.fireline.as_ref().is_some_and(|f| f.points.len() >= 2),
            icon(
                r##"<line x1="3" y1="7" x2="19" y2="7" stroke="#1d2733" stroke-width="4.5" stroke-linecap="round"/>"##,
            ),
            "防火隔离带",
            "fireline",
        ),
        (
            !m.lookouts.is_empty(),
            icon(
                r##"<path d="M6,1.5 L12,12 L0.5,12 Z" transform="translate(0.5 0)" fill="#6a1b9a" stroke="#6a1b9a" stroke-width="1.5" stroke-linejoin="round"/><path d="M16,1.5 L21,12 L11,12 Z" fill="#fff" stroke="#6a1b9a" stroke-width="1.5" stroke-linejoin="round"/>"##,
            ),
            "瞭望哨（空心：看不到火线）",
            "lookout post (hollow: front not in sight)",
        ),
        (
            !m.anchors.is_empty(),
            icon(
                r##"<rect x="2" y="3" width="8" height="8" fill="#37474f" stroke="#fff"/><rect x="12.5" y="3" width="8" height="8" fill="#fff" stroke="#d32f2f" stroke-width="2"/>"##,
            ),
            "依托点（红框：不安全）",
            "anchor (red outline: not safe)",
        ),
        (
            !m.attacks.is_empty(),
            icon(
                r##"<circle cx="4" cy="7" r="3.6" fill="#c62828"/><circle cx="11" cy="7" r="3.6" fill="#ef6c00"/><circle cx="18" cy="7" r="3.6" fill="#00897b"/>"##,
            ),
            "扑火位置：火头 / 火翼 / 火尾",
            "attack: head / flank / back",
        ),
        (
            !m.escapes.is_empty(),
            icon(
                r##"<line x1="1" y1="7" x2="13" y2="7" stroke="#2e7d32" stroke-width="2.2"/><path d="M21,7 L13,2.5 L13,11.5 Z" fill="#2e7d32"/>"##,
            ),
            "撤离（指向避险区）",
            "escape, toward the refuge",
        ),
        (placed(true), cross("#000", "#fff", "#fff"), "死亡", "killed"),
        (placed(false), cross("#fff", "#d84315", "#d84315"), "烧伤", "burned"),
    ]
    .into_iter()
    .filter(|(shown, ..)| *shown)
    .map(|(_, icon, zh, en)| format!("<span>{icon}{}</span>", bi2(zh, en)))
    .collect()
}

/// Under the map: the fireline, a row per attack (who, when, the sector, the flames, whether
/// the lookout saw the front and them, their escape routes), and a row per person the fire
/// burned or smoked (when, how badly, where the journal last placed them).
fn crew_table(
    h: &mut String,
    i: &Inputs,
    m: &FireMap,
    since: Option<f64>,
    terrain: Option<&Terrain>,
) {
    if !has_crew(m) {
        return;
    }
    let _ = write!(
        h,
        r#"<h3 id="fire-crew">{}</h3>"#,
        bi2("扑火队员火场情况", "Crew at the fire")
    );
    if let Some(f) = &m.fireline {
        let w = when(f.t_s, since);
        sub(
            h,
            &format!(
                "防火隔离带共建成 {:.0} m（最后记录于 {}）。",
                f.length_m, w.zh
            ),
            &format!(
                "Fireline built: {:.0} m (last reported {}).",
                f.length_m, w.en
            ),
        );
    }
    let yes_no = |b: bool| {
        if b {
            format!("<td>{}</td>", bi2("是", "yes"))
        } else {
            format!(r#"<td class="warn">{}</td>"#, bi2("否", "no"))
        }
    };
    let route_names = |routes: &[String]| {
        let routes: Vec<Text> = routes.iter().map(|r| refuge_name(r, terrain)).collect();
        Text {
            zh: names(&routes, "、", |t| &t.zh),
            en: names(&routes, ", ", |t| &t.en),
        }
    };
    // The same escape routes at every attack: named once, above the table.
    let shared_routes = m
        .attacks
        .first()
        .map(|a| &a.facts.escape_routes)
        .filter(|r| !r.is_empty() && m.attacks.iter().all(|a| a.facts.escape_routes == **r));
    if let Some(r) = shared_routes {
        let t = route_names(r);
        sub(
            h,
            &format!("每次扑火时的避险路线（{} 条）：{}。", r.len(), t.zh),
            &format!("Escape routes at every attack ({}): {}.", r.len(), t.en),
        );
    }
    if m.attacks.is_empty() {
        sub(h, "无人扑打火线。", "No one attacked the fire.");
    } else {
        let _ = write!(
            h,
            r#"<table class="crew"><tr><th>{}</th><th>{}</th><th>{}</th><th class="num">{}</th><th class="wrap">{}</th><th class="wrap">{}</th><th>{}</th><th>{}</th></tr>"#,
            bi2("扑火队员", "Who"),
            bi2("开始扑火", "Attacked at"),
            bi2("位置", "Sector"),
            bi2("火焰长度", "Flame length"),
            bi2("瞭望员看到火线", "Lookout sees the front"),
            bi2("瞭望员看到队员", "Lookout sees the crew"),
            bi2("避险路线", "Escape routes"),
            bi2("撤离", "Escaped"),
        );
        for (k, a) in m.attacks.iter().enumerate() {
            let f = &a.facts;
            // Their escapes from this attack on, until they attack again.
            let until = m.attacks[k + 1..]
                .iter()
                .find(|b| b.who == a.who)
                .map_or(f64::INFINITY, |b| b.t_s);
            let escaped: Vec<Text> = m
                .escapes
                .iter()
                .filter(|e| e.who == a.who && e.t_s >= a.t_s && e.t_s < until)
                .map(|e| {
                    let to = refuge_name(&e.refuge, terrain);
                    Text {
                        zh: format!("{} → {}", clock(e.t_s), to.zh),
                        en: format!("{} → {}", clock(e.t_s), to.en),
                    }
                })
                .collect();
            let escaped = if escaped.is_empty() {
                "–".to_string()
            } else {
                bi2(
                    &names(&escaped, "；", |t| &t.zh),
                    &names(&escaped, "; ", |t| &t.en),
                )
            };
            let (szh, sen, _) = sector_words(f.sector);
            let lookout = if f.lookout.is_some() {
                yes_no(f.lookout_sees_front) + &yes_no(f.lookout_sees_crew)
            } else {
                let none = format!(r#"<td class="warn">{}</td>"#, bi2("无瞭望员", "no lookout"));
                none.clone() + &none
            };
            let routes = if f.escape_routes.is_empty() {
                format!(r#"<td class="warn">{}</td>"#, bi2("无", "none"))
            } else if shared_routes.is_some() {
                format!("<td>{}</td>", f.escape_routes.len())
            } else {
                format!(
                    r#"<td>{}<div class="ev">{}</div></td>"#,
                    f.escape_routes.len(),
                    bi(&route_names(&f.escape_routes))
                )
            };
            let _ = write!(
                h,
                r#"<tr class="attack"><td style="white-space:nowrap">{}</td><td style="white-space:nowrap">{}</td><td{}>{}</td><td class="num">{:.1} m</td>{lookout}{routes}<td>{escaped}</td></tr>"#,
                bi(&who_name(i, &a.who)),
                bi(&when(a.t_s, since)),
                if f.sector == FireSector::Head {
                    r#" class="warn""#
                } else {
                    ""
                },
                bi2(szh, sen),
                f.flame_length_m,
            );
        }
        h.push_str("</table>");
    }
    // Who the fire burned or smoked, in the order it first did.
    let mut people: Vec<(f64, &str)> = Vec::new();
    for (t_s, who) in m
        .harm
        .iter()
        .map(|x| (x.t_s, x.who.as_str()))
        .chain(m.smoke.iter().map(|x| (x.t_s, x.who.as_str())))
    {
        match people.iter_mut().find(|(_, w)| *w == who) {
            Some(p) => p.0 = p.0.min(t_s),
            None => people.push((t_s, who)),
        }
    }
    people.sort_by(|a, b| a.0.total_cmp(&b.0));
    if people.is_empty() {
        sub(
            h,
            "火灾未造成人员烧伤，也无人陷入浓烟。",
            "The fire burned no one, and no one was caught in thick smoke.",
        );
        return;
    }
    let _ = write!(
        h,
        r#"<h3>{}</h3><table class="fire-harm"><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>"#,
        bi2("火灾对人员的伤害", "What the fire did to people"),
        bi2("人员", "Who"),
        bi2("陷入浓烟（能见度）", "In thick smoke (visibility)"),
        bi2("烧伤（由轻到重）", "Burns (as they worsened)"),
        bi2("位置", "Where"),
    );
    let worst = worst_harm(m);
    for (_, who) in people {
        let smoke = m.smoke.iter().find(|s| s.who == who).map_or_else(
            || "–".into(),
            |s| {
                let w = when(s.t_s, since);
                bi2(
                    &format!("{}，{:.0} m", w.zh, s.visibility_m),
                    &format!("{}, {:.0} m", w.en, s.visibility_m),
                )
            },
        );
        let burns: Vec<String> = m
            .harm
            .iter()
            .filter(|x| x.who == who)
            .map(|x| {
                let (zh, en) = x.severity.map_or(("烧伤", "burned"), |s| s.words());
                let word = bi2(
                    &format!("{zh} {}", clock(x.t_s)),
                    &format!("{en} {}", clock(x.t_s)),
                );
                if x.severity == Some(Harm::Fatal) {
                    format!(r#"<span class="ls">{word}</span>"#)
                } else {
                    word
                }
            })
            .collect();
        let at = worst
            .iter()
            .map(|&k| &m.harm[k])
            .find(|x| x.who == who)
            .map(|x| x.at);
        let place = match at {
            Some(Some((x, y))) => bi2(
                &format!("东 {x:.0} m，北 {y:.0} m（最后记录的位置，见图）"),
                &format!("{x:.0} m E, {y:.0} m N (last journalled; on the map)"),
            ),
            Some(None) => bi2(
                "日志未记录其位置（图中未标出）",
                "not placed by the journal (not on the map)",
            ),
            None => "–".into(),
        };
        let _ = write!(
            h,
            r#"<tr class="harmed"><td>{}</td><td>{smoke}</td><td>{}</td><td>{place}</td></tr>"#,
            bi(&who_name(i, who)),
            if burns.is_empty() {
                "–".into()
            } else {
                burns.join(" → ")
            },
        );
    }
    h.push_str("</table>");
}
