//! Kubernetes evaluator: workloads, networking, GitOps objects, evaluated as one set.
//!
//! All Kubernetes inputs of a check form one [`KubeSet`], so rules that relate
//! objects (a Service and the pods it selects, a PodDisruptionBudget and its
//! Deployment, a NetworkPolicy in a namespace) see every file of the batch.
//! Unknown kinds and CRDs are kept in the set (other objects may reference
//! them) but no workload rule applies to them unless they carry a pod template.
//! Helm test hooks (`helm.sh/hook: test`) are left out: they are never deployed.

mod annotations;
mod object;
mod rules;
mod select;

pub use annotations::collect_annotations;
pub use object::{string_pairs, Container, Object, Workload};
pub use select::Selector;

use std::collections::HashMap;

use crate::document::{pointer_index, Node};
use crate::format::policyreport::is_cluster_scoped;
use crate::input::Loaded;
use crate::sink::Sink;

/// Every Kubernetes object of a check, in input order.
#[derive(Debug)]
pub struct KubeSet<'a> {
    /// The objects (items of `List` kinds are expanded).
    pub objects: Vec<Object<'a>>,
    /// Object indexes by kind, in input order.
    by_kind: HashMap<&'a str, Vec<usize>>,
    /// Object indexes by (kind, namespace), in input order.
    by_kind_ns: HashMap<&'a str, HashMap<&'a str, Vec<usize>>>,
    /// The first object of each (kind, namespace, name).
    by_name: HashMap<&'a str, HashMap<&'a str, HashMap<&'a str, usize>>>,
    /// The workloads, in input order: object index, containers and pod (template) labels.
    workloads: Vec<WorkloadEntry<'a>>,
    /// Workload slots (indexes into `workloads`) by namespace, in input order.
    workloads_by_ns: HashMap<&'a str, Vec<usize>>,
    /// Workload slots by namespace, pod label key and pod label value.
    workloads_by_label: HashMap<&'a str, HashMap<&'a str, HashMap<&'a str, Vec<usize>>>>,
}

/// What the set computes once per workload.
#[derive(Debug)]
struct WorkloadEntry<'a> {
    object: usize,
    pod_spec: &'a Node,
    pointers: (&'static str, &'static str),
    pod_meta: Option<&'a Node>,
    containers: Vec<Container<'a>>,
    labels: Vec<(&'a str, &'a str)>,
}

/// Whether an object is a Helm test hook (`helm.sh/hook: test`): `helm test` runs it on
/// demand, Argo CD never deploys it, so no rule applies to it.
fn is_helm_test(object: &Object<'_>) -> bool {
    object.annotation("helm.sh/hook").is_some_and(|hooks| {
        hooks
            .split(',')
            .any(|h| matches!(h.trim(), "test" | "test-success" | "test-failure"))
    })
}

/// The namespace an object lives in for matching purposes.
///
/// An object without `metadata.namespace` goes to the namespace it is applied
/// to, unknown here: it is taken to share it with the other namespace-less
/// objects of its folder (one application a folder, as `kubectl apply -f DIR`
/// and Kustomize bases have it), never with another folder's. The folder is
/// the input path up to its last `/` (`""` for a bare file name); a path
/// holds a `/`, which no namespace name does, so the two never mix.
pub fn namespace_of<'a>(object: &Object<'a>) -> &'a str {
    object.namespace.unwrap_or_else(|| folder_of(object.path))
}

/// The values of `map` in scope for `namespace`: its own entry for a real
/// namespace; for a folder (the namespace of objects without one), the entries
/// of that folder, of the folders above it and of those below it, so that an
/// application's `hpa/` or `gateway-api/` subfolder still sees its Deployment,
/// while sibling folders (two applications) stay apart.
fn scopes<'m, V>(map: &'m HashMap<&str, V>, namespace: &str) -> impl Iterator<Item = &'m V> + 'm {
    let namespace = namespace.to_owned();
    let folder = is_folder(&namespace);
    map.iter()
        .filter(move |(k, _)| {
            **k == namespace
                || (folder
                    && is_folder(k)
                    && (k.starts_with(&namespace) || namespace.starts_with(**k)))
        })
        .map(|(_, v)| v)
}

/// Whether objects of scopes `a` and `b` (namespaces or folders, see [`namespace_of`]) meet.
pub fn same_scope(a: &str, b: &str) -> bool {
    a == b || (is_folder(a) && is_folder(b) && (a.starts_with(b) || b.starts_with(a)))
}

/// Whether a scope key is a folder (`""` or ending in a separator), not a namespace name.
fn is_folder(scope: &str) -> bool {
    scope.is_empty() || scope.ends_with(['/', '\\'])
}

/// The folder of an input path (`""` when it has none).
fn folder_of(path: &str) -> &str {
    match path.rfind(['/', '\\']) {
        Some(at) => &path[..=at],
        None => "",
    }
}

impl<'a> KubeSet<'a> {
    /// Collects the objects of loaded inputs.
    pub fn new(inputs: &'a [Loaded<'a>]) -> Self {
        Self::with_namespace(inputs, None)
    }

    /// Collects the objects of loaded inputs; namespaced objects without `metadata.namespace`
    /// are in `namespace` when it is given (`--namespace`, `settings.namespace`: the namespace
    /// `kubectl apply -n` or Argo CD's destination puts them in), else in their folder's scope
    /// (see [`namespace_of`]). Cluster-scoped kinds never get one.
    pub fn with_namespace(inputs: &'a [Loaded<'a>], namespace: Option<&'a str>) -> Self {
        let mut objects = Vec::new();
        for input in inputs {
            for document in &input.documents {
                let root = &document.root;
                let Some(object) = Object::from_node(input.path, document, root, String::new())
                else {
                    continue;
                };
                if is_helm_test(&object) {
                    continue;
                }
                if object.kind == "List"
                    || object.kind.ends_with("List")
                        && root.get("items").is_some_and(|i| i.is_seq())
                {
                    for (i, item) in root
                        .get("items")
                        .map(|n| n.items())
                        .unwrap_or(&[])
                        .iter()
                        .enumerate()
                    {
                        if let Some(o) = Object::from_node(
                            input.path,
                            document,
                            item,
                            pointer_index("/items", i),
                        ) {
                            if !is_helm_test(&o) {
                                objects.push(o);
                            }
                        }
                    }
                } else {
                    objects.push(object);
                }
            }
        }
        if let Some(namespace) = namespace {
            for o in &mut objects {
                if o.namespace.is_none() && !is_cluster_scoped(o.kind) {
                    o.namespace = Some(namespace);
                }
            }
        }
        let mut set = KubeSet {
            objects,
            by_kind: HashMap::new(),
            by_kind_ns: HashMap::new(),
            by_name: HashMap::new(),
            workloads: Vec::new(),
            workloads_by_ns: HashMap::new(),
            workloads_by_label: HashMap::new(),
        };
        for (i, o) in set.objects.iter().enumerate() {
            let ns = namespace_of(o);
            set.by_kind.entry(o.kind).or_default().push(i);
            set.by_kind_ns
                .entry(o.kind)
                .or_default()
                .entry(ns)
                .or_default()
                .push(i);
            if let Some(name) = o.name {
                set.by_name
                    .entry(o.kind)
                    .or_default()
                    .entry(ns)
                    .or_default()
                    .entry(name)
                    .or_insert(i);
            }
            let Some(w) = Workload::of(o) else { continue };
            let slot = set.workloads.len();
            set.workloads_by_ns.entry(ns).or_default().push(slot);
            let labels: Vec<(&'a str, &'a str)> = w.pod_labels().collect();
            for (k, v) in &labels {
                let list = set
                    .workloads_by_label
                    .entry(ns)
                    .or_default()
                    .entry(k)
                    .or_default()
                    .entry(v)
                    .or_default();
                if list.last() != Some(&slot) {
                    list.push(slot);
                }
            }
            set.workloads.push(WorkloadEntry {
                object: i,
                pod_spec: w.pod_spec,
                pointers: (w.pod_spec_ptr, w.pod_meta_ptr),
                pod_meta: w.pod_meta,
                containers: w.containers().to_vec(),
                labels,
            });
        }
        set
    }

    /// Objects of kind `kind` in namespace `namespace` (`""`: unset).
    pub fn in_namespace<'s>(
        &'s self,
        kind: &str,
        namespace: &str,
    ) -> impl Iterator<Item = &'s Object<'a>> + 's {
        let mut indexes: Vec<usize> = self
            .by_kind_ns
            .get(kind)
            .map(|m| scopes(m, namespace).flatten().copied().collect())
            .unwrap_or_default();
        indexes.sort_unstable();
        indexes.into_iter().map(move |i| &self.objects[i])
    }

    /// The object of kind `kind` named `name` in `namespace`, if the set holds it.
    pub fn find(&self, kind: &str, namespace: &str, name: &str) -> Option<&Object<'a>> {
        let index = scopes(self.by_name.get(kind)?, namespace)
            .filter_map(|m| m.get(name))
            .min()?;
        self.objects.get(*index)
    }

    /// Namespaces holding at least one workload, sorted, with their workloads in input order.
    pub fn workload_namespaces(&self) -> Vec<(&'a str, Vec<Workload<'_, 'a>>)> {
        let mut out: Vec<(&'a str, Vec<Workload<'_, 'a>>)> = self
            .workloads_by_ns
            .iter()
            .map(|(ns, slots)| {
                (
                    *ns,
                    slots
                        .iter()
                        .filter_map(|slot| self.workload(*slot))
                        .collect(),
                )
            })
            .collect();
        out.sort_by(|a, b| a.0.cmp(b.0));
        out
    }

    /// The workloads of `namespace` whose pod (template) labels satisfy `selector`.
    pub fn selected_workloads<'s>(
        &'s self,
        namespace: &str,
        selector: &Selector<'_>,
    ) -> Vec<Workload<'s, 'a>> {
        let candidates = self.candidates(namespace, selector);
        candidates
            .iter()
            .filter(|slot| {
                self.workloads
                    .get(**slot)
                    .is_some_and(|e| selector.matches(&e.labels))
            })
            .filter_map(|slot| self.workload(*slot))
            .collect()
    }

    /// The workloads of `namespace` that may match `selector` (all of them, or those carrying its first label).
    fn candidates(&self, namespace: &str, selector: &Selector<'_>) -> Vec<usize> {
        let mut found: Vec<usize> = match selector.labels.first() {
            Some((k, v)) => scopes(&self.workloads_by_label, namespace)
                .filter_map(|m| m.get(*k).and_then(|m| m.get(*v)))
                .flatten()
                .copied()
                .collect(),
            None => scopes(&self.workloads_by_ns, namespace)
                .flatten()
                .copied()
                .collect(),
        };
        found.sort_unstable();
        found
    }

    /// Whether some workload of `namespace` matches `selector`.
    pub fn selects_any(&self, namespace: &str, selector: &Selector<'_>) -> bool {
        let candidates = self.candidates(namespace, selector);
        candidates.iter().any(|slot| {
            self.workloads
                .get(*slot)
                .is_some_and(|e| selector.matches(&e.labels))
        })
    }

    /// Objects of kind `kind`.
    pub fn of_kind<'s>(&'s self, kind: &str) -> impl Iterator<Item = &'s Object<'a>> + 's {
        let slice = self.by_kind.get(kind).map(Vec::as_slice).unwrap_or(&[]);
        slice.iter().map(move |i| &self.objects[*i])
    }

    /// Every workload (object with a pod template), in input order.
    pub fn workloads(&self) -> impl Iterator<Item = Workload<'_, 'a>> {
        (0..self.workloads.len()).filter_map(|slot| self.workload(slot))
    }

    /// The workload in slot `slot`.
    fn workload(&self, slot: usize) -> Option<Workload<'_, 'a>> {
        let e = self.workloads.get(slot)?;
        Some(Workload::from_parts(
            &self.objects[e.object],
            e.pod_spec,
            e.pointers,
            e.pod_meta,
            &e.containers,
        ))
    }
}

/// Evaluates every Kubernetes input of a check as one set.
pub fn evaluate(inputs: &[Loaded<'_>], sink: &mut Sink<'_>) {
    let policy = sink.policy();
    let set = KubeSet::with_namespace(inputs, policy.settings.namespace.as_deref());
    for rule in rules::ALL {
        if sink.enabled(rule.id) {
            (rule.check)(&set, &mut sink.rule(rule.id));
        }
    }
}

/// The ids of every Kubernetes rule implemented in code (the catalog must list each).
pub fn rule_ids() -> impl Iterator<Item = &'static str> {
    rules::ALL.iter().map(|r| r.id)
}
