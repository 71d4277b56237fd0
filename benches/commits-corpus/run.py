#!/usr/bin/env python3
"""Compares cct with commitlint and commit-analyzer on real histories.

    python3 benches/commits-corpus/run.py --cct target/release/cct --work /work/corpus/me

Reads manifest.txt (repo, commit), finds each repository's bare mirror under
$CCT_MIRRORS (default /work/.mirror, `<owner>+<name>/repo`), and:
1. exports `git log` messages at the recorded commit (JSON lines, in --work);
2. lints each message with commitlint 21.2.4 + config-conventional (reference.mjs,
   installed by `npm ci`/`npm install` of package.json into --work) and with
   `cct commits <commit> --no-signatures --format json`; compares the verdicts
   (valid = no error);
3. for each release range (consecutive stable semver tags `vX.Y.Z`/`X.Y.Z`, the
   older an ancestor of the newer), compares commit-analyzer's release type
   (conventionalcommits preset) with `cct commits --next-version RANGE`'s bump.
Writes results.json and the tables of REPORT.md (printed) into --work.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
SEMVER = re.compile(r"^v?(\d+)\.(\d+)\.(\d+)$")


def git(mirror, *args):
    return subprocess.run(["git", "--git-dir", mirror, *args], check=True, capture_output=True).stdout


def manifest():
    for line in open(os.path.join(HERE, "manifest.txt"), encoding="utf-8"):
        line = line.strip()
        if line and not line.startswith("#"):
            repo, commit = line.split()
            yield repo, commit


def messages(mirror, rev):
    out = git(mirror, "log", "-z", "--format=%H%n%B", rev, "--")
    for record in out.decode("utf-8", "replace").split("\0"):
        record = record.lstrip("\n")
        if record:
            hash_, _, message = record.partition("\n")
            yield hash_, message


def cct_verdicts(cct, mirror, rev):
    out = subprocess.run([cct, "commits", "-C", mirror, rev, "--no-signatures", "--format", "json"],
                         capture_output=True)
    report = json.loads(out.stdout)
    errors, warnings = defaultdict(set), defaultdict(set)
    for f in report["findings"]:
        name = f["object"]["name"]
        rule = f["rule"].removeprefix("commit/")
        (errors if f["severity"] == "error" else warnings)[name].add(rule)
    skipped = {i["path"] for i in report["inputs"] if i["status"] == "skipped"}
    return errors, warnings, skipped


def release_ranges(mirror, tip):
    tags = git(mirror, "tag", "--merged", tip).decode().split()
    stable = sorted(((tuple(map(int, SEMVER.match(t).groups())), t) for t in tags if SEMVER.match(t)))
    ranges = []
    for (_, older), (_, newer) in zip(stable, stable[1:]):
        ok = subprocess.run(["git", "--git-dir", mirror, "merge-base", "--is-ancestor", older, newer]).returncode == 0
        if ok:
            ranges.append(f"{older}..{newer}")
    return ranges


def cct_bump(cct, mirror, rng):
    out = subprocess.run([cct, "commits", "-C", mirror, "--next-version", rng, "--format", "json"],
                         capture_output=True)
    return json.loads(out.stdout)["bump"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cct", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--mirrors", default=os.environ.get("CCT_MIRRORS", "/work/.mirror"))
    ap.add_argument("--skip-bumps", action="store_true")
    a = ap.parse_args()
    cct = os.path.abspath(a.cct)
    os.makedirs(a.work, exist_ok=True)
    shutil.copy(os.path.join(HERE, "package.json"), a.work)
    shutil.copy(os.path.join(HERE, "reference.mjs"), a.work)
    if not os.path.isdir(os.path.join(a.work, "node_modules", "@commitlint", "lint")):
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"], cwd=a.work, check=True)
    export = os.path.join(a.work, "messages.jsonl")
    repos = []
    with open(export, "w", encoding="utf-8") as out:
        for repo, commit in manifest():
            mirror = os.path.join(a.mirrors, repo.replace("/", "+"), "repo")
            git(mirror, "cat-file", "-e", commit + "^{commit}")
            n = 0
            for hash_, message in messages(mirror, commit):
                out.write(json.dumps({"repo": repo, "hash": hash_, "message": message}) + "\n")
                n += 1
            repos.append((repo, commit, mirror, n))
    ref = subprocess.run(["node", "reference.mjs", "lint", export], cwd=a.work, capture_output=True, check=True)
    theirs = [json.loads(l) for l in ref.stdout.decode().splitlines()]
    msg = {}
    for line in open(export, encoding="utf-8"):
        r = json.loads(line)
        msg[r["hash"]] = r["message"]

    results = {"repos": [], "differences": [], "bumps": []}
    total = agree = 0
    kinds = Counter()
    for repo, commit, mirror, n in repos:
        errors, warnings, skipped = cct_verdicts(cct, mirror, commit)
        mine = [t for t in theirs if t["repo"] == repo]
        same = 0
        for t in mine:
            h = t["hash"]
            cct_valid = not errors.get(h)
            if t["valid"] is None:
                kind = "commitlint throws: " + t.get("threw", "")
            elif cct_valid == t["valid"]:
                same += 1
                continue
            else:
                theirs_e, ours_e = set(t["errors"]), errors.get(h, set())
                kind = f"commitlint {sorted(theirs_e - ours_e) or '-'} / cct {sorted(ours_e - theirs_e) or '-'}"
            kinds[kind] += 1
            results["differences"].append({"repo": repo, "hash": h, "kind": kind,
                                           "header": msg[h].split("\n", 1)[0][:120],
                                           "commitlint": t["errors"], "cct": sorted(errors.get(h, set()))})
        total += len(mine)
        agree += same
        results["repos"].append({"repo": repo, "commit": commit, "commits": n, "agree": same,
                                 "cct_errors": sum(1 for h in errors if errors[h]),
                                 "commitlint_errors": sum(1 for t in mine if t["valid"] is False)})
    results["total"], results["agree"] = total, agree
    results["difference_kinds"] = kinds.most_common()

    if not a.skip_bumps:
        jobs = []
        for repo, commit, mirror, _ in repos:
            for rng in release_ranges(mirror, commit):
                jobs.append((repo, mirror, rng))
        payload = []
        for repo, mirror, rng in jobs:
            payload.append({"repo": repo, "range": rng,
                            "commits": [{"hash": h, "message": m} for h, m in messages(mirror, rng)]})
        path = os.path.join(a.work, "ranges.json")
        json.dump(payload, open(path, "w"))
        ref = subprocess.run(["node", "reference.mjs", "analyze", path], cwd=a.work, capture_output=True, check=True)
        analyzer = {(r["repo"], r["range"]): r["release"] for r in map(json.loads, ref.stdout.decode().splitlines())}
        with ThreadPoolExecutor(2) as pool:
            bumps = list(pool.map(lambda j: cct_bump(cct, j[1], j[2]), jobs))
        for (repo, _, rng), bump in zip(jobs, bumps):
            results["bumps"].append({"repo": repo, "range": rng, "cct": bump, "commit-analyzer": analyzer[(repo, rng)]})
    json.dump(results, open(os.path.join(a.work, "results.json"), "w"), indent=1)

    print("| repository | commit | commits | commitlint errors | cct errors | same verdict |")
    print("|---|---|---:|---:|---:|---:|")
    for r in results["repos"]:
        print(f"| {r['repo']} | `{r['commit'][:12]}` | {r['commits']:,} | {r['commitlint_errors']:,} | {r['cct_errors']:,} | {r['agree']:,} ({100 * r['agree'] / r['commits']:.2f} %) |")
    print(f"| **all** | | **{total:,}** | | | **{agree:,} ({100 * agree / total:.3f} %)** |")
    print()
    print("| difference (rules only one side reports as errors) | commits |")
    print("|---|---:|")
    for kind, n in kinds.most_common():
        print(f"| {kind} | {n} |")
    if results["bumps"]:
        same = sum(1 for b in results["bumps"] if b["cct"] == b["commit-analyzer"])
        print()
        print(f"Release ranges: {len(results['bumps'])}, same release type: {same}")
        for b in results["bumps"]:
            if b["cct"] != b["commit-analyzer"]:
                print(f"- {b['repo']} `{b['range']}`: cct {b['cct']}, commit-analyzer {b['commit-analyzer']}")


if __name__ == "__main__":
    sys.exit(main())
