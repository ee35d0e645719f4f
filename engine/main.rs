use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Output piped into `head` and closed early ends the program quietly, as Unix tools do,
    // instead of a panic on the next print.
    #[cfg(unix)]
    // SAFETY: restoring the default action of one signal before any other thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = drillhall::cli::Cli::parse();
    ExitCode::from(drillhall::cli::run(cli))
}
