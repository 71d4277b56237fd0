//! `cct check --helm` and `--kustomize`: charts and Kustomize folders rendered by the real
//! tools and checked. Needs the binaries: `CCT_HELM=/path/to/helm`, `CCT_KUSTOMIZE=…` (the
//! test command builds them at pinned versions, `.ci/platform.sh`); the cases that only need
//! them to be absent always run.

use std::path::PathBuf;
use std::process::{Command, Output};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/render")
}

fn cct(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cct"));
    cmd.current_dir(dir()).args(args).env("NO_COLOR", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

/// The findings of a JSON report, as (rule, source) pairs.
fn findings(out: &Output) -> Vec<(String, Option<String>)> {
    let report: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(report["errors"], serde_json::json!([]), "{report}");
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["location"]["source"].as_str().map(str::to_owned),
            )
        })
        .collect()
}

fn tool(variable: &str) -> Option<String> {
    let found = std::env::var(variable).ok();
    if found.is_none() {
        eprintln!("note: {variable} not set: rendering not checked (the test command sets it)");
    }
    found
}

#[test]
fn a_chart_is_checked_as_helm_renders_it_and_findings_name_the_template() {
    let Some(helm) = tool("CCT_HELM") else { return };
    let env = [("CCT_HELM", helm.as_str())];
    let out = cct(&["check", "--helm", "helm/web", "--format", "json"], &env);
    let found = findings(&out);
    let template = Some("web/templates/deployment.yaml".to_owned());
    for rule in ["kube/image-tag", "kube/replicas"] {
        assert!(
            found.contains(&(rule.to_owned(), template.clone())),
            "{rule} in {found:?}"
        );
    }
    // The values file fixes both: `--values` reaches helm, in order.
    let out = cct(
        &[
            "check",
            "--helm",
            "helm/web",
            "-f",
            "helm/production.yaml",
            "--format",
            "json",
        ],
        &env,
    );
    let found = findings(&out);
    assert!(
        !found
            .iter()
            .any(|(r, _)| r == "kube/image-tag" || r == "kube/replicas"),
        "{found:?}"
    );
    // Every finding of a rendered chart points into a template.
    assert!(found.iter().all(|(_, s)| s.is_some()), "{found:?}");
}

#[test]
fn a_kustomize_folder_is_checked_as_kustomize_builds_it() {
    let Some(kustomize) = tool("CCT_KUSTOMIZE") else {
        return;
    };
    let env = [("CCT_KUSTOMIZE", kustomize.as_str())];
    let base = findings(&cct(
        &["check", "--kustomize", "kustomize/base", "--format", "json"],
        &env,
    ));
    assert!(base.iter().any(|(r, _)| r == "kube/image-tag"), "{base:?}");
    let production = findings(&cct(
        &[
            "check",
            "--kustomize",
            "kustomize/production",
            "--format",
            "json",
        ],
        &env,
    ));
    assert!(!production
        .iter()
        .any(|(r, _)| r == "kube/image-tag" || r == "kube/replicas"));
    // The generated ConfigMap's hashed name is what the Deployment reads: no dangling reference.
    assert!(
        !production
            .iter()
            .any(|(r, _)| r == "kube/config-reference-exists"),
        "{production:?}"
    );
}

#[test]
fn a_missing_renderer_is_an_error_that_says_how_to_get_it() {
    let out = cct(
        &["check", "--helm", "helm/web"],
        &[("CCT_HELM", "/nonexistent/helm")],
    );
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("`/nonexistent/helm` could not be run"),
        "{text}"
    );
    assert!(text.contains("CCT_HELM=/path/to/helm"), "{text}");
    // `--values` belongs to `--helm`.
    let out = cct(&["check", "-f", "helm/production.yaml", "helm"], &[]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_template_given_unrendered_is_skipped_with_how_to_render_it() {
    let out = cct(&["check", "helm/web/templates/deployment.yaml"], &[]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("skipped: a Helm (Go) template, not YAML: `{{` at line 4, column 9")
            && text.contains("cct check --helm CHART"),
        "{text}"
    );
}
