#!/usr/bin/env python3
"""Verdict of openapi-spec-validator (PyPI, 0.9.0) on every file of $WORK/list.tsv."""
import os
import sys

from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename

work = os.environ.get("WORK", "/work/corpus/openapi")
with open(os.path.join(work, "list.tsv"), encoding="utf-8") as f:
    files = [line.split("\t")[0] for line in f if line.strip()]
for file in files:
    path = os.path.join(work, file)
    try:
        spec, base = read_from_filename(path)
        validate(spec, base_uri="file://" + os.path.abspath(path))
        verdict = "valid"
    except Exception as e:  # the first error is the verdict
        verdict = "invalid\t" + repr(str(e).splitlines()[0] if str(e) else type(e).__name__)[:200]
    print(f"{file}\t{verdict}", flush=True)
