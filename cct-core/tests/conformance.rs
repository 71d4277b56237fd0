//! The conformance suite (`tests/conformance/`): the report for each case is
//! fixed in `<case>.report.json` (default CCT version) and in
//! `<version>/<case>.report.json` (judged against `cct@<version>`), and every
//! binding's tests compare against the same files. `CCT_BLESS=1` rewrites them.

use std::path::{Path, PathBuf};

use cct_core::{check, ArtefactKind, Input, Policy};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance")
}

/// The folder of commit-list cases (not a pinned version).
const COMMITS: &str = "commits";

/// The CCT versions a folder of `tests/conformance/` pins cases to (`alpha-v1`), sorted.
fn pinned_versions() -> Vec<String> {
    let mut versions: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name != COMMITS && name != "contract")
        .collect();
    versions.sort();
    versions
}

fn cases() -> Vec<PathBuf> {
    let dir = dir();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            p.is_file() && !name.ends_with(".report.json") && name != "README.md"
        })
        .collect();
    cases.sort();
    cases
}

/// The kind forced by a `.<kind>.` infix in the file name, if any.
fn forced_kind(name: &str) -> Option<ArtefactKind> {
    let parts: Vec<&str> = name.split('.').collect();
    if parts.len() < 3 {
        return None;
    }
    ArtefactKind::parse(parts[parts.len() - 2])
}

#[test]
fn the_suite_covers_the_default_and_another_cct_version() {
    let versions = pinned_versions();
    assert!(!versions.is_empty(), "no pinned version folder");
    for version in &versions {
        let referential = cct_core::catalog::catalog()
            .cct_referential(version)
            .unwrap_or_else(|e| panic!("tests/conformance/{version}/: {e}"));
        assert!(!referential.is_version(cct_core::catalog::DEFAULT_CCT_VERSION));
    }
}

#[test]
fn every_case_gives_its_recorded_report() {
    let bless = std::env::var_os("CCT_BLESS").is_some();
    let mut failures = Vec::new();
    let cases = cases();
    assert!(!cases.is_empty());
    let mut runs: Vec<(Option<String>, &PathBuf)> = cases.iter().map(|c| (None, c)).collect();
    for version in pinned_versions() {
        runs.extend(cases.iter().map(|c| (Some(version.clone()), c)));
    }
    for (version, case) in runs {
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let bytes = std::fs::read(case).unwrap();
        let mut policy = Policy::default();
        if let Some(version) = &version {
            policy.cct_version = version.clone();
        }
        let report = check(
            &[Input::new(name.clone(), bytes).with_kind(forced_kind(&name))],
            &policy,
        );
        let actual = report.to_json() + "\n";
        let expected_path = match &version {
            Some(version) => dir().join(version).join(format!("{name}.report.json")),
            None => case.with_file_name(format!("{name}.report.json")),
        };
        if bless {
            std::fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        match std::fs::read_to_string(&expected_path) {
            Ok(expected) if expected == actual => {}
            Ok(_) => failures.push(format!(
                "{name}: report differs from {}",
                expected_path.display()
            )),
            Err(_) => failures.push(format!("{name}: {} is missing", expected_path.display())),
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n(run with CCT_BLESS=1 after an intended change)",
        failures.join("\n")
    );
}

/// The commit-list cases: `commits/<case>.commits.json` (raw commits and
/// options) through the facade give `<case>.report.json` and
/// `<case>.next.json` byte for byte, which `cct commits` printed on a real
/// repository of that history (`cct-cli/tests/commits_conformance.rs`
/// records them).
#[test]
fn every_commit_list_gives_the_report_and_release_of_cct_commits() {
    let dir = dir().join(COMMITS);
    let mut cases: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".commits.json").map(str::to_owned))
        .collect();
    cases.sort();
    assert!(cases.len() >= 4, "{cases:?}");
    for case in cases {
        let read =
            |suffix: &str| std::fs::read_to_string(dir.join(format!("{case}.{suffix}"))).unwrap();
        let input: serde_json::Value = serde_json::from_str(&read("commits.json")).unwrap();
        let commits: Vec<cct_core::api::CommitEntry> =
            serde_json::from_value(input["commits"].clone()).unwrap();
        let options: cct_core::api::CommitsOptions =
            serde_json::from_value(input["options"].clone()).unwrap();
        let result = cct_core::api::check_commits(&commits, &options).unwrap();
        assert_eq!(
            result.report.to_json() + "\n",
            read("report.json"),
            "{case}: report"
        );
        assert_eq!(
            serde_json::to_string_pretty(&result.release).unwrap() + "\n",
            read("next.json"),
            "{case}: release"
        );
    }
}
