//! Realistic multi-object manifests: a compliant application yields no finding,
//! a Helm-rendered chart yields exactly its known findings, and objects are
//! evaluated as one set across files.

use std::path::{Path, PathBuf};

use cct_core::report::RequirementState;
use cct_core::{check, ArtefactKind, Input, Policy, Report};

fn realistic(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/kube/realistic")
        .join(name)
}

fn read(name: &str) -> String {
    std::fs::read_to_string(realistic(name)).unwrap()
}

fn check_kube(inputs: Vec<(String, String)>, policy: &Policy) -> Report {
    let inputs: Vec<Input<'_>> = inputs
        .into_iter()
        .map(|(path, text)| Input::new(path, text.into_bytes()).with_kind(Some(ArtefactKind::Kube)))
        .collect();
    check(&inputs, policy)
}

fn summary(report: &Report) -> Vec<String> {
    report
        .findings
        .iter()
        .map(|f| {
            format!(
                "{} {}:{} {}",
                f.rule, f.location.line, f.location.column, f.location.pointer
            )
        })
        .collect()
}

#[test]
fn compliant_application_has_no_finding() {
    let report = check_kube(
        vec![("compliant.yaml".into(), read("compliant.yaml"))],
        &Policy::default(),
    );
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert!(
        report.findings.is_empty(),
        "unexpected findings:\n{}",
        summary(&report).join("\n")
    );
    // The béta counterparts of EX14, EX19, EX25, EX26, EX32, EX43, EX47, EX49, EX50 (and
    // EXI-ARCH-27, new: explicit tags).
    for id in [
        "EXI-ORG-8",
        "EXI-ARCH-2",
        "EXI-ARCH-12",
        "EXI-G-4",
        "EXI-ARCH-18",
        "EXI-ARCH-27",
        "EXI-ARCH-14",
        "EXI-ARCH-22",
        "EXI-ARCH-20",
        "EXI-ARCH-19",
        "DX-5.1-b",
        "DX-6.2.2",
    ] {
        let status = report.requirements.iter().find(|r| r.id == id).unwrap();
        assert_eq!(status.status, RequirementState::Pass, "{id}");
    }
}

#[test]
fn objects_are_one_set_across_files() {
    // Each document in its own file: cross-object rules (PDB, HPA, NetworkPolicy,
    // ServiceMonitor, references) still see every object.
    let text = read("compliant.yaml");
    let files: Vec<(String, String)> = text
        .split("\n---\n")
        .enumerate()
        .map(|(i, doc)| (format!("part-{i:02}.yaml"), doc.to_owned()))
        .collect();
    assert!(files.len() > 10);
    let report = check_kube(files.clone(), &Policy::default());
    assert!(
        report.findings.is_empty(),
        "unexpected findings:\n{}",
        summary(&report).join("\n")
    );

    // Without the PodDisruptionBudgets and NetworkPolicies, the cross-object rules fire.
    let without: Vec<(String, String)> = files
        .into_iter()
        .filter(|(_, doc)| {
            !doc.contains("kind: PodDisruptionBudget") && !doc.contains("kind: NetworkPolicy")
        })
        .collect();
    let report = check_kube(without, &Policy::default());
    let rules: Vec<&str> = report.findings.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(
        rules,
        [
            "kube/network-policy",
            "kube/pod-disruption-budget",
            "kube/pod-disruption-budget"
        ]
    );
}

#[test]
fn allowed_registries_come_from_settings() {
    let mut policy = Policy::default();
    policy.settings.allowed_registries = vec!["harbor.example.fr/shop/".into()];
    let report = check_kube(
        vec![("compliant.yaml".into(), read("compliant.yaml"))],
        &policy,
    );
    assert!(
        report.findings.is_empty(),
        "{}",
        summary(&report).join("\n")
    );

    policy.settings.allowed_registries = vec!["registry.interieur.gouv.fr".into()];
    let report = check_kube(
        vec![("compliant.yaml".into(), read("compliant.yaml"))],
        &policy,
    );
    let images: Vec<String> = report
        .findings
        .iter()
        .map(|f| format!("{} {}", f.rule, f.location.pointer))
        .collect();
    assert_eq!(
        images,
        [
            "kube/allowed-registries /spec/template/spec/containers/0/image",
            "kube/allowed-registries /spec/template/spec/initContainers/0/image",
            "kube/allowed-registries /spec/template/spec/containers/0/image",
        ]
    );
}

#[test]
fn required_labels_come_from_settings() {
    let mut policy = Policy::default();
    policy.settings.required_labels = vec!["app".into(), "team".into()];
    let report = check_kube(
        vec![("compliant.yaml".into(), read("compliant.yaml"))],
        &policy,
    );
    let found: Vec<String> = report
        .findings
        .iter()
        .map(|f| format!("{} {}", f.rule, f.location.pointer))
        .collect();
    assert_eq!(
        found,
        [
            "kube/required-labels /spec/template/metadata/labels/team",
            "kube/required-labels /spec/template/metadata/labels/team",
        ]
    );
}

#[test]
fn helm_rendered_chart_gives_its_known_findings() {
    let report = check_kube(
        vec![("helm-rendered.yaml".into(), read("helm-rendered.yaml"))],
        &Policy::default(),
    );
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let expected: Vec<String> = read("helm-rendered.expected")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect();
    assert_eq!(summary(&report), expected);

    // Every finding names the Helm template it came from, and its object.
    for f in &report.findings {
        let source = f.location.source.as_deref().unwrap_or_default();
        let kind = &f.object.as_ref().unwrap().kind;
        let template = match kind.as_str() {
            "ConfigMap" => "shop/templates/configmap.yaml",
            "Service" => "shop/templates/service.yaml",
            "Deployment" => "shop/templates/deployment.yaml",
            "Ingress" => "shop/templates/ingress.yaml",
            "CronJob" => "shop/templates/cronjob.yaml",
            other => panic!("unexpected finding on {other}"),
        };
        assert_eq!(source, template, "{}", f.message);
    }
    // The Helm test hook (a bare Pod with `busybox`) is not deployed, so not judged.
    assert!(report
        .findings
        .iter()
        .all(|f| f.object.as_ref().unwrap().kind != "Pod"));
}

#[test]
fn unknown_kinds_and_crds_are_skipped_silently() {
    let text = "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec:\n  size: 3\n---\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.example.com}\n---\n\n---\nkind: NoApiVersion\n";
    let report = check_kube(vec![("crds.yaml".into(), text.into())], &Policy::default());
    assert!(report.errors.is_empty());
    assert!(
        report.findings.is_empty(),
        "{}",
        summary(&report).join("\n")
    );
}

#[test]
fn wrongly_typed_fields_never_panic() {
    // Every field a rule reads, with the wrong type: rules must skip or report, never panic.
    let text = r#"
apiVersion: apps/v1
kind: Deployment
metadata: {name: 3, namespace: [x], labels: 7, annotations: "a"}
spec:
  replicas: "two"
  selector: [1]
  template:
    metadata: {labels: [app], annotations: {prometheus.io/scrape: true}}
    spec:
      automountServiceAccountToken: "no"
      terminationGracePeriodSeconds: zero
      hostNetwork: "yes"
      securityContext: [1, 2]
      topologySpreadConstraints: {a: b}
      volumes: [{name: v, hostPath: 5}, {configMap: {name: 9}}, {secret: "s"}, 4]
      initContainers: "none"
      containers:
        - name: [c]
          image: 42
          command: {sh: -c}
          args: [1, 2]
          ports: [{containerPort: "80", hostPort: [1]}, 8080]
          env: [{name: 1, value: 2}, {valueFrom: [1]}, "X=1"]
          envFrom: [{configMapRef: "cm"}]
          securityContext: {capabilities: {drop: "ALL", add: {a: 1}}, seccompProfile: "RuntimeDefault", runAsUser: "0"}
          resources: {requests: [cpu], limits: 1}
          livenessProbe: {initialDelaySeconds: "999"}
        - "not a container"
---
apiVersion: v1
kind: Service
metadata: {name: s}
spec: {type: [NodePort], selector: {app: 1}, ports: "80"}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: i}
spec: {tls: "yes", rules: [{host: 5, http: {paths: [{backend: {service: {name: [x], port: 80}}}]}}]}
---
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: a}
spec: {source: "git", sources: 5, syncPolicy: {automated: true}}
---
apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: {name: b}
spec: {template: []}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: p}
spec: {selector: {matchExpressions: [{key: app, operator: In, values: 3}, 1]}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: h}
spec: {scaleTargetRef: [], minReplicas: "2"}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: c}
data: {1: 2, password: [x], conf: "password"}
---
apiVersion: v1
kind: Secret
metadata: {name: x}
data: []
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: pvc, annotations: {cct.io/stateful-justification: 3}}
spec: {resources: {requests: {storage: [1]}}}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: cj}
spec: {successfulJobsHistoryLimit: [5], jobTemplate: 3}
---
apiVersion: v1
kind: List
items: [1, {apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {containers: {a: b}}}]
"#;
    let report = check_kube(vec![("weird.yaml".into(), text.into())], &Policy::default());
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert!(!report.findings.is_empty());
    for f in &report.findings {
        assert!(f.location.line > 0 && f.location.column > 0, "{f:?}");
    }
}

#[test]
fn docs_list_every_kube_rule() {
    let docs =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/kube.md"))
            .unwrap();
    for id in cct_core::kube::rule_ids() {
        assert!(
            docs.contains(&format!("| `{id}` |")),
            "docs/kube.md does not list {id} in its rule table"
        );
    }
}
