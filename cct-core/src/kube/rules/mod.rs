//! The Kubernetes rules, one family per module. Their metadata is in `rules/catalog/kube.yaml`.

mod availability;
mod gitops;
mod images;
mod lifecycle;
mod metadata;
mod network;
mod observability;
mod probes;
mod references;
mod resources;
mod secret_values;
mod secrets;
mod security;
mod state;
mod versions;

use super::{KubeSet, Object};
use crate::report::Location;
use crate::sink::{rule_table, RuleSink};

/// A rule implemented in code.
pub struct KubeRule {
    /// The rule id, as in the catalog.
    pub id: &'static str,
    /// The check; its sink reports under `id` only.
    pub check: fn(&KubeSet<'_>, &mut RuleSink<'_, '_>),
}

/// Reports a finding about object `o`.
fn emit(sink: &mut RuleSink<'_, '_>, o: &Object<'_>, location: Location, message: String) {
    sink.about(o, location, message, None);
}

/// Reports a finding about object `o` at `info`: the rule cannot confirm it from the set alone.
fn emit_info(sink: &mut RuleSink<'_, '_>, o: &Object<'_>, location: Location, message: String) {
    sink.report_info(location, Some(o.object_ref()), message);
}

/// A value for messages: a string quoted, another scalar in backticks (`` `true` ``), else its type (`a sequence`).
fn describe(node: &crate::document::Node) -> String {
    match (node.as_str(), node.scalar_text()) {
        (Some(text), _) => format!("the string `\"{text}\"`"),
        (None, Some(text)) => format!("`{text}`"),
        (None, None) => node.type_name().to_owned(),
    }
}

rule_table! { KubeRule {
    // security.rs (EX32, EX49)
    "kube/run-as-non-root" => security::run_as_non_root,
    "kube/security-context-defaults" => security::security_context_defaults,
    "kube/no-privilege-escalation" => security::no_privilege_escalation,
    "kube/no-privileged" => security::no_privileged,
    "kube/drop-all-capabilities" => security::drop_all_capabilities,
    "kube/no-dangerous-capabilities" => security::no_dangerous_capabilities,
    "kube/seccomp-profile" => security::seccomp_profile,
    "kube/no-host-namespaces" => security::no_host_namespaces,
    "kube/read-only-root-filesystem" => security::read_only_root_filesystem,
    "kube/automount-service-account-token" => security::automount_service_account_token,
    "kube/container-port-above-1024" => security::container_port_above_1024,
    "kube/no-host-port" => security::no_host_port,
    "kube/no-imposed-security-context" => security::no_imposed_security_context,
    // probes.rs (EX25, EX51)
    "kube/liveness-probe" => probes::liveness_probe,
    "kube/readiness-probe" => probes::readiness_probe,
    "kube/startup-probe" => probes::startup_probe,
    // observability.rs (EX25, EX55)
    "kube/metrics-exposed" => observability::metrics_exposed,
    // resources.rs (EX26)
    "kube/requests-and-limits" => resources::requests_and_limits,
    "kube/pvc-size-limit" => resources::pvc_size_limit,
    "kube/job-history-limits" => resources::job_history_limits,
    // secrets.rs (EX47, EX36)
    "kube/no-secret-in-env" => secrets::no_secret_in_env,
    "kube/no-plaintext-secret" => secrets::no_plaintext_secret,
    "kube/no-credentials-in-configmap" => secrets::no_credentials_in_configmap,
    "kube/no-hardcoded-endpoint" => secrets::no_hardcoded_endpoint,
    // state.rs (EX49, EX28, DX-5.3, béta EXI-ARCH-5, EXI-ARCH-6)
    "kube/no-host-path" => state::no_host_path,
    "kube/stateful-justification" => state::stateful_justification,
    "kube/tmp-writable" => state::tmp_writable,
    // lifecycle.rs (EX50)
    "kube/termination-grace-period" => lifecycle::termination_grace_period,
    "kube/shell-exec" => lifecycle::shell_exec,
    // availability.rs (EX19, DX-3.2-b, DX-5.1-b)
    "kube/replicas" => availability::replicas,
    "kube/pod-disruption-budget" => availability::pod_disruption_budget,
    "kube/spread" => availability::spread,
    // images.rs (EX34, EX29)
    "kube/image-tag" => images::image_tag,
    "kube/image-digest" => images::image_digest,
    "kube/allowed-registries" => images::allowed_registries,
    "kube/image-pull-policy" => images::image_pull_policy,
    // network.rs (EX43, DX-6.2.2)
    "kube/network-policy" => network::network_policy,
    "kube/default-deny-network-policy" => network::default_deny_network_policy,
    "kube/ingress-tls" => network::ingress_tls,
    "kube/no-node-port" => network::no_node_port,
    "kube/no-session-affinity" => network::no_session_affinity,
    // gitops.rs (EX14)
    "kube/argocd-automated-sync" => gitops::argocd_automated_sync,
    "kube/argocd-git-source" => gitops::argocd_git_source,
    "kube/argocd-pinned-revision" => gitops::argocd_pinned_revision,
    // references.rs (EX19, DX-5.1-b, EX47)
    "kube/service-selector-matches" => references::service_selector_matches,
    "kube/ingress-backend-exists" => references::ingress_backend_exists,
    "kube/scale-target-exists" => references::scale_target_exists,
    "kube/pdb-selector-matches" => references::pdb_selector_matches,
    "kube/config-reference-exists" => references::config_reference_exists,
    // metadata.rs (EX25, EX36, DX-5.1-b)
    "kube/required-labels" => metadata::required_labels,
    "kube/bare-pod" => metadata::bare_pod,
    // versions.rs (EX16)
    "kube/no-removed-api-version" => versions::no_removed_api_version,
}}
