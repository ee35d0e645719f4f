//! Checks of the plan: the scenario's reference to it and the plan itself.

use super::{Out, ScenarioCheck};
use crate::plan::{Plan, Requirement, Responsible, StepStart};
use crate::scenario::diagnostic::{Diagnostic, DocKind, FileReport, Severity};
use crate::scenario::schema::*;
use crate::scenario::{Document, FileError, Located};
use std::collections::BTreeSet;

impl ScenarioCheck<'_> {
    pub(super) fn plan_ref(&mut self) {
        match &self.s.plan {
            None => {
                if self.s.meta.audience == Audience::Trainee {
                    self.out().warn(
                        "plan",
                        "the scenario has no plan: participants will not be scored".into(),
                        Some("add `plan: File(\"plans/….ron\")`".into()),
                    );
                }
            }
            Some(PlanRef::Inline(p)) => {
                plan(p, "plan.", self.loc, &mut self.diags);
                self.plan = Some((**p).clone());
            }
            Some(PlanRef::File(rel)) => {
                let (file, src) = match self.files.read(rel) {
                    Ok(x) => x,
                    Err(FileError::Missing(looked_at)) => {
                        self.out().err_hint(
                            "plan",
                            format!("plan file `{rel}` does not exist"),
                            format!(
                                "the path is relative to the scenario file; looked at {looked_at}"
                            ),
                        );
                        return;
                    }
                    Err(FileError::Unreadable(e)) => {
                        self.out().err("plan", format!("plan file `{rel}`: {e}"));
                        return;
                    }
                };
                match super::parse_document(&file, &src) {
                    Err(diagnostics) => {
                        self.out().err(
                            "plan",
                            format!("plan file `{rel}` has errors (listed under it)"),
                        );
                        self.plan_reports.push(FileReport {
                            file,
                            kind: Some(DocKind::Plan),
                            unreadable: None,
                            diagnostics,
                        });
                    }
                    Ok((Document::Scenario(_), _)) => {
                        self.out()
                            .err("plan", format!("`{rel}` is a scenario, not a plan"));
                    }
                    Ok((Document::Plan(p), ploc)) => {
                        let mut diags = Vec::new();
                        plan(&p, "", &ploc, &mut diags);
                        if diags.iter().any(|d| d.severity == Severity::Error) {
                            self.out().err(
                                "plan",
                                format!("plan file `{rel}` has errors (listed under it)"),
                            );
                        }
                        if !diags.is_empty() {
                            self.plan_reports.push(FileReport {
                                file,
                                kind: Some(DocKind::Plan),
                                unreadable: None,
                                diagnostics: super::sorted(diags),
                            });
                        }
                        self.plan = Some(*p);
                    }
                }
            }
        }
        if let Some(p) = &self.plan
            && p.kind != self.s.meta.kind
        {
            let msg = format!(
                "the plan is for {:?} drills, the scenario is a {:?} drill",
                p.kind, self.s.meta.kind
            );
            self.out().err("plan", msg);
        }
        if let Some(p) = &self.plan
            && self.s.meta.audience == Audience::Public
        {
            let bare: Vec<&str> = p
                .steps
                .iter()
                .filter(|s| s.why.is_none())
                .map(|s| s.id.as_str())
                .collect();
            if !bare.is_empty() {
                let msg = format!(
                    "in a public experience every step's knowledge card explains why; no `why` for: {}",
                    bare.join(", ")
                );
                self.out().warn(
                    "plan",
                    msg,
                    Some("add `why: (zh: \"…\", en: \"…\")` to the plan's steps".into()),
                );
            }
        }
    }
}

/// A step's start and, for `AnyOf`, each alternative, with their field paths.
pub(super) fn step_starts<'s>(start: &'s StepStart, path: &str) -> Vec<(String, &'s StepStart)> {
    let mut out = vec![(path.to_string(), start)];
    if let StepStart::AnyOf(v) = start {
        for (k, s) in v.iter().enumerate() {
            out.extend(step_starts(s, &format!("{path}[{k}]")));
        }
    }
    out
}

/// Check a plan; `prefix` is "" for a plan file or "plan." for a plan inline in a scenario.
pub(in crate::scenario) fn plan(
    p: &Plan,
    prefix: &str,
    loc: &Located,
    diags: &mut Vec<Diagnostic>,
) {
    let mut o = Out { loc, diags };
    let f = |rest: &str| format!("{prefix}{rest}");
    if p.format_version != FORMAT_VERSION {
        o.err_hint(
            &f("format_version"),
            format!(
                "format version {} is not supported; this drillhall reads version {FORMAT_VERSION}",
                p.format_version
            ),
            "write `format_version: 1`",
        );
    }
    if p.id.trim().is_empty() {
        o.err(&f("id"), "the plan id is empty".into());
    }
    o.text(&f("title"), &p.title);
    let sources = o.list_ids("source", &f("sources"), &p.sources, |x| &x.id);
    let roles = o.list_ids("role", &f("roles"), &p.roles, |x| &x.id);
    let objectives = o.list_ids("objective", &f("objectives"), &p.objectives, |x| &x.id);
    let steps = o.list_ids("step", &f("steps"), &p.steps, |x| &x.id);
    for (i, s) in p.sources.iter().enumerate() {
        if s.title.trim().is_empty() {
            o.err(
                &f(&format!("sources[{i}].title")),
                "the source's title is empty".into(),
            );
        }
    }
    for (i, r) in p.roles.iter().enumerate() {
        o.text(&f(&format!("roles[{i}].name")), &r.name);
        if let Some(d) = &r.duties {
            o.text(&f(&format!("roles[{i}].duties")), d);
        }
    }
    for (i, ob) in p.objectives.iter().enumerate() {
        o.text(&f(&format!("objectives[{i}].name")), &ob.name);
        if !p.steps.iter().any(|s| s.objective == ob.id) {
            o.warn(
                &f(&format!("objectives[{i}]")),
                format!("objective `{}` has no steps", ob.id),
                None,
            );
        }
    }
    if p.steps.is_empty() {
        o.err(&f("steps"), "the plan has no steps".into());
    }
    for (i, s) in p.steps.iter().enumerate() {
        let sp = |rest: &str| f(&format!("steps[{i}].{rest}"));
        let sp_until = |i: usize| f(&format!("steps[{i}].until"));
        o.known(&sp("objective"), "objective", &s.objective, &objectives);
        o.text(&sp("title"), &s.title);
        if let Responsible::Role(r) = &s.responsible {
            o.known(&sp("responsible"), "role", r, &roles);
        }
        let opens = step_starts(&s.starts, &sp("starts"))
            .into_iter()
            .map(|x| (x, false));
        let until = s.until.iter().flat_map(|u| step_starts(u, &sp_until(i)));
        for ((path, start), closes) in opens.chain(until.map(|x| (x, true))) {
            match start {
                StepStart::Step(other) if other == &s.id => {
                    let how = if closes { "closes" } else { "starts" };
                    o.err(&path, format!("step `{}` {how} on itself", s.id));
                }
                StepStart::Step(other) => {
                    // The window is judged in plan order: the step it closes on comes first.
                    let known = o.known(&path, "step", other, &steps);
                    let later = steps.get(other.as_str()).is_some_and(|&k| k > i);
                    if known && closes && later {
                        o.err_hint(
                            &path,
                            format!("step `{}` closes on `{other}`, which comes after it", s.id),
                            "list the step it closes on earlier in `steps`",
                        );
                    }
                }
                StepStart::Hazard(ev) if ev.drill_kind() != p.kind => {
                    o.err(
                        &path,
                        format!("{ev:?} does not happen in {:?} drills", p.kind),
                    );
                }
                StepStart::Warning(_) if p.kind != DrillKind::Flood => {
                    o.err(
                        &path,
                        format!("warning levels belong to flood drills, not {:?}", p.kind),
                    );
                }
                StepStart::AnyOf(v) if v.is_empty() => {
                    o.err(&path, "`AnyOf` needs at least one start".into());
                }
                _ => {}
            }
        }
        if s.until.is_some() && s.until.as_ref() == Some(&s.starts) {
            o.err(
                &sp_until(i),
                format!(
                    "step `{}` closes when it starts: it could never be done",
                    s.id
                ),
            );
        }
        if let Requirement::Hold { duration_s, .. } = &s.requires {
            o.positive(
                &sp("requires.duration_s"),
                *duration_s,
                86400.0,
                "hold duration",
            );
        }
        if let Some(d) = s.deadline_s {
            o.positive(&sp("deadline_s"), d, 7.0 * 86400.0, "deadline");
        }
        for (k, a) in s.after.iter().enumerate() {
            if a == &s.id {
                o.err(
                    &sp(&format!("after[{k}]")),
                    format!("step `{}` must come after itself", s.id),
                );
            } else {
                o.known(&sp(&format!("after[{k}]")), "step", a, &steps);
            }
        }
        o.positive(&sp("weight"), s.weight, 100.0, "weight");
        if o.known(&sp("source.doc"), "source", &s.source.doc, &sources)
            && s.source.clause.trim().is_empty()
        {
            o.err_hint(
                &sp("source.clause"),
                "the clause is empty".into(),
                "cite the section or clause, e.g. \"§3.2\"",
            );
        }
    }
    // The 四不打 rules with numbers need the plan's numbers.
    let limited = [
        crate::plan::Prohibition::AttackInHighWind,
        crate::plan::Prohibition::AttackOnSteepTerrain,
        crate::plan::Prohibition::AttackAtNight,
    ];
    if p.fire_limits.is_none()
        && let Some((i, s)) = p
            .steps
            .iter()
            .enumerate()
            .find(|(_, s)| s.prohibits.iter().any(|x| limited.contains(x)))
    {
        o.err_hint(
            &f(&format!("steps[{i}].prohibits")),
            format!(
                "step `{}` forbids attacking in high wind, on steep ground or at night, but the plan states no `fire_limits`",
                s.id
            ),
            "add `fire_limits: Some((high_wind_mps: 8.0, steep_slope_deg: 25.0, night_from: \"19:00\", night_until: \"06:00\", source: (doc: …, clause: …)))`",
        );
    }
    if let Some(l) = &p.fire_limits {
        o.positive(
            &f("fire_limits.high_wind_mps"),
            l.high_wind_mps,
            60.0,
            "high wind",
        );
        o.positive(
            &f("fire_limits.steep_slope_deg"),
            l.steep_slope_deg,
            89.0,
            "steep slope (degrees)",
        );
        for (field, v) in [
            ("night_from", &l.night_from),
            ("night_until", &l.night_until),
        ] {
            if crate::plan::clock_minutes(v).is_none() {
                o.err_hint(
                    &f(&format!("fire_limits.{field}")),
                    format!("`{v}` is not a time of day"),
                    "write 24-hour time as \"HH:MM\", e.g. \"19:00\"",
                );
            }
        }
        o.known(
            &f("fire_limits.source.doc"),
            "source",
            &l.source.doc,
            &sources,
        );
    }
    if let Some(st) = &p.staffing {
        if st.per_group.is_none() && st.children_per_adult.is_none() {
            o.err_hint(
                &f("staffing"),
                "the staffing rule states neither `per_group` nor `children_per_adult`".into(),
                "e.g. `per_group: Some(3)` for two teachers and a care worker per class",
            );
        }
        for (field, v) in [
            ("per_group", st.per_group),
            ("children_per_adult", st.children_per_adult),
        ] {
            if v == Some(0) {
                o.err(
                    &f(&format!("staffing.{field}")),
                    format!("`{field}` must be at least 1"),
                );
            }
        }
        if o.known(
            &f("staffing.source.doc"),
            "source",
            &st.source.doc,
            &sources,
        ) && st.source.clause.trim().is_empty()
        {
            o.err_hint(
                &f("staffing.source.clause"),
                "the clause is empty".into(),
                "cite the section or clause, e.g. \"§3.2\"",
            );
        }
    }
    // Ordering must be acyclic (through `after` and `starts: Step`). The loop is blamed on the
    // field that makes it (`after[k]` or `starts`); a step naming itself is reported above.
    fn deps<'s>(s: &'s crate::plan::PlanStep, at: &str) -> Vec<(String, &'s str)> {
        let mut v: Vec<(String, &str)> = s
            .after
            .iter()
            .enumerate()
            .map(|(k, a)| (format!("{at}.after[{k}]"), a.as_str()))
            .collect();
        for (path, start) in step_starts(&s.starts, &format!("{at}.starts")) {
            if let StepStart::Step(x) = start {
                v.push((path, x.as_str()));
            }
        }
        v
    }
    for (i, s) in p.steps.iter().enumerate() {
        for (path, first) in deps(s, &f(&format!("steps[{i}]"))) {
            if first == s.id {
                continue;
            }
            let mut stack: Vec<&str> = vec![first];
            let mut seen: BTreeSet<&str> = BTreeSet::new();
            let mut loops = false;
            while let Some(x) = stack.pop() {
                if x == s.id {
                    loops = true;
                    break;
                }
                if seen.insert(x)
                    && let Some(&k) = steps.get(x)
                {
                    stack.extend(deps(&p.steps[k], "").into_iter().map(|(_, d)| d));
                }
            }
            if loops {
                let field = path.rsplit_once('.').map_or(path.as_str(), |(_, f)| f);
                o.err_hint(
                    &path,
                    format!(
                        "step `{}` depends on itself: its `{field}` waits for `{first}`, and `{first}` in turn waits for `{}`",
                        s.id, s.id
                    ),
                    "one of the steps must not wait for the other: remove the `after` or change the `starts`",
                );
                break;
            }
        }
    }
}
