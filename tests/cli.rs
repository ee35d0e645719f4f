//! `drillhall validate` as a user runs it: output format, JSON, exit status.

use std::path::Path;
use std::process::Command;

fn drillhall(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_drillhall"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("drillhall runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
    )
}

#[test]
fn valid_file_exits_zero() {
    let (code, out) = drillhall(&["validate", "tests/fixtures/minimal.ron"]);
    println!("{out}");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("1 valid, 0 with errors"), "{out}");
}

#[test]
fn broken_file_exits_one_and_reports_every_error() {
    let (code, out) = drillhall(&["validate", "tests/broken/35-errors-in-several-elements.ron"]);
    println!("{out}");
    assert_eq!(code, 1);
    let errors: Vec<&str> = out.lines().filter(|l| l.contains(": error: ")).collect();
    assert!(errors.len() >= 4, "{out}");
    assert!(
        errors
            .iter()
            .all(|l| l.starts_with("tests/broken/35-errors-in-several-elements.ron:"))
    );
}

#[test]
fn unreadable_file_exits_two() {
    let (code, out) = drillhall(&["validate", "tests/fixtures/does-not-exist.ron"]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("cannot read"), "{out}");
    let dir = std::env::temp_dir().join(format!("drillhall-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bin = dir.join("binary.ron");
    std::fs::write(&bin, [0x53, 0x63, 0xff, 0xfe, 0x00]).unwrap();
    let (code, out) = drillhall(&[
        "validate",
        bin.to_str().unwrap(),
        "tests/fixtures/minimal.ron",
    ]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("is not UTF-8"), "{out}");
    // A wrong path to a huge file is refused before it is read into memory.
    let huge = dir.join("huge.ron");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(65 * 1024 * 1024)
        .unwrap();
    let (code, out) = drillhall(&["validate", huge.to_str().unwrap()]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("larger than 64 MiB"), "{out}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn json_output_is_machine_readable() {
    let (code, out) = drillhall(&[
        "validate",
        "--format",
        "json",
        "tests/broken/02-unknown-space-in-door.ron",
        "tests/fixtures/minimal.ron",
    ]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(v["valid"], false);
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    let d = &files[0]["diagnostics"][0];
    assert_eq!(d["severity"], "error");
    assert_eq!(d["field"], "site.doors[0].spaces[1]");
    assert!(d["line"].as_u64().unwrap() > 0 && d["column"].as_u64().unwrap() > 0);
    assert_eq!(d["hint"], "did you mean `c1`?");
    assert_eq!(files[1]["diagnostics"].as_array().unwrap().len(), 0);
}

#[test]
fn validating_all_shipped_scenarios_passes() {
    let mut args = vec!["validate".to_string()];
    for dir in ["scenarios", "scenarios/plans"] {
        let mut files: Vec<String> =
            std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(dir))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|x| x == "ron"))
                .map(|p| format!("{dir}/{}", p.file_name().unwrap().to_string_lossy()))
                .collect();
        files.sort();
        args.extend(files);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, out) = drillhall(&args);
    println!("{out}");
    assert_eq!(code, 0, "{out}");
}
