//! The policy a check runs under: referential version, rule settings, thresholds and limits.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, DEFAULT_CCT_VERSION};
use crate::custom::CustomRule;
use crate::derogation::DerogationSpec;
use crate::document::Limits;
use crate::profile::RuleSelector;
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
    /// Severity of an Argo CD source that follows `HEAD` (written, or implied by a missing
    /// `targetRevision`) in `kube/argocd-pinned-revision`; default: the rule's own. The
    /// `cloud-pi-native` profile sets `info`: the platform's console generates its
    /// Applications on `HEAD`, so production follows the deployment repository's default branch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub head_revision_severity: Option<Severity>,
    /// The namespace Kubernetes objects without `metadata.namespace` are applied to
    /// (`kubectl apply -n`, an Argo CD Application's destination; `cct check --namespace`).
    /// Cross-object rules match them there, with the objects that name it; default: none, each
    /// folder is then one application's namespace.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Commit message settings (types, lengths, cases, ignored commits).
    #[serde(default)]
    pub commit: crate::settings::commit::CommitSettings,
    /// Thresholds and limits of the image checks.
    pub image: crate::settings::image::ImageSettings,
}

impl Settings {
    /// Whether a variable name looks like it holds a secret: it contains one of
    /// `secret_env_names` (case-insensitive, `-` read as `_`).
    pub fn is_secret_name(&self, name: &str) -> bool {
        let upper = name.to_ascii_uppercase().replace('-', "_");
        self.secret_env_names
            .iter()
            .any(|p| upper.contains(p.to_ascii_uppercase().replace('-', "_").as_str()))
    }
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
            configmap_credential_keys: ["password", "passwd", "secret_key"]
                .map(String::from)
                .to_vec(),
            secret_env_names: [
                "PASSWORD",
                "PASSWD",
                "SECRET",
                "TOKEN",
                "API_KEY",
                "APIKEY",
                "PRIVATE_KEY",
                "CREDENTIAL",
            ]
            .map(String::from)
            .to_vec(),
            floating_revisions: [
                "HEAD",
                "main",
                "master",
                "develop",
                "development",
                "dev",
                "trunk",
            ]
            .map(String::from)
            .to_vec(),
            head_revision_severity: None,
            namespace: None,
            commit: crate::settings::commit::CommitSettings::default(),
            image: crate::settings::image::ImageSettings::default(),
        }
    }
}

/// What `cct audit` takes from a repository (the CLI walks it; these decide).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuditSettings {
    /// Paths not taken, as globs relative to the audited folder (`vendor/**`, `**/testdata/**`).
    pub exclude: Vec<String>,
    /// Whether the git history is checked (default `true`).
    pub history: bool,
    /// The revision range of the history; default: the merge request's range in GitLab CI
    /// (`$CI_MERGE_REQUEST_DIFF_BASE_SHA..HEAD`), else the whole history of `HEAD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range: Option<String>,
}

impl Default for AuditSettings {
    fn default() -> Self {
        AuditSettings {
            exclude: Vec::new(),
            history: true,
            range: None,
        }
    }
}

impl AuditSettings {
    /// The `exclude` glob that matches `path` (relative to the audited folder, `/`-separated), if any.
    pub fn excluded_by(&self, path: &str) -> Option<&str> {
        self.exclude
            .iter()
            .map(String::as_str)
            .find(|glob| crate::derogation::compile_glob(glob).is_ok_and(|g| g.is_match(path)))
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
    /// Which rules run: a rule runs when any selector matches it; empty keeps the catalog's defaults.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub select: Vec<RuleSelector>,
    /// Rules matched by any of these selectors do not run (unless enabled by id in `rules`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<RuleSelector>,
    /// Accepted non-conformities (see [`crate::derogation`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub derogations: Vec<DerogationSpec>,
    /// Rules written in YAML (see [`crate::custom`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub custom_rules: Vec<CustomRule>,
    /// Whether `cct.io/ignore` annotations on Kubernetes objects suppress findings (default `true`);
    /// `false` leaves derogations to `cct.yaml`, where they name who granted them and until when.
    pub allow_inline_suppressions: bool,
    /// Files of custom rules (YAML lists), relative to the configuration file; the CLI reads them
    /// ([`Policy::add_custom_rules_str`]), the core does no I/O.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub custom_rule_files: Vec<String>,
    /// The date derogation expiries are compared with (`YYYY-MM-DD`); `None` takes the current UTC date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub today: Option<String>,
    /// Human evidence for the requirements no artefact proves (see [`crate::attestation`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attestations: Vec<crate::attestation::AttestationSpec>,
    /// Files of attestations (YAML lists), relative to the configuration file; the CLI reads them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attestation_files: Vec<String>,
    /// What `cct audit` takes from a repository.
    pub audit: AuditSettings,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            cct_version: DEFAULT_CCT_VERSION.to_owned(),
            profile: None,
            rules: BTreeMap::new(),
            settings: Settings::default(),
            limits: Limits::default(),
            select: Vec::new(),
            exclude: Vec::new(),
            derogations: Vec::new(),
            custom_rules: Vec::new(),
            allow_inline_suppressions: true,
            custom_rule_files: Vec::new(),
            today: None,
            attestations: Vec::new(),
            attestation_files: Vec::new(),
            audit: AuditSettings::default(),
        }
    }
}

impl Policy {
    /// The key of the CCT version judged against (`beta-2024-06-23`), whether `cct_version`
    /// holds a key or a version's own name (`alpha.V1`); `cct_version` itself when no shipped
    /// version has that name.
    pub fn cct_key(&self) -> &str {
        crate::catalog::catalog()
            .cct_key(&self.cct_version)
            .unwrap_or(&self.cct_version)
    }

    /// Whether rule `rule` runs under this policy.
    ///
    /// In order: the rule's entry in `rules`; then the rule's `since` (judged against an
    /// older CCT version, it is off); then `exclude` (a match turns it off); then `select` (when not empty, the rule runs if a selector
    /// matches it, even a rule the catalog leaves off by default); else the
    /// catalog's default.
    pub fn enabled(&self, rule: &Rule) -> bool {
        if let Some(enabled) = self.rules.get(&rule.id).and_then(|s| s.enabled) {
            return enabled;
        }
        let catalog = crate::catalog::catalog();
        if rule
            .since
            .as_deref()
            .is_some_and(|since| catalog.cct_older_than(&self.cct_version, since))
        {
            return false;
        }
        if self
            .exclude
            .iter()
            .any(|s| s.matches(rule, catalog, &self.cct_version))
        {
            return false;
        }
        if !self.select.is_empty() {
            return self
                .select
                .iter()
                .any(|s| s.matches(rule, catalog, &self.cct_version));
        }
        rule.enabled
    }

    /// Whether the report covers the requirements of referential family `family` (`cct`, `domino-x`).
    ///
    /// A policy whose `select` names referentials (as profiles do) covers
    /// those; one that selects rules otherwise, or not at all, covers every
    /// referential.
    pub fn referential_in_scope(&self, family: &str) -> bool {
        let named: Vec<&String> = self.select.iter().flat_map(|s| &s.referentials).collect();
        named.is_empty() || named.iter().any(|r| *r == family)
    }

    /// The severity of rule `rule` under this policy: the configured one, else
    /// the first matching `select` entry's, else the rule's own, else error
    /// when it proves a P requirement and the configured `important_severity`
    /// otherwise.
    pub fn severity(&self, rule: &Rule, catalog: &Catalog) -> Severity {
        if let Some(severity) = self.rules.get(&rule.id).and_then(|s| s.severity) {
            return severity;
        }
        if let Some(severity) = self
            .select
            .iter()
            .filter(|s| s.severity.is_some())
            .find(|s| s.matches(rule, catalog, &self.cct_version))
            .and_then(|s| s.severity)
        {
            return severity;
        }
        if let Some(severity) = rule.severity {
            return severity;
        }
        let primordial = rule.cites(self.cct_key()).iter().any(|id| {
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
