//! Stateless pods (EX49, EX28, DX-5.3): no node storage, state only where justified, and
//! scratch space where a read-only root filesystem needs it (béta EXI-ARCH-5, EXI-ARCH-6).

use crate::document::Node;
use crate::kube::{Container, KubeSet};
use crate::locate::Locate;
use crate::sink::RuleSink;

/// The annotation that justifies a stateful component (DX-5.3).
pub const STATEFUL_JUSTIFICATION: &str = "cct.io/stateful-justification";

/// `kube/no-host-path`: no pod mounts a directory of the node.
pub fn no_host_path(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    for w in set.workloads() {
        let o = w.object;
        for (i, volume) in w
            .pod_spec
            .get("volumes")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            let Some(host) = volume.get("hostPath") else {
                continue;
            };
            let name = volume
                .get("name")
                .and_then(Node::as_str)
                .unwrap_or("<unnamed>");
            let path = host.get("path").and_then(Node::as_str).unwrap_or("?");
            sink.about(o, o.at(&format!("{}/volumes/{i}/hostPath", w.pod_spec_ptr), host), format!("volume `{name}` of {} mounts the node directory `{path}`: data stays on one node and the pod can read or alter the host", o.display()), None);
        }
    }
    for o in set.of_kind("PersistentVolume") {
        if let Some(host) = o.node.get_path(&["spec", "hostPath"]) {
            sink.about(
                o,
                o.at("/spec/hostPath", host),
                format!("{} is backed by a node directory (`hostPath`)", o.display()),
                None,
            );
        }
    }
}

/// `kube/stateful-justification`: a StatefulSet or PersistentVolumeClaim says why it needs state.
pub fn stateful_justification(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    for kind in ["StatefulSet", "PersistentVolumeClaim"] {
        for o in set.of_kind(kind) {
            if o.annotation(STATEFUL_JUSTIFICATION)
                .is_some_and(|j| !j.trim().is_empty())
            {
                continue;
            }
            sink.about(o, o.locate("/metadata/annotations/cct.io~1stateful-justification"), format!("{} keeps state but has no `{STATEFUL_JUSTIFICATION}` annotation saying why a stateless design does not fit", o.display()), None);
        }
    }
}

/// Volume sources Kubernetes always mounts read-only: a mount of one gives no scratch space.
const READ_ONLY_SOURCES: &[&str] = &["configMap", "secret", "downwardAPI", "projected", "image"];

/// `/tmp/` → `/tmp`; the root stays `/`.
fn trim_dir(path: &str) -> &str {
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        "/"
    } else {
        trimmed
    }
}

/// The paths where container `c` mounts a writable volume of `pod_spec`: not `readOnly`, and not a
/// source Kubernetes mounts read-only. A mount of a volume the pod does not declare counts as
/// writable (the pod is refused for it anyway; this rule does not add a second finding).
fn writable_mounts<'a>(pod_spec: &'a Node, c: &Container<'a>) -> Vec<&'a str> {
    let volumes = pod_spec.get("volumes").map(Node::items).unwrap_or(&[]);
    c.node
        .get("volumeMounts")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .filter(|m| m.get("readOnly").and_then(Node::as_bool) != Some(true))
        .filter(|m| {
            let name = m.get("name").and_then(Node::as_str);
            let volume = volumes
                .iter()
                .find(|v| v.get("name").and_then(Node::as_str) == name);
            !volume.is_some_and(|v| READ_ONLY_SOURCES.iter().any(|s| v.get(s).is_some()))
        })
        .filter_map(|m| m.get("mountPath").and_then(Node::as_str))
        .map(trim_dir)
        .collect()
}

/// Whether `path` is `mount` or inside it.
fn under(path: &str, mount: &str) -> bool {
    path == mount || mount == "/" || path.strip_prefix(mount).is_some_and(|r| r.starts_with('/'))
}

/// `kube/tmp-writable`: a container with a read-only root filesystem has a writable volume at
/// `/tmp` (or at the directory its `TMPDIR` names).
pub fn tmp_writable(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    for w in set.workloads() {
        let o = w.object;
        for c in w.containers() {
            let Some(read_only) = c
                .node
                .get_path(&["securityContext", "readOnlyRootFilesystem"])
                .filter(|n| n.as_bool() == Some(true))
            else {
                continue;
            };
            let tmpdir = c
                .node
                .get("env")
                .map(Node::items)
                .unwrap_or(&[])
                .iter()
                .filter(|e| e.get("name").and_then(Node::as_str) == Some("TMPDIR"))
                .find_map(|e| e.get("value").and_then(Node::as_str))
                .map(trim_dir)
                .filter(|p| p.starts_with('/'));
            let scratch = tmpdir.unwrap_or("/tmp");
            let mounts = writable_mounts(w.pod_spec, c);
            if mounts.iter().any(|m| under(scratch, m)) {
                continue;
            }
            let ptr = format!("{}/securityContext/readOnlyRootFilesystem", c.ptr);
            let what = match tmpdir {
                Some(dir) => format!("the directory its `TMPDIR` names (`{dir}`)"),
                None => "`/tmp`".to_owned(),
            };
            sink.about(o, o.at(&ptr, read_only), format!("{} of {} has a read-only root filesystem and no writable volume at {what}: the first temporary file the runtime or the application writes there fails (`Read-only file system`), often only under load or on upload", c.display(), o.display()), None);
        }
    }
}
