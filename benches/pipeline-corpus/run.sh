#!/usr/bin/env bash
# Rebuilds the pipeline corpus from manifest.tsv (repository, commit, path; the files are not
# vendored) and checks each repository's pipeline files with `cct check --format json`.
# Usage: benches/pipeline-corpus/run.sh [WORKDIR]   (needs git, network access, `cct` on PATH)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=${1:-$(mktemp -d)}
mkdir -p "$work/files" "$work/reports"
tail -n +2 "$here/manifest.tsv" | while IFS=$'\t' read -r repo commit path; do
  git_dir="$work/git/${repo/\//+}"
  if [ ! -d "$git_dir" ]; then
    git clone --quiet --bare --filter=blob:none "https://github.com/$repo" "$git_dir"
  fi
  out="$work/files/${repo/\//+}/$path"
  mkdir -p "$(dirname "$out")"
  git --git-dir="$git_dir" show "$commit:$path" > "$out"
done
for dir in "$work/files"/*/; do
  name=$(basename "$dir")
  cct check --format json --fail-on never "$dir" > "$work/reports/$name.json" || true
done
echo "reports in $work/reports"
