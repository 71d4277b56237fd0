//! OpenAPI evaluator: whole documents (petstores, cycles, broken ones, external refs).

use std::path::{Path, PathBuf};

use cct_core::{check, ArtefactKind, Input, Policy, Report};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/openapi").join(name)
}

fn run(name: &str) -> Report {
    let bytes = std::fs::read(fixture(name)).unwrap();
    check(&[Input::new(name, bytes).with_kind(Some(ArtefactKind::Openapi))], &Policy::default())
}

fn lines(report: &Report) -> Vec<String> {
    report
        .findings
        .iter()
        .map(|f| format!("{} {}:{} {}", f.rule, f.location.line, f.location.column, f.location.pointer))
        .collect()
}

#[test]
fn petstore_3_0_is_clean() {
    let report = run("petstore-3.0.yaml");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(lines(&report), Vec::<String>::new());
    assert_eq!(report.summary.evaluated, 1);
}
