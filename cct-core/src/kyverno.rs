//! `cct export kyverno`: the rules that look at one object, as namespaced
//! `kyverno.io/v1` `Policy` objects, so the platform's admission controller
//! enforces at deploy time what cct checks in CI.
//!
//! Each exportable rule ([`Admission::Exportable`] in the catalog) has its
//! Kyverno rules in `rules/kyverno/<name>.yaml` (the `spec.rules` list); the
//! export wraps them in one `Policy` per cct rule, named `cct-<name>`, with
//! the rule's title, requirements and severity as Kyverno's annotations,
//! `validationFailureAction: Audit` (or `Enforce`), and `background: true`.
//! Rules that stay behind are listed with the reason. A namespaced `Policy`
//! sees only namespaced objects: cluster-scoped ones (a `PersistentVolume`)
//! stay with cct.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::catalog::{catalog, data_file};
use crate::policy::Policy;
use crate::report::Severity;
use crate::rule::Admission;
use crate::ArtefactKind;

/// `apiVersion` of the exported policies.
pub const KYVERNO_API_VERSION: &str = "kyverno.io/v1";

/// Options of the export.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KyvernoOptions {
    /// `metadata.namespace` of every Policy; `None` leaves it to `kubectl apply -n`.
    pub namespace: Option<String>,
    /// `validationFailureAction: Enforce` instead of `Audit`.
    pub enforce: bool,
}

/// The export: the YAML stream and what went in or stayed out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KyvernoExport {
    /// The Policies as a `---`-separated YAML stream, with a comment header
    /// listing the rules left behind.
    pub yaml: String,
    /// Rule ids exported, sorted.
    pub exported: Vec<String>,
    /// Kubernetes rule ids left behind, with the reason, sorted.
    pub left_behind: Vec<(String, Admission)>,
}

/// A rule marked exportable without its Kyverno file, or with a broken one: a
/// defect of the catalog, caught by the tests.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KyvernoError {
    /// `rules/kyverno/<name>.yaml` is missing.
    #[error("rule `{0}` is marked exportable but has no rules/kyverno file")]
    Missing(String),
    /// The file is not a YAML list of Kyverno rules.
    #[error("rules/kyverno file of `{rule}` is invalid: {message}")]
    Invalid {
        /// The rule id.
        rule: String,
        /// What is wrong.
        message: String,
    },
}

/// The Kyverno annotation severity of a cct severity (`high`, `medium`, `low`).
pub fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "high",
        Severity::Warning => "medium",
        Severity::Info => "low",
    }
}

/// The Kyverno rules of an exportable rule id (`kube/no-host-port`), from `rules/kyverno/`.
pub fn kyverno_rules(id: &str) -> Result<Vec<Value>, KyvernoError> {
    let name = id.strip_prefix("kube/").unwrap_or(id);
    let text = data_file(&format!("kyverno/{name}.yaml"))
        .ok_or_else(|| KyvernoError::Missing(id.to_owned()))?;
    let rules: Vec<Value> = serde_norway::from_str(text).map_err(|e| KyvernoError::Invalid {
        rule: id.to_owned(),
        message: e.to_string(),
    })?;
    if rules.is_empty()
        || rules
            .iter()
            .any(|r| !r["name"].is_string() || !r["validate"].is_object())
    {
        return Err(KyvernoError::Invalid {
            rule: id.to_owned(),
            message: "expected a list of rules, each with a `name` and a `validate`".to_owned(),
        });
    }
    Ok(rules)
}

/// The Kyverno policies of the Kubernetes rules `policy` enables.
pub fn kyverno(policy: &Policy, opts: &KyvernoOptions) -> Result<KyvernoExport, KyvernoError> {
    let c = catalog();
    let mut exported = Vec::new();
    let mut left_behind = Vec::new();
    let mut docs = Vec::new();
    for rule in c
        .rules
        .iter()
        .filter(|r| r.kind == ArtefactKind::Kube && policy.enabled(r))
    {
        let admission = rule.admission();
        if admission != Admission::Exportable {
            left_behind.push((rule.id.clone(), admission));
            continue;
        }
        let rules = kyverno_rules(&rule.id)?;
        let name = format!("cct-{}", rule.id.strip_prefix("kube/").unwrap_or(&rule.id));
        let subjects: BTreeMap<String, ()> = rules
            .iter()
            .flat_map(|r| r["match"]["any"].as_array().cloned().unwrap_or_default())
            .flat_map(|m| {
                m["resources"]["kinds"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
            })
            .filter_map(|k| k.as_str().map(|k| (k.to_owned(), ())))
            .collect();
        let mut metadata = json!({
            "name": name,
            "labels": {"app.kubernetes.io/managed-by": "cct"},
            "annotations": {
                "policies.kyverno.io/title": rule.title,
                "policies.kyverno.io/category": rule.requirements.join(", "),
                "policies.kyverno.io/severity": severity(policy.severity(rule, c)),
                "policies.kyverno.io/subject": subjects.keys().cloned().collect::<Vec<_>>().join(", "),
                "policies.kyverno.io/description": rule.what.trim(),
                "cct.io/rule": rule.id,
            },
        });
        if let Some(ns) = &opts.namespace {
            metadata["namespace"] = json!(ns);
        }
        docs.push(json!({
            "apiVersion": KYVERNO_API_VERSION,
            "kind": "Policy",
            "metadata": metadata,
            "spec": {
                "validationFailureAction": if opts.enforce { "Enforce" } else { "Audit" },
                "background": true,
                "rules": rules,
            },
        }));
        exported.push(rule.id.clone());
    }
    let mut yaml = format!(
        "# cct export kyverno: {} polic{} ({}), {} rule(s) left behind\n",
        exported.len(),
        if exported.len() == 1 { "y" } else { "ies" },
        if opts.enforce { "Enforce" } else { "Audit" },
        left_behind.len()
    );
    for (id, why) in &left_behind {
        yaml.push_str(&format!("#   left behind: {id} ({})\n", why.as_str()));
    }
    for doc in &docs {
        yaml.push_str("---\n");
        match serde_norway::to_string(doc) {
            Ok(text) => yaml.push_str(&text),
            Err(e) => {
                return Err(KyvernoError::Invalid {
                    rule: doc["metadata"]["annotations"]["cct.io/rule"].to_string(),
                    message: e.to_string(),
                })
            }
        }
    }
    Ok(KyvernoExport {
        yaml,
        exported,
        left_behind,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kube_rule_says_how_it_stands_at_admission() {
        for rule in catalog()
            .rules
            .iter()
            .filter(|r| r.kind == ArtefactKind::Kube)
        {
            assert!(
                rule.admission.is_some(),
                "{} has no `admission:` line",
                rule.id
            );
            if rule.admission() == Admission::Exportable {
                assert!(kyverno_rules(&rule.id).is_ok(), "{}", rule.id);
            }
        }
        // Every rules/kyverno file belongs to an exportable rule.
        for (path, _) in crate::catalog::data_files() {
            if let Some(name) = path
                .strip_prefix("kyverno/")
                .and_then(|p| p.strip_suffix(".yaml"))
            {
                let rule = catalog().rule(&format!("kube/{name}"));
                assert_eq!(
                    rule.map(|r| r.admission()),
                    Some(Admission::Exportable),
                    "{path}"
                );
            }
        }
    }

    #[test]
    fn policies_are_namespaced_audit_by_default_and_list_what_stays() {
        let audit = kyverno(&Policy::default(), &KyvernoOptions::default()).unwrap();
        assert!(audit.exported.contains(&"kube/no-host-port".to_owned()));
        assert!(audit.left_behind.contains(&(
            "kube/service-selector-matches".to_owned(),
            Admission::CrossObject
        )));
        assert!(audit
            .yaml
            .contains("#   left behind: kube/service-selector-matches (cross-object)"));
        let docs: Vec<Value> = audit
            .yaml
            .split("\n---\n")
            .skip(1)
            .map(|d| serde_norway::from_str(d).unwrap())
            .collect();
        assert_eq!(docs.len(), audit.exported.len());
        assert!(docs.iter().all(|d| d["kind"] == "Policy"
            && d["spec"]["validationFailureAction"] == "Audit"
            && d["metadata"].get("namespace").is_none()));
        let enforce = kyverno(
            &Policy::default(),
            &KyvernoOptions {
                namespace: Some("team-a".into()),
                enforce: true,
            },
        )
        .unwrap();
        assert!(enforce.yaml.contains("validationFailureAction: Enforce"));
        assert!(enforce.yaml.contains("namespace: team-a"));
        // A profile that disables a rule leaves it out entirely.
        let mut policy = Policy::default();
        policy.rules.insert(
            "kube/no-host-port".into(),
            crate::policy::RuleSettings {
                enabled: Some(false),
                ..Default::default()
            },
        );
        let fewer = kyverno(&policy, &KyvernoOptions::default()).unwrap();
        assert!(!fewer.exported.contains(&"kube/no-host-port".to_owned()));
    }
}
