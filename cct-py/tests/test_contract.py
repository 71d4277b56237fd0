"""The binding contract's cases (tests/conformance/contract/): the same answer as every front end."""
import json
from pathlib import Path

import pytest

import cct

SUITE = Path(__file__).resolve().parents[2] / "tests" / "conformance" / "contract"
CALLS = {"check": cct.check, "check_commit_message": cct.check_commit_message}


def cases():
    return sorted(SUITE.glob("*.case.json"))


def answer(case: dict) -> dict:
    """What the Python API answers for a case: ``{"ok": report}`` or ``{"error": {code, class}}``."""
    try:
        report = CALLS[case["call"]](case["text"], **case["options"])
    except cct.CctError as e:
        return {"error": {"code": e.code, "class": type(e).__name__}}
    return {"ok": report.to_dict()}


def test_the_contract_suite_is_not_empty():
    assert len(cases()) >= 8


@pytest.mark.parametrize("path", cases(), ids=lambda p: p.name)
def test_each_contract_case_gives_its_recorded_answer(path: Path):
    case = json.loads(path.read_text(encoding="utf-8"))
    expected = json.loads(path.with_name(path.name.replace(".case.json", ".answer.json")).read_text(encoding="utf-8"))
    assert answer(case) == expected
