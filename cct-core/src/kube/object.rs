//! Kubernetes objects, workloads and containers as the rules see them.

use std::borrow::Cow;

use crate::document::{pointer_index, pointer_join, Document, Node};
use crate::locate::Locate;
use crate::report::{Location, ObjectRef};

/// One Kubernetes object of the set, with where it lives.
#[derive(Debug)]
pub struct Object<'a> {
    /// The input's path.
    pub path: &'a str,
    /// The document it was read from.
    pub document: &'a Document,
    /// The object's node (the document root, or an item of a `List`).
    pub node: &'a Node,
    /// JSON pointer of the object inside its document (`""`, or `/items/3` in a `List`).
    pub base: String,
    /// `apiVersion`.
    pub api_version: &'a str,
    /// `kind`.
    pub kind: &'a str,
    /// `metadata.name` (or `metadata.generateName`).
    pub name: Option<&'a str>,
    /// `metadata.namespace`.
    pub namespace: Option<&'a str>,
}

impl Locate for Object<'_> {
    fn root(&self) -> &Node {
        self.node
    }

    fn at(&self, pointer: &str, node: &Node) -> Location {
        Object::at(self, pointer, node)
    }

    fn object(&self) -> Option<ObjectRef> {
        Some(self.object_ref())
    }
}

impl<'a> Object<'a> {
    /// Reads an object node; `None` when it has no string `apiVersion` and `kind`.
    pub fn from_node(
        path: &'a str,
        document: &'a Document,
        node: &'a Node,
        base: String,
    ) -> Option<Self> {
        let api_version = node.get("apiVersion")?.as_str()?;
        let kind = node.get("kind")?.as_str()?;
        let meta = node.get("metadata");
        let name = meta
            .and_then(|m| m.get("name").or_else(|| m.get("generateName")))
            .and_then(Node::as_str);
        let namespace = meta.and_then(|m| m.get("namespace")).and_then(Node::as_str);
        Some(Object {
            path,
            document,
            node,
            base,
            api_version,
            kind,
            name,
            namespace,
        })
    }

    /// The object reference carried by findings.
    pub fn object_ref(&self) -> ObjectRef {
        ObjectRef {
            api_version: Some(self.api_version.to_owned()),
            kind: self.kind.to_owned(),
            namespace: self.namespace.map(str::to_owned),
            name: self.name.map(str::to_owned),
        }
    }

    /// `kind/name` for messages (`Deployment/web`).
    pub fn display(&self) -> String {
        format!("{}/{}", self.kind, self.name.unwrap_or("<unnamed>"))
    }

    /// A location at `node`, whose pointer inside the object is `pointer` (starting with `/`, or empty).
    pub fn at(&self, pointer: &str, node: &Node) -> Location {
        Location {
            path: self.path.to_owned(),
            document: Some(self.document.index),
            line: node.pos.line,
            column: node.pos.column,
            pointer: format!("{}{}", self.base, pointer),
            source: self.document.source.clone(),
        }
    }

    /// The location of the object itself.
    pub fn here(&self) -> Location {
        self.at("", self.node)
    }

    /// `metadata.labels` as pairs.
    pub fn labels(&self) -> impl Iterator<Item = (&'a str, &'a str)> {
        string_pairs(self.node.get_path(&["metadata", "labels"]))
    }

    /// The annotation `key`, when present.
    pub fn annotation(&self, key: &str) -> Option<&'a str> {
        self.node
            .get_path(&["metadata", "annotations", key])
            .and_then(Node::as_str)
    }

    /// Whether the object's namespace matches `other` (both unset counts as the same namespace).
    pub fn same_namespace(&self, other: &Object<'_>) -> bool {
        self.namespace == other.namespace
    }
}

/// The string-to-string entries of a mapping (labels, selectors).
pub fn string_pairs(node: Option<&Node>) -> impl Iterator<Item = (&str, &str)> {
    node.map(Node::entries)
        .unwrap_or(&[])
        .iter()
        .filter_map(|(k, v)| Some((k.as_str()?, v.as_str()?)))
}

/// A workload: an object that runs pods, with its pod template.
#[derive(Debug, Clone)]
pub struct Workload<'o, 'a> {
    /// The object.
    pub object: &'o Object<'a>,
    /// The pod spec node.
    pub pod_spec: &'a Node,
    /// JSON pointer of the pod spec inside the object (`/spec/template/spec`).
    pub pod_spec_ptr: &'static str,
    /// The pod template's metadata (`/spec/template/metadata`), the object's own for a Pod.
    pub pod_meta: Option<&'a Node>,
    /// JSON pointer of the pod metadata inside the object.
    pub pod_meta_ptr: &'static str,
    /// The containers, computed once per check by the set (or on demand by [`Workload::of`]).
    containers: Cow<'o, [Container<'a>]>,
}

/// Where a workload kind keeps its pod spec and pod metadata.
#[derive(Debug)]
struct Shape {
    kind: &'static str,
    spec: &'static [&'static str],
    spec_ptr: &'static str,
    meta: &'static [&'static str],
    meta_ptr: &'static str,
}

const fn template(kind: &'static str) -> Shape {
    Shape {
        kind,
        spec: &["spec", "template", "spec"],
        spec_ptr: "/spec/template/spec",
        meta: &["spec", "template", "metadata"],
        meta_ptr: "/spec/template/metadata",
    }
}

/// Workload kinds and where their pod spec lives; any other kind is read like a Deployment.
const SHAPES: &[Shape] = &[
    Shape {
        kind: "Pod",
        spec: &["spec"],
        spec_ptr: "/spec",
        meta: &["metadata"],
        meta_ptr: "/metadata",
    },
    template("Deployment"),
    template("StatefulSet"),
    template("DaemonSet"),
    template("ReplicaSet"),
    template("ReplicationController"),
    template("Job"),
    Shape {
        kind: "CronJob",
        spec: &["spec", "jobTemplate", "spec", "template", "spec"],
        spec_ptr: "/spec/jobTemplate/spec/template/spec",
        meta: &["spec", "jobTemplate", "spec", "template", "metadata"],
        meta_ptr: "/spec/jobTemplate/spec/template/metadata",
    },
];

/// The shape of objects of unknown kinds that carry a pod template.
const OTHER: Shape = template("");

impl<'o, 'a> Workload<'o, 'a> {
    /// The workload view of an object: known workload kinds, and any other
    /// object carrying a pod template at `spec.template.spec` with containers.
    pub fn of(object: &'o Object<'a>) -> Option<Self> {
        let (shape, pod_spec) = Self::shape(object)?;
        let containers = containers_of(pod_spec, shape.spec_ptr);
        Some(Self::build(object, shape, pod_spec, Cow::Owned(containers)))
    }

    /// A workload view whose parts the set computed once (see [`KubeSet`](crate::kube::KubeSet)).
    pub(crate) fn from_parts(
        object: &'o Object<'a>,
        pod_spec: &'a Node,
        (pod_spec_ptr, pod_meta_ptr): (&'static str, &'static str),
        pod_meta: Option<&'a Node>,
        containers: &'o [Container<'a>],
    ) -> Self {
        Workload {
            object,
            pod_spec,
            pod_spec_ptr,
            pod_meta,
            pod_meta_ptr,
            containers: Cow::Borrowed(containers),
        }
    }

    fn shape(object: &Object<'a>) -> Option<(&'static Shape, &'a Node)> {
        let known = SHAPES.iter().find(|s| s.kind == object.kind);
        let shape = known.unwrap_or(&OTHER);
        let pod_spec = object.node.get_path(shape.spec)?;
        if !pod_spec.is_map() || (known.is_none() && pod_spec.get("containers").is_none()) {
            return None;
        }
        Some((shape, pod_spec))
    }

    fn build(
        object: &'o Object<'a>,
        shape: &'static Shape,
        pod_spec: &'a Node,
        containers: Cow<'o, [Container<'a>]>,
    ) -> Self {
        Workload {
            object,
            pod_spec,
            pod_spec_ptr: shape.spec_ptr,
            pod_meta: object.node.get_path(shape.meta),
            pod_meta_ptr: shape.meta_ptr,
            containers,
        }
    }

    /// Every container: init containers, then containers (ephemeral ones are not part of a manifest).
    pub fn containers(&self) -> &[Container<'a>] {
        &self.containers
    }

    /// Whether the workload runs to completion (Job, CronJob, or a Pod with `restartPolicy: Never/OnFailure`).
    pub fn runs_to_completion(&self) -> bool {
        matches!(self.object.kind, "Job" | "CronJob")
            || matches!(
                self.pod_spec.get("restartPolicy").and_then(Node::as_str),
                Some("Never" | "OnFailure")
            )
    }

    /// The pod template labels.
    pub fn pod_labels(&self) -> impl Iterator<Item = (&'a str, &'a str)> {
        string_pairs(self.pod_meta.and_then(|m| m.get("labels")))
    }

    /// A pod template annotation.
    pub fn pod_annotation(&self, key: &str) -> Option<&'a str> {
        self.pod_meta
            .and_then(|m| m.get_path(&["annotations", key]))
            .and_then(Node::as_str)
    }

    /// The location of `pointer` relative to the pod spec.
    pub fn locate(&self, pointer: &str) -> Location {
        self.object
            .locate(&format!("{}{}", self.pod_spec_ptr, pointer))
    }
}

/// The containers of a pod spec whose pointer is `spec_ptr`.
pub(crate) fn containers_of<'a>(pod_spec: &'a Node, spec_ptr: &str) -> Vec<Container<'a>> {
    let mut out = Vec::new();
    for (field, init) in [("initContainers", true), ("containers", false)] {
        for (i, node) in pod_spec
            .get(field)
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            out.push(Container {
                node,
                ptr: pointer_index(&pointer_join(spec_ptr, field), i),
                name: node
                    .get("name")
                    .and_then(Node::as_str)
                    .unwrap_or("<unnamed>"),
                init,
                sidecar: init && node.get("restartPolicy").and_then(Node::as_str) == Some("Always"),
            });
        }
    }
    out
}

/// One container of a workload.
#[derive(Debug, Clone)]
pub struct Container<'a> {
    /// The container's node.
    pub node: &'a Node,
    /// JSON pointer of the container inside the object.
    pub ptr: String,
    /// Its name.
    pub name: &'a str,
    /// Whether it is an init container.
    pub init: bool,
    /// Whether it is a native sidecar (an init container with `restartPolicy: Always`).
    pub sidecar: bool,
}

impl<'a> Container<'a> {
    /// Whether the container runs for the pod's lifetime (regular containers and native sidecars).
    pub fn long_running(&self) -> bool {
        !self.init || self.sidecar
    }

    /// `container "name"` or `init container "name"`, for messages.
    pub fn display(&self) -> String {
        if self.init {
            format!("init container `{}`", self.name)
        } else {
            format!("container `{}`", self.name)
        }
    }
}
