//! Health probes (EX25, EX51): the platform knows when a container is alive, ready and started.

use super::emit;
use crate::kube::KubeSet;
use crate::sink::Sink;

fn missing_probe(set: &KubeSet<'_>, sink: &mut Sink<'_>, rule: &str, field: &str, what: &str) {
    for w in set.workloads() {
        if w.runs_to_completion() {
            continue;
        }
        let o = w.object;
        for c in w.containers().iter().filter(|c| c.long_running()) {
            if c.node.get(field).is_none() {
                emit(
                    sink,
                    rule,
                    o,
                    o.locate(&format!("{}/{field}", c.ptr)),
                    format!(
                        "{} of {} has no `{field}`: {what}",
                        c.display(),
                        o.display()
                    ),
                );
            }
        }
    }
}

/// `kube/liveness-probe`: every long-running container has a liveness probe.
pub fn liveness_probe(set: &KubeSet<'_>, sink: &mut Sink<'_>) {
    missing_probe(
        set,
        sink,
        "kube/liveness-probe",
        "livenessProbe",
        "a hung process is never restarted",
    );
}

/// `kube/readiness-probe`: every long-running container has a readiness probe.
pub fn readiness_probe(set: &KubeSet<'_>, sink: &mut Sink<'_>) {
    missing_probe(
        set,
        sink,
        "kube/readiness-probe",
        "readinessProbe",
        "traffic reaches it before it can serve and while it is overloaded",
    );
}

/// `kube/startup-probe`: slow starts are handled by a startup probe, not a long initial delay.
pub fn startup_probe(set: &KubeSet<'_>, sink: &mut Sink<'_>) {
    const RULE: &str = "kube/startup-probe";
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
                    emit(sink, RULE, o, o.at(&format!("{}/{field}/initialDelaySeconds", c.ptr), delay), format!("{} of {} waits {}s before its first `{field}` check (more than {max}s) and has no `startupProbe`", c.display(), o.display(), delay.as_i64().unwrap_or_default()));
                }
            }
        }
    }
}
