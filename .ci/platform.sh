#!/usr/bin/env bash
# The platform's own tools, run for real on cct's outputs (issue 21): each
# check is one function; `CCT_PLATFORM_SKIP=sarif,…` skips some. Tools are
# installed inside target/tools/ (pinned versions), never globally.
# Called by tests/run-all.sh; runnable alone from any directory.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TOOLS=$ROOT/target/tools
SCRATCH=$ROOT/target/platform
platform_skip=",${CCT_PLATFORM_SKIP:-},"
mkdir -p "$TOOLS" "$SCRATCH"

cargo build -q -p cct-cli --locked
CCT=$ROOT/target/debug/cct

# Pinned versions of the external tools.
SARIF_MULTITOOL_VERSION=5.7.0
# The platform's Kyverno (referentials README: "Kyverno v1.11").
KYVERNO_VERSION=v1.11.5
PRE_COMMIT_VERSION=4.3.0
# The renderers of `cct check --helm` / `--kustomize` (cct-cli/tests/render.rs).
HELM_VERSION=v4.3.2
KUSTOMIZE_VERSION=v5.7.1
# conventional-changelog and its preset: benches/changelog-compare/package.json.

run_check() { # run_check NAME: runs check_NAME unless skipped
  if [[ $platform_skip == *",$1,"* ]]; then echo "::: platform: $1 skipped"; return; fi
  echo "::: platform: $1"
  "check_$1"
}

# Microsoft's SARIF validator on cct's SARIF for a relative path, an absolute
# path, standard input and an unreadable input: no error-level result.
check_sarif() {
  local dir=$TOOLS/sarif-multitool bin
  bin=$dir/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
  if [ ! -x "$bin" ]; then
    mkdir -p "$dir"
    (cd "$dir" && npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$dir" \
      "@microsoft/sarif-multitool@$SARIF_MULTITOOL_VERSION")
    # npm does not run the package's `chmod u+x` postinstall script unless approved.
    chmod u+x "$bin"
  fi
  local out=$SCRATCH/sarif fixture=tests/fixtures/kube/no-host-port/bad.yaml
  rm -rf "$out"; mkdir -p "$out"
  printf 'a: [1,\n' > "$out/broken.yaml"
  "$CCT" check --format sarif "$fixture" > "$out/relative.sarif" || true
  "$CCT" check --format sarif "$ROOT/$fixture" > "$out/absolute.sarif" || true
  "$CCT" check --format sarif - < "$fixture" > "$out/stdin.sarif" || true
  "$CCT" check --format sarif "$out/broken.yaml" "$fixture" > "$out/errors.sarif" || true
  local log errors
  for log in relative absolute stdin errors; do
    rm -f "$out/$log.validation.sarif"
    "$bin" validate "$out/$log.sarif" -o "$out/$log.validation.sarif" --rich-return-code \
      | grep -E ': (error|warning) ' || true
    errors=$(node -e '
      const log = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
      const bad = log.runs.flatMap(r => r.results || []).filter(r => (r.level || "warning") === "error");
      for (const r of bad) console.error(r.ruleId, r.message.text || r.message.id);
      console.log(bad.length);' "$out/$log.validation.sarif")
    [ "$errors" = 0 ] || { echo "sarif: $errors validator error(s) in $log.sarif" >&2; return 1; }
    echo "sarif: $log.sarif accepted by sarif-multitool $SARIF_MULTITOOL_VERSION"
  done
}

# The source of Kyverno's Go module (its CRDs, and the CLI's source): `go mod download`.
kyverno_module_dir() {
  GOFLAGS= go mod download -json "github.com/kyverno/kyverno@$KYVERNO_VERSION" \
    | sed -n 's/.*"Dir": "\(.*\)",*$/\1/p'
}

# cct's PolicyReports against the PolicyReport CRDs Kyverno installs.
check_policyreport() {
  local crds
  crds=$(kyverno_module_dir)/config/crds
  CCT_POLICYREPORT_CRD=$crds/wgpolicyk8s.io_policyreports.yaml:$crds/wgpolicyk8s.io_clusterpolicyreports.yaml \
    cargo test -q -p cct-core --locked --test policyreport -- validated_against_the_crd_file_when_given
}

# The real pre-commit (PyPI) in a scratch repository using this checkout's
# .pre-commit-hooks.yaml at HEAD: a bad manifest and a bad message are refused
# by `git commit`, good ones pass. CCT_BIN skips the hook's first-run release
# build (measured once: see docs/pre-commit.md).
check_pre_commit() {
  local venv=$TOOLS/pre-commit repo=$SCRATCH/pre-commit rev
  [ -x "$venv/bin/pre-commit" ] || {
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check "pre-commit==$PRE_COMMIT_VERSION"
  }
  rev=$(git rev-parse HEAD)
  rm -rf "$repo"; mkdir -p "$repo"
  (
    cd "$repo"
    export CCT_BIN=$CCT PRE_COMMIT_HOME=$SCRATCH/pre-commit-home PATH=$venv/bin:$PATH
    git init -q . && git config user.email ci@example.invalid && git config user.name ci
    git config commit.gpgsign false
    cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $ROOT
    rev: $rev
    hooks: [{id: cct}, {id: cct-commit-msg}]
YAML
    pre-commit install -t pre-commit -t commit-msg >/dev/null
    git add .pre-commit-config.yaml && git commit -q -m "chore: add pre-commit"
    cp "$ROOT/tests/fixtures/kube/run-as-non-root/bad.yaml" deploy.yaml
    git add deploy.yaml
    if git commit -q -m "feat: add a deployment" >"$repo.log" 2>&1; then
      cat "$repo.log"; echo "pre-commit: a bad manifest was committed" >&2; exit 1
    fi
    grep -q 'kube/run-as-non-root' "$repo.log" || { cat "$repo.log"; exit 1; }
    git rm -q --cached deploy.yaml && rm deploy.yaml
    printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  LOG_LEVEL: info\n' > settings.yaml
    git add settings.yaml
    if git commit -q -m "Added the settings." >"$repo.log" 2>&1; then
      cat "$repo.log"; echo "pre-commit: a bad commit message was accepted" >&2; exit 1
    fi
    grep -q 'commit/' "$repo.log" || { cat "$repo.log"; exit 1; }
    git commit -q -m "feat: add the settings" >"$repo.log" 2>&1 \
      || { cat "$repo.log"; echo "pre-commit: good commit refused" >&2; exit 1; }
    echo "pre-commit $PRE_COMMIT_VERSION: bad manifest and bad message refused, good ones committed"
  )
}

# templates/cct.yml: valid YAML with a `spec: inputs:` header, every input
# used, and the script lines of its jobs run here (inputs at their defaults,
# cct on PATH instead of `cargo install`) on a bad manifest and on a merge
# request's commits. Uses PyYAML from the pre-commit environment.
ci_script() { # ci_script JOB [input=value...]: the job's script lines, inputs substituted
  "$TOOLS/pre-commit/bin/python" - "$ROOT/templates/cct.yml" "$@" <<'PY'
import re, sys, yaml
path, job, overrides = sys.argv[1], sys.argv[2], dict(a.split("=", 1) for a in sys.argv[3:])
header, body = open(path, encoding="utf-8").read().split("\n---\n", 1)
inputs = yaml.safe_load(header)["spec"]["inputs"]
values = {k: str(v.get("default", "")).lower() if isinstance(v.get("default"), bool) else str(v.get("default", "")) for k, v in inputs.items()}
values.update(overrides)
used = set(re.findall(r"\$\[\[ inputs\.([a-z-]+) \]\]", body))
assert used == set(inputs), f"inputs declared but unused or undeclared: {used ^ set(inputs)}"
for k, v in values.items():
    if "options" in inputs[k]:
        assert v in inputs[k]["options"], f"{k}={v} not in {inputs[k]['options']}"
text = re.sub(r"\$\[\[ inputs\.([a-z-]+) \]\]", lambda m: values[m.group(1)], body)
jobs = yaml.safe_load(text)
spec = jobs[job]
print("set -e")
for k, v in spec.get("variables", {}).items():
    print(f"export {k}={v!r}".replace("'", '"'))
for line in spec["script"]:
    if line.startswith("git fetch"):
        continue  # no remote in the scratch repository
    print(line)
PY
}

check_gitlab_ci() {
  [ -x "$TOOLS/pre-commit/bin/python" ] || check_pre_commit >/dev/null
  local dir=$SCRATCH/gitlab-ci rc
  rm -rf "$dir"; mkdir -p "$dir/deploy"
  cp tests/fixtures/kube/run-as-non-root/bad.yaml "$dir/deploy/app.yaml"
  ci_script cct-check > "$dir/check.sh"
  rc=0; (cd "$dir" && PATH=$(dirname "$CCT"):$PATH bash check.sh >/dev/null) || rc=$?
  [ "$rc" = 1 ] || { echo "gitlab-ci: cct-check exited $rc on a bad manifest, not 1" >&2; return 1; }
  node -e '
    const fs = require("fs"), d = process.argv[1];
    const sarif = JSON.parse(fs.readFileSync(d + "/cct.sarif", "utf8"));
    const cq = JSON.parse(fs.readFileSync(d + "/gl-code-quality-report.json", "utf8"));
    if (!sarif.runs[0].results.length || !cq.length) throw new Error("empty reports");
    if (!fs.readFileSync(d + "/cct-junit.xml", "utf8").startsWith("<?xml")) throw new Error("junit");
    if (!fs.readFileSync(d + "/cct-policyreports.yaml", "utf8").includes("kind: PolicyReport")) throw new Error("policyreport");
  ' "$dir"
  ci_script cct-check fail-on=never > "$dir/never.sh"
  (cd "$dir" && PATH=$(dirname "$CCT"):$PATH bash never.sh >/dev/null) \
    || { echo "gitlab-ci: fail-on never still failed" >&2; return 1; }
  # The commits job on a merge request that adds one good and one bad message.
  (
    cd "$dir" && git init -q repo && cd repo
    git config user.email ci@example.invalid && git config user.name ci && git config commit.gpgsign false
    git commit -q --allow-empty -m "chore: start" --no-verify
    base=$(git rev-parse HEAD)
    git commit -q --allow-empty -m "feat: add the web deployment" --no-verify
    ci_script cct-commits > ../commits.sh
    export CI_MERGE_REQUEST_DIFF_BASE_SHA=$base PATH=$(dirname "$CCT"):$PATH
    bash ../commits.sh >/dev/null || { echo "gitlab-ci: good commits refused" >&2; exit 1; }
    git commit -q --allow-empty -m "Fixed stuff." --no-verify
    rc=0; bash ../commits.sh >/dev/null 2>&1 || rc=$?
    [ "$rc" = 1 ] || { echo "gitlab-ci: cct-commits exited $rc on a bad message, not 1" >&2; exit 1; }
    grep -q '<failure' cct-commits-junit.xml
  )
  echo "gitlab-ci: templates/cct.yml jobs ran: bad manifest and bad commit fail, reports written"
}

# conventional-changelog 8.1.3 + conventionalcommits 10.4.1 (pinned in
# benches/changelog-compare/package.json) and `cct commits --changelog` on a
# scratch repository holding the changelog's hard cases (benches/changelog-compare/scratch.sh):
# the same Markdown, byte for byte, for a release and for a monorepo package's release.
check_changelog() {
  local dir=$TOOLS/changelog repo=$SCRATCH/changelog-repo out=$SCRATCH/changelog
  if ! cmp -s benches/changelog-compare/package.json "$dir/package.json" \
    || [ ! -d "$dir/node_modules/conventional-changelog" ]; then
    rm -rf "$dir"; mkdir -p "$dir"
    cp benches/changelog-compare/package.json "$dir/"
    (cd "$dir" && npm install --no-audit --no-fund --loglevel=error)
  fi
  cp benches/changelog-compare/reference.mjs "$dir/"
  bash benches/changelog-compare/scratch.sh "$repo"
  rm -rf "$out"; mkdir -p "$out"
  local url=https://github.com/acme/widgets from to date path prefix
  while read -r from to path prefix; do
    date=$(TZ=UTC git -C "$repo" log -1 --format=%cd --date=format-local:%Y-%m-%d "$to")
    node "$dir/reference.mjs" "$repo" "$from" "$to" "$url" "$date" ${path:+"$path" "$prefix"} > "$out/$to.reference.md"
    "$CCT" commits -C "$repo" --changelog "$from..$to" ${path:+--path "$path" --tag-prefix "$prefix"} > "$out/$to.cct.md"
    diff -u "$out/$to.reference.md" "$out/$to.cct.md" \
      || { echo "changelog: cct and conventional-changelog differ on $from..$to" >&2; return 1; }
    echo "changelog: $from..$to${path:+ ($path)}: the same as conventional-changelog ($(grep -c '^\* ' "$out/$to.cct.md") entries)"
  done <<'RANGES'
v1.0.0 v2.0.0
api@1.0.0 api@1.1.0 packages/api api@
RANGES
}

# The Kyverno CLI of the platform's version, built from its Go module source
# (`go install …@v1.11.5` refuses a module with `replace` directives). A fresh
# build takes 30 to 55 minutes on 2 shared cores (2.2 GB of modules, 1.9 GB of
# build cache, a 235 MB binary), so the binary is kept outside the work tree,
# in ~/.cache/cct-tools, and built only when missing.
kyverno_bin() {
  local cache=${XDG_CACHE_HOME:-$HOME/.cache}/cct-tools bin src
  bin=$cache/kyverno-$KYVERNO_VERSION
  if [ ! -x "$bin" ]; then
    mkdir -p "$cache"
    src=$(mktemp -d)
    cp -r "$(kyverno_module_dir)/." "$src"; chmod -R u+w "$src"
    echo "kyverno: building $KYVERNO_VERSION (first run only; long)" >&2
    (cd "$src" && GOFLAGS=-mod=mod go build -o "$bin.tmp" ./cmd/cli/kubectl-kyverno) && mv "$bin.tmp" "$bin"
    rm -rf "$src"
  fi
  mkdir -p "$TOOLS/bin"; ln -sf "$bin" "$TOOLS/bin/kyverno"
  echo "$TOOLS/bin/kyverno"
}

# `kyverno apply` of the exported Policies on every exportable rule's good and
# bad fixtures: the same objects fail as with cct.
check_kyverno() {
  local bin
  bin=$(kyverno_bin)
  # sed reads all of its input: `head` would end the pipe early (SIGPIPE, 141 under pipefail).
  "$bin" version | sed -n 1p
  local log status=0
  log=$(mktemp)
  CCT_KYVERNO=$bin cargo test -q -p cct-core --locked --test kyverno_parity -- --nocapture >"$log" 2>&1 || status=$?
  grep -E 'comparisons|test result|panicked|disagree' "$log" || true
  rm -f "$log"
  return "$status"
}

# A Go tool at a pinned version, built once into ~/.cache/cct-tools (outside the work
# tree, like the Kyverno CLI): go_tool NAME MODULE/cmd/path VERSION prints the binary.
go_tool() {
  local name=$1 package=$2 version=$3 cache bin
  cache=${XDG_CACHE_HOME:-$HOME/.cache}/cct-tools
  bin=$cache/$name-$version
  if [ ! -x "$bin" ]; then
    mkdir -p "$cache/$name-$version.build"
    echo "$name: building $version (first run only)" >&2
    GOFLAGS= GOBIN="$cache/$name-$version.build" GOTOOLCHAIN=local go install "$package@$version" >&2
    mv "$cache/$name-$version.build/$name" "$bin" && rmdir "$cache/$name-$version.build"
  fi
  echo "$bin"
}

# `cct check --helm CHART -f values` and `--kustomize DIR` with the real helm and
# kustomize on tests/render/: findings point into the templates, values reach helm.
check_render() {
  local helm kustomize
  helm=$(go_tool helm helm.sh/helm/v4/cmd/helm "$HELM_VERSION")
  kustomize=$(go_tool kustomize sigs.k8s.io/kustomize/kustomize/v5 "$KUSTOMIZE_VERSION")
  "$helm" version --short; "$kustomize" version
  CCT_HELM=$helm CCT_KUSTOMIZE=$kustomize cargo test -q -p cct-cli --locked --test render
}

for name in sarif policyreport pre_commit gitlab_ci changelog kyverno render; do run_check "$name"; done
