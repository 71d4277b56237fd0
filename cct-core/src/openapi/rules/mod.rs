//! The OpenAPI rules, one function per rule, and their table (`id => check`); schema validity
//! and references are checked in [`super::schema`] and [`super::refs`].
//!
//! Families: [`info`] (documentation and servers), [`operations`] (ids,
//! documentation, parameters, responses, security), [`endpoints`] (`/health`
//! and `/metrics`), [`paths`] (style and parameters), [`components`] (unused
//! components, examples), [`data`] (example data, GDPR tags).

use crate::document::{Document, Node};
use crate::report::Location;
use crate::sink::{rule_table, RuleSink};

use super::{Api, Version};

pub mod components;
pub mod data;
pub mod endpoints;
pub mod info;
pub mod operations;
pub mod paths;
pub mod security;

pub use endpoints::{is_health_path, is_metrics_path};

/// One OpenAPI rule: its catalog id and its check.
pub struct OpenapiRule {
    /// The rule id, as in the catalog.
    pub id: &'static str,
    /// The check; its sink reports under `id` only.
    pub check: Check,
}

/// What an OpenAPI rule reads.
#[derive(Clone, Copy)]
pub enum Check {
    /// Any document of an OpenAPI input, before it is known to be OpenAPI 3 (`openapi/openapi-3`).
    Document(fn(&str, &Document, &mut RuleSink<'_, '_>)),
    /// An OpenAPI 3.0 or 3.1 description.
    Api(fn(&Api<'_>, &mut RuleSink<'_, '_>)),
}

rule_table! { OpenapiRule {
    "openapi/openapi-3" => Check::Document(openapi_3),
    "openapi/duplicate-key" => Check::Document(duplicate_key),
    "openapi/schema-valid" => Check::Api(super::schema::validate),
    "openapi/ref-resolvable" => Check::Api(super::refs::check_refs),
    "openapi/info-title" => Check::Api(info::info_title),
    "openapi/info-description" => Check::Api(info::info_description),
    "openapi/info-version-semver" => Check::Api(info::info_version_semver),
    "openapi/info-contact" => Check::Api(info::info_contact),
    "openapi/servers-defined" => Check::Api(info::servers_defined),
    "openapi/servers-https" => Check::Api(info::servers_https),
    "openapi/security-schemes" => Check::Api(info::security_schemes),
    "openapi/no-http-basic" => Check::Api(info::no_http_basic),
    "openapi/no-script-in-markdown" => Check::Api(info::no_script_in_markdown),
    "openapi/operation-id" => Check::Api(operations::operation_id),
    "openapi/operation-id-unique" => Check::Api(operations::operation_id_unique),
    "openapi/operation-description" => Check::Api(operations::operation_description),
    "openapi/operation-tags" => Check::Api(operations::operation_tags),
    "openapi/parameter-description" => Check::Api(operations::parameter_description),
    "openapi/parameters-unique" => Check::Api(operations::parameters_unique),
    "openapi/success-response" => Check::Api(operations::success_response),
    "openapi/error-responses" => Check::Api(operations::error_responses),
    "openapi/problem-json-errors" => Check::Api(operations::problem_json_errors),
    "openapi/operation-security" => Check::Api(operations::operation_security),
    "openapi/security-defined" => Check::Api(operations::security_defined),
    "openapi/health-endpoint" => Check::Api(endpoints::health_endpoint),
    "openapi/metrics-endpoint" => Check::Api(endpoints::metrics_endpoint),
    "openapi/path-style" => Check::Api(paths::path_style),
    "openapi/path-params" => Check::Api(paths::path_params),
    "openapi/unused-components" => Check::Api(components::unused_components),
    "openapi/example-matches-schema" => Check::Api(components::example_matches_schema),
    "openapi/security-scheme-unused" => Check::Api(security::security_scheme_unused),
    "openapi/example-data" => Check::Api(data::example_data),
    "openapi/personal-data-tagged" => Check::Api(data::personal_data_tagged),
}}

/// Why a document is not an OpenAPI description cct checks.
#[derive(Debug, Clone, Copy)]
pub enum Unsupported<'a> {
    /// A Swagger 2.0 description (the `swagger` field).
    Swagger(&'a Node),
    /// No `openapi` field.
    Missing,
    /// An `openapi` field naming another version (the field).
    Other(&'a Node),
}

/// The version family of the description rooted at `root`.
pub fn version(root: &Node) -> Result<Version, Unsupported<'_>> {
    if let Some(swagger) = root.get("swagger") {
        return Err(Unsupported::Swagger(swagger));
    }
    let Some(node) = root.get("openapi") else {
        return Err(Unsupported::Missing);
    };
    if node
        .as_str()
        .is_some_and(|v| v.starts_with("3.0.") || v == "3.0")
    {
        Ok(Version::V30)
    } else if node
        .as_str()
        .is_some_and(|v| v.starts_with("3.1.") || v == "3.1")
    {
        Ok(Version::V31)
    } else {
        Err(Unsupported::Other(node))
    }
}

/// `openapi/openapi-3`: the document is an OpenAPI 3.0 or 3.1 description (Swagger 2.0 and
/// unknown versions are reported, and no other rule runs on them).
pub fn openapi_3(path: &str, document: &Document, sink: &mut RuleSink<'_, '_>) {
    let root = &document.root;
    let at = |pointer: &str, node: &Node| Location {
        path: path.to_owned(),
        document: Some(document.index),
        line: node.pos.line,
        column: node.pos.column,
        pointer: pointer.to_owned(),
        source: None,
    };
    match version(root) {
        Ok(_) => {}
        Err(Unsupported::Swagger(swagger)) => sink.report(
            at("/swagger", swagger),
            None,
            format!("this is a Swagger {} description; cct checks OpenAPI 3.0 and 3.1 only", document.quoted_text(swagger).unwrap_or_default()),
            Some("Convert it to OpenAPI 3 (e.g. `npx swagger2openapi swagger.yaml -o openapi.yaml`), then check the result.".into()),
        ),
        Err(Unsupported::Missing) => sink.report(
            at("/openapi", root),
            None,
            "the document has no `openapi` version field",
            None,
        ),
        Err(Unsupported::Other(node)) => {
            let text = document.quoted_text(node).unwrap_or_default();
            sink.report(
                at("/openapi", node),
                None,
                format!("`openapi: {text}` is not a version cct checks (3.0.x or 3.1.x, written as a string)"),
                None,
            );
        }
    }
}

/// `openapi/duplicate-key`: no mapping of the description holds the same key twice (the
/// description was read keeping the last entry, as JSON parsers, Spectral and Redocly do).
pub fn duplicate_key(path: &str, document: &Document, sink: &mut RuleSink<'_, '_>) {
    for repeated in &document.duplicates {
        let key = &repeated.key;
        let first = repeated.first.line;
        sink.report(
            Location {
                path: path.to_owned(),
                document: Some(document.index),
                line: repeated.pos.line,
                column: repeated.pos.column,
                pointer: repeated.pointer.clone(),
                source: None,
            },
            None,
            format!(
                "`{key}` is written again here (first at line {first}): keys must be unique, and \
                 readers keep only this value, silently dropping the one at line {first}"
            ),
            Some(format!(
                "Keep one `{key}`: delete the entry at line {first} or this one, or merge the two."
            )),
        );
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
