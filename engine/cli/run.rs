//! `drillhall run SCENARIO --headless`: a drill as fast as the CPU allows, its journal and report.

use super::open::{Opened, open_drill};
use super::report::report_after_run;
use crate::sim;
use std::path::PathBuf;

pub(super) fn run_drill(
    path: &std::path::Path,
    headless: bool,
    seed: Option<u64>,
    bots: &[sim::BotOverride],
    out: Option<PathBuf>,
    pace: Option<f64>,
    lang: crate::words::Lang,
) -> u8 {
    if !headless {
        eprintln!(
            "drillhall run: add --headless (the desktop window is `drillhall play`) / 请加 --headless"
        );
        return 1;
    }
    if pace.is_some_and(|p| !(p > 0.0 && p.is_finite())) {
        eprintln!(
            "drillhall run: --pace must be a positive number of simulated seconds per second"
        );
        return 1;
    }
    let Opened {
        mut app,
        loaded,
        dir,
        journal_path,
        limit_s,
        id,
    } = match open_drill(
        path,
        seed,
        (bots, &[]),
        out,
        crate::app::Surface::Headless,
        "run",
    ) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let started = std::time::Instant::now();
    let progress = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let mut last_shown = 0u64;
    let summary = sim::run_headless(&mut app, |world| {
        let clock = world.resource::<sim::clock::DrillClock>();
        let t = clock.seconds();
        if let Some(p) = pace {
            let ahead = t / p - started.elapsed().as_secs_f64();
            if ahead > 0.0 {
                std::thread::sleep(std::time::Duration::from_secs_f64(ahead));
            }
        }
        if progress && clock.tick >= last_shown + u64::from(sim::TICK_HZ) * 10 {
            last_shown = clock.tick;
            let frac = (t / limit_s).clamp(0.0, 1.0);
            let bar = (frac * 30.0) as usize;
            eprint!(
                "\r[{}{}] {:>6.0} s / {:.0} s  {:?}   ",
                "#".repeat(bar),
                ".".repeat(30 - bar),
                t,
                limit_s,
                clock.phase
            );
        }
        world
            .resource::<sim::journal::JournalSink>()
            .error
            .is_none()
    });
    if progress {
        eprint!("\r{:70}\r", "");
    }
    if let Some(e) = &app.world().resource::<sim::journal::JournalSink>().error {
        eprintln!("drillhall run: {e}");
        return 2;
    }
    let wall = started.elapsed().as_secs_f64();
    drop(app);
    let (en, zh) = summary_lines(&id, &summary);
    println!("{en}");
    println!("{zh}");
    println!(
        "journal / 日志: {} ({} entries; {:.1} s wall, {:.0}× real time)",
        journal_path.display(),
        summary.journal_entries,
        wall,
        summary.sim_s / wall.max(1e-9)
    );
    report_after_run(&loaded, &journal_path, lang, &dir)
}

/// The one-line summary of a run, in English and Chinese.
pub fn summary_lines(id: &str, s: &sim::RunSummary) -> (String, String) {
    let (why_en, why_zh) = match s.end {
        sim::clock::EndReason::AllAccountedFor => ("everyone accounted for", "全员已清点"),
        sim::clock::EndReason::AllSettled => (
            "everyone counted, not everyone accounted for",
            "清点完毕，未能全员到位",
        ),
        sim::clock::EndReason::TimeLimit => ("time limit", "到达时限"),
        sim::clock::EndReason::Stopped => ("stopped", "中止"),
    };
    let mut en = format!(
        "{id}: ended at {:.1} s ({why_en}); {} occupants: {} out of the building, {} at their destination, {} stayed behind, {} hurt ({} unable to walk out)",
        s.sim_s,
        s.occupants,
        s.out_of_building,
        s.at_destination,
        s.stayed_behind,
        s.hurt,
        s.injured
    );
    let mut zh = format!(
        "{id}：于 {:.1} 秒结束（{why_zh}）；{} 名人员：{} 人撤出建筑，{} 人到达目的地，{} 人滞留，{} 人受伤（{} 人无法自行撤离）",
        s.sim_s,
        s.occupants,
        s.out_of_building,
        s.at_destination,
        s.stayed_behind,
        s.hurt,
        s.injured
    );
    if s.killed > 0 {
        en += &format!(", {} killed", s.killed);
        zh += &format!("，{} 人死亡", s.killed);
    }
    if s.stranded > 0 {
        en += &format!(", {} cut off", s.stranded);
        zh += &format!("，{} 人被困", s.stranded);
    }
    // "Everyone out" only when everyone is; times from the hazard first (a late signal cannot
    // shorten it), then from the signal.
    let everyone = s.out_of_building == s.occupants && s.stayed_behind == 0 && s.stranded == 0;
    let (who_en, who_zh) = if everyone {
        ("everyone out of the building", "全部撤出建筑")
    } else {
        ("the last out of the building", "最后一人撤出建筑")
    };
    match (s.evacuation_from_hazard_s, s.evacuation_s) {
        (Some(h), Some(e)) => {
            en += &format!(
                "; {who_en} {h:.1} s after the hazard began ({e:.1} s after the evacuation signal)"
            );
            zh += &format!("；险情开始后 {h:.1} 秒（疏散信号后 {e:.1} 秒）{who_zh}");
        }
        (None, Some(e)) => {
            en += &format!("; {who_en} {e:.1} s after the evacuation signal");
            zh += &format!("；疏散信号后 {e:.1} 秒{who_zh}");
        }
        (_, None) => {}
    }
    if let (Some(_), Some(c)) = (s.evacuation_s, s.capacity_s) {
        en += &format!(
            " (the stairs and exits need at least {c:.1} s for these people, whatever they do)"
        );
        zh += &format!("（按楼梯和出口通行能力，这些人员至少需要 {c:.1} 秒）");
    }
    (en, zh)
}
