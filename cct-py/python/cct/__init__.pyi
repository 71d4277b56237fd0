# Type stubs for the `cct` package (checked in CI: pytest imports the package
# and tests/test_stubs.py compares these names with the runtime ones).
import os
from dataclasses import dataclass
from typing import Any, Dict, Iterable, Iterator, List, Literal, Mapping, Optional, Tuple, Union

__version__: str
SCANNED_EXTENSIONS: Tuple[str, ...]

ConfigArg = Union[None, str, os.PathLike[str], Mapping[str, Any]]
BaselineArg = Union[str, os.PathLike[str]]
PathArg = Union[str, os.PathLike[str]]

# The one set of error codes of every binding (`cct_core::api::ErrorCode`, docs/bindings.md).
# generated:begin error-codes
ErrorCode = Literal["invalid_options", "unknown_kind", "unknown_id", "config", "unsupported", "parse", "internal"]
# generated:end

class CctError(Exception):
    message: str
    code: str
    file: Optional[str]
    line: Optional[int]
    column: Optional[int]
    def __init__(
        self,
        message: str,
        *,
        code: str = ...,
        file: Optional[str] = ...,
        line: Optional[int] = ...,
        column: Optional[int] = ...,
    ) -> None: ...

class UsageError(CctError, ValueError): ...
class ParseError(CctError, ValueError): ...
class ConfigError(CctError, ValueError): ...
class InternalError(CctError): ...

@dataclass(frozen=True)
class Location:
    path: str
    line: int
    column: int
    pointer: str
    document: Optional[int] = ...
    source: Optional[str] = ...

@dataclass(frozen=True)
class ObjectRef:
    kind: str
    api_version: Optional[str] = ...
    namespace: Optional[str] = ...
    name: Optional[str] = ...

@dataclass(frozen=True)
class Derogation:
    justification: str
    expired: bool
    origin: str
    granted_by: Optional[str] = ...
    expires: Optional[str] = ...

@dataclass(frozen=True)
class Finding:
    rule: str
    requirements: Tuple[str, ...]
    severity: str
    message: str
    remediation: str
    location: Location
    object: Optional[ObjectRef] = ...
    derogation: Optional[Derogation] = ...
    @property
    def counts(self) -> bool: ...

@dataclass(frozen=True)
class InputError:
    path: str
    message: str
    line: Optional[int] = ...
    column: Optional[int] = ...

@dataclass(frozen=True)
class InputSummary:
    path: str
    status: str
    documents: int
    kind: Optional[str] = ...
    reason: Optional[str] = ...

@dataclass(frozen=True)
class RequirementStatus:
    id: str
    referential: str
    status: str
    rules: Tuple[str, ...]
    findings: int

@dataclass(frozen=True)
class Summary:
    inputs: int
    evaluated: int
    skipped: int
    errors: int
    error: int
    warning: int
    info: int
    derogated: int

@dataclass(frozen=True)
class BaselineEntry:
    path: str
    rule: str
    pointer: str
    fingerprint: str
    message: str
    object: Optional[str] = ...

@dataclass(frozen=True)
class BaselineSummary:
    known: int
    fixed: Tuple[BaselineEntry, ...]

@dataclass(frozen=True)
class Report:
    format: str
    version: str
    referentials: Tuple[Tuple[str, str], ...]
    profile: Optional[str]
    summary: Summary
    inputs: Tuple[InputSummary, ...]
    findings: Tuple[Finding, ...]
    errors: Tuple[InputError, ...]
    baseline: Optional[BaselineSummary] = ...
    @property
    def requirements(self) -> Tuple[RequirementStatus, ...]: ...
    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Report: ...
    @property
    def has_errors(self) -> bool: ...
    @property
    def ok(self) -> bool: ...
    def __iter__(self) -> Iterator[Finding]: ...
    def __len__(self) -> int: ...
    def raise_for_errors(self) -> Report: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def to_json(self, indent: Optional[int] = ...) -> str: ...
    def render(self, name: str) -> str: ...
    def to_sarif(self) -> str: ...
    def to_junit(self) -> str: ...
    def to_markdown(self) -> str: ...

@dataclass(frozen=True)
class Requirement:
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
    id: str
    kind: str
    requirements: Tuple[str, ...]
    title: str
    what: str
    why: str
    bad: str
    good: str
    fix: str
    enabled: bool = ...
    severity: Optional[str] = ...
    platform: Optional[str] = ...

@dataclass(frozen=True)
class Explanation:
    id: str
    kind: str
    markdown: str
    rule: Optional[Rule] = ...
    requirement: Optional[Requirement] = ...

def record_baseline(report: Report) -> str: ...
def apply_baseline(report: Report, baseline: BaselineArg) -> Report: ...
def requirements() -> Dict[str, Requirement]: ...
def rules() -> Dict[str, Rule]: ...
def referentials() -> List[Dict[str, Any]]: ...
def profiles() -> List[str]: ...
def explain(id: str) -> Explanation: ...
def check(
    text: Union[str, bytes],
    kind: str = ...,
    *,
    path: Optional[str] = ...,
    profile: Optional[str] = ...,
    config: ConfigArg = ...,
    today: Optional[str] = ...,
    referential: Optional[str] = ...,
    baseline: Optional[BaselineArg] = ...,
) -> Report: ...
def check_bytes(
    data: bytes,
    kind: str = ...,
    *,
    path: Optional[str] = ...,
    profile: Optional[str] = ...,
    config: ConfigArg = ...,
    today: Optional[str] = ...,
    referential: Optional[str] = ...,
    baseline: Optional[BaselineArg] = ...,
) -> Report: ...
def check_path(
    path: Union[PathArg, Iterable[PathArg]],
    kind: str = ...,
    *,
    profile: Optional[str] = ...,
    config: ConfigArg = ...,
    today: Optional[str] = ...,
    baseline: Optional[BaselineArg] = ...,
) -> Report: ...
def check_commit_message(
    message: str,
    *,
    path: Optional[str] = ...,
    comment_char: Optional[str] = ...,
    profile: Optional[str] = ...,
    config: ConfigArg = ...,
    today: Optional[str] = ...,
    baseline: Optional[BaselineArg] = ...,
    kind: Optional[str] = ...,
) -> Report: ...

@dataclass(frozen=True)
class Release:
    bump: Optional[str]
    commits: int
    current: Optional[str]
    last_tag: Optional[str]
    next: Optional[str]
    next_tag: Optional[str]
    def to_dict(self) -> Dict[str, Any]: ...

@dataclass(frozen=True)
class CommitsResult:
    report: Report
    release: Release
    notes: Tuple[str, ...]
    def to_dict(self) -> Dict[str, Any]: ...

def check_commits(
    commits: Iterable[Mapping[str, Any]],
    *,
    last_release: Optional[str] = ...,
    prerelease: Optional[str] = ...,
    profile: Optional[str] = ...,
    config: ConfigArg = ...,
    today: Optional[str] = ...,
    referential: Optional[str] = ...,
) -> CommitsResult: ...
