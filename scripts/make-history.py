#!/usr/bin/env python3
"""Creates a git repository with a synthetic 7,000-commit history for benchmarks.

Usage: make-history.py DIR [COUNT]

The mix follows cct-core/benches/commits.rs: mostly conventional commits with
a body and trailers, 5% merge-style headers, 5% non-conventional headers, 5%
breaking changes, 5% over-long sentence-case headers; a semver tag every 500
commits. Built with `git fast-import` (one process, a few seconds).
"""
import subprocess, sys

def message(i):
    types = ["feat", "fix", "docs", "chore", "refactor", "test", "perf", "ci", "build", "style"]
    scopes = ["api", "core", "cli", "parser", "ui", ""]
    t, s = types[i % len(types)], scopes[i % len(scopes)]
    scope = f"({s})" if s else ""
    k = i % 20
    if k == 0:
        return f"Merge branch 'topic-{i}' into main\n"
    if k == 1:
        return f"Fix the thing number {i}.\n"
    if k == 2:
        return (f"{t}{scope}!: change the format of record {i}\n\nBREAKING CHANGE: records {i} use the new layout; run the\n"
                f"  migration before upgrading\nRefs: #{i}\n")
    if k == 3:
        return f"{t}{scope}: Update dependency number {i} to the latest version available upstream today\n"
    return (f"{t}{scope}: handle case {i} in the request path\n\nThe handler returned early when the input was empty, which left\n"
            f"the report without its summary block and broke the JSON contract.\n\nReviewed-by: Ada <ada@example.org>\nRefs: #{i}\n")

def main():
    target = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 7000
    subprocess.run(["git", "init", "-q", "-b", "main", target], check=True)
    out = []
    for i in range(count):
        msg = message(i).encode()
        out.append(f"commit refs/heads/main\nmark :{i + 1}\n".encode())
        out.append(f"author Ada <ada@example.org> {1600000000 + i * 600} +0000\n".encode())
        out.append(f"committer Ada <ada@example.org> {1600000000 + i * 600} +0000\n".encode())
        out.append(f"data {len(msg)}\n".encode() + msg)
        if i == 0:
            out.append(b"M 644 inline README\ndata 6\nhello\n")
        else:
            out.append(f"from :{i}\n".encode())
        out.append(b"\n")
        if (i + 1) % 500 == 0:
            out.append(f"tag v1.{(i + 1) // 500}.0\nfrom :{i + 1}\ntagger Ada <ada@example.org> {1600000000 + i * 600} +0000\ndata 8\nrelease\n\n".encode())
    subprocess.run(["git", "-C", target, "fast-import", "--quiet"], input=b"".join(out), check=True)
    subprocess.run(["git", "-C", target, "reset", "-q", "--hard", "main"], check=True)

if __name__ == "__main__":
    main()
