//! Golden tests of the evaluation: the four bot policies on the school drill, asserted on the
//! report (`report.json`'s data).

use crate::runtime::{events, run};
use drillhall::plan::evaluate::{Outcome, Rating};
use drillhall::report::{self, FindingSeverity as Severity, Report, html};
use drillhall::scenario::schema::BotPolicy;
use drillhall::words::Lang;

/// The school drill of seed 11 with every participant as the scenario sets them: the drill
/// the commanders' tests compare with (run once, shared).
fn seed_11_as_set() -> &'static Report {
    static R: std::sync::OnceLock<Report> = std::sync::OnceLock::new();
    R.get_or_init(|| school_report_with_seed(11, &[("principal", BotPolicy::FollowPlan)]).0)
}

fn school_report(bots: &[(&str, BotPolicy)]) -> (Report, drillhall::journal::Verified) {
    school_report_with_seed(7, bots)
}

fn school_report_with_seed(
    seed: u64,
    bots: &[(&str, BotPolicy)],
) -> (Report, drillhall::journal::Verified) {
    let (bytes, _) = run("scenarios/school-earthquake.ron", seed, bots);
    let v = events(&bytes);
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/school-earthquake.ron");
    let plan = drillhall::scenario::load_scenario(&path)
        .unwrap()
        .plan
        .unwrap();
    (report::build(&v, &plan), v)
}

/// report.html for a school run, as `drillhall run` writes it, with its sections checked.
fn school_html(r: &Report, v: &drillhall::journal::Verified) -> String {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/school-earthquake.ron");
    let loaded = drillhall::scenario::load_scenario(&path).unwrap();
    let h = html::render(&html::Inputs {
        journal: v,
        report: r,
        plan: loaded.plan.as_ref().unwrap(),
        scenario: Some(&loaded.scenario),
        date: Some("2026-11-24".into()),
        lang: Lang::Zh,
    });
    // HSEEP AAR/IP and AQ/T 9009 order: at a glance, overview, timeline, evacuation, map,
    // analysis, tasks, findings, improvement plan, sources.
    let mut at = 0;
    for id in [
        "glance",
        "overview",
        "timeline",
        "evacuation",
        "map",
        "analysis",
        "people",
        "tasks",
        "findings",
        "improvement",
        "method",
    ] {
        let k = h
            .find(&format!(r#"<section id="{id}">"#))
            .unwrap_or_else(|| panic!("report.html lacks the section `{id}`"));
        assert!(k > at, "section `{id}` out of order");
        at = k;
    }
    // Both languages, every floor drawn, nothing fetched from the network.
    for floor in ["F1", "F2", "F3", "F4"] {
        assert!(h.contains(&format!(r#"aria-label="floor {floor}""#)));
    }
    assert!(h.contains(r#"class="zh" lang="zh">演练评估报告"#));
    assert!(h.contains(r#"class="en" lang="en">After-action report"#));
    assert!(h.contains("Content-Security-Policy"));
    for external in ["src=\"http", "href=\"http", "url(http", "@import"] {
        assert!(!h.contains(external), "report.html loads {external}…");
    }
    assert!(
        h.matches("<svg").count() >= 6,
        "timeline, curve and four floors"
    );
    h
}

fn objective(r: &Report, id: &str) -> Option<Rating> {
    r.objectives
        .iter()
        .find(|o| o.id == id)
        .and_then(|o| o.rating)
}

fn show(name: &str, r: &Report) {
    let o: Vec<String> = r
        .objectives
        .iter()
        .map(|o| format!("{} {:?}", o.id, o.rating))
        .collect();
    let f: Vec<String> = r
        .findings
        .iter()
        .map(|f| format!("{:?} {} ({})", f.severity, f.task, f.who.len()))
        .collect();
    println!(
        "{name}: score {}, {:?}, {:?}; {}; findings: {}",
        r.score,
        r.band,
        r.rating,
        o.join(", "),
        f.join(", ")
    );
}

/// Everyone following the plan (the staff member too): every objective P or S, no deficiency;
/// the 2-minute target is a finding aimed at the plan, since the building cannot meet it.
#[test]
fn follow_plan_rates_every_objective_p_or_s() {
    let (r, v) = school_report(&[("staff-fu", BotPolicy::FollowPlan)]);
    show("follow-plan", &r);
    for o in &r.objectives {
        assert!(
            matches!(o.rating, Some(Rating::P | Rating::S)),
            "{} rated {:?}: {}",
            o.id,
            o.rating,
            o.rule.en
        );
    }
    assert!(
        r.findings
            .iter()
            .all(|f| f.severity != Severity::Deficiency)
    );
    let target = r
        .findings
        .iter()
        .find(|f| f.task == "all-out-in-2-min")
        .unwrap();
    assert_eq!(target.aim, report::Aim::Plan);
    assert!(
        target
            .recommendation
            .en
            .contains("cannot be met in this building")
    );
    let e = r.evacuation.as_ref().unwrap();
    assert!(e.total_s > 120.0 && e.capacity_s.unwrap() > 120.0);
    // The third-floor door to stair B is blocked (inject #3): stair A carries the extra classes
    // and queues long after stair B has emptied — the plan's route assignment to revise.
    let queue = r
        .findings
        .iter()
        .find(|f| f.who.is_empty() && f.recommendation.en.contains("route assignment"))
        .expect("a finding on the queue at the busier stair");
    assert_eq!(queue.aim, report::Aim::Plan);
    assert!(
        queue.observation.en.starts_with("stair-a-1-2"),
        "{:?}",
        queue.observation
    );
    let a = e
        .bottlenecks
        .iter()
        .find(|b| b.id == "stair-a-1-2")
        .unwrap();
    let b = e
        .bottlenecks
        .iter()
        .find(|b| b.id == "stair-b-1-2")
        .unwrap();
    println!("bottlenecks: {a:?}, {b:?}");
    assert!(a.people > b.people && a.saturated_s > 120.0 && a.last_s > b.last_s + 60.0);
    // The pupils are held to the plan's steps for everyone, class by class (issue 18): all 24
    // classes judged on the four steps an occupant can do, every pupil counted once per step,
    // and each class that broke a rule named with its evidence (walking in the shaking: the
    // 2 % who panic at the warning, and nobody else: those on their way when the aftershock at
    // 420 s comes drop where they are and walk on when it stops).
    for step in [
        "cover-on-warning",
        "cover-on-shaking",
        "hold-on",
        "no-lift-no-return",
    ] {
        let mine: Vec<_> = r.groups.iter().filter(|g| g.id == step).collect();
        assert_eq!(mine.len(), 24, "{step}");
        let of: u32 = mine.iter().map(|g| g.people).sum();
        assert_eq!(of, 1158, "{step}");
        for g in &mine {
            assert_eq!(g.met + g.met_late + g.not_met + g.violated, g.people);
        }
    }
    let panicked = v
        .entries
        .iter()
        .filter(|e| e.event["kind"] == "Panicked")
        .count() as u32;
    let broke: u32 = r
        .groups
        .iter()
        .filter(|g| g.id == "hold-on")
        .map(|g| g.violated + g.not_met)
        .sum();
    assert!(panicked > 0 && broke <= panicked, "{broke} of {panicked}");
    for g in r.groups.iter().filter(|g| g.violated > 0) {
        let x = g.example.as_ref().unwrap();
        assert_eq!(x.outcome, Outcome::Violated);
        assert!(
            x.evidence.text().en.starts_with("moved during the shaking"),
            "{x:?}"
        );
        assert!(x.evidence.t_s < 120.0, "only in the main shock: {x:?}");
    }
    occupants_keep_still_in_the_aftershock(&v, 420.0, 430.0);
    let h = school_html(&r, &v);
    assert!(h.contains("在场人员（按班组）") && h.contains("The occupants, by group"));
    assert!(h.contains("该目标在本建筑内不可实现") && h.contains("cannot be met in this building"));
    assert!(h.contains("plan target 2:00") && h.contains("capacity bound"));
    assert!(!h.contains("chip s-Deficiency"), "no deficiency chip");
}

/// From the journal alone: no occupant is on their way from a second and a half after the
/// aftershock begins until it ends (a second to react, half a second to get down), and every
/// one of them who dropped gets up and walks on to a place afterwards.
fn occupants_keep_still_in_the_aftershock(
    v: &drillhall::journal::Verified,
    from_s: f64,
    to_s: f64,
) {
    use std::collections::BTreeMap;
    let mut since: BTreeMap<&str, f64> = BTreeMap::new();
    let mut dropped = 0;
    let mut walked_on: Vec<&str> = Vec::new();
    for e in &v.entries {
        let t = e.t_s;
        let Some(who) = e.event["who"].as_str().filter(|w| w.contains('/')) else {
            continue;
        };
        let cover = ["UnderDesk", "BesideWall", "Crouched"];
        let starts = match e.event["kind"].as_str().unwrap() {
            "StartedMoving" => true,
            "TookPosture" if cover.iter().any(|c| e.event["posture"] == *c) => false,
            "Arrived" | "Stranded" | "StayedBehind" => false,
            _ => continue,
        };
        if starts {
            since.entry(who).or_insert(t);
            continue;
        }
        let Some(from) = since.remove(who) else {
            continue;
        };
        assert!(
            !(from < to_s && t > from_s + 1.5),
            "{who} on the way from {from} s to {t} s, through the aftershock"
        );
        if (from_s..to_s).contains(&t) && e.event["kind"] == "TookPosture" {
            dropped += 1;
            walked_on.push(who);
        }
    }
    assert!(
        dropped > 50,
        "occupants were on their way when it came: {dropped}"
    );
    for who in walked_on {
        assert!(
            v.entries
                .iter()
                .any(|e| e.t_s >= to_s && e.event["kind"] == "Arrived" && e.event["who"] == who),
            "{who} dropped and never walked on"
        );
    }
}

/// The rule-breaking staff member and a rule-breaking teacher: the lift is a 不足项, and the
/// teacher's head count and report are missing.
#[test]
fn rule_breaker_lift_is_a_deficiency_and_the_count_is_missing() {
    let (r, v) = school_report(&[("teacher-4-1", BotPolicy::RuleBreaker)]);
    show("rule-breaker", &r);
    let lift = r
        .findings
        .iter()
        .find(|f| f.task == "no-lift-no-return")
        .expect("a finding on the lift");
    assert_eq!(lift.severity, Severity::Deficiency);
    assert!(lift.who.contains(&"teacher-4-1".to_string()));
    assert!(lift.who.contains(&"staff-fu".to_string()));
    let count = |id: &str| {
        r.tasks
            .iter()
            .find(|t| t.id == id && t.participant == "teacher-4-1")
            .unwrap()
            .outcome
    };
    assert_eq!(count("count-heads"), Outcome::NotMet);
    assert_eq!(count("report-count"), Outcome::NotApplicable);
    assert_eq!(objective(&r, "orderly-evacuation"), Some(Rating::U));
    assert!(r.rating == Some(Rating::U));
    let h = school_html(&r, &v);
    assert!(
        h.contains(r#"<span class="chip s-Deficiency"><span class="zh" lang="zh">不足项</span>"#)
    );
    assert!(h.contains("乘坐电梯") && h.contains("took the lift"));
    // Named as the trainer named them, the id in a tooltip (issue 18).
    assert!(
        h.contains(r#"<td><span title="teacher-4-1"><span class="zh" lang="zh">四(1)班班主任 胡老师</span>"#),
        "the teacher's rows in the task table"
    );
    let lift = r
        .findings
        .iter()
        .find(|f| f.task == "no-lift-no-return")
        .unwrap();
    // The finding's example names the trainer's name, not the id.
    let obs = &lift.observation.en;
    assert!(
        [
            "(e.g. Teacher Hu, homeroom teacher of class 4-1:",
            "(e.g. Teacher Fu (fourth-floor office):"
        ]
        .iter()
        .any(|n| obs.contains(n)),
        "{obs}"
    );
    // The conclusion is capped and says why.
    assert!(h.contains("因存在不足项，结论最高为合格") || r.score < 75.0);
}

/// Everyone a minute late: nobody takes cover within the 5 s of the warning or the shaking.
#[test]
fn late_fails_the_cover_deadline() {
    let (r, v) = school_report(&[
        ("homeroom-teacher", BotPolicy::Late),
        ("stair-guide", BotPolicy::Late),
        ("drill-commander", BotPolicy::Late),
        ("staff-fu", BotPolicy::Late),
    ]);
    show("late", &r);
    let cover: Vec<_> = r
        .tasks
        .iter()
        .filter(|t| t.id == "cover-on-warning")
        .collect();
    assert_eq!(cover.len(), 32);
    assert!(cover.iter().all(|t| t.outcome != Outcome::Met), "{cover:?}");
    assert!(matches!(
        objective(&r, "protect-during-shaking"),
        Some(Rating::M | Rating::U)
    ));
    assert!(r.score < 75.0);
    let h = school_html(&r, &v);
    let band = format!(r#"<div class="score {:?}">"#, r.band);
    assert!(h.contains(&band), "the score box shows the band");
    assert!(h.contains("chip o-MetLate") || h.contains("chip o-NotMet"));
}

/// Panicking teachers and guides run through the shaking (a life-safety violation) and get
/// hurt.
#[test]
fn panic_gets_people_hurt_and_rates_protection_u() {
    let (r, v) = school_report(&[
        ("homeroom-teacher", BotPolicy::Panic),
        ("stair-guide", BotPolicy::Panic),
    ]);
    show("panic", &r);
    assert_eq!(objective(&r, "protect-during-shaking"), Some(Rating::U));
    let ran = r
        .tasks
        .iter()
        .filter(|t| t.id == "cover-on-shaking" && t.outcome == Outcome::Violated)
        .count();
    assert!(ran >= 20, "{ran} of 30 seen running during the shaking");
    let hurt = v
        .entries
        .iter()
        .filter(|e| e.event["kind"] == "Injured")
        .filter(|e| {
            let w = e.event["who"].as_str().unwrap_or_default();
            w.starts_with("teacher-") || w.starts_with("guide-")
        })
        .count();
    assert!(hurt > 0);
    let h = school_html(&r, &v);
    assert!(h.contains(r#"<span class="chip r-U""#));
    assert!(h.contains("震时跑动") && h.contains("moved during the shaking"));
}

fn task<'a>(r: &'a Report, who: &str, step: &str) -> &'a drillhall::plan::evaluate::TaskResult {
    r.tasks
        .iter()
        .find(|t| t.participant == who && t.id == step)
        .unwrap_or_else(|| panic!("no task {step} for {who}"))
}

/// Issue 18, as a trainer tried it (seed 11): the drill commander runs out at the early warning
/// (57.7 s), walks through the whole strong shaking (60–99.6 s) and "takes cover" on the
/// playground after it stopped. Both cover steps are violated (walking in the shaking, cover too
/// late to matter), the commander's own score fails, and the others' own scores do not carry
/// the commander's failures.
#[test]
fn the_panicking_commander_walks_in_the_shaking_and_covers_too_late() {
    let (r, v) = school_report_with_seed(11, &[("principal", BotPolicy::Panic)]);
    show("panicking commander", &r);
    for step in ["cover-on-warning", "cover-on-shaking"] {
        let t = task(&r, "principal", step);
        assert_eq!(t.outcome, Outcome::Violated, "{step}: {t:?}");
        let said: Vec<String> = t.evidence.iter().map(|e| e.text().en).collect();
        assert!(
            said.iter()
                .any(|e| e.starts_with("moved during the shaking, until 1:40")),
            "{said:?}"
        );
        assert!(
            said.iter().any(|e| e.starts_with("too late to matter")),
            "{said:?}"
        );
    }
    assert_eq!(task(&r, "principal", "hold-on").outcome, Outcome::NotMet);
    let own = |who: &str| {
        r.participants
            .iter()
            .find(|p| p.participant == who)
            .unwrap()
    };
    assert_eq!(own("principal").rating, Rating::U);
    assert!(own("principal").score < 60.0, "{:?}", own("principal"));
    // A homeroom teacher who covered in time is not marked down for the commander.
    let t = own("teacher-1-3");
    assert!(t.rating != Rating::U && t.score > 80.0, "{t:?}");
    assert_eq!(r.participants.len(), 32);
    let h = school_html(&r, &v);
    assert!(h.contains(r#"<section id="people">"#) && h.contains("每名参演人员的成绩"));
    // The drill loses at least the commander's broken steps: both covers (2 + 3) and the hold
    // (2), none governing others, of the 749 weight of the drill's tasks (docs/report.md):
    // 7 / 749 = 0.9 points; and a life-safety breach caps the band at a pass.
    let good = seed_11_as_set();
    assert!(good.score - r.score >= 0.9, "{} vs {}", good.score, r.score);
    assert_eq!(r.band, drillhall::plan::evaluate::Band::Pass);
    for step in ["cover-on-warning", "cover-on-shaking"] {
        let f = r.findings.iter().find(|f| f.task == step).unwrap();
        assert_eq!(f.severity, Severity::Deficiency);
        assert!(f.who.contains(&"principal".to_string()));
    }
}

/// Issue 18, as a trainer tried it (seed 11): the commander a minute late gives the
/// evacuation signal 84 s past its deadline, holding every class in the damaged building. The
/// signal is met late but a correction (整改项), rated M, with the people held and the delay as
/// evidence; it weighs in the drill's score for the 31 who waited: 3 × 32 = 96 of 749, so
/// half of it lost is 48 / 749 = 6.4 points at least (docs/report.md, "Consequences that
/// weigh").
#[test]
fn the_late_commander_holds_the_school_and_costs_the_drill_a_correction() {
    let (r, _) = school_report_with_seed(11, &[("principal", BotPolicy::Late)]);
    show("late commander", &r);
    let signal = task(&r, "principal", "signal-evacuation");
    assert_eq!(signal.outcome, Outcome::MetLate);
    assert_eq!(signal.rating, Rating::M);
    assert_eq!((signal.governs, signal.drill_weight()), (31, 96.0));
    let held = &signal.evidence[0];
    let said = held.text().en;
    // Due 60 s after the shaking stopped (99.6 s), so at 159.6 s; 31 participants and their
    // 1,158 pupils held.
    assert_eq!(held.t_s, 159.6);
    assert!(
        said.contains("past the deadline, holding 1189 people (31 participants"),
        "{said}"
    );
    let delay_s = signal.done_s.unwrap() - 159.6;
    assert!(delay_s > 60.0, "{delay_s}");
    let f = r
        .findings
        .iter()
        .find(|f| f.task == "signal-evacuation")
        .unwrap();
    assert_eq!(f.severity, Severity::Correction);
    assert!(
        f.observation.en.contains("holding 1189 people"),
        "{:?}",
        f.observation
    );
    let good = seed_11_as_set();
    assert!(good.score - r.score >= 6.4, "{} vs {}", good.score, r.score);
    // The teachers led their classes out on the signal in time: their own scores are theirs.
    let t = r
        .participants
        .iter()
        .find(|p| p.participant == "teacher-1-3")
        .unwrap();
    assert!(t.score > 80.0, "{t:?}");
}

/// The kindergarten a trainer wrote from the format reference (tests/scenarios), with its
/// stair door jammed while the upper floor is on its way down (125 s) and forced free 40 s
/// later, and a rule-breaking teacher on the ground floor.
fn kindergarten_jammed_door(
    seed: u64,
    bots: &[(&str, BotPolicy)],
) -> (Report, drillhall::journal::Verified) {
    use drillhall::scenario::schema::Trigger;
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/scenarios/kindergarten-earthquake.ron");
    let mut loaded = drillhall::scenario::load_scenario(&path).unwrap();
    for (number, time_s) in [(1, 125.0), (3, 165.0)] {
        let inj = loaded
            .scenario
            .injects
            .iter_mut()
            .find(|i| i.number == number)
            .unwrap();
        inj.trigger = Trigger::At { time_s };
    }
    let (bytes, _) = crate::runtime::run_loaded(&loaded, seed, bots, f64::INFINITY);
    let v = events(&bytes);
    (report::build(&v, loaded.plan.as_ref().unwrap()), v)
}

/// Issue 18, the kindergarten as a trainer wrote it: those cut off behind the jammed stair
/// door are journalled once, set off when it is cleared and are back in play — every class on
/// the upper floor is judged on all 25, and only the missing child is excused; a building
/// without a lift has no lift in the evidence; everyone is out once; the drill ends "settled",
/// not "all accounted for", with a child missing.
#[test]
fn kindergarten_jammed_door_cleared_returns_the_class_to_play() {
    let (r, v) = kindergarten_jammed_door(1, &[("teacher-junior-1", BotPolicy::RuleBreaker)]);
    show("kindergarten, jammed door", &r);
    let cleared = crate::runtime::kinds(&v, "Cleared").next().unwrap().t_s;
    assert_eq!(cleared, 165.0);
    let mut cut_off: Vec<String> = crate::runtime::kinds(&v, "Stranded")
        .map(|e| e.event["who"].as_str().unwrap().to_string())
        .collect();
    let n = cut_off.len();
    cut_off.sort();
    cut_off.dedup();
    assert_eq!(n, cut_off.len(), "someone cut off journalled twice");
    assert!(
        n >= 20,
        "only {n} cut off: the block missed the upper floor"
    );
    for who in &cut_off {
        let again = crate::runtime::kinds(&v, "StartedMoving")
            .any(|e| e.event["who"] == who.as_str() && e.t_s == cleared);
        assert!(again, "{who} did not set off when the door was cleared");
    }
    for class in ["middle-2", "senior-1", "senior-2"] {
        let t = task(&r, &format!("teacher-{class}"), "all-out-in-2-min");
        let said: Vec<String> = t.evidence.iter().map(|e| e.text().en).collect();
        assert!(
            said.iter()
                .any(|e| e.starts_with("all 25 in their charge got out")),
            "{class}: {said:?}"
        );
        assert!(
            !said.iter().any(|e| e.contains("excused")),
            "{class}: {said:?}"
        );
    }
    let said: Vec<String> = task(&r, "teacher-junior-2", "all-out-in-2-min")
        .evidence
        .iter()
        .map(|e| e.text().en)
        .collect();
    assert!(said[0].starts_with("1 excused"), "{said:?}");
    // No lift in the building: the rule-breaker went back, and nothing says "lift".
    for t in r
        .tasks
        .iter()
        .filter(|t| t.participant == "teacher-junior-1")
    {
        assert!(
            t.evidence.iter().all(|e| !e.text().en.contains("lift")),
            "{}: {:?}",
            t.id,
            t.evidence
        );
    }
    let back = task(&r, "teacher-junior-1", "no-lift-no-return");
    assert_eq!(back.outcome, Outcome::Violated);
    // Out once each, however often through the door.
    let mut out: Vec<&str> = crate::runtime::kinds(&v, "LeftBuilding")
        .map(|e| e.event["who"].as_str().unwrap())
        .collect();
    out.sort_unstable();
    out.dedup();
    let e = r.evacuation.as_ref().unwrap();
    assert_eq!(e.exits.values().sum::<u32>() as usize, out.len());
    assert!(out.len() <= 165);
    assert!(e.from_hazard_s.unwrap() > e.total_s);
    // Issue 19: the missing child hides where the trainer said (`Missing(…, at:
    // Space("room-102"))`), going back there on their own, not wherever the class was.
    let hid: Vec<_> = crate::runtime::kinds(&v, "StayedBehind").collect();
    assert_eq!(hid.len(), 1, "{hid:?}");
    assert_eq!(hid[0].event["place"], "room-102");
    let who = hid[0].event["who"].as_str().unwrap();
    assert!(who.starts_with("junior-2/"), "{who}");
    let fired = crate::runtime::kinds(&v, "InjectFired")
        .find(|e| e.event["number"] == 5)
        .unwrap()
        .t_s;
    assert!(
        crate::runtime::kinds(&v, "StartedMoving").any(|e| e.event["who"] == who && e.t_s == fired),
        "{who} set off to hide when inject 5 fired"
    );
    let end = crate::runtime::kinds(&v, "DrillEnded").next().unwrap();
    assert_eq!(end.event["reason"], "AllSettled");
    assert_eq!(
        (
            end.event["accounted_for"].as_u64(),
            end.event["people"].as_u64()
        ),
        (Some(164), Some(165))
    );
}

/// Issue 18: a late commander can never improve the headline evacuation time, which counts
/// from the hazard; the time from the signal is shown beside it.
#[test]
fn kindergarten_late_principal_cannot_shorten_the_headline() {
    let (good, _) = kindergarten_jammed_door(1, &[]);
    let (late, _) = kindergarten_jammed_door(1, &[("principal", BotPolicy::Late)]);
    let (g, l) = (
        good.evacuation.clone().unwrap(),
        late.evacuation.clone().unwrap(),
    );
    println!(
        "from the hazard {:?} vs {:?}; from the signal {} vs {}",
        g.from_hazard_s, l.from_hazard_s, g.total_s, l.total_s
    );
    assert!(l.from_hazard_s.unwrap() >= g.from_hazard_s.unwrap());
    let signal = task(&late, "principal", "signal-evacuation");
    assert_eq!(signal.outcome, Outcome::MetLate);
    assert_eq!(signal.governs, 14);
    assert!(late.score < good.score);
}

/// The forest-fire ridge of seed 7 with every participant as the scenario sets them (the
/// follow-plan crew), as `drillhall run` runs it: its journal and report.html (run once, shared).
fn ridge_seed_7() -> &'static (drillhall::journal::Verified, String) {
    static R: std::sync::OnceLock<(drillhall::journal::Verified, String)> =
        std::sync::OnceLock::new();
    R.get_or_init(|| {
        let (bytes, _) = run("scenarios/forest-fire-ridge.ron", 7, &[]);
        let v = events(&bytes);
        let loaded = drillhall::scenario::load_scenario(
            &crate::runtime::root().join("scenarios/forest-fire-ridge.ron"),
        )
        .unwrap();
        let plan = loaded.plan.as_ref().unwrap();
        let r = report::build(&v, plan);
        let h = html::render(&html::Inputs {
            journal: &v,
            report: &r,
            plan,
            scenario: Some(&loaded.scenario),
            date: None,
            lang: Lang::Zh,
        });
        (v, h)
    })
}

/// The forest-fire report's fire map (seed 7, as `drillhall run` runs it): one isochrone per
/// growth report with a perimeter, a marker per ignition and spot fire and per place the front
/// reached, north arrow and scale bar, headings in both languages — after the site map.
#[test]
fn the_forest_fire_report_draws_its_fire_map() {
    use crate::runtime::kinds;
    let (v, h) = ridge_seed_7();
    let with_perimeter = kinds(v, "FireGrowth")
        .filter(|e| {
            e.event["perimeter"]
                .as_array()
                .is_some_and(|rings| !rings.is_empty())
        })
        .count();
    let spots = |spot: bool| {
        kinds(v, "FireStarted")
            .filter(|e| e.event["spot"] == spot)
            .count()
    };
    let reached = kinds(v, "FireReached")
        .filter(|e| e.event["at"].is_array())
        .count();
    println!(
        "{with_perimeter} perimeters, {} ignitions, {} spot fires, {reached} reached",
        spots(false),
        spots(true)
    );
    assert!(with_perimeter > 10 && spots(false) >= 1 && reached >= 1);
    let (map, at) = (
        h.find(r#"<section id="map">"#).unwrap(),
        h.find(r#"<section id="fire">"#).expect("a fire map"),
    );
    assert!(map < at && at < h.find(r#"<section id="analysis">"#).unwrap());
    let fire = &h[at..at + h[at..].find("</section>").unwrap()];
    assert!(fire.contains("火场图") && fire.contains("Fire map"));
    assert!(fire.contains(r#"<span class="zh" lang="zh">火线到达</span><span class="en" lang="en">Reached by the front</span>"#));
    assert_eq!(fire.matches(r#"class="iso""#).count(), with_perimeter);
    assert_eq!(fire.matches(r#"class="ignition""#).count(), spots(false));
    assert_eq!(fire.matches(r#"class="spot""#).count(), spots(true));
    assert_eq!(fire.matches(r#"class="reached""#).count(), reached);
    assert!(fire.contains(r#"class="north""#) && fire.contains(r#"class="scale""#));
    // Every SVG text is there in both languages.
    assert_eq!(
        fire.matches(r#"class="zh""#).count(),
        fire.matches(r#"class="en""#).count()
    );
    // Self-contained: nothing fetched.
    assert!(!fire.contains("href=") && !fire.contains("src="));
    // A report without fire has no fire map: the school's.
    assert!(!school_first_minute_html().contains(r#"<section id="fire">"#));
}

/// The fire map shows the crew's work and what the fire did to them (ridge, seed 7, the
/// follow-plan crew): the last reported fireline as one thick line through all its points, a
/// symbol per lookout post (filled where it sees the front), per anchor, the attacks on the map
/// and one row per attack in the bilingual "Crew at the fire" table (the six firefighters, each
/// with their sector, flame length, lookout and escape routes), and a row per person the fire
/// burned or smoked, with a marker on the map for each one the journal places.
#[test]
fn the_fire_map_shows_the_line_the_lookout_and_the_attacks() {
    use crate::runtime::kinds;
    let (v, h) = ridge_seed_7();
    let at = h.find(r#"<section id="fire">"#).expect("a fire map");
    let fire = &h[at..at + h[at..].find("</section>").unwrap()];
    let svg = &fire[..fire.find("</svg>").unwrap()];
    // The fireline: the last report's points, in the map's pixels.
    let line = kinds(v, "FirelineBuilt")
        .last()
        .expect("the crew cuts line");
    let points = line.event["points"].as_array().unwrap().len();
    assert!(points >= 2);
    let drawn = svg
        .split(r#"<polyline class="fireline" points=""#)
        .nth(1)
        .expect("the fireline is drawn");
    let drawn = &drawn[..drawn.find('"').unwrap()];
    assert_eq!(drawn.split(' ').count(), points, "{drawn}");
    assert!(fire.contains(&format!(
        "Fireline built: {:.0} m",
        line.event["length_m"].as_f64().unwrap()
    )));
    // A lookout post each, filled where the front is in sight.
    let posts: Vec<_> = kinds(v, "LookoutPosted").collect();
    assert!(!posts.is_empty());
    assert_eq!(svg.matches(r#"<g class="lookout">"#).count(), posts.len());
    for p in &posts {
        let seen = p.event["sees_front"] == true;
        assert!(svg.contains(&format!(
            "Lookout post {}: Lookout Sun Lei, {}",
            p.event["place"].as_str().unwrap(),
            if seen {
                "sees the front"
            } else {
                "front not in sight"
            }
        )));
    }
    assert!(svg.contains(r##"fill="#6a1b9a" stroke="#6a1b9a""##));
    // The anchor: one symbol per place (six firefighters, one safe anchor).
    let anchors = kinds(v, "LineAnchored").count();
    assert_eq!(anchors, 6);
    assert_eq!(svg.matches(r#"<rect class="anchor""#).count(), 1);
    assert!(svg.contains("Anchor anchor-point (safe)"));
    // The attacks: on the map, every firefighter named; in the table, a row each.
    let attacks: Vec<_> = kinds(v, "AttackBegun").collect();
    assert_eq!(attacks.len(), 6, "every firefighter engages");
    assert!(svg.contains(r#"<g class="attack">"#));
    assert!(fire.contains(
        r#"<span class="zh" lang="zh">扑火队员火场情况</span><span class="en" lang="en">Crew at the fire</span>"#
    ));
    // Escape routes the same at every attack are named once, above the table.
    let routes = &attacks[0].event["facts"]["escape_routes"];
    if attacks
        .iter()
        .all(|a| a.event["facts"]["escape_routes"] == *routes)
    {
        let n = routes.as_array().unwrap().len();
        assert!(n >= 2);
        assert!(fire.contains(&format!("Escape routes at every attack ({n}): ")));
        assert!(fire.contains("Paddy-field safety zone"));
    }
    let rows: Vec<&str> = fire.split(r#"<tr class="attack">"#).skip(1).collect();
    assert_eq!(rows.len(), attacks.len());
    for (row, a) in rows.iter().zip(&attacks) {
        let f = &a.event["facts"];
        let who = a.event["participant"].as_str().unwrap();
        // Named in both languages, and on the map's attack marker.
        let cell = &row[..row.find("</td>").unwrap()];
        assert!(
            cell.contains(r#"<span class="zh" lang="zh">扑火队员 "#),
            "{cell}"
        );
        let en = r#"<span class="en" lang="en">"#;
        let name = &row[row.find(en).unwrap() + en.len()..];
        let name = &name[..name.find('<').unwrap()];
        assert!(name.starts_with("Firefighter "), "{who}: {name}");
        assert!(svg.contains(name), "{who} ({name}) on the map");
        let (zh, en) = match f["sector"].as_str().unwrap() {
            "Head" => ("火头", "head"),
            "Flank" => ("火翼", "flank"),
            _ => ("火尾", "back"),
        };
        assert!(row.contains(&format!(
            r#"<span class="zh" lang="zh">{zh}</span><span class="en" lang="en">{en}</span>"#
        )));
        assert!(row.contains(&format!("{:.1} m", f["flame_length_m"].as_f64().unwrap())));
        let yes =
            r#"<td><span class="zh" lang="zh">是</span><span class="en" lang="en">yes</span></td>"#;
        assert_eq!(
            row.matches(yes).count(),
            usize::from(f["lookout_sees_front"] == true)
                + usize::from(f["lookout_sees_crew"] == true),
            "{row}"
        );
        let routes = f["escape_routes"].as_array().unwrap().len();
        assert!(row.contains(&format!("<td>{routes}")), "{row}");
        // Where they escaped to, when (each attacks once here).
        for e in kinds(v, "Escaping").filter(|e| e.event["participant"] == who) {
            assert!(
                row.contains(&format!("{} → ", drillhall::words::clock(e.t_s))),
                "{who}'s escape at {}: {row}",
                e.t_s
            );
        }
    }
    // Each escape an arrow on the map, its people named on it.
    let escapes: Vec<_> = kinds(v, "Escaping").collect();
    let arrows: Vec<&str> = svg.split(r#"<g class="escape"><title>"#).skip(1).collect();
    assert_eq!(escapes.is_empty(), arrows.is_empty());
    assert!(arrows.len() <= escapes.len());
    // What the fire did to people: a row per person burned or smoked, a marker where placed.
    let fire_burns: Vec<_> = kinds(v, "Injured")
        .filter(|e| {
            e.event["cause"]
                .as_str()
                .is_some_and(|c| c.starts_with("radiant heat of the fire front"))
        })
        .collect();
    let mut people: Vec<&str> = fire_burns
        .iter()
        .map(|e| e.event["who"].as_str().unwrap())
        .chain(kinds(v, "SmokeReached").map(|e| e.event["who"].as_str().unwrap()))
        .collect();
    people.sort_unstable();
    people.dedup();
    println!(
        "{points}-point line, {} posts, {} attacks, {} burns, {} people burned or smoked",
        posts.len(),
        attacks.len(),
        fire_burns.len(),
        people.len()
    );
    assert_eq!(fire.matches(r#"<tr class="harmed">"#).count(), people.len());
    // The attackers are placed (by their attacks): each one burned is on the map, the dead
    // under a black cross, the rest under a red one.
    let attackers: Vec<&str> = attacks
        .iter()
        .map(|a| a.event["participant"].as_str().unwrap())
        .collect();
    let worst = |who: &str| {
        fire_burns
            .iter()
            .filter(|e| e.event["who"] == who)
            .any(|e| e.event["severity"] == "Fatal")
    };
    let burned: Vec<&str> = attackers
        .iter()
        .copied()
        .filter(|w| fire_burns.iter().any(|e| e.event["who"] == *w))
        .collect();
    let markers: Vec<&str> = svg.split(r#"<g class="harm"><title>"#).skip(1).collect();
    let started = kinds(v, "DrillStarted").next().unwrap();
    let name_of = |who: &str| {
        started.event["participants"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == who)
            .and_then(|p| p["name"]["en"].as_str())
            .unwrap_or(who)
            .to_string()
    };
    for e in &escapes {
        let name = name_of(e.event["participant"].as_str().unwrap());
        assert!(
            arrows
                .iter()
                .any(|a| a[..a.find("</title>").unwrap()].contains(&name)),
            "{name}'s escape at {} on the map",
            e.t_s
        );
    }
    for who in &burned {
        let name = name_of(who);
        let marker = markers
            .iter()
            .find(|m| m[..m.find("</title>").unwrap()].contains(&name))
            .unwrap_or_else(|| panic!("{who} ({name}) burned but not on the map"));
        assert_eq!(marker.starts_with("死亡"), worst(who), "{who}: {marker}");
    }
    assert_eq!(
        fire.matches(r#"class="zh""#).count(),
        fire.matches(r#"class="en""#).count()
    );
}

/// report.html of the first minute of the school drill (no fire).
fn school_first_minute_html() -> String {
    let (bytes, _) = crate::runtime::run_until("scenarios/school-earthquake.ron", 7, &[], 60.0);
    let v = events(&bytes);
    let loaded = drillhall::scenario::load_scenario(
        &crate::runtime::root().join("scenarios/school-earthquake.ron"),
    )
    .unwrap();
    let plan = loaded.plan.as_ref().unwrap();
    let r = report::build(&v, plan);
    html::render(&html::Inputs {
        journal: &v,
        report: &r,
        plan,
        scenario: Some(&loaded.scenario),
        date: None,
        lang: Lang::Zh,
    })
}
