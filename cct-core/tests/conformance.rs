//! The conformance suite (`tests/conformance/`): the report for each case is
//! fixed in `<case>.report.json`, and every binding's tests compare against
//! the same files. `CCT_BLESS=1` rewrites them.

use std::path::{Path, PathBuf};

use cct_core::{check, ArtefactKind, Input, Policy};

fn cases() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance");
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
fn every_case_gives_its_recorded_report() {
    let bless = std::env::var_os("CCT_BLESS").is_some();
    let mut failures = Vec::new();
    let cases = cases();
    assert!(!cases.is_empty());
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let bytes = std::fs::read(&case).unwrap();
        let report = check(
            &[Input::new(name.clone(), bytes).with_kind(forced_kind(&name))],
            &Policy::default(),
        );
        let actual = report.to_json() + "\n";
        let expected_path = case.with_file_name(format!("{name}.report.json"));
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
