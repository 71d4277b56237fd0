#!/usr/bin/env bash
# Peak memory and wall time of `cct check` on generated OpenAPI descriptions of growing size,
# to size `limits.max_input_bytes` (docs/openapi.md, "Memory").
#
#   bash benches/openapi_memory.sh [SIZE_MB...]      # default: 5 25 50
#
# Needs a release build (`cargo build --release -p cct-cli`) and GNU time (/usr/bin/time).
# Each size is written pretty-printed JSON, minified JSON and block YAML by
# benches/openapi_memory_gen.py into $CCT_BENCH_DIR (default target/bench-openapi-memory).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CCT=$ROOT/target/release/cct
DIR=${CCT_BENCH_DIR:-$ROOT/target/bench-openapi-memory}
[ -x "$CCT" ] || { echo "no release build: cargo build --release -p cct-cli" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time is missing (apt-get install time)" >&2; exit 2; }
mkdir -p "$DIR"
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(5 25 50)
printf '| input | bytes | wall | peak RSS | RSS / input |\n|---|---:|---:|---:|---:|\n'
for mb in "${SIZES[@]}"; do
  for form in pretty.json min.json yaml; do
    file=$DIR/generated-${mb}mb.$form
    flag=""
    [ "$form" = min.json ] && flag=--minified
    [ -f "$file" ] || python3 benches/openapi_memory_gen.py "$mb" "$file" $flag >/dev/null
    bytes=$(stat -c %s "$file")
    # The limit raised above the input, so the whole check runs; status 1 (findings) is expected.
    /usr/bin/time -v "$CCT" check --format json --max-input-bytes $((bytes + 1)) "$file" \
      >/dev/null 2>"$DIR/time.txt" || true
    rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$DIR/time.txt")
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$DIR/time.txt")
    awk -v f="$(basename "$file")" -v b="$bytes" -v w="$wall" -v r="$rss_kb" \
      'BEGIN { printf "| %s | %.1f MB | %s | %.0f MB | %.1f× |\n", f, b/1e6, w, r*1024/1e6, r*1024/b }'
  done
done
