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
        return list(csv.reader(f, delimiter="\t"))


results = rows("results.tsv")[1:]
print(f"Descriptions checked one process each: {len(results)}\n")
slow = [r for r in results if r[3] and float(r[3]) > 2.0]
print("| file | why | MB | s | peak MB | exit | findings | input errors |")
print("|---|---|---:|---:|---:|---:|---:|---:|")
for r in sorted(results, key=lambda r: -int(r[2]))[:22]:
    print(f"| {os.path.basename(r[0])} | {r[1]} | {int(r[2]) / 1e6:.1f} | {r[3]} | {int(r[4]) / 1024:.0f} | {r[5]} | {r[6]} | {r[7]} |")
print(f"\nOver 2 s: {len(slow)} ({', '.join(os.path.basename(r[0]) + ' ' + r[3] + ' s' for r in slow) or 'none'})\n")
by_file = {r[0]: r for r in results}
print("| minified | s | pretty s | ratio |")
print("|---|---:|---:|---:|")
for f, r in by_file.items():
    pretty = f[: -len(".json")] + ".pretty.json"
    if pretty in by_file:
        p = by_file[pretty]
        print(f"| {os.path.basename(f)} | {r[3]} | {p[3]} | {float(r[3]) / max(float(p[3]), 0.01):.2f} |")
whole = rows("whole.tsv")[1:]
if whole:
    print("\n| whole corpus, one process | s | peak MB |\n|---|---:|---:|")
    for t in whole:
        print(f"| {t[0]} | {t[1]} | {int(t[2]) / 1024:.0f} |")
cct_valid = {r[0]: r[6] != "?" and r[7] == "0" for r in results}
for tool, name in (("readme.tsv", "@readme/openapi-parser 9.0.0"), ("osv.tsv", "openapi-spec-validator 0.9.0")):
    verdicts = rows(tool)
    if not verdicts:
        continue
    invalid = [v for v in verdicts if len(v) > 1 and v[1] == "invalid"]
    print(f"\n{name}: {len(verdicts)} judged, {len(invalid)} invalid")
    for v in invalid:
        print(f"- {os.path.basename(v[0])}: {v[2] if len(v) > 2 else ''}")
