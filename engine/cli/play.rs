//! `drillhall play`: a drill in a window, or the title screen offering the shipped drills.

use super::open::{Opened, load, open_drill};
use super::report::report_after_run;
use crate::sim;
use std::path::PathBuf;

pub(super) fn play_drill(
    path: &std::path::Path,
    seed: Option<u64>,
    bot: Option<crate::scenario::schema::BotPolicy>,
    out: Option<PathBuf>,
    opts: crate::view::ViewOptions,
) -> u8 {
    if !(opts.unattended.as_ref().is_none_or(|u| {
        u.every_s > 0.0
            && u.every_s.is_finite()
            && u.at_s.iter().all(|s| *s >= 0.0 && s.is_finite())
    })) {
        eprintln!(
            "drillhall play: --every must be a positive number of seconds, --at non-negative ones"
        );
        return 1;
    }
    if let Some(dir) = opts
        .unattended
        .as_ref()
        .and_then(|u| u.screenshots.as_ref())
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        eprintln!("drillhall play: cannot write {}: {e}", dir.display());
        return 2;
    }
    // With one participant, that is who is played.
    let mut opts = opts;
    if opts.follow.is_none() {
        let l = match load(path) {
            Ok(l) => l,
            Err(code) => return code,
        };
        if let [only] = &l.scenario.participants[..] {
            opts.follow = Some(only.id.clone());
        }
    }
    // The followed participant is played by the person at the controls (a bot when unattended
    // without --bot), or by the bot asked for; the others keep the scenario's bots.
    let attended = opts.unattended.is_none();
    let (bots, humans): (Vec<sim::BotOverride>, Vec<String>) = match (bot, &opts.follow) {
        (Some(policy), Some(who)) => (
            vec![sim::BotOverride {
                who: who.clone(),
                policy,
            }],
            Vec::new(),
        ),
        (None, Some(who)) if attended => (Vec::new(), vec![who.clone()]),
        _ => (Vec::new(), Vec::new()),
    };
    let Opened {
        mut app,
        loaded,
        dir,
        journal_path,
        ..
    } = match open_drill(
        path,
        seed,
        (&bots, &humans),
        out,
        crate::app::Surface::Desktop(opts.clone()),
        "play",
    ) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let reported = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    app.insert_resource(crate::view::debrief::DrillFiles {
        dir: dir.clone(),
        journal: journal_path.clone(),
        scenario: loaded.scenario.clone(),
        reported: reported.clone(),
    });
    let exit = app.run();
    drop(app);
    // The debrief wrote the report already, unless the window closed before it.
    let debriefed = reported.load(std::sync::atomic::Ordering::Relaxed);
    if let Some(dir) = opts
        .unattended
        .as_ref()
        .and_then(|u| u.screenshots.as_ref())
    {
        println!("screenshots / 截图: {}", dir.display());
    }
    if !exit.is_success() {
        return 2;
    }
    if opts
        .unattended
        .as_ref()
        .is_some_and(|u| u.frame_bench.is_some())
    {
        return 0;
    }
    if debriefed {
        if loaded.plan.is_some() {
            println!(
                "report / 报告: {} and {}",
                dir.join("report.json").display(),
                dir.join("report.html").display()
            );
        }
        return 0;
    }
    report_after_run(&loaded, &journal_path, opts.lang, &dir)
}

/// `drillhall play` without a scenario: choose one of scenarios/ on a title screen, then play it
/// in a new process (one window event loop per process).
pub(super) fn title_screen(
    lang: crate::words::Lang,
    keys: crate::view::keys::KeyBindings,
    unattended: Option<crate::view::Unattended>,
    forward: &[std::ffi::OsString],
) -> u8 {
    let offers = crate::view::title::offers(std::path::Path::new("scenarios"));
    let shot = unattended
        .and_then(|u| u.screenshots)
        .map(|d| d.join("0000-title.png"));
    if let Some(p) = shot.as_ref().and_then(|p| p.parent())
        && let Err(e) = std::fs::create_dir_all(p)
    {
        eprintln!("drillhall play: cannot write {}: {e}", p.display());
        return 2;
    }
    let Some((path, lang)) = crate::view::title::choose(offers, lang, keys, shot) else {
        return 0;
    };
    let Ok(exe) = std::env::current_exe() else {
        eprintln!("drillhall play: cannot find its own program to open the drill");
        return 2;
    };
    let mut cmd = std::process::Command::new(exe);
    cmd.arg("play")
        .arg(&path)
        .args(["--lang", lang.code()])
        .args(forward);
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        let e = cmd.exec();
        eprintln!("drillhall play: cannot open {}: {e}", path.display());
        2
    }
    #[cfg(not(unix))]
    match cmd.status() {
        Ok(s) => s.code().map_or(2, |c| c.clamp(0, 255) as u8),
        Err(e) => {
            eprintln!("drillhall play: cannot open {}: {e}", path.display());
            2
        }
    }
}
