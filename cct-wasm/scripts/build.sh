#!/usr/bin/env bash
# Builds the WebAssembly package: cct-wasm/pkg/ (shipped) and, with --test,
# cct-wasm/pkg-test/ (same code plus the `__panicForTests` hook).
#
# Needs Debian's Rust toolchain for wasm (rustc-web, cargo-web, rust-web-src:
# rustup here has no wasm32 target), wasm-bindgen-cli at the exact version of
# the `wasm-bindgen` crate in Cargo.lock, and optionally binaryen's wasm-opt.
# See docs/wasm.md.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$here/.." && pwd)
cd "$root"

variants=(release)
for arg in "$@"; do
  case $arg in
    --test) variants+=(test) ;;
    --test-only) variants=(test) ;;
    *) echo "usage: $0 [--test|--test-only]" >&2; exit 2 ;;
  esac
done

export RUSTC="${RUSTC_WASM:-/usr/bin/rustc}"
cargo="${CARGO_WASM:-/usr/bin/cargo}"
# build-std needs unstable cargo features; Debian's stable toolchain accepts them with this.
export RUSTC_BOOTSTRAP=1
# The workspace profile `wasm` (Cargo.toml: release with opt-level "z", fat
# LTO, one codegen unit) is built; CCT_WASM_PROFILE=release builds the native
# release profile instead (opt-level 3, thin LTO), for size comparisons.
profile="${CCT_WASM_PROFILE:-wasm}"
# Panics unwind (wasm exception handling, in every current engine and Node 20):
# wasm-bindgen catches them at the export boundary and throws a PanicError.
# CCT_WASM_PANIC=abort builds the target's default instead (a panic traps;
# the cct.js wrapper then re-instantiates the module).
panic="${CCT_WASM_PANIC:-unwind}"
build_std=std,panic_abort
opt_features=()
if [ "$panic" = unwind ]; then
  export RUSTFLAGS="${RUSTFLAGS:-} -C panic=unwind -C target-feature=+exception-handling"
  build_std=std,panic_unwind,panic_abort
  opt_features=(--enable-exception-handling)
fi
# Own target dir per panic strategy (RUSTFLAGS differ, std is rebuilt), never rustup's.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR_WASM:-$root/target/wasm-$panic}"

wasm_bindgen="${WASM_BINDGEN:-wasm-bindgen}"
want=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/"/,"",$3); print $3}' Cargo.lock)
have=$("$wasm_bindgen" --version | awk '{print $2}')
if [ "$want" != "$have" ]; then
  echo "wasm-bindgen-cli $have does not match the wasm-bindgen crate $want in Cargo.lock:" >&2
  echo "  cargo install wasm-bindgen-cli --version $want" >&2
  exit 1
fi

for variant in "${variants[@]}"; do
  features=()
  out="$here/pkg"
  if [ "$variant" = test ]; then
    features=(--features test-hooks)
    out="$here/pkg-test"
  fi
  t0=$(date +%s)
  "$cargo" build --profile "$profile" --target wasm32-unknown-unknown -Z build-std="$build_std" \
    -p cct-wasm "${features[@]}"
  t1=$(date +%s)
  rm -rf "$out"
  raw="$CARGO_TARGET_DIR/wasm32-unknown-unknown/$profile/cct_wasm.wasm"
  input="$raw"
  # wasm-opt runs BEFORE wasm-bindgen: Debian's binaryen (108) turns the
  # externref table wasm-bindgen adds into a funcref one, which breaks
  # instantiation ("function-typed object must be null"); on the raw module it
  # is safe, and wasm-bindgen keeps the optimised code as it is.
  # The test variant (test hooks on) is optimised too (~40 s more): unoptimised
  # it passed 8 MiB on 2026-12-03, and a browser refuses to re-instantiate a
  # module that large synchronously on the main thread, which is what the
  # recovery after an abort does (wasm-bindgen's reset-state function).
  if command -v wasm-opt >/dev/null && [ "${CCT_WASM_OPT:-1}" = 1 ]; then
    input="$CARGO_TARGET_DIR/cct_wasm.opt.wasm"
    wasm-opt -Oz --enable-bulk-memory --enable-sign-ext --enable-mutable-globals \
      --enable-nontrapping-float-to-int --enable-reference-types --enable-multivalue \
      "${opt_features[@]}" "$raw" -o "$input"
  fi
  "$wasm_bindgen" --target web --out-dir "$out" --out-name cct_wasm \
    --experimental-reset-state-function "$input"
  wasm="$out/cct_wasm_bg.wasm"
  if [ "$input" != "$raw" ]; then
    # The size wasm-opt saved, measured on the same bindgen output without it.
    "$wasm_bindgen" --target web --out-dir "$CARGO_TARGET_DIR/bindgen-noopt" --out-name cct_wasm \
      --experimental-reset-state-function "$raw"
    before=$(stat -c %s "$CARGO_TARGET_DIR/bindgen-noopt/cct_wasm_bg.wasm")
    before_gz=$(gzip -9 -c "$CARGO_TARGET_DIR/bindgen-noopt/cct_wasm_bg.wasm" | wc -c)
  else
    before=$(stat -c %s "$wasm")
    before_gz=$(gzip -9 -c "$wasm" | wc -c)
  fi
  cp "$here/js/cct.js" "$here/js/cct.d.ts" "$here/js/report.d.ts" "$here/js/package.json" "$out/"
  t2=$(date +%s)
  after=$(stat -c %s "$wasm")
  gz=$(gzip -9 -c "$wasm" | wc -c)
  echo "cct-wasm $variant (panic=$panic, profile $profile): cargo build $((t1 - t0)) s, bindgen+opt $((t2 - t1)) s;" \
    "wasm $before bytes ($before_gz gzipped) before wasm-opt, $after ($gz gzipped, -9) after -> $out" >&2
done
