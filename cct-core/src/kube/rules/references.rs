//! References between objects (EX19, DX-5.1-b, EX47): a name or selector that matches
//! nothing in the set is an outage at deploy time. Warnings, since some objects live elsewhere.

use crate::document::{pointer_index, Node};
use crate::kube::{namespace_of, KubeSet, Selector};
use crate::locate::Locate;
use crate::sink::RuleSink;

/// Kinds whose objects provide a Secret of their name (or `spec.target.name`).
const SECRET_PROVIDERS: &[&str] = &["SealedSecret", "ExternalSecret"];

/// `kube/service-selector-matches`: a Service's selector matches the pods of a workload of the set.
pub fn service_selector_matches(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    for o in set.of_kind("Service") {
        let Some(node) = o.node.get_path(&["spec", "selector"]) else {
            continue;
        };
        let selector = Selector::from_map(Some(node));
        if selector.is_empty() || set.selects_any(namespace_of(o), &selector) {
            continue;
        }
        let pairs: Vec<String> = selector
            .labels
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        sink.about(o, o.at("/spec/selector", node), format!("{} selects pods labelled `{}` but no workload of the set has such pods: the Service has no endpoints", o.display(), pairs.join(",")), None);
    }
}

/// `kube/ingress-backend-exists`: Ingress backends name Services (and ports) of the set.
pub fn ingress_backend_exists(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    for o in set.of_kind("Ingress") {
        let mut backends: Vec<(String, &Node)> = Vec::new();
        if let Some(b) = o.node.get_path(&["spec", "defaultBackend"]) {
            backends.push(("/spec/defaultBackend".into(), b));
        }
        for (i, rule) in o
            .node
            .get_path(&["spec", "rules"])
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            for (j, path) in rule
                .get_path(&["http", "paths"])
                .map(Node::items)
                .unwrap_or(&[])
                .iter()
                .enumerate()
            {
                if let Some(b) = path.get("backend") {
                    backends.push((format!("/spec/rules/{i}/http/paths/{j}/backend"), b));
                }
            }
        }
        for (ptr, backend) in backends {
            // networking.k8s.io/v1 (`service.name`, `service.port`) or v1beta1 (`serviceName`, `servicePort`).
            let (name_ptr, name_node, port_ptr, port_node) = match backend.get("service") {
                Some(s) => (
                    format!("{ptr}/service/name"),
                    s.get("name"),
                    format!("{ptr}/service/port"),
                    s.get("port"),
                ),
                None => (
                    format!("{ptr}/serviceName"),
                    backend.get("serviceName"),
                    format!("{ptr}/servicePort"),
                    backend.get("servicePort"),
                ),
            };
            let Some(name_node) = name_node else { continue };
            let Some(name) = name_node.as_str() else {
                continue;
            };
            let Some(service) = set.find("Service", namespace_of(o), name) else {
                sink.about(
                    o,
                    o.at(&name_ptr, name_node),
                    format!(
                        "{} routes to the Service `{name}`, which is not in the set",
                        o.display()
                    ),
                    None,
                );
                continue;
            };
            let Some(port_node) = port_node else { continue };
            let (wanted_ptr, wanted) = match (port_node.get("name"), port_node.get("number")) {
                (Some(n), _) => (format!("{port_ptr}/name"), n),
                (None, Some(n)) => (format!("{port_ptr}/number"), n),
                (None, None) => (port_ptr.clone(), port_node),
            };
            let wanted_text = wanted.scalar_text().unwrap_or_default();
            let ports = service
                .node
                .get_path(&["spec", "ports"])
                .map(Node::items)
                .unwrap_or(&[]);
            let found = ports.iter().any(|p| {
                p.get("name").and_then(Node::scalar_text).as_deref() == Some(wanted_text.as_str())
                    || p.get("port").and_then(Node::scalar_text).as_deref()
                        == Some(wanted_text.as_str())
            });
            if !found {
                sink.about(o, o.at(&wanted_ptr, wanted), format!("{} routes to port `{wanted_text}` of Service `{name}`, which exposes no such port", o.display()), None);
            }
        }
    }
}

/// `kube/scale-target-exists`: an HPA scales a workload of the set.
pub fn scale_target_exists(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    for o in set.of_kind("HorizontalPodAutoscaler") {
        let Some(target) = o.node.get_path(&["spec", "scaleTargetRef"]) else {
            continue;
        };
        let (Some(kind), Some(name_node)) = (
            target.get("kind").and_then(Node::as_str),
            target.get("name"),
        ) else {
            continue;
        };
        let Some(name) = name_node.as_str() else {
            continue;
        };
        if set.find(kind, namespace_of(o), name).is_none() {
            sink.about(
                o,
                o.at("/spec/scaleTargetRef/name", name_node),
                format!(
                    "{} scales the {kind} `{name}`, which is not in the set",
                    o.display()
                ),
                None,
            );
        }
    }
}

/// `kube/pdb-selector-matches`: a PodDisruptionBudget selects the pods of a workload of the set.
pub fn pdb_selector_matches(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    for o in set.of_kind("PodDisruptionBudget") {
        // In policy/v1 a missing selector selects no pod (an empty one selects them all).
        let Some(node) = o.node.get_path(&["spec", "selector"]) else {
            sink.about(
                o,
                o.locate("/spec/selector"),
                format!(
                    "{} has no selector: it selects no pod and protects nothing",
                    o.display()
                ),
                None,
            );
            continue;
        };
        if !set.selects_any(namespace_of(o), &Selector::from_label_selector(Some(node))) {
            sink.about(
                o,
                o.at("/spec/selector", node),
                format!(
                    "{} selects no pod of any workload of the set: it protects nothing",
                    o.display()
                ),
                None,
            );
        }
    }
}

/// Whether the set provides a Secret named `name` in `ns`.
fn secret_exists(set: &KubeSet<'_>, ns: &str, name: &str) -> bool {
    set.find("Secret", ns, name).is_some()
        || SECRET_PROVIDERS.iter().any(|kind| {
            set.in_namespace(kind, ns).any(|o| {
                o.name == Some(name)
                    || o.node
                        .get_path(&["spec", "target", "name"])
                        .and_then(Node::as_str)
                        == Some(name)
                    || o.node
                        .get_path(&["spec", "template", "metadata", "name"])
                        .and_then(Node::as_str)
                        == Some(name)
            })
        })
}

/// One reference of a pod to a ConfigMap or Secret.
struct Reference<'a> {
    kind: &'static str,
    name_ptr: String,
    name_node: &'a Node,
    key: Option<(String, &'a Node)>,
}

fn optional(node: &Node) -> bool {
    node.get("optional").and_then(Node::as_bool) == Some(true)
}

/// Every ConfigMap/Secret reference of a pod spec that is not `optional`.
fn references<'a>(
    pod_spec: &'a Node,
    pod_ptr: &str,
    containers: &[crate::kube::Container<'a>],
) -> Vec<Reference<'a>> {
    let mut out = Vec::new();
    let mut push = |kind, base: String, node: &'a Node, name_field: &str, with_key: bool| {
        if optional(node) {
            return;
        }
        let Some(name_node) = node.get(name_field) else {
            return;
        };
        let key = if with_key {
            node.get("key").map(|k| (format!("{base}/key"), k))
        } else {
            None
        };
        out.push(Reference {
            kind,
            name_ptr: format!("{base}/{name_field}"),
            name_node,
            key,
        });
    };
    for c in containers {
        for (i, e) in c
            .node
            .get("env")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            let Some(from) = e.get("valueFrom") else {
                continue;
            };
            if let Some(r) = from.get("configMapKeyRef") {
                push(
                    "ConfigMap",
                    format!("{}/env/{i}/valueFrom/configMapKeyRef", c.ptr),
                    r,
                    "name",
                    true,
                );
            }
            if let Some(r) = from.get("secretKeyRef") {
                push(
                    "Secret",
                    format!("{}/env/{i}/valueFrom/secretKeyRef", c.ptr),
                    r,
                    "name",
                    true,
                );
            }
        }
        for (i, e) in c
            .node
            .get("envFrom")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            let base = pointer_index(&format!("{}/envFrom", c.ptr), i);
            if let Some(r) = e.get("configMapRef") {
                push(
                    "ConfigMap",
                    format!("{base}/configMapRef"),
                    r,
                    "name",
                    false,
                );
            }
            if let Some(r) = e.get("secretRef") {
                push("Secret", format!("{base}/secretRef"), r, "name", false);
            }
        }
    }
    for (i, v) in pod_spec
        .get("volumes")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        let base = format!("{pod_ptr}/volumes/{i}");
        if let Some(r) = v.get("configMap") {
            push("ConfigMap", format!("{base}/configMap"), r, "name", false);
        }
        if let Some(r) = v.get("secret") {
            push("Secret", format!("{base}/secret"), r, "secretName", false);
        }
        for (j, s) in v
            .get_path(&["projected", "sources"])
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            let sbase = format!("{base}/projected/sources/{j}");
            if let Some(r) = s.get("configMap") {
                push("ConfigMap", format!("{sbase}/configMap"), r, "name", false);
            }
            if let Some(r) = s.get("secret") {
                push("Secret", format!("{sbase}/secret"), r, "name", false);
            }
        }
    }
    out
}

/// `kube/config-reference-exists`: ConfigMaps and Secrets a pod reads are in the set (and hold the key).
pub fn config_reference_exists(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    for w in set.workloads() {
        let o = w.object;
        let ns = namespace_of(o);
        for r in references(w.pod_spec, w.pod_spec_ptr, w.containers()) {
            let Some(name) = r.name_node.as_str() else {
                continue;
            };
            if r.kind == "Secret" {
                if !secret_exists(set, ns, name) {
                    sink.about(o, o.at(&r.name_ptr, r.name_node), format!("{} reads the Secret `{name}`, which is not in the set (nor a SealedSecret or ExternalSecret producing it)", o.display()), None);
                }
                continue;
            }
            let Some(config) = set.find("ConfigMap", ns, name) else {
                sink.about(
                    o,
                    o.at(&r.name_ptr, r.name_node),
                    format!(
                        "{} reads the ConfigMap `{name}`, which is not in the set",
                        o.display()
                    ),
                    None,
                );
                continue;
            };
            if let Some((key_ptr, key_node)) = r.key {
                let Some(key) = key_node.as_str() else {
                    continue;
                };
                let present = ["data", "binaryData"]
                    .iter()
                    .any(|f| config.node.get_path(&[f, key]).is_some());
                if !present {
                    sink.about(
                        o,
                        o.at(&key_ptr, key_node),
                        format!(
                            "{} reads the key `{key}` of ConfigMap `{name}`, which has no such key",
                            o.display()
                        ),
                        None,
                    );
                }
            }
        }
    }
}
