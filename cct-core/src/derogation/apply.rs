//! Derogations applied to a report's findings, after evaluation.

use globset::GlobMatcher;

use super::spec::{DerogationSpec, Suppression};
use crate::report::{Derogation, Finding};

/// Marks the findings covered by one of `derogations` (the policy's) or by an inline suppression;
/// `today` is the date expiries are judged against.
///
/// A live derogation (expiry not passed) wins over an expired one; among
/// expired ones the latest expiry is kept and the finding's message says
/// since when it counts again. Without a date (`policy.today` unset on a
/// platform with no clock) no derogation is considered expired.
pub fn apply(
    findings: &mut [Finding],
    derogations: &[DerogationSpec],
    today: Option<String>,
    suppressions: &[Suppression],
) {
    let specs: Vec<(&DerogationSpec, Vec<GlobMatcher>)> = derogations
        .iter()
        .filter_map(|d| d.path_matchers().ok().map(|m| (d, m)))
        .collect();
    for finding in findings.iter_mut() {
        if let Some(s) = suppressions.iter().find(|s| s.covers(finding)) {
            finding.derogation = Some(Derogation {
                justification: s.reason.clone(),
                granted_by: None,
                expires: None,
                expired: false,
                origin: "annotation".to_owned(),
            });
            continue;
        }
        let mut best: Option<(&DerogationSpec, bool)> = None;
        for (spec, paths) in &specs {
            if !spec.covers(finding, paths) {
                continue;
            }
            let expired = match (spec.expiry(), &today) {
                (Some(expiry), Some(today)) => today.as_str() > expiry,
                _ => false,
            };
            best = match best {
                None => Some((spec, expired)),
                Some((_, true)) if !expired => Some((spec, expired)),
                Some((b, true)) if expired && spec.expires > b.expires => Some((spec, expired)),
                keep => keep,
            };
            if !expired {
                break;
            }
        }
        if let Some((spec, expired)) = best {
            if expired {
                finding.message = format!(
                    "{} (derogation granted by {} expired on {}: this counts again)",
                    finding.message, spec.granted_by, spec.expires
                );
            }
            finding.derogation = Some(Derogation {
                justification: spec.justification.clone(),
                granted_by: Some(spec.granted_by.clone()),
                expires: spec.expiry().map(str::to_owned),
                expired,
                origin: "config".to_owned(),
            });
        }
    }
}

/// The derogations (a policy's) that cover no finding of `report`, with their
/// index in `derogations`: stale entries to remove, or scopes written
/// wrong (the CLI can print them as warnings; they never fail a check).
pub fn unused<'p>(
    report: &crate::report::Report,
    derogations: &'p [DerogationSpec],
) -> Vec<(usize, &'p DerogationSpec)> {
    derogations
        .iter()
        .enumerate()
        .filter(|(_, spec)| {
            let Ok(paths) = spec.path_matchers() else {
                return true;
            };
            !report.findings.iter().any(|f| spec.covers(f, &paths))
        })
        .collect()
}
