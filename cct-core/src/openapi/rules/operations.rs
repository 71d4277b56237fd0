//! Operation rules: ids, documentation, parameters, responses and security.

use std::collections::{BTreeMap, BTreeSet};

use crate::document::{pointer_index, pointer_join, Node};
use crate::locate::Locate;
use crate::sink::RuleSink;

use super::text;
use crate::openapi::{Api, Operation};

/// Whether `c` may appear unescaped in a URL (RFC 3986 unreserved and reserved characters).
fn is_url_safe(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=".contains(c)
}

/// `openapi/operation-id`: every operation has a URL-safe `operationId`.
pub fn operation_id(api: &Api<'_>, sink: &mut RuleSink<'_, '_>) {
    for op in api.operations() {
        if let Some((node, id)) = op
            .node
            .get("operationId")
            .and_then(|n| n.as_str().map(|s| (n, s)))
        {
            if let Some(bad) = id.chars().find(|c| !is_url_safe(*c)) {
                if !id.trim().is_empty() {
                    let bad = if bad.is_whitespace() {
                        "a space".to_owned()
                    } else {
                        format!("`{bad}`")
                    };
                    sink.report(
                        api.at(&pointer_join(&op.ptr, "operationId"), node),
                        Some(op.object()),
                        format!("`operationId` `{id}` of operation {} contains {bad}, which is not allowed unescaped in a URL; tools put ids in links and code", op.display()),
                        None,
                    );
                    continue;
                }
            }
        }
        if text(op.node.get("operationId")).is_none() {
            sink.report(
                api.locate(&pointer_join(&op.ptr, "operationId")),
                Some(op.object()),
                format!("operation {} has no `operationId`; generated clients and documentation need a stable name for it", op.display()),
                None,
            );
        }
    }
}

/// `openapi/operation-id-unique`: no two operations share an `operationId`.
pub fn operation_id_unique(api: &Api<'_>, sink: &mut RuleSink<'_, '_>) {
    let mut first: BTreeMap<&str, String> = BTreeMap::new();
    for op in api.operations() {
        let Some(node) = op.node.get("operationId") else {
            continue;
        };
        let Some(id) = node.as_str() else { continue };
        match first.get(id) {
            Some(other) => sink.report(
                api.at(&pointer_join(&op.ptr, "operationId"), node),
                Some(op.object()),
                format!(
                    "operation {} reuses the `operationId` `{id}` of {other}",
                    op.display()
                ),
                None,
            ),
            None => {
                first.insert(id, op.display());
            }
        }
    }
}

/// `openapi/operation-description`: every operation has a `summary` or a `description`.
pub fn operation_description(api: &Api<'_>, sink: &mut RuleSink<'_, '_>) {
    for op in api.operations() {
        if text(op.node.get("summary")).is_none() && text(op.node.get("description")).is_none() {
            sink.report(
                api.at(&op.ptr, op.node),
                Some(op.object()),
                format!(
                    "operation {} has neither a `summary` nor a `description`",
                    op.display()
                ),
                None,
            );
        }
    }
}

/// `openapi/operation-tags`: every operation has tags, each declared in the top-level `tags`.
pub fn operation_tags(api: &Api<'_>, sink: &mut RuleSink<'_, '_>) {
    let declared: BTreeSet<&str> = api
        .root
        .get("tags")
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .filter_map(|t| t.get("name").and_then(Node::as_str))
        .collect();
    for op in api.operations() {
        let tags = op.node.get("tags").map(Node::items).unwrap_or_default();
        if tags.is_empty() {
            sink.report(
                api.locate(&pointer_join(&op.ptr, "tags")),
                Some(op.object()),
                format!(
                    "operation {} has no `tags`; documentation cannot group it",
                    op.display()
                ),
                None,
            );
            continue;
        }
        for (i, tag) in tags.iter().enumerate() {
            let Some(name) = tag.as_str() else { continue };
            if !declared.contains(name) {
                sink.report(
                    api.at(&pointer_index(&pointer_join(&op.ptr, "tags"), i), tag),
                    Some(op.object()),
                    format!("operation {} uses the tag `{name}`, which the top-level `tags` list does not declare", op.display()),
                    Some(format!("Declare it at the top level: `tags: [{{name: {name}, description: …}}]`.")),
                );
            }
        }
    }
}

/// Parameter lists written in the description (path items, operations, components), with their pointers.
fn parameter_lists<'a>(api: &Api<'a>) -> Vec<(String, &'a Node)> {
    let mut out = Vec::new();
    let mut seen_items = BTreeSet::new();
    for op in api.operations() {
        if seen_items.insert(op.item_ptr.clone()) {
            if let Some(list) = op.item.get("parameters") {
                out.push((pointer_join(&op.item_ptr, "parameters"), list));
            }
        }
        if let Some(list) = op.node.get("parameters") {
            out.push((pointer_join(&op.ptr, "parameters"), list));
        }
    }
    out
}

/// `openapi/parameter-description`: every parameter has a `description`.
pub fn parameter_description(api: &Api<'_>, sink: &mut RuleSink<'_, '_>) {
    let check = |ptr: String, param: &Node, sink: &mut RuleSink<'_, '_>| {
        if param.get("$ref").is_some() || !param.is_map() {
            return; // checked where it is defined
        }
        if text(param.get("description")).is_none() {
            let name = param.get("name").and_then(Node::as_str).unwrap_or("?");
            let place = param.get("in").and_then(Node::as_str).unwrap_or("?");
            sink.report(
                api.at(&ptr, param),
                Some(api.object()),
                format!("{place} parameter `{name}` has no `description`; consumers must guess what to send"),
                None,
            );
        }
    };
    for (ptr, list) in parameter_lists(api) {
        for (i, param) in list.items().iter().enumerate() {
            check(pointer_index(&ptr, i), param, sink);
        }
    }
    if let Some(components) = api.root.get_path(&["components", "parameters"]) {
        for (k, param) in components.entries() {
            let Some(name) = k.as_str() else { continue };
            check(pointer_join("/components/parameters", name), param, sink);
        }
    }
}

/// `openapi/parameters-unique`: no parameter list holds the same `name` and `in` twice.
pub fn parameters_unique(api: &Api<'_>, sink: &mut RuleSink<'_, '_>) {
    for (ptr, list) in parameter_lists(api) {
        let mut seen = BTreeSet::new();
        for (i, param) in list.items().iter().enumerate() {
            let p = pointer_index(&ptr, i);
            let Some(resolved) = api.deref(param, &p) else {
                continue;
            };
            let (Some(name), Some(place)) = (
                resolved.node.get("name").and_then(Node::as_str),
                resolved.node.get("in").and_then(Node::as_str),
            ) else {
                continue;
            };
            if !seen.insert((name, place)) {
                sink.report(
                    api.at(&p, param),
                    Some(api.object()),
                    format!("{place} parameter `{name}` is declared twice in `{ptr}`"),
                    None,
                );
            }
        }
    }
}

fn is_success(code: &str) -> bool {
    code.starts_with('2') || code.starts_with('3')
}

fn is_error(code: &str) -> bool {
    code.starts_with('4') || code.starts_with('5') || code == "default"
}

/// Response codes of an operation, as text (YAML may read `200` as a number).
fn code_texts(op: &Operation<'_>) -> Vec<String> {
    op.node
        .get("responses")
        .map(Node::entries)
        .unwrap_or_default()
        .iter()
        .filter_map(|(k, _)| k.scalar_text())
        .collect()
}

/// `openapi/success-response`: every operation documents a 2xx or 3xx response.
pub fn success_response(api: &Api<'_>, sink: &mut RuleSink<'_, '_>) {
    for op in api.operations() {
        if !code_texts(op).iter().any(|c| is_success(c)) {
            sink.report(
                api.locate(&pointer_join(&op.ptr, "responses")),
                Some(op.object()),
                format!(
                    "operation {} documents no success (2xx or 3xx) response",
                    op.display()
                ),
                None,
            );
        }
    }
}

/// `openapi/error-responses`: every operation documents its error responses (4xx, 5xx or `default`).
pub fn error_responses(api: &Api<'_>, sink: &mut RuleSink<'_, '_>) {
    for op in api.operations() {
        if !code_texts(op).iter().any(|c| is_error(c)) {
            sink.report(
                api.locate(&pointer_join(&op.ptr, "responses")),
                Some(op.object()),
                format!("operation {} documents no error response (4xx, 5xx or `default`); consumers cannot tell how it fails", op.display()),
                None,
            );
        }
    }
}

/// Whether a media type key (`application/problem+json; charset=utf-8`) is `type`.
pub(crate) fn media_is(key: &str, wanted: &str) -> bool {
    key.split(';')
        .next()
        .is_some_and(|m| m.trim().eq_ignore_ascii_case(wanted))
}

/// `openapi/problem-json-errors`: error responses are `application/problem+json` (RFC 9457).
pub fn problem_json_errors(api: &Api<'_>, sink: &mut RuleSink<'_, '_>) {
    let mut reported: BTreeSet<(Option<String>, String)> = BTreeSet::new();
    for op in api.operations() {
        if op.method == "head" {
            continue;
        }
        let Some(responses) = op.node.get("responses") else {
            continue;
        };
        for (key, response) in responses.entries() {
            let Some(code) = key.scalar_text() else {
                continue;
            };
            if !is_error(&code) {
                continue;
            }
            let ptr = pointer_join(&pointer_join(&op.ptr, "responses"), &code);
            let Some(resolved) = api.deref(response, &ptr) else {
                continue;
            };
            if !reported.insert((resolved.file.clone(), resolved.ptr.clone())) {
                continue;
            }
            let content = resolved.node.get("content");
            let has_problem = content.is_some_and(|c| {
                c.entries().iter().any(|(k, _)| {
                    k.as_str()
                        .is_some_and(|m| media_is(m, "application/problem+json"))
                })
            });
            if has_problem {
                continue;
            }
            let (location, named) = match (&resolved.file, content) {
                (None, Some(c)) => (
                    api.at(&pointer_join(&resolved.ptr, "content"), c),
                    format!("`{}`", resolved.ptr),
                ),
                (None, None) => (
                    api.at(&resolved.ptr, resolved.node),
                    format!("`{}`", resolved.ptr),
                ),
                (Some(file), _) => (api.at(&ptr, response), format!("`{file}#{}`", resolved.ptr)),
            };
            let what = if content.is_some() {
                "offers no `application/problem+json` body"
            } else {
                "declares no body"
            };
            sink.report(
                location,
                Some(op.object()),
                format!("error response `{code}` of {} ({named}) {what}; errors should be RFC 9457 problem details", op.display()),
                None,
            );
        }
    }
}

/// Whether a list of security requirements makes authentication mandatory.
fn enforces(requirements: &Node) -> bool {
    let items = requirements.items();
    !items.is_empty() && items.iter().all(|r| !r.entries().is_empty())
}

/// `openapi/operation-security`: every operation (but `/health` and `/metrics`) requires authentication.
pub fn operation_security(api: &Api<'_>, sink: &mut RuleSink<'_, '_>) {
    let global = api.root.get("security");
    for op in api.operations() {
        if op.is_monitoring() {
            continue;
        }
        match (op.node.get("security"), global) {
            (Some(own), _) if !enforces(own) => sink.report(
                api.at(&pointer_join(&op.ptr, "security"), own),
                Some(op.object()),
                format!("operation {} lets anonymous consumers in (its `security` is empty or has an empty `{{}}` requirement)", op.display()),
                None,
            ),
            (Some(_), _) => {}
            (None, Some(global)) if enforces(global) => {}
            (None, _) => sink.report(
                api.locate(&pointer_join(&op.ptr, "security")),
                Some(op.object()),
                format!("operation {} requires no authentication: neither it nor the document sets `security`", op.display()),
                None,
            ),
        }
    }
}

/// `openapi/security-defined`: every security requirement names a scheme of `components.securitySchemes`.
pub fn security_defined(api: &Api<'_>, sink: &mut RuleSink<'_, '_>) {
    let schemes = api.root.get_path(&["components", "securitySchemes"]);
    let mut lists: Vec<(String, &Node)> = Vec::new();
    if let Some(global) = api.root.get("security") {
        lists.push(("/security".to_owned(), global));
    }
    for op in api.operations() {
        if let Some(own) = op.node.get("security") {
            lists.push((pointer_join(&op.ptr, "security"), own));
        }
    }
    for (ptr, list) in lists {
        for (i, requirement) in list.items().iter().enumerate() {
            let rptr = pointer_index(&ptr, i);
            for (k, _) in requirement.entries() {
                let Some(name) = k.as_str() else { continue };
                if schemes.and_then(|s| s.get(name)).is_none() {
                    sink.report(
                        api.at(&pointer_join(&rptr, name), k),
                        Some(api.object()),
                        format!("security requirement `{name}` names no scheme of `components.securitySchemes`"),
                        None,
                    );
                }
            }
        }
    }
}
