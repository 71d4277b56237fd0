//! Cross-object checks stay within one application: objects without a
//! namespace share their folder's, a monitor counts only for the port it
//! scrapes, and a NetworkPolicy covers only its own namespace.

use cct_core::{check, ArtefactKind, Input, Policy, Report};

fn run(files: &[(&str, &str)]) -> Report {
    let inputs: Vec<Input<'_>> = files
        .iter()
        .map(|(p, t)| Input::text(*p, t).with_kind(Some(ArtefactKind::Kube)))
        .collect();
    check(&inputs, &Policy::default())
}

fn rules_at(report: &Report, rule: &str) -> Vec<String> {
    report
        .findings
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| f.location.path.clone())
        .collect()
}

const DEPLOY: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: frontend}\nspec:\n  selector: {matchLabels: {app: frontend}}\n  template:\n    metadata: {labels: {app: frontend}}\n    spec:\n      containers:\n      - name: web\n        image: r.example.fr/web:1.0.0\n        ports: [{name: http, containerPort: 8080}]\n";
const POLICY: &str = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny}\nspec: {podSelector: {}, policyTypes: [Ingress]}\n";

#[test]
fn a_network_policy_covers_only_its_folder() {
    let report = run(&[
        ("a/deploy.yaml", DEPLOY),
        ("a/policy.yaml", POLICY),
        ("b/deploy.yaml", DEPLOY),
    ]);
    assert_eq!(rules_at(&report, "kube/network-policy"), ["b/deploy.yaml"]);
}

#[test]
fn an_explicit_namespace_is_shared_across_folders() {
    let deploy = DEPLOY.replace("{name: frontend}", "{name: frontend, namespace: shop}");
    let policy = POLICY.replace("{name: deny}", "{name: deny, namespace: shop}");
    let report = run(&[("a/deploy.yaml", &deploy), ("b/policy.yaml", &policy)]);
    assert!(rules_at(&report, "kube/network-policy").is_empty());
}

#[test]
fn a_pod_monitor_counts_only_for_the_port_it_scrapes() {
    let monitor = |port: &str| {
        format!("apiVersion: monitoring.coreos.com/v1\nkind: PodMonitor\nmetadata: {{name: m}}\nspec:\n  namespaceSelector: {{any: true}}\n  selector: {{matchLabels: {{app: frontend}}}}\n  podMetricsEndpoints: [{{port: {port}}}]\n")
    };
    let other = monitor("metrics");
    let report = run(&[("a/deploy.yaml", DEPLOY), ("a/monitor.yaml", &other)]);
    assert_eq!(rules_at(&report, "kube/metrics-exposed"), ["a/deploy.yaml"]);
    let right = monitor("http");
    let report = run(&[("a/deploy.yaml", DEPLOY), ("a/monitor.yaml", &right)]);
    assert!(rules_at(&report, "kube/metrics-exposed").is_empty());
}

#[test]
fn a_subfolder_belongs_to_its_parent_application() {
    let report = run(&[("a/deploy.yaml", DEPLOY), ("a/policies/deny.yaml", POLICY)]);
    assert!(rules_at(&report, "kube/network-policy").is_empty());
}

#[test]
fn the_given_namespace_holds_the_objects_without_one() {
    // `a/` has no namespace, `b/policy.yaml` names `shop`: apart by default…
    let policy = POLICY.replace("{name: deny}", "{name: deny, namespace: shop}");
    let files = [
        ("a/deploy.yaml", DEPLOY),
        ("b/policy.yaml", policy.as_str()),
    ];
    assert_eq!(
        rules_at(&run(&files), "kube/network-policy"),
        ["a/deploy.yaml"]
    );
    // …together when the objects without one are applied to `shop` (`--namespace shop`).
    let with = Policy::from_config_str("settings:\n  namespace: shop\n", "cct.yaml").unwrap();
    let inputs: Vec<Input<'_>> = files
        .iter()
        .map(|(p, t)| Input::text(*p, t).with_kind(Some(ArtefactKind::Kube)))
        .collect();
    let report = check(&inputs, &with);
    assert!(rules_at(&report, "kube/network-policy").is_empty());
    // The objects are reported in the namespace they are applied to.
    let other = check(&inputs[..1], &with);
    let finding = other
        .findings
        .iter()
        .find(|f| f.rule == "kube/network-policy")
        .unwrap();
    assert!(finding.message.contains("shop"), "{}", finding.message);
}
