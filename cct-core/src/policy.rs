//! The policy a check runs under: referential version, rule settings, thresholds and limits.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, DEFAULT_CCT_VERSION};
use crate::document::Limits;
use crate::report::Severity;
use crate::requirement::Level;
use crate::rule::Rule;

/// Per-rule settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSettings {
    /// Turns the rule on or off; `None` keeps the catalog's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Overrides the rule's severity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
}

/// Values rules read (registries, thresholds…); each has a documented default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Registries images may come from (`registry.example.fr`, `registry.example.fr/team/`); empty allows any.
    pub allowed_registries: Vec<String>,
    /// Severity given to findings against a requirement of level I.
    pub important_severity: Severity,
    /// Labels every pod (template) must carry (`kube/required-labels`); default `app`, `env`, `tier`
    /// (the Cloud Pi Native `check-labels` policy).
    pub required_labels: Vec<String>,
    /// Largest storage request a PersistentVolumeClaim may make (`kube/pvc-size-limit`), as a
    /// Kubernetes quantity; default `1Ti` (the Cloud Pi Native `limit-size-pvc` policy).
    pub max_pvc_size: String,
    /// Largest `successfulJobsHistoryLimit`/`failedJobsHistoryLimit` of a CronJob
    /// (`kube/job-history-limits`); default 5 (the value the Cloud Pi Native `job-history` policy sets).
    pub max_job_history: i64,
    /// Fewest replicas a replicated workload runs (`kube/replicas`), directly or as an HPA's
    /// `minReplicas`; default 2.
    pub min_replicas: i64,
    /// Longest `initialDelaySeconds` of a liveness or readiness probe without a startup probe
    /// (`kube/startup-probe`); default 30.
    pub max_initial_delay_seconds: i64,
    /// Substrings (case-insensitive) of ConfigMap keys that hold credentials
    /// (`kube/no-credentials-in-configmap`); default `password`, `passwd`, `secret_key`
    /// (the Cloud Pi Native `cm-no-credentials` policy).
    pub configmap_credential_keys: Vec<String>,
    /// Substrings (case-insensitive, `-` read as `_`) of environment variable names that hold
    /// secrets (`kube/no-secret-in-env`); default `PASSWORD`, `PASSWD`, `SECRET`, `TOKEN`,
    /// `API_KEY`, `APIKEY`, `PRIVATE_KEY`, `CREDENTIAL`.
    pub secret_env_names: Vec<String>,
    /// Git revisions that float (`kube/argocd-pinned-revision`), compared case-insensitively;
    /// default `HEAD`, `main`, `master`, `develop`, `development`, `dev`, `trunk`.
    pub floating_revisions: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            allowed_registries: Vec::new(),
            important_severity: Severity::Warning,
            required_labels: ["app", "env", "tier"].map(String::from).to_vec(),
            max_pvc_size: "1Ti".to_owned(),
            max_job_history: 5,
            min_replicas: 2,
            max_initial_delay_seconds: 30,
            configmap_credential_keys: ["password", "passwd", "secret_key"].map(String::from).to_vec(),
            secret_env_names: [
                "PASSWORD", "PASSWD", "SECRET", "TOKEN", "API_KEY", "APIKEY", "PRIVATE_KEY", "CREDENTIAL",
            ].map(String::from).to_vec(),
            floating_revisions: ["HEAD", "main", "master", "develop", "development", "dev", "trunk"].map(String::from).to_vec(),
        }
    }
}

/// Everything that decides how inputs are judged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Policy {
    /// CCT referential version to judge against (`alpha.V1`).
    pub cct_version: String,
    /// Name of the profile in force, if any.
    pub profile: Option<String>,
    /// Per-rule settings, by rule id.
    pub rules: BTreeMap<String, RuleSettings>,
    /// Values rules read.
    pub settings: Settings,
    /// Input limits.
    pub limits: Limits,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            cct_version: DEFAULT_CCT_VERSION.to_owned(),
            profile: None,
            rules: BTreeMap::new(),
            settings: Settings::default(),
            limits: Limits::default(),
        }
    }
}

impl Policy {
    /// Whether rule `rule` runs under this policy.
    pub fn enabled(&self, rule: &Rule) -> bool {
        self.rules
            .get(&rule.id)
            .and_then(|s| s.enabled)
            .unwrap_or(rule.enabled)
    }

    /// The severity of rule `rule` under this policy: the configured one, else
    /// the rule's own, else error when it proves a P requirement and the
    /// configured `important_severity` otherwise.
    pub fn severity(&self, rule: &Rule, catalog: &Catalog) -> Severity {
        if let Some(severity) = self.rules.get(&rule.id).and_then(|s| s.severity) {
            return severity;
        }
        if let Some(severity) = rule.severity {
            return severity;
        }
        let primordial = rule.requirements.iter().any(|id| {
            catalog
                .requirement(id, &self.cct_version)
                .is_some_and(|(_, q)| q.level == Some(Level::P))
        });
        if primordial {
            Severity::Error
        } else {
            self.settings.important_severity
        }
    }
}
