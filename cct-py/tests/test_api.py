"""The Python layer: results, errors, folders, panics and the GIL."""

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import cct
from cct import _native
from conftest import FIXTURES

POD = """apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
"""


def test_check_returns_objects_with_attributes() -> None:
    report = cct.check(POD, kind="kube", path="pod.yaml")
    assert isinstance(report, cct.Report)
    assert report.has_errors
    assert not report.ok
    finding = next(f for f in report if f.rule == "kube/liveness-probe")
    assert finding.requirements == ("EXI-ARCH-12",)
    assert finding.severity == "error"
    assert finding.location == cct.Location(
        path="pod.yaml", line=7, column=7, pointer="/spec/containers/0/livenessProbe", document=0
    )
    assert str(finding.location) == "pod.yaml:7:7"
    assert finding.object == cct.ObjectRef(kind="Pod", api_version="v1", name="web")
    assert str(finding.object) == "Pod/web"
    assert "`web`" in finding.message
    assert len(report) == len(report.findings) >= 1
    assert "finding(s)" in repr(report)
    assert "error(s)" in str(report.summary)
    with pytest.raises(Exception):
        finding.rule = "other"  # frozen


def test_auto_detection_and_bytes() -> None:
    assert cct.check(POD).inputs[0].kind == "kube"
    by_bytes = cct.check_bytes(POD.encode(), path="pod.yaml")
    assert by_bytes.to_dict() == cct.check(POD, path="pod.yaml").to_dict()
    assert cct.check(POD.encode("utf-8"), path="pod.yaml").to_dict() == by_bytes.to_dict()
    assert cct.check("name: chart\n").inputs[0].status == "skipped"


def test_to_dict_and_to_json_are_the_json_report() -> None:
    report = cct.check(POD, kind="kube")
    d = report.to_dict()
    assert list(d) == ["format", "version", "referentials", "summary", "inputs", "findings", "errors", "requirements"]
    assert d["findings"][0]["object"]["apiVersion"] == "v1"
    assert json.loads(report.to_json()) == d
    assert cct.Report.from_dict(d) == report
    d["findings"].clear()  # a copy: the report is untouched
    assert report.to_dict()["findings"]


def test_requirement_status_is_reported() -> None:
    report = cct.check(POD, kind="kube")
    ex32 = next(r for r in report.requirements if r.id == "EXI-ARCH-18")
    assert ex32.status == "fail" and "kube/run-as-non-root" in ex32.rules and ex32.findings >= 1
    ex1 = next(r for r in report.requirements if r.id == "EXI-G-3")
    assert ex1.status == "needs-attestation"


def test_malformed_input_is_a_report_error_not_an_exception() -> None:
    report = cct.check("a: [1, 2\nb: c\n", kind="kube", path="broken.yaml")
    assert report.findings == ()
    (error,) = report.errors
    assert error.path == "broken.yaml" and error.line is not None and error.column is not None
    with pytest.raises(cct.ParseError) as info:
        report.raise_for_errors()
    assert info.value.file == "broken.yaml"
    assert info.value.line == error.line and info.value.column == error.column
    assert str(info.value).startswith(f"broken.yaml:{error.line}:{error.column}: ")
    assert isinstance(info.value, cct.CctError) and isinstance(info.value, ValueError)
    assert cct.check(POD).raise_for_errors() is not None


def test_usage_errors() -> None:
    with pytest.raises(cct.UsageError) as info:
        cct.check(POD, kind="helm")
    assert info.value.code == "unknown_kind" and "`helm`" in info.value.message
    with pytest.raises(cct.UsageError):
        cct.check(POD, today="31/12/2026")
    with pytest.raises(cct.UsageError) as info:
        cct.explain("kube/no-such-rule")
    assert info.value.code == "unknown_id"
    # Unknown option names are refused by the core, not silently ignored.
    answer = json.loads(_native.check_text(POD, json.dumps({"knd": "kube"})))
    assert answer["error"]["code"] == "invalid_options"


def test_profile_and_config_build_the_policy(tmp_path: Path) -> None:
    rules = lambda report: [f.rule for f in report.findings]  # noqa: E731
    assert "kube/liveness-probe" in rules(cct.check(POD))
    off = {"rules": {"kube/liveness-probe": {"enabled": False}}}
    assert "kube/liveness-probe" not in rules(cct.check(POD, config=off))
    config = tmp_path / "cct.yaml"
    config.write_text("rules:\n  kube/liveness-probe: {enabled: false}\n")
    assert "kube/liveness-probe" not in rules(cct.check(POD, config=config))
    assert cct.check(POD, profile="minimal").summary is not None


def test_a_config_saved_with_a_bom_before_a_comment_is_read(tmp_path: Path) -> None:
    # A Windows editor writes a UTF-8 BOM; the comment holds `: ` (the fast loader's old crash).
    text = "# kube/liveness-probe: off here\nrules:\n  kube/liveness-probe: {enabled: false}\n"
    config = tmp_path / "cct.yaml"
    config.write_bytes(b"\xef\xbb\xbf" + text.encode())
    plain = cct.check(POD, config=text)
    assert "kube/liveness-probe" not in [f.rule for f in plain.findings]
    assert cct.check(POD, config=config) == plain
    assert cct.check(POD, config="\ufeff" + text) == plain


def test_configuration_errors_raise_config_error_with_position(tmp_path: Path) -> None:
    with pytest.raises(cct.ConfigError) as info:
        cct.check(POD, profile="strict")
    assert info.value.code == "config" and "`strict`" in info.value.message
    config = tmp_path / "cct.yaml"
    config.write_text("rules:\n  kube/no-such-rule: {enabled: false}\n")
    with pytest.raises(cct.ConfigError) as info:
        cct.check(POD, config=config)
    assert info.value.code == "config"
    assert info.value.file == str(config)
    assert (info.value.line, info.value.column) == (2, 3)


def test_check_path_walks_a_folder(tmp_path: Path) -> None:
    (tmp_path / "apps").mkdir()
    (tmp_path / "apps" / "pod.yaml").write_text(POD)
    (tmp_path / "svc.yml").write_text("apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {ports: [{port: 80}]}\n")
    (tmp_path / "broken.json").write_text('{"apiVersion": ')
    (tmp_path / "README.md").write_text("# not read\n")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.yaml").write_text(POD)
    report = cct.check_path(tmp_path)
    paths = [i.path for i in report.inputs]
    assert paths == sorted(str(tmp_path / p) for p in ["apps/pod.yaml", "svc.yml", "broken.json"])
    assert report.summary.inputs == 3 and report.summary.errors == 1
    assert report.errors[0].path == str(tmp_path / "broken.json") and report.errors[0].line == 1
    assert any(f.location.path == str(tmp_path / "apps" / "pod.yaml") for f in report)
    # Several roots, and a file named explicitly whatever its extension.
    other = tmp_path / "manifest.txt"
    other.write_text(POD)
    both = cct.check_path([tmp_path / "apps", other])
    assert [i.path for i in both.inputs] == sorted([str(tmp_path / "apps" / "pod.yaml"), str(other)])
    # A missing path is an input error in the report, as in every front end.
    missing = cct.check_path(tmp_path / "missing")
    assert [(i.path, i.status) for i in missing.inputs] == [(str(tmp_path / "missing"), "error")]
    assert missing.errors[0].message.endswith("no such file or directory")


def test_check_path_walks_as_the_cli_walks(tmp_path: Path) -> None:
    # The one folder walk in Rust (cct-fs): Dockerfiles by name, `target/` and
    # `node_modules/` skipped, image layout folders taken as images.
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\nUSER 1000\n")
    (tmp_path / "target").mkdir()
    (tmp_path / "target" / "out.yaml").write_text(POD)
    (tmp_path / "node_modules").mkdir()
    (tmp_path / "node_modules" / "m.yaml").write_text(POD)
    (tmp_path / "pod.yaml").write_text(POD)
    report = cct.check_path(tmp_path)
    assert [(i.path, i.kind) for i in report.inputs] == [
        (str(tmp_path / "Dockerfile"), "dockerfile"),
        (str(tmp_path / "pod.yaml"), "kube"),
    ]


def test_fixture_folder_as_one_batch() -> None:
    report = cct.check_path(FIXTURES / "kube")
    assert report.summary.inputs == len(report.inputs) > 0
    assert report.errors == ()
    assert all(i.status == "evaluated" and i.kind == "kube" for i in report.inputs)
    counting = [f for f in report if f.counts]
    s = report.summary
    assert s.error + s.warning + s.info == len(counting)
    keys = [(f.location.path, f.location.line, f.location.column) for f in report]
    assert keys == sorted(keys)


def test_catalog() -> None:
    reqs = cct.requirements()
    assert list(reqs)[0] == "EXI-G-1"
    assert reqs["EXI-ARCH-18"].summary_fr and reqs["EXI-ARCH-18"].level == "P"
    assert "kube/run-as-non-root" in reqs["EXI-ARCH-18"].rules
    assert any(r.referential == "domino-x" for r in reqs.values())
    rules = cct.rules()
    assert rules["kube/run-as-non-root"].requirements == ("EXI-ARCH-18",)
    e = cct.explain("kube/run-as-non-root")
    assert e.kind == "rule" and e.rule is not None and "## How to fix" in str(e)
    assert cct.explain("EX32").requirement.id == "EX32"


def test_a_rust_panic_is_an_exception_and_the_interpreter_goes_on() -> None:
    with pytest.raises(cct.InternalError) as info:
        cct.check(POD, kind=_native.PANIC_FOR_TESTS_KIND)
    assert info.value.code == "internal" and "deliberate panic" in info.value.message
    with pytest.raises(cct.InternalError):
        cct.check_path(FIXTURES / "kube", kind=_native.PANIC_FOR_TESTS_KIND)
    assert cct.check(POD).has_errors  # still usable


def _big_manifest(copies: int) -> str:
    return "---\n".join(POD.replace("name: web\nspec", f"name: web-{i}\nspec") for i in range(copies))


def test_the_gil_is_released_during_a_check() -> None:
    """While one thread checks a large input, another thread keeps running Python."""
    big = _big_manifest(4000)
    start = time.perf_counter()
    cct.check(big, kind="kube")
    alone = time.perf_counter() - start
    done = threading.Event()
    ticks = 0

    def run() -> None:
        cct.check(big, kind="kube")
        done.set()

    worker = threading.Thread(target=run)
    worker.start()
    while not done.is_set():
        ticks += 1
        time.sleep(0)  # a Python-level step that needs the GIL
    worker.join()
    # With the GIL held for the whole call the loop could not run meanwhile.
    assert alone > 0.02, "input too small to tell"
    assert ticks > 100, f"only {ticks} Python steps ran during a {alone:.3f}s check"


def test_thread_pool_gives_the_same_reports() -> None:
    texts = [_big_manifest(n) for n in (1, 50, 200, 3)]
    serial = [cct.check(t, kind="kube").to_dict() for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        parallel = [r.to_dict() for r in pool.map(lambda t: cct.check(t, kind="kube"), texts * 2)]
    assert parallel == serial * 2


def test_stubs_match_the_runtime() -> None:
    stub = (Path(cct.__file__).parent / "__init__.pyi").read_text()
    for name in cct.__all__:
        assert (f"class {name}" in stub) or (f"def {name}(" in stub), f"{name} missing from __init__.pyi"
    assert (Path(cct.__file__).parent / "py.typed").exists()
