"""The conformance suite (tests/conformance/): the same report as every other front end."""
import json
from pathlib import Path

import pytest

import cct

SUITE = Path(__file__).resolve().parents[2] / "tests" / "conformance"
KINDS = {"kube", "image", "openapi", "commit", "dockerfile"}


def cases():
    return sorted(
        p for p in SUITE.iterdir()
        if p.is_file() and not p.name.endswith(".report.json") and p.name != "README.md"
    )


def forced_kind(name: str) -> str:
    parts = name.split(".")
    return parts[-2] if len(parts) >= 3 and parts[-2] in KINDS else "auto"


def test_the_suite_is_not_empty():
    assert len(cases()) >= 5


@pytest.mark.parametrize("case", cases(), ids=lambda p: p.name)
def test_each_case_gives_its_recorded_report(case: Path):
    expected = json.loads((SUITE / f"{case.name}.report.json").read_text(encoding="utf-8"))
    report = cct.check_bytes(case.read_bytes(), forced_kind(case.name), path=case.name)
    assert report.to_dict() == expected
