//! `cct export kyverno`: the rules that look at one object, as namespaced
//! `kyverno.io/v1` `Policy` objects, so the platform's admission controller
//! enforces at deploy time what cct checks in CI.
//!
//! Each exportable rule ([`Admission::Exportable`] in the catalog) has its
//! Kyverno rules in `rules/kyverno/<name>.yaml` (the `spec.rules` list); the
//! export wraps them in one `Policy` per cct rule, named `cct-<name>`, with
//! the rule's title, requirements and severity as Kyverno's annotations,
//! `validationFailureAction: Audit` (or `Enforce`), and `background: true`.
//! A rule that reads a setting (a threshold, the allowed registries, the
//! required labels) names it `%settings.<name>%` in its file; the export
//! writes the value of the policy's [`Settings`](crate::policy::Settings)
//! there (see [`fill_settings`]), so a profile's values reach the cluster.
//! Every rule also skips Helm test hooks, as cct does.
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

/// How a rules/kyverno file names a setting: `%settings.max_job_history%`.
const SETTING_OPEN: &str = "%settings.";

/// Writes the policy's settings into the rules of `id`, in place.
///
/// A string that is exactly `%settings.<name>%` becomes the setting's value
/// (a number, a list); a placeholder inside a longer string (a JMESPath
/// expression, a pattern such as `"<=%settings.max_pvc_size%"`) becomes its
/// text: a string as it is, any other value as compact JSON (for a JMESPath
/// literal between backticks). An unknown name is an [`KyvernoError::Invalid`].
pub fn fill_settings(
    id: &str,
    rules: &mut [Value],
    settings: &crate::policy::Settings,
) -> Result<(), KyvernoError> {
    let values = serde_json::to_value(settings).map_err(|e| KyvernoError::Invalid {
        rule: id.to_owned(),
        message: e.to_string(),
    })?;
    for rule in rules.iter_mut() {
        fill(id, rule, &values)?;
    }
    Ok(())
}

fn fill(id: &str, node: &mut Value, settings: &Value) -> Result<(), KyvernoError> {
    match node {
        Value::Array(items) => items.iter_mut().try_for_each(|v| fill(id, v, settings)),
        Value::Object(map) => map.values_mut().try_for_each(|v| fill(id, v, settings)),
        Value::String(text) if text.contains(SETTING_OPEN) => {
            let setting = |name: &str| {
                settings
                    .get(name)
                    .filter(|v| !v.is_null())
                    .cloned()
                    .ok_or_else(|| KyvernoError::Invalid {
                        rule: id.to_owned(),
                        message: format!("unknown setting `{name}`"),
                    })
            };
            if let Some(name) = text
                .strip_prefix(SETTING_OPEN)
                .and_then(|t| t.strip_suffix('%'))
                .filter(|n| !n.contains('%'))
            {
                *node = setting(name)?;
                return Ok(());
            }
            let mut out = String::new();
            let mut rest = text.as_str();
            while let Some(start) = rest.find(SETTING_OPEN) {
                out.push_str(&rest[..start]);
                let after = &rest[start + SETTING_OPEN.len()..];
                let Some(end) = after.find('%') else {
                    return Err(KyvernoError::Invalid {
                        rule: id.to_owned(),
                        message: format!("unterminated setting in `{text}`"),
                    });
                };
                match setting(&after[..end])? {
                    Value::String(s) => out.push_str(&s),
                    other => out.push_str(&other.to_string()),
                }
                rest = &after[end + 1..];
            }
            out.push_str(rest);
            *text = out;
            Ok(())
        }
        _ => Ok(()),
    }
}

/// The precondition every exported rule carries: the object is no Helm test hook
/// (`helm.sh/hook: test`, `test-success`, `test-failure`, in a comma-separated list), which
/// cct never judges (`helm test` runs it on demand, Argo CD never deploys it). `"metadata"` is
/// quoted so that Kyverno's autogen, which rewrites `request.object.metadata` into the pod
/// template's, leaves it on the object's own annotations, as cct reads them.
fn not_a_helm_test() -> Value {
    json!({
        "key": "{{ split(request.object.\"metadata\".annotations.\"helm.sh/hook\" || '', ',')[*].trim(@, ' ') }}",
        "operator": "AllNotIn",
        "value": ["test", "test-success", "test-failure"],
    })
}

/// Adds [`not_a_helm_test`] to the `all` preconditions of `rule`.
fn skip_helm_tests(id: &str, rule: &mut Value) -> Result<(), KyvernoError> {
    let preconditions = rule
        .as_object_mut()
        .map(|r| r.entry("preconditions").or_insert_with(|| json!({})));
    match preconditions
        .and_then(Value::as_object_mut)
        .map(|p| p.entry("all").or_insert_with(|| json!([])))
        .and_then(Value::as_array_mut)
    {
        Some(all) => {
            all.push(not_a_helm_test());
            Ok(())
        }
        None => Err(KyvernoError::Invalid {
            rule: id.to_owned(),
            message: "`preconditions` must be a map whose `all` is a list".to_owned(),
        }),
    }
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
        let mut rules = kyverno_rules(&rule.id)?;
        fill_settings(&rule.id, &mut rules, &policy.settings)?;
        for r in rules.iter_mut() {
            skip_helm_tests(&rule.id, r)?;
        }
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

    #[test]
    fn settings_are_written_into_the_rules() {
        let settings = crate::policy::Settings {
            max_job_history: 3,
            allowed_registries: vec!["harbor.example.fr".into()],
            ..Default::default()
        };
        let mut rules = vec![json!({
            "whole": "%settings.allowed_registries%",
            "number": "%settings.max_job_history%",
            "inline": ["x > `%settings.max_job_history%` in `%settings.allowed_registries%`"],
            "text": "<=%settings.max_pvc_size%",
            "plain": "100%",
        })];
        fill_settings("kube/x", &mut rules, &settings).unwrap();
        assert_eq!(
            rules[0],
            json!({
                "whole": ["harbor.example.fr"],
                "number": 3,
                "inline": ["x > `3` in `[\"harbor.example.fr\"]`"],
                "text": "<=1Ti",
                "plain": "100%",
            })
        );
        for broken in ["%settings.nope%", "a %settings.max_pvc_size"] {
            let mut rules = vec![json!({ "k": broken })];
            assert!(matches!(
                fill_settings("kube/x", &mut rules, &settings),
                Err(KyvernoError::Invalid { .. })
            ));
        }
        // Through the export: a profile's value reaches the policy, no placeholder is left.
        let mut policy = Policy::default();
        policy.settings.max_job_history = 2;
        let out = kyverno(&policy, &KyvernoOptions::default()).unwrap();
        assert!(out.yaml.contains("spec.successfulJobsHistoryLimit > `2`"));
        assert!(!out.yaml.contains("%settings."));
    }
}
