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
//! - or, for a rule that judges a repository, `good/` and `bad/` folders: each is a
//!   repository's root, its files are the inputs (paths relative to it) and the check is
//!   told what the root holds (`Pipeline::repository`), as `cct audit` tells it;
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

/// A repository fixture: every file under `root` (paths relative to it, kinds detected), and
/// what its root holds.
fn repository_report(root: &Path, policy: &Policy) -> cct_core::Report {
    fn walk(dir: &Path, base: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, base, out);
            } else {
                let rel = path
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, std::fs::read(&path).unwrap()));
            }
        }
    }
    let mut files = Vec::new();
    walk(root, root, &mut files);
    let inputs: Vec<Input<'_>> = files
        .iter()
        .map(|(path, bytes)| Input::new(path.clone(), bytes.as_slice()))
        .collect();
    let mut pipeline = cct_core::Pipeline::new(policy);
    pipeline.inputs(&inputs, &cct_core::openapi::NoExternalRefs);
    pipeline.repository(&cct_core::pipeline::Repository {
        root: ".".to_owned(),
        dso_pipeline: root.join(cct_core::pipeline::DSO_PIPELINE_FILE).is_file(),
    });
    pipeline.finish()
}

fn findings_of(rule: &str, kind: ArtefactKind, file: &Path) -> Vec<String> {
    let policy = policy_of(file.parent().unwrap());
    let report = if file.is_dir() {
        repository_report(file, &policy)
    } else {
        let bytes = std::fs::read(file).unwrap();
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        check(&[Input::new(name, bytes).with_kind(Some(kind))], &policy)
    };
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
            .trim_end()
            .to_owned()
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
