//! Rule metadata: what each built-in rule checks, which requirements it proves, and its documentation.
//!
//! The metadata lives in `rules/catalog/<kind>.yaml`; the check itself lives
//! in the evaluator of that artefact kind. `cct explain <rule>` prints the
//! documentation sections below.

use serde::{Deserialize, Serialize};

use crate::artefact::ArtefactKind;
use crate::report::Severity;

/// One rule of the catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable id (`kube/run-as-non-root`). Ids are never renumbered or reused.
    pub id: String,
    /// The artefact kind the rule reads.
    pub kind: ArtefactKind,
    /// Requirement ids it gives evidence for (`EX32`, `DX-5.2-a`).
    pub requirements: Vec<String>,
    /// Default severity; when absent it follows the requirements (any P → error, else warning).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// One-line title.
    pub title: String,
    /// *What it checks*.
    pub what: String,
    /// *Why*: the requirement, quoted by id.
    pub why: String,
    /// *Bad*: an example that fails.
    pub bad: String,
    /// *Good*: the same example fixed.
    pub good: String,
    /// *How to fix*: the default remediation.
    pub fix: String,
    /// The Cloud Pi Native platform (Kyverno) rule this one mirrors, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    /// Whether the rule runs unless a profile or configuration enables it (default: yes).
    #[serde(default = "default_true")]
    pub enabled: bool,
}

fn default_true() -> bool {
    true
}
