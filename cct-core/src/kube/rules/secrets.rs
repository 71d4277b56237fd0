//! Secrets and configuration (EX47, EX36): no credential or endpoint hard-coded in manifests.

use crate::document::{pointer_join, Node};
use crate::kube::{Container, KubeSet};
use crate::sink::RuleSink;

/// Environment variable name suffixes that name an endpoint.
const ENDPOINT_SUFFIXES: &[&str] = &[
    "_HOST",
    "_HOSTNAME",
    "_URL",
    "_URI",
    "_ENDPOINT",
    "_ADDR",
    "_ADDRESS",
    "_SERVER",
];

/// The literal `env` entries of a container: (index, name, value node).
fn literal_env<'a>(c: &Container<'a>) -> impl Iterator<Item = (usize, &'a str, &'a Node)> + 'a {
    c.node
        .get("env")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            let value = e.get("value")?;
            let text = value.as_str()?;
            (!text.trim().is_empty()).then_some((
                i,
                e.get("name").and_then(Node::as_str).unwrap_or(""),
                value,
            ))
        })
}

/// `kube/no-secret-in-env`: no secret-looking environment variable has a literal value.
pub fn no_secret_in_env(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    let settings = &sink.policy().settings;
    for w in set.workloads() {
        let o = w.object;
        for c in w.containers() {
            for (i, name, value) in literal_env(c) {
                if settings.is_secret_name(name) {
                    sink.about(
                        o,
                        o.at(&format!("{}/env/{i}/value", c.ptr), value),
                        format!(
                            "{} of {} sets the secret `{name}` as a literal value in the manifest",
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

/// `kube/no-plaintext-secret`: no Secret object with its data is committed.
pub fn no_plaintext_secret(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    for o in set.of_kind("Secret") {
        for field in ["data", "stringData"] {
            let Some(node) = o.node.get(field) else {
                continue;
            };
            let keys: Vec<String> = node
                .entries()
                .iter()
                .filter_map(|(k, _)| k.scalar_text())
                .collect();
            if !keys.is_empty() {
                let encoding = if field == "data" {
                    "base64-encoded, not encrypted"
                } else {
                    "in clear text"
                };
                sink.about(
                    o,
                    o.at(&format!("/{field}"), node),
                    format!(
                        "{} commits the values of [{}] in `{field}` ({encoding})",
                        o.display(),
                        keys.join(", ")
                    ),
                    None,
                );
            }
        }
    }
}

/// `kube/no-credentials-in-configmap`: no ConfigMap key (or embedded `key=value` line) holds a credential.
pub fn no_credentials_in_configmap(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    let patterns: Vec<String> = sink
        .policy()
        .settings
        .configmap_credential_keys
        .iter()
        .map(|p| p.to_ascii_lowercase())
        .collect();
    let is_credential = |key: &str| {
        let lower = key.to_ascii_lowercase();
        patterns.iter().any(|p| lower.contains(p.as_str()))
    };
    for o in set.of_kind("ConfigMap") {
        for field in ["data", "binaryData"] {
            let Some(data) = o.node.get(field) else {
                continue;
            };
            for (key, value) in data.entries() {
                let Some(name) = key.as_str() else { continue };
                let ptr = pointer_join(&format!("/{field}"), name);
                if is_credential(name) {
                    sink.about(o, o.at(&ptr, key), format!("{} stores the credential `{name}` in a ConfigMap, readable by anyone who can read the namespace's configuration", o.display()), None);
                    continue;
                }
                let Some(text) = value.as_str() else { continue };
                let embedded = text.lines().find_map(|line| {
                    let (k, v) = line.split_once(['=', ':'])?;
                    let (k, v) = (k.trim(), v.trim().trim_matches(['"', '\'']));
                    (is_credential(k) && !v.is_empty() && !v.starts_with("${")).then_some(k)
                });
                if let Some(k) = embedded {
                    sink.about(
                        o,
                        o.at(&ptr, value),
                        format!(
                            "{} embeds the credential `{k}` in its `{name}` entry",
                            o.display()
                        ),
                        None,
                    );
                }
            }
        }
    }
}

/// Whether a literal value is an endpoint (`scheme://…`) that is not local to the pod.
fn is_remote_url(value: &str) -> bool {
    let Some((scheme, rest)) = value.split_once("://") else {
        return false;
    };
    let valid_scheme = !scheme.is_empty()
        && scheme
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'));
    valid_scheme && !is_local(rest)
}

/// Whether a host (optionally followed by a port or path) is the pod itself.
fn is_local(host: &str) -> bool {
    let host = host.rsplit('@').next().unwrap_or(host);
    ["localhost", "127.0.0.1", "0.0.0.0", "[::1]", "[::]"]
        .iter()
        .any(|l| {
            host.strip_prefix(l)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([':', '/']))
        })
}

/// `kube/no-hardcoded-endpoint`: URLs and hosts in `env` come from a ConfigMap or Secret.
pub fn no_hardcoded_endpoint(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    for w in set.workloads() {
        let o = w.object;
        for c in w.containers() {
            for (i, name, value) in literal_env(c) {
                let text = value.as_str().unwrap_or_default().trim();
                let upper = name.to_ascii_uppercase();
                let hardcoded = if text.contains("://") {
                    is_remote_url(text)
                } else {
                    ENDPOINT_SUFFIXES.iter().any(|s| upper.ends_with(s))
                        && !text.starts_with("$(")
                        && !is_local(text)
                };
                if hardcoded {
                    sink.about(
                        o,
                        o.at(&format!("{}/env/{i}/value", c.ptr), value),
                        format!(
                            "{} of {} hard-codes the endpoint `{name}={text}`",
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert!(is_remote_url("https://api.example.fr/v1"));
        assert!(is_remote_url("postgres://user@db.prod:5432/app"));
        assert!(!is_remote_url("http://localhost:8080/health"));
        assert!(!is_remote_url("not a url"));
        assert!(is_local("127.0.0.1:9000"));
        assert!(!is_local("localhost.example.fr"));
    }
}
