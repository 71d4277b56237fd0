//! The commit-list cases of the conformance suite (`tests/conformance/commits/`):
//! each `<case>.history.json` describes a history; this test makes it a real
//! git repository (commit objects written with `git hash-object`, signature
//! headers included), runs `cct commits --format json <range>` and `cct commits
//! --next-version --format json <range>` on it, and checks that the facade
//! (`cct_core::api::check_commits_json_str`) gives the same bytes for the same
//! raw commits. The raw commits (`<case>.commits.json`), the report
//! (`<case>.report.json`) and the release (`<case>.next.json`) are recorded:
//! the Rust, Python, Node and WebAssembly front ends compare with them.
//! `CCT_BLESS=1` rewrites them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::{json, Value};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance/commits")
}

/// The case names (`breaking` for `breaking.history.json`), sorted.
fn cases() -> Vec<String> {
    let mut cases: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".history.json").map(str::to_owned))
        .collect();
    cases.sort();
    cases
}

fn git_command(repo: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(repo)
        .args(args)
        .env("HOME", repo)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE");
    cmd
}

fn checked(out: Output, what: &str) -> String {
    assert!(
        out.status.success(),
        "{what}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

fn git(repo: &Path, args: &[&str]) -> String {
    checked(
        git_command(repo, args).output().unwrap(),
        &format!("git {args:?}"),
    )
}

/// Writes an object with `git hash-object -w --stdin`; its hash.
fn write_object(repo: &Path, kind: &str, bytes: &[u8]) -> String {
    let mut child = git_command(repo, &["hash-object", "-t", kind, "-w", "--stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), bytes).unwrap();
    checked(child.wait_with_output().unwrap(), "git hash-object")
}

/// The signature header of a commit signed the `kind` way (an armor of the
/// right format; nothing verifies it).
fn signature_header(kind: &str) -> &'static str {
    match kind {
        "openpgp" => "gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEEcct\n -----END PGP SIGNATURE-----\n",
        "ssh" => "gpgsig -----BEGIN SSH SIGNATURE-----\n U1NIU0lHAAAAAQcct\n -----END SSH SIGNATURE-----\n",
        "x509" => "gpgsig -----BEGIN SIGNED MESSAGE-----\n MIAGCSqGSIb3DQEHAqCAMIACAQEcct\n -----END SIGNED MESSAGE-----\n",
        "none" => "",
        other => panic!("unknown signature kind `{other}`"),
    }
}

/// A case's history made a repository: `(repository, hash of each entry)`.
fn build(spec: &Value) -> (tempfile::TempDir, Vec<String>) {
    let repo = tempfile::tempdir().unwrap();
    let path = repo.path();
    git(path, &["init", "-q", "-b", "main"]);
    let tree = write_object(path, "tree", b"");
    let mut hashes: Vec<String> = Vec::new();
    for (i, entry) in spec["history"].as_array().unwrap().iter().enumerate() {
        let parents: Vec<usize> = match entry.get("parents") {
            Some(p) => p
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n.as_u64().unwrap() as usize)
                .collect(),
            None => i.checked_sub(1).into_iter().collect(),
        };
        let time = 1_700_000_000 + 100 * i;
        let mut object = format!("tree {tree}\n");
        for p in parents {
            object.push_str(&format!("parent {}\n", hashes[p]));
        }
        object.push_str(&format!(
            "author Ada Lovelace <ada@example.org> {time} +0100\ncommitter Ada Lovelace <ada@example.org> {time} +0100\n"
        ));
        object.push_str(signature_header(
            entry["signature"].as_str().unwrap_or("none"),
        ));
        object.push('\n');
        object.push_str(&message(entry, &hashes));
        hashes.push(write_object(path, "commit", object.as_bytes()));
        for tag in entry["tags"].as_array().into_iter().flatten() {
            git(path, &["tag", tag.as_str().unwrap(), &hashes[i]]);
        }
    }
    git(
        path,
        &["update-ref", "refs/heads/main", hashes.last().unwrap()],
    );
    git(path, &["symbolic-ref", "HEAD", "refs/heads/main"]);
    if let Some(config) = spec["options"]["config"].as_str() {
        std::fs::write(path.join("cct.yaml"), config).unwrap();
    }
    (repo, hashes)
}

/// An entry's message, `@{N}` replaced by the hash of entry N.
fn message(entry: &Value, hashes: &[String]) -> String {
    let mut text = entry["message"].as_str().unwrap().to_owned();
    for (n, hash) in hashes.iter().enumerate() {
        text = text.replace(&format!("@{{{n}}}"), hash);
    }
    text
}

/// The raw commits of the case's range, as a front end would hand them over:
/// the commits `git rev-list <range>` lists (newest first), each with its
/// message, how it is signed and its tags.
fn raw_commits(spec: &Value, repo: &Path, hashes: &[String]) -> Value {
    let range = spec["range"].as_str().unwrap();
    let history = spec["history"].as_array().unwrap();
    let listed = git(repo, &["rev-list", range, "--"]);
    let commits: Vec<Value> = listed
        .lines()
        .map(|hash| {
            let i = hashes.iter().position(|h| h == hash).unwrap();
            let entry = &history[i];
            let mut commit = json!({
                "hash": hash,
                "message": message(entry, hashes),
                "signature": entry["signature"].as_str().unwrap_or("none"),
            });
            if let Some(tags) = entry.get("tags") {
                commit["tags"] = tags.clone();
            }
            commit
        })
        .collect();
    json!({"commits": commits, "options": spec["options"]})
}

fn cct(repo: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cct"))
        .arg("commits")
        .arg("-C")
        .arg(repo)
        .args(args)
        .env_remove("CI_MERGE_REQUEST_DIFF_BASE_SHA")
        .output()
        .unwrap()
}

/// Compares `actual` with the recorded file `name` (or records it under `CCT_BLESS`).
fn recorded(name: &str, actual: &str, failures: &mut Vec<String>) {
    let path = dir().join(name);
    if std::env::var_os("CCT_BLESS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    match std::fs::read_to_string(&path) {
        Ok(expected) if expected == actual => {}
        Ok(_) => failures.push(format!("{name} differs from what the CLI gives now")),
        Err(_) => failures.push(format!("{name} is missing")),
    }
}

#[test]
fn the_cli_and_the_facade_give_the_same_bytes_on_each_recorded_history() {
    let cases = cases();
    assert!(cases.len() >= 4, "{cases:?}");
    let mut failures = Vec::new();
    for case in &cases {
        let spec: Value = serde_json::from_str(
            &std::fs::read_to_string(dir().join(format!("{case}.history.json"))).unwrap(),
        )
        .unwrap();
        let (repo, hashes) = build(&spec);
        let range = spec["range"].as_str().unwrap();
        let input = raw_commits(&spec, repo.path(), &hashes);

        let report = cct(repo.path(), &["--format", "json", range]);
        let report_text = String::from_utf8(report.stdout.clone()).unwrap();
        let parsed: Value = serde_json::from_str(&report_text)
            .unwrap_or_else(|e| panic!("{case}: {e}: {report_text}"));
        let expected_code = if parsed["summary"]["error"].as_u64().unwrap() > 0 {
            1
        } else {
            0
        };
        assert_eq!(report.status.code(), Some(expected_code), "{case}");
        let next = cct(repo.path(), &["--next-version", "--format", "json", range]);
        assert_eq!(next.status.code(), Some(0), "{case}");
        let next_text = String::from_utf8(next.stdout).unwrap();

        let answer = cct_core::api::check_commits_json_str(
            &input["commits"].to_string(),
            &input["options"].to_string(),
        )
        .unwrap_or_else(|e| panic!("{case}: {e}"));
        let result: cct_core::api::CommitsResult = serde_json::from_str(&answer).unwrap();
        let facade_report =
            cct_core::format::render(&result.report, cct_core::format::Format::Json);
        if facade_report.trim_end().to_owned() + "\n" != report_text {
            failures.push(format!(
                "{case}: the facade's report differs from `cct commits --format json {range}`"
            ));
        }
        let facade_next = serde_json::to_string_pretty(&result.release).unwrap() + "\n";
        if facade_next != next_text {
            failures.push(format!("{case}: the facade's release differs from `cct commits --next-version --format json {range}`:\n{facade_next}\n{next_text}"));
        }
        let stderr = String::from_utf8_lossy(&report.stderr);
        for note in &result.notes {
            assert!(
                stderr.contains(note.as_str()),
                "{case}: {note} not in {stderr}"
            );
        }
        let commits = serde_json::to_string_pretty(&input).unwrap() + "\n";
        recorded(&format!("{case}.commits.json"), &commits, &mut failures);
        recorded(&format!("{case}.report.json"), &report_text, &mut failures);
        recorded(&format!("{case}.next.json"), &next_text, &mut failures);
    }
    assert!(
        failures.is_empty(),
        "{}\n(run with CCT_BLESS=1 after an intended change)",
        failures.join("\n")
    );
}
