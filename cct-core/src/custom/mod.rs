//! Custom rules written in YAML: a selector and a condition, checked without recompiling.
//!
//! A custom rule names the artefact kind it reads, the requirement ids it
//! gives evidence for, which nodes it looks at (`objects` kinds and a
//! `select` JSON pointer where `*` stands for every item of a list or every
//! value of a mapping) and the `condition` every selected node must satisfy.
//! Each selected node where the condition does not hold is a finding, placed
//! at the node that made it fail (or its nearest existing parent when that
//! node is missing).
//!
//! Conditions: `exists: <pointer>`, `absent: <pointer>`, and value tests on
//! `path: <pointer>` (default: the selected node itself): `equals`, `one_of`,
//! `regex`, `gt`/`gte`/`lt`/`lte` (numbers, numeric strings and Kubernetes
//! quantities such as `500m` or `2Gi`); combined with `all`, `any`, `not`.
//! Regular expressions use the `regex` crate: matching is linear in the
//! input, with no backtracking, and compiled size is bounded
//! ([`REGEX_SIZE_LIMIT`]).

mod condition;
mod validate;

pub use crate::quantity::{number, quantity};
pub(crate) use condition::{compile, select};
pub use validate::validate;

use serde::{Deserialize, Serialize};

use crate::artefact::ArtefactKind;
use crate::document::Pos;
use crate::report::Severity;
use crate::rule::Rule;

/// Largest compiled size of one custom rule's regular expression, in bytes.
pub const REGEX_SIZE_LIMIT: usize = 1 << 20;
/// Deepest nesting of `all`/`any`/`not` in one condition.
pub const MAX_CONDITION_DEPTH: usize = 32;
/// Most nodes one `select` may expand to in one object or document (wildcards over huge lists stop there).
pub const MAX_SELECTED: usize = 100_000;

/// A rule written in YAML.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomRule {
    /// Stable id, `<prefix>/<kebab-name>` (`custom/owner-label`); must not be a catalog id.
    pub id: String,
    /// The artefact kind it reads (`kube`, `openapi`, `image`).
    pub kind: ArtefactKind,
    /// Requirement ids it gives evidence for.
    pub requirements: Vec<String>,
    /// Severity; when absent it follows the requirements like a built-in rule's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// One-line title (shown in SARIF and coverage); defaults to the id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Kubernetes object kinds it applies to (`Deployment`); empty: every object. Only for `kube`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objects: Vec<String>,
    /// JSON pointer, inside each object (or document), of the nodes to check; `*` matches every item or value. Empty: the object itself.
    #[serde(default)]
    pub select: String,
    /// What every selected node must satisfy.
    pub condition: Condition,
    /// The finding's message; `{object}`, `{pointer}`, `{value}` and `{path}` are replaced.
    pub message: String,
    /// How to fix it.
    pub remediation: String,
}

/// A condition on a selected node. Exactly one of `exists`, `absent`, a value
/// test (`equals`, `one_of`, `regex`, or numeric bounds), `all`, `any`, `not`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Condition {
    /// Holds when the node at this pointer (relative to the selected node) exists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exists: Option<String>,
    /// Holds when the node at this pointer does not exist.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub absent: Option<String>,
    /// For value tests: the pointer, relative to the selected node, of the value tested (default: the node itself).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Holds when the value equals this one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub equals: Option<serde_json::Value>,
    /// Holds when the value equals one of these.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub one_of: Option<Vec<serde_json::Value>>,
    /// Holds when the value (a scalar, as text) matches this regular expression.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regex: Option<String>,
    /// Holds when the value is a number greater than this (a number, or a quantity such as `2Gi`).
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "bound")]
    pub gt: Option<f64>,
    /// Holds when the value is a number greater than or equal to this (a number, or a quantity such as `2Gi`).
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "bound")]
    pub gte: Option<f64>,
    /// Holds when the value is a number less than this (a number, or a quantity such as `2Gi`).
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "bound")]
    pub lt: Option<f64>,
    /// Holds when the value is a number less than or equal to this (a number, or a quantity such as `2Gi`).
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "bound")]
    pub lte: Option<f64>,
    /// Holds when every condition holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub all: Option<Vec<Condition>>,
    /// Holds when at least one condition holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub any: Option<Vec<Condition>>,
    /// Holds when the condition does not hold.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not: Option<Box<Condition>>,
}

// Bounds are finite numbers read from YAML (NaN is rejected at validation), so equality is total.
impl Eq for Condition {}

/// A problem in a custom rule, at a position of the file that defines it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleProblem {
    /// Where.
    pub pos: Pos,
    /// What is wrong.
    pub message: String,
}

impl CustomRule {
    /// The rule as catalog metadata (for severities, SARIF and coverage).
    pub fn to_rule(&self) -> Rule {
        Rule {
            id: self.id.clone(),
            kind: self.kind,
            citations: Vec::new(),
            requirements: self.requirements.clone(),
            cited: std::collections::BTreeMap::new(),
            guideline: None,
            since: None,
            severity: self.severity,
            title: self.title.clone().unwrap_or_else(|| self.id.clone()),
            what: format!(
                "Custom rule: every node at `{}` satisfies its condition.",
                display_select(&self.select)
            ),
            why: format!(
                "Evidence for {} (custom rule of the configuration).",
                self.requirements.join(", ")
            ),
            bad: String::new(),
            good: String::new(),
            fix: self.remediation.clone(),
            platform: None,
            enabled: true,
            admission: None,
        }
    }
}

fn display_select(select: &str) -> &str {
    if select.is_empty() {
        "/"
    } else {
        select
    }
}

/// Reads a numeric bound: a number, or a string holding a number or a Kubernetes quantity.
fn bound<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Number(f64),
        Text(String),
    }
    match Raw::deserialize(d) {
        Ok(Raw::Number(x)) => Ok(Some(x)),
        Ok(Raw::Text(t)) => quantity(&t).map(Some).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{t}` is not a number or a quantity (`500m`, `2Gi`)"
            ))
        }),
        Err(_) => Err(serde::de::Error::custom(
            "expected a number or a quantity (`500m`, `2Gi`)",
        )),
    }
}
