//! Network flows (EX43, DX-6.2.2): filtered by NetworkPolicies, encrypted at the edge,
//! and not exposed on the nodes.

use crate::document::Node;
use crate::kube::{KubeSet, Object};
use crate::locate::Locate;
use crate::sink::RuleSink;

/// A namespace for messages (`namespace \`shop\``, or the one objects without a namespace go to).
fn ns_label(ns: &str) -> String {
    if ns.is_empty() {
        "the namespace of objects without `metadata.namespace`".to_owned()
    } else if ns.ends_with(['/', '\\']) {
        format!("the namespace of the objects of `{ns}` without `metadata.namespace`")
    } else {
        format!("namespace `{ns}`")
    }
}

/// `kube/network-policy`: every namespace holding workloads has a NetworkPolicy.
pub fn network_policy(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    for (ns, workloads) in set.workload_namespaces() {
        if set.in_namespace("NetworkPolicy", ns).next().is_some() {
            continue;
        }
        // The first in file order, not input order: reports do not depend on the order of the inputs.
        let Some(first) = workloads.iter().min_by_key(|w| {
            (
                w.object.path,
                w.object.node.pos.line,
                w.object.node.pos.column,
            )
        }) else {
            continue;
        };
        let o = first.object;
        sink.about(o, o.locate("/metadata/namespace"), format!("{} runs {} workload(s) (first: {}) but the set holds no NetworkPolicy for it: every pod accepts traffic from anywhere", ns_label(ns), workloads.len(), o.display()), None);
    }
}

/// Whether a NetworkPolicy denies all ingress to every pod of its namespace.
fn denies_by_default(policy: &Object<'_>) -> bool {
    let spec = policy.node.get("spec");
    let all_pods = spec.and_then(|s| s.get("podSelector")).is_none_or(|p| {
        p.is_null()
            || p.entries()
                .iter()
                .all(|(_, v)| v.entries().is_empty() && v.items().is_empty())
    });
    let types: Vec<&str> = spec
        .and_then(|s| s.get("policyTypes"))
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .filter_map(Node::as_str)
        .collect();
    let ingress_rules = spec
        .and_then(|s| s.get("ingress"))
        .map(Node::items)
        .unwrap_or(&[]);
    let covers_ingress = types.is_empty() || types.contains(&"Ingress");
    all_pods && covers_ingress && ingress_rules.is_empty()
}

/// `kube/default-deny-network-policy`: namespaces with NetworkPolicies also deny ingress by default.
pub fn default_deny_network_policy(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    for (ns, _) in set.workload_namespaces() {
        let mut policies = set.in_namespace("NetworkPolicy", ns).peekable();
        let Some(first) = policies.peek().copied() else {
            continue;
        };
        if policies.any(|p| denies_by_default(p)) {
            continue;
        }
        sink.about(first, first.locate("/spec/podSelector"), format!("no NetworkPolicy of {} denies ingress by default (empty `podSelector`, no `ingress` rule); pods not selected by {} accept any traffic", ns_label(ns), first.display()), None);
    }
}

/// `kube/ingress-tls`: every Ingress host (and OpenShift Route) is served over TLS.
pub fn ingress_tls(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    for o in set.of_kind("Ingress") {
        let Some(tls) = o
            .node
            .get_path(&["spec", "tls"])
            .filter(|t| !t.items().is_empty())
        else {
            sink.about(
                o,
                o.locate("/spec/tls"),
                format!(
                    "{} has no `tls` section: its traffic leaves the cluster unencrypted",
                    o.display()
                ),
                None,
            );
            continue;
        };
        let covered: Vec<&str> = tls
            .items()
            .iter()
            .flat_map(|t| t.get("hosts").map(Node::items).unwrap_or(&[]))
            .filter_map(Node::as_str)
            .collect();
        for (i, rule) in o
            .node
            .get_path(&["spec", "rules"])
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            let Some(host_node) = rule.get("host") else {
                continue;
            };
            let Some(host) = host_node.as_str() else {
                continue;
            };
            let wildcard_match = |pattern: &str| {
                pattern.strip_prefix("*.").is_some_and(|suffix| {
                    host.split_once('.').is_some_and(|(_, rest)| rest == suffix)
                })
            };
            if !covered.iter().any(|c| *c == host || wildcard_match(c)) {
                sink.about(o, o.at(&format!("/spec/rules/{i}/host"), host_node), format!("host `{host}` of {} is not listed in any `tls` entry: it is served without TLS", o.display()), None);
            }
        }
    }
    for o in set.of_kind("Route") {
        if o.node.get_path(&["spec", "tls"]).is_none() {
            sink.about(
                o,
                o.locate("/spec/tls"),
                format!(
                    "{} has no `tls` section: its traffic leaves the cluster unencrypted",
                    o.display()
                ),
                None,
            );
        }
    }
}

/// `kube/no-node-port`: no Service is exposed on a port of every node.
pub fn no_node_port(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    for o in set.of_kind("Service") {
        let Some(kind) = o.node.get_path(&["spec", "type"]) else {
            continue;
        };
        if kind.as_str() == Some("NodePort") {
            sink.about(o, o.at("/spec/type", kind), format!("{} is of type `NodePort`: it opens a port on every node, around the ingress and its TLS", o.display()), None);
        }
    }
}

/// Ingress-controller annotations that pin a client to one pod, by the kinds that carry them.
/// A value of `false` (or, for OpenShift's `balance`, anything but `source`) turns none on.
const STICKY_ANNOTATIONS: &[(&str, &str)] = &[
    ("Ingress", "nginx.ingress.kubernetes.io/affinity"),
    ("Ingress", "traefik.ingress.kubernetes.io/affinity"),
    (
        "Service",
        "traefik.ingress.kubernetes.io/service.sticky.cookie",
    ),
    ("Route", "haproxy.router.openshift.io/balance"),
];

/// `kube/no-session-affinity` (EXI-ARCH-19): no Service with `sessionAffinity: ClientIP`, no
/// sticky-session annotation on an Ingress, Service or OpenShift Route.
pub fn no_session_affinity(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    for o in set.of_kind("Service") {
        if let Some(node) = o.node.get_path(&["spec", "sessionAffinity"]) {
            if node.as_str() == Some("ClientIP") {
                sink.about(o, o.at("/spec/sessionAffinity", node), format!("{} sets `sessionAffinity: ClientIP`: each client is tied to one pod, so restarting or moving that pod breaks its sessions", o.display()), None);
            }
        }
    }
    for (kind, key) in STICKY_ANNOTATIONS {
        for o in set.of_kind(kind) {
            let Some(node) = o.node.get_path(&["metadata", "annotations", key]) else {
                continue;
            };
            let value = node.scalar_text().unwrap_or_default();
            let sticky = if key.ends_with("/balance") {
                value == "source"
            } else {
                !value.eq_ignore_ascii_case("false")
            };
            if sticky {
                let ptr = crate::document::pointer_join("/metadata/annotations", key);
                sink.about(o, o.at(&ptr, node), format!("{} turns on sticky sessions (`{key}: {value}`): each client is tied to one pod, so restarting or moving that pod breaks its sessions", o.display()), None);
            }
        }
    }
}
