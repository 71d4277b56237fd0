//! Kubernetes evaluator: workloads, networking, GitOps objects, evaluated as one set.
//!
//! All Kubernetes inputs of a check form one [`KubeSet`], so rules that relate
//! objects (a Service and the pods it selects, a PodDisruptionBudget and its
//! Deployment, a NetworkPolicy in a namespace) see every file of the batch.
//! Unknown kinds and CRDs are kept in the set (other objects may reference
//! them) but no workload rule applies to them unless they carry a pod template.

mod object;
mod rules;

pub use object::{string_pairs, Container, Object, Workload};

use crate::check::Loaded;
use crate::document::pointer_index;
use crate::sink::Sink;

/// Every Kubernetes object of a check, in input order.
#[derive(Debug)]
pub struct KubeSet<'a> {
    /// The objects (items of `List` kinds are expanded).
    pub objects: Vec<Object<'a>>,
}

impl<'a> KubeSet<'a> {
    /// Collects the objects of loaded inputs.
    pub fn new(inputs: &'a [Loaded<'a>]) -> Self {
        let mut objects = Vec::new();
        for input in inputs {
            for document in &input.documents {
                let root = &document.root;
                let Some(object) = Object::from_node(input.path, document, root, String::new()) else {
                    continue;
                };
                if object.kind == "List" || object.kind.ends_with("List") && root.get("items").is_some_and(|i| i.is_seq()) {
                    for (i, item) in root.get("items").map(|n| n.items()).unwrap_or(&[]).iter().enumerate() {
                        if let Some(o) = Object::from_node(input.path, document, item, pointer_index("/items", i)) {
                            objects.push(o);
                        }
                    }
                } else {
                    objects.push(object);
                }
            }
        }
        KubeSet { objects }
    }

    /// Objects of kind `kind`.
    pub fn of_kind<'s>(&'s self, kind: &'s str) -> impl Iterator<Item = &'s Object<'a>> + 's {
        self.objects.iter().filter(move |o| o.kind == kind)
    }

    /// Every workload (object with a pod template).
    pub fn workloads(&self) -> impl Iterator<Item = Workload<'_, 'a>> {
        self.objects.iter().filter_map(Workload::of)
    }
}

/// Evaluates every Kubernetes input of a check as one set.
pub fn evaluate(inputs: &[Loaded<'_>], sink: &mut Sink<'_>) {
    let set = KubeSet::new(inputs);
    for rule in rules::ALL {
        if sink.enabled(rule.id) {
            (rule.check)(&set, sink);
        }
    }
}

/// The ids of every Kubernetes rule implemented in code (the catalog must list each).
pub fn rule_ids() -> impl Iterator<Item = &'static str> {
    rules::ALL.iter().map(|r| r.id)
}
