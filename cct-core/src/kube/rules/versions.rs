//! API versions (EX16): objects are written in versions the API server still serves.

use crate::kube::KubeSet;
use crate::sink::RuleSink;

/// The group versions Kubernetes stopped serving, with the kinds they held and the version
/// that replaced them (the Kubernetes deprecated API migration guide, 1.16 to 1.26).
const REMOVED: &[(&str, &[&str], &str)] = &[
    (
        "extensions/v1beta1",
        &["Deployment", "DaemonSet", "ReplicaSet", "StatefulSet"],
        "apps/v1",
    ),
    ("extensions/v1beta1", &["Ingress"], "networking.k8s.io/v1"),
    (
        "extensions/v1beta1",
        &["NetworkPolicy"],
        "networking.k8s.io/v1",
    ),
    (
        "extensions/v1beta1",
        &["PodSecurityPolicy"],
        "Pod Security admission (no replacement object)",
    ),
    (
        "apps/v1beta1",
        &[
            "Deployment",
            "StatefulSet",
            "ReplicaSet",
            "DaemonSet",
            "ControllerRevision",
        ],
        "apps/v1",
    ),
    (
        "apps/v1beta2",
        &[
            "Deployment",
            "StatefulSet",
            "ReplicaSet",
            "DaemonSet",
            "ControllerRevision",
        ],
        "apps/v1",
    ),
    (
        "networking.k8s.io/v1beta1",
        &["Ingress", "IngressClass"],
        "networking.k8s.io/v1",
    ),
    ("policy/v1beta1", &["PodDisruptionBudget"], "policy/v1"),
    (
        "policy/v1beta1",
        &["PodSecurityPolicy"],
        "Pod Security admission (no replacement object)",
    ),
    ("batch/v1beta1", &["CronJob"], "batch/v1"),
    (
        "autoscaling/v2beta1",
        &["HorizontalPodAutoscaler"],
        "autoscaling/v2",
    ),
    (
        "autoscaling/v2beta2",
        &["HorizontalPodAutoscaler"],
        "autoscaling/v2",
    ),
    (
        "rbac.authorization.k8s.io/v1beta1",
        &["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"],
        "rbac.authorization.k8s.io/v1",
    ),
    (
        "admissionregistration.k8s.io/v1beta1",
        &[
            "MutatingWebhookConfiguration",
            "ValidatingWebhookConfiguration",
        ],
        "admissionregistration.k8s.io/v1",
    ),
    (
        "apiextensions.k8s.io/v1beta1",
        &["CustomResourceDefinition"],
        "apiextensions.k8s.io/v1",
    ),
    (
        "storage.k8s.io/v1beta1",
        &["StorageClass", "VolumeAttachment", "CSIDriver", "CSINode"],
        "storage.k8s.io/v1",
    ),
    (
        "scheduling.k8s.io/v1beta1",
        &["PriorityClass"],
        "scheduling.k8s.io/v1",
    ),
    (
        "coordination.k8s.io/v1beta1",
        &["Lease"],
        "coordination.k8s.io/v1",
    ),
    (
        "discovery.k8s.io/v1beta1",
        &["EndpointSlice"],
        "discovery.k8s.io/v1",
    ),
    ("events.k8s.io/v1beta1", &["Event"], "events.k8s.io/v1"),
];

/// `kube/no-removed-api-version`: no object uses an API version Kubernetes no longer serves.
pub fn no_removed_api_version(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    for o in &set.objects {
        let Some((_, _, replacement)) = REMOVED
            .iter()
            .find(|(version, kinds, _)| *version == o.api_version && kinds.contains(&o.kind))
        else {
            continue;
        };
        let Some(node) = o.node.get("apiVersion") else {
            continue;
        };
        sink.about(
            o,
            o.at("/apiVersion", node),
            format!(
                "{} uses `apiVersion: {}`, which current Kubernetes no longer serves: the API server refuses it (use {replacement})",
                o.display(),
                o.api_version
            ),
            None,
        );
    }
}
