//! Graceful shutdown (EX50): pods get time to finish their work on SIGTERM, and receive it.

use crate::document::Node;
use crate::kube::{Container, KubeSet};
use crate::sink::RuleSink;

/// Shells whose `-c` script swallows SIGTERM unless it `exec`s the process.
const SHELLS: &[&str] = &["sh", "bash", "ash", "dash", "zsh", "ksh"];

/// `kube/termination-grace-period`: pods are not killed without a grace period.
pub fn termination_grace_period(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    for w in set.workloads() {
        let o = w.object;
        if let Some(node) = w.pod_spec.get("terminationGracePeriodSeconds") {
            if node.as_i64() == Some(0) {
                sink.about(o, o.at(&format!("{}/terminationGracePeriodSeconds", w.pod_spec_ptr), node), format!("{} sets `terminationGracePeriodSeconds: 0`: its pods are killed without a chance to finish in-flight work", o.display()), None);
            }
        }
    }
}

/// The `-c` script of a container started through a shell: (pointer, node, script).
fn shell_script<'a>(c: &Container<'a>) -> Option<(String, &'a Node, &'a str)> {
    // Without `command`, `args` go to the image's entrypoint: the shell is not ours to judge.
    c.node.get("command")?;
    let mut argv: Vec<(String, &'a Node)> = Vec::new();
    for field in ["command", "args"] {
        for (i, n) in c
            .node
            .get(field)
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            argv.push((format!("{}/{field}/{i}", c.ptr), n));
        }
    }
    let program = argv.first()?.1.as_str()?;
    let base = program.rsplit('/').next().unwrap_or(program);
    if !SHELLS.contains(&base) {
        return None;
    }
    let c_flag = argv.iter().position(|(_, n)| {
        n.as_str()
            .is_some_and(|a| a.starts_with('-') && !a.starts_with("--") && a.contains('c'))
    })?;
    let (ptr, node) = argv.get(c_flag + 1)?;
    Some((ptr.clone(), node, node.as_str()?))
}

/// Whether a shell script replaces the shell with the process (`exec …`).
fn execs(script: &str) -> bool {
    script
        .split(|c: char| c.is_whitespace() || matches!(c, ';' | '&' | '|' | '(' | ')'))
        .any(|word| word == "exec")
}

/// `kube/shell-exec`: a `sh -c` entrypoint `exec`s the long-running process.
pub fn shell_exec(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    for w in set.workloads().filter(|w| !w.runs_to_completion()) {
        let o = w.object;
        for c in w.containers().iter().filter(|c| c.long_running()) {
            let Some((ptr, node, script)) = shell_script(c) else {
                continue;
            };
            if !execs(script) {
                let first_line = script.lines().next().unwrap_or_default().trim();
                sink.about(o, o.at(&ptr, node), format!("{} of {} runs `{first_line}` through a shell without `exec`: the shell receives SIGTERM and the process is killed without a graceful stop", c.display(), o.display()), None);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::execs;

    #[test]
    fn exec_detection() {
        assert!(execs("exec java -jar app.jar"));
        assert!(execs("envsubst < a > b && exec nginx"));
        assert!(!execs("java -jar app.jar"));
        assert!(!execs("echo executable"));
    }
}
