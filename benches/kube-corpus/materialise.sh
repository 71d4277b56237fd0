#!/usr/bin/env bash
# Materialises the real-world Kubernetes corpus of REPORT.md from local git
# mirrors at the commits recorded in manifest.txt (`owner/name commit path`,
# one file a line). Nothing fetched is committed to this repository.
#
#   benches/kube-corpus/materialise.sh [DEST]      (default /work/corpus/kube)
#
# Mirrors are bare repositories at $CCT_MIRRORS/<owner>+<name>/repo
# (default /work/.mirror); bring a missing one with `git clone --bare
# https://github.com/<owner>/<name> $CCT_MIRRORS/<owner>+<name>/repo`.
# Files land at DEST/<owner>+<name>/<path>; DEST/files.txt lists them.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dest=${1:-/work/corpus/kube}
mirrors=${CCT_MIRRORS:-/work/.mirror}
mkdir -p "$dest"
: > "$dest/files.txt"
missing=0
while read -r repo commit path; do
  [ -z "$repo" ] || [ "${repo:0:1}" = "#" ] && continue
  git_dir=$mirrors/${repo/\//+}/repo
  out=$dest/${repo/\//+}/$path
  mkdir -p "$(dirname "$out")"
  if ! git --git-dir="$git_dir" show "$commit:$path" > "$out" 2>/dev/null; then
    echo "missing: $repo $commit $path" >&2
    missing=$((missing + 1))
    continue
  fi
  echo "$out" >> "$dest/files.txt"
done < "$here/manifest.txt"
echo "$(wc -l < "$dest/files.txt") files in $dest ($missing missing)"
[ "$missing" = 0 ]
