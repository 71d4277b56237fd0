"""The conformance suite (tests/conformance/): the same report as every other front end."""
import json
from pathlib import Path

import pytest

import cct

SUITE = Path(__file__).resolve().parents[2] / "tests" / "conformance"
KINDS = {"kube", "image", "openapi", "commit", "dockerfile", "pipeline"}


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


def pinned_versions():
    """The CCT versions a folder of the suite pins every case to (`alpha-v1/`)."""
    return sorted(p.name for p in SUITE.iterdir() if p.is_dir() and p.name not in ("commits", "contract"))


@pytest.mark.parametrize("case", cases(), ids=lambda p: p.name)
def test_each_case_gives_its_recorded_report(case: Path):
    expected = json.loads((SUITE / f"{case.name}.report.json").read_text(encoding="utf-8"))
    report = cct.check_bytes(case.read_bytes(), forced_kind(case.name), path=case.name)
    assert report.to_dict() == expected


@pytest.mark.parametrize(
    "version,case",
    [(v, c) for v in pinned_versions() for c in cases()],
    ids=lambda x: x if isinstance(x, str) else x.name,
)
def test_each_case_gives_its_recorded_report_under_a_pinned_version(version: str, case: Path):
    expected = json.loads((SUITE / version / f"{case.name}.report.json").read_text(encoding="utf-8"))
    report = cct.check_bytes(
        case.read_bytes(), forced_kind(case.name), path=case.name, referential=f"cct@{version}"
    )
    assert report.to_dict() == expected


COMMITS = SUITE / "commits"


def commit_lists():
    return sorted(p.name[: -len(".commits.json")] for p in COMMITS.glob("*.commits.json"))


def test_the_commit_lists_are_not_empty():
    assert len(commit_lists()) >= 4


@pytest.mark.parametrize("case", commit_lists())
def test_each_commit_list_gives_the_report_and_release_of_cct_commits(case: str):
    given = json.loads((COMMITS / f"{case}.commits.json").read_text(encoding="utf-8"))
    result = cct.check_commits(given["commits"], **given["options"])
    report = json.loads((COMMITS / f"{case}.report.json").read_text(encoding="utf-8"))
    release = json.loads((COMMITS / f"{case}.next.json").read_text(encoding="utf-8"))
    assert result.report.to_dict() == report
    assert result.release.to_dict() == release
