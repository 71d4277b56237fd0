"""Output formats (SARIF, JUnit, Markdown), commit messages, and configuration
given as a dict or as a file: all through the core's facade."""

import json
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import cct
from conftest import FIXTURES

DEROGATION = FIXTURES / "derogation"
#: tests/fixtures/derogation/cct.yaml, written as a Python dict.
DEROGATION_CONFIG = {
    "derogations": [
        {
            "rule": "kube/run-as-non-root",
            "paths": ["deploy/**"],
            "namespaces": ["legacy"],
            "objects": ["Deployment/web"],
            "justification": "vendor image runs as root until its v3 (ticket ARCH-142)",
            "granted_by": "DNUM architecture board",
            "expires": "2026-06-30",
        }
    ]
}


def _deploy_report(config: cct.ConfigArg, today: str = "2026-01-15") -> cct.Report:
    text = (DEROGATION / "deploy.yaml").read_text(encoding="utf-8")
    return cct.check(text, kind="kube", path="deploy/deploy.yaml", config=config, today=today)


# ------------------------------------------------------------------ formats


def test_sarif_is_a_2_1_0_log_with_one_result_per_finding() -> None:
    report = _deploy_report(DEROGATION_CONFIG)
    assert report.findings and report.summary.derogated >= 1
    sarif = json.loads(report.to_sarif())
    assert sarif["version"] == "2.1.0"
    assert "sarif" in sarif["$schema"]
    (run,) = sarif["runs"]
    assert run["tool"]["driver"]["name"] == "cct"
    results = run["results"]
    assert len(results) == len(report.findings)
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    for result, finding in zip(results, report.findings):
        assert result["ruleId"] == finding.rule
        assert rule_ids[result["ruleIndex"]] == finding.rule
        region = result["locations"][0]["physicalLocation"]["region"]
        assert (region["startLine"], region["startColumn"]) == (finding.location.line, finding.location.column)
        # A live derogation is an accepted suppression; nothing else is suppressed.
        assert bool(result.get("suppressions")) == (not finding.counts)


def test_junit_parses_and_counts_failures() -> None:
    report = _deploy_report(DEROGATION_CONFIG)
    root = ET.fromstring(report.to_junit())
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["deploy/deploy.yaml"]
    cases = root.iter("testcase")
    failing = [c for c in cases if c.find("failure") is not None]
    assert len(failing) == int(root.get("failures")) > 0
    failed_rules = {c.get("classname") + " " + c.get("name") for c in failing}
    counting = {f.rule for f in report if f.counts and f.severity in ("error", "warning")}
    assert all(any(rule in name for name in failed_rules) for rule in counting)
    assert int(root.get("tests")) == sum(int(s.get("tests")) for s in suites)


def test_junit_reports_an_unreadable_input_as_an_error() -> None:
    report = cct.check("a: [1, 2\n", kind="kube", path="broken.yaml")
    root = ET.fromstring(report.to_junit())
    assert root.get("errors") == "1"
    assert root.find("testsuite/testcase/error") is not None


def test_markdown_and_render_use_the_core_formats() -> None:
    report = _deploy_report(None)
    md = report.to_markdown()
    assert md.startswith("#") and "kube/run-as-non-root" in md
    assert report.render("markdown") == md
    assert json.loads(report.render("json")) == report.to_dict()
    with pytest.raises(cct.UsageError) as info:
        report.render("html")
    assert info.value.code == "invalid_options" and "`html`" in info.value.message


def test_a_report_read_back_from_json_renders_the_same() -> None:
    report = _deploy_report(DEROGATION_CONFIG)
    again = cct.Report.from_dict(json.loads(report.to_json()))
    assert again.to_sarif() == report.to_sarif()
    assert again.to_junit() == report.to_junit()


# ------------------------------------------------------------------ commits


def test_check_commit_message_accepts_a_conventional_commit() -> None:
    report = cct.check_commit_message("feat(api): add export")
    assert isinstance(report, cct.Report)
    assert report.findings == () and report.ok
    assert report.inputs[0].kind == "commit" and report.inputs[0].status == "evaluated"


def test_check_commit_message_reports_rule_requirement_and_line() -> None:
    report = cct.check_commit_message("feature: add search\n", path=".git/COMMIT_EDITMSG")
    finding = next(f for f in report if f.rule == "commit/type-enum")
    assert finding.location.path == ".git/COMMIT_EDITMSG"
    assert (finding.location.line, finding.location.column) == (1, 1)
    assert finding.requirements and finding.severity == "error"
    assert report.has_errors


def test_comment_char_drops_comment_lines() -> None:
    long_line = "x" * 150
    message = f"feat: add search\n\n; {long_line}\n"
    rules = lambda report: [f.rule for f in report]  # noqa: E731
    assert "commit/body-max-line-length" in rules(cct.check_commit_message(message))
    assert "commit/body-max-line-length" not in rules(cct.check_commit_message(message, comment_char=";"))
    # With `;` as the comment character, `#` lines are message text.
    hashed = f"feat: add search\n\n# {long_line}\n"
    assert "commit/body-max-line-length" not in rules(cct.check_commit_message(hashed))
    assert "commit/body-max-line-length" in rules(cct.check_commit_message(hashed, comment_char=";"))
    with pytest.raises(cct.UsageError) as info:
        cct.check_commit_message(message, comment_char="##")
    assert info.value.code == "invalid_options"


def test_commit_message_config_and_profile() -> None:
    message = "feature: add search\n"
    off = {"rules": {"commit/type-enum": {"enabled": False}}}
    assert "commit/type-enum" not in [f.rule for f in cct.check_commit_message(message, config=off)]
    with pytest.raises(cct.ConfigError):
        cct.check_commit_message(message, profile="no-such-profile")
    with pytest.raises(cct.UsageError):
        cct.check_commit_message(message, today="tomorrow")


def test_commits_is_a_kind_alias_for_text_checks() -> None:
    by_alias = cct.check("feature: add search\n", kind="commits")
    assert by_alias.to_dict() == cct.check("feature: add search\n", kind="commit").to_dict()
    assert any(f.rule == "commit/type-enum" for f in by_alias)


# ------------------------------------------------------------------ configuration


def test_check_commits_gives_the_history_report_and_the_next_release() -> None:
    a, b = "a" * 40, "b" * 40
    result = cct.check_commits(
        [
            {"hash": b, "message": "feat(api)!: drop v1\n", "signature": "ssh"},
            {"hash": a, "message": "Fixed stuff.\n", "signature": "none"},
        ],
        last_release="v1.4.2",
    )
    assert isinstance(result, cct.CommitsResult)
    assert result.release == cct.Release(
        bump="major", commits=2, current="1.4.2", last_tag="v1.4.2", next="2.0.0", next_tag="2.0.0"
    )
    by_rule = {(f.rule, f.location.path) for f in result.report}
    assert ("commit/type-empty", a) in by_rule
    assert ("commit/signed", a) in by_rule
    assert ("commit/signed", b) not in by_rule
    assert result.notes == ()
    assert result.to_dict()["release"]["next"] == "2.0.0"
    beta = cct.check_commits([{"hash": a, "message": "fix: x\n"}], prerelease="beta")
    assert beta.release.next == "1.0.0-beta.1"


def test_check_commits_says_once_which_signatures_could_not_be_checked() -> None:
    result = cct.check_commits(
        [{"hash": "c" * 40, "message": "fix: x\n", "signature": "ssh", "verification": "N"}]
    )
    assert not [f for f in result.report if f.rule == "commit/signed"]
    assert len(result.notes) == 1 and "1 ssh" in result.notes[0]


@pytest.mark.parametrize(
    "commits,options",
    [
        ([{"hash": "a", "message": "x", "signature": "pgp"}], {}),
        ([{"hash": "a", "message": "x", "signed": True}], {}),
        ([{"hash": "a", "message": "x"}], {"last_release": "main"}),
        ([{"hash": "a", "message": "x"}], {"prerelease": "be.ta"}),
    ],
)
def test_check_commits_refuses_malformed_commits_and_options(commits, options) -> None:
    with pytest.raises(cct.UsageError) as e:
        cct.check_commits(commits, **options)
    assert e.value.code == "invalid_options"


def test_config_as_dict_and_as_file_give_the_same_report(tmp_path: Path) -> None:
    from_file = _deploy_report(DEROGATION / "cct.yaml")
    from_dict = _deploy_report(DEROGATION_CONFIG)
    assert from_dict.to_dict() == from_file.to_dict()
    by_config = lambda report: [f for f in report if f.derogation and f.derogation.origin == "config"]  # noqa: E731
    (derogated,) = by_config(from_dict)
    assert (derogated.rule, str(derogated.object)) == ("kube/run-as-non-root", "Deployment/legacy/web")
    assert not derogated.counts and derogated.derogation.justification.startswith("vendor image")
    # Without the configuration the finding counts; once the derogation has expired, it counts again.
    assert _deploy_report(None).summary.error == from_dict.summary.error + 1
    (expired,) = by_config(_deploy_report(DEROGATION_CONFIG, today="2026-07-01"))
    assert expired.derogation.expired and expired.counts
    # A text configuration is read like the file.
    text = (DEROGATION / "cct.yaml").read_text(encoding="utf-8")
    assert _deploy_report(text).to_dict() == from_file.to_dict()


def test_config_error_from_a_dict_names_cct_yaml_and_from_a_file_names_it(tmp_path: Path) -> None:
    bad = {"derogations": [{"rule": "kube/run-as-non-root", "paths": ["x/**"], "expires": "2026-06-30"}]}
    with pytest.raises(cct.ConfigError) as from_dict:
        _deploy_report(bad)
    assert from_dict.value.code == "config" and from_dict.value.file == "cct.yaml"
    path = tmp_path / "team.yaml"
    path.write_text(json.dumps(bad))
    with pytest.raises(cct.ConfigError) as from_file:
        _deploy_report(path)
    assert from_file.value.file == str(path)
    assert from_file.value.message == from_dict.value.message


def test_parse_error_has_file_line_and_column() -> None:
    report = cct.check("apiVersion: v1\n  kind: Pod\n", kind="kube", path="pod.yaml")
    with pytest.raises(cct.ParseError) as info:
        report.raise_for_errors()
    error = info.value
    assert isinstance(error, cct.CctError)
    assert error.code == "parse" and error.file == "pod.yaml"
    assert (error.line, error.column) == (2, 7)
    assert str(error).startswith("pod.yaml:2:7: ")


# ------------------------------------------------------------------ threads


def test_thread_pool_of_mixed_checks_matches_sequential() -> None:
    calls = [
        lambda: cct.check_path(FIXTURES / "kube"),
        lambda: cct.check_commit_message("feature: add search\n\n" + "y" * 120),
        lambda: _deploy_report(DEROGATION_CONFIG),
        lambda: cct.check_path(FIXTURES / "openapi", kind="openapi"),
    ] * 3
    sequential = [call().to_sarif() for call in calls]
    with ThreadPoolExecutor(max_workers=4) as pool:
        threaded = list(pool.map(lambda call: call().to_sarif(), calls))
    assert threaded == sequential


# ------------------------------------------------------------------ the GitLab CI example


def test_gitlab_ci_example_fails_and_writes_its_reports(tmp_path: Path) -> None:
    import subprocess
    import sys

    script = FIXTURES.parents[1] / "examples" / "python" / "gitlab_ci.py"
    bad = subprocess.run(
        [sys.executable, str(script), str(FIXTURES / "derogation" / "deploy.yaml")],
        cwd=tmp_path, capture_output=True, text=True,
    )
    assert bad.returncode == 1, bad.stderr
    assert "kube/run-as-non-root" in bad.stdout
    junit = ET.parse(tmp_path / "cct-junit.xml").getroot()
    assert int(junit.get("failures")) > 0
    sarif = json.loads((tmp_path / "cct.sarif").read_text(encoding="utf-8"))
    report = json.loads((tmp_path / "cct-report.json").read_text(encoding="utf-8"))
    assert len(sarif["runs"][0]["results"]) == len(report["findings"]) > 0

    # No error finding, no unreadable file: the job passes.
    clean = tmp_path / "values.yaml"
    clean.write_text("replicaCount: 2\n")
    good = subprocess.run([sys.executable, str(script), str(clean)], cwd=tmp_path, capture_output=True, text=True)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "0 error(s)" in good.stdout


def test_a_panic_in_a_commit_message_check_is_an_internal_error() -> None:
    from cct import _native

    answer = json.loads(_native.check_commit_message("feat: x", json.dumps({"kind": _native.PANIC_FOR_TESTS_KIND})))
    assert answer["error"]["code"] == "internal" and "deliberate panic" in answer["error"]["message"]
    assert json.loads(_native.format("{}", "sarif"))["error"]["code"] == "invalid_options"
    assert cct.check_commit_message("feat: x").ok  # the interpreter goes on
