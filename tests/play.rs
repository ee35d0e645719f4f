//! `drillhall play` unattended under Xvfb with Mesa's software renderer: a bot plays the home
//! earthquake, screenshots are taken at fixed simulated times and checked by their pixels, and
//! the played journal is the headless one. The screenshots stay in target/play-screenshots/ for
//! a person to look at. Skipped, saying so, where xvfb-run is missing.

use crate::runtime::{root, tempdir};
use std::process::Command;

/// One window at a time: `xvfb-run -a` picks a free display by looking, and two at once can
/// pick the same one (seen: both plays fail).
fn one_display() -> std::sync::MutexGuard<'static, ()> {
    static DISPLAY: std::sync::Mutex<()> = std::sync::Mutex::new(());
    DISPLAY.lock().unwrap_or_else(|e| e.into_inner())
}

/// An RGB image.
pub(crate) struct Shot {
    w: usize,
    h: usize,
    rgb: Vec<u8>,
}

impl Shot {
    pub(crate) fn read(path: &std::path::Path) -> Shot {
        let decoder =
            png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        assert_eq!(info.color_type, png::ColorType::Rgb, "{}", path.display());
        buf.truncate(info.buffer_size());
        Shot {
            w: info.width as usize,
            h: info.height as usize,
            rgb: buf,
        }
    }

    /// Pixels of a region (fractions of the width and height) that satisfy `f`, as a share.
    pub(crate) fn share(
        &self,
        (x0, y0, x1, y1): (f64, f64, f64, f64),
        f: impl Fn([u8; 3]) -> bool,
    ) -> f64 {
        let (xa, xb) = ((x0 * self.w as f64) as usize, (x1 * self.w as f64) as usize);
        let (ya, yb) = ((y0 * self.h as f64) as usize, (y1 * self.h as f64) as usize);
        let mut n = 0;
        for y in ya..yb {
            for x in xa..xb {
                let k = 3 * (y * self.w + x);
                if f([self.rgb[k], self.rgb[k + 1], self.rgb[k + 2]]) {
                    n += 1;
                }
            }
        }
        n as f64 / ((xb - xa) * (yb - ya)).max(1) as f64
    }

    fn luminance_sd(&self) -> f64 {
        let l: Vec<f64> = self
            .rgb
            .chunks(3)
            .map(|p| 0.299 * f64::from(p[0]) + 0.587 * f64::from(p[1]) + 0.114 * f64::from(p[2]))
            .collect();
        let m = l.iter().sum::<f64>() / l.len() as f64;
        (l.iter().map(|x| (x - m).powi(2)).sum::<f64>() / l.len() as f64).sqrt()
    }
}

#[test]
fn play_home_earthquake_unattended_shows_briefing_room_hud_shaking_and_debrief() {
    if Command::new("xvfb-run").arg("--help").output().is_err() {
        crate::missing_tool("xvfb-run is not installed");
        return;
    }
    let shots = root().join("target/play-screenshots/home-earthquake");
    let _ = std::fs::remove_dir_all(&shots);
    let out = tempdir("play");
    let display = one_display();
    let run = Command::new("xvfb-run")
        .args(["-a", "-s", "-screen 0 1280x720x24"])
        .arg(env!("CARGO_BIN_EXE_drillhall"))
        .args([
            "play",
            "scenarios/home-earthquake.ron",
            "--seed",
            "7",
            "--bot",
            "follow-plan",
            "--until",
            "30",
        ])
        .arg("--screenshots")
        .arg(&shots)
        .arg("--out")
        .arg(&out)
        .current_dir(root())
        .output()
        .unwrap();
    drop(display);
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "play failed: {err}");
    // Which adapter drew it (llvmpipe, lavapipe, a GPU) — shown when a picture check fails.
    let adapter: String = err
        .lines()
        .filter(|l| l.contains("AdapterInfo") || l.contains("WARN") || l.contains("ERROR"))
        .collect::<Vec<_>>()
        .join("\n");
    let names: Vec<String> = {
        let mut v: Vec<String> = std::fs::read_dir(&shots)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        names,
        [
            "0000-briefing.png",
            "0001-t00010s.png",
            "0002-t00020s.png",
            "0003-t00030s.png",
            "9999-debrief.png"
        ],
        "the briefing, screenshots at 10, 20 and 30 simulated seconds, the debrief"
    );
    // The briefing and the debrief: a dark panel across the middle with light text on it.
    for n in [&names[0], &names[4]] {
        let s = Shot::read(&shots.join(n));
        let panel = s.share((0.15, 0.12, 0.85, 0.5), |p| p.iter().all(|&c| c < 110));
        let text = s.share((0.15, 0.12, 0.85, 0.5), |p| p.iter().all(|&c| c > 200));
        println!("{n}: panel {panel:.2}, text {text:.3}");
        assert!(panel > 0.5 && text > 0.01, "{n}: no panel with text");
    }
    // The debrief scored the journal: the report is written beside it.
    assert!(
        out.join("report.html").is_file(),
        "no report after the debrief"
    );
    let names = &names[1..4];
    let shot: Vec<Shot> = names.iter().map(|n| Shot::read(&shots.join(n))).collect();
    for (n, s) in names.iter().zip(&shot) {
        let sd = s.luminance_sd();
        // The HUD: a dark panel top left with light text on it.
        let panel = s.share((0.02, 0.03, 0.35, 0.12), |p| p.iter().all(|&c| c < 130));
        let text = s.share((0.02, 0.03, 0.35, 0.12), |p| p.iter().all(|&c| c > 200));
        // The room: its floor (light wood) and walls (off-white) fill the middle.
        let room = s.share((0.25, 0.3, 0.75, 0.9), |p| {
            p[0] > 150 && p[0] >= p[1] && p[1] >= p[2] && p[0] - p[2] < 90
        });
        println!("{n}: luminance sd {sd:.1}, HUD panel {panel:.2}, text {text:.3}, room {room:.2}");
        assert!(sd > 15.0, "{n} is blank; renderer log:\n{adapter}");
        assert!(
            panel > 0.4 && text > 0.01,
            "{n}: no HUD; renderer log:\n{adapter}"
        );
        assert!(
            room > 0.3,
            "{n}: the room is not in view; renderer log:\n{adapter}"
        );
    }
    // At 20 s the ground shakes (the strong shaking is 12–42 s): the red cue top right.
    let cue = |s: &Shot| {
        s.share((0.75, 0.02, 0.99, 0.09), |p| {
            p[0] > 200 && p[1] < 120 && p[2] < 120
        })
    };
    println!(
        "shaking cue: {:.3} at 10 s, {:.3} at 20 s",
        cue(&shot[0]),
        cue(&shot[1])
    );
    assert!(cue(&shot[1]) > 0.01, "no shaking cue at 20 s");
    // The resident (orange) is on screen.
    let orange = |s: &Shot| {
        s.share((0.0, 0.0, 1.0, 1.0), |p| {
            p[0] > 190 && (90..180).contains(&p[1]) && p[2] < 90
        })
    };
    assert!(
        shot.iter().any(|s| orange(s) > 0.0005),
        "the resident is not drawn"
    );
    // The journal of the played drill is the headless one's, up to where play stopped.
    let played = std::fs::read_to_string(out.join("journal.jsonl")).unwrap();
    let head = tempdir("play-headless");
    let (code, _, err) = crate::runtime::drillhall(&[
        "run",
        "scenarios/home-earthquake.ron",
        "--headless",
        "--seed",
        "7",
        "--out",
        &head.to_string_lossy(),
    ]);
    assert_eq!(code, 0, "{err}");
    let headless = std::fs::read_to_string(head.join("journal.jsonl")).unwrap();
    let lines = played.lines().count();
    assert!(lines > 5);
    assert!(
        headless.lines().take(lines).eq(played.lines()),
        "the played journal differs from the headless run"
    );
}

/// `drillhall play` without a scenario shows the title screen listing the shipped drills.
#[test]
fn play_without_a_scenario_offers_the_drills_on_a_title_screen() {
    if Command::new("xvfb-run").arg("--help").output().is_err() {
        crate::missing_tool("xvfb-run is not installed");
        return;
    }
    let shots = root().join("target/play-screenshots/title");
    let _ = std::fs::remove_dir_all(&shots);
    let _display = one_display();
    let run = Command::new("xvfb-run")
        .args(["-a", "-s", "-screen 0 1280x720x24"])
        .arg(env!("CARGO_BIN_EXE_drillhall"))
        .arg("play")
        .arg("--screenshots")
        .arg(&shots)
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "play failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let s = Shot::read(&shots.join("0000-title.png"));
    // Seven lines of coloured text on the dark screen: light pixels in the list's rows.
    let text = s.share((0.08, 0.22, 0.8, 0.65), |p| p.iter().any(|&c| c > 180));
    println!("title: text share {text:.3}");
    assert!(text > 0.02, "no list of drills on the title screen");
}

/// Plays the shipped drill `name` unattended to its end with seed 1 and bots for everyone,
/// screenshots at `at_s` (seconds), and checks the played journal is the headless one: its hash
/// is the fixture's (tests/fixtures/journal-hashes.txt). Returns the drill's screenshots.
fn play_terrain_drill(name: &str, at_s: &str) -> Vec<(String, Shot)> {
    let shots = root().join(format!("target/play-screenshots/{name}"));
    let _ = std::fs::remove_dir_all(&shots);
    // Its own folder: the two terrain drills play at once, and tempdir is per process.
    let out = tempdir(&format!("play-{name}"));
    let display = one_display();
    let run = Command::new("xvfb-run")
        .args(["-a", "-s", "-screen 0 1280x720x24"])
        .arg(env!("CARGO_BIN_EXE_drillhall"))
        .args(["play", &format!("scenarios/{name}.ron"), "--seed", "1"])
        .args(["--lang", "en", "--at", at_s, "--screenshots"])
        .arg(&shots)
        .arg("--out")
        .arg(&out)
        .current_dir(root())
        .output()
        .unwrap();
    drop(display);
    let err = String::from_utf8_lossy(&run.stderr);
    let tail: String = err
        .lines()
        .filter(|l| !l.contains("ICU4X") && !l.contains("ALSA"))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        run.status.success(),
        "play failed ({}): {}",
        run.status,
        &tail[tail.len().saturating_sub(3000)..]
    );
    let journal = std::fs::read(out.join("journal.jsonl")).unwrap();
    let fixtures =
        std::fs::read_to_string(root().join("tests/fixtures/journal-hashes.txt")).unwrap();
    let want = fixtures
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{name} 1 ")))
        .unwrap_or_else(|| panic!("no fixture for {name} seed 1"));
    assert_eq!(
        drillhall::scenario::sha256_hex(&journal),
        want.split_whitespace().next().unwrap_or(""),
        "the played journal of {name} is not the headless one (the fixture's)"
    );
    let mut names: Vec<String> = std::fs::read_dir(&shots)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("-t"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| {
            let s = Shot::read(&shots.join(&n));
            (n, s)
        })
        .collect()
}

/// The map below the HUD and left of the legend (both carry the map's colours).
const MAP: (f64, f64, f64, f64) = (0.0, 0.25, 0.85, 1.0);

#[test]
fn play_forest_fire_shows_the_front_and_the_burned_ground_growing() {
    if Command::new("xvfb-run").arg("--help").output().is_err() {
        crate::missing_tool("xvfb-run is not installed");
        return;
    }
    // Seed 1 draws the ignition at 12:47 on the slope above the village.
    let shots = play_terrain_drill("forest-fire-ridge", "1200,7200");
    let burned = |p: [u8; 3]| {
        let (lo, hi) = (p.iter().min().unwrap(), p.iter().max().unwrap());
        // Charcoal, lit by the sun and the sky: a dark neutral grey.
        *hi < 95 && hi - lo < 16
    };
    let burning = |p: [u8; 3]| {
        let [r, g, b] = p.map(i32::from);
        r > 200 && r > g + 60 && g > b
    };
    let share = |n: usize, f: &dyn Fn([u8; 3]) -> bool| shots[n].1.share(MAP, f);
    for (n, s) in &shots {
        println!(
            "{n}: burned {:.4}, burning {:.4}, luminance sd {:.1}",
            s.share(MAP, burned),
            s.share(MAP, burning),
            s.luminance_sd()
        );
    }
    assert_eq!(
        shots[0].0,
        "0001-t01200s.png",
        "{:?}",
        shots.iter().map(|s| &s.0).collect::<Vec<_>>()
    );
    assert_eq!(shots[1].0, "0002-t07200s.png");
    // Seven minutes after the ignition little has burned; two hours on, the front (orange,
    // glowing) rings a wide burned (charcoal) area.
    assert!(
        share(1, &burned) > 0.005 && share(1, &burned) > 5.0 * share(0, &burned),
        "burned ground does not grow"
    );
    assert!(
        share(1, &burning) > 0.003 && share(1, &burning) > share(0, &burning),
        "the burning front does not grow"
    );
}

#[test]
fn play_flood_shows_the_water_rising_over_the_village() {
    if Command::new("xvfb-run").arg("--help").output().is_err() {
        crate::missing_tool("xvfb-run is not installed");
        return;
    }
    let shots = play_terrain_drill("flood-village", "1800,14400");
    let deep = |p: [u8; 3]| p[2] > 120 && i32::from(p[2]) > i32::from(p[0]) + 50;
    let closed = |p: [u8; 3]| p[0] > 190 && p[1] < 110 && p[2] < 110;
    for (n, s) in &shots {
        println!(
            "{n}: water {:.4}, closed roads {:.4}",
            s.share(MAP, deep),
            s.share(MAP, closed)
        );
    }
    assert_eq!(
        shots[0].0,
        "0001-t01800s.png",
        "{:?}",
        shots.iter().map(|s| &s.0).collect::<Vec<_>>()
    );
    let share = |n: usize, f: &dyn Fn([u8; 3]) -> bool| shots[n].1.share(MAP, f);
    // At 30 min the river is in its channel; at 4 h the breach's water lies over the village
    // and the roads through it are closed.
    assert!(
        share(1, &deep) > 0.15 && share(1, &deep) > 3.0 * share(0, &deep),
        "the water does not spread"
    );
    assert!(share(1, &closed) > 0.003, "no road drawn closed by water");
}
