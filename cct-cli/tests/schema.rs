//! The JSON outputs match the schemas shipped in `schemas/`, and the schemas
//! reject any field they do not describe (`additionalProperties: false` on
//! every object), so a new field in the report cannot go undocumented.

use std::path::{Path, PathBuf};
use std::process::Command;

use cct_core::report::{Derogation, InputStatus};
use cct_core::{check, Input, ObjectRef, Policy, Report};
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn schema(name: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("schemas").join(name)).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    assert!(
        jsonschema::meta::is_valid(&schema),
        "{name} is not a valid JSON Schema"
    );
    jsonschema::draft202012::new(&schema).unwrap()
}

fn assert_valid(validator: &jsonschema::Validator, instance: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} does not match the schema:\n{}",
        errors.join("\n")
    );
}

fn fixture_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            fixture_files(&path, out);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml" | "json")
        ) {
            out.push(path);
        }
    }
}

fn kube_fixtures() -> Vec<PathBuf> {
    let mut files = Vec::new();
    fixture_files(&root().join("tests/fixtures/kube"), &mut files);
    assert!(!files.is_empty(), "no fixture under tests/fixtures/kube");
    files
}

fn report_json(report: &Report) -> Value {
    serde_json::from_str(&report.to_json()).unwrap()
}

#[test]
fn reports_of_every_kube_fixture_match_the_schema() {
    let validator = schema("report.schema.json");
    let files = kube_fixtures();
    let contents: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|p| (p.display().to_string(), std::fs::read(p).unwrap()))
        .collect();
    for (path, bytes) in &contents {
        let report = check(
            &[Input::new(path.clone(), bytes.as_slice())],
            &Policy::default(),
        );
        assert_valid(&validator, &report_json(&report), path);
    }
    let all: Vec<Input<'_>> = contents
        .iter()
        .map(|(p, b)| Input::new(p.clone(), b.as_slice()))
        .collect();
    let report = check(&all, &Policy::default());
    assert!(
        !report.findings.is_empty(),
        "the bad fixtures give findings"
    );
    assert_valid(
        &validator,
        &report_json(&report),
        "report over all kube fixtures",
    );
}

/// A report with every optional field set and every enum value used.
fn full_report() -> Value {
    let bad = std::fs::read(root().join("tests/fixtures/kube/run-as-non-root/bad.yaml")).unwrap();
    let inputs = [
        Input::new("bad.yaml", bad.as_slice()),
        Input::text("broken.yaml", "a: [1\n"),
        Input::text("values.yaml", "replicaCount: 2\n"),
    ];
    let mut report = check(&inputs, &Policy::default());
    assert!(report
        .inputs
        .iter()
        .any(|i| i.status == InputStatus::Skipped));
    assert!(report.inputs.iter().any(|i| i.status == InputStatus::Error));
    report.profile = Some("cloud-pi-native".into());
    let mut finding = report.findings[0].clone();
    finding.location.document = Some(1);
    finding.location.source = Some("chart/templates/deployment.yaml".into());
    finding.object = Some(ObjectRef {
        api_version: Some("apps/v1".into()),
        kind: "Deployment".into(),
        namespace: Some("prod".into()),
        name: Some("web".into()),
    });
    finding.derogation = Some(Derogation {
        justification: "legacy image, rebuilt in Q3".into(),
        granted_by: Some("RSSI".into()),
        expires: Some("2027-01-31".into()),
        expired: false,
        origin: "config".into(),
    });
    report.findings.push(finding);
    report.errors.push(cct_core::report::InputError {
        path: "missing.yaml".into(),
        line: None,
        column: None,
        message: "cannot read `missing.yaml`: no such file or directory".into(),
    });
    let mut json = report_json(&report);
    // Every requirement state, whatever the fixture gives.
    let states = [
        "pass",
        "fail",
        "derogated",
        "not-evaluated",
        "needs-attestation",
    ];
    for (status, state) in json["requirements"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .zip(states)
    {
        status["status"] = Value::from(state);
    }
    json
}

#[test]
fn a_report_with_every_optional_field_matches_the_schema() {
    assert_valid(&schema("report.schema.json"), &full_report(), "full report");
}

/// Every JSON object inside `value`, by JSON pointer.
fn object_pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            out.push(at.clone());
            for (k, v) in map {
                object_pointers(v, format!("{at}/{k}"), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                object_pointers(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn assert_rejects_unknown_fields(validator: &jsonschema::Validator, instance: &Value) {
    let mut pointers = Vec::new();
    object_pointers(instance, String::new(), &mut pointers);
    assert!(pointers.len() > 1);
    for pointer in pointers {
        let mut changed = instance.clone();
        changed
            .pointer_mut(&pointer)
            .unwrap()
            .as_object_mut()
            .unwrap()
            .insert("undocumented".into(), Value::from(1));
        assert!(
            !validator.is_valid(&changed),
            "the schema accepts an unknown field at `{pointer}`"
        );
    }
}

#[test]
fn the_report_schema_rejects_fields_it_does_not_describe() {
    assert_rejects_unknown_fields(&schema("report.schema.json"), &full_report());
}

#[test]
fn the_report_schema_rejects_wrong_values() {
    let validator = schema("report.schema.json");
    let report = full_report();
    for (pointer, value) in [
        ("/findings/0/severity", Value::from("fatal")),
        ("/findings/0/location/line", Value::from(0)),
        ("/findings/0/location/pointer", Value::from("spec")),
        ("/inputs/0/status", Value::from("ok")),
        ("/requirements/0/status", Value::from("passed")),
        ("/format", Value::from("2")),
    ] {
        let mut changed = report.clone();
        *changed.pointer_mut(pointer).unwrap() = value;
        assert!(
            !validator.is_valid(&changed),
            "the schema accepts a wrong value at `{pointer}`"
        );
    }
    let mut missing = report.clone();
    missing["findings"][0]
        .as_object_mut()
        .unwrap()
        .remove("remediation");
    assert!(
        !validator.is_valid(&missing),
        "the schema accepts a finding without remediation"
    );
}

fn cct_json(args: &[&str]) -> Value {
    let output = Command::new(env!("CARGO_BIN_EXE_cct"))
        .args(args)
        .output()
        .unwrap();
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "cct {args:?} printed invalid JSON ({e}):\n{}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

#[test]
fn cct_check_json_matches_the_schema() {
    let validator = schema("report.schema.json");
    let dir = root().join("tests/fixtures/kube").display().to_string();
    let report = cct_json(&["check", "--format", "json", &dir, "no/such/file.yaml"]);
    assert_eq!(report["summary"]["errors"], 1);
    assert_valid(&validator, &report, "cct check --format json");
}

#[test]
fn cct_rules_and_requirements_json_match_the_catalog_schema() {
    let validator = schema("catalog.schema.json");
    let rules = cct_json(&["rules", "--format", "json"]);
    assert!(!rules["rules"].as_array().unwrap().is_empty());
    assert_valid(&validator, &rules, "cct rules --format json");
    assert_rejects_unknown_fields(&validator, &rules);

    let requirements = cct_json(&["requirements", "--format", "json"]);
    let referentials = requirements["referentials"].as_array().unwrap();
    assert_eq!(referentials.len(), 2);
    assert_valid(&validator, &requirements, "cct requirements --format json");
    let ex32 = requirements["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == "EXI-ARCH-18")
        .unwrap();
    assert_eq!(ex32["referential"], "cct");
    assert!(ex32["rules"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r == "kube/run-as-non-root"));
    let org17 = requirements["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == "EXI-ORG-17")
        .unwrap();
    assert_eq!(org17["homonyms"].as_array().unwrap().len(), 1);
    let alpha = cct_json(&[
        "requirements",
        "--format",
        "json",
        "--referential",
        "cct@alpha-v1",
    ]);
    assert_valid(
        &validator,
        &alpha,
        "cct requirements --referential cct@alpha-v1",
    );
    let mut small = requirements.clone();
    // A few requirements are enough to probe every object level.
    small["requirements"].as_array_mut().unwrap().truncate(3);
    assert_rejects_unknown_fields(&validator, &small);
}
