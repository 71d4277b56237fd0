//! Finding `cct.yaml` up the directory tree and reading it with its custom rule files.

#[path = "../src/config_discovery.rs"]
#[allow(dead_code)]
mod config_discovery;

use std::path::{Path, PathBuf};

use config_discovery::{discover, load, resolve, DiscoveryError};

/// A fresh directory under the system's temporary directory.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cct-discovery-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn walks_up_to_the_repository_root_only() {
    let root = scratch("walk");
    std::fs::create_dir_all(root.join("repo/.git")).unwrap();
    std::fs::create_dir_all(root.join("repo/deploy/app")).unwrap();
    write(&root.join("cct.yaml"), "extends: minimal\n");
    // Above the repository root: not picked up.
    assert_eq!(discover(&root.join("repo/deploy/app")), None);
    write(&root.join("repo/cct.yml"), "extends: minimal\n");
    assert_eq!(
        discover(&root.join("repo/deploy/app")),
        Some(root.join("repo/cct.yml"))
    );
    write(&root.join("repo/deploy/cct.yaml"), "extends: domino-x\n");
    assert_eq!(
        discover(&root.join("repo/deploy/app")),
        Some(root.join("repo/deploy/cct.yaml"))
    );
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn loads_custom_rule_files_relative_to_the_configuration() {
    let root = scratch("load");
    write(
        &root.join("ci/cct.yaml"),
        "custom_rule_files: [rules/team.yaml]\nrules:\n  custom/team-label: {severity: error}\n",
    );
    write(
        &root.join("ci/rules/team.yaml"),
        "- id: custom/team-label\n  kind: kube\n  requirements: [EX32]\n  select: /metadata\n  condition: {exists: /labels/team}\n  message: \"{object} has no team label\"\n  remediation: Add a `team` label.\n",
    );
    let policy = load(&root.join("ci/cct.yaml")).unwrap();
    assert_eq!(policy.custom_rules.len(), 1);
    // A missing rules file is an error placed at its entry.
    write(
        &root.join("ci/cct.yaml"),
        "custom_rule_files:\n  - rules/missing.yaml\n",
    );
    match load(&root.join("ci/cct.yaml")) {
        Err(DiscoveryError::Config(e)) => {
            assert_eq!(e.pos().unwrap().to_string(), "2:5");
            assert!(e
                .message()
                .starts_with("cannot read custom rule file `rules/missing.yaml`"));
        }
        other => panic!("{other:?}"),
    }
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn resolve_combines_config_profile_and_today() {
    let root = scratch("resolve");
    std::fs::create_dir_all(root.join(".git")).unwrap();
    assert_eq!(
        resolve(None, None, None, &root).unwrap(),
        cct_core::Policy::default()
    );
    let p = resolve(None, Some("minimal"), Some("2026-05-01"), &root).unwrap();
    assert_eq!(p.profile.as_deref(), Some("minimal"));
    assert_eq!(p.today.as_deref(), Some("2026-05-01"));
    write(
        &root.join("cct.yaml"),
        "extends: domino-x\nsettings:\n  allowed_registries: [r.example.fr/]\n",
    );
    let p = resolve(None, None, None, &root).unwrap();
    assert_eq!(p.profile.as_deref(), Some("domino-x"));
    // `--profile` replaces the file's `extends`, the rest of the file still applies.
    let p = resolve(None, Some("cloud-pi-native"), None, &root).unwrap();
    assert_eq!(p.profile.as_deref(), Some("cloud-pi-native"));
    assert_eq!(p.settings.allowed_registries, ["r.example.fr/"]);
    assert!(resolve(None, None, Some("tomorrow"), &root).is_err());
    assert!(matches!(
        resolve(Some(&root.join("nope.yaml")), None, None, &root),
        Err(DiscoveryError::Io { .. })
    ));
    write(&root.join("cct.yaml"), "{}\n");
    assert!(matches!(
        resolve(None, Some("strict"), None, &root),
        Err(DiscoveryError::Config(_))
    ));
    std::fs::remove_dir_all(&root).unwrap();
}
