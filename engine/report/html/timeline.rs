//! The timeline: the key moments on four lanes over the drill's time, and as a table.

use super::{axis_x, bi, bi2, esc, section, svg_bi};
use crate::report::analysis::{Facts, Lane, Moment};
use crate::words::clock;
use std::fmt::Write as _;

/// A lane's name and colour.
fn lane(l: Lane) -> (&'static str, &'static str, &'static str) {
    match l {
        Lane::Hazard => ("灾害与阶段", "Hazard and phases", "#6a1b9a"),
        Lane::Inject => ("注入", "Injects", "#0b5cad"),
        Lane::KeyAction => ("关键行动", "Key actions", "#2e7d32"),
        Lane::Consequence => ("后果", "Consequences", "#c62828"),
    }
}

pub(super) fn timeline(h: &mut String, ms: &[Moment], f: &Facts) {
    section(h, "timeline", "2 时间线", "2 Timeline");
    let end = f.end_s.max(1.0);
    let (w, lane_h, left, top) = (1040.0, 26.0, 150.0, 10.0);
    let plot_w = w - left - 20.0;
    let height = top + lane_h * Lane::ALL.len() as f64 + 30.0;
    let x = |t: f64| left + plot_w * t / end;
    let _ = write!(
        h,
        r#"<svg viewBox="0 0 {w} {height}" role="img" aria-label="timeline">"#
    );
    for &(a, b) in &f.shaking {
        let _ = write!(
            h,
            r##"<rect x="{:.1}" y="{top}" width="{:.1}" height="{:.1}" fill="#f3e5f5"/>"##,
            x(a),
            (x(b) - x(a)).max(1.0),
            lane_h * Lane::ALL.len() as f64
        );
    }
    for (k, &l) in Lane::ALL.iter().enumerate() {
        let (zh, en, color) = lane(l);
        let y = top + lane_h * k as f64 + lane_h / 2.0;
        h.push_str(&svg_bi(
            8.0,
            y + 4.0,
            r##"font-size="13" fill="#5b6673""##,
            zh,
            en,
        ));
        let _ = write!(
            h,
            r##"<line x1="{left}" x2="{:.1}" y1="{y:.1}" y2="{y:.1}" stroke="#e0e4e8"/>"##,
            left + plot_w
        );
        for (n, m) in ms.iter().enumerate().filter(|(_, m)| m.lane == l) {
            let _ = write!(
                h,
                r#"<circle cx="{:.1}" cy="{y:.1}" r="5" fill="{color}" fill-opacity=".8"><title>[{}] {} — {}</title></circle>"#,
                x(m.t_s),
                n + 1,
                clock(m.t_s),
                esc(&m.what.en)
            );
        }
    }
    axis_x(
        h,
        left,
        plot_w,
        top + lane_h * Lane::ALL.len() as f64,
        end,
        &x,
    );
    h.push_str("</svg>");
    let _ = write!(
        h,
        r#"<div class="legend"><span><i style="background:#f3e5f5"></i>{}</span></div>"#,
        bi2("震动期间", "shaking")
    );
    let _ = write!(
        h,
        r#"<table><thead><tr><th class="num">#</th><th class="num">{}</th><th>{}</th><th>{}</th></tr></thead><tbody>"#,
        bi2("时间", "Time"),
        bi2("类别", "Kind"),
        bi2("事件", "What happened")
    );
    for (n, m) in ms.iter().enumerate() {
        let (zh, en, color) = lane(m.lane);
        let _ = write!(
            h,
            r#"<tr><td class="num">{}</td><td class="num">{} <span class="ev">({:.1} s)</span></td><td><span style="color:{color}">●</span> {}</td><td>{}{}</td></tr>"#,
            n + 1,
            clock(m.t_s),
            m.t_s,
            bi2(zh, en),
            bi(&m.what),
            m.expected.as_ref().map_or(String::new(), |x| format!(
                r#"<div class="ev">{} {}</div>"#,
                bi2("期望行动：", "Expected action:"),
                bi(x)
            ))
        );
    }
    h.push_str("</tbody></table></section>");
}
