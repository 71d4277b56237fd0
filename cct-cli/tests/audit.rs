//! `cct audit` end to end on the example application (`examples/audit-app`):
//! its history is built by `make-history.sh`, it reaches 100 % of the
//! requirements accounted for, and its committed dossier is what the audit
//! writes today (`CCT_BLESS=1` rewrites `dossier.md` and `dossier.html`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A fresh folder under the system temp folder, removed when dropped.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn scratch() -> Scratch {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "cct-audit-test-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    Scratch(dir)
}

/// The example with its history, in `<scratch>/audit-app` (the dossier names the folder).
fn example(scratch: &Scratch) -> PathBuf {
    let dest = scratch.0.join("audit-app");
    let status = Command::new("bash")
        .arg(root().join("examples/audit-app/make-history.sh"))
        .arg(&dest)
        .status()
        .unwrap();
    assert!(status.success());
    dest
}

fn cct(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cct"))
        .args(args)
        .current_dir(dir)
        .env_remove("CI_MERGE_REQUEST_DIFF_BASE_SHA")
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn the_example_is_fully_accounted_for_and_its_dossier_does_not_drift() {
    let s = scratch();
    let app = example(&s);
    let json = cct(&["audit", "--format", "json"], &app);
    assert_eq!(
        json.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&json.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let requirements = report["requirements"].as_array().unwrap();
    assert_eq!(requirements.len(), 128);
    let open: Vec<&str> = requirements
        .iter()
        .filter(|r| {
            !matches!(
                r["status"].as_str(),
                Some("pass" | "derogated" | "attested")
            )
        })
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(open.is_empty(), "not accounted for: {open:?}");
    for kind in [
        "kube",
        "openapi",
        "image",
        "dockerfile",
        "pipeline",
        "commit",
    ] {
        assert!(
            report["inputs"]
                .as_array()
                .unwrap()
                .iter()
                .any(|i| i["kind"] == kind && i["status"] == "evaluated"),
            "no {kind} input evaluated"
        );
    }
    let bless = std::env::var_os("CCT_BLESS").is_some();
    for (format, file) in [
        ("dossier-md", "dossier.md"),
        ("dossier-html", "dossier.html"),
    ] {
        let out = cct(&["audit", "--format", format], &app);
        assert_eq!(out.status.code(), Some(0));
        let written = String::from_utf8(out.stdout).unwrap();
        let committed = root().join("examples/audit-app").join(file);
        if bless {
            std::fs::write(&committed, &written).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&committed).unwrap_or_default();
        assert!(
            written == expected,
            "examples/audit-app/{file} drifted from what `cct audit --format {format}` writes \
             (run with CCT_BLESS=1 after an intended change, and review the diff)"
        );
    }
}

#[test]
fn discovery_is_explained() {
    let s = scratch();
    let app = example(&s);
    let out = cct(&["audit", "--explain-discovery", "--format", "json"], &app);
    let text = String::from_utf8_lossy(&out.stderr);
    for line in [
        "Dockerfile: taken as dockerfile",
        "api/openapi.yaml: taken as openapi",
        "deploy/app.yaml: taken as kube",
        "image/app-oci: taken as image",
        "cct.yaml: read as the configuration",
        "docs/securite.md: skipped: not a kind cct reads",
        ".gitlab-ci-dso.yml: taken as pipeline",
        "(git history): taken as commit: range `HEAD`, 3 commit(s)",
    ] {
        assert!(text.contains(line), "missing `{line}` in\n{text}");
    }
}

#[test]
fn a_missing_evidence_file_and_an_expired_attestation_fail_the_audit() {
    let s = scratch();
    let dir = s.0.join("app");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("cct.yaml"),
        "referential: cct@alpha-v1\ntoday: 2026-12-01\nattestations:\n  - requirement: EX1\n    statement: trained\n    attested_by: {name: A, role: PO}\n    date: 2026-01-01\n    valid_until: never\n    evidence: [{file: docs/gone.md}]\n  - requirement: EX2\n    statement: no deviation\n    attested_by: {name: A, role: PO}\n    date: 2025-01-01\n    valid_until: 2026-01-01\n",
    )
    .unwrap();
    let out = cct(&["audit", "--no-history"], &dir);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("cct.yaml:4: error[attestation/missing-evidence]"),
        "{stdout}"
    );
    assert!(stdout.contains("`docs/gone.md`"), "{stdout}");
    assert!(
        stdout.contains("cct.yaml:10: error[attestation/expired]"),
        "{stdout}"
    );
    std::fs::create_dir_all(dir.join("docs")).unwrap();
    std::fs::write(dir.join("docs/gone.md"), "here now\n").unwrap();
    let out = cct(&["audit", "--no-history", "--format", "json"], &dir);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["attestations"][0]["status"], "valid");
    assert_eq!(report["attestations"][0]["evidence"][0]["present"], true);
    assert_eq!(report["attestations"][1]["status"], "expired");
}

#[test]
fn a_diff_against_a_tag_lists_what_changed() {
    let s = scratch();
    let app = example(&s);
    let out = cct(&["audit", "--diff", "v1.0.0", "--format", "json"], &app);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let d: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let passing: Vec<&str> = d["newly_passing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    // v1.0.0 had no cct.yaml: nothing was attested, unsigned commits were not derogated.
    assert!(
        passing.contains(&"EX1") && passing.contains(&"DX-7.8.1"),
        "{passing:?}"
    );
    assert!(d["newly_failing"].as_array().unwrap().is_empty());
    // Two JSON reports, the other way round: what was accounted for is now failing or open.
    let now = cct(&["audit", "--format", "json"], &app);
    std::fs::write(s.0.join("now.json"), &now.stdout).unwrap();
    let old = cct(
        &[
            "audit",
            "--no-history",
            "--config",
            "/dev/null",
            "--referential",
            "cct@alpha-v1",
            "--format",
            "json",
        ],
        &app,
    );
    std::fs::write(s.0.join("old.json"), &old.stdout).unwrap();
    let back = cct(
        &[
            "audit",
            "--diff",
            s.0.join("now.json").to_str().unwrap(),
            "--against",
            s.0.join("old.json").to_str().unwrap(),
        ],
        &app,
    );
    assert_eq!(back.status.code(), Some(1));
    let text = String::from_utf8_lossy(&back.stdout);
    assert!(
        text.contains("**Newly failing**") && text.contains("`EX1`: attested → needs-attestation"),
        "{text}"
    );
}

#[test]
fn a_repository_root_without_its_dso_pipeline_is_a_finding_at_the_repository() {
    let s = scratch();
    let dir = s.0.join("repo");
    std::fs::create_dir_all(&dir).unwrap();
    let git = |args: &[&str]| {
        let ok = std::process::Command::new("git")
            .args(args)
            .current_dir(&dir)
            .output()
            .is_ok_and(|o| o.status.success());
        assert!(ok, "git {args:?}");
    };
    git(&["init", "-q"]);
    std::fs::write(
        dir.join(".gitlab-ci.yml"),
        "stages: [test]\nunit:\n  script: [pytest]\n",
    )
    .unwrap();
    let findings = |dir: &std::path::Path| -> Vec<(String, String, String)> {
        let out = cct(&["audit", "--no-history", "--format", "json"], dir);
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"].as_str().unwrap().starts_with("pipeline/"))
            .map(|f| {
                (
                    f["rule"].as_str().unwrap().to_owned(),
                    f["location"]["path"].as_str().unwrap().to_owned(),
                    f["requirements"][0].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let found = findings(&dir);
    assert!(
        found.contains(&(
            "pipeline/dso-pipeline-present".into(),
            ".".into(),
            "EXI-ORG-7".into()
        )),
        "{found:?}"
    );
    // `.gitlab-ci.yml` is read as a pipeline although hidden.
    assert!(found
        .iter()
        .any(|f| f.0 == "pipeline/quality-checks" && f.1 == ".gitlab-ci.yml"));
    std::fs::rename(dir.join(".gitlab-ci.yml"), dir.join(".gitlab-ci-dso.yml")).unwrap();
    let found = findings(&dir);
    assert!(
        found.iter().all(|f| f.0 != "pipeline/dso-pipeline-present"),
        "{found:?}"
    );
    assert!(
        found.iter().any(|f| f.1 == ".gitlab-ci-dso.yml"),
        "{found:?}"
    );
}
