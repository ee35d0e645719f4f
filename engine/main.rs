use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = drillhall::cli::Cli::parse();
    ExitCode::from(drillhall::cli::run(cli))
}
