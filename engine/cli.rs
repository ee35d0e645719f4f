//! The command line: `drillhall validate FILE…`, `drillhall run SCENARIO --headless`,
//! `drillhall bench drill`.

use crate::journal;
use crate::rng::RunSeed;
use crate::scenario::{self, diagnostic::FileReport};
use crate::sim;
use crate::words::Lang;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "drillhall",
    version,
    about = "Drill and public-education simulation engine / 应急演练与科普仿真引擎"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check scenario and plan files; report every error with file:line:col.
    /// Exit status: 0 valid, 1 invalid, 2 unreadable.
    Validate {
        /// Scenario or plan files (.ron).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Run a drill and write its journal. Exit status: 0 done, 1 invalid scenario or options,
    /// 2 unreadable scenario or unwritable output.
    Run {
        /// The scenario (.ron).
        scenario: PathBuf,
        /// Without a window, as fast as the CPU allows (the desktop window is `play`).
        #[arg(long)]
        headless: bool,
        /// The run's seed; a double-blind drill draws one from the operating system without it.
        #[arg(long)]
        seed: Option<u64>,
        /// A bot for a participant or a role: ROLE=POLICY, policy one of follow-plan, panic,
        /// late, rule-breaker. Repeatable.
        #[arg(long = "bot", value_name = "ROLE=POLICY", value_parser = parse_bot)]
        bots: Vec<sim::BotOverride>,
        /// Output folder for journal.jsonl [default: runs/<scenario id>].
        #[arg(long)]
        out: Option<PathBuf>,
        /// Simulated seconds per wall-clock second (demos, tests); unlimited without it.
        #[arg(long)]
        pace: Option<f64>,
        /// The language report.html opens in (it holds both).
        #[arg(long, value_enum, default_value_t = Lang::Zh)]
        lang: Lang,
    },
    /// Play a drill in a window: the world built from the scenario, the camera on a participant,
    /// the HUD. Unattended with --screenshots/--until (tests, demos, a kiosk's attract loop).
    /// Exit status: 0 done, 1 invalid scenario or options, 2 unreadable or unwritable.
    Play {
        /// The scenario (.ron) [default: a title screen offering the drills in scenarios/].
        scenario: Option<PathBuf>,
        /// The participant (id or role) to follow [default: the only participant, else the
        /// overview]. Tab switches overview / over the shoulder / first person.
        #[arg(long)]
        role: Option<String>,
        /// The language of the window.
        #[arg(long, value_enum, default_value_t = Lang::Zh)]
        lang: Lang,
        /// A bot plays the followed participant: follow-plan, panic, late, rule-breaker.
        #[arg(long, value_parser = parse_policy)]
        bot: Option<crate::scenario::schema::BotPolicy>,
        /// Save numbered screenshots here at fixed simulated times (unattended).
        #[arg(long)]
        screenshots: Option<PathBuf>,
        /// Simulated seconds between screenshots.
        #[arg(long, default_value_t = 10.0)]
        every: f64,
        /// Screenshots at these simulated seconds instead of every --every (e.g. 30,59,75).
        #[arg(long, value_delimiter = ',')]
        at: Vec<f64>,
        /// Stop at this simulated time (unattended; also ends at the drill's end).
        #[arg(long)]
        until: Option<f64>,
        /// Replace the camera's shaking by an on-screen cue.
        #[arg(long)]
        reduced_motion: bool,
        /// Key bindings (RON; see docs/keys.ron) replacing the defaults they name.
        #[arg(long)]
        keys: Option<PathBuf>,
        /// Size of on-screen text and panels (1 = normal, 0.7–2); `+`/`-` change it in play.
        #[arg(long, default_value_t = 1.0)]
        text_scale: f32,
        #[arg(long)]
        seed: Option<u64>,
        /// Output folder for journal.jsonl [default: runs/<scenario id>].
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Rebuild report.json and report.html from a journal (also a partial one after a crash).
    /// Exit status: 0 written, 1 invalid plan or journal, 2 unreadable input or unwritable
    /// output.
    Report {
        /// The journal (journal.jsonl).
        journal: PathBuf,
        /// The plan to score against [default: scenarios/plans/<scenario id>.ron].
        #[arg(long)]
        plan: Option<PathBuf>,
        /// The scenario the journal was run from, for the titles and the map [default:
        /// scenarios/<scenario id>.ron, used only if unchanged since the run].
        #[arg(long)]
        scenario: Option<PathBuf>,
        /// The language report.html opens in (it holds both).
        #[arg(long, value_enum, default_value_t = Lang::Zh)]
        lang: Lang,
        /// Output folder [default: the journal's folder].
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Serve the built web experience hall (web/build.sh writes it to web/dist) on this
    /// machine: open the address it prints in a browser. Exit status: 2 when the folder is not
    /// a built site or the address cannot be taken.
    Serve {
        /// The built site.
        #[arg(default_value = "web/dist")]
        dir: PathBuf,
        /// Port (0: any free one; the address is printed).
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Address to listen on (0.0.0.0 to let phones on the same network in).
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
    },
    /// Benchmarks, printed as medians.
    Bench {
        #[command(subcommand)]
        what: Bench,
    },
}

#[derive(Subcommand, Debug)]
pub enum Bench {
    /// Headless drill throughput: simulated seconds per wall second ("N× real time").
    Drill {
        #[arg(default_value = "scenarios/school-earthquake.ron")]
        scenario: PathBuf,
        #[arg(long, default_value_t = 5)]
        runs: u32,
        #[arg(long, default_value_t = 7)]
        seed: u64,
    },
    /// Crowd kernel throughput: agent-steps per second in a 30 × 20 m room with four 1 m exits.
    Crowd {
        /// Crowd sizes to measure.
        #[arg(long, value_delimiter = ',', default_value = "1000,10000")]
        agents: Vec<usize>,
        /// Step sizes to measure, s (the drill engine steps at 0.1 s).
        #[arg(long, value_delimiter = ',', default_value = "0.01,0.1")]
        dt: Vec<f64>,
        /// Steps per run.
        #[arg(long, default_value_t = 300)]
        steps: u32,
        #[arg(long, default_value_t = 5)]
        runs: u32,
    },
    /// The desktop frame's CPU time (simulation + ECS, no GPU wait) with the drill's people,
    /// paced as at 60 fps. Needs a display: under Xvfb, `xvfb-run -a drillhall bench frame`.
    Frame {
        #[arg(default_value = "scenarios/school-earthquake.ron")]
        scenario: PathBuf,
        /// Simulated second to measure from (the drill runs there headless first).
        #[arg(long, default_value_t = 150.0)]
        from: f64,
        /// Frames measured (after 30 of warm-up).
        #[arg(long, default_value_t = 600)]
        frames: u32,
        #[arg(long, default_value_t = 7)]
        seed: u64,
    },
}

fn parse_bot(s: &str) -> Result<sim::BotOverride, String> {
    let (who, policy) = s
        .split_once('=')
        .ok_or_else(|| format!("`{s}`: write ROLE=POLICY, e.g. homeroom-teacher=late"))?;
    Ok(sim::BotOverride {
        who: who.trim().to_string(),
        policy: parse_policy(policy)?,
    })
}

fn parse_policy(policy: &str) -> Result<crate::scenario::schema::BotPolicy, String> {
    sim::bots::policy_from_name(policy.trim()).ok_or_else(|| {
        format!(
            "`{policy}` is not a bot policy; one of: {}",
            sim::bots::POLICY_NAMES.join(", ")
        )
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// Run a command; returns the process exit status.
pub fn run(cli: Cli) -> u8 {
    match cli.command {
        Command::Validate { files, format } => {
            let reports = validate(&files);
            let mut out = std::io::stdout().lock();
            // A closed pipe (e.g. `| head`) is not an error worth a panic.
            let _ = match format {
                Format::Text => write_text(&mut out, &reports),
                Format::Json => write_json(&mut out, &reports),
            };
            exit_status(&reports)
        }
        Command::Run {
            scenario,
            headless,
            seed,
            bots,
            out,
            pace,
            lang,
        } => run_drill(&scenario, headless, seed, &bots, out, pace, lang),
        Command::Play {
            scenario,
            role,
            lang,
            bot,
            screenshots,
            every,
            at,
            until,
            reduced_motion,
            keys,
            text_scale,
            seed,
            out,
        } => {
            if !(0.7..=2.0).contains(&text_scale) {
                eprintln!("drillhall play: --text-scale must be between 0.7 and 2");
                return 1;
            }
            // What the drill chosen on the title screen is opened with.
            let mut forward: Vec<std::ffi::OsString> =
                vec!["--text-scale".into(), text_scale.to_string().into()];
            if let Some(k) = &keys {
                forward.extend(["--keys".into(), k.clone().into_os_string()]);
            }
            let keys = match keys {
                None => crate::view::keys::KeyBindings::default(),
                Some(path) => {
                    let src = match std::fs::read_to_string(&path) {
                        Ok(s) => s,
                        Err(e) => {
                            eprintln!("drillhall play: cannot read {}: {e}", path.display());
                            return 2;
                        }
                    };
                    match crate::view::keys::KeyBindings::parse(&src, &path.display().to_string()) {
                        Ok(k) => k,
                        Err(e) => {
                            eprintln!("drillhall play: {e}");
                            return 1;
                        }
                    }
                }
            };
            let unattended =
                (screenshots.is_some() || until.is_some()).then(|| crate::view::Unattended {
                    screenshots,
                    every_s: every,
                    at_s: at,
                    until_s: until.unwrap_or(f64::INFINITY),
                    frame_bench: None,
                });
            let Some(scenario) = scenario else {
                return title_screen(lang, keys, unattended, &forward);
            };
            let opts = crate::view::ViewOptions {
                lang: lang,
                follow: role,
                unattended,
                reduced_motion,
                keys,
                text_scale,
                pace: 1.0,
            };
            play_drill(&scenario, seed, bot, out, opts)
        }
        Command::Serve { dir, port, host } => serve(&dir, &host, port),
        Command::Report {
            journal,
            plan,
            scenario,
            lang,
            out,
        } => report_cmd(&journal, plan, scenario, lang, out),
        Command::Bench {
            what:
                Bench::Drill {
                    scenario,
                    runs,
                    seed,
                },
        } => bench_drill(&scenario, runs, seed),
        Command::Bench {
            what:
                Bench::Crowd {
                    agents,
                    dt,
                    steps,
                    runs,
                },
        } => bench_crowd(&agents, &dt, steps, runs),
        Command::Bench {
            what:
                Bench::Frame {
                    scenario,
                    from,
                    frames,
                    seed,
                },
        } => {
            let opts = crate::view::ViewOptions {
                lang: crate::words::Lang::En,
                follow: None,
                unattended: Some(crate::view::Unattended {
                    screenshots: None,
                    every_s: 10.0,
                    at_s: Vec::new(),
                    until_s: f64::INFINITY,
                    frame_bench: Some(crate::view::FrameBench {
                        from_s: from,
                        frames: frames.max(10),
                    }),
                }),
                reduced_motion: false,
                keys: crate::view::keys::KeyBindings::default(),
                text_scale: 1.0,
                pace: 1.0,
            };
            let out =
                std::env::temp_dir().join(format!("drillhall-bench-frame-{}", std::process::id()));
            let code = play_drill(&scenario, Some(seed), None, Some(out.clone()), opts);
            let _ = std::fs::remove_dir_all(&out);
            code
        }
    }
}

/// Load a scenario for running, printing its problems as `validate` does.
fn load(path: &std::path::Path) -> Result<scenario::LoadedScenario, u8> {
    scenario::load_scenario(path).map_err(|reports| {
        complain(
            &format!(
                "{}: the scenario does not validate; nothing was run / 场景校验未通过，未运行",
                path.display()
            ),
            &reports,
        );
        exit_status(&reports)
    })
}

/// A headline, then the file reports as `validate` prints them, on stderr.
fn complain(headline: &str, reports: &[FileReport]) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{headline}");
    let _ = write_text(&mut err, reports);
}

/// A drill ready to step: its App (journal open), the scenario, and where it writes.
struct Opened {
    app: bevy::app::App,
    loaded: scenario::LoadedScenario,
    dir: PathBuf,
    journal_path: PathBuf,
    limit_s: f64,
    id: String,
}

/// Load a scenario, draw the seed, open the journal and build the App for a surface; `cmd`
/// names the command in messages.
fn open_drill(
    path: &std::path::Path,
    seed: Option<u64>,
    (bots, humans): (&[sim::BotOverride], &[String]),
    out: Option<PathBuf>,
    surface: crate::app::Surface,
    cmd: &str,
) -> Result<Opened, u8> {
    let loaded = load(path)?;
    let seed = match seed {
        Some(s) => RunSeed(s),
        None => match RunSeed::from_os() {
            Ok(s) => s,
            Err(e) => {
                eprintln!("drillhall {cmd}: {e}");
                return Err(2);
            }
        },
    };
    let setup = match sim::DrillSetup::new(&loaded, seed, bots, humans) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("drillhall {cmd}: {e}");
            return Err(1);
        }
    };
    let dir = out.unwrap_or_else(|| PathBuf::from("runs").join(&setup.scenario.meta.id));
    let journal_path = dir.join("journal.jsonl");
    let file =
        match std::fs::create_dir_all(&dir).and_then(|()| std::fs::File::create(&journal_path)) {
            Ok(f) => f,
            Err(e) => {
                eprintln!(
                    "drillhall {cmd}: cannot write {}: {e}",
                    journal_path.display()
                );
                return Err(2);
            }
        };
    match &setup.blind {
        Some(b) => println!(
            "double-blind drill / 双盲演练: commitment {} — the seed and the drawn variant are revealed at the journal's end",
            b.commitment
        ),
        None => println!("seed / 随机种子: {}", seed.0),
    }
    let limit_s = setup.scenario.end.time_limit_s;
    let id = setup.scenario.meta.id.clone();
    let app = match crate::app::build_app(setup, Box::new(std::io::BufWriter::new(file)), surface) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("drillhall {cmd}: {e}");
            return Err(2);
        }
    };
    if let Some(e) = app.world().get_resource::<sim::people::SetupError>() {
        eprintln!("drillhall {cmd}: {}", e.0);
        return Err(1);
    }
    Ok(Opened {
        app,
        loaded,
        dir,
        journal_path,
        limit_s,
        id,
    })
}

fn play_drill(
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

fn serve(dir: &std::path::Path, host: &str, port: u16) -> u8 {
    if !dir.join("index.html").is_file() || !dir.join("build.json").is_file() {
        eprintln!(
            "drillhall serve: {} is not a built web hall; build it with web/build.sh / 尚未构建网页体验馆，请先运行 web/build.sh",
            dir.display()
        );
        return 2;
    }
    let listener = match std::net::TcpListener::bind((host, port)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("drillhall serve: cannot listen on {host}:{port}: {e}");
            return 2;
        }
    };
    let addr = listener
        .local_addr()
        .map_or_else(|_| format!("{host}:{port}"), |a| a.to_string());
    println!(
        "serving {} at http://{addr}/ (Ctrl-C stops) / 网页体验馆：http://{addr}/",
        dir.display()
    );
    let _ = std::io::stdout().flush();
    match crate::serve::serve(dir, listener) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("drillhall serve: {}: {e}", dir.display());
            2
        }
    }
}

/// `drillhall play` without a scenario: choose one of scenarios/ on a title screen, then play it
/// in a new process (one window event loop per process).
fn title_screen(
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

fn run_drill(
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

/// After a run or a play: the report of its journal, where the scenario has a plan.
fn report_after_run(
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

fn report_cmd(
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

/// The one-line summary of a run, in English and Chinese.
pub fn summary_lines(id: &str, s: &sim::RunSummary) -> (String, String) {
    let (why_en, why_zh) = match s.end {
        sim::clock::EndReason::AllAccountedFor => ("everyone accounted for", "全员已清点"),
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
    if let Some(e) = s.evacuation_s {
        en += &format!("; everyone out of the building {e:.1} s after the evacuation signal");
        zh += &format!("；疏散信号后 {e:.1} 秒全部撤出建筑");
    }
    if let (Some(_), Some(c)) = (s.evacuation_s, s.capacity_s) {
        en += &format!(
            " (the stairs and exits need at least {c:.1} s for these people, whatever they do)"
        );
        zh += &format!("（按楼梯和出口通行能力，这些人员至少需要 {c:.1} 秒）");
    }
    (en, zh)
}

fn bench_drill(path: &std::path::Path, runs: u32, seed: u64) -> u8 {
    let loaded = match load(path) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let mut ratios = Vec::new();
    let mut setups = Vec::new();
    let mut sim_s = 0.0;
    for _ in 0..runs.max(1) {
        let t0 = std::time::Instant::now();
        let setup = match sim::DrillSetup::new(&loaded, RunSeed(seed), &[], &[]) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("drillhall bench: {e}");
                return 1;
            }
        };
        // The journal is written to memory: hashing and serialising are part of the cost.
        let mut app =
            match crate::app::build_app(setup, Box::new(Vec::new()), crate::app::Surface::Headless)
            {
                Ok(a) => a,
                Err(e) => {
                    eprintln!("drillhall bench: {e}");
                    return 2;
                }
            };
        setups.push(t0.elapsed().as_secs_f64());
        let t1 = std::time::Instant::now();
        let s = sim::run_headless(&mut app, |_| true);
        let wall = t1.elapsed().as_secs_f64();
        sim_s = s.sim_s;
        ratios.push(s.sim_s / wall.max(1e-9));
        println!(
            "run: {:.1} s simulated in {:.3} s wall = {:.0}× real time",
            s.sim_s,
            wall,
            s.sim_s / wall
        );
    }
    let (lo, hi) = (
        ratios.iter().copied().fold(f64::INFINITY, f64::min),
        ratios.iter().copied().fold(0.0, f64::max),
    );
    println!(
        "{}: {:.1} s of drill; median {:.0}× real time over {} runs (min {:.0}×, max {:.0}×); setup median {:.3} s",
        loaded.scenario.meta.id,
        sim_s,
        median(&mut ratios),
        ratios.len(),
        lo,
        hi,
        median(&mut setups)
    );
    0
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn bench_crowd(agents: &[usize], dts: &[f64], steps: u32, runs: u32) -> u8 {
    if let Some(bad) = dts.iter().find(|d| !(**d > 0.0 && **d <= 1.0)) {
        eprintln!("drillhall bench crowd: --dt {bad}: a step between 0 and 1 s");
        return 1;
    }
    println!(
        "crowd kernel, one thread: 30 × 20 m room, four 1 m exits, {steps} steps per run, median of {} runs",
        runs.max(1)
    );
    for &n in agents {
        for &dt in dts {
            let mut rates = Vec::new();
            let mut realtime = Vec::new();
            for _ in 0..runs.max(1) {
                let mut net = crate::crowd::kernel::bench_room(n);
                let mut out = Vec::new();
                let mut agent_steps = 0u64;
                let t0 = std::time::Instant::now();
                for tick in 0..u64::from(steps) {
                    out.clear();
                    net.step(dt, tick, &mut out);
                    agent_steps += net.walkers.iter().filter(|w| w.is_moving()).count() as u64;
                }
                let wall = t0.elapsed().as_secs_f64().max(1e-9);
                rates.push(agent_steps as f64 / wall);
                realtime.push(f64::from(steps) * dt / wall);
            }
            let (lo, hi) = (
                rates.iter().copied().fold(f64::INFINITY, f64::min),
                rates.iter().copied().fold(0.0, f64::max),
            );
            println!(
                "{n:>6} agents, dt {dt:.2} s: median {:.2} M agent-steps/s (min {:.2}, max {:.2}); {:.2}× real time",
                median(&mut rates) / 1e6,
                lo / 1e6,
                hi / 1e6,
                median(&mut realtime)
            );
        }
    }
    0
}

/// Check every file; a plan referenced by several scenarios is reported once.
pub fn validate(files: &[PathBuf]) -> Vec<FileReport> {
    let mut reports: Vec<FileReport> = Vec::new();
    for f in files {
        for r in scenario::check_file(f) {
            let same = |x: &FileReport| same_file(&x.file, &r.file);
            if let Some(existing) = reports.iter_mut().find(|x| same(x)) {
                for d in r.diagnostics {
                    if !existing.diagnostics.contains(&d) {
                        existing.diagnostics.push(d);
                    }
                }
            } else {
                reports.push(r);
            }
        }
    }
    reports
}

fn same_file(a: &str, b: &str) -> bool {
    a == b
        || match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
            (Ok(x), Ok(y)) => x == y,
            _ => false,
        }
}

/// 2 if any file is unreadable, else 1 if any has errors, else 0.
pub fn exit_status(reports: &[FileReport]) -> u8 {
    if reports.iter().any(|r| r.unreadable.is_some()) {
        2
    } else if reports.iter().any(|r| !r.is_valid()) {
        1
    } else {
        0
    }
}

pub fn write_text(out: &mut impl Write, reports: &[FileReport]) -> std::io::Result<()> {
    let (mut errors, mut warnings, mut bad_files) = (0, 0, 0);
    for r in reports {
        if let Some(why) = &r.unreadable {
            writeln!(out, "{}: error: {why}", r.file)?;
            bad_files += 1;
            continue;
        }
        for d in &r.diagnostics {
            writeln!(out, "{d}")?;
        }
        let e = r.errors().count();
        errors += e;
        warnings += r.diagnostics.len() - e;
        if e > 0 {
            bad_files += 1;
        }
    }
    writeln!(
        out,
        "checked {} file(s): {} valid, {bad_files} with errors; {errors} error(s), {warnings} warning(s)",
        reports.len(),
        reports.len() - bad_files
    )
}

pub fn write_json(out: &mut impl Write, reports: &[FileReport]) -> std::io::Result<()> {
    let value = serde_json::json!({
        "valid": reports.iter().all(FileReport::is_valid),
        "files": reports,
    });
    serde_json::to_writer_pretty(&mut *out, &value)?;
    writeln!(out)
}
