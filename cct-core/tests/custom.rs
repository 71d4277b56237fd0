//! Custom YAML rules: the shipped examples against their fixtures, and the engine's behaviour.
//!
//! Every rule of `rules/custom-examples/*.yaml` named `custom/<name>` has
//! `tests/fixtures/custom/<name>/{good,bad}.yaml` and `bad.expected` (one
//! `line:column pointer` per finding, in report order), like built-in rules.

use std::path::Path;

use cct_core::catalog::data_files;
use cct_core::config::parse_custom_rules;
use cct_core::report::RequirementState;
use cct_core::{check, Input, Policy, Severity};

fn fixtures() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/custom"
    ))
}

fn example_policy() -> Policy {
    let mut policy = Policy::default();
    let mut files = 0;
    for (path, text) in data_files()
        .iter()
        .filter(|(p, _)| p.starts_with("custom-examples/"))
    {
        policy
            .add_custom_rules_str(text, path)
            .unwrap_or_else(|e| panic!("{e}"));
        files += 1;
    }
    assert!(files >= 2);
    policy
}

#[test]
fn every_example_rule_passes_its_good_fixture_and_fails_its_bad_one() {
    let policy = example_policy();
    assert!(policy.custom_rules.len() >= 5);
    let mut failures = Vec::new();
    for rule in &policy.custom_rules {
        let name = rule.id.strip_prefix("custom/").unwrap();
        let dir = fixtures().join(name);
        let run = |file: &str| -> Vec<String> {
            let text = std::fs::read_to_string(dir.join(file))
                .unwrap_or_else(|_| panic!("{}: missing {file}", rule.id));
            let report = check(
                &[Input::text(file, &text).with_kind(Some(rule.kind))],
                &policy,
            );
            assert!(report.errors.is_empty(), "{:?}", report.errors);
            report
                .findings
                .iter()
                .filter(|f| f.rule == rule.id)
                .map(|f| {
                    format!(
                        "{}:{} {}",
                        f.location.line, f.location.column, f.location.pointer
                    )
                })
                .collect()
        };
        let good = run("good.yaml");
        if !good.is_empty() {
            failures.push(format!("{}: good fixture has findings {good:?}", rule.id));
        }
        let expected: Vec<String> = std::fs::read_to_string(dir.join("bad.expected"))
            .unwrap_or_default()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_owned)
            .collect();
        let bad = run("bad.yaml");
        if expected.is_empty() || bad != expected {
            failures.push(format!(
                "{}: bad fixture\n  expected {expected:?}\n  actual   {bad:?}",
                rule.id
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn findings_carry_the_rule_metadata_and_a_readable_message() {
    let policy = example_policy();
    let text = std::fs::read_to_string(fixtures().join("memory-limit-bounded/bad.yaml")).unwrap();
    let report = check(&[Input::text("db.yaml", &text)], &policy);
    let f: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule == "custom/memory-limit-bounded")
        .collect();
    assert_eq!(
        f[0].message,
        "the memory limit of a container of StatefulSet/db is `8Gi` at `/spec/template/spec/containers/0/resources/limits/memory`; set one, at most 4Gi"
    );
    assert_eq!(
        f[1].message,
        "the memory limit of a container of StatefulSet/db is `nothing` at `/spec/template/spec/containers/1/resources/limits/memory`; set one, at most 4Gi"
    );
    // Declared as alpha.V1's EX26, reported as its béta counterpart.
    assert_eq!(f[0].requirements, ["EXI-G-4"]);
    assert_eq!(f[0].severity, Severity::Warning, "EX26 and EXI-G-4 are I");
    assert_eq!(f[0].object.as_ref().unwrap().name.as_deref(), Some("db"));
    assert!(f[0]
        .remediation
        .starts_with("Set `resources.limits.memory`"));
    // The custom rule is evidence for its requirement in the coverage.
    let ex26 = report
        .requirements
        .iter()
        .find(|r| r.id == "EXI-G-4")
        .unwrap();
    assert_eq!(ex26.status, RequirementState::Fail);
    assert!(
        ex26.rules
            .iter()
            .any(|r| r == "custom/memory-limit-bounded"),
        "{:?}",
        ex26.rules
    );
}

#[test]
fn custom_rules_obey_rule_settings_and_derogations() {
    let text = std::fs::read_to_string(fixtures().join("replicas-at-least-two/bad.yaml")).unwrap();
    // Rules of `custom_rule_files` are read through the caller's reader, before settings name them.
    let config = "custom_rule_files: [rules/kube.yaml]\nrules:\n  custom/replicas-at-least-two: {severity: error}\n";
    let e = Policy::from_config_str(config, "cct.yaml").unwrap_err();
    assert_eq!(e.pos().unwrap().to_string(), "1:21");
    assert!(
        e.message()
            .starts_with("cannot read custom rule file `rules/kube.yaml`"),
        "{}",
        e.message()
    );
    let examples = data_files()
        .iter()
        .find(|(p, _)| *p == "custom-examples/kube.yaml")
        .unwrap()
        .1;
    let mut asked = Vec::new();
    let policy = Policy::from_config_with(config, "cct.yaml", &mut |p| {
        asked.push(p.to_owned());
        Ok(examples.to_owned())
    })
    .unwrap();
    assert_eq!(asked, ["rules/kube.yaml"]);
    assert_eq!(policy.custom_rules.len(), 4);
    let report = check(&[Input::text("app.yaml", &text)], &policy);
    assert!(report
        .findings
        .iter()
        .any(|f| f.rule == "custom/replicas-at-least-two" && f.severity == Severity::Error));
    let config = "today: 2026-01-01\ncustom_rules:\n  - id: custom/replicas-at-least-two\n    kind: kube\n    requirements: [DX-3.2-b]\n    select: /spec\n    condition: {path: /replicas, gte: 2}\n    message: \"{object} has {value} replicas\"\n    remediation: Set `spec.replicas` to 2 or more.\nrules:\n  custom/replicas-at-least-two: {severity: error}\nderogations:\n  - rule: custom/replicas-at-least-two\n    objects: [api]\n    justification: batch API, one instance by design\n    granted_by: architecture board\n    expires: 2026-12-31\n";
    let policy = Policy::from_config_str(config, "cct.yaml").unwrap();
    let report = check(&[Input::text("app.yaml", &text)], &policy);
    let f: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule == "custom/replicas-at-least-two")
        .collect();
    assert_eq!(f.len(), 2);
    assert_eq!(f[0].severity, Severity::Error);
    assert_eq!(f[0].message, "Deployment/web has `1` replicas");
    assert!(f[0].counts());
    assert!(!f[1].counts(), "Deployment/api is derogated");
    let mut off = policy.clone();
    off.rules
        .get_mut("custom/replicas-at-least-two")
        .unwrap()
        .enabled = Some(false);
    let report = check(&[Input::text("app.yaml", &text)], &off);
    assert!(report
        .findings
        .iter()
        .all(|f| f.rule != "custom/replicas-at-least-two"));
}

#[test]
fn rules_files_are_validated_with_positions() {
    let e = parse_custom_rules("- id: custom/x\n  kind: kube\n  requirements: [EX32]\n  condition: {any: []}\n  message: m\n  remediation: r\n", "rules.yaml").unwrap_err();
    assert_eq!(e.pos().unwrap().to_string(), "4:20");
    assert!(
        e.message().contains("an empty `any` never holds"),
        "{}",
        e.message()
    );
    let e = parse_custom_rules("id: custom/x\n", "rules.yaml").unwrap_err();
    assert!(
        e.message()
            .contains("a rules file is a list of custom rules"),
        "{}",
        e.message()
    );
    let mut policy = example_policy();
    let again = data_files()
        .iter()
        .find(|(p, _)| *p == "custom-examples/openapi.yaml")
        .unwrap()
        .1;
    let e = policy
        .add_custom_rules_str(again, "again.yaml")
        .unwrap_err();
    assert!(
        e.message()
            .contains("`custom/openapi-contact` is already defined"),
        "{}",
        e.message()
    );
    assert_eq!(e.pos().unwrap().line, 3);
}

#[test]
fn catastrophic_patterns_run_in_linear_time() {
    // `(a+)+$` backtracks exponentially in backtracking engines; here it is linear.
    let config = "custom_rules:\n  - id: custom/redos\n    kind: kube\n    requirements: [EX32]\n    select: /metadata\n    condition: {path: /name, regex: '^(a+)+$'}\n    message: m\n    remediation: r\n";
    let policy = Policy::from_config_str(config, "cct.yaml").unwrap();
    let name = format!("{}!", "a".repeat(50_000));
    let manifest = format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \"{name}\"\n");
    let start = std::time::Instant::now();
    let report = check(&[Input::text("cm.yaml", &manifest)], &policy);
    assert_eq!(
        report
            .findings
            .iter()
            .filter(|f| f.rule == "custom/redos")
            .count(),
        1
    );
    assert!(start.elapsed().as_secs() < 5, "took {:?}", start.elapsed());
}

#[test]
fn findings_inside_lists_point_into_the_list_item() {
    let config = "custom_rules:\n  - id: custom/replicas\n    kind: kube\n    requirements: [DX-3.2-b]\n    objects: [Deployment]\n    select: /spec\n    condition: {path: /replicas, gte: 2}\n    message: \"{object} runs {value} replicas ({pointer})\"\n    remediation: Run two.\n";
    let policy = Policy::from_config_str(config, "cct.yaml").unwrap();
    let list = "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: apps/v1\n    kind: Deployment\n    metadata: {name: ok}\n    spec: {replicas: 2}\n  - apiVersion: apps/v1\n    kind: Deployment\n    metadata: {name: one}\n    spec:\n      replicas: 1\n";
    let report = check(&[Input::text("list.yaml", list)], &policy);
    let f: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule == "custom/replicas")
        .collect();
    assert_eq!(f.len(), 1);
    assert_eq!((f[0].location.line, f[0].location.column), (12, 17));
    assert_eq!(f[0].location.pointer, "/items/1/spec/replicas");
    assert_eq!(
        f[0].message,
        "Deployment/one runs `1` replicas (`/items/1/spec/replicas`)"
    );
}
