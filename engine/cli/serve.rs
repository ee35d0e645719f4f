//! `drillhall serve`: the built web hall over HTTP on this machine.

use std::io::Write;

pub(super) fn serve(dir: &std::path::Path, host: &str, port: u16) -> u8 {
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
