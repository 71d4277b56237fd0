#!/usr/bin/env bash
# The commit-msg hook, whole process (node start included): cct-node's
# `cct-commit-msg` against `commitlint --edit` (@commitlint/cli with
# @commitlint/config-conventional) on the same good and bad messages.
#
#   bash benches/commit_msg_hook.sh          # needs hyperfine, npm, and the release addon:
#                                            #   (cd cct-node && npm install && npm run build)
#
# A throw-away npm project in $CCT_BENCH_DIR (default target/bench-commit-msg)
# gets commitlint and a link to ./cct-node, as a user's project would.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DIR=${CCT_BENCH_DIR:-$ROOT/target/bench-commit-msg}
RUNS=${CCT_BENCH_RUNS:-30}

command -v hyperfine >/dev/null || { echo "hyperfine is missing (apt-get install hyperfine)" >&2; exit 2; }
ls "$ROOT"/cct-node/cct-node.*.node >/dev/null 2>&1 || { echo "no addon: run 'npm run build' in cct-node first" >&2; exit 2; }

mkdir -p "$DIR"
cd "$DIR"
if [ ! -x node_modules/.bin/commitlint ] || [ ! -e node_modules/.bin/cct-commit-msg ]; then
  [ -f package.json ] || npm init -y >/dev/null
  CCT_NODE_SKIP_BUILD=1 npm install --no-audit --no-fund --loglevel=error \
    @commitlint/cli@20 @commitlint/config-conventional@20 "$ROOT/cct-node"
fi
echo "export default { extends: ['@commitlint/config-conventional'] };" > commitlint.config.mjs
[ -d .git ] || git init -q .
printf 'feat(api): add pagination to the list endpoints\n\nPages are 50 items long.\n' > good.msg
printf 'Feature: Add pagination.\n' > bad.msg

echo "commitlint $(node_modules/.bin/commitlint --version), node $(node --version)"
echo "--- outputs on the bad message"
node_modules/.bin/cct-commit-msg bad.msg || true
node_modules/.bin/commitlint --edit bad.msg || true

hyperfine -N -i --warmup 3 --runs "$RUNS" --export-markdown "$DIR/results.md" \
  -n 'node -e 0 (node start alone)' 'node -e 0' \
  -n 'cct-commit-msg good' 'node_modules/.bin/cct-commit-msg good.msg' \
  -n 'cct-commit-msg bad' 'node_modules/.bin/cct-commit-msg bad.msg' \
  -n 'npx cct-commit-msg bad' 'npx --no-install cct-commit-msg bad.msg' \
  -n 'commitlint --edit good' 'node_modules/.bin/commitlint --edit good.msg' \
  -n 'commitlint --edit bad' 'node_modules/.bin/commitlint --edit bad.msg' \
  -n 'npx commitlint --edit bad' 'npx --no-install commitlint --edit bad.msg'
echo "results: $DIR/results.md"
