//! `wgpolicyk8s.io/v1alpha2` PolicyReports, the shape Kyverno 1.11 writes and
//! PolicyReporter charts: `kubectl apply` the output and cct's findings sit
//! next to the admission controller's.
//!
//! One `PolicyReport` per namespace of the objects found, one for the
//! findings on objects without a namespace (and on images, OpenAPI
//! descriptions, commits, and unreadable inputs) with no `metadata.namespace`,
//! so that `kubectl apply -n <ns>` files it where those objects go, and one
//! `ClusterPolicyReport` for cluster-scoped objects. Fields follow the CRD's
//! `openAPIV3Schema` of version v1alpha2 (kubernetes-sigs/wg-policy-prototypes
//! `policy-report/crd/v1alpha2`, as installed by Kyverno v1.11): a structural
//! schema prunes unknown fields, so nothing outside it is written.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::report::{Finding, InputError, ObjectRef, Report, Severity};

/// `apiVersion` of the reports written.
pub const POLICY_REPORT_API_VERSION: &str = "wgpolicyk8s.io/v1alpha2";
/// `source` of every result: the tool that produced it.
pub const POLICY_REPORT_SOURCE: &str = "cct";
/// `metadata.name` of every report (one per namespace, so it is unique).
pub const POLICY_REPORT_NAME: &str = "cct";
/// The `policy` of a result for an input that could not be read.
pub const INPUT_ERROR_POLICY: &str = "cct/input";

/// Kinds of the Kubernetes API (and of common operators) whose objects have no
/// namespace; their findings go to the `ClusterPolicyReport`.
pub const CLUSTER_SCOPED_KINDS: &[&str] = &[
    "APIService",
    "CertificateSigningRequest",
    "ClusterIssuer",
    "ClusterPolicy",
    "ClusterRole",
    "ClusterRoleBinding",
    "ClusterSecretStore",
    "ComponentStatus",
    "CSIDriver",
    "CSINode",
    "CustomResourceDefinition",
    "FlowSchema",
    "IngressClass",
    "MutatingWebhookConfiguration",
    "Namespace",
    "Node",
    "PersistentVolume",
    "PodSecurityPolicy",
    "PriorityClass",
    "PriorityLevelConfiguration",
    "RuntimeClass",
    "SecurityContextConstraints",
    "StorageClass",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding",
    "ValidatingWebhookConfiguration",
    "VolumeAttachment",
];

/// Which report a result goes to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Scope {
    /// The `ClusterPolicyReport`.
    Cluster,
    /// A `PolicyReport`; `None`: no namespace in the manifests.
    Namespace(Option<String>),
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PolicyReport<'a> {
    api_version: &'static str,
    kind: &'static str,
    metadata: Metadata,
    summary: Counts,
    results: Vec<PolicyResult<'a>>,
}

#[derive(Serialize)]
struct Metadata {
    name: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    namespace: Option<String>,
    labels: BTreeMap<&'static str, &'static str>,
}

/// `summary`: results by outcome.
#[derive(Serialize, Default)]
struct Counts {
    pass: usize,
    fail: usize,
    warn: usize,
    error: usize,
    skip: usize,
}

#[derive(Serialize)]
struct PolicyResult<'a> {
    source: &'static str,
    policy: &'a str,
    rule: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    category: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    severity: Option<&'static str>,
    result: &'static str,
    scored: bool,
    message: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    resources: Vec<Resource<'a>>,
    properties: BTreeMap<&'static str, String>,
}

/// A `corev1.ObjectReference`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Resource<'a> {
    api_version: &'a str,
    kind: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    namespace: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
}

/// The PolicyReport severity of a cct severity: error (a *Primordial*
/// requirement) is `high`, warning `medium`, info `info`.
pub fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "high",
        Severity::Warning => "medium",
        Severity::Info => "info",
    }
}

/// The PolicyReport outcome of a finding: `skip` when a live derogation covers
/// it, `fail` for an error, `warn` for a warning or info.
pub fn outcome(f: &Finding) -> &'static str {
    if !f.counts() {
        "skip"
    } else if f.severity == Severity::Error {
        "fail"
    } else {
        "warn"
    }
}

/// Whether objects of `kind` have no namespace.
pub fn is_cluster_scoped(kind: &str) -> bool {
    CLUSTER_SCOPED_KINDS.contains(&kind)
}

fn scope_of(object: Option<&ObjectRef>) -> Scope {
    match object {
        Some(o) if o.api_version.is_some() && is_cluster_scoped(&o.kind) => Scope::Cluster,
        Some(o) if o.api_version.is_some() => Scope::Namespace(o.namespace.clone()),
        _ => Scope::Namespace(None),
    }
}

fn position(path: &str, line: u32, column: u32) -> String {
    match (line, column) {
        (0, _) => path.to_owned(),
        (l, 0) => format!("{path}:{l}"),
        (l, c) => format!("{path}:{l}:{c}"),
    }
}

fn finding_result(f: &Finding) -> PolicyResult<'_> {
    let mut properties = BTreeMap::new();
    let loc = &f.location;
    properties.insert("location", position(&loc.path, loc.line, loc.column));
    properties.insert("file", loc.path.clone());
    if loc.line > 0 {
        properties.insert("line", loc.line.to_string());
    }
    if !loc.pointer.is_empty() {
        properties.insert("pointer", loc.pointer.clone());
    }
    if let Some(source) = &loc.source {
        properties.insert("source", source.clone());
    }
    if !f.remediation.is_empty() {
        properties.insert("fix", f.remediation.clone());
    }
    if let Some(d) = &f.derogation {
        properties.insert("derogation", d.justification.clone());
    }
    let mut resources = Vec::new();
    if let Some(o) = &f.object {
        match &o.api_version {
            Some(api_version) => resources.push(Resource {
                api_version,
                kind: &o.kind,
                namespace: o.namespace.as_deref(),
                name: o.name.as_deref(),
            }),
            // Not a cluster object (an image, an operation, a commit): named in a property.
            None => {
                let name = o.name.as_deref().unwrap_or("");
                properties.insert("object", format!("{} {name}", o.kind).trim_end().to_owned());
            }
        }
    }
    PolicyResult {
        source: POLICY_REPORT_SOURCE,
        policy: &f.rule,
        rule: &f.rule,
        category: (!f.requirements.is_empty()).then(|| f.requirements.join(", ")),
        severity: Some(severity(f.severity)),
        result: outcome(f),
        scored: true,
        message: &f.message,
        resources,
        properties,
    }
}

fn error_result(e: &InputError) -> PolicyResult<'_> {
    let mut properties = BTreeMap::new();
    let (line, column) = (e.line.unwrap_or(0), e.column.unwrap_or(0));
    properties.insert("location", position(&e.path, line, column));
    properties.insert("file", e.path.clone());
    if line > 0 {
        properties.insert("line", line.to_string());
    }
    PolicyResult {
        source: POLICY_REPORT_SOURCE,
        policy: INPUT_ERROR_POLICY,
        rule: INPUT_ERROR_POLICY,
        category: None,
        severity: None,
        result: "error",
        scored: false,
        message: &e.message,
        resources: Vec::new(),
        properties,
    }
}

/// The report as a YAML stream of PolicyReports (see the module documentation),
/// `---`-separated, in this order: the `ClusterPolicyReport`, the report without
/// namespace, then one per namespace by name. A report with no finding and no
/// error gives an empty `PolicyReport` without namespace, so that applying it
/// clears the previous results.
pub fn policyreport(report: &Report) -> String {
    let mut scopes: BTreeMap<Scope, Vec<PolicyResult<'_>>> = BTreeMap::new();
    for f in &report.findings {
        scopes
            .entry(scope_of(f.object.as_ref()))
            .or_default()
            .push(finding_result(f));
    }
    for e in &report.errors {
        scopes
            .entry(Scope::Namespace(None))
            .or_default()
            .push(error_result(e));
    }
    if scopes.is_empty() {
        scopes.insert(Scope::Namespace(None), Vec::new());
    }
    let mut out = String::new();
    for (scope, results) in scopes {
        let mut summary = Counts::default();
        for r in &results {
            match r.result {
                "pass" => summary.pass += 1,
                "fail" => summary.fail += 1,
                "warn" => summary.warn += 1,
                "error" => summary.error += 1,
                _ => summary.skip += 1,
            }
        }
        let (kind, namespace) = match scope {
            Scope::Cluster => ("ClusterPolicyReport", None),
            Scope::Namespace(ns) => ("PolicyReport", ns),
        };
        let doc = PolicyReport {
            api_version: POLICY_REPORT_API_VERSION,
            kind,
            metadata: Metadata {
                name: POLICY_REPORT_NAME,
                namespace,
                labels: BTreeMap::from([("app.kubernetes.io/managed-by", "cct")]),
            },
            summary,
            results,
        };
        out.push_str("---\n");
        match serde_norway::to_string(&doc) {
            Ok(text) => out.push_str(&text),
            Err(e) => out.push_str(&format!("# cannot render: {e}\n")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_follow_the_object() {
        let obj = |kind: &str, ns: Option<&str>, api: Option<&str>| ObjectRef {
            api_version: api.map(str::to_owned),
            kind: kind.to_owned(),
            namespace: ns.map(str::to_owned),
            name: Some("x".to_owned()),
        };
        assert_eq!(
            scope_of(Some(&obj(
                "ClusterRole",
                None,
                Some("rbac.authorization.k8s.io/v1")
            ))),
            Scope::Cluster
        );
        assert_eq!(
            scope_of(Some(&obj("Pod", Some("team"), Some("v1")))),
            Scope::Namespace(Some("team".to_owned()))
        );
        assert_eq!(
            scope_of(Some(&obj("Image", None, None))),
            Scope::Namespace(None)
        );
        assert_eq!(scope_of(None), Scope::Namespace(None));
        assert_eq!(position("a.yaml", 3, 7), "a.yaml:3:7");
        assert_eq!(position("a.yaml", 0, 0), "a.yaml");
    }
}
