"""Baselines (tests/baseline/): the same file and filtered report as the CLI."""
import json
from pathlib import Path

import pytest

import cct

CASE = Path(__file__).resolve().parents[2] / "tests" / "baseline"


def check(folder: str, **options) -> cct.Report:
    return cct.check_bytes((CASE / folder / "pod.yaml").read_bytes(), path="pod.yaml", **options)


def test_the_recorded_baseline_is_the_cli_file_byte_for_byte():
    before = check("before")
    assert len(before) > 0
    assert cct.record_baseline(before) == (CASE / "cct-baseline.json").read_text(encoding="utf-8")


def test_applying_it_gives_the_cli_report():
    expected = json.loads((CASE / "after.report.json").read_text(encoding="utf-8"))
    baseline = cct.record_baseline(check("before"))
    applied = cct.apply_baseline(check("after"), baseline)
    assert applied.to_dict() == expected
    assert applied.baseline is not None
    assert applied.baseline.known == expected["baseline"]["known"] > 0
    assert [e.rule for e in applied.baseline.fixed] == [e["rule"] for e in expected["baseline"]["fixed"]]
    assert applied.baseline.fixed[0].object == expected["baseline"]["fixed"][0].get("object")
    assert applied.has_errors, "the new privileged container still fails"
    # The same through the check option, from the text or from the file.
    assert check("after", baseline=baseline).to_dict() == expected
    assert check("after", baseline=CASE / "cct-baseline.json").to_dict() == expected
    assert cct.check_path(CASE / "after" / "pod.yaml", baseline=baseline).baseline.known == applied.baseline.known


def test_a_report_without_baseline_has_none():
    assert check("after").baseline is None


def test_a_bad_baseline_is_a_usage_error():
    with pytest.raises(cct.UsageError, match="invalid baseline"):
        cct.apply_baseline(check("after"), "{")
    with pytest.raises(cct.UsageError, match="not supported"):
        check("after", baseline='{"format": "cct-baseline/9", "version": "0", "findings": []}')
