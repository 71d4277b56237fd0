#!/usr/bin/env bash
# cct's changelog next to conventional-changelog 8.1.3 + conventionalcommits 10.4.1
# on the release ranges of benches/changelog-compare/ranges.txt, section by section.
# The repositories are bare mirrors under $CCT_MIRRORS (default /work/.mirror,
# `<owner>+<name>/repo`, as benches/commits-corpus/manifest.txt records them);
# the npm tools are installed, pinned, into target/changelog-compare.
#   bash benches/changelog_compare.sh            # prints the report (Markdown)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -q -p cct-cli --locked
python3 benches/changelog-compare/compare.py --cct target/debug/cct --work target/changelog-compare "$@"
