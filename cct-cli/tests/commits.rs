//! End-to-end: `cct commit-msg` on message files and `cct commits` on a git repository made by the test.

use std::path::Path;
use std::process::{Command, Output};

fn cct(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cct"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("HOME", dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Ada")
        .env("GIT_AUTHOR_EMAIL", "ada@example.org")
        .env("GIT_COMMITTER_NAME", "Ada")
        .env("GIT_COMMITTER_EMAIL", "ada@example.org")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

fn commit(dir: &Path, message: &str) -> String {
    git(
        dir,
        &[
            "commit",
            "-q",
            "--allow-empty",
            "--cleanup=verbatim",
            "-m",
            message,
        ],
    );
    git(dir, &["rev-parse", "HEAD"])
}

fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q", "-b", "main"]);
    dir
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

#[test]
fn commit_msg_strips_comments_and_the_scissors_section() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("COMMIT_EDITMSG");
    std::fs::write(
        &file,
        "feat(api): add pagination\n\n# Please enter the commit message for your changes.\n# On branch main\n\
         # ------------------------ >8 ------------------------\n# Do not modify or remove the line above.\n\
         diff --git a/x b/x\nFix: This Is Not Checked.\n",
    )
    .unwrap();
    let out = cct(dir.path(), &["commit-msg", "COMMIT_EDITMSG"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout)
        .contains("1 message checked: 0 error(s), 0 warning(s)"));

    std::fs::write(
        &file,
        "# comment first\nFeature: Add pagination.\n# trailing comment\n",
    )
    .unwrap();
    let out = cct(dir.path(), &["commit-msg", "COMMIT_EDITMSG"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("COMMIT_EDITMSG:2:1: error[commit/type-enum] type `Feature` must be one of [build, chore"),
        "{text}"
    );
    assert!(text.contains("2 | Feature: Add pagination."), "{text}");

    let out = cct(
        dir.path(),
        &["commit-msg", "--format", "json", "COMMIT_EDITMSG"],
    );
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    let found: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {}:{}",
                f["rule"].as_str().unwrap(),
                f["location"]["line"],
                f["location"]["column"]
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            "commit/type-case 2:1",
            "commit/type-enum 2:1",
            "commit/subject-case 2:10",
            "commit/subject-full-stop 2:24"
        ]
    );
    assert_eq!(report["findings"][0]["object"]["kind"], "Commit");

    // With `core.commentChar=;`, `#` lines are message text.
    std::fs::write(&file, "#12 fix: crash\n; comment\n").unwrap();
    let out = cct(
        dir.path(),
        &[
            "commit-msg",
            "--comment-char",
            ";",
            "--format",
            "json",
            "COMMIT_EDITMSG",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["findings"][0]["rule"], "commit/type-empty");
    std::fs::write(&file, "fix: crash\n; comment: Not Checked.\n").unwrap();
    assert_eq!(
        cct(
            dir.path(),
            &["commit-msg", "--comment-char", ";", "COMMIT_EDITMSG"]
        )
        .status
        .code(),
        Some(0)
    );

    // A merge message being concluded is not checked.
    std::fs::write(&file, "Merge branch 'topic'\n# Conflicts:\n#\tx\n").unwrap();
    assert_eq!(
        cct(dir.path(), &["commit-msg", "COMMIT_EDITMSG"])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn commit_msg_reads_standard_input() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cct"))
        .args(["commit-msg", "--format", "json", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), b"fix: Crash\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    assert_eq!(report["findings"][0]["rule"], "commit/subject-case");
    assert_eq!(report["findings"][0]["location"]["path"], "-");
}

#[test]
fn commit_msg_misuse_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = cct(dir.path(), &["commit-msg", "missing.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read `missing.txt`"));
    assert_eq!(cct(dir.path(), &["commit-msg"]).status.code(), Some(2));
}

#[test]
fn commits_checks_a_history_and_a_range() {
    let dir = repo();
    let d = dir.path();
    let first = commit(d, "Initial commit");
    let good = commit(d, "feat: add search\n\nFilters by category.\n");
    git(d, &["tag", "-a", "v1.4.2", "-m", "release"]);
    let bad = commit(d, "Fixed the \u{1b}[31mbug.\n");
    git(d, &["checkout", "-q", "-b", "topic", &good]);
    commit(d, "fix(parser): handle empty input");
    git(d, &["checkout", "-q", "main"]);
    git(d, &["merge", "-q", "--no-ff", "--no-edit", "topic"]);

    let out = cct(d, &["commits", "--no-signatures", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = json(&out);
    let findings = report["findings"].as_array().unwrap();
    // `Initial commit` is linted, as commitlint does; each non-conventional header is one diagnosis.
    let mut on: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| {
            assert_eq!(f["location"]["path"], f["object"]["name"]);
            (
                f["object"]["name"].as_str().unwrap(),
                f["rule"].as_str().unwrap(),
            )
        })
        .collect();
    on.sort();
    let mut want = [
        (bad.as_str(), "commit/type-empty"),
        (first.as_str(), "commit/type-empty"),
    ];
    want.sort();
    assert_eq!(on, want);
    assert!(findings.iter().any(|f| f["remediation"]
        .as_str()
        .unwrap()
        .contains("e.g. `fix: the")));
    assert_eq!(report["summary"]["inputs"], 5);
    assert_eq!(report["summary"]["skipped"], 1, "the merge is skipped");

    // Text output never lets a message drive the terminal.
    let out = cct(d, &["commits", "--no-signatures"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains('\u{1b}'), "{text}");
    assert!(
        text.contains("5 commits checked (1 generated, skipped): 2 error(s), 0 warning(s)"),
        "{text}"
    );

    // A range: only the commits after the tag that are not bad.
    let out = cct(d, &["commits", "--no-signatures", &format!("{bad}..HEAD")]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    // Signature status comes from git: unsigned commits are warnings, not errors.
    let out = cct(d, &["commits", "--format", "json", &format!("{bad}..HEAD")]);
    assert_eq!(out.status.code(), Some(0));
    let report = json(&out);
    let signed = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "commit/signed")
        .count();
    assert_eq!(signed, 2);

    // Misuse: a bad range, an option as a range, no repository.
    assert_eq!(
        cct(d, &["commits", "no-such-ref..HEAD"]).status.code(),
        Some(2)
    );
    assert_eq!(cct(d, &["commits", "--", "--all"]).status.code(), Some(2));
    let elsewhere = tempfile::tempdir().unwrap();
    let out = cct(elsewhere.path(), &["commits"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("git"));
}

#[test]
fn next_version_and_changelog_since_the_last_tag() {
    let dir = repo();
    let d = dir.path();
    commit(d, "feat: first feature");
    git(d, &["tag", "v1.4.2"]);
    commit(d, "docs: explain");
    let out = cct(d, &["commits", "--next-version"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    assert!(String::from_utf8_lossy(&out.stderr).contains("no release"));

    commit(d, "fix(api): reject empty names");
    assert_eq!(
        String::from_utf8_lossy(&cct(d, &["commits", "--next-version"]).stdout),
        "1.4.3\n"
    );
    let feat = commit(d, "feat(api): paginate lists");
    assert_eq!(
        String::from_utf8_lossy(&cct(d, &["commits", "--next-version"]).stdout),
        "1.5.0\n"
    );
    assert_eq!(
        String::from_utf8_lossy(
            &cct(d, &["commits", "--next-version", "--prerelease", "beta"]).stdout
        ),
        "1.5.0-beta.1\n"
    );
    commit(
        d,
        "refactor!: rename the config file\n\nBREAKING CHANGE: `cct.yml` is now `cct.yaml`",
    );
    let out = cct(d, &["commits", "--next-version", "--format", "json"]);
    let v = json(&out);
    assert_eq!(
        (
            v["last_tag"].as_str(),
            v["next"].as_str(),
            v["bump"].as_str()
        ),
        (Some("v1.4.2"), Some("2.0.0"), Some("major"))
    );

    let out = cct(d, &["commits", "--changelog"]);
    let md = String::from_utf8_lossy(&out.stdout).into_owned();
    let short: String = feat.chars().take(7).collect();
    assert!(
        md.starts_with(
            "## 2.0.0\n\nChanges since `v1.4.2`.\n\n### ⚠ BREAKING CHANGES\n\n* `cct.yml` is now `cct.yaml`"
        ),
        "{md}"
    );
    assert!(
        md.contains(&format!(
            "### Features\n\n* **api:** paginate lists ({short})\n"
        )),
        "{md}"
    );
    assert!(
        md.contains("### Bug Fixes\n\n* **api:** reject empty names"),
        "{md}"
    );
    assert!(!md.contains("first feature"), "{md}");

    let out = cct(d, &["commits", "--changelog", "v1.4.2..HEAD~1"]);
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(
        md.starts_with("## HEAD~1\n\nChanges since `v1.4.2`."),
        "{md}"
    );
    assert!(!md.contains("BREAKING"), "{md}");

    // A range's base is the last release, whatever HEAD's history holds.
    git(d, &["tag", "v1.5.0", "HEAD~1"]);
    let v = json(&cct(
        d,
        &["commits", "--next-version", "v1.4.2..", "--format", "json"],
    ));
    assert_eq!(
        (v["last_tag"].as_str(), v["next"].as_str()),
        (Some("v1.4.2"), Some("2.0.0"))
    );
    let v = json(&cct(
        d,
        &[
            "commits",
            "--next-version",
            "v1.5.0..HEAD",
            "--format",
            "json",
        ],
    ));
    assert_eq!(
        (
            v["last_tag"].as_str(),
            v["next"].as_str(),
            v["commits"].as_u64()
        ),
        (Some("v1.5.0"), Some("2.0.0"), Some(1))
    );
    // A base that is not a tag: the highest release reachable from it.
    let v = json(&cct(
        d,
        &["commits", "--next-version", "HEAD~2..", "--format", "json"],
    ));
    assert_eq!(
        (v["last_tag"].as_str(), v["next"].as_str()),
        (Some("v1.4.2"), Some("2.0.0"))
    );
    let out = cct(d, &["commits", "--changelog", "v1.5.0.."]);
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(
        md.starts_with("## 2.0.0\n\nChanges since `v1.5.0`."),
        "{md}"
    );
}

#[test]
fn signature_status_comes_from_git() {
    if Command::new("ssh-keygen").arg("-?").output().is_err() {
        eprintln!("ssh-keygen not found: SSH-signed commits cannot be made here");
        return;
    }
    let dir = repo();
    let d = dir.path();
    let key = d.join("key");
    let made = Command::new("ssh-keygen")
        .args([
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-C",
            "ada@example.org",
            "-f",
        ])
        .arg(&key)
        .output()
        .unwrap();
    assert!(made.status.success());
    let public = std::fs::read_to_string(d.join("key.pub")).unwrap();
    std::fs::write(d.join("allowed"), format!("ada@example.org {public}")).unwrap();
    git(d, &["config", "gpg.format", "ssh"]);
    git(d, &["config", "user.signingkey", key.to_str().unwrap()]);
    git(
        d,
        &[
            "config",
            "gpg.ssh.allowedSignersFile",
            d.join("allowed").to_str().unwrap(),
        ],
    );
    let unsigned = commit(d, "feat: unsigned");
    git(
        d,
        &["commit", "-q", "--allow-empty", "-S", "-m", "feat: signed"],
    );
    let signed = git(d, &["rev-parse", "HEAD"]);

    let report = json(&cct(d, &["commits", "--format", "json"]));
    let flagged: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "commit/signed")
        .map(|f| f["object"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(flagged, [unsigned.as_str()], "signed: {signed}");
    let report = json(&cct(d, &["commits", "--no-signatures", "--format", "json"]));
    assert_eq!(report["findings"].as_array().unwrap().len(), 0);
    let verified = cct(d, &["commits", "--verify-signatures", "--format", "json"]);
    let flagged = json(&verified)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "commit/signed")
        .count();
    assert_eq!(flagged, 1);
    assert!(!String::from_utf8_lossy(&verified.stderr).contains("note"));

    // Without an allowed-signers file git cannot check SSH signatures (`%G?` says `N`):
    // by default nothing asks it; when asked, that is said once, not a finding per commit.
    git(d, &["config", "--unset", "gpg.ssh.allowedSignersFile"]);
    git(
        d,
        &[
            "commit",
            "-q",
            "--allow-empty",
            "-S",
            "-m",
            "fix: signed too",
        ],
    );
    let out = cct(d, &["commits", "--format", "json"]);
    let flagged = json(&out)["findings"].as_array().unwrap().len();
    assert_eq!(flagged, 1, "{}", String::from_utf8_lossy(&out.stdout));
    let out = cct(d, &["commits", "--verify-signatures", "--format", "json"]);
    assert_eq!(json(&out)["findings"].as_array().unwrap().len(), 1);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("note:").count(), 1, "{stderr}");
    assert!(
        stderr.contains("2 ssh (set `gpg.ssh.allowedSignersFile`)"),
        "{stderr}"
    );
}

#[test]
fn commits_follow_the_configuration_of_the_repository_given_with_c() {
    let dir = repo();
    commit(dir.path(), "feat: added stuff.");
    let elsewhere = tempfile::tempdir().unwrap();
    let path = dir.path().to_str().unwrap();
    let rules = |out: &Output| -> Vec<String> {
        json(out)["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap().to_owned())
            .collect()
    };
    let before = rules(&cct(
        elsewhere.path(),
        &["commits", "-C", path, "--no-signatures", "--format", "json"],
    ));
    assert!(
        before.iter().any(|r| r == "commit/subject-full-stop"),
        "{before:?}"
    );
    std::fs::write(
        dir.path().join("cct.yaml"),
        "rules:\n  commit/subject-full-stop:\n    enabled: false\n",
    )
    .unwrap();
    let after = rules(&cct(
        elsewhere.path(),
        &["commits", "-C", path, "--no-signatures", "--format", "json"],
    ));
    assert!(
        !after.iter().any(|r| r == "commit/subject-full-stop"),
        "{after:?}"
    );
    assert_eq!(after.len() + 1, before.len());

    let sarif = json(&cct(
        elsewhere.path(),
        &[
            "commits",
            "-C",
            path,
            "--no-signatures",
            "--format",
            "sarif",
        ],
    ));
    assert_eq!(
        sarif["runs"][0]["results"].as_array().unwrap().len(),
        after.len()
    );
}

#[test]
fn merge_request_pipelines_and_shallow_clones_are_said() {
    let dir = repo();
    let d = dir.path();
    let base = commit(d, "Fixed stuff.");
    commit(d, "feat: add search");
    // GitLab merge-request pipeline: only the merge request's commits, and it says so.
    let out = Command::new(env!("CARGO_BIN_EXE_cct"))
        .current_dir(d)
        .args(["commits", "--no-signatures"])
        .env("CI_MERGE_REQUEST_DIFF_BASE_SHA", &base)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("`{base}..HEAD`")));
    assert_eq!(
        cct(d, &["commits", "--no-signatures"]).status.code(),
        Some(1)
    );
    // A shallow clone is reported, not silently checked as if complete.
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", d.display());
    git(clone.path(), &["clone", "-q", "--depth", "1", &url, "c"]);
    let out = cct(&clone.path().join("c"), &["commits", "--no-signatures"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("shallow clone"));
    assert!(
        !String::from_utf8_lossy(&cct(d, &["commits", "--no-signatures"]).stderr)
            .contains("shallow")
    );
}
