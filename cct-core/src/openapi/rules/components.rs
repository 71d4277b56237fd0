//! Component rules: unused components, and examples that do not match their schema.

use std::collections::BTreeSet;

use crate::document::{pointer_index, pointer_join, unescape_pointer_token, Node, Value};
use crate::sink::RuleSink;

use crate::openapi::{Api, Version};

/// Component sections whose entries are referenced with `$ref` (security schemes are referenced by name).
const SECTIONS: &[&str] = &[
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "links",
    "callbacks",
    "pathItems",
];

/// Deepest example value (and schema) nesting compared.
const MAX_EXAMPLE_DEPTH: usize = 64;

/// `openapi/unused-components`: every component is referenced somewhere.
pub fn unused_components(api: &Api<'_>, sink: &mut RuleSink<'_, '_>) {
    let Some(components) = api.root.get("components") else {
        return;
    };
    // `#/components/<section>/<name>` targets, from `$ref`s and discriminator mappings.
    let mut used: BTreeSet<(String, String)> = BTreeSet::new();
    let mut note = |target: &str| {
        let Some(rest) = target
            .split_once('#')
            .map(|(_, f)| f)
            .filter(|_| !target.starts_with("http"))
        else {
            return;
        };
        let mut parts = rest
            .strip_prefix("/components/")
            .unwrap_or_default()
            .split('/');
        if let (Some(section), Some(name)) = (parts.next(), parts.next()) {
            used.insert((
                section.to_owned(),
                unescape_pointer_token(&crate::openapi::refs::decode(name)),
            ));
        }
    };
    let mut stack = vec![api.root];
    while let Some(node) = stack.pop() {
        match &node.value {
            Value::Map(entries) => {
                for (k, v) in entries {
                    // Every `$ref`, extensions (`x-webhooks`…) included: a component used there is used.
                    if k.as_str() == Some("$ref") {
                        if let Some(t) = v.as_str() {
                            note(t);
                        }
                    }
                    if k.as_str() == Some("mapping") {
                        for (_, target) in v.entries() {
                            if let Some(t) = target.as_str() {
                                note(t);
                            }
                        }
                    }
                    stack.push(v);
                }
            }
            Value::Seq(items) => stack.extend(items),
            _ => {}
        }
    }
    for section in SECTIONS {
        let Some(entries) = components.get(section) else {
            continue;
        };
        let base = pointer_join("/components", section);
        for (key, _) in entries.entries() {
            let Some(name) = key.as_str() else { continue };
            if !used.contains(&((*section).to_owned(), name.to_owned())) {
                sink.report(
                    api.at(&pointer_join(&base, name), key),
                    Some(api.object()),
                    format!("component `{name}` of `components.{section}` is never referenced"),
                    Some(format!("Reference it (`$ref: '#/components/{section}/{name}'`) where it applies, or delete it.")),
                );
            }
        }
    }
}

/// Why an example does not match: the pointer (relative to the example) and what is wrong.
type Mismatch = (String, String);

struct Matcher<'a, 'b> {
    api: &'b Api<'a>,
    nullable_keyword: bool,
}

fn json_type(value: &Node) -> &'static str {
    match &value.value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Int(_) => "integer",
        Value::Float(f) if f.fract() == 0.0 => "integer",
        Value::Float(_) => "number",
        Value::String(_) => "string",
        Value::Seq(_) => "array",
        Value::Map(_) => "object",
    }
}

fn with_article(json_type: &str) -> String {
    match json_type {
        "null" => "null".to_owned(),
        "integer" | "object" | "array" => format!("an {json_type}"),
        _ => format!("a {json_type}"),
    }
}

fn type_matches(actual: &str, wanted: &str) -> bool {
    actual == wanted || (wanted == "number" && actual == "integer")
}

impl<'a> Matcher<'a, '_> {
    /// Compares `value` with `schema`; `None` when it fits (as far as this simple check can tell).
    fn check(&self, value: &Node, schema: &'a Node, at: &str, depth: usize) -> Option<Mismatch> {
        if depth > MAX_EXAMPLE_DEPTH {
            return None;
        }
        let schema = match self.api.resolve(schema, "") {
            Ok(r) => r.node,
            Err(_) => return None,
        };
        if !schema.is_map() {
            return None; // `true`/`false` schemas and oddities: not judged
        }
        let actual = json_type(value);
        let nullable =
            self.nullable_keyword && schema.get("nullable").and_then(Node::as_bool) == Some(true);
        if actual == "null" && nullable {
            return None;
        }
        {
            if let Some(t) = schema.get("type") {
                let wanted: Vec<&str> = match &t.value {
                    Value::String(s) => vec![s.as_str()],
                    Value::Seq(items) => items.iter().filter_map(Node::as_str).collect(),
                    _ => Vec::new(),
                };
                if !wanted.is_empty() && !wanted.iter().any(|w| type_matches(actual, w)) {
                    return Some((
                        at.to_owned(),
                        format!(
                            "is {}, but the schema says `type: {}`",
                            with_article(actual),
                            wanted.join(" | ")
                        ),
                    ));
                }
            }
        }
        if let Some(options) = schema.get("enum").map(Node::items) {
            if !options.is_empty() && !options.iter().any(|o| o.to_json() == value.to_json()) {
                let text = self
                    .api
                    .document
                    .quoted_text(value)
                    .unwrap_or_else(|| value.type_name().to_owned());
                return Some((
                    at.to_owned(),
                    format!("is `{text}`, which is not one of the schema's `enum` values"),
                ));
            }
        }
        for part in schema.get("allOf").map(Node::items).unwrap_or_default() {
            if let Some(m) = self.check(value, part, at, depth + 1) {
                return Some(m);
            }
        }
        for keyword in ["oneOf", "anyOf"] {
            let branches = schema.get(keyword).map(Node::items).unwrap_or_default();
            if !branches.is_empty() {
                let fits = branches
                    .iter()
                    .any(|b| self.check(value, b, at, depth + 1).is_none());
                if !fits {
                    return Some((
                        at.to_owned(),
                        format!("matches none of the schema's `{keyword}` alternatives"),
                    ));
                }
            }
        }
        match &value.value {
            Value::Map(entries) => {
                let properties = schema.get("properties");
                for required in schema.get("required").map(Node::items).unwrap_or_default() {
                    if let Some(name) = required.as_str() {
                        if value.get(name).is_none() {
                            return Some((
                                at.to_owned(),
                                format!("lacks the required property `{name}`"),
                            ));
                        }
                    }
                }
                let closed =
                    schema.get("additionalProperties").and_then(Node::as_bool) == Some(false);
                for (k, v) in entries {
                    let Some(name) = k.as_str() else { continue };
                    let child = pointer_join(at, name);
                    match properties.and_then(|p| p.get(name)) {
                        Some(sub) => {
                            if let Some(m) = self.check(v, sub, &child, depth + 1) {
                                return Some(m);
                            }
                        }
                        None if closed && properties.is_some() => {
                            return Some((child, format!("`{name}` is not a property the schema allows (`additionalProperties: false`)")));
                        }
                        None => {
                            if let Some(extra) =
                                schema.get("additionalProperties").filter(|s| s.is_map())
                            {
                                if let Some(m) = self.check(v, extra, &child, depth + 1) {
                                    return Some(m);
                                }
                            }
                        }
                    }
                }
                None
            }
            Value::Seq(items) => {
                let item_schema = schema.get("items").filter(|s| s.is_map())?;
                items.iter().enumerate().find_map(|(i, item)| {
                    self.check(item, item_schema, &pointer_index(at, i), depth + 1)
                })
            }
            _ => None,
        }
    }
}

/// One example to compare: the example value, its pointer, and the schema it illustrates.
struct Example<'a> {
    value: &'a Node,
    ptr: String,
    schema: &'a Node,
}

/// Examples of media types and parameters (`example`, and `examples.*.value`), plus schema-level `example`s.
fn examples<'a>(api: &Api<'a>) -> Vec<Example<'a>> {
    let mut out = Vec::new();
    let mut stack: Vec<(String, &'a Node, &str)> = vec![(String::new(), api.root, "")];
    while let Some((ptr, node, key)) = stack.pop() {
        match &node.value {
            Value::Map(entries) => {
                let schema = node.get("schema");
                // A media type or a parameter: `schema` beside `example`/`examples`.
                if let Some(schema) = schema.filter(|s| s.is_map()) {
                    if let Some(ex) = node.get("example") {
                        out.push(Example {
                            value: ex,
                            ptr: pointer_join(&ptr, "example"),
                            schema,
                        });
                    }
                    for (name, ex) in node.get("examples").map(Node::entries).unwrap_or_default() {
                        let Some(name) = name.as_str() else { continue };
                        let ex_ptr = pointer_join(&pointer_join(&ptr, "examples"), name);
                        let Some(resolved) = api.deref(ex, &ex_ptr).filter(|r| r.file.is_none())
                        else {
                            continue;
                        };
                        if let Some(value) = resolved.node.get("value") {
                            out.push(Example {
                                value,
                                ptr: pointer_join(&resolved.ptr, "value"),
                                schema,
                            });
                        }
                    }
                }
                // A schema with its own `example` (3.0) — only under `schemas`/`properties`/`items`, where keys are schemas.
                if matches!(key, "schema" | "items" | "additionalProperties")
                    || key_is_schema_name(&ptr)
                {
                    if let Some(ex) = node
                        .get("example")
                        .filter(|_| node.get("type").is_some() || node.get("properties").is_some())
                    {
                        out.push(Example {
                            value: ex,
                            ptr: pointer_join(&ptr, "example"),
                            schema: node,
                        });
                    }
                }
                for (k, v) in entries {
                    let Some(name) = k.as_str() else { continue };
                    if matches!(name, "example" | "examples" | "default" | "enum" | "const")
                        && !key_names_user_keys(key)
                    {
                        continue;
                    }
                    if name.starts_with("x-") && !key_names_user_keys(key) {
                        continue; // extensions (`x-webhooks`…) are not OpenAPI semantics
                    }
                    if v.is_map() || v.is_seq() {
                        stack.push((pointer_join(&ptr, name), v, name));
                    }
                }
            }
            Value::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    stack.push((pointer_index(&ptr, i), item, key));
                }
            }
            _ => {}
        }
    }
    out.sort_by_key(|e| e.value.pos);
    out
}

fn key_names_user_keys(key: &str) -> bool {
    matches!(
        key,
        "properties"
            | "schemas"
            | "examples"
            | "parameters"
            | "responses"
            | "headers"
            | "content"
            | "paths"
    )
}

/// Whether `ptr` is `/components/schemas/<name>` or `…/properties/<name>`.
fn key_is_schema_name(ptr: &str) -> bool {
    let mut it = ptr.rsplitn(3, '/');
    let _name = it.next();
    matches!(it.next(), Some("properties") | Some("schemas"))
}

/// `openapi/example-matches-schema`: examples fit the schema they illustrate (types, `enum`, `required`, properties, items).
pub fn example_matches_schema(api: &Api<'_>, sink: &mut RuleSink<'_, '_>) {
    let matcher = Matcher {
        api,
        nullable_keyword: api.version == Version::V30,
    };
    for ex in examples(api) {
        if let Some((rel, why)) = matcher.check(ex.value, ex.schema, "", 0) {
            let ptr = format!("{}{rel}", ex.ptr);
            let node = ex.value.pointer(&rel).unwrap_or(ex.value);
            let shown = if rel.is_empty() {
                "the example".to_owned()
            } else {
                format!("`{rel}` of the example")
            };
            sink.report(
                api.at(&ptr, node),
                Some(api.object()),
                format!("example `{}`: {shown} {why}", ex.ptr),
                None,
            );
        }
    }
}
