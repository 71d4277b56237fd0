//! Attestations: the human evidence for requirements no artefact proves.
//!
//! The CCT asks for things no file shows — a training followed, a hosting
//! choice, a DoS protection, a migration strategy. An attestation in
//! `cct.yaml` (or in a file listed under `attestation_files`) records, for one
//! requirement, a statement, who attests it (name and role), when, until when,
//! and the evidence (a file in the repository, a URL, a ticket).
//!
//! cct checks each one against the report (`attest::apply`):
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

use crate::catalog::{Catalog, CCT};
use crate::concordance::{Counterpart, Relation};
use crate::report::ReferentialRef;
pub use crate::report::{AttestationResult, AttestationState, Attester, Evidence};

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
    /// The id is a requirement of another CCT version whose counterpart in the report's version
    /// is not that one requirement unchanged or reworded: split, merged, dropped or new.
    Moved {
        /// The version holding the id as written (`cct alpha.V1`).
        from: String,
        /// The report's CCT version (`cct béta 23.06.2024`).
        to: String,
        /// What it corresponds to there, from the concordance.
        counterparts: Vec<Counterpart>,
    },
}

/// Finds the requirement `id` names among `referentials` (the report's).
///
/// This is the one place that resolves an attested id. An id of the report's
/// referentials is found as written. An id of another CCT version goes through
/// the concordance between versions (from the newest version holding it): a
/// requirement kept `same` or `reworded` as exactly one requirement of the
/// report's version is found as that one; anything else (split, merged,
/// dropped, new) is [`Lookup::Moved`], since one attestation of the old text
/// would not prove the new one.
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
    if let Some(moved) = through_concordance(catalog, referentials, id) {
        return moved;
    }
    Lookup::Unknown {
        elsewhere: catalog
            .referentials
            .iter()
            .find(|r| r.get(id).is_some())
            .map(|r| format!("{} {}", r.id, r.version)),
    }
}

/// [`lookup`] of an id of another CCT version than the report's, through the concordance.
fn through_concordance(
    catalog: &Catalog,
    referentials: &[ReferentialRef],
    id: &str,
) -> Option<Lookup> {
    let to = referentials
        .iter()
        .filter(|r| r.id == CCT)
        .find_map(|r| catalog.referential(&r.id, &r.version))?;
    let mut holding: Vec<&crate::requirement::Referential> = catalog
        .referentials
        .iter()
        .filter(|v| v.id == CCT && v.key != to.key && v.get(id).is_some())
        .collect();
    // The newest version holding the id is the one its author most likely read.
    holding.sort_by(|a, b| b.date.cmp(&a.date));
    let (from, counterparts) = holding.into_iter().find_map(|from| {
        let found = catalog.concordance.counterparts(&from.key, id, &to.key)?;
        Some((from, found))
    })?;
    if let [one] = counterparts.as_slice() {
        if let ([target], Some(Relation::Same | Relation::Reworded)) =
            (one.ids.as_slice(), one.relation)
        {
            if let Some(q) = to.get(target) {
                return Some(Lookup::Found {
                    referential: CCT.to_owned(),
                    id: q.id.clone(),
                });
            }
        }
    }
    Some(Lookup::Moved {
        from: format!("{} {}", from.id, from.version),
        to: format!("{} {}", to.id, to.version),
        counterparts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::catalog;

    #[test]
    fn lookup_finds_ids_in_the_report_referentials_only() {
        let c = catalog();
        let refs = vec![ReferentialRef {
            id: "cct".into(),
            version: "alpha.V1".into(),
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
