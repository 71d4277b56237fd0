//! Frugal, bounded resources (EX26): requests and limits, storage size, job history.

use super::describe;
use crate::document::Node;
use crate::kube::{KubeSet, Object};
use crate::locate::Locate;
use crate::sink::RuleSink;

/// `kube/requests-and-limits`: every container sets cpu and memory requests and limits.
pub fn requests_and_limits(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    for w in set.workloads() {
        let o = w.object;
        for c in w.containers() {
            let Some(resources) = c.node.get("resources") else {
                sink.about(
                    o,
                    o.locate(&format!("{}/resources", c.ptr)),
                    format!(
                        "{} of {} sets no cpu and memory requests or limits",
                        c.display(),
                        o.display()
                    ),
                    None,
                );
                continue;
            };
            for section in ["requests", "limits"] {
                let Some(values) = resources.get(section) else {
                    sink.about(
                        o,
                        o.locate(&format!("{}/resources/{section}", c.ptr)),
                        format!(
                            "{} of {} sets no cpu and memory {section}",
                            c.display(),
                            o.display()
                        ),
                        None,
                    );
                    continue;
                };
                for resource in ["cpu", "memory"] {
                    if values.get(resource).is_none_or(Node::is_null) {
                        sink.about(
                            o,
                            o.locate(&format!("{}/resources/{section}/{resource}", c.ptr)),
                            format!(
                                "{} of {} sets no {resource} in `resources.{section}`",
                                c.display(),
                                o.display()
                            ),
                            None,
                        );
                    }
                }
            }
        }
    }
}

/// Reads a Kubernetes quantity (`10Gi`, `500M`, `1.5Ti`, `1e9`) as a number of units
/// (the same reader custom rules use).
pub(crate) fn parse_quantity(text: &str) -> Option<f64> {
    crate::quantity::quantity(text)
}

fn check_storage(
    sink: &mut RuleSink<'_, '_>,
    o: &Object<'_>,
    spec_ptr: &str,
    spec: &Node,
    max: f64,
    max_text: &str,
    what: &str,
) {
    let Some(storage) = spec.get_path(&["resources", "requests", "storage"]) else {
        return;
    };
    let text = storage.scalar_text().unwrap_or_default();
    if parse_quantity(&text).is_some_and(|size| size > max) {
        sink.about(
            o,
            o.at(&format!("{spec_ptr}/resources/requests/storage"), storage),
            format!("{what} requests `{text}` of storage, more than the {max_text} allowed"),
            None,
        );
    }
}

/// `kube/pvc-size-limit`: persistent volume claims stay under the configured size.
pub fn pvc_size_limit(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    let max_text = sink.policy().settings.max_pvc_size.clone();
    let Some(max) = parse_quantity(&max_text) else {
        return;
    };
    for o in set.of_kind("PersistentVolumeClaim") {
        if let Some(spec) = o.node.get("spec") {
            check_storage(sink, o, "/spec", spec, max, &max_text, &o.display());
        }
    }
    for o in set.of_kind("StatefulSet") {
        let templates = o
            .node
            .get_path(&["spec", "volumeClaimTemplates"])
            .map(Node::items)
            .unwrap_or(&[]);
        for (i, t) in templates.iter().enumerate() {
            let Some(spec) = t.get("spec") else { continue };
            let name = t
                .get_path(&["metadata", "name"])
                .and_then(Node::as_str)
                .unwrap_or("<unnamed>");
            let what = format!("volume claim template `{name}` of {}", o.display());
            check_storage(
                sink,
                o,
                &format!("/spec/volumeClaimTemplates/{i}/spec"),
                spec,
                max,
                &max_text,
                &what,
            );
        }
    }
}

/// `kube/job-history-limits`: CronJobs bound how many finished Jobs they keep.
pub fn job_history_limits(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    let max = sink.policy().settings.max_job_history;
    for o in set.of_kind("CronJob") {
        for field in ["successfulJobsHistoryLimit", "failedJobsHistoryLimit"] {
            let ptr = format!("/spec/{field}");
            match o.node.get_path(&["spec", field]) {
                None => sink.about(
                    o,
                    o.locate(&ptr),
                    format!(
                        "{} does not set `{field}`; the platform will set `{field}: {max}`",
                        o.display()
                    ),
                    None,
                ),
                Some(n) => match n.as_i64() {
                    Some(v) if v <= max => {}
                    Some(v) => sink.about(
                        o,
                        o.at(&ptr, n),
                        format!(
                            "{} keeps `{field}: {v}` finished Jobs, more than {max}",
                            o.display()
                        ),
                        None,
                    ),
                    None => sink.about(
                        o,
                        o.at(&ptr, n),
                        format!(
                            "{} sets `{field}` to {}; it must be an integer",
                            o.display(),
                            describe(n)
                        ),
                        None,
                    ),
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_quantity;

    #[test]
    fn quantities() {
        assert_eq!(parse_quantity("1Ti"), Some(1_099_511_627_776.0));
        assert_eq!(parse_quantity("2Gi"), Some(2.0 * 1_073_741_824.0));
        assert_eq!(parse_quantity("500M"), Some(5e8));
        assert_eq!(parse_quantity("1e3"), Some(1000.0));
        assert_eq!(parse_quantity("100m"), Some(0.1));
        assert_eq!(parse_quantity("lots"), None);
    }
}
