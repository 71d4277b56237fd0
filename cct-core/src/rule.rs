//! Rule metadata: what each built-in rule checks, which requirements it proves, and its documentation.
//!
//! The metadata lives in `rules/catalog/<kind>.yaml`; the check itself lives
//! in the evaluator of that artefact kind. `cct explain <rule>` prints the
//! documentation sections below.

use std::collections::BTreeMap;

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
    /// The requirements it gives evidence for, as the catalog declares them: each id once, in
    /// one version's ids (alpha.V1 `EX…`; a béta `EXI-…` id only for a requirement new in the
    /// béta; Domino-X `DX-…`), with the reason read from the text. The ids of the other CCT
    /// versions come from the concordance ([`Rule::cites`]).
    #[serde(rename(serialize = "citations", deserialize = "requirements"))]
    pub citations: Vec<Citation>,
    /// The requirement ids it cites under the default CCT version (filled in when the catalog
    /// is loaded; the YAML `requirements` are [`Rule::citations`]).
    #[serde(rename = "requirements", skip_deserializing)]
    pub requirements: Vec<String>,
    /// The ids it cites under each CCT version, by version key (filled in when the catalog is loaded).
    #[serde(rename = "requirements_by_version", skip_deserializing)]
    pub cited: BTreeMap<String, Vec<String>>,
    /// The guideline the rule follows where no requirement of a CCT version supports it
    /// (`conventional-commits`, `Domino-X`); such a rule still runs, and counts against no CCT
    /// requirement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guideline: Option<String>,
    /// The key of the first CCT version whose text asks for what the rule checks
    /// (`beta-2024-06-23`): judged against an older version, the rule does not run unless a
    /// configuration turns it on by id (an older text may even advise the opposite, as
    /// alpha.V1's rootless advice and the béta's EXI-ARCH-26 do on fixed user ids).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
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

impl Rule {
    /// The requirement ids the rule cites under CCT version `key` (`alpha-v1`,
    /// `beta-2024-06-23`), Domino-X ids included; its default-version ids when the version is
    /// not resolved (a custom rule, an unknown key).
    pub fn cites(&self, key: &str) -> &[String] {
        self.cited
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map_or(&self.requirements, |(_, ids)| ids)
    }
}

/// One requirement a rule gives evidence for, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// The id as declared (`EX32`, `EXI-ARCH-26`, `DX-3.2-b`).
    pub id: String,
    /// Why the requirement's text supports the rule: the words it checks.
    pub why: String,
    /// What the rule cites instead in a version where the concordance's answer does not fit
    /// (the requirement was dropped, or split and only one part applies), by version key.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub versions: BTreeMap<String, Replacement>,
}

/// The ids a rule cites in one version in place of the concordance's counterparts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Replacement {
    /// The ids in that version (empty: no requirement of that version supports the rule).
    pub ids: Vec<String>,
    /// Why, read from that version's text.
    pub why: String,
}
