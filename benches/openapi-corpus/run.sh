#!/usr/bin/env bash
# Checks every description of $WORK/list.tsv (written by materialise.sh) with cct, one process
# each (time, peak memory, exit code, findings), then the whole corpus in one process with cct
# and with Redocly CLI side by side. Results: $WORK/results.tsv and $WORK/whole.tsv; report.py
# turns them into REPORT.md.
#   CCT=path/to/cct   REDOCLY=path/to/node_modules/.bin/redocly (npm i @redocly/cli@2.77.0)
#   WHOLE=0 skips the whole-corpus runs. On a shared machine wall time follows the load: the CPU
#   time (user + system) is recorded beside it.
set -euo pipefail
WORK=${WORK:-/work/corpus/openapi}
CCT=${CCT:-cct}
REDOCLY=${REDOCLY:-}
WHOLE=${WHOLE:-1}
cd "$WORK"
printf 'file\twhy\tbytes\tseconds\tkb\texit\tfindings\terrors\tcpu\n' > results.tsv
while IFS=$'\t' read -r file why; do
  /usr/bin/time -f '%e %M %U %S' -o time.txt "$CCT" check --format json "$file" > out.json 2> err.txt && code=0 || code=$?
  read -r secs kb user sys < <(tail -n1 time.txt)
  counts=$(python3 -c 'import json,sys
try:
    r = json.load(open("out.json")); print(len(r["findings"]), len(r["errors"]), sep="\t")
except Exception:
    print("?\t?")')
  cpu=$(python3 -c "print(f'{$user + $sys:.2f}')")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$file" "$why" "$(stat -c %s "$file")" "$secs" "$kb" "$code" "$counts" "$cpu" >> results.tsv
done < list.tsv
[[ "$WHOLE" == 0 ]] && exit 0
# One path a line: some names hold spaces (`api_hubapi.com_business units.json`).
cut -f1 list.tsv > files.txt
printf 'tool\tseconds\tkb\n' > whole.tsv
/usr/bin/time -f '%e %M' -o time.txt xargs -d '\n' -a files.txt "$CCT" check --format json > whole-cct.json 2>/dev/null || true
printf "cct\t%s\t%s\n" $(tail -n1 time.txt) >> whole.tsv
if [[ -n "$REDOCLY" ]]; then
  /usr/bin/time -f '%e %M' -o time.txt xargs -d '\n' -a files.txt "$REDOCLY" lint --format json > whole-redocly.json 2>/dev/null || true
  printf "redocly\t%s\t%s\n" $(tail -n1 time.txt) >> whole.tsv
fi
cat whole.tsv
