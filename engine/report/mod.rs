//! The after-action report's data (`report.json`): the evaluation of a journal against a plan,
//! the findings with their recommendations, and the evacuation curve. A stable contract for
//! tools; see docs/report.md.

pub mod analysis;
mod evacuation;
mod findings;
pub mod html;

pub use evacuation::{BIN_S, Bottleneck, Evacuation, evacuation};

use crate::journal::Verified;
use crate::journal::events::SimEvent;
use crate::plan::Plan;
use crate::plan::evaluate::{Band, Rating, evaluate};
use crate::scenario::schema::Text;
use serde::{Deserialize, Serialize};

/// The version of this contract; bumped on any incompatible change.
pub const REPORT_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub report_version: u32,
    pub scenario: String,
    pub plan: String,
    /// `None` for a double-blind drill whose journal ended before the reveal.
    pub seed: Option<u64>,
    pub engine_version: String,
    pub score: f64,
    pub band: Band,
    /// The worst objective rating (HSEEP P/S/M/U).
    pub rating: Option<Rating>,
    pub objectives: Vec<crate::plan::evaluate::ObjectiveResult>,
    /// Each participant's own score, band and rating, from their own tasks.
    #[serde(default)]
    pub participants: Vec<crate::plan::evaluate::ParticipantScore>,
    pub tasks: Vec<crate::plan::evaluate::TaskResult>,
    /// The occupants' `Everyone` steps, per group (not in the score).
    #[serde(default)]
    pub groups: Vec<crate::plan::evaluate::GroupResult>,
    pub findings: Vec<Finding>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evacuation: Option<Evacuation>,
    /// The journal ended before the drill did (a crash or a stopped run).
    pub partial: bool,
}

/// AQ/T 9009 finding classes: 不足项 (life-safety deficiency), 整改项 (must be corrected),
/// 改进项 (could be improved).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum FindingSeverity {
    Deficiency,
    Correction,
    Improvement,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Aim {
    Plan,
    Training,
    Site,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub severity: FindingSeverity,
    pub task: String,
    /// Who fell short (participant ids).
    pub who: Vec<String>,
    pub observation: Text,
    pub recommendation: Text,
    pub aim: Aim,
}

/// The events of a verified journal, typed; unknown kinds (a newer engine) are skipped.
pub fn events_of(v: &Verified) -> Vec<(u64, SimEvent)> {
    v.entries
        .iter()
        .filter_map(|e| {
            serde_json::from_value(e.event.clone())
                .ok()
                .map(|ev| (e.tick, ev))
        })
        .collect()
}

/// Build the report of a journal against a plan.
pub fn build(v: &Verified, plan: &Plan) -> Report {
    let events = events_of(v);
    let ev = evaluate(&events, plan);
    let evacuation = evacuation(&events, v.header.tick_hz);
    let findings = findings::findings(&ev, plan, evacuation.as_ref());
    let partial = !events
        .iter()
        .any(|(_, e)| matches!(e, SimEvent::DrillEnded { .. }));
    let seed = v.header.seed.or_else(|| {
        events.iter().find_map(|(_, e)| {
            let SimEvent::Revealed { seed, .. } = e else {
                return None;
            };
            Some(*seed)
        })
    });
    Report {
        report_version: REPORT_VERSION,
        scenario: v.header.scenario_id.clone(),
        plan: plan.id.clone(),
        seed,
        engine_version: v.header.engine_version.clone(),
        score: ev.score,
        band: ev.band,
        rating: ev.rating,
        objectives: ev.objectives,
        participants: ev.participants,
        tasks: ev.tasks,
        groups: ev.groups,
        findings,
        evacuation,
        partial,
    }
}

/// Score a journal against a plan and write report.json and report.html into `dir`.
pub fn write_files(
    verified: &crate::journal::Verified,
    plan: &Plan,
    scenario: Option<&crate::scenario::schema::Scenario>,
    (lang, date): (crate::words::Lang, Option<String>),
    dir: &std::path::Path,
) -> Result<Report, String> {
    let r = build(verified, plan);
    let json = serde_json::to_string_pretty(&r).map_err(|e| e.to_string())?;
    let page = html::render(&html::Inputs {
        journal: verified,
        report: &r,
        plan,
        scenario,
        date,
        lang,
    });
    for (name, text) in [("report.json", json), ("report.html", page)] {
        let path = dir.join(name);
        std::fs::create_dir_all(dir)
            .and_then(|()| std::fs::write(&path, text))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(r)
}

/// The day a file was last written (UTC, YYYY-MM-DD): the day of the drill for its journal.
pub fn file_date(path: &std::path::Path) -> Option<String> {
    let t = std::fs::metadata(path).ok()?.modified().ok()?;
    let days = t.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs() / 86_400;
    Some(civil_date(days as i64))
}

/// Days since 1970-01-01 to a Gregorian date (Howard Hinnant's `civil_from_days`).
pub fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

// Names in both languages.
use crate::words::{Words, words};

words!(FindingSeverity {
    FindingSeverity::Deficiency => "不足项", "deficiency";
    FindingSeverity::Correction => "整改项", "correction";
    FindingSeverity::Improvement => "改进项", "improvement";
});

words!(Aim {
    Aim::Plan => "预案", "plan";
    Aim::Training => "培训", "training";
    Aim::Site => "场所", "site";
});
