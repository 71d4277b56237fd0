//! The OpenAPI rules beyond schema validity and references, one function per rule.
//!
//! Families: [`info`] (documentation and servers), [`operations`] (ids,
//! documentation, parameters, responses, security), [`endpoints`] (`/health`
//! and `/metrics`), [`paths`] (style and parameters), [`components`] (unused
//! components, examples).

use crate::document::{Document, Node};
use crate::report::Location;
use crate::sink::Sink;

use super::{Api, Version};

pub mod components;
pub mod endpoints;
pub mod info;
pub mod operations;
pub mod paths;

pub use endpoints::{is_health_path, is_metrics_path};

/// A rule over one description.
pub type RuleFn = fn(&Api<'_>, &mut Sink<'_>);

/// Every rule of this module, in catalog order (each checks `sink.enabled` cheaply through `report`).
pub const ALL: &[RuleFn] = &[
    info::info_title,
    info::info_description,
    info::info_version_semver,
    info::info_contact,
    info::servers_defined,
    info::servers_https,
    info::security_schemes,
    info::no_http_basic,
    info::no_script_in_markdown,
    operations::operation_id,
    operations::operation_id_unique,
    operations::operation_description,
    operations::operation_tags,
    operations::parameter_description,
    operations::parameters_unique,
    operations::success_response,
    operations::error_responses,
    operations::problem_json_errors,
    operations::operation_security,
    operations::security_defined,
    endpoints::health_endpoint,
    endpoints::metrics_endpoint,
    paths::path_style,
    paths::path_params,
    components::unused_components,
    components::example_matches_schema,
];

/// Runs every rule on `api`.
pub fn run(api: &Api<'_>, sink: &mut Sink<'_>) {
    for rule in ALL {
        rule(api, sink);
    }
}

/// Reads the version of the description in `document`; reports `openapi/openapi-3` and
/// returns `None` for Swagger 2.0 and unknown versions (no other rule runs on them).
pub fn version(path: &str, document: &Document, sink: &mut Sink<'_>) -> Option<Version> {
    const RULE: &str = "openapi/openapi-3";
    let root = &document.root;
    let at = |pointer: &str, node: &Node| Location {
        path: path.to_owned(),
        document: Some(document.index),
        line: node.pos.line,
        column: node.pos.column,
        pointer: pointer.to_owned(),
        source: None,
    };
    if let Some(swagger) = root.get("swagger") {
        sink.report(
            RULE,
            at("/swagger", swagger),
            None,
            format!("this is a Swagger {} description; cct checks OpenAPI 3.0 and 3.1 only", swagger.quoted_text().unwrap_or_default()),
            Some("Convert it to OpenAPI 3 (e.g. `npx swagger2openapi swagger.yaml -o openapi.yaml`), then check the result.".into()),
        );
        return None;
    }
    let Some(node) = root.get("openapi") else {
        sink.report(
            RULE,
            at("/openapi", root),
            None,
            "the document has no `openapi` version field",
            None,
        );
        return None;
    };
    let text = node.quoted_text().unwrap_or_default();
    if node
        .as_str()
        .is_some_and(|v| v.starts_with("3.0.") || v == "3.0")
    {
        Some(Version::V30)
    } else if node
        .as_str()
        .is_some_and(|v| v.starts_with("3.1.") || v == "3.1")
    {
        Some(Version::V31)
    } else {
        sink.report(
            RULE,
            at("/openapi", node),
            None,
            format!("`openapi: {text}` is not a version cct checks (3.0.x or 3.1.x, written as a string)"),
            None,
        );
        None
    }
}

/// The string value of `node` when it is a non-blank string; for a `{$ref: …}` written in
/// place of the text (invalid, and reported once by `openapi/schema-valid`, but what bundlers
/// resolve), the reference: the text exists, elsewhere.
pub(crate) fn text(node: Option<&Node>) -> Option<&str> {
    let node = node?;
    node.as_str()
        .or_else(|| node.get("$ref").and_then(Node::as_str))
        .map(str::trim)
        .filter(|s| !s.is_empty())
}
