//! Metadata and ownership (EX25, EX36, DX-5.1-b): labelled pods, managed by a controller.

use crate::document::{pointer_join, Node};
use crate::kube::KubeSet;
use crate::locate::Locate;
use crate::sink::RuleSink;

/// `kube/required-labels`: every pod (template) carries the configured labels.
pub fn required_labels(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    let required = sink.policy().settings.required_labels.clone();
    for w in set.workloads() {
        let o = w.object;
        let labels: Vec<(&str, &str)> = w.pod_labels().collect();
        for key in &required {
            if !labels.iter().any(|(k, v)| k == key && !v.is_empty()) {
                let ptr = pointer_join(&format!("{}/labels", w.pod_meta_ptr), key);
                let whose = if o.kind == "Pod" {
                    "pod".to_owned()
                } else {
                    format!("pod template of {}", o.display())
                };
                sink.about(
                    o,
                    o.locate(&ptr),
                    format!(
                        "the {whose} has no `{key}` label (required: {})",
                        required.join(", ")
                    ),
                    None,
                );
            }
        }
    }
}

/// `kube/bare-pod`: Pods are created by a controller, never on their own.
pub fn bare_pod(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    for o in set.of_kind("Pod") {
        let owned = o
            .node
            .get_path(&["metadata", "ownerReferences"])
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .any(|r| r.get("controller").and_then(Node::as_bool) == Some(true));
        if !owned {
            sink.about(o, o.locate("/metadata/ownerReferences"), format!("{} is a bare Pod: nothing recreates it when it or its node dies, and it cannot be scaled", o.display()), None);
        }
    }
}
