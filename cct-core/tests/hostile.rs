//! Hostile and broken input: never a panic, clear positioned errors, the rest
//! of the batch still evaluated, and the same report whatever the input order.

use cct_core::{check, ArtefactKind, Input, Policy};
use proptest::prelude::*;

const GOOD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: registry.example.fr/web:1.0.0\n      ports:\n        - containerPort: 80\n";

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value as J;
    let leaf = prop_oneof![
        Just(J::Null),
        any::<bool>().prop_map(J::Bool),
        any::<i64>().prop_map(J::from),
        "[a-zA-Z0-9 :/._-]{0,12}".prop_map(J::String),
        prop_oneof![
            Just("apiVersion"),
            Just("kind"),
            Just("spec"),
            Just("containers"),
            Just("template"),
            Just("openapi"),
            Just("paths"),
            Just("rootfs"),
            Just("config"),
            Just("Pod"),
            Just("Deployment"),
        ]
        .prop_map(|s| J::String(s.to_owned())),
    ];
    leaf.prop_recursive(6, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(J::Array),
            prop::collection::btree_map(
                prop_oneof![
                    "[a-z]{1,8}",
                    prop_oneof![
                        Just("apiVersion"),
                        Just("kind"),
                        Just("metadata"),
                        Just("spec"),
                        Just("template"),
                        Just("containers"),
                        Just("securityContext"),
                        Just("ports"),
                        Just("containerPort"),
                        Just("openapi"),
                        Just("info"),
                        Just("paths"),
                        Just("rootfs"),
                        Just("config"),
                        Just("User"),
                        Just("Config"),
                        Just("items"),
                        Just("jobTemplate"),
                    ]
                    .prop_map(str::to_owned),
                ],
                inner,
                0..6,
            )
            .prop_map(|m| J::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Evaluation never panics on arbitrary values, whatever the forced kind, as JSON or YAML.
    #[test]
    fn evaluation_never_panics(value in json_value(), kind in 0usize..5) {
        let kind = if kind == 0 { None } else { Some(ArtefactKind::ALL[kind - 1]) };
        let json = serde_json::to_string(&value).unwrap();
        let yaml = serde_norway::to_string(&value).unwrap();
        for text in [json, yaml] {
            let report = check(&[Input::text("x", &text).with_kind(kind)], &Policy::default());
            prop_assert!(serde_json::from_str::<serde_json::Value>(&report.to_json()).is_ok());
        }
    }

    /// Arbitrary bytes give a report, never a panic.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let report = check(&[Input::new("x", bytes)], &Policy::default());
        prop_assert!(report.summary.inputs == 1);
    }

    /// The same inputs in any order give the same bytes out.
    #[test]
    fn reports_are_deterministic(order in Just(vec![0usize, 1, 2, 3]).prop_shuffle()) {
        let files = [
            ("a.yaml", GOOD.to_owned()),
            ("b.yaml", GOOD.replace("name: web", "name: api")),
            ("c.yaml", "a: [1, 2\n".to_owned()),
            ("d.json", "{\"apiVersion\": \"v1\", \"kind\": \"Service\", \"metadata\": {\"name\": \"web\"}}".to_owned()),
        ];
        let inputs: Vec<Input<'_>> = order.iter().map(|&i| Input::text(files[i].0, &files[i].1)).collect();
        let sorted: Vec<Input<'_>> = files.iter().map(|(p, t)| Input::text(*p, t)).collect();
        prop_assert_eq!(
            check(&inputs, &Policy::default()).to_json(),
            check(&sorted, &Policy::default()).to_json()
        );
    }
}

#[test]
fn one_bad_file_does_not_stop_the_batch() {
    let report = check(
        &[
            Input::text("bad.yaml", "apiVersion: v1\nkind: Pod\nspec: [\n"),
            Input::text("good.yaml", GOOD),
            Input::new("binary.yaml", &b"kind: \xff\xfe"[..]),
        ],
        &Policy::default(),
    );
    assert_eq!(report.summary.errors, 2);
    assert_eq!(report.summary.evaluated, 1);
    assert!(report
        .findings
        .iter()
        .all(|f| f.location.path == "good.yaml"));
    assert!(report
        .findings
        .iter()
        .any(|f| f.rule == "kube/container-port-above-1024"));
    let bad = &report.errors[0];
    assert_eq!(bad.path, "bad.yaml");
    assert!(bad.line.is_some() && bad.column.is_some(), "{bad:?}");
    let binary = &report.errors[1];
    assert_eq!(
        (binary.line, binary.column),
        (Some(1), Some(7)),
        "{binary:?}"
    );
    assert!(binary.message.contains("UTF-8"));
}

#[test]
fn alias_bombs_are_reported_not_expanded() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        text.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let start = std::time::Instant::now();
    let report = check(&[Input::text("bomb.yaml", &text)], &Policy::default());
    assert!(start.elapsed().as_secs() < 5);
    assert_eq!(report.errors.len(), 1);
    assert!(
        report.errors[0].message.contains("alias"),
        "{:?}",
        report.errors[0]
    );
    assert!(report.errors[0].line.is_some());
}

#[test]
fn deep_nesting_is_reported() {
    for text in [
        "[".repeat(50_000),
        "a:\n".to_owned() + &"- ".repeat(5_000) + "x\n",
        "{\"a\":".repeat(50_000),
    ] {
        let report = check(&[Input::text("deep.yaml", &text)], &Policy::default());
        assert_eq!(report.errors.len(), 1);
        assert!(
            report.errors[0].message.contains("nesting"),
            "{:?}",
            report.errors[0]
        );
    }
}

#[test]
fn input_size_limit_is_a_clear_error() {
    let mut policy = Policy::default();
    policy.limits.max_input_bytes = 64;
    let report = check(&[Input::text("big.yaml", GOOD)], &policy);
    assert_eq!(report.errors.len(), 1);
    assert!(
        report.errors[0].message.contains("limit"),
        "{:?}",
        report.errors[0]
    );
}

#[test]
fn crlf_utf16_and_bom_give_the_same_findings() {
    let base = check(&[Input::text("m.yaml", GOOD)], &Policy::default());
    let crlf = GOOD.replace('\n', "\r\n");
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(GOOD.as_bytes());
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(GOOD.encode_utf16().flat_map(u16::to_le_bytes));
    for bytes in [crlf.into_bytes(), bom, utf16] {
        let other = check(&[Input::new("m.yaml", bytes)], &Policy::default());
        assert!(other.errors.is_empty(), "{:?}", other.errors);
        assert_eq!(other.findings, base.findings);
    }
}

#[test]
fn nul_bytes_are_positioned_errors() {
    let report = check(
        &[Input::new("n.yaml", &b"a: 1\nb: \0\n"[..])],
        &Policy::default(),
    );
    assert_eq!(report.errors[0].line, Some(2));
    assert_eq!(report.errors[0].column, Some(4));
}

#[test]
fn duplicate_keys_are_positioned_errors() {
    let report = check(
        &[Input::text(
            "d.yaml",
            "apiVersion: v1\nkind: Pod\nkind: Service\n",
        )],
        &Policy::default(),
    );
    assert_eq!(report.errors.len(), 1);
    assert_eq!(
        (report.errors[0].line, report.errors[0].column),
        (Some(3), Some(1))
    );
    assert!(report.errors[0].message.contains("duplicate key `kind`"));
}

/// Every input a fuzzer or a property test once broke is replayed through
/// every entry point (`tests/fuzz-regressions/`).
#[test]
fn fuzz_regressions_stay_fixed() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fuzz-regressions");
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let bytes = std::fs::read(entry.path()).unwrap();
        let limits = cct_core::document::Limits::default();
        let _ = cct_core::document::load_bytes(&bytes, &limits);
        if let Ok(text) = std::str::from_utf8(&bytes) {
            // The fast YAML loader and the full parser agree wherever both answer.
            if let (Ok(full), Ok(auto)) = (
                cct_core::document::load_yaml(text, &limits),
                cct_core::document::load_text(text, &limits),
            ) {
                // Compared as printed: `.nan` is never equal to itself.
                let roots = |d: &[cct_core::document::Document]| {
                    format!("{:?}", d.iter().map(|d| &d.root).collect::<Vec<_>>())
                };
                if !text.trim_start().starts_with(['{', '[']) {
                    assert_eq!(roots(&full), roots(&auto), "{}", entry.path().display());
                }
            }
            let _ = cct_core::check_message(text, &Policy::default());
            let _ = Policy::from_config_str(text, "cct.yaml");
        }
        for kind in [
            None,
            Some(ArtefactKind::Kube),
            Some(ArtefactKind::Image),
            Some(ArtefactKind::Openapi),
            Some(ArtefactKind::Commit),
        ] {
            let _ = check(
                &[Input::new("r", bytes.clone()).with_kind(kind)],
                &Policy::default(),
            )
            .to_json();
        }
        count += 1;
    }
    assert!(count > 0);
}
