#!/usr/bin/env sh
# The pre-commit hooks' entry (.pre-commit-hooks.yaml): runs `cct <command> <args>`
# with the cct of this checkout, built once with cargo into its target/ folder.
#   CCT_BIN=/path/to/cct   use that binary instead (no build)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
if [ -n "${CCT_BIN:-}" ]; then
  exec "$CCT_BIN" "$@"
fi
bin=$here/target/release/cct
if [ ! -x "$bin" ]; then
  echo "cct: building cct from $here (first run only)" >&2
  cargo build --quiet --release --locked --manifest-path "$here/Cargo.toml" --target-dir "$here/target" -p cct-cli >&2
fi
exec "$bin" "$@"
