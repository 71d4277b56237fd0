//! `schemas/config.schema.json` matches what the loader accepts, and the shipped schemas are valid.

use std::path::{Path, PathBuf};

use cct_core::catalog::data_files;
use cct_core::document::{load_text, Limits};
use cct_core::Policy;
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn config_validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/config.schema.json")).unwrap(),
    )
    .unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

fn as_json(text: &str) -> Value {
    let docs = load_text(text, &Limits::default()).unwrap();
    docs.into_iter()
        .find(|d| !d.root.is_null())
        .map_or(Value::Object(Default::default()), |d| d.root.to_json())
}

fn errors(v: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    v.iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn every_valid_config_fixture_matches_the_schema() {
    let v = config_validator();
    let mut n = 0;
    for entry in std::fs::read_dir(root().join("tests/fixtures/config/valid")).unwrap() {
        let path = entry.unwrap().path();
        let instance = as_json(&std::fs::read_to_string(&path).unwrap());
        assert_eq!(
            errors(&v, &instance),
            Vec::<String>::new(),
            "{}",
            path.display()
        );
        n += 1;
    }
    assert!(n >= 4);
}

#[test]
fn structurally_invalid_fixtures_are_refused_by_the_schema_too() {
    let v = config_validator();
    for name in [
        "unknown-top-key",
        "unknown-nested-key",
        "wrong-type",
        "wrong-severity",
        "derogation-no-expiry",
        "derogation-no-scope",
        "derogation-empty-justification",
        "selector-unknown-kind",
        "selector-unknown-referential",
        "unknown-profile",
        "bad-today",
        "not-a-mapping",
        "custom-empty-all",
        "custom-unknown-key",
    ] {
        let text = std::fs::read_to_string(
            root().join(format!("tests/fixtures/config/invalid/{name}.yaml")),
        )
        .unwrap();
        assert!(
            !errors(&v, &as_json(&text)).is_empty(),
            "{name} passes the schema"
        );
    }
}

/// Drift check: every field the types serialize is described by the schema
/// (`additionalProperties: false` everywhere), so adding a field to `Policy`,
/// `Settings`, a selector, a derogation or a custom rule without documenting
/// it in the schema fails here.
#[test]
fn the_schema_describes_every_field_of_the_policy() {
    let v = config_validator();
    let text =
        std::fs::read_to_string(root().join("tests/fixtures/config/valid/full.yaml")).unwrap();
    let policy = Policy::from_config_str(&text, "full.yaml").unwrap();
    let mut json = serde_json::to_value(&policy).unwrap();
    let object = json.as_object_mut().unwrap();
    // `profile` is set from `extends`; the file itself writes `extends`.
    let profile = object.remove("profile").unwrap();
    object.insert("extends".into(), profile);
    object.insert(
        "custom_rule_files".into(),
        serde_json::json!(["rules.yaml"]),
    );
    assert_eq!(errors(&v, &json), Vec::<String>::new());
    let mut default = serde_json::to_value(Policy::default()).unwrap();
    assert_eq!(
        default.as_object_mut().unwrap().remove("profile"),
        Some(Value::Null)
    );
    assert_eq!(errors(&v, &default), Vec::<String>::new());
}

#[test]
fn shipped_profiles_and_examples_match_the_schema() {
    let v = config_validator();
    for (path, text) in data_files() {
        if let Some(name) = path.strip_prefix("profiles/") {
            let mut json = as_json(text);
            let object = json.as_object_mut().unwrap();
            assert_eq!(
                object
                    .remove("name")
                    .and_then(|n| n.as_str().map(str::to_owned))
                    .as_deref(),
                name.strip_suffix(".yaml")
            );
            assert!(
                object.remove("description").is_some(),
                "{path} has no description"
            );
            assert_eq!(errors(&v, &json), Vec::<String>::new(), "{path}");
        } else if path.starts_with("custom-examples/") {
            let json = serde_json::json!({"custom_rules": as_json(text)});
            assert_eq!(errors(&v, &json), Vec::<String>::new(), "{path}");
        }
    }
}

/// The official SARIF schema is left out: as published, its `run.language`
/// pattern has a stray `]`, which the meta-schema's `regex` format refuses
/// (it still compiles and validates logs; see tests/formats.rs).
#[test]
fn shipped_schemas_are_valid_json_schemas() {
    for name in ["config.schema.json", "report.schema.json"] {
        let schema: Value = serde_json::from_str(
            &std::fs::read_to_string(root().join("schemas").join(name)).unwrap(),
        )
        .unwrap();
        if let Err(e) = jsonschema::meta::validate(&schema) {
            panic!("{name}: {e} at {}", e.instance_path());
        }
    }
}
