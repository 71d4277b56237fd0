//! The binding contract's conformance cases (`tests/conformance/contract/`):
//! each `<case>.case.json` names a call (`check`, `check_commit_message`), its
//! text and its options (snake_case; the JavaScript front ends spell them
//! camelCase), and `<case>.answer.json` is what every front end must answer:
//! `{"ok": <report>}`, or `{"error": {"code", "class"}}` for a call that
//! cannot be carried out. Rust compares the answer's text byte for byte;
//! Python, Node and WebAssembly replay the same files.
//! `CCT_BLESS=1 cargo test -p cct-core --test contract` rewrites the answers.

use std::path::{Path, PathBuf};

use cct_core::api::{self, CheckOptions};
use serde::Deserialize;
use serde_json::{json, Value};

/// One case: a call of the facade.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    call: String,
    text: String,
    options: Value,
}

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance/contract")
}

fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(dir())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".case.json"))
        .collect();
    cases.sort();
    cases
}

/// The answer of one case, as its JSON text.
fn answer(case: &Case) -> String {
    let opts: CheckOptions = serde_json::from_value(case.options.clone()).unwrap();
    let result = match case.call.as_str() {
        "check" => api::check_text(&case.text, &opts),
        "check_commit_message" => api::check_commit_message(&case.text, &opts),
        other => panic!("unknown call `{other}`"),
    };
    let value = match result {
        Ok(report) => json!({ "ok": report }),
        Err(e) => json!({ "error": { "code": e.code.as_str(), "class": e.code.class_name() } }),
    };
    serde_json::to_string_pretty(&value).unwrap() + "\n"
}

#[test]
fn every_contract_case_gives_its_recorded_answer() {
    let bless = std::env::var_os("CCT_BLESS").is_some();
    let cases = cases();
    assert!(cases.len() >= 8, "{cases:?}");
    let mut failures = Vec::new();
    let (mut oks, mut errors) = (0, 0);
    for path in cases {
        let case: Case = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let actual = answer(&case);
        if actual.starts_with("{\n  \"ok\"") {
            oks += 1;
        } else {
            errors += 1;
        }
        let expected_path =
            PathBuf::from(path.to_string_lossy().replace(".case.json", ".answer.json"));
        if bless {
            std::fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        match std::fs::read_to_string(&expected_path) {
            Ok(expected) if expected == actual => {}
            Ok(_) => failures.push(format!("{}: answer differs", expected_path.display())),
            Err(_) => failures.push(format!("{} is missing", expected_path.display())),
        }
    }
    assert!(
        oks > 0 && errors > 0,
        "the cases pin both reports and errors"
    );
    assert!(
        failures.is_empty(),
        "{}\nCCT_BLESS=1 rewrites them",
        failures.join("\n")
    );
}
