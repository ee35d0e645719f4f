//! The web experience hall's entry point (wasm32). `web/build.sh` builds it and assembles the
//! site; the page (web/index.html) starts it once the visitor chooses an experience.

#[cfg(target_arch = "wasm32")]
fn main() {
    drillhall::hall::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "hall is the web experience hall's entry point: build the site with web/build.sh and serve it with `drillhall serve` / 网页体验馆需用 web/build.sh 构建，再用 drillhall serve 打开"
    );
    std::process::exit(2);
}
