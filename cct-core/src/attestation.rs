//! Attestations: the human evidence for requirements no artefact proves.
//!
//! The CCT asks for things no file shows — a training followed, a hosting
//! choice, a DoS protection, a migration strategy. An attestation in
//! `cct.yaml` (or in a file listed under `attestation_files`) records, for one
//! requirement, a statement, who attests it (name and role), when, until when,
//! and the evidence (a file in the repository, a URL, a ticket).
//!
//! cct checks each one against the report ([`apply`]):
//! - the requirement exists in the referentials the report is judged against
//!   (the chosen CCT version, Domino-X), directly or through the concordance
//!   between versions ([`lookup`]);
//! - the requirement is not one cct can check: a requirement some rule gives
//!   evidence for (or marked `automated`) is proven by the rules or derogated,
//!   never attested away;
//! - the validity date has not passed: an expired attestation fails the
//!   check, as an expired derogation does;
//! - each evidence file exists — the host says so (the CLI looks at the
//!   disk); the core does no I/O, and without a host the files are not checked.
//!
//! A valid attestation turns a `needs-attestation` (or, for a partly
//! automatable requirement no rule covers yet, `not-evaluated`) requirement into
//! `attested`; an attestation that is not valid is listed with the reason and
//! fails the check ([`crate::report::Report::attestation_failures`]).

use serde::{Deserialize, Serialize};

use crate::catalog::{catalog, Catalog};
use crate::policy::Policy;
use crate::report::{ReferentialRef, Report, RequirementState};
use crate::requirement::Automation;

/// The `valid_until` value of an attestation without time limit.
pub const NEVER: &str = "never";

/// An attestation as written in `cct.yaml`.
#[derive(Debug, Clone, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttestationSpec {
    /// The requirement attested (`EX1`, `DX-3.1-a`).
    pub requirement: String,
    /// What is attested, in words the reviewer reads.
    pub statement: String,
    /// Who attests it.
    pub attested_by: Attester,
    /// When it was attested (`YYYY-MM-DD`).
    pub date: String,
    /// Last day it holds (`YYYY-MM-DD`), or `never`.
    pub valid_until: String,
    /// The evidence: files in the repository, URLs, tickets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// Where it was written (file and line), filled in when the configuration is read.
    #[serde(skip)]
    pub origin: Option<(String, u32)>,
}

/// Two attestations are equal when they say the same, wherever they are written.
impl PartialEq for AttestationSpec {
    fn eq(&self, other: &Self) -> bool {
        (
            &self.requirement,
            &self.statement,
            &self.attested_by,
            &self.date,
            &self.valid_until,
            &self.evidence,
        ) == (
            &other.requirement,
            &other.statement,
            &other.attested_by,
            &other.date,
            &other.valid_until,
            &other.evidence,
        )
    }
}

/// The person who attests.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attester {
    /// Their name.
    pub name: String,
    /// Their role (`RSSI`, `product owner`, `hosting architect`).
    pub role: String,
}

/// One piece of evidence: exactly one of `file`, `url`, `ticket`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// A file of the repository, relative to the configuration's folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// A URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// A ticket reference (`ARCH-142`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
    /// Whether the file exists: `None` when no host checked it (or not a file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub present: Option<bool>,
}

impl Evidence {
    /// How many of `file`, `url`, `ticket` are given (a valid entry gives one).
    pub fn given(&self) -> usize {
        [&self.file, &self.url, &self.ticket]
            .iter()
            .filter(|v| v.is_some())
            .count()
    }

    /// `file`, `url` or `ticket`, and its value.
    pub fn describe(&self) -> (&'static str, &str) {
        match (&self.file, &self.url, &self.ticket) {
            (Some(f), _, _) => ("file", f),
            (None, Some(u), _) => ("url", u),
            (None, None, Some(t)) => ("ticket", t),
            (None, None, None) => ("none", ""),
        }
    }
}

/// What cct concluded about one attestation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AttestationState {
    /// It holds: the requirement counts as accounted for.
    Valid,
    /// Its `valid_until` has passed: it fails the check.
    Expired,
    /// An evidence file does not exist: it fails the check.
    MissingEvidence,
    /// The requirement is one cct automates: rules prove it, derogations excuse it; it fails the check.
    Automated,
    /// The requirement is not in the referentials the report is judged against: it fails the check.
    UnknownRequirement,
}

/// One attestation in the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttestationResult {
    /// The requirement as written.
    pub requirement: String,
    /// The requirement it stands for in the report (differs when mapped through the concordance).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<String>,
    /// The referential family of the resolved requirement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referential: Option<String>,
    /// The verdict.
    pub status: AttestationState,
    /// Why it is not valid, for a person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// What is attested.
    pub statement: String,
    /// Who attests it.
    pub attested_by: Attester,
    /// When.
    pub date: String,
    /// Until when (`YYYY-MM-DD` or `never`).
    pub valid_until: String,
    /// The evidence, files marked present or not when checked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// The file it is written in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Its line there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

/// Where an attested id leads in the referentials of a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// The id is a requirement of referential `referential`.
    Found {
        /// Family (`cct`, `domino-x`).
        referential: String,
        /// The id in that referential.
        id: String,
    },
    /// The id is not in any referential of the report.
    Unknown {
        /// Another shipped version holding it, for the message.
        elsewhere: Option<String>,
    },
}

/// Finds the requirement `id` names among `referentials` (the report's).
///
/// This is the one place that resolves an attested id: the referential
/// layer's concordance between CCT versions plugs in here, mapping an id of
/// another version onto the chosen one. With the single version shipped
/// today, the id is looked up directly.
pub fn lookup(catalog: &Catalog, referentials: &[ReferentialRef], id: &str) -> Lookup {
    for r in referentials {
        if let Some(q) = catalog
            .referential(&r.id, &r.version)
            .and_then(|referential| referential.get(id))
        {
            return Lookup::Found {
                referential: r.id.clone(),
                id: q.id.clone(),
            };
        }
    }
    Lookup::Unknown {
        elsewhere: catalog
            .referentials
            .iter()
            .find(|r| r.get(id).is_some())
            .map(|r| format!("{} {}", r.id, r.version)),
    }
}

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
    let today = policy
        .today
        .clone()
        .or_else(crate::date::today_utc);
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
        };
        if id != spec.requirement {
            result.resolved = Some(id.clone());
        }
        result.referential = Some(referential.clone());
        let automation = requirement(catalog, &refs, &referential, &id).map(|q| q.automation);
        let rules: Vec<&str> = catalog
            .rules_for(&id)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::ReferentialRef;

    #[test]
    fn lookup_finds_ids_in_the_report_referentials_only() {
        let c = catalog();
        let refs = vec![ReferentialRef {
            id: "cct".into(),
            version: crate::catalog::DEFAULT_CCT_VERSION.into(),
        }];
        assert!(matches!(lookup(c, &refs, "EX1"), Lookup::Found { .. }));
        assert!(matches!(
            lookup(c, &refs, "DX-5.2-a"),
            Lookup::Unknown { elsewhere: Some(_) }
        ));
        assert!(matches!(
            lookup(c, &refs, "EX999"),
            Lookup::Unknown { elsewhere: None }
        ));
    }
}
