#!/usr/bin/env bash
# Builds the example's git history in a fresh folder: the application's files
# committed in three steps with Conventional Commits messages, tagged v1.0.0
# and v1.1.0. Identities and dates are fixed, so the commit hashes (and the
# dossier that names the last one) are the same on every machine.
# Usage: make-history.sh DEST   (DEST must not exist)
set -euo pipefail
src="$(cd "$(dirname "$0")" && pwd)"
dest="$1"
[ ! -e "$dest" ] || { echo "make-history.sh: \`$dest\` exists" >&2; exit 2; }
mkdir -p "$dest"
export GIT_AUTHOR_NAME="Claire Dubois" GIT_AUTHOR_EMAIL="claire.dubois@example.fr"
export GIT_COMMITTER_NAME="Claire Dubois" GIT_COMMITTER_EMAIL="claire.dubois@example.fr"
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null
git() { command git -C "$dest" -c init.defaultBranch=main -c commit.gpgsign=false -c tag.gpgsign=false "$@"; }
commit() { # DATE MESSAGE PATH...
  local date="$1" message="$2"; shift 2
  for p in "$@"; do mkdir -p "$dest/$(dirname "$p")"; cp -R "$src/$p" "$dest/$p"; done
  git add -A
  GIT_AUTHOR_DATE="$date" GIT_COMMITTER_DATE="$date" git commit -q -m "$message"
}
git init -q
commit "2026-09-01T09:00:00+02:00" "feat(api): first version of the api and its deployment" \
  api/openapi.yaml deploy/app.yaml Dockerfile .gitlab-ci-dso.yml
GIT_COMMITTER_DATE="2026-09-01T09:00:00+02:00" git tag -a v1.0.0 -m "v1.0.0"
commit "2026-10-15T14:30:00+02:00" "build(image): publish the image as an oci layout" image
commit "2026-11-15T10:00:00+01:00" "docs: attestations and derogations for the homologation" \
  cct.yaml attestations docs
GIT_COMMITTER_DATE="2026-11-15T10:00:00+01:00" git tag -a v1.1.0 -m "v1.1.0"
