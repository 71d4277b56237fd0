//! End to end: `cct baseline` then `cct check --baseline`, and the platform formats by name.

mod support;
use support::{cct, stdout};

const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: team}\nspec:\n  containers:\n    - name: web\n      image: nginx:latest\n";

#[test]
fn a_baseline_hides_known_findings_and_lists_fixed_ones() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let file = dir.path().join("pod.yaml");
    std::fs::write(&file, POD).unwrap();
    let recorded = cct(dir.path(), &["baseline", "pod.yaml"]);
    assert_eq!(
        recorded.status.code(),
        Some(0),
        "findings never fail `cct baseline`"
    );
    std::fs::write(dir.path().join(".cct-baseline.json"), &recorded.stdout).unwrap();
    let baseline: serde_json::Value = serde_json::from_slice(&recorded.stdout).unwrap();
    let known = baseline["findings"].as_array().unwrap().len();
    assert!(known > 0);

    // Without the baseline the check fails; with it, nothing new: exit 0.
    assert_eq!(
        cct(dir.path(), &["check", "pod.yaml"]).status.code(),
        Some(1)
    );
    let quiet = cct(
        dir.path(),
        &["check", "--baseline", ".cct-baseline.json", "pod.yaml"],
    );
    assert_eq!(quiet.status.code(), Some(0), "{}", stdout(&quiet));
    assert!(stdout(&quiet).contains(&format!(
        "baseline: {known} known findings not shown, 0 fixed"
    )));

    // Lines move, the image gets a fixed tag and a privileged container appears.
    let edited = format!("# moved down\n{POD}")
        .replace("nginx:latest", "nginx:1.27")
        .replace(
            "      image: nginx:1.27\n",
            "      image: nginx:1.27\n    - {name: debug, image: busybox:1.36, securityContext: {privileged: true}}\n",
        );
    std::fs::write(&file, edited).unwrap();
    let out = cct(
        dir.path(),
        &[
            "check",
            "--baseline",
            ".cct-baseline.json",
            "--format",
            "json",
            "pod.yaml",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let new: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["location"]["pointer"].as_str().unwrap())
        .collect();
    assert!(!new.is_empty());
    assert!(
        new.iter().all(|p| p.contains("/containers/1")),
        "only the new container: {new:?}"
    );
    let fixed = report["baseline"]["fixed"].as_array().unwrap();
    assert!(
        fixed.iter().any(|e| e["rule"] == "kube/image-tag"),
        "{fixed:?}"
    );

    // A broken baseline is a usage error.
    std::fs::write(dir.path().join("bad.json"), "{").unwrap();
    let bad = cct(dir.path(), &["check", "--baseline", "bad.json", "pod.yaml"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("invalid baseline"));
}

#[test]
fn policyreport_and_code_quality_by_name() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pod.yaml"), POD).unwrap();
    let pr = stdout(&cct(
        dir.path(),
        &["check", "--format", "policyreport", "pod.yaml"],
    ));
    assert!(
        pr.starts_with("---\napiVersion: wgpolicyk8s.io/v1alpha2\nkind: PolicyReport\n"),
        "{pr}"
    );
    assert!(pr.contains("namespace: team"));
    let cq = cct(
        dir.path(),
        &["check", "--format", "gitlab-codequality", "pod.yaml"],
    );
    let issues: Vec<serde_json::Value> = serde_json::from_slice(&cq.stdout).unwrap();
    assert!(issues.iter().all(|i| i["location"]["path"] == "pod.yaml"));
}

/// The recorded baseline case (`tests/baseline/`) that every binding's suite
/// compares its own baseline and filtered report with: the CLI prints both
/// files byte for byte (`CCT_BLESS=1` rewrites them; review the diff).
#[test]
fn the_recorded_baseline_case_is_what_the_cli_prints() {
    let case = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/baseline");
    let recorded = cct(&case.join("before"), &["baseline", "pod.yaml"]);
    assert_eq!(recorded.status.code(), Some(0));
    let bless = std::env::var_os("CCT_BLESS").is_some();
    if bless {
        // The check below reads the baseline it is to compare with.
        std::fs::write(case.join("cct-baseline.json"), &recorded.stdout).unwrap();
    }
    let filtered = cct(
        &case.join("after"),
        &[
            "check",
            "--format",
            "json",
            "--baseline",
            "../cct-baseline.json",
            "pod.yaml",
        ],
    );
    assert_eq!(
        filtered.status.code(),
        Some(1),
        "the new container fails the check"
    );
    let report: serde_json::Value = serde_json::from_slice(&filtered.stdout).unwrap();
    assert!(report["baseline"]["known"].as_u64().unwrap() > 0);
    assert!(!report["baseline"]["fixed"].as_array().unwrap().is_empty());
    assert!(!report["findings"].as_array().unwrap().is_empty());
    for (file, out) in [
        ("cct-baseline.json", &recorded.stdout),
        ("after.report.json", &filtered.stdout),
    ] {
        let path = case.join(file);
        if bless {
            std::fs::write(&path, out).unwrap();
        }
        let expected = std::fs::read(&path).unwrap();
        assert!(
            expected == *out,
            "tests/baseline/{file} differs from what the CLI prints \
             (run with CCT_BLESS=1 after an intended change, and review the diff)"
        );
    }
}
