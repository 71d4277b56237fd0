//! Report formats: SARIF against the official 2.1.0 schema, JUnit XML structure, Markdown, coverage text.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use cct_core::format::{self, coverage_text, junit, markdown, sarif, Format};
use cct_core::{check, Input, Policy, Report};
use quick_xml::events::Event;
use quick_xml::Reader;
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap()
}

/// The derogation fixture's configuration, kept to the rules the samples are about
/// (the three original Kubernetes rules; custom rules always run), whatever else the rule set checks.
fn derogation_config() -> String {
    format!(
        "select:\n  - rules: [kube/run-as-non-root, kube/container-port-above-1024, kube/no-host-port]\n{}",
        read("tests/fixtures/derogation/cct.yaml")
    )
}

/// A report with every kind of entry: counting, derogated (config and annotation) and expired
/// findings, a custom rule, an input error, a skipped input and an OpenAPI input; judged
/// against CCT alpha.V1, whose ids the assertions below name.
fn sample() -> Report {
    let mut policy = Policy::from_config_str(&derogation_config(), "cct.yaml").unwrap();
    policy.today = Some("2026-01-01".into());
    policy.cct_version = "alpha-v1".into();
    policy
        .add_custom_rules_str(&read("rules/custom-examples/openapi.yaml"), "openapi.yaml")
        .unwrap();
    let deploy = read("tests/fixtures/derogation/deploy.yaml");
    let api = read("tests/fixtures/custom/openapi-contact/bad.yaml");
    check(
        &[
            Input::text("deploy/app.yaml", &deploy),
            Input::text("api/openapi.yaml", &api),
            Input::text("broken.yaml", "a: [1,\n"),
            Input::text("Chart.yaml", "name: chart\nversion: 1.0.0\n"),
        ],
        &policy,
    )
}

/// The official SARIF 2.1.0 schema, compiled. As published, its two
/// `language` patterns (in `run` and `toolComponent`) hold a stray `]` that
/// the meta-schema's `regex` format refuses, so the validator would not
/// compile it: those patterns (which cct's output never exercises: it writes
/// no `language`) are replaced in memory by the intended one; the file in
/// `schemas/` stays as published.
fn sarif_validator() -> jsonschema::Validator {
    fn patch(v: &mut Value, count: &mut usize) {
        match v {
            Value::Object(map) => {
                for (key, value) in map.iter_mut() {
                    if key == "pattern" && value == "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$" {
                        *value = Value::from("^[a-zA-Z]{2}(-[a-zA-Z]{2})?$");
                        *count += 1;
                    } else {
                        patch(value, count);
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|i| patch(i, count)),
            _ => {}
        }
    }
    let mut schema: Value = serde_json::from_str(&read("schemas/sarif-schema-2.1.0.json")).unwrap();
    let mut count = 0;
    patch(&mut schema, &mut count);
    assert_eq!(count, 2);
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let validator = sarif_validator();
    let report = sample();
    let log: Value = serde_json::from_str(&sarif(&report)).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert_eq!(errors, Vec::<String>::new());
    // A log that breaks the schema is caught (the test can fail).
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!validator.is_valid(&broken));
    // An empty report is valid too.
    let empty: Value = serde_json::from_str(&sarif(&check(&[], &Policy::default()))).unwrap();
    assert!(validator.is_valid(&empty));
}

#[test]
fn sarif_writes_absolute_paths_as_file_uris_and_stdin_without_a_base() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - {name: c, image: nginx}\n";
    let report = check(
        &[
            Input::text("/srv/deploy/pod.yaml", text),
            Input::text("-", text),
        ],
        &Policy::default(),
    );
    let log: Value = serde_json::from_str(&sarif(&report)).unwrap();
    let locations: std::collections::BTreeSet<String> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"].to_string())
        .collect();
    assert_eq!(
        locations.into_iter().collect::<Vec<_>>(),
        [
            r#"{"description":{"text":"standard input"},"uri":"-"}"#,
            r#"{"uri":"file:///srv/deploy/pod.yaml"}"#,
        ]
    );
    assert!(sarif_validator().is_valid(&log));
}

#[test]
fn sarif_carries_rules_locations_fingerprints_and_suppressions() {
    let report = sample();
    let log: Value = serde_json::from_str(&sarif(&report)).unwrap();
    let run = &log["runs"][0];
    assert_eq!(log["version"], "2.1.0");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert!(
        ids.contains(&"kube/run-as-non-root") && ids.contains(&"custom/openapi-contact"),
        "{ids:?}"
    );
    let rnr = rules
        .iter()
        .find(|r| r["id"] == "kube/run-as-non-root")
        .unwrap();
    assert!(rnr["help"]["text"].as_str().unwrap().contains("EX32"));
    assert!(rnr["help"]["markdown"]
        .as_str()
        .unwrap()
        .contains("```yaml"));
    assert_eq!(
        rnr["properties"]["requirements"],
        serde_json::json!(["EX32"])
    );
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), report.findings.len());
    let first = &results[0];
    assert_eq!(first["ruleId"], report.findings[0].rule.as_str());
    assert_eq!(
        rules[first["ruleIndex"].as_u64().unwrap() as usize]["id"],
        first["ruleId"]
    );
    let web = results
        .iter()
        .find(|r| {
            r["ruleId"] == "kube/run-as-non-root"
                && r["locations"][0]["physicalLocation"]["region"]["startLine"] == 14
        })
        .unwrap();
    assert_eq!(
        web["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "deploy/app.yaml"
    );
    assert_eq!(
        web["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"],
        "%SRCROOT%"
    );
    assert!(run["originalUriBaseIds"]["%SRCROOT%"].is_object());
    assert_eq!(
        web["locations"][0]["physicalLocation"]["region"]["startColumn"],
        40
    );
    assert_eq!(web["level"], "error");
    assert_eq!(web["suppressions"][0]["kind"], "external");
    assert_eq!(web["suppressions"][0]["status"], "accepted");
    let annotated = results
        .iter()
        .filter(|r| r["suppressions"][0]["kind"] == "inSource")
        .count();
    assert_eq!(annotated, 2);
    let contact = results
        .iter()
        .find(|r| r["ruleId"] == "custom/openapi-contact")
        .unwrap();
    assert_eq!(contact["level"], "error", "EX46 has level P");
    // Fingerprints are stable and distinct.
    let prints: Vec<&str> = results
        .iter()
        .map(|r| r["partialFingerprints"]["cctFinding/v1"].as_str().unwrap())
        .collect();
    let unique: std::collections::BTreeSet<&&str> = prints.iter().collect();
    assert_eq!(unique.len(), prints.len());
    assert_eq!(sarif(&report), sarif(&sample()), "deterministic");
    let notes = run["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert!(notes.iter().any(
        |n| n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "broken.yaml"
    ));
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
}

/// One `<testsuite>`: its attributes and its test cases (name → outcome).
#[derive(Debug, Default)]
struct Suite {
    attrs: BTreeMap<String, String>,
    cases: Vec<(String, String)>,
}

/// Parses JUnit XML with a strict reader and checks the structure GitLab and
/// the common JUnit XSD expect: `testsuites` > `testsuite` (name, tests,
/// failures, errors, skipped) > `testcase` (classname, name) holding at most
/// one of `failure`/`error`/`skipped` (with `message`), plus `system-out`.
fn parse_junit(xml: &str) -> (BTreeMap<String, String>, Vec<Suite>) {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<String> = Vec::new();
    let mut top = BTreeMap::new();
    let mut suites: Vec<Suite> = Vec::new();
    let attrs = |e: &quick_xml::events::BytesStart<'_>| -> BTreeMap<String, String> {
        e.attributes()
            .map(|a| {
                let a = a.unwrap();
                (
                    String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                    a.unescape_value().unwrap().to_string(),
                )
            })
            .collect()
    };
    loop {
        let event = reader.read_event().unwrap();
        let (name, a, empty) = match &event {
            Event::Start(e) => (
                String::from_utf8(e.name().as_ref().to_vec()).unwrap(),
                attrs(e),
                false,
            ),
            Event::Empty(e) => (
                String::from_utf8(e.name().as_ref().to_vec()).unwrap(),
                attrs(e),
                true,
            ),
            Event::End(_) => {
                stack.pop();
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let parent = stack.last().map(String::as_str);
        match (parent, name.as_str()) {
            (None, "testsuites") => top = a,
            (Some("testsuites"), "testsuite") => {
                for key in ["name", "tests", "failures", "errors", "skipped"] {
                    assert!(a.contains_key(key), "testsuite without {key}");
                }
                suites.push(Suite {
                    attrs: a,
                    cases: Vec::new(),
                });
            }
            (Some("testsuite"), "testcase") => {
                assert!(a.contains_key("classname") && a.contains_key("name"));
                suites
                    .last_mut()
                    .unwrap()
                    .cases
                    .push((a["name"].clone(), "pass".into()));
            }
            (Some("testcase"), "failure" | "error" | "skipped") => {
                assert!(a.contains_key("message"), "{name} without message");
                let case = suites.last_mut().unwrap().cases.last_mut().unwrap();
                assert_eq!(case.1, "pass", "two outcomes in one testcase");
                case.1 = name.clone();
            }
            (Some("testcase"), "system-out") => {}
            (p, n) => panic!("unexpected <{n}> under {p:?}"),
        }
        if !empty {
            stack.push(name);
        }
    }
    assert!(stack.is_empty());
    (top, suites)
}

#[test]
fn junit_has_a_suite_per_input_and_a_case_per_rule_and_object() {
    let report = sample();
    let xml = junit(&report);
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites"));
    let (top, suites) = parse_junit(&xml);
    let names: Vec<&str> = suites.iter().map(|s| s.attrs["name"].as_str()).collect();
    assert_eq!(
        names,
        [
            "Chart.yaml",
            "api/openapi.yaml",
            "broken.yaml",
            "deploy/app.yaml"
        ]
    );
    let deploy = &suites[3];
    let outcome = |n: &str| {
        deploy
            .cases
            .iter()
            .find(|(name, _)| name == n)
            .map(|(_, o)| o.as_str())
    };
    assert_eq!(
        outcome("kube/run-as-non-root Deployment/web (namespace legacy)"),
        Some("skipped")
    );
    assert_eq!(
        outcome("kube/run-as-non-root Pod/tools (namespace ops)"),
        Some("skipped")
    );
    assert_eq!(
        outcome("kube/run-as-non-root Pod/no-reason (namespace ops)"),
        Some("failure")
    );
    assert_eq!(
        outcome("kube/container-port-above-1024 Deployment/web (namespace legacy)"),
        Some("failure")
    );
    assert_eq!(
        outcome("kube/no-host-port"),
        Some("pass"),
        "rules without findings pass"
    );
    assert_eq!(
        suites[2].cases,
        [("read input".to_owned(), "error".to_owned())]
    );
    // Counts agree with the cases.
    let mut total = 0;
    for s in &suites {
        let count = |o: &str| s.cases.iter().filter(|(_, x)| x == o).count().to_string();
        assert_eq!(s.attrs["tests"], s.cases.len().to_string());
        assert_eq!(s.attrs["failures"], count("failure"));
        assert_eq!(s.attrs["errors"], count("error"));
        assert_eq!(s.attrs["skipped"], count("skipped"));
        total += s.cases.len();
    }
    assert_eq!(top["tests"], total.to_string());
}

#[test]
fn junit_escapes_markup_in_messages() {
    let manifest = "apiVersion: v1\nkind: Pod\nmetadata: {name: \"a<b>&\\\"c\"}\nspec:\n  containers:\n    - name: \"x\\u0001y\"\n      image: i\n";
    let report = check(&[Input::text("p&q.yaml", manifest)], &Policy::default());
    assert!(!report.findings.is_empty());
    let (_, suites) = parse_junit(&junit(&report));
    assert_eq!(suites[0].attrs["name"], "p&q.yaml");
    assert!(suites[0]
        .cases
        .iter()
        .any(|(n, _)| n.contains("Pod/a<b>&\"c")));
}

#[test]
fn markdown_summarises_counts_findings_and_coverage() {
    let report = sample();
    let md = markdown(&report);
    assert!(md.starts_with("## cct: ❌ failed\n"), "{md}");
    let s = report.summary;
    assert!(md.contains(&format!(
        "**{}** errors · **{}** warnings · **{}** info · **{}** derogated",
        s.error, s.warning, s.info, s.derogated
    )));
    assert!(
        md.contains("| 🟦 derogated | `kube/run-as-non-root` | `deploy/app.yaml:14:40` |"),
        "{md}"
    );
    assert!(
        md.contains("| 🟥 error | `kube/run-as-non-root` | `deploy/app.yaml:44:36` |"),
        "{md}"
    );
    assert!(
        md.contains("### Input errors\n\n- `broken.yaml:2:1`: invalid YAML"),
        "{md}"
    );
    assert!(md.contains("| EX32 | P | ❌ fail |"), "{md}");
    assert!(
        md.contains("| EX46 | P | ❌ fail | 1 | `custom/openapi-contact` |"),
        "{md}"
    );
    let clean = check(&[], &Policy::default());
    assert!(markdown(&clean).starts_with("## cct: ✅ passed\n"));
}

#[test]
fn coverage_text_lists_every_requirement_with_its_evidence() {
    let report = sample();
    let text = coverage_text(&report);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("REQUIREMENT  LEVEL  STATUS"),
        "{}",
        lines[0]
    );
    assert_eq!(lines.len(), report.requirements.len() + 3);
    let ex32 = lines.iter().find(|l| l.starts_with("EX32 ")).unwrap();
    let cells: Vec<&str> = ex32
        .split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(cells[..4], ["EX32", "P", "fail", "5"]);
    assert!(ex32.contains("kube/container-port-above-1024, kube/run-as-non-root"));
    assert!(ex32.ends_with("deploy/app.yaml"));
    let ex1 = lines.iter().find(|l| l.starts_with("EX1 ")).unwrap();
    assert!(ex1.contains("needs-attestation"));
    assert!(
        ex1.contains("needs: attestation: conformity statement"),
        "{ex1}"
    );
    assert!(
        lines.last().unwrap().contains(" pass, ")
            && lines.last().unwrap().contains(" needs-attestation")
    );
}

#[test]
fn json_report_matches_its_schema() {
    let schema: Value = serde_json::from_str(&read("schemas/report.schema.json")).unwrap();
    jsonschema::meta::validate(&schema).unwrap();
    let validator = jsonschema::options().build(&schema).unwrap();
    let mut expired = Policy::from_config_str(&derogation_config(), "cct.yaml").unwrap();
    expired.today = Some("2027-01-01".into());
    let deploy = read("tests/fixtures/derogation/deploy.yaml");
    let reports = [
        sample(),
        check(&[], &Policy::default()),
        check(&[Input::text("deploy/app.yaml", &deploy)], &expired),
        check(
            &[Input::text("deploy/app.yaml", &deploy)],
            &Policy::from_profile("cloud-pi-native").unwrap(),
        ),
    ];
    for report in &reports {
        let json: Value = serde_json::from_str(&report.to_json()).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert_eq!(errors, Vec::<String>::new());
    }
    // Every field of a finding is described (a new field without schema fails here).
    let mut json: Value = serde_json::from_str(&reports[0].to_json()).unwrap();
    json["findings"][0]["unexpected"] = Value::from(1);
    assert!(!validator.is_valid(&json));
}

#[test]
fn every_format_renders_by_name() {
    let report = sample();
    for f in Format::ALL {
        assert_eq!(Format::parse(f.as_str()), Some(f));
        assert!(!format::render(&report, f).is_empty());
    }
    assert_eq!(Format::parse("md"), Some(Format::Markdown));
    assert_eq!(Format::parse("html"), None);
    assert_eq!(format::render(&report, Format::Json), report.to_json());
}
