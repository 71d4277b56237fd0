//! Stateless pods (EX49, EX28, DX-5.3): no node storage, and state only where justified.

use crate::document::Node;
use crate::kube::KubeSet;
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
