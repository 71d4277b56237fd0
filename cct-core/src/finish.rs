//! The end of every check: collected findings become a sorted report, derogations applied,
//! with each requirement's status.

use crate::artefact::ArtefactKind;
use crate::catalog::{Catalog, CCT, DOMINO_X};
use crate::date::today_utc;
use crate::derogation::{apply, Suppression};
use crate::policy::Policy;
use crate::report::{
    Finding, InputError, InputStatus, InputSummary, ReferentialRef, Report, RequirementState,
    RequirementStatus, Summary, REPORT_FORMAT_VERSION,
};
use crate::requirement::Automation;
use crate::sink::Sink;

/// Turns collected findings into a sorted report with per-requirement status.
pub fn finish(
    sink: Sink<'_>,
    inputs: Vec<InputSummary>,
    errors: Vec<InputError>,
    policy: &Policy,
) -> Report {
    finish_with(sink, inputs, errors, policy, &[])
}

/// [`finish`], also applying inline suppressions read from the inputs (the policy's derogations are always applied).
pub fn finish_with(
    sink: Sink<'_>,
    mut inputs: Vec<InputSummary>,
    mut errors: Vec<InputError>,
    policy: &Policy,
    suppressions: &[Suppression],
) -> Report {
    let catalog = sink.catalog();
    let kinds = sink.kinds().clone();
    let never_judged = sink.never_judged();
    let mut findings = sink.into_findings();
    let today = policy.today.clone().or_else(today_utc);
    apply(&mut findings, &policy.derogations, today, suppressions);
    sort_findings(&mut findings);
    inputs.sort_by(|a, b| a.path.cmp(&b.path));
    errors.sort();

    let mut summary = Summary {
        inputs: inputs.len(),
        evaluated: inputs
            .iter()
            .filter(|i| i.status == InputStatus::Evaluated)
            .count(),
        skipped: inputs
            .iter()
            .filter(|i| i.status == InputStatus::Skipped)
            .count(),
        errors: inputs
            .iter()
            .filter(|i| i.status == InputStatus::Error)
            .count(),
        ..Summary::default()
    };
    for f in &findings {
        if !f.counts() {
            summary.derogated += 1;
            continue;
        }
        match f.severity {
            crate::report::Severity::Error => summary.error += 1,
            crate::report::Severity::Warning => summary.warning += 1,
            crate::report::Severity::Info => summary.info += 1,
        }
    }

    let (referentials, mut requirements) =
        requirement_statuses(catalog, policy, &kinds, &never_judged, &findings);
    for status in &mut requirements {
        status.inputs = evidence_inputs(catalog, policy, &status.rules, &inputs);
    }
    let mut report = Report {
        format: REPORT_FORMAT_VERSION.to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        referentials,
        profile: policy.profile.clone(),
        summary,
        inputs,
        findings,
        errors,
        requirements,
        baseline: None,
        attestations: Vec::new(),
    };
    crate::attest::apply(&mut report, policy, None);
    report
}

/// The evaluated inputs of the kinds `rules` read.
fn evidence_inputs(
    catalog: &Catalog,
    policy: &Policy,
    rules: &[String],
    inputs: &[InputSummary],
) -> Vec<String> {
    let kind_of = |id: &String| {
        catalog.rule(id).map(|r| r.kind).or_else(|| {
            policy
                .custom_rules
                .iter()
                .find(|r| &r.id == id)
                .map(|r| r.kind)
        })
    };
    let kinds: std::collections::BTreeSet<ArtefactKind> =
        rules.iter().filter_map(kind_of).collect();
    inputs
        .iter()
        .filter(|i| {
            i.status == InputStatus::Evaluated && i.kind.is_some_and(|k| kinds.contains(&k))
        })
        .map(|i| i.path.clone())
        .collect()
}

/// Sorts findings into the report's stable order.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (
            &a.location.path,
            a.location.document,
            a.location.line,
            a.location.column,
            &a.rule,
            &a.location.pointer,
            &a.message,
        )
            .cmp(&(
                &b.location.path,
                b.location.document,
                b.location.line,
                b.location.column,
                &b.rule,
                &b.location.pointer,
                &b.message,
            ))
    });
}

fn requirement_statuses(
    catalog: &Catalog,
    policy: &Policy,
    kinds: &std::collections::BTreeSet<ArtefactKind>,
    never_judged: &std::collections::BTreeSet<&'static str>,
    findings: &[Finding],
) -> (Vec<ReferentialRef>, Vec<RequirementStatus>) {
    let referentials: Vec<_> = [
        catalog.referential(CCT, &policy.cct_version),
        catalog.referentials.iter().rfind(|r| r.id == DOMINO_X),
    ]
    .into_iter()
    .flatten()
    .filter(|r| policy.referential_in_scope(&r.id))
    .collect();
    let refs = referentials
        .iter()
        .map(|r| ReferentialRef {
            id: r.id.clone(),
            version: r.version.clone(),
        })
        .collect();
    // Findings by requirement: (how many, whether one counts), in one pass over the findings.
    let mut against_by_id: std::collections::HashMap<&str, (usize, bool)> =
        std::collections::HashMap::new();
    for finding in findings {
        for (i, id) in finding.requirements.iter().enumerate() {
            if finding.requirements[..i].contains(id) {
                continue;
            }
            let entry = against_by_id.entry(id.as_str()).or_default();
            entry.0 += 1;
            entry.1 |= finding.counts();
        }
    }
    let mut statuses = Vec::new();
    for referential in referentials {
        for requirement in &referential.requirements {
            let mut rules: Vec<String> = catalog
                .rules_citing(&requirement.id, &policy.cct_version)
                .filter(|r| {
                    kinds.contains(&r.kind)
                        && policy.enabled(r)
                        && !never_judged.contains(r.id.as_str())
                })
                .map(|r| r.id.clone())
                .collect();
            rules.extend(
                policy
                    .custom_rules
                    .iter()
                    .filter(|r| {
                        catalog
                            .translate(&r.requirements, &policy.cct_version)
                            .contains(&requirement.id)
                            && kinds.contains(&r.kind)
                            && policy.custom_enabled(r)
                    })
                    .map(|r| r.id.clone()),
            );
            let (against, counts) = against_by_id
                .get(requirement.id.as_str())
                .copied()
                .unwrap_or_default();
            let status = if counts {
                RequirementState::Fail
            } else if against > 0 {
                RequirementState::Derogated
            } else if !rules.is_empty() {
                RequirementState::Pass
            } else if requirement.automation == Automation::Manual {
                RequirementState::NeedsAttestation
            } else {
                RequirementState::NotEvaluated
            };
            statuses.push(RequirementStatus {
                id: requirement.id.clone(),
                referential: referential.id.clone(),
                status,
                rules,
                findings: against,
                inputs: Vec::new(),
            });
        }
    }
    (refs, statuses)
}
