//! Security schemes (EX44): every declared scheme is required somewhere.

use std::collections::BTreeSet;

use crate::document::{Node, Value};
use crate::openapi::Api;
use crate::sink::RuleSink;

/// Deepest nesting searched for `security` requirements (callbacks inside callbacks…).
const MAX_SECURITY_DEPTH: usize = 64;

/// Adds to `used` the scheme names of every security requirement list (`security: [{name: []}]`) under `node`.
fn named_schemes(node: &Node, depth: usize, used: &mut BTreeSet<String>) {
    if depth > MAX_SECURITY_DEPTH {
        return;
    }
    match &node.value {
        Value::Map(entries) => {
            for (key, value) in entries {
                if key.as_str() == Some("security") && value.is_seq() {
                    for requirement in value.items() {
                        for (name, _) in requirement.entries() {
                            if let Some(name) = name.as_str() {
                                used.insert(name.to_owned());
                            }
                        }
                    }
                } else if key.as_str() != Some("securitySchemes") {
                    named_schemes(value, depth + 1, used);
                }
            }
        }
        Value::Seq(items) => {
            for item in items {
                named_schemes(item, depth + 1, used);
            }
        }
        _ => {}
    }
}

/// `openapi/security-scheme-unused`: every entry of `components.securitySchemes` is named by a
/// security requirement (top level, operations, webhooks and callbacks).
pub fn security_scheme_unused(api: &Api<'_>, sink: &mut RuleSink<'_, '_>) {
    const SCHEMES: &str = "/components/securitySchemes";
    let Some(schemes) = api.root.pointer(SCHEMES) else {
        return;
    };
    // Operations kept in other files may name schemes this file cannot see.
    if api.refs.iter().any(|r| !r.target.starts_with('#')) {
        return;
    }
    let mut used = BTreeSet::new();
    named_schemes(api.root, 0, &mut used);
    for (key, _) in schemes.entries() {
        let Some(name) = key.as_str() else { continue };
        if used.contains(name) {
            continue;
        }
        sink.report(
            api.at_key(SCHEMES, name),
            Some(api.object()),
            format!("the security scheme `{name}` is declared in `components.securitySchemes` but no `security` requirement names it: it protects nothing"),
            None,
        );
    }
}
