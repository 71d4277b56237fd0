//! Commit messages: the specification's examples, histories, ignores, settings and properties.

use std::path::Path;

use cct_core::commit::{
    CaseRule, Commit, CommitInput, Message, Separator, SignatureStatus, Special,
};
use cct_core::report::InputStatus;
use cct_core::{check, ArtefactKind, Input, Policy, RuleSettings, Severity};
use cct_core::{check_commits, check_message};
use proptest::prelude::*;

fn spec(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/commit/spec")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

fn found(report: &cct_core::Report) -> Vec<String> {
    report
        .findings
        .iter()
        .map(|f| {
            format!(
                "{} {}:{} {}",
                f.rule, f.location.line, f.location.column, f.location.pointer
            )
        })
        .collect()
}

#[test]
fn specification_examples_parse_and_pass() {
    let cases: [(&str, &str, Option<&str>, bool, usize); 7] = [
        ("01-breaking-footer.txt", "feat", None, true, 1),
        ("02-bang.txt", "feat", None, true, 0),
        ("03-scope-bang.txt", "feat", Some("api"), true, 0),
        ("04-bang-and-footer.txt", "chore", None, true, 1),
        ("05-no-body.txt", "docs", None, false, 0),
        ("06-scope.txt", "feat", Some("lang"), false, 0),
        ("07-body-and-footers.txt", "fix", None, false, 2),
    ];
    for (file, kind, scope, breaking, footers) in cases {
        let text = spec(file);
        let c = Commit::parse(&text);
        assert_eq!(c.kind(), Some(kind), "{file}");
        assert_eq!(c.scope(), scope, "{file}");
        assert_eq!(c.is_breaking(), breaking, "{file}");
        assert_eq!(c.footers.len(), footers, "{file}");
        let report = check_message(&text, &Policy::default());
        assert!(report.findings.is_empty(), "{file}: {:?}", found(&report));
    }
    let c = Commit::parse(&spec("07-body-and-footers.txt"));
    assert_eq!(c.body, Some((2, 7)));
    assert_eq!(c.footers[0].token.text, "Reviewed-by");
    assert_eq!(c.footers[0].token.line, 9);
    assert_eq!(c.footers[1].value, "#123");
    let c = Commit::parse(&spec("01-breaking-footer.txt"));
    assert_eq!(
        c.breaking_notes(),
        ["`extends` key in config file is now used for extending other config files"]
    );
    let c = Commit::parse(&spec("02-bang.txt"));
    assert_eq!(
        c.breaking_notes(),
        ["send an email to the customer when a product is shipped"]
    );
}

#[test]
fn history_findings_are_located_inside_each_message() {
    let hash = "9fceb02d0ae598e95dc970b74767f19372d61af8";
    let commits = [
        CommitInput::new(hash, "Feat: Add search.\n\nBody text\n"),
        CommitInput::new("a".repeat(40), "Merge branch 'topic' into main\n"),
        CommitInput::new("b".repeat(40), "fixup! feat: x\n"),
        CommitInput::new("c".repeat(40), "feat: fine\nno blank line\n"),
    ];
    let report = check_commits(&commits, &Policy::default());
    let mine: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.location.path == hash)
        .collect();
    assert_eq!(
        mine.iter()
            .map(|f| (f.rule.as_str(), f.location.line, f.location.column))
            .collect::<Vec<_>>(),
        [
            ("commit/type-case", 1, 1),
            ("commit/type-enum", 1, 1),
            ("commit/subject-case", 1, 7),
            ("commit/subject-full-stop", 1, 17)
        ]
    );
    let object = mine[0].object.as_ref().unwrap();
    assert_eq!(
        (object.kind.as_str(), object.name.as_deref()),
        ("Commit", Some(hash))
    );
    assert_eq!(mine[0].severity, Severity::Error);
    let blank: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule == "commit/body-leading-blank")
        .collect();
    assert_eq!(blank.len(), 1);
    assert_eq!(
        (blank[0].location.line, blank[0].severity),
        (2, Severity::Warning)
    );
    let skipped: Vec<_> = report
        .inputs
        .iter()
        .filter(|i| i.status == InputStatus::Skipped)
        .collect();
    assert_eq!(skipped.len(), 2);
    assert_eq!(report.summary.evaluated, 2);
    assert!(report.has_errors());
}

#[test]
fn ignores_are_configurable() {
    let merge = [CommitInput::new(
        "a".repeat(40),
        "Merge branch 'topic' into main\n",
    )];
    assert!(check_commits(&merge, &Policy::default())
        .findings
        .is_empty());
    let mut policy = Policy::default();
    policy.settings.commit.ignore_merges = false;
    let rules: Vec<String> = check_commits(&merge, &policy)
        .findings
        .into_iter()
        .map(|f| f.rule)
        .collect();
    // Not `type: …` at all: one diagnosis (commitlint adds subject-empty).
    assert_eq!(rules, ["commit/type-empty"]);
    for (msg, special) in [
        (
            "Revert \"feat: x\"\n\nThis reverts commit abc.\n",
            Special::Revert,
        ),
        ("Reapply \"feat: x\"\n", Special::Revert),
        ("squash! feat: x\n", Special::Fixup),
        ("amend! feat: x\n", Special::Fixup),
        (
            "Merge pull request #12 from a/b\n\nfeat: x\n",
            Special::Merge,
        ),
        ("v2.1.0\n", Special::Release),
    ] {
        assert_eq!(Commit::parse(msg).special, Some(special), "{msg}");
        assert!(
            check_message(msg, &Policy::default()).findings.is_empty(),
            "{msg}"
        );
    }
    // commitlint lints `Initial commit`; skipping it is a setting.
    assert_eq!(
        Commit::parse("Initial commit\n").special,
        Some(Special::Initial)
    );
    assert!(!check_message("Initial commit\n", &Policy::default())
        .findings
        .is_empty());
    policy.settings.commit.ignore_initial = true;
    assert!(check_message("Initial commit\n", &policy)
        .findings
        .is_empty());
}

#[test]
fn settings_and_levels_the_commitlint_way() {
    let mut policy = Policy::default();
    policy.settings.commit.types.push("wip".to_owned());
    policy.settings.commit.header_max_length = 20;
    policy.settings.commit.subject_case = CaseRule::always(&[cct_core::commit::Case::SentenceCase]);
    policy.rules.insert(
        "commit/subject-full-stop".to_owned(),
        RuleSettings {
            enabled: Some(false),
            severity: None,
        },
    );
    policy.rules.insert(
        "commit/header-max-length".to_owned(),
        RuleSettings {
            enabled: None,
            severity: Some(Severity::Warning),
        },
    );
    let report = check_message("wip: Half done parser.\n", &policy);
    assert_eq!(found(&report), ["commit/header-max-length 1:21 /header"]);
    assert_eq!(report.findings[0].severity, Severity::Warning);
    assert!(!report.has_errors());

    let json = r#"{"settings": {"commit": {"types": ["feat"], "subject_case": {"when": "always", "cases": ["lower-case"]}, "ignore_merges": false}}}"#;
    let policy: Policy = serde_json::from_str(json).unwrap();
    assert_eq!(policy.settings.commit.types, ["feat"]);
    assert_eq!(policy.settings.commit.header_max_length, 100);
    assert!(serde_json::from_str::<Policy>(r#"{"settings": {"commit": {"typos": []}}}"#).is_err());
}

#[test]
fn signatures_are_judged_when_known() {
    let mut c = CommitInput::new("d".repeat(40), "fix: x\n");
    assert!(check_commits(std::slice::from_ref(&c), &Policy::default())
        .findings
        .is_empty());
    for (status, bad) in [
        (SignatureStatus::None, true),
        (SignatureStatus::Bad, true),
        (SignatureStatus::RevokedKey, true),
        (SignatureStatus::Good, false),
        (SignatureStatus::CannotCheck, false),
    ] {
        c.signature = Some(status);
        let report = check_commits(std::slice::from_ref(&c), &Policy::default());
        assert_eq!(
            report.findings.iter().any(|f| f.rule == "commit/signed"),
            bad,
            "{status:?}"
        );
    }
    c.message = "Merge branch 'x'\n".to_owned();
    c.signature = Some(SignatureStatus::None);
    let report = check_commits(&[c], &Policy::default());
    assert_eq!(found(&report), ["commit/signed 1:1 /signature"]);
    assert_eq!(
        report.findings[0].message,
        "commit `dddddddddddd` is not signed"
    );
}

#[test]
fn check_with_forced_kind_reads_one_edited_message() {
    let text = "# comment\nfeat: Add x\n\n# ------------------------ >8 ------------------------\nFix: Y.\n";
    let report = check(
        &[Input::text("COMMIT_EDITMSG", text).with_kind(Some(ArtefactKind::Commit))],
        &Policy::default(),
    );
    assert_eq!(found(&report), ["commit/subject-case 2:7 /header/subject"]);
    assert_eq!(report.findings[0].location.path, "COMMIT_EDITMSG");
    assert!(report
        .requirements
        .iter()
        .any(|r| r.id == "EX14" && !r.rules.is_empty()));

    let report = check(
        &[Input::new("bin", &b"feat: \xff\n"[..]).with_kind(Some(ArtefactKind::Commit))],
        &Policy::default(),
    );
    assert_eq!(report.errors.len(), 1);
    assert_eq!(
        (report.errors[0].line, report.errors[0].column),
        (Some(1), Some(7))
    );
}

#[test]
fn header_edge_cases() {
    let c = Commit::parse("fix(a): call foo(): ok\n");
    assert_eq!(
        (c.scope(), c.description()),
        (Some("a"), Some("call foo(): ok"))
    );
    let c = Commit::parse("feat:no space\n");
    assert_eq!(c.kind(), None);
    let c = Commit::parse("(scope): x\n");
    assert_eq!((c.kind(), c.scope()), (None, Some("scope")));
    let c = Commit::parse("feat: é\u{0301}tat\r\n\r\nbody\r\n");
    assert_eq!(c.body_text().as_deref(), Some("body"));
    let c = Commit::parse("");
    assert_eq!(c.kind(), None);
    // An empty or comments-only message: one finding that says so.
    for message in ["", "\n\n", "# only a comment\n#\n"] {
        let report = check_message(message, &Policy::default());
        assert_eq!(
            found(&report),
            ["commit/subject-empty 1:1 /header"],
            "{message:?}"
        );
        assert_eq!(report.findings[0].message, "empty commit message");
    }
    let report = check_commits(
        &[CommitInput::new("a".repeat(40), "  \n")],
        &Policy::default(),
    );
    assert_eq!(report.findings.len(), 1);
    assert_eq!(report.findings[0].message, "empty commit message");
}

#[test]
fn a_header_that_is_not_conventional_gets_one_diagnosis_and_an_example_that_passes() {
    let policy = Policy::default();
    for (message, example) in [
        ("Fixed stuff.\n", "fix: stuff"),
        (
            "Added pagination to lists\n",
            "feat: add pagination to lists",
        ),
    ] {
        let report = check_message(message, &policy);
        assert_eq!(
            found(&report),
            ["commit/type-empty 1:1 /header/type"],
            "{message:?}"
        );
        let help = &report.findings[0].remediation;
        assert!(help.contains(&format!("`{example}`")), "{help}");
        let fixed = message.replacen(message.lines().next().unwrap(), example, 1);
        assert!(
            check_message(&fixed, &policy).findings.is_empty(),
            "{fixed:?}"
        );
    }
    // `!` before the scope: commitlint's two findings, and the header it meant.
    let report = check_message(
        "feat!(api): drop v1\n\nBREAKING CHANGE: v1 is gone\n",
        &policy,
    );
    assert!(report.findings[0]
        .remediation
        .contains("`feat(api)!: drop v1`"));
}

#[test]
fn a_utf8_bom_is_dropped() {
    let report =
        check(
            &[Input::new("m", &b"\xEF\xBB\xBFfeat: add x\n"[..])
                .with_kind(Some(ArtefactKind::Commit))],
            &Policy::default(),
        );
    assert!(report.findings.is_empty(), "{:?}", report.findings);
}

fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("BREAKING CHANGE".to_owned()),
        Just("BREAKING-CHANGE".to_owned()),
        "[A-Z][a-z]{1,6}(-[a-z]{1,5})?",
    ]
}

fn message() -> impl Strategy<Value = Message> {
    let word = "[a-z]{1,8}";
    let text = prop::collection::vec(word, 1..8).prop_map(|w| w.join(" "));
    let paragraph = prop::collection::vec(text.clone(), 1..4).prop_map(|l| l.join("\n"));
    (
        "[a-z]{1,8}",
        prop::option::of("[a-z][a-z-]{0,8}"),
        any::<bool>(),
        text.clone(),
        prop::option::of(prop::collection::vec(paragraph, 1..3).prop_map(|p| p.join("\n\n"))),
        prop::collection::vec(
            (token(), any::<bool>(), text.clone(), prop::option::of(text)),
            0..4,
        ),
    )
        .prop_map(|(t, scope, breaking, description, body, footers)| Message {
            r#type: t,
            scope,
            breaking,
            description,
            body,
            footers: footers
                .into_iter()
                .map(|(tok, hash, v, more)| {
                    let hash = hash && !tok.starts_with("BREAKING");
                    let value = match more {
                        Some(m) if !hash => format!("{v}\n  {m}"),
                        _ => v,
                    };
                    (
                        tok,
                        if hash {
                            Separator::Hash
                        } else {
                            Separator::Colon
                        },
                        value,
                    )
                })
                .collect(),
        })
}

proptest! {
    #[test]
    fn parsing_never_panics(text in "\\PC*(\n\\PC*){0,6}") {
        let c = Commit::parse(&text);
        let _ = c.to_message();
        let _ = check_message(&text, &Policy::default());
    }

    #[test]
    fn parsing_any_bytes_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let _ = check(&[Input::new("m", bytes).with_kind(Some(ArtefactKind::Commit))], &Policy::default());
    }

    #[test]
    fn a_rendered_commit_parses_back_to_itself(m in message()) {
        let text = m.to_string();
        let parsed = Commit::parse(&text).to_message();
        prop_assert_eq!(parsed.as_ref(), Some(&m), "{}", text);
    }
}

/// cct against commitlint's own verdicts (`tests/fixtures/commit/commitlint-parity.json`).
#[test]
fn same_verdicts_as_commitlint_config_conventional() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/commit/commitlint-parity.json");
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    // Rules only cct has: `breaking-change-description` and `signed` (`scope-case` is opt-in,
    // as config-conventional dropped it in 12.1.1; `header-trim` is implemented).
    let commitlint_only: [&str; 0] = [];
    let cct_only = ["breaking-change-description", "signed"];
    // commitlint's parser reads `Refs: #123` after another trailer as a footer of its own (docs/commits.md).
    let spec_footers = "Reviewed-by: Z\nRefs: #123";
    let mut cases = 0;
    for case in doc["cases"].as_array().unwrap() {
        let message = case["message"].as_str().unwrap();
        // A header that is not `type: …` at all (no colon): cct gives one diagnosis, type-empty;
        // commitlint adds subject-empty and, for a trailing `.`, subject-full-stop (docs/commits.md).
        let header = message.lines().next().unwrap_or("");
        let one_diagnosis = !header.trim().is_empty() && !header.contains(':');
        let expect = |key: &str| -> Vec<String> {
            let mut v: Vec<String> = case[key]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r.as_str().unwrap().to_owned())
                .filter(|r| !commitlint_only.contains(&r.as_str()))
                .filter(|r| !(message.contains(spec_footers) && r == "footer-leading-blank"))
                .filter(|r| !(one_diagnosis && (r == "subject-empty" || r == "subject-full-stop")))
                .collect();
            v.sort();
            v
        };
        let report = check_commits(
            &[CommitInput::new("a".repeat(40), message)],
            &Policy::default(),
        );
        // An empty message: commitlint passes it (and throws on a blank one), cct says so.
        if message.trim().is_empty() {
            assert_eq!(report.findings.len(), 1, "{message:?}");
            assert_eq!(report.findings[0].message, "empty commit message");
            cases += 1;
            continue;
        }
        let got = |severity: Severity| -> Vec<String> {
            let mut v: Vec<String> = report
                .findings
                .iter()
                .filter(|f| f.severity == severity)
                .map(|f| f.rule.trim_start_matches("commit/").to_owned())
                .filter(|r| !cct_only.contains(&r.as_str()))
                .collect();
            v.sort();
            v.dedup();
            v
        };
        assert_eq!(
            got(Severity::Error),
            expect("errors"),
            "errors for {message:?}"
        );
        assert_eq!(
            got(Severity::Warning),
            expect("warnings"),
            "warnings for {message:?}"
        );
        cases += 1;
    }
    assert!(cases >= 60, "{cases}");
}
