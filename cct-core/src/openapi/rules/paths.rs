//! Path rules: REST style of the templates, and path parameters declared and used.

use std::collections::BTreeSet;

use crate::document::{pointer_index, pointer_join, Node};
use crate::locate::Locate;
use crate::sink::RuleSink;

use crate::openapi::Api;

/// Words that make a path segment an action rather than a resource (`/get-users`, `/users/delete`).
const VERBS: &[&str] = &[
    "get", "list", "fetch", "retrieve", "read", "find", "create", "add", "insert", "new", "make",
    "post", "put", "update", "modify", "edit", "change", "set", "patch", "save", "delete",
    "remove", "destroy", "erase",
];

/// Words that are verbs or nouns: an action only as the last segment of a path, alone
/// (`/drafts/{id}/post`); a resource when more of the path follows (`/post/{postId}`), and a
/// noun in a compound (`add-ons`, `new-releases`, `patch-notes`).
const NOUN_OR_VERB: &[&str] = &["add", "new", "patch", "post", "set"];

/// Whether `verb`, found at the start of `literal`, names a resource there (see [`NOUN_OR_VERB`];
/// `add` makes a noun only of `add-on`: `add-users` is an action).
fn is_noun_use(verb: &str, literal: &str, last: bool) -> bool {
    if !NOUN_OR_VERB.contains(&verb) {
        return false;
    }
    if literal.eq_ignore_ascii_case(verb) {
        return !last;
    }
    let rest = literal[verb.len()..]
        .trim_start_matches(['-', '_'])
        .to_ascii_lowercase();
    verb != "add" || rest == "on" || rest == "ons"
}

/// Whether a literal segment is lower-case kebab-case (`order-items`, `v1`, `openapi.json`).
fn is_kebab(segment: &str) -> bool {
    !segment.is_empty()
        && segment.split(['-', '.']).all(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// The verb a literal segment starts with, if any (`create-user` → `create`; `createUser` → `create`).
fn verb_of(segment: &str) -> Option<&'static str> {
    let lower = segment.to_ascii_lowercase();
    VERBS.iter().copied().find(|v| {
        lower == *v
            || lower
                .strip_prefix(v)
                .is_some_and(|rest| rest.starts_with(['-', '_']))
            || segment
                .strip_prefix(v)
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase()))
    })
}

/// The template parameter names of a path (`/pets/{id}` → `id`), in order.
pub fn template_params(template: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        out.push(&after[..close]);
        rest = &after[close + 1..];
    }
    out
}

/// `openapi/path-style`: lower-case kebab-case segments, no trailing slash, no verbs.
pub fn path_style(api: &Api<'_>, sink: &mut RuleSink<'_, '_>) {
    for (key, _) in api.root.get("paths").map(Node::entries).unwrap_or_default() {
        let Some(template) = key.as_str() else {
            continue;
        };
        let at = api.at(&pointer_join("/paths", template), key);
        if template.len() > 1 && template.ends_with('/') {
            sink.report(
                at.clone(),
                Some(api.object()),
                format!("path `{template}` ends with a slash; `{}` and `{template}` would be two resources", template.trim_end_matches('/')),
                Some(format!("Write it `{}`.", template.trim_end_matches('/'))),
            );
            continue;
        }
        if template.contains('?') {
            sink.report(
                at.clone(),
                Some(api.object()),
                format!("path `{template}` includes a query string; query parameters are declared as `in: query` parameters"),
                Some("Remove the `?…` part from the path and declare each query parameter under `parameters`.".into()),
            );
            continue;
        }
        let segments: Vec<&str> = template.split('/').filter(|s| !s.is_empty()).collect();
        for (index, segment) in segments.iter().copied().enumerate() {
            if segment.starts_with('{') {
                continue;
            }
            // RFC 8615 well-known URIs (`/.well-known/openid-configuration`).
            if index == 0 && segment == ".well-known" {
                continue;
            }
            let literal = segment.split('{').next().unwrap_or(segment);
            let last = index + 1 == segments.len();
            if let Some(verb) = verb_of(literal).filter(|v| !is_noun_use(v, literal, last)) {
                sink.report(
                    at.clone(),
                    Some(api.object()),
                    format!("path `{template}` has the verb `{verb}` in segment `{segment}`; the HTTP method already says what is done"),
                    Some("Name the resource with a noun and let the method carry the action (`POST /users` rather than `/create-user`).".into()),
                );
                break;
            }
            if !literal.is_empty() && !is_kebab(literal) {
                sink.report(
                    at.clone(),
                    Some(api.object()),
                    format!("path `{template}` has segment `{segment}`, which is not lower-case kebab-case"),
                    Some(format!("Write the segment `{}`.", kebab(literal))),
                );
                break;
            }
        }
    }
}

/// `fooBar_baz` → `foo-bar-baz`.
fn kebab(segment: &str) -> String {
    let mut out = String::new();
    for (i, c) in segment.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 && !out.ends_with('-') {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        } else if c == '_' || c == ' ' {
            out.push('-');
        } else {
            out.push(c);
        }
    }
    out
}

/// `openapi/path-params`: every `{param}` of a path is declared as an `in: path` parameter, and every one declared is in the path.
pub fn path_params(api: &Api<'_>, sink: &mut RuleSink<'_, '_>) {
    let Some(paths) = api.root.get("paths") else {
        return;
    };
    // Templates identical once parameter names are erased (`/pets/{id}` and `/pets/{petId}`).
    let mut shapes: std::collections::BTreeMap<String, &str> = std::collections::BTreeMap::new();
    for (key, _) in paths.entries() {
        let Some(template) = key.as_str() else {
            continue;
        };
        let shape: String = template
            .split('/')
            .map(|s| {
                if s.starts_with('{') && s.ends_with('}') && s.matches('{').count() == 1 {
                    "{}"
                } else {
                    s
                }
            })
            .collect::<Vec<_>>()
            .join("/");
        match shapes.get(shape.as_str()) {
            Some(first) if *first != template => sink.report(
                api.at(&pointer_join("/paths", template), key),
                Some(api.object()),
                format!("path `{template}` is identical to `{first}` but for parameter names; a request cannot tell them apart"),
                Some("Merge the two paths into one, with one name for the parameter.".into()),
            ),
            Some(_) => {}
            None => {
                shapes.insert(shape, template);
            }
        }
    }
    for (key, raw_item) in paths.entries() {
        let Some(template) = key.as_str() else {
            continue;
        };
        let item_ptr = pointer_join("/paths", template);
        let names = template_params(template);
        let mut seen = BTreeSet::new();
        for name in &names {
            if name.is_empty() {
                sink.report(
                    api.at(&item_ptr, key),
                    Some(api.object()),
                    format!("path `{template}` has an empty parameter `{{}}`"),
                    None,
                );
            } else if !seen.insert(*name) {
                sink.report(
                    api.at(&item_ptr, key),
                    Some(api.object()),
                    format!("path `{template}` uses the parameter `{name}` twice"),
                    None,
                );
            }
        }
        let Some(item) = api
            .deref(raw_item, &item_ptr)
            .filter(|r| r.file.is_none())
            .map(|r| r.node)
        else {
            continue;
        };
        // Path parameters declared at the path-item level, with where they are.
        let declared_in = |list: Option<&Node>, base: &str| -> Vec<(String, String, bool)> {
            list.map(Node::items)
                .unwrap_or_default()
                .iter()
                .enumerate()
                .filter_map(|(i, p)| {
                    let ptr = pointer_index(base, i);
                    let r = api.deref(p, &ptr)?;
                    (r.node.get("in").and_then(Node::as_str) == Some("path"))
                        .then(|| {
                            r.node
                                .get("name")
                                .and_then(Node::as_str)
                                .map(|n| (n.to_owned(), ptr, true))
                        })
                        .flatten()
                })
                .collect()
        };
        let item_params = declared_in(
            item.get("parameters"),
            &pointer_join(&item_ptr, "parameters"),
        );
        for (name, ptr, _) in &item_params {
            if !names.contains(&name.as_str()) {
                let node = api.root.pointer(ptr).unwrap_or(key);
                sink.report(api.at(ptr, node), Some(api.object()), format!("path parameter `{name}` is declared for `{template}`, whose template has no `{{{name}}}`"), None);
            }
        }
        for method in crate::openapi::METHODS {
            let Some(op) = item.get(method) else { continue };
            let op_ptr = pointer_join(&item_ptr, method);
            let op_params = declared_in(op.get("parameters"), &pointer_join(&op_ptr, "parameters"));
            for (name, ptr, _) in &op_params {
                if !names.contains(&name.as_str()) {
                    let node = api.root.pointer(ptr).unwrap_or(op);
                    sink.report(
                        api.at(ptr, node),
                        Some(api.object()),
                        format!("operation `{} {template}` declares the path parameter `{name}`, which its template does not contain", method.to_ascii_uppercase()),
                        None,
                    );
                }
            }
            for name in seen.iter() {
                let declared = item_params
                    .iter()
                    .chain(&op_params)
                    .any(|(n, _, _)| n == name);
                if !declared {
                    sink.report(
                        api.locate(&pointer_join(&op_ptr, "parameters")),
                        Some(api.object()),
                        format!("operation `{} {template}` does not declare the path parameter `{name}` (`in: path`, `required: true`)", method.to_ascii_uppercase()),
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
    fn segments() {
        assert!(is_kebab("order-items"));
        assert!(is_kebab("v1"));
        assert!(is_kebab("openapi.json"));
        assert!(!is_kebab("orderItems"));
        assert!(!is_kebab("order_items"));
        assert_eq!(verb_of("create-user"), Some("create"));
        assert_eq!(verb_of("createUser"), Some("create"));
        assert_eq!(verb_of("delete"), Some("delete"));
        assert_eq!(verb_of("settings"), None);
        assert_eq!(verb_of("updates"), None);
        assert_eq!(verb_of("news"), None);
        assert_eq!(kebab("orderItems"), "order-items");
        assert_eq!(template_params("/a/{x}/b/{y}"), vec!["x", "y"]);
    }
}
