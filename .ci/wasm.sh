#!/usr/bin/env bash
# CI steps of the WebAssembly package (cct-wasm), from a fresh clone:
# toolchain (Debian's rustc-web + build-std, wasm-bindgen-cli pinned to
# Cargo.lock, binaryen, chromium), build of pkg/ and pkg-test/, size budget,
# native unit tests, node --test over the shared fixtures, browser tests in
# headless Chromium. Prints the time of each step. Called by .ci/run.
#
# Env: CI=true installs missing system packages with apt-get (else it only
# says what is missing); CCT_WASM_BUDGET_GZ (bytes, default 1 490 000: the
# shipped module is 1 293 516 B gzipped since the `wasm` profile (opt-level z,
# fat LTO, one codegen unit), plus 15 % headroom; see docs/wasm.md, "Size").
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
budget=${CCT_WASM_BUDGET_GZ:-1490000}
start=$(date +%s)
timings=()

step() {
  local name=$1; shift
  local t0; t0=$(date +%s)
  echo "::group::wasm: $name"
  "$@"
  local dt=$(( $(date +%s) - t0 ))
  echo "::endgroup::"
  timings+=("$(printf '%-28s %5d s' "$name" "$dt")")
  echo "wasm: $name took ${dt} s"
}

apt_packages=(rustc-web cargo-web rust-web-src lld-22 binaryen chromium)
toolchain() {
  local missing=()
  for p in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    echo "system packages present: ${apt_packages[*]}"
  elif [ "${CI:-}" = true ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  else
    echo "missing system packages: ${missing[*]} (apt-get install them, or run with CI=true)" >&2
    return 1
  fi
}

bindgen() {
  local want have
  want=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/"/,"",$3); print $3}' Cargo.lock)
  have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
  if [ "$want" = "$have" ]; then
    echo "wasm-bindgen-cli $have present"
    return
  fi
  # --locked first; the crates.io mirror may lack an exact locked dependency
  # (seen here: webpki-roots 1.0.11), then resolve afresh at the same CLI version.
  cargo install wasm-bindgen-cli --version "$want" --locked \
    || cargo install wasm-bindgen-cli --version "$want"
}

size_budget() {
  local gz
  gz=$(gzip -9 -c cct-wasm/pkg/cct_wasm_bg.wasm | wc -c)
  echo "cct_wasm_bg.wasm: $(stat -c %s cct-wasm/pkg/cct_wasm_bg.wasm) bytes, $gz gzipped (-9); budget $budget"
  [ "$gz" -le "$budget" ] || { echo "over the size budget" >&2; return 1; }
}

step "system packages" toolchain
step "wasm-bindgen-cli" bindgen
step "build pkg + pkg-test" cct-wasm/scripts/build.sh --test
step "size budget" size_budget
# The binding's native unit tests run in `cargo test --workspace` (tests/run-all.sh);
# run alone, this script runs them too.
[ -n "${CCT_WASM_UNIT_TESTS_DONE:-}" ] || step "rust unit tests" cargo test -q -p cct-wasm
step "npm ci" npm ci --prefix cct-wasm --no-audit --no-fund
step "typescript definitions" npm run --prefix cct-wasm -s typecheck
step "node --test (fixtures)" bash -c 'cd cct-wasm && node --test tests/*.test.mjs'
step "chromium (playwright)" bash -c 'cd cct-wasm && CCT_SCREENSHOT=0 node --test --test-concurrency=1 tests/browser/*.test.mjs'

echo "wasm CI timings:"
printf '  %s\n' "${timings[@]}"
echo "  $(printf '%-28s %5d s' total $(( $(date +%s) - start )))"
