//! SARIF 2.1.0 (OASIS), as read by GitHub and GitLab code scanning.

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::{json, Map, Value};

use super::rule_help;
use crate::catalog::catalog;
use crate::hash::fnv1a;
use crate::report::{Finding, Report, Severity};

/// The SARIF version written.
pub const SARIF_VERSION: &str = "2.1.0";
/// The schema URI written in `$schema`.
pub const SARIF_SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The report as a SARIF 2.1.0 log (pretty-printed JSON).
///
/// One run; `tool.driver.rules` lists every rule that ran or reported, with
/// its catalog help; each finding is a result with its physical location
/// (line and column) and the JSON pointer as a logical location, a
/// `partialFingerprints` entry that survives line shifts, and, when a live
/// derogation covers it, an accepted external suppression carrying the
/// justification. Input errors are tool execution notifications.
pub fn sarif(report: &Report) -> String {
    let mut ids: BTreeSet<&str> = report.findings.iter().map(|f| f.rule.as_str()).collect();
    for r in &report.requirements {
        ids.extend(r.rules.iter().map(String::as_str));
    }
    let ids: Vec<&str> = ids.into_iter().collect();
    let rules: Vec<Value> = ids.iter().map(|id| rule_descriptor(id, report)).collect();
    let results: Vec<SarifResult<'_>> = report
        .findings
        .iter()
        .map(|f| result(f, ids.binary_search(&f.rule.as_str()).unwrap_or(0)))
        .collect();
    let notifications: Vec<Value> = report
        .errors
        .iter()
        .map(|e| {
            let mut physical = json!({"artifactLocation": artifact_location(&e.path)});
            if let (Some(line), Some(column)) = (e.line, e.column) {
                if line > 0 && column > 0 {
                    physical["region"] = json!({"startLine": line, "startColumn": column});
                }
            }
            json!({
                "level": "error",
                "message": {"text": e.message},
                "locations": [{"physicalLocation": physical}],
            })
        })
        .collect();
    let mut tool = json!({"driver": {
        "name": "cct",
        "version": report.version,
        "semanticVersion": report.version,
    }});
    tool["driver"]["rules"] = Value::Array(rules);
    let mut invocations = json!([{"executionSuccessful": report.errors.is_empty()}]);
    invocations[0]["toolExecutionNotifications"] = Value::Array(notifications);
    let mut props = Map::new();
    if let Some(profile) = &report.profile {
        props.insert("profile".into(), json!(profile));
    }
    props.insert(
        "referentials".into(),
        json!(report
            .referentials
            .iter()
            .map(|r| format!("{} {}", r.id, r.version))
            .collect::<Vec<_>>()),
    );
    let log = Log {
        schema: SARIF_SCHEMA_URI,
        version: SARIF_VERSION,
        runs: [Run {
            tool,
            results,
            invocations,
            // No `uri`: the base is wherever the consumer checked the sources out.
            original_uri_base_ids: json!({SRCROOT: {"description": {
                "text": "The directory cct was run in: the repository root in CI."
            }}}),
            column_kind: "unicodeCodePoints",
            properties: Value::Object(props),
        }],
    };
    serde_json::to_string_pretty(&log).unwrap_or_default()
}

fn rule_descriptor(id: &str, report: &Report) -> Value {
    let rule = catalog().rule(id);
    let example = report.findings.iter().find(|f| f.rule == id);
    let key = super::report_cct_key(report);
    let requirements: Vec<String> = rule
        .map(|r| r.cites(key).to_vec())
        .or_else(|| example.map(|f| f.requirements.clone()))
        .unwrap_or_default();
    let title = rule.map_or_else(|| id.to_owned(), |r| r.title.clone());
    let mut d = json!({
        "id": id,
        "name": pascal_case(id),
        "shortDescription": {"text": title},
        "properties": {
            "tags": requirements,
            "requirements": requirements,
        },
    });
    if let Some(r) = rule {
        d["fullDescription"] = json!({"text": r.what.trim()});
        if let Some(platform) = &r.platform {
            d["properties"]["platform"] = json!(platform);
        }
    }
    if let Some((text, markdown)) = rule_help(id, key) {
        d["help"] = json!({"text": text, "markdown": markdown});
    } else if let Some(f) = example {
        d["help"] = json!({"text": f.remediation});
    }
    if let Some(f) = example {
        d["defaultConfiguration"] = json!({"level": level(f.severity)});
    }
    d
}

/// The SARIF log, typed where it is large (results) so it serialises straight to text.
#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Value,
    results: Vec<SarifResult<'a>>,
    invocations: Value,
    original_uri_base_ids: Value,
    column_kind: &'static str,
    properties: Value,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: [ResultLocation<'a>; 1],
    partial_fingerprints: Fingerprints,
    properties: ResultProperties<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressions: Option<[Suppression; 1]>,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultLocation<'a> {
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    logical_locations: Vec<LogicalLocation<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

/// Where an input is, in the form code scanning accepts (SARIF 2.1.0 §3.4.4, validator rule SARIF1004):
/// a relative path is a relative reference resolved against `%SRCROOT%`, an absolute
/// path a `file://` URI, standard input a description with a placeholder reference.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation<'a> {
    fully_qualified_name: std::borrow::Cow<'a, str>,
    kind: &'static str,
}

#[derive(Serialize)]
struct Fingerprints {
    #[serde(rename = "cctFinding/v1")]
    v1: String,
}

#[derive(Serialize)]
struct ResultProperties<'a> {
    requirements: &'a [String],
}

#[derive(Serialize)]
struct Suppression {
    kind: &'static str,
    status: &'static str,
    justification: String,
}

fn result(f: &Finding, rule_index: usize) -> SarifResult<'_> {
    let region = (f.location.line > 0 && f.location.column > 0).then_some(Region {
        start_line: f.location.line,
        start_column: f.location.column,
    });
    let mut logical = Vec::new();
    if !f.location.pointer.is_empty() {
        logical.push(LogicalLocation {
            fully_qualified_name: f.location.pointer.as_str().into(),
            kind: "element",
        });
    }
    if let Some(o) = &f.object {
        let name = match (&o.namespace, &o.name) {
            (Some(ns), Some(n)) => format!("{ns}/{}/{n}", o.kind),
            (None, Some(n)) => format!("{}/{n}", o.kind),
            _ => o.kind.clone(),
        };
        logical.push(LogicalLocation {
            fully_qualified_name: name.into(),
            kind: "object",
        });
    }
    let mut text = f.message.clone();
    if !f.remediation.is_empty() {
        text.push_str("\nFix: ");
        text.push_str(&f.remediation);
    }
    let suppressions = f.derogation.as_ref().filter(|_| !f.counts()).map(|d| {
        let mut justification = d.justification.clone();
        if let Some(by) = &d.granted_by {
            justification.push_str(&format!(" (granted by {by}"));
            if let Some(until) = &d.expires {
                justification.push_str(&format!(", until {until}"));
            }
            justification.push(')');
        }
        [Suppression {
            kind: if d.origin == "annotation" {
                "inSource"
            } else {
                "external"
            },
            status: "accepted",
            justification,
        }]
    });
    SarifResult {
        rule_id: &f.rule,
        rule_index,
        level: level(f.severity),
        message: Text { text },
        locations: [ResultLocation {
            physical_location: PhysicalLocation {
                artifact_location: artifact_location(&f.location.path),
                region,
            },
            logical_locations: logical,
        }],
        partial_fingerprints: Fingerprints { v1: fingerprint(f) },
        properties: ResultProperties {
            requirements: &f.requirements,
        },
        suppressions,
    }
}

/// A fingerprint that identifies a finding across runs and line shifts: rule, path, pointer, object.
pub fn fingerprint(f: &Finding) -> String {
    let object = f
        .object
        .as_ref()
        .map(|o| {
            format!(
                "{}/{}/{}",
                o.kind,
                o.namespace.as_deref().unwrap_or(""),
                o.name.as_deref().unwrap_or("")
            )
        })
        .unwrap_or_default();
    let key = format!(
        "{}\u{0}{}\u{0}{}\u{0}{}",
        f.rule, f.location.path, f.location.pointer, object
    );
    format!("{:016x}", fnv1a(&key))
}

/// `kube/run-as-non-root` → `KubeRunAsNonRoot`.
fn pascal_case(id: &str) -> String {
    id.split(['/', '-', '.'])
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut c = p.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// The `uriBaseId` of relative paths: the directory cct was run in (the repository root in CI).
pub const SRCROOT: &str = "%SRCROOT%";

/// Whether `path` names no file: `-` (standard input) or a placeholder such as `<input>`
/// (a text given to a binding without a path).
pub(crate) fn is_stdin(path: &str) -> bool {
    path == "-" || (path.starts_with('<') && path.ends_with('>'))
}

/// The SARIF artifact location of an input path (see [`ArtifactLocation`]).
pub(crate) fn artifact_location(path: &str) -> ArtifactLocation {
    if is_stdin(path) {
        return ArtifactLocation {
            uri: encode(path),
            uri_base_id: None,
            description: Some(Text {
                text: if path == "-" {
                    "standard input".to_owned()
                } else {
                    format!("text given without a file name ({path})")
                },
            }),
        };
    }
    match absolute_uri(path) {
        Some(uri) => ArtifactLocation {
            uri,
            uri_base_id: None,
            description: None,
        },
        None => ArtifactLocation {
            uri: uri(path),
            uri_base_id: Some(SRCROOT),
            description: None,
        },
    }
}

/// A `file://` URI for an absolute path (`/srv/a.yaml`, `C:\a.yaml`, `\\host\share\a.yaml`), `None` for a relative one.
pub(crate) fn absolute_uri(path: &str) -> Option<String> {
    let slashed = path.replace('\\', "/");
    let bytes = slashed.as_bytes();
    if let Some(unc) = slashed.strip_prefix("//") {
        // A UNC path: the host is the URI's authority.
        return Some(format!("file://{}", encode(unc)));
    }
    if slashed.starts_with('/') {
        return Some(format!("file://{}", encode(&slashed)));
    }
    if bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'/' {
        return Some(format!(
            "file:///{}:{}",
            char::from(bytes[0]),
            encode(&slashed[2..])
        ));
    }
    None
}

/// A relative URI reference for a relative path: `\` becomes `/`, a leading `./` goes, characters outside RFC 3986's unreserved set (and `/`) are percent-encoded.
pub fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut path = path.as_str();
    while let Some(rest) = path.strip_prefix("./") {
        path = rest;
    }
    encode(path)
}

/// Percent-encodes every byte outside RFC 3986's unreserved set and `/`.
fn encode(path: &str) -> String {
    crate::percent::encode(path, b"/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_and_names() {
        assert_eq!(uri("./deploy/my app/ü.yaml"), "deploy/my%20app/%C3%BC.yaml");
        assert_eq!(uri("a\\b.yaml"), "a/b.yaml");
        assert_eq!(pascal_case("kube/run-as-non-root"), "KubeRunAsNonRoot");
    }

    #[test]
    fn absolute_paths_are_file_uris_relative_ones_hang_off_srcroot() {
        let json = |p: &str| serde_json::to_value(artifact_location(p)).unwrap();
        assert_eq!(
            json("/srv/my app/a.yaml"),
            serde_json::json!({"uri": "file:///srv/my%20app/a.yaml"})
        );
        assert_eq!(
            json("C:\\deploy\\a.yaml"),
            serde_json::json!({"uri": "file:///C:/deploy/a.yaml"})
        );
        assert_eq!(
            json("\\\\host\\share\\a.yaml"),
            serde_json::json!({"uri": "file://host/share/a.yaml"})
        );
        assert_eq!(
            json("./deploy/a.yaml"),
            serde_json::json!({"uri": "deploy/a.yaml", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(json("-")["description"]["text"], "standard input");
        assert!(json("-").get("uriBaseId").is_none());
        assert_eq!(json("<input>")["uri"], "%3Cinput%3E");
    }
}
