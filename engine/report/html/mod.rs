//! `report.html`: the after-action report a drill director reads. One self-contained file —
//! inline CSS and SVG, a few lines of script for the language switch, nothing from the network —
//! in Chinese and English.
//!
//! Its order follows the HSEEP After-Action Report / Improvement Plan (overview → analysis per
//! capability → improvement plan) and the summary report of China's 2009 drill guide and
//! AQ/T 9009-2015 §7.4 (purpose, time and place, participants, problems found and their causes,
//! improvement proposals): at a glance, overview, timeline, evacuation, site map, analysis per
//! objective, critical tasks, findings, improvement plan, sources and method.

mod evacuation;
mod findings;
mod fire;
mod flood;
mod glance;
mod map;
mod tasks;
mod timeline;

use super::analysis::{self, Facts};
use super::{FindingSeverity, Report, events_of};
use crate::journal::Verified;
use crate::plan::evaluate::{Outcome, Rating};
use crate::plan::{Plan, PlanStep};
use crate::scenario::schema::{Scenario, Text};
use crate::words::{Lang, Words, clock, text};
use std::fmt::Write as _;

/// What the report is made from.
pub struct Inputs<'a> {
    pub journal: &'a Verified,
    pub report: &'a Report,
    pub plan: &'a Plan,
    /// The scenario the journal was run from, when at hand and unchanged (its SHA-256 matches
    /// the journal's): the titles, the briefing and the map come from it.
    pub scenario: Option<&'a Scenario>,
    /// The day of the drill (YYYY-MM-DD), when known.
    pub date: Option<String>,
    pub lang: Lang,
}

/// Render the report.
pub fn render(i: &Inputs) -> String {
    let events = events_of(i.journal);
    let tick_hz = i.journal.header.tick_hz;
    let facts = Facts::of(&events, tick_hz);
    let moments = analysis::moments(&events, tick_hz, i.scenario, i.report.evacuation.as_ref());
    let used = analysis::site_use(&events, tick_hz);
    let fire_map = analysis::fire_map(&events, tick_hz);
    let flood = analysis::flood_record(&events, tick_hz);
    let mut h = String::new();
    let lang = i.lang.code();
    let title = i.scenario.map_or_else(
        || text(&i.report.scenario, &i.report.scenario),
        |s| s.meta.title.clone(),
    );
    let _ = write!(
        h,
        r#"<!DOCTYPE html>
<html lang="{lang}" data-lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>{} — 演练评估报告 / After-action report</title>
<style>{CSS}</style>
</head>
<body>
<nav class="bar"><span class="brand">drillhall</span>
<span>{}</span>
<button type="button" onclick="setLang('zh')" id="b-zh">中文</button><button type="button" onclick="setLang('en')" id="b-en">English</button></nav>
<main>
"#,
        esc(&title.zh),
        if flood.is_some() {
            bi2(
                "目录：概况 · 时间线 · 疏散 · 平面图 · 洪水图 · 分析 · 个人成绩 · 任务 · 问题 · 改进计划",
                "Contents: overview · timeline · evacuation · map · flood maps · analysis · scores · tasks · findings · improvement plan",
            )
        } else if fire_map.is_some() {
            bi2(
                "目录：概况 · 时间线 · 疏散 · 平面图 · 火场图 · 分析 · 个人成绩 · 任务 · 问题 · 改进计划",
                "Contents: overview · timeline · evacuation · map · fire map · analysis · scores · tasks · findings · improvement plan",
            )
        } else {
            bi2(
                "目录：概况 · 时间线 · 疏散 · 平面图 · 分析 · 个人成绩 · 任务 · 问题 · 改进计划",
                "Contents: overview · timeline · evacuation · map · analysis · scores · tasks · findings · improvement plan",
            )
        },
    );
    glance::glance(&mut h, i, &title, &facts);
    glance::overview(&mut h, i, &facts);
    timeline::timeline(&mut h, &moments, &facts);
    evacuation::evacuation(&mut h, i, &used, &facts);
    map::site_map(&mut h, i, &used);
    if let Some(f) = &fire_map {
        fire::fire_map(&mut h, i, f);
    }
    if let Some(f) = &flood {
        flood::flood_maps(&mut h, i, f);
    }
    tasks::objectives(&mut h, i);
    tasks::participant_scores(&mut h, i);
    tasks::task_table(&mut h, i);
    findings::findings(&mut h, i);
    findings::improvement_plan(&mut h, i);
    findings::method(&mut h, i);
    let _ = write!(
        h,
        r#"</main>
<script>
function setLang(l){{document.documentElement.lang=l;document.documentElement.dataset.lang=l;
document.getElementById('b-zh').className=l==='zh'?'on':'';document.getElementById('b-en').className=l==='en'?'on':'';}}
setLang(document.documentElement.dataset.lang);
</script>
</body>
</html>
"#
    );
    h
}

const CSS: &str = r#"
:root{--ink:#1d2733;--mute:#5b6673;--line:#d9dee4;--bg:#f5f7f9;--P:#2e7d32;--S:#7c8a00;--M:#e65100;--U:#c62828;--acc:#0b5cad}
*{box-sizing:border-box}
body{margin:0;font:15px/1.55 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","Noto Sans SC","PingFang SC","Microsoft YaHei",sans-serif;color:var(--ink);background:var(--bg)}
html[data-lang=zh] .en,html[data-lang=en] .zh{display:none}
.bar{position:sticky;top:0;z-index:2;display:flex;gap:12px;align-items:center;padding:8px 20px;background:#14324f;color:#fff;font-size:13px}
.bar .brand{font-weight:700;letter-spacing:.04em}.bar>span:nth-child(2){flex:1;opacity:.8}
.bar button{background:transparent;color:#fff;border:1px solid #ffffff66;border-radius:4px;padding:3px 10px;cursor:pointer;font:inherit}
.bar button.on{background:#fff;color:#14324f}
main{max-width:1120px;margin:0 auto;padding:18px 20px 60px}
h1{font-size:26px;margin:4px 0 2px}h2{font-size:19px;margin:0 0 12px;padding-bottom:6px;border-bottom:2px solid var(--line)}
h3{font-size:16px;margin:16px 0 6px}
section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:18px 20px;margin:16px 0;overflow-x:auto}
.sub{color:var(--mute);margin:0 0 10px}
.glance{display:grid;grid-template-columns:220px 1fr;gap:20px;align-items:start}
.score{border-radius:10px;padding:14px;color:#fff;text-align:center}
.score .n{font-size:44px;font-weight:700;line-height:1.1}.score .b{font-size:20px;font-weight:600}
.score .r{margin-top:6px;font-size:13px;opacity:.95}.score .chip{white-space:normal;max-width:100%}
.Excellent{background:#2e7d32}.Good{background:#00796b}.Pass{background:#b26a00}.Fail{background:#b71c1c}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(190px,1fr));gap:10px}
.kpi{border:1px solid var(--line);border-radius:8px;padding:10px 12px}
.kpi .v{font-size:22px;font-weight:700}.kpi .l{color:var(--mute);font-size:13px}
.kpi.bad{border-color:#e5a3a3;background:#fff5f5}.kpi.warn{border-color:#f0c890;background:#fffaf0}td.warn{background:#fffaf0}
.conclusion{margin:12px 0 0;font-size:15px}
.warnbox{background:#fff3e0;border:1px solid #f0c890;border-radius:6px;padding:8px 12px;margin:10px 0}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
th{background:#eef1f4;font-weight:600;white-space:nowrap}th.wrap{white-space:normal}td.grp{white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0}dl.facts dt{color:var(--mute)}dl.facts dd{margin:0}
.chip{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600;color:#fff;white-space:nowrap}
.r-P{background:var(--P)}.r-S{background:var(--S)}.r-M{background:var(--M)}.r-U{background:var(--U)}.r-none{background:#90a4ae}
.o-Met{background:var(--P)}.o-MetLate{background:var(--S)}.o-NotMet{background:var(--M)}.o-Violated{background:var(--U)}.o-NotApplicable{background:#90a4ae}
.s-Deficiency{background:var(--U)}.s-Correction{background:var(--M)}.s-Improvement{background:var(--S)}
.ls{color:var(--U);font-weight:700}
.obj{border:1px solid var(--line);border-radius:8px;padding:10px 14px;margin:10px 0}
.obj h3{margin:0 0 4px;display:flex;gap:8px;align-items:center}
.finding{border-left:5px solid var(--line);padding:8px 12px;margin:10px 0;background:#fafbfc}
.finding.Deficiency{border-color:var(--U)}.finding.Correction{border-color:var(--M)}.finding.Improvement{border-color:var(--S)}
.finding p{margin:4px 0}
.rec{font-weight:600}
details{margin:4px 0}summary{cursor:pointer;color:var(--acc)}
.ev{color:var(--mute);font-size:13px}
.charts{display:grid;grid-template-columns:1fr;gap:12px}
.maps{display:grid;grid-template-columns:1fr;gap:12px}
.map{border:1px solid var(--line);border-radius:6px;padding:6px}
svg{max-width:100%;height:auto;font-family:inherit}
.legend{display:flex;flex-wrap:wrap;gap:6px 16px;font-size:13px;color:var(--mute);margin:6px 0}
.legend i{display:inline-block;width:14px;height:10px;border-radius:2px;margin-right:5px;vertical-align:middle}
@media (max-width:700px){.glance{grid-template-columns:1fr}}
@media print{.bar{display:none}section{break-inside:avoid-page;border:none}body{background:#fff}}
"#;

// ---------------------------------------------------------------------------------------------
// Text helpers

/// HTML-escaped.
fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// A participant as the trainer named them, the id in a tooltip (the id where no name is
/// known).
fn who(i: &Inputs, id: &str) -> String {
    match crate::plan::evaluate::name_of(&i.report.participants, id) {
        Some(n) => format!(r#"<span title="{}">{}</span>"#, esc(id), bi(&n)),
        None => esc(id),
    }
}

/// Both languages, one shown at a time.
fn bi(t: &Text) -> String {
    bi2(&t.zh, &t.en)
}

fn bi2(zh: &str, en: &str) -> String {
    format!(
        r#"<span class="zh" lang="zh">{}</span><span class="en" lang="en">{}</span>"#,
        esc(zh),
        esc(en)
    )
}

/// SVG text in both languages.
fn svg_bi(x: f64, y: f64, attrs: &str, zh: &str, en: &str) -> String {
    format!(
        r#"<text x="{x:.1}" y="{y:.1}" {attrs} class="zh">{}</text><text x="{x:.1}" y="{y:.1}" {attrs} class="en">{}</text>"#,
        esc(zh),
        esc(en)
    )
}

/// The grey line under a section's heading that says how to read it.
fn sub(h: &mut String, zh: &str, en: &str) {
    let _ = write!(h, r#"<p class="sub">{}</p>"#, bi2(zh, en));
}

fn section(h: &mut String, id: &str, zh: &str, en: &str) {
    let _ = write!(h, r#"<section id="{id}"><h2>{}</h2>"#, bi2(zh, en));
}

fn secs(t: Option<f64>) -> String {
    t.map_or("–".into(), |t| format!("{t:.1}"))
}

fn rating_chip(r: Option<Rating>) -> String {
    match r {
        Some(r) => {
            let (zh, en) = r.words();
            format!(
                r#"<span class="chip r-{r:?}" title="{}">{}</span>"#,
                esc(en),
                bi2(zh, en)
            )
        }
        None => format!(r#"<span class="chip r-none">{}</span>"#, bi2("无", "n/a")),
    }
}

/// The rating as its letter, the words on hover.
fn rating_letter(r: Option<Rating>) -> String {
    match r {
        Some(r) => format!(
            r#"<span class="chip r-{r:?}" title="{}">{r:?}</span>"#,
            esc(r.words().1)
        ),
        None => rating_chip(None),
    }
}

fn outcome_chip(o: Outcome) -> String {
    format!(r#"<span class="chip o-{o:?}">{}</span>"#, bi(&o.text()))
}

fn severity_chip(s: FindingSeverity) -> String {
    format!(r#"<span class="chip s-{s:?}">{}</span>"#, bi(&s.text()))
}

fn step_of<'a>(plan: &'a Plan, id: &str) -> Option<&'a PlanStep> {
    plan.steps.iter().find(|s| s.id == id)
}

fn step_title(plan: &Plan, id: &str) -> Text {
    step_of(plan, id).map_or_else(|| text(id, id), |s| s.title.clone())
}

fn role_name(plan: &Plan, id: &str) -> Text {
    plan.role_name(id)
}

/// A "nice" tick step for an axis up to `max` with about `n` ticks.
fn nice_step(max: f64, n: f64) -> f64 {
    let raw = (max / n).max(1e-9);
    let mag = libm::pow(10.0, libm::floor(libm::log10(raw)));
    let f = raw / mag;
    mag * if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    }
}

/// A time axis along y = `y` in m:ss.
fn axis_x(h: &mut String, left: f64, plot_w: f64, y: f64, end: f64, x: &dyn Fn(f64) -> f64) {
    let step = [
        10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1200.0, 1800.0, 3600.0,
    ]
    .into_iter()
    .find(|s| end / s <= 12.0)
    .unwrap_or(7200.0);
    let _ = write!(
        h,
        r##"<line x1="{left}" x2="{:.1}" y1="{y:.1}" y2="{y:.1}" stroke="#90a4ae"/>"##,
        left + plot_w
    );
    let mut t = 0.0;
    while t <= end + 1e-9 {
        let _ = write!(
            h,
            r##"<line x1="{0:.1}" x2="{0:.1}" y1="{y:.1}" y2="{1:.1}" stroke="#90a4ae"/><text x="{0:.1}" y="{2:.1}" font-size="12" text-anchor="middle" fill="#5b6673">{3}</text>"##,
            x(t),
            y + 4.0,
            y + 17.0,
            clock(t)
        );
        t += step;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            esc(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert!(bi2("<", ">").contains("&lt;") && !bi2("<", ">").contains("<<"));
    }
}
