//! Realistic multi-object manifests: a compliant application yields no finding,
//! a Helm-rendered chart yields exactly its known findings, and objects are
//! evaluated as one set across files.

use std::path::{Path, PathBuf};

use cct_core::report::RequirementState;
use cct_core::{check, ArtefactKind, Input, Policy, Report};

fn realistic(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/kube/realistic").join(name)
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
        .map(|f| format!("{} {}:{} {}", f.rule, f.location.line, f.location.column, f.location.pointer))
        .collect()
}

#[test]
fn compliant_application_has_no_finding() {
    let report = check_kube(vec![("compliant.yaml".into(), read("compliant.yaml"))], &Policy::default());
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert!(report.findings.is_empty(), "unexpected findings:\n{}", summary(&report).join("\n"));
    for id in ["EX14", "EX19", "EX25", "EX26", "EX32", "EX34", "EX43", "EX47", "EX49", "EX50", "DX-5.1-b", "DX-6.2.2"] {
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
    assert!(report.findings.is_empty(), "unexpected findings:\n{}", summary(&report).join("\n"));

    // Without the PodDisruptionBudgets and NetworkPolicies, the cross-object rules fire.
    let without: Vec<(String, String)> = files
        .into_iter()
        .filter(|(_, doc)| !doc.contains("kind: PodDisruptionBudget") && !doc.contains("kind: NetworkPolicy"))
        .collect();
    let report = check_kube(without, &Policy::default());
    let rules: Vec<&str> = report.findings.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(rules, ["kube/network-policy", "kube/pod-disruption-budget", "kube/pod-disruption-budget"]);
}

#[test]
fn allowed_registries_come_from_settings() {
    let mut policy = Policy::default();
    policy.settings.allowed_registries = vec!["harbor.example.fr/shop/".into()];
    let report = check_kube(vec![("compliant.yaml".into(), read("compliant.yaml"))], &policy);
    assert!(report.findings.is_empty(), "{}", summary(&report).join("\n"));

    policy.settings.allowed_registries = vec!["registry.interieur.gouv.fr".into()];
    let report = check_kube(vec![("compliant.yaml".into(), read("compliant.yaml"))], &policy);
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
    let report = check_kube(vec![("compliant.yaml".into(), read("compliant.yaml"))], &policy);
    let found: Vec<String> = report.findings.iter().map(|f| format!("{} {}", f.rule, f.location.pointer)).collect();
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
    let report = check_kube(vec![("helm-rendered.yaml".into(), read("helm-rendered.yaml"))], &Policy::default());
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
    assert!(report.findings.iter().all(|f| f.object.as_ref().unwrap().kind != "Pod"));
}

#[test]
fn unknown_kinds_and_crds_are_skipped_silently() {
    let text = "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec:\n  size: 3\n---\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.example.com}\n---\n\n---\nkind: NoApiVersion\n";
    let report = check_kube(vec![("crds.yaml".into(), text.into())], &Policy::default());
    assert!(report.errors.is_empty());
    assert!(report.findings.is_empty(), "{}", summary(&report).join("\n"));
}
