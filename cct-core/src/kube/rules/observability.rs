//! Telemetry (EX25, EX55): every long-running workload exposes metrics the platform scrapes.

use crate::document::Node;
use crate::kube::{namespace_of, KubeSet, Object, Selector, Workload};
use crate::locate::Locate;
use crate::sink::RuleSink;

/// Whether a monitor (`ServiceMonitor`/`PodMonitor`) in namespace `own` watches namespace `target`.
fn watches(monitor: &Object<'_>, target: &str) -> bool {
    let own = namespace_of(monitor);
    match monitor.node.get_path(&["spec", "namespaceSelector"]) {
        None => own == target,
        Some(sel) => {
            sel.get("any").and_then(Node::as_bool) == Some(true)
                || sel
                    .get("matchNames")
                    .map(Node::items)
                    .unwrap_or(&[])
                    .iter()
                    .any(|n| n.as_str() == Some(target))
                || (sel.get("matchNames").is_none() && own == target)
        }
    }
}

/// Whether the workload's pods expose metrics: annotation, a `metrics` port, or a monitor selecting them.
fn exposes_metrics(set: &KubeSet<'_>, w: &Workload<'_, '_>) -> bool {
    if w.pod_annotation("prometheus.io/scrape") == Some("true")
        || w.object.annotation("prometheus.io/scrape") == Some("true")
    {
        return true;
    }
    let named_port = w.containers().iter().any(|c| {
        c.node
            .get("ports")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .filter_map(|p| p.get("name").and_then(Node::as_str))
            .any(|n| n.contains("metrics"))
    });
    if named_port {
        return true;
    }
    let ns = namespace_of(w.object);
    let labels: Vec<(&str, &str)> = w.pod_labels().collect();
    let pod_monitored = set.of_kind("PodMonitor").any(|m| {
        watches(m, ns)
            && Selector::from_label_selector(m.node.get_path(&["spec", "selector"]))
                .matches(&labels)
    });
    if pod_monitored {
        return true;
    }
    set.of_kind("ServiceMonitor").any(|m| {
        if !watches(m, ns) {
            return false;
        }
        let monitor = Selector::from_label_selector(m.node.get_path(&["spec", "selector"]));
        set.in_namespace("Service", ns).any(|svc| {
            let svc_labels: Vec<(&str, &str)> = svc.labels().collect();
            let pods = Selector::from_map(svc.node.get_path(&["spec", "selector"]));
            monitor.matches(&svc_labels) && !pods.is_empty() && pods.matches(&labels)
        })
    })
}

/// `kube/metrics-exposed`: long-running workloads expose Prometheus metrics.
pub fn metrics_exposed(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    for w in set.workloads() {
        if w.runs_to_completion() || exposes_metrics(set, &w) {
            continue;
        }
        let o = w.object;
        sink.about(o, o.locate(&format!("{}/annotations/prometheus.io~1scrape", w.pod_meta_ptr)), format!("{} exposes no metrics: no `prometheus.io/scrape` annotation, no port named `metrics`, and no ServiceMonitor or PodMonitor selecting it", o.display()), None);
    }
}
