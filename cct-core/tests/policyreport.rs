//! `--format policyreport`: the shape of `wgpolicyk8s.io/v1alpha2` PolicyReports.
//!
//! [`crd_shape`] is written from the CRD's `openAPIV3Schema` of version
//! v1alpha2 (kubernetes-sigs/wg-policy-prototypes
//! `policy-report/crd/v1alpha2/wgpolicyk8s.io_policyreports.yaml` at
//! `25056e1`, identical in fields to the CRD Kyverno v1.11.5 installs,
//! `config/crds/wgpolicyk8s.io_policyreports.yaml`): the field types, the
//! `result` and `severity` enums, `policy` required, and no field outside the
//! schema (the API server prunes them from a structural schema, so they would
//! be lost silently). When `CCT_POLICYREPORT_CRD` names a CRD file (the test
//! command points it at Kyverno's), the output is also validated against that
//! file's own schema.

use std::path::{Path, PathBuf};

use cct_core::format::policyreport;
use cct_core::{check, Input, Policy, Report};
use serde_json::{json, Value};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap()
}

/// The v1alpha2 fields, as JSON Schema with `additionalProperties: false` for pruning.
fn crd_shape() -> Value {
    let object_reference = json!({
        "type": "object", "additionalProperties": false,
        "properties": {
            "apiVersion": {"type": "string"}, "fieldPath": {"type": "string"},
            "kind": {"type": "string"}, "name": {"type": "string"},
            "namespace": {"type": "string"}, "resourceVersion": {"type": "string"},
            "uid": {"type": "string"}
        }
    });
    json!({
        "type": "object", "additionalProperties": false,
        "required": ["apiVersion", "kind", "metadata"],
        "properties": {
            "apiVersion": {"const": "wgpolicyk8s.io/v1alpha2"},
            "kind": {"enum": ["PolicyReport", "ClusterPolicyReport"]},
            "metadata": {"type": "object"},
            "scope": object_reference,
            "summary": {
                "type": "object", "additionalProperties": false,
                "properties": {
                    "error": {"type": "integer"}, "fail": {"type": "integer"},
                    "pass": {"type": "integer"}, "skip": {"type": "integer"},
                    "warn": {"type": "integer"}
                }
            },
            "results": {"type": "array", "items": {
                "type": "object", "additionalProperties": false,
                "required": ["policy"],
                "properties": {
                    "category": {"type": "string"},
                    "message": {"type": "string"},
                    "policy": {"type": "string"},
                    "properties": {"type": "object", "additionalProperties": {"type": "string"}},
                    "resources": {"type": "array", "items": object_reference},
                    "result": {"enum": ["pass", "fail", "warn", "error", "skip"]},
                    "rule": {"type": "string"},
                    "scored": {"type": "boolean"},
                    "severity": {"enum": ["critical", "high", "low", "medium", "info"]},
                    "source": {"type": "string"},
                    "timestamp": {
                        "type": "object", "required": ["nanos", "seconds"],
                        "properties": {"nanos": {"type": "integer"}, "seconds": {"type": "integer"}}
                    }
                }
            }}
        }
    })
}

/// Namespaced and namespace-less objects, a cluster-scoped one, a derogated
/// finding, an OpenAPI description and an unreadable input.
fn sample() -> Report {
    let deploy = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: team-a}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n        - {name: web, image: nginx:latest, securityContext: {runAsUser: 0}}\n";
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: tools\n  annotations: {cct.io/ignore: \"kube/bare-pod: a debugging pod, removed after the migration\"}\nspec:\n  containers:\n    - {name: c, image: nginx, securityContext: {privileged: true}}\n";
    let pv = "apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: local-data}\nspec:\n  capacity: {storage: 1Gi}\n  accessModes: [ReadWriteOnce]\n  hostPath: {path: /data}\n";
    let api = read("tests/fixtures/custom/openapi-contact/bad.yaml");
    check(
        &[
            Input::text("deploy/web.yaml", deploy),
            Input::text("deploy/tools.yaml", pod),
            Input::text("deploy/pv.yaml", pv),
            Input::text("api/openapi.yaml", &api),
            Input::text("deploy/broken.yaml", "a: [1,\n"),
        ],
        &Policy::default(),
    )
}

fn documents(text: &str) -> Vec<Value> {
    assert!(text.starts_with("---\n"), "a YAML stream: {text}");
    text.split("\n---\n")
        .map(|doc| serde_norway::from_str(doc.trim_start_matches("---\n")).unwrap())
        .collect()
}

fn errors(validator: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    validator
        .iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

#[test]
fn every_report_has_the_crd_shape() {
    let validator = jsonschema::validator_for(&crd_shape()).unwrap();
    let docs = documents(&policyreport(&sample()));
    for doc in &docs {
        assert_eq!(errors(&validator, doc), Vec::<String>::new(), "{doc:#}");
    }
    // The shape can fail: an unknown field, a bad enum value.
    let mut broken = docs[0].clone();
    broken["results"][0]["file"] = json!("a.yaml");
    assert!(!validator.is_valid(&broken));
    let mut broken = docs[0].clone();
    broken["results"][0]["severity"] = json!("error");
    assert!(!validator.is_valid(&broken));
}

#[test]
fn one_report_per_namespace_and_one_for_the_cluster() {
    let report = sample();
    let docs = documents(&policyreport(&report));
    let scopes: Vec<(String, Value)> = docs
        .iter()
        .map(|d| {
            (
                d["kind"].as_str().unwrap().to_owned(),
                d["metadata"]["namespace"].clone(),
            )
        })
        .collect();
    assert_eq!(
        scopes,
        [
            ("ClusterPolicyReport".to_owned(), Value::Null),
            ("PolicyReport".to_owned(), Value::Null),
            ("PolicyReport".to_owned(), json!("team-a")),
        ]
    );
    let results: Vec<&Value> = docs
        .iter()
        .flat_map(|d| d["results"].as_array().unwrap())
        .collect();
    assert_eq!(results.len(), report.findings.len() + report.errors.len());
    for d in &docs {
        let rs = d["results"].as_array().unwrap();
        for outcome in ["pass", "fail", "warn", "error", "skip"] {
            let n = rs.iter().filter(|r| r["result"] == outcome).count();
            assert_eq!(d["summary"][outcome], json!(n), "{outcome} in {d:#}");
        }
        assert!(rs.iter().all(|r| r["source"] == "cct"));
    }
    // The cluster-scoped PersistentVolume, by itself.
    let cluster = docs[0]["results"].as_array().unwrap();
    assert!(cluster
        .iter()
        .all(|r| r["resources"][0]["kind"] == "PersistentVolume"));
    // Every finding: policy = rule id, category = requirement ids, a file:line:column.
    let web = report
        .findings
        .iter()
        .find(|f| f.rule == "kube/run-as-non-root")
        .unwrap();
    let result = docs[2]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["policy"] == "kube/run-as-non-root")
        .unwrap();
    assert_eq!(result["category"], json!(web.requirements.join(", ")));
    assert_eq!(result["severity"], "high");
    assert_eq!(result["result"], "fail");
    assert_eq!(
        result["resources"][0],
        json!({"apiVersion": "apps/v1", "kind": "Deployment", "name": "web", "namespace": "team-a"})
    );
    assert_eq!(
        result["properties"]["location"],
        json!(format!(
            "deploy/web.yaml:{}:{}",
            web.location.line, web.location.column
        ))
    );
    assert_eq!(result["properties"]["pointer"], json!(web.location.pointer));
    // A derogated finding is skipped, with its justification.
    let namespaceless = docs[1]["results"].as_array().unwrap();
    let bare = namespaceless
        .iter()
        .find(|r| r["policy"] == "kube/bare-pod")
        .unwrap();
    assert_eq!(bare["result"], "skip");
    assert!(bare["properties"]["derogation"]
        .as_str()
        .unwrap()
        .contains("debugging pod"));
    // The unreadable input is an `error` result; the OpenAPI finding names its object.
    assert!(namespaceless
        .iter()
        .any(|r| r["result"] == "error" && r["properties"]["file"] == "deploy/broken.yaml"));
    assert!(namespaceless
        .iter()
        .any(|r| r["properties"]["file"] == "api/openapi.yaml" && r.get("resources").is_none()));
}

#[test]
fn an_empty_report_clears_previous_results() {
    let docs = documents(&policyreport(&check(&[], &Policy::default())));
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["kind"], "PolicyReport");
    assert_eq!(docs[0]["results"], json!([]));
}

/// Turns a CRD's openAPIV3Schema into JSON Schema with pruning made explicit.
fn structural(schema: &mut Value) {
    let Value::Object(map) = schema else { return };
    map.remove("description");
    map.remove("format");
    if map.contains_key("properties") && !map.contains_key("additionalProperties") {
        map.insert("additionalProperties".into(), json!(false));
    }
    if let Some(Value::Object(props)) = map.get_mut("properties") {
        props.values_mut().for_each(structural);
    }
    for keyword in ["items", "additionalProperties"] {
        if let Some(sub) = map.get_mut(keyword) {
            structural(sub);
        }
    }
}

#[test]
fn validated_against_the_crd_file_when_given() {
    let Ok(path) = std::env::var("CCT_POLICYREPORT_CRD") else {
        eprintln!("note: CCT_POLICYREPORT_CRD not set: checked against the shape written from the CRD only");
        return;
    };
    let validators: Vec<(String, jsonschema::Validator)> = path
        .split(':')
        .map(|p| {
            let crd: Value = serde_norway::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
            let version = crd["spec"]["versions"]
                .as_array()
                .unwrap()
                .iter()
                .find(|v| v["name"] == "v1alpha2")
                .unwrap();
            let mut schema = version["schema"]["openAPIV3Schema"].clone();
            structural(&mut schema);
            let kind = crd["spec"]["names"]["kind"].as_str().unwrap().to_owned();
            (kind, jsonschema::validator_for(&schema).unwrap())
        })
        .collect();
    let docs = documents(&policyreport(&sample()));
    let mut broken = docs[0].clone();
    broken["results"][0]["file"] = json!("a.yaml");
    assert!(
        validators.iter().any(|(_, v)| !v.is_valid(&broken)),
        "the CRD check can fail"
    );
    let mut checked = 0;
    for doc in &docs {
        for (kind, validator) in &validators {
            if doc["kind"] == kind.as_str() {
                assert_eq!(errors(validator, doc), Vec::<String>::new(), "{doc:#}");
                checked += 1;
            }
        }
    }
    assert!(checked > 0, "no report of the kinds in {path}");
}
