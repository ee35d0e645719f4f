#!/usr/bin/env bash
# Builds the web experience hall into web/dist/: the engine for wasm32 (profile `web`: small over
# fast), wasm-bindgen for the browser (--target web), wasm-opt where installed, and the static
# page around it. Serve it with `drillhall serve` (or any static file host).
#
#   web/build.sh            build (incremental; seconds when nothing changed)
#
# The tools come from scripts/setup.sh. The wasm build goes to $CARGO_TARGET_DIR/web (default
# target/web), apart from the native build, so the two never wait on each other's lock.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf 'web: %s\n' "$*" >&2; }

target_dir="${CARGO_TARGET_DIR:-target}/web"
out=web/dist
wasm="$target_dir/wasm32-unknown-unknown/web/hall.wasm"

log "building the engine for wasm32 (profile web) …"
cargo build --quiet --profile web --target wasm32-unknown-unknown --bin hall --target-dir "$target_dir"

want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$want" != "$have" ]; then
  log "wasm-bindgen $want is needed (found: ${have:-none}); run scripts/setup.sh"
  exit 2
fi

# wasm-bindgen and wasm-opt take a while: only when the engine changed.
stamp="$target_dir/hall.stamp"
sum="$(sha256sum "$wasm" | cut -c1-64) opt=${DRILLHALL_WASM_OPT:-1}"
work="$target_dir/bindgen"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$sum" ] || [ ! -f "$work/engine_bg.wasm" ]; then
  rm -rf "$work"
  mkdir -p "$work"
  log "wasm-bindgen …"
  wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section \
    --out-dir "$work" --out-name engine "$wasm"
  # wasm-opt from binaryen 132 (tools/browser's npm packages; scripts/setup.sh installs them).
  # Older ones (Debian's 108) break wasm-bindgen's externref table: the page then fails with
  # "WebAssembly.Table.set(): Argument 1 is invalid for table".
  opt=tools/browser/node_modules/binaryen/bin/wasm-opt
  if [ "${DRILLHALL_WASM_OPT:-1}" = 0 ]; then
    log "wasm-opt skipped (DRILLHALL_WASM_OPT=0)"
  elif [ -x "$opt" ] && command -v node >/dev/null; then
    log "wasm-opt -Oz (binaryen $(node "$opt" --version | awk '{print $3}'); a few minutes) …"
    # The features rustc's wasm32 target emits by default.
    node "$opt" -Oz --enable-bulk-memory --enable-sign-ext --enable-mutable-globals \
      --enable-nontrapping-float-to-int --enable-reference-types --enable-multivalue \
      "$work/engine_bg.wasm" -o "$work/engine_bg.opt.wasm"
    mv "$work/engine_bg.opt.wasm" "$work/engine_bg.wasm"
  else
    log "wasm-opt not installed (tools/browser: npm ci); the site keeps the unoptimised wasm"
  fi
  echo "$sum" > "$stamp"
fi

# The site: the page, and the engine under names that change with its content (static hosts
# may cache them for good).
rm -rf "$out"
mkdir -p "$out"
cp web/site/index.html web/site/style.css web/site/hall.js web/site/experiences.json "$out/"
hash=$(sha256sum "$work/engine_bg.wasm" | cut -c1-10)
cp "$work/engine_bg.wasm" "$out/engine-$hash.wasm"
cp "$work/engine.js" "$out/engine-$hash.js"
bytes=$(stat -c %s "$out/engine-$hash.wasm")

# Precompressed copies for servers that can send them (`drillhall serve` does).
size() { stat -c %s "$1"; }
gz_total=0; br_total=0; raw_total=0
for f in "$out"/*; do
  raw_total=$((raw_total + $(size "$f")))
  gzip -9 -n -k -c "$f" > "$f.gz"
  gz_total=$((gz_total + $(size "$f.gz")))
  if command -v brotli >/dev/null; then
    brotli -q 11 -f -o "$f.br" "$f"
    br_total=$((br_total + $(size "$f.br")))
  fi
done
w="$out/engine-$hash.wasm"
br_wasm=$([ -f "$w.br" ] && size "$w.br" || echo 0)
cat > "$out/build.json" <<JSON
{
  "wasm": "engine-$hash.wasm",
  "glue": "engine-$hash.js",
  "wasm_bytes": $bytes,
  "sizes": {
    "wasm": { "raw": $bytes, "gzip": $(size "$w.gz"), "brotli": $br_wasm },
    "site": { "raw": $raw_total, "gzip": $gz_total, "brotli": $br_total }
  }
}
JSON
mb() { awk -v b="$1" 'BEGIN { printf "%.2f MB", b / 1e6 }'; }
log "site in $out/: wasm $(mb "$bytes") raw, $(mb "$(size "$w.gz")") gzip, $(mb "$br_wasm") brotli; whole site $(mb "$raw_total") raw, $(mb "$br_total") brotli"
