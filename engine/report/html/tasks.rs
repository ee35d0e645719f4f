//! The analysis per objective (HSEEP ratings, strengths, areas for improvement) and the critical
//! tasks with each person's judgement and its evidence.

use super::{
    Inputs, bi, bi2, esc, outcome_chip, rating_chip, rating_letter, role_name, secs, section,
    severity_chip, step_title, sub, who,
};
use crate::plan::PlanStep;
use crate::plan::evaluate::{Outcome, TaskResult};
use crate::scenario::schema::Text;
use crate::words::Words as _;
use std::fmt::Write as _;

pub(super) fn objectives(h: &mut String, i: &Inputs) {
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

/// Each participant's own score beside the drill's (their own tasks, the same rule).
pub(super) fn participant_scores(h: &mut String, i: &Inputs) {
    if i.report.participants.is_empty() {
        return;
    }
    section(
        h,
        "people",
        "6 每名参演人员的成绩",
        "6 Each participant's score",
    );
    sub(
        h,
        "与全场成绩相同的规则，只计本人的任务：完成 1 分、超时 ½ 分、未完成或违反 0 分，按权重折算为百分制；本人生命安全任务未完成或违反时，结论最高为合格。评级取本人任务中最差的一项。",
        "The drill's rule applied to their own tasks alone: met 1, late ½, not met or violated 0, weighted, out of 100; a life-safety task of theirs not met or violated caps their band at Pass. The rating is the worst of their tasks.",
    );
    let _ = write!(
        h,
        r#"<table><thead><tr><th>{}</th><th>{}</th><th class="num">{}</th><th>{}</th><th>{}</th><th class="num">{}</th></tr></thead><tbody>"#,
        bi2("参演人员", "Participant"),
        bi2("角色", "Role"),
        bi2("成绩", "Score"),
        bi2("结论", "Band"),
        bi2("评级", "Rating"),
        bi2("任务", "Tasks"),
    );
    for p in &i.report.participants {
        let name = i
            .scenario
            .and_then(|s| s.participants.iter().find(|x| x.id == p.participant))
            .map(|x| x.name.clone());
        let (bzh, ben) = p.band.words();
        let _ = write!(
            h,
            r#"<tr><td>{}<div class="ev">{}</div></td><td>{}</td><td class="num">{:.1}</td><td>{}</td><td>{}</td><td class="num">{}</td></tr>"#,
            name.as_ref().map_or_else(|| esc(&p.participant), bi),
            esc(&p.participant),
            bi(&role_name(i.plan, &p.role)),
            p.score,
            bi2(bzh, ben),
            rating_chip(Some(p.rating)),
            p.tasks,
        );
    }
    h.push_str("</tbody></table>");
    occupant_groups(h, i);
    h.push_str("</section>");
}

/// The occupants held to the `Everyone` steps, a row per group: of those judged, how many met
/// each step (the worst shortfall's evidence in a tooltip). Not in the score.
fn occupant_groups(h: &mut String, i: &Inputs) {
    let groups = &i.report.groups;
    if groups.is_empty() {
        return;
    }
    let mut steps: Vec<&str> = Vec::new();
    let mut names: Vec<&str> = Vec::new();
    for g in groups {
        if !steps.contains(&g.id.as_str()) {
            steps.push(&g.id);
        }
        if !names.contains(&g.group.as_str()) {
            names.push(&g.group);
        }
    }
    let _ = write!(
        h,
        r#"<h3>{}</h3><p class="sub">{}</p><table><thead><tr><th>{}</th>"#,
        bi2("在场人员（按班组）", "The occupants, by group"),
        bi2(
            "预案中“全体人员”的避险与撤离步骤逐人判定、按班组汇总（按时完成人数 / 判定人数）；不计入成绩，成绩评的是参演人员。",
            "The plan's steps for everyone (cover, reaching a place) judged person by person and summed per group (met in time / judged); not in the score, which judges the participants."
        ),
        bi2("班组", "Group"),
    );
    for id in &steps {
        let _ = write!(
            h,
            r#"<th class="wrap">{}</th>"#,
            bi(&step_title(i.plan, id))
        );
    }
    h.push_str("</tr></thead><tbody>");
    for name in names {
        let shown = i
            .scenario
            .and_then(|s| s.population.iter().find(|g| g.id == name))
            .and_then(|g| g.name.as_ref())
            .map_or_else(|| esc(name), bi);
        let _ = write!(h, r#"<tr><td class="grp">{shown}</td>"#);
        for id in &steps {
            let Some(g) = groups.iter().find(|g| g.group == name && &g.id == id) else {
                h.push_str("<td>–</td>");
                continue;
            };
            let short = g.met_late + g.not_met + g.violated;
            let tip = g.example.as_ref().map_or_else(String::new, |x| {
                let what = x.evidence.text();
                format!(
                    r#" title="{}: {} ({:.0} s)""#,
                    esc(&x.who),
                    esc(&what.en),
                    x.evidence.t_s
                )
            });
            let _ = write!(
                h,
                r#"<td class="num{}"{tip}>{} / {}</td>"#,
                if short > 0 { " warn" } else { "" },
                g.met,
                g.people
            );
        }
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table>");
}

/// The step's weight, and where others wait for it, its weight in the drill's score.
fn weight_cell(weight: f64, tasks: &[&TaskResult]) -> String {
    match tasks.iter().map(|t| t.governs).max().filter(|&n| n > 0) {
        None => format!("{weight}"),
        Some(n) => format!(
            r#"{weight}<div class="ev">{}</div>"#,
            bi2(
                &format!("演练总分中 ×{}（{n} 人等待此步）", n + 1),
                &format!("×{} in the drill's score ({n} wait for it)", n + 1)
            )
        ),
    }
}

pub(super) fn task_table(h: &mut String, i: &Inputs) {
    section(h, "tasks", "7 关键任务评估", "7 Critical tasks");
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
            weight_cell(s.weight, &mine),
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
            task_rows(h, i, &short);
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
        task_rows(h, i, &all);
        h.push_str("</details></td></tr>");
    }
    h.push_str("</tbody></table></section>");
}

fn task_rows(h: &mut String, i: &Inputs, rows: &[&&TaskResult]) {
    let plan = i.plan;
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
            who(i, &t.participant),
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
