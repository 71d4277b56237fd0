//! The conformance suite (`tests/conformance/`) through the `cct` binary:
//! `cct check --format json <case>` prints the recorded report byte for byte,
//! and every recorded report (the commit-list ones of `commits/` too) matches
//! `schemas/report.schema.json`.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance")
}

/// Case file names, sorted (every file but the recorded reports and the README).
fn cases() -> Vec<String> {
    let mut cases: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| !name.ends_with(".report.json") && name != "README.md")
        .collect();
    cases.sort();
    assert!(!cases.is_empty(), "no case in tests/conformance");
    cases
}

/// The `--kind` forced by a `.<kind>.` infix in the name (`message.commit.txt`).
fn kind(name: &str) -> &'static str {
    let parts: Vec<&str> = name.split('.').collect();
    let infix = if parts.len() >= 3 {
        parts[parts.len() - 2]
    } else {
        ""
    };
    match infix {
        "kube" => "kube",
        "image" => "image",
        "openapi" => "openapi",
        "commit" => "commit",
        _ => "auto",
    }
}

/// The CCT versions a folder of the suite pins every case to (`alpha-v1/`).
fn pinned_versions() -> Vec<String> {
    let mut versions: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name != "commits" && name != "contract")
        .collect();
    versions.sort();
    versions
}

#[test]
fn cct_check_json_prints_each_recorded_report_byte_for_byte() {
    let mut failures = Vec::new();
    let mut runs: Vec<(Option<String>, String)> = cases().into_iter().map(|c| (None, c)).collect();
    for version in pinned_versions() {
        runs.extend(cases().into_iter().map(|c| (Some(version.clone()), c)));
    }
    assert!(runs.len() > cases().len(), "no pinned version folder");
    for (version, name) in runs {
        let mut args = vec!["check", "--format", "json", "--kind", kind(&name)];
        let handle = version.as_ref().map(|v| format!("cct@{v}"));
        if let Some(handle) = &handle {
            args.extend(["--referential", handle.as_str()]);
        }
        args.push(&name);
        let output = Command::new(env!("CARGO_BIN_EXE_cct"))
            .current_dir(dir())
            .args(&args)
            .output()
            .unwrap();
        let report_path = match &version {
            Some(v) => dir().join(v).join(format!("{name}.report.json")),
            None => dir().join(format!("{name}.report.json")),
        };
        let expected = std::fs::read_to_string(report_path).unwrap();
        if output.stdout != expected.as_bytes() {
            failures.push(format!(
                "{}{name}",
                version.map(|v| v + "/").unwrap_or_default()
            ));
        }
        let report: Value = serde_json::from_slice(&output.stdout).unwrap();
        let unreadable = report["summary"]["errors"].as_u64().unwrap() > 0;
        let failing = report["summary"]["error"].as_u64().unwrap() > 0;
        let code = output.status.code().unwrap();
        let expected_code = if unreadable {
            2
        } else if failing {
            1
        } else {
            0
        };
        assert_eq!(code, expected_code, "{name}: exit status");
    }
    assert!(
        failures.is_empty(),
        "cct check --format json differs from the recorded report for {failures:?}"
    );
}

#[test]
fn every_recorded_report_matches_the_schema() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(dir().join("../../schemas/report.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    let commit_lists = std::fs::read_dir(dir().join("commits"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".report.json"))
        .map(|n| format!("commits/{}", n.trim_end_matches(".report.json")));
    for name in cases().into_iter().chain(commit_lists) {
        let report: Value = serde_json::from_str(
            &std::fs::read_to_string(dir().join(format!("{name}.report.json"))).unwrap(),
        )
        .unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&report)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{name}.report.json:\n{}",
            errors.join("\n")
        );
    }
}
