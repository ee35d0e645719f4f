//! `drillhall validate FILE…`: check scenario and plan files and print what is wrong with them.

use crate::scenario::{self, diagnostic::FileReport};
use std::io::Write;
use std::path::PathBuf;

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

/// A headline, then the file reports as `validate` prints them, on stderr.
pub(super) fn complain(headline: &str, reports: &[FileReport]) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{headline}");
    let _ = write_text(&mut err, reports);
}
