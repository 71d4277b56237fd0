"""cct: the CCT Cloud Native and Domino-X requirements as executable checks.

>>> import cct
>>> report = cct.check(open("deploy.yaml").read(), kind="kube")   # doctest: +SKIP
>>> for f in report:                                               # doctest: +SKIP
...     print(f.rule, f.requirements, f.severity, f.location.line, f.message)

Every check runs in the Rust core (``cct-core``) with the GIL released. Results
are frozen dataclasses that mirror the JSON report (``report.to_dict()`` gives
that JSON exactly). Findings are not exceptions: exceptions are for calls that
cannot be carried out (:class:`UsageError`, :class:`ConfigError`) and for
internal failures (:class:`InternalError`). Inputs that cannot be read are in
``report.errors``; :meth:`Report.raise_for_errors` turns them into a
:class:`ParseError`.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, fields
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Tuple, Union

from . import _native

__version__: str = _native.__version__

__all__ = [
    "BaselineEntry",
    "BaselineSummary",
    "CctError",
    "CommitsResult",
    "ConfigError",
    "Derogation",
    "Explanation",
    "Finding",
    "InputError",
    "InputSummary",
    "InternalError",
    "Location",
    "ObjectRef",
    "ParseError",
    "Report",
    "Requirement",
    "Release",
    "RequirementStatus",
    "Rule",
    "Summary",
    "UsageError",
    "apply_baseline",
    "check",
    "check_bytes",
    "check_commit_message",
    "check_commits",
    "check_path",
    "explain",
    "record_baseline",
    "profiles",
    "referentials",
    "requirements",
    "rules",
]

#: File extensions :func:`check_path` reads when it walks a folder (besides
#: Dockerfiles, taken by name, and image layout folders).
SCANNED_EXTENSIONS = (".yaml", ".yml", ".json")

# ---------------------------------------------------------------- exceptions


class CctError(Exception):
    """Base of every cct exception.

    ``code`` is the facade's error code (``invalid_options``, ``unknown_kind``,
    ``unknown_id``, ``config``, ``unsupported``, ``internal``, or ``parse`` for
    :class:`ParseError`); ``file``, ``line`` and ``column`` locate the error
    when it has a place.
    """

    def __init__(
        self,
        message: str,
        *,
        code: str = "internal",
        file: Optional[str] = None,
        line: Optional[int] = None,
        column: Optional[int] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.file = file
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        return where + self.message

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}({self.message!r}, code={self.code!r}, "
            f"file={self.file!r}, line={self.line!r}, column={self.column!r})"
        )


class UsageError(CctError, ValueError):
    """The call was wrong: malformed options, unknown kind, unknown rule id."""


class ParseError(CctError, ValueError):
    """An input could not be read (raised by :meth:`Report.raise_for_errors`)."""


class ConfigError(CctError, ValueError):
    """The configuration or profile is invalid, or not supported by this build."""


class InternalError(CctError):
    """cct failed internally (a bug, a Rust panic): please report it.

    The interpreter keeps working after it.
    """


_CLASSES = {cls.__name__: cls for cls in (UsageError, ParseError, ConfigError, InternalError)}
# The class of every error code: one table in the core (`ErrorCode::class_name`), see docs/bindings.md.
_ERRORS = {code: _CLASSES[name] for code, name in json.loads(_native.error_classes()).items()}


def _unwrap(answer: str, config_file: Optional[str] = None) -> Any:
    decoded = json.loads(answer)
    if "ok" in decoded:
        return decoded["ok"]
    error = decoded["error"]
    code = error.get("code", "internal")
    cls = _ERRORS.get(code, CctError)
    file = error.get("path")
    if cls is ConfigError and config_file is not None and file in (None, "cct.yaml"):
        # The core names configuration text `cct.yaml`; the caller read it from this file.
        file = config_file
    raise cls(error["message"], code=code, file=file, line=error.get("line"), column=error.get("column"))


# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class Location:
    """Where a finding is: path, 1-based line and column, JSON pointer."""

    path: str
    line: int
    column: int
    pointer: str
    document: Optional[int] = None
    source: Optional[str] = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class ObjectRef:
    """The object a finding is about (``kind``, ``name``…)."""

    kind: str
    api_version: Optional[str] = None
    namespace: Optional[str] = None
    name: Optional[str] = None

    def __str__(self) -> str:
        name = f"{self.namespace}/{self.name}" if self.namespace else (self.name or "")
        return f"{self.kind}/{name}" if name else self.kind


@dataclass(frozen=True)
class Derogation:
    """A derogation covering a finding."""

    justification: str
    expired: bool
    origin: str
    granted_by: Optional[str] = None
    expires: Optional[str] = None


@dataclass(frozen=True)
class Finding:
    """One broken rule at one place."""

    rule: str
    requirements: Tuple[str, ...]
    severity: str
    message: str
    remediation: str
    location: Location
    object: Optional[ObjectRef] = None
    derogation: Optional[Derogation] = None

    @property
    def counts(self) -> bool:
        """Whether it counts against the check (no live derogation)."""
        return self.derogation is None or self.derogation.expired

    def __str__(self) -> str:
        return f"{self.location}: {self.severity}: {self.message} [{self.rule}]"


@dataclass(frozen=True)
class InputError:
    """An input that could not be read."""

    path: str
    message: str
    line: Optional[int] = None
    column: Optional[int] = None

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}:{self.column}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class InputSummary:
    """What happened to one input: ``evaluated``, ``skipped`` or ``error``."""

    path: str
    status: str
    documents: int
    kind: Optional[str] = None
    #: Why it was skipped, when cct can say more than its status (a Helm template…).
    reason: Optional[str] = None


@dataclass(frozen=True)
class RequirementStatus:
    """Status of one requirement after a check (``pass``, ``fail``…)."""

    id: str
    referential: str
    status: str
    rules: Tuple[str, ...]
    findings: int


@dataclass(frozen=True)
class Summary:
    """Counts over a report."""

    inputs: int
    evaluated: int
    skipped: int
    errors: int
    error: int
    warning: int
    info: int
    derogated: int

    def __str__(self) -> str:
        text = (
            f"{self.error} error(s), {self.warning} warning(s), {self.info} info "
            f"in {self.inputs} input(s)"
        )
        extra = []
        if self.skipped:
            extra.append(f"{self.skipped} skipped")
        if self.errors:
            extra.append(f"{self.errors} unreadable")
        if self.derogated:
            extra.append(f"{self.derogated} derogated")
        return text + (f" ({', '.join(extra)})" if extra else "")


@dataclass(frozen=True)
class BaselineEntry:
    """A finding a baseline records: only ``fingerprint`` is compared."""

    path: str
    rule: str
    pointer: str
    fingerprint: str
    message: str
    object: Optional[str] = None


@dataclass(frozen=True)
class BaselineSummary:
    """What applying a baseline did: ``known`` findings left out, entries ``fixed``."""

    known: int
    fixed: Tuple[BaselineEntry, ...]


def _make(cls: Any, **values: Any) -> Any:
    """Builds a frozen dataclass without its ``__init__`` (one ``setattr`` per
    field): reports hold hundreds of objects, and this is what they cost."""
    obj = object.__new__(cls)
    obj.__dict__.update(values)
    return obj


def _location(d: Mapping[str, Any]) -> Location:
    return _make(
        Location,
        path=d["path"],
        line=d["line"],
        column=d["column"],
        pointer=d["pointer"],
        document=d.get("document"),
        source=d.get("source"),
    )


def _finding(d: Mapping[str, Any]) -> Finding:
    obj = d.get("object")
    der = d.get("derogation")
    return _make(
        Finding,
        rule=d["rule"],
        requirements=tuple(d["requirements"]),
        severity=d["severity"],
        message=d["message"],
        remediation=d["remediation"],
        location=_location(d["location"]),
        object=None
        if obj is None
        else _make(
            ObjectRef,
            kind=obj["kind"],
            api_version=obj.get("apiVersion"),
            namespace=obj.get("namespace"),
            name=obj.get("name"),
        ),
        derogation=None
        if der is None
        else _make(
            Derogation,
            justification=der["justification"],
            expired=der["expired"],
            origin=der["origin"],
            granted_by=der.get("granted_by"),
            expires=der.get("expires"),
        ),
    )


def _baseline_summary(d: Optional[Mapping[str, Any]]) -> Optional[BaselineSummary]:
    if d is None:
        return None
    return _make(
        BaselineSummary,
        known=d["known"],
        fixed=tuple(BaselineEntry(**_known(BaselineEntry, e)) for e in d["fixed"]),
    )


@dataclass(frozen=True)
class Report:
    """The result of a check; iterating it yields its findings.

    ``requirements`` (the status of every requirement, about 130 of them) is
    built on first access.
    """

    format: str
    version: str
    referentials: Tuple[Tuple[str, str], ...]
    profile: Optional[str]
    summary: Summary
    inputs: Tuple[InputSummary, ...]
    findings: Tuple[Finding, ...]
    errors: Tuple[InputError, ...]
    _raw: Dict[str, Any] = field(repr=False, compare=False)
    #: Present when a baseline was applied (:func:`apply_baseline`, the ``baseline`` option).
    baseline: Optional[BaselineSummary] = None

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Report":
        """Builds a report from its JSON form (as :meth:`to_dict` gives it)."""
        return _make(
            cls,
            format=d["format"],
            version=d["version"],
            referentials=tuple((r["id"], r["version"]) for r in d["referentials"]),
            profile=d.get("profile"),
            summary=Summary(**_known(Summary, d["summary"])),
            inputs=tuple(
                _make(InputSummary, path=i["path"], status=i["status"], documents=i["documents"], kind=i.get("kind"), reason=i.get("reason"))
                for i in d["inputs"]
            ),
            findings=tuple(_finding(f) for f in d["findings"]),
            errors=tuple(
                _make(InputError, path=e["path"], message=e["message"], line=e.get("line"), column=e.get("column"))
                for e in d["errors"]
            ),
            _raw=dict(d),
            baseline=_baseline_summary(d.get("baseline")),
        )

    @property
    def requirements(self) -> Tuple[RequirementStatus, ...]:
        """Status of every requirement of the referentials, in referential order."""
        cached = self.__dict__.get("_requirements")
        if cached is None:
            cached = tuple(
                _make(
                    RequirementStatus,
                    id=r["id"],
                    referential=r["referential"],
                    status=r["status"],
                    rules=tuple(r["rules"]),
                    findings=r["findings"],
                )
                for r in self._raw["requirements"]
            )
            self.__dict__["_requirements"] = cached
        return cached

    @property
    def has_errors(self) -> bool:
        """Whether a finding that counts has severity ``error`` (the check fails)."""
        return self.summary.error > 0

    @property
    def ok(self) -> bool:
        """No counting error finding and no unreadable input."""
        return not self.has_errors and not self.errors

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    def __bool__(self) -> bool:
        return True

    def __repr__(self) -> str:
        s = self.summary
        return (
            f"<cct.Report {len(self.findings)} finding(s): {s.error} error, {s.warning} warning, "
            f"{s.info} info; {s.inputs} input(s), {len(self.errors)} unreadable>"
        )

    def raise_for_errors(self) -> "Report":
        """Raises :class:`ParseError` for the first unreadable input; returns the report otherwise."""
        if self.errors:
            e = self.errors[0]
            raise ParseError(e.message, code="parse", file=e.path, line=e.line, column=e.column)
        return self

    def to_dict(self) -> Dict[str, Any]:
        """The report as the documented JSON object (a fresh copy)."""
        return json.loads(json.dumps(self._raw))

    def to_json(self, indent: Optional[int] = 2) -> str:
        """The report as the documented JSON text."""
        return json.dumps(self._raw, indent=indent, ensure_ascii=False)

    def render(self, name: str) -> str:
        """The report rendered by the core in an output format, as the CLI's
        ``--format`` gives it: ``json``, ``sarif`` (2.1.0), ``junit`` or
        ``markdown``. An unknown name raises :class:`UsageError`.

        (Not ``format``: that attribute is the version of the JSON shape.)"""
        return _unwrap(_native.format(json.dumps(self._raw), name))

    def to_sarif(self) -> str:
        """The report as a SARIF 2.1.0 log (code scanning, GitLab, Sonar…)."""
        return self.render("sarif")

    def to_junit(self) -> str:
        """The report as JUnit XML (GitLab ``artifacts:reports:junit``, Jenkins…)."""
        return self.render("junit")

    def to_markdown(self) -> str:
        """The report as Markdown (merge request comments, job summaries)."""
        return self.render("markdown")


# ---------------------------------------------------------------- catalog


@dataclass(frozen=True)
class Requirement:
    """A requirement of a referential (``EX32``, ``DX-5.2-a``)."""

    id: str
    referential: str
    version: str
    level: Optional[str]
    nature: str
    category: Optional[str]
    text: str
    summary_fr: str
    summary_en: str
    automation: str
    evidence: str
    rules: Tuple[str, ...]


@dataclass(frozen=True)
class Rule:
    """A built-in rule and its documentation."""

    id: str
    kind: str
    requirements: Tuple[str, ...]
    title: str
    what: str
    why: str
    bad: str
    good: str
    fix: str
    enabled: bool = True
    severity: Optional[str] = None
    platform: Optional[str] = None


@dataclass(frozen=True)
class Explanation:
    """What :func:`explain` says; ``str()`` gives the Markdown text."""

    id: str
    kind: str
    markdown: str
    rule: Optional[Rule] = None
    requirement: Optional[Requirement] = None

    def __str__(self) -> str:
        return self.markdown


def _known(cls: Any, d: Mapping[str, Any]) -> Dict[str, Any]:
    """The keys of ``d`` that ``cls`` has as fields (newer cores may add keys)."""
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in d.items() if k in names}


def _requirement(d: Mapping[str, Any]) -> Requirement:
    return Requirement(**{**_known(Requirement, d), "rules": tuple(d["rules"])})


def _rule(d: Mapping[str, Any]) -> Rule:
    return Rule(**{**_known(Rule, d), "requirements": tuple(d["requirements"])})


def requirements() -> Dict[str, Requirement]:
    """Every requirement of the shipped referentials, by id, in referential order."""
    return {r["id"]: _requirement(r) for r in _unwrap(_native.requirements())}


def rules() -> Dict[str, Rule]:
    """Every built-in rule, by id."""
    return {r["id"]: _rule(r) for r in _unwrap(_native.rules())}


def referentials() -> List[Dict[str, Any]]:
    """Every referential shipped (CCT versions, Domino-X) with its requirements, as the JSON gives them."""
    return list(_unwrap(_native.referentials()))


def profiles() -> List[str]:
    """The names of the built-in profiles, sorted."""
    return list(_unwrap(_native.profiles()))


def explain(id: str) -> Explanation:
    """Explains a rule (``kube/run-as-non-root``) or a requirement (``EX32``)."""
    d = _unwrap(_native.explain(id))
    return Explanation(
        id=d["id"],
        kind=d["kind"],
        markdown=d["markdown"],
        rule=_rule(d["rule"]) if d.get("rule") else None,
        requirement=_requirement(d["requirement"]) if d.get("requirement") else None,
    )


# ---------------------------------------------------------------- baselines

BaselineArg = Union[str, "os.PathLike[str]"]


def _baseline_text(baseline: BaselineArg) -> str:
    """A baseline given as its text, or as an ``os.PathLike`` to read."""
    if isinstance(baseline, os.PathLike):
        with open(os.fspath(baseline), encoding="utf-8") as fh:
            return fh.read()
    return baseline


def record_baseline(report: Report) -> str:
    """The baseline file recording ``report``'s findings: the text ``cct baseline``
    writes to ``.cct-baseline.json``, byte for byte."""
    return _unwrap(_native.record_baseline(json.dumps(report._raw)))


def apply_baseline(report: Report, baseline: BaselineArg) -> Report:
    """The report without the findings ``baseline`` records (its text, or an
    ``os.PathLike`` to read), as ``cct check --baseline`` gives it:
    ``report.baseline`` says how many known findings were left out and which
    entries were fixed. A text that is not a baseline raises :class:`UsageError`."""
    return Report.from_dict(_unwrap(_native.apply_baseline(json.dumps(report._raw), _baseline_text(baseline))))


# ---------------------------------------------------------------- checks

ConfigArg = Union[None, str, "os.PathLike[str]", Mapping[str, Any]]


def _options(
    kind: Optional[str],
    path: Optional[str],
    profile: Optional[str],
    config: ConfigArg,
    today: Optional[str],
    comment_char: Optional[str] = None,
    referential: Optional[str] = None,
    baseline: Optional[BaselineArg] = None,
) -> Tuple[str, Optional[str]]:
    """The options JSON for the facade, and the config file name if one was read."""
    config_text: Optional[str] = None
    config_file: Optional[str] = None
    if isinstance(config, Mapping):
        config_text = json.dumps(config)  # JSON is YAML: the core reads it as cct.yaml
    elif isinstance(config, os.PathLike):
        config_file = os.fspath(config)
        with open(config_file, encoding="utf-8") as fh:
            config_text = fh.read()
    elif config is not None:
        config_text = config
    opts = {
        "kind": kind,
        "path": path,
        "profile": profile,
        "config": config_text,
        "today": today,
        "comment_char": comment_char,
        "referential": referential,
        "baseline": None if baseline is None else _baseline_text(baseline),
    }
    return json.dumps({k: v for k, v in opts.items() if v is not None}), config_file


def check(
    text: Union[str, bytes],
    kind: str = "auto",
    *,
    path: Optional[str] = None,
    profile: Optional[str] = None,
    config: ConfigArg = None,
    today: Optional[str] = None,
    referential: Optional[str] = None,
    baseline: Optional[BaselineArg] = None,
) -> Report:
    """Checks one input given as text (or bytes).

    ``kind`` is ``auto`` (detect), ``kube``, ``image``, ``openapi`` or
    ``commit``; ``path`` names the input in locations (default ``<input>``);
    ``config`` is a ``cct.yaml`` text, a dict, or an ``os.PathLike`` to read;
    ``referential`` is the CCT version judged against (``cct@alpha-v1``,
    ``cct@alpha-v4``, ``cct@beta-2024-06-23``; default the latest);
    ``baseline`` is a baseline file's text (:func:`record_baseline`, ``cct
    baseline``) or an ``os.PathLike`` to read: the findings it records are left
    out, as :func:`apply_baseline` does.
    """
    if isinstance(text, (bytes, bytearray, memoryview)):
        return check_bytes(
            bytes(text), kind, path=path, profile=profile, config=config, today=today,
            referential=referential, baseline=baseline,
        )
    options, config_file = _options(
        kind, path, profile, config, today, referential=referential, baseline=baseline
    )
    return Report.from_dict(_unwrap(_native.check_text(text, options), config_file))


def check_bytes(
    data: bytes,
    kind: str = "auto",
    *,
    path: Optional[str] = None,
    profile: Optional[str] = None,
    config: ConfigArg = None,
    today: Optional[str] = None,
    referential: Optional[str] = None,
    baseline: Optional[BaselineArg] = None,
) -> Report:
    """Checks one input given as bytes (UTF-8, UTF-16 with BOM, or binary image archives)."""
    options, config_file = _options(
        kind, None, profile, config, today, referential=referential, baseline=baseline
    )
    files = [(path if path is not None else "<input>", bytes(data))]
    return Report.from_dict(_unwrap(_native.check_files(files, options), config_file))


PathArg = Union[str, "os.PathLike[str]"]


def check_path(
    path: Union[PathArg, Iterable[PathArg]],
    kind: str = "auto",
    *,
    profile: Optional[str] = None,
    config: ConfigArg = None,
    today: Optional[str] = None,
    baseline: Optional[BaselineArg] = None,
) -> Report:
    """Checks files and folders (one path or several), judged together.

    Folders are walked as ``cct check`` walks them, by the same Rust code:
    sorted; ``.yaml``, ``.yml`` and ``.json`` files, Dockerfiles and image
    layout folders taken; hidden entries, ``node_modules`` and ``target``
    skipped; links to folders not followed. A file named explicitly is always
    read. A path that cannot be read is an input error in the report (as in
    every front end), never an exception.
    """
    roots = [path] if isinstance(path, (str, os.PathLike)) else list(path)
    names = [os.fspath(root) for root in roots]
    options, config_file = _options(kind, None, profile, config, today, baseline=baseline)
    return Report.from_dict(_unwrap(_native.check_paths(names, [], options), config_file))


def check_commit_message(
    message: str,
    *,
    path: Optional[str] = None,
    comment_char: Optional[str] = None,
    profile: Optional[str] = None,
    config: ConfigArg = None,
    today: Optional[str] = None,
    baseline: Optional[BaselineArg] = None,
    kind: Optional[str] = None,
) -> Report:
    """Checks one commit message as git's ``commit-msg`` hook sees it.

    Lines starting with ``comment_char`` (git's ``core.commentChar``, default
    ``#``) and everything below the scissors line are dropped first; merge,
    revert and fixup messages are skipped. Locations are lines of ``message``
    as given; ``path`` names the message file (default ``<input>``);
    ``kind``, when given, must be ``commit`` (the same options as every binding).
    """
    options, config_file = _options(kind, path, profile, config, today, comment_char, baseline=baseline)
    return Report.from_dict(_unwrap(_native.check_commit_message(message, options), config_file))


@dataclass(frozen=True)
class Release:
    """The next release the commits call for (``cct commits --next-version --format json``).

    ``bump`` is ``major``, ``minor``, ``patch`` or ``None`` (no release);
    ``current`` and ``last_tag`` are the last release (``None`` before the
    first); ``next`` is the next version, ``None`` when no commit calls for one;
    ``next_tag`` is its tag (after ``settings.commit.tag_prefix``, ``api@1.5.0``).
    """

    bump: Optional[str]
    commits: int
    current: Optional[str]
    last_tag: Optional[str]
    next: Optional[str]
    next_tag: Optional[str]

    def to_dict(self) -> Dict[str, Any]:
        """The release as JSON, exactly as the CLI prints it."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class CommitsResult:
    """What :func:`check_commits` answers: the report of ``cct commits`` for
    the same commits, the next release, and the notes the CLI prints on
    standard error (signatures that could not be checked)."""

    report: Report
    release: Release
    notes: Tuple[str, ...]

    def to_dict(self) -> Dict[str, Any]:
        """The result as the core's JSON: ``{report, release, notes}``."""
        return {
            "report": self.report.to_dict(),
            "release": self.release.to_dict(),
            "notes": list(self.notes),
        }


def check_commits(
    commits: Iterable[Mapping[str, Any]],
    *,
    last_release: Optional[str] = None,
    prerelease: Optional[str] = None,
    profile: Optional[str] = None,
    config: ConfigArg = None,
    today: Optional[str] = None,
    referential: Optional[str] = None,
) -> CommitsResult:
    """Checks a history given as raw commits, as ``cct commits`` checks it.

    ``commits`` are mappings ``{"hash", "message", "signature"?,
    "verification"?, "tags"?, "author"?, "date"?}``, newest first (``git log``
    order): ``message`` as git stores it; ``signature`` is ``none``,
    ``openpgp``, ``ssh``, ``x509`` or ``unknown`` (absent: ``commit/signed``
    does not judge the commit); ``verification`` is git's ``%G?`` letter
    when a verifier ran. The report is the one ``cct commits --format json``
    gives for the same commits (findings located at each commit's hash), and
    the release the one ``cct commits --next-version`` computes after the
    tag ``last_release`` (``v1.4.2``; ``None``: the first release), on the
    pre-release channel ``prerelease`` when given.
    """
    options, config_file = _options(None, None, profile, config, today, referential=referential)
    opts = json.loads(options)
    if last_release is not None:
        opts["last_release"] = last_release
    if prerelease is not None:
        opts["prerelease"] = prerelease
    listed = [dict(c) for c in commits]
    d = _unwrap(_native.check_commits(json.dumps(listed), json.dumps(opts)), config_file)
    return CommitsResult(
        report=Report.from_dict(d["report"]),
        release=Release(**_known(Release, d["release"])),
        notes=tuple(d["notes"]),
    )
