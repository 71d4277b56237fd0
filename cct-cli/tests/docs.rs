//! The README and docs/cli.md stay true: the test command is the one CI
//! runs, links point at files that exist, and every option they name exists.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn ci_runs_exactly_the_readme_test_command() {
    let readme = read("README.md");
    let section = readme
        .split("\n## Test\n")
        .nth(1)
        .expect("README has a `## Test` section");
    let command = section
        .split("```sh\n")
        .nth(1)
        .and_then(|block| block.lines().next())
        .expect("the Test section starts with a sh block");
    let ci = read(".ci/run");
    let commands: Vec<&str> = ci
        .lines()
        .map(str::trim)
        .filter(|l| {
            !l.is_empty() && !l.starts_with('#') && !l.starts_with("set ") && !l.starts_with("cd ")
        })
        .collect();
    assert_eq!(
        commands,
        [command],
        ".ci/run must run the README's test command and nothing else"
    );
    assert!(ci.contains("set -euo pipefail"));
}

#[test]
fn relative_links_point_at_existing_files() {
    for (doc, base) in [("README.md", ""), ("docs/cli.md", "docs/")] {
        let text = read(doc);
        for target in text
            .split("](")
            .skip(1)
            .filter_map(|rest| rest.split(')').next())
        {
            let target = target.split('#').next().unwrap_or_default();
            if target.is_empty() || target.contains("://") {
                continue;
            }
            let path = root().join(base).join(target);
            assert!(
                path.exists(),
                "{doc} links to `{target}`, which does not exist"
            );
        }
    }
}

#[test]
fn every_option_the_docs_name_exists() {
    let help: String = [
        &["check", "--help"][..],
        &["audit", "--help"],
        &["rules", "--help"],
        &["requirements", "--help"],
        &["commit-msg", "--help"],
        &["commits", "--help"],
        &["baseline", "--help"],
        &["export", "kyverno", "--help"],
        &["--help"],
    ]
    .iter()
    .map(|args| {
        let out = Command::new(env!("CARGO_BIN_EXE_cct"))
            .args(*args)
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    })
    .collect();
    for doc in ["README.md", "docs/cli.md"] {
        let text = read(doc);
        let options = text
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .filter(|w| w.starts_with("--") && w.len() > 2 && w.as_bytes()[2].is_ascii_lowercase());
        let mut seen = 0;
        for option in options {
            if ["--workspace", "--locked", "--path"].contains(&option) {
                continue; // cargo's
            }
            seen += 1;
            assert!(
                help.contains(option),
                "{doc} names `{option}`, which no `cct` command has"
            );
        }
        assert!(seen > 0, "{doc} names no option");
    }
}
