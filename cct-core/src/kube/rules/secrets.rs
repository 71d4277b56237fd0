//! Secrets and configuration (EX47, EX36): no credential or endpoint hard-coded in manifests.

use super::emit;
use super::secret_values::secret_in;
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
                let text = value.as_str().unwrap_or_default();
                let at = o.at(&format!("{}/env/{i}/value", c.ptr), value);
                if let Some(what) = secret_in(text) {
                    emit(
                        sink,
                        o,
                        at,
                        format!(
                            "{} of {} sets `{name}` to {what}, a secret in clear in the manifest",
                            c.display(),
                            o.display()
                        ),
                    );
                    continue;
                }
                let upper = name.to_ascii_uppercase().replace('-', "_");
                if settings.is_secret_name(name) && !names_a_secret(&upper, text) {
                    emit(
                        sink,
                        o,
                        at,
                        format!(
                            "{} of {} sets the secret `{name}` as a literal value in the manifest",
                            c.display(),
                            o.display()
                        ),
                    );
                }
            }
        }
    }
}

/// Variable name endings that name or locate a secret rather than hold it (`DB_SECRET_NAME`, `TOKEN_FILE`).
const REFERENCE_SUFFIXES: &[&str] = &[
    "_NAME",
    "_FILE",
    "_PATH",
    "_DIR",
    "_STORE",
    "_REF",
    "_MOUNT",
    "_LOCATION",
    "_TYPE",
    "_ENABLED",
    "_KEY_ID",
    "_SECRET_ID",
    "_ENV",
];

/// Whether a secret-named variable only names or locates the secret: its name
/// says so, or its value is a path or a `$(VAR)` expansion.
fn names_a_secret(upper_name: &str, value: &str) -> bool {
    REFERENCE_SUFFIXES.iter().any(|s| upper_name.ends_with(s))
        || value.starts_with('/')
        || value.starts_with("$(")
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
                emit(
                    sink,
                    o,
                    o.at(&format!("/{field}"), node),
                    format!(
                        "{} commits the values of [{}] in `{field}` ({encoding})",
                        o.display(),
                        keys.join(", ")
                    ),
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
                    emit(sink, o, o.at(&ptr, key), format!("{} stores the credential `{name}` in a ConfigMap, readable by anyone who can read the namespace's configuration", o.display()));
                    continue;
                }
                let Some(text) = value.as_str() else { continue };
                if let Some(what) = secret_in(text) {
                    emit(sink, o, o.at(&ptr, value), format!("{} holds {what} in its `{name}` entry, readable by anyone who can read the namespace's configuration", o.display()));
                    continue;
                }
                let embedded = text.lines().find_map(|line| {
                    let (k, v) = line.split_once(['=', ':'])?;
                    let (k, v) = (k.trim(), v.trim().trim_matches(['"', '\'']));
                    (is_credential(k) && !v.is_empty() && !v.starts_with("${")).then_some(k)
                });
                if let Some(k) = embedded {
                    emit(
                        sink,
                        o,
                        o.at(&ptr, value),
                        format!(
                            "{} embeds the credential `{k}` in its `{name}` entry",
                            o.display()
                        ),
                    );
                }
            }
        }
    }
}

/// The host of an endpoint value: `scheme://[user@]host[:port][/…]` or `host[:port]`.
fn endpoint_host(value: &str) -> &str {
    let rest = match value.split_once("://") {
        Some((_, rest)) => rest,
        None => value,
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let host_port = authority.rsplit('@').next().unwrap_or(authority);
    if let Some(inner) = host_port.strip_prefix('[') {
        return inner.split(']').next().unwrap_or(inner);
    }
    if host_port.parse::<std::net::IpAddr>().is_ok() {
        return host_port;
    }
    match host_port.rsplit_once(':') {
        Some((host, port)) if port.is_empty() || port.bytes().all(|b| b.is_ascii_digit()) => host,
        _ => host_port,
    }
}

/// Whether a host is outside the cluster and the pod, so specific to one
/// environment: not empty (`:5000` listens), not a `$(VAR)` or template, not
/// loopback or a wildcard address, not an in-cluster Service (`cartservice`,
/// `db.shop`, `*.svc`, `*.cluster.local`, `*.local`).
fn is_external_host(host: &str, namespaces: &[&str]) -> bool {
    let host = host.trim().trim_end_matches('.');
    if host.is_empty() || host.contains(['$', '{', '}', '%', ' ']) {
        return false;
    }
    if let Ok(ip) = host.parse::<std::net::IpAddr>() {
        return !(ip.is_loopback() || ip.is_unspecified());
    }
    let lower = host.to_ascii_lowercase();
    if lower == "localhost" || !lower.contains('.') {
        return false;
    }
    if [
        ".svc",
        ".cluster.local",
        ".local",
        ".localhost",
        ".internal",
    ]
    .iter()
    .any(|s| lower.ends_with(s))
        || lower.contains(".svc.")
    {
        return false;
    }
    // `service.namespace`, a namespace of the set.
    match lower.split_once('.') {
        Some((_, ns)) if !ns.contains('.') => !namespaces.contains(&ns),
        _ => true,
    }
}

/// `kube/no-hardcoded-endpoint`: external endpoints in `env` come from a ConfigMap or Secret.
pub fn no_hardcoded_endpoint(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    let mut namespaces: Vec<&str> = set.objects.iter().filter_map(|o| o.namespace).collect();
    namespaces.extend(set.of_kind("Namespace").filter_map(|o| o.name));
    namespaces.sort_unstable();
    namespaces.dedup();
    for w in set.workloads() {
        let o = w.object;
        for c in w.containers() {
            for (i, name, value) in literal_env(c) {
                let text = value.as_str().unwrap_or_default().trim();
                let upper = name.to_ascii_uppercase();
                let endpoint =
                    text.contains("://") || ENDPOINT_SUFFIXES.iter().any(|s| upper.ends_with(s));
                let external = endpoint
                    && text
                        .split([',', ' '])
                        .filter(|part| !part.is_empty())
                        .any(|part| is_external_host(endpoint_host(part), &namespaces));
                if external {
                    emit(sink,
                        o,
                        o.at(&format!("{}/env/{i}/value", c.ptr), value),
                        format!(
                            "{} of {} hard-codes the external endpoint `{name}={text}`, specific to one environment",
                            c.display(),
                            o.display()
                        ),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn external(value: &str) -> bool {
        is_external_host(endpoint_host(value), &["shop"])
    }

    #[test]
    fn only_external_endpoints_count() {
        assert!(external("https://api.example.fr/v1"));
        assert!(external("postgres://user@db.prod.example.fr:5432/app"));
        assert!(external("10.2.3.4:5432"));
        assert!(external("localhost.example.fr"));
        for local in [
            "http://localhost:8080/health",
            "cartservice:7070",
            "redis",
            "https://argocd-server",
            "db.shop:5432",
            "api.shop.svc.cluster.local:80",
            "x.svc",
            ":5000",
            "0.0.0.0:8080",
            "::",
            "[::]:80",
            "127.0.0.1:9000",
            "$(HOST):80",
            "http://$(SVC)/x",
        ] {
            assert!(!external(local), "{local}");
        }
    }

    #[test]
    fn names_of_secrets_are_not_secrets() {
        assert!(names_a_secret("DB_SECRET_NAME", "db-credentials"));
        assert!(names_a_secret("TOKEN", "/var/run/secrets/token"));
        assert!(!names_a_secret("DB_PASSWORD", "hunter2"));
    }
}
