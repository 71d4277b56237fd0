//! Derogations from the configuration and inline suppressions on objects.

use std::path::Path;

use cct_core::report::RequirementState;
use cct_core::{check, Input, Policy, Report};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/fixtures/derogation")
            .join(name),
    )
    .unwrap()
}

/// Keeps the reports to the two rules the fixture is about, whatever else the rule set checks.
const ONLY: &str = "select:\n  - rules: [kube/run-as-non-root, kube/container-port-above-1024]\n";

fn run(policy: &Policy) -> Report {
    let manifest = fixture("deploy.yaml");
    check(&[Input::text("deploy/app.yaml", &manifest)], policy)
}

fn policy(today: &str) -> Policy {
    let mut p =
        Policy::from_config_str(&format!("{ONLY}{}", fixture("cct.yaml")), "cct.yaml").unwrap();
    p.today = Some(today.to_owned());
    p
}

/// The `kube/run-as-non-root` finding of Deployment/web (the one the configuration derogates).
fn web_root(report: &Report) -> &cct_core::report::Finding {
    report
        .findings
        .iter()
        .find(|f| f.rule == "kube/run-as-non-root" && f.location.line == 14)
        .expect("Deployment/web runs as root")
}

/// `rule line:column derogated?` for every finding.
fn lines(report: &Report) -> Vec<String> {
    report
        .findings
        .iter()
        .map(|f| {
            let d = match &f.derogation {
                None => "counts".to_owned(),
                Some(d) if d.expired => format!("expired({})", d.origin),
                Some(d) => format!("derogated({})", d.origin),
            };
            format!("{} {}:{} {d}", f.rule, f.location.line, f.location.column)
        })
        .collect()
}

#[test]
fn live_derogation_covers_only_its_scope() {
    let report = run(&policy("2026-06-30"));
    assert_eq!(
        lines(&report),
        [
            "kube/container-port-above-1024 13:30 counts",
            "kube/run-as-non-root 14:40 derogated(config)",
            "kube/container-port-above-1024 28:26 derogated(annotation)",
            "kube/run-as-non-root 29:39 derogated(annotation)",
            "kube/run-as-non-root 44:36 counts",
        ]
    );
    let web = web_root(&report);
    let d = web.derogation.as_ref().unwrap();
    assert_eq!(d.granted_by.as_deref(), Some("DNUM architecture board"));
    assert_eq!(d.expires.as_deref(), Some("2026-06-30"));
    assert!(!web.message.contains("expired"));
    assert_eq!(report.summary.derogated, 3);
    assert_eq!(report.summary.error, 2);
}

#[test]
fn expired_derogation_counts_again_and_says_since_when() {
    let report = run(&policy("2026-07-01"));
    let web = web_root(&report);
    assert!(web.counts());
    assert!(web.derogation.as_ref().unwrap().expired);
    assert!(web.message.ends_with("(derogation granted by DNUM architecture board expired on 2026-06-30: this counts again)"), "{}", web.message);
    assert_eq!(report.summary.derogated, 2);
    assert_eq!(report.summary.error, 3);
}

#[test]
fn annotation_without_reason_or_with_unknown_rule_is_an_input_error() {
    let report = run(&Policy::default());
    let errors: Vec<String> = report
        .errors
        .iter()
        .map(|e| {
            format!(
                "{}:{}:{} {}",
                e.path,
                e.line.unwrap(),
                e.column.unwrap(),
                e.message
            )
        })
        .collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[1].starts_with("deploy/app.yaml:39:7 annotation `cct.io/ignore` of Pod/no-reason names `kube/no-such-rule`"), "{errors:?}");
    assert!(errors[0].starts_with("deploy/app.yaml:38:7 annotation `cct.io/ignore` of Pod/no-reason suppresses `kube/run-as-non-root` without a reason"), "{errors:?}");
}

#[test]
fn requirement_derogation_turns_the_requirement_derogated() {
    let config = &format!("{ONLY}today: 2026-01-01\nderogations:\n  - requirement: EX32\n    justification: whole platform migrates in Q3\n    granted_by: RSSI\n    expires: never\n");
    let policy = Policy::from_config_str(config, "cct.yaml").unwrap();
    let report = run(&policy);
    assert!(report.findings.iter().all(|f| !f.counts()));
    let ex32 = report.requirements.iter().find(|r| r.id == "EX32").unwrap();
    assert_eq!(ex32.status, RequirementState::Derogated);
    assert_eq!(ex32.inputs, ["deploy/app.yaml"]);
    assert!(!report.has_errors());
}

#[test]
fn derogation_paths_are_globs() {
    let report = check(
        &[Input::text("other/app.yaml", &fixture("deploy.yaml"))],
        &policy("2026-01-01"),
    );
    assert!(
        web_root(&report).derogation.is_none(),
        "deploy/** does not cover other/app.yaml"
    );
}

#[test]
fn unused_derogations_are_listed() {
    let config = &format!("{ONLY}derogations:\n  - rule: kube/run-as-non-root\n    namespaces: [legacy]\n    justification: a\n    granted_by: b\n    expires: never\n  - rule: kube/no-host-port\n    justification: stale\n    granted_by: b\n    expires: never\n");
    let policy = Policy::from_config_str(config, "cct.yaml").unwrap();
    let report = run(&policy);
    let unused = cct_core::derogation::unused(&report, &policy.derogations);
    assert_eq!(unused.len(), 1);
    assert_eq!(unused[0].0, 1);
    assert_eq!(unused[0].1.justification, "stale");
}

#[test]
fn a_live_derogation_wins_over_an_expired_one() {
    let config = &format!("{ONLY}today: 2026-05-01\nderogations:\n  - rule: kube/run-as-non-root\n    justification: old\n    granted_by: a\n    expires: 2026-01-31\n  - rule: kube/run-as-non-root\n    objects: [web]\n    justification: renewed\n    granted_by: b\n    expires: 2026-12-31\n");
    let report = run(&Policy::from_config_str(config, "cct.yaml").unwrap());
    let web = web_root(&report);
    assert_eq!(web.derogation.as_ref().unwrap().justification, "renewed");
    assert!(!web.counts());
    // Pod/no-reason is covered by the expired one only: it counts, and says so.
    let other = report
        .findings
        .iter()
        .find(|f| f.location.line == 44)
        .unwrap();
    assert!(other.counts());
    assert!(other
        .message
        .ends_with("(derogation granted by a expired on 2026-01-31: this counts again)"));
}

#[test]
fn inline_suppressions_can_be_disallowed() {
    let policy = Policy::from_config_str("allow_inline_suppressions: false\n", "cct.yaml").unwrap();
    let report = run(&policy);
    assert!(report.findings.iter().all(|f| f.derogation.is_none()));
    assert!(report.errors.is_empty(), "annotations are not read at all");
}
