//! Rootless, hardened containers (EX32, EX49): non-root users, unprivileged ports,
//! no privilege escalation, minimal capabilities, seccomp, read-only root filesystem,
//! no host namespaces, and no service-account token unless needed.

use std::collections::BTreeSet;

use crate::document::{pointer_join, Node};
use crate::kube::{namespace_of, Container, KubeSet, Workload};
use crate::locate::Locate;
use crate::sink::RuleSink;

/// Capabilities a container may add: the Pod Security "restricted" profile allows only this one.
const ALLOWED_ADDED_CAPABILITIES: &[&str] = &["NET_BIND_SERVICE"];

/// Where a security-context field was found.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Container,
    Pod,
}

/// A security-context field found on the container or the pod; its pointer is built only when reported.
#[derive(Clone, Copy)]
struct Field<'a> {
    node: &'a Node,
    level: Level,
    name: &'static str,
}

impl Field<'_> {
    fn ptr(&self, w: &Workload<'_, '_>, c: &Container<'_>) -> String {
        match self.level {
            Level::Container => format!("{}/securityContext/{}", c.ptr, self.name),
            Level::Pod => format!("{}/securityContext/{}", w.pod_spec_ptr, self.name),
        }
    }
}

/// The effective value of a security-context field: the container's, else the pod's.
fn effective<'a>(w: &Workload<'_, 'a>, c: &Container<'a>, name: &'static str) -> Option<Field<'a>> {
    own(c, name).or_else(|| {
        w.pod_spec
            .get_path(&["securityContext", name])
            .map(|node| Field {
                node,
                level: Level::Pod,
                name,
            })
    })
}

/// A field of the container's own securityContext.
fn own<'a>(c: &Container<'a>, name: &'static str) -> Option<Field<'a>> {
    c.node
        .get_path(&["securityContext", name])
        .map(|node| Field {
            node,
            level: Level::Container,
            name,
        })
}

/// `kube/run-as-non-root`: no container is declared to run as root (`runAsUser: 0`, `runAsNonRoot: false`).
pub fn run_as_non_root(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    for w in set.workloads() {
        let o = w.object;
        let mut seen = BTreeSet::new();
        for c in w.containers() {
            if let Some(f) = effective(&w, c, "runAsUser").filter(|f| f.node.as_i64() == Some(0)) {
                let ptr = f.ptr(&w, c);
                if seen.insert(ptr.clone()) {
                    sink.about(o, o.at(&ptr, f.node), format!("{} of {} runs as root (`runAsUser: 0`); the platform blocks root containers at launch", c.display(), o.display()), None);
                }
                continue;
            }
            if let Some(f) =
                effective(&w, c, "runAsNonRoot").filter(|f| f.node.as_bool() != Some(true))
            {
                let (node, ptr) = (f.node, f.ptr(&w, c));
                if seen.insert(ptr.clone()) {
                    sink.about(o, o.at(&ptr, node), format!("{} of {} sets `runAsNonRoot` to `{}`; containers must run as a non-root user", c.display(), o.display(), node.scalar_text().unwrap_or_default()), None);
                }
            }
        }
    }
}

/// `kube/security-context-defaults`: the hardening fields are declared, not left to the cluster.
pub fn security_context_defaults(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    for w in set.workloads() {
        let o = w.object;
        for c in w.containers() {
            let root_uid =
                effective(&w, c, "runAsUser").is_some_and(|f| f.node.as_i64() == Some(0));
            if effective(&w, c, "runAsNonRoot").is_none() && !root_uid {
                sink.about(o, o.locate(&format!("{}/securityContext/runAsNonRoot", c.ptr)), format!("{} of {} does not set `runAsNonRoot`: declare `runAsNonRoot: true` so the manifest says the pod runs without root (only OpenShift's restricted SCC enforces it for you; the platform's own mutations cover only its own namespaces)", c.display(), o.display()), None);
            }
            if own(c, "allowPrivilegeEscalation").is_none()
                && own(c, "privileged").is_none_or(|f| f.node.as_bool() != Some(true))
            {
                sink.about(o, o.locate(&format!("{}/securityContext/allowPrivilegeEscalation", c.ptr)), format!("{} of {} does not set `allowPrivilegeEscalation`: declare `allowPrivilegeEscalation: false` (only OpenShift's restricted SCC sets it for you)", c.display(), o.display()), None);
            }
            if c.node
                .get_path(&["securityContext", "capabilities", "drop"])
                .is_none()
            {
                sink.about(o, o.locate(&format!("{}/securityContext/capabilities/drop", c.ptr)), format!("{} of {} does not drop capabilities: declare `capabilities.drop: [ALL]` (only OpenShift's restricted SCC drops them for you)", c.display(), o.display()), None);
            }
            if effective(&w, c, "seccompProfile").is_none() {
                sink.about(o, o.locate(&format!("{}/securityContext/seccompProfile", c.ptr)), format!("{} of {} sets no seccomp profile: declare `seccompProfile.type: RuntimeDefault` (only OpenShift's restricted SCC sets it for you)", c.display(), o.display()), None);
            }
        }
    }
}

/// `kube/no-privilege-escalation`: no container sets `allowPrivilegeEscalation: true`.
pub fn no_privilege_escalation(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    for w in set.workloads() {
        let o = w.object;
        for c in w.containers() {
            if let Some(f) = own(c, "allowPrivilegeEscalation") {
                let node = f.node;
                if node.as_bool() != Some(false) {
                    sink.about(o, o.at(&f.ptr(&w, c), node), format!("{} of {} sets `allowPrivilegeEscalation: {}`; a process could gain more privileges than its parent (setuid binaries)", c.display(), o.display(), node.scalar_text().unwrap_or_default()), None);
                }
            }
        }
    }
}

/// `kube/no-privileged`: no container runs privileged.
pub fn no_privileged(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    for w in set.workloads() {
        let o = w.object;
        for c in w.containers() {
            if let Some(f) = own(c, "privileged") {
                let node = f.node;
                if node.as_bool() == Some(true) {
                    sink.about(o, o.at(&f.ptr(&w, c), node), format!("{} of {} is privileged (`privileged: true`): it holds every capability and sees the node's devices", c.display(), o.display()), None);
                }
            }
        }
    }
}

/// `kube/drop-all-capabilities`: a declared `capabilities.drop` list contains `ALL`.
pub fn drop_all_capabilities(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    for w in set.workloads() {
        let o = w.object;
        for c in w.containers() {
            let Some(drop) = c
                .node
                .get_path(&["securityContext", "capabilities", "drop"])
            else {
                continue;
            };
            if !drop.is_seq() {
                sink.about(o, o.at(&format!("{}/securityContext/capabilities/drop", c.ptr), drop), format!("{} of {} sets `capabilities.drop` to {}; it must be a list containing `ALL`", c.display(), o.display(), super::describe(drop)), None);
                continue;
            }
            let has_all = drop
                .items()
                .iter()
                .filter_map(Node::as_str)
                .any(|s| s.eq_ignore_ascii_case("ALL"));
            if !has_all {
                let listed: Vec<&str> = drop.items().iter().filter_map(Node::as_str).collect();
                sink.about(o, o.at(&format!("{}/securityContext/capabilities/drop", c.ptr), drop), format!("{} of {} drops only [{}] instead of `ALL`; the other default capabilities stay available", c.display(), o.display(), listed.join(", ")), None);
            }
        }
    }
}

/// `kube/no-dangerous-capabilities`: no container adds a capability other than `NET_BIND_SERVICE`.
pub fn no_dangerous_capabilities(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    for w in set.workloads() {
        let o = w.object;
        for c in w.containers() {
            let Some(add) = c.node.get_path(&["securityContext", "capabilities", "add"]) else {
                continue;
            };
            for (i, cap) in add.items().iter().enumerate() {
                let Some(name) = cap.as_str() else { continue };
                let bare = name.trim_start_matches("CAP_").to_ascii_uppercase();
                if !ALLOWED_ADDED_CAPABILITIES.contains(&bare.as_str()) {
                    sink.about(o, o.at(&format!("{}/securityContext/capabilities/add/{i}", c.ptr), cap), format!("{} of {} adds the capability `{name}`; only `NET_BIND_SERVICE` may be added to a rootless container", c.display(), o.display()), None);
                }
            }
        }
    }
}

/// `kube/seccomp-profile`: no container or pod runs with the `Unconfined` seccomp profile.
pub fn seccomp_profile(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    for w in set.workloads() {
        let o = w.object;
        let mut seen = BTreeSet::new();
        for c in w.containers() {
            let Some(profile) = effective(&w, c, "seccompProfile") else {
                continue;
            };
            let Some(kind) = profile.node.get("type") else {
                continue;
            };
            let value = kind.as_str().unwrap_or_default();
            if !matches!(value, "RuntimeDefault" | "Localhost") {
                let ptr = format!("{}/type", profile.ptr(&w, c));
                if seen.insert(ptr.clone()) {
                    sink.about(o, o.at(&ptr, kind), format!("{} of {} runs with seccomp profile `{}`; use `RuntimeDefault` (or a `Localhost` profile) to filter system calls", c.display(), o.display(), kind.scalar_text().unwrap_or_default()), None);
                }
            }
        }
    }
}

/// `kube/no-host-namespaces`: pods do not share the node's network, PID or IPC namespace.
pub fn no_host_namespaces(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    for w in set.workloads() {
        let o = w.object;
        for field in ["hostNetwork", "hostPID", "hostIPC"] {
            if let Some(node) = w.pod_spec.get(field) {
                if node.as_bool() == Some(true) {
                    sink.about(o, o.at(&pointer_join(w.pod_spec_ptr, field), node), format!("{} sets `{field}: true`: its pods share the node's namespace and escape the container's isolation", o.display()), None);
                }
            }
        }
    }
}

/// `kube/read-only-root-filesystem`: every container sets `readOnlyRootFilesystem: true`.
pub fn read_only_root_filesystem(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    for w in set.workloads() {
        let o = w.object;
        for c in w.containers() {
            match own(c, "readOnlyRootFilesystem") {
                Some(f) if f.node.as_bool() == Some(true) => {}
                Some(f) => sink.about(o, o.at(&f.ptr(&w, c), f.node), format!("{} of {} sets `readOnlyRootFilesystem: {}`; state written to the container's filesystem is lost on restart", c.display(), o.display(), f.node.scalar_text().unwrap_or_default()), None),
                None => sink.about(o, o.locate(&format!("{}/securityContext/readOnlyRootFilesystem", c.ptr)), format!("{} of {} does not set `readOnlyRootFilesystem: true`; it can write state into its own filesystem", c.display(), o.display()), None),
            }
        }
    }
}

/// `kube/automount-service-account-token`: pods do not mount an API token unless they declare they need it.
pub fn automount_service_account_token(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    for w in set.workloads() {
        let o = w.object;
        if w.pod_spec.get("automountServiceAccountToken").is_some() {
            continue; // `false`, or `true` as an explicit declaration that the token is needed
        }
        let account = w
            .pod_spec
            .get("serviceAccountName")
            .or_else(|| w.pod_spec.get("serviceAccount"))
            .and_then(Node::as_str)
            .unwrap_or("default");
        // The ServiceAccount may decide instead: `false`, or `true` as a declaration.
        let account_decides = set
            .find("ServiceAccount", namespace_of(o), account)
            .and_then(|sa| sa.node.get("automountServiceAccountToken"))
            .is_some_and(|n| n.as_bool().is_some());
        if !account_decides {
            sink.about(o, o.locate(&format!("{}/automountServiceAccountToken", w.pod_spec_ptr)), format!("{} mounts the Kubernetes API token of service account `{account}` without declaring it needs it", o.display()), None);
        }
    }
}

/// `kube/container-port-above-1024`: internal ports are above 1024.
pub fn container_port_above_1024(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    for w in set.workloads() {
        let o = w.object;
        for c in w.containers() {
            for (i, port) in c
                .node
                .get("ports")
                .map(Node::items)
                .unwrap_or(&[])
                .iter()
                .enumerate()
            {
                let Some(number) = port.get("containerPort") else {
                    continue;
                };
                if number.as_i64().is_some_and(|p| p <= 1024) {
                    sink.about(
                        o,
                        o.at(&format!("{}/ports/{i}/containerPort", c.ptr), number),
                        format!(
                            "{} of {} listens on port {}; ports up to 1024 need root privileges",
                            c.display(),
                            o.display(),
                            number.as_i64().unwrap_or_default()
                        ),
                        None,
                    );
                }
            }
        }
    }
}

/// `kube/no-host-port`: no container binds a port of the node.
pub fn no_host_port(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    for w in set.workloads() {
        let o = w.object;
        for c in w.containers() {
            for (i, port) in c
                .node
                .get("ports")
                .map(Node::items)
                .unwrap_or(&[])
                .iter()
                .enumerate()
            {
                let Some(host) = port.get("hostPort") else {
                    continue;
                };
                if host.as_i64().is_some_and(|p| p != 0) {
                    sink.about(o, o.at(&format!("{}/ports/{i}/hostPort", c.ptr), host), format!("{} of {} binds host port {}; pods must not reach into the node's network", c.display(), o.display(), host.as_i64().unwrap_or_default()), None);
                }
            }
        }
    }
}

/// Security-context fields that fix the identity a pod runs as; EXI-ARCH-26 forbids imposing them.
const IMPOSED_IDENTITY: &[&str] = &["runAsUser", "runAsGroup", "fsGroup"];

/// `kube/no-imposed-security-context` (EXI-ARCH-26): no `runAsUser`, `runAsGroup` or `fsGroup`
/// in the pod's or a container's securityContext: the platform assigns them.
pub fn no_imposed_security_context(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    for w in set.workloads() {
        let o = w.object;
        for name in IMPOSED_IDENTITY {
            if let Some(node) = w.pod_spec.get_path(&["securityContext", name]) {
                let ptr = format!("{}/securityContext/{name}", w.pod_spec_ptr);
                sink.about(o, o.at(&ptr, node), format!("the pod of {} imposes `{name}: {}`; on OpenShift the platform assigns the pod a user and group from the namespace's range, and a fixed id outside it is refused", o.display(), node.scalar_text().unwrap_or_default()), None);
            }
        }
        for c in w.containers() {
            for name in IMPOSED_IDENTITY.iter().filter(|n| **n != "fsGroup") {
                if let Some(f) = own(c, name) {
                    let ptr = f.ptr(&w, c);
                    sink.about(o, o.at(&ptr, f.node), format!("{} of {} imposes `{name}: {}`; on OpenShift the platform assigns the pod a user and group from the namespace's range, and a fixed id outside it is refused", c.display(), o.display(), f.node.scalar_text().unwrap_or_default()), None);
                }
            }
        }
    }
}
