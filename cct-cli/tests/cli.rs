//! The `cct` binary end to end: exit statuses, inputs (files, folders,
//! standard input), text and JSON output, `explain`, colours.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use cct_core::catalog::catalog;
use cct_core::{check, Input, Policy};

/// A Deployment whose first container lacks `runAsNonRoot` (line 9, column 11)
/// and whose second runs as root (line 14, column 24): two error findings.
const BAD: &str = include_str!("../../tests/fixtures/kube/run-as-non-root/bad.yaml");

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A folder under the system temp folder, removed when dropped.
struct Tree(PathBuf);

impl std::ops::Deref for Tree {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Tree {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A fresh folder under the system temp folder, holding `files`.
fn tree(files: &[(&str, &str)]) -> Tree {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "cct-cli-test-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    Tree(dir)
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn cct_in(dir: &Path, args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cct"));
    cmd.current_dir(dir)
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .envs(env.iter().copied())
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    }
    let Output {
        status,
        stdout,
        stderr,
    } = child.wait_with_output().unwrap();
    Run {
        code: status.code().unwrap(),
        stdout: String::from_utf8(stdout).unwrap(),
        stderr: String::from_utf8(stderr).unwrap(),
    }
}

fn cct(dir: &Path, args: &[&str]) -> Run {
    cct_in(dir, args, None, &[])
}

#[test]
fn exit_status_is_1_on_an_error_finding_and_0_when_nothing_reaches_fail_on() {
    let dir = tree(&[
        ("deploy.yaml", BAD),
        ("Chart.yaml", "apiVersion: v2\nname: web\nversion: 1.0.0\n"),
    ]);
    let run = cct(&dir, &["check", "deploy.yaml"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("deploy.yaml:14:24: error[kube/run-as-non-root] "),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("deploy.yaml:14:24: error[kube/run-as-non-root] "),
        "{}",
        run.stdout
    );

    assert_eq!(
        cct(&dir, &["check", "--fail-on", "warning", "deploy.yaml"]).code,
        1
    );
    assert_eq!(
        cct(&dir, &["check", "--fail-on", "never", "deploy.yaml"]).code,
        0
    );

    // An input of no known kind is skipped, not an error: nothing to fail on.
    let run = cct(&dir, &["check", "Chart.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains("Chart.yaml: note: skipped"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("0 errors, 0 warnings in 1 file (1 skipped)"),
        "{}",
        run.stdout
    );
}

/// The block of lines in `stdout` starting with the line that starts with `header_prefix`, up to the next blank line.
fn block<'a>(stdout: &'a str, header_prefix: &str) -> Vec<&'a str> {
    let lines: Vec<&str> = stdout.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.starts_with(header_prefix))
        .unwrap_or_else(|| panic!("no line starting with {header_prefix:?} in:\n{stdout}"));
    lines[start..]
        .iter()
        .take_while(|l| !l.is_empty())
        .copied()
        .collect()
}

#[test]
fn text_output_shows_the_source_line_a_caret_the_object_requirements_and_help() {
    let dir = tree(&[("deploy.yaml", BAD)]);
    let run = cct(&dir, &["check", "deploy.yaml"]);
    let report = check(&[Input::text("deploy.yaml", BAD)], &Policy::default());
    // The first container's finding: the rule's own fixture pins it at 14:24
    // (tests/fixtures/kube/run-as-non-root/bad.expected); the rendering is derived from it.
    let f = report
        .findings
        .iter()
        .find(|f| f.rule == "kube/run-as-non-root")
        .unwrap();
    let (line, column) = (f.location.line, f.location.column);
    let levels: Vec<String> = f
        .requirements
        .iter()
        .map(|id| {
            match catalog()
                .requirement(id, cct_core::catalog::DEFAULT_CCT_VERSION)
                .and_then(|(_, q)| q.level)
            {
                Some(level) => format!("{id} ({level:?})"),
                None => id.clone(),
            }
        })
        .collect();
    let gutter = " ".repeat(line.to_string().len());
    let header = format!("deploy.yaml:{line}:{column}: ");
    let expected = [
        format!("{header}error[kube/run-as-non-root] {}", f.message),
        format!("{gutter} |"),
        format!("{line} | {}", BAD.lines().nth(line as usize - 1).unwrap()),
        format!(
            "{gutter} | {}^ {}",
            " ".repeat(column as usize - 1),
            f.location.pointer
        ),
        format!("{gutter} = object: Deployment web (apps/v1)"),
        format!("{gutter} = requirements: {}", levels.join(", ")),
        format!("{gutter} = help: {}", f.remediation),
    ];
    assert_eq!(
        block(&run.stdout, &format!("{header}error[kube/run-as-non-root]")),
        expected
    );

    let s = &report.summary;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let summary = format!(
        "{}, {}",
        plural(s.error, "error"),
        plural(s.warning, "warning")
    );
    assert!(
        run.stdout
            .lines()
            .any(|l| l.starts_with(&summary) && l.ends_with("in 1 file")),
        "no {summary:?} in:\n{}",
        run.stdout
    );
    let cct_line = run
        .stdout
        .lines()
        .find(|l| l.starts_with("CCT béta 23.06.2024: "))
        .unwrap();
    assert!(
        cct_line.contains(" failing (EXI-") && cct_line.contains(" passing"),
        "{cct_line}"
    );
    assert!(
        run.stdout.lines().any(|l| l.starts_with("Domino-X 2022: ")),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains('\x1b'),
        "no colour when stdout is not a terminal"
    );
}

#[test]
fn standard_input_is_read_for_dash() {
    let dir = tree(&[]);
    let run = cct_in(&dir, &["check", "-"], Some(BAD), &[]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("-:14:24: error[kube/run-as-non-root]"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("9 |         - name: web"),
        "{}",
        run.stdout
    );
}

#[test]
fn folders_are_walked_recursively_in_a_stable_order_skipping_hidden_and_vendored_folders() {
    let dir = tree(&[
        ("deploy/b/web.yaml", BAD),
        ("deploy/a.yml", BAD),
        (
            "deploy/api.JSON",
            r#"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "api"}, "spec": {"containers": [{"name": "api", "image": "r/api:1"}]}}"#,
        ),
        ("deploy/README.md", BAD),
        ("deploy/.git/config.yaml", BAD),
        ("deploy/.hidden.yaml", BAD),
        ("deploy/node_modules/x/bad.yaml", BAD),
        ("deploy/target/bad.yaml", BAD),
    ]);
    let run = cct(&dir, &["check", "--format", "json", "deploy"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let paths: Vec<&str> = report["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        ["deploy/a.yml", "deploy/api.JSON", "deploy/b/web.yaml"]
    );
    let again = cct(&dir, &["check", "--format", "json", "deploy"]);
    assert_eq!(run.stdout, again.stdout, "same inputs, same bytes");

    // A folder without inputs is a note, not an error.
    std::fs::create_dir_all(dir.join("empty")).unwrap();
    let run = cct(&dir, &["check", "empty"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stderr
            .contains("no .yaml, .yml or .json file under `empty`"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_bad_yaml_file_is_reported_with_its_position_and_the_others_are_still_evaluated() {
    let dir = tree(&[
        (
            "a-good.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n",
        ),
        (
            "b-broken.yaml",
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [web\n  labels: {}\n",
        ),
        ("c-bad.yaml", BAD),
        ("d-dup.yaml", "apiVersion: v1\nkind: Pod\nkind: Service\n"),
    ]);
    let run = cct(&dir, &["check", "."]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stdout.contains("./b-broken.yaml:"), "{}", run.stdout);
    let broken = run
        .stdout
        .lines()
        .find(|l| l.starts_with("./b-broken.yaml:"))
        .unwrap();
    let mut parts = broken.splitn(4, ':');
    let (_, line, column) = (parts.next(), parts.next().unwrap(), parts.next().unwrap());
    assert!(
        line.parse::<u32>().is_ok() && column.parse::<u32>().is_ok(),
        "{broken}"
    );
    assert!(broken.contains(": error: invalid YAML"), "{broken}");
    assert!(
        run.stdout.contains("./d-dup.yaml:3:1: error: duplicate key `kind` (first defined at line 2)\n  |\n3 | kind: Service\n  | ^\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("./c-bad.yaml:14:24: error[kube/run-as-non-root]"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("in 4 files (2 unreadable)"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_missing_path_exits_2_but_the_other_inputs_are_still_reported() {
    let dir = tree(&[("deploy.yaml", BAD)]);
    let run = cct(&dir, &["check", "missing.yaml", "deploy.yaml"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stdout
            .contains("missing.yaml: error: cannot read `missing.yaml`: no such file or directory"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("deploy.yaml:14:24: error[kube/run-as-non-root]"),
        "{}",
        run.stdout
    );

    let run = cct(
        &dir,
        &["check", "--format", "json", "missing.yaml", "deploy.yaml"],
    );
    assert_eq!(run.code, 2);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["errors"][0]["path"], "missing.yaml");
    assert_eq!(report["summary"]["errors"], 1);
    assert_eq!(report["summary"]["inputs"], 2);
    let alone = check(&[Input::text("deploy.yaml", BAD)], &Policy::default());
    assert_eq!(
        report["findings"].as_array().unwrap().len(),
        alone.findings.len()
    );
}

#[test]
fn misuse_exits_2() {
    let dir = tree(&[("deploy.yaml", BAD)]);
    for args in [
        &["check"][..],
        &["check", "--format", "xml", "deploy.yaml"],
        &["check", "--fail-on", "sometimes", "deploy.yaml"],
        &["check", "--kind", "helm", "deploy.yaml"],
        &["frobnicate"],
        &[],
        &["explain", "EX999"],
    ] {
        let run = cct(&dir, args);
        assert_eq!(run.code, 2, "cct {args:?}: {}{}", run.stdout, run.stderr);
        assert!(!run.stderr.is_empty(), "cct {args:?} says why on stderr");
    }
}

#[test]
fn json_output_is_the_core_report_exactly() {
    let dir = tree(&[("deploy.yaml", BAD), ("values.yaml", "replicaCount: 2\n")]);
    let run = cct(
        &dir,
        &["check", "--format", "json", "deploy.yaml", "values.yaml"],
    );
    assert_eq!(run.code, 1);
    let inputs = [
        Input::text("deploy.yaml", BAD),
        Input::text("values.yaml", "replicaCount: 2\n"),
    ];
    let expected = check(&inputs, &Policy::default()).to_json();
    assert_eq!(run.stdout, format!("{expected}\n"));
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let first = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "kube/run-as-non-root")
        .unwrap();
    assert_eq!(first["location"]["line"], 14);
    assert_eq!(first["location"]["column"], 24);
}

#[test]
fn kind_forces_the_artefact_kind() {
    let dir = tree(&[("deploy.yaml", BAD)]);
    let run = cct(
        &dir,
        &[
            "check",
            "--format",
            "json",
            "--kind",
            "openapi",
            "deploy.yaml",
        ],
    );
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["inputs"][0]["kind"], "openapi");
    assert!(report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| !f["rule"].as_str().unwrap().starts_with("kube/")));
    let run = cct(
        &dir,
        &["check", "--format", "json", "--kind", "kube", "deploy.yaml"],
    );
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["inputs"][0]["kind"], "kube");
}

#[test]
fn explain_a_requirement_prints_its_french_text_summaries_level_and_rules() {
    let dir = tree(&[]);
    for id in ["EX32", "ex32"] {
        let run = cct(&dir, &["explain", id]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let out = &run.stdout;
        assert!(out.starts_with("EX32 — CCT alpha.V1"), "{out}");
        assert!(out.contains("level: P (primordial"), "{out}");
        assert!(out.contains("automation: automated"), "{out}");
        let (_, q) = catalog().requirement("EX32", "alpha.V1").unwrap();
        let start = |text: &str| {
            text.split_whitespace()
                .take(4)
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert!(
            out.contains(&format!("Text (source, verbatim)\n  {}", start(&q.text))),
            "{out}"
        );
        assert!(
            q.text.starts_with("Les conteneurs s'exécutent"),
            "the text is the French source"
        );
        assert!(
            out.contains(&format!("Summary (fr)\n  {}", start(&q.summary_fr))),
            "{out}"
        );
        assert!(
            out.contains(&format!("Summary (en)\n  {}", start(&q.summary_en))),
            "{out}"
        );
        assert!(out.contains("Rules proving it\n"), "{out}");
        assert!(out.contains("  kube/run-as-non-root "), "{out}");
    }
    let run = cct(&dir, &["explain", "DX-3.2-b"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.starts_with("DX-3.2-b — Domino-X 2022"),
        "{}",
        run.stdout
    );
    // A manual requirement says it needs an attestation.
    let run = cct(&dir, &["explain", "EX20"]);
    assert!(run.stdout.contains("needs-attestation"), "{}", run.stdout);
}

#[test]
fn explain_a_rule_prints_its_sections_and_requirements() {
    let dir = tree(&[]);
    for id in ["kube/run-as-non-root", "run-as-non-root"] {
        let run = cct(&dir, &["explain", id]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let out = &run.stdout;
        assert!(
            out.starts_with("kube/run-as-non-root — Containers are not declared to run as root\n"),
            "{out}"
        );
        assert!(out.contains("severity: error"), "{out}");
        let mut at = 0;
        for section in [
            "What it checks\n",
            "Why\n",
            "Bad\n",
            "Good\n",
            "How to fix\n",
            "Requirements\n",
        ] {
            let found = out[at..]
                .find(section)
                .unwrap_or_else(|| panic!("no {section:?} after byte {at}:\n{out}"));
            at += found + section.len();
        }
        let rule = catalog().rule("kube/run-as-non-root").unwrap();
        for line in rule.good.lines().filter(|l| !l.trim().is_empty()) {
            assert!(
                out.contains(&format!("\n    {line}\n")),
                "good example line {line:?} not shown as code:\n{out}"
            );
        }
        assert!(
            out.contains("  EXI-ARCH-18 (P, CCT béta 23.06.2024): "),
            "{out}"
        );
        assert!(out.contains("  under CCT alpha.V1: EX32\n"), "{out}");
    }
    let run = cct(
        &dir,
        &[
            "explain",
            "kube/run-as-non-root",
            "--referential",
            "cct@alpha-v1",
        ],
    );
    assert!(
        run.stdout.contains("  EX32 (P, CCT alpha.V1): "),
        "{}",
        run.stdout
    );
    let run = cct(&dir, &["explain", "commit/type-enum"]);
    assert!(
        run.stdout.contains("guideline: conventional-commits"),
        "{}",
        run.stdout
    );
    let run = cct(&dir, &["explain", "kube/run-as-nonroot"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean `kube/run-as-non-root`"),
        "{}",
        run.stderr
    );
}

#[test]
fn rules_and_requirements_list_the_catalog() {
    let dir = tree(&[]);
    let run = cct(&dir, &["rules", "--kind", "kube"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout
            .lines()
            .any(|l| l.starts_with("kube/run-as-non-root ") && l.contains("EXI-ARCH-18")),
        "{}",
        run.stdout
    );
    let run = cct(&dir, &["rules", "--kind", "commit", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(doc["rules"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["kind"] == "commit"));

    let run = cct(&dir, &["requirements", "--referential", "cct"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.starts_with("CCT béta 23.06.2024 — "),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.lines().any(|l| l.starts_with("EXI-ARCH-27 ")),
        "{}",
        run.stdout
    );
    let run = cct(&dir, &["requirements", "--referential", "cct@alpha-v1"]);
    assert_eq!(run.code, 0);
    for n in 1..=56 {
        let id = format!("EX{n} ");
        assert!(
            run.stdout.lines().any(|l| l.starts_with(&id)),
            "EX{n} missing:\n{}",
            run.stdout
        );
    }
    assert!(!run.stdout.contains("DX-"), "{}", run.stdout);
    let run = cct(
        &dir,
        &[
            "requirements",
            "--format",
            "json",
            "--referential",
            "domino-x",
        ],
    );
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["referentials"].as_array().unwrap().len(), 1);
    assert_eq!(doc["referentials"][0]["id"], "domino-x");
    let ids: Vec<&str> = doc["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.len() > 50 && ids.iter().all(|id| id.starts_with("DX-")),
        "{ids:?}"
    );
}

#[test]
fn colour_follows_color_no_color_and_the_no_color_variable() {
    let dir = tree(&[("deploy.yaml", BAD)]);
    let has_escape = |args: &[&str], env: &[(&str, &str)]| {
        cct_in(&dir, args, None, env).stdout.contains("\x1b[")
    };
    let check = ["check", "deploy.yaml"];
    assert!(!has_escape(&check, &[]), "piped output has no colour");
    assert!(has_escape(&check, &[("CLICOLOR_FORCE", "1")]));
    assert!(has_escape(
        &["--color", "always", "check", "deploy.yaml"],
        &[]
    ));
    assert!(
        !has_escape(&check, &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]),
        "NO_COLOR wins"
    );
    assert!(!has_escape(
        &["--color", "always", "check", "deploy.yaml"],
        &[("NO_COLOR", "1")]
    ));
    assert!(!has_escape(
        &["check", "--no-color", "deploy.yaml"],
        &[("CLICOLOR_FORCE", "1")]
    ));
    assert!(has_escape(&["explain", "EX32"], &[("CLICOLOR_FORCE", "1")]));
    // JSON is never coloured.
    assert!(!has_escape(
        &["check", "--format", "json", "deploy.yaml"],
        &[("CLICOLOR_FORCE", "1")]
    ));
}

#[test]
fn control_characters_from_inputs_never_reach_the_terminal() {
    let evil = BAD.replace(
        "name: web\n          image",
        "name: \"w\\e[2Jeb\"\n          image",
    );
    assert_ne!(evil, BAD);
    let dir = tree(&[("deploy.yaml", &evil)]);
    let run = cct(&dir, &["check", "deploy.yaml"]);
    assert!(run.stdout.contains("w\u{FFFD}[2Jeb"), "{}", run.stdout);
    assert!(!run.stdout.contains('\x1b'));
}

#[test]
fn version_is_printed() {
    let run = cct(&root(), &["--version"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stdout, format!("cct {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn explain_shows_counterparts_and_answers_in_the_chosen_version() {
    let dir = tree(&[]);
    let run = cct(&dir, &["explain", "EXI-ARCH-12"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("EXI-ARCH-12 — CCT béta 23.06.2024"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("In the other CCT versions\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("  CCT alpha.V1: EX25 (P) [reworded]"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("  CCT alpha.v4: EX25 (P) [reworded]"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("  openapi/health-endpoint "),
        "{}",
        run.stdout
    );
    let run = cct(
        &dir,
        &["explain", "EX25", "--referential", "cct@beta-2024-06-23"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("EX25 is a requirement of CCT alpha.V1; in CCT béta 23.06.2024:\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("\nEXI-ARCH-12 — CCT béta 23.06.2024"),
        "{}",
        run.stdout
    );
    let run = cct(
        &dir,
        &["explain", "EX29", "--referential", "cct@beta-2024-06-23"],
    );
    assert!(run.stdout.contains(": none [dropped]"), "{}", run.stdout);
    let run = cct(&dir, &["explain", "EXI-ORG-17"]);
    assert!(
        run.stdout
            .contains("Homonym 1: another row the source numbers EXI-ORG-17 (level I)"),
        "{}",
        run.stdout
    );
    let run = cct(&dir, &["explain", "EX25", "--referential", "cct@alpha-v9"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("known: `cct@alpha-v1`"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_referential_option_and_key_choose_the_version_findings_cite() {
    let dir = tree(&[("deploy.yaml", BAD)]);
    let ids = |run: &Run| -> Vec<String> {
        let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(report["referentials"][0]["id"], "cct");
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "kube/run-as-non-root")
            .flat_map(|f| f["requirements"].as_array().unwrap().clone())
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    };
    let run = cct(&dir, &["check", "--format", "json", "deploy.yaml"]);
    assert!(
        ids(&run).iter().all(|id| id == "EXI-ARCH-18"),
        "{:?}",
        ids(&run)
    );
    let run = cct(
        &dir,
        &[
            "check",
            "--format",
            "json",
            "--referential",
            "cct@alpha-v1",
            "deploy.yaml",
        ],
    );
    assert!(ids(&run).iter().all(|id| id == "EX32"), "{:?}", ids(&run));
    let run = cct(
        &dir,
        &["check", "--referential", "cct@alpha-v4", "deploy.yaml"],
    );
    assert!(
        run.stdout.lines().any(|l| l.starts_with("CCT alpha.v4: ")),
        "{}",
        run.stdout
    );
    let dir = tree(&[
        ("deploy.yaml", BAD),
        ("cct.yaml", "referential: cct@alpha-v1\n"),
    ]);
    let run = cct(&dir, &["check", "deploy.yaml"]);
    assert!(
        run.stdout.lines().any(|l| l.starts_with("CCT alpha.V1: ")),
        "{}",
        run.stdout
    );
    let dir = tree(&[
        ("deploy.yaml", BAD),
        ("cct.yaml", "referential: cct@alpha-v2\n"),
    ]);
    let run = cct(&dir, &["check", "deploy.yaml"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("cct.yaml:1:14: error: `referential` names a CCT version"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_configuration_saved_with_a_bom_before_a_comment_is_discovered_and_read() {
    // A Windows editor writes a UTF-8 BOM; the comment holds `: ` (the fast loader's old crash).
    let text = "# referential: the seed's\nreferential: cct@alpha-v1\n";
    let dir = tree(&[
        ("deploy.yaml", BAD),
        ("cct.yaml", &format!("\u{feff}{text}")),
    ]);
    let with_bom = cct(&dir, &["check", "--format", "json", "deploy.yaml"]);
    let dir = tree(&[("deploy.yaml", BAD), ("cct.yaml", text)]);
    let without = cct(&dir, &["check", "--format", "json", "deploy.yaml"]);
    assert_eq!(with_bom.code, 1, "{}", with_bom.stderr);
    assert_eq!(with_bom.stdout, without.stdout);
    assert!(with_bom.stdout.contains("alpha.V1"), "{}", with_bom.stdout);
}

#[test]
fn requirements_diff_lists_what_changed_between_two_versions() {
    let dir = tree(&[]);
    let run = cct(
        &dir,
        &["requirements", "--diff", "alpha-v1..beta-2024-06-23"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = &run.stdout;
    for section in [
        "Added (12)",
        "Dropped (6)",
        "Merged (",
        "Split (",
        "Re-levelled (",
        "Reworded (",
    ] {
        assert!(out.contains(section), "no {section}:\n{out}");
    }
    assert!(out.contains("  EXI-ARCH-26 (I) "), "{out}");
    assert!(out.contains("  EX29 (P) "), "{out}");
    assert!(
        out.contains("  EXI-ARCH-18 (P) ← EX32 (P), EX51 (I)"),
        "{out}"
    );
    assert!(out.contains("  EX6 I → EXI-ORG-3 P"), "{out}");
    let run = cct(
        &dir,
        &[
            "requirements",
            "--diff",
            "alpha-v1..alpha-v4",
            "--format",
            "json",
        ],
    );
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["diff"]["added"].as_array().unwrap().len(), 2);
    let run = cct(
        &dir,
        &["requirements", "--diff", "beta-2024-06-23..alpha-v1"],
    );
    assert_eq!(run.code, 2);
    let run = cct(&dir, &["requirements", "--referential", "cct@alpha-v4"]);
    assert!(run.stdout.starts_with("CCT alpha.v4 — "), "{}", run.stdout);
    assert!(run.stdout.contains("(58 requirements)"), "{}", run.stdout);
}

#[test]
fn a_referenced_file_over_the_input_size_limit_names_the_limit_and_how_to_raise_it() {
    let description = "openapi: 3.0.3
info: {title: x, version: 1.0.0}
paths: {}
components:
  schemas:
    A: {$ref: big.yaml}
";
    let big = format!("type: string\ndescription: {}\n", "long ".repeat(40));
    let dir = tree(&[("openapi.yaml", description), ("big.yaml", &big)]);
    let limit = description.len().to_string();
    let run = cct(
        &dir.0,
        &[
            "check",
            "--format",
            "json",
            "--max-input-bytes",
            &limit,
            "openapi.yaml",
        ],
    );
    assert!(
        run.stdout.contains(&format!(
            "the file `big.yaml` was not read: it is {} bytes, over the input size limit of {limit} bytes",
            big.len()
        )) && run.stdout.contains("--max-input-bytes"),
        "{}",
        run.stdout
    );
    // Raised, the file is read and the reference resolves.
    let run = cct(&dir.0, &["check", "--format", "json", "openapi.yaml"]);
    assert!(!run.stdout.contains("cannot be followed"), "{}", run.stdout);
}
