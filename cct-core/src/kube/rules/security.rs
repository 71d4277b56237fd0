//! Rootless containers (EX32): non-root users and unprivileged ports.

use crate::document::Node;
use crate::kube::{Container, KubeSet, Workload};
use crate::sink::Sink;

/// The effective value of a security-context field: the container's, else the pod's.
fn effective<'a>(w: &Workload<'_, 'a>, c: &Container<'a>, field: &str) -> Option<(&'a Node, String)> {
    c.node
        .get_path(&["securityContext", field])
        .map(|n| (n, format!("{}/securityContext/{field}", c.ptr)))
        .or_else(|| {
            w.pod_spec
                .get_path(&["securityContext", field])
                .map(|n| (n, format!("{}/securityContext/{field}", w.pod_spec_ptr)))
        })
}

/// `kube/run-as-non-root`: every container runs with `runAsNonRoot: true` and no `runAsUser: 0`.
pub fn run_as_non_root(set: &KubeSet<'_>, sink: &mut Sink<'_>) {
    const RULE: &str = "kube/run-as-non-root";
    for w in set.workloads() {
        let o = w.object;
        for c in w.containers() {
            if let Some((node, ptr)) = effective(&w, &c, "runAsUser") {
                if node.as_i64() == Some(0) {
                    sink.report(
                        RULE,
                        o.at(&ptr, node),
                        Some(o.object_ref()),
                        format!("{} of {} runs as root (`runAsUser: 0`); the platform blocks root containers at launch", c.display(), o.display()),
                        Some("Set `runAsUser` to a non-zero UID (e.g. 10001) that the image owns, and `runAsNonRoot: true`.".into()),
                    );
                    continue;
                }
            }
            match effective(&w, &c, "runAsNonRoot") {
                Some((node, _)) if node.as_bool() == Some(true) => {}
                Some((node, ptr)) => sink.report(
                    RULE,
                    o.at(&ptr, node),
                    Some(o.object_ref()),
                    format!("{} of {} sets `runAsNonRoot` to `{}`; containers must run as a non-root user", c.display(), o.display(), node.scalar_text().unwrap_or_default()),
                    None,
                ),
                None => sink.report(
                    RULE,
                    o.locate(&format!("{}/securityContext/runAsNonRoot", c.ptr)),
                    Some(o.object_ref()),
                    format!("{} of {} does not set `runAsNonRoot: true` (in its own or the pod's securityContext); nothing stops it from running as root", c.display(), o.display()),
                    None,
                ),
            }
        }
    }
}

/// `kube/container-port-above-1024`: internal ports are above 1024.
pub fn container_port_above_1024(set: &KubeSet<'_>, sink: &mut Sink<'_>) {
    const RULE: &str = "kube/container-port-above-1024";
    for w in set.workloads() {
        let o = w.object;
        for c in w.containers() {
            for (i, port) in c.node.get("ports").map(Node::items).unwrap_or(&[]).iter().enumerate() {
                let Some(number) = port.get("containerPort") else { continue };
                if number.as_i64().is_some_and(|p| p <= 1024) {
                    sink.report(
                        RULE,
                        o.at(&format!("{}/ports/{i}/containerPort", c.ptr), number),
                        Some(o.object_ref()),
                        format!("{} of {} listens on port {}; ports up to 1024 need root privileges", c.display(), o.display(), number.as_i64().unwrap_or_default()),
                        None,
                    );
                }
            }
        }
    }
}

/// `kube/no-host-port`: no container binds a port of the node.
pub fn no_host_port(set: &KubeSet<'_>, sink: &mut Sink<'_>) {
    const RULE: &str = "kube/no-host-port";
    for w in set.workloads() {
        let o = w.object;
        for c in w.containers() {
            for (i, port) in c.node.get("ports").map(Node::items).unwrap_or(&[]).iter().enumerate() {
                let Some(host) = port.get("hostPort") else { continue };
                if host.as_i64().is_some_and(|p| p != 0) {
                    sink.report(
                        RULE,
                        o.at(&format!("{}/ports/{i}/hostPort", c.ptr), host),
                        Some(o.object_ref()),
                        format!("{} of {} binds host port {}; pods must not reach into the node's network", c.display(), o.display(), host.as_i64().unwrap_or_default()),
                        None,
                    );
                }
            }
        }
    }
}
