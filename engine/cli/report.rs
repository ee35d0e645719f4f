//! `drillhall report JOURNAL`: report.json and report.html rebuilt from a journal; also the
//! report written after `run` and `play`.

use super::validate::complain;
use crate::journal;
use crate::scenario;
use std::path::PathBuf;

/// After a run or a play: the report of its journal, where the scenario has a plan.
pub(super) fn report_after_run(
    loaded: &scenario::LoadedScenario,
    journal_path: &std::path::Path,
    lang: crate::words::Lang,
    dir: &std::path::Path,
) -> u8 {
    let Some(plan) = &loaded.plan else {
        return 0;
    };
    match read_journal(journal_path) {
        Ok(v) => {
            let date = crate::report::file_date(journal_path);
            write_verified_report(&v, plan, Some(&loaded.scenario), (lang, date), dir)
        }
        Err(code) => code,
    }
}

/// Read and verify a journal (a partial one too: every complete line up to a crash).
fn read_journal(path: &std::path::Path) -> Result<journal::Verified, u8> {
    let f = std::fs::File::open(path).map_err(|e| {
        eprintln!("drillhall report: cannot read {}: {e}", path.display());
        2
    })?;
    journal::verify(std::io::BufReader::new(f)).map_err(|e| {
        eprintln!("drillhall report: {}: {e}", path.display());
        1
    })
}

/// Score a journal against a plan and write report.json into `dir`.
fn write_verified_report(
    verified: &journal::Verified,
    plan: &crate::plan::Plan,
    scenario: Option<&crate::scenario::schema::Scenario>,
    (lang, date): (crate::words::Lang, Option<String>),
    dir: &std::path::Path,
) -> u8 {
    let r = match crate::report::write_files(verified, plan, scenario, (lang, date), dir) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("drillhall report: {e}");
            return 2;
        }
    };
    let rating = r.rating.map_or("–".to_string(), |x| format!("{x:?}"));
    println!(
        "report / 报告: {} and {} (score {:.1}, {:?}, rating {rating}; {} findings{})",
        dir.join("report.json").display(),
        dir.join("report.html").display(),
        r.score,
        r.band,
        r.findings.len(),
        if r.partial { "; partial journal" } else { "" }
    );
    0
}

pub(super) fn report_cmd(
    journal_path: &std::path::Path,
    plan: Option<PathBuf>,
    scenario: Option<PathBuf>,
    lang: crate::words::Lang,
    out: Option<PathBuf>,
) -> u8 {
    let verified = match read_journal(journal_path) {
        Ok(v) => v,
        Err(code) => return code,
    };
    let plan_path = plan.unwrap_or_else(|| {
        PathBuf::from("scenarios/plans").join(format!("{}.ron", verified.header.scenario_id))
    });
    let plan = match scenario::load_plan(&plan_path) {
        Ok(p) => p,
        Err(reports) => {
            complain(
                &format!(
                    "{}: not a valid plan; give one with --plan / 预案无效，请用 --plan 指定",
                    plan_path.display()
                ),
                &reports,
            );
            return 1;
        }
    };
    // The scenario only where it is the one the journal ran: another would draw the wrong map.
    let given = scenario.is_some();
    let scenario_path = scenario.unwrap_or_else(|| {
        PathBuf::from("scenarios").join(format!("{}.ron", verified.header.scenario_id))
    });
    let loaded = match scenario::load_scenario(&scenario_path).ok() {
        Some(l) if l.source_sha256 == verified.header.scenario_sha256 => Some(l),
        Some(_) if given => {
            eprintln!(
                "drillhall report: {} has changed since the run (its SHA-256 differs from the journal's); the report leaves out the map / 情景文件已改动，报告不含平面图",
                scenario_path.display()
            );
            None
        }
        None if given => {
            eprintln!(
                "drillhall report: {} is not a valid scenario; the report leaves out the map / 情景文件无效，报告不含平面图",
                scenario_path.display()
            );
            None
        }
        _ => None,
    };
    let dir = out.unwrap_or_else(|| {
        journal_path
            .parent()
            .map(std::path::Path::to_path_buf)
            .unwrap_or_default()
    });
    write_verified_report(
        &verified,
        &plan,
        loaded.as_ref().map(|l| &l.scenario),
        (lang, crate::report::file_date(journal_path)),
        &dir,
    )
}
