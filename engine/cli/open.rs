//! Opening a drill for `run` and `play`: load the scenario, draw the seed, open the journal,
//! build the App.

use super::validate::{complain, exit_status};
use crate::rng::RunSeed;
use crate::scenario;
use crate::sim;
use std::path::PathBuf;

/// Load a scenario for running, printing its problems as `validate` does.
pub(super) fn load(path: &std::path::Path) -> Result<scenario::LoadedScenario, u8> {
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

/// A drill ready to step: its App (journal open), the scenario, and where it writes.
pub(super) struct Opened {
    pub(super) app: bevy::app::App,
    pub(super) loaded: scenario::LoadedScenario,
    pub(super) dir: PathBuf,
    pub(super) journal_path: PathBuf,
    pub(super) limit_s: f64,
    pub(super) id: String,
}

/// Load a scenario, draw the seed, open the journal and build the App for a surface; `cmd`
/// names the command in messages.
pub(super) fn open_drill(
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
