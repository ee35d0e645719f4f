//! The evacuation: the curve of people out of the building against the plan's target and the
//! building's capacity, the flow through each exit and the bottlenecks.

use super::{Inputs, axis_x, bi, bi2, esc, nice_step, section, svg_bi};
use crate::report::analysis::{Facts, SiteUse, evacuation_target, exit_flows};
use crate::scenario::schema::{Site, Text};
use crate::words::clock;
use std::fmt::Write as _;

const EXIT_COLOURS: [&str; 8] = [
    "#0b5cad", "#ef6c00", "#6a1b9a", "#00897b", "#c2185b", "#5d4037", "#7cb342", "#455a64",
];

pub(super) fn evacuation(h: &mut String, i: &Inputs, used: &SiteUse, f: &Facts) {
    section(h, "evacuation", "3 疏散", "3 Evacuation");
    let Some(e) = &i.report.evacuation else {
        let _ = write!(
            h,
            r#"<p class="sub">{}</p></section>"#,
            bi2(
                "本次演练无人员撤出建筑。",
                "Nobody left a building in this drill."
            )
        );
        return;
    };
    let target = evacuation_target(i.plan, &i.report.tasks);
    let from = f
        .signal_s
        .unwrap_or_else(|| e.curve.first().map_or(0.0, |c| c.0 - e.total_s.min(c.0)));
    let _ = write!(
        h,
        r#"<p class="sub">{}</p>"#,
        bi(&Text {
            zh: format!(
                "{}{}起 {} 最后一人撤出建筑{}{}。",
                e.from_hazard_s.map_or(String::new(), |hz| format!(
                    "险情开始后 {} 最后一人撤出建筑；",
                    clock(hz)
                )),
                if e.from_signal {
                    "自疏散信号"
                } else {
                    "自首人移动"
                },
                clock(e.total_s),
                target.as_ref().map_or(String::new(), |t| format!(
                    "；预案目标 {}",
                    clock(t.deadline_s)
                )),
                e.capacity_s.map_or(String::new(), |c| format!(
                    "；按楼梯和出口通行能力（SFPE 流量法）至少需要 {}",
                    clock(c)
                ))
            ),
            en: format!(
                "{}The last person out of the building {} after the {}{}{}.",
                e.from_hazard_s.map_or(String::new(), |hz| format!(
                    "The last person left the building {} after the hazard began. ",
                    clock(hz)
                )),
                clock(e.total_s),
                if e.from_signal {
                    "evacuation signal"
                } else {
                    "first person moved"
                },
                target.as_ref().map_or(String::new(), |t| format!(
                    "; the plan's target is {}",
                    clock(t.deadline_s)
                )),
                e.capacity_s.map_or(String::new(), |c| format!(
                    "; the stairs and exits need at least {} (SFPE flow calculation)",
                    clock(c)
                ))
            ),
        })
    );
    // Per exit: cumulative curves and peak flows.
    let building = i.scenario.and_then(|s| match &s.site {
        Site::Building(b) => Some(b),
        Site::Terrain(_) => None,
    });
    let per_exit = exit_flows(used, building);
    let total = e.curve.last().map_or(0, |c| c.1).max(1);
    let mut end = e.curve.last().map_or(1.0, |c| c.0);
    if let Some(t) = &target {
        end = end.max(t.start_s + t.deadline_s);
    }
    if let Some(c) = e.capacity_s {
        end = end.max(from + c);
    }
    let end = end * 1.05;
    let (w, hgt, left, top, bottom) = (1040.0, 340.0, 60.0, 14.0, 40.0);
    let plot_w = w - left - 20.0;
    let plot_h = hgt - top - bottom;
    let x = |t: f64| left + plot_w * t / end;
    let ymax = f64::from(total) * 1.05;
    let y = |n: f64| top + plot_h * (1.0 - n / ymax);
    let _ = write!(
        h,
        r#"<div class="charts"><svg viewBox="0 0 {w} {hgt}" role="img" aria-label="evacuation curve">"#
    );
    let step = nice_step(ymax, 6.0);
    let mut v = 0.0;
    while v <= ymax {
        let _ = write!(
            h,
            r##"<line x1="{left}" x2="{:.1}" y1="{1:.1}" y2="{1:.1}" stroke="#eef1f4"/><text x="{2:.1}" y="{3:.1}" font-size="12" text-anchor="end" fill="#5b6673">{4}</text>"##,
            left + plot_w,
            y(v),
            left - 6.0,
            y(v) + 4.0,
            v as u64
        );
        v += step;
    }
    for &(a, b) in &f.shaking {
        let _ = write!(
            h,
            r##"<rect x="{:.1}" y="{top}" width="{:.1}" height="{plot_h}" fill="#f3e5f5"/>"##,
            x(a),
            (x(b.min(end)) - x(a)).max(1.0)
        );
    }
    let vline = |h: &mut String, t: f64, color: &str, dash: &str, zh: &str, en: &str, row: f64| {
        let _ = write!(
            h,
            r#"<line x1="{0:.1}" x2="{0:.1}" y1="{top}" y2="{1:.1}" stroke="{color}" stroke-width="1.5" stroke-dasharray="{dash}"/>"#,
            x(t),
            top + plot_h
        );
        h.push_str(&svg_bi(
            x(t) + 4.0,
            top + 14.0 + 15.0 * row,
            &format!(r#"font-size="12" fill="{color}""#),
            zh,
            en,
        ));
    };
    if e.from_signal {
        vline(
            h,
            from,
            "#2e7d32",
            "4 3",
            "疏散信号",
            "evacuation signal",
            0.0,
        );
    }
    if let Some(t) = &target {
        vline(
            h,
            t.start_s + t.deadline_s,
            "#c62828",
            "6 3",
            &format!("预案目标 {}", clock(t.deadline_s)),
            &format!("plan target {}", clock(t.deadline_s)),
            1.0,
        );
    }
    if let Some(c) = e.capacity_s {
        vline(
            h,
            from + c,
            "#6a1b9a",
            "2 3",
            &format!("通行能力下限 {}", clock(c)),
            &format!("capacity bound {}", clock(c)),
            2.0,
        );
    }
    let line = |h: &mut String, pts: &[(f64, u32)], color: &str, width: f64| {
        let mut d = format!("M{:.1},{:.1}", x(0.0), y(0.0));
        let mut last = 0;
        for &(t, n) in pts {
            let _ = write!(
                d,
                " L{:.1},{:.1} L{:.1},{:.1}",
                x(t),
                y(f64::from(last)),
                x(t),
                y(f64::from(n))
            );
            last = n;
        }
        let _ = write!(d, " L{:.1},{:.1}", x(end), y(f64::from(last)));
        let _ = write!(
            h,
            r#"<path d="{d}" fill="none" stroke="{color}" stroke-width="{width}"/>"#
        );
    };
    if per_exit.len() > 1 {
        for (k, x) in per_exit.iter().enumerate() {
            line(h, &x.curve, EXIT_COLOURS[k % EXIT_COLOURS.len()], 1.5);
        }
    }
    line(h, &e.curve, "#1d2733", 2.5);
    axis_x(h, left, plot_w, top + plot_h, end, &x);
    h.push_str(&svg_bi(
        left,
        hgt - 4.0,
        r##"font-size="12" fill="#5b6673""##,
        "横轴：演练时间（分:秒）；纵轴：已撤出建筑人数",
        "x: drill time (m:ss); y: people out of the building",
    ));
    h.push_str("</svg></div>");
    let _ = write!(
        h,
        r##"<div class="legend"><span><i style="background:#1d2733"></i>{}</span>"##,
        bi2("全部出口", "all exits")
    );
    if per_exit.len() > 1 {
        for (k, id) in per_exit.iter().map(|x| &x.id).enumerate() {
            let _ = write!(
                h,
                r#"<span><i style="background:{}"></i>{}</span>"#,
                EXIT_COLOURS[k % EXIT_COLOURS.len()],
                esc(id)
            );
        }
    }
    let _ = write!(
        h,
        r##"<span><i style="background:#f3e5f5"></i>{}</span></div>"##,
        bi2("震动期间", "shaking")
    );
    // The per-exit table.
    let _ = write!(
        h,
        r#"<h3>{}</h3><table><thead><tr><th>{}</th><th class="num">{}</th><th class="num">{}</th><th class="num">{}</th><th class="num">{}</th><th class="num">{}</th></tr></thead><tbody>"#,
        bi2("各出口流量", "Flow through each exit"),
        bi2("出口", "Exit"),
        bi2("人数", "People"),
        bi2("首人", "First"),
        bi2("末人", "Last"),
        bi2("峰值流量 人/秒", "Peak flow p/s"),
        bi2("比流量 人/(秒·米)", "Specific flow p/(s·m)"),
    );
    for (k, x) in per_exit.iter().enumerate() {
        let peak = x.peak_pps;
        let specific = x.specific_ppsm.map_or("–".into(), |s| format!("{s:.2}"));
        let _ = write!(
            h,
            r#"<tr><td><span style="color:{}">●</span> {}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{peak:.2}</td><td class="num">{specific}</td></tr>"#,
            EXIT_COLOURS[k % EXIT_COLOURS.len()],
            esc(&x.id),
            x.curve.len(),
            clock(x.first_s()),
            clock(x.last_s()),
        );
    }
    h.push_str("</tbody></table>");
    if !e.bottlenecks.is_empty() {
        let _ = write!(
            h,
            r#"<h3>{}</h3><p class="sub">{}</p><table><thead><tr><th>{}</th><th class="num">{}</th><th class="num">{}</th><th class="num">{}</th><th class="num">{}</th><th class="num">{}</th></tr></thead><tbody>"#,
            bi2(
                "瓶颈：决定通行能力下限的楼梯和出口",
                "Bottlenecks: the stairs and exits that bound the evacuation time"
            ),
            bi2(
                "满负荷时间：流量不低于其峰值 80% 的时间（按 10 秒统计），即其后有人排队的时间。",
                "At capacity: time at 80 % of its peak flow or more (in 10 s bins), when people queue behind it."
            ),
            bi2("楼梯/出口", "Stair or exit"),
            bi2("人数", "People"),
            bi2("首人", "First"),
            bi2("末人", "Last"),
            bi2("峰值 人/秒", "Peak p/s"),
            bi2("满负荷时间", "At capacity"),
        );
        for b in &e.bottlenecks {
            let _ = write!(
                h,
                r#"<tr><td>{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{:.1}</td><td class="num">{}</td></tr>"#,
                esc(&b.id),
                b.people,
                clock(b.first_s),
                clock(b.last_s),
                b.peak_pps,
                clock(b.saturated_s)
            );
        }
        h.push_str("</tbody></table>");
    }
    h.push_str("</section>");
}
