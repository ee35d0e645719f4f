//! The findings, the improvement plan (corrective action, owner, due date) and the sources and
//! method.

use super::{Inputs, bi, bi2, esc, role_name, section, severity_chip, step_title, sub, who};
use crate::report::{Aim, FindingSeverity};
use crate::scenario::schema::Text;
use crate::words::{self, Words, text};
use std::fmt::Write as _;

pub(super) fn findings(h: &mut String, i: &Inputs) {
    section(h, "findings", "8 发现的问题", "8 Findings");
    sub(
        h,
        "按 AQ/T 9009 分级：不足项（危及生命安全，须限期整改）、整改项（须纠正）、改进项（可改进）。",
        "Classed as in AQ/T 9009: deficiency (endangers life, must be fixed by a date), correction (must be corrected), improvement (could be better).",
    );
    if i.report.findings.is_empty() {
        let _ = write!(h, "<p>{}</p>", bi2("未发现问题。", "No findings."));
    }
    for (n, f) in i.report.findings.iter().enumerate() {
        let names: Vec<String> = f.who.iter().take(8).map(|w| who(i, w)).collect();
        let who = if f.who.is_empty() {
            "–".to_string()
        } else if f.who.len() > 8 {
            format!("{} … (+{})", names.join(", "), f.who.len() - 8)
        } else {
            names.join(", ")
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
            // Already escaped, name by name.
            who,
            bi(&f.recommendation),
            sev = f.severity,
        );
    }
    h.push_str("</section>");
}

pub(super) fn improvement_plan(h: &mut String, i: &Inputs) {
    section(h, "improvement", "9 改进计划", "9 Improvement plan");
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

pub(super) fn method(h: &mut String, i: &Inputs) {
    section(h, "method", "10 依据与方法", "10 Sources and method");
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
    // Steps the journal could not show anyone doing: named, so a silent gap is not read as a
    // pass (an occupant's own action, such as switching off the power, is not simulated).
    let unjudged: Vec<String> = i
        .plan
        .steps
        .iter()
        .filter(|st| {
            !i.report.tasks.iter().any(|t| t.id == st.id)
                && !i.report.groups.iter().any(|g| g.id == st.id)
        })
        .map(|st| format!("<li>{}</li>", bi(&st.title)))
        .collect();
    if !unjudged.is_empty() {
        let _ = write!(
            h,
            r#"<p class="ev">{}</p><ul class="ev">{}</ul>"#,
            bi(&Text {
                zh: "未评判的步骤（演练日志不记录其执行人或行为，例如居民自己的操作）：".into(),
                en: "Steps not judged (the journal does not show who does them or the deed, such as an occupant's own action):".into(),
            }),
            unjudged.concat()
        );
    }
    h.push_str("</section>");
}
