#!/usr/bin/env bash
# Checks every description of $WORK/list.tsv (written by materialise.sh) with cct, one process
# each (time, peak memory, exit code, findings), then the whole corpus in one process with cct
# and with Redocly CLI side by side. Results: $WORK/results.tsv and $WORK/whole.tsv; report.py
# turns them into REPORT.md.
#   CCT=path/to/cct   REDOCLY=path/to/node_modules/.bin/redocly (npm i @redocly/cli@2.77.0)
set -euo pipefail
WORK=${WORK:-/work/corpus/openapi}
CCT=${CCT:-cct}
REDOCLY=${REDOCLY:-}
cd "$WORK"
printf 'file\twhy\tbytes\tseconds\tkb\texit\tfindings\terrors\n' > results.tsv
while IFS=$'\t' read -r file why; do
  /usr/bin/time -f '%e %M' -o time.txt "$CCT" check --format json "$file" > out.json 2> err.txt && code=0 || code=$?
  read -r secs kb < <(tail -n1 time.txt)
  counts=$(python3 -c 'import json,sys
try:
    r = json.load(open("out.json")); print(len(r["findings"]), len(r["errors"]), sep="\t")
except Exception:
    print("?\t?")')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$file" "$why" "$(stat -c %s "$file")" "$secs" "$kb" "$code" "$counts" >> results.tsv
done < list.tsv
cut -f1 list.tsv > files.txt
printf 'tool\tseconds\tkb\n' > whole.tsv
/usr/bin/time -f '%e %M' -o time.txt xargs -a files.txt "$CCT" check --format json > whole-cct.json 2>/dev/null || true
printf "cct\t%s\t%s\n" $(tail -n1 time.txt) >> whole.tsv
if [[ -n "$REDOCLY" ]]; then
  /usr/bin/time -f '%e %M' -o time.txt xargs -a files.txt "$REDOCLY" lint --format json > whole-redocly.json 2>/dev/null || true
  printf "redocly\t%s\t%s\n" $(tail -n1 time.txt) >> whole.tsv
fi
cat whole.tsv
