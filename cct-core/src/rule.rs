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
    /// Whether an admission controller can enforce it (`cct export kyverno`); absent for
    /// rules of artefacts a cluster never sees (images, OpenAPI, commits): see [`Rule::admission`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admission: Option<Admission>,
}

/// How a rule stands at admission time, when a cluster sees one object at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Admission {
    /// Looks at one object, and `rules/kyverno/<name>.yaml` holds its Kyverno rules
    /// (verdict parity with cct tested on its fixtures).
    Exportable,
    /// Looks at one object, but no Kyverno translation is written yet.
    NotTranslated,
    /// Relates several objects (a Service and its pods, a namespace and its NetworkPolicies):
    /// an admission request carries one.
    CrossObject,
    /// Needs what only CI has: the manifests as files, image contents, OpenAPI, commits.
    CiOnly,
}

impl Admission {
    /// The kebab-case name used in the catalog.
    pub fn as_str(self) -> &'static str {
        match self {
            Admission::Exportable => "exportable",
            Admission::NotTranslated => "not-translated",
            Admission::CrossObject => "cross-object",
            Admission::CiOnly => "ci-only",
        }
    }
}

impl Rule {
    /// The rule's [`Admission`]: as the catalog says, `ci-only` when it says nothing.
    pub fn admission(&self) -> Admission {
        self.admission.unwrap_or(Admission::CiOnly)
    }
}

fn default_true() -> bool {
    true
}
