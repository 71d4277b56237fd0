#!/usr/bin/env python3
"""Summarises $WORK/results.tsv, whole.tsv, readme.tsv and osv.tsv (run.sh, verdict_*) as Markdown."""
import csv
import os
import sys

work = os.environ.get("WORK", "/work/corpus/openapi")


def rows(name):
    path = os.path.join(work, name)
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


# What the tables cannot say: when, on what load, at which commit (set by whoever ran run.sh).
print(f"# OpenAPI corpus: results ({os.environ.get('RUN_DATE', 'undated')})\n")
print(f"cct at commit `{os.environ.get('RUN_COMMIT', '?')}` (release build); machine: "
      f"{os.environ.get('RUN_MACHINE', 'not recorded')}; load average during the runs: "
      f"{os.environ.get('RUN_LOAD', 'not recorded')}.\n")
results = rows("results.tsv")[1:]


def cpu(r):
    """CPU seconds (user + system) when run.sh recorded them, else the wall seconds."""
    return r[8] if len(r) > 8 else r[3]


print(f"Descriptions checked one process each: {len(results)}\n")
slow = [r for r in results if r[3] and float(r[3]) > 2.0]
slow_cpu = [r for r in results if float(cpu(r)) > 2.0]
print("| file | why | MB | wall s | CPU s | peak MB | exit | findings | input errors |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
for r in sorted(results, key=lambda r: -int(r[2]))[:22]:
    print(f"| {os.path.basename(r[0])} | {r[1]} | {int(r[2]) / 1e6:.1f} | {r[3]} | {cpu(r)} | {int(r[4]) / 1024:.0f} | {r[5]} | {r[6]} | {r[7]} |")
worst = max(results, key=lambda r: float(r[3]))
print(f"\nLongest: {os.path.basename(worst[0])} {worst[3]} s wall, {cpu(worst)} s CPU.")
print(f"Over 2 s wall: {len(slow)} ({', '.join(os.path.basename(r[0]) + ' ' + r[3] + ' s' for r in slow) or 'none'}).")
print(f"Over 2 s CPU: {len(slow_cpu)} ({', '.join(os.path.basename(r[0]) + ' ' + cpu(r) + ' s' for r in slow_cpu) or 'none'}).\n")
by_file = {r[0]: r for r in results}
print("| minified | wall s | CPU s | pretty wall s | CPU s | ratio (wall) | ratio (CPU) |")
print("|---|---:|---:|---:|---:|---:|---:|")
for f, r in by_file.items():
    pretty = f[: -len(".json")] + ".pretty.json"
    if pretty in by_file:
        p = by_file[pretty]
        if p[7] != "0":
            print(f"| {os.path.basename(f)} | {r[3]} | {cpu(r)} | refused (over the input size limit) | | | |")
            continue
        wall = float(r[3]) / max(float(p[3]), 0.01)
        cpu_ratio = float(cpu(r)) / max(float(cpu(p)), 0.01)
        print(f"| {os.path.basename(f)} | {r[3]} | {cpu(r)} | {p[3]} | {cpu(p)} | {wall:.2f} | {cpu_ratio:.2f} |")
whole = rows("whole.tsv")[1:]
if whole:
    print("\n| whole corpus, one process | s | peak MB |\n|---|---:|---:|")
    for t in whole:
        print(f"| {t[0]} | {t[1]} | {int(t[2]) / 1024:.0f} |")
    print("\nBoth read every file of the list in one process (`xargs`); Redocly's `lint` stops at"
          " 100 problems a file (its default `--max-problems`), cct reports every finding.")
# cct's verdict on each file, from the whole-corpus report: `invalid` when the description breaks
# its schema or a reference (`openapi/schema-valid`, `openapi/ref-resolvable`) or could not be
# read at all; `not 3.x` when it is not an OpenAPI 3 description (`openapi/openapi-3`: cct
# judges 3.0 and 3.1 only); `valid` otherwise.
STRUCTURAL = ("openapi/schema-valid", "openapi/ref-resolvable")
cct_verdict = {}
whole_path = os.path.join(work, "whole-cct.json")
if os.path.exists(whole_path):
    import json

    with open(whole_path, encoding="utf-8") as f:
        whole_report = json.load(f)
    for i in whole_report["inputs"]:
        cct_verdict.setdefault(i["path"], ("valid", ""))
    for finding in whole_report["findings"]:
        path, rule = finding["location"]["path"], finding["rule"]
        if rule in STRUCTURAL and cct_verdict.get(path, ("valid",))[0] == "valid":
            cct_verdict[path] = ("invalid", f"{rule}: {finding['message']}")
        elif rule == "openapi/openapi-3" and cct_verdict.get(path, ("valid",))[0] == "valid":
            cct_verdict[path] = ("not 3.x", finding["message"])
    for error in whole_report["errors"]:
        cct_verdict[error["path"]] = ("invalid", error["message"])
for tool, name in (("readme.tsv", "@readme/openapi-parser 9.0.0"), ("osv.tsv", "openapi-spec-validator 0.9.0")):
    verdicts = [v for v in rows(tool) if len(v) > 1]
    if not verdicts:
        continue
    counts = {}
    disagreements = []
    for v in verdicts:
        theirs = v[1]
        ours = cct_verdict.get(v[0], ("?", ""))
        counts[(ours[0], theirs)] = counts.get((ours[0], theirs), 0) + 1
        if ours[0] != theirs:
            disagreements.append((v[0], ours, theirs, v[2] if len(v) > 2 else ""))
    print(f"\n{name}: {len(verdicts)} judged\n")
    print("| cct | " + name + " | files |\n|---|---|---:|")
    for (ours, theirs), n in sorted(counts.items()):
        print(f"| {ours} | {theirs} | {n} |")
    if disagreements:
        print(f"\nDisagreements ({len(disagreements)}; explained in docs/openapi.md):\n")
        for file, ours, theirs, why in disagreements:
            print(f"- {os.path.basename(file)}: cct {ours[0]} ({ours[1][:160]}); {theirs}: {why[:160]}")
