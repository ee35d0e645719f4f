//! At a glance (score, key figures, the conclusion) and the exercise overview (what, when,
//! who took part, the hazard, a double-blind drill's revealed variant).

use super::{Inputs, bi, bi2, esc, rating_chip, role_name, section, step_title};
use crate::journal::events::{Driver, EndReason};
use crate::plan::evaluate::{Band, Rating};
use crate::report::analysis::{Facts, evacuation_target};
use crate::report::{Finding, FindingSeverity};
use crate::scenario::schema::Text;
use crate::scenario::words::site_ref;
use crate::words::{self, Words, clock, text};
use std::collections::BTreeMap;
use std::fmt::Write as _;

pub(super) fn glance(h: &mut String, i: &Inputs, title: &Text, f: &Facts) {
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
        let target = evacuation_target(i.plan, &r.tasks).map(|t| t.deadline_s);
        let over = target.is_some_and(|d| e.total_s > d);
        // The headline counts from the hazard, so a late signal cannot shorten it; the time
        // from the signal is what the plan's target measures.
        let headline = e.from_hazard_s.unwrap_or(e.total_s);
        let mut l = match e.from_hazard_s {
            Some(_) => Text {
                zh: format!(
                    "最后一人撤出建筑，自险情开始；自疏散信号 {}",
                    clock(e.total_s)
                ),
                en: format!(
                    "Last out of the building, from the hazard; {} from the signal",
                    clock(e.total_s)
                ),
            },
            None => Text {
                zh: "最后一人撤出建筑".into(),
                en: "Last out of the building".into(),
            },
        };
        if let Some(d) = &target {
            l.zh += &format!("（目标 {}）", clock(*d));
            l.en += &format!(" (target {})", clock(*d));
        }
        if let Some(c) = e.capacity_s {
            l.zh += &format!("；通行能力下限 {}", clock(c));
            l.en += &format!("; capacity bound {}", clock(c));
        }
        kpi(h, if over { "warn" } else { "" }, &clock(headline), &l);
    }
    if let Some((reason, acc, people)) = f.end.clone() {
        let (zh, en) = match reason {
            EndReason::AllAccountedFor => ("全员清点完毕", "everyone accounted for"),
            EndReason::AllSettled => (
                "清点完毕，有人员未找到或被困",
                "counted: someone missing or cut off",
            ),
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
        if f.serious > 0 || f.killed > 0 {
            "bad"
        } else if f.hurt > 0 {
            "warn"
        } else {
            ""
        },
        &f.hurt.to_string(),
        &Text {
            zh: if f.killed > 0 {
                format!(
                    "伤亡人数（其中 {} 人死亡，{} 人无法自行撤离）",
                    f.killed, f.serious
                )
            } else {
                format!("受伤人数（其中 {} 人无法自行撤离）", f.serious)
            },
            en: if f.killed > 0 {
                format!(
                    "People hurt or killed ({} killed, {} unable to walk out)",
                    f.killed, f.serious
                )
            } else {
                format!("People hurt ({} unable to walk out)", f.serious)
            },
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
        && let Some(d) = evacuation_target(i.plan, &r.tasks).map(|t| t.deadline_s)
    {
        if let Some(hz) = e.from_hazard_s {
            zh += &format!("险情开始后 {} 最后一人撤出建筑。", clock(hz));
            en += &format!(
                "The last person left the building {} after the hazard began. ",
                clock(hz)
            );
        }
        if e.total_s <= d {
            zh += &format!(
                "自疏散信号起疏散用时 {}，达到预案 {} 的目标。",
                clock(e.total_s),
                clock(d)
            );
            en += &format!(
                "From the evacuation signal, the evacuation took {}, within the plan's {}. ",
                clock(e.total_s),
                clock(d)
            );
        } else if e.capacity_s.is_some_and(|c| c > d) {
            zh += &format!(
                "自疏散信号起疏散用时 {}，未达到预案 {} 的目标；按楼梯和出口通行能力至少需要 {}，该目标在本建筑内不可实现，应修订预案。",
                clock(e.total_s),
                clock(d),
                clock(e.capacity_s.unwrap_or_default())
            );
            en += &format!(
                "From the evacuation signal, the evacuation took {}, over the plan's {}; the stairs and exits need at least {}, so the target cannot be met in this building and the plan should be revised. ",
                clock(e.total_s),
                clock(d),
                clock(e.capacity_s.unwrap_or_default())
            );
        } else {
            zh += &format!(
                "自疏散信号起疏散用时 {}，未达到预案 {} 的目标。",
                clock(e.total_s),
                clock(d)
            );
            en += &format!(
                "From the evacuation signal, the evacuation took {}, over the plan's {}. ",
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

pub(super) fn overview(h: &mut String, i: &Inputs, f: &Facts) {
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
