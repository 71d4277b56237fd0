//! The report: findings, input errors and per-requirement status.
//!
//! Its JSON form is the contract every binding returns; its schema is
//! `schemas/report.schema.json`. Field order and list order are
//! deterministic: the same inputs give the same bytes.

use serde::{Deserialize, Serialize};

use crate::artefact::ArtefactKind;

/// Version of the report's JSON shape; bumped on any incompatible change.
pub const REPORT_FORMAT_VERSION: &str = "1";

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Breaks a *Primordial* requirement: fails the check.
    Error,
    /// Breaks an *Important* requirement or a strong recommendation.
    Warning,
    /// Good practice; never fails a check unless configured.
    Info,
}

impl Severity {
    /// Rank for sorting and thresholds: error 2, warning 1, info 0.
    pub fn rank(self) -> u8 {
        match self {
            Severity::Error => 2,
            Severity::Warning => 1,
            Severity::Info => 0,
        }
    }

    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    /// Parses `error`, `warning` (or `warn`) and `info`.
    pub fn parse(name: &str) -> Option<Severity> {
        match name {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
}

impl PartialOrd for Severity {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Severity {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.rank().cmp(&other.rank())
    }
}

/// Where a finding or an input error is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
pub struct Location {
    /// The input's path as given (`-` for standard input).
    pub path: String,
    /// 0-based index of the document in a multi-document stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<usize>,
    /// 1-based line of the offending node (or of its nearest existing parent when it is missing).
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// RFC 6901 JSON pointer, inside the document, to the offending node (it may name a missing key).
    pub pointer: String,
    /// The Helm template the document came from (`# Source:`), or another sub-location such as an image platform.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// The object a finding is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
pub struct ObjectRef {
    /// `apiVersion` of a Kubernetes object (absent for other artefacts).
    #[serde(
        rename = "apiVersion",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub api_version: Option<String>,
    /// Kind (`Deployment`, `Commit`, `Image`, `Operation`…).
    pub kind: String,
    /// Namespace, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Name (object name, commit hash, image reference, operation id…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// A derogation that covers a finding (see the policy configuration).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Derogation {
    /// Why the non-conformity is accepted.
    pub justification: String,
    /// Who granted it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub granted_by: Option<String>,
    /// Until when it holds (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
    /// `true` when the expiry date has passed: the finding counts again.
    pub expired: bool,
    /// Where it comes from: `config` (cct.yaml) or `annotation` (on the object).
    pub origin: String,
}

/// One broken rule at one place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule id (`kube/run-as-non-root`).
    pub rule: String,
    /// The requirement ids this finding is evidence against.
    pub requirements: Vec<String>,
    /// Severity after policy (a derogated finding keeps its severity; see `derogation`).
    pub severity: Severity,
    /// What is wrong, for a developer who has not read the docs.
    pub message: String,
    /// How to fix it.
    pub remediation: String,
    /// Where.
    pub location: Location,
    /// The object it is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object: Option<ObjectRef>,
    /// The derogation covering it, if any; a finding with a live derogation does not fail the check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derogation: Option<Derogation>,
}

impl Finding {
    /// Whether the finding counts against the check (no live derogation).
    pub fn counts(&self) -> bool {
        self.derogation.as_ref().is_none_or(|d| d.expired)
    }
}

/// An input that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct InputError {
    /// The input's path.
    pub path: String,
    /// 1-based line, when the error has a position.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// 1-based column, when the error has a position.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    /// What went wrong.
    pub message: String,
}

/// What happened to one input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InputStatus {
    /// Read and evaluated.
    Evaluated,
    /// Read, but of no kind cct evaluates.
    Skipped,
    /// Could not be read (see `errors`).
    Error,
}

/// One input of the batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputSummary {
    /// The input's path.
    pub path: String,
    /// The detected (or forced) artefact kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ArtefactKind>,
    /// What happened to it.
    pub status: InputStatus,
    /// Number of documents (or objects) read from it.
    pub documents: usize,
    /// Why it was skipped (or why it could not be read), when cct can say more than its status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Status of one requirement after the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RequirementState {
    /// Rules proving it ran on the inputs and found nothing.
    Pass,
    /// At least one finding (without a live derogation) is evidence against it.
    Fail,
    /// Every finding against it is covered by a live derogation.
    Derogated,
    /// Rules could prove it, but no input of their kind was given (or they are disabled).
    NotEvaluated,
    /// No artefact can prove it: a human attestation is needed.
    NeedsAttestation,
    /// No artefact can prove it, and a valid attestation does (see the `attestation` module).
    Attested,
}

/// One requirement's status, with its evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequirementStatus {
    /// Requirement id.
    pub id: String,
    /// Referential family (`cct`, `domino-x`).
    pub referential: String,
    /// Status.
    pub status: RequirementState,
    /// Rules that ran and give evidence for it.
    pub rules: Vec<String>,
    /// Number of findings against it (derogated ones included).
    pub findings: usize,
    /// Inputs those rules read (the evidence), sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<String>,
}

/// Counts over the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Summary {
    /// Inputs given.
    pub inputs: usize,
    /// Inputs evaluated.
    pub evaluated: usize,
    /// Inputs skipped (no known kind).
    pub skipped: usize,
    /// Inputs that could not be read.
    pub errors: usize,
    /// Counting findings with severity error (not derogated).
    pub error: usize,
    /// Counting findings with severity warning (not derogated).
    pub warning: usize,
    /// Counting findings with severity info (not derogated).
    pub info: usize,
    /// Findings covered by a live derogation.
    pub derogated: usize,
}

/// The referential version a report was judged against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferentialRef {
    /// Family id (`cct`, `domino-x`).
    pub id: String,
    /// Version (`alpha.V1`).
    pub version: String,
}

/// One recorded finding. Only `fingerprint` is compared; the other fields say what it was.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineEntry {
    /// The input path when it was recorded.
    pub path: String,
    /// The rule id.
    pub rule: String,
    /// The object (`Deployment team-a/web`), when the finding has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object: Option<String>,
    /// The JSON pointer inside the document.
    pub pointer: String,
    /// `cct_core::baseline::fingerprint` of the finding.
    pub fingerprint: String,
    /// The message when it was recorded.
    pub message: String,
}

/// What applying a baseline did, as carried by [`Report::baseline`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaselineSummary {
    /// Findings the baseline knows, left out of `findings`.
    pub known: usize,
    /// Entries of the baseline no finding matches any more, on the inputs that were checked.
    pub fixed: Vec<BaselineEntry>,
}

/// The result of a check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// Version of this JSON shape ([`REPORT_FORMAT_VERSION`]).
    pub format: String,
    /// cct version that produced it.
    pub version: String,
    /// The referentials it was judged against.
    pub referentials: Vec<ReferentialRef>,
    /// The profile in force, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// Counts.
    pub summary: Summary,
    /// Every input, sorted by path.
    pub inputs: Vec<InputSummary>,
    /// Findings, sorted by path, document, line, column, rule.
    pub findings: Vec<Finding>,
    /// Inputs that could not be read, sorted by path.
    pub errors: Vec<InputError>,
    /// Status of every requirement of the referentials, in referential order.
    pub requirements: Vec<RequirementStatus>,
    /// When a baseline was applied: how many known findings were left out, and which were fixed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<BaselineSummary>,
    /// The attestations of the policy and what cct concluded about each (see `attestation`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attestations: Vec<AttestationResult>,
}

impl Report {
    /// Whether any finding that counts has severity `error`.
    pub fn has_errors(&self) -> bool {
        self.summary.error > 0
    }

    /// How many attestations are not valid (expired, unknown requirement,
    /// automated requirement, missing evidence): each fails the check.
    pub fn attestation_failures(&self) -> usize {
        self.attestations
            .iter()
            .filter(|a| a.status != AttestationState::Valid)
            .count()
    }

    /// The highest severity among findings that count.
    pub fn max_severity(&self) -> Option<Severity> {
        self.findings
            .iter()
            .filter(|f| f.counts())
            .map(|f| f.severity)
            .max()
    }

    /// The report as pretty-printed JSON (the documented shape).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }
}

/// The person who attests.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attester {
    /// Their name.
    pub name: String,
    /// Their role (`RSSI`, `product owner`, `hosting architect`).
    pub role: String,
}

/// One piece of evidence: exactly one of `file`, `url`, `ticket`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// A file of the repository, relative to the configuration's folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// A URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// A ticket reference (`ARCH-142`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
    /// Whether the file exists: `None` when no host checked it (or not a file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub present: Option<bool>,
}

impl Evidence {
    /// How many of `file`, `url`, `ticket` are given (a valid entry gives one).
    pub fn given(&self) -> usize {
        [&self.file, &self.url, &self.ticket]
            .iter()
            .filter(|v| v.is_some())
            .count()
    }

    /// `file`, `url` or `ticket`, and its value.
    pub fn describe(&self) -> (&'static str, &str) {
        match (&self.file, &self.url, &self.ticket) {
            (Some(f), _, _) => ("file", f),
            (None, Some(u), _) => ("url", u),
            (None, None, Some(t)) => ("ticket", t),
            (None, None, None) => ("none", ""),
        }
    }
}

/// What cct concluded about one attestation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AttestationState {
    /// It holds: the requirement counts as accounted for.
    Valid,
    /// Its `valid_until` has passed: it fails the check.
    Expired,
    /// An evidence file does not exist: it fails the check.
    MissingEvidence,
    /// The requirement is one cct automates: rules prove it, derogations excuse it; it fails the check.
    Automated,
    /// The requirement is not in the referentials the report is judged against: it fails the check.
    UnknownRequirement,
}

/// One attestation in the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttestationResult {
    /// The requirement as written.
    pub requirement: String,
    /// The requirement it stands for in the report (differs when mapped through the concordance).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<String>,
    /// The referential family of the resolved requirement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referential: Option<String>,
    /// The verdict.
    pub status: AttestationState,
    /// Why it is not valid, for a person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// What is attested.
    pub statement: String,
    /// Who attests it.
    pub attested_by: Attester,
    /// When.
    pub date: String,
    /// Until when (`YYYY-MM-DD` or `never`).
    pub valid_until: String,
    /// The evidence, files marked present or not when checked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// The file it is written in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Its line there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}
