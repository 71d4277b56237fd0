//! Judging the policy's attestations against a report (see the `attestation` module for what
//! an attestation is and the checks made).

use crate::attestation::{lookup, AttestationResult, AttestationState, Evidence, Lookup, NEVER};
use crate::catalog::{catalog, Catalog};
use crate::concordance::{Counterpart, Relation};
use crate::policy::Policy;
use crate::report::{ReferentialRef, Report, RequirementState};
use crate::requirement::Automation;

/// Checks the policy's attestations against `report` and records them in it.
///
/// `file_exists` answers for evidence files (paths as written); `None` leaves
/// them unchecked. Calling it again (the CLI does, with the disk) replaces
/// what an earlier call recorded.
pub fn apply(report: &mut Report, policy: &Policy, file_exists: Option<&dyn Fn(&str) -> bool>) {
    let catalog = catalog();
    let refs = report.referentials.clone();
    for status in &mut report.requirements {
        if status.status == RequirementState::Attested {
            let manual = requirement(catalog, &refs, &status.referential, &status.id)
                .is_some_and(|q| q.automation == Automation::Manual);
            status.status = if manual {
                RequirementState::NeedsAttestation
            } else {
                RequirementState::NotEvaluated
            };
        }
    }
    report.attestations.clear();
    if policy.attestations.is_empty() {
        return;
    }
    let today = policy.today.clone().or_else(crate::date::today_utc);
    for spec in &policy.attestations {
        let evidence: Vec<Evidence> = spec
            .evidence
            .iter()
            .map(|e| Evidence {
                present: match (&e.file, file_exists) {
                    (Some(f), Some(exists)) => Some(exists(f)),
                    _ => None,
                },
                ..e.clone()
            })
            .collect();
        let mut result = AttestationResult {
            requirement: spec.requirement.clone(),
            resolved: None,
            referential: None,
            status: AttestationState::Valid,
            message: None,
            statement: spec.statement.clone(),
            attested_by: spec.attested_by.clone(),
            date: spec.date.clone(),
            valid_until: spec.valid_until.clone(),
            evidence,
            path: spec.origin.as_ref().map(|(p, _)| p.clone()),
            line: spec.origin.as_ref().map(|(_, l)| *l),
        };
        let (referential, id) = match lookup(catalog, &report.referentials, &spec.requirement) {
            Lookup::Found { referential, id } => (referential, id),
            Lookup::Unknown { elsewhere } => {
                let versions: Vec<String> = report
                    .referentials
                    .iter()
                    .map(|r| format!("{} {}", r.id, r.version))
                    .collect();
                let hint = elsewhere
                    .map(|e| format!(" (it is a requirement of {e})"))
                    .unwrap_or_default();
                result.status = AttestationState::UnknownRequirement;
                result.message = Some(format!(
                    "`{}` is no requirement of {}{hint}",
                    spec.requirement,
                    versions.join(" nor ")
                ));
                report.attestations.push(result);
                continue;
            }
            Lookup::Moved {
                from,
                to,
                counterparts,
            } => {
                result.status = AttestationState::UnknownRequirement;
                result.message = Some(moved_message(&spec.requirement, &from, &to, &counterparts));
                report.attestations.push(result);
                continue;
            }
        };
        if id != spec.requirement {
            result.resolved = Some(id.clone());
        }
        result.referential = Some(referential.clone());
        let automation = requirement(catalog, &refs, &referential, &id).map(|q| q.automation);
        let cct_version = report
            .referentials
            .iter()
            .find(|r| r.id == "cct")
            .map_or(crate::catalog::DEFAULT_CCT_VERSION, |r| r.version.as_str());
        let rules: Vec<&str> = catalog
            .rules_citing(&id, cct_version)
            .map(|r| r.id.as_str())
            .chain(
                policy
                    .custom_rules
                    .iter()
                    .filter(|r| r.requirements.contains(&id))
                    .map(|r| r.id.as_str()),
            )
            .collect();
        let missing: Vec<&str> = result
            .evidence
            .iter()
            .filter(|e| e.present == Some(false))
            .filter_map(|e| e.file.as_deref())
            .collect();
        let expired = spec.valid_until != NEVER
            && today
                .as_deref()
                .is_some_and(|t| t > spec.valid_until.as_str());
        if automation == Some(Automation::Automated) || !rules.is_empty() {
            result.status = AttestationState::Automated;
            result.message = Some(format!(
                "`{id}` is checked by cct's rules ({}): it cannot be attested; give cct the inputs those rules read, fix their findings, or derogate them",
                if rules.is_empty() { "its automation is `automated`".to_owned() } else { rules.join(", ") }
            ));
        } else if expired {
            result.status = AttestationState::Expired;
            result.message = Some(format!(
                "the attestation of `{id}` expired on {}: renew it (a new date and `valid_until`)",
                spec.valid_until
            ));
        } else if !missing.is_empty() {
            result.status = AttestationState::MissingEvidence;
            result.message = Some(format!(
                "the attestation of `{id}` names evidence that does not exist: {}",
                missing
                    .iter()
                    .map(|f| format!("`{f}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if result.status == AttestationState::Valid {
            for status in &mut report.requirements {
                if status.id == id
                    && status.referential == referential
                    && matches!(
                        status.status,
                        RequirementState::NeedsAttestation | RequirementState::NotEvaluated
                    )
                {
                    status.status = RequirementState::Attested;
                }
            }
        }
        report.attestations.push(result);
    }
}

/// Requirement `id` of family `family` at the version `refs` name.
fn requirement<'c>(
    catalog: &'c Catalog,
    refs: &[ReferentialRef],
    family: &str,
    id: &str,
) -> Option<&'c crate::requirement::Requirement> {
    refs.iter()
        .find(|r| r.id == family)
        .and_then(|r| catalog.referential(&r.id, &r.version))
        .and_then(|r| r.get(id))
}

/// Why an attestation of `id` (a requirement of version `from`) cannot stand for a requirement
/// of `to`, and what to attest instead.
fn moved_message(id: &str, from: &str, to: &str, counterparts: &[Counterpart]) -> String {
    let quoted = |ids: &[String]| {
        ids.iter()
            .map(|i| format!("`{i}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let ids: Vec<String> = counterparts.iter().flat_map(|c| c.ids.clone()).collect();
    let relation = counterparts.first().and_then(|c| c.relation);
    let why = counterparts
        .first()
        .map(|c| c.why.trim_end_matches('.'))
        .unwrap_or_default();
    let head = format!("`{id}` is a requirement of {from}, not of {to}, the version judged");
    match (relation, ids.as_slice()) {
        (None, _) => format!("{head}; {to} has no counterpart for it ({why})"),
        (Some(Relation::Dropped), _) | (_, []) => {
            format!("{head}; it was dropped and has no counterpart there ({why}): remove the attestation")
        }
        (Some(Relation::Merged), [one]) => format!(
            "{head}; it was merged into `{one}`, whose text asks for more ({why}): attest `{one}` itself"
        ),
        (_, [one]) => format!("{head}; it corresponds to `{one}` there ({why}): attest `{one}`"),
        (_, many) => format!(
            "{head}; it corresponds to {} there ({why}): attest each of them that applies",
            quoted(many)
        ),
    }
}
