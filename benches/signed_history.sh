#!/usr/bin/env bash
# `cct commits` on a real signed history, whole process (git included), side by
# side with the `%G?` read cct used to do and with commitlint.
#
#   bash benches/signed_history.sh [GIT_DIR]
#
# GIT_DIR: a clone of vitejs/vite (9,620 commits at a98c8d95d552, 7,055 of them
# signed: 6,761 OpenPGP, 294 SSH), e.g. the bare mirror the search tool's `fetch`
# brings to /work/.mirror/vitejs+vite/repo. Needs hyperfine, npm, and a release build
# (`cargo build --release -p cct-cli`). commitlint (pinned, as in
# benches/commits-corpus/package.json) is installed into $CCT_BENCH_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
REPO=${1:-/work/.mirror/vitejs+vite/repo}
TIP=${CCT_BENCH_TIP:-a98c8d95d552c6fa98ab66fb810f5b39ad5abf49}
DIR=${CCT_BENCH_DIR:-$ROOT/target/bench-signed-history}
RUNS=${CCT_BENCH_RUNS:-10}
CCT=$ROOT/target/release/cct
command -v hyperfine >/dev/null || { echo "hyperfine is missing (apt-get install hyperfine)" >&2; exit 2; }
[ -x "$CCT" ] || { echo "no release build: cargo build --release -p cct-cli" >&2; exit 2; }

mkdir -p "$DIR"
[ -d "$DIR/vite.git" ] || git clone -q --bare "$REPO" "$DIR/vite.git"
git --git-dir "$DIR/vite.git" update-ref refs/heads/bench "$TIP"
git --git-dir "$DIR/vite.git" symbolic-ref HEAD refs/heads/bench
cd "$DIR"
if [ ! -x node_modules/.bin/commitlint ]; then
  [ -f package.json ] || npm init -y >/dev/null
  npm install --no-audit --no-fund --loglevel=error @commitlint/cli@21.2.4 @commitlint/config-conventional@21.2.4
fi
echo "export default { extends: ['@commitlint/config-conventional'] };" > commitlint.config.mjs
ROOTC=$(git --git-dir vite.git rev-list --max-parents=0 HEAD | tail -1)
echo "commits: $(git --git-dir vite.git rev-list --count HEAD), signed: $(git --git-dir vite.git log --format=raw | grep -c '^gpgsig')"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"

hyperfine -N -i --warmup 1 --runs "$RUNS" --export-markdown "$DIR/results.md" \
  -n 'cct commits (default: signatures read, not verified)' "$CCT commits -C vite.git --format json" \
  -n 'cct commits --no-signatures' "$CCT commits -C vite.git --no-signatures --format json" \
  -n 'git rev-list | git cat-file --batch (the read alone)' "sh -c 'git --git-dir vite.git rev-list HEAD | git --git-dir vite.git cat-file --batch'"
# The slow ones, once each: the %G? read cct ran before (one verifier per signed commit)
# and commitlint, which reads the history itself (git-raw-commits).
hyperfine -N -i --runs 1 --export-markdown "$DIR/slow.md" \
  -n 'git log --format=%H%G?%B (what cct ran before)' "git --git-dir vite.git log -z --format=%H%x00%G?%x00%B HEAD" \
  -n 'commitlint --from <root> --to HEAD' "sh -c 'cd $DIR && GIT_DIR=vite.git node_modules/.bin/commitlint --from $ROOTC --to HEAD --quiet'"
echo "results: $DIR/results.md $DIR/slow.md"
