//! References between objects (EX19, DX-5.1-b, EX47): a name or selector that matches
//! nothing in the set is an outage at deploy time. Warnings, since some objects live elsewhere.

use super::{emit, emit_info};
use crate::document::{pointer_index, Node};
use crate::kube::{namespace_of, same_scope, KubeSet, Object, Selector};
use crate::locate::Locate;
use crate::sink::RuleSink;

/// Kinds whose objects make a secret operator write a Secret of their name (or of the name
/// [`provided_secret_names`] reads): Sealed Secrets, External Secrets, and what the Cloud Pi
/// Native platform delivers secrets with, sops-secrets-operator and the Vault Secrets Operator.
const SECRET_PROVIDERS: &[&str] = &[
    "SealedSecret",
    "ExternalSecret",
    "SopsSecret",
    "VaultStaticSecret",
    "VaultDynamicSecret",
    "VaultPKISecret",
];

/// `kube/service-selector-matches`: a Service's selector matches the pods of a workload of the set.
pub fn service_selector_matches(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    for o in set.of_kind("Service") {
        let Some(node) = o.node.get_path(&["spec", "selector"]) else {
            continue;
        };
        let selector = Selector::from_map(Some(node));
        let pod_selector = selector.without_controller_labels();
        if selector.is_empty() || set.selects_any(namespace_of(o), &pod_selector) {
            continue;
        }
        let pairs: Vec<String> = selector
            .labels
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let at = o.at("/spec/selector", node);
        match operator_source(set, namespace_of(o), &pod_selector) {
            Some(source) => emit_info(sink, o, at, format!("{} selects pods labelled `{}`, which no workload of the set has: they may be the pods an operator creates for {source}", o.display(), pairs.join(","))),
            None => emit(sink, o, at, format!("{} selects pods labelled `{}` but no workload of the set has such pods: the Service has no endpoints", o.display(), pairs.join(","))),
        }
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
                emit(
                    sink,
                    o,
                    o.at(&name_ptr, name_node),
                    format!(
                        "{} routes to the Service `{name}`, which is not in the set",
                        o.display()
                    ),
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
                emit(sink, o, o.at(&wanted_ptr, wanted), format!("{} routes to port `{wanted_text}` of Service `{name}`, which exposes no such port", o.display()));
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
            emit(
                sink,
                o,
                o.at("/spec/scaleTargetRef/name", name_node),
                format!(
                    "{} scales the {kind} `{name}`, which is not in the set",
                    o.display()
                ),
            );
        }
    }
}

/// `kube/pdb-selector-matches`: a PodDisruptionBudget selects the pods of a workload of the set.
pub fn pdb_selector_matches(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    for o in set.of_kind("PodDisruptionBudget") {
        // In policy/v1 a missing selector selects no pod (an empty one selects them all).
        let Some(node) = o.node.get_path(&["spec", "selector"]) else {
            emit(
                sink,
                o,
                o.locate("/spec/selector"),
                format!(
                    "{} has no selector: it selects no pod and protects nothing",
                    o.display()
                ),
            );
            continue;
        };
        let selector = Selector::from_label_selector(Some(node)).without_controller_labels();
        if !set.selects_any(namespace_of(o), &selector) {
            let at = o.at("/spec/selector", node);
            match operator_source(set, namespace_of(o), &selector) {
                Some(source) => emit_info(sink, o, at, format!("{} selects no pod of a workload of the set: it may protect the pods an operator creates for {source}", o.display())),
                None => emit(sink, o, at, format!("{} selects no pod of any workload of the set: it protects nothing", o.display())),
            }
        }
    }
}

/// A custom resource of the namespace an operator may create the selected pods
/// for: one whose name is a value of the selector, or whose labels it matches.
fn operator_source(set: &KubeSet<'_>, ns: &str, selector: &Selector<'_>) -> Option<String> {
    set.objects
        .iter()
        .filter(|o| namespace_of(o) == ns && is_custom_resource(o.api_version))
        .find(|o| {
            let labels: Vec<(&str, &str)> = o.labels().collect();
            o.name
                .is_some_and(|name| selector.labels.iter().any(|(_, v)| *v == name))
                || (!selector.is_empty() && selector.matches(&labels))
        })
        .map(|o| o.display())
}

/// Whether an `apiVersion` belongs to an extension API (`monitoring.coreos.com/v1`), not a built-in group.
fn is_custom_resource(api_version: &str) -> bool {
    match api_version.split_once('/') {
        Some((group, _)) => group.contains('.') && !group.ends_with(".k8s.io"),
        None => false,
    }
}

/// Whether the set declares an object that makes a `kind` (`Secret` or `ConfigMap`) named `name` in `ns`:
/// the object itself, a Kustomize generator, a cert-manager `Certificate`, a secret operator's object
/// ([`SECRET_PROVIDERS`]).
fn produced(set: &KubeSet<'_>, kind: &str, ns: &str, name: &str) -> bool {
    if set.find(kind, ns, name).is_some() {
        return true;
    }
    let generator = if kind == "Secret" {
        "secretGenerator"
    } else {
        "configMapGenerator"
    };
    let generated = set.of_kind("Kustomization").any(|k| {
        k.node
            .get(generator)
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .any(|g| g.get("name").and_then(Node::as_str) == Some(name))
    });
    if generated || kind != "Secret" {
        return generated;
    }
    set.in_namespace("Certificate", ns).any(|c| {
        c.node
            .get_path(&["spec", "secretName"])
            .and_then(Node::as_str)
            == Some(name)
    }) || SECRET_PROVIDERS.iter().any(|provider| {
        set.in_namespace(provider, ns)
            .any(|o| o.name == Some(name) || provided_secret_names(o).any(|n| n == name))
    })
}

/// The names of the Secrets a secret operator's object asks its operator to write:
/// `spec.target.name` (External Secrets), `spec.template.metadata.name` (Sealed Secrets),
/// `spec.destination.name` (Vault Secrets Operator), `spec.secretTemplates[].name`
/// (sops-secrets-operator).
fn provided_secret_names<'a>(o: &Object<'a>) -> impl Iterator<Item = &'a str> + 'a {
    let node = o.node;
    let single = [
        &["spec", "target", "name"][..],
        &["spec", "template", "metadata", "name"][..],
        &["spec", "destination", "name"][..],
    ]
    .into_iter()
    .filter_map(move |path| node.get_path(path).and_then(Node::as_str));
    let templates = node
        .get_path(&["spec", "secretTemplates"])
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .filter_map(|t| t.get("name").and_then(Node::as_str));
    single.chain(templates)
}

/// What in the set may make the object at run time: a Job or CronJob whose
/// pods name it, or a Role/ClusterRole allowed to create that kind
/// (`resource`: `secrets` or `configmaps`), the mark of an operator or an init Job.
fn runtime_producer<'s>(
    set: &'s KubeSet<'_>,
    resource: &str,
    ns: &str,
    name: &str,
) -> Option<String> {
    for w in set.workloads() {
        if w.runs_to_completion()
            && same_scope(namespace_of(w.object), ns)
            && mentions(w.pod_spec, name)
        {
            return Some(w.object.display());
        }
    }
    for kind in ["Role", "ClusterRole"] {
        for role in set.of_kind(kind) {
            // A Role or ClusterRole of another application grants nothing to this one.
            if !same_scope(namespace_of(role), ns) {
                continue;
            }
            let grants = role
                .node
                .get("rules")
                .map(Node::items)
                .unwrap_or(&[])
                .iter()
                .any(|r| {
                    let has = |field: &str, wanted: &[&str]| {
                        r.get(field)
                            .map(Node::items)
                            .unwrap_or(&[])
                            .iter()
                            .any(|v| v.as_str().is_some_and(|v| wanted.contains(&v)))
                    };
                    let names = r.get("resourceNames").map(Node::items).unwrap_or(&[]);
                    has("resources", &[resource, "*"])
                        && has("verbs", &["create", "*"])
                        && (names.is_empty() || names.iter().any(|n| n.as_str() == Some(name)))
                });
            if grants {
                return Some(role.display());
            }
        }
    }
    None
}

/// Whether a string of the tree under `node` holds `name` as a whole word (`--secret-name=x`, `x`).
fn mentions(node: &Node, name: &str) -> bool {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        match &n.value {
            crate::document::Value::String(s) => {
                let word = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '.';
                if s.match_indices(name).any(|(at, _)| {
                    !s[..at].ends_with(word) && !s[at + name.len()..].starts_with(word)
                }) {
                    return true;
                }
            }
            crate::document::Value::Seq(items) => stack.extend(items),
            crate::document::Value::Map(entries) => stack.extend(entries.iter().map(|(_, v)| v)),
            _ => {}
        }
    }
    false
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
            let Some(config) = set
                .find("ConfigMap", ns, name)
                .filter(|_| r.kind == "ConfigMap")
            else {
                if produced(set, r.kind, ns, name) {
                    continue;
                }
                let resource = if r.kind == "Secret" {
                    "secrets"
                } else {
                    "configmaps"
                };
                let at = o.at(&r.name_ptr, r.name_node);
                match runtime_producer(set, resource, ns, name) {
                    Some(producer) => emit_info(sink, o, at, format!("{} reads the {} `{name}`, which is not in the set: {producer} may create it at run time; make sure it exists before the pod starts", o.display(), r.kind)),
                    // Secrets are often made outside the repository (by hand, by a vault): say so, softly.
                    None if r.kind == "Secret" => emit_info(sink, o, at, format!("{} reads the Secret `{name}`, which nothing in the set produces (no Secret, generator, Certificate, SealedSecret, ExternalSecret, SopsSecret or Vault*Secret): make sure it is created before the pod starts", o.display())),
                    None => emit(sink, o, at, format!("{} reads the ConfigMap `{name}`, which is not in the set", o.display())),
                }
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
                    emit(
                        sink,
                        o,
                        o.at(&key_ptr, key_node),
                        format!(
                            "{} reads the key `{key}` of ConfigMap `{name}`, which has no such key",
                            o.display()
                        ),
                    );
                }
            }
        }
    }
}
