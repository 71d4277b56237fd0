#!/usr/bin/env bash
# A scratch repository whose history holds the changelog's hard cases, made the
# same way every time (fixed dates, names, remote): `scratch.sh DIR`.
# Tags: v1.0.0, v2.0.0 (the whole-repository release) and api@1.0.0, api@1.1.0
# (the packages/api package). Used by .ci/platform.sh's changelog check, which
# compares cct with conventional-changelog on it; no network.
set -euo pipefail
dir=$1
rm -rf "$dir"; mkdir -p "$dir"; cd "$dir"
export GIT_CONFIG_NOSYSTEM=1 HOME=$dir GIT_AUTHOR_NAME=Ada GIT_AUTHOR_EMAIL=ada@example.org \
  GIT_COMMITTER_NAME=Ada GIT_COMMITTER_EMAIL=ada@example.org
git init -q -b main .
git config commit.gpgsign false
git remote add origin git@github.com:acme/widgets.git
n=0
c() { # c FILE MESSAGE: a commit changing FILE
  n=$((n + 1))
  mkdir -p "$(dirname "$1")"; echo "$n" >> "$1"; git add "$1"
  GIT_AUTHOR_DATE="2026-03-0$((n % 9 + 1))T12:00:00+02:00" GIT_COMMITTER_DATE="2026-03-0$((n % 9 + 1))T23:30:00-05:00" \
    git commit -q --cleanup=verbatim -m "$2"
}
c README.md "feat: first"
c packages/api/a "feat(api): first endpoint"
git tag v1.0.0; git tag api@1.0.0
c src/a "feat(api): paginate lists (#12)

Closes #3"
c src/a 'fix(config)!: read cct.yaml only

BREAKING CHANGE: `cct.yml` is no longer read.

Rename it:

    git mv cct.yml cct.yaml'
c src/b 'fix: handle `#5` in code spans, thanks @ada'
c packages/api/a "perf(parser): faster, fixes #7 and resolves #8"
c docs/a "docs!: drop the old guide"
c src/c "feat: squash of a branch (#20)

* feat: a

* BREAKING CHANGE: b is gone"
c packages/api/a "fix(a): call foo(): ok"
c src/d "revert: feat: an older idea"
c src/e "feat: temporary"
git revert --no-edit HEAD >/dev/null
c src/f "Feat: upper-case type"
c src/g "refactor: hidden"
c src/h "fix: see https://example.com/#1 for the issue"
c src/i "fix(deps): update @types/node to v22"
c src/j "chore(release): 2.0.0"
git tag v2.0.0
c packages/api/a "feat(api): stream results"
git tag api@1.1.0
