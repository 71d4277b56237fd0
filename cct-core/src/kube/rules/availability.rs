//! Availability (EX19, DX-3.2-b, DX-5.1-b): several replicas, protected from voluntary
//! disruptions and spread across nodes and zones.

use super::describe;
use crate::document::Node;
use crate::kube::{namespace_of, KubeSet, Object, Selector, Workload};
use crate::locate::Locate;
use crate::sink::RuleSink;

/// Kinds that run a fixed number of identical pods.
const REPLICATED: &[&str] = &[
    "Deployment",
    "StatefulSet",
    "ReplicaSet",
    "ReplicationController",
];

/// The replicated workloads of the set.
fn replicated<'s, 'a>(set: &'s KubeSet<'a>) -> impl Iterator<Item = Workload<'s, 'a>> + 's {
    set.workloads()
        .filter(|w| REPLICATED.contains(&w.object.kind))
}

/// The HorizontalPodAutoscaler scaling `o`, if the set holds one.
fn autoscaler<'s, 'a>(set: &'s KubeSet<'a>, o: &Object<'_>) -> Option<&'s Object<'a>> {
    set.in_namespace("HorizontalPodAutoscaler", namespace_of(o))
        .find(|h| {
            let target = h.node.get_path(&["spec", "scaleTargetRef"]);
            target.and_then(|t| t.get("kind")).and_then(Node::as_str) == Some(o.kind)
                && target.and_then(|t| t.get("name")).and_then(Node::as_str) == o.name
        })
}

/// `kube/replicas`: replicated workloads run at least `min_replicas` pods, directly or through an HPA.
pub fn replicas(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    let min = sink.policy().settings.min_replicas;
    for w in replicated(set) {
        let o = w.object;
        if let Some(hpa) = autoscaler(set, o) {
            let node = hpa.node.get_path(&["spec", "minReplicas"]);
            let value = node.and_then(Node::as_i64).unwrap_or(1);
            if value < min {
                let location = match node {
                    Some(n) => hpa.at("/spec/minReplicas", n),
                    None => hpa.locate("/spec/minReplicas"),
                };
                sink.report(location, Some(hpa.object_ref()), format!("{} scales {} down to {value} replica(s); at least {min} keep it available while a pod or node fails", hpa.display(), o.display()), None);
            }
            continue;
        }
        match o.node.get_path(&["spec", "replicas"]) {
            Some(n) if n.as_i64().is_some_and(|v| v >= min) => {}
            Some(n) => match n.as_i64() {
                Some(v) => sink.about(o, o.at("/spec/replicas", n), format!("{} runs {v} replica(s) and no HorizontalPodAutoscaler scales it; at least {min} keep it available while a pod or node fails", o.display()), None),
                None => sink.about(o, o.at("/spec/replicas", n), format!("{} sets `replicas` to {}; it must be an integer of at least {min}", o.display(), describe(n)), None),
            },
            None => sink.about(o, o.locate("/spec/replicas"), format!("{} does not set `replicas` (so runs 1) and no HorizontalPodAutoscaler scales it; at least {min} keep it available while a pod or node fails", o.display()), None),
        }
    }
}

/// Where cross-object findings about a workload's pods point: its pod template labels.
fn labels_location(w: &Workload<'_, '_>) -> crate::report::Location {
    w.object.locate(&format!("{}/labels", w.pod_meta_ptr))
}

/// `kube/pod-disruption-budget`: a PodDisruptionBudget selects every replicated workload.
pub fn pod_disruption_budget(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    for w in replicated(set) {
        let o = w.object;
        let labels: Vec<(&str, &str)> = w.pod_labels().collect();
        let covered = set
            .in_namespace("PodDisruptionBudget", namespace_of(o))
            .any(|pdb| {
                // In policy/v1 a missing selector selects no pod.
                pdb.node
                    .get_path(&["spec", "selector"])
                    .is_some_and(|node| Selector::from_label_selector(Some(node)).matches(&labels))
            });
        if !covered {
            sink.about(o, labels_location(&w), format!("no PodDisruptionBudget selects the pods of {}: a node drain can evict all of them at once", o.display()), None);
        }
    }
}

/// `kube/spread`: replicated pods are spread across nodes or zones.
pub fn spread(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    for w in replicated(set) {
        let o = w.object;
        if w.pod_spec
            .get("topologySpreadConstraints")
            .is_some_and(|t| !t.items().is_empty())
            || w.pod_spec
                .get_path(&["affinity", "podAntiAffinity"])
                .is_some()
        {
            continue;
        }
        sink.about(o, o.locate(&format!("{}/topologySpreadConstraints", w.pod_spec_ptr)), format!("{} sets neither `topologySpreadConstraints` nor `podAntiAffinity`: all its replicas may land on one node or zone", o.display()), None);
    }
}
