#!/usr/bin/env bash
# Installs what a fresh Debian machine of this kind lacks to build, test and run drillhall.
# Idempotent: every step checks first, so a second run takes a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf 'setup: %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    log "need root for: $*"; return 1; fi
}

# Install the Debian packages named that are not installed yet; fails if apt does.
debs() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq &&
    as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Debian packages: Bevy's Linux dependencies and the mold linker (.cargo/config.toml uses it).
debs pkg-config libasound2-dev libudev-dev libwayland-dev libxkbcommon-dev mold

# The web build target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ -n "$want" ] && [ "$want" != "$have" ]; then
  log "installing wasm-bindgen-cli $want (had: ${have:-none})"
  # --locked fails here on a dependency version the registry lacks; the unlocked install works.
  cargo install --quiet wasm-bindgen-cli --version "$want"
fi

# Xvfb and Mesa's software renderer: `drillhall play` draws under them in its test (and for
# anyone looking at the desktop view on a machine without a display or GPU).
debs xvfb xauth mesa-vulkan-drivers libgl1-mesa-dri libvulkan1 ||
  log "could not install Xvfb and Mesa: the desktop view's test will be skipped"

# Headless Chromium and CJK fonts: screenshots of report.html and the web hall's browser tests
# (tools/browser). Optional: the browser tests skip, saying so, where Chromium is absent.
debs chromium fonts-noto-cjk nodejs ||
  log "could not install Chromium and CJK fonts: browser screenshots and tests will be skipped"
# Debian's nodejs comes without npm (other builds bundle it).
command -v npm >/dev/null || debs npm || log "could not install npm: browser tests will be skipped"
if command -v npm >/dev/null && { [ ! -d tools/browser/node_modules/playwright-core ] || [ ! -d tools/browser/node_modules/binaryen ]; }; then
  log "installing playwright-core and binaryen (tools/browser)"
  (cd tools/browser && npm ci --no-audit --no-fund --silent) ||
    log "could not install playwright-core: browser screenshots and tests will be skipped"
fi

log "ready"
