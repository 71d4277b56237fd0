#!/usr/bin/env bash
# The test command (README "Test"): everything a change must pass, from a
# fresh clone. Installs what it needs: Python and npm packages inside the
# repository (target/, node_modules/), cargo-fuzz and wasm-bindgen-cli with
# cargo, and, when run as root or with CI=true, Debian's rustc-web, lld,
# binaryen and chromium for the WebAssembly build and the browser tests.
#
#   CCT_SKIP=rust,bindings,wasm,fuzz,release,tree   skip parts (comma-separated;
#                                 parts: k8s-yaml, rust, bindings, wasm, fuzz, platform,
#                                 release, tree; tree: the check that the run left
#                                 `git status` unchanged)
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
  local seeds=$root/target/fuzz-seeds mode=--${CCT_FUZZ_PROFILE:-dev} target
  rm -rf "$seeds" && mkdir -p "$seeds"
  # Same-named files of different folders are all kept (numbered backups).
  find tests/fixtures tests/conformance tests/fuzz-regressions -type f \
    ! -name '*.expected' ! -name '*.report.json' -exec cp --backup=numbered {} "$seeds/" \;
  # The fuzz workspace's lock is committed in the state the build needs.
  cargo fetch --locked --manifest-path fuzz/Cargo.toml
  # cargo-fuzz passes nightly flags; stable rustc accepts them with RUSTC_BOOTSTRAP.
  (cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz build -s none "$mode")
  for target in load check commit config; do
    fuzz_target "$target" "$seeds" "$mode"
  done
}

# The YAML 1.1 differential test (cct-core/tests/k8s_yaml.rs) against
# sigs.k8s.io/yaml, Kubernetes' decoder: Go is required, a missing Go fails.
k8s_yaml() {
  command -v go >/dev/null || { echo "k8s-yaml: go is required to build tests/k8s-yaml" >&2; return 1; }
  (cd tests/k8s-yaml && GOFLAGS=-mod=mod GOTOOLCHAIN=local go build -o "$root/target/tools/bin/k8s-yaml" .)
  export CCT_K8S_YAML=$root/target/tools/bin/k8s-yaml
  cargo test -p cct-core --locked --test k8s_yaml
}

fuzz_target() { # fuzz_target TARGET SEEDS MODE: fails on a crash, an OOM, a timeout or no run at all
  local target=$1 seeds=$2 mode=$3 status=0 units found
  local corpus=$root/target/fuzz-corpus/$target log=$root/target/fuzz-logs/$target.log
  mkdir -p "$corpus" "${log%/*}"
  # The whole output goes to the log; the summary lines to the terminal;
  # the status is libFuzzer's (pipefail), not the filter's.
  (cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run -s none "$mode" "$target" "$corpus" "$seeds" -- \
    -max_total_time="${CCT_FUZZ_SECONDS:-20}" -rss_limit_mb=2048 -timeout=10 -max_len=65536 \
    -print_final_stats=1) 2>&1 | tee "$log" \
    | sed -nE '/^(Done|stat::number_of_executed_units)|SUMMARY|panicked/p' || status=$?
  found=$(find "fuzz/artifacts/$target" -maxdepth 1 -type f \
    \( -name 'crash-*' -o -name 'oom-*' -o -name 'timeout-*' \) 2>/dev/null || true)
  if [ "$status" -ne 0 ] || [ -n "$found" ]; then
    echo "fuzz: $target failed (exit $status; log $log); failing inputs:" >&2
    [ -z "$found" ] || printf '  %s\n' $found >&2
    echo "  keep each as a regression input under tests/fuzz-regressions/, fix, then delete it" >&2
    return 1
  fi
  units=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$log" | tail -n 1)
  if [ "${units:-0}" -eq 0 ]; then
    echo "fuzz: $target ran no input (log $log)" >&2
    return 1
  fi
}

# The run changes nothing tracked and leaves nothing untracked: lockfiles and
# generated files are committed in the state the build writes them.
tree_state() { git status --porcelain --untracked-files=all; git diff HEAD --binary | sha256sum; }
clean_tree() {
  local now
  [ -n "$tree_before" ] || { echo "not a git checkout: the tree is not checked" >&2; return 1; }
  now=$(tree_state)
  [ "$now" = "$tree_before" ] && return
  echo "the test run changed the working tree (git status --porcelain):" >&2
  # Paths whose status changed; else files modified before the run were modified again.
  # (diff exits 1 on a difference, which is expected here.)
  { diff <(printf '%s\n' "$tree_before" | sed '$d') <(printf '%s\n' "$now" | sed '$d') || [ $? = 1 ]; } \
    | sed -n 's/^> /  /p' | grep . >&2 || echo "  (files modified before the run were changed again)" >&2
  return 1
}
tree_before=
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then tree_before=$(tree_state); fi
[ -z "$(git status --porcelain --untracked-files=all)" ] \
  || echo "note: the working tree is already dirty; the run must not change it further" >&2

part k8s-yaml k8s_yaml
part rust cargo test --workspace --locked
part bindings bash .ci/bindings.sh
part wasm env CCT_WASM_UNIT_TESTS_DONE=1 bash .ci/wasm.sh
part fuzz fuzz_smoke
part platform bash .ci/platform.sh
# After bindings and wasm: reuses their cargo cache and cct-wasm/pkg/.
part release bash .ci/release.sh
part tree clean_tree

echo "=== times"
printf '%s\n' "${report[@]}"
echo "total      $(( $(date +%s) - start )) s"
