//! The command line: `drillhall validate FILE…`, `drillhall run SCENARIO --headless`,
//! `drillhall bench drill`. The clap definitions and the dispatch live here; each command in
//! its own file.

mod bench;
mod open;
mod play;
mod report;
mod run;
mod serve;
mod validate;

pub use run::summary_lines;
pub use validate::{exit_status, validate, write_json, write_text};

use crate::sim;
use crate::words::Lang;
use clap::{Parser, Subcommand, ValueEnum};
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
        #[arg(long, value_parser = sim::bots::parse_policy)]
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
    /// The fire kernel: one arrival-time map of `size` × `size` cells, burned out from a point.
    Fire {
        #[arg(long, default_value_t = 1000)]
        size: usize,
        #[arg(long, default_value_t = 5)]
        runs: u32,
    },
    /// The flood kernel: a `size` × `size` floodplain of 5 m cells flooded through a levee
    /// breach; cell-updates per second and simulated time per wall second, 1 and 2 threads.
    Flood {
        #[arg(long, default_value_t = 512)]
        size: usize,
        #[arg(long, default_value_t = 5)]
        runs: u32,
        /// Steps timed per run (after 30 simulated minutes of warm-up).
        #[arg(long, default_value_t = 300)]
        steps: u32,
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
        policy: sim::bots::parse_policy(policy)?,
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
        } => run::run_drill(&scenario, headless, seed, &bots, out, pace, lang),
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
                return play::title_screen(lang, keys, unattended, &forward);
            };
            let opts = crate::view::ViewOptions {
                lang,
                follow: role,
                unattended,
                reduced_motion,
                keys,
                text_scale,
                pace: 1.0,
            };
            play::play_drill(&scenario, seed, bot, out, opts)
        }
        Command::Serve { dir, port, host } => serve::serve(&dir, &host, port),
        Command::Report {
            journal,
            plan,
            scenario,
            lang,
            out,
        } => report::report_cmd(&journal, plan, scenario, lang, out),
        Command::Bench {
            what:
                Bench::Drill {
                    scenario,
                    runs,
                    seed,
                },
        } => bench::bench_drill(&scenario, runs, seed),
        Command::Bench {
            what:
                Bench::Crowd {
                    agents,
                    dt,
                    steps,
                    runs,
                },
        } => bench::bench_crowd(&agents, &dt, steps, runs),
        Command::Bench {
            what:
                Bench::Frame {
                    scenario,
                    from,
                    frames,
                    seed,
                },
        } => bench::bench_frame(&scenario, from, frames, seed),
        Command::Bench {
            what: Bench::Fire { size, runs },
        } => bench::bench_fire(size, runs),
        Command::Bench {
            what: Bench::Flood { size, runs, steps },
        } => bench::bench_flood(size, runs, steps),
    }
}
