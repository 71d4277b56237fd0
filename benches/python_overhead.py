#!/usr/bin/env python3
"""Per-call overhead of the `cct` Python package against the native core.

    python benches/python_overhead.py          # needs `pip install ./cct-py` and cargo

For a small input (one Pod) and a large one (2,000 Pods, ~230 KB) it prints the
mean time per call of: the native facade (`cargo run --release --example
api_timing`), `cct._native.check_text` (the JSON answer string only) and
`cct.check` (answer parsed into frozen dataclasses); then how a
ThreadPoolExecutor of 1 and 2 workers scales checks of the large input against
sequential calls (the GIL is released).
"""

import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import cct
from cct import _native

ROOT = Path(__file__).resolve().parents[1]
POD = """apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
"""


def large(copies: int = 2000) -> str:
    return "---\n".join(POD.replace("name: web\nspec", f"name: web-{i}\nspec") for i in range(copies))


def per_call_us(fn, n: int) -> float:
    fn()
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - start) * 1e6 / n


def native_us(text: str, n: int) -> float:
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as fh:
        fh.write(text)
    try:
        out = subprocess.run(
            ["cargo", "run", "-q", "--release", "-p", "cct-core", "--example", "api_timing", "--", fh.name, str(n)],
            cwd=ROOT, check=True, capture_output=True, text=True,
        ).stdout
    finally:
        os.unlink(fh.name)
    fields = dict(kv.split("=") for kv in out.split())
    return float(fields["json_us"])


def main() -> None:
    print(f"cct {cct.__version__}, Python {sys.version.split()[0]}, {os.cpu_count()} CPU(s)")
    print(f"{'input':<28}{'native core':>14}{'_native (JSON)':>16}{'cct.check':>14}{'overhead':>12}")
    for name, text, n in [("small (1 Pod, 0.1 KB)", POD, 3000), ("large (2,000 Pods, 230 KB)", large(), 20)]:
        base = native_us(text, n)
        raw = per_call_us(lambda: _native.check_text(text, '{"kind":"kube"}'), n)
        full = per_call_us(lambda: cct.check(text, kind="kube"), n)
        print(f"{name:<28}{base:>11.1f} µs{raw:>13.1f} µs{full:>11.1f} µs{full - base:>9.1f} µs")

    # Thread scaling: the same batch of large checks run sequentially, then by a
    # ThreadPoolExecutor of 1 and 2 workers (this machine has 2 cores). `busy` is
    # CPU seconds per wall second: ≈1 when the GIL serialises, up to the number
    # of free cores when it is released.
    text = large()
    jobs = 16
    print(f"thread scaling: {jobs} checks of the large input, checks/s (higher is better)")
    for label, fn in [
        ("_native.check_text", lambda t: _native.check_text(t, '{"kind":"kube"}')),
        ("cct.check", lambda t: cct.check(t, kind="kube")),
    ]:
        fn(text)
        start = time.perf_counter()
        for _ in range(jobs):
            fn(text)
        serial = time.perf_counter() - start
        line = f"  {label:<20} sequential {jobs / serial:6.1f}/s"
        for workers in (1, 2):
            with ThreadPoolExecutor(max_workers=workers) as pool:
                start = time.perf_counter()
                cpu_start = time.process_time()
                list(pool.map(fn, [text] * jobs))
                pooled = time.perf_counter() - start
                busy = (time.process_time() - cpu_start) / pooled
            line += f" | {workers} thread(s) {jobs / pooled:6.1f}/s (x{serial / pooled:.2f}, {busy:.2f} CPUs busy)"
        print(line)


if __name__ == "__main__":
    main()
