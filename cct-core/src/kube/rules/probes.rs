//! Health probes (EX25, EX51): the platform knows when a container is alive, ready and started.

use crate::kube::KubeSet;
use crate::locate::Locate;
use crate::sink::RuleSink;

fn missing_probe(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>, field: &str, what: &str) {
    for w in set.workloads() {
        if w.runs_to_completion() {
            continue;
        }
        let o = w.object;
        for c in w.containers().iter().filter(|c| c.long_running()) {
            if c.node.get(field).is_none() {
                sink.about(
                    o,
                    o.locate(&format!("{}/{field}", c.ptr)),
                    format!(
                        "{} of {} has no `{field}`: {what}",
                        c.display(),
                        o.display()
                    ),
                    None,
                );
            }
        }
    }
}

/// `kube/liveness-probe`: every long-running container has a liveness probe.
pub fn liveness_probe(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    missing_probe(
        set,
        sink,
        "livenessProbe",
        "a hung process is never restarted",
    );
}

/// `kube/readiness-probe`: every long-running container has a readiness probe.
pub fn readiness_probe(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    missing_probe(
        set,
        sink,
        "readinessProbe",
        "traffic reaches it before it can serve and while it is overloaded",
    );
}

/// `kube/startup-probe`: slow starts are handled by a startup probe, not a long initial delay.
pub fn startup_probe(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    let max = sink.policy().settings.max_initial_delay_seconds;
    for w in set.workloads() {
        if w.runs_to_completion() {
            continue;
        }
        let o = w.object;
        for c in w.containers().iter().filter(|c| c.long_running()) {
            if c.node.get("startupProbe").is_some() {
                continue;
            }
            for field in ["livenessProbe", "readinessProbe"] {
                let Some(delay) = c.node.get_path(&[field, "initialDelaySeconds"]) else {
                    continue;
                };
                if delay.as_i64().is_some_and(|d| d > max) {
                    sink.about(o, o.at(&format!("{}/{field}/initialDelaySeconds", c.ptr), delay), format!("{} of {} waits {}s before its first `{field}` check (more than {max}s) and has no `startupProbe`", c.display(), o.display(), delay.as_i64().unwrap_or_default()), None);
                }
            }
        }
    }
}
