#!/usr/bin/env python3
"""Verdict of openapi-spec-validator (PyPI, 0.9.0) on every file of $WORK/list.tsv.

FIRST and LAST (1-based lines of list.tsv, inclusive) judge a slice, so slices can run side by
side; TIMEOUT (seconds, default 600) bounds one file, whose verdict is then `timeout`.
"""
import os
import signal

from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename


class Timeout(Exception):
    pass


def alarm(_signum, _frame):
    raise Timeout()


work = os.environ.get("WORK", "/work/corpus/openapi")
first = int(os.environ.get("FIRST", "1"))
last = int(os.environ.get("LAST", "1000000"))
timeout = int(os.environ.get("TIMEOUT", "600"))
signal.signal(signal.SIGALRM, alarm)
with open(os.path.join(work, "list.tsv"), encoding="utf-8") as f:
    files = [line.split("\t")[0] for line in f if line.strip()]
for file in files[first - 1 : last]:
    path = os.path.join(work, file)
    signal.alarm(timeout)
    try:
        spec, base = read_from_filename(path)
        validate(spec, base_uri="file://" + os.path.abspath(path))
        verdict = "valid"
    except Timeout:
        verdict = f"timeout\tnot judged within {timeout} s"
    except Exception as e:  # the first error is the verdict
        verdict = "invalid\t" + repr(str(e).splitlines()[0] if str(e) else type(e).__name__)[:200]
    finally:
        signal.alarm(0)
    print(f"{file}\t{verdict}", flush=True)
