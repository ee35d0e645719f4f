//! The web experience hall: its menu is the shipped experiences, its result is the evaluator's,
//! and in a real browser (Debian's Chromium driven by playwright-core) the built site loads,
//! draws, plays the home earthquake with its buttons and shows the stars. The browser test
//! builds the site (web/build.sh) and is skipped, saying so, only where Chromium, node or
//! playwright-core is missing. Its screenshots stay in target/web-screenshots/.

use crate::runtime::root;
use drillhall::app::Surface;
use drillhall::hall::{self, outcome};
use drillhall::plan::evaluate::{Outcome, evaluate};
use drillhall::rng::RunSeed;
use drillhall::scenario::schema::BotPolicy;
use drillhall::sim::{self, BotOverride, DrillSetup};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn web_menu_is_the_shipped_experiences() {
    let want = serde_json::to_string_pretty(&hall::menu().unwrap()).unwrap() + "\n";
    let path = root().join("web/site/experiences.json");
    if std::env::var_os("DRILLHALL_BLESS").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "web/site/experiences.json is not the shipped experiences; rewrite it with \
         DRILLHALL_BLESS=1 cargo test web_menu_is_the_shipped_experiences"
    );
    // Every experience has its cards, and each card says why.
    let menu: serde_json::Value = serde_json::from_str(&have).unwrap();
    for x in menu["experiences"].as_array().unwrap() {
        let cards = x["cards"].as_array().unwrap();
        assert!(cards.len() >= 2, "{}", x["id"]);
        assert!(
            cards
                .iter()
                .all(|c| c["why"]["zh"].is_string() && c["why"]["en"].is_string())
        );
    }
}

#[test]
fn hall_experiences_are_the_scenario_files() {
    for e in hall::EXPERIENCES {
        assert_eq!(
            std::fs::read_to_string(root().join(e.file)).unwrap(),
            e.src,
            "{}",
            e.file
        );
        let l = hall::load(e).unwrap();
        assert!(l.plan.is_some(), "{}: a hall experience is scored", e.id);
    }
}

/// The home earthquake natively (headless), seed 7, a bot of `policy` in the visitor's place,
/// its journal written to `journal`: the finished App, the loaded experience and the visitor.
fn home_run(
    policy: BotPolicy,
    journal: Box<dyn std::io::Write + Send + Sync>,
) -> (bevy::app::App, drillhall::scenario::LoadedScenario, String) {
    experience_run("home-earthquake", policy, journal)
}

/// The hall's experience `id` natively (headless), as [`home_run`].
fn experience_run(
    id: &str,
    policy: BotPolicy,
    journal: Box<dyn std::io::Write + Send + Sync>,
) -> (bevy::app::App, drillhall::scenario::LoadedScenario, String) {
    let e = hall::EXPERIENCES.iter().find(|e| e.id == id).unwrap();
    let loaded = hall::load(e).unwrap();
    let who = loaded.scenario.participants[0].id.clone();
    let setup = DrillSetup::new(
        &loaded,
        RunSeed(7),
        &[BotOverride {
            who: who.clone(),
            policy,
        }],
        &[],
    )
    .unwrap();
    let mut app = drillhall::app::build_app(setup, journal, Surface::Headless).unwrap();
    sim::run_headless(&mut app, |_| true);
    (app, loaded, who)
}

/// The home earthquake played by a bot of `policy` in the visitor's place: the hall's result.
fn home_outcome(policy: BotPolicy) -> outcome::HallOutcome {
    experience_outcome("home-earthquake", policy)
}

/// The hall's experience `id` played by a bot of `policy` in the visitor's place: its result.
fn experience_outcome(id: &str, policy: BotPolicy) -> outcome::HallOutcome {
    let (app, loaded, who) = experience_run(id, policy, Box::new(std::io::sink()));
    let log = app.world().resource::<sim::log::EventLog>();
    let plan = loaded.plan.as_ref().unwrap();
    outcome::of(&evaluate(&log.entries, plan), plan, &who)
}

#[test]
fn hall_result_gives_three_stars_for_the_plan_and_puts_mistakes_first() {
    let good = home_outcome(BotPolicy::FollowPlan);
    assert_eq!(good.stars, 3, "{good:#?}");
    assert!(good.steps.iter().all(|s| s.outcome == Outcome::Met));
    assert!((2..=outcome::REMEMBER_MAX).contains(&good.remember.len()));
    assert!(good.remember.iter().all(|r| r.why.is_some()));

    // Too late to cover: a life-safety step missed is one star, and it is the first thing to
    // remember.
    let late = home_outcome(BotPolicy::Late);
    assert!(late.stars < 3, "{late:#?}");
    assert!(late.score < good.score);
    let first = &late.remember[0];
    assert_ne!(first.outcome, Outcome::Met, "{late:#?}");
    assert!(first.what_happened.is_some());

    let panic = home_outcome(BotPolicy::Panic);
    assert_eq!(panic.stars, 1, "{panic:#?}");
    assert!(matches!(
        panic.remember[0].outcome,
        Outcome::Violated | Outcome::NotMet
    ));
}

/// The forest fire and the flood: the plan's way out earns three stars; breaking what each
/// teaches costs them — running uphill and downwind from the fire (the panicking hiker), going
/// back for the hut's things, wading through the flowing water — and is the first thing to
/// remember.
#[test]
fn hall_fire_and_flood_give_three_stars_for_the_plan_and_fewer_for_breaking_it() {
    for id in ["hiker-forest-fire", "family-flood"] {
        let good = experience_outcome(id, BotPolicy::FollowPlan);
        assert_eq!(good.stars, 3, "{id}: {good:#?}");
        assert!(
            good.steps.iter().all(|s| s.outcome == Outcome::Met),
            "{id}: {good:#?}"
        );
        let bad = experience_outcome(id, BotPolicy::RuleBreaker);
        assert!(bad.stars < good.stars, "{id}: {bad:#?}");
        assert!(bad.score < good.score, "{id}");
        assert_ne!(bad.remember[0].outcome, Outcome::Met, "{id}: {bad:#?}");
        assert!(bad.remember[0].what_happened.is_some(), "{id}: {bad:#?}");
    }
    let panic = experience_outcome("hiker-forest-fire", BotPolicy::Panic);
    assert_eq!(panic.stars, 1, "{panic:#?}");
    let said = format!("{:?}", panic.remember);
    assert!(
        said.contains("EscapeUphill") || said.contains("uphill") || said.contains("上坡"),
        "the panicking hiker's uphill run is not named: {said}"
    );
}

/// Chromium, node and playwright-core, or why the browser test cannot run here.
fn browser() -> Result<(), String> {
    if !std::path::Path::new("/usr/bin/chromium").exists() {
        return Err("Chromium (/usr/bin/chromium) is not installed".into());
    }
    if Command::new("node").arg("--version").output().is_err() {
        return Err("node is not installed".into());
    }
    if !root()
        .join("tools/browser/node_modules/playwright-core")
        .is_dir()
    {
        return Err("playwright-core is not installed in tools/browser".into());
    }
    Ok(())
}

/// Kills the server when the test ends, however it ends.
struct Server(std::process::Child);
impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The site built once for every browser test of this run (web/build.sh), or why not.
fn site() -> Result<(), String> {
    static BUILT: std::sync::OnceLock<Result<(), String>> = std::sync::OnceLock::new();
    BUILT
        .get_or_init(|| {
            let build = Command::new(root().join("web/build.sh"))
                .current_dir(root())
                .output()
                .map_err(|e| format!("web/build.sh: {e}"))?;
            if !build.status.success() {
                return Err(format!(
                    "web/build.sh failed:\n{}",
                    String::from_utf8_lossy(&build.stderr)
                ));
            }
            Ok(())
        })
        .clone()
}

/// `drillhall serve web/dist` on a free port: the server (killed when dropped) and its address.
fn serve() -> (Server, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_drillhall"))
        .args(["serve", "web/dist", "--port", "0"])
        .current_dir(root())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let server = Server(child);
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    (server, url)
}

/// The browser and the built site, or the test says why it cannot run (a failure under CI).
/// One browser at a time: two software-rendered pages on a small machine would starve each
/// other's frames past the visits' deadlines.
fn ready() -> Option<std::sync::MutexGuard<'static, ()>> {
    static ONE_BROWSER: std::sync::Mutex<()> = std::sync::Mutex::new(());
    if let Err(why) = browser() {
        crate::missing_tool(&why);
        return None;
    }
    let guard = ONE_BROWSER
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Err(why) = site() {
        panic!("{why}");
    }
    Some(guard)
}

#[test]
fn web_hall_earthquake_experience_in_chromium() {
    let Some(_browser) = ready() else {
        return;
    };
    let sizes: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("web/dist/build.json")).unwrap())
            .unwrap();
    println!("sizes: {}", sizes["sizes"]);
    let (_server, url) = serve();

    let shots = root().join("target/web-screenshots");
    let run = Command::new("node")
        .arg(root().join("tools/browser/hall.mjs"))
        .arg(&url)
        .arg(&shots)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "the visit failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let r: serde_json::Value = serde_json::from_str(stdout.trim().lines().last().unwrap()).unwrap();
    println!("visit: {r}");
    // Covered at the warning, held on, went out: the plan followed.
    assert_eq!(r["stars"], 3, "{r}");
    assert!(r["score"].as_f64().unwrap() >= 90.0, "{r}");
    assert!(
        r["spread"].as_f64().unwrap() >= 8.0,
        "the canvas drew a flat colour: {r}"
    );
    assert!(r["remember"].as_array().unwrap().len() >= 2, "{r}");
    for name in [
        "menu-zh",
        "menu-en",
        "phone-menu-zh",
        "cards-zh",
        "cards-en",
        "experience-shaking-zh",
        "experience-shaking-en",
        "result-zh",
        "result-en",
    ] {
        assert!(shots.join(format!("{name}.png")).is_file(), "{name}");
    }
}

/// The forest fire and the flood in Chromium, each played by a plan-following and a
/// rule-breaking bot in the visitor's place: the stars differ, the canvas shows the fire (its
/// burning and burned cells) or the water, and the time to the first frame is measured.
#[test]
fn web_hall_fire_and_flood_experiences_in_chromium() {
    let Some(_browser) = ready() else {
        return;
    };
    let (_server, url) = serve();
    let shots = root().join("target/web-screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let fire = |p: [u8; 3]| {
        let [r, g, b] = p.map(i32::from);
        // Burning (orange, glowing) or burned (charcoal, lit).
        (r > 200 && r > g + 60 && g > b) || (r < 95 && g < 95 && b < 95 && (r - b).abs() < 16)
    };
    let water = |p: [u8; 3]| p[2] > 120 && i32::from(p[2]) > i32::from(p[0]) + 50;
    type Colour<'a> = &'a dyn Fn([u8; 3]) -> bool;
    let cases: [(&str, &str, Colour); 2] = [
        ("hiker-forest-fire", "200", &fire),
        ("family-flood", "300", &water),
    ];
    for (id, shot_at, colour) in cases {
        let mut stars = Vec::new();
        for bot in ["follow-plan", "rule-breaker"] {
            let png = shots.join(format!("{id}-{bot}.png"));
            let run = Command::new("node")
                .arg(root().join("tools/browser/experience.mjs"))
                .arg(&url)
                .arg(id)
                .arg(&png)
                .args([
                    "--bot",
                    bot,
                    "--seed",
                    "7",
                    "--pace",
                    "32",
                    "--shot-at",
                    shot_at,
                ])
                .output()
                .unwrap();
            let stdout = String::from_utf8_lossy(&run.stdout);
            assert!(
                run.status.success(),
                "{id} ({bot}) failed in the browser:\n{stdout}\n{}",
                String::from_utf8_lossy(&run.stderr)
            );
            let r: serde_json::Value =
                serde_json::from_str(stdout.trim().lines().last().unwrap()).unwrap();
            let shown = crate::play::Shot::read(&png).share((0.0, 0.0, 1.0, 1.0), colour);
            println!(
                "{id} ({bot}): {} stars, score {}, first frame {:.0} ms after Start, \
                 hazard's colour {shown:.4} of the page at {} s",
                r["stars"],
                r["score"],
                r["firstFrameMs"].as_f64().unwrap_or(f64::NAN),
                r["shotAtS"]
            );
            assert!(
                shown > 0.002,
                "{id} ({bot}): no fire or water on the canvas"
            );
            stars.push(r["stars"].as_u64().unwrap());
        }
        assert!(
            stars[0] > stars[1],
            "{id}: the stars do not differ: {stars:?}"
        );
    }
}

/// The engine promises the same journal everywhere: the home earthquake with a bot in the
/// visitor's place, seed 7, in headless Chromium (wasm32, the hall's frame loop) and natively
/// (headless), hash chain for hash chain — a plan-following bot, and a panicking one (out in
/// the shaking, among the contents the physics moves). On a difference the first differing line
/// is shown.
#[test]
fn web_journal_equals_native_journal() {
    let Some(_browser) = ready() else {
        return;
    };
    let (_server, url) = serve();
    for (name, policy) in [
        ("follow-plan", BotPolicy::FollowPlan),
        ("panic", BotPolicy::Panic),
    ] {
        let run = Command::new("node")
            .arg(root().join("tools/browser/journal.mjs"))
            .arg(&url)
            .args(["--seed", "7", "--bot", name])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&run.stdout);
        assert!(
            run.status.success(),
            "the browser's drill ({name}) failed:\n{stdout}\n{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let web: serde_json::Value =
            serde_json::from_str(stdout.trim().lines().last().unwrap()).unwrap();
        let web_text = web["text"].as_str().unwrap();

        // The same experience natively: the hall's embedded files, the same seed and bot.
        let journal = hall::MemoryJournal::default();
        let _finished = home_run(policy, Box::new(journal.clone()));
        let native_text = journal.text();
        let native = hall::journal_message(&native_text);
        println!(
            "{name}: browser {} lines, last hash {}; native {} lines, last hash {}",
            web["lines"], web["last_hash"], native["lines"], native["last_hash"]
        );
        if let Some((k, (w, n))) = web_text
            .lines()
            .zip(native_text.lines())
            .enumerate()
            .find(|(_, (w, n))| w != n)
        {
            panic!(
                "{name}: the journals differ first at line {}:\nbrowser: {w}\nnative:  {n}",
                k + 1
            );
        }
        assert_eq!(
            web["lines"], native["lines"],
            "{name}: one journal is longer"
        );
        assert!(native["last_hash"].is_string());
        assert_eq!(web["last_hash"], native["last_hash"], "{name}");
    }
}
