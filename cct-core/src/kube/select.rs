//! Label selectors: the plain maps of Services and the `matchLabels`/`matchExpressions` of the apps API.

use crate::document::Node;
use crate::kube::string_pairs;

/// Pod labels set by the StatefulSet, Deployment, DaemonSet and Job controllers, never by a template.
const CONTROLLER_LABELS: &[&str] = &[
    "statefulset.kubernetes.io/pod-name",
    "apps.kubernetes.io/pod-index",
    "controller-revision-hash",
    "pod-template-hash",
    "pod-template-generation",
    "batch.kubernetes.io/job-name",
    "batch.kubernetes.io/controller-uid",
    "job-name",
    "controller-uid",
];

/// One requirement of a `matchExpressions` list.
#[derive(Debug, Clone)]
struct Expression<'a> {
    key: &'a str,
    operator: &'a str,
    values: Vec<&'a str>,
}

/// A label selector read from a manifest.
#[derive(Debug, Clone, Default)]
pub struct Selector<'a> {
    /// `key: value` pairs that must all be present.
    pub labels: Vec<(&'a str, &'a str)>,
    expressions: Vec<Expression<'a>>,
}

impl<'a> Selector<'a> {
    /// A Service-style selector: a plain map of labels.
    pub fn from_map(node: Option<&'a Node>) -> Self {
        Selector {
            labels: string_pairs(node).collect(),
            expressions: Vec::new(),
        }
    }

    /// An apps-style selector (`matchLabels`, `matchExpressions`).
    pub fn from_label_selector(node: Option<&'a Node>) -> Self {
        let labels = string_pairs(node.and_then(|n| n.get("matchLabels"))).collect();
        let expressions = node
            .and_then(|n| n.get("matchExpressions"))
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .filter_map(|e| {
                Some(Expression {
                    key: e.get("key")?.as_str()?,
                    operator: e.get("operator")?.as_str()?,
                    values: e
                        .get("values")
                        .map(Node::items)
                        .unwrap_or(&[])
                        .iter()
                        .filter_map(Node::as_str)
                        .collect(),
                })
            })
            .collect();
        Selector {
            labels,
            expressions,
        }
    }

    /// The selector without the labels controllers add to the pods they create
    /// (`statefulset.kubernetes.io/pod-name`, `pod-template-hash`, …): no pod
    /// template carries them, yet the pods have them.
    pub fn without_controller_labels(&self) -> Selector<'a> {
        Selector {
            labels: self
                .labels
                .iter()
                .copied()
                .filter(|(k, _)| !CONTROLLER_LABELS.contains(k))
                .collect(),
            expressions: self
                .expressions
                .iter()
                .filter(|e| !CONTROLLER_LABELS.contains(&e.key))
                .cloned()
                .collect(),
        }
    }

    /// Whether the selector has no requirement (it selects everything).
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty() && self.expressions.is_empty()
    }

    /// Whether a set of labels satisfies the selector.
    pub fn matches<'l>(&self, labels: &[(&'l str, &'l str)]) -> bool {
        let get = |key: &str| labels.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
        self.labels.iter().all(|(k, v)| get(k) == Some(*v))
            && self.expressions.iter().all(|e| match e.operator {
                "In" => get(e.key).is_some_and(|v| e.values.contains(&v)),
                "NotIn" => get(e.key).is_none_or(|v| !e.values.contains(&v)),
                "Exists" => get(e.key).is_some(),
                "DoesNotExist" => get(e.key).is_none(),
                _ => false,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{load_text, Limits};

    #[test]
    fn match_labels_and_expressions() {
        let docs = load_text(
            "matchLabels: {app: web}\nmatchExpressions:\n  - {key: tier, operator: In, values: [front, back]}\n  - {key: canary, operator: DoesNotExist}\n",
            &Limits::default(),
        )
        .unwrap();
        let s = Selector::from_label_selector(Some(&docs[0].root));
        assert!(s.matches(&[("app", "web"), ("tier", "front")]));
        assert!(!s.matches(&[("app", "web"), ("tier", "db")]));
        assert!(!s.matches(&[("app", "web"), ("tier", "front"), ("canary", "1")]));
        assert!(!s.matches(&[("tier", "front")]));
        assert!(Selector::default().matches(&[]));
    }
}
