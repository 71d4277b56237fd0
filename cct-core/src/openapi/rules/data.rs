//! Data rules (béta EXI-DATA-1, EXI-DATA-2 / alpha.v4 EX57): example data on the bodies an API
//! exchanges, and the GDPR tag on personal-data fields.

use std::collections::BTreeSet;

use crate::document::{pointer_join, Node, Value};
use crate::locate::Locate;
use crate::sink::RuleSink;

use crate::openapi::Api;

/// The extension that tags a schema property or a parameter as personal data (docs/openapi.md).
pub const PERSONAL_DATA_TAG: &str = "x-personal-data";

/// The categories `x-personal-data` may name; `false` says a field is not personal data.
pub const PERSONAL_DATA_CATEGORIES: &[&str] = &[
    "identity",
    "contact",
    "birth",
    "address",
    "location",
    "identifier",
    "financial",
    "online",
    "health",
    "biometric",
    "judicial",
    "other",
];

/// Deepest schema nesting followed when looking for an example.
const MAX_SCHEMA_DEPTH: usize = 16;

/// `openapi/example-data`: every JSON request body and success response body carries example
/// data, on its media type or its schema.
pub fn example_data(api: &Api<'_>, sink: &mut RuleSink<'_, '_>) {
    let mut reported: BTreeSet<(Option<String>, String)> = BTreeSet::new();
    for op in api.operations() {
        if op.is_monitoring() {
            continue;
        }
        let mut bodies: Vec<(String, &Node, String)> = Vec::new();
        if let Some(body) = op.node.get("requestBody") {
            bodies.push((
                "request body".to_owned(),
                body,
                pointer_join(&op.ptr, "requestBody"),
            ));
        }
        for (key, response) in op.node.get("responses").map_or(&[][..], Node::entries) {
            let Some(code) = key.scalar_text() else {
                continue;
            };
            if code.starts_with('2') {
                let ptr = pointer_join(&pointer_join(&op.ptr, "responses"), &code);
                bodies.push((format!("{code} response"), response, ptr));
            }
        }
        for (what, body, ptr) in bodies {
            let Some(body) = api.deref(body, &ptr) else {
                continue;
            };
            let Some(content) = body.node.get("content") else {
                continue;
            };
            let content_ptr = pointer_join(&body.ptr, "content");
            for (key, media) in content.entries() {
                let Some(media_type) = key.as_str().filter(|m| is_json(m)) else {
                    continue;
                };
                let media_ptr = pointer_join(&content_ptr, media_type);
                if !reported.insert((body.file.clone(), media_ptr.clone())) {
                    continue;
                }
                if media_has_example(api, media, &media_ptr) {
                    continue;
                }
                let location = match &body.file {
                    None => api.at(&media_ptr, key),
                    Some(_) => api.at(&ptr, op.node),
                };
                sink.report(location, Some(op.object()), format!("the {what} of operation {} (`{media_type}`) has no example data: testers and consumers have nothing to run the operation with", op.display()), None);
            }
        }
    }
}

/// Whether a media type key names JSON (`application/json`, `application/vnd.x+json`).
fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or_default().trim();
    essence.eq_ignore_ascii_case("application/json")
        || essence.to_ascii_lowercase().ends_with("+json")
}

/// Whether a media type object, or the schema it describes, carries an example.
fn media_has_example(api: &Api<'_>, media: &Node, ptr: &str) -> bool {
    if has_own_example(media) {
        return true;
    }
    media.get("schema").is_some_and(|schema| {
        schema_has_example(api, schema, &pointer_join(ptr, "schema"), MAX_SCHEMA_DEPTH)
    })
}

/// `example`, a non-empty `examples`, or a schema whose values are listed (`enum`, `const`).
fn has_own_example(node: &Node) -> bool {
    node.get("example").is_some()
        || node.get("examples").is_some_and(|e| match &e.value {
            Value::Map(entries) => !entries.is_empty(),
            Value::Seq(items) => !items.is_empty(),
            _ => false,
        })
        || node.get("enum").is_some()
        || node.get("const").is_some()
}

/// Whether a schema gives example data: its own example, an example on one of its
/// alternatives (`allOf`, `oneOf`, `anyOf`), on its `items`, or on every one of its properties.
fn schema_has_example(api: &Api<'_>, schema: &Node, ptr: &str, depth: usize) -> bool {
    if depth == 0 {
        return false;
    }
    let Some(resolved) = api.deref(schema, ptr) else {
        return false;
    };
    let (node, ptr) = (resolved.node, resolved.ptr.as_str());
    if has_own_example(node) {
        return true;
    }
    let nested = |child: &Node, at: String| schema_has_example(api, child, &at, depth - 1);
    for combinator in ["allOf", "oneOf", "anyOf"] {
        let list_ptr = pointer_join(ptr, combinator);
        if node
            .get(combinator)
            .map_or(&[][..], Node::items)
            .iter()
            .enumerate()
            .any(|(i, s)| nested(s, format!("{list_ptr}/{i}")))
        {
            return true;
        }
    }
    if let Some(items) = node.get("items") {
        if nested(items, pointer_join(ptr, "items")) {
            return true;
        }
    }
    let properties = node.get("properties").map_or(&[][..], Node::entries);
    let props_ptr = pointer_join(ptr, "properties");
    !properties.is_empty()
        && properties.iter().all(|(k, p)| {
            k.as_str()
                .is_some_and(|name| nested(p, pointer_join(&props_ptr, name)))
        })
}

/// Field names (lower case, without `_`, `-` or `.`) that hold personal data.
const PERSONAL_NAMES: &[&str] = &[
    "email",
    "mail",
    "emailaddress",
    "courriel",
    "phone",
    "phonenumber",
    "telephone",
    "tel",
    "mobile",
    "mobilephone",
    "firstname",
    "lastname",
    "givenname",
    "familyname",
    "surname",
    "fullname",
    "birthname",
    "maidenname",
    "nom",
    "prenom",
    "nomdenaissance",
    "birthdate",
    "dateofbirth",
    "birthday",
    "datenaissance",
    "datedenaissance",
    "birthplace",
    "placeofbirth",
    "lieudenaissance",
    "address",
    "postaladdress",
    "streetaddress",
    "street",
    "adresse",
    "postalcode",
    "zipcode",
    "codepostal",
    "nir",
    "ssn",
    "socialsecuritynumber",
    "numerosecuritesociale",
    "iban",
    "passportnumber",
    "idcardnumber",
];

/// Suffixes of compound field names that hold personal data (`contactEmail`, `userPhoneNumber`).
/// IP addresses and coordinates are not listed: in real descriptions they are mostly machines'
/// and places' (measured on 370 APIs-guru descriptions, docs/openapi.md).
const PERSONAL_SUFFIXES: &[&str] = &[
    "email",
    "phonenumber",
    "firstname",
    "lastname",
    "birthdate",
    "dateofbirth",
    "iban",
];

/// Whether a field name looks like personal data.
pub fn is_personal_name(name: &str) -> bool {
    let key: String = name
        .chars()
        .filter(|c| !matches!(c, '_' | '-' | '.'))
        .flat_map(char::to_lowercase)
        .collect();
    PERSONAL_NAMES.contains(&key.as_str()) || PERSONAL_SUFFIXES.iter().any(|s| key.ends_with(s))
}

/// Keys whose values are data, not schemas: nothing under them is judged.
const DATA_KEYS: &[&str] = &["example", "examples", "default", "enum", "const"];

/// `openapi/personal-data-tagged`: every schema property and parameter whose name looks like
/// personal data carries `x-personal-data` (a category, or `false`), and every tag names a
/// known category.
pub fn personal_data_tagged(api: &Api<'_>, sink: &mut RuleSink<'_, '_>) {
    let mut stack: Vec<(&Node, String)> = vec![(api.root, String::new())];
    while let Some((node, ptr)) = stack.pop() {
        let Value::Map(entries) = &node.value else {
            if let Value::Seq(items) = &node.value {
                // Only collections may hold properties or parameters (a pointer costs an allocation).
                for (i, item) in items.iter().enumerate().rev() {
                    if item.is_map() || item.is_seq() {
                        stack.push((item, format!("{ptr}/{i}")));
                    }
                }
            }
            continue;
        };
        if let Some(tag) = node.get(PERSONAL_DATA_TAG) {
            check_tag(api, tag, &pointer_join(&ptr, PERSONAL_DATA_TAG), sink);
        }
        if let Some(properties) = node.get("properties").filter(|p| p.is_map()) {
            let props_ptr = pointer_join(&ptr, "properties");
            for (key, property) in properties.entries() {
                let Some(name) = key.as_str() else {
                    continue;
                };
                let at = pointer_join(&props_ptr, name);
                if is_personal_name(name) && !is_boolean(property) && !tagged(api, property, &at) {
                    sink.report(api.at(&at, key), Some(api.object()), format!("property `{name}` looks like personal data but carries no `{PERSONAL_DATA_TAG}` tag: say which kind it is (`{PERSONAL_DATA_TAG}: contact`…), or `false` if it is not personal"), None);
                }
            }
        }
        let parameter = node
            .get("in")
            .and_then(Node::as_str)
            .is_some_and(|i| matches!(i, "query" | "path" | "header" | "cookie"));
        if let Some(name) = node
            .get("name")
            .and_then(Node::as_str)
            .filter(|_| parameter)
        {
            if is_personal_name(name) && node.get(PERSONAL_DATA_TAG).is_none() {
                let at = pointer_join(&ptr, "name");
                let location = node
                    .get("name")
                    .map_or_else(|| api.locate(&at), |n| api.at(&at, n));
                sink.report(location, Some(api.object()), format!("parameter `{name}` looks like personal data but carries no `{PERSONAL_DATA_TAG}` tag: say which kind it is (`{PERSONAL_DATA_TAG}: contact`…), or `false` if it is not personal"), None);
            }
        }
        for (key, value) in entries.iter().rev() {
            let Some(k) = key.as_str() else {
                continue;
            };
            if DATA_KEYS.contains(&k) || k.starts_with("x-") {
                continue;
            }
            if value.is_map() || value.is_seq() {
                stack.push((value, pointer_join(&ptr, k)));
            }
        }
    }
}

/// Whether a property is a boolean (`hideEmail: {type: boolean}` is a setting, not personal data).
fn is_boolean(property: &Node) -> bool {
    property.get("type").and_then(Node::as_str) == Some("boolean")
}

/// Whether a property is tagged, on itself or on the schema its `$ref` names.
fn tagged(api: &Api<'_>, property: &Node, ptr: &str) -> bool {
    property.get(PERSONAL_DATA_TAG).is_some()
        || api
            .deref(property, ptr)
            .is_some_and(|r| r.node.get(PERSONAL_DATA_TAG).is_some())
}

/// Reports a tag that is neither `false` nor a known category.
fn check_tag(api: &Api<'_>, tag: &Node, ptr: &str, sink: &mut RuleSink<'_, '_>) {
    if tag.as_bool() == Some(false) {
        return;
    }
    if tag
        .as_str()
        .is_some_and(|c| PERSONAL_DATA_CATEGORIES.contains(&c))
    {
        return;
    }
    let value = tag
        .scalar_text()
        .unwrap_or_else(|| tag.type_name().to_owned());
    sink.report(api.at(ptr, tag), Some(api.object()), format!("`{PERSONAL_DATA_TAG}: {value}` names no category; use one of {} (or `false`: not personal data)", PERSONAL_DATA_CATEGORIES.join(", ")), None);
}
