//! The crew on the fire map: the fireline, lookout posts, anchors, attacks by sector, escapes
//! and burns, placed so that markers do not overlap, with their legend and the tables under the
//! map ("Crew at the fire", "What the fire did to people").

use super::*;

/// Where markers stand on the map, px (centre, radius): a new one that would overlap one is
/// moved aside.
#[derive(Default)]
pub(super) struct Placed(Vec<(f64, f64, f64)>);

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

    pub(super) fn free(&self, q: (f64, f64), r: f64) -> bool {
        self.0
            .iter()
            .all(|&(x, y, pr)| (x - q.0).powi(2) + (y - q.1).powi(2) >= (r + pr + 1.0).powi(2))
    }

    /// A marker of radius `r` exactly at `p`.
    pub(super) fn at(&mut self, p: (f64, f64), r: f64) {
        self.0.push((p.0, p.1, r));
    }

    /// A marker of radius `r` for `p`: there if free, else the nearest free place around it,
    /// in up to three rings, wider for wider markers (there, where none is free).
    pub(super) fn aside(&mut self, p: (f64, f64), r: f64) -> (f64, f64) {
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
    pub(super) fn line(&mut self, pts: &[(f64, f64)], r: f64) {
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
pub(super) fn leader(h: &mut String, (px, py): (f64, f64), (x, y): (f64, f64), colour: &str) {
    if (x, y) != (px, py) {
        let _ = write!(
            h,
            r##"<line x1="{px:.1}" y1="{py:.1}" x2="{x:.1}" y2="{y:.1}" stroke="{colour}" stroke-width="1"/><circle cx="{px:.1}" cy="{py:.1}" r="2" fill="{colour}"/>"##
        );
    }
}

/// A count on a marker's upper right (none for one).
pub(super) fn badge(h: &mut String, (x, y): (f64, f64), n: usize) {
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
pub(super) fn has_crew(m: &FireMap) -> bool {
    !(m.lookouts.is_empty()
        && m.anchors.is_empty()
        && m.attacks.is_empty()
        && m.fireline.is_none()
        && m.escapes.is_empty()
        && m.harm.is_empty()
        && m.smoke.is_empty())
}

/// A person's name (the scenario's, when at hand), else their id.
pub(super) fn who_name(i: &Inputs, id: &str) -> Text {
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
pub(super) fn refuge_name(id: &str, terrain: Option<&Terrain>) -> Text {
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
pub(super) fn sector_words(s: FireSector) -> (&'static str, &'static str, &'static str) {
    match s {
        FireSector::Head => ("火头", "head", "#c62828"),
        FireSector::Flank => ("火翼", "flank", "#ef6c00"),
        FireSector::Back => ("火尾", "back", "#00897b"),
    }
}

/// The fireline as the last report left it: a thick dark line on a white casing.
pub(super) fn fireline(h: &mut String, v: &View, m: &FireMap) {
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
pub(super) fn escapes(
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
pub(super) fn crew_markers(h: &mut String, v: &View, m: &FireMap, i: &Inputs, placed: &mut Placed) {
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
pub(super) fn names(who: &[Text], sep: &str, lang: impl Fn(&Text) -> &String) -> String {
    who.iter()
        .map(|t| lang(t).as_str())
        .collect::<Vec<_>>()
        .join(sep)
}

/// Each person the fire burned, in the order first burned: their worst burn (the first that
/// bad), as an index into `m.harm`.
pub(super) fn worst_harm(m: &FireMap) -> Vec<usize> {
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
pub(super) fn crew_legend(m: &FireMap) -> String {
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
pub(super) fn crew_table(
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
