#!/usr/bin/env python3
"""A GitLab CI step with the `cct` Python package (see docs/python.md).

    python gitlab_ci.py [PATH...]        # default: the current folder

Checks the paths given on the command line (files and folders, judged
together, with ./cct.yaml when there is one); writes cct-junit.xml (for
`artifacts:reports:junit`), cct.sarif and cct-report.json; prints the
findings; exits 1 on an error-severity finding or an unreadable file.
"""
import sys
from pathlib import Path

import cct

paths = sys.argv[1:] or ["."]
config = Path("cct.yaml") if Path("cct.yaml").exists() else None
report = cct.check_path(paths, config=config)

Path("cct-junit.xml").write_text(report.to_junit(), encoding="utf-8")
Path("cct.sarif").write_text(report.to_sarif(), encoding="utf-8")
Path("cct-report.json").write_text(report.to_json(), encoding="utf-8")

for finding in report:
    print(finding)
for error in report.errors:
    print(error, file=sys.stderr)
print(report.summary)
sys.exit(1 if report.has_errors or report.errors else 0)
