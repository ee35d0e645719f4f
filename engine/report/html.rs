//! `report.html`: the after-action report a drill director reads. One self-contained file —
//! inline CSS and SVG, a few lines of script for the language switch, nothing from the network —
//! in Chinese and English.
//!
//! Its order follows the HSEEP After-Action Report / Improvement Plan (overview → analysis per
//! capability → improvement plan) and the summary report of China's 2009 drill guide and
//! AQ/T 9009-2015 §7.4 (purpose, time and place, participants, problems found and their causes,
//! improvement proposals): at a glance, overview, timeline, evacuation, site map, analysis per
//! objective, critical tasks, findings, improvement plan, sources and method.

use super::{Aim, Finding, FindingSeverity, Report, events_of};
use crate::journal::Verified;
use crate::journal::events::Driver;
use crate::journal::events::EndReason;
use crate::journal::events::{ActionName, SimEvent};
use crate::plan::evaluate::{Band, Outcome, Rating, TaskResult};
use crate::plan::{Plan, PlanStep, Requirement};
use crate::scenario::schema::{Building, Point, Scenario, Site, SpaceKind, Terrain, Text};
use crate::scenario::words::site_ref;
use crate::words::{self, Lang, Words, clock, text};
use std::collections::BTreeMap;
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

/// Specific flow (persons per second per metre of clear width) at and above which a door or
/// stair is taken as congested: 0.9 of the SFPE Handbook's maximum of 1.3 p/(s·m) for doors
/// (Nelson & Mowrer, SFPE Handbook ch. 3-14).
const CONGESTED_PPSM: f64 = 1.2;
/// Below this a door or stair flows freely.
const BUSY_PPSM: f64 = 0.6;
/// The window over which peak flows are taken.
const FLOW_WINDOW_S: f64 = 10.0;

/// Render the report.
pub fn render(i: &Inputs) -> String {
    let events = events_of(i.journal);
    let hz = f64::from(i.journal.header.tick_hz.max(1));
    let facts = Facts::of(&events, hz);
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
        bi2(
            "目录：概况 · 时间线 · 疏散 · 平面图 · 分析 · 任务 · 问题 · 改进计划",
            "Contents: overview · timeline · evacuation · map · analysis · tasks · findings · improvement plan"
        ),
    );
    glance(&mut h, i, &title, &facts);
    overview(&mut h, i, &facts);
    timeline(&mut h, i, &events, hz, &facts);
    evacuation(&mut h, i, &events, hz, &facts);
    site_map(&mut h, i, &events, hz);
    analysis(&mut h, i);
    task_table(&mut h, i);
    findings(&mut h, i);
    improvement_plan(&mut h, i);
    method(&mut h, i);
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
.score .r{margin-top:6px;font-size:13px;opacity:.95}
.Excellent{background:#2e7d32}.Good{background:#00796b}.Pass{background:#b26a00}.Fail{background:#b71c1c}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(190px,1fr));gap:10px}
.kpi{border:1px solid var(--line);border-radius:8px;padding:10px 12px}
.kpi .v{font-size:22px;font-weight:700}.kpi .l{color:var(--mute);font-size:13px}
.kpi.bad{border-color:#e5a3a3;background:#fff5f5}.kpi.warn{border-color:#f0c890;background:#fffaf0}
.conclusion{margin:12px 0 0;font-size:15px}
.warnbox{background:#fff3e0;border:1px solid #f0c890;border-radius:6px;padding:8px 12px;margin:10px 0}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
th{background:#eef1f4;font-weight:600;white-space:nowrap}
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
    plan.roles
        .iter()
        .find(|r| r.id == id)
        .map_or_else(|| text(id, id), |r| r.name.clone())
}

// ---------------------------------------------------------------------------------------------
// Facts read once from the journal

#[derive(Default)]
struct Facts {
    end_s: f64,
    end: Option<(EndReason, u32, u32)>,
    occupants: u32,
    participants: Vec<crate::journal::events::ParticipantInfo>,
    /// Distinct people hurt, and how many of them seriously.
    hurt: u32,
    serious: u32,
    signal_s: Option<f64>,
    shaking: Vec<(f64, f64)>,
    ground: Option<(crate::scenario::schema::Intensity, f64)>,
    revealed: Option<crate::scenario::blind::Variant>,
}

impl Facts {
    fn of(events: &[(u64, SimEvent)], hz: f64) -> Facts {
        let mut f = Facts::default();
        let mut hurt: Vec<&str> = Vec::new();
        let mut serious: Vec<&str> = Vec::new();
        let mut shake_from = None;
        for (t, e) in events {
            let t = *t as f64 / hz;
            f.end_s = f.end_s.max(t);
            match e {
                SimEvent::DrillStarted {
                    occupants,
                    participants,
                    ..
                } => {
                    f.occupants = *occupants;
                    f.participants = participants.clone();
                }
                SimEvent::DrillEnded {
                    reason,
                    accounted_for,
                    people,
                } => f.end = Some((reason.clone(), *accounted_for, *people)),
                SimEvent::Injured { who, severity, .. } => {
                    if !hurt.contains(&who.as_str()) {
                        hurt.push(who);
                    }
                    if *severity == Some(crate::journal::events::Harm::Serious)
                        && !serious.contains(&who.as_str())
                    {
                        serious.push(who);
                    }
                }
                SimEvent::Action {
                    action: ActionName::Plan(crate::plan::Action::SignalEvacuation),
                    ..
                } => {
                    f.signal_s.get_or_insert(t);
                }
                SimEvent::Hazard { event } => match event {
                    crate::plan::HazardEvent::ShakingStarts => {
                        shake_from.get_or_insert(t);
                    }
                    crate::plan::HazardEvent::ShakingStops => {
                        if let Some(a) = shake_from.take() {
                            f.shaking.push((a, t));
                        }
                    }
                    _ => {}
                },
                SimEvent::GroundMotion {
                    intensity,
                    pga_mps2,
                    ..
                } => {
                    f.ground.get_or_insert((*intensity, *pga_mps2));
                }
                SimEvent::Revealed { variant, .. } => f.revealed = Some(variant.clone()),
                _ => {}
            }
        }
        if let Some(a) = shake_from {
            f.shaking.push((a, f.end_s));
        }
        f.hurt = hurt.len() as u32;
        f.serious = serious.len() as u32;
        f
    }
}

/// The plan step that sets the evacuation's time target: "everyone reaches … within d s".
fn evacuation_target(plan: &Plan, report: &Report) -> Option<(f64, f64, Text)> {
    plan.steps.iter().find_map(|s| {
        let d = s.deadline_s?;
        if !matches!(s.requires, Requirement::AllReach(_)) {
            return None;
        }
        let start = report
            .tasks
            .iter()
            .filter(|t| t.id == s.id)
            .filter_map(|t| t.started_s)
            .reduce(f64::min)?;
        Some((start, d, s.title.clone()))
    })
}

// ---------------------------------------------------------------------------------------------
// Sections

fn glance(h: &mut String, i: &Inputs, title: &Text, f: &Facts) {
    let r = i.report;
    let (bzh, ben) = r.band.words();
    let _ = write!(
        h,
        r#"<section id="glance"><p class="sub">{}</p><h1>{}</h1><p class="sub">{}</p>"#,
        bi2(
            "演练评估报告（总结评估）",
            "After-action report and improvement plan"
        ),
        bi(title),
        bi(&i.plan.title),
    );
    if r.partial {
        let _ = write!(
            h,
            r#"<div class="warnbox">{}</div>"#,
            bi2(
                "日志在演练结束前中断（程序崩溃或中止）：本报告只评估到日志最后一条记录为止。",
                "The journal ends before the drill did (a crash or a stop): this report judges only up to its last entry."
            )
        );
    }
    let _ = write!(
        h,
        r#"<div class="glance"><div class="score {band:?}"><div class="n">{score:.1}</div><div class="b">{}</div><div class="r">{} {}</div></div><div>"#,
        bi2(bzh, ben),
        bi2("HSEEP 总体评级", "HSEEP rating"),
        rating_chip(r.rating),
        band = r.band,
        score = r.score,
    );
    h.push_str(r#"<div class="kpis">"#);
    // Evacuation against the plan's target and the building's capacity.
    if let Some(e) = &r.evacuation {
        let target = evacuation_target(i.plan, r);
        let over = target.as_ref().is_some_and(|(_, d, _)| e.total_s > *d);
        let mut l = Text {
            zh: "全部撤出建筑用时".into(),
            en: "Everyone out of the building".into(),
        };
        if let Some((_, d, _)) = &target {
            l.zh += &format!("（目标 {}）", clock(*d));
            l.en += &format!(" (target {})", clock(*d));
        }
        if let Some(c) = e.capacity_s {
            l.zh += &format!("；通行能力下限 {}", clock(c));
            l.en += &format!("; capacity bound {}", clock(c));
        }
        kpi(h, if over { "warn" } else { "" }, &clock(e.total_s), &l);
    }
    if let Some((reason, acc, people)) = f.end.clone() {
        let (zh, en) = match reason {
            EndReason::AllAccountedFor => ("全员清点完毕", "everyone accounted for"),
            EndReason::TimeLimit => ("到达时限", "time limit reached"),
            EndReason::Stopped => ("中止", "stopped"),
        };
        kpi(
            h,
            if acc < people { "bad" } else { "" },
            &format!("{acc} / {people}"),
            &Text {
                zh: format!("人员已清点（{zh}，{}）", clock(f.end_s)),
                en: format!("People accounted for ({en}, {})", clock(f.end_s)),
            },
        );
    }
    kpi(
        h,
        if f.serious > 0 {
            "bad"
        } else if f.hurt > 0 {
            "warn"
        } else {
            ""
        },
        &f.hurt.to_string(),
        &Text {
            zh: format!("受伤人数（其中 {} 人无法自行撤离）", f.serious),
            en: format!("People hurt ({} unable to walk out)", f.serious),
        },
    );
    let n = |s: FindingSeverity| r.findings.iter().filter(|x| x.severity == s).count();
    let (d, c, m) = (
        n(FindingSeverity::Deficiency),
        n(FindingSeverity::Correction),
        n(FindingSeverity::Improvement),
    );
    kpi(
        h,
        if d > 0 {
            "bad"
        } else if c > 0 {
            "warn"
        } else {
            ""
        },
        &format!("{d} · {c} · {m}"),
        &text(
            "不足项 · 整改项 · 改进项",
            "Deficiencies · corrections · improvements",
        ),
    );
    h.push_str("</div>");
    let _ = write!(h, r#"<p class="conclusion">{}</p>"#, bi(&conclusion(i, f)));
    h.push_str("</div></div></section>");
}

fn kpi(h: &mut String, class: &str, value: &str, label: &Text) {
    let _ = write!(
        h,
        r#"<div class="kpi {class}"><div class="v">{}</div><div class="l">{}</div></div>"#,
        esc(value),
        bi(label)
    );
}

/// The one-paragraph conclusion a director reads first.
fn conclusion(i: &Inputs, f: &Facts) -> Text {
    let r = i.report;
    let (bzh, ben) = r.band.words();
    let mut zh = format!("评估结论：{bzh}（{:.1} 分）。", r.score);
    let mut en = format!("Conclusion: {ben} ({:.1} of 100). ", r.score);
    let worst: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|x| x.severity == FindingSeverity::Deficiency)
        .collect();
    if worst.is_empty() {
        zh += "未发现危及生命安全的不足项。";
        en += "No life-safety deficiency was found. ";
    } else {
        let titles: Vec<Text> = worst.iter().map(|x| step_title(i.plan, &x.task)).collect();
        let t = words::join(&titles, "、", "; ");
        zh += &format!(
            "发现 {} 项不足项（危及生命安全，须在下次演练前整改）：{}。",
            worst.len(),
            t.zh
        );
        en += &format!(
            "{} must be fixed before the next drill: {}. ",
            if worst.len() == 1 {
                "One life-safety deficiency".to_string()
            } else {
                format!("{} life-safety deficiencies", worst.len())
            },
            t.en
        );
    }
    if r.band == Band::Pass && r.rating == Some(Rating::U) && r.score >= 75.0 {
        zh += "因存在不足项，结论最高为合格。";
        en += "With a deficiency the conclusion is capped at Pass. ";
    }
    if let Some(e) = &r.evacuation
        && let Some((_, d, _)) = evacuation_target(i.plan, r)
    {
        if e.total_s <= d {
            zh += &format!(
                "疏散用时 {}，达到预案 {} 的目标。",
                clock(e.total_s),
                clock(d)
            );
            en += &format!(
                "The evacuation took {}, within the plan's {}. ",
                clock(e.total_s),
                clock(d)
            );
        } else if e.capacity_s.is_some_and(|c| c > d) {
            zh += &format!(
                "疏散用时 {}，未达到预案 {} 的目标；按楼梯和出口通行能力至少需要 {}，该目标在本建筑内不可实现，应修订预案。",
                clock(e.total_s),
                clock(d),
                clock(e.capacity_s.unwrap_or_default())
            );
            en += &format!(
                "The evacuation took {}, over the plan's {}; the stairs and exits need at least {}, so the target cannot be met in this building and the plan should be revised. ",
                clock(e.total_s),
                clock(d),
                clock(e.capacity_s.unwrap_or_default())
            );
        } else {
            zh += &format!(
                "疏散用时 {}，未达到预案 {} 的目标。",
                clock(e.total_s),
                clock(d)
            );
            en += &format!(
                "The evacuation took {}, over the plan's {}. ",
                clock(e.total_s),
                clock(d)
            );
        }
    }
    if f.hurt > 0 {
        zh += &format!("{} 人受伤。", f.hurt);
        en += &format!("{} people were hurt.", f.hurt);
    }
    Text {
        zh,
        en: en.trim_end().to_string(),
    }
}

fn overview(h: &mut String, i: &Inputs, f: &Facts) {
    section(h, "overview", "1 演练概况", "1 Exercise overview");
    h.push_str(r#"<dl class="facts">"#);
    let row = |h: &mut String, zh: &str, en: &str, v: String| {
        let _ = write!(h, "<dt>{}</dt><dd>{v}</dd>", bi2(zh, en));
    };
    if let Some(s) = i.scenario {
        row(h, "演练名称", "Exercise", bi(&s.meta.title));
        row(h, "类型", "Type", bi(&s.meta.kind.text()));
        let blind = s.blind.is_some() || i.journal.header.commitment.is_some();
        row(
            h,
            "形式",
            "Form",
            match (blind, s.meta.audience) {
                (true, _) => bi2(
                    "双盲演练（时间、地点、内容不预先通知）",
                    "Double-blind drill (time, place and content not announced)",
                ),
                (false, crate::scenario::schema::Audience::Public) => {
                    bi2("公众体验", "Public experience")
                }
                (false, _) => bi2("脚本化演练", "Scripted drill"),
            },
        );
        row(h, "情景", "Scenario", bi(&s.meta.briefing));
    } else {
        row(h, "情景", "Scenario", esc(&i.report.scenario));
    }
    row(h, "所检验的预案", "Plan tested", bi(&i.plan.title));
    let when = match (&i.date, i.scenario.and_then(|s| s.meta.start_clock.clone())) {
        (Some(d), Some(c)) => format!("{d} {c}"),
        (Some(d), None) => d.clone(),
        (None, Some(c)) => c,
        (None, None) => "–".into(),
    };
    row(h, "时间", "Date", esc(&when));
    if let Some((int, pga)) = f.ground {
        row(
            h,
            "灾害",
            "Hazard",
            bi(&Text {
                zh: format!(
                    "地震，烈度 {int:?} 度（GB/T 17742-2020），峰值地面加速度 {pga:.2} m/s²"
                ),
                en: format!(
                    "earthquake, intensity {int:?} (GB/T 17742-2020), peak ground acceleration {pga:.2} m/s²"
                ),
            }),
        );
    }
    // Participants by role and by who played them.
    type Bots = BTreeMap<(&'static str, &'static str), u32>;
    let mut roles: BTreeMap<String, (u32, u32, Bots)> = BTreeMap::new();
    for p in &f.participants {
        let e = roles.entry(p.role.clone()).or_default();
        e.0 += 1;
        match &p.driver {
            Driver::Human => e.1 += 1,
            Driver::Bot(b) => *e.2.entry(b.words()).or_default() += 1,
        }
    }
    let mut ps = String::new();
    for (role, (n, human, bots)) in &roles {
        let name = role_name(i.plan, role);
        let bots: Vec<Text> = bots
            .iter()
            .map(|((zh, en), n)| Text {
                zh: format!("{zh} ×{n}"),
                en: format!("{en} ×{n}"),
            })
            .collect();
        let _ = write!(
            ps,
            "<div>{} × {n}{}{}</div>",
            bi(&name),
            if *human > 0 {
                format!(
                    "（{}）",
                    bi2(
                        &format!("真人 {human}"),
                        &format!("{human} played by people")
                    )
                )
            } else {
                String::new()
            },
            if bots.is_empty() {
                String::new()
            } else {
                format!(
                    r#" <span class="ev">{} {}</span>"#,
                    bi2("由机器人扮演：", "played by bots:"),
                    bi(&words::join(&bots, "，", ", "))
                )
            }
        );
    }
    row(h, "参演人员", "Participants", ps);
    row(
        h,
        "在场人员",
        "Occupants",
        bi(&Text {
            zh: format!("{} 人（模拟）", f.occupants),
            en: format!("{} (simulated)", f.occupants),
        }),
    );
    let objectives: Vec<String> = i
        .plan
        .objectives
        .iter()
        .map(|o| format!("<div>{}</div>", bi(&o.name)))
        .collect();
    row(h, "演练目标", "Objectives", objectives.join(""));
    row(
        h,
        "随机种子",
        "Seed",
        i.report
            .seed
            .map_or_else(|| bi2("未揭晓", "not revealed"), |s| s.to_string()),
    );
    if let Some(v) = &f.revealed {
        let mut zh = format!("开始前正常活动 {:.0} 秒", v.start_delay_s);
        let mut en = format!("{:.0} s of normal activity first", v.start_delay_s);
        if let Some(int) = v.intensity {
            zh += &format!("；烈度 {int:?}");
            en += &format!("; intensity {int:?}");
        }
        if !v.blocked.is_empty() {
            let ids: Vec<String> = v.blocked.iter().map(site_ref).collect();
            zh += &format!("；阻断：{}", ids.join("、"));
            en += &format!("; blocked: {}", ids.join(", "));
        }
        if !v.dropped_injects.is_empty() {
            let ids: Vec<String> = v.dropped_injects.iter().map(|n| format!("#{n}")).collect();
            zh += &format!("；未发生的注入：{}", ids.join("、"));
            en += &format!("; injects left out: {}", ids.join(", "));
        }
        row(
            h,
            "双盲演练揭晓的情景",
            "Revealed variant (double-blind)",
            bi(&Text { zh, en }),
        );
    }
    h.push_str("</dl></section>");
}

/// One line of the timeline.
struct Moment {
    t_s: f64,
    lane: usize,
    what: Text,
    /// What the controllers expected of the players (an inject's MSEL entry).
    expected: Option<Text>,
}

const LANES: [(&str, &str, &str); 4] = [
    ("灾害与阶段", "Hazard and phases", "#6a1b9a"),
    ("注入", "Injects", "#0b5cad"),
    ("关键行动", "Key actions", "#2e7d32"),
    ("后果", "Consequences", "#c62828"),
];

fn moments(i: &Inputs, events: &[(u64, SimEvent)], hz: f64) -> Vec<Moment> {
    let mut out = Vec::new();
    let mut push = |t: u64, lane: usize, what: Text| {
        out.push(Moment {
            t_s: t as f64 / hz,
            lane,
            what,
            expected: None,
        })
    };
    let mut injects = Vec::new();
    // Lift rides per person: first, last, how many.
    let mut lifts: BTreeMap<&str, (u64, u64, u32, &str)> = BTreeMap::new();
    // Actions are summed per kind: first, last, how many did it.
    let mut actions: BTreeMap<String, (u64, u64, Vec<String>, Text)> = BTreeMap::new();
    let mut first_hurt = None;
    for (t, e) in events {
        let t = *t;
        match e {
            SimEvent::PhaseChanged { phase } => {
                let (zh, en) = phase.words();
                push(
                    t,
                    0,
                    Text {
                        zh: format!("阶段：{zh}"),
                        en: format!("Phase: {en}"),
                    },
                );
            }
            SimEvent::Hazard { event } => push(t, 0, event.text()),
            SimEvent::GroundMotion {
                intensity,
                pga_mps2,
                ..
            } => push(
                t,
                0,
                Text {
                    zh: format!("地震动：烈度 {intensity:?}，PGA {pga_mps2:.2} m/s²"),
                    en: format!("Ground motion: intensity {intensity:?}, PGA {pga_mps2:.2} m/s²"),
                },
            ),
            SimEvent::Aftershock {
                intensity,
                duration_s,
            } => push(
                t,
                0,
                Text {
                    zh: format!("余震：烈度 {intensity:?}，{duration_s:.0} 秒"),
                    en: format!("Aftershock: intensity {intensity:?}, {duration_s:.0} s"),
                },
            ),
            SimEvent::WarningIssued { level, by, .. } => {
                let (zh, en) = level.words();
                push(
                    t,
                    0,
                    Text {
                        zh: format!(
                            "发布{zh}{}",
                            by.as_deref().map_or(String::new(), |b| format!("（{b}）"))
                        ),
                        en: format!(
                            "{en} issued{}",
                            by.as_deref().map_or(String::new(), |b| format!(" by {b}"))
                        ),
                    },
                );
            }
            SimEvent::InjectFired {
                number,
                effect,
                message,
                ..
            } => {
                let msel = i
                    .scenario
                    .and_then(|s| s.injects.iter().find(|x| x.number == *number));
                let does = msel.map_or_else(
                    || {
                        let name = format!("{effect:?}");
                        text(&name, &name)
                    },
                    |x| crate::scenario::words::effect(&x.effect),
                );
                let what = match (message, msel.map(|x| &x.effect)) {
                    (Some(m), Some(crate::scenario::schema::Effect::Message)) => m.clone(),
                    (Some(m), _) => Text {
                        zh: format!("{}（{}）", m.zh, does.zh),
                        en: format!("{} ({})", m.en, does.en),
                    },
                    (None, _) => does,
                };
                injects.push(Moment {
                    t_s: t as f64 / hz,
                    lane: 1,
                    what: Text {
                        zh: format!("注入 #{number}：{}", what.zh),
                        en: format!("Inject #{number}: {}", what.en),
                    },
                    expected: msel.and_then(|x| x.expected_action.clone()),
                });
            }
            SimEvent::Blocked { what, by } => push(
                t,
                3,
                Text {
                    zh: format!(
                        "{} 被阻断{}",
                        site_ref(what),
                        by.as_deref().map_or(String::new(), |b| format!("（{b}）"))
                    ),
                    en: format!(
                        "{} blocked{}",
                        site_ref(what),
                        by.as_deref().map_or(String::new(), |b| format!(" by {b}"))
                    ),
                },
            ),
            SimEvent::Cleared { what } => push(
                t,
                3,
                Text {
                    zh: format!("{} 恢复通行", site_ref(what)),
                    en: format!("{} cleared", site_ref(what)),
                },
            ),
            SimEvent::Action {
                participant,
                action,
                ..
            } => {
                let key_action = matches!(
                    action,
                    ActionName::Plan(_) | ActionName::UseLift | ActionName::GoBack
                );
                if key_action {
                    let e = actions
                        .entry(String::from(*action))
                        .or_insert_with(|| (t, t, Vec::new(), action.text()));
                    e.1 = t;
                    if !e.2.contains(participant) {
                        e.2.push(participant.clone());
                    }
                }
            }
            SimEvent::TookLift { who, lift } => {
                let e = lifts.entry(who).or_insert((t, t, 0, lift));
                e.1 = t;
                e.2 += 1;
            }
            SimEvent::Injured {
                who,
                cause,
                severity: Some(crate::journal::events::Harm::Serious),
                ..
            } => push(
                t,
                3,
                Text {
                    zh: format!("{who} 重伤（{cause}），无法自行撤离"),
                    en: format!("{who} seriously hurt ({cause}), cannot walk out"),
                },
            ),
            SimEvent::Injured { .. } => {
                first_hurt.get_or_insert(t);
            }
            SimEvent::ContentsDamage {
                shifted,
                toppled,
                lights_fallen,
                windows_broken,
            } => push(
                t,
                3,
                Text {
                    zh: format!(
                        "室内物品：{shifted} 件移位，{toppled} 件倾倒，{lights_fallen} 盏灯具坠落，{windows_broken} 块玻璃破碎"
                    ),
                    en: format!(
                        "Contents: {shifted} shifted, {toppled} toppled, {lights_fallen} lights fell, {windows_broken} panes broke"
                    ),
                },
            ),
            SimEvent::DrillEnded {
                accounted_for,
                people,
                ..
            } => push(
                t,
                0,
                Text {
                    zh: format!("演练结束：{accounted_for}/{people} 人已清点"),
                    en: format!("Drill ends: {accounted_for} of {people} accounted for"),
                },
            ),
            _ => {}
        }
    }
    out.extend(injects);
    if let Some(t) = first_hurt {
        out.push(Moment {
            t_s: t as f64 / hz,
            lane: 3,
            what: text(
                "首人受伤（轻伤或中度伤）",
                "First person hurt (minor or moderate)",
            ),
            expected: None,
        });
    }
    for (who, (first, last, n, lift)) in lifts {
        out.push(Moment {
            t_s: first as f64 / hz,
            lane: 3,
            what: Text {
                zh: format!(
                    "{who} 乘坐电梯 {lift}（{n} 次，至 {}）",
                    clock(last as f64 / hz)
                ),
                en: format!(
                    "{who} took lift {lift} ({n} rides, until {})",
                    clock(last as f64 / hz)
                ),
            },
            expected: None,
        });
    }
    for (first, last, who, name) in actions.into_values() {
        let n = who.len();
        let what = if n == 1 {
            Text {
                zh: format!("{}：{}", who[0], name.zh),
                en: format!("{}: {}", who[0], name.en),
            }
        } else {
            Text {
                zh: format!("{}：{n} 人（至 {}）", name.zh, clock(last as f64 / hz)),
                en: format!(
                    "{}: {n} participants (until {})",
                    name.en,
                    clock(last as f64 / hz)
                ),
            }
        };
        out.push(Moment {
            t_s: first as f64 / hz,
            lane: 2,
            what,
            expected: None,
        });
    }
    if let Some(e) = &i.report.evacuation {
        let total = e.curve.last().map_or(0, |c| c.1);
        let mut marks = vec![(1, text("首人撤出建筑", "First person out of the building"))];
        for (pct, zh, en) in [
            (50, "50% 人员撤出", "50% out"),
            (90, "90% 人员撤出", "90% out"),
        ] {
            marks.push(((total * pct).div_ceil(100).max(1), text(zh, en)));
        }
        marks.push((
            total,
            text("最后一人撤出建筑", "Last person out of the building"),
        ));
        for (n, what) in marks {
            if let Some(&(t, _)) = e.curve.iter().find(|c| c.1 >= n) {
                out.push(Moment {
                    t_s: t,
                    lane: 2,
                    what,
                    expected: None,
                });
            }
        }
    }
    out.sort_by(|a, b| a.t_s.total_cmp(&b.t_s).then(a.lane.cmp(&b.lane)));
    out
}

fn timeline(h: &mut String, i: &Inputs, events: &[(u64, SimEvent)], hz: f64, f: &Facts) {
    section(h, "timeline", "2 时间线", "2 Timeline");
    let ms = moments(i, events, hz);
    let end = f.end_s.max(1.0);
    let (w, lane_h, left, top) = (1040.0, 26.0, 150.0, 10.0);
    let plot_w = w - left - 20.0;
    let height = top + lane_h * LANES.len() as f64 + 30.0;
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
            lane_h * LANES.len() as f64
        );
    }
    for (k, (zh, en, color)) in LANES.iter().enumerate() {
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
        for (n, m) in ms.iter().enumerate().filter(|(_, m)| m.lane == k) {
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
    axis_x(h, left, plot_w, top + lane_h * LANES.len() as f64, end, &x);
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
        let (zh, en, color) = LANES[m.lane];
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

const EXIT_COLOURS: [&str; 8] = [
    "#0b5cad", "#ef6c00", "#6a1b9a", "#00897b", "#c2185b", "#5d4037", "#7cb342", "#455a64",
];

fn evacuation(h: &mut String, i: &Inputs, events: &[(u64, SimEvent)], hz: f64, f: &Facts) {
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
    let target = evacuation_target(i.plan, i.report);
    let from = f
        .signal_s
        .unwrap_or_else(|| e.curve.first().map_or(0.0, |c| c.0 - e.total_s.min(c.0)));
    let _ = write!(
        h,
        r#"<p class="sub">{}</p>"#,
        bi(&Text {
            zh: format!(
                "{}起 {} 全部撤出建筑{}{}。",
                if e.from_signal {
                    "自疏散信号"
                } else {
                    "自首人移动"
                },
                clock(e.total_s),
                target.as_ref().map_or(String::new(), |(_, d, _)| format!(
                    "；预案目标 {}",
                    clock(*d)
                )),
                e.capacity_s.map_or(String::new(), |c| format!(
                    "；按楼梯和出口通行能力（SFPE 流量法）至少需要 {}",
                    clock(c)
                ))
            ),
            en: format!(
                "Everyone out of the building {} after the {}{}{}.",
                clock(e.total_s),
                if e.from_signal {
                    "evacuation signal"
                } else {
                    "first person moved"
                },
                target.as_ref().map_or(String::new(), |(_, d, _)| format!(
                    "; the plan's target is {}",
                    clock(*d)
                )),
                e.capacity_s.map_or(String::new(), |c| format!(
                    "; the stairs and exits need at least {} (SFPE flow calculation)",
                    clock(c)
                ))
            ),
        })
    );
    // Per exit: cumulative curves.
    let mut per_exit: BTreeMap<&str, Vec<(f64, u32)>> = BTreeMap::new();
    for (t, ev) in events {
        if let SimEvent::LeftBuilding { exit, .. } = ev {
            let c = per_exit.entry(exit.as_str()).or_default();
            let n = c.last().map_or(0, |x| x.1) + 1;
            c.push((*t as f64 / hz, n));
        }
    }
    let total = e.curve.last().map_or(0, |c| c.1).max(1);
    let mut end = e.curve.last().map_or(1.0, |c| c.0);
    if let Some((s, d, _)) = &target {
        end = end.max(s + d);
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
    if let Some((s, d, _)) = &target {
        vline(
            h,
            s + d,
            "#c62828",
            "6 3",
            &format!("预案目标 {}", clock(*d)),
            &format!("plan target {}", clock(*d)),
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
        for (k, pts) in per_exit.values().enumerate() {
            line(h, pts, EXIT_COLOURS[k % EXIT_COLOURS.len()], 1.5);
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
        for (k, id) in per_exit.keys().enumerate() {
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
    let width = |id: &str| {
        i.scenario.and_then(|s| match &s.site {
            Site::Building(b) => b.exits.iter().find(|x| x.id == id).map(|x| x.width_m),
            Site::Terrain(_) => None,
        })
    };
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
    for (k, (id, pts)) in per_exit.iter().enumerate() {
        let times: Vec<f64> = pts.iter().map(|p| p.0).collect();
        let peak = peak_flow(&times);
        let specific = width(id).map_or("–".into(), |w| format!("{:.2}", peak / w.max(0.1)));
        let _ = write!(
            h,
            r#"<tr><td><span style="color:{}">●</span> {}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{peak:.2}</td><td class="num">{specific}</td></tr>"#,
            EXIT_COLOURS[k % EXIT_COLOURS.len()],
            esc(id),
            pts.len(),
            clock(times[0]),
            clock(*times.last().unwrap_or(&0.0)),
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

/// The highest number passing per second over any [`FLOW_WINDOW_S`] window (times sorted).
fn peak_flow(times: &[f64]) -> f64 {
    let mut best = 0usize;
    let mut a = 0;
    for b in 0..times.len() {
        while times[b] - times[a] > FLOW_WINDOW_S {
            a += 1;
        }
        best = best.max(b - a + 1);
    }
    best as f64 / FLOW_WINDOW_S
}

fn site_map(h: &mut String, i: &Inputs, events: &[(u64, SimEvent)], hz: f64) {
    section(
        h,
        "map",
        "4 平面图：通行与拥堵",
        "4 Site map: where people went and where they queued",
    );
    match i.scenario.map(|s| &s.site) {
        Some(Site::Building(b)) => building_map(h, b, events, hz),
        Some(Site::Terrain(t)) => terrain_map(h, t, events),
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

fn building_map(h: &mut String, b: &Building, events: &[(u64, SimEvent)], hz: f64) {
    // Passages per door and per stair going down, with their times, and what was blocked.
    let mut doors: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    let mut stairs: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    let mut exits: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    let mut lifts = 0;
    let mut blocked: Vec<&str> = Vec::new();
    let mut arrived: BTreeMap<&str, u32> = BTreeMap::new();
    for (t, e) in events {
        let t = *t as f64 / hz;
        match e {
            SimEvent::PassedDoor { door, .. } => doors.entry(door).or_default().push(t),
            SimEvent::EnteredStair {
                stair, down: true, ..
            } => stairs.entry(stair).or_default().push(t),
            SimEvent::LeftBuilding { exit, .. } => exits.entry(exit).or_default().push(t),
            SimEvent::TookLift { .. } => lifts += 1,
            SimEvent::Arrived { place, .. } => *arrived.entry(place).or_default() += 1,
            SimEvent::Blocked { what, .. } => {
                if let Some(id) = what.id() {
                    blocked.push(id);
                }
            }
            _ => {}
        }
    }
    let specific = |times: Option<&Vec<f64>>, width_m: f64| {
        times.map_or(0.0, |t| peak_flow(t) / width_m.max(0.1))
    };
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
                let n = arrived.get(a.id.as_str()).copied().unwrap_or(0);
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
            let blocked_space = blocked.contains(&s.id.as_str());
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
            let times = stairs.get(st.id.as_str());
            let n = times.map_or(0, Vec::len);
            let sf = specific(times, st.width_m);
            let (cx, cy) = frame.at(centroid(&sp.polygon));
            let is_blocked = blocked.contains(&st.id.as_str());
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
            let times = doors.get(d.id.as_str());
            let n = times.map_or(0, Vec::len);
            let sf = specific(times, d.width_m);
            let (cx, cy) = frame.at(d.at);
            let r = (d.width_m * frame.scale / 2.0).max(4.0);
            let is_blocked = blocked.contains(&d.id.as_str());
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
            let times = exits.get(x.id.as_str());
            let n = times.map_or(0, Vec::len);
            let sf = specific(times, x.width_m);
            let (cx, cy) = frame.at(x.at);
            let is_blocked = blocked.contains(&x.id.as_str());
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

fn terrain_map(h: &mut String, t: &Terrain, events: &[(u64, SimEvent)]) {
    let mut arrived: BTreeMap<&str, u32> = BTreeMap::new();
    for (_, e) in events {
        if let SimEvent::Arrived { place, .. } = e {
            *arrived.entry(place.as_str()).or_default() += 1;
        }
    }
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
        let n = arrived.get(s.id.as_str()).copied().unwrap_or(0);
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

fn analysis(h: &mut String, i: &Inputs) {
    section(h, "analysis", "5 能力分析", "5 Analysis of objectives");
    sub(
        h,
        "按 HSEEP 评级：P 顺利完成；S 完成但有一定挑战（有超时）；M 完成但有重大挑战（有步骤未完成或违反）；U 未能完成（生命安全步骤未完成或违反）。",
        "HSEEP ratings: P performed without challenges; S with some challenges (some late); M with major challenges (a step not met or violated); U unable to be performed (a life-safety step not met or violated).",
    );
    for o in &i.plan.objectives {
        let r = i.report.objectives.iter().find(|x| x.id == o.id);
        let _ = write!(
            h,
            r#"<div class="obj"><h3>{} {}</h3>"#,
            rating_chip(r.and_then(|x| x.rating)),
            bi(&o.name)
        );
        if let Some(c) = &o.capability {
            let _ = write!(h, r#"<div class="ev">{}</div>"#, esc(c));
        }
        if let Some(r) = r {
            let _ = write!(h, "<p>{} {}</p>", bi2("评级依据：", "Rule:"), bi(&r.rule));
        }
        let steps: Vec<&PlanStep> = i
            .plan
            .steps
            .iter()
            .filter(|s| s.objective == o.id)
            .collect();
        let strong: Vec<String> = steps
            .iter()
            .filter(|s| {
                let mine: Vec<&TaskResult> = i
                    .report
                    .tasks
                    .iter()
                    .filter(|t| t.id == s.id && t.outcome != Outcome::NotApplicable)
                    .collect();
                !mine.is_empty() && mine.iter().all(|t| t.outcome == Outcome::Met)
            })
            .map(|s| format!("<li>{}</li>", bi(&s.title)))
            .collect();
        let weak: Vec<String> = i
            .report
            .findings
            .iter()
            .filter(|f| steps.iter().any(|s| s.id == f.task))
            .map(|f| {
                format!(
                    "<li>{} {}</li>",
                    severity_chip(f.severity),
                    bi(&f.observation)
                )
            })
            .collect();
        if !strong.is_empty() {
            let _ = write!(
                h,
                "<b>{}</b><ul>{}</ul>",
                bi2("优点", "Strengths"),
                strong.join("")
            );
        }
        if !weak.is_empty() {
            let _ = write!(
                h,
                "<b>{}</b><ul>{}</ul>",
                bi2("待改进", "Areas for improvement"),
                weak.join("")
            );
        }
        h.push_str("</div>");
    }
    h.push_str("</section>");
}

fn task_table(h: &mut String, i: &Inputs) {
    section(h, "tasks", "6 关键任务评估", "6 Critical tasks");
    sub(
        h,
        "每一步按日志逐人判定；时间为演练时间（秒），期限自步骤开始起算，恰在期限内的行动算按时。",
        "Each step is judged per person from the journal; times are drill seconds, deadlines count from the step's start, and an action exactly at the deadline is in time.",
    );
    let _ = write!(
        h,
        r#"<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th class="num">{}</th><th class="num">{}</th><th>{}</th></tr></thead><tbody>"#,
        bi2("步骤", "Step"),
        bi2("责任人 · 开始 · 要求", "Who · starts · requires"),
        bi2("结果（人次）", "Outcomes (people)"),
        bi2("期限", "Deadline"),
        bi2("权重", "Weight"),
        bi2("依据", "Source"),
    );
    for s in &i.plan.steps {
        let mine: Vec<&TaskResult> = i.report.tasks.iter().filter(|t| t.id == s.id).collect();
        let mut counts = String::new();
        for o in [
            Outcome::Met,
            Outcome::MetLate,
            Outcome::NotMet,
            Outcome::Violated,
            Outcome::NotApplicable,
        ] {
            let n = mine.iter().filter(|t| t.outcome == o).count();
            if n > 0 {
                let _ = write!(counts, "{} ×{n} ", outcome_chip(o));
            }
        }
        let rating = mine.iter().map(|t| t.rating).filter(|_| true).max();
        let _ = write!(
            h,
            r#"<tr><td>{} {}{}<div class="ev">{}</div></td><td>{}<div class="ev">{} · {}</div></td><td>{counts}</td><td class="num">{}</td><td class="num">{}</td><td class="ev">{} · {}</td></tr>"#,
            rating_letter(rating),
            bi(&s.title),
            if s.life_safety {
                format!(
                    r#" <span class="ls" title="life safety">{}</span>"#,
                    bi2("生命安全", "life safety")
                )
            } else {
                String::new()
            },
            esc(&s.id),
            bi(&crate::plan::words::responsible(&s.responsible, i.plan)),
            bi(&crate::plan::words::step_start(&s.starts, i.plan)),
            bi(&crate::plan::words::requirement(&s.requires)),
            s.deadline_s.map_or("–".into(), |d| format!("{d:.0} s")),
            s.weight,
            esc(&s.source.doc),
            esc(&s.source.clause),
        );
        let short: Vec<&&TaskResult> = mine
            .iter()
            .filter(|t| {
                matches!(
                    t.outcome,
                    Outcome::MetLate | Outcome::NotMet | Outcome::Violated
                )
            })
            .collect();
        if mine.is_empty() {
            continue;
        }
        let _ = write!(h, r#"<tr><td colspan="6">"#);
        if !short.is_empty() {
            task_rows(h, i.plan, &short);
        }
        let _ = write!(
            h,
            r#"<details><summary>{}</summary>"#,
            bi(&Text {
                zh: format!("全部 {} 人次的判定与证据", mine.len()),
                en: if mine.len() == 1 {
                    "The judgement with its evidence".to_string()
                } else {
                    format!("All {} judgements with their evidence", mine.len())
                },
            })
        );
        let all: Vec<&&TaskResult> = mine.iter().collect();
        task_rows(h, i.plan, &all);
        h.push_str("</details></td></tr>");
    }
    h.push_str("</tbody></table></section>");
}

fn task_rows(h: &mut String, plan: &Plan, rows: &[&&TaskResult]) {
    let _ = write!(
        h,
        r#"<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th class="num">{}</th><th class="num">{}</th><th class="num">{}</th><th>{}</th></tr></thead><tbody>"#,
        bi2("参演人员", "Participant"),
        bi2("角色", "Role"),
        bi2("结果", "Outcome"),
        bi2("开始", "Start"),
        bi2("期限", "Due"),
        bi2("完成", "Done"),
        bi2("证据（日志）", "Evidence (journal)"),
    );
    for t in rows {
        let ev: Vec<String> = t
            .evidence
            .iter()
            .map(|e| format!("{:.1} s: {}", e.t_s, bi(&e.text())))
            .collect();
        let _ = write!(
            h,
            r#"<tr><td>{}</td><td>{}</td><td>{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="ev">{}</td></tr>"#,
            esc(&t.participant),
            bi(&role_name(plan, &t.role)),
            outcome_chip(t.outcome),
            secs(t.started_s),
            secs(t.due_s),
            secs(t.done_s),
            ev.join("<br>")
        );
    }
    h.push_str("</tbody></table>");
}

fn findings(h: &mut String, i: &Inputs) {
    section(h, "findings", "7 发现的问题", "7 Findings");
    sub(
        h,
        "按 AQ/T 9009 分级：不足项（危及生命安全，须限期整改）、整改项（须纠正）、改进项（可改进）。",
        "Classed as in AQ/T 9009: deficiency (endangers life, must be fixed by a date), correction (must be corrected), improvement (could be better).",
    );
    if i.report.findings.is_empty() {
        let _ = write!(h, "<p>{}</p>", bi2("未发现问题。", "No findings."));
    }
    for (n, f) in i.report.findings.iter().enumerate() {
        let who = if f.who.is_empty() {
            "–".to_string()
        } else if f.who.len() > 8 {
            format!("{} … (+{})", f.who[..8].join(", "), f.who.len() - 8)
        } else {
            f.who.join(", ")
        };
        let _ = write!(
            h,
            r#"<div class="finding {sev:?}"><p><b>F{}</b> {} <b>{}</b> <span class="ev">({})</span></p><p>{}</p><p class="ev">{} {}</p><p class="rec">→ {}</p></div>"#,
            n + 1,
            severity_chip(f.severity),
            bi(&step_title(i.plan, &f.task)),
            esc(&f.task),
            bi(&f.observation),
            bi2("涉及：", "Who:"),
            esc(&who),
            bi(&f.recommendation),
            sev = f.severity,
        );
    }
    h.push_str("</section>");
}

fn improvement_plan(h: &mut String, i: &Inputs) {
    section(h, "improvement", "8 改进计划", "8 Improvement plan");
    sub(
        h,
        "纠正行动、责任方和建议完成时限（演练总结评估 → 修订预案）。时限为建议值，由演练组织单位确定。",
        "Corrective actions, owners and suggested due dates (evaluation → plan revision). Due dates are suggestions for the organising unit to set.",
    );
    if i.report.findings.is_empty() {
        let _ = write!(
            h,
            "<p>{}</p></section>",
            bi2("无需纠正行动。", "No corrective action needed.")
        );
        return;
    }
    let _ = write!(
        h,
        r#"<table><thead><tr><th>#</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>"#,
        bi2("问题", "Finding"),
        bi2("纠正行动", "Corrective action"),
        bi2("对象", "Aimed at"),
        bi2("责任方", "Owner"),
        bi2("完成时限", "Due"),
    );
    for (n, f) in i.report.findings.iter().enumerate() {
        let owner = match f.aim {
            Aim::Plan => text("预案编制与管理部门", "The plan's owner"),
            Aim::Site => text("场所管理单位", "Site management"),
            Aim::Training => {
                let mut roles: Vec<String> = Vec::new();
                for w in &f.who {
                    if let Some(t) = i.report.tasks.iter().find(|t| &t.participant == w)
                        && !roles.contains(&t.role)
                    {
                        roles.push(t.role.clone());
                    }
                }
                let names: Vec<Text> = roles.iter().map(|r| role_name(i.plan, r)).collect();
                let mut t = words::join(&names, "、", ", ");
                t.zh += "（培训负责人组织）";
                t.en += " (through the training lead)";
                t
            }
        };
        let due = match f.severity {
            FindingSeverity::Deficiency => text("下次演练前", "Before the next drill"),
            FindingSeverity::Correction => text("30 日内", "Within 30 days"),
            FindingSeverity::Improvement => text("下次预案修订时", "At the next plan revision"),
        };
        let _ = write!(
            h,
            "<tr><td>F{}</td><td>{} {}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            n + 1,
            severity_chip(f.severity),
            bi(&step_title(i.plan, &f.task)),
            bi(&f.recommendation),
            bi(&f.aim.text()),
            bi(&owner),
            bi(&due),
        );
    }
    h.push_str("</tbody></table></section>");
}

fn method(h: &mut String, i: &Inputs) {
    section(h, "method", "9 依据与方法", "9 Sources and method");
    h.push_str("<ul>");
    for s in &i.plan.sources {
        let _ = write!(h, "<li><b>{}</b> — {}</li>", esc(&s.id), esc(&s.title));
    }
    h.push_str("</ul>");
    let last = i.journal.entries.last().map_or("", |e| e.hash.as_str());
    let _ = write!(
        h,
        r#"<p class="ev">{}</p>"#,
        bi(&Text {
            zh: format!(
                "评分：各步骤按权重计分（按时完成 1，超时 ½，未完成或违反 0），满分 100；优秀 ≥ 90，良好 ≥ 75，合格 ≥ 60；存在不足项时结论最高为合格。本报告由 drillhall {} 依据演练日志自动生成，可用 `drillhall report` 从同一日志重新生成。情景 SHA-256 {}；日志 {} 条，末条哈希 {}。",
                i.report.engine_version,
                i.journal.header.scenario_sha256,
                i.journal.entries.len(),
                last
            ),
            en: format!(
                "Scoring: each step weighted (met 1, late ½, not met or violated 0), out of 100; Excellent ≥ 90, Good ≥ 75, Pass ≥ 60; a deficiency caps the conclusion at Pass. Written by drillhall {} from the drill's journal; `drillhall report` rebuilds it from the same journal. Scenario SHA-256 {}; journal of {} entries, last hash {}.",
                i.report.engine_version,
                i.journal.header.scenario_sha256,
                i.journal.entries.len(),
                last
            ),
        })
    );
    h.push_str("</section>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peak_flow_counts_the_busiest_ten_seconds() {
        let times: Vec<f64> = (0..30).map(|k| f64::from(k) * 0.5).collect();
        // 21 passages in [0, 10] s.
        assert!((peak_flow(&times) - 2.1).abs() < 1e-9);
        assert_eq!(peak_flow(&[]), 0.0);
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            esc(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert!(bi2("<", ">").contains("&lt;") && !bi2("<", ">").contains("<<"));
    }
}
