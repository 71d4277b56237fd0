//! What changed in conformity between two reports: the line a merge-request comment needs.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::attestation::AttestationState;
use crate::format::{accounted, state_name};
use crate::report::{Report, RequirementState};

/// One requirement whose status changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// Requirement id.
    pub id: String,
    /// Referential family.
    pub referential: String,
    /// Status before (`None`: not in the old report).
    pub before: Option<RequirementState>,
    /// Status after.
    pub after: RequirementState,
}

/// The differences between an old and a new report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConformityDiff {
    /// Requirements accounted for before (or absent) and failing or open now.
    pub newly_failing: Vec<Change>,
    /// Requirements failing or open before and accounted for now.
    pub newly_passing: Vec<Change>,
    /// Other status changes (`pass` → `derogated`, `needs-attestation` → `not-evaluated`…).
    pub changed: Vec<Change>,
    /// Attestations expired in the new report that were not expired in the old one: requirement ids.
    pub expired_attestations: Vec<String>,
}

impl ConformityDiff {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.newly_failing.is_empty()
            && self.newly_passing.is_empty()
            && self.changed.is_empty()
            && self.expired_attestations.is_empty()
    }
}

/// Compares `old` with `new`, requirement by requirement.
pub fn diff(old: &Report, new: &Report) -> ConformityDiff {
    let mut out = ConformityDiff::default();
    for n in &new.requirements {
        let before = old
            .requirements
            .iter()
            .find(|o| o.id == n.id && o.referential == n.referential)
            .map(|o| o.status);
        if before == Some(n.status) {
            continue;
        }
        let change = Change {
            id: n.id.clone(),
            referential: n.referential.clone(),
            before,
            after: n.status,
        };
        let was = before.is_some_and(accounted);
        let is = accounted(n.status);
        if n.status == RequirementState::Fail || (was && !is) {
            out.newly_failing.push(change);
        } else if is && !was {
            out.newly_passing.push(change);
        } else {
            out.changed.push(change);
        }
    }
    let expired = |r: &Report| -> Vec<String> {
        r.attestations
            .iter()
            .filter(|a| a.status == AttestationState::Expired)
            .map(|a| a.resolved.clone().unwrap_or_else(|| a.requirement.clone()))
            .collect()
    };
    let before = expired(old);
    out.expired_attestations = expired(new)
        .into_iter()
        .filter(|id| !before.contains(id))
        .collect();
    out
}

/// The diff as Markdown, for a merge-request comment.
pub fn diff_markdown(d: &ConformityDiff) -> String {
    let mut md = String::from("### Conformity changes\n\n");
    if d.is_empty() {
        md.push_str("No requirement changed status.\n");
        return md;
    }
    let state = |s: Option<RequirementState>| s.map_or("absent", state_name);
    for (title, list) in [
        ("Newly failing", &d.newly_failing),
        ("Newly accounted for", &d.newly_passing),
        ("Other changes", &d.changed),
    ] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(md, "**{title}** ({}):\n", list.len());
        for c in list {
            let _ = writeln!(
                md,
                "- `{}`: {} → {}",
                c.id,
                state(c.before),
                state_name(c.after)
            );
        }
        md.push('\n');
    }
    if !d.expired_attestations.is_empty() {
        let ids: Vec<String> = d
            .expired_attestations
            .iter()
            .map(|i| format!("`{i}`"))
            .collect();
        let _ = writeln!(md, "**Expired attestations**: {}\n", ids.join(", "));
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{check, Input, Policy};

    #[test]
    fn a_fixed_manifest_passes_and_a_broken_one_fails() {
        let good = include_str!("../../tests/fixtures/dockerfile/non-root-user/good.Dockerfile");
        let bad = include_str!("../../tests/fixtures/dockerfile/non-root-user/bad.Dockerfile");
        let old = check(&[Input::text("Dockerfile", good)], &Policy::default());
        let new = check(&[Input::text("Dockerfile", bad)], &Policy::default());
        let d = diff(&old, &new);
        assert!(d
            .newly_failing
            .iter()
            .any(|c| c.id == "EXI-ARCH-18" && c.after == RequirementState::Fail));
        let back = diff(&new, &old);
        assert!(back.newly_passing.iter().any(|c| c.id == "EXI-ARCH-18"));
        assert!(diff(&old, &old).is_empty());
        assert!(diff_markdown(&d).contains("`EXI-ARCH-18`: pass → fail"));
    }
}
