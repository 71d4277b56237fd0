#!/usr/bin/env bash
# Runs cct on the materialised corpus and the loader differential test on it.
#
#   benches/kube-corpus/run.sh [DEST]    (default /work/corpus/kube; materialise.sh first)
#
# Prints findings per rule and severity; writes DEST.report.json. The
# differential test needs the Go decoder (tests/k8s-yaml, built here).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
dest=${1:-/work/corpus/kube}
cargo build --manifest-path "$root/Cargo.toml" -p cct-cli --release --locked
(cd "$root/tests/k8s-yaml" && GOFLAGS=-mod=mod GOTOOLCHAIN=local go build -o "$root/target/tools/bin/k8s-yaml" .)
(cd "$dest" && "$root/target/release/cct" check --format json . > "$dest.report.json") || echo "cct exit code $?"
python3 - "$dest.report.json" <<'PY'
import collections, json, sys
report = json.load(open(sys.argv[1]))
print(report["summary"])
counts = collections.Counter((f["rule"], f["severity"]) for f in report["findings"])
for (rule, severity), n in sorted(counts.items()):
    print(f"{n:6} {severity:8} {rule}")
for e in report["errors"]:
    print("error:", e["path"], e["message"])
PY
CCT_K8S_YAML=$root/target/tools/bin/k8s-yaml CCT_K8S_YAML_CORPUS=$dest/files.txt \
  cargo test --manifest-path "$root/Cargo.toml" -p cct-core --locked --test k8s_yaml -- --nocapture 2>&1 | grep -E "compared|disagree|test result"
