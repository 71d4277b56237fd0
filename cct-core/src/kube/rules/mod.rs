//! The Kubernetes rules, one family per module. Their metadata is in `rules/catalog/kube.yaml`.

mod security;

use super::KubeSet;
use crate::sink::Sink;

/// A rule implemented in code.
pub struct KubeRule {
    /// The rule id, as in the catalog.
    pub id: &'static str,
    /// The check.
    pub check: fn(&KubeSet<'_>, &mut Sink<'_>),
}

/// Every Kubernetes rule.
pub const ALL: &[KubeRule] = &[
    KubeRule { id: "kube/run-as-non-root", check: security::run_as_non_root },
    KubeRule { id: "kube/container-port-above-1024", check: security::container_port_above_1024 },
    KubeRule { id: "kube/no-host-port", check: security::no_host_port },
];
