"""The shared rule fixtures (tests/fixtures/<kind>/<rule>/), replayed through Python.

Same contract as cct-core/tests/fixtures.rs: `good.*` gives no finding of its
rule; `bad.*` gives exactly the `line:column pointer` lines of `bad.expected`.
"""

from pathlib import Path
from typing import List, Optional

import pytest

import cct
from conftest import FIXTURES


def _input(folder: Path, stem: str) -> Optional[Path]:
    found = sorted(p for p in folder.iterdir() if p.stem == stem and p.suffix != ".expected")
    return found[0] if found else None


def _expected(folder: Path) -> List[str]:
    lines = (folder / "bad.expected").read_text(encoding="utf-8").splitlines()
    return [l.strip() for l in lines if l.strip() and not l.strip().startswith("#")]


def _rule_dirs():
    # A rule that judges a repository (`good/` and `bad/` are folders: repository roots) runs
    # only in `cct audit`, which tells the core what the root holds; the bindings have no
    # audit, so its fixtures are replayed by the Rust driver and `cct-cli/tests/audit.rs`.
    return [
        pytest.param(rule, FIXTURES / rule.id, id=rule.id)
        for rule in cct.rules().values()
        if not (FIXTURES / rule.id / "good").is_dir()
    ]


def _config(folder: Path) -> Optional[Path]:
    """The folder's `cct.yaml` (for rules that only run when configured), if any."""
    config = folder / "cct.yaml"
    return config if config.exists() else None


def _findings(report: cct.Report, rule: str) -> List[str]:
    # `line:column pointer`, as `bad.expected` writes it (no trailing space for the root pointer).
    return [f"{f.location.line}:{f.location.column} {f.location.pointer}".rstrip() for f in report if f.rule == rule]


@pytest.mark.parametrize("rule,folder", _rule_dirs())
def test_good_fixture_has_no_finding_of_its_rule(rule: cct.Rule, folder: Path) -> None:
    good = _input(folder, "good")
    assert good is not None, f"missing good fixture in {folder}"
    report = cct.check_path(good, kind=rule.kind, config=_config(folder))
    assert report.errors == ()
    assert _findings(report, rule.id) == []


@pytest.mark.parametrize("rule,folder", _rule_dirs())
def test_bad_fixture_matches_expected(rule: cct.Rule, folder: Path) -> None:
    bad = _input(folder, "bad")
    assert bad is not None, f"missing bad fixture in {folder}"
    expected = _expected(folder)
    assert expected, f"{folder}/bad.expected is empty"
    report = cct.check_path(bad, kind=rule.kind, config=_config(folder))
    assert report.errors == ()
    assert _findings(report, rule.id) == expected
    # The text entry point gives the same findings, located at `path`.
    text_report = cct.check(
        # Bytes: the same for text fixtures, and right for binary ones (image tars).
        bad.read_bytes(), kind=rule.kind, path=bad.name, config=_config(folder)
    )
    assert _findings(text_report, rule.id) == expected
    for f in text_report:
        assert f.location.path == bad.name
        assert f.message and f.remediation
        assert f.severity in ("error", "warning", "info")


def test_every_fixture_folder_belongs_to_a_rule() -> None:
    rules = cct.rules()
    # `custom/` holds the fixtures of the example custom rules (rules/custom-examples/), not of the catalog.
    for kind_dir in sorted(p for p in FIXTURES.iterdir() if p.is_dir() and p.name != "custom"):
        for folder in sorted(p for p in kind_dir.iterdir() if p.is_dir()):
            if (folder / "bad.expected").exists():
                assert f"{kind_dir.name}/{folder.name}" in rules, folder
