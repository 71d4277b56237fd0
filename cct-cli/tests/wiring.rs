//! End to end: the policy options (`--config`, `--profile`, `--today`), the
//! report formats (`--format sarif|junit|markdown`, `--coverage`), image
//! layout folders and OpenAPI external `$ref`s.

use std::path::Path;
use std::process::Output;

mod support;
use support::{cct, stdout};

/// A Deployment whose containers run as root: `kube/run-as-non-root` errors.
const BAD: &str = include_str!("../../tests/fixtures/kube/run-as-non-root/bad.yaml");

/// A fresh folder holding `files`, with a `.git` folder so that
/// configuration discovery stops there.
fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(out)))
}

fn rules(report: &serde_json::Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_profile_changes_the_findings() {
    let dir = tree(&[("deploy.yaml", BAD)]);
    let default = rules(&json(&cct(
        dir.path(),
        &["check", "--format", "json", "deploy.yaml"],
    )));
    let domino = json(&cct(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--profile",
            "domino-x",
            "deploy.yaml",
        ],
    ));
    let domino = rules(&domino);
    assert!(
        default.iter().any(|r| r == "kube/run-as-non-root"),
        "{default:?}"
    );
    assert!(
        !domino.iter().any(|r| r == "kube/run-as-non-root"),
        "{domino:?}"
    );
    assert!(domino.len() < default.len());

    let out = cct(dir.path(), &["check", "--profile", "nope", "deploy.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown profile `nope`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_discovered_configuration_applies_and_a_config_error_exits_2_with_a_caret() {
    let config = "rules:\n  kube/run-as-non-root:\n    enabled: false\n";
    let dir = tree(&[("cct.yaml", config), ("deploy/app.yaml", BAD)]);
    // Discovered from a subfolder, up to the repository root.
    let found = rules(&json(&cct(
        &dir.path().join("deploy"),
        &["check", "--format", "json", "app.yaml"],
    )));
    assert!(!found.is_empty());
    assert!(
        !found.iter().any(|r| r == "kube/run-as-non-root"),
        "{found:?}"
    );

    std::fs::write(dir.path().join("bad.yaml"), "rules: {}\nbogus_key: 1\n").unwrap();
    let out = cct(
        dir.path(),
        &["check", "--config", "bad.yaml", "deploy/app.yaml"],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.starts_with("bad.yaml:2:1: error: "), "{err}");
    assert!(err.contains("bogus_key"), "{err}");
    assert!(err.contains("2 | bogus_key: 1\n  | ^"), "{err}");
    assert!(stdout(&out).is_empty());

    let out = cct(
        dir.path(),
        &["check", "--today", "24/11/2026", "deploy/app.yaml"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "cct: error: `--today` takes a date written YYYY-MM-DD, not `24/11/2026`\n"
    );
}

#[test]
fn a_derogation_holds_until_its_expiry_as_given_by_today() {
    let config = "derogations:\n  - rule: kube/run-as-non-root\n    justification: vendor image\n    granted_by: board\n    expires: 2026-06-30\n  - rule: kube/no-host-port\n    justification: stale\n    granted_by: board\n    expires: never\n";
    let dir = tree(&[("cct.yaml", config), ("deploy.yaml", BAD)]);
    let derogations = |today: &str| -> Vec<bool> {
        let out = cct(
            dir.path(),
            &["check", "--format", "json", "--today", today, "deploy.yaml"],
        );
        let report = json(&out);
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "kube/run-as-non-root")
            .map(|f| f["derogation"]["expired"].as_bool().unwrap())
            .collect()
    };
    let live = derogations("2026-06-30");
    assert!(!live.is_empty());
    assert!(live.iter().all(|e| !e), "{live:?}");
    let expired = derogations("2026-07-01");
    assert!(expired.iter().all(|e| *e), "{expired:?}");

    let out = cct(
        dir.path(),
        &["check", "--today", "2026-06-01", "deploy.yaml"],
    );
    assert!(
        stderr(&out).contains(
            "derogation #2 (rule `kube/no-host-port`) of the configuration covers no finding"
        ),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("derogation #1"), "{}", stderr(&out));
}

#[test]
fn sarif_junit_markdown_and_coverage() {
    let dir = tree(&[("deploy.yaml", BAD)]);
    let out = cct(dir.path(), &["check", "--format", "sarif", "deploy.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    let sarif = json(&out);
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results
        .iter()
        .any(|r| r["ruleId"] == "kube/run-as-non-root"));

    let out = cct(dir.path(), &["check", "--format", "junit", "deploy.yaml"]);
    let xml = stdout(&out);
    assert!(xml.starts_with("<?xml"), "{xml}");
    assert!(xml.trim_end().ends_with("</testsuites>"), "{xml}");
    assert!(xml.contains("<testsuite name=\"deploy.yaml\""), "{xml}");
    assert!(xml.contains("kube/run-as-non-root"));
    // Parses as XML, with one failure per error finding.
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut depth, mut failures) = (0i32, 0usize);
    loop {
        match reader.read_event().unwrap_or_else(|e| panic!("{e}: {xml}")) {
            quick_xml::events::Event::Start(e) => {
                depth += 1;
                failures += usize::from(e.name().as_ref() == b"failure");
            }
            quick_xml::events::Event::Empty(e) => {
                failures += usize::from(e.name().as_ref() == b"failure");
            }
            quick_xml::events::Event::End(_) => depth -= 1,
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0);
    assert!(failures >= 2, "{xml}");

    let out = cct(
        dir.path(),
        &["check", "--format", "markdown", "deploy.yaml"],
    );
    let md = stdout(&out);
    assert!(md.starts_with("## cct: "), "{md}");
    assert!(md.contains("kube/run-as-non-root"), "{md}");

    let out = cct(dir.path(), &["check", "--coverage", "deploy.yaml"]);
    let text = stdout(&out);
    let table = text.find("REQUIREMENT").expect("coverage table");
    assert!(
        text[..table].contains("error[kube/run-as-non-root]"),
        "{text}"
    );
    assert!(
        text[table..]
            .lines()
            .any(|l| l.starts_with("EXI-ARCH-18") && l.contains("fail")),
        "{text}"
    );
    let out = cct(
        dir.path(),
        &["check", "--coverage", "--format", "json", "deploy.yaml"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).is_empty());
}

#[test]
fn commit_msg_follows_the_configuration_and_speaks_sarif() {
    let dir = tree(&[
        ("MSG", "feat: Added stuff.\n"),
        (
            "cct.yaml",
            "rules:\n  commit/subject-full-stop:\n    enabled: false\n",
        ),
    ]);
    let with_config = rules(&json(&cct(
        dir.path(),
        &["commit-msg", "--format", "json", "MSG"],
    )));
    let without = rules(&json(&cct(
        dir.path(),
        &[
            "commit-msg",
            "--format",
            "json",
            "--config",
            "/dev/null",
            "MSG",
        ],
    )));
    assert!(
        without.iter().any(|r| r == "commit/subject-full-stop"),
        "{without:?}"
    );
    assert!(!with_config.iter().any(|r| r == "commit/subject-full-stop"));
    assert_eq!(with_config.len() + 1, without.len());

    let sarif = json(&cct(
        dir.path(),
        &["commit-msg", "--format", "sarif", "MSG"],
    ));
    assert!(!sarif["runs"][0]["results"].as_array().unwrap().is_empty());

    let out = cct(
        dir.path(),
        &["commits", "--next-version", "--format", "sarif"],
    );
    assert_eq!(out.status.code(), Some(2));
}

fn layer_with_os_release() -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    let data = b"ID=debian\nVERSION_ID=\"10\"\nPRETTY_NAME=\"Debian GNU/Linux 10 (buster)\"\n";
    let mut h = tar::Header::new_ustar();
    h.set_size(data.len() as u64);
    h.set_mode(0o644);
    b.append_data(&mut h, "etc/os-release", &data[..]).unwrap();
    b.into_inner().unwrap()
}

/// Writes an OCI layout of one image running as root (config line 2, column 22).
fn oci_layout(dir: &Path) {
    let write = |path: &str, bytes: &[u8]| {
        let full = dir.join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, bytes).unwrap();
    };
    let layer = layer_with_os_release();
    let config = br#"{"architecture": "amd64", "os": "linux",
  "config": {"User": "0"}, "rootfs": {"type": "layers", "diff_ids": []}}"#;
    let (l, c, m) = ("1".repeat(64), "2".repeat(64), "3".repeat(64));
    let manifest = format!(
        r#"{{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {{"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:{c}", "size": {}}}, "layers": [{{"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": "sha256:{l}", "size": {}}}]}}"#,
        config.len(),
        layer.len()
    );
    let index = format!(
        r#"{{"schemaVersion": 2, "manifests": [{{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:{m}", "size": {}, "annotations": {{"org.opencontainers.image.ref.name": "1.4.2"}}}}]}}"#,
        manifest.len()
    );
    write("oci-layout", br#"{"imageLayoutVersion": "1.0.0"}"#);
    write("index.json", index.as_bytes());
    write(&format!("blobs/sha256/{l}"), &layer);
    write(&format!("blobs/sha256/{c}"), config);
    write(&format!("blobs/sha256/{m}"), manifest.as_bytes());
}

#[test]
fn an_image_layout_folder_is_one_image() {
    let dir = tree(&[]);
    oci_layout(&dir.path().join("app-oci"));
    let out = cct(dir.path(), &["check", "--format", "json", "app-oci"]);
    let report = json(&out);
    assert!(report["errors"].as_array().unwrap().is_empty(), "{report}");
    let found = rules(&report);
    assert!(
        found.iter().any(|r| r == "image/non-root-user"),
        "{found:?}"
    );
    assert!(found.iter().any(|r| r == "image/os-supported"), "{found:?}");
    // The folder was not walked: no blob is an input of its own.
    assert!(report["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| !i["path"].as_str().unwrap().contains("blobs")));

    let text = stdout(&cct(dir.path(), &["check", "app-oci"]));
    assert!(text.contains("error[image/non-root-user]"), "{text}");
    // The platform the finding is about is shown.
    assert!(text.contains("  = source: linux/amd64"), "{text}");
}

#[test]
fn openapi_external_refs_to_sibling_files_resolve() {
    let api = "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths:\n  /pets:\n    get:\n      responses:\n        \"200\":\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: \"./pet.yaml#/Pet\"\n";
    let pet = "Pet:\n  type: object\n  properties:\n    name: {type: string}\n";
    let dir = tree(&[("api/openapi.yaml", api), ("api/pet.yaml", pet)]);
    let unresolved = |report: &serde_json::Value| {
        rules(report)
            .iter()
            .filter(|r| *r == "openapi/ref-resolvable")
            .count()
    };
    let report = json(&cct(
        dir.path(),
        &["check", "--format", "json", "api/openapi.yaml"],
    ));
    assert_eq!(unresolved(&report), 0, "{report}");

    std::fs::remove_file(dir.path().join("api/pet.yaml")).unwrap();
    let report = json(&cct(
        dir.path(),
        &["check", "--format", "json", "api/openapi.yaml"],
    ));
    assert_eq!(unresolved(&report), 1, "{report}");

    // A folder in place of the file is not read.
    std::fs::create_dir(dir.path().join("api/pet.yaml")).unwrap();
    let report = json(&cct(
        dir.path(),
        &["check", "--format", "json", "api/openapi.yaml"],
    ));
    assert_eq!(unresolved(&report), 1, "{report}");
}

#[test]
fn a_large_image_archive_is_mapped_and_checked() {
    // Over the 16 MiB from which the CLI maps files instead of reading them.
    let config = br#"{"architecture": "amd64", "os": "linux", "config": {"User": "0"}, "rootfs": {"type": "layers", "diff_ids": []}}"#;
    let manifest =
        br#"[{"Config": "config.json", "RepoTags": ["app:1"], "Layers": ["l/layer.tar"]}]"#;
    let mut b = tar::Builder::new(Vec::new());
    let mut add = |name: &str, data: &[u8]| {
        let mut h = tar::Header::new_ustar();
        h.set_size(data.len() as u64);
        h.set_mode(0o644);
        b.append_data(&mut h, name, data).unwrap();
    };
    add("config.json", config);
    add("l/layer.tar", &layer_with_os_release());
    add("padding", &vec![0u8; 17 << 20]);
    add("manifest.json", manifest);
    let archive = b.into_inner().unwrap();
    let dir = tree(&[]);
    std::fs::write(dir.path().join("app.tar"), &archive).unwrap();
    let report = json(&cct(dir.path(), &["check", "--format", "json", "app.tar"]));
    assert!(report["errors"].as_array().unwrap().is_empty(), "{report}");
    let found = rules(&report);
    assert!(
        found.iter().any(|r| r == "image/non-root-user"),
        "{found:?}"
    );
    assert!(found.iter().any(|r| r == "image/os-supported"), "{found:?}");
}
