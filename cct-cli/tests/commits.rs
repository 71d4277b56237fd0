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

/// `git` in `dir`, with a fixed identity and no user or system configuration.
fn git_command(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .env("HOME", dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Ada")
        .env("GIT_AUTHOR_EMAIL", "ada@example.org")
        .env("GIT_COMMITTER_NAME", "Ada")
        .env("GIT_COMMITTER_EMAIL", "ada@example.org");
    cmd
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = git_command(dir).args(args).output().unwrap();
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

    let out = cct(d, &["commits", "--changelog", "--today", "2026-01-02"]);
    let md = String::from_utf8_lossy(&out.stdout).into_owned();
    let short: String = feat.chars().take(7).collect();
    assert!(
        md.starts_with(
            "## 2.0.0 (2026-01-02)\n\nChanges since `v1.4.2`.\n\n### ⚠ BREAKING CHANGES\n\n* `cct.yml` is now `cct.yaml`"
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
    assert!(md.starts_with("## HEAD~1 ("), "{md}");
    assert!(md.contains("\n\nChanges since `v1.4.2`."), "{md}");
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
    let out = cct(
        d,
        &[
            "commits",
            "--changelog",
            "v1.5.0..",
            "--today",
            "2026-01-02",
        ],
    );
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(
        md.starts_with("## 2.0.0 (2026-01-02)\n\nChanges since `v1.5.0`."),
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

/// A commit changing `file` (created or appended to), committed at `date` (author and committer).
fn commit_file(dir: &Path, file: &str, message: &str, date: &str) -> String {
    let path = dir.join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut text = std::fs::read_to_string(&path).unwrap_or_default();
    text.push_str(message);
    text.push('\n');
    std::fs::write(&path, text).unwrap();
    git(dir, &["add", file]);
    let out = git_command(dir)
        .args(["commit", "-q", "--cleanup=verbatim", "-m", message])
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    git(dir, &["rev-parse", "HEAD"])
}

fn stdout(out: &Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn monorepo_packages_by_path_and_tag_prefix() {
    let dir = repo();
    let d = dir.path();
    let t = "2026-01-05T10:00:00Z";
    commit_file(d, "packages/api/src.txt", "feat(api): first endpoint", t);
    commit_file(d, "packages/web/src.txt", "feat(web): first page", t);
    git(d, &["tag", "api@1.2.0"]);
    git(d, &["tag", "web-v2.0.0"]);
    git(d, &["tag", "v9.0.0"]);
    let fix = commit_file(d, "packages/api/src.txt", "fix(api): reject empty names", t);
    commit_file(d, "packages/web/src.txt", "feat(web)!: new layout", t);
    commit_file(d, "README.md", "docs: monorepo", t);

    // The package's commits since its last release, its version with its prefix.
    let api = ["--path", "packages/api", "--tag-prefix", "api@"];
    let out = cct(d, &[&["commits", "--next-version"][..], &api].concat());
    assert_eq!(stdout(&out), "api@1.2.1\n");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("api@1.2.0 -> api@1.2.1"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let web = ["--path", "packages/web", "--tag-prefix", "web-v"];
    let v = json(&cct(
        d,
        &[&["commits", "--next-version", "--format", "json"][..], &web].concat(),
    ));
    assert_eq!(
        (
            v["last_tag"].as_str(),
            v["next"].as_str(),
            v["next_tag"].as_str(),
            v["commits"].as_u64()
        ),
        (
            Some("web-v2.0.0"),
            Some("3.0.0"),
            Some("web-v3.0.0"),
            Some(1)
        )
    );
    // Without a prefix, only `v1.2.3`/`1.2.3` tags are releases; without a path, every commit.
    assert_eq!(stdout(&cct(d, &["commits", "--next-version"])), "10.0.0\n");

    git(
        d,
        &[
            "remote",
            "add",
            "origin",
            "https://github.com/acme/mono.git",
        ],
    );
    let md = stdout(&cct(
        d,
        &[
            &["commits", "--changelog", "--today", "2026-02-01"][..],
            &api,
        ]
        .concat(),
    ));
    let short: String = fix.chars().take(7).collect();
    assert_eq!(
        md,
        format!(
            "## [1.2.1](https://github.com/acme/mono/compare/api%401.2.0...api%401.2.1) (2026-02-01)\n\n\
             ### Bug Fixes\n\n\
             * **api:** reject empty names ([{short}](https://github.com/acme/mono/commit/{fix}))\n"
        )
    );

    // The same from cct.yaml, the path relative to the top folder, run from a package folder.
    std::fs::write(
        d.join("packages/api/cct.yaml"),
        "settings:\n  commit:\n    paths: [packages/api]\n    tag_prefix: \"api@\"\n",
    )
    .unwrap();
    let pkg = d.join("packages/api");
    assert_eq!(
        stdout(&cct(&pkg, &["commits", "--next-version"])),
        "api@1.2.1\n"
    );
    // Checking: only the commits touching the path.
    let report = json(&cct(
        d,
        &["commits", "--path", "packages/web", "--format", "json"],
    ));
    assert_eq!(report["summary"]["inputs"].as_u64(), Some(2), "{report}");
}

#[test]
fn changelog_as_people_keep_it() {
    let dir = repo();
    let d = dir.path();
    git(
        d,
        &[
            "remote",
            "add",
            "origin",
            "git@gitlab.example.com:platform/tools/cct.git",
        ],
    );
    let day1 = "2026-03-01T09:00:00+02:00";
    let day2 = "2026-03-09T23:30:00-05:00";
    commit_file(d, "a", "feat: first", day1);
    git(d, &["tag", "v1.0.0"]);
    let feat = commit_file(d, "a", "feat(api): paginate lists (#12)\n\nCloses #3", day2);
    let fix = commit_file(
        d,
        "a",
        "fix(config)!: read cct.yaml only\n\nBREAKING CHANGE: `cct.yml` is no longer read.\n\nRename it:\n\n    git mv cct.yml cct.yaml\n\nRefs: #9\nDEPRECATED: `--old-flag` goes in 3.0; use `--new-flag`.\n",
        day2,
    );
    commit_file(d, "a", "chore(release): prepare 2.0.0", day2);
    commit_file(d, "a", "release: v2.0.0", day2);
    commit_file(d, "a", "docs: how to migrate", day2);
    git(d, &["tag", "v2.0.0"]);

    let s = |h: &str| h.chars().take(7).collect::<String>();
    let base = "https://gitlab.example.com/platform/tools/cct";
    let expected = format!(
        "## [2.0.0]({base}/-/compare/v1.0.0...v2.0.0) (2026-03-10)\n\n\
         ### ⚠ BREAKING CHANGES\n\n\
         * **config:** `cct.yml` is no longer read.\n\n  Rename it:\n\n      git mv cct.yml cct.yaml\n\n\
         ### Deprecations\n\n\
         * **config:** `--old-flag` goes in 3.0; use `--new-flag`.\n\n\
         ### Features\n\n\
         * **api:** paginate lists ([#12]({base}/-/issues/12)) ([{}]({base}/-/commit/{feat})), closes [#3]({base}/-/issues/3)\n\n\
         ### Bug Fixes\n\n\
         * **config:** read cct.yaml only ([{}]({base}/-/commit/{fix})), references [#9]({base}/-/issues/9)\n",
        s(&feat),
        s(&fix),
    );
    // A past release: its tag's commit date (UTC), whichever way the range is named.
    assert_eq!(
        stdout(&cct(d, &["commits", "--changelog", "v1.0.0..v2.0.0"])),
        expected
    );
    // The release to come: today, and the tag it will have.
    git(d, &["tag", "-d", "v2.0.0"]);
    let md = stdout(&cct(
        d,
        &["commits", "--changelog", "--today", "2026-03-11"],
    ));
    assert!(
        md.starts_with(&format!(
            "## [2.0.0]({base}/-/compare/v1.0.0...v2.0.0) (2026-03-11)\n\n### ⚠ BREAKING CHANGES"
        )),
        "{md}"
    );
    let v = json(&cct(
        d,
        &[
            "commits",
            "--changelog",
            "--today",
            "2026-03-11",
            "--format",
            "json",
        ],
    ));
    assert_eq!(
        (v["tag"].as_str(), v["date"].as_str(), v["url"].as_str()),
        (Some("v2.0.0"), Some("2026-03-11"), Some(base))
    );
    // A host that does not say GitLab: the setting does.
    git(
        d,
        &[
            "remote",
            "set-url",
            "origin",
            "https://git.corp.example/acme/cct",
        ],
    );
    std::fs::write(
        d.join("cct.yaml"),
        "settings:\n  commit:\n    changelog:\n      forge: gitlab\n",
    )
    .unwrap();
    let md = stdout(&cct(
        d,
        &["commits", "--changelog", "--today", "2026-03-11"],
    ));
    assert!(
        md.contains("https://git.corp.example/acme/cct/-/commit/"),
        "{md}"
    );
    // No remote: no links.
    git(d, &["remote", "remove", "origin"]);
    std::fs::remove_file(d.join("cct.yaml")).unwrap();
    let md = stdout(&cct(
        d,
        &["commits", "--changelog", "--today", "2026-03-11"],
    ));
    assert!(
        md.starts_with("## 2.0.0 (2026-03-11)\n\nChanges since `v1.0.0`.\n"),
        "{md}"
    );
    assert!(
        md.contains(&format!("paginate lists (#12) ({}), closes #3", s(&feat))),
        "{md}"
    );
}
