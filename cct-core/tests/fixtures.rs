//! The generic rule-fixture driver.
//!
//! Every rule `<kind>/<name>` of the catalog has a folder
//! `tests/fixtures/<kind>/<name>/` (at the repository root, shared with the
//! other languages' tests) holding:
//! - `good.<ext>`: must give no finding of that rule;
//! - `bad.<ext>`: must give exactly the findings of that rule listed in
//!   `bad.expected`, one `line:column pointer` per line, in report order
//!   (`#` starts a comment).
//!
//! - optionally `cct.yaml`: the configuration the inputs are checked under
//!   (for a rule that only runs when configured, like `commit/scope-case`).
//!
//! Inputs are checked with their kind forced to `<kind>` under the default
//! policy, or the folder's `cct.yaml`.

use std::path::{Path, PathBuf};

use cct_core::{catalog::catalog, check, ArtefactKind, Input, Policy};

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

fn input_file(dir: &Path, stem: &str) -> Option<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_stem().and_then(|s| s.to_str()) == Some(stem)
                && p.extension().and_then(|e| e.to_str()) != Some("expected")
        })
        .collect();
    found.sort();
    found.into_iter().next()
}

fn policy_of(dir: &Path) -> Policy {
    match std::fs::read_to_string(dir.join("cct.yaml")) {
        Ok(text) => Policy::from_config_str(&text, "cct.yaml").unwrap(),
        Err(_) => Policy::default(),
    }
}

fn findings_of(rule: &str, kind: ArtefactKind, file: &Path) -> Vec<String> {
    let bytes = std::fs::read(file).unwrap();
    let name = file.file_name().unwrap().to_string_lossy().to_string();
    let report = check(
        &[Input::new(name, bytes).with_kind(Some(kind))],
        &policy_of(file.parent().unwrap()),
    );
    assert!(
        report.errors.is_empty(),
        "{}: input errors {:?}",
        file.display(),
        report.errors
    );
    report
        .findings
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| {
            format!(
                "{}:{} {}",
                f.location.line, f.location.column, f.location.pointer
            )
        })
        .collect()
}

#[test]
fn every_rule_passes_its_good_fixture_and_fails_its_bad_one() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for rule in &catalog().rules {
        let Some((kind_name, name)) = rule.id.split_once('/') else {
            continue;
        };
        let dir = fixtures_root().join(kind_name).join(name);
        let (Some(good), Some(bad)) = (input_file(&dir, "good"), input_file(&dir, "bad")) else {
            failures.push(format!(
                "{}: missing good/bad fixtures in {}",
                rule.id,
                dir.display()
            ));
            continue;
        };
        let good_findings = findings_of(&rule.id, rule.kind, &good);
        if !good_findings.is_empty() {
            failures.push(format!(
                "{}: good fixture has findings {good_findings:?}",
                rule.id
            ));
        }
        let expected: Vec<String> = std::fs::read_to_string(dir.join("bad.expected"))
            .unwrap_or_default()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_owned)
            .collect();
        let actual = findings_of(&rule.id, rule.kind, &bad);
        if expected.is_empty() {
            failures.push(format!("{}: bad.expected is missing or empty", rule.id));
        } else if actual != expected {
            failures.push(format!(
                "{}: bad fixture\n  expected {expected:?}\n  actual   {actual:?}",
                rule.id
            ));
        }
        checked += 1;
    }
    assert!(
        failures.is_empty(),
        "{} rule(s) failing:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked > 0);
}
