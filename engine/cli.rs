//! The command line: `drillhall validate FILE…`.

use crate::scenario::{self, diagnostic::FileReport};
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
    }
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
