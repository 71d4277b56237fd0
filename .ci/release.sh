#!/usr/bin/env bash
# Release artefacts that install without a Rust toolchain (docs/install.md):
# builds each into target/dist/, then installs and runs it in a scratch
# environment whose PATH holds no cargo and no rustc (checked), as a user's
# machine would be:
#
#   cct_policy-<v>-cp39-abi3-linux_x86_64.whl   pip install into a fresh venv, `import cct`, a check
#   cct-node-<v>.tgz                             npm install (prebuilt addon, no build), require + a check, its bins
#   cct-wasm-<v>.tgz                             npm install, init + a check in Node
#   cct-<v>-x86_64-unknown-linux-gnu             the cct binary (glibc >= GLIBC_MAX at most), a check
#
# and lints the cross-platform CI workflow (.github/workflows/release.yml) with
# actionlint. Reuses what earlier parts of tests/run-all.sh built: the cargo
# cache of the bindings part (the wheel is the same release build) and
# cct-wasm/pkg/ of the wasm part (rebuilt only when missing or stale).
# Called by tests/run-all.sh (part `release`); runnable alone from any directory.
#
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
dist=$root/target/dist
# Outside the repository, as a user's project is (no cct.yaml found above it).
scratch=$(mktemp -d "${TMPDIR:-/tmp}/cct-release.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
fixture=$root/tests/fixtures/kube/run-as-non-root/bad.yaml
steps=()

step() { # step NAME COMMAND...: runs and records the wall time of one step
  local name=$1 t0
  shift
  echo "::: release: $name"
  t0=$(date +%s)
  "$@"
  steps+=("$(printf '%-34s %5d s' "$name" $(( $(date +%s) - t0 )))")
}
fail() { echo "release: $*" >&2; return 1; }

# ---- the environment without Rust --------------------------------------------
# PATH is one folder of links to the few tools a user's install needs; HOME,
# npm's cache and pip's are fresh. CARGO_HOME and RUSTUP_HOME point nowhere.
norust_env() {
  mkdir -p "$scratch/bin" "$scratch/home"
  local tool
  for tool in sh env node npm python3; do
    ln -s "$(command -v "$tool")" "$scratch/bin/$tool"
  done
  # `python3 -m venv` outside the sandbox: only the interpreter is needed.
  "$(command -v python3)" -m venv "$scratch/venv"
  # The proof: neither cargo nor rustc can be found in it.
  if norust sh -c 'command -v cargo || command -v rustc || command -v rustup'; then
    fail "cargo or rustc is reachable in the no-Rust environment"
  fi
  echo "no cargo, rustc or rustup on PATH=$(norust sh -c 'echo $PATH')"
}
norust() { # norust COMMAND...: runs in the environment without Rust
  env -i HOME="$scratch/home" PATH="$scratch/venv/bin:$scratch/bin" LANG=C.UTF-8 \
    CARGO_HOME=/nonexistent RUSTUP_HOME=/nonexistent \
    npm_config_cache="$scratch/npm-cache" npm_config_update_notifier=false PIP_CACHE_DIR="$scratch/pip-cache" \
    PIP_DISABLE_PIP_VERSION_CHECK=1 "$@"
}

# ---- Python: an abi3 wheel ---------------------------------------------------
wheel() {
  local venv=$root/target/bindings/venv
  if [ ! -x "$venv/bin/maturin" ]; then
    venv=$root/target/dist-tools/venv
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check "maturin>=1.9,<2"
  fi
  rm -rf "$dist/wheel" && mkdir -p "$dist/wheel"
  "$venv/bin/maturin" build --release --locked -m cct-py/Cargo.toml -o "$dist/wheel"
}
wheel_install() {
  local whl
  whl=$(find "$dist/wheel" -name "cct_policy-$version-cp39-abi3-*.whl")
  [ -n "$whl" ] && [ "$(wc -l <<<"$whl")" = 1 ] || fail "no single abi3 wheel in $dist/wheel: $(ls "$dist/wheel")"
  echo "wheel: ${whl##*/} ($(stat -c %s "$whl") bytes)"
  norust python3 -m pip install -q --no-index "$whl"
  (cd "$scratch" && norust python3 - "$fixture" "$scratch/venv" <<'EOF'
import sys, cct
assert cct.__file__.startswith(sys.argv[2]), f"cct imported from {cct.__file__}, not the venv"
report = cct.check(open(sys.argv[1], encoding="utf-8").read(), kind="kube", path="bad.yaml")
rules = {f.rule for f in report}
assert "kube/run-as-non-root" in rules and report.has_errors, rules
print(f"python: cct {cct.__version__} from {cct.__file__}: {len(report)} finding(s), kube/run-as-non-root among them")
EOF
  )
}

# ---- Node: cct-node with its prebuilt addon -----------------------------------
node_pack() {
  (cd cct-node
    # The dev dependencies (@napi-rs/cli) build the addon; the package does not need them.
    [ -x node_modules/.bin/napi ] || npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
    npx --no-install napi build --platform --release --features node --js binding.js --dts binding.d.ts
    rm -rf "$dist/npm" && mkdir -p "$dist/npm"
    npm pack --pack-destination "$dist/npm" --loglevel=error >/dev/null)
  # The generated loader and types are committed: a release build writes them unchanged.
  git diff --exit-code -- cct-node/binding.js cct-node/binding.d.ts \
    || fail "cct-node/binding.{js,d.ts} changed in the release build"
  tar -tzf "$dist/npm/cct-node-$version.tgz" | grep -x 'package/cct-node.linux-x64-gnu.node' >/dev/null \
    || fail "cct-node-$version.tgz has no prebuilt addon"
}
node_install() {
  local app=$scratch/node-app
  mkdir -p "$app" && cd "$app"
  echo '{"name": "app", "private": true}' > package.json
  # The package's install script builds the addon only when none is there: it must not need to.
  norust npm install --no-audit --no-fund --loglevel=error "$dist/npm/cct-node-$version.tgz"
  norust node -e '
    const cct = require("cct-node")
    const report = cct.check(require("fs").readFileSync(process.argv[1], "utf8"), { kind: "kube" })
    if (!cct.hasErrors(report) || !report.findings.some((f) => f.rule === "kube/run-as-non-root")) process.exit(1)
    console.log(`node: cct-node ${cct.version}: ${report.findings.length} finding(s), kube/run-as-non-root among them`)
  ' "$fixture"
  printf 'Added stuff.\n' > bad-msg
  printf 'feat(api): add the export endpoint\n' > good-msg
  norust ./node_modules/.bin/cct-commit-msg good-msg
  local status=0
  norust ./node_modules/.bin/cct-commit-msg bad-msg > bad.out || status=$?
  [ "$status" = 1 ] || fail "cct-commit-msg on a bad message exited $status, not 1"
  grep -q 'commit/' bad.out || fail "cct-commit-msg printed no commit rule: $(cat bad.out)"
  echo "node: cct-commit-msg passes a good message and fails a bad one (exit 1)"
  cd "$root"
}

# ---- WebAssembly: the pkg/ of the wasm part -----------------------------------
wasm_pack() {
  local pkg=cct-wasm/pkg f stale=
  for f in cct.js cct.d.ts report.d.ts package.json; do
    cmp -s "cct-wasm/js/$f" "$pkg/$f" || stale=$f
  done
  if [ ! -f "$pkg/cct_wasm_bg.wasm" ] || [ -n "$stale" ] || [ -n "$(find cct-core/src cct-wasm/src rules -newer "$pkg/cct_wasm_bg.wasm" -type f -print -quit)" ]; then
    echo "cct-wasm/pkg is missing or older than its sources: building it (the wasm part builds it too)"
    cct-wasm/scripts/build.sh
  fi
  npm pack "./$pkg" --pack-destination "$dist/npm" --loglevel=error >/dev/null
  tar -tzf "$dist/npm/cct-wasm-$version.tgz" | grep -x 'package/cct_wasm_bg.wasm' >/dev/null \
    || fail "cct-wasm-$version.tgz has no cct_wasm_bg.wasm"
}
wasm_install() {
  local app=$scratch/wasm-app
  mkdir -p "$app" && cd "$app"
  echo '{"name": "app", "private": true, "type": "module"}' > package.json
  norust npm install --no-audit --no-fund --loglevel=error "$dist/npm/cct-wasm-$version.tgz"
  cat > check.mjs <<'EOF'
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import init, { check, version } from 'cct-wasm';
await init(readFileSync(createRequire(import.meta.url).resolve('cct-wasm/cct_wasm_bg.wasm')));
const report = check(readFileSync(process.argv[2], 'utf8'), { kind: 'kube' });
if (!report.findings.some((f) => f.rule === 'kube/run-as-non-root')) process.exit(1);
console.log(`wasm: cct-wasm ${version()}: ${report.findings.length} finding(s), kube/run-as-non-root among them`);
EOF
  norust node check.mjs "$fixture"
  cd "$root"
}

# ---- the cct binary ------------------------------------------------------------
# Not static: a musl build needs the musl std, which rustup cannot download
# here and Debian does not ship; building it from rust-web-src with Debian's
# rustc-web got as far as a binary that still needs /lib/ld-musl (see
# docs/install.md). So: the glibc build, with the newest glibc symbol version it
# needs measured and held to GLIBC_MAX (docs/install.md states it).
GLIBC_MAX=2.34
binary() {
  cargo build --release --locked -p cct-cli
  mkdir -p "$dist/bin"
  cp target/release/cct "$dist/bin/cct-$version-x86_64-unknown-linux-gnu"
}
binary_check() {
  local bin=$dist/bin/cct-$version-x86_64-unknown-linux-gnu dir=$scratch/bin-check status=0 needs libs
  needs=$(objdump -T "$bin" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n 1)
  [ -n "$needs" ] || fail "no GLIBC_ symbol version in $bin"
  [ "$(printf '%s\n%s\n' "$needs" "$GLIBC_MAX" | sort -V | tail -n 1)" = "$GLIBC_MAX" ] \
    || fail "$bin needs glibc $needs, newer than the $GLIBC_MAX docs/install.md states"
  # Only the C library's own shared objects: nothing a user would have to install.
  libs=$(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort | tr '\n' ' ')
  for lib in $libs; do
    case $lib in libc.so.6|libm.so.6|libgcc_s.so.1|ld-linux-x86-64.so.2) ;; *) fail "$bin needs $lib" ;; esac
  done
  mkdir -p "$dir" && cp "$bin" "$dir/cct" && cp "$fixture" "$dir/bad.yaml" && cd "$dir"
  norust ./cct check bad.yaml > out.txt || status=$?
  [ "$status" = 1 ] || fail "cct exited $status on a bad manifest, not 1"
  grep -q 'kube/run-as-non-root' out.txt || fail "cct did not report kube/run-as-non-root"
  echo "binary: $(./cct --version), $(stat -c %s cct) bytes, needs glibc >= $needs (at most $GLIBC_MAX) and $libs; exit 1 on a bad manifest"
  cd "$root"
}

# ---- the cross-platform CI workflow ------------------------------------------
# actionlint (Go), built once into ~/.cache/cct-tools like the Kyverno CLI.
ACTIONLINT_VERSION=v1.7.12
ci_workflow() {
  local cache=${XDG_CACHE_HOME:-$HOME/.cache}/cct-tools bin
  bin=$cache/actionlint-$ACTIONLINT_VERSION
  if [ ! -x "$bin" ]; then
    command -v go >/dev/null || fail "go is required to build actionlint"
    mkdir -p "$cache"
    GOBIN=$cache/gobin GOFLAGS=-mod=mod go install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"
    mv "$cache/gobin/actionlint" "$bin"
  fi
  "$bin" -shellcheck= -pyflakes= .github/workflows/release.yml
  echo "actionlint $ACTIONLINT_VERSION: .github/workflows/release.yml has no error"
}

total=$(date +%s)
step "no-Rust environment" norust_env
step "python: maturin build --release" wheel
step "python: pip install, import, check" wheel_install
step "node: napi build --release, pack" node_pack
step "node: npm install, require, bins" node_install
step "wasm: pack cct-wasm/pkg" wasm_pack
step "wasm: npm install, init, check" wasm_install
step "cct binary: cargo build --release" binary
step "cct binary: glibc version, check" binary_check
step "ci workflow: actionlint" ci_workflow
ls -l "$dist/wheel" "$dist/npm" "$dist/bin"
echo "::: release timings"
printf '  %s\n' "${steps[@]}"
printf '  %-34s %5d s\n' total $(( $(date +%s) - total ))
