#!/usr/bin/env python3
"""cct's changelog next to conventional-changelog's on real release ranges.

    python3 benches/changelog-compare/compare.py --cct target/release/cct --work target/changelog-compare

Reads ranges.txt (repo, commit, web address, how many of the last release
ranges, and for a monorepo package a tag prefix and a path), finds each
repository's bare mirror under $CCT_MIRRORS (default /work/.mirror,
`<owner>+<name>/repo`; the search tool's `fetch` makes them), and for each
release range `FROM..TO` (consecutive stable releases reachable from the
recorded commit, the older an ancestor of the newer) runs
- reference.mjs: conventional-changelog 8.1.3 + conventionalcommits 10.4.1
  (installed from package.json into --work), links from the web address;
- `cct commits --changelog FROM..TO` (`settings.commit.changelog.url` set to the
  same address, `--path`/`--tag-prefix` for a package);
and compares them section by section (breaking changes, features, bug fixes,
…: the entries of each, as a multiset). Prints a Markdown report and writes
results.json into --work (docs/commits.md explains each remaining difference).
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))


def git(mirror, *args):
    return subprocess.run(["git", "--git-dir", mirror, *args], check=True, capture_output=True,
                          env={**os.environ, "TZ": "UTC"}).stdout.decode()


def ranges_file():
    for line in open(os.path.join(HERE, "ranges.txt"), encoding="utf-8"):
        line = line.split("#", 1)[0].strip()
        if line:
            fields = line.split()
            repo, commit, url, count = fields[:4]
            prefix = fields[4] if len(fields) > 4 else None
            path = fields[5] if len(fields) > 5 else None
            yield repo, commit, url, int(count), prefix, path


def version_of(tag, prefix):
    rest = tag[len(prefix):] if prefix else tag.removeprefix("v")
    m = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)", rest)
    return tuple(map(int, m.groups())) if m and (not prefix or tag.startswith(prefix)) else None


def release_ranges(mirror, tip, prefix, count):
    tags = git(mirror, "tag", "--merged", tip).split()
    stable = sorted((v, t) for t in tags if (v := version_of(t, prefix)))
    out = []
    for (_, older), (_, newer) in zip(stable, stable[1:]):
        if subprocess.run(["git", "--git-dir", mirror, "merge-base", "--is-ancestor", older, newer]).returncode == 0:
            out.append((older, newer))
    return out[-count:]


def sections(markdown):
    """{section title: Counter of entries}; the heading line apart."""
    heading, current, out = None, None, {}
    item = None
    for line in markdown.splitlines():
        if line.startswith("## "):
            heading = line
        elif line.startswith("### "):
            current = line[4:].removeprefix("⚠ ").strip()
            out.setdefault(current, Counter())
        elif line.startswith("* ") and current:
            item = line[2:]
            out[current][item] += 1
        elif current and line.startswith("  ") and item is not None:
            # A continuation line: the entry is the whole item.
            out[current][item] -= 1
            item = item + "\n" + line[2:]
            out[current][item] += 1
        elif not line.strip() and item is not None:
            pass
        else:
            item = None
    return heading, {k: +v for k, v in out.items()}


def normalise_title(title):
    return "DEPRECATED" if title == "Deprecations" else title


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cct", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--mirrors", default=os.environ.get("CCT_MIRRORS", "/work/.mirror"))
    args = ap.parse_args()
    cct = os.path.abspath(args.cct)
    os.makedirs(args.work, exist_ok=True)
    for f in ("package.json", "reference.mjs"):
        shutil.copy(os.path.join(HERE, f), args.work)
    if not os.path.isdir(os.path.join(args.work, "node_modules", "conventional-changelog")):
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"], cwd=args.work, check=True)
    results = []
    for repo, commit, url, count, prefix, path in ranges_file():
        mirror = os.path.join(args.mirrors, repo.replace("/", "+"), "repo")
        if not os.path.isdir(mirror):
            print(f"{repo}: no mirror at {mirror} (fetch it first)", file=sys.stderr)
            continue
        config = os.path.join(args.work, repo.replace("/", "+") + ".cct.yaml")
        with open(config, "w", encoding="utf-8") as f:
            f.write(f"settings:\n  commit:\n    changelog:\n      url: {url}\n")
        for older, newer in release_ranges(mirror, commit, prefix, count):
            date = git(mirror, "log", "-1", "--format=%cd", "--date=format-local:%Y-%m-%d", newer).strip()
            ref_args = ["node", os.path.join(args.work, "reference.mjs"), mirror, older, newer, url, date]
            if path or prefix:
                ref_args += [path or "", prefix or ""]
            ref = subprocess.run(ref_args, capture_output=True, check=True).stdout.decode()
            cct_args = [cct, "commits", "-C", mirror, "--changelog", f"{older}..{newer}", "--config", config]
            if path:
                cct_args += ["--path", path]
            if prefix:
                cct_args += ["--tag-prefix", prefix]
            mine = subprocess.run(cct_args, capture_output=True, check=True).stdout.decode()
            ref_heading, ref_sections = sections(ref)
            cct_heading, cct_sections = sections(mine)
            ref_sections = {normalise_title(k): v for k, v in ref_sections.items()}
            cct_sections = {normalise_title(k): v for k, v in cct_sections.items()}
            per_section = {}
            for title in sorted(set(ref_sections) | set(cct_sections)):
                a, b = ref_sections.get(title, Counter()), cct_sections.get(title, Counter())
                per_section[title] = {
                    "reference": sum(a.values()), "cct": sum(b.values()),
                    "only_reference": sorted((a - b).elements()), "only_cct": sorted((b - a).elements()),
                }
            results.append({
                "repo": repo, "range": f"{older}..{newer}", "path": path, "prefix": prefix,
                "identical": ref.strip() == mine.strip(), "same_heading": ref_heading == cct_heading,
                "heading": {"reference": ref_heading, "cct": cct_heading}, "sections": per_section,
            })
    with open(os.path.join(args.work, "results.json"), "w", encoding="utf-8") as f:
        json.dump(results, f, indent=1, ensure_ascii=False)
    report(results)


def report(results):
    same = sum(r["identical"] for r in results)
    entries = Counter()
    for r in results:
        for title, s in r["sections"].items():
            entries[(title, "reference")] += s["reference"]
            entries[(title, "cct")] += s["cct"]
            entries[(title, "differ")] += len(s["only_reference"]) + len(s["only_cct"])
    print(f"{len(results)} release ranges: {same} byte-identical changelogs\n")
    print("| section | entries (conventional-changelog) | entries (cct) | entries differing |")
    print("|---|---|---|---|")
    for title in sorted({t for t, _ in entries}):
        print(f"| {title} | {entries[(title, 'reference')]} | {entries[(title, 'cct')]} | {entries[(title, 'differ')]} |")
    print("\n| repository | range | identical | breaking (ref/cct) | features | fixes | differences |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        s = r["sections"]
        cell = lambda t: f"{s.get(t, {}).get('reference', 0)}/{s.get(t, {}).get('cct', 0)}"
        diffs = []
        if not r["same_heading"]:
            diffs.append("heading")
        for title, d in s.items():
            if d["only_reference"] or d["only_cct"]:
                diffs.append(f"{title}: -{len(d['only_reference'])} +{len(d['only_cct'])}")
        name = r["repo"] + (f" `{r['path']}`" if r["path"] else "")
        print(f"| {name} | `{r['range']}` | {'yes' if r['identical'] else 'no'} | {cell('BREAKING CHANGES')} | "
              f"{cell('Features')} | {cell('Bug Fixes')} | {'; '.join(diffs) or '—'} |")
    print("\nEntries that differ:\n")
    for r in results:
        for title, d in r["sections"].items():
            for e in d["only_reference"]:
                print(f"- {r['repo']} `{r['range']}` {title}, conventional-changelog only: {e[:160]!r}")
            for e in d["only_cct"]:
                print(f"- {r['repo']} `{r['range']}` {title}, cct only: {e[:160]!r}")
        if not r["same_heading"]:
            print(f"- {r['repo']} `{r['range']}` heading: {r['heading']['reference']!r} vs {r['heading']['cct']!r}")


if __name__ == "__main__":
    main()
