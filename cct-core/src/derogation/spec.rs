//! What a derogation is: its scope, justification and expiry, as written in `cct.yaml` or in an annotation.

use globset::{GlobBuilder, GlobMatcher};
use serde::{Deserialize, Serialize};

use crate::profile::wildcard_match;
use crate::report::Finding;

/// The annotation that suppresses findings on a Kubernetes object.
pub const IGNORE_ANNOTATION: &str = "cct.io/ignore";

/// The `expires` value of a derogation granted without time limit.
pub const NEVER: &str = "never";

/// A derogation as written in `cct.yaml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DerogationSpec {
    /// The rule it covers: an id, or a pattern with `*` (`kube/*`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// The requirement it covers (`EX32`): findings giving evidence against it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requirement: Option<String>,
    /// Input paths it covers: globs (`deploy/legacy/**`, `*.yaml`); empty covers every path.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paths: Vec<String>,
    /// Namespaces it covers (patterns with `*`); empty covers every namespace.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub namespaces: Vec<String>,
    /// Objects it covers: `name` or `Kind/name`, with `*` patterns (`Deployment/*`); empty covers every object.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objects: Vec<String>,
    /// Why the non-conformity is accepted.
    pub justification: String,
    /// Who granted it (the decision's author or reference).
    pub granted_by: String,
    /// Last day it holds (`YYYY-MM-DD`), or `never` for a permanent derogation.
    pub expires: String,
}

impl DerogationSpec {
    /// Whether the derogation's scope covers `finding`.
    pub(crate) fn covers(&self, finding: &Finding, paths: &[GlobMatcher]) -> bool {
        if let Some(rule) = &self.rule {
            if !wildcard_match(rule, &finding.rule) {
                return false;
            }
        }
        if let Some(requirement) = &self.requirement {
            if !finding.requirements.iter().any(|r| r == requirement) {
                return false;
            }
        }
        if !self.paths.is_empty() {
            let path = normalize_path(&finding.location.path);
            if !paths.iter().any(|g| g.is_match(path)) {
                return false;
            }
        }
        let object = finding.object.as_ref();
        if !self.namespaces.is_empty() {
            let Some(namespace) = object.and_then(|o| o.namespace.as_deref()) else {
                return false;
            };
            if !self.namespaces.iter().any(|p| wildcard_match(p, namespace)) {
                return false;
            }
        }
        if !self.objects.is_empty() {
            let Some(o) = object else { return false };
            let name = o.name.as_deref().unwrap_or("");
            let qualified = format!("{}/{}", o.kind, name);
            if !self.objects.iter().any(|p| {
                if p.contains('/') {
                    wildcard_match(p, &qualified)
                } else {
                    wildcard_match(p, name)
                }
            }) {
                return false;
            }
        }
        true
    }

    /// Compiles the path globs; `None` when one is invalid.
    pub fn path_matchers(&self) -> Result<Vec<GlobMatcher>, String> {
        self.paths.iter().map(|p| compile_glob(p)).collect()
    }

    /// The expiry date, `None` for `never`.
    pub fn expiry(&self) -> Option<&str> {
        (self.expires != NEVER).then_some(self.expires.as_str())
    }
}

/// Compiles a path glob: `*` stays within one path segment, `**` crosses segments.
pub fn compile_glob(pattern: &str) -> Result<GlobMatcher, String> {
    GlobBuilder::new(normalize_path(pattern))
        .literal_separator(true)
        .build()
        .map(|g| g.compile_matcher())
        .map_err(|e| e.kind().to_string())
}

fn normalize_path(path: &str) -> &str {
    let mut p = path;
    while let Some(rest) = p.strip_prefix("./") {
        p = rest;
    }
    p
}

/// An inline suppression read from a Kubernetes object's `cct.io/ignore` annotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// The input path of the object.
    pub path: String,
    /// Its document index.
    pub document: usize,
    /// The object's pointer inside its document (`""`, or `/items/3` in a `List`).
    pub base: String,
    /// The rule id or pattern suppressed.
    pub rule: String,
    /// Why.
    pub reason: String,
}

impl Suppression {
    pub(crate) fn covers(&self, finding: &Finding) -> bool {
        let l = &finding.location;
        l.path == self.path
            && l.document == Some(self.document)
            && (self.base.is_empty()
                || l.pointer == self.base
                || l.pointer
                    .strip_prefix(&self.base)
                    .is_some_and(|rest| rest.starts_with('/')))
            && wildcard_match(&self.rule, &finding.rule)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_stay_within_segments() {
        let g = compile_glob("deploy/*.yaml").unwrap();
        assert!(g.is_match("deploy/a.yaml"));
        assert!(!g.is_match("deploy/x/a.yaml"));
        let g = compile_glob("./deploy/**").unwrap();
        assert!(g.is_match("deploy/x/a.yaml"));
        assert!(compile_glob("deploy/[").is_err());
    }
}
