//! Attestations: checked against the report's referentials, dates and evidence files.

use cct_core::attest::apply;
use cct_core::attestation::AttestationState;
use cct_core::report::RequirementState;
use cct_core::{check, Input, Policy};

const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: r.example.fr/c:1\n";

fn policy(attestations: &str) -> Policy {
    let text =
        format!("referential: cct@alpha-v1\ntoday: 2026-12-01\nattestations:\n{attestations}");
    Policy::from_config_str(&text, "cct.yaml").unwrap()
}

fn one(requirement: &str, valid_until: &str, evidence: &str) -> String {
    format!("  - requirement: {requirement}\n    statement: attested\n    attested_by: {{name: Jeanne Martin, role: RSSI}}\n    date: 2026-01-15\n    valid_until: {valid_until}\n    evidence: [{evidence}]\n")
}

fn status_of(report: &cct_core::Report, id: &str) -> RequirementState {
    report
        .requirements
        .iter()
        .find(|r| r.id == id)
        .unwrap()
        .status
}

#[test]
fn a_valid_attestation_accounts_for_a_manual_requirement() {
    let p = policy(&one("EX1", "2027-01-15", "{ticket: ARCH-1}"));
    let report = check(&[Input::text("pod.yaml", POD)], &p);
    assert_eq!(report.attestations.len(), 1);
    assert_eq!(report.attestations[0].status, AttestationState::Valid);
    assert_eq!(report.attestations[0].line, Some(4));
    assert_eq!(status_of(&report, "EX1"), RequirementState::Attested);
    assert_eq!(
        status_of(&report, "EX2"),
        RequirementState::NeedsAttestation
    );
    assert_eq!(report.attestation_failures(), 0);
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(json["requirements"][0]["status"], "attested");
    assert_eq!(json["attestations"][0]["attested_by"]["role"], "RSSI");
}

#[test]
fn an_expired_attestation_fails_and_leaves_the_requirement_open() {
    let p = policy(&one("EX1", "2026-06-30", "{ticket: ARCH-1}"));
    let report = check(&[Input::text("pod.yaml", POD)], &p);
    assert_eq!(report.attestations[0].status, AttestationState::Expired);
    assert!(report.attestations[0]
        .message
        .as_deref()
        .unwrap()
        .contains("expired on 2026-06-30"));
    assert_eq!(
        status_of(&report, "EX1"),
        RequirementState::NeedsAttestation
    );
    assert_eq!(report.attestation_failures(), 1);
    // `never` does not expire.
    let p = policy(&one("EX1", "never", "{ticket: ARCH-1}"));
    assert_eq!(
        check(&[], &p).attestations[0].status,
        AttestationState::Valid
    );
}

#[test]
fn an_unknown_id_is_reported_with_where_it_belongs() {
    let p = policy(&format!(
        "{}{}",
        one("EX99", "never", ""),
        one("DX-5.2-a", "never", "")
    ));
    let mut p = p;
    p.select = vec![cct_core::profile::RuleSelector {
        referentials: vec!["cct".into()],
        ..Default::default()
    }];
    let report = check(&[], &p);
    let states: Vec<AttestationState> = report.attestations.iter().map(|a| a.status).collect();
    assert_eq!(states, [AttestationState::UnknownRequirement; 2]);
    assert!(report.attestations[0]
        .message
        .as_deref()
        .unwrap()
        .contains("`EX99` is no requirement of cct alpha.V1"));
    assert!(
        report.attestations[1]
            .message
            .as_deref()
            .unwrap()
            .contains("it is a requirement of domino-x"),
        "{:?}",
        report.attestations[1].message
    );
}

#[test]
fn an_automated_requirement_cannot_be_attested_away() {
    let p = policy(&format!(
        "{}{}",
        one("EX32", "never", ""),
        one("EX29", "never", "")
    ));
    let report = check(&[Input::text("pod.yaml", POD)], &p);
    for a in &report.attestations {
        assert_eq!(a.status, AttestationState::Automated, "{}", a.requirement);
    }
    assert!(report.attestations[0]
        .message
        .as_deref()
        .unwrap()
        .contains("kube/run-as-non-root"));
    assert_eq!(status_of(&report, "EX32"), RequirementState::Fail);
    assert_eq!(report.attestation_failures(), 2);
}

#[test]
fn evidence_files_are_checked_by_the_host_only() {
    let p = policy(&one(
        "EX1",
        "never",
        "{file: docs/training.md}, {file: docs/gone.md}, {url: 'https://x.example.fr'}",
    ));
    let mut report = check(&[], &p);
    assert_eq!(
        report.attestations[0].status,
        AttestationState::Valid,
        "no host: files unchecked"
    );
    assert_eq!(report.attestations[0].evidence[0].present, None);
    apply(&mut report, &p, Some(&|f: &str| f == "docs/training.md"));
    let a = &report.attestations[0];
    assert_eq!(a.status, AttestationState::MissingEvidence);
    assert_eq!(a.evidence[0].present, Some(true));
    assert_eq!(a.evidence[1].present, Some(false));
    assert_eq!(a.evidence[2].present, None);
    assert!(a.message.as_deref().unwrap().contains("`docs/gone.md`"));
    assert_eq!(
        status_of(&report, "EX1"),
        RequirementState::NeedsAttestation
    );
    // Applying again with every file present restores the attested status.
    apply(&mut report, &p, Some(&|_: &str| true));
    assert_eq!(report.attestations.len(), 1);
    assert_eq!(status_of(&report, "EX1"), RequirementState::Attested);
}

#[test]
fn attestation_files_are_read_through_the_host() {
    let text =
        "referential: cct@alpha-v1\ntoday: 2026-12-01\nattestation_files: [attest/hosting.yaml]\n";
    let file = one("EX2", "never", "{ticket: HOST-1}");
    let file = file.replacen("  - ", "- ", 1).replace("\n    ", "\n  ");
    let p = Policy::from_config_with(text, "cct.yaml", &mut |path| {
        assert_eq!(path, "attest/hosting.yaml");
        Ok(file.clone())
    })
    .unwrap();
    let report = check(&[], &p);
    assert_eq!(
        report.attestations[0].path.as_deref(),
        Some("attest/hosting.yaml")
    );
    assert_eq!(report.attestations[0].line, Some(1));
    assert_eq!(status_of(&report, "EX2"), RequirementState::Attested);
}

/// Attestations written against the béta (the default version) with ids of an older version.
fn beta_policy(attestations: &str) -> Policy {
    let text = format!("today: 2026-12-01\nattestations:\n{attestations}");
    Policy::from_config_str(&text, "cct.yaml").unwrap()
}

#[test]
fn an_older_id_kept_unchanged_is_attested_as_its_counterpart() {
    // EX1 (alpha) is EXI-G-3 in the béta, the same sentence.
    let report = check(&[], &beta_policy(&one("EX1", "never", "{ticket: ARCH-1}")));
    let a = &report.attestations[0];
    assert_eq!(a.status, AttestationState::Valid, "{:?}", a.message);
    assert_eq!(a.resolved.as_deref(), Some("EXI-G-3"));
    assert_eq!(status_of(&report, "EXI-G-3"), RequirementState::Attested);
    assert!(report.requirements.iter().all(|r| r.id != "EX1"));
}

#[test]
fn an_older_id_split_merged_or_dropped_is_not_attested_for_the_new_text() {
    let report = check(
        &[],
        &beta_policy(&format!(
            "{}{}{}",
            one("EX12", "never", ""),
            one("EX13", "never", ""),
            one("EX18", "never", "")
        )),
    );
    let messages: Vec<&str> = report
        .attestations
        .iter()
        .map(|a| {
            assert_eq!(a.status, AttestationState::UnknownRequirement);
            assert_eq!(a.resolved, None);
            a.message.as_deref().unwrap()
        })
        .collect();
    assert!(
        messages[0].contains("corresponds to `EXI-ORG-7`, `EXI-ORG-13`, `EXI-ORG-15`")
            && messages[0].contains("attest each of them"),
        "{}",
        messages[0]
    );
    assert!(
        messages[1].contains("merged into `EXI-ORG-7`")
            && messages[1].contains("attest `EXI-ORG-7` itself"),
        "{}",
        messages[1]
    );
    assert!(
        messages[2].contains("dropped") && messages[2].contains("remove the attestation"),
        "{}",
        messages[2]
    );
    assert!(
        messages[0].starts_with("`EX12` is a requirement of cct "),
        "{}",
        messages[0]
    );
    assert_eq!(report.attestation_failures(), 3);
    assert_ne!(status_of(&report, "EXI-ORG-7"), RequirementState::Attested);
    for m in messages {
        println!("{m}");
    }
}
