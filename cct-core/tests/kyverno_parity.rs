//! Verdict parity with the real Kyverno engine: for every exportable rule, the
//! exported Policies, run by `kyverno apply` on the rule's good and bad
//! fixtures, fail exactly the objects cct finds at fault.
//!
//! Needs the Kyverno CLI: `CCT_KYVERNO=/path/to/kyverno` (the test command
//! builds v1.11.5 into `target/tools/bin`); skipped with a notice otherwise.
//! Cluster-scoped objects are left out of the comparison: a namespaced Policy
//! never sees them, and cct keeps checking them in CI.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use cct_core::format::policyreport::is_cluster_scoped;
use cct_core::kyverno::{kyverno, KyvernoOptions};
use cct_core::rule::Admission;
use cct_core::{check, Input, Policy};
use serde::Deserialize;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `namespace/Kind/name`, as `kyverno apply` prints resources.
type Object = String;

fn namespaces(text: &str) -> BTreeSet<String> {
    serde_norway::Deserializer::from_str(text)
        .filter_map(|doc| serde_json::Value::deserialize(doc).ok())
        .filter(|v| v["kind"].is_string())
        .map(|v| {
            v["metadata"]["namespace"]
                .as_str()
                .unwrap_or("default")
                .to_owned()
        })
        .collect()
}

fn cct_failing(rule: &str, path: &str, text: &str) -> BTreeSet<Object> {
    let report = check(&[Input::text(path, text)], &Policy::default());
    report
        .findings
        .iter()
        .filter(|f| f.rule == rule)
        .filter_map(|f| f.object.as_ref())
        .filter(|o| !is_cluster_scoped(&o.kind))
        .map(|o| {
            format!(
                "{}/{}/{}",
                o.namespace.as_deref().unwrap_or("default"),
                o.kind,
                o.name.as_deref().unwrap_or("")
            )
        })
        .collect()
}

/// Runs `kyverno apply` and returns the resources failing policy `cct-<name>`.
fn kyverno_failing(bin: &str, name: &str, policies: &Path, resource: &Path) -> BTreeSet<Object> {
    let out = Command::new(bin)
        .args(["apply"])
        .arg(policies)
        .arg("--resource")
        .arg(resource)
        .args(["-t", "--remove-color"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("Applying"),
        "kyverno apply did not run: {stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut failing = BTreeSet::new();
    for line in stdout.lines() {
        let cells: Vec<&str> = line.split('│').map(str::trim).collect();
        // │ ID │ POLICY │ RULE │ RESOURCE │ RESULT │ REASON │ MESSAGE │
        if cells.len() < 6 || cells[1].parse::<u32>().is_err() {
            continue;
        }
        let policy = cells[2].rsplit('/').next().unwrap_or("");
        if policy != format!("cct-{name}") {
            continue;
        }
        assert_ne!(cells[5], "Error", "kyverno could not evaluate: {line}");
        if cells[5] == "Fail" {
            failing.insert(cells[4].to_owned());
        }
    }
    failing
}

#[test]
fn exported_policies_agree_with_cct_on_every_fixture() {
    let Ok(bin) = std::env::var("CCT_KYVERNO") else {
        eprintln!("note: CCT_KYVERNO not set: Kyverno verdict parity not checked (the test command sets it)");
        return;
    };
    let catalog = cct_core::catalog::catalog();
    let scratch = root().join("target/kyverno-parity");
    std::fs::create_dir_all(&scratch).unwrap();
    let mut compared = 0;
    for rule in catalog
        .rules
        .iter()
        .filter(|r| r.admission() == Admission::Exportable)
    {
        let name = rule.id.strip_prefix("kube/").unwrap();
        for case in ["good", "bad"] {
            let file = root().join(format!("tests/fixtures/kube/{name}/{case}.yaml"));
            let text = std::fs::read_to_string(&file).unwrap();
            let mut policies = String::new();
            for ns in namespaces(&text) {
                let opts = KyvernoOptions {
                    namespace: Some(ns),
                    enforce: false,
                };
                policies.push_str(&kyverno(&Policy::default(), &opts).unwrap().yaml);
            }
            let policy_file = scratch.join(format!("{name}-{case}.yaml"));
            std::fs::write(&policy_file, policies).unwrap();
            let want = cct_failing(&rule.id, &format!("{case}.yaml"), &text);
            let got = kyverno_failing(&bin, name, &policy_file, &file);
            assert_eq!(
                got, want,
                "{} on {case}.yaml: kyverno (left) and cct (right) disagree",
                rule.id
            );
            if case == "bad" {
                assert!(
                    !want.is_empty(),
                    "{}: bad.yaml fails no namespaced object",
                    rule.id
                );
            }
            eprintln!(
                "{} {case}.yaml: {} failing object(s), same verdicts",
                rule.id,
                want.len()
            );
            compared += 1;
        }
    }
    assert!(compared > 0);
}
