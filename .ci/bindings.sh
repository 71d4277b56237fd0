#!/usr/bin/env bash
# Python and Node bindings: build from source as a user would, then run the
# pytest and `node --test` suites over the shared fixtures in tests/fixtures/.
# Called by .ci/run; runnable alone from any directory.
#
#   CCT_PY_PROFILE=release|dev    maturin profile for `pip install ./cct-py` (default release: what users get)
#   CCT_NODE_PROFILE=debug|release  profile of the napi addon (default debug: the tests do not need speed)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY_PROFILE=${CCT_PY_PROFILE:-release}
NODE_PROFILE=${CCT_NODE_PROFILE:-debug}
VENV=$ROOT/target/bindings/venv
STEPS=()

now() { date +%s.%N; }
step() { # step NAME COMMAND...: runs and records the wall time of one step
  local name=$1 start end
  shift
  echo "::: bindings: $name"
  start=$(now)
  "$@"
  end=$(now)
  STEPS+=("$(printf '%-34s %7.1f s' "$name" "$(awk "BEGIN{print $end - $start}")")")
}

# A skipped test is not a pass: every suite runs all its tests, or fails.
no_skips() { # no_skips SUITE LOG PATTERN: fails when LOG has a line matching PATTERN
  if grep -Eq "$3" "$2"; then
    echo "$1: tests were skipped or not run (see above; log $2)" >&2
    return 1
  fi
}
pytest_suite() {
  local log=$ROOT/target/bindings/pytest.log
  # Run from outside the source tree so `import cct` is the installed wheel.
  (cd "$ROOT/target/bindings" && "$VENV/bin/python" -m pytest -q -rsxX -p no:cacheprovider "$ROOT/cct-py/tests") \
    | tee "$log"
  no_skips pytest "$log" '[0-9]+ (skipped|xfailed|xpassed|deselected)'
}
node_suite() {
  local log=$ROOT/target/bindings/node-test.log
  node --test --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$log" "$@"
  no_skips "node --test" "$log" '^# (skipped|todo|cancelled) [1-9]|^# pass 0$'
}

TOTAL_START=$(now)

# ---- Python -----------------------------------------------------------------
step "python: venv" python3 -m venv "$VENV"
step "python: pip install maturin pytest" "$VENV/bin/pip" install -q --disable-pip-version-check "maturin>=1.9,<2" "pytest>=7"
if [ "$PY_PROFILE" = release ]; then
  step "python: pip install ./cct-py" "$VENV/bin/pip" install -q --disable-pip-version-check ./cct-py
else
  step "python: pip install ./cct-py ($PY_PROFILE)" env MATURIN_PEP517_ARGS="--profile $PY_PROFILE" \
    "$VENV/bin/pip" install -q --disable-pip-version-check ./cct-py
fi
step "python: pytest" pytest_suite

# ---- Node -------------------------------------------------------------------
cd "$ROOT/cct-node"
# `npm ci`: installs exactly the lock, fails when it is out of step with
# package.json, and never rewrites it. The lock lists every platform's optional
# packages (as `npm install --package-lock-only` writes them).
step "node: npm ci" npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
NAPI_ARGS=(build --platform --features node --js binding.js --dts binding.d.ts)
[ "$NODE_PROFILE" = release ] && NAPI_ARGS+=(--release)
step "node: napi build ($NODE_PROFILE)" npx --no-install napi "${NAPI_ARGS[@]}"
# The generated loader and types are committed: fail when they drift from the Rust code.
if git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1; then
  git -C "$ROOT" diff --exit-code -- cct-node/binding.d.ts cct-node/binding.js \
    || { echo "cct-node/binding.{js,d.ts} are stale: run 'npm run build' in cct-node and commit them" >&2; exit 1; }
fi
step "node: node --test" node_suite test/api.test.js test/fixtures.test.js test/conformance.test.js test/commit.test.js test/bin.test.js test/baseline.test.js

TOTAL_END=$(now)
echo "::: bindings timings"
printf '  %s\n' "${STEPS[@]}"
printf '  %-34s %7.1f s\n' "total" "$(awk "BEGIN{print $TOTAL_END - $TOTAL_START}")"
