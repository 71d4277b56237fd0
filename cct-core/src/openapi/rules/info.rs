//! Document-level rules: `info`, `servers`, security schemes, markdown hygiene.

use crate::document::{pointer_index, pointer_join, Node, Value};
use crate::locate::Locate;
use crate::sink::RuleSink;

use super::text;
use crate::openapi::Api;

/// `openapi/info-title`: `info.title` is set.
pub fn info_title(api: &Api<'_>, sink: &mut RuleSink<'_, '_>) {
    if text(api.root.get_path(&["info", "title"])).is_none() {
        sink.report(
            api.locate("/info/title"),
            Some(api.object()),
            "the description has no `info.title`; consumers cannot tell which API this is",
            None,
        );
    }
}

/// `openapi/info-description`: `info.description` is set.
pub fn info_description(api: &Api<'_>, sink: &mut RuleSink<'_, '_>) {
    if text(api.root.get_path(&["info", "description"])).is_none() {
        sink.report(
            api.locate("/info/description"),
            Some(api.object()),
            "the description has no `info.description` saying what the API is for",
            None,
        );
    }
}

/// `openapi/info-version-semver`: `info.version` is a semantic version.
pub fn info_version_semver(api: &Api<'_>, sink: &mut RuleSink<'_, '_>) {
    match api.root.get_path(&["info", "version"]) {
        None => sink.report(
            api.locate("/info/version"),
            Some(api.object()),
            "the description has no `info.version`",
            None,
        ),
        Some(node) => {
            let value = api.document.quoted_text(node).unwrap_or_default();
            let bare = value.strip_prefix('v').unwrap_or(&value);
            if node.as_str().is_none() || semver::Version::parse(bare).is_err() {
                sink.report(
                    api.at("/info/version", node),
                    Some(api.object()),
                    format!("`info.version` is `{value}`, which is not a semantic version (`MAJOR.MINOR.PATCH`, as a string)"),
                    None,
                );
            }
        }
    }
}

/// `openapi/info-contact`: `info.contact` names a way to reach the team (`email` or `url`).
pub fn info_contact(api: &Api<'_>, sink: &mut RuleSink<'_, '_>) {
    match api.root.get_path(&["info", "contact"]) {
        None => sink.report(
            api.locate("/info/contact"),
            Some(api.object()),
            "the description has no `info.contact`; consumers do not know who runs the API",
            None,
        ),
        Some(contact) => {
            if text(contact.get("email")).is_none() && text(contact.get("url")).is_none() {
                sink.report(
                    api.at("/info/contact", contact),
                    Some(api.object()),
                    "`info.contact` has neither an `email` nor a `url` to reach the team",
                    None,
                );
            }
        }
    }
}

/// Every `servers` list of the description (root, path items, operations) with its pointer.
fn server_lists<'a>(api: &Api<'a>) -> Vec<(String, &'a Node)> {
    let mut out = Vec::new();
    if let Some(list) = api.root.get("servers") {
        out.push(("/servers".to_owned(), list));
    }
    if let Some(paths) = api.root.get("paths") {
        for (key, item) in paths.entries() {
            let Some(name) = key.as_str() else { continue };
            let item_ptr = pointer_join("/paths", name);
            if let Some(list) = item.get("servers") {
                out.push((pointer_join(&item_ptr, "servers"), list));
            }
            for method in crate::openapi::METHODS {
                if let Some(list) = item.get(method).and_then(|op| op.get("servers")) {
                    out.push((
                        pointer_join(&pointer_join(&item_ptr, method), "servers"),
                        list,
                    ));
                }
            }
        }
    }
    out
}

/// `openapi/servers-defined`: the description says where the API is served.
pub fn servers_defined(api: &Api<'_>, sink: &mut RuleSink<'_, '_>) {
    let empty = api.root.get("servers").is_none_or(|s| s.items().is_empty());
    if empty {
        sink.report(
            api.locate("/servers"),
            Some(api.object()),
            "the description declares no `servers`; consumers cannot tell where the API is served",
            None,
        );
    }
}

/// Whether `url` targets the loopback interface (local development).
fn is_loopback(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = match host.strip_prefix('[') {
        Some(h) => h.split(']').next().unwrap_or(h),
        None => host.split(':').next().unwrap_or(host),
    };
    let host = host.to_ascii_lowercase();
    matches!(
        host.as_str(),
        "localhost" | "::1" | "0.0.0.0" | "host.docker.internal"
    ) || host.ends_with(".localhost")
        || host.starts_with("127.")
}

/// The URLs a server may resolve to: its variables replaced by their `default`, then each
/// `enum` value of each variable in turn (`{scheme}://api.example.com` with `enum: [https, http]`).
fn server_urls(url: &str, server: &Node) -> Vec<String> {
    let variables = server
        .get("variables")
        .map(Node::entries)
        .unwrap_or_default();
    if variables.is_empty() || !url.contains('{') {
        return vec![url.to_owned()];
    }
    let defaults: Vec<(String, String)> = variables
        .iter()
        .filter_map(|(k, v)| {
            let value = v.get("default").and_then(Node::scalar_text)?;
            Some((format!("{{{}}}", k.scalar_text()?), value))
        })
        .collect();
    let fill = |overridden: Option<(&str, &str)>| {
        let mut out = url.to_owned();
        if let Some((name, value)) = overridden {
            out = out.replace(name, value);
        }
        for (name, value) in &defaults {
            out = out.replace(name.as_str(), value);
        }
        out
    };
    let mut out = vec![fill(None)];
    for (k, v) in variables {
        let Some(name) = k.scalar_text().map(|n| format!("{{{n}}}")) else {
            continue;
        };
        for option in v.get("enum").map(Node::items).unwrap_or_default() {
            if let Some(value) = option.scalar_text() {
                let resolved = fill(Some((&name, &value)));
                if !out.contains(&resolved) {
                    out.push(resolved);
                }
            }
        }
    }
    out
}

/// Whether a server URL is served over plain HTTP to somewhere other than the local machine.
pub(crate) fn is_plain_http(url: &str) -> bool {
    url.get(..7)
        .is_some_and(|p| p.eq_ignore_ascii_case("http://"))
        && !is_loopback(url)
}

/// `openapi/servers-https`: every server URL uses HTTPS.
pub fn servers_https(api: &Api<'_>, sink: &mut RuleSink<'_, '_>) {
    for (ptr, list) in server_lists(api) {
        for (i, server) in list.items().iter().enumerate() {
            let Some(url_node) = server.get("url") else {
                continue;
            };
            let Some(url) = url_node.as_str() else {
                continue;
            };
            let Some(plain) = server_urls(url, server)
                .into_iter()
                .find(|u| is_plain_http(u))
            else {
                continue;
            };
            let message = if plain == url {
                format!("server `{url}` is plain HTTP; traffic to it travels unencrypted")
            } else {
                format!("server `{url}` resolves to `{plain}` through its variables, plain HTTP; traffic to it travels unencrypted")
            };
            let fixed = format!("https://{}", plain.get(7..).unwrap_or_default());
            sink.report(
                api.at(&format!("{}/url", pointer_index(&ptr, i)), url_node),
                Some(api.object()),
                message,
                Some(format!(
                    "Serve the API over TLS and declare `url: {fixed}` (and no `http` value among its variables)."
                )),
            );
        }
    }
}

/// `openapi/security-schemes`: `components.securitySchemes` defines at least one scheme.
pub fn security_schemes(api: &Api<'_>, sink: &mut RuleSink<'_, '_>) {
    let defined = api
        .root
        .get_path(&["components", "securitySchemes"])
        .is_some_and(|s| !s.entries().is_empty());
    if !defined {
        sink.report(
            api.locate("/components/securitySchemes"),
            Some(api.object()),
            "the description defines no `components.securitySchemes`; nothing says how consumers authenticate",
            None,
        );
    }
}

/// `openapi/no-http-basic`: no HTTP Basic scheme when a server is plain HTTP.
pub fn no_http_basic(api: &Api<'_>, sink: &mut RuleSink<'_, '_>) {
    let plain: Vec<&str> = server_lists(api)
        .into_iter()
        .flat_map(|(_, list)| {
            list.items()
                .iter()
                .filter_map(|s| s.get("url").and_then(Node::as_str))
        })
        .filter(|url| is_plain_http(url))
        .collect();
    let Some(first_plain) = plain.first() else {
        return;
    };
    let Some(schemes) = api.root.get_path(&["components", "securitySchemes"]) else {
        return;
    };
    for (key, scheme) in schemes.entries() {
        let Some(name) = key.as_str() else { continue };
        let ptr = pointer_join("/components/securitySchemes", name);
        let Some(scheme) = api.deref(scheme, &ptr) else {
            continue;
        };
        let is_basic = scheme.node.get("type").and_then(Node::as_str) == Some("http")
            && scheme
                .node
                .get("scheme")
                .and_then(Node::as_str)
                .is_some_and(|s| s.eq_ignore_ascii_case("basic"));
        if is_basic {
            sink.report(
                api.at_key("/components/securitySchemes", name),
                Some(api.object()),
                format!("security scheme `{name}` sends passwords with HTTP Basic, and server `{first_plain}` is plain HTTP: credentials travel in clear text"),
                None,
            );
        }
    }
}

/// Patterns that make a description's markdown dangerous to render in portals.
fn dangerous_markdown(text: &str) -> Option<&'static str> {
    let lower = text.to_ascii_lowercase();
    if lower.contains("<script") {
        Some("a `<script>` tag")
    } else if lower.contains("eval(") {
        Some("`eval(`")
    } else {
        None
    }
}

/// `openapi/no-script-in-markdown`: `title`/`description`/`summary` texts hold no `<script>` or `eval(`.
pub fn no_script_in_markdown(api: &Api<'_>, sink: &mut RuleSink<'_, '_>) {
    let mut stack: Vec<(String, &Node)> = vec![(String::new(), api.root)];
    while let Some((ptr, node)) = stack.pop() {
        match &node.value {
            Value::Map(entries) => {
                for (k, v) in entries.iter().rev() {
                    let Some(key) = k.as_str() else { continue };
                    if matches!(key, "description" | "summary" | "title") {
                        if let Some(found) = v.as_str().and_then(dangerous_markdown) {
                            let child = pointer_join(&ptr, key);
                            sink.report(
                                api.at(&child, v),
                                Some(api.object()),
                                format!("`{child}` contains {found}; API portals that render this markdown would run it"),
                                None,
                            );
                            continue;
                        }
                    }
                    if matches!(key, "example" | "examples" | "default" | "enum") {
                        continue;
                    }
                    // Only collections hold more text to look at (a pointer costs an allocation).
                    if v.is_map() || v.is_seq() {
                        stack.push((pointer_join(&ptr, key), v));
                    }
                }
            }
            Value::Seq(items) => {
                for (i, item) in items.iter().enumerate().rev() {
                    if item.is_map() || item.is_seq() {
                        stack.push((pointer_index(&ptr, i), item));
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_spares_loopback() {
        assert!(is_plain_http("http://api.example.fr/v1"));
        assert!(is_plain_http("HTTP://api.example.fr"));
        assert!(!is_plain_http("https://api.example.fr"));
        assert!(!is_plain_http("http://localhost:8080"));
        assert!(!is_plain_http("http://127.0.0.1/v1"));
        assert!(!is_plain_http("http://[::1]:8080/"));
        assert!(!is_plain_http("/v1"));
    }
}
