//! The `cloud-pi-native` profile fails where the platform refuses (its
//! `validate` Kyverno policies are errors, whatever the requirement level)
//! and only warns where the platform mutates.

use cct_core::{check, Input, Policy, Severity};

fn severities(policy: &Policy, text: &str, rule: &str) -> Vec<Severity> {
    check(&[Input::text("m.yaml", text)], policy)
        .findings
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| f.severity)
        .collect()
}

const NODE_PORT: &str = "apiVersion: v1\nkind: Service\nmetadata: {name: web, labels: {app: web, env: prod, tier: front}}\nspec:\n  type: NodePort\n  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]\n";

const NO_RESOURCES: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    metadata: {labels: {app: web, env: prod, tier: front}}\n    spec:\n      containers:\n        - name: web\n          image: docker.io/library/nginx:1.27.0\n";

#[test]
fn refused_by_the_platform_is_an_error_in_the_profile() {
    let platform = Policy::from_profile("cloud-pi-native").unwrap();
    let default = Policy::default();
    assert_eq!(
        severities(&default, NODE_PORT, "kube/no-node-port"),
        [Severity::Warning]
    );
    assert_eq!(
        severities(&platform, NODE_PORT, "kube/no-node-port"),
        [Severity::Error]
    );
    assert_eq!(
        severities(&default, NO_RESOURCES, "kube/requests-and-limits")[0],
        Severity::Warning
    );
    assert_eq!(
        severities(&platform, NO_RESOURCES, "kube/requests-and-limits")[0],
        Severity::Error
    );
}

#[test]
fn mutated_by_the_platform_stays_a_warning() {
    let platform = Policy::from_profile("cloud-pi-native").unwrap();
    let found = severities(&platform, NO_RESOURCES, "kube/security-context-defaults");
    assert!(!found.is_empty());
    assert!(found.iter().all(|s| *s == Severity::Warning));
}

#[test]
fn registries_come_from_the_profile() {
    let platform = Policy::from_profile("cloud-pi-native").unwrap();
    let text = NO_RESOURCES.replace(
        "docker.io/library/nginx:1.27.0",
        "registry.example.org/nginx:1.27.0",
    );
    assert_eq!(
        severities(&platform, &text, "kube/allowed-registries"),
        [Severity::Error]
    );
    assert!(severities(&platform, NO_RESOURCES, "kube/allowed-registries").is_empty());
}
