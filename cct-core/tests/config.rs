//! Configuration files and profiles: valid ones load, invalid ones are refused at the exact position.

use std::path::{Path, PathBuf};

use cct_core::catalog::catalog;
use cct_core::profile;
use cct_core::{ConfigError, Policy, Severity};

fn dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/config")
        .join(name)
}

fn files(name: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir(name))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    out.sort();
    out
}

#[test]
fn every_valid_fixture_loads() {
    let valid = files("valid");
    assert!(valid.len() >= 4);
    for path in valid {
        let text = std::fs::read_to_string(&path).unwrap();
        if let Err(e) = Policy::from_config_str(&text, &path.display().to_string()) {
            panic!("{e}");
        }
    }
}

#[test]
fn every_invalid_fixture_fails_at_its_expected_position() {
    let mut failures = Vec::new();
    let invalid = files("invalid");
    assert!(invalid.len() >= 20);
    for path in invalid {
        let text = std::fs::read_to_string(&path).unwrap();
        let expect = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# expect: "))
            .expect("first line `# expect: L:C text`");
        let (at, fragment) = expect.split_once(' ').unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        match Policy::from_config_str(&text, &name) {
            Ok(_) => failures.push(format!("{name}: loaded, expected an error at {at}")),
            Err(e) => {
                let pos = e.pos().map(|p| p.to_string()).unwrap_or_default();
                if pos != at || !e.message().contains(fragment) {
                    failures.push(format!(
                        "{name}: expected {at} `{fragment}`\n    got {pos} `{}`",
                        e.message()
                    ));
                }
                assert!(e.to_string().starts_with(&format!("{name}:")), "{e}");
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn full_configuration_lays_over_its_profile() {
    let text = std::fs::read_to_string(dir("valid").join("full.yaml")).unwrap();
    let policy = Policy::from_config_str(&text, "cct.yaml").unwrap();
    assert_eq!(policy.profile.as_deref(), Some("cloud-pi-native"));
    // Settings merge key by key: the profile's list is replaced, its other keys kept.
    assert_eq!(
        policy.settings.allowed_registries,
        vec!["registry.example.fr/".to_owned()]
    );
    assert_eq!(policy.settings.important_severity, Severity::Info);
    // The profile's selectors are kept (the file has none).
    assert_eq!(policy.select.len(), 2);
    assert_eq!(policy.today.as_deref(), Some("2026-03-01"));
    assert_eq!(policy.derogations.len(), 2);
    assert_eq!(policy.custom_rules.len(), 1);
    assert_eq!(policy.limits.max_documents, 1000);
    let c = catalog();
    let host_port = c.rule("kube/no-host-port").unwrap();
    assert_eq!(policy.severity(host_port, c), Severity::Warning);
    assert!(!policy.enabled(c.rule("kube/container-port-above-1024").unwrap()));
    assert!(policy.enabled(c.rule("kube/run-as-non-root").unwrap()));
}

#[test]
fn shipped_profiles_load_and_select_by_requirement() {
    for name in profile::names() {
        let policy = Policy::from_profile(name).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(policy.profile.as_deref(), Some(name));
        assert!(!policy.select.is_empty(), "{name} selects no rules");
    }
    let c = catalog();
    let run_as_non_root = c.rule("kube/run-as-non-root").unwrap();
    let minimal = Policy::from_profile("minimal").unwrap();
    assert!(
        minimal.enabled(run_as_non_root),
        "EX32 is P: minimal runs it"
    );
    assert_eq!(minimal.severity(run_as_non_root, c), Severity::Error);
    let dx = Policy::from_profile("domino-x").unwrap();
    assert!(
        !dx.enabled(run_as_non_root),
        "no Domino-X requirement: domino-x leaves it out"
    );
    let cpin = Policy::from_profile("cloud-pi-native").unwrap();
    assert!(cpin.enabled(run_as_non_root));
    assert_eq!(
        cpin.settings.allowed_registries,
        [
            "docker.io/",
            "harbor.io/",
            "registry.redhat.io/",
            "quay.io/",
            "bitnami/",
            "ghcr.io/"
        ]
    );
    // Every rule of the catalog is judged by every profile without error.
    for rule in &c.rules {
        let _ = (minimal.enabled(rule), dx.enabled(rule), cpin.enabled(rule));
    }
}

#[test]
fn a_profile_reports_the_coverage_of_its_referentials() {
    let families = |p: &Policy| -> Vec<String> {
        cct_core::check(&[], p)
            .referentials
            .iter()
            .map(|r| r.id.clone())
            .collect()
    };
    assert_eq!(families(&Policy::default()), ["cct", "domino-x"]);
    assert_eq!(
        families(&Policy::from_profile("cloud-pi-native").unwrap()),
        ["cct"]
    );
    assert_eq!(families(&Policy::from_profile("minimal").unwrap()), ["cct"]);
    assert_eq!(
        families(&Policy::from_profile("domino-x").unwrap()),
        ["domino-x"]
    );
    let report = cct_core::check(&[], &Policy::from_profile("domino-x").unwrap());
    assert!(report.requirements.iter().all(|r| r.id.starts_with("DX-")));
    assert_eq!(report.requirements.len(), 72);
}

#[test]
fn unknown_profile_lists_the_known_ones() {
    let e = Policy::from_profile("strict").unwrap_err();
    assert!(matches!(e, ConfigError::UnknownProfile { .. }));
    assert_eq!(
        e.to_string(),
        "<profile>: unknown profile `strict` (known: `cloud-pi-native`, `domino-x`, `minimal`)"
    );
}

/// A file names its profile with `extends`, and every message says so.
#[test]
fn profile_is_called_extends_in_every_message() {
    let e = Policy::from_config_str("profile: minimal\n", "cct.yaml").unwrap_err();
    assert!(e.to_string().contains("write `extends: <profile>`"), "{e}");
    let e = Policy::from_config_str("extend: minimal\n", "cct.yaml").unwrap_err();
    let m = e.to_string();
    assert!(m.contains("unknown field `extend`"), "{m}");
    assert!(m.contains("`extends`") && !m.contains("`profile`"), "{m}");
}

/// A BOM before a comment holding `: ` (a Windows editor's `cct.yaml`) is
/// dropped, not read as a key (a fuzz crash of the fast YAML loader).
#[test]
fn a_bom_before_a_comment_is_dropped() {
    let policy =
        Policy::from_config_str("\u{feff}# profile: minimal\nextends: minimal\n", "cct.yaml")
            .unwrap();
    assert_eq!(
        policy,
        Policy::from_config_str("extends: minimal\n", "cct.yaml").unwrap()
    );
}

#[test]
fn empty_configuration_is_the_default_policy() {
    assert_eq!(
        Policy::from_config_str("", "cct.yaml").unwrap(),
        Policy::default()
    );
    assert_eq!(
        Policy::from_config_str("# nothing\n", "cct.yaml").unwrap(),
        Policy::default()
    );
}

#[test]
fn json_configuration_positions_are_exact_too() {
    let e = Policy::from_config_str(
        "{\n  \"settings\": {\"important_severity\": 3}\n}",
        "cct.json",
    )
    .unwrap_err();
    assert_eq!(e.pos().map(|p| p.to_string()).as_deref(), Some("2:38"));
    assert!(
        e.message().contains("settings.important_severity"),
        "{}",
        e.message()
    );
}

#[test]
fn policy_round_trips_through_json() {
    let text = std::fs::read_to_string(dir("valid").join("full.yaml")).unwrap();
    let policy = Policy::from_config_str(&text, "cct.yaml").unwrap();
    let json = serde_json::to_string(&policy).unwrap();
    let back: Policy = serde_json::from_str(&json).unwrap();
    assert_eq!(back, policy);
}

mod properties {
    use cct_core::profile::wildcard_match;
    use cct_core::Policy;
    use proptest::prelude::*;

    proptest! {
        /// Any text, well-formed or not, gives a policy or a positioned error: never a panic.
        #[test]
        fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
            if let Err(e) = Policy::from_config_str(&text, "cct.yaml") {
                prop_assert!(!e.message().is_empty());
            }
        }

        /// YAML-shaped configurations built from real keys and odd values never panic either.
        #[test]
        fn config_shaped_text_never_panics(
            key in prop::sample::select(vec!["rules", "settings", "select", "exclude", "derogations", "custom_rules", "today", "extends", "limits"]),
            value in prop::sample::select(vec!["[]", "{}", "~", "1", "x", "[{}]", "[{rule: '*'}]", "{a: {b: c}}", "[{id: custom/x, kind: kube, requirements: [EX32], condition: {not: {all: []}}, message: m, remediation: r}]"]),
        ) {
            let _ = Policy::from_config_str(&format!("{key}: {value}\n"), "cct.yaml");
        }

        /// `*` patterns agree with the equivalent regular expression.
        #[test]
        fn wildcards_agree_with_regex(pattern in "[ab*]{0,6}", text in "[ab]{0,8}") {
            let re = format!("^{}$", pattern.split('*').map(regex::escape).collect::<Vec<_>>().join(".*"));
            prop_assert_eq!(wildcard_match(&pattern, &text), regex::Regex::new(&re).unwrap().is_match(&text));
        }
    }
}

/// The configuration snippets of docs/configuration.md load (those without `...` placeholders).
#[test]
fn documentation_snippets_load() {
    let doc = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/configuration.md"),
    )
    .unwrap();
    let mut checked = 0;
    for block in doc.split("```yaml\n").skip(1) {
        let block = block.split("```").next().unwrap();
        let top_level = block.lines().next().unwrap_or_default();
        if block.contains("...")
            || !(top_level.starts_with("derogations:") || top_level.starts_with("custom_rules:"))
        {
            continue;
        }
        if let Err(e) = Policy::from_config_str(block, "docs/configuration.md") {
            panic!("{e}\n{block}");
        }
        checked += 1;
    }
    assert_eq!(checked, 2);
}
