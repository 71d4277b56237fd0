#!/usr/bin/env bash
# The test command (README "Test"): everything a change must pass, from a
# fresh clone. Installs what it needs: Python and npm packages inside the
# repository (target/, node_modules/), cargo-fuzz and wasm-bindgen-cli with
# cargo, and, when run as root or with CI=true, Debian's rustc-web, lld,
# binaryen and chromium for the WebAssembly build and the browser tests.
#
#   CCT_SKIP=bindings,wasm,fuzz   skip parts (comma-separated)
#   CCT_FUZZ_SECONDS=20           time per fuzz target
#   CCT_FUZZ_PROFILE=dev|release  fuzz build (default dev: builds in ~2 min instead
#                                 of ~5 on 2 cores, runs ~15x fewer inputs; the long
#                                 runs of fuzz/README.md use release)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
skip=",${CCT_SKIP:-},"
[ "$(id -u)" = 0 ] && export CI=${CI:-true}
start=$(date +%s)
report=()
part() { # part NAME COMMAND...
  local name=$1 t0; shift
  if [[ $skip == *",$name,"* ]]; then report+=("$(printf '%-10s skipped' "$name")"); return; fi
  t0=$(date +%s)
  echo "=== $name"
  "$@"
  report+=("$(printf '%-10s %5d s' "$name" $(( $(date +%s) - t0 )))")
}

fuzz_smoke() {
  command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
  local seeds secs=${CCT_FUZZ_SECONDS:-20} mode=--${CCT_FUZZ_PROFILE:-dev}
  seeds=$(mktemp -d)
  find tests/fixtures tests/conformance tests/fuzz-regressions -type f \
    ! -name '*.expected' ! -name '*.report.json' -exec cp {} "$seeds/" \;
  (
    cd fuzz
    # cargo-fuzz passes nightly flags; stable rustc accepts them with RUSTC_BOOTSTRAP.
    export RUSTC_BOOTSTRAP=1
    cargo fuzz build -s none "$mode"
    for target in load check commit config; do
      corpus=$root/target/fuzz-corpus/$target
      mkdir -p "$corpus"
      cargo fuzz run -s none "$mode" "$target" "$corpus" "$seeds" -- \
        -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -max_len=65536 -print_final_stats=1 2>&1 \
        | grep -E '^(Done|stat::number_of_executed_units)|SUMMARY|panicked' || true
      # libFuzzer exits non-zero and leaves artifacts on a crash.
      if ls artifacts/"$target"/crash-* artifacts/"$target"/oom-* artifacts/"$target"/timeout-* >/dev/null 2>&1; then
        echo "fuzz: $target found a failing input (fuzz/artifacts/$target/)" >&2
        return 1
      fi
    done
  )
  rm -rf "$seeds"
}

# The YAML 1.1 differential test (cct-core/tests/k8s_yaml.rs) against
# sigs.k8s.io/yaml, Kubernetes' decoder: Go is required, a missing Go fails.
k8s_yaml() {
  command -v go >/dev/null || { echo "k8s-yaml: go is required to build tests/k8s-yaml" >&2; return 1; }
  (cd tests/k8s-yaml && GOFLAGS=-mod=mod GOTOOLCHAIN=local go build -o "$root/target/tools/bin/k8s-yaml" .)
  export CCT_K8S_YAML=$root/target/tools/bin/k8s-yaml
  cargo test -p cct-core --locked --test k8s_yaml
}

part k8s-yaml k8s_yaml
part rust cargo test --workspace --locked
part bindings bash .ci/bindings.sh
part wasm env CCT_WASM_UNIT_TESTS_DONE=1 bash .ci/wasm.sh
part fuzz fuzz_smoke

echo "=== times"
printf '%s\n' "${report[@]}"
echo "total      $(( $(date +%s) - start )) s"
